//! DFC (Data Food Consortium): catalogs and sale sessions in the JSON-LD the field exchanges
//! today — the **1.16.0 context**, as `@datafoodconsortium/connector` 1.0.0-beta.2 (the
//! consortium's own TypeScript connector) reads and writes it. Ontology 2.0.0 (Nov 2025)
//! renamed namespaces the connectors of today do not read yet; the version lives in the
//! constants below, one place to change.
//!
//! Two layers:
//! - **nodes** ([`Node`]): a compact DFC document as a list of subjects with their
//!   properties, read from and written to JSON-LD with the 1.16.0 context's prefixes. Reading
//!   refuses what is not DFC (a property outside the DFC prefixes and JSON-LD keywords, named
//!   with its place in the document) and documents larger or deeper than a catalog gets;
//! - **catalog** ([`CatalogEntry`]): what Bayanihan reads of a supplier's catalog (a product's
//!   name, description, quantity per unit, an offer's price and stock) and what it writes
//!   (an Enterprise with its Catalog, CatalogItems, SuppliedProducts and Offers with Prices,
//!   and a SaleSession for an open cycle).
//!
//! What the connector needs, found by trying it: every subject an absolute IRI, prices and
//! quantities blank nodes with labels of their own, numbers as strings.

use std::collections::BTreeMap;

use serde_json::{json, Map, Value};

/// The context every document names (the connector has this one offline).
pub const CONTEXT: &str =
    "https://www.datafoodconsortium.org/wp-content/plugins/wordpress-context-jsonld/context_1.16.0.jsonld";

/// The prefixes of the 1.16.0 context, with the namespaces they stand for.
pub const PREFIXES: [(&str, &str); 6] = [
    ("dfc-b", "https://github.com/datafoodconsortium/ontology/releases/latest/download/DFC_BusinessOntology.owl#"),
    ("dfc-t", "https://github.com/datafoodconsortium/ontology/releases/latest/download/DFC_TechnicalOntology.owl#"),
    ("dfc-m", "https://github.com/datafoodconsortium/taxonomies/releases/latest/download/measures.rdf#"),
    ("dfc-pt", "https://github.com/datafoodconsortium/taxonomies/releases/latest/download/productTypes.rdf#"),
    ("dfc-f", "https://github.com/datafoodconsortium/taxonomies/releases/latest/download/facets.rdf#"),
    ("dfc-v", "https://github.com/datafoodconsortium/taxonomies/releases/latest/download/vocabulary.rdf#"),
];

/// The most subjects a document may hold.
pub const MAX_NODES: usize = 20_000;
/// The deepest nesting of objects read.
const MAX_DEPTH: usize = 8;
/// The longest text value read.
const MAX_TEXT: usize = 10_000;

/// A value of a property: a reference to another subject, or a literal.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Term {
    /// An IRI or a blank node label (`_:b1`), compacted to its prefix where one fits.
    Ref(String),
    Literal(String),
}

impl Term {
    pub fn as_str(&self) -> &str {
        match self {
            Term::Ref(s) | Term::Literal(s) => s,
        }
    }
}

/// A subject of a DFC document.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Node {
    pub id: String,
    /// Compact types, e.g. `dfc-b:Offer`.
    pub types: Vec<String>,
    /// Compact property (`dfc-b:name`) → values, in the order read.
    pub props: BTreeMap<String, Vec<Term>>,
}

impl Node {
    fn new(id: impl Into<String>, ty: &str) -> Node {
        Node {
            id: id.into(),
            types: vec![ty.to_string()],
            props: BTreeMap::new(),
        }
    }

    fn set(mut self, prop: &str, value: Term) -> Node {
        self.props.entry(prop.to_string()).or_default().push(value);
        self
    }

    fn refs(mut self, prop: &str, ids: impl IntoIterator<Item = String>) -> Node {
        for id in ids {
            self = self.set(prop, Term::Ref(id));
        }
        self
    }

    /// Whether the node is of a `dfc-b` type.
    pub fn is(&self, ty: &str) -> bool {
        self.types.iter().any(|t| t == &format!("dfc-b:{ty}"))
    }

    /// The first value of a `dfc-b` property.
    pub fn get(&self, prop: &str) -> Option<&Term> {
        self.props.get(&format!("dfc-b:{prop}"))?.first()
    }

    pub fn all(&self, prop: &str) -> &[Term] {
        self.props
            .get(&format!("dfc-b:{prop}"))
            .map_or(&[], Vec::as_slice)
    }
}

/// Why a document was refused, with the place in it (`@graph[3].dfc-b:name`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{place}: {reason}")]
pub struct Refused {
    pub place: String,
    pub reason: String,
}

fn refuse(place: &str, reason: impl Into<String>) -> Refused {
    Refused {
        place: if place.is_empty() {
            "the document".into()
        } else {
            place.to_string()
        },
        reason: reason.into(),
    }
}

/// An IRI or compact IRI in its compact form (`dfc-b:Offer` for the full business
/// ontology IRI), or `None` when it names no DFC term.
fn compact(iri: &str) -> Option<String> {
    if let Some((prefix, rest)) = iri.split_once(':') {
        if PREFIXES.iter().any(|(p, _)| *p == prefix) && !rest.starts_with("//") {
            return Some(iri.to_string());
        }
    }
    PREFIXES
        .iter()
        .find_map(|(p, ns)| iri.strip_prefix(ns).map(|rest| format!("{p}:{rest}")))
}

/// Reads a DFC document: one subject, a `@graph` of them, or an array; nested subjects are
/// taken out as subjects of their own (the reference left in their place).
pub fn read(doc: &Value) -> Result<Vec<Node>, Refused> {
    let mut nodes = Vec::new();
    let top = match doc {
        Value::Object(o) => {
            match o.get("@context") {
                None => {}
                Some(Value::String(c)) if c == CONTEXT => {}
                Some(other) => {
                    return Err(refuse(
                        "@context",
                        format!("must be the DFC 1.16.0 context ({CONTEXT}), not {other}"),
                    ))
                }
            }
            match o.get("@graph") {
                Some(Value::Array(items)) => items
                    .iter()
                    .enumerate()
                    .map(|(i, v)| (format!("@graph[{i}]"), v))
                    .collect::<Vec<_>>(),
                Some(_) => return Err(refuse("@graph", "must be a list of subjects")),
                None => vec![(String::new(), doc)],
            }
        }
        Value::Array(items) => items
            .iter()
            .enumerate()
            .map(|(i, v)| (format!("[{i}]"), v))
            .collect(),
        _ => {
            return Err(refuse(
                "",
                "is not a JSON-LD document (an object or a list)",
            ))
        }
    };
    let mut blank = 0usize;
    for (place, v) in top {
        subject(v, &place, 0, &mut nodes, &mut blank)?;
    }
    Ok(nodes)
}

fn subject(
    v: &Value,
    place: &str,
    depth: usize,
    out: &mut Vec<Node>,
    blank: &mut usize,
) -> Result<String, Refused> {
    if depth > MAX_DEPTH {
        return Err(refuse(place, "nests deeper than a catalog does"));
    }
    let Value::Object(o) = v else {
        return Err(refuse(place, "is not a subject (an object)"));
    };
    let id = match o.get("@id") {
        Some(Value::String(s)) if !s.is_empty() => s.clone(),
        Some(_) => return Err(refuse(&format!("{place}.@id"), "must be an IRI")),
        None => {
            *blank += 1;
            format!("_:n{blank}")
        }
    };
    let mut node = Node {
        id: id.clone(),
        ..Default::default()
    };
    for (key, value) in o {
        let at = if place.is_empty() {
            key.clone()
        } else {
            format!("{place}.{key}")
        };
        match key.as_str() {
            "@context" | "@id" => {}
            "@type" => {
                let types: Vec<&Value> = match value {
                    Value::Array(a) => a.iter().collect(),
                    v => vec![v],
                };
                for t in types {
                    let t = t
                        .as_str()
                        .ok_or_else(|| refuse(&at, "must be a type name"))?;
                    node.types.push(
                        compact(t)
                            .ok_or_else(|| refuse(&at, format!("\"{t}\" is not a DFC type")))?,
                    );
                }
            }
            k if k.starts_with('@') => {
                return Err(refuse(
                    &at,
                    "is a JSON-LD keyword a DFC catalog does not use",
                ))
            }
            k => {
                let prop = compact(k).ok_or_else(|| {
                    refuse(
                        &at,
                        "is not a DFC term (dfc-b:, dfc-m:, dfc-pt:, dfc-f:, dfc-t:, dfc-v:)",
                    )
                })?;
                let values: Vec<&Value> = match value {
                    Value::Array(a) => a.iter().collect(),
                    v => vec![v],
                };
                for (i, v) in values.into_iter().enumerate() {
                    let at = format!("{at}[{i}]");
                    let term = match v {
                        Value::String(s) => {
                            if s.len() > MAX_TEXT {
                                return Err(refuse(&at, "is longer than 10,000 characters"));
                            }
                            // The context makes object properties `@id`s: a string there is a
                            // reference (compacted where a prefix fits).
                            if looks_like_ref(s) {
                                Term::Ref(compact(s).unwrap_or_else(|| s.clone()))
                            } else {
                                Term::Literal(s.clone())
                            }
                        }
                        Value::Number(n) => Term::Literal(n.to_string()),
                        Value::Bool(b) => Term::Literal(b.to_string()),
                        Value::Object(inner) if inner.len() == 1 && inner.contains_key("@id") => {
                            let s = inner["@id"]
                                .as_str()
                                .ok_or_else(|| refuse(&at, "@id must be an IRI"))?;
                            Term::Ref(compact(s).unwrap_or_else(|| s.to_string()))
                        }
                        Value::Object(inner) if inner.contains_key("@value") => {
                            let s = match &inner["@value"] {
                                Value::String(s) => s.clone(),
                                Value::Number(n) => n.to_string(),
                                Value::Bool(b) => b.to_string(),
                                _ => return Err(refuse(&at, "@value must be a literal")),
                            };
                            Term::Literal(s)
                        }
                        Value::Object(_) => Term::Ref(subject(v, &at, depth + 1, out, blank)?),
                        _ => return Err(refuse(&at, "is not a value DFC takes")),
                    };
                    node.props.entry(prop.clone()).or_default().push(term);
                }
            }
        }
    }
    if out.len() >= MAX_NODES {
        return Err(refuse(
            place,
            format!("more than {MAX_NODES} subjects: split the catalog"),
        ));
    }
    out.push(node);
    Ok(id)
}

fn looks_like_ref(s: &str) -> bool {
    s.starts_with("_:")
        || s.starts_with("http://")
        || s.starts_with("https://")
        || PREFIXES
            .iter()
            .any(|(p, _)| s.starts_with(&format!("{p}:")))
}

/// Writes nodes as a compact DFC document (`@graph`, subjects by id, blank nodes first as
/// the connector writes them).
pub fn write(nodes: &[Node]) -> Value {
    let mut sorted: Vec<&Node> = nodes.iter().collect();
    sorted.sort_by(|a, b| (!a.id.starts_with("_:"), &a.id).cmp(&(!b.id.starts_with("_:"), &b.id)));
    let graph: Vec<Value> = sorted
        .into_iter()
        .map(|n| {
            let mut o = Map::new();
            o.insert("@id".into(), json!(n.id));
            o.insert(
                "@type".into(),
                if n.types.len() == 1 {
                    json!(n.types[0])
                } else {
                    json!(n.types)
                },
            );
            for (k, vs) in &n.props {
                let vals: Vec<Value> = vs.iter().map(|t| json!(t.as_str())).collect();
                o.insert(
                    k.clone(),
                    if vals.len() == 1 {
                        vals.into_iter().next().unwrap_or(Value::Null)
                    } else {
                        Value::Array(vals)
                    },
                );
            }
            Value::Object(o)
        })
        .collect();
    json!({ "@context": CONTEXT, "@graph": graph })
}

/// A unit a quantity is counted in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Kilogram,
    Gram,
    Litre,
    Piece,
}

impl Unit {
    pub fn term(self) -> &'static str {
        match self {
            Unit::Kilogram => "dfc-m:Kilogram",
            Unit::Gram => "dfc-m:Gram",
            Unit::Litre => "dfc-m:Litre",
            Unit::Piece => "dfc-m:Piece",
        }
    }

    fn parse(t: &str) -> Option<Unit> {
        match t {
            "dfc-m:Kilogram" => Some(Unit::Kilogram),
            "dfc-m:Gram" => Some(Unit::Gram),
            "dfc-m:Litre" => Some(Unit::Litre),
            "dfc-m:Piece" => Some(Unit::Piece),
            _ => None,
        }
    }
}

/// A currency as DFC names it: the five of its measures list as `dfc-m:` terms, any other by
/// its QUDT IRI (which DFC's own currencies are defined by), e.g.
/// `http://qudt.org/vocab/currency/PHP` — the measures list has no peso, rupiah, ringgit,
/// yen or rupee.
pub fn currency_term(code: &str) -> String {
    match code {
        "EUR" => "dfc-m:Euro".into(),
        "USD" => "dfc-m:USDollar".into(),
        "GBP" => "dfc-m:PoundSterling".into(),
        "AUD" => "dfc-m:AustralianDollar".into(),
        "CAD" => "dfc-m:CanadianDollar".into(),
        other => format!("http://qudt.org/vocab/currency/{other}"),
    }
}

/// The ISO 4217 code of a DFC currency term.
pub fn currency_code(term: &str) -> Option<String> {
    let code = match term {
        "dfc-m:Euro" => "EUR",
        "dfc-m:USDollar" => "USD",
        "dfc-m:PoundSterling" => "GBP",
        "dfc-m:AustralianDollar" => "AUD",
        "dfc-m:CanadianDollar" => "CAD",
        t => t.strip_prefix("http://qudt.org/vocab/currency/")?,
    };
    (code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase())).then(|| code.to_string())
}

/// One product of a catalog, with its offer when it has one.
#[derive(Debug, Clone, PartialEq)]
pub struct CatalogEntry {
    /// The SuppliedProduct's id (an absolute IRI).
    pub product_id: String,
    pub name: String,
    pub description: Option<String>,
    /// How much one unit holds, e.g. (5, Kilogram) for a 5 kg bag.
    pub quantity: Option<(String, Unit)>,
    pub sku: Option<String>,
    /// Units on offer (the CatalogItem's or Offer's stock limitation).
    pub stock: Option<String>,
    /// (price per unit as a decimal, ISO 4217 code).
    pub price: Option<(String, String)>,
}

/// What a writer gives for an enterprise's catalog.
#[derive(Debug, Clone)]
pub struct CatalogOut<'a> {
    /// The base of every id, e.g. `https://b.example/api/v1/dfc/enterprises/{id}`.
    pub base: &'a str,
    pub enterprise_name: &'a str,
    pub enterprise_description: Option<&'a str>,
    /// (entry, the key that names its item and offer in ids).
    pub entries: Vec<(CatalogEntry, String)>,
}

/// An enterprise with its catalog: Enterprise, Catalog, and for each entry a CatalogItem,
/// a SuppliedProduct (with its quantity) and, when priced, an Offer with its Price. Returns
/// the nodes and the offers' ids.
pub fn catalog_nodes(c: &CatalogOut<'_>) -> (Vec<Node>, Vec<String>) {
    let enterprise = c.base.to_string();
    let catalog = format!("{}/catalog", c.base);
    let mut nodes = Vec::new();
    let mut items = Vec::new();
    let mut products = Vec::new();
    let mut offers = Vec::new();
    for (i, (e, key)) in c.entries.iter().enumerate() {
        let item = format!("{}/catalog-items/{key}", c.base);
        let offer = format!("{}/offers/{key}", c.base);
        let mut p = Node::new(e.product_id.clone(), "dfc-b:SuppliedProduct")
            .set("dfc-b:name", Term::Literal(e.name.clone()))
            .set("dfc-b:referencedBy", Term::Ref(item.clone()));
        if let Some(d) = &e.description {
            p = p.set("dfc-b:description", Term::Literal(d.clone()));
        }
        if let Some((value, unit)) = &e.quantity {
            let q = format!("_:q{}", i + 1);
            nodes.push(
                Node::new(q.clone(), "dfc-b:QuantitativeValue")
                    .set("dfc-b:hasUnit", Term::Ref(unit.term().into()))
                    .set("dfc-b:value", Term::Literal(value.clone())),
            );
            p = p.set("dfc-b:hasQuantity", Term::Ref(q));
        }
        nodes.push(p);
        let mut it = Node::new(item.clone(), "dfc-b:CatalogItem")
            .set("dfc-b:references", Term::Ref(e.product_id.clone()))
            .set("dfc-b:listedIn", Term::Ref(catalog.clone()));
        if let Some(s) = &e.sku {
            it = it.set("dfc-b:sku", Term::Literal(s.clone()));
        }
        if let Some(s) = &e.stock {
            it = it.set("dfc-b:stockLimitation", Term::Literal(s.clone()));
        }
        if let Some((value, currency)) = &e.price {
            let price = format!("_:p{}", i + 1);
            nodes.push(
                Node::new(price.clone(), "dfc-b:Price")
                    .set("dfc-b:value", Term::Literal(value.clone()))
                    .set("dfc-b:hasUnit", Term::Ref(currency_term(currency)))
                    .set("dfc-b:VATrate", Term::Literal("0".into())),
            );
            let mut o = Node::new(offer.clone(), "dfc-b:Offer")
                .set("dfc-b:offeredItem", Term::Ref(item.clone()))
                .set("dfc-b:hasPrice", Term::Ref(price));
            if let Some(s) = &e.stock {
                o = o.set("dfc-b:stockLimitation", Term::Literal(s.clone()));
            }
            nodes.push(o);
            it = it.set("dfc-b:offeredThrough", Term::Ref(offer.clone()));
            offers.push(offer);
        }
        nodes.push(it);
        items.push(item);
        products.push(e.product_id.clone());
    }
    let mut ent = Node::new(enterprise.clone(), "dfc-b:Enterprise")
        .set("dfc-b:name", Term::Literal(c.enterprise_name.into()))
        .set("dfc-b:maintains", Term::Ref(catalog.clone()))
        .refs("dfc-b:manages", items.clone())
        .refs("dfc-b:supplies", products);
    if let Some(d) = c.enterprise_description {
        ent = ent.set("dfc-b:hasDescription", Term::Literal(d.into()));
    }
    nodes.push(ent);
    nodes.push(
        Node::new(catalog, "dfc-b:Catalog")
            .refs("dfc-b:lists", items)
            .set("dfc-b:maintainedBy", Term::Ref(enterprise)),
    );
    (nodes, offers)
}

/// A sale session (an open cycle) listing `offers`.
pub fn sale_session(id: &str, begin: &str, end: &str, offers: Vec<String>) -> Node {
    Node::new(id, "dfc-b:SaleSession")
        .set("dfc-b:beginDate", Term::Literal(begin.into()))
        .set("dfc-b:endDate", Term::Literal(end.into()))
        .refs("dfc-b:lists", offers)
}

/// The catalog a document holds: each SuppliedProduct with what its CatalogItem and Offer say
/// of it (stock, sku, price). A product without a name is refused, naming it.
pub fn catalog(nodes: &[Node]) -> Result<Vec<CatalogEntry>, Refused> {
    let by_id: BTreeMap<&str, &Node> = nodes.iter().map(|n| (n.id.as_str(), n)).collect();
    let mut out = Vec::new();
    for p in nodes.iter().filter(|n| n.is("SuppliedProduct")) {
        let name = p
            .get("name")
            .map(|t| t.as_str().trim().to_string())
            .filter(|s| !s.is_empty())
            .ok_or_else(|| refuse(&p.id, "a SuppliedProduct needs a dfc-b:name"))?;
        let quantity = p
            .get("hasQuantity")
            .and_then(|q| by_id.get(q.as_str()))
            .and_then(|q| {
                let unit = Unit::parse(q.get("hasUnit")?.as_str())?;
                Some((q.get("value")?.as_str().to_string(), unit))
            });
        // The item that references it, and its offer.
        let item = nodes.iter().find(|n| {
            n.is("CatalogItem") && n.all("references").iter().any(|r| r.as_str() == p.id)
        });
        let offer = nodes.iter().find(|n| {
            n.is("Offer")
                && n.all("offeredItem")
                    .iter()
                    .any(|r| r.as_str() == p.id || item.is_some_and(|i| r.as_str() == i.id))
        });
        let price = offer
            .and_then(|o| by_id.get(o.get("hasPrice")?.as_str()))
            .and_then(|pr| {
                let code = currency_code(pr.get("hasUnit")?.as_str())?;
                Some((pr.get("value")?.as_str().to_string(), code))
            });
        let stock = item
            .and_then(|i| i.get("stockLimitation"))
            .or_else(|| offer.and_then(|o| o.get("stockLimitation")))
            .map(|s| s.as_str().to_string());
        out.push(CatalogEntry {
            product_id: p.id.clone(),
            name,
            description: p.get("description").map(|d| d.as_str().to_string()),
            quantity,
            sku: item
                .and_then(|i| i.get("sku"))
                .map(|s| s.as_str().to_string()),
            stock,
            price,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(name: &str) -> CatalogEntry {
        CatalogEntry {
            product_id: format!("https://b.example/api/v1/dfc/products/{name}"),
            name: name.into(),
            description: Some("From the highlands".into()),
            quantity: Some(("5".into(), Unit::Kilogram)),
            sku: Some("RICE-5".into()),
            stock: Some("40".into()),
            price: Some(("250.00".into(), "PHP".into())),
        }
    }

    #[test]
    fn a_catalog_written_reads_back_the_same() {
        let out = CatalogOut {
            base: "https://b.example/api/v1/dfc/enterprises/e1",
            enterprise_name: "Kapatiran",
            enterprise_description: None,
            entries: vec![(entry("rice"), "o1".into()), (entry("coffee"), "o2".into())],
        };
        let (nodes, offers) = catalog_nodes(&out);
        assert_eq!(offers.len(), 2);
        let doc = write(&nodes);
        assert_eq!(doc["@context"], CONTEXT);
        let back = read(&doc).unwrap();
        assert_eq!(back.len(), nodes.len());
        let mut entries = catalog(&back).unwrap();
        entries.sort_by(|a, b| b.name.cmp(&a.name));
        assert_eq!(entries, vec![entry("rice"), entry("coffee")]);
    }

    #[test]
    fn full_iris_and_nested_subjects_read_as_compact_ones() {
        let doc = json!({
            "@id": "https://x.example/p",
            "@type": "https://github.com/datafoodconsortium/ontology/releases/latest/download/DFC_BusinessOntology.owl#SuppliedProduct",
            "dfc-b:name": {"@value": "Ube jam"},
            "dfc-b:hasQuantity": {"@type": "dfc-b:QuantitativeValue", "dfc-b:hasUnit": "dfc-m:Gram", "dfc-b:value": 350}
        });
        let nodes = read(&doc).unwrap();
        let c = catalog(&nodes).unwrap();
        assert_eq!(c[0].name, "Ube jam");
        assert_eq!(c[0].quantity, Some(("350".into(), Unit::Gram)));
    }

    #[test]
    fn what_is_not_dfc_is_refused_with_its_place() {
        let e = read(&json!({"@graph": [{"@id": "https://x.example/p", "@type": "dfc-b:SuppliedProduct", "evil": "x"}]})).unwrap_err();
        assert_eq!(e.place, "@graph[0].evil");
        let e =
            read(&json!({"@context": "https://elsewhere.example/ctx", "@id": "x"})).unwrap_err();
        assert_eq!(e.place, "@context");
        let e = read(&json!("nope")).unwrap_err();
        assert_eq!(e.place, "the document");
        let e = read(&json!({"@id": "x", "@type": "schema:Product"})).unwrap_err();
        assert_eq!(e.place, "@type");
        // Hostile depth and size.
        let mut deep = json!({"dfc-b:value": "1"});
        for _ in 0..20 {
            deep = json!({"dfc-b:hasQuantity": deep});
        }
        assert!(read(&deep).unwrap_err().reason.contains("deeper"));
        let many: Vec<Value> = (0..MAX_NODES + 1)
            .map(|i| json!({"@id": format!("https://x.example/{i}"), "@type": "dfc-b:CatalogItem"}))
            .collect();
        assert!(read(&json!({"@graph": many}))
            .unwrap_err()
            .reason
            .contains("more than"));
        let unnamed =
            read(&json!({"@id": "https://x.example/p", "@type": "dfc-b:SuppliedProduct"})).unwrap();
        assert_eq!(catalog(&unnamed).unwrap_err().place, "https://x.example/p");
    }

    #[test]
    fn currencies_outside_the_measures_list_travel_as_qudt_iris() {
        assert_eq!(currency_term("EUR"), "dfc-m:Euro");
        assert_eq!(currency_term("PHP"), "http://qudt.org/vocab/currency/PHP");
        assert_eq!(
            currency_code("http://qudt.org/vocab/currency/NPR").as_deref(),
            Some("NPR")
        );
        assert_eq!(currency_code("dfc-m:Euro").as_deref(), Some("EUR"));
        assert_eq!(currency_code("http://qudt.org/vocab/currency/php"), None);
    }

    /// The consortium's own published documents (connector-codegen's test fixtures, MIT):
    /// each reads, writes and reads back to the same subjects.
    #[test]
    fn the_consortium_s_examples_round_trip() {
        for (name, text) in [
            (
                "catalog",
                include_str!("../../tests/fixtures/dfc/catalog.json"),
            ),
            (
                "catalog-item",
                include_str!("../../tests/fixtures/dfc/catalog-item.json"),
            ),
            (
                "enterprise",
                include_str!("../../tests/fixtures/dfc/enterprise.json"),
            ),
            ("offer", include_str!("../../tests/fixtures/dfc/offer.json")),
            (
                "sale-session",
                include_str!("../../tests/fixtures/dfc/sale-session.json"),
            ),
            (
                "supplied-product",
                include_str!("../../tests/fixtures/dfc/supplied-product.json"),
            ),
        ] {
            let doc: Value = serde_json::from_str(text).unwrap();
            let mut first = read(&doc).unwrap_or_else(|e| panic!("{name}: {e}"));
            let mut again = read(&write(&first)).unwrap();
            first.sort_by(|a, b| a.id.cmp(&b.id));
            again.sort_by(|a, b| a.id.cmp(&b.id));
            assert_eq!(first, again, "{name}");
            assert!(!first.is_empty());
        }
        // What Bayanihan reads of them: the offer's price and stock, the product's quantity.
        let merged: Vec<Node> = ["offer", "catalog-item"]
            .iter()
            .flat_map(|n| {
                let text = match *n {
                    "offer" => include_str!("../../tests/fixtures/dfc/offer.json"),
                    _ => include_str!("../../tests/fixtures/dfc/catalog-item.json"),
                };
                read(&serde_json::from_str(text).unwrap()).unwrap()
            })
            .chain(std::iter::once(
                Node::new(
                    "http://myplatform.com/suppliedProduct1",
                    "dfc-b:SuppliedProduct",
                )
                .set("dfc-b:name", Term::Literal("Tomato".into())),
            ))
            .collect();
        let c = catalog(&merged).unwrap();
        assert_eq!(c[0].price, Some(("2.54".into(), "EUR".into())));
        assert_eq!(c[0].stock.as_deref(), Some("6.32"));
        assert_eq!(c[0].sku.as_deref(), Some("sku"));
    }
}

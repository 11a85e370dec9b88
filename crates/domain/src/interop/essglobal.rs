//! ESSGlobal (RIPESS): an organization as an `essglobal:SSEInitiative` in JSON-LD, with the
//! concept URIs of the ESSGlobal SKOS lists.
//!
//! The concepts Bayanihan maps to are kept as data (`data/essglobal/concepts.json`) with
//! labels in the six languages, and the JSON-LD context as `data/essglobal/context.jsonld`;
//! both are documented with their sources beside them. The namespace is the one live
//! ESSGlobal data uses today, `https://lod.coop/essglobal/2.1/`.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::Deserialize;
use serde_json::{json, Map, Value};

use crate::records::Organization;
use crate::{OrgKind, Qualifier};

/// The vocabulary's namespace.
pub const VOCAB: &str = "https://lod.coop/essglobal/2.1/vocab/";
/// The base of the concept schemes: `{STANDARD}{scheme}/{code}`.
pub const STANDARD: &str = "https://lod.coop/essglobal/2.1/standard/";

/// The JSON-LD context every document carries.
pub const CONTEXT: &str = include_str!("../../data/essglobal/context.jsonld");
const CONCEPTS: &str = include_str!("../../data/essglobal/concepts.json");

#[derive(Deserialize)]
struct ConceptFile {
    schemes: HashMap<String, SchemeFile>,
}

#[derive(Deserialize)]
struct SchemeFile {
    concepts: Vec<ConceptEntry>,
}

#[derive(Deserialize)]
struct ConceptEntry {
    code: String,
    labels: HashMap<String, String>,
}

/// A concept scheme of ESSGlobal that Bayanihan publishes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scheme {
    LegalForm,
    OrganisationalStructure,
    BaseMembershipType,
    Qualifiers,
    ActivitiesIca,
}

impl Scheme {
    /// The scheme's path segment in concept URIs.
    pub fn segment(self) -> &'static str {
        match self {
            Scheme::LegalForm => "legal-form",
            Scheme::OrganisationalStructure => "organisational-structure",
            Scheme::BaseMembershipType => "base-membership-type",
            Scheme::Qualifiers => "qualifiers",
            Scheme::ActivitiesIca => "activities-ica",
        }
    }

    pub const ALL: [Scheme; 5] = [
        Scheme::LegalForm,
        Scheme::OrganisationalStructure,
        Scheme::BaseMembershipType,
        Scheme::Qualifiers,
        Scheme::ActivitiesIca,
    ];
}

/// A concept of a scheme.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Concept {
    pub scheme: Scheme,
    pub code: &'static str,
}

impl Concept {
    pub fn uri(self) -> String {
        format!("{STANDARD}{}/{}", self.scheme.segment(), self.code)
    }

    /// The concept's label in `lang` (`en`, `fil`, `id`, `ms`, `ja`, `ne`), English when the
    /// language has none.
    pub fn label(self, lang: &str) -> &'static str {
        let labels = &concepts()[&(self.scheme, self.code)];
        labels
            .get(lang)
            .or_else(|| labels.get("en"))
            .map(String::as_str)
            .unwrap_or(self.code)
    }
}

type Labels = HashMap<(Scheme, &'static str), HashMap<String, String>>;

/// The concepts of the data file, by scheme and code (read once).
fn concepts() -> &'static Labels {
    static C: OnceLock<Labels> = OnceLock::new();
    C.get_or_init(|| {
        // The file ships inside the binary and is checked by a test: a broken file is a
        // build fault, not input.
        let file: ConceptFile =
            serde_json::from_str(CONCEPTS).expect("data/essglobal/concepts.json is valid");
        let mut out = HashMap::new();
        for scheme in Scheme::ALL {
            if let Some(s) = file.schemes.get(scheme.segment()) {
                for c in &s.concepts {
                    let code: &'static str = Box::leak(c.code.clone().into_boxed_str());
                    out.insert((scheme, code), c.labels.clone());
                }
            }
        }
        out
    })
}

const fn c(scheme: Scheme, code: &'static str) -> Concept {
    Concept { scheme, code }
}

/// How an organization kind reads in ESSGlobal: legal form, organisational structure and base
/// membership type (each when one fits), following the International Co-operative Alliance's
/// use for cooperatives (the generic structure with a membership type).
pub fn classify(kind: OrgKind) -> (Option<Concept>, Option<Concept>, Option<Concept>) {
    use Scheme::*;
    let coop = Some(c(LegalForm, "L2"));
    let coop_os = Some(c(OrganisationalStructure, "OS115"));
    match kind {
        OrgKind::ProducerCooperative => (coop, coop_os, Some(c(BaseMembershipType, "BMT20"))),
        OrgKind::WorkerCooperative => (coop, coop_os, Some(c(BaseMembershipType, "BMT30"))),
        OrgKind::ConsumerCooperative | OrgKind::CreditCooperative => {
            (coop, coop_os, Some(c(BaseMembershipType, "BMT10")))
        }
        OrgKind::MultiStakeholderCooperative => {
            (coop, coop_os, Some(c(BaseMembershipType, "BMT40")))
        }
        OrgKind::SelfHelpGroup => (
            Some(c(LegalForm, "L1")),
            Some(c(OrganisationalStructure, "OS10")),
            None,
        ),
        OrgKind::SocialEnterprise => (
            Some(c(LegalForm, "L5")),
            Some(c(OrganisationalStructure, "OS30")),
            None,
        ),
        OrgKind::Association => (
            Some(c(LegalForm, "L4")),
            Some(c(OrganisationalStructure, "OS20")),
            None,
        ),
        OrgKind::Network => (None, None, None),
        OrgKind::LocalGovernmentUnit => (None, Some(c(OrganisationalStructure, "OS220")), None),
        OrgKind::PrivateCompany => (
            Some(c(LegalForm, "L3")),
            Some(c(OrganisationalStructure, "OS50")),
            None,
        ),
        OrgKind::AcademicInstitution => (None, None, None),
    }
}

/// A qualifier's ESSGlobal concept. A PGS certificate is an organic guarantee, so it reads as
/// `Organic` (ESSGlobal has no concept for the guarantee system itself).
pub fn qualifier(q: Qualifier) -> Concept {
    let code = match q {
        Qualifier::Organic | Qualifier::PgsCertified => "Organic",
        Qualifier::Agroecological => "Agroecological",
        Qualifier::FairTrade => "Fairtrade",
        Qualifier::GenderEquity => "q05",
        Qualifier::IndigenousTraditional => "q06",
        Qualifier::PeasantFamilyFarming => "PeasantorFamilyAgriculture",
        Qualifier::Local => "LocalorFromCommunity",
        Qualifier::SelfManagement => "Selfmanagement",
        Qualifier::Commons => "q07",
    };
    c(Scheme::Qualifiers, code)
}

/// What an initiative document is made from beyond the organization.
#[derive(Debug, Clone)]
pub struct InitiativeContext<'a> {
    /// The organization's page on this server: the initiative's `@id`.
    pub page_url: &'a str,
    pub website: Option<&'a str>,
    /// `(women, men)` members, each only when the organization chose to publish the counts
    /// and the count is large enough to show.
    pub gender_counts: (Option<u64>, Option<u64>),
    /// The `@id`s of the published networks it is an active member of.
    pub part_of: &'a [String],
}

/// The JSON-LD context as a value (for embedding).
pub fn context() -> Value {
    let v: Value = serde_json::from_str(CONTEXT).expect("data/essglobal/context.jsonld is valid");
    v.get("@context").cloned().unwrap_or(Value::Null)
}

/// The initiative node of an organization (without `@context`).
pub fn initiative(org: &Organization, cx: &InitiativeContext<'_>) -> Value {
    let mut n = Map::new();
    n.insert("id".into(), json!(cx.page_url));
    n.insert(
        "type".into(),
        if org.kind == OrgKind::Network {
            json!(["SSEInitiative", "Network"])
        } else {
            json!("SSEInitiative")
        },
    );
    n.insert("name".into(), json!(org.name));
    if let Some(d) = &org.description {
        n.insert("description".into(), json!(d));
    }
    n.insert("homepage".into(), json!(cx.website.unwrap_or(cx.page_url)));
    let (lf, os, bmt) = classify(org.kind);
    for (key, concept) in [
        ("legalForm", lf),
        ("organisationalStructure", os),
        ("baseMembershipType", bmt),
    ] {
        if let Some(concept) = concept {
            n.insert(key.into(), json!(concept.uri()));
        }
    }
    if org.kind == OrgKind::CreditCooperative {
        n.insert(
            "economicSector".into(),
            json!([c(Scheme::ActivitiesIca, "ICA140").uri()]),
        );
    }
    let mut quals: Vec<String> = org.qualifiers.iter().map(|q| qualifier(*q).uri()).collect();
    // Two qualifiers may read as one concept (PGS as Organic): each concept once.
    quals.sort();
    quals.dedup();
    if !quals.is_empty() {
        n.insert("qualifier".into(), json!(quals));
    }
    if let Some(w) = cx.gender_counts.0 {
        n.insert("totalWomen".into(), json!(w));
    }
    if let Some(m) = cx.gender_counts.1 {
        n.insert("totalMen".into(), json!(m));
    }
    n.insert(
        "countryId".into(),
        json!(format!("{STANDARD}countries-iso/{}", org.country.code())),
    );
    if !cx.part_of.is_empty() {
        n.insert("isPartOf".into(), json!(cx.part_of));
    }
    let mut addr = Map::new();
    addr.insert("id".into(), json!(format!("{}#Address", cx.page_url)));
    addr.insert("type".into(), json!("Address"));
    if let Some(r) = &org.region {
        addr.insert("region".into(), json!(r));
    }
    addr.insert("countryName".into(), json!(org.country.name()));
    if let Some(l) = &org.location {
        // As strings: xsd:decimal has no exponent, which a JSON number may be written with.
        addr.insert("lat".into(), json!(decimal(l.lat.degrees())));
        addr.insert("long".into(), json!(decimal(l.lon.degrees())));
    }
    n.insert("hasAddress".into(), Value::Object(addr));
    Value::Object(n)
}

/// A degree value as an `xsd:decimal` lexical form (six decimals: about 10 cm).
fn decimal(v: f64) -> String {
    let s = format!("{v:.6}");
    let s = s.trim_end_matches('0');
    s.strip_suffix('.')
        .map_or_else(|| s.to_string(), |s| format!("{s}.0"))
}

/// A document of one initiative, or of several as a `@graph`.
pub fn document(nodes: Vec<Value>) -> Value {
    let mut d = Map::new();
    d.insert("@context".into(), context());
    if nodes.len() == 1 {
        if let Some(Value::Object(node)) = nodes.into_iter().next() {
            d.extend(node);
        }
    } else {
        d.insert("@graph".into(), Value::Array(nodes));
    }
    Value::Object(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_concept_mapped_to_exists_with_six_labels() {
        let mut used: Vec<Concept> = Qualifier::ALL.iter().map(|q| qualifier(*q)).collect();
        for k in OrgKind::ALL {
            let (a, b, c2) = classify(*k);
            used.extend([a, b, c2].into_iter().flatten());
        }
        used.push(c(Scheme::ActivitiesIca, "ICA140"));
        for concept in used {
            let labels = concepts()
                .get(&(concept.scheme, concept.code))
                .unwrap_or_else(|| panic!("{concept:?} is not in concepts.json"));
            for lang in ["en", "fil", "id", "ms", "ja", "ne"] {
                assert!(
                    labels.get(lang).is_some_and(|l| !l.trim().is_empty()),
                    "{concept:?} has no {lang} label"
                );
            }
        }
    }

    #[test]
    fn each_concept_is_named_once_and_counts_only_when_given() {
        let org = crate::records::Organization {
            id: uuid::Uuid::nil(),
            name: "Samahan".into(),
            kind: OrgKind::ProducerCooperative,
            roles: vec![],
            legal_form: Some("CDA-registered".into()),
            country: crate::CountryCode::parse("PH").unwrap(),
            region: None,
            location: None,
            currency: crate::Currency::parse("PHP").unwrap(),
            time_zone: "Asia/Manila".into(),
            languages: vec![],
            qualifiers: vec![
                Qualifier::Organic,
                Qualifier::PeasantFamilyFarming,
                Qualifier::PgsCertified,
            ],
            description: None,
            payment_instructions: None,
            created_at: jiff::Timestamp::UNIX_EPOCH,
            updated_at: jiff::Timestamp::UNIX_EPOCH,
        };
        let cx = InitiativeContext {
            page_url: "https://b.example/organizations/x",
            website: None,
            gender_counts: (Some(12), None),
            part_of: &[],
        };
        let n = initiative(&org, &cx);
        let q: Vec<&str> = n["qualifier"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        assert_eq!(
            q,
            [
                format!("{STANDARD}qualifiers/Organic"),
                format!("{STANDARD}qualifiers/PeasantorFamilyAgriculture")
            ]
        );
        assert_eq!(n["totalWomen"], 12);
        assert!(n.get("totalMen").is_none());
        assert_eq!(n["legalForm"], format!("{STANDARD}legal-form/L2"));
    }

    #[test]
    fn decimals_have_no_exponent() {
        assert_eq!(decimal(16.455), "16.455");
        assert_eq!(decimal(-0.000001), "-0.000001");
        assert_eq!(decimal(120.0), "120.0");
        assert_eq!(decimal(1e-9), "0.0");
    }

    #[test]
    fn the_context_names_every_term_a_document_uses() {
        let cx = context();
        for term in [
            "SSEInitiative",
            "Network",
            "Address",
            "name",
            "description",
            "homepage",
            "legalForm",
            "organisationalStructure",
            "baseMembershipType",
            "economicSector",
            "qualifier",
            "totalWomen",
            "totalMen",
            "countryId",
            "isPartOf",
            "hasAddress",
            "region",
            "countryName",
            "lat",
            "long",
            "id",
            "type",
        ] {
            assert!(cx.get(term).is_some(), "the context lacks {term}");
        }
    }
}

//! A network's whole directory from spreadsheets: organizations, people and their
//! memberships, products. Each sheet is read whole and checked before anything is written;
//! every problem names its row and column. Rows are matched by a key column — an
//! organization's `key` (the sheet's own id for it: a registration number, a code), a
//! person's e-mail address, a product's organization and name — so importing the same sheets
//! again changes nothing.
//!
//! Sheets (their columns; the others are optional):
//! - organizations: `key`, `name`, `kind`, `country`, `currency`, `time_zone`; `roles`,
//!   `legal_form`, `region`, `lat`, `lon`, `languages`, `qualifiers`, `description`;
//! - people: `email`, `name`, `organization` (an organization's key); `role`, `stakeholder`;
//! - products: `organization`, `name`, `category`, `unit`, `unit_mass_kg`; `qualifiers`,
//!   `packaging`, `description`;
//! - offers: `cycle` (an open cycle's id), `organization` (the producer's key), `product` (its
//!   name), `quantity` (whole units), `producer_price` (a decimal in the cycle's currency).
//!
//! Lists in a cell (roles, languages, qualifiers) are separated by `;` or `|`.

use super::{cell, need_columns, records_within, Parsed, ProblemKind, ProductRow, RowProblem};
use crate::geo::LocationInput;
use crate::person::{Email, MembershipRole, PersonName, StakeholderCategory};
use crate::{OrganizationDraft, OrganizationInput};

/// The largest sheet read: 100 000 organizations with long descriptions.
pub const MAX_BYTES: usize = 128 * 1024 * 1024;
/// The most rows one sheet takes.
pub const MAX_ROWS: usize = 1_000_000;
/// The longest key.
const MAX_KEY: usize = 100;

/// An offer in an open cycle of a producer's product (by key and name).
#[derive(Debug, Clone, PartialEq)]
pub struct OfferRow {
    pub row: usize,
    pub cycle: uuid::Uuid,
    pub organization: String,
    pub product: String,
    pub quantity: u64,
    /// As written: read in the cycle's currency, which only the store knows.
    pub producer_price: String,
}

/// An organization to bring in.
#[derive(Debug, Clone, PartialEq)]
pub struct OrgRow {
    pub row: usize,
    pub key: String,
    pub draft: OrganizationDraft,
}

/// A person and their membership in one organization.
#[derive(Debug, Clone, PartialEq)]
pub struct PersonRow {
    pub row: usize,
    pub email: Email,
    pub name: PersonName,
    /// The organization's key.
    pub organization: String,
    pub roles: Vec<MembershipRole>,
    pub stakeholder: Option<StakeholderCategory>,
}

/// A product of an organization (by key).
#[derive(Debug, Clone, PartialEq)]
pub struct KeyedProduct {
    pub organization: String,
    pub product: ProductRow,
}

fn problem(row: usize, column: &str, kind: ProblemKind, reason: impl Into<String>) -> RowProblem {
    RowProblem {
        row,
        column: column.into(),
        kind,
        reason: reason.into(),
    }
}

/// A key cell: 1–100 characters, no control characters.
fn key(s: &str) -> Result<String, &'static str> {
    let s = s.trim();
    if s.is_empty() {
        Err("is required: the sheet's own id for the organization")
    } else if s.chars().count() > MAX_KEY {
        Err("may be at most 100 characters")
    } else if s.chars().any(char::is_control) {
        Err("may not contain control characters")
    } else {
        Ok(s.to_string())
    }
}

fn split_list(s: &str) -> Option<Vec<String>> {
    let items: Vec<String> = s
        .split([';', '|'])
        .map(|x| x.trim().to_string())
        .filter(|x| !x.is_empty())
        .collect();
    (!items.is_empty()).then_some(items)
}

/// Reads a number with a decimal point or comma.
fn number(s: &str) -> Option<f64> {
    let s = s.trim();
    let s = if s.contains(',') && !s.contains('.') {
        s.replace(',', ".")
    } else {
        s.to_string()
    };
    s.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// The organizations sheet.
pub fn organizations(text: &str) -> Parsed<OrgRow> {
    let (head, rows) = records_within(text, MAX_BYTES, MAX_ROWS)?;
    need_columns(
        &head,
        &["key", "name", "kind", "country", "currency", "time_zone"],
    )?;
    let mut out = Vec::with_capacity(rows.len());
    let mut problems = Vec::new();
    let mut seen: std::collections::HashMap<String, usize> = Default::default();
    for (row, rec) in rows {
        let get = |c: &str| cell(&head, &rec, c).trim();
        let opt = |c: &str| Some(get(c).to_string()).filter(|s| !s.is_empty());
        let k = match key(get("key")) {
            Ok(k) => {
                if let Some(first) = seen.insert(k.clone(), row) {
                    problems.push(problem(
                        row,
                        "key",
                        ProblemKind::Duplicate { first },
                        format!("the same as row {first}"),
                    ));
                }
                Some(k)
            }
            Err(reason) => {
                problems.push(problem(row, "key", ProblemKind::Cell, reason));
                None
            }
        };
        let location = match (get("lat"), get("lon")) {
            ("", "") => None,
            (lat, lon) => match (number(lat), number(lon)) {
                (Some(lat), Some(lon)) => Some(LocationInput { lat, lon }),
                (a, b) => {
                    for (col, v, n) in [("lat", lat, a), ("lon", lon, b)] {
                        if n.is_none() {
                            problems.push(problem(
                                row,
                                col,
                                ProblemKind::Cell,
                                if v.is_empty() {
                                    "is needed with the other coordinate".to_string()
                                } else {
                                    format!("\"{v}\" is not a number of degrees, such as 14.6")
                                },
                            ));
                        }
                    }
                    None
                }
            },
        };
        let input = OrganizationInput {
            name: opt("name"),
            kind: opt("kind").map(|k| k.to_lowercase()),
            roles: split_list(get("roles"))
                .map(|l| l.into_iter().map(|r| r.to_lowercase()).collect()),
            legal_form: opt("legal_form"),
            country: opt("country").map(|c| c.to_uppercase()),
            region: opt("region"),
            location,
            currency: opt("currency").map(|c| c.to_uppercase()),
            time_zone: opt("time_zone"),
            languages: split_list(get("languages")),
            qualifiers: split_list(get("qualifiers"))
                .map(|l| l.into_iter().map(|q| q.to_lowercase()).collect()),
            description: opt("description"),
            payment_instructions: None,
        };
        match OrganizationDraft::parse(&input) {
            Ok(draft) => {
                if let Some(k) = k {
                    out.push(OrgRow { row, key: k, draft });
                }
            }
            Err(inv) => {
                for f in inv.errors {
                    // `location.lat` is the column `lat`, `languages[1]` the column `languages`.
                    let field = f.field.strip_prefix("location.").unwrap_or(&f.field);
                    let column = field.split(['[', '.']).next().unwrap_or("").to_string();
                    problems.push(problem(row, &column, ProblemKind::Cell, f.reason));
                }
            }
        }
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(problems)
    }
}

/// The people sheet: one row per membership (a person in two organizations has two rows, the
/// same name on both).
pub fn people(text: &str) -> Parsed<PersonRow> {
    let (head, rows) = records_within(text, MAX_BYTES, MAX_ROWS)?;
    need_columns(&head, &["email", "name", "organization"])?;
    let mut out = Vec::with_capacity(rows.len());
    let mut problems = Vec::new();
    let mut seen: std::collections::HashMap<(String, String), usize> = Default::default();
    let mut names: std::collections::HashMap<String, (String, usize)> = Default::default();
    for (row, rec) in rows {
        let get = |c: &str| cell(&head, &rec, c).trim();
        let mut bad = |column: &str, kind: ProblemKind, reason: String| {
            problems.push(problem(row, column, kind, reason))
        };
        let email = match Email::parse_sign_in(get("email")) {
            Ok(e) => Some(e),
            Err(e) => {
                bad("email", ProblemKind::Cell, e.reason().to_string());
                None
            }
        };
        let name = match PersonName::parse(get("name")) {
            Ok(n) => Some(n),
            Err(e) => {
                bad("name", ProblemKind::Cell, e.reason().to_string());
                None
            }
        };
        let organization = match key(get("organization")) {
            Ok(k) => Some(k),
            Err(reason) => {
                bad("organization", ProblemKind::Cell, reason.to_string());
                None
            }
        };
        if let (Some(e), Some(o)) = (&email, &organization) {
            if let Some(first) = seen.insert((e.as_str().to_string(), o.clone()), row) {
                bad(
                    "email",
                    ProblemKind::Duplicate { first },
                    format!("the same person and organization as row {first}"),
                );
            }
        }
        if let (Some(e), Some(n)) = (&email, &name) {
            match names.get(e.as_str()) {
                Some((other, first)) if other != n.as_str() => bad(
                    "name",
                    ProblemKind::Cell,
                    format!("row {first} names this person \"{other}\""),
                ),
                Some(_) => {}
                None => {
                    names.insert(e.as_str().to_string(), (n.as_str().to_string(), row));
                }
            }
        }
        let mut roles = Vec::new();
        for r in get("role")
            .split([';', '|'])
            .map(str::trim)
            .filter(|r| !r.is_empty())
        {
            match MembershipRole::parse(&r.to_lowercase()) {
                Ok(r) if !roles.contains(&r) => roles.push(r),
                Ok(_) => {}
                Err(e) => bad("role", ProblemKind::Cell, e.reason().to_string()),
            }
        }
        if roles.is_empty() {
            roles.push(MembershipRole::Member);
        }
        let stakeholder = match get("stakeholder") {
            "" => None,
            s => match StakeholderCategory::parse(&s.to_lowercase()) {
                Ok(s) => Some(s),
                Err(e) => {
                    bad("stakeholder", ProblemKind::Cell, e.reason().to_string());
                    None
                }
            },
        };
        if let (Some(email), Some(name), Some(organization)) = (email, name, organization) {
            out.push(PersonRow {
                row,
                email,
                name,
                organization,
                roles,
                stakeholder,
            });
        }
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(problems)
    }
}

/// The products sheet: the products sheet of one organization with an `organization` column.
pub fn products(text: &str) -> Parsed<KeyedProduct> {
    let (head, rows) = records_within(text, MAX_BYTES, MAX_ROWS)?;
    need_columns(&head, &["organization"])?;
    let mut problems = Vec::new();
    let mut keys = std::collections::HashMap::new();
    for (row, rec) in &rows {
        match key(cell(&head, rec, "organization")) {
            Ok(k) => {
                keys.insert(*row, k);
            }
            Err(reason) => problems.push(problem(*row, "organization", ProblemKind::Cell, reason)),
        }
    }
    let parsed = super::product_rows(&head, rows, |rec| {
        cell(&head, rec, "organization").trim().to_string()
    });
    let products = match parsed {
        Ok(p) => p,
        Err(mut more) => {
            problems.append(&mut more);
            problems.sort_by_key(|p| p.row);
            return Err(problems);
        }
    };
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(products
        .into_iter()
        .map(|p| KeyedProduct {
            organization: keys.get(&p.row).cloned().unwrap_or_default(),
            product: p,
        })
        .collect())
}

/// The offers sheet: one row per offer; one producer's product once a cycle.
pub fn offers(text: &str) -> Parsed<OfferRow> {
    let (head, rows) = records_within(text, MAX_BYTES, MAX_ROWS)?;
    need_columns(
        &head,
        &[
            "cycle",
            "organization",
            "product",
            "quantity",
            "producer_price",
        ],
    )?;
    let mut out = Vec::with_capacity(rows.len());
    let mut problems = Vec::new();
    let mut seen: std::collections::HashMap<(uuid::Uuid, String, String), usize> =
        Default::default();
    for (row, rec) in rows {
        let get = |c: &str| cell(&head, &rec, c).trim();
        let mut bad = |column: &str, reason: String| {
            problems.push(problem(row, column, ProblemKind::Cell, reason))
        };
        let cycle = match uuid::Uuid::parse_str(get("cycle")) {
            Ok(c) => Some(c),
            Err(_) => {
                bad("cycle", "is not a cycle's id".into());
                None
            }
        };
        let organization = match key(get("organization")) {
            Ok(k) => Some(k),
            Err(reason) => {
                bad("organization", reason.into());
                None
            }
        };
        let product = get("product");
        if product.is_empty() {
            bad("product", "is required: the product's name".into());
        }
        let quantity = match get("quantity").parse::<u64>() {
            Ok(q) if q > 0 => Some(q),
            _ => {
                bad(
                    "quantity",
                    "must be a whole number of units, more than 0".into(),
                );
                None
            }
        };
        let price = get("producer_price");
        if price.is_empty() {
            bad(
                "producer_price",
                "is required: the price per unit, such as 200.00".into(),
            );
        }
        if let (Some(c), Some(o)) = (cycle, &organization) {
            let k = (c, o.clone(), crate::trade::naming::comparable(product));
            if let Some(first) = seen.insert(k, row) {
                problems.push(problem(
                    row,
                    "product",
                    ProblemKind::Duplicate { first },
                    format!("the same as row {first}"),
                ));
            }
        }
        if let (Some(cycle), Some(organization), Some(quantity)) = (cycle, organization, quantity) {
            if !product.is_empty() && !price.is_empty() {
                out.push(OfferRow {
                    row,
                    cycle,
                    organization,
                    product: product.to_string(),
                    quantity,
                    producer_price: price.to_string(),
                });
            }
        }
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn organizations_are_read_with_every_problem_by_row_and_column() {
        let ok = organizations(
            "key,name,kind,country,currency,time_zone,roles,lat,lon,qualifiers,languages\n\
             PH-001,Samahang Magsasaka,Producer_Cooperative,ph,php,Asia/Manila,producer;processor,\"16,41\",120.59,organic|local,fil;en\n\
             PH-002,Barangay Malaya,consumer_cooperative,PH,PHP,Asia/Manila,,,,,\n",
        )
        .unwrap();
        assert_eq!(ok.len(), 2);
        assert_eq!(ok[0].key, "PH-001");
        assert_eq!(ok[0].draft.roles.len(), 2);
        assert!((ok[0].draft.location.unwrap().lat.degrees() - 16.41).abs() < 1e-9);
        assert_eq!(ok[0].draft.languages, ["fil", "en"]);
        assert!(ok[1].draft.location.is_none());
        let bad = organizations(
            "key,name,kind,country,currency,time_zone,lat,lon\n\
             ,Nameless,alien,XX,PHP,Mars/Base,,\n\
             A,Fine,association,PH,PHP,Asia/Manila,95,\n\
             A,Again,association,PH,PHP,Asia/Manila,north,121\n",
        )
        .unwrap_err();
        let cells: Vec<(usize, &str)> = bad.iter().map(|p| (p.row, p.column.as_str())).collect();
        assert_eq!(
            cells,
            [
                (2, "key"),
                (2, "kind"),
                (2, "country"),
                (2, "time_zone"),
                (3, "lon"),
                (4, "key"),
                (4, "lat"),
            ]
        );
        assert!(matches!(bad[5].kind, ProblemKind::Duplicate { first: 3 }));
        let missing = organizations("key,name\nA,B\n").unwrap_err();
        let cols: Vec<&str> = missing.iter().map(|p| p.column.as_str()).collect();
        assert_eq!(cols, ["kind", "country", "currency", "time_zone"]);
    }

    #[test]
    fn people_name_their_organization_and_keep_one_name() {
        let ok = people(
            "email,name,organization,role\nana@example.org,Ana Reyes,PH-001,admin\nana@example.org,Ana Reyes,PH-002,\n",
        )
        .unwrap();
        assert_eq!(ok.len(), 2);
        assert_eq!(ok[0].roles, [MembershipRole::Admin]);
        assert_eq!(ok[1].roles, [MembershipRole::Member]);
        let bad = people(
            "email,name,organization,role\nana@example.org,Ana,PH-001,\nana@example.org,Anna,PH-002,\nana@example.org,Ana,PH-001,boss\n",
        )
        .unwrap_err();
        let cells: Vec<(usize, &str)> = bad.iter().map(|p| (p.row, p.column.as_str())).collect();
        assert_eq!(cells, [(3, "name"), (4, "email"), (4, "role")]);
    }

    #[test]
    fn products_are_keyed_by_organization_and_name() {
        let ok = products(
            "organization,name,category,unit,unit_mass_kg\nA,Rice,rice,bag,5\nB,Rice,rice,bag,5\n",
        )
        .unwrap();
        assert_eq!(ok.len(), 2);
        assert_eq!(ok[1].organization, "B");
        let bad = products(
            "organization,name,category,unit,unit_mass_kg\nA,Rice,rice,bag,5\nA,rice ,rice,bag,5\n,Jam,processed_food,jar,x\n",
        )
        .unwrap_err();
        let cells: Vec<(usize, &str)> = bad.iter().map(|p| (p.row, p.column.as_str())).collect();
        assert_eq!(
            cells,
            [(3, "name"), (4, "organization"), (4, "unit_mass_kg")]
        );
    }

    #[test]
    fn offers_name_their_cycle_producer_and_product() {
        let c = uuid::Uuid::new_v4();
        let ok = offers(&format!(
            "cycle,organization,product,quantity,producer_price\n{c},PH-1,Red rice,40,200.00\n"
        ))
        .unwrap();
        assert_eq!(
            (ok[0].quantity, ok[0].producer_price.as_str()),
            (40, "200.00")
        );
        let bad = offers(&format!(
            "cycle,organization,product,quantity,producer_price\nnope,,,0,\n{c},A,Rice,1,1\n{c},A,rice,2,1\n"
        ))
        .unwrap_err();
        let cells: Vec<(usize, &str)> = bad.iter().map(|p| (p.row, p.column.as_str())).collect();
        assert_eq!(
            cells,
            [
                (2, "cycle"),
                (2, "organization"),
                (2, "product"),
                (2, "quantity"),
                (2, "producer_price"),
                (4, "product")
            ]
        );
    }

    proptest::proptest! {
        /// Whatever the text, reading never panics: rows or problems.
        #[test]
        fn any_text_is_read_or_refused(text in "\\PC{0,300}") {
            let _ = organizations(&text);
            let _ = people(&text);
            let _ = products(&text);
            let _ = offers(&text);
        }
    }
}

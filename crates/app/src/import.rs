//! "Bring the spreadsheet": members and products from a CSV file. A dry run lists every
//! row's problems (row and column) or what applying would do; applying writes everything or
//! nothing; the same file again changes nothing.

use bayanihan_domain::access::{Action, Subject};
use bayanihan_domain::import::{self, RowProblem};
use bayanihan_store::import::RowAction;
use bayanihan_store::Store;
use uuid::Uuid;

use crate::access::{allow, require};
use crate::AppResult;

/// What a file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportKind {
    Members,
    Products,
}

impl ImportKind {
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "members" => Some(ImportKind::Members),
            "products" => Some(ImportKind::Products),
            _ => None,
        }
    }

    pub fn id(self) -> &'static str {
        match self {
            ImportKind::Members => "members",
            ImportKind::Products => "products",
        }
    }
}

/// What an import found and did.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportReport {
    /// Every problem, by row and column; when there are any, nothing was (or would be) done.
    pub problems: Vec<RowProblem>,
    /// Each row and what applying does (or did) to it.
    pub actions: Vec<(usize, RowAction)>,
    /// Whether it was written.
    pub applied: bool,
}

/// Whether the caller may bring `kind` into `org` at all (before a file is read: reading a
/// workbook costs the server seconds, not worth spending for someone who may not import).
pub async fn may_import(
    store: &Store,
    caller: Option<&Subject>,
    org: Uuid,
    kind: ImportKind,
) -> AppResult<()> {
    require(caller)?;
    store.organization(org).await?;
    match kind {
        ImportKind::Members => allow(
            caller,
            org,
            Action::ManageMembership {
                grants: &[],
                current: &[],
            },
            "bring members in",
        ),
        ImportKind::Products => allow(caller, org, Action::ManageCatalog, "bring products in"),
    }
}

/// Reads `text` as `kind` for `org` and, with `apply`, writes it all at once. Members are
/// brought in by whoever may grant every role the file names (coordinators: plain members);
/// products by the organization's catalogue managers (its admins).
pub async fn import(
    store: &Store,
    caller: Option<&Subject>,
    org: Uuid,
    kind: ImportKind,
    text: &str,
    apply: bool,
) -> AppResult<ImportReport> {
    may_import(store, caller, org, kind).await?;
    let failed = |problems| ImportReport {
        problems,
        actions: Vec::new(),
        applied: false,
    };
    match kind {
        ImportKind::Members => {
            let rows = match import::members(text) {
                Ok(r) => r,
                Err(p) => return Ok(failed(p)),
            };
            let mut roles: Vec<_> = rows.iter().flat_map(|r| r.roles.clone()).collect();
            roles.sort();
            roles.dedup();
            allow(
                caller,
                org,
                Action::ManageMembership {
                    grants: &roles,
                    current: &[],
                },
                "bring members in with these roles",
            )?;
            let actions = store
                .import_members(org, &rows, bayanihan_store::today_utc(), apply)
                .await?;
            if apply {
                crate::audit::record(store, caller, Some(org), "import.applied", None, serde_json::json!({ "kind": "members", "rows": rows.len(), "changes": actions.len() })).await;
            }
            Ok(ImportReport {
                problems: Vec::new(),
                actions,
                applied: apply,
            })
        }
        ImportKind::Products => {
            let rows = match import::products(text) {
                Ok(r) => r,
                Err(p) => return Ok(failed(p)),
            };
            let actions = store.import_products(org, &rows, apply).await?;
            if apply {
                crate::audit::record(store, caller, Some(org), "import.applied", None, serde_json::json!({ "kind": "products", "rows": rows.len(), "changes": actions.len() })).await;
            }
            Ok(ImportReport {
                problems: Vec::new(),
                actions,
                applied: apply,
            })
        }
    }
}

/// The sheets of a network's directory as uploaded: bytes, any encoding a spreadsheet saves.
#[derive(Debug, Clone, Default)]
pub struct DirectoryFiles {
    pub organizations: Option<Vec<u8>>,
    pub people: Option<Vec<u8>>,
    pub products: Option<Vec<u8>>,
    pub offers: Option<Vec<u8>>,
}

/// What a directory import found and did.
#[derive(Debug, Clone, Default)]
pub struct DirectoryReport {
    /// The sheets read as Windows-1252 because they were not UTF-8.
    pub read_as_latin1: Vec<&'static str>,
    /// Every problem, by sheet, row and column; when there are any, nothing was done.
    pub problems: Vec<(&'static str, RowProblem)>,
    pub outcome: bayanihan_store::directory::DirectoryOutcome,
    pub applied: bool,
}

/// Brings a network's directory in from its sheets (organizations, people and memberships,
/// products), for the network's admins: a dry run names every problem, or what applying
/// would do to each row; applying writes all of it or nothing. `progress` hears
/// `(rows done, rows in all)` while the rows are worked through.
pub async fn directory(
    store: &Store,
    caller: Option<&Subject>,
    network: Uuid,
    files: &DirectoryFiles,
    apply: bool,
    progress: bayanihan_store::directory::Progress<'_>,
) -> AppResult<DirectoryReport> {
    use bayanihan_domain::import::directory as sheets;
    use bayanihan_domain::import::encoding::decode;
    may_import_directory(store, caller, network).await?;
    let subject = require(caller)?;
    if files.organizations.is_none()
        && files.people.is_none()
        && files.products.is_none()
        && files.offers.is_none()
    {
        return Err(bayanihan_domain::Invalid::field(
            "organizations",
            "give at least one sheet: organizations, people, products or offers",
        )
        .into());
    }
    let mut report = DirectoryReport::default();
    let mut problems: Vec<(&'static str, RowProblem)> = Vec::new();
    // Workbooks read first, off the server's request threads.
    async fn workbook(bytes: &Option<Vec<u8>>) -> Option<Result<String, Vec<RowProblem>>> {
        match bytes {
            Some(b) if crate::xlsx::is_xlsx(b) => {
                Some(crate::xlsx::to_csv_blocking(b.clone()).await)
            }
            _ => None,
        }
    }
    let workbooks = [
        workbook(&files.organizations).await,
        workbook(&files.people).await,
        workbook(&files.products).await,
        workbook(&files.offers).await,
    ];
    // Each sheet as text: CSV in whatever encoding it was saved in, or an XLSX workbook's
    // first worksheet (a workbook that cannot be read is that sheet's problems).
    let mut text = |name: &'static str,
                    bytes: &Option<Vec<u8>>,
                    book: Option<Result<String, Vec<RowProblem>>>| {
        if let Some(book) = book {
            return match book {
                Ok(t) => Some(t),
                Err(p) => {
                    problems.extend(p.into_iter().map(|p| (name, p)));
                    None
                }
            };
        }
        bytes.as_ref().map(|b| {
            let (t, latin1) = decode(b);
            if latin1 {
                report.read_as_latin1.push(name);
            }
            t
        })
    };
    let [orgs_book, people_book, products_book, offers_book] = workbooks;
    let orgs_text = text("organizations", &files.organizations, orgs_book);
    let people_text = text("people", &files.people, people_book);
    let products_text = text("products", &files.products, products_book);
    let offers_text = text("offers", &files.offers, offers_book);
    let mut parsed = bayanihan_store::directory::DirectorySheets::default();
    if let Some(t) = &orgs_text {
        match sheets::organizations(t) {
            Ok(r) => parsed.organizations = r,
            Err(p) => problems.extend(p.into_iter().map(|p| ("organizations", p))),
        }
    }
    if let Some(t) = &people_text {
        match sheets::people(t) {
            Ok(r) => parsed.people = r,
            Err(p) => problems.extend(p.into_iter().map(|p| ("people", p))),
        }
    }
    if let Some(t) = &products_text {
        match sheets::products(t) {
            Ok(r) => parsed.products = r,
            Err(p) => problems.extend(p.into_iter().map(|p| ("products", p))),
        }
    }
    let mut offer_rows = Vec::new();
    if let Some(t) = &offers_text {
        match sheets::offers(t) {
            Ok(r) => offer_rows = r,
            Err(p) => problems.extend(p.into_iter().map(|p| ("offers", p))),
        }
    }
    // Every organization a row names is in the organizations sheet or known already.
    let known = store.import_keys(network).await?;
    let keys: std::collections::HashSet<&str> = parsed
        .organizations
        .iter()
        .map(|r| r.key.as_str())
        .chain(known.keys().map(String::as_str))
        .collect();
    // A sheet that could not be read says so; the rows naming what it holds are not also
    // refused for it (one bad cell would bury itself under thousands of echoes).
    let failed = |sheet: &str| problems.iter().any(|(s, _)| *s == sheet);
    let (orgs_failed, products_failed) = (failed("organizations"), failed("products"));
    let unknown = |key: &str| !orgs_failed && !keys.contains(key);
    for r in parsed.people.iter().filter(|r| unknown(&r.organization)) {
        problems.push(("people", unknown_key(r.row, &r.organization)));
    }
    for p in parsed.products.iter().filter(|p| unknown(&p.organization)) {
        problems.push(("products", unknown_key(p.product.row, &p.organization)));
    }
    // Offers: an open cycle the producer supplies, a price in its currency, a product of the
    // producer's (in the products sheet, or registered).
    let mut cycles = std::collections::HashMap::new();
    let mut registered = std::collections::HashMap::new();
    for r in &offer_rows {
        let cell = |column: &str, reason: String| RowProblem {
            row: r.row,
            column: column.into(),
            kind: bayanihan_domain::import::ProblemKind::Cell,
            reason,
        };
        let Some(org) = known.get(&r.organization).copied() else {
            if orgs_failed {
                continue;
            }
            problems.push((
                "offers",
                if keys.contains(r.organization.as_str()) {
                    cell(
                        "organization",
                        "an organization new in this import supplies no cycle yet: add it to a cycle first".into(),
                    )
                } else {
                    unknown_key(r.row, &r.organization)
                },
            ));
            continue;
        };
        if let std::collections::hash_map::Entry::Vacant(e) = cycles.entry(r.cycle) {
            e.insert(store.cycle(r.cycle).await.ok());
        }
        let Some(cycle) = cycles[&r.cycle].as_ref() else {
            problems.push(("offers", cell("cycle", "no cycle has this id".into())));
            continue;
        };
        if cycle.is_closed() {
            problems.push(("offers", cell("cycle", "the cycle is closed".into())));
            continue;
        }
        if !cycle.producers.contains(&org) {
            problems.push((
                "offers",
                cell("organization", "does not supply this cycle".into()),
            ));
            continue;
        }
        match bayanihan_domain::Money::parse_plain(&r.producer_price, cycle.currency) {
            Ok(m) if m.minor() > 0 => {
                // The same bounds as an offer made on the cycle's page.
                match bayanihan_domain::trade::pricing::check_offer_amounts(m, &[], r.quantity) {
                    Ok(()) => parsed.offers.push((r.clone(), m.minor())),
                    Err((field, reason)) => problems.push((
                        "offers",
                        cell(
                            if field == "quantity" {
                                "quantity"
                            } else {
                                "producer_price"
                            },
                            reason,
                        ),
                    )),
                }
            }
            Ok(_) => problems.push((
                "offers",
                cell("producer_price", "must be more than 0".into()),
            )),
            Err(e) => problems.push(("offers", cell("producer_price", e.to_string()))),
        }
        let wanted = bayanihan_domain::trade::naming::comparable(&r.product);
        let in_sheet = parsed.products.iter().any(|p| {
            p.organization == r.organization
                && bayanihan_domain::trade::naming::comparable(&p.product.draft.name) == wanted
        });
        if !in_sheet && !products_failed {
            if let std::collections::hash_map::Entry::Vacant(e) = registered.entry(org) {
                e.insert(store.products_of(org).await?);
            }
            if !registered[&org]
                .iter()
                .any(|p: &bayanihan_domain::trade::records::Product| {
                    bayanihan_domain::trade::naming::comparable(&p.name) == wanted
                })
            {
                problems.push((
                    "offers",
                    cell(
                        "product",
                        format!(
                            "{} has no product \"{}\": add it to the products sheet",
                            r.organization, r.product
                        ),
                    ),
                ));
            }
        }
    }
    if !problems.is_empty() {
        report.problems = problems;
        return Ok(report);
    }
    let admin_of: std::collections::HashSet<Uuid> = subject
        .memberships
        .iter()
        .filter(|(_, roles)| roles.contains(&bayanihan_domain::MembershipRole::Admin))
        .map(|(o, _)| *o)
        .collect();
    report.outcome = store
        .import_directory(
            network,
            &parsed,
            &admin_of,
            bayanihan_store::today_utc(),
            apply,
            progress,
        )
        .await?;
    report.applied = apply;
    if apply {
        let changed = |rows: &[(usize, RowAction)]| {
            rows.iter()
                .filter(|(_, a)| !matches!(a, RowAction::Unchanged | RowAction::Kept))
                .count()
        };
        let o = &report.outcome;
        crate::audit::record(
            store,
            caller,
            Some(network),
            "import.applied",
            None,
            serde_json::json!({
                "kind": "directory",
                "rows": o.organizations.len() + o.people.len() + o.products.len() + o.offers.len(),
                "changes": changed(&o.organizations) + changed(&o.people) + changed(&o.products) + changed(&o.offers),
            }),
        )
        .await;
    }
    Ok(report)
}

fn unknown_key(row: usize, key: &str) -> RowProblem {
    RowProblem {
        row,
        column: "organization".into(),
        kind: bayanihan_domain::import::ProblemKind::Cell,
        reason: format!("no organization has the key \"{key}\": add it to the organizations sheet"),
    }
}

/// Whether the caller may bring a directory into `network` (its admins; a network
/// organization): asked before a long import is started, so that a refusal comes at once.
pub async fn may_import_directory(
    store: &Store,
    caller: Option<&Subject>,
    network: Uuid,
) -> AppResult<()> {
    crate::access::on_organization(
        store,
        caller,
        network,
        Action::ManageNetwork,
        "bring organizations into this network",
    )
    .await?;
    if store.organization(network).await?.kind != bayanihan_domain::OrgKind::Network {
        return Err(bayanihan_domain::Invalid::field(
            "network",
            "a directory is brought into a network organization",
        )
        .into());
    }
    Ok(())
}

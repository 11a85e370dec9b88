//! Every list the pages show, as CSV (see `bayanihan_domain::csv_out` for the escaping):
//! the directory, an organization's members, products, obligations, payments and ledger,
//! and a cycle's lines and documents (invoices and statements). Each export asks the same permission as its page. Amounts are plain
//! decimals with their currency in a column of its own; dates and times are ISO 8601. The
//! directory's and the products' columns are the import's, so an export can be edited and
//! brought back.

use bayanihan_domain::access::Subject;
use bayanihan_domain::csv_out;
use bayanihan_domain::person::roles_to_string;
use bayanihan_store::Store;
use uuid::Uuid;

use crate::access::read_private;
use crate::organizations::ListParams;
use crate::AppResult;

/// The columns of the directory (an export reads back as a directory import).
pub const DIRECTORY_COLUMNS: [&str; 14] = [
    "key",
    "name",
    "kind",
    "roles",
    "legal_form",
    "country",
    "region",
    "lat",
    "lon",
    "currency",
    "time_zone",
    "languages",
    "qualifiers",
    "description",
];

fn list<T: ToString>(items: impl IntoIterator<Item = T>) -> String {
    items
        .into_iter()
        .map(|i| i.to_string())
        .collect::<Vec<_>>()
        .join(";")
}

/// The directory (public, as its page), every organization matching the filters. For the
/// admins of the network it is filtered by, the `key` column holds the keys its sheets gave
/// (a registration number, a code: not for everyone's eyes), so that the sheet imports back
/// onto the same organizations; for anyone else, ids.
pub async fn directory(
    store: &Store,
    caller: Option<&Subject>,
    p: &ListParams,
) -> AppResult<String> {
    let (filter, _, _) = crate::organizations::parse_filter(p)?;
    let keys_for = filter.network.filter(|n| {
        bayanihan_domain::decide(caller, *n, bayanihan_domain::Action::ManageNetwork)
            == bayanihan_domain::Decision::Allowed
    });
    directory_with(store, &filter, keys_for).await
}

/// [`directory`] for the command line (its operator reads the database anyway): the network's
/// keys included.
pub async fn directory_all_keys(store: &Store, p: &ListParams) -> AppResult<String> {
    let (filter, _, _) = crate::organizations::parse_filter(p)?;
    directory_with(store, &filter, filter.network).await
}

async fn directory_with(
    store: &Store,
    filter: &bayanihan_store::OrganizationFilter,
    keys_of: Option<Uuid>,
) -> AppResult<String> {
    // Public listings: read from the replica when one is given (`--read-database`).
    let store = &store.reads();
    let keys: std::collections::HashMap<Uuid, String> = match keys_of {
        Some(n) => store
            .import_keys(n)
            .await?
            .into_iter()
            .filter(|(k, id)| *k != id.to_string())
            .map(|(k, id)| (id, k))
            .collect(),
        None => Default::default(),
    };
    let rows: Vec<Vec<String>> = store
        .all_organizations(filter)
        .await?
        .into_iter()
        .map(|o| {
            vec![
                keys.get(&o.id).cloned().unwrap_or_else(|| o.id.to_string()),
                o.name,
                o.kind.id().to_string(),
                list(o.roles.iter().map(|r| r.id())),
                o.legal_form.unwrap_or_default(),
                o.country.code().to_string(),
                o.region.unwrap_or_default(),
                o.location
                    .map(|l| l.lat.degrees().to_string())
                    .unwrap_or_default(),
                o.location
                    .map(|l| l.lon.degrees().to_string())
                    .unwrap_or_default(),
                o.currency.code().to_string(),
                o.time_zone,
                list(o.languages),
                list(o.qualifiers.iter().map(|q| q.id())),
                o.description.unwrap_or_default(),
            ]
        })
        .collect();
    Ok(csv_out::write(&DIRECTORY_COLUMNS, rows))
}

/// An organization's members (its members, as the members page).
pub async fn members(store: &Store, caller: Option<&Subject>, org: Uuid) -> AppResult<String> {
    let ms = crate::organizations::members(store, caller, org).await?;
    let rows = ms.into_iter().map(|m| {
        vec![
            m.person_id.to_string(),
            m.person_name,
            roles_to_string(&m.roles).replace(',', ";"),
            m.stakeholder
                .map(|s| s.id().to_string())
                .unwrap_or_default(),
            m.since.to_string(),
        ]
    });
    Ok(csv_out::write(
        &["person", "name", "role", "stakeholder", "since"],
        rows.collect::<Vec<_>>(),
    ))
}

/// An organization's products (public, as its catalogue page), in the import's columns.
pub async fn products(store: &Store, org: Uuid) -> AppResult<String> {
    let ps = crate::organizations::products(store, org).await?;
    let rows: Vec<Vec<String>> = ps
        .into_iter()
        .map(|p| {
            vec![
                p.name,
                p.category.id().to_string(),
                p.unit,
                format!("{}", p.unit_mass_g as f64 / 1000.0),
                list(p.qualifiers.iter().map(|q| q.id())),
                p.packaging.map(|k| k.id().to_string()).unwrap_or_default(),
                p.description.unwrap_or_default(),
            ]
        })
        .collect();
    Ok(csv_out::write(
        &[
            "name",
            "category",
            "unit",
            "unit_mass_kg",
            "qualifiers",
            "packaging",
            "description",
        ],
        rows,
    ))
}

/// Every obligation of an organization, settled ones too (its members and stewards).
pub async fn obligations(store: &Store, caller: Option<&Subject>, org: Uuid) -> AppResult<String> {
    let obs = crate::trade::obligations(store, caller, org, false).await?;
    let names = store
        .organization_names(
            &obs.iter()
                .flat_map(|o| [o.debtor_id, o.creditor_id])
                .collect::<Vec<_>>(),
        )
        .await?;
    let name = |id: &Uuid| names.get(id).cloned().unwrap_or_default();
    let rows: Vec<Vec<String>> = obs
        .iter()
        .map(|o| {
            vec![
                o.id.to_string(),
                name(&o.debtor_id),
                name(&o.creditor_id),
                o.amount.currency().code().to_string(),
                o.amount.to_decimal_string(),
                o.outstanding.to_decimal_string(),
                o.due_date.to_string(),
                o.cycle_id.map(|c| c.to_string()).unwrap_or_default(),
                o.memo.clone(),
            ]
        })
        .collect();
    Ok(csv_out::write(
        &[
            "obligation",
            "debtor",
            "creditor",
            "currency",
            "amount",
            "outstanding",
            "due_date",
            "cycle",
            "memo",
        ],
        rows,
    ))
}

/// The most payments one export holds.
const MAX_PAYMENTS: i64 = 1_000_000;

/// Every payment on an organization's obligations, reversals and set-offs included, newest
/// first (its members and stewards; who recorded one is named to its members only, as on the
/// money page).
pub async fn payments(store: &Store, caller: Option<&Subject>, org: Uuid) -> AppResult<String> {
    read_private(store, caller, org, "see its payments").await?;
    // Allowed, as the primary says; the rows from the replica when one is given.
    let store = &store.reads();
    let member = caller.is_some_and(|c| c.role_in(org) >= bayanihan_domain::Role::Member);
    let ps = store.payments_of(org, MAX_PAYMENTS).await?;
    let names = store
        .organization_names(
            &ps.iter()
                .flat_map(|p| [p.debtor_id, p.creditor_id])
                .collect::<Vec<_>>(),
        )
        .await?;
    let name = |id: &Uuid| names.get(id).cloned().unwrap_or_default();
    let rows: Vec<Vec<String>> = ps
        .iter()
        .map(|p| {
            vec![
                p.id.to_string(),
                p.obligation_id.to_string(),
                name(&p.debtor_id),
                name(&p.creditor_id),
                p.amount.currency().code().to_string(),
                p.amount.to_decimal_string(),
                p.method.clone(),
                p.reference.clone().unwrap_or_default(),
                p.paid_on.to_string(),
                p.recorded_at.to_string(),
                if member {
                    p.recorded_by_name.clone().unwrap_or_default()
                } else {
                    String::new()
                },
                p.reverses.map(|r| r.to_string()).unwrap_or_default(),
            ]
        })
        .collect();
    Ok(csv_out::write(
        &[
            "payment",
            "obligation",
            "debtor",
            "creditor",
            "currency",
            "amount",
            "method",
            "reference",
            "paid_on",
            "recorded_at",
            "recorded_by",
            "reverses",
        ],
        rows,
    ))
}

/// An organization's ledger postings, oldest first (its members and stewards).
pub async fn ledger(store: &Store, caller: Option<&Subject>, org: Uuid) -> AppResult<String> {
    read_private(store, caller, org, "see its ledger").await?;
    let store = &store.reads();
    let rows: Vec<Vec<String>> = store
        .ledger_postings_of(org)
        .await?
        .into_iter()
        .map(|(tx, at, memo, kind, amount)| {
            vec![
                tx.to_string(),
                at.to_string(),
                memo,
                kind,
                amount.currency().code().to_string(),
                amount.to_decimal_string(),
            ]
        })
        .collect();
    Ok(csv_out::write(
        &["transaction", "at", "memo", "account", "currency", "amount"],
        rows,
    ))
}

/// A cycle's lines, for the hub's coordinators (as the cycle's manage page).
pub async fn cycle_lines(
    store: &Store,
    caller: Option<&Subject>,
    cycle: Uuid,
) -> AppResult<String> {
    let (_, _, lines, offers) = crate::trade::cycle_book(store, caller, cycle).await?;
    let groups = store
        .organization_names(
            &lines
                .iter()
                .map(|l| l.consumer_group_id)
                .collect::<Vec<_>>(),
        )
        .await?;
    let offer = |id: Uuid| offers.iter().find(|o| o.id == id);
    let rows: Vec<Vec<String>> = lines
        .iter()
        .map(|l| {
            let o = offer(l.offer_id);
            vec![
                l.id.to_string(),
                groups
                    .get(&l.consumer_group_id)
                    .cloned()
                    .unwrap_or_default(),
                o.map(|o| o.product.name.clone()).unwrap_or_default(),
                o.map(|o| o.product.unit.clone()).unwrap_or_default(),
                l.quantity.to_string(),
                l.allocated.map(|a| a.to_string()).unwrap_or_default(),
                l.total
                    .map(|t| t.currency().code().to_string())
                    .unwrap_or_default(),
                l.total.map(|t| t.to_decimal_string()).unwrap_or_default(),
            ]
        })
        .collect();
    Ok(csv_out::write(
        &[
            "line",
            "consumer_group",
            "product",
            "unit",
            "quantity",
            "allocated",
            "currency",
            "total",
        ],
        rows,
    ))
}

/// A closed cycle's invoices and statements, each a row (as the cycle's manage page lists
/// them, to whoever may see each).
pub async fn cycle_documents(
    store: &Store,
    caller: Option<&Subject>,
    cycle: Uuid,
) -> AppResult<String> {
    let docs = crate::trade::documents(store, caller, cycle).await?;
    let names = store
        .organization_names(&docs.iter().map(|d| d.organization_id).collect::<Vec<_>>())
        .await?;
    let rows: Vec<Vec<String>> = docs
        .iter()
        .map(|d| {
            vec![
                d.number.clone().unwrap_or_default(),
                d.kind.id().to_string(),
                names.get(&d.organization_id).cloned().unwrap_or_default(),
                d.organization_id.to_string(),
                d.issued_on.map(|x| x.to_string()).unwrap_or_default(),
                d.due_date.to_string(),
                d.total.currency().code().to_string(),
                d.total.to_decimal_string(),
            ]
        })
        .collect();
    Ok(csv_out::write(
        &[
            "number",
            "kind",
            "organization",
            "organization_id",
            "issued_on",
            "due_date",
            "currency",
            "total",
        ],
        rows,
    ))
}

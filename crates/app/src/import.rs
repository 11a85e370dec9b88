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
    require(caller)?;
    store.organization(org).await?;
    let failed = |problems| ImportReport {
        problems,
        actions: Vec::new(),
        applied: false,
    };
    match kind {
        ImportKind::Members => {
            allow(
                caller,
                org,
                Action::ManageMembership {
                    grants: &[],
                    current: &[],
                },
                "bring members in",
            )?;
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
            allow(caller, org, Action::ManageCatalog, "bring products in")?;
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

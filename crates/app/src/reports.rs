//! Triple-bottom-line reports: which report, and who may read it.

use bayanihan_domain::access::Subject;
use bayanihan_domain::impact::period::Period;
use bayanihan_domain::impact::report::{Report, Threshold};
use bayanihan_domain::Invalid;
use bayanihan_store::impact::ReportScope;
use bayanihan_store::Store;
use serde::Deserialize;

use crate::access::{read_private, require};
use crate::AppResult;

/// What report to make.
#[derive(Debug, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams), into_params(parameter_in = Query))]
pub struct ReportParams {
    /// `network:ID` (or `chapter:ID`), `organization:ID`, `cycle:ID` or `value-chain:CATEGORY`.
    #[cfg_attr(
        feature = "openapi",
        param(
            required = true,
            pattern = "^((network|chapter|organization|cycle):[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|value-chain:[a-z_]+)$"
        )
    )]
    pub scope: Option<String>,
    /// `2026-10`, `2026-Q3`, `2026` or `2026-01-05..2026-02-04`.
    #[cfg_attr(
        feature = "openapi",
        param(
            required = true,
            pattern = "^((month:|quarter:|year:)?(19[0-9]{2}|[2-8][0-9]{3}|9[0-8][0-9]{2}|99[0-8][0-9]|999[0-8])(-(0[1-9]|1[0-2])|-Q[1-4])?|(custom:)?(19[0-9]{2}|[2-8][0-9]{3}|9[0-8][0-9]{2}|99[0-8][0-9]|999[0-8])-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])\\.\\.(19[0-9]{2}|[2-8][0-9]{3}|9[0-8][0-9]{2}|99[0-8][0-9]|999[0-8])-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01]))$"
        )
    )]
    pub period: Option<String>,
    /// Counts of people below this read `<N`; at least 5 (the default).
    #[cfg_attr(feature = "openapi", param(minimum = 5))]
    pub threshold: Option<u64>,
    /// `json` (the default) or `csv`.
    #[cfg_attr(feature = "openapi", param(schema_with = bayanihan_domain::openapi::report_format))]
    pub format: Option<String>,
}

/// Checks the parameters and who may see the report, then makes it.
pub async fn load(store: &Store, caller: Option<&Subject>, p: &ReportParams) -> AppResult<Report> {
    require(caller)?;
    let mut c = bayanihan_domain::validate::Collector::new();
    let scope = match p.scope.as_deref() {
        Some(s) => c.take("scope", ReportScope::parse(s)),
        None => {
            c.push("scope", "is required, e.g. network:ID or value-chain:rice");
            None
        }
    };
    let period = match p.period.as_deref() {
        Some(s) => c.take("period", Period::parse(s)),
        None => {
            c.push("period", "is required, e.g. 2026, 2026-Q3 or 2026-10");
            None
        }
    };
    let threshold = c.take(
        "threshold",
        Threshold::new(p.threshold.unwrap_or(Threshold::MIN)),
    );
    if !matches!(p.format.as_deref(), None | Some("json" | "csv")) {
        c.push("format", "must be json or csv");
    }
    c.finish()?;
    let (Some(scope), Some(period), Some(threshold)) = (scope, period, threshold) else {
        return Err(Invalid::field("", "incomplete input").into());
    };
    match scope {
        ReportScope::Organization(o) => {
            read_private(store, caller, o, "see this organization's report").await?
        }
        ReportScope::Cycle(id) => {
            let hub = store.cycle(id).await?.hub_id;
            read_private(store, caller, hub, "see this cycle's report").await?
        }
        ReportScope::Network(n) => {
            // Network figures are aggregates over many organizations with small counts of
            // people suppressed: every signed-in member of the platform may read them.
            let org = store.organization(n).await?;
            if org.kind != bayanihan_domain::OrgKind::Network {
                return Err(Invalid::field(
                    "scope",
                    "this organization is not a network: use organization:ID for its report",
                )
                .into());
            }
        }
        ReportScope::ValueChain(_) => {}
    }
    // Allowed, as the primary says; the report is read from the replica when one is given
    // (`--read-database`): the heaviest read there is.
    Ok(store.reads().tbl_report(scope, &period, threshold).await?)
}

/// Parses "3.5" as 350 hundredths.
pub fn hundredths(s: &str) -> Result<i64, String> {
    let s = s.trim();
    let (whole, frac) = s.split_once('.').unwrap_or((s, ""));
    let ok = !whole.is_empty()
        && whole.len() <= 6
        && whole.chars().all(|c| c.is_ascii_digit())
        && frac.len() <= 2
        && frac.chars().all(|c| c.is_ascii_digit())
        && !(s.contains('.') && frac.is_empty());
    if !ok {
        return Err(format!(
            "\"{s}\" is not a number of FTE with at most two decimals"
        ));
    }
    let w: i64 = whole.parse().map_err(|_| "too large".to_string())?;
    let f: i64 = format!("{frac:0<2}").parse().unwrap_or(0);
    Ok(w * 100 + f)
}

//! Triple-bottom-line reports: `/reports/tbl` as JSON or CSV (the pages render the same
//! report as HTML with charts).

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use bayanihan_domain::impact::period::Period;
use bayanihan_domain::impact::report::{Report, Threshold};
use bayanihan_domain::Invalid;
use bayanihan_store::impact::ReportScope;
use serde::Deserialize;

use super::organizations::allow_private;
use crate::auth::Caller;
use crate::error::{ApiError, ApiResult, Problem};
use crate::extract::Query;
use crate::AppState;

type P = Problem;

/// What report to make.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ReportParams {
    /// `network:ID` (or `chapter:ID`), `organization:ID`, `cycle:ID` or `value-chain:CATEGORY`.
    pub scope: Option<String>,
    /// `2026-10`, `2026-Q3`, `2026` or `2026-01-05..2026-02-04`.
    pub period: Option<String>,
    /// Counts of people below this read `<N`; at least 5 (the default).
    pub threshold: Option<u64>,
    /// `json` (the default) or `csv`.
    pub format: Option<String>,
}

/// Checks the parameters and who may see the report, then makes it.
pub async fn load(state: &AppState, caller: &Caller, p: &ReportParams) -> ApiResult<Report> {
    caller.require()?;
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
        return Err(ApiError::Invalid(Invalid::field("", "incomplete input")));
    };
    match scope {
        ReportScope::Organization(o) => {
            allow_private(state, caller, o, "see this organization's report").await?
        }
        ReportScope::Cycle(id) => {
            let hub = state.store.cycle(id).await?.hub_id;
            allow_private(state, caller, hub, "see this cycle's report").await?
        }
        ReportScope::Network(n) => {
            // Network figures are aggregates over many organizations with small counts of
            // people suppressed: every signed-in member of the platform may read them.
            state.store.organization(n).await?;
        }
        ReportScope::ValueChain(_) => {}
    }
    Ok(state.store.tbl_report(scope, &period, threshold).await?)
}

/// A triple-bottom-line report of a scope and period, beside the period before: economic,
/// environmental and social indicators, by country, by value chain and over time.
#[utoipa::path(get, path = "/reports/tbl", tag = "impact", params(ReportParams),
    security(("bearer" = []), ("session" = [])),
    responses((status = 200, description = "The report (JSON), or one row per figure (CSV: section,indicator,key,currency,unit,current,previous)",
        content_type = "application/json"),
        (status = 401, body = P, content_type = "application/problem+json"),
        (status = 403, body = P, content_type = "application/problem+json"),
        (status = 404, body = P, content_type = "application/problem+json"),
        (status = 422, body = P, content_type = "application/problem+json")))]
pub async fn tbl(
    State(state): State<AppState>,
    caller: Caller,
    Query(p): Query<ReportParams>,
) -> ApiResult<Response> {
    let report = load(&state, &caller, &p).await?;
    Ok(match p.format.as_deref() {
        Some("csv") => (
            [(axum::http::header::CONTENT_TYPE, "text/csv; charset=utf-8")],
            report.to_csv(),
        )
            .into_response(),
        _ => axum::Json(report).into_response(),
    })
}

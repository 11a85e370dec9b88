//! Triple-bottom-line reports: `/reports/tbl` as JSON or CSV (the pages render the same
//! report as HTML with charts).

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use bayanihan_app as app;
use bayanihan_domain::impact::report::Report;
use serde::Serialize;
use uuid::Uuid;

use crate::auth::Caller;
use crate::error::ApiResult;
use crate::extract::{Json, PathId, Query};
use crate::AppState;

pub use bayanihan_app::reports::{hundredths, ReportParams};

/// Checks the parameters and who may see the report, then makes it.
pub async fn load(state: &AppState, caller: &Caller, p: &ReportParams) -> ApiResult<Report> {
    Ok(bayanihan_app::reports::load(&state.store, caller.subject.as_ref(), p).await?)
}

/// A triple-bottom-line report of a scope and period, beside the period before: economic,
/// environmental and social indicators, by country, by value chain and over time.
#[utoipa::path(get, path = "/reports/tbl", tag = "impact", params(ReportParams),
    security(("bearer" = []), ("session" = [])),
    responses((status = 200, description = "The report (JSON), or one row per figure (CSV: section,indicator,key,currency,unit,current,previous)",
        content_type = "application/json")))]
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

pub use bayanihan_app::impact::{JobsInput, ReferencePriceInput, ReturnInput};

/// Created.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Created {
    pub id: Uuid,
}

/// Record a reference market price for a product, per region and period, for the price-premium
/// indicator (the producer's admins; stewards of its networks).
#[utoipa::path(post, path = "/products/{id}/reference-prices", tag = "impact", params(("id" = Uuid, Path)), request_body = ReferencePriceInput,
    security(("bearer" = []), ("session" = [])),
    responses((status = 201, body = Created)))]
pub async fn add_reference_price(
    State(state): State<AppState>,
    caller: Caller,
    PathId(product): PathId,
    Json(i): Json<ReferencePriceInput>,
) -> ApiResult<Response> {
    let id =
        app::impact::add_reference_price(&state.store, caller.subject.as_ref(), product, None, &i)
            .await?;
    Ok((StatusCode::CREATED, axum::Json(Created { id })).into_response())
}

/// Declare the jobs (full-time equivalents, by gender) the organization employed over a span
/// of time (its admins).
#[utoipa::path(post, path = "/organizations/{id}/jobs", tag = "impact", params(("id" = Uuid, Path)), request_body = JobsInput,
    security(("bearer" = []), ("session" = [])),
    responses((status = 201, body = Created)))]
pub async fn declare_jobs(
    State(state): State<AppState>,
    caller: Caller,
    PathId(org): PathId,
    Json(i): Json<JobsInput>,
) -> ApiResult<Response> {
    let id = app::impact::declare_jobs(&state.store, caller.subject.as_ref(), org, &i).await?;
    Ok((StatusCode::CREATED, axum::Json(Created { id })).into_response())
}

/// Record returnable packaging brought back for an offer of a closed cycle (the hub's
/// coordinators).
#[utoipa::path(post, path = "/offers/{id}/packaging-returns", tag = "impact", params(("id" = Uuid, Path)), request_body = ReturnInput,
    security(("bearer" = []), ("session" = [])),
    responses((status = 204, description = "Recorded")))]
pub async fn packaging_return(
    State(state): State<AppState>,
    caller: Caller,
    PathId(offer): PathId,
    Json(i): Json<ReturnInput>,
) -> ApiResult<StatusCode> {
    app::impact::record_packaging_return(&state.store, caller.subject.as_ref(), offer, None, &i)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[cfg(test)]
mod tests {
    use super::hundredths;

    #[test]
    fn fte_are_read_to_the_hundredth() {
        assert_eq!(hundredths("3.5"), Ok(350));
        assert_eq!(hundredths(" 3.55 "), Ok(355));
        assert_eq!(hundredths("12"), Ok(1_200));
        for bad in ["3.555", "-1", "", "1,5", ".5", "3.", "1e3", "1234567"] {
            assert!(hundredths(bad).is_err(), "{bad}");
        }
    }
}

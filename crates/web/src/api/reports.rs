//! Triple-bottom-line reports: `/reports/tbl` as JSON or CSV (the pages render the same
//! report as HTML with charts).

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use bayanihan_domain::access::Action;
use bayanihan_domain::impact::report::Report;
use bayanihan_domain::text::Shape;
use bayanihan_domain::validate::Collector;
use bayanihan_domain::Invalid;
use bayanihan_domain::{Currency, Gender, Money};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::organizations::{allow, parse_date_field};
use crate::auth::Caller;
use crate::error::{ApiError, ApiResult, Problem};
use crate::extract::{Json, PathId, Query};
use crate::AppState;

type P = Problem;

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

/// A date span both given and in order, or the fields named.
fn span(
    c: &mut Collector,
    from: &Option<String>,
    to: &Option<String>,
) -> Option<(jiff::civil::Date, jiff::civil::Date)> {
    let f = parse_date_field(c, "valid_from", from);
    let t = parse_date_field(c, "valid_to", to);
    if from.is_none() {
        c.push("valid_from", "is required (YYYY-MM-DD)");
    }
    if to.is_none() {
        c.push("valid_to", "is required (YYYY-MM-DD)");
    }
    match (f, t) {
        (Some(f), Some(t)) if t < f => {
            c.push("valid_to", "must not be before valid_from");
            None
        }
        (Some(f), Some(t)) => Some((f, t)),
        _ => None,
    }
}

/// A reference market price for a product.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReferencePriceInput {
    /// The price of one unit, a decimal string in `currency` ("180.00").
    #[schema(schema_with = bayanihan_domain::openapi::amount, required = true)]
    pub price: Option<String>,
    #[schema(schema_with = bayanihan_domain::openapi::currency, required = true)]
    pub currency: Option<String>,
    /// The region it holds in (as organizations name regions); any region when left out.
    #[schema(schema_with = bayanihan_domain::openapi::opt_line_200)]
    pub region: Option<String>,
    /// YYYY-MM-DD, both days included.
    #[schema(schema_with = bayanihan_domain::openapi::date, required = true)]
    pub valid_from: Option<String>,
    #[schema(schema_with = bayanihan_domain::openapi::date, required = true)]
    pub valid_to: Option<String>,
    /// Where the figure comes from ("provincial market survey, week 12").
    #[schema(schema_with = bayanihan_domain::openapi::name_200, required = true)]
    pub source: Option<String>,
}

/// Created.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Created {
    pub id: Uuid,
}

/// Record a reference market price for a product, per region and period, for the price-premium
/// indicator (the producer's admins; stewards of its networks).
#[utoipa::path(post, path = "/products/{id}/reference-prices", tag = "impact", params(("id" = Uuid, Path)), request_body = ReferencePriceInput,
    security(("bearer" = []), ("session" = [])),
    responses((status = 201, body = Created), (status = 401, body = P, content_type = "application/problem+json"),
        (status = 403, body = P, content_type = "application/problem+json"), (status = 404, body = P, content_type = "application/problem+json"),
        (status = 422, body = P, content_type = "application/problem+json")))]
pub async fn add_reference_price(
    State(state): State<AppState>,
    caller: Caller,
    PathId(product): PathId,
    Json(i): Json<ReferencePriceInput>,
) -> ApiResult<Response> {
    caller.require()?;
    let p = state.store.product(product).await?;
    allow(
        &caller,
        p.organization_id,
        Action::ManageCatalog,
        "record reference prices for its products",
    )?;
    let mut c = Collector::new();
    let currency = match i.currency.as_deref() {
        Some(s) => c.take("currency", Currency::parse(s)),
        None => {
            c.push("currency", "is required, e.g. PHP");
            None
        }
    };
    let price = match (i.price.as_deref(), currency) {
        (Some(s), Some(cy)) => match Money::parse_plain(s, cy) {
            Ok(m) if m.minor() > 0 => Some(m),
            Ok(_) => {
                c.push("price", "must be more than zero");
                None
            }
            Err(e) => {
                c.push("price", e.reason());
                None
            }
        },
        (None, _) => {
            c.push("price", "is required, e.g. \"180.00\"");
            None
        }
        _ => None,
    };
    let dates = span(&mut c, &i.valid_from, &i.valid_to);
    let source = c.required_text("source", i.source.as_deref(), Shape::Line, 200);
    let region = c.optional_text("region", i.region.as_deref(), Shape::Line, 200);
    c.finish()?;
    let (Some(price), Some((from, to)), Some(source)) = (price, dates, source) else {
        return Err(ApiError::Invalid(Invalid::field("", "incomplete input")));
    };
    let region = region.as_deref();
    let id = state
        .store
        .add_reference_price(
            product,
            region,
            from,
            to,
            price.currency(),
            price.minor(),
            &source,
        )
        .await?;
    Ok((StatusCode::CREATED, axum::Json(Created { id })).into_response())
}

/// Jobs an organization declares for a span of time.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct JobsInput {
    /// Full-time equivalents, a decimal with at most two decimals ("3.5").
    #[schema(schema_with = bayanihan_domain::openapi::fte, required = true)]
    pub fte: Option<String>,
    /// `woman`, `man`, `non_binary` or `prefer_not_to_say`; not said when left out.
    #[schema(value_type = Option<bayanihan_domain::Gender>)]
    pub gender: Option<String>,
    #[schema(schema_with = bayanihan_domain::openapi::date, required = true)]
    pub valid_from: Option<String>,
    #[schema(schema_with = bayanihan_domain::openapi::date, required = true)]
    pub valid_to: Option<String>,
}

/// Declare the jobs (full-time equivalents, by gender) the organization employed over a span
/// of time (its admins).
#[utoipa::path(post, path = "/organizations/{id}/jobs", tag = "impact", params(("id" = Uuid, Path)), request_body = JobsInput,
    security(("bearer" = []), ("session" = [])),
    responses((status = 201, body = Created), (status = 401, body = P, content_type = "application/problem+json"),
        (status = 403, body = P, content_type = "application/problem+json"), (status = 404, body = P, content_type = "application/problem+json"),
        (status = 422, body = P, content_type = "application/problem+json")))]
pub async fn declare_jobs(
    State(state): State<AppState>,
    caller: Caller,
    PathId(org): PathId,
    Json(i): Json<JobsInput>,
) -> ApiResult<Response> {
    let subject = caller.require()?.clone();
    state.store.organization(org).await?;
    allow(&caller, org, Action::Update, "declare its jobs")?;
    let mut c = Collector::new();
    let fte = match i.fte.as_deref().map(hundredths) {
        Some(Ok(v)) if v > 0 => Some(v),
        Some(Ok(_)) => {
            c.push("fte", "must be more than zero");
            None
        }
        Some(Err(e)) => {
            c.push("fte", e);
            None
        }
        None => {
            c.push("fte", "is required, e.g. \"3.5\"");
            None
        }
    };
    let gender = i
        .gender
        .as_deref()
        .and_then(|g| c.take("gender", Gender::parse(g)));
    let dates = span(&mut c, &i.valid_from, &i.valid_to);
    c.finish()?;
    let (Some(fte), Some((from, to))) = (fte, dates) else {
        return Err(ApiError::Invalid(Invalid::field("", "incomplete input")));
    };
    let id = state
        .store
        .declare_jobs(org, from, to, gender, fte, Some(subject.person_id))
        .await?;
    Ok((StatusCode::CREATED, axum::Json(Created { id })).into_response())
}

/// Returnable packaging brought back.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReturnInput {
    /// How many units' packaging came back.
    #[serde(default, deserialize_with = "bayanihan_domain::parse::whole::option")]
    #[schema(value_type = u64, required = true, minimum = 1, maximum = 10000000)]
    pub units: Option<u64>,
}

/// Record returnable packaging brought back for an offer of a closed cycle (the hub's
/// coordinators).
#[utoipa::path(post, path = "/offers/{id}/packaging-returns", tag = "impact", params(("id" = Uuid, Path)), request_body = ReturnInput,
    security(("bearer" = []), ("session" = [])),
    responses((status = 204, description = "Recorded"), (status = 401, body = P, content_type = "application/problem+json"),
        (status = 403, body = P, content_type = "application/problem+json"), (status = 404, body = P, content_type = "application/problem+json"),
        (status = 409, body = P, content_type = "application/problem+json"), (status = 422, body = P, content_type = "application/problem+json")))]
pub async fn packaging_return(
    State(state): State<AppState>,
    caller: Caller,
    PathId(offer): PathId,
    Json(i): Json<ReturnInput>,
) -> ApiResult<StatusCode> {
    let subject = caller.require()?.clone();
    let o = state.store.offer(offer).await?;
    let hub = state.store.cycle(o.cycle_id).await?.hub_id;
    allow(&caller, hub, Action::RunCycles, "record packaging returns")?;
    let units = match i.units {
        Some(u) if u > 0 && u <= 10_000_000 => u,
        _ => {
            return Err(ApiError::Invalid(Invalid::field(
                "units",
                "must be a whole number from 1 to 10000000",
            )))
        }
    };
    state
        .store
        .record_packaging_return(offer, units, Some(subject.person_id))
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

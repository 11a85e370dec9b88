//! Self-help groups' books: rules, meetings, grants, members' loans, write-offs. Who may do
//! what is the use cases' (`bayanihan_app::books`): a member sees their own accounts and the
//! group's aggregates, the bookkeepers everyone's.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use bayanihan_app::{books, borrowings};
use bayanihan_domain::finance::book::{MeetingInput, Numbers};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::auth::Caller;
use crate::error::ApiResult;
use crate::extract::{Json, PathId, Query};
use crate::AppState;

pub use bayanihan_app::books::{BookView, GrantInput, MeetingView, RulesInput};

fn created<T: Serialize>(v: T) -> Response {
    (StatusCode::CREATED, axum::Json(v)).into_response()
}

/// As at which date to read a book.
#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct AsAt {
    /// YYYY-MM-DD: the book as it stood at the end of this day (today, in the group's time
    /// zone, when left out).
    #[param(value_type = Option<String>, format = Date)]
    pub as_at: Option<String>,
}

pub(super) fn as_at(q: &AsAt) -> Result<Option<jiff::civil::Date>, bayanihan_domain::Invalid> {
    q.as_at
        .as_deref()
        .map(|s| {
            s.parse().map_err(|_| {
                bayanihan_domain::Invalid::field(
                    "as_at",
                    format!("\"{s}\" is not a date such as 2026-03-01"),
                )
            })
        })
        .transpose()
}

/// Set a self-help group's book rules: currency, compulsory saving per meeting, which savings
/// may be withdrawn, group size (the group's admins).
#[utoipa::path(put, path = "/organizations/{id}/book/rules", tag = "books", params(("id" = Uuid, Path)),
    request_body = RulesInput,
    security(("bearer" = []), ("session" = [])),
    responses((status = 204)))]
pub async fn set_rules(
    State(state): State<AppState>,
    caller: Caller,
    PathId(org): PathId,
    Json(i): Json<RulesInput>,
) -> ApiResult<StatusCode> {
    books::set_rules(
        &state.store,
        caller.subject.as_ref(),
        org,
        &i,
        Numbers::Plain,
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A self-help group's book as at a date: totals and corpus, portfolio quality (PAR30, PAR90,
/// ageing), members' accounts (the bookkeepers see everyone's, a member their own), the newest
/// meetings.
#[utoipa::path(get, path = "/organizations/{id}/book", tag = "books", params(("id" = Uuid, Path), AsAt),
    security(("bearer" = []), ("session" = [])),
    responses((status = 200, body = BookView)))]
pub async fn get_book(
    State(state): State<AppState>,
    caller: Caller,
    PathId(org): PathId,
    Query(q): Query<AsAt>,
) -> ApiResult<axum::Json<BookView>> {
    let day = as_at(&q)?;
    Ok(axum::Json(
        books::book(&state.store, caller.subject.as_ref(), org, day).await?,
    ))
}

/// Enter a meeting (the group's bookkeepers): each member's savings, repayment, fine and
/// withdrawal, the loans made, the minutes — written as balanced entries dated by the meeting.
/// A meeting dated after today, a withdrawal beyond the member's savings, a repayment beyond
/// what is owed, a loan beyond the cash: 422 naming the field, nothing written. The group's
/// meeting of that date entered already: 409.
#[utoipa::path(post, path = "/organizations/{id}/book/meetings", tag = "books", params(("id" = Uuid, Path)),
    request_body = MeetingInput,
    security(("bearer" = []), ("session" = [])),
    responses((status = 201, body = Object)))]
pub async fn record_meeting(
    State(state): State<AppState>,
    caller: Caller,
    PathId(org): PathId,
    Json(i): Json<MeetingInput>,
) -> ApiResult<Response> {
    Ok(created(
        books::record_meeting(
            &state.store,
            caller.subject.as_ref(),
            org,
            &i,
            Numbers::Plain,
        )
        .await?,
    ))
}

/// One meeting: who came and what each member's line was (the bookkeepers see every line, a
/// member their own).
#[utoipa::path(get, path = "/book-meetings/{id}", tag = "books", params(("id" = Uuid, Path)),
    security(("bearer" = []), ("session" = [])),
    responses((status = 200, body = MeetingView)))]
pub async fn get_meeting(
    State(state): State<AppState>,
    caller: Caller,
    PathId(id): PathId,
) -> ApiResult<axum::Json<MeetingView>> {
    Ok(axum::Json(
        books::meeting(&state.store, caller.subject.as_ref(), id).await?,
    ))
}

/// A member's loans as at a date, with their schedules and standing (the member, or the
/// group's bookkeepers).
#[utoipa::path(get, path = "/organizations/{id}/book/members/{person_id}/loans", tag = "books",
    params(("id" = Uuid, Path), ("person_id" = Uuid, Path), AsAt),
    security(("bearer" = []), ("session" = [])),
    responses((status = 200, body = Vec<Object>)))]
pub async fn member_loans(
    State(state): State<AppState>,
    caller: Caller,
    PathId((org, person)): PathId<(Uuid, Uuid)>,
    Query(q): Query<AsAt>,
) -> ApiResult<Response> {
    let day = as_at(&q)?;
    Ok(axum::Json(
        books::member_loans(&state.store, caller.subject.as_ref(), org, person, day).await?,
    )
    .into_response())
}

/// Record a grant or revolving fund the group received (the group's bookkeepers).
#[utoipa::path(post, path = "/organizations/{id}/book/grants", tag = "books", params(("id" = Uuid, Path)),
    request_body = GrantInput,
    security(("bearer" = []), ("session" = [])),
    responses((status = 201, body = bayanihan_domain::finance::book::Totals)))]
pub async fn record_grant(
    State(state): State<AppState>,
    caller: Caller,
    PathId(org): PathId,
    Json(i): Json<GrantInput>,
) -> ApiResult<Response> {
    Ok(created(
        books::record_grant(
            &state.store,
            caller.subject.as_ref(),
            org,
            &i,
            Numbers::Plain,
        )
        .await?,
    ))
}

/// Reschedule a member's loan (the group's admins): from `on` (not before her last repayment,
/// not after today) what is left — the outstanding principal and the interest due and unpaid —
/// is repaid in `instalments` new instalments at the loan's rate; what was paid stays. The
/// book as at any earlier date keeps the old schedule; PAR counts the loan and shows it apart.
#[utoipa::path(post, path = "/organizations/{id}/book/loans/{loan_id}/reschedule", tag = "books",
    params(("id" = Uuid, Path), ("loan_id" = Uuid, Path)),
    request_body = bayanihan_domain::finance::book::RescheduleInput,
    security(("bearer" = []), ("session" = [])),
    responses((status = 204)))]
pub async fn reschedule(
    State(state): State<AppState>,
    caller: Caller,
    PathId((org, loan)): PathId<(Uuid, Uuid)>,
    Json(i): Json<bayanihan_domain::finance::book::RescheduleInput>,
) -> ApiResult<StatusCode> {
    books::reschedule(&state.store, caller.subject.as_ref(), org, loan, &i).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Write off what is left of a loan's principal, dated today (the group's admins).
#[utoipa::path(post, path = "/organizations/{id}/book/loans/{loan_id}/write-off", tag = "books",
    params(("id" = Uuid, Path), ("loan_id" = Uuid, Path)),
    security(("bearer" = []), ("session" = [])),
    responses((status = 204)))]
pub async fn write_off(
    State(state): State<AppState>,
    caller: Caller,
    PathId((org, loan)): PathId<(Uuid, Uuid)>,
) -> ApiResult<StatusCode> {
    books::write_off(&state.store, caller.subject.as_ref(), org, loan).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A self-help group's bank-linkage file as at a date: the Panchasutra indicators with their
/// parts and wholes, score, grade, eligibility and reasons, the next loan dose, the corpus and
/// portfolio quality — under the shipped NABARD-style policy, whose caution it repeats. Its
/// members, its networks' stewards and the people it shared the file with (a bank officer)
/// read it.
#[utoipa::path(get, path = "/organizations/{id}/linkage", tag = "books", params(("id" = Uuid, Path), AsAt),
    security(("bearer" = []), ("session" = [])),
    responses((status = 200, body = books::LinkageFile)))]
pub async fn linkage(
    State(state): State<AppState>,
    caller: Caller,
    PathId(org): PathId,
    Query(q): Query<AsAt>,
) -> ApiResult<axum::Json<books::LinkageFile>> {
    let day = as_at(&q)?;
    Ok(axum::Json(
        books::linkage_file(&state.store, caller.subject.as_ref(), org, day).await?,
    ))
}

/// The linkage file as CSV: one row per figure, with its part, whole and points.
#[utoipa::path(get, path = "/organizations/{id}/linkage.csv", tag = "books", params(("id" = Uuid, Path), AsAt),
    security(("bearer" = []), ("session" = [])),
    responses((status = 200, description = "CSV", content_type = "text/csv")))]
pub async fn linkage_csv(
    State(state): State<AppState>,
    caller: Caller,
    PathId(org): PathId,
    Query(q): Query<AsAt>,
) -> ApiResult<Response> {
    let day = as_at(&q)?;
    let f = books::linkage_file(&state.store, caller.subject.as_ref(), org, day).await?;
    Ok((
        [(axum::http::header::CONTENT_TYPE, "text/csv; charset=utf-8")],
        books::linkage_csv(&f),
    )
        .into_response())
}

/// Whom to share a linkage file with.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ShareInput {
    /// The address the bank officer signs in with.
    #[schema(schema_with = bayanihan_domain::openapi::sign_in)]
    pub email: String,
}

/// Share the group's linkage file, read only, with a bank officer who has an account (the
/// group's admins).
#[utoipa::path(post, path = "/organizations/{id}/linkage/shares", tag = "books", params(("id" = Uuid, Path)),
    request_body = ShareInput,
    security(("bearer" = []), ("session" = [])),
    responses((status = 204)))]
pub async fn share_linkage(
    State(state): State<AppState>,
    caller: Caller,
    PathId(org): PathId,
    Json(i): Json<ShareInput>,
) -> ApiResult<StatusCode> {
    books::share_linkage(&state.store, caller.subject.as_ref(), org, &i.email).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The loan portfolio of the self-help groups inside a network (a federation) as at a date:
/// each group's PAR30, PAR90 and ageing, and all together per currency (the network's people).
#[utoipa::path(get, path = "/networks/{id}/book-portfolio", tag = "books", params(("id" = Uuid, Path), AsAt),
    security(("bearer" = []), ("session" = [])),
    responses((status = 200, body = books::FederationPortfolio)))]
pub async fn federation_portfolio(
    State(state): State<AppState>,
    caller: Caller,
    PathId(network): PathId,
    Query(q): Query<AsAt>,
) -> ApiResult<axum::Json<books::FederationPortfolio>> {
    let day = as_at(&q)?;
    Ok(axum::Json(
        books::federation_portfolio(&state.store, caller.subject.as_ref(), network, day).await?,
    ))
}

/// Record a loan the group received from a bank or a federation (the group's bookkeepers):
/// its schedule is made, the money enters the cash, and when the lender is an organization on
/// the platform — a network of the group or one sharing a network with it — each instalment
/// becomes an obligation to it that clearing rounds can net. A date after today, a lender
/// outside the group's networks: 422 naming the field, nothing written.
#[utoipa::path(post, path = "/organizations/{id}/book/borrowings", tag = "books", params(("id" = Uuid, Path)),
    request_body = bayanihan_domain::finance::borrowing::BorrowingInput,
    security(("bearer" = []), ("session" = [])),
    responses((status = 201, body = Object)))]
pub async fn record_borrowing(
    State(state): State<AppState>,
    caller: Caller,
    PathId(org): PathId,
    Json(i): Json<bayanihan_domain::finance::borrowing::BorrowingInput>,
) -> ApiResult<Response> {
    Ok(created(
        borrowings::record(
            &state.store,
            caller.subject.as_ref(),
            org,
            &i,
            Numbers::Plain,
        )
        .await?,
    ))
}

/// The group's own loans as at a date: schedule, what was repaid, what was on-lent, standing
/// (days past due, arrears) and each instalment's obligation (the group's members).
#[utoipa::path(get, path = "/organizations/{id}/book/borrowings", tag = "books", params(("id" = Uuid, Path), AsAt),
    security(("bearer" = []), ("session" = [])),
    responses((status = 200, body = Vec<Object>)))]
pub async fn group_borrowings(
    State(state): State<AppState>,
    caller: Caller,
    PathId(org): PathId,
    Query(q): Query<AsAt>,
) -> ApiResult<Response> {
    let day = as_at(&q)?;
    Ok(
        axum::Json(borrowings::of_group(&state.store, caller.subject.as_ref(), org, day).await?)
            .into_response(),
    )
}

/// One loan to a group as at a date (the group's members, or the lender's people).
#[utoipa::path(get, path = "/book-borrowings/{id}", tag = "books", params(("id" = Uuid, Path), AsAt),
    security(("bearer" = []), ("session" = [])),
    responses((status = 200, body = Object)))]
pub async fn get_borrowing(
    State(state): State<AppState>,
    caller: Caller,
    PathId(id): PathId,
    Query(q): Query<AsAt>,
) -> ApiResult<Response> {
    let day = as_at(&q)?;
    Ok(
        axum::Json(borrowings::one(&state.store, caller.subject.as_ref(), id, day).await?)
            .into_response(),
    )
}

/// Record a repayment of one of the group's loans (the group's bookkeepers): interest due
/// first, then principal; the lender's open obligations are paid oldest first. More than is
/// owed, than the cash holds, or than a clearing round left open: 422 naming `amount`.
#[utoipa::path(post, path = "/organizations/{id}/book/borrowings/{borrowing_id}/repayments", tag = "books",
    params(("id" = Uuid, Path), ("borrowing_id" = Uuid, Path)),
    request_body = bayanihan_domain::finance::borrowing::BorrowingRepaymentInput,
    security(("bearer" = []), ("session" = [])),
    responses((status = 201, body = Object)))]
pub async fn repay_borrowing(
    State(state): State<AppState>,
    caller: Caller,
    PathId((org, borrowing)): PathId<(Uuid, Uuid)>,
    Json(i): Json<bayanihan_domain::finance::borrowing::BorrowingRepaymentInput>,
) -> ApiResult<Response> {
    Ok(created(
        borrowings::repay(
            &state.store,
            caller.subject.as_ref(),
            org,
            borrowing,
            &i,
            Numbers::Plain,
        )
        .await?,
    ))
}

/// What an organization lent to self-help groups on the platform, as at a date: each loan,
/// their PAR30/PAR90 and ageing, and the quality of the members' loans they fund (the
/// lender's people).
#[utoipa::path(get, path = "/organizations/{id}/lending", tag = "books", params(("id" = Uuid, Path), AsAt),
    security(("bearer" = []), ("session" = [])),
    responses((status = 200, body = Object)))]
pub async fn lending(
    State(state): State<AppState>,
    caller: Caller,
    PathId(org): PathId,
    Query(q): Query<AsAt>,
) -> ApiResult<Response> {
    let day = as_at(&q)?;
    Ok(axum::Json(
        borrowings::lender_portfolio(&state.store, caller.subject.as_ref(), org, day).await?,
    )
    .into_response())
}

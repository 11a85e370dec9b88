//! Community investment in pages: an organization's offers and the form its admins open one
//! with; an offer with its progress and the form to commit to it in one's own currency at the
//! day's rate; a commitment with the investor's position and, for the organization's
//! treasurers, the receipt and repayment forms; an investor's own positions. Every record is
//! confirmed by a box: nothing irreversible in one tap.

use bayanihan_app::investments::{self, InvestorRepaymentInput, ReceiptInput};
use bayanihan_domain::finance::book::Numbers;
use bayanihan_domain::finance::investment::{CommitmentInput, OfferInput, Position};
use bayanihan_store::investments::{CommitmentView, OfferRecord};

use crate::i18n::format_date;

use super::books::AsAtQuery;
use super::*;

/// An offer as a list shows it: (id, organization, purpose, committed of target, closes on,
/// return).
type OfferRow = (Uuid, String, String, String, String, String);

fn offer_row(v: &Visitor, o: &OfferRecord) -> OfferRow {
    let (l, cur) = (v.lang, o.offer.currency);
    (
        o.id,
        o.organization_name.clone(),
        o.offer.purpose.clone(),
        format!(
            "{} / {}",
            format_money(l, Money::new(o.committed, cur)),
            format_money(l, Money::new(o.offer.target, cur))
        ),
        format_date(l, o.offer.closes_on),
        return_text(v, o),
    )
}

fn return_text(v: &Visitor, o: &OfferRecord) -> String {
    match &o.offer.return_rate {
        Some(r) => tr_args(
            v.lang,
            "invest-return-rate",
            &[("rate", FluentValue::from(r.clone()))],
        ),
        None => tr(v.lang, "invest-no-return"),
    }
}

#[derive(Template)]
#[template(path = "invest_offers.html")]
pub(super) struct OffersPage {
    c: Chrome,
    id: Uuid,
    name: String,
    offers: Vec<OfferRow>,
    is_admin: bool,
    error: Option<String>,
    f: OfferForm,
}

#[derive(Deserialize, Default, Clone)]
pub(super) struct OfferForm {
    #[serde(default)]
    csrf: String,
    confirm: Option<String>,
    #[serde(default)]
    purpose: String,
    #[serde(default)]
    currency: String,
    #[serde(default)]
    target: String,
    #[serde(default)]
    min_ticket: String,
    #[serde(default)]
    return_rate: String,
    #[serde(default)]
    term_months: String,
    #[serde(default)]
    per_year: String,
    #[serde(default)]
    closes_on: String,
}

async fn offers_page(
    state: &AppState,
    v: &Visitor,
    org: Uuid,
    f: Option<OfferForm>,
    error: Option<String>,
) -> PageResult {
    v.signed_in()?;
    let who = v.caller.subject.as_ref();
    let list = investments::offers_of(&state.store, who, org)
        .await
        .or_page(v)?;
    let o = bayanihan_app::organizations::organization(&state.store, org)
        .await
        .or_page(v)?;
    let mut f = f.unwrap_or_default();
    if f.currency.is_empty() {
        f.currency = o.currency.code().to_string();
    }
    if f.per_year.is_empty() {
        f.per_year = "4".into();
    }
    let page = OffersPage {
        c: v.chrome(v.t("invest-offers")),
        id: org,
        name: o.name.to_string(),
        offers: list.iter().map(|x| offer_row(v, x)).collect(),
        is_admin: decide(who, org, Action::Update) == Decision::Allowed,
        error: error.clone(),
        f,
    };
    Ok(v.render_form(error.is_some(), StatusCode::UNPROCESSABLE_ENTITY, &page))
}

pub(super) async fn offers(
    State(state): State<AppState>,
    v: Visitor,
    PathId(org): PathId,
) -> PageResult {
    offers_page(&state, &v, org, None, None).await
}

pub(super) async fn open_offer(
    State(state): State<AppState>,
    v: Visitor,
    PathId(org): PathId,
    Form(f): Form<OfferForm>,
) -> PageResult {
    let subject = v.posted(&f.csrf)?;
    v.unconfirmed(&f.confirm)?;
    let opt = |s: &str| Some(s.trim().to_string()).filter(|s| !s.is_empty());
    let i = OfferInput {
        purpose: opt(&f.purpose),
        currency: opt(&f.currency),
        target: opt(&f.target),
        min_ticket: opt(&f.min_ticket),
        return_rate: opt(&f.return_rate),
        // A number the parser refuses (0) names the field when the box holds no number.
        term_months: opt(&f.term_months).map(|s| s.parse().unwrap_or(0)),
        per_year: opt(&f.per_year).map(|s| s.parse().unwrap_or(0)),
        closes_on: opt(&f.closes_on),
        repayments_start: None,
    };
    match investments::open_offer(&state.store, Some(&subject), org, &i, Numbers::Written)
        .await
        .map_err(ApiError::from)
    {
        Ok(o) => Ok(Redirect::to(&format!("/investment-offers/{}", o.id)).into_response()),
        Err(e) => match form_error(&v, &e) {
            Some(msg) => offers_page(&state, &v, org, Some(f), Some(msg)).await,
            None => Err(v.failure(e)),
        },
    }
}

/// A commitment as a list shows it: (id, investor, committed on, sent, rate, amount, received
/// on, outstanding principal).
type CommitmentRow = (Uuid, String, String, String, String, String, String, String);

fn commitment_row(l: Lang, c: &CommitmentView) -> CommitmentRow {
    let p = &c.position;
    (
        c.id,
        c.investor_name.clone(),
        format_date(l, c.committed_on),
        format_money(l, p.remitted),
        p.fx.to_string(),
        format_money(l, p.committed),
        p.received_on
            .map_or_else(String::new, |d| format_date(l, d)),
        format_money(l, p.principal_outstanding),
    )
}

#[derive(Template)]
#[template(path = "invest_offer.html")]
pub(super) struct OfferPage {
    c: Chrome,
    id: Uuid,
    org: Uuid,
    org_name: String,
    purpose: String,
    currency: String,
    progress: String,
    /// Committed as a share of the target, in whole percent (for the bar).
    percent: u64,
    min_ticket: String,
    terms: String,
    closes_on: String,
    open: bool,
    is_admin: bool,
    closed_early: bool,
    mine: Vec<CommitmentRow>,
    all: Option<Vec<CommitmentRow>>,
    /// (label, amount) of what the organization owes.
    owed: Vec<(String, String)>,
    notice: Option<String>,
    error: Option<String>,
    amount: String,
    their_currency: String,
    fx_rate: String,
    fx_source: String,
}

#[derive(Deserialize, Default)]
pub(super) struct CommitForm {
    #[serde(default)]
    csrf: String,
    confirm: Option<String>,
    #[serde(default)]
    amount: String,
    #[serde(default)]
    currency: String,
    #[serde(default)]
    fx_rate: String,
    #[serde(default)]
    fx_source: String,
}

async fn offer_page(
    state: &AppState,
    v: &Visitor,
    id: Uuid,
    f: Option<&CommitForm>,
    notice: Option<String>,
    error: Option<String>,
) -> PageResult {
    v.signed_in()?;
    let who = v.caller.subject.as_ref();
    let view = investments::offer(&state.store, who, id, None)
        .await
        .or_page(v)?;
    let o = &view.offer;
    let l = v.lang;
    let cur = o.offer.currency;
    let m = |x: i64| format_money(l, Money::new(x, cur));
    let owed = view
        .liabilities
        .iter()
        .flatten()
        .flat_map(|x| {
            [
                (v.t("invest-received"), format_money(l, x.received)),
                (v.t("invest-awaiting"), format_money(l, x.awaiting)),
                (
                    v.t("invest-principal-repaid"),
                    format_money(l, x.principal_repaid),
                ),
                (
                    v.t("invest-principal-outstanding"),
                    format_money(l, x.principal_outstanding),
                ),
                (v.t("invest-return-paid"), format_money(l, x.return_paid)),
                (
                    v.t("invest-return-next-year"),
                    format_money(l, x.return_next_12_months),
                ),
                (v.t("invest-overdue"), format_money(l, x.overdue)),
            ]
        })
        .collect();
    let empty = CommitForm::default();
    let f = f.unwrap_or(&empty);
    let page = OfferPage {
        c: v.chrome(v.t("invest-offer")),
        id,
        org: o.organization_id,
        org_name: o.organization_name.clone(),
        purpose: o.offer.purpose.clone(),
        currency: cur.code().to_string(),
        progress: format!("{} / {}", m(o.committed), m(o.offer.target)),
        percent: (o.committed.max(0) as u64 * 100)
            .checked_div(o.offer.target.max(1) as u64)
            .unwrap_or(0)
            .min(100),
        min_ticket: m(o.offer.min_ticket),
        terms: tr_args(
            v.lang,
            "invest-terms",
            &[
                ("months", FluentValue::from(o.offer.term_months)),
                ("per_year", FluentValue::from(o.offer.per_year)),
                ("return", FluentValue::from(return_text(v, o))),
            ],
        ),
        closes_on: format_date(l, o.offer.closes_on),
        open: view.open,
        is_admin: decide(who, o.organization_id, Action::Update) == Decision::Allowed,
        closed_early: o.closed,
        mine: view.mine.iter().map(|c| commitment_row(l, c)).collect(),
        all: view
            .commitments
            .as_ref()
            .map(|all| all.iter().map(|c| commitment_row(l, c)).collect()),
        owed,
        notice,
        error: error.clone(),
        amount: f.amount.clone(),
        their_currency: if f.currency.is_empty() {
            cur.code().to_string()
        } else {
            f.currency.clone()
        },
        fx_rate: f.fx_rate.clone(),
        fx_source: f.fx_source.clone(),
    };
    Ok(v.render_form(error.is_some(), StatusCode::UNPROCESSABLE_ENTITY, &page))
}

pub(super) async fn offer(
    State(state): State<AppState>,
    v: Visitor,
    PathId(id): PathId,
) -> PageResult {
    offer_page(&state, &v, id, None, None, None).await
}

pub(super) async fn commit(
    State(state): State<AppState>,
    v: Visitor,
    PathId(id): PathId,
    Form(f): Form<CommitForm>,
) -> PageResult {
    let subject = v.posted(&f.csrf)?;
    v.unconfirmed(&f.confirm)?;
    let opt = |s: &str| Some(s.trim().to_string()).filter(|s| !s.is_empty());
    let i = CommitmentInput {
        amount: opt(&f.amount),
        currency: opt(&f.currency),
        fx_rate: opt(&f.fx_rate),
        fx_source: opt(&f.fx_source),
    };
    match investments::commit(&state.store, Some(&subject), id, &i, Numbers::Written)
        .await
        .map_err(ApiError::from)
    {
        Ok(c) => Ok(Redirect::to(&format!("/investment-commitments/{}", c.id)).into_response()),
        Err(e) => match form_error(&v, &e) {
            Some(msg) => offer_page(&state, &v, id, Some(&f), None, Some(msg)).await,
            None => Err(v.failure(e)),
        },
    }
}

pub(super) async fn close_offer(
    State(state): State<AppState>,
    v: Visitor,
    PathId(id): PathId,
    Form(f): Form<ConfirmForm>,
) -> PageResult {
    let subject = v.posted(&f.csrf)?;
    v.unconfirmed(&f.confirm)?;
    match investments::close_offer(&state.store, Some(&subject), id)
        .await
        .map_err(ApiError::from)
    {
        Ok(()) => offer_page(&state, &v, id, None, Some(v.t("invest-closed-now")), None).await,
        Err(e) => Err(v.failure(e)),
    }
}

#[derive(Deserialize)]
pub(super) struct ConfirmForm {
    #[serde(default)]
    csrf: String,
    confirm: Option<String>,
}

#[derive(Template)]
#[template(path = "invest_commitment.html")]
pub(super) struct CommitmentPage {
    c: Chrome,
    id: Uuid,
    offer: Uuid,
    org_name: String,
    purpose: String,
    investor: String,
    /// (label, value)
    figures: Vec<(String, String)>,
    /// (date, amount, to return, to principal)
    repayments: Vec<(String, String, String, String)>,
    manage: bool,
    received: bool,
    today: String,
    notice: Option<String>,
    error: Option<String>,
    amount: String,
}

fn figures(v: &Visitor, c: &CommitmentView) -> Vec<(String, String)> {
    let l = v.lang;
    let p: &Position = &c.position;
    let mut out = vec![
        (v.t("invest-sent"), format_money(l, p.remitted)),
        (v.t("invest-rate"), format!("{} ({})", p.fx, c.fx_source)),
        (v.t("invest-committed"), format_money(l, p.committed)),
        (
            v.t("invest-received-on"),
            p.received_on
                .map_or_else(|| v.t("invest-not-received"), |d| format_date(l, d)),
        ),
        (
            v.t("invest-principal-repaid"),
            format_money(l, p.principal_repaid),
        ),
        (
            v.t("invest-principal-outstanding"),
            format_money(l, p.principal_outstanding),
        ),
        (v.t("invest-return-total"), format_money(l, p.return_total)),
        (v.t("invest-return-paid"), format_money(l, p.return_paid)),
        (v.t("invest-overdue"), format_money(l, p.overdue)),
    ];
    if let Some(d) = &p.next_due {
        out.push((
            v.t("invest-next-due"),
            format!("{} — {}", format_date(l, d.date), format_money(l, d.amount)),
        ));
    }
    out
}

async fn commitment_page(
    state: &AppState,
    v: &Visitor,
    id: Uuid,
    notice: Option<String>,
    error: Option<String>,
    amount: String,
) -> PageResult {
    v.signed_in()?;
    let who = v.caller.subject.as_ref();
    let (o, c, manage) = investments::commitment(&state.store, who, id, None)
        .await
        .or_page(v)?;
    let l = v.lang;
    let cur = o.offer.currency;
    let today = bayanihan_app::books::group_today(
        &bayanihan_app::organizations::organization(&state.store, o.organization_id)
            .await
            .map(|o| o.time_zone)
            .unwrap_or_default(),
    );
    let page = CommitmentPage {
        c: v.chrome(v.t("invest-commitment")),
        id,
        offer: o.id,
        org_name: o.organization_name.clone(),
        purpose: o.offer.purpose.clone(),
        investor: c.investor_name.clone(),
        figures: figures(v, &c),
        repayments: c
            .repayments
            .iter()
            .map(|(d, a, r, p)| {
                let m = |x: i64| format_money(l, Money::new(x, cur));
                (format_date(l, *d), m(*a), m(*r), m(*p))
            })
            .collect(),
        manage,
        received: c.position.received_on.is_some(),
        today: today.to_string(),
        notice,
        error: error.clone(),
        amount,
    };
    Ok(v.render_form(error.is_some(), StatusCode::UNPROCESSABLE_ENTITY, &page))
}

pub(super) async fn commitment(
    State(state): State<AppState>,
    v: Visitor,
    PathId(id): PathId,
) -> PageResult {
    commitment_page(&state, &v, id, None, None, String::new()).await
}

#[derive(Deserialize)]
pub(super) struct ReceiptForm {
    #[serde(default)]
    csrf: String,
    confirm: Option<String>,
    #[serde(default)]
    received_on: String,
}

pub(super) async fn receive(
    State(state): State<AppState>,
    v: Visitor,
    PathId(id): PathId,
    Form(f): Form<ReceiptForm>,
) -> PageResult {
    let subject = v.posted(&f.csrf)?;
    v.unconfirmed(&f.confirm)?;
    let i = ReceiptInput {
        received_on: f.received_on.trim().to_string(),
    };
    match investments::receive(&state.store, Some(&subject), id, &i)
        .await
        .map_err(ApiError::from)
    {
        Ok(()) => {
            commitment_page(
                &state,
                &v,
                id,
                Some(v.t("invest-receipt-recorded")),
                None,
                String::new(),
            )
            .await
        }
        Err(e) => match form_error(&v, &e) {
            Some(msg) => commitment_page(&state, &v, id, None, Some(msg), String::new()).await,
            None => Err(v.failure(e)),
        },
    }
}

#[derive(Deserialize)]
pub(super) struct InvestorRepaymentForm {
    #[serde(default)]
    csrf: String,
    confirm: Option<String>,
    #[serde(default)]
    paid_on: String,
    #[serde(default)]
    amount: String,
}

pub(super) async fn repay(
    State(state): State<AppState>,
    v: Visitor,
    PathId(id): PathId,
    Form(f): Form<InvestorRepaymentForm>,
) -> PageResult {
    let subject = v.posted(&f.csrf)?;
    v.unconfirmed(&f.confirm)?;
    let i = InvestorRepaymentInput {
        paid_on: f.paid_on.trim().to_string(),
        amount: f.amount.trim().to_string(),
    };
    match investments::repay(&state.store, Some(&subject), id, &i, Numbers::Written)
        .await
        .map_err(ApiError::from)
    {
        Ok(_) => {
            commitment_page(
                &state,
                &v,
                id,
                Some(v.t("invest-repayment-recorded")),
                None,
                String::new(),
            )
            .await
        }
        Err(e) => match form_error(&v, &e) {
            Some(msg) => commitment_page(&state, &v, id, None, Some(msg), f.amount).await,
            None => Err(v.failure(e)),
        },
    }
}

#[derive(Template)]
#[template(path = "invest_mine.html")]
pub(super) struct MinePage {
    c: Chrome,
    /// (commitment id, organization, purpose, committed, outstanding, next due)
    rows: Vec<(Uuid, String, String, String, String, String)>,
}

pub(super) async fn mine(
    State(state): State<AppState>,
    v: Visitor,
    axum::extract::Query(q): axum::extract::Query<AsAtQuery>,
) -> PageResult {
    v.signed_in()?;
    let l = v.lang;
    let list = investments::my_positions(&state.store, v.caller.subject.as_ref(), q.day())
        .await
        .or_page(&v)?;
    let page = MinePage {
        c: v.chrome(v.t("invest-mine")),
        rows: list
            .iter()
            .map(|(o, c)| {
                let p = &c.position;
                (
                    c.id,
                    o.organization_name.clone(),
                    o.offer.purpose.clone(),
                    format!(
                        "{} ({})",
                        format_money(l, p.committed),
                        format_money(l, p.remitted)
                    ),
                    format_money(l, p.principal_outstanding),
                    p.next_due.as_ref().map_or_else(String::new, |d| {
                        format!("{} — {}", format_date(l, d.date), format_money(l, d.amount))
                    }),
                )
            })
            .collect(),
    };
    Ok(v.render(StatusCode::OK, &page))
}

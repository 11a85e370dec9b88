//! A self-help group's own loans in pages: the form for a loan received (from a bank's
//! branch, or from one of the group's networks — whose instalments then become obligations
//! clearing can net), one loan with its schedule, each instalment's obligation and the
//! repayment form, and a lender's view of what it lent. Recording is confirmed by a box.

use bayanihan_app::{books, borrowings};
use bayanihan_domain::finance::book::Numbers;
use bayanihan_domain::finance::borrowing::{BorrowingInput, BorrowingRepaymentInput};
use bayanihan_domain::finance::loan::Method;
use bayanihan_domain::Currency;
use bayanihan_domain::NetworkMembershipStatus;
use bayanihan_store::borrowings::BorrowingView;

use crate::i18n::format_date;

use super::books as books_pages;
use super::*;

fn money(lang: Lang, minor: i64, c: Currency) -> String {
    format_money(lang, Money::new(minor, c))
}

/// A loan to a group as a list shows it.
pub(super) struct BorrowingRow {
    pub id: Uuid,
    pub group: String,
    pub lender: String,
    pub received: String,
    pub principal: String,
    pub outstanding: String,
    pub on_lent: String,
    pub arrears: String,
    pub late: i64,
}

pub(super) fn rows(l: Lang, list: &[BorrowingView]) -> Vec<BorrowingRow> {
    list.iter()
        .map(|b| BorrowingRow {
            id: b.id,
            group: b.organization_name.clone(),
            lender: b.lender_name.clone(),
            received: format_date(l, b.received_on),
            principal: money(l, b.principal, b.currency),
            outstanding: money(l, b.standing.outstanding, b.currency),
            on_lent: money(l, b.on_lent, b.currency),
            arrears: money(l, b.standing.arrears, b.currency),
            late: b.standing.days_past_due,
        })
        .collect()
}

#[derive(Template)]
#[template(path = "borrowing_form.html")]
pub(super) struct BorrowingFormPage {
    c: Chrome,
    id: Uuid,
    name: String,
    error: Option<String>,
    /// The group's networks: (id, name).
    lenders: Vec<(Uuid, String)>,
    lender_id: String,
    lender_name: String,
    received_on: String,
    today: String,
    principal: String,
    rate: String,
    instalments: String,
    method: String,
    methods: Vec<(&'static str, String)>,
}

#[derive(Deserialize, Default)]
pub(super) struct BorrowingForm {
    #[serde(default)]
    csrf: String,
    confirm: Option<String>,
    #[serde(default)]
    lender_id: String,
    #[serde(default)]
    lender_name: String,
    #[serde(default)]
    received_on: String,
    #[serde(default)]
    principal: String,
    #[serde(default)]
    annual_rate: String,
    #[serde(default)]
    instalments: String,
    #[serde(default)]
    method: String,
}

async fn form_page(
    state: &AppState,
    v: &Visitor,
    org: Uuid,
    f: Option<&BorrowingForm>,
    error: Option<String>,
) -> PageResult {
    v.signed_in()?;
    let who = v.caller.subject.as_ref();
    let b = books::book(&state.store, who, org, None).await.or_page(v)?;
    if !b.may_keep {
        return Err(v.failure(bayanihan_app::AppError::NotPermitted(
            v.t("book-keepers-only"),
        )));
    }
    let networks: Vec<Uuid> = bayanihan_app::organizations::network_links(&state.store, org)
        .await
        .unwrap_or_default()
        .into_iter()
        .filter(|m| m.member_id == org && m.status == NetworkMembershipStatus::Active)
        .map(|m| m.network_id)
        .collect();
    let names = names_of(state, networks.clone()).await;
    let today = books::group_today(
        &bayanihan_app::organizations::organization(&state.store, org)
            .await
            .map(|o| o.time_zone)
            .unwrap_or_default(),
    );
    let empty = BorrowingForm::default();
    let f = f.unwrap_or(&empty);
    let page = BorrowingFormPage {
        c: v.chrome(v.t("borrowing-new")),
        id: org,
        name: b.name.clone(),
        error: error.clone(),
        lenders: networks
            .iter()
            .map(|n| (*n, names.get(n).cloned().unwrap_or_default()))
            .collect(),
        lender_id: f.lender_id.clone(),
        lender_name: f.lender_name.clone(),
        received_on: if f.received_on.is_empty() {
            today.to_string()
        } else {
            f.received_on.clone()
        },
        today: today.to_string(),
        principal: f.principal.clone(),
        rate: f.annual_rate.clone(),
        instalments: f.instalments.clone(),
        method: f.method.clone(),
        methods: Method::ALL
            .iter()
            .map(|m| (m.id(), tr(v.lang, &format!("book-method-{}", m.id()))))
            .collect(),
    };
    Ok(v.render_form(error.is_some(), StatusCode::UNPROCESSABLE_ENTITY, &page))
}

pub(super) async fn new_form(
    State(state): State<AppState>,
    v: Visitor,
    PathId(org): PathId,
) -> PageResult {
    form_page(&state, &v, org, None, None).await
}

pub(super) async fn record(
    State(state): State<AppState>,
    v: Visitor,
    PathId(org): PathId,
    Form(f): Form<BorrowingForm>,
) -> PageResult {
    let subject = v.posted(&f.csrf)?;
    v.unconfirmed(&f.confirm)?;
    let opt = |s: &str| Some(s.trim().to_string()).filter(|s| !s.is_empty());
    let lender_id = match opt(&f.lender_id).map(|s| s.parse::<Uuid>()) {
        None => None,
        Some(Ok(id)) => Some(id),
        Some(Err(_)) => {
            return form_page(&state, &v, org, Some(&f), Some(v.t("borrowing-bad-lender"))).await
        }
    };
    let i = BorrowingInput {
        lender_id,
        lender_name: opt(&f.lender_name),
        received_on: f.received_on.trim().to_string(),
        principal: f.principal.trim().to_string(),
        annual_rate: f.annual_rate.trim().to_string(),
        // A number the parser refuses (0) names the field when the box was left empty.
        instalments: f.instalments.trim().parse().unwrap_or(0),
        per_year: None,
        method: opt(&f.method),
    };
    let r = borrowings::record(&state.store, Some(&subject), org, &i, Numbers::Written).await;
    match r.map_err(ApiError::from) {
        Ok(b) => Ok(Redirect::to(&format!("/book-borrowings/{}?recorded=1", b.id)).into_response()),
        Err(e) => match form_error(&v, &e) {
            Some(msg) => form_page(&state, &v, org, Some(&f), Some(msg)).await,
            None => Err(v.failure(e)),
        },
    }
}

/// An instalment's row: (number, due, principal, interest, obligation status).
type InstalmentRow = (u32, String, String, String, String);

#[derive(Template)]
#[template(path = "borrowing.html")]
pub(super) struct BorrowingPage {
    c: Chrome,
    id: Uuid,
    org: Uuid,
    group: String,
    lender: String,
    on_platform: bool,
    terms: String,
    received: String,
    principal: String,
    outstanding: String,
    repaid: String,
    interest_paid: String,
    on_lent: String,
    arrears: String,
    late: i64,
    schedule: Vec<InstalmentRow>,
    /// (date, amount)
    repayments: Vec<(String, String)>,
    notice: Option<String>,
    error: Option<String>,
    may_keep: bool,
    today: String,
    amount: String,
}

async fn borrowing_page(
    state: &AppState,
    v: &Visitor,
    id: Uuid,
    notice: Option<String>,
    error: Option<String>,
    amount: String,
) -> PageResult {
    v.signed_in()?;
    let who = v.caller.subject.as_ref();
    let b = borrowings::one(&state.store, who, id, None)
        .await
        .or_page(v)?;
    let (l, cur) = (v.lang, b.currency);
    let may_keep = decide(who, b.organization_id, Action::KeepBook) == Decision::Allowed;
    let today = books::group_today(
        &bayanihan_app::organizations::organization(&state.store, b.organization_id)
            .await
            .map(|o| o.time_zone)
            .unwrap_or_default(),
    );
    let page = BorrowingPage {
        c: v.chrome(v.t("borrowing-title")),
        id,
        org: b.organization_id,
        group: b.organization_name.clone(),
        lender: b.lender_name.clone(),
        on_platform: b.lender_id.is_some(),
        terms: tr_args(
            l,
            "book-loan-terms",
            &[
                ("rate", FluentValue::from(b.annual_rate.clone())),
                ("n", FluentValue::from(b.instalments)),
                (
                    "method",
                    FluentValue::from(tr(l, &format!("book-method-{}", b.method))),
                ),
            ],
        ),
        received: format_date(l, b.received_on),
        principal: money(l, b.principal, cur),
        outstanding: money(l, b.standing.outstanding, cur),
        repaid: money(l, b.principal_paid, cur),
        interest_paid: money(l, b.interest_paid, cur),
        on_lent: money(l, b.on_lent, cur),
        arrears: money(l, b.standing.arrears, cur),
        late: b.standing.days_past_due,
        schedule: b
            .schedule
            .iter()
            .map(|i| {
                let status = match i.obligation_open {
                    None => String::new(),
                    Some(0) => v.t("borrowing-obligation-settled"),
                    Some(open) => tr_args(
                        v.lang,
                        "borrowing-obligation-open",
                        &[("amount", FluentValue::from(money(l, open, cur)))],
                    ),
                };
                (
                    i.number,
                    format_date(l, i.due_on),
                    money(l, i.principal, cur),
                    money(l, i.interest, cur),
                    status,
                )
            })
            .collect(),
        repayments: b
            .repayments
            .iter()
            .map(|(d, a)| (format_date(l, *d), money(l, *a, cur)))
            .collect(),
        notice,
        error: error.clone(),
        may_keep,
        today: today.to_string(),
        amount,
    };
    Ok(v.render_form(error.is_some(), StatusCode::UNPROCESSABLE_ENTITY, &page))
}

pub(super) async fn page(
    State(state): State<AppState>,
    v: Visitor,
    PathId(id): PathId,
    axum::extract::Query(q): axum::extract::Query<books_pages::RecordedQuery>,
) -> PageResult {
    let notice = q.recorded.is_some().then(|| v.t("borrowing-recorded"));
    borrowing_page(&state, &v, id, notice, None, String::new()).await
}

#[derive(Deserialize)]
pub(super) struct RepaymentForm {
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
    Form(f): Form<RepaymentForm>,
) -> PageResult {
    let subject = v.posted(&f.csrf)?;
    v.unconfirmed(&f.confirm)?;
    let b = borrowings::one(&state.store, Some(&subject), id, None)
        .await
        .or_page(&v)?;
    let i = BorrowingRepaymentInput {
        paid_on: f.paid_on.trim().to_string(),
        amount: f.amount.trim().to_string(),
    };
    let r = borrowings::repay(
        &state.store,
        Some(&subject),
        b.organization_id,
        id,
        &i,
        Numbers::Written,
    )
    .await;
    match r.map_err(ApiError::from) {
        Ok(_) => {
            borrowing_page(
                &state,
                &v,
                id,
                Some(v.t("borrowing-repaid")),
                None,
                String::new(),
            )
            .await
        }
        Err(e) => match form_error(&v, &e) {
            Some(msg) => borrowing_page(&state, &v, id, None, Some(msg), f.amount).await,
            None => Err(v.failure(e)),
        },
    }
}

/// Per currency: (currency, loans, outstanding, PAR30, PAR90, on-lent loans, on-lent
/// outstanding, on-lent PAR30).
type LendingFigures = (String, usize, String, String, String, usize, String, String);

#[derive(Template)]
#[template(path = "lending.html")]
pub(super) struct LendingPage {
    c: Chrome,
    id: Uuid,
    name: String,
    as_at: String,
    figures: Vec<LendingFigures>,
    loans: Vec<BorrowingRow>,
}

pub(super) async fn lending(
    State(state): State<AppState>,
    v: Visitor,
    PathId(org): PathId,
    axum::extract::Query(q): axum::extract::Query<books_pages::AsAtQuery>,
) -> PageResult {
    v.signed_in()?;
    let who = v.caller.subject.as_ref();
    let p = borrowings::lender_portfolio(&state.store, who, org, q.day())
        .await
        .or_page(&v)?;
    let o = bayanihan_app::organizations::organization(&state.store, org)
        .await
        .or_page(&v)?;
    let l = v.lang;
    // PAR is never summed across currencies: one block of figures per currency lent in.
    let figures = p
        .by_currency
        .iter()
        .map(|x| {
            let c = x.currency;
            (
                c.code().to_string(),
                x.quality.loans,
                money(l, x.quality.gross_outstanding, c),
                format!("{} %", x.quality.par30),
                format!("{} %", x.quality.par90),
                x.on_lent.loans,
                money(l, x.on_lent.gross_outstanding, c),
                format!("{} %", x.on_lent.par30),
            )
        })
        .collect();
    let page = LendingPage {
        c: v.chrome(v.t("lending-title")),
        id: org,
        name: o.name.to_string(),
        as_at: q.day().map_or_else(String::new, |d| format_date(l, d)),
        figures,
        loans: rows(l, &p.loans),
    };
    Ok(v.render(StatusCode::OK, &page))
}

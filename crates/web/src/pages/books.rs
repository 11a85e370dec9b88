//! A self-help group's book in pages: the book as at any date (the group's money, its corpus,
//! portfolio quality, members' accounts, loans, meetings), one form for a meeting as the
//! bookkeeper has it in the paper book — every member on one screen of a phone, the date the
//! meeting's — and a recorded meeting. Members see their own accounts and the group's
//! aggregates; the bookkeepers everyone's. Recording is confirmed by a box: a meeting stays.

use bayanihan_app::books;
use bayanihan_domain::finance::book::{
    MeetingInput, MemberLineInput, NewLoanInput, Numbers, WithdrawalRule,
};
use bayanihan_domain::finance::loan::Method;
use bayanihan_domain::Currency;

use crate::i18n::format_date;

use super::*;

fn money(lang: Lang, minor: i64, c: Currency) -> String {
    format_money(lang, Money::new(minor, c))
}

/// A loan as the page shows it: (member, made on, principal, rate, outstanding, arrears, days
/// late, next due, written off on).
pub(super) struct LoanRow {
    id: Uuid,
    name: String,
    disbursed: String,
    principal: String,
    terms: String,
    outstanding: String,
    arrears: String,
    late: i64,
    next_due: String,
    written_off: bool,
    rescheduled: bool,
}

#[derive(Template)]
#[template(path = "book.html")]
pub(super) struct BookPage {
    c: Chrome,
    id: Uuid,
    name: String,
    as_at: String,
    as_at_text: String,
    notice: Option<String>,
    error: Option<String>,
    /// (label, amount)
    totals: Vec<(String, String)>,
    corpus: String,
    loans_count: usize,
    gross: String,
    par30: String,
    par90: String,
    rescheduled: String,
    /// (bucket label, amount)
    ageing: Vec<(String, String)>,
    /// (name, savings, voluntary, loans outstanding, arrears, days late)
    members: Vec<(String, String, String, String, String, i64)>,
    loans: Vec<LoanRow>,
    borrowings: Vec<super::borrowings::BorrowingRow>,
    /// (id, date, present / members)
    meetings: Vec<(Uuid, String, String)>,
    may_keep: bool,
    is_admin: bool,
    /// The rules' form values: saving, rule id; the rules' choices.
    saving: String,
    rule: &'static str,
    rules: Vec<(&'static str, String)>,
}

async fn book_page(
    state: &AppState,
    v: &Visitor,
    org: Uuid,
    as_at: Option<jiff::civil::Date>,
    notice: Option<String>,
    error: Option<String>,
) -> PageResult {
    v.signed_in()?;
    let who = v.caller.subject.as_ref();
    let is_admin = decide(who, org, Action::Update) == Decision::Allowed;
    let b = match books::book(&state.store, who, org, as_at).await {
        Ok(b) => b,
        // No rules yet: the admins get the rules' form, everyone else is told.
        Err(bayanihan_app::AppError::NotFound(_)) if is_admin => {
            return no_book_page(state, v, org, error).await;
        }
        Err(e) => return Err(v.failure(e)),
    };
    let cur = b.currency;
    let loans = books::loans(&state.store, who, org, as_at)
        .await
        .or_page(v)?;
    let borrowed = bayanihan_app::borrowings::of_group(&state.store, who, org, as_at)
        .await
        .or_page(v)?;
    let l = v.lang;
    let t = &b.totals;
    let totals = [
        (v.t("book-savings"), t.savings),
        (v.t("book-voluntary"), t.voluntary),
        (v.t("book-grants"), t.grants),
        (v.t("book-interest"), t.interest),
        (v.t("book-fines"), t.fines),
        (v.t("book-written-off"), t.written_off),
        (v.t("book-borrowing-interest"), t.borrowing_interest),
        (v.t("book-cash"), t.cash),
        (v.t("book-loans-outstanding"), t.loans_outstanding),
        (v.t("book-borrowed"), t.borrowed),
    ]
    .into_iter()
    .map(|(k, m)| (k, money(l, m, cur)))
    .collect();
    let page = BookPage {
        c: v.chrome(v.t("book-title")),
        id: org,
        name: b.name.clone(),
        as_at: b.as_at.to_string(),
        as_at_text: format_date(l, b.as_at),
        notice,
        error: error.clone(),
        totals,
        corpus: money(l, t.corpus, cur),
        loans_count: b.portfolio.loans,
        gross: money(l, b.portfolio.gross_outstanding, cur),
        par30: format!("{} %", b.portfolio.par30),
        par90: format!("{} %", b.portfolio.par90),
        rescheduled: money(l, b.portfolio.rescheduled_outstanding, cur),
        ageing: b
            .portfolio
            .ageing
            .iter()
            .map(|(k, m)| (tr(l, &format!("book-bucket-{k}")), money(l, *m, cur)))
            .collect(),
        members: b
            .members
            .iter()
            .map(|m| {
                (
                    m.name.clone(),
                    money(l, m.savings, cur),
                    money(l, m.voluntary, cur),
                    money(l, m.loans_outstanding, cur),
                    money(l, m.arrears, cur),
                    m.days_past_due,
                )
            })
            .collect(),
        loans: loans
            .iter()
            .map(|x| {
                let paid = x.principal_paid + x.interest_paid;
                let mut owed = 0;
                let next = x.schedule.iter().find(|i| {
                    owed += i.total().minor();
                    owed > paid
                });
                LoanRow {
                    id: x.id,
                    name: x.name.clone(),
                    disbursed: format_date(l, x.disbursed_on),
                    principal: money(l, x.principal, cur),
                    terms: tr_args(
                        v.lang,
                        "book-loan-terms",
                        &[
                            ("rate", FluentValue::from(x.annual_rate.clone())),
                            ("n", FluentValue::from(x.instalments)),
                            (
                                "method",
                                FluentValue::from(tr(l, &format!("book-method-{}", x.method))),
                            ),
                        ],
                    ),
                    outstanding: money(l, x.standing.map_or(0, |s| s.outstanding), cur),
                    arrears: money(l, x.standing.map_or(0, |s| s.arrears), cur),
                    late: x.standing.map_or(0, |s| s.days_past_due),
                    next_due: match (x.standing, next) {
                        (Some(s), Some(i)) if s.outstanding > 0 => format_date(l, i.due_date),
                        _ => String::new(),
                    },
                    written_off: x.written_off_on.is_some(),
                    rescheduled: x.rescheduled_on.is_some(),
                }
            })
            .collect(),
        borrowings: super::borrowings::rows(l, &borrowed),
        meetings: b
            .meetings
            .iter()
            .map(|m| {
                (
                    m.id,
                    format_date(l, m.held_on),
                    format!("{} / {}", m.attendance, m.members),
                )
            })
            .collect(),
        may_keep: b.may_keep,
        is_admin,
        saving: Money::new(b.rules.compulsory_saving, cur).to_decimal_string(),
        rule: b.rules.withdrawal_rule.id(),
        rules: rule_choices(l),
    };
    Ok(v.render_form(error.is_some(), StatusCode::UNPROCESSABLE_ENTITY, &page))
}

fn rule_choices(l: Lang) -> Vec<(&'static str, String)> {
    WithdrawalRule::ALL
        .iter()
        .map(|r| (r.id(), tr(l, &format!("book-withdrawal-{}", r.id()))))
        .collect()
}

#[derive(Template)]
#[template(path = "book_rules.html")]
pub(super) struct NoBookPage {
    c: Chrome,
    id: Uuid,
    name: String,
    error: Option<String>,
    rules: Vec<(&'static str, String)>,
}

async fn no_book_page(
    state: &AppState,
    v: &Visitor,
    org: Uuid,
    error: Option<String>,
) -> PageResult {
    let names = names_of(state, vec![org]).await;
    let page = NoBookPage {
        c: v.chrome(v.t("book-title")),
        id: org,
        name: names.get(&org).cloned().unwrap_or_default(),
        error: error.clone(),
        rules: rule_choices(v.lang),
    };
    Ok(v.render_form(error.is_some(), StatusCode::UNPROCESSABLE_ENTITY, &page))
}

#[derive(Deserialize)]
pub(super) struct AsAtQuery {
    pub(super) as_at: Option<String>,
}

impl AsAtQuery {
    /// The date asked for; today when none is given or it is not a date (the page says which
    /// date it shows).
    pub(super) fn day(&self) -> Option<jiff::civil::Date> {
        self.as_at.as_deref().and_then(|s| s.trim().parse().ok())
    }
}

pub(super) async fn book(
    State(state): State<AppState>,
    v: Visitor,
    PathId(org): PathId,
    axum::extract::Query(q): axum::extract::Query<AsAtQuery>,
) -> PageResult {
    let day = match q.as_at.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => None,
        Some(s) => match s.parse() {
            Ok(d) => Some(d),
            Err(_) => {
                return book_page(&state, &v, org, None, None, Some(v.t("book-bad-date"))).await;
            }
        },
    };
    book_page(&state, &v, org, day, None, None).await
}

#[derive(Deserialize)]
pub(super) struct RulesForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    compulsory_saving: String,
    #[serde(default)]
    withdrawal_rule: String,
}

pub(super) async fn set_rules(
    State(state): State<AppState>,
    v: Visitor,
    PathId(org): PathId,
    Form(f): Form<RulesForm>,
) -> PageResult {
    let subject = v.posted(&f.csrf)?;
    let i = books::RulesInput {
        compulsory_saving: f.compulsory_saving,
        withdrawal_rule: Some(f.withdrawal_rule),
        ..Default::default()
    };
    let r = books::set_rules(&state.store, Some(&subject), org, &i, Numbers::Written).await;
    match r.map_err(ApiError::from) {
        Ok(_) => book_page(&state, &v, org, None, Some(v.t("book-rules-set")), None).await,
        Err(e) => match form_error(&v, &e) {
            Some(msg) => match books::book(&state.store, Some(&subject), org, None).await {
                Ok(_) => book_page(&state, &v, org, None, None, Some(msg)).await,
                Err(_) => no_book_page(&state, &v, org, Some(msg)).await,
            },
            None => Err(v.failure(e)),
        },
    }
}

/// A member's row of the meeting form.
pub(super) struct FormRow {
    id: Uuid,
    name: String,
    present: bool,
    savings: String,
    voluntary: String,
    repayment: String,
    fine: String,
    withdrawal: String,
    /// What the member owes now, to guide the repayment (empty when nothing).
    owes: String,
}

#[derive(Template)]
#[template(path = "meeting_form.html")]
pub(super) struct MeetingFormPage {
    c: Chrome,
    id: Uuid,
    name: String,
    error: Option<String>,
    held_on: String,
    today: String,
    savings_note: String,
    rows: Vec<FormRow>,
    members: Vec<(Uuid, String)>,
    loan_person: String,
    principal: String,
    rate: String,
    instalments: String,
    method: String,
    methods: Vec<(&'static str, String)>,
    /// The group's loans with something left to on-lend: (id, lender — what is left).
    funders: Vec<(Uuid, String)>,
    funded_by: String,
    minutes: String,
}

/// The meeting form, empty or with what was posted (a refused form keeps every figure).
async fn meeting_form_page(
    state: &AppState,
    v: &Visitor,
    org: Uuid,
    posted: Option<&[(String, String)]>,
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
    let get = |k: &str| -> String {
        posted
            .and_then(|p| p.iter().find(|(n, _)| n == k))
            .map(|(_, val)| val.clone())
            .unwrap_or_default()
    };
    let cur = b.currency;
    let l = v.lang;
    let loans = books::loans(&state.store, who, org, None)
        .await
        .or_page(v)?;
    let today = books::group_today(
        &bayanihan_app::organizations::organization(&state.store, org)
            .await
            .map(|o| o.time_zone)
            .unwrap_or_default(),
    );
    let rows = b
        .members
        .iter()
        .map(|m| {
            let key = |f: &str| format!("{f}_{}", m.person_id);
            let owes: i64 = loans
                .iter()
                .filter(|x| x.person_id == m.person_id)
                .filter_map(|x| x.standing)
                .map(|s| s.outstanding)
                .sum();
            FormRow {
                id: m.person_id,
                name: m.name.clone(),
                present: posted.is_none() || !get(&key("present")).is_empty(),
                savings: get(&key("savings")),
                voluntary: get(&key("voluntary")),
                repayment: get(&key("repayment")),
                fine: get(&key("fine")),
                withdrawal: get(&key("withdrawal")),
                owes: if owes > 0 {
                    money(l, owes, cur)
                } else {
                    String::new()
                },
            }
        })
        .collect();
    let page = MeetingFormPage {
        c: v.chrome(v.t("meeting-title")),
        id: org,
        name: b.name.clone(),
        error: error.clone(),
        held_on: posted.map_or_else(|| today.to_string(), |_| get("held_on")),
        today: today.to_string(),
        savings_note: tr_args(
            v.lang,
            "meeting-savings-note",
            &[(
                "amount",
                FluentValue::from(money(l, b.rules.compulsory_saving, cur)),
            )],
        ),
        rows,
        members: b
            .members
            .iter()
            .map(|m| (m.person_id, m.name.clone()))
            .collect(),
        loan_person: get("loan_person"),
        principal: get("loan_principal"),
        rate: get("loan_rate"),
        instalments: get("loan_instalments"),
        method: get("loan_method"),
        methods: Method::ALL
            .iter()
            .map(|m| (m.id(), tr(l, &format!("book-method-{}", m.id()))))
            .collect(),
        funders: bayanihan_app::borrowings::of_group(&state.store, who, org, None)
            .await
            .unwrap_or_default()
            .iter()
            .filter(|x| x.principal > x.on_lent)
            .map(|x| {
                (
                    x.id,
                    format!(
                        "{} — {}",
                        x.lender_name,
                        money(l, x.principal - x.on_lent, cur)
                    ),
                )
            })
            .collect(),
        funded_by: get("loan_funded_by"),
        minutes: get("minutes"),
    };
    Ok(v.render_form(error.is_some(), StatusCode::UNPROCESSABLE_ENTITY, &page))
}

pub(super) async fn meeting_form(
    State(state): State<AppState>,
    v: Visitor,
    PathId(org): PathId,
) -> PageResult {
    meeting_form_page(&state, &v, org, None, None).await
}

/// Reads the posted fields (`present_<id>`, `savings_<id>`…, `loan_*`) into a meeting.
fn meeting_input(fields: &[(String, String)]) -> MeetingInput {
    let get = |k: &str| {
        fields
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.trim().to_string())
            .unwrap_or_default()
    };
    let opt = |k: &str| Some(get(k)).filter(|s| !s.is_empty());
    let mut people: Vec<Uuid> = Vec::new();
    for (n, _) in fields {
        if let Some((_, id)) = n.split_once('_') {
            if let Ok(id) = id.parse::<Uuid>() {
                if !people.contains(&id) {
                    people.push(id);
                }
            }
        }
    }
    let members = people
        .iter()
        .map(|p| MemberLineInput {
            person_id: *p,
            present: !get(&format!("present_{p}")).is_empty(),
            savings: opt(&format!("savings_{p}")),
            voluntary: opt(&format!("voluntary_{p}")),
            repayment: opt(&format!("repayment_{p}")),
            fine: opt(&format!("fine_{p}")),
            withdrawal: opt(&format!("withdrawal_{p}")),
        })
        .collect();
    let loans = match get("loan_person").parse::<Uuid>() {
        Ok(person_id) => vec![NewLoanInput {
            person_id,
            principal: get("loan_principal"),
            annual_rate: get("loan_rate"),
            // A number the parser refuses (0) names the field when the box was left empty.
            instalments: get("loan_instalments").parse().unwrap_or(0),
            per_year: None,
            method: opt("loan_method"),
            // An id that is not one of the group's loans is refused by the book, named.
            funded_by: opt("loan_funded_by").and_then(|s| s.parse().ok()),
        }],
        Err(_) => vec![],
    };
    MeetingInput {
        held_on: get("held_on"),
        minutes: opt("minutes"),
        members,
        loans,
    }
}

pub(super) async fn record_meeting(
    State(state): State<AppState>,
    v: Visitor,
    PathId(org): PathId,
    Form(fields): Form<Vec<(String, String)>>,
) -> PageResult {
    let csrf = fields
        .iter()
        .find(|(n, _)| n == "csrf")
        .map(|(_, v)| v.clone())
        .unwrap_or_default();
    let subject = v.posted(&csrf)?;
    let confirm = fields
        .iter()
        .find(|(n, _)| n == "confirm")
        .map(|(_, v)| v.clone());
    v.unconfirmed(&confirm)?;
    let input = meeting_input(&fields);
    let r =
        books::record_meeting(&state.store, Some(&subject), org, &input, Numbers::Written).await;
    match r.map_err(ApiError::from) {
        Ok(m) => Ok(Redirect::to(&format!("/book-meetings/{}?recorded=1", m.id)).into_response()),
        Err(ApiError::Invalid(inv)) => {
            let msg = meeting_error(&state, &v, org, &input, &inv).await;
            meeting_form_page(&state, &v, org, Some(&fields), Some(msg)).await
        }
        Err(e) => match form_error(&v, &e) {
            Some(msg) => meeting_form_page(&state, &v, org, Some(&fields), Some(msg)).await,
            None => Err(v.failure(e)),
        },
    }
}

#[derive(Template)]
#[template(path = "book_meeting.html")]
pub(super) struct MeetingPage {
    c: Chrome,
    org: Uuid,
    held_on: String,
    attendance: String,
    minutes: String,
    recorded: bool,
    /// (name, present, savings, voluntary, repayment, fine, withdrawal)
    lines: Vec<(String, bool, String, String, String, String, String)>,
}

#[derive(Deserialize)]
pub(super) struct RecordedQuery {
    pub(super) recorded: Option<String>,
}

pub(super) async fn meeting(
    State(state): State<AppState>,
    v: Visitor,
    PathId(id): PathId,
    axum::extract::Query(q): axum::extract::Query<RecordedQuery>,
) -> PageResult {
    v.signed_in()?;
    let m = books::meeting(&state.store, v.caller.subject.as_ref(), id)
        .await
        .or_page(&v)?;
    let (l, cur) = (v.lang, m.currency);
    let page = MeetingPage {
        c: v.chrome(v.t("book-meeting")),
        org: m.meeting.organization_id,
        held_on: format_date(l, m.meeting.held_on),
        attendance: format!("{} / {}", m.meeting.attendance, m.meeting.members),
        minutes: m.meeting.minutes.clone(),
        recorded: q.recorded.is_some(),
        lines: m
            .lines
            .iter()
            .map(|x| {
                (
                    x.name.clone(),
                    x.present,
                    money(l, x.savings, cur),
                    money(l, x.voluntary, cur),
                    money(l, x.repayment, cur),
                    money(l, x.fine, cur),
                    money(l, x.withdrawal, cur),
                )
            })
            .collect(),
    };
    Ok(v.render(StatusCode::OK, &page))
}

/// A refused meeting in the bookkeeper's words: each problem with the member's name and the
/// box's label (`members[2].withdrawal` is "Ana — Withdrawal"), then the rule's reason.
async fn meeting_error(
    state: &AppState,
    v: &Visitor,
    org: Uuid,
    input: &MeetingInput,
    inv: &bayanihan_domain::Invalid,
) -> String {
    let names: HashMap<Uuid, String> =
        bayanihan_app::organizations::members(&state.store, v.caller.subject.as_ref(), org)
            .await
            .map(|ms| {
                ms.into_iter()
                    .map(|m| (m.person_id, m.person_name))
                    .collect()
            })
            .unwrap_or_default();
    let label = |f: &str| -> String {
        let (list, rest) = f.split_once('[').unwrap_or((f, ""));
        let (index, field) = rest.split_once("].").unwrap_or(("", ""));
        let i: Option<usize> = index.parse().ok();
        let box_label = |name: &str| match name {
            "savings" | "voluntary" | "repayment" | "fine" | "withdrawal" => {
                v.t(&format!("meeting-{name}"))
            }
            "principal" => v.t("book-principal"),
            "annual_rate" => v.t("book-rate"),
            "instalments" => v.t("book-instalments"),
            "method" => v.t("book-method"),
            "funded_by" => v.t("meeting-funded-by"),
            other => other.to_string(),
        };
        match (list, i) {
            ("members", Some(i)) => {
                let who = input
                    .members
                    .get(i)
                    .and_then(|m| names.get(&m.person_id).cloned())
                    .unwrap_or_default();
                format!("{who} — {}", box_label(field))
            }
            ("loans", Some(_)) => format!("{} — {}", v.t("meeting-loan"), box_label(field)),
            ("held_on", _) => v.t("book-held-on"),
            ("minutes", _) => v.t("meeting-minutes"),
            _ => f.to_string(),
        }
    };
    inv.errors
        .iter()
        .map(|e| format!("{}: {}", label(&e.field), e.reason))
        .collect::<Vec<_>>()
        .join("; ")
}

#[derive(Template)]
#[template(path = "linkage.html")]
pub(super) struct LinkagePage {
    c: Chrome,
    id: Uuid,
    name: String,
    notice: Option<String>,
    error: Option<String>,
    as_at: String,
    as_at_text: String,
    policy: String,
    caution: String,
    /// (indicator, part, whole, percent, points, max points)
    scores: Vec<(String, u64, u64, String, u32, u32)>,
    score: String,
    grade: String,
    months: u32,
    eligible: bool,
    dose: String,
    savings: String,
    corpus: String,
    outstanding: String,
    par30: String,
    par90: String,
    reasons: Vec<String>,
    is_admin: bool,
    shared: Vec<String>,
}

async fn linkage_page(
    state: &AppState,
    v: &Visitor,
    org: Uuid,
    as_at: Option<jiff::civil::Date>,
    notice: Option<String>,
    error: Option<String>,
) -> PageResult {
    v.signed_in()?;
    let who = v.caller.subject.as_ref();
    let f = books::linkage_file(&state.store, who, org, as_at)
        .await
        .or_page(v)?;
    let is_admin = decide(who, org, Action::Update) == Decision::Allowed;
    let shared = if is_admin {
        books::linkage_shares(&state.store, who, org)
            .await
            .or_page(v)?
    } else {
        Vec::new()
    };
    let (l, cur) = (v.lang, f.currency);
    let a = &f.assessment;
    let page = LinkagePage {
        c: v.chrome(v.t("linkage-title")),
        id: org,
        name: f.name.clone(),
        notice,
        error: error.clone(),
        as_at: f.as_at.to_string(),
        as_at_text: format_date(l, f.as_at),
        policy: f.policy.clone(),
        caution: f.caution.clone(),
        scores: a
            .scores
            .iter()
            .map(|s| {
                (
                    tr(l, &format!("linkage-ind-{}", s.indicator)),
                    s.part,
                    s.whole,
                    s.percent.clone(),
                    s.points,
                    s.max_points,
                )
            })
            .collect(),
        score: format!("{} / {}", a.score, a.max_score),
        grade: a.grade.clone(),
        months: f.months_active,
        eligible: a.eligible,
        dose: a
            .next_dose
            .as_ref()
            .map_or_else(|| "—".to_string(), |d| format_money(l, d.amount)),
        savings: money(l, f.totals.savings + f.totals.voluntary, cur),
        corpus: money(l, f.totals.corpus, cur),
        outstanding: money(l, f.totals.loans_outstanding, cur),
        par30: format!("{} %", f.portfolio.par30),
        par90: format!("{} %", f.portfolio.par90),
        reasons: a.reasons.clone(),
        is_admin,
        shared: shared
            .into_iter()
            .map(|(_, name, email)| format!("{name} <{email}>"))
            .collect(),
    };
    Ok(v.render_form(error.is_some(), StatusCode::UNPROCESSABLE_ENTITY, &page))
}

pub(super) async fn linkage(
    State(state): State<AppState>,
    v: Visitor,
    PathId(org): PathId,
    axum::extract::Query(q): axum::extract::Query<AsAtQuery>,
) -> PageResult {
    let day = q.day();
    linkage_page(&state, &v, org, day, None, None).await
}

pub(super) async fn linkage_csv(
    State(state): State<AppState>,
    v: Visitor,
    PathId(org): PathId,
    axum::extract::Query(q): axum::extract::Query<AsAtQuery>,
) -> PageResult {
    v.signed_in()?;
    let day = q.day();
    let f = books::linkage_file(&state.store, v.caller.subject.as_ref(), org, day)
        .await
        .or_page(&v)?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"linkage-{}.csv\"", f.as_at),
            ),
        ],
        books::linkage_csv(&f),
    )
        .into_response())
}

#[derive(Deserialize)]
pub(super) struct ShareForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    email: String,
    confirm: Option<String>,
}

pub(super) async fn share_linkage(
    State(state): State<AppState>,
    v: Visitor,
    PathId(org): PathId,
    Form(f): Form<ShareForm>,
) -> PageResult {
    let subject = v.posted(&f.csrf)?;
    v.unconfirmed(&f.confirm)?;
    let r = books::share_linkage(&state.store, Some(&subject), org, &f.email).await;
    after_form(&v, r, v.t("linkage-shared"), |n, e| {
        linkage_page(&state, &v, org, None, n, e)
    })
    .await
}

#[derive(Template)]
#[template(path = "federation_portfolio.html")]
pub(super) struct FederationPage {
    c: Chrome,
    id: Uuid,
    name: String,
    as_at: String,
    /// (group, loans, outstanding, PAR30, PAR90)
    rows: Vec<(String, usize, String, String, String)>,
    totals: Vec<(String, usize, String, String, String)>,
}

pub(super) async fn federation_portfolio(
    State(state): State<AppState>,
    v: Visitor,
    PathId(network): PathId,
    axum::extract::Query(q): axum::extract::Query<AsAtQuery>,
) -> PageResult {
    v.signed_in()?;
    let day = q.day();
    let p = books::federation_portfolio(&state.store, v.caller.subject.as_ref(), network, day)
        .await
        .or_page(&v)?;
    let l = v.lang;
    let row = |g: &books::GroupPortfolio| {
        (
            g.name.clone(),
            g.quality.loans,
            money(l, g.quality.gross_outstanding, g.currency),
            format!("{} %", g.quality.par30),
            format!("{} %", g.quality.par90),
        )
    };
    let page = FederationPage {
        c: v.chrome(v.t("federation-title")),
        id: network,
        name: p.name.clone(),
        as_at: p.as_at.to_string(),
        rows: p.groups.iter().map(row).collect(),
        totals: p.totals.iter().map(row).collect(),
    };
    Ok(v.render(StatusCode::OK, &page))
}

#[derive(Template)]
#[template(path = "reschedule.html")]
pub(super) struct ReschedulePage {
    c: Chrome,
    org: Uuid,
    loan: Uuid,
    name: String,
    outstanding: String,
    arrears: String,
    late: i64,
    today: String,
    on: String,
    instalments: String,
    error: Option<String>,
}

#[derive(Deserialize, Default)]
pub(super) struct RescheduleForm {
    #[serde(default)]
    csrf: String,
    confirm: Option<String>,
    #[serde(default)]
    on: String,
    #[serde(default)]
    instalments: String,
}

async fn reschedule_page(
    state: &AppState,
    v: &Visitor,
    org: Uuid,
    loan: Uuid,
    f: Option<&RescheduleForm>,
    error: Option<String>,
) -> PageResult {
    v.signed_in()?;
    let who = v.caller.subject.as_ref();
    if decide(who, org, Action::Update) != Decision::Allowed {
        return Err(v.failure(bayanihan_app::AppError::NotPermitted(
            v.t("book-admins-only"),
        )));
    }
    let b = books::book(&state.store, who, org, None).await.or_page(v)?;
    let x = books::loans(&state.store, who, org, None)
        .await
        .or_page(v)?
        .into_iter()
        .find(|l| l.id == loan)
        .ok_or_else(|| v.failure(bayanihan_app::AppError::NotFound("loan")))?;
    let l = v.lang;
    let today = b.as_at.to_string();
    let page = ReschedulePage {
        c: v.chrome(v.t("book-reschedule")),
        org,
        loan,
        name: x.name.clone(),
        outstanding: money(l, x.standing.map_or(0, |s| s.outstanding), b.currency),
        arrears: money(l, x.standing.map_or(0, |s| s.arrears), b.currency),
        late: x.standing.map_or(0, |s| s.days_past_due),
        on: f.map_or_else(|| today.clone(), |f| f.on.clone()),
        instalments: f.map(|f| f.instalments.clone()).unwrap_or_default(),
        today,
        error: error.clone(),
    };
    Ok(v.render_form(error.is_some(), StatusCode::UNPROCESSABLE_ENTITY, &page))
}

pub(super) async fn reschedule_form(
    State(state): State<AppState>,
    v: Visitor,
    PathId((org, loan)): PathId<(Uuid, Uuid)>,
) -> PageResult {
    reschedule_page(&state, &v, org, loan, None, None).await
}

pub(super) async fn reschedule(
    State(state): State<AppState>,
    v: Visitor,
    PathId((org, loan)): PathId<(Uuid, Uuid)>,
    Form(f): Form<RescheduleForm>,
) -> PageResult {
    let subject = v.posted(&f.csrf)?;
    v.unconfirmed(&f.confirm)?;
    let i = bayanihan_domain::finance::book::RescheduleInput {
        on: f.on.trim().to_string(),
        // A number the parser refuses (0) names the field when the box holds no number.
        instalments: f.instalments.trim().parse().unwrap_or(0),
        per_year: None,
    };
    match books::reschedule(&state.store, Some(&subject), org, loan, &i)
        .await
        .map_err(ApiError::from)
    {
        Ok(_) => {
            book_page(
                &state,
                &v,
                org,
                None,
                Some(v.t("book-rescheduled-now")),
                None,
            )
            .await
        }
        Err(e) => match form_error(&v, &e) {
            Some(msg) => reschedule_page(&state, &v, org, loan, Some(&f), Some(msg)).await,
            None => Err(v.failure(e)),
        },
    }
}

//! Seasons and wallets in pages: a season's page (the calendar, the pledges' progress, one's
//! share with its pledge and absences, sign-up, a group's advances, the hub's deliveries and
//! harvests), its printable statement and CSV, a group's wallets for its coordinators, and a
//! member's own wallet. Every irreversible form carries a confirmation box.

use bayanihan_app::seasons;
use bayanihan_domain::season::rounds::RoundStatus;
use bayanihan_domain::season::wallet::MovementKind;
use bayanihan_domain::season::ShareStatus;
use bayanihan_domain::trade::records::PaymentMethod;

use crate::i18n::format_date;

use super::*;

/// A share as the page shows it.
pub(super) struct ShareRow {
    id: Uuid,
    kind: String,
    pickup: String,
    status: String,
    pledge: Option<String>,
    pledge_plain: String,
    absences: Vec<String>,
    active: bool,
    group: Uuid,
}

/// A delivery row.
pub(super) struct DeliveryRow {
    seq: u32,
    date: String,
    absences_close: String,
    state: String,
    cycle: Option<Uuid>,
    can_make: bool,
    can_declare: bool,
    /// Absences still taken.
    open: bool,
}

/// A group's money row.
pub(super) struct MoneyRow {
    id: Uuid,
    name: String,
    due: String,
    paid: String,
    left: String,
    instalments: Vec<(String, String)>,
    may_pay: bool,
}

#[derive(Template)]
#[template(path = "season.html")]
pub(super) struct SeasonPage {
    c: Chrome,
    id: Uuid,
    notice: Option<String>,
    error: Option<String>,
    name: String,
    producer: String,
    hub: String,
    calendar: String,
    rules: Vec<(String, String)>,
    progress_value: Option<u64>,
    progress_text: String,
    progress_detail: String,
    round: Option<String>,
    kinds: Vec<(Uuid, String, String, String, String)>,
    pickups: Vec<(Uuid, String, String)>,
    deliveries: Vec<DeliveryRow>,
    my_shares: Vec<ShareRow>,
    pledging: bool,
    signup_groups: Vec<(Uuid, String)>,
    signing_up: bool,
    money: Vec<MoneyRow>,
    methods: Vec<(&'static str, String)>,
    runs: bool,
    can_settle: bool,
    settled: bool,
}

fn share_status(v: &Visitor, s: &bayanihan_domain::season::Share) -> String {
    match (s.status, s.waiting_position) {
        (ShareStatus::Waiting, Some(n)) => tr_args(
            v.lang,
            "season-waiting",
            &[("position", FluentValue::from(n as f64))],
        ),
        (st, _) => tr(v.lang, &format!("share-status-{}", st.id())),
    }
}

async fn season_page(
    state: &AppState,
    v: &Visitor,
    id: Uuid,
    notice: Option<String>,
    error: Option<String>,
) -> PageResult {
    let subject = v.signed_in()?;
    let who = v.caller.subject.as_ref();
    let view = seasons::view(&state.store, who, id).await.or_page(v)?;
    let money_rows = seasons::group_money(&state.store, who, id)
        .await
        .or_page(v)?;
    let s = &view.season;
    let mut ids = vec![s.hub_id, s.producer_id];
    ids.extend(&s.consumer_groups);
    let names = names_of(state, ids).await;
    let name = |o: &Uuid| names.get(o).cloned().unwrap_or_default();
    let money = |m: Money| format_money(v.lang, m);
    let now = jiff::Timestamp::now();
    let p = &view.progress;
    // A sum of fewer than three pledges is withheld (it would tell someone's pledge).
    let shown = |m: Option<Money>| m.map(money).unwrap_or_else(|| v.t("season-hidden"));
    let open_round = s.open_round(now);
    let round = match (open_round, s.rounds.last()) {
        (Some(r), _) => Some(tr_args(
            v.lang,
            "season-round-open",
            &[
                ("number", FluentValue::from(f64::from(r.number))),
                (
                    "time",
                    FluentValue::from(format_time(v.lang, r.closes_at, "UTC")),
                ),
            ],
        )),
        (None, Some(r)) if r.status == RoundStatus::Open => Some(tr_args(
            v.lang,
            "season-round-soon",
            &[(
                "time",
                FluentValue::from(format_time(v.lang, r.opens_at, "UTC")),
            )],
        )),
        (None, Some(r)) => Some(tr_args(
            v.lang,
            &format!("season-round-{}", r.status.id()),
            &[
                ("number", FluentValue::from(f64::from(r.number))),
                ("gap", FluentValue::from(shown(p.gap))),
            ],
        )),
        (None, None) => None,
    };
    let pickup_name = |pid: Uuid| {
        s.pickup_points
            .iter()
            .find(|x| x.id == pid)
            .map(|x| x.name.clone())
            .unwrap_or_default()
    };
    let my_shares = view
        .my_shares
        .iter()
        .map(|sh| ShareRow {
            id: sh.id,
            kind: s
                .share_kind(sh.share_kind_id)
                .map(|k| k.name.clone())
                .unwrap_or_default(),
            pickup: pickup_name(sh.pickup_id),
            status: share_status(v, sh),
            pledge: sh.pledge.map(money),
            pledge_plain: sh.pledge.map(|m| m.to_decimal_string()).unwrap_or_default(),
            absences: sh
                .absences
                .iter()
                .filter_map(|n| s.deliveries.iter().find(|d| d.seq == *n))
                .map(|d| format_date(v.lang, d.date))
                .collect(),
            active: sh.status == ShareStatus::Active,
            group: sh.consumer_group_id,
        })
        .collect::<Vec<_>>();
    let runs = view.runs;
    let producer_admin = subject.role_in(s.producer_id) >= Role::Admin;
    let deliveries = s
        .deliveries
        .iter()
        .map(|d| {
            let state_text = match (d.cycle_id, d.settled) {
                (_, true) => tr(v.lang, "season-delivery-settled"),
                (Some(_), false) => tr(v.lang, "season-delivery-made"),
                (None, false) => tr(v.lang, "season-delivery-planned"),
            };
            DeliveryRow {
                seq: d.seq,
                date: format_date(v.lang, d.date),
                absences_close: format_time(v.lang, d.absences_close_at, "UTC"),
                state: state_text,
                cycle: d.cycle_id,
                can_make: runs && d.cycle_id.is_none() && now >= d.absences_close_at,
                can_declare: (runs || producer_admin) && d.cycle_id.is_some() && !d.settled,
                open: d.cycle_id.is_none() && now < d.absences_close_at,
            }
        })
        .collect::<Vec<_>>();
    let holds = !view
        .my_shares
        .iter()
        .any(|x| x.status != ShareStatus::Cancelled);
    let signup_groups = if s.signing_up(now) && holds {
        s.consumer_groups
            .iter()
            .filter(|g| decide(who, **g, Action::PlaceOwnLines) == Decision::Allowed)
            .map(|g| (*g, name(g)))
            .collect()
    } else {
        Vec::new()
    };
    let money_rows = money_rows
        .iter()
        .map(|g| MoneyRow {
            id: g.consumer_group_id,
            name: name(&g.consumer_group_id),
            due: money(g.due),
            paid: money(g.paid),
            left: money(Money::new(
                (g.due.minor() - g.paid.minor()).max(0),
                g.due.currency(),
            )),
            instalments: g
                .instalments
                .iter()
                .map(|(d, m)| (format_date(v.lang, *d), money(*m)))
                .collect(),
            may_pay: g.may_pay,
        })
        .collect();
    let page = SeasonPage {
        c: v.chrome(s.name.clone()),
        id,
        notice,
        error: error.clone(),
        name: s.name.clone(),
        producer: name(&s.producer_id),
        hub: name(&s.hub_id),
        calendar: tr_args(
            v.lang,
            "season-calendar",
            &[
                ("start", FluentValue::from(format_date(v.lang, s.starts_on))),
                ("end", FluentValue::from(format_date(v.lang, s.ends_on))),
                ("deliveries", FluentValue::from(s.deliveries.len() as f64)),
            ],
        ),
        rules: vec![
            (
                tr(v.lang, "season-absence-rule"),
                tr(v.lang, &format!("absence-rule-{}", s.absence_rule.id())),
            ),
            (
                tr(v.lang, "season-shortfall-rule"),
                tr(v.lang, &format!("shortfall-rule-{}", s.shortfall_rule.id())),
            ),
            (
                tr(v.lang, "season-signup"),
                format!(
                    "{} – {}",
                    format_time(v.lang, s.signup_opens_at, "UTC"),
                    format_time(v.lang, s.signup_closes_at, "UTC")
                ),
            ),
            (tr(v.lang, "season-budget"), money(s.budget)),
        ],
        progress_value: p.per_mille.map(|x| x.min(1000)),
        progress_text: tr_args(
            v.lang,
            "season-progress",
            &[
                ("pledged", FluentValue::from(shown(p.pledged))),
                ("target", FluentValue::from(money(p.target))),
                ("gap", FluentValue::from(shown(p.gap))),
            ],
        ),
        progress_detail: tr_args(
            v.lang,
            "season-progress-detail",
            &[
                ("shares", FluentValue::from(p.shares as f64)),
                ("pledges", FluentValue::from(p.pledges as f64)),
                ("up", FluentValue::from(p.solidarity_pledges as f64)),
                ("solidarity", FluentValue::from(shown(p.solidarity))),
                ("down", FluentValue::from(p.reduced_pledges as f64)),
                ("reductions", FluentValue::from(shown(p.reductions))),
            ],
        ),
        round,
        kinds: s
            .share_kinds
            .iter()
            .map(|k| {
                (
                    k.id,
                    k.name.clone(),
                    format!("{} {} {}", k.units_per_delivery, k.unit, k.product_name),
                    money(k.price_per_delivery),
                    money(k.nominal),
                )
            })
            .collect(),
        pickups: s
            .pickup_points
            .iter()
            .map(|x| {
                (
                    x.id,
                    x.name.clone(),
                    tr_args(
                        v.lang,
                        "season-places",
                        &[
                            ("taken", FluentValue::from(x.taken as f64)),
                            ("capacity", FluentValue::from(f64::from(x.capacity))),
                            ("waiting", FluentValue::from(x.waiting as f64)),
                        ],
                    ),
                )
            })
            .collect(),
        deliveries,
        my_shares,
        pledging: open_round.is_some(),
        signup_groups,
        signing_up: s.signing_up(now),
        money: money_rows,
        methods: PaymentMethod::ALL
            .iter()
            .map(|m| (m.id(), tr(v.lang, &format!("method-{}", m.id()))))
            .collect(),
        runs,
        can_settle: runs && !s.settled && s.deliveries.iter().all(|d| d.settled),
        settled: s.settled,
    };
    Ok(v.render_form(error.is_some(), StatusCode::UNPROCESSABLE_ENTITY, &page))
}

pub(super) async fn season(
    State(state): State<AppState>,
    v: Visitor,
    PathId(id): PathId,
) -> PageResult {
    season_page(&state, &v, id, None, None).await
}

/// The season page again after a form.
async fn after<T>(
    state: &AppState,
    v: &Visitor,
    season: Uuid,
    r: Result<T, bayanihan_app::AppError>,
    done: String,
) -> PageResult {
    after_form(v, r, done, |n, e| season_page(state, v, season, n, e)).await
}

#[derive(Deserialize)]
pub(super) struct SignUpForm {
    #[serde(default)]
    csrf: String,
    consumer_group_id: Uuid,
    share_kind_id: Uuid,
    pickup_id: Uuid,
    waitlist: Option<String>,
}

pub(super) async fn sign_up(
    State(state): State<AppState>,
    v: Visitor,
    PathId(id): PathId,
    Form(f): Form<SignUpForm>,
) -> PageResult {
    let subject = v.posted(&f.csrf)?;
    let i = seasons::SignUpInput {
        consumer_group_id: f.consumer_group_id,
        person_id: None,
        share_kind_id: f.share_kind_id,
        pickup_id: f.pickup_id,
        waitlist: f.waitlist.is_some(),
    };
    let r = seasons::sign_up(&state.store, Some(&subject), id, &i).await;
    after(&state, &v, id, r, v.t("season-signed-up")).await
}

#[derive(Deserialize)]
pub(super) struct PledgeForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    pledge: String,
}

/// The season of a share the caller holds or coordinates (403 otherwise), for the page to
/// come back to.
async fn season_of_share(state: &AppState, v: &Visitor, share: Uuid) -> Result<Uuid, Response> {
    seasons::share_season(&state.store, v.caller.subject.as_ref(), share)
        .await
        .or_page(v)
}

pub(super) async fn pledge(
    State(state): State<AppState>,
    v: Visitor,
    PathId(share): PathId,
    Form(f): Form<PledgeForm>,
) -> PageResult {
    let subject = v.posted(&f.csrf)?;
    let season = season_of_share(&state, &v, share).await?;
    let r = seasons::pledge(
        &state.store,
        Some(&subject),
        share,
        &seasons::PledgeInput { pledge: f.pledge },
    )
    .await;
    after(&state, &v, season, r, v.t("season-pledged")).await
}

#[derive(Deserialize)]
pub(super) struct AbsenceForm {
    #[serde(default)]
    csrf: String,
    delivery: u32,
}

pub(super) async fn absence(
    State(state): State<AppState>,
    v: Visitor,
    PathId(share): PathId,
    Form(f): Form<AbsenceForm>,
) -> PageResult {
    let subject = v.posted(&f.csrf)?;
    let season = season_of_share(&state, &v, share).await?;
    let r = seasons::absence(
        &state.store,
        Some(&subject),
        share,
        &seasons::AbsenceInput {
            delivery: f.delivery,
        },
    )
    .await;
    after(&state, &v, season, r, v.t("season-absence-noted")).await
}

pub(super) async fn cancel(
    State(state): State<AppState>,
    v: Visitor,
    PathId(share): PathId,
    Form(f): Form<ConfirmForm>,
) -> PageResult {
    let subject = v.posted(&f.csrf)?;
    let season = season_of_share(&state, &v, share).await?;
    v.unconfirmed(&f.confirm)?;
    let r = seasons::cancel(&state.store, Some(&subject), share).await;
    after(&state, &v, season, r, v.t("season-cancelled")).await
}

#[derive(Deserialize)]
pub(super) struct AdvanceForm {
    #[serde(default)]
    csrf: String,
    consumer_group_id: Uuid,
    #[serde(default)]
    amount: String,
    #[serde(default)]
    method: String,
    confirm: Option<String>,
}

pub(super) async fn advance(
    State(state): State<AppState>,
    v: Visitor,
    PathId(id): PathId,
    Form(f): Form<AdvanceForm>,
) -> PageResult {
    let subject = v.posted(&f.csrf)?;
    v.unconfirmed(&f.confirm)?;
    let i = seasons::AdvanceInput {
        consumer_group_id: f.consumer_group_id,
        amount: f.amount,
        paid_on: None,
        method: f.method,
    };
    let r = seasons::pay_advance(&state.store, Some(&subject), id, &i).await;
    after(&state, &v, id, r, v.t("season-advance-recorded")).await
}

#[derive(Deserialize)]
pub(super) struct DeliveryForm {
    #[serde(default)]
    csrf: String,
    delivery: u32,
    confirm: Option<String>,
}

pub(super) async fn make_delivery(
    State(state): State<AppState>,
    v: Visitor,
    PathId(id): PathId,
    Form(f): Form<DeliveryForm>,
) -> PageResult {
    let subject = v.posted(&f.csrf)?;
    v.unconfirmed(&f.confirm)?;
    let r = seasons::make_delivery(&state.store, Some(&subject), id, f.delivery).await;
    after(&state, &v, id, r, v.t("season-delivery-lines-made")).await
}

#[derive(Deserialize)]
pub(super) struct HarvestForm {
    #[serde(default)]
    csrf: String,
    delivery: u32,
    share_kind_id: Uuid,
    #[serde(default)]
    units: String,
    confirm: Option<String>,
}

pub(super) async fn harvest(
    State(state): State<AppState>,
    v: Visitor,
    PathId(id): PathId,
    Form(f): Form<HarvestForm>,
) -> PageResult {
    let subject = v.posted(&f.csrf)?;
    v.unconfirmed(&f.confirm)?;
    let Ok(units) = f.units.trim().parse::<u64>() else {
        let e = ApiError::Invalid(bayanihan_domain::Invalid::field(
            "units",
            "must be a whole number",
        ));
        let msg = v.explain(&e);
        return season_page(&state, &v, id, None, Some(msg)).await;
    };
    let h = seasons::HarvestInput {
        share_kind_id: f.share_kind_id,
        units,
    };
    let r = seasons::declare_harvest(&state.store, Some(&subject), id, f.delivery, &h).await;
    after(&state, &v, id, r, v.t("season-harvest-declared")).await
}

pub(super) async fn settle(
    State(state): State<AppState>,
    v: Visitor,
    PathId(id): PathId,
    Form(f): Form<ConfirmForm>,
) -> PageResult {
    let subject = v.posted(&f.csrf)?;
    v.unconfirmed(&f.confirm)?;
    let r = seasons::settle(&state.store, Some(&subject), id).await;
    after(&state, &v, id, r, v.t("season-settled")).await
}

#[derive(Template)]
#[template(path = "season_statement.html")]
pub(super) struct StatementPage {
    c: Chrome,
    id: Uuid,
    name: String,
    /// (name, shares, [due, advances, planned, delivered, shortfall, balance])
    rows: Vec<(String, u64, [String; 6])>,
    /// (kind, due, planned, delivered, shortfall)
    mine: Vec<(String, String, String, String, String)>,
    /// (group, shortfall, written off, from reserve, refund due, borne by members)
    resolutions: Vec<(String, String, String, String, String, String)>,
    rule: String,
}

pub(super) async fn statement(
    State(state): State<AppState>,
    v: Visitor,
    PathId(id): PathId,
) -> PageResult {
    v.signed_in()?;
    let who = v.caller.subject.as_ref();
    let st = seasons::statement(&state.store, who, id)
        .await
        .or_page(&v)?;
    let s = seasons::view(&state.store, who, id)
        .await
        .or_page(&v)?
        .season;
    let mut ids: Vec<Uuid> = st
        .groups
        .iter()
        .filter_map(|g| g.consumer_group_id)
        .collect();
    ids.extend(st.resolutions.iter().map(|r| r.consumer_group_id));
    let names = names_of(&state, ids).await;
    let money = |m: Money| format_money(v.lang, m);
    let total = v.t("season-total");
    let rows = st
        .groups
        .iter()
        .chain(std::iter::once(&st.producer))
        .map(|g| {
            (
                g.consumer_group_id
                    .map(|o| names.get(&o).cloned().unwrap_or_default())
                    .unwrap_or_else(|| total.clone()),
                g.shares,
                [
                    money(g.due),
                    money(g.advances),
                    money(g.planned),
                    money(g.delivered),
                    money(g.shortfall),
                    money(g.balance),
                ],
            )
        })
        .collect();
    let page = StatementPage {
        c: v.chrome(v.t("season-statement")),
        id,
        name: s.name.clone(),
        rows,
        mine: st
            .shares
            .iter()
            .map(|f| {
                (
                    f.share_kind.clone(),
                    money(f.due),
                    money(f.planned),
                    money(f.delivered),
                    money(f.shortfall),
                )
            })
            .collect(),
        resolutions: st
            .resolutions
            .iter()
            .map(|r| {
                (
                    names.get(&r.consumer_group_id).cloned().unwrap_or_default(),
                    money(r.shortfall),
                    money(r.written_off),
                    money(r.from_reserve),
                    money(r.refund_due),
                    money(r.borne_by_members),
                )
            })
            .collect(),
        rule: tr(v.lang, &format!("shortfall-rule-{}", s.shortfall_rule.id())),
    };
    Ok(v.render(StatusCode::OK, &page))
}

pub(super) async fn statement_csv(
    State(state): State<AppState>,
    v: Visitor,
    PathId(id): PathId,
) -> PageResult {
    v.signed_in()?;
    let body = seasons::statement_csv(&state.store, v.caller.subject.as_ref(), id)
        .await
        .or_page(&v)?;
    Ok(super::export::csv_file("season-statement", body))
}

#[derive(Template)]
#[template(path = "seasons.html")]
pub(super) struct SeasonsPage {
    c: Chrome,
    name: String,
    /// (id, name, producer, dates, status)
    seasons: Vec<(Uuid, String, String, String, String)>,
}

pub(super) async fn of_organization(
    State(state): State<AppState>,
    v: Visitor,
    PathId(org): PathId,
) -> PageResult {
    v.signed_in()?;
    let list = seasons::of_organization(&state.store, v.caller.subject.as_ref(), org)
        .await
        .or_page(&v)?;
    let mut ids: Vec<Uuid> = list.iter().map(|s| s.producer_id).collect();
    ids.push(org);
    let names = names_of(&state, ids).await;
    let page = SeasonsPage {
        c: v.chrome(v.t("season-list")),
        name: names.get(&org).cloned().unwrap_or_default(),
        seasons: list
            .iter()
            .map(|s| {
                (
                    s.id,
                    s.name.clone(),
                    names.get(&s.producer_id).cloned().unwrap_or_default(),
                    format!(
                        "{} – {}",
                        format_date(v.lang, s.starts_on),
                        format_date(v.lang, s.ends_on)
                    ),
                    if s.settled {
                        v.t("season-status-settled")
                    } else if s.rounds.iter().any(|r| r.status == RoundStatus::Open) {
                        v.t("season-status-pledging")
                    } else {
                        v.t("season-status-running")
                    },
                )
            })
            .collect(),
    };
    Ok(v.render(StatusCode::OK, &page))
}

// ----- wallets -----

#[derive(Template)]
#[template(path = "wallets.html")]
pub(super) struct WalletsPage {
    c: Chrome,
    id: Uuid,
    name: String,
    notice: Option<String>,
    error: Option<String>,
    /// (person, name, spendable, earmarked)
    wallets: Vec<(Uuid, String, String, String)>,
    /// Members to choose from: (person, name)
    members: Vec<(Uuid, String)>,
    kinds: Vec<(&'static str, String)>,
    limit: String,
    is_admin: bool,
}

async fn wallets_page(
    state: &AppState,
    v: &Visitor,
    org: Uuid,
    notice: Option<String>,
    error: Option<String>,
) -> PageResult {
    v.signed_in()?;
    let who = v.caller.subject.as_ref();
    let (currency, list) = seasons::wallets(&state.store, who, org).await.or_page(v)?;
    let members = bayanihan_app::organizations::members(&state.store, who, org)
        .await
        .or_page(v)?;
    let limit = seasons::wallet_credit_limit(&state.store, who, org, currency)
        .await
        .or_page(v)?;
    let names = names_of(state, vec![org]).await;
    let page = WalletsPage {
        c: v.chrome(v.t("wallet-title")),
        id: org,
        name: names.get(&org).cloned().unwrap_or_default(),
        notice,
        error: error.clone(),
        wallets: list
            .iter()
            .map(|(p, n, b)| {
                (
                    *p,
                    n.clone(),
                    format_money(v.lang, b.spendable),
                    format_money(v.lang, b.earmarked),
                )
            })
            .collect(),
        members: members
            .iter()
            .map(|m| (m.person_id, m.person_name.clone()))
            .collect(),
        kinds: MovementKind::ALL
            .iter()
            .filter(|k| **k != MovementKind::Charge)
            .map(|k| (k.id(), tr(v.lang, &format!("wallet-kind-{}", k.id()))))
            .collect(),
        limit: format_money(v.lang, limit),
        is_admin: decide(who, org, Action::Update) == Decision::Allowed,
    };
    Ok(v.render_form(error.is_some(), StatusCode::UNPROCESSABLE_ENTITY, &page))
}

pub(super) async fn wallets(
    State(state): State<AppState>,
    v: Visitor,
    PathId(org): PathId,
) -> PageResult {
    wallets_page(&state, &v, org, None, None).await
}

async fn wallets_after<T>(
    state: &AppState,
    v: &Visitor,
    org: Uuid,
    r: Result<T, bayanihan_app::AppError>,
    done: String,
) -> PageResult {
    after_form(v, r, done, |n, e| wallets_page(state, v, org, n, e)).await
}

#[derive(Deserialize)]
pub(super) struct MovementForm {
    #[serde(default)]
    csrf: String,
    person_id: Uuid,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    amount: String,
    #[serde(default)]
    memo: String,
    confirm: Option<String>,
}

pub(super) async fn record_movement(
    State(state): State<AppState>,
    v: Visitor,
    PathId(org): PathId,
    Form(f): Form<MovementForm>,
) -> PageResult {
    let subject = v.posted(&f.csrf)?;
    v.unconfirmed(&f.confirm)?;
    let i = seasons::MovementInput {
        person_id: f.person_id,
        kind: f.kind,
        amount: f.amount,
        memo: Some(f.memo),
    };
    let r = seasons::record_movement(&state.store, Some(&subject), org, &i).await;
    wallets_after(&state, &v, org, r, v.t("wallet-recorded")).await
}

#[derive(Deserialize)]
pub(super) struct LimitForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    credit_limit: String,
}

pub(super) async fn credit_limit(
    State(state): State<AppState>,
    v: Visitor,
    PathId(org): PathId,
    Form(f): Form<LimitForm>,
) -> PageResult {
    let subject = v.posted(&f.csrf)?;
    let r = seasons::set_credit_limit(&state.store, Some(&subject), org, &f.credit_limit).await;
    wallets_after(&state, &v, org, r, v.t("wallet-limit-set")).await
}

#[derive(Template)]
#[template(path = "wallet.html")]
pub(super) struct WalletPage {
    c: Chrome,
    group: String,
    person: String,
    spendable: String,
    earmarked: String,
    limit: String,
    /// (date, kind, amount, memo)
    movements: Vec<(String, String, String, String)>,
}

/// The caller's own wallet in a group.
pub(super) async fn my_wallet(
    State(state): State<AppState>,
    v: Visitor,
    PathId(org): PathId,
) -> PageResult {
    let subject = v.signed_in()?;
    wallet_page(&state, &v, org, subject.person_id).await
}

pub(super) async fn wallet(
    State(state): State<AppState>,
    v: Visitor,
    PathId((org, person)): PathId<(Uuid, Uuid)>,
) -> PageResult {
    wallet_page(&state, &v, org, person).await
}

async fn wallet_page(state: &AppState, v: &Visitor, org: Uuid, person: Uuid) -> PageResult {
    v.signed_in()?;
    let w = seasons::wallet(&state.store, v.caller.subject.as_ref(), org, person)
        .await
        .or_page(v)?;
    let names = names_of(state, vec![org]).await;
    let page = WalletPage {
        c: v.chrome(v.t("wallet-title")),
        group: names.get(&org).cloned().unwrap_or_default(),
        person: w.person_name.clone(),
        spendable: format_money(v.lang, w.balance.spendable),
        earmarked: format_money(v.lang, w.balance.earmarked),
        limit: format_money(v.lang, w.credit_limit),
        movements: w
            .movements
            .iter()
            .map(|m| {
                (
                    format_time(v.lang, m.created_at, "UTC"),
                    tr(v.lang, &format!("wallet-kind-{}", m.kind.id())),
                    format_money(v.lang, m.amount),
                    m.memo.clone(),
                )
            })
            .collect(),
    };
    Ok(v.render(StatusCode::OK, &page))
}

// ----- a new season -----

/// What was typed into the new-season form, kept when it is shown again.
#[derive(Default, Clone)]
pub(super) struct SeasonFormValues {
    name: String,
    starts: String,
    ends: String,
    first: String,
    every: String,
    opens: String,
    closes: String,
    budget: String,
    reserve: String,
    absence_rule: String,
    cutoff: String,
    shortfall_rule: String,
    /// Up to two instalments: (due date, percent).
    instalments: [(String, String); 2],
    /// Up to two share kinds: (name, product, units, unit price).
    kinds: [(String, String, String, String); 2],
    capacity: String,
    groups: Vec<Uuid>,
}

#[derive(Template)]
#[template(path = "new_season.html")]
pub(super) struct NewSeasonPage {
    c: Chrome,
    hub: Uuid,
    hub_name: String,
    error: Option<String>,
    products: Vec<(Uuid, String)>,
    groups: Vec<(Uuid, String, bool)>,
    absence_rules: Vec<(&'static str, String)>,
    shortfall_rules: Vec<(&'static str, String)>,
    kept: SeasonFormValues,
}

async fn new_season_page(
    state: &AppState,
    v: &Visitor,
    hub: Uuid,
    error: Option<String>,
    kept: SeasonFormValues,
) -> PageResult {
    let subject = v.signed_in()?;
    // The same candidates as a new cycle's: the hub's country's consumer groups.
    let (org, all) =
        bayanihan_app::organizations::cycle_candidates(&state.store, Some(&subject), hub)
            .await
            .or_page(v)?;
    let products = bayanihan_app::organizations::products(&state.store, hub)
        .await
        .or_page(v)?;
    let page = NewSeasonPage {
        c: v.chrome(v.t("season-new")),
        hub,
        hub_name: org.name.clone(),
        error: error.clone(),
        products: products
            .iter()
            .map(|p| (p.id, format!("{} ({})", p.name, p.unit)))
            .collect(),
        groups: all
            .iter()
            .filter(|o| {
                o.roles
                    .contains(&bayanihan_domain::ValueChainRole::ConsumerGroup)
            })
            .map(|o| (o.id, o.name.clone(), kept.groups.contains(&o.id)))
            .collect(),
        absence_rules: bayanihan_domain::season::AbsenceRule::ALL
            .iter()
            .map(|r| (r.id(), tr(v.lang, &format!("absence-rule-{}", r.id()))))
            .collect(),
        shortfall_rules: bayanihan_domain::season::ShortfallRule::ALL
            .iter()
            .map(|r| (r.id(), tr(v.lang, &format!("shortfall-rule-{}", r.id()))))
            .collect(),
        kept,
    };
    Ok(v.render_form(error.is_some(), StatusCode::UNPROCESSABLE_ENTITY, &page))
}

#[derive(Deserialize)]
pub(super) struct NewSeasonQuery {
    hub: Option<String>,
}

pub(super) async fn new_season_form(
    State(state): State<AppState>,
    v: Visitor,
    axum::extract::Query(q): axum::extract::Query<NewSeasonQuery>,
) -> PageResult {
    let Some(hub) = q.hub.as_deref().and_then(|h| Uuid::parse_str(h).ok()) else {
        return Err(v.not_found());
    };
    let today = jiff::Zoned::now().date();
    let date = |days: i64| {
        today
            .checked_add(jiff::Span::new().days(days))
            .map(|d| d.to_string())
            .unwrap_or_default()
    };
    let kept = SeasonFormValues {
        starts: date(30),
        ends: date(180),
        first: date(60),
        every: "14".into(),
        opens: format!("{}T08:00", date(0)),
        closes: format!("{}T20:00", date(21)),
        absence_rule: "move".into(),
        cutoff: "2".into(),
        shortfall_rule: "members".into(),
        instalments: [(date(21), "100".into()), (String::new(), String::new())],
        capacity: "20".into(),
        ..Default::default()
    };
    new_season_page(&state, &v, hub, None, kept).await
}

pub(super) async fn new_season(
    State(state): State<AppState>,
    v: Visitor,
    body: String,
) -> PageResult {
    let id = |s: &str| Uuid::parse_str(s).ok();
    let mut csrf = String::new();
    let mut hub = None;
    let mut k = SeasonFormValues::default();
    for (key, val) in form_urlencoded::parse(body.as_bytes()) {
        let val = val.into_owned();
        match key.as_ref() {
            "csrf" => csrf = val,
            "hub" => hub = id(&val),
            "name" => k.name = val,
            "starts" => k.starts = val,
            "ends" => k.ends = val,
            "first" => k.first = val,
            "every" => k.every = val,
            "opens" => k.opens = val,
            "closes" => k.closes = val,
            "budget" => k.budget = val,
            "reserve" => k.reserve = val,
            "absence_rule" => k.absence_rule = val,
            "cutoff" => k.cutoff = val,
            "shortfall_rule" => k.shortfall_rule = val,
            "due1" => k.instalments[0].0 = val,
            "percent1" => k.instalments[0].1 = val,
            "due2" => k.instalments[1].0 = val,
            "percent2" => k.instalments[1].1 = val,
            "kind1" => k.kinds[0].0 = val,
            "product1" => k.kinds[0].1 = val,
            "units1" => k.kinds[0].2 = val,
            "price1" => k.kinds[0].3 = val,
            "kind2" => k.kinds[1].0 = val,
            "product2" => k.kinds[1].1 = val,
            "units2" => k.kinds[1].2 = val,
            "price2" => k.kinds[1].3 = val,
            "capacity" => k.capacity = val,
            "group" => k.groups.extend(id(&val)),
            _ => {}
        }
    }
    let Some(hub) = hub else {
        return Err(v.not_found());
    };
    if !v.csrf_ok(&csrf) {
        let page = new_season_page(&state, &v, hub, Some(v.t("error-csrf")), k).await?;
        return Err(with_status(page, StatusCode::FORBIDDEN));
    }
    let subject = v.signed_in()?;
    let org = bayanihan_app::organizations::organization(&state.store, hub)
        .await
        .or_page(&v)?;
    let whole = |s: &str| s.trim().parse::<u32>().ok();
    let names: HashMap<Uuid, String> = names_of(&state, k.groups.clone()).await;
    let capacity = whole(&k.capacity).unwrap_or(0);
    let input = bayanihan_domain::season::SeasonInput {
        hub_id: hub,
        producer_id: hub,
        name: k.name.clone(),
        currency: None,
        starts_on: k.starts.clone(),
        ends_on: k.ends.clone(),
        delivery_dates: vec![],
        first_delivery: Some(k.first.clone()),
        every_days: Some(whole(&k.every).unwrap_or(0)),
        signup_opens_at: super::wall_clock_to_utc(&k.opens, &org.time_zone),
        signup_closes_at: super::wall_clock_to_utc(&k.closes, &org.time_zone),
        round_days: None,
        max_rounds: None,
        budget: k.budget.clone(),
        reserve: (!k.reserve.trim().is_empty()).then(|| k.reserve.clone()),
        absence_rule: k.absence_rule.clone(),
        absence_cutoff_days: whole(&k.cutoff),
        shortfall_rule: k.shortfall_rule.clone(),
        instalments: k
            .instalments
            .iter()
            .filter(|(d, p)| !d.trim().is_empty() || !p.trim().is_empty())
            .map(|(d, p)| bayanihan_domain::season::InstalmentInput {
                due_on: d.clone(),
                percent: whole(p).unwrap_or(0),
            })
            .collect(),
        share_kinds: k
            .kinds
            .iter()
            .filter(|(n, ..)| !n.trim().is_empty())
            .map(
                |(n, p, u, price)| bayanihan_domain::season::ShareKindInput {
                    name: n.clone(),
                    product_id: id(p).unwrap_or_default(),
                    units_per_delivery: u.trim().parse().unwrap_or(0),
                    unit_price: price.clone(),
                },
            )
            .collect(),
        // A pickup point at each group invited, of the same capacity.
        pickup_points: k
            .groups
            .iter()
            .map(|g| bayanihan_domain::season::SeasonPickupInput {
                name: names.get(g).cloned().unwrap_or_default(),
                organization_id: *g,
                capacity,
            })
            .collect(),
        consumer_groups: k.groups.clone(),
    };
    match seasons::create(&state.store, Some(&subject), &input)
        .await
        .map_err(ApiError::from)
    {
        Ok(s) => Ok(Redirect::to(&format!("/seasons/{}", s.id)).into_response()),
        Err(e) => match form_error(&v, &e) {
            Some(msg) => new_season_page(&state, &v, hub, Some(msg), k).await,
            None => Err(v.failure(e)),
        },
    }
}

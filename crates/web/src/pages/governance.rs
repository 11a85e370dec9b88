//! Self-governance in pages: an organization's decisions (open votes, the decision log, its
//! bodies, a network's members' stakes), a decision's page (the ballot, a proxy, a meeting's
//! ballots; once closed the tally per option and chamber, the runoff, what was carried out,
//! the ballots), and the forms to set up a body and open a decision. A ballot cannot be
//! changed: its form carries a confirmation box.

use bayanihan_app::governance;
use bayanihan_domain::governance::decision::{
    Action as Carry, BallotInput, Decision as Dec, Electorate,
};
use bayanihan_domain::governance::tally::Tally;
use bayanihan_domain::governance::{Choice, DecisionKind, Preset, Threshold};
use bayanihan_domain::person::{MembershipRole, StakeholderCategory};

use super::*;

/// A decision in a list.
pub(super) struct DecisionRow {
    id: Uuid,
    title: String,
    body: String,
    kind: String,
    when: String,
    outcome: String,
    action: String,
}

/// A body in a list.
pub(super) struct BodyRow {
    name: String,
    electorate: String,
    /// (chamber, weight, voters now)
    chambers: Vec<(String, String, u64)>,
    outside: u64,
    proxies: u32,
}

#[derive(Template)]
#[template(path = "decisions.html")]
pub(super) struct DecisionsPage {
    c: Chrome,
    id: Uuid,
    name: String,
    notice: Option<String>,
    error: Option<String>,
    open: Vec<DecisionRow>,
    closed: Vec<DecisionRow>,
    bodies: Vec<BodyRow>,
    runs: bool,
    is_admin: bool,
    is_network: bool,
    electorates: Vec<(&'static str, String)>,
    roles: Vec<(&'static str, String)>,
    stakes: Vec<(&'static str, String)>,
    presets: Vec<(&'static str, String)>,
    /// A network's members with their stakes, for its admins: (id, name, stake id).
    members: Vec<(Uuid, String, String)>,
}

fn chamber_label(v: &Visitor, name: &str) -> String {
    if name == bayanihan_domain::governance::decision::ALL {
        v.t("gov-chamber-all")
    } else {
        tr(v.lang, &format!("stakeholder-{name}"))
    }
}

fn outcome_label(v: &Visitor, d: &Dec) -> String {
    match (&d.tally, d.action_status) {
        (Some(t), Some(s)) => format!(
            "{} · {}",
            tr(v.lang, &format!("gov-outcome-{}", t.outcome.id())),
            tr(v.lang, &format!("gov-action-status-{}", s.id()))
        ),
        (Some(t), None) => tr(v.lang, &format!("gov-outcome-{}", t.outcome.id())),
        (None, _) => v.t("gov-open"),
    }
}

fn action_label(v: &Visitor, a: &Option<Carry>) -> String {
    a.as_ref()
        .map(|a| tr(v.lang, &format!("gov-action-{}", a.kind())))
        .unwrap_or_default()
}

async fn decisions_page(
    state: &AppState,
    v: &Visitor,
    org: Uuid,
    notice: Option<String>,
    error: Option<String>,
) -> PageResult {
    let subject = v.signed_in()?;
    let who = Some(&subject);
    let log = governance::log(&state.store, who, org).await.or_page(v)?;
    let bodies = governance::bodies(&state.store, who, org)
        .await
        .or_page(v)?;
    let o = bayanihan_app::organizations::organization(&state.store, org)
        .await
        .or_page(v)?;
    let body_names: HashMap<Uuid, String> = bodies
        .iter()
        .map(|b| (b.body.id, b.body.name.clone()))
        .collect();
    let now = jiff::Timestamp::now();
    let row = |d: &Dec| DecisionRow {
        id: d.id,
        title: d.title.clone(),
        body: body_names.get(&d.body_id).cloned().unwrap_or_default(),
        kind: tr(v.lang, &format!("gov-kind-{}", d.rules.kind.id())),
        when: format_time(v.lang, d.closed_at.unwrap_or(d.closes_at), &o.time_zone),
        outcome: outcome_label(v, d),
        action: action_label(v, &d.action),
    };
    let is_admin = subject.role_in(org) >= Role::Admin;
    let is_network = o.kind == OrgKind::Network;
    let members = if is_network && is_admin {
        governance::stakes(&state.store, who, org)
            .await
            .or_page(v)?
            .into_iter()
            .map(|(id, name, s)| (id, name, s.map(|s| s.id().to_string()).unwrap_or_default()))
            .collect()
    } else {
        Vec::new()
    };
    let page = DecisionsPage {
        c: v.chrome(v.t("gov-decisions")),
        id: org,
        name: o.name.clone(),
        notice,
        error: error.clone(),
        open: log
            .iter()
            .filter(|d| d.closed_at.is_none() && d.closes_at > now)
            .map(row)
            .collect(),
        closed: log
            .iter()
            .filter(|d| d.closed_at.is_some())
            .map(row)
            .collect(),
        bodies: bodies
            .iter()
            .map(|b| BodyRow {
                name: b.body.name.clone(),
                electorate: match (b.body.electorate, b.body.electorate_role) {
                    (Electorate::Role, Some(r)) => format!(
                        "{}: {}",
                        v.t("gov-electorate-role"),
                        tr(v.lang, &format!("role-{}", r.id()))
                    ),
                    (e, _) => tr(v.lang, &format!("gov-electorate-{}", e.id())),
                },
                chambers: b
                    .body
                    .chambers
                    .iter()
                    .zip(&b.electorate)
                    .map(|(ch, n)| {
                        (
                            chamber_label(v, &ch.name),
                            format!(
                                "{} %",
                                bayanihan_domain::governance::percent_string(ch.weight_bp)
                            ),
                            *n,
                        )
                    })
                    .collect(),
                outside: b.outside,
                proxies: b.body.proxy_limit,
            })
            .collect(),
        runs: subject.role_in(org) >= Role::Coordinator,
        is_admin,
        is_network,
        electorates: Electorate::ALL
            .iter()
            .filter(|e| is_network || **e != Electorate::MemberOrganizations)
            .map(|e| (e.id(), tr(v.lang, &format!("gov-electorate-{}", e.id()))))
            .collect(),
        roles: MembershipRole::ALL
            .iter()
            .map(|r| (r.id(), tr(v.lang, &format!("role-{}", r.id()))))
            .collect(),
        stakes: StakeholderCategory::ALL
            .iter()
            .map(|s| (s.id(), tr(v.lang, &format!("stakeholder-{}", s.id()))))
            .collect(),
        presets: Preset::ALL
            .iter()
            .map(|p| (p.id(), tr(v.lang, &format!("gov-preset-{}", p.id()))))
            .collect(),
        members,
    };
    Ok(v.render_form(error.is_some(), StatusCode::UNPROCESSABLE_ENTITY, &page))
}

pub(super) async fn decisions(
    State(state): State<AppState>,
    v: Visitor,
    PathId(org): PathId,
) -> PageResult {
    decisions_page(&state, &v, org, None, None).await
}

pub(super) async fn log_csv(
    State(state): State<AppState>,
    v: Visitor,
    PathId(org): PathId,
) -> PageResult {
    v.signed_in()?;
    let body = governance::log_csv(&state.store, v.caller.subject.as_ref(), org)
        .await
        .or_page(&v)?;
    Ok(super::export::csv_file("decisions", body))
}

pub(super) async fn new_body(
    State(state): State<AppState>,
    v: Visitor,
    PathId(org): PathId,
    body: String,
) -> PageResult {
    let mut csrf = String::new();
    let mut name = String::new();
    let mut electorate = String::new();
    let mut role = String::new();
    let mut preset = String::new();
    let mut weights = std::collections::BTreeMap::new();
    let mut by_size = false;
    let mut proxies = String::new();
    for (k, val) in form_urlencoded::parse(body.as_bytes()) {
        let val = val.into_owned();
        match k.as_ref() {
            "csrf" => csrf = val,
            "name" => name = val,
            "electorate" => electorate = val,
            "electorate_role" => role = val,
            "preset" => preset = val,
            "weight_by_size" => by_size = true,
            "proxy_limit" => proxies = val,
            k => {
                if let Some(ch) = k.strip_prefix("weight_") {
                    if !val.trim().is_empty() {
                        weights.insert(ch.to_string(), val);
                    }
                }
            }
        }
    }
    let subject = v.posted(&csrf)?;
    let input = bayanihan_domain::governance::decision::BodyInput {
        name,
        electorate: electorate.clone(),
        electorate_role: (electorate == "role" && !role.is_empty()).then_some(role),
        chambers: (!weights.is_empty()).then_some(weights),
        preset: (!preset.is_empty()).then_some(preset),
        weight_by_size: by_size,
        proxy_limit: proxies.trim().parse().unwrap_or(0),
    };
    let r = governance::create_body(&state.store, Some(&subject), org, &input).await;
    after_form(&v, r, v.t("gov-body-created"), |n, e| {
        decisions_page(&state, &v, org, n, e)
    })
    .await
}

#[derive(Deserialize)]
pub(super) struct StakeForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    stakeholder: String,
}

pub(super) async fn set_stake(
    State(state): State<AppState>,
    v: Visitor,
    PathId((network, member)): PathId<(Uuid, Uuid)>,
    Form(f): Form<StakeForm>,
) -> PageResult {
    let subject = v.posted(&f.csrf)?;
    let r = governance::set_stakeholder(
        &state.store,
        Some(&subject),
        network,
        member,
        Some(f.stakeholder.as_str()),
    )
    .await;
    after_form(&v, r, v.t("gov-stake-saved"), |n, e| {
        decisions_page(&state, &v, network, n, e)
    })
    .await
}

// ----- one decision -----

/// What a ballot form asks for: `one` option, `several`, `points` per option, a `ranking`.
fn form_kind(d: &Dec) -> &'static str {
    match d.rules.kind {
        DecisionKind::Proposal => "one",
        DecisionKind::Poll if !d.rules.multiple => "one",
        DecisionKind::Poll | DecisionKind::MeetingTime => "several",
        DecisionKind::Score | DecisionKind::DotVote => "points",
        DecisionKind::RankedChoice => "ranking",
    }
}

/// One runoff round: (option, count, weighted %) each, and the option eliminated.
type RoundRow = (Vec<(String, u64, String)>, Option<String>);

/// The tally as the page shows it.
pub(super) struct ResultView {
    outcome: String,
    winner: Option<String>,
    turnout: String,
    /// (option, raw, weighted %)
    options: Vec<(String, u64, String)>,
    /// (chamber, weight, eligible, ballots, % per option in the options' order)
    chambers: Vec<(String, String, u64, u64, Vec<String>)>,
    /// Each runoff round: (option, count, weighted %) and the option eliminated.
    rounds: Vec<RoundRow>,
    action: Option<String>,
}

fn result_view(v: &Visitor, d: &Dec, t: &Tally) -> ResultView {
    let option = |o: &String| {
        if d.rules.kind == DecisionKind::Proposal {
            tr(v.lang, &format!("gov-stance-{o}"))
        } else {
            o.clone()
        }
    };
    let counted: Vec<&String> = d
        .rules
        .options
        .iter()
        .filter(|o| t.weighted_percent.get(o).is_some())
        .collect();
    ResultView {
        outcome: tr(v.lang, &format!("gov-outcome-{}", t.outcome.id())),
        winner: t.winner.clone(),
        turnout: tr_args(
            v.lang,
            "gov-turnout",
            &[
                ("ballots", FluentValue::from(t.ballots as f64)),
                ("eligible", FluentValue::from(t.eligible as f64)),
                ("percent", FluentValue::from(t.turnout_percent.clone())),
            ],
        ) + " · "
            + &if t.quorum_met {
                v.t("gov-quorum-met")
            } else {
                v.t("gov-quorum-not-met")
            },
        options: d
            .rules
            .options
            .iter()
            .map(|o| {
                (
                    option(o),
                    t.raw.get(o).copied().unwrap_or(0),
                    t.weighted_percent
                        .get(o)
                        .map(|p| format!("{p} %"))
                        .unwrap_or_else(|| "—".into()),
                )
            })
            .collect(),
        chambers: t
            .by_chamber
            .0
            .iter()
            .map(|(name, ch)| {
                (
                    chamber_label(v, name),
                    format!("{} %", ch.weight_percent),
                    ch.eligible,
                    ch.ballots,
                    counted
                        .iter()
                        .map(|o| {
                            ch.percent
                                .get(o)
                                .map(|p| format!("{p} %"))
                                .unwrap_or_default()
                        })
                        .collect(),
                )
            })
            .collect(),
        rounds: t
            .rounds
            .iter()
            .flatten()
            .map(|r| {
                (
                    r.counts
                        .0
                        .iter()
                        .map(|(o, n)| {
                            (
                                o.clone(),
                                *n,
                                r.weighted_percent
                                    .get(o)
                                    .map(|p| format!("{p} %"))
                                    .unwrap_or_default(),
                            )
                        })
                        .collect(),
                    r.eliminated.clone(),
                )
            })
            .collect(),
        action: d.action_status.map(|s| {
            format!(
                "{}{}",
                tr(v.lang, &format!("gov-action-status-{}", s.id())),
                d.action_note
                    .as_ref()
                    .map(|n| format!(": {n}"))
                    .unwrap_or_default()
            )
        }),
    }
}

#[derive(Template)]
#[template(path = "decision.html")]
pub(super) struct DecisionPage {
    c: Chrome,
    id: Uuid,
    org: Uuid,
    notice: Option<String>,
    error: Option<String>,
    title: String,
    /// The details, paragraph by paragraph.
    details: Vec<String>,
    facts: Vec<(String, String)>,
    /// The cycle whose price list the decision approves: (id, name).
    price_list: Option<(Uuid, String)>,
    open: bool,
    form_kind: &'static str,
    /// (option value, label)
    options: Vec<(String, String)>,
    max_points: u32,
    /// Whom the visitor may still vote for: (voter id, name, how).
    ballots_to_cast: Vec<(Uuid, String, String)>,
    /// Whom the visitor's ballot is in for already.
    cast_for: Vec<String>,
    /// Fellow voters to give a proxy to, when the body takes proxies and the visitor may.
    proxy_to: Vec<(Uuid, String)>,
    proxy_given: Option<String>,
    /// The electorate, for a coordinator recording a meeting's ballots.
    meeting_voters: Vec<(Uuid, String)>,
    modes: Vec<(String, u64)>,
    result: Option<ResultView>,
    /// (voter, chamber, choice, reason, how)
    ballots: Vec<(String, String, String, String, String)>,
    anonymous: bool,
}

async fn decision_page(
    state: &AppState,
    v: &Visitor,
    id: Uuid,
    notice: Option<String>,
    error: Option<String>,
) -> PageResult {
    let subject = v.signed_in()?;
    let who = Some(&subject);
    let view = governance::view(&state.store, who, id).await.or_page(v)?;
    let d = &view.decision;
    let o = bayanihan_app::organizations::organization(&state.store, d.organization_id)
        .await
        .or_page(v)?;
    let now = jiff::Timestamp::now();
    let open = d.is_open(now);
    let option_label = |o: &String| {
        if d.rules.kind == DecisionKind::Proposal {
            tr(v.lang, &format!("gov-stance-{o}"))
        } else {
            o.clone()
        }
    };
    let mut facts = vec![
        (v.t("gov-body"), view.body_name.clone()),
        (
            v.t("gov-kind"),
            tr(v.lang, &format!("gov-kind-{}", d.rules.kind.id())),
        ),
        (
            v.t("gov-threshold"),
            tr(v.lang, &format!("gov-threshold-{}", d.rules.threshold.id())),
        ),
        (
            v.t("gov-quorum"),
            format!(
                "{} %",
                bayanihan_domain::governance::percent_string(d.rules.quorum_bp)
            ),
        ),
        (
            v.t("gov-chambers"),
            d.rules
                .chambers
                .iter()
                .map(|c| {
                    tr_args(
                        v.lang,
                        "gov-chamber-fact",
                        &[
                            ("chamber", FluentValue::from(chamber_label(v, &c.name))),
                            (
                                "weight",
                                FluentValue::from(bayanihan_domain::governance::percent_string(
                                    c.weight_bp,
                                )),
                            ),
                            ("eligible", FluentValue::from(c.eligible as f64)),
                        ],
                    )
                })
                .collect::<Vec<_>>()
                .join("; "),
        ),
        (
            if d.closed_at.is_some() {
                v.t("gov-closed-at")
            } else {
                v.t("gov-closes-at")
            },
            format_time(v.lang, d.closed_at.unwrap_or(d.closes_at), &o.time_zone),
        ),
        (v.t("gov-ballots-in"), d.ballots.to_string()),
    ];
    if d.anonymous {
        facts.push((v.t("gov-anonymous"), v.t("gov-anonymous-text")));
    }
    if let Some(a) = &d.action {
        facts.push((v.t("gov-carries"), describe_action(v, a)));
    }
    // The list the voters approve is the cycle's, as its shop shows it.
    let price_list = match &d.action {
        Some(Carry::ApprovePriceList { cycle_id, .. }) => {
            bayanihan_app::trade::cycle(&state.store, *cycle_id)
                .await
                .ok()
                .map(|c| (c.id, c.name))
        }
        _ => None,
    };
    let ballots_to_cast = if open {
        view.voters
            .iter()
            .filter(|x| !x.voted)
            .map(|x| {
                (
                    x.voter_id,
                    x.name.clone(),
                    tr(v.lang, &format!("gov-voter-{}", x.role)),
                )
            })
            .collect()
    } else {
        Vec::new()
    };
    let myself = view
        .voters
        .iter()
        .find(|x| x.voter_id == subject.person_id && x.role == "self");
    let electorate_needed = open
        && (view.records_meetings
            || (view.proxy_limit > 0
                && myself.is_some_and(|m| !m.voted)
                && view.proxy_given_to.is_none()));
    let electorate = if electorate_needed {
        governance::electorate(&state.store, who, id)
            .await
            .or_page(v)?
    } else {
        Vec::new()
    };
    let proxy_to = if view.proxy_limit > 0
        && open
        && myself.is_some_and(|m| !m.voted)
        && view.proxy_given_to.is_none()
    {
        electorate
            .iter()
            .filter(|(p, _)| *p != subject.person_id)
            .cloned()
            .collect()
    } else {
        Vec::new()
    };
    let proxy_given = match view.proxy_given_to {
        Some(h) => Some(
            names_of(state, vec![h])
                .await
                .get(&h)
                .cloned()
                .unwrap_or_default(),
        ),
        None => None,
    };
    let closed = d.closed_at.is_some();
    let ballots = if closed {
        governance::ballots(&state.store, who, id)
            .await
            .or_page(v)?
            .into_iter()
            .map(|b| {
                let choice = match &b.choice {
                    serde_json::Value::Array(a) => a
                        .iter()
                        .filter_map(|x| x.as_str())
                        .map(|s| option_label(&s.to_string()))
                        .collect::<Vec<_>>()
                        .join(if d.rules.kind == DecisionKind::RankedChoice {
                            " › "
                        } else {
                            ", "
                        }),
                    serde_json::Value::Object(m) => m
                        .iter()
                        .map(|(k, n)| format!("{k}: {n}"))
                        .collect::<Vec<_>>()
                        .join(", "),
                    other => other.to_string(),
                };
                (
                    b.voter_name.unwrap_or_else(|| v.t("gov-anonymous-voter")),
                    chamber_label(v, &b.chamber),
                    choice,
                    b.reason.unwrap_or_default(),
                    b.mode
                        .map(|m| tr(v.lang, &format!("gov-mode-{}", m.id())))
                        .unwrap_or_default(),
                )
            })
            .collect()
    } else {
        Vec::new()
    };
    let page = DecisionPage {
        c: v.chrome(d.title.clone()),
        id,
        price_list,
        org: d.organization_id,
        notice,
        error: error.clone(),
        title: d.title.clone(),
        details: d
            .details
            .split("\n\n")
            .map(|p| p.trim().to_string())
            .filter(|p| !p.is_empty())
            .collect(),
        facts,
        open,
        form_kind: form_kind(d),
        options: d
            .rules
            .options
            .iter()
            .filter(|o| {
                // A block is offered only where it counts.
                !(d.rules.kind == DecisionKind::Proposal
                    && d.rules.threshold != Threshold::Consensus
                    && o.as_str() == "block")
            })
            .map(|o| (o.clone(), option_label(o)))
            .collect(),
        max_points: match d.rules.kind {
            DecisionKind::Score => d.rules.max_score,
            _ => d.rules.dots,
        },
        cast_for: view
            .voters
            .iter()
            .filter(|x| x.voted)
            .map(|x| x.name.clone())
            .collect(),
        ballots_to_cast,
        proxy_to,
        proxy_given,
        meeting_voters: if view.records_meetings && open {
            electorate
        } else {
            Vec::new()
        },
        modes: view
            .modes
            .iter()
            .map(|(m, n)| (tr(v.lang, &format!("gov-mode-{}", m.id())), *n))
            .collect(),
        result: d.tally.as_ref().map(|t| result_view(v, d, t)),
        ballots,
        anonymous: d.anonymous,
    };
    Ok(v.render_form(error.is_some(), StatusCode::UNPROCESSABLE_ENTITY, &page))
}

fn describe_action(v: &Visitor, a: &Carry) -> String {
    let label = tr(v.lang, &format!("gov-action-{}", a.kind()));
    match a {
        Carry::PatronageRefund {
            surplus,
            reserve_bp,
            from,
            to,
            to_where,
        } => tr_args(
            v.lang,
            "gov-action-patronage-text",
            &[
                ("surplus", FluentValue::from(format_money(v.lang, *surplus))),
                (
                    "reserve",
                    FluentValue::from(bayanihan_domain::governance::percent_string(*reserve_bp)),
                ),
                (
                    "from",
                    FluentValue::from(crate::i18n::format_date(v.lang, *from)),
                ),
                (
                    "to",
                    FluentValue::from(crate::i18n::format_date(v.lang, *to)),
                ),
                (
                    "where",
                    FluentValue::from(tr(v.lang, &format!("gov-refund-{}", to_where.id()))),
                ),
            ],
        ),
        Carry::SeasonShortfallRule { rule, .. } => format!(
            "{label}: {}",
            tr(v.lang, &format!("shortfall-rule-{}", rule.id()))
        ),
        _ => label,
    }
}

pub(super) async fn decision(
    State(state): State<AppState>,
    v: Visitor,
    PathId(id): PathId,
) -> PageResult {
    decision_page(&state, &v, id, None, None).await
}

async fn after_decision<T>(
    state: &AppState,
    v: &Visitor,
    id: Uuid,
    r: Result<T, bayanihan_app::AppError>,
    done: String,
) -> PageResult {
    after_form(v, r, done, |n, e| decision_page(state, v, id, n, e)).await
}

/// A ballot from the form: `choice` (one), `choices` (several), `points_<option>`,
/// `rank_<n>`; for a meeting's ballot also `mode`, `meeting`, `witness`.
pub(super) async fn vote(
    State(state): State<AppState>,
    v: Visitor,
    PathId(id): PathId,
    body: String,
) -> PageResult {
    let mut csrf = String::new();
    let mut confirm = None;
    let mut one = None;
    let mut several = Vec::new();
    let mut points = std::collections::BTreeMap::new();
    let mut ranks: Vec<(u32, String)> = Vec::new();
    let mut input = BallotInput {
        choice: None,
        ranking: None,
        reason: None,
        voter_id: None,
        mode: None,
        meeting: None,
        witness: None,
    };
    for (k, val) in form_urlencoded::parse(body.as_bytes()) {
        let val = val.into_owned();
        match k.as_ref() {
            "csrf" => csrf = val,
            "confirm" => confirm = Some(val),
            "choice" => one = Some(val),
            "choices" => several.push(val),
            "reason" => input.reason = Some(val),
            "voter_id" => input.voter_id = Uuid::parse_str(&val).ok(),
            "mode" if !val.is_empty() => input.mode = Some(val),
            "meeting" => input.meeting = Some(val),
            "witness" => input.witness = Some(val),
            k => {
                if let Some(o) = k.strip_prefix("points_") {
                    if !val.trim().is_empty() {
                        // A number the rules then check; anything else counts as refused.
                        points.insert(o.to_string(), val.trim().parse::<u64>().unwrap_or(u64::MAX));
                    }
                } else if let Some(n) = k.strip_prefix("rank_") {
                    if !val.is_empty() {
                        ranks.push((n.parse().unwrap_or(u32::MAX), val));
                    }
                }
            }
        }
    }
    let subject = v.posted(&csrf)?;
    v.unconfirmed(&confirm)?;
    if !ranks.is_empty() {
        ranks.sort();
        input.ranking = Some(ranks.into_iter().map(|(_, o)| o).collect());
    } else if !points.is_empty() {
        input.choice = Some(Choice::Points(points));
    } else if !several.is_empty() {
        input.choice = Some(Choice::Several(several));
    } else if let Some(o) = one {
        input.choice = Some(Choice::One(o));
    }
    let r = governance::cast(&state.store, Some(&subject), id, &input).await;
    after_decision(&state, &v, id, r, v.t("gov-voted")).await
}

#[derive(Deserialize)]
pub(super) struct ProxyForm {
    #[serde(default)]
    csrf: String,
    holder_id: Uuid,
    confirm: Option<String>,
}

pub(super) async fn proxy(
    State(state): State<AppState>,
    v: Visitor,
    PathId(id): PathId,
    Form(f): Form<ProxyForm>,
) -> PageResult {
    let subject = v.posted(&f.csrf)?;
    v.unconfirmed(&f.confirm)?;
    let r = governance::give_proxy(&state.store, Some(&subject), id, f.holder_id).await;
    after_decision(&state, &v, id, r, v.t("gov-proxy-given")).await
}

// ----- a new decision -----

/// What the new-decision form keeps when it comes back with an error.
#[derive(Default, Clone)]
pub(super) struct DecisionFormValues {
    body: String,
    title: String,
    details: String,
    kind: String,
    options: String,
    threshold: String,
    quorum: String,
    multiple: bool,
    max_score: String,
    dots: String,
    anonymous: bool,
    closes: String,
    action: String,
    currency: String,
    surplus: String,
    reserve: String,
    from: String,
    to: String,
    to_where: String,
    target_org: String,
    round: String,
    season: String,
    rule: String,
    cycle: String,
}

#[derive(Template)]
#[template(path = "new_decision.html")]
pub(super) struct NewDecisionPage {
    c: Chrome,
    org: Uuid,
    org_name: String,
    error: Option<String>,
    k: DecisionFormValues,
    bodies: Vec<(Uuid, String)>,
    kinds: Vec<(&'static str, String)>,
    thresholds: Vec<(&'static str, String)>,
    actions: Vec<(&'static str, String)>,
    refund_to: Vec<(&'static str, String)>,
    rules: Vec<(&'static str, String)>,
    /// Organizations linked to the network (to admit or remove).
    linked: Vec<(Uuid, String)>,
    rounds: Vec<(Uuid, String)>,
    seasons: Vec<(Uuid, String)>,
    /// The organization's open cycles whose prices are not approved yet.
    cycles: Vec<(Uuid, String)>,
    time_zone: String,
}

async fn new_decision_page(
    state: &AppState,
    v: &Visitor,
    org: Uuid,
    error: Option<String>,
    k: DecisionFormValues,
) -> PageResult {
    let subject = v.signed_in()?;
    let who = Some(&subject);
    if decide(who, org, Action::RunDecisions) != Decision::Allowed {
        return Err(v.message(
            StatusCode::FORBIDDEN,
            v.t("error-forbidden"),
            v.t("error-forbidden"),
        ));
    }
    let o = bayanihan_app::organizations::organization(&state.store, org)
        .await
        .or_page(v)?;
    let bodies = governance::bodies(&state.store, who, org)
        .await
        .or_page(v)?;
    let links = bayanihan_app::organizations::network_links(&state.store, org)
        .await
        .or_page(v)?;
    let linked_ids: Vec<Uuid> = links
        .iter()
        .filter(|l| l.network_id == org)
        .map(|l| l.member_id)
        .collect();
    let names = names_of(state, linked_ids.clone()).await;
    let rounds = if o.kind == OrgKind::Network {
        bayanihan_app::clearing::list(&state.store, who, org)
            .await
            .unwrap_or_default()
            .into_iter()
            .filter(|r| r.status == bayanihan_domain::clearing::RoundStatus::Proposed)
            .map(|r| {
                (
                    r.id,
                    format!(
                        "{} · {}",
                        format_time(v.lang, r.proposed_at, &o.time_zone),
                        format_money(v.lang, r.cleared)
                    ),
                )
            })
            .collect()
    } else {
        Vec::new()
    };
    let seasons = bayanihan_app::seasons::of_organization(&state.store, who, org)
        .await
        .unwrap_or_default()
        .into_iter()
        .filter(|s| !s.settled)
        .map(|s| (s.id, s.name))
        .collect();
    // Open cycles with a price list (offers other than a season's) not approved yet.
    let mut cycles = Vec::new();
    for c in bayanihan_app::trade::cycles(&state.store, Some(org))
        .await
        .unwrap_or_default()
        .into_iter()
        .filter(|c| !c.is_closed() && c.prices_approved_by.is_none())
    {
        let offers = bayanihan_app::trade::offers(&state.store, c.id)
            .await
            .unwrap_or_default();
        if offers.iter().any(|o| !o.prepaid) {
            cycles.push((c.id, c.name));
        }
    }
    let page = NewDecisionPage {
        c: v.chrome(v.t("gov-new-decision")),
        org,
        org_name: o.name.clone(),
        error: error.clone(),
        bodies: bodies
            .iter()
            .map(|b| (b.body.id, b.body.name.clone()))
            .collect(),
        kinds: DecisionKind::ALL
            .iter()
            .map(|k| (k.id(), tr(v.lang, &format!("gov-kind-{}", k.id()))))
            .collect(),
        thresholds: Threshold::ALL
            .iter()
            .map(|t| (t.id(), tr(v.lang, &format!("gov-threshold-{}", t.id()))))
            .collect(),
        actions: bayanihan_domain::governance::decision::ACTION_KINDS
            .into_iter()
            .map(|a| (a, tr(v.lang, &format!("gov-action-{a}"))))
            .collect(),
        refund_to: bayanihan_domain::governance::decision::RefundTo::ALL
            .iter()
            .map(|r| (r.id(), tr(v.lang, &format!("gov-refund-{}", r.id()))))
            .collect(),
        rules: bayanihan_domain::season::ShortfallRule::ALL
            .iter()
            .map(|r| (r.id(), tr(v.lang, &format!("shortfall-rule-{}", r.id()))))
            .collect(),
        linked: linked_ids
            .iter()
            .map(|i| (*i, names.get(i).cloned().unwrap_or_default()))
            .collect(),
        rounds,
        seasons,
        cycles,
        time_zone: o.time_zone.clone(),
        k,
    };
    Ok(v.render_form(error.is_some(), StatusCode::UNPROCESSABLE_ENTITY, &page))
}

pub(super) async fn new_decision_form(
    State(state): State<AppState>,
    v: Visitor,
    PathId(org): PathId,
) -> PageResult {
    let o = bayanihan_app::organizations::organization(&state.store, org)
        .await
        .or_page(&v)?;
    let in_days = |d: i64| {
        jiff::Zoned::now()
            .with_time_zone(
                jiff::tz::TimeZone::get(&o.time_zone).unwrap_or(jiff::tz::TimeZone::UTC),
            )
            .date()
            .checked_add(jiff::Span::new().days(d))
            .map(|d| d.to_string())
            .unwrap_or_default()
    };
    let k = DecisionFormValues {
        kind: "proposal".into(),
        threshold: "simple".into(),
        quorum: "0".into(),
        max_score: "5".into(),
        dots: "8".into(),
        closes: format!("{}T18:00", in_days(7)),
        currency: o.currency.code().to_string(),
        reserve: "57.5".into(),
        to_where: "pay".into(),
        rule: "members".into(),
        ..Default::default()
    };
    new_decision_page(&state, &v, org, None, k).await
}

pub(super) async fn new_decision(
    State(state): State<AppState>,
    v: Visitor,
    PathId(org): PathId,
    body: String,
) -> PageResult {
    let mut csrf = String::new();
    let mut k = DecisionFormValues::default();
    for (key, val) in form_urlencoded::parse(body.as_bytes()) {
        let val = val.into_owned();
        match key.as_ref() {
            "csrf" => csrf = val,
            "body_id" => k.body = val,
            "title" => k.title = val,
            "details" => k.details = val,
            "kind" => k.kind = val,
            "options" => k.options = val,
            "threshold" => k.threshold = val,
            "quorum" => k.quorum = val,
            "multiple" => k.multiple = true,
            "max_score" => k.max_score = val,
            "dots" => k.dots = val,
            "anonymous" => k.anonymous = true,
            "closes" => k.closes = val,
            "action" => k.action = val,
            "currency" => k.currency = val,
            "surplus" => k.surplus = val,
            "reserve" => k.reserve = val,
            "from" => k.from = val,
            "to" => k.to = val,
            "to_where" => k.to_where = val,
            "target_org" => k.target_org = val,
            "round" => k.round = val,
            "season" => k.season = val,
            "rule" => k.rule = val,
            "cycle" => k.cycle = val,
            _ => {}
        }
    }
    if !v.csrf_ok(&csrf) {
        let page = new_decision_page(&state, &v, org, Some(v.t("error-csrf")), k).await?;
        return Err(with_status(page, StatusCode::FORBIDDEN));
    }
    let subject = v.signed_in()?;
    let o = bayanihan_app::organizations::organization(&state.store, org)
        .await
        .or_page(&v)?;
    let uuid = |s: &str| Uuid::parse_str(s.trim()).unwrap_or_default();
    let action = match k.action.as_str() {
        "patronage_refund" => Some(
            bayanihan_domain::governance::decision::ActionInput::PatronageRefund {
                currency: k.currency.clone(),
                surplus: k.surplus.clone(),
                reserve_percent: k.reserve.clone(),
                from: k.from.clone(),
                to: k.to.clone(),
                to_where: k.to_where.clone(),
            },
        ),
        "admit_member" => Some(
            bayanihan_domain::governance::decision::ActionInput::AdmitMember {
                organization_id: uuid(&k.target_org),
            },
        ),
        "remove_member" => Some(
            bayanihan_domain::governance::decision::ActionInput::RemoveMember {
                organization_id: uuid(&k.target_org),
            },
        ),
        "apply_clearing" => Some(
            bayanihan_domain::governance::decision::ActionInput::ApplyClearing {
                round_id: uuid(&k.round),
            },
        ),
        "season_shortfall_rule" => Some(
            bayanihan_domain::governance::decision::ActionInput::SeasonShortfallRule {
                season_id: uuid(&k.season),
                rule: k.rule.clone(),
            },
        ),
        "approve_price_list" => Some(
            bayanihan_domain::governance::decision::ActionInput::ApprovePriceList {
                cycle_id: uuid(&k.cycle),
            },
        ),
        _ => None,
    };
    let options: Vec<String> = k
        .options
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(String::from)
        .collect();
    let input = bayanihan_domain::governance::decision::DecisionInput {
        body_id: uuid(&k.body),
        title: k.title.clone(),
        details: Some(k.details.clone()),
        kind: k.kind.clone(),
        options: (k.kind != "proposal" || !options.is_empty()).then_some(options),
        threshold: Some(k.threshold.clone()),
        quorum_percent: Some(k.quorum.clone()),
        multiple: k.multiple,
        max_score: k.max_score.trim().parse().ok(),
        dots: k.dots.trim().parse().ok(),
        anonymous: k.anonymous,
        action,
        opens_at: None,
        closes_at: super::wall_clock_to_utc(&k.closes, &o.time_zone),
    };
    match governance::open(&state.store, Some(&subject), &input)
        .await
        .map_err(ApiError::from)
    {
        Ok(d) => Ok(Redirect::to(&format!("/decisions/{}", d.id)).into_response()),
        Err(e) => match form_error(&v, &e) {
            Some(m) => new_decision_page(&state, &v, org, Some(m), k).await,
            None => Err(v.failure(e)),
        },
    }
}

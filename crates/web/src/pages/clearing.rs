//! Clearing rounds: the steward's page to propose one and the list of rounds; a round's page
//! with each organization's effect, where stewards apply or discard it.

use bayanihan_domain::Conflict;

use super::*;

#[derive(Template)]
#[template(path = "clearing.html")]
pub(super) struct ClearingPage {
    c: Chrome,
    id: Uuid,
    name: String,
    error: Option<String>,
    currencies: Vec<&'static str>,
    /// (id, proposed, status, cleared)
    rounds: Vec<(Uuid, String, String, String)>,
}

#[derive(Template)]
#[template(path = "clearing_round.html")]
pub(super) struct RoundPage {
    c: Chrome,
    id: Uuid,
    network: String,
    notice: Option<String>,
    error: Option<String>,
    status: String,
    proposed: String,
    total: String,
    cleared: String,
    share: String,
    /// (organization, owes before, after, owed before, after, saved)
    effects: Vec<(String, String, String, String, String, String)>,
    can_decide: bool,
}

fn steward(v: &Visitor, network: Uuid) -> bool {
    bayanihan_app::clearing::runs_rounds(v.caller.subject.as_ref(), network)
}

async fn network_page(
    state: &AppState,
    v: &Visitor,
    id: Uuid,
    error: Option<String>,
) -> PageResult {
    v.signed_in()?;
    let (org, rounds, currencies) =
        bayanihan_app::clearing::network_page(&state.store, v.caller.subject.as_ref(), id)
            .await
            .or_page(v)?;
    let currencies = currencies.into_iter().map(|c| c.code()).collect();
    let page = ClearingPage {
        c: v.chrome(v.t("clearing-title")),
        id,
        name: org.name,
        error: error.clone(),
        currencies,
        rounds: rounds
            .iter()
            .map(|r| {
                (
                    r.id,
                    format_time(v.lang, r.proposed_at, "UTC"),
                    tr(v.lang, &format!("round-{}", r.status.id())),
                    format_money(v.lang, r.cleared),
                )
            })
            .collect(),
    };
    Ok(v.render_form(error.is_some(), StatusCode::UNPROCESSABLE_ENTITY, &page))
}

pub(super) async fn network(
    State(state): State<AppState>,
    v: Visitor,
    PathId(id): PathId,
) -> PageResult {
    network_page(&state, &v, id, None).await
}

#[derive(Deserialize)]
pub(super) struct ProposeForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    currency: String,
}

pub(super) async fn propose(
    State(state): State<AppState>,
    v: Visitor,
    PathId(id): PathId,
    Form(f): Form<ProposeForm>,
) -> PageResult {
    let subject = v.posted(&f.csrf)?;
    let input = bayanihan_app::clearing::RoundInput {
        currency: Some(f.currency.clone()),
    };
    match bayanihan_app::clearing::propose(&state.store, Some(&subject), id, &input)
        .await
        .map_err(ApiError::from)
    {
        Ok(r) => Ok(Redirect::to(&format!("/clearing-rounds/{}", r.id)).into_response()),
        Err(ApiError::Invalid(i)) if i.errors.iter().any(|e| e.field == "currency") => {
            network_page(&state, &v, id, Some(v.t("clearing-bad-currency"))).await
        }
        Err(e @ ApiError::Invalid(_)) => network_page(&state, &v, id, Some(v.explain(&e))).await,
        Err(e) => Err(v.failure(e)),
    }
}

async fn round_page(
    state: &AppState,
    v: &Visitor,
    id: Uuid,
    notice: Option<String>,
    error: Option<String>,
) -> PageResult {
    v.signed_in()?;
    let rv = bayanihan_app::clearing::view(&state.store, v.caller.subject.as_ref(), id)
        .await
        .or_page(v)?;
    let r = &rv.round;
    let mut ids: Vec<Uuid> = rv.effects.iter().map(|e| e.organization_id).collect();
    ids.push(r.network_id);
    let names = names_of(state, ids).await;
    let money = |m| format_money(v.lang, m);
    let share = if r.total_debt.minor() > 0 {
        format!(
            "{:.1} %",
            r.cleared.minor() as f64 * 100.0 / r.total_debt.minor() as f64
        )
    } else {
        "—".into()
    };
    let page = RoundPage {
        c: v.chrome(v.t("clearing-round")),
        id,
        network: names.get(&r.network_id).cloned().unwrap_or_default(),
        notice,
        error: error.clone(),
        status: tr(v.lang, &format!("round-{}", r.status.id())),
        proposed: format_time(v.lang, r.proposed_at, "UTC"),
        total: money(r.total_debt),
        cleared: money(r.cleared),
        share,
        effects: rv
            .effects
            .iter()
            .map(|e| {
                (
                    names.get(&e.organization_id).cloned().unwrap_or_default(),
                    money(e.owes_before),
                    money(e.owes_after),
                    money(e.owed_before),
                    money(e.owed_after),
                    money(e.liquidity_saved),
                )
            })
            .collect(),
        can_decide: steward(v, r.network_id)
            && r.status == bayanihan_store::clearing::RoundStatus::Proposed,
    };
    Ok(v.render_form(error.is_some(), StatusCode::CONFLICT, &page))
}

pub(super) async fn round(
    State(state): State<AppState>,
    v: Visitor,
    PathId(id): PathId,
) -> PageResult {
    round_page(&state, &v, id, None, None).await
}

async fn decide_round(
    state: AppState,
    v: Visitor,
    id: Uuid,
    f: ConfirmForm,
    apply: bool,
) -> PageResult {
    let subject = v.posted(&f.csrf)?;
    // Who may decide is the use case's to say; a steward who did not tick is asked to.
    if bayanihan_app::clearing::view(&state.store, Some(&subject), id)
        .await
        .is_ok_and(|r| bayanihan_app::clearing::runs_rounds(Some(&subject), r.round.network_id))
    {
        v.unconfirmed(&f.confirm)?;
    }
    match bayanihan_app::clearing::decide_round(&state.store, Some(&subject), id, apply).await {
        Ok(_) => {
            let notice = if apply {
                v.t("clearing-applied")
            } else {
                v.t("clearing-discarded")
            };
            round_page(&state, &v, id, Some(notice), None).await
        }
        Err(bayanihan_app::AppError::Conflict(
            c @ (Conflict::RoundStale | Conflict::RoundDecided { .. }),
        )) => {
            let msg = if c == Conflict::RoundStale {
                v.t("clearing-stale")
            } else {
                v.t("clearing-closed")
            };
            round_page(&state, &v, id, None, Some(msg)).await
        }
        Err(e) => Err(v.failure(e)),
    }
}

pub(super) async fn apply(
    State(state): State<AppState>,
    v: Visitor,
    PathId(id): PathId,
    Form(f): Form<ConfirmForm>,
) -> PageResult {
    decide_round(state, v, id, f, true).await
}

pub(super) async fn discard(
    State(state): State<AppState>,
    v: Visitor,
    PathId(id): PathId,
    Form(f): Form<ConfirmForm>,
) -> PageResult {
    decide_round(state, v, id, f, false).await
}

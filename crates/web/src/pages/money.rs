//! Balances, obligations, and recording payments.

use super::*;

pub(super) struct ObligationView {
    id: Uuid,
    from: String,
    to: String,
    outstanding: String,
    outstanding_plain: String,
    due: String,
}

#[derive(Template)]
#[template(path = "money.html")]
pub(super) struct MoneyPage {
    c: Chrome,
    org_id: Uuid,
    name: String,
    notice: Option<String>,
    error: Option<String>,
    balances: Vec<(String, String)>,
    obligations: Vec<ObligationView>,
    can_pay: bool,
    methods: Vec<(&'static str, String)>,
    /// Clearing rounds the organization is in: (id, proposed, status, its liquidity saved).
    rounds: Vec<(Uuid, String, String, String)>,
}

#[derive(Deserialize)]
pub(super) struct MoneyQuery {
    paid: Option<String>,
}

pub(super) async fn money_page(
    state: &AppState,
    v: &Visitor,
    org: Uuid,
    notice: Option<String>,
    error: Option<String>,
) -> Response {
    let Some(subject) = v.caller.subject.clone() else {
        return v.to_signin();
    };
    if decide(Some(&subject), org, Action::ReadPrivate) != Decision::Allowed {
        return v.failure(ApiError::Forbidden(
            "Only the organization's members see its money.".into(),
        ));
    }
    let (o, balances, obligations, rounds) = match tokio::try_join!(
        state.store.organization(org),
        state.store.balances(org),
        state.store.obligations(Some(org), true),
        state.store.clearing_rounds_of(org)
    ) {
        Ok(x) => x,
        Err(e) => return v.failure(e),
    };
    let mut ids: Vec<Uuid> = obligations
        .iter()
        .flat_map(|o| [o.debtor_id, o.creditor_id])
        .collect();
    ids.push(org);
    let names = names_of(state, ids).await;
    let mut round_views = Vec::new();
    // The latest rounds; the network's stewards keep the whole list.
    for r in rounds.iter().take(10) {
        let mine = state
            .store
            .clearing_set_offs(r, Some(org))
            .await
            .unwrap_or_default();
        let saved = bayanihan_store::clearing::effects(r.currency, &mine)
            .into_iter()
            .find(|e| e.organization_id == org)
            .map(|e| format_money(v.lang, e.liquidity_saved))
            .unwrap_or_default();
        round_views.push((
            r.id,
            format_time(r.proposed_at, "UTC"),
            tr(v.lang, &format!("round-{}", r.status.id())),
            saved,
        ));
    }
    let page = MoneyPage {
        c: v.chrome(v.t("money-title")),
        org_id: org,
        name: o.name,
        notice,
        error: error.clone(),
        balances: balances
            .iter()
            .map(|b| {
                (
                    tr(v.lang, &format!("account-{}", b.kind)),
                    format_money(v.lang, b.amount),
                )
            })
            .collect(),
        obligations: obligations
            .iter()
            .map(|ob| ObligationView {
                id: ob.id,
                from: names.get(&ob.debtor_id).cloned().unwrap_or_default(),
                to: names.get(&ob.creditor_id).cloned().unwrap_or_default(),
                outstanding: format_money(v.lang, ob.outstanding),
                outstanding_plain: ob.outstanding.to_decimal_string(),
                due: ob.due_date.to_string(),
            })
            .collect(),
        can_pay: decide(Some(&subject), org, Action::RecordPayments) == Decision::Allowed,
        methods: crate::PAYMENT_METHODS
            .iter()
            .map(|m| (*m, tr(v.lang, &format!("method-{m}"))))
            .collect(),
        rounds: round_views,
    };
    v.render_form(error.is_some(), StatusCode::UNPROCESSABLE_ENTITY, &page)
}

pub(super) async fn money(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<String>,
    axum::extract::Query(q): axum::extract::Query<MoneyQuery>,
) -> Response {
    let Some(id) = parse_id(&id) else {
        return v.not_found();
    };
    money_page(&state, &v, id, q.paid.map(|_| v.t("money-recorded")), None).await
}

#[derive(Deserialize)]
pub(super) struct PayForm {
    #[serde(default)]
    csrf: String,
    org: Uuid,
    #[serde(default)]
    amount: String,
    #[serde(default)]
    method: String,
    #[serde(default)]
    reference: String,
}

pub(super) async fn pay(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<String>,
    Form(f): Form<PayForm>,
) -> Response {
    let Some(id) = parse_id(&id) else {
        return v.not_found();
    };
    let Some(subject) = v.caller.subject.clone() else {
        return v.to_signin();
    };
    if !v.csrf_ok(&f.csrf) {
        return with_status(
            money_page(&state, &v, f.org, None, Some(v.t("error-csrf"))).await,
            StatusCode::FORBIDDEN,
        );
    }
    let ob = match state.store.obligation(id).await {
        Ok(o) => o,
        Err(e) => return v.failure(e),
    };
    // The page reads the amount the way people write it ("1,250.50"); the use case takes the
    // plain form, decides who may record it and checks the rest.
    let amount = match Money::parse_decimal(&f.amount, ob.amount.currency()) {
        Ok(a) => a,
        Err(e) => return money_page(&state, &v, f.org, None, Some(e.reason().to_string())).await,
    };
    let input = bayanihan_app::trade::PaymentInput {
        amount: amount.to_decimal_string(),
        method: f.method.clone(),
        reference: Some(f.reference.clone()),
        paid_on: None,
    };
    let recorded = bayanihan_app::trade::record_payment(&state.store, Some(&subject), id, &input);
    match recorded.await.map_err(ApiError::from) {
        Ok(_) => Redirect::to(&format!("/organizations/{}/money?paid=1", f.org)).into_response(),
        Err(ApiError::Conflict(_)) => {
            // The only conflict a payment meets: more than what is still owed.
            let owed = state
                .store
                .obligation(id)
                .await
                .map(|o| o.outstanding)
                .unwrap_or(ob.outstanding);
            let msg = tr_args(
                v.lang,
                "money-error-too-much",
                &[("amount", FluentValue::from(format_money(v.lang, owed)))],
            );
            money_page(&state, &v, f.org, None, Some(msg)).await
        }
        Err(e @ ApiError::Invalid(_)) => {
            let msg = v.explain(&e);
            money_page(&state, &v, f.org, None, Some(msg)).await
        }
        Err(e) => v.failure(e),
    }
}

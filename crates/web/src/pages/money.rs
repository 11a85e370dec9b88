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
) -> PageResult {
    let subject = v.signed_in()?;
    // The latest rounds; the network's stewards keep the whole list.
    let m = bayanihan_app::clearing::money(&state.store, Some(&subject), org, 10)
        .await
        .or_page(v)?;
    let mut ids: Vec<Uuid> = m
        .outstanding
        .iter()
        .flat_map(|o| [o.debtor_id, o.creditor_id])
        .collect();
    ids.push(org);
    let names = names_of(state, ids).await;
    let rounds = m
        .rounds
        .iter()
        .map(|(r, effect)| {
            (
                r.id,
                format_time(r.proposed_at, "UTC"),
                tr(v.lang, &format!("round-{}", r.status.id())),
                effect
                    .as_ref()
                    .map(|e| format_money(v.lang, e.liquidity_saved))
                    .unwrap_or_default(),
            )
        })
        .collect();
    let page = MoneyPage {
        c: v.chrome(v.t("money-title")),
        org_id: org,
        name: m.organization.name,
        notice,
        error: error.clone(),
        balances: m
            .balances
            .iter()
            .map(|b| {
                (
                    tr(v.lang, &format!("account-{}", b.kind)),
                    format_money(v.lang, b.amount),
                )
            })
            .collect(),
        obligations: m
            .outstanding
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
        methods: bayanihan_domain::trade::records::PaymentMethod::ALL
            .iter()
            .map(|m| (m.id(), tr(v.lang, &format!("method-{}", m.id()))))
            .collect(),
        rounds,
    };
    Ok(v.render_form(error.is_some(), StatusCode::UNPROCESSABLE_ENTITY, &page))
}

pub(super) async fn money(
    State(state): State<AppState>,
    v: Visitor,
    PathId(id): PathId,
    axum::extract::Query(q): axum::extract::Query<MoneyQuery>,
) -> PageResult {
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
    PathId(id): PathId,
    Form(f): Form<PayForm>,
) -> PageResult {
    let subject = v.signed_in()?;
    if !v.csrf_ok(&f.csrf) {
        let page = money_page(&state, &v, f.org, None, Some(v.t("error-csrf"))).await?;
        return Err(with_status(page, StatusCode::FORBIDDEN));
    }
    let ob = bayanihan_app::clearing::obligation(&state.store, Some(&subject), id)
        .await
        .or_page(&v)?;
    // The page reads the amount the way people write it ("1,250.50"); the use case takes the
    // plain form and checks the rest.
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
    match recorded.await {
        Ok(_) => {
            Ok(Redirect::to(&format!("/organizations/{}/money?paid=1", f.org)).into_response())
        }
        Err(bayanihan_app::AppError::Conflict(bayanihan_domain::Conflict::MoreThanOwed {
            owed,
        })) => {
            let msg = tr_args(
                v.lang,
                "money-error-too-much",
                &[("amount", FluentValue::from(format_money(v.lang, owed)))],
            );
            money_page(&state, &v, f.org, None, Some(msg)).await
        }
        Err(e @ bayanihan_app::AppError::Invalid(_)) => {
            let msg = v.explain(&e.into());
            money_page(&state, &v, f.org, None, Some(msg)).await
        }
        Err(e) => Err(v.failure(e)),
    }
}

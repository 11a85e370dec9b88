//! Balances, obligations, and recording payments.

use super::*;

pub(super) struct ObligationView {
    id: Uuid,
    /// "Barangay Malaya owes you ₱26,720.58 for Week 9", in the reader's language.
    text: String,
    outstanding_plain: String,
    due: String,
    overdue: bool,
    /// The invoice or statement it came from.
    document: Option<String>,
    /// "₱1,200.00 of it was set off in a clearing round", when a round reduced it.
    set_off: Option<String>,
}

/// One payment of the history, from the organization's side.
pub(super) struct PaymentView {
    id: Uuid,
    date: String,
    /// "Barangay Malaya paid you ₱1,000.00", in the reader's language.
    text: String,
    method: String,
    reference: Option<String>,
    by: Option<String>,
    /// This entry reverses an earlier payment.
    reversal: bool,
    /// A later entry reversed this one.
    reversed: bool,
    /// The clearing round whose set-off this is.
    round: Option<Uuid>,
    can_reverse: bool,
}

/// What one counterparty and the organization owe each other in one currency.
pub(super) struct CounterpartyView {
    name: String,
    /// The net position in words.
    net: String,
    obligations: Vec<ObligationView>,
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
    counterparties: Vec<CounterpartyView>,
    can_pay: bool,
    methods: Vec<(&'static str, String)>,
    /// Clearing rounds the organization is in: (id, proposed, status, its liquidity saved).
    rounds: Vec<(Uuid, String, String, String)>,
    payments: Vec<PaymentView>,
    /// For its admins: how debtors pay the organization, printed on its documents.
    instructions: Option<String>,
}

#[derive(Deserialize)]
pub(super) struct MoneyQuery {
    paid: Option<String>,
    reversed: Option<String>,
    instructions: Option<String>,
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
        .chain(m.payments.iter().flat_map(|p| [p.debtor_id, p.creditor_id]))
        .collect();
    ids.push(org);
    let names = names_of(state, ids).await;
    let rounds = m
        .rounds
        .iter()
        .map(|(r, effect)| {
            (
                r.id,
                format_time(v.lang, r.proposed_at, "UTC"),
                tr(v.lang, &format!("round-{}", r.status.id())),
                effect
                    .as_ref()
                    .map(|e| format_money(v.lang, e.liquidity_saved))
                    .unwrap_or_default(),
            )
        })
        .collect();
    let counterparties = statement(v, org, &m, &names);
    let can_pay = decide(Some(&subject), org, Action::RecordPayments) == Decision::Allowed;
    // Who recorded a payment is a person: named to the organization's members only (a
    // network steward reading the money page sees the payments, not the people).
    let member = subject.role_in(org) >= Role::Member;
    let payments = m
        .payments
        .iter()
        .map(|p| {
            let mut view = payment_view(v.lang, org, p, &names, can_pay);
            if !member {
                view.by = None;
            }
            view
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
        counterparties,
        can_pay,
        payments,
        instructions: (decide(Some(&subject), org, Action::Update) == Decision::Allowed).then(
            || {
                m.organization
                    .payment_instructions
                    .clone()
                    .unwrap_or_default()
            },
        ),
        methods: bayanihan_domain::trade::records::PaymentMethod::ALL
            .iter()
            .map(|m| (m.id(), tr(v.lang, &format!("method-{}", m.id()))))
            .collect(),
        rounds,
    };
    Ok(v.render_form(error.is_some(), StatusCode::UNPROCESSABLE_ENTITY, &page))
}

/// A payment in words, from `org`'s side, with what may still be done to it.
fn payment_view(
    lang: Lang,
    org: Uuid,
    p: &bayanihan_domain::trade::records::Payment,
    names: &HashMap<Uuid, String>,
    can_pay: bool,
) -> PaymentView {
    let ours = p.creditor_id == org;
    let other = if ours { p.debtor_id } else { p.creditor_id };
    let amount = Money::new(p.amount.minor().saturating_abs(), p.amount.currency());
    let args = [
        (
            "who",
            FluentValue::from(names.get(&other).cloned().unwrap_or_default()),
        ),
        ("amount", FluentValue::from(format_money(lang, amount))),
    ];
    let text = if ours {
        tr_args(lang, "money-paid-you", &args)
    } else {
        tr_args(lang, "money-you-paid", &args)
    };
    let set_off = p.method == "set_off";
    PaymentView {
        id: p.id,
        date: crate::i18n::format_date(lang, p.paid_on),
        text,
        method: if set_off {
            tr(lang, "money-set-off")
        } else {
            tr(lang, &format!("method-{}", p.method))
        },
        // A set-off's reference is its round, linked instead.
        round: p
            .reference
            .as_deref()
            .filter(|_| set_off)
            .and_then(|r| r.strip_prefix("clearing round "))
            .and_then(|r| r.parse().ok()),
        reference: p.reference.clone().filter(|_| !set_off),
        by: p.recorded_by_name.clone(),
        reversal: p.reverses.is_some(),
        reversed: p.reversed_by.is_some(),
        can_reverse: can_pay && p.reversible().is_ok(),
    }
}

/// An obligation in words, from `org`'s side: who owes whom, how much, and for which cycle.
pub(super) fn in_words(
    lang: Lang,
    org: Uuid,
    ob: &bayanihan_store::trade::Obligation,
    names: &HashMap<Uuid, String>,
    cycle: Option<&str>,
) -> String {
    let ours = ob.creditor_id == org;
    let other = if ours { ob.debtor_id } else { ob.creditor_id };
    let mut args = vec![
        (
            "who",
            FluentValue::from(names.get(&other).cloned().unwrap_or_default()),
        ),
        (
            "amount",
            FluentValue::from(format_money(lang, ob.outstanding)),
        ),
    ];
    if let Some(c) = cycle {
        args.push(("cycle", FluentValue::from(c.to_string())));
    }
    match (ours, cycle.is_some()) {
        (true, false) => tr_args(lang, "money-owes-you", &args),
        (true, true) => tr_args(lang, "money-owes-you-for", &args),
        (false, false) => tr_args(lang, "money-you-owe", &args),
        (false, true) => tr_args(lang, "money-you-owe-for", &args),
    }
}

/// The outstanding obligations grouped by counterparty and currency, each group with its net
/// position, counterparties by name.
fn statement(
    v: &Visitor,
    org: Uuid,
    m: &bayanihan_app::clearing::MoneyView,
    names: &HashMap<Uuid, String>,
) -> Vec<CounterpartyView> {
    let today = bayanihan_store::today_utc();
    let mut groups: std::collections::BTreeMap<(String, Uuid, &'static str), Vec<_>> =
        Default::default();
    for ob in &m.outstanding {
        let other = if ob.creditor_id == org {
            ob.debtor_id
        } else {
            ob.creditor_id
        };
        let name = names.get(&other).cloned().unwrap_or_default();
        groups
            .entry((name, other, ob.outstanding.currency().code()))
            .or_default()
            .push(ob);
    }
    groups
        .into_iter()
        .map(|((name, _, _), obs)| {
            // Owed to us minus what we owe, in minor units of the group's one currency.
            let currency = obs[0].outstanding.currency();
            let net: i128 = obs
                .iter()
                .map(|o| {
                    let m = i128::from(o.outstanding.minor());
                    if o.creditor_id == org {
                        m
                    } else {
                        -m
                    }
                })
                .sum();
            let amount = i64::try_from(net.unsigned_abs())
                .map(|m| format_money(v.lang, Money::new(m, currency)))
                .unwrap_or_default();
            let who = ("who", FluentValue::from(name.clone()));
            let net = match net.signum() {
                1 => tr_args(
                    v.lang,
                    "money-net-owed",
                    &[who, ("amount", FluentValue::from(amount))],
                ),
                -1 => tr_args(
                    v.lang,
                    "money-net-owe",
                    &[who, ("amount", FluentValue::from(amount))],
                ),
                _ => tr_args(v.lang, "money-net-even", &[who]),
            };
            let obligations = obs
                .into_iter()
                .map(|ob| {
                    let cycle = ob.cycle_id.and_then(|c| m.cycles.get(&c).map(|x| (c, x)));
                    // A close's debts: a group owes its hub (the group's invoice), the hub owes
                    // producers and fee recipients (their statements).
                    let document = cycle.and_then(|(c, (_, hub))| {
                        if ob.creditor_id == *hub {
                            Some(format!("/cycles/{c}/invoices/{}", ob.debtor_id))
                        } else if ob.debtor_id == *hub {
                            Some(format!("/cycles/{c}/statements/{}", ob.creditor_id))
                        } else {
                            None
                        }
                    });
                    ObligationView {
                        id: ob.id,
                        text: in_words(v.lang, org, ob, names, cycle.map(|(_, (n, _))| n.as_str())),
                        outstanding_plain: ob.outstanding.to_decimal_string(),
                        due: crate::i18n::format_date(v.lang, ob.due_date),
                        overdue: ob.due_date < today,
                        document,
                        set_off: set_off_of(v.lang, ob, &m.payments),
                    }
                })
                .collect();
            CounterpartyView {
                name,
                net,
                obligations,
            }
        })
        .collect()
}

/// What clearing rounds took off an obligation, in words (from the payments listed).
fn set_off_of(
    lang: Lang,
    ob: &bayanihan_store::trade::Obligation,
    payments: &[bayanihan_domain::trade::records::Payment],
) -> Option<String> {
    let minor: i64 = payments
        .iter()
        .filter(|p| p.obligation_id == ob.id && p.method == "set_off")
        .map(|p| p.amount.minor())
        .sum();
    (minor > 0).then(|| {
        tr_args(
            lang,
            "money-set-off-note",
            &[(
                "amount",
                FluentValue::from(format_money(lang, Money::new(minor, ob.amount.currency()))),
            )],
        )
    })
}

pub(super) async fn money(
    State(state): State<AppState>,
    v: Visitor,
    PathId(id): PathId,
    axum::extract::Query(q): axum::extract::Query<MoneyQuery>,
) -> PageResult {
    let notice = match (q.paid, q.reversed, q.instructions) {
        (Some(_), _, _) => Some(v.t("money-recorded")),
        (None, Some(_), _) => Some(v.t("money-reversed-notice")),
        (None, None, Some(_)) => Some(v.t("money-instructions-saved")),
        _ => None,
    };
    money_page(&state, &v, id, notice, None).await
}

#[derive(Deserialize)]
pub(super) struct InstructionsForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    instructions: String,
}

/// Sets how debtors pay the organization (its admins); empty clears it.
pub(super) async fn instructions(
    State(state): State<AppState>,
    v: Visitor,
    PathId(org): PathId,
    Form(f): Form<InstructionsForm>,
) -> PageResult {
    let subject = v.posted(&f.csrf)?;
    let patch = bayanihan_domain::OrganizationInput {
        payment_instructions: Some(f.instructions.clone()),
        ..Default::default()
    };
    match bayanihan_app::organizations::update_profile(&state.store, Some(&subject), org, &patch)
        .await
        .map_err(ApiError::from)
    {
        Ok(_) => Ok(Redirect::to(&format!(
            "/organizations/{org}/money?instructions=1#how-to-pay"
        ))
        .into_response()),
        Err(e @ ApiError::Invalid(_)) => {
            let msg = v.explain(&e);
            money_page(&state, &v, org, None, Some(msg)).await
        }
        Err(e) => Err(v.failure(e)),
    }
}

#[derive(Deserialize)]
pub(super) struct ReverseForm {
    #[serde(default)]
    csrf: String,
    /// The ticked "yes".
    confirm: Option<String>,
    org: Uuid,
}

/// Reverses a payment (after the ticked confirmation) and goes back to the money page.
pub(super) async fn reverse(
    State(state): State<AppState>,
    v: Visitor,
    PathId(id): PathId,
    Form(f): Form<ReverseForm>,
) -> PageResult {
    let subject = v.posted(&f.csrf)?;
    v.unconfirmed(&f.confirm)?;
    bayanihan_app::trade::reverse_payment(&state.store, Some(&subject), id)
        .await
        .or_page(&v)?;
    Ok(Redirect::to(&format!(
        "/organizations/{}/money?reversed=1#payments",
        f.org
    ))
    .into_response())
}

#[derive(Deserialize)]
pub(super) struct PayForm {
    #[serde(default)]
    csrf: String,
    /// The ticked "yes": a payment is recorded for good.
    confirm: Option<String>,
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
    v.unconfirmed(&f.confirm)?;
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

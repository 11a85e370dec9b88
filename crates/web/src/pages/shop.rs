//! The shop with its price breakdowns, ordering and cancelling, my order and the group's order.

use bayanihan_domain::trade::allocation::Policy;

use super::*;

pub(super) struct OfferView {
    id: Uuid,
    product: String,
    unit: String,
    total: String,
    /// What is left and what happens when more is asked, by the cycle's rule.
    available: String,
    /// The most the quantity field accepts: what is left under first come, so the browser
    /// says before sending that more would be refused.
    max: u64,
    producer_gets: String,
    /// (part, recipient, amount)
    parts: Vec<(String, String, String)>,
}

#[derive(Template)]
#[template(path = "shop.html")]
pub(super) struct ShopPage {
    c: Chrome,
    id: Uuid,
    can_manage: bool,
    /// Groups of the cycle whose whole order the visitor coordinates.
    coordinated: Vec<(Uuid, String)>,
    name: String,
    status: String,
    /// The decision that approved the cycle's prices and fees.
    prices_approved: Option<Uuid>,
    /// Whether the visitor may read that decision (the hub's members).
    approval_readable: bool,
    notice: Option<String>,
    error: Option<String>,
    offers: Vec<OfferView>,
    can_order: bool,
    show_sign_in: bool,
    groups: Vec<(Uuid, String)>,
    kept_offer: Uuid,
    kept_quantity: u64,
    /// The visitor's own lines in this open cycle, to change or cancel here: (line, product,
    /// quantity, total).
    basket: Vec<(Uuid, String, u64, String)>,
    basket_total: String,
}

pub(super) struct LineView {
    id: Uuid,
    product: String,
    quantity: u64,
    allocated: String,
    reason: Option<String>,
    total: String,
}

#[derive(Template)]
#[template(path = "my_order.html")]
pub(super) struct MyOrderPage {
    c: Chrome,
    cycle_id: Uuid,
    cycle_name: String,
    closed: bool,
    lines: Vec<LineView>,
    total: String,
}

/// The groups of this cycle the visitor may order for.
pub(super) fn orderable_groups(
    v: &Visitor,
    cycle: &bayanihan_store::trade::Cycle,
    names: &HashMap<Uuid, String>,
) -> Vec<(Uuid, String)> {
    let Some(s) = &v.caller.subject else {
        return Vec::new();
    };
    cycle
        .consumer_groups
        .iter()
        .filter(|g| decide(Some(s), g.organization_id, Action::PlaceOwnLines) == Decision::Allowed)
        .map(|g| {
            (
                g.organization_id,
                names.get(&g.organization_id).cloned().unwrap_or_default(),
            )
        })
        .collect()
}

/// What an offer has left and what happens to an order for more, by the cycle's rule: first
/// come refuses it; pro rata and equal share share out what there is at closing.
fn availability(lang: Lang, policy: Policy, o: &bayanihan_store::trade::Offer) -> String {
    let n = |k: &'static str, x: u64| (k, FluentValue::from(x as f64));
    match policy {
        Policy::FirstCome => tr_args(
            lang,
            "shop-left-first-come",
            &[n("left", o.quantity.saturating_sub(o.reserved))],
        ),
        _ if o.reserved > o.quantity => tr_args(
            lang,
            "shop-fair-share-short",
            &[n("available", o.quantity), n("asked", o.reserved)],
        ),
        _ => tr_args(
            lang,
            "shop-fair-share",
            &[n("available", o.quantity), n("asked", o.reserved)],
        ),
    }
}

pub(super) async fn shop_page(
    state: &AppState,
    v: &Visitor,
    id: Uuid,
    notice: Option<String>,
    error: Option<String>,
    kept: (Uuid, u64),
) -> PageResult {
    let (cycle, offers, hub_tz) = bayanihan_app::trade::shop(&state.store, id)
        .await
        .or_page(v)?;
    // Collected first: an iterator borrowing across the awaits below would not be Send.
    let mut recipients: Vec<Uuid> = offers
        .iter()
        .flat_map(|o| o.unit_breakdown.components.iter().map(|c| c.recipient))
        .collect();
    recipients.extend(cycle.consumer_groups.iter().map(|g| g.organization_id));
    let names = names_of(state, recipients).await;
    let open = cycle.accepts_orders(jiff::Timestamp::now());
    let status = if open {
        format!(
            "{} · {}",
            tr_args(
                v.lang,
                "shop-closes",
                &[(
                    "time",
                    FluentValue::from(format_time(v.lang, cycle.closes_at, &hub_tz))
                )]
            ),
            tr_args(
                v.lang,
                "shop-delivery",
                &[(
                    "date",
                    FluentValue::from(crate::i18n::format_date(v.lang, cycle.delivery_date))
                )]
            )
        )
    } else {
        v.t("shop-closed")
    };
    let views = offers
        .iter()
        .map(|o| {
            let b = &o.unit_breakdown;
            let total = format_money(v.lang, b.total);
            OfferView {
                id: o.id,
                product: o.product.name.clone(),
                unit: o.product.unit.clone(),
                available: availability(v.lang, cycle.policy, o),
                max: match cycle.policy {
                    Policy::FirstCome => o.quantity.saturating_sub(o.reserved).min(1000),
                    _ => 1000,
                },
                producer_gets: tr_args(
                    v.lang,
                    "shop-producer-gets",
                    &[
                        ("total", FluentValue::from(total.clone())),
                        (
                            "producer",
                            FluentValue::from(format_money(v.lang, b.producer_amount())),
                        ),
                    ],
                ),
                total,
                parts: b
                    .components
                    .iter()
                    .map(|c| {
                        (
                            tr(v.lang, &format!("part-{}", c.part.id())),
                            names.get(&c.recipient).cloned().unwrap_or_default(),
                            format_money(v.lang, c.amount),
                        )
                    })
                    .collect(),
            }
        })
        .collect();
    let groups = if open {
        orderable_groups(v, &cycle, &names)
    } else {
        Vec::new()
    };
    // The visitor's basket: their own lines, priced, while the cycle takes orders.
    let (basket, basket_total) = match &v.caller.subject {
        Some(subject) if open => {
            let order = bayanihan_app::trade::own_order(&state.store, Some(subject), id)
                .await
                .or_page(v)?;
            (
                order
                    .lines
                    .iter()
                    .map(|l| {
                        (
                            l.line.id,
                            l.product.clone(),
                            l.line.quantity,
                            format_money(v.lang, l.breakdown.total),
                        )
                    })
                    .collect(),
                format_money(v.lang, order.total),
            )
        }
        _ => (Vec::new(), String::new()),
    };
    let page = ShopPage {
        c: v.chrome(cycle.name.clone()),
        id,
        prices_approved: cycle.prices_approved_by,
        approval_readable: v
            .caller
            .subject
            .as_ref()
            .is_some_and(|s| s.role_in(cycle.hub_id) >= Role::Member),
        can_manage: v
            .caller
            .subject
            .as_ref()
            .is_some_and(|s| s.role_in(cycle.hub_id) >= Role::Coordinator),
        coordinated: cycle
            .consumer_groups
            .iter()
            .filter(|g| {
                v.caller.subject.as_ref().is_some_and(|s| {
                    decide(Some(s), g.organization_id, Action::ManageGroupOrder)
                        == Decision::Allowed
                })
            })
            .map(|g| {
                (
                    g.organization_id,
                    names.get(&g.organization_id).cloned().unwrap_or_default(),
                )
            })
            .collect(),
        name: cycle.name.clone(),
        status,
        notice,
        error: error.clone(),
        offers: views,
        can_order: !groups.is_empty(),
        show_sign_in: open && v.caller.subject.is_none(),
        groups,
        kept_offer: kept.0,
        kept_quantity: kept.1,
        basket,
        basket_total,
    };
    let status = if error.is_some() {
        StatusCode::CONFLICT
    } else {
        StatusCode::OK
    };
    Ok(v.render(status, &page))
}

#[derive(Deserialize)]
pub(super) struct ShopQuery {
    ordered: Option<String>,
}

pub(super) async fn shop(
    State(state): State<AppState>,
    v: Visitor,
    PathId(id): PathId,
    axum::extract::Query(q): axum::extract::Query<ShopQuery>,
) -> PageResult {
    let notice = q.ordered.map(|_| v.t("shop-ordered"));
    shop_page(&state, &v, id, notice, None, (Uuid::nil(), 1)).await
}

#[derive(Deserialize)]
pub(super) struct OrderForm {
    #[serde(default)]
    csrf: String,
    offer_id: Uuid,
    group_id: Uuid,
    #[serde(default)]
    quantity: String,
}

pub(super) async fn order(
    State(state): State<AppState>,
    v: Visitor,
    PathId(id): PathId,
    Form(f): Form<OrderForm>,
) -> PageResult {
    let subject = v.signed_in()?;
    if !v.csrf_ok(&f.csrf) {
        let page = shop_page(
            &state,
            &v,
            id,
            None,
            Some(v.t("error-csrf")),
            (f.offer_id, 1),
        )
        .await?;
        return Err(with_status(page, StatusCode::FORBIDDEN));
    }
    let quantity = match f.quantity.trim().parse::<u64>() {
        Ok(q) if (1..=1000).contains(&q) => q,
        _ => {
            let e = ApiError::Invalid(bayanihan_domain::Invalid::field(
                "quantity",
                "must be a whole number from 1 to 1000",
            ));
            return shop_page(&state, &v, id, None, Some(v.explain(&e)), (f.offer_id, 1)).await;
        }
    };
    let line = bayanihan_app::trade::LineInput {
        offer_id: f.offer_id,
        consumer_group_id: f.group_id,
        person_id: None,
        pickup_point_id: None,
        quantity,
        tier: None,
    };
    let placed = bayanihan_app::trade::add_to_order(&state.store, Some(&subject), id, &line).await;
    match placed.map_err(ApiError::from) {
        Ok(_) => Ok(Redirect::to(&format!("/cycles/{id}?ordered=1#basket")).into_response()),
        Err(e @ (ApiError::Conflict(_) | ApiError::Invalid(_))) => {
            // Said in the visitor's language, the shop's own words where they say it better.
            use bayanihan_domain::Conflict as C;
            let msg = match &e {
                ApiError::Conflict(C::NotTakingOrders | C::LinesClosed) => v.t("shop-closed"),
                ApiError::Conflict(C::StockLeft { left, .. }) => tr_args(
                    v.lang,
                    "shop-only-left",
                    &[("count", FluentValue::from(*left as f64))],
                ),
                _ => v.explain(&e),
            };
            shop_page(&state, &v, id, None, Some(msg), (f.offer_id, quantity)).await
        }
        Err(e) => Err(v.failure(e)),
    }
}

pub(super) async fn my_order(
    State(state): State<AppState>,
    v: Visitor,
    PathId(id): PathId,
) -> PageResult {
    let subject = v.signed_in()?;
    let order = bayanihan_app::trade::own_order(&state.store, Some(&subject), id)
        .await
        .or_page(&v)?;
    let (cycle, total) = (order.cycle, order.total);
    let closed = cycle.is_closed();
    let views = order
        .lines
        .into_iter()
        .map(|o| LineView {
            id: o.line.id,
            product: o.product,
            quantity: o.line.quantity,
            allocated: o.line.allocated.map(|a| a.to_string()).unwrap_or_default(),
            reason: o.line.reason.as_ref().map(|r| reason_text(v.lang, r)),
            total: format_money(v.lang, o.breakdown.total),
        })
        .collect();
    let page = MyOrderPage {
        c: v.chrome(v.t("order-title")),
        cycle_id: id,
        cycle_name: cycle.name,
        closed,
        lines: views,
        total: format_money(v.lang, total),
    };
    Ok(v.render(StatusCode::OK, &page))
}

/// One cycle of "My orders".
pub(super) struct MyCycleView {
    id: Uuid,
    name: String,
    status: String,
    /// "3 × Brown rice (bag): asked 3, got 2 — shared pro rata…"
    lines: Vec<String>,
    /// "Your share of the group's invoice: ₱480.00 of ₱1,200.00".
    share: String,
    /// (group, "Invoice INV-000012 — Malaya group").
    invoices: Vec<(Uuid, String)>,
}

#[derive(Template)]
#[template(path = "my_orders.html")]
pub(super) struct MyOrdersPage {
    c: Chrome,
    cycles: Vec<MyCycleView>,
}

/// Every cycle the visitor ordered in: what they asked, what they got and why, and their share
/// of their group's invoice.
pub(super) async fn my_orders(State(state): State<AppState>, v: Visitor) -> PageResult {
    let subject = v.signed_in()?;
    let all = bayanihan_app::trade::my_orders(&state.store, Some(&subject))
        .await
        .or_page(&v)?;
    let groups: Vec<Uuid> = all
        .iter()
        .flat_map(|y| y.invoices.iter().map(|d| d.organization_id))
        .collect();
    let names = names_of(&state, groups).await;
    let n = |k: &'static str, x: u64| (k, FluentValue::from(x as f64));
    let cycles = all
        .iter()
        .map(|y| {
            let closed = y.order.cycle.is_closed();
            let lines = y
                .order
                .lines
                .iter()
                .map(|l| match (l.line.allocated, &l.line.reason) {
                    (Some(got), Some(r)) => format!(
                        "{} — {} {}",
                        l.product,
                        tr_args(
                            v.lang,
                            "my-orders-got",
                            &[n("asked", l.line.quantity), n("got", got)]
                        ),
                        reason_text(v.lang, r)
                    ),
                    _ => format!(
                        "{} — {}",
                        l.product,
                        tr_args(v.lang, "my-orders-asked", &[n("asked", l.line.quantity)])
                    ),
                })
                .collect();
            let invoiced = y
                .invoices
                .iter()
                .filter_map(|d| Money::new(0, d.total.currency()).checked_add(d.total).ok())
                .reduce(|a, b| a.checked_add(b).unwrap_or(a));
            let mine = format_money(v.lang, y.order.total);
            let share = match (closed, invoiced) {
                (true, Some(all)) => tr_args(
                    v.lang,
                    "my-orders-share",
                    &[
                        ("amount", FluentValue::from(mine)),
                        ("total", FluentValue::from(format_money(v.lang, all))),
                    ],
                ),
                _ => tr_args(
                    v.lang,
                    "my-orders-estimate",
                    &[("amount", FluentValue::from(mine))],
                ),
            };
            MyCycleView {
                id: y.order.cycle.id,
                name: y.order.cycle.name.clone(),
                status: if closed {
                    v.t("shop-closed")
                } else {
                    tr_args(
                        v.lang,
                        "shop-delivery",
                        &[(
                            "date",
                            FluentValue::from(crate::i18n::format_date(
                                v.lang,
                                y.order.cycle.delivery_date,
                            )),
                        )],
                    )
                },
                lines,
                share,
                invoices: y
                    .invoices
                    .iter()
                    .map(|d| {
                        (
                            d.organization_id,
                            format!(
                                "{}{} — {}",
                                v.t("invoice-title"),
                                d.number
                                    .as_ref()
                                    .map(|x| format!(" {x}"))
                                    .unwrap_or_default(),
                                names.get(&d.organization_id).cloned().unwrap_or_default()
                            ),
                        )
                    })
                    .collect(),
            }
        })
        .collect();
    let page = MyOrdersPage {
        c: v.chrome(v.t("my-orders-title")),
        cycles,
    };
    Ok(v.render(StatusCode::OK, &page))
}

#[derive(Deserialize)]
pub(super) struct QuantityForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    quantity: String,
    /// `manage`: sent from the coordinators' view of the cycle, which it goes back to.
    #[serde(default)]
    back: String,
}

/// Changes the quantity of one of the visitor's lines from the shop's basket (0 cancels it),
/// then back to the basket.
pub(super) async fn change_quantity(
    State(state): State<AppState>,
    v: Visitor,
    PathId(id): PathId,
    Form(f): Form<QuantityForm>,
) -> PageResult {
    let subject = v.posted(&f.csrf)?;
    let line = bayanihan_app::trade::line(&state.store, Some(&subject), id)
        .await
        .or_page(&v)?;
    let Some(quantity) = f.quantity.trim().parse::<u64>().ok().filter(|q| *q <= 1000) else {
        let e = ApiError::Invalid(bayanihan_domain::Invalid::field(
            "quantity",
            "must be a whole number from 0 to 1000",
        ));
        return shop_page(
            &state,
            &v,
            line.cycle_id,
            None,
            Some(v.explain(&e)),
            (line.offer_id, 1),
        )
        .await;
    };
    match bayanihan_app::trade::change_line(&state.store, Some(&subject), id, quantity).await {
        Ok(_) if f.back == "manage" => Ok(Redirect::to(&format!(
            "/cycles/{}/manage?line=1#lines",
            line.cycle_id
        ))
        .into_response()),
        Ok(_) => Ok(
            Redirect::to(&format!("/cycles/{}?ordered=1#basket", line.cycle_id)).into_response(),
        ),
        Err(bayanihan_app::AppError::Conflict(c)) => {
            let msg = conflict_text(v.lang, &c);
            shop_page(
                &state,
                &v,
                line.cycle_id,
                None,
                Some(msg),
                (line.offer_id, 1),
            )
            .await
        }
        Err(e) => Err(v.failure(e)),
    }
}

pub(super) async fn cancel_line(
    State(state): State<AppState>,
    v: Visitor,
    PathId(id): PathId,
    Form(f): Form<CsrfForm>,
) -> PageResult {
    let subject = v.signed_in()?;
    if !v.csrf_ok(&f.csrf) {
        return Err(v.message(StatusCode::FORBIDDEN, v.t("error-csrf"), v.t("error-csrf")));
    }
    let line = bayanihan_app::trade::line(&state.store, Some(&subject), id)
        .await
        .or_page(&v)?;
    bayanihan_app::trade::change_line(&state.store, Some(&subject), id, 0)
        .await
        .or_page(&v)?;
    Ok(Redirect::to(&format!("/cycles/{}/my-order", line.cycle_id)).into_response())
}

#[derive(Template)]
#[template(path = "group_order.html")]
pub(super) struct GroupOrderPage {
    c: Chrome,
    group_name: String,
    cycle_name: String,
    closed: bool,
    /// (member, product, asked, received, total)
    lines: Vec<(String, String, u64, String, String)>,
    total: String,
}

/// A consumer group's whole order, for its coordinators (and the hub's).
pub(super) async fn group_order(
    State(state): State<AppState>,
    v: Visitor,
    PathId((id, group)): PathId<(Uuid, Uuid)>,
) -> PageResult {
    let subject = v.signed_in()?;
    let (order, members) =
        bayanihan_app::trade::group_order(&state.store, Some(&subject), id, group)
            .await
            .or_page(&v)?;
    let people: HashMap<Uuid, String> = members
        .into_iter()
        .map(|m| (m.person_id, m.person_name))
        .collect();
    let (cycle, total) = (order.cycle, order.total);
    let rows = order
        .lines
        .into_iter()
        .map(|o| {
            let member = o
                .line
                .person_id
                .and_then(|p| people.get(&p).cloned())
                .unwrap_or_default();
            (
                member,
                o.product,
                o.line.quantity,
                o.line.allocated.map(|a| a.to_string()).unwrap_or_default(),
                format_money(v.lang, o.breakdown.total),
            )
        })
        .collect();
    let group_name = names_of(&state, vec![group])
        .await
        .remove(&group)
        .unwrap_or_default();
    let page = GroupOrderPage {
        c: v.chrome(v.t("group-order-title")),
        group_name,
        cycle_name: cycle.name.clone(),
        closed: cycle.is_closed(),
        lines: rows,
        total: format_money(v.lang, total),
    };
    Ok(v.render(StatusCode::OK, &page))
}

//! Offers in the pages: the coordinators' view of an open cycle (each offer with what is asked
//! and what it would give now, each line with its projected share) and the forms to put an
//! offer in, change it and withdraw it while the cycle is open.

use bayanihan_domain::trade::catalog::TransportMode;
use bayanihan_domain::trade::pricing::{FeeBasis, FeeKind};
use bayanihan_domain::Invalid;
use bayanihan_store::trade::{Cycle, Offer};

use super::*;

/// How many fee rows the offer form shows (no script: empty rows are ignored).
const FEE_ROWS: usize = 3;

/// A fee row as typed.
#[derive(Default, Clone)]
pub(super) struct FeeRow {
    pub kind: String,
    pub amount: String,
    /// `per_unit` or `percent`.
    pub basis: String,
    pub recipient: String,
}

/// The offer form's fields as typed, kept when the form is shown again.
#[derive(Default, Clone)]
pub(super) struct OfferFormValues {
    pub product: String,
    pub quantity: String,
    pub producer_price: String,
    pub fees: Vec<FeeRow>,
    pub transport_mode: String,
    pub distance_km: String,
}

impl OfferFormValues {
    /// The form's token and fields from a urlencoded body; each fee row sends its four fields
    /// in order.
    fn from_body(body: &str) -> (String, Self) {
        let mut csrf = String::new();
        let mut f = OfferFormValues::default();
        let (mut kinds, mut amounts, mut bases, mut recipients) = (vec![], vec![], vec![], vec![]);
        for (k, val) in form_urlencoded::parse(body.as_bytes()) {
            let val = val.into_owned();
            match k.as_ref() {
                "csrf" => csrf = val,
                "product" => f.product = val,
                "quantity" => f.quantity = val,
                "producer_price" => f.producer_price = val,
                "transport_mode" => f.transport_mode = val,
                "distance_km" => f.distance_km = val,
                "fee_kind" => kinds.push(val),
                "fee_amount" => amounts.push(val),
                "fee_basis" => bases.push(val),
                "fee_recipient" => recipients.push(val),
                _ => {}
            }
        }
        let rows = kinds.len().max(amounts.len()).min(FEE_ROWS * 4);
        for i in 0..rows {
            let at = |v: &Vec<String>| v.get(i).cloned().unwrap_or_default();
            f.fees.push(FeeRow {
                kind: at(&kinds),
                amount: at(&amounts),
                basis: at(&bases),
                recipient: at(&recipients),
            });
        }
        (csrf, f)
    }

    /// An offer's values as its form shows them.
    fn of(o: &Offer) -> Self {
        let currency = o.producer_price.currency();
        OfferFormValues {
            product: o.product.id.to_string(),
            quantity: o.quantity.to_string(),
            producer_price: o.producer_price.to_decimal_string(),
            fees: o
                .fees
                .iter()
                .map(|f| match f.basis {
                    FeeBasis::PerUnit { minor } => FeeRow {
                        kind: f.kind.id().into(),
                        amount: Money::new(minor, currency).to_decimal_string(),
                        basis: "per_unit".into(),
                        recipient: f.recipient.to_string(),
                    },
                    FeeBasis::Percent { basis_points } => FeeRow {
                        kind: f.kind.id().into(),
                        amount: {
                            let s = format!("{}.{:02}", basis_points / 100, basis_points % 100);
                            s.trim_end_matches('0').trim_end_matches('.').to_string()
                        },
                        basis: "percent".into(),
                        recipient: f.recipient.to_string(),
                    },
                })
                .collect(),
            transport_mode: o
                .transport
                .map(|t| t.mode.id().to_string())
                .unwrap_or_default(),
            distance_km: o
                .transport
                .map(|t| format!("{}", t.distance_km))
                .unwrap_or_default(),
        }
    }

    /// The rows the form shows: those typed, then empty ones up to [`FEE_ROWS`].
    pub(super) fn rows(&self) -> Vec<FeeRow> {
        let mut rows = self.fees.clone();
        while rows.len() < FEE_ROWS {
            rows.push(FeeRow {
                basis: "per_unit".into(),
                ..Default::default()
            });
        }
        rows
    }

    /// The use case's input. Amounts are read the way people write them ("1,250.50"); what
    /// cannot be read is refused here, naming the field as the API would.
    fn input(
        &self,
        currency: bayanihan_domain::Currency,
    ) -> Result<bayanihan_app::trade::OfferInput, Invalid> {
        let mut errors = Invalid { errors: Vec::new() };
        let mut bad = |field: String, reason: &str| {
            errors.errors.push(bayanihan_domain::validate::FieldError {
                field,
                reason: reason.to_string(),
            })
        };
        let product_id = Uuid::parse_str(self.product.trim()).ok();
        if product_id.is_none() {
            bad("product_id".into(), "choose a product");
        }
        let quantity = self.quantity.trim().parse::<u64>().ok();
        if quantity.is_none() {
            bad("quantity".into(), "must be a whole number of units");
        }
        let price = match Money::parse_decimal(self.producer_price.trim(), currency) {
            Ok(m) => Some(m.to_decimal_string()),
            Err(e) => {
                bad("producer_price".into(), e.reason());
                None
            }
        };
        let mut fees = Vec::new();
        for (n, row) in self.fees.iter().enumerate() {
            if row.amount.trim().is_empty() {
                continue;
            }
            let recipient = Uuid::parse_str(row.recipient.trim()).ok();
            if recipient.is_none() {
                bad(format!("fees[{n}].recipient"), "choose who the fee is for");
            }
            let (per_unit, percent) = if row.basis == "percent" {
                (None, Some(row.amount.trim().to_string()))
            } else {
                match Money::parse_decimal(row.amount.trim(), currency) {
                    Ok(m) => (Some(m.to_decimal_string()), None),
                    Err(e) => {
                        bad(format!("fees[{n}].per_unit"), e.reason());
                        continue;
                    }
                }
            };
            if let Some(recipient) = recipient {
                fees.push(bayanihan_app::trade::FeeInput {
                    kind: row.kind.clone(),
                    per_unit,
                    percent,
                    recipient,
                });
            }
        }
        let distance_km = match self.distance_km.trim() {
            "" => None,
            d => match d.replace(',', ".").parse::<f64>() {
                Ok(km) => Some(km),
                Err(_) => {
                    bad("distance_km".into(), "is not a number of kilometres");
                    None
                }
            },
        };
        if !errors.errors.is_empty() {
            return Err(errors);
        }
        match (product_id, quantity, price) {
            (Some(product_id), Some(quantity), Some(producer_price)) => {
                Ok(bayanihan_app::trade::OfferInput {
                    product_id,
                    quantity,
                    producer_price,
                    fees,
                    transport_mode: Some(self.transport_mode.clone())
                        .filter(|m| !m.trim().is_empty()),
                    distance_km,
                })
            }
            _ => Err(Invalid::field("", "incomplete input")),
        }
    }
}

/// The choices of the offer form: fee kinds, recipients, transport modes.
pub(super) struct OfferChoices {
    pub products: Vec<(Uuid, String)>,
    pub fee_kinds: Vec<(&'static str, String)>,
    pub recipients: Vec<(Uuid, String)>,
    pub modes: Vec<(&'static str, String)>,
}

impl OfferChoices {
    fn new(
        v: &Visitor,
        cycle: &Cycle,
        products: &[bayanihan_store::trade::Product],
        names: &HashMap<Uuid, String>,
    ) -> Self {
        let name = |id: &Uuid| names.get(id).cloned().unwrap_or_default();
        let mut recipients = vec![(cycle.hub_id, name(&cycle.hub_id))];
        for id in cycle
            .producers
            .iter()
            .chain(cycle.consumer_groups.iter().map(|g| &g.organization_id))
        {
            if !recipients.iter().any(|(r, _)| r == id) {
                recipients.push((*id, name(id)));
            }
        }
        let mut products: Vec<(Uuid, String)> = products
            .iter()
            .map(|p| {
                (
                    p.id,
                    format!("{} ({}) — {}", p.name, p.unit, name(&p.organization_id)),
                )
            })
            .collect();
        products.sort_by(|a, b| bayanihan_domain::text::natural_cmp(&a.1, &b.1));
        OfferChoices {
            products,
            fee_kinds: FeeKind::ALL
                .iter()
                .map(|k| (k.id(), tr(v.lang, &format!("part-{}", k.id()))))
                .collect(),
            recipients,
            modes: TransportMode::ALL
                .iter()
                .map(|m| (m.id(), tr(v.lang, &format!("mode-{}", m.id()))))
                .collect(),
        }
    }
}

/// An offer of the open cycle, as the coordinators see it.
pub(super) struct OfferRow {
    pub id: Uuid,
    pub product: String,
    /// "12 available, 50 asked so far — 12 given if it closed now".
    pub status: String,
    pub short: bool,
    pub price: String,
}

/// A line of the open cycle and what it would get now.
pub(super) struct LineRow {
    pub id: Uuid,
    pub group: String,
    pub household: String,
    pub product: String,
    pub asked: u64,
    pub projected: u64,
    pub why: String,
    /// The visitor coordinates the line's group: its quantity can be changed here.
    pub editable: bool,
}

/// The name-and-dates form of an open cycle, times in the hub's wall clock.
#[derive(Default, Clone)]
pub(super) struct CycleEditValues {
    pub name: String,
    pub opens: String,
    pub closes: String,
    pub delivery: String,
}

/// Messages for a group chat in one language: (language name, "open" shares, "closing soon"
/// shares), each share (app, address).
pub(super) type ShareSet = (String, Vec<(String, String)>, Vec<(String, String)>);

/// The open-cycle part of the manage page.
pub(super) struct OpenPart {
    pub shares: Vec<ShareSet>,
    pub edit: CycleEditValues,
    pub edit_error: Option<String>,
    pub offers: Vec<OfferRow>,
    pub lines: Vec<LineRow>,
    pub choices: OfferChoices,
    pub f: OfferFormValues,
    pub error: Option<String>,
}

/// The manage page's part for an open cycle, with the offer form as typed (`kept`) and its
/// error, if it was just refused.
pub(super) async fn open_part(
    state: &AppState,
    v: &Visitor,
    id: Uuid,
    kept: Option<OfferFormValues>,
    error: Option<String>,
) -> Result<OpenPart, Response> {
    let subject = v.signed_in()?;
    let view = bayanihan_app::trade::open_cycle_view(&state.store, Some(&subject), id)
        .await
        .or_page(v)?;
    let mut ids: Vec<Uuid> = view.products.iter().map(|p| p.organization_id).collect();
    ids.push(view.cycle.hub_id);
    ids.extend(view.cycle.producers.iter().copied());
    ids.extend(view.cycle.consumer_groups.iter().map(|g| g.organization_id));
    let names = names_of(state, ids).await;
    let n = |k: &'static str, x: u64| (k, FluentValue::from(x as f64));
    let offers = view
        .offers
        .iter()
        .map(|(o, asked, given)| OfferRow {
            id: o.id,
            product: format!(
                "{} ({}) — {}",
                o.product.name,
                o.product.unit,
                names.get(&o.producer_id).cloned().unwrap_or_default()
            ),
            status: tr_args(
                v.lang,
                "offers-status",
                &[
                    n("available", o.quantity),
                    n("asked", *asked),
                    n("given", *given),
                ],
            ),
            short: given < asked,
            price: format_money(v.lang, o.unit_breakdown.total),
        })
        .collect();
    let product_of: HashMap<Uuid, String> = view
        .offers
        .iter()
        .map(|(o, _, _)| (o.id, format!("{} ({})", o.product.name, o.product.unit)))
        .collect();
    let mut lines: Vec<LineRow> = view
        .lines
        .iter()
        .map(|p| LineRow {
            id: p.line.id,
            group: names
                .get(&p.line.consumer_group_id)
                .cloned()
                .unwrap_or_default(),
            household: p
                .line
                .person_id
                .and_then(|x| view.people.get(&x).cloned())
                .unwrap_or_else(|| v.t("doc-household-group")),
            product: product_of
                .get(&p.line.offer_id)
                .cloned()
                .unwrap_or_default(),
            asked: p.line.quantity,
            projected: p.allocated,
            why: reason_text(v.lang, &p.reason),
            editable: subject.role_in(p.line.consumer_group_id)
                >= bayanihan_domain::access::Role::Coordinator,
        })
        .collect();
    lines.sort_by(|a, b| {
        bayanihan_domain::text::natural_cmp(&a.group, &b.group)
            .then_with(|| bayanihan_domain::text::natural_cmp(&a.household, &b.household))
            .then_with(|| a.product.cmp(&b.product))
    });
    lines.truncate(500);
    let tz = bayanihan_app::organizations::organization(&state.store, view.cycle.hub_id)
        .await
        .ok()
        .and_then(|o| jiff::tz::TimeZone::get(&o.time_zone).ok())
        .unwrap_or(jiff::tz::TimeZone::UTC);
    let local = |t: jiff::Timestamp| {
        t.to_zoned(tz.clone())
            .strftime("%Y-%m-%dT%H:%M")
            .to_string()
    };
    // "Open" and "closing soon" in each language the cycle's groups speak (their first one
    // we have), with the cycle's link and closing time.
    let mut langs: Vec<Lang> = Vec::new();
    for g in &view.cycle.consumer_groups {
        let l = bayanihan_app::organizations::organization(&state.store, g.organization_id)
            .await
            .ok()
            .and_then(|o| o.languages.iter().find_map(|l| Lang::parse(l)))
            .unwrap_or(v.lang);
        if !langs.contains(&l) {
            langs.push(l);
        }
    }
    if langs.is_empty() {
        langs.push(v.lang);
    }
    let link = format!("{}/cycles/{}", v.origin, view.cycle.id);
    let closes = local(view.cycle.closes_at).replace('T', " ");
    let shares = langs
        .into_iter()
        .map(|lang| {
            let args = [
                ("cycle", FluentValue::from(view.cycle.name.clone())),
                ("time", FluentValue::from(closes.clone())),
                ("url", FluentValue::from(link.clone())),
            ];
            let open = tr_args(lang, "share-cycle-open", &args);
            let closing = tr_args(lang, "share-cycle-closing", &args);
            (
                lang.native_name().to_string(),
                super::access::share_links(lang, &open, &link),
                super::access::share_links(lang, &closing, &link),
            )
        })
        .collect();
    Ok(OpenPart {
        shares,
        edit: CycleEditValues {
            name: view.cycle.name.clone(),
            opens: local(view.cycle.opens_at),
            closes: local(view.cycle.closes_at),
            delivery: view.cycle.delivery_date.to_string(),
        },
        edit_error: None,
        offers,
        lines,
        choices: OfferChoices::new(v, &view.cycle, &view.products, &names),
        f: kept.unwrap_or_default(),
        error,
    })
}

/// Puts an offer in the open cycle (the hub's coordinators here; producers' admins through the
/// API) and goes back to the manage page.
pub(super) async fn add_offer(
    State(state): State<AppState>,
    v: Visitor,
    PathId(id): PathId,
    body: String,
) -> PageResult {
    let (csrf, f) = OfferFormValues::from_body(&body);
    let subject = v.posted(&csrf)?;
    let cycle = bayanihan_app::trade::cycle_to_run(&state.store, Some(&subject), id)
        .await
        .or_page(&v)?;
    let added = match f.input(cycle.currency) {
        Ok(i) => bayanihan_app::trade::put_offer(&state.store, Some(&subject), id, &i)
            .await
            .map_err(ApiError::from),
        Err(e) => Err(ApiError::Invalid(e)),
    };
    match added {
        Ok(_) => Ok(Redirect::to(&format!("/cycles/{id}/manage?offered=1#offers")).into_response()),
        Err(e @ (ApiError::Invalid(_) | ApiError::Conflict(_))) => {
            let msg = v.explain(&e);
            let page = super::cycles::manage_page(&state, &v, id, None, Some((f, msg))).await?;
            Err(with_status(page, e.status()))
        }
        Err(e) => Err(v.failure(e)),
    }
}

#[derive(Template)]
#[template(path = "offer.html")]
pub(super) struct OfferPage {
    c: Chrome,
    id: Uuid,
    cycle_id: Uuid,
    cycle_name: String,
    product: String,
    status: String,
    /// The hub's members approved the prices and fees: only the quantity may change.
    prices_approved: bool,
    error: Option<String>,
    f: OfferFormValues,
    choices: OfferChoices,
}

async fn offer_page(
    state: &AppState,
    v: &Visitor,
    offer: Uuid,
    kept: Option<OfferFormValues>,
    error: Option<String>,
) -> PageResult {
    let subject = v.signed_in()?;
    let o = bayanihan_app::trade::offer_to_change(&state.store, Some(&subject), offer)
        .await
        .or_page(v)?;
    // The producer's admins change their offers too: what the page shows of the cycle is
    // public, and an offer gives at most what it has whatever the rule.
    let cycle = bayanihan_app::trade::cycle(&state.store, o.cycle_id)
        .await
        .or_page(v)?;
    let mut ids: Vec<Uuid> = vec![cycle.hub_id, o.producer_id];
    ids.extend(cycle.producers.iter().copied());
    ids.extend(cycle.consumer_groups.iter().map(|g| g.organization_id));
    let names = names_of(state, ids).await;
    let (asked, given) = (o.reserved, o.reserved.min(o.quantity));
    let n = |k: &'static str, x: u64| (k, FluentValue::from(x as f64));
    let page = OfferPage {
        c: v.chrome(o.product.name.clone()),
        id: offer,
        cycle_id: o.cycle_id,
        cycle_name: cycle.name.clone(),
        prices_approved: cycle.prices_approved_by.is_some(),
        product: format!("{} ({})", o.product.name, o.product.unit),
        status: tr_args(
            v.lang,
            "offers-status",
            &[
                n("available", o.quantity),
                n("asked", asked),
                n("given", given),
            ],
        ),
        error: error.clone(),
        f: kept.unwrap_or_else(|| OfferFormValues::of(&o)),
        choices: OfferChoices::new(v, &cycle, &[], &names),
    };
    Ok(v.render_form(error.is_some(), StatusCode::UNPROCESSABLE_ENTITY, &page))
}

pub(super) async fn offer(
    State(state): State<AppState>,
    v: Visitor,
    PathId(id): PathId,
) -> PageResult {
    offer_page(&state, &v, id, None, None).await
}

pub(super) async fn save_offer(
    State(state): State<AppState>,
    v: Visitor,
    PathId(id): PathId,
    body: String,
) -> PageResult {
    let (csrf, mut f) = OfferFormValues::from_body(&body);
    let subject = v.posted(&csrf)?;
    let o = bayanihan_app::trade::offer_to_change(&state.store, Some(&subject), id)
        .await
        .or_page(&v)?;
    // The product is the offer's own: the form does not ask for it.
    f.product = o.product.id.to_string();
    let saved = match f.input(o.producer_price.currency()) {
        Ok(i) => bayanihan_app::trade::update_offer(&state.store, Some(&subject), id, &i)
            .await
            .map_err(ApiError::from),
        Err(e) => Err(ApiError::Invalid(e)),
    };
    let runs = runs_hub(&state, &subject, o.cycle_id).await;
    match saved {
        Ok(_) if runs => Ok(Redirect::to(&format!(
            "/cycles/{}/manage?changed=1#offers",
            o.cycle_id
        ))
        .into_response()),
        // A producer's admin goes back to the shop, where the offer shows as changed.
        Ok(_) => Ok(Redirect::to(&format!("/cycles/{}#offer-{id}", o.cycle_id)).into_response()),
        Err(e @ (ApiError::Invalid(_) | ApiError::Conflict(_))) => {
            let msg = v.explain(&e);
            let page = offer_page(&state, &v, id, Some(f), Some(msg)).await?;
            Err(with_status(page, e.status()))
        }
        Err(e) => Err(v.failure(e)),
    }
}

/// Withdraws an offer and its lines (after the ticked confirmation).
pub(super) async fn withdraw(
    State(state): State<AppState>,
    v: Visitor,
    PathId(id): PathId,
    Form(f): Form<ConfirmForm>,
) -> PageResult {
    let subject = v.posted(&f.csrf)?;
    let o = bayanihan_app::trade::offer_to_change(&state.store, Some(&subject), id)
        .await
        .or_page(&v)?;
    v.unconfirmed(&f.confirm)?;
    bayanihan_app::trade::withdraw_offer(&state.store, Some(&subject), id)
        .await
        .or_page(&v)?;
    if runs_hub(&state, &subject, o.cycle_id).await {
        Ok(
            Redirect::to(&format!("/cycles/{}/manage?withdrawn=1#offers", o.cycle_id))
                .into_response(),
        )
    } else {
        Ok(Redirect::to(&format!("/cycles/{}", o.cycle_id)).into_response())
    }
}

/// Whether the visitor runs the cycle's hub (its manage page is theirs to go back to).
async fn runs_hub(
    state: &AppState,
    subject: &bayanihan_domain::access::Subject,
    cycle: Uuid,
) -> bool {
    bayanihan_app::trade::cycle_to_run(&state.store, Some(subject), cycle)
        .await
        .is_ok()
}

#[derive(Deserialize)]
pub(super) struct CycleEditForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    opens: String,
    #[serde(default)]
    closes: String,
    #[serde(default)]
    delivery: String,
}

/// Changes an open cycle's name and dates (the hub's coordinators); times are the hub's wall
/// clock, as the form shows them.
pub(super) async fn edit_cycle(
    State(state): State<AppState>,
    v: Visitor,
    PathId(id): PathId,
    Form(f): Form<CycleEditForm>,
) -> PageResult {
    let subject = v.posted(&f.csrf)?;
    let cycle = bayanihan_app::trade::cycle_to_run(&state.store, Some(&subject), id)
        .await
        .or_page(&v)?;
    let tz = bayanihan_app::organizations::organization(&state.store, cycle.hub_id)
        .await
        .ok()
        .and_then(|o| jiff::tz::TimeZone::get(&o.time_zone).ok())
        .unwrap_or(jiff::tz::TimeZone::UTC);
    // A time that cannot be read goes to the use case as typed, which names the field.
    let to_utc = |s: &str| -> String {
        s.parse::<jiff::civil::DateTime>()
            .ok()
            .and_then(|dt| dt.to_zoned(tz.clone()).ok())
            .map(|z| z.timestamp().to_string())
            .unwrap_or_else(|| s.to_string())
    };
    let input = bayanihan_app::trade::CycleChangeInput {
        name: Some(f.name.clone()),
        opens_at: Some(to_utc(&f.opens)),
        closes_at: Some(to_utc(&f.closes)),
        delivery_date: Some(f.delivery.clone()),
    };
    match bayanihan_app::trade::update_cycle(&state.store, Some(&subject), id, &input)
        .await
        .map_err(ApiError::from)
    {
        Ok(_) => Ok(Redirect::to(&format!("/cycles/{id}/manage?edited=1")).into_response()),
        Err(e @ (ApiError::Invalid(_) | ApiError::Conflict(_))) => {
            let msg = v.explain(&e);
            let kept = CycleEditValues {
                name: f.name,
                opens: f.opens,
                closes: f.closes,
                delivery: f.delivery,
            };
            let page =
                super::cycles::manage_page_with(&state, &v, id, None, None, Some((kept, msg)))
                    .await?;
            Err(with_status(page, e.status()))
        }
        Err(e) => Err(v.failure(e)),
    }
}

//! Solidarity trade: reading cycle and offer inputs, and the documents of a closed cycle
//! (invoices and statements, every line priced), for the API, the pages and the CLI alike.

use bayanihan_domain::access::{decide, Action, Decision, Role, Subject};
use bayanihan_domain::text::Shape;
use bayanihan_domain::trade::catalog::{ProductDraft, ProductInput};
use bayanihan_domain::trade::pricing::{self, Breakdown};
use bayanihan_domain::trade::records::PaymentMethod;
use bayanihan_domain::validate::Collector;
use bayanihan_domain::{Conflict, Invalid, Money};
use bayanihan_store::trade::{
    Balance, CloseSummary, Cycle, DocumentTotal, Line, NewLine, Obligation, Offer, PackingRow,
    PaymentDraft, Product, SupplierTotal,
};
use bayanihan_store::Store;
use jiff::Timestamp;
use serde::Deserialize;
use uuid::Uuid;

pub use bayanihan_domain::trade::input::*;
pub use bayanihan_domain::trade::records::{
    InvoiceLine, InvoiceView, StatementItem, StatementView,
};

use crate::access::{allow, read_private, require};
use crate::{AppError, AppResult};

/// A consumer group's invoice of a closed cycle, every line priced (shared with the pages).
/// `names`: the households are named (for the group's members and the hub's coordinators);
/// otherwise numbered `#1`, `#2`… in a fixed order, so that a network steward reading the
/// group's documents sees the split but no person.
pub async fn build_invoice(
    store: &Store,
    cycle: &Cycle,
    group: Uuid,
    names: bool,
) -> AppResult<InvoiceView> {
    let id = cycle.id;
    if !cycle.is_closed() {
        return Err(AppError::Conflict(Conflict::InvoicesNotYet));
    }
    let offers = store.offers(id).await?;
    let lines: Vec<Line> = store
        .lines(id, Some(group), None)
        .await?
        .into_iter()
        .filter(|l| l.allocated.unwrap_or(0) > 0)
        .collect();
    if lines.is_empty() {
        return Err(AppError::NotFound("invoice"));
    }
    let mut people: Vec<Uuid> = lines.iter().filter_map(|l| l.person_id).collect();
    people.sort();
    people.dedup();
    let households: std::collections::HashMap<Uuid, String> = if names {
        store.person_names(&people).await?
    } else {
        people
            .iter()
            .enumerate()
            .map(|(i, p)| (*p, format!("#{}", i + 1)))
            .collect()
    };
    let priced = priced(&offers, &lines)?;
    let mut total = Money::zero(cycle.currency);
    let mut out = Vec::new();
    for (line, breakdown) in priced {
        total = total
            .checked_add(breakdown.total)
            .map_err(|e| AppError::Internal(e.to_string()))?;
        let o = offers
            .iter()
            .find(|o| o.id == line.offer_id)
            .ok_or(AppError::NotFound("offer"))?;
        out.push(InvoiceLine {
            ordered_by: line.person_id.and_then(|p| households.get(&p).cloned()),
            product_name: o.product.name.clone(),
            unit: o.product.unit.clone(),
            line,
            breakdown,
        });
    }
    let header = header(store, cycle, group, cycle.hub_id, true).await?;
    Ok(InvoiceView {
        cycle_id: id,
        consumer_group_id: group,
        hub_id: cycle.hub_id,
        header,
        lines: out,
        total,
    })
}

/// The head of the document of `cycle` by which `debtor` owes `creditor`: the numbers and dates
/// of the cycle's documents about the counterparty, what is still owed on the obligations
/// between them from this cycle, and the creditor's payment instructions.
async fn header(
    store: &Store,
    cycle: &Cycle,
    debtor: Uuid,
    creditor: Uuid,
    invoice: bool,
) -> AppResult<bayanihan_domain::trade::records::DocumentHeader> {
    let about = if debtor == cycle.hub_id {
        creditor
    } else {
        debtor
    };
    let (docs, owed, instructions) = tokio::try_join!(
        store.documents(cycle.id, Some(about)),
        store.obligations(Some(debtor), false),
        store.organization(creditor)
    )?;
    // An invoice's own number and dates; a statement's (producer's and fee's) theirs — a
    // group that also earns a fee has both kinds.
    let docs: Vec<_> = docs
        .into_iter()
        .filter(|d| (d.kind == bayanihan_domain::trade::records::DocumentKind::Invoice) == invoice)
        .collect();
    let mut outstanding = Money::zero(cycle.currency);
    for o in owed.iter().filter(|o| {
        o.cycle_id == Some(cycle.id) && o.debtor_id == debtor && o.creditor_id == creditor
    }) {
        outstanding = outstanding
            .checked_add(o.outstanding)
            .map_err(|e| AppError::Internal(e.to_string()))?;
    }
    Ok(bayanihan_domain::trade::records::DocumentHeader {
        numbers: docs.iter().filter_map(|d| d.number.clone()).collect(),
        issued_on: docs.iter().filter_map(|d| d.issued_on).min(),
        due_date: docs.iter().map(|d| d.due_date).min(),
        paid: outstanding.minor() == 0,
        outstanding,
        payment_instructions: instructions.payment_instructions,
    })
}

/// An organization's statement of a closed cycle, line by line (shared with the pages).
pub async fn build_statement(store: &Store, cycle: &Cycle, org: Uuid) -> AppResult<StatementView> {
    let id = cycle.id;
    if !cycle.is_closed() {
        return Err(AppError::Conflict(Conflict::StatementsNotYet));
    }
    let offers = store.offers(id).await?;
    let lines: Vec<Line> = store
        .lines(id, None, None)
        .await?
        .into_iter()
        .filter(|l| l.allocated.unwrap_or(0) > 0)
        .collect();
    let mut total = Money::zero(cycle.currency);
    let mut items = Vec::new();
    for (line, breakdown) in priced(&offers, &lines)? {
        for c in breakdown.components.iter().filter(|c| c.recipient == org) {
            let o = offers
                .iter()
                .find(|o| o.id == line.offer_id)
                .ok_or(AppError::NotFound("offer"))?;
            total = total
                .checked_add(c.amount)
                .map_err(|e| AppError::Internal(e.to_string()))?;
            items.push(StatementItem {
                line_id: line.id,
                consumer_group_id: line.consumer_group_id,
                product_name: o.product.name.clone(),
                unit: o.product.unit.clone(),
                quantity: breakdown.quantity,
                part: c.part.id().to_string(),
                amount: c.amount,
            });
        }
    }
    if items.is_empty() {
        return Err(AppError::NotFound("statement"));
    }
    let header = header(store, cycle, cycle.hub_id, org, false).await?;
    Ok(StatementView {
        cycle_id: id,
        organization_id: org,
        header,
        items,
        total,
    })
}

/// `id,debtor,creditor,amount` with amounts outstanding in minor units; shared with the CLI.
pub fn obligations_csv(obligations: &[Obligation]) -> String {
    let mut out = String::from("id,debtor,creditor,amount\n");
    for o in obligations {
        out.push_str(&format!(
            "{},{},{},{}\n",
            o.id,
            o.debtor_id,
            o.creditor_id,
            o.outstanding.minor()
        ));
    }
    out
}

/// How far to move a clone.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CloneInput {
    /// Days later (default 7).
    #[serde(default, deserialize_with = "bayanihan_domain::parse::whole::option")]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 366))]
    pub days: Option<i64>,
}

/// A change to an open cycle: any of its name and times.
#[derive(Debug, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CycleChangeInput {
    /// 1–200 characters, not the name of another of the hub's cycles.
    #[cfg_attr(feature = "openapi", schema(schema_with = bayanihan_domain::openapi::opt_name_200))]
    pub name: Option<String>,
    /// RFC 3339 time, e.g. `2026-03-01T08:00:00+08:00`.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub opens_at: Option<String>,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub closes_at: Option<String>,
    /// YYYY-MM-DD.
    #[cfg_attr(feature = "openapi", schema(schema_with = bayanihan_domain::openapi::opt_date))]
    pub delivery_date: Option<String>,
}

/// A line to place.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct LineInput {
    pub offer_id: Uuid,
    pub consumer_group_id: Uuid,
    /// Whole units, at least 1.
    #[serde(deserialize_with = "bayanihan_domain::parse::whole::deserialize")]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 1000000))]
    pub quantity: u64,
    /// The member ordering; yourself when left out. Coordinators may name another member.
    pub person_id: Option<Uuid>,
    pub pickup_point_id: Option<Uuid>,
    /// Priority tier (coordinators only); the group's tier when left out.
    #[serde(default, deserialize_with = "bayanihan_domain::parse::whole::option")]
    #[cfg_attr(feature = "openapi", schema(maximum = 100))]
    pub tier: Option<u32>,
}

/// A new quantity for a line (0 cancels it).
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct LineChange {
    #[serde(deserialize_with = "bayanihan_domain::parse::whole::deserialize")]
    #[cfg_attr(feature = "openapi", schema(maximum = 1000000))]
    pub quantity: u64,
}

/// A payment made against an obligation.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PaymentInput {
    /// Decimal string in the obligation's currency.
    #[cfg_attr(feature = "openapi", schema(schema_with = bayanihan_domain::openapi::amount))]
    pub amount: String,
    /// `cash`, `bank_transfer` or `mobile_money`.
    #[cfg_attr(feature = "openapi", schema(schema_with = bayanihan_domain::openapi::payment_method))]
    pub method: String,
    #[cfg_attr(feature = "openapi", schema(schema_with = bayanihan_domain::openapi::opt_line_200))]
    pub reference: Option<String>,
    /// YYYY-MM-DD; today when left out.
    #[cfg_attr(feature = "openapi", schema(schema_with = bayanihan_domain::openapi::opt_date))]
    pub paid_on: Option<String>,
}

/// Adds a product to a producer's catalogue (its admins).
pub async fn add_product(
    store: &Store,
    caller: Option<&Subject>,
    org: Uuid,
    input: &ProductInput,
) -> AppResult<Product> {
    crate::access::on_organization(
        store,
        caller,
        org,
        Action::ManageCatalog,
        "manage its products",
    )
    .await?;
    let d = ProductDraft::parse(input)?;
    Ok(store.create_product(org, &d).await?)
}

/// Opens an order cycle (the hub's coordinators); every participant must exist.
pub async fn open_cycle(
    store: &Store,
    caller: Option<&Subject>,
    i: &CycleInput,
) -> AppResult<Cycle> {
    require(caller)?;
    let hub = store
        .organization(i.hub_id)
        .await
        .map_err(|_| Invalid::field("hub_id", "no organization has this id"))?;
    allow(caller, hub.id, Action::RunCycles, "run its order cycles")?;
    let d = parse_cycle(i, hub.currency)?;
    for (n, org) in d
        .producers
        .iter()
        .chain(d.consumer_groups.iter().map(|g| &g.organization_id))
        .enumerate()
    {
        if store.organization(*org).await.is_err() {
            return Err(Invalid::field(
                format!("participants[{n}]"),
                format!("no organization has the id {org}"),
            )
            .into());
        }
    }
    Ok(store.create_cycle(&d).await?)
}

/// Copies a cycle `days` later (7 by default, 1–366): pickup points, participants, offers.
pub async fn clone_cycle(
    store: &Store,
    caller: Option<&Subject>,
    id: Uuid,
    days: Option<i64>,
) -> AppResult<Cycle> {
    require(caller)?;
    let c = store.cycle(id).await?;
    allow(caller, c.hub_id, Action::RunCycles, "run its order cycles")?;
    let days = days.unwrap_or(7);
    if !(1..=366).contains(&days) {
        return Err(Invalid::field("days", "must be between 1 and 366").into());
    }
    Ok(store.clone_cycle(id, days).await?)
}

/// Changes an open cycle's name and times (the hub's coordinators), e.g. a copy before it
/// opens.
pub async fn update_cycle(
    store: &Store,
    caller: Option<&Subject>,
    id: Uuid,
    i: &CycleChangeInput,
) -> AppResult<Cycle> {
    cycle_to_run(store, caller, id).await?;
    let mut c = Collector::new();
    let name = i
        .name
        .as_deref()
        .and_then(|n| c.required_text("name", Some(n), Shape::Line, 200));
    let mut time = |field: &str, s: &Option<String>| -> Option<Timestamp> {
        let s = s.as_deref()?;
        s.parse::<Timestamp>()
            .map_err(|_| {
                c.push(
                    field,
                    format!("\"{s}\" is not a time such as 2026-03-01T08:00:00+08:00"),
                )
            })
            .ok()
    };
    let opens_at = time("opens_at", &i.opens_at);
    let closes_at = time("closes_at", &i.closes_at);
    let delivery_date = i.delivery_date.as_deref().and_then(|s| {
        s.parse::<jiff::civil::Date>()
            .map_err(|_| {
                c.push(
                    "delivery_date",
                    format!("\"{s}\" is not a date in the form YYYY-MM-DD"),
                )
            })
            .ok()
    });
    c.finish()?;
    let change = bayanihan_store::trade::CycleChange {
        name,
        opens_at,
        closes_at,
        delivery_date,
    };
    Ok(store.update_cycle(id, &change).await?)
}

/// What closing an open cycle now would do, for the coordinator to read before closing: the
/// same settlement the close computes, written nowhere.
#[derive(Debug, Clone)]
pub struct ClosePreview {
    pub cycle: Cycle,
    pub lines: u64,
    pub units_requested: u64,
    pub units_allocated: u64,
    /// Offers asked for beyond their stock: the offer, units asked, units it will give.
    pub short: Vec<(Offer, u64, u64)>,
    /// Invoices to consumer groups, and their total.
    pub invoices: u64,
    pub invoiced: Money,
    /// Obligations between organizations the close will record.
    pub obligations: u64,
}

/// Previews the close of an open cycle (the hub's coordinators); a closed cycle is a conflict
/// (its documents are made).
pub async fn close_preview(
    store: &Store,
    caller: Option<&Subject>,
    id: Uuid,
) -> AppResult<ClosePreview> {
    let cycle = cycle_to_run(store, caller, id).await?;
    let Some(s) = store.settle_preview(id).await? else {
        return Err(AppError::Conflict(Conflict::LinesClosed));
    };
    let offers = store.offers(id).await?;
    let mut by_offer: std::collections::BTreeMap<Uuid, (u64, u64)> = Default::default();
    for l in &s.lines {
        let e = by_offer.entry(l.offer).or_default();
        e.0 += l.requested;
        e.1 += l.allocated;
    }
    let short = offers
        .into_iter()
        .filter_map(|o| {
            let (asked, given) = by_offer.get(&o.id).copied()?;
            (given < asked).then_some((o, asked, given))
        })
        .collect();
    let mut invoiced = Money::zero(cycle.currency);
    for i in &s.invoices {
        invoiced = invoiced
            .checked_add(i.total)
            .map_err(|e| AppError::Internal(e.to_string()))?;
    }
    Ok(ClosePreview {
        lines: s.lines.len() as u64,
        units_requested: s.lines.iter().map(|l| l.requested).sum(),
        units_allocated: s.lines.iter().map(|l| l.allocated).sum(),
        short,
        invoices: s.invoices.len() as u64,
        invoiced,
        obligations: s.obligations.len() as u64,
        cycle,
    })
}

/// An open cycle as its hub's coordinators run it: each offer with what is asked so far and
/// what it would give if the cycle closed now (the same `settle` as the close), each line with
/// its projected share and why, who ordered it, and the products its producers could still
/// offer.
#[derive(Debug, Clone)]
pub struct OpenCycleView {
    pub cycle: Cycle,
    /// Each offer with units asked so far and units it would give now.
    pub offers: Vec<(Offer, u64, u64)>,
    /// Each line with its projected allocation.
    pub lines: Vec<ProjectedLine>,
    /// The names of the people who ordered (the hub's coordinators see them: they pack).
    pub people: std::collections::HashMap<Uuid, String>,
    /// The products of the cycle's producers.
    pub products: Vec<Product>,
}

/// A line of an open cycle and what it would get if the cycle closed now.
#[derive(Debug, Clone)]
pub struct ProjectedLine {
    pub line: Line,
    pub allocated: u64,
    pub reason: bayanihan_domain::trade::allocation::Reason,
}

/// The coordinators' view of an open cycle (the hub's coordinators); a closed cycle is a
/// conflict (its book is read instead).
pub async fn open_cycle_view(
    store: &Store,
    caller: Option<&Subject>,
    id: Uuid,
) -> AppResult<OpenCycleView> {
    let cycle = cycle_to_run(store, caller, id).await?;
    let Some(s) = store.settle_preview(id).await? else {
        return Err(AppError::Conflict(Conflict::LinesClosed));
    };
    let (offers, lines) = tokio::try_join!(store.offers(id), store.lines(id, None, None))?;
    let mut by_offer: std::collections::HashMap<Uuid, (u64, u64)> = Default::default();
    let mut outcome: std::collections::HashMap<Uuid, (u64, _)> = Default::default();
    for l in &s.lines {
        let e = by_offer.entry(l.offer).or_default();
        e.0 += l.requested;
        e.1 += l.allocated;
        outcome.insert(l.line, (l.allocated, l.reason.clone()));
    }
    let mut products = Vec::new();
    for p in &cycle.producers {
        products.extend(store.products_of(*p).await?);
    }
    let people: Vec<Uuid> = lines.iter().filter_map(|l| l.person_id).collect();
    let people = store.person_names(&people).await?;
    Ok(OpenCycleView {
        offers: offers
            .into_iter()
            .map(|o| {
                let (asked, given) = by_offer.get(&o.id).copied().unwrap_or_default();
                (o, asked, given)
            })
            .collect(),
        lines: lines
            .into_iter()
            .filter_map(|line| {
                let (allocated, reason) = outcome.remove(&line.id)?;
                Some(ProjectedLine {
                    line,
                    allocated,
                    reason,
                })
            })
            .collect(),
        people,
        products,
        cycle,
    })
}

/// Closes a cycle: allocation, invoices, statements, obligations, ledger — all or nothing.
pub async fn close_cycle(
    store: &Store,
    caller: Option<&Subject>,
    id: Uuid,
) -> AppResult<CloseSummary> {
    require(caller)?;
    let c = store.cycle(id).await?;
    allow(
        caller,
        c.hub_id,
        Action::RunCycles,
        "close its order cycles",
    )?;
    let summary = store.close_cycle(id).await?;
    // The close is recorded; what follows from it (season advances repaid in kind, wallets
    // charged) is done once, now, and retried by the background tick if it fails here.
    if let Err(e) = crate::seasons::after_close(store, id).await {
        tracing::warn!(cycle = %id, error = %e, "after-close work failed; the tick retries it");
    }
    Ok(summary)
}

/// Whether the caller may put in, change or withdraw an offer of `producer` in a cycle of
/// `hub`: the producer's admins, or the hub's coordinators.
fn may_handle_offer(
    subject: &Subject,
    caller: Option<&Subject>,
    hub: Uuid,
    producer: Uuid,
    what: &str,
) -> AppResult<()> {
    if subject.role_in(producer) >= Role::Admin {
        return Ok(());
    }
    allow(caller, hub, Action::RunCycles, what)
}

/// Puts an offer in a cycle (the producer's admins, or the hub's coordinators).
pub async fn put_offer(
    store: &Store,
    caller: Option<&Subject>,
    cycle: Uuid,
    i: &OfferInput,
) -> AppResult<Offer> {
    let subject = require(caller)?;
    let c = store.cycle(cycle).await?;
    let product = store
        .product(i.product_id)
        .await
        .map_err(|_| Invalid::field("product_id", "no product has this id"))?;
    may_handle_offer(
        subject,
        caller,
        c.hub_id,
        product.organization_id,
        "put offers in this cycle",
    )?;
    let to = c.pickup_points.iter().find_map(|p| p.location);
    let d = parse_offer(i, c.currency, product.origin, to)?;
    Ok(store.create_offer(cycle, &d).await?)
}

/// An offer, for whoever may change or withdraw it: the producer's admins, or the hub's
/// coordinators.
pub async fn offer_to_change(
    store: &Store,
    caller: Option<&Subject>,
    offer: Uuid,
) -> AppResult<Offer> {
    let subject = require(caller)?;
    let (hub, producer) = store.offer_parties(offer).await?;
    may_handle_offer(
        subject,
        caller,
        hub,
        producer,
        "change offers in this cycle",
    )?;
    Ok(store.offer(offer).await?)
}

/// Changes an offer while its cycle is open (the producer's admins, or the hub's
/// coordinators): quantity, producer price, fees, transport; the product stays.
pub async fn update_offer(
    store: &Store,
    caller: Option<&Subject>,
    offer: Uuid,
    i: &OfferInput,
) -> AppResult<Offer> {
    let current = offer_to_change(store, caller, offer).await?;
    let c = store.cycle(current.cycle_id).await?;
    let to = c.pickup_points.iter().find_map(|p| p.location);
    let d = parse_offer(i, c.currency, current.product.origin, to)?;
    Ok(store.update_offer(offer, &d).await?)
}

/// Withdraws an offer and its lines while the cycle is open (the producer's admins, or the
/// hub's coordinators); returns how many lines went with it.
pub async fn withdraw_offer(
    store: &Store,
    caller: Option<&Subject>,
    offer: Uuid,
) -> AppResult<u64> {
    let subject = require(caller)?;
    let (hub, producer) = store.offer_parties(offer).await?;
    may_handle_offer(
        subject,
        caller,
        hub,
        producer,
        "withdraw offers from this cycle",
    )?;
    Ok(store.withdraw_offer(offer).await?)
}

/// A new line's quantity: 1 to [`pricing::MAX_LINE_QUANTITY`] whole units.
fn new_line_quantity(quantity: u64) -> Result<(), Invalid> {
    if quantity == 0 || quantity > pricing::MAX_LINE_QUANTITY {
        return Err(Invalid::field(
            "quantity",
            "must be a whole number of units from 1 to 1000000",
        ));
    }
    Ok(())
}

/// Places a line: members for themselves; coordinators for any member, or with a tier.
pub async fn place_line(
    store: &Store,
    caller: Option<&Subject>,
    cycle: Uuid,
    i: &LineInput,
) -> AppResult<Line> {
    let subject = require(caller)?;
    new_line_quantity(i.quantity)?;
    let person = i.person_id.unwrap_or(subject.person_id);
    if person != subject.person_id || i.tier.is_some() {
        allow(
            caller,
            i.consumer_group_id,
            Action::ManageGroupOrder,
            "order for other members or set tiers",
        )?;
    } else {
        allow(
            caller,
            i.consumer_group_id,
            Action::PlaceOwnLines,
            "order in this group",
        )?;
    }
    Ok(store
        .place_line(
            cycle,
            &NewLine {
                offer_id: i.offer_id,
                consumer_group_id: i.consumer_group_id,
                person_id: Some(person),
                pickup_point_id: i.pickup_point_id,
                quantity: i.quantity,
                tier: i.tier,
            },
        )
        .await?)
}

/// Orders `i` for the caller in the pages' way: the caller's own line of the same offer in the
/// same group grows by the quantity (no second line of one product), else a line is placed.
pub async fn add_to_order(
    store: &Store,
    caller: Option<&Subject>,
    cycle: Uuid,
    i: &LineInput,
) -> AppResult<Line> {
    let subject = require(caller)?;
    new_line_quantity(i.quantity)?;
    let own = i.person_id.is_none_or(|p| p == subject.person_id) && i.tier.is_none();
    if own {
        let existing = store
            .lines(cycle, Some(i.consumer_group_id), Some(subject.person_id))
            .await?
            .into_iter()
            .find(|l| l.offer_id == i.offer_id);
        if let Some(l) = existing {
            let quantity = l.quantity.saturating_add(i.quantity);
            return change_line(store, caller, l.id, quantity)
                .await?
                .ok_or(AppError::NotFound("line"));
        }
    }
    place_line(store, caller, cycle, i).await
}

/// Changes a line's quantity until the cycle closes (0 cancels it): its member, or the
/// group's coordinators. `None` when cancelled.
pub async fn change_line(
    store: &Store,
    caller: Option<&Subject>,
    id: Uuid,
    quantity: u64,
) -> AppResult<Option<Line>> {
    let subject = require(caller)?;
    let line = store.line(id).await?;
    if line.person_id != Some(subject.person_id) {
        allow(
            caller,
            line.consumer_group_id,
            Action::ManageGroupOrder,
            "change other members' lines",
        )?;
    }
    if quantity > pricing::MAX_LINE_QUANTITY {
        return Err(Invalid::field(
            "quantity",
            "must be a whole number of units from 0 to 1000000",
        )
        .into());
    }
    Ok(store.change_line(id, quantity).await?)
}

/// Records a payment against an obligation (treasurers or admins of the debtor or creditor).
pub async fn record_payment(
    store: &Store,
    caller: Option<&Subject>,
    id: Uuid,
    i: &PaymentInput,
) -> AppResult<Obligation> {
    let subject = require(caller)?;
    let o = crate::clearing::obligation(store, caller, id).await?;
    let mut c = Collector::new();
    let amount = c.take("amount", Money::parse_plain(&i.amount, o.amount.currency()));
    // Exactly an id: the API has never trimmed it.
    let method = PaymentMethod::ALL
        .iter()
        .copied()
        .find(|m| m.id() == i.method);
    if method.is_none() {
        c.push("method", "must be cash, bank_transfer or mobile_money");
    }
    let paid_on = match &i.paid_on {
        Some(s) => s
            .parse()
            .map_err(|_| {
                c.push(
                    "paid_on",
                    format!("\"{s}\" is not a date in the form YYYY-MM-DD"),
                )
            })
            .ok(),
        None => Some(bayanihan_store::today_utc()),
    };
    let reference = c.optional_text("reference", i.reference.as_deref(), Shape::Line, 200);
    c.finish()?;
    let (Some(amount), Some(paid_on), Some(method)) = (amount, paid_on, method) else {
        return Err(Invalid::field("", "incomplete input").into());
    };
    Ok(store
        .record_payment(&PaymentDraft {
            obligation_id: id,
            amount_minor: amount.minor(),
            method,
            reference,
            paid_on,
            recorded_by: Some(subject.person_id),
        })
        .await?)
}

/// Reverses a payment of money (the debtor's or creditor's treasurers and admins, as for
/// recording it): its negative is recorded beside it, dated today, and the obligation is owed
/// again by that much. `reversal` and `transaction` are the new records' ids.
pub async fn reverse_payment(
    store: &Store,
    caller: Option<&Subject>,
    id: Uuid,
) -> AppResult<bayanihan_store::trade::Payment> {
    let subject = require(caller)?;
    let p = store.payment(id).await?;
    crate::clearing::obligation(store, caller, p.obligation_id).await?;
    p.reversible()?;
    let reversal = store
        .reverse_payment(
            id,
            Uuid::new_v4(),
            Uuid::new_v4(),
            Some(subject.person_id),
            bayanihan_store::today_utc(),
        )
        .await?;
    for org in [p.debtor_id, p.creditor_id] {
        crate::audit::record(
            store,
            caller,
            Some(org),
            "payment.reversed",
            Some(id),
            serde_json::json!({ "reversal": reversal.id, "obligation": p.obligation_id }),
        )
        .await;
    }
    Ok(reversal)
}

/// The payments on an obligation, for whoever may record payments against it.
pub async fn payments(
    store: &Store,
    caller: Option<&Subject>,
    obligation: Uuid,
) -> AppResult<Vec<bayanihan_store::trade::Payment>> {
    let o = crate::clearing::obligation(store, caller, obligation).await?;
    Ok(store.payments_on(o.id).await?)
}

/// The lines of a cycle: a consumer group's whole order (its coordinators, the hub's), or the
/// caller's own.
pub async fn lines(
    store: &Store,
    caller: Option<&Subject>,
    cycle: Uuid,
    group: Option<Uuid>,
) -> AppResult<Vec<Line>> {
    let subject = require(caller)?;
    let c = store.cycle(cycle).await?;
    match group {
        Some(g) => {
            if subject.role_in(c.hub_id) < Role::Coordinator {
                allow(
                    caller,
                    g,
                    Action::ManageGroupOrder,
                    "see the whole group's order",
                )?;
            }
            Ok(store.lines(cycle, Some(g), None).await?)
        }
        None => Ok(store.lines(cycle, None, Some(subject.person_id)).await?),
    }
}

/// Whether the caller sees the whole of a cycle's documents (the hub's coordinators), else
/// only those of organizations whose documents they may read.
fn sees(subject: &Subject, hub: Uuid, org: Uuid) -> bool {
    subject.role_in(hub) >= Role::Coordinator || subject.role_in(org) >= Role::Steward
}

/// A closed cycle's invoices and statements the caller may see.
pub async fn documents(
    store: &Store,
    caller: Option<&Subject>,
    cycle: Uuid,
) -> AppResult<Vec<DocumentTotal>> {
    let subject = require(caller)?;
    let c = store.cycle(cycle).await?;
    let all = store.documents(cycle, None).await?;
    Ok(all
        .into_iter()
        .filter(|d| sees(subject, c.hub_id, d.organization_id))
        .collect())
}

/// The cycle of a document about `org`, for the hub's coordinators or whoever may read `org`'s
/// documents.
async fn document_cycle(
    store: &Store,
    caller: Option<&Subject>,
    cycle: Uuid,
    org: Uuid,
    what: &str,
) -> AppResult<Cycle> {
    let subject = require(caller)?;
    let c = store.cycle(cycle).await?;
    if subject.role_in(c.hub_id) < Role::Coordinator {
        allow(caller, org, Action::ReadPrivate, what)?;
    }
    Ok(c)
}

/// A consumer group's invoice (the hub's coordinators; whoever may read the group's documents).
pub async fn invoice(
    store: &Store,
    caller: Option<&Subject>,
    cycle: Uuid,
    group: Uuid,
) -> AppResult<InvoiceView> {
    let c = document_cycle(store, caller, cycle, group, "see this group's invoice").await?;
    let names = caller.is_some_and(|s| {
        s.role_in(group) >= Role::Member || s.role_in(c.hub_id) >= Role::Coordinator
    });
    build_invoice(store, &c, group, names).await
}

/// An organization's statement (the hub's coordinators; whoever may read its documents).
pub async fn statement(
    store: &Store,
    caller: Option<&Subject>,
    cycle: Uuid,
    org: Uuid,
) -> AppResult<StatementView> {
    let c = document_cycle(
        store,
        caller,
        cycle,
        org,
        "see this organization's statement",
    )
    .await?;
    build_statement(store, &c, org).await
}

/// Packing lists of a closed cycle, per pickup point and group, producer or household: all rows
/// for the hub's coordinators, a producer's own otherwise. Per household (who ordered what)
/// is for the hub's coordinators only: they hand the goods over.
pub async fn packing(
    store: &Store,
    caller: Option<&Subject>,
    cycle: Uuid,
    pickup_point: Option<Uuid>,
    by: bayanihan_store::trade::PackingBy,
) -> AppResult<Vec<PackingRow>> {
    let subject = require(caller)?;
    let c = store.cycle(cycle).await?;
    if by == bayanihan_store::trade::PackingBy::Household {
        cycle_to_run(store, caller, cycle).await?;
    }
    let rows = store.packing(cycle, pickup_point, by).await?;
    Ok(rows
        .into_iter()
        .filter(|r| sees(subject, c.hub_id, r.producer_id))
        .collect())
}

/// The names of the households (members) who ordered in a cycle, for its hub's coordinators
/// (their packing lists per household).
pub async fn household_names(
    store: &Store,
    caller: Option<&Subject>,
    cycle: Uuid,
    people: &[Uuid],
) -> AppResult<std::collections::HashMap<Uuid, String>> {
    cycle_to_run(store, caller, cycle).await?;
    Ok(store.person_names(people).await?)
}

/// Supplier totals of a closed cycle: all for the hub's coordinators, a producer's own otherwise.
pub async fn supplier_totals(
    store: &Store,
    caller: Option<&Subject>,
    cycle: Uuid,
) -> AppResult<Vec<SupplierTotal>> {
    let subject = require(caller)?;
    let c = store.cycle(cycle).await?;
    let rows = store.supplier_totals(cycle).await?;
    Ok(rows
        .into_iter()
        .filter(|r| sees(subject, c.hub_id, r.producer_id))
        .collect())
}

/// What an organization owes and is owed (outstanding only, unless `all`).
pub async fn obligations(
    store: &Store,
    caller: Option<&Subject>,
    org: Uuid,
    outstanding_only: bool,
) -> AppResult<Vec<Obligation>> {
    read_private(store, caller, org, "see its obligations").await?;
    Ok(store.obligations(Some(org), outstanding_only).await?)
}

/// An organization's ledger balances.
pub async fn balances(
    store: &Store,
    caller: Option<&Subject>,
    org: Uuid,
) -> AppResult<Vec<Balance>> {
    read_private(store, caller, org, "see its balances").await?;
    Ok(store.balances(org).await?)
}

/// Lines priced from their offers (the one pricing function): a line whose offer is missing is
/// stored data this version cannot read, not the caller's fault.
fn priced(offers: &[Offer], lines: &[Line]) -> AppResult<Vec<(Line, Breakdown)>> {
    bayanihan_domain::trade::records::price_lines(offers, lines)
        .map_err(|e| AppError::Internal(e.to_string()))
}

/// A cycle (public: its shop is open to everyone).
pub async fn cycle(store: &Store, id: Uuid) -> AppResult<Cycle> {
    Ok(store.cycle(id).await?)
}

/// Cycles, newest first, of one hub or of all (public).
pub async fn cycles(store: &Store, hub: Option<Uuid>) -> AppResult<Vec<Cycle>> {
    Ok(store.cycles(hub).await?)
}

/// A cycle's offers, each with its open price breakdown (public).
pub async fn offers(store: &Store, cycle: Uuid) -> AppResult<Vec<Offer>> {
    store.cycle(cycle).await?;
    Ok(store.offers(cycle).await?)
}

/// A cycle's shop (public): the cycle, its offers and the hub's time zone (times are read in
/// it).
pub async fn shop(store: &Store, id: Uuid) -> AppResult<(Cycle, Vec<Offer>, String)> {
    let (cycle, mut offers) = tokio::try_join!(store.cycle(id), store.offers(id))?;
    // A season's shares reach their members through the season, never through the shop.
    offers.retain(|o| !o.prepaid);
    let zone = store
        .organization(cycle.hub_id)
        .await
        .map(|o| o.time_zone)
        .unwrap_or_else(|_| "UTC".into());
    Ok((cycle, offers, zone))
}

/// A line of an order, priced from its offer (what was allocated, or asked for before the
/// close).
#[derive(Debug, Clone)]
pub struct OrderLine {
    pub line: Line,
    /// "Rice (kg)": the product's name and unit.
    pub product: String,
    pub breakdown: Breakdown,
}

/// Lines of one cycle, priced, with their total.
#[derive(Debug, Clone)]
pub struct Order {
    pub cycle: Cycle,
    pub lines: Vec<OrderLine>,
    pub total: Money,
}

fn order(cycle: Cycle, offers: &[Offer], lines: &[Line]) -> AppResult<Order> {
    let mut total = Money::zero(cycle.currency);
    let mut out = Vec::with_capacity(lines.len());
    for (line, breakdown) in priced(offers, lines)? {
        total = total
            .checked_add(breakdown.total)
            .map_err(|e| AppError::Internal(e.to_string()))?;
        let product = offers
            .iter()
            .find(|o| o.id == line.offer_id)
            .map(|o| format!("{} ({})", o.product.name, o.product.unit))
            .unwrap_or_default();
        out.push(OrderLine {
            line,
            product,
            breakdown,
        });
    }
    Ok(Order {
        cycle,
        lines: out,
        total,
    })
}

/// The caller's own order in a cycle, priced.
pub async fn own_order(store: &Store, caller: Option<&Subject>, cycle: Uuid) -> AppResult<Order> {
    let subject = require(caller)?;
    let (c, offers, lines) = tokio::try_join!(
        store.cycle(cycle),
        store.offers(cycle),
        store.lines(cycle, None, Some(subject.person_id))
    )?;
    order(c, &offers, &lines)
}

/// One cycle of "My orders": the member's own lines, priced, and the invoices of the groups
/// they ordered through (once the cycle is closed).
#[derive(Debug, Clone)]
pub struct MyCycle {
    pub order: Order,
    pub invoices: Vec<DocumentTotal>,
}

/// How many cycles "My orders" lists.
pub const MY_ORDERS: i64 = 20;

/// Every cycle the caller ordered in (the latest [`MY_ORDERS`]), with what they asked, what
/// they got and why, and what their lines add to their group's invoice.
pub async fn my_orders(store: &Store, caller: Option<&Subject>) -> AppResult<Vec<MyCycle>> {
    let subject = require(caller)?;
    let mut out = Vec::new();
    for cycle in store
        .cycles_ordered_by(subject.person_id, MY_ORDERS)
        .await?
    {
        let order = own_order(store, caller, cycle).await?;
        let mut groups: Vec<Uuid> = order
            .lines
            .iter()
            .map(|l| l.line.consumer_group_id)
            .collect();
        groups.sort();
        groups.dedup();
        let mut invoices = Vec::new();
        if order.cycle.is_closed() {
            for g in groups {
                invoices.extend(
                    store
                        .documents(cycle, Some(g))
                        .await?
                        .into_iter()
                        .filter(|d| {
                            d.kind == bayanihan_domain::trade::records::DocumentKind::Invoice
                        }),
                );
            }
        }
        out.push(MyCycle { order, invoices });
    }
    Ok(out)
}

/// A consumer group's whole order in a cycle, priced, with the group's members (its
/// coordinators, or the hub's).
pub async fn group_order(
    store: &Store,
    caller: Option<&Subject>,
    cycle: Uuid,
    group: Uuid,
) -> AppResult<(Order, Vec<bayanihan_domain::records::Membership>)> {
    let subject = require(caller)?;
    let c = store.cycle(cycle).await?;
    if decide(Some(subject), group, Action::ManageGroupOrder) != Decision::Allowed
        && subject.role_in(c.hub_id) < Role::Coordinator
    {
        return Err(AppError::NotPermitted(
            "Only the group's coordinators see the whole group's order.".into(),
        ));
    }
    let (offers, lines, members) = tokio::try_join!(
        store.offers(cycle),
        store.lines(cycle, Some(group), None),
        store.members_of(group)
    )?;
    Ok((order(c, &offers, &lines)?, members))
}

/// A line, for its member or the group's coordinators.
pub async fn line(store: &Store, caller: Option<&Subject>, id: Uuid) -> AppResult<Line> {
    let subject = require(caller)?;
    let line = store.line(id).await?;
    if line.person_id != Some(subject.person_id) {
        allow(
            caller,
            line.consumer_group_id,
            Action::ManageGroupOrder,
            "see other members' lines",
        )?;
    }
    Ok(line)
}

/// A cycle the caller runs (the hub's coordinators), for the page that manages it.
pub async fn cycle_to_run(store: &Store, caller: Option<&Subject>, id: Uuid) -> AppResult<Cycle> {
    let subject = require(caller)?;
    let cycle = store.cycle(id).await?;
    if subject.role_in(cycle.hub_id) < Role::Coordinator {
        return Err(AppError::NotPermitted(
            "Only the hub's coordinators run this cycle.".into(),
        ));
    }
    Ok(cycle)
}

/// The whole of a cycle for the hub's coordinators: its documents, lines and offers.
pub async fn cycle_book(
    store: &Store,
    caller: Option<&Subject>,
    id: Uuid,
) -> AppResult<(Cycle, Vec<DocumentTotal>, Vec<Line>, Vec<Offer>)> {
    let cycle = cycle_to_run(store, caller, id).await?;
    let (docs, lines, offers) = tokio::try_join!(
        store.documents(id, None),
        store.lines(id, None, None),
        store.offers(id)
    )?;
    Ok((cycle, docs, lines, offers))
}

/// What a signed-in person's home page shows.
pub struct Home {
    /// Cycles taking orders now from a group the person belongs to, with the hub's time zone.
    pub open: Vec<(Cycle, String)>,
    /// Cycles of hubs the person coordinates.
    pub runs: Vec<Cycle>,
    /// What each of the person's organizations still owes or is owed: (organization, obligation).
    pub outstanding: Vec<(Uuid, Obligation)>,
}

/// The person's home: where to order, which cycles to run, and what is outstanding.
pub async fn home(store: &Store, caller: Option<&Subject>, now: Timestamp) -> AppResult<Home> {
    let subject = require(caller)?;
    let cycles = store.cycles(None).await?;
    // A season's delivery whose offers are all its shares takes no orders: not "open" to order.
    let seasons_only = store.season_only_cycles().await?;
    let mut zones: std::collections::HashMap<Uuid, String> = Default::default();
    let mut open = Vec::new();
    let mut runs = Vec::new();
    for c in cycles {
        let member = c
            .consumer_groups
            .iter()
            .any(|g| subject.role_in(g.organization_id) >= Role::Member);
        if c.accepts_orders(now) && member && !seasons_only.contains(&c.id) {
            if let std::collections::hash_map::Entry::Vacant(e) = zones.entry(c.hub_id) {
                // Times are read in each hub's own time zone.
                let zone = store
                    .organization(c.hub_id)
                    .await
                    .map(|o| o.time_zone)
                    .unwrap_or_else(|_| "UTC".into());
                e.insert(zone);
            }
            open.push((c.clone(), zones[&c.hub_id].clone()));
        }
        if subject.role_in(c.hub_id) >= Role::Coordinator {
            runs.push(c);
        }
    }
    let mut outstanding = Vec::new();
    for org in subject.memberships.keys() {
        if decide(Some(subject), *org, Action::ReadPrivate) == Decision::Allowed {
            let obs = store.obligations(Some(*org), true).await?;
            outstanding.extend(obs.into_iter().map(|o| (*org, o)));
        }
    }
    Ok(Home {
        open,
        runs,
        outstanding,
    })
}

/// Cycles taking orders now (public), for the landing page.
pub async fn open_cycles(store: &Store, now: Timestamp) -> AppResult<Vec<Cycle>> {
    let seasons_only = store.season_only_cycles().await?;
    Ok(store
        .cycles(None)
        .await?
        .into_iter()
        .filter(|c| c.accepts_orders(now) && !seasons_only.contains(&c.id))
        .collect())
}

//! The records of solidarity trade, as the store keeps them and the use cases hand them out:
//! products, cycles, offers, order lines, obligations, payments, documents. Drafts are what a
//! use case asks the store to create (already checked); records are what was recorded. Words
//! for people are not here: statuses, methods and kinds are vocabularies, and each adapter says
//! them in its reader's language.

use std::collections::HashMap;

use jiff::civil::Date;
use jiff::Timestamp;
use serde::Serialize;
use uuid::Uuid;

use crate::ledger::AccountKind;
use crate::trade::allocation::{Policy, Reason};
use crate::trade::catalog::{Category, Packaging, TransportLeg};
use crate::trade::pricing::{self, Breakdown, Fee};
use crate::vocab::vocabulary;
use crate::{Currency, Location, Money, Qualifier};

vocabulary!(
    /// Where a cycle stands: taking orders until it is closed (allocated, invoiced, booked).
    CycleStatus, "cycle status", {
        Open => "open", "Open";
        Closed => "closed", "Closed";
    }
);

vocabulary!(
    /// How a payment was made.
    PaymentMethod, "payment method", {
        Cash => "cash", "Cash";
        BankTransfer => "bank_transfer", "Bank transfer";
        MobileMoney => "mobile_money", "Mobile money";
    }
);

vocabulary!(
    /// The kind of a closed cycle's document.
    DocumentKind, "document kind", {
        Invoice => "invoice", "Invoice";
        ProducerStatement => "producer_statement", "Producer statement";
        FeeStatement => "fee_statement", "Fee statement";
    }
);

/// The API's words for an allocation reason: the English sentence of [`Reason`]'s `Display`.
fn reason_sentence<S: serde::Serializer>(r: &Option<Reason>, s: S) -> Result<S::Ok, S::Error> {
    match r {
        Some(r) => s.serialize_some(&r.to_string()),
        None => s.serialize_none(),
    }
}

/// A product of a producer organization.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Product {
    pub id: Uuid,
    pub organization_id: Uuid,
    pub name: String,
    pub category: Category,
    pub unit: String,
    /// Grams per unit.
    pub unit_mass_g: i64,
    pub qualifiers: Vec<Qualifier>,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<crate::openapi::LocationSchema>))]
    pub origin: Option<Location>,
    /// `returnable`, `single_use` or `none`; absent when not stated.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub packaging: Option<Packaging>,
    pub description: Option<String>,
    /// The photo's version, when the product has a photo: its address is
    /// `/api/v1/products/{id}/photo` (or `/products/{id}/photo?v={version}` in the pages).
    pub photo: Option<String>,
}

/// A product's photo as kept: a small image made by the server from the upload.
#[derive(Debug, Clone, PartialEq)]
pub struct ProductPhoto {
    pub content_type: String,
    pub width: u32,
    pub height: u32,
    pub bytes: Vec<u8>,
    /// Changes with every new photo (caching).
    pub version: String,
}

/// Where members collect their goods.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PickupPoint {
    pub id: Uuid,
    pub name: String,
    pub organization_id: Uuid,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<crate::openapi::LocationSchema>))]
    pub location: Option<Location>,
}

/// A pickup point to create.
#[derive(Debug, Clone)]
pub struct PickupPointDraft {
    pub name: String,
    pub organization_id: Uuid,
    pub location: Option<Location>,
}

/// A consumer group taking part in a cycle, with its priority tier (0 first).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Participant {
    pub organization_id: Uuid,
    pub tier: u32,
}

/// An order cycle to create.
#[derive(Debug, Clone)]
pub struct CycleDraft {
    pub hub_id: Uuid,
    pub name: String,
    pub currency: Currency,
    pub policy: Policy,
    pub opens_at: Timestamp,
    pub closes_at: Timestamp,
    pub delivery_date: Date,
    pub payment_terms_days: u32,
    pub pickup_points: Vec<PickupPointDraft>,
    pub producers: Vec<Uuid>,
    pub consumer_groups: Vec<Participant>,
}

/// An order cycle run by a hub.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Cycle {
    pub id: Uuid,
    pub hub_id: Uuid,
    pub name: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub currency: Currency,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub policy: Policy,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub opens_at: Timestamp,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub closes_at: Timestamp,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub delivery_date: Date,
    pub payment_terms_days: u32,
    pub status: CycleStatus,
    pub pickup_points: Vec<PickupPoint>,
    pub producers: Vec<Uuid>,
    pub consumer_groups: Vec<Participant>,
    /// The decision whose members approved this cycle's prices and fees, if one did.
    pub prices_approved_by: Option<Uuid>,
}

impl Cycle {
    pub fn is_closed(&self) -> bool {
        self.status == CycleStatus::Closed
    }
    /// Whether lines may be placed or changed at `now`.
    pub fn accepts_orders(&self, now: Timestamp) -> bool {
        !self.is_closed() && self.opens_at <= now && now < self.closes_at
    }
}

/// A product offered in a cycle.
#[derive(Debug, Clone)]
pub struct OfferDraft {
    pub product_id: Uuid,
    pub quantity: u64,
    pub producer_price_minor: i64,
    pub fees: Vec<Fee>,
    pub transport: Option<TransportLeg>,
}

/// What may change in an open cycle: its name and times (each kept when `None`).
#[derive(Debug, Clone, Default)]
pub struct CycleChange {
    pub name: Option<String>,
    pub opens_at: Option<Timestamp>,
    pub closes_at: Option<Timestamp>,
    pub delivery_date: Option<Date>,
}

/// A product offered in a cycle, with the price breakdown of one unit.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Offer {
    pub id: Uuid,
    pub cycle_id: Uuid,
    pub product: Product,
    pub producer_id: Uuid,
    /// Units available.
    pub quantity: u64,
    /// Units asked for so far (under `first_come`, never above `quantity`).
    pub reserved: u64,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub producer_price: Money,
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<Object>))]
    pub fees: Vec<Fee>,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub transport: Option<TransportLeg>,
    /// Where the money for one unit goes.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub unit_breakdown: Breakdown,
    /// A season's shares for one delivery: priced and delivered like any offer, paid in
    /// advance through the season, so it takes no orders and is on no sale list.
    pub prepaid: bool,
}

/// A line to place.
#[derive(Debug, Clone)]
pub struct NewLine {
    pub offer_id: Uuid,
    pub consumer_group_id: Uuid,
    pub person_id: Option<Uuid>,
    pub pickup_point_id: Option<Uuid>,
    pub quantity: u64,
    /// Overrides the consumer group's tier (coordinators only).
    pub tier: Option<u32>,
}

/// A member's order line.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Line {
    pub id: Uuid,
    pub cycle_id: Uuid,
    pub offer_id: Uuid,
    pub consumer_group_id: Uuid,
    pub person_id: Option<Uuid>,
    pub pickup_point_id: Option<Uuid>,
    pub quantity: u64,
    pub tier: u32,
    /// Set when the cycle closed.
    pub allocated: Option<u64>,
    /// Why it got what it got: in the API, the English sentence (the pages say it in the
    /// reader's language).
    #[serde(serialize_with = "reason_sentence")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub reason: Option<Reason>,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub total: Option<Money>,
}

/// The outcome of closing a cycle.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CloseSummary {
    pub cycle_id: Uuid,
    /// False when the cycle was closed already and nothing changed.
    pub closed_now: bool,
    pub lines: u64,
    pub units_requested: u64,
    pub units_allocated: u64,
    pub invoices: u64,
    pub obligations: u64,
}

/// An obligation between organizations.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Obligation {
    pub id: Uuid,
    pub debtor_id: Uuid,
    pub creditor_id: Uuid,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub amount: Money,
    /// Amount less the payments recorded.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub outstanding: Money,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub due_date: Date,
    pub cycle_id: Option<Uuid>,
    pub memo: String,
}

/// A payment to record.
#[derive(Debug, Clone)]
pub struct PaymentDraft {
    pub obligation_id: Uuid,
    pub amount_minor: i64,
    pub method: PaymentMethod,
    pub reference: Option<String>,
    pub paid_on: Date,
    pub recorded_by: Option<Uuid>,
}

/// A payment recorded against an obligation: money paid, a clearing round's set-off, or the
/// reversal of an earlier payment (its negative, naming it).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Payment {
    pub id: Uuid,
    pub obligation_id: Uuid,
    pub debtor_id: Uuid,
    pub creditor_id: Uuid,
    /// Negative for a reversal.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub amount: Money,
    /// A payment method's id, or `set_off` for a clearing round's set-off.
    pub method: String,
    pub reference: Option<String>,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub paid_on: Date,
    pub recorded_by: Option<Uuid>,
    /// The name of who recorded it, when known.
    pub recorded_by_name: Option<String>,
    /// The payment this one reverses.
    pub reverses: Option<Uuid>,
    /// The payment that reversed this one.
    pub reversed_by: Option<Uuid>,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub recorded_at: Timestamp,
}

/// Whether a payment of `method` moved money: not a clearing round's `set_off`, a season's
/// delivery `in_kind`, or a shortfall `written_off` under a season's rule.
pub fn moves_cash(method: &str) -> bool {
    !matches!(method, "set_off" | "in_kind" | "written_off")
}

impl Payment {
    /// Whether this payment may be reversed: a payment of money, not reversed yet. A set-off
    /// belongs to its clearing round and a reversal is corrected by recording the payment again.
    pub fn reversible(&self) -> Result<(), crate::Conflict> {
        if self.reversed_by.is_some() {
            return Err(crate::Conflict::PaymentReversed);
        }
        if self.reverses.is_some() || !moves_cash(&self.method) {
            return Err(crate::Conflict::NotReversible);
        }
        Ok(())
    }
}

/// An account balance of an organization.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Balance {
    pub kind: AccountKind,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub amount: Money,
}

/// A document total of a closed cycle: an invoice or a statement.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DocumentTotal {
    pub kind: DocumentKind,
    pub organization_id: Uuid,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub total: Money,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub due_date: Date,
    /// The document's number in its issuer's series, e.g. `INV-000012`; none for documents
    /// closed before documents were numbered.
    pub number: Option<String>,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub issued_on: Option<Date>,
}

/// The printed number of a document: its series' prefix (`INV` for invoices, `ST` for
/// statements) and its number in the issuer's series, six digits at least.
pub fn document_number(series: &str, number: i64) -> String {
    let prefix = if series == "invoice" { "INV" } else { "ST" };
    format!("{prefix}-{number:06}")
}

/// What heads a printed invoice or statement: its number, dates, whether it is paid, and how
/// to pay.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DocumentHeader {
    /// The document's numbers (a statement may be a producer's and a fee recipient's both).
    pub numbers: Vec<String>,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub issued_on: Option<Date>,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub due_date: Option<Date>,
    /// What is still owed on the obligations the document gave rise to.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub outstanding: Money,
    /// Nothing is owed any more.
    pub paid: bool,
    /// The creditor's instructions for paying.
    pub payment_instructions: Option<String>,
}

vocabulary!(
    /// How a packing list is cut: per producer (supplier totals per pickup point), per
    /// consumer group, or per household within each group.
    PackingBy, "packing list cut", {
        Producer => "producer", "Per producer";
        Group => "group", "Per consumer group";
        Household => "household", "Per household";
    }
);

/// One row of a packing list or supplier totals.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PackingRow {
    pub pickup_point_id: Option<Uuid>,
    pub producer_id: Uuid,
    pub consumer_group_id: Option<Uuid>,
    /// The household (the member who ordered), in a list per household.
    pub person_id: Option<Uuid>,
    pub product_id: Uuid,
    pub product_name: String,
    pub unit: String,
    pub units: u64,
}

/// What one offer delivered in a closed cycle.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SupplierTotal {
    pub producer_id: Uuid,
    pub offer_id: Uuid,
    pub product_name: String,
    pub unit: String,
    pub units: u64,
    /// What the producer is owed for these units.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub producer_amount: Money,
    /// What consumers paid for them, fees included.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub consumer_total: Money,
}

/// Why lines could not be priced.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PriceLinesError {
    #[error("line {0} refers to an offer that is not in the cycle")]
    UnknownOffer(Uuid),
    #[error("a line's price cannot be computed: {0}")]
    Price(String),
}

/// Lines' prices recomputed from the offers (the one pricing function), for rendering orders
/// and invoices: what each line was allocated (or asked for, before the close) at the offer's
/// price breakdown.
pub fn price_lines(
    offers: &[Offer],
    lines: &[Line],
) -> Result<Vec<(Line, Breakdown)>, PriceLinesError> {
    let by_id: HashMap<Uuid, &Offer> = offers.iter().map(|o| (o.id, o)).collect();
    lines
        .iter()
        .map(|l| {
            let o = by_id
                .get(&l.offer_id)
                .ok_or(PriceLinesError::UnknownOffer(l.id))?;
            let b = pricing::breakdown(
                o.producer_id,
                o.producer_price,
                &o.fees,
                l.allocated.unwrap_or(l.quantity),
            )
            .map_err(|e| PriceLinesError::Price(e.to_string()))?;
            Ok((l.clone(), b))
        })
        .collect()
}

/// One priced line of an invoice.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InvoiceLine {
    pub line: Line,
    /// The name of the member (household) who ordered the line, when known: the invoice's
    /// per-household split.
    pub ordered_by: Option<String>,
    pub product_name: String,
    pub unit: String,
    /// Where the money goes, for the allocated quantity.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub breakdown: Breakdown,
}

/// A consumer group's invoice, line by line.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InvoiceView {
    pub cycle_id: Uuid,
    pub consumer_group_id: Uuid,
    pub hub_id: Uuid,
    pub header: DocumentHeader,
    pub lines: Vec<InvoiceLine>,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub total: Money,
}

/// One component paid to an organization, on one line.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StatementItem {
    pub line_id: Uuid,
    pub consumer_group_id: Uuid,
    pub product_name: String,
    pub unit: String,
    pub quantity: u64,
    /// `producer`, or the fee kind.
    pub part: String,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub amount: Money,
}

/// What the hub owes an organization for a closed cycle, line by line: a producer statement,
/// a fee statement, or both.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StatementView {
    pub cycle_id: Uuid,
    pub organization_id: Uuid,
    pub header: DocumentHeader,
    pub items: Vec<StatementItem>,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub total: Money,
}

//! Seasons: consumers share a producer's risk (community-supported agriculture, *teikei*).
//!
//! A producer organization — or a hub for several — publishes a **season**: a crop calendar
//! (delivery dates, given one by one or as a frequency), **share kinds** (so many units of one
//! product per delivery at a unit price), **pickup points** with a capacity, a sign-up window,
//! and the consumer groups invited. Members of those groups take **shares**; a full pickup point
//! puts the next sign-up on its waiting list, which fills freed places in order.
//!
//! Money flows in three steps, each a rule of its own module:
//!
//! - [`rounds`]: **contribution rounds**. Members pledge what they can pay for their share
//!   against a target, the season's budget; a round that closes short opens the next with the
//!   gap shown. Pledges are seen individually only by the member; everybody else sees
//!   aggregates.
//! - [`prefinance`]: **pre-financing**. What a group's shares are due is paid to the producer
//!   in instalments before the season; each payment is an *advance*, a liability of the
//!   producer to the group repaid in kind by the deliveries (an obligation producer → group, so
//!   it nets in clearing rounds). Each delivery is valued from the pledges, the shortfall of a
//!   short harvest is written down per share, and the season's rule says who bears it.
//! - [`wallet`]: **member wallets**, prepaid balances kept by a group for its members, in a
//!   double-entry ledger of the group's own.
//!
//! [`statement`] puts it together per member, group and producer.

pub mod prefinance;
pub mod rounds;
pub mod statement;
pub mod wallet;

use jiff::civil::Date;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::text::Shape;
use crate::validate::Collector;
use crate::vocab::vocabulary;
use crate::{Currency, Invalid, Money};

/// At most this many deliveries in a season (two a week for a year).
pub const MAX_DELIVERIES: usize = 104;
/// At most this many share kinds or instalments.
pub const MAX_KINDS: usize = 20;
/// At most this many pickup points, and as many consumer groups invited.
pub const MAX_PICKUPS: usize = 500;
/// A share's nominal price for a season is at most this many minor units (₱10 billion), and
/// a pledge at most [`MAX_PLEDGE_TIMES`] that price: sums over a season's shares stay far
/// inside 64 bits.
pub const MAX_NOMINAL: i64 = 1_000_000_000_000;
/// A pledge is at most this many times the share's nominal price.
pub const MAX_PLEDGE_TIMES: i64 = 10;
/// A pickup point holds at most this many shares.
pub const MAX_CAPACITY: u32 = 100_000;

vocabulary!(
    /// What happens to a share's delivery when its member reports an absence before the
    /// cut-off.
    AbsenceRule, "absence rule", {
        Donate => "donate", "Donated to the group";
        Move => "move", "Moved to the next delivery";
        Credit => "credit", "Credited to the wallet";
    }
);

vocabulary!(
    /// Who bears the value not delivered when a harvest is short, decided before the season.
    ShortfallRule, "shortfall rule", {
        Members => "members", "Borne by the members (no refund)";
        Reserve => "reserve", "Covered by the solidarity reserve";
        Refund => "refund", "Refunded by the producer";
    }
);

vocabulary!(
    /// A share's place: taking deliveries, waiting for a place, or given up.
    ShareStatus, "share status", {
        Active => "active", "Active";
        Waiting => "waiting", "On the waiting list";
        Cancelled => "cancelled", "Cancelled";
    }
);

/// A share kind: so many units of one product per delivery, at a unit price.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ShareKindDraft {
    pub name: String,
    pub product_id: Uuid,
    pub units_per_delivery: u64,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub unit_price: Money,
}

impl ShareKindDraft {
    /// What one delivery of the share is worth at the nominal price.
    pub fn price_per_delivery(&self) -> Result<Money, crate::money::MoneyError> {
        self.unit_price.checked_mul_int(
            i64::try_from(self.units_per_delivery)
                .map_err(|_| crate::money::MoneyError::Overflow)?,
        )
    }

    /// The nominal price of a share for a season of `deliveries` deliveries: the reference a
    /// pledge is compared with, and what a share without a pledge is due.
    pub fn nominal(&self, deliveries: usize) -> Result<Money, crate::money::MoneyError> {
        self.price_per_delivery()?
            .checked_mul_int(i64::try_from(deliveries).unwrap_or(i64::MAX))
    }
}

/// A pickup point of a season, with how many shares it can hand out.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SeasonPickupDraft {
    pub name: String,
    pub organization_id: Uuid,
    pub capacity: u32,
}

/// One instalment of the pre-financing: a part (in basis points of what a group's shares are
/// due) falling due on a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Instalment {
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub due_on: Date,
    pub basis_points: u32,
}

/// A season as the store records it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SeasonDraft {
    pub hub_id: Uuid,
    pub producer_id: Uuid,
    pub name: String,
    pub currency: Currency,
    pub starts_on: Date,
    pub ends_on: Date,
    pub deliveries: Vec<Date>,
    pub signup_opens_at: Timestamp,
    pub signup_closes_at: Timestamp,
    pub round_days: u32,
    pub max_rounds: u32,
    pub budget: Money,
    pub reserve: Money,
    pub absence_rule: AbsenceRule,
    pub absence_cutoff_days: u32,
    pub shortfall_rule: ShortfallRule,
    pub instalments: Vec<Instalment>,
    pub share_kinds: Vec<ShareKindDraft>,
    pub pickup_points: Vec<SeasonPickupDraft>,
    pub consumer_groups: Vec<Uuid>,
}

/// A share kind as sent.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ShareKindInput {
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::name_200))]
    pub name: String,
    pub product_id: Uuid,
    #[serde(deserialize_with = "crate::parse::whole::deserialize")]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 1000000))]
    pub units_per_delivery: u64,
    /// A decimal amount in the season's currency, e.g. "50.00".
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::positive_amount))]
    pub unit_price: String,
}

/// A pickup point as sent.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SeasonPickupInput {
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::name_200))]
    pub name: String,
    pub organization_id: Uuid,
    #[serde(deserialize_with = "crate::parse::whole::deserialize")]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 100000))]
    pub capacity: u32,
}

/// An instalment as sent.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct InstalmentInput {
    /// YYYY-MM-DD.
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::date))]
    pub due_on: String,
    /// Percent of what a group's shares are due, a whole number; the instalments add up to 100.
    #[serde(deserialize_with = "crate::parse::whole::deserialize")]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 100))]
    pub percent: u32,
}

/// A new season.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SeasonInput {
    /// The organization running the season's cycles (the producer itself, or a hub).
    pub hub_id: Uuid,
    /// The producer organization the season pre-finances.
    pub producer_id: Uuid,
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::name_200))]
    pub name: String,
    /// ISO 4217; the hub's currency when left out.
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::opt_currency))]
    pub currency: Option<String>,
    /// YYYY-MM-DD: the crop calendar.
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::date))]
    pub starts_on: String,
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::date))]
    pub ends_on: String,
    /// Delivery dates (YYYY-MM-DD); or leave empty and give `first_delivery` and `every_days`.
    #[serde(default)]
    pub delivery_dates: Vec<String>,
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::opt_date))]
    pub first_delivery: Option<String>,
    /// Days between deliveries (7 weekly, 14 fortnightly); deliveries run to `ends_on`.
    #[serde(default, deserialize_with = "crate::parse::whole::option")]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 366))]
    pub every_days: Option<u32>,
    /// RFC 3339 times: the sign-up window, which is also the first contribution round.
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::date_time))]
    pub signup_opens_at: String,
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::date_time))]
    pub signup_closes_at: String,
    /// How long a further contribution round stays open (default 7 days).
    #[serde(default, deserialize_with = "crate::parse::whole::option")]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 60))]
    pub round_days: Option<u32>,
    /// How many contribution rounds at most (default 3).
    #[serde(default, deserialize_with = "crate::parse::whole::option")]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 10))]
    pub max_rounds: Option<u32>,
    /// The season's budget, the target of the contribution rounds (decimal).
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::positive_amount))]
    pub budget: String,
    /// The solidarity reserve the hub holds for a short harvest (decimal; default 0).
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::opt_amount))]
    pub reserve: Option<String>,
    /// `donate`, `move` or `credit`.
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::absence_rule))]
    pub absence_rule: String,
    /// Absences are reported at least this many days before a delivery (default 2).
    #[serde(default, deserialize_with = "crate::parse::whole::option")]
    #[cfg_attr(feature = "openapi", schema(maximum = 30))]
    pub absence_cutoff_days: Option<u32>,
    /// `members`, `reserve` or `refund`.
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::shortfall_rule))]
    pub shortfall_rule: String,
    /// When left out, one instalment of 100 % due the day the sign-up closes.
    #[serde(default)]
    pub instalments: Vec<InstalmentInput>,
    pub share_kinds: Vec<ShareKindInput>,
    pub pickup_points: Vec<SeasonPickupInput>,
    pub consumer_groups: Vec<Uuid>,
}

fn timestamp(c: &mut Collector, field: &str, s: &str) -> Option<Timestamp> {
    match s.trim().parse::<Timestamp>() {
        Ok(t) => Some(t),
        Err(_) => {
            c.push(
                field,
                format!("\"{s}\" is not a time such as 2026-03-01T08:00:00+08:00"),
            );
            None
        }
    }
}

fn amount(c: &mut Collector, field: &str, s: &str, currency: Currency) -> Option<Money> {
    match Money::parse_decimal(s, currency) {
        Ok(m) if m.minor() < 0 => {
            c.push(field, "must not be negative");
            None
        }
        Ok(m) => Some(m),
        Err(e) => {
            c.push(field, e.reason());
            None
        }
    }
}

/// The delivery dates of a season given as a frequency: from `first`, every `every` days, up
/// to and including `until`.
pub fn every(first: Date, every_days: u32, until: Date) -> Vec<Date> {
    let mut out = Vec::new();
    let mut d = first;
    while d <= until && out.len() <= MAX_DELIVERIES {
        out.push(d);
        match d.checked_add(jiff::Span::new().days(i64::from(every_days.max(1)))) {
            Ok(next) => d = next,
            Err(_) => break,
        }
    }
    out
}

/// Parses a season; `hub_currency` is the default currency.
pub fn parse_season(i: &SeasonInput, hub_currency: Currency) -> Result<SeasonDraft, Invalid> {
    let mut c = Collector::new();
    let name = c
        .required_text("name", Some(&i.name), Shape::Line, 200)
        .unwrap_or_default();
    let currency = match &i.currency {
        Some(s) => c.take("currency", Currency::parse(s)),
        None => Some(hub_currency),
    };
    let starts_on = c.optional_date("starts_on", Some(&i.starts_on));
    let ends_on = c.optional_date("ends_on", Some(&i.ends_on));
    if let (Some(s), Some(e)) = (starts_on, ends_on) {
        if e < s {
            c.push("ends_on", "must not be before starts_on");
        }
    }
    let mut deliveries = Vec::new();
    match (&i.first_delivery, i.every_days, i.delivery_dates.is_empty()) {
        (None, None, false) => {
            for (n, s) in i.delivery_dates.iter().enumerate() {
                if let Some(d) = c.optional_date(&format!("delivery_dates[{n}]"), Some(s)) {
                    deliveries.push(d);
                }
            }
        }
        (Some(first), Some(days), true) => {
            let f = c.optional_date("first_delivery", Some(first));
            if !(1..=366).contains(&days) {
                c.push("every_days", "must be between 1 and 366");
            } else if let (Some(f), Some(e)) = (f, ends_on) {
                deliveries = every(f, days, e);
            }
        }
        (None, None, true) => c.push(
            "delivery_dates",
            "give the delivery dates, or first_delivery and every_days",
        ),
        _ => c.push(
            "delivery_dates",
            "give either the delivery dates or first_delivery with every_days, not both",
        ),
    }
    deliveries.sort();
    if deliveries.windows(2).any(|w| w[0] == w[1]) {
        c.push("delivery_dates", "a date is listed twice");
    }
    if deliveries.len() > MAX_DELIVERIES {
        c.push(
            "delivery_dates",
            format!("at most {MAX_DELIVERIES} deliveries in a season"),
        );
    }
    if let (Some(s), Some(e)) = (starts_on, ends_on) {
        if deliveries.iter().any(|d| *d < s || *d > e) {
            c.push(
                "delivery_dates",
                "every delivery must fall between starts_on and ends_on",
            );
        }
        if deliveries.is_empty() && !i.delivery_dates.is_empty() {
            c.push("delivery_dates", "no delivery date falls in the season");
        }
    }
    let signup_opens_at = timestamp(&mut c, "signup_opens_at", &i.signup_opens_at);
    let signup_closes_at = timestamp(&mut c, "signup_closes_at", &i.signup_closes_at);
    if let (Some(o), Some(cl)) = (signup_opens_at, signup_closes_at) {
        if cl <= o {
            c.push("signup_closes_at", "must be after signup_opens_at");
        }
    }
    // The first delivery's lines are made once its absences close: every share is known by
    // then.
    if let (Some(cl), Some(first)) = (signup_closes_at, deliveries.first()) {
        let cutoff = i.absence_cutoff_days.unwrap_or(2).min(30);
        let deadline = absence_deadline(*first, cutoff);
        if cl > deadline {
            c.push(
                "signup_closes_at",
                format!("the sign-up must close by {deadline}, when absences from the first delivery close"),
            );
        }
    }
    let round_days = i.round_days.unwrap_or(7);
    if !(1..=60).contains(&round_days) {
        c.push("round_days", "must be between 1 and 60");
    }
    let max_rounds = i.max_rounds.unwrap_or(3);
    if !(1..=10).contains(&max_rounds) {
        c.push("max_rounds", "must be between 1 and 10");
    }
    let budget = currency.and_then(|cur| amount(&mut c, "budget", &i.budget, cur));
    if budget.is_some_and(|b| b.minor() == 0) {
        c.push("budget", "must be more than zero");
    }
    let reserve = match (&i.reserve, currency) {
        (Some(s), Some(cur)) => amount(&mut c, "reserve", s, cur),
        (None, Some(cur)) => Some(Money::zero(cur)),
        _ => None,
    };
    let absence_rule = c.take("absence_rule", AbsenceRule::parse(&i.absence_rule));
    let absence_cutoff_days = i.absence_cutoff_days.unwrap_or(2);
    if absence_cutoff_days > 30 {
        c.push("absence_cutoff_days", "must be at most 30");
    }
    let shortfall_rule = c.take("shortfall_rule", ShortfallRule::parse(&i.shortfall_rule));
    let mut instalments = Vec::new();
    if i.instalments.is_empty() {
        if let Some(t) = signup_closes_at {
            instalments.push(Instalment {
                due_on: t.to_zoned(jiff::tz::TimeZone::UTC).date(),
                basis_points: 10_000,
            });
        }
    } else {
        let mut total = 0u32;
        for (n, inst) in i.instalments.iter().enumerate() {
            let due = c.optional_date(&format!("instalments[{n}].due_on"), Some(&inst.due_on));
            if !(1..=100).contains(&inst.percent) {
                c.push(
                    format!("instalments[{n}].percent"),
                    "must be between 1 and 100",
                );
            }
            total = total.saturating_add(inst.percent);
            if let Some(due_on) = due {
                instalments.push(Instalment {
                    due_on,
                    basis_points: inst.percent.saturating_mul(100),
                });
            }
        }
        if total != 100 {
            c.push(
                "instalments",
                format!("the percents add up to {total}, not 100"),
            );
        }
        if instalments.windows(2).any(|w| w[1].due_on <= w[0].due_on) {
            c.push(
                "instalments",
                "list the instalments in order of their due dates",
            );
        }
        if let (Some(last), Some(e)) = (instalments.last(), ends_on) {
            if last.due_on > e {
                c.push(
                    "instalments",
                    "every instalment falls due before the season ends",
                );
            }
        }
        if instalments.len() > MAX_KINDS {
            c.push("instalments", format!("at most {MAX_KINDS} instalments"));
        }
    }
    let mut share_kinds = Vec::new();
    if i.share_kinds.is_empty() {
        c.push("share_kinds", "a season offers at least one share kind");
    }
    if i.share_kinds.len() > MAX_KINDS {
        c.push("share_kinds", format!("at most {MAX_KINDS} share kinds"));
    }
    for (n, k) in i.share_kinds.iter().enumerate() {
        let f = |s: &str| format!("share_kinds[{n}].{s}");
        let name = c.required_text(&f("name"), Some(&k.name), Shape::Line, 200);
        if !(1..=1_000_000).contains(&k.units_per_delivery) {
            c.push(f("units_per_delivery"), "must be between 1 and 1000000");
        }
        let price = currency.and_then(|cur| amount(&mut c, &f("unit_price"), &k.unit_price, cur));
        if price.is_some_and(|p| p.minor() == 0) {
            c.push(f("unit_price"), "must be more than zero");
        }
        if let (Some(name), Some(unit_price)) = (name, price) {
            let kind = ShareKindDraft {
                name,
                product_id: k.product_id,
                units_per_delivery: k.units_per_delivery,
                unit_price,
            };
            if kind
                .nominal(deliveries.len().max(1))
                .map_or(true, |n| n.minor() > MAX_NOMINAL)
            {
                c.push(f("unit_price"), "too large for a season of this length");
            } else {
                share_kinds.push(kind);
            }
        }
    }
    let mut pickup_points = Vec::new();
    if i.pickup_points.is_empty() {
        c.push("pickup_points", "a season has at least one pickup point");
    }
    if i.pickup_points.len() > MAX_PICKUPS {
        c.push(
            "pickup_points",
            format!("at most {MAX_PICKUPS} pickup points"),
        );
    }
    if i.consumer_groups.len() > MAX_PICKUPS {
        c.push("consumer_groups", format!("at most {MAX_PICKUPS} groups"));
    }
    for (n, p) in i.pickup_points.iter().enumerate() {
        let name = c.required_text(
            &format!("pickup_points[{n}].name"),
            Some(&p.name),
            Shape::Line,
            200,
        );
        if !(1..=MAX_CAPACITY).contains(&p.capacity) {
            c.push(
                format!("pickup_points[{n}].capacity"),
                format!("must be between 1 and {MAX_CAPACITY}"),
            );
        }
        if let Some(name) = name {
            pickup_points.push(SeasonPickupDraft {
                name,
                organization_id: p.organization_id,
                capacity: p.capacity,
            });
        }
    }
    if i.consumer_groups.is_empty() {
        c.push(
            "consumer_groups",
            "invite at least one consumer group to the season",
        );
    }
    let mut groups = i.consumer_groups.clone();
    groups.sort();
    groups.dedup();
    if groups.len() != i.consumer_groups.len() {
        c.push("consumer_groups", "a group is listed twice");
    }
    c.finish()?;
    let (
        Some(currency),
        Some(starts_on),
        Some(ends_on),
        Some(signup_opens_at),
        Some(signup_closes_at),
    ) = (
        currency,
        starts_on,
        ends_on,
        signup_opens_at,
        signup_closes_at,
    )
    else {
        unreachable!("every missing value recorded an error");
    };
    let (Some(budget), Some(reserve), Some(absence_rule), Some(shortfall_rule)) =
        (budget, reserve, absence_rule, shortfall_rule)
    else {
        unreachable!("every missing value recorded an error");
    };
    Ok(SeasonDraft {
        hub_id: i.hub_id,
        producer_id: i.producer_id,
        name,
        currency,
        starts_on,
        ends_on,
        deliveries,
        signup_opens_at,
        signup_closes_at,
        round_days,
        max_rounds,
        budget,
        reserve,
        absence_rule,
        absence_cutoff_days,
        shortfall_rule,
        instalments,
        share_kinds,
        pickup_points,
        consumer_groups: i.consumer_groups.clone(),
    })
}

/// The last moment an absence from the delivery on `date` can be reported: midnight UTC at
/// the start of the day `cutoff_days` before it.
pub fn absence_deadline(date: Date, cutoff_days: u32) -> Timestamp {
    let day = date
        .checked_sub(jiff::Span::new().days(i64::from(cutoff_days)))
        .unwrap_or(date);
    day.to_zoned(jiff::tz::TimeZone::UTC)
        .map(|z| z.timestamp())
        .unwrap_or(Timestamp::UNIX_EPOCH)
}

/// A share kind of a recorded season.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ShareKind {
    pub id: Uuid,
    pub name: String,
    pub product_id: Uuid,
    pub product_name: String,
    pub unit: String,
    pub units_per_delivery: u64,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub unit_price: Money,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub price_per_delivery: Money,
    /// The nominal price for the whole season.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub nominal: Money,
}

/// A pickup point of a recorded season, with its places taken.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SeasonPickup {
    pub id: Uuid,
    pub name: String,
    pub organization_id: Uuid,
    pub capacity: u32,
    pub taken: u64,
    /// Shares waiting for a place here.
    pub waiting: u64,
}

/// A delivery date of a season.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Delivery {
    /// 0-based position in the calendar.
    pub seq: u32,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub date: Date,
    /// The last moment an absence is taken.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub absences_close_at: Timestamp,
    /// The hub's cycle holding its lines, once made.
    pub cycle_id: Option<Uuid>,
    /// Whether its value has repaid the advances in kind.
    pub settled: bool,
}

/// A recorded season.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Season {
    pub id: Uuid,
    pub hub_id: Uuid,
    pub hub_name: String,
    pub producer_id: Uuid,
    pub producer_name: String,
    pub name: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub currency: Currency,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub starts_on: Date,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub ends_on: Date,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub signup_opens_at: Timestamp,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub signup_closes_at: Timestamp,
    pub round_days: u32,
    pub max_rounds: u32,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub budget: Money,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub reserve: Money,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub absence_rule: AbsenceRule,
    pub absence_cutoff_days: u32,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub shortfall_rule: ShortfallRule,
    pub instalments: Vec<Instalment>,
    pub share_kinds: Vec<ShareKind>,
    pub pickup_points: Vec<SeasonPickup>,
    pub consumer_groups: Vec<Uuid>,
    pub deliveries: Vec<Delivery>,
    pub rounds: Vec<rounds::Round>,
    /// Whether the season's shortfall has been settled under its rule.
    pub settled: bool,
}

impl Season {
    /// Whether sign-ups are taken at `now`.
    pub fn signing_up(&self, now: Timestamp) -> bool {
        now >= self.signup_opens_at && now < self.signup_closes_at
    }

    /// The round taking pledges at `now`, if any.
    pub fn open_round(&self, now: Timestamp) -> Option<&rounds::Round> {
        self.rounds.iter().find(|r| r.takes_pledges(now))
    }

    pub fn share_kind(&self, id: Uuid) -> Option<&ShareKind> {
        self.share_kinds.iter().find(|k| k.id == id)
    }
}

/// A share as recorded. `pledge` is the member's own: adapters show it to the member and to
/// nobody else.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Share {
    pub id: Uuid,
    pub season_id: Uuid,
    pub share_kind_id: Uuid,
    pub consumer_group_id: Uuid,
    pub person_id: Option<Uuid>,
    pub pickup_id: Uuid,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub status: ShareStatus,
    /// Place on the waiting list (1 = next), for a waiting share.
    pub waiting_position: Option<u64>,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub pledge: Option<Money>,
    /// Deliveries the member reported absent from (0-based).
    pub absences: Vec<u32>,
}

/// A sign-up as the store takes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SignUp {
    pub consumer_group_id: Uuid,
    pub person_id: Option<Uuid>,
    pub share_kind_id: Uuid,
    pub pickup_id: Uuid,
    /// Join the waiting list when the pickup point is full (else the sign-up is refused).
    pub waitlist: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn input() -> SeasonInput {
        SeasonInput {
            hub_id: Uuid::from_u128(1),
            producer_id: Uuid::from_u128(2),
            name: "Wet season rice 2027".into(),
            currency: None,
            starts_on: "2027-06-01".into(),
            ends_on: "2027-11-30".into(),
            delivery_dates: vec![],
            first_delivery: Some("2027-09-04".into()),
            every_days: Some(14),
            signup_opens_at: "2027-05-01T00:00:00Z".into(),
            signup_closes_at: "2027-05-31T00:00:00Z".into(),
            round_days: None,
            max_rounds: None,
            budget: "50000".into(),
            reserve: None,
            absence_rule: "move".into(),
            absence_cutoff_days: None,
            shortfall_rule: "members".into(),
            instalments: vec![],
            share_kinds: vec![ShareKindInput {
                name: "Family share".into(),
                product_id: Uuid::from_u128(3),
                units_per_delivery: 5,
                unit_price: "50".into(),
            }],
            pickup_points: vec![SeasonPickupInput {
                name: "Barangay hall".into(),
                organization_id: Uuid::from_u128(4),
                capacity: 20,
            }],
            consumer_groups: vec![Uuid::from_u128(4)],
        }
    }

    #[test]
    fn a_fortnightly_season_expands_to_its_dates() {
        let s = parse_season(&input(), Currency::PHP).unwrap();
        assert_eq!(s.deliveries.len(), 7); // 4 Sep … 27 Nov, every 14 days
        assert_eq!(s.deliveries[1], "2027-09-18".parse::<Date>().unwrap());
        assert_eq!(s.deliveries[6], "2027-11-27".parse::<Date>().unwrap());
        // One instalment of everything, due when the sign-up closes.
        assert_eq!(
            s.instalments,
            vec![Instalment {
                due_on: "2027-05-31".parse().unwrap(),
                basis_points: 10_000
            }]
        );
        // 5 kg × ₱50 × 7 deliveries.
        assert_eq!(s.share_kinds[0].nominal(7).unwrap().minor(), 175_000);
    }

    #[test]
    fn bad_seasons_name_every_field() {
        let mut i = input();
        i.every_days = None;
        i.delivery_dates = vec!["2027-13-01".into()];
        i.budget = "-5".into();
        i.absence_rule = "skip".into();
        i.instalments = vec![InstalmentInput {
            due_on: "2027-05-31".into(),
            percent: 60,
        }];
        i.pickup_points[0].capacity = 0;
        i.signup_closes_at = "2027-04-01T00:00:00Z".into();
        let e = parse_season(&i, Currency::PHP).unwrap_err();
        let fields: Vec<&str> = e.errors.iter().map(|f| f.field.as_str()).collect();
        for f in [
            "delivery_dates",
            "budget",
            "absence_rule",
            "instalments",
            "pickup_points[0].capacity",
            "signup_closes_at",
        ] {
            assert!(fields.contains(&f), "{f} missing from {fields:?}");
        }
    }

    #[test]
    fn the_sign_up_closes_before_the_first_delivery() {
        let mut i = input();
        // The first delivery is on 4 September; its absences close two days before.
        i.signup_closes_at = "2027-09-02T00:00:01Z".into();
        let e = parse_season(&i, Currency::PHP).unwrap_err();
        assert_eq!(e.errors[0].field, "signup_closes_at");
        i.signup_closes_at = "2027-09-02T00:00:00Z".into();
        assert!(parse_season(&i, Currency::PHP).is_ok());
        i.every_days = Some(10_000_000);
        let e = parse_season(&i, Currency::PHP).unwrap_err();
        assert_eq!(e.errors[0].field, "every_days");
    }

    #[test]
    fn the_absence_deadline() {
        let d = absence_deadline("2027-09-04".parse().unwrap(), 2);
        assert_eq!(d.to_string(), "2027-09-02T00:00:00Z");
    }
}

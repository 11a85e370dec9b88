//! The figures an organization enters for its impact accounts: jobs it declares, reference
//! market prices of its products, returnable packaging brought back. The API and the pages
//! send the same inputs here; the checks are made once.

use bayanihan_domain::access::{decide, Action, Decision, Subject};
use bayanihan_domain::text::Shape;
use bayanihan_domain::validate::Collector;
use bayanihan_domain::{Currency, Gender, Invalid, Money};
use bayanihan_store::trade::Product;
use bayanihan_store::Store;
use jiff::civil::Date;
use serde::Deserialize;
use uuid::Uuid;

use crate::access::{allow, require};
use crate::reports::hundredths;
use crate::AppResult;

/// A reference market price for a product.
#[derive(Debug, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ReferencePriceInput {
    /// The price of one unit, a decimal string in `currency` ("180.00").
    #[cfg_attr(feature = "openapi", schema(schema_with = bayanihan_domain::openapi::amount, required = true))]
    pub price: Option<String>,
    #[cfg_attr(feature = "openapi", schema(schema_with = bayanihan_domain::openapi::currency, required = true))]
    pub currency: Option<String>,
    /// The region it holds in (as organizations name regions); any region when left out.
    #[cfg_attr(feature = "openapi", schema(schema_with = bayanihan_domain::openapi::opt_line_200))]
    pub region: Option<String>,
    /// YYYY-MM-DD, both days included.
    #[cfg_attr(feature = "openapi", schema(schema_with = bayanihan_domain::openapi::date, required = true))]
    pub valid_from: Option<String>,
    #[cfg_attr(feature = "openapi", schema(schema_with = bayanihan_domain::openapi::date, required = true))]
    pub valid_to: Option<String>,
    /// Where the figure comes from ("provincial market survey, week 12").
    #[cfg_attr(feature = "openapi", schema(schema_with = bayanihan_domain::openapi::name_200, required = true))]
    pub source: Option<String>,
}

/// Jobs an organization declares for a span of time.
#[derive(Debug, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct JobsInput {
    /// Full-time equivalents, a decimal with at most two decimals ("3.5").
    #[cfg_attr(feature = "openapi", schema(schema_with = bayanihan_domain::openapi::fte, required = true))]
    pub fte: Option<String>,
    /// `woman`, `man`, `non_binary` or `prefer_not_to_say`; not said when left out.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<bayanihan_domain::Gender>))]
    pub gender: Option<String>,
    #[cfg_attr(feature = "openapi", schema(schema_with = bayanihan_domain::openapi::date, required = true))]
    pub valid_from: Option<String>,
    #[cfg_attr(feature = "openapi", schema(schema_with = bayanihan_domain::openapi::date, required = true))]
    pub valid_to: Option<String>,
}

/// Returnable packaging brought back.
#[derive(Debug, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ReturnInput {
    /// How many units' packaging came back.
    #[serde(default, deserialize_with = "bayanihan_domain::parse::whole::option")]
    #[cfg_attr(feature = "openapi", schema(value_type = u64, required = true, minimum = 1, maximum = 10000000))]
    pub units: Option<u64>,
}

/// The most units of packaging one return may record.
pub const MAX_RETURN_UNITS: u64 = 10_000_000;

/// A date span both given and in order, or the fields named.
fn span(c: &mut Collector, from: &Option<String>, to: &Option<String>) -> Option<(Date, Date)> {
    let f = c.optional_date("valid_from", from.as_deref());
    let t = c.optional_date("valid_to", to.as_deref());
    if from.is_none() {
        c.push("valid_from", "is required (YYYY-MM-DD)");
    }
    if to.is_none() {
        c.push("valid_to", "is required (YYYY-MM-DD)");
    }
    match (f, t) {
        (Some(f), Some(t)) if t < f => {
            c.push("valid_to", "must not be before valid_from");
            None
        }
        (Some(f), Some(t)) => Some((f, t)),
        _ => None,
    }
}

/// What the caller may enter for an organization's impact accounts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImpactRights {
    /// Declares jobs (its admins).
    pub jobs: bool,
    /// Records reference prices of its products (its catalogue managers).
    pub prices: bool,
}

/// The organization's products and what the caller may enter, for the impact-data page (its
/// members and the stewards of its networks).
pub async fn entry(
    store: &Store,
    caller: Option<&Subject>,
    org: Uuid,
) -> AppResult<(bayanihan_domain::Organization, Vec<Product>, ImpactRights)> {
    let subject = require(caller)?;
    let o = store.organization(org).await?;
    allow(caller, org, Action::ReadPrivate, "see its impact data")?;
    let rights = ImpactRights {
        jobs: decide(Some(subject), org, Action::Update) == Decision::Allowed,
        prices: decide(Some(subject), org, Action::ManageCatalog) == Decision::Allowed,
    };
    let products = if rights.prices {
        store.products_of(org).await?
    } else {
        Vec::new()
    };
    Ok((o, products, rights))
}

/// Declares the jobs (full-time equivalents, by gender) an organization employed over a span
/// of time (its admins).
pub async fn declare_jobs(
    store: &Store,
    caller: Option<&Subject>,
    org: Uuid,
    i: &JobsInput,
) -> AppResult<Uuid> {
    let subject = require(caller)?;
    store.organization(org).await?;
    allow(caller, org, Action::Update, "declare its jobs")?;
    let mut c = Collector::new();
    let fte = match i.fte.as_deref().map(hundredths) {
        Some(Ok(v)) if v > 0 => Some(v),
        Some(Ok(_)) => {
            c.push("fte", "must be more than zero");
            None
        }
        Some(Err(e)) => {
            c.push("fte", e);
            None
        }
        None => {
            c.push("fte", "is required, e.g. \"3.5\"");
            None
        }
    };
    let gender = i
        .gender
        .as_deref()
        .and_then(|g| c.take("gender", Gender::parse(g)));
    let dates = span(&mut c, &i.valid_from, &i.valid_to);
    c.finish()?;
    let (Some(fte), Some((from, to))) = (fte, dates) else {
        return Err(Invalid::field("", "incomplete input").into());
    };
    Ok(store
        .declare_jobs(org, from, to, gender, fte, Some(subject.person_id))
        .await?)
}

/// Records a reference market price for a product, per region and period, for the
/// price-premium indicator (the producer's catalogue managers). With `owner`, the product must
/// be that organization's (a page about one organization names its products only).
pub async fn add_reference_price(
    store: &Store,
    caller: Option<&Subject>,
    product: Uuid,
    owner: Option<Uuid>,
    i: &ReferencePriceInput,
) -> AppResult<Uuid> {
    require(caller)?;
    let p = store.product(product).await?;
    if owner.is_some_and(|o| o != p.organization_id) {
        return Err(crate::AppError::NotFound("product"));
    }
    allow(
        caller,
        p.organization_id,
        Action::ManageCatalog,
        "record reference prices for its products",
    )?;
    let mut c = Collector::new();
    let currency = match i.currency.as_deref() {
        Some(s) => c.take("currency", Currency::parse(s)),
        None => {
            c.push("currency", "is required, e.g. PHP");
            None
        }
    };
    let price = match (i.price.as_deref(), currency) {
        (Some(s), Some(cy)) => match Money::parse_plain(s, cy) {
            Ok(m) if m.minor() > 0 => Some(m),
            Ok(_) => {
                c.push("price", "must be more than zero");
                None
            }
            Err(e) => {
                c.push("price", e.reason());
                None
            }
        },
        (None, _) => {
            c.push("price", "is required, e.g. \"180.00\"");
            None
        }
        _ => None,
    };
    let dates = span(&mut c, &i.valid_from, &i.valid_to);
    let source = c.required_text("source", i.source.as_deref(), Shape::Line, 200);
    let region = c.optional_text("region", i.region.as_deref(), Shape::Line, 200);
    c.finish()?;
    let (Some(price), Some((from, to)), Some(source)) = (price, dates, source) else {
        return Err(Invalid::field("", "incomplete input").into());
    };
    Ok(store
        .add_reference_price(
            product,
            region.as_deref().filter(|r| !r.is_empty()),
            from,
            to,
            price.currency(),
            price.minor(),
            &source,
        )
        .await?)
}

/// Records returnable packaging brought back for an offer of a closed cycle (the hub's
/// coordinators). With `cycle`, the offer must be of that cycle.
pub async fn record_packaging_return(
    store: &Store,
    caller: Option<&Subject>,
    offer: Uuid,
    cycle: Option<Uuid>,
    i: &ReturnInput,
) -> AppResult<()> {
    let subject = require(caller)?;
    let o = store.offer(offer).await?;
    if cycle.is_some_and(|c| c != o.cycle_id) {
        return Err(crate::AppError::NotFound("offer"));
    }
    let hub = store.cycle(o.cycle_id).await?.hub_id;
    allow(caller, hub, Action::RunCycles, "record packaging returns")?;
    let units = match i.units {
        Some(u) if (1..=MAX_RETURN_UNITS).contains(&u) => u,
        _ => {
            return Err(Invalid::field("units", "must be a whole number from 1 to 10000000").into())
        }
    };
    Ok(store
        .record_packaging_return(offer, units, Some(subject.person_id))
        .await?)
}

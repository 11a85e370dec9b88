//! OpenAPI schemas for the domain's newtypes (only with the `openapi` feature), so the API
//! document describes exactly what the parsers accept.

use utoipa::openapi::schema::{ObjectBuilder, SchemaType, Type};
use utoipa::openapi::{RefOr, Schema};
use utoipa::{PartialSchema, ToSchema};

fn string(description: &str, example: &str, pattern: Option<&str>) -> RefOr<Schema> {
    let mut b = ObjectBuilder::new()
        .schema_type(SchemaType::new(Type::String))
        .description(Some(description))
        .examples([serde_json::Value::from(example)]);
    if let Some(p) = pattern {
        b = b.pattern(Some(p));
    }
    RefOr::T(Schema::Object(b.build()))
}

impl PartialSchema for crate::CountryCode {
    fn schema() -> RefOr<Schema> {
        string("ISO 3166-1 alpha-2 country code", "PH", Some("^[A-Z]{2}$"))
    }
}
impl ToSchema for crate::CountryCode {}

impl PartialSchema for crate::Currency {
    fn schema() -> RefOr<Schema> {
        string("ISO 4217 currency code", "PHP", Some("^[A-Z]{3}$"))
    }
}
impl ToSchema for crate::Currency {}

impl PartialSchema for crate::Email {
    fn schema() -> RefOr<Schema> {
        string("E-mail address (lower-cased)", "maria@example.org", None)
    }
}
impl ToSchema for crate::Email {}

/// A WGS 84 point: `lat` within -90..90, `lon` within -180..180.
#[derive(utoipa::ToSchema, serde::Deserialize)]
#[allow(dead_code)]
#[serde(deny_unknown_fields)]
pub struct LocationSchema {
    /// Latitude in decimal degrees, -90 to 90.
    #[schema(minimum = -90, maximum = 90)]
    pub lat: f64,
    /// Longitude in decimal degrees, -180 to 180.
    #[schema(minimum = -180, maximum = 180)]
    pub lon: f64,
}

impl PartialSchema for crate::Location {
    fn schema() -> RefOr<Schema> {
        LocationSchema::schema()
    }
}
impl ToSchema for crate::Location {
    fn name() -> std::borrow::Cow<'static, str> {
        "Location".into()
    }
}

// ----- Field schemas for inputs: the rules of the parsers, written where the document can
// ----- carry them (patterns, lengths, enums, formats, ranges), so a client that follows the
// ----- document is not refused and whatever it forbids is refused.

use crate::text::{self, Shape};
use utoipa::openapi::schema::{ArrayBuilder, Object};

fn types(nullable: bool, t: Type) -> SchemaType {
    if nullable {
        SchemaType::from_iter([t, Type::Null])
    } else {
        SchemaType::new(t)
    }
}

/// A typed text (see [`crate::text`]): refused characters, visibility and length.
pub fn text(shape: Shape, max: usize, required: bool, nullable: bool) -> Object {
    ObjectBuilder::new()
        .schema_type(types(nullable, Type::String))
        .pattern(Some(text::pattern(shape, required)))
        .max_length(Some(max))
        .build()
}

macro_rules! text_fields {
    ($($(#[$doc:meta])* $name:ident => $shape:expr, $max:expr, $required:expr, $nullable:expr;)+) => {
        $($(#[$doc])* pub fn $name() -> Object { text($shape, $max, $required, $nullable) })+
    };
}

text_fields! {
    /// A name: required, one line, up to 200 characters.
    name_200 => Shape::Line, 200, true, false;
    /// A name that may be left out but is never blank when given.
    opt_name_200 => Shape::Line, 200, true, true;
    /// An optional line (an empty one clears it).
    opt_line_200 => Shape::Line, 200, false, true;
    /// A unit of sale: required, one line, up to 60 characters.
    unit_60 => Shape::Line, 60, true, false;
    /// A token's name.
    name_100 => Shape::Line, 100, true, false;
    /// A description: optional, line breaks allowed, up to 2000 characters.
    opt_paragraph_2000 => Shape::Paragraph, 2000, false, true;
}

/// One of the given strings; a nullable one also lists `null` among its values, since JSON
/// Schema checks `enum` apart from `type` and a `null` missing from the list would be invalid.
fn strings(nullable: bool, values: impl IntoIterator<Item = String>) -> Object {
    let values = values
        .into_iter()
        .map(serde_json::Value::from)
        .chain(nullable.then_some(serde_json::Value::Null));
    ObjectBuilder::new()
        .schema_type(types(nullable, Type::String))
        .enum_values(Some(values))
        .build()
}

/// A website address, or empty for none.
pub fn opt_website() -> Object {
    ObjectBuilder::new()
        .schema_type(types(true, Type::String))
        .pattern(Some(crate::publication::PATTERN))
        .max_length(Some(500))
        .build()
}

/// An ISO 3166-1 alpha-2 code in use.
pub fn country() -> Object {
    strings(
        false,
        crate::CountryCode::all().map(|c| c.code().to_string()),
    )
}
pub fn opt_country() -> Object {
    strings(
        true,
        crate::CountryCode::all().map(|c| c.code().to_string()),
    )
}
/// An ISO 4217 code in use.
pub fn currency() -> Object {
    strings(false, crate::Currency::all().map(|c| c.code().to_string()))
}
pub fn opt_currency() -> Object {
    strings(true, crate::Currency::all().map(|c| c.code().to_string()))
}
fn zones() -> impl Iterator<Item = String> {
    let mut names: Vec<String> = jiff::tz::db().available().map(|n| n.to_string()).collect();
    names.sort();
    names.into_iter()
}
/// An IANA time zone of the bundled database.
pub fn time_zone() -> Object {
    strings(false, zones())
}
pub fn opt_time_zone() -> Object {
    strings(true, zones())
}

/// BCP 47 language tags of the common shape (`fil`, `ms-MY`, `zh-Hant-TW`).
pub fn opt_language_tags() -> utoipa::openapi::schema::Array {
    let tag = ObjectBuilder::new()
        .schema_type(SchemaType::new(Type::String))
        .pattern(Some(
            "^[A-Za-z]{2,3}(-[A-Za-z]{4})?(-([A-Za-z]{2}|[0-9]{3}))?$",
        ))
        .build();
    let mut a = ArrayBuilder::new().items(tag).build();
    a.schema_type = types(true, Type::Array);
    a
}

/// A decimal amount in plain digits (`1250.50`): no sign, no separators.
pub fn amount() -> Object {
    ObjectBuilder::new()
        .schema_type(SchemaType::new(Type::String))
        .pattern(Some("^[0-9]{1,15}(\\.[0-9]{1,4})?$"))
        .examples([serde_json::Value::from("200.00")])
        .build()
}
pub fn opt_amount() -> Object {
    let mut o = amount();
    o.schema_type = types(true, Type::String);
    o
}
/// What a person signs in with: an e-mail address, or a sign-in name (`ana.reyes`) for a
/// member without e-mail. The pattern is [`crate::person::Email::parse_sign_in`]'s rule.
pub fn sign_in() -> Object {
    ObjectBuilder::new()
        .schema_type(SchemaType::new(Type::String))
        .pattern(Some(SIGN_IN_PATTERN))
        .max_length(Some(254))
        .examples([serde_json::Value::from("ana@example.org")])
        .build()
}

/// A sign-in name, or `local@domain.tld` of visible characters (one `@`, a dot inside the
/// domain).
pub const SIGN_IN_PATTERN: &str =
    "^([A-Za-z0-9][A-Za-z0-9._-]{2,39}|[!-?A-~]+@[!-\\-/-?A-~]+(\\.[!-\\-/-?A-~]+)+)$";

/// A percentage in plain digits, at most 1000 with two decimals (`12.5`).
pub fn opt_percent() -> Object {
    ObjectBuilder::new()
        .schema_type(types(true, Type::String))
        .pattern(Some("^(1000(\\.0{1,2})?|[0-9]{1,3}(\\.[0-9]{1,2})?)$"))
        .examples([serde_json::Value::from("12.5")])
        .build()
}
/// A calendar date, `YYYY-MM-DD`.
pub fn date() -> Object {
    ObjectBuilder::new()
        .schema_type(SchemaType::new(Type::String))
        .format(Some(utoipa::openapi::SchemaFormat::KnownFormat(
            utoipa::openapi::KnownFormat::Date,
        )))
        .build()
}
pub fn opt_date() -> Object {
    let mut o = date();
    o.schema_type = types(true, Type::String);
    o
}
/// An instant with its offset (RFC 3339), e.g. `2026-03-01T08:00:00+08:00`.
pub fn date_time() -> Object {
    ObjectBuilder::new()
        .schema_type(SchemaType::new(Type::String))
        .format(Some(utoipa::openapi::SchemaFormat::KnownFormat(
            utoipa::openapi::KnownFormat::DateTime,
        )))
        .build()
}

/// A year of birth: from 1900 to the current year (as the document was made).
pub fn opt_birth_year() -> Object {
    let year = jiff::Zoned::now().year();
    ObjectBuilder::new()
        .schema_type(types(true, Type::Integer))
        .minimum(Some(1900))
        .maximum(Some(year))
        .build()
}

/// Full-time equivalents, up to two decimals (`1.5`).
pub fn fte() -> Object {
    ObjectBuilder::new()
        .schema_type(types(false, Type::String))
        .pattern(Some("^[0-9]{1,6}(\\.[0-9]{1,2})?$"))
        .examples([serde_json::Value::from("1.5")])
        .build()
}

/// A decimal amount of at least 1, in plain digits, at most two decimals (`2500.00`): pledges,
/// budgets, prices.
pub fn positive_amount() -> Object {
    ObjectBuilder::new()
        .schema_type(SchemaType::new(Type::String))
        .pattern(Some("^[1-9][0-9]{0,11}(\\.[0-9]{1,2})?$"))
        .examples([serde_json::Value::from("2500.00")])
        .build()
}
pub fn opt_positive_amount() -> Object {
    let mut o = positive_amount();
    o.schema_type = types(true, Type::String);
    o
}

/// A decimal amount of zero or more with at most two decimals (`50.00`): a credit limit.
pub fn amount_2dp() -> Object {
    ObjectBuilder::new()
        .schema_type(SchemaType::new(Type::String))
        .pattern(Some("^[0-9]{1,12}(\\.[0-9]{1,2})?$"))
        .examples([serde_json::Value::from("200.00")])
        .build()
}

/// A map filter: a concept id of `ids`, or empty for any.
fn any_or(ids: impl IntoIterator<Item = &'static str>) -> Object {
    strings(
        true,
        std::iter::once(String::new()).chain(ids.into_iter().map(String::from)),
    )
}
/// An organization kind, or empty for any.
pub fn map_kind() -> Object {
    any_or(crate::OrgKind::ALL.iter().map(|k| k.id()))
}
/// A qualifier, or empty for any.
pub fn map_qualifier() -> Object {
    any_or(crate::Qualifier::ALL.iter().map(|q| q.id()))
}
/// A value-chain role, or empty for any.
pub fn map_role() -> Object {
    any_or(crate::ValueChainRole::ALL.iter().map(|r| r.id()))
}

/// A season's absence rule.
pub fn absence_rule() -> Object {
    strings(
        false,
        crate::season::AbsenceRule::ALL
            .iter()
            .map(|r| r.id().to_string()),
    )
}

/// A season's shortfall rule.
pub fn shortfall_rule() -> Object {
    strings(
        false,
        crate::season::ShortfallRule::ALL
            .iter()
            .map(|r| r.id().to_string()),
    )
}

/// A wallet movement a coordinator records (charges are made by closing a cycle).
pub fn wallet_movement() -> Object {
    strings(
        false,
        crate::season::wallet::MovementKind::ALL
            .iter()
            .filter(|k| **k != crate::season::wallet::MovementKind::Charge)
            .map(|k| k.id().to_string()),
    )
}

/// How a payment was made.
pub fn payment_method() -> Object {
    strings(
        false,
        ["cash", "bank_transfer", "mobile_money"].map(String::from),
    )
}

/// The statuses a person sets on a network link (the others come from inviting and applying).
pub fn settable_link_status() -> Object {
    strings(false, ["active", "suspended", "ended"].map(String::from))
}

/// `json` or `csv`.
pub fn report_format() -> Object {
    strings(false, ["json", "csv"].map(String::from))
}

/// How packing lists are cut: `group` or `producer`.
pub fn packing_by() -> Object {
    strings(false, ["group", "producer", "household"].map(String::from))
}

/// An allocation policy id.
pub fn policy() -> Object {
    strings(
        false,
        crate::trade::allocation::Policy::ALL
            .iter()
            .map(|p| p.id().to_string()),
    )
}

// ----- Self-governance

text_fields! {
    /// A decision body's name: required, one line, up to 120 characters.
    name_120 => Shape::Line, 120, true, false;
    /// A decision's details: optional, line breaks allowed, up to 10,000 characters.
    opt_paragraph_10000 => Shape::Paragraph, 10_000, false, true;
    /// A witness of a meeting's ballot (needed with one, never blank).
    opt_name_120 => Shape::Line, 120, true, true;
}

fn ids<T: Copy + 'static>(
    all: &'static [T],
    id: fn(T) -> &'static str,
) -> impl Iterator<Item = String> {
    all.iter().map(move |x| id(*x).to_string())
}

/// A percentage from 0 to 100 with at most two decimals (`57.5`).
pub fn percent_100() -> Object {
    ObjectBuilder::new()
        .schema_type(SchemaType::new(Type::String))
        .pattern(Some("^(100(\\.0{1,2})?|[0-9]{1,2}(\\.[0-9]{1,2})?)$"))
        .examples([serde_json::Value::from("57.5")])
        .build()
}
pub fn opt_percent_100() -> Object {
    let mut o = percent_100();
    o.schema_type = types(true, Type::String);
    o
}

/// Who votes in a body.
pub fn electorate() -> Object {
    strings(
        false,
        ids(crate::governance::decision::Electorate::ALL, |e| e.id()),
    )
}
/// The role whose holders vote (an electorate of `role`).
pub fn opt_role() -> Object {
    strings(true, ids(crate::MembershipRole::ALL, |r| r.id()))
}
/// Chamber (a stakeholder category, or `all`) → its weight in percent.
pub fn opt_chambers() -> Object {
    ObjectBuilder::new()
        .schema_type(types(true, Type::Object))
        .property_names(Some(strings(
            false,
            std::iter::once(crate::governance::decision::ALL.to_string())
                .chain(ids(crate::person::StakeholderCategory::ALL, |s| s.id())),
        )))
        .additional_properties(Some(Schema::Object(percent_100())))
        .build()
}
/// A body's preset.
pub fn opt_preset() -> Object {
    strings(true, ids(crate::governance::Preset::ALL, |p| p.id()))
}
/// A decision's kind.
pub fn decision_kind() -> Object {
    strings(false, ids(crate::governance::DecisionKind::ALL, |k| k.id()))
}
/// A decision's threshold.
pub fn opt_threshold() -> Object {
    strings(true, ids(crate::governance::Threshold::ALL, |t| t.id()))
}
pub fn opt_date_time() -> Object {
    let mut o = date_time();
    o.schema_type = types(true, Type::String);
    o
}
/// Where a patronage refund goes.
pub fn refund_to() -> Object {
    strings(
        false,
        ids(crate::governance::decision::RefundTo::ALL, |r| r.id()),
    )
}
/// How a ballot is given by whoever sends it: online (leave out), or recorded from a meeting.
pub fn opt_ballot_mode() -> Object {
    strings(true, ["online", "paper", "assisted"].map(String::from))
}
/// A decision's options (2 to 100, each a name).
pub fn opt_options() -> utoipa::openapi::schema::Array {
    ArrayBuilder::new()
        .schema_type(types(true, Type::Array))
        .items(name_200())
        .max_items(Some(crate::governance::MAX_OPTIONS))
        .build()
}
/// A ranking: options, most wanted first.
pub fn opt_ranking() -> utoipa::openapi::schema::Array {
    ArrayBuilder::new()
        .schema_type(types(true, Type::Array))
        .items(name_200())
        .max_items(Some(crate::governance::MAX_OPTIONS))
        .build()
}
/// What a voter chooses: one option, several, or option → points.
pub fn opt_choice() -> Schema {
    use utoipa::openapi::schema::OneOfBuilder;
    Schema::OneOf(
        OneOfBuilder::new()
            .item(name_200())
            .item(
                ArrayBuilder::new()
                    .items(name_200())
                    .max_items(Some(crate::governance::MAX_OPTIONS)),
            )
            .item(
                ObjectBuilder::new()
                    .schema_type(SchemaType::new(Type::Object))
                    .additional_properties(Some(
                        ObjectBuilder::new()
                            .schema_type(SchemaType::new(Type::Integer))
                            .minimum(Some(0))
                            .maximum(Some(crate::governance::MAX_DOTS)),
                    )),
            )
            .item(ObjectBuilder::new().schema_type(SchemaType::new(Type::Null)))
            .build(),
    )
}

// ----- Solidarity finance II.

/// A yearly interest rate in percent, 0 to 100 with at most four decimals (`24`, `18.5`).
pub fn rate_percent() -> Object {
    ObjectBuilder::new()
        .schema_type(SchemaType::new(Type::String))
        .pattern(Some("^(100(\\.0{1,4})?|[0-9]{1,2}(\\.[0-9]{1,4})?)$"))
        .examples([serde_json::Value::from("24")])
        .build()
}
/// How a loan's interest is charged.
pub fn opt_loan_method() -> Object {
    strings(true, ids(crate::finance::loan::Method::ALL, |m| m.id()))
}
/// Which savings a self-help group's members may withdraw.
pub fn opt_withdrawal_rule() -> Object {
    strings(
        true,
        ids(crate::finance::book::WithdrawalRule::ALL, |r| r.id()),
    )
}

//! Organizations: the actors of the network, and their membership in networks.

use serde::{Deserialize, Serialize};

use crate::country::CountryCode;
use crate::currency::Currency;
use crate::geo::{Latitude, Location, LocationInput, Longitude};
use crate::parse::ParseError;
use crate::text::Shape;
use crate::validate::{Collector, Invalid};
use crate::vocab::{vocabulary, Qualifier};

vocabulary!(
    /// What kind of SSE actor an organization is.
    OrgKind, "organization kind", {
        ProducerCooperative => "producer_cooperative", "Producer cooperative";
        WorkerCooperative => "worker_cooperative", "Worker cooperative";
        ConsumerCooperative => "consumer_cooperative", "Consumer cooperative";
        MultiStakeholderCooperative => "multi_stakeholder_cooperative", "Multi-stakeholder cooperative";
        CreditCooperative => "credit_cooperative", "Credit cooperative";
        SelfHelpGroup => "self_help_group", "Self-help group";
        SocialEnterprise => "social_enterprise", "Social enterprise";
        Association => "association", "Association or NGO";
        Network => "network", "Network";
        LocalGovernmentUnit => "local_government_unit", "Local government unit";
        PrivateCompany => "private_company", "Private company";
        AcademicInstitution => "academic_institution", "Academic institution";
    }
);

vocabulary!(
    /// The part an organization plays in value chains; an organization may play several.
    ValueChainRole, "value-chain role", {
        Producer => "producer", "Producer";
        Processor => "processor", "Processor";
        Hub => "hub", "Hub";
        ConsumerGroup => "consumer_group", "Consumer group";
        Financier => "financier", "Financier";
        Supporter => "supporter", "Supporter";
    }
);

vocabulary!(
    /// The state of an organization's membership in a network. Only `active` links grant
    /// anything: `invited` and `applied` wait for the other side's consent.
    NetworkMembershipStatus, "network membership status", {
        Invited => "invited", "Invited";
        Applied => "applied", "Applied";
        Active => "active", "Active";
        Suspended => "suspended", "Suspended";
        Ended => "ended", "Ended";
    }
);

const MAX_NAME: usize = 200;
const MAX_TEXT: usize = 2000;

/// An organization as it arrives from a form or the API, before any check.
///
/// Every field is optional and loosely typed on purpose: parsing into an
/// [`OrganizationDraft`] then reports *all* problems, each with its field.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct OrganizationInput {
    /// Display name, 1–200 characters.
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::opt_name_200))]
    pub name: Option<String>,
    /// One of the organization kinds, e.g. `producer_cooperative`, `network`.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<OrgKind>))]
    pub kind: Option<String>,
    /// Value-chain roles, e.g. `["producer", "processor"]`.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Vec<ValueChainRole>>))]
    pub roles: Option<Vec<String>>,
    /// Legal form as registered, e.g. "Cooperative (CDA-registered)".
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::opt_line_200))]
    pub legal_form: Option<String>,
    /// ISO 3166-1 alpha-2 country code, e.g. `PH`.
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::opt_country))]
    pub country: Option<String>,
    /// Region, province or state.
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::opt_line_200))]
    pub region: Option<String>,
    /// WGS 84 location.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<crate::openapi::LocationSchema>))]
    pub location: Option<LocationInput>,
    /// Default ISO 4217 currency, e.g. `PHP`.
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::opt_currency))]
    pub currency: Option<String>,
    /// IANA time zone, e.g. `Asia/Manila`.
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::opt_time_zone))]
    pub time_zone: Option<String>,
    /// Languages spoken, as BCP 47 tags, e.g. `["fil", "en"]`.
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::opt_language_tags))]
    pub languages: Option<Vec<String>>,
    /// Qualifier concept ids, e.g. `["organic", "gender-equity"]`.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Vec<crate::Qualifier>>))]
    pub qualifiers: Option<Vec<String>>,
    /// A short description of what the organization does.
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::opt_paragraph_2000))]
    pub description: Option<String>,
    /// How to pay the organization (bank, mobile money, the reference to quote), printed on
    /// the invoices and statements it is owed money by.
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::opt_paragraph_2000))]
    pub payment_instructions: Option<String>,
}

/// An organization's fields, all checked.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OrganizationDraft {
    pub name: String,
    pub kind: OrgKind,
    pub roles: Vec<ValueChainRole>,
    pub legal_form: Option<String>,
    pub country: CountryCode,
    pub region: Option<String>,
    pub location: Option<Location>,
    pub currency: Currency,
    pub time_zone: String,
    pub languages: Vec<String>,
    pub qualifiers: Vec<Qualifier>,
    pub description: Option<String>,
    pub payment_instructions: Option<String>,
}

/// A partial update: the fields given replace the current ones; an empty string clears an
/// optional text field.
pub type OrganizationPatch = OrganizationInput;

fn required<'a>(c: &mut Collector, field: &str, v: &'a Option<String>) -> Option<&'a str> {
    match v.as_deref().map(str::trim) {
        Some(s) if !s.is_empty() => Some(s),
        _ => {
            c.push(field, "is required and may not be empty");
            None
        }
    }
}

fn optional_text(c: &mut Collector, field: &str, v: &Option<String>, max: usize) -> Option<String> {
    let shape = if field == "description" || field == "payment_instructions" {
        Shape::Paragraph
    } else {
        Shape::Line
    };
    c.optional_text(field, v.as_deref(), shape, max)
}

fn list<T: Ord>(
    c: &mut Collector,
    field: &str,
    items: &Option<Vec<String>>,
    parse: impl Fn(&str) -> Result<T, ParseError>,
) -> Vec<T> {
    let mut out = Vec::new();
    for (i, item) in items.iter().flatten().enumerate() {
        if let Some(v) = c.take(&format!("{field}[{i}]"), parse(item)) {
            out.push(v);
        }
    }
    out.sort();
    out.dedup();
    out
}

/// Checks an IANA time-zone name against the bundled time-zone database.
pub fn parse_time_zone(s: &str) -> Result<String, ParseError> {
    let s = s.trim();
    match jiff::tz::TimeZone::get(s) {
        Ok(_) if !s.is_empty() => Ok(s.to_string()),
        _ => Err(ParseError::new(format!(
            "\"{s}\" is not an IANA time zone such as Asia/Manila"
        ))),
    }
}

/// Checks a BCP 47 language tag of the common shape: a 2–3 letter language, optionally a
/// 4-letter script and a 2-letter or 3-digit region (`fil`, `ms-MY`, `zh-Hant-TW`).
pub fn parse_language_tag(s: &str) -> Result<String, ParseError> {
    let s = s.trim();
    let bad = || {
        ParseError::new(format!(
            "\"{s}\" is not a language tag such as en, fil or ms-MY"
        ))
    };
    let mut parts = s.split('-');
    let lang = parts.next().ok_or_else(bad)?;
    if !(2..=3).contains(&lang.len()) || !lang.chars().all(|c| c.is_ascii_alphabetic()) {
        return Err(bad());
    }
    let mut out = lang.to_ascii_lowercase();
    // At most a script, then at most a region, in that order.
    let mut seen_script = false;
    let mut seen_region = false;
    for p in parts {
        let script = p.len() == 4 && p.chars().all(|c| c.is_ascii_alphabetic());
        let region = (p.len() == 2 && p.chars().all(|c| c.is_ascii_alphabetic()))
            || (p.len() == 3 && p.chars().all(|c| c.is_ascii_digit()));
        let ok = (script && !seen_script && !seen_region) || (region && !seen_region);
        if !ok {
            return Err(bad());
        }
        seen_script |= script;
        seen_region |= region;
        out.push('-');
        out.push_str(&match p.len() {
            4 => {
                let mut cs = p.chars();
                let first = cs
                    .next()
                    .map(|c| c.to_ascii_uppercase())
                    .unwrap_or_default();
                std::iter::once(first)
                    .chain(cs.map(|c| c.to_ascii_lowercase()))
                    .collect()
            }
            _ => p.to_ascii_uppercase(),
        });
    }
    Ok(out)
}

impl OrganizationDraft {
    /// Parses a whole input, reporting every field that is wrong.
    pub fn parse(input: &OrganizationInput) -> Result<Self, Invalid> {
        let mut c = Collector::new();
        let name = c.required_text("name", input.name.as_deref(), Shape::Line, MAX_NAME);
        let kind =
            required(&mut c, "kind", &input.kind).and_then(|s| c.take("kind", OrgKind::parse(s)));
        let roles = list(&mut c, "roles", &input.roles, ValueChainRole::parse);
        let legal_form = optional_text(&mut c, "legal_form", &input.legal_form, MAX_NAME);
        let country = required(&mut c, "country", &input.country)
            .and_then(|s| c.take("country", CountryCode::parse(s)));
        let region = optional_text(&mut c, "region", &input.region, MAX_NAME);
        let location = input.location.and_then(|l| {
            let lat = c.take("location.lat", Latitude::parse(l.lat));
            let lon = c.take("location.lon", Longitude::parse(l.lon));
            Some(Location {
                lat: lat?,
                lon: lon?,
            })
        });
        let currency = required(&mut c, "currency", &input.currency)
            .and_then(|s| c.take("currency", Currency::parse(s)));
        let time_zone = required(&mut c, "time_zone", &input.time_zone)
            .and_then(|s| c.take("time_zone", parse_time_zone(s)));
        // Languages keep their order: the first is the one preferred.
        let mut languages: Vec<String> = Vec::new();
        for (i, l) in input.languages.iter().flatten().enumerate() {
            if let Some(tag) = c.take(&format!("languages[{i}]"), parse_language_tag(l)) {
                if !languages.contains(&tag) {
                    languages.push(tag);
                }
            }
        }
        let qualifiers = list(&mut c, "qualifiers", &input.qualifiers, Qualifier::parse);
        let description = optional_text(&mut c, "description", &input.description, MAX_TEXT);
        let payment_instructions = optional_text(
            &mut c,
            "payment_instructions",
            &input.payment_instructions,
            MAX_TEXT,
        );
        c.finish()?;
        // Every required field was recorded as an error above when missing, so finish() has
        // returned already unless all of them are present.
        match (name, kind, country, currency, time_zone) {
            (Some(name), Some(kind), Some(country), Some(currency), Some(time_zone)) => Ok(Self {
                name,
                kind,
                roles,
                legal_form,
                country,
                region,
                location,
                currency,
                time_zone,
                languages,
                qualifiers,
                description,
                payment_instructions,
            }),
            _ => Err(Invalid::field("", "incomplete input")),
        }
    }

    /// The input that would parse back into this draft.
    pub fn to_input(&self) -> OrganizationInput {
        OrganizationInput {
            name: Some(self.name.clone()),
            kind: Some(self.kind.id().to_string()),
            roles: Some(self.roles.iter().map(|r| r.id().to_string()).collect()),
            legal_form: self.legal_form.clone(),
            country: Some(self.country.code().to_string()),
            region: self.region.clone(),
            location: self.location.map(|l| LocationInput {
                lat: l.lat.degrees(),
                lon: l.lon.degrees(),
            }),
            currency: Some(self.currency.code().to_string()),
            time_zone: Some(self.time_zone.clone()),
            languages: Some(self.languages.clone()),
            qualifiers: Some(self.qualifiers.iter().map(|q| q.id().to_string()).collect()),
            description: self.description.clone(),
            payment_instructions: self.payment_instructions.clone(),
        }
    }

    /// Applies a partial update and checks the result as a whole.
    pub fn apply_patch(&self, patch: &OrganizationPatch) -> Result<Self, Invalid> {
        let mut input = self.to_input();
        macro_rules! overlay {
            ($($f:ident),*) => { $(if patch.$f.is_some() { input.$f = patch.$f.clone(); })* };
        }
        overlay!(
            name,
            kind,
            roles,
            legal_form,
            country,
            region,
            location,
            currency,
            time_zone,
            languages,
            qualifiers,
            description,
            payment_instructions
        );
        Self::parse(&input)
    }

    pub fn is_network(&self) -> bool {
        self.kind == OrgKind::Network
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn valid() -> OrganizationInput {
        OrganizationInput {
            name: Some("  Kapatiran Rice Farmers Cooperative ".into()),
            kind: Some("producer_cooperative".into()),
            roles: Some(vec![
                "producer".into(),
                "processor".into(),
                "producer".into(),
            ]),
            country: Some("ph".into()),
            location: Some(LocationInput {
                lat: 15.5,
                lon: 120.9,
            }),
            currency: Some("PHP".into()),
            time_zone: Some("Asia/Manila".into()),
            languages: Some(vec!["fil".into(), "en".into()]),
            qualifiers: Some(vec!["organic".into()]),
            ..Default::default()
        }
    }

    #[test]
    fn valid_input_parses_and_normalises() {
        let d = OrganizationDraft::parse(&valid()).unwrap();
        assert_eq!(d.name, "Kapatiran Rice Farmers Cooperative");
        assert_eq!(d.country.code(), "PH");
        assert_eq!(
            d.roles,
            vec![ValueChainRole::Producer, ValueChainRole::Processor]
        );
        assert_eq!(d.qualifiers, vec![Qualifier::Organic]);
        assert_eq!(OrganizationDraft::parse(&d.to_input()).unwrap(), d);
    }

    #[test]
    fn every_bad_field_is_reported_with_its_path() {
        let mut i = valid();
        i.name = Some("   ".into());
        i.country = Some("XX".into());
        i.location = Some(LocationInput {
            lat: 200.0,
            lon: 10.0,
        });
        i.currency = Some("ABC".into());
        i.time_zone = Some("Mars/Olympus".into());
        i.qualifiers = Some(vec!["organic".into(), "shiny".into()]);
        let e = OrganizationDraft::parse(&i).unwrap_err();
        let fields: Vec<&str> = e.errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "name",
                "country",
                "location.lat",
                "currency",
                "time_zone",
                "qualifiers[1]"
            ]
        );
        assert!(e.errors[1].reason.contains("\"XX\""));
        assert!(e.errors[2].reason.contains("between -90 and 90"));
    }

    #[test]
    fn missing_required_fields_are_named() {
        let e = OrganizationDraft::parse(&OrganizationInput::default()).unwrap_err();
        let fields: Vec<&str> = e.errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["name", "kind", "country", "currency", "time_zone"]);
    }

    #[test]
    fn patch_overlays_and_revalidates() {
        let d = OrganizationDraft::parse(&valid()).unwrap();
        let p = OrganizationPatch {
            region: Some("Nueva Ecija".into()),
            ..Default::default()
        };
        let d2 = d.apply_patch(&p).unwrap();
        assert_eq!(d2.region.as_deref(), Some("Nueva Ecija"));
        assert_eq!(d2.name, d.name);
        let clear = OrganizationPatch {
            region: Some(String::new()),
            ..Default::default()
        };
        assert_eq!(d2.apply_patch(&clear).unwrap().region, None);
        let bad = OrganizationPatch {
            country: Some("XX".into()),
            ..Default::default()
        };
        assert_eq!(d.apply_patch(&bad).unwrap_err().errors[0].field, "country");
    }

    #[test]
    fn language_tags() {
        assert_eq!(parse_language_tag("ms-my").unwrap(), "ms-MY");
        assert_eq!(parse_language_tag("zh-hant-tw").unwrap(), "zh-Hant-TW");
        assert_eq!(parse_language_tag("fil").unwrap(), "fil");
        assert!(parse_language_tag("english").is_err());
        // A script, then a region, each at most once.
        assert!(parse_language_tag("en-US-Latn").is_err());
        assert!(parse_language_tag("aa-Aaaa-Aaaa").is_err());
        assert!(parse_language_tag("en-US-GB").is_err());
        assert!(parse_language_tag("").is_err());
    }

    use proptest::prelude::*;

    proptest! {
        /// Parsing is idempotent: a draft turned back into input parses to the same draft,
        /// whatever mix of valid and invalid values the input held.
        #[test]
        fn drafts_round_trip(
            name in "[ A-Za-z]{0,30}",
            kind in proptest::sample::select(vec!["producer_cooperative", "network", "nonsense", ""]),
            country in proptest::sample::select(vec!["PH", "id", "XX", "JP", ""]),
            lat in -100.0f64..100.0, lon in -200.0f64..200.0,
            quals in proptest::collection::vec(proptest::sample::select(vec!["organic", "local", "bad"]), 0..4),
        ) {
            let input = OrganizationInput {
                name: Some(name), kind: Some(kind.into()), country: Some(country.into()),
                location: Some(LocationInput { lat, lon }),
                currency: Some("PHP".into()), time_zone: Some("Asia/Manila".into()),
                qualifiers: Some(quals.into_iter().map(String::from).collect()),
                ..Default::default()
            };
            match OrganizationDraft::parse(&input) {
                Ok(d) => prop_assert_eq!(OrganizationDraft::parse(&d.to_input()).unwrap(), d),
                Err(e) => prop_assert!(!e.errors.is_empty() && e.errors.iter().all(|f| !f.reason.is_empty())),
            }
        }
    }
}

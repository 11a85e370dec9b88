//! People, their memberships in organizations, and their opt-in demographics.

use serde::{Deserialize, Serialize};

use crate::parse::ParseError;
use crate::validate::{Collector, Invalid};
use crate::vocab::vocabulary;

/// An e-mail address, trimmed and lower-cased so that one person has one account.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct Email(String);

impl Email {
    /// Accepts `local@domain.tld` shapes; deliverability is not checked here.
    pub fn parse(s: &str) -> Result<Self, ParseError> {
        let s = s.trim().to_lowercase();
        let bad = |why: &str| {
            Err(ParseError::new(format!(
                "\"{s}\" is not an e-mail address: {why}"
            )))
        };
        if s.len() > 254 {
            return bad("it is longer than 254 characters");
        }
        let Some((local, domain)) = s.split_once('@') else {
            return bad("it has no @");
        };
        if local.is_empty() || domain.contains('@') {
            return bad("it needs exactly one @ with a name before it");
        }
        if !domain.contains('.') || domain.starts_with('.') || domain.ends_with('.') {
            return bad("the part after @ must be a domain such as example.org");
        }
        if s.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return bad("it contains spaces");
        }
        Ok(Email(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// What a person signs in with: an e-mail address, or, for a member without e-mail, a
    /// sign-in name (3–40 of `a-z 0-9 . _ -`, starting with a letter or digit) kept as an
    /// address under [`NO_EMAIL_DOMAIN`], so that one unique column holds both.
    pub fn parse_sign_in(s: &str) -> Result<Self, ParseError> {
        if s.contains('@') {
            return Self::parse(s);
        }
        let name = s.trim().to_lowercase();
        let ok = (3..=40).contains(&name.chars().count())
            && name.starts_with(|c: char| c.is_ascii_alphanumeric())
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
        if !ok {
            return Err(ParseError::new(format!(
                "\"{name}\" is neither an e-mail address nor a sign-in name (3 to 40 letters, digits, dots, dashes or underscores, such as ana.reyes)"
            )));
        }
        Ok(Email(format!("{name}@{NO_EMAIL_DOMAIN}")))
    }

    /// Whether mail can reach this address (a sign-in name's cannot).
    pub fn is_deliverable(&self) -> bool {
        !self.0.ends_with(&format!("@{NO_EMAIL_DOMAIN}"))
    }

    /// What the person types to sign in: the address, or the bare sign-in name.
    pub fn shown(&self) -> &str {
        self.0
            .strip_suffix(&format!("@{NO_EMAIL_DOMAIN}"))
            .unwrap_or(&self.0)
    }
}

/// The domain of the sign-in names of members without e-mail. `.invalid` is reserved (RFC
/// 2606): no mail is ever delivered there.
pub const NO_EMAIL_DOMAIN: &str = "no-email.invalid";

/// A one-time access code: an invitation or a password reset, given as a link or printed on
/// paper. Sixteen characters of Crockford's base 32 (80 bits), shown in groups of four;
/// reading it back forgives case, spaces, dashes and the look-alikes O/0 and I/L/1.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessCode(String);

impl AccessCode {
    /// The alphabet: digits and letters without I, L, O and U.
    pub const ALPHABET: &'static [u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    pub const LEN: usize = 16;

    /// The code made from 16 random values (each taken modulo 32).
    pub fn from_random(values: [u8; 16]) -> Self {
        AccessCode(
            values
                .iter()
                .map(|v| Self::ALPHABET[usize::from(*v % 32)] as char)
                .collect(),
        )
    }

    /// Reads a typed or linked code.
    pub fn parse(s: &str) -> Result<Self, ParseError> {
        let mut out = String::with_capacity(Self::LEN);
        for c in s.chars() {
            let c = match c.to_ascii_uppercase() {
                ' ' | '-' | '\t' => continue,
                'O' => '0',
                'I' | 'L' => '1',
                c => c,
            };
            if !Self::ALPHABET.contains(&(c as u8)) || !c.is_ascii() {
                return Err(ParseError::new(
                    "this is not an access code: it has letters or signs a code never has",
                ));
            }
            out.push(c);
        }
        if out.len() != Self::LEN {
            return Err(ParseError::new(format!(
                "an access code has {} letters and digits; this has {}",
                Self::LEN,
                out.len()
            )));
        }
        Ok(AccessCode(out))
    }

    /// The code as kept in links: 16 characters.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The code for reading aloud or printing: `K7QF-92MX-4TZP-8H3D`.
    pub fn grouped(&self) -> String {
        self.0
            .as_bytes()
            .chunks(4)
            .map(|c| std::str::from_utf8(c).unwrap_or(""))
            .collect::<Vec<_>>()
            .join("-")
    }
}

impl std::fmt::Display for Email {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A person's display name: 1–200 characters after trimming.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct PersonName(String);

impl PersonName {
    pub fn parse(s: &str) -> Result<Self, ParseError> {
        let s = crate::text::check(s, crate::text::Shape::Line, 200)?;
        if s.is_empty() {
            return Err(ParseError::new("is required and may not be empty"));
        }
        Ok(PersonName(s))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Minimum password length. Long passphrases beat complexity rules, and complexity rules are
/// hostile to people typing on feature phones.
pub const MIN_PASSWORD_CHARS: usize = 10;

/// Checks a new password's length; returns it unchanged.
pub fn check_new_password(p: &str) -> Result<&str, ParseError> {
    let n = p.chars().count();
    if n < MIN_PASSWORD_CHARS {
        return Err(ParseError::new(format!(
            "must be at least {MIN_PASSWORD_CHARS} characters long"
        )));
    }
    if n > 1024 {
        return Err(ParseError::new("may be at most 1024 characters long"));
    }
    Ok(p)
}

vocabulary!(
    /// A role a person holds in an organization. A membership may hold several.
    MembershipRole, "membership role", {
        Member => "member", "Member";
        Coordinator => "coordinator", "Coordinator";
        Treasurer => "treasurer", "Treasurer";
        Admin => "admin", "Administrator";
    }
);

vocabulary!(
    /// Which stake a member holds in a (multi-stakeholder) organization — a chamber of its
    /// bodies. A public body (a local government that joined, as French SCICs allow) is the
    /// fifth.
    StakeholderCategory, "stakeholder category", {
        Producer => "producer", "Producer";
        Consumer => "consumer", "Consumer";
        Worker => "worker", "Worker";
        Supporter => "supporter", "Supporter";
        PublicBody => "public_body", "Public body";
    }
);

vocabulary!(
    /// Gender as the person states it.
    Gender, "gender", {
        Woman => "woman", "Woman";
        Man => "man", "Man";
        NonBinary => "non_binary", "Non-binary";
        PreferNotToSay => "prefer_not_to_say", "Prefer not to say";
    }
);

/// Demographics a person chose to share. Every field is optional; the record as a whole exists
/// only when the person opted in, and is only ever published aggregated.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Demographics {
    pub gender: Option<Gender>,
    pub birth_year: Option<i32>,
    pub disability: Option<bool>,
    /// Works in the informal sector (no formal contract or registration).
    pub informal_sector: Option<bool>,
    /// Is, or has in the household, an overseas worker.
    pub overseas_worker: Option<bool>,
}

/// Demographics as they arrive, before checks.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct DemographicsInput {
    /// `woman`, `man`, `non_binary` or `prefer_not_to_say`.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Gender>))]
    pub gender: Option<String>,
    #[serde(default, deserialize_with = "crate::parse::whole::option")]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::opt_birth_year))]
    pub birth_year: Option<i64>,
    pub disability: Option<bool>,
    pub informal_sector: Option<bool>,
    pub overseas_worker: Option<bool>,
}

impl Demographics {
    /// Parses the input; `current_year` bounds the birth year (passed in, so this stays pure).
    pub fn parse(input: &DemographicsInput, current_year: i32) -> Result<Self, Invalid> {
        let mut c = Collector::new();
        let gender = input
            .gender
            .as_deref()
            .and_then(|g| c.take("gender", Gender::parse(g)));
        let birth_year = input.birth_year.and_then(|y| {
            if (1900..=i64::from(current_year)).contains(&y) {
                Some(y as i32)
            } else {
                c.push(
                    "birth_year",
                    format!("must be between 1900 and {current_year}"),
                );
                None
            }
        });
        c.finish()?;
        Ok(Demographics {
            gender,
            birth_year,
            disability: input.disability,
            informal_sector: input.informal_sector,
            overseas_worker: input.overseas_worker,
        })
    }
}

/// Parses a list of role ids into a sorted set; a membership must hold at least one role.
pub fn parse_roles(field: &str, roles: &[String]) -> Result<Vec<MembershipRole>, Invalid> {
    let mut c = Collector::new();
    let mut out = Vec::new();
    for (i, r) in roles.iter().enumerate() {
        if let Some(r) = c.take(&format!("{field}[{i}]"), MembershipRole::parse(r)) {
            out.push(r);
        }
    }
    if roles.is_empty() {
        c.push(field, "needs at least one role, e.g. [\"member\"]");
    }
    c.finish()?;
    out.sort();
    out.dedup();
    Ok(out)
}

/// Stored form of a role set: ids joined by commas, in catalogue order.
pub fn roles_to_string(roles: &[MembershipRole]) -> String {
    roles.iter().map(|r| r.id()).collect::<Vec<_>>().join(",")
}

/// Reads the stored form back; unknown ids (from a newer version) are skipped, not fatal.
pub fn roles_from_str(s: &str) -> Vec<MembershipRole> {
    s.split(',')
        .filter_map(|r| MembershipRole::parse(r).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_normalised_and_checked() {
        assert_eq!(
            Email::parse(" Maria@Example.ORG ").unwrap().as_str(),
            "maria@example.org"
        );
        for bad in [
            "",
            "maria",
            "@example.org",
            "maria@example",
            "a@b@c.org",
            "ma ria@x.org",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad} accepted");
        }
    }

    #[test]
    fn demographics_bounds() {
        let ok = DemographicsInput {
            gender: Some("woman".into()),
            birth_year: Some(1990),
            ..Default::default()
        };
        let d = Demographics::parse(&ok, 2026).unwrap();
        assert_eq!(d.gender, Some(Gender::Woman));
        let bad = DemographicsInput {
            gender: Some("x".into()),
            birth_year: Some(2030),
            ..Default::default()
        };
        let e = Demographics::parse(&bad, 2026).unwrap_err();
        let f: Vec<_> = e.errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(f, ["gender", "birth_year"]);
    }

    #[test]
    fn roles_round_trip() {
        let r = parse_roles("roles", &["admin".into(), "member".into(), "admin".into()]).unwrap();
        assert_eq!(r, vec![MembershipRole::Member, MembershipRole::Admin]);
        assert_eq!(roles_from_str(&roles_to_string(&r)), r);
        assert_eq!(
            parse_roles("roles", &[]).unwrap_err().errors[0].field,
            "roles"
        );
        assert_eq!(
            parse_roles("roles", &["boss".into()]).unwrap_err().errors[0].field,
            "roles[0]"
        );
    }

    #[test]
    fn passwords_need_length() {
        assert!(check_new_password("short").is_err());
        assert!(check_new_password("a long passphrase").is_ok());
    }

    #[test]
    fn members_without_e_mail_sign_in_with_a_name() {
        let e = Email::parse_sign_in(" Ana.Reyes ").unwrap();
        assert_eq!(e.as_str(), "ana.reyes@no-email.invalid");
        assert!(!e.is_deliverable());
        assert_eq!(e.shown(), "ana.reyes");
        let real = Email::parse_sign_in("ana@example.org").unwrap();
        assert!(real.is_deliverable());
        assert_eq!(real.shown(), "ana@example.org");
        for bad in ["ab", "-ana", "ana reyes", "ana/reyes", "ānā", ""] {
            assert!(Email::parse_sign_in(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn access_codes_read_back_as_people_type_them() {
        let c =
            AccessCode::from_random([0, 1, 2, 3, 31, 30, 29, 28, 10, 11, 12, 13, 64, 65, 66, 67]);
        assert_eq!(c.as_str(), "0123ZYXWABCD0123");
        assert_eq!(c.grouped(), "0123-ZYXW-ABCD-0123");
        assert_eq!(AccessCode::parse("o123-zyxw abcd-oi23").unwrap(), c);
        assert_eq!(AccessCode::parse(&c.grouped()).unwrap(), c);
        assert!(AccessCode::parse("0123").is_err());
        assert!(
            AccessCode::parse("0123ZYXWABCD012U").is_err(),
            "U is never in a code"
        );
    }

    proptest::proptest! {
        /// Every code made reads back as itself, grouped or not.
        #[test]
        fn codes_round_trip(values in proptest::array::uniform16(proptest::num::u8::ANY)) {
            let c = AccessCode::from_random(values);
            proptest::prop_assert_eq!(AccessCode::parse(c.as_str()).unwrap(), c.clone());
            proptest::prop_assert_eq!(AccessCode::parse(&c.grouped()).unwrap(), c);
        }
    }

    #[cfg(feature = "openapi")]
    proptest::proptest! {
        /// What the OpenAPI document promises as a sign-in is taken as one.
        #[test]
        fn the_documented_pattern_is_what_is_accepted(
            s in crate::openapi::SIGN_IN_PATTERN.trim_start_matches('^').trim_end_matches('$')
        ) {
            proptest::prop_assume!(s.len() <= 254);
            proptest::prop_assert!(Email::parse_sign_in(&s).is_ok(), "{:?}", s);
        }
    }
}

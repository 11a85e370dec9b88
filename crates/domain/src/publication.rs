//! Being seen outside the platform: an organization's choice to publish itself on the public
//! map, in ESSGlobal and in Murmurations, and what it publishes beyond its profile.

use serde::{Deserialize, Serialize};

use crate::validate::{Collector, Invalid};

/// The longest website address accepted.
const MAX_URL: usize = 500;

/// An organization's choice as it arrives from a form or the API.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PublicationInput {
    /// The organization's own website (`http://` or `https://`), when it has one; empty for
    /// none. Murmurations names it `primary_url`; without one the organization's page here is
    /// used.
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::opt_website))]
    pub website: Option<String>,
    /// Publish the counts of women and men among the members who opted in to share their
    /// demographics (counts under 5 are never shown). Off when left out.
    pub gender_counts: Option<bool>,
}

/// A checked choice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicationDraft {
    pub website: Option<Website>,
    pub gender_counts: bool,
}

/// The rule of [`Website::parse`] as a regular expression, for the API's document.
pub const PATTERN: &str = r"^(https?://[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*(:[0-9]{1,5})?([/?#][A-Za-z0-9._~%/?#&=+:;,!*()$-]*)?)?$";

/// An absolute `http(s)` address: a host, an optional port, and URL-safe characters only.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Website(String);

impl Website {
    /// The grammar is [`PATTERN`]'s: a host of letters, digits and hyphens in dot-separated
    /// labels, an optional port, then a path, query or fragment of URL-safe characters.
    pub fn parse(s: &str) -> Result<Website, &'static str> {
        let s = s.trim();
        if s.len() > MAX_URL {
            return Err("must be at most 500 characters");
        }
        let rest = s
            .strip_prefix("https://")
            .or_else(|| s.strip_prefix("http://"))
            .ok_or("must start with https:// or http://")?;
        let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        let (authority, tail) = rest.split_at(end);
        let (host, port) = match authority.split_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (authority, None),
        };
        let label_ok =
            |l: &str| !l.is_empty() && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
        if !host.split('.').all(label_ok) {
            return Err("must name a host, e.g. https://example.coop");
        }
        if port
            .is_some_and(|p| p.is_empty() || p.len() > 5 || !p.bytes().all(|b| b.is_ascii_digit()))
        {
            return Err("has a port that is not a number");
        }
        if !tail
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"._~%/?#&=+:;,!*()$-".contains(&b))
        {
            return Err("may hold only letters, digits and the URL characters ._~%/?#&=+:;,!*()$-");
        }
        Ok(Website(s.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl PublicationInput {
    /// Checks every field, reporting all problems at once.
    pub fn parse(&self) -> Result<PublicationDraft, Invalid> {
        let mut c = Collector::new();
        let website = match self.website.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(w) => match Website::parse(w) {
                Ok(w) => Some(w),
                Err(reason) => {
                    c.push("website", reason);
                    None
                }
            },
        };
        c.finish()?;
        Ok(PublicationDraft {
            website,
            gender_counts: self.gender_counts.unwrap_or(false),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn websites_must_be_absolute_http_addresses_with_a_host() {
        assert!(Website::parse("https://kalinangan.coop/about").is_ok());
        assert!(Website::parse("http://example.org").is_ok());
        for bad in [
            "kalinangan.coop",
            "ftp://x.org",
            "https://",
            "https:///path",
            "javascript:alert(1)",
            "https://a b.org",
            "https://user@evil.org",
            "https://x.org/\"><script>",
        ] {
            assert!(Website::parse(bad).is_err(), "{bad} was accepted");
        }
        assert!(Website::parse(&format!("https://x.org/{}", "a".repeat(600))).is_err());
    }

    proptest::proptest! {
        /// The API document's pattern and the parser agree: whatever the pattern allows (and
        /// is not over-long) is accepted, so a client following the document is not refused.
        #[test]
        fn what_the_pattern_allows_the_parser_accepts(
            s in PATTERN.trim_start_matches('^').trim_end_matches('$')
        ) {
            if !s.is_empty() && s.len() <= MAX_URL {
                proptest::prop_assert!(Website::parse(&s).is_ok(), "{s:?} refused");
            }
        }

        /// And whatever the parser accepts, the pattern allows.
        #[test]
        fn what_the_parser_accepts_the_pattern_allows(s in "https?://[a-z.:/?#-]{0,20}[ -~]{0,10}") {
            if let Ok(w) = Website::parse(&s) {
                let re = regex::Regex::new(PATTERN).unwrap();
                proptest::prop_assert!(re.is_match(w.as_str()), "{s:?} accepted");
            }
        }
    }

    #[test]
    fn an_empty_website_means_none_and_counts_default_off() {
        let d = PublicationInput {
            website: Some("  ".into()),
            gender_counts: None,
        }
        .parse()
        .unwrap();
        assert_eq!(d.website, None);
        assert!(!d.gender_counts);
        let e = PublicationInput {
            website: Some("nope".into()),
            gender_counts: Some(true),
        }
        .parse()
        .unwrap_err();
        assert_eq!(e.errors[0].field, "website");
    }
}

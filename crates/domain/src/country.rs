//! ISO 3166-1 alpha-2 country codes.
//!
//! [`CountryCode`] only ever holds one of the 249 officially assigned codes.
//! User-assigned codes (AA, QM–QZ, XA–XZ — including XK, which some use for
//! Kosovo — and ZZ), exceptionally or transitionally reserved codes (such as
//! UK or EU) and unassigned pairs are all refused by [`CountryCode::parse`],
//! so a stored country is always one that other systems will recognise.

use std::fmt;
use std::str::FromStr;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

use crate::parse::{quote, ParseError};

/// An officially assigned ISO 3166-1 alpha-2 country code, e.g. PH or NP.
///
/// A small `Copy` handle into a static table; ordering is alphabetical by
/// code.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CountryCode(u8);

/// `(code, English short name)` for every officially assigned code, sorted by
/// code so that lookups can binary-search and index order is alphabetical.
const TABLE: &[(&str, &str)] = &[
    ("AD", "Andorra"),
    ("AE", "United Arab Emirates"),
    ("AF", "Afghanistan"),
    ("AG", "Antigua and Barbuda"),
    ("AI", "Anguilla"),
    ("AL", "Albania"),
    ("AM", "Armenia"),
    ("AO", "Angola"),
    ("AQ", "Antarctica"),
    ("AR", "Argentina"),
    ("AS", "American Samoa"),
    ("AT", "Austria"),
    ("AU", "Australia"),
    ("AW", "Aruba"),
    ("AX", "Åland Islands"),
    ("AZ", "Azerbaijan"),
    ("BA", "Bosnia and Herzegovina"),
    ("BB", "Barbados"),
    ("BD", "Bangladesh"),
    ("BE", "Belgium"),
    ("BF", "Burkina Faso"),
    ("BG", "Bulgaria"),
    ("BH", "Bahrain"),
    ("BI", "Burundi"),
    ("BJ", "Benin"),
    ("BL", "Saint Barthélemy"),
    ("BM", "Bermuda"),
    ("BN", "Brunei Darussalam"),
    ("BO", "Bolivia, Plurinational State of"),
    ("BQ", "Bonaire, Sint Eustatius and Saba"),
    ("BR", "Brazil"),
    ("BS", "Bahamas"),
    ("BT", "Bhutan"),
    ("BV", "Bouvet Island"),
    ("BW", "Botswana"),
    ("BY", "Belarus"),
    ("BZ", "Belize"),
    ("CA", "Canada"),
    ("CC", "Cocos (Keeling) Islands"),
    ("CD", "Congo, The Democratic Republic of the"),
    ("CF", "Central African Republic"),
    ("CG", "Congo"),
    ("CH", "Switzerland"),
    ("CI", "Côte d'Ivoire"),
    ("CK", "Cook Islands"),
    ("CL", "Chile"),
    ("CM", "Cameroon"),
    ("CN", "China"),
    ("CO", "Colombia"),
    ("CR", "Costa Rica"),
    ("CU", "Cuba"),
    ("CV", "Cabo Verde"),
    ("CW", "Curaçao"),
    ("CX", "Christmas Island"),
    ("CY", "Cyprus"),
    ("CZ", "Czechia"),
    ("DE", "Germany"),
    ("DJ", "Djibouti"),
    ("DK", "Denmark"),
    ("DM", "Dominica"),
    ("DO", "Dominican Republic"),
    ("DZ", "Algeria"),
    ("EC", "Ecuador"),
    ("EE", "Estonia"),
    ("EG", "Egypt"),
    ("EH", "Western Sahara"),
    ("ER", "Eritrea"),
    ("ES", "Spain"),
    ("ET", "Ethiopia"),
    ("FI", "Finland"),
    ("FJ", "Fiji"),
    ("FK", "Falkland Islands (Malvinas)"),
    ("FM", "Micronesia, Federated States of"),
    ("FO", "Faroe Islands"),
    ("FR", "France"),
    ("GA", "Gabon"),
    ("GB", "United Kingdom"),
    ("GD", "Grenada"),
    ("GE", "Georgia"),
    ("GF", "French Guiana"),
    ("GG", "Guernsey"),
    ("GH", "Ghana"),
    ("GI", "Gibraltar"),
    ("GL", "Greenland"),
    ("GM", "Gambia"),
    ("GN", "Guinea"),
    ("GP", "Guadeloupe"),
    ("GQ", "Equatorial Guinea"),
    ("GR", "Greece"),
    ("GS", "South Georgia and the South Sandwich Islands"),
    ("GT", "Guatemala"),
    ("GU", "Guam"),
    ("GW", "Guinea-Bissau"),
    ("GY", "Guyana"),
    ("HK", "Hong Kong"),
    ("HM", "Heard Island and McDonald Islands"),
    ("HN", "Honduras"),
    ("HR", "Croatia"),
    ("HT", "Haiti"),
    ("HU", "Hungary"),
    ("ID", "Indonesia"),
    ("IE", "Ireland"),
    ("IL", "Israel"),
    ("IM", "Isle of Man"),
    ("IN", "India"),
    ("IO", "British Indian Ocean Territory"),
    ("IQ", "Iraq"),
    ("IR", "Iran, Islamic Republic of"),
    ("IS", "Iceland"),
    ("IT", "Italy"),
    ("JE", "Jersey"),
    ("JM", "Jamaica"),
    ("JO", "Jordan"),
    ("JP", "Japan"),
    ("KE", "Kenya"),
    ("KG", "Kyrgyzstan"),
    ("KH", "Cambodia"),
    ("KI", "Kiribati"),
    ("KM", "Comoros"),
    ("KN", "Saint Kitts and Nevis"),
    ("KP", "Korea, Democratic People's Republic of"),
    ("KR", "Korea, Republic of"),
    ("KW", "Kuwait"),
    ("KY", "Cayman Islands"),
    ("KZ", "Kazakhstan"),
    ("LA", "Lao People's Democratic Republic"),
    ("LB", "Lebanon"),
    ("LC", "Saint Lucia"),
    ("LI", "Liechtenstein"),
    ("LK", "Sri Lanka"),
    ("LR", "Liberia"),
    ("LS", "Lesotho"),
    ("LT", "Lithuania"),
    ("LU", "Luxembourg"),
    ("LV", "Latvia"),
    ("LY", "Libya"),
    ("MA", "Morocco"),
    ("MC", "Monaco"),
    ("MD", "Moldova, Republic of"),
    ("ME", "Montenegro"),
    ("MF", "Saint Martin (French part)"),
    ("MG", "Madagascar"),
    ("MH", "Marshall Islands"),
    ("MK", "North Macedonia"),
    ("ML", "Mali"),
    ("MM", "Myanmar"),
    ("MN", "Mongolia"),
    ("MO", "Macao"),
    ("MP", "Northern Mariana Islands"),
    ("MQ", "Martinique"),
    ("MR", "Mauritania"),
    ("MS", "Montserrat"),
    ("MT", "Malta"),
    ("MU", "Mauritius"),
    ("MV", "Maldives"),
    ("MW", "Malawi"),
    ("MX", "Mexico"),
    ("MY", "Malaysia"),
    ("MZ", "Mozambique"),
    ("NA", "Namibia"),
    ("NC", "New Caledonia"),
    ("NE", "Niger"),
    ("NF", "Norfolk Island"),
    ("NG", "Nigeria"),
    ("NI", "Nicaragua"),
    ("NL", "Netherlands"),
    ("NO", "Norway"),
    ("NP", "Nepal"),
    ("NR", "Nauru"),
    ("NU", "Niue"),
    ("NZ", "New Zealand"),
    ("OM", "Oman"),
    ("PA", "Panama"),
    ("PE", "Peru"),
    ("PF", "French Polynesia"),
    ("PG", "Papua New Guinea"),
    ("PH", "Philippines"),
    ("PK", "Pakistan"),
    ("PL", "Poland"),
    ("PM", "Saint Pierre and Miquelon"),
    ("PN", "Pitcairn"),
    ("PR", "Puerto Rico"),
    ("PS", "Palestine, State of"),
    ("PT", "Portugal"),
    ("PW", "Palau"),
    ("PY", "Paraguay"),
    ("QA", "Qatar"),
    ("RE", "Réunion"),
    ("RO", "Romania"),
    ("RS", "Serbia"),
    ("RU", "Russian Federation"),
    ("RW", "Rwanda"),
    ("SA", "Saudi Arabia"),
    ("SB", "Solomon Islands"),
    ("SC", "Seychelles"),
    ("SD", "Sudan"),
    ("SE", "Sweden"),
    ("SG", "Singapore"),
    ("SH", "Saint Helena, Ascension and Tristan da Cunha"),
    ("SI", "Slovenia"),
    ("SJ", "Svalbard and Jan Mayen"),
    ("SK", "Slovakia"),
    ("SL", "Sierra Leone"),
    ("SM", "San Marino"),
    ("SN", "Senegal"),
    ("SO", "Somalia"),
    ("SR", "Suriname"),
    ("SS", "South Sudan"),
    ("ST", "Sao Tome and Principe"),
    ("SV", "El Salvador"),
    ("SX", "Sint Maarten (Dutch part)"),
    ("SY", "Syrian Arab Republic"),
    ("SZ", "Eswatini"),
    ("TC", "Turks and Caicos Islands"),
    ("TD", "Chad"),
    ("TF", "French Southern Territories"),
    ("TG", "Togo"),
    ("TH", "Thailand"),
    ("TJ", "Tajikistan"),
    ("TK", "Tokelau"),
    ("TL", "Timor-Leste"),
    ("TM", "Turkmenistan"),
    ("TN", "Tunisia"),
    ("TO", "Tonga"),
    ("TR", "Türkiye"),
    ("TT", "Trinidad and Tobago"),
    ("TV", "Tuvalu"),
    ("TW", "Taiwan, Province of China"),
    ("TZ", "Tanzania, United Republic of"),
    ("UA", "Ukraine"),
    ("UG", "Uganda"),
    ("UM", "United States Minor Outlying Islands"),
    ("US", "United States"),
    ("UY", "Uruguay"),
    ("UZ", "Uzbekistan"),
    ("VA", "Holy See (Vatican City State)"),
    ("VC", "Saint Vincent and the Grenadines"),
    ("VE", "Venezuela, Bolivarian Republic of"),
    ("VG", "Virgin Islands, British"),
    ("VI", "Virgin Islands, U.S."),
    ("VN", "Viet Nam"),
    ("VU", "Vanuatu"),
    ("WF", "Wallis and Futuna"),
    ("WS", "Samoa"),
    ("YE", "Yemen"),
    ("YT", "Mayotte"),
    ("ZA", "South Africa"),
    ("ZM", "Zambia"),
    ("ZW", "Zimbabwe"),
];

/// Codes people commonly type that are not officially assigned, with a hint
/// that turns the refusal into something they can act on.
const HINTS: &[(&str, &str)] = &[
    ("UK", "the United Kingdom is GB"),
    ("EL", "Greece is GR"),
    ("EU", "the European Union is not a country"),
    (
        "XK",
        "it is user-assigned (often used for Kosovo), not officially assigned",
    ),
];

impl CountryCode {
    /// Parses a country code as a person might type it: surrounding
    /// whitespace is ignored and any letter case is accepted (`" ph "` is PH).
    /// Anything that is not an officially assigned ISO 3166-1 alpha-2 code is
    /// refused with a reason that can be shown to that person.
    pub fn parse(input: &str) -> Result<CountryCode, ParseError> {
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return Err(ParseError::new(
                "the country code is empty: expected two letters such as PH",
            ));
        }
        let bytes = trimmed.as_bytes();
        if bytes.len() != 2 || !bytes.iter().all(u8::is_ascii_alphabetic) {
            return Err(ParseError::new(format!(
                "{} is not an ISO 3166-1 alpha-2 country code: expected two letters such as PH",
                quote(trimmed)
            )));
        }
        let upper = trimmed.to_ascii_uppercase();
        match TABLE.binary_search_by(|(code, _)| (*code).cmp(upper.as_str())) {
            Ok(index) => Ok(CountryCode::from_index(index)),
            Err(_) => Err(ParseError::new(
                match HINTS.iter().find(|(code, _)| *code == upper) {
                    Some((_, hint)) => {
                        format!("\"{upper}\" is not an ISO 3166-1 alpha-2 country code: {hint}")
                    }
                    None => format!("\"{upper}\" is not an ISO 3166-1 alpha-2 country code"),
                },
            )),
        }
    }

    /// The two-letter code, e.g. `"PH"`.
    pub const fn code(&self) -> &'static str {
        TABLE[self.0 as usize].0
    }

    /// The English short name, e.g. `"Philippines"`.
    pub const fn name(&self) -> &'static str {
        TABLE[self.0 as usize].1
    }

    /// Every officially assigned country code, in alphabetical order.
    pub fn all() -> impl ExactSizeIterator<Item = CountryCode> {
        (0..TABLE.len()).map(CountryCode::from_index)
    }

    /// Wraps a table index. Only called with indexes below `TABLE.len()`,
    /// which the `table_is_sorted_unique_and_small` test keeps within `u8`.
    fn from_index(index: usize) -> CountryCode {
        debug_assert!(index < TABLE.len());
        CountryCode(index as u8)
    }
}

impl fmt::Display for CountryCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl fmt::Debug for CountryCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CountryCode({})", self.code())
    }
}

impl FromStr for CountryCode {
    type Err = ParseError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        CountryCode::parse(s)
    }
}

impl Serialize for CountryCode {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.code())
    }
}

impl<'de> Deserialize<'de> for CountryCode {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct CodeVisitor;

        impl Visitor<'_> for CodeVisitor {
            type Value = CountryCode;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an ISO 3166-1 alpha-2 country code such as \"PH\"")
            }

            fn visit_str<E: de::Error>(self, value: &str) -> Result<CountryCode, E> {
                CountryCode::parse(value).map_err(|err| E::custom(err.reason()))
            }
        }

        deserializer.deserialize_str(CodeVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn table_is_sorted_unique_and_small() {
        for pair in TABLE.windows(2) {
            assert!(pair[0].0 < pair[1].0, "{} before {}", pair[0].0, pair[1].0);
        }
        assert!(TABLE.len() <= usize::from(u8::MAX) + 1);
        for (code, name) in TABLE {
            assert_eq!(code.len(), 2, "{code}");
            assert!(code.bytes().all(|b| b.is_ascii_uppercase()), "{code}");
            assert!(!name.trim().is_empty(), "{code}");
        }
    }

    #[test]
    fn all_249_officially_assigned_codes_are_present() {
        assert_eq!(TABLE.len(), 249);
        assert_eq!(CountryCode::all().len(), 249);
        let codes: HashSet<&str> = CountryCode::all().map(|c| c.code()).collect();
        for code in [
            "PH", "ID", "MY", "JP", "NP", "US", "GB", "AX", "BQ", "CW", "SS", "SX", "TW", "PS",
            "AQ", "UM", "ZW",
        ] {
            assert!(codes.contains(code), "{code}");
        }
    }

    #[test]
    fn parse_trims_and_upper_cases() {
        let ph = CountryCode::parse(" ph ").unwrap();
        assert_eq!(ph.code(), "PH");
        assert_eq!(ph.name(), "Philippines");
        assert_eq!(CountryCode::parse("Np").unwrap().name(), "Nepal");
        assert_eq!("jp".parse::<CountryCode>().unwrap().code(), "JP");
    }

    #[test]
    fn parse_rejects_user_assigned_and_unassigned_codes() {
        let mut refused = vec![
            "AA".to_string(),
            "ZZ".to_string(),
            "XK".to_string(),
            "UK".to_string(),
            "EU".to_string(),
            "AB".to_string(),
        ];
        for second in b'M'..=b'Z' {
            refused.push(format!("Q{}", second as char));
        }
        for second in b'A'..=b'Z' {
            refused.push(format!("X{}", second as char));
        }
        for code in &refused {
            let err = CountryCode::parse(code).unwrap_err();
            assert!(
                err.reason().starts_with(&format!(
                    "\"{code}\" is not an ISO 3166-1 alpha-2 country code"
                )),
                "{}",
                err.reason()
            );
        }
        assert_eq!(
            CountryCode::parse("xx").unwrap_err().reason(),
            "\"XX\" is not an ISO 3166-1 alpha-2 country code"
        );
        assert!(CountryCode::parse("UK")
            .unwrap_err()
            .reason()
            .contains("GB"));
    }

    #[test]
    fn parse_rejects_malformed_input() {
        assert!(CountryCode::parse("")
            .unwrap_err()
            .reason()
            .contains("empty"));
        for bad in ["P", "PHL", "P1", "12", "P H", "É", "🇵🇭"] {
            let err = CountryCode::parse(bad).unwrap_err();
            assert!(err.reason().contains("two letters"), "{bad}: {err}");
        }
    }

    #[test]
    fn all_is_sorted_unique_and_parses_back() {
        let all: Vec<CountryCode> = CountryCode::all().collect();
        let unique: HashSet<CountryCode> = all.iter().copied().collect();
        assert_eq!(unique.len(), all.len());
        let mut sorted = all.clone();
        sorted.sort();
        assert_eq!(sorted, all);
        for country in all {
            assert_eq!(CountryCode::parse(country.code()), Ok(country));
        }
    }

    #[test]
    fn display_debug_and_serde() {
        let ph = CountryCode::parse("PH").unwrap();
        assert_eq!(ph.to_string(), "PH");
        assert_eq!(format!("{ph:?}"), "CountryCode(PH)");
        assert_eq!(serde_json::to_string(&ph).unwrap(), "\"PH\"");
        let parsed: CountryCode = serde_json::from_str("\"np\"").unwrap();
        assert_eq!(parsed.code(), "NP");
        let err = serde_json::from_str::<CountryCode>("\"XX\"").unwrap_err();
        assert!(
            err.to_string()
                .contains("\"XX\" is not an ISO 3166-1 alpha-2 country code"),
            "{err}"
        );
    }
}

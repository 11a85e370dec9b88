//! ISO 4217 currencies.
//!
//! [`Currency`] only ever holds a code from the active ISO 4217 list (list
//! one, as published by the maintenance agency on 2026-01-01), together with
//! the number of decimal places ("minor unit exponent") that the standard
//! gives it. Money arithmetic relies on that exponent, so an unknown or
//! retired code is refused at the edge, by [`Currency::parse`], rather than
//! guessed at later.
//!
//! Left out on purpose: the codes that are not money one can hold or owe —
//! precious metals (XAU, XAG, XPD, XPT), the IMF's SDR (XDR), the SUCRE and
//! ADB units of account (XSU, XUA), the bond-market units (XBA–XBD), the
//! testing code XTS and "no currency" XXX. Fund codes that list one does give
//! a minor unit (CLF, UYW, BOV, CHE, CHW, COU, MXV, USN, UYI, XAD) are kept.

use std::fmt;
use std::str::FromStr;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

use crate::parse::{quote, ParseError};

/// An active ISO 4217 currency, e.g. PHP or JPY.
///
/// It is a small `Copy` handle into a static table, so it costs one byte and
/// can only name a currency that exists. Ordering is alphabetical by code.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Currency(u8);

/// `(code, minor-unit exponent, English name)` for every active ISO 4217
/// currency, sorted by code so that lookups can binary-search and the index
/// order is the alphabetical order. Names are the standard's own.
const TABLE: &[(&str, u8, &str)] = &[
    ("AED", 2, "UAE Dirham"),
    ("AFN", 2, "Afghani"),
    ("ALL", 2, "Lek"),
    ("AMD", 2, "Armenian Dram"),
    ("AOA", 2, "Kwanza"),
    ("ARS", 2, "Argentine Peso"),
    ("AUD", 2, "Australian Dollar"),
    ("AWG", 2, "Aruban Florin"),
    ("AZN", 2, "Azerbaijan Manat"),
    ("BAM", 2, "Convertible Mark"),
    ("BBD", 2, "Barbados Dollar"),
    ("BDT", 2, "Taka"),
    ("BHD", 3, "Bahraini Dinar"),
    ("BIF", 0, "Burundi Franc"),
    ("BMD", 2, "Bermudian Dollar"),
    ("BND", 2, "Brunei Dollar"),
    ("BOB", 2, "Boliviano"),
    ("BOV", 2, "Mvdol"),
    ("BRL", 2, "Brazilian Real"),
    ("BSD", 2, "Bahamian Dollar"),
    ("BTN", 2, "Ngultrum"),
    ("BWP", 2, "Pula"),
    ("BYN", 2, "Belarusian Ruble"),
    ("BZD", 2, "Belize Dollar"),
    ("CAD", 2, "Canadian Dollar"),
    ("CDF", 2, "Congolese Franc"),
    ("CHE", 2, "WIR Euro"),
    ("CHF", 2, "Swiss Franc"),
    ("CHW", 2, "WIR Franc"),
    ("CLF", 4, "Unidad de Fomento"),
    ("CLP", 0, "Chilean Peso"),
    ("CNY", 2, "Yuan Renminbi"),
    ("COP", 2, "Colombian Peso"),
    ("COU", 2, "Unidad de Valor Real"),
    ("CRC", 2, "Costa Rican Colon"),
    ("CUP", 2, "Cuban Peso"),
    ("CVE", 2, "Cabo Verde Escudo"),
    ("CZK", 2, "Czech Koruna"),
    ("DJF", 0, "Djibouti Franc"),
    ("DKK", 2, "Danish Krone"),
    ("DOP", 2, "Dominican Peso"),
    ("DZD", 2, "Algerian Dinar"),
    ("EGP", 2, "Egyptian Pound"),
    ("ERN", 2, "Nakfa"),
    ("ETB", 2, "Ethiopian Birr"),
    ("EUR", 2, "Euro"),
    ("FJD", 2, "Fiji Dollar"),
    ("FKP", 2, "Falkland Islands Pound"),
    ("GBP", 2, "Pound Sterling"),
    ("GEL", 2, "Lari"),
    ("GHS", 2, "Ghana Cedi"),
    ("GIP", 2, "Gibraltar Pound"),
    ("GMD", 2, "Dalasi"),
    ("GNF", 0, "Guinean Franc"),
    ("GTQ", 2, "Quetzal"),
    ("GYD", 2, "Guyana Dollar"),
    ("HKD", 2, "Hong Kong Dollar"),
    ("HNL", 2, "Lempira"),
    ("HTG", 2, "Gourde"),
    ("HUF", 2, "Forint"),
    ("IDR", 2, "Rupiah"),
    ("ILS", 2, "New Israeli Sheqel"),
    ("INR", 2, "Indian Rupee"),
    ("IQD", 3, "Iraqi Dinar"),
    ("IRR", 2, "Iranian Rial"),
    ("ISK", 0, "Iceland Krona"),
    ("JMD", 2, "Jamaican Dollar"),
    ("JOD", 3, "Jordanian Dinar"),
    ("JPY", 0, "Yen"),
    ("KES", 2, "Kenyan Shilling"),
    ("KGS", 2, "Som"),
    ("KHR", 2, "Riel"),
    ("KMF", 0, "Comorian Franc"),
    ("KPW", 2, "North Korean Won"),
    ("KRW", 0, "Won"),
    ("KWD", 3, "Kuwaiti Dinar"),
    ("KYD", 2, "Cayman Islands Dollar"),
    ("KZT", 2, "Tenge"),
    ("LAK", 2, "Lao Kip"),
    ("LBP", 2, "Lebanese Pound"),
    ("LKR", 2, "Sri Lanka Rupee"),
    ("LRD", 2, "Liberian Dollar"),
    ("LSL", 2, "Loti"),
    ("LYD", 3, "Libyan Dinar"),
    ("MAD", 2, "Moroccan Dirham"),
    ("MDL", 2, "Moldovan Leu"),
    ("MGA", 2, "Malagasy Ariary"),
    ("MKD", 2, "Denar"),
    ("MMK", 2, "Kyat"),
    ("MNT", 2, "Tugrik"),
    ("MOP", 2, "Pataca"),
    ("MRU", 2, "Ouguiya"),
    ("MUR", 2, "Mauritius Rupee"),
    ("MVR", 2, "Rufiyaa"),
    ("MWK", 2, "Malawi Kwacha"),
    ("MXN", 2, "Mexican Peso"),
    ("MXV", 2, "Mexican Unidad de Inversion (UDI)"),
    ("MYR", 2, "Malaysian Ringgit"),
    ("MZN", 2, "Mozambique Metical"),
    ("NAD", 2, "Namibia Dollar"),
    ("NGN", 2, "Naira"),
    ("NIO", 2, "Cordoba Oro"),
    ("NOK", 2, "Norwegian Krone"),
    ("NPR", 2, "Nepalese Rupee"),
    ("NZD", 2, "New Zealand Dollar"),
    ("OMR", 3, "Rial Omani"),
    ("PAB", 2, "Balboa"),
    ("PEN", 2, "Sol"),
    ("PGK", 2, "Kina"),
    ("PHP", 2, "Philippine Peso"),
    ("PKR", 2, "Pakistan Rupee"),
    ("PLN", 2, "Zloty"),
    ("PYG", 0, "Guarani"),
    ("QAR", 2, "Qatari Rial"),
    ("RON", 2, "Romanian Leu"),
    ("RSD", 2, "Serbian Dinar"),
    ("RUB", 2, "Russian Ruble"),
    ("RWF", 0, "Rwanda Franc"),
    ("SAR", 2, "Saudi Riyal"),
    ("SBD", 2, "Solomon Islands Dollar"),
    ("SCR", 2, "Seychelles Rupee"),
    ("SDG", 2, "Sudanese Pound"),
    ("SEK", 2, "Swedish Krona"),
    ("SGD", 2, "Singapore Dollar"),
    ("SHP", 2, "Saint Helena Pound"),
    ("SLE", 2, "Leone"),
    ("SOS", 2, "Somali Shilling"),
    ("SRD", 2, "Surinam Dollar"),
    ("SSP", 2, "South Sudanese Pound"),
    ("STN", 2, "Dobra"),
    ("SVC", 2, "El Salvador Colon"),
    ("SYP", 2, "Syrian Pound"),
    ("SZL", 2, "Lilangeni"),
    ("THB", 2, "Baht"),
    ("TJS", 2, "Somoni"),
    ("TMT", 2, "Turkmenistan New Manat"),
    ("TND", 3, "Tunisian Dinar"),
    ("TOP", 2, "Pa’anga"),
    ("TRY", 2, "Turkish Lira"),
    ("TTD", 2, "Trinidad and Tobago Dollar"),
    ("TWD", 2, "New Taiwan Dollar"),
    ("TZS", 2, "Tanzanian Shilling"),
    ("UAH", 2, "Hryvnia"),
    ("UGX", 0, "Uganda Shilling"),
    ("USD", 2, "US Dollar"),
    ("USN", 2, "US Dollar (Next day)"),
    ("UYI", 0, "Uruguay Peso en Unidades Indexadas (UI)"),
    ("UYU", 2, "Peso Uruguayo"),
    ("UYW", 4, "Unidad Previsional"),
    ("UZS", 2, "Uzbekistan Sum"),
    ("VED", 2, "Bolívar Soberano"),
    ("VES", 2, "Bolívar Soberano"),
    ("VND", 0, "Dong"),
    ("VUV", 0, "Vatu"),
    ("WST", 2, "Tala"),
    ("XAD", 2, "Arab Accounting Dinar"),
    ("XAF", 0, "CFA Franc BEAC"),
    ("XCD", 2, "East Caribbean Dollar"),
    ("XCG", 2, "Caribbean Guilder"),
    ("XOF", 0, "CFA Franc BCEAO"),
    ("XPF", 0, "CFP Franc"),
    ("YER", 2, "Yemeni Rial"),
    ("ZAR", 2, "Rand"),
    ("ZMW", 2, "Zambian Kwacha"),
    ("ZWG", 2, "Zimbabwe Gold"),
];

/// Codes that were in ISO 4217 list one until recently, with their
/// successors, so that old data gets a helpful reason instead of a bare "no".
const RETIRED: &[(&str, &str)] = &[
    ("ANG", "XCG"),
    ("BGN", "EUR"),
    ("CUC", "CUP"),
    ("HRK", "EUR"),
    ("SLL", "SLE"),
    ("ZWL", "ZWG"),
];

/// Finds `code` in [`TABLE`] at compile time, for the named constants below;
/// a typo there fails the build instead of panicking at run time.
const fn table_index(code: &str) -> u8 {
    let wanted = code.as_bytes();
    let mut i = 0;
    while i < TABLE.len() {
        let have = TABLE[i].0.as_bytes();
        if have.len() == wanted.len() {
            let mut j = 0;
            while j < have.len() && have[j] == wanted[j] {
                j += 1;
            }
            if j == have.len() {
                assert!(i <= u8::MAX as usize, "currency table outgrew u8");
                return i as u8;
            }
        }
        i += 1;
    }
    panic!("code is not in the ISO 4217 table")
}

impl Currency {
    /// Philippine peso.
    pub const PHP: Currency = Currency(table_index("PHP"));
    /// Indonesian rupiah.
    pub const IDR: Currency = Currency(table_index("IDR"));
    /// Malaysian ringgit.
    pub const MYR: Currency = Currency(table_index("MYR"));
    /// Japanese yen (no minor unit).
    pub const JPY: Currency = Currency(table_index("JPY"));
    /// Nepalese rupee.
    pub const NPR: Currency = Currency(table_index("NPR"));
    /// US dollar.
    pub const USD: Currency = Currency(table_index("USD"));

    /// Parses a currency code as a person might type it: surrounding
    /// whitespace is ignored and any letter case is accepted (`" php "` is
    /// PHP). Anything that is not an active ISO 4217 code is refused with a
    /// reason that can be shown to that person.
    pub fn parse(input: &str) -> Result<Currency, ParseError> {
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return Err(ParseError::new(
                "the currency code is empty: expected three letters such as PHP",
            ));
        }
        let bytes = trimmed.as_bytes();
        if bytes.len() != 3 || !bytes.iter().all(u8::is_ascii_alphabetic) {
            return Err(ParseError::new(format!(
                "{} is not an ISO 4217 currency code: expected three letters such as PHP",
                quote(trimmed)
            )));
        }
        let upper = trimmed.to_ascii_uppercase();
        match TABLE.binary_search_by(|(code, _, _)| (*code).cmp(upper.as_str())) {
            Ok(index) => Ok(Currency::from_index(index)),
            Err(_) => Err(ParseError::new(
                match RETIRED.iter().find(|(old, _)| *old == upper) {
                    Some((_, successor)) => format!(
                        "\"{upper}\" is not an ISO 4217 currency code in current use: \
                         it was replaced by {successor}"
                    ),
                    None => format!("\"{upper}\" is not an ISO 4217 currency code"),
                },
            )),
        }
    }

    /// The three-letter code, e.g. `"PHP"`.
    pub const fn code(&self) -> &'static str {
        TABLE[self.0 as usize].0
    }

    /// How many decimal places the currency has: 2 for PHP (centavos), 0 for
    /// JPY, 3 for BHD. Amounts are stored as whole multiples of that unit.
    pub const fn exponent(&self) -> u8 {
        TABLE[self.0 as usize].1
    }

    /// The English name ISO 4217 gives the currency, e.g. `"Philippine Peso"`.
    pub const fn name(&self) -> &'static str {
        TABLE[self.0 as usize].2
    }

    /// How many minor units make one major unit: `10^exponent` (100 for PHP,
    /// 1 for JPY, 10 000 for CLF).
    pub const fn minor_per_major(&self) -> i64 {
        10_i64.pow(self.exponent() as u32)
    }

    /// Every active currency, in alphabetical order of code.
    pub fn all() -> impl ExactSizeIterator<Item = Currency> {
        (0..TABLE.len()).map(Currency::from_index)
    }

    /// Wraps a table index. Only called with indexes below `TABLE.len()`,
    /// which the `table_is_sorted_unique_and_small` test keeps within `u8`.
    fn from_index(index: usize) -> Currency {
        debug_assert!(index < TABLE.len());
        Currency(index as u8)
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl fmt::Debug for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Currency({})", self.code())
    }
}

impl FromStr for Currency {
    type Err = ParseError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Currency::parse(s)
    }
}

impl Serialize for Currency {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.code())
    }
}

impl<'de> Deserialize<'de> for Currency {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct CodeVisitor;

        impl Visitor<'_> for CodeVisitor {
            type Value = Currency;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an ISO 4217 currency code such as \"PHP\"")
            }

            fn visit_str<E: de::Error>(self, value: &str) -> Result<Currency, E> {
                Currency::parse(value).map_err(|err| E::custom(err.reason()))
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
        for (code, exponent, name) in TABLE {
            assert_eq!(code.len(), 3, "{code}");
            assert!(code.bytes().all(|b| b.is_ascii_uppercase()), "{code}");
            assert!(*exponent <= 4, "{code}");
            assert!(!name.trim().is_empty(), "{code}");
            assert_eq!(name.trim(), *name, "{code} name has stray spaces");
        }
    }

    #[test]
    fn table_has_the_165_active_currencies() {
        // List one of 2026-01-01 has 178 entries; 13 of them are the
        // non-currency X-codes this table leaves out.
        assert_eq!(TABLE.len(), 165);
        assert_eq!(Currency::all().len(), 165);
    }

    #[test]
    fn exponents_match_the_standard() {
        let expected = [
            ("JPY", 0),
            ("KRW", 0),
            ("VND", 0),
            ("ISK", 0),
            ("XOF", 0),
            ("XAF", 0),
            ("XPF", 0),
            ("UGX", 0),
            ("PYG", 0),
            ("CLP", 0),
            ("UYI", 0),
            ("IDR", 2),
            ("PHP", 2),
            ("MYR", 2),
            ("NPR", 2),
            ("USD", 2),
            ("EUR", 2),
            ("MGA", 2),
            ("MRU", 2),
            ("BHD", 3),
            ("KWD", 3),
            ("JOD", 3),
            ("OMR", 3),
            ("TND", 3),
            ("LYD", 3),
            ("IQD", 3),
            ("CLF", 4),
            ("UYW", 4),
        ];
        for (code, exponent) in expected {
            let currency = Currency::parse(code).expect(code);
            assert_eq!(currency.exponent(), exponent, "{code}");
        }
        let zero: Vec<&str> = Currency::all()
            .filter(|c| c.exponent() == 0)
            .map(|c| c.code())
            .collect();
        assert_eq!(
            zero,
            [
                "BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX", "UYI",
                "VND", "VUV", "XAF", "XOF", "XPF"
            ]
        );
        let three: Vec<&str> = Currency::all()
            .filter(|c| c.exponent() == 3)
            .map(|c| c.code())
            .collect();
        assert_eq!(three, ["BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"]);
        let four: Vec<&str> = Currency::all()
            .filter(|c| c.exponent() == 4)
            .map(|c| c.code())
            .collect();
        assert_eq!(four, ["CLF", "UYW"]);
    }

    #[test]
    fn constants_name_their_codes() {
        assert_eq!(Currency::PHP.code(), "PHP");
        assert_eq!(Currency::IDR.code(), "IDR");
        assert_eq!(Currency::MYR.code(), "MYR");
        assert_eq!(Currency::JPY.code(), "JPY");
        assert_eq!(Currency::NPR.code(), "NPR");
        assert_eq!(Currency::USD.code(), "USD");
        assert_eq!(Currency::PHP.name(), "Philippine Peso");
        assert_eq!(Currency::JPY.minor_per_major(), 1);
        assert_eq!(Currency::PHP.minor_per_major(), 100);
    }

    #[test]
    fn parse_trims_and_ignores_case() {
        assert_eq!(Currency::parse("php"), Ok(Currency::PHP));
        assert_eq!(Currency::parse("  Php\t"), Ok(Currency::PHP));
        assert_eq!(Currency::parse("USD"), Ok(Currency::USD));
        assert_eq!("jpy".parse::<Currency>(), Ok(Currency::JPY));
    }

    #[test]
    fn parse_rejects_unknown_codes_with_a_reason() {
        let err = Currency::parse("ABC").unwrap_err();
        assert_eq!(err.reason(), "\"ABC\" is not an ISO 4217 currency code");
        let err = Currency::parse("abc").unwrap_err();
        assert_eq!(err.reason(), "\"ABC\" is not an ISO 4217 currency code");
        assert!(Currency::parse("").unwrap_err().reason().contains("empty"));
        assert!(Currency::parse("PH")
            .unwrap_err()
            .reason()
            .contains("three letters"));
        assert!(Currency::parse("P1P")
            .unwrap_err()
            .reason()
            .contains("three letters"));
        assert!(Currency::parse("PHPX").is_err());
        assert!(Currency::parse("P HP").is_err());
        assert!(Currency::parse("₱").is_err());
    }

    #[test]
    fn non_currency_x_codes_are_refused() {
        for code in [
            "XAU", "XAG", "XPD", "XPT", "XDR", "XSU", "XUA", "XBA", "XBB", "XBC", "XBD", "XTS",
            "XXX",
        ] {
            let err = Currency::parse(code).unwrap_err();
            assert_eq!(
                err.reason(),
                format!("\"{code}\" is not an ISO 4217 currency code")
            );
        }
        // The X-codes that are real currencies stay.
        for code in ["XAF", "XCD", "XCG", "XOF", "XPF"] {
            assert!(Currency::parse(code).is_ok(), "{code}");
        }
    }

    #[test]
    fn retired_codes_point_to_their_successor() {
        let err = Currency::parse("hrk").unwrap_err();
        assert_eq!(
            err.reason(),
            "\"HRK\" is not an ISO 4217 currency code in current use: it was replaced by EUR"
        );
        for (old, new) in RETIRED {
            assert!(Currency::parse(old).is_err(), "{old}");
            assert!(Currency::parse(new).is_ok(), "{new}");
        }
        for code in ["VEF", "MRO", "STD", "BYR", "LTL", "ZMK"] {
            assert!(Currency::parse(code).is_err(), "{code}");
        }
    }

    #[test]
    fn all_is_sorted_unique_and_parses_back() {
        let all: Vec<Currency> = Currency::all().collect();
        let unique: HashSet<Currency> = all.iter().copied().collect();
        assert_eq!(unique.len(), all.len());
        let mut sorted = all.clone();
        sorted.sort();
        assert_eq!(sorted, all);
        for currency in all {
            assert_eq!(Currency::parse(currency.code()), Ok(currency));
            assert_eq!(
                Currency::parse(&currency.code().to_lowercase()),
                Ok(currency)
            );
        }
    }

    #[test]
    fn display_and_debug() {
        assert_eq!(Currency::PHP.to_string(), "PHP");
        assert_eq!(format!("{:?}", Currency::JPY), "Currency(JPY)");
        // Ordering is by code, so sorted lists read alphabetically.
        assert!(Currency::parse("EUR").unwrap() < Currency::PHP);
        assert!(Currency::PHP < Currency::USD);
    }

    #[test]
    fn serde_uses_the_code_and_validates() {
        assert_eq!(serde_json::to_string(&Currency::PHP).unwrap(), "\"PHP\"");
        let parsed: Currency = serde_json::from_str("\"idr\"").unwrap();
        assert_eq!(parsed, Currency::IDR);
        let err = serde_json::from_str::<Currency>("\"ABC\"").unwrap_err();
        assert!(
            err.to_string()
                .contains("\"ABC\" is not an ISO 4217 currency code"),
            "{err}"
        );
        assert!(serde_json::from_str::<Currency>("42").is_err());
    }
}

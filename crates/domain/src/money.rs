//! Amounts of money, held exactly as a whole number of minor units.
//!
//! A [`Money`] is an `i64` count of the currency's smallest unit (centavos for
//! PHP, sen for MYR, yen for JPY, fils for BHD) plus its [`Currency`]. There
//! are no floats anywhere in this module, so 0.1 + 0.2 is exactly 0.3.
//!
//! # Rounding rules
//!
//! Nothing here rounds silently:
//!
//! - **Parsing** ([`Money::parse_decimal`]) is exact. Text with more decimal
//!   places than the currency has is refused (`"1.234"` PHP, `"1200.5"` JPY),
//!   never rounded. Extra decimal places that are all zeros (`"1200.00"` JPY)
//!   are accepted, because they change nothing.
//! - **Addition, subtraction and multiplication by a whole number** are exact
//!   integer arithmetic on minor units. A result outside the `i64` range is a
//!   [`MoneyError::Overflow`]; it never wraps and never saturates. Amounts in
//!   different currencies are never combined ([`MoneyError::CurrencyMismatch`]):
//!   converting between currencies is a separate, explicit step.
//! - **Division happens only in [`Money::allocate`]**, which splits an amount
//!   into parts by the largest-remainder method: every part is within one minor
//!   unit of its exact proportional share, and the parts always add up to the
//!   whole, to the last unit. Which part gets a leftover unit is decided by a
//!   fixed rule (largest remainder, ties to the earlier part), so the same split
//!   always gives the same result. A negative amount splits as the mirror image
//!   of the positive one, so a refund undoes a split charge part for part.
//! - **Formatting** ([`Money::to_decimal_string`]) always prints exactly the
//!   currency's number of decimal places, and [`Money::parse_decimal`] reads it
//!   back to the same amount.

use std::cmp::Reverse;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::currency::Currency;
use crate::parse::{quote, ParseError};

/// An exact amount of money: a whole number of minor units of one currency.
///
/// Serialized as `{"currency":"PHP","minor":125050}` (₱1,250.50); the
/// currency is validated on the way in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Money {
    // Declared currency-first so that it is serialized first.
    currency: Currency,
    minor: i64,
}

/// Why an operation on money could not give an exact result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    /// The two amounts are in different currencies.
    #[error("cannot combine an amount in {left} with an amount in {right}")]
    CurrencyMismatch {
        /// Currency of the amount the operation was called on.
        left: Currency,
        /// Currency of the other amount.
        right: Currency,
    },
    /// The exact result does not fit in the range of amounts that can be held.
    #[error("the result is too large an amount to hold")]
    Overflow,
    /// [`Money::allocate`] was given no weights.
    #[error("cannot split an amount into no parts")]
    NoWeights,
    /// [`Money::allocate`] was given weights that are all zero.
    #[error("cannot split an amount when every part's weight is zero")]
    ZeroWeights,
}

impl Money {
    /// An amount of `minor` minor units of `currency`: `Money::new(125050,
    /// Currency::PHP)` is ₱1,250.50 and `Money::new(1200, Currency::JPY)` is
    /// ¥1,200.
    pub const fn new(minor: i64, currency: Currency) -> Money {
        Money { currency, minor }
    }

    /// Nothing, in `currency`.
    pub const fn zero(currency: Currency) -> Money {
        Money::new(0, currency)
    }

    /// The amount as a count of minor units (centavos for PHP).
    pub const fn minor(&self) -> i64 {
        self.minor
    }

    /// The currency of the amount.
    pub const fn currency(&self) -> Currency {
        self.currency
    }

    /// Whether the amount is exactly zero.
    pub const fn is_zero(&self) -> bool {
        self.minor == 0
    }

    /// Whether the amount is below zero (money owed rather than held).
    pub const fn is_negative(&self) -> bool {
        self.minor < 0
    }

    /// Whether the amount is above zero.
    pub const fn is_positive(&self) -> bool {
        self.minor > 0
    }

    /// `self + rhs`, exactly; refuses different currencies and overflow.
    pub fn checked_add(self, rhs: Money) -> Result<Money, MoneyError> {
        self.require_same_currency(rhs)?;
        self.minor
            .checked_add(rhs.minor)
            .map(|minor| Money::new(minor, self.currency))
            .ok_or(MoneyError::Overflow)
    }

    /// `self - rhs`, exactly; refuses different currencies and overflow.
    pub fn checked_sub(self, rhs: Money) -> Result<Money, MoneyError> {
        self.require_same_currency(rhs)?;
        self.minor
            .checked_sub(rhs.minor)
            .map(|minor| Money::new(minor, self.currency))
            .ok_or(MoneyError::Overflow)
    }

    /// `self × factor` for a whole-number factor (a quantity, a count of
    /// months), exactly; refuses overflow. Fractional factors such as rates
    /// are deliberately not offered: they need a rounding decision, which
    /// [`Money::allocate`] makes explicit.
    pub fn checked_mul_int(self, factor: i64) -> Result<Money, MoneyError> {
        self.minor
            .checked_mul(factor)
            .map(|minor| Money::new(minor, self.currency))
            .ok_or(MoneyError::Overflow)
    }

    /// `-self`; refuses the one amount whose negation does not fit
    /// (`i64::MIN` minor units).
    pub fn checked_neg(self) -> Result<Money, MoneyError> {
        self.minor
            .checked_neg()
            .map(|minor| Money::new(minor, self.currency))
            .ok_or(MoneyError::Overflow)
    }

    fn require_same_currency(self, rhs: Money) -> Result<(), MoneyError> {
        if self.currency == rhs.currency {
            Ok(())
        } else {
            Err(MoneyError::CurrencyMismatch {
                left: self.currency,
                right: rhs.currency,
            })
        }
    }

    /// Splits the amount into parts proportional to `weights`, one part per
    /// weight, using the largest-remainder method on minor units:
    ///
    /// 1. Each part first gets its exact share `|amount| × weight ÷ Σweights`
    ///    rounded down, computed with 128-bit integers so nothing overflows.
    /// 2. The minor units this leaves over (fewer than the number of parts) are
    ///    handed out one at a time to the parts whose exact shares had the
    ///    largest fractional remainders; between equal remainders, the part
    ///    with the lower index goes first.
    /// 3. For a negative amount, the parts are those of the positive amount,
    ///    negated — so refunding a split charge gives everyone back exactly
    ///    what they paid.
    ///
    /// So the parts always add up exactly to the whole, each part is within one
    /// minor unit of its exact share, a part with weight zero gets nothing, and
    /// the result depends only on the amount and the weights. ₱1.00 split
    /// three ways is ₱0.34, ₱0.33, ₱0.33.
    ///
    /// Fails with [`MoneyError::NoWeights`] for an empty slice and
    /// [`MoneyError::ZeroWeights`] when every weight is zero.
    pub fn allocate(&self, weights: &[u64]) -> Result<Vec<Money>, MoneyError> {
        if weights.is_empty() {
            return Err(MoneyError::NoWeights);
        }
        // At most len × u64::MAX, far below u128::MAX for any slice that fits
        // in memory.
        let total_weight: u128 = weights.iter().map(|&w| u128::from(w)).sum();
        if total_weight == 0 {
            return Err(MoneyError::ZeroWeights);
        }

        let whole = u128::from(self.minor.unsigned_abs());
        let mut parts = Vec::with_capacity(weights.len());
        let mut remainders = Vec::with_capacity(weights.len());
        for &weight in weights {
            // whole ≤ 2^63 and weight < 2^64, so the product is below 2^127.
            let exact = whole * u128::from(weight);
            parts.push(exact / total_weight);
            remainders.push(exact % total_weight);
        }

        // The floors undershoot the whole by Σremainder ÷ Σweights, a whole
        // number smaller than the count of non-zero remainders.
        let handed_out: u128 = parts.iter().sum();
        let leftover = whole - handed_out;
        let mut order: Vec<usize> = (0..weights.len()).collect();
        order.sort_by_key(|&index| (Reverse(remainders[index]), index));
        let leftover = usize::try_from(leftover).unwrap_or(usize::MAX);
        for &index in order.iter().take(leftover) {
            parts[index] += 1;
        }

        let negative = self.minor < 0;
        parts
            .into_iter()
            .map(|magnitude| {
                // Every part is at most |amount| ≤ 2^63, so this always fits;
                // the error path is there only to avoid a panic.
                let magnitude = i128::try_from(magnitude).map_err(|_| MoneyError::Overflow)?;
                let signed = if negative { -magnitude } else { magnitude };
                i64::try_from(signed)
                    .map(|minor| Money::new(minor, self.currency))
                    .map_err(|_| MoneyError::Overflow)
            })
            .collect()
    }

    /// Reads a decimal amount as a person types it, exactly.
    ///
    /// Accepted: an optional leading `-`, digits, ASCII commas separating
    /// thousands in the whole-number part (`1,250.50`), and a `.` followed by
    /// at most as many decimal places as `currency` has (2 for PHP, 0 for
    /// JPY); further decimal places are accepted only if they are zeros.
    /// Surrounding whitespace is ignored. Anything else — an empty string,
    /// letters, a currency symbol, a decimal comma, an exponent, too many
    /// decimal places, an amount out of range — is refused with a reason
    /// that can be shown to the person.
    ///
    /// ```text
    /// "1250.5"   PHP → 125050        "1,250.50" PHP → 125050
    /// "-3.25"    PHP → -325          "1200"     JPY → 1200
    /// "1200.5"   JPY → "JPY has no minor unit: at most 0 decimal places"
    /// "1.234"    PHP → "PHP allows at most 2 decimal places"
    /// ```
    pub fn parse_decimal(input: &str, currency: Currency) -> Result<Money, ParseError> {
        Self::parse_decimal_inner(input, currency)
    }

    /// The exchange form of an amount, for APIs and files: plain digits with an optional
    /// minus and decimal point (`1250.50`), nothing around them — no thousands separators, no
    /// spaces. People's ways of writing numbers belong to the pages ([`Money::parse_decimal`]),
    /// which show back what they understood; a program sending `1,250.50` has a bug to hear of.
    pub fn parse_plain(input: &str, currency: Currency) -> Result<Money, ParseError> {
        if input.contains(',') {
            return Err(ParseError::new(format!(
                "{} is not an amount in plain digits: write it without thousands separators, as in 1250.50",
                quote(input)
            )));
        }
        if input.trim() != input {
            return Err(ParseError::new(format!(
                "{} has spaces around the amount",
                quote(input)
            )));
        }
        Self::parse_decimal_inner(input, currency)
    }

    fn parse_decimal_inner(input: &str, currency: Currency) -> Result<Money, ParseError> {
        let text = input.trim();
        if text.is_empty() {
            return Err(ParseError::new(
                "the amount is empty: expected a number such as 1250.50",
            ));
        }
        let not_a_number = || {
            ParseError::new(format!(
                "{} is not an amount: expected a number such as 1250.50",
                quote(text)
            ))
        };

        let (negative, unsigned) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let (whole_part, fraction) = match unsigned.split_once('.') {
            Some((whole_part, fraction)) => (whole_part, Some(fraction)),
            None => (unsigned, None),
        };

        let whole_digits = whole_number_digits(whole_part).map_err(|kind| match kind {
            WholeError::NotDigits => not_a_number(),
            WholeError::BadGrouping => ParseError::new(format!(
                "{} is not an amount: commas may only separate thousands, as in 1,250.50",
                quote(text)
            )),
        })?;
        let fraction = fraction.unwrap_or("");
        if !fraction.bytes().all(|b| b.is_ascii_digit()) {
            return Err(not_a_number());
        }
        if unsigned.ends_with('.') {
            return Err(ParseError::new(format!(
                "{} is not an amount: expected digits after the decimal point",
                quote(text)
            )));
        }
        if whole_digits.is_empty() && fraction.is_empty() {
            return Err(not_a_number());
        }

        let places = usize::from(currency.exponent());
        let (kept, extra) = fraction.split_at(fraction.len().min(places));
        if extra.bytes().any(|b| b != b'0') {
            return Err(ParseError::new(if places == 0 {
                format!("{currency} has no minor unit: at most 0 decimal places")
            } else {
                format!("{currency} allows at most {places} decimal places")
            }));
        }

        // Accumulate |amount| in minor units: whole digits, kept decimals, then
        // zeros for the decimal places not written. Stopping as soon as it
        // passes 2^63 (the largest magnitude an i64 can hold, as a negative)
        // keeps the u128 from ever overflowing, however long the input.
        let limit = u128::from(i64::MIN.unsigned_abs());
        let too_large = || {
            ParseError::new(format!(
                "{} is too large an amount in {currency}",
                quote(text)
            ))
        };
        let padding = std::iter::repeat_n(b'0', places - kept.len());
        let mut magnitude: u128 = 0;
        for digit in whole_digits.into_iter().chain(kept.bytes()).chain(padding) {
            magnitude = magnitude * 10 + u128::from(digit - b'0');
            if magnitude > limit {
                return Err(too_large());
            }
        }
        let magnitude = i128::try_from(magnitude).map_err(|_| too_large())?;
        let signed = if negative { -magnitude } else { magnitude };
        let minor = i64::try_from(signed).map_err(|_| too_large())?;
        Ok(Money::new(minor, currency))
    }

    /// The amount as a plain decimal with exactly the currency's number of
    /// decimal places and no thousands separators: `"1250.50"`, `"-0.05"`,
    /// `"1200"` (JPY), `"1.250"` (BHD). [`Money::parse_decimal`] reads it back
    /// to the same amount.
    pub fn to_decimal_string(&self) -> String {
        let sign = if self.minor < 0 { "-" } else { "" };
        let magnitude = self.minor.unsigned_abs();
        let places = usize::from(self.currency.exponent());
        if places == 0 {
            return format!("{sign}{magnitude}");
        }
        let scale = self.currency.minor_per_major().unsigned_abs();
        format!("{sign}{}.{:0places$}", magnitude / scale, magnitude % scale)
    }
}

impl fmt::Display for Money {
    /// `PHP 1250.50`: the code, a space, and [`Money::to_decimal_string`].
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.currency, self.to_decimal_string())
    }
}

/// Why a whole-number part was refused.
enum WholeError {
    NotDigits,
    BadGrouping,
}

/// The digits of the whole-number part of an amount, as ASCII bytes.
///
/// Without commas, any run of digits (possibly empty, as in `.50`). With
/// commas, they must group thousands properly: a first group of one to three
/// digits, then groups of exactly three (`1,250`, `12,345,678`), which turns
/// away `12,50` — most likely a decimal comma, which would otherwise be read
/// as a number a hundred times too large.
fn whole_number_digits(part: &str) -> Result<Vec<u8>, WholeError> {
    if !part.bytes().all(|b| b.is_ascii_digit() || b == b',') {
        return Err(WholeError::NotDigits);
    }
    if !part.contains(',') {
        return Ok(part.bytes().collect());
    }
    let mut groups = part.split(',');
    let first_ok = groups
        .next()
        .is_some_and(|first| (1..=3).contains(&first.len()));
    if !first_ok || !groups.all(|group| group.len() == 3) {
        return Err(WholeError::BadGrouping);
    }
    Ok(part.bytes().filter(|&b| b != b',').collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn php(minor: i64) -> Money {
        Money::new(minor, Currency::PHP)
    }

    fn currency(code: &str) -> Currency {
        Currency::parse(code).unwrap()
    }

    fn parse(text: &str, code: &str) -> Result<i64, String> {
        Money::parse_decimal(text, currency(code))
            .map(|m| m.minor())
            .map_err(|e| e.reason().to_string())
    }

    #[test]
    fn constructors_and_accessors() {
        let m = php(125_050);
        assert_eq!(m.minor(), 125_050);
        assert_eq!(m.currency(), Currency::PHP);
        assert!(Money::zero(Currency::JPY).is_zero());
        assert_eq!(Money::zero(Currency::JPY).currency(), Currency::JPY);
        assert!(php(-1).is_negative());
        assert!(!php(0).is_negative());
        assert!(!php(0).is_positive());
        assert!(php(1).is_positive());
    }

    #[test]
    fn parse_decimal_examples() {
        assert_eq!(parse("1250.5", "PHP"), Ok(125_050));
        assert_eq!(parse("1250.50", "PHP"), Ok(125_050));
        assert_eq!(parse("1,250.50", "PHP"), Ok(125_050));
        assert_eq!(parse("1,234,567.89", "PHP"), Ok(123_456_789));
        assert_eq!(parse("-3.25", "PHP"), Ok(-325));
        assert_eq!(parse("-0.05", "PHP"), Ok(-5));
        assert_eq!(parse("-0", "PHP"), Ok(0));
        assert_eq!(parse(".5", "PHP"), Ok(50));
        assert_eq!(parse("  42 ", "PHP"), Ok(4200));
        assert_eq!(parse("007", "PHP"), Ok(700));
        assert_eq!(parse("1200", "JPY"), Ok(1200));
        assert_eq!(parse("1,200", "JPY"), Ok(1200));
        assert_eq!(parse("1200.00", "JPY"), Ok(1200));
        assert_eq!(parse("1.25", "BHD"), Ok(1250));
        assert_eq!(parse("1.2345", "CLF"), Ok(12_345));
        assert_eq!(parse("15000", "IDR"), Ok(1_500_000));
        assert_eq!(parse("1.230", "PHP"), Ok(123));
    }

    #[test]
    fn parse_decimal_refuses_extra_decimal_places() {
        assert_eq!(
            parse("1200.5", "JPY"),
            Err("JPY has no minor unit: at most 0 decimal places".to_string())
        );
        let reason = parse("1.234", "PHP").unwrap_err();
        assert!(reason.contains("at most 2 decimal places"), "{reason}");
        let reason = parse("1.2501", "BHD").unwrap_err();
        assert!(reason.contains("at most 3 decimal places"), "{reason}");
    }

    #[test]
    fn parse_decimal_refuses_garbage_with_reasons() {
        assert!(parse("", "PHP").unwrap_err().contains("empty"));
        assert!(parse("   ", "PHP").unwrap_err().contains("empty"));
        for bad in [
            "abc", "-", ".", "-.", "1.2.3", "1e5", "NaN", "inf", "₱100", "100 PHP", "+5", "--5",
            "- 5", "1 000", "0x10", "1.-5", "1.5,0", "١٢٣",
        ] {
            let reason = parse(bad, "PHP").unwrap_err();
            assert!(
                reason.contains("is not an amount"),
                "{bad:?} gave {reason:?}"
            );
        }
        assert_eq!(
            parse("abc", "PHP").unwrap_err(),
            "\"abc\" is not an amount: expected a number such as 1250.50"
        );
        for bad in ["12,50", "1,2345", ",100", "1,", "1,,000", "1000,000"] {
            let reason = parse(bad, "PHP").unwrap_err();
            assert!(
                reason.contains("commas may only separate thousands"),
                "{bad}: {reason}"
            );
        }
        assert!(parse("12.", "PHP")
            .unwrap_err()
            .contains("digits after the decimal point"));
    }

    #[test]
    fn parse_decimal_range_limits() {
        assert_eq!(parse("92233720368547758.07", "PHP"), Ok(i64::MAX));
        assert_eq!(parse("-92233720368547758.08", "PHP"), Ok(i64::MIN));
        assert_eq!(parse("9,223,372,036,854,775,807", "JPY"), Ok(i64::MAX));
        for too_big in [
            "92233720368547758.08",
            "-92233720368547758.09",
            "9223372036854775808",
            "99999999999999999999999999999999999999999999999999",
        ] {
            let reason = parse(too_big, "PHP").unwrap_err();
            assert!(reason.contains("too large"), "{too_big}: {reason}");
        }
        let leading_zeros = format!("{}1", "0".repeat(500));
        assert_eq!(parse(&leading_zeros, "PHP"), Ok(100));
    }

    #[test]
    fn to_decimal_string_examples() {
        assert_eq!(php(125_050).to_decimal_string(), "1250.50");
        assert_eq!(php(-5).to_decimal_string(), "-0.05");
        assert_eq!(php(0).to_decimal_string(), "0.00");
        assert_eq!(Money::new(1200, Currency::JPY).to_decimal_string(), "1200");
        assert_eq!(Money::new(-7, Currency::JPY).to_decimal_string(), "-7");
        assert_eq!(
            Money::new(1250, currency("BHD")).to_decimal_string(),
            "1.250"
        );
        assert_eq!(Money::new(5, currency("UYW")).to_decimal_string(), "0.0005");
        assert_eq!(php(i64::MIN).to_decimal_string(), "-92233720368547758.08");
        assert_eq!(php(i64::MAX).to_decimal_string(), "92233720368547758.07");
    }

    #[test]
    fn every_currency_round_trips_at_the_edges() {
        for currency in Currency::all() {
            for minor in [0, 1, -1, 99, -100, 123_456_789, i64::MIN, i64::MAX] {
                let money = Money::new(minor, currency);
                let text = money.to_decimal_string();
                assert_eq!(
                    Money::parse_decimal(&text, currency),
                    Ok(money),
                    "{currency} {text}"
                );
            }
        }
    }

    #[test]
    fn display_shows_code_and_amount() {
        assert_eq!(php(125_050).to_string(), "PHP 1250.50");
        assert_eq!(Money::new(1200, Currency::JPY).to_string(), "JPY 1200");
        assert_eq!(Money::new(-150, Currency::USD).to_string(), "USD -1.50");
    }

    #[test]
    fn arithmetic_is_exact_and_checked() {
        assert_eq!(php(10).checked_add(php(20)), Ok(php(30)));
        assert_eq!(php(10).checked_sub(php(25)), Ok(php(-15)));
        assert_eq!(php(125).checked_mul_int(3), Ok(php(375)));
        assert_eq!(php(125).checked_mul_int(-2), Ok(php(-250)));
        assert_eq!(php(5).checked_neg(), Ok(php(-5)));
        assert_eq!(php(i64::MAX).checked_add(php(1)), Err(MoneyError::Overflow));
        assert_eq!(php(i64::MIN).checked_sub(php(1)), Err(MoneyError::Overflow));
        assert_eq!(php(i64::MIN).checked_mul_int(-1), Err(MoneyError::Overflow));
        assert_eq!(php(i64::MAX).checked_mul_int(2), Err(MoneyError::Overflow));
        assert_eq!(php(i64::MIN).checked_neg(), Err(MoneyError::Overflow));
        let yen = Money::new(100, Currency::JPY);
        assert_eq!(
            php(100).checked_add(yen),
            Err(MoneyError::CurrencyMismatch {
                left: Currency::PHP,
                right: Currency::JPY
            })
        );
        assert_eq!(
            yen.checked_sub(php(100)),
            Err(MoneyError::CurrencyMismatch {
                left: Currency::JPY,
                right: Currency::PHP
            })
        );
        assert_eq!(
            php(1).checked_add(yen).unwrap_err().to_string(),
            "cannot combine an amount in PHP with an amount in JPY"
        );
    }

    #[test]
    fn allocate_examples() {
        let minors = |m: Money, weights: &[u64]| -> Vec<i64> {
            m.allocate(weights)
                .unwrap()
                .iter()
                .map(Money::minor)
                .collect()
        };
        assert_eq!(minors(php(100), &[1, 1, 1]), [34, 33, 33]);
        assert_eq!(minors(php(-100), &[1, 1, 1]), [-34, -33, -33]);
        // 33.33 and 66.67: the leftover unit goes to the larger remainder.
        assert_eq!(minors(php(100), &[1, 2]), [33, 67]);
        // 2.5 and 2.5: a tie goes to the earlier part; weight 0 gets nothing.
        assert_eq!(minors(php(5), &[1, 0, 1]), [3, 0, 2]);
        assert_eq!(minors(php(1), &[1, 1, 1]), [1, 0, 0]);
        assert_eq!(minors(php(0), &[3, 7]), [0, 0]);
        assert_eq!(minors(php(1000), &[7]), [1000]);
        assert_eq!(minors(php(10), &[3, 3, 4]), [3, 3, 4]);
        assert_eq!(minors(php(i64::MIN), &[1, 1]), [i64::MIN / 2, i64::MIN / 2]);
        assert_eq!(
            minors(php(i64::MAX), &[u64::MAX, u64::MAX]),
            [i64::MAX / 2 + 1, i64::MAX / 2]
        );
        let parts = Money::new(1000, Currency::JPY).allocate(&[1, 2]).unwrap();
        assert!(parts.iter().all(|p| p.currency() == Currency::JPY));
    }

    #[test]
    fn allocate_refuses_empty_or_zero_weights() {
        assert_eq!(php(100).allocate(&[]), Err(MoneyError::NoWeights));
        assert_eq!(php(100).allocate(&[0, 0]), Err(MoneyError::ZeroWeights));
    }

    #[test]
    fn serde_shape_is_currency_then_minor() {
        let json = serde_json::to_string(&php(125_050)).unwrap();
        assert_eq!(json, r#"{"currency":"PHP","minor":125050}"#);
        let back: Money = serde_json::from_str(&json).unwrap();
        assert_eq!(back, php(125_050));
        let back: Money = serde_json::from_str(r#"{"minor":-5,"currency":"jpy"}"#).unwrap();
        assert_eq!(back, Money::new(-5, Currency::JPY));
    }

    #[test]
    fn serde_refuses_bad_input() {
        let err = serde_json::from_str::<Money>(r#"{"currency":"ABC","minor":1}"#).unwrap_err();
        assert!(
            err.to_string()
                .contains("\"ABC\" is not an ISO 4217 currency code"),
            "{err}"
        );
        for bad in [
            r#"{"currency":"PHP"}"#,
            r#"{"minor":1}"#,
            r#"{"currency":"PHP","minor":1.5}"#,
            r#"{"currency":"PHP","minor":"100"}"#,
            r#"{"currency":"PHP","minor":9223372036854775808}"#,
            r#"{"currency":"PHP","minor":1,"extra":true}"#,
        ] {
            assert!(serde_json::from_str::<Money>(bad).is_err(), "{bad}");
        }
    }

    /// Any currency, picking the exponent (0, 2, 3 or 4) first so that the
    /// rare ones (only CLF and UYW have 4) are exercised as often as PHP's 2.
    fn any_currency() -> impl Strategy<Value = Currency> {
        let mut by_exponent: Vec<Vec<Currency>> = Vec::new();
        for exponent in 0..=4 {
            let group: Vec<Currency> = Currency::all()
                .filter(|c| c.exponent() == exponent)
                .collect();
            if !group.is_empty() {
                by_exponent.push(group);
            }
        }
        prop::sample::select(by_exponent).prop_flat_map(prop::sample::select)
    }

    /// Amounts biased towards the edges, where arithmetic breaks first.
    fn any_minor() -> impl Strategy<Value = i64> {
        prop_oneof![
            Just(i64::MIN),
            Just(i64::MIN + 1),
            Just(i64::MAX),
            Just(i64::MAX - 1),
            Just(0_i64),
            -1_000_i64..1_000,
            any::<i64>(),
        ]
    }

    fn any_weights() -> impl Strategy<Value = Vec<u64>> {
        prop::collection::vec(
            prop_oneof![Just(0_u64), 1_u64..10, any::<u64>(), Just(u64::MAX)],
            1..12,
        )
        .prop_filter("at least one non-zero weight", |w| w.iter().any(|&x| x > 0))
    }

    /// Puts thousands separators into the whole-number part, as a person
    /// might type it.
    fn with_thousands_commas(plain: &str) -> String {
        let (sign, rest) = match plain.strip_prefix('-') {
            Some(rest) => ("-", rest),
            None => ("", plain),
        };
        let (whole, fraction) = match rest.split_once('.') {
            Some((w, f)) => (w, Some(f)),
            None => (rest, None),
        };
        let mut grouped = String::new();
        for (i, ch) in whole.chars().enumerate() {
            if i > 0 && (whole.len() - i) % 3 == 0 {
                grouped.push(',');
            }
            grouped.push(ch);
        }
        match fraction {
            Some(f) => format!("{sign}{grouped}.{f}"),
            None => format!("{sign}{grouped}"),
        }
    }

    proptest! {
        #[test]
        fn decimal_string_round_trips(minor in any_minor(), currency in any_currency()) {
            let money = Money::new(minor, currency);
            let text = money.to_decimal_string();
            prop_assert_eq!(Money::parse_decimal(&text, currency), Ok(money));
            let grouped = with_thousands_commas(&text);
            prop_assert_eq!(Money::parse_decimal(&grouped, currency), Ok(money));
            let places = text.split_once('.').map_or(0, |(_, f)| f.len());
            prop_assert_eq!(places, usize::from(currency.exponent()));
        }

        #[test]
        fn parse_decimal_never_panics(text in "\\PC{0,30}", currency in any_currency()) {
            let _ = Money::parse_decimal(&text, currency);
        }

        #[test]
        fn allocate_is_exact_fair_and_deterministic(
            minor in any_minor(),
            weights in any_weights(),
        ) {
            let money = php(minor);
            let parts = money.allocate(&weights).unwrap();
            prop_assert_eq!(parts.len(), weights.len());
            prop_assert!(parts.iter().all(|p| p.currency() == Currency::PHP));

            let sum: i128 = parts.iter().map(|p| i128::from(p.minor())).sum();
            prop_assert_eq!(sum, i128::from(minor));

            // Each part's magnitude is the floor or the ceiling of the exact
            // share |minor| × w ÷ Σw, and exactly it when the share is whole.
            let total_weight: u128 = weights.iter().map(|&w| u128::from(w)).sum();
            let whole = u128::from(minor.unsigned_abs());
            for (part, &weight) in parts.iter().zip(&weights) {
                let exact = whole * u128::from(weight);
                let floor = exact / total_weight;
                let magnitude = u128::from(part.minor().unsigned_abs());
                if exact % total_weight == 0 {
                    prop_assert_eq!(magnitude, floor);
                } else {
                    prop_assert!(magnitude == floor || magnitude == floor + 1);
                }
                prop_assert!(part.minor() == 0 || (part.minor() < 0) == (minor < 0));
            }

            prop_assert_eq!(money.allocate(&weights).unwrap(), parts.clone());

            if let Ok(negated) = money.checked_neg() {
                let mirrored: Vec<i64> = negated
                    .allocate(&weights)
                    .unwrap()
                    .iter()
                    .map(|p| -p.minor())
                    .collect();
                let original: Vec<i64> = parts.iter().map(Money::minor).collect();
                prop_assert_eq!(mirrored, original);
            }
        }

        #[test]
        fn checked_add_is_commutative_and_exact(a in any_minor(), b in any_minor()) {
            let (x, y) = (php(a), php(b));
            prop_assert_eq!(x.checked_add(y), y.checked_add(x));
            let exact = i128::from(a) + i128::from(b);
            match x.checked_add(y) {
                Ok(sum) => prop_assert_eq!(i128::from(sum.minor()), exact),
                Err(err) => {
                    prop_assert_eq!(err, MoneyError::Overflow);
                    prop_assert!(i64::try_from(exact).is_err());
                }
            }
        }

        #[test]
        fn checked_sub_and_mul_match_exact_arithmetic(a in any_minor(), b in any_minor()) {
            let exact_sub = i128::from(a) - i128::from(b);
            match php(a).checked_sub(php(b)) {
                Ok(diff) => prop_assert_eq!(i128::from(diff.minor()), exact_sub),
                Err(_) => prop_assert!(i64::try_from(exact_sub).is_err()),
            }
            let exact_mul = i128::from(a) * i128::from(b);
            match php(a).checked_mul_int(b) {
                Ok(product) => prop_assert_eq!(i128::from(product.minor()), exact_mul),
                Err(_) => prop_assert!(i64::try_from(exact_mul).is_err()),
            }
        }

        #[test]
        fn mixed_currencies_never_combine(
            a in any_minor(),
            b in any_minor(),
            left in any_currency(),
            right in any_currency(),
        ) {
            prop_assume!(left != right);
            let expected = Err(MoneyError::CurrencyMismatch { left, right });
            prop_assert_eq!(Money::new(a, left).checked_add(Money::new(b, right)), expected);
            prop_assert_eq!(Money::new(a, left).checked_sub(Money::new(b, right)), expected);
        }

        #[test]
        fn serde_round_trips(minor in any_minor(), currency in any_currency()) {
            let money = Money::new(minor, currency);
            let json = serde_json::to_string(&money).unwrap();
            prop_assert_eq!(serde_json::from_str::<Money>(&json).unwrap(), money);
        }
    }

    #[test]
    fn the_plain_form_has_no_separators_or_spaces() {
        let php = Currency::PHP;
        assert_eq!(Money::parse_plain("1250.50", php).unwrap().minor(), 125_050);
        assert_eq!(Money::parse_plain("-3", php).unwrap().minor(), -300);
        for bad in ["1,250.50", " 12", "12 ", "1,000", ""] {
            assert!(Money::parse_plain(bad, php).is_err(), "{bad:?}");
        }
        // The pages' form still reads what people write.
        assert_eq!(
            Money::parse_decimal("1,250.50", php).unwrap().minor(),
            125_050
        );
    }
}

//! The error returned when text typed by a person (or read from a file or a
//! request) does not parse into a domain value.
//!
//! It carries one sentence meant to be shown to that person as is, so every
//! parser in this crate words its reasons for a reader, not for a developer:
//! `"ABC" is not an ISO 4217 currency code`, not `invalid input`.

/// Why a piece of text could not be parsed, worded for the person who wrote it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct ParseError(pub String);

impl ParseError {
    /// Builds an error from a human-readable reason.
    pub fn new(reason: impl Into<String>) -> Self {
        Self(reason.into())
    }

    /// The reason, ready to show to a person.
    pub fn reason(&self) -> &str {
        &self.0
    }
}

/// Longest piece of input echoed back in a reason; longer input is cut, so a
/// pasted page of text does not turn into a page-long error message.
const MAX_ECHO_CHARS: usize = 40;

/// Quotes `input` for use inside a reason, escaping control characters and
/// shortening very long input.
pub(crate) fn quote(input: &str) -> String {
    if input.chars().count() <= MAX_ECHO_CHARS {
        format!("{input:?}")
    } else {
        let head: String = input.chars().take(MAX_ECHO_CHARS).collect();
        format!("{head:?}…")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reason_is_the_display_text() {
        let err = ParseError::new("\"ABC\" is not an ISO 4217 currency code");
        assert_eq!(err.reason(), "\"ABC\" is not an ISO 4217 currency code");
        assert_eq!(err.to_string(), err.reason());
    }

    #[test]
    fn quote_escapes_and_shortens() {
        assert_eq!(quote("ABC"), "\"ABC\"");
        assert_eq!(quote("a\nb"), "\"a\\nb\"");
        let long = "x".repeat(100);
        let quoted = quote(&long);
        assert!(quoted.ends_with('…'));
        assert_eq!(quoted.chars().count(), MAX_ECHO_CHARS + 3);
    }
}

/// Whole numbers from JSON, however written: `241` and `241.0` are the same number to JSON
/// (and to JSON Schema's `integer`), so both are read; `241.5`, a number out of the target
/// type's range, or anything that is not a number is refused, naming the field.
pub mod whole {
    use std::marker::PhantomData;

    use serde::de::{self, Deserializer, Visitor};

    struct Whole<T>(PhantomData<T>);

    fn fit<T: TryFrom<i128>, E: de::Error>(n: i128, shown: &dyn std::fmt::Display) -> Result<T, E> {
        T::try_from(n).map_err(|_| E::custom(format!("{shown} is out of range for this field")))
    }

    impl<'de, T: TryFrom<i128>> Visitor<'de> for Whole<T> {
        type Value = T;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a whole number")
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<T, E> {
            fit(i128::from(v), &v)
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<T, E> {
            fit(i128::from(v), &v)
        }
        fn visit_f64<E: de::Error>(self, v: f64) -> Result<T, E> {
            // Within ±2^63 every f64 with no fraction is exact; beyond, it is out of range.
            if v.is_finite() && v.fract() == 0.0 && v.abs() < 9.2e18 {
                fit(v as i128, &v)
            } else {
                Err(E::custom(format!("{v} is not a whole number in range")))
            }
        }
    }

    /// For a whole-number field.
    pub fn deserialize<'de, D: Deserializer<'de>, T: TryFrom<i128>>(d: D) -> Result<T, D::Error> {
        d.deserialize_any(Whole(PhantomData))
    }

    /// For an optional whole-number field (use with `#[serde(default)]`).
    pub fn option<'de, D: Deserializer<'de>, T: TryFrom<i128>>(
        d: D,
    ) -> Result<Option<T>, D::Error> {
        struct Opt<T>(PhantomData<T>);
        impl<'de, T: TryFrom<i128>> Visitor<'de> for Opt<T> {
            type Value = Option<T>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a whole number or null")
            }
            fn visit_none<E: de::Error>(self) -> Result<Option<T>, E> {
                Ok(None)
            }
            fn visit_unit<E: de::Error>(self) -> Result<Option<T>, E> {
                Ok(None)
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Option<T>, D::Error> {
                deserialize(d).map(Some)
            }
        }
        d.deserialize_option(Opt(PhantomData))
    }

    #[cfg(test)]
    mod tests {
        #[derive(serde::Deserialize, Debug)]
        struct T {
            #[serde(deserialize_with = "super::deserialize")]
            q: u32,
            #[serde(default, deserialize_with = "super::option")]
            o: Option<i64>,
        }

        #[test]
        fn integral_floats_are_whole_numbers_and_nothing_else_is() {
            let t: T = serde_json::from_str(r#"{"q": 241.0, "o": -3}"#).unwrap();
            assert_eq!((t.q, t.o), (241, Some(-3)));
            let t: T = serde_json::from_str(r#"{"q": 7, "o": null}"#).unwrap();
            assert_eq!((t.q, t.o), (7, None));
            let t: T = serde_json::from_str(r#"{"q": 7}"#).unwrap();
            assert_eq!(t.o, None);
            for bad in [
                r#"{"q": 1.5}"#,
                r#"{"q": -1}"#,
                r#"{"q": 4294967296}"#,
                r#"{"q": "7"}"#,
                r#"{"q": 1e300}"#,
            ] {
                assert!(serde_json::from_str::<T>(bad).is_err(), "{bad}");
            }
        }
    }
}

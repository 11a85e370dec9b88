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

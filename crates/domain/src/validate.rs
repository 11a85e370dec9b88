//! Collecting every problem with an input at once, each tied to the field it came from.
//!
//! A coordinator filling in a form wants to hear about all that is wrong in one go, not one
//! field per round trip over a slow link; so parsers of whole inputs gather [`FieldError`]s in
//! an [`Invalid`] instead of stopping at the first.

use serde::Serialize;

use crate::parse::ParseError;

/// One field that could not be accepted, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    /// Path of the field in the input, e.g. `country` or `location.lat`.
    pub field: String,
    /// Why it was refused, in words a person understands.
    pub reason: String,
}

/// An input refused as a whole, with every field that was wrong.
#[derive(Debug, Clone, PartialEq, Eq, Default, thiserror::Error)]
#[error("invalid input: {}", .errors.iter().map(|e| format!("{}: {}", e.field, e.reason)).collect::<Vec<_>>().join("; "))]
pub struct Invalid {
    pub errors: Vec<FieldError>,
}

impl Invalid {
    /// A single-field error.
    pub fn field(field: impl Into<String>, reason: impl Into<String>) -> Self {
        Invalid {
            errors: vec![FieldError {
                field: field.into(),
                reason: reason.into(),
            }],
        }
    }
}

/// Gathers field errors while an input is parsed.
#[derive(Debug, Default)]
pub struct Collector {
    errors: Vec<FieldError>,
}

impl Collector {
    pub fn new() -> Self {
        Self::default()
    }

    /// Records the error of `result` under `field`, returning the value when it parsed.
    pub fn take<T>(&mut self, field: &str, result: Result<T, ParseError>) -> Option<T> {
        match result {
            Ok(v) => Some(v),
            Err(e) => {
                self.push(field, e.reason());
                None
            }
        }
    }

    pub fn push(&mut self, field: impl Into<String>, reason: impl Into<String>) {
        self.errors.push(FieldError {
            field: field.into(),
            reason: reason.into(),
        });
    }

    /// An optional calendar date `YYYY-MM-DD` (surrounding spaces ignored).
    pub fn optional_date(&mut self, field: &str, v: Option<&str>) -> Option<jiff::civil::Date> {
        let s = v?.trim();
        match s.parse::<jiff::civil::Date>() {
            Ok(d) => Some(d),
            Err(_) => {
                self.push(
                    field,
                    format!("\"{s}\" is not a date in the form YYYY-MM-DD"),
                );
                None
            }
        }
    }

    /// `Err` with every recorded error, or `Ok(())` when there was none.
    pub fn finish(self) -> Result<(), Invalid> {
        if self.errors.is_empty() {
            Ok(())
        } else {
            Err(Invalid {
                errors: self.errors,
            })
        }
    }
}

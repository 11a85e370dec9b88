//! Row decoding, in one place: every column type the store keeps as TEXT or BIGINT (UUIDs,
//! dates, microsecond timestamps, currencies, vocabulary ids, whole counts) read back through
//! one trait, so a value this version cannot read is reported the same way everywhere (as
//! `StoreError::Corrupt`, naming the column), never decoded by hand.

use bayanihan_domain::vocab::Vocabulary;
use bayanihan_domain::{Currency, Money};
use jiff::civil::Date;
use jiff::Timestamp;
use sqlx::any::AnyRow;
use sqlx::{ColumnIndex, Row};
use uuid::Uuid;

use crate::StoreError;

/// Stored data this version cannot read, naming what it is.
pub(crate) fn corrupt(what: impl std::fmt::Display, e: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(format!("{what}: {e}"))
}

/// A UUID kept as TEXT, read from a value already fetched.
pub(crate) fn uuid_text(s: &str) -> Result<Uuid, StoreError> {
    Uuid::parse_str(s).map_err(|e| corrupt("id", e))
}

/// An instant kept as BIGINT microseconds, read from a value already fetched.
pub(crate) fn instant_micros(micros: i64) -> Result<Timestamp, StoreError> {
    Timestamp::from_microsecond(micros).map_err(|e| corrupt("timestamp", e))
}

/// A date kept as TEXT, read from a value already fetched.
pub(crate) fn date_text(s: &str) -> Result<Date, StoreError> {
    s.parse().map_err(|e| corrupt("date", e))
}

/// Typed reads of a row's columns (by name or position).
pub(crate) trait Columns {
    /// A UUID kept as TEXT.
    fn uuid<I: ColumnIndex<AnyRow> + std::fmt::Display + Copy>(
        &self,
        col: I,
    ) -> Result<Uuid, StoreError>;
    /// A UUID kept as TEXT, or NULL.
    fn opt_uuid<I: ColumnIndex<AnyRow> + std::fmt::Display + Copy>(
        &self,
        col: I,
    ) -> Result<Option<Uuid>, StoreError>;
    /// A calendar date kept as TEXT (YYYY-MM-DD).
    fn date<I: ColumnIndex<AnyRow> + std::fmt::Display + Copy>(
        &self,
        col: I,
    ) -> Result<Date, StoreError>;
    /// An instant kept as BIGINT microseconds since the epoch.
    fn instant<I: ColumnIndex<AnyRow> + std::fmt::Display + Copy>(
        &self,
        col: I,
    ) -> Result<Timestamp, StoreError>;
    /// An ISO 4217 code kept as TEXT.
    fn currency<I: ColumnIndex<AnyRow> + std::fmt::Display + Copy>(
        &self,
        col: I,
    ) -> Result<Currency, StoreError>;
    /// An amount in minor units (BIGINT) of `currency`.
    fn money<I: ColumnIndex<AnyRow> + std::fmt::Display + Copy>(
        &self,
        col: I,
        currency: Currency,
    ) -> Result<Money, StoreError>;
    /// A concept id of a controlled vocabulary kept as TEXT.
    fn concept<T: Vocabulary, I: ColumnIndex<AnyRow> + std::fmt::Display + Copy>(
        &self,
        col: I,
    ) -> Result<T, StoreError>;
    /// A concept id of a controlled vocabulary kept as TEXT, or NULL.
    fn opt_concept<T: Vocabulary, I: ColumnIndex<AnyRow> + std::fmt::Display + Copy>(
        &self,
        col: I,
    ) -> Result<Option<T>, StoreError>;
    /// A count kept as BIGINT, never negative.
    fn count<I: ColumnIndex<AnyRow> + std::fmt::Display + Copy>(
        &self,
        col: I,
    ) -> Result<u64, StoreError>;
}

impl Columns for AnyRow {
    fn uuid<I: ColumnIndex<AnyRow> + std::fmt::Display + Copy>(
        &self,
        col: I,
    ) -> Result<Uuid, StoreError> {
        let s: String = self.try_get(col)?;
        Uuid::parse_str(&s).map_err(|e| corrupt(col, e))
    }

    fn opt_uuid<I: ColumnIndex<AnyRow> + std::fmt::Display + Copy>(
        &self,
        col: I,
    ) -> Result<Option<Uuid>, StoreError> {
        self.try_get::<Option<String>, _>(col)?
            .map(|s| Uuid::parse_str(&s).map_err(|e| corrupt(col, e)))
            .transpose()
    }

    fn date<I: ColumnIndex<AnyRow> + std::fmt::Display + Copy>(
        &self,
        col: I,
    ) -> Result<Date, StoreError> {
        let s: String = self.try_get(col)?;
        s.parse().map_err(|e| corrupt(col, e))
    }

    fn instant<I: ColumnIndex<AnyRow> + std::fmt::Display + Copy>(
        &self,
        col: I,
    ) -> Result<Timestamp, StoreError> {
        let micros: i64 = self.try_get(col)?;
        Timestamp::from_microsecond(micros).map_err(|e| corrupt(col, e))
    }

    fn currency<I: ColumnIndex<AnyRow> + std::fmt::Display + Copy>(
        &self,
        col: I,
    ) -> Result<Currency, StoreError> {
        let s: String = self.try_get(col)?;
        Currency::parse(&s).map_err(|e| corrupt(col, e))
    }

    fn money<I: ColumnIndex<AnyRow> + std::fmt::Display + Copy>(
        &self,
        col: I,
        currency: Currency,
    ) -> Result<Money, StoreError> {
        Ok(Money::new(self.try_get::<i64, _>(col)?, currency))
    }

    fn concept<T: Vocabulary, I: ColumnIndex<AnyRow> + std::fmt::Display + Copy>(
        &self,
        col: I,
    ) -> Result<T, StoreError> {
        let s: String = self.try_get(col)?;
        T::parse(&s).map_err(|e| corrupt(col, e))
    }

    fn opt_concept<T: Vocabulary, I: ColumnIndex<AnyRow> + std::fmt::Display + Copy>(
        &self,
        col: I,
    ) -> Result<Option<T>, StoreError> {
        self.try_get::<Option<String>, _>(col)?
            .map(|s| T::parse(&s).map_err(|e| corrupt(col, e)))
            .transpose()
    }

    fn count<I: ColumnIndex<AnyRow> + std::fmt::Display + Copy>(
        &self,
        col: I,
    ) -> Result<u64, StoreError> {
        let n: i64 = self.try_get(col)?;
        u64::try_from(n).map_err(|e| corrupt(col, e))
    }
}

/// Binding an optional `DOUBLE PRECISION` the same way on every call.
///
/// sqlx's `Any` driver sends a NULL `f64` to PostgreSQL as a NULL `float4` (its mapping of
/// `Null(Double)` and `Null(Real)` is crossed in sqlx-core 0.8's `any/arguments.rs`), and
/// PostgreSQL keeps the parameter types of the first use of a cached statement: a NULL
/// first, a value next, and the value's eight bytes are refused as a `float4`. A NULL bound
/// as `f32` travels as a NULL `float8`, which matches every later value.
pub(crate) trait BindDouble<'q> {
    fn bind_double(self, v: Option<f64>) -> Self;
}

impl<'q> BindDouble<'q> for sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>> {
    fn bind_double(self, v: Option<f64>) -> Self {
        match v {
            Some(x) => self.bind(x),
            None => self.bind(None::<f32>),
        }
    }
}

//! The statement layer both engines share: a close, a clearing round or a rollup builds its
//! writes once as plain SQL with parameters ([`Stmt`]); sqlx runs them on either engine
//! ([`execute_statements`]), and the SQLite fast path runs the same text through rusqlite.

use sqlx::{Any, Transaction as SqlTx};

use crate::{Store, StoreError};

/// A parameter of a [`Stmt`].
#[derive(Debug, Clone)]
pub(crate) enum Param {
    Text(String),
    Int(i64),
    Blob(Vec<u8>),
    Null,
}

/// One SQL statement with its parameters, runnable on either engine.
#[derive(Debug, Clone)]
pub(crate) struct Stmt {
    pub sql: &'static str,
    pub params: Vec<Param>,
}

/// A text parameter.
pub(crate) fn text(s: impl ToString) -> Param {
    Param::Text(s.to_string())
}

/// Runs statements built for either engine inside a transaction of the `Any` pool.
pub(crate) async fn execute_statements(
    tx: &mut SqlTx<'static, Any>,
    stmts: &[Stmt],
) -> Result<(), StoreError> {
    for stmt in stmts {
        bound(stmt).execute(&mut **tx).await?;
    }
    Ok(())
}

/// A [`Stmt`] as an sqlx query with its parameters bound.
pub(crate) fn bound(stmt: &Stmt) -> sqlx::query::Query<'_, Any, sqlx::any::AnyArguments<'_>> {
    bound_text(stmt.sql, &stmt.params)
}

/// SQL text as an sqlx query with `params` bound to its `$1…$N`.
pub(crate) fn bound_text<'q>(
    sql: &'q str,
    params: &'q [Param],
) -> sqlx::query::Query<'q, Any, sqlx::any::AnyArguments<'q>> {
    let mut q = sqlx::query(sql);
    for p in params {
        q = match p {
            Param::Text(t) => q.bind(t.as_str()),
            Param::Int(n) => q.bind(*n),
            Param::Blob(b) => q.bind(b.as_slice()),
            Param::Null => q.bind(None::<String>),
        };
    }
    q
}

impl Store {
    /// Runs statements in one write transaction (retried as a whole).
    pub(crate) async fn write_statements(&self, stmts: &[Stmt]) -> Result<(), StoreError> {
        write_tx!(self, tx, {
            crate::stmt::execute_statements(&mut tx, stmts).await?;
            Ok(())
        })
    }
}

/// What a column of [`Exec::rows`] holds.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Col {
    Text,
    Int,
}

/// A write transaction on either engine, for logic written once and run on both: sqlx's
/// transaction (any engine), or `native::NativeTx` on SQLite, where a hot path must not hand every
/// statement to sqlx's worker thread. The native side never waits, so its futures finish on
/// their first poll (`native::run_now`).
pub(crate) trait Exec {
    /// Runs one statement; how many rows it changed.
    async fn execute(&mut self, sql: &str, params: &[Param]) -> Result<u64, StoreError>;
    /// The rows of one query, each column read as `cols` says (NULL as [`Param::Null`]).
    async fn rows(
        &mut self,
        sql: &str,
        params: &[Param],
        cols: &[Col],
    ) -> Result<Vec<Vec<Param>>, StoreError>;
}

impl Exec for SqlTx<'_, Any> {
    async fn execute(&mut self, sql: &str, params: &[Param]) -> Result<u64, StoreError> {
        Ok(bound_text(sql, params)
            .execute(&mut **self)
            .await?
            .rows_affected())
    }

    async fn rows(
        &mut self,
        sql: &str,
        params: &[Param],
        cols: &[Col],
    ) -> Result<Vec<Vec<Param>>, StoreError> {
        use sqlx::Row;
        let mut out = Vec::new();
        for row in bound_text(sql, params).fetch_all(&mut **self).await? {
            let mut values = Vec::with_capacity(cols.len());
            for (i, c) in cols.iter().enumerate() {
                values.push(match c {
                    Col::Text => row
                        .try_get::<Option<String>, _>(i)?
                        .map_or(Param::Null, Param::Text),
                    Col::Int => row
                        .try_get::<Option<i64>, _>(i)?
                        .map_or(Param::Null, Param::Int),
                });
            }
            out.push(values);
        }
        Ok(out)
    }
}

impl Param {
    /// The text of a text value.
    pub(crate) fn as_text(&self) -> Option<&str> {
        match self {
            Param::Text(s) => Some(s),
            _ => None,
        }
    }

    /// The number of an integer value.
    pub(crate) fn as_int(&self) -> Option<i64> {
        match self {
            Param::Int(n) => Some(*n),
            _ => None,
        }
    }
}

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
    let mut q = sqlx::query(stmt.sql);
    for p in &stmt.params {
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

//! The ledger in the database: the statements that record a balanced transaction (its
//! postings), for every writer of money — a close, a payment, a clearing round.

use bayanihan_domain::ledger::Transaction;
use uuid::Uuid;

use crate::stmt::{text, Param, Stmt};

/// The statements recording a ledger transaction.
pub(crate) fn transaction_statements(t: &Transaction, cycle: Option<Uuid>, now: i64) -> Vec<Stmt> {
    let mut out = vec![Stmt {
        sql: "INSERT INTO ledger_transactions (id, memo, cycle_id, created_at) VALUES ($1, $2, $3, $4)",
        params: vec![text(t.id), text(&t.memo), cycle.map_or(Param::Null, text), Param::Int(now)],
    }];
    for p in &t.postings {
        out.push(Stmt {
            sql: "INSERT INTO ledger_postings (transaction_id, organization_id, kind, currency, amount) \
                  VALUES ($1, $2, $3, $4, $5)",
            params: vec![
                text(t.id),
                text(p.account.organization),
                text(p.account.kind.id()),
                text(p.account.currency.code()),
                Param::Int(p.amount.minor()),
            ],
        });
    }
    out
}

//! The ledger's hash chains in the database (the rules are `bayanihan_domain::chain`).
//!
//! Every writer of an obligation, a payment or a ledger transaction seals what it wrote in the
//! same database transaction: it reads the head of each concerned organization's chain and
//! appends one `ledger_chain` row per organization. Two writers of one organization's chain
//! collide on the head (SQLite: one writer at a time; PostgreSQL: SERIALIZABLE, so one is
//! retried), and the primary key `(organization_id, seq)` refuses a fork on any engine.
//!
//! Records written before the chain existed (an upgraded database) are sealed by the migration
//! that made the chains, in its own transaction ([`seal_all_unsealed`]).

use std::collections::{BTreeMap, HashMap, HashSet};

use bayanihan_domain::chain::{
    verify_chain, Break, ChainPosting, ChainRow, Checkpoint, Entry, EntryKind, Head,
};
use bayanihan_domain::ledger::Transaction;
use bayanihan_domain::trade::settle::ObligationDraft;
use serde::Serialize;
use sqlx::{AnyConnection, Row};
use uuid::Uuid;

use crate::rows::{corrupt, uuid_text};
use crate::stmt::{execute_statements, text, Param, Stmt};
use crate::{Store, StoreError};

const HEAD: &str =
    "SELECT seq, hash FROM ledger_chain WHERE organization_id = $1 ORDER BY seq DESC LIMIT 1";
const APPEND: &str =
    "INSERT INTO ledger_chain (organization_id, seq, entry_kind, entry_id, hash, created_at) \
                      VALUES ($1, $2, $3, $4, $5, $6)";

/// The chain entry of a ledger transaction written at `now`.
pub(crate) fn transaction_entry(t: &Transaction, cycle: Option<Uuid>, now: i64) -> Entry {
    Entry::Transaction {
        id: t.id,
        cycle,
        created_at: now,
        postings: t
            .postings
            .iter()
            .map(|p| ChainPosting {
                organization: p.account.organization,
                kind: p.account.kind.id().to_string(),
                currency: p.account.currency.code().to_string(),
                amount: p.amount.minor(),
            })
            .collect(),
    }
}

/// The chain entry of an obligation a close writes.
pub(crate) fn obligation_entry(o: &ObligationDraft, cycle: Option<Uuid>, now: i64) -> Entry {
    Entry::Obligation {
        id: o.id,
        debtor: o.debtor,
        creditor: o.creditor,
        currency: o.amount.currency().code().to_string(),
        amount: o.amount.minor(),
        due_date: o.due_date.to_string(),
        cycle,
        created_at: now,
    }
}

/// The statements appending `entries`, in order, to the chains whose heads are in `heads`
/// (every concerned organization must be there; the heads move along).
fn append_statements(heads: &mut HashMap<Uuid, Head>, entries: &[Entry], now: i64) -> Vec<Stmt> {
    let mut out = Vec::new();
    for e in entries {
        for org in e.organizations() {
            let head = heads.entry(org).or_insert_with(Head::genesis);
            *head = head.append(org, e);
            out.push(Stmt {
                sql: APPEND,
                params: vec![
                    text(org),
                    Param::Int(head.seq),
                    text(e.kind().id()),
                    text(e.id()),
                    text(&head.hash),
                    Param::Int(now),
                ],
            });
        }
    }
    out
}

fn organizations(entries: &[Entry]) -> Vec<Uuid> {
    let mut orgs: Vec<Uuid> = entries.iter().flat_map(Entry::organizations).collect();
    orgs.sort();
    orgs.dedup();
    orgs
}

/// Seals `entries` inside the caller's transaction (sqlx, either engine).
pub(crate) async fn seal(
    conn: &mut AnyConnection,
    entries: &[Entry],
    now: i64,
) -> Result<(), StoreError> {
    let mut heads = HashMap::new();
    for org in organizations(entries) {
        let head = sqlx::query(HEAD)
            .bind(org.to_string())
            .fetch_optional(&mut *conn)
            .await?
            .map(|r| -> Result<Head, StoreError> {
                Ok(Head {
                    seq: r.try_get(0)?,
                    hash: r.try_get(1)?,
                })
            })
            .transpose()?
            .unwrap_or_else(Head::genesis);
        heads.insert(org, head);
    }
    for s in append_statements(&mut heads, entries, now) {
        crate::stmt::bound(&s).execute(&mut *conn).await?;
    }
    Ok(())
}

/// Seals `entries` inside a native SQLite transaction (the fast close).
pub(crate) fn seal_native(
    tx: &rusqlite::Transaction<'_>,
    entries: &[Entry],
    now: i64,
) -> Result<(), StoreError> {
    let mut heads = HashMap::new();
    {
        let mut st = tx.prepare_cached(HEAD)?;
        for org in organizations(entries) {
            let mut rows = st.query([org.to_string()])?;
            let head = match rows.next()? {
                Some(r) => Head {
                    seq: r.get(0)?,
                    hash: r.get(1)?,
                },
                None => Head::genesis(),
            };
            heads.insert(org, head);
        }
    }
    for s in append_statements(&mut heads, entries, now) {
        let mut st = tx.prepare_cached(s.sql)?;
        crate::native::bind(&mut st, &s.params)?;
        st.raw_execute()?;
    }
    Ok(())
}

/// Seals every record no chain holds yet, oldest first, inside the caller's transaction;
/// returns how many were sealed. Run once, by the migration that made the chains (an upgraded
/// database's old books), and by the test loaders — never on a running server's books, where it
/// would seal what an intruder slipped in.
pub(crate) async fn seal_all_unsealed(
    conn: &mut AnyConnection,
    now: i64,
) -> Result<usize, StoreError> {
    let entries = load_entries(&mut *conn).await?;
    let sealed: HashSet<(EntryKind, Uuid)> =
        sqlx::query("SELECT DISTINCT entry_kind, entry_id FROM ledger_chain")
            .fetch_all(&mut *conn)
            .await?
            .iter()
            .map(|r| -> Result<_, StoreError> {
                let kind: String = r.try_get(0)?;
                Ok((
                    EntryKind::parse(&kind).ok_or_else(|| corrupt("entry_kind", &kind))?,
                    uuid_text(&r.try_get::<String, _>(1)?)?,
                ))
            })
            .collect::<Result<_, _>>()?;
    let mut todo: Vec<&Entry> = entries
        .values()
        .filter(|e| !sealed.contains(&(e.kind(), e.id())))
        .collect();
    // Oldest first; an obligation before its payments and its transaction.
    todo.sort_by_key(|e| (created_at(e), e.kind(), e.id()));
    let todo: Vec<Entry> = todo.into_iter().cloned().collect();
    seal(conn, &todo, now).await?;
    Ok(todo.len())
}

/// Every sealable record in the database, read as the chain hashes it.
async fn load_entries(
    conn: &mut AnyConnection,
) -> Result<BTreeMap<(EntryKind, Uuid), Entry>, StoreError> {
    let mut out = BTreeMap::new();
    let opt_uuid = |s: Option<String>| s.as_deref().map(uuid_text).transpose();
    for r in sqlx::query(
        "SELECT id, debtor_id, creditor_id, currency, amount, due_date, cycle_id, created_at FROM obligations",
    )
    .fetch_all(&mut *conn)
    .await?
    {
        let e = Entry::Obligation {
            id: uuid_text(&r.try_get::<String, _>(0)?)?,
            debtor: uuid_text(&r.try_get::<String, _>(1)?)?,
            creditor: uuid_text(&r.try_get::<String, _>(2)?)?,
            currency: r.try_get(3)?,
            amount: r.try_get(4)?,
            due_date: r.try_get(5)?,
            cycle: opt_uuid(r.try_get(6)?)?,
            created_at: r.try_get(7)?,
        };
        out.insert((e.kind(), e.id()), e);
    }
    for r in sqlx::query(
        "SELECT p.id, p.obligation_id, o.debtor_id, o.creditor_id, o.currency, p.amount, p.method, p.paid_on, \
         p.reverses, p.created_at FROM payments p JOIN obligations o ON o.id = p.obligation_id",
    )
    .fetch_all(&mut *conn)
    .await?
    {
        let e = Entry::Payment {
            id: uuid_text(&r.try_get::<String, _>(0)?)?,
            obligation: uuid_text(&r.try_get::<String, _>(1)?)?,
            debtor: uuid_text(&r.try_get::<String, _>(2)?)?,
            creditor: uuid_text(&r.try_get::<String, _>(3)?)?,
            currency: r.try_get(4)?,
            amount: r.try_get(5)?,
            method: r.try_get(6)?,
            paid_on: r.try_get(7)?,
            reverses: opt_uuid(r.try_get(8)?)?,
            created_at: r.try_get(9)?,
        };
        out.insert((e.kind(), e.id()), e);
    }
    for r in sqlx::query(
        "SELECT t.id, t.cycle_id, t.created_at, p.organization_id, p.kind, p.currency, p.amount \
         FROM ledger_transactions t LEFT JOIN ledger_postings p ON p.transaction_id = t.id",
    )
    .fetch_all(&mut *conn)
    .await?
    {
        let id = uuid_text(&r.try_get::<String, _>(0)?)?;
        let entry = out
            .entry((EntryKind::Transaction, id))
            .or_insert_with(|| Entry::Transaction {
                id,
                cycle: None,
                created_at: 0,
                postings: Vec::new(),
            });
        let Entry::Transaction {
            cycle,
            created_at,
            postings,
            ..
        } = entry
        else {
            unreachable!("keyed by kind")
        };
        *cycle = opt_uuid(r.try_get(1)?)?;
        *created_at = r.try_get(2)?;
        if let Some(org) = r.try_get::<Option<String>, _>(3)? {
            postings.push(ChainPosting {
                organization: uuid_text(&org)?,
                kind: r.try_get(4)?,
                currency: r.try_get(5)?,
                amount: r.try_get(6)?,
            });
        }
    }
    Ok(out)
}

/// Every chain row, by organization, in sequence order.
async fn load_chains(
    conn: &mut AnyConnection,
) -> Result<BTreeMap<Uuid, Vec<ChainRow>>, StoreError> {
    let mut out: BTreeMap<Uuid, Vec<ChainRow>> = BTreeMap::new();
    for r in sqlx::query(
        "SELECT organization_id, seq, entry_kind, entry_id, hash FROM ledger_chain ORDER BY organization_id, seq",
    )
    .fetch_all(&mut *conn)
    .await?
    {
        let kind: String = r.try_get(2)?;
        out.entry(uuid_text(&r.try_get::<String, _>(0)?)?).or_default().push(ChainRow {
            seq: r.try_get(1)?,
            kind: EntryKind::parse(&kind).ok_or_else(|| corrupt("entry_kind", &kind))?,
            entry: uuid_text(&r.try_get::<String, _>(3)?)?,
            hash: r.try_get(4)?,
        });
    }
    Ok(out)
}

/// What `verify` found for one organization's chain.
#[derive(Debug, Clone, Serialize)]
pub struct ChainReport {
    pub organization: Uuid,
    pub name: String,
    /// Entries in the chain.
    pub entries: i64,
    /// The last hash that verified.
    pub head: String,
    /// The first thing wrong, if any.
    #[serde(serialize_with = "display")]
    pub problem: Option<Break>,
}

fn display<S: serde::Serializer>(b: &Option<Break>, s: S) -> Result<S::Ok, S::Error> {
    match b {
        Some(b) => s.serialize_some(&b.to_string()),
        None => s.serialize_none(),
    }
}

/// What `verify` found: every chain, and the records no chain holds.
#[derive(Debug, Clone, Serialize)]
pub struct LedgerReport {
    pub chains: Vec<ChainReport>,
    /// Records in the books that no chain seals (each a [`Break::Unsealed`]).
    #[serde(serialize_with = "display_all")]
    pub outside: Vec<Break>,
    /// Accounts whose balance from the ledger's postings differs from the one the obligations
    /// and payments make (each a [`Break::Balance`]).
    #[serde(serialize_with = "display_all")]
    pub balances: Vec<Break>,
    /// Checkpoints compared.
    pub checkpoints: usize,
}

fn display_all<S: serde::Serializer>(b: &[Break], s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(b.iter().map(|b| b.to_string()))
}

impl LedgerReport {
    /// True when every chain verified and every record is sealed.
    pub fn is_intact(&self) -> bool {
        self.outside.is_empty()
            && self.balances.is_empty()
            && self.chains.iter().all(|c| c.problem.is_none())
    }
}

/// A stored daily checkpoint with its signature.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct SignedCheckpoint {
    #[serde(flatten)]
    pub checkpoint: Checkpoint,
    /// Base64 of the Ed25519 public key that signed it.
    pub public_key: String,
    /// Base64 of the signature over [`Checkpoint::message`].
    pub signature: String,
}

impl Store {
    /// Recomputes every chain from the records as they are now, checks that every record is
    /// sealed and every transaction balances, and compares the chains with `checkpoints`
    /// (whose signatures the caller has checked). Reads one consistent snapshot.
    pub async fn verify_ledger(
        &self,
        checkpoints: &[Checkpoint],
    ) -> Result<LedgerReport, StoreError> {
        // One snapshot, read-only: on PostgreSQL REPEATABLE READ, which a concurrent writer
        // cannot make fail (the session default, SERIALIZABLE, could).
        let begin = match self.backend {
            crate::Backend::Sqlite => "BEGIN",
            crate::Backend::Postgres => "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY",
        };
        let mut tx = self.pool.begin_with(begin).await?;
        let entries = load_entries(&mut tx).await?;
        let chains = load_chains(&mut tx).await?;
        let names: HashMap<String, String> = sqlx::query("SELECT id, name FROM organizations")
            .fetch_all(&mut *tx)
            .await?
            .iter()
            .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
            .collect::<Result<_, sqlx::Error>>()?;
        tx.rollback().await?;
        let mut held: HashSet<(Uuid, EntryKind, Uuid)> = HashSet::new();
        let mut report = LedgerReport {
            chains: Vec::new(),
            outside: Vec::new(),
            balances: bayanihan_domain::chain::reconcile(entries.values()),
            checkpoints: 0,
        };
        for (org, rows) in &chains {
            for r in rows {
                held.insert((*org, r.kind, r.entry));
            }
            let verified = verify_chain(*org, rows, |k, id| entries.get(&(k, id)));
            let mut problem = verified.as_ref().err().cloned();
            if problem.is_none() {
                for cp in checkpoints.iter().filter(|c| c.organization == *org) {
                    report.checkpoints += 1;
                    if let Err(b) = cp.check(rows) {
                        problem = Some(b);
                        break;
                    }
                }
            }
            let head = verified.map(|h| h.hash).unwrap_or_default();
            report.chains.push(ChainReport {
                organization: *org,
                name: names.get(&org.to_string()).cloned().unwrap_or_default(),
                entries: rows.last().map_or(0, |r| r.seq),
                head,
                problem,
            });
        }
        // A checkpoint of an organization whose chain is gone altogether.
        for cp in checkpoints
            .iter()
            .filter(|c| !chains.contains_key(&c.organization))
        {
            report.checkpoints += 1;
            if let Err(b) = cp.check(&[]) {
                report.chains.push(ChainReport {
                    organization: cp.organization,
                    name: names
                        .get(&cp.organization.to_string())
                        .cloned()
                        .unwrap_or_default(),
                    entries: 0,
                    head: String::new(),
                    problem: Some(b),
                });
            }
        }
        for e in entries.values() {
            for org in e.organizations() {
                if !held.contains(&(org, e.kind(), e.id())) {
                    report.outside.push(Break::Unsealed {
                        kind: e.kind(),
                        id: e.id(),
                    });
                    break;
                }
            }
        }
        Ok(report)
    }

    /// One organization's chain, in sequence order.
    pub async fn chain_rows(&self, org: Uuid) -> Result<Vec<ChainRow>, StoreError> {
        sqlx::query("SELECT seq, entry_kind, entry_id, hash FROM ledger_chain WHERE organization_id = $1 ORDER BY seq")
            .bind(org.to_string())
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|r| {
                let kind: String = r.try_get(1)?;
                Ok(ChainRow {
                    seq: r.try_get(0)?,
                    kind: EntryKind::parse(&kind).ok_or_else(|| corrupt("entry_kind", &kind))?,
                    entry: uuid_text(&r.try_get::<String, _>(2)?)?,
                    hash: r.try_get(3)?,
                })
            })
            .collect()
    }

    /// The head of every chain: (organization, last entry).
    pub async fn chain_heads(&self) -> Result<Vec<(Uuid, Head)>, StoreError> {
        sqlx::query(
            "SELECT c.organization_id, c.seq, c.hash FROM ledger_chain c \
             WHERE c.seq = (SELECT MAX(seq) FROM ledger_chain WHERE organization_id = c.organization_id) \
             ORDER BY c.organization_id",
        )
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|r| {
            Ok((
                uuid_text(&r.try_get::<String, _>(0)?)?,
                Head {
                    seq: r.try_get(1)?,
                    hash: r.try_get(2)?,
                },
            ))
        })
        .collect()
    }

    /// Stores signed checkpoints for `day` (one per organization and day: a second of the same
    /// day is ignored).
    pub async fn record_checkpoints(
        &self,
        day: &str,
        signed: &[SignedCheckpoint],
    ) -> Result<(), StoreError> {
        let stmts: Vec<Stmt> = signed
            .iter()
            .map(|s| Stmt {
                sql: "INSERT INTO ledger_checkpoints (organization_id, day, seq, hash, taken_at, public_key, signature) \
                      VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (organization_id, day) DO NOTHING",
                params: vec![
                    text(s.checkpoint.organization),
                    text(day),
                    Param::Int(s.checkpoint.seq),
                    text(&s.checkpoint.hash),
                    text(&s.checkpoint.taken_at),
                    text(&s.public_key),
                    text(&s.signature),
                ],
            })
            .collect();
        write_tx!(self, tx, {
            execute_statements(&mut tx, &stmts).await?;
            Ok(())
        })
    }

    /// Stored checkpoints, newest first: of one organization, or of all.
    pub async fn checkpoints(
        &self,
        org: Option<Uuid>,
        limit: i64,
    ) -> Result<Vec<SignedCheckpoint>, StoreError> {
        sqlx::query(
            "SELECT organization_id, seq, hash, taken_at, public_key, signature FROM ledger_checkpoints \
             WHERE ($1 = '' OR organization_id = $1) ORDER BY day DESC, organization_id LIMIT $2",
        )
        .bind(org.map(|o| o.to_string()).unwrap_or_default())
        .bind(limit)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|r| {
            Ok(SignedCheckpoint {
                checkpoint: Checkpoint {
                    organization: uuid_text(&r.try_get::<String, _>(0)?)?,
                    seq: r.try_get(1)?,
                    hash: r.try_get(2)?,
                    taken_at: r.try_get(3)?,
                },
                public_key: r.try_get(4)?,
                signature: r.try_get(5)?,
            })
        })
        .collect()
    }

    /// Whether `day` has checkpoints already.
    pub async fn has_checkpoints_on(&self, day: &str) -> Result<bool, StoreError> {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM ledger_checkpoints WHERE day = $1")
            .bind(day)
            .fetch_one(&self.pool)
            .await?;
        Ok(n > 0)
    }

    /// Publishes a signing key's public half, retiring the others; `false` (and nothing done)
    /// when this key was retired already: a rotated key is never brought back by a server
    /// still running with it.
    pub async fn register_signing_key(&self, public_key: &str) -> Result<bool, StoreError> {
        let now = crate::now_micros();
        write_tx!(self, tx, {
            let current: Option<Option<i64>> =
                sqlx::query_scalar("SELECT retired_at FROM signing_keys WHERE public_key = $1")
                    .bind(public_key)
                    .fetch_optional(&mut *tx)
                    .await?;
            match current {
                Some(None) => return Ok(true),
                Some(Some(_)) => return Ok(false),
                None => {
                    sqlx::query(
                        "INSERT INTO signing_keys (public_key, created_at) VALUES ($1, $2)",
                    )
                    .bind(public_key)
                    .bind(now)
                    .execute(&mut *tx)
                    .await?;
                }
            }
            sqlx::query(
                "UPDATE signing_keys SET retired_at = $2 WHERE public_key <> $1 AND retired_at IS NULL",
            )
            .bind(public_key)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            Ok(true)
        })
    }

    /// Every signing key the instance has published: (public key, created, retired).
    pub async fn signing_keys(&self) -> Result<Vec<(String, i64, Option<i64>)>, StoreError> {
        sqlx::query(
            "SELECT public_key, created_at, retired_at FROM signing_keys ORDER BY created_at",
        )
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?)))
        .collect()
    }
}

fn created_at(e: &Entry) -> i64 {
    match e {
        Entry::Obligation { created_at, .. }
        | Entry::Payment { created_at, .. }
        | Entry::Transaction { created_at, .. } => *created_at,
    }
}

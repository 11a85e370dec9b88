//! The tamper-evident ledger: every ledger transaction, obligation and payment (set-offs and
//! reversals included) is appended to a hash chain of each organization it concerns.
//!
//! Entry `n` of an organization's chain stores `hash_n = SHA-256(link_n)` where
//!
//! ```text
//! link_n = "bayanihan-chain-v1\n" org "\n" n "\n" hash_{n-1} "\n" canonical(entry)
//! ```
//!
//! with `hash_0` sixty-four zeros, hashes in lower-case hex and `n` in decimal. The canonical
//! form of an entry (below, and in `docs/ledger.md`) holds **only** ids, amounts, currencies,
//! accounts, method codes, dates and times — never a name, a memo or a reference — so erasing
//! a person never touches a hashed byte. Because every link names the one before it, changing
//! any hashed field of any entry, deleting an entry or re-ordering them breaks the chain from
//! that entry on; deleting the *last* entries is caught by comparing with a signed
//! [`Checkpoint`] the organization kept elsewhere.
//!
//! Corrections are new entries (a reversal), never edits. This module is pure: the store reads
//! and writes the rows, `bayanihan verify` calls [`verify_chain`].

use std::fmt;

use sha2::{Digest, Sha256};
use uuid::Uuid;

/// The hash before an organization's first entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// What kind of record an entry seals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EntryKind {
    Obligation,
    Payment,
    Transaction,
}

impl EntryKind {
    /// The code stored in `ledger_chain.entry_kind`.
    pub fn id(self) -> &'static str {
        match self {
            EntryKind::Obligation => "obligation",
            EntryKind::Payment => "payment",
            EntryKind::Transaction => "transaction",
        }
    }

    pub fn parse(s: &str) -> Option<EntryKind> {
        match s {
            "obligation" => Some(EntryKind::Obligation),
            "payment" => Some(EntryKind::Payment),
            "transaction" => Some(EntryKind::Transaction),
            _ => None,
        }
    }
}

impl fmt::Display for EntryKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// One posting of a ledger transaction, as stored.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct ChainPosting {
    pub organization: Uuid,
    pub kind: String,
    pub currency: String,
    pub amount: i64,
}

/// A record the chain seals, holding exactly its hashed fields (as stored: codes and dates as
/// text, money as minor units, times as microseconds since the epoch).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Entry {
    Obligation {
        id: Uuid,
        debtor: Uuid,
        creditor: Uuid,
        currency: String,
        amount: i64,
        due_date: String,
        cycle: Option<Uuid>,
        created_at: i64,
    },
    Payment {
        id: Uuid,
        obligation: Uuid,
        debtor: Uuid,
        creditor: Uuid,
        currency: String,
        amount: i64,
        method: String,
        paid_on: String,
        reverses: Option<Uuid>,
        created_at: i64,
    },
    Transaction {
        id: Uuid,
        cycle: Option<Uuid>,
        created_at: i64,
        postings: Vec<ChainPosting>,
    },
}

fn opt(u: &Option<Uuid>) -> String {
    u.map(|u| u.to_string()).unwrap_or_default()
}

impl Entry {
    pub fn kind(&self) -> EntryKind {
        match self {
            Entry::Obligation { .. } => EntryKind::Obligation,
            Entry::Payment { .. } => EntryKind::Payment,
            Entry::Transaction { .. } => EntryKind::Transaction,
        }
    }

    pub fn id(&self) -> Uuid {
        match self {
            Entry::Obligation { id, .. }
            | Entry::Payment { id, .. }
            | Entry::Transaction { id, .. } => *id,
        }
    }

    /// The organizations whose chains hold this entry, each once, in order.
    pub fn organizations(&self) -> Vec<Uuid> {
        let mut orgs = match self {
            Entry::Obligation {
                debtor, creditor, ..
            }
            | Entry::Payment {
                debtor, creditor, ..
            } => {
                vec![*debtor, *creditor]
            }
            Entry::Transaction { postings, .. } => {
                postings.iter().map(|p| p.organization).collect()
            }
        };
        orgs.sort();
        orgs.dedup();
        orgs
    }

    /// The canonical text of the entry, the bytes that are hashed. Postings are sorted, so the
    /// order rows come back from the database in does not matter.
    pub fn canonical(&self) -> String {
        match self {
            Entry::Obligation { id, debtor, creditor, currency, amount, due_date, cycle, created_at } => format!(
                "obligation|{id}|{debtor}|{creditor}|{currency}|{amount}|{due_date}|{}|{created_at}",
                opt(cycle)
            ),
            Entry::Payment {
                id,
                obligation,
                debtor,
                creditor,
                currency,
                amount,
                method,
                paid_on,
                reverses,
                created_at,
            } => format!(
                "payment|{id}|{obligation}|{debtor}|{creditor}|{currency}|{amount}|{method}|{paid_on}|{}|{created_at}",
                opt(reverses)
            ),
            Entry::Transaction { id, cycle, created_at, postings } => {
                let mut sorted: Vec<&ChainPosting> = postings.iter().collect();
                sorted.sort();
                let mut s = format!("transaction|{id}|{}|{created_at}", opt(cycle));
                for p in sorted {
                    s.push_str(&format!("|{}:{}:{}:{}", p.organization, p.kind, p.currency, p.amount));
                }
                s
            }
        }
    }

    /// For a ledger transaction: the first currency whose postings do not sum to zero.
    pub fn unbalanced_currency(&self) -> Option<String> {
        let Entry::Transaction { postings, .. } = self else {
            return None;
        };
        let mut sums: std::collections::BTreeMap<&str, i128> = Default::default();
        for p in postings {
            *sums.entry(&p.currency).or_default() += i128::from(p.amount);
        }
        sums.into_iter()
            .find(|(_, s)| *s != 0)
            .map(|(c, _)| c.to_string())
    }
}

/// The hash of entry `seq` of `org`'s chain, following `prev`.
pub fn link(org: Uuid, seq: i64, prev: &str, canonical: &str) -> String {
    let mut h = Sha256::new();
    h.update(b"bayanihan-chain-v1\n");
    h.update(org.to_string().as_bytes());
    h.update(b"\n");
    h.update(seq.to_string().as_bytes());
    h.update(b"\n");
    h.update(prev.as_bytes());
    h.update(b"\n");
    h.update(canonical.as_bytes());
    hex(&h.finalize())
}

/// Lower-case hex of bytes.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The end of a chain: its last sequence number (0 when empty) and hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Head {
    pub seq: i64,
    pub hash: String,
}

impl Head {
    pub fn genesis() -> Head {
        Head {
            seq: 0,
            hash: GENESIS.to_string(),
        }
    }

    /// Appends `entry` to the chain of `org`: the new head.
    pub fn append(&self, org: Uuid, entry: &Entry) -> Head {
        let seq = self.seq + 1;
        Head {
            seq,
            hash: link(org, seq, &self.hash, &entry.canonical()),
        }
    }
}

/// One stored row of a chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainRow {
    pub seq: i64,
    pub kind: EntryKind,
    pub entry: Uuid,
    pub hash: String,
}

/// The first thing found wrong in a chain (or with a checkpoint).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Break {
    #[error("entry {seq} is missing: the chain jumps from {prev} to {seq}")]
    Gap { prev: i64, seq: i64 },
    #[error("entry {seq} ({kind} {id}) is gone: its record was deleted")]
    Deleted { seq: i64, kind: EntryKind, id: Uuid },
    #[error(
        "entry {seq} ({kind} {id}) was changed after it was written: its hash no longer matches"
    )]
    Changed { seq: i64, kind: EntryKind, id: Uuid },
    #[error("{kind} {id} is in the books but in no chain: it was added around the ledger")]
    Unsealed { kind: EntryKind, id: Uuid },
    #[error("ledger transaction {id} does not balance in {currency}")]
    Unbalanced { id: Uuid, currency: String },
    #[error("the chain ends at entry {len}, but the checkpoint of {taken_at} saw entry {seq}: entries after {len} were deleted")]
    Truncated {
        len: i64,
        seq: i64,
        taken_at: String,
    },
    #[error("entry {seq} differs from the checkpoint of {taken_at}: the chain was rewritten")]
    Rewritten { seq: i64, taken_at: String },
    #[error("the checkpoint of {taken_at} is not signed by its key: it was altered")]
    BadSignature { taken_at: String },
    #[error("the {account} account of organization {organization} in {currency} holds {ledger} (minor units) in the ledger, but its obligations and payments make {books}")]
    Balance {
        organization: Uuid,
        account: String,
        currency: String,
        ledger: i128,
        books: i128,
    },
}

/// Recomputes every account's balance two ways and names each that differs: from the ledger's
/// postings, and from the obligations and payments (receivable: what others still owe the
/// organization; payable: minus what it still owes; cash: payments of money received minus
/// paid, set-offs moving none). The two are written together by every writer, so they agree
/// unless something was written around the books.
pub fn reconcile<'a>(entries: impl IntoIterator<Item = &'a Entry>) -> Vec<Break> {
    use std::collections::BTreeMap;
    type Key = (Uuid, &'static str, String);
    let mut ledger: BTreeMap<Key, i128> = BTreeMap::new();
    let mut books: BTreeMap<Key, i128> = BTreeMap::new();
    let kind = |k: &str| -> &'static str {
        match k {
            "receivable" => "receivable",
            "payable" => "payable",
            "cash" => "cash",
            _ => "other",
        }
    };
    for e in entries {
        match e {
            Entry::Transaction { postings, .. } => {
                for p in postings {
                    *ledger
                        .entry((p.organization, kind(&p.kind), p.currency.clone()))
                        .or_default() += i128::from(p.amount);
                }
            }
            Entry::Obligation {
                debtor,
                creditor,
                currency,
                amount,
                ..
            } => {
                *books
                    .entry((*creditor, "receivable", currency.clone()))
                    .or_default() += i128::from(*amount);
                *books
                    .entry((*debtor, "payable", currency.clone()))
                    .or_default() -= i128::from(*amount);
            }
            Entry::Payment {
                debtor,
                creditor,
                currency,
                amount,
                method,
                ..
            } => {
                let a = i128::from(*amount);
                *books
                    .entry((*creditor, "receivable", currency.clone()))
                    .or_default() -= a;
                *books
                    .entry((*debtor, "payable", currency.clone()))
                    .or_default() += a;
                if crate::trade::records::moves_cash(method) {
                    *books
                        .entry((*creditor, "cash", currency.clone()))
                        .or_default() += a;
                    *books
                        .entry((*debtor, "cash", currency.clone()))
                        .or_default() -= a;
                }
            }
        }
    }
    let keys: std::collections::BTreeSet<&Key> = ledger.keys().chain(books.keys()).collect();
    keys.into_iter()
        .filter_map(|k| {
            let (l, b) = (
                ledger.get(k).copied().unwrap_or(0),
                books.get(k).copied().unwrap_or(0),
            );
            (l != b).then(|| Break::Balance {
                organization: k.0,
                account: k.1.to_string(),
                currency: k.2.clone(),
                ledger: l,
                books: b,
            })
        })
        .collect()
}

/// Walks `rows` (one organization's chain, in sequence order) and recomputes every hash from
/// the records `lookup` finds now. Returns the head, or the first break.
pub fn verify_chain<'a>(
    org: Uuid,
    rows: &[ChainRow],
    lookup: impl Fn(EntryKind, Uuid) -> Option<&'a Entry>,
) -> Result<Head, Break> {
    let mut head = Head::genesis();
    for r in rows {
        if r.seq != head.seq + 1 {
            return Err(Break::Gap {
                prev: head.seq,
                seq: r.seq,
            });
        }
        let Some(entry) = lookup(r.kind, r.entry) else {
            return Err(Break::Deleted {
                seq: r.seq,
                kind: r.kind,
                id: r.entry,
            });
        };
        let next = head.append(org, entry);
        if next.hash != r.hash || !entry.organizations().contains(&org) {
            return Err(Break::Changed {
                seq: r.seq,
                kind: r.kind,
                id: r.entry,
            });
        }
        if let Some(currency) = entry.unbalanced_currency() {
            return Err(Break::Unbalanced {
                id: r.entry,
                currency,
            });
        }
        head = next;
    }
    Ok(head)
}

/// A signed statement that an organization's chain had `seq` entries ending in `hash` at
/// `taken_at` (RFC 3339). Kept by the organization outside the server, it proves later that
/// no entry up to `seq` was removed or rewritten.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Checkpoint {
    pub organization: Uuid,
    pub seq: i64,
    pub hash: String,
    pub taken_at: String,
}

impl Checkpoint {
    /// The bytes the instance's key signs.
    pub fn message(&self) -> String {
        format!(
            "bayanihan-checkpoint-v1\n{}\n{}\n{}\n{}",
            self.organization, self.seq, self.hash, self.taken_at
        )
    }

    /// Compares the checkpoint with the chain's rows (already verified in themselves).
    pub fn check(&self, rows: &[ChainRow]) -> Result<(), Break> {
        if self.seq == 0 {
            return Ok(());
        }
        match rows.iter().find(|r| r.seq == self.seq) {
            None => Err(Break::Truncated {
                len: rows.last().map_or(0, |r| r.seq),
                seq: self.seq,
                taken_at: self.taken_at.clone(),
            }),
            Some(r) if r.hash != self.hash => Err(Break::Rewritten {
                seq: self.seq,
                taken_at: self.taken_at.clone(),
            }),
            Some(_) => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn org(n: u128) -> Uuid {
        Uuid::from_u128(n)
    }

    fn tx(id: u128, amount: i64) -> Entry {
        Entry::Transaction {
            id: Uuid::from_u128(id),
            cycle: None,
            created_at: 1_700_000_000_000_000,
            postings: vec![
                ChainPosting {
                    organization: org(1),
                    kind: "receivable".into(),
                    currency: "PHP".into(),
                    amount,
                },
                ChainPosting {
                    organization: org(2),
                    kind: "payable".into(),
                    currency: "PHP".into(),
                    amount: -amount,
                },
            ],
        }
    }

    fn chain(entries: &[Entry]) -> Vec<ChainRow> {
        let mut head = Head::genesis();
        entries
            .iter()
            .map(|e| {
                head = head.append(org(1), e);
                ChainRow {
                    seq: head.seq,
                    kind: e.kind(),
                    entry: e.id(),
                    hash: head.hash.clone(),
                }
            })
            .collect()
    }

    fn find<'a>(entries: &'a [Entry]) -> impl Fn(EntryKind, Uuid) -> Option<&'a Entry> {
        move |k, id| entries.iter().find(|e| e.kind() == k && e.id() == id)
    }

    #[test]
    fn canonical_form_is_fixed() {
        // The documented form; changing it breaks every chain ever written.
        assert_eq!(
            tx(7, 250).canonical(),
            "transaction|00000000-0000-0000-0000-000000000007||1700000000000000\
             |00000000-0000-0000-0000-000000000001:receivable:PHP:250\
             |00000000-0000-0000-0000-000000000002:payable:PHP:-250"
        );
        assert_eq!(
            link(org(1), 1, GENESIS, "x"),
            hex(&Sha256::digest(
                format!("bayanihan-chain-v1\n{}\n1\n{GENESIS}\nx", org(1)).as_bytes()
            ))
        );
    }

    #[test]
    fn an_untouched_chain_verifies() {
        let entries = vec![tx(1, 100), tx(2, 250), tx(3, 5)];
        let rows = chain(&entries);
        let head = verify_chain(org(1), &rows, find(&entries)).unwrap();
        assert_eq!(head.seq, 3);
        assert_eq!(head.hash, rows[2].hash);
    }

    #[test]
    fn a_balanced_change_of_amount_is_caught() {
        let mut entries = vec![tx(1, 100), tx(2, 250), tx(3, 5)];
        let rows = chain(&entries);
        entries[1] = tx(2, 260); // still balanced
        assert_eq!(
            verify_chain(org(1), &rows, find(&entries)),
            Err(Break::Changed {
                seq: 2,
                kind: EntryKind::Transaction,
                id: Uuid::from_u128(2)
            })
        );
    }

    #[test]
    fn a_changed_time_a_deleted_record_and_a_deleted_row_are_caught() {
        let mut entries = vec![tx(1, 100), tx(2, 250), tx(3, 5)];
        let rows = chain(&entries);
        if let Entry::Transaction { created_at, .. } = &mut entries[0] {
            *created_at += 86_400_000_000;
        }
        assert!(matches!(
            verify_chain(org(1), &rows, find(&entries)),
            Err(Break::Changed { seq: 1, .. })
        ));

        let entries = vec![tx(1, 100), tx(3, 5)];
        assert!(matches!(
            verify_chain(org(1), &rows, find(&entries)),
            Err(Break::Deleted { seq: 2, .. })
        ));

        let entries = vec![tx(1, 100), tx(2, 250), tx(3, 5)];
        let mut cut = rows.clone();
        cut.remove(1);
        assert_eq!(
            verify_chain(org(1), &cut, find(&entries)),
            Err(Break::Gap { prev: 1, seq: 3 })
        );
    }

    #[test]
    fn a_deleted_last_entry_is_caught_by_a_checkpoint() {
        let entries = vec![tx(1, 100), tx(2, 250), tx(3, 5)];
        let rows = chain(&entries);
        let cp = Checkpoint {
            organization: org(1),
            seq: 3,
            hash: rows[2].hash.clone(),
            taken_at: "2026-12-01T00:00:00Z".into(),
        };
        assert_eq!(cp.check(&rows), Ok(()));
        let cut = &rows[..2];
        // The shortened chain is consistent in itself …
        assert!(verify_chain(org(1), cut, find(&entries)).is_ok());
        // … but not with what the organization kept.
        assert!(matches!(
            cp.check(cut),
            Err(Break::Truncated { len: 2, seq: 3, .. })
        ));
        let mut forged = rows.clone();
        forged[2].hash = GENESIS.into();
        assert!(matches!(
            cp.check(&forged),
            Err(Break::Rewritten { seq: 3, .. })
        ));
    }

    #[test]
    fn balances_are_recomputed_from_the_books_and_the_ledger() {
        let (a, b) = (org(2), org(1));
        let ob = Entry::Obligation {
            id: Uuid::from_u128(10),
            debtor: a,
            creditor: b,
            currency: "PHP".into(),
            amount: 250,
            due_date: "2026-12-01".into(),
            cycle: None,
            created_at: 1,
        };
        let pay = |id: u128, amount: i64, method: &str| Entry::Payment {
            id: Uuid::from_u128(id),
            obligation: Uuid::from_u128(10),
            debtor: a,
            creditor: b,
            currency: "PHP".into(),
            amount,
            method: method.into(),
            paid_on: "2026-12-02".into(),
            reverses: None,
            created_at: 2,
        };
        let settle = |id: u128, amount: i64, cash: bool| {
            let mut postings = vec![
                ChainPosting {
                    organization: b,
                    kind: "receivable".into(),
                    currency: "PHP".into(),
                    amount: -amount,
                },
                ChainPosting {
                    organization: a,
                    kind: "payable".into(),
                    currency: "PHP".into(),
                    amount,
                },
            ];
            if cash {
                postings.push(ChainPosting {
                    organization: b,
                    kind: "cash".into(),
                    currency: "PHP".into(),
                    amount,
                });
                postings.push(ChainPosting {
                    organization: a,
                    kind: "cash".into(),
                    currency: "PHP".into(),
                    amount: -amount,
                });
            }
            Entry::Transaction {
                id: Uuid::from_u128(id),
                cycle: None,
                created_at: 2,
                postings,
            }
        };
        // Owed 250, paid 100 in cash, 50 set off, 100 paid and reversed: the two ways agree.
        let books = vec![
            ob,
            tx(1, 250),
            pay(11, 100, "cash"),
            settle(21, 100, true),
            pay(12, 50, "set_off"),
            settle(22, 50, false),
            pay(13, 100, "bank_transfer"),
            settle(23, 100, true),
            pay(14, -100, "bank_transfer"),
            settle(24, -100, true),
        ];
        assert_eq!(reconcile(&books), vec![]);
        // A payment recorded without its ledger transaction: receivable, payable and cash differ.
        let mut around = books.clone();
        around.push(pay(15, 30, "cash"));
        let found = reconcile(&around);
        assert_eq!(found.len(), 4, "{found:?}");
        assert!(found.contains(&Break::Balance {
            organization: b,
            account: "receivable".into(),
            currency: "PHP".into(),
            ledger: 100,
            books: 70,
        }));
    }

    #[test]
    fn unbalanced_postings_are_named() {
        let mut e = tx(1, 100);
        if let Entry::Transaction { postings, .. } = &mut e {
            postings[0].amount = 90;
        }
        assert_eq!(e.unbalanced_currency().as_deref(), Some("PHP"));
        assert_eq!(tx(1, 100).unbalanced_currency(), None);
    }
}

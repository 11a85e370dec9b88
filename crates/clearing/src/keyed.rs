//! Clearing over arbitrary organization keys (UUIDs, strings), obligation ids and due dates.

use std::collections::HashMap;
use std::hash::Hash;

use crate::{clear, InputError, Obligation, SolveStats, Summary};

/// One obligation with caller-side identities: `debtor` owes `creditor` `amount` minor units,
/// due at `due`. Set-offs are spread over a pair's obligations by `(due, id)`, oldest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record<K, I, D> {
    pub id: I,
    pub debtor: K,
    pub creditor: K,
    pub amount: i64,
    pub due: D,
}

/// The result of [`clear_keyed`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyedClearing<K> {
    /// Set-off per record, in input order.
    pub set_off: Vec<i64>,
    /// The organizations in index order: `organizations[i]` is the key behind index `i` of
    /// `potentials`. Numbered by first appearance.
    pub organizations: Vec<K>,
    /// Optimality certificate per organization index (see [`crate::Clearing::potentials`]).
    pub potentials: Vec<i64>,
    pub summary: Summary,
    pub stats: SolveStats,
}

/// Invalid input to [`clear_keyed`], naming the record by its id.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyedError<I: std::fmt::Debug> {
    #[error("obligation {id:?}: negative amount {amount}")]
    NegativeAmount { id: I, amount: i64 },
    #[error("obligation {id:?}: debtor and creditor are the same organization")]
    SelfObligation { id: I },
    #[error("too many obligations or organizations (limit u32::MAX - 2)")]
    TooLarge,
}

/// [`clear`] over keyed records. Deterministic: the same records in the same order give the
/// same result.
pub fn clear_keyed<K, I, D>(records: &[Record<K, I, D>]) -> Result<KeyedClearing<K>, KeyedError<I>>
where
    K: Eq + Hash + Clone,
    I: Ord + Clone + std::fmt::Debug,
    D: Ord,
{
    let mut index: HashMap<&K, u32> = HashMap::with_capacity(records.len() / 4 + 16);
    let mut organizations: Vec<K> = Vec::new();

    // The core orders a pair's obligations by an i64 key; the rank of (due, id) is one.
    let mut by_due: Vec<u32> = (0..records.len() as u32).collect();
    by_due.sort_unstable_by(|&a, &b| {
        let (ra, rb) = (&records[a as usize], &records[b as usize]);
        ra.due.cmp(&rb.due).then_with(|| ra.id.cmp(&rb.id))
    });
    let mut rank = vec![0i64; records.len()];
    for (r, &i) in by_due.iter().enumerate() {
        rank[i as usize] = r as i64;
    }

    let mut obligations = Vec::with_capacity(records.len());
    for (r, &due) in records.iter().zip(&rank) {
        let mut idx = |k| {
            let next = index.len() as u32;
            *index.entry(k).or_insert_with(|| {
                organizations.push(k.clone());
                next
            })
        };
        let debtor = idx(&r.debtor);
        let creditor = idx(&r.creditor);
        obligations.push(Obligation {
            debtor,
            creditor,
            amount: r.amount,
            due,
        });
    }

    let result = clear(&obligations).map_err(|e| match e {
        InputError::NegativeAmount { obligation, amount } => KeyedError::NegativeAmount {
            id: records[obligation].id.clone(),
            amount,
        },
        InputError::SelfObligation { obligation, .. } => KeyedError::SelfObligation {
            id: records[obligation].id.clone(),
        },
        InputError::TooLarge => KeyedError::TooLarge,
    })?;
    Ok(KeyedClearing {
        set_off: result.set_off,
        organizations,
        potentials: result.potentials,
        summary: result.summary,
        stats: result.stats,
    })
}

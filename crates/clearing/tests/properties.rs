//! Property tests: every result keeps the invariants, carries a valid optimality certificate,
//! and clears exactly what an independent exact solver says is optimal.

mod common;

use bayanihan_clearing::{check, check_optimal, clear, clear_keyed, Obligation, Record};
use proptest::prelude::*;

/// Small random networks: up to 7 organizations, up to 14 obligations (parallel ones and
/// both directions allowed), amounts 0..=50.
fn network(max_amount: i64) -> impl Strategy<Value = Vec<Obligation>> {
    prop::collection::vec((0u32..7, 1u32..7, 0..=max_amount, 0i64..4), 0..=14).prop_map(|v| {
        v.into_iter()
            .map(|(d, step, amount, due)| Obligation {
                debtor: d,
                creditor: (d + step) % 7, // never equal to the debtor
                amount,
                due,
            })
            .collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn optimal_and_invariant(obs in network(50)) {
        let r = clear(&obs).unwrap();
        prop_assert_eq!(check(&obs, &r.set_off), Ok(()));
        prop_assert_eq!(check_optimal(&obs, &r.set_off, &r.potentials), Ok(()));
        let optimum = r.summary.total_debt - common::min_remaining(&obs);
        prop_assert_eq!(r.summary.cleared, optimum);
        prop_assert_eq!(r.summary.cleared, r.set_off.iter().map(|&s| i128::from(s)).sum::<i128>());
        prop_assert_eq!(r.summary.total_debt, obs.iter().map(|o| i128::from(o.amount)).sum::<i128>());
        // Whatever is set off, the net internal debt must remain.
        prop_assert!(r.summary.remaining() >= r.summary.net_internal_debt);
    }

    /// Scaling every amount by K scales the optimum by K (the LP is homogeneous): an exact
    /// check with amounts near i64::MAX / 50 whose totals overflow i64 (the i128 path).
    #[test]
    fn huge_amounts_scale_exactly(obs in network(50)) {
        const K: i64 = i64::MAX / 50;
        let big: Vec<Obligation> = obs.iter().map(|o| Obligation { amount: o.amount * K, ..*o }).collect();
        let r = clear(&big).unwrap();
        prop_assert_eq!(check_optimal(&big, &r.set_off, &r.potentials), Ok(()));
        let small_optimum = r.summary.total_debt / i128::from(K) - common::min_remaining(&obs);
        prop_assert_eq!(r.summary.cleared, small_optimum * i128::from(K));
    }

    /// Amounts within 50 of i64::MAX, checked against the reference directly.
    #[test]
    fn near_max_amounts(obs in network(50)) {
        let big: Vec<Obligation> = obs.iter().map(|o| Obligation { amount: i64::MAX - o.amount, ..*o }).collect();
        let r = clear(&big).unwrap();
        prop_assert_eq!(check_optimal(&big, &r.set_off, &r.potentials), Ok(()));
        prop_assert_eq!(r.summary.cleared, r.summary.total_debt - common::min_remaining(&big));
    }

    /// The keyed wrapper gives the same totals and, per obligation, a valid result.
    #[test]
    fn keyed_matches_core(obs in network(50)) {
        let records: Vec<Record<String, usize, i64>> = obs.iter().enumerate().map(|(k, o)| Record {
            id: k,
            debtor: format!("org-{}", o.debtor),
            creditor: format!("org-{}", o.creditor),
            amount: o.amount,
            due: o.due,
        }).collect();
        let keyed = clear_keyed(&records).unwrap();
        let core = clear(&obs).unwrap();
        prop_assert_eq!(keyed.summary, core.summary);
        prop_assert_eq!(check(&obs, &keyed.set_off), Ok(()));
    }

    /// Within a pair, a newer obligation is only set off once every older one is fully set
    /// off (due date, then position).
    #[test]
    fn spreading_is_oldest_first(obs in network(50)) {
        let r = clear(&obs).unwrap();
        for (a, oa) in obs.iter().enumerate() {
            for (b, ob) in obs.iter().enumerate() {
                let same_pair = oa.debtor == ob.debtor && oa.creditor == ob.creditor;
                let a_older = (oa.due, a) < (ob.due, b);
                if same_pair && a_older && r.set_off[b] > 0 {
                    prop_assert_eq!(r.set_off[a], oa.amount, "obligation {} older than {}", a, b);
                }
            }
        }
    }
}

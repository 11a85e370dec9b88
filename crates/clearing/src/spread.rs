//! Spreading a pair's set-off over the pair's individual obligations.
//!
//! The optimisation works on aggregated pairs (all obligations of one debtor to one creditor);
//! the set-off of a pair is then applied to its obligations **oldest due date first, then by
//! position** (the caller's id order), each obligation taking as much as it can. So at most one
//! obligation per pair is partly set off, and a newer invoice is only touched once every older
//! one of the pair is fully cleared.

use crate::Obligation;

/// Sort key that fixes the spreading order within a pair: due date, then index.
pub(crate) fn spread_key(obligation: &Obligation, index: u32) -> (i64, u32) {
    (obligation.due, index)
}

/// Spread `amount` (`0 ≤ amount ≤` the run's total) over the obligations listed in `run`,
/// which is already in spreading order; writes each obligation's share into `set_off`.
pub(crate) fn spread_run(
    obligations: &[Obligation],
    run: &[u32],
    amount: i128,
    set_off: &mut [i64],
) {
    let mut left = amount;
    for &i in run {
        if left == 0 {
            break;
        }
        let take = left.min(i128::from(obligations[i as usize].amount));
        // `take ≤ amount of one obligation`, so it fits in i64.
        set_off[i as usize] = take as i64;
        left -= take;
    }
    debug_assert_eq!(left, 0, "set-off larger than the pair's debt");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ob(amount: i64, due: i64) -> Obligation {
        Obligation {
            debtor: 0,
            creditor: 1,
            amount,
            due,
        }
    }

    #[test]
    fn oldest_first_then_partial() {
        let obs = [ob(30, 5), ob(50, 1), ob(40, 3)];
        let mut run: Vec<u32> = vec![0, 1, 2];
        run.sort_by_key(|&i| spread_key(&obs[i as usize], i));
        let mut out = vec![0; 3];
        spread_run(&obs, &run, 70, &mut out);
        // due 1 (50) fully, due 3 takes 20, due 5 untouched.
        assert_eq!(out, vec![0, 50, 20]);
    }

    #[test]
    fn equal_due_dates_go_by_index() {
        let obs = [ob(10, 0), ob(10, 0)];
        let mut out = vec![0; 2];
        spread_run(&obs, &[0, 1], 15, &mut out);
        assert_eq!(out, vec![10, 5]);
    }
}

//! Independent verification of a clearing result.
//!
//! [`check`] recomputes every invariant from the obligations and the set-offs alone, without
//! trusting anything the solver computed. [`check_optimal`] additionally verifies optimality in
//! linear time from the dual certificate ([`crate::Clearing::potentials`]): by LP duality a
//! feasible remainder `x` is optimal iff there are potentials `p` such that every obligation
//! whose reduced cost `1 + p[debtor] − p[creditor]` is positive is fully set off and every one
//! whose reduced cost is negative is not set off at all (complementary slackness; obligations of
//! one pair share a reduced cost, so checking them one by one is the same as per pair).

use crate::Obligation;

/// A violated invariant, naming the obligation or organization concerned.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InvariantError {
    /// The result does not have one set-off per obligation.
    #[error("{set_offs} set-offs for {obligations} obligations")]
    Length { obligations: usize, set_offs: usize },
    /// An obligation's set-off is negative or exceeds its amount.
    #[error("obligation {obligation}: set-off {set_off} outside 0..={amount}")]
    SetOffOutOfRange {
        obligation: usize,
        set_off: i64,
        amount: i64,
    },
    /// An organization's set-off as debtor differs from its set-off as creditor, so its net
    /// position would change.
    #[error(
        "organization {organization}: net position would change from {before} to {after} \
         (set off {as_debtor} as debtor but {as_creditor} as creditor)"
    )]
    NetPositionChanged {
        organization: u32,
        before: i128,
        after: i128,
        as_debtor: i128,
        as_creditor: i128,
    },
    /// The potentials do not cover every organization.
    #[error("{found} potentials for {expected} organizations")]
    PotentialsLength { expected: usize, found: usize },
    /// Complementary slackness fails: the certificate does not prove this result optimal.
    #[error(
        "obligation {obligation}: reduced cost {reduced_cost} but set-off {set_off} of {amount} \
         (not certified optimal)"
    )]
    NotOptimal {
        obligation: usize,
        reduced_cost: i128,
        set_off: i64,
        amount: i64,
    },
}

/// Verify the invariants of a result: one set-off per obligation, `0 ≤ set-off ≤ amount`, and
/// for every organization, set-off as debtor = set-off as creditor (equivalently: every net
/// position unchanged). All sums in `i128`.
pub fn check(obligations: &[Obligation], set_off: &[i64]) -> Result<(), InvariantError> {
    if obligations.len() != set_off.len() {
        return Err(InvariantError::Length {
            obligations: obligations.len(),
            set_offs: set_off.len(),
        });
    }
    let n = organization_count(obligations);
    // Per organization: net position before, set-off as debtor, set-off as creditor.
    let mut before = vec![0i128; n];
    let mut as_debtor = vec![0i128; n];
    let mut as_creditor = vec![0i128; n];
    for (i, (o, &s)) in obligations.iter().zip(set_off).enumerate() {
        if s < 0 || s > o.amount {
            return Err(InvariantError::SetOffOutOfRange {
                obligation: i,
                set_off: s,
                amount: o.amount,
            });
        }
        let (d, c) = (o.debtor as usize, o.creditor as usize);
        before[c] += i128::from(o.amount);
        before[d] -= i128::from(o.amount);
        as_debtor[d] += i128::from(s);
        as_creditor[c] += i128::from(s);
    }
    for v in 0..n {
        if as_debtor[v] != as_creditor[v] {
            // owed shrinks by the creditor side, owing by the debtor side
            let after = before[v] - as_creditor[v] + as_debtor[v];
            return Err(InvariantError::NetPositionChanged {
                organization: v as u32,
                before: before[v],
                after,
                as_debtor: as_debtor[v],
                as_creditor: as_creditor[v],
            });
        }
    }
    Ok(())
}

/// [`check`], then verify optimality with the dual certificate `potentials` (one per
/// organization index, as returned in [`crate::Clearing::potentials`]).
pub fn check_optimal(
    obligations: &[Obligation],
    set_off: &[i64],
    potentials: &[i64],
) -> Result<(), InvariantError> {
    check(obligations, set_off)?;
    let n = organization_count(obligations);
    if potentials.len() < n {
        return Err(InvariantError::PotentialsLength {
            expected: n,
            found: potentials.len(),
        });
    }
    for (i, (o, &s)) in obligations.iter().zip(set_off).enumerate() {
        let rc = 1 + i128::from(potentials[o.debtor as usize])
            - i128::from(potentials[o.creditor as usize]);
        // rc > 0: keeping debt here costs more than any alternative, so none may remain;
        // rc < 0: this debt is needed to carry net positions, so none may be set off.
        let ok = (rc <= 0 || s == o.amount) && (rc >= 0 || s == 0);
        if !ok {
            return Err(InvariantError::NotOptimal {
                obligation: i,
                reduced_cost: rc,
                set_off: s,
                amount: o.amount,
            });
        }
    }
    Ok(())
}

fn organization_count(obligations: &[Obligation]) -> usize {
    obligations
        .iter()
        .map(|o| o.debtor.max(o.creditor) as usize + 1)
        .max()
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ob(debtor: u32, creditor: u32, amount: i64) -> Obligation {
        Obligation {
            debtor,
            creditor,
            amount,
            due: 0,
        }
    }

    #[test]
    fn detects_each_invariant() {
        let obs = [ob(0, 1, 10), ob(1, 2, 10), ob(2, 0, 10)];
        assert_eq!(check(&obs, &[10, 10, 10]), Ok(()));
        assert_eq!(check(&obs, &[0, 0, 0]), Ok(()));
        assert!(matches!(
            check(&obs, &[10, 10]),
            Err(InvariantError::Length { .. })
        ));
        assert!(matches!(
            check(&obs, &[11, 11, 11]),
            Err(InvariantError::SetOffOutOfRange { obligation: 0, .. })
        ));
        assert!(matches!(
            check(&obs, &[-1, -1, -1]),
            Err(InvariantError::SetOffOutOfRange { obligation: 0, .. })
        ));
        assert_eq!(
            check(&obs, &[10, 5, 10]),
            Err(InvariantError::NetPositionChanged {
                organization: 1,
                before: 0,
                after: -5,
                as_debtor: 5,
                as_creditor: 10,
            })
        );
    }

    #[test]
    fn certificate_rejects_a_suboptimal_result() {
        let obs = [ob(0, 1, 10), ob(1, 2, 10), ob(2, 0, 10)];
        // Potentials 0 everywhere: reduced cost 1 > 0 on every arc, so all must be cleared.
        assert_eq!(check_optimal(&obs, &[10, 10, 10], &[0, 0, 0]), Ok(()));
        assert!(matches!(
            check_optimal(&obs, &[0, 0, 0], &[0, 0, 0]),
            Err(InvariantError::NotOptimal { obligation: 0, .. })
        ));
        assert!(matches!(
            check_optimal(&obs, &[10, 10, 10], &[0]),
            Err(InvariantError::PotentialsLength {
                expected: 3,
                found: 1
            })
        ));
    }
}

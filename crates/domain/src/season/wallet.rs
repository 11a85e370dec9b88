//! Member wallets: prepaid balances a group keeps for its members, in a double-entry ledger of
//! the group's own.
//!
//! Accounts, each in one currency (signs as in the organizations' ledger: what the group holds
//! is positive, what it owes is negative):
//! - `spendable` (per member): credit the member may spend, owed by the group (negative when
//!   the member has credit; positive up to the group's credit limit when the member owes);
//! - `earmarked` (per member): a deposit or membership fee held for the member — not
//!   spendable, returned only as itself;
//! - `cash_box` (the group): cash the coordinators took in, less what they paid back;
//! - `purchases` (the group): what members paid from their wallets for their lines;
//! - `credits` (the group): what the group credited members (an absence, a short harvest).
//!
//! Every movement is a balanced transaction of two postings. A member's balance as shown is the
//! negated account: ₱500.00 of credit is a `spendable` account at −50 000.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::vocab::vocabulary;
use crate::{Invalid, Money};

vocabulary!(
    /// An account of a group's member ledger.
    WalletAccount, "wallet account", {
        Spendable => "spendable", "Spendable credit";
        Earmarked => "earmarked", "Earmarked (deposit or fee)";
        CashBox => "cash_box", "Cash box";
        Purchases => "purchases", "Purchases";
        Credits => "credits", "Credits given";
    }
);

vocabulary!(
    /// A movement of a member's wallet.
    MovementKind, "wallet movement", {
        TopUp => "top_up", "Top-up in cash";
        Deposit => "deposit", "Deposit or fee (earmarked)";
        Refund => "refund", "Refund in cash";
        DepositReturn => "deposit_return", "Deposit returned";
        Charge => "charge", "Paid for lines";
        Credit => "credit", "Credit from the group";
    }
);

/// One posting of a member-ledger transaction; `person` is set on members' accounts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct WalletPosting {
    pub account: WalletAccount,
    pub person: Option<Uuid>,
    pub amount: Money,
}

/// A member's balances, as shown to people (credit positive).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Balance {
    /// What the member may spend (negative when they owe the group, within its credit limit).
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub spendable: Money,
    /// Held for the member, not spendable.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub earmarked: Money,
}

impl Balance {
    /// Reads the balances from the sums of the member's `spendable` and `earmarked` accounts.
    pub fn from_accounts(spendable: Money, earmarked: Money) -> Balance {
        Balance {
            spendable: Money::new(spendable.minor().saturating_neg(), spendable.currency()),
            earmarked: Money::new(earmarked.minor().saturating_neg(), earmarked.currency()),
        }
    }
}

/// The two postings of a movement of `amount` (more than zero) for `person`, after checking it
/// against the member's `balance` and the group's `credit_limit` (0: no credit). Errors name
/// the field `amount`.
pub fn movement(
    kind: MovementKind,
    person: Uuid,
    amount: Money,
    balance: Balance,
    credit_limit: Money,
) -> Result<[WalletPosting; 2], Invalid> {
    if amount.minor() <= 0 {
        return Err(Invalid::field("amount", "must be more than zero"));
    }
    let cur = amount.currency();
    let too_much = |what: &str, have: i64| {
        Invalid::field(
            "amount",
            format!("more than {what} ({})", Money::new(have.max(0), cur)),
        )
    };
    match kind {
        MovementKind::Refund => {
            // Cash goes back only from credit the member has; never into debt.
            if amount.minor() > balance.spendable.minor() {
                return Err(too_much(
                    "the member's spendable balance",
                    balance.spendable.minor(),
                ));
            }
        }
        MovementKind::DepositReturn => {
            if amount.minor() > balance.earmarked.minor() {
                return Err(too_much(
                    "the member's earmarked balance",
                    balance.earmarked.minor(),
                ));
            }
        }
        MovementKind::Charge => {
            let room = balance
                .spendable
                .minor()
                .saturating_add(credit_limit.minor());
            if amount.minor() > room {
                return Err(too_much("the member can spend", room));
            }
        }
        MovementKind::TopUp | MovementKind::Deposit | MovementKind::Credit => {}
    }
    let neg = Money::new(-amount.minor(), cur);
    let member = |account, amount| WalletPosting {
        account,
        person: Some(person),
        amount,
    };
    let group = |account, amount| WalletPosting {
        account,
        person: None,
        amount,
    };
    use WalletAccount::*;
    Ok(match kind {
        MovementKind::TopUp => [group(CashBox, amount), member(Spendable, neg)],
        MovementKind::Deposit => [group(CashBox, amount), member(Earmarked, neg)],
        MovementKind::Refund => [group(CashBox, neg), member(Spendable, amount)],
        MovementKind::DepositReturn => [group(CashBox, neg), member(Earmarked, amount)],
        MovementKind::Charge => [member(Spendable, amount), group(Purchases, neg)],
        MovementKind::Credit => [member(Spendable, neg), group(Credits, amount)],
    })
}

/// What a member pays from the wallet for lines worth `total` at a close: all of it when the
/// balance and the credit limit allow, else as much as they allow (the rest is paid otherwise).
pub fn charge_at_close(total: Money, balance: Balance, credit_limit: Money) -> Money {
    let room = balance
        .spendable
        .minor()
        .saturating_add(credit_limit.minor())
        .max(0);
    Money::new(total.minor().clamp(0, room), total.currency())
}

/// One movement of a member's wallet.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WalletMovement {
    pub id: Uuid,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub kind: MovementKind,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub amount: Money,
    pub memo: String,
    pub cycle_id: Option<Uuid>,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub created_at: Timestamp,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Currency;
    use proptest::prelude::*;

    fn php(m: i64) -> Money {
        Money::new(m, Currency::PHP)
    }

    fn apply(b: &mut Balance, p: &[WalletPosting; 2]) {
        for x in p {
            match x.account {
                WalletAccount::Spendable => {
                    b.spendable = php(b.spendable.minor() - x.amount.minor())
                }
                WalletAccount::Earmarked => {
                    b.earmarked = php(b.earmarked.minor() - x.amount.minor())
                }
                _ => {}
            }
        }
    }

    #[test]
    fn a_deposit_is_not_spendable() {
        let p = Uuid::from_u128(1);
        let mut b = Balance {
            spendable: php(0),
            earmarked: php(0),
        };
        let m = movement(MovementKind::Deposit, p, php(20_000), b, php(0)).unwrap();
        apply(&mut b, &m);
        let m = movement(MovementKind::TopUp, p, php(5_000), b, php(0)).unwrap();
        apply(&mut b, &m);
        assert_eq!((b.spendable, b.earmarked), (php(5_000), php(20_000)));
        let e = movement(MovementKind::Charge, p, php(5_001), b, php(0)).unwrap_err();
        assert_eq!(e.errors[0].field, "amount");
        // With ₱10.00 of credit allowed, a ₱55.00 charge passes and leaves −₱5.00.
        let m = movement(MovementKind::Charge, p, php(5_500), b, php(1_000)).unwrap();
        apply(&mut b, &m);
        assert_eq!(b.spendable, php(-500));
        // No cash refund out of debt; the deposit comes back as itself.
        assert!(movement(MovementKind::Refund, p, php(1), b, php(1_000)).is_err());
        assert!(movement(MovementKind::DepositReturn, p, php(20_001), b, php(0)).is_err());
        assert_eq!(charge_at_close(php(3_000), b, php(1_000)), php(500));
    }

    proptest! {
        /// Whatever the movements, each transaction balances and the spendable balance never
        /// falls below minus the credit limit; the earmarked balance never below zero.
        #[test]
        fn balances_stay_within_the_limit(
            moves in proptest::collection::vec((0usize..6, 1i64..100_000), 0..60),
            limit in 0i64..50_000,
        ) {
            let p = Uuid::from_u128(1);
            let mut b = Balance { spendable: php(0), earmarked: php(0) };
            for (k, a) in moves {
                let kind = MovementKind::ALL[k];
                if let Ok(ps) = movement(kind, p, php(a), b, php(limit)) {
                    prop_assert_eq!(ps[0].amount.minor() + ps[1].amount.minor(), 0);
                    apply(&mut b, &ps);
                }
                prop_assert!(b.spendable.minor() >= -limit);
                prop_assert!(b.earmarked.minor() >= 0);
            }
        }
    }
}

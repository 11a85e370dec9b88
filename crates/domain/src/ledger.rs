//! A double-entry ledger: every transaction's postings sum to zero in each currency.
//!
//! Each organization has three accounts per currency:
//!
//! - `receivable`: what others owe it (positive);
//! - `payable`: what it owes others (negative);
//! - `cash`: money it received minus money it paid, through recorded payments.
//!
//! An obligation "A owes B x" posts B.receivable +x, A.payable −x. A payment of y against it
//! posts B.receivable −y, A.payable +y (the debt shrinks) and B.cash +y, A.cash −y (the money
//! moved). A set-off in a clearing round is a payment without cash. So an organization's
//! outstanding position is `receivable + payable`, and the sum of every account in a currency
//! is always zero.

use std::collections::BTreeMap;

use serde::Serialize;
use uuid::Uuid;

use crate::currency::Currency;
use crate::money::{Money, MoneyError};
use crate::vocab::vocabulary;

vocabulary!(
    /// The kind of an organization's account.
    AccountKind, "account kind", {
        Receivable => "receivable", "Receivable";
        Payable => "payable", "Payable";
        Cash => "cash", "Cash";
    }
);

/// An account: an organization's receivable, payable or cash, in one currency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Account {
    pub organization: Uuid,
    pub kind: AccountKind,
    pub currency: Currency,
}

/// One line of a transaction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Posting {
    pub account: Account,
    pub amount: Money,
}

/// A balanced set of postings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Transaction {
    pub id: Uuid,
    pub memo: String,
    pub postings: Vec<Posting>,
}

/// Why a transaction was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LedgerError {
    #[error("the postings do not balance in {0}")]
    Unbalanced(Currency),
    #[error("a posting's amount is in {amount} but its account is in {account}")]
    CurrencyMismatch { amount: Currency, account: Currency },
    #[error(transparent)]
    Money(#[from] MoneyError),
}

impl Transaction {
    /// Checks that postings sum to zero per currency and match their accounts' currencies.
    /// `id` is the caller's (the store makes v4 UUIDs), so the same input gives the same
    /// transaction.
    pub fn new(
        id: Uuid,
        memo: impl Into<String>,
        postings: Vec<Posting>,
    ) -> Result<Transaction, LedgerError> {
        let mut sums: BTreeMap<Currency, i128> = BTreeMap::new();
        for p in &postings {
            if p.amount.currency() != p.account.currency {
                return Err(LedgerError::CurrencyMismatch {
                    amount: p.amount.currency(),
                    account: p.account.currency,
                });
            }
            *sums.entry(p.account.currency).or_default() += i128::from(p.amount.minor());
        }
        if let Some((c, _)) = sums.iter().find(|(_, s)| **s != 0) {
            return Err(LedgerError::Unbalanced(*c));
        }
        Ok(Transaction {
            id,
            memo: memo.into(),
            postings,
        })
    }

    /// "debtor owes creditor `amount`".
    pub fn obligation(
        id: Uuid,
        memo: impl Into<String>,
        debtor: Uuid,
        creditor: Uuid,
        amount: Money,
    ) -> Result<Transaction, LedgerError> {
        let c = amount.currency();
        let neg = Money::zero(c).checked_sub(amount)?;
        Transaction::new(
            id,
            memo,
            vec![
                Posting {
                    account: Account {
                        organization: creditor,
                        kind: AccountKind::Receivable,
                        currency: c,
                    },
                    amount,
                },
                Posting {
                    account: Account {
                        organization: debtor,
                        kind: AccountKind::Payable,
                        currency: c,
                    },
                    amount: neg,
                },
            ],
        )
    }

    /// "debtor paid creditor `amount`" against what it owes; `cash` false for a set-off.
    pub fn settlement(
        id: Uuid,
        memo: impl Into<String>,
        debtor: Uuid,
        creditor: Uuid,
        amount: Money,
        cash: bool,
    ) -> Result<Transaction, LedgerError> {
        let c = amount.currency();
        let neg = Money::zero(c).checked_sub(amount)?;
        let acct = |organization, kind| Account {
            organization,
            kind,
            currency: c,
        };
        let mut postings = vec![
            Posting {
                account: acct(creditor, AccountKind::Receivable),
                amount: neg,
            },
            Posting {
                account: acct(debtor, AccountKind::Payable),
                amount,
            },
        ];
        if cash {
            postings.push(Posting {
                account: acct(creditor, AccountKind::Cash),
                amount,
            });
            postings.push(Posting {
                account: acct(debtor, AccountKind::Cash),
                amount: neg,
            });
        }
        Transaction::new(id, memo, postings)
    }

    /// Undoes the [`settlement`](Self::settlement) of a payment of `amount` in money: every
    /// posting mirrored, so the two together leave every account where it was. The books are
    /// corrected by adding this, never by changing or deleting the first.
    pub fn settlement_reversal(
        id: Uuid,
        memo: impl Into<String>,
        debtor: Uuid,
        creditor: Uuid,
        amount: Money,
    ) -> Result<Transaction, LedgerError> {
        let back = Money::zero(amount.currency()).checked_sub(amount)?;
        Self::settlement(id, memo, debtor, creditor, back, true)
    }
}

/// Balances of every account touched by `transactions`.
pub fn balances<'a>(
    transactions: impl IntoIterator<Item = &'a Transaction>,
) -> Result<BTreeMap<Account, Money>, MoneyError> {
    let mut out: BTreeMap<Account, Money> = BTreeMap::new();
    for t in transactions {
        for p in &t.postings {
            let b = out
                .entry(p.account)
                .or_insert_with(|| Money::zero(p.account.currency));
            *b = b.checked_add(p.amount)?;
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn unbalanced_and_mixed_postings_are_refused() {
        let o = Uuid::new_v4();
        let a = Account {
            organization: o,
            kind: AccountKind::Cash,
            currency: Currency::PHP,
        };
        let e = Transaction::new(
            Uuid::new_v4(),
            "x",
            vec![Posting {
                account: a,
                amount: Money::new(1, Currency::PHP),
            }],
        );
        assert_eq!(e.unwrap_err(), LedgerError::Unbalanced(Currency::PHP));
        let e = Transaction::new(
            Uuid::new_v4(),
            "x",
            vec![Posting {
                account: a,
                amount: Money::new(0, Currency::JPY),
            }],
        );
        assert!(matches!(e, Err(LedgerError::CurrencyMismatch { .. })));
    }

    #[test]
    fn obligation_then_payment_leaves_nothing_outstanding() {
        let (a, b) = (Uuid::new_v4(), Uuid::new_v4());
        let x = Money::new(25_000, Currency::PHP);
        let t1 = Transaction::obligation(Uuid::new_v4(), "invoice", a, b, x).unwrap();
        let t2 = Transaction::settlement(
            Uuid::new_v4(),
            "payment",
            a,
            b,
            Money::new(10_000, Currency::PHP),
            true,
        )
        .unwrap();
        let bal = balances([&t1, &t2]).unwrap();
        let get = |o, k| {
            bal[&Account {
                organization: o,
                kind: k,
                currency: Currency::PHP,
            }]
                .minor()
        };
        assert_eq!(get(b, AccountKind::Receivable), 15_000);
        assert_eq!(get(a, AccountKind::Payable), -15_000);
        assert_eq!(get(b, AccountKind::Cash), 10_000);
        assert_eq!(get(a, AccountKind::Cash), -10_000);
    }

    proptest! {
        /// A payment and its reversal leave every account where the obligation alone left it.
        #[test]
        fn a_reversal_undoes_its_payment(owed in 1i64..10_000_000, paid_share in 1i64..=100) {
            let (a, b) = (Uuid::new_v4(), Uuid::new_v4());
            let owed = Money::new(owed, Currency::NPR);
            let paid = Money::new((owed.minor() * paid_share / 100).max(1), Currency::NPR);
            let t1 = Transaction::obligation(Uuid::new_v4(), "invoice", a, b, owed).unwrap();
            let t2 = Transaction::settlement(Uuid::new_v4(), "payment", a, b, paid, true).unwrap();
            let t3 = Transaction::settlement_reversal(Uuid::new_v4(), "reversal", a, b, paid).unwrap();
            let before = balances([&t1]).unwrap();
            let after = balances([&t1, &t2, &t3]).unwrap();
            for (account, amount) in &after {
                let was = before.get(account).map_or(0, |m| m.minor());
                prop_assert_eq!(amount.minor(), was, "{:?}", account);
            }
        }
    }

    proptest! {
        /// After any sequence of obligations and payments, in several currencies, every
        /// transaction balanced and the accounts of each currency sum to zero; each
        /// organization's outstanding position is what it is owed minus what it owes.
        #[test]
        fn ledgers_balance(ops in proptest::collection::vec((0usize..4, 0usize..4, 0i64..1_000_000, any::<bool>(), 0usize..2, any::<bool>()), 0..60)) {
            let orgs: Vec<Uuid> = (0..4).map(|_| Uuid::new_v4()).collect();
            let currencies = [Currency::PHP, Currency::JPY];
            let mut txs = Vec::new();
            let mut expected: BTreeMap<(Uuid, Currency), i64> = BTreeMap::new();
            for (d, c, amt, is_payment, cur, cash) in ops {
                let m = Money::new(amt, currencies[cur]);
                let t = if is_payment {
                    Transaction::settlement(Uuid::new_v4(), "p", orgs[d], orgs[c], m, cash).unwrap()
                } else {
                    Transaction::obligation(Uuid::new_v4(), "o", orgs[d], orgs[c], m).unwrap()
                };
                let sign = if is_payment { -1 } else { 1 };
                *expected.entry((orgs[c], currencies[cur])).or_default() += sign * amt;
                *expected.entry((orgs[d], currencies[cur])).or_default() -= sign * amt;
                txs.push(t);
            }
            let bal = balances(&txs).unwrap();
            for cur in currencies {
                let total: i64 = bal.iter().filter(|(a, _)| a.currency == cur).map(|(_, m)| m.minor()).sum();
                prop_assert_eq!(total, 0);
            }
            for ((org, cur), v) in expected {
                let get = |k| bal.get(&Account { organization: org, kind: k, currency: cur }).map_or(0, |m| m.minor());
                prop_assert_eq!(get(AccountKind::Receivable) + get(AccountKind::Payable), v);
            }
        }
    }
}

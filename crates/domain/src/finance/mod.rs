//! Solidarity finance II (issue 17): the arithmetic of self-help groups' loans, kept apart from
//! the ledger that records them. `loan` — repayment schedules, to the minor unit; `portfolio`
//! — a repayment's allocation (fees, interest, principal), arrears ageing and PAR30/PAR90 as at
//! any date; `book` — a self-help group's book of savings and loans, kept from its meetings;
//! `borrowing` — loans to a group from banks and federations, on-lent to its members;
//! `linkage` — bank linkage as configurable policy; `investment` — community investment: offers,
//! commitments in the investor's currency at a recorded exchange rate, repayments, positions
//! and liabilities.

pub mod book;
pub mod borrowing;
pub mod investment;
pub mod linkage;
pub mod loan;
pub mod portfolio;

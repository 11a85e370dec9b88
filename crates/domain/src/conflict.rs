//! Why a write clashes with what is recorded, as a value rather than a sentence: the store and
//! the use cases say *which* clash it was, and each adapter says it in its reader's language
//! (the API in English through `Display`; the pages through the `conflict-…` messages of the
//! six languages, with the same figures).

use crate::ledger::LedgerError;
use crate::network_links::LinkConflict;
use crate::trade::settle::SettleError;
use crate::Money;

/// A write refused because of what is recorded (HTTP 409).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Conflict {
    /// Offers are added only while the cycle is open.
    #[error("This cycle is closed: offers can no longer be added.")]
    OffersClosed,
    /// Offers are withdrawn only while the cycle is open.
    #[error("This cycle is closed: its offers can no longer be withdrawn.")]
    WithdrawalsClosed,
    /// Lines change only while the cycle is open.
    #[error("This cycle is closed: lines can no longer be changed.")]
    LinesClosed,
    /// The cycle is not between its opening and closing times.
    #[error("This cycle is not open for orders now.")]
    NotTakingOrders,
    /// Less of the offer is left than the line asks for.
    #[error("Only {left} unit(s) of this offer are left; you asked for {asked}.")]
    StockLeft { left: u64, asked: u64 },
    /// The same organization twice in one role of a cycle.
    #[error("an organization is listed twice in the same role")]
    ListedTwice,
    /// Settling the cycle failed (an amount out of range, an offer of another currency).
    #[error("This cycle cannot be closed: {0}")]
    CannotClose(SettleError),
    /// A payment larger than what is still owed.
    #[error("Only {owed} is still owed on this obligation.")]
    MoreThanOwed { owed: Money },
    /// The ledger refused a transaction (an amount out of range).
    #[error("{0}")]
    Ledger(LedgerError),
    /// Invoices exist once the cycle is closed.
    #[error("Invoices are made when the cycle closes.")]
    InvoicesNotYet,
    /// Statements exist once the cycle is closed.
    #[error("Statements are made when the cycle closes.")]
    StatementsNotYet,
    /// Packaging comes back after the delivery.
    #[error("Packaging can be recorded as returned once the cycle is closed and delivered.")]
    NotDeliveredYet,
    /// The e-mail address belongs to someone already.
    #[error("a person with e-mail {email} exists already")]
    EmailTaken { email: String },
    /// The person is in the organization already.
    #[error("this person is already a member of the organization")]
    AlreadyMember,
    /// The person joined one of their organizations less than 30 days
    /// ago: erasing them is for the server's operator, so that nobody can add a stranger to
    /// their own organization and then wipe them.
    #[error(
        "This person joined less than 30 days ago: ask the server's operator to erase their data."
    )]
    JoinedRecently,
    /// Removing or demoting the last admin would leave nobody to run the organization.
    #[error("An organization needs at least one admin: make someone else admin first.")]
    LastAdmin,
    /// A network link that is not in a state that allows the change.
    #[error("{0}")]
    Link(LinkConflict),
    /// The obligations cannot be cleared as they stand (the clearing library's reason).
    #[error("These obligations cannot be cleared: {reason}")]
    NotClearable { reason: String },
    /// A round's totals exceed what the books can hold.
    #[error("The {what} of this round is too large to record.")]
    RoundTooLarge { what: &'static str },
    /// An obligation of the round was paid or changed since it was proposed.
    #[error(
        "An obligation of this round was paid or changed since it was proposed; the round is stale. Propose a new round."
    )]
    RoundStale,
    /// The round was applied or discarded already (`status`), so it cannot be `applied` (or
    /// discarded) now.
    #[error("This round is {status} and can no longer be {}.", if *.applying { "applied" } else { "discarded" })]
    RoundDecided {
        status: &'static str,
        applying: bool,
    },
    /// A request with the same idempotency key is still being answered.
    #[error("A request with this Idempotency-Key is still being answered: wait a moment and send it again.")]
    RequestInProgress,
    /// An offer's quantity below what is ordered already (first come, first served).
    #[error(
        "{ordered} unit(s) of this offer are ordered already: the quantity cannot go below that."
    )]
    BelowOrdered { ordered: u64 },
    /// The payment was reversed already.
    #[error("This payment was reversed already.")]
    PaymentReversed,
    /// A set-off (undone by its clearing round's books) or a reversal (record the payment
    /// again instead).
    #[error(
        "Only a payment of money can be reversed; to undo a reversal, record the payment again."
    )]
    NotReversible,
    /// A sum of the impact accounts beyond 64 bits.
    #[error("a rollup sum does not fit in 64 bits")]
    Overflow,
    /// The voter's ballot is in already: each is counted once.
    #[error("This vote has been cast already: each voter's ballot is counted once.")]
    AlreadyVoted,
    /// A decision takes ballots and proxies only while it is open.
    #[error("This decision is not open for votes now.")]
    VoteNotOpen,
    /// Results and ballots are shown once a decision has closed (no bandwagon while open).
    #[error("Ballots and results are shown once the decision has closed.")]
    BallotsNotYet,
    /// The members approved the cycle's price list: it stays as they approved it.
    #[error("This cycle's prices and fees were approved by its members' decision: they can no longer change, and no offer can be added.")]
    PricesApproved,
    /// A group has one meeting a day in its book: this one is in already.
    #[error("This group's meeting of that date is in the book already (perhaps another bookkeeper entered it): open it from the book to see what was recorded.")]
    MeetingRecorded,
    /// Only a self-help group keeps a book, once its admins set its rules.
    #[error("This organization keeps no book of savings and loans: only a self-help group does, once its admins set the book's rules.")]
    NoBook,
    /// A community investment offer takes commitments until it closes (on its closing day, or
    /// earlier when the organization closes it).
    #[error("This investment offer is closed: it takes no more commitments.")]
    InvestmentClosed,
    /// A commitment beyond what is left of the offer's target (other investors committed first).
    #[error("Only {left} of this offer's target is left to commit.")]
    TargetReached { left: Money },
    /// A repayment to an investor whose money is not recorded as received.
    #[error(
        "This investor's money is not recorded as received yet: record it before any repayment."
    )]
    NotPaidIn,
    /// An investor's money recorded as received once already.
    #[error("This investor's money is recorded as received already.")]
    AlreadyReceived,
}

impl Conflict {
    /// A stable id for each kind, naming the message that explains it (`conflict-<id>`).
    pub fn id(&self) -> &'static str {
        match self {
            Conflict::OffersClosed => "offers-closed",
            Conflict::WithdrawalsClosed => "withdrawals-closed",
            Conflict::LinesClosed => "lines-closed",
            Conflict::NotTakingOrders => "not-taking-orders",
            Conflict::StockLeft { .. } => "stock-left",
            Conflict::ListedTwice => "listed-twice",
            Conflict::CannotClose(_) => "cannot-close",
            Conflict::MoreThanOwed { .. } => "more-than-owed",
            Conflict::Ledger(_) => "ledger",
            Conflict::InvoicesNotYet => "invoices-not-yet",
            Conflict::StatementsNotYet => "statements-not-yet",
            Conflict::NotDeliveredYet => "not-delivered-yet",
            Conflict::EmailTaken { .. } => "email-taken",
            Conflict::AlreadyMember => "already-member",
            Conflict::LastAdmin => "last-admin",
            Conflict::JoinedRecently => "joined-recently",
            Conflict::Link(l) => l.id(),
            Conflict::NotClearable { .. } => "not-clearable",
            Conflict::RoundTooLarge { .. } => "round-too-large",
            Conflict::RoundStale => "round-stale",
            Conflict::RoundDecided { .. } => "round-decided",
            Conflict::Overflow => "overflow",
            Conflict::RequestInProgress => "request-in-progress",
            Conflict::PaymentReversed => "payment-reversed",
            Conflict::BelowOrdered { .. } => "below-ordered",
            Conflict::NotReversible => "not-reversible",
            Conflict::AlreadyVoted => "already-voted",
            Conflict::VoteNotOpen => "vote-not-open",
            Conflict::BallotsNotYet => "ballots-not-yet",
            Conflict::PricesApproved => "prices-approved",
            Conflict::MeetingRecorded => "meeting-recorded",
            Conflict::NoBook => "no-book",
            Conflict::InvestmentClosed => "investment-closed",
            Conflict::TargetReached { .. } => "target-reached",
            Conflict::NotPaidIn => "not-paid-in",
            Conflict::AlreadyReceived => "already-received",
        }
    }

    /// Every message id [`Conflict::id`] can name, for the translation check.
    pub const IDS: [&'static str; 41] = [
        "offers-closed",
        "withdrawals-closed",
        "lines-closed",
        "not-taking-orders",
        "stock-left",
        "listed-twice",
        "cannot-close",
        "more-than-owed",
        "ledger",
        "invoices-not-yet",
        "statements-not-yet",
        "not-delivered-yet",
        "email-taken",
        "already-member",
        "last-admin",
        "joined-recently",
        "link-already-invited",
        "link-already-applied",
        "link-already-member",
        "link-ended",
        "link-not-active",
        "link-not-active-map",
        "not-clearable",
        "round-too-large",
        "round-stale",
        "round-decided",
        "overflow",
        "request-in-progress",
        "payment-reversed",
        "not-reversible",
        "below-ordered",
        "already-voted",
        "vote-not-open",
        "ballots-not-yet",
        "prices-approved",
        "meeting-recorded",
        "no-book",
        "investment-closed",
        "target-reached",
        "not-paid-in",
        "already-received",
    ];
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_names_a_listed_message_and_the_api_keeps_its_words() {
        let all = [
            Conflict::OffersClosed,
            Conflict::WithdrawalsClosed,
            Conflict::LinesClosed,
            Conflict::NotTakingOrders,
            Conflict::StockLeft { left: 2, asked: 5 },
            Conflict::ListedTwice,
            Conflict::CannotClose(SettleError::Money(crate::money::MoneyError::Overflow)),
            Conflict::MoreThanOwed {
                owed: Money::new(12_50, crate::Currency::parse("PHP").unwrap()),
            },
            Conflict::Ledger(LedgerError::Money(crate::money::MoneyError::Overflow)),
            Conflict::InvoicesNotYet,
            Conflict::StatementsNotYet,
            Conflict::NotDeliveredYet,
            Conflict::EmailTaken {
                email: "a@example.org".into(),
            },
            Conflict::AlreadyMember,
            Conflict::LastAdmin,
            Conflict::JoinedRecently,
            Conflict::Link(LinkConflict::AlreadyInvited),
            Conflict::Link(LinkConflict::AlreadyApplied),
            Conflict::Link(LinkConflict::AlreadyMember),
            Conflict::Link(LinkConflict::Ended),
            Conflict::Link(LinkConflict::NotActive),
            Conflict::Link(LinkConflict::NotActiveForMap),
            Conflict::NotClearable { reason: "x".into() },
            Conflict::RoundTooLarge { what: "total" },
            Conflict::RoundStale,
            Conflict::RoundDecided {
                status: "applied",
                applying: false,
            },
            Conflict::Overflow,
            Conflict::RequestInProgress,
            Conflict::PaymentReversed,
            Conflict::NotReversible,
            Conflict::BelowOrdered { ordered: 3 },
            Conflict::AlreadyVoted,
            Conflict::VoteNotOpen,
            Conflict::BallotsNotYet,
            Conflict::PricesApproved,
            Conflict::MeetingRecorded,
            Conflict::NoBook,
            Conflict::InvestmentClosed,
            Conflict::TargetReached {
                left: Money::new(0, crate::Currency::PHP),
            },
            Conflict::NotPaidIn,
            Conflict::AlreadyReceived,
        ];
        let ids: Vec<&str> = all.iter().map(Conflict::id).collect();
        assert_eq!(ids, Conflict::IDS);
        assert_eq!(
            Conflict::StockLeft { left: 2, asked: 5 }.to_string(),
            "Only 2 unit(s) of this offer are left; you asked for 5."
        );
        assert_eq!(
            Conflict::RoundDecided {
                status: "applied",
                applying: false
            }
            .to_string(),
            "This round is applied and can no longer be discarded."
        );
    }
}

//! A self-help group's book: its members' savings, its cash, the loans it makes from its
//! corpus, as a double-entry ledger of the group's own, written from meeting records.
//!
//! Accounts, in the group's one currency (signs as in every ledger here: what the group holds
//! is positive, what it owes or has earned is negative):
//! - `cash` (the group): the cash box and the group's bank account;
//! - `savings` and `voluntary` (per member): compulsory and voluntary savings, owed to the
//!   member (a member's savings as shown are the negated account);
//! - `loan` (per loan to a member): principal the member still owes the group;
//! - `interest`, `fines`, `grants` (the group): interest and fines earned, grants and
//!   revolving funds received — what, with the savings, makes the corpus;
//! - `written_off` (the group): principal given up;
//! - `bank_loan` (per loan to the group, see `borrowing`): what the group owes its lenders;
//!   `bank_interest` (the group): the interest it paid them.
//!
//! The **corpus** is savings + voluntary savings + revolving fund and grants + retained
//! interest and fines − what was written off − interest paid on the group's own loans; by
//! double entry it equals cash + loans outstanding − what the group still owes its lenders
//! (tested below): the group lends its corpus and what it borrowed.
//!
//! A meeting's money is applied in the order the book is kept at the meeting: savings, fines
//! and repayments come in, then withdrawals and new loans go out, so a loan may be made from
//! what was saved that day. The cash never goes below zero: a loan or a withdrawal the cash
//! cannot cover is refused, naming the field.

use std::collections::{BTreeMap, BTreeSet};

use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::loan::{self, Instalment, Method, Rate, Terms};
use super::portfolio::{allocate, Allocation, Owed};
use crate::validate::Collector;
use crate::vocab::vocabulary;
use crate::{Currency, Invalid, Money};

vocabulary!(
    /// An account of a self-help group's book.
    BookAccount, "book account", {
        Cash => "cash", "Cash (box and bank)";
        Savings => "savings", "Compulsory savings";
        Voluntary => "voluntary", "Voluntary savings";
        Loan => "loan", "Loans to members";
        Interest => "interest", "Interest earned";
        Fines => "fines", "Fines";
        Grants => "grants", "Grants and revolving fund";
        WrittenOff => "written_off", "Written off";
        BankLoan => "bank_loan", "Loans to the group (banks, federations)";
        BankInterest => "bank_interest", "Interest paid on the group's loans";
    }
);

vocabulary!(
    /// A transaction of a self-help group's book.
    EntryKind, "book entry", {
        Saving => "saving", "Compulsory saving";
        VoluntarySaving => "voluntary_saving", "Voluntary saving";
        Fine => "fine", "Fine";
        Repayment => "repayment", "Loan repayment";
        Withdrawal => "withdrawal", "Withdrawal of savings";
        Disbursement => "disbursement", "New loan";
        Grant => "grant", "Grant or revolving fund";
        WriteOff => "write_off", "Loan written off";
        BorrowingReceived => "borrowing_received", "Loan to the group received";
        BorrowingRepaid => "borrowing_repaid", "Loan to the group repaid";
    }
);

vocabulary!(
    /// Which savings a member may withdraw.
    WithdrawalRule, "withdrawal rule", {
        Voluntary => "voluntary", "Voluntary savings only";
        Any => "any", "Voluntary savings, then compulsory";
    }
);

/// Fewest and most members a group may be configured for.
pub const MEMBERS_RANGE: (u32, u32) = (2, 100);
/// The common size of a self-help group: 10 to 20 members.
pub const DEFAULT_MEMBERS: (u32, u32) = (10, 20);

/// One posting: `person` is set on members' accounts, `loan` on a loan's, `borrowing` on a
/// loan to the group's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Posting {
    pub account: BookAccount,
    pub person: Option<Uuid>,
    pub loan: Option<Uuid>,
    pub borrowing: Option<Uuid>,
    /// Minor units of the group's currency.
    pub amount: i64,
}

/// A balanced transaction of the book.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entry {
    pub kind: EntryKind,
    pub person: Option<Uuid>,
    pub loan: Option<Uuid>,
    pub postings: Vec<Posting>,
}

impl Entry {
    pub(crate) fn new(
        kind: EntryKind,
        person: Option<Uuid>,
        loan: Option<Uuid>,
        p: Vec<Posting>,
    ) -> Self {
        debug_assert_eq!(p.iter().map(|p| p.amount).sum::<i64>(), 0);
        Entry {
            kind,
            person,
            loan,
            postings: p,
        }
    }
    /// The cash this entry brings in (negative: takes out).
    pub fn cash(&self) -> i64 {
        self.postings
            .iter()
            .filter(|p| p.account == BookAccount::Cash)
            .map(|p| p.amount)
            .sum()
    }
}

fn post(account: BookAccount, person: Option<Uuid>, loan: Option<Uuid>, amount: i64) -> Posting {
    Posting {
        account,
        person,
        loan,
        borrowing: None,
        amount,
    }
}

/// A group's rules for its book.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rules {
    pub currency: Currency,
    /// What each member saves at every meeting (minor units).
    pub compulsory_saving: i64,
    pub withdrawal_rule: WithdrawalRule,
    pub min_members: u32,
    pub max_members: u32,
}

/// A loan as the book holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BookLoan {
    pub id: Uuid,
    pub person: Uuid,
    pub disbursed_on: Date,
    pub principal: i64,
    pub schedule: Vec<Instalment>,
    pub principal_paid: i64,
    pub interest_paid: i64,
    pub written_off: bool,
}

impl BookLoan {
    pub fn outstanding(&self) -> i64 {
        if self.written_off {
            0
        } else {
            self.principal - self.principal_paid
        }
    }
    /// What is owed on `day`: the scheduled interest of the instalments due by then less the
    /// interest paid, and all the principal outstanding (paying principal not yet due is a
    /// prepayment; the schedule's interest stays as agreed).
    pub fn owed(&self, day: Date) -> Owed {
        let interest_due: i64 = self
            .schedule
            .iter()
            .filter(|i| i.due_date <= day)
            .map(|i| i.interest.minor())
            .sum();
        Owed {
            fees: 0,
            interest: (interest_due - self.interest_paid).max(0),
            outstanding_principal: self.outstanding(),
        }
    }
}

/// What the book holds before a meeting is applied.
#[derive(Debug, Clone, Default)]
pub struct State {
    pub cash: i64,
    /// Per member: (compulsory, voluntary) savings, as shown (positive).
    pub savings: BTreeMap<Uuid, (i64, i64)>,
    /// The members' loans not written off nor repaid, oldest first.
    pub loans: Vec<BookLoan>,
    /// The group's own loans (from banks, federations), with what each has on-lent.
    pub borrowings: Vec<super::borrowing::Borrowing>,
}

/// One member's line of a meeting, as sent: amounts are decimals in the group's currency.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct MemberLineInput {
    pub person_id: Uuid,
    /// Present at the meeting (a member may save through another and be absent).
    #[serde(default)]
    pub present: bool,
    /// Compulsory saving; the group's amount when left out and the member is present.
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::opt_amount))]
    pub savings: Option<String>,
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::opt_amount))]
    pub voluntary: Option<String>,
    /// Paid on the member's loans, oldest first: interest due, then principal.
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::opt_amount))]
    pub repayment: Option<String>,
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::opt_amount))]
    pub fine: Option<String>,
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::opt_amount))]
    pub withdrawal: Option<String>,
}

/// A new loan made at a meeting, as sent.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewLoanInput {
    pub person_id: Uuid,
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::positive_amount))]
    pub principal: String,
    /// Yearly rate in percent, e.g. "24".
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::rate_percent))]
    pub annual_rate: String,
    #[serde(deserialize_with = "crate::parse::whole::deserialize")]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 1200))]
    pub instalments: u32,
    /// Instalments a year (12 monthly, 26 fortnightly…); the meeting's periodicity when left
    /// out.
    #[serde(default, deserialize_with = "crate::parse::whole::option")]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 52))]
    pub per_year: Option<u32>,
    /// `declining` (default) or `flat`.
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::opt_loan_method))]
    pub method: Option<String>,
    /// The loan to the group this loan on-lends, if any: what is on-lent from one never
    /// passes what was borrowed.
    #[serde(default)]
    pub funded_by: Option<Uuid>,
}

/// A meeting as sent by the bookkeeper.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct MeetingInput {
    /// The meeting's date (YYYY-MM-DD) — from the paper book when entered later.
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::date))]
    pub held_on: String,
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::opt_paragraph_2000))]
    pub minutes: Option<String>,
    #[serde(default)]
    pub members: Vec<MemberLineInput>,
    #[serde(default)]
    pub loans: Vec<NewLoanInput>,
}

/// A member's line, checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct MemberLine {
    pub person: Uuid,
    pub present: bool,
    pub savings: i64,
    pub voluntary: i64,
    pub repayment: i64,
    pub fine: i64,
    pub withdrawal: i64,
}

/// A new loan, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewLoan {
    pub id: Uuid,
    pub person: Uuid,
    /// The loan to the group it on-lends.
    pub funded_by: Option<Uuid>,
    pub terms: Terms,
    pub schedule: Vec<Instalment>,
}

/// A meeting, checked: what the store writes.
#[derive(Debug, Clone)]
pub struct Meeting {
    pub held_on: Date,
    pub minutes: String,
    pub lines: Vec<MemberLine>,
    pub loans: Vec<NewLoan>,
    pub entries: Vec<Entry>,
}

impl Meeting {
    pub fn attendance(&self) -> usize {
        self.lines.iter().filter(|l| l.present).count()
    }
}

/// Meetings a year a group's loans default to when none is said: monthly.
pub const DEFAULT_PER_YEAR: u32 = 12;
/// The largest amount one line of a book holds (minor units): sums of years of meetings stay
/// far inside `i64`.
pub const MAX_AMOUNT: i64 = 10_000_000_000_000;
/// The longest minutes.
pub const MAX_MINUTES: usize = 2000;

/// How numbers were written: by a program (`Plain`: `1250.50`, nothing around it, as the API's
/// document says) or by a person in a form (`Written`: `1,250.50` is understood too).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Numbers {
    Plain,
    Written,
}

pub(super) fn amount(
    c: &mut Collector,
    field: String,
    s: Option<&str>,
    cur: Currency,
    numbers: Numbers,
) -> Option<i64> {
    let parsed = match numbers {
        Numbers::Plain => Money::parse_plain(s?, cur),
        Numbers::Written => Money::parse_decimal(s.map(str::trim).filter(|s| !s.is_empty())?, cur),
    };
    match parsed {
        Ok(m) if m.minor() < 0 => {
            c.push(field, "must not be negative");
            None
        }
        Ok(m) if m.minor() > MAX_AMOUNT => {
            c.push(field, "is more than a group's book holds");
            None
        }
        Ok(m) => Some(m.minor()),
        Err(e) => {
            c.push(field, e.reason().to_string());
            None
        }
    }
}

/// Checks a meeting against the group's `rules`, its `members`, and what its book holds
/// (`state`), as at `today` (the group's date), and makes its balanced entries. Every problem
/// is reported with its field; nothing is made of a meeting with one.
pub fn plan_meeting(
    input: &MeetingInput,
    numbers: Numbers,
    rules: &Rules,
    members: &BTreeSet<Uuid>,
    state: &State,
    today: Date,
) -> Result<Meeting, Invalid> {
    let mut c = Collector::new();
    let cur = rules.currency;
    let held_on = match input.held_on.trim().parse::<Date>() {
        Ok(d) if d > today => {
            c.push(
                "held_on",
                format!("{d} is after today ({today}): a meeting is entered once it was held"),
            );
            None
        }
        Ok(d) => Some(d),
        Err(_) => {
            c.push(
                "held_on",
                format!("\"{}\" is not a date such as 2026-03-01", input.held_on),
            );
            None
        }
    };
    let minutes = c
        .optional_text(
            "minutes",
            input.minutes.as_deref(),
            crate::text::Shape::Paragraph,
            MAX_MINUTES,
        )
        .unwrap_or_default();
    let mut seen = BTreeSet::new();
    let mut lines = Vec::new();
    for (i, l) in input.members.iter().enumerate() {
        let f = |name: &str| format!("members[{i}].{name}");
        if !members.contains(&l.person_id) {
            c.push(f("person_id"), "is not a member of the group");
            continue;
        }
        if !seen.insert(l.person_id) {
            c.push(f("person_id"), "the member is listed twice");
            continue;
        }
        let savings = match amount(&mut c, f("savings"), l.savings.as_deref(), cur, numbers) {
            Some(v) => v,
            None if l.present && l.savings.as_deref().is_none_or(|s| s.trim().is_empty()) => {
                rules.compulsory_saving
            }
            None => 0,
        };
        lines.push(MemberLine {
            person: l.person_id,
            present: l.present,
            savings,
            voluntary: amount(&mut c, f("voluntary"), l.voluntary.as_deref(), cur, numbers)
                .unwrap_or(0),
            repayment: amount(&mut c, f("repayment"), l.repayment.as_deref(), cur, numbers)
                .unwrap_or(0),
            fine: amount(&mut c, f("fine"), l.fine.as_deref(), cur, numbers).unwrap_or(0),
            withdrawal: amount(
                &mut c,
                f("withdrawal"),
                l.withdrawal.as_deref(),
                cur,
                numbers,
            )
            .unwrap_or(0),
        });
    }
    let mut loans = Vec::new();
    for (i, n) in input.loans.iter().enumerate() {
        let f = |name: &str| format!("loans[{i}].{name}");
        if !members.contains(&n.person_id) {
            c.push(f("person_id"), "is not a member of the group");
        }
        let principal = amount(&mut c, f("principal"), Some(&n.principal), cur, numbers);
        if principal == Some(0) {
            c.push(f("principal"), "must be more than zero");
        } else if numbers == Numbers::Written && n.principal.trim().is_empty() {
            // A member chosen for a loan with no amount: said, never skipped in silence.
            c.push(f("principal"), "is required for a new loan");
        }
        let rate = if numbers == Numbers::Plain && n.annual_rate.trim() != n.annual_rate {
            c.push(
                f("annual_rate"),
                "a rate in plain digits, such as 24 or 18.5",
            );
            None
        } else {
            Rate::parse_percent(&n.annual_rate)
                .map_err(|e| c.push(f("annual_rate"), e.reason().to_string()))
                .ok()
        };
        let method = match n.method.as_deref().map(str::trim).filter(|m| !m.is_empty()) {
            None => Some(Method::Declining),
            Some(m) => Method::parse(m)
                .map_err(|e| c.push(f("method"), e.reason().to_string()))
                .ok(),
        };
        let (Some(principal), Some(rate), Some(method), Some(start)) =
            (principal.filter(|p| *p > 0), rate, method, held_on)
        else {
            continue;
        };
        let terms = Terms {
            principal: Money::new(principal, cur),
            annual_rate: rate,
            instalments: n.instalments,
            per_year: n.per_year.unwrap_or(DEFAULT_PER_YEAR),
            method,
            start,
        };
        if let Some(b) = n.funded_by {
            match state.borrowings.iter().find(|x| x.id == b) {
                None => {
                    c.push(f("funded_by"), "is not a loan to this group");
                    continue;
                }
                Some(x) => {
                    let earlier: i64 = loans
                        .iter()
                        .filter(|l: &&NewLoan| l.funded_by == Some(b))
                        .map(|l| l.terms.principal.minor())
                        .sum();
                    if principal > x.available() - earlier {
                        c.push(
                            f("principal"),
                            format!(
                                "more than is left to on-lend from that loan to the group ({})",
                                Money::new((x.available() - earlier).max(0), cur)
                            ),
                        );
                        continue;
                    }
                }
            }
        }
        match loan::schedule(&terms) {
            Ok(s) => loans.push(NewLoan {
                id: Uuid::new_v4(),
                person: n.person_id,
                funded_by: n.funded_by,
                terms,
                schedule: s.instalments,
            }),
            Err(e) => c.push(f(e.field), e.reason),
        }
    }
    if lines.is_empty() && loans.is_empty() && input.members.is_empty() {
        c.push("members", "a meeting records at least one member's line");
    }
    c.finish()?;
    let held_on = held_on.expect("checked above");
    let entries = entries(rules, state, held_on, &lines, &loans)?;
    Ok(Meeting {
        held_on,
        minutes,
        lines,
        loans,
        entries,
    })
}

/// The entries of a meeting's lines and loans, in the order money moves at the meeting.
fn entries(
    rules: &Rules,
    state: &State,
    day: Date,
    lines: &[MemberLine],
    loans: &[NewLoan],
) -> Result<Vec<Entry>, Invalid> {
    use BookAccount::*;
    let mut c = Collector::new();
    let mut out = Vec::new();
    let mut cash = state.cash;
    let index: BTreeMap<Uuid, usize> = lines
        .iter()
        .enumerate()
        .map(|(i, l)| (l.person, i))
        .collect();
    // Money in.
    for l in lines {
        let p = Some(l.person);
        for (kind, account, v) in [
            (EntryKind::Saving, Savings, l.savings),
            (EntryKind::VoluntarySaving, Voluntary, l.voluntary),
            (EntryKind::Fine, Fines, l.fine),
        ] {
            if v > 0 {
                let member_account = if account == Fines { None } else { p };
                out.push(Entry::new(
                    kind,
                    p,
                    None,
                    vec![
                        post(Cash, None, None, v),
                        post(account, member_account, None, -v),
                    ],
                ));
                cash += v;
            }
        }
        if l.repayment > 0 {
            let mut left = l.repayment;
            for loan in state.loans.iter().filter(|x| x.person == l.person) {
                if left == 0 {
                    break;
                }
                let owed = loan.owed(day);
                let total = owed.interest + owed.outstanding_principal;
                if total == 0 {
                    continue;
                }
                let Allocation {
                    interest,
                    principal,
                    ..
                } = allocate(left.min(total), owed).expect("no more than owed");
                let id = Some(loan.id);
                let mut postings = vec![post(Cash, None, None, interest + principal)];
                if interest > 0 {
                    postings.push(post(Interest, None, id, -interest));
                }
                if principal > 0 {
                    postings.push(post(Loan, p, id, -principal));
                }
                out.push(Entry::new(EntryKind::Repayment, p, id, postings));
                cash += interest + principal;
                left -= interest + principal;
            }
            if left > 0 {
                let owed: i64 = state
                    .loans
                    .iter()
                    .filter(|x| x.person == l.person)
                    .map(|x| {
                        let o = x.owed(day);
                        o.interest + o.outstanding_principal
                    })
                    .sum();
                c.push(
                    format!("members[{}].repayment", index[&l.person]),
                    format!(
                        "more than the member owes on their loans ({}: interest due and all the principal)",
                        Money::new(owed, rules.currency)
                    ),
                );
            }
        }
    }
    // Money out: withdrawals, then new loans.
    for l in lines.iter().filter(|l| l.withdrawal > 0) {
        let (comp, vol) = state.savings.get(&l.person).copied().unwrap_or((0, 0));
        // Today's savings count: they came in first.
        let (comp, vol) = (comp + l.savings, vol + l.voluntary);
        let allowed = match rules.withdrawal_rule {
            WithdrawalRule::Voluntary => vol,
            WithdrawalRule::Any => vol + comp,
        };
        let field = format!("members[{}].withdrawal", index[&l.person]);
        if l.withdrawal > allowed {
            let what = match rules.withdrawal_rule {
                WithdrawalRule::Voluntary => "the member's voluntary savings (the group's rule keeps compulsory savings until the member leaves)",
                WithdrawalRule::Any => "the member's savings",
            };
            c.push(
                field,
                format!("more than {what}: {}", Money::new(allowed, rules.currency)),
            );
            continue;
        }
        let from_vol = l.withdrawal.min(vol);
        let from_comp = l.withdrawal - from_vol;
        let p = Some(l.person);
        let mut postings = vec![post(Cash, None, None, -l.withdrawal)];
        if from_vol > 0 {
            postings.push(post(Voluntary, p, None, from_vol));
        }
        if from_comp > 0 {
            postings.push(post(Savings, p, None, from_comp));
        }
        out.push(Entry::new(EntryKind::Withdrawal, p, None, postings));
        cash -= l.withdrawal;
        if cash < 0 {
            c.push(
                format!("members[{}].withdrawal", index[&l.person]),
                "more than the group's cash",
            );
        }
    }
    for (i, n) in loans.iter().enumerate() {
        let p = n.terms.principal.minor();
        if p > cash {
            c.push(
                format!("loans[{i}].principal"),
                format!(
                    "more than the group's cash after the meeting's savings and withdrawals ({})",
                    Money::new(cash.max(0), rules.currency)
                ),
            );
            continue;
        }
        out.push(Entry::new(
            EntryKind::Disbursement,
            Some(n.person),
            Some(n.id),
            vec![
                post(Loan, Some(n.person), Some(n.id), p),
                post(Cash, None, None, -p),
            ],
        ));
        cash -= p;
    }
    c.finish()?;
    Ok(out)
}

/// A grant or revolving fund received by the group.
pub fn grant(amount: i64) -> Result<Entry, Invalid> {
    if amount <= 0 {
        return Err(Invalid::field("amount", "must be more than zero"));
    }
    Ok(Entry::new(
        EntryKind::Grant,
        None,
        None,
        vec![
            post(BookAccount::Cash, None, None, amount),
            post(BookAccount::Grants, None, None, -amount),
        ],
    ))
}

/// Writes off what is left of `loan`'s principal (the interest unpaid is simply not earned).
pub fn write_off(loan: &BookLoan) -> Result<Entry, Invalid> {
    let left = loan.outstanding();
    if left <= 0 {
        return Err(Invalid::field(
            "loan_id",
            "the loan has no principal left to write off",
        ));
    }
    let id = Some(loan.id);
    Ok(Entry::new(
        EntryKind::WriteOff,
        Some(loan.person),
        id,
        vec![
            post(BookAccount::WrittenOff, None, id, left),
            post(BookAccount::Loan, Some(loan.person), id, -left),
        ],
    ))
}

/// A loan rescheduled, as its admins send it.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RescheduleInput {
    /// The day the new schedule starts (YYYY-MM-DD): not before the loan's last repayment,
    /// not after today.
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::date))]
    pub on: String,
    /// How many instalments repay what is left.
    #[serde(deserialize_with = "crate::parse::whole::deserialize")]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 1200))]
    pub instalments: u32,
    /// Instalments a year; the meeting's periodicity (12) when left out.
    #[serde(default, deserialize_with = "crate::parse::whole::option")]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 52))]
    pub per_year: Option<u32>,
}

/// A loan's new schedule from the day it is rescheduled.
///
/// What was paid by then stays one settled row dated that day (so every repayment already made
/// is covered, and only repayments from that day on count against the new instalments); what
/// is left — the outstanding principal at the loan's rate and method over the new instalments,
/// and the interest fallen due and not paid, carried into the first new instalment — follows.
/// The old schedule stays for the book as at any earlier date; the loan counts as rescheduled
/// from that day (PAR keeps it, and shows it apart).
pub fn reschedule(
    loan: &BookLoan,
    cur: Currency,
    annual_rate: Rate,
    method: Method,
    input: &RescheduleInput,
    last_repayment: Option<Date>,
    today: Date,
) -> Result<(Date, Vec<Instalment>), Invalid> {
    let mut c = Collector::new();
    let on = match input.on.trim().parse::<Date>() {
        Ok(d) if d > today => {
            c.push("on", format!("{d} is after today ({today})"));
            None
        }
        Ok(d) if d < loan.disbursed_on || last_repayment.is_some_and(|r| d < r) => {
            c.push(
                "on",
                format!(
                    "{d} is before the loan's last repayment or its disbursement ({}): a schedule changes from a day on",
                    last_repayment.unwrap_or(loan.disbursed_on)
                ),
            );
            None
        }
        Ok(d) => Some(d),
        Err(_) => {
            c.push(
                "on",
                format!("\"{}\" is not a date such as 2026-03-01", input.on),
            );
            None
        }
    };
    let outstanding = loan.outstanding();
    if loan.written_off || outstanding <= 0 {
        c.push("loan_id", "the loan has no principal left to reschedule");
    }
    c.finish()?;
    let on = on.expect("checked");
    let unpaid_interest = loan.owed(on).interest;
    let terms = Terms {
        principal: Money::new(outstanding, cur),
        annual_rate,
        instalments: input.instalments,
        per_year: input.per_year.unwrap_or(DEFAULT_PER_YEAR),
        method,
        start: on,
    };
    let fresh = loan::schedule(&terms).map_err(|e| Invalid::field(e.field, e.reason))?;
    let mut number = loan.schedule.iter().map(|i| i.number).max().unwrap_or(0);
    let mut out = vec![Instalment {
        number: {
            number += 1;
            number
        },
        due_date: on,
        principal: Money::new(loan.principal_paid, cur),
        interest: Money::new(loan.interest_paid, cur),
        balance: Money::new(outstanding, cur),
    }];
    for (k, i) in fresh.instalments.into_iter().enumerate() {
        number += 1;
        let carried = if k == 0 { unpaid_interest } else { 0 };
        out.push(Instalment {
            number,
            interest: Money::new(i.interest.minor() + carried, cur),
            ..i
        });
    }
    Ok((on, out))
}

/// The group's totals, from its accounts' sums.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Totals {
    pub cash: i64,
    pub savings: i64,
    pub voluntary: i64,
    pub loans_outstanding: i64,
    pub interest: i64,
    pub fines: i64,
    pub grants: i64,
    pub written_off: i64,
    /// Principal the group still owes on its own loans (banks, federations).
    pub borrowed: i64,
    /// Interest the group paid on its own loans.
    pub borrowing_interest: i64,
    /// savings + voluntary + grants + interest + fines − written off − borrowing interest
    /// (= cash + loans outstanding − borrowed).
    pub corpus: i64,
}

impl Totals {
    /// Reads the totals from `(account, sum)` pairs of the book.
    pub fn from_sums(sums: impl IntoIterator<Item = (BookAccount, i64)>) -> Totals {
        let mut t = Totals::default();
        for (a, v) in sums {
            match a {
                BookAccount::Cash => t.cash += v,
                BookAccount::Savings => t.savings -= v,
                BookAccount::Voluntary => t.voluntary -= v,
                BookAccount::Loan => t.loans_outstanding += v,
                BookAccount::Interest => t.interest -= v,
                BookAccount::Fines => t.fines -= v,
                BookAccount::Grants => t.grants -= v,
                BookAccount::WrittenOff => t.written_off += v,
                BookAccount::BankLoan => t.borrowed -= v,
                BookAccount::BankInterest => t.borrowing_interest += v,
            }
        }
        t.corpus = t.savings + t.voluntary + t.grants + t.interest + t.fines
            - t.written_off
            - t.borrowing_interest;
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn rules(rule: WithdrawalRule) -> Rules {
        Rules {
            currency: Currency::PHP,
            compulsory_saving: 10_000,
            withdrawal_rule: rule,
            min_members: 10,
            max_members: 20,
        }
    }
    fn day(s: &str) -> Date {
        s.parse().unwrap()
    }
    fn line(p: Uuid) -> MemberLineInput {
        MemberLineInput {
            person_id: p,
            present: true,
            ..Default::default()
        }
    }
    fn meeting(on: &str, members: Vec<MemberLineInput>, loans: Vec<NewLoanInput>) -> MeetingInput {
        MeetingInput {
            held_on: on.into(),
            minutes: Some("Met at the chapel.".into()),
            members,
            loans,
        }
    }
    fn apply(state: &mut State, m: &Meeting) {
        for n in &m.loans {
            state.loans.push(BookLoan {
                id: n.id,
                person: n.person,
                disbursed_on: m.held_on,
                principal: n.terms.principal.minor(),
                schedule: n.schedule.clone(),
                principal_paid: 0,
                interest_paid: 0,
                written_off: false,
            });
        }
        for e in &m.entries {
            for p in &e.postings {
                match p.account {
                    BookAccount::Cash => state.cash += p.amount,
                    BookAccount::Savings => {
                        state.savings.entry(p.person.unwrap()).or_default().0 -= p.amount
                    }
                    BookAccount::Voluntary => {
                        state.savings.entry(p.person.unwrap()).or_default().1 -= p.amount
                    }
                    BookAccount::Loan if e.kind == EntryKind::Repayment => {
                        let l = state
                            .loans
                            .iter_mut()
                            .find(|l| Some(l.id) == p.loan)
                            .unwrap();
                        l.principal_paid -= p.amount;
                    }
                    BookAccount::Interest => {
                        let l = state
                            .loans
                            .iter_mut()
                            .find(|l| Some(l.id) == p.loan)
                            .unwrap();
                        l.interest_paid -= p.amount;
                    }
                    _ => {}
                }
            }
        }
    }

    #[test]
    fn a_meeting_saves_lends_and_balances() {
        let (a, b) = (Uuid::new_v4(), Uuid::new_v4());
        let members = BTreeSet::from([a, b]);
        let mut state = State::default();
        let r = rules(WithdrawalRule::Voluntary);
        let m = plan_meeting(
            &meeting(
                "2026-01-10",
                vec![
                    line(a),
                    MemberLineInput {
                        voluntary: Some("50.00".into()),
                        fine: Some("5".into()),
                        ..line(b)
                    },
                ],
                vec![NewLoanInput {
                    person_id: a,
                    principal: "200.00".into(),
                    annual_rate: "24".into(),
                    instalments: 4,
                    per_year: None,
                    method: None,
                    funded_by: None,
                }],
            ),
            Numbers::Written,
            &r,
            &members,
            &state,
            day("2026-01-10"),
        )
        .unwrap();
        // Both present save the compulsory ₱100; b adds ₱50 and a ₱5 fine; ₱200 lent to a.
        assert_eq!(m.attendance(), 2);
        let cash: i64 = m.entries.iter().map(Entry::cash).sum();
        assert_eq!(cash, 10_000 + 10_000 + 5_000 + 500 - 20_000);
        for e in &m.entries {
            assert_eq!(e.postings.iter().map(|p| p.amount).sum::<i64>(), 0);
        }
        apply(&mut state, &m);
        // A month on, a repays ₱60: interest due first (2 % of ₱200), the rest principal.
        let m2 = plan_meeting(
            &meeting(
                "2026-02-10",
                vec![MemberLineInput {
                    repayment: Some("60".into()),
                    ..line(a)
                }],
                vec![],
            ),
            Numbers::Written,
            &r,
            &members,
            &state,
            day("2026-03-01"),
        )
        .unwrap();
        let rep = m2
            .entries
            .iter()
            .find(|e| e.kind == EntryKind::Repayment)
            .unwrap();
        let interest: i64 = rep
            .postings
            .iter()
            .filter(|p| p.account == BookAccount::Interest)
            .map(|p| -p.amount)
            .sum();
        assert_eq!(interest, 400);
        apply(&mut state, &m2);
        let t = Totals::from_sums(totals_of(&[&m, &m2]));
        assert_eq!(t.corpus, t.cash + t.loans_outstanding);
        assert_eq!(t.loans_outstanding, 20_000 - 5_600);
    }

    fn totals_of(ms: &[&Meeting]) -> Vec<(BookAccount, i64)> {
        ms.iter()
            .flat_map(|m| m.entries.iter())
            .flat_map(|e| e.postings.iter())
            .map(|p| (p.account, p.amount))
            .collect()
    }

    #[test]
    fn a_rescheduled_loan_keeps_what_was_paid_and_spreads_what_is_left() {
        let s = loan::schedule(&Terms {
            principal: Money::new(40_000, Currency::PHP),
            annual_rate: Rate::parse_percent("24").unwrap(),
            instalments: 4,
            per_year: 12,
            method: Method::Flat,
            start: day("2026-01-10"),
        })
        .unwrap()
        .instalments;
        // The first instalment paid; then nothing for two months.
        let l = BookLoan {
            id: Uuid::new_v4(),
            person: Uuid::new_v4(),
            disbursed_on: day("2026-01-10"),
            principal: 40_000,
            principal_paid: s[0].principal.minor(),
            interest_paid: s[0].interest.minor(),
            schedule: s.clone(),
            written_off: false,
        };
        let unpaid = l.owed(day("2026-04-15")).interest;
        assert!(unpaid > 0);
        let rate = Rate::parse_percent("24").unwrap();
        let input = RescheduleInput {
            on: "2026-04-15".into(),
            instalments: 6,
            per_year: None,
        };
        let (on, rows) = reschedule(
            &l,
            Currency::PHP,
            rate,
            Method::Flat,
            &input,
            Some(day("2026-02-10")),
            day("2026-05-01"),
        )
        .unwrap();
        assert_eq!(on, day("2026-04-15"));
        // The settled row, then six new instalments numbered after the old ones.
        assert_eq!(rows.len(), 7);
        assert_eq!(rows[0].number, 5);
        assert_eq!(
            rows.iter().map(|i| i.principal.minor()).sum::<i64>(),
            40_000
        );
        let after = BookLoan {
            schedule: rows.clone(),
            ..l.clone()
        };
        // Nothing is owed on the day but principal: the unpaid interest moved to the first
        // new instalment.
        assert_eq!(after.owed(on).interest, 0);
        assert!(rows[1].interest.minor() >= unpaid);
        let standing = super::super::portfolio::standing(
            &super::super::portfolio::Loan {
                principal: 40_000,
                schedule: rows,
                repayments: vec![(
                    day("2026-02-10"),
                    Allocation {
                        fees: 0,
                        principal: l.principal_paid,
                        interest: l.interest_paid,
                    },
                )],
                rescheduled: true,
                written_off: None,
            },
            day("2026-05-01"),
        )
        .unwrap();
        assert_eq!(standing.days_past_due, 0, "current again");
        // Not before the last repayment, not after today.
        for bad in ["2026-02-01", "2026-06-01"] {
            let e = reschedule(
                &l,
                Currency::PHP,
                rate,
                Method::Flat,
                &RescheduleInput {
                    on: bad.into(),
                    ..input.clone()
                },
                Some(day("2026-02-10")),
                day("2026-05-01"),
            )
            .unwrap_err();
            assert_eq!(e.errors[0].field, "on");
        }
    }

    #[test]
    fn refusals_name_their_field() {
        let (a, stranger) = (Uuid::new_v4(), Uuid::new_v4());
        let members = BTreeSet::from([a]);
        let r = rules(WithdrawalRule::Voluntary);
        let state = State {
            cash: 100_000,
            savings: BTreeMap::from([(a, (50_000, 1_000))]),
            loans: vec![],
            borrowings: vec![],
        };
        let today = day("2026-05-01");
        let err = |m: MeetingInput| {
            plan_meeting(&m, Numbers::Written, &r, &members, &state, today)
                .unwrap_err()
                .errors
                .into_iter()
                .map(|e| e.field)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            err(meeting("2026-05-02", vec![line(a)], vec![])),
            ["held_on"]
        );
        assert_eq!(
            err(meeting("2026-04-01", vec![line(stranger)], vec![])),
            ["members[0].person_id"]
        );
        // Only voluntary savings (₱10) may go, under this rule.
        assert_eq!(
            err(meeting(
                "2026-04-01",
                vec![MemberLineInput {
                    withdrawal: Some("20".into()),
                    savings: Some("0".into()),
                    ..line(a)
                }],
                vec![]
            )),
            ["members[0].withdrawal"]
        );
        assert_eq!(
            err(meeting(
                "2026-04-01",
                vec![MemberLineInput {
                    repayment: Some("1".into()),
                    ..line(a)
                }],
                vec![]
            )),
            ["members[0].repayment"]
        );
        let big = NewLoanInput {
            person_id: a,
            principal: "5000".into(),
            annual_rate: "12".into(),
            instalments: 10,
            per_year: None,
            method: Some("flat".into()),
            funded_by: None,
        };
        assert_eq!(
            err(meeting("2026-04-01", vec![line(a)], vec![big.clone()])),
            ["loans[0].principal"]
        );
        let blank = NewLoanInput {
            principal: " ".into(),
            ..big
        };
        assert_eq!(
            err(meeting("2026-04-01", vec![line(a)], vec![blank])),
            ["loans[0].principal"]
        );
        // Under the `any` rule compulsory savings may go too.
        let any = rules(WithdrawalRule::Any);
        let m = plan_meeting(
            &meeting(
                "2026-04-01",
                vec![MemberLineInput {
                    withdrawal: Some("20".into()),
                    savings: Some("0".into()),
                    ..line(a)
                }],
                vec![],
            ),
            Numbers::Written,
            &any,
            &members,
            &state,
            today,
        )
        .unwrap();
        assert_eq!(m.entries.len(), 1);
        assert_eq!(m.entries[0].postings.len(), 3);
    }

    proptest! {
        /// Over random years of meetings: every entry balances, the cash never goes below
        /// zero, and the corpus equals cash + loans outstanding.
        #[test]
        fn the_book_balances(
            script in proptest::collection::vec(
                (0u8..6, 0i64..30_000, 0usize..4), 1..60)
        ) {
            let people: Vec<Uuid> = (0..4).map(|_| Uuid::new_v4()).collect();
            let members: BTreeSet<Uuid> = people.iter().copied().collect();
            let r = rules(WithdrawalRule::Any);
            let mut state = State::default();
            let mut all: Vec<(BookAccount, i64)> = vec![];
            let mut d = day("2024-01-01");
            for (op, v, who) in script {
                d = d.checked_add(jiff::Span::new().days(14)).unwrap();
                let cents = format!("{}.{:02}", v / 100, v % 100);
                let p = people[who];
                let mut l = line(p);
                let mut loans = vec![];
                match op {
                    0 => l.voluntary = Some(cents),
                    1 => l.withdrawal = Some(cents),
                    2 => l.repayment = Some(cents),
                    3 => l.fine = Some(cents),
                    4 => loans.push(NewLoanInput {
                        person_id: p, principal: format!("{}.00", 1 + v / 100),
                        annual_rate: "18".into(), instalments: 6, per_year: Some(26),
                        method: None, funded_by: None }),
                    _ => l.present = false,
                }
                match plan_meeting(&meeting(&d.to_string(), vec![l], loans), Numbers::Plain, &r, &members, &state, d) {
                    Ok(m) => {
                        for e in &m.entries {
                            prop_assert_eq!(e.postings.iter().map(|p| p.amount).sum::<i64>(), 0);
                        }
                        all.extend(totals_of(&[&m]));
                        apply(&mut state, &m);
                        prop_assert!(state.cash >= 0);
                    }
                    Err(e) => prop_assert!(matches!(op, 1 | 2 | 4), "{e:?}"),
                }
                let t = Totals::from_sums(all.iter().copied());
                prop_assert_eq!(t.cash, state.cash);
                prop_assert_eq!(t.corpus, t.cash + t.loans_outstanding);
            }
        }
    }
}

//! Self-help groups' books: who may do what (the rules are the domain's `finance::book`, the
//! records the store's `books`).
//!
//! - A group's admins set its book's rules (currency, compulsory saving, withdrawal rule,
//!   group size) and write loans off; only an organization of kind `self_help_group` keeps a
//!   book.
//! - Its bookkeepers — coordinators, treasurers, admins — enter meetings and grants and see
//!   every member's accounts.
//! - A member sees their own accounts and loans, and the group's aggregates (totals, portfolio
//!   quality); so do the stewards of the networks (federations) the group joined, without the
//!   members' accounts.
//! - Dates are the group's: "today" (a meeting may not be dated after it) is read in the
//!   group's time zone.

use bayanihan_domain::access::{decide, Action, Decision, Subject};
use bayanihan_domain::finance::book::{
    MeetingInput, Numbers, Rules, Totals, WithdrawalRule, DEFAULT_MEMBERS, MAX_AMOUNT,
    MEMBERS_RANGE,
};
use bayanihan_domain::finance::portfolio::Quality;
use bayanihan_domain::organization::OrgKind;
use bayanihan_domain::validate::Collector;
use bayanihan_domain::{Currency, Invalid, Money};
use bayanihan_store::books::{LoanView, MeetingLine, MeetingRecord, MemberAccounts};
use bayanihan_store::Store;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::access::{allow, require};
use crate::{AppError, AppResult};

/// The group's date today, in its time zone.
pub fn group_today(time_zone: &str) -> Date {
    let now = jiff::Timestamp::now();
    match jiff::tz::TimeZone::get(time_zone) {
        Ok(tz) => now.to_zoned(tz).date(),
        Err(_) => now.to_zoned(jiff::tz::TimeZone::UTC).date(),
    }
}

fn may(caller: Option<&Subject>, org: Uuid, action: Action<'_>) -> bool {
    decide(caller, org, action) == Decision::Allowed
}

/// A book's rules as an admin sets them.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RulesInput {
    /// ISO 4217; the group's currency when left out. Fixed once the book has an entry.
    #[cfg_attr(feature = "openapi", schema(schema_with = bayanihan_domain::openapi::opt_currency))]
    pub currency: Option<String>,
    /// What each member saves at every meeting (decimal), e.g. "100.00".
    #[cfg_attr(feature = "openapi", schema(schema_with = bayanihan_domain::openapi::amount))]
    pub compulsory_saving: String,
    /// `voluntary` (default: compulsory savings stay until the member leaves) or `any`.
    #[cfg_attr(feature = "openapi", schema(schema_with = bayanihan_domain::openapi::opt_withdrawal_rule))]
    pub withdrawal_rule: Option<String>,
    /// Fewest members (default 10).
    #[serde(default, deserialize_with = "bayanihan_domain::parse::whole::option")]
    #[cfg_attr(feature = "openapi", schema(minimum = 2, maximum = 100))]
    pub min_members: Option<u32>,
    /// Most members (default 20).
    #[serde(default, deserialize_with = "bayanihan_domain::parse::whole::option")]
    #[cfg_attr(feature = "openapi", schema(minimum = 2, maximum = 100))]
    pub max_members: Option<u32>,
}

fn parse_rules(
    i: &RulesInput,
    default_currency: Currency,
    numbers: Numbers,
) -> Result<Rules, Invalid> {
    let mut c = Collector::new();
    let currency = match i.currency.as_deref().filter(|s| !s.is_empty()) {
        None => Some(default_currency),
        Some(s) => c.take("currency", Currency::parse(s)),
    };
    let saving = currency.and_then(|cur| {
        let m = match numbers {
            Numbers::Plain => Money::parse_plain(&i.compulsory_saving, cur),
            Numbers::Written => Money::parse_decimal(&i.compulsory_saving, cur),
        };
        match c.take("compulsory_saving", m) {
            Some(m) if m.minor() < 0 || m.minor() > MAX_AMOUNT => {
                c.push(
                    "compulsory_saving",
                    "must be zero or more, within a group's book",
                );
                None
            }
            other => other,
        }
    });
    let rule = match i.withdrawal_rule.as_deref().filter(|s| !s.is_empty()) {
        None => Some(WithdrawalRule::Voluntary),
        Some(s) => c.take("withdrawal_rule", WithdrawalRule::parse(s)),
    };
    let min = i.min_members.unwrap_or(DEFAULT_MEMBERS.0);
    let max = i.max_members.unwrap_or(DEFAULT_MEMBERS.1);
    let range = MEMBERS_RANGE.0..=MEMBERS_RANGE.1;
    if !range.contains(&min) {
        c.push(
            "min_members",
            format!("from {} to {}", MEMBERS_RANGE.0, MEMBERS_RANGE.1),
        );
    }
    if !range.contains(&max) {
        c.push(
            "max_members",
            format!("from {} to {}", MEMBERS_RANGE.0, MEMBERS_RANGE.1),
        );
    } else if max < min {
        c.push("max_members", "at least the fewest members");
    }
    c.finish()?;
    Ok(Rules {
        currency: currency.expect("checked"),
        compulsory_saving: saving.expect("checked").minor(),
        withdrawal_rule: rule.expect("checked"),
        min_members: min,
        max_members: max,
    })
}

async fn self_help_group(store: &Store, org: Uuid) -> AppResult<bayanihan_domain::Organization> {
    let o = store.organization(org).await?;
    if o.kind != OrgKind::SelfHelpGroup {
        return Err(AppError::Conflict(bayanihan_domain::Conflict::NoBook));
    }
    Ok(o)
}

/// Sets a group's book rules (its admins).
pub async fn set_rules(
    store: &Store,
    caller: Option<&Subject>,
    org: Uuid,
    i: &RulesInput,
    numbers: Numbers,
) -> AppResult<Rules> {
    require(caller)?;
    let o = store.organization(org).await?;
    allow(caller, org, Action::Update, "set its book's rules")?;
    self_help_group(store, org).await?;
    let rules = parse_rules(i, o.currency, numbers)?;
    store.set_book_rules(org, &rules).await?;
    Ok(rules)
}

/// A group's book as at a date, as the caller may see it.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BookView {
    pub organization_id: Uuid,
    pub name: String,
    /// Amounts below are minor units of this currency.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub currency: Currency,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub rules: Rules,
    /// YYYY-MM-DD: the book as it stood at the end of this day.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub as_at: Date,
    pub totals: Totals,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub portfolio: Quality,
    /// Every member's accounts for the bookkeepers; the caller's own for a member; none for a
    /// steward.
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<Object>))]
    pub members: Vec<MemberAccounts>,
    /// The newest meetings (at most 24).
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<Object>))]
    pub meetings: Vec<MeetingRecord>,
    /// Whether the caller may enter meetings.
    pub may_keep: bool,
}

/// The book of `org` as at `as_at` (today when left out).
pub async fn book(
    store: &Store,
    caller: Option<&Subject>,
    org: Uuid,
    as_at: Option<Date>,
) -> AppResult<BookView> {
    let subject = require(caller)?;
    let o = store.organization(org).await?;
    allow(caller, org, Action::ReadPrivate, "read its book")?;
    let rules = store
        .book_rules(org)
        .await?
        .ok_or_else(|| AppError::NotFound("book of this group (its admins set its rules first)"))?;
    let day = as_at.unwrap_or_else(|| group_today(&o.time_zone));
    let may_keep = may(caller, org, Action::KeepBook);
    let mut members = store.book_members(org, day).await?;
    if !may_keep {
        members.retain(|m| m.person_id == subject.person_id);
    }
    Ok(BookView {
        organization_id: org,
        name: o.name.to_string(),
        currency: rules.currency,
        totals: store.book_totals(org, day).await?,
        portfolio: store.portfolio_quality(&[org], day).await?,
        rules,
        as_at: day,
        members,
        meetings: store.meetings(org, 24).await?,
        may_keep,
    })
}

/// Records a meeting (the group's bookkeepers).
pub async fn record_meeting(
    store: &Store,
    caller: Option<&Subject>,
    org: Uuid,
    i: &MeetingInput,
    numbers: Numbers,
) -> AppResult<MeetingRecord> {
    let subject = require(caller)?;
    let o = store.organization(org).await?;
    allow(caller, org, Action::KeepBook, "enter its meetings")?;
    let today = group_today(&o.time_zone);
    Ok(store
        .record_meeting(org, subject.person_id, i, numbers, today)
        .await?)
}

/// A recorded meeting, as the caller may see it.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MeetingView {
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub meeting: MeetingRecord,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub currency: Currency,
    /// Every member's line for the bookkeepers; the caller's own for a member.
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<Object>))]
    pub lines: Vec<MeetingLine>,
}

/// One meeting of a group's book.
pub async fn meeting(store: &Store, caller: Option<&Subject>, id: Uuid) -> AppResult<MeetingView> {
    let subject = require(caller)?;
    let (m, mut lines) = store.meeting(id).await?;
    let org = m.organization_id;
    if !may(caller, org, Action::ReadMembers) {
        // Someone outside the group learns nothing of the meeting, not even that it exists.
        return Err(AppError::NotFound("meeting"));
    }
    if !may(caller, org, Action::KeepBook) {
        lines.retain(|l| l.person_id == subject.person_id);
    }
    let currency = store
        .book_rules(org)
        .await?
        .map(|r| r.currency)
        .ok_or(AppError::NotFound("meeting"))?;
    Ok(MeetingView {
        meeting: m,
        currency,
        lines,
    })
}

/// A member's loans as at a date: the member, or the group's bookkeepers.
pub async fn member_loans(
    store: &Store,
    caller: Option<&Subject>,
    org: Uuid,
    person: Uuid,
    as_at: Option<Date>,
) -> AppResult<Vec<LoanView>> {
    let subject = require(caller)?;
    let o = store.organization(org).await?;
    if person == subject.person_id {
        allow(caller, org, Action::ReadMembers, "read its book")?;
    } else {
        allow(caller, org, Action::KeepBook, "read its members' accounts")?;
    }
    let day = as_at.unwrap_or_else(|| group_today(&o.time_zone));
    Ok(store.book_loans(org, Some(person), day).await?)
}

/// A grant or revolving fund received, as a bookkeeper records it.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct GrantInput {
    #[cfg_attr(feature = "openapi", schema(schema_with = bayanihan_domain::openapi::positive_amount))]
    pub amount: String,
    /// YYYY-MM-DD, not after today.
    #[cfg_attr(feature = "openapi", schema(schema_with = bayanihan_domain::openapi::date))]
    pub received_on: String,
}

/// Records a grant or revolving fund (the group's bookkeepers).
pub async fn record_grant(
    store: &Store,
    caller: Option<&Subject>,
    org: Uuid,
    i: &GrantInput,
    numbers: Numbers,
) -> AppResult<Totals> {
    let subject = require(caller)?;
    let o = store.organization(org).await?;
    allow(caller, org, Action::KeepBook, "record its grants")?;
    let rules = store.book_rules(org).await?.ok_or(AppError::NotFound(
        "book of this group (its admins set its rules first)",
    ))?;
    let mut c = Collector::new();
    let amount = c.take(
        "amount",
        match numbers {
            Numbers::Plain => Money::parse_plain(&i.amount, rules.currency),
            Numbers::Written => Money::parse_decimal(&i.amount, rules.currency),
        },
    );
    let today = group_today(&o.time_zone);
    let on = c.take(
        "received_on",
        i.received_on
            .parse::<Date>()
            .map_err(|_| bayanihan_domain::parse::ParseError::new("not a date such as 2026-03-01")),
    );
    if on.is_some_and(|d| d > today) {
        c.push("received_on", format!("after today ({today})"));
    }
    if amount.is_some_and(|a| a.minor() <= 0 || a.minor() > MAX_AMOUNT) {
        c.push("amount", "must be more than zero, within a group's book");
    }
    c.finish()?;
    let (Some(amount), Some(on)) = (amount, on) else {
        return Err(AppError::Internal("a parsed value went missing".into()));
    };
    store
        .record_grant(org, subject.person_id, amount, on)
        .await?;
    Ok(store.book_totals(org, today).await?)
}

/// Writes off what is left of a loan (the group's admins), dated today.
pub async fn write_off(
    store: &Store,
    caller: Option<&Subject>,
    org: Uuid,
    loan: Uuid,
) -> AppResult<()> {
    let subject = require(caller)?;
    let o = store.organization(org).await?;
    allow(caller, org, Action::Update, "write its loans off")?;
    store
        .write_off_loan(org, loan, subject.person_id, group_today(&o.time_zone))
        .await?;
    Ok(())
}

/// Reschedules a member's loan (the group's admins), as at the group's today.
pub async fn reschedule(
    store: &Store,
    caller: Option<&Subject>,
    org: Uuid,
    loan: Uuid,
    i: &bayanihan_domain::finance::book::RescheduleInput,
) -> AppResult<Date> {
    require(caller)?;
    let o = store.organization(org).await?;
    allow(caller, org, Action::Update, "reschedule its loans")?;
    Ok(store
        .reschedule_loan(org, loan, i, group_today(&o.time_zone))
        .await?)
}

/// The loans of a group as at a date, as the caller may see them: every loan for the
/// bookkeepers, the caller's own for a member, none for a steward of its networks (who reads
/// the book's aggregates, never a member's account).
pub async fn loans(
    store: &Store,
    caller: Option<&Subject>,
    org: Uuid,
    as_at: Option<Date>,
) -> AppResult<Vec<LoanView>> {
    let subject = require(caller)?;
    let o = store.organization(org).await?;
    allow(caller, org, Action::ReadPrivate, "read its book")?;
    if !may(caller, org, Action::ReadMembers) {
        return Ok(Vec::new());
    }
    let day = as_at.unwrap_or_else(|| group_today(&o.time_zone));
    let person = (!may(caller, org, Action::KeepBook)).then_some(subject.person_id);
    Ok(store.book_loans(org, person, day).await?)
}

/// A group's bank-linkage file as at a date: the policy's name and caution, every indicator
/// with its part and whole, the score, grade, eligibility with its reasons, and the next dose.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LinkageFile {
    pub organization_id: Uuid,
    pub name: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub as_at: Date,
    pub policy: String,
    pub caution: String,
    pub months_active: u32,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub assessment: bayanihan_domain::finance::linkage::Assessment,
    pub totals: Totals,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub currency: Currency,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub portfolio: Quality,
}

/// The linkage file of `org`: its members, the stewards of its networks, and the people it
/// shared the file with (a bank officer) read it.
pub async fn linkage_file(
    store: &Store,
    caller: Option<&Subject>,
    org: Uuid,
    as_at: Option<Date>,
) -> AppResult<LinkageFile> {
    use bayanihan_domain::finance::linkage::{assess, record_from_book, Policy};
    let subject = require(caller)?;
    let o = store.organization(org).await?;
    if !may(caller, org, Action::ReadPrivate)
        && !store.linkage_shared_with(org, subject.person_id).await?
    {
        return Err(AppError::NotPermitted(
            "This group has not shared its linkage file with you.".into(),
        ));
    }
    let rules = store.book_rules(org).await?.ok_or(AppError::NotFound(
        "book of this group (its admins set its rules first)",
    ))?;
    let day = as_at.unwrap_or_else(|| group_today(&o.time_zone));
    let history = store.book_history(org, day).await?;
    let record = record_from_book(&history, day);
    let policy = Policy::nabard();
    Ok(LinkageFile {
        organization_id: org,
        name: o.name.to_string(),
        as_at: day,
        policy: policy.name.clone(),
        caution: policy.caution.clone(),
        months_active: record.months_active,
        assessment: assess(&policy, &record),
        totals: store.book_totals(org, day).await?,
        currency: rules.currency,
        portfolio: store.portfolio_quality(&[org], day).await?,
    })
}

/// The linkage file as CSV: one row per figure, with how it was computed.
pub fn linkage_csv(f: &LinkageFile) -> String {
    let mut rows: Vec<Vec<String>> = Vec::new();
    let money = |m: i64| Money::new(m, f.currency).to_decimal_string();
    let plain = |k: &str, v: String| {
        vec![
            k.to_string(),
            v,
            String::new(),
            String::new(),
            String::new(),
            String::new(),
        ]
    };
    rows.push(plain("group", f.name.clone()));
    rows.push(plain("as_at", f.as_at.to_string()));
    rows.push(plain("policy", f.policy.clone()));
    rows.push(plain("months_active", f.months_active.to_string()));
    for s in &f.assessment.scores {
        rows.push(vec![
            s.indicator.to_string(),
            s.percent.clone(),
            s.part.to_string(),
            s.whole.to_string(),
            s.points.to_string(),
            s.max_points.to_string(),
        ]);
    }
    rows.push(plain(
        "score",
        format!("{} / {}", f.assessment.score, f.assessment.max_score),
    ));
    rows.push(plain("grade", f.assessment.grade.clone()));
    rows.push(plain("eligible", f.assessment.eligible.to_string()));
    rows.push(plain(
        "next_dose",
        f.assessment
            .next_dose
            .as_ref()
            .map_or_else(String::new, |d| d.amount.to_decimal_string()),
    ));
    rows.push(plain("reasons", f.assessment.reasons.join("; ")));
    rows.push(plain(
        "savings",
        money(f.totals.savings + f.totals.voluntary),
    ));
    rows.push(plain("corpus", money(f.totals.corpus)));
    rows.push(plain(
        "loans_outstanding",
        money(f.totals.loans_outstanding),
    ));
    rows.push(plain("par30_percent", f.portfolio.par30.clone()));
    rows.push(plain("par90_percent", f.portfolio.par90.clone()));
    rows.push(plain("currency", f.currency.code().to_string()));
    bayanihan_domain::csv_out::write(
        &["figure", "value", "part", "whole", "points", "max_points"],
        rows,
    )
}

/// Shares the group's linkage file with the person signing in with `email` (its admins).
pub async fn share_linkage(
    store: &Store,
    caller: Option<&Subject>,
    org: Uuid,
    email: &str,
) -> AppResult<()> {
    let subject = require(caller)?;
    store.organization(org).await?;
    allow(caller, org, Action::Update, "share its linkage file")?;
    self_help_group(store, org).await?;
    let email = bayanihan_domain::Email::parse_sign_in(email.trim())
        .map_err(|e| Invalid::field("email", e.reason().to_string()))?;
    let person = store.person_id_by_email(&email).await?.ok_or_else(|| {
        Invalid::field(
            "email",
            "nobody signs in with this address: the bank officer makes an account first",
        )
    })?;
    store.share_linkage(org, person, subject.person_id).await?;
    Ok(())
}

/// The books the caller reaches: her groups' (`false`) and the linkage files shared with her
/// (`true`).
pub async fn books_for(
    store: &Store,
    caller: Option<&Subject>,
) -> AppResult<Vec<(Uuid, String, bool)>> {
    let subject = require(caller)?;
    Ok(store.books_of_person(subject.person_id).await?)
}

/// Whom the group shares its linkage file with: (person, name, e-mail) — its admins.
pub async fn linkage_shares(
    store: &Store,
    caller: Option<&Subject>,
    org: Uuid,
) -> AppResult<Vec<(Uuid, String, String)>> {
    require(caller)?;
    store.organization(org).await?;
    allow(
        caller,
        org,
        Action::Update,
        "see whom its linkage file is shared with",
    )?;
    Ok(store.linkage_shares(org).await?)
}

/// One group's portfolio in a federation's.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GroupPortfolio {
    pub organization_id: Uuid,
    pub name: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub currency: Currency,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub quality: Quality,
}

/// A federation's loan portfolio as at a date: each group's, and all of them together per
/// currency (PAR is never summed across currencies).
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FederationPortfolio {
    pub network_id: Uuid,
    pub name: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub as_at: Date,
    /// Per currency, the quality of every loan of the groups keeping books in it.
    pub totals: Vec<GroupPortfolio>,
    pub groups: Vec<GroupPortfolio>,
}

/// The portfolio of the self-help groups inside `network` (a federation), as at `as_at`: for
/// the network's people (its stewards).
pub async fn federation_portfolio(
    store: &Store,
    caller: Option<&Subject>,
    network: Uuid,
    as_at: Option<Date>,
) -> AppResult<FederationPortfolio> {
    require(caller)?;
    let n = store.organization(network).await?;
    allow(
        caller,
        network,
        Action::ReadMembers,
        "read its groups' portfolio",
    )?;
    let day = as_at.unwrap_or_else(|| group_today(&n.time_zone));
    let groups = store.books_in_network(network).await?;
    let mut out = Vec::new();
    for (id, name, currency) in &groups {
        out.push(GroupPortfolio {
            organization_id: *id,
            name: name.clone(),
            currency: *currency,
            quality: store.portfolio_quality(&[*id], day).await?,
        });
    }
    let mut currencies: Vec<Currency> = groups.iter().map(|g| g.2).collect();
    currencies.sort_by_key(|c| c.code());
    currencies.dedup();
    let mut totals = Vec::new();
    for c in currencies {
        let ids: Vec<Uuid> = groups.iter().filter(|g| g.2 == c).map(|g| g.0).collect();
        totals.push(GroupPortfolio {
            organization_id: network,
            name: n.name.to_string(),
            currency: c,
            quality: store.portfolio_quality(&ids, day).await?,
        });
    }
    Ok(FederationPortfolio {
        network_id: network,
        name: n.name.to_string(),
        as_at: day,
        totals,
        groups: out,
    })
}

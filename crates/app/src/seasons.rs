//! Seasons, pre-financing and member wallets: who may do what (the rules are the domain's
//! `season` module; the records the store's `seasons`).
//!
//! - A hub's coordinators publish a season, make its deliveries and settle it; when the
//!   producer is another organization, the caller must also be that producer's admin (a hub
//!   does not commit a producer to a season alone).
//! - Members of an invited consumer group take a share for themselves; the group's
//!   coordinators sign up, pledge and report absences for its members too.
//! - A pledge is seen by its member alone: everyone else sees the round's aggregates.
//! - The group's treasurers record advances; its coordinators record wallet top-ups and
//!   refunds; its admins set the credit limit. A member reads their own wallet.

use bayanihan_domain::access::{decide, Action, Decision, Role, Subject};
use bayanihan_domain::season::rounds::PublishedProgress;
use bayanihan_domain::season::statement::SeasonStatement;
use bayanihan_domain::season::wallet::{Balance, MovementKind, WalletMovement};
use bayanihan_domain::season::{parse_season, Season, SeasonInput, Share, SignUp};
use bayanihan_domain::trade::records::PaymentMethod;
use bayanihan_domain::{Currency, Invalid, Money};
use bayanihan_store::seasons::AdvanceDraft;
use bayanihan_store::{now_micros, Store};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::access::{allow, require};
use crate::{AppError, AppResult};

fn allowed(caller: Option<&Subject>, org: Uuid, action: Action<'_>) -> bool {
    decide(caller, org, action) == Decision::Allowed
}

/// Whether the caller may see the season: someone of its hub, its producer or an invited
/// group, or a steward of one of them.
fn may_see(caller: Option<&Subject>, s: &Season) -> bool {
    [s.hub_id, s.producer_id]
        .iter()
        .chain(&s.consumer_groups)
        .any(|o| allowed(caller, *o, Action::ReadPrivate))
}

/// Whether the caller keeps the season's books: the hub's coordinators, the producer's
/// treasurers and admins. They see what each group owes (its members' pledges summed).
fn keeps_books(caller: Option<&Subject>, s: &Season) -> bool {
    allowed(caller, s.hub_id, Action::RunCycles)
        || allowed(caller, s.producer_id, Action::RecordPayments)
}

/// A season as published: a closed round's sum is withheld everywhere (with one or two
/// pledges in it, or against the total of a later round, it would tell a member's pledge).
fn published(mut s: Season) -> Season {
    for r in &mut s.rounds {
        r.pledged_minor = None;
    }
    s
}

/// A share as the caller sees it: its pledge only for its member.
fn for_caller(mut sh: Share, caller: &Subject) -> Share {
    if sh.person_id != Some(caller.person_id) {
        sh.pledge = None;
    }
    sh
}

/// Whether the caller runs the season (the hub's coordinators).
pub fn runs(caller: Option<&Subject>, s: &Season) -> bool {
    allowed(caller, s.hub_id, Action::RunCycles)
}

/// A season as the caller sees it.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SeasonView {
    pub season: Season,
    /// The pledges' aggregates (sums of fewer than three pledges withheld).
    pub progress: PublishedProgress,
    /// The caller's own shares (with their pledges).
    pub my_shares: Vec<Share>,
    /// Whether the caller runs the season.
    pub runs: bool,
}

/// Publishes a season.
pub async fn create(store: &Store, caller: Option<&Subject>, i: &SeasonInput) -> AppResult<Season> {
    require(caller)?;
    let hub = store.organization(i.hub_id).await?;
    allow(caller, hub.id, Action::RunCycles, "publish its seasons")?;
    if i.producer_id != i.hub_id {
        allow(
            caller,
            i.producer_id,
            Action::ManageCatalog,
            "commit this producer to a season",
        )?;
    }
    let draft = parse_season(i, hub.currency)?;
    Ok(published(store.create_season(&draft).await?))
}

/// A season, its progress and the caller's shares. Closes a round that is due first.
pub async fn view(store: &Store, caller: Option<&Subject>, id: Uuid) -> AppResult<SeasonView> {
    let subject = require(caller)?;
    let s = store.season(id).await?;
    if !may_see(caller, &s) {
        return Err(AppError::NotPermitted(
            "Only the season's hub, producer and invited groups may see it.".into(),
        ));
    }
    let season = if store.advance_rounds(id, now_micros()).await? {
        store.season(id).await?
    } else {
        s
    };
    let my_shares = store
        .season_shares(id)
        .await?
        .into_iter()
        .filter(|x| x.person_id == Some(subject.person_id))
        .collect();
    let progress = store.season_progress(id).await?;
    let season = published(season);
    Ok(SeasonView {
        progress: progress.published(),
        runs: runs(caller, &season),
        season,
        my_shares,
    })
}

/// The seasons of an organization (hub, producer or invited group).
pub async fn of_organization(
    store: &Store,
    caller: Option<&Subject>,
    org: Uuid,
) -> AppResult<Vec<Season>> {
    crate::access::read_private(store, caller, org, "see its seasons").await?;
    Ok(store
        .seasons_of(org)
        .await?
        .into_iter()
        .map(published)
        .collect())
}

/// The caller's own shares, with their seasons.
pub async fn mine(store: &Store, caller: Option<&Subject>) -> AppResult<Vec<(Share, Season)>> {
    let subject = require(caller)?;
    let mut out = Vec::new();
    for sh in store.shares_of_person(subject.person_id).await? {
        let s = published(store.season(sh.season_id).await?);
        out.push((sh, s));
    }
    Ok(out)
}

/// A sign-up as sent.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SignUpInput {
    pub consumer_group_id: Uuid,
    /// The member the share is for; the caller when left out.
    pub person_id: Option<Uuid>,
    pub share_kind_id: Uuid,
    pub pickup_id: Uuid,
    /// Join the pickup point's waiting list when it is full (default false: refuse).
    #[serde(default)]
    pub waitlist: bool,
}

/// Takes a share: for oneself (a member of the group), or for a member (its coordinators).
pub async fn sign_up(
    store: &Store,
    caller: Option<&Subject>,
    season: Uuid,
    i: &SignUpInput,
) -> AppResult<Share> {
    let subject = require(caller)?;
    store.season(season).await?;
    let person = i.person_id.unwrap_or(subject.person_id);
    if person == subject.person_id {
        allow(
            caller,
            i.consumer_group_id,
            Action::PlaceOwnLines,
            "take a share through it",
        )?;
    } else {
        allow(
            caller,
            i.consumer_group_id,
            Action::ManageGroupOrder,
            "take shares for its members",
        )?;
    }
    if store
        .membership(i.consumer_group_id, person)
        .await?
        .is_none()
    {
        // Not someone of the group: nobody the caller may act for (as an unknown id).
        return Err(AppError::NotFound("member of this group"));
    }
    let u = SignUp {
        consumer_group_id: i.consumer_group_id,
        person_id: Some(person),
        share_kind_id: i.share_kind_id,
        pickup_id: i.pickup_id,
        waitlist: i.waitlist,
    };
    Ok(for_caller(
        store.sign_up(season, &u, now_micros()).await?,
        subject,
    ))
}

/// The share, if the caller holds it or coordinates its group.
async fn own_share(
    store: &Store,
    caller: Option<&Subject>,
    share: Uuid,
    what: &str,
) -> AppResult<Share> {
    let subject = require(caller)?;
    let sh = store.season_share(share).await?;
    if sh.person_id != Some(subject.person_id) {
        allow(caller, sh.consumer_group_id, Action::ManageGroupOrder, what)?;
    }
    Ok(sh)
}

/// Gives a share up (its holder, or the group's coordinators).
pub async fn cancel(store: &Store, caller: Option<&Subject>, share: Uuid) -> AppResult<Share> {
    own_share(store, caller, share, "give up its members' shares").await?;
    let subject = require(caller)?;
    Ok(for_caller(
        store.cancel_share(share, now_micros()).await?,
        subject,
    ))
}

/// A pledge as sent.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PledgeInput {
    /// What the member can pay for the season, a decimal amount in the season's currency.
    #[cfg_attr(feature = "openapi", schema(schema_with = bayanihan_domain::openapi::positive_amount))]
    pub pledge: String,
}

/// Records a pledge (its holder, or the group's coordinators).
pub async fn pledge(
    store: &Store,
    caller: Option<&Subject>,
    share: Uuid,
    i: &PledgeInput,
) -> AppResult<Share> {
    let sh = own_share(store, caller, share, "pledge for its members").await?;
    let s = store.season(sh.season_id).await?;
    let amount = Money::parse_decimal(&i.pledge, s.currency)
        .map_err(|e| AppError::Invalid(Invalid::field("pledge", e.reason())))?;
    let subject = require(caller)?;
    Ok(for_caller(
        store.pledge(share, amount.minor(), now_micros()).await?,
        subject,
    ))
}

/// An absence as sent.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AbsenceInput {
    /// The delivery's position in the calendar (0 = the first).
    #[serde(deserialize_with = "bayanihan_domain::parse::whole::deserialize")]
    pub delivery: u32,
}

/// Reports an absence before the cut-off (its holder, or the group's coordinators).
pub async fn absence(
    store: &Store,
    caller: Option<&Subject>,
    share: Uuid,
    i: &AbsenceInput,
) -> AppResult<Share> {
    own_share(store, caller, share, "report its members' absences").await?;
    let subject = require(caller)?;
    Ok(for_caller(
        store
            .report_absence(share, i.delivery, now_micros())
            .await?,
        subject,
    ))
}

/// An advance as sent.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AdvanceInput {
    pub consumer_group_id: Uuid,
    /// A decimal amount in the season's currency.
    #[cfg_attr(feature = "openapi", schema(schema_with = bayanihan_domain::openapi::positive_amount))]
    pub amount: String,
    /// YYYY-MM-DD; today when left out.
    #[cfg_attr(feature = "openapi", schema(schema_with = bayanihan_domain::openapi::opt_date))]
    pub paid_on: Option<String>,
    /// `cash`, `bank_transfer` or `mobile_money`.
    #[cfg_attr(feature = "openapi", schema(schema_with = bayanihan_domain::openapi::payment_method))]
    pub method: String,
}

/// Records an advance paid by a group to the producer (the group's treasurers and admins).
/// Returns the advance's obligation (producer → group).
pub async fn pay_advance(
    store: &Store,
    caller: Option<&Subject>,
    season: Uuid,
    i: &AdvanceInput,
) -> AppResult<Uuid> {
    let subject = require(caller)?;
    let s = store.season(season).await?;
    allow(
        caller,
        i.consumer_group_id,
        Action::RecordPayments,
        "record its payments",
    )?;
    let mut c = bayanihan_domain::validate::Collector::new();
    let amount = c.take("amount", Money::parse_decimal(&i.amount, s.currency));
    let method = c.take("method", PaymentMethod::parse(&i.method));
    let paid_on = match &i.paid_on {
        Some(d) => c.optional_date("paid_on", Some(d)),
        None => Some(bayanihan_store::today_utc()),
    };
    c.finish()?;
    let (Some(amount), Some(method), Some(paid_on)) = (amount, method, paid_on) else {
        return Err(AppError::Internal("a parsed value went missing".into()));
    };
    Ok(store
        .pay_advance(
            season,
            &AdvanceDraft {
                consumer_group_id: i.consumer_group_id,
                amount_minor: amount.minor(),
                paid_on,
                method,
                recorded_by: Some(subject.person_id),
            },
            now_micros(),
        )
        .await?)
}

/// Makes a delivery's lines now (the hub's coordinators; the background tick does it too once
/// absences close). Returns the cycle.
pub async fn make_delivery(
    store: &Store,
    caller: Option<&Subject>,
    season: Uuid,
    seq: u32,
) -> AppResult<Uuid> {
    require(caller)?;
    let s = store.season(season).await?;
    allow(
        caller,
        s.hub_id,
        Action::RunCycles,
        "make its seasons' deliveries",
    )?;
    Ok(store.make_delivery(season, seq, now_micros()).await?)
}

/// A harvest declaration as sent.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct HarvestInput {
    pub share_kind_id: Uuid,
    /// Units harvested for the delivery (at most as many as planned).
    #[serde(deserialize_with = "bayanihan_domain::parse::whole::deserialize")]
    pub units: u64,
}

/// The producer (its admins) or the hub (its coordinators) declares a delivery's harvest.
pub async fn declare_harvest(
    store: &Store,
    caller: Option<&Subject>,
    season: Uuid,
    seq: u32,
    i: &HarvestInput,
) -> AppResult<()> {
    let subject = require(caller)?;
    let s = store.season(season).await?;
    if subject.role_in(s.producer_id) < Role::Admin {
        allow(
            caller,
            s.hub_id,
            Action::RunCycles,
            "declare its seasons' harvests",
        )?;
    }
    Ok(store
        .declare_harvest(season, seq, i.share_kind_id, i.units)
        .await?)
}

/// Settles the season's shortfall under its rule (the hub's coordinators).
pub async fn settle(
    store: &Store,
    caller: Option<&Subject>,
    season: Uuid,
) -> AppResult<Vec<bayanihan_domain::season::prefinance::Resolution>> {
    require(caller)?;
    let s = store.season(season).await?;
    allow(caller, s.hub_id, Action::RunCycles, "settle its seasons")?;
    Ok(store.settle_season(season, now_micros()).await?)
}

/// The season statement as the caller may see it: the hub and the producer see every group's
/// totals and the season's; a group's treasurers and admins see their group's (as its total
/// too); a member sees their own share's row. Rows of
/// other members' shares are never shown (they would tell a pledge).
pub async fn statement(
    store: &Store,
    caller: Option<&Subject>,
    season: Uuid,
) -> AppResult<SeasonStatement> {
    let subject = require(caller)?;
    let s = store.season(season).await?;
    if !may_see(caller, &s) {
        return Err(AppError::NotPermitted(
            "Only the season's hub, producer and invited groups may see its statement.".into(),
        ));
    }
    let mut st = store.season_statement(season).await?;
    let whole = keeps_books(caller, &s);
    st.shares.retain(|f| f.person_id == Some(subject.person_id));
    if !whole {
        // A group's sums are its members' pledges added up: for its treasurers and admins
        // (who pay them); the season's total is the hub's and the producer's.
        st.groups.retain(|g| {
            g.consumer_group_id
                .is_some_and(|o| allowed(caller, o, Action::RecordPayments))
        });
        st.resolutions
            .retain(|r| allowed(caller, r.consumer_group_id, Action::RecordPayments));
        st.producer = match st.groups.as_slice() {
            [one] => bayanihan_domain::season::statement::Totals {
                consumer_group_id: None,
                ..one.clone()
            },
            _ => bayanihan_domain::season::statement::totals(s.currency, &[], &[], &[]).1,
        };
    }
    Ok(st)
}

/// After a cycle closes: repay the advances in kind with its season deliveries, and charge its
/// members' wallets. Each step is done once, so calling again changes nothing.
pub async fn after_close(store: &Store, cycle: Uuid) -> AppResult<()> {
    let now = now_micros();
    for (season, seq) in store.season_deliveries_in(cycle).await? {
        store.settle_season_delivery(season, seq, now).await?;
    }
    store.charge_wallets(cycle).await?;
    Ok(())
}

/// The background work: deliveries whose absences closed get their lines, closed deliveries
/// are settled, closed cycles charge wallets. Returns how many steps were done.
pub async fn tick(store: &Store) -> AppResult<u64> {
    let now = now_micros();
    let mut n = 0;
    for (season, seq, make) in store.season_work(now, 50).await? {
        let r = if make {
            store.make_delivery(season, seq, now).await.map(|_| ())
        } else {
            store
                .settle_season_delivery(season, seq, now)
                .await
                .map(|_| ())
        };
        match r {
            Ok(()) => n += 1,
            Err(e) => {
                tracing::warn!(%season, seq, error = %e, "season work failed; tried again next time")
            }
        }
    }
    for cycle in store.cycles_to_charge(50).await? {
        store.charge_wallets(cycle).await?;
        n += 1;
    }
    Ok(n)
}

/// A member's wallet.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WalletView {
    pub organization_id: Uuid,
    pub person_id: Uuid,
    pub person_name: String,
    pub balance: Balance,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub credit_limit: Money,
    pub movements: Vec<WalletMovement>,
}

/// A member's wallet in the group's currency: the member, or the group's coordinators.
pub async fn wallet(
    store: &Store,
    caller: Option<&Subject>,
    group: Uuid,
    person: Uuid,
) -> AppResult<WalletView> {
    let subject = require(caller)?;
    let org = store.organization(group).await?;
    if person == subject.person_id {
        allow(caller, group, Action::PlaceOwnLines, "keep a wallet there")?;
    } else {
        allow(
            caller,
            group,
            Action::ManageGroupOrder,
            "read its members' wallets",
        )?;
    }
    let c = org.currency;
    Ok(WalletView {
        organization_id: group,
        person_id: person,
        person_name: store.person(person, false).await?.name.to_string(),
        balance: store.wallet_balance(group, person, c).await?,
        credit_limit: store.wallet_credit_limit(group, c).await?,
        movements: store.wallet_movements(group, person, c, 100).await?,
    })
}

/// A wallet movement as a coordinator records it.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct MovementInput {
    pub person_id: Uuid,
    /// `top_up`, `deposit`, `refund`, `deposit_return` or `credit`.
    #[cfg_attr(feature = "openapi", schema(schema_with = bayanihan_domain::openapi::wallet_movement))]
    pub kind: String,
    /// A decimal amount in the group's currency.
    #[cfg_attr(feature = "openapi", schema(schema_with = bayanihan_domain::openapi::positive_amount))]
    pub amount: String,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = bayanihan_domain::openapi::opt_line_200))]
    pub memo: Option<String>,
}

/// Records a wallet movement (the group's coordinators): cash taken in or paid back, a deposit,
/// a credit. The member must belong to the group.
pub async fn record_movement(
    store: &Store,
    caller: Option<&Subject>,
    group: Uuid,
    i: &MovementInput,
) -> AppResult<WalletView> {
    let subject = require(caller)?;
    let org = store.organization(group).await?;
    allow(
        caller,
        group,
        Action::ManageGroupOrder,
        "record its members' wallets",
    )?;
    let mut c = bayanihan_domain::validate::Collector::new();
    let kind = c.take("kind", MovementKind::parse(&i.kind));
    let amount = c.take("amount", Money::parse_decimal(&i.amount, org.currency));
    let memo = c.optional_text(
        "memo",
        i.memo.as_deref(),
        bayanihan_domain::text::Shape::Line,
        200,
    );
    c.finish()?;
    let (Some(kind), Some(amount)) = (kind, amount) else {
        return Err(AppError::Internal("a parsed value went missing".into()));
    };
    if store.membership(group, i.person_id).await?.is_none() {
        // Not someone of the group: nobody the caller may act for (as an unknown id).
        return Err(AppError::NotFound("member of this group"));
    }
    store
        .record_wallet_movement(
            group,
            i.person_id,
            kind,
            amount,
            memo.as_deref().unwrap_or(""),
            Some(subject.person_id),
        )
        .await?;
    wallet(store, caller, group, i.person_id).await
}

/// Sets the group's credit limit for its members' wallets (its admins).
pub async fn set_credit_limit(
    store: &Store,
    caller: Option<&Subject>,
    group: Uuid,
    limit: &str,
) -> AppResult<Money> {
    require(caller)?;
    let org = store.organization(group).await?;
    allow(
        caller,
        group,
        Action::Update,
        "set its wallets' credit limit",
    )?;
    let m = Money::parse_decimal(limit, org.currency)
        .map_err(|e| AppError::Invalid(Invalid::field("credit_limit", e.reason())))?;
    store.set_wallet_credit_limit(group, m).await?;
    Ok(m)
}

/// The members' wallets of a group (its coordinators).
pub async fn wallets(
    store: &Store,
    caller: Option<&Subject>,
    group: Uuid,
) -> AppResult<(Currency, Vec<(Uuid, String, Balance)>)> {
    require(caller)?;
    let org = store.organization(group).await?;
    allow(
        caller,
        group,
        Action::ManageGroupOrder,
        "read its members' wallets",
    )?;
    Ok((org.currency, store.wallets_of(group, org.currency).await?))
}

/// What a group owes the producer for a season, and what it paid.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GroupMoney {
    pub consumer_group_id: Uuid,
    /// What its active shares are due.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub due: Money,
    /// Paid in advance so far.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub paid: Money,
    /// The instalments: due date and amount.
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<Object>))]
    pub instalments: Vec<(jiff::civil::Date, Money)>,
    /// Whether the caller records the group's payments.
    pub may_pay: bool,
}

/// The season's money per invited group the caller may read (its people, the hub, the producer).
pub async fn group_money(
    store: &Store,
    caller: Option<&Subject>,
    season: Uuid,
) -> AppResult<Vec<GroupMoney>> {
    require(caller)?;
    let s = store.season(season).await?;
    let whole = keeps_books(caller, &s);
    let mut out = Vec::new();
    for g in &s.consumer_groups {
        // What a group owes is the sum of its members' pledges: its treasurers and admins
        // (who pay it), the hub and the producer see it; its members see their own pledge.
        if !whole && !allowed(caller, *g, Action::RecordPayments) {
            continue;
        }
        let (due, paid) = store.group_due(season, *g).await?;
        let amounts = bayanihan_domain::season::prefinance::instalment_amounts(due, &s.instalments)
            .map_err(|e| AppError::Internal(e.to_string()))?;
        out.push(GroupMoney {
            consumer_group_id: *g,
            due,
            paid,
            instalments: s
                .instalments
                .iter()
                .map(|i| i.due_on)
                .zip(amounts)
                .collect(),
            may_pay: allowed(caller, *g, Action::RecordPayments),
        });
    }
    Ok(out)
}

/// The season statement as CSV (what [`statement`] shows the caller): one row per group, one
/// for the producer's total, and the caller's own share.
pub async fn statement_csv(
    store: &Store,
    caller: Option<&Subject>,
    season: Uuid,
) -> AppResult<String> {
    let st = statement(store, caller, season).await?;
    let ids: Vec<Uuid> = st
        .groups
        .iter()
        .filter_map(|g| g.consumer_group_id)
        .collect();
    let names = store.organization_names(&ids).await?;
    let money = |m: Money| m.to_decimal_string();
    let mut rows: Vec<Vec<String>> = Vec::new();
    for g in st.groups.iter().chain(std::iter::once(&st.producer)) {
        rows.push(vec![
            g.consumer_group_id
                .map_or("total".into(), |_| "group".into()),
            g.consumer_group_id
                .and_then(|id| names.get(&id).cloned())
                .unwrap_or_default(),
            g.shares.to_string(),
            g.due.currency().code().to_string(),
            money(g.due),
            money(g.advances),
            money(g.planned),
            money(g.delivered),
            money(g.shortfall),
            money(g.balance),
        ]);
    }
    for f in &st.shares {
        rows.push(vec![
            "my share".into(),
            f.share_kind.clone(),
            "1".into(),
            f.due.currency().code().to_string(),
            money(f.due),
            String::new(),
            money(f.planned),
            money(f.delivered),
            money(f.shortfall),
            String::new(),
        ]);
    }
    Ok(bayanihan_domain::csv_out::write(
        &[
            "row",
            "name",
            "shares",
            "currency",
            "pledged_or_due",
            "paid_in_advance",
            "planned",
            "delivered",
            "shortfall",
            "balance",
        ],
        rows,
    ))
}

/// The group's wallet credit limit in `currency` (its coordinators).
pub async fn wallet_credit_limit(
    store: &Store,
    caller: Option<&Subject>,
    group: Uuid,
    currency: Currency,
) -> AppResult<Money> {
    require(caller)?;
    allow(
        caller,
        group,
        Action::ManageGroupOrder,
        "read its members' wallets",
    )?;
    Ok(store.wallet_credit_limit(group, currency).await?)
}

/// The season of a share the caller holds or whose group the caller coordinates (for a page to
/// come back to); not permitted otherwise.
pub async fn share_season(store: &Store, caller: Option<&Subject>, share: Uuid) -> AppResult<Uuid> {
    Ok(
        own_share(store, caller, share, "act on its members' shares")
            .await?
            .season_id,
    )
}

/// Every season of the server, newest first (the operator's tools).
pub async fn every_season(store: &Store) -> AppResult<Vec<Season>> {
    Ok(store.every_season().await?)
}

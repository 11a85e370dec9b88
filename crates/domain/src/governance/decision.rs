//! Decision bodies, decisions and the actions a passed decision carries out.
//!
//! A **body** (general assembly, board, a chamber of its own) belongs to an organization or a
//! network. Its electorate is the organization's members (all, or those holding a role), or a
//! network's member organizations, one delegate each. Its chambers are stakeholder categories
//! (producers, workers, consumers, supporters) with weights — a person's chamber is their
//! membership's stakeholder category, a member organization's the one its network membership
//! states — or a single chamber, `all`: one member, one vote.
//!
//! A **decision** fixes its electorate when it opens: who may vote, in which chamber, with
//! which weight. A proposal may carry an [`Action`] that runs when it passes, exactly once and
//! in the same transaction that closes the vote; an action that cannot be carried out leaves
//! the decision "passed, not carried out" with the reason, never a half-applied change.

use jiff::civil::Date;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::tally::Tally;
use super::{ChamberLimits, Preset, Rules};
use crate::person::{MembershipRole, StakeholderCategory};
use crate::season::ShortfallRule;
use crate::text::Shape;
use crate::validate::Collector;
use crate::vocab::vocabulary;
use crate::{Invalid, Money};

/// A body's chamber that takes everyone in the electorate.
pub const ALL: &str = "all";
/// At most this many proxies one person may hold, whatever a body says.
pub const MAX_PROXIES: u32 = 20;
/// A decision stays open at most this long (a year), at least [`MIN_OPEN_MINUTES`].
pub const MAX_OPEN_DAYS: i64 = 366;
pub const MIN_OPEN_MINUTES: i64 = 5;

vocabulary!(
    /// Who votes in a body.
    Electorate, "electorate", {
        Members => "members", "Every member";
        Role => "role", "Members holding a role";
        MemberOrganizations => "member_organizations", "Member organizations (one delegate each)";
    }
);

vocabulary!(
    /// How a ballot reached the count.
    BallotMode, "ballot mode", {
        Online => "online", "Online";
        Proxy => "proxy", "By proxy";
        Paper => "paper", "Paper ballot at a meeting";
        Assisted => "assisted", "Assisted at a meeting";
    }
);

vocabulary!(
    /// What became of a passed decision's action.
    ActionStatus, "action status", {
        CarriedOut => "carried_out", "Carried out";
        NotCarriedOut => "not_carried_out", "Passed, not carried out";
    }
);

vocabulary!(
    /// Where patronage refunds go.
    RefundTo, "refund destination", {
        Pay => "pay", "Paid (to members' wallets, or owed to member organizations)";
        Capital => "capital", "Retained as member capital";
    }
);

/// A body's chamber: `all`, or a stakeholder category, with its weight.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BodyChamber {
    /// `all`, or a stakeholder category: `producer`, `consumer`, `worker`, `supporter`,
    /// `public_body`.
    pub name: String,
    /// Its weight, in basis points (10 000 = 100 %).
    pub weight_bp: u32,
}

impl BodyChamber {
    /// The stakeholder category the chamber takes (`None`: everyone).
    pub fn stakeholder(&self) -> Option<StakeholderCategory> {
        StakeholderCategory::parse(&self.name).ok()
    }
}

/// A decision body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Body {
    pub id: Uuid,
    pub organization_id: Uuid,
    pub name: String,
    pub electorate: Electorate,
    /// For `role`: the role voters hold.
    pub electorate_role: Option<MembershipRole>,
    pub chambers: Vec<BodyChamber>,
    pub preset: Option<Preset>,
    /// Member organizations weigh their number of members (networks).
    pub weight_by_size: bool,
    /// How many proxies one person may hold for one decision (0: none).
    pub proxy_limit: u32,
}

/// A body as given, before it is stored.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct BodyInput {
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::name_120))]
    pub name: String,
    /// `members`, `role` or `member_organizations`.
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::electorate))]
    pub electorate: String,
    /// For `role`: `member`, `coordinator`, `treasurer` or `admin`.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::opt_role))]
    pub electorate_role: Option<String>,
    /// Chamber → weight in percent (at most two decimals), e.g. `{"producer": "40", …}`;
    /// absent or `{"all": "100"}`: one member, one vote.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::opt_chambers))]
    pub chambers: Option<std::collections::BTreeMap<String, String>>,
    /// `one_member_one_vote` or `scic` (at least three chambers, each 10 % to 50 %).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::opt_preset))]
    pub preset: Option<String>,
    #[serde(default)]
    pub weight_by_size: bool,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(maximum = 20))]
    pub proxy_limit: u32,
}

/// A body ready to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BodyDraft {
    pub name: String,
    pub electorate: Electorate,
    pub electorate_role: Option<MembershipRole>,
    pub chambers: Vec<BodyChamber>,
    pub preset: Option<Preset>,
    pub weight_by_size: bool,
    pub proxy_limit: u32,
}

impl BodyInput {
    /// Checks a body as a whole: every problem at once, each named by its field.
    pub fn parse(&self) -> Result<BodyDraft, Invalid> {
        let mut c = Collector::new();
        let name = c.required_text("name", Some(&self.name), Shape::Line, 120);
        let electorate = c.take("electorate", Electorate::parse(&self.electorate));
        let role = match (&electorate, &self.electorate_role) {
            (Some(Electorate::Role), Some(r)) => {
                c.take("electorate_role", MembershipRole::parse(r))
            }
            (Some(Electorate::Role), None) => {
                c.push("electorate_role", "name the role whose holders vote");
                None
            }
            (_, Some(_)) => {
                c.push(
                    "electorate_role",
                    "a role is given only with the electorate `role`",
                );
                None
            }
            (_, None) => None,
        };
        let preset = self
            .preset
            .as_deref()
            .and_then(|p| c.take("preset", Preset::parse(p)));
        let mut chambers = Vec::new();
        match &self.chambers {
            None => chambers.push(BodyChamber {
                name: ALL.into(),
                weight_bp: 10_000,
            }),
            Some(m) => {
                for (k, v) in m {
                    if k != ALL && StakeholderCategory::parse(k).is_err() {
                        c.push(
                            format!("chambers.{k}"),
                            "a chamber is `all` or a stakeholder category: producer, consumer, worker, supporter, public_body",
                        );
                        continue;
                    }
                    if let Some(bp) = c.take(
                        &format!("chambers.{k}.weight_percent"),
                        super::parse_percent(v),
                    ) {
                        chambers.push(BodyChamber {
                            name: k.clone(),
                            weight_bp: bp,
                        });
                    }
                }
                // In the categories' own order (producers, consumers, workers, supporters).
                chambers.sort_by_key(|ch| ch.stakeholder().map(|s| s as usize));
                if m.contains_key(ALL) && m.len() > 1 {
                    c.push(
                        "chambers",
                        "`all` takes everyone: it is the only chamber when given",
                    );
                }
            }
        }
        let limits = preset.map_or(ChamberLimits::ANY, ChamberLimits::of);
        let as_chambers: Vec<super::Chamber> = chambers
            .iter()
            .map(|ch| super::Chamber {
                name: ch.name.clone(),
                weight_bp: ch.weight_bp,
                eligible: 0,
            })
            .collect();
        super::check_chambers(&mut c, "chambers", &as_chambers, limits);
        if self.proxy_limit > MAX_PROXIES {
            c.push(
                "proxy_limit",
                format!("at most {MAX_PROXIES} proxies per person"),
            );
        }
        if self.weight_by_size && electorate.is_some_and(|e| e != Electorate::MemberOrganizations) {
            c.push(
                "weight_by_size",
                "only member organizations weigh their size",
            );
        }
        if self.proxy_limit > 0 && electorate == Some(Electorate::MemberOrganizations) {
            c.push(
                "proxy_limit",
                "member organizations vote through their own delegates, not proxies",
            );
        }
        c.finish()?;
        Ok(BodyDraft {
            name: name.expect("checked"),
            electorate: electorate.expect("checked"),
            electorate_role: role,
            chambers,
            preset,
            weight_by_size: self.weight_by_size,
            proxy_limit: self.proxy_limit,
        })
    }
}

/// What a passed proposal carries out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Action {
    /// Divide a surplus: the reserve first, then refunds in proportion to each member's
    /// trade in the period (purchases of a member; a member organization's invoiced trade
    /// with the network's members), paid or retained as member capital.
    PatronageRefund {
        #[cfg_attr(feature = "openapi", schema(value_type = Object))]
        surplus: Money,
        reserve_bp: u32,
        #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
        from: Date,
        #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
        to: Date,
        to_where: RefundTo,
    },
    /// Admit an organization that applied to (or was invited by) the network.
    AdmitMember { organization_id: Uuid },
    /// End an organization's membership of the network.
    RemoveMember { organization_id: Uuid },
    /// Apply a proposed clearing round of the network.
    ApplyClearing { round_id: Uuid },
    /// Change a season's risk-sharing rule (before it is settled).
    SeasonShortfallRule {
        season_id: Uuid,
        rule: ShortfallRule,
    },
    /// Approve an open cycle's price list — every offer's producer price and fees — as it
    /// stood when the vote opened (`digest`, see [`price_list_digest`]); once approved its
    /// prices and fees no longer change and no offer is added.
    ApprovePriceList {
        cycle_id: Uuid,
        /// Filled in by the store when the decision opens.
        #[serde(default)]
        digest: String,
    },
}

/// Every action's id, as [`Action::kind`] gives it.
pub const ACTION_KINDS: [&str; 6] = [
    "patronage_refund",
    "admit_member",
    "remove_member",
    "apply_clearing",
    "season_shortfall_rule",
    "approve_price_list",
];

impl Action {
    /// Its id, as listed in the decision log.
    pub fn kind(&self) -> &'static str {
        match self {
            Action::PatronageRefund { .. } => "patronage_refund",
            Action::AdmitMember { .. } => "admit_member",
            Action::RemoveMember { .. } => "remove_member",
            Action::ApplyClearing { .. } => "apply_clearing",
            Action::SeasonShortfallRule { .. } => "season_shortfall_rule",
            Action::ApprovePriceList { .. } => "approve_price_list",
        }
    }
}

/// An action as given (amounts as decimals, dates as `YYYY-MM-DD`).
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum ActionInput {
    PatronageRefund {
        #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::currency))]
        currency: String,
        #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::positive_amount))]
        surplus: String,
        /// Share to the indivisible reserve, percent with at most two decimals.
        #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::percent_100))]
        reserve_percent: String,
        #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::date))]
        from: String,
        #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::date))]
        to: String,
        /// `pay` or `capital`.
        #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::refund_to))]
        to_where: String,
    },
    AdmitMember {
        organization_id: Uuid,
    },
    RemoveMember {
        organization_id: Uuid,
    },
    ApplyClearing {
        round_id: Uuid,
    },
    SeasonShortfallRule {
        season_id: Uuid,
        /// `members`, `reserve` or `refund`.
        #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::shortfall_rule))]
        rule: String,
    },
    ApprovePriceList {
        cycle_id: Uuid,
    },
}

impl ActionInput {
    pub fn parse(&self, c: &mut Collector) -> Option<Action> {
        Some(match self {
            ActionInput::PatronageRefund {
                currency,
                surplus,
                reserve_percent,
                from,
                to,
                to_where,
            } => {
                let cur = c.take("action.currency", crate::Currency::parse(currency));
                let surplus = cur
                    .and_then(|cur| c.take("action.surplus", Money::parse_decimal(surplus, cur)));
                if surplus.is_some_and(|m| !m.is_positive()) {
                    c.push("action.surplus", "a surplus to divide is above zero");
                }
                let reserve_bp = c.take(
                    "action.reserve_percent",
                    super::parse_percent(reserve_percent),
                );
                let from = c.optional_date("action.from", Some(from));
                let to = c.optional_date("action.to", Some(to));
                if let (Some(f), Some(t)) = (from, to) {
                    if f > t {
                        c.push("action.to", "the period ends before it starts");
                    }
                }
                let to_where = c.take("action.to_where", RefundTo::parse(to_where));
                Action::PatronageRefund {
                    surplus: surplus?,
                    reserve_bp: reserve_bp?,
                    from: from?,
                    to: to?,
                    to_where: to_where?,
                }
            }
            ActionInput::AdmitMember { organization_id } => Action::AdmitMember {
                organization_id: *organization_id,
            },
            ActionInput::RemoveMember { organization_id } => Action::RemoveMember {
                organization_id: *organization_id,
            },
            ActionInput::ApplyClearing { round_id } => Action::ApplyClearing {
                round_id: *round_id,
            },
            ActionInput::SeasonShortfallRule { season_id, rule } => Action::SeasonShortfallRule {
                season_id: *season_id,
                rule: c.take("action.rule", ShortfallRule::parse(rule))?,
            },
            ActionInput::ApprovePriceList { cycle_id } => Action::ApprovePriceList {
                cycle_id: *cycle_id,
                digest: String::new(),
            },
        })
    }
}

/// One offer of a price list as it is approved: its id, the producer's price in minor units
/// and its fees as stored (JSON).
pub type PricedOffer<'a> = (Uuid, i64, &'a str);

/// A fingerprint of a cycle's price list: SHA-256 over its offers sorted by id, so that a
/// vote approves exactly the prices and fees its voters saw — an offer added, withdrawn or
/// repriced after the vote opened changes it.
pub fn price_list_digest(offers: &[PricedOffer<'_>]) -> String {
    use sha2::{Digest, Sha256};
    let mut sorted: Vec<&PricedOffer<'_>> = offers.iter().collect();
    sorted.sort_by_key(|o| o.0);
    let mut h = Sha256::new();
    for (id, price, fees) in sorted {
        // Lengths first, so that no two lists run together into the same bytes.
        h.update(id.as_bytes());
        h.update(price.to_be_bytes());
        h.update((fees.len() as u64).to_be_bytes());
        h.update(fees.as_bytes());
    }
    h.finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect::<String>()
}

/// A decision as given, before it opens.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct DecisionInput {
    pub body_id: Uuid,
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::name_200))]
    pub title: String,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::opt_paragraph_10000))]
    pub details: Option<String>,
    /// `proposal`, `poll`, `score`, `ranked_choice`, `dot_vote` or `meeting_time`.
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::decision_kind))]
    pub kind: String,
    /// What may be chosen (a proposal's are fixed: leave out, or the consent form's).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::opt_options))]
    pub options: Option<Vec<String>>,
    /// `simple` (the default), `two_thirds`, or `consensus` (proposals).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::opt_threshold))]
    pub threshold: Option<String>,
    /// Share of the electorate that must take part, percent.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::opt_percent_100))]
    pub quorum_percent: Option<String>,
    #[serde(default)]
    pub multiple: bool,
    /// A score's top (1 to 100; 5 when left out).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 100))]
    pub max_score: Option<u32>,
    /// A dot vote's dots per voter (1 to 1000; 8 when left out).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 1000))]
    pub dots: Option<u32>,
    #[serde(default)]
    pub anonymous: bool,
    /// What a passed proposal carries out.
    #[serde(default)]
    pub action: Option<ActionInput>,
    /// When it opens (RFC 3339; now when left out) and closes.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::opt_date_time))]
    pub opens_at: Option<String>,
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::date_time))]
    pub closes_at: String,
}

/// A decision ready to open: its rules lack only the chambers' electorates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecisionDraft {
    pub body_id: Uuid,
    pub title: String,
    pub details: String,
    pub rules: Rules,
    pub anonymous: bool,
    pub action: Option<Action>,
    pub opens_at: Timestamp,
    pub closes_at: Timestamp,
}

fn instant(c: &mut Collector, field: &str, s: &str) -> Option<Timestamp> {
    match s.trim().parse::<Timestamp>() {
        Ok(t) => Some(t),
        Err(_) => {
            c.push(
                field,
                format!(
                    "\"{}\" is not a time such as 2026-12-24T18:00:00+08:00",
                    s.trim()
                ),
            );
            None
        }
    }
}

impl DecisionInput {
    /// Checks a decision as a whole (every problem at once), as of `now`.
    pub fn parse(&self, now: Timestamp) -> Result<DecisionDraft, Invalid> {
        let mut c = Collector::new();
        let title = c.required_text("title", Some(&self.title), Shape::Line, 200);
        let details = c
            .optional_text("details", self.details.as_deref(), Shape::Paragraph, 10_000)
            .unwrap_or_default();
        let kind = c.take("kind", super::DecisionKind::parse(&self.kind));
        let threshold = match &self.threshold {
            Some(t) => c.take("threshold", super::Threshold::parse(t)),
            None => Some(super::Threshold::Simple),
        };
        let quorum_bp = match &self.quorum_percent {
            Some(q) if !q.trim().is_empty() => c.take("quorum_percent", super::parse_percent(q)),
            _ => Some(0),
        };
        let opens_at = match &self.opens_at {
            Some(s) if !s.trim().is_empty() => instant(&mut c, "opens_at", s),
            _ => Some(now),
        };
        let closes_at = instant(&mut c, "closes_at", &self.closes_at);
        if let (Some(o), Some(cl)) = (opens_at, closes_at) {
            let open_for = cl.as_second() - o.as_second();
            if cl <= now || open_for < MIN_OPEN_MINUTES * 60 {
                c.push("closes_at", format!("a decision stays open at least {MIN_OPEN_MINUTES} minutes, from now or its opening"));
            } else if open_for > MAX_OPEN_DAYS * 86_400 {
                c.push(
                    "closes_at",
                    format!("a decision stays open at most {MAX_OPEN_DAYS} days"),
                );
            }
            if o.as_second() < now.as_second() - 60 {
                c.push("opens_at", "a decision opens now or later");
            }
        }
        let action = self.action.as_ref().and_then(|a| a.parse(&mut c));
        if self.action.is_some() && kind.is_some_and(|k| k != super::DecisionKind::Proposal) {
            c.push(
                "action",
                "only a proposal carries an action: a poll has no yes to act on",
            );
        }
        let (Some(kind), Some(threshold), Some(quorum_bp)) = (kind, threshold, quorum_bp) else {
            return Err(c.finish().expect_err("errors were recorded"));
        };
        let options = match (&self.options, kind) {
            (Some(o), _) => o.iter().map(|s| s.trim().to_string()).collect(),
            (None, super::DecisionKind::Proposal) => super::PROPOSAL_OPTIONS
                .iter()
                .map(|s| s.to_string())
                .collect(),
            (None, _) => Vec::new(),
        };
        let mut rules = Rules::new(kind, options, Vec::new(), threshold);
        rules.multiple = self.multiple;
        rules.max_score = self.max_score.unwrap_or(5);
        rules.dots = self.dots.unwrap_or(8);
        rules.quorum_bp = quorum_bp;
        // The chambers come from the body when the decision opens; the rest is checked now.
        let mut own = Collector::new();
        rules.check_into(&mut own, ChamberLimits::ANY);
        if let Err(e) = own.finish() {
            for f in e.errors.into_iter().filter(|f| f.field != "chambers") {
                c.push(f.field, f.reason);
            }
        }
        c.finish()?;
        Ok(DecisionDraft {
            body_id: self.body_id,
            title: title.expect("checked"),
            details,
            rules,
            anonymous: self.anonymous,
            action,
            opens_at: opens_at.expect("checked"),
            closes_at: closes_at.expect("checked"),
        })
    }
}

/// A decision as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Decision {
    pub id: Uuid,
    pub body_id: Uuid,
    pub organization_id: Uuid,
    pub title: String,
    pub details: String,
    /// Its rules, the chambers' electorates fixed when it opened.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub rules: Rules,
    pub anonymous: bool,
    pub action: Option<Action>,
    pub opened_by: Uuid,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub opens_at: Timestamp,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub closes_at: Timestamp,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub closed_at: Option<Timestamp>,
    /// Ballots cast so far.
    pub ballots: u64,
    /// The count, once closed.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub tally: Option<Tally>,
    pub action_status: Option<ActionStatus>,
    /// Why the action was not carried out, or what it did.
    pub action_note: Option<String>,
}

impl Decision {
    pub fn is_open(&self, now: Timestamp) -> bool {
        self.closed_at.is_none() && now >= self.opens_at && now < self.closes_at
    }

    /// Due to be closed: its time is up and it is not closed yet.
    pub fn is_due(&self, now: Timestamp) -> bool {
        self.closed_at.is_none() && now >= self.closes_at
    }
}

/// What a voter gives for a decision (online, by proxy, or recorded from a meeting).
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct BallotInput {
    /// One option's name; several; or option → points (scores, dots).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::opt_choice))]
    pub choice: Option<super::Choice>,
    /// Ranked choice: options, most wanted first.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::opt_ranking))]
    pub ranking: Option<Vec<String>>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::opt_paragraph_2000))]
    pub reason: Option<String>,
    /// Voting for someone else: the person whose proxy the caller holds, or (a
    /// coordinator recording a meeting's ballot) the voter — a person, or for member
    /// organizations the organization.
    #[serde(default)]
    pub voter_id: Option<Uuid>,
    /// `paper` or `assisted` for a ballot recorded from a meeting.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::opt_ballot_mode))]
    pub mode: Option<String>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::opt_name_200))]
    pub meeting: Option<String>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::opt_name_120))]
    pub witness: Option<String>,
}

/// A ballot as listed: the voter only when the decision is not anonymous.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BallotRecord {
    pub voter_id: Option<Uuid>,
    pub voter_name: Option<String>,
    pub chamber: String,
    pub weight: u64,
    /// What was chosen, by option name: `["agree"]`, a ranking, or `{"option": points}`.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub choice: serde_json::Value,
    pub reason: Option<String>,
    /// How it was cast (never shown for an anonymous decision's single ballot).
    pub mode: Option<BallotMode>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(json: &str) -> Result<BodyDraft, Vec<String>> {
        serde_json::from_str::<BodyInput>(json)
            .unwrap()
            .parse()
            .map_err(|e| e.errors.into_iter().map(|e| e.field).collect())
    }

    #[test]
    fn a_body_is_checked_as_a_whole() {
        let b = body(r#"{"name": "General assembly", "electorate": "members"}"#).unwrap();
        assert_eq!(
            b.chambers,
            [BodyChamber {
                name: "all".into(),
                weight_bp: 10_000
            }]
        );
        let b = body(
            r#"{"name": "Network assembly", "electorate": "member_organizations", "preset": "scic", "weight_by_size": true,
                "chambers": {"producer": "40", "worker": "30", "consumer": "20", "supporter": "10"}}"#,
        )
        .unwrap();
        assert_eq!(b.chambers.len(), 4);
        assert_eq!(
            body(
                r#"{"name": "", "electorate": "members", "preset": "scic", "proxy_limit": 50, "weight_by_size": true,
                    "chambers": {"producer": "60", "farmers": "40"}}"#
            )
            .unwrap_err(),
            [
                "name",
                "chambers.farmers",
                "chambers",
                "chambers.producer.weight_percent",
                "chambers",
                "proxy_limit",
                "weight_by_size"
            ]
        );
        assert_eq!(
            body(r#"{"name": "Board", "electorate": "role"}"#).unwrap_err(),
            ["electorate_role"]
        );
    }

    #[test]
    fn an_action_reads_as_it_is_written() {
        let a: Action = serde_json::from_str(
            r#"{"kind": "season_shortfall_rule", "season_id": "00000000-0000-4000-8000-000000000001", "rule": "reserve"}"#,
        )
        .unwrap();
        assert_eq!(a.kind(), "season_shortfall_rule");
        assert!(serde_json::from_str::<Action>(r#"{"kind": "dissolve"}"#).is_err());
    }

    fn decision(json: serde_json::Value) -> Result<DecisionDraft, Vec<String>> {
        let now: Timestamp = "2026-12-02T00:00:00Z".parse().unwrap();
        serde_json::from_value::<DecisionInput>(json)
            .unwrap()
            .parse(now)
            .map_err(|e| e.errors.into_iter().map(|e| e.field).collect())
    }

    #[test]
    fn a_decision_is_checked_as_a_whole() {
        let body = "00000000-0000-4000-8000-000000000001";
        let d = decision(serde_json::json!({
            "body_id": body, "title": "Patronage refund 2026", "kind": "proposal", "threshold": "two_thirds",
            "quorum_percent": "25", "closes_at": "2026-12-09T00:00:00Z",
            "action": {"kind": "patronage_refund", "currency": "PHP", "surplus": "184250.75", "reserve_percent": "57.5",
                       "from": "2026-01-01", "to": "2026-11-30", "to_where": "capital"}
        }))
        .unwrap();
        assert_eq!(d.rules.options, super::super::PROPOSAL_OPTIONS);
        assert!(matches!(
            d.action,
            Some(Action::PatronageRefund {
                reserve_bp: 5_750,
                ..
            })
        ));
        assert_eq!(
            decision(serde_json::json!({
                "body_id": body, "title": " ", "kind": "poll", "options": ["a"], "threshold": "consensus",
                "closes_at": "2026-12-01T00:00:00Z",
                "action": {"kind": "patronage_refund", "currency": "PHP", "surplus": "-1", "reserve_percent": "101",
                           "from": "2026-12-01", "to": "2026-01-01", "to_where": "bank"}
            }))
            .unwrap_err(),
            [
                "title",
                "closes_at",
                "action.surplus",
                "action.reserve_percent",
                "action.to",
                "action.to_where",
                "action",
                "options",
                "threshold"
            ]
        );
        // An option is shown in pages, CSV and terminals: no direction overrides in it.
        assert_eq!(
            decision(serde_json::json!({
                "body_id": body, "title": "Venue", "kind": "poll",
                "options": ["Penang", "Tagaytay\u{202e}gnahc", "Penang"],
                "closes_at": "2026-12-09T00:00:00Z"
            }))
            .unwrap_err(),
            ["options[1]", "options[2]"]
        );
    }

    #[test]
    fn a_price_list_digest_changes_with_any_price_fee_or_offer_and_not_with_order() {
        let (a, b) = (Uuid::from_u128(1), Uuid::from_u128(2));
        let list = [(a, 25000, "[]"), (b, 9000, r#"[{"kind":"hub"}]"#)];
        let d = price_list_digest(&list);
        assert_eq!(d.len(), 64);
        assert_eq!(d, price_list_digest(&[list[1], list[0]]));
        for other in [
            vec![(a, 25001, "[]"), list[1]],
            vec![list[0], (b, 9000, r#"[{"kind":"hub2"}]"#)],
            vec![list[0]],
            vec![list[0], list[1], (Uuid::from_u128(3), 1, "[]")],
        ] {
            assert_ne!(d, price_list_digest(&other));
        }
        // Fees are length-prefixed: moving bytes between fields changes the fingerprint.
        assert_ne!(
            price_list_digest(&[(a, 1, "ab")]),
            price_list_digest(&[(a, 1, "a"), (b, 0, "b")])
        );
    }
}

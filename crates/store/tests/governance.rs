//! Decisions on SQLite and a real PostgreSQL: a network assembly weighted by its four
//! chambers, blocked by one block; nobody votes twice, outside the electorate or after the
//! close; a passed patronage refund carried out once with the close (and a failed one leaving
//! nothing behind); concurrent final ballots and closes count each ballot once and run the
//! action once.

use bayanihan_domain::governance::decision::{
    Action, ActionStatus, BallotMode, BodyInput, Decision, DecisionDraft, RefundTo,
};
use bayanihan_domain::governance::{
    DecisionKind, Marks, Outcome, Rules, Threshold, PROPOSAL_OPTIONS,
};
use bayanihan_domain::person::{MembershipRole, StakeholderCategory};
use bayanihan_domain::trade::allocation::Policy;
use bayanihan_domain::{Conflict, Currency, Money};
use bayanihan_store::governance::NewBallot;
use bayanihan_store::testing::fixtures;
use bayanihan_store::trade::{CycleDraft, NewLine, OfferDraft, Participant};
use bayanihan_store::{Store, StoreError};
use uuid::Uuid;

fn at(s: &str) -> i64 {
    s.parse::<jiff::Timestamp>().unwrap().as_microsecond()
}

fn php(m: i64) -> Money {
    Money::new(m, Currency::PHP)
}

const OPEN: &str = "2027-03-01T00:00:00Z";
const DURING: &str = "2027-03-02T00:00:00Z";
const CLOSES: &str = "2027-03-08T00:00:00Z";
const AFTER: &str = "2027-03-08T00:00:01Z";

fn proposal(body: Uuid, threshold: Threshold, action: Option<Action>) -> DecisionDraft {
    DecisionDraft {
        body_id: body,
        title: "Patronage refund 2026".into(),
        details: String::new(),
        rules: Rules::new(
            DecisionKind::Proposal,
            PROPOSAL_OPTIONS.iter().map(|s| s.to_string()).collect(),
            Vec::new(),
            threshold,
        ),
        anonymous: false,
        action,
        opens_at: OPEN.parse().unwrap(),
        closes_at: CLOSES.parse().unwrap(),
    }
}

fn ballot(decision: Uuid, voter: Uuid, by: Uuid, stance: usize) -> NewBallot {
    NewBallot {
        decision,
        voter,
        cast_by: by,
        mode: BallotMode::Online,
        meeting: None,
        witness: None,
        marks: Marks::Points(vec![(stance, 1)]),
        reason: None,
    }
}

const AGREE: usize = 0;
const DISAGREE: usize = 2;
const BLOCK: usize = 3;

async fn intact(store: &Store) {
    let r = store.verify_ledger(&[]).await.unwrap();
    assert!(r.is_intact(), "{r:?}");
}

async fn a_network_assembly_weighs_its_chambers_and_a_block_stops_it(store: &Store) {
    let council = fixtures::org(store, "Council", "network").await;
    let steward = fixtures::person(store, "steward@council.example").await;
    fixtures::member(store, steward, council, &[MembershipRole::Admin], None).await;
    let mut members = Vec::new();
    for (name, kind, stake) in [
        (
            "Farm A",
            "producer_cooperative",
            StakeholderCategory::Producer,
        ),
        (
            "Farm B",
            "producer_cooperative",
            StakeholderCategory::Producer,
        ),
        ("Workers", "worker_cooperative", StakeholderCategory::Worker),
        (
            "Group",
            "consumer_cooperative",
            StakeholderCategory::Consumer,
        ),
        ("Friends", "association", StakeholderCategory::Supporter),
    ] {
        let o = fixtures::org(store, name, kind).await;
        store
            .add_network_member(council, o, "2025-01-01".parse().unwrap())
            .await
            .unwrap();
        store
            .set_network_stakeholder(council, o, Some(stake))
            .await
            .unwrap();
        members.push(o);
    }
    // A member network brings its own members: a chapter (a supporter) and its farm.
    let chapter = fixtures::org(store, "Chapter", "network").await;
    let nested = fixtures::org(store, "Nested farm", "producer_cooperative").await;
    let since = "2025-01-01".parse().unwrap();
    store
        .add_network_member(council, chapter, since)
        .await
        .unwrap();
    store
        .add_network_member(chapter, nested, since)
        .await
        .unwrap();
    store
        .set_network_stakeholder(council, chapter, Some(StakeholderCategory::Supporter))
        .await
        .unwrap();
    store
        .set_network_stakeholder(chapter, nested, Some(StakeholderCategory::Producer))
        .await
        .unwrap();
    // The workers' co-op is in the chapter too, as a consumer there: its own link to the
    // council (a worker) decides its chamber, whichever network's id comes first.
    store
        .add_network_member(chapter, members[2], since)
        .await
        .unwrap();
    store
        .set_network_stakeholder(chapter, members[2], Some(StakeholderCategory::Consumer))
        .await
        .unwrap();
    // One organization with no stake stated is in no chamber.
    let unsorted = fixtures::org(store, "Unsorted", "association").await;
    store
        .add_network_member(council, unsorted, "2025-01-01".parse().unwrap())
        .await
        .unwrap();
    let body = store
        .create_body(
            council,
            &serde_json::from_value::<BodyInput>(serde_json::json!({
                "name": "Network assembly", "electorate": "member_organizations", "preset": "scic",
                "chambers": {"producer": "40", "worker": "30", "consumer": "20", "supporter": "10"}
            }))
            .unwrap()
            .parse()
            .unwrap(),
        )
        .await
        .unwrap();
    // Producers, consumers, workers, supporters.
    assert_eq!(
        store.body_electorate(&body).await.unwrap(),
        (vec![3, 1, 1, 2], 1)
    );
    let d = store
        .open_decision(
            &proposal(body.id, Threshold::Consensus, None),
            steward,
            at(OPEN),
        )
        .await
        .unwrap();
    assert_eq!(
        d.rules
            .chambers
            .iter()
            .map(|c| c.eligible)
            .collect::<Vec<_>>(),
        [3, 1, 1, 2]
    );
    let now = at(DURING);
    for (m, stance) in [
        (members[0], AGREE),
        (members[2], AGREE),
        (members[3], AGREE),
    ] {
        store
            .cast(&ballot(d.id, m, steward, stance), now)
            .await
            .unwrap();
    }
    // Twice: refused, and nothing more is written.
    assert!(matches!(
        store
            .cast(&ballot(d.id, members[0], steward, DISAGREE), now)
            .await,
        Err(StoreError::Conflict(Conflict::AlreadyVoted))
    ));
    // Outside the electorate (no chamber), or after the close: refused.
    match store
        .cast(&ballot(d.id, unsorted, steward, AGREE), now)
        .await
    {
        Err(StoreError::Invalid(i)) => assert_eq!(i.errors[0].field, "voter_id"),
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        store
            .cast(&ballot(d.id, members[1], steward, AGREE), at(AFTER))
            .await,
        Err(StoreError::Conflict(Conflict::VoteNotOpen))
    ));
    // Not due yet: closing is refused.
    assert!(store.close_decision(d.id, now).await.is_err());
    store
        .cast(&ballot(d.id, members[4], steward, BLOCK), now)
        .await
        .unwrap();
    let closed = store.close_decision(d.id, at(AFTER)).await.unwrap();
    let t = closed.tally.clone().unwrap();
    assert_eq!(t.outcome, Outcome::Blocked);
    assert_eq!(t.ballots, 4);
    // Agreement: producers 40 (1 of 1 counted), workers 30, consumers 20; supporters' 10 block.
    assert_eq!(t.weighted_percent.get("agree").unwrap(), "90.00");
    // Four of seven: the unsorted organization is in no chamber, so not in the electorate.
    assert_eq!(t.turnout_percent, "57.14");
    // Closing again changes nothing.
    let again = store
        .close_decision(d.id, at("2027-04-01T00:00:00Z"))
        .await
        .unwrap();
    assert_eq!(again, closed);
    assert_eq!(store.ballot_records(&closed).await.unwrap().len(), 4);
    // The network's impact report counts the turnout of March 2027: 4 of 7. No chamber has
    // five voters, so none is shown on its own.
    use bayanihan_domain::impact::report::Threshold as Suppress;
    let report = store
        .tbl_report(
            bayanihan_store::impact::ReportScope::Network(council),
            &bayanihan_domain::impact::period::Period::parse("2027-03").unwrap(),
            Suppress::default(),
        )
        .await
        .unwrap();
    let turnout: Vec<_> = report.sections[0]
        .values
        .iter()
        .filter(|v| v.indicator == "voting_turnout")
        .collect();
    assert_eq!(turnout.len(), 1);
    assert_eq!(turnout[0].current.as_deref(), Some("57.14"));
}

struct Coop {
    group: Uuid,
    coordinator: Uuid,
    members: Vec<Uuid>,
    body: Uuid,
}

/// `voter` votes `stance` during the vote, which then closes after its time.
async fn one_vote_then_close(store: &Store, d: Uuid, voter: Uuid, stance: usize) -> Decision {
    store
        .cast(&ballot(d, voter, voter, stance), at(DURING))
        .await
        .unwrap();
    store.close_decision(d, at(AFTER)).await.unwrap()
}

/// The proposal passed, but its action was not carried out, for a reason saying `why`.
fn passed_not_carried_out(closed: &Decision, why: &str) {
    assert_eq!(closed.tally.as_ref().unwrap().outcome, Outcome::Passed);
    assert_eq!(closed.action_status, Some(ActionStatus::NotCarriedOut));
    let note = closed.action_note.as_deref().unwrap_or_default();
    assert!(note.contains(why), "{note}");
}

/// A hub, a farm and the farm's rice (in 5 kg bags).
async fn hub_and_farm(store: &Store) -> (Uuid, Uuid, Uuid) {
    let hub = fixtures::org(store, "Hub", "social_enterprise").await;
    let farm = fixtures::org(store, "Farm", "producer_cooperative").await;
    let rice = fixtures::rice(store, farm, "bag", 5.0).await;
    (hub, farm, rice)
}

/// A coordinator of `org`.
async fn coordinator_of(store: &Store, org: Uuid, email: &str) -> Uuid {
    let p = fixtures::person(store, email).await;
    fixtures::member(store, p, org, &[MembershipRole::Coordinator], None).await;
    p
}

/// A consumer cooperative whose three members bought 1, 2 and 3 bags (₱250 each) in a cycle
/// delivered on 2026-03-07, and its general assembly (one member, one vote; two proxies each).
async fn coop(store: &Store) -> Coop {
    let (hub, farm, rice) = hub_and_farm(store).await;
    let group = fixtures::org(store, "Coop", "consumer_cooperative").await;
    let coordinator = coordinator_of(store, group, "coordinator@coop.example").await;
    let cycle = open_cycle(store, hub, farm, "Week 10", &[group]).await;
    let offer = store
        .create_offer(
            cycle,
            &OfferDraft {
                product_id: rice,
                quantity: 100,
                producer_price_minor: 25_000,
                fees: vec![],
                transport: None,
            },
        )
        .await
        .unwrap();
    let mut members = Vec::new();
    for n in 1..=3u64 {
        let p = fixtures::person(store, &format!("m{n}@coop.example")).await;
        fixtures::member(store, p, group, &[MembershipRole::Member], None).await;
        store
            .place_line(
                cycle,
                &NewLine {
                    offer_id: offer.id,
                    consumer_group_id: group,
                    person_id: Some(p),
                    pickup_point_id: None,
                    quantity: n,
                    tier: None,
                },
            )
            .await
            .unwrap();
        members.push(p);
    }
    store.close_cycle(cycle).await.unwrap();
    let body = store
        .create_body(
            group,
            &serde_json::from_value::<BodyInput>(serde_json::json!({
                "name": "General assembly", "electorate": "members", "proxy_limit": 1
            }))
            .unwrap()
            .parse()
            .unwrap(),
        )
        .await
        .unwrap();
    Coop {
        group,
        coordinator,
        members,
        body: body.id,
    }
}

fn refund(to_where: RefundTo, from: &str, to: &str) -> Action {
    Action::PatronageRefund {
        surplus: php(100_000),
        reserve_bp: 5_750,
        from: from.parse().unwrap(),
        to: to.parse().unwrap(),
        to_where,
    }
}

async fn a_passed_refund_is_paid_once_with_the_close(store: &Store) {
    let c = coop(store).await;
    let d = store
        .open_decision(
            &proposal(
                c.body,
                Threshold::Simple,
                Some(refund(RefundTo::Pay, "2026-01-01", "2026-12-31")),
            ),
            c.coordinator,
            at(OPEN),
        )
        .await
        .unwrap();
    // The coordinator is a member too: four voters.
    assert_eq!(d.rules.chambers[0].eligible, 4);
    let now = at(DURING);
    // A proxy: member 2 gives theirs to member 1, who may then cast it; the coordinator
    // records member 3's paper ballot from the assembly.
    store
        .give_proxy(d.id, c.members[1], c.members[0], now)
        .await
        .unwrap();
    match store
        .give_proxy(d.id, c.coordinator, c.members[0], now)
        .await
    {
        Err(StoreError::Invalid(i)) => assert_eq!(i.errors[0].field, "holder_id"),
        other => panic!("one proxy each: {other:?}"),
    }
    store
        .cast(&ballot(d.id, c.members[0], c.members[0], AGREE), now)
        .await
        .unwrap();
    let mut by_proxy = ballot(d.id, c.members[1], c.members[0], AGREE);
    by_proxy.mode = BallotMode::Proxy;
    store.cast(&by_proxy, now).await.unwrap();
    let mut no_proxy = ballot(d.id, c.coordinator, c.members[0], AGREE);
    no_proxy.mode = BallotMode::Proxy;
    assert!(store.cast(&no_proxy, now).await.is_err());
    let mut paper = ballot(d.id, c.members[2], c.coordinator, DISAGREE);
    paper.mode = BallotMode::Paper;
    paper.meeting = Some("General assembly, 2 March".into());
    paper.witness = Some("Barangay secretary".into());
    store.cast(&paper, now).await.unwrap();
    assert_eq!(
        store.ballot_modes(d.id).await.unwrap(),
        [
            (BallotMode::Online, 1),
            (BallotMode::Paper, 1),
            (BallotMode::Proxy, 1)
        ]
    );
    // Two server processes' background ticks close it at the same moment (two handles on
    // one database): the refund below is paid once, not twice.
    let other = store.twin().await;
    let (closed, again) = tokio::join!(
        store.close_decision(d.id, at(AFTER)),
        other.close_decision(d.id, at(AFTER))
    );
    let (closed, again) = (closed.unwrap(), again.unwrap());
    other.close().await;
    assert_eq!(closed.closed_at, again.closed_at, "closed once");
    assert_eq!(closed.tally.as_ref().unwrap().outcome, Outcome::Passed);
    assert_eq!(closed.action_status, Some(ActionStatus::CarriedOut));
    // ₱1,000: ₱575 to the reserve, ₱425 over purchases of ₱250, ₱500, ₱750 (1:2:3).
    let balances: Vec<i64> = {
        let mut v = Vec::new();
        for m in &c.members {
            v.push(
                store
                    .wallet_balance(c.group, *m, Currency::PHP)
                    .await
                    .unwrap()
                    .spendable
                    .minor(),
            );
        }
        v
    };
    assert_eq!(balances, [7_083, 14_167, 21_250]);
    assert_eq!(balances.iter().sum::<i64>(), 42_500);
    // Closing again pays nobody twice.
    store
        .close_decision(d.id, at("2027-04-01T00:00:00Z"))
        .await
        .unwrap();
    assert_eq!(
        store
            .wallet_balance(c.group, c.members[2], Currency::PHP)
            .await
            .unwrap()
            .spendable,
        php(21_250)
    );
    intact(store).await;

    // A refund of a period nobody traded in passes but cannot be carried out: the reason is
    // recorded and nothing is written.
    let d = store
        .open_decision(
            &proposal(
                c.body,
                Threshold::Simple,
                Some(refund(RefundTo::Capital, "2025-01-01", "2025-12-31")),
            ),
            c.coordinator,
            at(OPEN),
        )
        .await
        .unwrap();
    let closed = one_vote_then_close(store, d.id, c.members[0], AGREE).await;
    passed_not_carried_out(&closed, "no member traded");
    assert!(store.member_capital(c.group).await.unwrap().is_empty());
}

async fn concurrent_final_ballots_and_closes_count_each_ballot_once(store: &Store) {
    let c = coop(store).await;
    let mut voters = c.members.clone();
    for n in 0..40 {
        let p = fixtures::person(store, &format!("late{n}@coop.example")).await;
        fixtures::member(store, p, c.group, &[MembershipRole::Member], None).await;
        voters.push(p);
    }
    let d = store
        .open_decision(
            &proposal(
                c.body,
                Threshold::Simple,
                Some(refund(RefundTo::Capital, "2026-01-01", "2026-12-31")),
            ),
            c.coordinator,
            at(OPEN),
        )
        .await
        .unwrap();
    // Half the voters have voted during the vote (so it passes whatever the race leaves);
    // the other half's ballots arrive twice each at the very end while four closers run.
    let mut accepted = 0;
    for v in voters.iter().step_by(2) {
        for _ in 0..2 {
            let b = ballot(d.id, *v, *v, AGREE);
            accepted += usize::from(store.cast(&b, at(DURING)).await.is_ok());
        }
    }
    assert_eq!(
        accepted,
        voters.len().div_ceil(2),
        "a second ballot is refused"
    );
    let mut tasks = Vec::new();
    for v in voters.iter().skip(1).step_by(2) {
        for _ in 0..2 {
            let (store, b) = (store.clone(), ballot(d.id, *v, *v, AGREE));
            tasks.push(tokio::spawn(async move {
                store.cast(&b, at(CLOSES) - 1).await.is_ok()
            }));
        }
    }
    let mut closers = Vec::new();
    for _ in 0..4 {
        let store = store.clone();
        closers.push(tokio::spawn(async move {
            store.close_decision(d.id, at(AFTER)).await
        }));
    }
    for t in tasks {
        accepted += usize::from(t.await.unwrap());
    }
    let mut closed = Vec::new();
    for t in closers {
        closed.push(t.await.unwrap().unwrap());
    }
    assert!(
        closed.windows(2).all(|w| w[0] == w[1]),
        "one close, seen by all"
    );
    let t = closed[0].tally.clone().unwrap();
    // Every accepted ballot counted, none twice, none accepted after the count.
    assert!(accepted <= voters.len());
    assert_eq!(t.ballots as usize, accepted);
    assert_eq!(closed[0].ballots as usize, accepted);
    // The action ran once: one capital entry per member who traded.
    assert_eq!(store.member_capital(c.group).await.unwrap().len(), 3);
    let total: i64 = store
        .member_capital(c.group)
        .await
        .unwrap()
        .iter()
        .map(|(_, m)| m.minor())
        .sum();
    assert_eq!(total, 42_500);
}

/// A proposal of `body` approving `cycle`'s price list.
fn approve(body: Uuid, cycle: Uuid) -> DecisionDraft {
    let mut d = proposal(
        body,
        Threshold::Simple,
        Some(Action::ApprovePriceList {
            cycle_id: cycle,
            digest: String::new(),
        }),
    );
    d.title = "Prices and fees of week 10".into();
    d
}

/// An open `first_come` cycle of `hub` with `farm` producing for `groups`.
async fn open_cycle(store: &Store, hub: Uuid, farm: Uuid, name: &str, groups: &[Uuid]) -> Uuid {
    let now = jiff::Timestamp::now();
    store
        .create_cycle(&CycleDraft {
            hub_id: hub,
            name: name.into(),
            currency: Currency::PHP,
            policy: Policy::FirstCome,
            opens_at: now - jiff::SignedDuration::from_hours(1),
            closes_at: now + jiff::SignedDuration::from_hours(24),
            delivery_date: "2026-03-07".parse().unwrap(),
            payment_terms_days: 14,
            pickup_points: vec![],
            producers: vec![farm],
            consumer_groups: groups
                .iter()
                .map(|g| Participant {
                    organization_id: *g,
                    tier: 0,
                })
                .collect(),
        })
        .await
        .unwrap()
        .id
}

async fn an_approved_price_list_stays_as_its_members_approved_it(store: &Store) {
    let (hub, farm, rice) = hub_and_farm(store).await;
    let coordinator = coordinator_of(store, hub, "coordinator@hub.example").await;
    let offer = |price: i64, quantity: u64| OfferDraft {
        product_id: rice,
        quantity,
        producer_price_minor: price,
        fees: vec![],
        transport: None,
    };
    let mut cycles = Vec::new();
    for name in ["Week 10", "Week 11", "Week 12"] {
        cycles.push(open_cycle(store, hub, farm, name, &[]).await);
    }
    let body = store
        .create_body(
            hub,
            &serde_json::from_value::<BodyInput>(serde_json::json!({
                "name": "Members' meeting", "electorate": "members"
            }))
            .unwrap()
            .parse()
            .unwrap(),
        )
        .await
        .unwrap();
    // No offers yet: nothing to approve. Another hub's cycle is not this body's to approve.
    let refused = |r: Result<_, StoreError>, why: &str| match r {
        Err(StoreError::Invalid(i)) => {
            assert_eq!(i.errors[0].field, "action.cycle_id");
            assert!(i.errors[0].reason.contains(why), "{i:?}");
        }
        other => panic!("refused ({why}): {other:?}"),
    };
    refused(
        store
            .open_decision(&approve(body.id, cycles[0]), coordinator, at(OPEN))
            .await
            .map(|_| ()),
        "no offers yet",
    );
    let other = fixtures::org(store, "Other hub", "social_enterprise").await;
    let theirs = open_cycle(store, other, farm, "Their week 10", &[]).await;
    store
        .create_offer(theirs, &offer(25_000, 100))
        .await
        .unwrap();
    refused(
        store
            .open_decision(&approve(body.id, theirs), coordinator, at(OPEN))
            .await
            .map(|_| ()),
        "no cycle run by this organization",
    );
    let week10 = store
        .create_offer(cycles[0], &offer(25_000, 100))
        .await
        .unwrap();
    let week11 = store
        .create_offer(cycles[1], &offer(25_000, 100))
        .await
        .unwrap();
    store
        .create_offer(cycles[2], &offer(25_000, 100))
        .await
        .unwrap();

    let d = store
        .open_decision(&approve(body.id, cycles[0]), coordinator, at(OPEN))
        .await
        .unwrap();
    // The fingerprint of the list the voters see is taken as the vote opens.
    match &d.action {
        Some(Action::ApprovePriceList { digest, .. }) => assert_eq!(digest.len(), 64),
        other => panic!("{other:?}"),
    }
    let closed = one_vote_then_close(store, d.id, coordinator, AGREE).await;
    assert_eq!(closed.action_status, Some(ActionStatus::CarriedOut));
    assert_eq!(
        store.cycle(cycles[0]).await.unwrap().prices_approved_by,
        Some(d.id)
    );
    // Approved: no price or fee changes, no new offer; the quantity may still change.
    assert!(matches!(
        store.update_offer(week10.id, &offer(26_000, 100)).await,
        Err(StoreError::Conflict(Conflict::PricesApproved))
    ));
    assert!(matches!(
        store.create_offer(cycles[0], &offer(9_000, 10)).await,
        Err(StoreError::Conflict(Conflict::PricesApproved))
    ));
    let more = store
        .update_offer(week10.id, &offer(25_000, 80))
        .await
        .unwrap();
    assert_eq!((more.quantity, more.producer_price.minor()), (80, 25_000));
    refused(
        store
            .open_decision(&approve(body.id, cycles[0]), coordinator, at(OPEN))
            .await
            .map(|_| ()),
        "approved already",
    );

    // A price changed while the vote was open: passed, not carried out, nothing approved.
    let d = store
        .open_decision(&approve(body.id, cycles[1]), coordinator, at(OPEN))
        .await
        .unwrap();
    store
        .update_offer(week11.id, &offer(27_500, 100))
        .await
        .unwrap();
    let closed = one_vote_then_close(store, d.id, coordinator, AGREE).await;
    passed_not_carried_out(&closed, "changed after the vote opened");
    assert_eq!(
        store.cycle(cycles[1]).await.unwrap().prices_approved_by,
        None
    );
    store
        .update_offer(week11.id, &offer(28_000, 100))
        .await
        .unwrap();

    // A rejected proposal approves nothing.
    let d = store
        .open_decision(&approve(body.id, cycles[2]), coordinator, at(OPEN))
        .await
        .unwrap();
    store
        .cast(
            &ballot(d.id, coordinator, coordinator, DISAGREE),
            at(DURING),
        )
        .await
        .unwrap();
    let closed = store.close_decision(d.id, at(AFTER)).await.unwrap();
    assert_eq!(closed.tally.as_ref().unwrap().outcome, Outcome::Rejected);
    assert_eq!(
        store.cycle(cycles[2]).await.unwrap().prices_approved_by,
        None
    );
}

bayanihan_store::engine_stories!(
    a_network_assembly_weighs_its_chambers_and_a_block_stops_it,
    a_passed_refund_is_paid_once_with_the_close,
    concurrent_final_ballots_and_closes_count_each_ballot_once,
    an_approved_price_list_stays_as_its_members_approved_it,
);

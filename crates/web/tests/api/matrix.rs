//! The permission matrix, generated from the OpenAPI document: every operation the document
//! lists must have a row here (or a commented exemption), every row is tried as every role,
//! every refused write is checked to have changed nothing in the database (a snapshot of every
//! table, before and after), and every read allowed to someone outside the organization is
//! checked for what it reveals.
//!
//! The organization at stake is O: a consumer co-op that also runs cycles as a hub, inside the
//! chapter network N, itself inside the council C. Beside it in N: the farm F (O's supplier)
//! and the sibling S. Outside: X. Invited into N but not yet accepted: I.

use std::collections::BTreeSet;

use bayanihan_domain::person::MembershipRole::{self, *};
use bayanihan_domain::{Currency, Money};
use bayanihan_store::trade::NewLine;
use reqwest::Method;
use serde_json::{json, Value};
use uuid::Uuid;

use bayanihan_domain::season::{parse_season, SeasonInput, SeasonPickupInput, ShareKindInput};

use crate::support::{spawn_app, TestApp};

const ROLES: [&str; 12] = [
    "public",
    "outsider",
    "member",
    "treasurer",
    "coordinator",
    "admin",
    "sibling-member",
    "sibling-admin",
    "chapter-steward",
    "council-steward",
    "invited-admin",
    "self",
];
const N_ROLES: usize = ROLES.len();
/// Roles that hold a membership in O: the only ones who may see O's people.
const IN_O: [usize; 5] = [2, 3, 4, 5, 11];

struct Fixture {
    chapter: Uuid,
    org: Uuid,
    farm: Uuid,
    invited: Uuid,
    /// The member whose profile and demographics are at stake (role `self`).
    target: Uuid,
    tokens: Vec<Option<String>>,
    /// Each role's person (none for `public`), for calling the use cases directly.
    people: Vec<Option<Uuid>>,
    /// Per role, things of its own to act on, so that one role's success never changes what
    /// the next one meets.
    victims: Vec<Uuid>,
    removable: Vec<Uuid>,
    /// Per role, a member of O (of O only) to erase.
    erasable: Vec<Uuid>,
    candidates: Vec<Uuid>,
    other_networks: Vec<Uuid>,
    close_cycles: Vec<Uuid>,
    offer_cycles: Vec<Uuid>,
    offers: Vec<Uuid>,
    lines: Vec<Uuid>,
    cancel_lines: Vec<Uuid>,
    obligations: Vec<Uuid>,
    /// Per role, a payment of money to reverse.
    payments: Vec<Uuid>,
    apply_rounds: Vec<Uuid>,
    discard_rounds: Vec<Uuid>,
    /// An open cycle to order in, and its offer.
    open_cycle: Uuid,
    open_offer: Uuid,
    open_product: Uuid,
    /// A closed cycle with documents, and its offer.
    closed_cycle: Uuid,
    closed_offer: Uuid,
    product: Uuid,
    spare_token: Uuid,
    /// Seasons of O's hub: one signing up now (with the target's share), one whose first
    /// delivery's absences have closed (its lines made), one only for sign-ups; a product of O.
    season: Uuid,
    past_season: Uuid,
    past_kind: Uuid,
    signup_season: Uuid,
    signup_kind: Uuid,
    signup_pickup: Uuid,
    target_share: Uuid,
    /// Per role, a share of another member of O to give up.
    cancel_shares: Vec<Uuid>,
    o_product: Uuid,
    /// O's general assembly (one member, one vote; one proxy each), an open proposal of it to
    /// vote in, another to give proxies in, and a closed one with a ballot.
    body: Uuid,
    decision: Uuid,
    proxy_decision: Uuid,
    closed_decision: Uuid,
    /// A meeting of O's book, and per role a loan of the target's to write off.
    book_meeting: Uuid,
    book_loans: Vec<Uuid>,
    borrowing: Uuid,
    invest_offer: Uuid,
    invest_offer_to_close: Uuid,
    invest_commitments: Vec<Uuid>,
    invest_paid_in: Uuid,
    login_email: &'static str,
    /// E-mail addresses of O's people: none may reach anyone outside O.
    private_emails: Vec<String>,
}

async fn fixture(app: &TestApp) -> Fixture {
    let council = app.org("Council", "network").await;
    let chapter = app.org("Chapter", "network").await;
    let org = app.org("Org", "consumer_cooperative").await;
    let farm = app.org("Farm", "producer_cooperative").await;
    let sibling = app.org("Sibling", "association").await;
    let outside = app.org("Outside", "association").await;
    let invited = app.org("Invited", "association").await;
    let since = "2025-01-01".parse().unwrap();
    app.store
        .add_network_member(council, chapter, since)
        .await
        .unwrap();
    for o in [org, farm, sibling] {
        app.store
            .add_network_member(chapter, o, since)
            .await
            .unwrap();
    }
    let network_side = bayanihan_domain::network_links::Sides {
        network: true,
        member: false,
    };
    app.store
        .request_network_link(chapter, invited, since, network_side)
        .await
        .unwrap();
    let memberships: [&[(Uuid, &[MembershipRole])]; N_ROLES - 1] = [
        &[(outside, &[Admin])],
        &[(org, &[Member])],
        &[(org, &[Member, Treasurer])],
        &[(org, &[Member, Coordinator])],
        &[(org, &[Admin])],
        &[(sibling, &[Member])],
        &[(sibling, &[Admin])],
        &[(chapter, &[Admin])],
        &[(council, &[Admin])],
        &[(invited, &[Admin])],
        &[(org, &[Member])],
    ];
    let mut tokens = vec![None];
    let mut ids = vec![Uuid::nil()];
    let mut private_emails = Vec::new();
    for (i, m) in memberships.iter().enumerate() {
        let email = format!("{}@people.example", ROLES[i + 1]);
        let (id, token) = app.person(&email, m).await;
        if IN_O.contains(&(i + 1)) {
            private_emails.push(email);
        }
        tokens.push(Some(token));
        ids.push(id);
    }
    let target = ids[11];
    app.store
        .set_demographics(
            target,
            Some(&bayanihan_domain::Demographics {
                gender: Some(bayanihan_domain::Gender::Woman),
                birth_year: Some(1980),
                ..Default::default()
            }),
        )
        .await
        .unwrap();
    let login_email = "login@people.example";
    app.person_with_password(login_email, "a long enough password")
        .await;
    let spare_token = app
        .store
        .create_api_token(
            target,
            "spare",
            &bayanihan_web::auth::digest("spare-secret"),
        )
        .await
        .unwrap();

    let (open_cycle, open_offer) = crate::pages::cycle(app, org, farm, org, 100_000).await;
    let (closed_cycle, closed_offer) = crate::pages::cycle(app, org, farm, org, 100).await;
    let product = app.store.offer(closed_offer).await.unwrap().product.id;
    let open_product = app.store.offer(open_offer).await.unwrap().product.id;
    let photo = bayanihan_app::catalogue::prepare_photo(&crate::support::png(40, 30)).unwrap();
    app.store.put_product_photo(product, &photo).await.unwrap();
    let line = |offer, quantity| NewLine {
        offer_id: offer,
        consumer_group_id: org,
        person_id: Some(ids[2]),
        pickup_point_id: None,
        quantity,
        tier: None,
    };
    app.store
        .place_line(closed_cycle, &line(closed_offer, 3))
        .await
        .unwrap();
    app.store.close_cycle(closed_cycle).await.unwrap();
    // Debts that go round (O → F → S → O), for clearing rounds.
    let php = |v| Money::new(v, Currency::PHP);
    let due = "2026-03-01".parse().unwrap();
    for (d, c) in [(org, farm), (farm, sibling), (sibling, org)] {
        app.store
            .record_obligation(d, c, php(10_000), due)
            .await
            .unwrap();
    }
    // Seasons (see the fields).
    let o_product = crate::pages::cycle(app, org, org, org, 1).await.1;
    let o_product = app.store.offer(o_product).await.unwrap().product.id;
    let season = season_from_now(app, org, farm, product, org, (-1, 10, 30, 90)).await;
    let past_season = season_from_now(app, org, farm, product, org, (-30, -20, 0, 10)).await;
    app.store
        .make_delivery(past_season.id, 0, bayanihan_store::now_micros())
        .await
        .unwrap();
    let signup_season = season_from_now(app, org, farm, product, org, (-1, 10, 30, 90)).await;
    let target_share = share_of(app, &season, org, target).await;
    let mut f = Fixture {
        season: season.id,
        past_season: past_season.id,
        past_kind: past_season.share_kinds[0].id,
        signup_season: signup_season.id,
        signup_kind: signup_season.share_kinds[0].id,
        signup_pickup: signup_season.pickup_points[0].id,
        target_share,
        cancel_shares: vec![],
        o_product,
        body: Uuid::nil(),
        decision: Uuid::nil(),
        proxy_decision: Uuid::nil(),
        closed_decision: Uuid::nil(),
        book_meeting: Uuid::nil(),
        book_loans: Vec::new(),
        borrowing: Uuid::nil(),
        invest_offer: Uuid::nil(),
        invest_offer_to_close: Uuid::nil(),
        invest_commitments: Vec::new(),
        invest_paid_in: Uuid::nil(),
        chapter,
        org,
        farm,
        invited,
        target,
        tokens,
        people: ids
            .iter()
            .map(|id| Some(*id).filter(|id| !id.is_nil()))
            .collect(),
        victims: vec![],
        removable: vec![],
        erasable: vec![],
        candidates: vec![],
        other_networks: vec![],
        close_cycles: vec![],
        offer_cycles: vec![],
        offers: vec![],
        lines: vec![],
        cancel_lines: vec![],
        obligations: vec![],
        payments: vec![],
        apply_rounds: vec![],
        discard_rounds: vec![],
        open_cycle,
        open_offer,
        open_product,
        closed_cycle,
        closed_offer,
        product,
        spare_token,
        login_email,
        private_emails,
    };
    for role in ROLES {
        let plain = |what: &str| format!("{what}-{role}@people.example");
        f.victims
            .push(app.person(&plain("victim"), &[(org, &[Member])]).await.0);
        f.removable
            .push(app.person(&plain("removable"), &[(org, &[Member])]).await.0);
        f.erasable
            .push(app.person(&plain("erasable"), &[(org, &[Member])]).await.0);
        let holder = app.person(&plain("holder"), &[(org, &[Member])]).await.0;
        f.cancel_shares
            .push(share_of(app, &season, org, holder).await);
        f.candidates
            .push(app.org(&format!("Candidate {role}"), "association").await);
        f.other_networks
            .push(app.org(&format!("Network {role}"), "network").await);
        f.close_cycles
            .push(crate::pages::cycle(app, org, farm, org, 10).await.0);
        let (c, o) = crate::pages::cycle(app, org, farm, org, 10).await;
        f.offer_cycles.push(c);
        f.offers.push(o);
        for list in [&mut f.lines, &mut f.cancel_lines] {
            let l = app
                .store
                .place_line(open_cycle, &line(open_offer, 1))
                .await
                .unwrap();
            list.push(l.id);
        }
    }
    // Decisions, opened once everyone of O is a member: their electorate is fixed then.
    {
        use bayanihan_domain::governance::decision::{BodyInput, DecisionDraft};
        use bayanihan_domain::governance::{DecisionKind, Rules, Threshold, PROPOSAL_OPTIONS};
        let body = app
            .store
            .create_body(
                org,
                &serde_json::from_value::<BodyInput>(json!({
                    "name": "General assembly", "electorate": "members", "proxy_limit": 1
                }))
                .unwrap()
                .parse()
                .unwrap(),
            )
            .await
            .unwrap();
        let now = jiff::Timestamp::now();
        let day = jiff::SignedDuration::from_hours(24);
        let draft = |opens, closes| DecisionDraft {
            body_id: body.id,
            title: "Buy a rice mill".into(),
            details: String::new(),
            rules: Rules::new(
                DecisionKind::Proposal,
                PROPOSAL_OPTIONS.iter().map(|s| s.to_string()).collect(),
                vec![],
                Threshold::Simple,
            ),
            anonymous: false,
            action: None,
            opens_at: opens,
            closes_at: closes,
        };
        let at = now.as_microsecond();
        f.body = body.id;
        let (a, b, c) = (
            draft(now, now + day),
            draft(now, now + day),
            draft(now - day - day, now - day),
        );
        f.decision = app.store.open_decision(&a, ids[5], at).await.unwrap().id;
        f.proxy_decision = app.store.open_decision(&b, ids[5], at).await.unwrap().id;
        let closed = app.store.open_decision(&c, ids[5], at).await.unwrap().id;
        app.store
            .cast(
                &bayanihan_store::governance::NewBallot {
                    decision: closed,
                    voter: ids[2],
                    cast_by: ids[2],
                    mode: bayanihan_domain::governance::decision::BallotMode::Online,
                    meeting: None,
                    witness: None,
                    marks: bayanihan_domain::governance::Marks::Points(vec![(0, 1)]),
                    reason: None,
                },
                (now - day - jiff::SignedDuration::from_hours(1)).as_microsecond(),
            )
            .await
            .unwrap();
        app.store
            .close_decision(closed, now.as_microsecond())
            .await
            .unwrap();
        f.closed_decision = closed;
    }
    // O's book. O is no self-help group, so its rules are set in the store (the use case
    // would refuse them); a grant, then a meeting lending the target one loan per role.
    {
        use bayanihan_domain::finance::book::{MeetingInput, Numbers, Rules, WithdrawalRule};
        let today = bayanihan_store::today_utc();
        let rules = Rules {
            currency: Currency::PHP,
            compulsory_saving: 1_000,
            withdrawal_rule: WithdrawalRule::Voluntary,
            min_members: 2,
            max_members: 100,
        };
        app.store.set_book_rules(org, &rules).await.unwrap();
        app.store
            .record_grant(org, ids[5], php(10_000_000), "2025-01-01".parse().unwrap())
            .await
            .unwrap();
        let loans: Vec<Value> = ROLES
            .iter()
            .map(|_| json!({"person_id": f.target, "principal": "100.00", "annual_rate": "12", "instalments": 6}))
            .collect();
        let input: MeetingInput = serde_json::from_value(json!({
            "held_on": "2025-01-05",
            "members": [{"person_id": f.target, "present": true}],
            "loans": loans,
        }))
        .unwrap();
        f.book_meeting = app
            .store
            .record_meeting(org, ids[5], &input, Numbers::Plain, today)
            .await
            .unwrap()
            .id;
        f.book_loans = app
            .store
            .book_loans(org, Some(f.target), today)
            .await
            .unwrap()
            .into_iter()
            .map(|l| l.id)
            .collect();
        let b: bayanihan_domain::finance::borrowing::BorrowingInput = serde_json::from_value(json!({
            "lender_name": "A bank's branch", "received_on": "2025-01-06", "principal": "1000.00",
            "annual_rate": "12", "instalments": 12,
        }))
        .unwrap();
        f.borrowing = app
            .store
            .record_borrowing(org, ids[5], &b, Numbers::Plain, today)
            .await
            .unwrap();
        // O's investment offers: one stays open, one is for closing; the target person
        // committed to the first once per role (for receipts) and once paid in (for
        // repayments).
        let terms = |purpose: &str| {
            bayanihan_domain::finance::investment::Offer::parse(
                &serde_json::from_value(json!({"purpose": purpose, "currency": "PHP",
                    "target": "1000000.00", "min_ticket": "1.00", "return_rate": "4",
                    "term_months": 12, "per_year": 4, "closes_on": "2099-12-31"}))
                .unwrap(),
                Numbers::Plain,
                today,
            )
            .unwrap()
        };
        f.invest_offer = app
            .store
            .open_investment_offer(org, ids[5], &terms("A mill"))
            .await
            .unwrap();
        f.invest_offer_to_close = app
            .store
            .open_investment_offer(org, ids[5], &terms("A van"))
            .await
            .unwrap();
        let ticket: bayanihan_domain::finance::investment::CommitmentInput =
            serde_json::from_value(json!({"amount": "10.00", "currency": "PHP"})).unwrap();
        for _ in 0..=ROLES.len() {
            let c = app
                .store
                .commit_investment(f.invest_offer, f.target, &ticket, Numbers::Plain, today)
                .await
                .unwrap();
            f.invest_commitments.push(c);
        }
        f.invest_paid_in = f.invest_commitments.pop().unwrap();
        app.store
            .receive_investment(f.invest_paid_in, ids[5], today)
            .await
            .unwrap();
    }
    // Rounds last: what came before must not make them stale.
    for _ in ROLES {
        for list in [&mut f.apply_rounds, &mut f.discard_rounds] {
            let r = app
                .store
                .propose_clearing(chapter, Currency::PHP, None)
                .await
                .unwrap();
            list.push(r.id);
        }
    }
    // Debts to pay, recorded after the rounds so that no round sets them off.
    for _ in ROLES {
        f.obligations.push(
            app.store
                .record_obligation(org, farm, php(5_000), due)
                .await
                .unwrap(),
        );
        f.payments.push(
            app.store
                .paid_obligation(org, farm, php(5_000), 1_000, due)
                .await
                .unwrap(),
        );
    }
    // Everyone has belonged long enough to be erased on request.
    app.store.backdate_demo_memberships(0).await.unwrap();
    // Today's signed checkpoints, to download.
    let key = bayanihan_app::ledger::SigningKey::from_bytes(&[7; 32]);
    bayanihan_app::ledger::daily_checkpoint(&app.store, &key)
        .await
        .unwrap();
    f
}

/// A season of `hub` for `producer`'s `product`, inviting `group`: sign-up from `opens` to
/// `closes`, fortnightly deliveries from `first`, the crop calendar from `starts` to `ends`.
#[allow(clippy::too_many_arguments)]
pub(crate) fn season_input(
    hub: Uuid,
    producer: Uuid,
    product: Uuid,
    group: Uuid,
    opens: &str,
    closes: &str,
    first: &str,
    starts: &str,
    ends: &str,
) -> SeasonInput {
    SeasonInput {
        hub_id: hub,
        producer_id: producer,
        name: "Wet season".into(),
        currency: None,
        starts_on: starts.into(),
        ends_on: ends.into(),
        delivery_dates: vec![],
        first_delivery: Some(first.into()),
        every_days: Some(14),
        signup_opens_at: opens.into(),
        signup_closes_at: closes.into(),
        round_days: None,
        max_rounds: None,
        budget: "10000".into(),
        reserve: None,
        absence_rule: "donate".into(),
        absence_cutoff_days: Some(0),
        shortfall_rule: "members".into(),
        instalments: vec![],
        share_kinds: vec![ShareKindInput {
            name: "Family".into(),
            product_id: product,
            units_per_delivery: 2,
            unit_price: "100".into(),
        }],
        pickup_points: vec![SeasonPickupInput {
            name: "Hall".into(),
            organization_id: group,
            capacity: 1000,
        }],
        consumer_groups: vec![group],
    }
}

/// A season of `hub` for `producer`'s `product` inviting `group`, its dates in days from now:
/// `(sign-up opens, sign-up closes, first delivery, end)`; the crop calendar starts 60 days ago.
pub(crate) async fn season_from_now(
    app: &TestApp,
    hub: Uuid,
    producer: Uuid,
    product: Uuid,
    group: Uuid,
    (opens, closes, first, ends): (i64, i64, i64, i64),
) -> bayanihan_domain::season::Season {
    let now = jiff::Timestamp::now();
    let at = |d: i64| {
        now.checked_add(jiff::SignedDuration::from_hours(24 * d))
            .unwrap()
    };
    let time = |d: i64| at(d).to_string();
    let day = |d: i64| at(d).to_zoned(jiff::tz::TimeZone::UTC).date().to_string();
    let input = season_input(
        hub,
        producer,
        product,
        group,
        &time(opens),
        &time(closes),
        &day(first),
        &day(-60),
        &day(ends),
    );
    app.store
        .create_season(&parse_season(&input, Currency::PHP).unwrap())
        .await
        .unwrap()
}

/// A share of `person` of `group` in `season` (its first kind and pickup point), taken now.
pub(crate) async fn share_of(
    app: &TestApp,
    season: &bayanihan_domain::season::Season,
    group: Uuid,
    person: Uuid,
) -> Uuid {
    app.store
        .sign_up(
            season.id,
            &bayanihan_domain::season::SignUp {
                consumer_group_id: group,
                person_id: Some(person),
                share_kind_id: season.share_kinds[0].id,
                pickup_id: season.pickup_points[0].id,
                waitlist: false,
            },
            bayanihan_store::now_micros(),
        )
        .await
        .unwrap()
        .id
}

type Build = fn(&Fixture, usize) -> (Method, String, Option<Value>);
type Row = (&'static str, Build, [u16; N_ROLES]);

/// One row per operation of the OpenAPI document, keyed "METHOD /path" as the document has it.
#[rustfmt::skip]
fn matrix() -> Vec<Row> {
    use Method as M;
    // Statuses, by role:   public outsider member treasurer coordinator admin sib-member sib-admin chapter council invited self
    const PUBLIC: [u16; 12] =      [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200];
    const SIGNED_IN: [u16; 12] =   [401, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200];
    const CREATED: [u16; 12] =     [401, 201, 201, 201, 201, 201, 201, 201, 201, 201, 201, 201];
    const O_PEOPLE: [u16; 12] =    [401, 403, 200, 200, 200, 200, 403, 403, 403, 403, 403, 200];
    const O_DOCUMENTS: [u16; 12] = [401, 403, 200, 200, 200, 200, 403, 403, 200, 200, 403, 200];
    const F_DOCUMENTS: [u16; 12] = [401, 403, 403, 403, 200, 200, 403, 403, 200, 200, 403, 403];
    const O_ADMIN: [u16; 12] =     [401, 403, 403, 403, 403, 200, 403, 403, 403, 403, 403, 403];
    const O_RUN: [u16; 12] =       [401, 403, 403, 403, 200, 200, 403, 403, 403, 403, 403, 403];
    const O_RUN_NEW: [u16; 12] =   [401, 403, 403, 403, 201, 201, 403, 403, 403, 403, 403, 403];
    const N_STEWARD: [u16; 12] =   [401, 403, 403, 403, 403, 403, 403, 403, 200, 403, 403, 403];
    vec![
        ("GET /healthz", |_, _| (M::GET, "/healthz".into(), None), PUBLIC),
        ("GET /api/v1/openapi.json", |_, _| (M::GET, "/api/v1/openapi.json".into(), None), PUBLIC),
        ("GET /api/v1/vocabularies", |_, _| (M::GET, "/api/v1/vocabularies".into(), None), PUBLIC),
        // Account.
        ("POST /api/v1/auth/login", |f, _| (M::POST, "/api/v1/auth/login".into(),
            Some(json!({"email": f.login_email, "password": "a long enough password"}))), PUBLIC),
        ("POST /api/v1/auth/logout", |_, _| (M::POST, "/api/v1/auth/logout".into(), None),
            [204, 204, 204, 204, 204, 204, 204, 204, 204, 204, 204, 204]),
        ("GET /api/v1/me", |_, _| (M::GET, "/api/v1/me".into(), None), SIGNED_IN),
        ("GET /api/v1/tokens", |_, _| (M::GET, "/api/v1/tokens".into(), None), SIGNED_IN),
        ("POST /api/v1/tokens", |_, r| (M::POST, "/api/v1/tokens".into(), Some(json!({"name": format!("t{r}")}))), CREATED),
        // Another person's token is nobody else's business: not found, whoever asks.
        ("DELETE /api/v1/tokens/{id}", |f, _| (M::DELETE, format!("/api/v1/tokens/{}", f.spare_token), None),
            [401, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 204]),
        // The directory and its organizations.
        ("GET /api/v1/organizations", |_, _| (M::GET, "/api/v1/organizations".into(), None), PUBLIC),
        ("POST /api/v1/organizations", |_, r| (M::POST, "/api/v1/organizations".into(),
            Some(json!({"name": format!("New {r}"), "kind": "association", "country": "PH", "currency": "PHP", "time_zone": "Asia/Manila"}))), CREATED),
        ("GET /api/v1/organizations/{id}", |f, _| (M::GET, format!("/api/v1/organizations/{}", f.org), None), PUBLIC),
        ("PATCH /api/v1/organizations/{id}", |f, _| (M::PATCH, format!("/api/v1/organizations/{}", f.org), Some(json!({"region": "Benguet"}))), O_ADMIN),
        ("GET /api/v1/organizations/{id}/members", |f, _| (M::GET, format!("/api/v1/organizations/{}/members", f.org), None), O_PEOPLE),
        ("POST /api/v1/organizations/{id}/members", |f, r| (M::POST, format!("/api/v1/organizations/{}/members", f.org),
            Some(json!({"email": format!("new-{r}@people.example"), "name": "New", "roles": ["member"]}))), O_RUN_NEW),
        ("PATCH /api/v1/organizations/{id}/members/{person_id}", |f, r| (M::PATCH, format!("/api/v1/organizations/{}/members/{}", f.org, f.victims[r]),
            Some(json!({"roles": ["member", "treasurer"]}))), O_ADMIN),
        ("DELETE /api/v1/organizations/{id}/members/{person_id}", |f, r| (M::DELETE, format!("/api/v1/organizations/{}/members/{}", f.org, f.removable[r]), None),
            [401, 403, 403, 403, 204, 204, 403, 403, 403, 403, 403, 403]),
        ("GET /api/v1/organizations/{id}/networks", |f, _| (M::GET, format!("/api/v1/organizations/{}/networks", f.org), None), PUBLIC),
        ("POST /api/v1/organizations/{id}/networks", |f, r| (M::POST, format!("/api/v1/organizations/{}/networks", f.org),
            Some(json!({"network_id": f.other_networks[r]}))),
            [401, 403, 403, 403, 403, 201, 403, 403, 403, 403, 403, 403]),
        ("POST /api/v1/networks/{id}/members", |f, r| (M::POST, format!("/api/v1/networks/{}/members", f.chapter),
            Some(json!({"member_id": f.candidates[r]}))),
            [401, 403, 403, 403, 403, 403, 403, 403, 201, 403, 403, 403]),
        // The invitation of I is accepted by I's admin only; the steward who sent it cannot.
        ("PATCH /api/v1/networks/{id}/members/{member_id}", |f, _| (M::PATCH, format!("/api/v1/networks/{}/members/{}", f.chapter, f.invited),
            Some(json!({"status": "active"}))),
            [401, 403, 403, 403, 403, 403, 403, 403, 403, 403, 200, 403]),
        // People.
        ("GET /api/v1/people/{id}", |f, _| (M::GET, format!("/api/v1/people/{}", f.target), None), O_PEOPLE),
        ("PUT /api/v1/people/{id}/demographics", |f, _| (M::PUT, format!("/api/v1/people/{}/demographics", f.target),
            Some(json!({"gender": "woman", "birth_year": 1980}))),
            [401, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 200]),
        ("DELETE /api/v1/people/{id}/demographics", |f, _| (M::DELETE, format!("/api/v1/people/{}/demographics", f.target), None),
            [401, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 204]),
        // Clearing rounds in N (before anything pays an obligation and makes them stale).
        ("GET /api/v1/networks/{id}/clearing-rounds", |f, _| (M::GET, format!("/api/v1/networks/{}/clearing-rounds", f.chapter), None), N_STEWARD),
        ("POST /api/v1/networks/{id}/clearing-rounds", |f, _| (M::POST, format!("/api/v1/networks/{}/clearing-rounds", f.chapter),
            Some(json!({"currency": "PHP"}))),
            [401, 403, 403, 403, 403, 403, 403, 403, 201, 403, 403, 403]),
        // Each organization in a round sees its own effect; stewards (of N, and of C above
        // it) see all. Nobody else sees the round.
        ("GET /api/v1/clearing-rounds/{id}", |f, r| (M::GET, format!("/api/v1/clearing-rounds/{}", f.discard_rounds[r]), None),
            [401, 403, 200, 200, 200, 200, 200, 200, 200, 200, 403, 200]),
        ("POST /api/v1/clearing-rounds/{id}/discard", |f, r| (M::POST, format!("/api/v1/clearing-rounds/{}/discard", f.discard_rounds[r]), None), N_STEWARD),
        ("POST /api/v1/clearing-rounds/{id}/apply", |f, r| (M::POST, format!("/api/v1/clearing-rounds/{}/apply", f.apply_rounds[r]), None), N_STEWARD),
        ("GET /api/v1/networks/{id}/obligations.csv", |f, _| (M::GET, format!("/api/v1/networks/{}/obligations.csv", f.chapter), None), N_STEWARD),
        // Catalogue and cycles: O runs them as a hub.
        ("GET /api/v1/organizations/{id}/products", |f, _| (M::GET, format!("/api/v1/organizations/{}/products", f.farm), None), PUBLIC),
        ("POST /api/v1/organizations/{id}/products", |f, r| (M::POST, format!("/api/v1/organizations/{}/products", f.org),
            Some(json!({"name": format!("Soap {r}"), "category": "handicrafts", "unit": "bar", "unit_mass_kg": 0.1}))),
            [401, 403, 403, 403, 403, 201, 403, 403, 403, 403, 403, 403]),
        ("GET /api/v1/cycles", |_, _| (M::GET, "/api/v1/cycles".into(), None), PUBLIC),
        ("POST /api/v1/cycles", |f, r| (M::POST, "/api/v1/cycles".into(), Some(json!({
            "hub_id": f.org, "name": format!("Week {r}"), "policy": "pro_rata",
            "opens_at": "2026-01-01T00:00:00Z", "closes_at": "2026-01-02T00:00:00Z", "delivery_date": "2026-01-03",
            "producers": [f.farm], "consumer_groups": [{"organization_id": f.org}]}))), O_RUN_NEW),
        ("GET /api/v1/cycles/{id}", |f, _| (M::GET, format!("/api/v1/cycles/{}", f.open_cycle), None), PUBLIC),
        ("POST /api/v1/cycles/{id}/clone", |f, _| (M::POST, format!("/api/v1/cycles/{}/clone", f.closed_cycle), Some(json!({"days": 7}))), O_RUN_NEW),
        ("POST /api/v1/cycles/{id}/close", |f, r| (M::POST, format!("/api/v1/cycles/{}/close", f.close_cycles[r]), None), O_RUN),
        ("GET /api/v1/cycles/{id}/offers", |f, _| (M::GET, format!("/api/v1/cycles/{}/offers", f.open_cycle), None), PUBLIC),
        ("POST /api/v1/cycles/{id}/offers", |f, r| (M::POST, format!("/api/v1/cycles/{}/offers", f.offer_cycles[r]),
            Some(json!({"product_id": f.product, "quantity": 5, "producer_price": "100.00"}))), O_RUN_NEW),
        ("DELETE /api/v1/offers/{id}", |f, r| (M::DELETE, format!("/api/v1/offers/{}", f.offers[r]), None), O_RUN),
        ("PATCH /api/v1/cycles/{id}", |f, r| (M::PATCH, format!("/api/v1/cycles/{}", f.open_cycle),
            Some(json!({"name": format!("Renamed {r}")}))), O_RUN),
        ("PUT /api/v1/offers/{id}", |f, _| (M::PUT, format!("/api/v1/offers/{}", f.open_offer),
            Some(json!({"product_id": f.open_product, "quantity": 100000, "producer_price": "210.00"}))), O_RUN),
        ("GET /api/v1/cycles/{id}/lines", |f, _| (M::GET, format!("/api/v1/cycles/{}/lines", f.open_cycle), None), SIGNED_IN),
        ("POST /api/v1/cycles/{id}/lines", |f, _| (M::POST, format!("/api/v1/cycles/{}/lines", f.open_cycle),
            Some(json!({"offer_id": f.open_offer, "consumer_group_id": f.org, "quantity": 1}))),
            [401, 403, 201, 201, 201, 201, 403, 403, 403, 403, 403, 201]),
        // Lines belong to `member`: they and O's coordinators and admins may change them.
        ("PATCH /api/v1/lines/{id}", |f, r| (M::PATCH, format!("/api/v1/lines/{}", f.lines[r]), Some(json!({"quantity": 2}))),
            [401, 403, 200, 403, 200, 200, 403, 403, 403, 403, 403, 403]),
        ("DELETE /api/v1/lines/{id}", |f, r| (M::DELETE, format!("/api/v1/lines/{}", f.cancel_lines[r]), None),
            [401, 403, 204, 403, 204, 204, 403, 403, 403, 403, 403, 403]),
        ("GET /api/v1/cycles/{id}/documents", |f, _| (M::GET, format!("/api/v1/cycles/{}/documents", f.closed_cycle), None), SIGNED_IN),
        ("GET /api/v1/cycles/{id}/invoices/{group_id}", |f, _| (M::GET, format!("/api/v1/cycles/{}/invoices/{}", f.closed_cycle, f.org), None), O_DOCUMENTS),
        ("GET /api/v1/cycles/{id}/statements/{org_id}", |f, _| (M::GET, format!("/api/v1/cycles/{}/statements/{}", f.closed_cycle, f.farm), None), F_DOCUMENTS),
        ("GET /api/v1/cycles/{id}/packing", |f, _| (M::GET, format!("/api/v1/cycles/{}/packing", f.closed_cycle), None), SIGNED_IN),
        ("GET /api/v1/cycles/{id}/supplier-totals", |f, _| (M::GET, format!("/api/v1/cycles/{}/supplier-totals", f.closed_cycle), None), SIGNED_IN),
        ("POST /api/v1/offers/{id}/packaging-returns", |f, _| (M::POST, format!("/api/v1/offers/{}/packaging-returns", f.closed_offer),
            Some(json!({"units": 1}))),
            [401, 403, 403, 403, 204, 204, 403, 403, 403, 403, 403, 403]),
        // Money.
        ("GET /api/v1/organizations/{id}/obligations", |f, _| (M::GET, format!("/api/v1/organizations/{}/obligations", f.org), None), O_DOCUMENTS),
        ("GET /api/v1/organizations/{id}/balances", |f, _| (M::GET, format!("/api/v1/organizations/{}/balances", f.org), None), O_DOCUMENTS),
        ("POST /api/v1/obligations/{id}/payments", |f, r| (M::POST, format!("/api/v1/obligations/{}/payments", f.obligations[r]),
            Some(json!({"amount": "1.00", "method": "cash"}))),
            [401, 403, 403, 201, 403, 201, 403, 403, 403, 403, 403, 403]),
        ("GET /api/v1/obligations/{id}/payments", |f, r| (M::GET, format!("/api/v1/obligations/{}/payments", f.obligations[r]), None),
            [401, 403, 403, 200, 403, 200, 403, 403, 403, 403, 403, 403]),
        ("POST /api/v1/payments/{id}/reverse", |f, r| (M::POST, format!("/api/v1/payments/{}/reverse", f.payments[r]), None),
            [401, 403, 403, 201, 403, 201, 403, 403, 403, 403, 403, 403]),
        // Integrity and people's own data.
        ("GET /api/v1/organizations/{id}/ledger/checkpoint", |f, _| (M::GET, format!("/api/v1/organizations/{}/ledger/checkpoint", f.org), None), O_DOCUMENTS),
        ("GET /api/v1/organizations/{id}/audit", |f, _| (M::GET, format!("/api/v1/organizations/{}/audit", f.org), None), O_ADMIN),
        ("GET /api/v1/me/data", |_, _| (M::GET, "/api/v1/me/data".into(), None), SIGNED_IN),
        ("POST /api/v1/people/{id}/erase", |f, r| (M::POST, format!("/api/v1/people/{}/erase", f.erasable[r]), None),
            [401, 403, 403, 403, 403, 204, 403, 403, 403, 403, 403, 403]),
        // Publishing: O's admins publish O; N's stewards approve it for N's map.
        ("PUT /api/v1/organizations/{id}/publication", |f, _| (M::PUT, format!("/api/v1/organizations/{}/publication", f.org),
            Some(json!({"website": "https://o.coop.example", "gender_counts": true}))),
            [401, 403, 403, 403, 403, 200, 403, 403, 403, 403, 403, 403]),
        ("GET /api/v1/organizations/{id}/publication", |f, _| (M::GET, format!("/api/v1/organizations/{}/publication", f.org), None), O_ADMIN),
        ("GET /api/v1/organizations/{id}/murmurations", |f, _| (M::GET, format!("/api/v1/organizations/{}/murmurations", f.org), None), PUBLIC),
        ("GET /api/v1/organizations/{id}/essglobal", |f, _| (M::GET, format!("/api/v1/organizations/{}/essglobal", f.org), None), PUBLIC),
        ("GET /api/v1/essglobal", |_, _| (M::GET, "/api/v1/essglobal".into(), None), PUBLIC),
        ("GET /api/v1/murmurations/nodes", |_, _| (M::GET, "/api/v1/murmurations/nodes?tags=consumer_cooperative".into(), None), SIGNED_IN),
        ("PUT /api/v1/networks/{id}/members/{member_id}/listing", |f, _| (M::PUT, format!("/api/v1/networks/{}/members/{}/listing", f.chapter, f.org), None),
            [401, 403, 403, 403, 403, 403, 403, 403, 204, 403, 403, 403]),
        ("GET /api/v1/map", |_, _| (M::GET, "/api/v1/map".into(), None), PUBLIC),
        ("DELETE /api/v1/networks/{id}/members/{member_id}/listing", |f, _| (M::DELETE, format!("/api/v1/networks/{}/members/{}/listing", f.chapter, f.org), None),
            [401, 403, 403, 403, 403, 403, 403, 403, 204, 403, 403, 403]),
        ("DELETE /api/v1/organizations/{id}/publication", |f, _| (M::DELETE, format!("/api/v1/organizations/{}/publication", f.org), None),
            [401, 403, 403, 403, 403, 204, 403, 403, 403, 403, 403, 403]),
        // Seasons of O's hub for F (O is the invited group; its pledges are its members').
        ("POST /api/v1/seasons", |f, _| (M::POST, "/api/v1/seasons".into(), Some(season_json(f))), O_RUN_NEW),
        ("GET /api/v1/seasons/{id}", |f, _| (M::GET, format!("/api/v1/seasons/{}", f.season), None), O_DOCUMENTS),
        ("GET /api/v1/organizations/{id}/seasons", |f, _| (M::GET, format!("/api/v1/organizations/{}/seasons", f.org), None), O_DOCUMENTS),
        ("GET /api/v1/seasons/{id}/statement", |f, _| (M::GET, format!("/api/v1/seasons/{}/statement", f.season), None), O_DOCUMENTS),
        ("GET /api/v1/me/shares", |_, _| (M::GET, "/api/v1/me/shares".into(), None), SIGNED_IN),
        // A share for oneself, in an invited group one belongs to.
        ("POST /api/v1/seasons/{id}/shares", |f, _| (M::POST, format!("/api/v1/seasons/{}/shares", f.signup_season),
            Some(json!({"consumer_group_id": f.org, "share_kind_id": f.signup_kind, "pickup_id": f.signup_pickup}))),
            [401, 403, 201, 201, 201, 201, 403, 403, 403, 403, 403, 201]),
        // The target's share: its holder (self) and O's coordinators.
        ("POST /api/v1/shares/{id}/pledge", |f, _| (M::POST, format!("/api/v1/shares/{}/pledge", f.target_share), Some(json!({"pledge": "1200.00"}))),
            [401, 403, 403, 403, 200, 200, 403, 403, 403, 403, 403, 200]),
        ("POST /api/v1/shares/{id}/absences", |f, _| (M::POST, format!("/api/v1/shares/{}/absences", f.target_share), Some(json!({"delivery": 1}))),
            [401, 403, 403, 403, 200, 200, 403, 403, 403, 403, 403, 200]),
        ("POST /api/v1/shares/{id}/cancel", |f, r| (M::POST, format!("/api/v1/shares/{}/cancel", f.cancel_shares[r]), None), O_RUN),
        // O's treasurers and admins record what O paid the producer.
        ("POST /api/v1/seasons/{id}/advances", |f, _| (M::POST, format!("/api/v1/seasons/{}/advances", f.season),
            Some(json!({"consumer_group_id": f.org, "amount": "1.00", "method": "cash"}))),
            [401, 403, 403, 201, 403, 201, 403, 403, 403, 403, 403, 403]),
        ("POST /api/v1/seasons/{id}/deliveries", |f, _| (M::POST, format!("/api/v1/seasons/{}/deliveries", f.past_season), Some(json!({"delivery": 0}))), O_RUN),
        ("PUT /api/v1/seasons/{id}/harvest", |f, _| (M::PUT, format!("/api/v1/seasons/{}/harvest", f.past_season),
            Some(json!({"delivery": 0, "share_kind_id": f.past_kind, "units": 0}))),
            [401, 403, 403, 403, 204, 204, 403, 403, 403, 403, 403, 403]),
        // Allowed, but not yet: its deliveries are not settled (422 naming season_id).
        ("POST /api/v1/seasons/{id}/settle", |f, _| (M::POST, format!("/api/v1/seasons/{}/settle", f.past_season), None),
            [401, 403, 403, 403, 422, 422, 403, 403, 403, 403, 403, 403]),
        // Wallets: the member, O's coordinators; the credit limit is O's admins'.
        ("GET /api/v1/organizations/{id}/wallets", |f, _| (M::GET, format!("/api/v1/organizations/{}/wallets", f.org), None), O_RUN),
        ("POST /api/v1/organizations/{id}/wallets", |f, _| (M::POST, format!("/api/v1/organizations/{}/wallets", f.org),
            Some(json!({"person_id": f.target, "kind": "top_up", "amount": "1.00"}))),
            [401, 403, 403, 403, 201, 201, 403, 403, 403, 403, 403, 403]),
        ("GET /api/v1/organizations/{id}/wallets/{person_id}", |f, _| (M::GET, format!("/api/v1/organizations/{}/wallets/{}", f.org, f.target), None),
            [401, 403, 403, 403, 200, 200, 403, 403, 403, 403, 403, 200]),
        ("PUT /api/v1/organizations/{id}/wallet-credit-limit", |f, _| (M::PUT, format!("/api/v1/organizations/{}/wallet-credit-limit", f.org),
            Some(json!({"credit_limit": "50.00"}))), [401, 403, 403, 403, 403, 204, 403, 403, 403, 403, 403, 403]),
        // O's book: its members and the networks' stewards read it; its bookkeepers
        // (treasurers, coordinators, admins) enter meetings and grants; its admins write
        // loans off and set the rules — which O, no self-help group, cannot have (422).
        ("PUT /api/v1/organizations/{id}/book/rules", |f, _| (M::PUT, format!("/api/v1/organizations/{}/book/rules", f.org),
            Some(json!({"compulsory_saving": "10.00"}))),
            [401, 403, 403, 403, 403, 409, 403, 403, 403, 403, 403, 403]),
        ("GET /api/v1/organizations/{id}/book", |f, _| (M::GET, format!("/api/v1/organizations/{}/book", f.org), None), O_DOCUMENTS),
        ("POST /api/v1/organizations/{id}/book/meetings", |f, r| (M::POST, format!("/api/v1/organizations/{}/book/meetings", f.org),
            Some(json!({"held_on": format!("2025-02-{:02}", r + 1), "members": [{"person_id": f.target, "present": true}]}))),
            [401, 403, 403, 201, 201, 201, 403, 403, 403, 403, 403, 403]),
        // Outside O, a meeting is not found at all.
        ("GET /api/v1/book-meetings/{id}", |f, _| (M::GET, format!("/api/v1/book-meetings/{}", f.book_meeting), None),
            [401, 404, 200, 200, 200, 200, 404, 404, 404, 404, 404, 200]),
        ("GET /api/v1/organizations/{id}/book/members/{person_id}/loans", |f, _| (M::GET,
            format!("/api/v1/organizations/{}/book/members/{}/loans", f.org, f.target), None),
            [401, 403, 403, 200, 200, 200, 403, 403, 403, 403, 403, 200]),
        ("POST /api/v1/organizations/{id}/book/grants", |f, _| (M::POST, format!("/api/v1/organizations/{}/book/grants", f.org),
            Some(json!({"amount": "50.00", "received_on": "2025-01-02"}))),
            [401, 403, 403, 201, 201, 201, 403, 403, 403, 403, 403, 403]),
        ("POST /api/v1/organizations/{id}/book/loans/{loan_id}/reschedule", |f, r| (M::POST,
            format!("/api/v1/organizations/{}/book/loans/{}/reschedule", f.org, f.book_loans[r]),
            Some(json!({"on": bayanihan_store::today_utc().to_string(), "instalments": 6}))),
            [401, 403, 403, 403, 403, 204, 403, 403, 403, 403, 403, 403]),
        ("POST /api/v1/organizations/{id}/book/loans/{loan_id}/write-off", |f, r| (M::POST,
            format!("/api/v1/organizations/{}/book/loans/{}/write-off", f.org, f.book_loans[r]), None),
            [401, 403, 403, 403, 403, 204, 403, 403, 403, 403, 403, 403]),
        // The linkage file: O's members and the networks' stewards (and whoever O shares it
        // with); only O's admins share it, and O, no self-help group, cannot (409).
        ("GET /api/v1/organizations/{id}/linkage", |f, _| (M::GET, format!("/api/v1/organizations/{}/linkage", f.org), None), O_DOCUMENTS),
        ("GET /api/v1/organizations/{id}/linkage.csv", |f, _| (M::GET, format!("/api/v1/organizations/{}/linkage.csv", f.org), None), O_DOCUMENTS),
        ("POST /api/v1/organizations/{id}/linkage/shares", |f, _| (M::POST, format!("/api/v1/organizations/{}/linkage/shares", f.org),
            Some(json!({"email": f.login_email}))),
            [401, 403, 403, 403, 403, 409, 403, 403, 403, 403, 403, 403]),
        // O's own loans: its bookkeepers record them and their repayments; whoever reads
        // O's book reads them (404 for anyone else); a lender's people read what it lent.
        ("POST /api/v1/organizations/{id}/book/borrowings", |f, _| (M::POST, format!("/api/v1/organizations/{}/book/borrowings", f.org),
            Some(json!({"lender_name": "Bank", "received_on": "2025-01-07", "principal": "10.00", "annual_rate": "12", "instalments": 2}))),
            [401, 403, 403, 201, 201, 201, 403, 403, 403, 403, 403, 403]),
        ("GET /api/v1/organizations/{id}/book/borrowings", |f, _| (M::GET, format!("/api/v1/organizations/{}/book/borrowings", f.org), None), O_DOCUMENTS),
        ("GET /api/v1/book-borrowings/{id}", |f, _| (M::GET, format!("/api/v1/book-borrowings/{}", f.borrowing), None),
            [401, 404, 200, 200, 200, 200, 404, 404, 200, 200, 404, 200]),
        ("POST /api/v1/organizations/{id}/book/borrowings/{borrowing_id}/repayments", |f, _| (M::POST,
            format!("/api/v1/organizations/{}/book/borrowings/{}/repayments", f.org, f.borrowing),
            Some(json!({"paid_on": "2025-01-08", "amount": "1.00"}))),
            [401, 403, 403, 201, 201, 201, 403, 403, 403, 403, 403, 403]),
        ("GET /api/v1/organizations/{id}/lending", |f, _| (M::GET, format!("/api/v1/organizations/{}/lending", f.org), None), O_DOCUMENTS),
        // Community investment: O's admins open and close offers; anyone signed in reads them
        // and commits; an investor's commitment is hers and O's treasurers' and admins' (404
        // for anyone else), who record the money received and the repayments.
        ("POST /api/v1/organizations/{id}/investment-offers", |f, r| (M::POST, format!("/api/v1/organizations/{}/investment-offers", f.org),
            Some(json!({"purpose": format!("Offer {r}"), "currency": "PHP", "target": "1000.00", "min_ticket": "10.00",
                "term_months": 12, "per_year": 4, "closes_on": "2099-12-31"}))),
            [401, 403, 403, 403, 403, 201, 403, 403, 403, 403, 403, 403]),
        ("GET /api/v1/organizations/{id}/investment-offers", |f, _| (M::GET, format!("/api/v1/organizations/{}/investment-offers", f.org), None), SIGNED_IN),
        ("GET /api/v1/investment-offers/{id}", |f, _| (M::GET, format!("/api/v1/investment-offers/{}", f.invest_offer), None), SIGNED_IN),
        ("POST /api/v1/investment-offers/{id}/close", |f, _| (M::POST, format!("/api/v1/investment-offers/{}/close", f.invest_offer_to_close), None),
            [401, 403, 403, 403, 403, 204, 403, 403, 403, 403, 403, 403]),
        ("POST /api/v1/investment-offers/{id}/commitments", |f, _| (M::POST, format!("/api/v1/investment-offers/{}/commitments", f.invest_offer),
            Some(json!({"amount": "1000", "currency": "JPY", "fx_rate": "0.3871"}))), CREATED),
        ("GET /api/v1/investment-commitments/{id}", |f, _| (M::GET, format!("/api/v1/investment-commitments/{}", f.invest_paid_in), None),
            [401, 404, 404, 200, 404, 200, 404, 404, 404, 404, 404, 200]),
        ("POST /api/v1/investment-commitments/{id}/receipt", |f, r| (M::POST, format!("/api/v1/investment-commitments/{}/receipt", f.invest_commitments[r]),
            Some(json!({"received_on": bayanihan_store::today_utc().to_string()}))),
            [401, 403, 403, 204, 403, 204, 403, 403, 403, 403, 403, 403]),
        ("POST /api/v1/investment-commitments/{id}/repayments", |f, _| (M::POST, format!("/api/v1/investment-commitments/{}/repayments", f.invest_paid_in),
            Some(json!({"paid_on": bayanihan_store::today_utc().to_string(), "amount": "0.01"}))),
            [401, 403, 403, 201, 403, 201, 403, 403, 403, 403, 403, 403]),
        ("GET /api/v1/me/investments", |_, _| (M::GET, "/api/v1/me/investments".into(), None), SIGNED_IN),
        // The chapter's groups' portfolio: the chapter's people (its steward) only.
        ("GET /api/v1/networks/{id}/book-portfolio", |f, _| (M::GET, format!("/api/v1/networks/{}/book-portfolio", f.chapter), None), N_STEWARD),
        // Governance: O's bodies and decisions are its members'; O's admins set up bodies,
        // its coordinators open decisions; each member of O votes once, for themselves.
        ("POST /api/v1/organizations/{id}/bodies", |f, r| (M::POST, format!("/api/v1/organizations/{}/bodies", f.org),
            Some(json!({"name": format!("Board {r}"), "electorate": "role", "electorate_role": "admin"}))),
            [401, 403, 403, 403, 403, 201, 403, 403, 403, 403, 403, 403]),
        ("GET /api/v1/organizations/{id}/bodies", |f, _| (M::GET, format!("/api/v1/organizations/{}/bodies", f.org), None), O_PEOPLE),
        ("GET /api/v1/bodies/{id}", |f, _| (M::GET, format!("/api/v1/bodies/{}", f.body), None), O_PEOPLE),
        ("PUT /api/v1/networks/{id}/members/{member_id}/stakeholder", |f, _| (M::PUT,
            format!("/api/v1/networks/{}/members/{}/stakeholder", f.chapter, f.org), Some(json!({"stakeholder": "consumer"}))),
            [401, 403, 403, 403, 403, 403, 403, 403, 204, 403, 403, 403]),
        ("POST /api/v1/decisions", |f, r| (M::POST, "/api/v1/decisions".into(), Some(json!({
            "body_id": f.body, "title": format!("Pickup day {r}"), "kind": "poll", "options": ["Saturday", "Sunday"],
            "closes_at": (jiff::Timestamp::now() + jiff::SignedDuration::from_hours(48)).to_string()}))), O_RUN_NEW),
        ("GET /api/v1/organizations/{id}/decisions", |f, _| (M::GET, format!("/api/v1/organizations/{}/decisions", f.org), None), O_PEOPLE),
        ("GET /api/v1/decisions/{id}", |f, _| (M::GET, format!("/api/v1/decisions/{}", f.decision), None), O_PEOPLE),
        ("GET /api/v1/decisions/{id}/ballots", |f, _| (M::GET, format!("/api/v1/decisions/{}/ballots", f.closed_decision), None), O_PEOPLE),
        ("POST /api/v1/decisions/{id}/ballots", |f, _| (M::POST, format!("/api/v1/decisions/{}/ballots", f.decision),
            Some(json!({"choice": "agree", "reason": "We mill our own rice."}))),
            [401, 403, 204, 204, 204, 204, 403, 403, 403, 403, 403, 204]),
        ("POST /api/v1/decisions/{id}/proxies", |f, r| (M::POST, format!("/api/v1/decisions/{}/proxies", f.proxy_decision),
            Some(json!({"holder_id": f.victims[r]}))),
            [401, 403, 204, 204, 204, 204, 403, 403, 403, 403, 403, 204]),
        ("GET /api/v1/me/decisions", |_, _| (M::GET, "/api/v1/me/decisions".into(), None), SIGNED_IN),
        // DFC: catalogs and sale sessions are public; F's catalog is brought in by F's
        // catalogue managers only (none of these roles).
        ("GET /api/v1/dfc/enterprises/{id}", |f, _| (M::GET, format!("/api/v1/dfc/enterprises/{}", f.farm), None), PUBLIC),
        ("GET /api/v1/dfc/sale-sessions/{id}", |f, _| (M::GET, format!("/api/v1/dfc/sale-sessions/{}", f.open_cycle), None), PUBLIC),
        ("POST /api/v1/dfc/enterprises/{id}/catalog-import", |f, _| (M::POST, format!("/api/v1/dfc/enterprises/{}/catalog-import?dry_run=false", f.farm),
            Some(dfc_catalog())),
            [401, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403]),
        // Impact.
        ("GET /api/v1/reports/tbl", |f, _| (M::GET, format!("/api/v1/reports/tbl?scope=organization:{}&period=2026", f.org), None), O_DOCUMENTS),
        ("POST /api/v1/organizations/{id}/jobs", |f, _| (M::POST, format!("/api/v1/organizations/{}/jobs", f.org),
            Some(json!({"fte": "1.5", "valid_from": "2026-01-01", "valid_to": "2026-12-31"}))),
            [401, 403, 403, 403, 403, 201, 403, 403, 403, 403, 403, 403]),
        // The product is F's: nobody in these roles manages F's catalogue.
        ("POST /api/v1/products/{id}/reference-prices", |f, _| (M::POST, format!("/api/v1/products/{}/reference-prices", f.product),
            Some(json!({"price": "180.00", "currency": "PHP", "valid_from": "2026-01-01", "valid_to": "2026-12-31", "source": "market survey"}))),
            [401, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403]),
        ("GET /api/v1/products/{id}", |f, _| (M::GET, format!("/api/v1/products/{}", f.product), None), PUBLIC),
        ("PUT /api/v1/products/{id}", |f, _| (M::PUT, format!("/api/v1/products/{}", f.product),
            Some(json!({"name": "Rice", "category": "rice", "unit": "bag", "unit_mass_kg": 5}))),
            [401, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403]),
        ("GET /api/v1/products/{id}/photo", |f, _| (M::GET, format!("/api/v1/products/{}/photo", f.product), None), PUBLIC),
        ("PUT /api/v1/products/{id}/photo", |f, _| (M::PUT, format!("/api/v1/products/{}/photo", f.product), Some(json!("not a photo"))),
            [401, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403]),
        ("DELETE /api/v1/products/{id}/photo", |f, _| (M::DELETE, format!("/api/v1/products/{}/photo", f.product), None),
            [401, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403]),
    ]
}

/// A new season of O's hub for O's own product, inviting O.
fn season_json(f: &Fixture) -> Value {
    json!({
        "hub_id": f.org, "producer_id": f.org, "name": "Dry season",
        "starts_on": "2027-01-01", "ends_on": "2027-06-30", "first_delivery": "2027-03-01", "every_days": 14,
        "signup_opens_at": "2026-12-01T00:00:00Z", "signup_closes_at": "2027-01-31T00:00:00Z",
        "budget": "5000", "absence_rule": "move", "shortfall_rule": "refund",
        "share_kinds": [{"name": "Small", "product_id": f.o_product, "units_per_delivery": 1, "unit_price": "50"}],
        "pickup_points": [{"name": "Hall", "organization_id": f.org, "capacity": 10}],
        "consumer_groups": [f.org]
    })
}

/// A one-product DFC catalog.
fn dfc_catalog() -> Value {
    json!({
        "@context": bayanihan_domain::interop::dfc::CONTEXT,
        "@graph": [
            {"@id": "_:q1", "@type": "dfc-b:QuantitativeValue", "dfc-b:hasUnit": "dfc-m:Kilogram", "dfc-b:value": "5"},
            {"@id": "https://supplier.example/p/rice", "@type": "dfc-b:SuppliedProduct",
             "dfc-b:name": "Imported rice", "dfc-b:hasQuantity": "_:q1"}
        ]
    })
}

/// Operations deliberately left out of the matrix, with the reason. (None today.)
const EXEMPT: &[(&str, &str)] = &[];

async fn call(
    app: &TestApp,
    token: &Option<String>,
    method: Method,
    path: &str,
    body: Option<Value>,
) -> (u16, String) {
    // No cookie jar: each call is its role and nothing else (a sign-in's cookie must not
    // follow the next role around).
    static HTTP: std::sync::OnceLock<reqwest::Client> = std::sync::OnceLock::new();
    let http = HTTP.get_or_init(reqwest::Client::new);
    let mut req = http.request(method, app.url(path));
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    if let Some(b) = body {
        req = req.json(&b);
    }
    let res = req.send().await.unwrap();
    let status = res.status().as_u16();
    (status, res.text().await.unwrap())
}

#[tokio::test]
async fn every_operation_of_the_document_has_a_row() {
    let doc = bayanihan_web::openapi();
    let documented: BTreeSet<String> = doc
        .paths
        .paths
        .iter()
        .flat_map(|(path, item)| {
            [
                ("GET", item.get.is_some()),
                ("POST", item.post.is_some()),
                ("PUT", item.put.is_some()),
                ("PATCH", item.patch.is_some()),
                ("DELETE", item.delete.is_some()),
            ]
            .into_iter()
            .filter(|(_, present)| *present)
            .map(move |(m, _)| format!("{m} {path}"))
        })
        .collect();
    let rows: BTreeSet<String> = matrix()
        .iter()
        .map(|r| r.0.to_string())
        .chain(EXEMPT.iter().map(|e| e.0.to_string()))
        .collect();
    let missing: Vec<_> = documented.difference(&rows).collect();
    let stale: Vec<_> = rows.difference(&documented).collect();
    assert!(
        missing.is_empty(),
        "operations without a row in the permission matrix: {missing:?}"
    );
    assert!(
        stale.is_empty(),
        "rows for operations the document no longer has: {stale:?}"
    );
}

/// Operations with no use case behind them: the adapter's own (health, documents, sessions).
const ADAPTER_ONLY: [&str; 5] = [
    "GET /healthz",
    "GET /api/v1/openapi.json",
    "GET /api/v1/vocabularies",
    "POST /api/v1/auth/login",
    "POST /api/v1/auth/logout",
];

/// The use case behind each row, called straight, without HTTP: `Some` with its outcome, or
/// `None` for a row the match does not know (the test then fails, naming it).
async fn use_case(
    key: &str,
    s: &bayanihan_store::Store,
    c: Option<&bayanihan_domain::Subject>,
    f: &Fixture,
    r: usize,
) -> Option<Result<(), bayanihan_app::AppError>> {
    use bayanihan_app::{
        account, books, borrowings, catalogue, clearing, governance, impact, investments, networks,
        organizations as orgs, people, reports, seasons, trade,
    };
    use bayanihan_domain::finance::book::Numbers;
    Some(match key {
        "GET /api/v1/me" => account::me(s, c).await.map(drop),
        "GET /api/v1/tokens" => account::tokens(s, c).await.map(drop),
        "POST /api/v1/tokens" => account::create_token(s, c, &format!("t{r}"))
            .await
            .map(drop),
        "DELETE /api/v1/tokens/{id}" => account::revoke_token(s, c, f.spare_token).await,
        "GET /api/v1/organizations" => orgs::directory(s, &Default::default()).await.map(drop),
        "POST /api/v1/organizations" => {
            let input =
                bayanihan_store::testing::fixtures::org_input(&format!("New {r}"), "association");
            orgs::register(s, c, &input).await.map(drop)
        }
        "GET /api/v1/organizations/{id}" => orgs::organization(s, f.org).await.map(drop),
        "PATCH /api/v1/organizations/{id}" => {
            let patch = bayanihan_domain::OrganizationInput {
                region: Some("Benguet".into()),
                ..Default::default()
            };
            orgs::update_profile(s, c, f.org, &patch).await.map(drop)
        }
        "GET /api/v1/organizations/{id}/members" => orgs::members(s, c, f.org).await.map(drop),
        "POST /api/v1/organizations/{id}/members" => {
            let m = orgs::NewMember {
                email: format!("new-{r}@people.example"),
                name: Some("New".into()),
                roles: vec!["member".into()],
                stakeholder: None,
                since: None,
            };
            orgs::add_member(s, c, f.org, &m).await.map(drop)
        }
        "PATCH /api/v1/organizations/{id}/members/{person_id}" => {
            let patch = orgs::MemberPatch {
                roles: Some(vec!["member".into(), "treasurer".into()]),
                stakeholder: None,
            };
            orgs::change_member(s, c, f.org, f.victims[r], &patch)
                .await
                .map(drop)
        }
        "DELETE /api/v1/organizations/{id}/members/{person_id}" => {
            orgs::remove_member(s, c, f.org, f.removable[r]).await
        }
        "GET /api/v1/organizations/{id}/networks" => orgs::network_links(s, f.org).await.map(drop),
        "POST /api/v1/organizations/{id}/networks" => {
            let a = networks::NetworkApplication {
                network_id: f.other_networks[r],
                since: None,
            };
            networks::apply(s, c, f.org, &a).await.map(drop)
        }
        "POST /api/v1/networks/{id}/members" => {
            let m = networks::NewNetworkMember {
                member_id: f.candidates[r],
                since: None,
            };
            networks::invite(s, c, f.chapter, &m).await.map(drop)
        }
        "PATCH /api/v1/networks/{id}/members/{member_id}" => {
            let p = networks::NetworkMemberPatch {
                status: "active".into(),
                until: None,
            };
            networks::change(s, c, f.chapter, f.invited, &p)
                .await
                .map(drop)
        }
        "GET /api/v1/people/{id}" => people::person(s, c, f.target).await.map(drop),
        "PUT /api/v1/people/{id}/demographics" => {
            let d = bayanihan_domain::DemographicsInput {
                gender: Some("woman".into()),
                birth_year: Some(1980),
                ..Default::default()
            };
            people::share_demographics(s, c, f.target, &d, 2026)
                .await
                .map(drop)
        }
        "DELETE /api/v1/people/{id}/demographics" => {
            people::withdraw_demographics(s, c, f.target).await
        }
        "POST /api/v1/organizations/{id}/bodies" => {
            let i: bayanihan_domain::governance::decision::BodyInput = serde_json::from_value(
                json!({"name": format!("Board {r}"), "electorate": "role", "electorate_role": "admin"}),
            )
            .unwrap();
            governance::create_body(s, c, f.org, &i).await.map(drop)
        }
        "GET /api/v1/organizations/{id}/bodies" => governance::bodies(s, c, f.org).await.map(drop),
        "GET /api/v1/bodies/{id}" => governance::body(s, c, f.body).await.map(drop),
        "PUT /api/v1/networks/{id}/members/{member_id}/stakeholder" => {
            governance::set_stakeholder(s, c, f.chapter, f.org, Some("consumer")).await
        }
        "POST /api/v1/decisions" => {
            let i: bayanihan_domain::governance::decision::DecisionInput =
                serde_json::from_value(json!({
                    "body_id": f.body, "title": format!("Pickup day {r}"), "kind": "poll",
                    "options": ["Saturday", "Sunday"],
                    "closes_at": (jiff::Timestamp::now() + jiff::SignedDuration::from_hours(48)).to_string()
                }))
                .unwrap();
            governance::open(s, c, &i).await.map(drop)
        }
        "GET /api/v1/organizations/{id}/decisions" => governance::log(s, c, f.org).await.map(drop),
        "GET /api/v1/decisions/{id}" => governance::view(s, c, f.decision).await.map(drop),
        "GET /api/v1/decisions/{id}/ballots" => {
            governance::ballots(s, c, f.closed_decision).await.map(drop)
        }
        "POST /api/v1/decisions/{id}/ballots" => {
            let i: bayanihan_domain::governance::decision::BallotInput =
                serde_json::from_value(json!({"choice": "agree"})).unwrap();
            governance::cast(s, c, f.decision, &i).await
        }
        "POST /api/v1/decisions/{id}/proxies" => {
            governance::give_proxy(s, c, f.proxy_decision, f.victims[r]).await
        }
        "GET /api/v1/me/decisions" => governance::open_for(s, c).await.map(drop),
        "POST /api/v1/seasons" => {
            let i: SeasonInput = serde_json::from_value(season_json(f)).unwrap();
            seasons::create(s, c, &i).await.map(drop)
        }
        "GET /api/v1/seasons/{id}" => seasons::view(s, c, f.season).await.map(drop),
        "GET /api/v1/organizations/{id}/seasons" => {
            seasons::of_organization(s, c, f.org).await.map(drop)
        }
        "GET /api/v1/seasons/{id}/statement" => seasons::statement(s, c, f.season).await.map(drop),
        "GET /api/v1/me/shares" => seasons::mine(s, c).await.map(drop),
        "POST /api/v1/seasons/{id}/shares" => {
            let i = seasons::SignUpInput {
                consumer_group_id: f.org,
                person_id: None,
                share_kind_id: f.signup_kind,
                pickup_id: f.signup_pickup,
                waitlist: false,
            };
            seasons::sign_up(s, c, f.signup_season, &i).await.map(drop)
        }
        "POST /api/v1/shares/{id}/pledge" => {
            let i = seasons::PledgeInput {
                pledge: "1200.00".into(),
            };
            seasons::pledge(s, c, f.target_share, &i).await.map(drop)
        }
        "POST /api/v1/shares/{id}/absences" => {
            seasons::absence(s, c, f.target_share, &seasons::AbsenceInput { delivery: 1 })
                .await
                .map(drop)
        }
        "POST /api/v1/shares/{id}/cancel" => {
            seasons::cancel(s, c, f.cancel_shares[r]).await.map(drop)
        }
        "POST /api/v1/seasons/{id}/advances" => {
            let i = seasons::AdvanceInput {
                consumer_group_id: f.org,
                amount: "1.00".into(),
                paid_on: None,
                method: "cash".into(),
            };
            seasons::pay_advance(s, c, f.season, &i).await.map(drop)
        }
        "POST /api/v1/seasons/{id}/deliveries" => seasons::make_delivery(s, c, f.past_season, 0)
            .await
            .map(drop),
        "PUT /api/v1/seasons/{id}/harvest" => {
            let h = seasons::HarvestInput {
                share_kind_id: f.past_kind,
                units: 0,
            };
            seasons::declare_harvest(s, c, f.past_season, 0, &h).await
        }
        "POST /api/v1/seasons/{id}/settle" => seasons::settle(s, c, f.past_season).await.map(drop),
        "PUT /api/v1/organizations/{id}/book/rules" => {
            let i = books::RulesInput {
                compulsory_saving: "10.00".into(),
                ..Default::default()
            };
            books::set_rules(s, c, f.org, &i, Numbers::Plain)
                .await
                .map(drop)
        }
        "GET /api/v1/organizations/{id}/book" => books::book(s, c, f.org, None).await.map(drop),
        "POST /api/v1/organizations/{id}/book/meetings" => {
            let i = serde_json::from_value(json!({"held_on": format!("2025-03-{:02}", r + 1),
                "members": [{"person_id": f.target, "present": true}]}))
            .unwrap();
            books::record_meeting(s, c, f.org, &i, Numbers::Plain)
                .await
                .map(drop)
        }
        "GET /api/v1/book-meetings/{id}" => books::meeting(s, c, f.book_meeting).await.map(drop),
        "GET /api/v1/organizations/{id}/book/members/{person_id}/loans" => {
            books::member_loans(s, c, f.org, f.target, None)
                .await
                .map(drop)
        }
        "POST /api/v1/organizations/{id}/book/grants" => {
            let i = books::GrantInput {
                amount: "50.00".into(),
                received_on: "2025-01-02".into(),
            };
            books::record_grant(s, c, f.org, &i, Numbers::Plain)
                .await
                .map(drop)
        }
        "POST /api/v1/organizations/{id}/book/loans/{loan_id}/reschedule" => {
            let i = serde_json::from_value(
                json!({"on": bayanihan_store::today_utc().to_string(), "instalments": 6}),
            )
            .unwrap();
            books::reschedule(s, c, f.org, f.book_loans[r], &i)
                .await
                .map(drop)
        }
        "POST /api/v1/organizations/{id}/book/loans/{loan_id}/write-off" => {
            books::write_off(s, c, f.org, f.book_loans[r]).await
        }
        "GET /api/v1/organizations/{id}/linkage" | "GET /api/v1/organizations/{id}/linkage.csv" => {
            books::linkage_file(s, c, f.org, None).await.map(drop)
        }
        "GET /api/v1/networks/{id}/book-portfolio" => {
            books::federation_portfolio(s, c, f.chapter, None)
                .await
                .map(drop)
        }
        "POST /api/v1/organizations/{id}/book/borrowings" => {
            let i =
                serde_json::from_value(json!({"lender_name": "Bank", "received_on": "2025-01-07",
                "principal": "10.00", "annual_rate": "12", "instalments": 2}))
                .unwrap();
            borrowings::record(s, c, f.org, &i, Numbers::Plain)
                .await
                .map(drop)
        }
        "GET /api/v1/organizations/{id}/book/borrowings" => {
            borrowings::of_group(s, c, f.org, None).await.map(drop)
        }
        "GET /api/v1/book-borrowings/{id}" => {
            borrowings::one(s, c, f.borrowing, None).await.map(drop)
        }
        "POST /api/v1/organizations/{id}/book/borrowings/{borrowing_id}/repayments" => {
            let i =
                serde_json::from_value(json!({"paid_on": "2025-01-09", "amount": "1.00"})).unwrap();
            borrowings::repay(s, c, f.org, f.borrowing, &i, Numbers::Plain)
                .await
                .map(drop)
        }
        "GET /api/v1/organizations/{id}/lending" => borrowings::lender_portfolio(s, c, f.org, None)
            .await
            .map(drop),
        "POST /api/v1/organizations/{id}/investment-offers" => {
            let i =
                serde_json::from_value(json!({"purpose": format!("Offer u{r}"), "currency": "PHP",
                "target": "1000.00", "min_ticket": "10.00", "term_months": 12, "per_year": 4,
                "closes_on": "2099-12-31"}))
                .unwrap();
            investments::open_offer(s, c, f.org, &i, Numbers::Plain)
                .await
                .map(drop)
        }
        "GET /api/v1/organizations/{id}/investment-offers" => {
            investments::offers_of(s, c, f.org).await.map(drop)
        }
        "GET /api/v1/investment-offers/{id}" => investments::offer(s, c, f.invest_offer, None)
            .await
            .map(drop),
        "POST /api/v1/investment-offers/{id}/close" => {
            investments::close_offer(s, c, f.invest_offer_to_close).await
        }
        "POST /api/v1/investment-offers/{id}/commitments" => {
            let i = serde_json::from_value(
                json!({"amount": "1000", "currency": "JPY", "fx_rate": "0.3871"}),
            )
            .unwrap();
            investments::commit(s, c, f.invest_offer, &i, Numbers::Plain)
                .await
                .map(drop)
        }
        "GET /api/v1/investment-commitments/{id}" => {
            investments::commitment(s, c, f.invest_paid_in, None)
                .await
                .map(drop)
        }
        "POST /api/v1/investment-commitments/{id}/receipt" => {
            let i = investments::ReceiptInput {
                received_on: bayanihan_store::today_utc().to_string(),
            };
            investments::receive(s, c, f.invest_commitments[r], &i).await
        }
        "POST /api/v1/investment-commitments/{id}/repayments" => {
            let i = investments::InvestorRepaymentInput {
                paid_on: bayanihan_store::today_utc().to_string(),
                amount: "0.01".into(),
            };
            investments::repay(s, c, f.invest_paid_in, &i, Numbers::Plain)
                .await
                .map(drop)
        }
        "GET /api/v1/me/investments" => investments::my_positions(s, c, None).await.map(drop),
        "POST /api/v1/organizations/{id}/linkage/shares" => {
            books::share_linkage(s, c, f.org, f.login_email)
                .await
                .map(drop)
        }
        "GET /api/v1/organizations/{id}/wallets" => seasons::wallets(s, c, f.org).await.map(drop),
        "POST /api/v1/organizations/{id}/wallets" => {
            let i = seasons::MovementInput {
                person_id: f.target,
                kind: "top_up".into(),
                amount: "1.00".into(),
                memo: None,
            };
            seasons::record_movement(s, c, f.org, &i).await.map(drop)
        }
        "GET /api/v1/organizations/{id}/wallets/{person_id}" => {
            seasons::wallet(s, c, f.org, f.target).await.map(drop)
        }
        "PUT /api/v1/organizations/{id}/wallet-credit-limit" => {
            seasons::set_credit_limit(s, c, f.org, "50.00")
                .await
                .map(drop)
        }
        "GET /api/v1/networks/{id}/clearing-rounds" => {
            clearing::list(s, c, f.chapter).await.map(drop)
        }
        "POST /api/v1/networks/{id}/clearing-rounds" => {
            let i = clearing::RoundInput {
                currency: Some("PHP".into()),
            };
            clearing::propose(s, c, f.chapter, &i).await.map(drop)
        }
        "GET /api/v1/clearing-rounds/{id}" => {
            clearing::view(s, c, f.discard_rounds[r]).await.map(drop)
        }
        "POST /api/v1/clearing-rounds/{id}/discard" => {
            clearing::decide_round(s, c, f.discard_rounds[r], false)
                .await
                .map(drop)
        }
        "POST /api/v1/clearing-rounds/{id}/apply" => {
            clearing::decide_round(s, c, f.apply_rounds[r], true)
                .await
                .map(drop)
        }
        "GET /api/v1/networks/{id}/obligations.csv" => {
            clearing::network_obligations(s, c, f.chapter)
                .await
                .map(drop)
        }
        "GET /api/v1/organizations/{id}/products" => orgs::products(s, f.farm).await.map(drop),
        "POST /api/v1/organizations/{id}/products" => {
            let p = bayanihan_domain::trade::catalog::ProductInput {
                name: Some(format!("Soap {r}")),
                category: Some("handicrafts".into()),
                unit: Some("bar".into()),
                unit_mass_kg: Some(0.1),
                qualifiers: None,
                origin: None,
                packaging: None,
                description: None,
            };
            trade::add_product(s, c, f.org, &p).await.map(drop)
        }
        "GET /api/v1/cycles" => trade::cycles(s, None).await.map(drop),
        "POST /api/v1/cycles" => {
            let i = trade::CycleInput {
                hub_id: f.org,
                name: format!("Week {r}"),
                currency: None,
                policy: "pro_rata".into(),
                opens_at: "2026-01-01T00:00:00Z".into(),
                closes_at: "2026-01-02T00:00:00Z".into(),
                delivery_date: "2026-01-03".into(),
                payment_terms_days: None,
                pickup_points: vec![],
                producers: vec![f.farm],
                consumer_groups: vec![trade::ParticipantInput {
                    organization_id: f.org,
                    tier: 0,
                }],
            };
            trade::open_cycle(s, c, &i).await.map(drop)
        }
        "GET /api/v1/cycles/{id}" => trade::cycle(s, f.open_cycle).await.map(drop),
        "POST /api/v1/cycles/{id}/clone" => trade::clone_cycle(s, c, f.closed_cycle, Some(7))
            .await
            .map(drop),
        "POST /api/v1/cycles/{id}/close" => {
            trade::close_cycle(s, c, f.close_cycles[r]).await.map(drop)
        }
        "GET /api/v1/cycles/{id}/offers" => trade::offers(s, f.open_cycle).await.map(drop),
        "POST /api/v1/cycles/{id}/offers" => {
            let i = trade::OfferInput {
                product_id: f.product,
                quantity: 5,
                producer_price: "100.00".into(),
                fees: vec![],
                transport_mode: None,
                distance_km: None,
            };
            trade::put_offer(s, c, f.offer_cycles[r], &i)
                .await
                .map(drop)
        }
        "DELETE /api/v1/offers/{id}" => trade::withdraw_offer(s, c, f.offers[r]).await.map(drop),
        "PATCH /api/v1/cycles/{id}" => {
            let i = trade::CycleChangeInput {
                name: Some(format!("Renamed {r}")),
                ..Default::default()
            };
            trade::update_cycle(s, c, f.open_cycle, &i).await.map(drop)
        }
        "PUT /api/v1/offers/{id}" => {
            let i = trade::OfferInput {
                product_id: f.open_product,
                quantity: 100_000,
                producer_price: "210.00".into(),
                fees: Vec::new(),
                transport_mode: None,
                distance_km: None,
            };
            trade::update_offer(s, c, f.open_offer, &i).await.map(drop)
        }
        "GET /api/v1/cycles/{id}/lines" => trade::lines(s, c, f.open_cycle, None).await.map(drop),
        "POST /api/v1/cycles/{id}/lines" => {
            let l = trade::LineInput {
                offer_id: f.open_offer,
                consumer_group_id: f.org,
                quantity: 1,
                person_id: None,
                pickup_point_id: None,
                tier: None,
            };
            trade::place_line(s, c, f.open_cycle, &l).await.map(drop)
        }
        "PATCH /api/v1/lines/{id}" => trade::change_line(s, c, f.lines[r], 2).await.map(drop),
        "DELETE /api/v1/lines/{id}" => trade::change_line(s, c, f.cancel_lines[r], 0)
            .await
            .map(drop),
        "GET /api/v1/cycles/{id}/documents" => {
            trade::documents(s, c, f.closed_cycle).await.map(drop)
        }
        "GET /api/v1/cycles/{id}/invoices/{group_id}" => {
            trade::invoice(s, c, f.closed_cycle, f.org).await.map(drop)
        }
        "GET /api/v1/cycles/{id}/statements/{org_id}" => {
            trade::statement(s, c, f.closed_cycle, f.farm)
                .await
                .map(drop)
        }
        "GET /api/v1/cycles/{id}/packing" => trade::packing(
            s,
            c,
            f.closed_cycle,
            None,
            bayanihan_store::trade::PackingBy::Group,
        )
        .await
        .map(drop),
        "GET /api/v1/cycles/{id}/supplier-totals" => {
            trade::supplier_totals(s, c, f.closed_cycle).await.map(drop)
        }
        "POST /api/v1/offers/{id}/packaging-returns" => {
            let i = impact::ReturnInput { units: Some(1) };
            impact::record_packaging_return(s, c, f.closed_offer, None, &i).await
        }
        "GET /api/v1/organizations/{id}/obligations" => {
            trade::obligations(s, c, f.org, true).await.map(drop)
        }
        "GET /api/v1/organizations/{id}/balances" => trade::balances(s, c, f.org).await.map(drop),
        "POST /api/v1/obligations/{id}/payments" => {
            let p = trade::PaymentInput {
                amount: "1.00".into(),
                method: "cash".into(),
                reference: None,
                paid_on: None,
            };
            trade::record_payment(s, c, f.obligations[r], &p)
                .await
                .map(drop)
        }
        "GET /api/v1/obligations/{id}/payments" => {
            trade::payments(s, c, f.obligations[r]).await.map(drop)
        }
        "POST /api/v1/payments/{id}/reverse" => {
            trade::reverse_payment(s, c, f.payments[r]).await.map(drop)
        }
        "GET /api/v1/organizations/{id}/ledger/checkpoint" => {
            bayanihan_app::ledger::checkpoint_of(s, c, f.org)
                .await
                .map(drop)
        }
        "GET /api/v1/organizations/{id}/audit" => bayanihan_app::audit::log(s, c, f.org, None, 100)
            .await
            .map(drop),
        "GET /api/v1/me/data" => bayanihan_app::privacy::my_data(s, c).await.map(drop),
        "POST /api/v1/people/{id}/erase" => {
            bayanihan_app::privacy::erase(s, c, f.erasable[r]).await
        }
        "PUT /api/v1/organizations/{id}/publication" => {
            let i = bayanihan_domain::publication::PublicationInput {
                website: Some("https://o.coop.example".into()),
                gender_counts: Some(true),
            };
            bayanihan_app::publishing::publish(s, c, f.org, &i)
                .await
                .map(drop)
        }
        "GET /api/v1/organizations/{id}/publication" => {
            bayanihan_app::publishing::publication(s, c, f.org)
                .await
                .map(drop)
        }
        "GET /api/v1/organizations/{id}/murmurations" => {
            bayanihan_app::murmurations::profile(s, f.org, "http://x.example")
                .await
                .map(drop)
        }
        "GET /api/v1/organizations/{id}/essglobal" => {
            bayanihan_app::murmurations::essglobal(s, f.org, "http://x.example")
                .await
                .map(drop)
        }
        "GET /api/v1/essglobal" => {
            bayanihan_app::murmurations::essglobal_all(s, "http://x.example", &Default::default())
                .await
                .map(drop)
        }
        "GET /api/v1/murmurations/nodes" => {
            let p = bayanihan_app::murmurations::SearchParams {
                tags: Some("consumer_cooperative".into()),
                ..Default::default()
            };
            bayanihan_app::murmurations::search(s, c, "http://x.example", &p)
                .await
                .map(drop)
        }
        "PUT /api/v1/networks/{id}/members/{member_id}/listing" => {
            bayanihan_app::publishing::approve_listing(s, c, f.chapter, f.org, true)
                .await
                .map(drop)
        }
        "DELETE /api/v1/networks/{id}/members/{member_id}/listing" => {
            bayanihan_app::publishing::approve_listing(s, c, f.chapter, f.org, false)
                .await
                .map(drop)
        }
        "GET /api/v1/map" => bayanihan_app::publishing::map(s, &Default::default())
            .await
            .map(drop),
        "DELETE /api/v1/organizations/{id}/publication" => {
            bayanihan_app::publishing::unpublish(s, c, f.org)
                .await
                .map(drop)
        }
        "GET /api/v1/dfc/enterprises/{id}" => {
            bayanihan_app::dfc::enterprise(s, f.farm, "http://x.example")
                .await
                .map(drop)
        }
        "GET /api/v1/dfc/sale-sessions/{id}" => {
            bayanihan_app::dfc::sale_session(s, f.open_cycle, "http://x.example")
                .await
                .map(drop)
        }
        "POST /api/v1/dfc/enterprises/{id}/catalog-import" => {
            bayanihan_app::dfc::import(s, c, f.farm, None, &dfc_catalog(), true)
                .await
                .map(drop)
        }
        "GET /api/v1/reports/tbl" => {
            let p = reports::ReportParams {
                scope: Some(format!("organization:{}", f.org)),
                period: Some("2026".into()),
                threshold: None,
                format: None,
            };
            reports::load(s, c, &p).await.map(drop)
        }
        "POST /api/v1/organizations/{id}/jobs" => {
            let i = impact::JobsInput {
                fte: Some("1.5".into()),
                gender: None,
                valid_from: Some("2026-01-01".into()),
                valid_to: Some("2026-12-31".into()),
            };
            impact::declare_jobs(s, c, f.org, &i).await.map(drop)
        }
        "GET /api/v1/products/{id}" => catalogue::product(s, f.product).await.map(drop),
        "PUT /api/v1/products/{id}" => {
            let i = bayanihan_domain::trade::catalog::ProductInput {
                name: Some("Rice".into()),
                category: Some("rice".into()),
                unit: Some("bag".into()),
                unit_mass_kg: Some(5.0),
                qualifiers: None,
                origin: None,
                packaging: None,
                description: None,
            };
            catalogue::update_product(s, c, f.product, &i)
                .await
                .map(drop)
        }
        "GET /api/v1/products/{id}/photo" => catalogue::photo(s, f.product).await.map(drop),
        "PUT /api/v1/products/{id}/photo" => catalogue::set_photo(s, c, f.product, b"not a photo")
            .await
            .map(drop),
        "DELETE /api/v1/products/{id}/photo" => catalogue::remove_photo(s, c, f.product).await,
        "POST /api/v1/products/{id}/reference-prices" => {
            let i = impact::ReferencePriceInput {
                price: Some("180.00".into()),
                currency: Some("PHP".into()),
                region: None,
                valid_from: Some("2026-01-01".into()),
                valid_to: Some("2026-12-31".into()),
                source: Some("market survey".into()),
            };
            impact::add_reference_price(s, c, f.product, None, &i)
                .await
                .map(drop)
        }
        _ => return None,
    })
}

/// The same matrix, one layer down: each row's use case called straight as each role, on a
/// fixture of its own. The expected HTTP status says what the use case must answer — 2xx
/// done, 401 `Unauthenticated`, 403 `NotPermitted`, 404 `NotFound` — so the decision is shown
/// to be the use case's, not the HTTP adapter's.
#[tokio::test]
async fn the_use_cases_decide_as_the_matrix_says() {
    use bayanihan_app::AppError;
    let app = spawn_app().await;
    let f = fixture(&app).await;
    let mut subjects = Vec::new();
    for p in &f.people {
        subjects.push(match p {
            Some(id) => Some(app.store.subject(*id).await.unwrap()),
            None => None,
        });
    }
    let mut failures = Vec::new();
    for (name, _, expected) in matrix() {
        if ADAPTER_ONLY.contains(&name) {
            continue;
        }
        for (r, role) in ROLES.iter().enumerate() {
            let Some(outcome) = use_case(name, &app.store, subjects[r].as_ref(), &f, r).await
            else {
                failures.push(format!("{name}: no use case in the table of this test"));
                break;
            };
            let fits = matches!(
                (expected[r], &outcome),
                (200..=299, Ok(()))
                    | (401, Err(AppError::Unauthenticated))
                    | (403, Err(AppError::NotPermitted(_)))
                    | (404, Err(AppError::NotFound(_)))
                    | (409, Err(AppError::Conflict(_)))
                    | (422, Err(AppError::Invalid(_)))
            );
            if !fits {
                failures.push(format!(
                    "{name} as {role}: expected {}, the use case answered {outcome:?}",
                    expected[r]
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "use-case matrix mismatches:\n{}",
        failures.join("\n")
    );
}

#[tokio::test]
async fn every_role_on_every_operation() {
    let app = spawn_app().await;
    let f = fixture(&app).await;
    let mut failures = Vec::new();
    for (name, build, expected) in matrix() {
        for (r, role) in ROLES.iter().enumerate() {
            let (method, path, body) = build(&f, r);
            let write = method != Method::GET;
            let before = write.then(|| app.db.snapshot());
            let (status, text) = call(&app, &f.tokens[r], method.clone(), &path, body).await;
            if status != expected[r] {
                failures.push(format!(
                    "{name} as {role}: expected {}, got {status} ({method} {path}): {}",
                    expected[r],
                    text.chars().take(200).collect::<String>()
                ));
            }
            // A refused write leaves every table as it was.
            if let Some(before) = before {
                if (400..500).contains(&status) && app.db.snapshot() != before {
                    failures.push(format!(
                        "{name} as {role}: refused with {status}, yet the database changed"
                    ));
                }
            }
            // What an allowed read shows to someone outside O: never O's people.
            if !write && status == 200 && !IN_O.contains(&r) {
                for email in &f.private_emails {
                    if text.contains(&format!("\"{email}\"")) {
                        failures.push(format!("{name} as {role}: the answer shows {email}"));
                    }
                }
                // (The API document names the field; it shows nobody's.)
                let document = path.ends_with("openapi.json");
                if !document
                    && (text.contains("\"demographics\"") || text.contains("birth_year\":1980"))
                {
                    failures.push(format!("{name} as {role}: the answer shows demographics"));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "permission matrix mismatches:\n{}",
        failures.join("\n")
    );
}

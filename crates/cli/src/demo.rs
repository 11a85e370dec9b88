//! The demo network: fictional, but shaped like a real regional solidarity-economy council.
//!
//! Loading is idempotent: every organization is looked up by name, every person by e-mail,
//! and memberships that exist already are left alone, so running `bayanihan demo` twice (or
//! after an interrupted first run) adds nothing twice.

use bayanihan_domain::geo::LocationInput;
use bayanihan_domain::person::MembershipRole;
use bayanihan_domain::{
    DemographicsInput, Email, OrganizationDraft, OrganizationInput, PersonName, StakeholderCategory,
};
use bayanihan_store::{NewMembership, Store, StoreError};
use bayanihan_web::DemoLogin;
use uuid::Uuid;

/// The password of every demo sign-in.
pub const DEMO_PASSWORD: &str = "bayanihan-demo";

struct Org {
    key: &'static str,
    name: &'static str,
    kind: &'static str,
    roles: &'static [&'static str],
    country: &'static str,
    region: &'static str,
    lat: f64,
    lon: f64,
    currency: &'static str,
    tz: &'static str,
    languages: &'static [&'static str],
    qualifiers: &'static [&'static str],
    description: &'static str,
    /// Key of the network this organization belongs to.
    network: Option<&'static str>,
}

const ORGS: &[Org] = &[
    Org {
        key: "council",
        name: "Sinag Regional Solidarity Economy Council",
        kind: "network",
        roles: &["supporter"],
        country: "PH",
        region: "Metro Manila",
        lat: 14.6091,
        lon: 121.0223,
        currency: "PHP",
        tz: "Asia/Manila",
        languages: &["en", "fil"],
        qualifiers: &[],
        description:
            "A fictional regional council of national solidarity-economy networks in Asia.",
        network: None,
    },
    Org {
        key: "ph",
        name: "Sinag Philippines",
        kind: "network",
        roles: &["supporter"],
        country: "PH",
        region: "Metro Manila",
        lat: 14.5995,
        lon: 120.9842,
        currency: "PHP",
        tz: "Asia/Manila",
        languages: &["fil", "en"],
        qualifiers: &[],
        description: "National chapter in the Philippines.",
        network: Some("council"),
    },
    Org {
        key: "id",
        name: "Sinag Indonesia",
        kind: "network",
        roles: &["supporter"],
        country: "ID",
        region: "DKI Jakarta",
        lat: -6.2088,
        lon: 106.8456,
        currency: "IDR",
        tz: "Asia/Jakarta",
        languages: &["id"],
        qualifiers: &[],
        description: "National chapter in Indonesia.",
        network: Some("council"),
    },
    Org {
        key: "my",
        name: "Sinag Malaysia",
        kind: "network",
        roles: &["supporter"],
        country: "MY",
        region: "Selangor",
        lat: 3.0738,
        lon: 101.5183,
        currency: "MYR",
        tz: "Asia/Kuala_Lumpur",
        languages: &["ms", "en"],
        qualifiers: &[],
        description: "National chapter in Malaysia.",
        network: Some("council"),
    },
    Org {
        key: "np",
        name: "Sinag Nepal",
        kind: "network",
        roles: &["supporter"],
        country: "NP",
        region: "Bagmati",
        lat: 27.7172,
        lon: 85.3240,
        currency: "NPR",
        tz: "Asia/Kathmandu",
        languages: &["ne", "en"],
        qualifiers: &[],
        description: "National chapter in Nepal.",
        network: Some("council"),
    },
    Org {
        key: "jp",
        name: "Sinag Japan",
        kind: "network",
        roles: &["supporter"],
        country: "JP",
        region: "Tokyo",
        lat: 35.6762,
        lon: 139.6503,
        currency: "JPY",
        tz: "Asia/Tokyo",
        languages: &["ja"],
        qualifiers: &[],
        description: "National chapter in Japan.",
        network: Some("council"),
    },
    Org {
        key: "kapatiran",
        name: "Kapatiran Rice Farmers Cooperative",
        kind: "producer_cooperative",
        roles: &["producer", "processor"],
        country: "PH",
        region: "Nueva Ecija",
        lat: 15.5784,
        lon: 121.0851,
        currency: "PHP",
        tz: "Asia/Manila",
        languages: &["fil"],
        qualifiers: &["organic", "peasant-family-farming", "pgs-certified"],
        description: "Smallholder rice farmers milling and selling organic rice together.",
        network: Some("ph"),
    },
    Org {
        key: "ilaw",
        name: "Ilaw Women's Self-Help Group",
        kind: "self_help_group",
        roles: &["producer"],
        country: "PH",
        region: "Bulacan",
        lat: 14.7942,
        lon: 120.8799,
        currency: "PHP",
        tz: "Asia/Manila",
        languages: &["fil"],
        qualifiers: &["gender-equity", "local"],
        description: "Women weaving buri-palm bags and saving together.",
        network: Some("ph"),
    },
    Org {
        key: "jyoti",
        name: "Jyoti Women's Savings Group",
        kind: "self_help_group",
        roles: &["producer"],
        country: "NP",
        region: "Kavrepalanchok",
        lat: 27.6316,
        lon: 85.5215,
        currency: "NPR",
        tz: "Asia/Kathmandu",
        languages: &["ne"],
        qualifiers: &["gender-equity", "local"],
        description: "Women of a hill village saving monthly and lending to each other for goats and vegetable plots.",
        network: Some("np"),
    },
    Org {
        key: "likha",
        name: "Likha Social Enterprise Hub",
        kind: "social_enterprise",
        roles: &["hub", "processor"],
        country: "PH",
        region: "Metro Manila",
        lat: 14.6507,
        lon: 121.0494,
        currency: "PHP",
        tz: "Asia/Manila",
        languages: &["fil", "en"],
        qualifiers: &["fair-trade"],
        description: "Collects from producer groups and delivers to consumer groups every week.",
        network: Some("ph"),
    },
    Org {
        key: "malaya",
        name: "Barangay Malaya Consumer Group",
        kind: "consumer_cooperative",
        roles: &["consumer_group"],
        country: "PH",
        region: "Metro Manila",
        lat: 14.6760,
        lon: 121.0437,
        currency: "PHP",
        tz: "Asia/Manila",
        languages: &["fil"],
        qualifiers: &["local"],
        description: "Households ordering together from the hub.",
        network: Some("ph"),
    },
    Org {
        key: "sanroque",
        name: "San Roque Parish Consumer Group",
        kind: "consumer_cooperative",
        roles: &["consumer_group"],
        country: "PH",
        region: "Metro Manila",
        lat: 14.6488,
        lon: 121.0509,
        currency: "PHP",
        tz: "Asia/Manila",
        languages: &["fil"],
        qualifiers: &["local"],
        description: "Parish families sharing a rice season with a farmers' co-op.",
        network: Some("ph"),
    },
    Org {
        key: "bagongsilang",
        name: "Bagong Silang Workers' Consumer Co-op",
        kind: "consumer_cooperative",
        roles: &["consumer_group"],
        country: "PH",
        region: "Metro Manila",
        lat: 14.7766,
        lon: 121.0455,
        currency: "PHP",
        tz: "Asia/Manila",
        languages: &["fil"],
        qualifiers: &[],
        description: "Factory workers' households buying together.",
        network: Some("ph"),
    },
    Org {
        key: "tanah",
        name: "Tanah Subur Coffee Growers Cooperative",
        kind: "producer_cooperative",
        roles: &["producer"],
        country: "ID",
        region: "Jawa Barat",
        lat: -7.1500,
        lon: 107.5000,
        currency: "IDR",
        tz: "Asia/Jakarta",
        languages: &["id"],
        qualifiers: &["agroecological", "fair-trade"],
        description: "Shade-grown arabica from the highlands.",
        network: Some("id"),
    },
    Org {
        key: "warga",
        name: "Warga Sejahtera Consumer Group",
        kind: "consumer_cooperative",
        roles: &["consumer_group"],
        country: "ID",
        region: "DKI Jakarta",
        lat: -6.2297,
        lon: 106.8295,
        currency: "IDR",
        tz: "Asia/Jakarta",
        languages: &["id"],
        qualifiers: &[],
        description: "Neighbourhood buying group.",
        network: Some("id"),
    },
    Org {
        key: "kampung",
        name: "Kampung Hijau Consumer Co-operative",
        kind: "consumer_cooperative",
        roles: &["consumer_group", "hub"],
        country: "MY",
        region: "Selangor",
        lat: 3.1390,
        lon: 101.6869,
        currency: "MYR",
        tz: "Asia/Kuala_Lumpur",
        languages: &["ms", "en"],
        qualifiers: &["local"],
        description: "Consumer co-operative sourcing from nearby growers.",
        network: Some("my"),
    },
    Org {
        key: "tani",
        name: "Tani Lestari Vegetable Growers",
        kind: "producer_cooperative",
        roles: &["producer"],
        country: "MY",
        region: "Pahang",
        lat: 4.4710,
        lon: 101.3800,
        currency: "MYR",
        tz: "Asia/Kuala_Lumpur",
        languages: &["ms"],
        qualifiers: &["agroecological"],
        description: "Highland vegetable growers.",
        network: Some("my"),
    },
    Org {
        key: "himali",
        name: "Himali Organic Farmers Cooperative",
        kind: "producer_cooperative",
        roles: &["producer", "processor"],
        country: "NP",
        region: "Kavrepalanchok",
        lat: 27.6250,
        lon: 85.5470,
        currency: "NPR",
        tz: "Asia/Kathmandu",
        languages: &["ne"],
        qualifiers: &["organic", "indigenous-traditional"],
        description: "Hill farmers growing and drying organic ginger and lentils.",
        network: Some("np"),
    },
    Org {
        key: "bagmati",
        name: "Bagmati Consumers' Circle",
        kind: "consumer_cooperative",
        roles: &["consumer_group"],
        country: "NP",
        region: "Lalitpur",
        lat: 27.6644,
        lon: 85.3188,
        currency: "NPR",
        tz: "Asia/Kathmandu",
        languages: &["ne", "en"],
        qualifiers: &[],
        description: "City households buying from hill farmers' co-ops every month.",
        network: Some("np"),
    },
    Org {
        key: "midori",
        name: "Midori Seikatsu Consumer Co-op",
        kind: "consumer_cooperative",
        roles: &["consumer_group"],
        country: "JP",
        region: "Tokyo",
        lat: 35.7090,
        lon: 139.7320,
        currency: "JPY",
        tz: "Asia/Tokyo",
        languages: &["ja"],
        qualifiers: &["local"],
        description: "Members ordering together in small han groups.",
        network: Some("jp"),
    },
];

struct PersonSpec {
    email: &'static str,
    name: &'static str,
    what: &'static str,
    memberships: &'static [(
        &'static str,
        &'static [MembershipRole],
        Option<StakeholderCategory>,
    )],
    demographics: Option<(&'static str, i64, bool, bool)>,
}

use MembershipRole::*;
use StakeholderCategory as S;

const PEOPLE: &[PersonSpec] = &[
    PersonSpec {
        email: "amihan@demo.bayanihan.example",
        name: "Amihan Reyes",
        what: "network steward of the regional council",
        memberships: &[("council", &[Admin], Some(S::Supporter))],
        demographics: None,
    },
    PersonSpec {
        email: "luz@demo.bayanihan.example",
        name: "Luz Bautista",
        what: "steward of the Philippine chapter",
        memberships: &[("ph", &[Admin], Some(S::Supporter))],
        demographics: None,
    },
    PersonSpec {
        email: "rogelio@demo.bayanihan.example",
        name: "Rogelio Dizon",
        what: "admin of Kapatiran Rice Farmers Cooperative",
        memberships: &[("kapatiran", &[Admin, Member], Some(S::Producer))],
        demographics: Some(("man", 1968, false, true)),
    },
    PersonSpec {
        email: "nena@demo.bayanihan.example",
        name: "Nena Ocampo",
        what: "treasurer of Kapatiran",
        memberships: &[("kapatiran", &[Member, Treasurer], Some(S::Producer))],
        demographics: Some(("woman", 1975, false, true)),
    },
    PersonSpec {
        email: "marites@demo.bayanihan.example",
        name: "Marites Cruz",
        what: "coordinator of Likha hub",
        memberships: &[("likha", &[Coordinator, Member], Some(S::Worker))],
        demographics: None,
    },
    PersonSpec {
        email: "jun@demo.bayanihan.example",
        name: "Jun Villanueva",
        what: "member of Barangay Malaya consumer group",
        memberships: &[("malaya", &[Member], Some(S::Consumer))],
        demographics: Some(("man", 1999, false, false)),
    },
    PersonSpec {
        email: "rosa@demo.bayanihan.example",
        name: "Rosa Lim",
        what: "coordinator of Ilaw women's SHG, coordinator and treasurer of Barangay Malaya",
        memberships: &[
            ("ilaw", &[Coordinator, Member], Some(S::Producer)),
            (
                "malaya",
                &[Coordinator, Treasurer, Member],
                Some(S::Consumer),
            ),
        ],
        demographics: Some(("woman", 1982, false, true)),
    },
    PersonSpec {
        email: "sri@demo.bayanihan.example",
        name: "Sri Wahyuni",
        what: "admin of Tanah Subur coffee co-op",
        memberships: &[("tanah", &[Admin, Member], Some(S::Producer))],
        demographics: None,
    },
    PersonSpec {
        email: "aisyah@demo.bayanihan.example",
        name: "Aisyah Rahman",
        what: "coordinator of Kampung Hijau co-op",
        memberships: &[("kampung", &[Coordinator, Member], Some(S::Consumer))],
        demographics: None,
    },
    PersonSpec {
        email: "pemba@demo.bayanihan.example",
        name: "Pemba Tamang",
        what: "admin of Himali farmers co-op",
        memberships: &[("himali", &[Admin, Member], Some(S::Producer))],
        demographics: Some(("man", 1990, true, true)),
    },
    PersonSpec {
        email: "haruka@demo.bayanihan.example",
        name: "Haruka Sato",
        what: "coordinator of Midori consumer co-op",
        memberships: &[("midori", &[Coordinator, Member], Some(S::Consumer))],
        demographics: None,
    },
    PersonSpec {
        email: "joel@demo.bayanihan.example",
        name: "Joel Manalo",
        what: "works in Japan; invests part of his wages in Kapatiran's rice dryer",
        memberships: &[],
        demographics: None,
    },
    PersonSpec {
        email: "officer@demo.bayanihan.example",
        name: "Ramon dela Paz",
        what: "rural bank officer: reads the linkage file Ilaw women's SHG shared with him",
        memberships: &[],
        demographics: None,
    },
];

fn input(o: &Org) -> OrganizationInput {
    let strings = |v: &[&str]| Some(v.iter().map(|s| s.to_string()).collect());
    OrganizationInput {
        name: Some(o.name.into()),
        kind: Some(o.kind.into()),
        roles: strings(o.roles),
        legal_form: None,
        country: Some(o.country.into()),
        region: Some(o.region.into()),
        location: Some(LocationInput {
            lat: o.lat,
            lon: o.lon,
        }),
        currency: Some(o.currency.into()),
        time_zone: Some(o.tz.into()),
        languages: strings(o.languages),
        qualifiers: strings(o.qualifiers),
        description: Some(o.description.into()),
        // Fictional accounts: what a creditor prints on its invoices and statements.
        payment_instructions: (o.kind != "network").then(|| {
            format!(
                "Bank transfer to {} (demo account 0000-1234-5678) or cash on delivery day. \
                 Quote the document number.",
                o.name
            )
        }),
    }
}

/// Loads (or completes) the demo network; returns the sign-ins to show.
pub async fn load(
    store: &Store,
) -> Result<Vec<DemoLogin>, Box<dyn std::error::Error + Send + Sync>> {
    let mut ids: std::collections::HashMap<&str, Uuid> = Default::default();
    for o in ORGS {
        let id = match store.organization_by_name(o.name).await? {
            Some(existing) => existing.id,
            None => {
                let draft = OrganizationDraft::parse(&input(o))
                    .map_err(|e| format!("demo data for {}: {e}", o.name))?;
                store.create_organization(&draft, None).await?.id
            }
        };
        ids.insert(o.key, id);
    }
    let since: jiff::civil::Date = "2024-01-15".parse()?;
    for o in ORGS {
        if let Some(net) = o.network {
            match store.add_network_member(ids[net], ids[o.key], since).await {
                Ok(_) | Err(StoreError::Conflict(_)) => {}
                Err(e) => return Err(e.into()),
            }
        }
    }
    // A link waiting for consent: Sinag Philippines has invited an Indonesian producer
    // co-op; until its admin (Sri) accepts on the co-op's page, the invitation grants nothing.
    let invite = bayanihan_domain::network_links::Sides {
        network: true,
        member: false,
    };
    match store
        .request_network_link(ids["ph"], ids["tanah"], since, invite)
        .await
    {
        Ok(_) | Err(StoreError::Conflict(_)) => {}
        Err(e) => return Err(e.into()),
    }
    let hash = bayanihan_app::account::hash_password(DEMO_PASSWORD.into()).await?;
    let mut logins = Vec::new();
    let mut people: std::collections::HashMap<&str, Uuid> = Default::default();
    for p in PEOPLE {
        let email = Email::parse(p.email)?;
        let person = match store.person_id_by_email(&email).await? {
            Some(id) => id,
            None => {
                store
                    .create_person(&email, &PersonName::parse(p.name)?, Some(&hash))
                    .await?
            }
        };
        for (org, roles, stakeholder) in p.memberships {
            let m = NewMembership {
                person_id: person,
                organization_id: ids[org],
                roles: roles.to_vec(),
                stakeholder: *stakeholder,
                since,
            };
            match store.add_membership(&m).await {
                Ok(_) | Err(StoreError::Conflict(_)) => {}
                Err(e) => return Err(e.into()),
            }
        }
        if let Some((gender, year, disability, informal)) = p.demographics {
            let d = bayanihan_domain::Demographics::parse(
                &DemographicsInput {
                    gender: Some(gender.into()),
                    birth_year: Some(year),
                    disability: Some(disability),
                    informal_sector: Some(informal),
                    overseas_worker: Some(false),
                },
                2100,
            )?;
            store.set_demographics(person, Some(&d)).await?;
        }
        people.insert(p.email, person);
        logins.push(DemoLogin {
            email: p.email.into(),
            password: DEMO_PASSWORD.into(),
            what: p.what.into(),
        });
    }
    // History first: its producer members exist before any demo cycle closes, so every close
    // (and a rebuild of the rollups later) sees the same members.
    history(store, &ids).await?;
    trade(store, &ids, &people).await?;
    season(store, &ids, &people).await?;
    governance(store, &ids, &people).await?;
    price_list_approval(store, &ids, &people).await?;
    books(store, &ids, &people).await?;
    investment(store, &ids, &people).await?;
    audit_history(store, &ids, &people).await?;
    publish(store, &ids, &people).await?;
    // What closes of cycles and seasons leave to do (wallets charged, deliveries made).
    bayanihan_app::seasons::tick(store).await?;
    // The fictional members have belonged for years, not since the demo was loaded (an admin
    // may erase only someone who has belonged for 30 days).
    let since = jiff::civil::date(2024, 1, 15)
        .to_zoned(jiff::tz::TimeZone::UTC)?
        .timestamp();
    store
        .backdate_demo_memberships(since.as_microsecond())
        .await?;
    Ok(logins)
}

/// Every demo organization chose to be published (by its own admin where it has one in the
/// demo, else by the council's steward, who speaks for the demo's networks) and each network
/// approved its members for its map: the public map, the Murmurations profiles and the
/// ESSGlobal feed show them. Done once: a publication that exists is left as it is. The
/// operator recognised the council, so its chapters' approvals count on the public map.
async fn publish(
    store: &Store,
    ids: &std::collections::HashMap<&str, Uuid>,
    people: &std::collections::HashMap<&str, Uuid>,
) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let steward = people["amihan@demo.bayanihan.example"];
    for o in ORGS
        .iter()
        .filter(|o| o.kind == "network" && o.network.is_none())
    {
        store.recognise_network(ids[o.key], true).await?;
    }
    for o in ORGS {
        let org = ids[o.key];
        if store.publication(org).await?.is_some() {
            continue;
        }
        let admin = PEOPLE
            .iter()
            .find(|p| {
                p.memberships
                    .iter()
                    .any(|(k, roles, _)| *k == o.key && roles.contains(&Admin))
            })
            .map_or(steward, |p| people[p.email]);
        // Fictional websites under the reserved `.example` name, for a few.
        let website = matches!(o.key, "kapatiran" | "likha" | "himali")
            .then(|| format!("https://{}.coop.example", o.key));
        store.publish(org, website.as_deref(), true, admin).await?;
        if let Some(net) = o.network {
            store.approve_listing(ids[net], org, true, steward).await?;
        }
    }
    Ok(())
}

/// A few administrative actions in the audit logs of Kapatiran and Malaya, so that their admins'
/// "Audit log" pages show what one looks like. Addresses are from the documentation ranges.
async fn audit_history(
    store: &Store,
    ids: &std::collections::HashMap<&str, Uuid>,
    people: &std::collections::HashMap<&str, Uuid>,
) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    use bayanihan_store::privacy::AuditEntry;
    use serde_json::json;
    const DONE: &str = "demo-audit-history";
    if store.setting(DONE).await?.is_some() {
        return Ok(());
    }
    let (kapatiran, malaya) = (ids["kapatiran"], ids["malaya"]);
    let rogelio = people["rogelio@demo.bayanihan.example"];
    let nena = people["nena@demo.bayanihan.example"];
    let rosa = people["rosa@demo.bayanihan.example"];
    let jun = people["jun@demo.bayanihan.example"];
    let entries = [
        (
            kapatiran,
            rogelio,
            "membership.added",
            nena,
            json!({"roles": "member"}),
            "198.51.100.23",
        ),
        (
            kapatiran,
            rogelio,
            "membership.changed",
            nena,
            json!({"from": "member", "to": "member,treasurer"}),
            "198.51.100.23",
        ),
        (
            kapatiran,
            rogelio,
            "organization.updated",
            kapatiran,
            json!({"fields": ["payment_instructions"]}),
            "198.51.100.23",
        ),
        (
            malaya,
            rosa,
            "access.issued",
            jun,
            json!({"purpose": "invitation", "mailed": false}),
            "203.0.113.41",
        ),
    ];
    for (org, actor, action, subject, detail, client) in entries {
        store
            .append_audit(&AuditEntry {
                organization: Some(org),
                actor: Some(actor),
                action: action.into(),
                subject: Some(subject),
                detail,
                client: Some(client.into()),
            })
            .await?;
    }
    store.set_setting(DONE, "1").await?;
    Ok(())
}

/// Fictional producer members who shared their demographics (they do not sign in): name,
/// organization, gender, birth year, informal sector, overseas-worker household.
const FARMERS: &[(&str, &str, &str, i64, bool, bool)] = &[
    ("Dalisay Cruz", "kapatiran", "woman", 1968, true, false),
    ("Ligaya Ramos", "kapatiran", "woman", 1999, true, true),
    ("Mayumi Santos", "kapatiran", "woman", 1985, false, false),
    ("Tala Villanueva", "kapatiran", "woman", 1961, true, false),
    ("Perla Aquino", "kapatiran", "woman", 2001, true, true),
    ("Bayani Dizon", "kapatiran", "man", 1958, true, false),
    ("Lakan Garcia", "kapatiran", "man", 1997, false, true),
    ("Hiraya Mendoza", "ilaw", "woman", 1990, true, true),
    ("Amihan Torres", "ilaw", "woman", 1963, true, false),
    ("Diwa Navarro", "ilaw", "woman", 1998, true, false),
    ("Sinag Flores", "ilaw", "woman", 1975, true, true),
    ("Siti Rahmah", "tani", "woman", 1982, false, false),
    ("Aminah Yusof", "tani", "woman", 1996, true, false),
    ("Rosli Hamid", "tani", "man", 1960, true, false),
];

/// Six months of fortnightly past cycles in the Philippines and Malaysia, so that every chart
/// of the impact report shows something: several value chains and countries, households,
/// producer members by group, reference prices, packaging returned and jobs declared.
async fn history(
    store: &Store,
    ids: &std::collections::HashMap<&str, Uuid>,
) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    use bayanihan_domain::trade::allocation::Policy;
    use bayanihan_domain::trade::catalog::{
        DistanceBasis, ProductDraft, ProductInput, TransportLeg, TransportMode,
    };
    use bayanihan_domain::trade::pricing::{Fee, FeeBasis, FeeKind};
    use bayanihan_domain::{Currency, Gender};
    use bayanihan_store::trade::{CycleDraft, NewLine, OfferDraft, Participant};
    use jiff::{SignedDuration, Timestamp};

    const DONE: &str = "demo-impact-history";
    if store.setting(DONE).await?.is_some() {
        return Ok(());
    }
    let since: jiff::civil::Date = "2024-01-15".parse()?;
    for (n, (name, org, gender, born, informal, overseas)) in FARMERS.iter().enumerate() {
        let email = Email::parse(&format!("member{n}@demo.bayanihan.example"))?;
        let person = match store.person_id_by_email(&email).await? {
            Some(id) => id,
            None => {
                store
                    .create_person(&email, &PersonName::parse(name)?, None)
                    .await?
            }
        };
        let m = NewMembership {
            person_id: person,
            organization_id: ids[org],
            roles: vec![bayanihan_domain::MembershipRole::Member],
            stakeholder: Some(S::Producer),
            since,
        };
        match store.add_membership(&m).await {
            Ok(_) | Err(StoreError::Conflict(_)) => {}
            Err(e) => return Err(e.into()),
        }
        let d = bayanihan_domain::Demographics::parse(
            &DemographicsInput {
                gender: Some(gender.to_string()),
                birth_year: Some(*born),
                disability: Some(n % 5 == 3),
                informal_sector: Some(*informal),
                overseas_worker: Some(*overseas),
            },
            2100,
        )?;
        store.set_demographics(person, Some(&d)).await?;
    }
    // Households ordering in the two consumer groups.
    let mut households: std::collections::HashMap<&str, Vec<Uuid>> = Default::default();
    for (group, count) in [("malaya", 12), ("kampung", 8), ("bagmati", 6)] {
        for n in 0..count {
            let email = Email::parse(&format!("{group}-household{n}@demo.bayanihan.example"))?;
            let person = match store.person_id_by_email(&email).await? {
                Some(id) => id,
                None => {
                    let name = PersonName::parse(&format!("Household {} of {group}", n + 1))?;
                    store.create_person(&email, &name, None).await?
                }
            };
            let m = NewMembership {
                person_id: person,
                organization_id: ids[group],
                roles: vec![bayanihan_domain::MembershipRole::Member],
                stakeholder: Some(S::Consumer),
                since,
            };
            match store.add_membership(&m).await {
                Ok(_) | Err(StoreError::Conflict(_)) => {}
                Err(e) => return Err(e.into()),
            }
            households.entry(group).or_default().push(person);
        }
    }
    let product = |org: &str,
                   name: &str,
                   category: &str,
                   unit: &str,
                   kg: f64,
                   quals: &[&str],
                   packaging: &str| {
        let d = ProductDraft::parse(&ProductInput {
            name: Some(name.into()),
            category: Some(category.into()),
            unit: Some(unit.into()),
            unit_mass_kg: Some(kg),
            qualifiers: Some(quals.iter().map(|q| q.to_string()).collect()),
            origin: None,
            packaging: Some(packaging.into()),
            description: None,
        });
        let org = ids[org];
        async move {
            let d = d?;
            let p = match store
                .products_of(org)
                .await?
                .into_iter()
                .find(|p| p.name == d.name)
            {
                Some(p) => p,
                None => store.create_product(org, &d).await?,
            };
            Ok::<_, Box<dyn std::error::Error + Send + Sync>>(p)
        }
    };
    let sack = product(
        "kapatiran",
        "Well-milled rice in a returnable sack",
        "rice",
        "sack of 10 kg",
        10.0,
        &["pgs-certified"],
        "returnable",
    )
    .await?;
    let pack = product(
        "kapatiran",
        "Brown rice, 1 kg pack",
        "rice",
        "pack of 1 kg",
        1.0,
        &["organic"],
        "single_use",
    )
    .await?;
    let mat = product(
        "ilaw",
        "Woven pandan place mat",
        "handicrafts",
        "piece",
        0.3,
        &["gender-equity"],
        "none",
    )
    .await?;
    let greens = product(
        "tani",
        "Highland greens box",
        "vegetables",
        "box of 3 kg",
        3.0,
        &["agroecological"],
        "returnable",
    )
    .await?;
    let chillies = product(
        "tani",
        "Bird's-eye chillies",
        "spices",
        "bag of 250 g",
        0.25,
        &[],
        "single_use",
    )
    .await?;
    // The Nepali co-op's own market for its members, in rupees: its pages show amounts as
    // Nepali readers write them (रु १,३७,५००.००).
    let ginger = product(
        "himali",
        "Dried organic ginger",
        "spices",
        "bag of 500 g",
        0.5,
        &["organic"],
        "single_use",
    )
    .await?;
    let lentils = product(
        "himali",
        "Black lentils (maas)",
        "pulses",
        "bag of 1 kg",
        1.0,
        &["organic", "peasant-family-farming"],
        "returnable",
    )
    .await?;
    let now = Timestamp::now();
    let today = now.to_zoned(jiff::tz::TimeZone::UTC).date();
    let first = today.checked_sub(jiff::Span::new().days(182))?;
    store
        .add_reference_price(
            sack.id,
            Some("Nueva Ecija"),
            first,
            today,
            Currency::PHP,
            42_000,
            "Fictional provincial market survey",
        )
        .await?;
    store
        .add_reference_price(
            greens.id,
            None,
            first,
            today,
            Currency::MYR,
            1_500,
            "Fictional wholesale market",
        )
        .await?;
    for (org, gender, hundredths) in [
        ("kapatiran", Gender::Woman, 350),
        ("kapatiran", Gender::Man, 400),
        ("ilaw", Gender::Woman, 600),
        ("tani", Gender::Woman, 250),
        ("tani", Gender::Man, 150),
    ] {
        store
            .declare_jobs(ids[org], first, today, Some(gender), hundredths, None)
            .await?;
    }
    let days = |d: i64| SignedDuration::from_hours(24 * d);
    struct Chain<'a> {
        hub: &'a str,
        group: &'a str,
        currency: Currency,
        name: &'a str,
        offers: Vec<(Uuid, Uuid, i64, Vec<Fee>, TransportMode, f64)>,
        /// Producers also buying: (organization, offer index, quantity).
        buyers: Vec<(&'a str, usize, u64)>,
    }
    let pct = |kind, bp, to| Fee {
        kind,
        basis: FeeBasis::Percent { basis_points: bp },
        recipient: to,
    };
    let unit = |kind, minor, to| Fee {
        kind,
        basis: FeeBasis::PerUnit { minor },
        recipient: to,
    };
    let (likha, kampung, himali) = (ids["likha"], ids["kampung"], ids["himali"]);
    let chains = [
        Chain {
            hub: "likha",
            group: "malaya",
            currency: Currency::PHP,
            name: "Likha fortnightly box",
            buyers: vec![("kapatiran", 2, 6), ("ilaw", 0, 3)],
            offers: vec![
                (
                    sack.id,
                    ids["kapatiran"],
                    48_000,
                    vec![
                        pct(FeeKind::Coordination, 1_000, likha),
                        unit(FeeKind::Transport, 2_500, likha),
                        pct(FeeKind::SolidarityFund, 200, ids["ph"]),
                    ],
                    TransportMode::TruckSmall,
                    134.0,
                ),
                (
                    pack.id,
                    ids["kapatiran"],
                    6_500,
                    vec![
                        pct(FeeKind::Coordination, 1_000, likha),
                        unit(FeeKind::Packing, 500, likha),
                    ],
                    TransportMode::TruckSmall,
                    134.0,
                ),
                (
                    mat.id,
                    ids["ilaw"],
                    18_000,
                    vec![
                        pct(FeeKind::Coordination, 1_500, likha),
                        pct(FeeKind::SolidarityFund, 200, ids["ph"]),
                    ],
                    TransportMode::Van,
                    38.0,
                ),
            ],
        },
        Chain {
            hub: "kampung",
            group: "kampung",
            currency: Currency::MYR,
            name: "Kampung Hijau weekly greens",
            buyers: vec![],
            offers: vec![
                (
                    greens.id,
                    ids["tani"],
                    1_800,
                    vec![
                        pct(FeeKind::Coordination, 800, kampung),
                        unit(FeeKind::Transport, 300, kampung),
                    ],
                    TransportMode::TruckMedium,
                    152.0,
                ),
                (
                    chillies.id,
                    ids["tani"],
                    400,
                    vec![pct(FeeKind::Coordination, 800, kampung)],
                    TransportMode::TruckMedium,
                    152.0,
                ),
            ],
        },
        Chain {
            hub: "himali",
            group: "bagmati",
            currency: Currency::NPR,
            name: "Himali members' market",
            buyers: vec![],
            offers: vec![
                (
                    ginger.id,
                    himali,
                    45_000,
                    vec![pct(FeeKind::Coordination, 500, himali)],
                    TransportMode::OnFoot,
                    6.0,
                ),
                (
                    lentils.id,
                    himali,
                    22_000,
                    vec![unit(FeeKind::Transport, 1_500, himali)],
                    TransportMode::Motorbike,
                    18.0,
                ),
            ],
        },
    ];
    for chain in &chains {
        for k in 0..13i64 {
            // Every fortnight, the oldest first; quantities vary so that trends move.
            let delivered = now - days(182 - 14 * k);
            let draft = CycleDraft {
                hub_id: ids[chain.hub],
                name: format!("{} #{} (demo history)", chain.name, k + 1),
                currency: chain.currency,
                policy: Policy::ProRata,
                opens_at: now - days(1),
                closes_at: now + days(1),
                delivery_date: today,
                payment_terms_days: 14,
                pickup_points: vec![],
                producers: {
                    let mut p: Vec<Uuid> = chain.offers.iter().map(|o| o.1).collect();
                    p.sort();
                    p.dedup();
                    p
                },
                consumer_groups: std::iter::once(chain.group)
                    .chain(chain.buyers.iter().map(|b| b.0))
                    .map(|g| Participant {
                        organization_id: ids[g],
                        tier: 0,
                    })
                    .collect(),
            };
            let cycle = store.create_cycle(&draft).await?;
            let mut offers = Vec::new();
            for (product, _, price, fees, mode, km) in &chain.offers {
                let o = store
                    .create_offer(
                        cycle.id,
                        &OfferDraft {
                            product_id: *product,
                            quantity: 60 + (k as u64 % 4) * 10,
                            producer_price_minor: *price + (k * *price) / 100,
                            fees: fees.clone(),
                            transport: Some(TransportLeg {
                                mode: *mode,
                                distance_km: *km,
                                distance_basis: DistanceBasis::Stated,
                            }),
                        },
                    )
                    .await?;
                offers.push(o.id);
            }
            for (h, person) in households[chain.group].iter().enumerate() {
                for (n, offer) in offers.iter().enumerate() {
                    let quantity = ((h as i64 * 7 + n as i64 * 3 + k * 5) % 6) as u64;
                    if quantity == 0 {
                        continue;
                    }
                    store
                        .place_line(
                            cycle.id,
                            &NewLine {
                                offer_id: *offer,
                                consumer_group_id: ids[chain.group],
                                person_id: Some(*person),
                                pickup_point_id: None,
                                quantity,
                                tier: None,
                            },
                        )
                        .await?;
                }
            }
            // Producers buy from each other through the hub too: that trade runs both ways, so
            // the network's obligations hold cycles a clearing round can set off.
            for (buyer, offer, quantity) in &chain.buyers {
                store
                    .place_line(
                        cycle.id,
                        &NewLine {
                            offer_id: offers[*offer],
                            consumer_group_id: ids[buyer],
                            person_id: None,
                            pickup_point_id: None,
                            quantity: quantity + k as u64 % 3,
                            tier: None,
                        },
                    )
                    .await?;
            }
            store.close_cycle(cycle.id).await?;
            let day = delivered.to_zoned(jiff::tz::TimeZone::UTC).date();
            store
                .reschedule_cycle(cycle.id, delivered - days(6), delivered - days(1), day)
                .await?;
            // Most returnable sacks and boxes come back.
            if k % 3 != 2 {
                store
                    .record_packaging_return(offers[0], 8 + k as u64 % 5, None)
                    .await?;
            }
        }
    }
    payments(store).await?;
    store.set_setting(DONE, "1").await?;
    Ok(())
}

/// Payments on the history's older debts: half of each paid (by bank transfer or mobile money)
/// ten days after it fell due, so the money pages, the ledger's chains and its checkpoints have
/// payments to show; one was entered twice by mistake and reversed, as the books correct.
async fn payments(store: &Store) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    use bayanihan_domain::trade::records::{PaymentDraft, PaymentMethod};
    let today = jiff::Zoned::now().date();
    // The history's cycles delivered more than forty days ago, and when.
    let delivered: std::collections::HashMap<Uuid, jiff::civil::Date> = store
        .cycles(None)
        .await?
        .into_iter()
        .filter(|c| {
            c.name.contains("(demo history)")
                && c.delivery_date.saturating_add(jiff::Span::new().days(40)) < today
        })
        .map(|c| (c.id, c.delivery_date))
        .collect();
    let mut debts: Vec<_> = store
        .obligations(None, false)
        .await?
        .into_iter()
        .filter_map(|o| o.cycle_id.and_then(|c| delivered.get(&c)).map(|d| (*d, o)))
        .collect();
    debts.sort_by_key(|(d, o)| (*d, o.id));
    for (i, (delivered, o)) in debts.iter().enumerate() {
        let half = o.amount.minor() / 2;
        if half <= 0 {
            continue;
        }
        let draft = PaymentDraft {
            obligation_id: o.id,
            amount_minor: half,
            method: if i % 2 == 0 {
                PaymentMethod::BankTransfer
            } else {
                PaymentMethod::MobileMoney
            },
            reference: Some(format!("demo transfer {}", i + 1)),
            paid_on: delivered.saturating_add(jiff::Span::new().days(10)),
            recorded_by: None,
        };
        store.record_payment(&draft).await?;
        if i == 0 {
            // Entered twice by mistake: the second entry is reversed, never deleted.
            let again = PaymentDraft {
                amount_minor: 1,
                ..draft.clone()
            };
            store.record_payment(&again).await?;
            let mistaken = store
                .payments_on(o.id)
                .await?
                .last()
                .map(|p| p.id)
                .ok_or("no payment")?;
            store
                .reverse_payment(
                    mistaken,
                    Uuid::new_v4(),
                    Uuid::new_v4(),
                    None,
                    draft.paid_on,
                )
                .await?;
        }
    }
    Ok(())
}

const PAST_CYCLE: &str = "Week 9 — Likha weekly box (demo, closed)";
const OPEN_CYCLE: &str = "Week 10 — Likha weekly box (demo, open)";

/// Products, a closed past cycle with its documents, and an open cycle to order in.
async fn trade(
    store: &Store,
    ids: &std::collections::HashMap<&str, Uuid>,
    people: &std::collections::HashMap<&str, Uuid>,
) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    use bayanihan_domain::trade::allocation::Policy;
    use bayanihan_domain::trade::catalog::{ProductDraft, ProductInput};
    use bayanihan_domain::trade::pricing::{Fee, FeeBasis, FeeKind};
    use bayanihan_store::trade::{CycleDraft, NewLine, OfferDraft, Participant, PickupPointDraft};
    use jiff::{SignedDuration, Timestamp};

    let existing = store.cycles(Some(ids["likha"])).await?;
    if existing.iter().any(|c| c.name == PAST_CYCLE)
        && existing.iter().any(|c| c.name == OPEN_CYCLE)
    {
        return Ok(());
    }
    let product =
        |name: &str, category: &str, unit: &str, kg: f64, quals: &[&str], lat: f64, lon: f64| {
            ProductDraft::parse(&ProductInput {
                name: Some(name.into()),
                category: Some(category.into()),
                unit: Some(unit.into()),
                unit_mass_kg: Some(kg),
                qualifiers: Some(quals.iter().map(|q| q.to_string()).collect()),
                origin: Some(LocationInput { lat, lon }),
                packaging: None,
                description: None,
            })
        };
    let mut catalogue = Vec::new();
    for (org, draft) in [
        (
            "kapatiran",
            product(
                "Organic brown rice",
                "rice",
                "bag of 5 kg",
                5.0,
                &["organic", "pgs-certified"],
                15.5784,
                121.0851,
            )?,
        ),
        (
            "kapatiran",
            product(
                "Red rice (heirloom)",
                "rice",
                "bag of 2 kg",
                2.0,
                &["organic", "indigenous-traditional"],
                15.5784,
                121.0851,
            )?,
        ),
        (
            "ilaw",
            product(
                "Buri-palm bayong bag",
                "handicrafts",
                "piece",
                0.4,
                &["gender-equity"],
                14.7942,
                120.8799,
            )?,
        ),
    ] {
        let p = match store
            .products_of(ids[org])
            .await?
            .into_iter()
            .find(|p| p.name == draft.name)
        {
            Some(p) => p,
            None => store.create_product(ids[org], &draft).await?,
        };
        catalogue.push(p);
    }
    let fees = |hub: Uuid| {
        vec![
            Fee {
                kind: FeeKind::Coordination,
                basis: FeeBasis::Percent {
                    basis_points: 1_250,
                },
                recipient: hub,
            },
            Fee {
                kind: FeeKind::Transport,
                basis: FeeBasis::PerUnit { minor: 1_500 },
                recipient: hub,
            },
        ]
    };
    let now = Timestamp::now();
    let days = |d: i64| SignedDuration::from_hours(24 * d);
    let hall = bayanihan_domain::Location {
        lat: bayanihan_domain::Latitude::parse(14.6760)?,
        lon: bayanihan_domain::Longitude::parse(121.0437)?,
    };
    let draft = |name: &str| CycleDraft {
        hub_id: ids["likha"],
        name: name.into(),
        currency: bayanihan_domain::Currency::PHP,
        policy: Policy::ProRata,
        opens_at: now - days(1),
        closes_at: now + days(6),
        delivery_date: (now + days(7)).to_zoned(jiff::tz::TimeZone::UTC).date(),
        payment_terms_days: 14,
        pickup_points: vec![PickupPointDraft {
            name: "Barangay Malaya hall".into(),
            organization_id: ids["malaya"],
            location: Some(hall),
        }],
        producers: vec![ids["kapatiran"], ids["ilaw"]],
        consumer_groups: vec![Participant {
            organization_id: ids["malaya"],
            tier: 0,
        }],
    };
    let offer = |product: usize, quantity: u64, price: i64| OfferDraft {
        product_id: catalogue[product].id,
        quantity,
        producer_price_minor: price,
        fees: fees(ids["likha"]),
        transport: Some(bayanihan_domain::trade::catalog::TransportLeg {
            mode: bayanihan_domain::trade::catalog::TransportMode::TruckSmall,
            distance_km: 134.0,
            distance_basis: bayanihan_domain::trade::catalog::DistanceBasis::Stated,
        }),
    };
    if !existing.iter().any(|c| c.name == PAST_CYCLE) {
        // Made open, ordered in, closed, then moved to last week's dates.
        let past = store.create_cycle(&draft(PAST_CYCLE)).await?;
        let rice = store.create_offer(past.id, &offer(0, 10, 20_000)).await?;
        let bag = store.create_offer(past.id, &offer(2, 8, 35_000)).await?;
        let pickup = past.pickup_points.first().map(|p| p.id);
        for (who, offer, quantity) in [
            ("jun@demo.bayanihan.example", rice.id, 6),
            ("rosa@demo.bayanihan.example", rice.id, 9),
            ("rosa@demo.bayanihan.example", bag.id, 2),
            ("jun@demo.bayanihan.example", bag.id, 1),
        ] {
            store
                .place_line(
                    past.id,
                    &NewLine {
                        offer_id: offer,
                        consumer_group_id: ids["malaya"],
                        person_id: Some(people[who]),
                        pickup_point_id: pickup,
                        quantity,
                        tier: None,
                    },
                )
                .await?;
        }
        store.close_cycle(past.id).await?;
        store
            .reschedule_cycle(
                past.id,
                now - days(8),
                now - days(2),
                (now - days(1)).to_zoned(jiff::tz::TimeZone::UTC).date(),
            )
            .await?;
    }
    if !existing.iter().any(|c| c.name == OPEN_CYCLE) {
        let open = store.create_cycle(&draft(OPEN_CYCLE)).await?;
        store.create_offer(open.id, &offer(0, 40, 20_000)).await?;
        store.create_offer(open.id, &offer(1, 25, 12_000)).await?;
        store.create_offer(open.id, &offer(2, 12, 35_000)).await?;
    }
    Ok(())
}

/// Likha's decision body, in the demo.
const MEMBERS_MEETING: &str = "Members' meeting";

/// Likha's members approved the prices and fees of the open weekly box: its shop and manage
/// pages say so, and they no longer change. Added once, also to a demo loaded before it.
async fn price_list_approval(
    store: &Store,
    ids: &std::collections::HashMap<&str, Uuid>,
    people: &std::collections::HashMap<&str, Uuid>,
) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    use bayanihan_domain::governance::decision::{Action, BallotMode, BodyInput, DecisionDraft};
    use bayanihan_domain::governance::{Choice, DecisionKind, Rules, Threshold, PROPOSAL_OPTIONS};
    use bayanihan_store::governance::NewBallot;
    use jiff::{SignedDuration, Timestamp};

    let now = Timestamp::now();
    let proposal = || PROPOSAL_OPTIONS.iter().map(|s| s.to_string()).collect();
    let stance = |r: &Rules, s: &str| {
        r.mark(Some(&Choice::One(s.into())), None)
            .map_err(|e| format!("demo ballot: {e}"))
    };
    let likha = ids["likha"];
    if store
        .bodies_of(likha)
        .await?
        .iter()
        .any(|b| b.name == MEMBERS_MEETING)
    {
        return Ok(());
    }
    let open = store
        .cycles(Some(likha))
        .await?
        .into_iter()
        .find(|c| c.name == OPEN_CYCLE && c.prices_approved_by.is_none());
    if let Some(open) = open {
        let meeting = store
            .create_body(
                likha,
                &serde_json::from_value::<BodyInput>(
                    serde_json::json!({"name": MEMBERS_MEETING, "electorate": "members"}),
                )?
                .parse()
                .map_err(|e| format!("demo body: {e}"))?,
            )
            .await?;
        let marites = people["marites@demo.bayanihan.example"];
        let hours = |h: i64| now - SignedDuration::from_hours(h);
        let approve = store
            .open_decision(
                &DecisionDraft {
                    body_id: meeting.id,
                    title: format!("Prices and fees of {OPEN_CYCLE}"),
                    details: "The producers' prices as they offered them; the hub's \
                              coordination fee as last week."
                        .into(),
                    rules: Rules::new(
                        DecisionKind::Proposal,
                        proposal(),
                        vec![],
                        Threshold::Simple,
                    ),
                    anonymous: false,
                    action: Some(Action::ApprovePriceList {
                        cycle_id: open.id,
                        digest: String::new(),
                    }),
                    opens_at: hours(20),
                    closes_at: hours(2),
                },
                marites,
                hours(20).as_microsecond(),
            )
            .await?;
        store
            .cast(
                &NewBallot {
                    decision: approve.id,
                    voter: marites,
                    cast_by: marites,
                    mode: BallotMode::Online,
                    meeting: None,
                    witness: None,
                    marks: stance(&approve.rules, "agree")?,
                    reason: None,
                },
                hours(10).as_microsecond(),
            )
            .await?;
        store
            .close_decision(approve.id, now.as_microsecond())
            .await?;
    }
    Ok(())
}

/// The demo season's name.
const SEASON: &str = "Wet-season rice 2026 (Kapatiran)";

/// A rice season of Kapatiran pre-financed by three consumer groups (Barangay Malaya, San Roque,
/// Bagong Silang): sign-up and two contribution rounds (the first short, the second met), the
/// advances paid in two instalments (Bagong Silang has paid the first only), three deliveries
/// made, closed and repaid in kind — the third short (the typhoon: 4 kg of every 5) — and the
/// fourth's lines made; later deliveries still take absences. Jun of Malaya holds a family
/// share and a wallet with a deposit and cash. Dates are relative to the day the demo loads.
async fn season(
    store: &Store,
    ids: &std::collections::HashMap<&str, Uuid>,
    people: &std::collections::HashMap<&str, Uuid>,
) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    use bayanihan_domain::season::wallet::MovementKind;
    use bayanihan_domain::season::{
        parse_season, InstalmentInput, SeasonInput, SeasonPickupInput, ShareKindInput, SignUp,
    };
    use bayanihan_domain::trade::catalog::{ProductDraft, ProductInput};
    use bayanihan_domain::trade::records::PaymentMethod;
    use bayanihan_domain::{Currency, Money};
    use bayanihan_store::seasons::AdvanceDraft;
    use jiff::{SignedDuration, Timestamp};

    let farm = ids["kapatiran"];
    if store
        .seasons_of(farm)
        .await?
        .iter()
        .any(|s| s.name == SEASON)
    {
        return Ok(());
    }
    let now = Timestamp::now();
    let at = |days: i64| {
        now.checked_add(SignedDuration::from_hours(24 * days))
            .unwrap_or(now)
    };
    let day = |days: i64| at(days).to_zoned(jiff::tz::TimeZone::UTC).date();
    let micros = |days: i64| at(days).as_microsecond();
    let rice = store
        .create_product(
            farm,
            &ProductDraft::parse(&ProductInput {
                name: Some("Well-milled rice (season share)".into()),
                category: Some("rice".into()),
                unit: Some("kg".into()),
                unit_mass_kg: Some(1.0),
                qualifiers: Some(vec!["organic".into(), "pgs-certified".into()]),
                origin: Some(bayanihan_domain::geo::LocationInput {
                    lat: 15.5784,
                    lon: 121.0851,
                }),
                packaging: None,
                description: Some("Milled at the co-op for the season's shares.".into()),
            })?,
        )
        .await?;
    let groups = [ids["malaya"], ids["sanroque"], ids["bagongsilang"]];
    let input = SeasonInput {
        hub_id: farm,
        producer_id: farm,
        name: SEASON.into(),
        currency: Some("PHP".into()),
        starts_on: day(-100).to_string(),
        ends_on: day(70).to_string(),
        delivery_dates: vec![],
        first_delivery: Some(day(-41).to_string()),
        every_days: Some(14),
        signup_opens_at: at(-90).to_string(),
        signup_closes_at: at(-60).to_string(),
        round_days: Some(7),
        max_rounds: Some(3),
        budget: "22000".into(),
        reserve: None,
        absence_rule: "move".into(),
        absence_cutoff_days: Some(2),
        shortfall_rule: "members".into(),
        instalments: vec![
            InstalmentInput {
                due_on: day(-60).to_string(),
                percent: 50,
            },
            InstalmentInput {
                due_on: day(-30).to_string(),
                percent: 50,
            },
        ],
        share_kinds: vec![
            ShareKindInput {
                name: "Family share".into(),
                product_id: rice.id,
                units_per_delivery: 5,
                unit_price: "55".into(),
            },
            ShareKindInput {
                name: "Small share".into(),
                product_id: rice.id,
                units_per_delivery: 2,
                unit_price: "55".into(),
            },
        ],
        pickup_points: vec![
            SeasonPickupInput {
                name: "Barangay Malaya hall".into(),
                organization_id: groups[0],
                capacity: 8,
            },
            SeasonPickupInput {
                name: "San Roque parish hall".into(),
                organization_id: groups[1],
                capacity: 6,
            },
            SeasonPickupInput {
                name: "Bagong Silang union office".into(),
                organization_id: groups[2],
                capacity: 6,
            },
        ],
        consumer_groups: groups.to_vec(),
    };
    let s = store
        .create_season(
            &parse_season(&input, Currency::PHP).map_err(|e| format!("demo season: {e}"))?,
        )
        .await?;
    let (family, small) = (s.share_kinds[0].id, s.share_kinds[1].id);
    // Members of the two other groups (fictional, no sign-in).
    let mut members: Vec<(usize, Uuid)> = vec![
        (0, people["jun@demo.bayanihan.example"]),
        (0, people["rosa@demo.bayanihan.example"]),
    ];
    for (g, names) in [
        (0usize, &["Dado Santos", "Lorna Aquino"][..]),
        (
            1,
            &["Fe Mercado", "Berto Salazar", "Cora Mendoza", "Tess Ramos"][..],
        ),
        (
            2,
            &["Nonoy Garcia", "Ising Flores", "Jojo Reyes", "Mila Torres"][..],
        ),
    ] {
        for name in names {
            let email = format!(
                "{}@members.demo.bayanihan.example",
                name.to_lowercase().replace(' ', ".")
            );
            let email = bayanihan_domain::Email::parse(&email)?;
            let person = match store.person_id_by_email(&email).await? {
                Some(p) => p,
                None => {
                    store
                        .create_person(&email, &PersonName::parse(name)?, None)
                        .await?
                }
            };
            let m = NewMembership {
                person_id: person,
                organization_id: groups[g],
                roles: vec![MembershipRole::Member],
                stakeholder: Some(StakeholderCategory::Consumer),
                since: "2024-01-15".parse()?,
            };
            match store.add_membership(&m).await {
                Ok(_) | Err(StoreError::Conflict(_)) => {}
                Err(e) => return Err(e.into()),
            }
            members.push((g, person));
        }
    }
    // Sign-up: a family share each, small shares for two; pledges in round 1 (short).
    let pledges = [
        260_000, 220_000, 200_000, 180_000, // Malaya: Jun, Rosa, Dado, Lorna
        250_000, 220_000, 150_000, 80_000, // San Roque
        220_000, 180_000, 90_000, 70_000, // Bagong Silang
    ];
    let mut shares = Vec::new();
    for (n, (g, person)) in members.iter().enumerate() {
        let kind = if n == 7 || n == 11 { small } else { family };
        let sh = store
            .sign_up(
                s.id,
                &SignUp {
                    consumer_group_id: groups[*g],
                    person_id: Some(*person),
                    share_kind_id: kind,
                    pickup_id: s.pickup_points[*g].id,
                    waitlist: false,
                },
                micros(-88) + n as i64,
            )
            .await?;
        store.pledge(sh.id, pledges[n], micros(-80)).await?;
        shares.push(sh.id);
    }
    // Round 2 (the gap shown): Jun and two San Roque families raise their pledges.
    store.pledge(shares[0], 290_000, micros(-58)).await?;
    store.pledge(shares[4], 290_000, micros(-57)).await?;
    store.pledge(shares[5], 260_000, micros(-57)).await?;
    store.advance_rounds(s.id, micros(-50)).await?;
    // Advances: both instalments, except Bagong Silang's second.
    for (g, group) in groups.iter().enumerate() {
        let (due, _) = store.group_due(s.id, *group).await?;
        let half = due.allocate(&[1, 1])?;
        let paid = if g == 2 { &half[..1] } else { &half[..] };
        for (k, amount) in paid.iter().enumerate() {
            store
                .pay_advance(
                    s.id,
                    &AdvanceDraft {
                        consumer_group_id: *group,
                        amount_minor: amount.minor(),
                        paid_on: day(if k == 0 { -60 } else { -31 }),
                        method: if g == 0 {
                            PaymentMethod::MobileMoney
                        } else {
                            PaymentMethod::BankTransfer
                        },
                        recorded_by: None,
                    },
                    micros(if k == 0 { -60 } else { -31 }),
                )
                .await?;
        }
    }
    // Lorna is away for the second delivery: it moves to the third.
    store.report_absence(shares[3], 1, micros(-45)).await?;
    // Three deliveries, the third short after the typhoon (80 % of the rice).
    for seq in 0..3u32 {
        let d = &s.deliveries[seq as usize];
        let made_at = d.absences_close_at.as_microsecond();
        let cycle = store.make_delivery(s.id, seq, made_at).await?;
        if seq == 2 {
            for (kind, _, planned, _) in store.season_delivery_offers(s.id, seq).await? {
                store
                    .declare_harvest(s.id, seq, kind, planned * 4 / 5)
                    .await?;
            }
        }
        store.close_cycle(cycle).await?;
        store.settle_season_delivery(s.id, seq, made_at).await?;
    }
    // The fourth delivery's absences have closed: its lines are made, its cycle open.
    store
        .make_delivery(
            s.id,
            3,
            s.deliveries[3]
                .absences_close_at
                .as_microsecond()
                .max(micros(0)),
        )
        .await?;
    // Wallets in Malaya: Jun's membership deposit and cash top-up, Rosa's top-up; credit up
    // to ₱200.00 allowed.
    let malaya = groups[0];
    let php = |m| Money::new(m, Currency::PHP);
    let rosa = people["rosa@demo.bayanihan.example"];
    store.set_wallet_credit_limit(malaya, php(20_000)).await?;
    for (person, kind, amount, memo) in [
        (
            members[0].1,
            MovementKind::Deposit,
            50_000,
            "membership deposit",
        ),
        (
            members[0].1,
            MovementKind::TopUp,
            100_000,
            "cash at the hall",
        ),
        (rosa, MovementKind::TopUp, 150_000, "cash at the hall"),
    ] {
        store
            .record_wallet_movement(malaya, person, kind, php(amount), memo, Some(rosa))
            .await?;
    }
    Ok(())
}

/// The regional assembly's body.
const ASSEMBLY: &str = "Regional assembly";

/// Self-governance: the council's regional assembly — every organization inside the
/// council, one delegate each, weighted by its size, in four chambers (producers 40 %,
/// workers 30 %, consumers 20 %, supporters 10 %: the SCIC bounds) — has decided a patronage
/// refund of the regional market's surplus (passed, carried out: retained as member capital)
/// and blocked the opening of the market to private traders; the choice of the 2027
/// gathering's venue is open. Barangay Malaya's general assembly has an open proposal that
/// Jun has not voted on yet.
async fn governance(
    store: &Store,
    ids: &std::collections::HashMap<&str, Uuid>,
    people: &std::collections::HashMap<&str, Uuid>,
) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    use bayanihan_domain::governance::decision::{
        Action, BallotMode, BodyInput, DecisionDraft, RefundTo,
    };
    use bayanihan_domain::governance::{Choice, DecisionKind, Rules, Threshold, PROPOSAL_OPTIONS};
    use bayanihan_store::governance::NewBallot;
    use jiff::{SignedDuration, Timestamp};

    let council = ids["council"];
    if store
        .bodies_of(council)
        .await?
        .iter()
        .any(|b| b.name == ASSEMBLY)
    {
        return Ok(());
    }
    // Each organization's stake in the network it belongs to: its chamber.
    for (net, members, stake) in [
        ("council", &["ph", "id", "my", "np", "jp"][..], S::Supporter),
        ("ph", &["kapatiran", "ilaw"][..], S::Producer),
        ("ph", &["likha"][..], S::Worker),
        (
            "ph",
            &["malaya", "sanroque", "bagongsilang"][..],
            S::Consumer,
        ),
        ("id", &["warga"][..], S::Consumer),
        ("my", &["kampung"][..], S::Consumer),
        ("my", &["tani"][..], S::Producer),
        ("np", &["himali"][..], S::Producer),
        ("np", &["bagmati"][..], S::Consumer),
        ("jp", &["midori"][..], S::Consumer),
    ] {
        for m in members {
            store
                .set_network_stakeholder(ids[net], ids[m], Some(stake))
                .await?;
        }
    }
    let body = |json: serde_json::Value| -> Result<_, Box<dyn std::error::Error + Send + Sync>> {
        Ok(serde_json::from_value::<BodyInput>(json)?
            .parse()
            .map_err(|e| format!("demo body: {e}"))?)
    };
    let assembly = store
        .create_body(
            council,
            &body(serde_json::json!({
                "name": ASSEMBLY, "electorate": "member_organizations", "preset": "scic",
                "weight_by_size": true,
                "chambers": {"producer": "40", "worker": "30", "consumer": "20", "supporter": "10"}
            }))?,
        )
        .await?;
    let now = Timestamp::now();
    let at = |days: i64| {
        now.checked_add(SignedDuration::from_hours(24 * days))
            .unwrap_or(now)
    };
    let amihan = people["amihan@demo.bayanihan.example"];
    let draft = |title: &str,
                 details: &str,
                 kind: DecisionKind,
                 options: Vec<String>,
                 threshold: Threshold,
                 action: Option<Action>,
                 (opens, closes): (i64, i64)| {
        let mut rules = Rules::new(kind, options, vec![], threshold);
        rules.quorum_bp = 2_500;
        DecisionDraft {
            body_id: assembly.id,
            title: title.into(),
            details: details.into(),
            rules,
            anonymous: false,
            action,
            opens_at: at(opens),
            closes_at: at(closes),
        }
    };
    let proposal = || PROPOSAL_OPTIONS.iter().map(|s| s.to_string()).collect();
    let today = now.to_zoned(jiff::tz::TimeZone::UTC).date();
    let refund = store
        .open_decision(
            &draft(
                "Patronage refund 2026 of the regional market's surplus",
                "The regional market closed the year with a surplus of ₱184,250.75.\n\n\
                 As our statutes say, 57.5 % goes to the indivisible reserve; the rest is \
                 retained as each member organization's capital, in proportion to its trade \
                 through the market this year.",
                DecisionKind::Proposal,
                proposal(),
                Threshold::TwoThirds,
                Some(Action::PatronageRefund {
                    surplus: bayanihan_domain::Money::new(
                        18_425_075,
                        bayanihan_domain::Currency::PHP,
                    ),
                    reserve_bp: 5_750,
                    from: today.checked_sub(jiff::Span::new().days(365))?,
                    to: today,
                    to_where: RefundTo::Capital,
                }),
                (-30, -23),
            ),
            amihan,
            at(-30).as_microsecond(),
        )
        .await?;
    let blocked = store
        .open_decision(
            &draft(
                "Open the regional market to private traders",
                "A trading company offers to buy our members' surplus harvest at market prices.",
                DecisionKind::Proposal,
                proposal(),
                Threshold::Consensus,
                None,
                (-30, -23),
            ),
            amihan,
            at(-30).as_microsecond(),
        )
        .await?;
    let venue = store
        .open_decision(
            &draft(
                "Where to hold the 2027 regional gathering",
                "Rank the places you could send a delegate to.",
                DecisionKind::RankedChoice,
                ["Tagaytay", "Yogyakarta", "Kathmandu", "Penang"]
                    .iter()
                    .map(|s| s.to_string())
                    .collect(),
                Threshold::Simple,
                None,
                (-1, 6),
            ),
            amihan,
            at(-1).as_microsecond(),
        )
        .await?;
    // The assembly met on day −27: the delegates present voted on paper, recorded by the
    // steward with the chapter's steward as witness; those with a phone voted online.
    let rosa = people["rosa@demo.bayanihan.example"];
    let ballot = |decision: Uuid,
                  voter: &str,
                  by: Uuid,
                  mode: BallotMode,
                  marks: bayanihan_domain::governance::Marks,
                  reason: Option<&str>| NewBallot {
        decision,
        voter: ids[voter],
        cast_by: by,
        mode,
        meeting: (mode == BallotMode::Paper).then(|| "Regional assembly, Tagaytay".to_string()),
        witness: (mode == BallotMode::Paper).then(|| "Luz Bautista".to_string()),
        marks,
        reason: reason.map(str::to_string),
    };
    let stance = |r: &Rules, s: &str| {
        r.mark(Some(&Choice::One(s.into())), None)
            .map_err(|e| format!("demo ballot: {e}"))
    };
    let online = [
        ("kapatiran", people["rogelio@demo.bayanihan.example"]),
        ("likha", people["marites@demo.bayanihan.example"]),
        ("malaya", rosa),
        ("ilaw", rosa),
    ];
    let by = |org: &str| {
        online
            .iter()
            .find(|(o, _)| *o == org)
            .map_or((amihan, BallotMode::Paper), |(_, p)| {
                (*p, BallotMode::Online)
            })
    };
    let vote_at = at(-27).as_microsecond();
    for (org, s, reason) in [
        (
            "kapatiran",
            "agree",
            Some("Our farmers' capital grows with what they sold."),
        ),
        ("ilaw", "agree", None),
        ("likha", "agree", None),
        ("malaya", "agree", None),
        ("sanroque", "agree", None),
        (
            "bagongsilang",
            "disagree",
            Some("We would rather have the refund paid out now."),
        ),
        ("himali", "agree", None),
        ("tani", "abstain", None),
        ("kampung", "agree", None),
        ("ph", "agree", None),
        ("np", "agree", None),
    ] {
        let (who, mode) = by(org);
        store
            .cast(
                &ballot(refund.id, org, who, mode, stance(&refund.rules, s)?, reason),
                vote_at,
            )
            .await?;
    }
    for (org, s, reason) in [
        ("kapatiran", "agree", None),
        ("likha", "agree", None),
        ("malaya", "disagree", None),
        ("himali", "agree", None),
        (
            "bagmati",
            "block",
            Some("Selling to traders undoes the fair prices our members pledged to."),
        ),
        ("ph", "abstain", None),
    ] {
        let (who, mode) = by(org);
        store
            .cast(
                &ballot(
                    blocked.id,
                    org,
                    who,
                    mode,
                    stance(&blocked.rules, s)?,
                    reason,
                ),
                vote_at,
            )
            .await?;
    }
    for id in [refund.id, blocked.id] {
        store.close_decision(id, at(-23).as_microsecond()).await?;
    }
    // The venue: two delegates have ranked already.
    for (org, who, ranking) in [
        (
            "kapatiran",
            people["rogelio@demo.bayanihan.example"],
            &["Tagaytay", "Penang"][..],
        ),
        (
            "likha",
            people["marites@demo.bayanihan.example"],
            &["Yogyakarta", "Tagaytay"][..],
        ),
    ] {
        let ranking: Vec<String> = ranking.iter().map(|s| s.to_string()).collect();
        let marks = venue
            .rules
            .mark(None, Some(&ranking))
            .map_err(|e| format!("demo ballot: {e}"))?;
        store
            .cast(
                &ballot(venue.id, org, who, BallotMode::Online, marks, None),
                now.as_microsecond(),
            )
            .await?;
    }

    // Barangay Malaya's general assembly: one member, one vote; a member may hold two
    // proxies. Rosa has voted on the Sunday pickup; Jun has not yet.
    let malaya = ids["malaya"];
    let ga = store
        .create_body(
            malaya,
            &body(serde_json::json!({
                "name": "General assembly", "electorate": "members", "proxy_limit": 2
            }))?,
        )
        .await?;
    let mut rules = Rules::new(
        DecisionKind::Proposal,
        proposal(),
        vec![],
        Threshold::Simple,
    );
    rules.quorum_bp = 2_000;
    let sunday = store
        .open_decision(
            &DecisionDraft {
                body_id: ga.id,
                title: "Add a Sunday pickup at the barangay hall".into(),
                details: "Working households cannot always come on Saturday. A Sunday pickup \
                          needs two volunteers each week."
                    .into(),
                rules,
                anonymous: true,
                action: None,
                opens_at: at(-1),
                closes_at: at(5),
            },
            rosa,
            at(-1).as_microsecond(),
        )
        .await?;
    store
        .cast(
            &NewBallot {
                decision: sunday.id,
                voter: rosa,
                cast_by: rosa,
                mode: BallotMode::Online,
                meeting: None,
                witness: None,
                marks: stance(&sunday.rules, "agree")?,
                reason: Some("I can volunteer every other Sunday.".into()),
            },
            now.as_microsecond(),
        )
        .await?;

    Ok(())
}

/// Two self-help groups' books, a year of monthly meetings each (December 2025 to November
/// 2026): Ilaw in the Philippines, kept by its coordinator Rosa, and Jyoti in Nepal. Each saves
/// every month, received a revolving fund, and lends to three members in January; in Ilaw one
/// borrower stops repaying after three instalments, so her loan is in arrears (PAR30 and, by
/// now, PAR90). Done once: a group whose book has meetings is left as it is.
/// Kapatiran's call for community investment in a solar rice dryer, half funded by overseas
/// workers committing in the currencies they earn, at the day's rate; the money of two of
/// them received. Dated from the day the demo is loaded, so the offer is open whenever it is.
async fn investment(
    store: &Store,
    ids: &std::collections::HashMap<&str, Uuid>,
    people: &std::collections::HashMap<&str, Uuid>,
) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    use bayanihan_domain::finance::book::Numbers;
    use bayanihan_domain::finance::investment::{CommitmentInput, Offer, OfferInput};
    let org = ids["kapatiran"];
    if !store.investment_offers(Some(org)).await?.is_empty() {
        return Ok(());
    }
    let today = bayanihan_store::today_utc();
    let closes = today.checked_add(jiff::Span::new().days(120))?;
    let offer = Offer::parse(
        &OfferInput {
            purpose: Some(
                "A solar rice dryer for the cooperative's members: no more palay spoiled on the road in the wet season.".into(),
            ),
            currency: Some("PHP".into()),
            target: Some("400000.00".into()),
            min_ticket: Some("5000.00".into()),
            return_rate: Some("4".into()),
            term_months: Some(36),
            per_year: Some(4),
            closes_on: Some(closes.to_string()),
            repayments_start: None,
        },
        Numbers::Plain,
        today,
    )?;
    let admin = people["rogelio@demo.bayanihan.example"];
    let id = store.open_investment_offer(org, admin, &offer).await?;
    // (name, e-mail when the person signs in, amount, currency, rate, source, received)
    type Investor<'a> = (
        &'a str,
        Option<&'a str>,
        &'a str,
        &'a str,
        &'a str,
        &'a str,
        bool,
    );
    let investors: [Investor; 3] = [
        (
            "Joel Manalo",
            Some("joel@demo.bayanihan.example"),
            "300000",
            "JPY",
            "0.3871",
            "bank's remittance rate on the day",
            true,
        ),
        (
            "Lorna Aquino",
            None,
            "4000.00",
            "MYR",
            "12.45",
            "remittance centre, Kuala Lumpur",
            true,
        ),
        (
            "Dante Villanueva",
            None,
            "2600.00",
            "AED",
            "15.80",
            "exchange house, Dubai",
            false,
        ),
    ];
    for (name, email, amount, currency, rate, source, received) in investors {
        let person = match email {
            Some(e) => people[e],
            None => {
                let email = Email::parse(&format!(
                    "{}@overseas.demo.bayanihan.example",
                    name.to_lowercase().replace(' ', ".")
                ))?;
                match store.person_id_by_email(&email).await? {
                    Some(p) => p,
                    None => {
                        store
                            .create_person(&email, &PersonName::parse(name)?, None)
                            .await?
                    }
                }
            }
        };
        let c = store
            .commit_investment(
                id,
                person,
                &CommitmentInput {
                    amount: Some(amount.into()),
                    currency: Some(currency.into()),
                    fx_rate: Some(rate.into()),
                    fx_source: Some(source.into()),
                },
                Numbers::Plain,
                today,
            )
            .await?;
        if received {
            store
                .receive_investment(c, people["nena@demo.bayanihan.example"], today)
                .await?;
        }
    }
    Ok(())
}

async fn books(
    store: &Store,
    ids: &std::collections::HashMap<&str, Uuid>,
    people: &std::collections::HashMap<&str, Uuid>,
) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    use bayanihan_domain::finance::book::{
        MeetingInput, MemberLineInput, NewLoanInput, Numbers, Rules, WithdrawalRule,
    };
    use bayanihan_domain::finance::borrowing::{BorrowingInput, BorrowingRepaymentInput};
    use bayanihan_domain::{Currency, Money};
    // (group, currency, saving a month and revolving fund in minor units, members, keeper)
    type Group<'a> = (&'a str, Currency, i64, i64, &'a [&'a str], Option<&'a str>);
    let groups: [Group; 2] = [
        (
            "ilaw",
            Currency::PHP,
            10_000,
            2_000_000,
            &[
                "Analyn Cruz",
                "Baby Santos",
                "Carmela Reyes",
                "Divina Ramos",
                "Elena Bautista",
                "Fe Aquino",
                "Gloria Mendoza",
                "Helen Castro",
                "Imelda Navarro",
                "Josie Villa",
                "Karen Dizon",
            ],
            Some("rosa@demo.bayanihan.example"),
        ),
        (
            "jyoti",
            Currency::NPR,
            20_000,
            5_000_000,
            &[
                "Sita Tamang",
                "Gita Shrestha",
                "Maya Gurung",
                "Laxmi Thapa",
                "Kamala Magar",
                "Sarita Rai",
                "Bimala Karki",
                "Radha Basnet",
                "Sunita Lama",
                "Parbati Khadka",
                "Devi Adhikari",
                "Mina Bhandari",
            ],
            None,
        ),
    ];
    let today = bayanihan_store::today_utc();
    for (key, currency, saving, fund, names, keeper) in groups {
        let org = ids[key];
        if !store.meetings(org, 1).await?.is_empty() {
            continue;
        }
        let mut members: Vec<Uuid> = Vec::new();
        for (i, name) in names.iter().enumerate() {
            let email = Email::parse(&format!(
                "{}@members.demo.bayanihan.example",
                name.to_lowercase().replace(' ', ".")
            ))?;
            let person = match store.person_id_by_email(&email).await? {
                Some(p) => p,
                None => {
                    store
                        .create_person(&email, &PersonName::parse(name)?, None)
                        .await?
                }
            };
            // Without a coordinator in the demo's sign-ins, the group's first member keeps
            // the book as its treasurer.
            let mut roles = vec![MembershipRole::Member];
            if keeper.is_none() && i == 0 {
                roles.push(MembershipRole::Treasurer);
            }
            let m = NewMembership {
                person_id: person,
                organization_id: org,
                roles,
                stakeholder: Some(StakeholderCategory::Producer),
                since: "2024-01-15".parse()?,
            };
            match store.add_membership(&m).await {
                Ok(_) | Err(StoreError::Conflict(_)) => {}
                Err(e) => return Err(e.into()),
            }
            members.push(person);
        }
        let by = keeper.map_or(members[0], |k| people[k]);
        store
            .set_book_rules(
                org,
                &Rules {
                    currency,
                    compulsory_saving: saving,
                    withdrawal_rule: WithdrawalRule::Voluntary,
                    min_members: 10,
                    max_members: 20,
                },
            )
            .await?;
        store
            .record_grant(org, by, Money::new(fund, currency), "2025-12-01".parse()?)
            .await?;
        if key == "ilaw" {
            store
                .share_linkage(org, people["officer@demo.bayanihan.example"], by)
                .await?;
        }
        let everyone: Vec<Uuid> = store
            .members_of(org)
            .await?
            .iter()
            .map(|m| m.person_id)
            .collect();
        let borrowers = [members[1], members[4], members[7]];
        let mut bank_loan: Option<Uuid> = None;
        let principal = fund / 4;
        for month in 0..12 {
            let (y, m) = if month == 0 {
                (2025, 12)
            } else {
                (2026, month)
            };
            let held_on: jiff::civil::Date = jiff::civil::date(y, m as i8, 10);
            if held_on > today {
                break;
            }
            let mut lines: Vec<MemberLineInput> = everyone
                .iter()
                .enumerate()
                .map(|(i, p)| MemberLineInput {
                    person_id: *p,
                    // Someone misses a meeting now and then; she saves through a neighbour.
                    present: (i + month) % 7 != 0,
                    savings: Some(Money::new(saving, currency).to_decimal_string()),
                    voluntary: (i % 3 == 0)
                        .then(|| Money::new(saving / 2, currency).to_decimal_string()),
                    ..Default::default()
                })
                .collect();
            let mut loans = Vec::new();
            if month == 1 {
                for b in borrowers {
                    loans.push(NewLoanInput {
                        person_id: b,
                        principal: Money::new(principal, currency).to_decimal_string(),
                        annual_rate: "24".into(),
                        instalments: 10,
                        per_year: Some(12),
                        method: None,
                        funded_by: None,
                    });
                }
            }
            // Jyoti borrows from a bank in March and lends half of it on to two members in
            // April; it repays the bank at each meeting from May.
            if key == "jyoti" && month == 3 {
                bank_loan = Some(
                    store
                        .record_borrowing(
                            org,
                            by,
                            &BorrowingInput {
                                lender_id: None,
                                lender_name: Some("Himali Community Bank, Banepa branch".into()),
                                received_on: "2026-03-05".into(),
                                principal: "150000.00".into(),
                                annual_rate: "12".into(),
                                instalments: 12,
                                per_year: Some(12),
                                method: None,
                            },
                            Numbers::Plain,
                            today,
                        )
                        .await?,
                );
            }
            if key == "jyoti" && month == 4 {
                for b in [members[2], members[5]] {
                    loans.push(NewLoanInput {
                        person_id: b,
                        principal: "37500.00".into(),
                        annual_rate: "18".into(),
                        instalments: 12,
                        per_year: Some(12),
                        method: None,
                        funded_by: bank_loan,
                    });
                }
            }
            // Each member repays what fell due since the last meeting on each of her loans
            // (Ilaw's Elena Bautista repays three instalments, then stops).
            let since = held_on.checked_sub(jiff::Span::new().months(1))?;
            for b in members.iter() {
                if key == "ilaw" && *b == members[4] && month > 4 {
                    continue;
                }
                let mut due = 0;
                for l in store.book_loans(org, Some(*b), held_on).await? {
                    due += l
                        .schedule
                        .iter()
                        .filter(|i| i.due_date > since && i.due_date <= held_on)
                        .map(|i| i.total().minor())
                        .sum::<i64>();
                }
                if due > 0 {
                    if let Some(line) = lines.iter_mut().find(|l| l.person_id == *b) {
                        line.repayment = Some(Money::new(due, currency).to_decimal_string());
                    }
                }
            }
            let minutes = match (key, month) {
                ("ilaw", 0) => "Revolving fund from the municipal livelihood office received. Savings of ₱100 a month confirmed.",
                ("ilaw", 1) => "Three loans for buri palm and dyes, ten monthly instalments at 2 % a month.",
                ("ilaw", 5) => "Elena could not repay this month: her husband is ill. The group will visit her.",
                ("jyoti", 1) => "Three loans for goats and vegetable seedlings.",
                _ => "",
            };
            let input = MeetingInput {
                held_on: held_on.to_string(),
                minutes: Some(minutes.into()).filter(|m: &String| !m.is_empty()),
                members: {
                    lines.sort_by_key(|l| l.person_id);
                    lines
                },
                loans,
            };
            store
                .record_meeting(org, by, &input, Numbers::Plain, today)
                .await?;
            // The bank's instalment that fell due since the last meeting, paid at it.
            if let Some(b) = bank_loan {
                let view = store.borrowing(b, held_on).await?;
                let due: i64 = view
                    .schedule
                    .iter()
                    .filter(|i| i.due_on > since && i.due_on <= held_on)
                    .map(|i| i.principal + i.interest)
                    .sum();
                if due > 0 {
                    store
                        .repay_borrowing(
                            org,
                            b,
                            by,
                            &BorrowingRepaymentInput {
                                paid_on: held_on.to_string(),
                                amount: Money::new(due, currency).to_decimal_string(),
                            },
                            Numbers::Plain,
                            today,
                        )
                        .await?;
                }
            }
        }
    }
    Ok(())
}

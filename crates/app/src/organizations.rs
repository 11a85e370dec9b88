//! Organizations and their members: registering, changing a profile, adding, changing and
//! removing members.

use bayanihan_domain::access::{Action, Role, Subject};
use bayanihan_domain::person::{parse_roles, MembershipRole};
use bayanihan_domain::records::{Membership, Organization};
use bayanihan_domain::validate::Collector;
use bayanihan_domain::{
    CountryCode, Email, Invalid, OrgKind, OrganizationDraft, OrganizationInput, PersonName,
    Qualifier, StakeholderCategory,
};
use bayanihan_store::{today_utc, NewMembership, OrganizationFilter, Page, Store};
use serde::Deserialize;
use uuid::Uuid;

use crate::audit::record as audit;
use bayanihan_domain::person::roles_to_string;
use serde_json::json;

use crate::access::{allow, require};
use crate::{AppError, AppResult};

/// A person to add to an organization. A person not yet registered is created (without a
/// password: they get one through `bayanihan user passwd` or a later invitation).
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewMember {
    /// An e-mail address, or for a member without e-mail a sign-in name (3–40 of
    /// `a-z 0-9 . _ -`, e.g. `ana.reyes`) that they sign in with.
    #[cfg_attr(feature = "openapi", schema(schema_with = bayanihan_domain::openapi::sign_in))]
    pub email: String,
    /// Required when the e-mail is not registered yet.
    #[cfg_attr(feature = "openapi", schema(schema_with = bayanihan_domain::openapi::opt_name_200))]
    pub name: Option<String>,
    /// `member`, `coordinator`, `treasurer`, `admin`.
    #[cfg_attr(
        feature = "openapi",
        schema(value_type = Vec<bayanihan_domain::MembershipRole>, min_items = 1)
    )]
    pub roles: Vec<String>,
    /// `producer`, `consumer`, `worker`, `supporter`.
    #[cfg_attr(
        feature = "openapi",
        schema(value_type = Option<bayanihan_domain::StakeholderCategory>)
    )]
    pub stakeholder: Option<String>,
    /// Member since (YYYY-MM-DD); today when left out.
    #[cfg_attr(feature = "openapi", schema(schema_with = bayanihan_domain::openapi::opt_date))]
    pub since: Option<String>,
}

/// New roles (and stakeholder category) for a membership.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct MemberPatch {
    #[cfg_attr(
        feature = "openapi",
        schema(value_type = Option<Vec<bayanihan_domain::MembershipRole>>, min_items = 1)
    )]
    pub roles: Option<Vec<String>>,
    #[cfg_attr(
        feature = "openapi",
        schema(value_type = Option<bayanihan_domain::StakeholderCategory>)
    )]
    pub stakeholder: Option<String>,
}

/// Directory filters and paging.
#[derive(Debug, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams), into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct ListParams {
    /// ISO 3166-1 alpha-2 country code.
    #[cfg_attr(feature = "openapi", param(schema_with = bayanihan_domain::openapi::country))]
    pub country: Option<String>,
    /// Organization kind id, e.g. `producer_cooperative`.
    #[cfg_attr(feature = "openapi", param(value_type = Option<bayanihan_domain::OrgKind>))]
    pub kind: Option<String>,
    /// Id of a network: its member organizations, also through networks inside it.
    #[cfg_attr(feature = "openapi", param(value_type = Option<Uuid>))]
    pub network: Option<String>,
    /// Qualifier id, e.g. `organic`.
    #[cfg_attr(feature = "openapi", param(value_type = Option<bayanihan_domain::Qualifier>))]
    pub qualifier: Option<String>,
    /// Part of the name.
    #[cfg_attr(feature = "openapi", param(schema_with = bayanihan_domain::openapi::name_200))]
    pub q: Option<String>,
    /// Page size, 1–200 (default 50).
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 200))]
    pub limit: Option<i64>,
    /// Items to skip (default 0).
    #[cfg_attr(feature = "openapi", param(minimum = 0))]
    pub offset: Option<i64>,
}

/// Parses directory filters, naming each bad parameter.
pub fn parse_filter(p: &ListParams) -> Result<(OrganizationFilter, i64, i64), Invalid> {
    let mut c = Collector::new();
    // A filter left out means "any"; one sent empty is a mistake worth hearing about.
    let mut nonempty = |field: &str, s: &Option<String>| match s.as_deref() {
        Some("") => {
            c.push(
                field,
                "may not be empty: leave the parameter out to mean any",
            );
            None
        }
        other => other.map(str::to_string),
    };
    let (country, kind, network, qualifier) = (
        nonempty("country", &p.country),
        nonempty("kind", &p.kind),
        nonempty("network", &p.network),
        nonempty("qualifier", &p.qualifier),
    );
    let name = match &p.q {
        Some(q) => c.required_text("q", Some(q), bayanihan_domain::text::Shape::Line, 200),
        None => None,
    };
    let filter = OrganizationFilter {
        country: country.and_then(|s| c.take("country", CountryCode::parse(&s))),
        kind: kind.and_then(|s| c.take("kind", OrgKind::parse(&s))),
        network: network.and_then(|s| match Uuid::parse_str(&s) {
            Ok(u) => Some(u),
            Err(_) => {
                c.push("network", format!("\"{s}\" is not an organization id"));
                None
            }
        }),
        qualifier: qualifier.and_then(|s| c.take("qualifier", Qualifier::parse(&s))),
        name,
    };
    let limit = p.limit.unwrap_or(50);
    if !(1..=200).contains(&limit) {
        c.push("limit", "must be between 1 and 200");
    }
    let offset = p.offset.unwrap_or(0);
    if offset < 0 {
        c.push("offset", "may not be negative");
    }
    c.finish()?;
    Ok((filter, limit, offset))
}

/// The directory of organizations (public): filtered and paginated.
pub async fn directory(store: &Store, p: &ListParams) -> AppResult<Page<Organization>> {
    let (filter, limit, offset) = parse_filter(p)?;
    Ok(store.list_organizations(&filter, limit, offset).await?)
}

/// Registers an organization; the caller becomes its first admin.
pub async fn register(
    store: &Store,
    caller: Option<&Subject>,
    input: &OrganizationInput,
) -> AppResult<Organization> {
    let subject = require(caller)?;
    let draft = OrganizationDraft::parse(input)?;
    let org = store
        .create_organization(&draft, Some(subject.person_id))
        .await?;
    audit(
        store,
        caller,
        Some(org.id),
        "organization.registered",
        Some(org.id),
        json!({}),
    )
    .await;
    Ok(org)
}

/// Changes an organization's profile (its admins): the fields given replace the current ones.
pub async fn update_profile(
    store: &Store,
    caller: Option<&Subject>,
    org: Uuid,
    patch: &OrganizationInput,
) -> AppResult<Organization> {
    require(caller)?;
    let current = store.organization(org).await?;
    allow(caller, org, Action::Update, "change its profile")?;
    let draft = current.draft().apply_patch(patch)?;
    let updated = store.update_organization(org, &draft).await?;
    // Which fields changed, by name (never their values: a description may name people).
    let before = serde_json::to_value(current.draft()).unwrap_or_default();
    let after = serde_json::to_value(&draft).unwrap_or_default();
    let changed: Vec<&String> = after
        .as_object()
        .map(|a| {
            a.iter()
                .filter(|(k, v)| before.get(k.as_str()) != Some(v))
                .map(|(k, _)| k)
                .collect()
        })
        .unwrap_or_default();
    audit(
        store,
        caller,
        Some(org),
        "organization.updated",
        Some(org),
        json!({ "fields": changed }),
    )
    .await;
    Ok(updated)
}

/// The people of an organization (its members only).
pub async fn members(
    store: &Store,
    caller: Option<&Subject>,
    org: Uuid,
) -> AppResult<Vec<Membership>> {
    crate::access::on_organization(store, caller, org, Action::ReadMembers, "see its members")
        .await?;
    Ok(store.members_of(org).await?)
}

/// Both results' field errors together (input parsers that report separately).
fn merge(a: Result<(), Invalid>, b: Result<(), Invalid>) -> Result<(), Invalid> {
    match (a, b) {
        (Ok(()), Ok(())) => Ok(()),
        (Err(mut x), Err(y)) => {
            x.errors.extend(y.errors);
            Err(x)
        }
        (Err(x), _) | (_, Err(x)) => Err(x),
    }
}

fn stakeholder(c: &mut Collector, s: &Option<String>) -> Option<StakeholderCategory> {
    s.as_deref()
        .and_then(|s| c.take("stakeholder", StakeholderCategory::parse(s)))
}

/// Adds a person (registering them when new) to an organization, if the caller may grant the
/// roles asked for: coordinators add plain members, admins any role.
pub async fn add_member(
    store: &Store,
    caller: Option<&Subject>,
    org: Uuid,
    req: &NewMember,
) -> AppResult<Membership> {
    require(caller)?;
    store.organization(org).await?;
    let mut c = Collector::new();
    // A member without e-mail gets a sign-in name instead.
    let email = c.take("email", Email::parse_sign_in(&req.email));
    let stakeholder = stakeholder(&mut c, &req.stakeholder);
    let since = c.optional_date("since", req.since.as_deref());
    let name = req
        .name
        .as_deref()
        .and_then(|n| c.take("name", PersonName::parse(n)));
    let roles = parse_roles("roles", &req.roles);
    merge(c.finish(), roles.as_ref().map(|_| ()).map_err(Clone::clone))?;
    let (Some(email), Ok(roles)) = (email, roles) else {
        return Err(Invalid::field("", "incomplete input").into());
    };
    allow(
        caller,
        org,
        Action::ManageMembership {
            grants: &roles,
            current: &[],
        },
        "add members with these roles",
    )?;
    let person = match store.person_id_by_email(&email).await? {
        Some(p) => p,
        None => {
            let name = name.ok_or_else(|| {
                Invalid::field("name", "is required for a person who is not registered yet")
            })?;
            store.create_person(&email, &name, None).await?
        }
    };
    let m = store
        .add_membership(&NewMembership {
            person_id: person,
            organization_id: org,
            roles,
            stakeholder,
            since: since.unwrap_or_else(today_utc),
        })
        .await?;
    audit(
        store,
        caller,
        Some(org),
        "membership.added",
        Some(person),
        json!({ "roles": roles_to_string(&m.roles) }),
    )
    .await;
    Ok(m)
}

/// Refuses a change that would leave an organization without any admin.
async fn keep_an_admin(
    store: &Store,
    org: Uuid,
    person: Uuid,
    new_roles: &[MembershipRole],
) -> AppResult<()> {
    if new_roles.contains(&MembershipRole::Admin) {
        return Ok(());
    }
    let members = store.members_of(org).await?;
    let others = members
        .iter()
        .filter(|m| m.person_id != person && m.roles.contains(&MembershipRole::Admin))
        .count();
    let was_admin = members
        .iter()
        .any(|m| m.person_id == person && m.roles.contains(&MembershipRole::Admin));
    if was_admin && others == 0 {
        return Err(AppError::Conflict(bayanihan_domain::Conflict::LastAdmin));
    }
    Ok(())
}

/// A membership's current roles, or `NotFound`.
async fn current(store: &Store, org: Uuid, person: Uuid) -> AppResult<Membership> {
    store
        .membership(org, person)
        .await?
        .ok_or(AppError::NotFound("membership"))
}

/// Changes a member's roles or stakeholder category.
pub async fn change_member(
    store: &Store,
    caller: Option<&Subject>,
    org: Uuid,
    person: Uuid,
    req: &MemberPatch,
) -> AppResult<Membership> {
    require(caller)?;
    let existing = current(store, org, person).await?;
    let mut c = Collector::new();
    let stakeholder = stakeholder(&mut c, &req.stakeholder);
    let roles = match &req.roles {
        Some(r) => parse_roles("roles", r),
        None => Ok(existing.roles.clone()),
    };
    merge(c.finish(), roles.as_ref().map(|_| ()).map_err(Clone::clone))?;
    let roles = roles?;
    allow(
        caller,
        org,
        Action::ManageMembership {
            grants: &roles,
            current: &existing.roles,
        },
        "change this membership",
    )?;
    keep_an_admin(store, org, person, &roles).await?;
    let stakeholder = stakeholder.or(existing.stakeholder);
    let m = store
        .update_membership(org, person, &roles, stakeholder)
        .await?;
    audit(
        store,
        caller,
        Some(org),
        "membership.changed",
        Some(person),
        json!({ "from": roles_to_string(&existing.roles), "to": roles_to_string(&m.roles), "stakeholder": stakeholder.map(|s| s.id()) }),
    )
    .await;
    Ok(m)
}

/// Removes a person from an organization: coordinators remove plain members, admins anyone;
/// anyone may leave. Never the last admin.
pub async fn remove_member(
    store: &Store,
    caller: Option<&Subject>,
    org: Uuid,
    person: Uuid,
) -> AppResult<()> {
    let subject = require(caller)?;
    let existing = current(store, org, person).await?;
    if subject.person_id != person {
        allow(
            caller,
            org,
            Action::ManageMembership {
                grants: &[],
                current: &existing.roles,
            },
            "remove this member",
        )?;
    }
    keep_an_admin(store, org, person, &[]).await?;
    store.remove_membership(org, person).await?;
    audit(
        store,
        caller,
        Some(org),
        "membership.removed",
        Some(person),
        json!({ "roles": roles_to_string(&existing.roles) }),
    )
    .await;
    Ok(())
}

/// An organization's public profile.
pub async fn organization(store: &Store, id: Uuid) -> AppResult<Organization> {
    Ok(store.organization(id).await?)
}

/// Organizations' names, for labelling lists; ids without an organization are left out.
pub async fn names(
    store: &Store,
    ids: &[Uuid],
) -> AppResult<std::collections::HashMap<Uuid, String>> {
    Ok(store.organization_names(ids).await?)
}

/// The organization's links with networks, as network and as member, every status (public:
/// who invited whom is what both sides act on).
pub async fn network_links(
    store: &Store,
    id: Uuid,
) -> AppResult<Vec<bayanihan_domain::records::NetworkMembership>> {
    store.organization(id).await?;
    Ok(store.network_memberships_of(id).await?)
}

/// A producer's catalogue (public).
pub async fn products(store: &Store, org: Uuid) -> AppResult<Vec<bayanihan_store::trade::Product>> {
    store.organization(org).await?;
    Ok(store.products_of(org).await?)
}

/// Every network (public), by name, for the choosers of the pages (at most `limit`).
pub async fn networks(store: &Store, limit: i64) -> AppResult<Vec<Organization>> {
    let filter = OrganizationFilter {
        kind: Some(bayanihan_domain::OrgKind::Network),
        ..Default::default()
    };
    Ok(store.list_organizations(&filter, limit, 0).await?.items)
}

/// A network's summary for its admins: how many organizations are inside it, and what is
/// outstanding between them per currency (`None` for anyone else).
pub async fn network_summary(
    store: &Store,
    caller: Option<&Subject>,
    network: Uuid,
) -> AppResult<Option<(i64, Vec<bayanihan_domain::Money>)>> {
    if caller.map_or(Role::Public, |s| s.role_in(network)) < Role::Admin {
        return Ok(None);
    }
    let filter = OrganizationFilter {
        network: Some(network),
        ..Default::default()
    };
    let inside = store.list_organizations(&filter, 1, 0).await?.total;
    let mut sums: std::collections::BTreeMap<&'static str, bayanihan_domain::Money> =
        Default::default();
    for o in store.network_obligations(network).await? {
        let e = sums
            .entry(o.outstanding.currency().code())
            .or_insert(bayanihan_domain::Money::zero(o.outstanding.currency()));
        *e = e.checked_add(o.outstanding).unwrap_or(*e);
    }
    Ok(Some((inside, sums.into_values().collect())))
}

/// The organizations of the hub's country, for the participant choosers of a new cycle (the
/// hub's coordinators), with the hub itself.
pub async fn cycle_candidates(
    store: &Store,
    caller: Option<&Subject>,
    hub: Uuid,
) -> AppResult<(Organization, Vec<Organization>)> {
    require(caller)?;
    allow(caller, hub, Action::RunCycles, "open its cycles")?;
    let org = store.organization(hub).await?;
    let filter = OrganizationFilter {
        country: Some(org.country),
        ..Default::default()
    };
    let candidates = store.list_organizations(&filter, 200, 0).await?.items;
    Ok((org, candidates))
}

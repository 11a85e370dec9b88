//! Being seen outside the platform. Nothing is published without a person's say: an
//! organization appears in ESSGlobal and Murmurations only after its own admin published it,
//! and on a network's map only once a steward of that network approved it too (against spam
//! and impersonation). Unpublishing takes it off everything, and the Murmurations index is
//! asked to delete its node.
//!
//! Anyone may register a network, so a network's approvals count on the public map only when
//! the server's operator recognised it, or it is linked inside a network that was
//! (`bayanihan network recognise`): otherwise a network made for the purpose could approve
//! its own spam.

use bayanihan_domain::access::{Action, Subject};
use bayanihan_domain::impact::report::Threshold;
use bayanihan_domain::publication::PublicationInput;
use bayanihan_domain::records::Organization;
use bayanihan_domain::{CountryCode, OrgKind, Qualifier, ValueChainRole};
use bayanihan_store::publishing::{Listed, MapFilter, MapPoint, NodeState, Publication};
use bayanihan_store::Store;
use serde::Deserialize;
use serde_json::json;
use uuid::Uuid;

use crate::access::{allow, on_organization, require};
use crate::audit::record as audit;
use crate::{AppError, AppResult};

/// A published organization as the public feeds show it: the profile, the publication, and
/// the counts of women and men members when it chose to publish them and each is large
/// enough to show.
#[derive(Debug, Clone)]
pub struct PublicProfile {
    pub organization: Organization,
    pub publication: Publication,
    /// `(women, men)`, each `None` when not published or under the suppression threshold.
    pub gender_counts: (Option<u64>, Option<u64>),
}

/// Publishes the organization (or changes what it publishes): its admins.
pub async fn publish(
    store: &Store,
    caller: Option<&Subject>,
    org: Uuid,
    input: &PublicationInput,
) -> AppResult<Publication> {
    on_organization(store, caller, org, Action::Update, "publish it").await?;
    let draft = input.parse()?;
    let by = require(caller)?.person_id;
    let was = store.publication(org).await?.is_some();
    let p = store
        .publish(
            org,
            draft.website.as_ref().map(|w| w.as_str()),
            draft.gender_counts,
            by,
        )
        .await?;
    audit(
        store,
        caller,
        Some(org),
        "organization.published",
        Some(org),
        json!({ "changed": was, "gender_counts": draft.gender_counts }),
    )
    .await;
    Ok(p)
}

/// Unpublishes the organization: its admins. Unpublishing what is not published is no error.
pub async fn unpublish(store: &Store, caller: Option<&Subject>, org: Uuid) -> AppResult<bool> {
    on_organization(store, caller, org, Action::Update, "unpublish it").await?;
    let was = store.unpublish(org).await?;
    if was {
        audit(
            store,
            caller,
            Some(org),
            "organization.unpublished",
            Some(org),
            json!({}),
        )
        .await;
    }
    Ok(was)
}

/// The organization's publication and its index registration, for its admins.
pub async fn publication(
    store: &Store,
    caller: Option<&Subject>,
    org: Uuid,
) -> AppResult<(Option<Publication>, Option<NodeState>)> {
    on_organization(
        store,
        caller,
        org,
        Action::Update,
        "see how it is published",
    )
    .await?;
    Ok((
        store.publication(org).await?,
        store.murmurations_state(org).await?,
    ))
}

/// A steward of `network` approves a member for the network's map, or withdraws the approval.
pub async fn approve_listing(
    store: &Store,
    caller: Option<&Subject>,
    network: Uuid,
    member: Uuid,
    approve: bool,
) -> AppResult<bool> {
    on_organization(
        store,
        caller,
        network,
        Action::ManageNetwork,
        "approve members for this network's map",
    )
    .await?;
    let by = require(caller)?.person_id;
    let changed = store.approve_listing(network, member, approve, by).await?;
    if changed {
        audit(
            store,
            caller,
            Some(network),
            if approve {
                "listing.approved"
            } else {
                "listing.withdrawn"
            },
            Some(member),
            json!({ "member": member }),
        )
        .await;
    }
    Ok(changed)
}

/// The operator recognises a network for the public map, or withdraws that: from the command
/// line only, the operator's word rather than a platform user's. Returns whether it changed.
pub async fn recognise_network(store: &Store, network: Uuid, recognise: bool) -> AppResult<bool> {
    let changed = store.recognise_network(network, recognise).await?;
    if changed {
        audit(
            store,
            None,
            Some(network),
            if recognise {
                "network.recognised"
            } else {
                "network.unrecognised"
            },
            Some(network),
            json!({}),
        )
        .await;
    }
    Ok(changed)
}

/// The networks the operator recognised, with when, by name.
pub async fn recognised_networks(store: &Store) -> AppResult<Vec<(Organization, jiff::Timestamp)>> {
    let mut out = Vec::new();
    for (id, at) in store.recognised_networks().await? {
        out.push((store.organization(id).await?, at));
    }
    out.sort_by(|a, b| (&a.0.name, a.0.id).cmp(&(&b.0.name, b.0.id)));
    Ok(out)
}

/// The networks the public map offers to show on their own: those whose approvals count
/// there (a network nobody recognised, a spammer's perhaps, is not named on the map).
pub async fn map_networks(store: &Store) -> AppResult<Vec<(Uuid, String)>> {
    Ok(store.counted_networks().await?)
}

/// Whether a network's approvals count on the public map (it is recognised, or linked inside
/// a recognised network): its stewards are told when they do not yet.
pub async fn approvals_count(store: &Store, network: Uuid) -> AppResult<bool> {
    Ok(store.approvals_count(network).await?)
}

/// Whether each member of a network is published and approved, for the network's admins.
pub async fn listing_states(
    store: &Store,
    caller: Option<&Subject>,
    network: Uuid,
) -> AppResult<std::collections::HashMap<Uuid, (bool, bool)>> {
    match caller {
        Some(_) if allow(caller, network, Action::ManageNetwork, "").is_ok() => {
            Ok(store.listing_states(network).await?)
        }
        _ => Ok(Default::default()),
    }
}

/// Map filters as they arrive in a query string.
#[derive(Debug, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams), into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct MapParams {
    /// Only the organizations of this network (and the networks inside it).
    pub network: Option<Uuid>,
    /// Organization kind id, e.g. `producer_cooperative` (empty: any).
    #[cfg_attr(feature = "openapi", param(schema_with = bayanihan_domain::openapi::map_kind))]
    pub kind: Option<String>,
    /// Qualifier id, e.g. `organic` (empty: any).
    #[cfg_attr(feature = "openapi", param(schema_with = bayanihan_domain::openapi::map_qualifier))]
    pub qualifier: Option<String>,
    /// Value-chain role, e.g. `producer` (empty: any).
    #[cfg_attr(feature = "openapi", param(schema_with = bayanihan_domain::openapi::map_role))]
    pub role: Option<String>,
    /// ISO 3166-1 alpha-2 country code: the country view.
    #[cfg_attr(feature = "openapi", param(schema_with = bayanihan_domain::openapi::opt_country))]
    pub country: Option<String>,
}

/// Reads the map's filters; an empty value means "any".
pub fn parse_map_filter(p: &MapParams) -> Result<MapFilter, bayanihan_domain::Invalid> {
    let mut c = bayanihan_domain::validate::Collector::new();
    let some = |v: &Option<String>| {
        v.as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    let kind = some(&p.kind).and_then(|k| c.take("kind", OrgKind::parse(&k)));
    let qualifier = some(&p.qualifier).and_then(|q| c.take("qualifier", Qualifier::parse(&q)));
    let role = some(&p.role).and_then(|r| c.take("role", ValueChainRole::parse(&r)));
    let country = some(&p.country).and_then(|x| c.take("country", CountryCode::parse(&x)));
    c.finish()?;
    Ok(MapFilter {
        network: p.network,
        kind,
        qualifier,
        role,
        country,
        drawing: false,
    })
}

/// The points of the public map (anyone may read it: only what was published and approved).
pub async fn map(store: &Store, filter: &MapFilter) -> AppResult<Vec<MapPoint>> {
    if let Some(n) = filter.network {
        // A query's value that names nothing is a refused field, as any other.
        let net = store.organization(n).await.map_err(|e| match e {
            bayanihan_store::StoreError::NotFound(_) => AppError::Invalid(
                bayanihan_domain::Invalid::field("network", "no network has this id"),
            ),
            other => other.into(),
        })?;
        if net.kind != OrgKind::Network {
            return Err(AppError::Invalid(bayanihan_domain::Invalid::field(
                "network",
                "is not a network",
            )));
        }
    }
    Ok(store.map_points(filter).await?)
}

/// A published organization's public profile; `NotFound` when it is not published (so an
/// index that reads it learns that it is gone).
pub async fn public_profile(store: &Store, org: Uuid) -> AppResult<PublicProfile> {
    let listed = store
        .published(org)
        .await
        .map_err(|e| match e {
            bayanihan_store::StoreError::NotFound(_) => {
                AppError::NotFound("published organization")
            }
            other => other.into(),
        })?
        .ok_or(AppError::NotFound("published organization"))?;
    profile_of(store, listed).await
}

pub(crate) async fn profile_of(store: &Store, listed: Listed) -> AppResult<PublicProfile> {
    let gender_counts = if listed.publication.gender_counts {
        let (women, men) = store.gender_counts(listed.organization.id).await?;
        let t = Threshold::default();
        (
            t.allows(women).then_some(women),
            t.allows(men).then_some(men),
        )
    } else {
        (None, None)
    };
    Ok(PublicProfile {
        organization: listed.organization,
        publication: listed.publication,
        gender_counts,
    })
}

/// The territorial view of a country (anyone: only published, approved organizations count).
pub async fn territories(
    store: &Store,
    country: CountryCode,
) -> AppResult<Vec<bayanihan_store::publishing::Territory>> {
    Ok(store.territories(country).await?)
}

//! Links between networks and their member organizations, by consent of both sides
//! (`bayanihan_domain::network_links` holds the rule; the store applies it in its transaction).

use bayanihan_domain::access::{Action, Subject};
use bayanihan_domain::network_links::Sides;
use bayanihan_domain::records::NetworkMembership;
use bayanihan_domain::validate::Collector;
use bayanihan_domain::NetworkMembershipStatus;
use bayanihan_store::{today_utc, Store};
use serde::Deserialize;
use uuid::Uuid;

use crate::access::require;
use crate::{AppError, AppResult};

/// An organization to invite into a network.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewNetworkMember {
    pub member_id: Uuid,
    /// Member since (YYYY-MM-DD), once accepted; today when left out.
    #[cfg_attr(feature = "openapi", schema(schema_with = bayanihan_domain::openapi::opt_date))]
    pub since: Option<String>,
}

/// A network to apply to.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NetworkApplication {
    pub network_id: Uuid,
    /// Member since (YYYY-MM-DD), once accepted; today when left out.
    #[cfg_attr(feature = "openapi", schema(schema_with = bayanihan_domain::openapi::opt_date))]
    pub since: Option<String>,
}

/// A change of an organization's membership in a network.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NetworkMemberPatch {
    /// `active` (accept an invitation or application, lift a suspension), `suspended` or
    /// `ended` (leave, remove, decline, withdraw).
    #[cfg_attr(
        feature = "openapi",
        schema(schema_with = bayanihan_domain::openapi::settable_link_status)
    )]
    pub status: String,
    /// The day it takes effect (YYYY-MM-DD); today when left out.
    #[cfg_attr(feature = "openapi", schema(schema_with = bayanihan_domain::openapi::opt_date))]
    pub until: Option<String>,
}

/// The network's admins invite an organization (`invited`; `active` at once when it had
/// applied, or when the caller is an admin of both).
pub async fn invite(
    store: &Store,
    caller: Option<&Subject>,
    network: Uuid,
    input: &NewNetworkMember,
) -> AppResult<NetworkMembership> {
    crate::access::on_organization(
        store,
        caller,
        network,
        Action::ManageNetwork,
        "invite organizations into this network",
    )
    .await?;
    request(
        store,
        caller,
        network,
        input.member_id,
        input.since.as_deref(),
    )
    .await
}

/// An organization's admins apply to a network (`applied`; `active` at once when invited, or
/// when the caller is an admin of both).
pub async fn apply(
    store: &Store,
    caller: Option<&Subject>,
    org: Uuid,
    input: &NetworkApplication,
) -> AppResult<NetworkMembership> {
    crate::access::on_organization(
        store,
        caller,
        org,
        Action::ManageNetwork,
        "apply to networks for this organization",
    )
    .await?;
    request(store, caller, input.network_id, org, input.since.as_deref()).await
}

/// Asks for a link on behalf of whichever sides the caller speaks for (the pages' one form
/// for inviting and applying).
pub async fn request(
    store: &Store,
    caller: Option<&Subject>,
    network: Uuid,
    member: Uuid,
    since: Option<&str>,
) -> AppResult<NetworkMembership> {
    let mut c = Collector::new();
    let since = c.optional_date("since", since);
    c.finish()?;
    let sides = Sides::of(caller, network, member);
    if sides.none() {
        return Err(AppError::NotPermitted(
            "Only the admins of the network or of the organization can ask for this link.".into(),
        ));
    }
    let link = store
        .request_network_link(network, member, since.unwrap_or_else(today_utc), sides)
        .await?;
    audit_link(
        store,
        caller,
        network,
        member,
        "network-link.requested",
        &link,
    )
    .await;
    Ok(link)
}

/// Accepts, suspends, lifts a suspension or ends a link, as the side the caller speaks for
/// may.
pub async fn change(
    store: &Store,
    caller: Option<&Subject>,
    network: Uuid,
    member: Uuid,
    input: &NetworkMemberPatch,
) -> AppResult<NetworkMembership> {
    let mut c = Collector::new();
    let status = c.take("status", NetworkMembershipStatus::parse(&input.status));
    let on = c.optional_date("until", input.until.as_deref());
    c.finish()?;
    let to = status.ok_or_else(|| bayanihan_domain::Invalid::field("status", "is required"))?;
    change_to(store, caller, network, member, to, on).await
}

/// [`change`] with the status already read (the pages' buttons).
pub async fn change_to(
    store: &Store,
    caller: Option<&Subject>,
    network: Uuid,
    member: Uuid,
    to: NetworkMembershipStatus,
    on: Option<jiff::civil::Date>,
) -> AppResult<NetworkMembership> {
    require(caller)?;
    store.organization(network).await?;
    let sides = Sides::of(caller, network, member);
    if sides.none() {
        return Err(AppError::NotPermitted(
            "Only the admins of the network or of the member organization can change this link."
                .into(),
        ));
    }
    let link = store
        .change_network_link(network, member, to, on.unwrap_or_else(today_utc), sides)
        .await?;
    audit_link(
        store,
        caller,
        network,
        member,
        "network-link.changed",
        &link,
    )
    .await;
    Ok(link)
}

/// Logs a change of a link in the logs of both sides (the acting side's with the address).
async fn audit_link(
    store: &Store,
    caller: Option<&Subject>,
    network: Uuid,
    member: Uuid,
    action: &'static str,
    link: &NetworkMembership,
) {
    for (org, other) in [(network, member), (member, network)] {
        crate::audit::record(
            store,
            caller,
            Some(org),
            action,
            Some(other),
            serde_json::json!({ "network": network, "member": member, "status": link.status.id() }),
        )
        .await;
    }
}

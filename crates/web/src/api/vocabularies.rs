use axum::Json;
use bayanihan_domain::organization::{NetworkMembershipStatus, OrgKind, ValueChainRole};
use bayanihan_domain::person::{Gender, MembershipRole, StakeholderCategory};
use bayanihan_domain::Qualifier;
use serde::Serialize;

/// A concept of a controlled vocabulary.
#[derive(Serialize, utoipa::ToSchema)]
pub struct Concept {
    /// Stable id, as used in the API.
    pub id: &'static str,
    /// English label.
    pub label: &'static str,
}

/// Every controlled vocabulary the API uses.
#[derive(Serialize, utoipa::ToSchema)]
pub struct Vocabularies {
    pub organization_kinds: Vec<Concept>,
    pub value_chain_roles: Vec<Concept>,
    pub qualifiers: Vec<Concept>,
    pub membership_roles: Vec<Concept>,
    pub stakeholder_categories: Vec<Concept>,
    pub network_membership_statuses: Vec<Concept>,
    pub genders: Vec<Concept>,
}

macro_rules! concepts {
    ($t:ty) => {
        <$t>::ALL
            .iter()
            .map(|c| Concept {
                id: c.id(),
                label: c.label(),
            })
            .collect()
    };
}

/// The controlled vocabularies (public).
#[utoipa::path(get, path = "/vocabularies", tag = "vocabularies",
    responses((status = 200, body = Vocabularies)))]
pub async fn list() -> Json<Vocabularies> {
    Json(Vocabularies {
        organization_kinds: concepts!(OrgKind),
        value_chain_roles: concepts!(ValueChainRole),
        qualifiers: concepts!(Qualifier),
        membership_roles: concepts!(MembershipRole),
        stakeholder_categories: concepts!(StakeholderCategory),
        network_membership_statuses: concepts!(NetworkMembershipStatus),
        genders: concepts!(Gender),
    })
}

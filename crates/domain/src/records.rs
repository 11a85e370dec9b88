//! Stored records: the parsed drafts plus what the platform adds (ids, times).

use jiff::civil::Date;
use jiff::Timestamp;
use serde::Serialize;
use uuid::Uuid;

use crate::country::CountryCode;
use crate::currency::Currency;
use crate::geo::Location;
use crate::organization::{NetworkMembershipStatus, OrgKind, OrganizationDraft, ValueChainRole};
use crate::person::{Demographics, Email, MembershipRole, StakeholderCategory};
use crate::vocab::Qualifier;

/// An organization of the network, as stored.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Organization {
    pub id: Uuid,
    pub name: String,
    pub kind: OrgKind,
    /// Value-chain roles.
    pub roles: Vec<ValueChainRole>,
    pub legal_form: Option<String>,
    pub country: CountryCode,
    pub region: Option<String>,
    pub location: Option<Location>,
    pub currency: Currency,
    pub time_zone: String,
    pub languages: Vec<String>,
    pub qualifiers: Vec<Qualifier>,
    pub description: Option<String>,
    /// How to pay the organization, printed on its invoices and statements. Not in the
    /// organization's public record: it reaches debtors through their documents.
    #[serde(skip_serializing)]
    #[cfg_attr(feature = "openapi", schema(ignore))]
    pub payment_instructions: Option<String>,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub created_at: Timestamp,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub updated_at: Timestamp,
}

impl Organization {
    /// The organization's editable fields.
    pub fn draft(&self) -> OrganizationDraft {
        OrganizationDraft {
            name: self.name.clone(),
            kind: self.kind,
            roles: self.roles.clone(),
            legal_form: self.legal_form.clone(),
            country: self.country,
            region: self.region.clone(),
            location: self.location,
            currency: self.currency,
            time_zone: self.time_zone.clone(),
            languages: self.languages.clone(),
            qualifiers: self.qualifiers.clone(),
            description: self.description.clone(),
            payment_instructions: self.payment_instructions.clone(),
        }
    }
}

/// An organization's membership in a network (a chapter in the council, a co-op in a chapter).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NetworkMembership {
    pub id: Uuid,
    pub network_id: Uuid,
    pub member_id: Uuid,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub since: Date,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub until: Option<Date>,
    pub status: NetworkMembershipStatus,
}

/// A person who can sign in. Demographics are only filled for those allowed to see them.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Person {
    pub id: Uuid,
    pub email: Email,
    pub name: String,
    /// Preferred language for pages (BCP 47), if set.
    pub language: Option<String>,
    pub memberships: Vec<Membership>,
    /// Present only when the person opted in *and* the reader may see it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub demographics: Option<Demographics>,
}

/// A person's membership in an organization.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Membership {
    pub id: Uuid,
    pub person_id: Uuid,
    pub person_name: String,
    pub organization_id: Uuid,
    pub organization_name: String,
    pub roles: Vec<MembershipRole>,
    pub stakeholder: Option<StakeholderCategory>,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub since: Date,
}

/// An API token as listed to its owner (never the secret itself).
#[derive(Debug, Clone, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiTokenInfo {
    pub id: Uuid,
    pub name: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub created_at: jiff::Timestamp,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub last_used_at: Option<jiff::Timestamp>,
}

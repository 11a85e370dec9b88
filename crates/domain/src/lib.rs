//! # Bayanihan domain
//!
//! The pure rules and types of a social and solidarity economy network: money, organizations,
//! people and their memberships, and who may do what; solidarity trade (`trade`: pricing,
//! allocation, settlement) and triple-bottom-line accounts (`impact`: rollups, periods,
//! reports). Nothing here does I/O, talks to a
//! database or knows about HTTP; the store and the web crates call into these rules so that a
//! rule lives in exactly one place and is tested here.
//!
//! Types follow "parse, don't validate": a [`CountryCode`], [`Currency`], [`Email`] or
//! [`Latitude`] can only be built from input that is valid, so code holding one never checks
//! again. Input that fails is reported as [`Invalid`]: a list of field paths with a reason a
//! coordinator understands.

pub mod access;
pub mod chain;
pub mod clearing;
pub mod conflict;
pub mod country;
pub mod csv_out;
pub mod currency;
pub mod finance;
pub mod geo;
pub mod governance;
pub mod impact;
pub mod import;
pub mod interop;
pub mod ledger;
pub mod money;
pub mod network_links;
#[cfg(feature = "openapi")]
pub mod openapi;
pub mod organization;
pub mod parse;
pub mod person;
pub mod publication;
pub mod records;
pub mod season;
pub mod text;
pub mod throttle;
pub mod trade;
pub mod validate;
pub mod vocab;

pub use access::{decide, Action, Decision, Role, Subject};
pub use conflict::Conflict;
pub use country::CountryCode;
pub use currency::Currency;
pub use geo::{Latitude, Location, Longitude};
pub use money::Money;
pub use organization::{
    NetworkMembershipStatus, OrgKind, OrganizationDraft, OrganizationInput, OrganizationPatch,
    ValueChainRole,
};
pub use parse::ParseError;
pub use person::{
    Demographics, DemographicsInput, Email, Gender, MembershipRole, PersonName, StakeholderCategory,
};
pub use records::{Membership, NetworkMembership, Organization, Person};
pub use validate::{FieldError, Invalid};
pub use vocab::Qualifier;

//! # Bayanihan's use cases
//!
//! One function per action a person can take — register an organization, add a member, invite
//! an organization into a network, accept … — each taking the caller (`Option<&Subject>`: nobody
//! may be signed in) and typed input, **deciding permission once**, calling the store, and
//! returning a typed result or an [`AppError`]. The adapters only translate: the JSON API decodes
//! a body and renders JSON or problem+json, the pages decode a form and render HTML in the
//! reader's language, the CLI decodes arguments and prints. None of them decides who may do
//! what.
//!
//! Reads count as use cases too: even a public read goes through here, so that what is public
//! is decided in one place (and `scripts/check-layers` can hold the adapters to it).

pub mod access;
pub mod account;
pub mod audit;
pub mod books;
pub mod borrowings;
pub mod catalogue;
pub mod clearing;
pub mod dfc;
pub mod error;
pub mod exports;
pub mod governance;
pub mod health;
pub mod idempotency;
pub mod impact;
pub mod import;
pub mod investments;
pub mod ledger;
pub mod mail;
pub mod murmurations;
pub mod networks;
pub mod organizations;
pub mod people;
pub mod privacy;
pub mod publishing;
pub mod reports;
pub mod seasons;
pub mod trade;
pub mod xlsx;

pub use error::{AppError, AppResult};

//! All HTTP integration tests in one binary (one link, shared helpers): a real server on a
//! random local port over a temporary SQLite database, driven with a real HTTP client.

mod access;
mod account;
mod books;
mod catalogue;
mod clearing;
mod consent;
mod dfc;
mod errors;
mod exports;
mod governance;
mod idempotency;
mod import;
mod integrity;
mod matrix;
mod metrics;
mod offers;
mod openapi;
mod page_posts;
mod pages;
mod permissions;
mod publishing;
mod reports;
mod robustness;
mod seasons;
mod support;
mod trade;
mod transport;

//! Obligation clearing: multilateral set-off of debts between organizations.
//!
//! This crate is a placeholder in the workspace until the clearing issue lands; it holds no
//! logic yet so that the workspace layout already shows where clearing lives.

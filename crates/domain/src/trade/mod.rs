//! Solidarity trade: products, order cycles, offers with open price breakdowns, orders, fair
//! allocation when supply is short, and what closing a cycle produces.

pub mod allocation;
pub mod catalog;
pub mod input;
pub mod naming;
pub mod pricing;
pub mod records;
pub mod settle;

//! Triple-bottom-line accounts: emission factors, rollups of delivered lines, and the figures
//! derived from them, with small counts of people suppressed.

pub mod catalogue;
pub mod emissions;
pub mod rollup;

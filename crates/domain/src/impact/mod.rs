//! Triple-bottom-line accounts: the indicator catalogue, emission factors, rollups of delivered
//! lines kept as cycles close, and reports made from them with small counts of people
//! suppressed.

pub mod catalogue;
pub mod emissions;
pub mod period;
pub mod reach;
pub mod report;
pub mod rollup;
pub mod scope;

//! Multilateral set-off ("clearing") of obligations between organizations.
//!
//! Organizations owe each other (unpaid invoices). Debt that runs in cycles — A owes B, B owes
//! C, C owes A — can be cancelled without any money moving, and every organization's net
//! position stays exactly what it was. This crate computes the set-off that clears the **most**
//! debt, exactly, in integer minor units.
//!
//! # Formulation
//!
//! Aggregate the obligations per ordered pair (debtor `i`, creditor `j`) into `O_ij`. The net
//! position of `i` is `b_i = Σ_j O_ji − Σ_j O_ij`. Find remaining debts `x_ij` minimising
//! `Σ x_ij` with `0 ≤ x_ij ≤ O_ij` and, for every organization, inflow − outflow of `x` equal
//! to `b_i`. `x = O` is feasible, so an optimum always exists. This is a min-cost flow with
//! unit arc cost and capacity `O_ij`; the set-off of a pair is `O_ij − x_ij`.
//!
//! The cleared amounts form a circulation, so every set-off lies on a cycle and thus inside one
//! strongly connected component: arcs between components are never set off and each component
//! is solved alone (strongly connected components by an iterative Tarjan, then a primal-dual
//! min-cost flow per component: Dijkstra with potentials and max flows on the shortest paths;
//! see the `flow` module). Bilateral netting is *not* applied first: it is not always part of an
//! optimum (A owes B 10, B owes A 5, A owes C 5, C owes B 5: the optimum clears 15 around
//! B→A→C→B, netting would clear only 10).
//!
//! # Invariants of every result (checked by [`check`] and [`check_optimal`])
//!
//! 1. `0 ≤ set_off ≤ amount` for every obligation;
//! 2. for every organization, total set-off as debtor = total set-off as creditor;
//!    equivalently every net position is unchanged;
//! 3. the cleared total is the optimum of the formulation above; the result carries a dual
//!    certificate ([`Clearing::potentials`]) that proves it in linear time.
//!
//! # Spreading
//!
//! A pair's set-off is spread over that pair's obligations oldest due date first
//! ([`Obligation::due`], smaller is older), ties by position in the input; each obligation
//! takes as much as it can, so at most one obligation per pair is partly set off.
//!
//! # Integer arithmetic, rounding and overflow
//!
//! No floating point touches money and nothing is rounded: amounts are `i64` minor units
//! (`≥ 0`), every sum (pair totals, net positions, totals in [`Summary`]) is `i128`, which
//! cannot overflow for fewer than 2^64 obligations. Inside the solver each component uses `i64`
//! flows when its total debt fits in `i64` and `i128` flows otherwise, so inputs with amounts
//! near `i64::MAX` and totals far beyond it are solved exactly, never rejected. Set-offs of
//! single obligations are `i64` because they never exceed the obligation's amount.
//!
//! # API layers
//!
//! * [`clear`]: the core, on dense `u32` organization indices.
//! * [`clear_keyed`]: the same over any organization key (UUID, string) with an obligation id
//!   and an orderable due date.
//! * [`csv`]: the `id,debtor,creditor,amount` CSV format of `bayanihan clear`; [`cli`]: the
//!   logic of the `clear` and `clear generate` commands; [`generate`]: seeded test networks.

mod check;
mod clear;
pub mod cli;
pub mod csv;
mod flow;
pub mod generate;
mod keyed;
mod scc;
mod spread;

pub use check::{check, check_optimal, InvariantError};
pub use clear::clear;
pub use keyed::{clear_keyed, KeyedClearing, KeyedError, Record};

/// One obligation on dense organization indices: `debtor` owes `creditor` `amount` minor units.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Obligation {
    /// Index of the organization that owes.
    pub debtor: u32,
    /// Index of the organization that is owed. Must differ from `debtor`.
    pub creditor: u32,
    /// Amount in minor units, `≥ 0`.
    pub amount: i64,
    /// Spreading order key: smaller is older and is set off first (e.g. days since an epoch);
    /// ties are broken by position in the input.
    pub due: i64,
}

/// Totals of a clearing run, all in minor units.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Summary {
    /// Sum of all amounts.
    pub total_debt: i128,
    /// `Σ max(b_i, 0)`: the debt that must remain whatever is set off (a lower bound on the
    /// remainder, reached only when the whole network can be settled by netting).
    pub net_internal_debt: i128,
    /// Sum of all set-offs.
    pub cleared: i128,
}

impl Summary {
    /// Debt left after the set-off.
    pub fn remaining(&self) -> i128 {
        self.total_debt - self.cleared
    }

    /// Cleared share of the total debt in basis points (1/100 of a percent), rounded down;
    /// 0 when there is no debt. Integer arithmetic, for display.
    pub fn cleared_basis_points(&self) -> i128 {
        if self.total_debt == 0 {
            0
        } else {
            // cleared ≤ total_debt < 2^127 / 10^4 for any realistic input; saturate otherwise.
            self.cleared.saturating_mul(10_000) / self.total_debt
        }
    }
}

/// Facts about how a result was computed (for benchmarks and logs).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SolveStats {
    /// Ordered pairs with a positive total.
    pub pairs: usize,
    /// Strongly connected components with at least two organizations (the ones solved).
    pub components: usize,
    /// Of those, components solved with `i128` flows because their total exceeds `i64`.
    pub wide_components: usize,
    /// Organizations and pairs inside solved components.
    pub component_nodes: usize,
    pub component_arcs: usize,
    /// Size of the largest solved component.
    pub largest_component_nodes: usize,
    pub largest_component_arcs: usize,
    /// Shortest-path phases of the primal-dual solver, summed over components.
    pub phases: u64,
    /// Augmenting paths, summed over components.
    pub augmentations: u64,
}

/// The result of [`clear`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clearing {
    /// Set-off per obligation, in input order.
    pub set_off: Vec<i64>,
    /// Optimality certificate: one potential per organization index such that every
    /// obligation with `1 + p[debtor] − p[creditor] > 0` is fully set off and every one with a
    /// negative value is not set off at all. Verified by [`check_optimal`].
    pub potentials: Vec<i64>,
    pub summary: Summary,
    pub stats: SolveStats,
}

/// Invalid input to [`clear`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InputError {
    #[error("obligation {obligation}: negative amount {amount}")]
    NegativeAmount { obligation: usize, amount: i64 },
    /// A self-obligation can never be set off and has no place in a ledger between
    /// organizations, so it is rejected rather than silently carried.
    #[error("obligation {obligation}: organization {organization} owes itself")]
    SelfObligation {
        obligation: usize,
        organization: u32,
    },
    #[error("too many obligations or organization index too large (limit u32::MAX - 2)")]
    TooLarge,
}

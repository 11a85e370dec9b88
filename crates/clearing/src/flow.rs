//! Min-cost flow with unit arc costs for one strongly connected component: the primal-dual
//! method (successive shortest paths, all of one length at once).
//!
//! The problem: arcs `(u, v)` with capacity `cap ≥ 0` and cost 1, node supplies (outflow −
//! inflow, summing to zero); find a feasible flow of least cost. In clearing terms the flow is
//! the debt that *remains*, each arc an aggregated pair, and the supplies are the net positions.
//!
//! Start from the zero flow with potentials `p = 0` (all reduced costs `1 + p[u] − p[v]` are
//! then ≥ 0) and repeat phases until no node has excess:
//!
//! 1. **Dijkstra** (Dial's buckets — reduced costs are small integers) from every node with
//!    excess over the residual network with reduced costs, stopping at the first node with a
//!    deficit, at distance `D`. Raise each potential by `min(dist, D)`: reduced costs stay ≥ 0
//!    and every shortest excess→deficit path now has reduced cost 0. The arcs of reduced cost 0
//!    are copied into a compact residual network for the next step.
//! 2. **Max flow** from the excess nodes to the deficit nodes on the *admissible* arcs
//!    (residual, reduced cost 0) by shortest augmenting paths with distance labels (ISAP: one
//!    backward BFS from the deficits, then advance/retreat with current-arc pointers, local
//!    relabelling and the gap heuristic), until no admissible path is left. This replaced a
//!    Dinic max flow, whose repeated BFS per phase made the whole 1.5–2× slower.
//!
//! Each phase routes flow along paths of the current shortest length, so the flow stays optimal
//! for what it carries (reduced costs ≥ 0 on every residual arc) and the final potentials are a
//! dual certificate. Why this method: the path lengths are short (the optimum routes debt over
//! a handful of hops), so there are few phases — about a dozen for the largest component of
//! the benchmark networks of 40,000 organizations — and each is a few linear scans. A primal
//! network simplex (LEMON's block-search variant) was measured first and was about 3× (nearly
//! acyclic) to 4.5× (strongly cyclic) slower on the same networks: with unit costs its spanning
//! tree updates keep moving large subtrees. See `docs/benchmarks.md`.
//!
//! Exactness: flows are of a generic integer type `T` (`i64` when the component's total debt
//! fits, `i128` otherwise); potentials are `i64` and bounded by the number of phases times the
//! node count, far from overflow.

use std::fmt::Debug;
use std::ops::{Add, AddAssign, Neg, Sub, SubAssign};

/// Exact integer type used for flows.
pub(crate) trait Flow:
    Copy
    + Ord
    + Debug
    + Add<Output = Self>
    + Sub<Output = Self>
    + Neg<Output = Self>
    + AddAssign
    + SubAssign
{
    const ZERO: Self;
    fn from_i128(v: i128) -> Self;
    fn to_i128(self) -> i128;
}

impl Flow for i64 {
    const ZERO: Self = 0;
    fn from_i128(v: i128) -> Self {
        i64::try_from(v).expect("component total checked to fit in i64")
    }
    fn to_i128(self) -> i128 {
        i128::from(self)
    }
}

impl Flow for i128 {
    const ZERO: Self = 0;
    fn from_i128(v: i128) -> Self {
        v
    }
    fn to_i128(self) -> i128 {
        self
    }
}

/// Optimal flow and a dual certificate for one component.
#[derive(Debug)]
pub(crate) struct Solution<T> {
    /// Optimal flow (remaining debt) per arc, in the order the arcs were given.
    pub flow: Vec<T>,
    /// Node potentials `p` with reduced cost `1 + p[u] − p[v]`: arcs with positive reduced cost
    /// carry no flow, arcs with negative reduced cost are saturated (complementary slackness).
    pub potentials: Vec<i64>,
    /// Work done: phases (shortest-path computations) and augmenting paths.
    pub phases: u64,
    pub augmentations: u64,
}

/// End of a list of nodes.
const NONE: u32 = u32::MAX;

/// Solve the unit-cost min-cost flow on `node_num` nodes.
///
/// Preconditions (guaranteed by the caller): arcs join distinct nodes `< node_num`, capacities
/// are ≥ 0, supplies sum to zero and a feasible flow exists (in clearing, the original debts
/// are one), and the sum of all capacities fits in `T`. Panics if the problem is infeasible.
pub(crate) fn solve<T: Flow>(
    node_num: usize,
    arcs: &[(u32, u32)],
    cap: &[T],
    supply: &[T],
) -> Solution<T> {
    debug_assert_eq!(arcs.len(), cap.len());
    debug_assert_eq!(supply.len(), node_num);
    let mut s = Solver::new(node_num, arcs, cap, supply);
    while s.shortest_paths() {
        s.max_flow();
        s.write_back();
    }
    let flow = s
        .fwd_pos
        .iter()
        .map(|&i| s.res[s.rev[i as usize] as usize])
        .collect();
    Solution {
        flow,
        potentials: s.pi,
        phases: s.phases,
        augmentations: s.augmentations,
    }
}

struct Solver<T> {
    // Residual network in CSR form, every arc stored next to its tail's other arcs so scans
    // are sequential: forward arcs (cost +1, residual cap − flow) and their reverses (cost −1,
    // residual = flow).
    off: Vec<u32>,
    head: Vec<u32>,
    rev: Vec<u32>,
    cost: Vec<i8>,
    res: Vec<T>,
    /// Residual index of each input arc's forward copy.
    fwd_pos: Vec<u32>,
    /// Supply still to send (> 0) or demand still to receive (< 0).
    excess: Vec<T>,
    pi: Vec<i64>,
    /// Nodes that had excess at the start of the phase (pruned lazily).
    sources: Vec<u32>,
    // Dijkstra scratch.
    dist: Vec<i64>,
    touched: Vec<u32>,
    settled: Vec<u32>,
    buckets: Vec<Vec<u32>>,
    // The arcs of reduced cost 0, as a compact residual network of their own (CSR by tail),
    // rebuilt each phase: potentials are fixed during a phase's max flow, so admissibility
    // then only depends on residual capacity, and an arc's reverse has reduced cost 0 too, so
    // the max flow runs entirely on this smaller, contiguous copy; residual capacities are
    // written back at the end of the phase.
    zero_off: Vec<u32>,
    zero_arc: Vec<u32>,
    zero_head: Vec<u32>,
    zero_rev: Vec<u32>,
    zero_res: Vec<T>,
    /// Number of arcs in the compact copy (the vectors above are sized for all arcs).
    zero_len: usize,
    /// Scratch: position in the compact copy of each full residual arc of reduced cost 0.
    zero_pos: Vec<u32>,
    /// Nodes that had a deficit at the start of the phase (pruned lazily).
    sinks: Vec<u32>,
    // Max-flow scratch: distance labels (hop distance to a deficit, `node_num` = dead), the
    // nodes labelled this phase, nodes per label, current arcs and the path being extended.
    label: Vec<u32>,
    labelled: Vec<u32>,
    /// Head of the doubly linked list of nodes at each label (`NONE` if empty), so a gap is
    /// detected in O(1) and the nodes above it are retired without scanning all nodes.
    bucket: Vec<u32>,
    bucket_next: Vec<u32>,
    bucket_prev: Vec<u32>,
    cur: Vec<u32>,
    path: Vec<u32>,
    phases: u64,
    augmentations: u64,
}

impl<T: Flow> Solver<T> {
    fn new(n: usize, arcs: &[(u32, u32)], cap: &[T], supply: &[T]) -> Self {
        let m = arcs.len();
        let mut off = vec![0u32; n + 1];
        for &(u, v) in arcs {
            off[u as usize + 1] += 1;
            off[v as usize + 1] += 1;
        }
        for i in 0..n {
            off[i + 1] += off[i];
        }
        let mut head = vec![0u32; 2 * m];
        let mut rev = vec![0u32; 2 * m];
        let mut cost = vec![0i8; 2 * m];
        let mut res = vec![T::ZERO; 2 * m];
        let mut fwd_pos = vec![0u32; m];
        let mut pos = off.clone();
        for (k, &(u, v)) in arcs.iter().enumerate() {
            let i = pos[u as usize];
            pos[u as usize] += 1;
            let j = pos[v as usize];
            pos[v as usize] += 1;
            (head[i as usize], rev[i as usize], cost[i as usize]) = (v, j, 1);
            (head[j as usize], rev[j as usize], cost[j as usize]) = (u, i, -1);
            res[i as usize] = cap[k];
            fwd_pos[k] = i;
        }
        let sources = (0..n as u32)
            .filter(|&v| supply[v as usize] > T::ZERO)
            .collect();
        let sinks = (0..n as u32)
            .filter(|&v| supply[v as usize] < T::ZERO)
            .collect();
        Solver {
            off,
            head,
            rev,
            cost,
            res,
            fwd_pos,
            excess: supply.to_vec(),
            pi: vec![0; n],
            sources,
            dist: vec![i64::MAX; n],
            touched: Vec::new(),
            settled: Vec::new(),
            buckets: Vec::new(),
            zero_off: vec![0; n + 1],
            zero_arc: vec![0; 2 * m],
            zero_head: vec![0; 2 * m],
            zero_rev: vec![0; 2 * m],
            zero_res: vec![T::ZERO; 2 * m],
            zero_len: 0,
            zero_pos: vec![0; 2 * m],
            sinks,
            label: vec![n as u32; n],
            labelled: Vec::with_capacity(n),
            bucket: Vec::new(),
            bucket_next: vec![NONE; n],
            bucket_prev: vec![NONE; n],
            cur: vec![0; n],
            path: Vec::new(),
            phases: 0,
            augmentations: 0,
        }
    }

    /// Phase step 1: Dijkstra from all excess nodes up to the nearest deficit node, then the
    /// potential update. Returns false when no excess is left (optimal).
    fn shortest_paths(&mut self) -> bool {
        let excess = &self.excess;
        self.sources.retain(|&v| excess[v as usize] > T::ZERO);
        if self.sources.is_empty() {
            return false;
        }
        self.phases += 1;
        for b in self.buckets.iter_mut() {
            b.clear();
        }
        if self.buckets.is_empty() {
            self.buckets.push(Vec::new());
        }
        self.touched.clear();
        self.settled.clear();
        for &s in &self.sources {
            self.dist[s as usize] = 0;
            self.buckets[0].push(s);
            self.touched.push(s);
        }
        let mut found = None;
        let mut b = 0usize;
        'search: while b < self.buckets.len() {
            while let Some(v) = self.buckets[b].pop() {
                let vu = v as usize;
                if self.dist[vu] != b as i64 {
                    continue; // stale entry
                }
                self.settled.push(v);
                if self.excess[vu] < T::ZERO {
                    found = Some(b as i64);
                    break 'search;
                }
                let pv = self.pi[vu];
                for i in self.off[vu] as usize..self.off[vu + 1] as usize {
                    if self.res[i] == T::ZERO {
                        continue;
                    }
                    let w = self.head[i] as usize;
                    let nd = b as i64 + i64::from(self.cost[i]) + pv - self.pi[w];
                    if nd < self.dist[w] {
                        if self.dist[w] == i64::MAX {
                            self.touched.push(w as u32);
                        }
                        self.dist[w] = nd;
                        let nb = nd as usize;
                        if nb >= self.buckets.len() {
                            self.buckets.resize_with(nb + 1, Vec::new);
                        }
                        self.buckets[nb].push(w as u32);
                    }
                }
            }
            b += 1;
        }
        let d = found.expect("clearing subproblem infeasible: internal error");
        // p[v] += min(dist[v], D) for every v; a uniform shift by D changes no reduced cost,
        // so only settled nodes closer than D move (down by D − dist).
        for &v in &self.settled {
            let dv = self.dist[v as usize];
            if dv < d {
                self.pi[v as usize] -= d - dv;
            }
        }
        for &v in &self.touched {
            self.dist[v as usize] = i64::MAX;
        }
        self.build_zero_network();
        true
    }

    /// Copy the arcs of reduced cost 0 into the compact network. (Running the max flow on the
    /// full residual network with a reduced-cost test per arc instead was measured slower,
    /// by up to 1.5× on the strongly cyclic networks, where only a third of the arcs qualify.)
    fn build_zero_network(&mut self) {
        // Branch-free compaction: every arc is written at the next free slot, which only
        // advances if the arc has reduced cost 0. About half the arcs qualify, in no
        // predictable pattern, so a conditional push mispredicted often (it was the hot spot).
        let mut len = 0usize;
        for v in 0..self.pi.len() {
            let pv = self.pi[v];
            for i in self.off[v] as usize..self.off[v + 1] as usize {
                let w = self.head[i];
                let zero = i64::from(self.cost[i]) + pv == self.pi[w as usize];
                self.zero_pos[i] = len as u32;
                self.zero_arc[len] = i as u32;
                self.zero_head[len] = w;
                self.zero_res[len] = self.res[i];
                len += usize::from(zero);
            }
            self.zero_off[v + 1] = len as u32;
        }
        self.zero_len = len;
        for k in 0..len {
            let r = self.rev[self.zero_arc[k] as usize];
            self.zero_rev[k] = self.zero_pos[r as usize];
        }
    }

    /// Copy the compact network's residual capacities back (end of a phase's max flow).
    fn write_back(&mut self) {
        for k in 0..self.zero_len {
            self.res[self.zero_arc[k] as usize] = self.zero_res[k];
        }
    }

    /// Phase step 2: max flow from the excess nodes to the deficit nodes over the compact
    /// network of admissible arcs, by shortest augmenting paths with distance labels (ISAP).
    ///
    /// Why not Dinic: Dinic re-runs a BFS from every excess node over the whole admissible
    /// network after each blocking flow, and a phase needed 7–17 of them on the nearly acyclic
    /// benchmark networks (the BFS was ≈ 30 % of `clear()`). Here one backward BFS from the
    /// deficit nodes labels every node with its hop distance to a deficit; afterwards labels
    /// are only raised locally (a node is relabelled when its current arc runs out), and the
    /// gap heuristic retires every node above a label that no node holds any more, which is
    /// what ends the phase quickly once the remaining excess cannot reach a deficit.
    ///
    /// Labels are valid throughout (`label[v] ≤ label[w] + 1` on every residual arc, deficits
    /// at 0), hence lower bounds on the hop distance to a deficit; `dead` marks nodes that
    /// cannot reach one. The phase ends when every excess node is exhausted or dead, i.e. no
    /// admissible path is left, exactly the end condition of the primal-dual phase.
    fn max_flow(&mut self) {
        let dead = self.pi.len() as u32;
        for &v in &self.labelled {
            self.label[v as usize] = dead;
        }
        self.labelled.clear();
        let excess = &self.excess;
        self.sinks.retain(|&v| excess[v as usize] < T::ZERO);
        for &t in &self.sinks {
            self.label[t as usize] = 0;
            self.labelled.push(t);
        }
        // Backward BFS: u gets label d + 1 if it has a residual arc into a node at label d.
        let mut qi = 0;
        while qi < self.labelled.len() {
            let w = self.labelled[qi] as usize;
            qi += 1;
            let d = self.label[w] + 1;
            for k in self.zero_off[w] as usize..self.zero_off[w + 1] as usize {
                let u = self.zero_head[k] as usize;
                if self.label[u] == dead && self.zero_res[self.zero_rev[k] as usize] > T::ZERO {
                    self.label[u] = d;
                    self.labelled.push(u as u32);
                }
            }
        }
        // Nodes the BFS did not reach can never reach a deficit during this phase (flow only
        // moves along paths of labelled nodes, so their residual arcs never change), and a
        // hop distance among the labelled nodes is below their number.
        let limit = self.labelled.len() as u32;
        self.bucket.clear();
        self.bucket.resize(limit as usize, NONE);
        let mut max_label = 0;
        for i in 0..self.labelled.len() {
            let v = self.labelled[i];
            let l = self.label[v as usize];
            self.bucket_insert(v, l);
            max_label = max_label.max(l);
            self.cur[v as usize] = self.zero_off[v as usize];
        }

        for si in 0..self.sources.len() {
            let s = self.sources[si] as usize;
            self.path.clear();
            let mut v = s;
            while self.excess[s] > T::ZERO && self.label[s] < dead {
                if self.excess[v] < T::ZERO {
                    v = self.augment(s, v);
                    continue;
                }
                // Advance along the current arc if it is admissible (one label lower).
                let lv = self.label[v];
                let end = self.zero_off[v + 1] as usize;
                let start = self.cur[v] as usize;
                let label = &self.label;
                let k = start
                    + self.zero_head[start..end]
                        .iter()
                        .zip(&self.zero_res[start..end])
                        .position(|(&w, &r)| r > T::ZERO && label[w as usize] + 1 == lv)
                        .unwrap_or(end - start);
                self.cur[v] = k as u32;
                if k < end {
                    self.path.push(k as u32);
                    v = self.zero_head[k] as usize;
                    continue;
                }
                // Relabel: one above the lowest residual neighbour (strictly higher than before,
                // since no neighbour is at lv − 1 any more), current arc at that neighbour.
                let mut best = dead;
                let mut best_k = self.zero_off[v];
                let begin = self.zero_off[v] as usize;
                for (j, (&w, &r)) in self.zero_head[begin..end]
                    .iter()
                    .zip(&self.zero_res[begin..end])
                    .enumerate()
                {
                    if r > T::ZERO && label[w as usize] < best {
                        best = label[w as usize];
                        best_k = (begin + j) as u32;
                    }
                }
                let new = if best + 1 >= limit { dead } else { best + 1 };
                self.bucket_remove(v as u32, lv);
                if self.bucket[lv as usize] == NONE {
                    // Gap: nothing is left at label lv, so no node above it (v included) can
                    // reach a deficit any more.
                    self.label[v] = dead;
                    for l in lv + 1..=max_label {
                        let mut u = std::mem::replace(&mut self.bucket[l as usize], NONE);
                        while u != NONE {
                            self.label[u as usize] = dead;
                            u = self.bucket_next[u as usize];
                        }
                    }
                    max_label = lv;
                } else {
                    self.label[v] = new;
                    if new < dead {
                        self.bucket_insert(v as u32, new);
                        max_label = max_label.max(new);
                        self.cur[v] = best_k;
                    }
                }
                // Retreat one arc.
                if let Some(k) = self.path.pop() {
                    v = self.zero_head[self.zero_rev[k as usize] as usize] as usize;
                }
            }
        }
    }

    /// Put `v` into the list of nodes at label `l`.
    fn bucket_insert(&mut self, v: u32, l: u32) {
        let h = self.bucket[l as usize];
        self.bucket_next[v as usize] = h;
        self.bucket_prev[v as usize] = NONE;
        if h != NONE {
            self.bucket_prev[h as usize] = v;
        }
        self.bucket[l as usize] = v;
    }

    /// Take `v` out of the list of nodes at label `l`.
    fn bucket_remove(&mut self, v: u32, l: u32) {
        let (p, n) = (self.bucket_prev[v as usize], self.bucket_next[v as usize]);
        if p == NONE {
            self.bucket[l as usize] = n;
        } else {
            self.bucket_next[p as usize] = n;
        }
        if n != NONE {
            self.bucket_prev[n as usize] = p;
        }
    }

    /// Push as much as possible along `self.path` from `s` to the deficit node `t`; returns the
    /// node to continue from: the tail of the first arc the push saturated (the path is cut
    /// there), or `t` if none was (then `s` or `t` is exhausted).
    fn augment(&mut self, s: usize, t: usize) -> usize {
        let mut delta = self.excess[s].min(-self.excess[t]);
        for &k in &self.path {
            delta = delta.min(self.zero_res[k as usize]);
        }
        for &k in &self.path {
            self.zero_res[k as usize] -= delta;
            let r = self.zero_rev[k as usize] as usize;
            self.zero_res[r] += delta;
        }
        self.excess[s] -= delta;
        self.excess[t] += delta;
        self.augmentations += 1;
        let zero_res = &self.zero_res;
        match self
            .path
            .iter()
            .position(|&k| zero_res[k as usize] == T::ZERO)
        {
            Some(i) => {
                let k = self.path[i] as usize;
                self.path.truncate(i);
                self.zero_head[self.zero_rev[k] as usize] as usize
            }
            None => t,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cost<T: Flow>(flow: &[T]) -> i128 {
        flow.iter().map(|f| f.to_i128()).sum()
    }

    #[test]
    fn triangle_is_fully_cleared() {
        // A→B→C→A, 10 each: supplies all zero, optimum leaves nothing.
        let sol = solve::<i64>(3, &[(0, 1), (1, 2), (2, 0)], &[10, 10, 10], &[0, 0, 0]);
        assert_eq!(sol.flow, vec![0, 0, 0]);
    }

    #[test]
    fn longer_cycle_beats_bilateral_netting() {
        // i=0, j=1, k=2: O_ij=10, O_ji=5, O_ik=5, O_kj=5 (see crate docs): the optimum clears
        // the 3-cycle j→i→k→j (15) rather than the 2-cycle (10).
        let arcs = [(0, 1), (1, 0), (0, 2), (2, 1)];
        let cap = [10i64, 5, 5, 5];
        let supply = [10, -10, 0]; // out − in
        let sol = solve::<i64>(3, &arcs, &cap, &supply);
        assert_eq!(cost(&sol.flow), 25 - 15);
        assert_eq!(sol.flow, vec![10, 0, 0, 0]);
    }

    #[test]
    fn i128_flows_beyond_i64() {
        let big = i128::from(i64::MAX);
        let sol = solve::<i128>(2, &[(0, 1), (1, 0)], &[2 * big, big], &[big, -big]);
        assert_eq!(sol.flow, vec![big, 0]);
    }
}

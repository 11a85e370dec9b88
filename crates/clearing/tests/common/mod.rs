//! An exact reference solver, independent of the crate's: cycle cancelling with Bellman-Ford.
//!
//! Start from x = O (nothing set off, feasible) and, while the residual network (forward arc
//! i→j of cost +1 where x < O, backward arc j→i of cost −1 where x > 0) has a negative cycle,
//! push the cycle's bottleneck around it. No negative cycle left ⇔ optimal (the classic
//! negative-cycle optimality condition). Slow, obviously correct, for small graphs only.

#![allow(dead_code)]

use std::collections::BTreeMap;

use bayanihan_clearing::Obligation;

/// Minimum remaining debt (total debt − optimal cleared amount).
pub fn min_remaining(obligations: &[Obligation]) -> i128 {
    let mut pairs: BTreeMap<(u32, u32), i128> = BTreeMap::new();
    for o in obligations {
        *pairs.entry((o.debtor, o.creditor)).or_default() += i128::from(o.amount);
    }
    let arcs: Vec<(usize, usize, i128)> = pairs
        .into_iter()
        .map(|((i, j), o)| (i as usize, j as usize, o))
        .collect();
    let n = arcs.iter().map(|a| a.0.max(a.1) + 1).max().unwrap_or(0);
    let mut x: Vec<i128> = arcs.iter().map(|a| a.2).collect();

    for _ in 0..100_000 {
        // Residual arcs: (from, to, cost, arc index, forward?)
        let mut res: Vec<(usize, usize, i64, usize, bool)> = Vec::new();
        for (k, &(i, j, o)) in arcs.iter().enumerate() {
            if x[k] < o {
                res.push((i, j, 1, k, true));
            }
            if x[k] > 0 {
                res.push((j, i, -1, k, false));
            }
        }
        let Some(cycle) = negative_cycle(n, &res) else {
            return x.iter().sum();
        };
        let delta = cycle
            .iter()
            .map(|&r| {
                let (_, _, _, k, fwd) = res[r];
                if fwd {
                    arcs[k].2 - x[k]
                } else {
                    x[k]
                }
            })
            .min()
            .expect("cycle is not empty");
        for &r in &cycle {
            let (_, _, _, k, fwd) = res[r];
            if fwd {
                x[k] += delta;
            } else {
                x[k] -= delta;
            }
        }
    }
    panic!("reference solver did not converge");
}

/// Bellman-Ford from a virtual source joined to every node at cost 0; returns the residual
/// arcs of a negative cycle, if any.
fn negative_cycle(n: usize, res: &[(usize, usize, i64, usize, bool)]) -> Option<Vec<usize>> {
    let mut dist = vec![0i64; n];
    let mut pred: Vec<Option<usize>> = vec![None; n];
    let mut last = None;
    for _ in 0..=n {
        last = None;
        for (r, &(u, v, c, _, _)) in res.iter().enumerate() {
            if dist[u] + c < dist[v] {
                dist[v] = dist[u] + c;
                pred[v] = Some(r);
                last = Some(v);
            }
        }
        last?;
    }
    // Still relaxing after n rounds: walk back n steps to land on the cycle, then collect it.
    let mut v = last?;
    for _ in 0..n {
        v = res[pred[v]?].0;
    }
    let start = v;
    let mut cycle = Vec::new();
    loop {
        let r = pred[v]?;
        cycle.push(r);
        v = res[r].0;
        if v == start {
            break;
        }
    }
    Some(cycle)
}

pub fn ob(debtor: u32, creditor: u32, amount: i64) -> Obligation {
    Obligation {
        debtor,
        creditor,
        amount,
        due: 0,
    }
}

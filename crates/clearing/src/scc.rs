//! Strongly connected components (iterative Tarjan).
//!
//! Every cycle of debt lies inside one strongly connected component, so an arc between two
//! components can never be part of a set-off; each component is solved on its own. The
//! recursion of Tarjan's algorithm is replaced by an explicit stack because supply chains
//! produce paths tens of thousands of nodes long, which would overflow the thread's stack.

const UNVISITED: u32 = u32::MAX;

/// Components of the graph given in CSR form (`targets[offsets[v]..offsets[v + 1]]` are the
/// heads of `v`'s arcs). Returns the component of each node and the number of components.
/// Components are numbered in reverse topological order: every arc between two different
/// components goes from a higher number to a lower one.
pub(crate) fn components(offsets: &[u32], targets: &[u32]) -> (Vec<u32>, u32) {
    let n = offsets.len() - 1;
    let mut index = vec![UNVISITED; n];
    let mut low = vec![0u32; n];
    let mut comp = vec![UNVISITED; n];
    let mut stack: Vec<u32> = Vec::new();
    // (node, next arc position) frames replacing the recursion.
    let mut frames: Vec<(u32, u32)> = Vec::new();
    let mut counter = 0u32;
    let mut count = 0u32;

    for root in 0..n as u32 {
        if index[root as usize] != UNVISITED {
            continue;
        }
        index[root as usize] = counter;
        low[root as usize] = counter;
        counter += 1;
        stack.push(root);
        frames.push((root, offsets[root as usize]));

        while let Some(frame) = frames.last_mut() {
            let v = frame.0 as usize;
            if frame.1 < offsets[v + 1] {
                let w = targets[frame.1 as usize] as usize;
                frame.1 += 1;
                if index[w] == UNVISITED {
                    index[w] = counter;
                    low[w] = counter;
                    counter += 1;
                    stack.push(w as u32);
                    frames.push((w as u32, offsets[w]));
                } else if comp[w] == UNVISITED {
                    // w is still on the stack (visited, not yet assigned to a component).
                    low[v] = low[v].min(index[w]);
                }
            } else {
                frames.pop();
                if let Some(parent) = frames.last() {
                    let p = parent.0 as usize;
                    low[p] = low[p].min(low[v]);
                }
                if low[v] == index[v] {
                    loop {
                        let w = stack.pop().expect("Tarjan stack holds v") as usize;
                        comp[w] = count;
                        if w == v {
                            break;
                        }
                    }
                    count += 1;
                }
            }
        }
    }
    (comp, count)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn csr(n: usize, arcs: &[(u32, u32)]) -> (Vec<u32>, Vec<u32>) {
        let mut off = vec![0u32; n + 1];
        for &(u, _) in arcs {
            off[u as usize + 1] += 1;
        }
        for i in 0..n {
            off[i + 1] += off[i];
        }
        let mut pos = off.clone();
        let mut t = vec![0u32; arcs.len()];
        for &(u, v) in arcs {
            t[pos[u as usize] as usize] = v;
            pos[u as usize] += 1;
        }
        (off, t)
    }

    #[test]
    fn two_cycles_joined_by_a_bridge() {
        // 0→1→2→0 and 3→4→3, bridge 2→3, isolated 5.
        let (off, t) = csr(6, &[(0, 1), (1, 2), (2, 0), (2, 3), (3, 4), (4, 3)]);
        let (comp, count) = components(&off, &t);
        assert_eq!(count, 3);
        assert_eq!(comp[0], comp[1]);
        assert_eq!(comp[1], comp[2]);
        assert_eq!(comp[3], comp[4]);
        assert_ne!(comp[0], comp[3]);
        // Reverse topological numbering: the bridge goes from higher to lower.
        assert!(comp[2] > comp[3]);
        assert_ne!(comp[5], comp[0]);
        assert_ne!(comp[5], comp[3]);
    }

    #[test]
    fn long_path_does_not_overflow_the_stack() {
        let n = 200_000u32;
        let arcs: Vec<(u32, u32)> = (0..n - 1).map(|i| (i, i + 1)).chain([(n - 1, 0)]).collect();
        let (off, t) = csr(n as usize, &arcs);
        let (comp, count) = components(&off, &t);
        assert_eq!(count, 1);
        assert!(comp.iter().all(|&c| c == 0));
    }
}

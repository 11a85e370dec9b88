//! Where a delivery counts: the scopes of the impact accounts. A line between a hub, a producer
//! and a consumer group counts for everyone (`all`), for its cycle, for each of the three
//! organizations, and for every network any of them belongs to — directly or through other
//! networks. Rollups are summed per offer and group first, then fanned out to these scopes, so
//! a million lines are added once.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use uuid::Uuid;

use crate::impact::rollup::Rollup;

/// The networks `org` belongs to, directly or through other networks; `parents` maps an
/// organization to the networks it is a direct member of. Loops in the map end the walk.
pub fn reachable(org: Uuid, parents: &HashMap<Uuid, Vec<Uuid>>) -> BTreeSet<Uuid> {
    let mut seen = BTreeSet::new();
    let mut todo = vec![org];
    while let Some(o) = todo.pop() {
        for n in parents.get(&o).into_iter().flatten() {
            if seen.insert(*n) {
                todo.push(*n);
            }
        }
    }
    seen
}

/// The scope keys a delivery of cycle `cycle` between `orgs` (hub, producer, consumer group)
/// counts in: `all`, `cycle:<id>`, `organization:<id>` and `network:<id>`.
pub fn scopes(
    cycle: Uuid,
    orgs: [Uuid; 3],
    parents: &HashMap<Uuid, Vec<Uuid>>,
    cache: &mut HashMap<Uuid, BTreeSet<Uuid>>,
) -> BTreeSet<String> {
    let mut out: BTreeSet<String> = BTreeSet::new();
    out.insert("all".into());
    out.insert(format!("cycle:{cycle}"));
    for org in orgs {
        out.insert(format!("organization:{org}"));
        let nets = cache.entry(org).or_insert_with(|| reachable(org, parents));
        out.extend(nets.iter().map(|n| format!("network:{n}")));
    }
    out
}

/// Fans rollups kept per key `K` (e.g. offer and group) out to every scope each counts in,
/// further keyed by `D` (e.g. category and country): each scope's row is the merge of the
/// rollups that count in it.
pub fn fan_out<'a, K, D: Ord + Clone>(
    base: impl IntoIterator<Item = (K, D, BTreeSet<String>, &'a Rollup)>,
) -> BTreeMap<(String, D), Rollup> {
    let mut rows: BTreeMap<(String, D), Rollup> = BTreeMap::new();
    for (_, detail, scopes, r) in base {
        for scope in scopes {
            rows.entry((scope, detail.clone())).or_default().merge(r);
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn networks_are_reached_through_networks_and_loops_end() {
        let (a, n1, n2) = (Uuid::from_u128(1), Uuid::from_u128(2), Uuid::from_u128(3));
        let parents = HashMap::from([(a, vec![n1]), (n1, vec![n2]), (n2, vec![n1])]);
        assert_eq!(reachable(a, &parents), BTreeSet::from([n1, n2]));
        let mut cache = HashMap::new();
        let s = scopes(Uuid::from_u128(9), [a, a, a], &parents, &mut cache);
        assert_eq!(
            s,
            BTreeSet::from([
                "all".to_string(),
                format!("cycle:{}", Uuid::from_u128(9)),
                format!("organization:{a}"),
                format!("network:{n1}"),
                format!("network:{n2}"),
            ])
        );
    }
}

//! # Fair allocation of an offer's supply at the close of an order cycle
//!
//! When an order cycle closes, every offer of a producer co-op has a supply (whole units) and a
//! set of order lines from consumer groups that claim some of it. If the supply covers every
//! claim, everyone gets what they asked for. If it does not, this module decides who gets what,
//! by a [`Policy`] the network chose, and records *why* each line got what it got
//! ([`Reason`]), so that a coordinator can explain the result to the members.
//!
//! [`allocate`] works on one offer at a time and returns one [`Allocation`] per [`Request`], in
//! the order the requests were given.
//!
//! ## Rules
//!
//! **Priority tiers.** Every request has a `tier`: 0 is served first, then 1, and so on (a
//! network may, for example, put its own members' groups before guests). Tiers are processed in
//! ascending order:
//!
//! * a tier whose total demand fits in the supply that is left is served in full
//!   ([`Reason::Full`]), and its demand is taken off the supply;
//! * the first tier whose demand does *not* fit (the *short tier*) shares the supply that is left
//!   by the policy below, even when that is 0 units (for example with no supply at all, or when
//!   the tiers before it took exactly everything);
//! * every tier after the short tier gets nothing ([`Reason::TierExhausted`]).
//!
//! So a lower tier never gets a unit of the offer while a line of a higher tier is still short.
//!
//! **Policies**, applied within the short tier only, with `S` the supply left for the tier and
//! `R > S` the tier's total demand:
//!
//! * [`Policy::FirstCome`] (`"first_come"`): lines are served in ascending placement order
//!   `seq` (ties by line id), each getting `min(requested, remaining)`. This is the one policy
//!   that deliberately rewards ordering early.
//! * [`Policy::ProRata`] (`"pro_rata"`): each line gets `floor(S·r/R)` (computed in `u128`, so
//!   it cannot overflow); the units left over after rounding down (`S − Σ floors`, always fewer
//!   than the number of lines) go one each to the lines with the largest fractional remainders
//!   `S·r mod R`, compared as exact integers. Lines with equal remainders are ordered by the
//!   tie-break key below. A line therefore gets `floor(S·r/R)` or `ceil(S·r/R)`.
//! * [`Policy::EqualShare`] (`"equal_share"`): max-min fairness in whole units
//!   ("water-filling"). The level `L` is the largest such that `Σ min(r, L) ≤ S`; every line gets
//!   `min(r, L)`, and the `U = S − Σ min(r, L)` units that remain (fewer than the lines with
//!   `r > L`) go one each to lines with `r > L`, by descending tie-break key. So a line that got
//!   less than it asked for got at least every other line's allocation minus one.
//!
//! **Always**: a line never gets more than it asked for; the units handed out total exactly
//! `min(supply, Σ requested)`; lines asking for 0 get 0 (with [`Reason::Full`] if their tier
//! fits); no requests give an empty result. The result is deterministic (same requests, policy
//! and seed give the same result) and does not depend on the order of the input slice: only
//! `seq` expresses placement order, and only `first_come` looks at it.
//!
//! ## The tie-break key, and why it is fair
//!
//! Ties (equal remainders in `pro_rata`, the extra units above the level in `equal_share`) are
//! settled by
//!
//! ```text
//! tiebreak(seed, line) = splitmix64(seed ^ low64(line) ^ splitmix64(high64(line)))
//! ```
//!
//! where `high64`/`low64` are the first and last 8 bytes of the line's UUID (big-endian, as in
//! [`Uuid::as_u64_pair`]) and the **higher key wins**. See [`tiebreak`].
//!
//! Obvious tie-breaks are unfair in ways members notice: "earliest order first" hands every
//! leftover unit to whoever can order the moment a cycle opens (often the best-connected group),
//! and "by name" or "by id" favours the same groups every single cycle. This key uses neither:
//! placement time (`seq`) and names do not enter it, and the line id is a random (v4) UUID that
//! splitmix64 scrambles together with the cycle's seed, so the ordering of keys bears no relation
//! to the ordering of ids. Because the seed changes from cycle to cycle, so does who wins a tie;
//! because it is fixed for a cycle (it should be drawn when the cycle closes and stored with it),
//! anyone can recompute and audit the result. The high half is mixed before it is combined with
//! the low half so that the two halves cannot cancel each other out.
//!
//! ## Cost
//!
//! A cycle's close runs this for every offer (order of a million lines over ten thousand
//! offers), so each call is `O(n log n)` in the offer's number of lines, with a handful of
//! `Vec`s per call and no per-line allocation or hashing: tiers are grouped by sorting indices,
//! `first_come` and `equal_share` sort the short tier's indices, and the leftover units of
//! `pro_rata` and `equal_share` are picked with a linear-time selection.

use std::cmp::Ordering;
use std::fmt;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// How an offer's supply is shared when demand exceeds it. Serde ids: `"first_come"`,
/// `"pro_rata"`, `"equal_share"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Policy {
    /// Serve the short tier in placement order.
    FirstCome,
    /// Share the short tier's supply in proportion to what each line asked for.
    ProRata,
    /// Share the short tier's supply equally, never giving a line more than it asked for.
    EqualShare,
}

impl Policy {
    /// Every policy, in the order they are offered to a network.
    pub const ALL: &'static [Policy] = &[Policy::FirstCome, Policy::ProRata, Policy::EqualShare];

    /// The stable id, as stored and exchanged (the same as the serde id).
    pub fn id(self) -> &'static str {
        match self {
            Policy::FirstCome => "first_come",
            Policy::ProRata => "pro_rata",
            Policy::EqualShare => "equal_share",
        }
    }

    /// Parses a policy id (surrounding whitespace ignored), naming the accepted ids when it is
    /// unknown.
    pub fn parse(s: &str) -> Result<Policy, String> {
        let s = s.trim();
        Policy::ALL
            .iter()
            .copied()
            .find(|p| p.id() == s)
            .ok_or_else(|| {
                let ids: Vec<&str> = Policy::ALL.iter().map(|p| p.id()).collect();
                format!(
                    "\"{s}\" is not a known allocation policy; use one of: {}",
                    ids.join(", ")
                )
            })
    }
}

impl fmt::Display for Policy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// One order line's claim on one offer.
///
/// Line ids are expected to be unique within an offer; duplicates are still allocated
/// deterministically.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Request {
    /// The order line (a random v4 UUID; the tie-break key is derived from it).
    pub line: Uuid,
    /// Whole units asked for.
    pub requested: u64,
    /// Priority tier: 0 is served first, then 1, and so on.
    pub tier: u32,
    /// Placement order (a per-cycle counter); only `first_come` uses it.
    pub seq: u64,
}

/// What a line got, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Allocation {
    /// The order line, as in the [`Request`].
    pub line: Uuid,
    /// Whole units asked for, as in the [`Request`].
    pub requested: u64,
    /// Whole units allocated: never more than `requested`.
    pub allocated: u64,
    /// Why the line got `allocated`; [`Reason`]'s `Display` explains it in a sentence.
    pub reason: Reason,
}

/// Why a line got what it got. Serialized with a `"basis"` tag, e.g.
/// `{"basis":"pro_rata","supply":12,"demand":40,"bonus":1}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "basis", rename_all = "snake_case")]
pub enum Reason {
    /// Supply covered every line of this tier (and the tiers above) in full.
    Full,
    /// first_come: served in placement order; `remaining` = what was left when this line's turn
    /// came (the line got `min(requested, remaining)`).
    FirstCome {
        /// Units left when this line's turn came.
        remaining: u64,
    },
    /// pro_rata: `floor(S·r/R)` plus possibly one unit from the largest-remainder round
    /// (`bonus` = 0 or 1); S = supply left for the tier, R = tier demand.
    ProRata {
        /// S: the supply left for the tier.
        supply: u64,
        /// R: the tier's total demand (saturated at `u64::MAX`, which no real offer reaches;
        /// the allocation itself is computed exactly).
        demand: u64,
        /// 1 if this line got one of the units left over after rounding down, else 0.
        bonus: u64,
    },
    /// equal_share: water level L (every line got min(requested, L), plus one extra unit for
    /// some lines when units remained (`bonus`)).
    EqualShare {
        /// L: the largest level with `Σ min(r, L) ≤ S` over the tier.
        level: u64,
        /// 1 if this line got one of the units left over above the level, else 0.
        bonus: u64,
    },
    /// A higher tier took everything: this tier got nothing.
    TierExhausted {
        /// This line's own tier.
        tier: u32,
    },
    /// A reason an earlier version stored as an English sentence (before reasons were kept as
    /// codes), shown as it was written. Allocation never makes it.
    Recorded {
        /// The sentence as stored.
        text: String,
    },
}

impl Reason {
    /// A compact, stable code for storage: `full`, `first_come:R`, `pro_rata:S:D:B`,
    /// `equal_share:L:B`, `tier_exhausted:T` (a million lines store a few bytes each, and the
    /// sentence is rendered when read).
    pub fn code(&self) -> String {
        match *self {
            Reason::Full => "full".into(),
            Reason::FirstCome { remaining } => format!("first_come:{remaining}"),
            Reason::ProRata {
                supply,
                demand,
                bonus,
            } => format!("pro_rata:{supply}:{demand}:{bonus}"),
            Reason::EqualShare { level, bonus } => format!("equal_share:{level}:{bonus}"),
            Reason::TierExhausted { tier } => format!("tier_exhausted:{tier}"),
            Reason::Recorded { ref text } => text.clone(),
        }
    }

    /// Reads a stored reason back: a [`Reason::code`], or (from a database an earlier version
    /// wrote) a sentence, kept as [`Reason::Recorded`].
    pub fn read(stored: &str) -> Reason {
        Reason::from_code(stored).unwrap_or_else(|| Reason::Recorded {
            text: stored.to_string(),
        })
    }

    /// Reads a [`Reason::code`] back.
    pub fn from_code(code: &str) -> Option<Reason> {
        let mut parts = code.split(':');
        let kind = parts.next()?;
        let mut num = || parts.next().and_then(|p| p.parse::<u64>().ok());
        let r = match kind {
            "full" => Reason::Full,
            "first_come" => Reason::FirstCome { remaining: num()? },
            "pro_rata" => Reason::ProRata {
                supply: num()?,
                demand: num()?,
                bonus: num()?,
            },
            "equal_share" => Reason::EqualShare {
                level: num()?,
                bonus: num()?,
            },
            "tier_exhausted" => Reason::TierExhausted {
                tier: u32::try_from(num()?).ok()?,
            },
            _ => return None,
        };
        Some(r)
    }
}

/// "unit" or "units", so that the sentences read naturally for 1.
fn units(n: u64) -> &'static str {
    if n == 1 {
        "unit"
    } else {
        "units"
    }
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Reason::Full => f.write_str(
                "Supply covered what every line of this priority tier, and of every tier served \
                 before it, asked for.",
            ),
            Reason::FirstCome { remaining: 0 } => f.write_str(
                "Supply was short: lines were served in the order they were placed, and nothing \
                 was left when this line's turn came.",
            ),
            Reason::FirstCome { remaining } => write!(
                f,
                "Supply was short: lines were served in the order they were placed, and \
                 {remaining} {} left when this line's turn came.",
                if remaining == 1 {
                    "unit was"
                } else {
                    "units were"
                }
            ),
            Reason::ProRata {
                supply,
                demand,
                bonus,
            } => {
                write!(
                    f,
                    "Supply was short: shared in proportion to what each line asked ({supply} of \
                     {demand} {} asked for by this tier).",
                    units(demand)
                )?;
                if bonus > 0 {
                    f.write_str(
                        " This line also got one of the units left over after rounding down.",
                    )?;
                }
                Ok(())
            }
            Reason::EqualShare { level, bonus } => {
                write!(
                    f,
                    "Supply was short: shared equally, each line getting what it asked for up to \
                     {level} {}.",
                    units(level)
                )?;
                if bonus > 0 {
                    f.write_str(" This line also got one of the units left over.")?;
                }
                Ok(())
            }
            Reason::TierExhausted { tier } => write!(
                f,
                "Supply ran out before priority tier {tier}: higher-priority tiers took all of it, \
                 so this line got nothing."
            ),
            Reason::Recorded { ref text } => f.write_str(text),
        }
    }
}

/// One step of the SplitMix64 generator (Steele, Lea and Flood, 2014), used as a 64-bit mixing
/// function: the golden-ratio increment followed by two xor-shift-multiply rounds.
///
/// Every step (wrapping add, xor-shift, multiplication by an odd constant) is invertible, so it
/// is a bijection on `u64`: distinct inputs never collide. Each output bit depends on every input
/// bit, which is what makes the tie-break order unrelated to the order of ids. `splitmix64(0)`
/// is `0xE220A8397B1DCDAF`, the generator's well-known first output for seed 0.
fn splitmix64(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The tie-break key of a line in a cycle: higher wins.
///
/// `splitmix64(seed ^ low64(line) ^ splitmix64(high64(line)))`, with `high64`/`low64` the
/// halves of [`Uuid::as_u64_pair`]. It depends only on the cycle's seed and the line's random
/// id, never on placement time or names; see the module docs for why that is fair. Public so
/// that an explanation or an audit can recompute it.
pub fn tiebreak(seed: u64, line: Uuid) -> u64 {
    let (high, low) = line.as_u64_pair();
    splitmix64(seed ^ low ^ splitmix64(high))
}

/// `demand` as a `u64` for [`Reason::ProRata`], saturating (only reachable when a tier asks for
/// more than `u64::MAX` units in total).
fn saturate(demand: u128) -> u64 {
    u64::try_from(demand).unwrap_or(u64::MAX)
}

/// Last-resort order between two requests with equal keys, so that every sort here is total and
/// the result never depends on the order of the input slice: by line id, then the request's
/// other fields, then (only for requests equal in every field, which are interchangeable) input
/// position. Reached only on a 64-bit key collision or a duplicated line id.
fn identity_cmp(requests: &[Request], a: usize, b: usize) -> Ordering {
    let (ra, rb) = (&requests[a], &requests[b]);
    ra.line
        .cmp(&rb.line)
        .then(ra.requested.cmp(&rb.requested))
        .then(ra.seq.cmp(&rb.seq))
        .then(ra.tier.cmp(&rb.tier))
        .then(a.cmp(&b))
}

/// Shares `supply` among `requests`. Returns one Allocation per request, in the input order.
///
/// `seed` is the cycle's tie-break seed (see [`tiebreak`]); it only matters for `pro_rata` and
/// `equal_share` when units remain after the exact shares. The rules are in the module docs.
pub fn allocate(policy: Policy, supply: u64, requests: &[Request], seed: u64) -> Vec<Allocation> {
    let mut out: Vec<Allocation> = requests
        .iter()
        .map(|r| Allocation {
            line: r.line,
            requested: r.requested,
            allocated: 0,
            reason: Reason::Full,
        })
        .collect();

    // Group lines by tier by sorting their indices (already-sorted input, e.g. a single tier, is
    // linear). The order within a tier is irrelevant: each policy sorts by its own total key.
    let mut order: Vec<usize> = (0..requests.len()).collect();
    order.sort_unstable_by_key(|&i| (requests[i].tier, i));

    let mut remaining = supply;
    let mut rest: &mut [usize] = &mut order;
    while let Some(&first) = rest.first() {
        let tier = requests[first].tier;
        let len = rest
            .iter()
            .position(|&i| requests[i].tier != tier)
            .unwrap_or(rest.len());
        let (group, tail) = std::mem::take(&mut rest).split_at_mut(len);
        // u128: a million lines of up to u64::MAX units each cannot overflow it.
        let demand: u128 = group
            .iter()
            .map(|&i| u128::from(requests[i].requested))
            .sum();
        if demand <= u128::from(remaining) {
            for &i in group.iter() {
                out[i].allocated = requests[i].requested; // reason is already Full
            }
            // demand ≤ remaining, a u64, so the difference is a u64 and the cast is lossless.
            remaining = (u128::from(remaining) - demand) as u64;
            rest = tail;
        } else {
            match policy {
                Policy::FirstCome => first_come(remaining, group, requests, &mut out),
                Policy::ProRata => pro_rata(remaining, demand, group, requests, seed, &mut out),
                Policy::EqualShare => equal_share(remaining, group, requests, seed, &mut out),
            }
            for &i in tail.iter() {
                out[i].allocated = 0;
                out[i].reason = Reason::TierExhausted {
                    tier: requests[i].tier,
                };
            }
            break;
        }
    }
    out
}

/// first_come within the short tier: ascending `seq`, ties by line id.
fn first_come(supply: u64, group: &mut [usize], requests: &[Request], out: &mut [Allocation]) {
    group.sort_unstable_by(|&a, &b| {
        requests[a]
            .seq
            .cmp(&requests[b].seq)
            .then_with(|| identity_cmp(requests, a, b))
    });
    let mut left = supply;
    for &i in group.iter() {
        let got = requests[i].requested.min(left);
        out[i].allocated = got;
        out[i].reason = Reason::FirstCome { remaining: left };
        left -= got;
    }
}

/// Orders candidates for a leftover unit: larger `first` (the remainder, or nothing) first, then
/// the higher tie-break key, then [`identity_cmp`].
fn leftover_priority(
    requests: &[Request],
    a: &(u128, u64, usize),
    b: &(u128, u64, usize),
) -> Ordering {
    b.0.cmp(&a.0)
        .then(b.1.cmp(&a.1))
        .then_with(|| identity_cmp(requests, a.2, b.2))
}

/// pro_rata within the short tier: `floor(S·r/R)`, then largest remainders.
///
/// Why the numbers work out, with `S < R`:
/// * `S·r ≤ u64::MAX²` fits in a `u128`;
/// * `floor(S·r/R) ≤ r` because `S/R < 1`, so it fits a `u64` and never exceeds the request;
/// * `Σ (floor_i·R + rem_i) = S·R`, so `Σ rem_i = U·R` with `U = S − Σ floor_i` the leftover;
///   since every `rem_i < R`, more than `U` lines have `rem_i > 0` (and `U` < the number of
///   lines), so every leftover unit goes to a distinct line with a non-zero remainder;
/// * a line with `rem > 0` has `floor < S·r/R < r`, so `floor + 1 ≤ r`: the bonus never takes a
///   line past its request.
fn pro_rata(
    supply: u64,
    demand: u128,
    group: &[usize],
    requests: &[Request],
    seed: u64,
    out: &mut [Allocation],
) {
    let reason = |bonus| Reason::ProRata {
        supply,
        demand: saturate(demand),
        bonus,
    };
    let mut handed: u64 = 0;
    // Only lines with a non-zero remainder can win a leftover unit (see above).
    let mut fractions: Vec<(u128, u64, usize)> = Vec::new();
    for &i in group {
        let scaled = u128::from(supply) * u128::from(requests[i].requested);
        // ≤ requested (see above), so the cast is lossless.
        let floor = (scaled / demand) as u64;
        let rem = scaled % demand;
        out[i].allocated = floor;
        out[i].reason = reason(0);
        handed += floor; // Σ floors ≤ S: cannot overflow
        if rem > 0 {
            fractions.push((rem, tiebreak(seed, requests[i].line), i));
        }
    }
    // U < number of lines with a non-zero remainder = fractions.len(), so it fits a usize and
    // `select_nth_unstable_by(leftover - 1)` is in bounds.
    let leftover = (supply - handed) as usize;
    debug_assert!(leftover == 0 || leftover < fractions.len());
    if leftover > 0 {
        fractions.select_nth_unstable_by(leftover - 1, |a, b| leftover_priority(requests, a, b));
        for &(_, _, i) in &fractions[..leftover] {
            out[i].allocated += 1;
            out[i].reason = reason(1);
        }
    }
}

/// equal_share within the short tier: water-filling in whole units.
///
/// With the requests sorted ascending (`r_0 ≤ r_1 ≤ …`, `m` lines), line `k` is served in full
/// while `r_k · (m − k)` fits in what is left, i.e. while the level could still rise to `r_k`
/// for all lines not yet served. At the first `k` where it does not fit, `L = left / (m − k)`
/// and `U = left mod (m − k)`: every line from `k` on has `r > L` and gets `L`, `U` of them one
/// more. `L` is the largest level: raising it to `L + 1` would need `(m − k)(L + 1) > left`.
/// Lines before `k` have `r ≤ L` (each one served leaves at least `r · (m − k)` for the rest), so
/// they got `min(r, L)` too. Such a `k` exists because the tier's demand exceeds `S`.
fn equal_share(
    supply: u64,
    group: &mut [usize],
    requests: &[Request],
    seed: u64,
    out: &mut [Allocation],
) {
    group.sort_unstable_by_key(|&i| requests[i].requested);
    let m = group.len();
    let mut left = supply;
    let mut k = 0;
    while k < m {
        let r = requests[group[k]].requested;
        if u128::from(r) * (m - k) as u128 <= u128::from(left) {
            left -= r;
            k += 1;
        } else {
            break;
        }
    }
    debug_assert!(k < m, "equal_share is only called for a tier that is short");
    let lines = (m - k) as u64; // ≥ 1 (see above), and usize fits u64
    let level = left / lines;
    // < m − k, so it fits a usize and `select_nth_unstable_by(extra - 1)` is in bounds.
    let extra = (left % lines) as usize;

    for &i in &group[..k] {
        out[i].allocated = requests[i].requested;
        out[i].reason = Reason::EqualShare { level, bonus: 0 };
    }
    let capped = &mut group[k..];
    if extra > 0 {
        capped.select_nth_unstable_by(extra - 1, |&a, &b| {
            tiebreak(seed, requests[b].line)
                .cmp(&tiebreak(seed, requests[a].line))
                .then_with(|| identity_cmp(requests, a, b))
        });
    }
    for (pos, &i) in capped.iter().enumerate() {
        let bonus = u64::from(pos < extra);
        out[i].allocated = level + bonus;
        out[i].reason = Reason::EqualShare { level, bonus };
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::collections::BTreeMap;

    /// A distinct, random-looking line id per index (`low` is a bijection of `i`).
    fn line_id(salt: u64, i: u64) -> Uuid {
        Uuid::from_u64_pair(
            splitmix64(salt.wrapping_add(i)),
            splitmix64(splitmix64(salt) ^ i),
        )
    }

    /// Requests with the given `(requested, tier)`, `seq` in input order.
    fn reqs(spec: &[(u64, u32)]) -> Vec<Request> {
        spec.iter()
            .enumerate()
            .map(|(i, &(requested, tier))| Request {
                line: line_id(7, i as u64),
                requested,
                tier,
                seq: i as u64,
            })
            .collect()
    }

    fn allocated(out: &[Allocation]) -> Vec<u64> {
        out.iter().map(|a| a.allocated).collect()
    }

    // ---- policy ids ----

    #[test]
    fn policy_ids_round_trip_through_parse_and_serde() {
        for &p in Policy::ALL {
            assert_eq!(Policy::parse(p.id()), Ok(p));
            assert_eq!(Policy::parse(&format!("  {p} ")), Ok(p));
            let json = serde_json::to_string(&p).unwrap();
            assert_eq!(json, format!("\"{}\"", p.id()));
            assert_eq!(serde_json::from_str::<Policy>(&json).unwrap(), p);
        }
        let err = Policy::parse("lottery").unwrap_err();
        assert!(err.contains("lottery"), "{err}");
        for &p in Policy::ALL {
            assert!(err.contains(p.id()), "{err}");
        }
    }

    // ---- hand-worked examples ----

    #[test]
    fn splitmix64_matches_the_reference_generator() {
        // The reference generator seeded with 0 first outputs splitmix64(0); its second output
        // is splitmix64(0x9E3779B97F4A7C15).
        assert_eq!(splitmix64(0), 0xE220_A839_7B1D_CDAF);
        assert_eq!(splitmix64(0x9E37_79B9_7F4A_7C15), 0x6E78_9E6A_A1B9_65F4);
    }

    #[test]
    fn tiebreak_follows_the_documented_formula() {
        let line = Uuid::from_u64_pair(0x0123_4567_89AB_CDEF, 0xFEDC_BA98_7654_3210);
        let seed = 42;
        assert_eq!(
            tiebreak(seed, line),
            splitmix64(seed ^ 0xFEDC_BA98_7654_3210 ^ splitmix64(0x0123_4567_89AB_CDEF))
        );
        assert_ne!(tiebreak(seed, line), tiebreak(seed + 1, line));
    }

    #[test]
    fn pro_rata_worked_example() {
        // S = 10, requests 5, 3, 2, 7 → R = 17 > 10, so the (only) tier is short.
        //   S·r:     50, 30, 20, 70
        //   floor:    2,  1,  1,  4   (50/17, 30/17, 20/17, 70/17) → Σ = 8
        //   rem:     16, 13,  3,  2
        // Leftover 10 − 8 = 2 units → the two largest remainders (16 and 13): 3, 2, 1, 4.
        let r = reqs(&[(5, 0), (3, 0), (2, 0), (7, 0)]);
        let out = allocate(Policy::ProRata, 10, &r, 99);
        assert_eq!(allocated(&out), vec![3, 2, 1, 4]);
        let bonus: Vec<u64> = out
            .iter()
            .map(|a| match a.reason {
                Reason::ProRata {
                    supply: 10,
                    demand: 17,
                    bonus,
                } => bonus,
                ref other => panic!("unexpected reason {other:?}"),
            })
            .collect();
        assert_eq!(bonus, vec![1, 1, 0, 0]);
        // No tie, so the seed does not matter.
        assert_eq!(allocate(Policy::ProRata, 10, &r, 0), out);
    }

    #[test]
    fn pro_rata_equal_remainders_go_by_tiebreak_key_not_position() {
        // S = 3, requests 2, 2, 2, 2 → R = 8; S·r = 6 each: floor 0, remainder 6 each.
        // Leftover 3 units, all remainders tie: the three highest keys get 1, the lowest 0.
        let r = reqs(&[(2, 0), (2, 0), (2, 0), (2, 0)]);
        let mut losers = [0u32; 4];
        for seed in 0..1000 {
            let out = allocate(Policy::ProRata, 3, &r, seed);
            let lowest = (0..4).min_by_key(|&i| tiebreak(seed, r[i].line)).unwrap();
            for (i, a) in out.iter().enumerate() {
                assert_eq!(a.allocated, u64::from(i != lowest), "seed {seed}");
            }
            losers[lowest] += 1;
        }
        // Over many cycles every line is left out about a quarter of the time: no position or
        // id is favoured.
        for (i, &n) in losers.iter().enumerate() {
            assert!((180..=320).contains(&n), "line {i} lost {n} of 1000 ties");
        }
    }

    #[test]
    fn equal_share_worked_examples() {
        // S = 10, requests 1, 3, 8, 8 (sorted already), m = 4:
        //   1·4 = 4 ≤ 10 → serve 1, left 9;  3·3 = 9 ≤ 9 → serve 3, left 6;
        //   8·2 = 16 > 6 → L = 6/2 = 3, U = 0.  Result 1, 3, 3, 3 (Σ = 10).
        let r = reqs(&[(1, 0), (3, 0), (8, 0), (8, 0)]);
        let out = allocate(Policy::EqualShare, 10, &r, 5);
        assert_eq!(allocated(&out), vec![1, 3, 3, 3]);
        assert!(out
            .iter()
            .all(|a| a.reason == Reason::EqualShare { level: 3, bonus: 0 }));

        // S = 11: as above but left 7 at the 8s → L = 3, U = 1: one 8 gets 4, by key.
        // Check: Σ min(r, 3) = 1+3+3+3 = 10 ≤ 11, Σ min(r, 4) = 1+3+4+4 = 12 > 11.
        let out = allocate(Policy::EqualShare, 11, &r, 5);
        let winner = if tiebreak(5, r[2].line) > tiebreak(5, r[3].line) {
            2
        } else {
            3
        };
        for (i, a) in out.iter().enumerate() {
            let bonus = u64::from(i == winner);
            assert_eq!(a.allocated, if i < 2 { r[i].requested } else { 3 + bonus });
            assert_eq!(a.reason, Reason::EqualShare { level: 3, bonus });
        }
    }

    #[test]
    fn first_come_worked_example() {
        // S = 10; (requested, seq): a (5, 3), b (4, 1), c (6, 2), d (2, 4).
        // By seq: b gets 4 (10 left → 6), c gets 6 (6 left → 0), a gets 0, d gets 0.
        let mut r = reqs(&[(5, 0), (4, 0), (6, 0), (2, 0)]);
        for (req, seq) in r.iter_mut().zip([3, 1, 2, 4]) {
            req.seq = seq;
        }
        let out = allocate(Policy::FirstCome, 10, &r, 0);
        assert_eq!(allocated(&out), vec![0, 4, 6, 0]);
        let remaining: Vec<Reason> = [0, 10, 6, 0]
            .into_iter()
            .map(|remaining| Reason::FirstCome { remaining })
            .collect();
        assert_eq!(
            out.iter().map(|a| a.reason.clone()).collect::<Vec<_>>(),
            remaining
        );
    }

    #[test]
    fn first_come_breaks_equal_seq_by_line_id() {
        let mut r = reqs(&[(3, 0), (3, 0)]);
        r[0].seq = 1;
        r[1].seq = 1;
        let out = allocate(Policy::FirstCome, 4, &r, 0);
        let (first, second) = if r[0].line < r[1].line {
            (0, 1)
        } else {
            (1, 0)
        };
        assert_eq!(out[first].allocated, 3);
        assert_eq!(out[second].allocated, 1);
    }

    #[test]
    fn tiers_are_served_in_order() {
        // S = 10. Tier 0: 3 + 2 = 5 ≤ 10 → Full, 5 left.
        // Tier 1: 6 + 2 = 8 > 5 → short, pro_rata with S = 5, R = 8:
        //   S·r = 30, 10 → floors 3, 1 (Σ 4), remainders 6, 2 → the leftover unit to the 6: 4, 1.
        // Tier 2: nothing left → TierExhausted.
        // Input order is mixed on purpose.
        let r = reqs(&[(1, 2), (6, 1), (3, 0), (2, 1), (2, 0)]);
        let out = allocate(Policy::ProRata, 10, &r, 3);
        assert_eq!(allocated(&out), vec![0, 4, 3, 1, 2]);
        assert_eq!(out[0].reason, Reason::TierExhausted { tier: 2 });
        assert_eq!(
            out[1].reason,
            Reason::ProRata {
                supply: 5,
                demand: 8,
                bonus: 1
            }
        );
        assert_eq!(out[2].reason, Reason::Full);
        assert_eq!(
            out[3].reason,
            Reason::ProRata {
                supply: 5,
                demand: 8,
                bonus: 0
            }
        );
        assert_eq!(out[4].reason, Reason::Full);
        for (a, q) in out.iter().zip(&r) {
            assert_eq!(a.line, q.line);
            assert_eq!(a.requested, q.requested);
        }
    }

    #[test]
    fn a_tier_after_an_exact_fit_shares_nothing() {
        // S = 5: tier 0 asks for exactly 5 → Full; tier 1 is short with 0 left; tier 2 exhausted.
        let r = reqs(&[(5, 0), (3, 1), (4, 2)]);
        for &p in Policy::ALL {
            let out = allocate(p, 5, &r, 1);
            assert_eq!(allocated(&out), vec![5, 0, 0], "{p}");
            assert_eq!(out[0].reason, Reason::Full);
            let expected = match p {
                Policy::FirstCome => Reason::FirstCome { remaining: 0 },
                Policy::ProRata => Reason::ProRata {
                    supply: 0,
                    demand: 3,
                    bonus: 0,
                },
                Policy::EqualShare => Reason::EqualShare { level: 0, bonus: 0 },
            };
            assert_eq!(out[1].reason, expected);
            assert_eq!(out[2].reason, Reason::TierExhausted { tier: 2 });
        }
    }

    #[test]
    fn enough_supply_serves_everyone_in_full() {
        let r = reqs(&[(4, 0), (0, 1), (6, 3)]);
        for &p in Policy::ALL {
            let out = allocate(p, 10, &r, 0);
            assert_eq!(allocated(&out), vec![4, 0, 6]);
            assert!(out.iter().all(|a| a.reason == Reason::Full));
        }
    }

    #[test]
    fn edge_cases_empty_zero_supply_and_zero_requests() {
        for &p in Policy::ALL {
            assert!(allocate(p, 10, &[], 0).is_empty());

            // Zero-quantity lines in a tier that fits are Full with 0.
            let out = allocate(p, 0, &reqs(&[(0, 0), (0, 1)]), 0);
            assert_eq!(allocated(&out), vec![0, 0]);
            assert!(out.iter().all(|a| a.reason == Reason::Full));

            // No supply: tier 0 shares 0 units by the policy; tier 1 is exhausted.
            let out = allocate(p, 0, &reqs(&[(3, 0), (0, 0), (2, 1)]), 0);
            assert_eq!(allocated(&out), vec![0, 0, 0]);
            assert!(!matches!(
                out[0].reason,
                Reason::Full | Reason::TierExhausted { .. }
            ));
            assert_eq!(out[2].reason, Reason::TierExhausted { tier: 1 });
        }
    }

    #[test]
    fn huge_quantities_do_not_overflow() {
        // S = M = u64::MAX, two requests of M each: R = 2M. S·r = M², floor(M²/2M) = floor(M/2)
        // = (M − 1)/2 each (M is odd), remainder M each; Σ floors = M − 1, leftover 1 unit.
        let m = u64::MAX;
        let r = reqs(&[(m, 0), (m, 0)]);
        let out = allocate(Policy::ProRata, m, &r, 11);
        let mut got = allocated(&out);
        got.sort_unstable();
        assert_eq!(got, vec![m / 2, m / 2 + 1]);
        assert!(out.iter().all(|a| matches!(
            a.reason,
            Reason::ProRata {
                supply,
                demand,
                ..
            } if supply == m && demand == m // 2M saturates
        )));
        for &p in Policy::ALL {
            let out = allocate(p, m, &r, 11);
            assert_eq!(
                out.iter().map(|a| u128::from(a.allocated)).sum::<u128>(),
                u128::from(m)
            );
        }
    }

    #[test]
    fn stored_reasons_read_back_codes_and_sentences_of_earlier_versions() {
        for r in [
            Reason::Full,
            Reason::FirstCome { remaining: 3 },
            Reason::ProRata {
                supply: 12,
                demand: 40,
                bonus: 1,
            },
            Reason::EqualShare { level: 4, bonus: 0 },
            Reason::TierExhausted { tier: 2 },
        ] {
            assert_eq!(Reason::read(&r.code()), r);
        }
        let old =
            "Supply was short: shared equally, each line getting what it asked for up to 4 units.";
        let r = Reason::read(old);
        assert_eq!(r, Reason::Recorded { text: old.into() });
        assert_eq!(r.to_string(), old);
        assert_eq!(Reason::read(&r.code()), r);
    }

    #[test]
    fn reasons_serialize_with_a_basis_tag_and_read_as_sentences() {
        let reason = Reason::ProRata {
            supply: 12,
            demand: 40,
            bonus: 1,
        };
        assert_eq!(
            serde_json::to_value(&reason).unwrap(),
            serde_json::json!({"basis": "pro_rata", "supply": 12, "demand": 40, "bonus": 1})
        );
        assert_eq!(
            serde_json::to_value(Reason::Full).unwrap(),
            serde_json::json!({"basis": "full"})
        );
        assert_eq!(
            serde_json::to_value(Reason::TierExhausted { tier: 2 }).unwrap(),
            serde_json::json!({"basis": "tier_exhausted", "tier": 2})
        );
        assert!(reason.to_string().starts_with(
            "Supply was short: shared in proportion to what each line asked (12 of 40 units \
             asked for by this tier)."
        ));
        for reason in [
            Reason::Full,
            Reason::FirstCome { remaining: 0 },
            Reason::FirstCome { remaining: 1 },
            Reason::EqualShare { level: 4, bonus: 1 },
            Reason::TierExhausted { tier: 1 },
        ] {
            let text = reason.to_string();
            assert!(text.ends_with('.') && !text.contains("  "), "{text}");
        }
        let allocation = Allocation {
            line: Uuid::nil(),
            requested: 3,
            allocated: 2,
            reason: Reason::EqualShare { level: 2, bonus: 0 },
        };
        assert_eq!(
            serde_json::to_value(&allocation).unwrap()["reason"]["basis"],
            "equal_share"
        );
    }

    #[test]
    fn a_hundred_thousand_lines_allocate() {
        let n = 100_000u64;
        let r: Vec<Request> = (0..n)
            .map(|i| Request {
                line: Uuid::new_v4(),
                requested: splitmix64(i) % 50,
                tier: (splitmix64(!i) % 3) as u32,
                seq: n - i,
            })
            .collect();
        let total: u128 = r.iter().map(|q| u128::from(q.requested)).sum();
        for &p in Policy::ALL {
            for supply in [0, 1_234_567, 2_000_000, 10_000_000] {
                let out = allocate(p, supply, &r, 2024);
                assert_eq!(out.len(), r.len());
                assert!(out
                    .iter()
                    .zip(&r)
                    .all(|(a, q)| a.line == q.line && a.allocated <= q.requested));
                let sum: u128 = out.iter().map(|a| u128::from(a.allocated)).sum();
                assert_eq!(sum, total.min(u128::from(supply)));
            }
        }
    }

    // ---- properties ----

    /// The short tier, computed independently: (tier, supply left for it, its demand).
    fn short_tier(supply: u64, requests: &[Request]) -> Option<(u32, u64, u128)> {
        let mut tiers: Vec<u32> = requests.iter().map(|r| r.tier).collect();
        tiers.sort_unstable();
        tiers.dedup();
        let mut left = u128::from(supply);
        for t in tiers {
            let demand: u128 = requests
                .iter()
                .filter(|r| r.tier == t)
                .map(|r| u128::from(r.requested))
                .sum();
            if demand > left {
                return Some((t, left as u64, demand));
            }
            left -= demand;
        }
        None
    }

    fn arb_requests(
        max_len: usize,
        requested: impl Strategy<Value = u64>,
        max_tier: u32,
    ) -> impl Strategy<Value = Vec<Request>> {
        (
            any::<u64>(),
            prop::collection::vec((requested, 0..=max_tier, 0u64..20), 0..max_len),
        )
            .prop_map(|(salt, raw)| {
                raw.into_iter()
                    .enumerate()
                    .map(|(i, (requested, tier, seq))| Request {
                        line: line_id(salt, i as u64),
                        requested,
                        tier,
                        seq,
                    })
                    .collect()
            })
    }

    fn arb_policy() -> impl Strategy<Value = Policy> {
        prop::sample::select(Policy::ALL)
    }

    /// Small numbers, so that short tiers, equal remainders and ties are common.
    fn arb_case() -> impl Strategy<Value = (Policy, u64, Vec<Request>, u64)> {
        (
            arb_policy(),
            0u64..150,
            arb_requests(40, 0u64..12, 3),
            any::<u64>(),
        )
    }

    /// Quantities up to u64::MAX, to exercise the u128 arithmetic.
    fn arb_huge_case() -> impl Strategy<Value = (Policy, u64, Vec<Request>, u64)> {
        let quantity = prop_oneof![0u64..10, any::<u64>(), (u64::MAX - 3)..=u64::MAX];
        (
            arb_policy(),
            prop_oneof![any::<u64>(), Just(u64::MAX)],
            arb_requests(12, quantity, 2),
            any::<u64>(),
        )
    }

    fn basic_invariants(
        supply: u64,
        requests: &[Request],
        out: &[Allocation],
    ) -> Result<(), TestCaseError> {
        prop_assert_eq!(out.len(), requests.len());
        let mut handed: u128 = 0;
        let mut asked: u128 = 0;
        for (a, q) in out.iter().zip(requests) {
            prop_assert_eq!(a.line, q.line);
            prop_assert_eq!(a.requested, q.requested);
            prop_assert!(a.allocated <= q.requested);
            handed += u128::from(a.allocated);
            asked += u128::from(q.requested);
        }
        prop_assert!(handed <= u128::from(supply));
        prop_assert_eq!(handed, asked.min(u128::from(supply)));
        Ok(())
    }

    fn by_line(out: &[Allocation]) -> BTreeMap<Uuid, (u64, Reason)> {
        out.iter()
            .map(|a| (a.line, (a.allocated, a.reason.clone())))
            .collect()
    }

    proptest! {
        #[test]
        fn never_more_than_supply_or_requested_and_sum_is_min(
            (policy, supply, r, seed) in arb_case(),
        ) {
            basic_invariants(supply, &r, &allocate(policy, supply, &r, seed))?;
        }

        #[test]
        fn huge_quantities_keep_the_invariants((policy, supply, r, seed) in arb_huge_case()) {
            basic_invariants(supply, &r, &allocate(policy, supply, &r, seed))?;
        }

        #[test]
        fn tiers_are_strictly_ordered((policy, supply, r, seed) in arb_case()) {
            let out = allocate(policy, supply, &r, seed);
            let short = short_tier(supply, &r);
            for (a, q) in out.iter().zip(&r) {
                if a.allocated < q.requested {
                    for (b, p) in out.iter().zip(&r) {
                        if p.tier > q.tier {
                            prop_assert_eq!(b.allocated, 0);
                        }
                    }
                }
                // Reasons agree with the independent computation of the short tier.
                match short {
                    Some((t, _, _)) if q.tier > t => {
                        prop_assert_eq!(&a.reason, &Reason::TierExhausted { tier: q.tier });
                    }
                    Some((t, _, _)) if q.tier == t => {
                        prop_assert!(
                            !matches!(a.reason, Reason::Full | Reason::TierExhausted { .. }),
                            "short tier line with reason {:?}", a.reason
                        );
                    }
                    _ => {
                        prop_assert_eq!(&a.reason, &Reason::Full);
                        prop_assert_eq!(a.allocated, q.requested);
                    }
                }
            }
        }

        #[test]
        fn pro_rata_is_within_one_of_the_exact_share(
            supply in 0u64..150,
            r in arb_requests(40, 0u64..12, 3),
            seed in any::<u64>(),
        ) {
            let out = allocate(Policy::ProRata, supply, &r, seed);
            let Some((tier, s, demand)) = short_tier(supply, &r) else {
                return Ok(());
            };
            let s128 = u128::from(s);
            let mut winners = Vec::new();
            let mut others = Vec::new();
            for (a, q) in out.iter().zip(&r).filter(|(_, q)| q.tier == tier) {
                let exact = s128 * u128::from(q.requested);
                let floor = exact / demand;
                let ceil = exact.div_ceil(demand);
                let got = u128::from(a.allocated);
                prop_assert!(floor <= got && got <= ceil, "{} not in [{}, {}]", got, floor, ceil);
                let bonus = u64::from(got > floor);
                prop_assert_eq!(
                    &a.reason,
                    &Reason::ProRata { supply: s, demand: demand as u64, bonus }
                );
                let key = (exact % demand, tiebreak(seed, q.line));
                if bonus == 1 { winners.push(key) } else { others.push(key) }
            }
            // Largest remainders win, ties by the higher key; a zero remainder never wins.
            for w in &winners {
                prop_assert!(w.0 > 0);
                for o in &others {
                    prop_assert!(w > o, "winner {:?} ranked below {:?}", w, o);
                }
            }
        }

        #[test]
        fn equal_share_is_max_min_fair(
            supply in 0u64..150,
            r in arb_requests(40, 0u64..12, 3),
            seed in any::<u64>(),
        ) {
            let out = allocate(Policy::EqualShare, supply, &r, seed);
            let Some((tier, s, _)) = short_tier(supply, &r) else {
                return Ok(());
            };
            let in_tier: Vec<(&Allocation, &Request)> =
                out.iter().zip(&r).filter(|(_, q)| q.tier == tier).collect();
            let Reason::EqualShare { level, .. } = in_tier[0].0.reason else {
                return Err(TestCaseError::fail("short tier without an equal_share reason"));
            };
            // L is the largest level whose water fits the supply.
            let water = |l: u64| -> u64 { in_tier.iter().map(|(_, q)| q.requested.min(l)).sum() };
            prop_assert!(water(level) <= s && water(level + 1) > s);
            let max = in_tier.iter().map(|(a, _)| a.allocated).max().unwrap_or(0);
            for &(a, q) in &in_tier {
                let bonus = a.allocated - q.requested.min(level);
                prop_assert_eq!(&a.reason, &Reason::EqualShare { level, bonus });
                if a.allocated < q.requested {
                    prop_assert!(
                        a.allocated + 1 >= max,
                        "got {} of {} while another line got {}",
                        a.allocated,
                        q.requested,
                        max
                    );
                }
            }
            // The extra units go to the highest keys among the lines above the level.
            for &(a, q) in &in_tier {
                for &(b, p) in &in_tier {
                    if a.allocated > level && b.allocated == level && p.requested > level {
                        prop_assert!(tiebreak(seed, q.line) > tiebreak(seed, p.line));
                    }
                }
            }
        }

        #[test]
        fn first_come_serves_in_placement_order(
            supply in 0u64..150,
            r in arb_requests(40, 0u64..12, 3),
        ) {
            let out = allocate(Policy::FirstCome, supply, &r, 0);
            let Some((tier, s, _)) = short_tier(supply, &r) else {
                return Ok(());
            };
            let mut in_tier: Vec<(&Allocation, &Request)> =
                out.iter().zip(&r).filter(|(_, q)| q.tier == tier).collect();
            in_tier.sort_by_key(|(_, q)| (q.seq, q.line));
            let mut left = s;
            for (a, q) in in_tier {
                prop_assert_eq!(&a.reason, &Reason::FirstCome { remaining: left });
                prop_assert_eq!(a.allocated, q.requested.min(left));
                left -= a.allocated;
            }
        }

        #[test]
        fn deterministic((policy, supply, r, seed) in arb_case()) {
            prop_assert_eq!(allocate(policy, supply, &r, seed), allocate(policy, supply, &r, seed));
        }

        #[test]
        fn independent_of_input_order(
            (policy, supply, r, shuffled, seed) in arb_case().prop_flat_map(|(p, s, r, seed)| {
                (Just(p), Just(s), Just(r.clone()), Just(r).prop_shuffle(), Just(seed))
            })
        ) {
            let a = allocate(policy, supply, &r, seed);
            let b = allocate(policy, supply, &shuffled, seed);
            basic_invariants(supply, &shuffled, &b)?;
            prop_assert_eq!(by_line(&a), by_line(&b));
        }

        #[test]
        fn placement_order_matters_only_for_first_come(
            (supply, r, seed) in (0u64..150, arb_requests(40, 0u64..12, 3), any::<u64>()),
            reseq in any::<u64>(),
        ) {
            let moved: Vec<Request> = r
                .iter()
                .map(|q| Request { seq: splitmix64(reseq ^ q.seq), ..*q })
                .collect();
            for policy in [Policy::ProRata, Policy::EqualShare] {
                prop_assert_eq!(
                    allocate(policy, supply, &r, seed),
                    allocate(policy, supply, &moved, seed)
                );
            }
        }
    }

    #[test]
    fn reason_codes_round_trip() {
        for r in [
            Reason::Full,
            Reason::FirstCome { remaining: 3 },
            Reason::ProRata {
                supply: 30,
                demand: 40,
                bonus: 1,
            },
            Reason::EqualShare { level: 2, bonus: 0 },
            Reason::TierExhausted { tier: 2 },
        ] {
            assert_eq!(
                Reason::from_code(&r.code()),
                Some(r.clone()),
                "{}",
                r.code()
            );
        }
        assert_eq!(Reason::from_code("pro_rata:1"), None);
        assert_eq!(Reason::from_code("lottery:1"), None);
    }
}

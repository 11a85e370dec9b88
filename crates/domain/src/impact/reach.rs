//! Exact sets of people and organizations reached, small enough to keep in every rollup.
//!
//! "Producers reached" and "households reached" are distinct counts: they do not add up across
//! cycles or scopes, so a rollup keeps the set itself. Members are numbered densely by the store
//! (a `u32` per person or organization, see `impact_entities`), and a set is a bitset over those
//! numbers: union is a word-wise OR, and a year of weekly rollups for a network of twenty
//! thousand households unions in well under a millisecond. Stored, a set is its sorted members
//! as LEB128 deltas, a byte or two each.

/// A set of entity numbers.
#[derive(Debug, Clone, Default)]
pub struct EntitySet {
    words: Vec<u64>,
}

impl PartialEq for EntitySet {
    fn eq(&self, other: &Self) -> bool {
        // Trailing empty words do not change the set.
        let n = self.words.len().max(other.words.len());
        (0..n).all(|i| self.words.get(i).unwrap_or(&0) == other.words.get(i).unwrap_or(&0))
    }
}

impl Eq for EntitySet {}

/// A stored set could not be read back.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a stored set of members is damaged: {0}")]
pub struct DecodeError(&'static str);

impl EntitySet {
    pub fn new() -> EntitySet {
        EntitySet::default()
    }

    pub fn insert(&mut self, n: u32) {
        let (w, b) = ((n / 64) as usize, n % 64);
        if self.words.len() <= w {
            self.words.resize(w + 1, 0);
        }
        self.words[w] |= 1 << b;
    }

    pub fn contains(&self, n: u32) -> bool {
        self.words
            .get((n / 64) as usize)
            .is_some_and(|w| w & (1 << (n % 64)) != 0)
    }

    /// Adds every member of `other`.
    pub fn union(&mut self, other: &EntitySet) {
        if self.words.len() < other.words.len() {
            self.words.resize(other.words.len(), 0);
        }
        for (a, b) in self.words.iter_mut().zip(&other.words) {
            *a |= b;
        }
    }

    pub fn len(&self) -> u64 {
        self.words.iter().map(|w| u64::from(w.count_ones())).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.words.iter().all(|w| *w == 0)
    }

    /// Members in ascending order.
    pub fn iter(&self) -> impl Iterator<Item = u32> + '_ {
        self.words.iter().enumerate().flat_map(|(i, &w)| {
            let mut w = w;
            std::iter::from_fn(move || {
                (w != 0).then(|| {
                    let b = w.trailing_zeros();
                    w &= w - 1;
                    i as u32 * 64 + b
                })
            })
        })
    }

    /// The stored form: sorted members as LEB128-encoded gaps.
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::new();
        let mut prev = 0u32;
        for (k, n) in self.iter().enumerate() {
            let mut gap = if k == 0 { n } else { n - prev - 1 };
            prev = n;
            loop {
                let byte = (gap & 0x7f) as u8;
                gap >>= 7;
                if gap == 0 {
                    out.push(byte);
                    break;
                }
                out.push(byte | 0x80);
            }
        }
        out
    }

    /// Reads the stored form back, adding its members to this set.
    pub fn decode_into(&mut self, bytes: &[u8]) -> Result<(), DecodeError> {
        let mut next: u64 = 0;
        let mut first = true;
        let mut gap: u64 = 0;
        let mut shift = 0u32;
        for &b in bytes {
            if shift > 28 {
                return Err(DecodeError("a gap longer than 32 bits"));
            }
            gap |= u64::from(b & 0x7f) << shift;
            if b & 0x80 != 0 {
                shift += 7;
                continue;
            }
            let n = if first { gap } else { next + gap };
            let n = u32::try_from(n).map_err(|_| DecodeError("a member beyond 32 bits"))?;
            self.insert(n);
            next = u64::from(n) + 1;
            first = false;
            gap = 0;
            shift = 0;
        }
        if shift != 0 {
            return Err(DecodeError("it ends inside a number"));
        }
        Ok(())
    }

    /// A set from its stored form.
    pub fn decode(bytes: &[u8]) -> Result<EntitySet, DecodeError> {
        let mut s = EntitySet::new();
        s.decode_into(bytes)?;
        Ok(s)
    }
}

impl FromIterator<u32> for EntitySet {
    fn from_iter<T: IntoIterator<Item = u32>>(iter: T) -> Self {
        let mut s = EntitySet::new();
        for n in iter {
            s.insert(n);
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::collections::BTreeSet;

    #[test]
    fn small_sets_encode_to_a_byte_a_member() {
        let s: EntitySet = [0, 1, 2, 200].into_iter().collect();
        // Gaps 0, 0, 0, 197 (two bytes).
        assert_eq!(s.encode(), vec![0, 0, 0, 0xc5, 0x01]);
        assert_eq!(EntitySet::decode(&s.encode()).unwrap(), s);
        assert_eq!(s.len(), 4);
        assert!(s.contains(200) && !s.contains(3));
    }

    #[test]
    fn damaged_bytes_are_refused() {
        assert!(EntitySet::decode(&[0x80]).is_err());
        assert!(EntitySet::decode(&[0xff, 0xff, 0xff, 0xff, 0xff, 0x01]).is_err());
    }

    proptest! {
        #[test]
        fn a_set_behaves_like_a_btreeset(a in proptest::collection::vec(0u32..5_000, 0..200), b in proptest::collection::vec(any::<u32>(), 0..5)) {
            let mut s: EntitySet = a.iter().copied().collect();
            let expected: BTreeSet<u32> = a.iter().copied().collect();
            prop_assert_eq!(s.iter().collect::<Vec<_>>(), expected.iter().copied().collect::<Vec<_>>());
            prop_assert_eq!(s.len(), expected.len() as u64);
            prop_assert_eq!(EntitySet::decode(&s.encode()).unwrap(), s.clone());
            // Large numbers survive encoding too (sets of them are only built in tests).
            let big: EntitySet = b.iter().map(|n| n % (1 << 20)).collect();
            s.union(&big);
            let mut all = expected.clone();
            all.extend(b.iter().map(|n| n % (1 << 20)));
            prop_assert_eq!(s.len(), all.len() as u64);
            prop_assert_eq!(EntitySet::decode(&s.encode()).unwrap(), s);
        }
    }
}

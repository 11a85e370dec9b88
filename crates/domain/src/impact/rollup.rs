//! Triple-bottom-line sums over delivered lines, as rollups that merge exactly.
//!
//! A [`Rollup`] holds only integer sums and exact sets of who was reached, so merging is exact
//! and order does not matter. The store keeps rollups per scope, day, currency, value chain and
//! country when a cycle closes, and any report is a merge of rollups — equal to a recomputation
//! from the raw lines (a property test says so). Figures are derived from a rollup on demand in
//! [`super::report`].
//!
//! Rounding happens in two places only, both written down here:
//! - a line's transport distance is whole metres (the offer's kilometres, rounded half up);
//! - a line's payment to a demographic group is the producer component × members of the group ÷
//!   opted-in members of the producer organization, rounded down (so the groups never claim more
//!   than was paid).

use std::collections::BTreeMap;

use jiff::civil::Date;

use super::reach::EntitySet;
use crate::person::{Demographics, Gender};
use crate::trade::catalog::{Packaging, TransportMode};
use crate::trade::pricing::FeeKind;
use crate::vocab::vocabulary;

vocabulary!(
    /// Groups of people whose share of payments to producers is reported (from opt-in data).
    Group, "demographic group", {
        Women => "women", "Women";
        Youth => "youth", "Youth (under 30)";
        Elderly => "elderly", "Elderly (60 and over)";
        Disability => "disability", "Persons with disability";
        InformalSector => "informal_sector", "Informal-sector households";
        OverseasWorker => "overseas_worker", "Overseas-worker households";
    }
);

impl Group {
    /// The groups a person belongs to on `day`, from what they chose to share.
    pub fn of(d: &Demographics, day: Date) -> Vec<Group> {
        let mut out = Vec::new();
        if d.gender == Some(Gender::Woman) {
            out.push(Group::Women);
        }
        if let Some(born) = d.birth_year {
            // Age reached during the year of `day`: a birth date is never asked for.
            let age = i32::from(day.year()) - born;
            if age < 30 {
                out.push(Group::Youth);
            }
            if age >= 60 {
                out.push(Group::Elderly);
            }
        }
        if d.disability == Some(true) {
            out.push(Group::Disability);
        }
        if d.informal_sector == Some(true) {
            out.push(Group::InformalSector);
        }
        if d.overseas_worker == Some(true) {
            out.push(Group::OverseasWorker);
        }
        out
    }
}

/// The opted-in producer members of a producer organization, by group.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ProducerMembers {
    /// Members who shared their demographics (the denominator of every group's share).
    pub opted_in: u64,
    /// The members (entity numbers) of each group.
    pub groups: BTreeMap<Group, Vec<u32>>,
}

/// What one delivered line contributes to the accounts.
#[derive(Debug, Clone, PartialEq)]
pub struct DeliveredLine<'a> {
    /// The producer organization's entity number.
    pub producer: u32,
    /// The person who ordered (a household), when known.
    pub household: Option<u32>,
    /// Units delivered (allocated).
    pub units: u64,
    /// Grams per unit.
    pub unit_mass_g: i64,
    /// What the producer receives for these units, in minor units.
    pub producer_minor: i64,
    /// What the consumers pay, fees included.
    pub total_minor: i64,
    /// Each fee in the total.
    pub fees: &'a [(FeeKind, i64)],
    /// Producer and consumer group in the same region.
    pub local: bool,
    /// Organic, PGS-certified or agroecological product.
    pub certified: bool,
    /// The transport leg: mode and whole metres.
    pub transport: Option<(TransportMode, i64)>,
    pub packaging: Option<Packaging>,
    /// The reference market price of one unit for the product, region and day, if one is known.
    pub reference_unit_minor: Option<i64>,
    pub members: &'a ProducerMembers,
}

/// Mass moved by one transport mode.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Leg {
    pub mass_g: i128,
    /// Σ grams × metres.
    pub mass_metres: i128,
}

/// Sums over delivered lines.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rollup {
    pub lines: u64,
    pub units: u64,
    pub producer_minor: i128,
    pub total_minor: i128,
    pub fees: BTreeMap<FeeKind, i128>,
    pub local_total_minor: i128,
    pub certified_total_minor: i128,
    pub transport: BTreeMap<TransportMode, Leg>,
    pub returnable_units: u64,
    pub single_use_units: u64,
    /// Returnable units recorded as brought back (entered after delivery).
    pub returned_units: u64,
    /// Σ units × reference price, over lines with a reference price.
    pub reference_minor: i128,
    /// Σ producer component, over the same lines.
    pub referenced_producer_minor: i128,
    /// Payments to producers attributed to each group.
    pub paid_to_group: BTreeMap<Group, i128>,
    pub producers: EntitySet,
    pub households: EntitySet,
    pub group_people: BTreeMap<Group, EntitySet>,
}

impl Rollup {
    /// Adds one delivered line.
    pub fn add(&mut self, l: &DeliveredLine<'_>) {
        self.lines += 1;
        self.units += l.units;
        self.producer_minor += i128::from(l.producer_minor);
        self.total_minor += i128::from(l.total_minor);
        for (kind, minor) in l.fees {
            *self.fees.entry(*kind).or_default() += i128::from(*minor);
        }
        if l.local {
            self.local_total_minor += i128::from(l.total_minor);
        }
        if l.certified {
            self.certified_total_minor += i128::from(l.total_minor);
        }
        if let Some((mode, metres)) = l.transport {
            let mass_g = i128::from(l.unit_mass_g) * i128::from(l.units);
            let leg = self.transport.entry(mode).or_default();
            leg.mass_g += mass_g;
            leg.mass_metres += mass_g * i128::from(metres);
        }
        match l.packaging {
            Some(Packaging::Returnable) => self.returnable_units += l.units,
            Some(Packaging::SingleUse) => self.single_use_units += l.units,
            _ => {}
        }
        if let Some(price) = l.reference_unit_minor {
            self.reference_minor += i128::from(price) * i128::from(l.units);
            self.referenced_producer_minor += i128::from(l.producer_minor);
        }
        if l.members.opted_in > 0 {
            for (group, people) in &l.members.groups {
                let share = i128::from(l.producer_minor) * people.len() as i128
                    / i128::from(l.members.opted_in);
                *self.paid_to_group.entry(*group).or_default() += share;
                let set = self.group_people.entry(*group).or_default();
                for p in people {
                    set.insert(*p);
                }
            }
        }
        self.producers.insert(l.producer);
        if let Some(h) = l.household {
            self.households.insert(h);
        }
    }

    /// Merges another rollup in: the result is the rollup of both sets of lines.
    pub fn merge(&mut self, o: &Rollup) {
        self.lines += o.lines;
        self.units += o.units;
        self.producer_minor += o.producer_minor;
        self.total_minor += o.total_minor;
        for (k, v) in &o.fees {
            *self.fees.entry(*k).or_default() += v;
        }
        self.local_total_minor += o.local_total_minor;
        self.certified_total_minor += o.certified_total_minor;
        for (m, leg) in &o.transport {
            let e = self.transport.entry(*m).or_default();
            e.mass_g += leg.mass_g;
            e.mass_metres += leg.mass_metres;
        }
        self.returnable_units += o.returnable_units;
        self.single_use_units += o.single_use_units;
        self.returned_units += o.returned_units;
        self.reference_minor += o.reference_minor;
        self.referenced_producer_minor += o.referenced_producer_minor;
        for (g, v) in &o.paid_to_group {
            *self.paid_to_group.entry(*g).or_default() += v;
        }
        self.producers.union(&o.producers);
        self.households.union(&o.households);
        for (g, s) in &o.group_people {
            self.group_people.entry(*g).or_default().union(s);
        }
    }

    /// The solidarity-fund fees in the total.
    pub fn solidarity_fund_minor(&self) -> i128 {
        self.fees
            .get(&FeeKind::SolidarityFund)
            .copied()
            .unwrap_or(0)
    }
}

/// Whole metres of a leg given in kilometres, rounded half up.
pub fn metres(km: f64) -> i64 {
    (km * 1000.0).round() as i64
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn members() -> ProducerMembers {
        ProducerMembers {
            opted_in: 4,
            groups: BTreeMap::from([(Group::Women, vec![10, 11, 12]), (Group::Youth, vec![12])]),
        }
    }

    #[test]
    fn groups_of_a_person() {
        let d = Demographics {
            gender: Some(Gender::Woman),
            birth_year: Some(1997),
            informal_sector: Some(true),
            ..Default::default()
        };
        let day = Date::constant(2026, 3, 7);
        // 2026 − 1997 = 29: still youth.
        assert_eq!(
            Group::of(&d, day),
            [Group::Women, Group::Youth, Group::InformalSector]
        );
        let older = Demographics {
            birth_year: Some(1966),
            ..Default::default()
        };
        assert_eq!(Group::of(&older, day), [Group::Elderly]);
        assert!(Group::of(&Demographics::default(), day).is_empty());
    }

    #[test]
    fn a_line_splits_its_payment_by_group_rounding_down() {
        let m = members();
        let fees = [(FeeKind::SolidarityFund, 40), (FeeKind::Transport, 150)];
        let mut r = Rollup::default();
        r.add(&DeliveredLine {
            producer: 1,
            household: Some(7),
            units: 3,
            unit_mass_g: 5_000,
            producer_minor: 1_001,
            total_minor: 1_191,
            fees: &fees,
            local: true,
            certified: false,
            transport: Some((TransportMode::Van, 12_345)),
            packaging: Some(Packaging::Returnable),
            reference_unit_minor: Some(300),
            members: &m,
        });
        // Women: 1,001 × 3 ÷ 4 = 750.75 → 750; youth: 1,001 × 1 ÷ 4 = 250.25 → 250.
        assert_eq!(r.paid_to_group[&Group::Women], 750);
        assert_eq!(r.paid_to_group[&Group::Youth], 250);
        assert_eq!(r.group_people[&Group::Women].len(), 3);
        // 15 kg × 12,345 m.
        assert_eq!(
            r.transport[&TransportMode::Van].mass_metres,
            15_000 * 12_345
        );
        assert_eq!((r.returnable_units, r.single_use_units), (3, 0));
        assert_eq!(
            (r.reference_minor, r.referenced_producer_minor),
            (900, 1_001)
        );
        assert_eq!(r.solidarity_fund_minor(), 40);
        assert_eq!(r.local_total_minor, 1_191);
    }

    /// producer, household, units, producer amount, fees, local, metres, packaging
    type TestLine = (u32, Option<u32>, u64, i64, i64, bool, Option<i64>, u8);

    fn any_rollup_of_lines() -> impl Strategy<Value = Vec<TestLine>> {
        proptest::collection::vec(
            (
                0u32..20,
                proptest::option::of(0u32..300),
                0u64..50,
                0i64..100_000,
                0i64..50_000,
                any::<bool>(),
                proptest::option::of(0i64..2_000_000),
                0u8..3,
            ),
            0..60,
        )
    }

    fn add_all<'a>(r: &mut Rollup, lines: impl Iterator<Item = &'a TestLine>, m: &ProducerMembers) {
        for &(producer, household, units, prod, fee, local, metres, pack) in lines {
            let fees = [
                (FeeKind::SolidarityFund, fee / 10),
                (FeeKind::Coordination, fee - fee / 10),
            ];
            r.add(&DeliveredLine {
                producer,
                household,
                units,
                unit_mass_g: 500,
                producer_minor: prod,
                total_minor: prod + fee,
                fees: &fees,
                local,
                certified: !local,
                transport: metres.map(|m| (TransportMode::TruckSmall, m)),
                packaging: [
                    Some(Packaging::Returnable),
                    Some(Packaging::SingleUse),
                    None,
                ][pack as usize],
                reference_unit_minor: (prod % 3 == 0).then_some(1_000),
                members: m,
            });
        }
    }

    proptest! {
        /// Rollups kept per part and merged equal the rollup of all the raw lines, whatever the
        /// partition and the order.
        #[test]
        fn merged_rollups_equal_a_recomputation(lines in any_rollup_of_lines(), cut in 0usize..60) {
            let m = members();
            let mut whole = Rollup::default();
            add_all(&mut whole, lines.iter(), &m);
            let cut = cut.min(lines.len());
            let (mut a, mut b) = (Rollup::default(), Rollup::default());
            add_all(&mut a, lines[..cut].iter(), &m);
            add_all(&mut b, lines[cut..].iter().rev(), &m);
            let mut merged = b.clone();
            merged.merge(&a);
            prop_assert_eq!(&merged, &whole);
            // And each sum, computed straight from the generated lines (not through `add`).
            let sum = |f: &dyn Fn(&TestLine) -> i128| lines.iter().map(f).sum::<i128>();
            prop_assert_eq!(merged.lines, lines.len() as u64);
            prop_assert_eq!(i128::from(merged.units), sum(&|l| i128::from(l.2)));
            prop_assert_eq!(merged.producer_minor, sum(&|l| i128::from(l.3)));
            prop_assert_eq!(merged.total_minor, sum(&|l| i128::from(l.3 + l.4)));
            prop_assert_eq!(
                merged.fees.get(&FeeKind::SolidarityFund).copied().unwrap_or(0),
                sum(&|l| i128::from(l.4 / 10))
            );
            prop_assert_eq!(
                merged.fees.get(&FeeKind::Coordination).copied().unwrap_or(0),
                sum(&|l| i128::from(l.4 - l.4 / 10))
            );
            prop_assert_eq!(merged.local_total_minor, sum(&|l| if l.5 { i128::from(l.3 + l.4) } else { 0 }));
            prop_assert_eq!(merged.certified_total_minor, sum(&|l| if l.5 { 0 } else { i128::from(l.3 + l.4) }));
            let leg = merged.transport.get(&TransportMode::TruckSmall).copied().unwrap_or_default();
            prop_assert_eq!(leg.mass_g, sum(&|l| if l.6.is_some() { 500 * i128::from(l.2) } else { 0 }));
            prop_assert_eq!(leg.mass_metres, sum(&|l| l.6.map_or(0, |m| 500 * i128::from(l.2) * i128::from(m))));
            prop_assert_eq!(i128::from(merged.returnable_units), sum(&|l| if l.7 == 0 { i128::from(l.2) } else { 0 }));
            prop_assert_eq!(i128::from(merged.single_use_units), sum(&|l| if l.7 == 1 { i128::from(l.2) } else { 0 }));
            prop_assert_eq!(merged.reference_minor, sum(&|l| if l.3 % 3 == 0 { 1_000 * i128::from(l.2) } else { 0 }));
            prop_assert_eq!(merged.referenced_producer_minor, sum(&|l| if l.3 % 3 == 0 { i128::from(l.3) } else { 0 }));
            // Women are 3 of the 4 opted-in members, youth 1: each line's share rounds down.
            prop_assert_eq!(
                merged.paid_to_group.get(&Group::Women).copied().unwrap_or(0),
                sum(&|l| i128::from(l.3) * 3 / 4)
            );
            prop_assert_eq!(
                merged.paid_to_group.get(&Group::Youth).copied().unwrap_or(0),
                sum(&|l| i128::from(l.3) / 4)
            );
            let producers: std::collections::BTreeSet<u32> = lines.iter().map(|l| l.0).collect();
            let households: std::collections::BTreeSet<u32> = lines.iter().filter_map(|l| l.1).collect();
            prop_assert_eq!(merged.producers.iter().collect::<std::collections::BTreeSet<_>>(), producers);
            prop_assert_eq!(merged.households.iter().collect::<std::collections::BTreeSet<_>>(), households);
            // Groups never claim more than was paid.
            for v in whole.paid_to_group.values() {
                prop_assert!(*v <= whole.producer_minor);
            }
        }
    }
}

//! Who may do what: the permission rules, as pure functions.
//!
//! Roles rank `Admin > Coordinator > Member > Steward > Public`, always *scoped*: a person is
//! an admin of one organization and nobody in another. Treasurer is a role beside the ladder: it
//! ranks as a member and adds the money powers.
//!
//! **Stewardship is narrow on purpose.** A network steward is an admin of a network
//! organization; their stewardship reaches every organization that *accepted* a link into that
//! network, and into the networks inside it (a council steward stewards its national chapters'
//! members too). It grants what a network needs and nothing more: reading a member's documents
//! and aggregates (invoices, statements, obligations, balances, impact reports) and proposing
//! (clearing rounds, reports, invitations) on the network itself. It never grants a member
//! organization's people list, its profile, its roles or its payments: those stay with the
//! organization's own admins and treasurers. That is why `Steward` ranks *below* `Member`: a
//! membership in an organization always counts for more there than stewardship from outside.
//!
//! Demographics are visible only to the person and to the admins of the person's own
//! organizations, never to stewards.

use std::collections::{HashMap, HashSet};

use uuid::Uuid;

use crate::person::MembershipRole;

/// A rank on the permission ladder, for one organization.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    Public,
    /// Steward of a network this organization accepted to join (see the module docs).
    Steward,
    Member,
    Coordinator,
    Admin,
}

/// A signed-in person as the permission rules see them. The store builds it from the
/// person's memberships and the network tree (active links only).
#[derive(Debug, Clone, Default)]
pub struct Subject {
    pub person_id: Uuid,
    /// The roles held in each organization the person is a member of.
    pub memberships: HashMap<Uuid, Vec<MembershipRole>>,
    /// Organizations inside networks the person administers (transitively, through active
    /// links), the networks themselves excluded (there the person is an admin by membership).
    pub stewarded: HashSet<Uuid>,
    /// The address the request came from, when known (for the audit log).
    pub client: Option<String>,
}

impl Subject {
    /// The person's rank in an organization: their membership's, else `Steward` when the
    /// organization is inside a network they administer, else `Public`.
    pub fn role_in(&self, org: Uuid) -> Role {
        match self.memberships.get(&org) {
            Some(roles) => roles
                .iter()
                .map(|r| match r {
                    MembershipRole::Admin => Role::Admin,
                    MembershipRole::Coordinator => Role::Coordinator,
                    MembershipRole::Member | MembershipRole::Treasurer => Role::Member,
                })
                .max()
                .unwrap_or(Role::Member),
            None if self.stewarded.contains(&org) => Role::Steward,
            None => Role::Public,
        }
    }

    /// Holds the role by membership (not by stewardship).
    pub fn holds(&self, org: Uuid, role: MembershipRole) -> bool {
        self.memberships
            .get(&org)
            .is_some_and(|r| r.contains(&role))
    }
}

/// Something a person wants to do to an organization.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action<'a> {
    /// See the organization's documents and money: invoices, statements, obligations,
    /// balances, impact figures (its members, and the stewards of networks it joined).
    ReadPrivate,
    /// See the people of the organization and their memberships (its members only).
    ReadMembers,
    /// Change the organization's profile.
    Update,
    /// Add a membership granting `grants`, or change one (`current` holds its roles now).
    ManageMembership {
        grants: &'a [MembershipRole],
        current: &'a [MembershipRole],
    },
    /// Speak for the organization in its links with networks: for a network, invite
    /// organizations, accept their applications, suspend or end their membership, propose
    /// clearing rounds; for any organization, apply to a network, accept an invitation, leave.
    ManageNetwork,
    /// Manage the organization's products and its offers in cycles (a producer's admins).
    ManageCatalog,
    /// Open, clone and close the order cycles the organization runs as a hub.
    RunCycles,
    /// Order for oneself in the organization's (a consumer group's) order.
    PlaceOwnLines,
    /// Place and change lines for any member of the consumer group, and set priority tiers.
    ManageGroupOrder,
    /// Record payments made or received by the organization (its treasurers and admins).
    RecordPayments,
    /// Read the organization's audit log, and erase a member's personal data on their request
    /// (its admins).
    Administer,
    /// Open decisions of the organization's bodies and record ballots cast at its meetings
    /// (its coordinators and admins).
    RunDecisions,
    /// Keep a self-help group's book: enter its meetings (savings, repayments, new loans,
    /// fines), grants, and read every member's accounts (its coordinators, treasurers and
    /// admins — the bookkeepers).
    KeepBook,
}

/// The outcome of a permission check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Allowed,
    /// Nobody is signed in: signing in might help (HTTP 401).
    Unauthenticated,
    /// Signed in, but not allowed (HTTP 403).
    Forbidden,
}

/// Decides whether `subject` may perform `action` on the organization `org`.
pub fn decide(subject: Option<&Subject>, org: Uuid, action: Action<'_>) -> Decision {
    let Some(s) = subject else {
        return Decision::Unauthenticated;
    };
    let role = s.role_in(org);
    let ok = match action {
        Action::ReadPrivate => role >= Role::Steward,
        Action::ReadMembers | Action::PlaceOwnLines => role >= Role::Member,
        Action::Update | Action::ManageNetwork | Action::ManageCatalog | Action::Administer => {
            role >= Role::Admin
        }
        Action::RunCycles | Action::ManageGroupOrder | Action::RunDecisions => {
            role >= Role::Coordinator
        }
        Action::RecordPayments => role >= Role::Admin || s.holds(org, MembershipRole::Treasurer),
        Action::KeepBook => role >= Role::Coordinator || s.holds(org, MembershipRole::Treasurer),
        Action::ManageMembership { grants, current } => {
            role >= Role::Admin
                || (role == Role::Coordinator
                    // A coordinator registers ordinary members (people without phones, new
                    // households) but hands out no power and touches no office-holder.
                    && grants.iter().all(|r| *r == MembershipRole::Member)
                    && current.iter().all(|r| *r == MembershipRole::Member))
        }
    };
    if ok {
        Decision::Allowed
    } else {
        Decision::Forbidden
    }
}

/// Whether `subject` may see the demographics of `person`, who is a member of `person_orgs`.
pub fn may_read_demographics(
    subject: Option<&Subject>,
    person: Uuid,
    person_orgs: &[Uuid],
) -> bool {
    subject.is_some_and(|s| {
        s.person_id == person
            || person_orgs
                .iter()
                .any(|o| s.holds(*o, MembershipRole::Admin))
    })
}

/// Whether `subject` may see `person`'s profile (name, e-mail, memberships): the person, and
/// anyone sharing an organization with them. Stewardship from outside does not reach people.
pub fn may_read_person(subject: Option<&Subject>, person: Uuid, person_orgs: &[Uuid]) -> bool {
    subject.is_some_and(|s| {
        s.person_id == person || person_orgs.iter().any(|o| s.role_in(*o) >= Role::Member)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use MembershipRole::*;

    fn subject(memberships: &[(Uuid, &[MembershipRole])], stewarded: &[Uuid]) -> Subject {
        Subject {
            person_id: Uuid::new_v4(),
            memberships: memberships.iter().map(|(o, r)| (*o, r.to_vec())).collect(),
            stewarded: stewarded.iter().copied().collect(),
            client: None,
        }
    }

    #[test]
    fn roles_are_scoped_to_their_organization() {
        let (a, b) = (Uuid::new_v4(), Uuid::new_v4());
        let s = subject(&[(a, &[Admin])], &[]);
        assert_eq!(s.role_in(a), Role::Admin);
        assert_eq!(s.role_in(b), Role::Public);
        assert_eq!(decide(Some(&s), a, Action::Update), Decision::Allowed);
        assert_eq!(decide(Some(&s), b, Action::Update), Decision::Forbidden);
        assert_eq!(
            decide(Some(&s), b, Action::ReadPrivate),
            Decision::Forbidden
        );
        assert_eq!(
            decide(None, a, Action::ReadPrivate),
            Decision::Unauthenticated
        );
    }

    #[test]
    fn the_ladder() {
        let o = Uuid::new_v4();
        let cases: [(&[MembershipRole], bool, bool, bool); 4] = [
            // roles, read private, update, grant coordinator
            (&[Member], true, false, false),
            (&[Treasurer], true, false, false),
            (&[Coordinator], true, false, false),
            (&[Admin], true, true, true),
        ];
        for (roles, read, update, grant) in cases {
            let s = subject(&[(o, roles)], &[]);
            assert_eq!(
                decide(Some(&s), o, Action::ReadPrivate) == Decision::Allowed,
                read
            );
            assert_eq!(
                decide(Some(&s), o, Action::Update) == Decision::Allowed,
                update
            );
            let g = Action::ManageMembership {
                grants: &[Coordinator],
                current: &[],
            };
            assert_eq!(
                decide(Some(&s), o, g) == Decision::Allowed,
                grant,
                "{roles:?}"
            );
        }
        let steward = subject(&[], &[o]);
        assert_eq!(steward.role_in(o), Role::Steward);
        assert_eq!(
            decide(Some(&steward), o, Action::Update),
            Decision::Forbidden
        );
    }

    /// A network's steward reads a member organization's documents and nothing else: never its
    /// people, its profile, its roles, its catalogue, its cycles or its payments.
    #[test]
    fn stewardship_reads_documents_and_grants_nothing_else() {
        let o = Uuid::new_v4();
        let steward = subject(&[], &[o]);
        assert_eq!(
            decide(Some(&steward), o, Action::ReadPrivate),
            Decision::Allowed
        );
        for action in [
            Action::ReadMembers,
            Action::Update,
            Action::ManageMembership {
                grants: &[Admin],
                current: &[],
            },
            Action::ManageMembership {
                grants: &[Member],
                current: &[],
            },
            Action::ManageNetwork,
            Action::ManageCatalog,
            Action::RunCycles,
            Action::PlaceOwnLines,
            Action::ManageGroupOrder,
            Action::RecordPayments,
        ] {
            assert_eq!(
                decide(Some(&steward), o, action),
                Decision::Forbidden,
                "{action:?}"
            );
        }
        // A membership counts for more than stewardship from outside.
        let both = subject(&[(o, &[Admin])], &[o]);
        assert_eq!(both.role_in(o), Role::Admin);
    }

    #[test]
    fn treasurers_record_payments_and_coordinators_run_cycles() {
        let o = Uuid::new_v4();
        let t = subject(&[(o, &[Member, Treasurer])], &[]);
        let c = subject(&[(o, &[Coordinator])], &[]);
        let m = subject(&[(o, &[Member])], &[]);
        assert_eq!(
            decide(Some(&t), o, Action::RecordPayments),
            Decision::Allowed
        );
        assert_eq!(
            decide(Some(&c), o, Action::RecordPayments),
            Decision::Forbidden
        );
        assert_eq!(decide(Some(&c), o, Action::RunCycles), Decision::Allowed);
        assert_eq!(decide(Some(&m), o, Action::RunCycles), Decision::Forbidden);
        assert_eq!(
            decide(Some(&m), o, Action::PlaceOwnLines),
            Decision::Allowed
        );
        assert_eq!(
            decide(Some(&m), o, Action::ManageGroupOrder),
            Decision::Forbidden
        );
        assert_eq!(
            decide(Some(&c), o, Action::ManageCatalog),
            Decision::Forbidden
        );
    }

    #[test]
    fn coordinators_register_members_but_touch_no_office_holder() {
        let o = Uuid::new_v4();
        let s = subject(&[(o, &[Coordinator])], &[]);
        let add = Action::ManageMembership {
            grants: &[Member],
            current: &[],
        };
        assert_eq!(decide(Some(&s), o, add), Decision::Allowed);
        let demote_admin = Action::ManageMembership {
            grants: &[Member],
            current: &[Admin],
        };
        assert_eq!(decide(Some(&s), o, demote_admin), Decision::Forbidden);
    }

    #[test]
    fn demographics_only_for_self_and_own_admins() {
        let (o, other) = (Uuid::new_v4(), Uuid::new_v4());
        let person = Uuid::new_v4();
        let admin = subject(&[(o, &[Admin])], &[]);
        let coordinator = subject(&[(o, &[Coordinator])], &[]);
        let steward = subject(&[], &[o]);
        let outsider_admin = subject(&[(other, &[Admin])], &[]);
        let mut me = subject(&[(o, &[Member])], &[]);
        me.person_id = person;
        assert!(may_read_demographics(Some(&me), person, &[o]));
        assert!(may_read_demographics(Some(&admin), person, &[o]));
        assert!(!may_read_demographics(Some(&coordinator), person, &[o]));
        assert!(!may_read_demographics(Some(&steward), person, &[o]));
        assert!(!may_read_demographics(Some(&outsider_admin), person, &[o]));
        assert!(!may_read_demographics(None, person, &[o]));
        assert!(!may_read_person(Some(&steward), person, &[o]));
        assert!(may_read_person(Some(&coordinator), person, &[o]));
        assert!(!may_read_person(Some(&outsider_admin), person, &[o]));
    }

    use proptest::prelude::*;

    fn any_roles() -> impl Strategy<Value = Vec<MembershipRole>> {
        proptest::sample::subsequence(MembershipRole::ALL.to_vec(), 0..=4)
    }

    proptest! {
        /// Climbing the ladder never takes a permission away: whatever a role may do, every
        /// higher role may do too.
        #[test]
        fn higher_roles_can_do_everything_lower_ones_can(
            a in any_roles(), b in any_roles(), grants in any_roles(), current in any_roles(),
            a_stewards in any::<bool>(), b_stewards in any::<bool>(),
        ) {
            let o = Uuid::new_v4();
            let mk = |roles: &[MembershipRole], steward: bool| {
                let mut s = subject(&[(o, roles)], &[]);
                if roles.is_empty() { s.memberships.clear(); }
                if steward { s.stewarded.insert(o); }
                s
            };
            let (sa, sb) = (mk(&a, a_stewards), mk(&b, b_stewards));
            let (low, high) = if sa.role_in(o) <= sb.role_in(o) { (sa, sb) } else { (sb, sa) };
            for action in [
                Action::ReadPrivate,
                Action::ReadMembers,
                Action::Update,
                Action::ManageNetwork,
                Action::ManageMembership { grants: &grants, current: &current },
                Action::ManageCatalog,
                Action::RunCycles,
                Action::PlaceOwnLines,
                Action::ManageGroupOrder,
            ] {
                if decide(Some(&low), o, action) == Decision::Allowed {
                    prop_assert_eq!(decide(Some(&high), o, action), Decision::Allowed, "{:?}", action);
                }
            }
        }

        /// Roles held in one organization never grant anything in another.
        #[test]
        fn roles_never_leak_across_organizations(roles in any_roles(), grants in any_roles()) {
            let (o, other) = (Uuid::new_v4(), Uuid::new_v4());
            let s = subject(&[(o, &roles)], &[]);
            for action in [Action::ReadPrivate, Action::ReadMembers, Action::Update, Action::ManageNetwork,
                           Action::ManageMembership { grants: &grants, current: &[] },
                           Action::ManageCatalog, Action::RunCycles, Action::PlaceOwnLines,
                           Action::ManageGroupOrder, Action::RecordPayments] {
                prop_assert_eq!(decide(Some(&s), other, action), Decision::Forbidden);
            }
        }
    }
}

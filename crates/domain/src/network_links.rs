//! How an organization comes into a network and leaves it: only with the consent of both sides.
//!
//! A link between a network and a member organization is asked for by one side and accepted
//! by the other:
//!
//! - the network's admins (its stewards) **invite** an organization → `invited`, which the
//!   organization's own admins accept (→ `active`) or decline (→ `ended`);
//! - an organization's admins **apply** to a network → `applied`, which the network's admins
//!   accept or decline;
//! - a person who speaks for both sides (an admin of both) gives both consents at once.
//!
//! Until a link is `active` it grants nothing: the network tree, and with it stewardship,
//! follows active links only. Either side may end a link at any time (leave, remove, decline,
//! withdraw); only the network suspends a member or lifts a suspension. An ended link is asked
//! for anew. The other rule about leaving (a network with members cannot stop being one) needs
//! the database and lives in the store.

use uuid::Uuid;

use crate::access::{decide, Action, Decision, Subject};
use crate::organization::NetworkMembershipStatus as Status;

/// Which sides of a link the person acting speaks for (by an admin membership, never by
/// stewardship from outside).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sides {
    /// Admin of the network.
    pub network: bool,
    /// Admin of the organization joining or in the network.
    pub member: bool,
}

impl Sides {
    /// The sides `subject` speaks for in a link between `network` and `member`: an admin
    /// membership in either (stewardship from outside speaks for nobody).
    pub fn of(subject: Option<&Subject>, network: Uuid, member: Uuid) -> Sides {
        let admin = |org| decide(subject, org, Action::ManageNetwork) == Decision::Allowed;
        Sides {
            network: admin(network),
            member: admin(member),
        }
    }

    /// Speaks for neither side.
    pub fn none(self) -> bool {
        !self.network && !self.member
    }
}

/// Why a link is not in a state that allows the change asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum LinkConflict {
    #[error("This organization is already invited; its admins have not answered yet.")]
    AlreadyInvited,
    #[error("This organization has already applied; the network's admins have not answered yet.")]
    AlreadyApplied,
    #[error("This organization is already a member of the network.")]
    AlreadyMember,
    #[error("This link has ended; invite the organization (or apply) again.")]
    Ended,
    #[error("Only an active membership can be suspended.")]
    NotActive,
    #[error("Only an active member of the network can be approved for its map.")]
    NotActiveForMap,
}

impl LinkConflict {
    /// The id of the message that explains it (`conflict-<id>`).
    pub fn id(self) -> &'static str {
        match self {
            LinkConflict::AlreadyInvited => "link-already-invited",
            LinkConflict::AlreadyApplied => "link-already-applied",
            LinkConflict::AlreadyMember => "link-already-member",
            LinkConflict::Ended => "link-ended",
            LinkConflict::NotActive => "link-not-active",
            LinkConflict::NotActiveForMap => "link-not-active-map",
        }
    }
}

/// Why a change of a link is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LinkRefusal {
    /// The person speaks for the wrong side (or neither): 403.
    #[error("{0}")]
    NotYourSide(&'static str),
    /// The link is not in a state that allows this change: 409.
    #[error("{0}")]
    Conflict(LinkConflict),
    /// Not a status one may set directly: 422 on `status`.
    #[error("{0}")]
    NotSettable(&'static str),
}

/// A side asks for a link (invites, or applies); `current` is the link's status, if any.
/// Returns the new status: pending on the other side's consent, or `active` when this request
/// answers one from the other side (or the person speaks for both).
pub fn request(current: Option<Status>, by: Sides) -> Result<Status, LinkRefusal> {
    if by.none() {
        return Err(LinkRefusal::NotYourSide(
            "Only the admins of the network or of the organization can ask for this link.",
        ));
    }
    match current {
        None | Some(Status::Ended) => Ok(if by.network && by.member {
            Status::Active
        } else if by.network {
            Status::Invited
        } else {
            Status::Applied
        }),
        Some(Status::Invited) if by.member => Ok(Status::Active),
        Some(Status::Applied) if by.network => Ok(Status::Active),
        Some(Status::Invited) => Err(LinkRefusal::Conflict(LinkConflict::AlreadyInvited)),
        Some(Status::Applied) => Err(LinkRefusal::Conflict(LinkConflict::AlreadyApplied)),
        Some(Status::Active | Status::Suspended) => {
            Err(LinkRefusal::Conflict(LinkConflict::AlreadyMember))
        }
    }
}

/// A side sets a link's status: accepts (`active`), suspends, or ends it. Returns the status to
/// store (the same as `current` when nothing changes).
pub fn change(current: Status, to: Status, by: Sides) -> Result<Status, LinkRefusal> {
    use LinkRefusal::*;
    if by.none() {
        return Err(NotYourSide(
            "Only the admins of the network or of the member organization can change this link.",
        ));
    }
    match (current, to) {
        (_, Status::Invited | Status::Applied) => Err(NotSettable(
            "is set by inviting or applying, not directly; use active, suspended or ended",
        )),
        (c, t) if c == t => Ok(c),
        (Status::Ended, _) => Err(Conflict(LinkConflict::Ended)),
        (_, Status::Ended) => Ok(Status::Ended),
        (Status::Invited, Status::Active) if by.member => Ok(Status::Active),
        (Status::Invited, Status::Active) => Err(NotYourSide(
            "An invitation is accepted by the admins of the invited organization.",
        )),
        (Status::Applied, Status::Active) if by.network => Ok(Status::Active),
        (Status::Applied, Status::Active) => Err(NotYourSide(
            "An application is accepted by the admins of the network.",
        )),
        (Status::Invited | Status::Applied, Status::Suspended) => {
            Err(Conflict(LinkConflict::NotActive))
        }
        (Status::Active, Status::Suspended) | (Status::Suspended, Status::Active) if by.network => {
            Ok(to)
        }
        (Status::Active, Status::Suspended) | (Status::Suspended, Status::Active) => Err(
            NotYourSide("Only the network's admins suspend a member or lift a suspension."),
        ),
        (Status::Active, Status::Active) | (Status::Suspended, Status::Suspended) => Ok(current),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const NET: Sides = Sides {
        network: true,
        member: false,
    };
    const MEM: Sides = Sides {
        network: false,
        member: true,
    };
    const BOTH: Sides = Sides {
        network: true,
        member: true,
    };
    const NOBODY: Sides = Sides {
        network: false,
        member: false,
    };

    #[test]
    fn an_invitation_waits_for_the_member() {
        assert_eq!(request(None, NET), Ok(Status::Invited));
        assert!(matches!(
            change(Status::Invited, Status::Active, NET),
            Err(LinkRefusal::NotYourSide(_))
        ));
        assert_eq!(
            change(Status::Invited, Status::Active, MEM),
            Ok(Status::Active)
        );
        // Declining is ending.
        assert_eq!(
            change(Status::Invited, Status::Ended, MEM),
            Ok(Status::Ended)
        );
        // Applying to a network that invited you accepts the invitation.
        assert_eq!(request(Some(Status::Invited), MEM), Ok(Status::Active));
        assert!(matches!(
            request(Some(Status::Invited), NET),
            Err(LinkRefusal::Conflict(_))
        ));
    }

    #[test]
    fn an_application_waits_for_the_network() {
        assert_eq!(request(None, MEM), Ok(Status::Applied));
        assert!(matches!(
            change(Status::Applied, Status::Active, MEM),
            Err(LinkRefusal::NotYourSide(_))
        ));
        assert_eq!(
            change(Status::Applied, Status::Active, NET),
            Ok(Status::Active)
        );
        assert_eq!(request(Some(Status::Applied), NET), Ok(Status::Active));
    }

    #[test]
    fn both_sides_at_once_and_nobody_at_all() {
        assert_eq!(request(None, BOTH), Ok(Status::Active));
        assert_eq!(request(Some(Status::Ended), BOTH), Ok(Status::Active));
        assert!(matches!(
            request(None, NOBODY),
            Err(LinkRefusal::NotYourSide(_))
        ));
        assert!(matches!(
            request(Some(Status::Active), BOTH),
            Err(LinkRefusal::Conflict(_))
        ));
    }

    #[test]
    fn either_side_leaves_only_the_network_suspends() {
        for by in [NET, MEM] {
            assert_eq!(change(Status::Active, Status::Ended, by), Ok(Status::Ended));
        }
        assert_eq!(
            change(Status::Active, Status::Suspended, NET),
            Ok(Status::Suspended)
        );
        assert!(change(Status::Active, Status::Suspended, MEM).is_err());
        assert!(change(Status::Suspended, Status::Active, MEM).is_err());
        assert!(matches!(
            change(Status::Ended, Status::Active, BOTH),
            Err(LinkRefusal::Conflict(_))
        ));
        assert!(matches!(
            change(Status::Active, Status::Invited, BOTH),
            Err(LinkRefusal::NotSettable(_))
        ));
    }

    fn any_status() -> impl Strategy<Value = Status> {
        proptest::sample::select(Status::ALL.to_vec())
    }

    fn any_sides() -> impl Strategy<Value = Sides> {
        (any::<bool>(), any::<bool>()).prop_map(|(network, member)| Sides { network, member })
    }

    proptest! {
        /// Consent: a link becomes active only through a step taken by the side that had not
        /// yet agreed (or by someone speaking for both); one side alone never activates a link
        /// it asked for, whatever sequence of steps it takes.
        #[test]
        fn one_side_alone_never_activates_a_link(
            steps in proptest::collection::vec((any::<bool>(), any_status()), 0..12),
            network_side in any::<bool>(),
        ) {
            let by = if network_side { NET } else { MEM };
            let mut status: Option<Status> = None;
            for (is_request, to) in steps {
                let next = if is_request { request(status, by) } else {
                    match status { Some(s) => change(s, to, by), None => continue }
                };
                if let Ok(s) = next { status = Some(s); }
                prop_assert_ne!(status, Some(Status::Active));
            }
        }

        /// Whoever speaks for neither side changes nothing.
        #[test]
        fn outsiders_change_nothing(current in any_status(), to in any_status()) {
            prop_assert!(change(current, to, NOBODY).is_err());
            prop_assert!(request(Some(current), NOBODY).is_err());
        }

        /// Either side can always end a link that has not ended.
        #[test]
        fn either_side_can_always_leave(current in any_status(), by in any_sides()) {
            prop_assume!(!by.none());
            prop_assert_eq!(change(current, Status::Ended, by), Ok(Status::Ended));
        }
    }
}

//! Who may do what: the principal administrator, secondary administrators with rights per
//! event, participants and experts (BO-1, REG-10).

use domain::{EventId, Permission, PermissionSet, UserId};
use store::events::{ParticipantRow, RoleRow};
use store::users::UserRow;

/// A logged-in person with everything needed to decide access, loaded once per request.
#[derive(Debug, Clone)]
pub struct Viewer {
    /// The account.
    pub user: UserRow,
    /// Rights on events as a secondary administrator.
    pub roles: Vec<RoleRow>,
    /// Registrations as a participant or expert.
    pub participations: Vec<ParticipantRow>,
}

/// Refusal: the person is logged in but lacks the right.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("forbidden")]
pub struct Forbidden;

impl Viewer {
    /// Loads the roles and registrations of an account.
    pub async fn load(
        db: &impl store::ConnectionTrait,
        user: UserRow,
    ) -> Result<Viewer, store::DbErr> {
        let id = UserId(user.id);
        let roles = store::events::roles_of_user(db, id).await?;
        let participations = store::events::participations_of_user(db, id).await?;
        Ok(Viewer {
            user,
            roles,
            participations,
        })
    }

    /// The account id.
    pub fn id(&self) -> UserId {
        UserId(self.user.id)
    }

    /// Whether this is a principal administrator (every right on every event).
    pub fn is_principal(&self) -> bool {
        self.user.is_principal_admin
    }

    /// Whether the person may enter the back office at all.
    pub fn is_back_office(&self) -> bool {
        self.is_principal() || !self.roles.is_empty()
    }

    /// The rights on one event.
    pub fn permissions_on(&self, event: EventId) -> PermissionSet {
        if self.is_principal() {
            return PermissionSet::all();
        }
        self.roles
            .iter()
            .find(|r| r.event_id == event.0)
            .map(|r| PermissionSet::parse_stored(&r.permissions))
            .unwrap_or_default()
    }

    /// Whether the person is on the event's team (any right, or principal).
    pub fn is_team_member(&self, event: EventId) -> bool {
        self.is_principal() || self.roles.iter().any(|r| r.event_id == event.0)
    }

    /// Refuses unless the person holds the right on the event.
    pub fn require(&self, event: EventId, permission: Permission) -> Result<(), Forbidden> {
        if self.permissions_on(event).contains(permission) {
            Ok(())
        } else {
            Err(Forbidden)
        }
    }

    /// Refuses unless the person is on the event's team.
    pub fn require_team(&self, event: EventId) -> Result<(), Forbidden> {
        if self.is_team_member(event) {
            Ok(())
        } else {
            Err(Forbidden)
        }
    }

    /// Refuses unless the person is a principal administrator.
    pub fn require_principal(&self) -> Result<(), Forbidden> {
        if self.is_principal() {
            Ok(())
        } else {
            Err(Forbidden)
        }
    }

    /// The events whose back office the person may open; `None` means all of them.
    pub fn back_office_events(&self) -> Option<Vec<i64>> {
        if self.is_principal() {
            None
        } else {
            Some(self.roles.iter().map(|r| r.event_id).collect())
        }
    }

    /// Whether administrator-strength passwords apply.
    pub fn needs_admin_password(&self) -> bool {
        self.is_back_office()
    }
}

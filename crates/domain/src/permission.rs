//! Rights a principal administrator grants to a secondary administrator, per event (BO-1).

use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// One right on one event. The principal administrator implicitly holds them all.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Permission {
    /// Edit the event's settings, mini-site pages, venues and branding.
    EditSiteContent,
    /// Validate or refuse registrations.
    ValidateRegistrations,
    /// Manage meeting requests, schedules and tables.
    ManageMeetings,
    /// See participants' agendas.
    SeeAgendas,
    /// Check participants in on the day.
    CheckIn,
    /// Export lists and reports.
    Exports,
    /// Send e-mailings.
    Emailing,
    /// Manage workshops, conferences and other animations.
    Animations,
    /// See and manage payments.
    Payments,
    /// See personal data (contact details) of participants.
    SeePersonalData,
}

impl Permission {
    /// Every permission, in the order shown in the back office.
    pub const ALL: [Permission; 10] = [
        Permission::EditSiteContent,
        Permission::ValidateRegistrations,
        Permission::ManageMeetings,
        Permission::SeeAgendas,
        Permission::CheckIn,
        Permission::Exports,
        Permission::Emailing,
        Permission::Animations,
        Permission::Payments,
        Permission::SeePersonalData,
    ];

    /// Stable code stored in the database and used in forms.
    pub fn code(self) -> &'static str {
        match self {
            Permission::EditSiteContent => "edit_site_content",
            Permission::ValidateRegistrations => "validate_registrations",
            Permission::ManageMeetings => "manage_meetings",
            Permission::SeeAgendas => "see_agendas",
            Permission::CheckIn => "check_in",
            Permission::Exports => "exports",
            Permission::Emailing => "emailing",
            Permission::Animations => "animations",
            Permission::Payments => "payments",
            Permission::SeePersonalData => "see_personal_data",
        }
    }

    /// Parses a stored code.
    pub fn parse(code: &str) -> Option<Permission> {
        Permission::ALL.into_iter().find(|p| p.code() == code)
    }
}

/// The set of rights a person holds on one event.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PermissionSet(BTreeSet<Permission>);

impl PermissionSet {
    /// All rights: what the principal administrator holds.
    pub fn all() -> Self {
        PermissionSet(Permission::ALL.into_iter().collect())
    }

    /// Builds a set from permissions.
    pub fn from_permissions(perms: impl IntoIterator<Item = Permission>) -> Self {
        PermissionSet(perms.into_iter().collect())
    }

    /// Parses the comma-separated form stored in the database; unknown codes are ignored so
    /// that a removed permission never locks an event.
    pub fn parse_stored(stored: &str) -> Self {
        PermissionSet(
            stored
                .split(',')
                .filter_map(|c| Permission::parse(c.trim()))
                .collect(),
        )
    }

    /// The comma-separated form stored in the database.
    pub fn to_stored(&self) -> String {
        self.0
            .iter()
            .map(|p| p.code())
            .collect::<Vec<_>>()
            .join(",")
    }

    /// Whether the set grants a right.
    pub fn contains(&self, permission: Permission) -> bool {
        self.0.contains(&permission)
    }

    /// Whether the set grants nothing.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The rights, in display order.
    pub fn iter(&self) -> impl Iterator<Item = Permission> + '_ {
        self.0.iter().copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // REQ: BO-1
    #[test]
    fn stored_form_round_trips_and_ignores_unknown_codes() {
        let set =
            PermissionSet::from_permissions([Permission::CheckIn, Permission::EditSiteContent]);
        let stored = set.to_stored();
        assert_eq!(stored, "edit_site_content,check_in");
        assert_eq!(PermissionSet::parse_stored(&stored), set);
        let with_unknown = PermissionSet::parse_stored("check_in,launch_rockets");
        assert!(with_unknown.contains(Permission::CheckIn));
        assert!(!with_unknown.contains(Permission::Payments));
    }
}

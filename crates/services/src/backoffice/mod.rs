//! Registrations managed by the organizers (BO-3, BO-5, BO-7, REG-10): decisions on each
//! person and each offer, edits of any field, export of the list and import of participants.
//!
//! Every action takes the [`Scope`] of the person acting: the event's registration managers
//! see every company, a co-organizer only the companies of the participants assigned to
//! them (REG-10). A company outside the scope answers "not found", like another event's.

pub mod decide;
pub mod edit;
pub mod export;
pub mod import;

use crate::InternalError;
use crate::access::Viewer;
use crate::forms::FieldErrors;
use domain::{EventId, Permission};

/// Which registrations of an event a person manages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Every company of the event: principal administrators and team members holding the
    /// "validate registrations" right who co-organize nobody.
    All,
    /// Only the companies with a participant assigned to this co-organizer (account id).
    Assigned(i64),
}

impl Scope {
    /// The scope of a logged-in person on an event, or none when they manage no
    /// registration there. Being a co-organizer (named in an assignment rule, or assigned to
    /// a participant) restricts to the assigned participants even with the right, so that a
    /// partner never sees another partner's participants.
    pub async fn of(
        db: &impl store::ConnectionTrait,
        viewer: &Viewer,
        event: EventId,
    ) -> Result<Option<Scope>, store::DbErr> {
        if viewer.is_principal() {
            return Ok(Some(Scope::All));
        }
        if !viewer.is_team_member(event) {
            return Ok(None);
        }
        if store::backoffice::is_coorganizer(db, event, viewer.user.id).await? {
            return Ok(Some(Scope::Assigned(viewer.user.id)));
        }
        if viewer
            .permissions_on(event)
            .contains(Permission::ValidateRegistrations)
        {
            return Ok(Some(Scope::All));
        }
        Ok(None)
    }

    /// The co-organizer to assign to people added within this scope.
    pub fn coorganizer(&self) -> Option<i64> {
        match self {
            Scope::All => None,
            Scope::Assigned(id) => Some(*id),
        }
    }

    /// Whether the scope covers a company of the event.
    pub async fn covers(
        &self,
        db: &impl store::ConnectionTrait,
        event: EventId,
        company_id: i64,
    ) -> Result<bool, store::DbErr> {
        match self {
            Scope::All => Ok(true),
            Scope::Assigned(user) => Ok(store::backoffice::companies_assigned_to(db, event, *user)
                .await?
                .contains(&company_id)),
        }
    }

    /// The companies of the event within the scope, by name.
    pub async fn companies(
        &self,
        db: &impl store::ConnectionTrait,
        event: EventId,
    ) -> Result<Vec<store::events::CompanyRow>, store::DbErr> {
        let all = store::registration::companies_with_status(db, event, None).await?;
        match self {
            Scope::All => Ok(all),
            Scope::Assigned(user) => {
                let ids = store::backoffice::companies_assigned_to(db, event, *user).await?;
                Ok(all.into_iter().filter(|c| ids.contains(&c.id)).collect())
            }
        }
    }
}

/// Failure of a back-office action on registrations.
#[derive(Debug, thiserror::Error)]
pub enum BackofficeError {
    /// Input errors to show on the form.
    #[error("invalid input")]
    Invalid(FieldErrors),
    /// Refused with a message id to show.
    #[error("refused: {0}")]
    Refused(&'static str),
    /// Unknown, another event's, or outside the person's scope.
    #[error("not found")]
    NotFound,
    /// Storage failure.
    #[error(transparent)]
    Internal(#[from] InternalError),
}

crate::database_errors_are_internal!(BackofficeError);

/// Refuses a company outside the scope with "not found".
async fn check_scope(
    db: &impl store::ConnectionTrait,
    scope: &Scope,
    event: EventId,
    company_id: i64,
) -> Result<store::events::CompanyRow, BackofficeError> {
    let company = store::registration::company(db, event, company_id)
        .await?
        .ok_or(BackofficeError::NotFound)?;
    if scope.covers(db, event, company_id).await? {
        Ok(company)
    } else {
        Err(BackofficeError::NotFound)
    }
}

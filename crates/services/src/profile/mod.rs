//! The participant's private area for one event (PRV-2): own profile, the company and its
//! offers and requests (company editors only), colleagues; and the personal-data rights of
//! REG-8: download of one's own data and erasure of the account.
//!
//! Every function starts from the logged-in account and the event id and loads the person's
//! registration to that event: ids typed into a URL are then looked up inside that
//! registration's company only, so they can never reach another company's rows.

use crate::audit::{Actor, Change, record};
use crate::forms::{FieldErrors, optional, required};
use crate::i18n::t_args;
use crate::mail::{self, Email};
use crate::security::{random_token, token_hash};
use crate::{InternalError, Settings};
use chrono::{Duration, Utc};
use domain::{EmailAddress, EventId, Locale, UserId};
use serde::Serialize;
use store::DatabaseConnection;
use store::events::{CompanyRow, EventRow, ParticipantRow};
use store::profile::{CompanyFields, PersonFields};
use store::registration::OfferRow;
use store::users::{NewUser, UserRow};

/// What replaces an erased person's identity in the audit trail.
pub const DELETED_LABEL: &str = "deleted participant";

/// Failure of a private-area action.
#[derive(Debug, thiserror::Error)]
pub enum ProfileError {
    /// Input errors to show on the form (field names without prefix).
    #[error("invalid input")]
    Invalid(FieldErrors),
    /// Not a participant of this event, or an id outside the person's company.
    #[error("not found")]
    NotFound,
    /// The person may not do this (not the company's editor).
    #[error("forbidden")]
    Forbidden,
    /// Refused with a message id to show.
    #[error("refused: {0}")]
    Refused(&'static str),
    /// Storage failure.
    #[error(transparent)]
    Internal(#[from] InternalError),
}

crate::database_errors_are_internal!(ProfileError);

/// The person's registration to one event, with the event and the company.
#[derive(Debug, Clone)]
pub struct MySpace {
    /// The event.
    pub event: EventRow,
    /// The person's registration.
    pub participant: ParticipantRow,
    /// Their company, if any.
    pub company: Option<CompanyRow>,
}

impl MySpace {
    /// Whether the person edits the company.
    pub fn is_editor(&self) -> bool {
        self.participant.is_company_editor && self.company.is_some()
    }

    fn editor_company(&self) -> Result<&CompanyRow, ProfileError> {
        match &self.company {
            Some(company) if self.participant.is_company_editor => Ok(company),
            _ => Err(ProfileError::Forbidden),
        }
    }
}

/// Loads the person's registration to the event; `NotFound` when they have none.
pub async fn my_space(
    db: &impl store::ConnectionTrait,
    user: &UserRow,
    event_id: EventId,
) -> Result<MySpace, ProfileError> {
    let event = store::events::find(db, event_id)
        .await?
        .ok_or(ProfileError::NotFound)?;
    let participant = store::registration::participant_of_user(db, event_id, user.id)
        .await?
        .ok_or(ProfileError::NotFound)?;
    let company = match participant.company_id {
        Some(id) => store::registration::company(db, event_id, id).await?,
        None => None,
    };
    Ok(MySpace {
        event,
        participant,
        company,
    })
}

/// The profile form as typed.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct ProfileForm {
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// Job title.
    pub job_title: String,
    /// Phone.
    pub phone: String,
    /// Every pair as posted, for the event's configurable person fields (REG-3).
    #[serde(skip)]
    pub raw: Vec<(String, String)>,
}

impl ProfileForm {
    /// Reads the posted pairs.
    pub fn from_pairs(pairs: Vec<(String, String)>) -> ProfileForm {
        let get = |name: &str| crate::forms::posted(&pairs, name);
        ProfileForm {
            first_name: get("first_name"),
            last_name: get("last_name"),
            job_title: get("job_title"),
            phone: get("phone"),
            raw: pairs.into_iter().take(2_000).collect(),
        }
    }
}

/// Checks a phone number: digits with spaces, dots, dashes, brackets and a leading `+`.
fn phone(errors: &mut FieldErrors, raw: &str) -> String {
    let value = raw.trim().to_string();
    if value.is_empty() {
        return value;
    }
    let digits = value.chars().filter(char::is_ascii_digit).count();
    let allowed = value
        .chars()
        .enumerate()
        .all(|(i, c)| c.is_ascii_digit() || " .-()".contains(c) || (c == '+' && i == 0));
    if !allowed || !(6..=20).contains(&digits) || value.chars().count() > 40 {
        errors.add("phone", "private-error-phone");
    }
    value
}

/// Edits the person's own name, job title and phone on their registration.
pub async fn update_profile(
    db: &DatabaseConnection,
    user: &UserRow,
    event_id: EventId,
    form: &ProfileForm,
) -> Result<(), ProfileError> {
    use crate::form_fields::Scope;
    let design = crate::form_fields::load(db, event_id).await?;
    let taxonomy = crate::taxonomy::load(db, event_id).await?;
    let mut errors = FieldErrors::new();
    let first_name = required(&mut errors, "first_name", &form.first_name, 100);
    let last_name = required(&mut errors, "last_name", &form.last_name, 100);
    let job_title = design.column_text(
        Scope::Person,
        "job_title",
        "job_title",
        &form.job_title,
        150,
        &mut errors,
    );
    let phone = if design.shows(Scope::Person, "phone") {
        let phone = phone(&mut errors, &form.phone);
        if phone.is_empty()
            && design
                .field(Scope::Person, "phone")
                .is_some_and(|f| f.required)
        {
            errors.add("phone", "error-required");
        }
        phone
    } else {
        String::new()
    };
    let values = design.read_values(Scope::Person, "", &form.raw, "", &taxonomy, &mut errors);
    if !errors.is_empty() {
        return Err(ProfileError::Invalid(errors));
    }
    let now = Utc::now();
    let txn = store::begin_write(db).await?;
    let space = my_space(&txn, user, event_id).await?;
    // Hidden standard fields keep what was stored before they were hidden.
    let job_title = if design.shows(Scope::Person, "job_title") {
        job_title
    } else {
        space.participant.job_title_fr.clone()
    };
    let phone = if design.shows(Scope::Person, "phone") {
        phone
    } else {
        space.participant.phone.clone()
    };
    let owner = store::forms::Owner::Participant(space.participant.id);
    let values_before = store::forms::values_of(&txn, event_id, owner).await?;
    store::forms::replace_values(&txn, event_id, owner, &values).await?;
    let fields = PersonFields {
        first_name: &first_name,
        last_name: &last_name,
        job_title: &job_title,
        phone: &phone,
        is_company_editor: None,
    };
    store::profile::update_person(&txn, event_id, space.participant.id, fields).await?;
    let after = store::registration::participant_of_user(&txn, event_id, user.id).await?;
    record(
        &txn,
        &Actor::user(user),
        Change {
            event: Some(event_id),
            action: "update",
            entity: "participant",
            entity_id: space.participant.id.to_string(),
            before: Some(&(&space.participant, values_before)),
            after: Some(&(after.as_ref(), &values)),
        },
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

mod attachments;
mod company;
mod data;
mod erasure;

pub use attachments::*;
pub use company::*;
pub use data::*;
pub use erasure::*;

#[cfg(test)]
mod tests {
    use super::data::cell;
    use super::*;

    #[test]
    fn csv_cells_are_quoted_and_neutralised() {
        assert_eq!(cell("a;b"), "\"a;b\"");
        assert_eq!(cell("=1+1"), "'=1+1");
        assert_eq!(cell("dit \"x\""), "\"dit \"\"x\"\"\"");
    }

    #[test]
    fn phone_numbers_are_checked() {
        let mut errors = FieldErrors::new();
        phone(&mut errors, "+33 6 12 34 56 78");
        assert!(errors.is_empty());
        phone(&mut errors, "appelez-moi");
        assert_eq!(errors.get("phone"), Some("private-error-phone"));
    }
}

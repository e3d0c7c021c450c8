//! Agora's user actions.
//!
//! One function per action (`login`, `create_event`, `grant_role`…). Each owns its
//! transaction, writes the audit entry and the outbox rows in it, and returns typed errors
//! that the web edge translates. Handlers stay thin: parse, call one function, render.

pub mod access;
pub mod assignment;
pub mod attachments;
pub mod audit;
pub mod auth;
pub mod backoffice;
pub mod catalogue;
pub mod config;
pub mod demo;
pub mod email_templates;
pub mod event_day;
pub mod events;
pub mod files;
pub mod form_fields;
pub mod forms;
pub mod i18n;
pub mod mail;
pub mod maintenance;
pub mod meetings;
pub mod privacy;
pub mod profile;
pub mod registration;
pub mod security;
pub mod suggestions;
pub mod taxonomy;
pub mod team;
pub mod uploads;
pub mod vies;

pub use config::Settings;

/// Lets `?` turn a database error into the `Internal` variant of an action's error enum.
#[macro_export]
macro_rules! database_errors_are_internal {
    ($error:ident) => {
        impl From<store::DbErr> for $error {
            fn from(e: store::DbErr) -> Self {
                $error::Internal(e.into())
            }
        }
    };
}

/// Errors of the storage layer that no user can fix: logged with the request id, shown as a
/// friendly 500 page.
#[derive(Debug, thiserror::Error)]
pub enum InternalError {
    /// The database failed.
    #[error("database: {0}")]
    Database(#[from] store::DbErr),
    /// The file store failed.
    #[error("file store: {0}")]
    Files(#[from] std::io::Error),
    /// Something else that should not happen.
    #[error("{0}")]
    Other(String),
}

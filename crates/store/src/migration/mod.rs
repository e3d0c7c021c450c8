//! Schema migrations, applied in order by `agora migrate` and at start-up.
//!
//! Migrations use sea-query's schema builder so that one definition serves SQLite and
//! PostgreSQL. Never edit a released migration: add a new one.

use sea_orm_migration::prelude::*;

mod m0001_foundation;
mod m0002_registration;
mod m0003_vat;
mod m0005_assignment;
mod m0006_forms;
mod m0007_email_templates;
mod m0008_backoffice;
mod m0009_attachments;
mod m0010_meetings;
mod m0011_session_part;
mod m0015_meeting_reminders;
mod m0016_event_day;
mod m0019_documents;

/// The list of migrations, oldest first.
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m0001_foundation::Migration),
            Box::new(m0002_registration::Migration),
            Box::new(m0003_vat::Migration),
            Box::new(m0005_assignment::Migration),
            Box::new(m0006_forms::Migration),
            Box::new(m0007_email_templates::Migration),
            Box::new(m0008_backoffice::Migration),
            Box::new(m0009_attachments::Migration),
            Box::new(m0010_meetings::Migration),
            Box::new(m0011_session_part::Migration),
            Box::new(m0015_meeting_reminders::Migration),
            Box::new(m0016_event_day::Migration),
            Box::new(m0019_documents::Migration),
        ]
    }
}

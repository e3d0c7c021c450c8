//! Agora's database access.
//!
//! One code path for SQLite (the default, embedded) and PostgreSQL (several instances).
//! Entities mirror the tables; the modules beside them hold the queries of one aggregate each.
//! Every query on event data takes the `EventId` first, so that a request scoped to one event
//! can never read or change another event's rows.

pub mod assignment;
pub mod attachments;
pub mod audit;
pub mod backoffice;
pub mod badges;
pub mod bulk;
pub mod catalogue;
pub mod checkin;
pub mod db;
pub mod documents;
pub mod email_templates;
pub mod entities;
pub mod event_day;
pub mod events;
pub mod files;
pub mod forms;
pub mod idempotency;
pub mod leases;
pub mod meetings;
pub mod migration;
pub mod outbox;
pub mod outbox_attachments;
pub mod presence;
pub mod profile;
pub mod registration;
pub mod sessions;
pub mod throttle;
pub mod users;
pub mod vat;

pub use db::{begin_write, connect, is_unique_violation, migrate};
pub use sea_orm::{
    ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbErr, TransactionTrait,
};

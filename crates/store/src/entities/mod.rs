//! SeaORM entities, one per table.

pub mod app_user;
pub mod auth_token;
pub mod http_session;
pub mod login_failure;
pub mod connection_log;
pub mod audit_entry;
pub mod outbox_message;
pub mod job_lease;
pub mod idempotency_key;
pub mod file_object;
pub mod event;
pub mod event_partner;
pub mod venue;
pub mod room;
pub mod event_page;
pub mod event_role;
pub mod company;
pub mod participant;

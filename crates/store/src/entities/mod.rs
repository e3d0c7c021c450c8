//! SeaORM entities, one per table.

pub mod app_user;
pub mod assignment_rule;
pub mod audit_entry;
pub mod auth_token;
pub mod company;
pub mod connection_log;
pub mod consent;
pub mod event;
pub mod event_page;
pub mod event_partner;
pub mod event_role;
pub mod file_object;
pub mod file_trash;
pub mod http_session;
pub mod idempotency_key;
pub mod job_lease;
pub mod login_failure;
pub mod offer;
pub mod offer_attachment;
pub mod outbox_message;
pub mod participant;
pub mod pending_upload;
pub mod room;
pub mod vat_check;
pub mod venue;

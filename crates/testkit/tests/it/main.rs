//! Every integration test of the platform in one binary: one link of the whole stack instead
//! of one per file keeps a clean `cargo test --workspace` within the disk and time of a small
//! CI machine. One module per feature; run one with `cargo test -p testkit --test it badges::`.

mod attachments;
mod auth;
mod backoffice;
mod badges;
mod catalogue;
mod checkin;
mod demo_generator;
mod documents;
mod email_templates;
mod events;
mod experts;
mod forms;
mod meeting_agenda;
mod meeting_concurrency;
mod meeting_messages;
mod meeting_oversight;
mod meeting_requests;
mod meeting_setup;
mod presence;
mod privacy_notice;
mod private_area;
mod registration;
mod scheduling;
mod security;
mod vat;

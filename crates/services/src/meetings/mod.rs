//! One-to-one business meetings (MTG-1…10, EXP-1…8, PRV-1/4/5): the event's rules, the
//! notices sent on every change, and one module per user-facing capability.

pub mod availability;
pub mod booking;
pub mod experts;
pub mod grid;
pub mod notify;
pub mod oversight;
pub mod reminders;
pub mod requests;
pub mod scheduling;
pub mod settings;
pub mod setup;

pub use settings::MeetingSettings;
pub mod agenda;
pub mod messages;
pub mod ratings;

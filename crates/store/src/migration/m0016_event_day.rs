//! The event day (CHK-1…5, PRV-7, REG-7, BO-7): badge keys and passes, check-ins, the
//! event-day rules, document jobs and on-site registrations.

use super::m0001_foundation::{fk, index, table};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for statement in tables() {
            m.create_table(statement).await?;
        }
        for statement in indexes() {
            m.create_index(statement).await?;
        }
        Ok(())
    }
}

fn tables() -> Vec<TableCreateStatement> {
    vec![
        // The event-day rules as one typed JSON document (services::event_day::EventDaySettings).
        table("event_day_settings")
            .col(big_integer("event_id"))
            .col(text("settings"))
            .col(timestamp_with_time_zone("updated_at"))
            .foreign_key(&mut fk("event_day_settings", "event_id", "event"))
            .take(),
        // The secret that signs an event's badge tokens; never shown, never audited.
        table("badge_key")
            .col(big_integer("event_id"))
            .col(string_len("secret_hex", 64))
            .foreign_key(&mut fk("badge_key", "event_id", "event"))
            .take(),
        // A participant's current badge generation; a token of an older generation, or of a
        // revoked pass, is refused. No row means generation 1, not revoked.
        table("badge_pass")
            .col(big_integer("event_id"))
            .col(big_integer("participant_id"))
            .col(integer("generation"))
            .col(timestamp_with_time_zone_null("revoked_at"))
            .col(timestamp_with_time_zone("updated_at"))
            .foreign_key(&mut fk("badge_pass", "event_id", "event"))
            .foreign_key(&mut fk("badge_pass", "participant_id", "participant"))
            .take(),
        // One check-in per participant and event; `checked_at` is the first scan time (an
        // offline scan replayed later with an earlier time wins).
        table("checkin")
            .col(big_integer("event_id"))
            .col(big_integer("participant_id"))
            .col(timestamp_with_time_zone("checked_at"))
            .col(string_len("station", 64))
            .col(string_len("method", 16))
            .col(big_integer_null("by_user_id"))
            .foreign_key(&mut fk("checkin", "event_id", "event"))
            .foreign_key(&mut fk("checkin", "participant_id", "participant"))
            .take(),
        // A document generated in the background (badges, sheets, agendas…), with progress.
        table("doc_job")
            .col(big_integer("event_id"))
            .col(string_len("kind", 32))
            .col(text("params"))
            .col(string_len("locale", 8))
            .col(string_len("status", 16))
            .col(integer("done"))
            .col(integer("total"))
            .col(string_null("file_key"))
            .col(string("file_name"))
            .col(text_null("error"))
            .col(big_integer_null("requested_by"))
            .col(timestamp_with_time_zone_null("claimed_until"))
            .col(timestamp_with_time_zone_null("finished_at"))
            .col(timestamp_with_time_zone("updated_at"))
            .foreign_key(&mut fk("doc_job", "event_id", "event"))
            .take(),
        // A participant registered on site by an organizer (BO-7, CHK-3); `payment_state` is
        // the hook for the payment issue (PAY-9): "none" until payments exist.
        table("onsite_registration")
            .col(big_integer("event_id"))
            .col(big_integer("participant_id"))
            .col(big_integer_null("by_user_id"))
            .col(string_len("payment_state", 16))
            .foreign_key(&mut fk("onsite_registration", "event_id", "event"))
            .foreign_key(&mut fk(
                "onsite_registration",
                "participant_id",
                "participant",
            ))
            .take(),
        // A file rendered at send time and attached to an outbox email (the badge of a
        // confirmation email, REG-7): `kind` says what to render, `ref_id` for whom.
        table("outbox_attachment")
            .col(big_integer("message_id"))
            .col(string_len("kind", 32))
            .col(big_integer("ref_id"))
            .col(string("file_name"))
            .foreign_key(&mut fk("outbox_attachment", "message_id", "outbox_message"))
            .take(),
    ]
}

fn indexes() -> Vec<IndexCreateStatement> {
    vec![
        index(
            "outbox_attachment",
            "ix_outbox_attachment_message",
            &["message_id"],
            false,
        ),
        index(
            "event_day_settings",
            "ux_event_day_settings_event",
            &["event_id"],
            true,
        ),
        index("badge_key", "ux_badge_key_event", &["event_id"], true),
        index(
            "badge_pass",
            "ux_badge_pass_participant",
            &["participant_id"],
            true,
        ),
        index(
            "checkin",
            "ux_checkin_participant",
            &["participant_id"],
            true,
        ),
        index(
            "checkin",
            "ix_checkin_event",
            &["event_id", "checked_at"],
            false,
        ),
        index(
            "doc_job",
            "ix_doc_job_status",
            &["status", "created_at"],
            false,
        ),
        index(
            "doc_job",
            "ix_doc_job_event",
            &["event_id", "created_at"],
            false,
        ),
        index(
            "onsite_registration",
            "ux_onsite_registration_participant",
            &["participant_id"],
            true,
        ),
    ]
}

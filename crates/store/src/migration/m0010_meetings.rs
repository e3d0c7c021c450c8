//! One-to-one meetings (issue 5): B2B sessions and slots, places, attendance, experts,
//! requests with their state, meetings with seats and table uses that the database keeps
//! unique, waiting lists, scheduling runs, messages, ratings and calendar feeds.

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
        table("meeting_settings")
            .col(big_integer("event_id"))
            .col(text("settings"))
            .col(timestamp_with_time_zone("updated_at"))
            .foreign_key(&mut fk("meeting_settings", "event_id", "event"))
            .take(),
        table("b2b_session")
            .col(big_integer("event_id"))
            .col(big_integer_null("venue_id"))
            .col(string("name_fr"))
            .col(string("name_en"))
            .col(date("day"))
            .col(string_len("starts_local", 8))
            .col(string_len("ends_local", 8))
            .col(integer("slot_minutes"))
            .col(integer("pause_minutes"))
            .col(timestamp_with_time_zone("updated_at"))
            .foreign_key(&mut fk("b2b_session", "event_id", "event"))
            .take(),
        table("slot")
            .col(big_integer("event_id"))
            .col(big_integer("session_id"))
            .col(integer("position"))
            .col(timestamp_with_time_zone("starts_at"))
            .col(timestamp_with_time_zone("ends_at"))
            .foreign_key(&mut fk("slot", "session_id", "b2b_session"))
            .take(),
        table("place")
            .col(big_integer("event_id"))
            .col(big_integer_null("session_id"))
            .col(big_integer_null("venue_id"))
            .col(string_len("kind", 16))
            .col(string("label"))
            .col(big_integer_null("owner_participant_id"))
            .col(integer("position"))
            .foreign_key(&mut fk("place", "event_id", "event"))
            .foreign_key(&mut fk("place", "session_id", "b2b_session"))
            .foreign_key(&mut fk("place", "owner_participant_id", "participant"))
            .take(),
        table("session_attendance")
            .col(big_integer("event_id"))
            .col(big_integer("participant_id"))
            .col(big_integer("session_id"))
            .foreign_key(&mut fk(
                "session_attendance",
                "participant_id",
                "participant",
            ))
            .foreign_key(&mut fk("session_attendance", "session_id", "b2b_session"))
            .take(),
        table("unavailable_slot")
            .col(big_integer("event_id"))
            .col(big_integer("participant_id"))
            .col(big_integer("slot_id"))
            .foreign_key(&mut fk("unavailable_slot", "participant_id", "participant"))
            .foreign_key(&mut fk("unavailable_slot", "slot_id", "slot"))
            .take(),
        table("expert_profile")
            .col(big_integer("event_id"))
            .col(big_integer("participant_id"))
            .col(integer_null("max_meetings"))
            .col(big_integer_null("place_id"))
            .col(text("sought_fr"))
            .col(text("sought_en"))
            .col(boolean("is_available"))
            .col(timestamp_with_time_zone("updated_at"))
            .foreign_key(&mut fk("expert_profile", "participant_id", "participant"))
            .take(),
        table("meeting_request")
            .col(big_integer("event_id"))
            .col(big_integer("requester_id"))
            .col(big_integer("target_company_id"))
            .col(big_integer_null("target_participant_id"))
            .col(text("message"))
            .col(integer("priority"))
            .col(string_len("state", 16))
            .col(string_len("booking", 16))
            .col(big_integer_null("wanted_slot_id"))
            .col(text("availability"))
            .col(text("decline_reason"))
            .col(text("cancel_reason"))
            .col(boolean("is_expert"))
            .col(big_integer_null("created_by_user_id"))
            .col(timestamp_with_time_zone_null("expires_at"))
            .col(timestamp_with_time_zone_null("reminded_at"))
            .col(timestamp_with_time_zone_null("decided_at"))
            .col(timestamp_with_time_zone_null("confirmed_at"))
            .col(timestamp_with_time_zone("updated_at"))
            .foreign_key(&mut fk("meeting_request", "event_id", "event"))
            .foreign_key(&mut fk("meeting_request", "requester_id", "participant"))
            .foreign_key(&mut fk("meeting_request", "target_company_id", "company"))
            .foreign_key(&mut fk(
                "meeting_request",
                "target_participant_id",
                "participant",
            ))
            .take(),
        table("meeting")
            .col(big_integer("event_id"))
            .col(big_integer("request_id"))
            .col(big_integer("slot_id"))
            .col(big_integer_null("place_id"))
            .col(boolean("is_locked"))
            .col(timestamp_with_time_zone("updated_at"))
            .foreign_key(&mut fk("meeting", "request_id", "meeting_request"))
            .foreign_key(&mut fk("meeting", "slot_id", "slot"))
            .take(),
        table("meeting_seat")
            .col(big_integer("event_id"))
            .col(big_integer("meeting_id"))
            .col(big_integer("participant_id"))
            .col(big_integer("slot_id"))
            .foreign_key(&mut fk("meeting_seat", "meeting_id", "meeting"))
            .foreign_key(&mut fk("meeting_seat", "participant_id", "participant"))
            .take(),
        table("table_use")
            .col(big_integer("event_id"))
            .col(big_integer("meeting_id"))
            .col(big_integer("place_id"))
            .col(big_integer("slot_id"))
            .foreign_key(&mut fk("table_use", "meeting_id", "meeting"))
            .foreign_key(&mut fk("table_use", "place_id", "place"))
            .take(),
        table("slot_waitlist")
            .col(big_integer("event_id"))
            .col(big_integer("request_id"))
            .col(big_integer("slot_id"))
            .foreign_key(&mut fk("slot_waitlist", "request_id", "meeting_request"))
            .foreign_key(&mut fk("slot_waitlist", "slot_id", "slot"))
            .take(),
        table("scheduling_run")
            .col(big_integer("event_id"))
            .col(string_len("state", 16))
            .col(boolean("replan"))
            .col(integer("progress"))
            .col(big_integer("started_by_user_id"))
            .col(text_null("proposal"))
            .col(text_null("error"))
            .col(timestamp_with_time_zone_null("finished_at"))
            .col(timestamp_with_time_zone_null("published_at"))
            .foreign_key(&mut fk("scheduling_run", "event_id", "event"))
            .take(),
        table("message")
            .col(big_integer("event_id"))
            .col(big_integer_null("request_id"))
            .col(big_integer("sender_user_id"))
            .col(big_integer_null("sender_participant_id"))
            .col(big_integer_null("recipient_participant_id"))
            .col(boolean("to_organizers"))
            .col(text("body"))
            .col(timestamp_with_time_zone_null("read_at"))
            .foreign_key(&mut fk("message", "event_id", "event"))
            .foreign_key(&mut fk("message", "request_id", "meeting_request"))
            .foreign_key(&mut fk("message", "sender_user_id", "app_user"))
            .take(),
        table("meeting_rating")
            .col(big_integer("event_id"))
            .col(big_integer("request_id"))
            .col(big_integer("participant_id"))
            .col(string_len("rating", 32))
            .col(text("comment"))
            .foreign_key(&mut fk("meeting_rating", "request_id", "meeting_request"))
            .foreign_key(&mut fk("meeting_rating", "participant_id", "participant"))
            .take(),
        table("calendar_feed")
            .col(big_integer("event_id"))
            .col(big_integer("participant_id"))
            .col(string_len("token_hash", 64))
            .foreign_key(&mut fk("calendar_feed", "participant_id", "participant"))
            .take(),
    ]
}

fn indexes() -> Vec<IndexCreateStatement> {
    vec![
        index(
            "meeting_settings",
            "ux_meeting_settings_event",
            &["event_id"],
            true,
        ),
        index(
            "b2b_session",
            "ix_b2b_session_event",
            &["event_id", "day"],
            false,
        ),
        index("slot", "ux_slot_session", &["session_id", "position"], true),
        index("slot", "ix_slot_event", &["event_id", "starts_at"], false),
        index(
            "place",
            "ix_place_event",
            &["event_id", "session_id"],
            false,
        ),
        index(
            "session_attendance",
            "ux_session_attendance",
            &["participant_id", "session_id"],
            true,
        ),
        index(
            "unavailable_slot",
            "ux_unavailable_slot",
            &["participant_id", "slot_id"],
            true,
        ),
        index(
            "expert_profile",
            "ux_expert_profile",
            &["participant_id"],
            true,
        ),
        index(
            "expert_profile",
            "ix_expert_profile_event",
            &["event_id"],
            false,
        ),
        index(
            "meeting_request",
            "ix_meeting_request_event",
            &["event_id", "state"],
            false,
        ),
        index(
            "meeting_request",
            "ix_meeting_request_requester",
            &["requester_id"],
            false,
        ),
        index(
            "meeting_request",
            "ix_meeting_request_target",
            &["target_participant_id"],
            false,
        ),
        index(
            "meeting_request",
            "ix_meeting_request_company",
            &["target_company_id"],
            false,
        ),
        index("meeting", "ux_meeting_request", &["request_id"], true),
        index(
            "meeting",
            "ix_meeting_event",
            &["event_id", "slot_id"],
            false,
        ),
        index(
            "meeting_seat",
            "ux_meeting_seat",
            &["participant_id", "slot_id"],
            true,
        ),
        index(
            "meeting_seat",
            "ix_meeting_seat_meeting",
            &["meeting_id"],
            false,
        ),
        index("table_use", "ux_table_use", &["slot_id", "place_id"], true),
        index("table_use", "ix_table_use_meeting", &["meeting_id"], false),
        index(
            "slot_waitlist",
            "ux_slot_waitlist",
            &["request_id", "slot_id"],
            true,
        ),
        index(
            "slot_waitlist",
            "ix_slot_waitlist_slot",
            &["slot_id"],
            false,
        ),
        index(
            "scheduling_run",
            "ix_scheduling_run_event",
            &["event_id"],
            false,
        ),
        index(
            "message",
            "ix_message_event",
            &["event_id", "request_id"],
            false,
        ),
        index(
            "message",
            "ix_message_recipient",
            &["recipient_participant_id"],
            false,
        ),
        index(
            "meeting_rating",
            "ux_meeting_rating",
            &["request_id", "participant_id"],
            true,
        ),
        index(
            "calendar_feed",
            "ux_calendar_feed_participant",
            &["participant_id"],
            true,
        ),
        index(
            "calendar_feed",
            "ux_calendar_feed_token",
            &["token_hash"],
            true,
        ),
    ]
}

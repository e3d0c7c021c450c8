//! The foundation's tables: accounts, sessions, audit, outbox, events and their mini-sites.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// A table with an auto-incremented 64-bit `id` and `created_at`.
pub(super) fn table(name: &'static str) -> TableCreateStatement {
    Table::create()
        .table(name)
        .if_not_exists()
        .col(big_pk_auto("id"))
        .col(timestamp_with_time_zone("created_at"))
        .take()
}

pub(super) fn fk(
    from_table: &'static str,
    column: &'static str,
    to_table: &'static str,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(from_table, column)
        .to(to_table, "id")
        .on_delete(ForeignKeyAction::Cascade)
        .take()
}

pub(super) fn index(
    table: &'static str,
    name: &'static str,
    columns: &[&'static str],
    unique: bool,
) -> IndexCreateStatement {
    let mut statement = Index::create();
    statement.name(name).table(table).if_not_exists();
    for column in columns {
        statement.col(*column);
    }
    if unique {
        statement.unique();
    }
    statement.take()
}

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
        table("app_user")
            .col(string_uniq("email_key"))
            .col(string("email"))
            .col(string("display_name"))
            .col(text_null("password_hash"))
            .col(string_len("locale", 8))
            .col(boolean("is_principal_admin"))
            .col(boolean("is_disabled"))
            .col(timestamp_with_time_zone("updated_at"))
            .take(),
        table("auth_token")
            .col(big_integer_null("user_id"))
            .col(string_len("purpose", 16))
            .col(string_uniq("token_hash"))
            .col(timestamp_with_time_zone("expires_at"))
            .col(timestamp_with_time_zone_null("used_at"))
            .foreign_key(&mut fk("auth_token", "user_id", "app_user"))
            .take(),
        table("http_session")
            .col(string_uniq("token_hash"))
            .col(big_integer("user_id"))
            .col(string("ip"))
            .col(string("user_agent"))
            .col(timestamp_with_time_zone("last_seen_at"))
            .col(timestamp_with_time_zone("absolute_expires_at"))
            .foreign_key(&mut fk("http_session", "user_id", "app_user"))
            .take(),
        table("login_failure").col(string("throttle_key")).take(),
        table("connection_log")
            .col(big_integer_null("user_id"))
            .col(string("email"))
            .col(string_len("outcome", 32))
            .col(string("ip"))
            .col(string("user_agent"))
            .take(),
        table("audit_entry")
            .col(big_integer_null("event_id"))
            .col(big_integer_null("actor_user_id"))
            .col(string("actor_label"))
            .col(string_len("action", 32))
            .col(string_len("entity", 64))
            .col(string_len("entity_id", 64))
            .col(text_null("before_json"))
            .col(text_null("after_json"))
            .take(),
        table("outbox_message")
            .col(string_uniq("message_uid"))
            .col(big_integer_null("event_id"))
            .col(string_len("channel", 16))
            .col(string("recipient"))
            .col(string("subject"))
            .col(text("body_text"))
            .col(text_null("body_html"))
            .col(string_len("status", 16))
            .col(integer("attempts"))
            .col(timestamp_with_time_zone("next_attempt_at"))
            .col(timestamp_with_time_zone_null("claimed_until"))
            .col(text_null("last_error"))
            .col(timestamp_with_time_zone_null("sent_at"))
            .take(),
        Table::create()
            .table("job_lease")
            .if_not_exists()
            .col(string_len("name", 64).primary_key())
            .col(string("holder"))
            .col(timestamp_with_time_zone("locked_until"))
            .col(timestamp_with_time_zone_null("last_run_at"))
            .take(),
        Table::create()
            .table("idempotency_key")
            .if_not_exists()
            .col(string_len("key", 64).primary_key())
            .col(string("outcome"))
            .col(timestamp_with_time_zone("created_at"))
            .take(),
        table("file_object")
            .col(big_integer_null("event_id"))
            .col(string_len("sha256", 64))
            .col(string("content_type"))
            .col(big_integer("size_bytes"))
            .col(string("original_name"))
            .col(string("storage_key"))
            .take(),
        table("event")
            .col(string_uniq("slug"))
            .col(string("name_fr"))
            .col(string("name_en"))
            .col(text("summary_fr"))
            .col(text("summary_en"))
            .col(date("starts_on"))
            .col(date("ends_on"))
            .col(string_len("time_zone", 64))
            .col(timestamp_with_time_zone_null("registration_opens_at"))
            .col(timestamp_with_time_zone_null("registration_closes_at"))
            .col(timestamp_with_time_zone_null("site_opens_at"))
            .col(timestamp_with_time_zone_null("site_closes_at"))
            .col(string_len("primary_color", 7))
            .col(big_integer_null("banner_file_id"))
            .col(boolean("is_published"))
            .col(timestamp_with_time_zone("updated_at"))
            .take(),
        table("event_partner")
            .col(big_integer("event_id"))
            .col(string("name"))
            .col(string_len("role", 16))
            .col(string("website"))
            .col(big_integer_null("logo_file_id"))
            .col(text("pitch_fr"))
            .col(text("pitch_en"))
            .col(integer("position"))
            .foreign_key(&mut fk("event_partner", "event_id", "event"))
            .take(),
        table("venue")
            .col(big_integer("event_id"))
            .col(string("name"))
            .col(text("address"))
            .col(text("access_fr"))
            .col(text("access_en"))
            .foreign_key(&mut fk("venue", "event_id", "event"))
            .take(),
        table("room")
            .col(big_integer("event_id"))
            .col(big_integer("venue_id"))
            .col(string("name"))
            .col(integer_null("capacity"))
            .foreign_key(&mut fk("room", "venue_id", "venue"))
            .take(),
        table("event_page")
            .col(big_integer("event_id"))
            .col(string_len("kind", 32))
            .col(string_len("locale", 8))
            .col(string("title"))
            .col(text("body_html"))
            .col(timestamp_with_time_zone("updated_at"))
            .foreign_key(&mut fk("event_page", "event_id", "event"))
            .take(),
        table("event_role")
            .col(big_integer("event_id"))
            .col(big_integer("user_id"))
            .col(string_len("kind", 16))
            .col(text("permissions"))
            .foreign_key(&mut fk("event_role", "event_id", "event"))
            .foreign_key(&mut fk("event_role", "user_id", "app_user"))
            .take(),
        table("company")
            .col(big_integer("event_id"))
            .col(string("name"))
            .col(string_len("country", 2))
            .col(string("city"))
            .col(string("website"))
            .col(string_len("sector", 64))
            .col(text("description_fr"))
            .col(text("description_en"))
            .foreign_key(&mut fk("company", "event_id", "event"))
            .take(),
        table("participant")
            .col(big_integer("event_id"))
            .col(big_integer("user_id"))
            .col(big_integer_null("company_id"))
            .col(string_len("kind", 16))
            .col(string_len("status", 16))
            .col(string("job_title_fr"))
            .col(string("job_title_en"))
            .foreign_key(&mut fk("participant", "event_id", "event"))
            .foreign_key(&mut fk("participant", "user_id", "app_user"))
            .take(),
    ]
}

fn indexes() -> Vec<IndexCreateStatement> {
    vec![
        index("auth_token", "ix_auth_token_user", &["user_id"], false),
        index("http_session", "ix_http_session_user", &["user_id"], false),
        index(
            "login_failure",
            "ix_login_failure_key",
            &["throttle_key", "created_at"],
            false,
        ),
        index(
            "connection_log",
            "ix_connection_log_created",
            &["created_at"],
            false,
        ),
        index(
            "audit_entry",
            "ix_audit_entry_event",
            &["event_id", "created_at"],
            false,
        ),
        index(
            "outbox_message",
            "ix_outbox_due",
            &["status", "next_attempt_at"],
            false,
        ),
        index(
            "event_partner",
            "ix_event_partner_event",
            &["event_id"],
            false,
        ),
        index("venue", "ix_venue_event", &["event_id"], false),
        index("room", "ix_room_event", &["event_id", "venue_id"], false),
        index(
            "event_page",
            "ux_event_page",
            &["event_id", "kind", "locale"],
            true,
        ),
        index(
            "event_role",
            "ux_event_role",
            &["event_id", "user_id"],
            true,
        ),
        index("company", "ix_company_event", &["event_id"], false),
        index(
            "participant",
            "ux_participant",
            &["event_id", "user_id"],
            true,
        ),
    ]
}

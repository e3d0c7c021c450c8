//! Admin-edited workflow email templates (REG-5): one row per event, kind of email and
//! language overrides the built-in default; no row means the default applies.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("email_template")
                .if_not_exists()
                .col(big_pk_auto("id"))
                .col(big_integer("event_id"))
                .col(string_len("kind", 40))
                .col(string_len("locale", 8))
                .col(text("subject"))
                .col(text("body"))
                .col(timestamp_with_time_zone("updated_at"))
                .col(big_integer_null("updated_by"))
                .foreign_key(
                    ForeignKey::create()
                        .from("email_template", "event_id")
                        .to("event", "id")
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .take(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ux_email_template_event_kind_locale")
                .table("email_template")
                .col("event_id")
                .col("kind")
                .col("locale")
                .unique()
                .if_not_exists()
                .take(),
        )
        .await
    }
}

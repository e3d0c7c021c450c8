//! Configurable registration forms (REG-3, BO-3, EXP-2) and per-event taxonomies (BO-9):
//! the terms of each vocabulary, the event's field settings and custom fields, and the values
//! typed into configurable fields.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

fn cascade(
    from: &'static str,
    column: &'static str,
    to: &'static str,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(from, column)
        .to(to, "id")
        .on_delete(ForeignKeyAction::Cascade)
        .take()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("taxonomy_term")
                .if_not_exists()
                .col(big_pk_auto("id"))
                .col(big_integer("event_id"))
                .col(string_len("vocabulary", 32))
                .col(string_len("code", 64))
                .col(string_len("parent_code", 64).default(""))
                .col(string("label_fr"))
                .col(string("label_en"))
                .col(integer("position").default(0))
                .foreign_key(&mut cascade("taxonomy_term", "event_id", "event"))
                .take(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ux_taxonomy_term_code")
                .table("taxonomy_term")
                .col("event_id")
                .col("vocabulary")
                .col("code")
                .unique()
                .if_not_exists()
                .take(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("form_field")
                .if_not_exists()
                .col(big_pk_auto("id"))
                .col(big_integer("event_id"))
                .col(string_len("scope", 16))
                .col(string_len("field_key", 64))
                .col(string_len("kind", 16))
                .col(string_len("section", 16).default("general"))
                .col(string("label_fr").default(""))
                .col(string("label_en").default(""))
                .col(text("help_fr").default(""))
                .col(text("help_en").default(""))
                .col(text("options").default(""))
                .col(string_len("vocabulary", 32).default(""))
                .col(text("sectors").default(""))
                .col(boolean("required").default(false))
                .col(boolean("hidden").default(false))
                .col(boolean("public").default(false))
                .col(integer("position").default(0))
                .col(timestamp_with_time_zone("updated_at"))
                .foreign_key(&mut cascade("form_field", "event_id", "event"))
                .take(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ux_form_field_key")
                .table("form_field")
                .col("event_id")
                .col("scope")
                .col("field_key")
                .unique()
                .if_not_exists()
                .take(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("field_value")
                .if_not_exists()
                .col(big_pk_auto("id"))
                .col(big_integer("event_id"))
                .col(string_len("field_key", 64))
                .col(big_integer_null("company_id"))
                .col(big_integer_null("participant_id"))
                .col(big_integer_null("offer_id"))
                .col(text("value"))
                .foreign_key(&mut cascade("field_value", "event_id", "event"))
                .foreign_key(&mut cascade("field_value", "company_id", "company"))
                .foreign_key(&mut cascade("field_value", "participant_id", "participant"))
                .foreign_key(&mut cascade("field_value", "offer_id", "offer"))
                .take(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_field_value_event")
                .table("field_value")
                .col("event_id")
                .col("field_key")
                .if_not_exists()
                .take(),
        )
        .await?;
        Ok(())
    }
}

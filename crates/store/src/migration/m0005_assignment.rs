//! Automatic assignment of participants to co-organizers (REG-10): rules per event, by
//! country or by a partner's invitation link, and the co-organizer of each participant.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table("participant")
                .add_column(big_integer_null("coorganizer_user_id"))
                .take(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("assignment_rule")
                .if_not_exists()
                .col(big_pk_auto("id"))
                .col(big_integer("event_id"))
                .col(string_len("rule_kind", 16))
                .col(string("value"))
                .col(big_integer("coorganizer_user_id"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(
                    ForeignKey::create()
                        .from("assignment_rule", "event_id")
                        .to("event", "id")
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .take(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_assignment_rule_event")
                .table("assignment_rule")
                .col("event_id")
                .if_not_exists()
                .take(),
        )
        .await
    }
}

//! Day-J reminders (EXP-6, MTG-8): one row per meeting and slot once its reminder is queued,
//! so the worker sends it exactly once even with several workers; a meeting moved to another
//! slot gets a new reminder.

use super::m0001_foundation::{fk, index, table};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            table("meeting_reminder")
                .col(big_integer("event_id"))
                .col(big_integer("meeting_id"))
                .col(big_integer("slot_id"))
                .foreign_key(&mut fk("meeting_reminder", "event_id", "event"))
                .foreign_key(&mut fk("meeting_reminder", "meeting_id", "meeting"))
                .take(),
        )
        .await?;
        m.create_index(index(
            "meeting_reminder",
            "ux_meeting_reminder",
            &["meeting_id", "slot_id"],
            true,
        ))
        .await
    }
}

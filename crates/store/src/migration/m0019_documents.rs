//! Printed documents (CHK-5): when each participant's personal agenda was last issued, so
//! the back office can re-issue only the agendas that changed since.

use super::m0001_foundation::{fk, index, table};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            table("agenda_issue")
                .col(big_integer("event_id"))
                .col(big_integer("participant_id"))
                .col(timestamp_with_time_zone("issued_at"))
                .foreign_key(&mut fk("agenda_issue", "event_id", "event"))
                .foreign_key(&mut fk("agenda_issue", "participant_id", "participant"))
                .take(),
        )
        .await?;
        m.create_index(index(
            "agenda_issue",
            "ux_agenda_issue_participant",
            &["participant_id"],
            true,
        ))
        .await?;
        Ok(())
    }
}

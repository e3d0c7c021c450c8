//! Which part of the day a B2B session covers (`morning`, `afternoon`, `day` or empty), so
//! that a participant's registration answer `sessions` can pre-tick the sessions attended.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table("b2b_session")
                .add_column(string_len("part", 16).default(""))
                .take(),
        )
        .await
    }
}

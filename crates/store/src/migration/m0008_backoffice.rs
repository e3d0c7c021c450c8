//! Back office: each offer or request is validated or refused on its own (BO-3); people
//! already carry a status since the first registration migration.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table("offer")
                .add_column(string_len("status", 16).default("pending").take())
                .take(),
        )
        .await
    }
}

//! VAT number checks against VIES, with their trace (REG-4).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("vat_check")
                .if_not_exists()
                .col(big_pk_auto("id"))
                .col(big_integer_null("event_id"))
                .col(big_integer_null("company_id"))
                .col(string_len("country", 2))
                .col(string_len("number", 20))
                .col(string_len("status", 16))
                .col(text("name").default(""))
                .col(text("address").default(""))
                .col(string_len("request_id", 64))
                .col(string_len("vies_request_date", 40).default(""))
                .col(text("fault").default(""))
                .col(timestamp_with_time_zone("checked_at"))
                .foreign_key(
                    ForeignKey::create()
                        .from("vat_check", "event_id")
                        .to("event", "id")
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from("vat_check", "company_id")
                        .to("company", "id")
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .take(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_vat_check_company")
                .table("vat_check")
                .col("event_id")
                .col("company_id")
                .col("id")
                .if_not_exists()
                .take(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_vat_check_status")
                .table("vat_check")
                .col("status")
                .if_not_exists()
                .take(),
        )
        .await?;
        Ok(())
    }
}

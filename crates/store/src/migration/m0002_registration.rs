//! Registration: company status and billing fields, people's names, offers and requests,
//! consent to the privacy notice, the per-event privacy notice text.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Adds one column; SQLite accepts a single change per ALTER TABLE.
async fn add(m: &SchemaManager<'_>, table: &'static str, column: ColumnDef) -> Result<(), DbErr> {
    m.alter_table(Table::alter().table(table).add_column(column).take())
        .await
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        add(
            m,
            "company",
            string_len("status", 16).default("pending").take(),
        )
        .await?;
        add(m, "company", text("address").default("").take()).await?;
        add(
            m,
            "company",
            string_len("vat_country", 2).default("").take(),
        )
        .await?;
        add(
            m,
            "company",
            string_len("vat_number", 20).default("").take(),
        )
        .await?;
        add(m, "company", text("refusal_reason").default("").take()).await?;
        add(m, "participant", string("first_name").default("").take()).await?;
        add(m, "participant", string("last_name").default("").take()).await?;
        add(m, "participant", string_len("phone", 40).default("").take()).await?;
        add(
            m,
            "participant",
            boolean("is_company_editor").default(false).take(),
        )
        .await?;
        add(m, "event", text("privacy_notice_fr").default("").take()).await?;
        add(m, "event", text("privacy_notice_en").default("").take()).await?;
        m.create_table(
            Table::create()
                .table("offer")
                .if_not_exists()
                .col(big_pk_auto("id"))
                .col(big_integer("event_id"))
                .col(big_integer("company_id"))
                .col(string_len("kind", 16))
                .col(string("title"))
                .col(text("description"))
                .col(text("keywords"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(
                    ForeignKey::create()
                        .from("offer", "company_id")
                        .to("company", "id")
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .take(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("consent")
                .if_not_exists()
                .col(big_pk_auto("id"))
                .col(big_integer("event_id"))
                .col(big_integer("user_id"))
                .col(string_len("notice_version", 64))
                .col(text("notice_text"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(
                    ForeignKey::create()
                        .from("consent", "user_id")
                        .to("app_user", "id")
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .take(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_offer_company")
                .table("offer")
                .col("event_id")
                .col("company_id")
                .if_not_exists()
                .take(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_company_status")
                .table("company")
                .col("event_id")
                .col("status")
                .if_not_exists()
                .take(),
        )
        .await?;
        Ok(())
    }
}

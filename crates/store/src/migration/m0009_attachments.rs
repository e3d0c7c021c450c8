//! Files attached to offers and requests (REG-2), uploads kept between two submissions of a
//! form that came back with errors, and the list of stored files still to delete.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("offer_attachment")
                .if_not_exists()
                .col(big_pk_auto("id"))
                .col(big_integer("event_id"))
                .col(big_integer("offer_id"))
                .col(string_len("storage_key", 64))
                .col(string_len("original_name", 200))
                .col(string_len("content_type", 100))
                .col(big_integer("size_bytes"))
                .col(string_len("sha256", 64))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(
                    ForeignKey::create()
                        .from("offer_attachment", "event_id")
                        .to("event", "id")
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from("offer_attachment", "offer_id")
                        .to("offer", "id")
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .take(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_offer_attachment_offer")
                .table("offer_attachment")
                .col("event_id")
                .col("offer_id")
                .if_not_exists()
                .take(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("pending_upload")
                .if_not_exists()
                .col(big_pk_auto("id"))
                .col(string_len_uniq("token", 64))
                .col(big_integer_null("event_id"))
                .col(string_len("storage_key", 64))
                .col(string_len("original_name", 200))
                .col(string_len("content_type", 100))
                .col(big_integer("size_bytes"))
                .col(string_len("sha256", 64))
                .col(timestamp_with_time_zone("created_at"))
                .take(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_pending_upload_created")
                .table("pending_upload")
                .col("created_at")
                .if_not_exists()
                .take(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("file_trash")
                .if_not_exists()
                .col(big_pk_auto("id"))
                .col(string_len("storage_key", 64))
                .col(timestamp_with_time_zone("created_at"))
                .take(),
        )
        .await
    }
}

//! An uploaded or generated file; its bytes live in the file store.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "file_object")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub event_id: Option<i64>,
    pub sha256: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub original_name: String,
    pub storage_key: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

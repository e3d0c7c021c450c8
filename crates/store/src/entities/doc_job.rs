//! A document generated in the background, with its progress and, once done, its file.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "doc_job")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub event_id: i64,
    pub kind: String,
    pub params: String,
    pub locale: String,
    pub status: String,
    pub done: i32,
    pub total: i32,
    pub file_key: Option<String>,
    pub file_name: String,
    pub error: Option<String>,
    pub requested_by: Option<i64>,
    pub claimed_until: Option<DateTimeUtc>,
    pub finished_at: Option<DateTimeUtc>,
    pub updated_at: DateTimeUtc,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

//! A person registered to an event, with an own agenda.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "participant")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub event_id: i64,
    pub user_id: i64,
    pub company_id: Option<i64>,
    pub kind: String,
    pub status: String,
    pub job_title_fr: String,
    pub job_title_en: String,
    pub first_name: String,
    pub last_name: String,
    pub phone: String,
    pub is_company_editor: bool,
    pub coorganizer_user_id: Option<i64>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

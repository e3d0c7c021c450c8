//! A term of one of an event's vocabularies (sectors, cooperation types, participant
//! categories, B2B sessions, keywords, key figures); `parent_code` makes a hierarchy.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "taxonomy_term")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub event_id: i64,
    pub vocabulary: String,
    pub code: String,
    pub parent_code: String,
    pub label_fr: String,
    pub label_en: String,
    pub position: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

//! One field of an event's registration form: the event's settings for a standard field, or
//! a custom field it added.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "form_field")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub event_id: i64,
    pub scope: String,
    pub field_key: String,
    pub kind: String,
    pub section: String,
    pub label_fr: String,
    pub label_en: String,
    pub help_fr: String,
    pub help_en: String,
    pub options: String,
    pub vocabulary: String,
    pub sectors: String,
    pub required: bool,
    pub hidden: bool,
    pub public: bool,
    pub position: i32,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

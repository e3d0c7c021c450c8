//! An expert's offer (EXP-1): cap, desk, profile sought; `is_available` false once the expert dropped out.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "expert_profile")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub event_id: i64,
    pub participant_id: i64,
    pub max_meetings: Option<i32>,
    pub place_id: Option<i64>,
    pub sought_fr: String,
    pub sought_en: String,
    pub is_available: bool,
    pub updated_at: DateTimeUtc,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

//! A block of one-to-one meetings on one day (MTG-1): local start and end in the event's time zone, slot length and pause.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "b2b_session")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub event_id: i64,
    pub venue_id: Option<i64>,
    pub name_fr: String,
    pub name_en: String,
    pub day: Date,
    pub starts_local: String,
    pub ends_local: String,
    pub slot_minutes: i32,
    pub pause_minutes: i32,
    /// Part of the day (`morning`, `afternoon`, `day`, or empty), matched against the
    /// registration answer `sessions` (migration m0011).
    pub part: String,
    pub updated_at: DateTimeUtc,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

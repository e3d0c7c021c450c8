//! Where meetings are held: a shared table of a session, an exhibitor's stand or an expert's desk (owned by a participant).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "place")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub event_id: i64,
    pub session_id: Option<i64>,
    pub venue_id: Option<i64>,
    pub kind: String,
    pub label: String,
    pub owner_participant_id: Option<i64>,
    pub position: i32,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

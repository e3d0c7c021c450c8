//! A scheduling run (MTG-3): progress while it runs, then the proposal the organizer reviews and publishes.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "scheduling_run")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub event_id: i64,
    pub state: String,
    pub replan: bool,
    pub progress: i32,
    pub started_by_user_id: i64,
    pub proposal: Option<String>,
    pub error: Option<String>,
    pub finished_at: Option<DateTimeUtc>,
    pub published_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

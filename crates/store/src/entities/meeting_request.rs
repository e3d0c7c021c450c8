//! A request to meet (MTG-4) and the life of the meeting it becomes; `state` is domain::RequestState.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "meeting_request")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub event_id: i64,
    pub requester_id: i64,
    pub target_company_id: i64,
    pub target_participant_id: Option<i64>,
    pub message: String,
    pub priority: i32,
    pub state: String,
    pub booking: String,
    pub wanted_slot_id: Option<i64>,
    pub availability: String,
    pub decline_reason: String,
    pub cancel_reason: String,
    pub is_expert: bool,
    pub created_by_user_id: Option<i64>,
    pub expires_at: Option<DateTimeUtc>,
    pub reminded_at: Option<DateTimeUtc>,
    pub decided_at: Option<DateTimeUtc>,
    pub confirmed_at: Option<DateTimeUtc>,
    pub updated_at: DateTimeUtc,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

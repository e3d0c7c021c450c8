//! An internal message (PRV-4, PRV-5): about a request, or from a participant to the organizers.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "message")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub event_id: i64,
    pub request_id: Option<i64>,
    pub sender_user_id: i64,
    pub sender_participant_id: Option<i64>,
    pub recipient_participant_id: Option<i64>,
    pub to_organizers: bool,
    pub body: String,
    pub read_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

//! A company registered to an event.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "company")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub event_id: i64,
    pub name: String,
    pub country: String,
    pub city: String,
    pub website: String,
    pub sector: String,
    pub description_fr: String,
    pub description_en: String,
    pub status: String,
    pub address: String,
    pub vat_country: String,
    pub vat_number: String,
    pub refusal_reason: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

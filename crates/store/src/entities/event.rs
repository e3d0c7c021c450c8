//! An event with its mini-site.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "event")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub slug: String,
    pub name_fr: String,
    pub name_en: String,
    pub summary_fr: String,
    pub summary_en: String,
    pub starts_on: Date,
    pub ends_on: Date,
    pub time_zone: String,
    pub registration_opens_at: Option<DateTimeUtc>,
    pub registration_closes_at: Option<DateTimeUtc>,
    pub site_opens_at: Option<DateTimeUtc>,
    pub site_closes_at: Option<DateTimeUtc>,
    pub primary_color: String,
    pub banner_file_id: Option<i64>,
    pub is_published: bool,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub privacy_notice_fr: String,
    pub privacy_notice_en: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

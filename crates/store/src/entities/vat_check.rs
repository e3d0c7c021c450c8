//! One check of a VAT number against VIES: the trace REG-4 asks for.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "vat_check")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// The event the check was made for, if any.
    pub event_id: Option<i64>,
    /// The company whose number was checked, if already registered.
    pub company_id: Option<i64>,
    /// VAT prefix (`EL` for Greece).
    pub country: String,
    /// National part, without the prefix.
    pub number: String,
    /// `valid`, `invalid` or `unavailable` (not verified yet, retried later).
    pub status: String,
    /// Trader name returned by VIES (may be `---` or empty).
    pub name: String,
    /// Trader address returned by VIES.
    pub address: String,
    /// Our own id for the request (uuid).
    pub request_id: String,
    /// The `requestDate` VIES answered with.
    pub vies_request_date: String,
    /// The fault or transport error, when not verified.
    pub fault: String,
    pub checked_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

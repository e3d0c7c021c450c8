//! The trace of VAT number checks against VIES (REG-4): one row per check, never updated.

use crate::entities::vat_check;
use chrono::{DateTime, Utc};
use domain::EventId;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait,
    QueryFilter, QueryOrder, QuerySelect, sea_query::Expr,
};

pub use vat_check::Model as VatCheckRow;

/// Status of a number VIES confirmed.
pub const STATUS_VALID: &str = "valid";
/// Status of a number VIES declared invalid.
pub const STATUS_INVALID: &str = "invalid";
/// Status of a check that could not be made (VIES or the member state down, timeout…):
/// "not verified yet, retried later", never a refusal.
pub const STATUS_UNAVAILABLE: &str = "unavailable";

/// A check to record.
#[derive(Debug, Clone)]
pub struct NewVatCheck<'a> {
    /// The event the check was made for, if any.
    pub event: Option<EventId>,
    /// The company whose number was checked, if already registered.
    pub company_id: Option<i64>,
    /// VAT prefix.
    pub country: &'a str,
    /// National part.
    pub number: &'a str,
    /// One of the `STATUS_*` values.
    pub status: &'a str,
    /// Trader name returned by VIES.
    pub name: &'a str,
    /// Trader address returned by VIES.
    pub address: &'a str,
    /// Our request id.
    pub request_id: &'a str,
    /// VIES's `requestDate`.
    pub vies_request_date: &'a str,
    /// Fault or transport error.
    pub fault: &'a str,
    /// When the check was made.
    pub checked_at: DateTime<Utc>,
}

/// Records one check.
pub async fn insert_check(
    db: &impl ConnectionTrait,
    check: NewVatCheck<'_>,
) -> Result<VatCheckRow, DbErr> {
    vat_check::ActiveModel {
        event_id: Set(check.event.map(|e| e.0)),
        company_id: Set(check.company_id),
        country: Set(check.country.to_string()),
        number: Set(check.number.to_string()),
        status: Set(check.status.to_string()),
        name: Set(check.name.to_string()),
        address: Set(check.address.to_string()),
        request_id: Set(check.request_id.to_string()),
        vies_request_date: Set(check.vies_request_date.to_string()),
        fault: Set(check.fault.to_string()),
        checked_at: Set(check.checked_at),
        ..Default::default()
    }
    .insert(db)
    .await
}

/// Every check of a company's numbers, oldest first.
pub async fn checks_of_company(
    db: &impl ConnectionTrait,
    event: EventId,
    company_id: i64,
) -> Result<Vec<VatCheckRow>, DbErr> {
    vat_check::Entity::find()
        .filter(vat_check::Column::EventId.eq(event.0))
        .filter(vat_check::Column::CompanyId.eq(company_id))
        .order_by_asc(vat_check::Column::Id)
        .all(db)
        .await
}

/// The most recent check of a company's number.
pub async fn latest_for_company(
    db: &impl ConnectionTrait,
    event: EventId,
    company_id: i64,
) -> Result<Option<VatCheckRow>, DbErr> {
    vat_check::Entity::find()
        .filter(vat_check::Column::EventId.eq(event.0))
        .filter(vat_check::Column::CompanyId.eq(company_id))
        .order_by_desc(vat_check::Column::Id)
        .one(db)
        .await
}

/// Links a check made before the company existed (on the registration form) to it.
pub async fn attach_to_company(
    db: &impl ConnectionTrait,
    event: EventId,
    check_id: i64,
    company_id: i64,
) -> Result<u64, DbErr> {
    Ok(vat_check::Entity::update_many()
        .col_expr(vat_check::Column::CompanyId, Expr::value(company_id))
        .filter(vat_check::Column::Id.eq(check_id))
        .filter(vat_check::Column::EventId.eq(event.0))
        .filter(vat_check::Column::CompanyId.is_null())
        .exec(db)
        .await?
        .rows_affected)
}

/// The latest check of each company (across events) whose latest check is `unavailable`,
/// oldest first, at most `limit`: the numbers still to verify.
pub async fn latest_unverified(
    db: &impl ConnectionTrait,
    limit: u64,
) -> Result<Vec<VatCheckRow>, DbErr> {
    let candidates = vat_check::Entity::find()
        .filter(vat_check::Column::Status.eq(STATUS_UNAVAILABLE))
        .filter(vat_check::Column::EventId.is_not_null())
        .filter(vat_check::Column::CompanyId.is_not_null())
        .order_by_desc(vat_check::Column::Id)
        .all(db)
        .await?;
    let mut seen = std::collections::HashSet::new();
    let mut found = Vec::new();
    for row in candidates {
        let (Some(event), Some(company)) = (row.event_id, row.company_id) else {
            continue;
        };
        if !seen.insert((event, company)) {
            continue;
        }
        let newer = vat_check::Entity::find()
            .select_only()
            .column(vat_check::Column::Id)
            .filter(vat_check::Column::EventId.eq(event))
            .filter(vat_check::Column::CompanyId.eq(company))
            .filter(vat_check::Column::Id.gt(row.id))
            .into_tuple::<i64>()
            .one(db)
            .await?;
        if newer.is_none() {
            found.push(row);
        }
    }
    found.reverse();
    found.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
    Ok(found)
}

//! Leases for periodic jobs, so that with several instances one of them runs each job.

use crate::entities::job_lease;
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, DbErr,
    EntityTrait, QueryFilter, sea_query::Expr,
};

/// Tries to take the lease `name` until `until`. Returns true when this holder now owns it.
pub async fn try_acquire(
    db: &impl ConnectionTrait,
    name: &str,
    holder: &str,
    now: DateTime<Utc>,
    until: DateTime<Utc>,
) -> Result<bool, DbErr> {
    if job_lease::Entity::find_by_id(name.to_string())
        .one(db)
        .await?
        .is_none()
    {
        let inserted = job_lease::ActiveModel {
            name: Set(name.to_string()),
            holder: Set(holder.to_string()),
            locked_until: Set(until),
            last_run_at: Set(None),
        }
        .insert(db)
        .await;
        match inserted {
            Ok(_) => return Ok(true),
            Err(e) if crate::is_unique_violation(&e) => {}
            Err(e) => return Err(e),
        }
    }
    let result = job_lease::Entity::update_many()
        .col_expr(job_lease::Column::Holder, Expr::value(holder))
        .col_expr(job_lease::Column::LockedUntil, Expr::value(until))
        .filter(job_lease::Column::Name.eq(name))
        .filter(
            Condition::any()
                .add(job_lease::Column::LockedUntil.lt(now))
                .add(job_lease::Column::Holder.eq(holder)),
        )
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}

//! Accounts and single-use tokens.

use crate::entities::{app_user, auth_token};
use chrono::{DateTime, Utc};
use domain::UserId;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder,
};

pub use app_user::Model as UserRow;

/// What is needed to create an account.
#[derive(Debug, Clone)]
pub struct NewUser<'a> {
    /// Lower-cased lookup key.
    pub email_key: &'a str,
    /// The address as typed.
    pub email: &'a str,
    /// Name shown in the interface.
    pub display_name: &'a str,
    /// Argon2id PHC string, or none until the person sets a password.
    pub password_hash: Option<String>,
    /// Interface language code.
    pub locale: &'a str,
    /// Whether this is a principal administrator.
    pub is_principal_admin: bool,
}

/// Inserts an account.
pub async fn insert(
    db: &impl ConnectionTrait,
    user: NewUser<'_>,
    now: DateTime<Utc>,
) -> Result<UserRow, DbErr> {
    app_user::ActiveModel {
        email_key: Set(user.email_key.to_string()),
        email: Set(user.email.to_string()),
        display_name: Set(user.display_name.to_string()),
        password_hash: Set(user.password_hash),
        locale: Set(user.locale.to_string()),
        is_principal_admin: Set(user.is_principal_admin),
        is_disabled: Set(false),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
}

/// Finds an account by its lower-cased email.
pub async fn find_by_email_key(
    db: &impl ConnectionTrait,
    email_key: &str,
) -> Result<Option<UserRow>, DbErr> {
    app_user::Entity::find()
        .filter(app_user::Column::EmailKey.eq(email_key))
        .one(db)
        .await
}

/// Finds an account by id.
pub async fn find(db: &impl ConnectionTrait, id: UserId) -> Result<Option<UserRow>, DbErr> {
    app_user::Entity::find_by_id(id.0).one(db).await
}

/// Number of accounts; zero means the platform still needs its first administrator.
pub async fn count(db: &impl ConnectionTrait) -> Result<u64, DbErr> {
    app_user::Entity::find().count(db).await
}

/// Whether a principal administrator exists.
pub async fn principal_admin_exists(db: &impl ConnectionTrait) -> Result<bool, DbErr> {
    Ok(app_user::Entity::find()
        .filter(app_user::Column::IsPrincipalAdmin.eq(true))
        .count(db)
        .await?
        > 0)
}

/// Every account, by email.
pub async fn list(db: &impl ConnectionTrait) -> Result<Vec<UserRow>, DbErr> {
    app_user::Entity::find()
        .order_by_asc(app_user::Column::EmailKey)
        .all(db)
        .await
}

/// Replaces the password hash.
pub async fn set_password_hash(
    db: &impl ConnectionTrait,
    id: UserId,
    hash: String,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    app_user::ActiveModel {
        id: Set(id.0),
        password_hash: Set(Some(hash)),
        updated_at: Set(now),
        ..Default::default()
    }
    .update(db)
    .await
    .map(|_| ())
}

/// Updates the name and language of an account.
pub async fn update_profile(
    db: &impl ConnectionTrait,
    id: UserId,
    display_name: &str,
    locale: &str,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    app_user::ActiveModel {
        id: Set(id.0),
        display_name: Set(display_name.to_string()),
        locale: Set(locale.to_string()),
        updated_at: Set(now),
        ..Default::default()
    }
    .update(db)
    .await
    .map(|_| ())
}

pub use auth_token::Model as TokenRow;

/// Stores a single-use token's hash.
pub async fn insert_token(
    db: &impl ConnectionTrait,
    user: Option<UserId>,
    purpose: &str,
    token_hash: &str,
    expires_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    auth_token::ActiveModel {
        user_id: Set(user.map(|u| u.0)),
        purpose: Set(purpose.to_string()),
        token_hash: Set(token_hash.to_string()),
        expires_at: Set(expires_at),
        used_at: Set(None),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
    .map(|_| ())
}

/// Finds a token by hash and purpose that is neither used nor expired.
pub async fn find_live_token(
    db: &impl ConnectionTrait,
    purpose: &str,
    token_hash: &str,
    now: DateTime<Utc>,
) -> Result<Option<TokenRow>, DbErr> {
    auth_token::Entity::find()
        .filter(auth_token::Column::TokenHash.eq(token_hash))
        .filter(auth_token::Column::Purpose.eq(purpose))
        .filter(auth_token::Column::UsedAt.is_null())
        .filter(auth_token::Column::ExpiresAt.gt(now))
        .one(db)
        .await
}

/// Marks a token used; returns false when another request used it first.
pub async fn consume_token(
    db: &impl ConnectionTrait,
    id: i64,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let result = auth_token::Entity::update_many()
        .col_expr(
            auth_token::Column::UsedAt,
            sea_orm::sea_query::Expr::value(now),
        )
        .filter(auth_token::Column::Id.eq(id))
        .filter(auth_token::Column::UsedAt.is_null())
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}

/// Invalidates every unused token of a purpose for an account (e.g. older reset links).
pub async fn revoke_tokens(
    db: &impl ConnectionTrait,
    user: UserId,
    purpose: &str,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    auth_token::Entity::update_many()
        .col_expr(
            auth_token::Column::UsedAt,
            sea_orm::sea_query::Expr::value(now),
        )
        .filter(auth_token::Column::UserId.eq(user.0))
        .filter(auth_token::Column::Purpose.eq(purpose))
        .filter(auth_token::Column::UsedAt.is_null())
        .exec(db)
        .await
        .map(|_| ())
}

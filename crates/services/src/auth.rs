//! Accounts: first setup, login with throttling, sessions, logout everywhere, password
//! change and reset (REG-6, NFR-7).

use crate::InternalError;
use crate::Settings;
use crate::mail::{self, Email};
use crate::security::{hash_password, random_token, token_hash, verify_password};
use chrono::{DateTime, Duration, Utc};
use domain::password::{AccountStrength, PasswordContext, PasswordPolicyError, check_password};
use domain::{EmailAddress, Locale, UserId};
use store::DatabaseConnection;
use store::throttle::NewConnection;
use store::users::{NewUser, UserRow};

/// Failed logins per account within the window before the account is throttled.
pub const MAX_FAILURES_PER_ACCOUNT: u64 = 5;
/// Failed logins per IP address within the window before the address is throttled.
pub const MAX_FAILURES_PER_IP: u64 = 30;
/// The throttling window.
pub const THROTTLE_WINDOW_MINUTES: i64 = 15;
/// Lifetime of setup and reset links.
pub const LINK_VALIDITY_MINUTES: i64 = 60;

const PURPOSE_SETUP: &str = "setup";
const PURPOSE_RESET: &str = "reset";

/// Where a request comes from, for throttling and the connection log.
#[derive(Debug, Clone, Default)]
pub struct ClientInfo {
    /// Client IP address.
    pub ip: String,
    /// User agent, truncated.
    pub user_agent: String,
}

/// A session just opened: the secret goes into the cookie, only its hash is stored.
#[derive(Debug, Clone)]
pub struct OpenedSession {
    /// Cookie value.
    pub token: String,
    /// The account.
    pub user: UserRow,
}

/// Why a login failed. Unknown email and wrong password are the same variant on purpose.
#[derive(Debug, thiserror::Error)]
pub enum LoginError {
    /// Wrong email or password.
    #[error("invalid credentials")]
    InvalidCredentials,
    /// Too many failures for this account or address; try again later.
    #[error("throttled")]
    Throttled,
    /// Storage failure.
    #[error(transparent)]
    Internal(#[from] InternalError),
}

crate::database_errors_are_internal!(LoginError);

/// Why setting a password failed.
#[derive(Debug, thiserror::Error)]
pub enum PasswordChangeError {
    /// The link is unknown, used or expired.
    #[error("invalid or expired link")]
    InvalidLink,
    /// The current password is wrong.
    #[error("wrong current password")]
    WrongCurrentPassword,
    /// The two new passwords differ.
    #[error("passwords differ")]
    Mismatch,
    /// The email typed during setup is not valid.
    #[error("invalid email")]
    InvalidEmail,
    /// The name is empty or too long.
    #[error("invalid name")]
    InvalidName,
    /// The policy refused the password.
    #[error(transparent)]
    Policy(#[from] PasswordPolicyError),
    /// Storage failure.
    #[error(transparent)]
    Internal(#[from] InternalError),
}

crate::database_errors_are_internal!(PasswordChangeError);

fn truncate(text: &str, max: usize) -> String {
    text.chars().take(max).collect()
}

/// The catalog id explaining a password refusal (for field errors).
pub fn policy_message_id(error: &PasswordPolicyError) -> &'static str {
    match error {
        PasswordPolicyError::TooShort { .. } => "password-too-short-participant",
        PasswordPolicyError::TooLong => "password-too-long",
        PasswordPolicyError::TooCommon => "password-too-common",
        PasswordPolicyError::Contextual => "password-contextual",
    }
}

/// Checks credentials and opens a session. Unknown emails cost the same time as wrong
/// passwords and get the same answer; failures are counted per account and per address in
/// the database, so every instance sees them.
pub async fn login(
    db: &DatabaseConnection,
    email: &str,
    password: &str,
    client: &ClientInfo,
    settings: &Settings,
) -> Result<OpenedSession, LoginError> {
    let now = Utc::now();
    let email_key = EmailAddress::parse(email)
        .map(|e| e.lookup_key())
        .unwrap_or_else(|_| truncate(&email.trim().to_lowercase(), 254));
    let account_key = format!("acct:{email_key}");
    let ip_key = format!("ip:{}", client.ip);
    let since = now - Duration::minutes(THROTTLE_WINDOW_MINUTES);
    let user = store::users::find_by_email_key(db, &email_key).await?;
    let throttled = store::throttle::failures_since(db, &account_key, since).await?
        >= MAX_FAILURES_PER_ACCOUNT
        || store::throttle::failures_since(db, &ip_key, since).await? >= MAX_FAILURES_PER_IP;
    let usable_hash = user
        .as_ref()
        .filter(|u| !u.is_disabled)
        .and_then(|u| u.password_hash.clone());
    // Always pay for one Argon2 verification, whatever the outcome.
    let password_ok = verify_password(password.to_string(), usable_hash).await;
    let log = |outcome: &'static str| NewConnection {
        user_id: user.as_ref().map(|u| u.id),
        email: &email_key,
        outcome,
        ip: &client.ip,
        user_agent: &client.user_agent,
    };
    let txn = store::begin_write(db).await?;
    if throttled {
        store::throttle::record_failure(&txn, &ip_key, now).await?;
        store::throttle::log_connection(&txn, log("throttled"), now).await?;
        txn.commit().await?;
        return Err(LoginError::Throttled);
    }
    let Some(user) = user.clone().filter(|_| password_ok) else {
        store::throttle::record_failure(&txn, &account_key, now).await?;
        store::throttle::record_failure(&txn, &ip_key, now).await?;
        store::throttle::log_connection(&txn, log("bad_credentials"), now).await?;
        txn.commit().await?;
        return Err(LoginError::InvalidCredentials);
    };
    store::throttle::clear(&txn, &account_key).await?;
    store::throttle::log_connection(&txn, log("success"), now).await?;
    let token = open_session(&txn, &user, client, settings, now).await?;
    txn.commit().await?;
    Ok(OpenedSession { token, user })
}

async fn open_session(
    db: &impl store::ConnectionTrait,
    user: &UserRow,
    client: &ClientInfo,
    settings: &Settings,
    now: DateTime<Utc>,
) -> Result<String, store::DbErr> {
    let token = random_token();
    let absolute = now + Duration::hours(settings.session_absolute_hours);
    store::sessions::insert(
        db,
        &token_hash(&token),
        UserId(user.id),
        &client.ip,
        &truncate(&client.user_agent, 255),
        now,
        absolute,
    )
    .await?;
    Ok(token)
}

/// Resolves a session cookie to its account, enforcing the idle and absolute timeouts.
/// Activity is recorded at most once a minute to spare the database.
pub async fn session_user(
    db: &DatabaseConnection,
    token: &str,
    settings: &Settings,
) -> Result<Option<UserRow>, InternalError> {
    let now = Utc::now();
    let Some(session) = store::sessions::find(db, &token_hash(token)).await? else {
        return Ok(None);
    };
    let idle_limit = session.last_seen_at + Duration::minutes(settings.session_idle_minutes);
    if now > idle_limit || now > session.absolute_expires_at {
        store::sessions::delete(db, &session.token_hash).await?;
        return Ok(None);
    }
    if now - session.last_seen_at > Duration::seconds(60) {
        store::sessions::touch(db, session.id, now).await?;
    }
    let user = store::users::find(db, UserId(session.user_id)).await?;
    Ok(user.filter(|u| !u.is_disabled))
}

/// Ends the current session.
pub async fn logout(
    db: &DatabaseConnection,
    token: &str,
    client: &ClientInfo,
) -> Result<(), InternalError> {
    let now = Utc::now();
    let hash = token_hash(token);
    let txn = store::begin_write(db).await?;
    if let Some(session) = store::sessions::find(&txn, &hash).await? {
        store::sessions::delete(&txn, &hash).await?;
        let user = store::users::find(&txn, UserId(session.user_id)).await?;
        let email = user.map(|u| u.email_key).unwrap_or_default();
        store::throttle::log_connection(
            &txn,
            NewConnection {
                user_id: Some(session.user_id),
                email: &email,
                outcome: "logout",
                ip: &client.ip,
                user_agent: &client.user_agent,
            },
            now,
        )
        .await?;
    }
    txn.commit().await?;
    Ok(())
}

/// Ends every session of an account, on every device; returns how many were closed.
pub async fn logout_everywhere(
    db: &DatabaseConnection,
    user: UserId,
) -> Result<u64, InternalError> {
    Ok(store::sessions::delete_all_for_user(db, user).await?)
}

/// The strength and context a new password must satisfy for this account.
async fn policy_for(
    db: &impl store::ConnectionTrait,
    user: &UserRow,
) -> Result<(AccountStrength, Vec<String>), store::DbErr> {
    let roles = store::events::roles_of_user(db, UserId(user.id)).await?;
    let strength = if user.is_principal_admin || !roles.is_empty() {
        AccountStrength::Admin
    } else {
        AccountStrength::Participant
    };
    let mut words = vec![user.email.clone(), user.display_name.clone()];
    let mut event_ids: Vec<i64> = roles.iter().map(|r| r.event_id).collect();
    event_ids.extend(
        store::events::participations_of_user(db, UserId(user.id))
            .await?
            .iter()
            .map(|p| p.event_id),
    );
    for event in store::events::list_by_ids(db, &event_ids).await? {
        words.push(event.name_fr);
        words.push(event.name_en);
    }
    Ok((strength, words))
}

fn check_with(
    strength: AccountStrength,
    words: &[String],
    password: &str,
) -> Result<(), PasswordPolicyError> {
    let context = PasswordContext {
        words: words.iter().map(String::as_str).collect(),
    };
    check_password(password, strength, &context)
}

/// Changes the password of a logged-in person: checks the current one, closes every
/// session and opens a fresh one for this browser.
pub async fn change_password(
    db: &DatabaseConnection,
    user: &UserRow,
    current: &str,
    new: &str,
    confirm: &str,
    client: &ClientInfo,
    settings: &Settings,
) -> Result<String, PasswordChangeError> {
    if !verify_password(current.to_string(), user.password_hash.clone()).await {
        return Err(PasswordChangeError::WrongCurrentPassword);
    }
    if new != confirm {
        return Err(PasswordChangeError::Mismatch);
    }
    let (strength, words) = policy_for(db, user).await?;
    check_with(strength, &words, new)?;
    let hash = hash_password(new.to_string()).await?;
    let now = Utc::now();
    let txn = store::begin_write(db).await?;
    store::users::set_password_hash(&txn, UserId(user.id), hash, now).await?;
    store::sessions::delete_all_for_user(&txn, UserId(user.id)).await?;
    let token = open_session(&txn, user, client, settings, now).await?;
    txn.commit().await?;
    Ok(token)
}

/// Creates a one-hour link to set the first principal administrator's password, when none
/// exists yet. Returns the full URL to print.
pub async fn first_setup_link(
    db: &DatabaseConnection,
    settings: &Settings,
) -> Result<Option<String>, InternalError> {
    if store::users::principal_admin_exists(db).await? {
        return Ok(None);
    }
    let token = random_token();
    let now = Utc::now();
    store::users::insert_token(
        db,
        None,
        PURPOSE_SETUP,
        &token_hash(&token),
        now + Duration::minutes(LINK_VALIDITY_MINUTES),
        now,
    )
    .await?;
    Ok(Some(format!("{}/setup/{token}", settings.base_url())))
}

/// Whether a setup link is still usable (to show the form or a clear "expired" page).
pub async fn setup_link_is_live(
    db: &DatabaseConnection,
    token: &str,
) -> Result<bool, InternalError> {
    Ok(
        store::users::find_live_token(db, PURPOSE_SETUP, &token_hash(token), Utc::now())
            .await?
            .is_some()
            && !store::users::principal_admin_exists(db).await?,
    )
}

/// What the first administrator types on the setup page.
#[derive(Debug, Clone)]
pub struct SetupInput<'a> {
    /// Email.
    pub email: &'a str,
    /// Name.
    pub display_name: &'a str,
    /// Password.
    pub password: &'a str,
    /// Password again.
    pub confirm: &'a str,
    /// Interface language.
    pub locale: Locale,
}

/// Creates the first principal administrator from a setup link and logs them in.
pub async fn complete_setup(
    db: &DatabaseConnection,
    token: &str,
    input: SetupInput<'_>,
    client: &ClientInfo,
    settings: &Settings,
) -> Result<OpenedSession, PasswordChangeError> {
    let email = EmailAddress::parse(input.email).map_err(|_| PasswordChangeError::InvalidEmail)?;
    let name = input.display_name.trim();
    if name.is_empty() || name.chars().count() > 120 {
        return Err(PasswordChangeError::InvalidName);
    }
    if input.password != input.confirm {
        return Err(PasswordChangeError::Mismatch);
    }
    check_with(
        AccountStrength::Admin,
        &[email.to_string(), name.to_string()],
        input.password,
    )?;
    let hash = hash_password(input.password.to_string()).await?;
    let now = Utc::now();
    let txn = store::begin_write(db).await?;
    let live = store::users::find_live_token(&txn, PURPOSE_SETUP, &token_hash(token), now).await?;
    let Some(live) = live else {
        return Err(PasswordChangeError::InvalidLink);
    };
    if store::users::principal_admin_exists(&txn).await?
        || !store::users::consume_token(&txn, live.id, now).await?
    {
        return Err(PasswordChangeError::InvalidLink);
    }
    let existing = store::users::find_by_email_key(&txn, &email.lookup_key()).await?;
    let user = match existing {
        Some(_) => return Err(PasswordChangeError::InvalidLink),
        None => {
            store::users::insert(
                &txn,
                NewUser {
                    email_key: &email.lookup_key(),
                    email: email.as_str(),
                    display_name: name,
                    password_hash: Some(hash),
                    locale: input.locale.code(),
                    is_principal_admin: true,
                },
                now,
            )
            .await?
        }
    };
    crate::audit::record(
        &txn,
        &crate::audit::Actor::user(&user),
        crate::audit::Change::<(), _> {
            event: None,
            action: "create",
            entity: "principal_admin",
            entity_id: user.id.to_string(),
            before: None,
            after: Some(
                &serde_json::json!({"email": user.email, "display_name": user.display_name}),
            ),
        },
        now,
    )
    .await?;
    let token = open_session(&txn, &user, client, settings, now).await?;
    txn.commit().await?;
    Ok(OpenedSession { token, user })
}

/// Creates an account from the command line (`agora admin create`) and returns a one-hour
/// link where its owner sets the password. An existing account gets a fresh link.
pub async fn create_account_with_link(
    db: &DatabaseConnection,
    email: &str,
    display_name: &str,
    principal: bool,
    settings: &Settings,
) -> Result<String, PasswordChangeError> {
    let email = EmailAddress::parse(email).map_err(|_| PasswordChangeError::InvalidEmail)?;
    let now = Utc::now();
    let txn = store::begin_write(db).await?;
    let user = match store::users::find_by_email_key(&txn, &email.lookup_key()).await? {
        Some(user) => user,
        None => {
            let user = store::users::insert(
                &txn,
                NewUser {
                    email_key: &email.lookup_key(),
                    email: email.as_str(),
                    display_name: display_name.trim(),
                    password_hash: None,
                    locale: "fr",
                    is_principal_admin: principal,
                },
                now,
            )
            .await?;
            crate::audit::record(
                &txn,
                &crate::audit::Actor::system("cli"),
                crate::audit::Change::<(), _> {
                    event: None,
                    action: "create",
                    entity: "account",
                    entity_id: user.id.to_string(),
                    before: None,
                    after: Some(
                        &serde_json::json!({"email": user.email, "principal_admin": principal}),
                    ),
                },
                now,
            )
            .await?;
            user
        }
    };
    let token = random_token();
    store::users::insert_token(
        &txn,
        Some(UserId(user.id)),
        PURPOSE_RESET,
        &token_hash(&token),
        now + Duration::minutes(LINK_VALIDITY_MINUTES),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(format!("{}/password/reset/{token}", settings.base_url()))
}

/// Sends a single-use reset link valid one hour, when the email belongs to an account.
/// The caller answers the same way whatever happens, and should not wait for this function
/// (run it in the background) so that timing reveals nothing either.
pub async fn request_password_reset(
    db: &DatabaseConnection,
    email: &str,
    settings: &Settings,
) -> Result<(), InternalError> {
    let Ok(email) = EmailAddress::parse(email) else {
        return Ok(());
    };
    let Some(user) = store::users::find_by_email_key(db, &email.lookup_key()).await? else {
        return Ok(());
    };
    if user.is_disabled {
        return Ok(());
    }
    let now = Utc::now();
    let token = random_token();
    let locale = Locale::parse(&user.locale).unwrap_or_default();
    let link = format!("{}/password/reset/{token}", settings.base_url());
    let txn = store::begin_write(db).await?;
    store::users::revoke_tokens(&txn, UserId(user.id), PURPOSE_RESET, now).await?;
    store::users::insert_token(
        &txn,
        Some(UserId(user.id)),
        PURPOSE_RESET,
        &token_hash(&token),
        now + Duration::minutes(LINK_VALIDITY_MINUTES),
        now,
    )
    .await?;
    mail::enqueue(&txn, Email::password_reset(&user, locale, &link), now).await?;
    txn.commit().await?;
    Ok(())
}

/// Whether a reset link is usable (to show the form or a clear "expired" page).
pub async fn reset_link_is_live(
    db: &DatabaseConnection,
    token: &str,
) -> Result<bool, InternalError> {
    Ok(
        store::users::find_live_token(db, PURPOSE_RESET, &token_hash(token), Utc::now())
            .await?
            .is_some(),
    )
}

/// Sets a new password from a reset link: the link is consumed, every session closed.
pub async fn reset_password(
    db: &DatabaseConnection,
    token: &str,
    new: &str,
    confirm: &str,
) -> Result<(), PasswordChangeError> {
    let now = Utc::now();
    let live = store::users::find_live_token(db, PURPOSE_RESET, &token_hash(token), now).await?;
    let Some(user) = (match live.as_ref().and_then(|t| t.user_id) {
        Some(id) => store::users::find(db, UserId(id)).await?,
        None => None,
    }) else {
        return Err(PasswordChangeError::InvalidLink);
    };
    if new != confirm {
        return Err(PasswordChangeError::Mismatch);
    }
    let (strength, words) = policy_for(db, &user).await?;
    check_with(strength, &words, new)?;
    let hash = hash_password(new.to_string()).await?;
    let txn = store::begin_write(db).await?;
    let consumed = match &live {
        Some(t) => store::users::consume_token(&txn, t.id, now).await?,
        None => false,
    };
    if !consumed {
        return Err(PasswordChangeError::InvalidLink);
    }
    store::users::set_password_hash(&txn, UserId(user.id), hash, now).await?;
    store::sessions::delete_all_for_user(&txn, UserId(user.id)).await?;
    store::throttle::clear(&txn, &format!("acct:{}", user.email_key)).await?;
    txn.commit().await?;
    Ok(())
}

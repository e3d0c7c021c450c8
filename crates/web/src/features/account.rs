//! Login, logout, first setup, password reset and change, language switch, and the
//! participant's own space (REG-6, NFR-7).

use crate::context::Ctx;
use crate::cookies;
use crate::error::AppError;
use crate::render::{page, page_with_status, redirect_with_flash, safe_next};
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use domain::Locale;
use domain::password::PasswordPolicyError;
use serde::Deserialize;
use services::auth::{self, LoginError, PasswordChangeError, SetupInput};
use services::i18n::Translator;

/// Routes of this feature.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/login", get(login_page).post(login_submit))
        .route("/logout", post(logout))
        .route("/logout/everywhere", post(logout_everywhere))
        .route("/setup/{token}", get(setup_page).post(setup_submit))
        .route("/password/forgot", get(forgot_page).post(forgot_submit))
        .route(
            "/password/reset/{token}",
            get(reset_page).post(reset_submit),
        )
        .route("/account", get(account_page))
        .route("/account/password", post(change_password))
        .route("/lang/{code}", get(switch_language))
        .route("/me", get(my_space))
}

/// Translates a password error for the form.
pub fn password_error_text(tr: Translator, error: &PasswordChangeError) -> String {
    match error {
        PasswordChangeError::Policy(PasswordPolicyError::TooShort { min }) => {
            tr.t1("password-too-short", "min", &min.to_string())
        }
        PasswordChangeError::Policy(PasswordPolicyError::TooLong) => tr.t("password-too-long"),
        PasswordChangeError::Policy(PasswordPolicyError::TooCommon) => tr.t("password-too-common"),
        PasswordChangeError::Policy(PasswordPolicyError::Contextual) => tr.t("password-contextual"),
        PasswordChangeError::InvalidLink => tr.t("link-invalid"),
        PasswordChangeError::WrongCurrentPassword => tr.t("password-wrong-current"),
        PasswordChangeError::Mismatch => tr.t("password-mismatch"),
        PasswordChangeError::InvalidEmail => tr.t("error-email"),
        PasswordChangeError::InvalidName => tr.t("error-name"),
        PasswordChangeError::Internal(_) => tr.t("error-500"),
    }
}

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    ctx: Ctx,
    email: String,
    next: String,
    error: Option<&'static str>,
}

#[derive(Deserialize)]
struct NextQuery {
    next: Option<String>,
}

async fn login_page(ctx: Ctx, Query(q): Query<NextQuery>) -> Result<Response, AppError> {
    let next = safe_next(q.next.as_deref());
    if ctx.logged_in() {
        return Ok(Redirect::to(&next).into_response());
    }
    page(LoginPage {
        ctx,
        email: String::new(),
        next,
        error: None,
    })
}

#[derive(Deserialize)]
struct LoginForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    next: String,
}

fn session_cookies(response: &mut Response, token: &str, secure: bool) {
    let headers = response.headers_mut();
    headers.append(
        header::SET_COOKIE,
        cookies::set(cookies::SESSION, token, None, secure),
    );
    // A new CSRF token with the new session: a token seen before login is worth nothing after.
    headers.append(
        header::SET_COOKIE,
        cookies::set(
            cookies::CSRF,
            &services::security::random_token(),
            None,
            secure,
        ),
    );
}

async fn login_submit(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(form): Form<LoginForm>,
) -> Result<Response, AppError> {
    let result = auth::login(
        &state.db,
        &form.email,
        &form.password,
        &ctx.client,
        &state.settings,
    )
    .await;
    match result {
        Ok(opened) => {
            if let Some(old) = &ctx.session_token {
                auth::logout(&state.db, old, &ctx.client).await?;
            }
            let next = safe_next(Some(&form.next));
            let landing = if next != "/" {
                next
            } else if opened.user.is_principal_admin
                || !store::events::roles_of_user(&state.db, domain::UserId(opened.user.id))
                    .await?
                    .is_empty()
            {
                "/admin".to_string()
            } else {
                "/me".to_string()
            };
            let mut response = Redirect::to(&landing).into_response();
            session_cookies(
                &mut response,
                &opened.token,
                state.settings.secure_cookies(),
            );
            Ok(response)
        }
        Err(LoginError::Internal(e)) => Err(e.into()),
        Err(error) => {
            let (status, message) = match error {
                LoginError::Throttled => (StatusCode::TOO_MANY_REQUESTS, "login-throttled"),
                _ => (StatusCode::UNAUTHORIZED, "login-invalid"),
            };
            let email: String = form.email.chars().take(254).collect();
            page_with_status(
                status,
                LoginPage {
                    ctx,
                    email,
                    next: safe_next(Some(&form.next)),
                    error: Some(message),
                },
            )
        }
    }
}

async fn logout(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    if let Some(token) = &ctx.session_token {
        auth::logout(&state.db, token, &ctx.client).await?;
    }
    let mut response =
        redirect_with_flash("/", "flash-logged-out", state.settings.secure_cookies());
    response.headers_mut().append(
        header::SET_COOKIE,
        cookies::clear(cookies::SESSION, state.settings.secure_cookies()),
    );
    Ok(response)
}

async fn logout_everywhere(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    let viewer = ctx.viewer()?;
    auth::logout_everywhere(&state.db, viewer.id()).await?;
    let mut response = redirect_with_flash(
        "/login",
        "flash-logged-out-everywhere",
        state.settings.secure_cookies(),
    );
    response.headers_mut().append(
        header::SET_COOKIE,
        cookies::clear(cookies::SESSION, state.settings.secure_cookies()),
    );
    Ok(response)
}

#[derive(Template)]
#[template(path = "setup.html")]
struct SetupPage {
    ctx: Ctx,
    live: bool,
    email: String,
    display_name: String,
    error: Option<String>,
}

async fn setup_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(token): Path<String>,
) -> Result<Response, AppError> {
    let live = auth::setup_link_is_live(&state.db, &token).await?;
    let status = if live {
        StatusCode::OK
    } else {
        StatusCode::GONE
    };
    page_with_status(
        status,
        SetupPage {
            ctx,
            live,
            email: String::new(),
            display_name: String::new(),
            error: None,
        },
    )
}

#[derive(Deserialize)]
struct SetupForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    display_name: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    password_confirm: String,
}

async fn setup_submit(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(token): Path<String>,
    Form(form): Form<SetupForm>,
) -> Result<Response, AppError> {
    let input = SetupInput {
        email: &form.email,
        display_name: &form.display_name,
        password: &form.password,
        confirm: &form.password_confirm,
        locale: ctx.locale,
    };
    match auth::complete_setup(&state.db, &token, input, &ctx.client, &state.settings).await {
        Ok(opened) => {
            let mut response = redirect_with_flash(
                "/admin",
                "flash-setup-done",
                state.settings.secure_cookies(),
            );
            session_cookies(
                &mut response,
                &opened.token,
                state.settings.secure_cookies(),
            );
            Ok(response)
        }
        Err(PasswordChangeError::Internal(e)) => Err(e.into()),
        Err(error) => {
            let live = !matches!(error, PasswordChangeError::InvalidLink);
            let message = password_error_text(ctx.tr, &error);
            page_with_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                SetupPage {
                    ctx,
                    live,
                    email: form.email,
                    display_name: form.display_name,
                    error: Some(message),
                },
            )
        }
    }
}

#[derive(Template)]
#[template(path = "password_forgot.html")]
struct ForgotPage {
    ctx: Ctx,
    sent: bool,
}

async fn forgot_page(ctx: Ctx) -> Result<Response, AppError> {
    page(ForgotPage { ctx, sent: false })
}

#[derive(Deserialize)]
struct ForgotForm {
    #[serde(default)]
    email: String,
}

async fn forgot_submit(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(form): Form<ForgotForm>,
) -> Result<Response, AppError> {
    // The answer never depends on the email: the work runs after the response is sent, so
    // neither the text nor the timing tells whether an account exists.
    let db = state.db.clone();
    let settings = state.settings.clone();
    tokio::spawn(async move {
        if let Err(e) = auth::request_password_reset(&db, &form.email, &settings).await {
            tracing::error!(error = %e, "password reset request failed");
        }
    });
    page(ForgotPage { ctx, sent: true })
}

#[derive(Template)]
#[template(path = "password_reset.html")]
struct ResetPage {
    ctx: Ctx,
    live: bool,
    error: Option<String>,
}

async fn reset_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(token): Path<String>,
) -> Result<Response, AppError> {
    let live = auth::reset_link_is_live(&state.db, &token).await?;
    let status = if live {
        StatusCode::OK
    } else {
        StatusCode::GONE
    };
    page_with_status(
        status,
        ResetPage {
            ctx,
            live,
            error: None,
        },
    )
}

#[derive(Deserialize)]
struct NewPasswordForm {
    #[serde(default)]
    current_password: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    password_confirm: String,
}

async fn reset_submit(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(token): Path<String>,
    Form(form): Form<NewPasswordForm>,
) -> Result<Response, AppError> {
    match auth::reset_password(&state.db, &token, &form.password, &form.password_confirm).await {
        Ok(()) => Ok(redirect_with_flash(
            "/login",
            "flash-password-reset",
            state.settings.secure_cookies(),
        )),
        Err(PasswordChangeError::Internal(e)) => Err(e.into()),
        Err(error) => {
            let live = !matches!(error, PasswordChangeError::InvalidLink);
            let message = password_error_text(ctx.tr, &error);
            page_with_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                ResetPage {
                    ctx,
                    live,
                    error: Some(message),
                },
            )
        }
    }
}

#[derive(Template)]
#[template(path = "account.html")]
struct AccountPage {
    ctx: Ctx,
    error: Option<String>,
}

async fn account_page(ctx: Ctx) -> Result<Response, AppError> {
    ctx.viewer()?;
    page(AccountPage { ctx, error: None })
}

async fn change_password(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(form): Form<NewPasswordForm>,
) -> Result<Response, AppError> {
    let user = ctx.viewer()?.user.clone();
    match auth::change_password(
        &state.db,
        &user,
        &form.current_password,
        &form.password,
        &form.password_confirm,
        &ctx.client,
        &state.settings,
    )
    .await
    {
        Ok(token) => {
            let mut response = redirect_with_flash(
                "/account",
                "flash-password-changed",
                state.settings.secure_cookies(),
            );
            session_cookies(&mut response, &token, state.settings.secure_cookies());
            Ok(response)
        }
        Err(PasswordChangeError::Internal(e)) => Err(e.into()),
        Err(error) => {
            let message = password_error_text(ctx.tr, &error);
            page_with_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                AccountPage {
                    ctx,
                    error: Some(message),
                },
            )
        }
    }
}

async fn switch_language(
    State(state): State<AppState>,
    Path(code): Path<String>,
    Query(q): Query<NextQuery>,
) -> Result<Response, AppError> {
    let locale = Locale::parse(&code).ok_or(AppError::NotFound)?;
    let mut response = Redirect::to(&safe_next(q.next.as_deref())).into_response();
    response.headers_mut().append(
        header::SET_COOKIE,
        cookies::set(
            cookies::LANG,
            locale.code(),
            Some(365 * 24 * 3600),
            state.settings.secure_cookies(),
        ),
    );
    Ok(response)
}

/// One of the person's events on their own page.
struct MyEvent {
    id: i64,
    slug: String,
    name: String,
    dates: String,
    status_key: String,
}

#[derive(Template)]
#[template(path = "me.html")]
struct MySpacePage {
    ctx: Ctx,
    events: Vec<MyEvent>,
}

async fn my_space(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    let viewer = ctx.viewer()?;
    let ids: Vec<i64> = viewer.participations.iter().map(|p| p.event_id).collect();
    let rows = store::events::list_by_ids(&state.db, &ids).await?;
    let events = rows
        .iter()
        .map(|e| {
            let status = viewer
                .participations
                .iter()
                .find(|p| p.event_id == e.id)
                .map(|p| p.status.clone())
                .unwrap_or_default();
            MyEvent {
                id: e.id,
                slug: e.slug.clone(),
                name: if ctx.locale == Locale::En {
                    e.name_en.clone()
                } else {
                    e.name_fr.clone()
                },
                dates: super::public_site::format_dates(ctx.locale, e.starts_on, e.ends_on),
                status_key: format!("registration-status-{status}"),
            }
        })
        .collect();
    page(MySpacePage { ctx, events })
}

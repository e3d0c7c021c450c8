//! The participant's messages (PRV-4, PRV-5): threads per meeting request with the other
//! side, and a thread with the organizers.

use super::agenda::map_error;
use crate::context::Ctx;
use crate::error::AppError;
use crate::render::{page, page_with_status, redirect_with_flash};
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use axum::{Form, Router};
use chrono::Utc;
use domain::EventId;
use services::meetings::agenda::AgendaError;
use services::meetings::messages::MessageView;
use services::meetings::notify::local_time;

/// Routes of this feature.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/me/events/{id}/messages", get(list))
        .route(
            "/me/events/{id}/messages/organizers",
            get(organizers).post(write_organizers),
        )
        .route(
            "/me/events/{id}/messages/{request}",
            get(thread).post(write),
        )
}

/// A message as the thread template shows it.
pub(crate) struct Shown {
    pub mine: bool,
    pub author: String,
    pub at: String,
    pub body: String,
}

pub(crate) fn shown(
    ctx: &Ctx,
    tz: &str,
    messages: &[MessageView],
    me: &str,
    other: &str,
) -> Vec<Shown> {
    messages
        .iter()
        .map(|m| Shown {
            mine: m.mine,
            author: if m.mine {
                me.to_string()
            } else {
                other.to_string()
            },
            at: local_time(m.at, tz, ctx.locale),
            body: m.body.clone(),
        })
        .collect()
}

struct ThreadLine {
    url: String,
    partner: String,
    state: String,
    count: usize,
    unread: usize,
}

#[derive(Template)]
#[template(path = "private/messages.html")]
struct ListPage {
    ctx: Ctx,
    event_id: i64,
    slug: String,
    event_name: String,
    lines: Vec<ThreadLine>,
    organizer_unread: usize,
}

async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let user = ctx.viewer()?.user.clone();
    let threads = services::meetings::messages::threads(&state.db, &user, EventId(id))
        .await
        .map_err(map_error)?;
    let lines = threads
        .lines
        .iter()
        .map(|l| ThreadLine {
            url: format!("/me/events/{id}/messages/{}", l.request_id),
            partner: l.partner.label(),
            state: l.state.as_str().to_string(),
            count: l.count,
            unread: l.unread,
        })
        .collect();
    page(ListPage {
        event_id: id,
        slug: threads.event.slug.clone(),
        event_name: super::public_site::pick(
            ctx.locale,
            &threads.event.name_fr,
            &threads.event.name_en,
        ),
        lines,
        organizer_unread: threads.organizer_unread,
        ctx,
    })
}

#[derive(Template)]
#[template(path = "private/thread.html")]
struct ThreadPage {
    ctx: Ctx,
    event_id: i64,
    slug: String,
    event_name: String,
    title: String,
    state: String,
    partner_email: String,
    messages: Vec<Shown>,
    can_write: bool,
    action: String,
    body: String,
    error: Option<String>,
    idempotency_key: String,
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct MessageForm {
    body: String,
    idempotency_key: String,
}

async fn render_thread(
    state: &AppState,
    ctx: Ctx,
    id: i64,
    request: i64,
    status: StatusCode,
    (body, idempotency_key): (String, String),
    error: Option<String>,
) -> Result<Response, AppError> {
    let user = ctx.viewer()?.user.clone();
    let view =
        services::meetings::messages::thread(&state.db, &user, EventId(id), request, Utc::now())
            .await
            .map_err(map_error)?;
    let partner = view.partner.label();
    page_with_status(
        status,
        ThreadPage {
            event_id: id,
            slug: view.event.slug.clone(),
            event_name: super::public_site::pick(
                ctx.locale,
                &view.event.name_fr,
                &view.event.name_en,
            ),
            title: ctx.t1("messages-thread-title", "partner", &partner),
            state: view.state.as_str().to_string(),
            partner_email: view.partner.email.clone().unwrap_or_default(),
            messages: shown(
                &ctx,
                &view.event.time_zone,
                &view.messages,
                &ctx.t("messages-me"),
                &partner,
            ),
            can_write: view.can_write,
            action: format!("/me/events/{id}/messages/{request}"),
            body,
            error,
            idempotency_key,
            ctx,
        },
    )
}

async fn thread(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, request)): Path<(i64, i64)>,
) -> Result<Response, AppError> {
    let fresh = (String::new(), services::security::random_token());
    render_thread(&state, ctx, id, request, StatusCode::OK, fresh, None).await
}

/// The status and message id of a refused message.
fn refusal(e: AgendaError) -> Result<(StatusCode, &'static str), AppError> {
    match e {
        AgendaError::Invalid(key) => Ok((StatusCode::UNPROCESSABLE_ENTITY, key)),
        AgendaError::Conflict => Ok((StatusCode::CONFLICT, "messages-error-conflict")),
        e => Err(map_error(e)),
    }
}

async fn write(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, request)): Path<(i64, i64)>,
    Form(form): Form<MessageForm>,
) -> Result<Response, AppError> {
    let user = ctx.viewer()?.user.clone();
    let result = services::meetings::messages::send_message(
        &state.db,
        &state.settings.base_url(),
        &user,
        EventId(id),
        request,
        services::meetings::messages::MessageInput {
            body: &form.body,
            idempotency_key: &form.idempotency_key,
        },
        Utc::now(),
    )
    .await;
    match result {
        Ok(()) => Ok(redirect_with_flash(
            &format!("/me/events/{id}/messages/{request}"),
            "messages-sent",
            state.settings.secure_cookies(),
        )),
        Err(e) => {
            let (status, key) = refusal(e)?;
            let message = ctx.t(key);
            let kept = (form.body, form.idempotency_key);
            render_thread(&state, ctx, id, request, status, kept, Some(message)).await
        }
    }
}

async fn render_organizers(
    state: &AppState,
    ctx: Ctx,
    id: i64,
    status: StatusCode,
    (body, idempotency_key): (String, String),
    error: Option<String>,
) -> Result<Response, AppError> {
    let user = ctx.viewer()?.user.clone();
    let view = services::meetings::messages::my_organizer_thread(
        &state.db,
        &user,
        EventId(id),
        Utc::now(),
    )
    .await
    .map_err(map_error)?;
    page_with_status(
        status,
        ThreadPage {
            event_id: id,
            slug: view.event.slug.clone(),
            event_name: super::public_site::pick(
                ctx.locale,
                &view.event.name_fr,
                &view.event.name_en,
            ),
            title: ctx.t("messages-organizers-thread"),
            state: String::new(),
            partner_email: String::new(),
            messages: shown(
                &ctx,
                &view.event.time_zone,
                &view.messages,
                &ctx.t("messages-me"),
                &ctx.t("messages-organizers"),
            ),
            can_write: true,
            action: format!("/me/events/{id}/messages/organizers"),
            body,
            error,
            idempotency_key,
            ctx,
        },
    )
}

async fn organizers(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let fresh = (String::new(), services::security::random_token());
    render_organizers(&state, ctx, id, StatusCode::OK, fresh, None).await
}

async fn write_organizers(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(form): Form<MessageForm>,
) -> Result<Response, AppError> {
    let user = ctx.viewer()?.user.clone();
    let result = services::meetings::messages::write_to_organizers(
        &state.db,
        &state.settings.base_url(),
        &user,
        EventId(id),
        services::meetings::messages::MessageInput {
            body: &form.body,
            idempotency_key: &form.idempotency_key,
        },
        Utc::now(),
    )
    .await;
    match result {
        Ok(()) => Ok(redirect_with_flash(
            &format!("/me/events/{id}/messages/organizers"),
            "messages-sent",
            state.settings.secure_cookies(),
        )),
        Err(e) => {
            let (status, key) = refusal(e)?;
            let message = ctx.t(key);
            let kept = (form.body, form.idempotency_key);
            render_organizers(&state, ctx, id, status, kept, Some(message)).await
        }
    }
}

//! The organizers' inbox (PRV-4): participants' messages to the organizers, one thread per
//! participant, with a reply form. Needs `ManageMeetings` on the event.

use super::{EventTabs, event_for};
use crate::context::Ctx;
use crate::error::AppError;
use crate::features::agenda::map_error;
use crate::features::messages::{Shown, shown};
use crate::render::{page, page_with_status, redirect_with_flash};
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use axum::{Form, Router};
use chrono::Utc;
use domain::{EventId, Permission};
use services::meetings::agenda::AgendaError;
use services::meetings::notify::local_time;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin/events/{id}/messages", get(inbox))
        .route(
            "/admin/events/{id}/messages/{participant}",
            get(thread).post(reply),
        )
}

struct InboxLine {
    url: String,
    label: String,
    count: usize,
    unread: usize,
    last: String,
}

/// The inbox, and the open thread when one is chosen.
#[derive(Template)]
#[template(path = "admin/messages.html")]
struct InboxPage {
    ctx: Ctx,
    tabs: EventTabs,
    lines: Vec<InboxLine>,
    thread: Option<ThreadView>,
}

struct ThreadView {
    title: String,
    action: String,
    messages: Vec<Shown>,
    body: String,
    error: Option<String>,
    idempotency_key: String,
}

async fn guard(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
) -> Result<(store::events::EventRow, EventTabs), AppError> {
    let found = event_for(state, ctx, id, "messages").await?;
    ctx.require(EventId(id), Permission::ManageMeetings)?;
    Ok(found)
}

async fn render(
    state: &AppState,
    ctx: Ctx,
    id: i64,
    thread: Option<(i64, (String, String), Option<String>)>,
    status: StatusCode,
) -> Result<Response, AppError> {
    let (event, tabs) = guard(state, &ctx, id).await?;
    let thread = match thread {
        Some((participant, (body, idempotency_key), error)) => {
            let view = services::meetings::messages::organizer_view(
                &state.db,
                EventId(id),
                participant,
                Utc::now(),
            )
            .await
            .map_err(map_error)?;
            Some(ThreadView {
                title: ctx.t1("messages-inbox-thread", "name", &view.label),
                action: format!("/admin/events/{id}/messages/{participant}"),
                messages: shown(
                    &ctx,
                    &event.time_zone,
                    &view.messages,
                    &ctx.t("messages-organizers"),
                    &view.label,
                ),
                body,
                error,
                idempotency_key,
            })
        }
        None => None,
    };
    let lines = services::meetings::messages::organizer_inbox(&state.db, EventId(id))
        .await
        .map_err(map_error)?
        .into_iter()
        .map(|l| InboxLine {
            url: format!("/admin/events/{id}/messages/{}", l.participant_id),
            label: l.label,
            count: l.count,
            unread: l.unread,
            last: local_time(l.last_at, &event.time_zone, ctx.locale),
        })
        .collect();
    let template = InboxPage {
        ctx,
        tabs,
        lines,
        thread,
    };
    if status == StatusCode::OK {
        page(template)
    } else {
        page_with_status(status, template)
    }
}

async fn inbox(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    render(&state, ctx, id, None, StatusCode::OK).await
}

async fn thread(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, participant)): Path<(i64, i64)>,
) -> Result<Response, AppError> {
    render(
        &state,
        ctx,
        id,
        Some((
            participant,
            (String::new(), services::security::random_token()),
            None,
        )),
        StatusCode::OK,
    )
    .await
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct ReplyForm {
    body: String,
    idempotency_key: String,
}

async fn reply(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, participant)): Path<(i64, i64)>,
    Form(form): Form<ReplyForm>,
) -> Result<Response, AppError> {
    guard(&state, &ctx, id).await?;
    let organizer = ctx.viewer()?.user.clone();
    let result = services::meetings::messages::reply_as_organizer(
        &state.db,
        &state.settings.base_url(),
        &organizer,
        EventId(id),
        participant,
        services::meetings::messages::MessageInput {
            body: &form.body,
            idempotency_key: &form.idempotency_key,
        },
        Utc::now(),
    )
    .await;
    match result {
        Ok(()) => Ok(redirect_with_flash(
            &format!("/admin/events/{id}/messages/{participant}"),
            "messages-replied",
            state.settings.secure_cookies(),
        )),
        Err(AgendaError::Invalid(key)) => {
            let message = ctx.t(key);
            render(
                &state,
                ctx,
                id,
                Some((
                    participant,
                    (form.body, form.idempotency_key),
                    Some(message),
                )),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(e) => Err(map_error(e)),
    }
}

//! The participant's agenda (PRV-1, MTG-6, MTG-10): day view and list of meetings with
//! partner, time and table, the count of requests waiting for an answer, cancelling,
//! rating, a printable version, the iCalendar file and the private subscription URL.

use crate::context::Ctx;
use crate::error::AppError;
use crate::render::{page_with_status, redirect_with_flash};
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use chrono::{DateTime, Utc};
use domain::{EventId, Locale};
use services::meetings::agenda::{Agenda, AgendaError, AgendaItem};

const AGENDA_CSS: &str = include_str!("../../static/agenda.css");

/// Routes of this feature.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/static/agenda.css",
            get(|| async {
                (
                    [
                        (header::CONTENT_TYPE, "text/css; charset=utf-8"),
                        (header::CACHE_CONTROL, "public, max-age=3600"),
                    ],
                    AGENDA_CSS,
                )
            }),
        )
        .route("/me/events/{id}/meetings", get(agenda_page))
        .route("/me/events/{id}/meetings/{request}/cancel", post(cancel))
        .route("/me/events/{id}/meetings/{request}/rating", post(rate))
        .route("/me/events/{id}/agenda.ics", get(ics_file))
        .route("/me/events/{id}/calendar/feed", post(create_feed))
        .route("/me/events/{id}/calendar/feed/revoke", post(revoke_feed))
        .route("/calendar/{file}", get(feed))
}

/// Maps a service refusal; `Invalid` is handled by the caller (form shown again).
pub(crate) fn map_error(e: AgendaError) -> AppError {
    match e {
        AgendaError::NotFound => AppError::NotFound,
        AgendaError::Conflict | AgendaError::Invalid(_) => AppError::BadRequest,
        AgendaError::Internal(e) => e.into(),
    }
}

/// `HH:MM` in the event's time zone.
pub(crate) fn hm(at: DateTime<Utc>, tz: &str) -> String {
    let tz: chrono_tz::Tz = tz.parse().unwrap_or(chrono_tz::Europe::Paris);
    at.with_timezone(&tz).format("%H:%M").to_string()
}

/// The local date of a time, as each language writes it.
pub(crate) fn local_day(at: DateTime<Utc>, tz: &str, locale: Locale) -> String {
    let tz: chrono_tz::Tz = tz.parse().unwrap_or(chrono_tz::Europe::Paris);
    let local = at.with_timezone(&tz);
    match locale {
        Locale::Fr => local.format("%d/%m/%Y").to_string(),
        Locale::En => local.format("%Y-%m-%d").to_string(),
    }
}

/// One meeting as the templates show it.
#[derive(Clone)]
struct Line {
    request_id: i64,
    day: String,
    time: String,
    partner: String,
    partner_email: String,
    place: String,
    state: String,
    expert: bool,
    cancel_reason: String,
    can_cancel: bool,
    can_rate: bool,
    rating: String,
    rating_label: String,
    comment: String,
}

/// One slot of the day view, with the meeting in it if any.
struct SlotLine {
    time: String,
    unavailable: bool,
    meeting: Option<Line>,
}

/// One day of the timeline.
struct Day {
    caption: String,
    slots: Vec<SlotLine>,
}

/// A refused form, shown again under its meeting.
#[derive(Default)]
struct FormError {
    request_id: i64,
    form: &'static str,
    message: String,
    reason: String,
    rating: String,
    comment: String,
}

#[derive(Template)]
#[template(path = "private/agenda.html")]
struct AgendaPage {
    ctx: Ctx,
    event_id: i64,
    slug: String,
    event_name: String,
    person: String,
    print: bool,
    pending: usize,
    days: Vec<Day>,
    lines: Vec<Line>,
    has_feed: bool,
    feed_url: Option<String>,
    scale: Vec<(String, String)>,
    error: Option<FormError>,
}

impl AgendaPage {
    fn error_for(&self, request_id: &i64, form: &str) -> Option<&FormError> {
        self.error
            .as_ref()
            .filter(|e| e.request_id == *request_id && e.form == form)
    }

    /// The rating shown selected: the refused one, else the saved one.
    fn chosen(&self, line: &Line) -> String {
        match self.error_for(&line.request_id, "rating") {
            Some(e) => e.rating.clone(),
            None => line.rating.clone(),
        }
    }
}

fn line(ctx: &Ctx, agenda: &Agenda, item: &AgendaItem) -> Line {
    let tz = &agenda.event.time_zone;
    let scale = &agenda.settings.rating_scale;
    let (rating, comment) = item.my_rating.clone().unwrap_or_default();
    let rating_label = scale
        .iter()
        .find(|s| s.code == rating)
        .map(|s| super::public_site::pick(ctx.locale, &s.fr, &s.en))
        .unwrap_or_default();
    Line {
        request_id: item.request.id,
        day: item
            .slot
            .as_ref()
            .map(|s| local_day(s.starts_at, tz, ctx.locale))
            .unwrap_or_default(),
        time: item
            .slot
            .as_ref()
            .map(|s| format!("{}–{}", hm(s.starts_at, tz), hm(s.ends_at, tz)))
            .unwrap_or_default(),
        partner: item.partner.label(),
        partner_email: item.partner.email.clone().unwrap_or_default(),
        place: item.place.clone(),
        state: item.state.as_str().to_string(),
        expert: item.request.is_expert,
        cancel_reason: item.request.cancel_reason.clone(),
        can_cancel: item.can_cancel,
        can_rate: item.can_rate,
        rating,
        rating_label,
        comment,
    }
}

async fn render(
    ctx: Ctx,
    agenda: Agenda,
    print: bool,
    status: StatusCode,
    feed_url: Option<String>,
    error: Option<FormError>,
) -> Result<Response, AppError> {
    let tz = agenda.event.time_zone.clone();
    let lines: Vec<Line> = agenda
        .items
        .iter()
        .map(|item| line(&ctx, &agenda, item))
        .collect();
    let mut days: Vec<Day> = Vec::new();
    for slot in &agenda.slots {
        let caption = local_day(slot.starts_at, &tz, ctx.locale);
        let meeting = agenda
            .items
            .iter()
            .position(|i| i.slot.as_ref().is_some_and(|s| s.id == slot.id))
            .and_then(|n| lines.get(n).cloned());
        let slot_line = SlotLine {
            time: format!("{}–{}", hm(slot.starts_at, &tz), hm(slot.ends_at, &tz)),
            unavailable: meeting.is_none() && agenda.unavailable.contains(&slot.id),
            meeting,
        };
        match days.last_mut() {
            Some(day) if day.caption == caption => day.slots.push(slot_line),
            _ => days.push(Day {
                caption,
                slots: vec![slot_line],
            }),
        }
    }
    let scale = agenda
        .settings
        .rating_scale
        .iter()
        .map(|s| {
            (
                s.code.clone(),
                super::public_site::pick(ctx.locale, &s.fr, &s.en),
            )
        })
        .collect();
    let p = &agenda.participant;
    page_with_status(
        status,
        AgendaPage {
            event_id: agenda.event.id,
            slug: agenda.event.slug.clone(),
            event_name: super::public_site::pick(
                ctx.locale,
                &agenda.event.name_fr,
                &agenda.event.name_en,
            ),
            person: format!("{} {}", p.first_name, p.last_name)
                .trim()
                .to_string(),
            print,
            pending: agenda.pending_incoming,
            days,
            lines,
            has_feed: agenda.has_feed,
            feed_url,
            scale,
            error,
            ctx,
        },
    )
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct AgendaQuery {
    print: String,
}

async fn load(state: &AppState, ctx: &Ctx, id: i64) -> Result<Agenda, AppError> {
    let user = &ctx.viewer()?.user;
    services::meetings::agenda::agenda_for_user(&state.db, user, EventId(id), Utc::now())
        .await
        .map_err(map_error)
}

async fn agenda_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Query(query): Query<AgendaQuery>,
) -> Result<Response, AppError> {
    let agenda = load(&state, &ctx, id).await?;
    let print = !query.print.is_empty() && query.print != "0";
    render(ctx, agenda, print, StatusCode::OK, None, None).await
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct CancelForm {
    reason: String,
}

async fn cancel(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, request)): Path<(i64, i64)>,
    Form(form): Form<CancelForm>,
) -> Result<Response, AppError> {
    let user = ctx.viewer()?.user.clone();
    let result = services::meetings::agenda::cancel_meeting(
        &state.db,
        &state.settings.base_url(),
        &user,
        EventId(id),
        request,
        &form.reason,
        Utc::now(),
    )
    .await;
    let (status, key) = match result {
        Ok(()) => {
            return Ok(redirect_with_flash(
                &format!("/me/events/{id}/meetings"),
                "agenda-cancelled",
                state.settings.secure_cookies(),
            ));
        }
        Err(AgendaError::Invalid(key)) => (StatusCode::UNPROCESSABLE_ENTITY, key),
        Err(AgendaError::Conflict) => (StatusCode::CONFLICT, "agenda-error-conflict"),
        Err(e) => return Err(map_error(e)),
    };
    let agenda = load(&state, &ctx, id).await?;
    let error = FormError {
        request_id: request,
        form: "cancel",
        message: ctx.t(key),
        reason: form.reason,
        ..FormError::default()
    };
    render(ctx, agenda, false, status, None, Some(error)).await
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct RatingForm {
    rating: String,
    comment: String,
}

async fn rate(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, request)): Path<(i64, i64)>,
    Form(form): Form<RatingForm>,
) -> Result<Response, AppError> {
    let user = ctx.viewer()?.user.clone();
    let result = services::meetings::ratings::rate_meeting(
        &state.db,
        &user,
        EventId(id),
        request,
        &form.rating,
        &form.comment,
        Utc::now(),
    )
    .await;
    let (status, key) = match result {
        Ok(()) => {
            return Ok(redirect_with_flash(
                &format!("/me/events/{id}/meetings"),
                "ratings-saved",
                state.settings.secure_cookies(),
            ));
        }
        Err(AgendaError::Invalid(key)) => (StatusCode::UNPROCESSABLE_ENTITY, key),
        Err(AgendaError::Conflict) => (StatusCode::CONFLICT, "ratings-error-conflict"),
        Err(e) => return Err(map_error(e)),
    };
    let agenda = load(&state, &ctx, id).await?;
    let error = FormError {
        request_id: request,
        form: "rating",
        message: ctx.t(key),
        rating: form.rating,
        comment: form.comment,
        ..FormError::default()
    };
    render(ctx, agenda, false, status, None, Some(error)).await
}

fn calendar_response(body: String) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/calendar; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"agenda.ics\"",
            ),
            (header::CACHE_CONTROL, "private, no-store"),
        ],
        body,
    )
        .into_response()
}

async fn ics_file(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let agenda = load(&state, &ctx, id).await?;
    let body = services::meetings::agenda::ics::calendar(&agenda, ctx.locale, Utc::now());
    Ok(calendar_response(body))
}

async fn create_feed(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let user = ctx.viewer()?.user.clone();
    let token = services::meetings::agenda::create_feed(&state.db, &user, EventId(id), Utc::now())
        .await
        .map_err(map_error)?;
    let url = format!("{}/calendar/{token}.ics", state.settings.base_url());
    let agenda = load(&state, &ctx, id).await?;
    // Shown once, in this answer only: never in a redirect or a stored page.
    let mut response = render(ctx, agenda, false, StatusCode::OK, Some(url), None).await?;
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        axum::http::HeaderValue::from_static("no-store"),
    );
    Ok(response)
}

async fn revoke_feed(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let user = ctx.viewer()?.user.clone();
    services::meetings::agenda::revoke_feed(&state.db, &user, EventId(id))
        .await
        .map_err(map_error)?;
    Ok(redirect_with_flash(
        &format!("/me/events/{id}/meetings"),
        "agenda-feed-revoked",
        state.settings.secure_cookies(),
    ))
}

/// The subscription URL: no login, the token is the key; unknown or revoked answers 404.
async fn feed(
    State(state): State<AppState>,
    Path(file): Path<String>,
) -> Result<Response, AppError> {
    let token = file.strip_suffix(".ics").ok_or(AppError::NotFound)?;
    let body = services::meetings::agenda::feed_calendar(&state.db, token, Utc::now())
        .await
        .map_err(map_error)?
        .ok_or(AppError::NotFound)?;
    Ok(calendar_response(body))
}

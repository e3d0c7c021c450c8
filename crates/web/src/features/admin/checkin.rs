//! The check-in desk (CHK-2, CHK-4): a page for phones and tablets (list with one-tap
//! check-in, handheld-scanner field, camera), its JSON API (scan, one tap, offline sync,
//! camera frame decode, counters) and the organizer's counters page. Every action also works
//! as a plain form without JavaScript.

use super::{EventTabs, event_for};
use crate::context::Ctx;
use crate::error::AppError;
use crate::features::agenda::hm;
use crate::render::{page, redirect_with_flash};
use crate::state::AppState;
use askama::Template;
use axum::body::Bytes;
use axum::extract::{FromRequest, Path, Query, Request, State};
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Form, Json, Router};
use chrono::{DateTime, Utc};
use domain::{EventId, Locale, ParticipantId, Permission};
use serde::{Deserialize, Serialize};
use services::event_day::checkin::{
    self, Card, CheckinError, Counters, Method, Outcome, Scan, Target,
};

const CHECKIN_JS: &str = include_str!("../../../static/checkin.js");
const CHECKIN_CSS: &str = include_str!("../../../static/checkin.css");

/// The most scans one offline sync carries.
const MAX_SYNC: usize = 500;
/// The largest camera frame accepted.
const MAX_FRAME_BYTES: usize = 2 * 1024 * 1024;

/// Routes of this feature.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/static/checkin.js",
            get(|| async { asset("text/javascript; charset=utf-8", CHECKIN_JS) }),
        )
        .route(
            "/static/checkin.css",
            get(|| async { asset("text/css; charset=utf-8", CHECKIN_CSS) }),
        )
        .route("/admin/events/{id}/checkin", get(desk))
        .route("/admin/events/{id}/checkin/scan", post(scan))
        .route("/admin/events/{id}/checkin/participants/{pid}", post(tap))
        .route(
            "/admin/events/{id}/checkin/participants/{pid}/undo",
            post(undo),
        )
        .route("/admin/events/{id}/checkin/sync", post(sync))
        .route("/admin/events/{id}/checkin/decode", post(decode))
        .route("/admin/events/{id}/checkin/counters", get(counters))
}

fn asset(content_type: &'static str, body: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        body,
    )
        .into_response()
}

/// One meeting on the answer.
#[derive(Serialize, Clone)]
struct AnswerMeeting {
    time: String,
    with: String,
    place: String,
}

/// The big answer, for the page and the JSON API alike.
#[derive(Serialize, Clone, Default)]
struct Answer {
    /// `admitted`, `already` or `refused`.
    status: &'static str,
    /// The headline ("Welcome", "Already checked in", "Refused").
    headline: String,
    /// The detail line (first scan time and station, or the refusal's reason).
    detail: String,
    participant_id: Option<i64>,
    name: String,
    company: String,
    category: String,
    /// "Meetings on 10/03/2027" or "No meetings".
    meetings_title: String,
    meetings: Vec<AnswerMeeting>,
    /// The offline scan this answers (sync only).
    #[serde(skip_serializing_if = "Option::is_none")]
    client_id: Option<String>,
}

fn day_label(day: chrono::NaiveDate, locale: Locale) -> String {
    match locale {
        Locale::Fr => day.format("%d/%m/%Y").to_string(),
        Locale::En => day.format("%Y-%m-%d").to_string(),
    }
}

fn with_card(ctx: &Ctx, mut answer: Answer, card: Card) -> Answer {
    answer.participant_id = Some(card.participant_id);
    answer.meetings_title = match card.meetings_day {
        Some(day) => ctx.t1("checkin-meetings-of", "day", &day_label(day, ctx.locale)),
        None => ctx.t("checkin-no-meetings"),
    };
    answer.meetings = card
        .meetings
        .iter()
        .map(|m| AnswerMeeting {
            time: format!(
                "{}–{}",
                hm(m.starts_at, &card.time_zone),
                hm(m.ends_at, &card.time_zone)
            ),
            with: m.with.clone(),
            place: m.place.clone(),
        })
        .collect();
    answer.name = card.name;
    answer.company = card.company;
    answer.category = card.category;
    answer
}

fn answer_of(ctx: &Ctx, outcome: Outcome) -> Answer {
    match outcome {
        Outcome::Admitted(card) => with_card(
            ctx,
            Answer {
                status: "admitted",
                headline: ctx.t("checkin-admitted"),
                ..Answer::default()
            },
            card,
        ),
        Outcome::AlreadyIn {
            card,
            first_at,
            first_station,
        } => {
            let detail = ctx.tr.t2(
                "checkin-already-detail",
                ("time", &hm(first_at, &card.time_zone)),
                ("station", &first_station),
            );
            with_card(
                ctx,
                Answer {
                    status: "already",
                    headline: ctx.t("checkin-already"),
                    detail,
                    ..Answer::default()
                },
                card,
            )
        }
        Outcome::Refused(refusal) => Answer {
            status: "refused",
            headline: ctx.t("checkin-refused"),
            detail: ctx.t(refusal.message_id()),
            ..Answer::default()
        },
    }
}

fn map_error(e: CheckinError) -> AppError {
    match e {
        CheckinError::NotFound => AppError::NotFound,
        CheckinError::Internal(e) => e.into(),
    }
}

async fn guard(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    tab: &'static str,
) -> Result<EventTabs, AppError> {
    // Off the team: 404 (no hint the event exists); on it without the right: 403.
    let (_, tabs) = event_for(state, ctx, id, tab).await?;
    ctx.require(EventId(id), Permission::CheckIn)?;
    Ok(tabs)
}

/// One line of the list.
struct Line {
    id: i64,
    name: String,
    company: String,
    category: String,
    /// "09:12 · Station 2" when checked in.
    checked: Option<String>,
    /// Lower-cased name and company, for the instant filter.
    search: String,
}

#[derive(Template)]
#[template(path = "admin/checkin.html")]
struct DeskPage {
    ctx: Ctx,
    tabs: EventTabs,
    lines: Vec<Line>,
    q: String,
    station: String,
    present: usize,
    registered: usize,
    answer: Option<Answer>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct DeskQuery {
    q: String,
    station: String,
}

fn fold(text: &str) -> String {
    text.to_lowercase()
}

async fn render_desk(
    state: &AppState,
    ctx: Ctx,
    tabs: EventTabs,
    query: DeskQuery,
    answer: Option<Answer>,
) -> Result<Response, AppError> {
    let event = EventId(tabs.id);
    let tz = store::events::find(&state.db, event)
        .await?
        .map(|e| e.time_zone)
        .unwrap_or_default();
    let roster = checkin::roster(&state.db, event, ctx.locale).await?;
    let registered = roster.len();
    let present = roster.iter().filter(|l| l.checked.is_some()).count();
    let needle = fold(query.q.trim());
    let lines = roster
        .into_iter()
        .map(|l| Line {
            id: l.person.participant_id,
            search: fold(&format!("{} {}", l.person.name, l.person.company)),
            name: l.person.name,
            company: l.person.company,
            category: l.person.category,
            checked: l
                .checked
                .map(|(at, station)| format!("{} · {station}", hm(at, &tz))),
        })
        .filter(|l| needle.is_empty() || l.search.contains(&needle))
        .collect();
    page(DeskPage {
        ctx,
        tabs,
        lines,
        q: query.q,
        station: checkin::clean_station(&query.station).replace('—', ""),
        present,
        registered,
        answer,
    })
}

async fn desk(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Query(query): Query<DeskQuery>,
) -> Result<Response, AppError> {
    let tabs = guard(&state, &ctx, id, "checkin").await?;
    render_desk(&state, ctx, tabs, query, None).await
}

/// A scan or tap as the API and the forms send it.
#[derive(Deserialize, Default)]
#[serde(default)]
struct ScanBody {
    code: String,
    station: String,
    method: String,
    /// The device's time of an offline scan (RFC 3339).
    scanned_at: Option<DateTime<Utc>>,
    /// The page's search, kept across a form post.
    q: String,
}

fn is_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"))
}

async fn read_body(state: &AppState, req: Request) -> Result<(bool, ScanBody), AppError> {
    if is_json(req.headers()) {
        let Json(body) = Json::<ScanBody>::from_request(req, state)
            .await
            .map_err(|_| AppError::BadRequest)?;
        Ok((true, body))
    } else {
        let Form(body) = Form::<ScanBody>::from_request(req, state)
            .await
            .map_err(|_| AppError::BadRequest)?;
        Ok((false, body))
    }
}

async fn run(
    state: &AppState,
    ctx: &Ctx,
    event: EventId,
    target: Target,
    body: &ScanBody,
    default_method: Method,
) -> Result<Answer, AppError> {
    let method = if body.method.is_empty() {
        default_method
    } else {
        Method::parse(&body.method)
    };
    let outcome = checkin::check_in(
        &state.db,
        &ctx.actor()?,
        event,
        target,
        Scan {
            station: body.station.clone(),
            method,
            scanned_at: body.scanned_at,
            now: Utc::now(),
        },
        ctx.locale,
    )
    .await
    .map_err(map_error)?;
    Ok(answer_of(ctx, outcome))
}

async fn respond(
    state: &AppState,
    ctx: Ctx,
    tabs: EventTabs,
    json: bool,
    body: ScanBody,
    answer: Answer,
) -> Result<Response, AppError> {
    if json {
        return Ok(Json(answer).into_response());
    }
    let query = DeskQuery {
        q: body.q,
        station: body.station,
    };
    render_desk(state, ctx, tabs, query, Some(answer)).await
}

async fn scan(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    req: Request,
) -> Result<Response, AppError> {
    let tabs = guard(&state, &ctx, id, "checkin").await?;
    let (json, body) = read_body(&state, req).await?;
    let target = Target::Token(body.code.clone());
    let answer = run(&state, &ctx, EventId(id), target, &body, Method::Scanner).await?;
    respond(&state, ctx, tabs, json, body, answer).await
}

async fn tap(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, pid)): Path<(i64, i64)>,
    req: Request,
) -> Result<Response, AppError> {
    let tabs = guard(&state, &ctx, id, "checkin").await?;
    let (json, body) = read_body(&state, req).await?;
    let target = Target::Participant(ParticipantId(pid));
    let answer = run(&state, &ctx, EventId(id), target, &body, Method::List).await?;
    respond(&state, ctx, tabs, json, body, answer).await
}

async fn undo(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, pid)): Path<(i64, i64)>,
) -> Result<Response, AppError> {
    guard(&state, &ctx, id, "checkin").await?;
    let undone = checkin::undo(
        &state.db,
        &ctx.actor()?,
        EventId(id),
        ParticipantId(pid),
        Utc::now(),
    )
    .await
    .map_err(map_error)?;
    let message = if undone {
        "checkin-undone"
    } else {
        "checkin-undo-none"
    };
    Ok(redirect_with_flash(
        &format!("/admin/events/{id}/checkin"),
        message,
        state.settings.secure_cookies(),
    ))
}

/// One scan kept on a device while offline.
#[derive(Deserialize)]
struct QueuedScan {
    /// The device's id of the scan, echoed back so it is dropped from the queue once.
    client_id: String,
    #[serde(default)]
    code: String,
    #[serde(default)]
    participant_id: Option<i64>,
    #[serde(default)]
    station: String,
    #[serde(default)]
    method: String,
    scanned_at: Option<DateTime<Utc>>,
}

#[derive(Deserialize)]
struct SyncBody {
    scans: Vec<QueuedScan>,
}

#[derive(Serialize)]
struct SyncAnswer {
    results: Vec<Answer>,
}

/// Replays scans made offline, each with its device time; a replay of the same batch gives
/// the same answers and counts nobody twice.
async fn sync(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Json(body): Json<SyncBody>,
) -> Result<Response, AppError> {
    guard(&state, &ctx, id, "checkin").await?;
    if body.scans.len() > MAX_SYNC {
        return Err(AppError::BadRequest);
    }
    let mut results = Vec::with_capacity(body.scans.len());
    for queued in body.scans {
        let target = match queued.participant_id {
            Some(pid) => Target::Participant(ParticipantId(pid)),
            None => Target::Token(queued.code.clone()),
        };
        let scan_body = ScanBody {
            code: queued.code,
            station: queued.station,
            method: queued.method,
            scanned_at: queued.scanned_at.or(Some(Utc::now())),
            q: String::new(),
        };
        let mut answer = match run(
            &state,
            &ctx,
            EventId(id),
            target,
            &scan_body,
            Method::Offline,
        )
        .await
        {
            Ok(answer) => answer,
            // A participant of the list removed meanwhile: refuse that scan, keep the rest.
            Err(AppError::NotFound) => answer_of(
                &ctx,
                Outcome::Refused(services::event_day::pass::PassRefusal::Unknown),
            ),
            Err(e) => return Err(e),
        };
        answer.client_id = Some(queued.client_id);
        results.push(answer);
    }
    Ok(Json(SyncAnswer { results }).into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct DecodeQuery {
    station: String,
}

/// A camera frame from a device without `BarcodeDetector`: the server reads the QR code and
/// answers as a scan; a frame without a readable code answers `{"status":"none"}`.
async fn decode(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Query(query): Query<DecodeQuery>,
    body: Bytes,
) -> Result<Response, AppError> {
    guard(&state, &ctx, id, "checkin").await?;
    if body.len() > MAX_FRAME_BYTES {
        return Err(AppError::BadRequest);
    }
    let frame = body.to_vec();
    let codes = tokio::task::spawn_blocking(move || checkin::read_codes(&frame))
        .await
        .map_err(|e| AppError::Internal(format!("decode task: {e}")))?;
    let Some(code) = codes.into_iter().next() else {
        return Ok(Json(serde_json::json!({"status": "none"})).into_response());
    };
    let scan_body = ScanBody {
        code: code.clone(),
        station: query.station,
        method: "photo".into(),
        scanned_at: None,
        q: String::new(),
    };
    let answer = run(
        &state,
        &ctx,
        EventId(id),
        Target::Token(code),
        &scan_body,
        Method::Photo,
    )
    .await?;
    Ok(Json(answer).into_response())
}

#[derive(Template)]
#[template(path = "admin/checkin_counters.html")]
struct CountersPage {
    ctx: Ctx,
    tabs: EventTabs,
    counters: Counters,
}

/// The organizer's counters: JSON for `Accept: application/json`, else the page.
async fn counters(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let tabs = guard(&state, &ctx, id, "checkin").await?;
    let counters = checkin::counters(&state.db, EventId(id), ctx.locale).await?;
    let wants_json = headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("application/json"));
    if wants_json {
        return Ok(Json(counters).into_response());
    }
    page(CountersPage {
        ctx,
        tabs,
        counters,
    })
}

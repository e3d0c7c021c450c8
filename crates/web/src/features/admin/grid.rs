//! The organizer's grid (MTG-7, EXP-5, EXP-8): tables × slots of one session with each
//! meeting, every participant's agenda (search by name), and the actions create, move,
//! swap, cancel and "fill freed slots".

use super::{EventTabs, event_for};
use crate::context::Ctx;
use crate::error::AppError;
use crate::render::{page_with_status, redirect_with_flash};
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use axum::{Form, Router};
use domain::{EventId, Permission};
use services::meetings::grid::{self, GridError};
use services::meetings::notify::local_time;
use std::collections::{HashMap, HashSet};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin/events/{id}/grid", get(grid_page))
        .route("/admin/events/{id}/grid/create", post(create))
        .route("/admin/events/{id}/grid/move", post(move_meeting))
        .route("/admin/events/{id}/grid/swap", post(swap))
        .route("/admin/events/{id}/grid/cancel", post(cancel))
        .route("/admin/events/{id}/grid/fill", post(fill))
}

/// One meeting in a cell.
struct Cell {
    request_id: i64,
    names: String,
    locked: bool,
}

/// One table (or stand, desk) of the session.
struct Row {
    label: String,
    cells: Vec<Option<Cell>>,
}

/// A choice in a select.
struct Choice {
    id: i64,
    label: String,
}

/// One line of a participant's agenda.
struct AgendaLine {
    when: String,
    partner: String,
    place: String,
    state: String,
}

/// A participant's agenda.
struct Agenda {
    name: String,
    lines: Vec<AgendaLine>,
}

#[derive(Template)]
#[template(path = "admin/grid.html")]
struct GridPage {
    ctx: Ctx,
    tabs: EventTabs,
    sessions: Vec<(i64, String, bool)>,
    session_id: i64,
    heads: Vec<String>,
    rows: Vec<Row>,
    session_slots: Vec<Choice>,
    all_slots: Vec<Choice>,
    tables: Vec<Choice>,
    people: Vec<Choice>,
    meetings: Vec<Choice>,
    q: String,
    agendas: Vec<Agenda>,
    more_agendas: bool,
    alert: String,
}

#[derive(serde::Deserialize, Default, Clone)]
#[serde(default)]
struct GridQuery {
    session: Option<i64>,
    q: String,
}

async fn guard(state: &AppState, ctx: &Ctx, id: i64) -> Result<EventTabs, AppError> {
    ctx.require(EventId(id), Permission::ManageMeetings)?;
    let (_, tabs) = event_for(state, ctx, id, "grid").await?;
    Ok(tabs)
}

fn person_label(p: &store::entities::participant::Model) -> String {
    let name = format!("{} {}", p.first_name, p.last_name)
        .trim()
        .to_string();
    if name.is_empty() {
        format!("#{}", p.id)
    } else {
        name
    }
}

const MAX_AGENDAS: usize = 50;

async fn render(
    state: &AppState,
    ctx: Ctx,
    tabs: EventTabs,
    query: GridQuery,
    status: StatusCode,
    alert: String,
) -> Result<Response, AppError> {
    let db = &state.db;
    let event = store::events::find(db, EventId(tabs.id))
        .await?
        .ok_or(AppError::NotFound)?;
    let tz = event.time_zone.clone();
    let sessions = store::meetings::setup::sessions(db, tabs.id).await?;
    let session_id = query
        .session
        .filter(|s| sessions.iter().any(|x| x.id == *s))
        .or_else(|| sessions.first().map(|s| s.id))
        .unwrap_or_default();
    let slots = store::meetings::slots_of_event(db, tabs.id).await?;
    let places = store::meetings::scheduling::places_of_event(db, tabs.id).await?;
    let people = store::meetings::scheduling::participants_of_event(db, tabs.id).await?;
    let names: HashMap<i64, String> = people.iter().map(|p| (p.id, person_label(p))).collect();
    let name_of = |id: i64| names.get(&id).cloned().unwrap_or_else(|| format!("#{id}"));
    let session_slots: Vec<&store::entities::slot::Model> = slots
        .iter()
        .filter(|s| s.session_id == session_id)
        .collect();
    let slot_index: HashMap<i64, usize> = session_slots
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id, i))
        .collect();
    let session_slot_ids: Vec<i64> = session_slots.iter().map(|s| s.id).collect();
    let meetings: Vec<store::meetings::MeetingRow> =
        store::meetings::scheduling::meetings_in_slots(db, tabs.id, &session_slot_ids).await?;
    let request_ids: Vec<i64> = meetings.iter().map(|m| m.request_id).collect();
    let requests: HashMap<i64, store::meetings::RequestRow> =
        store::meetings::scheduling::requests_by_ids(db, tabs.id, &request_ids)
            .await?
            .into_iter()
            .map(|r| (r.id, r))
            .collect();
    let pair = |r: &store::meetings::RequestRow| {
        store::meetings::sides(r)
            .into_iter()
            .map(&name_of)
            .collect::<Vec<_>>()
            .join(" ↔ ")
    };
    // Rows: the session's tables, then every stand or desk used in the session.
    let used: HashSet<i64> = meetings.iter().filter_map(|m| m.place_id).collect();
    let row_places: Vec<&store::entities::place::Model> = places
        .iter()
        .filter(|p| {
            (p.kind == "table" && p.session_id == Some(session_id))
                || (p.kind != "table" && used.contains(&p.id))
        })
        .collect();
    let mut rows: Vec<Row> = row_places
        .iter()
        .map(|p| Row {
            label: p.label.clone(),
            cells: session_slots.iter().map(|_| None).collect(),
        })
        .collect();
    let mut meeting_choices = vec![];
    for m in &meetings {
        let Some(r) = requests.get(&m.request_id) else {
            continue;
        };
        let (Some(col), Some(row)) = (
            slot_index.get(&m.slot_id),
            row_places.iter().position(|p| Some(p.id) == m.place_id),
        ) else {
            continue;
        };
        if let Some(cell) = rows.get_mut(row).and_then(|r| r.cells.get_mut(*col)) {
            *cell = Some(Cell {
                request_id: r.id,
                names: pair(r),
                locked: m.is_locked,
            });
        }
        if r.state == "scheduled" {
            let when = session_slots
                .get(*col)
                .map(|s| local_time(s.starts_at, &tz, ctx.locale))
                .unwrap_or_default();
            meeting_choices.push((
                *col,
                row,
                Choice {
                    id: r.id,
                    label: format!("{when} · {} · {}", row_places[row].label, pair(r)),
                },
            ));
        }
    }
    meeting_choices.sort_by_key(|(c, r, _)| (*c, *r));
    // Agendas of the participants whose name matches.
    let needle = query.q.trim().to_lowercase();
    let mut agendas = vec![];
    let mut more_agendas = false;
    if !needle.is_empty() {
        let matched: Vec<&store::entities::participant::Model> = people
            .iter()
            .filter(|p| person_label(p).to_lowercase().contains(&needle))
            .collect();
        more_agendas = matched.len() > MAX_AGENDAS;
        let matched: Vec<_> = matched.into_iter().take(MAX_AGENDAS).collect();
        let ids: Vec<i64> = matched.iter().map(|p| p.id).collect();
        let theirs = store::meetings::scheduling::placed_requests_of(db, tabs.id, &ids).await?;
        let their_ids: Vec<i64> = theirs.iter().map(|r| r.id).collect();
        let all_meetings: HashMap<i64, store::meetings::MeetingRow> =
            store::meetings::scheduling::meetings_of_requests(db, tabs.id, &their_ids)
                .await?
                .into_iter()
                .map(|m| (m.request_id, m))
                .collect();
        let slot_by_id: HashMap<i64, &store::entities::slot::Model> =
            slots.iter().map(|s| (s.id, s)).collect();
        for person in matched {
            let mut lines: Vec<(chrono::DateTime<chrono::Utc>, AgendaLine)> = theirs
                .iter()
                .filter(|r| store::meetings::sides(r).contains(&person.id))
                .filter_map(|r| {
                    let m = all_meetings.get(&r.id)?;
                    let slot = slot_by_id.get(&m.slot_id)?;
                    let partner = store::meetings::sides(r)
                        .into_iter()
                        .filter(|p| *p != person.id)
                        .map(&name_of)
                        .collect::<Vec<_>>()
                        .join(", ");
                    let place = m
                        .place_id
                        .and_then(|id| places.iter().find(|p| p.id == id))
                        .map(|p| p.label.clone())
                        .unwrap_or_default();
                    Some((
                        slot.starts_at,
                        AgendaLine {
                            when: local_time(slot.starts_at, &tz, ctx.locale),
                            partner,
                            place,
                            state: r.state.clone(),
                        },
                    ))
                })
                .collect();
            lines.sort_by_key(|(at, _)| *at);
            agendas.push(Agenda {
                name: person_label(person),
                lines: lines.into_iter().map(|(_, l)| l).collect(),
            });
        }
    }
    let session_names: Vec<(i64, String, bool)> = sessions
        .iter()
        .map(|s| {
            let name = crate::features::public_site::pick(ctx.locale, &s.name_fr, &s.name_en);
            (s.id, format!("{} · {}", s.day, name), s.id == session_id)
        })
        .collect();
    let session_label: HashMap<i64, String> = session_names
        .iter()
        .map(|(id, label, _)| (*id, label.clone()))
        .collect();
    page_with_status(
        status,
        GridPage {
            heads: session_slots
                .iter()
                .map(|s| local_time(s.starts_at, &tz, ctx.locale))
                .collect(),
            session_slots: session_slots
                .iter()
                .map(|s| Choice {
                    id: s.id,
                    label: local_time(s.starts_at, &tz, ctx.locale),
                })
                .collect(),
            all_slots: slots
                .iter()
                .map(|s| Choice {
                    id: s.id,
                    label: format!(
                        "{} ({})",
                        local_time(s.starts_at, &tz, ctx.locale),
                        session_label
                            .get(&s.session_id)
                            .cloned()
                            .unwrap_or_default()
                    ),
                })
                .collect(),
            tables: places
                .iter()
                .filter(|p| p.kind == "table" && p.session_id == Some(session_id))
                .map(|p| Choice {
                    id: p.id,
                    label: p.label.clone(),
                })
                .collect(),
            people: people
                .iter()
                .map(|p| Choice {
                    id: p.id,
                    label: person_label(p),
                })
                .collect(),
            meetings: meeting_choices.into_iter().map(|(_, _, c)| c).collect(),
            sessions: session_names,
            session_id,
            rows,
            q: query.q,
            agendas,
            more_agendas,
            alert,
            ctx,
            tabs,
        },
    )
}

async fn grid_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Query(query): Query<GridQuery>,
) -> Result<Response, AppError> {
    let tabs = guard(&state, &ctx, id).await?;
    render(&state, ctx, tabs, query, StatusCode::OK, String::new()).await
}

/// Parses an optional id from a select ("" = none).
fn opt_id(text: &str) -> Result<Option<i64>, AppError> {
    let text = text.trim();
    if text.is_empty() {
        Ok(None)
    } else {
        text.parse().map(Some).map_err(|_| AppError::BadRequest)
    }
}

fn id(text: &str) -> Result<i64, AppError> {
    opt_id(text)?.ok_or(AppError::BadRequest)
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct ActionForm {
    session: String,
    first: String,
    second: String,
    meeting: String,
    other: String,
    slot: String,
    table: String,
    reason: String,
}

async fn outcome(
    state: &AppState,
    ctx: Ctx,
    tabs: EventTabs,
    session: Option<i64>,
    result: Result<(), GridError>,
    done: &str,
) -> Result<Response, AppError> {
    let back = GridQuery {
        session,
        q: String::new(),
    };
    match result {
        Ok(()) => Ok(redirect_with_flash(
            &format!(
                "/admin/events/{}/grid?session={}",
                tabs.id,
                session.unwrap_or_default()
            ),
            done,
            state.settings.secure_cookies(),
        )),
        Err(GridError::NotFound) => Err(AppError::NotFound),
        Err(GridError::Internal(e)) => Err(e.into()),
        Err(e) => {
            let status = match e {
                GridError::InvalidPair => StatusCode::UNPROCESSABLE_ENTITY,
                _ => StatusCode::CONFLICT,
            };
            let alert = ctx.t(e.message_id());
            render(state, ctx, tabs, back, status, alert).await
        }
    }
}

async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(event): Path<i64>,
    Form(form): Form<ActionForm>,
) -> Result<Response, AppError> {
    let tabs = guard(&state, &ctx, event).await?;
    let base_url = state.settings.base_url();
    let result = grid::create_meeting(
        &state.db,
        &ctx.actor()?,
        EventId(event),
        id(&form.first)?,
        id(&form.second)?,
        id(&form.slot)?,
        opt_id(&form.table)?,
        &base_url,
    )
    .await
    .map(|_| ());
    let session = opt_id(&form.session)?;
    outcome(&state, ctx, tabs, session, result, "grid-created").await
}

async fn move_meeting(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(event): Path<i64>,
    Form(form): Form<ActionForm>,
) -> Result<Response, AppError> {
    let tabs = guard(&state, &ctx, event).await?;
    let base_url = state.settings.base_url();
    let result = grid::move_meeting(
        &state.db,
        &ctx.actor()?,
        EventId(event),
        id(&form.meeting)?,
        id(&form.slot)?,
        opt_id(&form.table)?,
        &base_url,
    )
    .await;
    let session = opt_id(&form.session)?;
    outcome(&state, ctx, tabs, session, result, "grid-moved").await
}

async fn swap(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(event): Path<i64>,
    Form(form): Form<ActionForm>,
) -> Result<Response, AppError> {
    let tabs = guard(&state, &ctx, event).await?;
    let base_url = state.settings.base_url();
    let result = grid::swap_meetings(
        &state.db,
        &ctx.actor()?,
        EventId(event),
        id(&form.meeting)?,
        id(&form.other)?,
        &base_url,
    )
    .await;
    let session = opt_id(&form.session)?;
    outcome(&state, ctx, tabs, session, result, "grid-swapped").await
}

async fn cancel(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(event): Path<i64>,
    Form(form): Form<ActionForm>,
) -> Result<Response, AppError> {
    let tabs = guard(&state, &ctx, event).await?;
    let base_url = state.settings.base_url();
    let result = grid::cancel_meeting(
        &state.db,
        &ctx.actor()?,
        EventId(event),
        id(&form.meeting)?,
        &form.reason,
        &base_url,
    )
    .await;
    let session = opt_id(&form.session)?;
    outcome(&state, ctx, tabs, session, result, "grid-cancelled").await
}

/// "Fill freed slots": an incremental run (published meetings never move) whose proposal
/// the organizer reviews and publishes on the scheduling page.
async fn fill(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(event): Path<i64>,
) -> Result<Response, AppError> {
    let tabs = guard(&state, &ctx, event).await?;
    match super::scheduling::start_and_spawn(&state, &ctx, event, false, 5_000).await? {
        Ok(run) => Ok(redirect_with_flash(
            &format!("/admin/events/{event}/scheduling?run={run}"),
            "scheduling-started",
            state.settings.secure_cookies(),
        )),
        Err(_) => {
            let alert = ctx.t("scheduling-already-running");
            render(
                &state,
                ctx,
                tabs,
                GridQuery::default(),
                StatusCode::CONFLICT,
                alert,
            )
            .await
        }
    }
}

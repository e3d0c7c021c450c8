//! The organizer's meeting setup (MTG-1, MTG-2): B2B sessions with their slots and shared
//! tables, stands and desks, and the event's meeting rules. Edits that would take meetings
//! away show them on a confirmation page first (keep them to be placed again, or cancel).

use super::{EventTabs, event_for};
use crate::context::Ctx;
use crate::error::AppError;
use crate::render::{page_with_status, redirect_with_flash};
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use axum::{Form, Router};
use domain::{EventId, Locale, Permission};
use services::forms::FieldErrors;
use services::meetings::setup::places::{StandForm, TablesForm};
use services::meetings::setup::rules::{RulesForm, pair_key};
use services::meetings::setup::sessions::{PARTS, SessionForm};
use services::meetings::setup::{Impact, SetupError};
use store::events::EventRow;

/// Routes of this feature.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/admin/events/{id}/sessions",
            get(sessions_page).post(create_session),
        )
        .route("/admin/events/{id}/sessions/{session}", post(edit_session))
        .route(
            "/admin/events/{id}/sessions/{session}/delete",
            post(delete_session),
        )
        .route(
            "/admin/events/{id}/sessions/{session}/tables",
            post(add_tables),
        )
        .route("/admin/events/{id}/stands", post(add_stand))
        .route(
            "/admin/events/{id}/places/{place}/rename",
            post(rename_place),
        )
        .route(
            "/admin/events/{id}/places/{place}/delete",
            post(delete_place),
        )
        .route(
            "/admin/events/{id}/meeting-settings",
            get(rules_page).post(save_rules),
        )
}

type Pairs = Vec<(String, String)>;

fn field(pairs: &Pairs, name: &str) -> String {
    pairs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.clone())
        .unwrap_or_default()
}

fn session_form(pairs: &Pairs) -> SessionForm {
    SessionForm {
        name_fr: field(pairs, "name_fr"),
        name_en: field(pairs, "name_en"),
        day: field(pairs, "day"),
        starts: field(pairs, "starts"),
        ends: field(pairs, "ends"),
        slot_minutes: field(pairs, "slot_minutes"),
        pause_minutes: field(pairs, "pause_minutes"),
        venue_id: field(pairs, "venue_id"),
        part: field(pairs, "part"),
        impact: field(pairs, "impact"),
        idempotency_key: field(pairs, "idempotency_key"),
    }
}

async fn guard(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    tab: &'static str,
) -> Result<(EventRow, EventTabs), AppError> {
    ctx.require(EventId(id), Permission::ManageMeetings)?;
    event_for(state, ctx, id, tab).await
}

fn pick(ctx: &Ctx, fr: &str, en: &str) -> String {
    if ctx.locale == Locale::En && !en.is_empty() {
        en.to_string()
    } else {
        fr.to_string()
    }
}

fn tz_of(event: &EventRow) -> chrono_tz::Tz {
    event.time_zone.parse().unwrap_or(chrono_tz::Europe::Paris)
}

/// A place as listed.
struct PlaceLine {
    id: i64,
    label: String,
    kind: String,
    owner: String,
}

/// A session as listed.
struct SessionLine {
    id: i64,
    name: String,
    day: String,
    starts: String,
    ends: String,
    slot_minutes: i32,
    pause_minutes: i32,
    venue: String,
    part: String,
    slots: Vec<String>,
    tables: Vec<PlaceLine>,
    form: SessionForm,
}

#[derive(Template)]
#[template(path = "admin/meeting_sessions.html")]
struct SessionsPage {
    ctx: Ctx,
    tabs: EventTabs,
    time_zone: String,
    starts_on: String,
    ends_on: String,
    sessions: Vec<SessionLine>,
    stands: Vec<PlaceLine>,
    venues: Vec<(i64, String)>,
    people: Vec<(i64, String)>,
    parts: Vec<&'static str>,
    /// The session whose form has errors (0: the new-session form), and the errors.
    failed: i64,
    form: SessionForm,
    errors: FieldErrors,
}

struct Shown {
    failed: i64,
    form: SessionForm,
    errors: FieldErrors,
}

async fn render_sessions(
    state: &AppState,
    ctx: Ctx,
    event: EventRow,
    tabs: EventTabs,
    shown: Shown,
) -> Result<Response, AppError> {
    let tz = tz_of(&event);
    let venues: Vec<(i64, String)> = store::events::venues(&state.db, EventId(event.id))
        .await?
        .into_iter()
        .map(|v| (v.id, v.name))
        .collect();
    let participants = store::events::participants(&state.db, EventId(event.id)).await?;
    let contacts = store::meetings::contacts(
        &state.db,
        event.id,
        &participants.iter().map(|p| p.id).collect::<Vec<_>>(),
    )
    .await?;
    let label_of = |id: i64| {
        contacts
            .iter()
            .find(|c| c.participant_id == id)
            .map(|c| {
                if c.company.is_empty() {
                    c.name.clone()
                } else {
                    format!("{} ({})", c.name, c.company)
                }
            })
            .unwrap_or_default()
    };
    let mut people: Vec<(i64, String)> = participants
        .iter()
        .map(|p| (p.id, label_of(p.id)))
        .collect();
    people.sort_by(|a, b| a.1.cmp(&b.1));
    let places = store::meetings::setup::places(&state.db, event.id).await?;
    let line = |p: &store::meetings::setup::PlaceRow| PlaceLine {
        id: p.id,
        label: p.label.clone(),
        kind: p.kind.clone(),
        owner: p.owner_participant_id.map(label_of).unwrap_or_default(),
    };
    let stands = places
        .iter()
        .filter(|p| p.session_id.is_none())
        .map(line)
        .collect();
    let mut sessions = Vec::new();
    for s in store::meetings::setup::sessions(&state.db, event.id).await? {
        let slots = store::meetings::setup::slots_of_session(&state.db, s.id)
            .await?
            .iter()
            .map(|slot| {
                format!(
                    "{}–{}",
                    slot.starts_at.with_timezone(&tz).format("%H:%M"),
                    slot.ends_at.with_timezone(&tz).format("%H:%M")
                )
            })
            .collect();
        sessions.push(SessionLine {
            id: s.id,
            name: pick(&ctx, &s.name_fr, &s.name_en),
            day: s.day.format("%Y-%m-%d").to_string(),
            starts: s.starts_local.clone(),
            ends: s.ends_local.clone(),
            slot_minutes: s.slot_minutes,
            pause_minutes: s.pause_minutes,
            venue: s
                .venue_id
                .and_then(|v| venues.iter().find(|(id, _)| *id == v))
                .map(|(_, n)| n.clone())
                .unwrap_or_default(),
            part: s.part.clone(),
            slots,
            tables: places
                .iter()
                .filter(|p| p.session_id == Some(s.id))
                .map(line)
                .collect(),
            form: if shown.failed == s.id {
                shown.form.clone()
            } else {
                SessionForm::from_row(&s)
            },
        });
    }
    let status = if shown.errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    page_with_status(
        status,
        SessionsPage {
            time_zone: event.time_zone.clone(),
            starts_on: event.starts_on.format("%Y-%m-%d").to_string(),
            ends_on: event.ends_on.format("%Y-%m-%d").to_string(),
            sessions,
            stands,
            venues,
            people,
            parts: PARTS.to_vec(),
            failed: shown.failed,
            form: if shown.failed == 0 && shown.errors.is_empty() {
                SessionForm {
                    idempotency_key: services::security::random_token(),
                    ..shown.form
                }
            } else if shown.failed == 0 {
                shown.form
            } else {
                SessionForm {
                    idempotency_key: services::security::random_token(),
                    ..SessionForm::default()
                }
            },
            errors: shown.errors,
            tabs,
            ctx,
        },
    )
}

async fn sessions_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let (event, tabs) = guard(&state, &ctx, id, "sessions").await?;
    let form = SessionForm {
        slot_minutes: "20".into(),
        pause_minutes: "0".into(),
        day: event.starts_on.format("%Y-%m-%d").to_string(),
        ..Default::default()
    };
    render_sessions(
        &state,
        ctx,
        event,
        tabs,
        Shown {
            failed: 0,
            form,
            errors: FieldErrors::new(),
        },
    )
    .await
}

/// One impacted meeting as shown.
struct ImpactLine {
    partners: String,
    when: String,
    place: String,
}

#[derive(Template)]
#[template(path = "meeting_impact.html")]
struct ImpactPage {
    ctx: Ctx,
    tabs: Option<EventTabs>,
    back: String,
    action: String,
    impacts: Vec<ImpactLine>,
    hidden: Pairs,
}

/// Renders the confirmation page listing the meetings an edit would take away, with the
/// same form posted again plus the chosen `impact`.
pub(crate) fn impact_page(
    ctx: Ctx,
    tabs: Option<EventTabs>,
    event: &EventRow,
    impacts: Vec<Impact>,
    action: String,
    back: String,
    pairs: &Pairs,
) -> Result<Response, AppError> {
    let impacts = impacts
        .into_iter()
        .map(|i| ImpactLine {
            partners: i.partners.join(" · "),
            when: i
                .starts_at
                .map(|at| services::meetings::notify::local_time(at, &event.time_zone, ctx.locale))
                .unwrap_or_default(),
            place: i.place,
        })
        .collect();
    let hidden = pairs
        .iter()
        .filter(|(k, _)| k != "csrf" && k != "impact")
        .cloned()
        .collect();
    page_with_status(
        StatusCode::CONFLICT,
        ImpactPage {
            ctx,
            tabs,
            back,
            action,
            impacts,
            hidden,
        },
    )
}

fn sessions_url(id: i64) -> String {
    format!("/admin/events/{id}/sessions")
}

/// Maps a setup outcome: redirect with a flash, the form again, or the impact page.
#[allow(clippy::too_many_arguments)]
async fn after(
    state: &AppState,
    ctx: Ctx,
    event: EventRow,
    tabs: EventTabs,
    result: Result<(), SetupError>,
    failed: i64,
    form: SessionForm,
    action: String,
    pairs: &Pairs,
) -> Result<Response, AppError> {
    match result {
        Ok(()) => Ok(redirect_with_flash(
            &sessions_url(event.id),
            "setup-saved",
            state.settings.secure_cookies(),
        )),
        Err(SetupError::Invalid(errors)) => {
            render_sessions(
                state,
                ctx,
                event,
                tabs,
                Shown {
                    failed,
                    form,
                    errors,
                },
            )
            .await
        }
        Err(SetupError::Impacted(impacts)) => {
            let back = sessions_url(event.id);
            impact_page(ctx, Some(tabs), &event, impacts, action, back, pairs)
        }
        Err(SetupError::NotFound) => Err(AppError::NotFound),
        Err(SetupError::Internal(e)) => Err(e.into()),
    }
}

async fn create_session(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(pairs): Form<Pairs>,
) -> Result<Response, AppError> {
    let (event, tabs) = guard(&state, &ctx, id, "sessions").await?;
    let form = session_form(&pairs);
    let base = state.settings.base_url();
    let result = services::meetings::setup::sessions::save_session(
        &state.db,
        &ctx.actor()?,
        &event,
        None,
        &form,
        &base,
    )
    .await
    .map(|_| ());
    let action = sessions_url(id);
    after(&state, ctx, event, tabs, result, 0, form, action, &pairs).await
}

async fn edit_session(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, session)): Path<(i64, i64)>,
    Form(pairs): Form<Pairs>,
) -> Result<Response, AppError> {
    let (event, tabs) = guard(&state, &ctx, id, "sessions").await?;
    let form = session_form(&pairs);
    let base = state.settings.base_url();
    let result = services::meetings::setup::sessions::save_session(
        &state.db,
        &ctx.actor()?,
        &event,
        Some(session),
        &form,
        &base,
    )
    .await
    .map(|_| ());
    let action = format!("/admin/events/{id}/sessions/{session}");
    after(
        &state, ctx, event, tabs, result, session, form, action, &pairs,
    )
    .await
}

async fn delete_session(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, session)): Path<(i64, i64)>,
    Form(pairs): Form<Pairs>,
) -> Result<Response, AppError> {
    let (event, tabs) = guard(&state, &ctx, id, "sessions").await?;
    let base = state.settings.base_url();
    let result = services::meetings::setup::sessions::delete_session(
        &state.db,
        &ctx.actor()?,
        &event,
        session,
        &field(&pairs, "impact"),
        &base,
    )
    .await;
    let action = format!("/admin/events/{id}/sessions/{session}/delete");
    after(
        &state,
        ctx,
        event,
        tabs,
        result,
        0,
        SessionForm::default(),
        action,
        &pairs,
    )
    .await
}

async fn add_tables(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, session)): Path<(i64, i64)>,
    Form(form): Form<TablesForm>,
) -> Result<Response, AppError> {
    let (event, tabs) = guard(&state, &ctx, id, "sessions").await?;
    let result = services::meetings::setup::places::add_tables(
        &state.db,
        &ctx.actor()?,
        &event,
        session,
        &form,
    )
    .await
    .map(|_| ());
    let action = sessions_url(id);
    after(
        &state,
        ctx,
        event,
        tabs,
        result,
        0,
        SessionForm::default(),
        action,
        &Vec::new(),
    )
    .await
}

async fn add_stand(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(form): Form<StandForm>,
) -> Result<Response, AppError> {
    let (event, tabs) = guard(&state, &ctx, id, "sessions").await?;
    let result =
        services::meetings::setup::places::add_stand(&state.db, &ctx.actor()?, &event, &form)
            .await
            .map(|_| ());
    let action = sessions_url(id);
    after(
        &state,
        ctx,
        event,
        tabs,
        result,
        0,
        SessionForm::default(),
        action,
        &Vec::new(),
    )
    .await
}

async fn rename_place(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, place)): Path<(i64, i64)>,
    Form(pairs): Form<Pairs>,
) -> Result<Response, AppError> {
    let (event, tabs) = guard(&state, &ctx, id, "sessions").await?;
    let result = services::meetings::setup::places::rename_place(
        &state.db,
        &ctx.actor()?,
        &event,
        place,
        &field(&pairs, "label"),
    )
    .await;
    let action = sessions_url(id);
    after(
        &state,
        ctx,
        event,
        tabs,
        result,
        0,
        SessionForm::default(),
        action,
        &pairs,
    )
    .await
}

async fn delete_place(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, place)): Path<(i64, i64)>,
    Form(pairs): Form<Pairs>,
) -> Result<Response, AppError> {
    let (event, tabs) = guard(&state, &ctx, id, "sessions").await?;
    let base = state.settings.base_url();
    let result = services::meetings::setup::places::delete_place(
        &state.db,
        &ctx.actor()?,
        &event,
        place,
        &field(&pairs, "impact"),
        &base,
    )
    .await;
    let action = format!("/admin/events/{id}/places/{place}/delete");
    after(
        &state,
        ctx,
        event,
        tabs,
        result,
        0,
        SessionForm::default(),
        action,
        &pairs,
    )
    .await
}

/// A category pair offered on the rules form.
struct PairLine {
    key: String,
    label: String,
    checked: bool,
}

#[derive(Template)]
#[template(path = "admin/meeting_settings.html")]
struct RulesPage {
    ctx: Ctx,
    tabs: EventTabs,
    form: RulesForm,
    pairs: Vec<PairLine>,
    errors: FieldErrors,
}

impl SessionsPage {
    /// A fresh one-time key for a create form.
    fn new_key(&self) -> String {
        services::security::random_token()
    }
}

impl RulesPage {
    /// The rating lines plus two empty ones to add steps.
    fn rating_lines(&self) -> Vec<(usize, services::meetings::setup::rules::RatingLine)> {
        let mut lines = self.form.rating_scale.clone();
        lines.push(Default::default());
        lines.push(Default::default());
        lines.into_iter().enumerate().collect()
    }
}

async fn render_rules(
    state: &AppState,
    ctx: Ctx,
    tabs: EventTabs,
    form: RulesForm,
    errors: FieldErrors,
) -> Result<Response, AppError> {
    let categories = services::meetings::setup::rules::categories(&state.db, EventId(tabs.id))
        .await
        .map_err(|_| AppError::Internal("categories".into()))?;
    let mut pairs = Vec::new();
    for (i, (a, a_fr, a_en)) in categories.iter().enumerate() {
        for (b, b_fr, b_en) in categories.iter().skip(i) {
            let key = pair_key(a, b);
            pairs.push(PairLine {
                checked: form.forbidden.contains(&key),
                label: format!("{} × {}", pick(&ctx, a_fr, a_en), pick(&ctx, b_fr, b_en)),
                key,
            });
        }
    }
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    page_with_status(
        status,
        RulesPage {
            ctx,
            tabs,
            form,
            pairs,
            errors,
        },
    )
}

async fn rules_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let (_, tabs) = guard(&state, &ctx, id, "meeting-settings").await?;
    let settings = services::meetings::settings::load(&state.db, EventId(id)).await?;
    render_rules(
        &state,
        ctx,
        tabs,
        RulesForm::from_settings(&settings),
        FieldErrors::new(),
    )
    .await
}

async fn save_rules(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(pairs): Form<Pairs>,
) -> Result<Response, AppError> {
    let (_, tabs) = guard(&state, &ctx, id, "meeting-settings").await?;
    let form = RulesForm::from_pairs(&pairs);
    match services::meetings::setup::rules::save_rules(&state.db, &ctx.actor()?, EventId(id), &form)
        .await
    {
        Ok(_) => Ok(redirect_with_flash(
            &format!("/admin/events/{id}/meeting-settings"),
            "setup-rules-saved",
            state.settings.secure_cookies(),
        )),
        Err(SetupError::Invalid(errors)) => render_rules(&state, ctx, tabs, form, errors).await,
        Err(SetupError::NotFound) => Err(AppError::NotFound),
        Err(SetupError::Impacted(_)) => Err(AppError::BadRequest),
        Err(SetupError::Internal(e)) => Err(e.into()),
    }
}

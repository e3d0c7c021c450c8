//! Presence and absences on the event day (CHK-3), on-site registration (BO-7): the
//! meetings at risk with "mark absent and free the slots", "fill freed slots", the short
//! on-site form, the newcomer's page with meeting proposals, and a printable agenda.

use super::{EventTabs, event_for};
use crate::context::Ctx;
use crate::error::AppError;
use crate::render::{page, page_with_status, redirect_with_flash};
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use chrono::{DateTime, Utc};
use domain::{EventId, Permission};
use services::event_day::presence::onsite::{self, OnsiteError, OnsiteForm};
use services::event_day::presence::{self, PresenceError, fill};
use services::forms::FieldErrors;
use services::meetings::notify::local_time;
use services::suggestions::Reason;
use services::taxonomy::Vocabulary;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin/events/{id}/presence", get(presence_page))
        .route("/admin/events/{id}/presence/grace", post(save_grace))
        .route("/admin/events/{id}/presence/absent", post(mark_absent))
        .route("/admin/events/{id}/presence/fill", post(fill_slots))
        .route(
            "/admin/events/{id}/presence/onsite",
            get(onsite_page).post(onsite_submit),
        )
        .route(
            "/admin/events/{id}/presence/onsite/{pid}",
            get(newcomer_page),
        )
        .route(
            "/admin/events/{id}/presence/onsite/{pid}/confirm",
            post(newcomer_confirm),
        )
        .route(
            "/admin/events/{id}/participants/{pid}/agenda",
            get(agenda_page),
        )
}

/// How long a "fill freed slots" run may search.
const FILL_TIME_LIMIT_MS: u64 = 3_000;

async fn guard(state: &AppState, ctx: &Ctx, id: i64) -> Result<EventTabs, AppError> {
    // Off the event's team: 404 first, so another event's ids reveal nothing.
    let (_, tabs) = event_for(state, ctx, id, "presence").await?;
    ctx.require(EventId(id), Permission::CheckIn)?;
    Ok(tabs)
}

/// Meeting actions need both the event day and the meetings rights.
async fn guard_meetings(state: &AppState, ctx: &Ctx, id: i64) -> Result<EventTabs, AppError> {
    let tabs = guard(state, ctx, id).await?;
    ctx.require(EventId(id), Permission::ManageMeetings)?;
    Ok(tabs)
}

/// On-site registration needs the event day right and the right to validate registrations
/// (or to be a principal administrator).
async fn guard_onsite(state: &AppState, ctx: &Ctx, id: i64) -> Result<EventTabs, AppError> {
    let tabs = guard(state, ctx, id).await?;
    if !ctx.is_principal() {
        ctx.require(EventId(id), Permission::ValidateRegistrations)?;
    }
    Ok(tabs)
}

fn hm(at: DateTime<Utc>, tz: &str) -> String {
    let zone: chrono_tz::Tz = tz.parse().unwrap_or(chrono_tz::Europe::Paris);
    at.with_timezone(&zone).format("%H:%M").to_string()
}

struct MeetingLine {
    when: String,
    partner: String,
    partner_present: bool,
    place: String,
}

struct PersonLine {
    participant_id: i64,
    name: String,
    company: String,
    meetings: Vec<MeetingLine>,
}

struct SessionBlock {
    title: String,
    people: Vec<PersonLine>,
}

struct Recent {
    participant_id: i64,
    name: String,
    when: String,
}

#[derive(Template)]
#[template(path = "admin/presence.html")]
struct PresencePage {
    ctx: Ctx,
    tabs: EventTabs,
    intro: String,
    checked_in: String,
    grace: String,
    grace_error: String,
    sessions: Vec<SessionBlock>,
    freed_message: String,
    freed: Vec<String>,
    alert: String,
    recent: Vec<Recent>,
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct PresenceQuery {
    freed: String,
    cancelled: Option<usize>,
}

struct Shown {
    alert: String,
    grace: Option<(String, String)>,
}

async fn render(
    state: &AppState,
    ctx: Ctx,
    tabs: EventTabs,
    query: PresenceQuery,
    status: StatusCode,
    shown: Shown,
) -> Result<Response, AppError> {
    let db = &state.db;
    let event = EventId(tabs.id);
    let row = store::events::find(db, event)
        .await?
        .ok_or(AppError::NotFound)?;
    let tz = row.time_zone.clone();
    let report = presence::at_risk(db, event, Utc::now())
        .await
        .map_err(presence_error)?;
    let sessions = report
        .sessions
        .iter()
        .map(|s| SessionBlock {
            title: services::i18n::t_args(
                ctx.locale,
                "presence-session",
                &[
                    (
                        "name",
                        super::super::public_site::pick(ctx.locale, &s.name.0, &s.name.1),
                    ),
                    ("from", local_time(s.starts_at, &tz, ctx.locale)),
                    ("to", hm(s.ends_at, &tz)),
                ],
            ),
            people: s
                .people
                .iter()
                .map(|p| PersonLine {
                    participant_id: p.participant_id,
                    name: p.name.clone(),
                    company: p.company.clone(),
                    meetings: p
                        .meetings
                        .iter()
                        .map(|m| MeetingLine {
                            when: hm(m.starts_at, &tz),
                            partner: m.partner.clone(),
                            partner_present: m.partner_present,
                            place: m.place.clone(),
                        })
                        .collect(),
                })
                .collect(),
        })
        .collect();
    let slots = store::meetings::slots_of_event(db, tabs.id).await?;
    let freed: Vec<String> = query
        .freed
        .split(',')
        .filter_map(|s| s.trim().parse::<i64>().ok())
        .filter_map(|id| slots.iter().find(|s| s.id == id))
        .map(|s| local_time(s.starts_at, &tz, ctx.locale))
        .collect();
    let freed_message = query
        .cancelled
        .map(|n| ctx.t1("presence-freed", "count", &n.to_string()))
        .unwrap_or_default();
    let people = store::meetings::scheduling::participants_of_event(db, tabs.id).await?;
    let recent = store::presence::onsite_list(db, tabs.id)
        .await?
        .into_iter()
        .take(20)
        .map(|r| Recent {
            participant_id: r.participant_id,
            name: people
                .iter()
                .find(|p| p.id == r.participant_id)
                .map(|p| format!("{} {}", p.first_name, p.last_name))
                .unwrap_or_else(|| format!("#{}", r.participant_id)),
            when: local_time(r.created_at, &tz, ctx.locale),
        })
        .collect();
    let (grace, grace_error) = shown
        .grace
        .unwrap_or_else(|| (report.grace_minutes.to_string(), String::new()));
    page_with_status(
        status,
        PresencePage {
            intro: ctx.t1(
                "presence-intro",
                "minutes",
                &report.grace_minutes.to_string(),
            ),
            checked_in: ctx.t1(
                "presence-checked-in",
                "count",
                &report.checked_in.to_string(),
            ),
            grace,
            grace_error,
            sessions,
            freed_message,
            freed,
            alert: shown.alert,
            recent,
            ctx,
            tabs,
        },
    )
}

fn presence_error(e: PresenceError) -> AppError {
    match e {
        PresenceError::NotFound => AppError::NotFound,
        PresenceError::Internal(e) => AppError::from(e),
        other => AppError::Internal(other.to_string()),
    }
}

async fn presence_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Query(query): Query<PresenceQuery>,
) -> Result<Response, AppError> {
    let tabs = guard(&state, &ctx, id).await?;
    let shown = Shown {
        alert: String::new(),
        grace: None,
    };
    render(&state, ctx, tabs, query, StatusCode::OK, shown).await
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct GraceForm {
    minutes: String,
}

async fn save_grace(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(form): Form<GraceForm>,
) -> Result<Response, AppError> {
    let tabs = guard(&state, &ctx, id).await?;
    match presence::save_grace(&state.db, &ctx.actor()?, EventId(id), &form.minutes).await {
        Ok(_) => Ok(redirect_with_flash(
            &format!("/admin/events/{id}/presence"),
            "presence-grace-saved",
            state.settings.secure_cookies(),
        )),
        Err(PresenceError::Invalid(message)) => {
            let shown = Shown {
                alert: String::new(),
                grace: Some((form.minutes.clone(), ctx.t(message))),
            };
            render(
                &state,
                ctx,
                tabs,
                PresenceQuery::default(),
                StatusCode::UNPROCESSABLE_ENTITY,
                shown,
            )
            .await
        }
        Err(e) => Err(presence_error(e)),
    }
}

async fn mark_absent(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let tabs = guard_meetings(&state, &ctx, id).await?;
    let participants: Vec<i64> = pairs
        .iter()
        .filter(|(k, _)| k == "participant")
        .filter_map(|(_, v)| v.trim().parse().ok())
        .collect();
    let result = presence::free_absent(
        &state.db,
        &ctx.actor()?,
        EventId(id),
        &participants,
        Utc::now(),
        &state.settings.base_url(),
    )
    .await;
    match result {
        Ok(report) => {
            let freed: Vec<String> = report.freed_slots.iter().map(|s| s.to_string()).collect();
            Ok(Redirect::to(&format!(
                "/admin/events/{id}/presence?cancelled={}&freed={}#freed",
                report.cancelled.len(),
                freed.join(",")
            ))
            .into_response())
        }
        Err(e @ (PresenceError::Changed | PresenceError::Invalid(_))) => {
            let shown = Shown {
                alert: ctx.t(e.message_id()),
                grace: None,
            };
            render(
                &state,
                ctx,
                tabs,
                PresenceQuery::default(),
                StatusCode::CONFLICT,
                shown,
            )
            .await
        }
        Err(e) => Err(presence_error(e)),
    }
}

async fn fill_slots(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let tabs = guard_meetings(&state, &ctx, id).await?;
    let result = fill::fill_freed_slots(
        &state.db,
        &ctx.actor()?,
        EventId(id),
        Utc::now(),
        FILL_TIME_LIMIT_MS,
    )
    .await;
    match result {
        Ok(run) => {
            Ok(Redirect::to(&format!("/admin/events/{id}/scheduling?run={run}")).into_response())
        }
        Err(PresenceError::Busy) => {
            let shown = Shown {
                alert: ctx.t("scheduling-already-running"),
                grace: None,
            };
            render(
                &state,
                ctx,
                tabs,
                PresenceQuery::default(),
                StatusCode::CONFLICT,
                shown,
            )
            .await
        }
        Err(e) => Err(presence_error(e)),
    }
}

/// A choice in a select.
struct Choice {
    code: String,
    label: String,
}

#[derive(Template)]
#[template(path = "admin/presence_onsite.html")]
struct OnsitePage {
    ctx: Ctx,
    tabs: EventTabs,
    form: OnsiteForm,
    errors: FieldErrors,
    countries: Vec<Choice>,
    sectors: Vec<Choice>,
    categories: Vec<Choice>,
    payment_note: String,
}

impl OnsitePage {
    fn error(&self, field: &str) -> String {
        self.errors
            .get(field)
            .map(|m| self.ctx.t(m))
            .unwrap_or_default()
    }
}

async fn render_onsite(
    state: &AppState,
    ctx: Ctx,
    tabs: EventTabs,
    form: OnsiteForm,
    errors: FieldErrors,
) -> Result<Response, AppError> {
    let taxonomy = services::taxonomy::load(&state.db, EventId(tabs.id)).await?;
    let list = |v: Vocabulary| -> Vec<Choice> {
        taxonomy
            .tree(v)
            .into_iter()
            .map(|(depth, t)| Choice {
                code: t.code.clone(),
                label: format!("{}{}", "— ".repeat(depth), t.label(ctx.locale)),
            })
            .collect()
    };
    let sectors = list(Vocabulary::Sector);
    let categories = list(Vocabulary::ParticipantCategory);
    let mut countries: Vec<Choice> = domain::countries::COUNTRIES
        .iter()
        .map(|(code, _, _)| Choice {
            code: code.to_string(),
            label: domain::countries::name(code, ctx.locale),
        })
        .collect();
    countries.sort_by_key(|c| domain::countries::fold_for_search(&c.label));
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    page_with_status(
        status,
        OnsitePage {
            payment_note: ctx.t("presence-payment-none"),
            form,
            errors,
            countries,
            sectors,
            categories,
            ctx,
            tabs,
        },
    )
}

async fn onsite_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let tabs = guard_onsite(&state, &ctx, id).await?;
    let form = OnsiteForm {
        country: "FR".into(),
        idempotency_key: services::security::random_token(),
        ..OnsiteForm::default()
    };
    render_onsite(&state, ctx, tabs, form, FieldErrors::new()).await
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct OnsiteInput {
    first_name: String,
    last_name: String,
    email: String,
    phone: String,
    company_name: String,
    country: String,
    city: String,
    sector: String,
    category: String,
    offer: String,
    seeking: String,
    idempotency_key: String,
}

async fn onsite_submit(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(input): Form<OnsiteInput>,
) -> Result<Response, AppError> {
    let tabs = guard_onsite(&state, &ctx, id).await?;
    let form = OnsiteForm {
        first_name: input.first_name,
        last_name: input.last_name,
        email: input.email,
        phone: input.phone,
        company_name: input.company_name,
        country: input.country,
        city: input.city,
        sector: input.sector,
        category: input.category,
        offer: input.offer,
        seeking: input.seeking,
        idempotency_key: input.idempotency_key,
    };
    let result = onsite::register_onsite(
        &state.db,
        &state.settings,
        &ctx.actor()?,
        EventId(id),
        &form,
        ctx.locale,
    )
    .await;
    match result {
        Ok(pid) => Ok(redirect_with_flash(
            &format!("/admin/events/{id}/presence/onsite/{pid}"),
            "presence-onsite-saved",
            state.settings.secure_cookies(),
        )),
        Err(OnsiteError::Invalid(errors)) => render_onsite(&state, ctx, tabs, form, errors).await,
        Err(OnsiteError::NotFound) => Err(AppError::NotFound),
        Err(OnsiteError::Internal(e)) => Err(AppError::from(e)),
    }
}

struct ProposalLine {
    value: String,
    when: String,
    partner: String,
    company: String,
    score: u32,
    reasons: Vec<String>,
}

#[derive(Template)]
#[template(path = "admin/presence_newcomer.html")]
struct NewcomerPage {
    ctx: Ctx,
    tabs: EventTabs,
    pid: i64,
    title: String,
    done: String,
    can_meet: bool,
    proposals: Vec<ProposalLine>,
    messages: Vec<String>,
    alert: String,
}

fn reason_text(ctx: &Ctx, reason: &Reason) -> String {
    match reason {
        Reason::TheyOffer(mine, theirs) => services::i18n::t_args(
            ctx.locale,
            "presence-reason-they-offer",
            &[("mine", mine.clone()), ("theirs", theirs.clone())],
        ),
        Reason::TheySeek(theirs, mine) => services::i18n::t_args(
            ctx.locale,
            "presence-reason-they-seek",
            &[("mine", mine.clone()), ("theirs", theirs.clone())],
        ),
        Reason::SameSector(_) => ctx.t("presence-reason-sector"),
    }
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct NewcomerQuery {
    created: Option<usize>,
}

struct NewcomerShown {
    status: StatusCode,
    messages: Vec<String>,
    alert: String,
}

async fn render_newcomer(
    state: &AppState,
    ctx: Ctx,
    tabs: EventTabs,
    pid: i64,
    shown: NewcomerShown,
) -> Result<Response, AppError> {
    let db = &state.db;
    let person = store::meetings::agenda::participant(db, tabs.id, pid)
        .await?
        .ok_or(AppError::NotFound)?;
    let row = store::events::find(db, EventId(tabs.id))
        .await?
        .ok_or(AppError::NotFound)?;
    let name = format!("{} {}", person.first_name, person.last_name);
    let proposals = if tabs.can_meet {
        onsite::propose(db, EventId(tabs.id), pid, Utc::now())
            .await
            .map_err(presence_error)?
            .into_iter()
            .map(|p| ProposalLine {
                value: format!("{}:{}", p.partner_id, p.slot_id),
                when: local_time(p.starts_at, &row.time_zone, ctx.locale),
                partner: p.partner,
                company: p.company,
                score: p.score,
                reasons: p.reasons.iter().map(|r| reason_text(&ctx, r)).collect(),
            })
            .collect()
    } else {
        vec![]
    };
    let done = if store::presence::onsite_of(db, tabs.id, pid)
        .await?
        .is_some()
    {
        ctx.t1("presence-onsite-done", "name", &name)
    } else {
        String::new()
    };
    page_with_status(
        shown.status,
        NewcomerPage {
            title: ctx.t1("presence-newcomer-title", "name", &name),
            done,
            can_meet: tabs.can_meet,
            proposals,
            messages: shown.messages,
            alert: shown.alert,
            pid,
            ctx,
            tabs,
        },
    )
}

async fn newcomer_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, pid)): Path<(i64, i64)>,
    Query(query): Query<NewcomerQuery>,
) -> Result<Response, AppError> {
    let tabs = guard(&state, &ctx, id).await?;
    let messages = query
        .created
        .map(|n| vec![ctx.t1("presence-confirmed", "count", &n.to_string())])
        .unwrap_or_default();
    let shown = NewcomerShown {
        status: StatusCode::OK,
        messages,
        alert: String::new(),
    };
    render_newcomer(&state, ctx, tabs, pid, shown).await
}

async fn newcomer_confirm(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, pid)): Path<(i64, i64)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let tabs = guard_meetings(&state, &ctx, id).await?;
    let picks: Vec<(i64, i64)> = pairs
        .iter()
        .filter(|(k, _)| k == "pick")
        .filter_map(|(_, v)| {
            let (a, b) = v.split_once(':')?;
            Some((a.trim().parse().ok()?, b.trim().parse().ok()?))
        })
        .collect();
    let result = onsite::confirm(
        &state.db,
        &ctx.actor()?,
        EventId(id),
        pid,
        &picks,
        &state.settings.base_url(),
    )
    .await;
    match result {
        Ok(report) if report.refused.is_empty() => Ok(Redirect::to(&format!(
            "/admin/events/{id}/presence/onsite/{pid}?created={}",
            report.created.len()
        ))
        .into_response()),
        Ok(report) => {
            let people = store::meetings::scheduling::participants_of_event(&state.db, id).await?;
            let mut messages = vec![ctx.t1(
                "presence-confirmed",
                "count",
                &report.created.len().to_string(),
            )];
            for (partner, reason) in &report.refused {
                let name = people
                    .iter()
                    .find(|p| p.id == *partner)
                    .map(|p| format!("{} {}", p.first_name, p.last_name))
                    .unwrap_or_default();
                messages.push(services::i18n::t_args(
                    ctx.locale,
                    "presence-refused",
                    &[("name", name), ("reason", ctx.t(reason))],
                ));
            }
            let shown = NewcomerShown {
                status: StatusCode::CONFLICT,
                messages,
                alert: String::new(),
            };
            render_newcomer(&state, ctx, tabs, pid, shown).await
        }
        Err(PresenceError::NotFound) => Err(AppError::NotFound),
        Err(e @ PresenceError::Invalid(_)) => {
            let shown = NewcomerShown {
                status: StatusCode::UNPROCESSABLE_ENTITY,
                messages: vec![],
                alert: ctx.t(e.message_id()),
            };
            render_newcomer(&state, ctx, tabs, pid, shown).await
        }
        Err(e) => Err(presence_error(e)),
    }
}

struct AgendaLine {
    when: String,
    partner: String,
    place: String,
    state: String,
}

#[derive(Template)]
#[template(path = "admin/presence_agenda.html")]
struct AgendaPrint {
    ctx: Ctx,
    tabs: EventTabs,
    title: String,
    event_name: String,
    lines: Vec<AgendaLine>,
}

/// The printable agenda of one participant, for the desk (after an on-site registration).
async fn agenda_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, pid)): Path<(i64, i64)>,
) -> Result<Response, AppError> {
    let tabs = guard(&state, &ctx, id).await?;
    let db = &state.db;
    let participant = store::meetings::agenda::participant(db, id, pid)
        .await?
        .ok_or(AppError::NotFound)?;
    let event = store::events::find(db, EventId(id))
        .await?
        .ok_or(AppError::NotFound)?;
    let tz = event.time_zone.clone();
    let name = format!("{} {}", participant.first_name, participant.last_name);
    let agenda = services::meetings::agenda::agenda_of(db, event, participant, Utc::now())
        .await
        .map_err(|_| AppError::NotFound)?;
    let lines = agenda
        .items
        .iter()
        .filter(|i| i.state.as_str() != "cancelled")
        .map(|i| AgendaLine {
            when: i
                .slot
                .as_ref()
                .map(|s| {
                    format!(
                        "{}–{}",
                        local_time(s.starts_at, &tz, ctx.locale),
                        hm(s.ends_at, &tz)
                    )
                })
                .unwrap_or_default(),
            partner: i.partner.label(),
            place: i.place.clone(),
            state: ctx.tp("meeting-state-", i.state.as_str()),
        })
        .collect();
    page(AgendaPrint {
        title: ctx.t1("presence-agenda-title", "name", &name),
        event_name: super::super::public_site::pick(
            ctx.locale,
            &agenda.event.name_fr,
            &agenda.event.name_en,
        ),
        lines,
        ctx,
        tabs,
    })
}

//! Meeting requests for participants (MTG-2, MTG-4): the request form reached from the
//! catalogue or a suggestion, and the list of incoming and outgoing requests with their
//! actions. Handlers stay thin: `services::meetings::requests` does the work.

use crate::context::Ctx;
use crate::error::AppError;
use crate::features::public_site::pick;
use crate::render::{page_with_status, redirect_with_flash};
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use axum::{Form, Router};
use chrono::Utc;
use domain::EventId;
use domain::meeting::RequestState;
use services::meetings::notify::local_time;
use services::meetings::requests::{self, Confirmed, RequestError, SendForm};
use std::collections::HashMap;
use store::events::EventRow;
use store::registration::ParticipantRow;

/// Routes of this feature.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/{slug}/participants/{company_id}/meet",
            get(form_page).post(send),
        )
        .route("/me/events/{id}/requests", get(list))
        .route("/me/events/{id}/requests/{request}/accept", post(accept))
        .route("/me/events/{id}/requests/{request}/decline", post(decline))
        .route("/me/events/{id}/requests/{request}/confirm", post(confirm))
        .route(
            "/me/events/{id}/requests/{request}/withdraw",
            post(withdraw),
        )
}

/// The logged-in person's registration to an event (404 when not registered).
async fn my_registration(
    state: &AppState,
    ctx: &Ctx,
    event_id: i64,
) -> Result<ParticipantRow, AppError> {
    let viewer = ctx.viewer()?;
    store::registration::participant_of_user(&state.db, EventId(event_id), viewer.user.id)
        .await?
        .ok_or(AppError::NotFound)
}

fn status_of(error: &RequestError) -> StatusCode {
    match error {
        RequestError::Conflict(_) => StatusCode::CONFLICT,
        _ => StatusCode::UNPROCESSABLE_ENTITY,
    }
}

fn message_of(error: &RequestError) -> Option<&'static str> {
    match error {
        RequestError::Conflict(m) | RequestError::Invalid(m) => Some(m),
        _ => None,
    }
}

fn app_error(error: RequestError) -> AppError {
    match error {
        RequestError::NotFound => AppError::NotFound,
        RequestError::Forbidden => AppError::Forbidden,
        RequestError::Invalid(_) => AppError::BadRequest,
        RequestError::Conflict(m) => AppError::Internal(format!("unhandled conflict {m}")),
        RequestError::Internal(e) => e.into(),
    }
}

// ---------------------------------------------------------------- request form

struct PersonChoice {
    id: i64,
    name: String,
}

struct SlotView {
    id: i64,
    label: String,
    free: bool,
    checked: bool,
}

#[derive(Template)]
#[template(path = "meeting_request_form.html")]
struct FormPage {
    ctx: Ctx,
    slug: String,
    event_name: String,
    company_id: i64,
    company_name: String,
    people: Vec<PersonChoice>,
    pick_allowed: bool,
    schedule_allowed: bool,
    slots: Vec<SlotView>,
    error: Option<String>,
    person: String,
    message: String,
    priority: i32,
    booking: String,
    max_message: usize,
}

/// What was posted, kept to refill the form.
#[derive(Default)]
struct Posted {
    person: String,
    message: String,
    priority: i32,
    booking: String,
    slot: Option<i64>,
    availability: Vec<i64>,
}

impl Posted {
    fn from_pairs(pairs: Vec<(String, String)>) -> Posted {
        let mut posted = Posted {
            priority: 2,
            ..Default::default()
        };
        for (k, v) in pairs {
            match k.as_str() {
                "person" => posted.person = v,
                "message" => posted.message = v,
                "priority" => posted.priority = v.trim().parse().unwrap_or(0),
                "booking" => posted.booking = v,
                "slot" => posted.slot = v.trim().parse().ok(),
                "availability" => posted.availability.extend(v.trim().parse::<i64>().ok()),
                _ => {}
            }
        }
        posted
    }
}

async fn event_by_slug(state: &AppState, slug: &str) -> Result<EventRow, AppError> {
    store::events::find_by_slug(&state.db, slug)
        .await?
        .ok_or(AppError::NotFound)
}

async fn render_form(
    state: &AppState,
    ctx: Ctx,
    event: &EventRow,
    company_id: i64,
    posted: Posted,
    error: Option<(StatusCode, &'static str)>,
) -> Result<Response, AppError> {
    let me = my_registration(state, &ctx, event.id).await?;
    let company = store::registration::company(&state.db, EventId(event.id), company_id)
        .await?
        .filter(|c| c.status == "validated")
        .ok_or(AppError::NotFound)?;
    let people: Vec<ParticipantRow> =
        store::registration::people(&state.db, EventId(event.id), company.id)
            .await?
            .into_iter()
            .filter(|p| p.status == "validated")
            .collect();
    let settings = services::meetings::settings::load(&state.db, EventId(event.id)).await?;
    let ids: Vec<i64> = people.iter().map(|p| p.id).collect();
    let choices = requests::slot_choices(&state.db, event.id, me.id, &ids).await?;
    let slots = choices
        .into_iter()
        .map(|c| SlotView {
            id: c.slot.id,
            label: local_time(c.slot.starts_at, &event.time_zone, ctx.locale),
            free: c.free,
            checked: posted.slot == Some(c.slot.id) || posted.availability.contains(&c.slot.id),
        })
        .collect();
    let booking = if posted.booking.is_empty() {
        if settings.pick_slot_allowed {
            "pick_slot".to_string()
        } else {
            "schedule".to_string()
        }
    } else {
        posted.booking
    };
    let status = error.map(|(s, _)| s).unwrap_or(StatusCode::OK);
    page_with_status(
        status,
        FormPage {
            slug: event.slug.clone(),
            event_name: pick(ctx.locale, &event.name_fr, &event.name_en),
            company_id: company.id,
            company_name: company.name,
            people: people
                .into_iter()
                .map(|p| PersonChoice {
                    id: p.id,
                    name: format!("{} {}", p.first_name, p.last_name)
                        .trim()
                        .to_string(),
                })
                .collect(),
            pick_allowed: settings.pick_slot_allowed,
            schedule_allowed: settings.scheduling_allowed,
            slots,
            error: error.map(|(_, m)| ctx.t(m)),
            person: posted.person,
            message: posted.message,
            priority: if posted.priority == 0 {
                2
            } else {
                posted.priority
            },
            booking,
            max_message: requests::MAX_MESSAGE,
            ctx,
        },
    )
}

async fn form_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, company_id)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let event = event_by_slug(&state, &slug).await?;
    let company_id: i64 = company_id.parse().map_err(|_| AppError::NotFound)?;
    let posted = Posted {
        priority: 2,
        ..Default::default()
    };
    render_form(&state, ctx, &event, company_id, posted, None).await
}

async fn send(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, company_id)): Path<(String, String)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let event = event_by_slug(&state, &slug).await?;
    let company_id: i64 = company_id.parse().map_err(|_| AppError::NotFound)?;
    let viewer = ctx.viewer()?.user.id;
    let posted = Posted::from_pairs(pairs);
    let form = SendForm {
        target_company_id: company_id,
        target_participant_id: posted.person.trim().parse().ok(),
        message: posted.message.clone(),
        priority: posted.priority,
        booking: posted.booking.clone(),
        slot_id: posted.slot,
        availability: posted.availability.clone(),
    };
    let base_url = state.settings.base_url();
    match requests::send_request(&state.db, &base_url, viewer, event.id, &form, Utc::now()).await {
        Ok((_, taken)) => Ok(redirect_with_flash(
            &format!("/me/events/{}/requests", event.id),
            if taken {
                "meeting-request-flash-sent-waitlist"
            } else {
                "meeting-request-flash-sent"
            },
            state.settings.secure_cookies(),
        )),
        Err(e) => match message_of(&e) {
            Some(message) => {
                let status = status_of(&e);
                render_form(
                    &state,
                    ctx,
                    &event,
                    company_id,
                    posted,
                    Some((status, message)),
                )
                .await
            }
            None => Err(app_error(e)),
        },
    }
}

// ---------------------------------------------------------------- my requests

struct RequestView {
    id: i64,
    partner: String,
    state: String,
    state_label: String,
    message: String,
    priority: i32,
    when: String,
    place: String,
    decline_reason: String,
    waiting: bool,
    can_accept: bool,
    can_confirm: bool,
    can_withdraw: bool,
    choose_attendee: bool,
}

#[derive(Template)]
#[template(path = "private/requests.html")]
struct ListPage {
    ctx: Ctx,
    event_id: i64,
    slug: String,
    event_name: String,
    error: Option<String>,
    incoming: Vec<RequestView>,
    outgoing: Vec<RequestView>,
    colleagues: Vec<PersonChoice>,
}

async fn render_list(
    state: &AppState,
    ctx: Ctx,
    event_id: i64,
    error: Option<(StatusCode, &'static str)>,
) -> Result<Response, AppError> {
    let me = my_registration(state, &ctx, event_id).await?;
    let event = store::events::find(&state.db, EventId(event_id))
        .await?
        .ok_or(AppError::NotFound)?;
    let db = &state.db;
    let incoming = store::meetings::requests::incoming(db, event_id, me.id, me.company_id).await?;
    let outgoing = store::meetings::requests::outgoing(db, event_id, me.id).await?;
    let mut ids: Vec<i64> = incoming
        .iter()
        .chain(outgoing.iter())
        .flat_map(store::meetings::sides)
        .collect();
    ids.sort_unstable();
    ids.dedup();
    let contacts: HashMap<i64, store::meetings::Contact> =
        store::meetings::contacts(db, event_id, &ids)
            .await?
            .into_iter()
            .map(|c| (c.participant_id, c))
            .collect();
    let label = |id: i64| {
        contacts
            .get(&id)
            .map(|c| {
                if c.company.is_empty() {
                    c.name.clone()
                } else {
                    format!("{} ({})", c.name, c.company)
                }
            })
            .unwrap_or_default()
    };
    let views = |rows: Vec<store::meetings::RequestRow>, mine: bool| {
        let ctx = &ctx;
        let label = &label;
        let event = &event;
        async move {
            let mut out = Vec::new();
            for r in rows {
                let partner = if mine {
                    match r.target_participant_id {
                        Some(p) => label(p),
                        None => store::meetings::company_name(db, r.target_company_id)
                            .await?
                            .unwrap_or_default(),
                    }
                } else {
                    label(r.requester_id)
                };
                let (when, place) = match store::meetings::placement_of(db, r.id).await? {
                    Some(m) => {
                        let (slot, place) = store::meetings::slot_and_place(db, &m).await?;
                        (
                            slot.map(|s| local_time(s.starts_at, &event.time_zone, ctx.locale))
                                .unwrap_or_default(),
                            place.map(|p| p.label).unwrap_or_default(),
                        )
                    }
                    None => (String::new(), String::new()),
                };
                let waiting = !store::meetings::requests::waiting_slots_of(db, r.id)
                    .await?
                    .is_empty();
                let state: Option<RequestState> = r.state.parse().ok();
                out.push(RequestView {
                    id: r.id,
                    partner,
                    state_label: ctx.tp("meeting-state-", &r.state),
                    state: r.state.clone(),
                    message: r.message.clone(),
                    priority: r.priority,
                    when,
                    place,
                    decline_reason: r.decline_reason.clone(),
                    waiting,
                    can_accept: !mine && state == Some(RequestState::Requested),
                    can_confirm: mine && state == Some(RequestState::Accepted),
                    can_withdraw: mine
                        && matches!(
                            state,
                            Some(RequestState::Requested | RequestState::Accepted)
                        ),
                    choose_attendee: !mine && r.target_participant_id.is_none(),
                });
            }
            Ok::<_, store::DbErr>(out)
        }
    };
    let incoming = views(incoming, false).await?;
    let outgoing = views(outgoing, true).await?;
    let colleagues = match me.company_id {
        Some(company) => store::registration::people(db, EventId(event_id), company)
            .await?
            .into_iter()
            .filter(|p| p.status == "validated")
            .map(|p| PersonChoice {
                id: p.id,
                name: format!("{} {}", p.first_name, p.last_name)
                    .trim()
                    .to_string(),
            })
            .collect(),
        None => Vec::new(),
    };
    let status = error.map(|(s, _)| s).unwrap_or(StatusCode::OK);
    page_with_status(
        status,
        ListPage {
            event_id,
            slug: event.slug.clone(),
            event_name: pick(ctx.locale, &event.name_fr, &event.name_en),
            error: error.map(|(_, m)| ctx.t(m)),
            incoming,
            outgoing,
            colleagues,
            ctx,
        },
    )
}

async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    render_list(&state, ctx, id, None).await
}

/// Turns an action's outcome into a redirect with a flash, or the list again with the reason.
async fn after_action<T>(
    state: &AppState,
    ctx: Ctx,
    event_id: i64,
    outcome: Result<T, RequestError>,
    flash: impl FnOnce(T) -> &'static str,
) -> Result<Response, AppError> {
    match outcome {
        Ok(value) => Ok(redirect_with_flash(
            &format!("/me/events/{event_id}/requests"),
            flash(value),
            state.settings.secure_cookies(),
        )),
        Err(e) => match message_of(&e) {
            Some(message) => {
                render_list(state, ctx, event_id, Some((status_of(&e), message))).await
            }
            None => Err(app_error(e)),
        },
    }
}

#[derive(serde::Deserialize, Default)]
struct AcceptForm {
    #[serde(default)]
    attendee: String,
}

async fn accept(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, request)): Path<(i64, i64)>,
    Form(form): Form<AcceptForm>,
) -> Result<Response, AppError> {
    let user = ctx.viewer()?.user.id;
    let base_url = state.settings.base_url();
    let attendee = form.attendee.trim().parse().ok();
    let outcome = requests::accept(
        &state.db,
        &base_url,
        user,
        id,
        request,
        attendee,
        Utc::now(),
    )
    .await;
    after_action(
        &state,
        ctx,
        id,
        outcome,
        |_| "meeting-request-flash-accepted",
    )
    .await
}

#[derive(serde::Deserialize, Default)]
struct DeclineForm {
    #[serde(default)]
    reason: String,
}

async fn decline(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, request)): Path<(i64, i64)>,
    Form(form): Form<DeclineForm>,
) -> Result<Response, AppError> {
    let user = ctx.viewer()?.user.id;
    let base_url = state.settings.base_url();
    let outcome = requests::decline(
        &state.db,
        &base_url,
        user,
        id,
        request,
        &form.reason,
        Utc::now(),
    )
    .await;
    after_action(
        &state,
        ctx,
        id,
        outcome,
        |_| "meeting-request-flash-declined",
    )
    .await
}

async fn confirm(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, request)): Path<(i64, i64)>,
) -> Result<Response, AppError> {
    let user = ctx.viewer()?.user.id;
    let base_url = state.settings.base_url();
    let outcome = requests::confirm(&state.db, &base_url, user, id, request, Utc::now()).await;
    after_action(&state, ctx, id, outcome, |c| match c {
        Confirmed::Placed => "meeting-request-flash-confirmed-placed",
        Confirmed::Waitlisted => "meeting-request-flash-confirmed-waitlist",
        Confirmed::Pending => "meeting-request-flash-confirmed",
    })
    .await
}

async fn withdraw(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, request)): Path<(i64, i64)>,
) -> Result<Response, AppError> {
    let user = ctx.viewer()?.user.id;
    let base_url = state.settings.base_url();
    let outcome = requests::withdraw(&state.db, &base_url, user, id, request, Utc::now()).await;
    after_action(
        &state,
        ctx,
        id,
        outcome,
        |_| "meeting-request-flash-withdrawn",
    )
    .await
}

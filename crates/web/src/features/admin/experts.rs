//! The experts page of an event (EXP-1, EXP-4, EXP-7): each expert's profile (cap, desk,
//! profile sought, sessions and blocked slots, available), the candidates of each expert
//! ranked with the choice of who is kept, and the one-action drop-out with its summary.

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
use services::meetings::experts::{
    DropOutLine, DropOutOutcome, ExpertCard, ExpertError, ProfileForm,
};
use services::meetings::notify::local_time;
use services::meetings::settings::ExpertMode;
use store::events::EventRow;

/// Routes of this feature.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin/events/{id}/experts", get(experts_page))
        .route("/admin/events/{id}/experts/{participant}", post(save))
        .route("/admin/events/{id}/experts/{participant}/pick", post(pick))
        .route(
            "/admin/events/{id}/experts/{participant}/drop-out",
            post(drop_out),
        )
}

/// A slot as offered to block.
struct SlotChoice {
    id: i64,
    time: String,
}

/// A session with its slots.
struct SessionChoice {
    id: i64,
    name: String,
    slots: Vec<SlotChoice>,
}

/// The form of one expert shown again with its errors.
struct Shown {
    participant_id: i64,
    form: ProfileForm,
    errors: FieldErrors,
}

#[derive(Template)]
#[template(path = "admin/experts.html")]
struct ExpertsPage {
    ctx: Ctx,
    tabs: EventTabs,
    mode: &'static str,
    experts: Vec<ExpertCard>,
    sessions: Vec<SessionChoice>,
    shown: Option<Shown>,
    alert: Option<String>,
    /// The event's time zone, for arrival times.
    sessions_tz: String,
}

impl ExpertsPage {
    /// The value shown in a field: the posted one when the expert's form came back.
    fn value(&self, expert: &ExpertCard, field: &str) -> String {
        if let Some(shown) = self
            .shown
            .as_ref()
            .filter(|s| s.participant_id == expert.participant_id)
        {
            return match field {
                "max_meetings" => shown.form.max_meetings.clone(),
                "desk" => shown.form.desk.clone(),
                "sought_fr" => shown.form.sought_fr.clone(),
                _ => shown.form.sought_en.clone(),
            };
        }
        match field {
            "max_meetings" => expert.max_meetings.clone(),
            "desk" => expert.desk.clone(),
            "sought_fr" => expert.sought_fr.clone(),
            _ => expert.sought_en.clone(),
        }
    }

    fn error(&self, expert: &ExpertCard, field: &str) -> Option<String> {
        self.shown
            .as_ref()
            .filter(|s| s.participant_id == expert.participant_id)
            .and_then(|s| s.errors.get(field))
            .map(|m| self.ctx.t(m))
    }

    fn available(&self, expert: &ExpertCard) -> bool {
        match self
            .shown
            .as_ref()
            .filter(|s| s.participant_id == expert.participant_id)
        {
            Some(shown) => shown.form.available == "on",
            None => expert.is_available || !expert.has_profile,
        }
    }

    fn attends(&self, expert: &ExpertCard, session: &i64) -> bool {
        match self
            .shown
            .as_ref()
            .filter(|s| s.participant_id == expert.participant_id)
        {
            Some(shown) => shown.form.sessions.contains(&session.to_string()),
            None => expert.sessions.contains(session),
        }
    }

    fn blocks(&self, expert: &ExpertCard, slot: &i64) -> bool {
        match self
            .shown
            .as_ref()
            .filter(|s| s.participant_id == expert.participant_id)
        {
            Some(shown) => shown.form.blocked.contains(&slot.to_string()),
            None => expert.blocked.contains(slot),
        }
    }

    fn arrived(&self, at: &chrono::DateTime<chrono::Utc>) -> String {
        local_time(*at, &self.sessions_tz, self.ctx.locale)
    }

    fn state_label(&self, state: &str) -> String {
        self.ctx.tp("expert-state-", state)
    }
}

async fn guard(state: &AppState, ctx: &Ctx, id: i64) -> Result<(EventRow, EventTabs), AppError> {
    ctx.require(EventId(id), Permission::ManageMeetings)?;
    event_for(state, ctx, id, "experts").await
}

async fn render(
    state: &AppState,
    ctx: Ctx,
    id: i64,
    shown: Option<Shown>,
    alert: Option<(StatusCode, &str)>,
) -> Result<Response, AppError> {
    let (event, tabs) = guard(state, &ctx, id).await?;
    let settings = services::meetings::settings::load(&state.db, EventId(id)).await?;
    let experts =
        services::meetings::experts::experts_of(&state.db, EventId(id), ctx.locale).await?;
    let sessions = session_choices(state, &event, ctx.locale).await?;
    let status = match (&shown, alert) {
        (_, Some((status, _))) => status,
        (Some(_), None) => StatusCode::UNPROCESSABLE_ENTITY,
        (None, None) => StatusCode::OK,
    };
    page_with_status(
        status,
        ExpertsPage {
            mode: match settings.expert_mode {
                ExpertMode::FirstCome => "expert-mode-first-come",
                ExpertMode::PreAssign => "expert-mode-pre-assign",
            },
            alert: alert.map(|(_, key)| ctx.t(key)),
            sessions_tz: event.time_zone.clone(),
            experts,
            sessions,
            shown,
            tabs,
            ctx,
        },
    )
}

async fn session_choices(
    state: &AppState,
    event: &EventRow,
    locale: Locale,
) -> Result<Vec<SessionChoice>, AppError> {
    let tz: chrono_tz::Tz = event.time_zone.parse().unwrap_or(chrono_tz::Europe::Paris);
    let slots = store::meetings::slots_of_event(&state.db, event.id).await?;
    Ok(store::meetings::setup::sessions(&state.db, event.id)
        .await?
        .into_iter()
        .map(|s| SessionChoice {
            id: s.id,
            name: format!(
                "{} — {}",
                super::super::public_site::pick(locale, &s.name_fr, &s.name_en),
                s.day.format(if locale == Locale::En {
                    "%Y-%m-%d"
                } else {
                    "%d/%m/%Y"
                })
            ),
            slots: slots
                .iter()
                .filter(|slot| slot.session_id == s.id)
                .map(|slot| SlotChoice {
                    id: slot.id,
                    time: format!(
                        "{}–{}",
                        slot.starts_at.with_timezone(&tz).format("%H:%M"),
                        slot.ends_at.with_timezone(&tz).format("%H:%M")
                    ),
                })
                .collect(),
        })
        .collect())
}

async fn experts_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    render(&state, ctx, id, None, None).await
}

fn refused(error: ExpertError) -> Result<(StatusCode, &'static str), AppError> {
    match error {
        ExpertError::NotFound | ExpertError::NotExpert => Err(AppError::NotFound),
        ExpertError::Internal(e) => Err(e.into()),
        ExpertError::TooManyKept => Ok((StatusCode::CONFLICT, "expert-error-too-many-kept")),
        ExpertError::Unavailable => Ok((StatusCode::CONFLICT, "expert-error-no-profile")),
        _ => Ok((StatusCode::CONFLICT, "expert-error-conflict")),
    }
}

async fn save(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, participant)): Path<(i64, i64)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    guard(&state, &ctx, id).await?;
    let form = ProfileForm::from_pairs(&pairs);
    let result = services::meetings::experts::save_profile(
        &state.db,
        &ctx.actor()?,
        EventId(id),
        participant,
        &form,
    )
    .await;
    match result {
        Ok(()) => Ok(redirect_with_flash(
            &format!("/admin/events/{id}/experts#expert-{participant}"),
            "expert-saved",
            state.settings.secure_cookies(),
        )),
        Err(ExpertError::Invalid(errors)) => {
            let shown = Shown {
                participant_id: participant,
                form,
                errors,
            };
            render(&state, ctx, id, Some(shown), None).await
        }
        Err(e) => {
            let alert = refused(e)?;
            render(&state, ctx, id, None, Some(alert)).await
        }
    }
}

async fn pick(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, participant)): Path<(i64, i64)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    guard(&state, &ctx, id).await?;
    let kept: Vec<i64> = pairs
        .iter()
        .filter(|(k, _)| k == "keep")
        .filter_map(|(_, v)| v.parse().ok())
        .collect();
    let reason = services::forms::posted(&pairs, "reason");
    let result = services::meetings::experts::pick_candidates(
        &state.db,
        &ctx.actor()?,
        EventId(id),
        participant,
        &kept,
        &reason,
        &state.settings.base_url(),
    )
    .await;
    match result {
        Ok(_) => Ok(redirect_with_flash(
            &format!("/admin/events/{id}/experts#expert-{participant}"),
            "expert-picked",
            state.settings.secure_cookies(),
        )),
        Err(e) => {
            let alert = refused(e)?;
            render(&state, ctx, id, None, Some(alert)).await
        }
    }
}

/// One line of the drop-out summary, translated.
struct SummaryLine {
    who: String,
    outcome: String,
}

#[derive(Template)]
#[template(path = "admin/expert_dropout.html")]
struct DropOutPage {
    ctx: Ctx,
    tabs: EventTabs,
    expert: String,
    lines: Vec<SummaryLine>,
}

async fn drop_out(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, participant)): Path<(i64, i64)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let (_, tabs) = guard(&state, &ctx, id).await?;
    let reason = services::forms::posted(&pairs, "reason");
    let reason = if reason.trim().is_empty() {
        ctx.t("expert-dropout-default-reason")
    } else {
        reason
    };
    let result = services::meetings::experts::expert_drops_out(
        &state.db,
        &ctx.actor()?,
        EventId(id),
        participant,
        &reason,
        &state.settings.base_url(),
    )
    .await;
    let lines: Vec<DropOutLine> = match result {
        Ok(lines) => lines,
        Err(e) => {
            let alert = refused(e)?;
            return render(&state, ctx, id, None, Some(alert)).await;
        }
    };
    let expert = store::meetings::contacts(&state.db, id, &[participant])
        .await?
        .into_iter()
        .next()
        .map(|c| c.name)
        .unwrap_or_default();
    let lines = lines
        .into_iter()
        .map(|line| SummaryLine {
            outcome: match line.outcome {
                DropOutOutcome::Moved(to) => ctx.t1("expert-dropout-moved", "expert", &to),
                DropOutOutcome::Cancelled => ctx.t("expert-dropout-cancelled"),
            },
            who: line.who,
        })
        .collect();
    page_with_status(
        StatusCode::OK,
        DropOutPage {
            ctx,
            tabs,
            expert,
            lines,
        },
    )
}

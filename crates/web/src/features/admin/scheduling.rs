//! Scheduling runs (MTG-3): start a run (incremental or re-plan, time budget), follow its
//! progress, review the proposal (remove, lock) and publish it.

use super::{EventTabs, event_for};
use crate::context::Ctx;
use crate::error::AppError;
use crate::render::{page_with_status, redirect_with_flash};
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Form, Json, Router};
use domain::{EventId, Permission};
use services::meetings::scheduling::{
    self as runs, Adjust, Proposal, PublishReport, RunError, UnplacedMeeting,
};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin/events/{id}/scheduling", get(scheduling_page))
        .route("/admin/events/{id}/scheduling/start", post(start))
        .route(
            "/admin/events/{id}/scheduling/runs/{run}/progress.json",
            get(progress),
        )
        .route(
            "/admin/events/{id}/scheduling/runs/{run}/adjust",
            post(adjust),
        )
        .route(
            "/admin/events/{id}/scheduling/runs/{run}/publish",
            post(publish),
        )
        .merge(super::grid::routes())
}

/// A run as listed.
struct RunLine {
    id: i64,
    state: String,
    replan: bool,
    started: String,
}

/// The run shown.
struct RunView {
    id: i64,
    state: String,
    replan: bool,
    progress: i32,
    error: String,
    proposal: Option<Proposal>,
}

#[derive(Template)]
#[template(path = "admin/scheduling.html")]
struct SchedulingPage {
    ctx: Ctx,
    tabs: EventTabs,
    runs: Vec<RunLine>,
    run: Option<RunView>,
    alert: String,
    report: Option<PublishReport>,
    tables: Vec<(i64, Vec<String>)>,
}

impl SchedulingPage {
    fn percent(&self, permille: &i32) -> String {
        format!("{:.1}", f64::from(*permille) / 10.0)
    }

    fn bound(&self, p: &Proposal) -> String {
        p.upper_bound
            .map(|b| format!("{b:.0}"))
            .unwrap_or_else(|| "—".into())
    }

    fn reason(&self, unplaced: &UnplacedMeeting) -> String {
        unplaced.reason_in(self.ctx.locale)
    }

    fn place(&self, slot_id: &i64, table: &Option<u32>) -> String {
        let Some(n) = table else {
            return self.ctx.t("scheduling-own-place");
        };
        self.tables
            .iter()
            .find(|(s, _)| s == slot_id)
            .and_then(|(_, labels)| labels.get((*n as usize).saturating_sub(1)).cloned())
            .unwrap_or_else(|| format!("#{n}"))
    }
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct RunQuery {
    run: Option<i64>,
}

async fn guard(state: &AppState, ctx: &Ctx, id: i64) -> Result<EventTabs, AppError> {
    ctx.require(EventId(id), Permission::ManageMeetings)?;
    let (_, tabs) = event_for(state, ctx, id, "scheduling").await?;
    Ok(tabs)
}

async fn render(
    state: &AppState,
    ctx: Ctx,
    tabs: EventTabs,
    run_id: Option<i64>,
    status: StatusCode,
    alert: String,
    report: Option<PublishReport>,
) -> Result<Response, AppError> {
    services::meetings::scheduling::settle_interrupted_runs(
        &state.db,
        EventId(tabs.id),
        chrono::Utc::now(),
    )
    .await?;
    let latest = store::meetings::scheduling::latest_runs(&state.db, tabs.id, 10).await?;
    let shown = match run_id {
        Some(id) => Some(
            store::meetings::scheduling::find_run(&state.db, tabs.id, id)
                .await?
                .ok_or(AppError::NotFound)?,
        ),
        None => latest.first().cloned(),
    };
    let event = store::events::find(&state.db, EventId(tabs.id))
        .await?
        .ok_or(AppError::NotFound)?;
    let runs = latest
        .iter()
        .map(|r| RunLine {
            id: r.id,
            state: r.state.clone(),
            replan: r.replan,
            started: services::meetings::notify::local_time(
                r.created_at,
                &event.time_zone,
                ctx.locale,
            ),
        })
        .collect();
    // Labels of each slot's tables by position, to show table numbers as their names.
    let slots = store::meetings::slots_of_event(&state.db, tabs.id).await?;
    let places = store::meetings::scheduling::places_of_event(&state.db, tabs.id).await?;
    let tables = slots
        .iter()
        .map(|s| {
            (
                s.id,
                places
                    .iter()
                    .filter(|p| p.kind == "table" && p.session_id == Some(s.session_id))
                    .map(|p| p.label.clone())
                    .collect(),
            )
        })
        .collect();
    let run = shown.map(|r| RunView {
        id: r.id,
        state: r.state.clone(),
        replan: r.replan,
        progress: r.progress,
        error: match r.error.as_deref() {
            Some(services::meetings::scheduling::INTERRUPTED) => {
                ctx.t(services::meetings::scheduling::INTERRUPTED)
            }
            other => other.unwrap_or_default().to_string(),
        },
        proposal: runs::proposal_of(&r),
    });
    page_with_status(
        status,
        SchedulingPage {
            ctx,
            tabs,
            runs,
            run,
            alert,
            report,
            tables,
        },
    )
}

async fn scheduling_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Query(query): Query<RunQuery>,
) -> Result<Response, AppError> {
    let tabs = guard(&state, &ctx, id).await?;
    render(
        &state,
        ctx,
        tabs,
        query.run,
        StatusCode::OK,
        String::new(),
        None,
    )
    .await
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct StartForm {
    replan: Option<String>,
    seconds: String,
}

/// Starts a run and lets it work in the background; the page follows its progress.
pub(super) async fn start_and_spawn(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    replan: bool,
    time_limit_ms: u64,
) -> Result<Result<i64, RunError>, AppError> {
    let actor = ctx.actor()?;
    match runs::start_run(&state.db, &actor, EventId(id), replan).await {
        Ok(run) => {
            let db = state.db.clone();
            tokio::spawn(runs::execute_run(
                db,
                EventId(id),
                run.id,
                replan,
                time_limit_ms,
            ));
            Ok(Ok(run.id))
        }
        Err(RunError::Internal(e)) => Err(e.into()),
        Err(e) => Ok(Err(e)),
    }
}

async fn start(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(form): Form<StartForm>,
) -> Result<Response, AppError> {
    let tabs = guard(&state, &ctx, id).await?;
    let seconds: f64 = form.seconds.trim().parse().unwrap_or(10.0);
    let ms = (seconds.clamp(0.2, 120.0) * 1000.0) as u64;
    match start_and_spawn(&state, &ctx, id, form.replan.is_some(), ms).await? {
        Ok(run) => Ok(redirect_with_flash(
            &format!("/admin/events/{id}/scheduling?run={run}"),
            "scheduling-started",
            state.settings.secure_cookies(),
        )),
        Err(_) => {
            let alert = ctx.t("scheduling-already-running");
            render(&state, ctx, tabs, None, StatusCode::CONFLICT, alert, None).await
        }
    }
}

async fn progress(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, run)): Path<(i64, i64)>,
) -> Result<Response, AppError> {
    guard(&state, &ctx, id).await?;
    let run = store::meetings::scheduling::find_run(&state.db, id, run)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(Json(serde_json::json!({
        "state": run.state,
        "progress": run.progress,
    }))
    .into_response())
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct AdjustForm {
    request_id: i64,
    action: String,
}

async fn adjust(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, run)): Path<(i64, i64)>,
    Form(form): Form<AdjustForm>,
) -> Result<Response, AppError> {
    let tabs = guard(&state, &ctx, id).await?;
    let action = match form.action.as_str() {
        "remove" => Adjust::Remove,
        "restore" => Adjust::Restore,
        "lock" => Adjust::ToggleLock,
        _ => return Err(AppError::BadRequest),
    };
    match runs::adjust(&state.db, EventId(id), run, form.request_id, action).await {
        Ok(()) => Ok(redirect_with_flash(
            &format!("/admin/events/{id}/scheduling?run={run}#proposal"),
            "scheduling-adjusted",
            state.settings.secure_cookies(),
        )),
        Err(e) => run_error(&state, ctx, tabs, run, e).await,
    }
}

async fn run_error(
    state: &AppState,
    ctx: Ctx,
    tabs: EventTabs,
    run: i64,
    error: RunError,
) -> Result<Response, AppError> {
    match error {
        RunError::NotFound => Err(AppError::NotFound),
        RunError::Internal(e) => Err(e.into()),
        RunError::AlreadyRunning | RunError::NotReady => {
            let alert = ctx.t("scheduling-not-ready");
            render(
                state,
                ctx,
                tabs,
                Some(run),
                StatusCode::CONFLICT,
                alert,
                None,
            )
            .await
        }
    }
}

async fn publish(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, run)): Path<(i64, i64)>,
) -> Result<Response, AppError> {
    let tabs = guard(&state, &ctx, id).await?;
    let base_url = state.settings.base_url();
    match runs::publish(&state.db, &ctx.actor()?, EventId(id), run, &base_url).await {
        Ok(report) => {
            render(
                &state,
                ctx,
                tabs,
                Some(run),
                StatusCode::OK,
                String::new(),
                Some(report),
            )
            .await
        }
        Err(e) => run_error(&state, ctx, tabs, run, e).await,
    }
}

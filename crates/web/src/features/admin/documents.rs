//! The event day's printed documents (CHK-5): one card per document kind with its options,
//! queued as background jobs; the job list follows each job's progress (`jobs.js` polls the
//! JSON; without JavaScript the page refreshes) and offers the PDF when it is ready. The page
//! also edits the printed texts (convocation letters, certificate signatory).

use super::{EventTabs, event_for};
use crate::context::Ctx;
use crate::error::AppError;
use crate::render::{page_with_status, redirect_with_flash};
use crate::state::AppState;
use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use domain::{EventId, Locale, Permission};
use services::event_day::documents::{self as docs, JobParams, Overview, TextsError, TextsInput};
use services::event_day::jobs::{self, JobKind, JobRequest};
use store::event_day::DocJobRow;

const JOBS_JS: &str = include_str!("../../../static/jobs.js");

/// How many recent jobs the page lists.
const RECENT: u64 = 20;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/static/jobs.js",
            get(|| async {
                (
                    [
                        (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
                        (header::CACHE_CONTROL, "public, max-age=3600"),
                    ],
                    JOBS_JS,
                )
            }),
        )
        .route("/admin/events/{id}/documents", get(documents_page))
        .route("/admin/events/{id}/documents/jobs", post(queue))
        .route("/admin/events/{id}/documents/jobs/{job}", get(job_json))
        .route(
            "/admin/events/{id}/documents/jobs/{job}/file",
            get(download),
        )
        .route("/admin/events/{id}/documents/texts", post(save_texts))
}

/// A job as listed.
struct JobLine {
    id: i64,
    kind: String,
    locale: String,
    requested: String,
    status: String,
    done: i32,
    total: i32,
    error: String,
    file_name: String,
}

impl JobLine {
    fn active(&self) -> bool {
        self.status == store::event_day::JOB_QUEUED || self.status == store::event_day::JOB_RUNNING
    }

    fn percent(&self) -> String {
        if self.total > 0 {
            format!(
                "{:.0}",
                f64::from(self.done) * 100.0 / f64::from(self.total)
            )
        } else if self.status == store::event_day::JOB_DONE {
            "100".into()
        } else {
            "0".into()
        }
    }

    fn max(&self) -> i32 {
        self.total.max(1)
    }

    fn value(&self) -> i32 {
        if self.status == store::event_day::JOB_DONE {
            self.total.max(1)
        } else {
            self.done.min(self.max())
        }
    }
}

#[derive(Template)]
#[template(path = "admin/documents.html")]
struct DocumentsPage {
    ctx: Ctx,
    tabs: EventTabs,
    kinds: Vec<&'static str>,
    jobs: Vec<JobLine>,
    overview: Overview,
    texts: TextsInput,
    alert: String,
}

impl DocumentsPage {
    fn any_active(&self) -> bool {
        self.jobs.iter().any(JobLine::active)
    }

    fn kind_name(&self, kind: &str) -> String {
        self.ctx.tp("documents-kind-", kind)
    }

    fn lang_selected(&self, code: &str) -> bool {
        self.ctx.locale.code() == code
    }

    fn changed_line(&self) -> String {
        services::i18n::t_args(
            self.ctx.locale,
            "documents-agendas-changed",
            &[
                ("count", self.overview.agendas_changed.to_string()),
                ("never", self.overview.agendas_never_issued.to_string()),
            ],
        )
    }

    fn checked_in_line(&self) -> String {
        services::i18n::t_args(
            self.ctx.locale,
            "documents-checked-in",
            &[
                ("count", self.overview.checked_in.to_string()),
                ("total", self.overview.participants.to_string()),
            ],
        )
    }

    fn progress_label(&self, kind: &str) -> String {
        self.ctx
            .t1("documents-progress-label", "name", &self.kind_name(kind))
    }
}

async fn guard(state: &AppState, ctx: &Ctx, id: i64) -> Result<(EventTabs, String), AppError> {
    ctx.require(EventId(id), Permission::CheckIn)?;
    let (event, tabs) = event_for(state, ctx, id, "documents").await?;
    Ok((tabs, event.time_zone))
}

async fn render(
    state: &AppState,
    ctx: Ctx,
    tabs: EventTabs,
    time_zone: &str,
    texts: Option<TextsInput>,
    status: StatusCode,
    alert: String,
) -> Result<Response, AppError> {
    let overview = docs::overview(&state.db, EventId(tabs.id), ctx.locale).await?;
    let jobs = store::event_day::recent_jobs(&state.db, tabs.id, RECENT)
        .await?
        .into_iter()
        .map(|j| JobLine {
            id: j.id,
            requested: services::meetings::notify::local_time(j.created_at, time_zone, ctx.locale),
            kind: j.kind,
            locale: j.locale,
            status: j.status,
            done: j.done,
            total: j.total,
            error: j.error.unwrap_or_default(),
            file_name: j.file_name,
        })
        .collect();
    let texts = texts.unwrap_or_else(|| TextsInput {
        letter_fr: overview.letter_fr.clone(),
        letter_en: overview.letter_en.clone(),
        signatory: overview.signatory.clone(),
    });
    page_with_status(
        status,
        DocumentsPage {
            ctx,
            tabs,
            kinds: JobKind::ALL.iter().map(|k| k.code()).collect(),
            jobs,
            overview,
            texts,
            alert,
        },
    )
}

async fn documents_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let (tabs, tz) = guard(&state, &ctx, id).await?;
    render(&state, ctx, tabs, &tz, None, StatusCode::OK, String::new()).await
}

/// The "Generate" form: `kind`, `locale`, and the kind's options (`session`, `scope`, and
/// repeated `table` checkboxes), read from the raw body because of the repeated field.
async fn queue(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    body: Bytes,
) -> Result<Response, AppError> {
    let (tabs, tz) = guard(&state, &ctx, id).await?;
    let mut kind = None;
    let mut locale = ctx.locale;
    let mut params = JobParams::default();
    for (key, value) in url::form_urlencoded::parse(&body) {
        match key.as_ref() {
            "kind" => kind = JobKind::from_code(&value),
            "locale" => locale = Locale::parse(&value).unwrap_or(ctx.locale),
            "session" => params.session_id = value.parse().ok(),
            "scope" => params.only_changed = value == "changed",
            "table" if !value.trim().is_empty() => params.tables.push(value.into_owned()),
            _ => {}
        }
    }
    let Some(kind) = kind else {
        let alert = ctx.t("documents-error-unknown-kind");
        return render(
            &state,
            ctx,
            tabs,
            &tz,
            None,
            StatusCode::UNPROCESSABLE_ENTITY,
            alert,
        )
        .await;
    };
    if kind != JobKind::AttendanceSheets {
        params.session_id = None;
    }
    if kind != JobKind::PersonalAgendas {
        params.only_changed = false;
    }
    if kind != JobKind::TableSchedules {
        params.tables.clear();
    }
    let file_name = format!("{}-{}.pdf", kind.code().replace('_', "-"), locale.code());
    let params = serde_json::to_value(&params).map_err(|e| AppError::Internal(e.to_string()))?;
    jobs::enqueue(
        &state.db,
        EventId(id),
        JobRequest {
            kind,
            params,
            locale,
            file_name,
            requested_by: Some(ctx.viewer()?.user.id),
        },
    )
    .await?;
    Ok(redirect_with_flash(
        &format!("/admin/events/{id}/documents#jobs"),
        "documents-queued",
        state.settings.secure_cookies(),
    ))
}

async fn find_job(state: &AppState, id: i64, job: i64) -> Result<DocJobRow, AppError> {
    store::event_day::job(&state.db, id, job)
        .await?
        .ok_or(AppError::NotFound)
}

/// `GET …/jobs/{job}.json`: the job's state for the progress bar.
async fn job_json(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, job)): Path<(i64, String)>,
) -> Result<Response, AppError> {
    guard(&state, &ctx, id).await?;
    let job: i64 = job
        .strip_suffix(".json")
        .and_then(|n| n.parse().ok())
        .ok_or(AppError::NotFound)?;
    let job = find_job(&state, id, job).await?;
    let done = job.status == store::event_day::JOB_DONE;
    Ok(Json(serde_json::json!({
        "id": job.id,
        "kind": job.kind,
        "status": job.status,
        "status_label": ctx.tp("documents-state-", &job.status),
        "done": job.done,
        "total": job.total,
        "error": job.error.unwrap_or_default(),
        "download": if done {
            Some(format!("/admin/events/{id}/documents/jobs/{}/file", job.id))
        } else {
            None
        },
    }))
    .into_response())
}

/// `GET …/jobs/{job}/file`: the finished PDF as an attachment.
async fn download(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, job)): Path<(i64, i64)>,
) -> Result<Response, AppError> {
    guard(&state, &ctx, id).await?;
    let job = find_job(&state, id, job).await?;
    let key = job.file_key.as_deref().ok_or(AppError::NotFound)?;
    let bytes = state.files.get(key).await?.ok_or(AppError::NotFound)?;
    let name = services::files::sanitize_name(&job.file_name);
    Ok((
        [
            (header::CONTENT_TYPE, "application/pdf".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_string()),
            (header::CACHE_CONTROL, "no-store".to_string()),
        ],
        bytes,
    )
        .into_response())
}

async fn save_texts(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    axum::Form(form): axum::Form<TextsInput>,
) -> Result<Response, AppError> {
    let (tabs, tz) = guard(&state, &ctx, id).await?;
    match docs::save_texts(&state.db, &ctx.actor()?, EventId(id), &form).await {
        Ok(()) => Ok(redirect_with_flash(
            &format!("/admin/events/{id}/documents#texts"),
            "documents-texts-saved",
            state.settings.secure_cookies(),
        )),
        Err(TextsError::Invalid(key)) => {
            let alert = ctx.t(key);
            render(
                &state,
                ctx,
                tabs,
                &tz,
                Some(form),
                StatusCode::UNPROCESSABLE_ENTITY,
                alert,
            )
            .await
        }
        Err(TextsError::Internal(e)) => Err(e.into()),
    }
}

//! The event's lists (BO-9): sectors, keywords, key figures, cooperation types, participant
//! categories and B2B sessions, edited term by term or imported from CSV.

use super::{EventTabs, event_for, read_multipart};
use crate::context::Ctx;
use crate::error::AppError;
use crate::render::{page_with_status, redirect_with_flash};
use crate::state::AppState;
use askama::Template;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use domain::{EventId, Permission};
use services::forms::FieldErrors;
use services::taxonomy::{ImportReport, TaxonomyError, TermForm, Vocabulary};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin/events/{id}/lists", get(lists_page))
        .route("/admin/events/{id}/lists/{list}/add", post(add))
        .route("/admin/events/{id}/lists/{list}/import", post(import))
        .route("/admin/events/{id}/lists/{list}/reset", post(reset))
        .route("/admin/events/{id}/lists/{list}/export.csv", get(export))
        .route("/admin/events/{id}/lists/{list}/{code}/edit", post(edit))
        .route(
            "/admin/events/{id}/lists/{list}/{code}/delete",
            post(delete),
        )
        .route(
            "/admin/events/{id}/lists/{list}/{code}/move",
            post(move_term),
        )
}

/// A term as listed, indented under its parent.
struct TermLine {
    code: String,
    parent: String,
    label_fr: String,
    label_en: String,
    depth: usize,
}

/// One import line refused, translated.
struct ProblemLine {
    line: usize,
    message: String,
    value: String,
}

#[derive(Template)]
#[template(path = "admin/lists.html")]
struct ListsPage {
    ctx: Ctx,
    tabs: EventTabs,
    lists: Vec<(&'static str, bool)>,
    list: &'static str,
    hierarchical: bool,
    customised: bool,
    terms: Vec<TermLine>,
    editing: String,
    form: TermForm,
    errors: FieldErrors,
    report: Option<ReportView>,
}

/// What an import found, translated.
struct ReportView {
    count: usize,
    written: bool,
    problems: Vec<ProblemLine>,
}

impl ListsPage {
    fn indent(&self, depth: &usize) -> String {
        "— ".repeat(*depth)
    }

    fn hint(&self) -> String {
        self.ctx.t(&format!("vocabulary-{}-hint", self.list))
    }
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct ListQuery {
    list: String,
    edit: String,
}

fn vocabulary(code: &str) -> Result<Vocabulary, AppError> {
    Vocabulary::parse(code).ok_or(AppError::NotFound)
}

fn list_url(id: i64, list: Vocabulary) -> String {
    format!("/admin/events/{id}/lists?list={}", list.code())
}

struct Shown {
    list: Vocabulary,
    editing: String,
    form: TermForm,
    errors: FieldErrors,
    report: Option<ImportReport>,
}

async fn render(
    state: &AppState,
    ctx: Ctx,
    tabs: EventTabs,
    shown: Shown,
) -> Result<Response, AppError> {
    let taxonomy = services::taxonomy::load(&state.db, EventId(tabs.id)).await?;
    let list = shown.list;
    let terms = taxonomy
        .tree(list)
        .into_iter()
        .map(|(depth, term)| TermLine {
            code: term.code.clone(),
            parent: term.parent.clone(),
            label_fr: term.label_fr.clone(),
            label_en: term.label_en.clone(),
            depth,
        })
        .collect();
    let status =
        if shown.errors.is_empty() && shown.report.as_ref().is_none_or(|r| r.problems.is_empty()) {
            StatusCode::OK
        } else {
            StatusCode::UNPROCESSABLE_ENTITY
        };
    let report = shown.report.map(|r| {
        let problems = r
            .problems
            .iter()
            .map(|p| ProblemLine {
                line: p.line,
                message: ctx.t(&p.message),
                value: p.value.clone(),
            })
            .collect();
        ReportView {
            count: r.terms.len(),
            written: r.written,
            problems,
        }
    });
    page_with_status(
        status,
        ListsPage {
            lists: Vocabulary::ALL
                .into_iter()
                .map(|v| (v.code(), v == list))
                .collect(),
            list: list.code(),
            hierarchical: list.is_hierarchical(),
            customised: taxonomy.is_customised(list),
            terms,
            editing: shown.editing,
            form: shown.form,
            errors: shown.errors,
            report,
            tabs,
            ctx,
        },
    )
}

async fn guard(state: &AppState, ctx: &Ctx, id: i64) -> Result<EventTabs, AppError> {
    ctx.require(EventId(id), Permission::EditSiteContent)?;
    let (_, tabs) = event_for(state, ctx, id, "lists").await?;
    Ok(tabs)
}

async fn lists_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Query(query): Query<ListQuery>,
) -> Result<Response, AppError> {
    let tabs = guard(&state, &ctx, id).await?;
    let list = Vocabulary::parse(&query.list).unwrap_or(Vocabulary::Sector);
    render(
        &state,
        ctx,
        tabs,
        Shown {
            list,
            editing: query.edit,
            form: TermForm::default(),
            errors: FieldErrors::new(),
            report: None,
        },
    )
    .await
}

/// Redirects back to the list after a change, or shows the errors.
async fn after(
    state: &AppState,
    ctx: Ctx,
    tabs: EventTabs,
    list: Vocabulary,
    editing: String,
    form: TermForm,
    result: Result<(), TaxonomyError>,
) -> Result<Response, AppError> {
    match result {
        Ok(()) => Ok(redirect_with_flash(
            &list_url(tabs.id, list),
            "taxonomy-saved",
            state.settings.secure_cookies(),
        )),
        Err(TaxonomyError::Invalid(errors)) => {
            render(
                state,
                ctx,
                tabs,
                Shown {
                    list,
                    editing,
                    form,
                    errors,
                    report: None,
                },
            )
            .await
        }
        Err(TaxonomyError::NotFound) => Err(AppError::NotFound),
        Err(TaxonomyError::Internal(e)) => Err(e.into()),
    }
}

async fn add(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, list)): Path<(i64, String)>,
    Form(form): Form<TermForm>,
) -> Result<Response, AppError> {
    let tabs = guard(&state, &ctx, id).await?;
    let list = vocabulary(&list)?;
    let result =
        services::taxonomy::add_term(&state.db, &ctx.actor()?, EventId(id), list, &form).await;
    after(&state, ctx, tabs, list, String::new(), form, result).await
}

async fn edit(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, list, code)): Path<(i64, String, String)>,
    Form(form): Form<TermForm>,
) -> Result<Response, AppError> {
    let tabs = guard(&state, &ctx, id).await?;
    let list = vocabulary(&list)?;
    let result =
        services::taxonomy::edit_term(&state.db, &ctx.actor()?, EventId(id), list, &code, &form)
            .await;
    after(&state, ctx, tabs, list, code, form, result).await
}

async fn delete(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, list, code)): Path<(i64, String, String)>,
) -> Result<Response, AppError> {
    let tabs = guard(&state, &ctx, id).await?;
    let list = vocabulary(&list)?;
    let result =
        services::taxonomy::remove_term(&state.db, &ctx.actor()?, EventId(id), list, &code).await;
    after(
        &state,
        ctx,
        tabs,
        list,
        String::new(),
        TermForm::default(),
        result,
    )
    .await
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct MoveForm {
    direction: String,
}

async fn move_term(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, list, code)): Path<(i64, String, String)>,
    Form(form): Form<MoveForm>,
) -> Result<Response, AppError> {
    let tabs = guard(&state, &ctx, id).await?;
    let list = vocabulary(&list)?;
    let result = services::taxonomy::move_term(
        &state.db,
        &ctx.actor()?,
        EventId(id),
        list,
        &code,
        form.direction == "up",
    )
    .await;
    after(
        &state,
        ctx,
        tabs,
        list,
        String::new(),
        TermForm::default(),
        result,
    )
    .await
}

async fn reset(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, list)): Path<(i64, String)>,
) -> Result<Response, AppError> {
    let tabs = guard(&state, &ctx, id).await?;
    let list = vocabulary(&list)?;
    let result = services::taxonomy::reset(&state.db, &ctx.actor()?, EventId(id), list).await;
    after(
        &state,
        ctx,
        tabs,
        list,
        String::new(),
        TermForm::default(),
        result,
    )
    .await
}

async fn import(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, list)): Path<(i64, String)>,
    multipart: Multipart,
) -> Result<Response, AppError> {
    let tabs = guard(&state, &ctx, id).await?;
    let list = vocabulary(&list)?;
    let upload = read_multipart(multipart, "file").await?;
    let dry_run = upload.text("dry_run") == "on";
    let report = match services::taxonomy::import_csv(
        &state.db,
        &ctx.actor()?,
        EventId(id),
        list,
        &upload.file_bytes,
        dry_run,
    )
    .await
    {
        Ok(report) => report,
        Err(TaxonomyError::Internal(e)) => return Err(e.into()),
        Err(_) => return Err(AppError::NotFound),
    };
    render(
        &state,
        ctx,
        tabs,
        Shown {
            list,
            editing: String::new(),
            form: TermForm::default(),
            errors: FieldErrors::new(),
            report: Some(report),
        },
    )
    .await
}

async fn export(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, list)): Path<(i64, String)>,
) -> Result<Response, AppError> {
    guard(&state, &ctx, id).await?;
    let list = vocabulary(&list)?;
    let taxonomy = services::taxonomy::load(&state.db, EventId(id)).await?;
    let body = services::taxonomy::to_csv(taxonomy.terms(list));
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{}.csv\"", list.code()),
            ),
        ],
        body,
    )
        .into_response())
}

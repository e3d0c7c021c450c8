//! Registering participants on their behalf (BO-7), export of the filtered list to CSV and
//! XLSX, import from CSV or XLSX with a dry run first.

use super::registrations::{ListQuery, access, invalid_attrs, sees_personal_data};
use super::{EventTabs, read_multipart};
use crate::context::Ctx;
use crate::error::AppError;
use crate::features::form_view::FieldView;
use crate::features::registration::{Block, Parts, parts};
use crate::render::{page, page_with_status, redirect_with_flash};
use crate::state::AppState;
use askama::Template;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Form, Router};
use domain::{EventId, Permission};
use services::backoffice::Scope;
use services::backoffice::import::{ImportError, Report};
use services::forms::FieldErrors;
use services::registration::{OnBehalf, RegistrationError, RegistrationForm};

pub fn routes() -> Router<AppState> {
    let base = "/admin/events/{id}/registrations";
    Router::new()
        .route(&format!("{base}/new"), get(new_form).post(new_submit))
        .route(&format!("{base}/export.csv"), get(export_csv))
        .route(&format!("{base}/export.xlsx"), get(export_xlsx))
        .route(
            &format!("{base}/import"),
            get(import_page).post(import_submit),
        )
        .route(&format!("{base}/import/template.csv"), get(template))
}

#[derive(Template)]
#[template(path = "admin/register_on_behalf.html")]
struct OnBehalfPage {
    ctx: Ctx,
    tabs: EventTabs,
    form: RegistrationForm,
    validate: bool,
    errors: FieldErrors,
    company_fields: Vec<FieldView>,
    expert_fields: Vec<FieldView>,
    people: Vec<Block>,
    offers: Vec<Block>,
}

impl OnBehalfPage {
    /// The translated error of a field, if any.
    fn err(&self, field: &str) -> Option<String> {
        self.errors.get(field).map(|m| self.ctx.t(m))
    }

    /// `aria-invalid`/`aria-describedby` attributes for a field in error (or nothing).
    fn invalid(&self, field: &str) -> String {
        invalid_attrs(&self.errors, field, field)
    }
}

async fn render_on_behalf(
    state: &AppState,
    ctx: Ctx,
    tabs: EventTabs,
    form: RegistrationForm,
    validate: bool,
    errors: FieldErrors,
) -> Result<Response, AppError> {
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let event = EventId(tabs.id);
    // Organizers fill what they know; the participant completes the rest later.
    let design = services::form_fields::load(&state.db, event)
        .await?
        .for_organizers()
        .without_files();
    let taxonomy = services::taxonomy::load(&state.db, event).await?;
    let Parts {
        company_fields,
        expert_fields,
        people,
        offers,
    } = parts(&ctx, &design, &taxonomy, &form, &errors);
    let page = OnBehalfPage {
        company_fields,
        expert_fields,
        people,
        offers,
        ctx,
        tabs,
        form,
        validate,
        errors,
    };
    page_with_status(status, page)
}

async fn new_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let access = access(&state, &ctx, id).await?;
    let form = RegistrationForm::blank();
    render_on_behalf(&state, ctx, access.tabs, form, false, FieldErrors::new()).await
}

async fn new_submit(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let access = access(&state, &ctx, id).await?;
    let form = RegistrationForm::from_pairs(&pairs);
    let validate = pairs.iter().any(|(k, v)| k == "validate_now" && v == "on");
    let behalf = OnBehalf {
        actor: ctx.actor()?,
        validate,
        coorganizer: access.scope.coorganizer(),
        dry_run: false,
        arrives_on_site: false,
    };
    let event = EventId(id);
    let done = services::registration::register_on_behalf(
        &state.db,
        &state.settings,
        event,
        &form,
        ctx.locale,
        &behalf,
    )
    .await;
    match done {
        Ok(company) => {
            let (db, settings) = (state.db.clone(), state.settings.clone());
            tokio::spawn(async move {
                let checked = services::registration::verify_vat(&db, &settings, event, company);
                if let Err(e) = checked.await {
                    tracing::warn!(error = %e, "VAT check failed");
                }
            });
            Ok(redirect_with_flash(
                &format!("/admin/events/{id}/registrations/{company}"),
                "backoffice-flash-registered",
                state.settings.secure_cookies(),
            ))
        }
        Err(RegistrationError::Invalid(errors)) => {
            render_on_behalf(&state, ctx, access.tabs, form, validate, errors).await
        }
        Err(RegistrationError::Internal(e)) => Err(e.into()),
        Err(_) => Err(AppError::NotFound),
    }
}

fn download(content_type: &str, name: &str, body: Vec<u8>) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_string()),
            (header::CACHE_CONTROL, "no-store".to_string()),
        ],
        body,
    )
        .into_response()
}

/// The export's table: needs the export right; a co-organizer exports their assigned
/// participants only; contact columns need the personal-data right.
async fn export_table(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    query: &ListQuery,
) -> Result<(String, services::backoffice::export::Table), AppError> {
    let (event_row, _) = super::event_for(state, ctx, id, "registrations").await?;
    let event = EventId(id);
    let viewer = ctx.require(event, Permission::Exports)?;
    let scope = Scope::of(&state.db, viewer, event)
        .await?
        .unwrap_or(Scope::All);
    let personal = sees_personal_data(ctx, event);
    let table =
        services::backoffice::export::table(&state.db, &scope, event, query.filter(), personal)
            .await?;
    let name = format!(
        "{}-{}",
        event_row.slug,
        query.status().unwrap_or("registrations")
    );
    Ok((name, table))
}

async fn export_csv(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Query(query): Query<ListQuery>,
) -> Result<Response, AppError> {
    let (name, table) = export_table(&state, &ctx, id, &query).await?;
    let body = services::backoffice::export::to_csv(&table).into_bytes();
    Ok(download(
        "text/csv; charset=utf-8",
        &format!("{name}.csv"),
        body,
    ))
}

async fn export_xlsx(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Query(query): Query<ListQuery>,
) -> Result<Response, AppError> {
    let (name, table) = export_table(&state, &ctx, id, &query).await?;
    let sheet = ctx.t("admin-tab-registrations");
    let body = services::backoffice::export::to_xlsx(&table, &sheet)?;
    Ok(download(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        &format!("{name}.xlsx"),
        body,
    ))
}

/// One line of the report, translated.
struct ReportLine {
    line: usize,
    column: String,
    message: String,
}

#[derive(Template)]
#[template(path = "admin/registrations_import.html")]
struct ImportPage {
    ctx: Ctx,
    tabs: EventTabs,
    columns: Vec<&'static str>,
    required: usize,
    report: Option<Report>,
    lines: Vec<ReportLine>,
    file_error: Option<String>,
}

/// Import is for those who manage every registration of the event, not co-organizers.
async fn import_access(state: &AppState, ctx: &Ctx, id: i64) -> Result<EventTabs, AppError> {
    let access = access(state, ctx, id).await?;
    if access.scope != Scope::All {
        return Err(AppError::Forbidden);
    }
    Ok(access.tabs)
}

fn render_import(
    ctx: Ctx,
    tabs: EventTabs,
    report: Option<Report>,
    file_error: Option<String>,
) -> Result<Response, AppError> {
    let lines = report
        .iter()
        .flat_map(|r| r.errors.iter())
        .map(|e| ReportLine {
            line: e.line,
            column: e.column.clone(),
            message: ctx.t(&e.message),
        })
        .collect();
    let status = if file_error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    page_with_status(
        status,
        ImportPage {
            ctx,
            tabs,
            columns: services::backoffice::import::COLUMNS.to_vec(),
            required: 7,
            report,
            lines,
            file_error,
        },
    )
}

async fn import_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let tabs = import_access(&state, &ctx, id).await?;
    render_import(ctx, tabs, None, None)
}

async fn template(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    import_access(&state, &ctx, id).await?;
    let body = services::backoffice::import::template_csv().into_bytes();
    Ok(download(
        "text/csv; charset=utf-8",
        "import-template.csv",
        body,
    ))
}

async fn import_submit(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    multipart: Multipart,
) -> Result<Response, AppError> {
    let tabs = import_access(&state, &ctx, id).await?;
    let upload = read_multipart(multipart, "file").await?;
    let write = upload.text("mode") == "import";
    let actor = ctx.actor()?;
    let file = (upload.file_name.as_str(), upload.file_bytes.as_slice());
    let done = services::backoffice::import::import(
        &state.db,
        &state.settings,
        &actor,
        EventId(id),
        file,
        write,
    )
    .await;
    match done {
        Ok(report) => page(ImportPage {
            lines: report
                .errors
                .iter()
                .map(|e| ReportLine {
                    line: e.line,
                    column: e.column.clone(),
                    message: ctx.t(&e.message),
                })
                .collect(),
            columns: services::backoffice::import::COLUMNS.to_vec(),
            required: 7,
            report: Some(report),
            file_error: None,
            ctx,
            tabs,
        }),
        Err(ImportError::Refused(message)) => {
            let text = ctx.t(message);
            render_import(ctx, tabs, None, Some(text))
        }
        Err(ImportError::MissingColumn(column)) => {
            let text = ctx.t1("backoffice-import-error-column", "column", column);
            render_import(ctx, tabs, None, Some(text))
        }
        Err(ImportError::Internal(e)) => Err(e.into()),
    }
}

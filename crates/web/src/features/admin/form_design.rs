//! The event's registration form (REG-3, BO-3, EXP-2): standard fields hidden, required,
//! reordered or relabelled, custom fields added, public fields chosen for the catalogue.

use super::{EventTabs, event_for};
use crate::context::Ctx;
use crate::error::AppError;
use crate::render::{page, page_with_status, redirect_with_flash};
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use axum::{Form, Router};
use domain::{EventId, Permission};
use services::form_fields::{Field, FieldForm, FormDesignError, Kind, Scope, Section};
use services::forms::FieldErrors;
use services::taxonomy::Vocabulary;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin/events/{id}/form", get(form_page))
        .route(
            "/admin/events/{id}/form/expert-criteria",
            post(add_expert_criteria),
        )
        .route(
            "/admin/events/{id}/form/{scope}/{key}",
            get(field_page).post(save_field),
        )
        .route(
            "/admin/events/{id}/form/{scope}/{key}/delete",
            post(remove_field),
        )
        .route(
            "/admin/events/{id}/form/{scope}/{key}/move",
            post(move_field),
        )
}

/// A field as listed.
struct FieldLine {
    key: String,
    label: String,
    kind: &'static str,
    standard: bool,
    locked: bool,
    required: bool,
    hidden: bool,
    public: bool,
    expert: bool,
    customised: bool,
    sectors: String,
}

/// The fields of one scope.
struct ScopeBlock {
    scope: &'static str,
    fields: Vec<FieldLine>,
}

#[derive(Template)]
#[template(path = "admin/form_design.html")]
struct FormDesignPage {
    ctx: Ctx,
    tabs: EventTabs,
    scopes: Vec<ScopeBlock>,
    registration_open: bool,
}

async fn guard(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
) -> Result<(store::events::EventRow, EventTabs), AppError> {
    ctx.require(EventId(id), Permission::EditSiteContent)?;
    event_for(state, ctx, id, "form").await
}

async fn form_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let (event, tabs) = guard(&state, &ctx, id).await?;
    let design = services::form_fields::load(&state.db, EventId(id)).await?;
    let taxonomy = services::taxonomy::load(&state.db, EventId(id)).await?;
    let scopes = Scope::ALL
        .into_iter()
        .map(|scope| ScopeBlock {
            scope: scope.code(),
            fields: design
                .fields
                .iter()
                .filter(|f| f.scope == scope)
                .map(|f| FieldLine {
                    key: f.key.clone(),
                    label: f.label(ctx.locale),
                    kind: f.kind.code(),
                    standard: f.standard,
                    locked: f.locked,
                    required: f.required,
                    hidden: f.hidden,
                    public: f.public,
                    expert: f.section == Section::Expert,
                    customised: f.row_id != 0,
                    sectors: f
                        .sectors
                        .iter()
                        .map(|s| taxonomy.label(Vocabulary::Sector, s, ctx.locale))
                        .collect::<Vec<_>>()
                        .join(", "),
                })
                .collect(),
        })
        .collect();
    page(FormDesignPage {
        registration_open: services::events::registration_is_open(&event, chrono::Utc::now()),
        ctx,
        tabs,
        scopes,
    })
}

#[derive(Template)]
#[template(path = "admin/form_field.html")]
struct FieldPage {
    ctx: Ctx,
    tabs: EventTabs,
    scope: &'static str,
    key: String,
    title: String,
    standard: bool,
    locked: bool,
    kind: String,
    form: FieldForm,
    errors: FieldErrors,
    kinds: Vec<&'static str>,
    lists: Vec<&'static str>,
    sectors: Vec<(String, String)>,
    company_scope: bool,
    can_be_public: bool,
}

impl FieldPage {
    fn sector_checked(&self, code: &str) -> bool {
        self.form.sectors.iter().any(|s| s == code)
    }
}

fn scope_of(code: &str) -> Result<Scope, AppError> {
    Scope::parse(code).ok_or(AppError::NotFound)
}

#[allow(clippy::too_many_arguments)]
async fn render_field(
    state: &AppState,
    ctx: Ctx,
    tabs: EventTabs,
    scope: Scope,
    field: Option<&Field>,
    form: FieldForm,
    errors: FieldErrors,
) -> Result<Response, AppError> {
    let taxonomy = services::taxonomy::load(&state.db, EventId(tabs.id)).await?;
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let title = match field {
        Some(f) => ctx.t1("form-edit-title", "label", &f.label(ctx.locale)),
        None => ctx.t("form-new-title"),
    };
    let sectors = taxonomy
        .tree(Vocabulary::Sector)
        .into_iter()
        .map(|(depth, t)| {
            (
                t.code.clone(),
                format!("{}{}", "— ".repeat(depth), t.label(ctx.locale)),
            )
        })
        .collect();
    let key = field.map(|f| f.key.clone()).unwrap_or_else(|| "new".into());
    page_with_status(
        status,
        FieldPage {
            scope: scope.code(),
            standard: field.is_some_and(|f| f.standard),
            locked: field.is_some_and(|f| f.locked),
            kind: field
                .map(|f| f.kind.code().to_string())
                .unwrap_or_else(|| form.kind.clone()),
            can_be_public: !matches!(key.as_str(), "phone" | "address"),
            company_scope: scope == Scope::Company && key != "sector",
            key,
            title,
            form,
            errors,
            kinds: Kind::CUSTOM.iter().map(|k| k.code()).collect(),
            lists: Vocabulary::ALL.iter().map(|v| v.code()).collect(),
            sectors,
            tabs,
            ctx,
        },
    )
}

async fn field_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, scope, key)): Path<(i64, String, String)>,
) -> Result<Response, AppError> {
    let (_, tabs) = guard(&state, &ctx, id).await?;
    let scope = scope_of(&scope)?;
    if key == "new" {
        let form = FieldForm {
            kind: "text".into(),
            ..FieldForm::default()
        };
        return render_field(&state, ctx, tabs, scope, None, form, FieldErrors::new()).await;
    }
    let design = services::form_fields::load(&state.db, EventId(id)).await?;
    let field = design.field(scope, &key).ok_or(AppError::NotFound)?;
    let form = FieldForm::of(field);
    render_field(
        &state,
        ctx,
        tabs,
        scope,
        Some(field),
        form,
        FieldErrors::new(),
    )
    .await
}

fn saved(state: &AppState, id: i64) -> Response {
    redirect_with_flash(
        &format!("/admin/events/{id}/form"),
        "form-saved",
        state.settings.secure_cookies(),
    )
}

async fn save_field(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, scope, key)): Path<(i64, String, String)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let (_, tabs) = guard(&state, &ctx, id).await?;
    let scope = scope_of(&scope)?;
    let form = FieldForm::from_pairs(&pairs);
    let actor = ctx.actor()?;
    let result = if key == "new" {
        services::form_fields::add_field(&state.db, &actor, EventId(id), scope, &form)
            .await
            .map(|_| ())
    } else {
        services::form_fields::update_field(&state.db, &actor, EventId(id), scope, &key, &form)
            .await
    };
    match result {
        Ok(()) => Ok(saved(&state, id)),
        Err(FormDesignError::Invalid(errors)) => {
            let design = services::form_fields::load(&state.db, EventId(id)).await?;
            let field = design.field(scope, &key);
            render_field(&state, ctx, tabs, scope, field, form, errors).await
        }
        Err(FormDesignError::NotFound) => Err(AppError::NotFound),
        Err(FormDesignError::Internal(e)) => Err(e.into()),
    }
}

fn done(
    state: &AppState,
    id: i64,
    result: Result<(), FormDesignError>,
) -> Result<Response, AppError> {
    match result {
        Ok(()) => Ok(saved(state, id)),
        Err(FormDesignError::Internal(e)) => Err(e.into()),
        Err(_) => Err(AppError::NotFound),
    }
}

async fn remove_field(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, scope, key)): Path<(i64, String, String)>,
) -> Result<Response, AppError> {
    guard(&state, &ctx, id).await?;
    let scope = scope_of(&scope)?;
    let result =
        services::form_fields::remove_field(&state.db, &ctx.actor()?, EventId(id), scope, &key)
            .await;
    done(&state, id, result)
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct MoveForm {
    direction: String,
}

async fn move_field(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, scope, key)): Path<(i64, String, String)>,
    Form(form): Form<MoveForm>,
) -> Result<Response, AppError> {
    guard(&state, &ctx, id).await?;
    let scope = scope_of(&scope)?;
    let result = services::form_fields::move_field(
        &state.db,
        &ctx.actor()?,
        EventId(id),
        scope,
        &key,
        form.direction == "up",
    )
    .await;
    done(&state, id, result)
}

async fn add_expert_criteria(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    guard(&state, &ctx, id).await?;
    let result =
        services::form_fields::add_expert_criteria(&state.db, &ctx.actor()?, EventId(id)).await;
    done(&state, id, result)
}

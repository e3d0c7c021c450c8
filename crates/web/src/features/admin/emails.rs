//! The event's workflow email templates (REG-5): list of kinds × languages, editor with the
//! documented variables, preview with sample data, save (refused unless it renders), reset.
//! Governed by the right to edit the event's site and settings.

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
use domain::{EventId, Locale, Permission};
use services::email_templates::{
    EmailTemplateError, Kind, Rendered, TemplateDraft, edit_source, overview, preview,
    reset_template, save_template,
};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin/events/{id}/emails", get(list))
        .route(
            "/admin/events/{id}/emails/{kind}/{lang}",
            get(editor).post(save),
        )
        .route(
            "/admin/events/{id}/emails/{kind}/{lang}/preview",
            post(show_preview),
        )
        .route("/admin/events/{id}/emails/{kind}/{lang}/reset", post(reset))
}

/// Another event's id answers 404 (not on its team), then the right is checked.
async fn editable(state: &AppState, ctx: &Ctx, id: i64) -> Result<EventTabs, AppError> {
    let (_, tabs) = event_for(state, ctx, id, "emails").await?;
    ctx.require(EventId(id), Permission::EditSiteContent)?;
    Ok(tabs)
}

fn target(kind: &str, lang: &str) -> Result<(Kind, Locale), AppError> {
    let kind = Kind::parse(kind).ok_or(AppError::NotFound)?;
    let locale = Locale::parse(lang)
        .filter(|l| l.code() == lang)
        .ok_or(AppError::NotFound)?;
    Ok((kind, locale))
}

struct Line {
    kind: &'static str,
    lang: &'static str,
    customised_on: Option<String>,
}

#[derive(Template)]
#[template(path = "admin/emails.html")]
struct ListPage {
    ctx: Ctx,
    tabs: EventTabs,
    lines: Vec<Line>,
}

async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let tabs = editable(&state, &ctx, id).await?;
    let lines = overview(&state.db, EventId(id))
        .await?
        .into_iter()
        .map(|o| Line {
            kind: o.kind.code(),
            lang: o.locale.code(),
            customised_on: o.customised_at.map(|t| t.format("%Y-%m-%d").to_string()),
        })
        .collect();
    page(ListPage { ctx, tabs, lines })
}

#[derive(Template)]
#[template(path = "admin/email_editor.html")]
struct EditorPage {
    ctx: Ctx,
    tabs: EventTabs,
    kind: &'static str,
    lang: &'static str,
    subject: String,
    body: String,
    customised: bool,
    /// (`{{ name }}` as typed in a template, description).
    variables: Vec<(String, String)>,
    subject_error: Option<String>,
    body_error: Option<String>,
    preview: Option<Rendered>,
}

#[derive(serde::Deserialize)]
struct DraftForm {
    #[serde(default)]
    subject: String,
    #[serde(default)]
    body: String,
}

/// What the editor shows besides the sources.
#[derive(Default)]
struct Outcome {
    subject_error: Option<String>,
    body_error: Option<String>,
    preview: Option<Rendered>,
}

impl Outcome {
    fn from_error(ctx: &Ctx, error: EmailTemplateError) -> Result<Outcome, AppError> {
        let mut outcome = Outcome::default();
        match error {
            EmailTemplateError::Invalid(errors) => {
                outcome.subject_error = errors.get("subject").map(|m| ctx.t(m));
                outcome.body_error = errors.get("body").map(|m| ctx.t(m));
            }
            EmailTemplateError::Rejected(problem) => {
                let message = Some(problem.message(ctx.locale));
                if problem.field == "subject" {
                    outcome.subject_error = message;
                } else {
                    outcome.body_error = message;
                }
            }
            EmailTemplateError::NotFound => return Err(AppError::NotFound),
            EmailTemplateError::Internal(e) => return Err(e.into()),
        }
        Ok(outcome)
    }

    fn has_errors(&self) -> bool {
        self.subject_error.is_some() || self.body_error.is_some()
    }
}

async fn render_editor(
    state: &AppState,
    ctx: Ctx,
    tabs: EventTabs,
    (kind, locale): (Kind, Locale),
    typed: Option<DraftForm>,
    outcome: Outcome,
) -> Result<Response, AppError> {
    let (stored_subject, stored_body, customised) =
        edit_source(&state.db, EventId(tabs.id), kind, locale).await?;
    let (subject, body) = match typed {
        Some(form) => (form.subject, form.body),
        None => (stored_subject, stored_body),
    };
    let variables = kind
        .variables()
        .into_iter()
        .map(|name| {
            let usage = ["{{ ", name, " }}"].concat();
            (usage, ctx.t(&format!("email-var-{name}")))
        })
        .collect();
    let status = if outcome.has_errors() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    page_with_status(
        status,
        EditorPage {
            ctx,
            tabs,
            kind: kind.code(),
            lang: locale.code(),
            subject,
            body,
            customised,
            variables,
            subject_error: outcome.subject_error,
            body_error: outcome.body_error,
            preview: outcome.preview,
        },
    )
}

async fn editor(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, kind, lang)): Path<(i64, String, String)>,
) -> Result<Response, AppError> {
    let tabs = editable(&state, &ctx, id).await?;
    let target = target(&kind, &lang)?;
    render_editor(&state, ctx, tabs, target, None, Outcome::default()).await
}

async fn show_preview(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, kind, lang)): Path<(i64, String, String)>,
    Form(form): Form<DraftForm>,
) -> Result<Response, AppError> {
    let tabs = editable(&state, &ctx, id).await?;
    let (kind, locale) = target(&kind, &lang)?;
    let draft = TemplateDraft {
        kind,
        locale,
        subject: &form.subject,
        body: &form.body,
    };
    let base_url = state.settings.base_url();
    let outcome = match preview(&state.db, &base_url, EventId(id), draft).await {
        Ok(rendered) => Outcome {
            preview: Some(rendered),
            ..Outcome::default()
        },
        Err(e) => Outcome::from_error(&ctx, e)?,
    };
    render_editor(&state, ctx, tabs, (kind, locale), Some(form), outcome).await
}

async fn save(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, kind, lang)): Path<(i64, String, String)>,
    Form(form): Form<DraftForm>,
) -> Result<Response, AppError> {
    let tabs = editable(&state, &ctx, id).await?;
    let (kind, locale) = target(&kind, &lang)?;
    let draft = TemplateDraft {
        kind,
        locale,
        subject: &form.subject,
        body: &form.body,
    };
    let base_url = state.settings.base_url();
    match save_template(&state.db, &base_url, &ctx.actor()?, EventId(id), draft).await {
        Ok(()) => Ok(redirect_with_flash(
            &format!(
                "/admin/events/{id}/emails/{}/{}",
                kind.code(),
                locale.code()
            ),
            "flash-saved",
            state.settings.secure_cookies(),
        )),
        Err(e) => {
            let outcome = Outcome::from_error(&ctx, e)?;
            render_editor(&state, ctx, tabs, (kind, locale), Some(form), outcome).await
        }
    }
}

async fn reset(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, kind, lang)): Path<(i64, String, String)>,
) -> Result<Response, AppError> {
    editable(&state, &ctx, id).await?;
    let (kind, locale) = target(&kind, &lang)?;
    match reset_template(&state.db, &ctx.actor()?, EventId(id), kind, locale).await {
        Ok(_) => Ok(redirect_with_flash(
            &format!(
                "/admin/events/{id}/emails/{}/{}",
                kind.code(),
                locale.code()
            ),
            "flash-email-reset",
            state.settings.secure_cookies(),
        )),
        Err(EmailTemplateError::Internal(e)) => Err(e.into()),
        Err(_) => Err(AppError::NotFound),
    }
}

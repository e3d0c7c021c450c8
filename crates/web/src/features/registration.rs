//! The public registration form of an event (REG-1, REG-2, REG-6, REG-8).

use super::public_site::pick;
use crate::context::Ctx;
use crate::error::AppError;
use crate::render::{page, page_with_status};
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::{Form, Router};
use chrono::Utc;
use domain::EventId;
use services::forms::FieldErrors;
use services::registration::{RegistrationError, RegistrationForm};
use store::events::EventRow;

/// Routes of this feature.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/{slug}/register", get(form_page).post(submit))
        .route("/{slug}/register/thanks", get(thanks))
}

#[derive(Template)]
#[template(path = "register.html")]
struct RegisterPage {
    ctx: Ctx,
    slug: String,
    event_name: String,
    open: bool,
    form: RegistrationForm,
    errors: FieldErrors,
    notice: String,
    countries: Vec<(&'static str, String)>,
    sectors: Vec<&'static str>,
}

impl RegisterPage {
    /// The privacy notice in paragraphs (plain text, split at blank lines).
    fn notice_paragraphs(&self) -> Vec<String> {
        services::privacy::paragraphs(&self.notice)
    }

    /// The id of an indexed field: `p0_email`, `o1_title`.
    fn fid(&self, prefix: &str, index: &usize, field: &str) -> String {
        format!("{prefix}{index}_{field}")
    }

    /// The translated error of a field, if any.
    fn err(&self, field: &str) -> Option<String> {
        self.errors.get(field).map(|m| self.ctx.t(m))
    }

    /// `aria-invalid`/`aria-describedby` attributes for a field in error (or nothing).
    fn invalid(&self, field: &str) -> String {
        if self.errors.get(field).is_some() {
            format!("aria-invalid=\"true\" aria-describedby=\"{field}-error\"")
        } else {
            String::new()
        }
    }
}

async fn open_event(state: &AppState, slug: &str) -> Result<EventRow, AppError> {
    let event = store::events::find_by_slug(&state.db, slug)
        .await?
        .ok_or(AppError::NotFound)?;
    if services::events::site_is_open(&event, Utc::now()) {
        Ok(event)
    } else {
        Err(AppError::NotFound)
    }
}

fn render(
    ctx: Ctx,
    event: &EventRow,
    form: RegistrationForm,
    errors: FieldErrors,
) -> Result<Response, AppError> {
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let locale = ctx.locale;
    let mut countries: Vec<(&'static str, String)> = domain::countries::COUNTRIES
        .iter()
        .map(|(code, _, _)| (*code, domain::countries::name(code, locale)))
        .collect();
    countries.sort_by(|a, b| {
        domain::countries::fold_for_search(&a.1).cmp(&domain::countries::fold_for_search(&b.1))
    });
    let page = RegisterPage {
        slug: event.slug.clone(),
        event_name: pick(locale, &event.name_fr, &event.name_en),
        open: services::events::registration_is_open(event, Utc::now()),
        notice: services::registration::privacy_notice(event, locale),
        form,
        errors,
        countries,
        sectors: services::registration::SECTORS.to_vec(),
        ctx,
    };
    page_with_status(status, page)
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct InvitationQuery {
    via: String,
}

async fn form_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
    Query(query): Query<InvitationQuery>,
) -> Result<Response, AppError> {
    let event = open_event(&state, &slug).await?;
    let form = RegistrationForm {
        via: query.via.chars().take(64).collect(),
        ..RegistrationForm::blank()
    };
    render(ctx, &event, form, FieldErrors::new())
}

async fn submit(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let event = open_event(&state, &slug).await?;
    let form = RegistrationForm::from_pairs(&pairs);
    match services::registration::register(
        &state.db,
        &state.settings,
        EventId(event.id),
        &form,
        ctx.locale,
    )
    .await
    {
        Ok(company_id) => {
            let (db, settings, event_id) =
                (state.db.clone(), state.settings.clone(), EventId(event.id));
            tokio::spawn(async move {
                if let Err(e) =
                    services::registration::verify_vat(&db, &settings, event_id, company_id).await
                {
                    tracing::warn!(error = %e, "VAT check failed");
                }
            });
            Ok(Redirect::to(&format!("/{slug}/register/thanks")).into_response())
        }
        Err(RegistrationError::Invalid(errors)) => {
            // Passwords are never sent back to the browser.
            let form = RegistrationForm {
                password: String::new(),
                password_confirm: String::new(),
                ..form
            };
            render(ctx, &event, form, errors)
        }
        Err(RegistrationError::Closed) => render(ctx, &event, form, FieldErrors::new()),
        Err(RegistrationError::NotFound) => Err(AppError::NotFound),
        Err(RegistrationError::Internal(e)) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "register_thanks.html")]
struct ThanksPage {
    ctx: Ctx,
    slug: String,
    event_name: String,
}

async fn thanks(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
) -> Result<Response, AppError> {
    let event = open_event(&state, &slug).await?;
    let event_name = pick(ctx.locale, &event.name_fr, &event.name_en);
    page(ThanksPage {
        ctx,
        slug,
        event_name,
    })
}

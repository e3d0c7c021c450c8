//! Edits of a registration from its detail page (BO-3, BO-5, REG-10): the company's
//! fields, each person and each offer (save, add, remove, validate, refuse).

use super::registrations::{Posted, company_access, render_detail, sees_personal_data};
use crate::context::Ctx;
use crate::error::AppError;
use crate::render::redirect_with_flash;
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::post;
use axum::{Form, Router};
use domain::{EventId, UserId};
use services::backoffice::decide::Item;
use services::backoffice::{BackofficeError, edit};
use services::profile::OfferForm;
use services::registration::{PersonForm, RegistrationForm};

pub fn routes() -> Router<AppState> {
    let base = "/admin/events/{id}/registrations/{company}";
    Router::new()
        .route(&format!("{base}/company"), post(save_company))
        .route(&format!("{base}/people"), post(add_person))
        .route(&format!("{base}/people/{{item}}"), post(save_person))
        .route(
            &format!("{base}/people/{{item}}/remove"),
            post(remove_person),
        )
        .route(
            &format!("{base}/people/{{item}}/validate"),
            post(validate_person),
        )
        .route(
            &format!("{base}/people/{{item}}/refuse"),
            post(refuse_person),
        )
        .route(&format!("{base}/offers"), post(add_offer))
        .route(&format!("{base}/offers/{{item}}"), post(save_offer))
        .route(
            &format!("{base}/offers/{{item}}/delete"),
            post(delete_offer),
        )
        .route(
            &format!("{base}/offers/{{item}}/validate"),
            post(validate_offer),
        )
        .route(
            &format!("{base}/offers/{{item}}/refuse"),
            post(refuse_offer),
        )
}

fn back(state: &AppState, id: i64, company: i64, flash: &str) -> Response {
    redirect_with_flash(
        &format!("/admin/events/{id}/registrations/{company}"),
        flash,
        state.settings.secure_cookies(),
    )
}

/// Maps a failure: form errors and refusals re-show the page, the rest is an error page.
async fn failed(
    state: &AppState,
    ctx: Ctx,
    (id, company): (i64, i64),
    error: BackofficeError,
    posted: impl FnOnce(services::forms::FieldErrors) -> Posted,
) -> Result<Response, AppError> {
    let access = company_access(state, &ctx, id, company).await?;
    let posted = match error {
        BackofficeError::Invalid(errors) => posted(errors),
        BackofficeError::Refused(message) => Posted::Message(message),
        BackofficeError::NotFound => return Err(AppError::NotFound),
        BackofficeError::Internal(e) => return Err(e.into()),
    };
    render_detail(state, ctx, access.tabs, company, posted).await
}

async fn save_company(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, company)): Path<(i64, i64)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let access = company_access(&state, &ctx, id, company).await?;
    let form = RegistrationForm::from_pairs(&pairs);
    let actor = ctx.actor()?;
    match edit::update_company(
        &state.db,
        &actor,
        &access.scope,
        EventId(id),
        company,
        &form,
    )
    .await
    {
        Ok(vat_changed) => {
            if vat_changed {
                let (db, settings) = (state.db.clone(), state.settings.clone());
                tokio::spawn(async move {
                    let checked =
                        services::registration::verify_vat(&db, &settings, EventId(id), company);
                    if let Err(e) = checked.await {
                        tracing::warn!(error = %e, "VAT check failed");
                    }
                });
            }
            Ok(back(&state, id, company, "flash-saved"))
        }
        Err(e) => {
            failed(&state, ctx, (id, company), e, |errors| {
                Posted::Company(Box::new(form), errors)
            })
            .await
        }
    }
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct PersonInput {
    first_name: String,
    last_name: String,
    email: String,
    job_title: String,
    phone: String,
    editor: String,
}

impl PersonInput {
    fn form(&self) -> PersonForm {
        PersonForm {
            first_name: self.first_name.clone(),
            last_name: self.last_name.clone(),
            email: self.email.clone(),
            job_title: self.job_title.clone(),
            phone: self.phone.clone(),
        }
    }
}

async fn person(
    state: &AppState,
    ctx: Ctx,
    (id, company, item): (i64, i64, Option<i64>),
    input: PersonInput,
) -> Result<Response, AppError> {
    let access = company_access(state, &ctx, id, company).await?;
    let event = EventId(id);
    let mut form = input.form();
    let hidden = !sees_personal_data(&ctx, event);
    // Without the personal-data right the contact fields are not shown: keep the stored ones.
    if hidden && let Some(item) = item {
        let stored = store::backoffice::person(&state.db, event, company, item)
            .await?
            .ok_or(AppError::NotFound)?;
        form.phone = stored.phone;
        form.email = store::users::find(&state.db, UserId(stored.user_id))
            .await?
            .map(|u| u.email)
            .unwrap_or_default();
    }
    let editor = input.editor == "on";
    let actor = ctx.actor()?;
    let saved = edit::save_person(
        &state.db,
        &state.settings,
        &actor,
        &access.scope,
        event,
        company,
        item,
        (&form, editor),
    )
    .await;
    match saved {
        Ok(()) => Ok(back(state, id, company, "flash-saved")),
        Err(e) => {
            if hidden && item.is_some() {
                form.email = String::new();
                form.phone = String::new();
            }
            failed(state, ctx, (id, company), e, |errors| {
                Posted::Person(item, form, editor, errors)
            })
            .await
        }
    }
}

async fn add_person(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, company)): Path<(i64, i64)>,
    Form(input): Form<PersonInput>,
) -> Result<Response, AppError> {
    person(&state, ctx, (id, company, None), input).await
}

async fn save_person(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, company, item)): Path<(i64, i64, i64)>,
    Form(input): Form<PersonInput>,
) -> Result<Response, AppError> {
    person(&state, ctx, (id, company, Some(item)), input).await
}

async fn remove_person(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, company, item)): Path<(i64, i64, i64)>,
) -> Result<Response, AppError> {
    let access = company_access(&state, &ctx, id, company).await?;
    let actor = ctx.actor()?;
    let scope = &access.scope;
    match edit::remove_person(&state.db, &actor, scope, EventId(id), company, item).await {
        Ok(()) => Ok(back(&state, id, company, "flash-deleted")),
        Err(e) => failed(&state, ctx, (id, company), e, |_| Posted::Nothing).await,
    }
}

async fn decide(
    state: &AppState,
    ctx: Ctx,
    (id, company): (i64, i64),
    item: Item,
    validate: bool,
) -> Result<Response, AppError> {
    let access = company_access(state, &ctx, id, company).await?;
    let actor = ctx.actor()?;
    let decided = services::backoffice::decide::decide_item(
        &state.db,
        &state.settings,
        &actor,
        &access.scope,
        (EventId(id), company),
        item,
        validate,
    )
    .await;
    let flash = if validate {
        "flash-validated"
    } else {
        "flash-refused"
    };
    match decided {
        Ok(()) => Ok(back(state, id, company, flash)),
        Err(e) => failed(state, ctx, (id, company), e, |_| Posted::Nothing).await,
    }
}

async fn validate_person(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, company, item)): Path<(i64, i64, i64)>,
) -> Result<Response, AppError> {
    decide(&state, ctx, (id, company), Item::Person(item), true).await
}

async fn refuse_person(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, company, item)): Path<(i64, i64, i64)>,
) -> Result<Response, AppError> {
    decide(&state, ctx, (id, company), Item::Person(item), false).await
}

async fn validate_offer(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, company, item)): Path<(i64, i64, i64)>,
) -> Result<Response, AppError> {
    decide(&state, ctx, (id, company), Item::Offer(item), true).await
}

async fn refuse_offer(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, company, item)): Path<(i64, i64, i64)>,
) -> Result<Response, AppError> {
    decide(&state, ctx, (id, company), Item::Offer(item), false).await
}

async fn offer(
    state: &AppState,
    ctx: Ctx,
    (id, company, item): (i64, i64, Option<i64>),
    form: OfferForm,
) -> Result<Response, AppError> {
    let access = company_access(state, &ctx, id, company).await?;
    let actor = ctx.actor()?;
    let scope = &access.scope;
    match edit::save_offer(&state.db, &actor, scope, EventId(id), company, item, &form).await {
        Ok(()) => Ok(back(state, id, company, "flash-saved")),
        Err(e) => {
            failed(state, ctx, (id, company), e, |errors| {
                Posted::Offer(item, form, errors)
            })
            .await
        }
    }
}

async fn add_offer(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, company)): Path<(i64, i64)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    offer(
        &state,
        ctx,
        (id, company, None),
        OfferForm::from_pairs(pairs),
    )
    .await
}

async fn save_offer(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, company, item)): Path<(i64, i64, i64)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    offer(
        &state,
        ctx,
        (id, company, Some(item)),
        OfferForm::from_pairs(pairs),
    )
    .await
}

async fn delete_offer(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, company, item)): Path<(i64, i64, i64)>,
) -> Result<Response, AppError> {
    let access = company_access(&state, &ctx, id, company).await?;
    let actor = ctx.actor()?;
    let scope = &access.scope;
    match edit::delete_offer(
        &state.db,
        &state.files,
        &actor,
        scope,
        EventId(id),
        company,
        item,
    )
    .await
    {
        Ok(()) => Ok(back(&state, id, company, "flash-deleted")),
        Err(e) => failed(&state, ctx, (id, company), e, |_| Posted::Nothing).await,
    }
}

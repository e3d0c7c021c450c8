//! The public registration form of an event (REG-1, REG-2, REG-6, REG-8).

use super::form_view::{FieldView, OptionView, field_views};
use super::public_site::pick;
use crate::context::Ctx;
use crate::error::AppError;
use crate::render::{page, page_with_status};
use crate::state::AppState;
use askama::Template;
use axum::Router;
use axum::extract::{DefaultBodyLimit, Path, Query, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use chrono::Utc;
use domain::EventId;
use services::form_fields::{FormDesign, Scope, Section};
use services::forms::FieldErrors;
use services::forms::posted;
use services::registration::{RegistrationError, RegistrationForm};
use services::taxonomy::Taxonomy;
use store::events::EventRow;

/// Routes of this feature.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/{slug}/register",
            // The form carries files: `submit` caps the body itself (see `crate::uploads`).
            get(form_page)
                .post(submit)
                .layer(DefaultBodyLimit::disable()),
        )
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
    company_fields: Vec<FieldView>,
    expert_fields: Vec<FieldView>,
    people: Vec<Block>,
    offers: Vec<Block>,
    attach_hint: String,
    keywords: Vec<String>,
}

/// The inputs of one person or one offer.
pub(crate) struct Block {
    pub(crate) first: bool,
    pub(crate) number: usize,
    pub(crate) fields: Vec<FieldView>,
    /// Offers: the id of the file input (`o0_files`) and the files already received.
    pub(crate) files_id: String,
    pub(crate) uploads: Vec<services::uploads::PendingUpload>,
}

/// The `accept` attribute of attachment file inputs.
pub(crate) const ATTACHMENT_ACCEPT: &str = "application/pdf,image/png,image/jpeg,image/webp,image/gif,video/mp4,video/quicktime,video/webm";

/// The hint under a file input: accepted types, size and number limits.
pub(crate) fn attach_hint(state: &AppState, locale: domain::Locale) -> String {
    let limits = services::attachments::Limits::from_settings(&state.settings);
    services::i18n::t_args(
        locale,
        "attach-hint",
        &[
            ("max", limits.max_megabytes()),
            ("count", limits.per_offer.to_string()),
        ],
    )
}

impl RegisterPage {
    /// The `accept` attribute of attachment inputs (a hint to the browser; the server
    /// checks the content).
    fn accept(&self) -> &'static str {
        ATTACHMENT_ACCEPT
    }

    /// The privacy notice in paragraphs (plain text, split at blank lines).
    fn notice_paragraphs(&self) -> Vec<String> {
        services::privacy::paragraphs(&self.notice)
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

/// The configured fields of each part of the form, with what was typed (the public form,
/// and the organizers' forms that register or edit for someone).
pub(crate) struct Parts {
    pub(crate) company_fields: Vec<FieldView>,
    pub(crate) expert_fields: Vec<FieldView>,
    pub(crate) people: Vec<Block>,
    pub(crate) offers: Vec<Block>,
}

pub(crate) fn parts(
    ctx: &Ctx,
    design: &FormDesign,
    taxonomy: &Taxonomy,
    form: &RegistrationForm,
    errors: &FieldErrors,
) -> Parts {
    let raw = &form.raw;
    let views = |field: &services::form_fields::Field, prefix: &str| {
        field_views(ctx, field, prefix, raw, errors, taxonomy)
    };
    let mut company_fields = Vec::new();
    let mut expert_fields = Vec::new();
    for field in design.visible(Scope::Company) {
        let target = if field.section == Section::Expert {
            &mut expert_fields
        } else {
            &mut company_fields
        };
        target.extend(views(field, ""));
    }
    let people = (0..services::registration::PEOPLE_SLOTS)
        .map(|i| {
            let name = |f: &str| format!("p{i}_{f}");
            let plain = |f: &str, input, label: &str, token| {
                let view = FieldView::plain(&name(f), input, ctx.t(label), posted(raw, &name(f)))
                    .autocomplete(if i == 0 { token } else { "off" })
                    .max(100)
                    .with_error(ctx, errors);
                if i == 0 { view.required() } else { view }
            };
            let mut fields = vec![
                plain("first_name", "text", "field-first-name", "given-name"),
                plain("last_name", "text", "field-last-name", "family-name"),
                plain("email", "email", "field-email", "email"),
            ];
            for field in design.visible(Scope::Person) {
                fields.extend(views(field, &format!("p{i}_")));
            }
            Block {
                first: i == 0,
                number: i,
                fields,
                files_id: String::new(),
                uploads: Vec::new(),
            }
        })
        .collect();
    let offers = (0..services::registration::OFFER_SLOTS)
        .map(|i| {
            let name = |f: &str| format!("o{i}_{f}");
            let kind = posted(raw, &name("kind"));
            let mut kind_view = FieldView::plain(
                &name("kind"),
                "select",
                ctx.t("field-offer-kind"),
                kind.clone(),
            );
            kind_view.options = ["offer", "request"]
                .into_iter()
                .map(|k| OptionView {
                    value: k.to_string(),
                    label: ctx.tp("reg-offer-kind-", k),
                    selected: kind == k,
                })
                .collect();
            let mut fields = vec![
                kind_view.with_error(ctx, errors),
                FieldView::plain(
                    &name("title"),
                    "text",
                    ctx.t("field-title"),
                    posted(raw, &name("title")),
                )
                .max(200)
                .with_error(ctx, errors),
            ];
            for field in design.visible(Scope::Offer) {
                fields.extend(views(field, &format!("o{i}_")));
            }
            Block {
                first: i == 0,
                number: i + 1,
                fields,
                files_id: name("files"),
                uploads: form
                    .offers
                    .get(i)
                    .map(|o| o.uploads.clone())
                    .unwrap_or_default(),
            }
        })
        .collect();
    Parts {
        company_fields,
        expert_fields,
        people,
        offers,
    }
}

async fn render(
    state: &AppState,
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
    let design = services::form_fields::load(&state.db, EventId(event.id)).await?;
    let taxonomy = services::taxonomy::load(&state.db, EventId(event.id)).await?;
    let Parts {
        company_fields,
        expert_fields,
        people,
        offers,
    } = parts(&ctx, &design, &taxonomy, &form, &errors);
    let keywords = super::form_view::keyword_suggestions(&taxonomy, ctx.locale);
    let page = RegisterPage {
        keywords,
        slug: event.slug.clone(),
        event_name: pick(locale, &event.name_fr, &event.name_en),
        open: services::events::registration_is_open(event, Utc::now()),
        notice: services::registration::privacy_notice(event, locale),
        form,
        errors,
        company_fields,
        expert_fields,
        people,
        offers,
        attach_hint: attach_hint(state, locale),
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
    render(&state, ctx, &event, form, FieldErrors::new()).await
}

/// Puts the files sent to the company's file fields into the form as `upload:<token>|<name>`
/// answers (a new file replaces the one kept from an earlier attempt; "remove" drops it);
/// refused files become errors on their field.
async fn fold_file_answers(
    state: &AppState,
    event: EventId,
    file_fields: &[String],
    pairs: &[(String, String)],
    sent: &mut services::attachments::SentFiles,
    form: &mut RegistrationForm,
) -> Result<(), AppError> {
    let mut dropped = Vec::new();
    for key in file_fields {
        if pairs
            .iter()
            .any(|(k, v)| *k == format!("{key}_remove") && v == "on")
        {
            for (k, v) in &form.raw {
                if k == key
                    && let Some(token) = services::form_fields::upload_token(v)
                {
                    dropped.push(token.to_string());
                }
            }
            form.raw.retain(|(k, _)| k != key);
        }
    }
    let (answers, offers): (Vec<_>, Vec<_>) = std::mem::take(&mut sent.files)
        .into_iter()
        .partition(|(field, _)| file_fields.contains(field));
    sent.files = offers;
    sent.too_many.retain(|field| !file_fields.contains(field));
    for (field, outcome) in answers {
        match outcome {
            Ok(upload) => {
                form.raw.retain(|(k, _)| *k != field);
                form.raw
                    .push((field, format!("upload:{}|{}", upload.token, upload.name)));
            }
            Err(services::files::UploadError::Internal(e)) => return Err(e.into()),
            Err(e) => {
                if form.upload_errors.get(&field).is_none() {
                    form.upload_errors
                        .add(&field, services::attachments::upload_message(&e));
                }
            }
        }
    }
    services::uploads::discard(&state.db, &state.files, Some(event), &dropped).await?;
    Ok(())
}

async fn submit(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
    request: Request,
) -> Result<Response, AppError> {
    let event = open_event(&state, &slug).await?;
    if !services::events::registration_is_open(&event, Utc::now()) {
        // Closed: the page says so; sent files are not even read.
        return render(
            &state,
            ctx,
            &event,
            RegistrationForm::blank(),
            FieldErrors::new(),
        )
        .await;
    }
    let event_id = EventId(event.id);
    let limits = services::attachments::Limits::from_settings(&state.settings);
    // The company's file fields (REG-3) take one file each, checked like attachments.
    let design = services::form_fields::load(&state.db, event_id).await?;
    let file_fields: Vec<String> = design
        .visible(Scope::Company)
        .filter(|f| f.kind == services::form_fields::Kind::File)
        .map(|f| f.key.clone())
        .collect();
    let max_body = limits
        .max_bytes
        .saturating_mul(limits.per_offer * services::registration::OFFER_SLOTS + file_fields.len())
        .saturating_add(crate::uploads::TEXT_ALLOWANCE_BYTES);
    let mut names = services::attachments::registration_file_fields();
    names.extend(file_fields.iter().cloned());
    let accepted = crate::uploads::FileFields {
        names: &names,
        per_field: limits.per_offer,
        rules: limits.rules(),
        max_body,
    };
    let posted = crate::uploads::read_form(&state, request, event_id, accepted).await?;
    let mut form = RegistrationForm::from_pairs(&posted.pairs);
    let mut sent = posted.sent;
    fold_file_answers(
        &state,
        event_id,
        &file_fields,
        &posted.pairs,
        &mut sent,
        &mut form,
    )
    .await?;
    services::attachments::fold_registration_uploads(
        &state.db,
        &state.files,
        event_id,
        &posted.pairs,
        sent,
        &mut form,
    )
    .await?;
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
            render(&state, ctx, &event, form, errors).await
        }
        Err(RegistrationError::Closed) => {
            render(&state, ctx, &event, form, FieldErrors::new()).await
        }
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

//! The participant's private area for one event (PRV-2, REG-8): registration status, own
//! profile, the company with its offers and requests and its people (editors only), the
//! download of one's own data and the erasure of the account.
//!
//! Every handler loads the logged-in person's registration to the event in the URL first:
//! another event, or an id outside the person's company, answers 404.

use super::attachments::AttachmentLink;
use super::form_view::{FieldView, field_views, stored_pairs};
use crate::context::Ctx;
use crate::cookies;
use crate::error::AppError;
use crate::render::{page_with_status, redirect_with_flash};
use crate::state::AppState;
use askama::Template;
use axum::extract::{DefaultBodyLimit, Path, Request, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use domain::{EventId, Locale, UserId};
use services::form_fields::Scope;
use services::forms::FieldErrors;
use services::profile::{
    ColleagueForm, CompanyForm, MySpace, OfferForm, ProfileError, ProfileForm,
};
use store::forms::Owner;
use store::users::UserRow;

/// Routes of this feature.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/me/events/{id}", get(overview))
        .route("/me/events/{id}/profile", post(save_profile))
        .route("/me/events/{id}/company", get(company).post(save_company))
        .route("/me/events/{id}/offers", post(add_offer))
        .route("/me/events/{id}/offers/{offer}", post(edit_offer))
        .route("/me/events/{id}/offers/{offer}/delete", post(delete_offer))
        .route(
            "/me/events/{id}/offers/{offer}/attachments",
            // Files: the handler caps the body itself (see `crate::uploads`).
            post(add_attachments).layer(DefaultBodyLimit::disable()),
        )
        .route(
            "/me/events/{id}/attachments/{attachment}/delete",
            post(remove_attachment),
        )
        .route("/me/events/{id}/colleagues", post(add_colleague))
        .route(
            "/me/events/{id}/colleagues/{person}/remove",
            post(remove_colleague),
        )
        .route("/me/events/{id}/data.json", get(data_json))
        .route("/me/events/{id}/data.csv", get(data_csv))
        .route("/me/events/{id}/erase", get(erase_page).post(erase))
}

/// One form field, rendered by `private/_field.html`.
struct Field {
    id: String,
    name: &'static str,
    label: String,
    value: String,
    error: Option<String>,
    textarea: bool,
    kind: &'static str,
    required: bool,
    options: Vec<(String, String)>,
}

impl Field {
    fn new(ctx: &Ctx, prefix: &str, name: &'static str, label: &str, value: &str) -> Field {
        Field {
            id: format!("{prefix}{name}"),
            name,
            label: ctx.t(label),
            value: value.to_string(),
            error: None,
            textarea: false,
            kind: "text",
            required: false,
            options: Vec::new(),
        }
    }

    fn errors(mut self, ctx: &Ctx, errors: &FieldErrors) -> Field {
        self.error = errors.get(self.name).map(|m| ctx.t(m));
        self
    }

    fn required(mut self) -> Field {
        self.required = true;
        self
    }

    fn textarea(mut self) -> Field {
        self.textarea = true;
        self
    }

    fn kind(mut self, kind: &'static str) -> Field {
        self.kind = kind;
        self
    }
}

fn map_error(error: ProfileError) -> AppError {
    match error {
        ProfileError::NotFound => AppError::NotFound,
        ProfileError::Forbidden => AppError::Forbidden,
        ProfileError::Internal(e) => e.into(),
        ProfileError::Invalid(_) | ProfileError::Refused(_) => AppError::BadRequest,
    }
}

async fn load(state: &AppState, ctx: &Ctx, id: i64) -> Result<(UserRow, MySpace), AppError> {
    let user = ctx.viewer()?.user.clone();
    let space = services::profile::my_space(&state.db, &user, EventId(id))
        .await
        .map_err(map_error)?;
    Ok((user, space))
}

fn event_name(ctx: &Ctx, space: &MySpace) -> String {
    if ctx.locale == Locale::En {
        space.event.name_en.clone()
    } else {
        space.event.name_fr.clone()
    }
}

fn status_of(errors: &FieldErrors) -> StatusCode {
    if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    }
}

#[derive(Template)]
#[template(path = "private/overview.html")]
struct OverviewPage {
    ctx: Ctx,
    event_id: i64,
    slug: String,
    event_name: String,
    status: String,
    refusal_reason: String,
    company_name: String,
    has_errors: bool,
    fields: Vec<Field>,
    extra_fields: Vec<FieldView>,
}

async fn render_overview(
    state: &AppState,
    ctx: Ctx,
    space: &MySpace,
    form: &ProfileForm,
    errors: &FieldErrors,
) -> Result<Response, AppError> {
    let event = EventId(space.event.id);
    let design = services::form_fields::load(&state.db, event).await?;
    let taxonomy = services::taxonomy::load(&state.db, event).await?;
    let raw = if form.raw.is_empty() {
        let stored: Vec<(String, String)> =
            store::forms::values_of(&state.db, event, Owner::Participant(space.participant.id))
                .await?
                .into_iter()
                .map(|v| (v.field_key, v.value))
                .collect();
        let fields: Vec<_> = design.visible(Scope::Person).collect();
        stored_pairs("", &stored, &fields)
    } else {
        form.raw.clone()
    };
    let extra_fields = design
        .visible(Scope::Person)
        .filter(|f| f.stored_as_value())
        .flat_map(|f| field_views(&ctx, f, "", &raw, errors, &taxonomy))
        .collect();
    let fields: Vec<Field> = vec![
        Field::new(&ctx, "", "first_name", "field-first-name", &form.first_name)
            .required()
            .errors(&ctx, errors),
        Field::new(&ctx, "", "last_name", "field-last-name", &form.last_name)
            .required()
            .errors(&ctx, errors),
        Field::new(&ctx, "", "job_title", "field-job-title", &form.job_title).errors(&ctx, errors),
        Field::new(&ctx, "", "phone", "field-phone", &form.phone)
            .kind("tel")
            .errors(&ctx, errors),
    ]
    .into_iter()
    .filter_map(|mut field| match design.field(Scope::Person, field.name) {
        // First and last names are always asked; the rest follows the event's form (REG-3).
        None => Some(field),
        Some(setting) if setting.hidden => None,
        Some(setting) => {
            field.required = setting.required;
            Some(field)
        }
    })
    .collect();
    let company = space.company.as_ref();
    page_with_status(
        status_of(errors),
        OverviewPage {
            event_id: space.event.id,
            slug: space.event.slug.clone(),
            event_name: event_name(&ctx, space),
            status: space.participant.status.clone(),
            refusal_reason: company
                .map(|c| c.refusal_reason.clone())
                .unwrap_or_default(),
            company_name: company.map(|c| c.name.clone()).unwrap_or_default(),
            has_errors: !errors.is_empty(),
            fields,
            extra_fields,
            ctx,
        },
    )
}

async fn overview(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let (_, space) = load(&state, &ctx, id).await?;
    let p = &space.participant;
    let form = ProfileForm {
        first_name: p.first_name.clone(),
        last_name: p.last_name.clone(),
        job_title: p.job_title_fr.clone(),
        phone: p.phone.clone(),
        raw: Vec::new(),
    };
    render_overview(&state, ctx, &space, &form, &FieldErrors::new()).await
}

async fn save_profile(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let (user, space) = load(&state, &ctx, id).await?;
    let form = ProfileForm::from_pairs(pairs);
    match services::profile::update_profile(&state.db, &user, EventId(id), &form).await {
        Ok(()) => Ok(redirect_with_flash(
            &format!("/me/events/{id}"),
            "private-flash-profile-saved",
            state.settings.secure_cookies(),
        )),
        Err(ProfileError::Invalid(errors)) => {
            render_overview(&state, ctx, &space, &form, &errors).await
        }
        Err(e) => Err(map_error(e)),
    }
}

/// What the company page shows again after a refused form.
#[derive(Default)]
struct CompanyInput {
    company: Option<CompanyForm>,
    company_errors: FieldErrors,
    new_offer: OfferForm,
    new_offer_errors: FieldErrors,
    edited: Option<(i64, OfferForm, FieldErrors)>,
    colleague: ColleagueForm,
    colleague_errors: FieldErrors,
    message: Option<&'static str>,
    /// A refused upload: the offer and the message id.
    files_error: Option<(i64, String)>,
}

struct OfferLine {
    id: i64,
    kind: String,
    title: String,
    description: String,
    keywords: String,
    fields: Vec<Field>,
    extra_fields: Vec<FieldView>,
    attachments: Vec<AttachmentLink>,
    files_error: Option<String>,
}

struct Person {
    id: i64,
    name: String,
    email: String,
    editor: bool,
    me: bool,
}

#[derive(Template)]
#[template(path = "private/company.html")]
struct CompanyPage {
    ctx: Ctx,
    event_id: i64,
    slug: String,
    event_name: String,
    editor: bool,
    company: Option<store::events::CompanyRow>,
    company_fields: Vec<Field>,
    extra_fields: Vec<FieldView>,
    offers: Vec<OfferLine>,
    new_offer_fields: Vec<Field>,
    new_offer_extra: Vec<FieldView>,
    people: Vec<Person>,
    colleague_fields: Vec<Field>,
    has_errors: bool,
    message: Option<String>,
    attach_hint: String,
    accept: &'static str,
}

fn offer_fields(ctx: &Ctx, prefix: &str, form: &OfferForm, errors: &FieldErrors) -> Vec<Field> {
    let mut kind = Field::new(ctx, prefix, "kind", "field-offer-kind", &form.kind)
        .required()
        .errors(ctx, errors);
    kind.options = vec![
        ("offer".into(), ctx.t("reg-offer-kind-offer")),
        ("request".into(), ctx.t("reg-offer-kind-request")),
    ];
    vec![
        kind,
        Field::new(
            ctx,
            prefix,
            "title",
            "private-field-offer-title",
            &form.title,
        )
        .required()
        .errors(ctx, errors),
        Field::new(
            ctx,
            prefix,
            "description",
            "field-description",
            &form.description,
        )
        .textarea()
        .errors(ctx, errors),
        Field::new(ctx, prefix, "keywords", "field-keywords", &form.keywords).errors(ctx, errors),
    ]
}

async fn render_company(
    state: &AppState,
    ctx: Ctx,
    user: &UserRow,
    space: &MySpace,
    input: CompanyInput,
) -> Result<Response, AppError> {
    let event = EventId(space.event.id);
    let editor = space.is_editor();
    let row = space.company.clone();
    let form = input
        .company
        .clone()
        .or_else(|| row.as_ref().map(CompanyForm::from_row))
        .unwrap_or_default();
    let ce = &input.company_errors;
    // File answers are given with the registration form only.
    let design = services::form_fields::load(&state.db, event)
        .await?
        .without_files();
    let taxonomy = services::taxonomy::load(&state.db, event).await?;
    let company_fields: Vec<Field> = vec![
        Field::new(&ctx, "", "name", "field-company-name", &form.name)
            .required()
            .errors(&ctx, ce),
        Field::new(&ctx, "", "city", "field-city", &form.city)
            .required()
            .errors(&ctx, ce),
        Field::new(&ctx, "", "address", "private-field-address", &form.address)
            .textarea()
            .errors(&ctx, ce),
        Field::new(&ctx, "", "website", "private-field-website", &form.website)
            .kind("url")
            .errors(&ctx, ce),
        Field::new(
            &ctx,
            "",
            "description_fr",
            "field-description-fr",
            &form.description_fr,
        )
        .textarea()
        .errors(&ctx, ce),
        Field::new(
            &ctx,
            "",
            "description_en",
            "field-description-en",
            &form.description_en,
        )
        .textarea()
        .errors(&ctx, ce),
    ]
    .into_iter()
    .filter_map(|mut field| {
        // The event's form settings decide what is asked and what is required (REG-3).
        let key = if field.name == "name" {
            "company_name"
        } else {
            field.name
        };
        let setting = design.field(Scope::Company, key)?;
        if setting.hidden {
            return None;
        }
        field.required = setting.required;
        Some(field)
    })
    .collect();
    let stored_values = match &row {
        Some(company) => store::forms::values_of(&state.db, event, Owner::Company(company.id))
            .await?
            .into_iter()
            .map(|v| (v.field_key, v.value))
            .collect(),
        None => Vec::new(),
    };
    let raw = match &input.company {
        Some(typed) => typed.raw.clone(),
        None => {
            let fields: Vec<_> = design.visible(Scope::Company).collect();
            stored_pairs("", &stored_values, &fields)
        }
    };
    let sector = row.as_ref().map(|c| c.sector.clone()).unwrap_or_default();
    let extra_fields = design
        .visible(Scope::Company)
        .filter(|f| f.stored_as_value() && f.applies_to(&sector, &taxonomy))
        .flat_map(|f| field_views(&ctx, f, "", &raw, ce, &taxonomy))
        .collect();
    let mut offers = Vec::new();
    let mut people = Vec::new();
    if let Some(company) = &row {
        let rows = store::registration::offers_of(&state.db, event, company.id).await?;
        let ids: Vec<i64> = rows.iter().map(|o| o.id).collect();
        let offer_fields_design: Vec<_> = design.visible(Scope::Offer).collect();
        let mut stored: std::collections::HashMap<i64, Vec<(String, String)>> = Default::default();
        for v in store::forms::values_of_owners(&state.db, event, &[], &ids, &[]).await? {
            if let Some(offer) = v.offer_id {
                stored
                    .entry(offer)
                    .or_default()
                    .push((v.field_key, v.value));
            }
        }
        let mut files = services::attachments::by_offer(&state.db, event, &ids).await?;
        for o in rows {
            let (typed, errors) = match &input.edited {
                Some((id, typed, errors)) if *id == o.id => (typed.clone(), errors.clone()),
                _ => (
                    OfferForm {
                        kind: o.kind.clone(),
                        title: o.title.clone(),
                        description: o.description.clone(),
                        keywords: o.keywords.clone(),
                        ..OfferForm::default()
                    },
                    FieldErrors::new(),
                ),
            };
            let attachments = files
                .remove(&o.id)
                .unwrap_or_default()
                .iter()
                .map(|row| AttachmentLink::new(ctx.locale, &space.event.slug, row))
                .collect();
            let files_error = match &input.files_error {
                Some((offer, message)) if *offer == o.id => Some(ctx.t(message)),
                _ => None,
            };
            let raw = if typed.raw.is_empty() {
                stored_pairs(
                    "",
                    stored.get(&o.id).map(Vec::as_slice).unwrap_or(&[]),
                    &offer_fields_design,
                )
            } else {
                typed.raw.clone()
            };
            let extra_fields = super::form_view::offer_extra(
                &ctx,
                &design,
                &taxonomy,
                &format!("o{}_", o.id),
                &raw,
                &errors,
            );
            offers.push(OfferLine {
                extra_fields,
                attachments,
                files_error,
                fields: offer_fields(&ctx, &format!("o{}_", o.id), &typed, &errors),
                id: o.id,
                kind: o.kind,
                title: o.title,
                description: o.description,
                keywords: o.keywords,
            });
        }
        for p in store::registration::people(&state.db, event, company.id).await? {
            let email = store::users::find(&state.db, UserId(p.user_id))
                .await?
                .map(|u| u.email)
                .unwrap_or_default();
            people.push(Person {
                id: p.id,
                name: format!("{} {}", p.first_name, p.last_name),
                email,
                editor: p.is_company_editor,
                me: p.user_id == user.id,
            });
        }
    }
    let cl = &input.colleague_errors;
    let colleague_fields = vec![
        Field::new(
            &ctx,
            "c_",
            "first_name",
            "field-first-name",
            &input.colleague.first_name,
        )
        .required()
        .errors(&ctx, cl),
        Field::new(
            &ctx,
            "c_",
            "last_name",
            "field-last-name",
            &input.colleague.last_name,
        )
        .required()
        .errors(&ctx, cl),
        Field::new(
            &ctx,
            "c_",
            "email",
            "private-field-email",
            &input.colleague.email,
        )
        .kind("email")
        .required()
        .errors(&ctx, cl),
    ];
    let has_errors = !ce.is_empty()
        || !cl.is_empty()
        || !input.new_offer_errors.is_empty()
        || input.edited.as_ref().is_some_and(|e| !e.2.is_empty())
        || input.message.is_some()
        || input.files_error.is_some();
    let mut new_offer = input.new_offer.clone();
    if new_offer.kind.is_empty() {
        new_offer.kind = "offer".into();
    }
    let new_offer_fields = offer_fields(&ctx, "new_", &new_offer, &input.new_offer_errors);
    let new_offer_extra = super::form_view::offer_extra(
        &ctx,
        &design,
        &taxonomy,
        "new_",
        &new_offer.raw,
        &input.new_offer_errors,
    );
    page_with_status(
        if has_errors {
            StatusCode::UNPROCESSABLE_ENTITY
        } else {
            StatusCode::OK
        },
        CompanyPage {
            event_id: space.event.id,
            slug: space.event.slug.clone(),
            event_name: event_name(&ctx, space),
            editor,
            company: row,
            company_fields,
            extra_fields,
            offers,
            new_offer_fields,
            new_offer_extra,
            people,
            colleague_fields,
            has_errors,
            message: input.message.map(|m| ctx.t(m)),
            attach_hint: super::registration::attach_hint(state, ctx.locale),
            accept: super::registration::ATTACHMENT_ACCEPT,
            ctx,
        },
    )
}

async fn company(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let (user, space) = load(&state, &ctx, id).await?;
    render_company(&state, ctx, &user, &space, CompanyInput::default()).await
}

fn back_to_company(state: &AppState, id: i64, flash: &str) -> Response {
    redirect_with_flash(
        &format!("/me/events/{id}/company"),
        flash,
        state.settings.secure_cookies(),
    )
}

async fn save_company(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let (user, space) = load(&state, &ctx, id).await?;
    let form = CompanyForm::from_pairs(pairs);
    match services::profile::update_company(&state.db, &user, EventId(id), &form).await {
        Ok(()) => Ok(back_to_company(&state, id, "private-flash-company-saved")),
        Err(ProfileError::Invalid(errors)) => {
            let input = CompanyInput {
                company: Some(form),
                company_errors: errors,
                ..CompanyInput::default()
            };
            render_company(&state, ctx, &user, &space, input).await
        }
        Err(e) => Err(map_error(e)),
    }
}

async fn add_offer(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let (user, space) = load(&state, &ctx, id).await?;
    let form = OfferForm::from_pairs(pairs);
    match services::profile::save_offer(&state.db, &user, EventId(id), None, &form).await {
        Ok(()) => Ok(back_to_company(&state, id, "private-flash-offer-saved")),
        Err(ProfileError::Invalid(errors)) => {
            let input = CompanyInput {
                new_offer: form,
                new_offer_errors: errors,
                ..CompanyInput::default()
            };
            render_company(&state, ctx, &user, &space, input).await
        }
        Err(e) => Err(map_error(e)),
    }
}

async fn edit_offer(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, offer)): Path<(i64, i64)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let (user, space) = load(&state, &ctx, id).await?;
    let form = OfferForm::from_pairs(pairs);
    match services::profile::save_offer(&state.db, &user, EventId(id), Some(offer), &form).await {
        Ok(()) => Ok(back_to_company(&state, id, "private-flash-offer-saved")),
        Err(ProfileError::Invalid(errors)) => {
            let input = CompanyInput {
                edited: Some((offer, form, errors)),
                ..CompanyInput::default()
            };
            render_company(&state, ctx, &user, &space, input).await
        }
        Err(e) => Err(map_error(e)),
    }
}

async fn delete_offer(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, offer)): Path<(i64, i64)>,
) -> Result<Response, AppError> {
    let (user, _) = load(&state, &ctx, id).await?;
    services::profile::delete_offer(&state.db, &state.files, &user, EventId(id), offer)
        .await
        .map_err(map_error)?;
    Ok(back_to_company(&state, id, "private-flash-offer-deleted"))
}

/// Attaches files to an offer. A refused file (type, size, number) brings the company page
/// back with the message under that offer's file input; nothing of the batch is kept then.
async fn add_attachments(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, offer)): Path<(i64, i64)>,
    request: Request,
) -> Result<Response, AppError> {
    let (user, space) = load(&state, &ctx, id).await?;
    if !space.is_editor() {
        return Err(AppError::Forbidden);
    }
    let event = EventId(id);
    let limits = services::attachments::Limits::from_settings(&state.settings);
    let max_body = limits
        .max_bytes
        .saturating_mul(limits.per_offer)
        .saturating_add(crate::uploads::TEXT_ALLOWANCE_BYTES);
    let names = ["files".to_string()];
    let accepted = crate::uploads::FileFields {
        names: &names,
        per_field: limits.per_offer,
        rules: limits.rules(),
        max_body,
    };
    let posted = crate::uploads::read_form(&state, request, event, accepted).await?;
    let mut tokens = Vec::new();
    let mut refused = (!posted.sent.too_many.is_empty()).then_some("attach-error-too-many");
    for (_, outcome) in posted.sent.files {
        match outcome {
            Ok(upload) => tokens.push(upload.token),
            Err(services::files::UploadError::Internal(e)) => return Err(e.into()),
            Err(e) => refused = refused.or(Some(services::attachments::upload_message(&e))),
        }
    }
    let result = match refused {
        Some(message) => Err(ProfileError::Invalid({
            let mut errors = FieldErrors::new();
            errors.add("files", message);
            errors
        })),
        None => {
            services::profile::add_attachments(&state.db, limits, &user, event, offer, &tokens)
                .await
        }
    };
    match result {
        Ok(()) => Ok(back_to_company(&state, id, "attach-flash-added")),
        Err(ProfileError::Invalid(errors)) => {
            services::uploads::discard(&state.db, &state.files, Some(event), &tokens).await?;
            let message = errors
                .get("files")
                .unwrap_or("attach-error-none")
                .to_string();
            let input = CompanyInput {
                files_error: Some((offer, message)),
                ..CompanyInput::default()
            };
            render_company(&state, ctx, &user, &space, input).await
        }
        Err(e) => {
            services::uploads::discard(&state.db, &state.files, Some(event), &tokens).await?;
            Err(map_error(e))
        }
    }
}

async fn remove_attachment(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, attachment)): Path<(i64, i64)>,
) -> Result<Response, AppError> {
    let (user, _) = load(&state, &ctx, id).await?;
    services::profile::remove_attachment(&state.db, &state.files, &user, EventId(id), attachment)
        .await
        .map_err(map_error)?;
    Ok(back_to_company(&state, id, "attach-flash-removed"))
}

async fn add_colleague(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(form): Form<ColleagueForm>,
) -> Result<Response, AppError> {
    let (user, space) = load(&state, &ctx, id).await?;
    let result = services::profile::add_colleague(
        &state.db,
        &state.settings,
        &user,
        EventId(id),
        &form,
        ctx.locale,
    )
    .await;
    match result {
        Ok(()) => Ok(back_to_company(&state, id, "private-flash-colleague-added")),
        Err(ProfileError::Invalid(errors)) => {
            let input = CompanyInput {
                colleague: form,
                colleague_errors: errors,
                ..CompanyInput::default()
            };
            render_company(&state, ctx, &user, &space, input).await
        }
        Err(e) => Err(map_error(e)),
    }
}

async fn remove_colleague(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, person)): Path<(i64, i64)>,
) -> Result<Response, AppError> {
    let (user, space) = load(&state, &ctx, id).await?;
    match services::profile::remove_colleague(&state.db, &user, EventId(id), person).await {
        Ok(()) => Ok(back_to_company(
            &state,
            id,
            "private-flash-colleague-removed",
        )),
        Err(ProfileError::Refused(message)) => {
            let input = CompanyInput {
                message: Some(message),
                ..CompanyInput::default()
            };
            render_company(&state, ctx, &user, &space, input).await
        }
        Err(e) => Err(map_error(e)),
    }
}

fn download(content_type: &str, name: &str, body: String) -> Response {
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

async fn data_json(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let user = ctx.viewer()?.user.clone();
    let data = services::profile::personal_data(&state.db, &user, EventId(id))
        .await
        .map_err(map_error)?;
    let body = serde_json::to_string_pretty(&data)
        .map_err(|e| AppError::Internal(format!("personal data json: {e}")))?;
    Ok(download(
        "application/json; charset=utf-8",
        &format!("agora-my-data-{id}.json"),
        body,
    ))
}

async fn data_csv(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let user = ctx.viewer()?.user.clone();
    let data = services::profile::personal_data(&state.db, &user, EventId(id))
        .await
        .map_err(map_error)?;
    Ok(download(
        "text/csv; charset=utf-8",
        &format!("agora-my-data-{id}.csv"),
        services::profile::to_csv(&data),
    ))
}

#[derive(Template)]
#[template(path = "private/erase.html")]
struct ErasePage {
    ctx: Ctx,
    event_id: i64,
    slug: String,
    event_name: String,
    error: Option<String>,
}

async fn erase_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let (_, space) = load(&state, &ctx, id).await?;
    page_with_status(
        StatusCode::OK,
        ErasePage {
            event_id: id,
            slug: space.event.slug.clone(),
            event_name: event_name(&ctx, &space),
            error: None,
            ctx,
        },
    )
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct EraseForm {
    confirm: String,
}

async fn erase(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(form): Form<EraseForm>,
) -> Result<Response, AppError> {
    let (user, space) = load(&state, &ctx, id).await?;
    let refusal = if form.confirm != "on" {
        Some("private-erase-confirm-required")
    } else {
        match services::profile::erase_account(&state.db, &state.files, &user).await {
            Ok(()) => None,
            Err(ProfileError::Refused(message)) => Some(message),
            Err(e) => return Err(map_error(e)),
        }
    };
    if let Some(message) = refusal {
        return page_with_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            ErasePage {
                event_id: id,
                slug: space.event.slug.clone(),
                event_name: event_name(&ctx, &space),
                error: Some(ctx.t(message)),
                ctx,
            },
        );
    }
    let secure = state.settings.secure_cookies();
    let mut response = redirect_with_flash("/", "private-flash-erased", secure);
    response
        .headers_mut()
        .append(header::SET_COOKIE, cookies::clear(cookies::SESSION, secure));
    Ok(response)
}

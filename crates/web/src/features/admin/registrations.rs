//! Registrations in the back office: list with counts by status, detail with validation or
//! refusal of the company, of each person and each offer, and edits of every part (BO-3,
//! BO-5, REG-5, REG-10). Co-organizers see and act on their assigned participants only.

use super::{EventTabs, event_for};
use crate::context::Ctx;
use crate::error::AppError;
use crate::features::form_view::{FieldView, offer_extra, stored_pairs};
use crate::features::registration::parts;
use crate::render::{page, page_with_status, redirect_with_flash};
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use axum::{Form, Router};
use domain::{EventId, Permission, UserId};
use services::backoffice::Scope;
use services::backoffice::export::Filter;
use services::form_fields::{FormDesign, Scope as FieldScope};
use services::forms::FieldErrors;
use services::profile::OfferForm;
use services::registration::{PersonForm, RegistrationError, RegistrationForm};
use store::events::CompanyRow;
use store::forms::Owner;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin/events/{id}/registrations", get(list))
        .route("/admin/events/{id}/registrations/{company}", get(detail))
        .route(
            "/admin/events/{id}/registrations/{company}/validate",
            post(validate),
        )
        .route(
            "/admin/events/{id}/registrations/{company}/refuse",
            post(refuse),
        )
        .route(
            "/admin/events/{id}/registrations/{company}/payment-request",
            post(payment_request),
        )
        .merge(super::registration_edit::routes())
        .merge(super::registration_files::routes())
}

pub(super) const STATUSES: [&str; 3] = ["pending", "validated", "refused"];

/// The registrations tab of one event for the logged-in person, with their scope.
pub(super) struct Access {
    pub(super) tabs: EventTabs,
    pub(super) scope: Scope,
}

/// Opens the registrations of an event: 404 off the team, 403 on the team without the
/// right nor any assigned participant.
pub(super) async fn access(state: &AppState, ctx: &Ctx, id: i64) -> Result<Access, AppError> {
    let (_, mut tabs) = event_for(state, ctx, id, "registrations").await?;
    let viewer = ctx.back_office()?;
    let scope = Scope::of(&state.db, viewer, EventId(id))
        .await?
        .ok_or(AppError::Forbidden)?;
    tabs.can_validate = true;
    Ok(Access { tabs, scope })
}

/// Like [`access`], and the company must be within the scope (else 404).
pub(super) async fn company_access(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    company: i64,
) -> Result<Access, AppError> {
    let access = access(state, ctx, id).await?;
    if access.scope.covers(&state.db, EventId(id), company).await? {
        Ok(access)
    } else {
        Err(AppError::NotFound)
    }
}

/// Whether the person sees contact details on this event.
pub(super) fn sees_personal_data(ctx: &Ctx, event: EventId) -> bool {
    ctx.viewer.as_ref().is_some_and(|v| {
        v.permissions_on(event)
            .contains(Permission::SeePersonalData)
    })
}

/// The status filter of the list and the export: a known status, or all.
#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub(super) struct ListQuery {
    pub(super) status: String,
    pub(super) q: String,
}

impl ListQuery {
    pub(super) fn status(&self) -> Option<&str> {
        STATUSES.iter().copied().find(|s| *s == self.status)
    }

    /// The list's filter (status and text).
    pub(super) fn filter(&self) -> Filter<'_> {
        Filter {
            status: self.status(),
            text: &self.q,
        }
    }

    /// The query string that keeps the filter on the export links.
    pub(super) fn query_string(&self) -> String {
        let mut query = url::form_urlencoded::Serializer::new(String::new());
        if let Some(status) = self.status() {
            query.append_pair("status", status);
        }
        if !self.q.trim().is_empty() {
            query.append_pair("q", self.q.trim());
        }
        let query = query.finish();
        if query.is_empty() {
            query
        } else {
            format!("?{query}")
        }
    }
}

struct Line {
    id: i64,
    name: String,
    country: String,
    city: String,
    status: String,
    people: usize,
}

#[derive(Template)]
#[template(path = "admin/registrations.html")]
struct ListPage {
    ctx: Ctx,
    tabs: EventTabs,
    lines: Vec<Line>,
    counts: Vec<(&'static str, usize)>,
    status: String,
    q: String,
    export_query: String,
    can_export: bool,
    can_import: bool,
}

async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Query(query): Query<ListQuery>,
) -> Result<Response, AppError> {
    let Access { tabs, scope } = access(&state, &ctx, id).await?;
    let event = EventId(id);
    let all = scope.companies(&state.db, event).await?;
    let participants = store::events::participants(&state.db, event).await?;
    let counts = STATUSES
        .iter()
        .map(|s| (*s, all.iter().filter(|c| c.status == *s).count()))
        .collect();
    let status = query.status().unwrap_or_default().to_string();
    let filter = query.filter();
    let lines = all
        .into_iter()
        .filter(|c| filter.keeps(c))
        .map(|c| Line {
            people: participants
                .iter()
                .filter(|p| p.company_id == Some(c.id))
                .count(),
            country: domain::countries::name(&c.country, ctx.locale),
            id: c.id,
            name: c.name,
            city: c.city,
            status: c.status,
        })
        .collect();
    let rights = ctx
        .viewer
        .as_ref()
        .map(|v| v.permissions_on(event))
        .unwrap_or_default();
    page(ListPage {
        can_export: rights.contains(Permission::Exports),
        can_import: scope == Scope::All,
        export_query: query.query_string(),
        q: query.q.trim().to_string(),
        ctx,
        tabs,
        lines,
        counts,
        status,
    })
}

/// A person of the company as shown and edited.
pub(super) struct PersonLine {
    pub(super) id: i64,
    pub(super) status: String,
    pub(super) editor: bool,
    pub(super) form: PersonForm,
    pub(super) errors: FieldErrors,
}

/// An offer or request as shown and edited.
pub(super) struct OfferLine {
    pub(super) id: i64,
    pub(super) status: String,
    pub(super) form: OfferForm,
    pub(super) errors: FieldErrors,
    /// The event's configurable offer fields (cooperation type, custom fields).
    pub(super) extra: Vec<FieldView>,
}

/// What a failed POST sends back to the detail page, re-filled.
pub(super) enum Posted {
    Nothing,
    Refuse(FieldErrors, String),
    Company(Box<RegistrationForm>, FieldErrors),
    Person(Option<i64>, PersonForm, bool, FieldErrors),
    Offer(Option<i64>, OfferForm, FieldErrors),
    Message(&'static str),
    /// A refused payment request (REG-5 step 3 hook) and the amount typed.
    Payment(FieldErrors, String),
}

#[derive(Template)]
#[template(path = "admin/registration_detail.html")]
struct DetailPage {
    ctx: Ctx,
    tabs: EventTabs,
    company: CompanyRow,
    country: String,
    people: Vec<PersonLine>,
    new_person: PersonLine,
    offers: Vec<OfferLine>,
    new_offer: OfferLine,
    show_contacts: bool,
    errors: FieldErrors,
    reason: String,
    /// REG-5 step 3 hook: whether the payment request form shows, and the amount typed.
    can_request_payment: bool,
    amount: String,
    payment_key: String,
    form: RegistrationForm,
    company_errors: FieldErrors,
    message: Option<&'static str>,
    company_fields: Vec<FieldView>,
    expert_fields: Vec<FieldView>,
    sector: String,
    /// The company's file answers: (label, address, file name).
    file_answers: Vec<(String, String, String)>,
}

impl DetailPage {
    /// The id of a field of one of the page's forms: `p12-email`.
    fn fid(&self, prefix: &str, id: &i64, field: &str) -> String {
        format!("{prefix}{id}-{field}")
    }

    /// The translated error of a field of the company form, if any.
    fn err(&self, field: &str) -> Option<String> {
        self.company_errors.get(field).map(|m| self.ctx.t(m))
    }

    /// `aria-invalid`/`aria-describedby` for a field of the company form in error.
    fn invalid(&self, field: &str) -> String {
        invalid_attrs(&self.company_errors, field, field)
    }

    /// `aria-invalid`/`aria-describedby` for a field of another form in error.
    fn invalid_in(&self, errors: &FieldErrors, field: &str, id: &str) -> String {
        invalid_attrs(errors, field, id)
    }

    /// The translated error of a field of another form, if any.
    fn err_in(&self, errors: &FieldErrors, field: &str) -> Option<String> {
        errors.get(field).map(|m| self.ctx.t(m))
    }
}

/// `aria-invalid="true" aria-describedby="{id}-error"` when the field is in error.
pub(super) fn invalid_attrs(errors: &FieldErrors, field: &str, id: &str) -> String {
    if errors.get(field).is_some() {
        format!("aria-invalid=\"true\" aria-describedby=\"{id}-error\"")
    } else {
        String::new()
    }
}

/// The company form filled from the stored company and its configurable answers.
fn company_form(
    company: &CompanyRow,
    values: &[(String, String)],
    design: &FormDesign,
) -> RegistrationForm {
    let columns = [
        ("company_name", &company.name),
        ("country", &company.country),
        ("city", &company.city),
        ("address", &company.address),
        ("website", &company.website),
        ("sector", &company.sector),
        ("description_fr", &company.description_fr),
        ("description_en", &company.description_en),
    ];
    let mut raw: Vec<(String, String)> = columns
        .iter()
        .map(|(k, v)| ((*k).to_string(), (*v).clone()))
        .collect();
    let fields: Vec<_> = design.visible(FieldScope::Company).collect();
    raw.extend(stored_pairs("", values, &fields));
    RegistrationForm {
        raw,
        company_name: company.name.clone(),
        country: company.country.clone(),
        city: company.city.clone(),
        address: company.address.clone(),
        website: company.website.clone(),
        sector: company.sector.clone(),
        description_fr: company.description_fr.clone(),
        description_en: company.description_en.clone(),
        vat_country: company.vat_country.clone(),
        vat_number: company.vat_number.clone(),
        ..RegistrationForm::default()
    }
}

/// Renders the detail page; `posted` re-fills the form that failed.
pub(super) async fn render_detail(
    state: &AppState,
    ctx: Ctx,
    tabs: EventTabs,
    company_id: i64,
    posted: Posted,
) -> Result<Response, AppError> {
    let event = EventId(tabs.id);
    let company = store::registration::company(&state.db, event, company_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let show_contacts = sees_personal_data(&ctx, event);
    let mut people = Vec::new();
    for p in store::registration::people(&state.db, event, company_id).await? {
        let email = if show_contacts {
            store::users::find(&state.db, UserId(p.user_id))
                .await?
                .map(|u| u.email)
                .unwrap_or_default()
        } else {
            String::new()
        };
        people.push(PersonLine {
            id: p.id,
            status: p.status,
            editor: p.is_company_editor,
            form: PersonForm {
                first_name: p.first_name,
                last_name: p.last_name,
                email,
                job_title: p.job_title_fr,
                phone: if show_contacts {
                    p.phone
                } else {
                    String::new()
                },
            },
            errors: FieldErrors::new(),
        });
    }
    let mut offers: Vec<OfferLine> = store::registration::offers_of(&state.db, event, company_id)
        .await?
        .into_iter()
        .map(|o| OfferLine {
            id: o.id,
            status: o.status,
            form: OfferForm {
                kind: o.kind,
                title: o.title,
                description: o.description,
                keywords: o.keywords,
                ..OfferForm::default()
            },
            errors: FieldErrors::new(),
            extra: Vec::new(),
        })
        .collect();
    let mut new_person = PersonLine {
        id: 0,
        status: String::new(),
        editor: false,
        form: PersonForm::default(),
        errors: FieldErrors::new(),
    };
    let mut new_offer = OfferLine {
        id: 0,
        status: String::new(),
        form: OfferForm {
            kind: "offer".into(),
            ..OfferForm::default()
        },
        errors: FieldErrors::new(),
        extra: Vec::new(),
    };
    let can_request_payment = ctx
        .viewer
        .as_ref()
        .is_some_and(|v| v.permissions_on(event).contains(Permission::Payments));
    let full_design = services::form_fields::load(&state.db, event).await?;
    let design = full_design.for_organizers().without_files();
    let taxonomy = services::taxonomy::load(&state.db, event).await?;
    let stored: Vec<(String, String)> =
        store::forms::values_of(&state.db, event, Owner::Company(company_id))
            .await?
            .into_iter()
            .map(|v| (v.field_key, v.value))
            .collect();
    let mut form = company_form(&company, &stored, &design);
    let (mut errors, mut reason, mut company_errors, mut message) =
        (FieldErrors::new(), String::new(), FieldErrors::new(), None);
    let mut amount = String::new();
    match posted {
        Posted::Nothing => {}
        Posted::Payment(e, a) => (errors, amount) = (e, a),
        Posted::Refuse(e, r) => (errors, reason) = (e, r),
        Posted::Company(f, e) => (form, company_errors) = (*f, e),
        Posted::Person(id, f, editor, e) => {
            let line = match id {
                Some(id) => people.iter_mut().find(|p| p.id == id),
                None => Some(&mut new_person),
            };
            if let Some(line) = line {
                (line.form, line.editor, line.errors) = (f, editor, e);
            }
        }
        Posted::Offer(id, f, e) => {
            let line = match id {
                Some(id) => offers.iter_mut().find(|o| o.id == id),
                None => Some(&mut new_offer),
            };
            if let Some(line) = line {
                (line.form, line.errors) = (f, e);
            }
        }
        Posted::Message(m) => message = Some(m),
    }
    let failed = !errors.is_empty()
        || !company_errors.is_empty()
        || message.is_some()
        || people.iter().any(|p| !p.errors.is_empty())
        || offers.iter().any(|o| !o.errors.is_empty())
        || !new_person.errors.is_empty()
        || !new_offer.errors.is_empty();
    let status = if failed {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let country = domain::countries::name(&company.country, ctx.locale);
    let company_parts = parts(&ctx, &design, &taxonomy, &form, &company_errors);
    // Each offer's configurable answers, as stored or as just typed.
    let offer_ids: Vec<i64> = offers.iter().map(|o| o.id).collect();
    let mut offer_answers: std::collections::HashMap<i64, Vec<(String, String)>> =
        Default::default();
    for v in store::forms::values_of_owners(&state.db, event, &[], &offer_ids, &[]).await? {
        if let Some(offer) = v.offer_id {
            offer_answers
                .entry(offer)
                .or_default()
                .push((v.field_key, v.value));
        }
    }
    let offer_design: Vec<_> = design.visible(FieldScope::Offer).collect();
    for line in offers.iter_mut().chain(std::iter::once(&mut new_offer)) {
        let raw = if line.form.raw.is_empty() {
            let stored = offer_answers
                .get(&line.id)
                .map(Vec::as_slice)
                .unwrap_or(&[]);
            stored_pairs("", stored, &offer_design)
        } else {
            line.form.raw.clone()
        };
        let prefix = format!("o{}-", line.id);
        line.extra = offer_extra(&ctx, &design, &taxonomy, &prefix, &raw, &line.errors);
    }
    let file_answers = full_design
        .visible(FieldScope::Company)
        .filter(|f| f.kind == services::form_fields::Kind::File)
        .filter_map(|f| {
            let (_, value) = stored.iter().find(|(k, _)| *k == f.key)?;
            let (_, _, name) = services::form_fields::stored_file(value)?;
            let href = format!("/{}/participants/{}/files/{}", tabs.slug, company.id, f.key);
            Some((f.label(ctx.locale), href, name.to_string()))
        })
        .collect();
    page_with_status(
        status,
        DetailPage {
            file_answers,
            sector: taxonomy.label(
                services::taxonomy::Vocabulary::Sector,
                &company.sector,
                ctx.locale,
            ),
            company_fields: company_parts.company_fields,
            expert_fields: company_parts.expert_fields,
            ctx,
            tabs,
            company,
            country,
            people,
            new_person,
            offers,
            new_offer,
            show_contacts,
            errors,
            reason,
            can_request_payment,
            amount,
            payment_key: services::security::random_token(),
            form,
            company_errors,
            message,
        },
    )
}

async fn detail(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, company)): Path<(i64, i64)>,
) -> Result<Response, AppError> {
    let access = company_access(&state, &ctx, id, company).await?;
    render_detail(&state, ctx, access.tabs, company, Posted::Nothing).await
}

async fn validate(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, company)): Path<(i64, i64)>,
) -> Result<Response, AppError> {
    company_access(&state, &ctx, id, company).await?;
    match services::registration::decide(
        &state.db,
        &state.settings,
        &ctx.actor()?,
        EventId(id),
        company,
        None,
    )
    .await
    {
        Ok(()) => Ok(redirect_with_flash(
            &format!("/admin/events/{id}/registrations/{company}"),
            "flash-validated",
            state.settings.secure_cookies(),
        )),
        Err(RegistrationError::Internal(e)) => Err(e.into()),
        Err(_) => Err(AppError::NotFound),
    }
}

#[derive(serde::Deserialize)]
struct RefuseForm {
    #[serde(default)]
    reason: String,
}

async fn refuse(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, company)): Path<(i64, i64)>,
    Form(form): Form<RefuseForm>,
) -> Result<Response, AppError> {
    let access = company_access(&state, &ctx, id, company).await?;
    let reason: String = form.reason.chars().take(1000).collect();
    match services::registration::decide(
        &state.db,
        &state.settings,
        &ctx.actor()?,
        EventId(id),
        company,
        Some(&reason),
    )
    .await
    {
        Ok(()) => Ok(redirect_with_flash(
            &format!("/admin/events/{id}/registrations/{company}"),
            "flash-refused",
            state.settings.secure_cookies(),
        )),
        Err(RegistrationError::Invalid(errors)) => {
            let posted = Posted::Refuse(errors, reason);
            render_detail(&state, ctx, access.tabs, company, posted).await
        }
        Err(RegistrationError::Internal(e)) => Err(e.into()),
        Err(_) => Err(AppError::NotFound),
    }
}

#[derive(serde::Deserialize)]
struct PaymentRequestForm {
    #[serde(default)]
    amount: String,
    #[serde(default)]
    idempotency_key: String,
}

/// REG-5 step 3: emails the company a request to pay. A hook until online payment exists;
/// the payment feature replaces it with its own order and link.
async fn payment_request(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, company)): Path<(i64, i64)>,
    Form(form): Form<PaymentRequestForm>,
) -> Result<Response, AppError> {
    use services::email_templates::{
        PaymentRequest, PaymentRequestError, parse_amount, request_payment,
    };
    let access = company_access(&state, &ctx, id, company).await?;
    ctx.require(EventId(id), Permission::Payments)?;
    let amount: String = form.amount.chars().take(40).collect();
    let result = match parse_amount(&amount) {
        Ok(cents) => {
            let base_url = state.settings.base_url();
            let actor = ctx.actor()?;
            let request = PaymentRequest {
                company_id: company,
                amount_cents: cents,
                link: None,
                idempotency_key: &form.idempotency_key,
            };
            request_payment(&state.db, &base_url, &actor, EventId(id), request).await
        }
        Err(errors) => Err(PaymentRequestError::Invalid(errors)),
    };
    match result {
        Ok(_) => Ok(redirect_with_flash(
            &format!("/admin/events/{id}/registrations/{company}"),
            "flash-payment-requested",
            state.settings.secure_cookies(),
        )),
        Err(PaymentRequestError::Invalid(errors)) => {
            let posted = Posted::Payment(errors, amount);
            render_detail(&state, ctx, access.tabs, company, posted).await
        }
        Err(PaymentRequestError::Internal(e)) => Err(e.into()),
        Err(PaymentRequestError::NotFound) => Err(AppError::NotFound),
    }
}

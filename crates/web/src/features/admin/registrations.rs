//! Registrations in the back office: list with counts by status, detail, validation or
//! refusal with a reason (BO-3, BO-5, REG-5).

use super::{EventTabs, event_for};
use crate::context::Ctx;
use crate::error::AppError;
use crate::render::{page, page_with_status, redirect_with_flash};
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use axum::{Form, Router};
use domain::{EventId, Permission, UserId};
use services::forms::FieldErrors;
use services::registration::RegistrationError;
use store::events::CompanyRow;
use store::registration::OfferRow;

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
}

const STATUSES: [&str; 3] = ["pending", "validated", "refused"];

async fn allowed(state: &AppState, ctx: &Ctx, id: i64) -> Result<EventTabs, AppError> {
    ctx.require(EventId(id), Permission::ValidateRegistrations)?;
    let (_, tabs) = event_for(state, ctx, id, "registrations").await?;
    Ok(tabs)
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct ListQuery {
    status: String,
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
}

async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Query(query): Query<ListQuery>,
) -> Result<Response, AppError> {
    let tabs = allowed(&state, &ctx, id).await?;
    let event = EventId(id);
    let all = store::registration::companies_with_status(&state.db, event, None).await?;
    let participants = store::events::participants(&state.db, event).await?;
    let counts = STATUSES
        .iter()
        .map(|s| (*s, all.iter().filter(|c| c.status == *s).count()))
        .collect();
    let status = if STATUSES.contains(&query.status.as_str()) {
        query.status
    } else {
        String::new()
    };
    let lines = all
        .into_iter()
        .filter(|c| status.is_empty() || c.status == status)
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
    page(ListPage {
        ctx,
        tabs,
        lines,
        counts,
        status,
    })
}

struct Person {
    name: String,
    email: String,
    phone: String,
    job_title: String,
    editor: bool,
}

#[derive(Template)]
#[template(path = "admin/registration_detail.html")]
struct DetailPage {
    ctx: Ctx,
    tabs: EventTabs,
    company: CompanyRow,
    country: String,
    people: Vec<Person>,
    offers: Vec<OfferRow>,
    show_contacts: bool,
    errors: FieldErrors,
    reason: String,
    /// REG-5 step 3 hook: whether the payment request form shows, and the amount typed.
    can_request_payment: bool,
    amount: String,
    payment_key: String,
}

async fn render_detail(
    state: &AppState,
    ctx: Ctx,
    tabs: EventTabs,
    company_id: i64,
    errors: FieldErrors,
    reason: String,
    amount: String,
) -> Result<Response, AppError> {
    let event = EventId(tabs.id);
    let company = store::registration::company(&state.db, event, company_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut people = Vec::new();
    for p in store::registration::people(&state.db, event, company_id).await? {
        let user = store::users::find(&state.db, UserId(p.user_id)).await?;
        people.push(Person {
            name: format!("{} {}", p.first_name, p.last_name),
            email: user.map(|u| u.email).unwrap_or_default(),
            phone: p.phone,
            job_title: p.job_title_fr,
            editor: p.is_company_editor,
        });
    }
    let offers = store::registration::offers_of(&state.db, event, company_id).await?;
    let show_contacts = ctx.viewer.as_ref().is_some_and(|v| {
        v.permissions_on(event)
            .contains(Permission::SeePersonalData)
    });
    let can_request_payment = ctx
        .viewer
        .as_ref()
        .is_some_and(|v| v.permissions_on(event).contains(Permission::Payments));
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let country = domain::countries::name(&company.country, ctx.locale);
    page_with_status(
        status,
        DetailPage {
            ctx,
            tabs,
            company,
            country,
            people,
            offers,
            show_contacts,
            errors,
            reason,
            can_request_payment,
            amount,
            payment_key: services::security::random_token(),
        },
    )
}

async fn detail(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, company)): Path<(i64, i64)>,
) -> Result<Response, AppError> {
    let tabs = allowed(&state, &ctx, id).await?;
    render_detail(
        &state,
        ctx,
        tabs,
        company,
        FieldErrors::new(),
        String::new(),
        String::new(),
    )
    .await
}

async fn validate(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, company)): Path<(i64, i64)>,
) -> Result<Response, AppError> {
    allowed(&state, &ctx, id).await?;
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
    let tabs = allowed(&state, &ctx, id).await?;
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
            render_detail(&state, ctx, tabs, company, errors, reason, String::new()).await
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
    let tabs = allowed(&state, &ctx, id).await?;
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
            render_detail(&state, ctx, tabs, company, errors, String::new(), amount).await
        }
        Err(PaymentRequestError::Internal(e)) => Err(e.into()),
        Err(PaymentRequestError::NotFound) => Err(AppError::NotFound),
    }
}

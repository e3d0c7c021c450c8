//! Every meeting request of the event, filtered by state (MTG-9), with the outcome of each
//! meeting and both sides' ratings (MTG-10).

use super::{EventTabs, event_for};
use crate::context::Ctx;
use crate::error::AppError;
use crate::render::{page, redirect_with_flash};
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::routing::{get, post};
use axum::{Form, Router};
use domain::meeting::RequestState;
use domain::{EventId, Permission, RequestId};
use services::meetings::oversight::{self, Outcome, RecordOutcomeError, RequestListing};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin/events/{id}/requests", get(requests_page))
        .route(
            "/admin/events/{id}/requests/{request}/outcome",
            post(record_outcome),
        )
}

#[derive(Template)]
#[template(path = "admin/meeting_requests.html")]
struct RequestsPage {
    ctx: Ctx,
    tabs: EventTabs,
    listing: RequestListing,
    filter: String,
    page: u64,
    pages: u64,
}

impl RequestsPage {
    fn state_label(&self, state: &RequestState) -> String {
        self.ctx.tp("meeting-state-", state.as_str())
    }

    fn rating_label(&self, code: &str) -> String {
        self.ctx.tp("meeting-rating-", code)
    }

    fn can_record(&self, state: &RequestState) -> bool {
        matches!(
            state,
            RequestState::Scheduled | RequestState::Held | RequestState::NoShow
        )
    }
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct ListQuery {
    state: String,
    page: u64,
}

async fn requests_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Query(query): Query<ListQuery>,
) -> Result<Response, AppError> {
    ctx.require(EventId(id), Permission::ManageMeetings)?;
    let (event, tabs) = event_for(&state, &ctx, id, "requests").await?;
    let filter = query.state.parse::<RequestState>().ok();
    let listing =
        oversight::list_requests(&state.db, &event, filter, query.page, ctx.locale).await?;
    let pages = listing.total.div_ceil(oversight::PAGE_SIZE).max(1);
    page(RequestsPage {
        filter: filter.map(|s| s.as_str().to_string()).unwrap_or_default(),
        page: query.page.min(pages - 1),
        pages,
        listing,
        tabs,
        ctx,
    })
}

#[derive(serde::Deserialize)]
struct OutcomeForm {
    outcome: String,
    #[serde(default)]
    state: String,
}

async fn record_outcome(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, request)): Path<(i64, i64)>,
    Form(form): Form<OutcomeForm>,
) -> Result<Response, AppError> {
    ctx.require(EventId(id), Permission::ManageMeetings)?;
    event_for(&state, &ctx, id, "requests").await?;
    let outcome = Outcome::parse(&form.outcome).ok_or(AppError::BadRequest)?;
    let back = match form.state.parse::<RequestState>() {
        Ok(filter) => format!("/admin/events/{id}/requests?state={filter}"),
        Err(_) => format!("/admin/events/{id}/requests"),
    };
    let secure = state.settings.secure_cookies();
    match oversight::record_outcome(
        &state.db,
        &ctx.actor()?,
        EventId(id),
        RequestId(request),
        outcome,
    )
    .await
    {
        Ok(_) => Ok(redirect_with_flash(&back, "meeting-outcome-saved", secure)),
        Err(RecordOutcomeError::NotFound) => Err(AppError::NotFound),
        Err(RecordOutcomeError::WrongState) => Ok(redirect_with_flash(
            &back,
            "meeting-outcome-wrong-state",
            secure,
        )),
        Err(RecordOutcomeError::Internal(e)) => Err(e.into()),
    }
}

//! Suggestions of companies to meet for a logged-in participant (PRV-3).

use super::public_site::pick;
use crate::context::Ctx;
use crate::error::AppError;
use crate::render::page;
use crate::state::AppState;
use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::get;
use domain::EventId;
use services::suggestions::Reason;

/// Routes of this feature.
pub fn routes() -> Router<AppState> {
    Router::new().route("/{slug}/suggestions", get(suggestions))
}

struct Line {
    company_id: i64,
    name: String,
    place: String,
    reasons: Vec<String>,
}

#[derive(Template)]
#[template(path = "suggestions.html")]
struct SuggestionsPage {
    ctx: Ctx,
    slug: String,
    event_name: String,
    lines: Vec<Line>,
}

async fn suggestions(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
) -> Result<Response, AppError> {
    let viewer = ctx.viewer()?;
    let event = store::events::find_by_slug(&state.db, &slug)
        .await?
        .ok_or(AppError::NotFound)?;
    if !viewer.participations.iter().any(|p| p.event_id == event.id) {
        return Err(AppError::NotFound);
    }
    let found =
        services::suggestions::for_participant(&state.db, EventId(event.id), viewer.user.id, 20)
            .await?;
    let taxonomy = services::taxonomy::load(&state.db, EventId(event.id)).await?;
    let lines = found
        .into_iter()
        .map(|s| Line {
            company_id: s.company.id,
            place: format!(
                "{}, {}",
                s.company.city,
                domain::countries::name(&s.company.country, ctx.locale)
            ),
            reasons: s
                .reasons
                .iter()
                .map(|r| match r {
                    Reason::TheyOffer(mine, theirs) => {
                        ctx.tr
                            .t2("suggest-they-offer", ("mine", mine), ("theirs", theirs))
                    }
                    Reason::TheySeek(theirs, mine) => {
                        ctx.tr
                            .t2("suggest-they-seek", ("mine", mine), ("theirs", theirs))
                    }
                    Reason::SameSector(code) => {
                        let sector = taxonomy.label(
                            services::taxonomy::Vocabulary::Sector,
                            code,
                            ctx.locale,
                        );
                        ctx.t1("suggest-same-sector", "sector", &sector)
                    }
                })
                .collect(),
            name: s.company.name,
        })
        .collect();
    let event_name = pick(ctx.locale, &event.name_fr, &event.name_en);
    page(SuggestionsPage {
        ctx,
        slug,
        event_name,
        lines,
    })
}

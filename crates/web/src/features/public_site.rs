//! The public front office: the list of events and each event's mini-site (EVT-1, EVT-3,
//! EVT-5, PUB-1, PUB-3, PUB-4).

use crate::context::Ctx;
use crate::error::AppError;
use crate::render::page;
use crate::state::AppState;
use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use chrono::{NaiveDate, Utc};
use domain::{EventId, HexColor, Locale};
use store::events::{EventRow, PageRow, PartnerRow, RoomRow, VenueRow};

/// Routes of this feature.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(home))
        .route("/{slug}", get(welcome))
        .route("/{slug}/theme.css", get(theme_css))
        .route("/{slug}/{page}", get(site_page))
}

/// Organizer content in the visitor's language, French when the English text is empty.
pub fn pick(locale: Locale, fr: &str, en: &str) -> String {
    match locale {
        Locale::En if !en.trim().is_empty() => en.to_string(),
        _ => fr.to_string(),
    }
}

/// "10–11 mars 2027" / "10–11 March 2027".
pub fn format_dates(locale: Locale, start: NaiveDate, end: NaiveDate) -> String {
    const FR: [&str; 12] = [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ];
    const EN: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    use chrono::Datelike;
    let months = if locale == Locale::En { EN } else { FR };
    let month = |d: NaiveDate| months[d.month0() as usize];
    if start == end {
        format!("{} {} {}", start.day(), month(start), start.year())
    } else if start.month() == end.month() && start.year() == end.year() {
        format!(
            "{}–{} {} {}",
            start.day(),
            end.day(),
            month(end),
            end.year()
        )
    } else {
        format!(
            "{} {} – {} {} {}",
            start.day(),
            month(start),
            end.day(),
            month(end),
            end.year()
        )
    }
}

/// An event as listed on the home page.
pub struct EventCard {
    slug: String,
    name: String,
    summary: String,
    dates: String,
}

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    ctx: Ctx,
    events: Vec<EventCard>,
}

async fn home(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    let now = Utc::now();
    let today = now.date_naive();
    let events = store::events::list_published(&state.db)
        .await?
        .into_iter()
        .filter(|e| services::events::site_is_open(e, now) && e.ends_on >= today)
        .map(|e| EventCard {
            name: pick(ctx.locale, &e.name_fr, &e.name_en),
            summary: pick(ctx.locale, &e.summary_fr, &e.summary_en),
            dates: format_dates(ctx.locale, e.starts_on, e.ends_on),
            slug: e.slug,
        })
        .collect();
    page(HomePage { ctx, events })
}

/// Loads an event whose public site the visitor may see: open to everyone, or a preview for
/// the event's team. Anything else is "not found".
async fn visible_event(state: &AppState, ctx: &Ctx, slug: &str) -> Result<EventRow, AppError> {
    let event = store::events::find_by_slug(&state.db, slug)
        .await?
        .ok_or(AppError::NotFound)?;
    let team = ctx
        .viewer
        .as_ref()
        .is_some_and(|v| v.is_team_member(EventId(event.id)));
    if services::events::site_is_open(&event, Utc::now()) || team {
        Ok(event)
    } else {
        Err(AppError::NotFound)
    }
}

struct PartnerView {
    name: String,
    role_key: String,
    website: String,
    logo_file_id: Option<i64>,
    pitch: String,
}

struct VenueView {
    name: String,
    address: String,
    access: String,
    rooms: Vec<String>,
}

/// What every mini-site page shows around its content.
struct SiteView {
    slug: String,
    name: String,
    summary: String,
    dates: String,
    banner_file_id: Option<i64>,
    registration_open: bool,
    is_preview: bool,
    partners: Vec<PartnerView>,
    current: String,
}

fn site_view(ctx: &Ctx, event: &EventRow, partners: Vec<PartnerRow>, current: &str) -> SiteView {
    SiteView {
        slug: event.slug.clone(),
        name: pick(ctx.locale, &event.name_fr, &event.name_en),
        summary: pick(ctx.locale, &event.summary_fr, &event.summary_en),
        dates: format_dates(ctx.locale, event.starts_on, event.ends_on),
        banner_file_id: event.banner_file_id,
        registration_open: services::events::registration_is_open(event, Utc::now()),
        is_preview: !services::events::site_is_open(event, Utc::now()),
        partners: partners
            .into_iter()
            .map(|p| PartnerView {
                role_key: format!("partner-role-{}", p.role),
                pitch: pick(ctx.locale, &p.pitch_fr, &p.pitch_en),
                name: p.name,
                website: p.website,
                logo_file_id: p.logo_file_id,
            })
            .collect(),
        current: current.to_string(),
    }
}

#[derive(Template)]
#[template(path = "site_page.html")]
struct SitePage {
    ctx: Ctx,
    site: SiteView,
    title: String,
    body_html: String,
    venues: Vec<VenueView>,
}

fn page_in(pages: &[PageRow], locale: Locale) -> Option<&PageRow> {
    pages
        .iter()
        .find(|p| p.locale == locale.code() && !p.body_html.trim().is_empty())
        .or_else(|| pages.iter().find(|p| p.locale == Locale::Fr.code()))
}

async fn render_site_page(
    state: &AppState,
    ctx: Ctx,
    slug: &str,
    kind: &str,
) -> Result<Response, AppError> {
    if !services::events::PAGE_KINDS.contains(&kind) {
        return Err(AppError::NotFound);
    }
    let event = visible_event(state, &ctx, slug).await?;
    let id = EventId(event.id);
    let pages: Vec<PageRow> = store::events::pages(&state.db, id)
        .await?
        .into_iter()
        .filter(|p| p.kind == kind)
        .collect();
    let shown = page_in(&pages, ctx.locale);
    let title = shown
        .map(|p| p.title.clone())
        .unwrap_or_else(|| ctx.t(&format!("page-{kind}")));
    // Stored HTML was sanitized on save; it is shown as is.
    let body_html = shown.map(|p| p.body_html.clone()).unwrap_or_default();
    let venues = if kind == "practical" {
        let rooms: Vec<RoomRow> = store::events::rooms(&state.db, id).await?;
        store::events::venues(&state.db, id)
            .await?
            .into_iter()
            .map(|v: VenueRow| VenueView {
                rooms: rooms
                    .iter()
                    .filter(|r| r.venue_id == v.id)
                    .map(|r| r.name.clone())
                    .collect(),
                access: pick(ctx.locale, &v.access_fr, &v.access_en),
                name: v.name,
                address: v.address,
            })
            .collect()
    } else {
        Vec::new()
    };
    let partners = store::events::partners(&state.db, id).await?;
    let site = site_view(&ctx, &event, partners, kind);
    page(SitePage {
        ctx,
        site,
        title,
        body_html,
        venues,
    })
}

async fn welcome(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
) -> Result<Response, AppError> {
    render_site_page(&state, ctx, &slug, "welcome").await
}

async fn site_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, kind)): Path<(String, String)>,
) -> Result<Response, AppError> {
    render_site_page(&state, ctx, &slug, &kind).await
}

/// The event's colours as a stylesheet, so that branding needs no inline style (the CSP
/// forbids it). Text on the brand colour is white only where it reaches 4.5:1.
async fn theme_css(
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Response, AppError> {
    let event = store::events::find_by_slug(&state.db, &slug)
        .await?
        .ok_or(AppError::NotFound)?;
    let (brand, text) = match HexColor::parse(&event.primary_color) {
        Ok(c) => (
            c.as_str().to_string(),
            if c.white_text_is_readable() {
                "#ffffff"
            } else {
                "#111111"
            },
        ),
        Err(_) => ("#1a5fb4".to_string(), "#ffffff"),
    };
    let css = format!(":root {{ --brand: {brand}; --brand-text: {text}; }}\n");
    Ok((
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        css,
    )
        .into_response())
}

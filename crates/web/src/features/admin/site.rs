//! The mini-site's content: venues and rooms, pages per language, organizers and partners,
//! branding (EVT-2, EVT-3, EVT-5, PUB-1).

use super::{EventTabs, event_for, read_multipart, upload_error_key};
use crate::context::Ctx;
use crate::error::AppError;
use crate::render::{page, page_with_status, redirect_with_flash};
use crate::state::AppState;
use askama::Template;
use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use axum::{Form, Router};
use domain::{EventId, Locale, Permission};
use services::events::{EventError, PartnerForm, VenueForm};
use services::forms::FieldErrors;
use store::events::{PartnerRow, RoomRow, VenueRow};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/admin/events/{id}/venues",
            get(venues_page).post(create_venue),
        )
        .route("/admin/events/{id}/venues/{venue}", post(update_venue))
        .route(
            "/admin/events/{id}/venues/{venue}/delete",
            post(delete_venue),
        )
        .route("/admin/events/{id}/venues/{venue}/rooms", post(add_room))
        .route("/admin/events/{id}/rooms/{room}/delete", post(delete_room))
        .route("/admin/events/{id}/pages", get(pages_index))
        .route(
            "/admin/events/{id}/pages/{kind}/{lang}",
            get(page_editor).post(save_page),
        )
        .route(
            "/admin/events/{id}/partners",
            get(partners_page).post(create_partner),
        )
        .route(
            "/admin/events/{id}/partners/{partner}",
            post(update_partner),
        )
        .route(
            "/admin/events/{id}/partners/{partner}/delete",
            post(delete_partner),
        )
        .route(
            "/admin/events/{id}/branding",
            get(branding_page).post(save_branding),
        )
}

fn map_event_error(error: EventError) -> AppError {
    match error {
        EventError::NotFound | EventError::Invalid(_) => AppError::NotFound,
        EventError::Internal(e) => e.into(),
    }
}

async fn editable(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    tab: &'static str,
) -> Result<EventTabs, AppError> {
    let (_, tabs) = event_for(state, ctx, id, tab).await?;
    ctx.require(EventId(id), Permission::EditSiteContent)?;
    Ok(tabs)
}

#[derive(Template)]
#[template(path = "admin/venues.html")]
struct VenuesPage {
    ctx: Ctx,
    tabs: EventTabs,
    venues: Vec<VenueRow>,
    rooms: Vec<RoomRow>,
    form: VenueForm,
    errors: FieldErrors,
}

impl VenuesPage {
    fn rooms_of(&self, venue: &i64) -> Vec<&RoomRow> {
        self.rooms.iter().filter(|r| r.venue_id == *venue).collect()
    }
}

async fn render_venues(
    state: &AppState,
    ctx: Ctx,
    tabs: EventTabs,
    form: VenueForm,
    errors: FieldErrors,
) -> Result<Response, AppError> {
    let id = EventId(tabs.id);
    let venues = store::events::venues(&state.db, id).await?;
    let rooms = store::events::rooms(&state.db, id).await?;
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    page_with_status(
        status,
        VenuesPage {
            ctx,
            tabs,
            venues,
            rooms,
            form,
            errors,
        },
    )
}

async fn venues_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let tabs = editable(&state, &ctx, id, "venues").await?;
    render_venues(&state, ctx, tabs, VenueForm::default(), FieldErrors::new()).await
}

async fn create_venue(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(form): Form<VenueForm>,
) -> Result<Response, AppError> {
    let tabs = editable(&state, &ctx, id, "venues").await?;
    match services::events::save_venue(&state.db, &ctx.actor()?, EventId(id), None, &form).await {
        Ok(_) => Ok(redirect_with_flash(
            &format!("/admin/events/{id}/venues"),
            "flash-saved",
            state.settings.secure_cookies(),
        )),
        Err(EventError::Invalid(errors)) => render_venues(&state, ctx, tabs, form, errors).await,
        Err(e) => Err(map_event_error(e)),
    }
}

async fn update_venue(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, venue)): Path<(i64, i64)>,
    Form(form): Form<VenueForm>,
) -> Result<Response, AppError> {
    let tabs = editable(&state, &ctx, id, "venues").await?;
    match services::events::save_venue(&state.db, &ctx.actor()?, EventId(id), Some(venue), &form)
        .await
    {
        Ok(_) => Ok(redirect_with_flash(
            &format!("/admin/events/{id}/venues"),
            "flash-saved",
            state.settings.secure_cookies(),
        )),
        Err(EventError::Invalid(errors)) => render_venues(&state, ctx, tabs, form, errors).await,
        Err(e) => Err(map_event_error(e)),
    }
}

async fn delete_venue(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, venue)): Path<(i64, i64)>,
) -> Result<Response, AppError> {
    editable(&state, &ctx, id, "venues").await?;
    services::events::delete_venue(&state.db, &ctx.actor()?, EventId(id), venue)
        .await
        .map_err(map_event_error)?;
    Ok(redirect_with_flash(
        &format!("/admin/events/{id}/venues"),
        "flash-deleted",
        state.settings.secure_cookies(),
    ))
}

#[derive(serde::Deserialize)]
struct RoomForm {
    #[serde(default)]
    room_name: String,
    #[serde(default)]
    capacity: String,
}

async fn add_room(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, venue)): Path<(i64, i64)>,
    Form(form): Form<RoomForm>,
) -> Result<Response, AppError> {
    let tabs = editable(&state, &ctx, id, "venues").await?;
    match services::events::add_room(
        &state.db,
        &ctx.actor()?,
        EventId(id),
        venue,
        &form.room_name,
        &form.capacity,
    )
    .await
    {
        Ok(_) => Ok(redirect_with_flash(
            &format!("/admin/events/{id}/venues"),
            "flash-saved",
            state.settings.secure_cookies(),
        )),
        Err(EventError::Invalid(errors)) => {
            render_venues(&state, ctx, tabs, VenueForm::default(), errors).await
        }
        Err(e) => Err(map_event_error(e)),
    }
}

async fn delete_room(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, room)): Path<(i64, i64)>,
) -> Result<Response, AppError> {
    editable(&state, &ctx, id, "venues").await?;
    services::events::delete_room(&state.db, &ctx.actor()?, EventId(id), room)
        .await
        .map_err(map_event_error)?;
    Ok(redirect_with_flash(
        &format!("/admin/events/{id}/venues"),
        "flash-deleted",
        state.settings.secure_cookies(),
    ))
}

#[derive(Template)]
#[template(path = "admin/pages.html")]
struct PagesIndex {
    ctx: Ctx,
    tabs: EventTabs,
    kinds: Vec<&'static str>,
}

async fn pages_index(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let tabs = editable(&state, &ctx, id, "pages").await?;
    page(PagesIndex {
        ctx,
        tabs,
        kinds: services::events::PAGE_KINDS.to_vec(),
    })
}

#[derive(Template)]
#[template(path = "admin/page_editor.html")]
struct PageEditor {
    ctx: Ctx,
    tabs: EventTabs,
    kind: String,
    page_lang: String,
    title: String,
    body_html: String,
    errors: FieldErrors,
}

#[derive(serde::Deserialize)]
struct PageForm {
    #[serde(default)]
    title: String,
    #[serde(default)]
    body_html: String,
}

fn page_target(kind: &str, lang: &str) -> Result<Locale, AppError> {
    if !services::events::PAGE_KINDS.contains(&kind) {
        return Err(AppError::NotFound);
    }
    Locale::parse(lang)
        .filter(|l| l.code() == lang)
        .ok_or(AppError::NotFound)
}

async fn page_editor(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, kind, lang)): Path<(i64, String, String)>,
) -> Result<Response, AppError> {
    let tabs = editable(&state, &ctx, id, "pages").await?;
    let locale = page_target(&kind, &lang)?;
    let stored = store::events::page(&state.db, EventId(id), &kind, locale.code()).await?;
    let (title, body_html) = stored.map(|p| (p.title, p.body_html)).unwrap_or_default();
    page(PageEditor {
        ctx,
        tabs,
        kind,
        page_lang: lang,
        title,
        body_html,
        errors: FieldErrors::new(),
    })
}

async fn save_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, kind, lang)): Path<(i64, String, String)>,
    Form(form): Form<PageForm>,
) -> Result<Response, AppError> {
    let tabs = editable(&state, &ctx, id, "pages").await?;
    let locale = page_target(&kind, &lang)?;
    match services::events::save_page(
        &state.db,
        &ctx.actor()?,
        EventId(id),
        &kind,
        locale,
        &form.title,
        &form.body_html,
    )
    .await
    {
        Ok(()) => Ok(redirect_with_flash(
            &format!("/admin/events/{id}/pages/{kind}/{lang}"),
            "flash-saved",
            state.settings.secure_cookies(),
        )),
        Err(EventError::Invalid(errors)) => page_with_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            PageEditor {
                ctx,
                tabs,
                kind,
                page_lang: lang,
                title: form.title,
                body_html: form.body_html,
                errors,
            },
        ),
        Err(e) => Err(map_event_error(e)),
    }
}

#[derive(Template)]
#[template(path = "admin/partners.html")]
struct PartnersPage {
    ctx: Ctx,
    tabs: EventTabs,
    partners: Vec<PartnerRow>,
    form: PartnerForm,
    errors: FieldErrors,
    roles: Vec<&'static str>,
}

async fn render_partners(
    state: &AppState,
    ctx: Ctx,
    tabs: EventTabs,
    form: PartnerForm,
    errors: FieldErrors,
) -> Result<Response, AppError> {
    let partners = store::events::partners(&state.db, EventId(tabs.id)).await?;
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    page_with_status(
        status,
        PartnersPage {
            ctx,
            tabs,
            partners,
            form,
            errors,
            roles: services::events::PARTNER_ROLES.to_vec(),
        },
    )
}

async fn partners_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let tabs = editable(&state, &ctx, id, "partners").await?;
    render_partners(
        &state,
        ctx,
        tabs,
        PartnerForm {
            role: "co_organizer".into(),
            ..PartnerForm::default()
        },
        FieldErrors::new(),
    )
    .await
}

async fn create_partner(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    multipart: Multipart,
) -> Result<Response, AppError> {
    save_partner(state, ctx, id, None, multipart).await
}

async fn update_partner(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, partner)): Path<(i64, i64)>,
    multipart: Multipart,
) -> Result<Response, AppError> {
    save_partner(state, ctx, id, Some(partner), multipart).await
}

/// Creates (`partner` none) or updates an organizer or partner, with an optional new logo.
async fn save_partner(
    state: AppState,
    ctx: Ctx,
    id: i64,
    partner: Option<i64>,
    multipart: Multipart,
) -> Result<Response, AppError> {
    let tabs = editable(&state, &ctx, id, "partners").await?;
    let upload = read_multipart(multipart, "logo").await?;
    let form = PartnerForm {
        name: upload.text("name"),
        role: upload.text("role"),
        website: upload.text("website"),
        pitch_fr: upload.text("pitch_fr"),
        pitch_en: upload.text("pitch_en"),
        position: upload.text("position"),
    };
    let logo = if upload.file_bytes.is_empty() {
        None
    } else {
        match services::files::store_image(
            &state.db,
            &state.files,
            Some(id),
            &upload.file_name,
            &upload.file_bytes,
            state.settings.max_upload_bytes,
        )
        .await
        {
            Ok(file) => Some(file),
            Err(e) => {
                let mut errors = FieldErrors::new();
                errors.add("logo", upload_error_key(&e));
                return render_partners(&state, ctx, tabs, form, errors).await;
            }
        }
    };
    match services::events::save_partner(
        &state.db,
        &ctx.actor()?,
        EventId(id),
        partner,
        &form,
        logo,
    )
    .await
    {
        Ok(_) => Ok(redirect_with_flash(
            &format!("/admin/events/{id}/partners"),
            "flash-saved",
            state.settings.secure_cookies(),
        )),
        Err(EventError::Invalid(errors)) => render_partners(&state, ctx, tabs, form, errors).await,
        Err(e) => Err(map_event_error(e)),
    }
}

async fn delete_partner(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, partner)): Path<(i64, i64)>,
) -> Result<Response, AppError> {
    editable(&state, &ctx, id, "partners").await?;
    services::events::delete_partner(&state.db, &ctx.actor()?, EventId(id), partner)
        .await
        .map_err(map_event_error)?;
    Ok(redirect_with_flash(
        &format!("/admin/events/{id}/partners"),
        "flash-deleted",
        state.settings.secure_cookies(),
    ))
}

#[derive(Template)]
#[template(path = "admin/branding.html")]
struct BrandingPage {
    ctx: Ctx,
    tabs: EventTabs,
    primary_color: String,
    banner_file_id: Option<i64>,
    errors: FieldErrors,
}

async fn branding_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let tabs = editable(&state, &ctx, id, "branding").await?;
    let event = store::events::find(&state.db, EventId(id))
        .await?
        .ok_or(AppError::NotFound)?;
    page(BrandingPage {
        ctx,
        tabs,
        primary_color: event.primary_color,
        banner_file_id: event.banner_file_id,
        errors: FieldErrors::new(),
    })
}

async fn save_branding(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    multipart: Multipart,
) -> Result<Response, AppError> {
    let tabs = editable(&state, &ctx, id, "branding").await?;
    let upload = read_multipart(multipart, "banner").await?;
    let event = store::events::find(&state.db, EventId(id))
        .await?
        .ok_or(AppError::NotFound)?;
    let actor = ctx.actor()?;
    let color = upload.text("primary_color");
    let mut errors = FieldErrors::new();
    if color != event.primary_color {
        let form = services::events::EventForm {
            primary_color: color.clone(),
            ..services::events::EventForm::from_row(&event)
        };
        match services::events::update_event(&state.db, &actor, EventId(id), &form).await {
            Ok(()) => {}
            Err(EventError::Invalid(e)) => errors = e,
            Err(e) => return Err(map_event_error(e)),
        }
    }
    let remove = upload.text("remove_banner") == "on";
    if errors.is_empty() && (remove || !upload.file_bytes.is_empty()) {
        let file = if remove {
            Ok(None)
        } else {
            services::files::store_image(
                &state.db,
                &state.files,
                Some(id),
                &upload.file_name,
                &upload.file_bytes,
                state.settings.max_upload_bytes,
            )
            .await
            .map(Some)
        };
        match file {
            Ok(file) => services::events::set_banner(&state.db, &actor, EventId(id), file)
                .await
                .map_err(map_event_error)?,
            Err(e) => errors.add("banner", upload_error_key(&e)),
        }
    }
    if errors.is_empty() {
        return Ok(redirect_with_flash(
            &format!("/admin/events/{id}/branding"),
            "flash-saved",
            state.settings.secure_cookies(),
        ));
    }
    page_with_status(
        StatusCode::UNPROCESSABLE_ENTITY,
        BrandingPage {
            ctx,
            tabs,
            primary_color: color,
            banner_file_id: event.banner_file_id,
            errors,
        },
    )
}

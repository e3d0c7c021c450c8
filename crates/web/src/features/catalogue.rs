//! The public participants catalogue (PUB-5, PUB-6): the event's validated companies with
//! search, filters, sort and paging, and each company's page. Contacts (people) are shown
//! only to the event's participants and team.

use super::form_view::term_options;
use crate::context::Ctx;
use crate::error::AppError;
use crate::features::public_site::{format_dates, pick};
use crate::render::page;
use crate::state::AppState;
use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::routing::get;
use chrono::Utc;
use domain::countries::{COUNTRIES, name as country_name};
use domain::{EventId, Locale};
use serde::Deserialize;
use services::catalogue::{Catalogue, Criteria, Listing, Sort};
use services::form_fields::Scope;
use services::taxonomy::Vocabulary;
use store::events::EventRow;

/// Routes of this feature.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/{slug}/participants", get(list))
        .route("/{slug}/participants/{company_id}", get(detail))
}

/// Loads an event whose public site the visitor may see: open to everyone, or a preview for
/// the event's team. Anything else is "not found" (same rule as the mini-site).
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

/// The event's hero and navigation around the catalogue.
struct SiteView {
    slug: String,
    name: String,
    dates: String,
    banner_file_id: Option<i64>,
    is_preview: bool,
}

fn site_view(ctx: &Ctx, event: &EventRow) -> SiteView {
    SiteView {
        slug: event.slug.clone(),
        name: pick(ctx.locale, &event.name_fr, &event.name_en),
        dates: format_dates(ctx.locale, event.starts_on, event.ends_on),
        banner_file_id: event.banner_file_id,
        is_preview: !services::events::site_is_open(event, Utc::now()),
    }
}

/// An option of a select.
struct Choice {
    value: String,
    label: String,
    selected: bool,
}

/// An offer or request as listed.
struct OfferView {
    id: i64,
    kind_key: String,
    title: String,
    description: String,
    keywords: String,
    /// Public configurable fields: (label, value).
    details: Vec<(String, String)>,
    /// Attached files (on the company's page only).
    attachments: Vec<crate::features::attachments::AttachmentLink>,
}

/// A company as listed.
struct CompanyCard {
    id: i64,
    name: String,
    city: String,
    country: String,
    sector: String,
    summary: String,
    offers: Vec<OfferView>,
    expert: bool,
}

/// A link to another page of results.
struct PageLink {
    href: String,
}

#[derive(Deserialize, Default)]
struct ListQuery {
    q: Option<String>,
    country: Option<String>,
    sector: Option<String>,
    kind: Option<String>,
    category: Option<String>,
    cooperation: Option<String>,
    sort: Option<String>,
    page: Option<String>,
}

#[derive(Template)]
#[template(path = "catalogue.html")]
struct ListPage {
    ctx: Ctx,
    site: SiteView,
    q: String,
    countries: Vec<Choice>,
    sectors: Vec<Choice>,
    kinds: Vec<Choice>,
    categories: Vec<Choice>,
    cooperations: Vec<Choice>,
    sorts: Vec<Choice>,
    results_text: String,
    page_text: String,
    companies: Vec<CompanyCard>,
    previous: Option<PageLink>,
    next: Option<PageLink>,
    filtered: bool,
}

/// A description cut to about `max` characters at a word boundary.
fn shorten(text: &str, max: usize) -> String {
    let text = text.trim();
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max).collect();
    let cut = match cut.rfind(char::is_whitespace) {
        Some(i) if i > max / 2 => cut[..i].to_string(),
        _ => cut,
    };
    format!(
        "{}…",
        cut.trim_end_matches(|c: char| c.is_whitespace() || c == ',' || c == '.')
    )
}

/// The offers and requests with only their public fields (BO-3).
fn offer_views(ctx: &Ctx, listing: &Listing, catalogue: &Catalogue) -> Vec<OfferView> {
    let design = &catalogue.design;
    let shown = |key: &str, text: &str| {
        if design.is_public(Scope::Offer, key) {
            text.to_string()
        } else {
            String::new()
        }
    };
    listing
        .offers
        .iter()
        .map(|o| OfferView {
            id: o.id,
            attachments: Vec::new(),
            kind_key: format!("catalogue-kind-{}", o.kind),
            title: o.title.clone(),
            description: shown("description", &o.description),
            keywords: shown("keywords", &o.keywords),
            details: listing
                .offer_values
                .get(&o.id)
                .map(|values| catalogue.public_values(Scope::Offer, values, ctx.locale))
                .unwrap_or_default(),
        })
        .collect()
}

/// A company's public text field, or nothing when the organizer keeps it private (BO-3).
fn public_text(catalogue: &Catalogue, key: &str, text: &str) -> String {
    if catalogue.design.is_public(Scope::Company, key) {
        text.trim().to_string()
    } else {
        String::new()
    }
}

fn sector_label(ctx: &Ctx, catalogue: &Catalogue, code: &str) -> String {
    if code.is_empty() || !catalogue.design.is_public(Scope::Company, "sector") {
        return String::new();
    }
    catalogue
        .taxonomy
        .label(Vocabulary::Sector, code, ctx.locale)
}

fn card(ctx: &Ctx, listing: &Listing, catalogue: &Catalogue) -> CompanyCard {
    let c = &listing.company;
    let description = pick(
        ctx.locale,
        &public_text(catalogue, "description_fr", &c.description_fr),
        &public_text(catalogue, "description_en", &c.description_en),
    );
    CompanyCard {
        id: c.id,
        name: c.name.clone(),
        city: public_text(catalogue, "city", &c.city),
        country: country_name(&c.country, ctx.locale),
        sector: sector_label(ctx, catalogue, &c.sector),
        summary: shorten(&description, 220),
        offers: offer_views(ctx, listing, catalogue),
        expert: listing.has_expert(),
    }
}

/// The list address with the criteria and a page number.
fn list_href(slug: &str, criteria: &Criteria, page: usize) -> String {
    let mut query = url::form_urlencoded::Serializer::new(String::new());
    for (key, value) in [
        ("q", criteria.q.as_str()),
        ("country", criteria.country.as_str()),
        ("sector", criteria.sector.as_str()),
        ("kind", criteria.kind.as_str()),
        ("category", criteria.category.as_str()),
        ("cooperation", criteria.cooperation.as_str()),
    ] {
        if !value.is_empty() {
            query.append_pair(key, value);
        }
    }
    if criteria.sort != Sort::Name {
        query.append_pair("sort", criteria.sort.code());
    }
    query.append_pair("page", &page.to_string());
    format!("/{slug}/participants?{}", query.finish())
}

async fn load_catalogue(state: &AppState, event: EventId) -> Result<Catalogue, AppError> {
    Ok(Catalogue::load(&state.db, event).await?)
}

fn choices(
    ctx: &Ctx,
    catalogue: &Catalogue,
    vocabulary: Vocabulary,
    selected: &str,
) -> Vec<Choice> {
    term_options(&catalogue.taxonomy, vocabulary, ctx.locale, &[selected])
        .into_iter()
        .map(|o| Choice {
            value: o.value,
            label: o.label,
            selected: o.selected,
        })
        .collect()
}

async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
    Query(query): Query<ListQuery>,
) -> Result<Response, AppError> {
    let event = visible_event(&state, &ctx, &slug).await?;
    let catalogue = load_catalogue(&state, EventId(event.id)).await?;
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    let criteria = Criteria::new(
        &text(&query.q),
        &text(&query.country),
        &text(&query.sector),
        &text(&query.kind),
        &text(&query.sort),
    )
    .within(
        &catalogue.taxonomy,
        &text(&query.category),
        &text(&query.cooperation),
    );
    let found = services::catalogue::search_page(
        &state.db,
        EventId(event.id),
        &catalogue,
        &criteria,
        ctx.locale,
        &text(&query.page),
    )
    .await?;
    let paging = found.paging;
    let companies = found
        .listings
        .iter()
        .map(|l| card(&ctx, l, &catalogue))
        .collect();

    // Countries of the event's companies, by name in the visitor's language.
    let mut countries: Vec<Choice> = COUNTRIES
        .iter()
        .filter(|(code, _, _)| found.countries.contains(*code))
        .map(|(code, _, _)| Choice {
            value: code.to_string(),
            label: country_name(code, ctx.locale),
            selected: criteria.country == *code,
        })
        .collect();
    countries.sort_by_key(|c| domain::countries::fold_for_search(&c.label));
    let sectors = choices(&ctx, &catalogue, Vocabulary::Sector, &criteria.sector);
    let categories = choices(
        &ctx,
        &catalogue,
        Vocabulary::ParticipantCategory,
        &criteria.category,
    );
    let cooperations = choices(
        &ctx,
        &catalogue,
        Vocabulary::Cooperation,
        &criteria.cooperation,
    );
    let kinds = services::catalogue::OFFER_KINDS
        .iter()
        .map(|code| Choice {
            value: code.to_string(),
            label: ctx.tp("catalogue-filter-kind-", code),
            selected: criteria.kind == *code,
        })
        .collect();
    let sorts = Sort::ALL
        .iter()
        .map(|s| Choice {
            value: s.code().to_string(),
            label: ctx.tp("catalogue-sort-", s.code()),
            selected: criteria.sort == *s,
        })
        .collect();

    let results_text = match found.total {
        0 => ctx.t("catalogue-results-none"),
        1 => ctx.t("catalogue-results-one"),
        n => ctx.t1("catalogue-results-many", "count", &n.to_string()),
    };
    let page_text = services::i18n::t_args(
        ctx.locale,
        "catalogue-page-of",
        &[
            ("page", paging.page.to_string()),
            ("pages", paging.pages.to_string()),
        ],
    );
    let previous = (paging.page > 1).then(|| PageLink {
        href: list_href(&event.slug, &criteria, paging.page - 1),
    });
    let next = (paging.page < paging.pages).then(|| PageLink {
        href: list_href(&event.slug, &criteria, paging.page + 1),
    });
    let filtered = !criteria.q.is_empty()
        || !criteria.country.is_empty()
        || !criteria.sector.is_empty()
        || !criteria.kind.is_empty()
        || !criteria.category.is_empty()
        || !criteria.cooperation.is_empty();
    let site = site_view(&ctx, &event);
    page(ListPage {
        q: criteria.q.clone(),
        ctx,
        site,
        countries,
        sectors,
        kinds,
        categories,
        cooperations,
        sorts,
        results_text,
        page_text,
        companies,
        previous,
        next,
        filtered,
    })
}

/// A person of the company, for participants and the team only.
struct PersonView {
    name: String,
    job_title: String,
    category: String,
}

/// A description with its language, for `lang` attributes.
struct Description {
    lang: &'static str,
    text: String,
}

/// What someone who may not see the contacts is told.
#[derive(PartialEq, Eq)]
enum Contacts {
    /// Shown.
    Visible,
    /// Anonymous: log in or register.
    LogIn,
    /// Logged in but not on this event.
    Register,
}

#[derive(Template)]
#[template(path = "catalogue_detail.html")]
struct DetailPage {
    ctx: Ctx,
    site: SiteView,
    name: String,
    city: String,
    country: String,
    website: String,
    sector: String,
    descriptions: Vec<Description>,
    details: Vec<(String, String)>,
    /// Public file answers: (label, address, file name).
    files: Vec<(String, String, String)>,
    expert: bool,
    offers: Vec<OfferView>,
    requests: Vec<OfferView>,
    contacts: Contacts,
    people: Vec<PersonView>,
    login_href: String,
    register_href: String,
    /// For the "request a meeting" link.
    company_id: i64,
}

/// Only web addresses become links; anything else is shown as text.
fn is_web_address(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://")
}

async fn detail(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, company_id)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let event = visible_event(&state, &ctx, &slug).await?;
    let id = EventId(event.id);
    let company_id: i64 = company_id.parse().map_err(|_| AppError::NotFound)?;
    let company = store::registration::company(&state.db, id, company_id)
        .await?
        .filter(|c| c.status == "validated")
        .ok_or(AppError::NotFound)?;
    let catalogue = load_catalogue(&state, id).await?;
    let listing = services::catalogue::listings_of(&state.db, id, &[company.id])
        .await?
        .pop()
        .ok_or(AppError::NotFound)?;
    let people_rows = store::registration::people(&state.db, id, company.id).await?;
    let person_ids: Vec<i64> = people_rows.iter().map(|p| p.id).collect();
    let categories: std::collections::HashMap<i64, String> =
        store::forms::values_of_owners(&state.db, id, &[], &[], &person_ids)
            .await?
            .into_iter()
            .filter(|v| v.field_key == "category")
            .filter_map(|v| v.participant_id.map(|p| (p, v.value)))
            .collect();
    let contacts = match &ctx.viewer {
        Some(v)
            if v.is_team_member(id)
                || v.participations
                    .iter()
                    .any(|p| p.event_id == id.0 && p.status == "validated") =>
        {
            Contacts::Visible
        }
        Some(_) => Contacts::Register,
        None => Contacts::LogIn,
    };
    let category_public = catalogue.design.is_public(Scope::Person, "category");
    let job_public = catalogue.design.is_public(Scope::Person, "job_title");
    let people = if contacts == Contacts::Visible {
        people_rows
            .into_iter()
            .filter(|p| p.status != "refused")
            .map(|p| PersonView {
                name: format!("{} {}", p.first_name, p.last_name)
                    .trim()
                    .to_string(),
                job_title: if job_public {
                    pick(ctx.locale, &p.job_title_fr, &p.job_title_en)
                } else {
                    String::new()
                },
                category: match categories.get(&p.id) {
                    Some(code) if category_public => {
                        catalogue
                            .taxonomy
                            .label(Vocabulary::ParticipantCategory, code, ctx.locale)
                    }
                    _ => String::new(),
                },
            })
            .collect()
    } else {
        Vec::new()
    };
    let c = &listing.company;
    let mut descriptions = vec![
        Description {
            lang: "fr",
            text: public_text(&catalogue, "description_fr", &c.description_fr),
        },
        Description {
            lang: "en",
            text: public_text(&catalogue, "description_en", &c.description_en),
        },
    ];
    if ctx.locale == Locale::En {
        descriptions.reverse();
    }
    descriptions.retain(|d| !d.text.is_empty());
    let mut views = offer_views(&ctx, &listing, &catalogue);
    let ids: Vec<i64> = views.iter().map(|v| v.id).collect();
    let mut files = services::attachments::by_offer(&state.db, id, &ids).await?;
    for view in &mut views {
        view.attachments = files
            .remove(&view.id)
            .unwrap_or_default()
            .iter()
            .map(|row| {
                crate::features::attachments::AttachmentLink::new(ctx.locale, &event.slug, row)
            })
            .collect();
    }
    let details = catalogue.public_values(Scope::Company, &listing.values, ctx.locale);
    let files = catalogue
        .public_files(&listing.values, ctx.locale)
        .into_iter()
        .map(|(label, key, name)| {
            let href = format!("/{}/participants/{}/files/{key}", event.slug, c.id);
            (label, href, name)
        })
        .collect();
    let (offers, requests): (Vec<OfferView>, Vec<OfferView>) = views
        .into_iter()
        .partition(|o| o.kind_key == "catalogue-kind-offer");
    let next = percent_encoding::utf8_percent_encode(&ctx.path, percent_encoding::NON_ALPHANUMERIC)
        .to_string();
    let site = site_view(&ctx, &event);
    page(DetailPage {
        company_id,
        name: c.name.clone(),
        city: public_text(&catalogue, "city", &c.city),
        country: country_name(&c.country, ctx.locale),
        website: if is_web_address(&c.website) {
            public_text(&catalogue, "website", &c.website)
        } else {
            String::new()
        },
        sector: sector_label(&ctx, &catalogue, &c.sector),
        descriptions,
        details,
        files,
        expert: listing.has_expert(),
        offers,
        requests,
        contacts,
        people,
        login_href: format!("/login?next={next}"),
        register_href: format!("/{}/register", event.slug),
        ctx,
        site,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_descriptions_are_cut_at_a_word() {
        assert_eq!(shorten("court", 10), "court");
        let cut = shorten("un deux trois quatre cinq six", 12);
        assert_eq!(cut, "un deux…");
    }
}

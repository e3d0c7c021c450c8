//! The public participants catalogue (PUB-5, PUB-6): search, filters, sort and paging over
//! an event's validated companies.
//!
//! A search reads only what it filters and sorts on — id, name, country, sector, the kinds of
//! offers, and the texts (folded: lower case, no accents) only when the visitor typed words —
//! then the full rows of the one page shown. With 1,500 companies and 3,000 offers a page
//! answers in a few milliseconds (`docs/benchmarks.md`).

use crate::InternalError;
use domain::countries::{fold_for_search, name as country_name};
use domain::{EventId, Locale};
use std::collections::{BTreeSet, HashMap};
use store::ConnectionTrait;
use store::catalogue::Detail;
use store::events::CompanyRow;
use store::registration::OfferRow;

/// Companies shown per page.
pub const PAGE_SIZE: usize = 20;

/// The kinds of offers a company publishes.
pub const OFFER_KINDS: [&str; 2] = ["offer", "request"];

/// A validated company with its offers and requests, as shown.
#[derive(Debug, Clone)]
pub struct Listing {
    /// The company.
    pub company: CompanyRow,
    /// Its offers and requests, in the order they were written.
    pub offers: Vec<OfferRow>,
}

impl Listing {
    /// A company with its offers.
    pub fn new(company: CompanyRow, offers: Vec<OfferRow>) -> Listing {
        Listing { company, offers }
    }
}

/// The validated companies among `companies`, each with its offers.
pub fn listings(companies: Vec<CompanyRow>, offers: Vec<OfferRow>) -> Vec<Listing> {
    let mut by_company: HashMap<i64, Vec<OfferRow>> = HashMap::new();
    for offer in offers {
        by_company.entry(offer.company_id).or_default().push(offer);
    }
    companies
        .into_iter()
        .filter(|c| c.status == "validated")
        .map(|c| {
            let offers = by_company.remove(&c.id).unwrap_or_default();
            Listing::new(c, offers)
        })
        .collect()
}

/// What the search needs of one company.
#[derive(Debug, Clone, Default)]
pub struct Entry {
    /// Company id.
    pub id: i64,
    /// Company name.
    pub name: String,
    /// Country code.
    pub country: String,
    /// Sector code.
    pub sector: String,
    /// Kinds of its offers and requests.
    pub kinds: Vec<String>,
    /// Everything searchable, folded; empty when the query has no words.
    pub haystack: String,
}

impl Entry {
    /// A company's entry with its searchable texts.
    pub fn of(listing: &Listing) -> Entry {
        let c = &listing.company;
        let mut entry = Entry {
            id: c.id,
            name: c.name.clone(),
            country: c.country.clone(),
            sector: c.sector.clone(),
            kinds: listing.offers.iter().map(|o| o.kind.clone()).collect(),
            haystack: String::new(),
        };
        entry.add_text(&c.name);
        entry.add_text(&c.description_fr);
        entry.add_text(&c.description_en);
        for o in &listing.offers {
            entry.add_text(&o.title);
            entry.add_text(&o.description);
            entry.add_text(&o.keywords);
        }
        entry
    }

    /// Appends a text to the searchable texts (separated, so words never span two fields).
    fn add_text(&mut self, text: &str) {
        if !self.haystack.is_empty() {
            self.haystack.push('\n');
        }
        self.haystack.push_str(&fold_for_search(text));
    }

    /// Whether every word appears somewhere in the company's texts.
    fn matches_words(&self, words: &[String]) -> bool {
        words.iter().all(|w| self.haystack.contains(w.as_str()))
    }
}

/// How results are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    /// By company name.
    #[default]
    Name,
    /// By country name, then company name.
    Country,
    /// By sector name, then company name.
    Sector,
    /// By country, then sector, then company name.
    CountrySector,
}

impl Sort {
    /// Every order, as offered in the form.
    pub const ALL: [Sort; 4] = [Sort::Name, Sort::Country, Sort::Sector, Sort::CountrySector];

    /// Reads the `sort` parameter; anything unknown sorts by name.
    pub fn parse(code: &str) -> Sort {
        match code {
            "country" => Sort::Country,
            "sector" => Sort::Sector,
            "country_sector" => Sort::CountrySector,
            _ => Sort::Name,
        }
    }

    /// The parameter value.
    pub fn code(self) -> &'static str {
        match self {
            Sort::Name => "name",
            Sort::Country => "country",
            Sort::Sector => "sector",
            Sort::CountrySector => "country_sector",
        }
    }
}

/// What the visitor asked for.
#[derive(Debug, Clone, Default)]
pub struct Criteria {
    /// Free text; every word must match.
    pub q: String,
    /// Country code, empty for all.
    pub country: String,
    /// Sector code, empty for all.
    pub sector: String,
    /// `offer` or `request`, empty for all.
    pub kind: String,
    /// Order.
    pub sort: Sort,
}

impl Criteria {
    /// Cleans raw parameters: unknown sectors and kinds are ignored, text is trimmed.
    pub fn new(q: &str, country: &str, sector: &str, kind: &str, sort: &str) -> Criteria {
        let sector = sector.trim();
        let kind = kind.trim();
        Criteria {
            q: q.trim().chars().take(200).collect(),
            country: country
                .trim()
                .to_ascii_uppercase()
                .chars()
                .take(2)
                .collect(),
            sector: if crate::registration::SECTORS.contains(&sector) {
                sector.to_string()
            } else {
                String::new()
            },
            kind: if OFFER_KINDS.contains(&kind) {
                kind.to_string()
            } else {
                String::new()
            },
            sort: Sort::parse(sort.trim()),
        }
    }

    fn words(&self) -> Vec<String> {
        fold_for_search(&self.q)
            .split(|c: char| c.is_whitespace() || matches!(c, ',' | ';'))
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect()
    }
}

/// The ids of the entries matching the criteria, in the requested order (ties by id).
pub fn search(entries: &[Entry], criteria: &Criteria, locale: Locale) -> Vec<i64> {
    let words = criteria.words();
    let mut labels = Labels::new(locale);
    let mut found: Vec<(Vec<String>, i64)> = entries
        .iter()
        .filter(|e| criteria.country.is_empty() || e.country == criteria.country)
        .filter(|e| criteria.sector.is_empty() || e.sector == criteria.sector)
        .filter(|e| criteria.kind.is_empty() || e.kinds.contains(&criteria.kind))
        .filter(|e| e.matches_words(&words))
        .map(|e| (labels.sort_key(e, criteria.sort), e.id))
        .collect();
    found.sort();
    found.into_iter().map(|(_, id)| id).collect()
}

/// Folded country and sector names, each translated once per search.
struct Labels {
    locale: Locale,
    countries: HashMap<String, String>,
    sectors: HashMap<String, String>,
}

impl Labels {
    fn new(locale: Locale) -> Labels {
        Labels {
            locale,
            countries: HashMap::new(),
            sectors: HashMap::new(),
        }
    }

    fn country(&mut self, code: &str) -> String {
        let locale = self.locale;
        self.countries
            .entry(code.to_string())
            .or_insert_with(|| fold_for_search(&country_name(code, locale)))
            .clone()
    }

    fn sector(&mut self, code: &str) -> String {
        let locale = self.locale;
        self.sectors
            .entry(code.to_string())
            .or_insert_with(|| fold_for_search(&crate::i18n::t(locale, &format!("sector-{code}"))))
            .clone()
    }

    fn sort_key(&mut self, entry: &Entry, sort: Sort) -> Vec<String> {
        let name = fold_for_search(entry.name.trim());
        match sort {
            Sort::Name => vec![name],
            Sort::Country => vec![self.country(&entry.country), name],
            Sort::Sector => vec![self.sector(&entry.sector), name],
            Sort::CountrySector => vec![
                self.country(&entry.country),
                self.sector(&entry.sector),
                name,
            ],
        }
    }
}

/// One page of a search, read from the database.
#[derive(Debug, Clone)]
pub struct Results {
    /// Number of companies found.
    pub total: usize,
    /// Where the page shown falls.
    pub paging: Paging,
    /// The companies of the page shown, in order.
    pub listings: Vec<Listing>,
    /// Codes of the countries of all the event's validated companies (for the filter).
    pub countries: BTreeSet<String>,
}

/// Searches the event's validated companies and reads the page `requested` (see [`paging`]).
pub async fn search_page(
    db: &impl ConnectionTrait,
    event: EventId,
    criteria: &Criteria,
    locale: Locale,
    requested: &str,
) -> Result<Results, InternalError> {
    let detail = if !criteria.words().is_empty() {
        Detail::Texts
    } else if !criteria.kind.is_empty() {
        Detail::Kinds
    } else {
        Detail::Keys
    };
    let summaries = store::catalogue::summaries(db, event, detail).await?;
    let countries = summaries.iter().map(|s| s.country.clone()).collect();
    let entries: Vec<Entry> = summaries
        .into_iter()
        .filter(|s| criteria.country.is_empty() || s.country == criteria.country)
        .filter(|s| criteria.sector.is_empty() || s.sector == criteria.sector)
        .map(|s| Entry {
            id: s.id,
            kinds: s
                .kinds
                .split(',')
                .filter(|k| !k.is_empty())
                .map(str::to_string)
                .collect(),
            haystack: fold_for_search(&s.texts),
            name: s.name,
            country: s.country,
            sector: s.sector,
        })
        .collect();
    let ids = search(&entries, criteria, locale);
    let paging = paging(ids.len(), requested);
    let shown = &ids[paging.start..paging.end];
    let mut companies: HashMap<i64, CompanyRow> =
        store::catalogue::companies_by_ids(db, event, shown)
            .await?
            .into_iter()
            .map(|c| (c.id, c))
            .collect();
    let mut offers: HashMap<i64, Vec<OfferRow>> = HashMap::new();
    for offer in store::catalogue::offers_of_companies(db, event, shown).await? {
        offers.entry(offer.company_id).or_default().push(offer);
    }
    let listings = shown
        .iter()
        .filter_map(|id| {
            let company = companies.remove(id)?;
            Some(Listing::new(company, offers.remove(id).unwrap_or_default()))
        })
        .collect();
    Ok(Results {
        total: ids.len(),
        paging,
        listings,
        countries,
    })
}

/// One page of results.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Paging {
    /// The page shown (1-based, within range).
    pub page: usize,
    /// Number of pages (at least 1).
    pub pages: usize,
    /// Index of the first result shown.
    pub start: usize,
    /// Index after the last result shown.
    pub end: usize,
}

/// Where page `requested` (1-based; anything unreadable is 1, beyond the end the last page)
/// falls among `total` results.
pub fn paging(total: usize, requested: &str) -> Paging {
    let pages = total.div_ceil(PAGE_SIZE).max(1);
    let page = requested
        .trim()
        .parse::<usize>()
        .unwrap_or(1)
        .clamp(1, pages);
    let start = (page - 1) * PAGE_SIZE;
    Paging {
        page,
        pages,
        start,
        end: (start + PAGE_SIZE).min(total),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Utc;

    fn company(id: i64, name: &str, country: &str, sector: &str, status: &str) -> CompanyRow {
        CompanyRow {
            id,
            event_id: 1,
            name: name.into(),
            country: country.into(),
            city: String::new(),
            website: String::new(),
            sector: sector.into(),
            description_fr: String::new(),
            description_en: String::new(),
            status: status.into(),
            address: String::new(),
            vat_country: String::new(),
            vat_number: String::new(),
            refusal_reason: String::new(),
            created_at: Utc::now(),
        }
    }

    fn offer(company_id: i64, kind: &str, title: &str) -> OfferRow {
        OfferRow {
            id: 0,
            event_id: 1,
            company_id,
            kind: kind.into(),
            title: title.into(),
            description: String::new(),
            keywords: String::new(),
            created_at: Utc::now(),
        }
    }

    fn names(all: &[Listing], found: &[i64]) -> Vec<String> {
        found
            .iter()
            .filter_map(|id| all.iter().find(|l| l.company.id == *id))
            .map(|l| l.company.name.clone())
            .collect()
    }

    // REQ: PUB-6
    #[test]
    fn search_filters_and_sorts_in_memory() {
        let all = listings(
            vec![
                company(1, "Zéphyr", "FR", "water", "validated"),
                company(2, "Atlas", "MA", "digital", "validated"),
                company(3, "Caché", "FR", "water", "pending"),
                company(4, "Écume", "ES", "agrifood", "validated"),
            ],
            vec![
                offer(1, "offer", "Énergie solaire"),
                offer(2, "request", "Emballage biodégradable"),
                offer(3, "offer", "Énergie"),
            ],
        );
        let entries: Vec<Entry> = all.iter().map(Entry::of).collect();
        let by = |q: &str, country: &str, sector: &str, kind: &str, sort: &str| {
            let c = Criteria::new(q, country, sector, kind, sort);
            names(&all, &search(&entries, &c, Locale::Fr))
        };
        assert_eq!(by("", "", "", "", ""), ["Atlas", "Écume", "Zéphyr"]);
        assert_eq!(by("ENERGIE", "", "", "", ""), ["Zéphyr"]);
        assert_eq!(by("emballage biodégradable", "", "", "", ""), ["Atlas"]);
        assert!(by("emballage solaire", "", "", "", "").is_empty());
        assert_eq!(by("", "fr", "", "", ""), ["Zéphyr"]);
        assert_eq!(by("", "", "digital", "", ""), ["Atlas"]);
        assert_eq!(by("", "", "", "offer", ""), ["Zéphyr"]);
        // Espagne < France < Maroc.
        assert_eq!(by("", "", "", "", "country"), ["Écume", "Zéphyr", "Atlas"]);
        // Agroalimentaire < Eau < Numérique.
        assert_eq!(by("", "", "", "", "sector"), ["Écume", "Zéphyr", "Atlas"]);
        assert_eq!(
            by("", "", "nope", "nope", "nope"),
            ["Atlas", "Écume", "Zéphyr"]
        );
    }

    // REQ: PUB-6
    #[test]
    fn paging_stays_in_range() {
        assert_eq!(paging(0, "").pages, 1);
        let p = paging(45, "2");
        assert_eq!((p.page, p.pages, p.start, p.end), (2, 3, 20, 40));
        assert_eq!(paging(45, "99").page, 3);
        assert_eq!(paging(45, "x").page, 1);
        assert_eq!(paging(45, "0").page, 1);
        assert_eq!(paging(45, "3").end, 45);
    }
}

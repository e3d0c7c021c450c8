//! The public participants catalogue (PUB-5, PUB-6): search, filters, sort and paging over
//! an event's validated companies. Everything is loaded once and filtered in memory, which is
//! instant for the few thousand companies an event holds.

use domain::Locale;
use domain::countries::{fold_for_search, name as country_name};
use std::collections::HashMap;
use store::events::CompanyRow;
use store::registration::OfferRow;

/// Companies shown per page.
pub const PAGE_SIZE: usize = 20;

/// The kinds of offers a company publishes.
pub const OFFER_KINDS: [&str; 2] = ["offer", "request"];

/// A validated company with its offers and requests, ready to be searched.
#[derive(Debug, Clone)]
pub struct Listing {
    /// The company.
    pub company: CompanyRow,
    /// Its offers and requests, in the order they were written.
    pub offers: Vec<OfferRow>,
    /// Everything searchable, folded (lower case, no accents).
    haystack: String,
}

impl Listing {
    /// A company with its offers.
    pub fn new(company: CompanyRow, mut offers: Vec<OfferRow>) -> Listing {
        // An offer refused on its own (BO-3) is never public.
        offers.retain(|o| o.status != "refused");
        let mut text = vec![
            company.name.as_str(),
            company.description_fr.as_str(),
            company.description_en.as_str(),
        ];
        for o in &offers {
            text.extend([
                o.title.as_str(),
                o.description.as_str(),
                o.keywords.as_str(),
            ]);
        }
        let haystack = fold_for_search(&text.join("\n"));
        Listing {
            company,
            offers,
            haystack,
        }
    }

    /// Whether every word appears somewhere in the company's texts.
    fn matches_words(&self, words: &[String]) -> bool {
        words.iter().all(|w| self.haystack.contains(w.as_str()))
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

/// The listings matching the criteria, in the requested order.
pub fn search(all: &[Listing], criteria: &Criteria, locale: Locale) -> Vec<Listing> {
    let words = criteria.words();
    let mut found: Vec<(Vec<String>, &Listing)> = all
        .iter()
        .filter(|l| criteria.country.is_empty() || l.company.country == criteria.country)
        .filter(|l| criteria.sector.is_empty() || l.company.sector == criteria.sector)
        .filter(|l| criteria.kind.is_empty() || l.offers.iter().any(|o| o.kind == criteria.kind))
        .filter(|l| l.matches_words(&words))
        .map(|l| (sort_key(l, criteria.sort, locale), l))
        .collect();
    found.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.company.id.cmp(&b.1.company.id)));
    found.into_iter().map(|(_, l)| l.clone()).collect()
}

fn sort_key(listing: &Listing, sort: Sort, locale: Locale) -> Vec<String> {
    let c = &listing.company;
    let name = fold_for_search(c.name.trim());
    let country = || fold_for_search(&country_name(&c.country, locale));
    let sector = || fold_for_search(&crate::i18n::t(locale, &format!("sector-{}", c.sector)));
    match sort {
        Sort::Name => vec![name],
        Sort::Country => vec![country(), name],
        Sort::Sector => vec![sector(), name],
        Sort::CountrySector => vec![country(), sector(), name],
    }
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
            status: "pending".into(),
            created_at: Utc::now(),
        }
    }

    fn names(found: &[Listing]) -> Vec<&str> {
        found.iter().map(|l| l.company.name.as_str()).collect()
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
        let by = |q: &str, country: &str, sector: &str, kind: &str, sort: &str| {
            let c = Criteria::new(q, country, sector, kind, sort);
            names(&search(&all, &c, Locale::Fr))
                .into_iter()
                .map(str::to_string)
                .collect::<Vec<_>>()
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

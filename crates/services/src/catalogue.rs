//! The public participants catalogue (PUB-5, PUB-6): search, filters, sort and paging over
//! an event's validated companies. Everything is loaded once and filtered in memory, which is
//! instant for the few thousand companies an event holds.

use crate::form_fields::{FormDesign, Scope};
use crate::taxonomy::{EXPERT_CATEGORY, Taxonomy, Vocabulary};
use domain::Locale;
use domain::countries::{fold_for_search, name as country_name};
use std::collections::HashMap;
use store::events::{CompanyRow, ParticipantRow};
use store::forms::FieldValueRow;
use store::registration::OfferRow;

/// Companies shown per page.
pub const PAGE_SIZE: usize = 20;

/// The kinds of offers a company publishes.
pub const OFFER_KINDS: [&str; 2] = ["offer", "request"];

/// The event's form settings and lists, which decide what the catalogue shows and searches
/// (BO-3, PUB-6).
#[derive(Debug, Clone)]
pub struct Catalogue {
    /// The form: which fields are public.
    pub design: FormDesign,
    /// The lists: labels, sub-sectors.
    pub taxonomy: Taxonomy,
}

impl Catalogue {
    /// The standard form and the built-in lists.
    pub fn standard() -> Catalogue {
        Catalogue {
            design: crate::form_fields::design_from(&[]),
            taxonomy: Taxonomy::builtin(),
        }
    }

    /// The public values of one owner, with their labels: (label, value shown).
    pub fn public_values(
        &self,
        scope: Scope,
        values: &[(String, String)],
        locale: Locale,
    ) -> Vec<(String, String)> {
        self.design
            .visible(scope)
            .filter(|f| f.public && f.stored_as_value())
            .filter_map(|f| {
                let value = values.iter().find(|(k, _)| *k == f.key)?;
                Some((f.label(locale), f.display(&value.1, &self.taxonomy, locale)))
            })
            .collect()
    }
}

/// The configurable values of the event, by owner, and its people.
#[derive(Debug, Clone, Default)]
pub struct Extras {
    /// Every value typed into configurable fields.
    pub values: Vec<FieldValueRow>,
    /// Every participant (their categories mark experts).
    pub people: Vec<ParticipantRow>,
}

/// A validated company with its offers and requests, ready to be searched.
#[derive(Debug, Clone)]
pub struct Listing {
    /// The company.
    pub company: CompanyRow,
    /// Its offers and requests, in the order they were written.
    pub offers: Vec<OfferRow>,
    /// Values of its configurable fields (key, stored value).
    pub values: Vec<(String, String)>,
    /// Values of its offers' configurable fields, by offer id.
    pub offer_values: HashMap<i64, Vec<(String, String)>>,
    /// Participant categories of its people.
    pub categories: Vec<String>,
    /// Everything searchable, folded (lower case, no accents).
    haystack: String,
}

impl Listing {
    /// A company with its offers, its values and its people's categories; only public
    /// fields are searchable.
    pub fn new(
        company: CompanyRow,
        offers: Vec<OfferRow>,
        values: Vec<(String, String)>,
        offer_values: HashMap<i64, Vec<(String, String)>>,
        categories: Vec<String>,
        catalogue: &Catalogue,
    ) -> Listing {
        let design = &catalogue.design;
        let mut text = vec![company.name.clone()];
        for key in ["description_fr", "description_en"] {
            if design.is_public(Scope::Company, key) {
                text.push(if key == "description_fr" {
                    company.description_fr.clone()
                } else {
                    company.description_en.clone()
                });
            }
        }
        let both = |scope, values: &[(String, String)], text: &mut Vec<String>| {
            for locale in [Locale::Fr, Locale::En] {
                for (_, shown) in catalogue.public_values(scope, values, locale) {
                    text.push(shown);
                }
            }
        };
        both(Scope::Company, &values, &mut text);
        for o in &offers {
            text.push(o.title.clone());
            if design.is_public(Scope::Offer, "description") {
                text.push(o.description.clone());
            }
            if design.is_public(Scope::Offer, "keywords") {
                text.push(o.keywords.clone());
            }
            if let Some(values) = offer_values.get(&o.id) {
                both(Scope::Offer, values, &mut text);
            }
        }
        let haystack = fold_for_search(&text.join("\n"));
        Listing {
            company,
            offers,
            values,
            offer_values,
            categories,
            haystack,
        }
    }

    /// Whether one of its people is an expert (PUB-5).
    pub fn has_expert(&self) -> bool {
        self.categories.iter().any(|c| c == EXPERT_CATEGORY)
    }

    /// The value of one of its configurable fields.
    pub fn value(&self, key: &str) -> &str {
        self.values
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
            .unwrap_or("")
    }

    /// Whether every word appears somewhere in the company's texts.
    fn matches_words(&self, words: &[String]) -> bool {
        words.iter().all(|w| self.haystack.contains(w.as_str()))
    }
}

/// The validated companies among `companies`, each with its offers, values and people.
pub fn listings(
    companies: Vec<CompanyRow>,
    offers: Vec<OfferRow>,
    extras: Extras,
    catalogue: &Catalogue,
) -> Vec<Listing> {
    let mut by_company: HashMap<i64, Vec<OfferRow>> = HashMap::new();
    for offer in offers {
        by_company.entry(offer.company_id).or_default().push(offer);
    }
    let mut company_values: HashMap<i64, Vec<(String, String)>> = HashMap::new();
    let mut offer_values: HashMap<i64, Vec<(String, String)>> = HashMap::new();
    let mut person_category: HashMap<i64, String> = HashMap::new();
    for v in extras.values {
        if let Some(id) = v.company_id {
            company_values
                .entry(id)
                .or_default()
                .push((v.field_key, v.value));
        } else if let Some(id) = v.offer_id {
            offer_values
                .entry(id)
                .or_default()
                .push((v.field_key, v.value));
        } else if let Some(id) = v.participant_id
            && v.field_key == "category"
        {
            person_category.insert(id, v.value);
        }
    }
    let mut categories: HashMap<i64, Vec<String>> = HashMap::new();
    for person in extras.people {
        if let (Some(company), Some(category)) =
            (person.company_id, person_category.remove(&person.id))
        {
            categories.entry(company).or_default().push(category);
        }
    }
    companies
        .into_iter()
        .filter(|c| c.status == "validated")
        .map(|c| {
            let offers = by_company.remove(&c.id).unwrap_or_default();
            let of_offers = offers
                .iter()
                .filter_map(|o| offer_values.remove(&o.id).map(|v| (o.id, v)))
                .collect();
            let values = company_values.remove(&c.id).unwrap_or_default();
            let categories = categories.remove(&c.id).unwrap_or_default();
            Listing::new(c, offers, values, of_offers, categories, catalogue)
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
    /// Participant category code, empty for all.
    pub category: String,
    /// Cooperation type code, empty for all.
    pub cooperation: String,
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
            sector: sector.chars().take(64).collect(),
            kind: if OFFER_KINDS.contains(&kind) {
                kind.to_string()
            } else {
                String::new()
            },
            sort: Sort::parse(sort.trim()),
            category: String::new(),
            cooperation: String::new(),
        }
    }

    /// Keeps only codes of the event's lists: unknown sectors, categories and cooperation
    /// types are ignored.
    pub fn within(mut self, taxonomy: &Taxonomy, category: &str, cooperation: &str) -> Criteria {
        let known = |vocabulary, code: &str| {
            let code = code.trim();
            if taxonomy.find(vocabulary, code).is_some() {
                code.to_string()
            } else {
                String::new()
            }
        };
        self.sector = known(Vocabulary::Sector, &self.sector);
        self.category = known(Vocabulary::ParticipantCategory, category);
        self.cooperation = known(Vocabulary::Cooperation, cooperation);
        self
    }

    fn words(&self) -> Vec<String> {
        fold_for_search(&self.q)
            .split(|c: char| c.is_whitespace() || matches!(c, ',' | ';'))
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect()
    }
}

/// The listings matching the criteria, in the requested order; a sector matches its
/// sub-sectors.
pub fn search(
    all: &[Listing],
    criteria: &Criteria,
    taxonomy: &Taxonomy,
    locale: Locale,
) -> Vec<Listing> {
    let words = criteria.words();
    let sectors = if criteria.sector.is_empty() {
        Vec::new()
    } else {
        taxonomy.with_descendants(Vocabulary::Sector, &criteria.sector)
    };
    let cooperation_of = |l: &Listing| {
        l.offer_values.values().any(|values| {
            values
                .iter()
                .any(|(k, v)| k == "cooperation" && *v == criteria.cooperation)
        })
    };
    let mut found: Vec<(Vec<String>, &Listing)> = all
        .iter()
        .filter(|l| criteria.country.is_empty() || l.company.country == criteria.country)
        .filter(|l| sectors.is_empty() || sectors.contains(&l.company.sector))
        .filter(|l| criteria.kind.is_empty() || l.offers.iter().any(|o| o.kind == criteria.kind))
        .filter(|l| criteria.category.is_empty() || l.categories.contains(&criteria.category))
        .filter(|l| criteria.cooperation.is_empty() || cooperation_of(l))
        .filter(|l| l.matches_words(&words))
        .map(|l| (sort_key(l, criteria.sort, taxonomy, locale), l))
        .collect();
    found.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.company.id.cmp(&b.1.company.id)));
    found.into_iter().map(|(_, l)| l.clone()).collect()
}

fn sort_key(listing: &Listing, sort: Sort, taxonomy: &Taxonomy, locale: Locale) -> Vec<String> {
    let c = &listing.company;
    let name = fold_for_search(c.name.trim());
    let country = || fold_for_search(&country_name(&c.country, locale));
    let sector = || fold_for_search(&taxonomy.label(Vocabulary::Sector, &c.sector, locale));
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
            Extras::default(),
            &Catalogue::standard(),
        );
        let by = |q: &str, country: &str, sector: &str, kind: &str, sort: &str| {
            let taxonomy = Taxonomy::builtin();
            let c = Criteria::new(q, country, sector, kind, sort).within(&taxonomy, "", "");
            names(&search(&all, &c, &taxonomy, Locale::Fr))
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

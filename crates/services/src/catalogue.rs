//! The public participants catalogue (PUB-5, PUB-6, BO-3): search, filters, sort and paging
//! over an event's validated companies, showing and searching only the fields the organizer
//! made public.
//!
//! A search reads only what it filters and sorts on — id, name, country, sector, the kinds of
//! offers, the public texts only when the visitor typed words, the configurable answers only
//! when words or a category / cooperation filter need them — then the full rows of the one
//! page shown. With 1,500 companies and 3,000 offers a page answers in a few milliseconds
//! (`docs/benchmarks.md`).

use crate::InternalError;
use crate::form_fields::{FormDesign, Kind, Scope};
use crate::taxonomy::{EXPERT_CATEGORY, Taxonomy, Vocabulary};
use domain::countries::{fold_for_search, name as country_name};
use domain::{EventId, Locale};
use std::collections::{BTreeSet, HashMap};
use store::ConnectionTrait;
use store::catalogue::{Detail, TextColumns};
use store::events::CompanyRow;
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

    /// The event's form and lists.
    pub async fn load(
        db: &impl ConnectionTrait,
        event: EventId,
    ) -> Result<Catalogue, store::DbErr> {
        Ok(Catalogue {
            design: crate::form_fields::load(db, event).await?,
            taxonomy: crate::taxonomy::load(db, event).await?,
        })
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
            .filter(|f| f.public && f.stored_as_value() && f.kind != Kind::File)
            .filter_map(|f| {
                let value = values.iter().find(|(k, _)| *k == f.key)?;
                Some((f.label(locale), f.display(&value.1, &self.taxonomy, locale)))
            })
            .collect()
    }

    /// The public file answers of a company: (label, field key, file name).
    pub fn public_files(
        &self,
        values: &[(String, String)],
        locale: Locale,
    ) -> Vec<(String, String, String)> {
        self.design
            .visible(Scope::Company)
            .filter(|f| f.public && f.kind == Kind::File)
            .filter_map(|f| {
                let value = values.iter().find(|(k, _)| *k == f.key)?;
                let (_, _, name) = crate::form_fields::stored_file(&value.1)?;
                Some((f.label(locale), f.key.clone(), name.to_string()))
            })
            .collect()
    }

    /// The public texts that are searched: the company's, then its offers'.
    fn text_columns(&self) -> TextColumns {
        let public = |scope, key| self.design.is_public(scope, key);
        TextColumns {
            description_fr: public(Scope::Company, "description_fr"),
            description_en: public(Scope::Company, "description_en"),
            offer_description: public(Scope::Offer, "description"),
            offer_keywords: public(Scope::Offer, "keywords"),
        }
    }
}

/// A validated company with its public offers and requests, as shown.
#[derive(Debug, Clone)]
pub struct Listing {
    /// The company.
    pub company: CompanyRow,
    /// Its offers and requests not refused, in the order they were written.
    pub offers: Vec<OfferRow>,
    /// Values of its configurable fields (key, stored value).
    pub values: Vec<(String, String)>,
    /// Values of its offers' configurable fields, by offer id.
    pub offer_values: HashMap<i64, Vec<(String, String)>>,
    /// Participant categories of its people.
    pub categories: Vec<String>,
}

impl Listing {
    /// Whether one of its people is an expert (PUB-5).
    pub fn has_expert(&self) -> bool {
        self.categories.iter().any(|c| c == EXPERT_CATEGORY)
    }
}

/// The companies `ids` of the event with their public offers, answers and categories, in the
/// order of `ids` (unknown ids are left out).
pub async fn listings_of(
    db: &impl ConnectionTrait,
    event: EventId,
    ids: &[i64],
) -> Result<Vec<Listing>, store::DbErr> {
    let mut companies: HashMap<i64, CompanyRow> =
        store::catalogue::companies_by_ids(db, event, ids)
            .await?
            .into_iter()
            .map(|c| (c.id, c))
            .collect();
    let mut offers: HashMap<i64, Vec<OfferRow>> = HashMap::new();
    let mut offer_ids = Vec::new();
    for offer in store::catalogue::offers_of_companies(db, event, ids).await? {
        // An offer refused on its own (BO-3) is never public.
        if offer.status == "refused" {
            continue;
        }
        offer_ids.push(offer.id);
        offers.entry(offer.company_id).or_default().push(offer);
    }
    let people = store::catalogue::people_of_companies(db, event, ids).await?;
    let person_ids: Vec<i64> = people.iter().map(|(p, _)| *p).collect();
    let values = store::forms::values_of_owners(db, event, ids, &offer_ids, &person_ids).await?;
    let index = ValueIndex::new(values, &people);
    Ok(ids
        .iter()
        .filter_map(|id| {
            let company = companies.remove(id)?;
            let offers = offers.remove(id).unwrap_or_default();
            let offer_values = offers
                .iter()
                .filter_map(|o| index.offers.get(&o.id).map(|v| (o.id, v.clone())))
                .collect();
            Some(Listing {
                values: index.companies.get(id).cloned().unwrap_or_default(),
                categories: index.categories.get(id).cloned().unwrap_or_default(),
                company,
                offers,
                offer_values,
            })
        })
        .collect())
}

/// Configurable answers grouped by owner, and people's categories grouped by company.
#[derive(Default)]
struct ValueIndex {
    companies: HashMap<i64, Vec<(String, String)>>,
    offers: HashMap<i64, Vec<(String, String)>>,
    categories: HashMap<i64, Vec<String>>,
}

impl ValueIndex {
    /// `people` maps participant ids to their company.
    fn new(values: Vec<FieldValueRow>, people: &[(i64, i64)]) -> ValueIndex {
        let company_of: HashMap<i64, i64> = people.iter().copied().collect();
        let mut index = ValueIndex::default();
        for v in values {
            if let Some(id) = v.company_id {
                index
                    .companies
                    .entry(id)
                    .or_default()
                    .push((v.field_key, v.value));
            } else if let Some(id) = v.offer_id {
                index
                    .offers
                    .entry(id)
                    .or_default()
                    .push((v.field_key, v.value));
            } else if let Some(company) = v.participant_id.and_then(|p| company_of.get(&p))
                && v.field_key == "category"
            {
                index.categories.entry(*company).or_default().push(v.value);
            }
        }
        index
    }
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
    /// Participant categories of its people.
    pub categories: Vec<String>,
    /// Cooperation types of its offers and requests.
    pub cooperations: Vec<String>,
    /// Everything searchable, folded; empty when the query has no words.
    pub haystack: String,
}

impl Entry {
    /// Appends a text to the searchable texts (separated, so words never span two fields).
    pub fn add_text(&mut self, text: &str) {
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
    /// Participant category code, empty for all.
    pub category: String,
    /// Cooperation type code, empty for all.
    pub cooperation: String,
    /// Order.
    pub sort: Sort,
}

impl Criteria {
    /// Cleans raw parameters: unknown kinds are ignored, text is trimmed; codes of the
    /// event's lists are checked by [`Criteria::within`].
    pub fn new(q: &str, country: &str, sector: &str, kind: &str, sort: &str) -> Criteria {
        let kind = kind.trim();
        Criteria {
            q: q.trim().chars().take(200).collect(),
            country: country
                .trim()
                .to_ascii_uppercase()
                .chars()
                .take(2)
                .collect(),
            sector: sector.trim().chars().take(64).collect(),
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

/// The ids of the entries matching the criteria, in the requested order (ties by id); a
/// sector matches its sub-sectors.
pub fn search(
    entries: &[Entry],
    criteria: &Criteria,
    taxonomy: &Taxonomy,
    locale: Locale,
) -> Vec<i64> {
    let words = criteria.words();
    let sectors = if criteria.sector.is_empty() {
        Vec::new()
    } else {
        taxonomy.with_descendants(Vocabulary::Sector, &criteria.sector)
    };
    let mut labels = Labels::new(locale, taxonomy);
    let mut found: Vec<(Vec<String>, i64)> = entries
        .iter()
        .filter(|e| criteria.country.is_empty() || e.country == criteria.country)
        .filter(|e| sectors.is_empty() || sectors.contains(&e.sector))
        .filter(|e| criteria.kind.is_empty() || e.kinds.contains(&criteria.kind))
        .filter(|e| criteria.category.is_empty() || e.categories.contains(&criteria.category))
        .filter(|e| {
            criteria.cooperation.is_empty() || e.cooperations.contains(&criteria.cooperation)
        })
        .filter(|e| e.matches_words(&words))
        .map(|e| (labels.sort_key(e, criteria.sort), e.id))
        .collect();
    found.sort();
    found.into_iter().map(|(_, id)| id).collect()
}

/// Folded country and sector names, each translated once per search.
struct Labels<'a> {
    locale: Locale,
    taxonomy: &'a Taxonomy,
    countries: HashMap<String, String>,
    sectors: HashMap<String, String>,
}

impl<'a> Labels<'a> {
    fn new(locale: Locale, taxonomy: &'a Taxonomy) -> Labels<'a> {
        Labels {
            locale,
            taxonomy,
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
        let (locale, taxonomy) = (self.locale, self.taxonomy);
        self.sectors
            .entry(code.to_string())
            .or_insert_with(|| fold_for_search(&taxonomy.label(Vocabulary::Sector, code, locale)))
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
    catalogue: &Catalogue,
    criteria: &Criteria,
    locale: Locale,
    requested: &str,
) -> Result<Results, InternalError> {
    let words = criteria.words();
    let detail = if !words.is_empty() {
        Detail::Texts
    } else if !criteria.kind.is_empty() {
        Detail::Kinds
    } else {
        Detail::Keys
    };
    let summaries =
        store::catalogue::summaries(db, event, detail, catalogue.text_columns()).await?;
    let countries = summaries.iter().map(|s| s.country.clone()).collect();
    // Configurable answers are read only when the words or a filter need them, and only the
    // fields they need: the public ones for words, `category` and `cooperation` for filters.
    let searched: Vec<&crate::form_fields::Field> = if words.is_empty() {
        Vec::new()
    } else {
        catalogue
            .design
            .fields
            .iter()
            .filter(|f| f.scope != Scope::Person && !f.hidden && f.public)
            .filter(|f| f.stored_as_value() && f.kind != Kind::File)
            .collect()
    };
    let mut keys: Vec<&str> = searched.iter().map(|f| f.key.as_str()).collect();
    if !criteria.category.is_empty() {
        keys.push("category");
    }
    if !criteria.cooperation.is_empty() {
        keys.push("cooperation");
    }
    let mut answers: HashMap<i64, Vec<(String, String)>> = HashMap::new();
    for (company, key, value) in store::catalogue::answers_by_company(db, event, &keys).await? {
        answers.entry(company).or_default().push((key, value));
    }
    // Many companies share an answer (a cooperation type, a key figure): each distinct
    // answer is turned into searchable text once.
    let mut texts = AnswerTexts::new(catalogue, &searched);
    let entries: Vec<Entry> = summaries
        .into_iter()
        .filter(|s| criteria.country.is_empty() || s.country == criteria.country)
        .map(|s| {
            let mut entry = Entry {
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
                ..Entry::default()
            };
            if let Some(values) = answers.get(&s.id) {
                for (key, value) in values {
                    match key.as_str() {
                        "category" => entry.categories.push(value.clone()),
                        "cooperation" => entry.cooperations.push(value.clone()),
                        _ => {}
                    }
                }
                texts.add(&mut entry, values);
            }
            entry
        })
        .collect();
    let ids = search(&entries, criteria, &catalogue.taxonomy, locale);
    let paging = paging(ids.len(), requested);
    let listings = listings_of(db, event, &ids[paging.start..paging.end]).await?;
    Ok(Results {
        total: ids.len(),
        paging,
        listings,
        countries,
    })
}

/// The searchable text of public answers, in both languages, folded once per distinct answer.
struct AnswerTexts<'a> {
    catalogue: &'a Catalogue,
    fields: HashMap<&'a str, &'a crate::form_fields::Field>,
    folded: HashMap<(String, String), String>,
}

impl<'a> AnswerTexts<'a> {
    fn new(
        catalogue: &'a Catalogue,
        searched: &[&'a crate::form_fields::Field],
    ) -> AnswerTexts<'a> {
        AnswerTexts {
            catalogue,
            fields: searched.iter().map(|f| (f.key.as_str(), *f)).collect(),
            folded: HashMap::new(),
        }
    }

    /// Adds one owner's searched answers to an entry's searchable texts.
    fn add(&mut self, entry: &mut Entry, values: &[(String, String)]) {
        for (key, value) in values {
            let Some(field) = self.fields.get(key.as_str()) else {
                continue;
            };
            let taxonomy = &self.catalogue.taxonomy;
            let text = self
                .folded
                .entry((key.clone(), value.clone()))
                .or_insert_with(|| {
                    let fr = field.display(value, taxonomy, Locale::Fr);
                    let en = field.display(value, taxonomy, Locale::En);
                    fold_for_search(&format!("{fr}\n{en}"))
                });
            entry.haystack.push('\n');
            entry.haystack.push_str(text);
        }
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

    fn entry(id: i64, name: &str, country: &str, sector: &str, offers: &[(&str, &str)]) -> Entry {
        let mut entry = Entry {
            id,
            name: name.into(),
            country: country.into(),
            sector: sector.into(),
            kinds: offers.iter().map(|(k, _)| (*k).to_string()).collect(),
            ..Entry::default()
        };
        entry.add_text(name);
        for (_, title) in offers {
            entry.add_text(title);
        }
        entry
    }

    // REQ: PUB-6
    #[test]
    fn search_filters_and_sorts_in_memory() {
        let entries = vec![
            entry(1, "Zéphyr", "FR", "water", &[("offer", "Énergie solaire")]),
            entry(
                2,
                "Atlas",
                "MA",
                "digital",
                &[("request", "Emballage biodégradable")],
            ),
            entry(4, "Écume", "ES", "agrifood", &[]),
        ];
        let taxonomy = Taxonomy::builtin();
        let by = |q: &str, country: &str, sector: &str, kind: &str, sort: &str| {
            let c = Criteria::new(q, country, sector, kind, sort).within(&taxonomy, "", "");
            let ids = search(&entries, &c, &taxonomy, Locale::Fr);
            ids.iter()
                .filter_map(|id| entries.iter().find(|e| e.id == *id))
                .map(|e| e.name.clone())
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

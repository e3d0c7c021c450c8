//! The large demo event (`agora demo --companies N`): a published event, separate from the
//! hand-written demo, with N validated companies from France, Morocco and other
//! Mediterranean and EU countries, about two offers or requests and two people each, in
//! French (with accents) and English. The content is deterministic: the same N gives the same
//! companies, texts and people on every machine (a fixed seed, no network). Benchmarks of the
//! catalogue run on it (`docs/benchmarks.md`).
//!
//! Everything is written in one transaction with batch inserts, so 1,500 companies load in
//! about a second. The generated people get accounts **without passwords** (hashing thousands
//! of Argon2 passwords would take minutes): they cannot log in until someone uses
//! "forgotten password"; the printed demo logins work on this event too (the principal
//! administrator sees every event).

use super::words::{self, Sector};
use crate::InternalError;
use crate::audit::{Actor, Change};
use chrono::{Duration, Utc};
use domain::EventId;
use domain::countries::fold_for_search;
use std::collections::HashSet;
use store::DatabaseConnection;
use store::bulk::{NewAccount, NewCompany, NewOffer, NewPerson};
use store::events::EventRow;

/// The most companies the generator accepts.
pub const MAX_COMPANIES: usize = 100_000;

/// Seed of the generator: change it and every generated text changes.
const SEED: u64 = 0x5EED_A60A_2027;

/// What the generator built (or found already built).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LargeEvent {
    /// The event's id.
    pub id: EventId,
    /// Its slug: the catalogue is at `/{slug}/participants`.
    pub slug: String,
    /// Companies.
    pub companies: usize,
    /// Offers and requests.
    pub offers: usize,
    /// People.
    pub people: usize,
    /// False when the event already existed and nothing was written.
    pub created: bool,
}

/// The slug of the large event with `companies` companies.
pub fn slug_for(companies: usize) -> String {
    format!("grand-forum-{companies}")
}

/// A small deterministic random generator (SplitMix64): reproducible across platforms and
/// library versions, which a benchmark's data set needs.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (n > 0).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    /// A number in `low..=high`.
    fn between(&mut self, low: usize, high: usize) -> usize {
        low + self.below(high - low + 1)
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// 1, 2 or 3 with weights 1:2:1 (two on average).
    fn one_to_three(&mut self) -> usize {
        match self.below(4) {
            0 => 1,
            3 => 3,
            _ => 2,
        }
    }
}

/// Lower-case ASCII letters and digits of a text, for email addresses and web sites.
fn ascii(text: &str) -> String {
    fold_for_search(text)
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect()
}

fn country_adjectives(country: &str) -> (&'static str, &'static str) {
    match country {
        "FR" => ("française", "French"),
        "MA" => ("marocaine", "Moroccan"),
        "ES" => ("espagnole", "Spanish"),
        "IT" => ("italienne", "Italian"),
        "BE" => ("belge", "Belgian"),
        "DE" => ("allemande", "German"),
        "PT" => ("portugaise", "Portuguese"),
        "NL" => ("néerlandaise", "Dutch"),
        _ => ("tunisienne", "Tunisian"),
    }
}

fn pick_country(rng: &mut Rng) -> (&'static str, &'static [&'static str]) {
    let total: u32 = words::COUNTRIES.iter().map(|c| c.1).sum();
    let mut roll = rng.below(total as usize) as u32;
    for (code, weight, cities) in words::COUNTRIES {
        if roll < *weight {
            return (code, cities);
        }
        roll -= weight;
    }
    ("FR", words::COUNTRIES[0].2)
}

fn names_for(country: &str) -> (&'static [&'static str], &'static [&'static str]) {
    match country {
        "FR" | "BE" => (words::FIRST_NAMES_FR, words::LAST_NAMES_FR),
        "MA" | "TN" => (words::FIRST_NAMES_MA, words::LAST_NAMES_MA),
        _ => (words::FIRST_NAMES_EU, words::LAST_NAMES_EU),
    }
}

/// One generated company with its offers and people, before ids exist.
struct Draft {
    company: NewCompany,
    offers: Vec<(String, String, String, String)>,
    people: Vec<(
        NewAccount,
        String,
        String,
        &'static (&'static str, &'static str),
    )>,
}

fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn draft(rng: &mut Rng, index: usize, slug: &str, emails: &mut HashSet<String>) -> Draft {
    let sector: &Sector = rng.pick(words::SECTORS);
    let (country, cities) = pick_country(rng);
    let city = *rng.pick(cities);
    let root = *rng.pick(words::NAME_ROOTS);
    let word = *rng.pick(sector.name_words);
    let suffix = *rng.pick(&[
        "",
        "",
        " Industries",
        " International",
        " & Associés",
        " Groupe",
    ]);
    let name = format!("{root} {word}{suffix} {}", words::legal_form(country));
    let domain = format!("{}-{}-{index}.{slug}.example", ascii(root), ascii(word));
    let (adj_fr, adj_en) = country_adjectives(country);
    let year = rng.between(1975, 2023);
    let staff = rng.between(4, 480);
    let export = rng.between(5, 85);
    let closing = rng.pick(words::CLOSINGS);
    let description_fr = format!(
        "{name} est une entreprise {adj_fr} spécialisée dans {}, fondée en {year} à {city}. \
         Elle emploie {staff} personnes et réalise {export} % de son chiffre d’affaires à \
         l’export. {}",
        sector.activity_fr, closing.0
    );
    let description_en = format!(
        "{name} is a {adj_en} company specialised in {}, founded in {year} in {city}. It \
         employs {staff} people and makes {export}% of its turnover abroad. {}",
        sector.activity_en, closing.1
    );
    let mut offers = Vec::new();
    for n in 0..rng.one_to_three() {
        let kind = match n {
            0 => "offer",
            1 => "request",
            _ if rng.below(2) == 0 => "offer",
            _ => "request",
        };
        let list = if kind == "offer" {
            sector.offers
        } else {
            sector.requests
        };
        let (title, keywords) = *rng.pick(list);
        let description = if kind == "offer" {
            format!(
                "Nous proposons : {}. Petites séries comme grands volumes, devis sous 48 \
                 heures, références disponibles à {city} et à l’international.",
                lower_first(title)
            )
        } else {
            format!(
                "Nous recherchons : {}. Objectif : un partenariat durable dès {}, avec des \
                 premières commandes d’essai.",
                lower_first(title),
                rng.between(2027, 2028)
            )
        };
        offers.push((
            kind.to_string(),
            title.to_string(),
            description,
            keywords.to_string(),
        ));
    }
    let (firsts, lasts) = names_for(country);
    let locale = if matches!(country, "FR" | "MA" | "BE" | "TN") {
        "fr"
    } else {
        "en"
    };
    let mut people = Vec::new();
    for _ in 0..rng.one_to_three() {
        let first = *rng.pick(firsts);
        let last = *rng.pick(lasts);
        let mut email = format!("{}.{}@{domain}", ascii(first), ascii(last));
        if !emails.insert(email.clone()) {
            email = format!("{}.{}.{}@{domain}", ascii(first), ascii(last), emails.len());
            emails.insert(email.clone());
        }
        let account = NewAccount {
            email,
            display_name: format!("{first} {last}"),
            locale: locale.to_string(),
        };
        people.push((
            account,
            first.to_string(),
            last.to_string(),
            rng.pick(words::JOB_TITLES),
        ));
    }
    Draft {
        company: NewCompany {
            name,
            country: country.to_string(),
            city: city.to_string(),
            website: format!("https://www.{domain}"),
            sector: sector.code.to_string(),
            description_fr,
            description_en,
            status: "validated".into(),
        },
        offers,
        people,
    }
}

fn event_row(slug: &str, companies: usize) -> EventRow {
    let now = Utc::now();
    let starts_on = (now + Duration::days(60)).date_naive();
    EventRow {
        id: 0,
        slug: slug.to_string(),
        name_fr: format!("Grand forum d’affaires euro-méditerranéen ({companies} entreprises)"),
        name_en: format!("Euro-Mediterranean Business Forum ({companies} companies)"),
        summary_fr: "Événement de démonstration généré : un grand catalogue d’entreprises \
                     françaises, marocaines et européennes pour essayer la recherche et mesurer \
                     les performances."
            .into(),
        summary_en: "Generated demo event: a large catalogue of French, Moroccan and European \
                     companies to try the search and measure performance."
            .into(),
        starts_on,
        ends_on: starts_on + Duration::days(1),
        time_zone: "Europe/Paris".into(),
        registration_opens_at: None,
        registration_closes_at: Some(now + Duration::days(50)),
        site_opens_at: None,
        site_closes_at: None,
        primary_color: "#7a3e00".into(),
        banner_file_id: None,
        is_published: true,
        created_at: now,
        updated_at: now,
        privacy_notice_fr: String::new(),
        privacy_notice_en: String::new(),
    }
}

/// Builds the large event with `companies` validated companies (1 to [`MAX_COMPANIES`]),
/// or returns the one already there (slug [`slug_for`]) without writing anything.
/// Participant categories and cooperation types for the generated event, spread by id
/// (deterministic): most people are companies, one in ten a consultant, one in twenty-five
/// an expert (PUB-5); each offer gets one of the built-in cooperation types.
async fn answers(
    txn: &impl store::ConnectionTrait,
    event: EventId,
) -> Result<Vec<(store::forms::Owner, &'static str, String)>, store::DbErr> {
    use store::forms::Owner;
    const COOPERATION: [&str; 7] = [
        "commercial",
        "distribution",
        "technical",
        "subcontracting",
        "joint_venture",
        "financial",
        "research",
    ];
    let mut rows = Vec::new();
    for (person, _) in store::catalogue::people_of_event(txn, event).await? {
        let category = match person % 25 {
            0 => "expert",
            n if n % 10 == 1 => "consultant",
            _ => "company",
        };
        rows.push((Owner::Participant(person), "category", category.to_string()));
    }
    for (offer, _) in store::catalogue::public_offers_of_event(txn, event).await? {
        let index = usize::try_from(offer).unwrap_or(0) % COOPERATION.len();
        rows.push((
            Owner::Offer(offer),
            "cooperation",
            COOPERATION[index].to_string(),
        ));
    }
    Ok(rows)
}

pub async fn generate(
    db: &DatabaseConnection,
    companies: usize,
) -> Result<LargeEvent, InternalError> {
    if companies == 0 || companies > MAX_COMPANIES {
        return Err(InternalError::Other(format!(
            "--companies must be between 1 and {MAX_COMPANIES}"
        )));
    }
    let slug = slug_for(companies);
    if let Some(event) = store::events::find_by_slug(db, &slug).await? {
        let id = EventId(event.id);
        let offers = store::registration::offers(db, id).await?.len();
        let people = store::events::participants(db, id).await?.len();
        let companies = store::events::companies(db, id).await?.len();
        return Ok(LargeEvent {
            id,
            slug,
            companies,
            offers,
            people,
            created: false,
        });
    }
    let mut rng = Rng(SEED);
    let mut emails = HashSet::new();
    let drafts: Vec<Draft> = (0..companies)
        .map(|i| draft(&mut rng, i + 1, &slug, &mut emails))
        .collect();
    let now = Utc::now();
    let txn = store::begin_write(db).await?;
    let event = store::events::insert(&txn, event_row(&slug, companies)).await?;
    let id = EventId(event.id);
    let rows: Vec<NewCompany> = drafts.iter().map(|d| d.company.clone()).collect();
    let company_ids = store::bulk::insert_companies(&txn, id, &rows, now).await?;
    let offers: Vec<NewOffer> = drafts
        .iter()
        .zip(&company_ids)
        .flat_map(|(d, company_id)| {
            d.offers
                .iter()
                .map(|(kind, title, description, keywords)| NewOffer {
                    company_id: *company_id,
                    kind: kind.clone(),
                    title: title.clone(),
                    description: description.clone(),
                    keywords: keywords.clone(),
                })
        })
        .collect();
    store::bulk::insert_offers(&txn, id, &offers, now).await?;
    let accounts: Vec<NewAccount> = drafts
        .iter()
        .flat_map(|d| d.people.iter().map(|p| p.0.clone()))
        .collect();
    let mut user_ids = store::bulk::insert_accounts(&txn, &accounts, now)
        .await?
        .into_iter();
    let mut people = Vec::with_capacity(accounts.len());
    for (d, company_id) in drafts.iter().zip(&company_ids) {
        for (index, (_, first, last, job)) in d.people.iter().enumerate() {
            let user_id = user_ids
                .next()
                .ok_or_else(|| InternalError::Other("missing account id".into()))?;
            people.push(NewPerson {
                user_id,
                company_id: *company_id,
                status: "validated".into(),
                first_name: first.clone(),
                last_name: last.clone(),
                job_title_fr: job.0.to_string(),
                job_title_en: job.1.to_string(),
                is_company_editor: index == 0,
            });
        }
    }
    store::bulk::insert_people(&txn, id, &people, now).await?;
    store::bulk::insert_answers(&txn, id, &answers(&txn, id).await?).await?;
    let tables = crate::meetings::setup::demo::tables_for(people.len());
    crate::meetings::setup::demo::seed(&txn, &event, tables, now).await?;
    let summary = serde_json::json!({
        "slug": slug, "companies": companies, "offers": offers.len(), "people": people.len()
    });
    crate::audit::record(
        &txn,
        &Actor::system("demo"),
        Change::<(), _> {
            event: Some(id),
            action: "create",
            entity: "demo",
            entity_id: event.id.to_string(),
            before: None,
            after: Some(&summary),
        },
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(LargeEvent {
        id,
        slug,
        companies,
        offers: offers.len(),
        people: people.len(),
        created: true,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drafts_are_deterministic_and_varied() {
        let build = || {
            let mut rng = Rng(SEED);
            let mut emails = HashSet::new();
            (1..=300)
                .map(|i| draft(&mut rng, i, "t", &mut emails))
                .collect::<Vec<_>>()
        };
        let (a, b) = (build(), build());
        let names = |d: &[Draft]| d.iter().map(|d| d.company.name.clone()).collect::<Vec<_>>();
        assert_eq!(names(&a), names(&b));
        let countries: HashSet<&str> = a.iter().map(|d| d.company.country.as_str()).collect();
        let sectors: HashSet<&str> = a.iter().map(|d| d.company.sector.as_str()).collect();
        assert!(countries.contains("FR") && countries.contains("MA") && countries.len() >= 6);
        assert_eq!(sectors.len(), words::SECTORS.len());
        for s in &sectors {
            let builtin = crate::taxonomy::Taxonomy::builtin();
            let sector = crate::taxonomy::Vocabulary::Sector;
            assert!(builtin.find(sector, s).is_some(), "{s}");
        }
        let offers: usize = a.iter().map(|d| d.offers.len()).sum();
        let people: usize = a.iter().map(|d| d.people.len()).sum();
        assert!((450..=750).contains(&offers), "{offers}");
        assert!((450..=750).contains(&people), "{people}");
        let emails: HashSet<&str> = a
            .iter()
            .flat_map(|d| d.people.iter().map(|p| p.0.email.as_str()))
            .collect();
        assert_eq!(emails.len(), people);
        assert!(a.iter().any(|d| d.company.description_fr.contains('é')));
    }
}

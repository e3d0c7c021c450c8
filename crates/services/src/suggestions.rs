//! Suggestions of companies to meet (PRV-3): offers that answer the viewer's requests,
//! requests the viewer's offers answer, shared keywords and sector — each suggestion with
//! the reason a person can read.

use domain::EventId;
use domain::countries::fold_for_search;
use std::collections::BTreeSet;
use store::events::CompanyRow;
use store::registration::OfferRow;

/// Why a company is suggested.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reason {
    /// They offer what you seek: (your request, their offer).
    TheyOffer(String, String),
    /// They seek what you offer: (their request, your offer).
    TheySeek(String, String),
    /// Same business sector.
    SameSector(String),
}

/// One suggested company.
#[derive(Debug, Clone)]
pub struct Suggestion {
    /// The company.
    pub company: CompanyRow,
    /// Higher is better.
    pub score: u32,
    /// Readable reasons, strongest first.
    pub reasons: Vec<Reason>,
}

/// Words that carry meaning: folded, at least 4 letters, not a common French/English word.
fn terms(offer: &OfferRow) -> BTreeSet<String> {
    const STOP: &[&str] = &[
        "pour", "avec", "dans", "des", "les", "une", "from", "with", "and", "the", "for", "sur",
        "par", "aux", "nous", "vous",
    ];
    let text = format!("{} {}", offer.title, offer.keywords.replace(',', " "));
    fold_for_search(&text)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 4 && !STOP.contains(w))
        .map(|w| w.trim_end_matches('s').to_string())
        .collect()
}

fn overlap(a: &OfferRow, b: &OfferRow) -> usize {
    terms(a).intersection(&terms(b)).count()
}

/// Ranks the other validated companies of the event for a company, best first.
pub fn rank(
    own: &CompanyRow,
    companies: &[CompanyRow],
    offers: &[OfferRow],
    limit: usize,
) -> Vec<Suggestion> {
    let own_offers: Vec<&OfferRow> = offers.iter().filter(|o| o.company_id == own.id).collect();
    let mut out: Vec<Suggestion> = companies
        .iter()
        .filter(|c| c.id != own.id && c.status == "validated")
        .filter_map(|other| {
            let theirs: Vec<&OfferRow> =
                offers.iter().filter(|o| o.company_id == other.id).collect();
            let mut score = 0u32;
            let mut reasons = Vec::new();
            for mine in &own_offers {
                for their in &theirs {
                    let shared = overlap(mine, their) as u32;
                    if shared == 0 {
                        continue;
                    }
                    if mine.kind == "request" && their.kind == "offer" {
                        score += 3 * shared;
                        reasons.push((
                            3 * shared,
                            Reason::TheyOffer(mine.title.clone(), their.title.clone()),
                        ));
                    } else if mine.kind == "offer" && their.kind == "request" {
                        score += 3 * shared;
                        reasons.push((
                            3 * shared,
                            Reason::TheySeek(their.title.clone(), mine.title.clone()),
                        ));
                    } else {
                        score += shared;
                    }
                }
            }
            if other.sector == own.sector {
                score += 1;
                reasons.push((1, Reason::SameSector(other.sector.clone())));
            }
            reasons.sort_by_key(|r| std::cmp::Reverse(r.0));
            (score > 0).then(|| Suggestion {
                company: other.clone(),
                score,
                reasons: reasons.into_iter().map(|(_, r)| r).take(3).collect(),
            })
        })
        .collect();
    out.sort_by(|a, b| {
        b.score
            .cmp(&a.score)
            .then_with(|| a.company.name.cmp(&b.company.name))
    });
    out.truncate(limit);
    out
}

/// Suggestions for the company of a participant of the event (none without a company).
pub async fn for_participant(
    db: &impl store::ConnectionTrait,
    event: EventId,
    user_id: i64,
    limit: usize,
) -> Result<Vec<Suggestion>, store::DbErr> {
    let Some(me) = store::registration::participant_of_user(db, event, user_id).await? else {
        return Ok(Vec::new());
    };
    let Some(company_id) = me.company_id else {
        return Ok(Vec::new());
    };
    let Some(own) = store::registration::company(db, event, company_id).await? else {
        return Ok(Vec::new());
    };
    // Companies already asked (or asking), or met: nothing to suggest there any more.
    let linked =
        store::meetings::requests::linked_companies(db, event.0, me.id, me.company_id).await?;
    let mut companies =
        store::registration::companies_with_status(db, event, Some("validated")).await?;
    companies.retain(|c| !linked.contains(&c.id));
    let mut offers = store::registration::offers(db, event).await?;
    offers.retain(|o| o.status != "refused");
    Ok(rank(&own, &companies, &offers, limit))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Utc;

    fn company(id: i64, sector: &str) -> CompanyRow {
        CompanyRow {
            id,
            event_id: 1,
            name: format!("C{id}"),
            country: "FR".into(),
            city: String::new(),
            website: String::new(),
            sector: sector.into(),
            description_fr: String::new(),
            description_en: String::new(),
            created_at: Utc::now(),
            status: "validated".into(),
            address: String::new(),
            vat_country: String::new(),
            vat_number: String::new(),
            refusal_reason: String::new(),
        }
    }

    fn offer(company_id: i64, kind: &str, title: &str, keywords: &str) -> OfferRow {
        OfferRow {
            id: 0,
            event_id: 1,
            company_id,
            kind: kind.into(),
            title: title.into(),
            description: String::new(),
            keywords: keywords.into(),
            status: "pending".into(),
            created_at: Utc::now(),
        }
    }

    // REQ: PRV-3
    #[test]
    fn complementary_offers_rank_first_with_their_reason() {
        let me = company(1, "agrifood");
        let companies = vec![
            me.clone(),
            company(2, "digital"),
            company(3, "agrifood"),
            company(4, "textile"),
        ];
        let offers = vec![
            offer(1, "request", "Emballage biodégradable", "emballage, carton"),
            offer(2, "offer", "Emballages carton recyclé", "Emballage, carton"),
            offer(4, "offer", "Tissus techniques", "textile"),
        ];
        let ranked = rank(&me, &companies, &offers, 10);
        assert_eq!(ranked[0].company.id, 2);
        assert_eq!(
            ranked[0].reasons[0],
            Reason::TheyOffer(
                "Emballage biodégradable".into(),
                "Emballages carton recyclé".into()
            )
        );
        assert!(
            ranked
                .iter()
                .any(|s| s.company.id == 3
                    && s.reasons == vec![Reason::SameSector("agrifood".into())])
        );
        assert!(
            ranked
                .iter()
                .all(|s| s.company.id != 1 && s.company.id != 4),
            "not oneself, not unrelated"
        );
    }
}

//! Download of one's own data as JSON or CSV (REG-8).

use super::*;

/// The account part of a data download.
#[derive(Debug, Clone, Serialize)]
pub struct AccountData {
    /// Login email.
    pub email: String,
    /// Name shown.
    pub display_name: String,
    /// Language.
    pub locale: String,
    /// Creation date.
    pub created_at: String,
}

/// The registration part of a data download.
#[derive(Debug, Clone, Serialize)]
pub struct ParticipantData {
    /// Event id.
    pub event_id: i64,
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// Job title.
    pub job_title: String,
    /// Phone.
    pub phone: String,
    /// Registration status.
    pub status: String,
    /// Whether the person edits the company.
    pub company_editor: bool,
    /// Registration date.
    pub created_at: String,
}

/// The company part of a data download.
#[derive(Debug, Clone, Serialize)]
pub struct CompanyData {
    /// Name.
    pub name: String,
    /// Country code.
    pub country: String,
    /// City.
    pub city: String,
    /// Address.
    pub address: String,
    /// Website.
    pub website: String,
    /// Sector code.
    pub sector: String,
    /// Description in French.
    pub description_fr: String,
    /// Description in English.
    pub description_en: String,
    /// VAT number with its country.
    pub vat_number: String,
    /// Registration status.
    pub status: String,
    /// Refusal reason, if refused.
    pub refusal_reason: String,
}

/// One offer or request in a data download.
#[derive(Debug, Clone, Serialize)]
pub struct OfferData {
    /// `offer` or `request`.
    pub kind: String,
    /// Title.
    pub title: String,
    /// Description.
    pub description: String,
    /// Keywords.
    pub keywords: String,
}

/// One consent in a data download.
#[derive(Debug, Clone, Serialize)]
pub struct ConsentData {
    /// Event id.
    pub event_id: i64,
    /// Version (hash) of the notice accepted.
    pub notice_version: String,
    /// Date of the consent.
    pub given_at: String,
}

/// Everything the platform holds about the person for one event (REG-8).
#[derive(Debug, Clone, Serialize)]
pub struct PersonalData {
    /// The account.
    pub account: AccountData,
    /// The registration.
    pub participant: ParticipantData,
    /// The company.
    pub company: Option<CompanyData>,
    /// The company's offers and requests.
    pub offers: Vec<OfferData>,
    /// Answers to the event's configurable fields (REG-3): the person's, the company's and
    /// its offers'.
    pub answers: Vec<AnswerData>,
    /// Consents given.
    pub consents: Vec<ConsentData>,
}

/// One answer to a configurable field.
#[derive(Debug, Clone, Serialize)]
pub struct AnswerData {
    /// `participant`, `company` or `offer N` (N as in `offers`, from 1).
    pub of: String,
    /// The field's key.
    pub field: String,
    /// The answer as stored.
    pub value: String,
}

/// Collects the person's own data for one event; never anyone else's.
pub async fn personal_data(
    db: &DatabaseConnection,
    user: &UserRow,
    event_id: EventId,
) -> Result<PersonalData, ProfileError> {
    let space = my_space(db, user, event_id).await?;
    let p = &space.participant;
    let offers = match &space.company {
        Some(c) => store::registration::offers_of(db, event_id, c.id).await?,
        None => Vec::new(),
    };
    let consents = store::profile::consents_of_user(db, user.id).await?;
    let company_ids: Vec<i64> = space.company.iter().map(|c| c.id).collect();
    let offer_ids: Vec<i64> = offers.iter().map(|o| o.id).collect();
    let answers = store::forms::values_of_owners(db, event_id, &company_ids, &offer_ids, &[p.id])
        .await?
        .into_iter()
        .map(|v| AnswerData {
            of: match (v.participant_id, v.offer_id) {
                (Some(_), _) => "participant".to_string(),
                (_, Some(offer)) => {
                    let n = offer_ids.iter().position(|id| *id == offer).unwrap_or(0) + 1;
                    format!("offer {n}")
                }
                _ => "company".to_string(),
            },
            field: v.field_key,
            value: v.value,
        })
        .collect();
    Ok(PersonalData {
        account: AccountData {
            email: user.email.clone(),
            display_name: user.display_name.clone(),
            locale: user.locale.clone(),
            created_at: user.created_at.to_rfc3339(),
        },
        participant: ParticipantData {
            event_id: p.event_id,
            first_name: p.first_name.clone(),
            last_name: p.last_name.clone(),
            job_title: p.job_title_fr.clone(),
            phone: p.phone.clone(),
            status: p.status.clone(),
            company_editor: p.is_company_editor,
            created_at: p.created_at.to_rfc3339(),
        },
        company: space.company.as_ref().map(|c| CompanyData {
            name: c.name.clone(),
            country: c.country.clone(),
            city: c.city.clone(),
            address: c.address.clone(),
            website: c.website.clone(),
            sector: c.sector.clone(),
            description_fr: c.description_fr.clone(),
            description_en: c.description_en.clone(),
            vat_number: format!("{} {}", c.vat_country, c.vat_number)
                .trim()
                .to_string(),
            status: c.status.clone(),
            refusal_reason: c.refusal_reason.clone(),
        }),
        offers: offers
            .into_iter()
            .map(|o| OfferData {
                kind: o.kind,
                title: o.title,
                description: o.description,
                keywords: o.keywords,
            })
            .collect(),
        answers,
        consents: consents
            .into_iter()
            .map(|c| ConsentData {
                event_id: c.event_id,
                notice_version: c.notice_version,
                given_at: c.created_at.to_rfc3339(),
            })
            .collect(),
    })
}

/// One CSV cell: quoted when needed; a leading `=`, `+`, `-` or `@` is neutralised so that
/// a spreadsheet never runs it as a formula.
pub(crate) fn cell(value: &str) -> String {
    let value = if value.starts_with(['=', '+', '-', '@']) {
        format!("'{value}")
    } else {
        value.to_string()
    };
    if value.contains([';', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value
    }
}

/// The data as CSV for French Excel: UTF-8 BOM, `;` separators, one `section;field;value`
/// line per value.
pub fn to_csv(data: &PersonalData) -> String {
    let mut lines: Vec<[String; 3]> = Vec::new();
    let mut push = |section: &str, value: serde_json::Value| {
        if let serde_json::Value::Object(map) = value {
            for (field, v) in map {
                let text = match v {
                    serde_json::Value::String(s) => s,
                    serde_json::Value::Null => String::new(),
                    other => other.to_string(),
                };
                lines.push([section.to_string(), field, text]);
            }
        }
    };
    push("account", serde_json::json!(data.account));
    push("participant", serde_json::json!(data.participant));
    if let Some(company) = &data.company {
        push("company", serde_json::json!(company));
    }
    for (i, offer) in data.offers.iter().enumerate() {
        push(&format!("offer {}", i + 1), serde_json::json!(offer));
    }
    for (i, consent) in data.consents.iter().enumerate() {
        push(&format!("consent {}", i + 1), serde_json::json!(consent));
    }
    for answer in &data.answers {
        lines.push([
            format!("answers ({})", answer.of),
            answer.field.clone(),
            answer.value.clone(),
        ]);
    }
    let mut out = String::from("\u{feff}section;field;value\r\n");
    for [a, b, c] in lines {
        out.push_str(&format!("{};{};{}\r\n", cell(&a), cell(&b), cell(&c)));
    }
    out
}

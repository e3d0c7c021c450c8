//! The badge settings page (CHK-5, REG-7): paper format, printed fields, a colour band per
//! participant category, logos, and what the confirmation email carries.

use super::BadgeError;
use crate::audit::{Actor, Change, record};
use crate::event_day::{BadgeSettings, ConfirmationPass};
use crate::forms::FieldErrors;
use crate::taxonomy::Vocabulary;
use chrono::Utc;
use documents::{BadgeFormat, LabelSize};
use domain::{EventId, HexColor, Locale};
use serde::Serialize;
use store::DatabaseConnection;

/// Default band colours offered for categories never coloured, by position.
const PALETTE: [&str; 8] = [
    "#1a5fb4", "#26a269", "#c64600", "#813d9c", "#a51d2d", "#986a44", "#0b7a75", "#5e5c64",
];

/// One paper format in the select list.
#[derive(Debug, Clone)]
pub struct FormatChoice {
    /// Stored code (`single`, `a4`, `label-86x54`).
    pub code: String,
    /// Message id of its label.
    pub label_id: &'static str,
    /// Width and height in millimetres (labels), for the label's arguments.
    pub size: Option<(u32, u32)>,
}

/// Every format the documents crate prints.
pub fn format_choices() -> Vec<FormatChoice> {
    BadgeFormat::all()
        .into_iter()
        .map(|format| FormatChoice {
            code: format.code(),
            label_id: match format {
                BadgeFormat::Single => "badges-format-single",
                BadgeFormat::A4Sheet => "badges-format-a4",
                BadgeFormat::LabelSheetA4 => "badges-format-labels-a4",
                BadgeFormat::Label(_) => "badges-format-label",
            },
            size: match format {
                BadgeFormat::Label(size) => Some(LabelSize::mm(size)),
                _ => None,
            },
        })
        .collect()
}

/// A participant category with its band colour on the form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CategoryColour {
    /// Category code.
    pub code: String,
    /// Its label in the page's language.
    pub label: String,
    /// The colour typed (`#RRGGBB` when valid).
    pub colour: String,
}

impl CategoryColour {
    /// The form field carrying this category's colour.
    pub fn field(&self) -> String {
        format!("colour_{}", self.code)
    }
}

/// The badge settings form, as shown and as posted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadgeForm {
    /// Paper format code.
    pub format: String,
    /// Print the company.
    pub show_company: bool,
    /// Print the job title.
    pub show_job_title: bool,
    /// Print the country.
    pub show_country: bool,
    /// Print the category.
    pub show_category: bool,
    /// Print the event's banner as logo.
    pub show_event_logo: bool,
    /// Print the partners' logos.
    pub show_partner_logos: bool,
    /// `none`, `qr_link` or `badge_pdf`.
    pub confirmation_pass: String,
    /// One colour per participant category of the event.
    pub colours: Vec<CategoryColour>,
}

fn pass_code(pass: ConfirmationPass) -> &'static str {
    match pass {
        ConfirmationPass::None => "none",
        ConfirmationPass::QrLink => "qr_link",
        ConfirmationPass::BadgePdf => "badge_pdf",
    }
}

fn parse_pass(code: &str) -> Option<ConfirmationPass> {
    match code {
        "none" => Some(ConfirmationPass::None),
        "qr_link" => Some(ConfirmationPass::QrLink),
        "badge_pdf" => Some(ConfirmationPass::BadgePdf),
        _ => None,
    }
}

/// The event's categories (code, label), in list order.
async fn categories(
    db: &DatabaseConnection,
    event: EventId,
    locale: Locale,
) -> Result<Vec<(String, String)>, BadgeError> {
    let taxonomy = crate::taxonomy::load(db, event).await?;
    Ok(taxonomy
        .terms(Vocabulary::ParticipantCategory)
        .iter()
        .map(|t| (t.code.clone(), t.label(locale).to_string()))
        .collect())
}

impl BadgeForm {
    /// The form filled from stored settings, with one colour per category of the event.
    fn from_settings(
        badge: &BadgeSettings,
        pass: ConfirmationPass,
        categories: &[(String, String)],
    ) -> BadgeForm {
        let colours = categories
            .iter()
            .enumerate()
            .map(|(n, (code, label))| CategoryColour {
                code: code.clone(),
                label: label.clone(),
                colour: badge
                    .category_colours
                    .iter()
                    .find(|(c, _)| c == code)
                    .map(|(_, colour)| colour.clone())
                    .unwrap_or_else(|| PALETTE[n % PALETTE.len()].to_string()),
            })
            .collect();
        BadgeForm {
            format: badge.format.clone(),
            show_company: badge.show_company,
            show_job_title: badge.show_job_title,
            show_country: badge.show_country,
            show_category: badge.show_category,
            show_event_logo: badge.show_event_logo,
            show_partner_logos: badge.show_partner_logos,
            confirmation_pass: pass_code(pass).to_string(),
            colours,
        }
    }

    /// The form as posted (name/value pairs; a checkbox is on when present).
    pub fn from_pairs(pairs: &[(String, String)], categories: &[CategoryColour]) -> BadgeForm {
        let value = |name: &str| {
            pairs
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.trim().to_string())
        };
        let on = |name: &str| value(name).is_some();
        BadgeForm {
            format: value("format").unwrap_or_default(),
            show_company: on("show_company"),
            show_job_title: on("show_job_title"),
            show_country: on("show_country"),
            show_category: on("show_category"),
            show_event_logo: on("show_event_logo"),
            show_partner_logos: on("show_partner_logos"),
            confirmation_pass: value("confirmation_pass").unwrap_or_default(),
            colours: categories
                .iter()
                .map(|c| CategoryColour {
                    // A colour not posted keeps its current value.
                    colour: value(&c.field()).unwrap_or_else(|| c.colour.clone()),
                    ..c.clone()
                })
                .collect(),
        }
    }
}

/// The settings form of an event, in a language.
pub async fn settings_form(
    db: &DatabaseConnection,
    event: EventId,
    locale: Locale,
) -> Result<BadgeForm, BadgeError> {
    let settings = crate::event_day::load(db, event).await?;
    let categories = categories(db, event, locale).await?;
    Ok(BadgeForm::from_settings(
        &settings.badge,
        settings.confirmation_pass,
        &categories,
    ))
}

/// What the audit trail records of the badge settings.
#[derive(Serialize)]
struct Audited<'a> {
    badge: &'a BadgeSettings,
    confirmation_pass: ConfirmationPass,
}

/// Checks and saves the badge settings with an audit entry, in one transaction. A bad
/// colour, format or email choice gives field errors and nothing is written.
pub async fn save_settings(
    db: &DatabaseConnection,
    actor: &Actor,
    event: EventId,
    form: &BadgeForm,
) -> Result<(), BadgeError> {
    let mut errors = FieldErrors::new();
    let format = BadgeFormat::parse(&form.format);
    if format.is_none() {
        errors.add("format", "badges-error-format");
    }
    let pass = parse_pass(&form.confirmation_pass);
    if pass.is_none() {
        errors.add("confirmation_pass", "badges-error-pass");
    }
    let known = categories(db, event, Locale::Fr).await?;
    let mut colours = Vec::new();
    for c in &form.colours {
        if !known.iter().any(|(code, _)| *code == c.code) {
            continue;
        }
        match HexColor::parse(&c.colour) {
            Ok(colour) => colours.push((c.code.clone(), colour.as_str().to_string())),
            Err(_) => errors.add(&c.field(), "badges-error-colour"),
        }
    }
    let (Some(format), Some(pass)) = (format, pass) else {
        return Err(BadgeError::Invalid(errors));
    };
    if !errors.is_empty() {
        return Err(BadgeError::Invalid(errors));
    }
    let now = Utc::now();
    let txn = store::begin_write(db).await?;
    store::events::find(&txn, event)
        .await?
        .ok_or(BadgeError::NotFound)?;
    let before = crate::event_day::load(&txn, event).await?;
    let mut after = before.clone();
    after.badge = BadgeSettings {
        format: format.code(),
        show_company: form.show_company,
        show_job_title: form.show_job_title,
        show_country: form.show_country,
        show_category: form.show_category,
        category_colours: colours,
        show_event_logo: form.show_event_logo,
        show_partner_logos: form.show_partner_logos,
    };
    after.confirmation_pass = pass;
    if after != before {
        crate::event_day::store(&txn, event, &after).await?;
        let change = Change {
            event: Some(event),
            action: "update",
            entity: "badge_settings",
            entity_id: event.to_string(),
            before: Some(&Audited {
                badge: &before.badge,
                confirmation_pass: before.confirmation_pass,
            }),
            after: Some(&Audited {
                badge: &after.badge,
                confirmation_pass: after.confirmation_pass,
            }),
        };
        record(&txn, actor, change, now).await?;
    }
    txn.commit().await?;
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    // REQ: CHK-5
    #[test]
    fn posted_pairs_fill_the_form_and_every_format_is_offered() {
        let categories = vec![CategoryColour {
            code: "expert".into(),
            label: "Expert".into(),
            colour: String::new(),
        }];
        let pairs = vec![
            ("format".to_string(), "a4".to_string()),
            ("show_company".to_string(), "on".to_string()),
            ("colour_expert".to_string(), " #AA0000 ".to_string()),
            ("confirmation_pass".to_string(), "qr_link".to_string()),
        ];
        let form = BadgeForm::from_pairs(&pairs, &categories);
        assert_eq!(form.format, "a4");
        assert!(form.show_company && !form.show_job_title);
        assert_eq!(form.colours[0].colour, "#AA0000");
        assert_eq!(
            parse_pass(&form.confirmation_pass),
            Some(ConfirmationPass::QrLink)
        );
        let codes: Vec<String> = format_choices().into_iter().map(|c| c.code).collect();
        assert!(codes.contains(&"single".to_string()) && codes.contains(&"a4".to_string()));
        assert!(codes.iter().any(|c| c.starts_with("label-")));
    }
}

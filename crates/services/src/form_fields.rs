//! The registration form of an event, configured from the standard form (REG-3, BO-3, EXP-2):
//! the organizer hides, requires, reorders and relabels the standard fields, adds custom
//! fields (text, long text, choice, multiple choice, number, date, yes/no, a term of one of
//! the event's lists, text blocks), limits fields to some sectors, groups the criteria for
//! expert meetings, and chooses which fields the public catalogue shows.
//!
//! Standard fields keep their columns (company name, city…); custom fields and the standard
//! fields that use the event's lists (key figures, participant category, sessions attended,
//! cooperation type) store their values in `field_value`.

use crate::InternalError;
use crate::audit::{Actor, record_deleted, record_saved};
use crate::forms::FieldErrors;
use crate::i18n::t;
use crate::taxonomy::{Taxonomy, Vocabulary};
use chrono::{NaiveDate, Utc};
use domain::{EventId, Locale};
use store::DatabaseConnection;
use store::forms::FormFieldRow;

/// Whose field it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
pub enum Scope {
    /// The company (one per registration).
    Company,
    /// Each person who attends.
    Person,
    /// Each offer or request.
    Offer,
}

impl Scope {
    /// Every scope, in form order.
    pub const ALL: [Scope; 3] = [Scope::Company, Scope::Person, Scope::Offer];

    /// Stored code.
    pub fn code(self) -> &'static str {
        match self {
            Scope::Company => "company",
            Scope::Person => "person",
            Scope::Offer => "offer",
        }
    }

    /// The scope with this code.
    pub fn parse(code: &str) -> Option<Scope> {
        Scope::ALL.into_iter().find(|s| s.code() == code)
    }
}

/// What a field holds and how it is typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum Kind {
    /// One line of text.
    Text,
    /// Several lines.
    LongText,
    /// A web address.
    Url,
    /// A country of the list.
    Country,
    /// One of the field's options.
    Choice,
    /// Several of the field's options.
    MultiChoice,
    /// A number.
    Number,
    /// A date.
    Date,
    /// A box to tick.
    YesNo,
    /// One term of one of the event's lists.
    Term,
    /// Several terms of one of the event's lists.
    Terms,
    /// One value under each heading of a hierarchical list (key figures).
    Figures,
    /// A text shown in the form, nothing to type.
    Block,
    /// A file (PDF, image, video), checked by content like offer attachments.
    File,
}

impl Kind {
    /// The kinds an organizer may give a custom field.
    pub const CUSTOM: [Kind; 11] = [
        Kind::Text,
        Kind::LongText,
        Kind::Choice,
        Kind::MultiChoice,
        Kind::Number,
        Kind::Date,
        Kind::YesNo,
        Kind::Term,
        Kind::Terms,
        Kind::Block,
        Kind::File,
    ];

    /// Stored code.
    pub fn code(self) -> &'static str {
        match self {
            Kind::Text => "text",
            Kind::LongText => "long_text",
            Kind::Url => "url",
            Kind::Country => "country",
            Kind::Choice => "choice",
            Kind::MultiChoice => "multi_choice",
            Kind::Number => "number",
            Kind::Date => "date",
            Kind::YesNo => "yes_no",
            Kind::Term => "term",
            Kind::Terms => "terms",
            Kind::Figures => "figures",
            Kind::Block => "block",
            Kind::File => "file",
        }
    }

    /// The kind with this code.
    pub fn parse(code: &str) -> Option<Kind> {
        [Kind::Url, Kind::Country, Kind::Figures]
            .into_iter()
            .chain(Kind::CUSTOM)
            .find(|k| k.code() == code)
    }

    /// Whether the field takes several values.
    pub fn is_multiple(self) -> bool {
        matches!(self, Kind::MultiChoice | Kind::Terms | Kind::Figures)
    }
}

/// Where a field sits in the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum Section {
    /// With the other fields of its scope.
    General,
    /// In the part about meetings with experts (EXP-2).
    Expert,
}

/// One option of a choice field.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Choice {
    /// Stored code.
    pub code: String,
    /// French label.
    pub label_fr: String,
    /// English label.
    pub label_en: String,
}

impl Choice {
    /// The label in a language.
    pub fn label(&self, locale: Locale) -> &str {
        match locale {
            Locale::En if !self.label_en.is_empty() => &self.label_en,
            _ => &self.label_fr,
        }
    }
}

/// A standard field: (scope, key, kind, list, required by default, public by default,
/// locked, stored in `field_value`, label message id).
struct Standard {
    scope: Scope,
    key: &'static str,
    kind: Kind,
    vocabulary: Option<Vocabulary>,
    required: bool,
    public: bool,
    locked: bool,
    label_id: &'static str,
}

const fn standard(
    scope: Scope,
    key: &'static str,
    kind: Kind,
    required: bool,
    public: bool,
    label_id: &'static str,
) -> Standard {
    Standard {
        scope,
        key,
        kind,
        vocabulary: None,
        required,
        public,
        locked: false,
        label_id,
    }
}

const STANDARD: [Standard; 16] = [
    Standard {
        locked: true,
        ..standard(
            Scope::Company,
            "company_name",
            Kind::Text,
            true,
            true,
            "field-company-name",
        )
    },
    Standard {
        locked: true,
        ..standard(
            Scope::Company,
            "country",
            Kind::Country,
            true,
            true,
            "field-country",
        )
    },
    standard(Scope::Company, "city", Kind::Text, true, true, "field-city"),
    standard(
        Scope::Company,
        "address",
        Kind::LongText,
        false,
        false,
        "field-address",
    ),
    standard(
        Scope::Company,
        "website",
        Kind::Url,
        false,
        true,
        "field-website",
    ),
    Standard {
        vocabulary: Some(Vocabulary::Sector),
        ..standard(
            Scope::Company,
            "sector",
            Kind::Term,
            true,
            true,
            "field-sector",
        )
    },
    Standard {
        vocabulary: Some(Vocabulary::KeyFigure),
        ..standard(
            Scope::Company,
            "key_figures",
            Kind::Figures,
            false,
            true,
            "field-key-figures",
        )
    },
    standard(
        Scope::Company,
        "description_fr",
        Kind::LongText,
        false,
        true,
        "field-description-fr",
    ),
    standard(
        Scope::Company,
        "description_en",
        Kind::LongText,
        false,
        true,
        "field-description-en",
    ),
    standard(
        Scope::Person,
        "job_title",
        Kind::Text,
        false,
        true,
        "field-job-title",
    ),
    standard(
        Scope::Person,
        "phone",
        Kind::Text,
        false,
        false,
        "field-phone",
    ),
    Standard {
        vocabulary: Some(Vocabulary::ParticipantCategory),
        ..standard(
            Scope::Person,
            "category",
            Kind::Term,
            false,
            true,
            "field-category",
        )
    },
    Standard {
        vocabulary: Some(Vocabulary::B2bSession),
        ..standard(
            Scope::Person,
            "sessions",
            Kind::Terms,
            false,
            false,
            "field-sessions",
        )
    },
    standard(
        Scope::Offer,
        "description",
        Kind::LongText,
        false,
        true,
        "field-description",
    ),
    standard(
        Scope::Offer,
        "keywords",
        Kind::Text,
        false,
        true,
        "field-keywords",
    ),
    Standard {
        vocabulary: Some(Vocabulary::Cooperation),
        ..standard(
            Scope::Offer,
            "cooperation",
            Kind::Term,
            false,
            true,
            "field-cooperation",
        )
    },
];

/// Standard fields whose values live in `field_value` rather than in a column.
const STANDARD_IN_VALUES: [&str; 4] = ["key_figures", "category", "sessions", "cooperation"];

/// The criteria for meetings with experts (EXP-2) an organizer adds in one action.
const EXPERT_CRITERIA: [(&str, Kind, Option<Vocabulary>); 7] = [
    ("c_expert_interests", Kind::LongText, None),
    ("c_expert_know_how", Kind::LongText, None),
    ("c_expert_themes", Kind::Text, None),
    (
        "c_expert_target_sectors",
        Kind::Terms,
        Some(Vocabulary::Sector),
    ),
    ("c_expert_target_regions", Kind::Text, None),
    ("c_expert_project", Kind::LongText, None),
    ("c_expert_expectations", Kind::LongText, None),
];

/// One field of the event's form, with the event's settings applied.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Field {
    /// The settings row, 0 when the field has its standard settings.
    pub row_id: i64,
    /// Whose field.
    pub scope: Scope,
    /// Key: the standard name, or `c_…` for a custom field.
    pub key: String,
    /// What it holds.
    pub kind: Kind,
    /// Where it sits.
    pub section: Section,
    /// Whether it is one of the standard form's fields.
    pub standard: bool,
    /// Whether it can be neither hidden nor made optional.
    pub locked: bool,
    /// Default label message id of a standard field.
    label_id: String,
    /// French label (empty: the standard one).
    pub label_fr: String,
    /// English label (empty: the standard one).
    pub label_en: String,
    /// French help text.
    pub help_fr: String,
    /// English help text.
    pub help_en: String,
    /// Options of a choice field.
    pub options: Vec<Choice>,
    /// The list a term field uses.
    pub vocabulary: Option<Vocabulary>,
    /// Sectors the field is limited to (empty: every sector).
    pub sectors: Vec<String>,
    /// Whether it must be filled in.
    pub required: bool,
    /// Whether it is left out of the form.
    pub hidden: bool,
    /// Whether the public catalogue shows it.
    pub public: bool,
    /// Order within its scope.
    pub position: i32,
}

impl Field {
    /// The label in a language.
    pub fn label(&self, locale: Locale) -> String {
        let own = match locale {
            Locale::En if !self.label_en.is_empty() => &self.label_en,
            _ => &self.label_fr,
        };
        if own.is_empty() {
            t(locale, &self.label_id)
        } else {
            own.clone()
        }
    }

    /// The help text in a language.
    pub fn help(&self, locale: Locale) -> &str {
        match locale {
            Locale::En if !self.help_en.is_empty() => &self.help_en,
            _ => &self.help_fr,
        }
    }

    /// Whether the value is kept in `field_value` (custom fields and list-based standard
    /// ones) rather than in a column.
    pub fn stored_as_value(&self) -> bool {
        !self.standard || STANDARD_IN_VALUES.contains(&self.key.as_str())
    }

    /// The sectors the field is asked of, sub-sectors included (empty: every sector).
    pub fn sectors_within(&self, taxonomy: &Taxonomy) -> Vec<String> {
        let mut all: Vec<String> = self
            .sectors
            .iter()
            .flat_map(|s| taxonomy.with_descendants(Vocabulary::Sector, s))
            .collect();
        all.dedup();
        all
    }

    /// Whether the field is asked of a company of this sector (or of one of its
    /// sub-sectors).
    pub fn applies_to(&self, sector: &str, taxonomy: &Taxonomy) -> bool {
        self.sectors.is_empty() || self.sectors_within(taxonomy).iter().any(|s| s == sector)
    }

    /// The value as a reader sees it: labels for codes, translated yes/no.
    pub fn display(&self, value: &str, taxonomy: &Taxonomy, locale: Locale) -> String {
        let codes = || value.split(',').map(str::trim).filter(|c| !c.is_empty());
        match self.kind {
            Kind::Choice | Kind::MultiChoice => codes()
                .map(|c| {
                    self.options
                        .iter()
                        .find(|o| o.code == c)
                        .map(|o| o.label(locale).to_string())
                        .unwrap_or_else(|| c.to_string())
                })
                .collect::<Vec<_>>()
                .join(", "),
            Kind::Term | Kind::Terms | Kind::Figures => {
                let vocabulary = self.vocabulary.unwrap_or(Vocabulary::Keyword);
                codes()
                    .map(|c| match taxonomy.find(vocabulary, c) {
                        Some(term) if self.kind == Kind::Figures => {
                            let heading = taxonomy.label(vocabulary, &term.parent, locale);
                            format!("{heading} : {}", term.label(locale))
                        }
                        Some(term) => term.label(locale).to_string(),
                        None => c.to_string(),
                    })
                    .collect::<Vec<_>>()
                    .join(", ")
            }
            Kind::File => file_name(value).to_string(),
            Kind::YesNo if value == "yes" => t(locale, "value-yes"),
            Kind::YesNo => t(locale, "value-no"),
            Kind::Country => domain::countries::name(value, locale),
            Kind::Date => NaiveDate::parse_from_str(value, "%Y-%m-%d")
                .map(|d| match locale {
                    Locale::En => d.format("%-d %B %Y").to_string(),
                    _ => d.format("%d/%m/%Y").to_string(),
                })
                .unwrap_or_else(|_| value.to_string()),
            _ => value.to_string(),
        }
    }
}

/// The event's whole form.
#[derive(Debug, Clone, Default)]
pub struct FormDesign {
    /// Every field, hidden ones included, by scope then position.
    pub fields: Vec<Field>,
}

impl FormDesign {
    /// The fields of a scope shown in the form, in order.
    pub fn visible(&self, scope: Scope) -> impl Iterator<Item = &Field> {
        self.fields
            .iter()
            .filter(move |f| f.scope == scope && !f.hidden)
    }

    /// The field with this key.
    pub fn field(&self, scope: Scope, key: &str) -> Option<&Field> {
        self.fields
            .iter()
            .find(|f| f.scope == scope && f.key == key)
    }

    /// The form as organizers fill it for someone (register on behalf, import, edits): the
    /// answers only the participant can give are not required of them.
    pub fn for_organizers(&self) -> FormDesign {
        let mut design = self.clone();
        for field in design.fields.iter_mut().filter(|f| f.stored_as_value()) {
            field.required = false;
        }
        design
    }

    /// The form as an edit page reads it: file answers are only set at registration (the
    /// browser never names a stored file), so they are left as they are.
    pub fn without_files(&self) -> FormDesign {
        let mut design = self.clone();
        design.fields.retain(|f| f.kind != Kind::File);
        design
    }

    /// Whether a standard field is shown.
    pub fn shows(&self, scope: Scope, key: &str) -> bool {
        self.field(scope, key).is_some_and(|f| !f.hidden)
    }

    /// Whether the public catalogue shows a field.
    pub fn is_public(&self, scope: Scope, key: &str) -> bool {
        self.field(scope, key).is_some_and(|f| f.public)
    }

    /// Reads a standard text column: nothing when hidden, required or optional as set.
    pub fn column_text(
        &self,
        scope: Scope,
        key: &str,
        name: &str,
        raw: &str,
        max_chars: usize,
        errors: &mut FieldErrors,
    ) -> String {
        match self.field(scope, key) {
            Some(f) if f.hidden => String::new(),
            Some(f) if f.required => crate::forms::required(errors, name, raw, max_chars),
            _ => crate::forms::optional(errors, name, raw, max_chars),
        }
    }

    /// Reads and checks the values kept in `field_value` for one company, person or offer;
    /// input names are `{prefix}{key}` (`c_budget`, `p1_category`, `o0_cooperation`).
    pub fn read_values(
        &self,
        scope: Scope,
        prefix: &str,
        raw: &[(String, String)],
        sector: &str,
        taxonomy: &Taxonomy,
        errors: &mut FieldErrors,
    ) -> Vec<(String, String)> {
        let mut out = Vec::new();
        for field in self.visible(scope).filter(|f| f.stored_as_value()) {
            if field.kind == Kind::Block || !field.applies_to(sector, taxonomy) {
                continue;
            }
            let name = format!("{prefix}{}", field.key);
            let typed: Vec<&str> = raw
                .iter()
                .filter(|(k, _)| *k == name)
                .map(|(_, v)| v.trim())
                .filter(|v| !v.is_empty())
                .collect();
            if let Some(value) = check_value(field, &typed, taxonomy, &name, errors) {
                out.push((field.key.clone(), value));
            }
        }
        out
    }
}

/// Checks what was typed into one field; `None` when it is wrong (the error is added).
fn check_value(
    field: &Field,
    typed: &[&str],
    taxonomy: &Taxonomy,
    name: &str,
    errors: &mut FieldErrors,
) -> Option<String> {
    if typed.is_empty() {
        if field.required {
            errors.add(name, "error-required");
            return None;
        }
        return Some(String::new());
    }
    let in_list = |code: &str| match field.kind {
        Kind::Choice | Kind::MultiChoice => field.options.iter().any(|o| o.code == code),
        _ => field
            .vocabulary
            .is_some_and(|v| taxonomy.find(v, code).is_some()),
    };
    let first = typed[0];
    let value = match field.kind {
        Kind::Text => bounded(first, 300, name, errors)?,
        Kind::LongText | Kind::Block => bounded(first, 3000, name, errors)?,
        Kind::Url => {
            let mut local = FieldErrors::new();
            let url = crate::forms::optional_url(&mut local, name, first);
            if !local.is_empty() {
                errors.add(name, "error-url");
                return None;
            }
            url
        }
        Kind::Country if domain::countries::is_known(first) => first.to_string(),
        Kind::Country => {
            errors.add(name, "error-country");
            return None;
        }
        Kind::Choice | Kind::Term if in_list(first) => first.to_string(),
        Kind::MultiChoice | Kind::Terms | Kind::Figures => {
            if typed.len() > 100 || !typed.iter().all(|c| in_list(c)) {
                errors.add(name, "error-choice");
                return None;
            }
            if field.kind == Kind::Figures {
                let vocabulary = field.vocabulary.unwrap_or(Vocabulary::KeyFigure);
                let mut headings: Vec<&str> = typed
                    .iter()
                    .filter_map(|c| taxonomy.find(vocabulary, c).map(|t| t.parent.as_str()))
                    .collect();
                let count = headings.len();
                headings.sort_unstable();
                headings.dedup();
                if headings.len() != count || headings.contains(&"") {
                    errors.add(name, "error-choice");
                    return None;
                }
            }
            let mut codes: Vec<&str> = typed.to_vec();
            codes.dedup();
            codes.join(",")
        }
        Kind::Choice | Kind::Term => {
            errors.add(name, "error-choice");
            return None;
        }
        Kind::Number => match parse_number(first) {
            Some(n) => n,
            None => {
                errors.add(name, "error-number");
                return None;
            }
        },
        Kind::Date => match NaiveDate::parse_from_str(first, "%Y-%m-%d") {
            Ok(d) => d.format("%Y-%m-%d").to_string(),
            Err(_) => {
                errors.add(name, "error-date");
                return None;
            }
        },
        Kind::YesNo => "yes".to_string(),
        // Only a file received with this form (a pending upload) is accepted here: a stored
        // file is never named by the browser, so nobody can point at someone else's file.
        Kind::File if upload_token(first).is_some() => first.to_string(),
        Kind::File => {
            errors.add(name, "error-choice");
            return None;
        }
    };
    Some(value)
}

fn bounded(value: &str, max: usize, name: &str, errors: &mut FieldErrors) -> Option<String> {
    if value.chars().count() > max {
        errors.add(name, "error-too-long");
        None
    } else {
        Some(value.to_string())
    }
}

/// The token of a file received with the form: values `upload:<token>|<name>`.
pub fn upload_token(value: &str) -> Option<&str> {
    let rest = value.strip_prefix("upload:")?;
    let token = rest.split('|').next()?;
    (!token.is_empty()).then_some(token)
}

/// A stored file answer: `file:<storage key>|<content type>|<name>`.
pub fn stored_file(value: &str) -> Option<(&str, &str, &str)> {
    let mut parts = value.strip_prefix("file:")?.splitn(3, '|');
    Some((parts.next()?, parts.next()?, parts.next()?))
}

/// The name shown for a file answer, received or stored.
pub fn file_name(value: &str) -> &str {
    if let Some((_, _, name)) = stored_file(value) {
        return name;
    }
    value
        .strip_prefix("upload:")
        .and_then(|rest| rest.split_once('|'))
        .map(|(_, name)| name)
        .unwrap_or("")
}

/// Turns the files received with a form into stored answers, inside the caller's
/// transaction; a token that is no longer pending leaves the answer empty.
pub async fn claim_files(
    txn: &impl store::ConnectionTrait,
    event: EventId,
    values: &mut [(String, String)],
) -> Result<(), store::DbErr> {
    for (_, value) in values.iter_mut() {
        let Some(token) = upload_token(value) else {
            continue;
        };
        *value = match crate::uploads::claim(txn, Some(event), token).await? {
            Some(file) => format!(
                "file:{}|{}|{}",
                file.storage_key, file.content_type, file.original_name
            ),
            None => String::new(),
        };
    }
    Ok(())
}

/// A company's file answer that the viewer may download: (storage key, content type, name,
/// whether the viewer is the event's team or one of the company's people). Others get it
/// only when the field is public and the company validated.
pub async fn readable_file(
    db: &impl store::ConnectionTrait,
    viewer: Option<&crate::access::Viewer>,
    event: EventId,
    company_id: i64,
    key: &str,
) -> Result<Option<(String, String, String, bool)>, store::DbErr> {
    let design = load(db, event).await?;
    let Some(field) = design
        .field(Scope::Company, key)
        .filter(|f| f.kind == Kind::File && !f.standard)
    else {
        return Ok(None);
    };
    let Some(company) = store::registration::company(db, event, company_id).await? else {
        return Ok(None);
    };
    let insider = viewer.is_some_and(|v| {
        v.is_team_member(event)
            || v.participations
                .iter()
                .any(|p| p.event_id == event.0 && p.company_id == Some(company.id))
    });
    let public = field.public && company.status == "validated";
    if !(insider || public) {
        return Ok(None);
    }
    let values =
        store::forms::values_of(db, event, store::forms::Owner::Company(company_id)).await?;
    Ok(values
        .iter()
        .find(|v| v.field_key == key)
        .and_then(|v| stored_file(&v.value))
        .map(|(storage, mime, name)| {
            (
                storage.to_string(),
                mime.to_string(),
                name.to_string(),
                insider,
            )
        }))
}

/// Puts the files of one owner's file answers in the trash (inside the caller's transaction,
/// before the answers go); the trash is emptied after the commit.
pub async fn trash_file_answers(
    txn: &impl store::ConnectionTrait,
    event: EventId,
    owner: store::forms::Owner,
    now: chrono::DateTime<Utc>,
) -> Result<(), store::DbErr> {
    let keys: Vec<String> = store::forms::values_of(txn, event, owner)
        .await?
        .iter()
        .filter_map(|v| stored_file(&v.value).map(|(key, _, _)| key.to_string()))
        .collect();
    store::files::trash(txn, &keys, now).await
}

/// A number as typed in French or English ("1 500,5", "1500.5"), normalised.
fn parse_number(raw: &str) -> Option<String> {
    let cleaned: String = raw
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{202f}')
        .map(|c| if c == ',' { '.' } else { c })
        .collect();
    let number: f64 = cleaned.parse().ok()?;
    if !number.is_finite() || number.abs() > 1e15 {
        return None;
    }
    Some(if number.fract() == 0.0 {
        format!("{number:.0}")
    } else {
        number.to_string()
    })
}

fn parse_options(text: &str) -> Vec<Choice> {
    text.lines()
        .filter_map(|line| {
            let mut parts = line.split('|').map(str::trim);
            let first = parts.next()?.to_string();
            let second = parts.next().map(str::to_string);
            let third = parts.next().map(str::to_string);
            let (code, label_fr, label_en) = match (second, third) {
                (Some(fr), Some(en)) => (first, fr, en),
                (Some(fr), None) => (first, fr, String::new()),
                (None, _) => (slug(&first), first, String::new()),
            };
            (!code.is_empty()).then_some(Choice {
                code,
                label_fr,
                label_en,
            })
        })
        .collect()
}

fn options_text(options: &[Choice]) -> String {
    options
        .iter()
        .map(|o| format!("{}|{}|{}", o.code, o.label_fr, o.label_en))
        .collect::<Vec<_>>()
        .join("\n")
}

/// A code made of a label: lower case, accents removed, `_` between words.
fn slug(label: &str) -> String {
    let folded = domain::countries::fold_for_search(label);
    let mut out = String::new();
    for c in folded.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('_') && !out.is_empty() {
            out.push('_');
        }
    }
    out.trim_end_matches('_').chars().take(48).collect()
}

fn split_list(text: &str) -> Vec<String> {
    text.split(',')
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

fn standard_field(index: usize, s: &Standard) -> Field {
    Field {
        row_id: 0,
        scope: s.scope,
        key: s.key.to_string(),
        kind: s.kind,
        section: Section::General,
        standard: true,
        locked: s.locked,
        label_id: s.label_id.to_string(),
        label_fr: String::new(),
        label_en: String::new(),
        help_fr: String::new(),
        help_en: String::new(),
        options: Vec::new(),
        vocabulary: s.vocabulary,
        sectors: Vec::new(),
        required: s.required,
        hidden: false,
        public: s.public,
        position: i32::try_from(index * 10).unwrap_or(0),
    }
}

fn apply_row(field: &mut Field, row: &FormFieldRow) {
    field.row_id = row.id;
    field.label_fr = row.label_fr.clone();
    field.label_en = row.label_en.clone();
    field.help_fr = row.help_fr.clone();
    field.help_en = row.help_en.clone();
    field.sectors = split_list(&row.sectors);
    field.public = row.public;
    field.position = row.position;
    field.section = if row.section == "expert" {
        Section::Expert
    } else {
        Section::General
    };
    if field.locked {
        field.required = true;
        field.hidden = false;
    } else {
        field.required = row.required;
        field.hidden = row.hidden;
    }
    if !field.standard {
        field.kind = Kind::parse(&row.kind).unwrap_or(Kind::Text);
        field.options = parse_options(&row.options);
        field.vocabulary = Vocabulary::parse(&row.vocabulary);
    }
}

/// The form from the standard one and the event's rows.
pub fn design_from(rows: &[FormFieldRow]) -> FormDesign {
    let mut fields: Vec<Field> = STANDARD
        .iter()
        .enumerate()
        .map(|(i, s)| standard_field(i, s))
        .collect();
    for row in rows {
        let Some(scope) = Scope::parse(&row.scope) else {
            continue;
        };
        if let Some(field) = fields
            .iter_mut()
            .find(|f| f.standard && f.scope == scope && f.key == row.field_key)
        {
            apply_row(field, row);
        } else if row.field_key.starts_with("c_") {
            let mut field = Field {
                standard: false,
                locked: false,
                label_id: String::new(),
                ..standard_field(0, &standard(scope, "", Kind::Text, false, false, ""))
            };
            field.key = row.field_key.clone();
            apply_row(&mut field, row);
            fields.push(field);
        }
    }
    fields.sort_by_key(|f| {
        (
            Scope::ALL.iter().position(|s| *s == f.scope),
            f.position,
            f.row_id,
        )
    });
    FormDesign { fields }
}

/// The event's form.
pub async fn load(
    db: &impl store::ConnectionTrait,
    event: EventId,
) -> Result<FormDesign, store::DbErr> {
    Ok(design_from(&store::forms::fields(db, event).await?))
}

/// Failure of a change to the form.
#[derive(Debug, thiserror::Error)]
pub enum FormDesignError {
    /// Input errors to show on the form.
    #[error("invalid input")]
    Invalid(FieldErrors),
    /// Unknown field.
    #[error("not found")]
    NotFound,
    /// Storage failure.
    #[error(transparent)]
    Internal(#[from] InternalError),
}

crate::database_errors_are_internal!(FormDesignError);

/// A field's settings as typed in the back office.
#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize)]
#[serde(default)]
pub struct FieldForm {
    /// Kind code (custom fields).
    pub kind: String,
    /// `general` or `expert`.
    pub section: String,
    /// French label.
    pub label_fr: String,
    /// English label.
    pub label_en: String,
    /// French help.
    pub help_fr: String,
    /// English help.
    pub help_en: String,
    /// Options, one per line: `code|label fr|label en` or just a label.
    pub options: String,
    /// List code for term fields.
    pub vocabulary: String,
    /// Sector codes, repeated.
    pub sectors: Vec<String>,
    /// Required.
    pub required: bool,
    /// Hidden.
    pub hidden: bool,
    /// Public in the catalogue.
    pub public: bool,
}

impl FieldForm {
    /// The form filled with a field's settings.
    pub fn of(field: &Field) -> FieldForm {
        FieldForm {
            kind: field.kind.code().to_string(),
            section: if field.section == Section::Expert {
                "expert".into()
            } else {
                "general".into()
            },
            label_fr: field.label_fr.clone(),
            label_en: field.label_en.clone(),
            help_fr: field.help_fr.clone(),
            help_en: field.help_en.clone(),
            options: options_text(&field.options),
            vocabulary: field
                .vocabulary
                .map(|v| v.code().to_string())
                .unwrap_or_default(),
            sectors: field.sectors.clone(),
            required: field.required,
            hidden: field.hidden,
            public: field.public,
        }
    }

    /// Reads the posted pairs (checkboxes and repeated sectors).
    pub fn from_pairs(pairs: &[(String, String)]) -> FieldForm {
        let get = |name: &str| crate::forms::posted(pairs, name);
        FieldForm {
            kind: get("kind"),
            section: get("section"),
            label_fr: get("label_fr"),
            label_en: get("label_en"),
            help_fr: get("help_fr"),
            help_en: get("help_en"),
            options: get("options"),
            vocabulary: get("vocabulary"),
            sectors: pairs
                .iter()
                .filter(|(k, _)| k == "sectors")
                .map(|(_, v)| v.clone())
                .collect(),
            required: get("required") == "on",
            hidden: get("hidden") == "on",
            public: get("public") == "on",
        }
    }
}

/// The most custom fields one event may add.
pub const MAX_CUSTOM_FIELDS: usize = 60;

fn row_of(event: EventId, field: &Field) -> FormFieldRow {
    FormFieldRow {
        id: field.row_id,
        event_id: event.0,
        scope: field.scope.code().to_string(),
        field_key: field.key.clone(),
        kind: field.kind.code().to_string(),
        section: if field.section == Section::Expert {
            "expert".into()
        } else {
            "general".into()
        },
        label_fr: field.label_fr.clone(),
        label_en: field.label_en.clone(),
        help_fr: field.help_fr.clone(),
        help_en: field.help_en.clone(),
        options: options_text(&field.options),
        vocabulary: field
            .vocabulary
            .map(|v| v.code().to_string())
            .unwrap_or_default(),
        sectors: field.sectors.join(","),
        required: field.required,
        hidden: field.hidden,
        public: field.public,
        position: field.position,
        updated_at: Utc::now(),
    }
}

/// Applies the typed settings to a field, checking them.
fn apply_form(field: &mut Field, form: &FieldForm, taxonomy: &Taxonomy, errors: &mut FieldErrors) {
    use crate::forms::{optional, required};
    if !field.standard {
        match Kind::parse(&form.kind).filter(|k| Kind::CUSTOM.contains(k)) {
            Some(kind) => field.kind = kind,
            None => errors.add("kind", "error-choice"),
        }
        field.label_fr = required(errors, "label_fr", &form.label_fr, 200);
    } else {
        field.label_fr = optional(errors, "label_fr", &form.label_fr, 200);
    }
    field.label_en = optional(errors, "label_en", &form.label_en, 200);
    field.help_fr = optional(errors, "help_fr", &form.help_fr, 1000);
    field.help_en = optional(errors, "help_en", &form.help_en, 1000);
    if field.kind == Kind::File && field.scope != Scope::Company {
        errors.add("kind", "form-field-error-file-scope");
    }
    if !field.standard {
        field.options = if matches!(field.kind, Kind::Choice | Kind::MultiChoice) {
            let options = parse_options(&form.options);
            let mut codes: Vec<&str> = options.iter().map(|o| o.code.as_str()).collect();
            codes.sort_unstable();
            codes.dedup();
            if options.is_empty() || options.len() > 100 || codes.len() != options.len() {
                errors.add("options", "form-field-error-options");
            }
            options
        } else {
            Vec::new()
        };
        field.vocabulary = if matches!(field.kind, Kind::Term | Kind::Terms) {
            let vocabulary = Vocabulary::parse(&form.vocabulary);
            if vocabulary.is_none() {
                errors.add("vocabulary", "error-choice");
            }
            vocabulary
        } else {
            None
        };
        field.section = if form.section == "expert" {
            Section::Expert
        } else {
            Section::General
        };
    }
    let sectors: Vec<String> = form
        .sectors
        .iter()
        .filter(|s| !s.is_empty())
        .cloned()
        .collect();
    if sectors
        .iter()
        .any(|s| taxonomy.find(Vocabulary::Sector, s).is_none())
    {
        errors.add("sectors", "error-choice");
    }
    field.sectors = if field.scope == Scope::Company && field.key != "sector" && !field.locked {
        sectors
    } else {
        Vec::new()
    };
    if field.locked {
        field.required = true;
        field.hidden = false;
    } else {
        field.required = form.required && field.kind != Kind::Block;
        field.hidden = form.hidden;
    }
    field.public = form.public && !matches!(field.key.as_str(), "phone" | "address");
}

async fn save_fields(
    db: &DatabaseConnection,
    actor: &Actor,
    event: EventId,
    before: Option<&Field>,
    fields: &[Field],
) -> Result<(), FormDesignError> {
    let now = Utc::now();
    let txn = store::begin_write(db).await?;
    let mut last = None;
    for field in fields {
        last = Some(store::forms::save_field(&txn, row_of(event, field)).await?);
    }
    if let Some(row) = last {
        record_saved(
            &txn,
            actor,
            event,
            ("form_field", row.id),
            before,
            &fields,
            now,
        )
        .await?;
    }
    txn.commit().await?;
    Ok(())
}

/// Saves the settings of an existing field (standard or custom).
pub async fn update_field(
    db: &DatabaseConnection,
    actor: &Actor,
    event: EventId,
    scope: Scope,
    key: &str,
    form: &FieldForm,
) -> Result<(), FormDesignError> {
    let design = load(db, event).await?;
    let taxonomy = crate::taxonomy::load(db, event).await?;
    let before = design
        .field(scope, key)
        .cloned()
        .ok_or(FormDesignError::NotFound)?;
    let mut field = before.clone();
    let mut errors = FieldErrors::new();
    apply_form(&mut field, form, &taxonomy, &mut errors);
    if !errors.is_empty() {
        return Err(FormDesignError::Invalid(errors));
    }
    save_fields(db, actor, event, Some(&before), &[field]).await
}

/// Adds a custom field at the end of its scope; returns its key.
pub async fn add_field(
    db: &DatabaseConnection,
    actor: &Actor,
    event: EventId,
    scope: Scope,
    form: &FieldForm,
) -> Result<String, FormDesignError> {
    let design = load(db, event).await?;
    let taxonomy = crate::taxonomy::load(db, event).await?;
    let mut errors = FieldErrors::new();
    if design.fields.iter().filter(|f| !f.standard).count() >= MAX_CUSTOM_FIELDS {
        errors.add("label_fr", "form-field-error-too-many");
        return Err(FormDesignError::Invalid(errors));
    }
    let mut field = Field {
        standard: false,
        label_id: String::new(),
        ..standard_field(0, &standard(scope, "", Kind::Text, false, false, ""))
    };
    apply_form(&mut field, form, &taxonomy, &mut errors);
    if !errors.is_empty() {
        return Err(FormDesignError::Invalid(errors));
    }
    let base = format!("c_{}", slug(&field.label_fr));
    let base = if base == "c_" {
        "c_field".to_string()
    } else {
        base
    };
    let mut key = base.clone();
    let mut n = 2;
    while design.fields.iter().any(|f| f.key == key) {
        key = format!("{base}_{n}");
        n += 1;
    }
    field.key = key.clone();
    field.position = design
        .fields
        .iter()
        .filter(|f| f.scope == scope)
        .map(|f| f.position)
        .max()
        .unwrap_or(0)
        + 10;
    save_fields(db, actor, event, None, &[field]).await?;
    Ok(key)
}

/// Removes a custom field and every value typed into it, or gives a standard field back its
/// standard settings.
pub async fn remove_field(
    db: &DatabaseConnection,
    actor: &Actor,
    event: EventId,
    scope: Scope,
    key: &str,
) -> Result<(), FormDesignError> {
    let design = load(db, event).await?;
    let field = design
        .field(scope, key)
        .cloned()
        .ok_or(FormDesignError::NotFound)?;
    if field.row_id == 0 {
        return Ok(());
    }
    let rows = store::forms::fields(db, event).await?;
    let row = rows
        .iter()
        .find(|r| r.id == field.row_id)
        .ok_or(FormDesignError::NotFound)?;
    let now = Utc::now();
    let txn = store::begin_write(db).await?;
    if field.standard {
        store::forms::delete_field_settings(&txn, event, row).await?;
    } else {
        // A file field's files go with its answers.
        let keys: Vec<String> = store::forms::values(&txn, event)
            .await?
            .iter()
            .filter(|v| v.field_key == field.key)
            .filter_map(|v| stored_file(&v.value).map(|(key, _, _)| key.to_string()))
            .collect();
        store::files::trash(&txn, &keys, now).await?;
        store::forms::delete_field(&txn, event, row).await?;
    }
    record_deleted(&txn, actor, event, ("form_field", row.id), &field, now).await?;
    txn.commit().await?;
    Ok(())
}

/// Moves a field one place up or down within its scope.
pub async fn move_field(
    db: &DatabaseConnection,
    actor: &Actor,
    event: EventId,
    scope: Scope,
    key: &str,
    up: bool,
) -> Result<(), FormDesignError> {
    let design = load(db, event).await?;
    let mut fields: Vec<Field> = design
        .fields
        .iter()
        .filter(|f| f.scope == scope)
        .cloned()
        .collect();
    let index = fields
        .iter()
        .position(|f| f.key == key)
        .ok_or(FormDesignError::NotFound)?;
    let other = if up {
        index.checked_sub(1)
    } else {
        (index + 1 < fields.len()).then_some(index + 1)
    };
    let Some(other) = other else {
        return Ok(());
    };
    fields.swap(index, other);
    for (i, field) in fields.iter_mut().enumerate() {
        field.position = i32::try_from(i * 10).unwrap_or(0);
    }
    save_fields(db, actor, event, design.field(scope, key), &fields).await
}

/// Adds the criteria for meetings with experts (EXP-2) as custom company fields in their own
/// section; those already there are kept as they are.
pub async fn add_expert_criteria(
    db: &DatabaseConnection,
    actor: &Actor,
    event: EventId,
) -> Result<(), FormDesignError> {
    let design = load(db, event).await?;
    let mut position = design
        .fields
        .iter()
        .filter(|f| f.scope == Scope::Company)
        .map(|f| f.position)
        .max()
        .unwrap_or(0);
    let mut added = Vec::new();
    for (key, kind, vocabulary) in EXPERT_CRITERIA {
        if design.field(Scope::Company, key).is_some() {
            continue;
        }
        position += 10;
        let label = format!("field-{}", key.replace('_', "-"));
        added.push(Field {
            key: key.to_string(),
            standard: false,
            section: Section::Expert,
            vocabulary,
            label_fr: t(Locale::Fr, &label),
            label_en: t(Locale::En, &label),
            position,
            public: false,
            ..standard_field(0, &standard(Scope::Company, "", kind, false, false, ""))
        });
    }
    if added.is_empty() {
        return Ok(());
    }
    save_fields(db, actor, event, None, &added).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(scope: &str, key: &str, kind: &str) -> FormFieldRow {
        FormFieldRow {
            id: 1,
            event_id: 1,
            scope: scope.into(),
            field_key: key.into(),
            kind: kind.into(),
            section: "general".into(),
            label_fr: "Budget".into(),
            label_en: String::new(),
            help_fr: String::new(),
            help_en: String::new(),
            options: String::new(),
            vocabulary: String::new(),
            sectors: String::new(),
            required: true,
            hidden: false,
            public: false,
            position: 15,
            updated_at: Utc::now(),
        }
    }

    fn raw(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_string(), (*v).to_string()))
            .collect()
    }

    // REQ: REG-3
    #[test]
    fn settings_rows_change_standard_fields_and_add_custom_ones_in_order() {
        let mut hide_city = row("company", "city", "text");
        hide_city.hidden = true;
        hide_city.required = false;
        let mut lock = row("company", "company_name", "text");
        lock.hidden = true;
        let budget = row("company", "c_budget", "number");
        let design = design_from(&[hide_city, lock, budget]);
        assert!(!design.shows(Scope::Company, "city"));
        assert!(
            design.shows(Scope::Company, "company_name"),
            "locked fields stay"
        );
        let keys: Vec<&str> = design
            .visible(Scope::Company)
            .map(|f| f.key.as_str())
            .collect();
        let budget_at = keys.iter().position(|k| *k == "c_budget").unwrap_or(99);
        let sector_at = keys.iter().position(|k| *k == "sector").unwrap_or(0);
        assert!(
            budget_at < sector_at,
            "position 15 sorts before 50: {keys:?}"
        );
    }

    // REQ: REG-3
    #[test]
    fn values_are_checked_by_kind() {
        let mut number = row("company", "c_budget", "number");
        number.required = true;
        let mut choice = row("company", "c_size", "multi_choice");
        choice.options = "small|Petite|Small\nbig|Grande|Big".into();
        choice.required = false;
        let mut date = row("company", "c_founded", "date");
        date.required = false;
        let design = design_from(&[number, choice, date]);
        let taxonomy = Taxonomy::default();
        let mut errors = FieldErrors::new();
        let values = design.read_values(
            Scope::Company,
            "",
            &raw(&[
                ("c_budget", "1 500,50"),
                ("c_size", "small"),
                ("c_size", "big"),
                ("c_founded", "2019-02-30"),
            ]),
            "",
            &taxonomy,
            &mut errors,
        );
        assert_eq!(errors.get("c_founded"), Some("error-date"));
        assert!(values.contains(&("c_budget".into(), "1500.5".into())));
        assert!(values.contains(&("c_size".into(), "small,big".into())));
        let mut errors = FieldErrors::new();
        design.read_values(
            Scope::Company,
            "",
            &raw(&[("c_size", "<script>")]),
            "",
            &taxonomy,
            &mut errors,
        );
        assert_eq!(errors.get("c_budget"), Some("error-required"));
        assert_eq!(errors.get("c_size"), Some("error-choice"));
    }

    // REQ: REG-3
    #[test]
    fn sector_specific_fields_are_only_asked_of_that_sector() {
        let mut field = row("company", "c_hectares", "number");
        field.sectors = "agrifood".into();
        let design = design_from(&[field]);
        let taxonomy = Taxonomy::default();
        let mut errors = FieldErrors::new();
        design.read_values(Scope::Company, "", &[], "digital", &taxonomy, &mut errors);
        assert!(errors.is_empty());
        design.read_values(Scope::Company, "", &[], "agrifood", &taxonomy, &mut errors);
        assert_eq!(errors.get("c_hectares"), Some("error-required"));
    }

    #[test]
    fn option_lines_and_numbers_parse() {
        let options = parse_options("Très petite entreprise\nbig|Grande|Big\n\n");
        assert_eq!(options[0].code, "tres_petite_entreprise");
        assert_eq!(options[1].label_en, "Big");
        assert_eq!(parse_number("12"), Some("12".into()));
        assert_eq!(parse_number("abc"), None);
        assert_eq!(parse_number("1e300"), None);
    }
}

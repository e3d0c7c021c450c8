//! The lists an event's forms, profiles, catalogue filters and suggestions use (BO-9): sector
//! categories (hierarchical), keywords, key figures (headings with their values), cooperation
//! types, participant categories and the B2B sessions a person attends.
//!
//! An event that never edited a list uses the built-in one; the first change (or a CSV
//! import) copies the list into the event, which then owns it.

use crate::InternalError;
use crate::audit::{Actor, record_deleted, record_saved};
use crate::forms::FieldErrors;
use crate::i18n::t;
use chrono::Utc;
use domain::{EventId, Locale};
use store::DatabaseConnection;
use store::forms::TermRow;

/// One of the event's lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
pub enum Vocabulary {
    /// Sector categories, with sub-categories.
    Sector,
    /// Keywords proposed for offers and requests.
    Keyword,
    /// Key figures: headings (headcount, turnover…) with the values a company picks.
    KeyFigure,
    /// Cooperation types of offers and requests.
    Cooperation,
    /// Participant categories (company, consultant, student, expert…).
    ParticipantCategory,
    /// The B2B sessions a person attends (morning, afternoon, day).
    B2bSession,
}

impl Vocabulary {
    /// Every list, in the order the back office shows them.
    pub const ALL: [Vocabulary; 6] = [
        Vocabulary::Sector,
        Vocabulary::Keyword,
        Vocabulary::KeyFigure,
        Vocabulary::Cooperation,
        Vocabulary::ParticipantCategory,
        Vocabulary::B2bSession,
    ];

    /// The code stored in the database and used in addresses.
    pub fn code(self) -> &'static str {
        match self {
            Vocabulary::Sector => "sector",
            Vocabulary::Keyword => "keyword",
            Vocabulary::KeyFigure => "key_figure",
            Vocabulary::Cooperation => "cooperation",
            Vocabulary::ParticipantCategory => "participant_category",
            Vocabulary::B2bSession => "b2b_session",
        }
    }

    /// The list with this code.
    pub fn parse(code: &str) -> Option<Vocabulary> {
        Vocabulary::ALL.into_iter().find(|v| v.code() == code)
    }

    /// Whether terms may have a parent (sub-categories, key-figure values under a heading).
    pub fn is_hierarchical(self) -> bool {
        matches!(self, Vocabulary::Sector | Vocabulary::KeyFigure)
    }
}

/// Built-in terms: (code, parent code).
fn builtin(vocabulary: Vocabulary) -> &'static [(&'static str, &'static str)] {
    match vocabulary {
        Vocabulary::Sector => &[
            ("agrifood", ""),
            ("renewable_energy", ""),
            ("water", ""),
            ("textile", ""),
            ("aeronautics", ""),
            ("digital", ""),
            ("logistics", ""),
            ("tourism", ""),
            ("building", ""),
            ("health", ""),
            ("other", ""),
        ],
        Vocabulary::Keyword => &[],
        Vocabulary::KeyFigure => &[
            ("headcount", ""),
            ("headcount_1_9", "headcount"),
            ("headcount_10_49", "headcount"),
            ("headcount_50_249", "headcount"),
            ("headcount_250", "headcount"),
            ("turnover", ""),
            ("turnover_2m", "turnover"),
            ("turnover_10m", "turnover"),
            ("turnover_50m", "turnover"),
            ("turnover_more", "turnover"),
        ],
        Vocabulary::Cooperation => &[
            ("commercial", ""),
            ("distribution", ""),
            ("technical", ""),
            ("subcontracting", ""),
            ("joint_venture", ""),
            ("financial", ""),
            ("research", ""),
        ],
        Vocabulary::ParticipantCategory => &[
            ("company", ""),
            ("consultant", ""),
            ("institution", ""),
            ("student", ""),
            ("internal", ""),
            ("expert", ""),
        ],
        Vocabulary::B2bSession => &[("day", ""), ("morning", ""), ("afternoon", "")],
    }
}

/// The participant category whose people are listed as experts (PUB-5, EXP-1).
pub const EXPERT_CATEGORY: &str = "expert";

/// A term as the forms and the catalogue use it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Term {
    /// Stable code stored in profiles.
    pub code: String,
    /// Code of the parent term, empty at the top.
    pub parent: String,
    /// French label.
    pub label_fr: String,
    /// English label.
    pub label_en: String,
}

impl Term {
    /// The label in a language.
    pub fn label(&self, locale: Locale) -> &str {
        match locale {
            Locale::En if !self.label_en.is_empty() => &self.label_en,
            _ => &self.label_fr,
        }
    }
}

fn builtin_terms(vocabulary: Vocabulary) -> Vec<Term> {
    builtin(vocabulary)
        .iter()
        .map(|(code, parent)| {
            let id = format!("term-{}-{code}", vocabulary.code());
            Term {
                code: (*code).to_string(),
                parent: (*parent).to_string(),
                label_fr: t(Locale::Fr, &id),
                label_en: t(Locale::En, &id),
            }
        })
        .collect()
}

/// The lists of one event.
#[derive(Debug, Clone, Default)]
pub struct Taxonomy {
    lists: Vec<(Vocabulary, Vec<Term>, bool)>,
}

impl Taxonomy {
    /// The terms of a list, parents before their children.
    pub fn terms(&self, vocabulary: Vocabulary) -> &[Term] {
        self.lists
            .iter()
            .find(|(v, _, _)| *v == vocabulary)
            .map(|(_, terms, _)| terms.as_slice())
            .unwrap_or(&[])
    }

    /// Whether the event owns this list (else it is the built-in one).
    pub fn is_customised(&self, vocabulary: Vocabulary) -> bool {
        self.lists
            .iter()
            .any(|(v, _, own)| *v == vocabulary && *own)
    }

    /// The term with this code.
    pub fn find(&self, vocabulary: Vocabulary, code: &str) -> Option<&Term> {
        self.terms(vocabulary).iter().find(|t| t.code == code)
    }

    /// The label of a code, or the code itself when the term was removed since.
    pub fn label(&self, vocabulary: Vocabulary, code: &str, locale: Locale) -> String {
        self.find(vocabulary, code)
            .map(|t| t.label(locale).to_string())
            .unwrap_or_else(|| code.to_string())
    }

    /// A term and all the terms below it (a sector filter matches sub-sectors).
    pub fn with_descendants(&self, vocabulary: Vocabulary, code: &str) -> Vec<String> {
        let mut found = vec![code.to_string()];
        let mut index = 0;
        while index < found.len() {
            let parent = found[index].clone();
            for term in self.terms(vocabulary) {
                if term.parent == parent && !found.contains(&term.code) {
                    found.push(term.code.clone());
                }
            }
            index += 1;
        }
        found
    }

    /// Top-level terms and how deep each term sits, in display order (parents, then their
    /// children), for indented lists.
    pub fn tree(&self, vocabulary: Vocabulary) -> Vec<(usize, &Term)> {
        let terms = self.terms(vocabulary);
        let mut out = Vec::new();
        fn walk<'a>(
            terms: &'a [Term],
            parent: &str,
            depth: usize,
            out: &mut Vec<(usize, &'a Term)>,
        ) {
            if depth > 8 {
                return;
            }
            for term in terms.iter().filter(|t| t.parent == parent) {
                out.push((depth, term));
                walk(terms, &term.code, depth + 1, out);
            }
        }
        walk(terms, "", 0, &mut out);
        out
    }

    /// The selectable values of a hierarchical list grouped under their headings (key
    /// figures): (heading, values).
    pub fn headings(&self, vocabulary: Vocabulary) -> Vec<(&Term, Vec<&Term>)> {
        let terms = self.terms(vocabulary);
        terms
            .iter()
            .filter(|t| t.parent.is_empty())
            .map(|heading| {
                let values = terms.iter().filter(|t| t.parent == heading.code).collect();
                (heading, values)
            })
            .collect()
    }
}

fn from_rows(rows: Vec<TermRow>) -> Taxonomy {
    let lists = Vocabulary::ALL
        .into_iter()
        .map(|vocabulary| {
            let own: Vec<Term> = rows
                .iter()
                .filter(|r| r.vocabulary == vocabulary.code())
                .map(|r| Term {
                    code: r.code.clone(),
                    parent: r.parent_code.clone(),
                    label_fr: r.label_fr.clone(),
                    label_en: r.label_en.clone(),
                })
                .collect();
            if own.is_empty() {
                (vocabulary, builtin_terms(vocabulary), false)
            } else {
                (vocabulary, own, true)
            }
        })
        .collect();
    Taxonomy { lists }
}

impl Taxonomy {
    /// The built-in lists, as an event that changed none sees them.
    pub fn builtin() -> Taxonomy {
        from_rows(Vec::new())
    }
}

/// The event's lists (its own, or the built-in ones it did not change).
pub async fn load(
    db: &impl store::ConnectionTrait,
    event: EventId,
) -> Result<Taxonomy, store::DbErr> {
    Ok(from_rows(store::forms::terms(db, event).await?))
}

/// Failure of a change to a list.
#[derive(Debug, thiserror::Error)]
pub enum TaxonomyError {
    /// Input errors to show on the form.
    #[error("invalid input")]
    Invalid(FieldErrors),
    /// Unknown list or term.
    #[error("not found")]
    NotFound,
    /// Storage failure.
    #[error(transparent)]
    Internal(#[from] InternalError),
}

crate::database_errors_are_internal!(TaxonomyError);

/// A term as typed in the back office.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct TermForm {
    /// Code (letters, digits, `_` and `-`).
    pub code: String,
    /// Parent code (hierarchical lists).
    pub parent: String,
    /// French label.
    pub label_fr: String,
    /// English label.
    pub label_en: String,
}

fn is_code(code: &str) -> bool {
    !code.is_empty()
        && code.len() <= 64
        && code
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-')
}

/// Checks a term against the others of its list; `errors` fields are prefixed by `prefix`.
fn check_term(
    vocabulary: Vocabulary,
    form: &TermForm,
    others: &[Term],
    errors: &mut FieldErrors,
    prefix: &str,
) -> Term {
    let code = form.code.trim().to_lowercase();
    if !is_code(&code) {
        errors.add(&format!("{prefix}code"), "taxonomy-error-code");
    } else if others.iter().any(|t| t.code == code) {
        errors.add(&format!("{prefix}code"), "taxonomy-error-duplicate");
    }
    let parent = form.parent.trim().to_lowercase();
    if !parent.is_empty() {
        if !vocabulary.is_hierarchical() {
            errors.add(&format!("{prefix}parent"), "taxonomy-error-flat");
        } else if parent == code || !others.iter().any(|t| t.code == parent) {
            errors.add(&format!("{prefix}parent"), "taxonomy-error-parent");
        }
    }
    let label_fr =
        crate::forms::required(errors, &format!("{prefix}label_fr"), &form.label_fr, 200);
    let label_en =
        crate::forms::optional(errors, &format!("{prefix}label_en"), &form.label_en, 200);
    Term {
        code,
        parent,
        label_fr,
        label_en,
    }
}

async fn write_list(
    txn: &impl store::ConnectionTrait,
    event: EventId,
    vocabulary: Vocabulary,
    terms: &[Term],
) -> Result<(), store::DbErr> {
    store::forms::delete_vocabulary(txn, event, vocabulary.code()).await?;
    for (position, term) in terms.iter().enumerate() {
        store::forms::save_term(
            txn,
            TermRow {
                id: 0,
                event_id: event.0,
                vocabulary: vocabulary.code().to_string(),
                code: term.code.clone(),
                parent_code: term.parent.clone(),
                label_fr: term.label_fr.clone(),
                label_en: term.label_en.clone(),
                position: i32::try_from(position).unwrap_or(i32::MAX),
            },
        )
        .await?;
    }
    Ok(())
}

/// The most terms one list may hold.
pub const MAX_TERMS: usize = 2_000;

/// Replaces a whole list, audited: used by adding, editing, removing and importing terms.
async fn replace_list(
    db: &DatabaseConnection,
    actor: &Actor,
    event: EventId,
    vocabulary: Vocabulary,
    terms: Vec<Term>,
) -> Result<(), TaxonomyError> {
    let now = Utc::now();
    let txn = store::begin_write(db).await?;
    let before = load(&txn, event).await?;
    write_list(&txn, event, vocabulary, &terms).await?;
    record_saved(
        &txn,
        actor,
        event,
        ("taxonomy", 0),
        Some(&(vocabulary.code(), before.terms(vocabulary))),
        &(vocabulary.code(), &terms),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Adds a term at the end of a list (after its parent's other children).
pub async fn add_term(
    db: &DatabaseConnection,
    actor: &Actor,
    event: EventId,
    vocabulary: Vocabulary,
    form: &TermForm,
) -> Result<(), TaxonomyError> {
    let taxonomy = load(db, event).await?;
    let mut terms = taxonomy.terms(vocabulary).to_vec();
    if terms.len() >= MAX_TERMS {
        let mut errors = FieldErrors::new();
        errors.add("code", "taxonomy-error-too-many");
        return Err(TaxonomyError::Invalid(errors));
    }
    let mut errors = FieldErrors::new();
    let term = check_term(vocabulary, form, &terms, &mut errors, "");
    if !errors.is_empty() {
        return Err(TaxonomyError::Invalid(errors));
    }
    terms.push(term);
    replace_list(db, actor, event, vocabulary, terms).await
}

/// Changes the labels and parent of a term (its code stays: profiles refer to it).
pub async fn edit_term(
    db: &DatabaseConnection,
    actor: &Actor,
    event: EventId,
    vocabulary: Vocabulary,
    code: &str,
    form: &TermForm,
) -> Result<(), TaxonomyError> {
    let taxonomy = load(db, event).await?;
    let mut terms = taxonomy.terms(vocabulary).to_vec();
    let index = terms
        .iter()
        .position(|t| t.code == code)
        .ok_or(TaxonomyError::NotFound)?;
    let others: Vec<Term> = terms.iter().filter(|t| t.code != code).cloned().collect();
    let mut errors = FieldErrors::new();
    let edited = check_term(
        vocabulary,
        &TermForm {
            code: code.to_string(),
            ..form.clone()
        },
        &others,
        &mut errors,
        "",
    );
    if !edited.parent.is_empty()
        && taxonomy
            .with_descendants(vocabulary, code)
            .contains(&edited.parent)
    {
        errors.add("parent", "taxonomy-error-parent");
    }
    if !errors.is_empty() {
        return Err(TaxonomyError::Invalid(errors));
    }
    terms[index] = edited;
    replace_list(db, actor, event, vocabulary, terms).await
}

/// Removes a term and the terms below it. Profiles keep the code, shown as is.
pub async fn remove_term(
    db: &DatabaseConnection,
    actor: &Actor,
    event: EventId,
    vocabulary: Vocabulary,
    code: &str,
) -> Result<(), TaxonomyError> {
    let taxonomy = load(db, event).await?;
    if taxonomy.find(vocabulary, code).is_none() {
        return Err(TaxonomyError::NotFound);
    }
    let gone = taxonomy.with_descendants(vocabulary, code);
    let terms = taxonomy
        .terms(vocabulary)
        .iter()
        .filter(|t| !gone.contains(&t.code))
        .cloned()
        .collect();
    replace_list(db, actor, event, vocabulary, terms).await
}

/// Moves a term one place up or down among its siblings.
pub async fn move_term(
    db: &DatabaseConnection,
    actor: &Actor,
    event: EventId,
    vocabulary: Vocabulary,
    code: &str,
    up: bool,
) -> Result<(), TaxonomyError> {
    let taxonomy = load(db, event).await?;
    let mut terms = taxonomy.terms(vocabulary).to_vec();
    let index = terms
        .iter()
        .position(|t| t.code == code)
        .ok_or(TaxonomyError::NotFound)?;
    let parent = terms[index].parent.clone();
    let sibling = if up {
        terms[..index].iter().rposition(|t| t.parent == parent)
    } else {
        terms[index + 1..]
            .iter()
            .position(|t| t.parent == parent)
            .map(|i| i + index + 1)
    };
    if let Some(other) = sibling {
        terms.swap(index, other);
        replace_list(db, actor, event, vocabulary, terms).await?;
    }
    Ok(())
}

/// Goes back to the built-in list.
pub async fn reset(
    db: &DatabaseConnection,
    actor: &Actor,
    event: EventId,
    vocabulary: Vocabulary,
) -> Result<(), TaxonomyError> {
    let now = Utc::now();
    let txn = store::begin_write(db).await?;
    let before = load(&txn, event).await?;
    store::forms::delete_vocabulary(&txn, event, vocabulary.code()).await?;
    record_deleted(
        &txn,
        actor,
        event,
        ("taxonomy", 0),
        &(vocabulary.code(), before.terms(vocabulary)),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// One line of an import that could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportProblem {
    /// Line number in the file (1 = the header).
    pub line: usize,
    /// Message id.
    pub message: String,
    /// The offending value.
    pub value: String,
}

/// What an import found.
#[derive(Debug, Clone, Default)]
pub struct ImportReport {
    /// Terms read.
    pub terms: Vec<Term>,
    /// Lines refused; when any, nothing is written.
    pub problems: Vec<ImportProblem>,
    /// Whether the list was written.
    pub written: bool,
}

/// The most bytes an imported list may have.
pub const MAX_IMPORT_BYTES: usize = 1024 * 1024;

/// Reads a CSV list: a header line `code;parent;label_fr;label_en` (`,` also accepted, UTF-8
/// with or without BOM), one term per line; a parent must come before its children.
pub fn parse_csv(vocabulary: Vocabulary, bytes: &[u8]) -> ImportReport {
    let mut report = ImportReport::default();
    let problem = |line, message: &str, value: &str| ImportProblem {
        line,
        message: message.to_string(),
        value: value.chars().take(80).collect(),
    };
    if bytes.len() > MAX_IMPORT_BYTES {
        report
            .problems
            .push(problem(0, "taxonomy-import-too-big", ""));
        return report;
    }
    let Ok(text) = std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)) else {
        report
            .problems
            .push(problem(0, "taxonomy-import-not-text", ""));
        return report;
    };
    let first_line = text.lines().next().unwrap_or_default();
    let delimiter = if first_line.contains(';') { b';' } else { b',' };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .has_headers(true)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(|h| h.trim().to_lowercase()).collect(),
        Err(_) => {
            report
                .problems
                .push(problem(1, "taxonomy-import-header", first_line));
            return report;
        }
    };
    let column = |name: &str| headers.iter().position(|h| h == name);
    let (Some(code_at), Some(label_fr_at)) = (column("code"), column("label_fr")) else {
        report
            .problems
            .push(problem(1, "taxonomy-import-header", first_line));
        return report;
    };
    let (parent_at, label_en_at) = (column("parent"), column("label_en"));
    for (index, record) in reader.records().enumerate() {
        let line = index + 2;
        let record = match record {
            Ok(r) => r,
            Err(_) => {
                report
                    .problems
                    .push(problem(line, "taxonomy-import-line-unreadable", ""));
                continue;
            }
        };
        if record.iter().all(|v| v.trim().is_empty()) {
            continue;
        }
        if report.terms.len() >= MAX_TERMS {
            report
                .problems
                .push(problem(line, "taxonomy-error-too-many", ""));
            break;
        }
        let cell = |at: Option<usize>| at.and_then(|i| record.get(i)).unwrap_or("").to_string();
        let form = TermForm {
            code: cell(Some(code_at)),
            parent: cell(parent_at),
            label_fr: cell(Some(label_fr_at)),
            label_en: cell(label_en_at),
        };
        let mut errors = FieldErrors::new();
        let term = check_term(vocabulary, &form, &report.terms, &mut errors, "");
        for (field, message) in errors.iter() {
            let value = match field {
                "code" => &form.code,
                "parent" => &form.parent,
                "label_fr" => &form.label_fr,
                _ => &form.label_en,
            };
            report.problems.push(problem(line, message, value));
        }
        if errors.is_empty() {
            report.terms.push(term);
        }
    }
    if report.terms.is_empty() && report.problems.is_empty() {
        report
            .problems
            .push(problem(0, "taxonomy-import-empty", ""));
    }
    report
}

/// Imports a CSV list, replacing the event's list; with `dry_run`, or when any line is wrong,
/// nothing is written and the report says why.
pub async fn import_csv(
    db: &DatabaseConnection,
    actor: &Actor,
    event: EventId,
    vocabulary: Vocabulary,
    bytes: &[u8],
    dry_run: bool,
) -> Result<ImportReport, TaxonomyError> {
    let mut report = parse_csv(vocabulary, bytes);
    if !dry_run && report.problems.is_empty() {
        replace_list(db, actor, event, vocabulary, report.terms.clone()).await?;
        report.written = true;
    }
    Ok(report)
}

/// The list as CSV, in the format the import reads (UTF-8 BOM, `;`, formula-safe cells).
pub fn to_csv(terms: &[Term]) -> String {
    use crate::profile::cell;
    let mut out = String::from("\u{feff}code;parent;label_fr;label_en\r\n");
    for term in terms {
        out.push_str(&format!(
            "{};{};{};{}\r\n",
            cell(&term.code),
            cell(&term.parent),
            cell(&term.label_fr),
            cell(&term.label_en)
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    // REQ: BO-9
    #[test]
    fn a_csv_list_is_read_with_its_hierarchy_and_its_errors_by_line() {
        let csv = "\u{feff}code;parent;label_fr;label_en\nagri;;Agroalimentaire;Agrifood\nbio;agri;Bio;Organic\nx;nowhere;Sans parent;\nBad Code;;Libellé;\nbio;;Doublon;\n";
        let report = parse_csv(Vocabulary::Sector, csv.as_bytes());
        assert_eq!(
            report
                .terms
                .iter()
                .map(|t| t.code.as_str())
                .collect::<Vec<_>>(),
            ["agri", "bio"]
        );
        assert_eq!(report.terms[1].parent, "agri");
        let lines: Vec<(usize, &str)> = report
            .problems
            .iter()
            .map(|p| (p.line, p.message.as_str()))
            .collect();
        assert_eq!(
            lines,
            [
                (4, "taxonomy-error-parent"),
                (5, "taxonomy-error-code"),
                (6, "taxonomy-error-duplicate")
            ]
        );
    }

    // REQ: BO-9
    #[test]
    fn flat_lists_refuse_parents_and_files_without_header_are_refused() {
        let report = parse_csv(
            Vocabulary::Cooperation,
            b"code,parent,label_fr\na,,A\nb,a,B\n",
        );
        assert_eq!(report.terms.len(), 1);
        assert_eq!(report.problems[0].message, "taxonomy-error-flat");
        let report = parse_csv(Vocabulary::Cooperation, b"foo;bar\n1;2\n");
        assert_eq!(report.problems[0].message, "taxonomy-import-header");
        let report = parse_csv(Vocabulary::Cooperation, &[0xff, 0xfe, 0x00]);
        assert_eq!(report.problems[0].message, "taxonomy-import-not-text");
    }

    #[test]
    fn descendants_and_tree_follow_parents() {
        let taxonomy = from_rows(vec![]);
        assert!(!taxonomy.is_customised(Vocabulary::Sector));
        let figures = taxonomy.with_descendants(Vocabulary::KeyFigure, "headcount");
        assert_eq!(figures.len(), 5);
        let tree = taxonomy.tree(Vocabulary::KeyFigure);
        assert_eq!(tree[0].0, 0);
        assert_eq!(tree[1].0, 1);
        assert_eq!(taxonomy.headings(Vocabulary::KeyFigure).len(), 2);
    }
}

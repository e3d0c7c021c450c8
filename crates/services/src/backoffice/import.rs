//! Import of participants from a CSV or XLSX file (BO-7): one row per person, rows with the
//! same company name form one company. A dry run checks every line with the public form's
//! rules and writes nothing; the import then registers each valid company on its people's
//! behalf (see `registration::register_on_behalf`): one transaction per company, companies
//! with an error are skipped and listed. Each company's one-time key derives from the file's
//! content, so importing the same file twice creates nothing twice.

use super::BackofficeError;
use crate::Settings;
use crate::audit::{Actor, Change, record};
use crate::forms::FieldErrors;
use crate::registration::{
    OfferForm, OnBehalf, PersonForm, RegistrationError, RegistrationForm, register_on_behalf,
};
use chrono::Utc;
use domain::{EventId, Locale};
use sha2::{Digest, Sha256};
use store::DatabaseConnection;

/// Largest file accepted.
pub const MAX_BYTES: usize = 2 * 1024 * 1024;
/// Most data rows accepted.
pub const MAX_ROWS: usize = 2000;
/// Most people in one company.
pub const MAX_PEOPLE_PER_COMPANY: usize = 50;

/// The columns of the import file, in the template's order; the first seven are required.
pub const COLUMNS: [&str; 18] = [
    "company_name",
    "country",
    "city",
    "sector",
    "first_name",
    "last_name",
    "email",
    "address",
    "website",
    "description_fr",
    "description_en",
    "vat_number",
    "job_title",
    "phone",
    "offer_kind",
    "offer_title",
    "offer_description",
    "offer_keywords",
];

const REQUIRED: usize = 7;

/// One problem on one line of the file (line 1 is the header).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineError {
    /// Line number as a spreadsheet shows it.
    pub line: usize,
    /// The column concerned (empty for the whole line).
    pub column: String,
    /// Message id.
    pub message: String,
}

/// What a dry run or an import found and did.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// Problems, by line.
    pub errors: Vec<LineError>,
    /// Companies without error (written by an import).
    pub companies_ok: usize,
    /// People of those companies.
    pub people_ok: usize,
    /// Companies skipped because of an error.
    pub companies_skipped: usize,
    /// Whether this report comes from a real import.
    pub written: bool,
}

/// A file refused as a whole.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// Refused with a message id (wrong type, too large, no header…).
    #[error("refused: {0}")]
    Refused(&'static str),
    /// A required column is missing (its name).
    #[error("missing column {0}")]
    MissingColumn(&'static str),
    /// Storage failure.
    #[error(transparent)]
    Internal(#[from] crate::InternalError),
}

crate::database_errors_are_internal!(ImportError);

impl From<BackofficeError> for ImportError {
    fn from(e: BackofficeError) -> Self {
        match e {
            BackofficeError::Internal(e) => ImportError::Internal(e),
            _ => ImportError::Refused("backoffice-import-error-type"),
        }
    }
}

/// The template offered for download: the header and one example line, as CSV.
pub fn template_csv() -> String {
    let example = [
        "Conserverie Exemple",
        "FR",
        "Sète",
        "agrifood",
        "Marie",
        "Martin",
        "marie.martin@example.com",
        "1 quai de Bosc",
        "https://example.com",
        "Conserves de poisson",
        "Canned fish",
        "",
        "Directrice export",
        "+33 4 67 00 00 00",
        "offer",
        "Sardines à l'huile",
        "Sardines de Méditerranée",
        "conserves, poisson",
    ];
    let mut out = String::from("\u{feff}");
    for line in [COLUMNS.as_slice(), example.as_slice()] {
        let cells: Vec<String> = line.iter().map(|v| crate::profile::cell(v)).collect();
        out.push_str(&cells.join(";"));
        out.push_str("\r\n");
    }
    out
}

/// Reads the file's rows as text: XLSX when it is a zip holding a workbook, else UTF-8 CSV
/// (with `;` or `,`). Anything else is refused.
pub fn read_rows(bytes: &[u8]) -> Result<Vec<Vec<String>>, ImportError> {
    if bytes.is_empty() {
        return Err(ImportError::Refused("error-file-empty"));
    }
    if bytes.len() > MAX_BYTES {
        return Err(ImportError::Refused("backoffice-import-error-size"));
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return read_xlsx(bytes);
    }
    let text = std::str::from_utf8(bytes)
        .map_err(|_| ImportError::Refused("backoffice-import-error-type"))?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.contains('\0') {
        return Err(ImportError::Refused("backoffice-import-error-type"));
    }
    let first = text.lines().next().unwrap_or_default();
    let delimiter = if first.matches(',').count() > first.matches(';').count() {
        b','
    } else {
        b';'
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|_| ImportError::Refused("backoffice-import-error-type"))?;
        rows.push(record.iter().map(str::to_string).collect());
        if rows.len() > MAX_ROWS + 1 {
            return Err(ImportError::Refused("backoffice-import-error-rows"));
        }
    }
    Ok(rows)
}

/// Largest total of the workbook's unpacked parts, as the archive declares them: a small
/// file that unpacks to gigabytes (a "zip bomb") is refused before it is read.
pub const MAX_UNPACKED_BYTES: u64 = 64 * 1024 * 1024;

fn read_xlsx(bytes: &[u8]) -> Result<Vec<Vec<String>>, ImportError> {
    use calamine::Reader;
    let refused = |_| ImportError::Refused("backoffice-import-error-type");
    let not_zip = |_| ImportError::Refused("backoffice-import-error-type");
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(not_zip)?;
    let mut unpacked = 0u64;
    for i in 0..archive.len() {
        unpacked += archive.by_index_raw(i).map_err(not_zip)?.size();
    }
    if archive.len() > 500 || unpacked > MAX_UNPACKED_BYTES {
        return Err(ImportError::Refused("backoffice-import-error-size"));
    }
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).map_err(refused)?;
    let range = book
        .worksheet_range_at(0)
        .ok_or(ImportError::Refused("backoffice-import-error-type"))?
        .map_err(refused)?;
    if range.height() > MAX_ROWS + 1 {
        return Err(ImportError::Refused("backoffice-import-error-rows"));
    }
    Ok(range
        .rows()
        .map(|row| row.iter().map(|cell| cell.to_string()).collect())
        .collect())
}

/// One company of the file: its lines and the form built from them.
struct Group {
    lines: Vec<usize>,
    offer_lines: Vec<usize>,
    form: RegistrationForm,
}

fn fold(name: &str) -> String {
    domain::countries::fold_for_search(name.trim())
}

/// Groups the data rows by company name and builds each company's form.
fn groups(rows: &[Vec<String>], hash: &str) -> Result<Vec<Group>, ImportError> {
    let header: Vec<String> = rows
        .first()
        .ok_or(ImportError::Refused("backoffice-import-error-header"))?
        .iter()
        .map(|h| h.trim().trim_start_matches('\u{feff}').to_lowercase())
        .collect();
    for required in &COLUMNS[..REQUIRED] {
        if !header.iter().any(|h| h == required) {
            return Err(ImportError::MissingColumn(required));
        }
    }
    if rows.len() > MAX_ROWS + 1 {
        return Err(ImportError::Refused("backoffice-import-error-rows"));
    }
    let index = |name: &str| header.iter().position(|h| h == name);
    let mut out: Vec<(String, Group)> = Vec::new();
    for (i, row) in rows.iter().enumerate().skip(1) {
        let get = |name: &str| {
            index(name)
                .and_then(|c| row.get(c))
                .map(|v| v.trim().to_string())
                .unwrap_or_default()
        };
        if row.iter().all(|v| v.trim().is_empty()) {
            continue;
        }
        let line = i + 1;
        let key = fold(&get("company_name"));
        let position = match out.iter().position(|(k, _)| *k == key && !key.is_empty()) {
            Some(p) => p,
            None => {
                let form = RegistrationForm {
                    company_name: get("company_name"),
                    country: get("country").to_uppercase(),
                    city: get("city"),
                    address: get("address"),
                    website: get("website"),
                    sector: get("sector").to_lowercase(),
                    description_fr: get("description_fr"),
                    description_en: get("description_en"),
                    vat_number: get("vat_number"),
                    idempotency_key: format!("imp:{hash}:{}", out.len()),
                    ..RegistrationForm::default()
                };
                let group = Group {
                    lines: Vec::new(),
                    offer_lines: Vec::new(),
                    form,
                };
                out.push((key, group));
                out.len() - 1
            }
        };
        let group = &mut out[position].1;
        group.lines.push(line);
        group.form.people.push(PersonForm {
            first_name: get("first_name"),
            last_name: get("last_name"),
            email: get("email"),
            job_title: get("job_title"),
            phone: get("phone"),
        });
        let title = get("offer_title");
        if !title.is_empty() || !get("offer_description").is_empty() {
            let kind = get("offer_kind").to_lowercase();
            group.offer_lines.push(line);
            group.form.offers.push(OfferForm {
                kind: if kind.is_empty() {
                    "offer".into()
                } else {
                    kind
                },
                title,
                description: get("offer_description"),
                keywords: get("offer_keywords"),
                uploads: Vec::new(),
            });
        }
    }
    Ok(out.into_iter().map(|(_, g)| g).collect())
}

/// Turns the public form's field errors into line errors.
fn line_errors(group: &Group, errors: &FieldErrors, out: &mut Vec<LineError>) {
    let first = group.lines.first().copied().unwrap_or(1);
    for (field, message) in errors.iter() {
        let (line, column) = if let Some(rest) = field.strip_prefix('p')
            && let Some((n, col)) = rest.split_once('_')
            && let Ok(n) = n.parse::<usize>()
        {
            (
                group.lines.get(n).copied().unwrap_or(first),
                col.to_string(),
            )
        } else if let Some(rest) = field.strip_prefix('o')
            && let Some((n, col)) = rest.split_once('_')
            && let Ok(n) = n.parse::<usize>()
        {
            let line = group.offer_lines.get(n).copied().unwrap_or(first);
            (line, format!("offer_{col}"))
        } else {
            (first, field.to_string())
        };
        out.push(LineError {
            line,
            column,
            message: message.to_string(),
        });
    }
}

/// Checks (`write` false) or imports (`write` true) a file. The organizer's scope decides
/// the co-organizer of the people imported.
pub async fn import(
    db: &DatabaseConnection,
    settings: &Settings,
    actor: &Actor,
    event: EventId,
    (file_name, bytes): (&str, &[u8]),
    write: bool,
) -> Result<Report, ImportError> {
    let rows = read_rows(bytes)?;
    let hash = hex::encode(Sha256::digest(bytes))[..16].to_string();
    let groups = groups(&rows, &hash)?;
    let existing = store::registration::companies_with_status(db, event, None).await?;
    let mut report = Report {
        written: write,
        ..Report::default()
    };
    let mut seen_emails: Vec<String> = Vec::new();
    for group in &groups {
        let mut errors = Vec::new();
        let first = group.lines.first().copied().unwrap_or(1);
        if existing
            .iter()
            .any(|c| fold(&c.name) == fold(&group.form.company_name))
        {
            errors.push(LineError {
                line: first,
                column: "company_name".into(),
                message: "backoffice-import-error-company-exists".into(),
            });
        }
        if group.lines.len() > MAX_PEOPLE_PER_COMPANY {
            errors.push(LineError {
                line: first,
                column: String::new(),
                message: "backoffice-import-error-people".into(),
            });
        }
        for (person, line) in group.form.people.iter().zip(&group.lines) {
            let key = person.email.trim().to_lowercase();
            if !key.is_empty() && seen_emails.contains(&key) {
                errors.push(LineError {
                    line: *line,
                    column: "email".into(),
                    message: "backoffice-import-error-duplicate-email".into(),
                });
            }
        }
        seen_emails.extend(
            group
                .form
                .people
                .iter()
                .map(|p| p.email.trim().to_lowercase()),
        );
        let check = OnBehalf {
            actor: actor.clone(),
            validate: false,
            coorganizer: None,
            dry_run: true,
            arrives_on_site: false,
        };
        match register_on_behalf(db, settings, event, &group.form, Locale::Fr, &check).await {
            Ok(_) => {}
            Err(RegistrationError::Invalid(fields)) => line_errors(group, &fields, &mut errors),
            Err(RegistrationError::Internal(e)) => return Err(e.into()),
            Err(_) => return Err(ImportError::Refused("error-404")),
        }
        if !errors.is_empty() {
            report.companies_skipped += 1;
            report.errors.extend(errors);
            continue;
        }
        if write {
            let behalf = OnBehalf {
                dry_run: false,
                arrives_on_site: false,
                ..check
            };
            match register_on_behalf(db, settings, event, &group.form, Locale::Fr, &behalf).await {
                Ok(_) => {}
                Err(RegistrationError::Invalid(fields)) => {
                    let mut errors = Vec::new();
                    line_errors(group, &fields, &mut errors);
                    report.companies_skipped += 1;
                    report.errors.extend(errors);
                    continue;
                }
                Err(RegistrationError::Internal(e)) => return Err(e.into()),
                Err(_) => return Err(ImportError::Refused("error-404")),
            }
        }
        report.companies_ok += 1;
        report.people_ok += group.lines.len();
    }
    report.errors.sort_by_key(|e| e.line);
    if write {
        let now = Utc::now();
        let txn = store::begin_write(db).await?;
        let summary = serde_json::json!({
            "file": file_name,
            "sha256": hash,
            "companies": report.companies_ok,
            "people": report.people_ok,
            "skipped": report.companies_skipped,
        });
        let change = Change::<(), _> {
            event: Some(event),
            action: "import",
            entity: "registrations",
            entity_id: hash,
            before: None,
            after: Some(&summary),
        };
        record(&txn, actor, change, now).await?;
        txn.commit().await?;
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    // REQ: BO-7
    #[test]
    fn csv_text_is_read_with_either_separator_and_binary_is_refused() {
        let semicolon = read_rows("\u{feff}company_name;city\n\"A; B\";Sète\n".as_bytes()).unwrap();
        assert_eq!(
            semicolon,
            vec![vec!["company_name", "city"], vec!["A; B", "Sète"]]
        );
        let comma = read_rows(b"company_name,city\nA,B\n").unwrap();
        assert_eq!(comma[1], vec!["A", "B"]);
        assert!(matches!(
            read_rows(&[0xff, 0xfe, 0x00, 0x41]),
            Err(ImportError::Refused("backoffice-import-error-type"))
        ));
        assert!(matches!(
            read_rows(b"PK\x03\x04not really a zip"),
            Err(ImportError::Refused("backoffice-import-error-type"))
        ));
        assert!(matches!(
            read_rows(b""),
            Err(ImportError::Refused("error-file-empty"))
        ));
    }

    // REQ: BO-7
    #[test]
    fn rows_with_the_same_company_name_form_one_company_and_errors_map_to_lines() {
        let rows: Vec<Vec<String>> = [
            "company_name;country;city;sector;first_name;last_name;email;offer_title",
            "Méjean;fr;Sète;agrifood;Claire;M;c@m.test;Sardines",
            ";;;;;;;",
            "MEJEAN ;FR;Sète;agrifood;Paul;R;p@m.test;",
            "Atlas;MA;Fès;agrifood;Amine;B;a@a.test;Huile",
        ]
        .iter()
        .map(|l| l.split(';').map(str::to_string).collect())
        .collect();
        let groups = groups(&rows, "h").unwrap();
        assert_eq!(
            groups.len(),
            2,
            "accents and case folded, blank rows skipped"
        );
        assert_eq!(groups[0].lines, vec![2, 4]);
        assert_eq!(groups[0].form.country, "FR");
        assert_eq!(groups[0].form.people.len(), 2);
        assert_eq!(groups[0].form.offers.len(), 1);
        assert_eq!(groups[1].form.idempotency_key, "imp:h:1");
        let mut errors = FieldErrors::new();
        errors.add("p1_email", "error-email");
        errors.add("o0_title", "error-required");
        errors.add("city", "error-required");
        let mut out = Vec::new();
        line_errors(&groups[0], &errors, &mut out);
        assert_eq!((out[0].line, out[0].column.as_str()), (4, "email"));
        assert_eq!((out[1].line, out[1].column.as_str()), (2, "offer_title"));
        assert_eq!((out[2].line, out[2].column.as_str()), (2, "city"));
        let missing: Vec<Vec<String>> = vec![vec!["company_name".into()]];
        assert!(matches!(
            super::groups(&missing, "h"),
            Err(ImportError::MissingColumn("country"))
        ));
    }
}

//! Export of the registrations list, as filtered on screen, to CSV (French Excel: `;`, UTF-8
//! BOM, formula-like cells neutralised) and XLSX (cells written as text, never formulas).
//! One row per person with their company's columns. Contact details (email, phone) are
//! exported only to those who hold the "see personal data" right.

use super::Scope;
use domain::{EventId, UserId};

/// The columns shared with the import file, then the status columns; the contact columns
/// come last and only with the personal-data right.
pub const COLUMNS: [&str; 14] = [
    "company_name",
    "country",
    "city",
    "address",
    "website",
    "sector",
    "vat_number",
    "company_status",
    "first_name",
    "last_name",
    "job_title",
    "editor",
    "person_status",
    "offers",
];

/// The personal-data columns.
pub const PERSONAL_COLUMNS: [&str; 2] = ["email", "phone"];

/// The exported table: a header row and the data rows, all text.
#[derive(Debug, Clone, Default)]
pub struct Table {
    /// Column names.
    pub header: Vec<String>,
    /// One row per person.
    pub rows: Vec<Vec<String>>,
}

/// Which companies of the list: a status (`None`: all) and words to find in the name or
/// city (accents and case ignored).
#[derive(Debug, Clone, Copy, Default)]
pub struct Filter<'a> {
    /// `pending`, `validated`, `refused`, or all.
    pub status: Option<&'a str>,
    /// Text to find; empty finds everything.
    pub text: &'a str,
}

impl Filter<'_> {
    /// Whether a company passes the filter.
    pub fn keeps(&self, company: &store::events::CompanyRow) -> bool {
        let fold = domain::countries::fold_for_search;
        let haystack = fold(&format!("{} {}", company.name, company.city));
        self.status.is_none_or(|s| s == company.status)
            && fold(self.text)
                .split_whitespace()
                .all(|word| haystack.contains(word))
    }
}

/// Builds the table of the scope's companies kept by the filter, by company name.
pub async fn table(
    db: &impl store::ConnectionTrait,
    scope: &Scope,
    event: EventId,
    filter: Filter<'_>,
    personal: bool,
) -> Result<Table, store::DbErr> {
    let mut header: Vec<String> = COLUMNS.iter().map(|c| c.to_string()).collect();
    if personal {
        header.extend(PERSONAL_COLUMNS.iter().map(|c| c.to_string()));
    }
    let offers = store::registration::offers(db, event).await?;
    let mut rows = Vec::new();
    for company in scope.companies(db, event).await? {
        if !filter.keeps(&company) {
            continue;
        }
        let titles = offers
            .iter()
            .filter(|o| o.company_id == company.id)
            .map(|o| o.title.as_str())
            .collect::<Vec<_>>()
            .join(" | ");
        let vat = format!("{}{}", company.vat_country, company.vat_number);
        for person in store::registration::people(db, event, company.id).await? {
            let mut row = vec![
                company.name.clone(),
                company.country.clone(),
                company.city.clone(),
                company.address.clone(),
                company.website.clone(),
                company.sector.clone(),
                vat.clone(),
                company.status.clone(),
                person.first_name.clone(),
                person.last_name.clone(),
                person.job_title_fr.clone(),
                if person.is_company_editor { "1" } else { "0" }.to_string(),
                person.status.clone(),
                titles.clone(),
            ];
            if personal {
                let email = store::users::find(db, UserId(person.user_id))
                    .await?
                    .map(|u| u.email)
                    .unwrap_or_default();
                row.push(email);
                row.push(person.phone.clone());
            }
            rows.push(row);
        }
    }
    Ok(Table { header, rows })
}

/// The table as CSV for French Excel, with the private-area download's cell rules.
pub fn to_csv(table: &Table) -> String {
    let mut out = String::from("\u{feff}");
    for line in std::iter::once(&table.header).chain(table.rows.iter()) {
        let cells: Vec<String> = line.iter().map(|v| crate::profile::cell(v)).collect();
        out.push_str(&cells.join(";"));
        out.push_str("\r\n");
    }
    out
}

/// The table as an XLSX workbook; every cell is a text cell, so nothing typed by a
/// participant can become a formula.
pub fn to_xlsx(table: &Table, sheet_name: &str) -> Result<Vec<u8>, crate::InternalError> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    let fail = |e: rust_xlsxwriter::XlsxError| crate::InternalError::Other(e.to_string());
    sheet.set_name(sheet_name).map_err(fail)?;
    let bold = rust_xlsxwriter::Format::new().set_bold();
    for (col, name) in table.header.iter().enumerate() {
        let col = u16::try_from(col).map_err(|e| crate::InternalError::Other(e.to_string()))?;
        sheet
            .write_string_with_format(0, col, name, &bold)
            .map_err(fail)?;
    }
    for (r, line) in table.rows.iter().enumerate() {
        let row = u32::try_from(r + 1).map_err(|e| crate::InternalError::Other(e.to_string()))?;
        for (col, value) in line.iter().enumerate() {
            let col = u16::try_from(col).map_err(|e| crate::InternalError::Other(e.to_string()))?;
            sheet.write_string(row, col, value).map_err(fail)?;
        }
    }
    sheet.set_freeze_panes(1, 0).map_err(fail)?;
    book.save_to_buffer().map_err(fail)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    // REQ: BO-5
    #[test]
    fn csv_has_a_bom_semicolons_and_neutralised_formulas() {
        let table = Table {
            header: vec!["company_name".into(), "city".into()],
            rows: vec![vec!["Méjean; fils".into(), "=1+2".into()]],
        };
        let csv = to_csv(&table);
        assert_eq!(
            csv,
            "\u{feff}company_name;city\r\n\"Méjean; fils\";'=1+2\r\n"
        );
        let xlsx = to_xlsx(&table, "Inscriptions").unwrap();
        assert!(xlsx.starts_with(b"PK\x03\x04"));
    }
}

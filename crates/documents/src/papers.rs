//! The A4 event-day documents: attendance sheets, personal agendas, convocations, table
//! tents, certificates, table schedules. Each is a template plus a JSON view of its items.

use serde_json::{Value, json};

use crate::job::{self, Job};
use crate::{
    AgendaDay, AttendanceSheet, Branding, Certificate, Convocation, DocumentError, Locale,
    PersonalAgenda, TableSchedule, TableTent, labels, qr,
};

/// Renders `items` with a template; `title` is a label id.
fn render<T>(
    (template, title, chunk): (&'static str, &str, usize),
    b: &Branding,
    items: &[T],
    to_json: impl Fn(&T) -> Value,
    locale: Locale,
    progress: &dyn Fn(usize, usize),
) -> Result<Vec<u8>, DocumentError> {
    let job = Job {
        template,
        extra: Value::Null,
        title: labels::label(locale, title),
        chunk,
    };
    job::run(
        &job,
        b,
        locale,
        items.iter().map(to_json).collect(),
        progress,
    )
}

fn agenda_days(days: &[AgendaDay]) -> Value {
    json!(days
        .iter()
        .map(|d| json!({
            "date": d.date,
            "lines": d.lines.iter().map(|l| json!({
                "time": l.time, "with_name": l.with_name, "with_company": l.with_company, "place": l.place,
            })).collect::<Vec<_>>(),
        }))
        .collect::<Vec<_>>())
}

pub(crate) fn attendance_sheets(
    b: &Branding,
    sheets: &[AttendanceSheet],
    locale: Locale,
    progress: &dyn Fn(usize, usize),
) -> Result<Vec<u8>, DocumentError> {
    const TEMPLATE: &str = include_str!("templates/attendance.typ");
    let to_json = |s: &AttendanceSheet| {
        json!({
            "title": s.title, "when": s.when, "place": s.place,
            "rows": s.rows.iter().map(|r| json!({ "name": r.name, "company": r.company })).collect::<Vec<_>>(),
        })
    };
    render(
        (TEMPLATE, "attendance_sheets", 10),
        b,
        sheets,
        to_json,
        locale,
        progress,
    )
}

pub(crate) fn personal_agendas(
    b: &Branding,
    agendas: &[PersonalAgenda],
    locale: Locale,
    progress: &dyn Fn(usize, usize),
) -> Result<Vec<u8>, DocumentError> {
    const TEMPLATE: &str = include_str!("templates/agenda.typ");
    let to_json = |a: &PersonalAgenda| json!({ "name": a.name, "company": a.company, "issued_at": a.issued_at, "days": agenda_days(&a.days) });
    render(
        (TEMPLATE, "personal_agendas", 50),
        b,
        agendas,
        to_json,
        locale,
        progress,
    )
}

/// Splits a plain-text letter into paragraphs (blank-line separated), each a list of lines.
fn paragraphs(letter: &str) -> Vec<Vec<String>> {
    let normalised = letter.replace("\r\n", "\n");
    normalised
        .split("\n\n")
        .map(|p| {
            p.lines()
                .map(|l| l.trim_end().to_owned())
                .filter(|l| !l.trim().is_empty())
                .collect::<Vec<_>>()
        })
        .filter(|p| !p.is_empty())
        .collect()
}

pub(crate) fn convocations(
    b: &Branding,
    items: &[Convocation],
    locale: Locale,
    progress: &dyn Fn(usize, usize),
) -> Result<Vec<u8>, DocumentError> {
    const TEMPLATE: &str = include_str!("templates/convocation.typ");
    let to_json = |c: &Convocation| {
        json!({
            "name": c.name, "company": c.company, "address_lines": c.address_lines,
            "paragraphs": paragraphs(&c.letter),
            "programme": c.programme.iter().map(|p| json!({ "when": p.when, "title": p.title, "place": p.place })).collect::<Vec<_>>(),
            "agenda": agenda_days(&c.agenda),
            "qr": c.qr_payload.as_deref().filter(|p| !p.is_empty()).map(qr::qr_svg).unwrap_or_default(),
        })
    };
    render(
        (TEMPLATE, "convocations", 50),
        b,
        items,
        to_json,
        locale,
        progress,
    )
}

pub(crate) fn table_tents(
    b: &Branding,
    tents: &[TableTent],
    locale: Locale,
    progress: &dyn Fn(usize, usize),
) -> Result<Vec<u8>, DocumentError> {
    const TEMPLATE: &str = include_str!("templates/tent.typ");
    let to_json = |t: &TableTent| json!({ "name": t.name, "company": t.company, "table": t.table });
    render(
        (TEMPLATE, "table_tents", 100),
        b,
        tents,
        to_json,
        locale,
        progress,
    )
}

pub(crate) fn certificates(
    b: &Branding,
    items: &[Certificate],
    locale: Locale,
    progress: &dyn Fn(usize, usize),
) -> Result<Vec<u8>, DocumentError> {
    const TEMPLATE: &str = include_str!("templates/certificate.typ");
    let to_json = |c: &Certificate| {
        json!({
            "name": c.name, "company": c.company, "event_dates": c.event_dates, "place": c.place,
            "signatory": c.signatory, "issued_on": c.issued_on,
        })
    };
    render(
        (TEMPLATE, "certificates", 100),
        b,
        items,
        to_json,
        locale,
        progress,
    )
}

pub(crate) fn table_schedules(
    b: &Branding,
    items: &[TableSchedule],
    locale: Locale,
    progress: &dyn Fn(usize, usize),
) -> Result<Vec<u8>, DocumentError> {
    const TEMPLATE: &str = include_str!("templates/table_schedule.typ");
    let to_json = |t: &TableSchedule| {
        json!({
            "table": t.table,
            "days": t.days.iter().map(|d| json!({
                "date": d.date,
                "lines": d.lines.iter().map(|l| json!({ "time": l.time, "first": l.first, "second": l.second })).collect::<Vec<_>>(),
            })).collect::<Vec<_>>(),
        })
    };
    render(
        (TEMPLATE, "table_schedules", 50),
        b,
        items,
        to_json,
        locale,
        progress,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_split_into_paragraphs_of_lines() {
        let p = paragraphs("Madame,\r\n\r\nVous êtes invitée.\nBienvenue.\n\n\n\nCordialement,\n");
        assert_eq!(
            p,
            vec![
                vec!["Madame,".to_owned()],
                vec!["Vous êtes invitée.".to_owned(), "Bienvenue.".to_owned()],
                vec!["Cordialement,".to_owned()],
            ]
        );
    }
}

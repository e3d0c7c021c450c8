//! iCalendar (RFC 5545) for a participant's agenda: one VEVENT per placed meeting, times in
//! UTC (`Z` form, so any calendar shows them right in the event's time zone), text escaped
//! and lines folded at 75 octets.

use super::{Agenda, event_name};
use crate::i18n::t_args;
use chrono::{DateTime, Utc};
use domain::Locale;
use domain::meeting::RequestState;

/// Escapes a TEXT value (RFC 5545 §3.3.11).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// Folds a content line at 75 octets without splitting a UTF-8 character (§3.1), and ends it
/// with CRLF.
pub fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let mut width = 0;
    for c in line.chars() {
        let len = c.len_utf8();
        if width + len > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += len;
    }
    out.push_str("\r\n");
    out
}

fn stamp(at: DateTime<Utc>) -> String {
    at.format("%Y%m%dT%H%M%SZ").to_string()
}

/// The agenda's placed meetings as an iCalendar document, texts in `locale`.
pub fn calendar(agenda: &Agenda, locale: Locale, now: DateTime<Utc>) -> String {
    let event = event_name(&agenda.event, locale);
    let mut out = String::new();
    let mut line = |l: String| out.push_str(&fold(&l));
    line("BEGIN:VCALENDAR".into());
    line("VERSION:2.0".into());
    line("PRODID:-//Agora//Agenda//FR".into());
    line("CALSCALE:GREGORIAN".into());
    line("METHOD:PUBLISH".into());
    line(format!("X-WR-CALNAME:{}", escape(&event)));
    for item in &agenda.items {
        let Some(slot) = &item.slot else { continue };
        if !matches!(
            item.state,
            RequestState::Scheduled | RequestState::Held | RequestState::NoShow
        ) {
            continue;
        }
        let args = [("partner", item.partner.label()), ("event", event.clone())];
        line("BEGIN:VEVENT".into());
        line(format!(
            "UID:agora-meeting-{}-{}@agora",
            agenda.event.id, item.request.id
        ));
        line(format!("DTSTAMP:{}", stamp(now)));
        line(format!("DTSTART:{}", stamp(slot.starts_at)));
        line(format!("DTEND:{}", stamp(slot.ends_at)));
        line(format!(
            "SUMMARY:{}",
            escape(&t_args(locale, "agenda-ics-summary", &args))
        ));
        if !item.place.is_empty() {
            line(format!("LOCATION:{}", escape(&item.place)));
        }
        line(format!(
            "DESCRIPTION:{}",
            escape(&t_args(locale, "agenda-ics-description", &args))
        ));
        line("STATUS:CONFIRMED".into());
        line("END:VEVENT".into());
    }
    line("END:VCALENDAR".into());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_text_values() {
        assert_eq!(escape("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
    }

    #[test]
    fn folds_long_lines_on_character_boundaries() {
        let long = format!("SUMMARY:{}", "é".repeat(60));
        let folded = fold(&long);
        for physical in folded.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(physical.len() <= 75, "{} octets", physical.len());
        }
        let unfolded = folded.trim_end_matches("\r\n").replace("\r\n ", "");
        assert_eq!(unfolded, long);
    }
}

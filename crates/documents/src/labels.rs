//! The words printed on documents, in French and English.
//!
//! French typography: « » with non-breaking spaces, a narrow no-break space (U+202F) before
//! `:` `;` `!` `?`.

use serde_json::{Map, Value};

use crate::Locale;

/// (id, French, English)
const LABELS: &[(&str, &str, &str)] = &[
    ("badge", "Badge", "Badge"),
    ("badges", "Badges", "Badges"),
    ("qr_alt", "Code QR personnel", "Personal QR code"),
    (
        "attendance_sheet",
        "Feuille d’émargement",
        "Attendance sheet",
    ),
    (
        "attendance_sheets",
        "Feuilles d’émargement",
        "Attendance sheets",
    ),
    ("number", "N°", "No."),
    ("name", "Nom", "Name"),
    ("company", "Organisation", "Company"),
    ("signature", "Signature", "Signature"),
    ("when", "Date\u{202F}:", "When:"),
    ("place", "Lieu\u{202F}:", "Place:"),
    ("page", "Page", "Page"),
    ("agenda", "Agenda", "Agenda"),
    ("personal_agenda", "Agenda personnel", "Personal agenda"),
    ("personal_agendas", "Agendas personnels", "Personal agendas"),
    ("time", "Horaire", "Time"),
    ("meeting_with", "Rendez-vous avec", "Meeting with"),
    ("where", "Lieu", "Place"),
    (
        "no_meetings",
        "Aucun rendez-vous ce jour.",
        "No meetings on this day.",
    ),
    (
        "no_meetings_at_all",
        "Aucun rendez-vous programmé.",
        "No meetings scheduled.",
    ),
    ("convocation", "Convocation", "Invitation"),
    ("convocations", "Convocations", "Invitations"),
    ("programme", "Programme", "Programme"),
    ("your_agenda", "Vos rendez-vous", "Your meetings"),
    (
        "qr_hint",
        "Présentez ce code à l’accueil.",
        "Show this code at the reception desk.",
    ),
    ("table_tents", "Chevalets de table", "Table tents"),
    ("table", "Table", "Table"),
    ("fold_here", "Plier ici", "Fold here"),
    (
        "certificate",
        "Attestation de présence",
        "Certificate of attendance",
    ),
    (
        "certificates",
        "Attestations de présence",
        "Certificates of attendance",
    ),
    (
        "certificate_body",
        "Nous certifions que la personne ci-dessous a participé à l’événement",
        "We certify that the person named below attended the event",
    ),
    ("held_on", "qui s’est tenu", "held on"),
    ("at", "à", "at"),
    ("issued_on", "Fait le", "Issued on"),
    ("signatory", "Signataire", "Signed by"),
    ("table_schedule", "Planning de table", "Table schedule"),
    ("table_schedules", "Plannings de table", "Table schedules"),
    ("first_party", "Participant", "Participant"),
    ("second_party", "Rencontre", "Meets"),
    ("free_slot", "Libre", "Free"),
];

/// All labels of `locale` as a JSON object for the templates (`L.signature` …).
pub(crate) fn labels(locale: Locale) -> Value {
    let mut map = Map::new();
    for (id, fr, en) in LABELS {
        let text = match locale {
            Locale::Fr => fr,
            Locale::En => en,
        };
        map.insert((*id).to_owned(), Value::String((*text).to_owned()));
    }
    Value::Object(map)
}

/// One label (document titles).
pub(crate) fn label(locale: Locale, id: &str) -> String {
    LABELS
        .iter()
        .find(|(key, _, _)| *key == id)
        .map(|(_, fr, en)| match locale {
            Locale::Fr => *fr,
            Locale::En => *en,
        })
        .unwrap_or(id)
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_texts_present() {
        let mut ids: Vec<&str> = LABELS.iter().map(|(id, _, _)| *id).collect();
        ids.sort_unstable();
        let before = ids.len();
        ids.dedup();
        assert_eq!(before, ids.len());
        assert!(
            LABELS
                .iter()
                .all(|(_, fr, en)| !fr.is_empty() && !en.is_empty())
        );
    }
}

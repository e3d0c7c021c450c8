//! Event-day A4 documents (CHK-5): each prints tricky names as typed, its translated labels in
//! French and English, and paginates sensibly.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common::*;
use documents::inspect::{page_count, pdf_pages_text, pdf_text};
use documents::*;

fn names() -> Vec<String> {
    FIRST_NAMES
        .iter()
        .zip(LAST_NAMES)
        .map(|(f, l)| format!("{f} {l}"))
        .collect()
}

fn day(date: &str, n: usize) -> AgendaDay {
    let names = names();
    AgendaDay {
        date: date.into(),
        lines: (0..n)
            .map(|i| AgendaLine {
                time: format!("{:02}:00–{:02}:20", 9 + i, 9 + i),
                with_name: names[i % names.len()].clone(),
                with_company: format!("Łódź Logistics n°{i}"),
                place: format!("Table {}", 10 + i),
            })
            .collect(),
    }
}

// REQ: CHK-5
#[test]
fn attendance_sheet_repeats_its_header_and_numbers_pages_per_sheet() {
    let names = names();
    let rows: Vec<AttendanceRow> = (0..45)
        .map(|i| AttendanceRow {
            name: format!("{} {i}", names[i % names.len()]),
            company: format!("Société d'Études {i}"),
        })
        .collect();
    let sheets = vec![
        AttendanceSheet {
            title: "Atelier « export »".into(),
            when: "9 mars 2027, 14:00".into(),
            place: "Salle Rhône".into(),
            rows,
        },
        AttendanceSheet {
            title: "Workshop *Asia* #2".into(),
            when: "10 March 2027".into(),
            place: "Room 2".into(),
            rows: vec![],
        },
    ];
    for (locale, header, sig, page) in [
        (Locale::Fr, "Organisation", "Signature", "Page"),
        (Locale::En, "Company", "Signature", "Page"),
    ] {
        let pdf = attendance_sheets(&branding(), &sheets, locale, &no_progress).unwrap();
        let pages = pdf_pages_text(&pdf).unwrap();
        assert!(
            pages.len() >= 4,
            "45 signature rows need at least 3 pages, plus the empty sheet: {}",
            pages.len()
        );
        assert_eq!(page_count(&pdf).unwrap(), pages.len());
        // The column header is on page 1 and repeated on page 2.
        for p in &pages[..2] {
            assert_has(p, header);
            assert_has(p, sig);
        }
        let all = pages.join("\n");
        for n in &names {
            assert_has(&all, n);
        }
        assert_has(&all, "Société d'Études 44");
        assert_has(&all, "Atelier « export »");
        assert_has(&all, "Workshop *Asia* #2");
        // Continuation pages still name their session in the header.
        assert_has(&pages[2], "Atelier « export »");
        assert!(!pages[2].contains("Workshop"), "{}", pages[2]);
        // The second sheet starts again at page 1.
        let last = pages.last().unwrap();
        assert_has(last, "Workshop *Asia* #2");
        assert_has(last, &format!("{page} 1 / 1"));
        let sheet_pages = pages.len() - 1;
        assert_has(&pages[0], &format!("{page} 1 / {sheet_pages}"));
        assert_has(&pages[1], &format!("{page} 2 / {sheet_pages}"));
    }
    let fr = pdf_text(&attendance_sheets(&branding(), &sheets, Locale::Fr, &no_progress).unwrap())
        .unwrap();
    assert_has(&fr, "Feuille d’émargement");
    assert_has(&fr, "Lieu\u{202F}:");
    let en = pdf_text(&attendance_sheets(&branding(), &sheets, Locale::En, &no_progress).unwrap())
        .unwrap();
    assert_has(&en, "Attendance sheet");
    assert_has(&en, "Place:");
}

// REQ: CHK-5
#[test]
fn personal_agendas_list_meetings_per_day_with_the_issue_time() {
    let agendas = vec![
        PersonalAgenda {
            name: "Éloïse Ñúñez".into(),
            company: "Çağlar & Zoë SARL".into(),
            days: vec![day("mardi 9 mars 2027", 5), day("mercredi 10 mars 2027", 0)],
            issued_at: "émis le 30/11/2026 à 08:12".into(),
        },
        PersonalAgenda {
            name: "$x$ #pagebreak()".into(),
            company: String::new(),
            days: vec![],
            issued_at: "v2".into(),
        },
    ];
    let pdf = personal_agendas(&branding(), &agendas, Locale::Fr, &no_progress).unwrap();
    assert_eq!(page_count(&pdf).unwrap(), 2, "one page per participant");
    let text = pdf_text(&pdf).unwrap();
    for needle in [
        "Éloïse Ñúñez",
        "Çağlar & Zoë SARL",
        "mardi 9 mars 2027",
        "émis le 30/11/2026 à 08:12",
        "Rendez-vous avec",
        "Aucun rendez-vous ce jour.",
        "$x$ #pagebreak()",
        "Aucun rendez-vous programmé.",
        "Łódź Logistics n°4",
        "Table 14",
        "Agenda personnel",
    ] {
        assert_has(&text, needle);
    }
    for n in names().iter().take(5) {
        assert_has(&text, n);
    }
    let en = pdf_text(&personal_agendas(&branding(), &agendas, Locale::En, &no_progress).unwrap())
        .unwrap();
    for needle in [
        "Personal agenda",
        "Meeting with",
        "No meetings on this day.",
        "No meetings scheduled.",
    ] {
        assert_has(&en, needle);
    }
}

// REQ: CHK-5
#[test]
fn convocations_carry_letter_programme_agenda_and_qr() {
    let item = Convocation {
        name: "Zoë Łódź".into(),
        company: "Çağlar Export".into(),
        address_lines: vec!["12 rue de l'Épée".into(), "69002 Lyon".into()],
        letter: "Madame,\n\nVotre inscription aux *Rencontres* est confirmée. #set text(red)\nÀ bientôt.\n\nL'équipe".into(),
        programme: vec![ProgrammeItem { when: "9 mars, 08:30".into(), title: "Accueil café".into(), place: "Hall".into() }],
        agenda: vec![day("mardi 9 mars 2027", 3)],
        qr_payload: Some("AGORA1:evt-42:p-1".into()),
    };
    let pdf = convocations(
        &branding(),
        &[item.clone(), item.clone()],
        Locale::Fr,
        &no_progress,
    )
    .unwrap();
    assert_eq!(page_count(&pdf).unwrap(), 2);
    let text = pdf_text(&pdf).unwrap();
    for needle in [
        "Zoë Łódź",
        "Çağlar Export",
        "12 rue de l'Épée",
        "Votre inscription aux *Rencontres* est confirmée. #set text(red)",
        "À bientôt.",
        "L'équipe",
        "Programme",
        "Accueil café",
        "Vos rendez-vous",
        "Présentez ce code à l’accueil.",
    ] {
        assert_has(&text, needle);
    }
    let png = inspect::render_first_page_png(&pdf, 3.0).unwrap();
    assert_eq!(
        decode_qr(&png).unwrap(),
        vec!["AGORA1:evt-42:p-1".to_owned()]
    );
    let en =
        pdf_text(&convocations(&branding(), &[item], Locale::En, &no_progress).unwrap()).unwrap();
    for needle in [
        "Invitation",
        "Your meetings",
        "Show this code at the reception desk.",
    ] {
        assert_has(&en, needle);
    }
}

// REQ: CHK-5
#[test]
fn table_tents_print_the_name_twice_one_page_each() {
    let tents: Vec<TableTent> = names()
        .into_iter()
        .enumerate()
        .map(|(i, n)| TableTent {
            name: n,
            company: "Société d'Études".into(),
            table: format!("{}", i + 1),
        })
        .collect();
    let pdf = table_tents(&branding(), &tents, Locale::En, &no_progress).unwrap();
    assert_eq!(page_count(&pdf).unwrap(), tents.len());
    let pages = pdf_pages_text(&pdf).unwrap();
    for (t, page) in tents.iter().zip(&pages) {
        let squashed = squash(page);
        let name = squash(&t.name);
        assert_eq!(
            squashed.matches(&name).count(),
            2,
            "both faces show {:?}:\n{page}",
            t.name
        );
        assert_has(page, &format!("Table {}", t.table));
        assert_has(page, "Fold here");
    }
    let fr = pdf_text(&table_tents(&branding(), &tents[..1], Locale::Fr, &no_progress).unwrap())
        .unwrap();
    assert_has(&fr, "Plier ici");
}

// REQ: CHK-5
#[test]
fn certificates_one_page_per_participant_in_both_languages() {
    let items: Vec<Certificate> = names()
        .into_iter()
        .map(|n| Certificate {
            name: n,
            company: "Łódź Logistics".into(),
            event_dates: "9–10/03/2027".into(),
            place: "Lyon".into(),
            signatory: "Marie Curie, présidente".into(),
            issued_on: "10/03/2027".into(),
        })
        .collect();
    let pdf = certificates(&branding(), &items, Locale::Fr, &no_progress).unwrap();
    assert_eq!(page_count(&pdf).unwrap(), items.len());
    let text = pdf_text(&pdf).unwrap();
    for c in &items {
        assert_has(&text, &c.name);
    }
    for needle in [
        "Attestation de présence",
        "Marie Curie, présidente",
        "Fait le 10/03/2027",
        "9–10/03/2027",
        "Rencontres d'affaires Łódź–Lyon 2027",
    ] {
        assert_has(&text, needle);
    }
    let en = pdf_text(&certificates(&branding(), &items[..1], Locale::En, &no_progress).unwrap())
        .unwrap();
    for needle in [
        "Certificate of attendance",
        "Issued on 10/03/2027",
        "Signed by",
    ] {
        assert_has(&en, needle);
    }
}

// REQ: CHK-5
#[test]
fn table_schedules_list_both_parties_per_slot() {
    let names = names();
    let schedule = |table: &str| TableSchedule {
        table: table.into(),
        days: vec![TableDay {
            date: "mardi 9 mars 2027".into(),
            lines: (0..6)
                .map(|i| TableLine {
                    time: format!("{:02}:00", 9 + i),
                    first: names[i].clone(),
                    second: names[(i + 1) % 6].clone(),
                })
                .collect(),
        }],
    };
    let pdf = table_schedules(
        &branding(),
        &[schedule("12"), schedule("Łódź 3")],
        Locale::Fr,
        &no_progress,
    )
    .unwrap();
    assert_eq!(page_count(&pdf).unwrap(), 2);
    let pages = pdf_pages_text(&pdf).unwrap();
    assert_has(&pages[0], "Table 12");
    assert_has(&pages[1], "Table Łódź 3");
    for n in &names {
        assert_has(&pages[0], n);
    }
    assert_has(&pages[0], "Planning de table");
    let en = pdf_text(
        &table_schedules(&branding(), &[schedule("1")], Locale::En, &no_progress).unwrap(),
    )
    .unwrap();
    for needle in ["Table schedule", "Participant", "Meets", "Time"] {
        assert_has(&en, needle);
    }
}

// REQ: CHK-5
#[test]
fn empty_lists_are_refused() {
    assert!(matches!(
        certificates(&branding(), &[], Locale::Fr, &no_progress),
        Err(DocumentError::Empty)
    ));
    assert!(matches!(
        attendance_sheets(&branding(), &[], Locale::Fr, &no_progress),
        Err(DocumentError::Empty)
    ));
}

// REQ: CHK-5
#[test]
fn scripts_without_a_bundled_font_do_not_break_the_run() {
    // The bundled fonts cover Latin, Greek, Cyrillic, Arabic and Hebrew; CJK prints as empty
    // boxes but must not fail the whole batch.
    let items = vec![
        Certificate {
            name: "王小明".into(),
            issued_on: "1".into(),
            ..Default::default()
        },
        Certificate {
            name: "Αλέξανδρος Παπαδόπουλος".into(),
            issued_on: "2".into(),
            ..Default::default()
        },
        Certificate {
            name: "Дмитрий Иванов".into(),
            issued_on: "3".into(),
            ..Default::default()
        },
    ];
    let pdf = certificates(&branding(), &items, Locale::En, &no_progress).unwrap();
    assert_eq!(page_count(&pdf).unwrap(), 3);
    let text = pdf_text(&pdf).unwrap();
    assert_has(&text, "Αλέξανδρος Παπαδόπουλος");
    assert_has(&text, "Дмитрий Иванов");
}

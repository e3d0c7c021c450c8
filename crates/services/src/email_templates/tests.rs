#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::workflow::{samples, vars};
use super::*;
use chrono::{NaiveDate, Utc};
use store::events::EventRow;

fn event() -> EventRow {
    EventRow {
        id: 7,
        slug: "forum".into(),
        name_fr: "Forum Méditerranée".into(),
        name_en: "Mediterranean Forum".into(),
        summary_fr: String::new(),
        summary_en: String::new(),
        starts_on: NaiveDate::from_ymd_opt(2027, 3, 10).unwrap(),
        ends_on: NaiveDate::from_ymd_opt(2027, 3, 11).unwrap(),
        time_zone: "Europe/Paris".into(),
        registration_opens_at: None,
        registration_closes_at: None,
        site_opens_at: None,
        site_closes_at: None,
        primary_color: "#000000".into(),
        banner_file_id: None,
        is_published: true,
        created_at: Utc::now(),
        updated_at: Utc::now(),
        privacy_notice_fr: String::new(),
        privacy_notice_en: String::new(),
    }
}

fn sample(kind: Kind, locale: Locale) -> Vars {
    samples("https://agora.test", &event(), kind, locale)
        .into_iter()
        .next()
        .unwrap()
}

#[test]
fn every_default_renders_with_every_sample_and_offers_exactly_its_variables() {
    for kind in Kind::ALL {
        for locale in Locale::ALL {
            let (subject, body) = kind.default_template(locale);
            assert!(!subject.is_empty() && !subject.starts_with("Subject"));
            for vars in samples("https://agora.test", &event(), kind, locale) {
                let mut names: Vec<_> = vars.names().collect();
                let mut expected = kind.variables();
                names.sort_unstable();
                expected.sort_unstable();
                assert_eq!(names, expected, "{kind:?}");
                let out = render(kind, &subject, &body, &vars).unwrap();
                assert!(!out.body.contains("{{") && !out.body.contains("{%"));
                assert!(!out.body.starts_with('\n'));
            }
        }
    }
}

#[test]
fn conditional_lines_leave_no_blank_line_and_values_are_not_escaped() {
    let kind = Kind::RegistrationReceived;
    let (subject, body) = kind.default_template(Locale::Fr);
    let mut vars = sample(kind, Locale::Fr);
    vars.set("company", "<Tom & Jerry>");
    let out = render(kind, &subject, &body, &vars).unwrap();
    assert!(out.body.contains("<Tom & Jerry> vous a inscrit"));
    assert!(out.body.contains("/password/reset/EXAMPLE"));
    assert!(!out.body.contains("\n\n\n"), "{}", out.body);
    assert_eq!(out.subject, "Inscription à « Forum Méditerranée »");
}

#[test]
fn syntax_errors_give_their_line() {
    let vars = sample(Kind::RegistrationValidated, Locale::Fr);
    let err = render(
        Kind::RegistrationValidated,
        "ok",
        "Bonjour\n\n{% if company %}\nsans fin",
        &vars,
    )
    .unwrap_err();
    assert_eq!(err.kind, ProblemKind::Syntax);
    assert_eq!(err.field, "body");
    assert!(err.line >= 3, "{err:?}");
    assert!(
        err.message(Locale::Fr)
            .contains(&format!("Ligne {}", err.line))
    );
}

#[test]
fn unknown_variables_are_refused_even_in_branches_the_sample_skips() {
    let kind = Kind::RegistrationValidated;
    let vars = sample(kind, Locale::En);
    let err = render(
        kind,
        "Hi",
        "Hello\n{% if false %}\n{{ refusal_reason }}\n{% endif %}",
        &vars,
    )
    .unwrap_err();
    assert_eq!(err.kind, ProblemKind::UnknownVariable);
    assert_eq!(err.detail, "refusal_reason");
    assert_eq!(err.line, 3);
    let err = render(kind, "{{ nom }}", "x", &vars).unwrap_err();
    assert_eq!(
        (err.field, err.kind),
        ("subject", ProblemKind::UnknownVariable)
    );
    // attribute of a string is undefined: strict mode refuses to print it
    let err = render(kind, "x", "{{ company.secret }}", &vars).unwrap_err();
    assert_eq!(err.kind, ProblemKind::Syntax);
    // loop variables and built-in functions are fine
    render(
        kind,
        "x",
        "{% for i in range(3) %}{{ loop.index }}{{ i }}{% endfor %}",
        &vars,
    )
    .unwrap();
}

#[test]
fn runaway_templates_stop_on_their_budget() {
    let kind = Kind::RegistrationValidated;
    let vars = sample(kind, Locale::Fr);
    let started = std::time::Instant::now();
    let err = render(
        kind,
        "x",
        "{% for i in range(100000) %}{% for j in range(100000) %}x{% endfor %}{% endfor %}",
        &vars,
    )
    .unwrap_err();
    assert_eq!(err.kind, ProblemKind::TooComplex);
    let err = render(
        kind,
        "x",
        "{% set a = company * 10000 %}{% set b = a * 100 %}{% set c = b * 100 %}{{ c }}",
        &vars,
    )
    .unwrap_err();
    assert!(matches!(
        err.kind,
        ProblemKind::TooComplex | ProblemKind::Syntax | ProblemKind::TooLong
    ));
    let err = render(
        kind,
        "x",
        "{% macro f(n) %}{{ f(n) }}{% endmacro %}{{ f(1) }}",
        &vars,
    )
    .unwrap_err();
    assert!(matches!(
        err.kind,
        ProblemKind::TooComplex | ProblemKind::Syntax
    ));
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
}

#[test]
fn subjects_stay_on_one_line() {
    let kind = Kind::RegistrationValidated;
    let vars = sample(kind, Locale::Fr);
    let out = render(kind, "A\r\nBcc: x@y.z\n{{ company }}", "x", &vars).unwrap();
    assert_eq!(out.subject, "A Bcc: x@y.z Conserverie Exemple");
}

#[test]
fn amounts_and_dates_read_naturally() {
    assert_eq!(format_amount(Locale::Fr, 120_050), "1\u{a0}200,50\u{a0}€");
    assert_eq!(format_amount(Locale::En, 45_000), "€450.00");
    assert_eq!(parse_amount("450").unwrap(), 45_000);
    assert_eq!(parse_amount(" 1 200,5 € ").unwrap(), 120_050);
    assert_eq!(parse_amount("0.99").unwrap(), 99);
    for bad in ["", "0", "-3", "12,345", "abc", "1e5", "99999999"] {
        assert!(parse_amount(bad).is_err(), "{bad}");
    }
    let d = |m, day| NaiveDate::from_ymd_opt(2027, m, day).unwrap();
    assert_eq!(
        format_dates(Locale::Fr, d(3, 10), d(3, 11)),
        "10–11 mars 2027"
    );
    assert_eq!(
        format_dates(Locale::En, d(3, 31), d(4, 1)),
        "31 March – 1 April 2027"
    );
}

#[test]
fn copies_never_carry_the_personal_link() {
    let step = Step::Received {
        set_password_link: "https://agora.test/password/reset/SECRET".into(),
    };
    let to = Addressee {
        first_name: "Paul".into(),
        last_name: "Roux".into(),
        email: "paul@x.test".into(),
        locale: Locale::Fr,
    };
    let ev = event();
    let wf = Workflow {
        base_url: "https://agora.test",
        event: &ev,
        company: "ACME",
    };
    let own = vars(&wf, &to, Locale::Fr, &step);
    assert!(own.get("set_password_link").unwrap().contains("SECRET"));
    let copy = vars(&wf, &to, Locale::Fr, &step.for_copy());
    assert_eq!(copy.get("set_password_link"), Some(""));
    assert_eq!(own.get("event_name"), Some("Forum Méditerranée"));
    assert_eq!(
        vars(&wf, &to, Locale::En, &step).get("event_name"),
        Some("Mediterranean Forum")
    );
}

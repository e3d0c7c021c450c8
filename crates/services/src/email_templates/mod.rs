//! Workflow emails that administrators edit per event and per language (REG-5): registration
//! received, validated, refused, payment requested.
//!
//! Each email is a minijinja template (subject and body) rendered as plain text: strict
//! undefined values (a misspelt variable is an error, not an empty string), no auto-escaping
//! (the text is never HTML; pages that show it escape it), `trim_blocks`/`lstrip_blocks` so that
//! a `{% if %}` on its own line leaves no blank line. The built-in defaults live in
//! `crates/services/email_templates/{fr,en}/<kind>.txt`: the first line is `Subject: …`, then a
//! blank line, then the body. An event's own version is a row of `email_template`; without
//! one the default applies.
//!
//! Administrators are trusted, but a template must never hang or exhaust the server: sources are
//! size-capped, every render runs with a fuel budget and a low recursion limit, and the output
//! is size-capped too. A template is saved only if it compiles, uses only the documented
//! variables of its kind (checked on every branch, not only the one the sample reaches) and
//! renders with sample data.

mod admin;
mod workflow;

pub use admin::{
    EmailTemplateError, TemplateDraft, TemplateOverview, edit_source, overview, preview,
    reset_template, save_template,
};
pub use workflow::{
    Addressee, PaymentRequest, PaymentRequestError, ProgrammeLine, Step, Workflow,
    copy_to_organizers, format_amount, format_dates, parse_amount, programme_text, request_payment,
    workflow_email,
};

use crate::i18n::t_args;
use domain::Locale;
use minijinja::{AutoEscape, Environment, ErrorKind, UndefinedBehavior, Value};
use std::collections::BTreeMap;

/// Longest subject source accepted, in characters.
pub const MAX_SUBJECT_CHARS: usize = 300;
/// Longest body source accepted, in characters.
pub const MAX_BODY_CHARS: usize = 20_000;
/// Longest rendered body, in characters.
const MAX_OUTPUT_CHARS: usize = 100_000;
/// Longest rendered subject, in characters (longer ones are cut).
const MAX_SUBJECT_OUTPUT_CHARS: usize = 250;
/// Work budget of one render (minijinja fuel: instructions and allocations). The defaults use
/// a few hundred units; a loop of a hundred thousand steps runs out.
const FUEL: u64 = 50_000;
/// Nesting depth allowed at render time.
const RECURSION_LIMIT: usize = 32;

/// The kinds of workflow email.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    /// Step 1: registration received, with the login (or the link to choose a password).
    RegistrationReceived,
    /// Step 2: profile validated, now public.
    RegistrationValidated,
    /// Step 2: registration refused, with the reason.
    RegistrationRefused,
    /// Step 3: please pay online.
    PaymentRequested,
}

/// Variables every kind offers.
const COMMON_VARIABLES: [&str; 10] = [
    "participant_name",
    "first_name",
    "last_name",
    "company",
    "event_name",
    "event_dates",
    "event_url",
    "login_email",
    "login_url",
    "private_area_url",
];

impl Kind {
    /// Every kind, in workflow order.
    pub const ALL: [Kind; 4] = [
        Kind::RegistrationReceived,
        Kind::RegistrationValidated,
        Kind::RegistrationRefused,
        Kind::PaymentRequested,
    ];

    /// Stable code used in URLs, the database and file names.
    pub fn code(self) -> &'static str {
        match self {
            Kind::RegistrationReceived => "registration_received",
            Kind::RegistrationValidated => "registration_validated",
            Kind::RegistrationRefused => "registration_refused",
            Kind::PaymentRequested => "payment_requested",
        }
    }

    /// Parses a code.
    pub fn parse(code: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.code() == code)
    }

    /// The variables of this kind beyond the common ones.
    fn own_variables(self) -> &'static [&'static str] {
        match self {
            Kind::RegistrationReceived => &["set_password_link", "link_validity_hours"],
            Kind::RegistrationValidated => &["badge_url", "badge_attached", "programme"],
            Kind::RegistrationRefused => &["refusal_reason"],
            Kind::PaymentRequested => &["amount", "payment_link"],
        }
    }

    /// Every variable a template of this kind may use, documented in the editor (message id
    /// `email-var-<name>`) and in the administration manual.
    pub fn variables(self) -> Vec<&'static str> {
        COMMON_VARIABLES
            .iter()
            .chain(self.own_variables())
            .copied()
            .collect()
    }

    /// The built-in template source (`Subject: …`, blank line, body).
    fn default_source(self, locale: Locale) -> &'static str {
        match (locale, self) {
            (Locale::Fr, Kind::RegistrationReceived) => {
                include_str!("../../email_templates/fr/registration_received.txt")
            }
            (Locale::Fr, Kind::RegistrationValidated) => {
                include_str!("../../email_templates/fr/registration_validated.txt")
            }
            (Locale::Fr, Kind::RegistrationRefused) => {
                include_str!("../../email_templates/fr/registration_refused.txt")
            }
            (Locale::Fr, Kind::PaymentRequested) => {
                include_str!("../../email_templates/fr/payment_requested.txt")
            }
            (Locale::En, Kind::RegistrationReceived) => {
                include_str!("../../email_templates/en/registration_received.txt")
            }
            (Locale::En, Kind::RegistrationValidated) => {
                include_str!("../../email_templates/en/registration_validated.txt")
            }
            (Locale::En, Kind::RegistrationRefused) => {
                include_str!("../../email_templates/en/registration_refused.txt")
            }
            (Locale::En, Kind::PaymentRequested) => {
                include_str!("../../email_templates/en/payment_requested.txt")
            }
        }
    }

    /// The built-in subject and body sources.
    pub fn default_template(self, locale: Locale) -> (String, String) {
        split_source(self.default_source(locale))
    }
}

/// Splits a template file into its `Subject:` line and its body (after the blank line).
fn split_source(source: &str) -> (String, String) {
    let source = source.replace("\r\n", "\n");
    let (first, rest) = source.split_once('\n').unwrap_or((source.as_str(), ""));
    let subject = first.strip_prefix("Subject:").unwrap_or(first).trim();
    let body = rest.strip_prefix('\n').unwrap_or(rest).trim_end();
    (subject.to_string(), body.to_string())
}

/// The values given to a template: variable name → text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Vars(BTreeMap<&'static str, String>);

impl Vars {
    /// Sets a variable.
    pub fn set(&mut self, name: &'static str, value: impl Into<String>) {
        self.0.insert(name, value.into());
    }

    /// A variable's value.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.get(name).map(String::as_str)
    }

    /// The variable names.
    pub fn names(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.0.keys().copied()
    }

    fn to_value(&self) -> Value {
        Value::from(
            self.0
                .iter()
                .map(|(k, v)| (k.to_string(), v.clone()))
                .collect::<BTreeMap<String, String>>(),
        )
    }
}

/// A subject and body, rendered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    /// One line.
    pub subject: String,
    /// Plain text.
    pub body: String,
}

/// Why a template was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProblemKind {
    /// It does not compile or fails while rendering.
    Syntax,
    /// It names a variable its kind does not offer.
    UnknownVariable,
    /// It ran out of its work budget.
    TooComplex,
    /// What it produces is too long.
    TooLong,
}

/// A template that cannot be used, with where and why, for the editor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateProblem {
    /// `subject` or `body`.
    pub field: &'static str,
    /// What is wrong.
    pub kind: ProblemKind,
    /// The line of the source (1-based).
    pub line: usize,
    /// minijinja's explanation, or the unknown variable's name.
    pub detail: String,
}

impl TemplateProblem {
    /// The translated message shown under the field.
    pub fn message(&self, locale: Locale) -> String {
        let key = match self.kind {
            ProblemKind::Syntax => "email-template-error-syntax",
            ProblemKind::UnknownVariable => "email-template-error-unknown-variable",
            ProblemKind::TooComplex => "email-template-error-too-complex",
            ProblemKind::TooLong => "email-template-error-too-long",
        };
        t_args(
            locale,
            key,
            &[
                ("line", self.line.to_string()),
                ("detail", self.detail.clone()),
            ],
        )
    }
}

fn environment<'s>() -> Environment<'s> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_auto_escape_callback(|_| AutoEscape::None);
    env.set_fuel(Some(FUEL));
    env.set_recursion_limit(RECURSION_LIMIT);
    if let Ok(syntax) = minijinja::syntax::SyntaxConfig::builder()
        .trim_blocks(true)
        .lstrip_blocks(true)
        .build()
    {
        env.set_syntax(syntax);
    }
    env
}

fn problem(field: &'static str, error: &minijinja::Error) -> TemplateProblem {
    let kind = match error.kind() {
        ErrorKind::OutOfFuel => ProblemKind::TooComplex,
        _ => ProblemKind::Syntax,
    };
    TemplateProblem {
        field,
        kind,
        line: error.line().unwrap_or(1),
        detail: error
            .detail()
            .map(str::to_string)
            .unwrap_or_else(|| error.kind().to_string()),
    }
}

/// The first line of `source` where `name` appears as a word.
fn line_of(source: &str, name: &str) -> usize {
    source
        .lines()
        .position(|line| {
            line.match_indices(name).any(|(at, _)| {
                let word = |c: char| c.is_alphanumeric() || c == '_';
                let before = line[..at].chars().next_back().is_none_or(|c| !word(c));
                let after = line[at + name.len()..]
                    .chars()
                    .next()
                    .is_none_or(|c| !word(c));
                before && after
            })
        })
        .map_or(1, |i| i + 1)
}

/// Compiles, checks the variables of, and renders one source.
fn render_one(
    field: &'static str,
    source: &str,
    allowed: &[&str],
    vars: &Vars,
    max_chars: usize,
) -> Result<String, TemplateProblem> {
    let env = environment();
    let template = env
        .template_from_str(source)
        .map_err(|e| problem(field, &e))?;
    let globals: Vec<&str> = env.globals().map(|(name, _)| name).collect();
    let mut unknown: Vec<String> = template
        .undeclared_variables(false)
        .into_iter()
        .filter(|name| !allowed.contains(&name.as_str()) && !globals.contains(&name.as_str()))
        .collect();
    unknown.sort_by_key(|name| line_of(source, name));
    if let Some(name) = unknown.into_iter().next() {
        return Err(TemplateProblem {
            field,
            kind: ProblemKind::UnknownVariable,
            line: line_of(source, &name),
            detail: name,
        });
    }
    let text = template
        .render(vars.to_value())
        .map_err(|e| problem(field, &e))?;
    if text.chars().count() > max_chars {
        return Err(TemplateProblem {
            field,
            kind: ProblemKind::TooLong,
            line: 1,
            detail: String::new(),
        });
    }
    Ok(text)
}

/// Renders a subject and body of a kind with the given values. The subject is folded onto one
/// line and cut at 250 characters.
pub fn render(
    kind: Kind,
    subject: &str,
    body: &str,
    vars: &Vars,
) -> Result<Rendered, TemplateProblem> {
    let allowed = kind.variables();
    let subject = render_one("subject", subject, &allowed, vars, MAX_OUTPUT_CHARS)?;
    let body = render_one("body", body, &allowed, vars, MAX_OUTPUT_CHARS)?;
    let subject: String = subject
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .take(MAX_SUBJECT_OUTPUT_CHARS)
        .collect();
    Ok(Rendered { subject, body })
}

#[cfg(test)]
mod tests;

//! Configured form fields turned into what a template renders (REG-3): one `FieldView` per
//! input, its value taken from what was typed, its error translated.

use crate::context::Ctx;
use domain::Locale;
use services::form_fields::{Field, Kind};
use services::forms::FieldErrors;
use services::taxonomy::{Taxonomy, Vocabulary};

/// One option of a list.
pub struct OptionView {
    /// Submitted value.
    pub value: String,
    /// Shown label (indented for sub-terms).
    pub label: String,
    /// Whether it is chosen.
    pub selected: bool,
}

/// One input as the `_form_field.html` partial renders it.
pub struct FieldView {
    /// Input name and id.
    pub name: String,
    /// Element id (differs from the name for key-figure headings).
    pub id: String,
    /// `text`, `url`, `tel`, `email`, `number`, `date`, `textarea`, `select`, `checkboxes`,
    /// `checkbox` or `block`.
    pub input: &'static str,
    /// Label.
    pub label: String,
    /// Help text.
    pub help: String,
    /// Whether it must be filled in.
    pub required: bool,
    /// Typed value.
    pub value: String,
    /// Options of a list.
    pub options: Vec<OptionView>,
    /// Translated error.
    pub error: Option<String>,
    /// Language of the content (`fr`, `en`) or empty.
    pub lang: &'static str,
    /// `autocomplete` token.
    pub autocomplete: &'static str,
    /// Longest accepted text.
    pub maxlength: usize,
    /// Sectors the field is limited to, as codes (`data-sectors`) and as a note.
    pub sectors: String,
    /// "For the sector: …" note.
    pub sector_note: String,
    /// File fields: the name of the file already received with this form.
    pub file_name: String,
    /// The id of a `<datalist>` of proposed values (the event's keywords), or empty.
    pub list: &'static str,
}

impl FieldView {
    /// A plain input with a name, a label and a value.
    pub fn plain(name: &str, input: &'static str, label: String, value: String) -> FieldView {
        FieldView {
            name: name.to_string(),
            id: name.to_string(),
            input,
            label,
            help: String::new(),
            required: false,
            value,
            options: Vec::new(),
            error: None,
            lang: "",
            autocomplete: "",
            maxlength: 300,
            sectors: String::new(),
            sector_note: String::new(),
            file_name: String::new(),
            list: "",
        }
    }

    /// Marks it required.
    pub fn required(mut self) -> FieldView {
        self.required = true;
        self
    }

    /// Sets the `autocomplete` token.
    pub fn autocomplete(mut self, token: &'static str) -> FieldView {
        self.autocomplete = token;
        self
    }

    /// Sets the maximum length.
    pub fn max(mut self, chars: usize) -> FieldView {
        self.maxlength = chars;
        self
    }

    /// Attaches the field's error, if any.
    pub fn with_error(mut self, ctx: &Ctx, errors: &FieldErrors) -> FieldView {
        self.error = errors.get(&self.name).map(|m| ctx.t(m));
        self
    }

    /// `aria-describedby` ids: help and error.
    pub fn described_by(&self) -> String {
        let mut ids = Vec::new();
        if !self.help.is_empty() {
            ids.push(format!("{}-help", self.id));
        }
        if !self.sector_note.is_empty() {
            ids.push(format!("{}-sectors", self.id));
        }
        if self.error.is_some() {
            ids.push(format!("{}-error", self.id));
        }
        ids.join(" ")
    }
}

/// The id of the page's `<datalist>` of the event's keywords.
pub const KEYWORDS_LIST: &str = "event-keywords";

/// The keywords an event proposes, as labels in the language.
pub fn keyword_suggestions(taxonomy: &Taxonomy, locale: Locale) -> Vec<String> {
    taxonomy
        .terms(Vocabulary::Keyword)
        .iter()
        .map(|t| t.label(locale).to_string())
        .collect()
}

/// The typed values of an input name.
pub fn typed<'a>(raw: &'a [(String, String)], name: &str) -> Vec<&'a str> {
    raw.iter()
        .filter(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
        .collect()
}

/// Countries sorted by their name in the language.
pub fn country_options(locale: Locale, selected: &str) -> Vec<OptionView> {
    let mut countries: Vec<OptionView> = domain::countries::COUNTRIES
        .iter()
        .map(|(code, _, _)| OptionView {
            value: (*code).to_string(),
            label: domain::countries::name(code, locale),
            selected: *code == selected,
        })
        .collect();
    countries.sort_by_cached_key(|c| domain::countries::fold_for_search(&c.label));
    countries
}

/// The terms of a list, sub-terms indented.
pub fn term_options(
    taxonomy: &Taxonomy,
    vocabulary: Vocabulary,
    locale: Locale,
    chosen: &[&str],
) -> Vec<OptionView> {
    taxonomy
        .tree(vocabulary)
        .into_iter()
        .map(|(depth, term)| OptionView {
            value: term.code.clone(),
            label: format!("{}{}", "— ".repeat(depth), term.label(locale)),
            selected: chosen.contains(&term.code.as_str()),
        })
        .collect()
}

/// The inputs of one configured field; `prefix` is `""`, `p1_` or `o0_`; values come from
/// `raw`, the pairs as typed (or as stored, for an edit form).
pub fn field_views(
    ctx: &Ctx,
    field: &Field,
    prefix: &str,
    raw: &[(String, String)],
    errors: &FieldErrors,
    taxonomy: &Taxonomy,
) -> Vec<FieldView> {
    let locale = ctx.locale;
    let name = format!("{prefix}{}", field.key);
    let chosen = typed(raw, &name);
    let mut view = FieldView::plain(
        &name,
        "text",
        field.label(locale),
        services::forms::posted(raw, &name),
    );
    view.help = field.help(locale).to_string();
    view.required = field.required;
    view = view.with_error(ctx, errors);
    if !field.sectors.is_empty() {
        view.sectors = field.sectors_within(taxonomy).join(",");
        let names: Vec<String> = field
            .sectors
            .iter()
            .map(|s| taxonomy.label(Vocabulary::Sector, s, locale))
            .collect();
        view.sector_note = ctx.t1("register-sector-only", "sectors", &names.join(", "));
    }
    match field.key.as_str() {
        "company_name" => view = view.autocomplete("organization").max(200),
        "city" => view = view.autocomplete("address-level2").max(100),
        "address" => view = view.autocomplete("street-address").max(500),
        "website" => view = view.autocomplete("url").max(500),
        "description_fr" => view.lang = "fr",
        "description_en" => view.lang = "en",
        "job_title" => view = view.max(150),
        // The event's keyword list (BO-9) is proposed while typing.
        "keywords" if !taxonomy.terms(Vocabulary::Keyword).is_empty() => {
            view.list = KEYWORDS_LIST;
        }
        "phone" => {
            view.input = "tel";
            view = view.max(40);
        }
        _ => {}
    }
    let vocabulary = field.vocabulary.unwrap_or(Vocabulary::Keyword);
    match field.kind {
        Kind::Text => {}
        Kind::LongText => {
            view.input = "textarea";
            view.maxlength = 3000;
        }
        Kind::Url => view.input = "url",
        Kind::Number => view.input = "number",
        Kind::Date => view.input = "date",
        Kind::YesNo => view.input = "checkbox",
        Kind::Block => view.input = "block",
        Kind::File => {
            view.input = "file";
            view.file_name = services::form_fields::file_name(&view.value).to_string();
        }
        Kind::Country => {
            view.input = "select";
            view.options = country_options(locale, &view.value);
        }
        Kind::Choice | Kind::MultiChoice => {
            view.input = if field.kind == Kind::Choice {
                "select"
            } else {
                "checkboxes"
            };
            view.options = field
                .options
                .iter()
                .map(|o| OptionView {
                    value: o.code.clone(),
                    label: o.label(locale).to_string(),
                    selected: chosen.contains(&o.code.as_str()),
                })
                .collect();
        }
        Kind::Term | Kind::Terms => {
            view.input = if field.kind == Kind::Term {
                "select"
            } else {
                "checkboxes"
            };
            view.options = term_options(taxonomy, vocabulary, locale, &chosen);
        }
        Kind::Figures => {
            // One list per heading, all under the field's name.
            return taxonomy
                .headings(vocabulary)
                .into_iter()
                .enumerate()
                .map(|(i, (heading, values))| {
                    let mut one = FieldView::plain(
                        &name,
                        "select",
                        heading.label(locale).to_string(),
                        String::new(),
                    );
                    one.id = format!("{name}-{}", heading.code);
                    one.required = field.required;
                    if i == 0 {
                        one.help = view.help.clone();
                        one.error = view.error.clone();
                        one.id = name.clone();
                    }
                    one.options = values
                        .into_iter()
                        .map(|t| OptionView {
                            value: t.code.clone(),
                            label: t.label(locale).to_string(),
                            selected: chosen.contains(&t.code.as_str()),
                        })
                        .collect();
                    one
                })
                .collect();
        }
    }
    if field.kind == Kind::YesNo {
        view.value = if chosen.iter().any(|v| *v == "on" || *v == "yes") {
            "yes".into()
        } else {
            String::new()
        };
    }
    vec![view]
}

/// Stored values turned into the pairs an edit form starts from: multi-valued fields as
/// repeated names, yes/no ticked.
pub fn stored_pairs(
    prefix: &str,
    values: &[(String, String)],
    design: &[&Field],
) -> Vec<(String, String)> {
    let mut pairs = Vec::new();
    for (key, value) in values {
        let multiple = design
            .iter()
            .find(|f| f.key == *key)
            .is_some_and(|f| f.kind.is_multiple());
        if multiple {
            for code in value.split(',').filter(|c| !c.is_empty()) {
                pairs.push((format!("{prefix}{key}"), code.to_string()));
            }
        } else {
            pairs.push((format!("{prefix}{key}"), value.clone()));
        }
    }
    pairs
}

/// The event's configurable offer fields (cooperation type, custom fields) of one offer's
/// form: names as posted (`cooperation`), ids prefixed so that each offer's form is distinct.
pub(crate) fn offer_extra(
    ctx: &Ctx,
    design: &services::form_fields::FormDesign,
    taxonomy: &services::taxonomy::Taxonomy,
    id_prefix: &str,
    raw: &[(String, String)],
    errors: &FieldErrors,
) -> Vec<FieldView> {
    design
        .visible(services::form_fields::Scope::Offer)
        .filter(|f| f.stored_as_value())
        .flat_map(|f| field_views(ctx, f, "", raw, errors, taxonomy))
        .map(|mut view| {
            view.id = format!("{id_prefix}{}", view.id);
            view
        })
        .collect()
}

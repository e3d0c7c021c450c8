//! The translation catalog (Fluent), shared by pages, emails and documents.
//!
//! Files live in `crates/services/locales/{fr,en}/*.ftl`, one file per feature, so that
//! features add their strings without touching each other's files. French is the fallback.

use domain::Locale;
use fluent_templates::{Loader, fluent_bundle::FluentValue, static_loader};
use std::borrow::Cow;
use std::collections::HashMap;
use unic_langid::{LanguageIdentifier, langid};

static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "fr",
        // Without this Fluent wraps every value in invisible isolation marks, which end up
        // in emails, PDFs and test assertions.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

static FR: LanguageIdentifier = langid!("fr");
static EN: LanguageIdentifier = langid!("en");

fn lang(locale: Locale) -> &'static LanguageIdentifier {
    match locale {
        Locale::Fr => &FR,
        Locale::En => &EN,
    }
}

/// Translates a message id; an unknown id is returned as is so that a missing string shows
/// up in tests instead of an empty label.
pub fn t(locale: Locale, key: &str) -> String {
    LOCALES
        .try_lookup(lang(locale), key)
        .unwrap_or_else(|| key.to_string())
}

/// Translates a message id with named arguments (`{ $name }` in the catalog).
pub fn t_args(locale: Locale, key: &str, args: &[(&'static str, String)]) -> String {
    let map: HashMap<Cow<'static, str>, FluentValue> = args
        .iter()
        .map(|(k, v)| (Cow::Borrowed(*k), FluentValue::from(v.clone())))
        .collect();
    LOCALES
        .try_lookup_with_args(lang(locale), key, &map)
        .unwrap_or_else(|| key.to_string())
}

/// A translator bound to one language, handy in templates: `{{ tr.t("login-title") }}`.
#[derive(Clone, Copy, Debug)]
pub struct Translator(pub Locale);

impl Translator {
    /// Translates a message id.
    pub fn t(&self, key: &str) -> String {
        t(self.0, key)
    }

    /// Translates with one argument.
    pub fn t1(&self, key: &str, name: &'static str, value: &str) -> String {
        t_args(self.0, key, &[(name, value.to_string())])
    }

    /// Translates with two arguments.
    pub fn t2(&self, key: &str, a: (&'static str, &str), b: (&'static str, &str)) -> String {
        t_args(
            self.0,
            key,
            &[(a.0, a.1.to_string()), (b.0, b.1.to_string())],
        )
    }

    /// The language.
    pub fn locale(&self) -> Locale {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    fn keys(locale: &str) -> BTreeSet<String> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("locales")
            .join(locale);
        let mut out = BTreeSet::new();
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
            for line in text.lines() {
                if let Some((key, _)) = line.split_once(" =")
                    && !key.starts_with(['#', ' ', '.'])
                    && !key.is_empty()
                {
                    out.insert(key.trim().to_string());
                }
            }
        }
        out
    }

    // REQ: PUB-3, NFR-10
    #[test]
    fn french_and_english_catalogs_have_the_same_messages() {
        let (fr, en) = (keys("fr"), keys("en"));
        assert!(fr.len() > 50, "catalog too small: {}", fr.len());
        let only_fr: Vec<_> = fr.difference(&en).collect();
        let only_en: Vec<_> = en.difference(&fr).collect();
        assert!(only_fr.is_empty(), "missing in English: {only_fr:?}");
        assert!(only_en.is_empty(), "missing in French: {only_en:?}");
    }

    #[test]
    fn lookups_translate_and_take_arguments() {
        assert_eq!(t(Locale::Fr, "nav-login"), "Se connecter");
        assert_eq!(t(Locale::En, "nav-login"), "Log in");
        assert!(t_args(Locale::En, "password-too-short", &[("min", "16".into())]).contains("16"));
        assert_eq!(t(Locale::En, "no-such-key"), "no-such-key");
    }
}

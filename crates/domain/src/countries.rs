//! Countries offered in forms (ISO 3166-1 alpha-2), with French and English names. The list
//! covers the EU, its neighbours and the partners our chambers usually invite.

use crate::Locale;

/// (code, French name, English name).
pub const COUNTRIES: &[(&str, &str, &str)] = &[
    ("FR", "France", "France"),
    ("MA", "Maroc", "Morocco"),
    ("DZ", "Algérie", "Algeria"),
    ("TN", "Tunisie", "Tunisia"),
    ("SN", "Sénégal", "Senegal"),
    ("CI", "Côte d’Ivoire", "Côte d’Ivoire"),
    ("AT", "Autriche", "Austria"),
    ("BE", "Belgique", "Belgium"),
    ("BG", "Bulgarie", "Bulgaria"),
    ("CY", "Chypre", "Cyprus"),
    ("CZ", "Tchéquie", "Czechia"),
    ("DE", "Allemagne", "Germany"),
    ("DK", "Danemark", "Denmark"),
    ("EE", "Estonie", "Estonia"),
    ("ES", "Espagne", "Spain"),
    ("FI", "Finlande", "Finland"),
    ("GR", "Grèce", "Greece"),
    ("HR", "Croatie", "Croatia"),
    ("HU", "Hongrie", "Hungary"),
    ("IE", "Irlande", "Ireland"),
    ("IT", "Italie", "Italy"),
    ("LT", "Lituanie", "Lithuania"),
    ("LU", "Luxembourg", "Luxembourg"),
    ("LV", "Lettonie", "Latvia"),
    ("MT", "Malte", "Malta"),
    ("NL", "Pays-Bas", "Netherlands"),
    ("PL", "Pologne", "Poland"),
    ("PT", "Portugal", "Portugal"),
    ("RO", "Roumanie", "Romania"),
    ("SE", "Suède", "Sweden"),
    ("SI", "Slovénie", "Slovenia"),
    ("SK", "Slovaquie", "Slovakia"),
    ("GB", "Royaume-Uni", "United Kingdom"),
    ("CH", "Suisse", "Switzerland"),
    ("NO", "Norvège", "Norway"),
    ("TR", "Turquie", "Türkiye"),
    ("EG", "Égypte", "Egypt"),
    ("CA", "Canada", "Canada"),
    ("US", "États-Unis", "United States"),
    ("CN", "Chine", "China"),
    ("JP", "Japon", "Japan"),
    ("IN", "Inde", "India"),
    ("BR", "Brésil", "Brazil"),
];

/// Whether a code is in the list.
pub fn is_known(code: &str) -> bool {
    COUNTRIES.iter().any(|(c, _, _)| *c == code)
}

/// A country's name in a language (the code itself when unknown).
pub fn name(code: &str, locale: Locale) -> String {
    COUNTRIES
        .iter()
        .find(|(c, _, _)| *c == code)
        .map(|(_, fr, en)| if locale == Locale::En { *en } else { *fr })
        .unwrap_or(code)
        .to_string()
}

/// Lower-cases and strips accents, so that "Énergie" and "energie" compare equal in searches.
pub fn fold_for_search(text: &str) -> String {
    let mut folded = String::with_capacity(text.len());
    for c in text.chars() {
        // Most characters are ASCII: the fast path keeps catalogue searches cheap.
        if c.is_ascii() {
            folded.push(c.to_ascii_lowercase());
            continue;
        }
        for lower in c.to_lowercase() {
            match lower {
                'à' | 'á' | 'â' | 'ä' | 'ã' | 'å' => folded.push('a'),
                'ç' => folded.push('c'),
                'è' | 'é' | 'ê' | 'ë' => folded.push('e'),
                'ì' | 'í' | 'î' | 'ï' => folded.push('i'),
                'ñ' => folded.push('n'),
                'ò' | 'ó' | 'ô' | 'ö' | 'õ' => folded.push('o'),
                'ù' | 'ú' | 'û' | 'ü' => folded.push('u'),
                'ÿ' | 'ý' => folded.push('y'),
                '’' => folded.push('\''),
                'œ' => folded.push_str("oe"),
                'æ' => folded.push_str("ae"),
                other => folded.push(other),
            }
        }
    }
    folded
}

#[cfg(test)]
mod tests {
    use super::*;

    // REQ: PUB-6
    #[test]
    fn search_folding_ignores_case_and_accents() {
        assert_eq!(
            fold_for_search("Énergie Renouvelable"),
            "energie renouvelable"
        );
        assert_eq!(fold_for_search("Cœur d’Œuvre"), "coeur d'oeuvre");
        assert!(fold_for_search("Emballage BIODÉGRADABLE").contains("biodegradable"));
    }

    #[test]
    fn names_per_language() {
        assert_eq!(name("MA", Locale::Fr), "Maroc");
        assert_eq!(name("MA", Locale::En), "Morocco");
        assert!(is_known("FR") && !is_known("XX"));
    }
}

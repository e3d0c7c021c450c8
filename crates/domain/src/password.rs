//! Password policy after the ANSSI and CNIL recommendations.
//!
//! Length is what makes a password strong, so there are no composition rules: any Unicode
//! character counts, passphrases are welcome. What is refused: too short (12 characters for
//! participants, 16 for administrators), very long inputs (a denial-of-service guard), passwords
//! built on a well-known password, and passwords built on the context (the person's email, the
//! event's name, the platform's name).

use thiserror::Error;

/// Minimum length for participants and experts.
pub const MIN_LEN_PARTICIPANT: usize = 12;
/// Minimum length for principal and secondary administrators.
pub const MIN_LEN_ADMIN: usize = 16;
/// Maximum accepted length; longer input is refused before hashing.
pub const MAX_LEN: usize = 512;

/// Why a password was refused. Each variant has a translated message in the web layer.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum PasswordPolicyError {
    /// Shorter than the minimum for this kind of account.
    #[error("password too short: at least {min} characters")]
    TooShort {
        /// The minimum that applies.
        min: usize,
    },
    /// Longer than [`MAX_LEN`].
    #[error("password too long")]
    TooLong,
    /// Built on a commonly used password or a trivial pattern.
    #[error("password too common")]
    TooCommon,
    /// Built on the person's email, the event's name or the platform's name.
    #[error("password built on context")]
    Contextual,
}

/// The kind of account a password protects; administrators need longer passwords.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AccountStrength {
    /// Participants and experts.
    Participant,
    /// Principal and secondary administrators.
    Admin,
}

/// Words the password must not be built on: the email, the event name and the like.
#[derive(Debug, Default, Clone)]
pub struct PasswordContext<'a> {
    /// Words that must not appear in the password (case-insensitive).
    pub words: Vec<&'a str>,
}

/// A small list of passwords and roots attackers try first (French and English).
const COMMON_ROOTS: &[&str] = &[
    "password",
    "passw0rd",
    "motdepasse",
    "motdepass",
    "azerty",
    "azertyuiop",
    "qwerty",
    "qwertyuiop",
    "123456",
    "1234567890",
    "0123456789",
    "abcdef",
    "abcdefghijkl",
    "iloveyou",
    "jetaime",
    "soleil",
    "bonjour",
    "doudou",
    "chouchou",
    "loulou",
    "marseille",
    "paris",
    "football",
    "princesse",
    "nicolas",
    "julien",
    "camille",
    "admin",
    "administrator",
    "administrateur",
    "welcome",
    "bienvenue",
    "letmein",
    "monkey",
    "dragon",
    "sunshine",
    "superman",
    "batman",
    "master",
    "secret",
    "changeme",
    "changez",
    "default",
    "trustno1",
    "starwars",
    "whatever",
    "freedom",
    "baseball",
    "shadow",
    "michael",
    "jennifer",
    "hello",
    "toto",
    "tutu",
    "test",
    "testtest",
    "demo",
    "user",
    "utilisateur",
    "root",
    "toor",
    "chamber",
    "chambre",
    "cci",
    "commerce",
    "business",
    "affaires",
    "rencontre",
    "rencontres",
    "forum",
    "event",
    "evenement",
    "agora",
];

/// Checks a candidate password against the policy.
pub fn check_password(
    candidate: &str,
    strength: AccountStrength,
    context: &PasswordContext<'_>,
) -> Result<(), PasswordPolicyError> {
    let min = match strength {
        AccountStrength::Participant => MIN_LEN_PARTICIPANT,
        AccountStrength::Admin => MIN_LEN_ADMIN,
    };
    let length = candidate.chars().count();
    if length > MAX_LEN {
        return Err(PasswordPolicyError::TooLong);
    }
    if length < min {
        return Err(PasswordPolicyError::TooShort { min });
    }
    let folded = fold(candidate);
    if is_trivial_pattern(&folded) || is_built_on(&folded, COMMON_ROOTS.iter().copied()) {
        return Err(PasswordPolicyError::TooCommon);
    }
    let context_words = context.words.iter().flat_map(|w| context_fragments(w));
    if is_built_on(&folded, context_words) {
        return Err(PasswordPolicyError::Contextual);
    }
    Ok(())
}

/// Lower-cases and keeps letters only, so "Motdepasse2024!!" folds to "motdepasse".
fn fold(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Splits an email or a name into the words a person would reuse ("jean.dupont@cci.fr" gives
/// "jeandupont", "jean", "dupont", "cci").
fn context_fragments(word: &str) -> Vec<String> {
    let mut out = vec![fold(word)];
    let local = word.split('@').next().unwrap_or(word);
    out.push(fold(local));
    out.extend(
        word.split(|c: char| !c.is_alphanumeric())
            .map(fold)
            .filter(|w| w.chars().count() >= 4),
    );
    out.retain(|w| w.chars().count() >= 4);
    out
}

/// True when, once the given roots are removed, what is left is only digits or a short
/// remainder: the password is the root plus decoration.
fn is_built_on<I, S>(folded: &str, roots: I) -> bool
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    let mut rest = folded.to_string();
    for root in roots {
        let root = root.as_ref();
        if root.is_empty() {
            continue;
        }
        rest = rest.replace(root, "");
    }
    if rest.len() == folded.len() {
        return false;
    }
    let letters_left = rest.chars().filter(|c| !c.is_ascii_digit()).count();
    letters_left < 6 || is_trivial_pattern(&rest)
}

/// One repeated character, or a run of consecutive characters ("aaaa…", "abcdef…", "123456…").
fn is_trivial_pattern(folded: &str) -> bool {
    let chars: Vec<char> = folded.chars().collect();
    if chars.len() < 2 {
        return true;
    }
    let distinct: std::collections::BTreeSet<char> = chars.iter().copied().collect();
    if distinct.len() <= 3 {
        return true;
    }
    let steps: Vec<i64> = chars
        .windows(2)
        .map(|w| i64::from(u32::from(w[1])) - i64::from(u32::from(w[0])))
        .collect();
    steps.iter().all(|&s| s == 1) || steps.iter().all(|&s| s == -1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx<'a>(words: &'a [&'a str]) -> PasswordContext<'a> {
        PasswordContext {
            words: words.to_vec(),
        }
    }

    // REQ: REG-6
    #[test]
    fn password_policy_table() {
        use AccountStrength::*;
        use PasswordPolicyError::*;
        let context = ["jean.dupont@exemple.fr", "Forum d'affaires France-Maroc"];
        let cases: &[(&str, AccountStrength, Result<(), PasswordPolicyError>)] = &[
            ("court", Participant, Err(TooShort { min: 12 })),
            ("elevenchars", Participant, Err(TooShort { min: 12 })),
            ("cheval agrafe pile", Participant, Ok(())),
            ("cheval agrafe pile", Admin, Ok(())),
            ("cheval agrafe", Admin, Err(TooShort { min: 16 })),
            ("Motdepasse2024!!", Participant, Err(TooCommon)),
            ("azertyuiop123", Participant, Err(TooCommon)),
            ("aaaaaaaaaaaaaaaa", Admin, Err(TooCommon)),
            ("abcdefghijklmnop", Admin, Err(TooCommon)),
            ("jeandupont2026!", Participant, Err(Contextual)),
            ("ForumAffairesFrance", Admin, Err(Contextual)),
            ("ماء بارد في الصيف", Participant, Ok(())),
            ("l'été à Marrakech avec des amis", Admin, Ok(())),
            ("日本語のパスフレーズです", Participant, Ok(())),
        ];
        for (candidate, strength, expected) in cases {
            assert_eq!(
                &check_password(candidate, *strength, &ctx(&context)),
                expected,
                "{candidate}"
            );
        }
        let huge = "x".repeat(MAX_LEN + 1);
        assert_eq!(check_password(&huge, Participant, &ctx(&[])), Err(TooLong));
    }
}

//! Fonts: DejaVu and typst's own are compiled in; extra fonts found on the host are added as
//! fallbacks for scripts those lack. DejaVu has no Chinese, Japanese or Korean glyphs, so a
//! participant named 王小明 or 김민준 would print as empty boxes; Noto Sans CJK (Debian's
//! `fonts-noto-cjk`, about 40 MB for regular and bold) covers them. It is read from the host
//! rather than bundled to keep the binary and the repository small.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// Where Debian and Ubuntu's `fonts-noto-cjk` package puts Noto Sans CJK, regular and bold.
pub const DEFAULT_EXTRA_FONTS: [&str; 2] = [
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
];

static CONFIGURED: OnceLock<Vec<PathBuf>> = OnceLock::new();

/// Sets the extra font files or folders (every `.ttf`, `.otf`, `.ttc` and `.otc` inside),
/// before the first document is rendered; returns false when it is too late (fonts already
/// loaded, or set before). Without a call, [`DEFAULT_EXTRA_FONTS`] are used when present.
pub fn set_extra_fonts(paths: Vec<PathBuf>) -> bool {
    CONFIGURED.set(paths).is_ok()
}

/// The extra font files to load: the configured paths (folders expanded) that exist.
pub(crate) fn extra_font_files() -> Vec<PathBuf> {
    let configured =
        CONFIGURED.get_or_init(|| DEFAULT_EXTRA_FONTS.iter().map(PathBuf::from).collect());
    let mut files = Vec::new();
    for path in configured {
        if path.is_dir() {
            let Ok(entries) = std::fs::read_dir(path) else {
                continue;
            };
            let mut inside: Vec<PathBuf> = entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| is_font_file(p))
                .collect();
            inside.sort();
            files.extend(inside);
        } else if path.is_file() {
            files.push(path.clone());
        }
    }
    files
}

fn is_font_file(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        matches!(
            e.to_ascii_lowercase().as_str(),
            "ttf" | "otf" | "ttc" | "otc"
        )
    })
}

/// Families of the extra fonts actually loaded (for the startup log and the tests): empty
/// when none was found, and then CJK names print as boxes.
pub fn extra_font_families() -> Vec<String> {
    crate::engine::extra_families()
}

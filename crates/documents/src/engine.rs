//! The one module that talks to typst.
//!
//! A document is a fixed typst template (`/main.typ`, compiled into the crate) plus data: one
//! JSON file (`/data.json`) and a few images (`/logo0.png` …). User text only ever reaches
//! typst as JSON strings, so it is printed as is and never parsed as markup.
//!
//! Long runs are compiled in chunks (a few dozen pages each); the pages of all chunks are
//! gathered into one `PagedDocument` and exported to PDF once, so `progress` can be reported
//! between chunks without merging PDF files.

use std::collections::HashMap;
use std::sync::OnceLock;

use typst::diag::{FileError, FileResult, SourceDiagnostic};
use typst::ecow::EcoVec;
use typst::foundations::{Bytes, Datetime, Smart};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_layout::{Page, PagedDocument};

use crate::DocumentError;

/// Everything loaded once per process: the standard library and the fonts.
struct Shared {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
    /// Families of the fonts read from the host (`fonts::extra_font_files`).
    extra_families: Vec<String>,
}

fn shared() -> &'static Shared {
    static SHARED: OnceLock<Shared> = OnceLock::new();
    SHARED.get_or_init(|| {
        let mut fonts = Vec::new();
        let dejavu: [&'static [u8]; 8] = [
            dejavu::sans::regular(),
            dejavu::sans::bold(),
            dejavu::sans::oblique(),
            dejavu::sans::bold_oblique(),
            dejavu::serif::regular(),
            dejavu::serif::bold(),
            dejavu::serif::italic(),
            dejavu::serif::bold_italic(),
        ];
        for data in dejavu.into_iter().chain(typst_assets::fonts()) {
            fonts.extend(Font::iter(Bytes::new(data)));
        }
        // Host fonts come last: typst falls back to them only for glyphs the others lack.
        let mut extra_families = Vec::new();
        for path in crate::fonts::extra_font_files() {
            let Ok(data) = std::fs::read(&path) else {
                continue;
            };
            for font in Font::iter(Bytes::new(data)) {
                let family = font.info().family.clone();
                if !extra_families.contains(&family) {
                    extra_families.push(family);
                }
                fonts.push(font);
            }
        }
        let book = FontBook::from_fonts(&fonts);
        Shared {
            library: LazyHash::new(Library::default()),
            book: LazyHash::new(book),
            fonts,
            extra_families,
        }
    })
}

/// Families of the host fonts loaded (loads the fonts on first call).
pub(crate) fn extra_families() -> Vec<String> {
    shared().extra_families.clone()
}

fn file_id(path: &str) -> Result<FileId, DocumentError> {
    let vpath = VirtualPath::new(path)
        .map_err(|e| DocumentError::Internal(format!("virtual path {path}: {e:?}")))?;
    Ok(RootedPath::new(VirtualRoot::Project, vpath).intern())
}

/// One compile: the template, the JSON data and the images, under fixed names.
struct DocWorld {
    main: Source,
    files: HashMap<FileId, Bytes>,
}

impl World for DocWorld {
    fn library(&self) -> &LazyHash<Library> {
        &shared().library
    }
    fn book(&self) -> &LazyHash<FontBook> {
        &shared().book
    }
    fn main(&self) -> FileId {
        self.main.id()
    }
    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else {
            Err(FileError::NotSource)
        }
    }
    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.main.id() {
            return Ok(Bytes::from_string(self.main.text().to_owned()));
        }
        self.files.get(&id).cloned().ok_or_else(|| {
            FileError::NotFound(std::path::PathBuf::from(
                id.get().vpath().get_without_slash(),
            ))
        })
    }
    fn font(&self, index: usize) -> Option<Font> {
        shared().fonts.get(index).cloned()
    }
    fn today(&self, _offset: Option<typst::foundations::Duration>) -> Option<Datetime> {
        // Documents never print "today" from the clock: dates come in the data.
        None
    }
}

/// A file handed to the template besides `/data.json` (logos).
pub(crate) struct VirtualFile {
    pub path: &'static str,
    pub bytes: Bytes,
}

/// Compiles `template` with `data` as `/data.json` and returns the pages.
#[cfg(any(test, feature = "inspect"))]
pub(crate) fn compile_pages(
    template: &str,
    data: &serde_json::Value,
    files: &[VirtualFile],
) -> Result<EcoVec<Page>, DocumentError> {
    Ok(compile(template, data, files)?
        .pages()
        .iter()
        .cloned()
        .collect())
}

/// Compiles `template` with `data` as `/data.json`.
pub(crate) fn compile(
    template: &str,
    data: &serde_json::Value,
    files: &[VirtualFile],
) -> Result<PagedDocument, DocumentError> {
    let json = serde_json::to_vec(data).map_err(|e| DocumentError::Internal(e.to_string()))?;
    let mut map = HashMap::new();
    map.insert(file_id("/data.json")?, Bytes::new(json));
    for f in files {
        map.insert(file_id(f.path)?, f.bytes.clone());
    }
    let world = DocWorld {
        main: Source::new(file_id("/main.typ")?, template.to_owned()),
        files: map,
    };
    let result = typst::compile::<PagedDocument>(&world).output;
    // Keep memory flat across chunks and runs: drop cache entries not hit by the last compile.
    typst::comemo::evict(1);
    match result {
        Ok(doc) => Ok(doc),
        Err(errors) => Err(DocumentError::Compile(describe(&errors))),
    }
}

fn describe(errors: &[SourceDiagnostic]) -> String {
    errors
        .iter()
        .map(|e| {
            let hints: Vec<&str> = e.hints.iter().map(|h| h.v.as_str()).collect();
            if hints.is_empty() {
                e.message.to_string()
            } else {
                format!("{} ({})", e.message, hints.join("; "))
            }
        })
        .collect::<Vec<_>>()
        .join(" | ")
}

/// The pages of a run: one compiled document, or the pages of several compiles.
pub(crate) enum Compiled {
    /// One compile: exported as is, as a tagged (accessible) PDF.
    One(PagedDocument),
    /// Pages from several compiles: their tag trees cannot be joined, so the PDF is untagged.
    Many(EcoVec<Page>),
}

/// Exports a run as one PDF titled `title`.
pub(crate) fn export_pdf(compiled: Compiled, title: &str) -> Result<Vec<u8>, DocumentError> {
    let (mut doc, tagged) = match compiled {
        Compiled::One(doc) => (doc, true),
        Compiled::Many(pages) => (
            PagedDocument::new(pages, typst::model::DocumentInfo::default()),
            false,
        ),
    };
    doc.info_mut().title = Some(title.into());
    let options = typst_pdf::PdfOptions {
        ident: Smart::Auto,
        creator: Smart::Custom(Some("Agora".into())),
        tagged,
        ..Default::default()
    };
    let out = typst_pdf::pdf(&doc, &options);
    typst::comemo::evict(1);
    out.map_err(|errors| DocumentError::Compile(describe(&errors)))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn hello_world_compiles_to_pdf() {
        let data = serde_json::json!({ "name": "#set page(width: 1cm) *Zoë* $x$" });
        let pages = compile_pages(
            "#let d = json(\"/data.json\")\n#set text(font: \"DejaVu Sans\")\nHello #d.name",
            &data,
            &[],
        )
        .unwrap();
        assert_eq!(pages.len(), 1);
        let pdf = export_pdf(Compiled::Many(pages), "hello").unwrap();
        assert!(pdf.starts_with(b"%PDF"));
    }
}

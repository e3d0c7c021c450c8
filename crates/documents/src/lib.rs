//! Agora's printed documents: plain data in, PDF bytes out (typst as a library), in French or
//! English; QR codes as SVG for web pages, and QR decoding of camera frames.
//!
//! Every `fn(…, progress)` calls `progress(done, total)` with `done` counted in items (badges,
//! sheets, letters…): `(0, total)` first, after each chunk of compiled pages, and `(total,
//! total)` once the PDF is written. An empty item list gives [`DocumentError::Empty`].
//!
//! User text is passed to typst as JSON data and printed verbatim: `#set page(…)`, `*bold*`
//! or `$x$` in a name print as typed. Typst typesets `'` as `’`.

mod badges;
mod engine;
mod job;
mod labels;
mod qr;

#[cfg(feature = "inspect")]
pub mod inspect;

pub use domain::locale::Locale;
pub use qr::{MAX_FRAME_BYTES, MAX_FRAME_SIDE, decode_qr, qr_svg};

/// Why a document could not be produced.
#[derive(Debug, thiserror::Error)]
pub enum DocumentError {
    /// Nothing to print (no badge, no sheet…).
    #[error("nothing to print")]
    Empty,
    /// A value the caller passed is not usable (unknown label size…).
    #[error("invalid value: {0}")]
    Invalid(String),
    /// An image (logo or camera frame) is not a readable PNG/JPEG, or is too large.
    #[error("bad image: {0}")]
    BadImage(String),
    /// The typst template did not compile (a bug, or data typst refused).
    #[error("document compile failed: {0}")]
    Compile(String),
    /// Something unexpected inside the crate.
    #[error("internal error: {0}")]
    Internal(String),
}

/// The event's look, printed on every document.
#[derive(Clone, Debug, Default)]
pub struct Branding {
    /// The event name, in the document's language.
    pub event_name: String,
    /// The accent colour, `#RRGGBB` (a bad value falls back to dark blue); the text printed on
    /// it is black or white, whichever contrasts more.
    pub colour: String,
    /// PNG or JPEG logos shown in headers; at most 3 are used, each at most 4000 px per side.
    pub logos: Vec<Image>,
    /// One line about the place, printed in A4 document footers ("Palais des congrès, Lyon").
    pub venue_line: String,
}

/// An image file (PNG or JPEG bytes).
#[derive(Clone, Debug, Default)]
pub struct Image {
    /// The file content.
    pub bytes: Vec<u8>,
}

/// How badges are laid out on paper.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BadgeFormat {
    /// One portrait badge per page, 90 × 140 mm (badge-holder size).
    Single,
    /// A4 sheets of 2 × 4 landscape badges of 90 × 60 mm, with cut marks in the margins.
    A4Sheet,
    /// One badge per page of the label's size, for label printers (rolls).
    Label(LabelSize),
}

/// Common label sizes (width × height in mm); parse from `"86x54"`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LabelSize {
    /// 86 × 54 mm: credit-card size (PVC cards, card holders).
    Mm86x54,
    /// 101 × 76 mm: 4 × 3 inch thermal labels.
    Mm101x76,
    /// 70 × 37 mm: small adhesive name labels.
    Mm70x37,
}

/// The badge layout chosen in the back office.
#[derive(Clone, Debug)]
pub struct BadgeLayout {
    /// Paper format.
    pub format: BadgeFormat,
    /// Print the company.
    pub show_company: bool,
    /// Print the job title.
    pub show_job_title: bool,
    /// Print the country.
    pub show_country: bool,
    /// Print the participant category in the bottom band.
    pub show_category: bool,
}

/// One person's badge.
#[derive(Clone, Debug, Default)]
pub struct BadgePerson {
    /// First name.
    pub first_name: String,
    /// Last name (printed bold).
    pub last_name: String,
    /// Company or organisation.
    pub company: String,
    /// Job title.
    pub job_title: String,
    /// Country, as it should be printed.
    pub country: String,
    /// Participant category (printed in the bottom band when `show_category`).
    pub category: String,
    /// Colour of the bottom band (`#RRGGBB`), one per participant category; `None`: no band
    /// unless the category is shown (then in the event colour).
    pub band_colour: Option<String>,
    /// Printed as a QR code (~60-90 ASCII characters); empty: no QR code.
    pub qr_payload: String,
}

/// Badges for `people`, in the order given.
pub fn badges(
    b: &Branding,
    layout: &BadgeLayout,
    people: &[BadgePerson],
    locale: Locale,
    progress: &dyn Fn(usize, usize),
) -> Result<Vec<u8>, DocumentError> {
    badges::render(b, layout, people, locale, progress)
}

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
mod fonts;
mod job;
mod labels;
mod papers;
mod qr;

#[cfg(feature = "inspect")]
pub mod inspect;

pub use domain::locale::Locale;
pub use fonts::{DEFAULT_EXTRA_FONTS, extra_font_families, set_extra_fonts};
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
    /// A4 sheets of 3 × 8 adhesive labels of 70 × 37 mm (the common office label sheet,
    /// printed on any laser printer), edge to edge, no cut marks.
    LabelSheetA4,
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

/// The badge layout chosen in the back office. Serialises as
/// `{"format":"a4","show_company":true,…}` (format as [`BadgeFormat::code`]; missing fields
/// take the defaults), so it can be stored in event settings.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
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

/// An attendance sheet for one session or workshop.
#[derive(Clone, Debug, Default)]
pub struct AttendanceSheet {
    /// Session or workshop name.
    pub title: String,
    /// When it takes place, as printed ("mardi 9 mars 2027, 14:00–15:30").
    pub when: String,
    /// Where ("Salle Rhône").
    pub place: String,
    /// The expected participants, in print order.
    pub rows: Vec<AttendanceRow>,
}

/// One line of an attendance sheet.
#[derive(Clone, Debug, Default)]
pub struct AttendanceRow {
    /// Full name as printed.
    pub name: String,
    /// Company.
    pub company: String,
}

/// Attendance sheets, each starting on a new page: columns #, name, company, signature; the
/// table header repeats on every page; pages are numbered per sheet ("Page 2 / 3").
pub fn attendance_sheets(
    b: &Branding,
    sheets: &[AttendanceSheet],
    locale: Locale,
    progress: &dyn Fn(usize, usize),
) -> Result<Vec<u8>, DocumentError> {
    papers::attendance_sheets(b, sheets, locale, progress)
}

/// One meeting in a personal agenda.
#[derive(Clone, Debug, Default)]
pub struct AgendaLine {
    /// Time range as printed ("09:00–09:20").
    pub time: String,
    /// The other person.
    pub with_name: String,
    /// The other person's company.
    pub with_company: String,
    /// Where ("Table 12").
    pub place: String,
}

/// The meetings of one day.
#[derive(Clone, Debug, Default)]
pub struct AgendaDay {
    /// The date as printed ("mardi 9 mars 2027").
    pub date: String,
    /// Meetings in time order; empty: "no meetings on this day".
    pub lines: Vec<AgendaLine>,
}

/// One participant's agenda.
#[derive(Clone, Debug, Default)]
pub struct PersonalAgenda {
    /// The participant's name.
    pub name: String,
    /// The participant's company.
    pub company: String,
    /// The days, in order.
    pub days: Vec<AgendaDay>,
    /// Printed under the title ("issued 30/11/2026 08:12"): agendas are re-issued after changes.
    pub issued_at: String,
}

/// Personal agendas, each starting on a new page.
pub fn personal_agendas(
    b: &Branding,
    agendas: &[PersonalAgenda],
    locale: Locale,
    progress: &dyn Fn(usize, usize),
) -> Result<Vec<u8>, DocumentError> {
    papers::personal_agendas(b, agendas, locale, progress)
}

/// One item of the event programme.
#[derive(Clone, Debug, Default)]
pub struct ProgrammeItem {
    /// When, as printed.
    pub when: String,
    /// What.
    pub title: String,
    /// Where.
    pub place: String,
}

/// A personal convocation letter.
#[derive(Clone, Debug, Default)]
pub struct Convocation {
    /// The addressee.
    pub name: String,
    /// The addressee's company.
    pub company: String,
    /// Postal address lines (may be empty).
    pub address_lines: Vec<String>,
    /// The letter: plain paragraphs separated by blank lines (single newlines are kept).
    pub letter: String,
    /// The event programme (may be empty).
    pub programme: Vec<ProgrammeItem>,
    /// The addressee's meetings (may be empty).
    pub agenda: Vec<AgendaDay>,
    /// Printed as a QR code with "show this code at the reception desk".
    pub qr_payload: Option<String>,
}

/// Convocations, each starting on a new page.
pub fn convocations(
    b: &Branding,
    items: &[Convocation],
    locale: Locale,
    progress: &dyn Fn(usize, usize),
) -> Result<Vec<u8>, DocumentError> {
    papers::convocations(b, items, locale, progress)
}

/// A folded table tent.
#[derive(Clone, Debug, Default)]
pub struct TableTent {
    /// The name shown large.
    pub name: String,
    /// Company under the name.
    pub company: String,
    /// Table number or name ("12"); printed as "Table 12"; empty: not printed.
    pub table: String,
}

/// Table tents: one A4 landscape page each, folded in the middle; the top half is turned
/// 180° so the name reads from both sides; a dashed fold line.
pub fn table_tents(
    b: &Branding,
    tents: &[TableTent],
    locale: Locale,
    progress: &dyn Fn(usize, usize),
) -> Result<Vec<u8>, DocumentError> {
    papers::table_tents(b, tents, locale, progress)
}

/// A certificate of attendance (give them to checked-in participants only).
#[derive(Clone, Debug, Default)]
pub struct Certificate {
    /// The participant.
    pub name: String,
    /// The participant's company.
    pub company: String,
    /// The event dates as printed ("9 et 10 mars 2027").
    pub event_dates: String,
    /// The event place ("Lyon").
    pub place: String,
    /// Who signs ("Marie Curie, présidente").
    pub signatory: String,
    /// Issue date as printed.
    pub issued_on: String,
}

/// Certificates of attendance, one page each.
pub fn certificates(
    b: &Branding,
    items: &[Certificate],
    locale: Locale,
    progress: &dyn Fn(usize, usize),
) -> Result<Vec<u8>, DocumentError> {
    papers::certificates(b, items, locale, progress)
}

/// The schedule of one table, for its host.
#[derive(Clone, Debug, Default)]
pub struct TableSchedule {
    /// Table number or name ("12").
    pub table: String,
    /// The days, in order.
    pub days: Vec<TableDay>,
}

/// One day at a table.
#[derive(Clone, Debug, Default)]
pub struct TableDay {
    /// The date as printed.
    pub date: String,
    /// Meetings in time order.
    pub lines: Vec<TableLine>,
}

/// One meeting at a table.
#[derive(Clone, Debug, Default)]
pub struct TableLine {
    /// Time range as printed.
    pub time: String,
    /// First party ("Éloïse Ñúñez — Acme").
    pub first: String,
    /// Second party.
    pub second: String,
}

/// Table schedules, each starting on a new page.
pub fn table_schedules(
    b: &Branding,
    items: &[TableSchedule],
    locale: Locale,
    progress: &dyn Fn(usize, usize),
) -> Result<Vec<u8>, DocumentError> {
    papers::table_schedules(b, items, locale, progress)
}

//! Typesetting: a [`Profile`] and a [`Layout`] in, a laid-out document out.
//!
//! 1. The profile and the [`LayoutSettings`] are serialised to JSON and served to the layout as
//!    `/profile.json` and `/settings.json`: data, never Typst source.
//! 2. A [`CvWorld`](world::CvWorld) is built around them, sharing the embedded layouts, Typst's
//!    library and the bundled fonts with every other document in the process.
//! 3. Typst compiles the layout's main file into a [`PagedDocument`].
//!
//! The next stage, [`crate::export`], turns the document into PDF or PNG bytes.

pub mod coverage;
pub mod fit;
pub mod fonts;
pub mod layouts;
pub mod system_fonts;
mod world;

use std::fmt;

use ecow::{EcoVec, eco_format};
use serde::Serialize;
use typst::World;
use typst::WorldExt;
use typst::diag::{Severity, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime};
use typst::text::Font;
use typst_layout::PagedDocument;

pub use self::layouts::{BUILTIN_LAYOUTS, BuiltinLayout, Layout};
use self::world::{CvWorld, DocumentFonts};
use crate::profile::Profile;

/// The paper size.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Paper {
    /// ISO A4, 210 × 297 mm (the default).
    #[default]
    A4,
    /// US Letter, 8.5 × 11 in.
    UsLetter,
}

/// What to do with the author's icons (the emoji before contact items).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Icons {
    /// Keep them as the author wrote them, in colour (the default).
    #[default]
    Keep,
    /// Draw them (and any emoji in the text) as monochrome outlines, in the text's colour.
    Mono,
    /// Leave them out.
    None,
}

/// How much a layout tightens itself to fit fewer pages; 1.0 everywhere is the design as drawn.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Fit {
    /// Scales vertical spacing between blocks (default 1.0).
    pub spacing: f64,
    /// Scales the page margins (default 1.0).
    pub margin: f64,
    /// Scales every font size (default 1.0).
    pub size: f64,
}

impl Default for Fit {
    fn default() -> Self {
        Self {
            spacing: 1.0,
            margin: 1.0,
            size: 1.0,
        }
    }
}

/// Everything a layout needs besides the profile; served as `/settings.json`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct LayoutSettings {
    /// The paper size (default A4).
    pub paper: Paper,
    /// The accent colour as `#rrggbb`; `None` lets the layout choose.
    pub accent: Option<String>,
    /// The text font family; `None` lets the layout choose.
    pub font: Option<String>,
    /// What to do with the author's icons (default keep).
    pub icons: Icons,
    /// The text's language as an ISO 639-1 code; empty means "detect it from the text", which
    /// [`crate::render::render`] does before typesetting (the layouts then get the code).
    pub lang: String,
    /// The PDF's title (default `<name> — Résumé`).
    pub title: Option<String>,
    /// Keywords for the PDF's metadata.
    pub keywords: Vec<String>,
    /// How much to tighten the layout.
    pub fit: Fit,
}

impl Default for LayoutSettings {
    fn default() -> Self {
        Self {
            paper: Paper::A4,
            accent: None,
            font: None,
            icons: Icons::Keep,
            lang: "en".to_owned(),
            title: None,
            keywords: Vec::new(),
            fit: Fit::default(),
        }
    }
}

/// A document as laid out by Typst, with the warnings Typst gave.
pub struct Compiled {
    /// The pages.
    pub document: PagedDocument,
    /// Warnings from the layout, described like errors.
    pub warnings: Vec<String>,
    /// The settings the layout was given (with the language, keywords and fit filled in).
    pub settings: LayoutSettings,
}

impl Compiled {
    /// Returns the number of pages.
    pub fn page_count(&self) -> usize {
        self.document.pages().len()
    }
}

/// Why a document could not be typeset.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum TypesetError {
    /// The layout failed to compile; each entry describes one error with its place in the layout.
    #[error("layout {layout} failed: {}", .errors.join("; "))]
    Layout {
        /// The layout's name or path.
        layout: String,
        /// The errors, each with `file:line:column` where known.
        errors: Vec<String>,
    },
    /// The profile could not be serialised (a broken invariant, never expected).
    #[error("could not serialise the profile ({0})")]
    Serialize(#[from] serde_json::Error),
}

/// The date a document carries; fixed so the same input gives the same PDF.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DocumentDate {
    /// Seconds since the Unix epoch, UTC.
    pub unix_seconds: i64,
}

impl Default for DocumentDate {
    /// Returns 1980-01-01T00:00:00Z, the fixed date of reproducible builds.
    fn default() -> Self {
        Self {
            unix_seconds: 315_532_800,
        }
    }
}

impl DocumentDate {
    /// Returns the date as a Typst datetime (date and time, UTC).
    pub fn to_datetime(self) -> Option<Datetime> {
        let days = self.unix_seconds.div_euclid(86_400);
        let secs = self.unix_seconds.rem_euclid(86_400);
        let (year, month, day) = civil_from_days(days);
        Datetime::from_ymd_hms(
            i32::try_from(year).ok()?,
            u8::try_from(month).ok()?,
            u8::try_from(day).ok()?,
            u8::try_from(secs / 3600).ok()?,
            u8::try_from(secs % 3600 / 60).ok()?,
            u8::try_from(secs % 60).ok()?,
        )
    }
}

/// Converts days since 1970-01-01 into a (year, month, day) civil date (Howard Hinnant's algorithm).
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// Everything that decides how one document is typeset.
#[derive(Clone, Default)]
pub struct TypesetOptions {
    /// The layout (default `classic`).
    pub layout: Layout,
    /// What the layout is told besides the profile.
    pub settings: LayoutSettings,
    /// The document's date.
    pub date: DocumentDate,
    /// Fonts added for this document only (user fonts, system fallbacks), after the bundle.
    pub extra_fonts: Vec<Font>,
}

impl fmt::Debug for TypesetOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TypesetOptions")
            .field("layout", &self.layout)
            .field("settings", &self.settings)
            .field("date", &self.date)
            .field("extra_fonts", &self.extra_fonts.len())
            .finish()
    }
}

/// Prepares what the documents need, on the calling thread: the bundled fonts' book (needed
/// first, for the glyph check), then Typst's library, the embedded files of `layout` (the
/// `--layout` argument: `lib.typ` and, for a built-in name, its entry file; the other layouts are
/// parsed only if a document uses them) and `lib.typ`'s evaluation into Typst's cache.
///
/// A process that renders one résumé otherwise does all of it, one thing after another, when it
/// typesets the first document. [`crate::render::warm_up`] runs it on a rendering thread while
/// the résumé is read, repaired and parsed on another. Whatever is not ready when a document
/// needs it is waited for, never done twice.
pub fn warm_up(layout: &str) {
    fonts::bundled();
    world::prepare(layout);
}

/// Typesets `profile` with the options' layout.
///
/// # Errors
/// Returns [`TypesetError::Layout`] when the layout does not compile, with each error located in
/// the layout's source.
pub fn compile(profile: &Profile, options: &TypesetOptions) -> Result<Compiled, TypesetError> {
    let mut settings = options.settings.clone();
    if settings.lang.is_empty() {
        "en".clone_into(&mut settings.lang);
    }
    let world = CvWorld::new(
        &options.layout,
        Bytes::new(serde_json::to_vec(profile)?),
        Bytes::new(serde_json::to_vec(&settings)?),
        DocumentFonts::new(options.extra_fonts.clone()),
        options.date.to_datetime().unwrap_or_else(|| {
            DocumentDate::default()
                .to_datetime()
                .expect("the default date is valid")
        }),
    );
    let warned = typst::compile::<PagedDocument>(&world);
    let warnings = describe_all(&world, &warned.warnings);
    match warned.output {
        Ok(mut document) => {
            fill_metadata(&mut document, profile, &settings);
            Ok(Compiled {
                document,
                warnings,
                settings,
            })
        }
        Err(errors) => Err(TypesetError::Layout {
            layout: options.layout.to_string(),
            errors: describe_all(&world, &errors),
        }),
    }
}

/// Fills in the PDF metadata the layout left unset: the title (the settings' or `<name> —
/// Résumé`), the author, the headline as description, and the keywords.
///
/// The built-in layouts leave all of it to this function: a `set document` rule in the layout
/// would put per-document text into the style chain of every element, and Typst could then reuse
/// no paragraph's layout from one document, or one edit, to the next.
fn fill_metadata(document: &mut PagedDocument, profile: &Profile, settings: &LayoutSettings) {
    let info = document.info_mut();
    if info.title.is_none() {
        info.title = Some(match &settings.title {
            Some(title) => title.into(),
            None => eco_format!("{} — Résumé", profile.name),
        });
    }
    if info.author.is_empty() && !profile.name.is_empty() {
        info.author.push(profile.name.as_str().into());
    }
    if info.description.is_none()
        && let Some(headline) = &profile.headline
    {
        info.description = Some(crate::profile::plain_text(headline).into());
    }
    if info.keywords.is_empty() {
        info.keywords = settings.keywords.iter().map(Into::into).collect();
    }
}

/// Describes Typst diagnostics as one line each: `message (file:line:column)`, then hints.
pub(crate) fn describe_all(
    world: &dyn World,
    diagnostics: &EcoVec<SourceDiagnostic>,
) -> Vec<String> {
    diagnostics
        .iter()
        .map(|diagnostic| describe(world, diagnostic))
        .collect()
}

fn describe(world: &dyn World, diagnostic: &SourceDiagnostic) -> String {
    let mut line = diagnostic.message.to_string();
    if let Some(place) = locate(world, diagnostic) {
        line.push_str(&format!(" (at {place})"));
    }
    for hint in &diagnostic.hints {
        line.push_str(&format!("; hint: {}", hint.v));
    }
    if diagnostic.severity == Severity::Warning {
        line.insert_str(0, "layout warning: ");
    }
    line
}

fn locate(world: &dyn World, diagnostic: &SourceDiagnostic) -> Option<String> {
    let id = diagnostic.span.id()?;
    let range = world.range(diagnostic.span)?;
    let source = world.source(id).ok()?;
    let (line, column) = source.lines().byte_to_line_column(range.start)?;
    Some(format!(
        "{}:{}:{}",
        id.vpath().get_without_slash(),
        line + 1,
        column + 1
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_convert_to_the_civil_calendar() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(315_532_800 / 86_400), (1980, 1, 1));
        assert_eq!(civil_from_days(19_723), (2024, 1, 1));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
    }
}

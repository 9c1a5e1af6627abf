//! The whole pipeline for one résumé: bytes in, PDF bytes out, with every stage's findings.
//!
//! 1. [`text::repair`] turns the bytes into clean text;
//! 2. [`parse::parse`] reads the Markdown into a profile;
//! 3. [`typeset::compile`] lays the profile out;
//! 4. [`export::pdf`] writes the PDF.
//!
//! The CLI, the tests and the benchmarks all drive this one function.

use crate::export::{self, ExportError, PdfSettings};
use crate::parse::{self, ParseError, Parsed};
use crate::profile::{Block, Profile};
use crate::text::{self, RepairError, RepairOptions, Repaired};
use crate::typeset::{self, Compiled, TypesetError, TypesetOptions};

/// Everything that decides how a résumé is rendered.
#[derive(Debug, Clone, Default)]
pub struct RenderOptions {
    /// How the bytes are repaired.
    pub repair: RepairOptions,
    /// The layout and its settings.
    pub typeset: TypesetOptions,
    /// How the PDF is written.
    pub pdf: PdfSettings,
}

/// A rendered résumé with what each stage found on the way.
pub struct Rendered {
    /// The repaired text and the report of what was repaired.
    pub repaired: Repaired,
    /// The profile and the parser's diagnostics.
    pub parsed: Parsed,
    /// The laid-out document.
    pub compiled: Compiled,
    /// The PDF file's bytes.
    pub pdf: Vec<u8>,
}

/// Why a résumé could not be rendered.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RenderError {
    /// The bytes are not text.
    #[error(transparent)]
    Repair(#[from] RepairError),
    /// The text is not a résumé cvpdf can read.
    #[error(transparent)]
    Parse(#[from] ParseError),
    /// The layout failed.
    #[error(transparent)]
    Typeset(#[from] TypesetError),
    /// The PDF could not be written.
    #[error(transparent)]
    Export(#[from] ExportError),
}

/// Renders the résumé in `bytes` to PDF.
///
/// # Errors
/// Returns the first stage's error; soft problems are diagnostics in the result instead.
pub fn render(bytes: &[u8], options: &RenderOptions) -> Result<Rendered, RenderError> {
    let repaired = text::repair_with(bytes, &options.repair)?;
    let parsed = parse::parse(&repaired.text)?;
    let compiled = typeset_profile(&parsed.profile, &options.typeset)?;
    let pdf = export::pdf(&compiled, &options.pdf)?;
    Ok(Rendered {
        repaired,
        parsed,
        compiled,
        pdf,
    })
}

/// Typesets a profile, filling in the metadata the settings leave to the profile (keywords).
///
/// # Errors
/// Returns the layout's errors.
pub fn typeset_profile(
    profile: &Profile,
    options: &TypesetOptions,
) -> Result<Compiled, TypesetError> {
    if options.settings.keywords.is_empty() {
        let mut options = options.clone();
        options.settings.keywords = keywords(profile);
        typeset::compile(profile, &options)
    } else {
        typeset::compile(profile, options)
    }
}

/// Returns the PDF keywords of a profile: its skills, in order, without repeats (at most 40).
pub fn keywords(profile: &Profile) -> Vec<String> {
    let mut keywords: Vec<String> = Vec::new();
    for section in &profile.sections {
        for block in &section.blocks {
            if let Block::Skills { groups, .. } = block {
                for item in groups.iter().flat_map(|group| &group.items) {
                    if keywords.len() < 40 && !keywords.contains(item) {
                        keywords.push(item.clone());
                    }
                }
            }
        }
    }
    keywords
}

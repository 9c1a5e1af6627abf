//! Export: a laid-out document in, PDF or PNG bytes out, and the atomic writes that put them on disk.
//!
//! 1. [`pdf`] writes a tagged PDF that conforms to the chosen standards (PDF/A-2b with PDF/UA-1
//!    by default), with the document date pinned so two renders are byte-identical.
//! 2. [`png_pages`] renders each page to a PNG image.
//! 3. [`write_atomic`] writes bytes to a temporary file beside the target and renames it into
//!    place, so a failed or interrupted write never leaves a partial file.

use std::io::Write;
use std::path::Path;

use typst::foundations::Smart;
use typst::utils::Scalar;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

use crate::typeset::{Compiled, DocumentDate};

/// The PDF standards a document can be made to conform to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Standard {
    /// PDF/A-2b: archival, visual appearance preserved.
    A2b,
    /// PDF/A-3b: like A-2b, and allows embedded files.
    A3b,
    /// PDF/UA-1: accessible (tagged, with a title and language).
    Ua1,
}

impl Standard {
    fn to_typst(self) -> PdfStandard {
        match self {
            Standard::A2b => PdfStandard::A_2b,
            Standard::A3b => PdfStandard::A_3b,
            Standard::Ua1 => PdfStandard::Ua_1,
        }
    }
}

/// How a PDF is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PdfSettings {
    /// The standards to conform to (default PDF/A-2b and PDF/UA-1).
    pub standards: Vec<Standard>,
    /// The document date (default 1980-01-01, so renders are reproducible).
    pub date: DocumentDate,
}

impl Default for PdfSettings {
    fn default() -> Self {
        Self {
            standards: vec![Standard::A2b, Standard::Ua1],
            date: DocumentDate::default(),
        }
    }
}

/// Why a document could not be exported.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ExportError {
    /// Typst refused to write the PDF (a standard's requirement was not met).
    #[error("PDF export failed: {}", .0.join("; "))]
    Pdf(Vec<String>),
    /// A page could not be encoded as PNG.
    #[error("PNG export failed ({0})")]
    Png(String),
}

/// Writes `compiled` as PDF.
///
/// # Errors
/// Returns [`ExportError::Pdf`] when the document does not meet a chosen standard (for example a
/// glyph missing from every font under PDF/A).
pub fn pdf(compiled: &Compiled, settings: &PdfSettings) -> Result<Vec<u8>, ExportError> {
    let standards: Vec<PdfStandard> = settings.standards.iter().map(|s| s.to_typst()).collect();
    let standards = PdfStandards::new(&standards)
        .map_err(|err| ExportError::Pdf(vec![err.message().to_string()]))?;
    let options = PdfOptions {
        ident: Smart::Auto,
        creator: Smart::Custom(Some(format!("cvpdf {}", env!("CARGO_PKG_VERSION")))),
        timestamp: settings.date.to_datetime().map(Timestamp::new_utc),
        page_ranges: None,
        standards,
        tagged: true,
        pretty: false,
    };
    let mut pdf = typst_pdf::pdf(&compiled.document, &options)
        .map_err(|errors| ExportError::Pdf(errors.iter().map(pdf_error).collect()))?;
    blank_suspects_entry(&mut pdf);
    Ok(pdf)
}

/// Blanks the `/Suspects false` entry that Typst writes into the catalog's mark information.
///
/// The entry says no more than its absence (no content is suspect; PDF/UA forbids only `true`),
/// but poppler 22 (the `pdfinfo` and `pdffonts` of Debian 12) reports any value but `true` as a
/// syntax error, so each PDF greeted a user who inspected it with "Syntax Error". Spaces of the
/// same length keep every byte offset, and with them the cross-reference table, valid.
fn blank_suspects_entry(pdf: &mut [u8]) {
    const MARK_INFO: &[u8] = b"/MarkInfo<</Marked true/Suspects false>>";
    const SUSPECTS: &[u8] = b"/Suspects false";
    if let Some(at) = pdf
        .windows(MARK_INFO.len())
        .rposition(|window| window == MARK_INFO)
    {
        let start = at + MARK_INFO.len() - 2 - SUSPECTS.len();
        pdf[start..start + SUSPECTS.len()].fill(b' ');
    }
}

fn pdf_error(error: &typst::diag::SourceDiagnostic) -> String {
    let mut message = error.message.to_string();
    for hint in &error.hints {
        message.push_str(&format!("; hint: {}", hint.v));
    }
    message
}

/// Renders every page as a PNG image at `pixels_per_point` (1.0 is 72 dpi).
///
/// # Errors
/// Returns [`ExportError::Png`] if a page cannot be encoded.
pub fn png_pages(compiled: &Compiled, pixels_per_point: f64) -> Result<Vec<Vec<u8>>, ExportError> {
    let options = typst_render::RenderOptions {
        pixel_per_pt: Scalar::new(pixels_per_point),
        render_bleed: false,
    };
    compiled
        .document
        .pages()
        .iter()
        .map(|page| {
            typst_render::render(page, &options)
                .encode_png()
                .map_err(|err| ExportError::Png(err.to_string()))
        })
        .collect()
}

/// Writes `bytes` to `path` through a temporary file in the same directory, renamed into place.
///
/// An existing file at `path` is replaced only once the new bytes are completely written.
///
/// # Errors
/// Returns the I/O error of creating, writing or renaming the temporary file.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".cvpdf-").suffix(".tmp");
    // A temporary file is private (0600); the PDF should be as readable as any file the user
    // creates (0666 less the umask), or keep the mode of the file it replaces.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path).map_or(0o666, |meta| meta.permissions().mode());
        builder.permissions(std::fs::Permissions::from_mode(mode));
    }
    let mut file = builder.tempfile_in(dir)?;
    file.write_all(bytes)?;
    file.as_file().sync_all()?;
    file.persist(path).map_err(|err| err.error)?;
    Ok(())
}

//! End-to-end tests: they run the built `cvpdf` binary on real files and check what comes back
//! out of the PDFs with independent tools (poppler's `pdftotext`, `qpdf`).

mod harness;

/// Exit codes and messages of the command line.
mod cli;
/// Glyph coverage: missing glyphs fail loudly; system and user fonts fill gaps.
mod fonts;
/// Every layout, --max-pages, and user layouts.
mod layouts;
/// The PDF files: PDF/A and PDF/UA metadata, tags, title, links, reproducibility, qpdf, no tofu.
mod pdf;
/// Broken, huge, deep and hostile input; output safety: no overwrite, no partial file.
mod robustness;
/// Both seeds render, and every word, contact item and emoji comes back out of the PDF.
mod seeds;
/// --emit-typst and cvpdf bench.
mod tools;

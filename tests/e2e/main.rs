//! End-to-end tests: they run the built `cvpdf` binary on real files and check what comes back
//! out of the PDFs with independent tools (poppler's `pdftotext`, `qpdf`).

mod harness;

/// Exit codes and messages of the command line.
mod cli;
/// Both seeds render, and every word, contact item and emoji comes back out of the PDF.
mod seeds;

//! Messages on stderr: errors, warnings and notes, each naming the file (and line where known),
//! and the batch summary. stdout is kept for the artefact that was asked for.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

use cvpdf::diagnostic::{Diagnostic, Severity, line_column};
use cvpdf::render::FontReport;
use cvpdf::text::{RepairKind, Repaired};
use cvpdf::typeset::fit::FitOutcome;

use super::args::OutputArgs;
use super::input::Failure;

/// Prints messages and counts what happened in a batch.
pub struct Reporter {
    quiet: bool,
    verbose: bool,
    rendered: usize,
    failed: usize,
    warnings: usize,
}

impl Reporter {
    /// Creates a reporter for the given verbosity.
    pub fn new(output: &OutputArgs) -> Self {
        Self {
            quiet: output.quiet,
            verbose: output.verbose,
            rendered: 0,
            failed: 0,
            warnings: 0,
        }
    }

    /// Creates a reporter that prints errors only.
    pub fn quiet_errors() -> Self {
        Self::new(&OutputArgs {
            quiet: true,
            verbose: false,
        })
    }

    /// Returns the number of files that failed.
    pub fn failed(&self) -> usize {
        self.failed
    }

    /// Prints an error that stops the whole command.
    pub fn fatal(&mut self, message: &str) {
        eprintln!("error: {message}");
    }

    /// Prints that `file` failed.
    pub fn file_failed(&mut self, file: &Path, failure: &Failure) {
        self.failed += 1;
        let mut err = std::io::stderr().lock();
        let _ = writeln!(err, "error: {}: {}", file.display(), failure.message);
        if let Some(hint) = &failure.hint {
            let _ = writeln!(err, "  hint: {hint}");
        }
    }

    /// Prints that `file` was rendered to `pdf`.
    pub fn rendered(&mut self, file: &Path, pdf: &Path, pages: usize) {
        self.rendered += 1;
        if !self.quiet {
            let plural = if pages == 1 { "" } else { "s" };
            eprintln!(
                "rendered {} -> {} ({pages} page{plural})",
                file.display(),
                pdf.display()
            );
        }
    }

    /// Reports what text repair changed: each change with `--verbose`, else a summary line, and
    /// always each guess that could not be justified.
    pub fn repairs(&mut self, file: &Path, repaired: &Repaired) {
        if repaired.repairs.is_empty() {
            return;
        }
        let mut err = std::io::stderr().lock();
        let mut by_codepage: BTreeMap<&str, usize> = BTreeMap::new();
        for repair in &repaired.repairs {
            *by_codepage.entry(repair.codepage).or_default() += 1;
            let unrecoverable = repair.kind == RepairKind::Unrecoverable;
            if unrecoverable {
                self.warnings += 1;
            }
            if (self.verbose || unrecoverable) && !self.quiet {
                let label = if unrecoverable { "warning" } else { "note" };
                let _ = writeln!(
                    err,
                    "{label}: {}:{}: repaired {:?} -> {:?} ({}, {}, confidence {:.2})",
                    file.display(),
                    repair.line,
                    repair.before,
                    repair.after,
                    repair.codepage,
                    repair.kind.describe(),
                    repair.confidence
                );
            }
        }
        if !self.verbose && !self.quiet {
            let summary: Vec<String> = by_codepage
                .iter()
                .map(|(page, count)| format!("{count} as {page}"))
                .collect();
            let _ = writeln!(
                err,
                "note: {}: repaired text that had been decoded with the wrong code page ({}); \
                 run `cvpdf repair {}` to see each change",
                file.display(),
                summary.join(", "),
                file.display()
            );
        }
    }

    /// Prints a stage's diagnostics, located in `text`.
    pub fn diagnostics(&mut self, file: &Path, text: &str, diagnostics: &[Diagnostic]) {
        let mut err = std::io::stderr().lock();
        for diagnostic in diagnostics {
            if diagnostic.severity == Severity::Warning {
                self.warnings += 1;
            }
            let shown = match diagnostic.severity {
                Severity::Warning => !self.quiet,
                Severity::Note => self.verbose,
            };
            if !shown {
                continue;
            }
            let label = match diagnostic.severity {
                Severity::Warning => "warning",
                Severity::Note => "note",
            };
            let place = match &diagnostic.span {
                Some(span) => {
                    let (line, column) = line_column(text, span.start);
                    format!("{}:{line}:{column}", file.display())
                }
                None => file.display().to_string(),
            };
            let _ = writeln!(err, "{label}: {place}: {}", diagnostic.message);
            if let Some(hint) = &diagnostic.hint {
                let _ = writeln!(err, "  hint: {hint}");
            }
        }
    }

    /// Prints the layout's warnings.
    pub fn layout_warnings(&mut self, file: &Path, warnings: &[String]) {
        self.warnings += warnings.len();
        if self.quiet {
            return;
        }
        for warning in warnings {
            eprintln!("warning: {}: {warning}", file.display());
        }
    }

    /// Reports the fonts a document needed beyond the bundle, glyphs no font had, and (with
    /// `--verbose`) the characters drawn from another family than the text's.
    pub fn fonts(&mut self, file: &Path, text: &str, report: &FontReport) {
        let mut err = std::io::stderr().lock();
        for family in &report.added {
            self.warnings += 1;
            if self.quiet {
                continue;
            }
            let chars: Vec<String> = family
                .chars
                .iter()
                .take(12)
                .map(|c| c.to_string())
                .collect();
            let line = family
                .chars
                .first()
                .and_then(|&c| cvpdf::typeset::coverage::line_of(text, c));
            let place = line.map(|line| format!(":{line}")).unwrap_or_default();
            let path = family
                .path
                .as_ref()
                .map(|path| format!(" ({})", path.display()))
                .unwrap_or_default();
            let _ = writeln!(
                err,
                "warning: {}{place}: no bundled font has {}; drawn with the system font '{}'{path}",
                file.display(),
                chars.join(" "),
                family.family
            );
        }
        if !report.missing.is_empty() {
            self.warnings += 1;
            if !self.quiet {
                let missing: Vec<String> = report.missing.iter().map(ToString::to_string).collect();
                let _ = writeln!(
                    err,
                    "warning: {}: no font has a glyph for {}; they print as boxes, and the PDF \
                     claims no PDF/A or PDF/UA conformance",
                    file.display(),
                    missing.join(", ")
                );
            }
        }
        if self.verbose {
            let main = report.drawn.main_family.as_deref().unwrap_or("?");
            for (family, chars) in report.drawn.fallbacks() {
                let chars: String = chars.iter().take(40).collect();
                let _ = writeln!(
                    err,
                    "note: {}: drawn from '{family}', not the text family '{main}': {chars}",
                    file.display()
                );
            }
        }
    }

    /// Reports what `--max-pages` did.
    pub fn fit(&mut self, file: &Path, fit: &FitOutcome) {
        if !fit.fits() {
            self.warnings += 1;
            if !self.quiet {
                eprintln!(
                    "warning: {}: does not fit in {} page(s) even at the tightest setting ({}); \
                     it needs {} pages\n  hint: shorten the résumé, or try --layout compact",
                    file.display(),
                    fit.max_pages,
                    fit.describe(),
                    fit.pages
                );
            }
        } else if fit.natural_pages > fit.pages && !self.quiet {
            eprintln!(
                "note: {}: fitted {} pages into {} ({})",
                file.display(),
                fit.natural_pages,
                fit.pages,
                fit.describe()
            );
        }
    }

    /// Prints the batch summary (`2 rendered, 1 failed, 3 warnings`).
    pub fn summary(&self) {
        if self.quiet || self.rendered + self.failed < 2 {
            return;
        }
        eprintln!(
            "{} rendered, {} failed, {} warnings",
            self.rendered, self.failed, self.warnings
        );
    }
}

//! Messages on stderr: errors, warnings and notes, each naming the file (and line where known),
//! and the batch summary. stdout is kept for the artefact that was asked for.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

use cvpdf::diagnostic::{Diagnostic, Severity, line_column};
use cvpdf::text::{RepairKind, Repaired};

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

//! Messages on stderr: errors, warnings and notes, each naming the file (and line where known),
//! and the batch summary. stdout is kept for the artefact that was asked for.

use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::io::Write;
use std::path::Path;
use std::sync::OnceLock;

use cvpdf::diagnostic::{Diagnostic, Severity, line_column};
use cvpdf::render::FontReport;
use cvpdf::text::{RepairKind, Repaired};
use cvpdf::typeset::fit::FitOutcome;

use super::args::{ColorArg, OutputArgs};
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

    /// Returns the number of warnings so far.
    pub fn warnings(&self) -> usize {
        self.warnings
    }

    /// Returns the number of files that failed.
    pub fn failed(&self) -> usize {
        self.failed
    }

    /// Prints an error that stops the whole command.
    pub fn fatal(&mut self, message: &str) {
        emit(&format!("error: {message}"));
    }

    /// Prints that `file` failed.
    pub fn file_failed(&mut self, file: &Path, failure: &Failure) {
        self.failed += 1;
        emit(&format!("error: {}: {}", file.display(), failure.message));
        if let Some(hint) = &failure.hint {
            emit(&format!("  hint: {hint}"));
        }
    }

    /// Prints that `file` was rendered to `pdf`.
    pub fn rendered(&mut self, file: &Path, pdf: &Path, pages: usize) {
        self.rendered += 1;
        if !self.quiet {
            let plural = if pages == 1 { "" } else { "s" };
            emit(&format!(
                "rendered {} -> {} ({pages} page{plural})",
                file.display(),
                pdf.display()
            ));
        }
    }

    /// Reports what text repair changed: each change with `--verbose`, else a summary line, and
    /// always each guess that could not be justified.
    pub fn repairs(&mut self, file: &Path, repaired: &Repaired) {
        if repaired.repairs.is_empty() {
            return;
        }
        let mut by_codepage: BTreeMap<&str, usize> = BTreeMap::new();
        for repair in &repaired.repairs {
            *by_codepage.entry(repair.codepage).or_default() += 1;
            let unrecoverable = repair.kind == RepairKind::Unrecoverable;
            if unrecoverable {
                self.warnings += 1;
            }
            if (self.verbose || unrecoverable) && !self.quiet {
                let label = if unrecoverable { "warning" } else { "note" };
                emit(&format!(
                    "{label}: {}:{}: repaired {:?} -> {:?} ({}, {}, confidence {:.2})",
                    file.display(),
                    repair.line,
                    repair.before,
                    repair.after,
                    repair.codepage,
                    repair.kind.describe(),
                    repair.confidence
                ));
            }
        }
        if !self.verbose && !self.quiet {
            let summary: Vec<String> = by_codepage
                .iter()
                .map(|(page, count)| format!("{count} as {page}"))
                .collect();
            emit(&format!(
                "note: {}: repaired text that had been decoded with the wrong code page ({}); \
                 run `cvpdf repair {}` to see each change",
                file.display(),
                summary.join(", "),
                file.display()
            ));
        }
    }

    /// Prints a stage's diagnostics, located in `text`.
    pub fn diagnostics(&mut self, file: &Path, text: &str, diagnostics: &[Diagnostic]) {
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
            emit(&format!("{label}: {place}: {}", diagnostic.message));
            if let Some(span) = &diagnostic.span {
                emit(&snippet(text, span.clone()));
            }
            if let Some(hint) = &diagnostic.hint {
                emit(&format!("  hint: {hint}"));
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
            emit(&format!("warning: {}: {warning}", file.display()));
        }
    }

    /// Reports the fonts a document needed beyond the bundle, glyphs no font had, and (with
    /// `--verbose`) the characters drawn from another family than the text's.
    pub fn fonts(&mut self, file: &Path, text: &str, report: &FontReport) {
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
            emit(&format!(
                "warning: {}{place}: no bundled font has {}; drawn with the system font '{}'{path}",
                file.display(),
                chars.join(" "),
                family.family
            ));
        }
        if !report.missing.is_empty() {
            self.warnings += 1;
            if !self.quiet {
                let missing: Vec<String> = report.missing.iter().map(ToString::to_string).collect();
                emit(&format!(
                    "warning: {}: no font has a glyph for {}; they print as boxes, and the PDF \
                     claims no PDF/A or PDF/UA conformance",
                    file.display(),
                    missing.join(", ")
                ));
            }
        }
        if self.verbose {
            let main = report.drawn.main_family.as_deref().unwrap_or("?");
            for (family, chars) in report.drawn.fallbacks() {
                let chars: String = chars.iter().take(40).collect();
                emit(&format!(
                    "note: {}: drawn from '{family}', not the text family '{main}': {chars}",
                    file.display()
                ));
            }
        }
    }

    /// Reports what `--max-pages` did.
    pub fn fit(&mut self, file: &Path, fit: &FitOutcome) {
        if !fit.fits() {
            self.warnings += 1;
            if !self.quiet {
                emit(&format!(
                    "warning: {}: does not fit in {} page(s) even at the tightest setting ({}); \
                     it needs {} pages\n  hint: shorten the résumé, or try --layout sidebar (skills beside the text) or compact",
                    file.display(),
                    fit.max_pages,
                    fit.describe(),
                    fit.pages
                ));
            }
        } else if fit.natural_pages > fit.pages && !self.quiet {
            emit(&format!(
                "note: {}: fitted {} pages into {} ({})",
                file.display(),
                fit.natural_pages,
                fit.pages,
                fit.describe()
            ));
        }
    }

    /// Prints the batch summary (`2 rendered, 1 failed, 3 warnings`).
    pub fn summary(&self) {
        if self.quiet || self.rendered + self.failed < 2 {
            return;
        }
        emit(&format!(
            "{} rendered, {} failed, {} warnings",
            self.rendered, self.failed, self.warnings
        ));
    }
}

/// The line a span starts on, numbered, with carets under the span (on that line):
///
/// ```text
///   12 | - Led the team | *Spring–Fall*
///      |                   ^^^^^^^^^^^^^
/// ```
fn snippet(text: &str, span: std::ops::Range<usize>) -> String {
    let start = span.start.min(text.len());
    let start = (0..=start)
        .rev()
        .find(|&at| text.is_char_boundary(at))
        .unwrap_or(0);
    let line_start = text[..start].rfind('\n').map_or(0, |at| at + 1);
    let line_end = text[start..].find('\n').map_or(text.len(), |at| start + at);
    let line = text[line_start..line_end].trim_end_matches('\r');
    let number = text[..line_start].matches('\n').count() + 1;
    let gutter = " ".repeat(number.to_string().len());
    let end = span.end.clamp(start, line_start + line.len());
    let end = (end..=text.len())
        .find(|&at| text.is_char_boundary(at))
        .unwrap_or(text.len());
    let offset = text[line_start..start].chars().count();
    let width = text[start..end].chars().count().max(1);
    let shown: String = line.chars().take(160).collect();
    format!(
        "  {number} | {shown}\n  {gutter} | {}{}",
        " ".repeat(offset.min(160)),
        "^".repeat(width.min(160usize.saturating_sub(offset)).max(1))
    )
}

/// A progress bar for a batch of `files`, drawn on stderr only when it is a terminal, the batch
/// has more than one file, and `--quiet` is off.
pub fn progress(files: usize, quiet: bool) -> indicatif::ProgressBar {
    if quiet || files < 2 || !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(files as u64);
    if let Ok(style) = indicatif::ProgressStyle::with_template(
        "{spinner} rendering {pos}/{len} [{bar:30}] {elapsed_precise}",
    ) {
        bar.set_style(style.progress_chars("=> "));
    }
    bar
}

/// Whether stderr gets colour: `--color`, then `NO_COLOR`, then whether it is a terminal.
static COLOR: OnceLock<bool> = OnceLock::new();

/// Decides once whether messages are coloured.
pub fn init_color(choice: ColorArg) {
    let on = match choice {
        ColorArg::Always => true,
        ColorArg::Never => false,
        ColorArg::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|value| value.is_empty())
                && std::io::stderr().is_terminal()
        }
    };
    let _ = COLOR.set(on);
}

/// Prints one message (possibly several lines) on stderr, its labels coloured when enabled.
fn emit(message: &str) {
    let color = COLOR.get().copied().unwrap_or(false);
    let mut err = std::io::stderr().lock();
    for line in message.lines() {
        let painted = if color { paint(line) } else { line.to_owned() };
        let _ = writeln!(err, "{painted}");
    }
}

/// Colours the label a line starts with (`error:`, `warning:`, `note:`, `hint:`, a gutter).
fn paint(line: &str) -> String {
    const LABELS: [(&str, &str); 4] = [
        ("error:", "\x1b[1;31m"),
        ("warning:", "\x1b[1;33m"),
        ("note:", "\x1b[1;36m"),
        ("hint:", "\x1b[1;32m"),
    ];
    let indent = line.len() - line.trim_start().len();
    let rest = &line[indent..];
    for (label, style) in LABELS {
        if let Some(after) = rest.strip_prefix(label) {
            return format!("{}{style}{label}\x1b[0m{after}", &line[..indent]);
        }
    }
    if let Some((gutter, after)) = rest
        .split_once(" | ")
        .filter(|(g, _)| g.trim().chars().all(|c| c.is_ascii_digit()))
    {
        return format!("{}\x1b[1;34m{gutter} |\x1b[0m {after}", &line[..indent]);
    }
    line.to_owned()
}

//! Soft problems that a stage reports alongside its result.
//!
//! A repaired mojibake run, an unknown heading or a dropped badge image is not an error: the stage
//! goes on and returns a [`Diagnostic`] with its output. Spans are byte ranges in the text the stage
//! read; the CLI turns them into `line:column` only when it prints.

use std::ops::Range;

use serde::Serialize;

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    /// Something the user may want to know (a repair that was made, a badge image left out).
    Note,
    /// Something that probably needs the user's attention (a date that does not parse).
    Warning,
}

/// A soft problem found by a stage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// How serious it is.
    pub severity: Severity,
    /// The byte range in the stage's input text, where known.
    pub span: Option<Range<usize>>,
    /// What happened, starting lowercase, without a final period.
    pub message: String,
    /// What the user can do about it, if anything.
    pub hint: Option<String>,
}

impl Diagnostic {
    /// Creates a warning at `span`.
    pub fn warning(span: impl Into<Option<Range<usize>>>, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Warning,
            span: span.into(),
            message: message.into(),
            hint: None,
        }
    }

    /// Creates a note at `span`.
    pub fn note(span: impl Into<Option<Range<usize>>>, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Note,
            span: span.into(),
            message: message.into(),
            hint: None,
        }
    }

    /// Adds a hint.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

/// Returns the 1-based line and column (in characters) of byte offset `offset` in `text`.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let mut start = offset;
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let before = &text[..start];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

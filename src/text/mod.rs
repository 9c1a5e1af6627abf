//! Bytes in, clean text out, with a report of every repair.
//!
//! Résumés arrive as whatever an editor saved: UTF-8 with or without a byte order mark, UTF-16,
//! a legacy code page, and — most often — UTF-8 that some program once read as Windows-1252 (or
//! another single-byte page) and saved again, so that `Jürgen` became `JÃ¼rgen` and 📧 became
//! `ðŸ“§`; bytes the page did not define were lost on the way. This module turns such input into
//! the text its author wrote, and says what it changed. It knows nothing of Markdown or Typst.
//!
//! [`repair`] works in four steps:
//!
//! 1. **Decode** (`decode.rs`). A UTF-8 byte order mark is stripped; UTF-16 (LE or BE, with a
//!    byte order mark, or without one when the NUL bytes make it unmistakable) is decoded; input
//!    that is not UTF-8 is read in the legacy code page that `chardetng` guesses (or Mac Roman,
//!    which it does not know, when that reads clearly better), byte by byte where only some bytes
//!    are not UTF-8. Binary input (an image, an archive, NUL-heavy data) is an error.
//! 2. **Normalise line ends**: CRLF and lone CR become LF, silently.
//! 3. **Repair mojibake** (`mojibake.rs`, with `codepages.rs`, `lost_bytes.rs`, `score.rs`).
//!    Each line is mapped back to bytes through the exact reverse table of every code page UTF-8
//!    is commonly mis-read as (Windows-1252, -1250, -1251, -1253, -1254, ISO-8859-1, Mac Roman,
//!    CP437) and parsed as UTF-8, twice for double mojibake. A character that lost bytes is
//!    rebuilt from the bytes the page leaves undefined, by plausibility, by the letters next to
//!    it (common letter pairs of Russian, Ukrainian and Greek), by the characters the document
//!    spells intact elsewhere, by context for emoji (a link to GitHub, an e-mail address, a
//!    place) and by the emoji the document uses elsewhere, or becomes U+FFFD when no choice can
//!    be justified. A repair is kept only when it
//!    makes the text clearly more plausible, by a larger margin the less evidence there is; the
//!    document votes for one page, which also repairs the lines whose evidence is too thin to
//!    stand alone. Legitimate text (`SÃO PAULO`, `Doğanoğlu`, Greek, emoji) is left alone.
//!    Skipped with [`RepairOptions::no_repair`].
//! 4. **Sanitise** (`sanitize.rs`): NUL and the other control characters (except tab and line
//!    feed), the bidirectional embedding, override and isolate controls and stray byte order
//!    marks are removed, each stretch reported as a diagnostic.
//!
//! Every repair is reported in [`Repaired::repairs`], word by word; [`Repaired::diagnostics`]
//! holds what else the user should know. The module never panics, never prints, never reads the
//! environment, and runs in time linear in its input (the search for lost bytes has a budget
//! proportional to the input's length).

mod bigrams;
mod codepages;
mod decode;
pub mod lang;
mod lost_bytes;
mod mojibake;
mod ngrams;
mod sanitize;
mod score;
#[cfg(test)]
mod tests;

use std::fmt;
use std::ops::Range;

use serde::Serialize;

use crate::diagnostic::Diagnostic;

/// Repairs `bytes` with the default options: see the [module documentation](self).
///
/// # Errors
///
/// [`RepairError::Binary`] if the input is not text; [`RepairError::InvalidUtf16`] if it claims
/// to be UTF-16 but is not.
pub fn repair(bytes: &[u8]) -> Result<Repaired, RepairError> {
    repair_with(bytes, &RepairOptions::default())
}

/// Repairs `bytes` with `options`: see the [module documentation](self).
///
/// # Errors
///
/// [`RepairError::Binary`] if the input is not text; [`RepairError::InvalidUtf16`] if it claims
/// to be UTF-16 but is not.
pub fn repair_with(bytes: &[u8], options: &RepairOptions) -> Result<Repaired, RepairError> {
    let decoded = decode::decode(bytes)?;
    let text = decode::normalize_newlines(decoded.text);
    let outcome = if options.no_repair {
        mojibake::Outcome {
            text,
            repairs: Vec::new(),
        }
    } else {
        mojibake::repair_text(&text)
    };
    let sanitized = sanitize::sanitize(&outcome.text);

    let mut diagnostics = decoded.diagnostics;
    let repairs: Vec<Repair> = outcome
        .repairs
        .into_iter()
        .map(|r| {
            let span = sanitized.map_range(&r.span);
            // Sanitising may have removed characters from the repaired text as well.
            let after = match sanitized.text.get(span.clone()) {
                Some(after) => after.to_owned(),
                None => r.after,
            };
            Repair {
                line: r.line,
                span,
                before: r.before,
                after,
                codepage: r.codepage,
                confidence: r.confidence,
                kind: r.kind,
                candidates: r.candidates,
            }
        })
        .collect();
    diagnostics.extend(sanitized.diagnostics);
    Ok(Repaired {
        text: sanitized.text,
        encoding: decoded.encoding,
        repairs,
        diagnostics,
    })
}

/// How [`repair_with`] works.
#[derive(Debug, Clone, Default)]
pub struct RepairOptions {
    /// Only decode and sanitise: leave mojibake as it is (default `false`).
    pub no_repair: bool,
}

/// The clean text and what was done to get it.
#[derive(Debug, Clone, Serialize)]
pub struct Repaired {
    /// The text, with LF line ends, repaired and sanitised.
    pub text: String,
    /// How the input was encoded.
    pub encoding: SourceEncoding,
    /// Every repair of mojibake and lost bytes, in text order.
    pub repairs: Vec<Repair>,
    /// What else the user should know: how the input was decoded where it was not plain UTF-8,
    /// and each stretch of characters removed by sanitising. Spans are byte ranges in
    /// [`Repaired::text`]. (Repairs are reported in [`Repaired::repairs`], not here.)
    pub diagnostics: Vec<Diagnostic>,
}

/// How the input was encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SourceEncoding {
    /// UTF-8 without a byte order mark.
    Utf8,
    /// UTF-8 with a byte order mark (which was stripped).
    Utf8Bom,
    /// UTF-16, little-endian.
    Utf16Le,
    /// UTF-16, big-endian.
    Utf16Be,
    /// A legacy encoding, by its WHATWG name, e.g. `"windows-1252"` or `"macintosh"`.
    Legacy(&'static str),
}

impl SourceEncoding {
    /// The encoding's name: `"UTF-8"`, `"UTF-8 with BOM"`, `"UTF-16LE"`, `"UTF-16BE"` or the
    /// legacy encoding's WHATWG name.
    pub fn name(self) -> &'static str {
        match self {
            Self::Utf8 => "UTF-8",
            Self::Utf8Bom => "UTF-8 with BOM",
            Self::Utf16Le => "UTF-16LE",
            Self::Utf16Be => "UTF-16BE",
            Self::Legacy(name) => name,
        }
    }
}

impl fmt::Display for SourceEncoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One repair: a word (or a run of mojibake outside words) as it was and as it is now.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Repair {
    /// The 1-based line, in the repaired text.
    pub line: usize,
    /// The byte range of `after` in [`Repaired::text`].
    pub span: Range<usize>,
    /// The text as it was, e.g. `"JÃ¼rgen"`.
    pub before: String,
    /// The text as it is now, e.g. `"Jürgen"`.
    pub after: String,
    /// The code page the UTF-8 had been mis-read as, e.g. `"windows-1254"` (for double mojibake,
    /// the outer one).
    pub codepage: &'static str,
    /// How sure the repairer is that `after` is what the author wrote (for
    /// [`RepairKind::Unrecoverable`]: that the character was damaged), 0..1.
    pub confidence: f32,
    /// What kind of repair it was.
    pub kind: RepairKind,
    /// For [`RepairKind::Unrecoverable`], the characters the damaged one could have been.
    pub candidates: Vec<char>,
}

/// What kind of damage a [`Repair`] undid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RepairKind {
    /// UTF-8 decoded once as a code page.
    Mojibake,
    /// UTF-8 decoded as a code page, encoded as UTF-8 and decoded as a code page again.
    DoubleMojibake,
    /// Mojibake in which bytes the code page leaves undefined were lost, and recovered.
    LostByte,
    /// Mojibake in which a byte was lost and the character cannot be told: it is now U+FFFD.
    Unrecoverable,
}

impl RepairKind {
    /// A short description for messages, e.g. `"lost byte recovered"`.
    pub fn describe(self) -> &'static str {
        match self {
            Self::Mojibake => "mojibake",
            Self::DoubleMojibake => "double mojibake",
            Self::LostByte => "lost byte recovered",
            Self::Unrecoverable => "lost byte, character unknown",
        }
    }
}

impl fmt::Display for RepairKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.describe())
    }
}

/// Why the input could not be read as text.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RepairError {
    /// The input is not text.
    #[error("input is not text: it looks like {what}")]
    Binary {
        /// What it looks like, e.g. `"a PNG image"`, `"a zip archive"`, `"binary data"`.
        what: &'static str,
    },
    /// The input starts with a UTF-16 byte order mark but is not UTF-16.
    #[error("input starts like UTF-16 but is not valid UTF-16 (from byte {offset} on)")]
    InvalidUtf16 {
        /// The byte offset of the first invalid code unit.
        offset: usize,
        /// Whether it was read as big-endian.
        big_endian: bool,
    },
}

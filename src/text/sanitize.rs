//! Removing characters that must not reach the PDF, after repair.
//!
//! - NUL and the other C0 and C1 controls, except tab and line feed: a NUL makes PDF/UA export
//!   fail, and none of them prints.
//! - The bidirectional embedding, override and isolate controls U+202A–U+202E and U+2066–U+2069:
//!   they make a reader see text in another order than it is stored (and parsed, and searched).
//!   The marks U+200E/U+200F, which only set the direction of neutral characters, stay.
//! - A byte order mark (U+FEFF) inside the text, left over where files were joined.
//!
//! Zero-width joiners and non-joiners and variation selectors stay: emoji and Persian need them.

use std::ops::Range;

use crate::diagnostic::Diagnostic;

/// What was removed, for the diagnostic.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Class {
    Nul,
    Control,
    Bidi,
    Bom,
}

fn class(c: char) -> Option<Class> {
    match c {
        '\0' => Some(Class::Nul),
        '\t' | '\n' => None,
        '\u{1}'..='\u{1F}' | '\u{7F}'..='\u{9F}' => Some(Class::Control),
        '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => Some(Class::Bidi),
        '\u{FEFF}' => Some(Class::Bom),
        _ => None,
    }
}

/// The text without the removed characters.
#[derive(Debug)]
pub(crate) struct Sanitized {
    pub text: String,
    pub diagnostics: Vec<Diagnostic>,
    /// Each removed stretch: its byte offset in the input, its length, and the length of all
    /// stretches before it.
    removed: Vec<(usize, usize, usize)>,
}

impl Sanitized {
    /// Maps a byte offset in the input to the output (an offset inside a removed stretch maps
    /// to where the stretch was).
    pub fn map(&self, offset: usize) -> usize {
        // The last stretch that starts before `offset`.
        let i = self.removed.partition_point(|&(at, _, _)| at < offset);
        match i.checked_sub(1).and_then(|i| self.removed.get(i)) {
            Some(&(at, len, before)) => offset - before - len.min(offset - at),
            None => offset,
        }
    }

    /// Maps a byte range in the input to the output.
    pub fn map_range(&self, range: &Range<usize>) -> Range<usize> {
        self.map(range.start)..self.map(range.end)
    }
}

/// Removes the characters listed in the module documentation and reports each stretch of them.
pub(crate) fn sanitize(input: &str) -> Sanitized {
    if !input.chars().any(|c| class(c).is_some()) {
        return Sanitized {
            text: input.to_owned(),
            diagnostics: Vec::new(),
            removed: Vec::new(),
        };
    }
    let mut text = String::with_capacity(input.len());
    let mut diagnostics = Vec::new();
    let mut removed: Vec<(usize, usize, usize)> = Vec::new();
    let mut total = 0;
    // The stretch being removed: its class, start in the input, and characters.
    let mut stretch: Option<(Class, usize, Vec<char>)> = None;
    for (offset, c) in input.char_indices() {
        let cls = class(c);
        if let Some((current, _, _)) = &stretch
            && cls != Some(*current)
            && let Some((current, start, chars)) = stretch.take()
        {
            diagnostics.push(describe(current, &chars, text.len()));
            removed.push((start, offset - start, total));
            total += offset - start;
        }
        match cls {
            Some(cls) => stretch
                .get_or_insert_with(|| (cls, offset, Vec::new()))
                .2
                .push(c),
            None => text.push(c),
        }
    }
    if let Some((current, start, chars)) = stretch {
        diagnostics.push(describe(current, &chars, text.len()));
        removed.push((start, input.len() - start, total));
    }
    Sanitized {
        text,
        diagnostics,
        removed,
    }
}

fn describe(class: Class, chars: &[char], at: usize) -> Diagnostic {
    let n = chars.len();
    let mut codes: Vec<String> = Vec::new();
    for c in chars {
        let code = format!("U+{:04X}", u32::from(*c));
        if !codes.contains(&code) {
            codes.push(code);
        }
    }
    let codes = codes.join(", ");
    let span = at..at;
    match class {
        Class::Nul => Diagnostic::warning(
            span,
            if n == 1 { "removed a NUL character".to_owned() } else { format!("removed {n} NUL characters") },
        )
        .with_hint("NUL characters cannot go into an accessible PDF; they usually mean the file was not saved as plain text"),
        Class::Control => Diagnostic::warning(
            span,
            if n == 1 {
                format!("removed control character {codes}")
            } else {
                format!("removed {n} control characters ({codes})")
            },
        )
        .with_hint("control characters do not print; check the text around this place"),
        Class::Bidi => Diagnostic::warning(
            span,
            if n == 1 {
                format!("removed bidirectional control character {codes}")
            } else {
                format!("removed {n} bidirectional control characters ({codes})")
            },
        )
        .with_hint("bidirectional overrides and isolates can make text read differently from how it is stored; use U+200E or U+200F marks if a direction must be set"),
        Class::Bom => Diagnostic::note(span, "removed a byte order mark (U+FEFF) inside the text"),
    }
}

//! Glyph coverage: every character of a résumé is drawn from a real glyph, or the user hears why.
//!
//! Two checks, one before and one after Typst lays the document out:
//!
//! 1. [`uncovered`] looks up every character of the profile ([`glyph_chars`]) and returns those
//!    that no font of the document's book covers. The caller can then look for them in system
//!    fonts ([`super::system_fonts`]) or fail with [`MissingGlyph`]s that name each one.
//! 2. [`drawn`] walks the laid-out pages and reports what was really drawn: glyph id 0 (`.notdef`,
//!    the "tofu" box) anywhere, including in the layout's own text, and which family served each
//!    character, so a silent swap to another family can be shown at `--verbose`.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::fmt;

use typst::layout::{Frame, FrameItem};
use typst::text::FontBook;
use typst_layout::PagedDocument;

/// A character no font could draw, with the first line of the résumé that holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissingGlyph {
    /// The character.
    pub ch: char,
    /// The 1-based line of the résumé's text that first holds it, when it comes from the résumé.
    pub line: Option<usize>,
}

impl fmt::Display for MissingGlyph {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "U+{:04X} '{}'", u32::from(self.ch), self.ch)?;
        if let Some(line) = self.line {
            write!(f, " (line {line})")?;
        }
        Ok(())
    }
}

/// Returns true if `c` needs no glyph of its own: controls, spaces a font need not carry, joiners,
/// variation selectors, bidi marks and tags. Typst handles these without drawing them.
pub fn needs_no_glyph(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{00AD}'
                | '\u{034F}'
                | '\u{061C}'
                | '\u{180B}'..='\u{180F}'
                | '\u{200B}'..='\u{200F}'
                | '\u{2028}'..='\u{202E}'
                | '\u{2060}'..='\u{206F}'
                | '\u{FE00}'..='\u{FE0F}'
                | '\u{FEFF}'
                | '\u{E0000}'..='\u{E0FFF}'
        )
}

/// Returns each character of `text` that needs a glyph of its own (not [`needs_no_glyph`]),
/// once, in first-seen order: what [`uncovered`] and the choice of faces to preload look up.
///
/// ASCII goes through a table and the rest through a set, as this runs for every document of a
/// batch.
pub fn glyph_chars(text: &str) -> Vec<char> {
    let mut ascii_seen = [false; 128];
    let mut seen: HashSet<char> = HashSet::new();
    text.chars()
        .filter(|&c| {
            if c.is_ascii() {
                c.is_ascii_graphic() && !std::mem::replace(&mut ascii_seen[c as usize], true)
            } else {
                !needs_no_glyph(c) && seen.insert(c)
            }
        })
        .collect()
}

/// Returns the characters of `chars` ([`glyph_chars`]) that no face in `books` covers, in order.
///
/// Characters are looked up one by one: a character some face has is never missing, whichever
/// face draws the rest of its grapheme cluster.
pub fn uncovered(books: &[&FontBook], chars: &[char]) -> Vec<char> {
    let infos: Vec<_> = books
        .iter()
        .flat_map(|book| (0..).map_while(|index| book.info(index)))
        .collect();
    chars
        .iter()
        .copied()
        .filter(|&c| {
            !infos
                .iter()
                .any(|info| info.coverage.contains(u32::from(c)))
        })
        .collect()
}

/// Returns the 1-based number of the first line of `text` that holds `c`.
pub fn line_of(text: &str, c: char) -> Option<usize> {
    text.lines()
        .position(|line| line.contains(c))
        .map(|n| n + 1)
}

/// What a laid-out document really drew.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Drawn {
    /// Characters drawn as glyph id 0 (tofu), each once, in order of first appearance.
    pub tofu: Vec<char>,
    /// For each font family: the distinct non-ASCII characters it drew, in code point order.
    pub families: BTreeMap<String, BTreeSet<char>>,
    /// The family that drew the most glyphs: the document's text family.
    pub main_family: Option<String>,
}

impl Drawn {
    /// Returns each family other than the main one with the characters it drew, for reporting
    /// characters that fell back to another family than the one the layout asked for.
    pub fn fallbacks(&self) -> impl Iterator<Item = (&str, &BTreeSet<char>)> + '_ {
        self.families
            .iter()
            .filter(|(family, chars)| {
                Some(family.as_str()) != self.main_family.as_deref() && !chars.is_empty()
            })
            .map(|(family, chars)| (family.as_str(), chars))
    }
}

/// Walks every page of `document` and returns what was drawn, and with which families.
pub fn drawn(document: &PagedDocument) -> Drawn {
    let mut drawn = Drawn::default();
    let mut glyph_counts: BTreeMap<String, usize> = BTreeMap::new();
    for page in document.pages() {
        walk(&page.frame, &mut drawn, &mut glyph_counts);
    }
    drawn.main_family = glyph_counts
        .into_iter()
        .max_by_key(|(_, count)| *count)
        .map(|(family, _)| family);
    drawn
}

fn walk(frame: &Frame, drawn: &mut Drawn, glyph_counts: &mut BTreeMap<String, usize>) {
    for (_, item) in frame.items() {
        match item {
            FrameItem::Group(group) => walk(&group.frame, drawn, glyph_counts),
            FrameItem::Text(text) => {
                let family = text.font.font().info().family.clone();
                *glyph_counts.entry(family.clone()).or_default() += text.glyphs.len();
                let chars = drawn.families.entry(family).or_default();
                for glyph in &text.glyphs {
                    let cluster = text.text.get(glyph.range()).unwrap_or_default();
                    if glyph.id == 0 {
                        for c in cluster.chars().filter(|&c| !needs_no_glyph(c)) {
                            if !drawn.tofu.contains(&c) {
                                drawn.tofu.push(c);
                            }
                        }
                    } else {
                        chars.extend(cluster.chars().filter(|c| !c.is_ascii()));
                    }
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::typeset::fonts;

    #[test]
    fn the_bundle_covers_latin_greek_cyrillic_arabic_symbols_and_emoji() {
        let book = fonts::bundled().book();
        let text = "Zoë Doğanoğlu SÃO Ελληνικά Кириллица مهدی → ≈ ★ ✓ ✗ ‑ × 📧 📱 🐙 📍 ✉️ ☎️ \
                    👩🏽‍💻 🇩🇪 1️⃣ “quotes” — ·";
        assert_eq!(uncovered(&[book], &glyph_chars(text)), Vec::<char>::new());
    }

    #[test]
    fn characters_no_bundled_font_has_are_returned_once_each() {
        let book = fonts::bundled().book();
        assert_eq!(
            uncovered(&[book], &glyph_chars("王小明 and 丁 and 王\u{E000}")),
            vec!['王', '小', '明', '丁', '\u{E000}']
        );
    }

    #[test]
    fn missing_glyphs_name_the_code_point_and_line() {
        let text = "# Name\n\nA line with 丁 in it\n";
        let missing = MissingGlyph {
            ch: '丁',
            line: line_of(text, '丁'),
        };
        assert_eq!(missing.to_string(), "U+4E01 '丁' (line 3)");
    }
}

//! Markdown résumé → [`Profile`] plus [`Diagnostic`]s.
//!
//! The text is read by pulldown-cmark (CommonMark with GFM tables, strikethrough, footnotes, task
//! lists and YAML front matter) into a small block tree with byte spans (`tree`), which is then read
//! for structure:
//!
//! - **Name**: the first heading (ATX or Setext), as plain text. Without one, the front matter's
//!   `name` is used; failing that, [`ParseError::NoName`].
//! - **Header** (`header`): between the name and the first section: headline, contacts, tagline and
//!   anything else as `intro`.
//! - **Sections**: headings at the level just below the name's (`##` under `#`, Setext `---` under
//!   `===`; if the next heading is at the name's level or above, that level). The kind comes from the
//!   title (`sections`); skills-like sections are read into skill groups (`skills`), the others for
//!   entries (`entries`).
//!
//! Decisions worth knowing:
//!
//! - **Nothing is lost.** Every word of the source, except link targets, image alt text of badges,
//!   HTML comments, tag names in HTML blocks and the attributes after a code fence's language, ends
//!   up in some string of the profile ([`profile_words`] checks that). Separators (`|`, `·`, rules
//!   between sections) are syntax and are dropped. Table cells beyond the header's count, which
//!   GFM drops, are recovered from the source and kept (with a note).
//! - **Front matter** is a `---` block that is the first block of the text and reads as YAML.
//!   pulldown-cmark's own option would take *any* `---` line with text under it and another `---`
//!   further down for metadata, swallowing whole sections, so the body is parsed without it.
//! - **Inline HTML is text.** `<script>alert(1)</script>`, `<label>` and the like are kept as
//!   literal text, so the PDF prints what the author typed; only `<br>` becomes a line break,
//!   `<!-- comments -->` are left out (with a note) and `<img>` is left out like any image. An HTML
//!   *block* (a line that starts with a tag) is markup the author meant as HTML: its tags are
//!   left out and its text kept, with a note.
//! - **Links** keep only `https:`, `http:`, `mailto:` and `tel:` targets; any other target is
//!   dropped with a warning and the label is kept as text.
//! - **Images** are not printed: badges (shields.io and the like) are dropped, other images keep
//!   their alt text in place; each gets a note.
//! - **Footnotes**: references become `[label]`; definitions become paragraphs `[label] …` at the
//!   end of the section that first refers to them.
//! - **Depth**: lists, quotes and footnotes nested deeper than 16 levels, and inline formatting
//!   nested deeper than 16, are flattened with a warning, so no later stage recurses unboundedly.

mod blocks;
mod contacts;
mod dates;
mod entries;
mod header;
mod inline;
mod meta;
mod sections;
mod skills;
mod tree;
mod words;

#[cfg(test)]
mod tests;

use std::collections::BTreeMap;
use std::ops::Range;

use crate::diagnostic::Diagnostic;
use crate::profile::{Block, Profile, Section};

use inline::{Inl, is_blank, plain, trim};
use tree::Node;

pub(crate) use contacts::{kind_of_url, phone};
pub(crate) use tree::allowed_url;
pub use words::{profile_words, words};

/// A parsed résumé and what was noticed along the way.
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed {
    /// Everything that was understood.
    pub profile: Profile,
    /// Warnings and notes, in document order, with byte spans into the input.
    pub diagnostics: Vec<Diagnostic>,
}

/// Why a text could not be read as a résumé at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ParseError {
    /// The text is empty or only whitespace.
    #[error("the résumé is empty: write at least '# Your Name'")]
    Empty,
    /// There is no heading to take the name from.
    #[error("no name found: the résumé has no heading; start the file with '# Your Name'")]
    NoName {
        /// The first line of the text, where the name heading is expected.
        span: Range<usize>,
    },
}

/// Collects diagnostics while parsing.
#[derive(Debug, Default)]
pub(crate) struct Ctx {
    diagnostics: Vec<Diagnostic>,
}

impl Ctx {
    pub(crate) fn warn(
        &mut self,
        span: impl Into<Option<Range<usize>>>,
        message: impl Into<String>,
        hint: Option<&str>,
    ) {
        let d = Diagnostic::warning(span, message);
        self.diagnostics.push(match hint {
            Some(h) => d.with_hint(h),
            None => d,
        });
    }

    pub(crate) fn note(
        &mut self,
        span: impl Into<Option<Range<usize>>>,
        message: impl Into<String>,
        hint: Option<&str>,
    ) {
        let d = Diagnostic::note(span, message);
        self.diagnostics.push(match hint {
            Some(h) => d.with_hint(h),
            None => d,
        });
    }
}

/// Reads a Markdown résumé.
///
/// Never panics and runs in time roughly linear in the input. Soft problems (a date that does not
/// parse, a disallowed link, an empty section, a skipped image) are returned as diagnostics; only an
/// empty text or a text without any heading is an error.
pub fn parse(text: &str) -> Result<Parsed, ParseError> {
    let (body, base) = match text.strip_prefix('\u{feff}') {
        Some(rest) => (rest, '\u{feff}'.len_utf8()),
        None => (text, 0),
    };
    if body.trim().is_empty() {
        return Err(ParseError::Empty);
    }
    let mut ctx = Ctx::default();
    let doc = tree::build(body, base, &mut ctx);
    let meta = match &doc.front_matter {
        Some((fm, span)) => meta::parse(fm, span.clone(), &mut ctx),
        None => BTreeMap::new(),
    };

    // Footnote definitions go to the end of the section that first refers to them.
    let mut footnotes: Vec<(usize, Vec<Block>)> = Vec::new();
    let mut nodes = Vec::with_capacity(doc.nodes.len());
    for node in doc.nodes {
        match node {
            Node::Footnote {
                label,
                nodes: content,
                span,
            } => {
                let at = doc.footnote_refs.get(&label).copied().unwrap_or(span.start);
                footnotes.push((at, blocks::footnote(&label, content)));
            }
            other => nodes.push(other),
        }
    }

    let found = nodes.iter().enumerate().find_map(|(i, n)| match n {
        Node::Heading { level, inl, .. } if !is_blank(inl) => {
            Some((i, *level, plain(&trim(inl.clone())).trim().to_string()))
        }
        _ => None,
    });
    let (name, name_level, before, after) = match found {
        Some((index, level, name)) => {
            let mut before = nodes;
            let mut after = before.split_off(index);
            after.remove(0);
            (name, level, before, after)
        }
        None => match meta.get("name").map(|n| n.trim()).filter(|n| !n.is_empty()) {
            Some(name) => (name.to_string(), 0, Vec::new(), nodes),
            None => {
                return Err(ParseError::NoName {
                    span: first_line(text),
                });
            }
        },
    };

    // The section level: just below the name, or the name's own if the next heading is as high.
    let levels: Vec<u8> = after.iter().filter_map(Node::heading_level).collect();
    let section_level = match levels.first() {
        None => None,
        Some(&first) if first <= name_level => Some(name_level),
        Some(_) => levels.iter().copied().filter(|&l| l > name_level).min(),
    };

    let mut header_nodes = Vec::new();
    let mut raw_sections: Vec<(Vec<Inl>, Range<usize>, Vec<Node>)> = Vec::new();
    for node in after {
        match node {
            Node::Heading { level, inl, span } if section_level.is_some_and(|s| level <= s) => {
                if !is_blank(&inl) {
                    raw_sections.push((inl, span, Vec::new()));
                }
            }
            other => match raw_sections.last_mut() {
                Some((_, _, content)) => content.push(other),
                None => header_nodes.push(other),
            },
        }
    }

    let header = header::header(header_nodes);
    let mut intro = blocks::blocks(before);
    intro.extend(header.intro);

    let starts: Vec<usize> = raw_sections.iter().map(|(_, span, _)| span.start).collect();
    let mut sections: Vec<Section> = raw_sections
        .into_iter()
        .map(|(heading, span, content)| sections::section(heading, span, content, &mut ctx))
        .collect();
    for (at, blocks) in footnotes {
        match starts.partition_point(|&start| start <= at).checked_sub(1) {
            Some(i) => sections[i].blocks.extend(blocks),
            None => intro.extend(blocks),
        }
    }

    let mut diagnostics = ctx.diagnostics;
    diagnostics.sort_by_key(|d| d.span.as_ref().map_or(0, |s| s.start));
    Ok(Parsed {
        profile: Profile {
            name,
            headline: header.headline,
            tagline: header.tagline,
            contacts: header.contacts,
            intro,
            sections,
            meta,
        },
        diagnostics,
    })
}

/// The byte range of the first line that is not blank.
fn first_line(text: &str) -> Range<usize> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        if !content.trim().is_empty() {
            return offset..offset + content.len();
        }
        offset += line.len();
    }
    0..0
}

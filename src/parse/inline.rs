//! Inline content while parsing: a small tree with byte spans, and the operations the structure
//! recognisers need (lines, separators, trimming) before it becomes [`Span`]s.

use std::ops::Range;

use crate::profile::{Rich, Span};

/// One inline node with the byte range it came from.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Inl {
    pub kind: InlKind,
    pub span: Range<usize>,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum InlKind {
    Text(String),
    Code(String),
    Strong(Vec<Inl>),
    Emph(Vec<Inl>),
    Strike(Vec<Inl>),
    Link {
        url: Option<String>,
        children: Vec<Inl>,
    },
    SoftBreak,
    HardBreak,
}

impl Inl {
    pub fn text(text: impl Into<String>, span: Range<usize>) -> Self {
        Inl {
            kind: InlKind::Text(text.into()),
            span,
        }
    }

    /// The children of a formatting node.
    pub fn children(&self) -> Option<&[Inl]> {
        match &self.kind {
            InlKind::Strong(c) | InlKind::Emph(c) | InlKind::Strike(c) => Some(c),
            InlKind::Link { children, .. } => Some(children),
            _ => None,
        }
    }
}

/// Appends `inl`, merging adjacent text so separators and words are never split by the parser's
/// event boundaries.
pub(crate) fn push_inl(sink: &mut Vec<Inl>, inl: Inl) {
    if let InlKind::Text(t) = &inl.kind {
        if t.is_empty() {
            return;
        }
        if let Some(Inl {
            kind: InlKind::Text(prev),
            span,
        }) = sink.last_mut()
        {
            prev.push_str(t);
            span.start = span.start.min(inl.span.start);
            span.end = span.end.max(inl.span.end);
            return;
        }
    }
    sink.push(inl);
}

/// The byte range covered by `inl`, if it is not empty.
pub(crate) fn span_of(inl: &[Inl]) -> Option<Range<usize>> {
    let first = inl.first()?;
    let start = inl
        .iter()
        .map(|i| i.span.start)
        .min()
        .unwrap_or(first.span.start);
    let end = inl
        .iter()
        .map(|i| i.span.end)
        .max()
        .unwrap_or(first.span.end);
    Some(start..end)
}

/// Converts to the profile's rich text. Soft breaks become a space.
pub(crate) fn to_rich(inl: &[Inl]) -> Rich {
    let mut out: Rich = Vec::new();
    for node in inl {
        match &node.kind {
            InlKind::Text(t) => push_text(&mut out, t),
            InlKind::SoftBreak => push_text(&mut out, " "),
            InlKind::HardBreak => out.push(Span::Linebreak),
            InlKind::Code(t) => out.push(Span::Code { text: t.clone() }),
            InlKind::Strong(c) => out.push(Span::Strong {
                children: to_rich(c),
            }),
            InlKind::Emph(c) => out.push(Span::Emph {
                children: to_rich(c),
            }),
            InlKind::Strike(c) => out.push(Span::Strike {
                children: to_rich(c),
            }),
            InlKind::Link { url, children } => out.push(Span::Link {
                url: url.clone(),
                children: to_rich(children),
            }),
        }
    }
    out
}

fn push_text(out: &mut Rich, text: &str) {
    if text.is_empty() {
        return;
    }
    if let Some(Span::Text { text: prev }) = out.last_mut() {
        prev.push_str(text);
    } else {
        out.push(Span::text(text));
    }
}

/// The plain text, with every line break as a space.
pub(crate) fn plain(inl: &[Inl]) -> String {
    let mut out = String::new();
    push_plain(inl, &mut out);
    out
}

fn push_plain(inl: &[Inl], out: &mut String) {
    for node in inl {
        match &node.kind {
            InlKind::Text(t) | InlKind::Code(t) => out.push_str(t),
            InlKind::SoftBreak | InlKind::HardBreak => out.push(' '),
            InlKind::Strong(c) | InlKind::Emph(c) | InlKind::Strike(c) => push_plain(c, out),
            InlKind::Link { children, .. } => push_plain(children, out),
        }
    }
}

/// True if there is no visible text.
pub(crate) fn is_blank(inl: &[Inl]) -> bool {
    inl.iter().all(|node| match &node.kind {
        InlKind::Text(t) => t.trim().is_empty(),
        InlKind::Code(_) => false,
        InlKind::SoftBreak | InlKind::HardBreak => true,
        _ => node.children().is_some_and(is_blank),
    })
}

/// Removes whitespace and line breaks at both ends (at the top level).
pub(crate) fn trim(mut inl: Vec<Inl>) -> Vec<Inl> {
    // Leading.
    let mut drop = 0;
    for node in inl.iter_mut() {
        match &mut node.kind {
            InlKind::SoftBreak | InlKind::HardBreak => drop += 1,
            InlKind::Text(t) => {
                let trimmed = t.trim_start();
                if trimmed.is_empty() {
                    drop += 1;
                } else {
                    let cut = t.len() - trimmed.len();
                    if cut > 0 {
                        *t = trimmed.to_string();
                        if node.span.len() >= cut {
                            node.span.start += cut;
                        }
                    }
                    break;
                }
            }
            _ => break,
        }
    }
    inl.drain(..drop);
    // Trailing.
    while let Some(last) = inl.last_mut() {
        match &mut last.kind {
            InlKind::SoftBreak | InlKind::HardBreak => {
                inl.pop();
            }
            InlKind::Text(t) => {
                let trimmed_len = t.trim_end().len();
                if trimmed_len == 0 {
                    inl.pop();
                } else {
                    let cut = t.len() - trimmed_len;
                    if cut > 0 {
                        t.truncate(trimmed_len);
                        if last.span.len() >= cut {
                            last.span.end -= cut;
                        }
                    }
                    break;
                }
            }
            _ => break,
        }
    }
    inl
}

/// A line of a paragraph and the break that ended it.
#[derive(Debug, Clone)]
pub(crate) struct Line {
    pub inl: Vec<Inl>,
    /// The soft or hard break after the line, if any.
    pub brk: Option<Inl>,
}

/// Splits a paragraph into lines at its top-level soft and hard breaks.
pub(crate) fn split_lines(inl: &[Inl]) -> Vec<Line> {
    let mut lines = Vec::new();
    let mut cur = Vec::new();
    for node in inl {
        if matches!(node.kind, InlKind::SoftBreak | InlKind::HardBreak) {
            lines.push(Line {
                inl: std::mem::take(&mut cur),
                brk: Some(node.clone()),
            });
        } else {
            cur.push(node.clone());
        }
    }
    lines.push(Line {
        inl: cur,
        brk: None,
    });
    lines
}

/// Joins lines back into one paragraph with their original breaks (the last break is dropped).
pub(crate) fn join_lines(lines: Vec<Line>) -> Vec<Inl> {
    let n = lines.len();
    let mut out = Vec::new();
    for (i, line) in lines.into_iter().enumerate() {
        for node in line.inl {
            push_inl(&mut out, node);
        }
        if i + 1 < n
            && let Some(brk) = line.brk
        {
            out.push(brk);
        }
    }
    out
}

/// Which separators to split at.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Seps {
    /// `|` anywhere.
    pub pipe: bool,
    /// `·` and `•` with whitespace (or a node boundary) on both sides.
    pub dots: bool,
    /// `–`, `—` and `-` with whitespace (or a node boundary) on both sides.
    pub dashes: bool,
    /// `@` with whitespace on both sides.
    pub at: bool,
}

impl Seps {
    pub const LIST: Seps = Seps {
        pipe: true,
        dots: true,
        dashes: false,
        at: false,
    };
    pub const FIELDS: Seps = Seps {
        pipe: true,
        dots: true,
        dashes: true,
        at: false,
    };
    pub const HEADING: Seps = Seps {
        pipe: true,
        dots: true,
        dashes: true,
        at: true,
    };
}

/// Finds the next separator in `text` at or after byte `from`.
pub(crate) fn next_sep(text: &str, from: usize, seps: Seps) -> Option<Range<usize>> {
    let mut prev: Option<char> = text[..from].chars().next_back();
    let mut iter = text[from..].char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        let at = from + i;
        let next = iter.peek().map(|&(_, n)| n);
        let spaced = prev.is_none_or(char::is_whitespace) && next.is_none_or(char::is_whitespace);
        let hit = match c {
            '|' => seps.pipe,
            '·' | '•' => seps.dots && spaced,
            '–' | '—' | '-' => seps.dashes && spaced,
            '@' => seps.at && spaced && prev.is_some() && next.is_some(),
            _ => false,
        };
        if hit {
            return Some(at..at + c.len_utf8());
        }
        prev = Some(c);
    }
    None
}

/// A piece of a line between separators.
#[derive(Debug, Clone)]
pub(crate) struct Part {
    pub inl: Vec<Inl>,
    /// The separator that came before this part (empty for the first).
    pub sep: String,
}

/// Splits `inl` at separators in its top-level text; every part is trimmed.
pub(crate) fn split_parts(inl: &[Inl], seps: Seps) -> Vec<Part> {
    let mut parts = Vec::new();
    let mut cur = Vec::new();
    let mut sep = String::new();
    for node in inl {
        let InlKind::Text(t) = &node.kind else {
            cur.push(node.clone());
            continue;
        };
        let mut from = 0;
        while let Some(found) = next_sep(t, from, seps) {
            if found.start > from {
                push_inl(&mut cur, text_piece(node, t, from..found.start));
            }
            parts.push(Part {
                inl: trim(std::mem::take(&mut cur)),
                sep: std::mem::take(&mut sep),
            });
            sep = t[found.clone()].to_string();
            from = found.end;
        }
        if from < t.len() {
            push_inl(&mut cur, text_piece(node, t, from..t.len()));
        }
    }
    parts.push(Part {
        inl: trim(cur),
        sep,
    });
    parts
}

/// A piece of a text node, with an exact span when the text is the source verbatim.
pub(crate) fn text_piece(node: &Inl, text: &str, range: Range<usize>) -> Inl {
    let span = if node.span.len() == text.len() {
        node.span.start + range.start..node.span.start + range.end
    } else {
        node.span.clone()
    };
    Inl::text(&text[range], span)
}

/// If `inl` is a single strong or emphasised node (ignoring surrounding whitespace), its children.
pub(crate) fn sole_wrapper(inl: &[Inl]) -> Option<(&Inl, &[Inl])> {
    let mut found = None;
    for node in inl {
        match &node.kind {
            InlKind::Text(t) if t.trim().is_empty() => {}
            InlKind::Strong(c) | InlKind::Emph(c) if found.is_none() => {
                found = Some((node, c.as_slice()))
            }
            _ => return None,
        }
    }
    found
}

/// If `inl` is a single emphasised node, its children.
pub(crate) fn sole_emph(inl: &[Inl]) -> Option<&[Inl]> {
    sole_wrapper(inl).and_then(|(n, c)| matches!(n.kind, InlKind::Emph(_)).then_some(c))
}

/// The first link target in `inl`, depth first.
pub(crate) fn first_url(inl: &[Inl]) -> Option<String> {
    for node in inl {
        if let InlKind::Link { url: Some(url), .. } = &node.kind {
            return Some(url.clone());
        }
        if let Some(found) = node.children().and_then(first_url) {
            return Some(found);
        }
    }
    None
}

/// True if `inl` contains a link (with or without an allowed target).
pub(crate) fn has_link(inl: &[Inl]) -> bool {
    inl.iter()
        .any(|n| matches!(n.kind, InlKind::Link { .. }) || n.children().is_some_and(has_link))
}

/// If the part is exactly one strong or link node (a name such as `**[Org](url)**`), its plain
/// text and link target. A label such as `**Tech:**` is not a head.
pub(crate) fn head(inl: &[Inl]) -> Option<(String, Option<String>)> {
    let [node] = inl else { return None };
    match &node.kind {
        InlKind::Strong(_) | InlKind::Link { .. } => {
            let text = plain(std::slice::from_ref(node)).trim().to_string();
            if text.is_empty() || text.ends_with(':') {
                return None;
            }
            Some((text, first_url(std::slice::from_ref(node))))
        }
        _ => None,
    }
}

/// Counts the words of a plain string.
pub(crate) fn word_count(text: &str) -> usize {
    text.split_whitespace().count()
}

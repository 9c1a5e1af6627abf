//! Markdown events → a small block tree with byte spans.
//!
//! The tree is built with an explicit stack, never by recursion, and its depth is bounded: lists,
//! quotes and footnotes nested deeper than [`MAX_BLOCK_DEPTH`] are flattened into paragraphs of the
//! deepest kept container, and inline formatting deeper than [`MAX_INLINE_DEPTH`] is flattened into
//! its parent. Everything after this stage can therefore recurse safely.

use std::collections::HashMap;
use std::ops::Range;

use pulldown_cmark::{
    BrokenLink, CodeBlockKind, CowStr, Event, LinkType, Options, Parser, Tag, TagEnd,
};

use super::Ctx;
use super::inline::{Inl, InlKind, is_blank, plain, push_inl};

/// How deep lists, block quotes and footnotes may nest before they are flattened.
pub(crate) const MAX_BLOCK_DEPTH: usize = 16;
/// How deep inline formatting (bold, italic, links, …) may nest before it is flattened.
pub(crate) const MAX_INLINE_DEPTH: usize = 16;

/// A block of the document.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Node {
    Heading {
        level: u8,
        inl: Vec<Inl>,
        span: Range<usize>,
    },
    Para {
        inl: Vec<Inl>,
        span: Range<usize>,
    },
    List {
        ordered: bool,
        start: Option<u64>,
        items: Vec<Item>,
        span: Range<usize>,
    },
    Table {
        header: Vec<Vec<Inl>>,
        rows: Vec<Vec<Vec<Inl>>>,
        span: Range<usize>,
    },
    Quote {
        nodes: Vec<Node>,
        span: Range<usize>,
    },
    Code {
        lang: Option<String>,
        text: String,
        span: Range<usize>,
    },
    Rule {
        span: Range<usize>,
    },
    Footnote {
        label: String,
        nodes: Vec<Node>,
        span: Range<usize>,
    },
}

impl Node {
    pub fn heading_level(&self) -> Option<u8> {
        match self {
            Node::Heading { level, .. } => Some(*level),
            _ => None,
        }
    }
}

/// One list item: its blocks (a tight item's text is a paragraph too).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Item {
    pub nodes: Vec<Node>,
}

/// The parsed document.
#[derive(Debug, Default)]
pub(crate) struct Doc {
    pub nodes: Vec<Node>,
    /// The YAML front matter's text and span.
    pub front_matter: Option<(String, Range<usize>)>,
    /// Where each footnote label is first referenced.
    pub footnote_refs: HashMap<String, usize>,
}

/// What a parser is for: the YAML front matter option is only ever on while looking for front
/// matter at the start of the document (pulldown-cmark would otherwise take any `---` line that has
/// text under it and another `---` further down for a metadata block, swallowing whole sections).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    FrontMatter,
    Body,
}

/// The one place that configures and creates the Markdown parser.
fn markdown_events<'a, F>(
    text: &'a str,
    part: Part,
    broken_links: F,
) -> impl Iterator<Item = (Event<'a>, Range<usize>)>
where
    F: FnMut(BrokenLink<'a>) -> Option<(CowStr<'a>, CowStr<'a>)>,
{
    let mut options = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_TASKLISTS;
    if part == Part::FrontMatter {
        options |= Options::ENABLE_YAML_STYLE_METADATA_BLOCKS;
    }
    Parser::new_with_broken_link_callback(text, options, Some(broken_links)).into_offset_iter()
}

/// YAML front matter: a metadata block that is the first block of the text and whose lines read
/// as YAML. Returns its text and its byte range in `text`.
fn front_matter(text: &str) -> Option<(String, Range<usize>)> {
    if !text.trim_start().starts_with("---") {
        return None;
    }
    let mut events = markdown_events(text, Part::FrontMatter, |_: BrokenLink<'_>| None);
    let Some((Event::Start(Tag::MetadataBlock(_)), span)) = events.next() else {
        return None;
    };
    let mut yaml = String::new();
    for (event, _) in events {
        match event {
            Event::Text(t) => yaml.push_str(&t),
            _ => break,
        }
    }
    super::meta::looks_like_yaml(&yaml).then_some((yaml, span))
}

/// Parses `text` (which starts at byte `base` of the input) into a [`Doc`].
pub(crate) fn build(text: &str, base: usize, ctx: &mut Ctx) -> Doc {
    let mut broken: Vec<(Range<usize>, String)> = Vec::new();
    let mut body_start = 0;
    let mut front = None;
    if let Some((yaml, span)) = front_matter(text) {
        body_start = span.end.min(text.len());
        front = Some((yaml, span.start + base..span.end + base));
    }
    let body_base = base + body_start;
    let mut builder = Builder::new(&text[body_start..], body_base, ctx);
    builder.doc.front_matter = front;
    {
        let events = markdown_events(&text[body_start..], Part::Body, |link: BrokenLink<'_>| {
            if link.link_type == LinkType::Reference {
                broken.push((link.span.clone(), link.reference.to_string()));
            }
            None
        });
        for (event, range) in events {
            builder.event(event, range.start + body_base..range.end + body_base);
        }
    }
    let doc = builder.finish();
    for (span, reference) in broken {
        ctx.warn(
            span.start + body_base..span.end + body_base,
            format!(
                "link reference '[{}]' is not defined; the text is kept as written",
                clip(&reference)
            ),
            Some("add a line like '[name]: https://example.com' or write the link inline"),
        );
    }
    doc
}

/// Shortens a string for a message.
pub(crate) fn clip(s: &str) -> String {
    const MAX: usize = 60;
    let s = s.trim();
    if s.chars().count() <= MAX {
        s.to_string()
    } else {
        let mut out: String = s.chars().take(MAX).collect();
        out.push('…');
        out
    }
}

#[derive(Debug)]
enum BlocksKind {
    Root,
    Quote,
    Item,
    Footnote(String),
}

#[derive(Debug)]
enum InlineKind {
    Para,
    /// Inline content directly in a container (a tight list item's text).
    Implicit,
    Heading(u8),
    Cell,
    Strong,
    Emph,
    Strike,
    Link {
        dest: String,
        link_type: LinkType,
        dropped_image: bool,
    },
    Image {
        dest: String,
    },
}

#[derive(Debug)]
enum VerbatimKind {
    Code(Option<String>),
    Html,
    Meta,
}

#[derive(Debug)]
enum Frame {
    Blocks {
        kind: BlocksKind,
        nodes: Vec<Node>,
        span: Range<usize>,
    },
    List {
        ordered: bool,
        first: Option<u64>,
        items: Vec<Item>,
        span: Range<usize>,
    },
    Inline {
        kind: InlineKind,
        inl: Vec<Inl>,
        span: Range<usize>,
    },
    Table {
        header: Vec<Vec<Inl>>,
        rows: Vec<Vec<Vec<Inl>>>,
        row: Vec<Vec<Inl>>,
        /// Where the last cell of the current row ended, to find cells beyond the header's count.
        cell_end: usize,
        span: Range<usize>,
    },
    Verbatim {
        kind: VerbatimKind,
        text: String,
        span: Range<usize>,
    },
}

struct Builder<'c, 's> {
    /// The text being parsed and its offset in the input, to recover what the parser drops.
    src: &'s str,
    base: usize,
    stack: Vec<Frame>,
    /// For every open tag: whether it pushed a frame (false when flattened or transparent).
    opened: Vec<bool>,
    block_depth: usize,
    inline_depth: usize,
    flattened: bool,
    ctx: &'c mut Ctx,
    doc: Doc,
}

impl<'c, 's> Builder<'c, 's> {
    fn new(src: &'s str, base: usize, ctx: &'c mut Ctx) -> Self {
        Builder {
            src,
            base,
            stack: vec![Frame::Blocks {
                kind: BlocksKind::Root,
                nodes: Vec::new(),
                span: base..base,
            }],
            opened: Vec::new(),
            block_depth: 0,
            inline_depth: 0,
            flattened: false,
            ctx,
            doc: Doc::default(),
        }
    }

    fn event(&mut self, event: Event<'_>, span: Range<usize>) {
        match event {
            Event::Start(tag) => self.start(tag, span),
            Event::End(end) => self.end(end, span),
            Event::Text(text) => {
                if let Some(Frame::Verbatim { text: buf, .. }) = self.stack.last_mut() {
                    buf.push_str(&text);
                } else {
                    self.inline(Inl::text(text.to_string(), span));
                }
            }
            Event::Code(code) => self.inline(Inl {
                kind: InlKind::Code(code.to_string()),
                span,
            }),
            Event::InlineMath(m) => self.inline(Inl::text(format!("${m}$"), span)),
            Event::DisplayMath(m) => self.inline(Inl::text(format!("$${m}$$"), span)),
            Event::Html(html) => {
                if let Some(Frame::Verbatim { text: buf, .. }) = self.stack.last_mut() {
                    buf.push_str(&html);
                } else {
                    self.inline_html(&html, span);
                }
            }
            Event::InlineHtml(html) => self.inline_html(&html, span),
            Event::FootnoteReference(label) => {
                self.doc
                    .footnote_refs
                    .entry(label.to_string())
                    .or_insert(span.start);
                self.inline(Inl::text(format!("[{label}]"), span));
            }
            Event::SoftBreak => self.inline(Inl {
                kind: InlKind::SoftBreak,
                span,
            }),
            Event::HardBreak => self.inline(Inl {
                kind: InlKind::HardBreak,
                span,
            }),
            Event::Rule => {
                self.close_implicit();
                self.add_node(Node::Rule { span });
            }
            Event::TaskListMarker(done) => {
                self.inline(Inl::text(if done { "[x] " } else { "[ ] " }, span));
            }
        }
    }

    fn start(&mut self, tag: Tag<'_>, span: Range<usize>) {
        let pushed = match tag {
            Tag::Paragraph => self.push_block(Frame::Inline {
                kind: InlineKind::Para,
                inl: Vec::new(),
                span,
            }),
            Tag::Heading { level, .. } => self.push_block(Frame::Inline {
                kind: InlineKind::Heading(level as u8),
                inl: Vec::new(),
                span,
            }),
            Tag::BlockQuote(_) => self.push_container(Frame::Blocks {
                kind: BlocksKind::Quote,
                nodes: Vec::new(),
                span,
            }),
            Tag::List(first) => self.push_container(Frame::List {
                ordered: first.is_some(),
                first,
                items: Vec::new(),
                span,
            }),
            Tag::FootnoteDefinition(label) => self.push_container(Frame::Blocks {
                kind: BlocksKind::Footnote(label.to_string()),
                nodes: Vec::new(),
                span,
            }),
            Tag::Item => {
                self.close_implicit();
                if matches!(self.stack.last(), Some(Frame::List { .. })) {
                    self.stack.push(Frame::Blocks {
                        kind: BlocksKind::Item,
                        nodes: Vec::new(),
                        span,
                    });
                    true
                } else {
                    false // Its list was flattened: its content joins the nearest kept container.
                }
            }
            Tag::CodeBlock(kind) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => info
                        .split_whitespace()
                        .next()
                        .filter(|s| !s.is_empty())
                        .map(str::to_string),
                    CodeBlockKind::Indented => None,
                };
                self.push_block(Frame::Verbatim {
                    kind: VerbatimKind::Code(lang),
                    text: String::new(),
                    span,
                })
            }
            Tag::HtmlBlock => self.push_block(Frame::Verbatim {
                kind: VerbatimKind::Html,
                text: String::new(),
                span,
            }),
            Tag::MetadataBlock(_) => self.push_block(Frame::Verbatim {
                kind: VerbatimKind::Meta,
                text: String::new(),
                span,
            }),
            Tag::Table(_) => self.push_block(Frame::Table {
                header: Vec::new(),
                rows: Vec::new(),
                row: Vec::new(),
                cell_end: span.start,
                span,
            }),
            Tag::TableCell => {
                self.stack.push(Frame::Inline {
                    kind: InlineKind::Cell,
                    inl: Vec::new(),
                    span,
                });
                true
            }
            Tag::Emphasis => self.push_inline(InlineKind::Emph, span),
            Tag::Strong => self.push_inline(InlineKind::Strong, span),
            Tag::Strikethrough => self.push_inline(InlineKind::Strike, span),
            Tag::Link {
                link_type,
                dest_url,
                ..
            } => self.push_inline(
                InlineKind::Link {
                    dest: dest_url.to_string(),
                    link_type,
                    dropped_image: false,
                },
                span,
            ),
            Tag::Image { dest_url, .. } => self.push_inline(
                InlineKind::Image {
                    dest: dest_url.to_string(),
                },
                span,
            ),
            // Rows are collected when they end; the rest is not enabled and passes through.
            Tag::TableHead
            | Tag::TableRow
            | Tag::Superscript
            | Tag::Subscript
            | Tag::DefinitionList
            | Tag::DefinitionListTitle
            | Tag::DefinitionListDefinition => false,
        };
        self.opened.push(pushed);
    }

    fn push_block(&mut self, frame: Frame) -> bool {
        self.close_implicit();
        self.stack.push(frame);
        true
    }

    fn push_container(&mut self, frame: Frame) -> bool {
        self.close_implicit();
        if self.block_depth >= MAX_BLOCK_DEPTH {
            self.flatten_warning(frame_span(&frame));
            return false;
        }
        self.block_depth += 1;
        self.stack.push(frame);
        true
    }

    fn push_inline(&mut self, kind: InlineKind, span: Range<usize>) -> bool {
        self.ensure_inline(&span);
        if self.inline_depth >= MAX_INLINE_DEPTH {
            self.flatten_warning(span);
            return false;
        }
        self.inline_depth += 1;
        self.stack.push(Frame::Inline {
            kind,
            inl: Vec::new(),
            span,
        });
        true
    }

    fn flatten_warning(&mut self, span: Range<usize>) {
        if !self.flattened {
            self.flattened = true;
            self.ctx.warn(
                span,
                format!(
                    "nesting deeper than {MAX_BLOCK_DEPTH} levels is flattened; the text is kept"
                ),
                Some("use fewer levels of nested lists, quotes or formatting"),
            );
        }
    }

    fn end(&mut self, end: TagEnd, span: Range<usize>) {
        let pushed = self.opened.pop().unwrap_or(false);
        match end {
            TagEnd::TableHead => {
                if let Some(Frame::Table { header, row, .. }) = self.stack.last_mut() {
                    *header = std::mem::take(row);
                }
                return;
            }
            TagEnd::TableRow => {
                let extra = match self.stack.last() {
                    Some(Frame::Table { cell_end, .. }) => self.extra_cells(*cell_end, span.end),
                    _ => Vec::new(),
                };
                if !extra.is_empty() {
                    self.ctx.note(
                        span.clone(),
                        "a table row has more cells than the header; the extra cells are kept as written",
                        Some("give the header row as many cells as the longest row"),
                    );
                }
                if let Some(Frame::Table { rows, row, .. }) = self.stack.last_mut() {
                    row.extend(extra);
                    rows.push(std::mem::take(row));
                }
                return;
            }
            _ => {}
        }
        let is_container = matches!(
            end,
            TagEnd::Item | TagEnd::List(_) | TagEnd::BlockQuote(_) | TagEnd::FootnoteDefinition
        );
        if is_container {
            self.close_implicit();
        }
        if !pushed {
            return;
        }
        let Some(frame) = self.stack.pop() else {
            return;
        };
        match frame {
            Frame::Blocks {
                kind,
                nodes,
                span: start,
            } => {
                let span = start.start..span.end.max(start.end);
                match kind {
                    BlocksKind::Root => self.stack.push(Frame::Blocks { kind, nodes, span }),
                    BlocksKind::Quote => {
                        self.block_depth -= 1;
                        self.add_node(Node::Quote { nodes, span });
                    }
                    BlocksKind::Footnote(label) => {
                        self.block_depth -= 1;
                        self.add_node(Node::Footnote { label, nodes, span });
                    }
                    BlocksKind::Item => {
                        if let Some(Frame::List { items, .. }) = self.stack.last_mut() {
                            items.push(Item { nodes });
                        } else {
                            self.add_nodes(nodes);
                        }
                    }
                }
            }
            Frame::List {
                ordered,
                first,
                items,
                span,
            } => {
                self.block_depth -= 1;
                self.add_node(Node::List {
                    ordered,
                    start: first,
                    items,
                    span,
                });
            }
            Frame::Table {
                header, rows, span, ..
            } => self.add_node(Node::Table { header, rows, span }),
            Frame::Verbatim { kind, text, span } => match kind {
                VerbatimKind::Code(lang) => self.add_node(Node::Code { lang, text, span }),
                VerbatimKind::Meta => self.doc.front_matter = Some((text, span)),
                VerbatimKind::Html => self.html_block(&text, span),
            },
            Frame::Inline { kind, inl, span } => self.end_inline(kind, inl, span),
        }
    }

    fn end_inline(&mut self, kind: InlineKind, inl: Vec<Inl>, span: Range<usize>) {
        match kind {
            InlineKind::Para | InlineKind::Implicit => self.add_node(Node::Para { inl, span }),
            InlineKind::Heading(level) => self.add_node(Node::Heading { level, inl, span }),
            InlineKind::Cell => {
                if let Some(Frame::Table { row, cell_end, .. }) = self.stack.last_mut() {
                    row.push(inl);
                    *cell_end = (*cell_end).max(span.end);
                } else {
                    self.add_node(Node::Para { inl, span });
                }
            }
            InlineKind::Strong => self.finish_inline(Inl {
                kind: InlKind::Strong(inl),
                span,
            }),
            InlineKind::Emph => self.finish_inline(Inl {
                kind: InlKind::Emph(inl),
                span,
            }),
            InlineKind::Strike => self.finish_inline(Inl {
                kind: InlKind::Strike(inl),
                span,
            }),
            InlineKind::Link {
                dest,
                link_type,
                dropped_image,
            } => {
                self.inline_depth -= 1;
                let blank = is_blank(&inl);
                if blank && dropped_image {
                    return; // A badge link: the image is gone and there is nothing left to print.
                }
                let url = self.link_url(&dest, link_type, &inl, &span);
                let children = if blank {
                    vec![Inl::text(dest, span.clone())]
                } else {
                    inl
                };
                self.push_to_sink(Inl {
                    kind: InlKind::Link { url, children },
                    span,
                });
            }
            InlineKind::Image { dest } => {
                self.inline_depth -= 1;
                self.end_image(&dest, inl, span);
            }
        }
    }

    fn finish_inline(&mut self, inl: Inl) {
        self.inline_depth -= 1;
        self.push_to_sink(inl);
    }

    fn end_image(&mut self, dest: &str, alt: Vec<Inl>, span: Range<usize>) {
        let alt_text = plain(&alt);
        let alt_text = alt_text.trim();
        if is_badge(dest) || alt_text.is_empty() {
            self.mark_dropped_image();
            let what = if alt_text.is_empty() {
                String::new()
            } else {
                format!(" '{}'", clip(alt_text))
            };
            let kind = if is_badge(dest) {
                "badge image"
            } else {
                "image"
            };
            self.ctx.note(
                span,
                format!("{kind}{what} is left out: cvpdf does not print images"),
                None,
            );
        } else {
            self.ctx.note(
                span,
                format!(
                    "image '{}' is left out: cvpdf does not print images; its alt text is kept",
                    clip(alt_text)
                ),
                None,
            );
            for node in alt {
                self.push_to_sink(node);
            }
        }
    }

    fn mark_dropped_image(&mut self) {
        for frame in self.stack.iter_mut().rev() {
            if let Frame::Inline {
                kind: InlineKind::Link { dropped_image, .. },
                ..
            } = frame
            {
                *dropped_image = true;
                return;
            }
        }
    }

    fn link_url(
        &mut self,
        dest: &str,
        link_type: LinkType,
        label: &[Inl],
        span: &Range<usize>,
    ) -> Option<String> {
        if link_type == LinkType::Email {
            return Some(format!("mailto:{dest}"));
        }
        let label = plain(label);
        if dest.trim().is_empty() {
            self.ctx.warn(
                span.clone(),
                format!(
                    "link '{}' has no target; the label is kept as text",
                    clip(&label)
                ),
                Some("write the address in the parentheses: [label](https://example.com)"),
            );
            return None;
        }
        if allowed_url(dest) {
            Some(dest.to_string())
        } else {
            self.ctx.warn(
                span.clone(),
                format!(
                    "link target '{}' is not allowed (only https, http, mailto and tel); the label is kept as text",
                    clip(dest)
                ),
                Some("use a full https:// address"),
            );
            None
        }
    }

    /// The cells of a table row beyond the header's count, which the parser drops: the source
    /// after the last kept cell, split at unescaped `|` outside code spans, as written.
    fn extra_cells(&self, from: usize, to: usize) -> Vec<Vec<Inl>> {
        let (Some(start), Some(end)) = (from.checked_sub(self.base), to.checked_sub(self.base))
        else {
            return Vec::new();
        };
        let Some(rest) = self.src.get(start..end) else {
            return Vec::new();
        };
        let mut cells = Vec::new();
        let mut cell = String::new();
        let mut cell_start = from;
        let mut in_code = false;
        let mut escaped = false;
        for (i, c) in rest.char_indices() {
            match c {
                '|' if !escaped && !in_code => {
                    cells.push((std::mem::take(&mut cell), cell_start..from + i));
                    cell_start = from + i + 1;
                }
                '`' => {
                    in_code = !in_code;
                    cell.push(c);
                }
                '\\' if !escaped => {
                    escaped = true;
                    continue;
                }
                _ => {
                    if escaped && c != '|' {
                        cell.push('\\');
                    }
                    cell.push(c);
                }
            }
            escaped = false;
        }
        cells.push((cell, cell_start..to));
        cells
            .into_iter()
            .filter(|(text, _)| !text.trim().is_empty())
            .map(|(text, span)| vec![Inl::text(text.trim(), span)])
            .collect()
    }

    fn inline_html(&mut self, html: &str, span: Range<usize>) {
        let t = html.trim();
        let lower = t.to_ascii_lowercase();
        if is_line_break_tag(&lower) {
            self.inline(Inl {
                kind: InlKind::HardBreak,
                span,
            });
        } else if lower.starts_with("<!--") {
            self.ctx.note(span, "an HTML comment is left out", None);
        } else if lower.starts_with("<img") {
            self.ctx.note(
                span,
                "an HTML image is left out: cvpdf does not print images",
                None,
            );
        } else {
            // Anything else that looks like a tag is printed exactly as written.
            self.inline(Inl::text(html, span));
        }
    }

    /// An HTML block: its tags are left out and its text is kept, line by line.
    fn html_block(&mut self, html: &str, span: Range<usize>) {
        let (lines, images) = html_text(html);
        if images > 0 {
            self.ctx.note(
                span.clone(),
                "an HTML image is left out: cvpdf does not print images",
                None,
            );
        }
        if lines.is_empty() {
            if images == 0 {
                self.ctx
                    .note(span, "an HTML block with no text is left out", None);
            }
            return;
        }
        self.ctx.note(
            span.clone(),
            "the tags of an HTML block are left out; its text is kept",
            None,
        );
        let mut inl = Vec::new();
        for (i, line) in lines.into_iter().enumerate() {
            if i > 0 {
                inl.push(Inl {
                    kind: InlKind::HardBreak,
                    span: span.clone(),
                });
            }
            inl.push(Inl::text(line, span.clone()));
        }
        self.add_node(Node::Para { inl, span });
    }

    /// Adds an inline node to the innermost inline frame, opening an implicit paragraph if needed.
    fn inline(&mut self, inl: Inl) {
        self.ensure_inline(&inl.span);
        self.push_to_sink(inl);
    }

    fn ensure_inline(&mut self, span: &Range<usize>) {
        if !matches!(self.stack.last(), Some(Frame::Inline { .. })) {
            self.stack.push(Frame::Inline {
                kind: InlineKind::Implicit,
                inl: Vec::new(),
                span: span.clone(),
            });
        }
    }

    fn push_to_sink(&mut self, inl: Inl) {
        self.ensure_inline(&inl.span);
        if let Some(Frame::Inline {
            inl: sink, span, ..
        }) = self.stack.last_mut()
        {
            span.end = span.end.max(inl.span.end);
            push_inl(sink, inl);
        }
    }

    fn close_implicit(&mut self) {
        if let Some(Frame::Inline {
            kind: InlineKind::Implicit,
            ..
        }) = self.stack.last()
            && let Some(Frame::Inline { inl, span, .. }) = self.stack.pop()
        {
            self.add_node(Node::Para { inl, span });
        }
    }

    /// Adds a block to the innermost container.
    fn add_node(&mut self, node: Node) {
        for frame in self.stack.iter_mut().rev() {
            match frame {
                Frame::Blocks { nodes, .. } => {
                    nodes.push(node);
                    return;
                }
                Frame::List { items, .. } => {
                    // Not produced by the parser; kept rather than lost.
                    items.push(Item { nodes: vec![node] });
                    return;
                }
                _ => {}
            }
        }
    }

    fn add_nodes(&mut self, nodes: Vec<Node>) {
        for node in nodes {
            self.add_node(node);
        }
    }

    fn finish(mut self) -> Doc {
        self.close_implicit();
        // The parser balances its tags; this only salvages the text of a truncated stream.
        while self.stack.len() > 1 {
            match self.stack.pop() {
                Some(Frame::Inline { inl, span, .. }) => self.add_node(Node::Para { inl, span }),
                Some(Frame::Blocks { nodes, .. }) => self.add_nodes(nodes),
                Some(Frame::List { items, .. }) => {
                    for item in items {
                        self.add_nodes(item.nodes);
                    }
                }
                Some(Frame::Table {
                    header, rows, span, ..
                }) => self.add_node(Node::Table { header, rows, span }),
                Some(Frame::Verbatim { text, span, .. }) => self.add_node(Node::Code {
                    lang: None,
                    text,
                    span,
                }),
                None => break,
            }
        }
        if let Some(Frame::Blocks { nodes, .. }) = self.stack.pop() {
            self.doc.nodes = nodes;
        }
        self.doc
    }
}

fn frame_span(frame: &Frame) -> Range<usize> {
    match frame {
        Frame::Blocks { span, .. }
        | Frame::List { span, .. }
        | Frame::Inline { span, .. }
        | Frame::Table { span, .. }
        | Frame::Verbatim { span, .. } => span.clone(),
    }
}

/// True for the link schemes a résumé may carry: `https:`, `http:`, `mailto:` and `tel:`.
pub(crate) fn allowed_url(url: &str) -> bool {
    let Some((scheme, _)) = url.split_once(':') else {
        return false;
    };
    ["https", "http", "mailto", "tel"]
        .iter()
        .any(|s| scheme.eq_ignore_ascii_case(s))
}

/// True for badge images (shields and the like), which carry no words worth printing.
fn is_badge(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    [
        "shields.io",
        "badgen",
        "badge",
        "readme-stats",
        "komarev.com",
        "codecov.io",
        "coveralls.io",
    ]
    .iter()
    .any(|s| lower.contains(s))
}

fn is_line_break_tag(lower: &str) -> bool {
    let inner = lower
        .trim_start_matches('<')
        .trim_end_matches('>')
        .trim_end_matches('/')
        .trim();
    inner == "br"
}

/// The text of an HTML block: tags and comments removed, entities decoded, blank lines dropped.
/// Returns the lines and the number of `<img>` tags seen.
fn html_text(html: &str) -> (Vec<String>, usize) {
    let mut out = String::new();
    let mut images = 0;
    let mut rest = html;
    let mut no_more_tags = false;
    while let Some(lt) = rest.find('<') {
        out.push_str(&rest[..lt]);
        let tail = &rest[lt..];
        let next = tail[1..].chars().next();
        if no_more_tags
            || !next.is_some_and(|c| c.is_ascii_alphabetic() || matches!(c, '/' | '!' | '?'))
        {
            out.push('<');
            rest = &tail[1..];
            continue;
        }
        let (close, skip) = if tail.starts_with("<!--") {
            (tail.find("-->"), 3)
        } else {
            (tail.find('>'), 1)
        };
        let Some(close) = close else {
            // No tag ends after this point: the rest is text.
            no_more_tags = true;
            out.push('<');
            rest = &tail[1..];
            continue;
        };
        let tag = tail[..close].to_ascii_lowercase();
        if tag.starts_with("<img") {
            images += 1;
        }
        if tag.starts_with("<br")
            || tag.starts_with("</p")
            || tag.starts_with("</div")
            || tag.starts_with("</li")
        {
            out.push('\n');
        }
        rest = &tail[close + skip..];
    }
    out.push_str(rest);
    let text = decode_entities(&out);
    let lines = text
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect();
    (lines, images)
}

fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let tail = &rest[amp..];
        let end = tail
            .char_indices()
            .take(12)
            .find(|&(_, c)| c == ';')
            .map(|(i, _)| i);
        let decoded = end.and_then(|end| {
            let name = &tail[1..end];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some('\u{a0}'),
                _ => name
                    .strip_prefix("#x")
                    .or_else(|| name.strip_prefix("#X"))
                    .and_then(|h| u32::from_str_radix(h, 16).ok())
                    .or_else(|| name.strip_prefix('#').and_then(|d| d.parse().ok()))
                    .and_then(char::from_u32),
            };
            c.map(|c| (c, end + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &tail[len..];
            }
            None => {
                out.push('&');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

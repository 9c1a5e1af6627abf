//! Generic conversion of document blocks into profile blocks, keeping everything.

use crate::profile::{Block, ListItem, Span};

use super::inline::{Inl, is_blank, to_rich, trim};
use super::tree::{Item, Node};

/// Converts blocks in order.
pub(crate) fn blocks(nodes: Vec<Node>) -> Vec<Block> {
    let mut out = Vec::new();
    for node in nodes {
        block(node, &mut out);
    }
    out
}

/// Converts one block (a footnote definition may give several).
pub(crate) fn block(node: Node, out: &mut Vec<Block>) {
    match node {
        Node::Heading { level, inl, .. } => {
            let inl = trim(inl);
            if !is_blank(&inl) {
                out.push(Block::Heading {
                    level,
                    content: to_rich(&inl),
                });
            }
        }
        Node::Para { inl, .. } => out.extend(paragraph(inl)),
        Node::List {
            ordered,
            start,
            items,
            ..
        } => out.push(list(ordered, start, items)),
        Node::Table { header, rows, .. } => out.push(Block::Table {
            header: header.iter().map(|c| to_rich(&trim(c.clone()))).collect(),
            rows: rows
                .iter()
                .map(|r| r.iter().map(|c| to_rich(&trim(c.clone()))).collect())
                .collect(),
        }),
        Node::Quote { nodes, .. } => {
            let blocks = blocks(nodes);
            if !blocks.is_empty() {
                out.push(Block::Quote { blocks });
            }
        }
        Node::Code { lang, text, .. } => {
            let text = text.strip_suffix('\n').unwrap_or(&text).to_string();
            out.push(Block::Code { lang, text });
        }
        Node::Rule { .. } => out.push(Block::Rule),
        Node::Footnote { label, nodes, .. } => out.extend(footnote(&label, nodes)),
    }
}

/// A paragraph, or nothing if it has no visible text.
pub(crate) fn paragraph(inl: Vec<Inl>) -> Option<Block> {
    let inl = trim(inl);
    (!is_blank(&inl)).then(|| Block::Paragraph {
        content: to_rich(&inl),
    })
}

/// A list; a tight item's text and a loose item's first paragraph become the item's content.
pub(crate) fn list(ordered: bool, start: Option<u64>, items: Vec<Item>) -> Block {
    Block::List {
        ordered,
        start: if ordered { start } else { None },
        items: items.into_iter().map(list_item).collect(),
    }
}

pub(crate) fn list_item(item: Item) -> ListItem {
    let mut nodes = item.nodes.into_iter().peekable();
    let content = match nodes.peek() {
        Some(Node::Para { .. }) => match nodes.next() {
            Some(Node::Para { inl, .. }) => to_rich(&trim(inl)),
            _ => Vec::new(),
        },
        _ => Vec::new(),
    };
    ListItem {
        content,
        children: blocks(nodes.collect()),
    }
}

/// A footnote definition as paragraphs: the first starts with its label (`[1] …`).
pub(crate) fn footnote(label: &str, nodes: Vec<Node>) -> Vec<Block> {
    let mut out = blocks(nodes);
    match out.first_mut() {
        Some(Block::Paragraph { content }) => match content.first_mut() {
            Some(Span::Text { text }) => text.insert_str(0, &format!("[{label}] ")),
            _ => content.insert(0, Span::text(format!("[{label}] "))),
        },
        _ => out.insert(
            0,
            Block::Paragraph {
                content: vec![Span::text(format!("[{label}]"))],
            },
        ),
    }
    out
}

//! Skills (and spoken languages, interests): labelled groups of short items.
//!
//! Recognised: a heading followed by a list of items (`### Backend` + `Go, Rust`), labelled lines
//! (`**Primary:** A • B • C`, one per line), a bare item line (`Java • Kotlin • Scala`), a bullet
//! list of labelled or short items, and a two-column table (`Area | Tools`). Anything else is kept
//! as ordinary content. Items keep their words exactly; formatting inside an item is not kept.

use std::collections::VecDeque;

use crate::profile::{Block, SkillGroup};

use super::blocks;
use super::inline::{Inl, InlKind, is_blank, plain, split_lines, trim, word_count};
use super::tree::{Item, Node};

/// The most words an item may have (longer text is prose, not a skill).
const MAX_ITEM_WORDS: usize = 8;

struct Out {
    blocks: Vec<Block>,
    groups: Vec<SkillGroup>,
}

impl Out {
    fn flush(&mut self) {
        if !self.groups.is_empty() {
            self.blocks.push(Block::Skills {
                groups: std::mem::take(&mut self.groups),
                columns: None,
            });
        }
    }

    fn push(&mut self, block: Block) {
        self.flush();
        self.blocks.push(block);
    }
}

/// Converts the content of a skills-like section.
pub(crate) fn section_blocks(nodes: Vec<Node>) -> Vec<Block> {
    let mut out = Out {
        blocks: Vec::new(),
        groups: Vec::new(),
    };
    let total = nodes.len();
    let last_content = nodes.iter().rposition(|n| !matches!(n, Node::Rule { .. }));
    let mut queue: VecDeque<Node> = nodes.into();
    while let Some(node) = queue.pop_front() {
        let index = total - queue.len() - 1;
        match node {
            Node::Heading { level, inl, span } => {
                let label = plain(&trim(inl.clone())).trim().to_string();
                let heading = Node::Heading { level, inl, span };
                match queue.front() {
                    Some(Node::Para { inl: para, .. }) => {
                        if let Some(groups) = labelled_lines(para) {
                            out.flush();
                            blocks::block(heading, &mut out.blocks);
                            out.groups.extend(groups);
                            queue.pop_front();
                        } else if let Some(items) = item_list(&plain(para)) {
                            out.groups.push(SkillGroup {
                                label: Some(label),
                                items,
                            });
                            queue.pop_front();
                        } else {
                            out.flush();
                            blocks::block(heading, &mut out.blocks);
                        }
                    }
                    Some(Node::List { items, .. }) => {
                        if let Some(groups) = list_groups(items) {
                            out.flush();
                            blocks::block(heading, &mut out.blocks);
                            out.groups.extend(groups);
                            queue.pop_front();
                        } else if let Some(items) = short_items(items) {
                            out.groups.push(SkillGroup {
                                label: Some(label),
                                items,
                            });
                            queue.pop_front();
                        } else {
                            out.flush();
                            blocks::block(heading, &mut out.blocks);
                        }
                    }
                    _ => {
                        out.flush();
                        blocks::block(heading, &mut out.blocks);
                    }
                }
            }
            Node::Para { inl, span } => {
                if let Some(groups) = labelled_lines(&inl) {
                    out.groups.extend(groups);
                } else if let Some(items) = item_list(&plain(&inl)).filter(|items| items.len() >= 2)
                {
                    out.groups.push(SkillGroup { label: None, items });
                } else {
                    out.flush();
                    blocks::block(Node::Para { inl, span }, &mut out.blocks);
                }
            }
            Node::List {
                ordered,
                start,
                items,
                ..
            } => {
                if let Some(groups) = list_groups(&items) {
                    out.groups.extend(groups);
                } else if let Some(items) = short_items(&items).filter(|_| !ordered) {
                    out.groups.push(SkillGroup { label: None, items });
                } else {
                    out.push(blocks::list(ordered, start, items));
                }
            }
            Node::Table { header, rows, span } => {
                if let Some((groups, columns)) = table_groups(&header, &rows) {
                    out.flush();
                    out.blocks.push(Block::Skills {
                        groups,
                        columns: Some(columns),
                    });
                } else {
                    out.flush();
                    blocks::block(Node::Table { header, rows, span }, &mut out.blocks);
                }
            }
            Node::Rule { .. } => {
                // A separator at either end of the section is dropped.
                let started = !out.blocks.is_empty() || !out.groups.is_empty();
                let trailing = last_content.is_none_or(|last| index > last);
                if started && !trailing && !matches!(out.blocks.last(), Some(Block::Rule)) {
                    out.push(Block::Rule);
                }
            }
            other => {
                out.flush();
                blocks::block(other, &mut out.blocks);
            }
        }
    }
    out.flush();
    out.blocks
}

/// `**Label:** items` lines (continuation lines join the group above). `None` if any line is
/// something else.
fn labelled_lines(inl: &[Inl]) -> Option<Vec<SkillGroup>> {
    let mut groups: Vec<SkillGroup> = Vec::new();
    let mut any_label = false;
    for line in split_lines(inl) {
        let line = trim(line.inl);
        if is_blank(&line) {
            continue;
        }
        if let Some((label, items)) = labelled(&line) {
            any_label = true;
            groups.push(SkillGroup {
                label: Some(label),
                items,
            });
        } else if let Some(last) = groups.last_mut().filter(|_| any_label) {
            last.items.extend(item_list(&plain(&line))?);
        } else {
            return None;
        }
    }
    (any_label && !groups.is_empty()).then_some(groups)
}

/// A labelled line: `**Label:** a, b`, `**Label**: a, b` or `Label: a, b`.
pub(crate) fn labelled(line: &[Inl]) -> Option<(String, Vec<String>)> {
    let (label, rest) = split_label(line)?;
    let items = item_list(&rest)?;
    Some((label, items))
}

/// Splits `**Label:** rest` (or `**Label**: rest`, `Label: rest`) into the label and the rest.
pub(crate) fn split_label(line: &[Inl]) -> Option<(String, String)> {
    let (first, tail) = line.split_first()?;
    let (label, rest) = match &first.kind {
        InlKind::Strong(c) | InlKind::Emph(c) => {
            let text = plain(c);
            let text = text.trim();
            let rest = plain(tail);
            if let Some(label) = text.strip_suffix(':') {
                (label.trim().to_string(), rest)
            } else if let Some(rest) = rest.trim_start().strip_prefix(':') {
                (text.to_string(), rest.to_string())
            } else {
                return None;
            }
        }
        InlKind::Text(t) => {
            let (label, after) = t.split_once(':')?;
            let label = label.trim();
            if label.is_empty()
                || word_count(label) > 4
                || label.len() > 40
                || after.starts_with("//")
            {
                return None;
            }
            (label.to_string(), format!("{after}{}", plain(tail)))
        }
        _ => return None,
    };
    if label.is_empty() || rest.trim().is_empty() {
        return None;
    }
    Some((label, rest))
}

/// Items of a list line, if every item is short.
fn item_list(text: &str) -> Option<Vec<String>> {
    let items = split_items(text);
    (!items.is_empty() && items.iter().all(|i| word_count(i) <= MAX_ITEM_WORDS)).then_some(items)
}

/// Splits at `•`, `·` and `|` when the text uses them, otherwise at `,` and `;`, never inside
/// brackets. Items are trimmed and keep their words exactly.
pub(crate) fn split_items(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let spaced = |i: usize| {
        (i == 0 || chars[i - 1].is_whitespace())
            && chars.get(i + 1).is_none_or(|c| c.is_whitespace())
    };
    let strong =
        (0..chars.len()).any(|i| chars[i] == '|' || (matches!(chars[i], '•' | '·') && spaced(i)));
    let mut items = Vec::new();
    let mut cur = String::new();
    let mut depth = 0usize;
    for (i, &c) in chars.iter().enumerate() {
        match c {
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => depth = depth.saturating_sub(1),
            _ => {}
        }
        let sep = depth == 0
            && if strong {
                c == '|' || (matches!(c, '•' | '·') && spaced(i))
            } else {
                matches!(c, ',' | ';')
            };
        if sep {
            items.push(std::mem::take(&mut cur));
        } else {
            cur.push(c);
        }
    }
    items.push(cur);
    items
        .into_iter()
        .map(|i| i.trim().to_string())
        .filter(|i| !i.is_empty())
        .collect()
}

/// A bullet list whose every item is `Label: items`.
fn list_groups(items: &[Item]) -> Option<Vec<SkillGroup>> {
    let mut groups = Vec::new();
    for item in items {
        let [Node::Para { inl, .. }] = item.nodes.as_slice() else {
            return None;
        };
        let (label, items) = labelled(&trim(inl.clone()))?;
        groups.push(SkillGroup {
            label: Some(label),
            items,
        });
    }
    (!groups.is_empty()).then_some(groups)
}

/// A bullet list of short items with nothing nested.
fn short_items(items: &[Item]) -> Option<Vec<String>> {
    let mut out = Vec::new();
    for item in items {
        let [Node::Para { inl, .. }] = item.nodes.as_slice() else {
            return None;
        };
        let text = plain(inl).trim().to_string();
        if text.is_empty() || word_count(&text) > 6 {
            return None;
        }
        out.push(text);
    }
    (!out.is_empty()).then_some(out)
}

/// A two-column table: each row is a label and its items; the header row gives the columns.
fn table_groups(
    header: &[Vec<Inl>],
    rows: &[Vec<Vec<Inl>>],
) -> Option<(Vec<SkillGroup>, Vec<String>)> {
    if header.len() != 2 || rows.is_empty() {
        return None;
    }
    let mut groups = Vec::new();
    for row in rows {
        let [label, items] = row.as_slice() else {
            return None;
        };
        let label = plain(label).trim().to_string();
        let items = split_items(&plain(items));
        if items.iter().any(|i| word_count(i) > MAX_ITEM_WORDS) {
            return None;
        }
        groups.push(SkillGroup {
            label: (!label.is_empty()).then_some(label),
            items,
        });
    }
    let columns = header.iter().map(|c| plain(c).trim().to_string()).collect();
    Some((groups, columns))
}

#[cfg(test)]
mod tests {
    use super::split_items;

    #[test]
    fn items() {
        assert_eq!(
            split_items("Golang (Go), Rust, Kafka"),
            ["Golang (Go)", "Rust", "Kafka"]
        );
        assert_eq!(
            split_items("Deutsch (Muttersprache) · Englisch (verhandlungssicher, C1)"),
            [
                "Deutsch (Muttersprache)",
                "Englisch (verhandlungssicher, C1)"
            ]
        );
        assert_eq!(
            split_items("Python • Django • FastAPI"),
            ["Python", "Django", "FastAPI"]
        );
        assert_eq!(
            split_items("Entwickler·innen, Tests"),
            ["Entwickler·innen", "Tests"]
        );
    }
}

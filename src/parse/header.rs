//! The header: what comes between the name and the first section.
//!
//! Read line by line: bold or italic lines right under the name are the headline; lines whose
//! items (split at `|`, `·`, `•` and line breaks) are mostly contact details are contacts; the
//! first other paragraph is the tagline; everything else is kept in `intro`. Rules are separators
//! and are dropped.

use crate::profile::{Block, Contact, Rich, Span};

use super::blocks;
use super::contacts::{self, Sure};
use super::inline::{
    Inl, InlKind, Line, has_link, is_blank, join_lines, plain, split_lines, to_rich, trim,
    word_count,
};
use super::tree::{Item, Node};

#[derive(Debug, Default)]
pub(crate) struct Header {
    pub headline: Option<Rich>,
    pub tagline: Option<Rich>,
    pub contacts: Vec<Contact>,
    pub intro: Vec<Block>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LineClass {
    Contact,
    Maybe,
    No,
}

struct State {
    header: Header,
    /// Nothing but the headline has been seen yet.
    at_top: bool,
}

/// Reads the header blocks.
pub(crate) fn header(nodes: Vec<Node>) -> Header {
    let mut st = State {
        header: Header::default(),
        at_top: true,
    };
    for (index, node) in nodes.into_iter().enumerate() {
        match node {
            // `# Name` then `### Senior Engineer`: a heading right under the name is the headline.
            Node::Heading { inl, .. } if index == 0 && !is_blank(&inl) => {
                st.header.headline = Some(to_rich(&trim(inl)));
            }
            Node::Para { inl, .. } => paragraph(&mut st, inl, index == 0),
            Node::List {
                ordered,
                start,
                items,
                ..
            } => {
                if is_contact_list(&items) {
                    for item in items {
                        for node in item.nodes {
                            if let Node::Para { inl, .. } = node {
                                for line in split_lines(&inl) {
                                    push_contacts(&mut st.header, &trim(line.inl));
                                }
                            }
                        }
                    }
                } else {
                    st.header.intro.push(blocks::list(ordered, start, items));
                }
                st.at_top = false;
            }
            Node::Rule { .. } => {}
            other => {
                blocks::block(other, &mut st.header.intro);
                st.at_top = false;
            }
        }
    }
    st.header
}

fn paragraph(st: &mut State, inl: Vec<Inl>, first_block: bool) {
    let lines = split_lines(&inl);
    let mut rest = lines.as_slice();

    if st.at_top && st.header.headline.is_none() {
        let mut headline: Vec<Vec<Inl>> = Vec::new();
        while let Some((line, tail)) = rest.split_first() {
            let t = trim(line.inl.clone());
            if is_blank(&t) {
                rest = tail;
                continue;
            }
            let emphasised = starts_emphasised(&t);
            if class(&t) == LineClass::Contact {
                // `**Engineer** | 📧 a@b.com`: the emphasised lead is the headline.
                if emphasised && headline.is_empty() {
                    let items = contacts::items(&t);
                    if let Some((lead, others)) = items.split_first()
                        && contacts::contact(lead).1 == Sure::Maybe
                        && starts_emphasised(lead)
                    {
                        headline.push(lead.clone());
                        for item in others {
                            st.header.contacts.push(contacts::contact(item).0);
                        }
                        rest = tail;
                    }
                }
                break;
            }
            let short_first = first_block && headline.is_empty() && line_is_short(&t);
            if emphasised || short_first {
                headline.push(t);
                rest = tail;
            } else {
                break;
            }
        }
        if !headline.is_empty() {
            let mut rich: Rich = Vec::new();
            for (i, line) in headline.iter().enumerate() {
                if i > 0 {
                    rich.push(Span::Linebreak);
                }
                rich.extend(to_rich(line));
            }
            st.header.headline = Some(rich);
        }
    }
    if rest.is_empty() {
        return;
    }
    st.at_top = false;

    let classes: Vec<LineClass> = rest.iter().map(|l| class(&trim(l.inl.clone()))).collect();
    let has_contact = classes.contains(&LineClass::Contact);
    let mut text: Vec<Line> = Vec::new();
    for (line, cls) in rest.iter().zip(classes) {
        if cls == LineClass::Contact || (cls == LineClass::Maybe && has_contact) {
            flush_text(&mut st.header, std::mem::take(&mut text));
            push_contacts(&mut st.header, &trim(line.inl.clone()));
        } else {
            text.push(line.clone());
        }
    }
    flush_text(&mut st.header, text);
}

fn flush_text(header: &mut Header, lines: Vec<Line>) {
    if lines.is_empty() {
        return;
    }
    let inl = trim(join_lines(lines));
    if is_blank(&inl) {
        return;
    }
    if header.tagline.is_none() {
        header.tagline = Some(to_rich(&inl));
    } else {
        header.intro.push(Block::Paragraph {
            content: to_rich(&inl),
        });
    }
}

fn push_contacts(header: &mut Header, line: &[Inl]) {
    for item in contacts::items(line) {
        let (contact, _) = contacts::contact(&item);
        if !contact.text.is_empty() || contact.url.is_some() {
            header.contacts.push(contact);
        }
    }
}

fn class(line: &[Inl]) -> LineClass {
    let items = contacts::items(line);
    if items.is_empty() {
        return LineClass::No;
    }
    let mut yes = 0;
    for item in &items {
        match contacts::contact(item).1 {
            Sure::Yes => yes += 1,
            Sure::Maybe => {}
            Sure::No => return LineClass::No,
        }
    }
    if yes > 0 {
        LineClass::Contact
    } else {
        LineClass::Maybe
    }
}

fn starts_emphasised(line: &[Inl]) -> bool {
    line.iter()
        .find(|n| !matches!(&n.kind, InlKind::Text(t) if t.trim().is_empty()))
        .is_some_and(|n| matches!(n.kind, InlKind::Strong(_) | InlKind::Emph(_)))
}

/// A short plain line such as `Senior Engineer` right under the name.
fn line_is_short(line: &[Inl]) -> bool {
    let text = plain(line);
    let text = text.trim();
    word_count(text) <= 12 && text.len() <= 120 && !text.ends_with('.') && !has_link(line)
}

/// A bullet list of contact details.
fn is_contact_list(items: &[Item]) -> bool {
    let mut yes = 0;
    let mut total = 0;
    for item in items {
        let [Node::Para { inl, .. }] = item.nodes.as_slice() else {
            return false;
        };
        for line in split_lines(inl) {
            for it in contacts::items(&trim(line.inl)) {
                total += 1;
                match contacts::contact(&it).1 {
                    Sure::Yes => yes += 1,
                    Sure::Maybe => {}
                    Sure::No => return false,
                }
            }
        }
    }
    total > 0 && yes * 2 >= total
}

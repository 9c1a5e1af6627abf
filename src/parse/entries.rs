//! Entries: jobs, projects, degrees and other titled, dated items.
//!
//! An entry starts at a heading one level below the section (in experience, projects, education
//! and similar sections, or anywhere the heading looks like one), or at a paragraph line such as
//! `**M.S. Computer Science**, University — 2015` or `**Title** (Q1-Q2 2025)`. The lines right
//! under an entry heading fill its fields: `**[Org](url)** – description | *dates*`,
//! `City · Mar 2021 – Present`, and an italic subtitle (`*Open Source | 2025*`, kept whole, its
//! trailing dates read). `**Tech:** a, b` lines become `tech`; the rest is the body, in order.

use std::collections::VecDeque;

use crate::profile::{Block, DateRange, Entry, Rich, SectionKind, Span};

use super::Ctx;
use super::blocks;
use super::dates;
use super::inline::{
    Inl, InlKind, Line, Part, Seps, first_url, has_link, head, is_blank, join_lines, plain,
    sole_emph, sole_wrapper, span_of, split_lines, split_parts, text_piece, to_rich, trim,
    word_count,
};
use super::skills;
use super::tree::Node;

/// Labels of a technology line, lowercase.
const TECH_LABELS: &[&str] = &[
    "tech",
    "tech stack",
    "techstack",
    "tech-stack",
    "technologies",
    "technology",
    "stack",
    "tools",
    "tools & technologies",
    "technologies & tools",
    "built with",
    "technologien",
    "technologie",
    "werkzeuge",
    "technologies utilisées",
    "outils",
    "tecnologías",
    "tecnologias",
    "herramientas",
    "ferramentas",
    "teknolojiler",
    "araçlar",
    "stack technique",
];

/// A separated piece of an entry line, with the dates read from it.
#[derive(Debug, Clone)]
struct MetaPart {
    inl: Vec<Inl>,
    sep: String,
    dates: Option<DateRange>,
    /// The part looks like dates that could not be read.
    unparsed: bool,
}

/// The fields an entry line's parts may fill, in order of preference.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Slot {
    Organization,
    Description,
    Location,
}

/// True for section kinds whose sub-headings are entries.
pub(crate) fn is_entry_kind(kind: SectionKind) -> bool {
    matches!(
        kind,
        SectionKind::Experience
            | SectionKind::Projects
            | SectionKind::Education
            | SectionKind::Volunteering
            | SectionKind::Certifications
            | SectionKind::Awards
            | SectionKind::Publications
            | SectionKind::Talks
    )
}

/// Converts a section's content, recognising entries.
pub(crate) fn section_blocks(nodes: Vec<Node>, kind: SectionKind, ctx: &mut Ctx) -> Vec<Block> {
    let entry_level = nodes.iter().filter_map(Node::heading_level).min();
    let total = nodes.len();
    let last_content = nodes.iter().rposition(|n| !matches!(n, Node::Rule { .. }));
    let mut queue: VecDeque<Node> = nodes.into();
    let mut out = Vec::new();
    while let Some(node) = queue.pop_front() {
        let index = total - queue.len() - 1;
        match node {
            Node::Heading { level, inl, .. }
                if Some(level) == entry_level
                    && !is_blank(&inl)
                    && (is_entry_kind(kind) || looks_like_entry(&inl, queue.front())) =>
            {
                let mut body = Vec::new();
                while queue
                    .front()
                    .is_some_and(|n| n.heading_level().is_none_or(|l| l > level))
                {
                    body.extend(queue.pop_front());
                }
                out.push(Block::Entry(heading_entry(inl, body, kind, ctx)));
            }
            Node::Para { inl, .. } => paragraph(inl, kind, &mut queue, &mut out, ctx),
            Node::Rule { .. } => {
                // Separators: at either end, before a sub-heading, or doubled.
                let next_is_heading = queue.front().is_some_and(|n| {
                    n.heading_level().is_some() && n.heading_level() == entry_level
                });
                let trailing = last_content.is_none_or(|last| index > last);
                if !(out.is_empty()
                    || trailing
                    || next_is_heading
                    || matches!(out.last(), Some(Block::Rule)))
                {
                    out.push(Block::Rule);
                }
            }
            other => blocks::block(other, &mut out),
        }
    }
    out
}

/// A paragraph in a section: lines that are entries become entries (a list right after the last
/// one is its body); the other lines stay a paragraph.
fn paragraph(
    inl: Vec<Inl>,
    kind: SectionKind,
    queue: &mut VecDeque<Node>,
    out: &mut Vec<Block>,
    ctx: &mut Ctx,
) {
    let lines = split_lines(&inl);
    if lines.len() > 1000 {
        out.extend(blocks::paragraph(inl));
        return;
    }
    let mut text: Vec<Line> = Vec::new();
    let mut last_is_entry = false;
    for line in lines {
        if let Some(entry) = line_entry(&trim(line.inl.clone()), kind, ctx) {
            out.extend(blocks::paragraph(join_lines(std::mem::take(&mut text))));
            out.push(Block::Entry(entry));
            last_is_entry = true;
        } else {
            text.push(line);
            last_is_entry = false;
        }
    }
    out.extend(blocks::paragraph(join_lines(text)));
    if last_is_entry
        && matches!(queue.front(), Some(Node::List { .. }))
        && let (Some(list), Some(Block::Entry(entry))) = (queue.pop_front(), out.last_mut())
    {
        blocks::block(list, &mut entry.body);
    }
}

/// `**Title**, Organisation — 2015` or `**Title** (Q1-Q2 2025)` as an entry.
fn line_entry(line: &[Inl], kind: SectionKind, ctx: &mut Ctx) -> Option<Entry> {
    if line.len() > 64 {
        return None;
    }
    let parts = meta_parts(line, Seps::FIELDS, true);
    let (first, rest) = parts.split_first()?;
    let (title, title_url) = head(&first.inl)?;
    if rest.is_empty() {
        return None;
    }
    let has_date = rest.iter().any(|p| p.dates.is_some());
    let entry_like = matches!(
        kind,
        SectionKind::Education
            | SectionKind::Experience
            | SectionKind::Projects
            | SectionKind::Certifications
            | SectionKind::Volunteering
    ) && rest.iter().all(|p| word_count(&plain(&p.inl)) <= 10);
    if !has_date && !entry_like {
        return None;
    }
    let mut entry = Entry {
        title,
        title_url,
        ..Entry::default()
    };
    assign(
        &mut entry,
        rest,
        &[Slot::Organization, Slot::Location, Slot::Description],
        ctx,
    );
    Some(entry)
}

/// True if a heading outside an entry section reads as an entry.
fn looks_like_entry(inl: &[Inl], next: Option<&Node>) -> bool {
    let inl = trim(inl.to_vec());
    if has_link(&inl) || meta_parts(&inl, Seps::HEADING, false).len() >= 2 {
        return true;
    }
    let Some(Node::Para { inl: para, .. }) = next else {
        return false;
    };
    let Some(first) = split_lines(para).into_iter().next() else {
        return false;
    };
    let line = trim(first.inl);
    if sole_emph(&line).is_some() {
        return true;
    }
    let parts = meta_parts(&line, Seps::FIELDS, true);
    parts.iter().any(|p| p.dates.is_some() && !p.unparsed)
        || (parts.len() >= 2 && head(&parts[0].inl).is_some())
}

/// An entry from its heading and the blocks under it.
fn heading_entry(inl: Vec<Inl>, body: Vec<Node>, kind: SectionKind, ctx: &mut Ctx) -> Entry {
    let inl = trim(inl);
    let parts = meta_parts(&inl, Seps::HEADING, false);
    let mut entry = Entry::default();
    if let Some((first, rest)) = parts.split_first() {
        entry.title = plain(&first.inl).trim().to_string();
        entry.title_url = first_url(&first.inl);
        let order: &[Slot] = if kind == SectionKind::Projects {
            &[Slot::Description, Slot::Location]
        } else {
            &[Slot::Organization, Slot::Location, Slot::Description]
        };
        assign(&mut entry, rest, order, ctx);
    }

    let mut body: VecDeque<Node> = body.into();
    while matches!(body.front(), Some(Node::Para { inl, .. }) if is_blank(inl)) {
        body.pop_front();
    }
    if let Some(Node::Para { inl, span }) = body.front() {
        let lines = split_lines(inl);
        let mut consumed = 0;
        if lines.len() <= 1000 {
            for line in &lines {
                if meta_line(&mut entry, &trim(line.inl.clone()), kind, ctx) {
                    consumed += 1;
                } else {
                    break;
                }
            }
        }
        if consumed > 0 {
            let span = span.clone();
            body.pop_front();
            let rest: Vec<Line> = lines.into_iter().skip(consumed).collect();
            if !rest.is_empty() {
                body.push_front(Node::Para {
                    inl: join_lines(rest),
                    span,
                });
            }
        }
    }
    body_blocks(body, &mut entry);
    entry
}

/// Reads one line under an entry heading into the entry's fields. False if it is body text.
fn meta_line(entry: &mut Entry, line: &[Inl], kind: SectionKind, ctx: &mut Ctx) -> bool {
    if is_blank(line) {
        return true;
    }
    if line.len() > 64 || tech_line(line).is_some() {
        return false;
    }
    // An italic line: dates alone, or a subtitle whose trailing dates are read.
    if let Some(inner) = sole_emph(line) {
        let text = plain(inner);
        if entry.dates.is_none()
            && let Some(d) = dates::parse(&text)
        {
            entry.dates = Some(d);
            return true;
        }
        if entry.dates.is_none() {
            let parts = meta_parts(inner, Seps::FIELDS, false);
            if parts.len() >= 2
                && let Some(last) = parts.last().filter(|p| !p.unparsed)
            {
                entry.dates = last.dates.clone();
            }
        }
        add_subtitle(entry, to_rich(&trim(inner.to_vec())));
        return true;
    }
    let parts = meta_parts(line, Seps::FIELDS, true);
    let Some((first, rest)) = parts.split_first() else {
        return false;
    };
    let dated = parts.iter().any(|p| p.dates.is_some());
    if let Some((org, url)) = head(&first.inl) {
        let short = rest
            .iter()
            .all(|p| p.dates.is_some() || word_count(&plain(&p.inl)) <= 10);
        if !(dated || short) {
            return false;
        }
        if entry.organization.is_none() {
            entry.organization = Some(org);
            entry.organization_url = url;
            assign(entry, rest, &[Slot::Description, Slot::Location], ctx);
        } else {
            // The organisation is known already: keep the whole line, and read its dates.
            add_subtitle(entry, to_rich(line));
            if entry.dates.is_none() {
                entry.dates = parts
                    .iter()
                    .find(|p| !p.unparsed)
                    .and_then(|p| p.dates.clone());
            }
        }
        return true;
    }
    let labelled = skills::split_label(line).is_some();
    let short = parts
        .iter()
        .all(|p| p.dates.is_some() || word_count(&plain(&p.inl)) <= 6);
    if dated && short && !labelled {
        let order: &[Slot] = if entry.organization.is_some() || kind == SectionKind::Projects {
            &[Slot::Location, Slot::Description]
        } else {
            &[Slot::Organization, Slot::Location, Slot::Description]
        };
        assign(entry, &parts, order, ctx);
        return true;
    }
    false
}

fn add_subtitle(entry: &mut Entry, rich: Rich) {
    match &mut entry.subtitle {
        Some(existing) => {
            existing.push(Span::Linebreak);
            existing.extend(rich);
        }
        None => entry.subtitle = Some(rich),
    }
}

/// Puts parts into the entry: dates into `dates`, the others into the first free slot of `order`
/// (then appended to the description, so no word is lost).
fn assign(entry: &mut Entry, parts: &[MetaPart], order: &[Slot], ctx: &mut Ctx) {
    for part in parts {
        if part.inl.is_empty() {
            continue;
        }
        if entry.dates.is_none()
            && let Some(d) = &part.dates
        {
            if part.unparsed {
                ctx.warn(
                    span_of(&part.inl),
                    format!(
                        "could not read the dates '{}'; they are kept as written",
                        d.text
                    ),
                    Some("write dates like 'Mar 2021 – Present', '07/2025–Present' or '2019–2022'"),
                );
            }
            entry.dates = Some(d.clone());
            continue;
        }
        let text = plain(&part.inl).trim().to_string();
        let free = order.iter().copied().find(|slot| match slot {
            Slot::Organization => entry.organization.is_none(),
            Slot::Description => entry.description.is_none(),
            Slot::Location => {
                entry.location.is_none() && !has_link(&part.inl) && word_count(&text) <= 6
            }
        });
        match free {
            Some(Slot::Organization) => {
                entry.organization = Some(text);
                entry.organization_url = first_url(&part.inl);
            }
            Some(Slot::Location) => entry.location = Some(text),
            Some(Slot::Description) => entry.description = Some(to_rich(&part.inl)),
            None => {
                let rich = to_rich(&part.inl);
                match &mut entry.description {
                    Some(existing) => {
                        existing.push(Span::text(format!(" {} ", part.sep)));
                        existing.extend(rich);
                    }
                    None => entry.description = Some(rich),
                }
            }
        }
    }
}

/// Splits an entry line into parts at `|`, `·`, `•` and spaced dashes (and at a comma right
/// after a bold or linked lead when `lead_comma`), then reads dates: a part, a run of parts that
/// together form a range (`Mar 2021`, `Present`), or a trailing `(2025)`.
fn meta_parts(line: &[Inl], seps: Seps, lead_comma: bool) -> Vec<MetaPart> {
    let mut parts: Vec<Part> = Vec::new();
    let comma_split = lead_comma
        && line.len() >= 2
        && head(&line[..1]).is_some()
        && matches!(&line[1].kind, InlKind::Text(t) if t.starts_with(','));
    if comma_split {
        parts.push(Part {
            inl: line[..1].to_vec(),
            sep: String::new(),
        });
        let mut rest = line[1..].to_vec();
        if let Some(first) = rest.first_mut()
            && let InlKind::Text(t) = &first.kind
        {
            *first = text_piece(first, t, 1..t.len());
        }
        let mut tail = split_parts(&rest, seps);
        if let Some(first) = tail.first_mut() {
            first.sep = ",".to_string();
        }
        parts.extend(tail);
    } else {
        parts = split_parts(line, seps);
    }
    parts.retain(|p| !p.inl.is_empty());
    if let Some(last) = parts.pop() {
        parts.extend(split_paren_dates(last));
    }
    if parts.len() > 24 {
        return parts
            .into_iter()
            .map(|p| MetaPart {
                inl: p.inl,
                sep: p.sep,
                dates: None,
                unparsed: false,
            })
            .collect();
    }
    read_dates(parts)
}

/// `Title (Q1-Q2 2025)` → `Title` and `Q1-Q2 2025`.
fn split_paren_dates(part: Part) -> Vec<Part> {
    let Some(last) = part.inl.last() else {
        return vec![part];
    };
    let InlKind::Text(t) = &last.kind else {
        return vec![part];
    };
    let trimmed = t.trim_end();
    let Some(body) = trimmed.strip_suffix(')') else {
        return vec![part];
    };
    let Some(open) = body.rfind('(') else {
        return vec![part];
    };
    if dates::parse(&body[open + 1..]).is_none() {
        return vec![part];
    }
    let mut before = part.inl[..part.inl.len() - 1].to_vec();
    if open > 0 {
        before.push(text_piece(last, t, 0..open));
    }
    let inner = text_piece(last, t, open + 1..body.len());
    let before = trim(before);
    if before.is_empty() {
        return vec![Part {
            inl: vec![inner],
            sep: part.sep,
        }];
    }
    vec![
        Part {
            inl: before,
            sep: part.sep,
        },
        Part {
            inl: vec![inner],
            sep: "(".to_string(),
        },
    ]
}

fn part_text(part: &Part) -> String {
    match sole_wrapper(&part.inl) {
        Some((_, children)) => plain(children),
        None => plain(&part.inl),
    }
}

fn read_dates(parts: Vec<Part>) -> Vec<MetaPart> {
    let texts: Vec<String> = parts.iter().map(part_text).collect();
    let mut out: Vec<MetaPart> = Vec::new();
    let mut i = 0;
    while i < parts.len() {
        // A range split by its own dash: `Mar 2021` – `Present`.
        let mut merged = None;
        for j in (i + 1..parts.len().min(i + 3)).rev() {
            if (i..=j).any(|k| has_link(&parts[k].inl)) {
                continue;
            }
            let mut text = texts[i].trim().to_string();
            for k in i + 1..=j {
                text.push(' ');
                text.push_str(&parts[k].sep);
                text.push(' ');
                text.push_str(texts[k].trim());
            }
            if let Some(d) = dates::parse(&text) {
                merged = Some((j, d));
                break;
            }
        }
        if let Some((j, d)) = merged {
            let mut inl = Vec::new();
            for (k, part) in parts.iter().enumerate().take(j + 1).skip(i) {
                if k > i {
                    let span = span_of(&part.inl).unwrap_or_default();
                    inl.push(Inl::text(format!(" {} ", part.sep), span));
                }
                inl.extend(part.inl.iter().cloned());
            }
            out.push(MetaPart {
                inl,
                sep: parts[i].sep.clone(),
                dates: Some(d),
                unparsed: false,
            });
            i = j + 1;
            continue;
        }
        let part = &parts[i];
        let text = texts[i].trim();
        let (dates, unparsed) = match dates::parse(text) {
            Some(d) => (Some(d), false),
            None if sole_emph(&part.inl).is_some() && dates::looks_like_date(text) => (
                Some(DateRange {
                    text: text.to_string(),
                    start: None,
                    end: None,
                    present: false,
                }),
                true,
            ),
            None => (None, false),
        };
        out.push(MetaPart {
            inl: part.inl.clone(),
            sep: part.sep.clone(),
            dates,
            unparsed,
        });
        i += 1;
    }
    out
}

/// `**Tech:** Rust, Solana` → the label as written and the items.
fn tech_line(line: &[Inl]) -> Option<(String, Vec<String>)> {
    let (label, rest) = skills::split_label(line)?;
    if !TECH_LABELS.contains(&label.to_lowercase().as_str()) {
        return None;
    }
    let items = skills::split_items(&rest);
    (!items.is_empty()).then_some((label, items))
}

/// The body: technology lines go to `tech`, trailing rules (separators) are dropped, the rest
/// is kept in order.
fn body_blocks(body: VecDeque<Node>, entry: &mut Entry) {
    let last_content = body.iter().rposition(|n| !matches!(n, Node::Rule { .. }));
    for (i, node) in body.into_iter().enumerate() {
        match node {
            Node::Para { inl, .. } => {
                let mut text: Vec<Line> = Vec::new();
                for line in split_lines(&inl) {
                    if let Some((label, items)) = tech_line(&trim(line.inl.clone())) {
                        entry
                            .body
                            .extend(blocks::paragraph(join_lines(std::mem::take(&mut text))));
                        entry.tech_label.get_or_insert(label);
                        entry.tech.extend(items);
                    } else {
                        text.push(line);
                    }
                }
                entry.body.extend(blocks::paragraph(join_lines(text)));
            }
            Node::Rule { .. } if last_content.is_none_or(|last| i > last) => {}
            other => blocks::block(other, &mut entry.body),
        }
    }
}

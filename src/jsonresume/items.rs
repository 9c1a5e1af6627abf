//! Entries ↔ JSON Resume items.
//!
//! The eight kinds of JSON Resume item that hold entries (a job, a degree, a certificate…) differ
//! only in which fields they have and what they call them. [`Item`] is the union of those fields
//! under neutral names and [`Caps`] says which ones a kind has, so that an entry is converted by
//! one function for all of them: what fits goes into the item's fields, the rest into the item's
//! `cvpdf` [`Extras`].

use std::collections::VecDeque;

use crate::profile::{Block, DateRange, Entry, Span};

use super::schema::{
    Award, Certificate, Education, Extras, Field, Home, Links, ListShape, Moved, Part, Project,
    Publication, Reference, Resume, Shape, Volunteer, Work,
};
use super::values::{
    build_list, flatten_list, iso, join_paragraphs, paragraph, range, rich, single,
    split_paragraphs, text, unit,
};

/// Which dates an item has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Dates {
    /// `startDate` and `endDate`.
    Range,
    /// One date (`date`, `releaseDate`).
    Single,
    /// None.
    None,
}

/// The fields a kind of item has.
#[derive(Debug, Clone, Copy)]
pub(super) struct Caps {
    pub organization: bool,
    pub url: bool,
    /// `url` is the title's link first (a project's page), else the organisation's.
    pub url_on_title: bool,
    pub dates: Dates,
    pub description: bool,
    pub location: bool,
    /// A running text (`summary`, `reference`).
    pub summary: bool,
    /// A list of strings (`highlights`, `courses`).
    pub highlights: bool,
    pub keywords: bool,
}

impl Home {
    /// The fields of this home's items, for homes whose items are entries.
    pub(super) fn caps(self) -> Option<Caps> {
        let none = Caps {
            organization: false,
            url: false,
            url_on_title: false,
            dates: Dates::None,
            description: false,
            location: false,
            summary: false,
            highlights: false,
            keywords: false,
        };
        Some(match self {
            Home::Work => Caps {
                organization: true,
                url: true,
                dates: Dates::Range,
                description: true,
                location: true,
                summary: true,
                highlights: true,
                ..none
            },
            Home::Volunteer => Caps {
                organization: true,
                url: true,
                dates: Dates::Range,
                summary: true,
                highlights: true,
                ..none
            },
            Home::Education => Caps {
                organization: true,
                url: true,
                dates: Dates::Range,
                highlights: true,
                ..none
            },
            Home::Projects => Caps {
                organization: true,
                url: true,
                url_on_title: true,
                dates: Dates::Range,
                description: true,
                highlights: true,
                keywords: true,
                ..none
            },
            Home::Certificates => Caps {
                organization: true,
                url: true,
                url_on_title: true,
                dates: Dates::Single,
                ..none
            },
            Home::Awards => Caps {
                organization: true,
                dates: Dates::Single,
                summary: true,
                ..none
            },
            Home::Publications => Caps {
                organization: true,
                url: true,
                url_on_title: true,
                dates: Dates::Single,
                summary: true,
                ..none
            },
            Home::References => Caps {
                summary: true,
                ..none
            },
            Home::Summary | Home::Skills | Home::Languages | Home::Interests => return None,
        })
    }
}

/// The fields of any entry-like item, under neutral names.
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct Item {
    /// `position`, `name`, `title`, or `studyType` and `area`.
    pub title: Option<String>,
    /// `name` (of a company), `organization`, `institution`, `issuer`, `awarder`, `publisher`,
    /// `entity`.
    pub org: Option<String>,
    pub url: Option<String>,
    /// `startDate`, or the one date.
    pub start: Option<String>,
    pub end: Option<String>,
    pub description: Option<String>,
    pub location: Option<String>,
    /// `summary` or `reference`.
    pub summary: Option<String>,
    /// `highlights` or `courses`.
    pub list: Vec<String>,
    pub keywords: Vec<String>,
    /// A project's `roles` (only other tools write them).
    pub roles: Vec<String>,
    /// A degree's `score` (only other tools write it).
    pub score: Option<String>,
    pub cvpdf: Option<Extras>,
}

// ---------------------------------------------------------------------------------------------
// Items ↔ the document's arrays

/// Adds an item to the array of its home.
pub(super) fn push(resume: &mut Resume, home: Home, item: Item) {
    let Item {
        title,
        org,
        url,
        start,
        end,
        description,
        location,
        summary,
        list,
        keywords,
        roles,
        score,
        cvpdf,
    } = item;
    match home {
        Home::Work => resume.work.push(Work {
            name: org,
            location,
            description,
            position: title,
            url,
            start_date: start,
            end_date: end,
            summary,
            highlights: list,
            cvpdf,
        }),
        Home::Volunteer => resume.volunteer.push(Volunteer {
            organization: org,
            position: title,
            url,
            start_date: start,
            end_date: end,
            summary,
            highlights: list,
            cvpdf,
        }),
        Home::Education => {
            let (study_type, area) = split_degree(title.as_deref().unwrap_or(""));
            resume.education.push(Education {
                institution: org,
                url,
                area,
                study_type,
                start_date: start,
                end_date: end,
                score,
                courses: list,
                cvpdf,
            });
        }
        Home::Awards => resume.awards.push(Award {
            title,
            date: start,
            awarder: org,
            summary,
            cvpdf,
        }),
        Home::Certificates => resume.certificates.push(Certificate {
            name: title,
            date: start,
            issuer: org,
            url,
            cvpdf,
        }),
        Home::Publications => resume.publications.push(Publication {
            name: title,
            publisher: org,
            release_date: start,
            url,
            summary,
            cvpdf,
        }),
        Home::References => resume.references.push(Reference {
            name: title,
            reference: summary,
            cvpdf,
        }),
        Home::Projects => resume.projects.push(Project {
            name: title,
            description,
            highlights: list,
            keywords,
            start_date: start,
            end_date: end,
            url,
            roles,
            entity: org,
            kind: None,
            cvpdf,
        }),
        Home::Summary | Home::Skills | Home::Languages | Home::Interests => {}
    }
}

/// The items of an entry home, in order, with empty strings read as missing.
pub(super) fn items(resume: &Resume, home: Home) -> VecDeque<Item> {
    let t = |s: &Option<String>| text(s.as_deref());
    match home {
        Home::Work => resume
            .work
            .iter()
            .map(|w| Item {
                title: t(&w.position),
                org: t(&w.name),
                url: t(&w.url),
                start: t(&w.start_date),
                end: t(&w.end_date),
                description: t(&w.description),
                location: t(&w.location),
                summary: t(&w.summary),
                list: w.highlights.clone(),
                cvpdf: w.cvpdf.clone(),
                ..Item::default()
            })
            .collect(),
        Home::Volunteer => resume
            .volunteer
            .iter()
            .map(|v| Item {
                title: t(&v.position),
                org: t(&v.organization),
                url: t(&v.url),
                start: t(&v.start_date),
                end: t(&v.end_date),
                summary: t(&v.summary),
                list: v.highlights.clone(),
                cvpdf: v.cvpdf.clone(),
                ..Item::default()
            })
            .collect(),
        Home::Education => resume
            .education
            .iter()
            .map(|e| {
                let degree = join_degree(t(&e.study_type), t(&e.area));
                let (title, org) = match degree {
                    Some(degree) => (Some(degree), t(&e.institution)),
                    None => (t(&e.institution), None),
                };
                Item {
                    title,
                    org,
                    url: t(&e.url),
                    start: t(&e.start_date),
                    end: t(&e.end_date),
                    score: t(&e.score),
                    list: e.courses.clone(),
                    cvpdf: e.cvpdf.clone(),
                    ..Item::default()
                }
            })
            .collect(),
        Home::Awards => resume
            .awards
            .iter()
            .map(|a| Item {
                title: t(&a.title),
                org: t(&a.awarder),
                start: t(&a.date),
                summary: t(&a.summary),
                cvpdf: a.cvpdf.clone(),
                ..Item::default()
            })
            .collect(),
        Home::Certificates => resume
            .certificates
            .iter()
            .map(|c| Item {
                title: t(&c.name),
                org: t(&c.issuer),
                url: t(&c.url),
                start: t(&c.date),
                cvpdf: c.cvpdf.clone(),
                ..Item::default()
            })
            .collect(),
        Home::Publications => resume
            .publications
            .iter()
            .map(|p| Item {
                title: t(&p.name),
                org: t(&p.publisher),
                url: t(&p.url),
                start: t(&p.release_date),
                summary: t(&p.summary),
                cvpdf: p.cvpdf.clone(),
                ..Item::default()
            })
            .collect(),
        Home::References => resume
            .references
            .iter()
            .map(|r| Item {
                title: t(&r.name),
                summary: t(&r.reference),
                cvpdf: r.cvpdf.clone(),
                ..Item::default()
            })
            .collect(),
        Home::Projects => resume
            .projects
            .iter()
            .map(|p| Item {
                title: t(&p.name),
                org: t(&p.entity),
                url: t(&p.url),
                start: t(&p.start_date),
                end: t(&p.end_date),
                description: t(&p.description),
                list: p.highlights.clone(),
                keywords: p.keywords.clone(),
                roles: p.roles.iter().filter_map(|r| text(Some(r))).collect(),
                cvpdf: p.cvpdf.clone(),
                ..Item::default()
            })
            .collect(),
        Home::Summary | Home::Skills | Home::Languages | Home::Interests => VecDeque::new(),
    }
}

/// Degree abbreviations that lead a title without `in` (`M.Sc. Computer Science`), without dots,
/// lowercase.
const DEGREES: &[&str] = &[
    "ba", "bs", "bsc", "bba", "bcs", "beng", "bed", "btech", "be", "ma", "ms", "msc", "meng",
    "mba", "med", "mtech", "mphil", "me", "phd", "dphil", "md", "jd", "llb", "llm", "aa", "as",
    "hnd",
];

fn is_degree(word: &str) -> bool {
    let bare: String = word.chars().filter(|&c| c != '.').collect();
    DEGREES.contains(&bare.to_lowercase().as_str())
}

/// `Bachelor of Science in Computer Science` → (`Bachelor of Science`, `Computer Science`);
/// `M.Sc. Computer Science` → (`M.Sc.`, `Computer Science`). Split only when [`join_degree`]
/// gives the title back; otherwise the whole title is the `studyType`.
fn split_degree(title: &str) -> (Option<String>, Option<String>) {
    let title = title.trim();
    let split = title
        .split_once(" in ")
        .or_else(|| title.split_once(' ').filter(|(first, _)| is_degree(first)));
    if let Some((study, area)) = split {
        let (study, area) = (study.trim().to_string(), area.trim().to_string());
        if !study.is_empty()
            && !area.is_empty()
            && join_degree(Some(study.clone()), Some(area.clone())).as_deref() == Some(title)
        {
            return (Some(study), Some(area));
        }
    }
    (text(Some(title)), None)
}

/// The title of a degree from its type and area: `Bachelor of Science in Computer Science`,
/// `M.Sc. Computer Science`.
fn join_degree(study: Option<String>, area: Option<String>) -> Option<String> {
    match (study, area) {
        (Some(study), Some(area)) if is_degree(&study) => Some(format!("{study} {area}")),
        (Some(study), Some(area)) => Some(format!("{study} in {area}")),
        (study, area) => study.or(area),
    }
}

// ---------------------------------------------------------------------------------------------
// Entries ↔ items

/// The dates fields an item gets from a date range.
fn date_fields(caps: Caps, dates: Option<&DateRange>) -> (Option<String>, Option<String>) {
    let Some(dates) = dates else {
        return (None, None);
    };
    match caps.dates {
        Dates::Range => (
            dates.start.map(iso),
            if dates.present {
                None
            } else {
                dates.end.map(iso)
            },
        ),
        Dates::Single => (dates.start.or(dates.end).map(iso), None),
        Dates::None => (None, None),
    }
}

/// The date range an item's date fields read as.
fn item_dates(caps: Caps, start: Option<&str>, end: Option<&str>) -> Option<DateRange> {
    match caps.dates {
        Dates::Range => range(start, end),
        Dates::Single => single(start),
        Dates::None => None,
    }
}

/// Where an item's `url` goes in an entry: (title link, organisation link).
fn placement(caps: Caps, url: Option<&str>) -> (Option<String>, Option<String>) {
    let url = url.map(str::to_string);
    match (caps.url, caps.url_on_title) {
        (false, _) => (None, None),
        (true, true) => (url, None),
        (true, false) => (None, url),
    }
}

/// The `url` an item gets from an entry's two links.
fn item_url(caps: Caps, title: Option<&str>, organization: Option<&str>) -> Option<String> {
    if !caps.url {
        return None;
    }
    let (first, second) = if caps.url_on_title {
        (title, organization)
    } else {
        (organization, title)
    };
    first.or(second).map(str::to_string)
}

/// An entry as an item of `caps`' kind.
pub(super) fn entry_item(entry: &Entry, caps: Caps) -> Item {
    let mut extras = Extras::default();
    let mut item = Item {
        title: text(Some(&entry.title)),
        ..Item::default()
    };

    if caps.organization {
        item.org = entry.organization.clone();
    } else {
        extras.organization = entry.organization.clone();
    }

    let (title_url, org_url) = (
        entry.title_url.as_deref(),
        entry.organization_url.as_deref(),
    );
    item.url = item_url(caps, title_url, org_url);
    if placement(caps, item.url.as_deref())
        != (entry.title_url.clone(), entry.organization_url.clone())
    {
        extras.links = Some(Links {
            title: entry.title_url.clone(),
            organization: entry.organization_url.clone(),
        });
    }

    (item.start, item.end) = date_fields(caps, entry.dates.as_ref());
    if item_dates(caps, item.start.as_deref(), item.end.as_deref()) != entry.dates {
        extras.dates = entry.dates.clone();
    }

    match &entry.description {
        Some(description) if caps.description => item.description = text(Some(&unit(description))),
        description => extras.description = description.clone(),
    }
    if caps.location {
        item.location = entry.location.clone();
    } else {
        extras.location = entry.location.clone();
    }
    extras.subtitle = entry.subtitle.clone();
    if caps.keywords {
        item.keywords = entry.tech.clone();
    } else {
        extras.tech = entry.tech.clone();
    }
    extras.tech_label = entry.tech_label.clone();

    let body = body_parts(entry, caps, &mut item);
    let summary_units = split_paragraphs(item.summary.as_deref()).len();
    if body != default_body(summary_units, item.list.len()) {
        extras.body = Some(body);
    }
    item.cvpdf = extras.non_empty();
    item
}

/// Sorts an entry's body into the item's text fields, and returns the body as a template of kept
/// blocks and references to those fields.
fn body_parts(entry: &Entry, caps: Caps, item: &mut Item) -> Vec<Part<Field>> {
    let mut parts = Vec::new();
    let mut summary: Vec<String> = Vec::new();
    let mut description_free = caps.description && item.description.is_none();
    for block in &entry.body {
        let moved = match block {
            Block::Paragraph { content } => {
                let text = unit(content);
                let to = if text.is_empty() {
                    None
                } else if caps.summary {
                    summary.push(text);
                    Some(Field::Summary)
                } else if description_free {
                    description_free = false;
                    item.description = Some(text);
                    Some(Field::Description)
                } else if caps.highlights {
                    item.list.push(text);
                    Some(Field::Highlights)
                } else {
                    None
                };
                to.map(|to| Moved {
                    to,
                    count: 1,
                    shape: Shape::Paragraphs,
                })
            }
            Block::List {
                ordered,
                start,
                items,
            } => match flatten_list(items) {
                Some(units) if !units.is_empty() => {
                    let shape = list_shape(*ordered, *start, &units);
                    let count = units.len();
                    let texts = units.into_iter().map(|(text, _)| text);
                    let to = if caps.highlights {
                        item.list.extend(texts);
                        Some(Field::Highlights)
                    } else if caps.summary && texts.clone().all(|t| !t.is_empty()) {
                        summary.extend(texts);
                        Some(Field::Summary)
                    } else {
                        None
                    };
                    to.map(|to| Moved {
                        to,
                        count,
                        shape: Shape::List(shape),
                    })
                }
                _ => None,
            },
            _ => None,
        };
        match moved {
            Some(moved) => push_part(&mut parts, moved),
            None => parts.push(Part::Kept(block.clone())),
        }
    }
    item.summary = join_paragraphs(&summary);
    parts
}

/// The shape of a flattened list.
pub(super) fn list_shape(
    ordered: bool,
    start: Option<u64>,
    units: &[(String, usize)],
) -> ListShape {
    let depths: Vec<usize> = units.iter().map(|&(_, depth)| depth).collect();
    ListShape {
        ordered,
        start,
        depths: if depths.iter().all(|&d| d == 0) {
            Vec::new()
        } else {
            depths
        },
    }
}

/// Adds a part, merging runs of paragraphs (or entries) that went to the same place.
pub(super) fn push_part<T: PartialEq>(parts: &mut Vec<Part<T>>, moved: Moved<T>) {
    if let Some(Part::Moved(last)) = parts.last_mut()
        && last.to == moved.to
        && last.shape == moved.shape
        && matches!(moved.shape, Shape::Paragraphs | Shape::Entries)
    {
        last.count += moved.count;
        return;
    }
    parts.push(Part::Moved(moved));
}

/// The body an item without a template has: its summary's paragraphs, then its list.
fn default_body(summary: usize, highlights: usize) -> Vec<Part<Field>> {
    let mut parts = Vec::new();
    if summary > 0 {
        parts.push(Part::Moved(Moved {
            to: Field::Summary,
            count: summary,
            shape: Shape::Paragraphs,
        }));
    }
    if highlights > 0 {
        parts.push(Part::Moved(Moved {
            to: Field::Highlights,
            count: highlights,
            shape: Shape::List(ListShape::default()),
        }));
    }
    parts
}

/// An item of `caps`' kind as an entry.
pub(super) fn item_entry(item: Item, caps: Caps) -> Entry {
    let extras = item.cvpdf.unwrap_or_default();
    let summary = split_paragraphs(item.summary.as_deref());
    let template = extras
        .body
        .unwrap_or_else(|| default_body(summary.len(), item.list.len()));
    let description_in_body = template
        .iter()
        .any(|p| matches!(p, Part::Moved(m) if m.to == Field::Description));
    let (description, body_description) = if description_in_body {
        (extras.description, item.description)
    } else {
        (
            item.description.as_deref().map(rich).or(extras.description),
            None,
        )
    };

    let (title_url, organization_url) = match extras.links {
        Some(links)
            if !caps.url
                || item_url(caps, links.title.as_deref(), links.organization.as_deref())
                    == item.url =>
        {
            (links.title, links.organization)
        }
        _ => placement(caps, item.url.as_deref()),
    };
    let dates = match extras.dates {
        Some(dates)
            if date_fields(caps, Some(&dates)) == (item.start.clone(), item.end.clone()) =>
        {
            Some(dates)
        }
        _ => item_dates(caps, item.start.as_deref(), item.end.as_deref()),
    };
    let subtitle = extras
        .subtitle
        .or_else(|| (!item.roles.is_empty()).then(|| vec![Span::text(item.roles.join(", "))]));

    let mut body = rebuild_body(&template, summary, body_description, item.list);
    if let Some(score) = item.score {
        body.push(paragraph(&format!("Score: {score}")));
    }

    Entry {
        title: item.title.unwrap_or_default(),
        title_url,
        organization: item.org.or(extras.organization),
        organization_url,
        description,
        location: item.location.or(extras.location),
        dates,
        subtitle,
        tech: if item.keywords.is_empty() {
            extras.tech
        } else {
            item.keywords
        },
        tech_label: extras.tech_label,
        body,
    }
}

/// An entry's body from its template and the units of the item's text fields. Units the template
/// does not account for (added by hand after export) are kept: paragraphs after the last
/// paragraph from the same field, list items at the end of the last list.
fn rebuild_body(
    template: &[Part<Field>],
    summary: Vec<String>,
    description: Option<String>,
    highlights: Vec<String>,
) -> Vec<Block> {
    let mut summary: VecDeque<String> = summary.into();
    let mut description: VecDeque<String> = description.into_iter().collect();
    let mut highlights: VecDeque<String> = highlights.into();
    let mut body = Vec::new();
    let mut after_text = 0;
    let mut last_list = None;
    for part in template {
        match part {
            Part::Kept(block) => body.push(block.clone()),
            Part::Moved(moved) => {
                let pool = match moved.to {
                    Field::Summary => &mut summary,
                    Field::Description => &mut description,
                    Field::Highlights => &mut highlights,
                };
                let n = moved.count.min(pool.len());
                let units: Vec<String> = pool.drain(..n).collect();
                match &moved.shape {
                    Shape::List(shape) => {
                        if !units.is_empty() {
                            body.push(build_list(&units, shape));
                            last_list = Some(body.len() - 1);
                        }
                    }
                    _ => {
                        body.extend(units.iter().map(|u| paragraph(u)));
                        after_text = body.len();
                    }
                }
            }
        }
    }
    let rest: Vec<String> = highlights.into_iter().collect();
    if !rest.is_empty() {
        match last_list.and_then(|i| body.get_mut(i)) {
            Some(Block::List { items, .. }) => {
                if let Block::List { items: more, .. } = build_list(&rest, &ListShape::default()) {
                    items.extend(more);
                }
            }
            _ => body.push(build_list(&rest, &ListShape::default())),
        }
    }
    let text: Vec<Block> = summary
        .into_iter()
        .chain(description)
        .map(|u| paragraph(&u))
        .collect();
    let at = after_text.min(body.len());
    body.splice(at..at, text);
    body
}

/// The text an item stands for when it was a list item or a paragraph: its title, organisation
/// and date, then its running text.
pub(super) fn item_text(item: &Item, caps: Caps) -> String {
    let mut head = [item.title.as_deref(), item.org.as_deref()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" – ");
    if let Some(dates) = item_dates(caps, item.start.as_deref(), item.end.as_deref()) {
        let sep = if head.is_empty() { "" } else { " " };
        head = format!("{head}{sep}({})", dates.text);
    }
    match item.summary.as_deref() {
        Some(summary) if head.is_empty() => summary.to_string(),
        Some(summary) => format!("{head}\n{summary}"),
        None => head,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn degrees() {
        let split = |t: &str| split_degree(t);
        assert_eq!(
            split("Bachelor of Science in Computer Science"),
            (
                Some("Bachelor of Science".into()),
                Some("Computer Science".into())
            )
        );
        assert_eq!(
            split("M.Sc. Computer Science"),
            (Some("M.Sc.".into()), Some("Computer Science".into()))
        );
        assert_eq!(
            split("M.Sc. in Physics"),
            (Some("M.Sc. in Physics".into()), None)
        );
        assert_eq!(split("Abitur"), (Some("Abitur".into()), None));
        assert_eq!(
            join_degree(Some("Bachelor".into()), Some("Arts".into())).as_deref(),
            Some("Bachelor in Arts")
        );
    }

    #[test]
    fn bodies_round_trip() {
        let caps = Home::Projects.caps().unwrap();
        let list = |texts: &[&str]| Block::List {
            ordered: false,
            start: None,
            items: texts
                .iter()
                .map(|t| crate::profile::ListItem {
                    content: rich(t),
                    children: Vec::new(),
                })
                .collect(),
        };
        let entry = Entry {
            title: "Tool".into(),
            body: vec![
                paragraph("What it is."),
                list(&["one", "two"]),
                paragraph("Why it matters."),
                Block::Rule,
            ],
            ..Entry::default()
        };
        let item = entry_item(&entry, caps);
        assert_eq!(item.description.as_deref(), Some("What it is."));
        assert_eq!(item.list, ["one", "two", "Why it matters."]);
        assert_eq!(item_entry(item, caps), entry);
    }
}

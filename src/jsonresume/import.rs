//! JSON Resume → profile.

use std::collections::{HashMap, VecDeque};

use crate::profile::{Block, Contact, Profile, Rich, Section, SectionKind, SkillGroup, Span};

use super::contacts;
use super::items::{Caps, Item, item_entry, item_text, items};
use super::schema::{
    GroupPlan, Home, Interest, Language, Moved, Part, Resume, Shape, Skill, SkillsShape,
};
use super::values::{build_list, paragraph, rich, split_paragraphs, text};

/// The homes in the order their sections come when the document has no plan, with the section
/// each becomes.
const STANDARD: &[(Home, SectionKind, &str)] = &[
    (Home::Summary, SectionKind::Summary, "Summary"),
    (Home::Work, SectionKind::Experience, "Experience"),
    (Home::Projects, SectionKind::Projects, "Projects"),
    (Home::Education, SectionKind::Education, "Education"),
    (Home::Skills, SectionKind::Skills, "Skills"),
    (Home::Languages, SectionKind::Languages, "Languages"),
    (
        Home::Certificates,
        SectionKind::Certifications,
        "Certifications",
    ),
    (Home::Awards, SectionKind::Awards, "Awards"),
    (
        Home::Publications,
        SectionKind::Publications,
        "Publications",
    ),
    (Home::Volunteer, SectionKind::Volunteering, "Volunteering"),
    (Home::Interests, SectionKind::Interests, "Interests"),
    (Home::References, SectionKind::References, "References"),
];

/// The profile a document describes. The caller has checked that `basics.name` is not empty.
pub(super) fn profile(resume: &Resume) -> Profile {
    let plan = resume.meta.cvpdf.clone().unwrap_or_default();
    let basics = &resume.basics;

    let summary = text(basics.summary.as_deref());
    let (tagline, summary) = if plan.summary_is_tagline {
        (summary.as_deref().map(rich), Vec::new())
    } else {
        (plan.tagline, split_paragraphs(summary.as_deref()))
    };
    // The stored contacts hold more (icons, labels, other kinds), but `basics` is what a person
    // edits: the stored ones are used only while they still say what `basics` says.
    let contacts = match plan.contacts {
        Some(stored) if stored_agree(&stored, basics) => stored,
        _ => contacts::read(basics),
    };

    let mut pools = Pools::new(resume, summary);
    let mut sections = Vec::with_capacity(plan.sections.len());
    let mut last_of: HashMap<Home, usize> = HashMap::new();
    for planned in plan.sections {
        let mut blocks = Vec::with_capacity(planned.blocks.len());
        for part in planned.blocks {
            match part {
                Part::Kept(block) => blocks.push(block),
                Part::Moved(moved) => {
                    last_of.insert(moved.to, sections.len());
                    blocks.extend(pools.build(&moved));
                }
            }
        }
        sections.push(Section {
            title: planned.title,
            kind: planned.kind,
            blocks,
        });
    }
    // Items the plan does not account for (all of them, without a plan) go after the last
    // section that took items from the same place, or into a section of their own.
    for &(home, kind, title) in STANDARD {
        let rest = pools.rest(home);
        if rest.is_empty() {
            continue;
        }
        match last_of.get(&home).and_then(|&i| sections.get_mut(i)) {
            Some(section) => section.blocks.extend(rest),
            None => {
                let section = Section {
                    title: title.to_string(),
                    kind,
                    blocks: rest,
                };
                if home == Home::Summary {
                    sections.insert(0, section);
                    last_of.values_mut().for_each(|i| *i += 1);
                } else {
                    sections.push(section);
                }
            }
        }
    }

    let mut profile = Profile {
        name: basics.name.as_deref().unwrap_or("").trim().to_string(),
        headline: text(basics.label.as_deref()).map(|label| rich(&label)),
        tagline,
        contacts,
        intro: plan.intro,
        sections,
        meta: plan.front_matter,
    };
    sanitize(&mut profile);
    profile
}

/// True if `stored` puts into `basics` exactly what `basics` holds.
fn stored_agree(stored: &[Contact], basics: &super::schema::Basics) -> bool {
    let mut again = super::schema::Basics::default();
    contacts::fill(&mut again, stored);
    contacts::fields(&again) == contacts::fields(basics)
}

/// One unit taken from the document.
enum Unit {
    /// A paragraph of `basics.summary`.
    Text(String),
    /// An entry-like item.
    Item(Box<Item>, Caps),
    Skill(Skill),
    Language(Language),
    Interest(Interest),
}

impl Unit {
    /// The unit as one line of text (a list item, a paragraph, a skill).
    fn text(&self) -> String {
        match self {
            Unit::Text(text) => text.clone(),
            Unit::Item(item, caps) => item_text(item, *caps),
            Unit::Skill(skill) => {
                let name = text(skill.name.as_deref());
                match (name, skill.keywords.is_empty()) {
                    (Some(name), true) => name,
                    (Some(name), false) => format!("{name}: {}", skill.keywords.join(", ")),
                    (None, _) => skill.keywords.join(", "),
                }
            }
            Unit::Language(language) => {
                let name = text(language.language.as_deref());
                match (name, text(language.fluency.as_deref())) {
                    (Some(name), Some(fluency)) => format!("{name} ({fluency})"),
                    (name, fluency) => name.or(fluency).unwrap_or_default(),
                }
            }
            Unit::Interest(interest) => {
                let name = text(interest.name.as_deref()).unwrap_or_default();
                if interest.keywords.is_empty() {
                    name
                } else {
                    format!("{name} ({})", interest.keywords.join(", "))
                }
            }
        }
    }

    /// The unit as a block of its own: an entry, or a paragraph.
    fn block(self) -> Block {
        match self {
            Unit::Item(item, caps) => Block::Entry(item_entry(*item, caps)),
            other => paragraph(&other.text()),
        }
    }

    /// The unit as one skill group: `{name, keywords}` → `name: keywords`,
    /// `{language, fluency}` → `language: fluency`.
    fn group(self) -> SkillGroup {
        match self {
            Unit::Skill(skill) => {
                let (name, level) = (text(skill.name.as_deref()), text(skill.level.as_deref()));
                let (label, items) = match (name, level) {
                    (name, None) => (name, skill.keywords),
                    (Some(name), Some(level)) if skill.keywords.is_empty() => {
                        (Some(name), vec![level])
                    }
                    (Some(name), Some(level)) => {
                        (Some(format!("{name} ({level})")), skill.keywords)
                    }
                    (None, Some(level)) => (Some(level), skill.keywords),
                };
                SkillGroup { label, items }
            }
            Unit::Language(language) => SkillGroup {
                label: text(language.language.as_deref()),
                items: text(language.fluency.as_deref()).into_iter().collect(),
            },
            Unit::Interest(interest) => SkillGroup {
                label: text(interest.name.as_deref()),
                items: interest.keywords,
            },
            other => SkillGroup {
                label: None,
                items: vec![other.text()],
            },
        }
    }
}

/// The units of the document not used yet, per home.
struct Pools {
    summary: VecDeque<String>,
    items: HashMap<Home, VecDeque<Item>>,
    skills: VecDeque<Skill>,
    languages: VecDeque<Language>,
    interests: VecDeque<Interest>,
}

impl Pools {
    fn new(resume: &Resume, summary: Vec<String>) -> Self {
        let items = STANDARD
            .iter()
            .filter(|(home, ..)| home.caps().is_some())
            .map(|&(home, ..)| (home, items(resume, home)))
            .collect();
        Pools {
            summary: summary.into(),
            items,
            skills: resume.skills.iter().cloned().collect(),
            languages: resume.languages.iter().cloned().collect(),
            interests: resume.interests.iter().cloned().collect(),
        }
    }

    /// Up to `n` units of `home`, from the first not used yet.
    fn take(&mut self, home: Home, n: usize) -> Vec<Unit> {
        fn drain<T>(pool: &mut VecDeque<T>, n: usize) -> impl Iterator<Item = T> + '_ {
            let n = n.min(pool.len());
            pool.drain(..n)
        }
        match home {
            Home::Summary => drain(&mut self.summary, n).map(Unit::Text).collect(),
            Home::Skills => drain(&mut self.skills, n).map(Unit::Skill).collect(),
            Home::Languages => drain(&mut self.languages, n).map(Unit::Language).collect(),
            Home::Interests => drain(&mut self.interests, n).map(Unit::Interest).collect(),
            _ => match (home.caps(), self.items.get_mut(&home)) {
                (Some(caps), Some(pool)) => drain(pool, n)
                    .map(|item| Unit::Item(Box::new(item), caps))
                    .collect(),
                _ => Vec::new(),
            },
        }
    }

    /// The blocks a planned part stands for.
    fn build(&mut self, moved: &Moved<Home>) -> Vec<Block> {
        let units = self.take(moved.to, moved.count);
        match &moved.shape {
            Shape::Entries => units.into_iter().map(Unit::block).collect(),
            Shape::Paragraphs => units.iter().map(|u| paragraph(&u.text())).collect(),
            Shape::List(shape) => {
                let texts: Vec<String> = units.iter().map(Unit::text).collect();
                if texts.is_empty() {
                    Vec::new()
                } else {
                    vec![build_list(&texts, shape)]
                }
            }
            Shape::Skills(shape) => skills_block(units, shape).into_iter().collect(),
        }
    }

    /// The units of `home` no part used, as the blocks they make without a plan.
    fn rest(&mut self, home: Home) -> Vec<Block> {
        let units = self.take(home, usize::MAX);
        match home {
            Home::Summary => units.iter().map(|u| paragraph(&u.text())).collect(),
            Home::Skills => {
                let groups: Vec<SkillGroup> = units.into_iter().map(Unit::group).collect();
                skills(groups, None).into_iter().collect()
            }
            Home::Languages | Home::Interests => {
                // `{language, fluency}` is a labelled group; languages without a fluency (or
                // interests without keywords) gather in one unlabelled group.
                let mut groups: Vec<SkillGroup> = Vec::new();
                for unit in units {
                    let bare = match &unit {
                        Unit::Language(l) => text(l.fluency.as_deref()).is_none(),
                        Unit::Interest(i) => i.keywords.is_empty(),
                        _ => false,
                    };
                    if !bare {
                        groups.push(unit.group());
                        continue;
                    }
                    let name = unit.text();
                    match groups.last_mut() {
                        Some(group) if group.label.is_none() => group.items.push(name),
                        _ => groups.push(SkillGroup {
                            label: None,
                            items: vec![name],
                        }),
                    }
                }
                skills(groups, None).into_iter().collect()
            }
            _ => units
                .into_iter()
                .map(|unit| match unit {
                    // A reference without a name is just its text.
                    Unit::Item(item, caps) if home == Home::References && item.title.is_none() => {
                        paragraph(&item_text(&item, caps))
                    }
                    unit => unit.block(),
                })
                .collect(),
        }
    }
}

/// A skills block from units, grouped as the plan says.
fn skills_block(units: Vec<Unit>, shape: &SkillsShape) -> Option<Block> {
    let mut units = units.into_iter();
    let mut groups = Vec::new();
    for plan in &shape.groups {
        match *plan {
            GroupPlan::One => groups.extend(units.next().map(Unit::group)),
            GroupPlan::Each(n) => {
                let items: Vec<String> = units.by_ref().take(n).map(|u| u.text()).collect();
                if !items.is_empty() {
                    groups.push(SkillGroup { label: None, items });
                }
            }
        }
    }
    groups.extend(units.map(Unit::group));
    skills(groups, shape.columns.clone())
}

fn skills(groups: Vec<SkillGroup>, columns: Option<Vec<String>>) -> Option<Block> {
    (!groups.is_empty()).then_some(Block::Skills { groups, columns })
}

// ---------------------------------------------------------------------------------------------
// Links

/// True for the link schemes a résumé may carry (as the parser allows them).
/// A link target a layout may use: an allowed scheme, or a bare address (`github.com/ana`) made
/// `https:`. Anything else (`javascript:`, a relative path) is dropped, as the parser drops it.
fn safe_url(url: &str) -> Option<String> {
    let url = url.trim();
    if url.is_empty() || url.chars().any(char::is_whitespace) {
        return None;
    }
    if crate::parse::allowed_url(url) {
        return Some(url.to_string());
    }
    let host = url.split(['/', '?', '#']).next().unwrap_or("");
    let bare = !url.contains(':')
        && host.contains('.')
        && host
            .split('.')
            .all(|l| !l.is_empty() && l.chars().all(|c| c.is_alphanumeric() || c == '-'));
    bare.then(|| format!("https://{url}"))
}

fn clean(url: &mut Option<String>) {
    *url = url.as_deref().and_then(safe_url);
}

/// Makes an imported profile keep the promises a parsed one keeps: every link target has an
/// allowed scheme, and heading levels are 1–6. A JSON Resume file is input like any other, and
/// `meta.cvpdf` may hold any block.
fn sanitize(profile: &mut Profile) {
    for contact in &mut profile.contacts {
        clean(&mut contact.url);
    }
    for rich in [&mut profile.headline, &mut profile.tagline]
        .into_iter()
        .flatten()
    {
        sanitize_rich(rich);
    }
    sanitize_blocks(&mut profile.intro);
    for section in &mut profile.sections {
        sanitize_blocks(&mut section.blocks);
    }
}

fn sanitize_blocks(blocks: &mut [Block]) {
    for block in blocks {
        match block {
            Block::Paragraph { content } => sanitize_rich(content),
            Block::Heading { level, content } => {
                *level = (*level).clamp(1, 6);
                sanitize_rich(content);
            }
            Block::List { items, .. } => {
                for item in items {
                    sanitize_rich(&mut item.content);
                    sanitize_blocks(&mut item.children);
                }
            }
            Block::Table { header, rows } => {
                for cell in header.iter_mut().chain(rows.iter_mut().flatten()) {
                    sanitize_rich(cell);
                }
            }
            Block::Quote { blocks } => sanitize_blocks(blocks),
            Block::Entry(entry) => {
                clean(&mut entry.title_url);
                clean(&mut entry.organization_url);
                for rich in [&mut entry.description, &mut entry.subtitle]
                    .into_iter()
                    .flatten()
                {
                    sanitize_rich(rich);
                }
                sanitize_blocks(&mut entry.body);
            }
            Block::Code { .. } | Block::Rule | Block::Skills { .. } => {}
        }
    }
}

fn sanitize_rich(rich: &mut Rich) {
    for span in rich {
        match span {
            Span::Link { url, children } => {
                clean(url);
                sanitize_rich(children);
            }
            Span::Strong { children } | Span::Emph { children } | Span::Strike { children } => {
                sanitize_rich(children)
            }
            Span::Text { .. } | Span::Code { .. } | Span::Linebreak => {}
        }
    }
}

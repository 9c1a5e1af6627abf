//! Profile → JSON Resume.

use crate::profile::{Block, Profile, SectionKind, SkillGroup};

use super::contacts;
use super::items::{self, Item, entry_item, list_shape, push_part};
use super::schema::{
    Basics, GroupPlan, Home, Interest, Language, Moved, PLAN_VERSION, Part, Plan, Resume,
    SCHEMA_URL, SectionPlan, Shape, Skill, SkillsShape,
};
use super::values::{flatten_list, join_paragraphs, text, unit};

/// The whole document, with `meta.cvpdf` holding what the JSON Resume fields cannot.
pub(super) fn resume(profile: &Profile) -> Resume {
    let mut resume = Resume {
        schema: Some(SCHEMA_URL.to_string()),
        ..Resume::default()
    };
    let mut plan = Plan {
        version: PLAN_VERSION,
        intro: profile.intro.clone(),
        front_matter: profile.meta.clone(),
        ..Plan::default()
    };

    let mut summary: Vec<String> = Vec::new();
    for section in &profile.sections {
        let mut blocks = Vec::new();
        for block in &section.blocks {
            match export_block(section.kind, block, &mut resume, &mut summary) {
                Some(moved) => push_part(&mut blocks, moved),
                None => blocks.push(Part::Kept(block.clone())),
            }
        }
        plan.sections.push(SectionPlan {
            title: section.title.clone(),
            kind: section.kind,
            blocks,
        });
    }

    let mut basics = Basics {
        name: Some(profile.name.clone()),
        label: profile
            .headline
            .as_deref()
            .and_then(|h| text(Some(&unit(h)))),
        ..Basics::default()
    };
    // JSON Resume has one summary: the summary section's, else the tagline.
    let tagline = profile
        .tagline
        .as_deref()
        .and_then(|t| text(Some(&unit(t))));
    match tagline {
        Some(tagline) if summary.is_empty() => {
            basics.summary = Some(tagline);
            plan.summary_is_tagline = true;
        }
        _ => {
            basics.summary = join_paragraphs(&summary);
            plan.tagline = profile.tagline.clone();
        }
    }
    contacts::fill(&mut basics, &profile.contacts);
    if contacts::read(&basics) != profile.contacts {
        plan.contacts = Some(profile.contacts.clone());
    }
    resume.basics = basics;

    let bare = Plan {
        version: PLAN_VERSION,
        ..Plan::default()
    };
    if plan != bare {
        resume.meta.cvpdf = Some(plan);
    }
    resume
}

/// The home of the entries of a section kind.
fn entry_home(kind: SectionKind) -> Option<Home> {
    Some(match kind {
        SectionKind::Experience => Home::Work,
        SectionKind::Volunteering => Home::Volunteer,
        SectionKind::Projects => Home::Projects,
        SectionKind::Education => Home::Education,
        SectionKind::Certifications => Home::Certificates,
        SectionKind::Awards => Home::Awards,
        SectionKind::Publications => Home::Publications,
        SectionKind::References => Home::References,
        _ => return None,
    })
}

/// Puts a block into the document if it has a home there, and says where it went.
fn export_block(
    kind: SectionKind,
    block: &Block,
    resume: &mut Resume,
    summary: &mut Vec<String>,
) -> Option<Moved<Home>> {
    let moved = |to, count, shape| Some(Moved { to, count, shape });
    match (kind, block) {
        (SectionKind::Summary, Block::Paragraph { content }) => {
            let text = unit(content);
            if text.is_empty() {
                return None;
            }
            summary.push(text);
            moved(Home::Summary, 1, Shape::Paragraphs)
        }
        (SectionKind::References, Block::Paragraph { content }) => {
            let text = unit(content);
            if text.is_empty() {
                return None;
            }
            items::push(resume, Home::References, unit_item(Home::References, text));
            moved(Home::References, 1, Shape::Paragraphs)
        }
        (_, Block::Entry(entry)) => {
            let home = entry_home(kind)?;
            items::push(resume, home, entry_item(entry, home.caps()?));
            moved(home, 1, Shape::Entries)
        }
        (
            SectionKind::Certifications
            | SectionKind::Awards
            | SectionKind::Publications
            | SectionKind::References,
            Block::List {
                ordered,
                start,
                items,
            },
        ) => {
            let home = entry_home(kind)?;
            let units = flatten_list(items).filter(|u| !u.is_empty())?;
            let shape = list_shape(*ordered, *start, &units);
            let count = units.len();
            for (text, _) in units {
                items::push(resume, home, unit_item(home, text));
            }
            moved(home, count, Shape::List(shape))
        }
        (
            SectionKind::Skills | SectionKind::Languages | SectionKind::Interests,
            Block::Skills { groups, columns },
        ) => {
            let (home, count, groups) = skill_groups(kind, groups, resume)?;
            let shape = SkillsShape {
                columns: columns.clone(),
                groups,
            };
            moved(home, count, Shape::Skills(shape))
        }
        _ => None,
    }
}

/// An item made of one line of text: a certificate's name, a reference's text.
fn unit_item(home: Home, text: String) -> Item {
    if home == Home::References {
        Item {
            summary: Some(text).filter(|t| !t.is_empty()),
            ..Item::default()
        }
    } else {
        Item {
            title: Some(text).filter(|t| !t.is_empty()),
            ..Item::default()
        }
    }
}

/// Puts skill groups into `skills`, `languages` or `interests`: a labelled group is one item
/// (`Backend: Go, Rust` → `{name, keywords}`, `German: native` → `{language, fluency}`); in an
/// unlabelled group of languages or interests, each entry is one item.
fn skill_groups(
    kind: SectionKind,
    groups: &[SkillGroup],
    resume: &mut Resume,
) -> Option<(Home, usize, Vec<GroupPlan>)> {
    let home = match kind {
        SectionKind::Skills => Home::Skills,
        SectionKind::Languages => Home::Languages,
        SectionKind::Interests => Home::Interests,
        _ => return None,
    };
    let mut plans = Vec::new();
    let mut count = 0;
    for group in groups {
        let label = group.label.clone();
        let plan = match (home, label) {
            (Home::Skills, name) => {
                resume.skills.push(Skill {
                    name,
                    level: None,
                    keywords: group.items.clone(),
                });
                GroupPlan::One
            }
            (Home::Languages, Some(language)) => {
                resume.languages.push(Language {
                    language: Some(language),
                    fluency: (!group.items.is_empty()).then(|| group.items.join(", ")),
                });
                GroupPlan::One
            }
            (Home::Languages, None) => {
                resume
                    .languages
                    .extend(group.items.iter().map(|item| split_language(item)));
                GroupPlan::Each(group.items.len())
            }
            (_, Some(name)) => {
                resume.interests.push(Interest {
                    name: Some(name),
                    keywords: group.items.clone(),
                });
                GroupPlan::One
            }
            (_, None) => {
                resume
                    .interests
                    .extend(group.items.iter().map(|item| Interest {
                        name: Some(item.clone()),
                        keywords: Vec::new(),
                    }));
                GroupPlan::Each(group.items.len())
            }
        };
        count += match plan {
            GroupPlan::One => 1,
            GroupPlan::Each(n) => n,
        };
        plans.push(plan);
    }
    Some((home, count, plans))
}

/// `German (native)` → language and fluency; anything else is the language alone. Split only
/// where `Language (fluency)`, as import writes it, gives the text back.
fn split_language(item: &str) -> Language {
    let split = item
        .strip_suffix(')')
        .and_then(|rest| rest.split_once(" ("))
        .filter(|(language, fluency)| {
            !language.trim().is_empty()
                && !fluency.trim().is_empty()
                && !fluency.contains(['(', ')'])
                && language.trim() == *language
        });
    match split {
        Some((language, fluency)) => Language {
            language: Some(language.to_string()),
            fluency: Some(fluency.to_string()),
        },
        None => Language {
            language: Some(item.to_string()),
            fluency: None,
        },
    }
}

//! The résumé data model: the one contract between the parser and the layouts.
//!
//! `parse` builds a [`Profile`] from Markdown; `typeset` hands it to a Typst layout as the
//! JSON file `/profile.json`. Field names are kebab-case so a layout reads `entry.organization-url`
//! directly. Missing data is `null` (`none` in Typst), never an empty-string marker.
//!
//! Rich text is a small tree of [`Span`]s, never a markup string: layouts turn it into content with
//! Typst functions, so nothing a résumé says can become code.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Inline rich text: a sequence of spans.
pub type Rich = Vec<Span>;

/// Everything cvpdf understood of one résumé.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct Profile {
    /// The person's name, from the first heading, as written.
    pub name: String,
    /// The line(s) right under the name: a job title or a short pitch.
    pub headline: Option<Rich>,
    /// A paragraph between the header and the first section (a tagline or short summary).
    pub tagline: Option<Rich>,
    /// Contact items in the order the author wrote them.
    pub contacts: Vec<Contact>,
    /// Any other content before the first section that is neither headline, tagline nor contacts.
    pub intro: Vec<Block>,
    /// The sections in document order.
    pub sections: Vec<Section>,
    /// Metadata from YAML front matter (`key: value` pairs), not body text.
    pub meta: BTreeMap<String, String>,
}

/// One way to reach the person: an email address, a phone number, a profile link, a place.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct Contact {
    /// What kind of contact this is.
    pub kind: ContactKind,
    /// The text as written (a link's label, or the address itself).
    pub text: String,
    /// Where it leads: `mailto:`, `tel:` or `https:`; `None` for a place or plain text.
    pub url: Option<String>,
    /// The author's own icon that led the item (an emoji or symbol, variation selectors kept).
    pub icon: Option<String>,
}

/// The kinds of contact item cvpdf recognises.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ContactKind {
    /// An email address (`mailto:`).
    Email,
    /// A phone number (`tel:`).
    Phone,
    /// A LinkedIn profile.
    Linkedin,
    /// A GitHub profile.
    Github,
    /// A GitLab profile.
    Gitlab,
    /// A Stack Overflow profile.
    Stackoverflow,
    /// An X/Twitter profile.
    Twitter,
    /// Any other web link (a personal site, a portfolio).
    Url,
    /// A place (city, country).
    Location,
    /// Anything else.
    Other,
}

/// One section of the résumé (`## Experience`, `## Skills`, …).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct Section {
    /// The heading as written.
    pub title: String,
    /// What the section is, recognised from the title.
    pub kind: SectionKind,
    /// The section's content in document order.
    pub blocks: Vec<Block>,
}

/// Section kinds recognised from common titles (in English and some other languages).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SectionKind {
    /// Summary, profile, about me.
    Summary,
    /// Experience, work history, employment.
    Experience,
    /// Projects.
    Projects,
    /// Education.
    Education,
    /// Skills, technical expertise.
    Skills,
    /// Certifications, licences, courses.
    Certifications,
    /// Spoken languages.
    Languages,
    /// Publications.
    Publications,
    /// Awards, honours, achievements.
    Awards,
    /// Talks, presentations.
    Talks,
    /// Volunteering.
    Volunteering,
    /// Interests, hobbies.
    Interests,
    /// References.
    References,
    /// Contact details given as a section.
    Contact,
    /// Anything else: kept as generic rich content.
    Other,
}

/// A block of content inside a section, entry or list item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
#[allow(
    clippy::large_enum_variant,
    reason = "a résumé has a few hundred blocks at most; boxing entries would only add indirection"
)]
pub enum Block {
    /// A paragraph of rich text.
    Paragraph {
        /// The paragraph's text.
        content: Rich,
    },
    /// A bulleted or numbered list.
    List {
        /// True for a numbered list.
        ordered: bool,
        /// The first number of a numbered list.
        start: Option<u64>,
        /// The items.
        items: Vec<ListItem>,
    },
    /// A table: a header row and body rows.
    Table {
        /// The header cells.
        header: Vec<Rich>,
        /// The body rows.
        rows: Vec<Vec<Rich>>,
    },
    /// A block quote.
    Quote {
        /// The quoted blocks.
        blocks: Vec<Block>,
    },
    /// A code block, printed verbatim.
    Code {
        /// The info string's language, if any.
        lang: Option<String>,
        /// The code.
        text: String,
    },
    /// A horizontal rule used as a separator.
    Rule,
    /// A heading below the entry level that did not start an entry.
    Heading {
        /// 1–6.
        level: u8,
        /// The heading's text.
        content: Rich,
    },
    /// A dated or titled item: a job, a project, a degree.
    Entry(Entry),
    /// Labelled groups of skills.
    Skills {
        /// The groups in order.
        groups: Vec<SkillGroup>,
        /// The column headings when the groups came from a table (`Area`, `Tools`), else `None`.
        #[serde(default)]
        columns: Option<Vec<String>>,
    },
}

/// One item of a list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct ListItem {
    /// The item's own text.
    pub content: Rich,
    /// Nested blocks (sub-lists, further paragraphs).
    pub children: Vec<Block>,
}

/// A job, project, degree or any other titled item.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct Entry {
    /// The role, project name or degree.
    pub title: String,
    /// A link on the title (a project's home page).
    pub title_url: Option<String>,
    /// The employer, client or school.
    pub organization: Option<String>,
    /// A link on the organisation.
    pub organization_url: Option<String>,
    /// A short description of the organisation or project (`Crypto payment solutions`).
    pub description: Option<Rich>,
    /// Where (`San Francisco, CA`).
    pub location: Option<String>,
    /// When.
    pub dates: Option<DateRange>,
    /// An italic line under the title that is not dates alone (`Open Source | 2025`).
    pub subtitle: Option<Rich>,
    /// Technologies from a `**Tech:**` line, in order.
    pub tech: Vec<String>,
    /// The label of that line as the author wrote it (`Tech`, `Tech Stack`, `Technologien`).
    #[serde(default)]
    pub tech_label: Option<String>,
    /// The body: bullets, paragraphs and anything else, in document order.
    pub body: Vec<Block>,
}

/// A span of time as written, with what could be read from it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct DateRange {
    /// The dates exactly as written (`07/2025–Present`).
    pub text: String,
    /// The start, if it could be read.
    pub start: Option<PartialDate>,
    /// The end, if it could be read and is not "present".
    pub end: Option<PartialDate>,
    /// True if and only if the range runs to the present (`Present`, `heute`, `Atual`, …).
    pub present: bool,
}

/// A date with as much precision as the author gave.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct PartialDate {
    /// The year.
    pub year: i32,
    /// The month, 1–12, if given.
    pub month: Option<u8>,
}

/// A labelled group of skills (`Backend: Go, Rust`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct SkillGroup {
    /// The group's label, if any.
    pub label: Option<String>,
    /// The skills in order.
    pub items: Vec<String>,
}

/// One span of inline rich text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum Span {
    /// Plain text.
    Text {
        /// The text.
        text: String,
    },
    /// Bold.
    Strong {
        /// What is bold.
        children: Rich,
    },
    /// Italic.
    Emph {
        /// What is italic.
        children: Rich,
    },
    /// Inline code, printed verbatim in the monospace font.
    Code {
        /// The code.
        text: String,
    },
    /// Struck-through text.
    Strike {
        /// What is struck through.
        children: Rich,
    },
    /// A link; `url` is `None` when the target's scheme is not allowed (then only the label prints).
    Link {
        /// The target (`https:`, `http:`, `mailto:` or `tel:` only).
        url: Option<String>,
        /// The label.
        children: Rich,
    },
    /// A hard line break.
    Linebreak,
}

impl Span {
    /// Creates a plain text span.
    pub fn text(text: impl Into<String>) -> Self {
        Span::Text { text: text.into() }
    }
}

/// Returns the plain text of rich text, without any formatting.
pub fn plain_text(rich: &[Span]) -> String {
    let mut out = String::new();
    push_plain(rich, &mut out);
    out
}

fn push_plain(rich: &[Span], out: &mut String) {
    for span in rich {
        match span {
            Span::Text { text } | Span::Code { text } => out.push_str(text),
            Span::Strong { children }
            | Span::Emph { children }
            | Span::Strike { children }
            | Span::Link { children, .. } => push_plain(children, out),
            Span::Linebreak => out.push('\n'),
        }
    }
}

impl Entry {
    /// Returns the items of every list in the entry's body, in order.
    pub fn bullets(&self) -> impl Iterator<Item = &ListItem> {
        self.body.iter().flat_map(|block| match block {
            Block::List { items, .. } => items.as_slice(),
            _ => &[],
        })
    }
}

impl Section {
    /// Returns the section's entries, in order.
    pub fn entries(&self) -> impl Iterator<Item = &Entry> {
        self.blocks.iter().filter_map(|block| match block {
            Block::Entry(entry) => Some(entry),
            _ => None,
        })
    }
}

impl Profile {
    /// Returns every entry of every section, in order.
    pub fn entries(&self) -> impl Iterator<Item = &Entry> {
        self.sections.iter().flat_map(Section::entries)
    }

    /// Returns the first section of `kind`.
    pub fn section(&self, kind: SectionKind) -> Option<&Section> {
        self.sections.iter().find(|section| section.kind == kind)
    }

    /// Returns the profile with the punctuation applicant-tracking systems stumble on made plain:
    /// non-breaking and other special hyphens become `-`, no-break and narrow spaces become
    /// spaces, soft hyphens and zero-width spaces go (`--ats-text`). Everything else, typographic
    /// quotes and dashes included, stays as written.
    #[must_use]
    pub fn with_plain_punctuation(&self) -> Profile {
        fn plain(value: &mut serde_json::Value) {
            match value {
                serde_json::Value::String(text)
                    if text.contains(|c: char| plain_char(c) != Some(c)) =>
                {
                    *text = text.chars().filter_map(plain_char).collect();
                }
                serde_json::Value::Array(items) => items.iter_mut().for_each(plain),
                serde_json::Value::Object(fields) => fields.values_mut().for_each(plain),
                _ => {}
            }
        }
        let Ok(mut value) = serde_json::to_value(self) else {
            return self.clone();
        };
        plain(&mut value);
        serde_json::from_value(value).unwrap_or_else(|_| self.clone())
    }
}

/// The ATS-plain form of one character, or `None` to drop it.
fn plain_char(c: char) -> Option<char> {
    match c {
        '\u{2010}' | '\u{2011}' => Some('-'),
        '\u{00A0}' | '\u{2007}' | '\u{202F}' => Some(' '),
        '\u{00AD}' | '\u{200B}' => None,
        other => Some(other),
    }
}

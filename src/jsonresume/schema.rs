//! The JSON Resume v1.0.0 document as serde types, and the `cvpdf` extensions cvpdf writes into it.
//!
//! Every field is optional on input (`default`) so that partial files from other tools read; on
//! output, empty fields are left out so the file stays what a person would write by hand. Types are
//! strict: a number where the schema says string is an error with its line and column, as a JSON
//! Resume validator would report it, rather than a silent guess.
//!
//! cvpdf's own additions live in two places the schema allows: `meta.cvpdf` (a [`Plan`] of the
//! whole profile: section titles and order, and every block with no JSON Resume home) and a
//! `cvpdf` object on an item (an [`Extras`]: what of one entry has no field in that item). Other
//! tools ignore both.

use std::collections::BTreeMap;

use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize};

use crate::profile::{Block, Contact, DateRange, Rich, SectionKind};

/// The schema cvpdf writes, for editors and validators that read `$schema`.
pub(super) const SCHEMA_URL: &str =
    "https://raw.githubusercontent.com/jsonresume/resume-schema/v1.0.0/schema.json";

/// The message of the error raised for a missing name, recognised again in `from_json_resume`.
pub(super) const NO_NAME: &str = "basics.name is missing or empty";

/// A JSON Resume document.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(
    rename_all = "camelCase",
    default,
    expecting = "a JSON Resume document (a JSON object with a `basics` object)"
)]
pub(super) struct Resume {
    /// The schema the document follows.
    #[serde(rename = "$schema", skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// The person.
    #[serde(deserialize_with = "named")]
    pub basics: Basics,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub work: Vec<Work>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub volunteer: Vec<Volunteer>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub education: Vec<Education>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub awards: Vec<Award>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub certificates: Vec<Certificate>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub publications: Vec<Publication>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub skills: Vec<Skill>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub languages: Vec<Language>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub interests: Vec<Interest>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub references: Vec<Reference>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub projects: Vec<Project>,
    #[serde(skip_serializing_if = "Meta::is_empty")]
    pub meta: Meta,
}

/// Reads `basics` and refuses it without a name, so that the error carries the position of the
/// `basics` object (a check after deserialising would have none).
fn named<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Basics, D::Error> {
    let basics = Basics::deserialize(deserializer)?;
    if basics.name.as_deref().is_none_or(|n| n.trim().is_empty()) {
        return Err(D::Error::custom(NO_NAME));
    }
    Ok(basics)
}

/// Who the person is and how to reach them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub(super) struct Basics {
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// A picture's URL; cvpdf prints no pictures, so it is read past.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub profiles: Vec<SocialProfile>,
}

/// A postal location.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub(super) struct Location {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub postal_code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country_code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
}

/// An account on a social network (`basics.profiles[]`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub(super) struct SocialProfile {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub network: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// A job.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub(super) struct Work {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub position: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start_date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end_date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub highlights: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cvpdf: Option<Extras>,
}

/// Volunteer work.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub(super) struct Volunteer {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub organization: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub position: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start_date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end_date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub highlights: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cvpdf: Option<Extras>,
}

/// A degree or course of study.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub(super) struct Education {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub institution: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub area: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub study_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start_date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end_date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub score: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub courses: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cvpdf: Option<Extras>,
}

/// An award.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub(super) struct Award {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub awarder: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cvpdf: Option<Extras>,
}

/// A certificate.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub(super) struct Certificate {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub issuer: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cvpdf: Option<Extras>,
}

/// A publication.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub(super) struct Publication {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub publisher: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub release_date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cvpdf: Option<Extras>,
}

/// A skill area and its keywords.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub(super) struct Skill {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub level: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub keywords: Vec<String>,
}

/// A spoken language.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub(super) struct Language {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fluency: Option<String>,
}

/// An interest and its keywords.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub(super) struct Interest {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub keywords: Vec<String>,
}

/// A reference.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub(super) struct Reference {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cvpdf: Option<Extras>,
}

/// A project.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub(super) struct Project {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub highlights: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub keywords: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start_date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end_date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entity: Option<String>,
    /// `volunteering`, `talk`, `application`…: a category, not printed text.
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cvpdf: Option<Extras>,
}

/// `meta`: the schema's own fields, and cvpdf's plan of the profile.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub(super) struct Meta {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub canonical: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_modified: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cvpdf: Option<Plan>,
}

impl Meta {
    fn is_empty(&self) -> bool {
        *self == Meta::default()
    }
}

// ---------------------------------------------------------------------------------------------
// cvpdf's extensions

/// The version of the `meta.cvpdf` format written.
pub(super) const PLAN_VERSION: u32 = 1;

/// `meta.cvpdf`: what a cvpdf profile had beyond the JSON Resume fields, so that importing the
/// file again gives back every word, in the original sections and order.
///
/// Parts are stored only when importing the JSON Resume fields alone would not give them back.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub(super) struct Plan {
    /// The format's version.
    pub version: u32,
    /// The contacts as cvpdf read them (icons, labels, order, kinds with no JSON Resume field).
    /// Used only while `basics` still says what they said: an edited `basics` wins.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contacts: Option<Vec<Contact>>,
    /// The tagline, when `basics.summary` holds the summary section instead.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tagline: Option<Rich>,
    /// True when `basics.summary` is the tagline (the profile had no summary section).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub summary_is_tagline: bool,
    /// Content between the header and the first section that is neither headline nor tagline.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub intro: Vec<Block>,
    /// The Markdown front matter.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub front_matter: BTreeMap<String, String>,
    /// Every section in order: its title, kind and blocks, where a block that went into a JSON
    /// Resume array is a [`Moved`] reference to its items.
    pub sections: Vec<SectionPlan>,
}

/// One section of the profile: a cvpdf section whose blocks may be references into the document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub(super) struct SectionPlan {
    /// The heading as written.
    pub title: String,
    /// The section's kind.
    pub kind: SectionKind,
    /// The blocks, in order.
    pub blocks: Vec<Part<Home>>,
}

/// A block kept as cvpdf JSON, or a reference to where it went in the document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
#[allow(
    clippy::large_enum_variant,
    reason = "a plan has a few dozen parts; boxing the kept blocks would only add indirection"
)]
pub(super) enum Part<T> {
    /// The block became `count` units of `to`.
    Moved(Moved<T>),
    /// The block has no JSON Resume home: kept as it is.
    Kept(Block),
}

/// `count` units of a field, and the shape of the block they were.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(super) struct Moved<T> {
    /// Where the units are.
    pub to: T,
    /// How many units, in order from the first not yet used.
    pub count: usize,
    /// What the block was.
    #[serde(rename = "as")]
    pub shape: Shape,
}

/// The shape of a block that became units of a field.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub(super) enum Shape {
    /// One entry per item.
    Entries,
    /// One paragraph per unit.
    Paragraphs,
    /// One list item per unit.
    List(ListShape),
    /// Skill groups.
    Skills(SkillsShape),
}

/// A list's own properties, and the nesting depth of each unit (flattened depth-first).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", default)]
pub(super) struct ListShape {
    pub ordered: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start: Option<u64>,
    /// Empty when every item is at the top level.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub depths: Vec<usize>,
}

/// A skills block's column headings, and how each group maps to items.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", default)]
pub(super) struct SkillsShape {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub columns: Option<Vec<String>>,
    pub groups: Vec<GroupPlan>,
}

/// How one skill group maps to items.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub(super) enum GroupPlan {
    /// The group is one item (`{name, keywords}`, `{language, fluency}`).
    One,
    /// Each of the group's `n` skills is an item (an unlabelled list of languages or interests).
    Each(usize),
}

/// Where a section's block went: `basics.summary` or one of the document's arrays.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) enum Home {
    Summary,
    Work,
    Volunteer,
    Education,
    Awards,
    Certificates,
    Publications,
    Skills,
    Languages,
    Interests,
    References,
    Projects,
}

/// Which text field of an item a body block went into.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) enum Field {
    /// The item's running text (`summary`, `reference`), one unit per blank-line paragraph.
    Summary,
    /// The item's `description`, one unit.
    Description,
    /// The item's string list (`highlights`, `courses`), one unit per string.
    Highlights,
}

/// `cvpdf` on an item: what of the entry has no field in this item.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub(super) struct Extras {
    /// The dates as written; used only while the item's dates still agree with them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dates: Option<DateRange>,
    /// The organisation, for items without an organisation field.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub organization: Option<String>,
    /// Both links of the entry, when `url` cannot say which is which.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub links: Option<Links>,
    /// The description, for items without a description field.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<Rich>,
    /// The location, for items without a location field.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    /// The italic line under the title.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subtitle: Option<Rich>,
    /// Technologies, for items without `keywords`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tech: Vec<String>,
    /// The label of the technology line as written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tech_label: Option<String>,
    /// The body, when it is not simply the summary's paragraphs and then one list.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body: Option<Vec<Part<Field>>>,
}

impl Extras {
    /// `None` for extras with nothing in them.
    pub fn non_empty(self) -> Option<Self> {
        (self != Extras::default()).then_some(self)
    }
}

/// The two links of an entry.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub(super) struct Links {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub organization: Option<String>,
}

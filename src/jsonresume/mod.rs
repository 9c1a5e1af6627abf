//! [JSON Resume](https://jsonresume.org/schema) (v1.0.0) import and export.
//!
//! JSON Resume is the résumé format other tools speak: themes, editors, job sites. cvpdf's profile
//! is richer (rich text, sections of any kind and title, blocks of any shape), so the mapping is
//! done in two layers:
//!
//! 1. **The JSON Resume fields**, filled the way a person would fill them, in plain text:
//!    - name → `basics.name`; headline → `basics.label`; the summary section's paragraphs (else
//!      the tagline) → `basics.summary`;
//!    - contacts → `basics.email`, `phone`, `url`, `location` (`City, Region` split when that is
//!      the whole text, else the text in `address`) and `profiles` (`network` is the contact's own
//!      label such as `LinkedIn`, else the network's name; `username` comes from the URL);
//!    - entries of experience, volunteering, projects, education, certifications, awards,
//!      publications and references sections → `work`, `volunteer`, `projects`, `education`,
//!      `certificates`, `awards`, `publications`, `references`: title → `position`/`name`/
//!      `title`, organisation → `name`/`organization`/`institution`/`issuer`/…, dates →
//!      `startDate`/`endDate` as `YYYY-MM` or `YYYY` (no `endDate` when the range runs to the
//!      present), description → `description`, body paragraphs → `summary`, bullets →
//!      `highlights` (`courses` for a degree), tech → a project's `keywords`; a degree's title is
//!      split into `studyType` and `area` when that split gives the title back;
//!    - plain lists in certification, award and publication sections → one item per bullet;
//!    - skill groups → `skills[{name, keywords}]`; language and interest groups → `languages`,
//!      `interests`.
//! 2. **What the fields cannot hold**, in places the schema leaves open and other tools ignore:
//!    `meta.cvpdf` keeps the order and titles of the sections, every block with no JSON Resume
//!    home (whole sections too, as cvpdf section JSON), the intro, the front matter, and the
//!    contacts as read; a `cvpdf` object on an item keeps what of that entry has no field there
//!    (dates as written, subtitle, a body that is not just paragraphs then bullets, …).
//!
//! Importing reads layer 1 and puts layer 2 back, so profile → JSON Resume → profile keeps every
//! word. Layer 2 is only a supplement: an item edited by hand is read from its fields, and stored
//! dates or contacts are used only while the fields still say what they said. A file from another
//! tool (no layer 2) gets sections with standard English titles in a standard order.
//!
//! What is lost:
//! - for cvpdf too: inline formatting (bold, italics, links in text) of the text that went into
//!   JSON Resume strings, which are plain; the words, blocks and order all come back;
//! - for a JSON Resume reader, who sees layer 1 only: section titles and order, sections with no
//!   home (talks, contact, other), headings between skill groups, subtitles, dates as written
//!   (`Q1 2025` is read as `2025-01`–`2025-03`), the nesting of bullets, an entry's second link,
//!   a project's paragraphs (its first one is the `description`, the others join `highlights`);
//! - from other tools: `basics.image`, a project's `type`, and Markdown inside strings (read as
//!   plain text); a skill's `level` joins its name (`Platform (Expert)`) or becomes its only
//!   item, a degree's `score` a paragraph.
//!
//! Every link that comes in is checked as the parser checks links (`https:`, `http:`, `mailto:`,
//! `tel:`; a bare `github.com/x` becomes `https:`), since a JSON Resume file, and the blocks in its
//! `meta.cvpdf`, are input like any other.

mod contacts;
mod export;
mod import;
mod items;
mod schema;
mod values;

#[cfg(test)]
mod tests;

use serde_json::Value;
use serde_json::error::Category;

use crate::profile::Profile;

use schema::{NO_NAME, Resume};

/// Why a text could not be read as a JSON Resume.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum JsonResumeError {
    /// The text is not JSON.
    #[error("invalid JSON at line {line}, column {column}: {message}")]
    Syntax {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What is wrong there.
        message: String,
    },
    /// The JSON does not follow the JSON Resume schema (a number where a string belongs, a list
    /// that is not a list, …).
    #[error("not a JSON Resume at line {line}, column {column}: {message}")]
    Schema {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What is wrong there.
        message: String,
    },
    /// There is no name to put at the top of the résumé.
    #[error(
        "no name at line {line}, column {column}: basics.name is missing or empty; \
         add \"basics\": {{\"name\": \"Your Name\"}}"
    )]
    NoName {
        /// 1-based line of the end of `basics`, or of the document's start without `basics`.
        line: usize,
        /// 1-based column.
        column: usize,
    },
}

/// The profile as a JSON Resume document.
///
/// Never fails and never panics: every profile has a JSON Resume form. What has no field in the
/// schema is kept under `meta.cvpdf` and in `cvpdf` objects on items (see the
/// [module documentation](self)), so [`from_json_resume`] gives back every word.
pub fn to_json_resume(profile: &Profile) -> Value {
    // Serialising these types cannot fail: every map key is a string.
    serde_json::to_value(export::resume(profile)).unwrap_or(Value::Null)
}

/// The profile as a JSON Resume document, pretty-printed with the fields in the schema's order
/// (`basics` first, `name` first in it), as a person would write the file.
///
/// [`to_json_resume`]'s [`Value`] sorts keys alphabetically; this is the same document for a file.
pub fn to_json_resume_string(profile: &Profile) -> String {
    // As above: serialising these types cannot fail.
    serde_json::to_string_pretty(&export::resume(profile)).unwrap_or_default()
}

/// Reads a JSON Resume document into a profile.
///
/// # Errors
///
/// [`JsonResumeError::Syntax`] if the text is not JSON, [`JsonResumeError::Schema`] if a field has
/// the wrong type, [`JsonResumeError::NoName`] if `basics.name` is missing or empty. Each with
/// the line and column.
pub fn from_json_resume(text: &str) -> Result<Profile, JsonResumeError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let resume: Resume = serde_json::from_str(text).map_err(read_error)?;
    // Without `basics` at all, serde fills in the default and nothing complained yet.
    if resume
        .basics
        .name
        .as_deref()
        .is_none_or(|name| name.trim().is_empty())
    {
        let (line, column) = start_of(text);
        return Err(JsonResumeError::NoName { line, column });
    }
    Ok(import::profile(&resume))
}

/// True if `text` is meant as a JSON Resume rather than Markdown: it starts like a JSON object
/// and names `"basics"`.
///
/// Deliberately not a full parse: a JSON Resume with a syntax error must still be read as one,
/// so its error says which line is wrong instead of "no name heading". No Markdown résumé starts
/// with `{`.
pub fn looks_like_json_resume(text: &str) -> bool {
    let text = text.trim_start_matches('\u{feff}').trim_start();
    text.starts_with('{') && text.contains("\"basics\"")
}

/// A serde_json error as ours, with its position apart from its message.
fn read_error(error: serde_json::Error) -> JsonResumeError {
    let (line, column) = (error.line(), error.column());
    let full = error.to_string();
    let message = full
        .strip_suffix(&format!(" at line {line} column {column}"))
        .unwrap_or(&full)
        .to_string();
    match error.classify() {
        Category::Syntax | Category::Eof => JsonResumeError::Syntax {
            line,
            column,
            message,
        },
        Category::Data if message == NO_NAME => JsonResumeError::NoName { line, column },
        Category::Data | Category::Io => JsonResumeError::Schema {
            line,
            column,
            message,
        },
    }
}

/// The 1-based line and column of the first character that is not whitespace.
fn start_of(text: &str) -> (usize, usize) {
    let mut line = 1;
    let mut column = 1;
    for c in text.chars() {
        if !c.is_whitespace() {
            break;
        }
        if c == '\n' {
            line += 1;
            column = 1;
        } else {
            column += 1;
        }
    }
    (line, column)
}

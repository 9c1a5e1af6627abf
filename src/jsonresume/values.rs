//! Small conversions between JSON Resume strings and cvpdf values: dates, phone numbers, links,
//! locations and plain text.

use crate::profile::{
    Block, ContactKind, DateRange, ListItem, PartialDate, Rich, Span, plain_text,
};

use super::schema::{ListShape, Location};

// ---------------------------------------------------------------------------------------------
// Dates

/// A date as JSON Resume writes it: ISO 8601 with as much precision as known (`2019-03`, `2019`).
pub(super) fn iso(date: PartialDate) -> String {
    match date.month {
        Some(month) => format!("{:04}-{month:02}", date.year),
        None => format!("{:04}", date.year),
    }
}

/// Reads `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (a time after the date is allowed and ignored). The day
/// is checked but not kept: cvpdf dates go down to the month.
pub(super) fn parse_iso(text: &str) -> Option<PartialDate> {
    let date = text.trim().split(['T', ' ']).next().unwrap_or("");
    let mut fields = date.split('-');
    let year = fields.next()?;
    if year.len() != 4 || !year.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let year: i32 = year.parse().ok()?;
    let number = |field: &str, max: u8| -> Option<u8> {
        if field.len() != 2 || !field.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        field.parse().ok().filter(|n| (1..=max).contains(n))
    };
    let month = match fields.next() {
        None => return Some(PartialDate { year, month: None }),
        Some(field) => number(field, 12)?,
    };
    if let Some(day) = fields.next() {
        number(day, 31)?;
    }
    if fields.next().is_some() {
        return None;
    }
    Some(PartialDate {
        year,
        month: Some(month),
    })
}

/// A date the way cvpdf writes one for a reader: `03/2019`, or `2019` without a month. Numeric,
/// so it reads the same in every language, and the Markdown parser reads it back.
pub(super) fn human(date: PartialDate) -> String {
    match date.month {
        Some(month) => format!("{month:02}/{}", date.year),
        None => date.year.to_string(),
    }
}

/// What `present` is called in the date text of an imported range.
pub(super) const PRESENT: &str = "Present";

/// A date range from JSON Resume's `startDate` and `endDate`, written like the seeds write them:
/// `03/2019–Present`, `2015–2017`, `2025`. A missing end means the range runs to the present,
/// as JSON Resume has it. A date that is not ISO 8601 is kept as written, unread.
pub(super) fn range(start: Option<&str>, end: Option<&str>) -> Option<DateRange> {
    let present = |s: &str| !s.is_empty();
    let start_text = start.map(str::trim).filter(|s| present(s));
    let end_text = end.map(str::trim).filter(|s| present(s));
    let (start, end) = (start_text.and_then(parse_iso), end_text.and_then(parse_iso));
    let show = |date: Option<PartialDate>, text: &str| date.map_or(text.to_string(), human);
    let text = match (start_text, end_text) {
        (None, None) => return None,
        (Some(s), None) => format!("{}–{PRESENT}", show(start, s)),
        (None, Some(e)) => show(end, e),
        (Some(s), Some(e)) if s == e => show(start, s),
        (Some(s), Some(e)) => format!("{}–{}", show(start, s), show(end, e)),
    };
    Some(DateRange {
        text,
        start,
        end,
        present: start_text.is_some() && end_text.is_none(),
    })
}

/// A single date (a certificate's, an award's): `start == end`, as the parser reads `2019`.
pub(super) fn single(date: Option<&str>) -> Option<DateRange> {
    let text = date.map(str::trim).filter(|s| !s.is_empty())?;
    let parsed = parse_iso(text);
    Some(DateRange {
        text: parsed.map_or(text.to_string(), human),
        start: parsed,
        end: parsed,
        present: false,
    })
}

// ---------------------------------------------------------------------------------------------
// Contacts

/// The host of a URL, lowercase, without `www.`, user or port.
pub(super) fn host(url: &str) -> String {
    let lower = url.trim().to_ascii_lowercase();
    let rest = lower.split_once("://").map_or(lower.as_str(), |(_, r)| r);
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = host.rsplit('@').next().unwrap_or(host);
    let host = host.split(':').next().unwrap_or(host);
    host.strip_prefix("www.").unwrap_or(host).to_string()
}

/// The path segments of a URL, without query or fragment.
fn segments(url: &str) -> Vec<&str> {
    let rest = url.trim().split_once("://").map_or(url.trim(), |(_, r)| r);
    let path = rest.split(['?', '#']).next().unwrap_or("");
    path.split('/').skip(1).filter(|s| !s.is_empty()).collect()
}

/// The kind a network name stands for (`LinkedIn`, `Stack Overflow`, `X`).
pub(super) fn kind_of_network(network: &str) -> Option<ContactKind> {
    let name: String = network
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect::<String>()
        .to_lowercase();
    Some(match name.as_str() {
        "linkedin" => ContactKind::Linkedin,
        "github" => ContactKind::Github,
        "gitlab" => ContactKind::Gitlab,
        "stackoverflow" | "stackexchange" => ContactKind::Stackoverflow,
        "twitter" | "x" => ContactKind::Twitter,
        _ => return None,
    })
}

/// The usual name of a network.
pub(super) fn network_name(kind: ContactKind) -> Option<&'static str> {
    Some(match kind {
        ContactKind::Linkedin => "LinkedIn",
        ContactKind::Github => "GitHub",
        ContactKind::Gitlab => "GitLab",
        ContactKind::Stackoverflow => "Stack Overflow",
        ContactKind::Twitter => "Twitter",
        _ => return None,
    })
}

/// The user name in a profile URL: `linkedin.com/in/NAME`, `github.com/NAME`,
/// `stackoverflow.com/users/ID/NAME`, `x.com/NAME`.
pub(super) fn username(kind: ContactKind, url: &str) -> Option<String> {
    let segs = segments(url);
    let name = match kind {
        ContactKind::Linkedin => match segs.as_slice() {
            ["in" | "company" | "pub", name, ..] => *name,
            _ => return None,
        },
        ContactKind::Github | ContactKind::Gitlab | ContactKind::Twitter => {
            segs.first().copied()?
        }
        ContactKind::Stackoverflow => match segs.as_slice() {
            ["users", id, name, ..] if id.bytes().all(|b| b.is_ascii_digit()) => *name,
            ["users", id] => *id,
            _ => return None,
        },
        _ => return None,
    };
    let name = name.trim_start_matches('@');
    (!name.is_empty()).then(|| name.to_string())
}

/// The URL of a profile on a known network, for a profile given only by its user name.
pub(super) fn profile_url(kind: ContactKind, username: &str) -> Option<String> {
    let name = username.trim().trim_start_matches('@');
    if name.is_empty() || name.contains(['/', ' ', '?', '#']) {
        return None;
    }
    let base = match kind {
        ContactKind::Linkedin => "https://www.linkedin.com/in/",
        ContactKind::Github => "https://github.com/",
        ContactKind::Gitlab => "https://gitlab.com/",
        ContactKind::Twitter => "https://x.com/",
        _ => return None,
    };
    Some(format!("{base}{name}"))
}

/// A URL as a reader would write it: without the scheme and the trailing slash.
pub(super) fn display_url(url: &str) -> String {
    let url = url.trim();
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    rest.trim_end_matches('/').to_string()
}

/// A location as JSON Resume fields: `City, Region` or `City, Region, CC` when that is the whole
/// text, else the full text in `address` (a street address, or a single name that could be a
/// city or a country).
pub(super) fn split_location(text: &str) -> Location {
    let text = text.trim();
    let parts: Vec<&str> = text.split(',').map(str::trim).collect();
    let has_digit = text.chars().any(|c| c.is_ascii_digit());
    let split = match parts.as_slice() {
        _ if has_digit || parts.iter().any(|p| p.is_empty()) => None,
        [city, region] => Some(Location {
            city: Some(city.to_string()),
            region: Some(region.to_string()),
            ..Location::default()
        }),
        [city, region, code] if code.len() == 2 && code.bytes().all(|b| b.is_ascii_uppercase()) => {
            Some(Location {
                city: Some(city.to_string()),
                region: Some(region.to_string()),
                country_code: Some(code.to_string()),
                ..Location::default()
            })
        }
        _ => None,
    };
    match split {
        Some(location) if join_location(&location) == text => location,
        _ => Location {
            address: Some(text.to_string()),
            ..Location::default()
        },
    }
}

/// A location's fields as one line: `address, postalCode city, region, countryCode`.
pub(super) fn join_location(location: &Location) -> String {
    let trimmed = |field: &Option<String>| {
        field
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    let town = [trimmed(&location.postal_code), trimmed(&location.city)]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    [
        trimmed(&location.address),
        (!town.is_empty()).then_some(town),
        trimmed(&location.region),
        trimmed(&location.country_code),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(", ")
}

// ---------------------------------------------------------------------------------------------
// Text

/// Rich text from plain text: line breaks become [`Span::Linebreak`].
pub(super) fn rich(text: &str) -> Rich {
    let mut out = Vec::new();
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push(Span::Linebreak);
        }
        let line = line.trim_end_matches('\r');
        if !line.is_empty() {
            out.push(Span::text(line));
        }
    }
    out
}

/// A paragraph of plain text.
pub(super) fn paragraph(text: &str) -> Block {
    Block::Paragraph {
        content: rich(text),
    }
}

/// One unit of text for a JSON Resume string: the plain text, trimmed, with runs of line breaks
/// made one, so that units joined by a blank line split back the same way.
pub(super) fn unit(rich: &[Span]) -> String {
    tidy(&plain_text(rich))
}

/// Trims a text and makes each run of line breaks (and blank lines) one line break.
pub(super) fn tidy(text: &str) -> String {
    text.split('\n')
        .map(|line| line.trim_end_matches('\r'))
        .filter(|line| !line.trim().is_empty())
        .collect::<Vec<_>>()
        .join("\n")
        .trim()
        .to_string()
}

/// Paragraph units joined for one JSON Resume string.
pub(super) fn join_paragraphs(units: &[String]) -> Option<String> {
    (!units.is_empty()).then(|| units.join("\n\n"))
}

/// A JSON Resume string split at blank lines into paragraph units.
pub(super) fn split_paragraphs(text: Option<&str>) -> Vec<String> {
    let mut out = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for line in text.unwrap_or("").split('\n') {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            if !current.is_empty() {
                out.push(current.join("\n").trim().to_string());
                current.clear();
            }
        } else {
            current.push(line);
        }
    }
    if !current.is_empty() {
        out.push(current.join("\n").trim().to_string());
    }
    out
}

/// A trimmed string, `None` when empty.
pub(super) fn text(value: Option<&str>) -> Option<String> {
    value
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

/// A list's items flattened depth-first into units with their depth. `None` when an item holds
/// anything but paragraphs and lists, which would not survive as strings.
pub(super) fn flatten_list(items: &[ListItem]) -> Option<Vec<(String, usize)>> {
    fn walk(items: &[ListItem], depth: usize, out: &mut Vec<(String, usize)>) -> bool {
        for item in items {
            let mut text = plain_text(&item.content);
            let mut nested = Vec::new();
            for child in &item.children {
                match child {
                    Block::Paragraph { content } => {
                        text.push('\n');
                        text.push_str(&plain_text(content));
                    }
                    Block::List { items, .. } => nested.push(items),
                    _ => return false,
                }
            }
            out.push((tidy(&text), depth));
            for items in nested {
                if !walk(items, depth + 1, out) {
                    return false;
                }
            }
        }
        true
    }
    let mut out = Vec::new();
    walk(items, 0, &mut out).then_some(out)
}

/// The deepest nesting a rebuilt list gets (the parser's own limit).
const MAX_DEPTH: usize = 16;

/// A list from units, nested as `shape.depths` says (depths missing or out of step are read as
/// the top level, or one level below the previous item at most).
pub(super) fn build_list(units: &[String], shape: &ListShape) -> Block {
    let mut depths = Vec::with_capacity(units.len());
    let mut previous: Option<usize> = None;
    for i in 0..units.len() {
        let wanted = shape.depths.get(i).copied().unwrap_or(0);
        let depth = wanted.min(previous.map_or(0, |p| p + 1)).min(MAX_DEPTH);
        depths.push(depth);
        previous = Some(depth);
    }
    let mut at = 0;
    Block::List {
        ordered: shape.ordered,
        start: shape.start,
        items: nest(units, &depths, &mut at, 0),
    }
}

fn nest(units: &[String], depths: &[usize], at: &mut usize, depth: usize) -> Vec<ListItem> {
    let mut items: Vec<ListItem> = Vec::new();
    while let (Some(text), Some(&d)) = (units.get(*at), depths.get(*at)) {
        if d < depth {
            break;
        }
        if d > depth
            && let Some(last) = items.last_mut()
        {
            let children = nest(units, depths, at, depth + 1);
            last.children.push(Block::List {
                ordered: false,
                start: None,
                items: children,
            });
            continue;
        }
        items.push(ListItem {
            content: rich(text),
            children: Vec::new(),
        });
        *at += 1;
    }
    items
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(year: i32, month: Option<u8>) -> Option<PartialDate> {
        Some(PartialDate { year, month })
    }

    #[test]
    fn iso_dates() {
        assert_eq!(parse_iso("2019-03"), d(2019, Some(3)));
        assert_eq!(parse_iso("2019"), d(2019, None));
        assert_eq!(parse_iso("2019-03-15"), d(2019, Some(3)));
        assert_eq!(parse_iso("2019-03-15T10:00:00Z"), d(2019, Some(3)));
        assert_eq!(parse_iso("2019-13"), None);
        assert_eq!(parse_iso("2019-3"), None);
        assert_eq!(parse_iso("Spring 2020"), None);
        assert_eq!(
            iso(PartialDate {
                year: 2019,
                month: Some(3)
            }),
            "2019-03"
        );
        assert_eq!(
            iso(PartialDate {
                year: 2019,
                month: None
            }),
            "2019"
        );
    }

    #[test]
    fn ranges() {
        let r = range(Some("2019-03"), None).unwrap();
        assert_eq!(
            (r.text.as_str(), r.start, r.end, r.present),
            ("03/2019–Present", d(2019, Some(3)), None, true)
        );
        let r = range(Some("2015"), Some("2017")).unwrap();
        assert_eq!((r.text.as_str(), r.present), ("2015–2017", false));
        assert_eq!(range(Some("2025"), Some("2025")).unwrap().text, "2025");
        let r = range(Some("Spring 2020"), Some("2021-06")).unwrap();
        assert_eq!(
            (r.text.as_str(), r.start, r.end),
            ("Spring 2020–06/2021", None, d(2021, Some(6)))
        );
        assert_eq!(range(None, None), None);
        let s = single(Some("2021-11-02")).unwrap();
        assert_eq!(
            (s.text.as_str(), s.start, s.end),
            ("11/2021", d(2021, Some(11)), d(2021, Some(11)))
        );
    }

    #[test]
    fn links() {
        assert_eq!(
            kind_of_network("Stack Overflow"),
            Some(ContactKind::Stackoverflow)
        );
        assert_eq!(kind_of_network("Mastodon"), None);
        assert_eq!(
            username(ContactKind::Linkedin, "https://linkedin.com/in/tabmadi/").as_deref(),
            Some("tabmadi")
        );
        assert_eq!(
            username(
                ContactKind::Stackoverflow,
                "https://stackoverflow.com/users/4155138/zurvan"
            )
            .as_deref(),
            Some("zurvan")
        );
        assert_eq!(username(ContactKind::Github, "https://github.com/"), None);
        assert_eq!(display_url("https://jm.dev/"), "jm.dev");
    }

    #[test]
    fn locations() {
        let l = split_location("Tehran, Iran");
        assert_eq!(
            (l.city.as_deref(), l.region.as_deref(), l.address),
            (Some("Tehran"), Some("Iran"), None)
        );
        let l = split_location("Austin, Texas, US");
        assert_eq!(l.country_code.as_deref(), Some("US"));
        assert_eq!(split_location("Oman").address.as_deref(), Some("Oman"));
        assert_eq!(
            split_location("Hauptstr. 5, 10115 Berlin")
                .address
                .as_deref(),
            Some("Hauptstr. 5, 10115 Berlin")
        );
        let full = Location {
            address: Some("Hauptstr. 5".into()),
            postal_code: Some("10115".into()),
            city: Some("Berlin".into()),
            country_code: Some("DE".into()),
            ..Location::default()
        };
        assert_eq!(join_location(&full), "Hauptstr. 5, 10115 Berlin, DE");
    }

    #[test]
    fn paragraphs_and_lists() {
        let units = vec!["a\nb".to_string(), "c".to_string()];
        let joined = join_paragraphs(&units);
        assert_eq!(split_paragraphs(joined.as_deref()), units);
        assert_eq!(split_paragraphs(Some("x\r\n\r\n\r\ny\n")), ["x", "y"]);
        assert_eq!(tidy("  a\n\n\nb \n"), "a\nb");
        let shape = ListShape {
            depths: vec![0, 1, 1, 0, 5],
            ..ListShape::default()
        };
        let units: Vec<String> = ["a", "a1", "a2", "b", "b1"].map(String::from).to_vec();
        let list = build_list(&units, &shape);
        let Block::List { items, .. } = &list else {
            panic!("not a list");
        };
        assert_eq!(items.len(), 2);
        assert_eq!(
            flatten_list(items),
            Some(units.iter().cloned().zip([0, 1, 1, 0, 1]).collect())
        );
    }
}

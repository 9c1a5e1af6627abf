//! Reading dates and date ranges as résumés write them.
//!
//! Understood: `2015`, `07/2025`, `04.2020`, `2021-03`, `2022-08-11`, `Mar 2021`, `März 2021`,
//! `Q1 2025`, `H2 2024`, ranges joined by `–`, `—`, `-`, `~`, `to`, `bis`, `à`, `a`, `hasta`, `até`
//! and friends (`Q1-Q2 2025` and `Mar–Jun 2021` share the year), and a present word (`Present`,
//! `heute`, `Atual`, `Günümüz`, `présent`, `actualidad`, …) as the end. A single date gives
//! `start == end`; a quarter or half-year gives its first and last month.

use crate::profile::{DateRange, PartialDate};

/// The longest text tried as a date.
const MAX_LEN: usize = 80;

const PRESENT: &[&str] = &[
    "present",
    "now",
    "current",
    "currently",
    "today",
    "ongoing",
    "date",
    "heute",
    "aktuell",
    "jetzt",
    "dato",
    "gegenwart",
    "présent",
    "aujourd'hui",
    "aujourd’hui",
    "maintenant",
    "actuel",
    "actuellement",
    "en cours",
    "actualidad",
    "presente",
    "actual",
    "actualmente",
    "hoy",
    "la fecha",
    "atual",
    "atualmente",
    "hoje",
    "o momento",
    "o presente",
    "günümüz",
    "halen",
    "şimdi",
    "devam ediyor",
    "hâlen",
];

/// Month names and abbreviations in English, German, French, Spanish, Portuguese and Turkish.
const MONTHS: &[(&str, u8)] = &[
    ("january", 1),
    ("jan", 1),
    ("januar", 1),
    ("jänner", 1),
    ("janvier", 1),
    ("janv", 1),
    ("enero", 1),
    ("ene", 1),
    ("janeiro", 1),
    ("ocak", 1),
    ("february", 2),
    ("feb", 2),
    ("februar", 2),
    ("février", 2),
    ("fevrier", 2),
    ("févr", 2),
    ("fév", 2),
    ("fev", 2),
    ("febrero", 2),
    ("fevereiro", 2),
    ("şubat", 2),
    ("subat", 2),
    ("march", 3),
    ("mar", 3),
    ("märz", 3),
    ("maerz", 3),
    ("mär", 3),
    ("mrz", 3),
    ("mars", 3),
    ("marzo", 3),
    ("março", 3),
    ("marco", 3),
    ("mart", 3),
    ("april", 4),
    ("apr", 4),
    ("avril", 4),
    ("avr", 4),
    ("abril", 4),
    ("abr", 4),
    ("nisan", 4),
    ("may", 5),
    ("mai", 5),
    ("mayo", 5),
    ("maio", 5),
    ("mayıs", 5),
    ("mayis", 5),
    ("june", 6),
    ("jun", 6),
    ("juni", 6),
    ("juin", 6),
    ("junio", 6),
    ("junho", 6),
    ("haziran", 6),
    ("july", 7),
    ("jul", 7),
    ("juli", 7),
    ("juillet", 7),
    ("juil", 7),
    ("julio", 7),
    ("julho", 7),
    ("temmuz", 7),
    ("august", 8),
    ("aug", 8),
    ("août", 8),
    ("aout", 8),
    ("agosto", 8),
    ("ago", 8),
    ("ağustos", 8),
    ("agustos", 8),
    ("september", 9),
    ("sep", 9),
    ("sept", 9),
    ("septembre", 9),
    ("septiembre", 9),
    ("setiembre", 9),
    ("setembro", 9),
    ("set", 9),
    ("eylül", 9),
    ("eylul", 9),
    ("october", 10),
    ("oct", 10),
    ("oktober", 10),
    ("okt", 10),
    ("octobre", 10),
    ("octubre", 10),
    ("outubro", 10),
    ("out", 10),
    ("ekim", 10),
    ("november", 11),
    ("nov", 11),
    ("novembre", 11),
    ("noviembre", 11),
    ("novembro", 11),
    ("kasım", 11),
    ("kasim", 11),
    ("december", 12),
    ("dec", 12),
    ("dezember", 12),
    ("dez", 12),
    ("décembre", 12),
    ("decembre", 12),
    ("déc", 12),
    ("diciembre", 12),
    ("dic", 12),
    ("dezembro", 12),
    ("aralık", 12),
    ("aralik", 12),
];

/// Words that start an open range.
const SINCE: &[&str] = &["since", "seit", "depuis", "desde", "dal", "from"];

/// Words that join a start and an end.
const RANGE_WORDS: &[&str] = &[
    "to", "till", "until", "bis", "à", "au", "a", "al", "hasta", "até", "ate",
];

/// Words skipped inside a date (`mar. de 2021`, `5th of May`).
const FILLER: &[&str] = &["de", "del", "of", "the"];

/// A point in time as written: either with a year, or a month span waiting for the year of the
/// other end of a range (`Q1` in `Q1-Q2 2025`).
#[derive(Debug, Clone, Copy, PartialEq)]
enum Point {
    Full(PartialDate, PartialDate),
    NoYear(u8, u8),
}

/// Reads a date or a date range. The result's `text` is `text` trimmed.
pub(crate) fn parse(text: &str) -> Option<DateRange> {
    let text = text.trim();
    if text.is_empty() || text.len() > MAX_LEN || !text.chars().any(|c| c.is_ascii_digit()) {
        return None;
    }
    let inner = unwrap(text);
    // `since 2019`, `seit 03/2019`: an open range.
    if let Some((word, rest)) = inner.split_once(char::is_whitespace)
        && SINCE.contains(&word.to_lowercase().as_str())
        && let Some(Point::Full(start, _)) = point(rest)
    {
        return Some(DateRange {
            text: text.to_string(),
            start: Some(start),
            end: None,
            present: true,
        });
    }
    if let Some(Point::Full(start, end)) = point(inner) {
        return Some(DateRange {
            text: text.to_string(),
            start: Some(start),
            end: Some(end),
            present: false,
        });
    }
    for (at, len) in separators(inner) {
        let (left, right) = (inner[..at].trim(), inner[at + len..].trim());
        if left.is_empty() || right.is_empty() {
            continue;
        }
        let (end, present, year) = if is_present(right) {
            (None, true, None)
        } else {
            match point(right) {
                Some(Point::Full(_, end)) => (Some(end), false, Some(end.year)),
                _ => continue,
            }
        };
        let start = match point(left) {
            Some(Point::Full(start, _)) => start,
            Some(Point::NoYear(month, _)) => match year {
                Some(year) => PartialDate {
                    year,
                    month: Some(month),
                },
                None => continue,
            },
            None => continue,
        };
        if let Some(end) = end
            && (start.year, start.month.unwrap_or(0)) > (end.year, end.month.unwrap_or(12))
        {
            continue;
        }
        return Some(DateRange {
            text: text.to_string(),
            start: Some(start),
            end,
            present,
        });
    }
    None
}

/// True for short text that a reader would take for dates (a year, or a present word), whether or
/// not it can be read.
pub(crate) fn looks_like_date(text: &str) -> bool {
    let text = text.trim();
    if text.is_empty() || text.len() > 40 || text.split_whitespace().count() > 5 {
        return false;
    }
    let has_year = text
        .split(|c: char| !c.is_ascii_digit())
        .any(|run| run.len() == 4 && (run.starts_with("19") || run.starts_with("20")));
    has_year || words(text).any(|w| PRESENT.contains(&w.as_str()))
}

fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| c.is_whitespace() || matches!(c, ',' | '–' | '—' | '-' | '(' | ')'))
        .filter(|w| !w.is_empty())
        .map(|w| w.trim_end_matches('.').to_lowercase())
}

/// Removes brackets and emphasis marks around the whole text.
fn unwrap(text: &str) -> &str {
    let mut t = text.trim();
    loop {
        let next = t
            .strip_prefix('(')
            .and_then(|s| s.strip_suffix(')'))
            .or_else(|| t.strip_prefix('[').and_then(|s| s.strip_suffix(']')))
            .or_else(|| t.strip_prefix('*').and_then(|s| s.strip_suffix('*')))
            .or_else(|| t.strip_prefix('_').and_then(|s| s.strip_suffix('_')));
        match next {
            Some(n) => t = n.trim(),
            None => return t,
        }
    }
}

fn is_present(text: &str) -> bool {
    let lower = text.trim().trim_end_matches('.').to_lowercase();
    PRESENT.contains(&lower.as_str())
}

/// Candidate range separators as (byte offset, byte length), left to right.
fn separators(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    for (i, c) in text.char_indices() {
        match c {
            '–' | '—' | '-' | '‐' | '‑' | '‒' | '−' | '~' | '→' => {
                out.push((i, c.len_utf8()))
            }
            ' ' => {
                for word in RANGE_WORDS {
                    let end = i + 1 + word.len();
                    if end < text.len()
                        && bytes[end] == b' '
                        && text.is_char_boundary(i + 1)
                        && text.is_char_boundary(end)
                        && text[i + 1..end].to_lowercase() == *word
                    {
                        out.push((i, word.len() + 2));
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// Reads one point in time.
fn point(text: &str) -> Option<Point> {
    let text = text.trim().trim_end_matches([',', '.']).trim();
    if text.is_empty() {
        return None;
    }
    if let Some(p) = numeric(text) {
        return Some(p);
    }
    let tokens: Vec<String> = text
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|t| !t.is_empty())
        .map(|t| t.trim_end_matches('.').to_lowercase())
        .filter(|t| !FILLER.contains(&t.as_str()))
        .collect();
    match tokens.as_slice() {
        [one] => {
            if let Some((a, b)) = period(one) {
                Some(Point::NoYear(a, b))
            } else {
                month(one).map(|m| Point::NoYear(m, m))
            }
        }
        [a, b] => {
            let (p, y) = if let Some(y) = year(b) {
                (a, y)
            } else {
                (b, year(a)?)
            };
            let (m1, m2) = period(p).or_else(|| month(p).map(|m| (m, m)))?;
            Some(full(y, m1, m2))
        }
        [a, b, c] => {
            // `5 March 2021`, `March 5 2021`: day precision is not kept.
            let y = year(c)?;
            let m = if is_day(a) {
                month(b)?
            } else if is_day(b) {
                month(a)?
            } else {
                return None;
            };
            Some(full(y, m, m))
        }
        _ => None,
    }
}

fn full(year: i32, m1: u8, m2: u8) -> Point {
    Point::Full(
        PartialDate {
            year,
            month: Some(m1),
        },
        PartialDate {
            year,
            month: Some(m2),
        },
    )
}

/// `2015`, `07/2025`, `7.2025`, `2021-03`, `2021/03`, `11.08.2022`, `2022-08-11`.
fn numeric(text: &str) -> Option<Point> {
    if !text
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '/' | '.' | '-'))
    {
        return None;
    }
    let fields: Vec<&str> = text.split(['/', '.', '-']).collect();
    let num = |s: &str| -> Option<u32> {
        if s.is_empty() || s.len() > 4 {
            None
        } else {
            s.parse().ok()
        }
    };
    match fields.as_slice() {
        [y] => {
            let y = year(y)?;
            Some(Point::Full(
                PartialDate {
                    year: y,
                    month: None,
                },
                PartialDate {
                    year: y,
                    month: None,
                },
            ))
        }
        [a, b] => {
            if a.len() == 4 {
                Some(full(
                    year(a)?,
                    month_number(num(b)?)?,
                    month_number(num(b)?)?,
                ))
            } else if b.len() == 4 && a.len() <= 2 {
                let m = month_number(num(a)?)?;
                Some(full(year(b)?, m, m))
            } else {
                None
            }
        }
        [a, b, c] => {
            let m = if a.len() == 4 && b.len() <= 2 && c.len() <= 2 {
                let m = month_number(num(b)?)?;
                return Some(full(year(a)?, m, m));
            } else if c.len() == 4 && a.len() <= 2 && b.len() <= 2 {
                let (first, second) = (num(a)?, num(b)?);
                // `11.08.2022` is day.month; `08/11/2022` is month/day unless the first is a day.
                if text.contains('.') || first > 12 {
                    month_number(second)?
                } else {
                    month_number(first)?
                }
            } else {
                return None;
            };
            Some(full(year(c)?, m, m))
        }
        _ => None,
    }
}

fn year(s: &str) -> Option<i32> {
    if s.len() != 4 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let y: i32 = s.parse().ok()?;
    (1900..=2100).contains(&y).then_some(y)
}

fn month_number(n: u32) -> Option<u8> {
    (1..=12).contains(&n).then_some(n as u8)
}

fn month(token: &str) -> Option<u8> {
    MONTHS
        .iter()
        .find(|(name, _)| *name == token)
        .map(|&(_, m)| m)
}

/// A quarter (`q1`) or half-year (`h2`) as its first and last month.
fn period(token: &str) -> Option<(u8, u8)> {
    let mut chars = token.chars();
    let (kind, n) = (chars.next()?, chars.next()?.to_digit(10)?);
    if chars.next().is_some() {
        return None;
    }
    match (kind, n) {
        ('q', 1..=4) => Some((n as u8 * 3 - 2, n as u8 * 3)),
        ('h', 1..=2) => Some((n as u8 * 6 - 5, n as u8 * 6)),
        _ => None,
    }
}

fn is_day(token: &str) -> bool {
    let digits = token.trim_end_matches(['.', 'h', 't', 's', 'n', 'd', 'r']);
    !digits.is_empty()
        && digits.len() <= 2
        && digits.bytes().all(|b| b.is_ascii_digit())
        && digits.parse::<u8>().is_ok_and(|d| (1..=31).contains(&d))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(year: i32, month: Option<u8>) -> Option<PartialDate> {
        Some(PartialDate { year, month })
    }

    #[test]
    fn ranges_and_points() {
        let r = parse("07/2025–Present").unwrap();
        assert_eq!((r.start, r.end, r.present), (d(2025, Some(7)), None, true));
        let r = parse("2019–2022").unwrap();
        assert_eq!(
            (r.start, r.end, r.present),
            (d(2019, None), d(2022, None), false)
        );
        let r = parse("Mar 2021 – Present").unwrap();
        assert_eq!((r.start, r.present), (d(2021, Some(3)), true));
        let r = parse("Q1-Q2 2025").unwrap();
        assert_eq!((r.start, r.end), (d(2025, Some(1)), d(2025, Some(6))));
        let r = parse("2015").unwrap();
        assert_eq!((r.start, r.end), (d(2015, None), d(2015, None)));
        let r = parse("06/2017–08/2021").unwrap();
        assert_eq!((r.start, r.end), (d(2017, Some(6)), d(2021, Some(8))));
        let r = parse("Jun 2017 to Feb 2021").unwrap();
        assert_eq!((r.start, r.end), (d(2017, Some(6)), d(2021, Some(2))));
        let r = parse("Q1 2025").unwrap();
        assert_eq!((r.start, r.end), (d(2025, Some(1)), d(2025, Some(3))));
        let r = parse("2022-08-11").unwrap();
        assert_eq!(r.start, d(2022, Some(8)));
        let r = parse("März 2019 bis heute").unwrap();
        assert_eq!((r.start, r.present), (d(2019, Some(3)), true));
        for present in [
            "heute",
            "Atual",
            "Günümüz",
            "présent",
            "actualidad",
            "Present",
            "Now",
            "Current",
        ] {
            let r = parse(&format!("2020 - {present}")).unwrap();
            assert!(r.present, "{present}");
            assert_eq!(r.end, None);
        }
        let r = parse("Mar–Jun 2021").unwrap();
        assert_eq!((r.start, r.end), (d(2021, Some(3)), d(2021, Some(6))));
        assert_eq!(parse("(2025)").unwrap().text, "(2025)");
        let r = parse("seit 03/2019").unwrap();
        assert_eq!((r.start, r.end, r.present), (d(2019, Some(3)), None, true));
        assert!(parse("Since March 2020").unwrap().present);
    }

    #[test]
    fn not_dates() {
        for text in [
            "Open Source",
            "Present",
            "2022–2019",
            "Spring 2020",
            "1,000+",
            "ExchAInge",
            "99.9%",
            "3×",
            "Q5 2020",
        ] {
            assert_eq!(parse(text), None, "{text}");
        }
        assert!(looks_like_date("Spring 2020"));
        assert!(!looks_like_date("Open Source"));
    }
}

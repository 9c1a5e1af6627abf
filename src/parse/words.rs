//! Words, for checking that nothing the author wrote is lost.

use serde_json::{Map, Value};

use crate::profile::Profile;

/// The words of `text`: maximal runs of letters, digits and combining marks. Punctuation, symbols,
/// emoji and joiners (ZWJ/ZWNJ) separate words.
pub fn words(text: &str) -> impl Iterator<Item = &str> + '_ {
    text.split(|c: char| !is_word_char(c))
        .filter(|w| !w.is_empty())
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
        || matches!(c as u32,
            0x0300..=0x036F | 0x0483..=0x0489 | 0x0591..=0x05BD | 0x0610..=0x061A | 0x064B..=0x065F | 0x0670
            | 0x06D6..=0x06ED | 0x0900..=0x0903 | 0x093A..=0x094F | 0x0E31..=0x0E3A | 0x1AB0..=0x1AFF
            | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

/// Every word the profile would print: the words of every string in its JSON form except link
/// targets (any key ending in `url`) and the tags `type` and `kind`, with each run of rich text
/// read as one text (so `**5**0%` gives `50`, as a PDF would). Metadata keys count too.
pub fn profile_words(profile: &Profile) -> Vec<String> {
    let value = serde_json::to_value(profile).unwrap_or(Value::Null);
    let mut out = Vec::new();
    let mut stack = vec![&value];
    while let Some(value) = stack.pop() {
        match value {
            Value::String(s) => out.extend(words(s).map(str::to_string)),
            Value::Array(items) if is_rich(items) => {
                let mut text = String::new();
                push_rich(items, &mut text);
                out.extend(words(&text).map(str::to_string));
            }
            Value::Array(items) => stack.extend(items.iter().rev()),
            Value::Object(map) => {
                for (key, value) in map.iter().rev() {
                    if !(key.ends_with("url") || key == "type" || key == "kind") {
                        stack.push(value);
                    }
                }
            }
            Value::Null | Value::Bool(_) | Value::Number(_) => {}
        }
    }
    for key in profile.meta.keys() {
        out.extend(words(key).map(str::to_string));
    }
    out
}

/// True for a non-empty array of rich-text spans.
fn is_rich(items: &[Value]) -> bool {
    !items.is_empty()
        && items
            .iter()
            .all(|item| item.as_object().is_some_and(is_span))
}

fn is_span(map: &Map<String, Value>) -> bool {
    match map.get("type").and_then(Value::as_str) {
        Some("text" | "strong" | "emph" | "strike" | "linebreak") => true,
        Some("link") => map.contains_key("children"),
        // A code span, not a code block (which has a `lang`).
        Some("code") => !map.contains_key("lang"),
        _ => false,
    }
}

fn push_rich(items: &[Value], out: &mut String) {
    for item in items {
        let Some(map) = item.as_object() else {
            continue;
        };
        match map.get("type").and_then(Value::as_str) {
            Some("linebreak") => out.push('\n'),
            Some("text" | "code") => {
                out.push_str(map.get("text").and_then(Value::as_str).unwrap_or(""))
            }
            _ => {
                if let Some(children) = map.get("children").and_then(Value::as_array) {
                    push_rich(children, out);
                }
            }
        }
    }
}

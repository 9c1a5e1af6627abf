//! YAML front matter as flat `key: value` metadata.
//!
//! Only the simple subset résumés use is read: top-level `key: value` pairs (quotes removed),
//! a key followed by `- item` lines or indented lines (joined with `, `), and block scalars
//! (`key: |`). Anything else is reported and left out.

use std::collections::BTreeMap;
use std::ops::Range;

use super::Ctx;
use super::tree::clip;

pub(crate) fn parse(text: &str, span: Range<usize>, ctx: &mut Ctx) -> BTreeMap<String, String> {
    let mut meta = BTreeMap::new();
    let mut key: Option<String> = None;
    let mut items: Vec<String> = Vec::new();
    let mut not_understood: Vec<&str> = Vec::new();
    let finish =
        |key: &mut Option<String>, items: &mut Vec<String>, meta: &mut BTreeMap<String, String>| {
            if let Some(k) = key.take() {
                if !items.is_empty() {
                    let joined = items.join(", ");
                    meta.entry(k)
                        .and_modify(|v: &mut String| {
                            if v.is_empty() {
                                *v = joined.clone()
                            } else {
                                v.push_str(", ");
                                v.push_str(&joined)
                            }
                        })
                        .or_insert(joined);
                }
                items.clear();
            }
        };
    for raw in text.lines() {
        let line = raw.trim_end();
        let trimmed = line.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let indented = line.len() != trimmed.len();
        if indented || trimmed.starts_with("- ") || trimmed == "-" {
            if key.is_some() {
                let item = trimmed.strip_prefix('-').unwrap_or(trimmed).trim();
                let item = unquote(item);
                if !item.is_empty() {
                    items.push(item.to_string());
                }
            } else {
                not_understood.push(trimmed);
            }
            continue;
        }
        finish(&mut key, &mut items, &mut meta);
        match trimmed.split_once(':') {
            Some((k, v)) if is_key(k) && (v.is_empty() || v.starts_with([' ', '\t'])) => {
                let k = unquote(k.trim()).to_string();
                let v = v.trim();
                let v = if matches!(v, "|" | ">" | "|-" | ">-") {
                    ""
                } else {
                    unquote(v)
                };
                meta.insert(k.clone(), v.to_string());
                key = Some(k);
            }
            _ => not_understood.push(trimmed),
        }
    }
    finish(&mut key, &mut items, &mut meta);
    if let Some(first) = not_understood.first() {
        ctx.note(
            span,
            format!(
                "{} line(s) of the front matter were not understood and are left out, starting with '{}'",
                not_understood.len(),
                clip(first)
            ),
            Some("write front matter as simple 'key: value' lines"),
        );
    }
    meta
}

/// True if every line reads as simple YAML: `key: value`, `key:`, an indented line, a `- item`
/// or a comment. Anything else means a `---` block is not front matter.
pub(crate) fn looks_like_yaml(text: &str) -> bool {
    let mut any_key = false;
    for line in text.lines() {
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if line.starts_with([' ', '\t']) || trimmed == "-" || trimmed.starts_with("- ") {
            continue;
        }
        match trimmed.split_once(':') {
            Some((k, v)) if is_key(k) && (v.is_empty() || v.starts_with([' ', '\t'])) => {
                any_key = true
            }
            _ => return false,
        }
    }
    any_key
}

fn is_key(k: &str) -> bool {
    let k = unquote(k.trim());
    !k.is_empty() && k.len() <= 40 && !k.starts_with(['#', '*', '>', '[', '|', '-'])
}

fn unquote(s: &str) -> &str {
    let s = s.trim();
    for q in ['"', '\''] {
        if s.len() >= 2 && s.starts_with(q) && s.ends_with(q) {
            return &s[1..s.len() - 1];
        }
    }
    s
}

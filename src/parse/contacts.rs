//! Contact items: what kind each is, where it leads, and the author's own icon.

use crate::profile::{Contact, ContactKind};

use super::inline::{Inl, InlKind, Seps, plain, split_parts, trim, word_count};

/// How sure we are that an item is a contact detail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Sure {
    /// An address, a number, a profile link, or an item led by a contact icon.
    Yes,
    /// Short text that could be a place or a note among contacts.
    Maybe,
    /// Prose.
    No,
}

/// The longest item considered a contact.
const MAX_ITEM: usize = 300;

/// Splits a line into items at `|`, `·` and `•`, and items made only of links into one per link.
pub(crate) fn items(line: &[Inl]) -> Vec<Vec<Inl>> {
    let mut out = Vec::new();
    for part in split_parts(line, Seps::LIST) {
        if part.inl.is_empty() {
            continue;
        }
        out.extend(split_links(part.inl));
    }
    out
}

/// `🔗 [LinkedIn](…) [GitHub](…)` → two items (the icon stays with the first).
fn split_links(item: Vec<Inl>) -> Vec<Vec<Inl>> {
    let links = item
        .iter()
        .filter(|n| matches!(n.kind, InlKind::Link { .. }))
        .count();
    let rest_is_blank = item.iter().all(|n| match &n.kind {
        InlKind::Link { .. } => true,
        InlKind::Text(t) => t.chars().all(|c| c.is_whitespace() || is_icon_char(c)),
        _ => false,
    });
    if links < 2 || !rest_is_blank {
        return vec![item];
    }
    let mut out: Vec<Vec<Inl>> = Vec::new();
    let mut cur = Vec::new();
    for node in item {
        let is_link = matches!(node.kind, InlKind::Link { .. });
        cur.push(node);
        if is_link {
            out.push(trim(std::mem::take(&mut cur)));
        }
    }
    if let Some(last) = out.last_mut() {
        last.extend(cur);
    }
    out
}

/// Reads one item.
pub(crate) fn contact(item: &[Inl]) -> (Contact, Sure) {
    let text = plain(item);
    let text = text.trim();
    let (icon, rest) = split_icon(text);
    let rest = rest.trim();
    let mut contact = Contact {
        kind: ContactKind::Other,
        text: rest.to_string(),
        url: None,
        icon,
    };
    if text.len() > MAX_ITEM {
        return (contact, Sure::No);
    }
    let (label_kind, value) = split_label(rest);
    let hint = label_kind.or_else(|| contact.icon.as_deref().and_then(icon_kind));

    // A link says it best.
    if let Some(url) = link_url(item) {
        contact.kind = kind_of_url(&url);
        contact.url = Some(url);
        return (contact, Sure::Yes);
    }
    if let Some(address) = find_email(value) {
        contact.kind = ContactKind::Email;
        contact.url = Some(format!("mailto:{address}"));
        return (contact, Sure::Yes);
    }
    if let Some(number) = phone(value) {
        contact.kind = ContactKind::Phone;
        contact.url = Some(format!("tel:{number}"));
        return (contact, Sure::Yes);
    }
    if let Some(url) = bare_url(value) {
        contact.kind = kind_of_url(&url);
        contact.url = Some(url);
        return (contact, Sure::Yes);
    }
    if let Some(kind) = hint {
        contact.kind = kind;
        return (contact, Sure::Yes);
    }
    let words = word_count(rest);
    let sure = if rest.is_empty() {
        Sure::No
    } else if words <= 6 && rest.len() <= 60 && !rest.ends_with('.') {
        Sure::Maybe
    } else {
        Sure::No
    };
    contact.kind = if looks_like_place(rest) {
        ContactKind::Location
    } else {
        ContactKind::Other
    };
    (contact, sure)
}

fn link_url(item: &[Inl]) -> Option<String> {
    item.iter().find_map(|n| match &n.kind {
        InlKind::Link { url: Some(url), .. } => Some(url.clone()),
        InlKind::Strong(c) | InlKind::Emph(c) => link_url(c),
        _ => None,
    })
}

/// The kind of a link target.
pub(crate) fn kind_of_url(url: &str) -> ContactKind {
    let lower = url.to_ascii_lowercase();
    if lower.starts_with("mailto:") {
        return ContactKind::Email;
    }
    if lower.starts_with("tel:") {
        return ContactKind::Phone;
    }
    let host = lower
        .split_once("://")
        .map_or(lower.as_str(), |(_, rest)| rest);
    let host = host.split(['/', '?', '#']).next().unwrap_or("");
    let host = host.rsplit('@').next().unwrap_or(host);
    let host = host.split(':').next().unwrap_or(host);
    let is = |domain: &str| host == domain || host.ends_with(&format!(".{domain}"));
    if is("linkedin.com") {
        ContactKind::Linkedin
    } else if is("github.com") {
        ContactKind::Github
    } else if is("gitlab.com") {
        ContactKind::Gitlab
    } else if is("stackoverflow.com") || is("stackexchange.com") {
        ContactKind::Stackoverflow
    } else if is("twitter.com") || is("x.com") {
        ContactKind::Twitter
    } else {
        ContactKind::Url
    }
}

/// True for characters that make up an emoji or symbol icon.
pub(crate) fn is_icon_char(c: char) -> bool {
    matches!(c as u32,
        0x00A9 | 0x00AE | 0x203C | 0x2049 | 0x20E3 | 0x2122 | 0x2139 | 0x2190..=0x21FF | 0x2300..=0x23FF
        | 0x24C2 | 0x25A0..=0x27BF | 0x2900..=0x297F | 0x2B00..=0x2BFF | 0x3030 | 0x303D | 0x3297 | 0x3299
        | 0xFE0E | 0xFE0F | 0x200D | 0x1F000..=0x1FAFF | 0xE0020..=0xE007F)
}

/// Splits a leading icon (with its variation selectors) from the text.
pub(crate) fn split_icon(text: &str) -> (Option<String>, &str) {
    let end = text
        .char_indices()
        .find(|&(_, c)| !is_icon_char(c))
        .map_or(text.len(), |(i, _)| i);
    if end == 0 {
        (None, text)
    } else {
        (Some(text[..end].to_string()), &text[end..])
    }
}

/// What an icon usually stands for.
fn icon_kind(icon: &str) -> Option<ContactKind> {
    let base = icon
        .chars()
        .find(|&c| !matches!(c as u32, 0xFE0E | 0xFE0F | 0x200D))?;
    match base {
        '📧' | '✉' | '📨' | '📩' | '📬' | '📫' | '📪' | '📭' | '💌' => {
            Some(ContactKind::Email)
        }
        '📱' | '📞' | '☎' | '📲' | '☏' | '📟' => Some(ContactKind::Phone),
        '📍' | '🏠' | '🏡' | '🌍' | '🌎' | '🌏' | '🗺' | '📌' | '🏙' | '🗾' => {
            Some(ContactKind::Location)
        }
        '🔗' | '🌐' | '💻' | '🖥' | '🕸' => Some(ContactKind::Url),
        '💼' => Some(ContactKind::Linkedin),
        '🐙' | '🐱' => Some(ContactKind::Github),
        '🐦' => Some(ContactKind::Twitter),
        _ => None,
    }
}

/// `Email: …`, `Tel.: …`, `Location: …` → the kind the label names, and the value after it.
fn split_label(text: &str) -> (Option<ContactKind>, &str) {
    let Some((label, value)) = text.split_once(':') else {
        return (None, text);
    };
    let label = label.trim().trim_end_matches('.').to_lowercase();
    if label.is_empty() || label.len() > 20 || value.starts_with("//") {
        return (None, text);
    }
    let kind = match label.as_str() {
        "email" | "e-mail" | "mail" | "courriel" | "correo" | "e-posta" => ContactKind::Email,
        "phone" | "tel" | "telephone" | "telefon" | "mobile" | "mobil" | "cell" | "handy"
        | "téléphone" | "teléfono" | "telefone" | "celular" | "telefono" => ContactKind::Phone,
        "location" | "address" | "adresse" | "ort" | "wohnort" | "standort" | "city"
        | "dirección" | "endereço" | "adres" | "konum" => ContactKind::Location,
        "linkedin" => ContactKind::Linkedin,
        "github" => ContactKind::Github,
        "gitlab" => ContactKind::Gitlab,
        "web" | "website" | "site" | "portfolio" | "homepage" | "blog" | "webseite" => {
            ContactKind::Url
        }
        "twitter" | "x" => ContactKind::Twitter,
        _ => return (None, text),
    };
    (Some(kind), value.trim())
}

/// An email address anywhere in the text.
fn find_email(text: &str) -> Option<&str> {
    text.split(|c: char| {
        c.is_whitespace() || matches!(c, '<' | '>' | '(' | ')' | '[' | ']' | ',' | ';')
    })
    .map(|t| t.trim_end_matches('.'))
    .find(|t| is_email(t))
}

fn is_email(token: &str) -> bool {
    let Some((local, domain)) = token.split_once('@') else {
        return false;
    };
    let local_ok = !local.is_empty()
        && local
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '.' | '_' | '%' | '+' | '-' | '\''));
    let labels: Vec<&str> = domain.split('.').collect();
    let domain_ok = labels.len() >= 2
        && labels
            .iter()
            .all(|l| !l.is_empty() && l.chars().all(|c| c.is_alphanumeric() || c == '-'))
        && labels
            .last()
            .is_some_and(|tld| tld.len() >= 2 && tld.chars().all(char::is_alphabetic));
    local_ok && domain_ok
}

/// A phone number in E.164 form (`+96892212401`), or digits only when no country code is given.
pub(crate) fn phone(text: &str) -> Option<String> {
    let text = text.trim();
    if text.is_empty() || text.len() > 40 {
        return None;
    }
    let mut digits = String::new();
    let mut plus = false;
    let mut chars = text.chars().peekable();
    let mut first = true;
    while let Some(c) = chars.next() {
        match c {
            '+' if first => plus = true,
            ' ' | '\u{a0}' | '-' | '.' | '/' | '‑' => {}
            '(' => {
                // A trunk prefix `(0)` after a country code is not dialled from abroad.
                let inner: String = chars.by_ref().take_while(|&c| c != ')').collect();
                if plus && inner.trim() == "0" {
                    continue;
                }
                for d in inner.chars() {
                    digits.push(ascii_digit(d)?);
                }
            }
            _ => digits.push(ascii_digit(c)?),
        }
        first = false;
    }
    if !(7..=15).contains(&digits.len()) {
        return None;
    }
    if !plus && let Some(rest) = digits.strip_prefix("00") {
        return Some(format!("+{rest}"));
    }
    Some(if plus { format!("+{digits}") } else { digits })
}

/// A decimal digit in any common script, as ASCII.
fn ascii_digit(c: char) -> Option<char> {
    let value = match c as u32 {
        0x30..=0x39 => c as u32 - 0x30,
        0x660..=0x669 => c as u32 - 0x660,
        0x6F0..=0x6F9 => c as u32 - 0x6F0,
        0x966..=0x96F => c as u32 - 0x966,
        0xFF10..=0xFF19 => c as u32 - 0xFF10,
        _ => return None,
    };
    char::from_digit(value, 10)
}

const TLDS: &[&str] = &[
    "com", "org", "net", "io", "dev", "me", "co", "app", "ai", "xyz", "info", "eu", "de", "uk",
    "fr", "es", "pt", "br", "tr", "ir", "in", "us", "ca", "au", "nl", "ch", "at", "it", "se", "no",
    "fi", "pl", "page", "site", "tech", "pro", "cv", "website", "online", "blog", "codes", "sh",
    "ly", "so", "to", "cc",
];

/// A bare web address (`linkedin.com/in/x`, `www.site.dev`, `https://…`) as an https URL.
fn bare_url(text: &str) -> Option<String> {
    let token = text.trim();
    if token.is_empty() || token.contains(char::is_whitespace) || token.contains('@') {
        return None;
    }
    let lower = token.to_ascii_lowercase();
    if lower.starts_with("https://") || lower.starts_with("http://") {
        return Some(token.to_string());
    }
    let host = lower.split(['/', '?', '#']).next().unwrap_or("");
    let labels: Vec<&str> = host.split('.').collect();
    if labels.len() < 2
        || labels
            .iter()
            .any(|l| l.is_empty() || !l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
    {
        return None;
    }
    let tld = labels.last().copied().unwrap_or("");
    let known = TLDS.contains(&tld) || host.starts_with("www.") || lower.contains('/');
    (known && tld.chars().all(|c| c.is_ascii_alphabetic())).then(|| format!("https://{token}"))
}

/// Short text without digits that starts with a capital: most likely a place.
fn looks_like_place(text: &str) -> bool {
    !text.is_empty()
        && word_count(text) <= 6
        && !text.chars().any(|c| c.is_ascii_digit())
        && text
            .chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || !c.is_alphabetic())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones() {
        assert_eq!(phone("+968 92212401").as_deref(), Some("+96892212401"));
        assert_eq!(phone("+1 (415) 555-0142").as_deref(), Some("+14155550142"));
        assert_eq!(
            phone("+49 (0) 170 5550123").as_deref(),
            Some("+491705550123")
        );
        assert_eq!(phone("0049 170 5550123").as_deref(), Some("+491705550123"));
        assert_eq!(phone("۰۹۱۲ ۵۵۵ ۰۱۹۹").as_deref(), Some("09125550199"));
        assert_eq!(phone("2019–2022"), None);
        assert_eq!(phone("12345"), None);
    }

    #[test]
    fn icons_and_kinds() {
        assert_eq!(
            split_icon("✉️ a@b.c"),
            (Some("✉\u{fe0f}".to_string()), " a@b.c")
        );
        assert_eq!(split_icon("Oman"), (None, "Oman"));
        assert_eq!(
            kind_of_url("https://www.linkedin.com/in/x"),
            ContactKind::Linkedin
        );
        assert_eq!(
            kind_of_url("https://stackoverflow.com/users/1"),
            ContactKind::Stackoverflow
        );
        assert_eq!(kind_of_url("https://x.com/me"), ContactKind::Twitter);
        assert_eq!(kind_of_url("https://priya.dev"), ContactKind::Url);
        assert_eq!(
            bare_url("github.com/me").as_deref(),
            Some("https://github.com/me")
        );
        assert_eq!(bare_url("Node.js"), None);
        assert!(is_email("alex+cv@example.com"));
        assert!(!is_email("@ref"));
    }
}

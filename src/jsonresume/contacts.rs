//! Contacts ↔ `basics`: email, phone, url, location and `profiles`.

use crate::profile::{Contact, ContactKind};

use super::schema::{Basics, SocialProfile};
use crate::parse::{kind_of_url, phone};

use super::values::{
    display_url, host, join_location, kind_of_network, network_name, profile_url, split_location,
    text, username,
};

/// Puts contacts into `basics`: the first email, phone, web site and place into their fields,
/// profile links (and further web sites) into `profiles`. Other contacts have no field.
pub(super) fn fill(basics: &mut Basics, contacts: &[Contact]) {
    for contact in contacts {
        match contact.kind {
            ContactKind::Email if basics.email.is_none() => {
                basics.email = text(Some(&address(contact)));
            }
            ContactKind::Phone if basics.phone.is_none() => {
                basics.phone = text(Some(&phone_text(&contact.text)));
            }
            ContactKind::Location if basics.location.is_none() => {
                basics.location = Some(split_location(&contact.text));
            }
            ContactKind::Url if basics.url.is_none() && contact.url.is_some() => {
                basics.url = contact.url.clone();
            }
            ContactKind::Url
            | ContactKind::Linkedin
            | ContactKind::Github
            | ContactKind::Gitlab
            | ContactKind::Stackoverflow
            | ContactKind::Twitter => basics.profiles.extend(social(contact)),
            _ => {}
        }
    }
}

/// The contact fields of `basics`, for comparing what two documents say about contacts.
pub(super) fn fields(basics: &Basics) -> impl PartialEq + '_ {
    (
        &basics.email,
        &basics.phone,
        &basics.url,
        &basics.location,
        &basics.profiles,
    )
}

/// The contacts `basics` gives: email, phone, place, web site, then the profiles.
pub(super) fn read(basics: &Basics) -> Vec<Contact> {
    let contact = |kind, text: String, url| Contact {
        kind,
        text,
        url,
        icon: None,
    };
    let mut out = Vec::new();
    if let Some(email) = text(basics.email.as_deref()) {
        let url = Some(format!("mailto:{email}"));
        out.push(contact(ContactKind::Email, email, url));
    }
    if let Some(number) = text(basics.phone.as_deref()) {
        let url = phone(&number).map(|n| format!("tel:{n}"));
        out.push(contact(ContactKind::Phone, number, url));
    }
    if let Some(location) = &basics.location {
        let place = join_location(location);
        if !place.is_empty() {
            out.push(contact(ContactKind::Location, place, None));
        }
    }
    if let Some(url) = text(basics.url.as_deref()) {
        out.push(contact(kind_of_url(&url), display_url(&url), Some(url)));
    }
    for profile in &basics.profiles {
        let network = text(profile.network.as_deref());
        let user = text(profile.username.as_deref());
        let url = text(profile.url.as_deref());
        let kind = network
            .as_deref()
            .and_then(kind_of_network)
            .or_else(|| url.as_deref().map(kind_of_url))
            .unwrap_or(ContactKind::Other);
        let url = url.or_else(|| user.as_deref().and_then(|u| profile_url(kind, u)));
        let label = network.or(user).or_else(|| url.as_deref().map(display_url));
        if let Some(label) = label {
            out.push(contact(kind, label, url));
        }
    }
    out
}

/// An email contact's address: its `mailto:` target, else its text.
fn address(contact: &Contact) -> String {
    let target = contact.url.as_deref().and_then(|url| {
        let (scheme, rest) = url.split_once(':')?;
        scheme.eq_ignore_ascii_case("mailto").then_some(rest)
    });
    match target {
        Some(rest) => rest.split('?').next().unwrap_or(rest).to_string(),
        None => contact.text.clone(),
    }
}

/// A phone contact's number as written, without a label (`Tel.: +1 …` → `+1 …`).
fn phone_text(text: &str) -> String {
    match text.rsplit_once(':') {
        Some((_, number)) if number.chars().any(|c| c.is_ascii_digit()) => number.trim().into(),
        _ => text.trim().into(),
    }
}

/// A label rather than an address or handle: `LinkedIn`, `GitHub`, `My blog`.
fn is_label(text: &str) -> bool {
    let text = text.trim();
    !text.is_empty() && text.split_whitespace().count() <= 3 && !text.contains(['/', '@', '.', ':'])
}

/// A profile link as a JSON Resume profile. The network is the contact's own label when it has
/// one (so its words survive), else the network's usual name or the site's host.
fn social(contact: &Contact) -> Option<SocialProfile> {
    let kind = contact.kind;
    let network = if is_label(&contact.text) {
        Some(contact.text.trim().to_string())
    } else {
        network_name(kind)
            .map(str::to_string)
            .or_else(|| contact.url.as_deref().map(host))
    };
    let user = match &contact.url {
        Some(url) => username(kind, url),
        None if kind != ContactKind::Url => {
            let handle = contact.text.rsplit([':', '/']).next().unwrap_or("");
            text(Some(handle.trim().trim_start_matches('@')))
        }
        None => None,
    };
    if contact.url.is_none() && user.is_none() {
        return None;
    }
    Some(SocialProfile {
        network,
        username: user,
        url: contact.url.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(kind: ContactKind, text: &str, url: Option<&str>) -> Contact {
        Contact {
            kind,
            text: text.into(),
            url: url.map(str::to_string),
            icon: None,
        }
    }

    #[test]
    fn basics_and_back() {
        let contacts = vec![
            c(
                ContactKind::Email,
                "ana@example.com",
                Some("mailto:ana@example.com"),
            ),
            c(
                ContactKind::Phone,
                "+351 912 345 678",
                Some("tel:+351912345678"),
            ),
            c(ContactKind::Location, "Lisboa, Portugal", None),
            c(ContactKind::Url, "ana.dev", Some("https://ana.dev")),
            c(
                ContactKind::Github,
                "GitHub",
                Some("https://github.com/ana"),
            ),
        ];
        let mut basics = Basics::default();
        fill(&mut basics, &contacts);
        assert_eq!(basics.email.as_deref(), Some("ana@example.com"));
        assert_eq!(basics.phone.as_deref(), Some("+351 912 345 678"));
        assert_eq!(basics.url.as_deref(), Some("https://ana.dev"));
        let location = basics.location.as_ref().unwrap();
        assert_eq!(location.city.as_deref(), Some("Lisboa"));
        assert_eq!(
            basics.profiles,
            [SocialProfile {
                network: Some("GitHub".into()),
                username: Some("ana".into()),
                url: Some("https://github.com/ana".into()),
            }]
        );
        assert_eq!(read(&basics), contacts);
    }

    #[test]
    fn labels_and_handles() {
        let linkedin = c(
            ContactKind::Linkedin,
            "linkedin.com/in/ana",
            Some("https://linkedin.com/in/ana"),
        );
        let p = social(&linkedin).unwrap();
        assert_eq!(
            (p.network.as_deref(), p.username.as_deref()),
            (Some("LinkedIn"), Some("ana"))
        );
        let bare = c(ContactKind::Github, "GitHub: @ana", None);
        let p = social(&bare).unwrap();
        assert_eq!(
            (p.username.as_deref(), p.url.as_deref()),
            (Some("ana"), None)
        );
        let basics = Basics {
            profiles: vec![p],
            ..Basics::default()
        };
        assert_eq!(
            read(&basics)[0].url.as_deref(),
            Some("https://github.com/ana")
        );
        assert_eq!(phone_text("Tel.: +1 555 0100"), "+1 555 0100");
    }
}

//! Tests of the Markdown → profile parser on the seeds, the samples and hostile input.

use std::collections::HashSet;
use std::time::{Duration, Instant};

use proptest::prelude::*;

use super::{ParseError, Parsed, parse, profile_words, words};
use crate::diagnostic::Severity;
use crate::profile::{
    Block, Contact, ContactKind, DateRange, Entry, ListItem, PartialDate, Profile, Section,
    SectionKind, SkillGroup, plain_text,
};

const SEED_000: &str = include_str!("../../tests/fixtures/parse/000_aa0fae0c06efd418.md");
const SEED_003: &str = include_str!("../../tests/fixtures/parse/003_9fb50c5e6b2b3f56.md");
const CLEAN_EN: &str = include_str!("../../tests/samples/clean-en.md");
const PERSIAN: &str = include_str!("../../tests/samples/persian-name.md");
const INJECTION: &str = include_str!("../../tests/samples/injection.md");
const GERMAN: &str = include_str!("../../tests/samples/expected/german-cp1252.md");

// ---------------------------------------------------------------------------------------------
// Helpers

fn ok(text: &str) -> Parsed {
    match parse(text) {
        Ok(parsed) => parsed,
        Err(e) => panic!("parse failed: {e}"),
    }
}

fn section(profile: &Profile, kind: SectionKind) -> &Section {
    profile
        .section(kind)
        .unwrap_or_else(|| panic!("no {kind:?} section"))
}

fn entries(section: &Section) -> Vec<&Entry> {
    section.entries().collect()
}

fn skill_groups(section: &Section) -> Vec<&SkillGroup> {
    section
        .blocks
        .iter()
        .flat_map(|b| match b {
            Block::Skills { groups, .. } => groups.iter().collect(),
            _ => Vec::new(),
        })
        .collect()
}

fn bullet_texts(entry: &Entry) -> Vec<String> {
    entry
        .bullets()
        .map(|item: &ListItem| plain_text(&item.content))
        .collect()
}

fn date(year: i32, month: Option<u8>) -> Option<PartialDate> {
    Some(PartialDate { year, month })
}

fn assert_dates(
    entry: &Entry,
    text: &str,
    start: Option<PartialDate>,
    end: Option<PartialDate>,
    present: bool,
) {
    let dates = entry
        .dates
        .as_ref()
        .unwrap_or_else(|| panic!("{}: no dates", entry.title));
    assert_eq!(
        dates,
        &DateRange {
            text: text.to_string(),
            start,
            end,
            present
        },
        "dates of {}",
        entry.title
    );
}

fn assert_contact(
    c: &Contact,
    kind: ContactKind,
    text: &str,
    url: Option<&str>,
    icon: Option<&str>,
) {
    assert_eq!(
        (c.kind, c.text.as_str(), c.url.as_deref(), c.icon.as_deref()),
        (kind, text, url, icon)
    );
}

/// The words of a Markdown source minus syntax: link targets, images, HTML comments and ordered
/// list numbers are removed first (they are not meant to be printed as words).
fn source_words(md: &str) -> Vec<String> {
    let mut kept = String::with_capacity(md.len());
    for line in md.lines() {
        let t = line.trim_start();
        let digits = t.chars().take_while(char::is_ascii_digit).count();
        let rest = &t[digits..];
        if digits > 0 && (rest.starts_with(". ") || rest.starts_with(") ")) {
            kept.push_str(&rest[2..]);
        } else {
            kept.push_str(line);
        }
        kept.push('\n');
    }
    let mut out = String::with_capacity(kept.len());
    let mut rest = kept.as_str();
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix("![") {
            // An image: skip `alt](target)`.
            let after = r.find("](").map(|i| &r[i + 2..]).unwrap_or(r);
            rest = skip_parens(after);
        } else if let Some(r) = rest.strip_prefix("](") {
            out.push(']');
            rest = skip_parens(r);
        } else if let Some(r) = rest.strip_prefix("<!--") {
            rest = r.find("-->").map_or("", |i| &r[i + 3..]);
        } else {
            let c = rest.chars().next().unwrap_or(' ');
            out.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    words(&out).map(str::to_string).collect()
}

fn skip_parens(s: &str) -> &str {
    let mut depth = 1;
    for (i, c) in s.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    return &s[i + 1..];
                }
            }
            _ => {}
        }
    }
    ""
}

fn assert_nothing_lost(md: &str) {
    let parsed = ok(md);
    let have: HashSet<String> = profile_words(&parsed.profile).into_iter().collect();
    let missing: Vec<String> = source_words(md)
        .into_iter()
        .filter(|w| !have.contains(w))
        .collect();
    assert!(missing.is_empty(), "words lost: {missing:?}");
}

fn timed<T>(limit: Duration, f: impl FnOnce() -> T) -> T {
    let start = Instant::now();
    let out = f();
    let took = start.elapsed();
    assert!(took < limit, "took {took:?}, limit {limit:?}");
    out
}

// ---------------------------------------------------------------------------------------------
// Seed 000

#[test]
fn seed_000_header() {
    let p = ok(SEED_000).profile;
    assert_eq!(p.name, "Mojtaba \"Tab\" Ahmadi");
    assert_eq!(
        plain_text(p.headline.as_deref().unwrap()),
        "Senior Backend & Distributed Systems Engineer"
    );
    assert!(matches!(
        p.headline.as_deref(),
        Some([crate::profile::Span::Strong { .. }])
    ));
    assert_eq!(p.tagline, None);
    assert!(p.intro.is_empty());
    assert_eq!(p.contacts.len(), 6);
    let c = &p.contacts;
    assert_contact(
        &c[0],
        ContactKind::Email,
        "tabmadi@proton.me",
        Some("mailto:tabmadi@proton.me"),
        Some("📧"),
    );
    assert_contact(
        &c[1],
        ContactKind::Phone,
        "+968 92212401",
        Some("tel:+96892212401"),
        Some("📱"),
    );
    assert_contact(
        &c[2],
        ContactKind::Linkedin,
        "LinkedIn",
        Some("https://linkedin.com/in/tabmadi"),
        Some("🔗"),
    );
    assert_contact(
        &c[3],
        ContactKind::Github,
        "GitHub",
        Some("https://github.com/TheRealZurvan"),
        Some("🐙"),
    );
    assert_contact(
        &c[4],
        ContactKind::Stackoverflow,
        "Stackoverflow",
        Some("https://stackoverflow.com/users/4155138/zurvan"),
        Some("🤖"),
    );
    assert_contact(&c[5], ContactKind::Location, "Oman", None, Some("📍"));
}

#[test]
fn seed_000_sections() {
    let parsed = ok(SEED_000);
    let kinds: Vec<(&str, SectionKind)> = parsed
        .profile
        .sections
        .iter()
        .map(|s| (s.title.as_str(), s.kind))
        .collect();
    assert_eq!(
        kinds,
        [
            ("Professional Summary", SectionKind::Summary),
            ("Skills", SectionKind::Skills),
            ("Experiences", SectionKind::Experience),
            ("Projects", SectionKind::Projects),
            ("Education", SectionKind::Education),
        ]
    );
    // Rules between sections are separators.
    for s in &parsed.profile.sections {
        assert!(!s.blocks.contains(&Block::Rule), "rule kept in {}", s.title);
    }
    assert_eq!(
        section(&parsed.profile, SectionKind::Summary).blocks.len(),
        3
    );
    assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
}

#[test]
fn seed_000_experience() {
    let p = ok(SEED_000).profile;
    let exp = entries(section(&p, SectionKind::Experience));
    let summary: Vec<(&str, Option<&str>, Option<&str>, usize)> = exp
        .iter()
        .map(|e| {
            (
                e.title.as_str(),
                e.organization.as_deref(),
                e.organization_url.as_deref(),
                e.bullets().count(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            (
                "Senior Backend Engineer",
                Some("Zion Payment"),
                Some("https://zionpayment.com/"),
                5
            ),
            (
                "Senior Blockchain Engineer",
                Some("Apybara (Coinbase partner)"),
                Some("https://www.staking.xyz/"),
                6
            ),
            (
                "Senior Software Engineer",
                Some("Zion Payment"),
                Some("https://zionpayment.com/"),
                6
            ),
            (
                "Blockchain Engineer",
                Some("THORSwap"),
                Some("https://www.thorswap.finance/"),
                8
            ),
            (
                "Backend Engineer",
                Some("Science and Technology Park"),
                None,
                7
            ),
        ]
    );
    assert_dates(exp[0], "07/2025–Present", date(2025, Some(7)), None, true);
    assert_dates(
        exp[1],
        "06/2024–06/2025",
        date(2024, Some(6)),
        date(2025, Some(6)),
        false,
    );
    assert_dates(
        exp[4],
        "06/2017–08/2021",
        date(2017, Some(6)),
        date(2021, Some(8)),
        false,
    );
    assert_eq!(
        plain_text(exp[0].description.as_deref().unwrap()),
        "Crypto payment solutions"
    );
    assert_eq!(
        plain_text(exp[3].description.as_deref().unwrap()),
        "Cross‑chain DEX on THORChain"
    );
    assert_eq!(
        bullet_texts(exp[0])[0],
        "Integrated Polygon, TON, and Polkadot blockchains into the payments platform, increasing daily transactions by 50%"
    );
    assert_eq!(
        bullet_texts(exp[4]).last().unwrap(),
        "Optimized a core graph algorithm with a 100× speedup by rewriting it from Python to Rust"
    );
    // Bold inside a bullet stays rich.
    let first = exp[0].bullets().next().unwrap();
    assert!(
        first
            .content
            .iter()
            .any(|s| matches!(s, crate::profile::Span::Strong { .. }))
    );
    for e in &exp {
        assert_eq!(e.title_url, None);
        assert!(e.tech.is_empty());
        assert_eq!(e.subtitle, None);
    }
}

#[test]
fn seed_000_projects_and_education() {
    let p = ok(SEED_000).profile;
    let projects = entries(section(&p, SectionKind::Projects));
    let summary: Vec<(&str, Option<&str>, usize, Vec<&str>)> = projects
        .iter()
        .map(|e| {
            (
                e.title.as_str(),
                e.title_url.as_deref(),
                e.bullets().count(),
                e.tech.iter().map(String::as_str).collect(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            (
                "Omnivers (ExchAInge)",
                Some("https://www.omnivers.net/"),
                4,
                vec!["Rust", "Solana"]
            ),
            (
                "Trustero",
                Some("https://trustero.pages.dev/auth/login"),
                3,
                vec!["TypeScript", "WebRTC"]
            ),
            (
                "NightTrader",
                Some("https://nighttrader.exchange/"),
                3,
                vec!["JavaScript", "Cryptography"]
            ),
            (
                "Layer",
                Some("https://layer.cafe/"),
                4,
                vec!["Python", "Kafka", "Elasticsearch", "Neo4j"]
            ),
        ]
    );
    let omnivers = projects[0];
    assert_eq!(
        plain_text(omnivers.subtitle.as_deref().unwrap()),
        "Decentralized data exchange infrastructure | Open Source | 2025"
    );
    assert_dates(omnivers, "2025", date(2025, None), date(2025, None), false);
    assert_eq!(omnivers.tech_label.as_deref(), Some("Tech"));
    assert_eq!(omnivers.organization, None);
    // The tech line is not left in the body.
    assert!(
        omnivers
            .body
            .iter()
            .all(|b| matches!(b, Block::List { .. }))
    );
    assert_eq!(
        bullet_texts(projects[1])[1],
        "Implemented secure connection establishment using WebRTC, with BitTorrent-based signaling mechanisms"
    );

    let edu = entries(section(&p, SectionKind::Education));
    assert_eq!(edu.len(), 1);
    assert_eq!(edu[0].title, "Bachelor of Science in Computer Science");
    assert_eq!(edu[0].organization.as_deref(), Some("Azad University"));
    assert_dates(
        edu[0],
        "2015–2017",
        date(2015, None),
        date(2017, None),
        false,
    );
}

#[test]
fn seed_000_skills() {
    let p = ok(SEED_000).profile;
    let skills = section(&p, SectionKind::Skills);
    assert_eq!(skills.blocks.len(), 1, "one skills block");
    let groups = skill_groups(skills);
    let shape: Vec<(Option<&str>, usize)> = groups
        .iter()
        .map(|g| (g.label.as_deref(), g.items.len()))
        .collect();
    assert_eq!(
        shape,
        [
            (Some("Backend & Distributed Systems"), 21),
            (Some("Blockchain Infrastructure"), 11),
            (Some("Infrastructure & Platform"), 17),
        ]
    );
    assert_eq!(groups[0].items[0], "Golang (Go)");
    assert_eq!(groups[0].items[6], "Event\u{2011}Driven Architecture");
    assert_eq!(
        groups[0].items[9], "Temporal",
        "items continue across the soft break"
    );
    assert_eq!(groups[2].items[14], "Elastic (ELK) Stack");
}

// ---------------------------------------------------------------------------------------------
// Seed 003

#[test]
fn seed_003_header() {
    let parsed = ok(SEED_003);
    let p = &parsed.profile;
    assert_eq!(p.name, "Mahdi Ghadiri");
    assert_eq!(
        plain_text(p.headline.as_deref().unwrap()),
        "Senior Backend Engineer | System Architect | DevOps Practitioner"
    );
    assert!(
        plain_text(p.tagline.as_deref().unwrap())
            .starts_with("Building production-grade distributed systems with Python")
    );
    assert!(p.intro.is_empty());
    assert_eq!(p.contacts.len(), 3);
    assert_contact(
        &p.contacts[0],
        ContactKind::Location,
        "Tehran, Iran",
        None,
        Some("📍"),
    );
    assert_contact(
        &p.contacts[1],
        ContactKind::Email,
        "mahdighadiriafzal@gmail.com",
        Some("mailto:mahdighadiriafzal@gmail.com"),
        Some("📧"),
    );
    assert_contact(
        &p.contacts[2],
        ContactKind::Linkedin,
        "LinkedIn",
        Some("https://www.linkedin.com/in/mahdi-ghadiriii/"),
        Some("🔗"),
    );
}

#[test]
fn seed_003_sections() {
    let parsed = ok(SEED_003);
    let kinds: Vec<(&str, SectionKind)> = parsed
        .profile
        .sections
        .iter()
        .map(|s| (s.title.as_str(), s.kind))
        .collect();
    assert_eq!(
        kinds,
        [
            ("Current Focus", SectionKind::Other),
            ("Professional Highlights", SectionKind::Other),
            ("Technical Expertise", SectionKind::Skills),
            ("Featured Projects", SectionKind::Projects),
            (
                "Certifications & Continuous Learning",
                SectionKind::Certifications
            ),
            ("Open Source & Community", SectionKind::Other),
            ("Let's Connect", SectionKind::Contact),
        ]
    );
    // The two badge images are left out with a note each, and nothing else is reported.
    let notes: Vec<&str> = parsed
        .diagnostics
        .iter()
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(notes.len(), 2, "{notes:?}");
    assert!(
        parsed
            .diagnostics
            .iter()
            .all(|d| d.severity == Severity::Note && d.message.contains("badge image"))
    );
    let span = parsed.diagnostics[0].span.clone().unwrap();
    assert!(SEED_003[span].starts_with("![PyPI]"));
}

#[test]
fn seed_003_current_focus_and_highlights() {
    let p = ok(SEED_003).profile;
    let focus = &p.sections[0];
    let e = entries(focus);
    assert_eq!(e.len(), 1);
    assert_eq!(e[0].title, "DevOps Engineering & Infrastructure");
    assert_dates(
        e[0],
        "Q1-Q2 2025",
        date(2025, Some(1)),
        date(2025, Some(6)),
        false,
    );
    assert_eq!(e[0].bullets().count(), 5);
    assert_eq!(
        bullet_texts(e[0])[2],
        "Infrastructure as Code (Terraform, Helm)"
    );

    let highlights = &p.sections[1];
    assert!(entries(highlights).is_empty());
    assert!(
        matches!(&highlights.blocks[..], [Block::Paragraph { .. }, Block::Paragraph { .. }, Block::List { items, .. }] if items.len() == 6)
    );
}

#[test]
fn seed_003_projects() {
    let parsed = ok(SEED_003);
    let p = &parsed.profile;
    let projects = entries(section(p, SectionKind::Projects));
    assert_eq!(projects.len(), 2);
    let gateway = projects[0];
    assert_eq!(gateway.title, "AI Gateway - DDD + Hexagonal Architecture");
    assert_eq!(
        gateway.title_url.as_deref(),
        Some("https://github.com/mahdighadiriii/AiGateway-DDD-Hexagonal")
    );
    assert_eq!(
        plain_text(gateway.subtitle.as_deref().unwrap()),
        "Primary Focus Project - Q1 2025"
    );
    assert_dates(
        gateway,
        "Q1 2025",
        date(2025, Some(1)),
        date(2025, Some(3)),
        false,
    );
    assert_eq!(gateway.bullets().count(), 11);
    assert_eq!(gateway.tech_label.as_deref(), Some("Tech Stack"));
    assert_eq!(
        gateway.tech,
        [
            "Python",
            "FastAPI",
            "Domain-Driven Design",
            "Hexagonal Architecture",
            "Poetry",
            "pytest"
        ]
    );
    let paragraphs: Vec<String> = gateway
        .body
        .iter()
        .filter_map(|b| match b {
            Block::Paragraph { content } => Some(plain_text(content)),
            _ => None,
        })
        .collect();
    assert_eq!(paragraphs.len(), 4);
    assert!(paragraphs[0].starts_with("Enterprise-grade AI Gateway"));
    assert_eq!(paragraphs[1], "Architecture Highlights:");
    assert!(paragraphs[3].starts_with("Why This Matters: Demonstrates ability"));
    // Body order: paragraph, label, list, label, list, paragraph.
    let shape: Vec<&str> = gateway
        .body
        .iter()
        .map(|b| match b {
            Block::Paragraph { .. } => "p",
            Block::List { .. } => "list",
            _ => "other",
        })
        .collect();
    assert_eq!(shape, ["p", "p", "list", "p", "list", "p"]);
    assert_eq!(
        bullet_texts(gateway)[4],
        "Value Objects for type safety: Cost, ModelName, Prompt, Tokens"
    );

    let obs = projects[1];
    assert_eq!(obs.title, "Django Observability");
    assert_eq!(
        obs.title_url.as_deref(),
        Some("https://github.com/mahdighadiriii/django-observability")
    );
    assert_eq!(obs.subtitle, None);
    assert_eq!(obs.dates, None);
    assert_eq!(obs.bullets().count(), 4);
    // The badges are gone; no rule separators are kept in the section.
    assert!(
        matches!(&obs.body[0], Block::Paragraph { content } if plain_text(content).starts_with("Production-ready"))
    );
    assert!(
        !section(p, SectionKind::Projects)
            .blocks
            .contains(&Block::Rule)
    );
    assert!(!obs.body.contains(&Block::Rule));
}

#[test]
fn seed_003_skills_and_lists() {
    let p = ok(SEED_003).profile;
    let skills = section(&p, SectionKind::Skills);
    let headings: Vec<String> = skills
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Heading { content, .. } => Some(plain_text(content)),
            _ => None,
        })
        .collect();
    assert_eq!(
        headings,
        [
            "Backend & Core",
            "Infrastructure & DevOps",
            "Data & Storage",
            "Observability & Monitoring",
            "Async & Messaging"
        ]
    );
    let groups = skill_groups(skills);
    assert_eq!(groups.len(), 13);
    assert_eq!(groups[0].label.as_deref(), Some("Primary"));
    assert_eq!(
        groups[0].items,
        ["Python", "Django", "Django Rest Framework", "FastAPI"]
    );
    assert_eq!(groups[1].label.as_deref(), Some("APIs & Architecture"));
    assert_eq!(groups[1].items.len(), 7);
    assert_eq!(groups[3].label.as_deref(), Some("CI/CD"));

    let certs = section(&p, SectionKind::Certifications);
    assert!(
        matches!(&certs.blocks[..], [Block::List { ordered: false, items, .. }] if items.len() == 5)
    );

    let connect = section(&p, SectionKind::Contact);
    assert!(matches!(
        &connect.blocks[..],
        [
            Block::Paragraph { .. },
            Block::Rule,
            Block::Paragraph { .. }
        ]
    ));
}

// ---------------------------------------------------------------------------------------------
// Samples

#[test]
fn clean_en() {
    let parsed = ok(CLEAN_EN);
    let p = &parsed.profile;
    assert_eq!(p.name, "Priya Natarajan");
    assert_eq!(
        plain_text(p.headline.as_deref().unwrap()),
        "Staff Data Engineer · Streaming & Lakehouse Platforms"
    );
    assert_eq!(p.contacts.len(), 5);
    assert_contact(
        &p.contacts[0],
        ContactKind::Email,
        "priya.natarajan@example.org",
        Some("mailto:priya.natarajan@example.org"),
        Some("✉\u{fe0f}"),
    );
    assert_contact(
        &p.contacts[1],
        ContactKind::Phone,
        "+1 (415) 555-0142",
        Some("tel:+14155550142"),
        Some("☎\u{fe0f}"),
    );
    assert_contact(
        &p.contacts[2],
        ContactKind::Url,
        "priya.dev",
        Some("https://priya.dev"),
        Some("🌐"),
    );
    assert_eq!(p.contacts[3].kind, ContactKind::Linkedin);
    assert_contact(
        &p.contacts[4],
        ContactKind::Location,
        "San Francisco, CA",
        None,
        Some("📍"),
    );

    let kinds: Vec<SectionKind> = p.sections.iter().map(|s| s.kind).collect();
    assert_eq!(
        kinds,
        [
            SectionKind::Summary,
            SectionKind::Experience,
            SectionKind::Education,
            SectionKind::Skills,
            SectionKind::Talks
        ]
    );
    let jobs = entries(section(p, SectionKind::Experience));
    assert_eq!(jobs.len(), 3);
    assert_eq!(jobs[0].title, "Staff Data Engineer");
    assert_eq!(
        jobs[0].organization.as_deref(),
        Some("Lumenfield Analytics")
    );
    assert_eq!(
        jobs[0].organization_url.as_deref(),
        Some("https://lumenfield.example.com")
    );
    assert_eq!(jobs[0].location.as_deref(), Some("San Francisco, CA"));
    assert_dates(
        jobs[0],
        "Mar 2021 – Present",
        date(2021, Some(3)),
        None,
        true,
    );
    assert_eq!(jobs[1].organization.as_deref(), Some("Orbital Freight"));
    assert_eq!(jobs[1].organization_url, None);
    assert_dates(
        jobs[1],
        "Jun 2017 – Feb 2021",
        date(2017, Some(6)),
        date(2021, Some(2)),
        false,
    );
    assert_eq!(jobs[2].location.as_deref(), Some("Bengaluru, India"));
    // Nested bullets are kept as children.
    let nested: Vec<&ListItem> = jobs[0].bullets().collect();
    assert_eq!(nested.len(), 3);
    match &nested[1].children[..] {
        [Block::List { items, .. }] => {
            assert_eq!(items.len(), 2);
            assert!(
                plain_text(&items[0].content).starts_with("Wrote the table-maintenance service")
            );
        }
        other => panic!("expected a nested list, got {other:?}"),
    }
    // Inline code stays code.
    assert!(
        jobs[1]
            .bullets()
            .next()
            .unwrap()
            .content
            .iter()
            .any(|s| matches!(s, crate::profile::Span::Code { text } if text == "protobuf"))
    );

    let edu = entries(section(p, SectionKind::Education));
    assert_eq!(
        edu.len(),
        2,
        "two lines joined by a soft break are two entries"
    );
    assert_eq!(edu[0].title, "M.S. Computer Science");
    assert_eq!(
        edu[0].organization.as_deref(),
        Some("University of Illinois Urbana-Champaign")
    );
    assert_dates(edu[0], "2015", date(2015, None), date(2015, None), false);
    assert_eq!(edu[1].title, "B.Tech. Information Technology");
    assert_eq!(edu[1].organization.as_deref(), Some("Anna University"));

    let skills = section(p, SectionKind::Skills);
    match &skills.blocks[..] {
        [Block::Skills { groups, columns }] => {
            assert_eq!(
                columns.as_deref(),
                Some(&["Area".to_string(), "Tools".to_string()][..])
            );
            assert_eq!(groups.len(), 4);
            assert_eq!(groups[0].label.as_deref(), Some("Streaming"));
            assert_eq!(groups[0].items, ["Kafka", "Flink", "Kinesis", "Debezium"]);
        }
        other => panic!("expected skills from the table, got {other:?}"),
    }
    let talks = section(p, SectionKind::Talks);
    match &talks.blocks[..] {
        [
            Block::List {
                ordered: true,
                start: Some(1),
                items,
            },
        ] => {
            assert_eq!(items.len(), 2);
            assert_eq!(
                plain_text(&items[0].content),
                "Backfills Without Tears — Data Council 2024"
            );
        }
        other => panic!("expected a numbered list, got {other:?}"),
    }
    assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
}

#[test]
fn persian_name() {
    let parsed = ok(PERSIAN);
    let p = &parsed.profile;
    assert_eq!(p.name, "Shirin Kamali — شیرین کمالی");
    assert_eq!(
        plain_text(p.headline.as_deref().unwrap()),
        "Mobile Engineer (iOS & Android)"
    );
    assert_eq!(p.contacts.len(), 4);
    assert_contact(
        &p.contacts[1],
        ContactKind::Phone,
        "+98 912 555 0199",
        Some("tel:+989125550199"),
        Some("📱"),
    );
    assert_contact(
        &p.contacts[3],
        ContactKind::Location,
        "Shiraz, Iran — شیراز",
        None,
        Some("📍"),
    );
    let jobs = entries(section(p, SectionKind::Experience));
    assert_eq!(jobs.len(), 2);
    assert_eq!(
        jobs[0].organization.as_deref(),
        Some("Snapp\u{2011}like Ride Co.")
    );
    assert_dates(jobs[0], "2022–Present", date(2022, None), None, true);
    assert!(bullet_texts(jobs[1])[0].contains("۱۴۰۱/۰۵/۲۰ ↔ 2022‑08‑11"));
    let edu = entries(section(p, SectionKind::Education));
    assert_eq!(edu[0].title, "B.Sc. Computer Engineering");
    assert_eq!(edu[0].organization.as_deref(), Some("Shiraz University"));
    let langs = skill_groups(section(p, SectionKind::Languages));
    assert_eq!(langs.len(), 1);
    assert_eq!(
        langs[0].items,
        [
            "Persian (native — فارسی)",
            "English (fluent)",
            "German (basic)"
        ]
    );
    assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
}

#[test]
fn german_expected() {
    let parsed = ok(GERMAN);
    let p = &parsed.profile;
    assert_eq!(p.name, "Jürgen Weiß");
    assert_eq!(p.contacts.len(), 4);
    assert_contact(
        &p.contacts[1],
        ContactKind::Phone,
        "+49 170 5550123",
        Some("tel:+491705550123"),
        Some("📱"),
    );
    assert_contact(
        &p.contacts[3],
        ContactKind::Location,
        "München, Deutschland",
        None,
        Some("📍"),
    );
    let kinds: Vec<SectionKind> = p.sections.iter().map(|s| s.kind).collect();
    assert_eq!(
        kinds,
        [
            SectionKind::Summary,
            SectionKind::Experience,
            SectionKind::Education,
            SectionKind::Skills,
            SectionKind::Languages
        ]
    );
    let jobs = entries(section(p, SectionKind::Experience));
    assert_eq!(jobs[0].title, "Lead-Architekt");
    assert_eq!(jobs[0].organization.as_deref(), Some("Südbank AG"));
    assert_dates(jobs[0], "04/2020–heute", date(2020, Some(4)), None, true);
    assert_eq!(jobs[0].bullets().count(), 3);
    assert_eq!(
        bullet_texts(jobs[0])[2],
        "Verantwortung für 4 Teams mit insgesamt 31 Entwickler·innen"
    );
    let edu = entries(section(p, SectionKind::Education));
    assert_eq!(edu[0].title, "Diplom-Informatiker (Univ.)");
    assert_eq!(
        edu[0].organization.as_deref(),
        Some("Technische Universität München")
    );
    assert_dates(
        edu[0],
        "2008–2014",
        date(2008, None),
        date(2014, None),
        false,
    );
    let skills = skill_groups(section(p, SectionKind::Skills));
    assert_eq!(skills.len(), 1);
    assert_eq!(skills[0].label, None);
    assert_eq!(skills[0].items.len(), 9);
    assert_eq!(skills[0].items[6], "ISO 20022");
    let langs = skill_groups(section(p, SectionKind::Languages));
    assert_eq!(langs[0].items[1], "Englisch (verhandlungssicher, C1)");
}

#[test]
fn injection_is_kept_literally() {
    let parsed = ok(INJECTION);
    let p = &parsed.profile;
    assert_eq!(p.name, "Alex \"#set page(width: 1cm)\" Doe");
    let headline = plain_text(p.headline.as_deref().unwrap());
    assert_eq!(headline, "Security Engineer — $x^2$ & raw <label> @ref");
    assert_contact(
        &p.contacts[2],
        ContactKind::Url,
        "#link(\"https://evil.example\")",
        Some("https://example.com/alex"),
        Some("🔗"),
    );
    let json = serde_json::to_string(p).unwrap();
    let all: String = serde_json::from_str::<serde_json::Value>(&json)
        .map(|v| collect_strings(&v).join("\n"))
        .unwrap();
    for hostile in [
        "#set page(width: 1cm)",
        "$x^2$",
        "<label>",
        "@ref",
        "#read(\"/etc/passwd\")",
        "#import \"@preview/evil:0.1.0\"",
        "#eval(\"1 + 1\")",
        "Backslashes \\ and \\ and // comments",
        "#panic(\"boom\")",
        "Red Team Lead ] #pagebreak() [",
        "Acme <script>alert(1)</script> Corp",
        "#text(size: 100pt)[BIG]",
        "$ 1 + 1 = 3 $ and labels <intro> and references @intro",
        "Square brackets ] [ and braces } { and a lone # should too",
    ] {
        assert!(all.contains(hostile), "lost or altered: {hostile}");
    }
    let job = &entries(section(p, SectionKind::Experience))[0];
    assert_eq!(
        job.organization.as_deref(),
        Some("Acme <script>alert(1)</script> Corp")
    );
    assert_dates(job, "2020–Present", date(2020, None), None, true);
    // The literal tags are text spans, never markup.
    assert!(p.headline.as_deref().unwrap().iter().any(|s| match s {
        crate::profile::Span::Strong { children } =>
            children.iter().any(
                |c| matches!(c, crate::profile::Span::Text { text } if text.contains("<label>"))
            ),
        _ => false,
    }));
}

fn collect_strings(v: &serde_json::Value) -> Vec<String> {
    match v {
        serde_json::Value::String(s) => vec![s.clone()],
        serde_json::Value::Array(a) => a.iter().flat_map(collect_strings).collect(),
        serde_json::Value::Object(o) => o.values().flat_map(collect_strings).collect(),
        _ => Vec::new(),
    }
}

#[test]
fn nothing_lost_in_seeds_and_samples() {
    for md in [SEED_000, SEED_003, CLEAN_EN, PERSIAN, INJECTION, GERMAN] {
        assert_nothing_lost(md);
    }
}

#[test]
fn profile_words_reads_as_printed() {
    let p = ok("# Ann Lee\n\n[Site](https://secretword.example) grew **5**0% `fast`er\n\n```rust\nlet code = 1;\n```\n").profile;
    let w = profile_words(&p);
    for word in [
        "Ann", "Lee", "Site", "grew", "50", "faster", "rust", "let", "code",
    ] {
        assert!(w.contains(&word.to_string()), "{word} missing from {w:?}");
    }
    for word in [
        "secretword",
        "https",
        "paragraph",
        "url",
        "strong",
        "5",
        "fast",
        "intro",
    ] {
        assert!(
            !w.contains(&word.to_string()),
            "{word} should not be a word"
        );
    }
    // Every string of the JSON form is covered (a field added to the model is not forgotten).
    let profile = ok(SEED_003).profile;
    let printed = profile_words(&profile).join(" ");
    let mut json = serde_json::to_value(&profile).unwrap();
    strip_tags_and_urls(&mut json);
    for s in collect_strings(&json) {
        for word in words(&s) {
            assert!(
                printed.contains(word),
                "{word} (from {s:?}) not in profile_words"
            );
        }
    }
}

fn strip_tags_and_urls(v: &mut serde_json::Value) {
    match v {
        serde_json::Value::Array(a) => a.iter_mut().for_each(strip_tags_and_urls),
        serde_json::Value::Object(o) => {
            o.retain(|k, _| !(k.ends_with("url") || k == "type" || k == "kind"));
            o.values_mut().for_each(strip_tags_and_urls);
        }
        _ => {}
    }
}

// ---------------------------------------------------------------------------------------------
// Diagnostics

fn warning_at<'a>(
    parsed: &'a Parsed,
    text: &str,
    needle: &str,
) -> &'a crate::diagnostic::Diagnostic {
    parsed
        .diagnostics
        .iter()
        .find(|d| d.message.contains(needle))
        .unwrap_or_else(|| panic!("no diagnostic with '{needle}' in {:?}", parsed.diagnostics))
        .tap(|d| assert!(d.span.as_ref().is_some_and(|s| s.end <= text.len())))
}

trait Tap: Sized {
    fn tap(self, f: impl FnOnce(&Self)) -> Self {
        f(&self);
        self
    }
}
impl<T> Tap for T {}

#[test]
fn diagnostics_have_spans() {
    let text = "# Ann Lee\n\n\
        [Site](javascript:alert(1)) · [Blog]() · [Local](cv.pdf)\n\n\
        ## Experience\n\n\
        ### Engineer\n**Acme** | *Spring 2020 – sometime*\n- did things\n\n\
        ## Awards\n\n\
        ## Projects\n\n![logo](logo.png) Some project\n";
    let parsed = ok(text);
    let d = warning_at(
        &parsed,
        text,
        "link target 'javascript:alert(1)' is not allowed",
    );
    assert_eq!(d.severity, Severity::Warning);
    assert!(text[d.span.clone().unwrap()].starts_with("[Site]"));
    let d = warning_at(&parsed, text, "link 'Blog' has no target");
    assert_eq!(&text[d.span.clone().unwrap()], "[Blog]()");
    warning_at(&parsed, text, "link target 'cv.pdf' is not allowed");
    let d = warning_at(
        &parsed,
        text,
        "could not read the dates 'Spring 2020 – sometime'",
    );
    assert_eq!(d.severity, Severity::Warning);
    assert!(text[d.span.clone().unwrap()].contains("Spring 2020"));
    let d = warning_at(&parsed, text, "section 'Awards' is empty");
    assert_eq!(&text[d.span.clone().unwrap()], "## Awards\n");
    let d = warning_at(&parsed, text, "image 'logo' is left out");
    assert_eq!(d.severity, Severity::Note);
    assert_eq!(&text[d.span.clone().unwrap()], "![logo](logo.png)");
    // Labels of disallowed links are kept as text without a target.
    let p = &parsed.profile;
    let all = serde_json::to_string(p).unwrap();
    assert!(!all.contains("javascript:") && !all.contains("cv.pdf"));
    assert!(profile_words(p).contains(&"Site".to_string()));
    assert!(
        profile_words(p).contains(&"logo".to_string()),
        "a plain image keeps its alt text"
    );
    // Messages start lowercase and have no final period.
    for d in &parsed.diagnostics {
        assert!(
            d.message.chars().next().is_some_and(|c| !c.is_uppercase()),
            "{}",
            d.message
        );
        assert!(!d.message.ends_with('.'), "{}", d.message);
    }
    let job = &entries(section(p, SectionKind::Experience))[0];
    assert_eq!(
        job.dates.as_ref().map(|d| (d.text.as_str(), d.start)),
        Some(("Spring 2020 – sometime", None))
    );
}

#[test]
fn diagnostics_are_in_document_order_and_in_bounds() {
    for md in [SEED_000, SEED_003, CLEAN_EN, PERSIAN, INJECTION, GERMAN] {
        let parsed = ok(md);
        let starts: Vec<usize> = parsed
            .diagnostics
            .iter()
            .filter_map(|d| d.span.as_ref().map(|s| s.start))
            .collect();
        assert!(starts.windows(2).all(|w| w[0] <= w[1]));
        assert!(
            parsed
                .diagnostics
                .iter()
                .all(|d| d.span.as_ref().is_none_or(|s| s.end <= md.len()))
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Everything else Markdown can carry

#[test]
fn other_markdown_is_kept() {
    let text = "---\nname: Ann Lee\ntitle: \"Engineer\"\nskills:\n  - Go\n  - Rust\n---\n\
        # Ann Lee\n\n\
        ## Notes\n\n\
        > A quote with **bold**.\n\n\
        ```rust\nfn main() {}\n```\n\n\
        3. three\n4. four\n\n\
        | A | B | C |\n|---|---|---|\n| 1 | 2 | 3 |\n\n\
        - [x] done\n- [ ] open\n\n\
        Text with a note[^n] and ~~old~~ <b>bold?</b> <!-- hidden --> line<br>break.\n\n\
        <div align=\"center\">\n  <p>Centered &amp; kept</p>\n</div>\n\n\
        Some text\n\n---\n\nMore text\n\n\
        [^n]: The note itself.\n";
    let parsed = ok(text);
    let p = &parsed.profile;
    assert_eq!(p.meta.get("name").map(String::as_str), Some("Ann Lee"));
    assert_eq!(p.meta.get("title").map(String::as_str), Some("Engineer"));
    assert_eq!(p.meta.get("skills").map(String::as_str), Some("Go, Rust"));
    assert!(p.intro.is_empty() && p.headline.is_none());
    let notes = &p.sections[0];
    assert_eq!(notes.kind, SectionKind::Other);
    let b = &notes.blocks;
    assert!(
        matches!(&b[0], Block::Quote { blocks } if matches!(&blocks[..], [Block::Paragraph { .. }]))
    );
    assert_eq!(
        b[1],
        Block::Code {
            lang: Some("rust".into()),
            text: "fn main() {}".into()
        }
    );
    assert!(
        matches!(&b[2], Block::List { ordered: true, start: Some(3), items } if items.len() == 2)
    );
    assert!(matches!(&b[3], Block::Table { header, rows } if header.len() == 3 && rows.len() == 1));
    match &b[4] {
        Block::List { items, .. } => {
            assert_eq!(plain_text(&items[0].content), "[x] done");
            assert_eq!(plain_text(&items[1].content), "[ ] open");
        }
        other => panic!("{other:?}"),
    }
    match &b[5] {
        Block::Paragraph { content } => {
            assert_eq!(
                plain_text(content),
                "Text with a note[n] and old <b>bold?</b>  line\nbreak."
            );
            assert!(
                content
                    .iter()
                    .any(|s| matches!(s, crate::profile::Span::Strike { .. }))
            );
        }
        other => panic!("{other:?}"),
    }
    assert!(
        matches!(&b[6], Block::Paragraph { content } if plain_text(content) == "Centered & kept")
    );
    assert!(matches!(
        &b[7..10],
        [
            Block::Paragraph { .. },
            Block::Rule,
            Block::Paragraph { .. }
        ]
    ));
    // The footnote definition ends the section that refers to it.
    assert!(
        matches!(b.last(), Some(Block::Paragraph { content }) if plain_text(content) == "[n] The note itself.")
    );
    assert!(
        parsed
            .diagnostics
            .iter()
            .any(|d| d.message.contains("HTML comment"))
    );
    assert!(
        parsed
            .diagnostics
            .iter()
            .any(|d| d.message.contains("HTML block"))
    );
}

#[test]
fn rules_are_never_front_matter() {
    // pulldown-cmark would read `---` + text + `---` anywhere as a metadata block.
    let text = "# Ann Lee\n---\n📧 ann@example.com\n\n## Experience\n---\n### Engineer\n**Acme** | *2020*\n- built it\n---\n## Projects\n---\n### Tool\n- wrote it\n";
    let parsed = ok(text);
    let p = &parsed.profile;
    assert!(p.meta.is_empty());
    assert_eq!(p.contacts.len(), 1);
    let kinds: Vec<SectionKind> = p.sections.iter().map(|s| s.kind).collect();
    assert_eq!(kinds, [SectionKind::Experience, SectionKind::Projects]);
    assert_eq!(entries(&p.sections[0])[0].bullets().count(), 1);
    assert_eq!(entries(&p.sections[1])[0].title, "Tool");
    assert_nothing_lost(text);

    // A leading `---` block that is not YAML is content, not metadata.
    let p = ok("---\n# Jane Roe\nSenior Engineer\n---\n## Skills\nGo, Rust\n").profile;
    assert_eq!(p.name, "Jane Roe");
    assert!(p.meta.is_empty());
    assert_eq!(
        skill_groups(section(&p, SectionKind::Skills))[0].items,
        ["Go", "Rust"]
    );

    // Real front matter after blank lines, with CRLF line ends.
    let p =
        ok("\r\n---\r\nname: Jane Roe\r\nemail: jane@example.com\r\n---\r\n# Jane Roe\r\n").profile;
    assert_eq!(
        p.meta.get("email").map(String::as_str),
        Some("jane@example.com")
    );
    assert_eq!(p.name, "Jane Roe");
}

#[test]
fn table_cells_beyond_the_header_are_kept() {
    let text = "# Ann\n\n## Notes\n\n| A | B |\n|---|---|\n| c | d | e \\| f | `g|h` |\nplain | x | tail\n";
    let parsed = ok(text);
    let b = &parsed.profile.sections[0].blocks;
    match &b[..] {
        [Block::Table { header, rows }] => {
            assert_eq!(header.len(), 2);
            let cells: Vec<Vec<String>> = rows
                .iter()
                .map(|r| r.iter().map(|c| plain_text(c)).collect())
                .collect();
            assert_eq!(
                cells,
                [vec!["c", "d", "e | f", "`g|h`"], vec!["plain", "x", "tail"]]
            );
        }
        other => panic!("{other:?}"),
    }
    let d = warning_at(&parsed, text, "more cells than the header");
    assert_eq!(d.severity, Severity::Note);
    assert_nothing_lost(text);
}

#[test]
fn headers_in_other_shapes() {
    // A plain headline, contacts as a bullet list, labelled contacts, an intro paragraph.
    let text = "# Ann Lee\nBackend Engineer\n\n- Email: ann@example.com\n- Phone: +49 (0) 170 5550123\n- github.com/annlee\n\n\
        I build things.\n\nAnd a second paragraph.\n\n## Experience\n\n### Engineer at Acme\n";
    let p = ok(text).profile;
    assert_eq!(
        plain_text(p.headline.as_deref().unwrap()),
        "Backend Engineer"
    );
    assert_eq!(p.contacts.len(), 3);
    assert_contact(
        &p.contacts[0],
        ContactKind::Email,
        "Email: ann@example.com",
        Some("mailto:ann@example.com"),
        None,
    );
    assert_contact(
        &p.contacts[1],
        ContactKind::Phone,
        "Phone: +49 (0) 170 5550123",
        Some("tel:+491705550123"),
        None,
    );
    assert_contact(
        &p.contacts[2],
        ContactKind::Github,
        "github.com/annlee",
        Some("https://github.com/annlee"),
        None,
    );
    assert_eq!(plain_text(p.tagline.as_deref().unwrap()), "I build things.");
    assert!(matches!(&p.intro[..], [Block::Paragraph { .. }]));

    // Sections at the name's level; entry headings with dates and separators.
    let text = "# Ann Lee\n\n# Experience\n\n## Engineer — Acme | Berlin | 2019 - 2022\n- x\n\n# Skills\n\n- Go\n- Rust\n";
    let p = ok(text).profile;
    assert_eq!(p.sections.len(), 2);
    let e = &entries(&p.sections[0])[0];
    assert_eq!(
        (
            e.title.as_str(),
            e.organization.as_deref(),
            e.location.as_deref()
        ),
        ("Engineer", Some("Acme"), Some("Berlin"))
    );
    assert_dates(e, "2019 - 2022", date(2019, None), date(2022, None), false);
    assert_eq!(skill_groups(&p.sections[1])[0].items, ["Go", "Rust"]);
}

// ---------------------------------------------------------------------------------------------
// Errors and edge cases

#[test]
fn errors() {
    assert_eq!(parse(""), Err(ParseError::Empty));
    assert_eq!(parse(" \n\t\r\n "), Err(ParseError::Empty));
    assert_eq!(parse("\u{feff}\n"), Err(ParseError::Empty));
    let err = parse("\n\nJust some text\nwithout a heading\n").unwrap_err();
    assert_eq!(err, ParseError::NoName { span: 2..16 });
    let message = err.to_string();
    assert!(
        message.contains("start the file with '# Your Name'"),
        "{message}"
    );
    assert!(message.starts_with(char::is_lowercase) && !message.ends_with('.'));
    assert!(
        ParseError::Empty
            .to_string()
            .starts_with(char::is_lowercase)
    );
    // Only front matter: no heading, no name.
    assert!(matches!(
        parse("---\ntitle: CV\n---\n"),
        Err(ParseError::NoName { .. })
    ));
}

#[test]
fn edge_cases() {
    let p = ok("# Only A Heading").profile;
    assert_eq!(p.name, "Only A Heading");
    assert!(p.sections.is_empty() && p.contacts.is_empty() && p.headline.is_none());

    let p = ok("Only A Setext Heading\n===\n").profile;
    assert_eq!(p.name, "Only A Setext Heading");

    // Front matter with a name stands in for the heading.
    let p = ok("---\nname: Ann Lee\n---\n📧 ann@example.com\n").profile;
    assert_eq!(p.name, "Ann Lee");
    assert_eq!(p.contacts.len(), 1);

    // A byte-order mark is skipped and spans still point into the input.
    let text = "\u{feff}# Ann\n\n## Awards\n";
    let parsed = ok(text);
    assert_eq!(parsed.profile.name, "Ann");
    let span = parsed.diagnostics[0].span.clone().unwrap();
    assert_eq!(&text[span], "## Awards\n");

    // Content before the name is kept.
    let p = ok("Hello there\n\n# Ann\n").profile;
    assert!(
        matches!(&p.intro[..], [Block::Paragraph { content }] if plain_text(content) == "Hello there")
    );
}

// ---------------------------------------------------------------------------------------------
// Size and depth

#[test]
fn deeply_nested_list_is_flattened() {
    let mut text = String::from("# Ann\n\n## Notes\n\n");
    for i in 0..1000 {
        text.push_str(&"  ".repeat(i));
        text.push_str(&format!("- level{i}\n"));
    }
    let parsed = timed(Duration::from_secs(20), || ok(&text));
    assert!(
        parsed
            .diagnostics
            .iter()
            .any(|d| d.message.contains("flattened"))
    );
    let have: HashSet<String> = profile_words(&parsed.profile).into_iter().collect();
    for i in 0..1000 {
        assert!(have.contains(&format!("level{i}")), "level{i} lost");
    }
    serde_json::to_string(&parsed.profile).unwrap();
}

#[test]
fn deep_quotes_and_emphasis() {
    let quotes = format!("# Ann\n\n{}deep\n", "> ".repeat(2000));
    let parsed = timed(Duration::from_secs(10), || ok(&quotes));
    assert!(profile_words(&parsed.profile).contains(&"deep".to_string()));
    serde_json::to_string(&parsed.profile).unwrap();

    let emph = format!(
        "# Ann\n\n{}core{}\n",
        "*".repeat(50_000),
        "*".repeat(50_000)
    );
    let parsed = timed(Duration::from_secs(10), || ok(&emph));
    assert!(profile_words(&parsed.profile).contains(&"core".to_string()));
    serde_json::to_string(&parsed.profile).unwrap();

    let links = format!(
        "# Ann\n\n{}x{}\n",
        "[".repeat(20_000),
        "](https://a.example)".repeat(20_000)
    );
    timed(Duration::from_secs(10), || ok(&links));
}

#[test]
fn ten_thousand_bullets() {
    let mut text = String::from("# Ann\n\n## Experience\n\n### Engineer\n**Acme** | *2019–2022*\n");
    for i in 0..10_000 {
        text.push_str(&format!("- did thing number {i}\n"));
    }
    let parsed = timed(Duration::from_secs(10), || ok(&text));
    let job = &entries(section(&parsed.profile, SectionKind::Experience))[0];
    assert_eq!(job.bullets().count(), 10_000);
    assert_eq!(bullet_texts(job)[9_999], "did thing number 9999");
}

#[test]
fn million_char_lines() {
    let words_line = "word ".repeat(200_000);
    let cases = [
        format!("# {words_line}\n"),
        format!("# Ann\n{words_line}\n"),
        format!("# Ann\n\n{}\n", "a@b.co | ".repeat(110_000)),
        format!("# Ann\n\n## Skills\n\n{}\n", "Go, ".repeat(250_000)),
        format!(
            "# Ann\n\n## Experience\n\n### Role\n**Acme** – {}\n",
            "2019 – ".repeat(140_000)
        ),
        format!("# Ann\n\n## Notes\n\n{}\n", "<a ".repeat(330_000)),
        format!("# Ann\n\n<div>\n{}\n", "<b x ".repeat(200_000)),
        format!("# Ann\n\n{}\n", "@".repeat(1_000_000)),
        format!("# Ann\n\n## Experience\n\n{}\n", "**A** | ".repeat(120_000)),
    ];
    for text in &cases {
        assert!(text.len() >= 900_000);
        timed(Duration::from_secs(20), || ok(text));
    }
}

// ---------------------------------------------------------------------------------------------
// Properties

fn markdownish() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "# ",
        "## ",
        "### ",
        "#### ",
        "- ",
        "* ",
        "  - ",
        "1. ",
        "> ",
        "**",
        "*",
        "_",
        "`",
        "```\n",
        "[",
        "](",
        ")",
        "![",
        "|",
        "---\n",
        "***\n",
        "===\n",
        "\n",
        "\n\n",
        "  \n",
        "\\\n",
        "<b>",
        "</b>",
        "<br>",
        "<!--",
        "-->",
        "<div>\n",
        "[^1]",
        "[^1]: ",
        "📧 ",
        "✉️ ",
        "a@b.co",
        "+49 170 555 0123",
        "2019–2022",
        "07/2025–Present",
        "Q1-Q2 2025",
        "(2025)",
        "Present",
        "**Tech:** ",
        "Rust, Go",
        " · ",
        " • ",
        " | ",
        " – ",
        "|---|---|\n",
        "javascript:x",
        "https://x.com",
        "mailto:a@b.co",
        "    ",
        "\t",
        "word",
        "Über",
        "شیرین",
        "\u{feff}",
        "\r\n",
        "Experience",
        "Skills",
        "Education",
        "~~",
        "[x] ",
        "&amp;",
        "<https://a.b>",
        "[ref]: https://r.s\n",
    ]);
    prop::collection::vec(pieces, 0..80).prop_map(|v| v.concat())
}

fn check_invariants(text: &str) {
    match parse(text) {
        Ok(parsed) => {
            for d in &parsed.diagnostics {
                if let Some(span) = &d.span {
                    assert!(
                        span.start <= span.end && span.end <= text.len(),
                        "span {span:?} out of bounds"
                    );
                }
                assert!(!d.message.is_empty() && !d.message.ends_with('.'));
            }
            serde_json::to_string(&parsed.profile).unwrap();
            let _ = profile_words(&parsed.profile);
        }
        Err(ParseError::Empty) => assert!(text.trim_start_matches('\u{feff}').trim().is_empty()),
        Err(ParseError::NoName { span }) => assert!(span.end <= text.len()),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 600, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn markdownish_input_never_panics(text in markdownish()) {
        check_invariants(&text);
    }

    #[test]
    fn arbitrary_unicode_never_panics(text in any::<String>()) {
        check_invariants(&text);
        check_invariants(&format!("# {text}"));
        check_invariants(&format!("# Name\n\n{text}"));
    }

    #[test]
    fn words_survive_structure(
        lines in prop::collection::vec(
            (
                prop::sample::select(vec![
                    "", "## ", "### ", "- ", "  - ", "1. ", "> ", "**", "*", "---\n", "| ", "| H | I |\n|---|---|\n",
                ]),
                prop::collection::vec("[A-Za-z0-9]{1,8}", 1..6),
                prop::sample::select(vec!["", " | ", " · ", " – ", ", ", " (2020)", " — 2019–2022", ":"]),
                prop::collection::vec("[A-Za-z0-9]{1,8}", 0..4),
            ),
            1..25,
        )
    ) {
        let mut text = String::from("# Ann Lee\n");
        for (lead, first, sep, rest) in &lines {
            let close = if lead.starts_with('*') { *lead } else { "" };
            text.push_str(&format!("{lead}{}{close}{sep}{}\n", first.join(" "), rest.join(" ")));
        }
        let parsed = parse(&text).unwrap();
        // Markers inside a word (`**a**b`) split it in the source but not in print, so a word may
        // also be found inside a longer printed word.
        let have: HashSet<String> = profile_words(&parsed.profile).into_iter().collect();
        let printed = profile_words(&parsed.profile).join(" ");
        let missing: Vec<String> = source_words(&text)
            .into_iter()
            .filter(|w| !have.contains(w) && !printed.contains(w.as_str()))
            .collect();
        prop_assert!(missing.is_empty(), "lost {:?} from\n{}", missing, text);
    }
}

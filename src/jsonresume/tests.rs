//! Tests of JSON Resume import and export: a hand-written file, round trips of the seeds and
//! samples, hand edits after export, errors and hostile input.

use std::collections::HashMap;

use serde_json::{Value, json};

use super::{JsonResumeError, from_json_resume, looks_like_json_resume, to_json_resume, values};
use crate::parse::{parse, profile_words};
use crate::profile::{
    Block, ContactKind, Entry, PartialDate, Profile, Rich, Section, SectionKind, SkillGroup,
    plain_text,
};

// ---------------------------------------------------------------------------------------------
// Helpers

fn read(path: &str) -> Vec<u8> {
    let full = format!("{}/{path}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&full).unwrap_or_else(|e| panic!("{full}: {e}"))
}

/// A Markdown file as cvpdf reads it: repaired, then parsed.
fn markdown(path: &str) -> Profile {
    let repaired = crate::text::repair(&read(path)).unwrap_or_else(|e| panic!("{path}: {e}"));
    parse(&repaired.text)
        .unwrap_or_else(|e| panic!("{path}: {e}"))
        .profile
}

fn import(text: &str) -> Profile {
    from_json_resume(text).unwrap_or_else(|e| panic!("import failed: {e}"))
}

/// Profile → JSON Resume text → profile, as a user would do it with two files.
fn round_trip(profile: &Profile) -> (Value, Profile) {
    let value = to_json_resume(profile);
    let text = serde_json::to_string_pretty(&value).expect("a JSON value serialises");
    (value, import(&text))
}

fn fixture() -> String {
    String::from_utf8(read("tests/fixtures/jsonresume/zoe-dvorak.json")).expect("UTF-8 fixture")
}

fn section(profile: &Profile, kind: SectionKind) -> &Section {
    profile
        .section(kind)
        .unwrap_or_else(|| panic!("no {kind:?} section"))
}

fn entries(section: &Section) -> Vec<&Entry> {
    section.entries().collect()
}

fn paragraphs(blocks: &[Block]) -> Vec<String> {
    blocks
        .iter()
        .filter_map(|b| match b {
            Block::Paragraph { content } => Some(plain_text(content)),
            _ => None,
        })
        .collect()
}

fn bullets(entry: &Entry) -> Vec<String> {
    entry.bullets().map(|i| plain_text(&i.content)).collect()
}

fn groups(section: &Section) -> Vec<&SkillGroup> {
    section
        .blocks
        .iter()
        .flat_map(|b| match b {
            Block::Skills { groups, .. } => groups.as_slice(),
            _ => &[],
        })
        .collect()
}

fn group(label: Option<&str>, items: &[&str]) -> SkillGroup {
    SkillGroup {
        label: label.map(str::to_string),
        items: items.iter().map(|s| s.to_string()).collect(),
    }
}

fn date(year: i32, month: Option<u8>) -> Option<PartialDate> {
    Some(PartialDate { year, month })
}

/// Asserts that every word of `before` is in `after`, as often as in `before`.
fn assert_keeps_words(before: &Profile, after: &Profile, what: &str) {
    let mut have: HashMap<String, usize> = HashMap::new();
    for word in profile_words(after) {
        *have.entry(word).or_default() += 1;
    }
    let mut missing = Vec::new();
    for word in profile_words(before) {
        match have.get_mut(&word) {
            Some(n) if *n > 0 => *n -= 1,
            _ => missing.push(word),
        }
    }
    assert!(missing.is_empty(), "{what}: words lost: {missing:?}");
}

/// The profile with all inline formatting dropped (bold, italics, links inside text): what a
/// JSON Resume string can carry. Two profiles equal after this differ only in formatting.
fn unformatted(profile: &Profile) -> Profile {
    fn text(rich: &mut Rich) {
        *rich = values::rich(&values::tidy(&plain_text(rich)));
    }
    fn walk(blocks: &mut [Block]) {
        for block in blocks {
            match block {
                Block::Paragraph { content } | Block::Heading { content, .. } => text(content),
                Block::List { items, .. } => {
                    for item in items {
                        text(&mut item.content);
                        walk(&mut item.children);
                    }
                }
                Block::Table { header, rows } => header
                    .iter_mut()
                    .chain(rows.iter_mut().flatten())
                    .for_each(text),
                Block::Quote { blocks } => walk(blocks),
                Block::Entry(entry) => {
                    [&mut entry.description, &mut entry.subtitle]
                        .into_iter()
                        .flatten()
                        .for_each(text);
                    walk(&mut entry.body);
                }
                Block::Code { .. } | Block::Rule | Block::Skills { .. } => {}
            }
        }
    }
    let mut profile = profile.clone();
    [&mut profile.headline, &mut profile.tagline]
        .into_iter()
        .flatten()
        .for_each(text);
    walk(&mut profile.intro);
    for section in &mut profile.sections {
        walk(&mut section.blocks);
    }
    profile
}

fn str_at<'a>(value: &'a Value, pointer: &str) -> &'a str {
    value
        .pointer(pointer)
        .and_then(Value::as_str)
        .unwrap_or_else(|| panic!("no string at {pointer}"))
}

// ---------------------------------------------------------------------------------------------
// Import of a hand-written file

#[test]
fn imports_a_hand_written_file() {
    let profile = import(&fixture());

    assert_eq!(profile.name, "Zoë Dvořák-Søndergaard");
    assert_eq!(
        profile.headline.as_deref().map(plain_text).as_deref(),
        Some("Staff Platform Engineer")
    );
    assert_eq!(profile.tagline, None);

    let contacts: Vec<(ContactKind, &str, Option<&str>)> = profile
        .contacts
        .iter()
        .map(|c| (c.kind, c.text.as_str(), c.url.as_deref()))
        .collect();
    assert_eq!(
        contacts,
        [
            (
                ContactKind::Email,
                "zoe@dvorak.dev",
                Some("mailto:zoe@dvorak.dev")
            ),
            (
                ContactKind::Phone,
                "+45 (0) 31 23 45 67",
                Some("tel:+4531234567")
            ),
            (ContactKind::Location, "København, Hovedstaden, DK", None),
            (ContactKind::Url, "dvorak.dev", Some("https://dvorak.dev")),
            (
                ContactKind::Github,
                "GitHub",
                Some("https://github.com/zdvorak")
            ),
            (
                ContactKind::Linkedin,
                "LinkedIn",
                Some("https://www.linkedin.com/in/zoe-dvorak")
            ),
            (
                ContactKind::Url,
                "Mastodon",
                Some("https://hachyderm.io/@zoe")
            ),
        ]
    );

    let titles: Vec<(&str, SectionKind)> = profile
        .sections
        .iter()
        .map(|s| (s.title.as_str(), s.kind))
        .collect();
    assert_eq!(
        titles,
        [
            ("Summary", SectionKind::Summary),
            ("Experience", SectionKind::Experience),
            ("Projects", SectionKind::Projects),
            ("Education", SectionKind::Education),
            ("Skills", SectionKind::Skills),
            ("Languages", SectionKind::Languages),
            ("Certifications", SectionKind::Certifications),
            ("Awards", SectionKind::Awards),
            ("Publications", SectionKind::Publications),
            ("Volunteering", SectionKind::Volunteering),
            ("Interests", SectionKind::Interests),
            ("References", SectionKind::References),
        ]
    );

    let summary = section(&profile, SectionKind::Summary);
    assert_eq!(
        paragraphs(&summary.blocks),
        [
            "Platform engineer who builds the paved road: build systems, CI and observability for \
             teams of 50–300 engineers.",
            "Happiest where distributed systems meet developer experience.",
        ]
    );

    let jobs = entries(section(&profile, SectionKind::Experience));
    assert_eq!(jobs.len(), 2);
    let job = jobs[0];
    assert_eq!(job.title, "Staff Platform Engineer");
    assert_eq!(job.organization.as_deref(), Some("Nørrebro Labs ApS"));
    assert_eq!(
        job.organization_url.as_deref(),
        Some("https://norrebrolabs.example")
    );
    assert_eq!(job.title_url, None);
    assert_eq!(job.location.as_deref(), Some("København"));
    assert_eq!(
        job.description.as_deref().map(plain_text).as_deref(),
        Some("Developer tooling start-up")
    );
    let dates = job.dates.as_ref().expect("dates");
    assert_eq!(
        (dates.text.as_str(), dates.start, dates.end, dates.present),
        ("04/2021–Present", date(2021, Some(4)), None, true)
    );
    assert_eq!(paragraphs(&job.body), ["Leads the platform team of six."]);
    assert_eq!(
        bullets(job),
        [
            "Cut median CI time from 38 to 9 minutes with remote caching (Bazel)",
            "Introduced OpenTelemetry tracing across 40 services",
            "Mentored four engineers to senior level",
        ]
    );
    let job = jobs[1];
    assert_eq!(
        (job.title.as_str(), job.organization.as_deref()),
        ("Senior Software Engineer", Some("Škoda Digital"))
    );
    let dates = job.dates.as_ref().expect("dates");
    assert_eq!(
        (dates.text.as_str(), dates.start, dates.end, dates.present),
        (
            "09/2017–03/2021",
            date(2017, Some(9)),
            date(2021, Some(3)),
            false
        )
    );

    let project = entries(section(&profile, SectionKind::Projects))[0];
    assert_eq!(project.title, "bazel-remote-ø");
    assert_eq!(
        project.title_url.as_deref(),
        Some("https://github.com/zdvorak/bazel-remote-o")
    );
    assert_eq!(
        project.description.as_deref().map(plain_text).as_deref(),
        Some("A tiny remote cache for Bazel")
    );
    assert_eq!(project.tech, ["Go", "gRPC"]);
    assert_eq!(
        project.subtitle.as_deref().map(plain_text).as_deref(),
        Some("Maintainer")
    );
    assert_eq!(
        project.dates.as_ref().map(|d| d.text.as_str()),
        Some("01/2020–12/2020")
    );
    assert_eq!(
        bullets(project),
        ["200 stars on GitHub", "Used by three companies"]
    );

    let degree = entries(section(&profile, SectionKind::Education))[0];
    assert_eq!(degree.title, "Master of Science in Computer Science");
    assert_eq!(
        degree.organization.as_deref(),
        Some("České vysoké učení technické v Praze")
    );
    assert_eq!(
        degree.organization_url.as_deref(),
        Some("https://www.cvut.cz")
    );
    assert_eq!(
        degree.dates.as_ref().map(|d| d.text.as_str()),
        Some("2012–2017")
    );
    assert_eq!(
        bullets(degree),
        ["Distributed Systems", "Compiler Construction"]
    );
    assert_eq!(paragraphs(&degree.body), ["Score: 1.3"]);

    assert_eq!(
        groups(section(&profile, SectionKind::Skills)),
        [
            &group(
                Some("Platform (Expert)"),
                &["Kubernetes", "Bazel", "Terraform"]
            ),
            &group(Some("Languages"), &["Go", "Rust", "Python"]),
            &group(Some("Observability"), &["Advanced"]),
        ]
    );
    assert_eq!(
        groups(section(&profile, SectionKind::Languages)),
        [
            &group(Some("Čeština"), &["Native"]),
            &group(Some("English"), &["C2"]),
            &group(None, &["Dansk"]),
        ]
    );
    assert_eq!(
        groups(section(&profile, SectionKind::Interests)),
        [
            &group(None, &["Bouldering"]),
            &group(Some("Open source"), &["Bazel rules", "Rust crates"]),
        ]
    );

    let cert = entries(section(&profile, SectionKind::Certifications))[0];
    assert_eq!(
        (cert.title.as_str(), cert.organization.as_deref()),
        ("Certified Kubernetes Administrator", Some("CNCF"))
    );
    let dates = cert.dates.as_ref().expect("dates");
    assert_eq!(
        (dates.text.as_str(), dates.start, dates.end),
        ("02/2022", date(2022, Some(2)), date(2022, Some(2)))
    );
    let award = entries(section(&profile, SectionKind::Awards))[0];
    assert_eq!(award.organization.as_deref(), Some("Škoda Auto"));
    assert_eq!(
        award.dates.as_ref().map(|d| d.text.as_str()),
        Some("11/2020")
    );
    assert_eq!(paragraphs(&award.body), ["For the telemetry pipeline."]);
    let publication = entries(section(&profile, SectionKind::Publications))[0];
    assert_eq!(
        (
            publication.title.as_str(),
            publication.organization.as_deref()
        ),
        ("Caching Builds at Scale", Some("InfoQ"))
    );
    let volunteer = entries(section(&profile, SectionKind::Volunteering))[0];
    assert_eq!(
        (volunteer.title.as_str(), volunteer.organization.as_deref()),
        ("Coach", Some("Rails Girls København"))
    );
    let reference = entries(section(&profile, SectionKind::References))[0];
    assert_eq!(reference.title, "Jørgen Østergaard, CTO");
    assert_eq!(
        paragraphs(&reference.body),
        ["Zoë made our builds fast and our engineers happy."]
    );
}

#[test]
fn an_imported_file_survives_export_and_import_unchanged() {
    let profile = import(&fixture());
    let (_, again) = round_trip(&profile);
    assert_eq!(again, profile);
}

// ---------------------------------------------------------------------------------------------
// Round trips of Markdown résumés

#[test]
fn seed_000_round_trips() {
    let original = markdown("seeds/000_aa0fae0c06efd418.txt");
    let (json, back) = round_trip(&original);
    assert_keeps_words(&original, &back, "seed 000");

    assert_eq!(back.name, "Mojtaba \"Tab\" Ahmadi");
    assert_eq!(str_at(&json, "/basics/name"), "Mojtaba \"Tab\" Ahmadi");
    assert_eq!(
        str_at(&json, "/basics/label"),
        "Senior Backend & Distributed Systems Engineer"
    );
    assert_eq!(str_at(&json, "/basics/email"), "tabmadi@proton.me");
    assert_eq!(str_at(&json, "/basics/phone"), "+968 92212401");
    assert_eq!(str_at(&json, "/basics/location/address"), "Oman");
    let profiles: Vec<(&str, &str)> = (0..3)
        .map(|i| {
            (
                str_at(&json, &format!("/basics/profiles/{i}/network")),
                str_at(&json, &format!("/basics/profiles/{i}/username")),
            )
        })
        .collect();
    assert_eq!(
        profiles,
        [
            ("LinkedIn", "tabmadi"),
            ("GitHub", "TheRealZurvan"),
            ("Stackoverflow", "zurvan"),
        ]
    );
    assert!(str_at(&json, "/basics/summary").starts_with("Senior backend and distributed systems"));

    let jobs = [
        ("Senior Backend Engineer", "Zion Payment"),
        ("Senior Blockchain Engineer", "Apybara (Coinbase partner)"),
        ("Senior Software Engineer", "Zion Payment"),
        ("Blockchain Engineer", "THORSwap"),
        ("Backend Engineer", "Science and Technology Park"),
    ];
    let work = json["work"].as_array().expect("work");
    let exported: Vec<(&str, &str)> = work
        .iter()
        .map(|w| (str_at(w, "/position"), str_at(w, "/name")))
        .collect();
    assert_eq!(exported, jobs);
    assert_eq!(str_at(&json, "/work/0/startDate"), "2025-07");
    assert_eq!(json.pointer("/work/0/endDate"), None);
    assert_eq!(str_at(&json, "/work/1/endDate"), "2025-06");
    assert_eq!(
        str_at(&json, "/work/0/description"),
        "Crypto payment solutions"
    );
    assert_eq!(str_at(&json, "/work/0/url"), "https://zionpayment.com/");
    assert_eq!(
        str_at(&json, "/work/0/highlights/1"),
        "Owned the migration from a custom Saga implementation to Temporal, improving developer \
         velocity and reducing MTTR by 3×"
    );
    assert_eq!(
        str_at(&json, "/education/0/studyType"),
        "Bachelor of Science"
    );
    assert_eq!(str_at(&json, "/education/0/area"), "Computer Science");
    assert_eq!(str_at(&json, "/education/0/institution"), "Azad University");
    assert_eq!(str_at(&json, "/skills/2/name"), "Infrastructure & Platform");
    assert_eq!(json["projects"][0]["keywords"], json!(["Rust", "Solana"]));
    assert_eq!(str_at(&json, "/projects/3/url"), "https://layer.cafe/");

    let back_jobs: Vec<(&str, Option<&str>)> = entries(section(&back, SectionKind::Experience))
        .iter()
        .map(|e| (e.title.as_str(), e.organization.as_deref()))
        .collect();
    assert_eq!(
        back_jobs,
        jobs.map(|(title, org)| (title, Some(org))).to_vec()
    );
    let email = back.contacts.iter().find(|c| c.kind == ContactKind::Email);
    assert_eq!(email.map(|c| c.text.as_str()), Some("tabmadi@proton.me"));
    let phone = back.contacts.iter().find(|c| c.kind == ContactKind::Phone);
    assert_eq!(
        phone.and_then(|c| c.url.as_deref()),
        Some("tel:+96892212401")
    );
    // Only inline formatting in JSON Resume strings is lost; the structure comes back whole.
    assert_eq!(unformatted(&back), unformatted(&original));
}

#[test]
fn seed_003_round_trips() {
    let original = markdown("seeds/003_9fb50c5e6b2b3f56.txt");
    let (json, back) = round_trip(&original);
    assert_keeps_words(&original, &back, "seed 003");

    assert_eq!(back.name, "Mahdi Ghadiri");
    assert_eq!(str_at(&json, "/basics/name"), "Mahdi Ghadiri");
    assert_eq!(
        str_at(&json, "/basics/email"),
        "mahdighadiriafzal@gmail.com"
    );
    assert_eq!(json.pointer("/basics/phone"), None);
    assert_eq!(str_at(&json, "/basics/location/city"), "Tehran");
    assert_eq!(str_at(&json, "/basics/location/region"), "Iran");
    assert_eq!(
        str_at(&json, "/basics/label"),
        "Senior Backend Engineer | System Architect | DevOps Practitioner"
    );
    // The tagline is the only summary there is.
    assert!(str_at(&json, "/basics/summary").starts_with("Building production-grade"));
    assert_eq!(
        json.pointer("/work"),
        None,
        "the résumé has no experience section"
    );
    let names: Vec<&str> = json["projects"]
        .as_array()
        .expect("projects")
        .iter()
        .map(|p| str_at(p, "/name"))
        .collect();
    assert_eq!(
        names,
        [
            "AI Gateway - DDD + Hexagonal Architecture",
            "Django Observability"
        ]
    );
    assert!(str_at(&json, "/projects/0/description").starts_with("Enterprise-grade AI Gateway"));
    assert_eq!(
        str_at(&json, "/certificates/0/name"),
        "Associate DevOps Certification - Arvan Cloud (2025)"
    );
    assert_eq!(str_at(&json, "/skills/0/name"), "Primary");
    // Sections with no JSON Resume home are kept whole in meta.cvpdf.
    let kept: Vec<&str> = json["meta"]["cvpdf"]["sections"]
        .as_array()
        .expect("sections")
        .iter()
        .map(|s| str_at(s, "/title"))
        .collect();
    assert_eq!(kept.len(), original.sections.len());
    assert!(kept.contains(&"Current Focus") && kept.contains(&"Let's Connect"));

    let email = back.contacts.iter().find(|c| c.kind == ContactKind::Email);
    assert_eq!(
        email.map(|c| c.text.as_str()),
        Some("mahdighadiriafzal@gmail.com")
    );
    assert_eq!(unformatted(&back), unformatted(&original));
}

#[test]
fn samples_keep_every_word() {
    for path in [
        "tests/samples/clean-en.md",
        "tests/samples/persian-name.md",
        "tests/samples/injection.md",
        "tests/samples/german-cp1252.txt",
    ] {
        let original = markdown(path);
        let (_, back) = round_trip(&original);
        assert_keeps_words(&original, &back, path);
        assert_eq!(back.name, original.name, "{path}");
        assert_eq!(unformatted(&back), unformatted(&original), "{path}");
    }
}

// ---------------------------------------------------------------------------------------------
// Hand edits after export

#[test]
fn hand_edits_win_over_what_cvpdf_stored() {
    let original = markdown("seeds/000_aa0fae0c06efd418.txt");
    let mut json = to_json_resume(&original);
    json["basics"]["email"] = json!("tab@example.org");
    json["work"][0]["startDate"] = json!("2025-08");
    json["work"][0]["highlights"]
        .as_array_mut()
        .expect("highlights")
        .push(json!("Added by hand"));
    json["work"]
        .as_array_mut()
        .expect("work")
        .push(json!({"name": "Nowhere Inc.", "position": "Intern", "startDate": "2014", "endDate": "2015"}));
    json["languages"] = json!([{"language": "Farsi", "fluency": "Native"}]);
    let back = import(&json.to_string());

    // The stored contacts no longer agree with basics: basics wins.
    let email = back.contacts.iter().find(|c| c.kind == ContactKind::Email);
    assert_eq!(
        email.and_then(|c| c.url.as_deref()),
        Some("mailto:tab@example.org")
    );
    let jobs = entries(section(&back, SectionKind::Experience));
    assert_eq!(jobs.len(), 6);
    let dates = jobs[0].dates.as_ref().expect("dates");
    assert_eq!(
        (dates.text.as_str(), dates.start),
        ("08/2025–Present", date(2025, Some(8)))
    );
    assert_eq!(
        bullets(jobs[0]).last().map(String::as_str),
        Some("Added by hand")
    );
    assert_eq!(bullets(jobs[0]).len(), 6);
    // Unchanged entries keep their dates as written.
    assert_eq!(
        jobs[1].dates.as_ref().map(|d| d.text.as_str()),
        Some("06/2024–06/2025")
    );
    assert_eq!(
        (jobs[5].title.as_str(), jobs[5].organization.as_deref()),
        ("Intern", Some("Nowhere Inc."))
    );
    let languages = section(&back, SectionKind::Languages);
    assert_eq!(languages.title, "Languages");
    assert_eq!(groups(languages), [&group(Some("Farsi"), &["Native"])]);
    assert_eq!(
        back.sections.last().map(|s| s.kind),
        Some(SectionKind::Languages)
    );
}

// ---------------------------------------------------------------------------------------------
// Errors and hostile input

#[test]
fn syntax_errors_say_where() {
    let text = "{\n  \"basics\": {\n    \"name\": \"Ana\",\n  }\n}\n";
    let err = from_json_resume(text).expect_err("trailing comma");
    let JsonResumeError::Syntax { line, column, .. } = &err else {
        panic!("not a syntax error: {err:?}");
    };
    assert_eq!((*line, *column), (4, 3));
    assert!(
        err.to_string()
            .starts_with("invalid JSON at line 4, column 3: "),
        "{err}"
    );

    let err = from_json_resume("{\"basics\": {\"name\": \"Ana\"").expect_err("cut short");
    assert!(
        matches!(err, JsonResumeError::Syntax { line: 1, .. }),
        "{err:?}"
    );

    let text = "{\n  \"basics\": {\"name\": \"Ana\"},\n  \"work\": [{\"highlights\": 3}]\n}";
    let err = from_json_resume(text).expect_err("a number for a list");
    assert!(
        matches!(err, JsonResumeError::Schema { line: 3, .. }),
        "{err:?}"
    );
    assert!(err.to_string().contains("line 3"), "{err}");
}

#[test]
fn a_missing_name_says_where() {
    let text = "{\n  \"basics\": {\n    \"label\": \"Engineer\"\n  },\n  \"work\": []\n}";
    let err = from_json_resume(text).expect_err("no name");
    assert!(
        matches!(err, JsonResumeError::NoName { line: 4, .. }),
        "{err:?}"
    );
    let message = err.to_string();
    assert!(
        message.contains("basics.name is missing or empty") && message.contains("line 4"),
        "{message}"
    );

    let err = from_json_resume("{\"basics\": {\"name\": \"   \"}}").expect_err("blank name");
    assert!(
        matches!(err, JsonResumeError::NoName { line: 1, .. }),
        "{err:?}"
    );
    let err = from_json_resume("{\"basics\": {\"name\": null}}").expect_err("null name");
    assert!(matches!(err, JsonResumeError::NoName { .. }), "{err:?}");
    let err = from_json_resume("\n\n  {\"work\": []}").expect_err("no basics");
    assert_eq!(err, JsonResumeError::NoName { line: 3, column: 3 });
    let err = from_json_resume("[1, 2]").expect_err("not an object");
    assert!(matches!(err, JsonResumeError::Schema { .. }), "{err:?}");
}

#[test]
fn detects_json_resume() {
    assert!(looks_like_json_resume(&fixture()));
    assert!(looks_like_json_resume("\u{feff} {\"basics\": {}}"));
    let exported = to_json_resume(&markdown("seeds/000_aa0fae0c06efd418.txt"));
    assert!(looks_like_json_resume(&exported.to_string()));
    assert!(!looks_like_json_resume("# Ana\n\n\"basics\""));
    assert!(!looks_like_json_resume("[{\"basics\": {}}]"));
    assert!(!looks_like_json_resume("{\"name\": \"Ana\"}"));
    assert!(!looks_like_json_resume(""));
    // A broken JSON Resume is still one, so its error can say which line is wrong.
    assert!(looks_like_json_resume("{\"basics\": "));
}

#[test]
fn only_safe_links_come_in() {
    let text = json!({
        "basics": {
            "name": "Eve",
            "url": "javascript:alert(1)",
            "profiles": [{"network": "GitHub", "url": "github.com/eve"}]
        },
        "work": [{"name": "X", "position": "Y", "url": "data:text/html,hi"}],
        "meta": {"cvpdf": {"sections": [{
            "title": "Links",
            "kind": "other",
            "blocks": [
                {"type": "paragraph", "content": [
                    {"type": "link", "url": "javascript:alert(1)", "children": [{"type": "text", "text": "click"}]}
                ]},
                {"type": "heading", "level": 200, "content": []}
            ]
        }]}}
    })
    .to_string();
    let profile = import(&text);
    let urls: Vec<Option<&str>> = profile.contacts.iter().map(|c| c.url.as_deref()).collect();
    assert_eq!(urls, [None, Some("https://github.com/eve")]);
    let links = section(&profile, SectionKind::Other);
    assert_eq!(
        links.blocks[0],
        Block::Paragraph {
            content: vec![crate::profile::Span::Link {
                url: None,
                children: vec![crate::profile::Span::text("click")],
            }],
        }
    );
    assert!(matches!(links.blocks[1], Block::Heading { level: 6, .. }));
    let job = entries(section(&profile, SectionKind::Experience))[0];
    assert_eq!(
        (job.title_url.as_deref(), job.organization_url.as_deref()),
        (None, None)
    );
}

#[test]
fn the_string_form_keeps_the_schema_order() {
    let profile = markdown("seeds/000_aa0fae0c06efd418.txt");
    let text = super::to_json_resume_string(&profile);
    let value: Value = serde_json::from_str(&text).expect("valid JSON");
    assert_eq!(value, to_json_resume(&profile));
    let at = |key: &str| text.find(key).unwrap_or_else(|| panic!("no {key}"));
    assert!(at("\"$schema\"") < at("\"basics\"") && at("\"basics\"") < at("\"work\""));
    assert!(at("\"name\": \"Mojtaba") < at("\"label\""));
    assert!(at("\"work\"") < at("\"education\"") && at("\"education\"") < at("\"meta\""));
}

#[test]
fn a_minimal_file_imports() {
    let profile = import("{\"basics\": {\"name\": \"  Ana Lima  \"}}");
    assert_eq!(profile.name, "Ana Lima");
    assert!(profile.sections.is_empty() && profile.contacts.is_empty());
    let json = to_json_resume(&profile);
    assert_eq!(
        json,
        json!({"$schema": super::schema::SCHEMA_URL, "basics": {"name": "Ana Lima"}})
    );
}

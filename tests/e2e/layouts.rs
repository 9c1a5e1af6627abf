//! Every layout renders every seed and sample with every word; `--max-pages` fits; a user's own
//! layout file works and stays inside its sandbox.

use std::ffi::OsString;
use std::path::PathBuf;

use crate::harness::{Case, Run, assert_all_words, markdown_words, pdf_text, pdfinfo, repo_file};

const LAYOUTS: [&str; 4] = ["classic", "modern", "sidebar", "compact"];

/// Each input with the text it must come out as: seeds and the damaged sample repair to their
/// expected text; clean samples are their own expected text.
fn inputs() -> Vec<(&'static str, &'static str)> {
    vec![
        (
            "seeds/000_aa0fae0c06efd418.txt",
            "tests/fixtures/text/expected/000_aa0fae0c06efd418.md",
        ),
        (
            "seeds/003_9fb50c5e6b2b3f56.txt",
            "tests/fixtures/text/expected/003_9fb50c5e6b2b3f56.md",
        ),
        ("tests/samples/clean-en.md", "tests/samples/clean-en.md"),
        (
            "tests/samples/german-cp1252.txt",
            "tests/samples/expected/german-cp1252.md",
        ),
        (
            "tests/samples/persian-name.md",
            "tests/samples/persian-name.md",
        ),
    ]
}

fn stem(path: &str) -> String {
    PathBuf::from(path)
        .file_stem()
        .expect("a file name")
        .to_string_lossy()
        .into_owned()
}

#[test]
fn every_layout_renders_every_seed_and_sample_with_every_word() {
    let case = Case::new();
    let files: Vec<PathBuf> = inputs().iter().map(|(input, _)| case.copy(input)).collect();
    for layout in LAYOUTS {
        let mut args: Vec<OsString> = vec!["render".into(), "--layout".into(), layout.into()];
        args.extend(["-o".into(), layout.into()]);
        std::fs::create_dir(case.path(layout)).expect("an output directory");
        args.extend(files.iter().map(|file| file.clone().into_os_string()));
        case.cvpdf(&args).code(0);
        for (input, expected) in inputs() {
            let expected = std::fs::read_to_string(repo_file(expected)).expect("expected text");
            let pdf = case.path(&format!("{layout}/{}.pdf", stem(input)));
            assert_all_words(
                &format!("{input} in {layout}"),
                &markdown_words(&expected),
                &pdf_text(&pdf),
            );
        }
    }
}

/// Headings, entry heads and skill groups are unbreakable when short, for Typst to reuse their
/// layout; text too long for a page must still break, or what runs past the page's end is lost.
/// Not the sidebar layout: its two columns are one grid row, and a block too long for a page in
/// the main column is cut where that row ends (a known limit of that layout, as old as it).
#[test]
fn text_too_long_for_a_page_breaks_in_the_single_column_layouts() {
    let case = Case::new();
    let words: Vec<String> = (0..1500).map(|i| format!("word{i}")).collect();
    let skills: Vec<String> = (0..1200).map(|i| format!("skill{i}")).collect();
    let markdown = format!(
        "# Long Text\n**Engineer**\n\n## Skills\n\n### Everything\n{}\n\n## Experience\n\n\
         ### Engineer\n**Company** – {} | *2020–2021*\n- A bullet\n",
        skills.join(", "),
        words.join(" "),
    );
    let input = case.write("long.md", &markdown);
    for layout in LAYOUTS.iter().filter(|layout| **layout != "sidebar") {
        std::fs::create_dir(case.path(layout)).expect("an output directory");
        case.cvpdf([
            "render".as_ref(),
            "--layout".as_ref(),
            layout.as_ref(),
            "-o".as_ref(),
            layout.as_ref(),
            input.as_os_str(),
        ])
        .code(0);
        let text = pdf_text(&case.path(&format!("{layout}/long.pdf")));
        assert_all_words(
            &format!("long text in {layout}"),
            &markdown_words(&markdown),
            &text,
        );
    }
}

fn page_count(pdf: &std::path::Path) -> usize {
    pdfinfo(pdf, "Pages")
        .and_then(|pages| pages.parse().ok())
        .expect("pdfinfo prints the page count")
}

#[test]
fn max_pages_fits_the_seeds_or_says_how_many_pages_they_need() {
    let case = Case::new();
    let seed_000 = case.copy("seeds/000_aa0fae0c06efd418.txt");
    let seed_003 = case.copy("seeds/003_9fb50c5e6b2b3f56.txt");
    let pdf_000 = case.path("000_aa0fae0c06efd418.pdf");
    let pdf_003 = case.path("003_9fb50c5e6b2b3f56.pdf");

    // The sidebar layout needs three pages for seed 000 as drawn; two fit once tightened.
    case.cvpdf([
        "render".as_ref(),
        "--layout".as_ref(),
        "sidebar".as_ref(),
        seed_000.as_os_str(),
    ])
    .code(0);
    assert_eq!(page_count(&pdf_000), 3, "the sidebar design as drawn");
    for layout in LAYOUTS {
        case.cvpdf([
            "render".as_ref(),
            "--layout".as_ref(),
            layout.as_ref(),
            "--max-pages".as_ref(),
            "2".as_ref(),
            seed_000.as_os_str(),
        ])
        .code(0);
        assert!(
            page_count(&pdf_000) <= 2,
            "seed 000 in {layout} takes at most two pages"
        );
    }

    case.cvpdf([
        "render".as_ref(),
        "--layout".as_ref(),
        "sidebar".as_ref(),
        "--max-pages".as_ref(),
        "1".as_ref(),
        seed_003.as_os_str(),
    ])
    .code(0)
    .stderr_has("fitted 2 pages into 1");
    assert_eq!(page_count(&pdf_003), 1, "seed 003 fits one sidebar page");

    // The classic layout cannot hold seed 003 on one page at readable sizes: best effort, and
    // a warning that says so.
    case.cvpdf([
        "render".as_ref(),
        "--max-pages".as_ref(),
        "1".as_ref(),
        seed_003.as_os_str(),
    ])
    .code(0)
    .stderr_has("does not fit in 1 page(s) even at the tightest setting")
    .stderr_has("it needs 2 pages");
    assert_eq!(page_count(&pdf_003), 2);
}

const USER_LAYOUT: &str = r#"// A minimal user layout: reads the profile, imports a helper from its own directory and
// the shared library that ships with cvpdf.
#import "helpers.typ": banner
#import "lib.typ": rich
#let profile = json("/profile.json")
#set document(title: profile.name)
#banner(profile.name)
#if profile.headline != none [#rich(profile.headline)]
#for section in profile.sections [
  == #section.title
]
"#;

#[test]
fn a_user_layout_from_its_own_directory_renders() {
    let case = Case::new();
    std::fs::create_dir(case.path("mine")).expect("a layout directory");
    case.write("mine/resume.typ", USER_LAYOUT);
    case.write(
        "mine/helpers.typ",
        "#let banner(name) = block(text(size: 20pt, weight: \"bold\", [Hello, #name]))\n",
    );
    case.write(
        "cv.md",
        "# Ada Lovelace\n\n**Analyst**\n\n## Experience\n\n- Wrote the first program\n",
    );
    case.cvpdf([
        "render",
        "--layout",
        "mine/resume.typ",
        "--pdf-standard",
        "none",
        "cv.md",
    ])
    .code(0);
    let pdf = case.path("cv.pdf");
    assert_eq!(
        pdfinfo(&pdf, "Title").as_deref(),
        Some("Ada Lovelace"),
        "the layout's own title is kept"
    );
    assert_eq!(
        pdfinfo(&pdf, "Author").as_deref(),
        Some("Ada Lovelace"),
        "the author the layout left unset is filled in"
    );
    let text = pdf_text(&pdf);
    for needle in ["Hello, Ada Lovelace", "Analyst", "Experience"] {
        assert!(
            text.contains(needle),
            "the user layout's PDF lacks {needle:?}:\n{text}"
        );
    }
}

#[test]
fn a_user_layout_cannot_read_outside_its_directory_or_load_packages() {
    let case = Case::new();
    case.write("secret.txt", "TOP SECRET");
    std::fs::create_dir(case.path("mine")).expect("a layout directory");
    case.write("cv.md", "# Ada Lovelace\n");
    case.write("mine/escape.typ", "#read(\"../secret.txt\")\n");
    case.cvpdf(["render", "--layout", "mine/escape.typ", "cv.md"])
        .code(1)
        .stderr_has("error: cv.md: layout mine/escape.typ failed");
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(case.path("secret.txt"), case.path("mine/link.txt"))
            .expect("a symbolic link");
        case.write("mine/link.typ", "#read(\"link.txt\")\n");
        case.cvpdf(["render", "--layout", "mine/link.typ", "cv.md"])
            .code(1)
            .stderr_has("access denied");
    }
    case.write(
        "mine/package.typ",
        "#import \"@preview/basic-resume:0.2.0\": *\n",
    );
    case.cvpdf(["render", "--layout", "mine/package.typ", "cv.md"])
        .code(1)
        .stderr_has("cvpdf does not load Typst packages");
    assert!(!case.path("cv.pdf").exists());
}

/// Returns the document language the PDF's catalog declares.
fn pdf_lang(pdf: &std::path::Path) -> String {
    let document = lopdf::Document::load(pdf).expect("the PDF parses");
    let lang = document
        .catalog()
        .expect("a catalog")
        .get(b"Lang")
        .expect("the catalog has /Lang");
    String::from_utf8_lossy(lang.as_str().expect("/Lang is a string")).into_owned()
}

#[test]
fn the_language_is_detected_unless_given() {
    let case = Case::new();
    let german = case.copy("tests/samples/german-cp1252.txt");
    let english = case.copy("tests/samples/clean-en.md");
    case.cvpdf(["render".as_ref(), german.as_os_str(), english.as_os_str()])
        .code(0);
    assert_eq!(pdf_lang(&case.path("german-cp1252.pdf")), "de");
    assert_eq!(pdf_lang(&case.path("clean-en.pdf")), "en");
    case.cvpdf([
        "render".as_ref(),
        "--lang".as_ref(),
        "fr".as_ref(),
        english.as_os_str(),
    ])
    .code(0);
    assert_eq!(pdf_lang(&case.path("clean-en.pdf")), "fr");
    case.cvpdf([
        "render".as_ref(),
        "--lang".as_ref(),
        "français".as_ref(),
        english.as_os_str(),
    ])
    .code(2)
    .stderr_has("is not a language code");
}

#[test]
fn mono_icons_draw_the_emoji_in_ink_and_keep_their_text() {
    let case = Case::new();
    let seed = case.copy("seeds/000_aa0fae0c06efd418.txt");
    case.cvpdf([
        "render".as_ref(),
        "--icons".as_ref(),
        "mono".as_ref(),
        seed.as_os_str(),
    ])
    .code(0);
    let pdf = case.path("000_aa0fae0c06efd418.pdf");
    let text = pdf_text(&pdf);
    for icon in ["📧", "📱", "🔗", "🐙", "🤖", "📍"] {
        assert!(text.contains(icon), "the PDF text lacks {icon}");
    }
    let fonts = std::process::Command::new("pdffonts")
        .arg(&pdf)
        .output()
        .expect("pdffonts (poppler-utils) is installed");
    let fonts = String::from_utf8_lossy(&fonts.stdout);
    assert!(
        fonts.contains("Symbola"),
        "the icons come from Symbola:\n{fonts}"
    );
    // Colour glyphs are written as Type 3 fonts, outlines are not.
    assert!(!fonts.contains("Type 3"), "no colour emoji:\n{fonts}");
}

/// A case with `mine/loop.typ`, a layout that loops for ten billion iterations (far longer than
/// any time limit the tests allow), and a résumé `a.md`.
fn looping_layout_case() -> Case {
    let case = Case::new();
    std::fs::create_dir(case.path("mine")).expect("a layout directory");
    case.write(
        "mine/loop.typ",
        "#for i in range(100000) { for j in range(100000) { } }\n",
    );
    case.write("a.md", "# Ada Lovelace\n");
    case
}

/// Renders `files` of a [`looping_layout_case`] with its layout and a limit of `timeout` seconds,
/// checking that the process did not wait for the looping renders.
fn render_with_looping_layout(case: &Case, timeout: &str, files: &[&str]) -> Run {
    let start = std::time::Instant::now();
    let args = ["render", "--layout", "mine/loop.typ", "--timeout", timeout];
    let run = case.cvpdf(args.iter().chain(files));
    assert!(
        start.elapsed() < std::time::Duration::from_secs(30),
        "the process waited for the looping renders"
    );
    run
}

#[test]
fn a_layout_that_loops_is_stopped_by_the_time_limit() {
    let case = looping_layout_case();
    case.write("b.md", "# Grace Hopper\n");
    render_with_looping_layout(&case, "2", &["a.md", "b.md"])
        .code(1)
        .stderr_has("error: a.md: rendering took longer than 2 s, the time limit")
        .stderr_has("hint: check the layout for a loop, or raise --timeout")
        .stderr_has("error: b.md: rendering took longer than 2 s");
    assert!(!case.path("a.pdf").exists() && !case.path("b.pdf").exists());
}

#[test]
fn a_single_file_that_loops_is_stopped_by_the_time_limit() {
    // A batch of one renders on the rendering threads the warm-up started, the calling thread
    // waiting: the limit holds there too, and the process does not wait for the loop.
    let case = looping_layout_case();
    render_with_looping_layout(&case, "1", &["a.md"])
        .code(1)
        .stderr_has("error: a.md: rendering took longer than 1 s, the time limit")
        .stderr_has("hint: check the layout for a loop, or raise --timeout");
    assert!(!case.path("a.pdf").exists());
}

#[test]
fn a_two_page_seed_stays_under_150_kb() {
    let case = Case::new();
    let seed = case.copy("seeds/000_aa0fae0c06efd418.txt");
    case.cvpdf([std::ffi::OsStr::new("render"), seed.as_os_str()])
        .code(0);
    let size = std::fs::metadata(case.path("000_aa0fae0c06efd418.pdf"))
        .expect("the PDF")
        .len();
    assert!(size < 150_000, "seed 000's PDF is {size} bytes");
}

#[test]
fn the_sidebar_keeps_each_column_whole_in_the_extracted_text() {
    let case = Case::new();
    let seed = case.copy("seeds/000_aa0fae0c06efd418.txt");
    case.cvpdf([
        "render".as_ref(),
        "--layout".as_ref(),
        "sidebar".as_ref(),
        seed.as_os_str(),
    ])
    .code(0);
    // `-raw` reads in content-stream order (the order the tag tree gives too); the default
    // mode guesses the order from the geometry, as most extractors do. Both must agree.
    for mode in ["-raw", "-nopgbrk"] {
        let output = std::process::Command::new("pdftotext")
            .args([mode, "-enc", "UTF-8"])
            .arg(case.path("000_aa0fae0c06efd418.pdf"))
            .arg("-")
            .output()
            .expect("pdftotext runs");
        let text = String::from_utf8_lossy(&output.stdout);
        let at = |needle: &str| {
            text.find(needle)
                .unwrap_or_else(|| panic!("the text lacks {needle:?}:\n{text}"))
        };
        // The side column, whole: name, contacts, skills; then the main column, whole.
        let side = [
            at("Mojtaba"),
            at("tabmadi@proton.me"),
            at("Skills"),
            at("Blockchain Infrastructure"),
            at("OWASP"),
        ];
        let main = [
            at("Professional Summary"),
            at("Senior backend and distributed systems engineer"),
            at("Experiences"),
            at("Zion Payment"),
        ];
        assert!(side.is_sorted(), "{mode}: the side column reads in order");
        assert!(main.is_sorted(), "{mode}: the main column reads in order");
        assert!(
            side.iter().max() < main.iter().min(),
            "{mode}: the side column comes whole before the main column"
        );
    }
}

/// Asserts that no line of `text` ends in a hyphen (an extractor would join the compound) and
/// that each compound is whole `times` times.
fn assert_compounds_whole(text: &str, compounds: &[&str], times: usize) {
    for line in text.lines() {
        assert!(
            !line.trim_end().ends_with('-'),
            "a line ends in a hyphen, so an extractor would join the compound: {line:?}\n{text}"
        );
    }
    for compound in compounds {
        assert_eq!(
            text.matches(compound).count(),
            times,
            "{compound} is not whole {times} times:\n{text}"
        );
    }
}

#[test]
fn a_compound_of_any_letters_does_not_break_after_its_hyphen() {
    // Each compound follows text of every length from 40 to 119 characters, so in some
    // paragraph its hyphen falls at the end of a line.
    let compounds = ["C++-based", "Jean-François", "Санкт-Петербург"];
    let mut body = String::new();
    for compound in compounds {
        for length in 40..120 {
            let prefix = format!("{}{}", "word ".repeat(length / 5), "x".repeat(length % 5));
            body.push_str(&format!("{prefix} {compound} end.\n\n"));
        }
    }
    let case = Case::new();
    case.write("cv.md", format!("# Ada Lovelace\n\n## Summary\n\n{body}"));
    case.cvpdf(["render", "cv.md"]).code(0);
    let text = pdf_text(&case.path("cv.pdf"));
    assert_compounds_whole(&text, &compounds, 80);
}

#[test]
fn hyphenated_compounds_stay_on_one_line_and_long_tokens_break() {
    let compounds = [
        "state-of-the-art",
        "event-driven",
        "cross-functional",
        "protocol-level",
        "end-to-end",
        "high-availability",
        "real-time",
        "zero-downtime",
    ];
    let mut sentence = String::new();
    for round in 0..6 {
        for compound in compounds {
            sentence.push_str(&format!("{compound} {round} "));
        }
    }
    let token: String = (0..130)
        .map(|index| char::from(b"abcdefghijklmnopqrstuvwxyz0123456789"[index * 7 % 36]))
        .collect();
    let case = Case::new();
    case.write(
        "cv.md",
        format!("# Ada Lovelace\n\n## Summary\n\n{sentence}done.\n\nKey: {token}\n"),
    );
    case.cvpdf(["render", "cv.md"]).code(0);
    let text = pdf_text(&case.path("cv.pdf"));
    assert_compounds_whole(&text, &compounds, 6);
    let pieces: Vec<&str> = text
        .lines()
        .map(|line| line.trim().trim_start_matches("Key: "))
        .filter(|piece| !piece.is_empty() && token.contains(piece))
        .collect();
    assert!(
        pieces.len() >= 4 && pieces.iter().all(|piece| piece.len() <= 40),
        "the 130-character token is not broken into lines of at most 40: {pieces:?}\n{text}"
    );
    assert_eq!(
        pieces.concat(),
        token,
        "the token's pieces do not join back into it"
    );
}

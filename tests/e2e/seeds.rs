//! The seeds render, and what an applicant-tracking system extracts is what the author wrote.

use crate::harness::{Case, assert_all_words, markdown_words, pdf_text, repo_file};

const SEED_000: &str = "seeds/000_aa0fae0c06efd418.txt";
const SEED_003: &str = "seeds/003_9fb50c5e6b2b3f56.txt";

fn expected(name: &str) -> String {
    std::fs::read_to_string(repo_file(&format!(
        "tests/fixtures/text/expected/{name}.md"
    )))
    .expect("the expected text of the seed is in the repository")
}

/// Renders both seeds in one batch and returns the case and the text of each PDF.
fn render_seeds() -> (Case, String, String) {
    let case = Case::new();
    let a = case.copy(SEED_000);
    let b = case.copy(SEED_003);
    case.cvpdf([std::ffi::OsStr::new("render"), a.as_os_str(), b.as_os_str()])
        .code(0);
    let text_000 = pdf_text(&case.path("000_aa0fae0c06efd418.pdf"));
    let text_003 = pdf_text(&case.path("003_9fb50c5e6b2b3f56.pdf"));
    (case, text_000, text_003)
}

#[test]
fn seed_000_header_comes_back_exactly() {
    let (_case, text, _) = render_seeds();
    for needle in [
        "Mojtaba \"Tab\" Ahmadi",
        "Senior Backend & Distributed Systems Engineer",
        "📧",
        "tabmadi@proton.me",
        "📱",
        "+968 92212401",
        "🔗",
        "LinkedIn",
        "🐙",
        "GitHub",
        "🤖",
        "Stackoverflow",
        "📍",
        "Oman",
    ] {
        assert!(
            text.contains(needle),
            "the PDF text lacks {needle:?}:\n{text}"
        );
    }
    for heading in [
        "Professional Summary",
        "Skills",
        "Experiences",
        "Projects",
        "Education",
    ] {
        assert!(
            text.contains(heading),
            "the PDF text lacks the heading {heading:?}"
        );
    }
}

#[test]
fn seed_003_header_comes_back_exactly() {
    let (_case, _, text) = render_seeds();
    for needle in [
        "Mahdi Ghadiri",
        "Senior Backend Engineer",
        "System Architect",
        "📍",
        "Tehran, Iran",
        "📧",
        "mahdighadiriafzal@gmail.com",
        "🔗",
        "LinkedIn",
    ] {
        assert!(
            text.contains(needle),
            "the PDF text lacks {needle:?}:\n{text}"
        );
    }
    for heading in [
        "Current Focus",
        "Professional Highlights",
        "Technical Expertise",
        "Featured Projects",
        "Certifications & Continuous Learning",
        "Open Source & Community",
        "Let's Connect",
    ] {
        assert!(
            text.contains(heading),
            "the PDF text lacks the heading {heading:?}"
        );
    }
}

#[test]
fn every_word_of_each_seed_comes_back_out_of_its_pdf() {
    let (_case, text_000, text_003) = render_seeds();
    assert_all_words(
        "seed 000",
        &markdown_words(&expected("000_aa0fae0c06efd418")),
        &text_000,
    );
    assert_all_words(
        "seed 003",
        &markdown_words(&expected("003_9fb50c5e6b2b3f56")),
        &text_003,
    );
}

//! Glyph coverage: nothing is ever drawn as a box without the user hearing about it.

use crate::harness::{Case, pdf_text};

/// The directory `fonts-noto-cjk` installs (`.ci/run` installs the package).
const CJK_FONT_DIR: &str = "/usr/share/fonts/opentype/noto";

const CJK_RESUME: &str =
    "# 王小明\n\nBackend engineer in 上海.\n\n## Experience\n\n- Built 丁 systems\n";

#[test]
fn a_character_no_font_has_fails_the_file_naming_it_and_its_line() {
    let case = Case::new();
    case.write(
        "pua.md",
        "# Ada Lovelace\n\n## Skills\n\n- Analysis \u{E000}\n",
    );
    case.write("good.md", "# Ada Lovelace\n\n## Skills\n\n- Analysis\n");
    case.cvpdf(["render", "pua.md", "good.md"])
        .code(1)
        .stderr_has("error: pua.md: no font has a glyph for U+E000 '\u{E000}' (line 5)")
        .stderr_has("hint: install a font that covers it, or pass --font-path DIR");
    assert!(!case.path("pua.pdf").exists(), "no PDF with a box in it");
    assert!(
        case.path("good.pdf").exists(),
        "the other file still rendered"
    );
}

#[test]
fn allow_missing_glyphs_renders_with_a_warning_and_no_conformance_claim() {
    let case = Case::new();
    case.write(
        "pua.md",
        "# Ada Lovelace\n\n## Skills\n\n- Analysis \u{E000}\n",
    );
    case.cvpdf(["render", "--allow-missing-glyphs", "pua.md"])
        .code(0)
        .stderr_has("warning: pua.md: no font has a glyph for U+E000")
        .stderr_has("claims no PDF/A or PDF/UA conformance");
    let pdf = std::fs::read(case.path("pua.pdf")).expect("the PDF was written");
    assert!(
        !String::from_utf8_lossy(&pdf).contains("pdfaid:part"),
        "a PDF with missing glyphs must not claim PDF/A"
    );
}

#[test]
fn a_cjk_resume_renders_with_an_installed_font_and_says_which() {
    if !std::path::Path::new(CJK_FONT_DIR)
        .join("NotoSansCJK-Regular.ttc")
        .exists()
    {
        panic!("fonts-noto-cjk is not installed; .ci/run installs it");
    }
    let case = Case::new();
    case.write("cjk.md", CJK_RESUME);
    case.cvpdf(["render", "cjk.md"])
        .code(0)
        .stderr_has("warning: cjk.md:1: no bundled font has 王 小 明 上 海 丁")
        .stderr_has("drawn with the system font 'Noto Sans CJK SC'");
    let text = pdf_text(&case.path("cjk.pdf"));
    for needle in ["王小明", "上海", "丁"] {
        assert!(
            text.contains(needle),
            "the PDF text lacks {needle}:\n{text}"
        );
    }
}

#[test]
fn without_system_fonts_a_font_path_serves_the_characters() {
    let case = Case::new();
    case.write("cjk.md", CJK_RESUME);
    case.cvpdf(["render", "--system-fonts", "never", "cjk.md"])
        .code(1)
        .stderr_has("U+738B '王' (line 1)");
    case.cvpdf([
        "render",
        "--system-fonts",
        "never",
        "--font-path",
        CJK_FONT_DIR,
        "cjk.md",
    ])
    .code(0);
    assert!(pdf_text(&case.path("cjk.pdf")).contains("王小明"));
}

#[test]
fn an_unknown_font_family_or_an_empty_font_path_is_a_usage_error() {
    let case = Case::new();
    case.write("cv.md", "# Ada Lovelace\n");
    case.cvpdf(["render", "--font", "Comic Sans MS", "cv.md"])
        .code(2)
        .stderr_has("unknown font family 'Comic Sans MS'")
        .stderr_has("Source Sans 3");
    std::fs::create_dir(case.path("empty")).expect("a directory");
    case.cvpdf(["render", "--font-path", "empty", "cv.md"])
        .code(2)
        .stderr_has("--font-path empty: holds no font files");
    case.cvpdf(["render", "--font", "Source Sans 3", "cv.md"])
        .code(0);
}

#[test]
fn fonts_lists_the_bundle_and_checks_a_resume() {
    let case = Case::new();
    let run = case.cvpdf(["fonts"]);
    run.code(0);
    let listing = String::from_utf8_lossy(&run.output.stdout).into_owned();
    for family in [
        "Source Serif 4",
        "Source Sans 3",
        "Twemoji Mozilla",
        "Noto Sans Symbols2",
        "Noto Sans Math",
        "Noto Sans Arabic",
        "DejaVu Sans Mono",
    ] {
        assert!(
            listing.contains(family),
            "`cvpdf fonts` lacks {family}:\n{listing}"
        );
    }
    let seed = case.copy("seeds/000_aa0fae0c06efd418.txt");
    let run = case.cvpdf([
        std::ffi::OsStr::new("fonts"),
        "--check".as_ref(),
        seed.as_os_str(),
    ]);
    run.code(0);
    let report = String::from_utf8_lossy(&run.output.stdout).into_owned();
    assert!(report.contains("text family Source Serif 4"), "{report}");
    assert!(report.contains("Twemoji Mozilla"), "{report}");
    assert!(report.contains("🐙"), "{report}");
    assert!(report.contains("no missing glyphs"), "{report}");
}

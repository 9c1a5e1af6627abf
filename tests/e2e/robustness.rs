//! Hostile and broken input: every bad file fails alone with a message naming it, the good file in
//! the same batch still renders, huge or deep input finishes, markup prints literally, and no
//! output is ever half-written, left behind as a temporary file, or written over an input.

use std::path::Path;
use std::time::{Duration, Instant};

use lopdf::{Document, Object};

use crate::harness::{Case, Run, pdf_text};

/// A résumé that renders; every batch below has one, and it must still render.
const GOOD: &str = "# Ada Lovelace\n\n## Experience\n\n- Wrote the first program\n";

/// Writes `good.md` into `case`.
fn write_good(case: &Case) {
    case.write("good.md", GOOD);
}

/// Asserts that `good.md` was rendered to `good.pdf` and that the PDF says what it should.
#[track_caller]
fn assert_good_rendered(case: &Case, run: &Run) {
    run.stderr_has("rendered good.md -> good.pdf (1 page)");
    let text = pdf_text(&case.path("good.pdf"));
    assert!(
        text.contains("Wrote the first program"),
        "good.pdf lacks its bullet:\n{text}"
    );
}

/// Asserts that no `.cvpdf-*.tmp` file is left anywhere under `dir`.
#[track_caller]
fn assert_no_temp_files(dir: &Path) {
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().into_owned();
            assert!(
                !(name.starts_with(".cvpdf-") && name.ends_with(".tmp")),
                "a temporary file was left behind: {}",
                path.display()
            );
            if entry.file_type().is_ok_and(|kind| kind.is_dir()) {
                stack.push(path);
            }
        }
    }
}

/// Returns the names of the PDFs directly in `dir`, sorted.
fn pdfs_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("the directory can be listed")
        .flatten()
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".pdf"))
        .collect();
    names.sort();
    names
}

/// Whether file permissions bind this process: false for root (or a capability that reads
/// anything), found out by trying to read a file with mode 000.
#[cfg(unix)]
fn permissions_bind(case: &Case) -> bool {
    use std::os::unix::fs::PermissionsExt;
    let probe = case.write(".probe", "x");
    std::fs::set_permissions(&probe, std::fs::Permissions::from_mode(0o000))
        .expect("the probe's mode can be set");
    let binds = std::fs::read(&probe).is_err();
    std::fs::set_permissions(&probe, std::fs::Permissions::from_mode(0o600))
        .expect("the probe's mode can be restored");
    std::fs::remove_file(&probe).expect("the probe can be removed");
    binds
}

/// Runs `cvpdf` with `args` in `case` and asserts it finishes within `limit`.
#[track_caller]
fn run_within(case: &Case, args: &[&str], limit: Duration) -> (Run, Duration) {
    let start = Instant::now();
    let run = case.cvpdf(args);
    let took = start.elapsed();
    assert!(
        took < limit,
        "cvpdf {args:?} took {took:?}, more than {limit:?}"
    );
    (run, took)
}

/// Returns the `/URI` of every link annotation in `pdf`.
fn link_uris(pdf: &Path) -> Vec<String> {
    let doc = Document::load(pdf).expect("lopdf reads the PDF");
    let resolve = |object: &'_ Object| -> Object {
        doc.dereference(object)
            .map_or_else(|_| object.clone(), |(_, target)| target.clone())
    };
    let mut uris = Vec::new();
    for (_, page_id) in doc.get_pages() {
        let annotations = doc
            .get_page_annotations(page_id)
            .expect("the page's annotations can be read");
        for annotation in annotations {
            if annotation.get(b"Subtype").and_then(Object::as_name).ok() != Some(b"Link") {
                continue;
            }
            let Ok(action) = annotation.get(b"A").map(&resolve) else {
                continue;
            };
            let Ok(action) = action.as_dict() else {
                continue;
            };
            if let Ok(uri) = action.get(b"URI").and_then(Object::as_str) {
                uris.push(String::from_utf8_lossy(uri).into_owned());
            }
        }
    }
    uris
}

/// Returns the width and height of every page of `pdf`, in points.
fn page_sizes(pdf: &Path) -> Vec<(f32, f32)> {
    let doc = Document::load(pdf).expect("lopdf reads the PDF");
    doc.get_pages()
        .values()
        .map(|&id| {
            let page = doc
                .get_object(id)
                .and_then(Object::as_dict)
                .expect("a page is a dictionary");
            let media_box = page
                .get(b"MediaBox")
                .and_then(Object::as_array)
                .expect("typst writes a /MediaBox on every page");
            let number = |i: usize| media_box[i].as_float().expect("a number");
            (number(2) - number(0), number(3) - number(1))
        })
        .collect()
}

/// Returns `text` with its lines joined without separators, so a token broken across lines reads
/// as one again.
fn joined(text: &str) -> String {
    text.lines().map(str::trim).collect()
}

#[test]
fn missing_files_and_directories_fail_alone() {
    let case = Case::new();
    write_good(&case);
    std::fs::create_dir(case.path("folder.md")).expect("a directory can be created");
    let run = case.cvpdf(["render", "missing.md", "folder.md", "good.md"]);
    run.code(1)
        .stderr_has("error: missing.md: cannot read missing.md (no such file or directory)")
        .stderr_has("hint: check the file name and path")
        .stderr_has("error: folder.md: folder.md is a directory, not a résumé")
        .stderr_has("hint: pass the files inside it, e.g. folder.md/*.md")
        .stderr_has("1 rendered, 2 failed");
    assert_good_rendered(&case, &run);
    assert_eq!(pdfs_in(case.dir()), ["good.pdf"]);
    assert_no_temp_files(case.dir());
}

#[cfg(unix)]
#[test]
fn an_unreadable_file_fails_alone() {
    use std::os::unix::fs::PermissionsExt;
    let case = Case::new();
    if !permissions_bind(&case) {
        eprintln!("skipped: this process reads files with mode 000 (root)");
        return;
    }
    write_good(&case);
    let locked = case.write("locked.md", GOOD);
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000))
        .expect("the mode can be set");
    let run = case.cvpdf(["render", "locked.md", "good.md"]);
    run.code(1)
        .stderr_has("error: locked.md: cannot read locked.md (permission denied)")
        .stderr_has("hint: make the file readable (chmod +r)");
    assert_good_rendered(&case, &run);
    assert_eq!(pdfs_in(case.dir()), ["good.pdf"]);
    assert_no_temp_files(case.dir());
}

#[test]
fn empty_and_whitespace_only_files_say_what_to_write() {
    let case = Case::new();
    write_good(&case);
    case.write("empty.md", "");
    case.write("blank.md", " \n\t\n   \r\n\n");
    let run = case.cvpdf(["render", "empty.md", "blank.md", "good.md"]);
    run.code(1)
        .stderr_has("error: empty.md: the résumé is empty: write at least '# Your Name'")
        .stderr_has("error: blank.md: the résumé is empty: write at least '# Your Name'")
        .stderr_has("hint: write the résumé in Markdown, starting with '# Your Name'")
        .stderr_has("1 rendered, 2 failed");
    assert_good_rendered(&case, &run);
    assert_eq!(pdfs_in(case.dir()), ["good.pdf"]);
    assert_no_temp_files(case.dir());
}

#[test]
fn binary_files_are_refused_by_what_they_look_like() {
    let case = Case::new();
    write_good(&case);
    // Bytes from a fixed linear congruential generator: random-looking, the same every run.
    let mut state: u32 = 0x2545_f491;
    let noise: Vec<u8> = (0..4096)
        .map(|_| {
            state = state.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            (state >> 24) as u8
        })
        .collect();
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    png.extend_from_slice(&noise);
    let mut zip = b"PK\x03\x04\x14\0\0\0\x08\0".to_vec();
    zip.extend_from_slice(&noise);
    case.write("photo.md", &png);
    case.write("archive.md", &zip);
    let run = case.cvpdf(["render", "photo.md", "archive.md", "good.md"]);
    run.code(1)
        .stderr_has("error: photo.md: input is not text: it looks like a PNG image")
        .stderr_has("error: archive.md: input is not text: it looks like a zip archive")
        .stderr_has("hint: cvpdf reads Markdown text files; export the résumé as .md or .txt")
        .stderr_has("1 rendered, 2 failed");
    assert_good_rendered(&case, &run);
    assert_eq!(pdfs_in(case.dir()), ["good.pdf"]);
    assert_no_temp_files(case.dir());
}

#[test]
fn a_file_without_a_name_heading_fails_alone() {
    let case = Case::new();
    write_good(&case);
    case.write(
        "noname.md",
        "Ada Lovelace\nMathematician\n\n- wrote the first program\n",
    );
    let run = case.cvpdf(["render", "noname.md", "good.md"]);
    run.code(1)
        .stderr_has(
            "error: noname.md: no name found: the résumé has no heading; \
             start the file with '# Your Name'",
        )
        .stderr_has("hint: start the file with the name as a heading: '# Your Name'");
    assert_good_rendered(&case, &run);
    assert_eq!(pdfs_in(case.dir()), ["good.pdf"]);
    assert_no_temp_files(case.dir());
}

#[test]
fn a_file_over_two_megabytes_is_refused() {
    let case = Case::new();
    write_good(&case);
    // One byte over the limit, and well over it.
    let mut just_over = String::from("# Ada Lovelace\n\n");
    while just_over.len() < 2 * 1024 * 1024 + 1 {
        just_over.push_str("- a perfectly ordinary bullet\n");
    }
    just_over.truncate(2 * 1024 * 1024 + 1);
    case.write("over.md", &just_over);
    case.write("huge.md", "x".repeat(5 * 1024 * 1024));
    // Exactly at the limit is still read (and renders).
    let mut at_limit = String::from("# Ada Lovelace\n\n## Summary\n\n");
    at_limit.push_str(&"word ".repeat((2 * 1024 * 1024 - at_limit.len()) / 5));
    while at_limit.len() < 2 * 1024 * 1024 {
        at_limit.push('\n');
    }
    assert_eq!(at_limit.len(), 2 * 1024 * 1024);
    case.write("limit.md", &at_limit);
    let run = case.cvpdf(["render", "over.md", "huge.md", "good.md"]);
    run.code(1)
        .stderr_has("error: over.md: over.md is larger than 2 MB, the most a résumé may be")
        .stderr_has("error: huge.md: huge.md is larger than 2 MB, the most a résumé may be")
        .stderr_has(
            "hint: check that this is the résumé's Markdown file, not an export or an archive",
        );
    assert_good_rendered(&case, &run);
    assert_eq!(pdfs_in(case.dir()), ["good.pdf"]);
    let (run, _) = run_within(&case, &["render", "limit.md"], Duration::from_secs(120));
    run.code(0).stderr_has("rendered limit.md -> limit.pdf");
    assert_no_temp_files(case.dir());
}

#[test]
fn a_line_of_a_million_characters_renders() {
    let case = Case::new();
    // Words of 1 to 12 letters, one line of exactly 1,000,000 characters, ending in a marker.
    let mut line = String::with_capacity(1_000_000);
    let mut n: usize = 7;
    while line.len() < 999_980 {
        n = n.wrapping_mul(31).wrapping_add(17) % 1009;
        line.push_str(&"abcdefghijkl"[..1 + n % 12]);
        line.push(' ');
    }
    while line.len() < 999_990 {
        line.push('z');
    }
    line.push_str(" lastword0");
    assert_eq!(line.chars().count(), 1_000_000);
    case.write(
        "long.md",
        format!("# Ada Lovelace\n\n## Summary\n\n{line}\n"),
    );
    let (run, took) = run_within(&case, &["render", "long.md"], Duration::from_secs(120));
    run.code(0).stderr_has("rendered long.md -> long.pdf");
    eprintln!("a line of a million characters took {took:?}");
    let text = pdf_text(&case.path("long.pdf"));
    assert!(
        text.contains("lastword0"),
        "the line's last word is printed"
    );
    assert_no_temp_files(case.dir());
}

#[test]
fn ten_thousand_bullets_render() {
    let case = Case::new();
    write_good(&case);
    let mut markdown = String::from("# Ada Lovelace\n\n## Experience\n\n");
    for i in 0..10_000 {
        markdown.push_str(&format!("- Bullet number b{i}x\n"));
    }
    case.write("bullets.md", &markdown);
    let (run, took) = run_within(
        &case,
        &["render", "bullets.md", "good.md"],
        Duration::from_secs(60),
    );
    eprintln!("10,000 bullets took {took:?}");
    run.code(0)
        .stderr_has("rendered bullets.md -> bullets.pdf (")
        .stderr_has("2 rendered, 0 failed");
    assert_good_rendered(&case, &run);
    let text = pdf_text(&case.path("bullets.pdf"));
    for i in [0, 1, 4999, 9998, 9999] {
        assert!(text.contains(&format!("b{i}x")), "bullet {i} is printed");
    }
    assert_no_temp_files(case.dir());
}

/// Asserts that a run ended by itself with 0 or 1 (never a panic's 101 or a signal), and that
/// `file` was either rendered or failed with an error naming it.
#[track_caller]
fn assert_clean_outcome(run: &Run, file: &str) {
    let stderr = run.stderr();
    assert!(
        matches!(run.output.status.code(), Some(0 | 1)),
        "{file}: exit status {:?}; stderr:\n{stderr}",
        run.output.status
    );
    assert!(!stderr.contains("panicked"), "{file}: a panic:\n{stderr}");
    let rendered = stderr.contains(&format!("rendered {file} -> "));
    let failed = stderr.contains(&format!("error: {file}: "));
    assert!(
        rendered != failed,
        "{file} is either rendered or failed with an error naming it:\n{stderr}"
    );
}

#[test]
fn lists_nested_a_thousand_deep_render_flattened() {
    let case = Case::new();
    write_good(&case);
    let mut markdown = String::from("# Ada Lovelace\n\n## Experience\n\n");
    for depth in 0..1000 {
        markdown.push_str(&"  ".repeat(depth));
        markdown.push_str(&format!("- level{depth}\n"));
    }
    case.write("deep.md", &markdown);
    let (run, _) = run_within(
        &case,
        &["render", "deep.md", "good.md"],
        Duration::from_secs(60),
    );
    assert_clean_outcome(&run, "deep.md");
    run.code(0)
        .stderr_has("warning: deep.md:")
        .stderr_has("nesting deeper than 16 levels is flattened; the text is kept")
        .stderr_has("rendered deep.md -> deep.pdf");
    assert_good_rendered(&case, &run);
    let text = pdf_text(&case.path("deep.pdf"));
    for depth in [0, 15, 16, 500, 999] {
        assert!(
            text.contains(&format!("level{depth}")),
            "level {depth} is printed"
        );
    }
    assert_no_temp_files(case.dir());
}

#[test]
fn quotes_and_mixed_nesting_a_thousand_deep_never_crash() {
    let case = Case::new();
    write_good(&case);
    let mut quotes = String::from("# Ada Lovelace\n\n## Experience\n\n");
    for depth in 1..=1000 {
        quotes.push_str(&">".repeat(depth));
        quotes.push_str(&format!(" level{depth}\n\n"));
    }
    case.write("quotes.md", &quotes);
    let mut mixed = String::from("# Ada Lovelace\n\n## Experience\n\n");
    mixed.push_str(&"> - ".repeat(500));
    mixed.push_str("bottom\n");
    mixed.push_str(&"*_".repeat(1000));
    mixed.push_str("emphasis");
    mixed.push_str(&"_*".repeat(1000));
    mixed.push('\n');
    mixed.push_str(&"[".repeat(10_000));
    mixed.push_str(&"]".repeat(10_000));
    mixed.push('\n');
    case.write("mixed.md", &mixed);
    let (run, _) = run_within(
        &case,
        &["render", "quotes.md", "mixed.md", "good.md"],
        Duration::from_secs(60),
    );
    assert_clean_outcome(&run, "quotes.md");
    assert_clean_outcome(&run, "mixed.md");
    assert_good_rendered(&case, &run);
    assert_no_temp_files(case.dir());
}

#[test]
fn quotes_nested_sixteen_deep_render() {
    let case = Case::new();
    let mut quotes = String::from("# Ada Lovelace\n\n## Experience\n\n");
    for depth in 1..=16 {
        quotes.push_str(&">".repeat(depth));
        quotes.push_str(&format!(" level{depth}\n\n"));
    }
    case.write("quotes.md", &quotes);
    for layout in ["classic", "modern", "sidebar", "compact"] {
        case.cvpdf(["render", "quotes.md", "--layout", layout])
            .code(0);
        let text = pdf_text(&case.path("quotes.pdf"));
        assert!(
            text.contains("level16"),
            "{layout}: the deepest quote is printed"
        );
    }
}

/// A résumé with NUL, C0 and C1 controls in its fifth and sixth lines.
const CONTROLS: &str = "# Ada Lovelace\n\n## Experience\n\n\
                        - Nul\0here\n\
                        - Bell\x07and\x1bescape and \x7fdel and \u{85}next \x0cfeed\r\n";

#[test]
fn control_characters_are_stripped_and_the_pdf_ua_export_succeeds() {
    let case = Case::new();
    write_good(&case);
    case.write("controls.md", CONTROLS);
    // The default standards are PDF/A-2b and PDF/UA-1; a NUL would make the export fail.
    let run = case.cvpdf([
        "render",
        "controls.md",
        "good.md",
        "--pdf-standard",
        "a-2b,ua-1",
    ]);
    run.code(0)
        .stderr_has("rendered controls.md -> controls.pdf (1 page)")
        .stderr_has("2 rendered, 0 failed");
    assert_good_rendered(&case, &run);
    let text = pdf_text(&case.path("controls.pdf"));
    assert!(text.contains("Nulhere"), "NUL removed:\n{text}");
    assert!(
        text.contains("Bellandescape and del and next feed"),
        "controls removed:\n{text}"
    );
    assert!(
        !text
            .chars()
            .any(|c| c.is_control() && !matches!(c, '\n' | '\x0c')),
        "no control character reaches the PDF:\n{text:?}"
    );
    // `cvpdf repair` reports each removal at file:line:column.
    case.cvpdf(["repair", "controls.md"])
        .code(0)
        .stderr_has("warning: controls.md:5:6: removed a NUL character")
        .stderr_has("warning: controls.md:6:7: removed control character U+0007")
        .stderr_has("warning: controls.md:6:10: removed control character U+001B")
        .stderr_has("warning: controls.md:6:21: removed control character U+007F")
        .stderr_has("warning: controls.md:6:29: removed control character U+0085")
        .stderr_has("warning: controls.md:6:34: removed control character U+000C");
    assert_no_temp_files(case.dir());
}

#[test]
fn control_characters_are_reported_by_render_with_file_and_line() {
    let case = Case::new();
    case.write("controls.md", CONTROLS);
    case.cvpdf(["render", "controls.md"])
        .code(0)
        .stderr_has("warning: controls.md:5:6: removed a NUL character")
        .stderr_has("warning: controls.md:6:7: removed control character U+0007");
    case.write("bidi.md", BIDI);
    case.cvpdf(["render", "bidi.md"])
        .code(0)
        .stderr_has("warning: bidi.md:5:15: removed bidirectional control character U+202E");
}

/// A résumé with bidirectional overrides and isolates (removed) and a direction mark (kept).
const BIDI: &str = "# Ada Lovelace\n\n## Experience\n\n\
                    - Sent invoice\u{202E}fdp.exe\u{202C} to them\n\
                    - Isolate \u{2066}abc\u{2069} embed \u{202A}\u{202B}x\u{202C}\u{202D}y and \
                    \u{200F}mark\n";

#[test]
fn bidi_controls_are_stripped_and_direction_marks_kept() {
    let case = Case::new();
    write_good(&case);
    case.write("bidi.md", BIDI);
    let run = case.cvpdf(["render", "bidi.md", "good.md"]);
    run.code(0)
        .stderr_has("rendered bidi.md -> bidi.pdf (1 page)")
        .stderr_has("2 rendered, 0 failed");
    assert_good_rendered(&case, &run);
    let text = pdf_text(&case.path("bidi.pdf"));
    // Stored order is printed order: the override no longer turns "fdp.exe" into "exe.pdf".
    assert!(
        text.contains("invoicefdp.exe to them"),
        "override removed:\n{text}"
    );
    assert!(
        text.contains("Isolate abc embed xy"),
        "isolates removed:\n{text}"
    );
    for c in [
        '\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}', '\u{2066}', '\u{2069}',
    ] {
        assert!(!text.contains(c), "U+{:04X} reaches the PDF", u32::from(c));
    }
    case.cvpdf(["repair", "bidi.md"])
        .code(0)
        .stderr_has("warning: bidi.md:5:15: removed bidirectional control character U+202E")
        .stderr_has("warning: bidi.md:5:22: removed bidirectional control character U+202C")
        .stderr_has("warning: bidi.md:6:11: removed bidirectional control character U+2066")
        .stderr_has("warning: bidi.md:6:14: removed bidirectional control character U+2069")
        .stderr_has(
            "warning: bidi.md:6:21: removed 2 bidirectional control characters (U+202A, U+202B)",
        )
        .stderr_has(
            "warning: bidi.md:6:22: removed 2 bidirectional control characters (U+202C, U+202D)",
        );
    let repaired = case.cvpdf(["repair", "bidi.md"]);
    let repaired = String::from_utf8(repaired.output.stdout.clone()).expect("UTF-8");
    assert!(repaired.contains("\u{200F}mark"), "U+200F stays");
    assert_no_temp_files(case.dir());
}

#[test]
fn a_missing_output_directory_stops_the_batch_before_any_work() {
    let case = Case::new();
    write_good(&case);
    case.cvpdf(["render", "good.md", "-o", "nowhere"])
        .code(1)
        .stderr_has("error: output directory nowhere does not exist")
        .stderr_has("hint: create it first (mkdir -p nowhere)");
    assert!(
        !case.path("nowhere").exists(),
        "the directory is not created"
    );
    assert_eq!(pdfs_in(case.dir()), Vec::<String>::new());
    case.write("afile", "x");
    case.cvpdf(["render", "good.md", "-o", "afile"])
        .code(1)
        .stderr_has("error: output directory afile is a file, not a directory");
    assert_eq!(pdfs_in(case.dir()), Vec::<String>::new());
    assert_no_temp_files(case.dir());
}

#[cfg(unix)]
#[test]
fn a_read_only_output_directory_fails_each_file_cleanly() {
    use std::os::unix::fs::PermissionsExt;
    let case = Case::new();
    if !permissions_bind(&case) {
        eprintln!("skipped: this process writes into read-only directories (root)");
        return;
    }
    write_good(&case);
    let out = case.path("out");
    std::fs::create_dir(&out).expect("a directory can be created");
    std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o555))
        .expect("the mode can be set");
    let run = case.cvpdf(["render", "good.md", "-o", "out"]);
    std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o755))
        .expect("the mode can be restored");
    run.code(1)
        .stderr_has("error: good.md: failed to write out/good.pdf (permission denied)");
    assert_eq!(pdfs_in(&out), Vec::<String>::new());
    assert_no_temp_files(case.dir());
}

#[test]
fn an_output_that_cannot_be_written_leaves_no_temporary_file() {
    // A directory where the PDF should go: the rename fails for root too.
    let case = Case::new();
    write_good(&case);
    case.write("other.md", GOOD);
    std::fs::create_dir(case.path("good.pdf")).expect("a directory can be created");
    let run = case.cvpdf(["render", "good.md", "other.md"]);
    run.code(1)
        .stderr_has("error: good.md: failed to write good.pdf (")
        .stderr_has("rendered other.md -> other.pdf (1 page)")
        .stderr_has("1 rendered, 1 failed");
    assert!(case.path("good.pdf").is_dir(), "the directory is untouched");
    assert_eq!(
        std::fs::read_dir(case.path("good.pdf"))
            .expect("listable")
            .count(),
        0
    );
    assert_no_temp_files(case.dir());
}

#[test]
fn a_single_file_whose_output_cannot_be_written_fails_with_the_reason() {
    // A batch of one writes its PDF on its worker, not on the writing thread: the same failure.
    let case = Case::new();
    write_good(&case);
    std::fs::create_dir(case.path("good.pdf")).expect("a directory can be created");
    case.cvpdf(["render", "good.md"])
        .code(1)
        .stderr_has("error: good.md: failed to write good.pdf (is a directory)");
    assert!(case.path("good.pdf").is_dir(), "the directory is untouched");
    assert_no_temp_files(case.dir());
}

#[test]
fn an_input_is_never_overwritten() {
    let case = Case::new();
    write_good(&case);
    // A résumé saved with a .pdf name: its output would be itself.
    case.write("cv.pdf", GOOD);
    case.cvpdf(["render", "cv.pdf", "good.md"])
        .code(1)
        .stderr_has("error: cv.pdf: refusing to overwrite the input cv.pdf")
        .stderr_has("hint: rename the input, or write elsewhere with --out-dir");
    assert_eq!(std::fs::read_to_string(case.path("cv.pdf")).unwrap(), GOOD);
    assert!(case.path("good.pdf").exists());
    // The same through --out-dir naming the input's own directory.
    case.cvpdf(["render", "./cv.pdf", "-o", "."])
        .code(1)
        .stderr_has("refusing to overwrite the input ./cv.pdf");
    assert_eq!(std::fs::read_to_string(case.path("cv.pdf")).unwrap(), GOOD);
    // The output path is a symbolic link to the input.
    #[cfg(unix)]
    {
        std::fs::create_dir(case.path("sub")).expect("a directory can be created");
        case.write("sub/linked.md", GOOD);
        std::os::unix::fs::symlink("linked.md", case.path("sub/linked.pdf"))
            .expect("a symlink can be created");
        case.cvpdf(["render", "sub/linked.md"])
            .code(1)
            .stderr_has("error: sub/linked.md: refusing to overwrite the input sub/linked.md");
        assert_eq!(
            std::fs::read_to_string(case.path("sub/linked.md")).unwrap(),
            GOOD
        );
    }
    // Two inputs of the same name into one directory: the second does not replace the first.
    std::fs::create_dir(case.path("a")).expect("a directory can be created");
    std::fs::create_dir(case.path("b")).expect("a directory can be created");
    std::fs::create_dir(case.path("out")).expect("a directory can be created");
    case.write("a/cv.md", "# Alpha Person\n");
    case.write("b/cv.md", "# Beta Person\n");
    case.cvpdf(["render", "a/cv.md", "b/cv.md", "-o", "out"])
        .code(1)
        .stderr_has("error: b/cv.md: would overwrite out/cv.pdf, written for an earlier input");
    assert!(pdf_text(&case.path("out/cv.pdf")).contains("Alpha Person"));
    assert_no_temp_files(case.dir());
}

#[test]
fn an_existing_pdf_is_unchanged_when_its_new_render_fails() {
    let case = Case::new();
    write_good(&case);
    let placeholder: &[u8] = b"%PDF-1.7\nnot really a PDF, but the user's file\n%%EOF\n";
    let mut binary = b"PK\x03\x04\x14\0\0\0".to_vec();
    binary.extend(0u8..=255);
    let broken: [(&str, &[u8]); 3] = [
        ("noname", b"no heading at all\n"),
        ("blank", b"   \n"),
        ("binary", &binary),
    ];
    for (stem, contents) in broken {
        case.write(&format!("{stem}.pdf"), placeholder);
        case.write(&format!("{stem}.md"), contents);
    }
    let run = case.cvpdf(["render", "noname.md", "blank.md", "binary.md", "good.md"]);
    run.code(1).stderr_has("1 rendered, 3 failed");
    assert_good_rendered(&case, &run);
    for (stem, _) in broken {
        assert_eq!(
            std::fs::read(case.path(&format!("{stem}.pdf"))).unwrap(),
            placeholder,
            "{stem}.pdf is byte-identical"
        );
    }
    assert_no_temp_files(case.dir());
}

/// The hostile strings of `tests/samples/injection.md` that Markdown leaves alone, each of which
/// must print literally.
const SAMPLE_HOSTILE: &[&str] = &[
    "Alex \"#set page(width: 1cm)\" Doe",
    "$x^2$",
    "<label>",
    "@ref",
    "#link(\"https://evil.example\")",
    "#read(\"/etc/passwd\")",
    "#import \"@preview/evil:0.1.0\"",
    "#eval(\"1 + 1\")",
    "#panic(\"boom\")",
    "Backslashes \\ and \\ and //",
    "Square brackets ] [ and braces } { and a lone #",
    "Red Team Lead ] #pagebreak() [",
    "Acme <script>alert(1)</script> Corp",
    "#text(size: 100pt)[BIG]",
    "$ 1 + 1 = 3 $",
    "labels <intro> and references @intro",
];

#[test]
fn the_injection_sample_prints_literally_and_reads_nothing() {
    let case = Case::new();
    case.copy("tests/samples/injection.md");
    case.cvpdf(["render", "injection.md"])
        .code(0)
        .stderr_has("rendered injection.md -> injection.pdf (1 page)");
    let pdf = case.path("injection.pdf");
    let text = pdf_text(&pdf);
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for hostile in SAMPLE_HOSTILE {
        assert!(
            flat.contains(hostile),
            "{hostile:?} is not printed:\n{text}"
        );
    }
    assert!(!text.contains("root:"), "/etc/passwd leaked:\n{text}");
    // `#set page(width: 1cm)` did not run: the page is A4; `#pagebreak()` did not run: one page.
    let sizes = page_sizes(&pdf);
    assert_eq!(sizes.len(), 1);
    assert!(
        (sizes[0].0 - 595.28).abs() < 0.5 && (sizes[0].1 - 841.89).abs() < 0.5,
        "the page is A4: {sizes:?}"
    );
    assert_eq!(
        link_uris(&pdf),
        [
            "mailto:alex+cv@example.com",
            "tel:+15550100",
            "https://example.com/alex",
            "https://example.com/ok"
        ]
    );
}

/// A résumé with hostile text in every field.
const HOSTILE: &str = r##"# Eve #set text(size: 1pt) $Evil$ <name> @name

*Hacker #show: none [headline] $a$ #read("/etc/passwd")*

✉️ eve@example.com · 🔗 [js #link("x")[y]](javascript:alert(1)) · 🌐 [local <file>](file:///etc/passwd) · [$home$ @home](https://example.com/#x) · 💾 [data](data:text/html;base64,PHNjcmlwdD4=) · [vb](vbscript:msgbox)

## Work #pagebreak() <sec> @sec

### Breaker ] #box[ — Evil $Corp$ <corp>
Berlin #place(top)[x] · 2019 – 2020

- Bullet #read("/etc/passwd") and #include "/etc/passwd" and `#eval("1")`
- Raw <b>html</b> & @cite and \#escaped and [click me](JavaScript:alert(2)) and [file](FILE:///etc/shadow)
- Plugin #plugin("/tmp/x.wasm") and #json("/etc/hosts") and #csv("/etc/group")

| Key #table( | Value $v$ |
|------------|-----------|
| #read("/etc/passwd") | <td>cell</td> ]) |

## Skills ]) #{ panic() }

- Languages: #sym.arrow, $sum$, <lang>
"##;

/// What each field of [`HOSTILE`] must print, literally.
const HOSTILE_PRINTED: &[&str] = &[
    "Eve #set text(size: 1pt) $Evil$ <name> @name",
    "Hacker #show: none [headline] $a$ #read(\"/etc/passwd\")",
    "eve@example.com",
    "js #link(\"x\")[y]",
    "local <file>",
    "$home$ @home",
    "data",
    "vb",
    "Work #pagebreak() <sec> @sec",
    "Breaker ] #box[",
    "Evil $Corp$ <corp>",
    "Berlin #place(top)[x]",
    "Bullet #read(\"/etc/passwd\") and #include \"/etc/passwd\" and #eval(\"1\")",
    "Raw <b>html</b> & @cite and #escaped and click me and file",
    "Plugin #plugin(\"/tmp/x.wasm\") and #json(\"/etc/hosts\") and #csv(\"/etc/group\")",
    "Key #table(",
    "Value $v$",
    "<td>cell</td> ])",
    "Skills ]) #{ panic() }",
    "#sym.arrow, $sum$, <lang>",
];

#[test]
fn hostile_text_in_every_field_prints_literally_and_links_stay_safe() {
    let case = Case::new();
    write_good(&case);
    case.write("hostile.md", HOSTILE);
    let run = case.cvpdf(["render", "hostile.md", "good.md"]);
    run.code(0)
        .stderr_has("rendered hostile.md -> hostile.pdf (1 page)")
        .stderr_has("warning: hostile.md:5:")
        .stderr_has("link target 'javascript:alert(1)' is not allowed")
        .stderr_has("link target 'file:///etc/passwd' is not allowed")
        .stderr_has("link target 'data:text/html;base64,PHNjcmlwdD4=' is not allowed")
        .stderr_has("link target 'vbscript:msgbox' is not allowed")
        .stderr_has("link target 'JavaScript:alert(2)' is not allowed")
        .stderr_has("link target 'FILE:///etc/shadow' is not allowed");
    assert_good_rendered(&case, &run);
    let pdf = case.path("hostile.pdf");
    let text = pdf_text(&pdf);
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for printed in HOSTILE_PRINTED {
        assert!(
            flat.contains(printed),
            "{printed:?} is not printed:\n{text}"
        );
    }
    for leaked in ["root:", "localhost"] {
        assert!(
            !text.contains(leaked),
            "a file leaked ({leaked:?}):\n{text}"
        );
    }
    let sizes = page_sizes(&pdf);
    assert_eq!(sizes.len(), 1, "#pagebreak() did not run");
    assert!(
        (sizes[0].0 - 595.28).abs() < 0.5,
        "the page is A4: {sizes:?}"
    );
    let uris = link_uris(&pdf);
    for uri in &uris {
        let scheme = uri.split_once(':').map(|(s, _)| s.to_ascii_lowercase());
        assert!(
            matches!(scheme.as_deref(), Some("https" | "http" | "mailto" | "tel")),
            "unsafe link {uri:?} in {uris:?}"
        );
    }
    assert!(
        uris.contains(&"https://example.com/#x".to_owned()),
        "the safe link stays clickable: {uris:?}"
    );
}

/// A bullet with a 200-character URL and one with a 200-character token with no break
/// opportunity at all.
fn long_tokens() -> (String, String, String) {
    let url = format!("https://example.com/{}", "a1b2c3d4e5".repeat(18));
    let token = "Z".repeat(200);
    let markdown = format!(
        "# Ada Lovelace\n\n## Experience\n\n- See {url} for details\n- Token {token} end\n"
    );
    (url, token, markdown)
}

#[test]
fn a_two_hundred_character_url_renders_and_comes_back_out() {
    let case = Case::new();
    let (url, _, markdown) = long_tokens();
    case.write("long.md", &markdown);
    case.cvpdf(["render", "long.md"])
        .code(0)
        .stderr_has("rendered long.md -> long.pdf (1 page)");
    let text = pdf_text(&case.path("long.pdf"));
    assert!(joined(&text).contains(&url), "the URL is printed:\n{text}");
}

/// Returns the right edge of the rightmost word `pdftotext -bbox` finds, and the page width.
fn rightmost_word(pdf: &Path) -> (f64, f64) {
    let output = std::process::Command::new("pdftotext")
        .arg("-bbox")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    let html = String::from_utf8_lossy(&output.stdout);
    let attribute = |line: &str, name: &str| -> Option<f64> {
        let start = line.find(&format!("{name}=\""))? + name.len() + 2;
        let end = start + line[start..].find('"')?;
        line[start..end].parse().ok()
    };
    let mut width: f64 = 0.0;
    let mut right: f64 = 0.0;
    for line in html.lines() {
        if line.contains("<page ") {
            width = attribute(line, "width").unwrap_or(width);
        }
        if line.contains("<word ") {
            right = right.max(attribute(line, "xMax").unwrap_or(0.0));
        }
    }
    (right, width)
}

#[test]
fn a_two_hundred_character_token_stays_within_the_page() {
    let case = Case::new();
    let (_, token, markdown) = long_tokens();
    case.write("long.md", &markdown);
    case.cvpdf(["render", "long.md"]).code(0);
    let pdf = case.path("long.pdf");
    let (right, width) = rightmost_word(&pdf);
    assert!(
        right <= width,
        "text reaches x={right} on a page {width} wide"
    );
    let text = pdf_text(&pdf);
    assert!(
        joined(&text).contains(&token),
        "the token is printed:\n{text}"
    );
}

#[test]
fn a_two_hundred_character_token_renders() {
    let case = Case::new();
    let (_, token, markdown) = long_tokens();
    case.write("long.md", &markdown);
    case.cvpdf(["render", "long.md"])
        .code(0)
        .stderr_has("rendered long.md -> long.pdf (1 page)");
    let text = pdf_text(&case.path("long.pdf"));
    assert!(
        joined(&text).contains(&token[..80]),
        "the token is printed:\n{text}"
    );
}

#[test]
fn a_forty_thousand_character_token_renders_or_fails_with_a_true_message() {
    let case = Case::new();
    case.write(
        "token.md",
        format!("# Ada Lovelace\n\n## Summary\n\n{}\n", "ab".repeat(20_000)),
    );
    let run = case.cvpdf(["render", "token.md"]);
    assert_clean_outcome(&run, "token.md");
    assert!(
        !run.stderr().contains("title and author"),
        "the message blames the title:\n{}",
        run.stderr()
    );
}

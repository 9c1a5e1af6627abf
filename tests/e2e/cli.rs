//! Exit codes and messages: every failure names the file and says what to do.

use crate::harness::Case;

#[test]
fn a_missing_file_fails_alone_and_the_others_still_render() {
    let case = Case::new();
    case.write(
        "good.md",
        "# Ada Lovelace\n\n## Experience\n\n- Wrote the first program\n",
    );
    case.cvpdf(["render", "missing.md", "good.md"])
        .code(1)
        .stderr_has("error: missing.md: cannot read missing.md (no such file or directory)")
        .stderr_has("hint: check the file name and path");
    assert!(
        case.path("good.pdf").exists(),
        "the good file still rendered"
    );
    assert!(!case.path("missing.pdf").exists());
}

#[test]
fn a_usage_error_exits_with_2() {
    let case = Case::new();
    case.cvpdf(["render"]).code(2);
    case.cvpdf(["render", "--paper", "a5", "x.md"]).code(2);
    case.cvpdf(["render", "--layout", "nonesuch", "x.md"])
        .code(2)
        .stderr_has("unknown layout 'nonesuch'");
}

#[test]
fn a_file_without_a_name_heading_says_what_to_do() {
    let case = Case::new();
    case.write("noname.md", "Just some text without any heading.\n");
    case.cvpdf(["render", "noname.md"])
        .code(1)
        .stderr_has("error: noname.md:")
        .stderr_has("# Your Name");
    assert!(!case.path("noname.pdf").exists());
}

#[cfg(unix)]
#[test]
fn the_pdf_is_as_readable_as_any_new_file() {
    use std::os::unix::fs::PermissionsExt;
    let case = Case::new();
    case.write("cv.md", "# Ada Lovelace\n");
    case.cvpdf(["render", "cv.md"]).code(0);
    let mode = std::fs::metadata(case.path("cv.pdf"))
        .expect("the PDF exists")
        .permissions()
        .mode();
    let source_mode = std::fs::metadata(case.path("cv.md"))
        .expect("the input exists")
        .permissions()
        .mode();
    assert_eq!(
        mode & 0o777,
        source_mode & 0o666,
        "the PDF's mode follows the umask like its input's"
    );
}

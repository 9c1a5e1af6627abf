//! The test harness: a temporary directory, the built binary, and checks on what it wrote.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository's root.
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Returns the path of a file in the repository.
pub fn repo_file(relative: &str) -> PathBuf {
    root().join(relative)
}

/// One test case: a temporary directory and commands of the built binary run in it.
pub struct Case {
    dir: tempfile::TempDir,
}

impl Case {
    /// Creates a case with an empty temporary directory.
    pub fn new() -> Self {
        Self {
            dir: tempfile::tempdir().expect("a temporary directory can be created"),
        }
    }

    /// Returns the case's directory.
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// Returns the path of `name` in the case's directory.
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Copies a repository file into the case's directory and returns its new path.
    pub fn copy(&self, relative: &str) -> PathBuf {
        let source = repo_file(relative);
        let target = self.path(
            source
                .file_name()
                .expect("a file name")
                .to_str()
                .expect("UTF-8"),
        );
        std::fs::copy(&source, &target).expect("the repository file can be copied");
        target
    }

    /// Writes a file into the case's directory and returns its path.
    pub fn write(&self, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let path = self.path(name);
        std::fs::write(&path, contents).expect("the case's file can be written");
        path
    }

    /// Runs `cvpdf` with `args` in the case's directory.
    pub fn cvpdf<I, S>(&self, args: I) -> Run
    where
        I: IntoIterator<Item = S>,
        S: AsRef<std::ffi::OsStr>,
    {
        let output = Command::new(env!("CARGO_BIN_EXE_cvpdf"))
            .args(args)
            .current_dir(self.dir())
            .env_remove("SOURCE_DATE_EPOCH")
            .env("NO_COLOR", "1")
            .output()
            .expect("cvpdf runs");
        Run { output }
    }
}

/// The result of one run of `cvpdf`, with chainable checks.
pub struct Run {
    /// What the process returned.
    pub output: Output,
}

impl Run {
    /// Returns stderr as text.
    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.output.stderr).into_owned()
    }

    /// Asserts the exit code.
    #[track_caller]
    pub fn code(&self, expected: i32) -> &Self {
        assert_eq!(
            self.output.status.code(),
            Some(expected),
            "exit code; stderr:\n{}",
            self.stderr()
        );
        self
    }

    /// Asserts that stderr contains `needle`.
    #[track_caller]
    pub fn stderr_has(&self, needle: &str) -> &Self {
        let stderr = self.stderr();
        assert!(
            stderr.contains(needle),
            "stderr lacks {needle:?}; stderr:\n{stderr}"
        );
        self
    }
}

/// Returns the value poppler's `pdfinfo` prints for `key` (`Title`, `Pages`), if it prints one.
pub fn pdfinfo(pdf: &Path, key: &str) -> Option<String> {
    let output = Command::new("pdfinfo")
        .arg(pdf)
        .output()
        .expect("pdfinfo (poppler-utils) is installed");
    let prefix = format!("{key}:");
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .find_map(|line| line.strip_prefix(&prefix))
        .map(|value| value.trim().to_owned())
}

/// Returns the text poppler's `pdftotext` extracts from `pdf`, in reading order.
#[track_caller]
pub fn pdf_text(pdf: &Path) -> String {
    let output = Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed; .ci/run installs it");
    assert!(
        output.status.success(),
        "pdftotext failed on {}",
        pdf.display()
    );
    String::from_utf8(output.stdout).expect("pdftotext writes UTF-8")
}

/// Returns the words of Markdown text: runs of letters, digits and marks, without link targets.
pub fn markdown_words(markdown: &str) -> Vec<String> {
    let without_images = drop_images(markdown);
    let mut text = String::with_capacity(markdown.len());
    let mut rest = without_images.as_str();
    // Drop link and image targets: `](…)`.
    while let Some(start) = rest.find("](") {
        text.push_str(&rest[..start]);
        match rest[start..].find(')') {
            Some(end) => rest = &rest[start + end + 1..],
            None => {
                rest = "";
            }
        }
    }
    text.push_str(rest);
    words(&text)
}

/// Removes images (`![alt](target)`): cvpdf leaves them out and says so.
fn drop_images(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    let mut rest = markdown;
    while let Some(start) = rest.find("![") {
        out.push_str(&rest[..start]);
        let after = &rest[start..];
        match after
            .find("](")
            .and_then(|mid| after[mid..].find(')').map(|end| mid + end + 1))
        {
            Some(end) => rest = &after[end..],
            None => {
                out.push_str(after);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// Returns the words of `text`: runs of alphanumeric characters and combining marks.
pub fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_alphanumeric() || is_mark(c)))
        .filter(|word| !word.is_empty())
        .map(str::to_owned)
        .collect()
}

fn is_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x064B..=0x065F | 0x0670 | 0x200C | 0x200D)
}

/// Asserts that every word of `expected` occurs in `actual`'s words.
#[track_caller]
pub fn assert_all_words(context: &str, expected: &[String], actual: &str) {
    let actual: std::collections::HashSet<String> = words(actual).into_iter().collect();
    let missing: Vec<&String> = expected
        .iter()
        .filter(|word| !actual.contains(*word))
        .collect();
    assert!(
        missing.is_empty(),
        "{context}: {} words missing: {missing:?}",
        missing.len()
    );
}

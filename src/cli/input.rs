//! Reading inputs and choosing outputs, with errors that say what to do.

use std::fs;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use cvpdf::parse::ParseError;
use cvpdf::render::RenderError;

/// The largest résumé cvpdf reads; anything larger is not a résumé.
pub const MAX_INPUT_BYTES: u64 = 2 * 1024 * 1024;

/// Why one file failed: a message and, where there is one, what to do about it.
#[derive(Debug)]
pub struct Failure {
    /// What failed and why, lowercase, no final period.
    pub message: String,
    /// What the user can do.
    pub hint: Option<String>,
}

impl Failure {
    /// Creates a failure without a hint.
    pub fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            hint: None,
        }
    }

    /// Adds a hint.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Describes a failed render.
    pub fn from_render(err: RenderError) -> Self {
        match err {
            RenderError::Parse(err) => Self::from_parse(&err),
            RenderError::JsonResume(err) => Self::new(err.to_string())
                .hint("fix the JSON Resume file, or check it with `cvpdf parse FILE`"),
            RenderError::Repair(err) => Self::new(err.to_string())
                .hint("cvpdf reads Markdown text files; export the résumé as .md or .txt"),
            err @ RenderError::MissingGlyphs(_) => Self::new(err.to_string()).hint(
                "install a font that covers it, or pass --font-path DIR; \
                 --allow-missing-glyphs renders it as a box",
            ),
            err @ RenderError::TimedOut(_) => {
                Self::new(err.to_string()).hint("check the layout for a loop, or raise --timeout")
            }
            err @ RenderError::Internal(_) => Self::new(err.to_string())
                .hint("this is a bug in cvpdf: please report it with this file"),
            other => Self::new(other.to_string()),
        }
    }

    /// Describes a parse error.
    pub fn from_parse(err: &ParseError) -> Self {
        let hint = match err {
            ParseError::Empty => Some("write the résumé in Markdown, starting with '# Your Name'"),
            ParseError::NoName { .. } => {
                Some("start the file with the name as a heading: '# Your Name'")
            }
            _ => None,
        };
        let failure = Self::new(err.to_string());
        match hint {
            Some(hint) => failure.hint(hint),
            None => failure,
        }
    }
}

/// Returns a short reason for an I/O error (`no such file`, `permission denied`).
pub fn io_reason(err: &io::Error) -> String {
    match err.kind() {
        io::ErrorKind::NotFound => "no such file or directory".to_owned(),
        io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        io::ErrorKind::IsADirectory => "is a directory".to_owned(),
        io::ErrorKind::ReadOnlyFilesystem => "read-only file system".to_owned(),
        io::ErrorKind::StorageFull => "no space left on device".to_owned(),
        _ => {
            let text = err.to_string();
            text.split(" (os error")
                .next()
                .unwrap_or(&text)
                .to_lowercase()
        }
    }
}

/// Reads a résumé from disk, refusing directories and files over [`MAX_INPUT_BYTES`].
pub fn read_resume(path: &Path) -> Result<Vec<u8>, Failure> {
    let meta = fs::metadata(path).map_err(|err| {
        let failure = Failure::new(format!(
            "cannot read {} ({})",
            path.display(),
            io_reason(&err)
        ));
        match err.kind() {
            io::ErrorKind::NotFound => failure.hint("check the file name and path"),
            io::ErrorKind::PermissionDenied => failure.hint("make the file readable (chmod +r)"),
            _ => failure,
        }
    })?;
    if meta.is_dir() {
        return Err(
            Failure::new(format!("{} is a directory, not a résumé", path.display())).hint(format!(
                "pass the files inside it, e.g. {}/*.md",
                path.display()
            )),
        );
    }
    let file = fs::File::open(path).map_err(|err| {
        Failure::new(format!(
            "cannot read {} ({})",
            path.display(),
            io_reason(&err)
        ))
        .hint("make the file readable (chmod +r)")
    })?;
    read_limited(file, path)
}

/// Reads a résumé from disk, or from standard input when `path` is `-`.
pub fn read_resume_or_stdin(path: &Path) -> Result<Vec<u8>, Failure> {
    if path == Path::new("-") {
        read_limited(io::stdin().lock(), path)
    } else {
        read_resume(path)
    }
}

fn read_limited(reader: impl Read, path: &Path) -> Result<Vec<u8>, Failure> {
    let mut bytes = Vec::new();
    reader
        .take(MAX_INPUT_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|err| {
            Failure::new(format!(
                "cannot read {} ({})",
                path.display(),
                io_reason(&err)
            ))
        })?;
    if bytes.len() as u64 > MAX_INPUT_BYTES {
        return Err(Failure::new(format!(
            "{} is larger than {} MB, the most a résumé may be",
            path.display(),
            MAX_INPUT_BYTES >> 20
        ))
        .hint("check that this is the résumé's Markdown file, not an export or an archive"));
    }
    Ok(bytes)
}

/// Returns where the output for `input` goes: `<stem>.<ext>` in `out_dir`, or beside the input.
///
/// Refuses an output that would overwrite the input itself.
pub fn output_path(input: &Path, out_dir: Option<&Path>, ext: &str) -> Result<PathBuf, Failure> {
    let Some(stem) = input.file_stem().filter(|stem| !stem.is_empty()) else {
        return Err(Failure::new(format!(
            "{} has no file name to name its PDF after",
            input.display()
        )));
    };
    let mut name = stem.to_os_string();
    name.push(".");
    name.push(ext);
    let output = match out_dir {
        Some(dir) => dir.join(&name),
        None => input.with_file_name(&name),
    };
    if is_same_file(input, &output) {
        return Err(Failure::new(format!(
            "refusing to overwrite the input {}",
            input.display()
        ))
        .hint("rename the input, or write elsewhere with --out-dir"));
    }
    Ok(output)
}

fn is_same_file(a: &Path, b: &Path) -> bool {
    match (fs::canonicalize(a), fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

/// Checks that the output directory exists and is a directory.
pub fn check_out_dir(dir: &Path) -> Result<(), String> {
    match fs::metadata(dir) {
        Ok(meta) if meta.is_dir() => Ok(()),
        Ok(_) => Err(format!(
            "output directory {} is a file, not a directory",
            dir.display()
        )),
        Err(err) if err.kind() == io::ErrorKind::NotFound => Err(format!(
            "output directory {} does not exist\nhint: create it first (mkdir -p {})",
            dir.display(),
            dir.display()
        )),
        Err(err) => Err(format!(
            "cannot use output directory {} ({})",
            dir.display(),
            io_reason(&err)
        )),
    }
}

//! The command line, declared with clap: every `///` here is help text.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum, ValueHint};

/// Turns Markdown résumés into print-ready, archival PDFs that applicant-tracking systems read
/// back correctly.
#[derive(Debug, Parser)]
#[command(
    name = "cvpdf",
    version,
    after_help = "\
Examples:
  cvpdf render cv.md                    writes cv.pdf next to cv.md
  cvpdf render seeds/*.txt -o out/      one PDF per résumé, into out/
  cvpdf repair broken.txt > fixed.md    repairs a file's encoding
  cvpdf parse cv.md                     shows what cvpdf understood, as JSON

Exit codes: 0 success (warnings included), 1 a file failed, 2 usage error."
)]
pub struct Cli {
    /// When to colour messages (NO_COLOR turns `auto` off).
    #[arg(long, global = true, value_enum, default_value_t = ColorArg::Auto)]
    pub color: ColorArg,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Colour choices.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorArg {
    /// Colour when stderr is a terminal and NO_COLOR is not set.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

/// The subcommands, one per pipeline stage that can be tapped.
///
/// Each subcommand's arguments are built only when it runs (or for help, completions and the
/// manual page): building all of them cost every render about 0.2 ms. The argument structs carry
/// plain comments, not doc comments: clap makes a struct's doc comment the description of its
/// subcommand, and a deferred subcommand's arguments are built after the variant's description,
/// so theirs would replace it.
#[derive(Debug, Subcommand)]
#[command(defer = true)]
pub enum Command {
    /// Renders résumés to PDF, one PDF per input file.
    #[command(after_help = "\
Examples:
  cvpdf render cv.md
  cvpdf render cv.md --paper us-letter --accent '#7a1f1f'
  cvpdf render cv.md --layout sidebar --max-pages 1
  cvpdf render *.md -o pdfs/ --png")]
    Render(Box<RenderArgs>),
    /// Renders résumés, then renders each again every time it is saved (Ctrl-C stops).
    ///
    /// Takes the same options as `render`. A broken save prints its error and keeps the last
    /// good PDF; the next save is tried again.
    #[command(after_help = "\
Examples:
  cvpdf watch cv.md
  cvpdf watch cv.md --layout modern --png")]
    Watch(Box<RenderArgs>),
    /// Repairs a file's text (encoding, mojibake, lost bytes) and prints it on stdout.
    ///
    /// The report of what changed goes to stderr.
    #[command(after_help = "\
Examples:
  cvpdf repair cv.txt > cv.md
  cvpdf repair --in-place cv.txt        keeps the original as cv.txt.bak
  cat cv.txt | cvpdf repair -")]
    Repair(RepairArgs),
    /// Prints the profile cvpdf reads from a résumé, as JSON (what the layouts receive).
    #[command(after_help = "\
Examples:
  cvpdf parse cv.md
  cvpdf parse cv.md --format json-resume > resume.json
  cvpdf render resume.json              renders a JSON Resume file")]
    Parse(ParseArgs),
    /// Writes a starter résumé in the Markdown style cvpdf reads best.
    #[command(after_help = "\
Examples:
  cvpdf init \"Ada Lovelace\"             writes resume.md
  cvpdf init -o cv.md && cvpdf render cv.md")]
    Init(InitArgs),
    /// Prints a shell completion script (bash, zsh, fish, powershell, elvish).
    #[command(after_help = "\
Examples:
  cvpdf completions bash > ~/.local/share/bash-completion/completions/cvpdf
  cvpdf completions zsh > ~/.zfunc/_cvpdf")]
    Completions(CompletionsArgs),
    /// Compares page images in two directories (from `render --png`) as the layout tests do.
    ///
    /// A page differs when more than 20 pixels move by more than 16 in a channel; each changed
    /// page gets a diff image (changes in red). Exit code 1 when any page changed.
    #[command(after_help = "\
Examples:
  cvpdf render cv.md --png -o before/
  (edit your layout)
  cvpdf render cv.md --png -o after/ --layout mine.typ
  cvpdf diff before/ after/")]
    Diff(DiffArgs),
    /// Prints the manual page (roff) on stdout.
    #[command(after_help = "Example:\n  cvpdf man > cvpdf.1 && man ./cvpdf.1")]
    Man,
    /// Lists the built-in layouts.
    Layouts,
    /// Lists the bundled fonts, or with `--check FILE` shows which font draws each character.
    #[command(after_help = "\
Examples:
  cvpdf fonts
  cvpdf fonts --check cv.md
  cvpdf fonts --check cv.md --font-path ~/fonts")]
    Fonts(FontsArgs),
    /// Measures repair, parse, warm and cold renders and a generated batch (build with
    /// `--release` first: `cargo run --release -- bench`).
    Bench(BenchArgs),
}

// Arguments of `cvpdf bench`.
#[derive(Debug, Args)]
pub struct BenchArgs {
    /// Runs per figure (at least 3); the side-by-side with `typst compile` takes three pairs of
    /// runs for each.
    #[arg(long, default_value_t = 10)]
    pub runs: usize,
    /// Résumés in the generated batch.
    #[arg(long, default_value_t = 1000)]
    pub batch: usize,
    /// The `typst` binary for the side-by-side (default: `typst` on PATH).
    #[arg(long, value_hint = ValueHint::FilePath)]
    pub typst: Option<PathBuf>,
}

// Arguments of `cvpdf render`.
#[derive(Debug, Args)]
pub struct RenderArgs {
    /// The résumés to render (Markdown, in any encoding).
    #[arg(required = true, value_hint = ValueHint::FilePath)]
    pub files: Vec<PathBuf>,
    /// Writes the PDFs into this directory instead of next to each input.
    #[arg(short = 'o', long, value_hint = ValueHint::DirPath)]
    pub out_dir: Option<PathBuf>,
    /// Also writes each page as `<stem>-<page>.png` next to the PDF.
    #[arg(long)]
    pub png: bool,
    /// Also writes each résumé as a standalone Typst project into DIR/<stem>/ (main.typ, the
    /// layout files, profile.json, settings.json, fonts), which `typst compile` turns into the
    /// same PDF.
    #[arg(long, value_name = "DIR", value_hint = ValueHint::DirPath)]
    pub emit_typst: Option<PathBuf>,
    /// The resolution of `--png` images, in dots per inch.
    #[arg(long, default_value_t = 144.0, value_parser = parse_dpi)]
    pub png_dpi: f64,
    /// The PDF standards to conform to, comma-separated, or `none`.
    #[arg(long, value_delimiter = ',', default_value = "a-2b,ua-1")]
    pub pdf_standard: Vec<PdfStandardArg>,
    /// The document date, as `YYYY-MM-DD` or seconds since 1970 (default: SOURCE_DATE_EPOCH,
    /// or 1980-01-01 so the same input gives the same PDF).
    #[arg(long, env = "SOURCE_DATE_EPOCH", value_parser = parse_date)]
    pub date: Option<i64>,
    /// Writes non-breaking hyphens as `-` and no-break spaces as spaces (and drops soft hyphens),
    /// so applicant-tracking systems that match plain ASCII find every word.
    #[arg(long)]
    pub ats_text: bool,
    /// Gives up on a file whose rendering takes longer than this many seconds (a layout that
    /// loops); the other files still render.
    #[arg(long, value_name = "SECONDS", default_value_t = 60, value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub timeout: u64,
    /// Fits the résumé into at most N pages by tightening spacing, then margins, then type size
    /// (each down to a floor); warns with the page count when even that is not enough.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=50))]
    pub max_pages: Option<u16>,
    #[command(flatten)]
    pub layout: LayoutArgs,
    #[command(flatten)]
    pub fonts: FontArgs,
    #[command(flatten)]
    pub repair: RepairFlags,
    #[command(flatten)]
    pub output: OutputArgs,
    /// Also prints one JSON record per file on stdout (input, output, pages, warnings, repairs,
    /// fit, system fonts, time), for scripts and CI.
    #[arg(long, value_enum, default_value_t = ReportFormat::Human)]
    pub report: ReportFormat,
}

/// What `render` prints on stdout.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// Nothing: messages go to stderr only.
    Human,
    /// One JSON object per file, one per line (JSON Lines).
    Json,
}

// Where glyphs may come from.
#[derive(Debug, Args)]
pub struct FontArgs {
    /// Adds the fonts in this directory (repeatable); `--font` can then name their families.
    #[arg(long, value_name = "DIR", value_hint = ValueHint::DirPath)]
    pub font_path: Vec<PathBuf>,
    /// When installed fonts may be used: never, only for characters the bundled fonts lack, or
    /// also by name with `--font`.
    #[arg(long, value_enum, default_value_t = SystemFontsArg::Fallback)]
    pub system_fonts: SystemFontsArg,
    /// Renders even when no font has a glyph for some characters (they print as boxes; the PDF
    /// then claims no PDF/A or PDF/UA conformance).
    #[arg(long)]
    pub allow_missing_glyphs: bool,
}

// Arguments of `cvpdf fonts`.
#[derive(Debug, Args)]
pub struct FontsArgs {
    /// Shows, for this résumé, which font draws each character and what no font has.
    #[arg(long, value_name = "FILE", value_hint = ValueHint::FilePath)]
    pub check: Option<PathBuf>,
    /// The layout to check with.
    #[arg(long, default_value = "classic")]
    pub layout: String,
    #[command(flatten)]
    pub fonts: FontArgs,
}

/// System font use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SystemFontsArg {
    /// Only the bundled fonts and `--font-path`.
    Never,
    /// Installed fonts for characters the others lack.
    Fallback,
    /// Installed fonts also by name (`--font`).
    Always,
}
// Options every layout honours.
#[derive(Debug, Args)]
pub struct LayoutArgs {
    /// The layout: a built-in name (see `cvpdf layouts`) or the path of a `.typ` file.
    #[arg(long, default_value = "classic")]
    pub layout: String,
    /// The paper size.
    #[arg(long, value_enum, default_value_t = PaperArg::A4)]
    pub paper: PaperArg,
    /// The accent colour, as `#rrggbb`.
    #[arg(long, value_parser = parse_colour)]
    pub accent: Option<String>,
    /// The text font family: a bundled one (see `cvpdf fonts`), one from `--font-path`, or an
    /// installed one with `--system-fonts always`.
    #[arg(long)]
    pub font: Option<String>,
    /// What to do with the author's icons: keep them in colour, draw them in ink, or leave them out.
    #[arg(long, value_enum, default_value_t = IconsArg::Keep)]
    pub icons: IconsArg,
    /// The text's language (ISO 639-1, e.g. `de`), for the PDF and its accessibility (default:
    /// detected from the text).
    #[arg(long, value_parser = parse_lang)]
    pub lang: Option<String>,
    /// The PDF's title (default: `<name> — Résumé`).
    #[arg(long)]
    pub title: Option<String>,
}

// The repair switch shared by commands that read résumés.
#[derive(Debug, Args)]
pub struct RepairFlags {
    /// Decodes the bytes but does not repair mojibake or lost bytes.
    #[arg(long)]
    pub no_repair: bool,
}

// How much cvpdf says.
#[derive(Debug, Args)]
pub struct OutputArgs {
    /// Prints only errors.
    #[arg(short, long, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Prints notes too (every repair, every layout warning).
    #[arg(short, long)]
    pub verbose: bool,
}

// Arguments of `cvpdf repair`.
#[derive(Debug, Args)]
pub struct RepairArgs {
    /// The file to repair, or `-` for standard input.
    #[arg(value_hint = ValueHint::FilePath)]
    pub file: PathBuf,
    /// Rewrites the file in place (atomically), keeping the original as `<file>.bak`.
    #[arg(long)]
    pub in_place: bool,
    #[command(flatten)]
    pub repair: RepairFlags,
}

// Arguments of `cvpdf parse`.
#[derive(Debug, Args)]
pub struct ParseArgs {
    /// The résumé to read (Markdown or JSON Resume), or `-` for standard input.
    #[arg(value_hint = ValueHint::FilePath)]
    pub file: PathBuf,
    /// The JSON to print: cvpdf's profile (what layouts read) or a JSON Resume document.
    #[arg(long, value_enum, default_value_t = ParseFormat::Profile)]
    pub format: ParseFormat,
    #[command(flatten)]
    pub repair: RepairFlags,
}

/// What `cvpdf parse` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ParseFormat {
    /// cvpdf's profile, the JSON the layouts read (docs/profile.md).
    Profile,
    /// JSON Resume 1.0 (jsonresume.org); cvpdf's extras go under `meta.cvpdf`.
    JsonResume,
}

// Arguments of `cvpdf init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// Your name, for the first heading (default: "Your Name").
    pub name: Option<String>,
    /// The file to write (default: `resume.md`); an existing file is never overwritten.
    #[arg(short, long, default_value = "resume.md", value_hint = ValueHint::FilePath)]
    pub output: PathBuf,
}

// Arguments of `cvpdf diff`.
#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The directory with the reference pages.
    #[arg(value_hint = ValueHint::DirPath)]
    pub old: PathBuf,
    /// The directory with the new pages.
    #[arg(value_hint = ValueHint::DirPath)]
    pub new: PathBuf,
    /// Where to write diff images (default: NEW/diff).
    #[arg(long, value_hint = ValueHint::DirPath)]
    pub out: Option<PathBuf>,
}

// Arguments of `cvpdf completions`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// Paper sizes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PaperArg {
    /// ISO A4.
    A4,
    /// US Letter.
    UsLetter,
}

/// Icon handling.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum IconsArg {
    /// Keep the author's icons in colour.
    Keep,
    /// Draw icons and emoji as monochrome outlines, for print.
    Mono,
    /// Leave icons out.
    None,
}

/// PDF standards.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PdfStandardArg {
    /// No standard: a plain tagged PDF.
    None,
    /// PDF/A-2b (archival).
    #[value(name = "a-2b")]
    A2b,
    /// PDF/A-3b (archival, allows attachments).
    #[value(name = "a-3b")]
    A3b,
    /// PDF/UA-1 (accessible).
    #[value(name = "ua-1")]
    Ua1,
}

fn parse_dpi(value: &str) -> Result<f64, String> {
    let dpi: f64 = value
        .parse()
        .map_err(|_| format!("'{value}' is not a number"))?;
    if (18.0..=1200.0).contains(&dpi) {
        Ok(dpi)
    } else {
        Err("the resolution must be between 18 and 1200 dpi".to_owned())
    }
}

fn parse_lang(value: &str) -> Result<String, String> {
    let lang = value.trim().to_ascii_lowercase();
    if (2..=3).contains(&lang.len()) && lang.chars().all(|c| c.is_ascii_lowercase()) {
        Ok(lang)
    } else {
        Err(format!(
            "'{value}' is not a language code like 'en' or 'de'"
        ))
    }
}

fn parse_colour(value: &str) -> Result<String, String> {
    let hex = value.strip_prefix('#').unwrap_or(value);
    if hex.len() == 6 && hex.chars().all(|c| c.is_ascii_hexdigit()) {
        Ok(format!("#{}", hex.to_ascii_lowercase()))
    } else {
        Err(format!("'{value}' is not a colour like '#1f4e79'"))
    }
}

/// Parses a date given as `YYYY-MM-DD` or as seconds since the Unix epoch.
fn parse_date(value: &str) -> Result<i64, String> {
    if let Ok(seconds) = value.trim().parse::<i64>() {
        return Ok(seconds);
    }
    let parts: Vec<&str> = value.trim().split('-').collect();
    let [year, month, day] = parts.as_slice() else {
        return Err(format!(
            "'{value}' is not a date like 2026-01-31 or seconds since 1970"
        ));
    };
    let (Ok(year), Ok(month), Ok(day)) = (
        year.parse::<i64>(),
        month.parse::<i64>(),
        day.parse::<i64>(),
    ) else {
        return Err(format!("'{value}' is not a date like 2026-01-31"));
    };
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) || !(1900..=9999).contains(&year) {
        return Err(format!("'{value}' is not a valid date"));
    }
    Ok(days_from_civil(year, month, day) * 86_400)
}

/// Converts a civil date into days since 1970-01-01 (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let yoe = year.rem_euclid(400);
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_parse_as_civil_dates_or_epoch_seconds() {
        assert_eq!(parse_date("1970-01-01"), Ok(0));
        assert_eq!(parse_date("1980-01-01"), Ok(315_532_800));
        assert_eq!(parse_date("2024-02-29"), Ok(1_709_164_800));
        assert_eq!(parse_date("1700000000"), Ok(1_700_000_000));
        assert!(parse_date("2024-13-01").is_err());
        assert!(parse_date("yesterday").is_err());
    }

    #[test]
    fn colours_are_normalised() {
        assert_eq!(parse_colour("#1F4E79"), Ok("#1f4e79".to_owned()));
        assert_eq!(parse_colour("1f4e79"), Ok("#1f4e79".to_owned()));
        assert!(parse_colour("red").is_err());
    }
}

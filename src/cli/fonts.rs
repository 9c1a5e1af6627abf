//! The font flags (`--font-path`, `--system-fonts`, `--allow-missing-glyphs`, `--font`) and the
//! `cvpdf fonts` command.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write as _;
use std::process::ExitCode;

use cvpdf::render::{self, FontPolicy, RenderOptions};
use cvpdf::typeset::fonts::{self, BundledFont};
use cvpdf::typeset::system_fonts::{self, SystemFontUse};
use typst::text::{Font, FontBook, FontInfo};

use super::args::{FontArgs, FontsArgs, SystemFontsArg};
use super::input;
use super::report::Reporter;

/// Returns the font policy the flags ask for.
pub fn policy(args: &FontArgs) -> FontPolicy {
    FontPolicy {
        system: match args.system_fonts {
            SystemFontsArg::Never => SystemFontUse::Never,
            SystemFontsArg::Fallback => SystemFontUse::Fallback,
            SystemFontsArg::Always => SystemFontUse::Always,
        },
        allow_missing: args.allow_missing_glyphs,
    }
}

/// Loads the `--font-path` fonts and, when `--font` names a family that is neither bundled nor
/// among them, the installed family (with `--system-fonts always`).
///
/// # Errors
/// Returns a message for a font directory without fonts, or a family no font source has.
pub fn extra_fonts(args: &FontArgs, family: Option<&str>) -> Result<Vec<Font>, String> {
    let mut extra = Vec::new();
    for dir in &args.font_path {
        extra.extend(system_fonts::load_dir(dir).map_err(|err| format!("--font-path {err}"))?);
    }
    let Some(family) = family else {
        return Ok(extra);
    };
    let known = |book: &FontBook| book.contains_family(&family.to_lowercase());
    if known(fonts::bundled().book()) || known(&FontBook::from_fonts(&extra)) {
        return Ok(extra);
    }
    if args.system_fonts == SystemFontsArg::Always {
        let installed = system_fonts::system().family(family);
        if !installed.fonts.is_empty() {
            extra.extend(installed.fonts);
            return Ok(extra);
        }
    }
    let bundled: std::collections::BTreeSet<&str> = fonts::bundled()
        .faces()
        .map(|(info, _)| info.family.as_str())
        .collect();
    Err(format!(
        "unknown font family '{family}'\nhint: the bundled families are {}; add your own with \
         --font-path DIR, or use an installed family with --system-fonts always",
        bundled.into_iter().collect::<Vec<_>>().join(", ")
    ))
}

/// `cvpdf fonts`: the bundle, or a résumé's coverage report.
pub fn command(args: &FontsArgs, options: RenderOptions) -> anyhow::Result<ExitCode> {
    let mut out = std::io::stdout().lock();
    let Some(file) = &args.check else {
        write!(out, "{}", bundle_table())?;
        return Ok(ExitCode::SUCCESS);
    };
    let mut reporter = Reporter::quiet_errors();
    let bytes = match input::read_resume(file) {
        Ok(bytes) => bytes,
        Err(failure) => {
            reporter.file_failed(file, &failure);
            return Ok(ExitCode::FAILURE);
        }
    };
    let rendered = match render::render(&bytes, &options) {
        Ok(rendered) => rendered,
        Err(err) => {
            reporter.file_failed(file, &input::Failure::from_render(err));
            return Ok(ExitCode::FAILURE);
        }
    };
    let drawn = &rendered.fonts.drawn;
    let main = drawn.main_family.as_deref().unwrap_or("?");
    writeln!(out, "{}: text family {main}", file.display())?;
    for (family, chars) in &drawn.families {
        if chars.is_empty() {
            continue;
        }
        let sample: String = chars.iter().take(60).collect();
        let more = if chars.len() > 60 { " …" } else { "" };
        writeln!(
            out,
            "  {family:<22} {:>4} characters: {sample}{more}",
            chars.len()
        )?;
    }
    for family in &rendered.fonts.added {
        let place = family
            .path
            .as_ref()
            .map(|path| format!(" ({})", path.display()))
            .unwrap_or_default();
        writeln!(out, "  system font {}{place} was added", family.family)?;
    }
    if rendered.fonts.missing.is_empty() {
        writeln!(out, "  no missing glyphs")?;
        Ok(ExitCode::SUCCESS)
    } else {
        let missing: Vec<String> = rendered
            .fonts
            .missing
            .iter()
            .map(ToString::to_string)
            .collect();
        writeln!(out, "  missing glyphs: {}", missing.join(", "))?;
        Ok(ExitCode::FAILURE)
    }
}

/// The bundle as a table: family, styles, coverage, licence, size.
fn bundle_table() -> String {
    let mut rows: BTreeMap<String, (Vec<String>, usize, &'static BundledFont, usize)> =
        BTreeMap::new();
    for (info, file) in fonts::bundled().faces() {
        let row = rows
            .entry(info.family.clone())
            .or_insert_with(|| (Vec::new(), 0, file, 0));
        let mut style = weight_name(info.variant.weight.to_number()).to_owned();
        if info.variant.style != typst::text::FontStyle::Normal {
            style.push_str(" Italic");
        }
        row.0.push(style);
        row.1 = row.1.max(coverage_size(info));
        row.3 += file.data.len();
    }
    let mut table = String::new();
    let _ = writeln!(
        table,
        "{:<20} {:<54} {:>7} {:>8}  licence",
        "family", "styles", "chars", "KiB"
    );
    for (family, (styles, chars, file, bytes)) in rows {
        let _ = writeln!(
            table,
            "{family:<20} {:<54} {chars:>7} {:>8}  {}",
            styles.join(", "),
            bytes / 1024,
            file.license
        );
    }
    table
}

fn weight_name(weight: u16) -> &'static str {
    match weight {
        0..=349 => "Light",
        350..=449 => "Regular",
        450..=549 => "Medium",
        550..=649 => "Semibold",
        650..=749 => "Bold",
        _ => "Black",
    }
}

/// Returns the number of code points a face covers.
fn coverage_size(info: &FontInfo) -> usize {
    (0..=0x10_FFFF_u32)
        .filter(|&c| info.coverage.contains(c))
        .count()
}

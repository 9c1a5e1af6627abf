//! `--emit-typst DIR`: the document as a standalone Typst project.
//!
//! The project holds exactly what cvpdf compiled: the layout as `main.typ` with the shared
//! layout files beside it, the profile and settings as JSON, and the fonts. The official `typst`
//! command line turns it into the same document, for users who want to go on in Typst and for
//! side-by-side benchmarks. `README.md` in the project gives the command.

use std::fs;
use std::io;
use std::path::Path;

use typst::text::Font;

use crate::profile::Profile;
use crate::typeset::fonts::BUNDLED_FONTS;
use crate::typeset::layouts::LAYOUT_FILES;
use crate::typeset::{DocumentDate, Layout, LayoutSettings};

/// Writes the project for `profile` into `dir` (created if missing).
///
/// `settings` must be the settings the document was compiled with ([`crate::typeset::Compiled`]
/// keeps them), `extra_fonts` the fonts added beyond the bundle.
///
/// # Errors
/// Returns the first I/O error.
pub fn typst_project(
    dir: &Path,
    profile: &Profile,
    layout: &Layout,
    settings: &LayoutSettings,
    date: DocumentDate,
    extra_fonts: &[Font],
) -> io::Result<()> {
    fs::create_dir_all(dir.join("fonts"))?;
    for file in LAYOUT_FILES {
        fs::write(dir.join(file.name), file.text)?;
    }
    let main = match layout {
        Layout::Builtin(builtin) => LAYOUT_FILES
            .iter()
            .find(|file| file.name.strip_suffix(".typ") == Some(builtin.name))
            .map_or("", |file| file.text)
            .to_owned(),
        Layout::Custom { text, .. } => text.clone(),
    };
    fs::write(dir.join("main.typ"), main)?;
    fs::write(
        dir.join("profile.json"),
        serde_json::to_vec_pretty(profile)?,
    )?;
    fs::write(
        dir.join("settings.json"),
        serde_json::to_vec_pretty(settings)?,
    )?;
    for font in BUNDLED_FONTS {
        fs::write(dir.join("fonts").join(font.file), font.data)?;
    }
    for (index, font) in extra_fonts.iter().enumerate() {
        let name = format!("extra-{index}-{}.otf", font.info().family.replace(' ', "-"));
        fs::write(dir.join("fonts").join(name), font.data().as_slice())?;
    }
    fs::write(dir.join("README.md"), readme(layout, date))?;
    Ok(())
}

fn readme(layout: &Layout, date: DocumentDate) -> String {
    let custom = match layout {
        Layout::Custom { path, .. } => format!(
            "\n`main.typ` is your layout {}; copy any files it imports from its directory here.\n",
            path.display()
        ),
        Layout::Builtin(_) => String::new(),
    };
    format!(
        "# A résumé as a Typst project, written by cvpdf {version}\n\n\
         Compile it with the official Typst command line (0.15) into the same PDF cvpdf writes:\n\n\
         ```sh\n\
         typst compile --ignore-system-fonts --font-path fonts \\\n    \
         --creation-timestamp {timestamp} --pdf-standard a-2b,ua-1 main.typ resume.pdf\n\
         ```\n\n\
         `profile.json` is what cvpdf read from the résumé (its schema is cvpdf's docs/profile.md),\n\
         `settings.json` the options it was rendered with; `main.typ` reads both.\n{custom}",
        version = env!("CARGO_PKG_VERSION"),
        timestamp = date.unix_seconds,
    )
}

//! `--emit-typst DIR`: the document as a standalone Typst project.
//!
//! The project holds exactly what cvpdf compiled: the layout with the shared layout files beside
//! it, the profile and settings as JSON, the fonts, and a `main.typ` that sets the PDF metadata
//! (which cvpdf fills in after layout, see [`crate::typeset::compile`]) from `document.json`
//! and includes the layout. The official `typst` command line turns it into the same document,
//! for users who want to go on in Typst and for side-by-side benchmarks. `README.md` in the
//! project gives the command.

use std::fs;
use std::io;
use std::path::Path;

use typst::model::{Document, DocumentInfo};
use typst::text::Font;

use crate::profile::Profile;
use crate::typeset::fonts::BUNDLED_FONTS;
use crate::typeset::layouts::LAYOUT_FILES;
use crate::typeset::{Compiled, DocumentDate, Layout};

/// Writes the project for `profile` into `dir` (created if missing).
///
/// `compiled` is the document as cvpdf compiled it (its settings and metadata go into the
/// project), `extra_fonts` the fonts added beyond the bundle.
///
/// # Errors
/// Returns the first I/O error.
pub fn typst_project(
    dir: &Path,
    profile: &Profile,
    layout: &Layout,
    compiled: &Compiled,
    date: DocumentDate,
    extra_fonts: &[Font],
) -> io::Result<()> {
    fs::create_dir_all(dir.join("fonts"))?;
    for file in LAYOUT_FILES {
        fs::write(dir.join(file.name), file.text)?;
    }
    let layout_file = match layout {
        Layout::Builtin(builtin) => format!("{}.typ", builtin.name),
        Layout::Custom { text, .. } => {
            fs::write(dir.join(CUSTOM_LAYOUT), text)?;
            CUSTOM_LAYOUT.to_owned()
        }
    };
    fs::write(dir.join("main.typ"), main_file(&layout_file))?;
    fs::write(
        dir.join("document.json"),
        serde_json::to_vec_pretty(&metadata(compiled.document.info()))?,
    )?;
    fs::write(
        dir.join("profile.json"),
        serde_json::to_vec_pretty(profile)?,
    )?;
    fs::write(
        dir.join("settings.json"),
        serde_json::to_vec_pretty(&compiled.settings)?,
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

/// The file name a layout of the user's own gets in the project.
const CUSTOM_LAYOUT: &str = "layout.typ";

/// Returns `main.typ`: the metadata from `document.json`, then the layout.
fn main_file(layout_file: &str) -> String {
    format!(
        "// The PDF's metadata, which cvpdf fills in after layout, then the layout itself.\n\
         #let info = json(\"/document.json\")\n\
         #set document(\n  \
         title: info.title,\n  \
         author: info.author,\n  \
         description: info.description,\n  \
         keywords: info.keywords,\n\
         )\n\
         #include \"{layout_file}\"\n"
    )
}

/// The metadata of `document.json`, as `set document` takes it.
fn metadata(info: &DocumentInfo) -> serde_json::Value {
    serde_json::json!({
        "title": info.title.as_deref(),
        "author": info.author.iter().map(|author| author.as_str()).collect::<Vec<_>>(),
        "description": info.description.as_deref(),
        "keywords": info.keywords.iter().map(|keyword| keyword.as_str()).collect::<Vec<_>>(),
    })
}

fn readme(layout: &Layout, date: DocumentDate) -> String {
    let command = typst_compile_args(date);
    let custom = match layout {
        Layout::Custom { path, .. } => format!(
            "\n`{CUSTOM_LAYOUT}` is your layout {}; copy any files it imports from its directory here.\n",
            path.display()
        ),
        Layout::Builtin(_) => String::new(),
    };
    format!(
        "# A résumé as a Typst project, written by cvpdf {version}\n\n\
         Compile it with the official Typst command line (0.15) into the same PDF cvpdf writes:\n\n\
         ```sh\n\
         typst {} \\\n    {}\n\
         ```\n\n\
         `profile.json` is what cvpdf read from the résumé (its schema is cvpdf's docs/profile.md),\n\
         `settings.json` the options it was rendered with; the layout reads both. `main.typ` sets the\n\
         PDF's metadata from `document.json` and includes the layout.\n{custom}",
        command[..4].join(" "),
        command[4..].join(" "),
        version = env!("CARGO_PKG_VERSION"),
    )
}

/// The arguments of the `typst compile` command, run in an emitted project's directory, that
/// writes the PDF cvpdf writes: the project's fonts only, the document's date, the same standards.
pub fn typst_compile_args(date: DocumentDate) -> [String; 10] {
    [
        "compile",
        "--ignore-system-fonts",
        "--font-path",
        "fonts",
        "--creation-timestamp",
        &date.unix_seconds.to_string(),
        "--pdf-standard",
        "a-2b,ua-1",
        "main.typ",
        "resume.pdf",
    ]
    .map(str::to_owned)
}

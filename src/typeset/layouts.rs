//! The layouts: Typst files that turn `/profile.json` into pages.
//!
//! The built-in layouts and their shared `lib.typ` are embedded in the binary. A user's own layout
//! is a `.typ` file on disk; it is served as `/custom.typ` beside the embedded files, so it can
//! `#import "lib.typ"` like the built-in ones, and it may read other files from its own directory.

use std::fmt;
use std::path::{Path, PathBuf};

/// One embedded file of the `layouts/` directory.
#[derive(Debug, Clone, Copy)]
pub struct EmbeddedFile {
    /// The file name, which is also its virtual path below `/`.
    pub name: &'static str,
    /// The file's text.
    pub text: &'static str,
}

macro_rules! embedded_layouts {
    ($($name:literal,)*) => {
        /// Every file of `layouts/`, embedded at build time.
        pub const LAYOUT_FILES: &[EmbeddedFile] = &[
            $(EmbeddedFile {
                name: $name,
                text: include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/layouts/", $name)),
            },)*
        ];
    };
}

embedded_layouts! {
    "lib.typ",
    "classic.typ",
    "modern.typ",
    "sidebar.typ",
    "compact.typ",
}

/// A built-in layout: its name and what it is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BuiltinLayout {
    /// The name given to `--layout`.
    pub name: &'static str,
    /// One line on what the layout looks like and when to choose it.
    pub description: &'static str,
    /// The text family its theme sets (`font:` in the layout's file), unless `--font` is given.
    pub font: &'static str,
}

/// The built-in layouts, the default first.
pub const BUILTIN_LAYOUTS: &[BuiltinLayout] = &[
    BuiltinLayout {
        name: "classic",
        description: "single column, serif, conservative: the safe choice for any application",
        font: "Source Serif 4",
    },
    BuiltinLayout {
        name: "modern",
        description: "single column, sans-serif, accent colour and a clear hierarchy",
        font: "Source Sans 3",
    },
    BuiltinLayout {
        name: "sidebar",
        description: "name, contacts, skills and languages in a tinted side column",
        font: "Source Sans 3",
    },
    BuiltinLayout {
        name: "compact",
        description: "dense and ATS-plain: no columns, no icons, no colour, most text per page",
        font: "Source Sans 3",
    },
];

/// The layout a document is set with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Layout {
    /// A built-in layout, by name.
    Builtin(&'static BuiltinLayout),
    /// A user's layout file.
    Custom {
        /// Where the file is on disk (its directory is the only one it may read from).
        path: PathBuf,
        /// The file's text, read once.
        text: String,
    },
}

impl Default for Layout {
    fn default() -> Self {
        Layout::Builtin(&BUILTIN_LAYOUTS[0])
    }
}

impl Layout {
    /// Returns the built-in layout called `name`, if there is one.
    pub fn builtin(name: &str) -> Option<Self> {
        BUILTIN_LAYOUTS
            .iter()
            .find(|layout| layout.name == name)
            .map(Layout::Builtin)
    }

    /// Returns the virtual path of the layout's main file.
    pub(crate) fn main_path(&self) -> String {
        match self {
            Layout::Builtin(layout) => format!("/{}.typ", layout.name),
            Layout::Custom { .. } => "/custom.typ".to_owned(),
        }
    }

    /// Returns the directory a custom layout may read from.
    pub(crate) fn custom_dir(&self) -> Option<&Path> {
        match self {
            Layout::Builtin(_) => None,
            Layout::Custom { path, .. } => path.parent(),
        }
    }
}

impl fmt::Display for Layout {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Layout::Builtin(layout) => f.write_str(layout.name),
            Layout::Custom { path, .. } => write!(f, "{}", path.display()),
        }
    }
}

/// Returns the embedded file at virtual path `path` (with its leading slash).
pub(crate) fn embedded(path: &str) -> Option<&'static EmbeddedFile> {
    embedded_index(path).map(|index| &LAYOUT_FILES[index])
}

/// Returns the index in `LAYOUT_FILES` of the embedded file at virtual path `path` (with its
/// leading slash).
pub(crate) fn embedded_index(path: &str) -> Option<usize> {
    let name = path.strip_prefix('/')?;
    LAYOUT_FILES.iter().position(|file| file.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The text of a built-in layout's entry file.
    fn entry_text(layout: &BuiltinLayout) -> &'static str {
        let index = embedded_index(&format!("/{}.typ", layout.name))
            .expect("every built-in layout has a file");
        LAYOUT_FILES[index].text
    }

    #[test]
    fn each_builtin_layout_names_the_family_its_theme_sets() {
        for layout in BUILTIN_LAYOUTS {
            let text = entry_text(layout);
            let families: Vec<&str> = text
                .match_indices("font: \"")
                .filter_map(|(at, key)| text[at + key.len()..].split('"').next())
                .collect();
            assert_eq!(families, [layout.font], "{}", layout.name);
        }
    }

    /// The document's import of `lib.typ` may wait for the warm-up (`world::prepare`); reading
    /// the profile and settings first shortens that wait (README, Performance).
    #[test]
    fn each_builtin_layout_reads_its_data_before_it_imports_the_library() {
        for layout in BUILTIN_LAYOUTS {
            let text = entry_text(layout);
            let at = |code: &str| {
                text.find(code)
                    .unwrap_or_else(|| panic!("{} has `{code}`", layout.name))
            };
            let import = at("#import \"lib.typ\"");
            assert!(at("json(\"/profile.json\")") < import, "{}", layout.name);
            assert!(at("json(\"/settings.json\")") < import, "{}", layout.name);
        }
    }
}

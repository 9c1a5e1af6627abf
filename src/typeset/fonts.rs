//! The bundled fonts: embedded in the binary, described once, loaded on first use.
//!
//! 1. Every font file under `fonts/` is compiled into the binary with `include_bytes!`, so cvpdf
//!    renders the same PDF on every machine and from any directory.
//! 2. Each face's metadata (family, style, coverage) was read from the files ahead of time into
//!    `fonts/book.json`, which [`bundled`] loads into a `FontBook` on first use: reading it from
//!    the fonts themselves took 2–3 ms of every process that renders (a test keeps the file true).
//! 3. A face is parsed only when Typst first asks for it (`FontStore` keeps a lazy slot per face),
//!    or when [`preload`] guesses a document will, and the parsed face is shared by every
//!    document the process renders.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};

use serde::Deserialize;

use typst::foundations::Bytes;
use typst::text::{Font, FontBook, FontInfo};
use typst::utils::LazyHash;
use typst_kit::fonts::{FontSource, FontStore};

use super::Icons;

/// One bundled font file.
#[derive(Debug, Clone, Copy)]
pub struct BundledFont {
    /// The file name under `fonts/`.
    pub file: &'static str,
    /// The file's bytes.
    pub data: &'static [u8],
    /// The licence the file is distributed under.
    pub license: &'static str,
}

macro_rules! bundled_fonts {
    ($($file:literal => $license:literal,)*) => {
        /// Every font file that ships inside the binary, in the order the font book lists them.
        pub const BUNDLED_FONTS: &[BundledFont] = &[
            $(BundledFont {
                file: $file,
                data: include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/fonts/", $file)),
                license: $license,
            },)*
        ];
    };
}

bundled_fonts! {
    "SourceSans3-Regular.otf" => "OFL-1.1",
    "SourceSans3-It.otf" => "OFL-1.1",
    "SourceSans3-Semibold.otf" => "OFL-1.1",
    "SourceSans3-SemiboldIt.otf" => "OFL-1.1",
    "SourceSans3-Bold.otf" => "OFL-1.1",
    "SourceSans3-BoldIt.otf" => "OFL-1.1",
    "SourceSerif4-Regular.ttf" => "OFL-1.1",
    "SourceSerif4-It.ttf" => "OFL-1.1",
    "SourceSerif4-Semibold.ttf" => "OFL-1.1",
    "SourceSerif4-SemiboldIt.ttf" => "OFL-1.1",
    "SourceSerif4-Bold.ttf" => "OFL-1.1",
    "SourceSerif4-BoldIt.ttf" => "OFL-1.1",
    "DejaVuSansMono.ttf" => "Bitstream-Vera AND LicenseRef-DejaVu-public-domain",
    "DejaVuSansMono-Bold.ttf" => "Bitstream-Vera AND LicenseRef-DejaVu-public-domain",
    "NotoSansSymbols2-Regular.ttf" => "OFL-1.1",
    "NotoSansMath-Regular.ttf" => "OFL-1.1",
    "NotoSansArabic-Regular.ttf" => "OFL-1.1",
    "NotoSansArabic-Bold.ttf" => "OFL-1.1",
    "TwemojiMozilla.ttf" => "OFL-1.1 AND CC-BY-4.0",
    "Symbola.ttf" => "LicenseRef-Symbola-free-for-any-use",
}

/// The fallback families after the text family, in the order `layouts/lib.typ` lists them:
/// symbols and arrows stay monochrome text before emoji are tried, Arabic script last.
pub const FALLBACK_FAMILIES: &[&str] = &[
    "Noto Sans Symbols2",
    "Noto Sans Math",
    "Twemoji Mozilla",
    "Noto Sans Arabic",
    "DejaVu Sans Mono",
];

/// The family `layouts/lib.typ` sets inline code and code blocks in (`mono-font`).
pub const MONO_FAMILY: &str = "DejaVu Sans Mono";

/// The families `layouts/lib.typ` draws the author's icons with, in its order, for each icon
/// style (`icon-fonts`, `mono-icon-fonts`).
pub fn icon_families(icons: Icons) -> &'static [&'static str] {
    match icons {
        Icons::Keep => &["Twemoji Mozilla", "Noto Sans Symbols2", "Noto Sans Math"],
        Icons::Mono => &[
            "Symbola",
            "Noto Sans Symbols2",
            "Noto Sans Math",
            "Twemoji Mozilla",
        ],
        Icons::None => &[],
    }
}

/// A font face that is parsed from the embedded bytes the first time Typst asks for it.
struct EmbeddedFace {
    data: &'static [u8],
    index: u32,
}

impl FontSource for EmbeddedFace {
    fn load(&self) -> Option<Font> {
        Font::new(Bytes::new(self.data), self.index)
    }
}

/// The bundled faces with their metadata, shared by every document in the process.
pub struct FontSet {
    store: FontStore,
    /// Which bundled file each face of the book came from.
    files: Vec<&'static BundledFont>,
    /// Which faces were handed to [`preload`] ([`FontSet::first_requests`]).
    requested: Box<[AtomicBool]>,
}

impl FontSet {
    /// Returns the book describing every bundled face.
    pub fn book(&self) -> &LazyHash<FontBook> {
        self.store.book()
    }

    /// Returns the face at `index`, parsing it on first use.
    pub fn font(&self, index: usize) -> Option<Font> {
        self.store.font(index)
    }

    /// Returns the number of faces.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// Returns true if and only if there are no faces.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// Returns the faces a document set in `families` (its text family, and the mono family if
    /// it holds code) is likely to draw its characters `chars` ([`super::coverage::glyph_chars`])
    /// with: every face of those families, and for each character they lack, the faces of the
    /// first fallback family and of the first icon family that have it (the layouts' orders). A
    /// guess for [`preload`]: a face it misses is still loaded when Typst asks for it.
    pub fn likely_faces(&self, families: &[&str], icons: Icons, chars: &[char]) -> Vec<usize> {
        let book = self.book();
        let faces_of =
            |family: &str| -> Vec<usize> { book.select_family(&family.to_lowercase()).collect() };
        let covers = |faces: &[usize], c: char| {
            faces.iter().any(|&index| {
                book.info(index)
                    .is_some_and(|info| info.coverage.contains(u32::from(c)))
            })
        };
        let text_faces: Vec<usize> = families
            .iter()
            .flat_map(|family| faces_of(family))
            .collect();
        let orders = [FALLBACK_FAMILIES, icon_families(icons)].map(|order| {
            order
                .iter()
                .map(|family| faces_of(family))
                .collect::<Vec<_>>()
        });
        let mut likely = text_faces.clone();
        for &c in chars {
            if c.is_ascii() || covers(&text_faces, c) {
                continue;
            }
            for order in &orders {
                for &index in order
                    .iter()
                    .find(|faces| covers(faces, c))
                    .into_iter()
                    .flatten()
                {
                    if !likely.contains(&index) {
                        likely.push(index);
                    }
                }
            }
        }
        likely
    }

    /// Returns the faces of `faces` that no earlier call returned: each face is handed to
    /// [`preload`] once per process, and the documents after it, which find it loaded, start
    /// nothing.
    pub fn first_requests(&self, faces: Vec<usize>) -> Vec<usize> {
        faces
            .into_iter()
            .filter(|&index| {
                self.requested
                    .get(index)
                    .is_some_and(|requested| !requested.swap(true, Ordering::Relaxed))
            })
            .collect()
    }

    /// Returns each face's metadata with the file it came from.
    pub fn faces(&self) -> impl Iterator<Item = (&FontInfo, &'static BundledFont)> + '_ {
        self.files
            .iter()
            .enumerate()
            .filter_map(|(index, file)| Some((self.book().info(index)?, *file)))
    }
}

/// Loads each of the bundled `faces` and computes the hash Typst keys it by, so that a document
/// that draws with them finds them ready.
///
/// Typst loads a face when the layout first sets text in it, on the rendering thread, and its
/// caches then hash the whole font file: for a résumé's five faces about 2.4 MB, more time than
/// parsing them. [`crate::render`] has the pool's other thread do it while the layout is still
/// being evaluated.
pub fn preload(faces: &[usize]) {
    let set = bundled();
    for &index in faces {
        if let Some(font) = set.font(index) {
            std::hint::black_box(typst::utils::hash128(&font));
        }
    }
}

/// The metadata of every bundled face, read from the files ahead of time (`book_faces`).
const BOOK_JSON: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/fonts/book.json"));

/// One face of `fonts/book.json`: the file it is in, its index there, and its metadata.
#[derive(Debug, PartialEq, Deserialize)]
#[cfg_attr(test, derive(serde::Serialize))]
struct BookFace {
    file: String,
    index: u32,
    info: FontInfo,
}

/// Returns the bundled fonts, loading their metadata on the first call.
pub fn bundled() -> &'static FontSet {
    static FONTS: OnceLock<FontSet> = OnceLock::new();
    FONTS.get_or_init(bundled_set)
}

/// Describes every bundled face, loading none of them.
fn bundled_set() -> FontSet {
    let mut store = FontStore::new();
    let mut files = Vec::new();
    for face in stored_book_faces().unwrap_or_else(book_faces) {
        let Some(font) = BUNDLED_FONTS.iter().find(|font| font.file == face.file) else {
            continue;
        };
        store.push((
            EmbeddedFace {
                data: font.data,
                index: face.index,
            },
            face.info,
        ));
        files.push(font);
    }
    let requested = files.iter().map(|_| AtomicBool::new(false)).collect();
    FontSet {
        store,
        files,
        requested,
    }
}

/// Returns the faces of `fonts/book.json`, or `None` if it does not list exactly the bundled
/// files (a build whose font files changed after it was written): its metadata would then be
/// wrong, so it is read from the files instead.
fn stored_book_faces() -> Option<Vec<BookFace>> {
    let faces: Vec<BookFace> = serde_json::from_str(BOOK_JSON).ok()?;
    let mut stored: Vec<&str> = faces.iter().map(|face| face.file.as_str()).collect();
    stored.dedup();
    let bundled: Vec<&str> = BUNDLED_FONTS.iter().map(|font| font.file).collect();
    (stored == bundled).then_some(faces)
}

/// Reads every bundled face's metadata from the font files, in `BUNDLED_FONTS` order.
fn book_faces() -> Vec<BookFace> {
    BUNDLED_FONTS
        .iter()
        .flat_map(|font| {
            FontInfo::iter(font.data)
                .zip(0..)
                .map(|(info, index)| BookFace {
                    file: font.file.to_owned(),
                    index,
                    info,
                })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::typeset::layouts::{LAYOUT_FILES, embedded_index};

    /// Returns the quoted names of `#let <name> = ...` in `layouts/lib.typ`, up to its line's
    /// end or, for an array, its closing parenthesis.
    fn lib_typ_names(name: &str) -> Vec<String> {
        let lib = LAYOUT_FILES[embedded_index("/lib.typ").expect("lib.typ is embedded")].text;
        let start = lib
            .find(&format!("#let {name} = "))
            .unwrap_or_else(|| panic!("lib.typ defines {name}"));
        let rest = &lib[start..];
        let end = if rest.contains(" = (") && rest.find(" = (") < rest.find('\n') {
            rest.find(')').expect("the array closes")
        } else {
            rest.find('\n').unwrap_or(rest.len())
        };
        rest[..end]
            .split('"')
            .skip(1)
            .step_by(2)
            .map(str::to_owned)
            .collect()
    }

    #[test]
    fn each_face_is_requested_for_preloading_once() {
        let set = bundled_set();
        assert_eq!(set.first_requests(vec![0, 3]), [0, 3]);
        assert_eq!(set.first_requests(vec![3, 5, 0]), [5]);
        assert!(set.first_requests(vec![5, 3]).is_empty());
        assert!(
            set.first_requests(vec![set.len()]).is_empty(),
            "no such face"
        );
    }

    #[test]
    fn the_family_lists_are_the_layouts_own() {
        assert_eq!(lib_typ_names("fallback-fonts"), FALLBACK_FAMILIES);
        assert_eq!(lib_typ_names("icon-fonts"), icon_families(Icons::Keep));
        assert_eq!(lib_typ_names("mono-icon-fonts"), icon_families(Icons::Mono));
        assert_eq!(lib_typ_names("mono-font"), [MONO_FAMILY]);
    }

    /// Returns `fonts/book.json` as it should read: one face a line, so a change shows in a diff.
    fn book_json(faces: &[BookFace]) -> String {
        let lines: Vec<String> = faces
            .iter()
            .map(|face| serde_json::to_string(face).expect("font metadata serializes"))
            .collect();
        format!("[\n{}\n]\n", lines.join(",\n"))
    }

    /// `fonts/book.json` holds what the font files say; `UPDATE_REFS=1` rewrites it.
    #[test]
    fn the_stored_font_book_matches_the_font_files() {
        let expected = book_json(&book_faces());
        if std::env::var_os("UPDATE_REFS").is_some_and(|value| !value.is_empty() && value != "0") {
            let path = concat!(env!("CARGO_MANIFEST_DIR"), "/fonts/book.json");
            std::fs::write(path, &expected).expect("fonts/book.json is writable");
            return;
        }
        assert!(
            BOOK_JSON == expected,
            "fonts/book.json does not match the font files; \
             run `UPDATE_REFS=1 cargo test --lib stored_font_book` to rewrite it"
        );
        assert_eq!(stored_book_faces(), Some(book_faces()));
    }

    #[test]
    fn the_font_set_lists_each_files_faces_in_bundle_order_and_loads_them() {
        let set = bundled();
        let faces = book_faces();
        assert_eq!(set.len(), faces.len());
        for (index, ((info, file), face)) in set.faces().zip(&faces).enumerate() {
            assert_eq!((file.file, info), (face.file.as_str(), &face.info));
            let font = set.font(index).expect("every bundled face loads");
            assert_eq!(font.info(), info);
        }
    }
}

//! The bundled fonts: embedded in the binary, described once, loaded on first use.
//!
//! 1. Every font file under `fonts/` is compiled into the binary with `include_bytes!`, so cvpdf
//!    renders the same PDF on every machine and from any directory.
//! 2. On first use, [`bundled`] reads each file's metadata (family, style, coverage) into a
//!    `FontBook`; nothing else is parsed.
//! 3. A face is parsed only when Typst first asks for it (`FontStore` keeps a lazy slot per face),
//!    and the parsed face is shared by every document the process renders.

use std::sync::OnceLock;

use typst::foundations::Bytes;
use typst::text::{Font, FontBook, FontInfo};
use typst::utils::LazyHash;
use typst_kit::fonts::{FontSource, FontStore};

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

    /// Returns each face's metadata with the file it came from.
    pub fn faces(&self) -> impl Iterator<Item = (&FontInfo, &'static BundledFont)> + '_ {
        self.files
            .iter()
            .enumerate()
            .filter_map(|(index, file)| Some((self.book().info(index)?, *file)))
    }
}

/// Returns the bundled fonts, reading their metadata on the first call.
pub fn bundled() -> &'static FontSet {
    static FONTS: OnceLock<FontSet> = OnceLock::new();
    FONTS.get_or_init(|| {
        let mut store = FontStore::new();
        let mut files = Vec::new();
        for font in BUNDLED_FONTS {
            for (index, info) in FontInfo::iter(font.data).enumerate() {
                let index = u32::try_from(index).expect("a font file holds fewer than 2^32 faces");
                store.push((
                    EmbeddedFace {
                        data: font.data,
                        index,
                    },
                    info,
                ));
                files.push(font);
            }
        }
        FontSet { store, files }
    })
}

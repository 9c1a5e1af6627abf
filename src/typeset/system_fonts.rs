//! Fonts outside the bundle: the user's own (`--font-path`) and the system's (via `fontdb`).
//!
//! The system is scanned only when a document needs it — a character the bundle lacks, or
//! `--system-fonts always` — and at most once per process. A face's coverage is read when the
//! scan first needs it, and a face is loaded once and shared by every later document.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use typst::foundations::Bytes;
use typst::text::{Font, FontInfo, FontStyle, FontWeight};

/// When system fonts may serve a document.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum SystemFontUse {
    /// Never: only the bundle and `--font-path` fonts.
    Never,
    /// Only for characters no bundled or user font covers (the default).
    #[default]
    Fallback,
    /// Also by name: `--font` may name any installed family.
    Always,
}

/// A system family added to a document, and why.
#[derive(Debug, Clone)]
pub struct SystemFamily {
    /// The family's name.
    pub family: String,
    /// The file its regular face came from.
    pub path: Option<PathBuf>,
    /// The characters it was added for (empty when it was asked for by name).
    pub chars: Vec<char>,
    /// Its faces, loaded.
    pub fonts: Vec<Font>,
}

/// The installed fonts, described once per process.
pub struct SystemFonts {
    db: fontdb::Database,
    /// Each face's metadata (coverage included); `None` for faces Typst cannot read.
    infos: OnceLock<Vec<Option<FontInfo>>>,
    loaded: Mutex<Loaded>,
}

/// Returns the system's fonts, scanning the font directories on the first call.
pub fn system() -> &'static SystemFonts {
    static SYSTEM: OnceLock<SystemFonts> = OnceLock::new();
    SYSTEM.get_or_init(|| {
        let mut db = fontdb::Database::new();
        db.load_system_fonts();
        SystemFonts {
            db,
            infos: OnceLock::new(),
            loaded: Mutex::new(Loaded::default()),
        }
    })
}

impl SystemFonts {
    fn infos(&self) -> &[Option<FontInfo>] {
        self.infos.get_or_init(|| {
            self.db
                .faces()
                .map(|face| self.db.with_face_data(face.id, FontInfo::new).flatten())
                .collect()
        })
    }

    /// Returns families that together cover as many of `chars` as the system can, best first.
    ///
    /// Greedy: the family whose regular face covers the most remaining characters wins. Ties go to
    /// the family made for the document's language (`zh` → `… SC`, `ja` → `… JP`, …), then to
    /// proportional over monospace faces, then alphabetically, so the choice is stable.
    pub fn covering(&self, chars: &[char], lang: &str) -> Vec<SystemFamily> {
        let faces: Vec<(&fontdb::FaceInfo, &FontInfo)> = self
            .db
            .faces()
            .zip(self.infos())
            .filter_map(|(face, info)| Some((face, info.as_ref()?)))
            .collect();
        let mut remaining: Vec<char> = chars.to_vec();
        let mut found = Vec::new();
        while !remaining.is_empty() {
            let best = faces
                .iter()
                .map(|(face, info)| {
                    let covered: Vec<char> = remaining
                        .iter()
                        .copied()
                        .filter(|&c| info.coverage.contains(u32::from(c)))
                        .collect();
                    (face, info, covered)
                })
                .filter(|(_, _, covered)| !covered.is_empty())
                .min_by(|a, b| {
                    b.2.len()
                        .cmp(&a.2.len())
                        .then_with(|| style_rank(a.1).cmp(&style_rank(b.1)))
                        .then_with(|| family_rank(a.1, lang).cmp(&family_rank(b.1, lang)))
                        .then_with(|| a.1.family.cmp(&b.1.family))
                });
            let Some((_, info, covered)) = best else {
                break;
            };
            remaining.retain(|c| !covered.contains(c));
            let mut family = self.family(&info.family);
            family.chars = covered;
            found.push(family);
        }
        found
    }

    /// Returns every face of the family called `name` (case-insensitive), loaded.
    pub fn family(&self, name: &str) -> SystemFamily {
        let mut family = SystemFamily {
            family: name.to_owned(),
            path: None,
            chars: Vec::new(),
            fonts: Vec::new(),
        };
        let mut best_rank = u32::MAX;
        for (face, info) in self.db.faces().zip(self.infos()) {
            let Some(info) = info else { continue };
            if !info.family.eq_ignore_ascii_case(name) {
                continue;
            }
            let Some(font) = self.load(face.id) else {
                continue;
            };
            family.family.clone_from(&info.family);
            if style_rank(info) < best_rank {
                best_rank = style_rank(info);
                family.path = match &face.source {
                    fontdb::Source::File(path) | fontdb::Source::SharedFile(path, _) => {
                        Some(path.clone())
                    }
                    fontdb::Source::Binary(_) => None,
                };
            }
            family.fonts.push(font);
        }
        family
    }

    /// Loads a face, reading its file once however many faces it holds (a CJK collection is
    /// tens of megabytes).
    fn load(&self, id: fontdb::ID) -> Option<Font> {
        let mut cache = self
            .loaded
            .lock()
            .unwrap_or_else(|poison| poison.into_inner());
        if let Some(font) = cache.fonts.get(&id) {
            return Some(font.clone());
        }
        let (source, index) = self.db.face_source(id)?;
        let data = match source {
            fontdb::Source::File(path) | fontdb::Source::SharedFile(path, _) => {
                match cache.files.get(&path) {
                    Some(data) => data.clone(),
                    None => {
                        let data = Bytes::new(std::fs::read(&path).ok()?);
                        cache.files.insert(path, data.clone());
                        data
                    }
                }
            }
            fontdb::Source::Binary(data) => Bytes::new(data.as_ref().as_ref().to_vec()),
        };
        let font = Font::new(data, index)?;
        cache.fonts.insert(id, font.clone());
        Some(font)
    }
}

/// Loaded system faces and the files they came from.
#[derive(Default)]
struct Loaded {
    fonts: HashMap<fontdb::ID, Font>,
    files: HashMap<PathBuf, Bytes>,
}

/// Ranks a family for a language: CJK families are made per region, and a name written in
/// simplified Chinese looks wrong in the Japanese or Korean forms of the same characters.
fn family_rank(info: &FontInfo, lang: &str) -> u32 {
    let regions: &[&str] = match lang {
        "ja" => &[" JP", " SC", " KR", " TC", " HK"],
        "ko" => &[" KR", " SC", " JP", " TC", " HK"],
        "zh-tw" | "zh-hant" => &[" TC", " HK", " SC", " JP", " KR"],
        _ => &[" SC", " TC", " JP", " KR", " HK"],
    };
    let family = &info.family;
    let mono = u32::from(family.contains("Mono")) * 100;
    let region = regions
        .iter()
        .position(|region| family.ends_with(region))
        .map_or(10, |index| index as u32);
    mono + region
}

/// Ranks a face for choosing among a family's faces: upright regular first.
fn style_rank(info: &FontInfo) -> u32 {
    let weight = u32::from(
        info.variant
            .weight
            .to_number()
            .abs_diff(FontWeight::REGULAR.to_number()),
    );
    let style = u32::from(info.variant.style != FontStyle::Normal) * 1000;
    style + weight
}

/// Why a user's font directory gave no fonts.
#[derive(Debug, thiserror::Error)]
#[error("{path}: {reason}")]
pub struct FontPathError {
    /// The directory.
    pub path: PathBuf,
    /// What was wrong.
    pub reason: String,
}

/// Loads every font file in `dir` and its subdirectories (`--font-path`).
///
/// # Errors
/// Returns an error when `dir` is not a readable directory or holds no font Typst can read.
pub fn load_dir(dir: &Path) -> Result<Vec<Font>, FontPathError> {
    let error = |reason: &str| FontPathError {
        path: dir.to_owned(),
        reason: reason.to_owned(),
    };
    if !dir.is_dir() {
        return Err(error("not a directory"));
    }
    let mut db = fontdb::Database::new();
    db.load_fonts_dir(dir);
    let fonts: Vec<Font> = db
        .faces()
        .filter_map(|face| {
            db.with_face_data(face.id, |data, index| {
                Font::new(Bytes::new(data.to_vec()), index)
            })
            .flatten()
        })
        .collect();
    if fonts.is_empty() {
        return Err(error("holds no font files (.ttf, .otf, .ttc)"));
    }
    Ok(fonts)
}

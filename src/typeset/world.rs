//! `CvWorld`: the closed, offline Typst world one résumé is compiled in.
//!
//! It serves exactly four kinds of file and nothing else:
//! 1. the embedded layout files (`/lib.typ`, `/classic.typ`, …), parsed once per process;
//! 2. `/profile.json` and `/settings.json`, the document's data (never Typst source);
//! 3. a user layout as `/custom.typ`, and files from that layout's own directory (each parsed
//!    again only when its text changes);
//! 4. the bundled fonts (plus fonts added for this document only).
//!
//! Packages (`@preview/…`) and paths outside those roots are refused, so a layout cannot read the
//! disk or the network. The date is fixed, so the same input gives the same PDF.

use std::collections::HashMap;
use std::fs;
use std::path::Path;
use std::sync::{Mutex, OnceLock, PoisonError};

use comemo::Track;
use ecow::eco_format;
use typst::diag::{FileError, FileResult};
use typst::engine::{Route, Sink, Traced};
use typst::foundations::{Bytes, Datetime, Duration, Module};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook, FontFamily, FontList, TextElem};
use typst::utils::{LazyHash, hash128};
use typst::{Library, LibraryExt, World};

use super::fonts::{self, FontSet};
use super::layouts::{self, LAYOUT_FILES, Layout};

/// The largest file a custom layout may read from its directory.
const MAX_LAYOUT_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// Returns the interned id of a project file; ids live for the whole process, so only a fixed set
/// of paths is ever interned.
pub(crate) fn project_id(path: &str) -> FileId {
    let vpath = VirtualPath::new(path).expect("cvpdf's own virtual paths are valid");
    RootedPath::new(VirtualRoot::Project, vpath).intern()
}

/// Does, if no document has yet, the work a document set with `layout` (a built-in name, or
/// anything else for a custom layout) starts with: builds Typst's library, parses the embedded
/// files it reads, computes the hashes Typst keys its caches by (of the library, those files and
/// the font book), and evaluates the layouts' shared `lib.typ` into Typst's cache.
///
/// `lib.typ` comes first: a document imports it within a millisecond of starting, and evaluates
/// it itself if the warm-up has not begun to.
pub(crate) fn prepare(layout: &str) {
    shared_library_evaluated();
    if let Some(index) = layouts::embedded_index(&format!("/{layout}.typ")) {
        hash128(embedded_source_at(index));
    }
    hash128(fonts::bundled().book());
}

/// The layouts' shared library, which every built-in layout imports first.
const SHARED_LIBRARY: &str = "/lib.typ";

/// Returns once the embedded `lib.typ` has been evaluated into Typst's cache, evaluating it if no
/// thread has begun to, and waiting for the thread that has.
///
/// A built-in layout's import of `lib.typ` asks for its source ([`CvWorld::source`]), which
/// comes here: a document that gets there while the warm-up evaluates it waits for that
/// evaluation instead of repeating it, and its own evaluation is then a hit in the cache.
fn shared_library_evaluated() {
    static EVALUATED: OnceLock<()> = OnceLock::new();
    EVALUATED.get_or_init(|| {
        if let Some(index) = layouts::embedded_index(SHARED_LIBRARY) {
            evaluate(embedded_source_at(index));
        }
    });
}

/// Evaluates an embedded layout file that does not import itself, so that a document's import
/// of it finds the module in Typst's cache.
///
/// Typst memoizes a module's evaluation against what it read from the world and the import
/// route; what `lib.typ` defines depends on Typst's library alone, so a document's import reuses
/// this evaluation, its regular expressions compiled. Errors are left for the document that
/// imports the file to report.
fn evaluate(source: &Source) -> Option<Module> {
    let world = CvWorld::new(
        &Layout::default(),
        Bytes::new([]),
        Bytes::new([]),
        DocumentFonts::new(Vec::new()),
        Datetime::from_ymd(1980, 1, 1).expect("the date is valid"),
    );
    let world: &dyn World = &world;
    let traced = Traced::default();
    let mut sink = Sink::new();
    typst_eval::eval(
        world.track(),
        library(),
        traced.track(),
        sink.track_mut(),
        Route::default().track(),
        source,
    )
    .ok()
}

/// Returns Typst's standard library, built and hashed once per process.
fn library() -> &'static LazyHash<Library> {
    static LIBRARY: OnceLock<LazyHash<Library>> = OnceLock::new();
    LIBRARY.get_or_init(|| {
        let mut library = Library::default();
        // A user's layout that sets no font gets the bundled ones rather than Typst's default
        // (Libertinus Serif, which cvpdf does not ship). The built-in layouts set their own.
        let families = ["Source Serif 4"]
            .into_iter()
            .chain(fonts::FALLBACK_FAMILIES.iter().copied())
            .map(FontFamily::new)
            .collect();
        library.styles.set(TextElem::font, FontList(families));
        let library = LazyHash::new(library);
        // Hashed before any thread gets it: every memoized call of Typst's is keyed by this
        // hash (0.8 ms of hashing the library's scopes), which `LazyHash` computes on first use
        // in every thread that finds it missing. A document that began to evaluate while the
        // warm-up was still hashing computed it a second time; now it waits for the warm-up.
        hash128(&library);
        library
    })
}

/// Returns the index in `LAYOUT_FILES` of the embedded file at `id`, found by its path as
/// [`CvWorld::file`] finds it.
fn embedded_index(id: FileId) -> Option<usize> {
    let VirtualRoot::Project = id.root() else {
        return None;
    };
    layouts::embedded_index(id.vpath().get_with_slash())
}

/// Returns the embedded file at `index` of `LAYOUT_FILES`, parsed the first time any document
/// needs it: a document needs `lib.typ` and its own layout, not the other three.
fn embedded_source_at(index: usize) -> &'static Source {
    static SOURCES: [OnceLock<Source>; LAYOUT_FILES.len()] =
        [const { OnceLock::new() }; LAYOUT_FILES.len()];
    SOURCES[index].get_or_init(|| {
        let file = &LAYOUT_FILES[index];
        Source::new(project_id(&format!("/{}", file.name)), file.text.to_owned())
    })
}

/// Returns the source of a custom layout's file, parsed only if this process has not yet seen
/// that file with that text.
///
/// A batch or a watch session with a custom layout would otherwise parse the layout's files
/// again for every document (a batch of 300 with a copy of `classic.typ` and `lib.typ` as files
/// took 11 % longer than with the built-in layout). The text is compared, so an edited file is
/// parsed afresh; the cache holds one source per file id, and ids come from the layout's own
/// paths.
fn custom_source(id: FileId, text: &str) -> Source {
    static PARSED: OnceLock<Mutex<HashMap<FileId, Source>>> = OnceLock::new();
    let mut parsed = PARSED
        .get_or_init(Mutex::default)
        .lock()
        .unwrap_or_else(PoisonError::into_inner);
    if let Some(source) = parsed.get(&id)
        && source.text() == text
    {
        return source.clone();
    }
    let source = Source::new(id, text.to_owned());
    parsed.insert(id, source.clone());
    source
}

/// The fonts one document can use: the shared bundle, plus any added for this document.
pub(crate) struct DocumentFonts {
    bundled: &'static FontSet,
    /// A book of the bundle plus `extra`, present only when `extra` is not empty.
    book: Option<LazyHash<FontBook>>,
    extra: Vec<Font>,
}

impl DocumentFonts {
    /// Returns the fonts of the bundle and `extra`, which come after it in the book.
    pub(crate) fn new(extra: Vec<Font>) -> Self {
        let bundled = fonts::bundled();
        let book = (!extra.is_empty()).then(|| {
            let mut book = (**bundled.book()).clone();
            for font in &extra {
                book.push(font.info().clone());
            }
            LazyHash::new(book)
        });
        Self {
            bundled,
            book,
            extra,
        }
    }

    fn book(&self) -> &LazyHash<FontBook> {
        self.book.as_ref().unwrap_or_else(|| self.bundled.book())
    }

    fn font(&self, index: usize) -> Option<Font> {
        match index.checked_sub(self.bundled.len()) {
            None => self.bundled.font(index),
            Some(extra) => self.extra.get(extra).cloned(),
        }
    }
}

/// The world one résumé is compiled in.
pub(crate) struct CvWorld {
    main: FileId,
    profile: Bytes,
    settings: Bytes,
    custom: Option<(Source, Option<std::path::PathBuf>)>,
    fonts: DocumentFonts,
    today: Datetime,
}

impl CvWorld {
    /// Creates the world for one document.
    pub(crate) fn new(
        layout: &Layout,
        profile: Bytes,
        settings: Bytes,
        fonts: DocumentFonts,
        today: Datetime,
    ) -> Self {
        let main = project_id(&layout.main_path());
        let custom = match layout {
            Layout::Builtin(_) => None,
            Layout::Custom { text, .. } => Some((
                custom_source(main, text),
                layout.custom_dir().map(Path::to_path_buf),
            )),
        };
        Self {
            main,
            profile,
            settings,
            custom,
            fonts,
            today,
        }
    }

    /// Reads a file from a custom layout's own directory, refusing any path that leaves it.
    fn custom_file(&self, vpath: &VirtualPath) -> FileResult<Bytes> {
        let Some((_, Some(dir))) = &self.custom else {
            return Err(FileError::NotFound(vpath.get_without_slash().into()));
        };
        let path = vpath.realize(dir).map_err(|_| FileError::AccessDenied)?;
        // A symbolic link inside the layout's directory must not lead out of it.
        let real = fs::canonicalize(&path).map_err(|err| FileError::from_io(err, &path))?;
        let real_dir = fs::canonicalize(dir).map_err(|err| FileError::from_io(err, dir))?;
        if !real.starts_with(&real_dir) {
            return Err(FileError::AccessDenied);
        }
        let meta = fs::metadata(&path).map_err(|err| FileError::from_io(err, &path))?;
        if meta.is_dir() {
            return Err(FileError::IsDirectory);
        }
        if meta.len() > MAX_LAYOUT_FILE_BYTES {
            return Err(FileError::Other(Some(eco_format!(
                "{} is larger than the {} MiB a layout may read",
                path.display(),
                MAX_LAYOUT_FILE_BYTES >> 20
            ))));
        }
        fs::read(&path)
            .map(Bytes::new)
            .map_err(|err| FileError::from_io(err, &path))
    }
}

impl World for CvWorld {
    fn library(&self) -> &LazyHash<Library> {
        library()
    }

    fn book(&self) -> &LazyHash<FontBook> {
        self.fonts.book()
    }

    fn main(&self) -> FileId {
        self.main
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if let Some((source, _)) = &self.custom
            && source.id() == id
        {
            return Ok(source.clone());
        }
        let embedded = embedded_index(id);
        if self.custom.is_none()
            && let Some(index) = embedded
        {
            if Some(index) == layouts::embedded_index(SHARED_LIBRARY) {
                shared_library_evaluated();
            }
            return Ok(embedded_source_at(index).clone());
        }
        let bytes = self.file(id)?;
        if let Some(index) = embedded
            && LAYOUT_FILES[index].text.as_bytes() == bytes.as_slice()
        {
            return Ok(embedded_source_at(index).clone());
        }
        let text = std::str::from_utf8(&bytes).map_err(|_| FileError::InvalidUtf8)?;
        Ok(custom_source(id, text))
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        let VirtualRoot::Project = id.root() else {
            return Err(FileError::Other(Some(eco_format!(
                "cvpdf does not load Typst packages ({:?}); a layout may import only its own files",
                id.get()
            ))));
        };
        let vpath = id.vpath();
        match vpath.get_with_slash() {
            "/profile.json" => return Ok(self.profile.clone()),
            "/settings.json" => return Ok(self.settings.clone()),
            _ => {}
        }
        if let Some((source, _)) = &self.custom
            && source.id() == id
        {
            return Ok(Bytes::from_string(source.clone()));
        }
        // A custom layout's own files come first, so it may bring its own `lib.typ`.
        if self.custom.is_some()
            && let Ok(bytes) = self.custom_file(vpath)
        {
            return Ok(bytes);
        }
        match layouts::embedded(vpath.get_with_slash()) {
            Some(file) => Ok(Bytes::new(file.text.as_bytes())),
            None if self.custom.is_some() => self.custom_file(vpath),
            None => Err(FileError::NotFound(vpath.get_without_slash().into())),
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.fonts.font(index)
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        Some(self.today)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_document_importing_lib_typ_reuses_the_shared_evaluation() {
        let lib = embedded_source_at(
            layouts::embedded_index(SHARED_LIBRARY).expect("lib.typ is embedded"),
        );
        let shared = evaluate(lib).expect("lib.typ evaluates");
        // As a document's import finds it: its own data in the world, its main file on the route.
        let world = CvWorld::new(
            &Layout::default(),
            Bytes::new(br#"{"name": "Ada Lovelace"}"#.as_slice()),
            Bytes::new(b"{}".as_slice()),
            DocumentFonts::new(Vec::new()),
            Datetime::from_ymd(2026, 12, 3).expect("the date is valid"),
        );
        let world: &dyn World = &world;
        let root = Route::default();
        let route = Route::extend(root.track()).with_id(world.main());
        let traced = Traced::default();
        let mut sink = Sink::new();
        let imported = typst_eval::eval(
            world.track(),
            library(),
            traced.track(),
            sink.track_mut(),
            route.track(),
            lib,
        )
        .expect("lib.typ evaluates");
        assert!(
            std::ptr::eq(shared.scope(), imported.scope()),
            "the import must be a hit in Typst's cache"
        );
    }

    #[test]
    fn a_custom_file_is_parsed_again_only_when_its_text_changes() {
        let id = project_id("/a-layout-of-ones-own.typ");
        let first = custom_source(id, "#let x = 1");
        let again = custom_source(id, "#let x = 1");
        assert!(
            std::ptr::eq(first.root(), again.root()),
            "the same text must reuse the parsed source"
        );
        let edited = custom_source(id, "#let x = 2");
        assert_eq!(edited.text(), "#let x = 2");
        assert_eq!(custom_source(id, "#let x = 2").text(), "#let x = 2");
    }
}

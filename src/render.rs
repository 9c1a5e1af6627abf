//! The whole pipeline for one résumé: bytes in, PDF bytes out, with every stage's findings.
//!
//! 1. [`text::repair`] turns the bytes into clean text;
//! 2. [`parse::parse`] reads the Markdown into a profile;
//! 3. the profile's characters are checked against the fonts ([`typeset::coverage`]), and system
//!    fonts are added for any the bundle lacks; another thread starts loading the faces the
//!    document will likely draw with;
//! 4. [`typeset::compile`] lays the profile out, and the pages are checked for missing glyphs;
//! 5. [`export::pdf`] writes the PDF.
//!
//! The CLI, the tests and the benchmarks all drive this one function.

use std::cell::RefCell;
use std::num::NonZeroUsize;
use std::sync::mpsc;
use std::time::Duration;

use crate::export::{self, ExportError, PdfSettings};
use crate::jsonresume::{self, JsonResumeError};
use crate::parse::{self, ParseError, Parsed};
use crate::profile::{Block, Profile};
use crate::text::{self, RepairError, RepairOptions, Repaired};
use crate::typeset::coverage::{self, Drawn, MissingGlyph};
use crate::typeset::fit::{self, FitOutcome};
use crate::typeset::system_fonts::{self, SystemFamily, SystemFontUse};
use crate::typeset::{self, Compiled, Layout, TypesetError, TypesetOptions, fonts};

/// Everything that decides how a résumé is rendered.
#[derive(Debug, Clone)]
pub struct RenderOptions {
    /// How the bytes are repaired.
    pub repair: RepairOptions,
    /// The layout and its settings.
    pub typeset: TypesetOptions,
    /// How the PDF is written.
    pub pdf: PdfSettings,
    /// Where glyphs may come from.
    pub fonts: FontPolicy,
    /// Tighten the layout until the résumé fits this many pages (`--max-pages`).
    pub max_pages: Option<usize>,
    /// Make special hyphens and spaces plain ASCII in the text (`--ats-text`).
    pub ats_text: bool,
    /// The threads a render under [`render_within`] may use (default 1). Typst lays out page
    /// runs and writes pages in parallel on them: one résumé alone on the machine renders a few
    /// percent faster with a thread a core, while a batch that already renders a résumé on each
    /// core gains nothing and pays for the hand-offs.
    pub threads: NonZeroUsize,
}

impl Default for RenderOptions {
    fn default() -> Self {
        Self {
            repair: RepairOptions::default(),
            typeset: TypesetOptions::default(),
            pdf: PdfSettings::default(),
            fonts: FontPolicy::default(),
            max_pages: None,
            ats_text: false,
            threads: NonZeroUsize::MIN,
        }
    }
}

/// Where glyphs may come from, and what happens when none has them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FontPolicy {
    /// When system fonts may serve the document (default: for characters the bundle lacks).
    pub system: SystemFontUse,
    /// Render even when some characters have no glyph (they show as boxes), with a warning.
    pub allow_missing: bool,
}

/// What the font check found for one document.
#[derive(Debug, Clone, Default)]
pub struct FontReport {
    /// System families added for characters the bundle lacks.
    pub added: Vec<SystemFamily>,
    /// Characters drawn without a glyph (only with [`FontPolicy::allow_missing`]).
    pub missing: Vec<MissingGlyph>,
    /// What the pages really drew, family by family.
    pub drawn: Drawn,
}

/// A rendered résumé with what each stage found on the way.
pub struct Rendered {
    /// The repaired text and the report of what was repaired.
    pub repaired: Repaired,
    /// The profile and the parser's diagnostics.
    pub parsed: Parsed,
    /// The laid-out document.
    pub compiled: Compiled,
    /// Which fonts drew what, and what could not be drawn.
    pub fonts: FontReport,
    /// What `--max-pages` did, when it was asked for.
    pub fit: Option<FitOutcome>,
    /// The PDF file's bytes.
    pub pdf: Vec<u8>,
}

/// Why a résumé could not be rendered.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RenderError {
    /// The bytes are not text.
    #[error(transparent)]
    Repair(#[from] RepairError),
    /// The text is not a résumé cvpdf can read.
    #[error(transparent)]
    Parse(#[from] ParseError),
    /// The file is JSON Resume, but not a valid one.
    #[error(transparent)]
    JsonResume(#[from] JsonResumeError),
    /// The layout failed.
    #[error(transparent)]
    Typeset(#[from] TypesetError),
    /// The PDF could not be written.
    #[error(transparent)]
    Export(#[from] ExportError),
    /// Rendering took longer than the time limit (a pathological layout or input).
    #[error("rendering took longer than {} s, the time limit; the layout may be looping", .0.as_secs())]
    TimedOut(Duration),
    /// Some characters have a glyph in no font cvpdf may use.
    #[error("no font has a glyph for {}", list_missing(.0))]
    MissingGlyphs(Vec<MissingGlyph>),
    /// cvpdf or a library it uses failed (a panic), or no rendering thread could be started.
    #[error("internal error: {0}")]
    Internal(String),
}

fn list_missing(missing: &[MissingGlyph]) -> String {
    let mut names: Vec<String> = missing.iter().take(12).map(ToString::to_string).collect();
    if missing.len() > 12 {
        names.push(format!("and {} more", missing.len() - 12));
    }
    names.join(", ")
}

/// Renders the résumé in `bytes` to PDF.
///
/// # Errors
/// Returns the first stage's error; soft problems are diagnostics in the result instead.
pub fn render(bytes: &[u8], options: &RenderOptions) -> Result<Rendered, RenderError> {
    let repaired = text::repair_with(bytes, &options.repair)?;
    let mut parsed = read_profile(&repaired.text)?;
    if options.ats_text {
        parsed.profile = parsed.profile.with_plain_punctuation();
    }
    let detected;
    let options = if options.typeset.settings.lang.is_empty() {
        let mut with_lang = options.clone();
        with_lang.typeset.settings.lang = text::lang::detect(&repaired.text).to_owned();
        detected = with_lang;
        &detected
    } else {
        options
    };
    let (compiled, fonts, fit) = typeset_checked(&repaired.text, &parsed.profile, options)?;
    let mut pdf_settings = options.pdf.clone();
    if !fonts.missing.is_empty() {
        // PDF/A and PDF/UA forbid missing glyphs; the user asked for a PDF regardless.
        pdf_settings.standards.clear();
    }
    let pdf = export::pdf(&compiled, &pdf_settings)?;
    Ok(Rendered {
        repaired,
        parsed,
        compiled,
        fonts,
        fit,
        pdf,
    })
}

/// The stack of a rendering thread: Typst recurses deeply while laying out.
pub const RENDER_STACK_BYTES: usize = 16 << 20;

/// Renders like [`render`], on a thread of its own, giving up after `limit`.
///
/// Typst cannot be interrupted, so a render that overruns is abandoned: its thread runs on, with
/// nothing waiting for it, until it finishes or the process exits. The caller's batch moves on.
/// A render that panics fails its résumé alone.
///
/// The rendering thread is kept for the calling thread's next résumé: a new thread for every
/// résumé paid for its creation and started with empty allocator caches. With the command's
/// allocator (jemalloc, whose caches are per thread), keeping it makes a batch about 13 % faster.
///
/// # Errors
/// Returns [`RenderError::TimedOut`] after `limit`, [`RenderError::Internal`] if the render
/// panicked, or the render's own error.
pub fn render_within(
    bytes: Vec<u8>,
    options: &RenderOptions,
    limit: Duration,
) -> Result<Rendered, RenderError> {
    let threads = options.threads;
    let options = options.clone();
    run_within(move || render(&bytes, &options), limit, threads)
}

/// Runs `job` on the calling thread's rendering thread, with a pool of `threads`, giving up after
/// `limit`.
fn run_within<T: Send + 'static>(
    job: impl FnOnce() -> Result<T, RenderError> + Send + 'static,
    limit: Duration,
    threads: NonZeroUsize,
) -> Result<T, RenderError> {
    RENDERER.with_borrow_mut(|kept| {
        let renderer = match kept.take() {
            Some(renderer) if renderer.pool.current_num_threads() == threads.get() => renderer,
            _ => Renderer::spawn(threads).map_err(|err| {
                RenderError::Internal(format!("could not start a rendering thread ({err})"))
            })?,
        };
        let (sender, result) = mpsc::channel();
        renderer.pool.spawn(move || {
            // A panic must not reach rayon, which would abort the whole batch.
            let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(job))
                .unwrap_or_else(|payload| Err(RenderError::Internal(panic_message(&*payload))));
            let _ = sender.send(outcome);
        });
        match result.recv_timeout(limit) {
            // A thread that panicked may have left its own state half-done: it is not kept.
            Ok(outcome @ Err(RenderError::Internal(_))) => outcome,
            Ok(outcome) => {
                *kept = Some(renderer);
                outcome
            }
            // Dropping the renderer lets its thread go: one that overruns ends once its render
            // does, and the next résumé gets a new thread.
            Err(_) => Err(RenderError::TimedOut(limit)),
        }
    })
}

/// Returns what a panic said, as the panic hook prints it.
fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    let said = payload
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| payload.downcast_ref::<String>().map(String::as_str));
    match said {
        Some(said) => format!("the render panicked: {said}"),
        None => "the render panicked".to_owned(),
    }
}

/// Starts the calling thread's rendering threads now (a pool of `threads`, as
/// [`render_within`] uses them) and has one of them prepare what documents of `layout` need
/// ([`typeset::warm_up`]).
///
/// The first résumé's render then runs on the pool's other thread while the preparing goes on:
/// a process that renders one résumé finds its threads started and Typst's library built or
/// being built (a pool of one thread prepares first and renders after, as the render would have
/// prepared for itself). A thread of the warm-up's own, beside the batch's and the rendering
/// threads, had more threads wait for the two cores at the start: a cold render was about 4 %
/// slower. A pool that cannot start leaves the work to the first document, which starts the
/// pool again.
pub fn warm_up(threads: NonZeroUsize, layout: &str) {
    let layout = layout.to_owned();
    RENDERER.with_borrow_mut(|kept| {
        if kept.is_none() {
            *kept = Renderer::spawn(threads).ok();
        }
        if let Some(renderer) = kept {
            renderer.pool.spawn(move || {
                // A panic must not reach rayon, which would abort the process; whatever it left
                // undone, the first document does.
                let _ = std::panic::catch_unwind(|| typeset::warm_up(&layout));
            });
        }
    });
}

thread_local! {
    /// The rendering thread that [`render_within`] keeps for the calling thread.
    static RENDERER: RefCell<Option<Renderer>> = const { RefCell::new(None) };
}

/// A rendering thread: a worker of a thread pool of its own ([`RenderOptions::threads`]).
///
/// Typst and its PDF writer hand work to rayon (each page run's layout, each page's content
/// stream). From a thread outside any pool, every such hand-off goes to the global pool and
/// sleeps until it is done: some forty context switches a résumé. In a pool of one that work
/// runs in place, and a batch's parallelism comes from its résumés instead; a larger pool shares
/// it among its own threads.
struct Renderer {
    pool: rayon::ThreadPool,
}

impl Renderer {
    fn spawn(threads: NonZeroUsize) -> Result<Self, rayon::ThreadPoolBuildError> {
        Ok(Self {
            pool: rendering_pool(threads)?,
        })
    }
}

/// Builds the pool of `threads` rendering threads on which a render and Typst's parallel work
/// run.
///
/// # Errors
/// Returns rayon's error when a thread cannot be started.
pub fn rendering_pool(
    threads: NonZeroUsize,
) -> Result<rayon::ThreadPool, rayon::ThreadPoolBuildError> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads.get())
        .thread_name(|_| "cvpdf-render".to_owned())
        .stack_size(RENDER_STACK_BYTES)
        .build()
}

/// Reads the profile: from JSON Resume when the text is a JSON Resume document, else from
/// Markdown.
///
/// # Errors
/// Returns the reader's error.
pub fn read_profile(text: &str) -> Result<Parsed, RenderError> {
    if jsonresume::looks_like_json_resume(text) {
        let profile = jsonresume::from_json_resume(text)?;
        return Ok(Parsed {
            profile,
            diagnostics: Vec::new(),
        });
    }
    Ok(parse::parse(text)?)
}

/// Typesets the profile with fonts that cover every character it holds.
///
/// Characters the bundle and the user's fonts lack are looked up in the system's fonts (as the
/// policy allows); characters nothing covers fail the document, unless the policy allows missing
/// glyphs. After layout, the pages themselves are checked: a glyph id 0 anywhere, the layout's own
/// text included, is a missing glyph too.
///
/// # Errors
/// Returns [`RenderError::MissingGlyphs`] naming each character and its line in `text`.
pub fn typeset_checked(
    text: &str,
    profile: &Profile,
    options: &RenderOptions,
) -> Result<(Compiled, FontReport, Option<FitOutcome>), RenderError> {
    let mut typeset_options = options.typeset.clone();
    let profile_text = profile_text(profile)?;
    let chars = coverage::glyph_chars(&profile_text);
    preload_faces(&profile_text, &chars, &typeset_options);
    let extra_book = typst::text::FontBook::from_fonts(&typeset_options.extra_fonts);
    let mut lacking = coverage::uncovered(&[fonts::bundled().book(), &extra_book], &chars);
    // Report characters in the order the author wrote them.
    lacking.sort_by_key(|&c| text.find(c).unwrap_or(usize::MAX));
    let mut report = FontReport::default();
    if !lacking.is_empty() && options.fonts.system != SystemFontUse::Never {
        report.added = system_fonts::system().covering(&lacking, &options.typeset.settings.lang);
        for family in &report.added {
            typeset_options
                .extra_fonts
                .extend(family.fonts.iter().cloned());
            lacking.retain(|c| !family.chars.contains(c));
        }
    }
    let missing = |chars: &[char]| -> Vec<MissingGlyph> {
        chars
            .iter()
            .map(|&ch| MissingGlyph {
                ch,
                line: coverage::line_of(text, ch),
            })
            .collect()
    };
    if !lacking.is_empty() && !options.fonts.allow_missing {
        return Err(RenderError::MissingGlyphs(missing(&lacking)));
    }
    let (compiled, fit) = match options.max_pages {
        Some(max_pages) => {
            let (compiled, outcome) =
                fit::compile_within(&typeset_options, max_pages, |options| {
                    typeset_profile(profile, options)
                })?;
            (compiled, Some(outcome))
        }
        None => (typeset_profile(profile, &typeset_options)?, None),
    };
    report.drawn = coverage::drawn(&compiled.document);
    if !report.drawn.tofu.is_empty() {
        if !options.fonts.allow_missing {
            return Err(RenderError::MissingGlyphs(missing(&report.drawn.tofu)));
        }
        report.missing = missing(&report.drawn.tofu);
    }
    Ok((compiled, report, fit))
}

/// Has another thread of the rendering pool load and hash the bundled faces the document will
/// likely draw with ([`fonts::preload`]) while this one lays it out.
///
/// A render alone on the machine has a pool of two, whose second thread is idle once the
/// warm-up is done; evaluating the layout takes a few milliseconds before Typst first needs a
/// face. In a pool of one (a batch) the faces are loaded once and shared by every document, and
/// a face is preloaded at most once a process (later renders of `cvpdf watch` find it loaded).
fn preload_faces(profile_text: &str, chars: &[char], options: &TypesetOptions) {
    if rayon::current_thread_index().is_none() || rayon::current_num_threads() < 2 {
        return;
    }
    let faces = fonts::bundled().first_requests(likely_faces(profile_text, chars, options));
    if !faces.is_empty() {
        // A panic must not reach rayon, which would abort the process; a face left unloaded is
        // loaded when Typst asks for it.
        rayon::spawn(move || {
            let _ = std::panic::catch_unwind(|| fonts::preload(&faces));
        });
    }
}

/// Returns the bundled faces a document with this profile (as JSON, and its characters) and
/// these options will likely draw with ([`fonts::FontSet::likely_faces`]).
fn likely_faces(profile_text: &str, chars: &[char], options: &TypesetOptions) -> Vec<usize> {
    let family = options.settings.font.as_deref().or(match &options.layout {
        Layout::Builtin(layout) => Some(layout.font),
        Layout::Custom { .. } => None,
    });
    let mut families: Vec<&str> = family.into_iter().collect();
    // The profile's JSON tags code spans and blocks so; the layouts set them in the mono family.
    if profile_text.contains(r#""type":"code""#) {
        families.push(fonts::MONO_FAMILY);
    }
    fonts::bundled().likely_faces(&families, options.settings.icons, chars)
}

/// Returns the text whose characters need glyphs: the profile as JSON.
///
/// Its syntax and field names are ASCII, which the bundled faces cover, and serde_json writes
/// every other character as it is (it escapes only quotes, backslashes and controls), so the
/// JSON holds every character of the profile that could lack a glyph. Writing it took about a
/// fifth of the time of building a `serde_json::Value` tree to walk, in a profile of cold
/// renders.
fn profile_text(profile: &Profile) -> Result<String, TypesetError> {
    Ok(serde_json::to_string(profile)?)
}

/// Typesets a profile, filling in the metadata the settings leave to the profile (keywords).
///
/// # Errors
/// Returns the layout's errors.
pub fn typeset_profile(
    profile: &Profile,
    options: &TypesetOptions,
) -> Result<Compiled, TypesetError> {
    if options.settings.keywords.is_empty() {
        let mut options = options.clone();
        options.settings.keywords = keywords(profile);
        typeset::compile(profile, &options)
    } else {
        typeset::compile(profile, options)
    }
}

/// Returns the PDF keywords of a profile: its skills, in order, without repeats (at most 40).
pub fn keywords(profile: &Profile) -> Vec<String> {
    let mut keywords: Vec<String> = Vec::new();
    for section in &profile.sections {
        for block in &section.blocks {
            if let Block::Skills { groups, .. } = block {
                for item in groups.iter().flat_map(|group| &group.items) {
                    if keywords.len() < 40 && !keywords.contains(item) {
                        keywords.push(item.clone());
                    }
                }
            }
        }
    }
    keywords
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::typeset::Icons;

    const RESUME: &[u8] = b"# Ada Lovelace\n\n## Experience\n\n- Wrote the first program\n";

    fn kept_renderer() -> bool {
        RENDERER.with_borrow(Option::is_some)
    }

    #[test]
    fn the_preloaded_faces_hold_every_family_the_document_draws_with() {
        let files: [(&str, &[u8]); 6] = [
            ("seed 000", include_bytes!("../seeds/000_aa0fae0c06efd418.txt")),
            ("seed 003", include_bytes!("../seeds/003_9fb50c5e6b2b3f56.txt")),
            ("clean-en", include_bytes!("../tests/samples/clean-en.md")),
            ("german", include_bytes!("../tests/samples/german-cp1252.txt")),
            ("persian", include_bytes!("../tests/samples/persian-name.md")),
            ("code", b"# Ada\n\n## Skills\n\nWrites `fn main()` and \xE2\x86\x92 arrows \xF0\x9F\x9A\x80\n"),
        ];
        let book = fonts::bundled().book();
        for (name, bytes) in files {
            for (layout, icons) in [("classic", Icons::Keep), ("modern", Icons::Mono)] {
                let mut options = RenderOptions::default();
                options.typeset.layout = Layout::builtin(layout).expect("a built-in layout");
                options.typeset.settings.icons = icons;
                let rendered = render(bytes, &options).expect("renders");
                let text = profile_text(&rendered.parsed.profile).expect("serializes");
                let chars = coverage::glyph_chars(&text);
                let likely: Vec<&str> = likely_faces(&text, &chars, &options.typeset)
                    .into_iter()
                    .filter_map(|index| Some(book.info(index)?.family.as_str()))
                    .collect();
                for family in rendered.fonts.drawn.families.keys() {
                    assert!(
                        likely.contains(&family.as_str()),
                        "{name}, {layout}: drew with {family}, not among {likely:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn the_rendering_thread_is_kept_for_the_next_resume_and_dropped_when_it_overruns() {
        let options = RenderOptions::default();
        let long = Duration::from_secs(60);
        assert!(render_within(RESUME.to_vec(), &options, long).is_ok());
        assert!(kept_renderer());
        let overrun = render_within(RESUME.to_vec(), &options, Duration::ZERO);
        assert!(matches!(overrun, Err(RenderError::TimedOut(limit)) if limit.is_zero()));
        assert!(
            !kept_renderer(),
            "an overrunning thread must not serve the next résumé"
        );
        let rendered = render_within(RESUME.to_vec(), &options, long).expect("renders");
        assert!(rendered.pdf.starts_with(b"%PDF-"));
        assert!(kept_renderer());
    }

    #[test]
    fn a_render_that_panics_fails_alone_and_its_thread_is_not_kept() {
        let long = Duration::from_secs(60);
        let crashed = run_within(
            || -> Result<(), RenderError> { panic!("glyph 7 out of range") },
            long,
            NonZeroUsize::MIN,
        );
        match crashed {
            Err(RenderError::Internal(message)) => {
                assert_eq!(message, "the render panicked: glyph 7 out of range");
            }
            other => panic!("expected an internal error, got {other:?}"),
        }
        assert!(!kept_renderer());
        let options = RenderOptions::default();
        assert!(render_within(RESUME.to_vec(), &options, long).is_ok());
        assert!(kept_renderer());
    }

    #[test]
    fn typst_parallel_work_runs_in_place_on_the_rendering_thread() {
        let threads = run_within(
            || {
                let here = std::thread::current().id();
                let (a, b) = rayon::join(
                    || std::thread::current().id(),
                    || std::thread::current().id(),
                );
                Ok((here, a, b, rayon::current_num_threads()))
            },
            Duration::from_secs(60),
            NonZeroUsize::MIN,
        );
        let (here, a, b, pool_size) = threads.expect("runs");
        assert_eq!((a, b), (here, here));
        assert_eq!(pool_size, 1);
    }

    #[test]
    fn a_render_gets_the_threads_its_options_ask_for_and_a_kept_pool_of_another_size_is_replaced() {
        let long = Duration::from_secs(60);
        let two = NonZeroUsize::new(2).expect("two is not zero");
        let pool_size =
            |threads| run_within(|| Ok(rayon::current_num_threads()), long, threads).expect("runs");
        assert_eq!(pool_size(two), 2);
        assert_eq!(pool_size(NonZeroUsize::MIN), 1);
        assert_eq!(pool_size(two), 2);
        let options = RenderOptions {
            threads: two,
            ..RenderOptions::default()
        };
        let rendered = render_within(RESUME.to_vec(), &options, long).expect("renders");
        assert!(rendered.pdf.starts_with(b"%PDF-"));
        let kept_size =
            RENDERER.with_borrow(|kept| kept.as_ref().map(|kept| kept.pool.current_num_threads()));
        assert_eq!(kept_size, Some(two.get()));
    }
}

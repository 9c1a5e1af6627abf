//! Layout regression: every seed and sample, in every built-in layout, rendered to pixels and
//! compared with the reference images in `tests/refs/<layout>/<case>-<page>.png`.
//!
//! 1. Each case is rendered in-process with [`cvpdf::render::render`]: the layout's defaults, the
//!    fixed default document date, and the bundled fonts only, so the pixels are the same on
//!    every machine.
//! 2. Every page is rasterised at 1 px/pt and compared with its reference: a pixel differs when
//!    a channel moves by more than [`pixels::CHANNEL_TOLERANCE`], and a page fails when more than
//!    [`pixels::MAX_DIFFERING_PIXELS`] pixels differ. The page count must match the references.
//! 3. Every failure of a layout is collected; the test then fails once, listing them all. The
//!    actual page and a diff image (the reference faded, changed pixels in red) of each failing
//!    page are written to `<target>/layout-diffs/<layout>/`.
//!
//! `UPDATE_REFS=1 cargo test --test layouts` rewrites the references of every page that changed,
//! removes references of pages that no longer exist, and passes. Review the new images before
//! committing them.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use cvpdf::export::png_pages;
use cvpdf::pixels;
use cvpdf::render::{RenderOptions, Rendered, render};
use cvpdf::typeset::fonts::BUNDLED_FONTS;
use cvpdf::typeset::{BUILTIN_LAYOUTS, Layout, TypesetOptions};
use image::RgbaImage;
use typst::layout::{Frame, FrameItem};
use typst::text::Font;

/// Pixels per PDF point of the reference images (72 dpi: an A4 page is 595 × 842 pixels).
const PIXELS_PER_POINT: f64 = 1.0;

/// The repository's root.
fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Returns true if and only if the references are to be rewritten (`UPDATE_REFS=1`).
fn updating() -> bool {
    std::env::var_os("UPDATE_REFS").is_some_and(|value| !value.is_empty() && value != "0")
}

/// Returns where diff images go: `$CARGO_TARGET_DIR/layout-diffs`, or `target/layout-diffs`.
fn diff_root() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("target"));
    root().join(target).join("layout-diffs")
}

/// One résumé the layouts are checked on.
struct Case {
    /// The file name without its extension; reference images are named after it.
    stem: String,
    /// The file's path.
    path: PathBuf,
}

/// Returns the seeds (`seeds/*.txt`) and the samples (`tests/samples/*.md`, `*.txt`, but not
/// their README), sorted by path.
fn cases() -> Vec<Case> {
    let mut cases = Vec::new();
    for (dir, extensions) in [
        ("seeds", &["txt"][..]),
        ("tests/samples", &["md", "txt"][..]),
    ] {
        let entries = std::fs::read_dir(root().join(dir)).expect("the directory of cases exists");
        for entry in entries {
            let path = entry.expect("the directory can be listed").path();
            let is_case = path.is_file()
                && path.file_name().is_some_and(|name| name != "README.md")
                && path
                    .extension()
                    .and_then(|ext| ext.to_str())
                    .is_some_and(|ext| extensions.contains(&ext));
            if is_case {
                let stem = path
                    .file_stem()
                    .and_then(|stem| stem.to_str())
                    .expect("case file names are UTF-8")
                    .to_owned();
                cases.push(Case { stem, path });
            }
        }
    }
    cases.sort_by(|a, b| a.path.cmp(&b.path));
    assert!(
        cases.len() >= 6,
        "the two seeds and four samples are in the repository"
    );
    cases
}

/// Renders `bytes` with `layout`, everything else at its default.
fn render_with(bytes: &[u8], layout: &str) -> Result<Rendered, String> {
    let options = RenderOptions {
        typeset: TypesetOptions {
            layout: Layout::builtin(layout).expect("the layout is built in"),
            ..TypesetOptions::default()
        },
        ..RenderOptions::default()
    };
    assert!(
        options.typeset.extra_fonts.is_empty(),
        "the layout test uses the bundled fonts only"
    );
    render(bytes, &options).map_err(|err| err.to_string())
}

/// Adds every font a frame's text uses to `fonts`, each once.
fn collect_fonts(frame: &Frame, fonts: &mut Vec<Font>) {
    for (_, item) in frame.items() {
        match item {
            FrameItem::Group(group) => collect_fonts(&group.frame, fonts),
            FrameItem::Text(text) if !fonts.contains(text.font.font()) => {
                fonts.push(text.font.font().clone());
            }
            _ => {}
        }
    }
}

/// Returns the families of the fonts a document uses that are not bundled with cvpdf.
fn foreign_fonts(rendered: &Rendered) -> BTreeSet<String> {
    let mut fonts = Vec::new();
    for page in rendered.compiled.document.pages() {
        collect_fonts(&page.frame, &mut fonts);
    }
    fonts
        .iter()
        .filter(|font| {
            !BUNDLED_FONTS
                .iter()
                .any(|bundled| bundled.data == font.data().as_slice())
        })
        .map(|font| font.info().family.clone())
        .collect()
}

/// Returns the page numbers of the references of `stem` in `dir` (`<stem>-<page>.png`).
fn reference_pages(dir: &Path, stem: &str) -> BTreeSet<usize> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return BTreeSet::new();
    };
    entries
        .filter_map(|entry| {
            let name = entry.ok()?.file_name().into_string().ok()?;
            let page = name.strip_prefix(stem)?.strip_prefix('-')?;
            let page = page.strip_suffix(".png")?;
            if page.bytes().all(|b| b.is_ascii_digit()) {
                page.parse().ok()
            } else {
                None
            }
        })
        .collect()
}

/// Returns the path of the reference image of a page (numbered from 1).
fn reference_path(layout: &str, stem: &str, page: usize) -> PathBuf {
    root()
        .join("tests/refs")
        .join(layout)
        .join(format!("{stem}-{page}.png"))
}

/// Writes `bytes` to `path`, creating its directory.
fn write(path: &Path, bytes: &[u8]) {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)
            .unwrap_or_else(|err| panic!("cannot create {} ({err})", dir.display()));
    }
    std::fs::write(path, bytes)
        .unwrap_or_else(|err| panic!("cannot write {} ({err})", path.display()));
}

/// Where the images of one failing page go.
struct DiffFiles {
    actual: PathBuf,
    diff: PathBuf,
}

impl DiffFiles {
    fn new(layout: &str, stem: &str, page: usize) -> Self {
        let dir = diff_root().join(layout);
        Self {
            actual: dir.join(format!("{stem}-{page}-actual.png")),
            diff: dir.join(format!("{stem}-{page}-diff.png")),
        }
    }
}

/// Removes the diff images an earlier run left for `stem`, so what is there belongs to this run.
fn clear_old_diffs(layout: &str, stem: &str) {
    let dir = diff_root().join(layout);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        let ours = name
            .strip_prefix(stem)
            .and_then(|rest| rest.strip_prefix('-'))
            .and_then(|rest| {
                rest.strip_suffix("-actual.png")
                    .or_else(|| rest.strip_suffix("-diff.png"))
            })
            .is_some_and(|page| page.bytes().all(|b| b.is_ascii_digit()));
        if ours {
            // A diff that cannot be removed only leaves an old image behind.
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Rewrites the references of one case: every page whose pixels changed, and no stale pages.
fn update_references(layout: &str, case: &Case, pages: &[RgbaImage]) {
    for (index, page) in pages.iter().enumerate() {
        let path = reference_path(layout, &case.stem, index + 1);
        let unchanged = std::fs::read(&path)
            .ok()
            .and_then(|png| pixels::decode(&png).ok())
            .is_some_and(|reference| pixels::identical(&reference, page));
        if !unchanged {
            write(&path, &pixels::encode_small(page));
            eprintln!("updated {}", path.display());
        }
    }
    let dir = reference_path(layout, &case.stem, 1)
        .parent()
        .expect("a reference has a directory")
        .to_path_buf();
    for stale in reference_pages(&dir, &case.stem)
        .into_iter()
        .filter(|page| *page > pages.len())
    {
        let path = reference_path(layout, &case.stem, stale);
        std::fs::remove_file(&path)
            .unwrap_or_else(|err| panic!("cannot remove {} ({err})", path.display()));
        eprintln!("removed {}", path.display());
    }
}

/// Compares one case's pages with their references and returns one message per failure.
fn compare_with_references(layout: &str, case: &Case, pages: &[RgbaImage]) -> Vec<String> {
    let mut failures = Vec::new();
    let dir = reference_path(layout, &case.stem, 1)
        .parent()
        .expect("a reference has a directory")
        .to_path_buf();
    let expected: BTreeSet<usize> = (1..=pages.len()).collect();
    let found = reference_pages(&dir, &case.stem);
    if found != expected {
        failures.push(format!(
            "{} in {layout}: rendered {} page(s), but the references are pages {found:?} in {}",
            case.stem,
            pages.len(),
            dir.display()
        ));
    }
    for (index, page) in pages.iter().enumerate() {
        let number = index + 1;
        let files = DiffFiles::new(layout, &case.stem, number);
        let path = reference_path(layout, &case.stem, number);
        let Ok(png) = std::fs::read(&path) else {
            // The page-count message above already names the missing reference.
            write(&files.actual, &pixels::encode_small(page));
            continue;
        };
        let reference = match pixels::decode(&png) {
            Ok(reference) => reference,
            Err(err) => {
                failures.push(format!(
                    "{} in {layout}, page {number}: cannot decode {} ({err})",
                    case.stem,
                    path.display()
                ));
                continue;
            }
        };
        let comparison = pixels::compare(&reference, page);
        if !comparison.passes() {
            write(&files.actual, &pixels::encode_small(page));
            write(&files.diff, &pixels::encode_small(&comparison.diff));
            let size = if reference.dimensions() == page.dimensions() {
                String::new()
            } else {
                format!(
                    " (size {}×{} instead of {}×{})",
                    page.width(),
                    page.height(),
                    reference.width(),
                    reference.height()
                )
            };
            failures.push(format!(
                "{} in {layout}, page {number}: {} pixels differ (at most {} may){size}\n    \
                 reference: {}\n    actual:    {}\n    diff:      {}",
                case.stem,
                comparison.differing,
                pixels::MAX_DIFFERING_PIXELS,
                path.display(),
                files.actual.display(),
                files.diff.display()
            ));
        }
    }
    failures
}

/// Renders every case with `layout` and checks (or, with `UPDATE_REFS=1`, rewrites) its pages.
fn check_layout(layout: &str) {
    let update = updating();
    let mut failures = Vec::new();
    let mut page_count = 0;
    for case in cases() {
        clear_old_diffs(layout, &case.stem);
        let bytes = std::fs::read(&case.path)
            .unwrap_or_else(|err| panic!("cannot read {} ({err})", case.path.display()));
        let rendered = match render_with(&bytes, layout) {
            Ok(rendered) => rendered,
            Err(err) => {
                failures.push(format!("{} in {layout}: render failed: {err}", case.stem));
                continue;
            }
        };
        let foreign = foreign_fonts(&rendered);
        if !foreign.is_empty() {
            failures.push(format!(
                "{} in {layout}: uses fonts that are not bundled: {foreign:?}",
                case.stem
            ));
        }
        let pages: Vec<RgbaImage> = png_pages(&rendered.compiled, PIXELS_PER_POINT)
            .unwrap_or_else(|err| panic!("{} in {layout}: {err}", case.stem))
            .iter()
            .map(|png| pixels::decode(png).expect("typst-render writes valid PNG"))
            .collect();
        page_count += pages.len();
        if update {
            update_references(layout, &case, &pages);
        } else {
            failures.extend(compare_with_references(layout, &case, &pages));
        }
    }
    assert!(
        failures.is_empty(),
        "layout {layout}: {} problem(s) in {page_count} page(s):\n  - {}\n\
         hint: if the change is intended, run `UPDATE_REFS=1 cargo test --test layouts` and \
         review the new images in tests/refs/{layout}/",
        failures.len(),
        failures.join("\n  - ")
    );
}

/// Generates one test per layout, so each fails on its own and they run in parallel.
macro_rules! layout_tests {
    ($($name:ident,)*) => {
        $(
            #[test]
            fn $name() {
                check_layout(stringify!($name));
            }
        )*

        #[test]
        fn every_built_in_layout_has_a_test() {
            let tested = [$(stringify!($name)),*];
            let built_in: Vec<&str> = BUILTIN_LAYOUTS.iter().map(|layout| layout.name).collect();
            assert_eq!(built_in, tested, "add a line to layout_tests! for each new layout");
        }
    };
}

layout_tests! {
    classic,
    modern,
    sidebar,
    compact,
}

/// The comparison is tight enough to see one changed word of a résumé.
#[test]
fn a_changed_word_fails_the_comparison() {
    let original = std::fs::read(root().join("tests/samples/clean-en.md"))
        .expect("the clean sample is in the repository");
    let original = String::from_utf8(original).expect("the clean sample is UTF-8");
    let changed = original.replacen("Kafka", "Kafta", 1);
    assert_ne!(original, changed, "the clean sample mentions Kafka");
    let first_page = |text: &str| {
        let rendered = render_with(text.as_bytes(), "classic").expect("the sample renders");
        let png = png_pages(&rendered.compiled, PIXELS_PER_POINT).expect("the page rasterises");
        pixels::decode(&png[0]).expect("typst-render writes valid PNG")
    };
    let comparison = pixels::compare(&first_page(&original), &first_page(&changed));
    assert!(
        !comparison.passes(),
        "changing one letter of one word changed only {} pixels",
        comparison.differing
    );
}

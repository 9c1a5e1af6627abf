//! The command-line front end: parses arguments, drives the library, prints, and picks the exit
//! code. This is the only place that prints or reads the environment.

mod args;
mod bench;
mod diff;
mod fonts;
mod input;
mod report;
mod watch;
mod writer;

use std::io::Write;
use std::num::NonZeroUsize;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{CommandFactory, Parser};
use rayon::iter::{IndexedParallelIterator, IntoParallelIterator, ParallelIterator};

use cvpdf::export::{self, PdfSettings, Standard};
use cvpdf::render::{self, RenderOptions};
use cvpdf::text::{self, RepairOptions};
use cvpdf::typeset::{
    BUILTIN_LAYOUTS, DocumentDate, Icons, Layout, LayoutSettings, Paper, TypesetOptions,
};

use self::args::{Cli, Command, IconsArg, LayoutArgs, PaperArg, PdfStandardArg, RenderArgs};
use self::report::Reporter;

/// Runs cvpdf with the process's arguments and returns its exit code.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    report::init_color(cli.color);
    match cli.command {
        Command::Render(args) => render_files(&args),
        // One résumé at a time: each render may use the cores a batch of one would give it.
        Command::Watch(args) => {
            let threads = share_cores(cores(), 1).1;
            render::warm_up(threads, &args.layout.layout);
            match render_options(&args) {
                Ok(options) => watch::run(&args, &RenderOptions { threads, ..options }),
                Err(message) => {
                    eprintln!("error: {message}");
                    Ok(ExitCode::from(2))
                }
            }
        }
        Command::Repair(args) => repair_file(&args),
        Command::Parse(args) => parse_file(&args),
        Command::Fonts(args) => {
            let options = RenderOptions {
                typeset: TypesetOptions {
                    layout: match layout(&args.layout) {
                        Ok(layout) => layout,
                        Err(message) => {
                            eprintln!("error: {message}");
                            return Ok(ExitCode::from(2));
                        }
                    },
                    extra_fonts: match fonts::extra_fonts(&args.fonts, None) {
                        Ok(fonts) => fonts,
                        Err(message) => {
                            eprintln!("error: {message}");
                            return Ok(ExitCode::from(2));
                        }
                    },
                    ..TypesetOptions::default()
                },
                fonts: fonts::policy(&args.fonts),
                ..RenderOptions::default()
            };
            fonts::command(&args, options)
        }
        Command::Bench(args) => bench::run(&args).map(|()| ExitCode::SUCCESS),
        Command::Init(args) => init(&args),
        Command::Diff(args) => diff::run(&args),
        Command::Completions(args) => {
            let mut script = Vec::new();
            clap_complete::generate(args.shell, &mut Cli::command(), "cvpdf", &mut script);
            write_stdout(&script)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Man => {
            let mut page = Vec::new();
            clap_mangen::Man::new(Cli::command()).render(&mut page)?;
            write_stdout(&page)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Layouts => {
            let mut out = std::io::stdout().lock();
            for layout in BUILTIN_LAYOUTS {
                writeln!(out, "{:<10} {}", layout.name, layout.description)?;
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Returns the number of cores this process may use.
fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, NonZeroUsize::get)
}

/// The most threads one résumé's render is given: Typst's parallel work is a page (run) each,
/// and a résumé has a few pages; every thread costs a start and a stack.
const MAX_THREADS_PER_RENDER: usize = 4;

/// Shares `cores` among a batch of `files`: returns its workers (one a file, at most one a core)
/// and the threads each worker's render may use (the cores no worker takes, shared out, at most
/// [`MAX_THREADS_PER_RENDER`]).
fn share_cores(cores: usize, files: usize) -> (usize, NonZeroUsize) {
    let workers = cores.min(files).max(1);
    let threads = (cores / workers).min(MAX_THREADS_PER_RENDER);
    (
        workers,
        NonZeroUsize::new(threads).unwrap_or(NonZeroUsize::MIN),
    )
}

/// Renders every file of the batch; a failing file does not stop the others.
fn render_files(args: &RenderArgs) -> anyhow::Result<ExitCode> {
    // The batch runs on a pool of its own: each of its workers waits for its rendering thread
    // (which has the time limit, and a pool of its own for Typst's parallel work). Waiting
    // workers in rayon's global pool would starve anything else that used it. It has no more
    // workers than files: a worker with nothing to do spins a while before it sleeps, and beside
    // a single résumé's rendering thread, starting on two cores, it kept that thread from a core
    // for about a millisecond. The cores no worker takes go to each résumé's own render.
    let (workers, threads) = share_cores(cores(), args.files.len());
    // First of all, so that the warm-up runs while the batch is set up and the résumé read.
    render::warm_up(threads, &args.layout.layout);
    let mut reporter = Reporter::new(&args.output);
    let mut options = match render_options(args) {
        Ok(options) => options,
        Err(message) => {
            reporter.fatal(&message);
            return Ok(ExitCode::from(2));
        }
    };
    if let Some(dir) = &args.out_dir
        && let Err(message) = input::check_out_dir(dir)
    {
        reporter.fatal(&message);
        return Ok(ExitCode::FAILURE);
    }

    // Claim output paths in input order first, so which of two same-named inputs fails does not
    // depend on which thread finishes first.
    let mut claimed: Vec<PathBuf> = Vec::new();
    let jobs: Vec<(&PathBuf, Result<PathBuf, input::Failure>)> = args
        .files
        .iter()
        .map(|file| {
            let pdf_path = input::output_path(file, args.out_dir.as_deref(), "pdf")
                .and_then(|pdf_path| claim(&mut claimed, pdf_path));
            (file, pdf_path)
        })
        .collect();

    // Render over all cores, with a progress bar on a terminal; report in input order once all
    // are done.
    let progress = report::progress(jobs.len(), args.output.quiet);
    options.threads = threads;
    let pool = batch_pool(workers)?;
    // A batch of one has nothing to write beside: its worker writes the PDF itself rather than
    // start a thread to hand it to (a cold render was about 1.5 % faster).
    let one_file = jobs.len() == 1;
    let (writer, queue) = writer::channel();
    let (outcomes, written) = std::thread::scope(|scope| {
        let writing = (!one_file).then(|| scope.spawn(move || queue.run()));
        let outcomes: Vec<(&PathBuf, Result<Done, input::Failure>, f64)> = pool.install(|| {
            jobs.into_par_iter()
                .enumerate()
                .map(|(index, (file, pdf_path))| {
                    let start = std::time::Instant::now();
                    let outcome = pdf_path.and_then(|pdf_path| {
                        render_one(file, pdf_path, args, &options, |path, pdf| {
                            if one_file {
                                write_output(&path, &pdf)
                            } else {
                                writer.write(index, path, pdf)
                            }
                        })
                    });
                    // Typst's caches grow with every document; drop what the last eight did
                    // not use (four dropped layouts the next document could have reused: a
                    // batch of 1,000 took about 10 % longer, for 8–10 MiB less peak RSS). A
                    // batch of one ends here: evicting would only delay the exit.
                    if !one_file {
                        comemo::evict(8);
                    }
                    progress.inc(1);
                    (file, outcome, start.elapsed().as_secs_f64() * 1000.0)
                })
                .collect()
        });
        drop(writer);
        let written = writing.map(|writing| writing.join().unwrap_or_default());
        (outcomes, written.unwrap_or_default())
    });
    progress.finish_and_clear();
    let mut written: std::collections::HashMap<usize, Result<(), input::Failure>> =
        written.into_iter().collect();
    let outcomes = outcomes
        .into_iter()
        .enumerate()
        .map(|(index, (file, outcome, millis))| {
            let outcome = outcome.and_then(|done| match written.remove(&index) {
                Some(Ok(())) => Ok(done),
                Some(Err(failure)) => Err(failure),
                // Written by the worker, which failed the file if the write failed.
                None if one_file => Ok(done),
                None => Err(writer::stopped(&done.pdf_path)),
            });
            (file, outcome, millis)
        });
    for (file, outcome, millis) in outcomes {
        let warnings_before = reporter.warnings();
        let record = match &outcome {
            Ok(done) => {
                done.report(file, &mut reporter);
                done.record(file, reporter.warnings() - warnings_before, millis)
            }
            Err(failure) => {
                reporter.file_failed(file, failure);
                failure_record(file, failure, millis)
            }
        };
        if args.report == args::ReportFormat::Json {
            write_stdout(format!("{record}\n").as_bytes())?;
        }
    }
    reporter.summary();
    Ok(if reporter.failed() > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// The pool a batch's workers run on, the calling thread its first worker.
///
/// The calling thread would only wait for the pool otherwise: a batch of one would hand its
/// résumé from thread to thread (this one, a worker, the rendering thread), each hand-off a
/// wake-up that waited for a core at the start of a cold render. Its first worker also finds
/// the rendering threads that [`render::warm_up`] started for the calling thread.
fn batch_pool(workers: usize) -> Result<rayon::ThreadPool, rayon::ThreadPoolBuildError> {
    let builder = || {
        rayon::ThreadPoolBuilder::new()
            .num_threads(workers)
            .thread_name(|index| format!("cvpdf-batch-{index}"))
    };
    // A thread can be a worker of one pool only (the registry of a pool that has it is kept
    // until the process ends, once per process here).
    builder()
        .use_current_thread()
        .build()
        .or_else(|_| builder().build())
}

/// The `--report json` record of a file that failed.
fn failure_record(file: &Path, failure: &input::Failure, millis: f64) -> serde_json::Value {
    serde_json::json!({
        "input": file,
        "status": "failed",
        "error": failure.message,
        "hint": failure.hint,
        "millis": (millis * 100.0).round() / 100.0,
    })
}

/// Writes one output file atomically, describing a failure the way the batch reports it.
fn write_output(path: &Path, bytes: &[u8]) -> Result<(), input::Failure> {
    export::write_atomic(path, bytes).map_err(|err| {
        input::Failure::new(format!(
            "failed to write {} ({})",
            path.display(),
            input::io_reason(&err)
        ))
    })
}

/// Claims `pdf_path` for one input, failing if an earlier input of the batch claimed it.
fn claim(claimed: &mut Vec<PathBuf>, pdf_path: PathBuf) -> Result<PathBuf, input::Failure> {
    if claimed.contains(&pdf_path) {
        return Err(input::Failure::new(format!(
            "would overwrite {}, written for an earlier input of the same name",
            pdf_path.display()
        ))
        .hint("render files with the same name into different directories"));
    }
    claimed.push(pdf_path.clone());
    Ok(pdf_path)
}

/// What one rendered file leaves to report, once its PDF is on disk.
struct Done {
    pdf_path: PathBuf,
    pages: usize,
    repaired: cvpdf::text::Repaired,
    diagnostics: Vec<cvpdf::diagnostic::Diagnostic>,
    layout_warnings: Vec<String>,
    fonts: cvpdf::render::FontReport,
    fit: Option<cvpdf::typeset::fit::FitOutcome>,
}

impl Done {
    /// The `--report json` record of a rendered file.
    fn record(&self, file: &Path, warnings: usize, millis: f64) -> serde_json::Value {
        serde_json::json!({
            "input": file,
            "status": "rendered",
            "output": self.pdf_path,
            "pages": self.pages,
            "warnings": warnings,
            "repairs": self.repaired.repairs.len(),
            "encoding": self.repaired.encoding,
            "fit": self.fit.as_ref().map(|fit| serde_json::json!({
                "fits": fit.fits(),
                "natural_pages": fit.natural_pages,
                "spacing": fit.fit.spacing,
                "margin": fit.fit.margin,
                "size": fit.fit.size,
            })),
            "system_fonts": self.fonts.added.iter().map(|family| &family.family).collect::<Vec<_>>(),
            "millis": (millis * 100.0).round() / 100.0,
        })
    }

    fn report(&self, file: &Path, reporter: &mut Reporter) {
        reporter.repairs(file, &self.repaired);
        reporter.diagnostics(file, &self.repaired.text, &self.repaired.diagnostics);
        reporter.diagnostics(file, &self.repaired.text, &self.diagnostics);
        reporter.layout_warnings(file, &self.layout_warnings);
        reporter.fonts(file, &self.repaired.text, &self.fonts);
        if let Some(fit) = &self.fit {
            reporter.fit(file, fit);
        }
        reporter.rendered(file, &self.pdf_path, self.pages);
    }
}

/// Renders one file and hands its PDF to `write_pdf`; writes its PNG pages and Typst project.
fn render_one(
    file: &Path,
    pdf_path: PathBuf,
    args: &RenderArgs,
    options: &RenderOptions,
    write_pdf: impl FnOnce(PathBuf, Vec<u8>) -> Result<(), input::Failure>,
) -> Result<Done, input::Failure> {
    let bytes = input::read_resume(file)?;
    let limit = std::time::Duration::from_secs(args.timeout);
    let mut rendered =
        render::render_within(bytes, options, limit).map_err(input::Failure::from_render)?;
    write_pdf(pdf_path.clone(), std::mem::take(&mut rendered.pdf))?;
    if args.png {
        let pngs = export::png_pages(&rendered.compiled, args.png_dpi / 72.0)
            .map_err(|err| input::Failure::new(err.to_string()))?;
        for (index, png) in pngs.iter().enumerate() {
            let stem = pdf_path.file_stem().unwrap_or_default().to_string_lossy();
            let png_path = pdf_path.with_file_name(format!("{stem}-{}.png", index + 1));
            write_output(&png_path, png)?;
        }
    }
    if let Some(dir) = &args.emit_typst {
        let stem = pdf_path.file_stem().unwrap_or_default();
        let mut extra_fonts = options.typeset.extra_fonts.clone();
        for family in &rendered.fonts.added {
            extra_fonts.extend(family.fonts.iter().cloned());
        }
        let project = dir.join(stem);
        cvpdf::emit::typst_project(
            &project,
            &rendered.parsed.profile,
            &options.typeset.layout,
            &rendered.compiled,
            options.typeset.date,
            &extra_fonts,
        )
        .map_err(|err| {
            input::Failure::new(format!(
                "failed to write the Typst project {} ({})",
                project.display(),
                input::io_reason(&err)
            ))
        })?;
    }
    Ok(Done {
        pdf_path,
        pages: rendered.compiled.page_count(),
        repaired: rendered.repaired,
        diagnostics: rendered.parsed.diagnostics,
        layout_warnings: rendered.compiled.warnings,
        fonts: rendered.fonts,
        fit: rendered.fit,
    })
}

/// Validates and normalises the render flags once, before any work.
fn render_options(args: &RenderArgs) -> Result<RenderOptions, String> {
    let date = DocumentDate {
        unix_seconds: args.date.unwrap_or(DocumentDate::default().unix_seconds),
    };
    if date.to_datetime().is_none() {
        return Err("the document date is out of range (years 1900 to 9999)".to_owned());
    }
    let standards = standards(&args.pdf_standard)?;
    Ok(RenderOptions {
        repair: RepairOptions {
            no_repair: args.repair.no_repair,
        },
        typeset: TypesetOptions {
            layout: layout(&args.layout.layout)?,
            settings: layout_settings(&args.layout),
            date,
            extra_fonts: fonts::extra_fonts(&args.fonts, args.layout.font.as_deref())?,
        },
        pdf: PdfSettings { standards, date },
        fonts: fonts::policy(&args.fonts),
        max_pages: args.max_pages.map(usize::from),
        ats_text: args.ats_text,
        threads: NonZeroUsize::MIN,
    })
}

fn standards(args: &[PdfStandardArg]) -> Result<Vec<Standard>, String> {
    if args.contains(&PdfStandardArg::None) {
        if args.len() > 1 {
            return Err("--pdf-standard none cannot be combined with a standard".to_owned());
        }
        return Ok(Vec::new());
    }
    let mut standards = Vec::new();
    for arg in args {
        let standard = match arg {
            PdfStandardArg::A2b => Standard::A2b,
            PdfStandardArg::A3b => Standard::A3b,
            PdfStandardArg::Ua1 => Standard::Ua1,
            PdfStandardArg::None => unreachable!("handled above"),
        };
        if !standards.contains(&standard) {
            standards.push(standard);
        }
    }
    if standards.contains(&Standard::A2b) && standards.contains(&Standard::A3b) {
        return Err("choose one PDF/A standard: a-2b or a-3b".to_owned());
    }
    Ok(standards)
}

/// Resolves `--layout`: a built-in name, or a path to the user's own `.typ` file.
fn layout(name: &str) -> Result<Layout, String> {
    if let Some(layout) = Layout::builtin(name) {
        return Ok(layout);
    }
    let path = Path::new(name);
    if path.extension().is_some_and(|ext| ext == "typ") {
        let text = std::fs::read_to_string(path).map_err(|err| {
            format!(
                "cannot read layout {} ({})",
                path.display(),
                input::io_reason(&err)
            )
        })?;
        return Ok(Layout::Custom {
            path: path.to_path_buf(),
            text,
        });
    }
    let names: Vec<&str> = BUILTIN_LAYOUTS.iter().map(|layout| layout.name).collect();
    Err(format!(
        "unknown layout '{name}'\nhint: choose one of {}, or give the path of a .typ file",
        names.join(", ")
    ))
}

fn layout_settings(args: &LayoutArgs) -> LayoutSettings {
    LayoutSettings {
        paper: match args.paper {
            PaperArg::A4 => Paper::A4,
            PaperArg::UsLetter => Paper::UsLetter,
        },
        accent: args.accent.clone(),
        font: args.font.clone(),
        icons: match args.icons {
            IconsArg::Keep => Icons::Keep,
            IconsArg::Mono => Icons::Mono,
            IconsArg::None => Icons::None,
        },
        lang: args.lang.clone().unwrap_or_default(),
        title: args.title.clone(),
        ..LayoutSettings::default()
    }
}

/// `cvpdf repair`: repaired text on stdout (or in place), the report on stderr.
fn repair_file(args: &args::RepairArgs) -> anyhow::Result<ExitCode> {
    let mut reporter = Reporter::new(&args::OutputArgs {
        quiet: false,
        verbose: true,
    });
    let bytes = match input::read_resume_or_stdin(&args.file) {
        Ok(bytes) => bytes,
        Err(failure) => {
            reporter.file_failed(&args.file, &failure);
            return Ok(ExitCode::FAILURE);
        }
    };
    let options = RepairOptions {
        no_repair: args.repair.no_repair,
    };
    let repaired = match text::repair_with(&bytes, &options) {
        Ok(repaired) => repaired,
        Err(err) => {
            reporter.file_failed(&args.file, &input::Failure::new(err.to_string()));
            return Ok(ExitCode::FAILURE);
        }
    };
    reporter.repairs(&args.file, &repaired);
    reporter.diagnostics(&args.file, &repaired.text, &repaired.diagnostics);
    if args.in_place {
        if args.file == Path::new("-") {
            reporter.fatal("--in-place needs a file, not standard input");
            return Ok(ExitCode::from(2));
        }
        let mut backup = args.file.clone().into_os_string();
        backup.push(".bak");
        std::fs::copy(&args.file, &backup)?;
        export::write_atomic(&args.file, repaired.text.as_bytes())?;
    } else {
        write_stdout(repaired.text.as_bytes())?;
    }
    Ok(ExitCode::SUCCESS)
}

/// `cvpdf parse`: the profile as pretty JSON on stdout, diagnostics on stderr.
fn parse_file(args: &args::ParseArgs) -> anyhow::Result<ExitCode> {
    let mut reporter = Reporter::new(&args::OutputArgs {
        quiet: false,
        verbose: false,
    });
    let bytes = match input::read_resume_or_stdin(&args.file) {
        Ok(bytes) => bytes,
        Err(failure) => {
            reporter.file_failed(&args.file, &failure);
            return Ok(ExitCode::FAILURE);
        }
    };
    let options = RepairOptions {
        no_repair: args.repair.no_repair,
    };
    let parsed = text::repair_with(&bytes, &options)
        .map_err(|err| input::Failure::new(err.to_string()))
        .and_then(|repaired| {
            reporter.repairs(&args.file, &repaired);
            render::read_profile(&repaired.text)
                .map(|parsed| (repaired, parsed))
                .map_err(input::Failure::from_render)
        });
    let (repaired, parsed) = match parsed {
        Ok(pair) => pair,
        Err(failure) => {
            reporter.file_failed(&args.file, &failure);
            return Ok(ExitCode::FAILURE);
        }
    };
    reporter.diagnostics(&args.file, &repaired.text, &repaired.diagnostics);
    reporter.diagnostics(&args.file, &repaired.text, &parsed.diagnostics);
    let json = match args.format {
        args::ParseFormat::Profile => serde_json::to_string_pretty(&parsed.profile)?,
        args::ParseFormat::JsonResume => cvpdf::jsonresume::to_json_resume_string(&parsed.profile),
    };
    write_stdout(format!("{json}\n").as_bytes())?;
    Ok(ExitCode::SUCCESS)
}

/// The starter résumé `cvpdf init` writes.
const STARTER: &str = include_str!("starter.md");

/// `cvpdf init`: writes the starter résumé, never over an existing file.
fn init(args: &args::InitArgs) -> anyhow::Result<ExitCode> {
    let text = match &args.name {
        Some(name) if !name.trim().is_empty() => {
            STARTER.replacen("# Your Name", &format!("# {}", name.trim()), 1)
        }
        _ => STARTER.to_owned(),
    };
    let file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&args.output);
    let mut file = match file {
        Ok(file) => file,
        Err(err) => {
            eprintln!(
                "error: cannot create {} ({})\n  hint: choose another file with -o FILE",
                args.output.display(),
                if err.kind() == std::io::ErrorKind::AlreadyExists {
                    "it already exists".to_owned()
                } else {
                    input::io_reason(&err)
                }
            );
            return Ok(ExitCode::FAILURE);
        }
    };
    file.write_all(text.as_bytes())?;
    eprintln!(
        "wrote {0}; edit it, then run `cvpdf render {0}`",
        args.output.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// Writes `bytes` to stdout; a reader that went away early (`| head`) is not an error.
fn write_stdout(bytes: &[u8]) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Err(err) if err.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_batch_takes_a_worker_a_file_and_leaves_spare_cores_to_each_render() {
        let shared = |cores, files| {
            let (workers, threads) = share_cores(cores, files);
            (workers, threads.get())
        };
        assert_eq!(shared(2, 1), (1, 2));
        assert_eq!(shared(2, 1000), (2, 1));
        assert_eq!(shared(8, 2), (2, 4));
        assert_eq!(shared(4, 3), (3, 1));
        assert_eq!(shared(1, 5), (1, 1));
        assert_eq!(shared(2, 0), (1, 2));
        assert_eq!(shared(0, 3), (1, 1));
        assert_eq!(shared(64, 1), (1, MAX_THREADS_PER_RENDER));
        assert_eq!(shared(64, 3), (3, MAX_THREADS_PER_RENDER));
        assert_eq!(shared(64, 1000), (64, 1));
    }
}

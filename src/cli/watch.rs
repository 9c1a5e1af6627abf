//! `cvpdf watch`: re-render on every save.
//!
//! Each file is rendered once, then again whenever it changes. The process keeps Typst's
//! memoised state between renders, so a re-render after a small edit takes milliseconds. A file
//! that is broken for a moment (half-saved, a typo) prints its error and is tried again on the
//! next save; the last good PDF stays in place.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use notify::{RecursiveMode, Watcher};

use super::args::RenderArgs;
use super::report::Reporter;
use super::{input, render_one, write_output};
use cvpdf::render::RenderOptions;

/// How long to wait for an editor to finish saving before rendering.
const SETTLE: Duration = Duration::from_millis(80);

/// Renders `args.files`, then re-renders each one whenever it changes, until interrupted.
pub fn run(args: &RenderArgs, options: &RenderOptions) -> anyhow::Result<ExitCode> {
    let files: Vec<PathBuf> = args
        .files
        .iter()
        .map(|file| std::path::absolute(file).unwrap_or_else(|_| file.clone()))
        .collect();
    let (sender, events) = mpsc::channel();
    let mut watcher = notify::recommended_watcher(sender)?;
    // Watch the directories: editors often save by writing a new file and renaming it.
    let mut dirs: Vec<&Path> = files.iter().filter_map(|file| file.parent()).collect();
    dirs.sort();
    dirs.dedup();
    for dir in dirs {
        watcher.watch(dir, RecursiveMode::NonRecursive)?;
    }
    for (file, shown) in files.iter().zip(&args.files) {
        render_and_say(file, shown, args, options);
    }
    eprintln!("watching {} file(s); press Ctrl-C to stop", files.len());
    loop {
        let Ok(event) = events.recv() else {
            return Ok(ExitCode::SUCCESS);
        };
        let mut changed: Vec<&PathBuf> = Vec::new();
        let mut note = |event: notify::Result<notify::Event>| {
            if let Ok(event) = event
                && (event.kind.is_modify() || event.kind.is_create())
            {
                for path in &event.paths {
                    if let Some(file) = files.iter().find(|file| *file == path)
                        && !changed.contains(&file)
                    {
                        changed.push(file);
                    }
                }
            }
        };
        note(event);
        // Gather the burst of events one save makes.
        let settle_until = Instant::now() + SETTLE;
        while let Some(left) = settle_until.checked_duration_since(Instant::now()) {
            match events.recv_timeout(left) {
                Ok(event) => note(event),
                Err(_) => break,
            }
        }
        for file in changed {
            let shown = files
                .iter()
                .position(|candidate| candidate == file)
                .and_then(|index| args.files.get(index))
                .map_or(file.as_path(), PathBuf::as_path);
            render_and_say(file, shown, args, options);
        }
    }
}

/// Renders one file and prints a one-line status.
fn render_and_say(file: &Path, shown: &Path, args: &RenderArgs, options: &RenderOptions) {
    let start = Instant::now();
    let outcome = input::output_path(shown, args.out_dir.as_deref(), "pdf").and_then(|pdf_path| {
        render_one(file, pdf_path, args, options, |path, pdf| {
            write_output(&path, &pdf)
        })
    });
    comemo::evict(8);
    let millis = start.elapsed().as_secs_f64() * 1000.0;
    match outcome {
        Ok(done) => eprintln!(
            "rendered {} -> {} ({} page{}) in {millis:.0} ms",
            shown.display(),
            done.pdf_path.display(),
            done.pages,
            if done.pages == 1 { "" } else { "s" }
        ),
        Err(failure) => Reporter::quiet_errors().file_failed(shown, &failure),
    }
}

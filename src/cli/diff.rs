//! `cvpdf diff OLD_DIR NEW_DIR`: compares page images the way the layout tests do, for people who
//! keep layouts of their own. Make the images with `cvpdf render --png`.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::ExitCode;

use cvpdf::export::write_atomic;
use cvpdf::pixels;

use super::args::DiffArgs;
use super::input::io_reason;

/// Compares every PNG in `args.old` with the file of the same name in `args.new`.
pub fn run(args: &DiffArgs) -> anyhow::Result<ExitCode> {
    let old = match pngs(&args.old) {
        Ok(names) => names,
        Err(message) => {
            eprintln!("error: {message}");
            return Ok(ExitCode::from(2));
        }
    };
    let new = match pngs(&args.new) {
        Ok(names) => names,
        Err(message) => {
            eprintln!("error: {message}");
            return Ok(ExitCode::from(2));
        }
    };
    let out = args.out.clone().unwrap_or_else(|| args.new.join("diff"));
    let mut changed = 0usize;
    for name in old.union(&new) {
        let (Some(before), Some(after)) = (old.get(name), new.get(name)) else {
            changed += 1;
            let side = if old.contains(name) {
                "only in the old"
            } else {
                "only in the new"
            };
            println!("{name}: {side} directory");
            continue;
        };
        let read = |dir: &Path, file: &String| {
            std::fs::read(dir.join(file))
                .map_err(|err| format!("{}: {}", dir.join(file).display(), io_reason(&err)))
                .and_then(|bytes| {
                    pixels::decode(&bytes).map_err(|err| {
                        format!("{}: not a PNG image ({err})", dir.join(file).display())
                    })
                })
        };
        let (reference, actual) = match (read(&args.old, before), read(&args.new, after)) {
            (Ok(reference), Ok(actual)) => (reference, actual),
            (Err(message), _) | (_, Err(message)) => {
                eprintln!("error: {message}");
                changed += 1;
                continue;
            }
        };
        let comparison = pixels::compare(&reference, &actual);
        if comparison.passes() {
            println!("{name}: same ({} pixels differ)", comparison.differing);
            continue;
        }
        changed += 1;
        std::fs::create_dir_all(&out)?;
        let diff_path = out.join(name.replace(".png", "-diff.png"));
        write_atomic(&diff_path, &pixels::encode_small(&comparison.diff))?;
        println!(
            "{name}: {} pixels differ; changes in red: {}",
            comparison.differing,
            diff_path.display()
        );
    }
    Ok(if changed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// The PNG file names in `dir`.
fn pngs(dir: &Path) -> Result<BTreeSet<String>, String> {
    let entries = std::fs::read_dir(dir)
        .map_err(|err| format!("cannot read {} ({})", dir.display(), io_reason(&err)))?;
    Ok(entries
        .filter_map(Result::ok)
        .filter_map(|entry| entry.file_name().into_string().ok())
        .filter(|name| name.ends_with(".png") && !name.ends_with("-diff.png"))
        .collect())
}

//! `cvpdf bench`: the figures README's Performance section quotes, measured on this machine.
//!
//! Everything runs from the binary alone (the seeds are embedded), so a fresh clone measures with
//! `cargo run --release -- bench`. Each figure is taken over repeated runs and printed as
//! min / median / max.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use cvpdf::parse;
use cvpdf::render::{self, RenderOptions};
use cvpdf::text;

use super::args::BenchArgs;

/// The seeds, as they arrived (damaged encodings included).
const SEEDS: [(&str, &[u8]); 2] = [
    (
        "000_aa0fae0c06efd418.txt",
        include_bytes!("../../seeds/000_aa0fae0c06efd418.txt"),
    ),
    (
        "003_9fb50c5e6b2b3f56.txt",
        include_bytes!("../../seeds/003_9fb50c5e6b2b3f56.txt"),
    ),
];

/// Runs every benchmark and prints the figures.
pub fn run(args: &BenchArgs) -> anyhow::Result<()> {
    let runs = args.runs.max(3);
    let work = tempfile::tempdir()?;
    let seeds: Vec<PathBuf> = SEEDS
        .iter()
        .map(|(name, bytes)| {
            let path = work.path().join(name);
            std::fs::write(&path, bytes).map(|()| path)
        })
        .collect::<Result<_, _>>()?;
    let options = RenderOptions::default();

    println!(
        "cvpdf {} bench, {runs} runs each (min / median / max)",
        env!("CARGO_PKG_VERSION")
    );

    let ten_kb = ten_kilobytes(SEEDS[0].1);
    report(
        &format!("repair, {} KB damaged text", ten_kb.len() / 1000),
        &time(runs * 10, || {
            let _ = text::repair(&ten_kb);
        }),
    );
    let lost = lost_letters();
    report(
        "repair, 10 KB of many scripts with lost bytes",
        &time(runs * 10, || {
            let _ = text::repair(&lost);
        }),
    );
    let repaired = text::repair(SEEDS[0].1)?.text;
    report(
        "parse, seed 000",
        &time(runs * 10, || {
            let _ = parse::parse(&repaired);
        }),
    );
    for (name, bytes) in SEEDS {
        let _ = render::render(bytes, &options)?;
        report(
            &format!("warm render in-process, {name}"),
            &time(runs, || {
                let _ = render::render(bytes, &options);
            }),
        );
    }
    let mut edit = 0;
    let original = String::from_utf8_lossy(SEEDS[0].1).into_owned();
    report(
        "warm re-render after an edit, seed 000",
        &time(runs, || {
            edit += 1;
            let changed = original.replacen("Golang", &format!("Golang {edit}"), 1);
            let _ = render::render(changed.as_bytes(), &options);
        }),
    );

    let exe = std::env::current_exe()?;
    let out = work.path().join("out");
    std::fs::create_dir(&out)?;
    for seed in &seeds {
        let name = seed.file_name().unwrap_or_default().to_string_lossy();
        report(
            &format!("cold whole-process render, {name}"),
            &time(runs, || {
                let _ = Command::new(&exe)
                    .args(["render", "-q", "-o"])
                    .arg(&out)
                    .arg(seed)
                    .status();
            }),
        );
    }
    if let Some(typst) = typst_binary(args.typst.as_deref()) {
        compare_with_typst(&exe, &typst, &seeds, work.path(), runs)?;
    } else {
        println!(
            "  (no `typst` on PATH: pass --typst PATH for the side-by-side with typst compile)"
        );
    }

    let batch_dir = work.path().join("batch");
    std::fs::create_dir(&batch_dir)?;
    let files = generate_batch(&batch_dir, args.batch)?;
    report_typst_share(&files, &options)?;
    let batch_out = work.path().join("batch-out");
    std::fs::create_dir(&batch_out)?;
    let mut peak = 0;
    let timings = time(3, || {
        let _ = Command::new(&exe)
            .args(["render", "-q", "-o"])
            .arg(&batch_out)
            .args(&files)
            .status();
        peak = peak.max(children_peak_rss());
    });
    report(
        &format!("batch of {} generated résumés", files.len()),
        &timings,
    );
    if peak > 0 {
        println!(
            "  peak RSS of the batch process: {:.1} MiB",
            peak as f64 / 1024.0 / 1024.0
        );
    }
    Ok(())
}

/// Times Typst's own part of a batch: layout and PDF export of each generated résumé in turn,
/// with the text repaired and parsed beforehand and the cache kept as the batch keeps it. This is
/// the floor under the batch figure: no change to cvpdf's own work goes below it.
fn report_typst_share(files: &[PathBuf], options: &RenderOptions) -> anyhow::Result<()> {
    let mut prepared = Vec::new();
    for file in files.iter().take(200) {
        let repaired = text::repair(&std::fs::read(file)?)?.text;
        let profile = render::read_profile(&repaired)?.profile;
        let mut typeset = options.typeset.clone();
        typeset.settings.lang = text::lang::detect(&repaired).to_owned();
        prepared.push((profile, typeset));
    }
    let mut next = prepared.iter();
    let cpu_before = cpu_time();
    let timings = time(prepared.len(), || {
        if let Some((profile, typeset)) = next.next()
            && let Ok(compiled) = render::typeset_profile(profile, typeset)
        {
            let _ = cvpdf::export::pdf(&compiled, &options.pdf);
        }
        comemo::evict(8);
    });
    report(
        &format!("Typst alone (layout, PDF), {} of the batch", prepared.len()),
        &timings,
    );
    let count = timings.len().max(1) as f64;
    let total: Duration = timings.iter().sum();
    let cpu = cpu_time().saturating_sub(cpu_before);
    println!(
        "  mean {:.2} ms a résumé, {:.2} ms of CPU (all threads)",
        total.as_secs_f64() * 1000.0 / count,
        cpu.as_secs_f64() * 1000.0 / count
    );
    Ok(())
}

/// The seed repeated (line by line) up to 10 KB: a long résumé with the same damage.
fn ten_kilobytes(seed: &[u8]) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(10_240);
    while bytes.len() < 10_000 {
        let room = 10_000 - bytes.len();
        let take = seed.len().min(room);
        let cut = seed[..take]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(take, |at| at + 1);
        bytes.extend_from_slice(&seed[..cut]);
        if cut == 0 {
            break;
        }
    }
    bytes
}

/// 10 KB of the repair tests' corpus (résumé lines in 20 languages and scripts) as UTF-8 that an
/// editor read as Windows-1252, dropping the bytes that page leaves undefined: the heaviest case
/// for the repair, in which many letters lost a byte and the letter models choose them.
fn lost_letters() -> Vec<u8> {
    let corpus = include_str!("../text/corpus.txt");
    let lines: String = corpus
        .lines()
        .filter(|l| !l.starts_with('#'))
        .map(|l| format!("{l}\n"))
        .collect();
    let utf8 = ten_kilobytes(lines.as_bytes());
    let (misread, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(&utf8);
    // The bytes Windows-1252 leaves undefined decode to C1 controls here; the editor dropped them.
    misread
        .chars()
        .filter(|c| !('\u{80}'..='\u{9f}').contains(c))
        .collect::<String>()
        .into_bytes()
}

/// Writes `count` résumés varied from the seeds' repaired text: another name, some bullets left
/// out, so no two documents are the same.
fn generate_batch(dir: &Path, count: usize) -> anyhow::Result<Vec<PathBuf>> {
    let texts: Vec<String> = SEEDS
        .iter()
        .map(|(_, bytes)| text::repair(bytes).map(|repaired| repaired.text))
        .collect::<Result<_, _>>()?;
    (0..count)
        .map(|index| {
            let seed = &texts[index % texts.len()];
            let path = dir.join(format!("resume-{index:05}.md"));
            std::fs::write(&path, generate(seed, index))?;
            Ok(path)
        })
        .collect()
}

/// Varies `seed` deterministically by `index`.
pub fn generate(seed: &str, index: usize) -> String {
    let mut out = String::with_capacity(seed.len());
    let mut named = false;
    for (number, line) in seed.lines().enumerate() {
        if !named && line.starts_with("# ") {
            out.push_str(&format!("# Candidate {index}\n"));
            named = true;
            continue;
        }
        let trimmed = line.trim_start();
        let mixed = (index.wrapping_mul(2_654_435_761) ^ number.wrapping_mul(40_503)) % 7;
        if trimmed.starts_with("- ") && mixed == 0 {
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

fn typst_binary(given: Option<&Path>) -> Option<PathBuf> {
    if let Some(path) = given {
        return Some(path.to_owned());
    }
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|dir| dir.join("typst"))
            .find(|candidate| candidate.is_file())
    })
}

/// Times `typst compile` on the projects `--emit-typst` writes, beside cvpdf's cold render.
fn compare_with_typst(
    exe: &Path,
    typst: &Path,
    seeds: &[PathBuf],
    work: &Path,
    runs: usize,
) -> anyhow::Result<()> {
    let projects = work.join("typst");
    let out = work.join("typst-out");
    std::fs::create_dir_all(&out)?;
    Command::new(exe)
        .args(["render", "-q", "-o"])
        .arg(&out)
        .arg("--emit-typst")
        .arg(&projects)
        .args(seeds)
        .status()?;
    for seed in seeds {
        let stem = seed.file_stem().unwrap_or_default();
        let project = projects.join(stem);
        report(
            &format!("typst compile, {}", stem.to_string_lossy()),
            &time(runs, || {
                let _ = Command::new(typst)
                    .current_dir(&project)
                    .args([
                        "compile",
                        "--ignore-system-fonts",
                        "--font-path",
                        "fonts",
                        "--creation-timestamp",
                        "315532800",
                        "--pdf-standard",
                        "a-2b,ua-1",
                        "main.typ",
                        "resume.pdf",
                    ])
                    .status();
            }),
        );
    }
    Ok(())
}

/// Runs `f` `runs` times and returns each run's duration.
fn time(runs: usize, mut f: impl FnMut()) -> Vec<Duration> {
    (0..runs)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .collect()
}

fn report(label: &str, timings: &[Duration]) {
    let mut sorted = timings.to_vec();
    sorted.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let (min, median, max) = (
        sorted.first().copied().unwrap_or_default(),
        sorted.get(sorted.len() / 2).copied().unwrap_or_default(),
        sorted.last().copied().unwrap_or_default(),
    );
    println!(
        "  {label:<48} {:>9.2} / {:>9.2} / {:>9.2} ms",
        ms(min),
        ms(median),
        ms(max)
    );
}

/// The resource usage of this process (`libc::RUSAGE_SELF`) or of its waited-for children.
#[cfg(unix)]
fn resource_usage(who: libc::c_int) -> libc::rusage {
    // SAFETY: getrusage writes into the zeroed struct we own and reads nothing else.
    unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        libc::getrusage(who, &raw mut usage);
        usage
    }
}

/// The CPU time this process has used so far, user and system, all threads.
#[cfg(unix)]
fn cpu_time() -> Duration {
    let usage = resource_usage(libc::RUSAGE_SELF);
    let seconds = |time: libc::timeval| {
        Duration::from_secs(u64::try_from(time.tv_sec).unwrap_or(0))
            + Duration::from_micros(u64::try_from(time.tv_usec).unwrap_or(0))
    };
    seconds(usage.ru_utime) + seconds(usage.ru_stime)
}

#[cfg(not(unix))]
fn cpu_time() -> Duration {
    Duration::ZERO
}

/// The largest peak resident set of any waited-for child, in bytes.
#[cfg(unix)]
fn children_peak_rss() -> u64 {
    let usage = resource_usage(libc::RUSAGE_CHILDREN);
    u64::try_from(usage.ru_maxrss).unwrap_or(0) * 1024
}

#[cfg(not(unix))]
fn children_peak_rss() -> u64 {
    0
}

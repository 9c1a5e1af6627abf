//! A small mutation fuzzer that runs on stable Rust.
//!
//! `cvpdf-fuzz <repair|parse> [--seconds N] [--seed S] [--max-len BYTES]`
//!
//! Seeds come from `seeds/`, `tests/samples/` and `tests/fixtures/` of the repository (and
//! `fuzz/corpus/<target>/` when it exists). Each round picks a seed or an earlier interesting
//! input, mutates it (bit flips, byte and token insertions, deletions, duplications, splices,
//! Markdown and Typst syntax, mojibake and encoding markers), and runs the target under
//! `catch_unwind`. An input that panics, breaks an invariant, or takes longer than the time limit
//! is written to `fuzz/artifacts/<target>/` and reported. Without compiler instrumentation there
//! is no coverage feedback: inputs are kept for further mutation when they produce a diagnostic,
//! repair or error kind not seen before (a cheap proxy for new behaviour).

use std::collections::HashSet;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// A per-input time over which the input counts as a hang.
const SLOW: Duration = Duration::from_secs(2);

/// Markdown, Typst, HTML and encoding fragments worth inserting.
const TOKENS: &[&[u8]] = &[
    b"# ",
    b"## ",
    b"### ",
    b"\n",
    b"\r\n",
    b"\r",
    b"- ",
    b"* ",
    b"1. ",
    b"> ",
    b"  ",
    b"\t",
    b"**",
    b"*",
    b"_",
    b"__",
    b"~~",
    b"`",
    b"```",
    b"~~~",
    b"[",
    b"]",
    b"(",
    b")",
    b"](",
    b"![",
    b"<",
    b">",
    b"<br>",
    b"<!--",
    b"-->",
    b"<div>",
    b"</div>",
    b"<img src=x>",
    b"|",
    b"|---|---|\n",
    b"---\n",
    b"===\n",
    b"---\nname: x\n---\n",
    b"[^1]",
    b"[^1]: ",
    b"\\",
    b"#set ",
    b"$",
    b"@",
    b"#",
    b"{",
    b"}",
    b"https://",
    b"mailto:",
    b"tel:",
    b"javascript:",
    b" \xc2\xb7 ",
    b" | ",
    b" \xe2\x80\x94 ",
    b" \xe2\x80\x93 ",
    b"2020 \xe2\x80\x93 Present",
    b"Jan 2020",
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    b"\xfe\xff",
    b"\0",
    b"\xc3\x83\xc2\xbc",
    b"\xc3\x83",
    b"\xc3\xa2\xe2\x82\xac",
    b"\xc3\xb0\xc5\xb8",
    b"\xf0\x9f\x93\xa7",
    b"\xe2\x80\xae",
    b"\xe2\x81\xa6",
    b"\xe2\x80\x8f",
    b"\xef\xbf\xbd",
    b"\x81",
    b"\x8d",
    b"\x90",
    b"\x9d",
    b"\xe9",
    b"\xfc",
    b"\xd8\xb4",
    b"\xcc\x81",
    b"\xe2\x80\x8d",
    b"\xef\xb8\x8f",
    b"Skills",
    b"Experience",
    b"Education",
    b"Languages",
    b": ",
];

/// A xorshift generator: deterministic for a given seed, no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }

    fn chance(&mut self, one_in: u64) -> bool {
        self.next() % one_in == 0
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Target {
    Repair,
    Parse,
}

impl Target {
    fn name(self) -> &'static str {
        match self {
            Target::Repair => "repair",
            Target::Parse => "parse",
        }
    }
}

/// What one input did, for the novelty check; `Err` is a broken invariant.
fn run(target: Target, input: &[u8]) -> Result<Vec<String>, String> {
    let mut features = Vec::new();
    match target {
        Target::Repair => match cvpdf::text::repair(input) {
            Ok(repaired) => {
                check_repaired(&repaired)?;
                features.push(format!("enc:{}", repaired.encoding));
                for repair in &repaired.repairs {
                    features.push(format!("repair:{}:{}", repair.kind, repair.codepage));
                }
                for diagnostic in &repaired.diagnostics {
                    features.push(format!("diag:{}", shape(&diagnostic.message)));
                }
            }
            Err(err) => features.push(format!("err:{}", shape(&err.to_string()))),
        },
        Target::Parse => {
            // Both the raw text and the text as repair hands it on.
            let raw = String::from_utf8_lossy(input);
            parse_one(&raw, &mut features)?;
            if let Ok(repaired) = cvpdf::text::repair(input) {
                parse_one(&repaired.text, &mut features)?;
            }
        }
    }
    Ok(features)
}

fn parse_one(text: &str, features: &mut Vec<String>) -> Result<(), String> {
    match cvpdf::parse::parse(text) {
        Ok(parsed) => {
            for diagnostic in &parsed.diagnostics {
                if let Some(span) = &diagnostic.span
                    && (span.start > span.end || span.end > text.len())
                {
                    return Err(format!(
                        "parse diagnostic span {span:?} outside the text ({} bytes): {}",
                        text.len(),
                        diagnostic.message
                    ));
                }
                features.push(format!("diag:{}", shape(&diagnostic.message)));
            }
            for section in &parsed.profile.sections {
                features.push(format!("section:{:?}", section.kind));
            }
            // The profile must serialise: it is what the layouts receive.
            serde_json_check(&parsed.profile)?;
        }
        Err(err) => features.push(format!("err:{}", shape(&err.to_string()))),
    }
    Ok(())
}

fn serde_json_check(profile: &cvpdf::profile::Profile) -> Result<(), String> {
    let json = serde_json::to_string(profile).map_err(|err| format!("serialising: {err}"))?;
    let back: cvpdf::profile::Profile =
        serde_json::from_str(&json).map_err(|err| format!("reading the JSON back: {err}"))?;
    if &back != profile {
        return Err("the profile does not survive a JSON round trip".to_owned());
    }
    Ok(())
}

/// The invariants `repair` promises: clean text, spans inside it.
fn check_repaired(repaired: &cvpdf::text::Repaired) -> Result<(), String> {
    let text = &repaired.text;
    if let Some(c) = text.chars().find(|&c| {
        (c.is_control() && c != '\t' && c != '\n')
            || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
    }) {
        return Err(format!("repaired text keeps U+{:04X}", u32::from(c)));
    }
    for repair in &repaired.repairs {
        match text.get(repair.span.clone()) {
            Some(after) if after == repair.after => {}
            Some(after) => {
                return Err(format!(
                    "repair span {:?} reads {after:?}, the repair says {:?}",
                    repair.span, repair.after
                ));
            }
            None => {
                return Err(format!(
                    "repair span {:?} is not a char range of the text ({} bytes)",
                    repair.span,
                    text.len()
                ));
            }
        }
    }
    for diagnostic in &repaired.diagnostics {
        if let Some(span) = &diagnostic.span
            && text.get(span.clone()).is_none()
        {
            return Err(format!(
                "diagnostic span {span:?} is not a char range of the text ({} bytes): {}",
                text.len(),
                diagnostic.message
            ));
        }
    }
    Ok(())
}

/// A message with its digits and quoted parts blanked, so `line 3` and `line 4` are one feature.
fn shape(message: &str) -> String {
    let mut out = String::new();
    let mut quoted = false;
    for c in message.chars() {
        match c {
            '\'' | '"' => {
                quoted = !quoted;
                out.push(c);
            }
            _ if quoted => {}
            '0'..='9' => {
                if !out.ends_with('N') {
                    out.push('N');
                }
            }
            _ => out.push(c),
        }
    }
    out
}

fn mutate(rng: &mut Rng, input: &mut Vec<u8>, pool: &[Vec<u8>], max_len: usize) {
    let rounds = 1 + rng.below(8);
    for _ in 0..rounds {
        let len = input.len();
        match rng.below(11) {
            0 if len > 0 => {
                let i = rng.below(len);
                input[i] ^= 1 << rng.below(8);
            }
            1 if len > 0 => {
                let i = rng.below(len);
                input[i] = rng.next() as u8;
            }
            2 => {
                let i = rng.below(len + 1);
                input.insert(i, rng.next() as u8);
            }
            3 | 4 => {
                let token = TOKENS[rng.below(TOKENS.len())];
                let i = rng.below(len + 1);
                input.splice(i..i, token.iter().copied());
            }
            5 if len > 0 => {
                let start = rng.below(len);
                let end = (start + 1 + rng.below(64)).min(len);
                input.drain(start..end);
            }
            6 if len > 0 => {
                // Duplicate a chunk, sometimes many times (long lines, deep nesting).
                let start = rng.below(len);
                let end = (start + 1 + rng.below(32)).min(len);
                let chunk = input[start..end].to_vec();
                let times = if rng.chance(8) {
                    1 + rng.below(2000)
                } else {
                    1
                };
                let at = rng.below(input.len() + 1);
                let repeated: Vec<u8> = chunk
                    .iter()
                    .copied()
                    .cycle()
                    .take(chunk.len() * times)
                    .collect();
                input.splice(at..at, repeated);
            }
            7 if !pool.is_empty() => {
                // Splice in part of another input.
                let other = &pool[rng.below(pool.len())];
                if !other.is_empty() {
                    let start = rng.below(other.len());
                    let end = (start + 1 + rng.below(512)).min(other.len());
                    let at = rng.below(len + 1);
                    input.splice(at..at, other[start..end].iter().copied());
                }
            }
            8 if len > 1 => {
                // Swap two lines' worth of bytes.
                let a = rng.below(len);
                let b = rng.below(len);
                input.swap(a, b);
            }
            9 => {
                // Indent a line (list and quote nesting).
                let at = rng.below(len + 1);
                let line_start = input[..at]
                    .iter()
                    .rposition(|&b| b == b'\n')
                    .map_or(0, |p| p + 1);
                let prefix: &[u8] = match rng.below(3) {
                    0 => b"  ",
                    1 => b"> ",
                    _ => b"    - ",
                };
                input.splice(line_start..line_start, prefix.iter().copied());
            }
            _ => {
                if len > 0 && rng.chance(4) {
                    input.truncate(rng.below(len));
                }
            }
        }
    }
    input.truncate(max_len);
}

fn seeds(root: &Path, target: Target) -> Vec<Vec<u8>> {
    let mut files = Vec::new();
    for dir in ["seeds", "tests/samples", "tests/fixtures"] {
        collect(&root.join(dir), &mut files);
    }
    collect(&root.join("fuzz/corpus").join(target.name()), &mut files);
    files.sort();
    let mut seeds: Vec<Vec<u8>> = files
        .iter()
        .filter_map(|path| std::fs::read(path).ok())
        .filter(|bytes| bytes.len() <= 256 * 1024)
        .collect();
    seeds.push(b"# A\n".to_vec());
    seeds.push(Vec::new());
    seeds
}

fn collect(dir: &Path, files: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, files);
        } else {
            files.push(path);
        }
    }
}

fn save(dir: &Path, kind: &str, input: &[u8]) -> PathBuf {
    std::fs::create_dir_all(dir).expect("the artifacts directory can be created");
    let hash = input.iter().fold(0xcbf2_9ce4_8422_2325_u64, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    });
    let path = dir.join(format!("{kind}-{hash:016x}"));
    std::fs::write(&path, input).expect("the artifact can be written");
    path
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let usage = "usage: cvpdf-fuzz <repair|parse> [--seconds N] [--seed S] [--max-len BYTES]\n       \
                 cvpdf-fuzz <repair|parse> --run FILE...";
    let target = match args.first().map(String::as_str) {
        Some("repair") => Target::Repair,
        Some("parse") => Target::Parse,
        _ => {
            eprintln!("{usage}");
            std::process::exit(2);
        }
    };
    let mut seconds = 60u64;
    let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
    let mut max_len = 64 * 1024;
    let mut replay: Vec<PathBuf> = Vec::new();
    let mut rest = args[1..].iter();
    while let Some(arg) = rest.next() {
        let mut value = || {
            rest.next().cloned().unwrap_or_else(|| {
                eprintln!("{usage}");
                std::process::exit(2)
            })
        };
        match arg.as_str() {
            "--seconds" => seconds = value().parse().expect("--seconds N"),
            "--seed" => seed = value().parse().expect("--seed S"),
            "--max-len" => max_len = value().parse().expect("--max-len BYTES"),
            "--run" => {
                replay.extend(rest.by_ref().map(PathBuf::from));
            }
            _ => {
                eprintln!("{usage}");
                std::process::exit(2);
            }
        }
    }

    if !replay.is_empty() {
        let mut failed = false;
        for path in &replay {
            let input = std::fs::read(path).expect("the file can be read");
            let start = Instant::now();
            let outcome = catch_unwind(AssertUnwindSafe(|| run(target, &input)));
            let took = start.elapsed();
            match outcome {
                Ok(Ok(_)) => println!("{}: ok ({took:?})", path.display()),
                Ok(Err(broken)) => {
                    failed = true;
                    println!("{}: invariant broken: {broken}", path.display());
                }
                Err(_) => {
                    failed = true;
                    println!("{}: panicked", path.display());
                }
            }
        }
        std::process::exit(i32::from(failed));
    }

    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("fuzz/ is in the repository");
    let artifacts = root.join("fuzz/artifacts").join(target.name());
    let mut pool = seeds(root, target);
    let seed_count = pool.len();
    let mut seen: HashSet<String> = HashSet::new();
    let mut rng = Rng(seed | 1);

    // Quiet panics: report them ourselves, once per input.
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));

    let deadline = Instant::now() + Duration::from_secs(seconds);
    let mut execs: u64 = 0;
    let mut findings = 0usize;
    let mut slowest = Duration::ZERO;
    let mut last_report = Instant::now();
    let started = Instant::now();
    while Instant::now() < deadline {
        let mut input = if execs < seed_count as u64 {
            pool[execs as usize].clone()
        } else {
            let mut input = pool[rng.below(pool.len())].clone();
            mutate(&mut rng, &mut input, &pool, max_len);
            input
        };
        input.truncate(max_len);
        let start = Instant::now();
        let outcome = catch_unwind(AssertUnwindSafe(|| run(target, &input)));
        let took = start.elapsed();
        execs += 1;
        slowest = slowest.max(took);
        match outcome {
            Ok(Ok(features)) => {
                let mut new = false;
                for feature in features {
                    new |= seen.insert(feature);
                }
                if new && execs > seed_count as u64 && pool.len() < 5000 {
                    pool.push(input.clone());
                }
            }
            Ok(Err(broken)) => {
                findings += 1;
                let path = save(&artifacts, "invariant", &input);
                eprintln!("INVARIANT: {broken}\n  input: {}", path.display());
            }
            Err(payload) => {
                findings += 1;
                let message = payload
                    .downcast_ref::<&str>()
                    .map(|s| (*s).to_owned())
                    .or_else(|| payload.downcast_ref::<String>().cloned())
                    .unwrap_or_default();
                let path = save(&artifacts, "crash", &input);
                eprintln!("PANIC: {message}\n  input: {}", path.display());
            }
        }
        if took > SLOW {
            findings += 1;
            let path = save(&artifacts, "slow", &input);
            eprintln!(
                "SLOW: {took:?} for {} bytes\n  input: {}",
                input.len(),
                path.display()
            );
        }
        if last_report.elapsed() > Duration::from_secs(30) {
            last_report = Instant::now();
            eprintln!(
                "{}: {execs} execs ({:.0}/s), pool {}, features {}, findings {findings}",
                target.name(),
                execs as f64 / started.elapsed().as_secs_f64(),
                pool.len(),
                seen.len()
            );
        }
    }
    std::panic::set_hook(default_hook);
    println!(
        "{}: {execs} execs in {:?} ({:.0}/s); pool {} (seeds {seed_count}); features {}; slowest \
         input {slowest:?}; findings {findings}",
        target.name(),
        started.elapsed(),
        execs as f64 / started.elapsed().as_secs_f64(),
        pool.len(),
        seen.len()
    );
    std::process::exit(i32::from(findings > 0));
}

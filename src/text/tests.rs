//! Tests of the text module: the seeds and samples byte for byte, clean text unchanged, a
//! generated corpus of damage in every code page, decoding, sanitising and hostile input.

use super::codepages::{self, CodePage};
use super::*;

// ---------------------------------------------------------------------------------------------
// The inputs that must come out exactly right.

const SEED_000: &[u8] = include_bytes!("../../seeds/000_aa0fae0c06efd418.txt");
const SEED_000_EXPECTED: &str =
    include_str!("../../tests/fixtures/text/expected/000_aa0fae0c06efd418.md");
const SEED_003: &[u8] = include_bytes!("../../seeds/003_9fb50c5e6b2b3f56.txt");
const SEED_003_EXPECTED: &str =
    include_str!("../../tests/fixtures/text/expected/003_9fb50c5e6b2b3f56.md");
const GERMAN: &[u8] = include_bytes!("../../tests/samples/german-cp1252.txt");
const GERMAN_EXPECTED: &str = include_str!("../../tests/samples/expected/german-cp1252.md");
const CLEAN_EN: &str = include_str!("../../tests/samples/clean-en.md");
const PERSIAN: &str = include_str!("../../tests/samples/persian-name.md");
const INJECTION: &str = include_str!("../../tests/samples/injection.md");
const CORPUS: &str = include_str!("corpus.txt");

fn ok(bytes: &[u8]) -> Repaired {
    match repair(bytes) {
        Ok(r) => r,
        Err(e) => panic!("repair failed: {e}"),
    }
}

/// Asserts equality line by line first, so that a failure shows the line that differs.
fn assert_text(actual: &str, expected: &str) {
    for (n, (a, e)) in actual.split('\n').zip(expected.split('\n')).enumerate() {
        assert_eq!(a, e, "line {}", n + 1);
    }
    assert_eq!(actual, expected);
}

#[test]
fn seed_000_windows_1254_with_lost_bytes() {
    let out = ok(SEED_000);
    assert_text(&out.text, SEED_000_EXPECTED);
    assert_eq!(out.encoding, SourceEncoding::Utf8);
    assert!(
        out.repairs.iter().all(|r| r.codepage == "windows-1254"),
        "{:?}",
        out.repairs
    );
    let octopus = out
        .repairs
        .iter()
        .find(|r| r.after == "🐙")
        .expect("🐙 repaired");
    assert_eq!(
        (octopus.line, octopus.kind, octopus.before.as_str()),
        (7, RepairKind::LostByte, "ğŸ™")
    );
    let pin = out
        .repairs
        .iter()
        .find(|r| r.after == "📍")
        .expect("📍 repaired");
    assert_eq!((pin.line, pin.kind), (9, RepairKind::LostByte));
    for r in &out.repairs {
        assert_eq!(
            out.text.get(r.span.clone()),
            Some(r.after.as_str()),
            "{r:?}"
        );
        assert!((0.0..=1.0).contains(&r.confidence));
    }
}

#[test]
fn weak_lines_are_decided_per_document() {
    // A single pair of bytes is too little evidence on its own...
    let weak = "- Improved query performance by **20Ã—** using **CQRS**";
    assert_eq!(ok(weak.as_bytes()).text, weak);
    // ...but in a document that is windows-1254 mojibake elsewhere, it is repaired, as
    // windows-1254 (which reads it the same as windows-1252 would).
    let doc = format!("ğŸ“§ a@b.de\nBuilt **gRPCâ€‘based** services\n{weak}");
    let out = ok(doc.as_bytes());
    assert_eq!(
        out.text,
        "📧 a@b.de\nBuilt **gRPC‑based** services\n- Improved query performance by **20×** using **CQRS**"
    );
    assert!(out.repairs.iter().all(|r| r.codepage == "windows-1254"));
    // In seed 000 three lines are like that.
    let seed = std::str::from_utf8(SEED_000).unwrap();
    let alone: Vec<usize> = seed
        .lines()
        .zip(SEED_000_EXPECTED.lines())
        .enumerate()
        .filter(|(_, (line, want))| line != want && ok(line.as_bytes()).text != *want)
        .map(|(n, _)| n + 1)
        .collect();
    assert_eq!(alone, [44, 73, 86]);
}

#[test]
fn seed_003_mac_roman_decided_per_document() {
    let out = ok(SEED_003);
    assert_text(&out.text, SEED_003_EXPECTED);
    assert!(
        out.repairs.iter().all(|r| r.codepage == "macintosh"),
        "{:?}",
        out.repairs
    );
    assert!(out.repairs.iter().all(|r| r.kind == RepairKind::Mojibake));
}

#[test]
fn german_windows_1252_with_lost_byte() {
    let out = ok(GERMAN);
    assert_text(&out.text, GERMAN_EXPECTED);
    let word = out
        .repairs
        .iter()
        .find(|r| r.after == "Jürgen")
        .expect("word-sized repair");
    assert_eq!(
        (word.line, word.before.as_str(), word.codepage),
        (1, "JÃ¼rgen", "windows-1252")
    );
    // Repairs are reported in `repairs`; the diagnostics are for decoding and sanitising.
    assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
}

#[test]
fn clean_files_come_back_byte_identical() {
    for clean in [
        CLEAN_EN,
        PERSIAN,
        INJECTION,
        SEED_000_EXPECTED,
        SEED_003_EXPECTED,
        GERMAN_EXPECTED,
    ] {
        let out = ok(clean.as_bytes());
        assert_text(&out.text, clean);
        assert!(out.repairs.is_empty(), "{:?}", out.repairs);
        assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
    }
}

#[test]
fn no_repair_only_decodes_and_sanitises() {
    let options = RepairOptions { no_repair: true };
    let out = repair_with(GERMAN, &options).unwrap();
    assert_eq!(out.text.as_bytes(), GERMAN);
    assert!(out.repairs.is_empty());
    let out = repair_with(b"\xEF\xBB\xBFa\0b\r\nc", &options).unwrap();
    assert_eq!(
        (out.text.as_str(), out.encoding),
        ("ab\nc", SourceEncoding::Utf8Bom)
    );
}

/// Text that looks a little like mojibake but is not.
const TRICKY_CLEAN: &[&str] = &[
    "SÃO PAULO",
    "SÃO PAULO – Brasil",
    "Rua de SÃO BENTO, 12",
    "JOÃO e IRMÃ",
    "Mehmet Doğanoğlu",
    "Zoë",
    "Ã  la carte",
    "Ã la carte menu, Â in Âge",
    "CÂMARA MUNICIPAL",
    "CAFÉ’S MENU",
    "L’ÉCOLE – PARIS",
    "CAFÉ–BAR",
    "«élan» et —à la française",
    "“Über” und „Ärger“",
    "WEIß“ und GROẞ",
    "Пётр Фёдоров",
    "её «Ёлка»",
    "ΑΘΗΝΑ · Αθήνα",
    "Ελλάδα",
    "İstanbul, Şişli",
    "Ø 180 ms",
    "Ñandú",
    "Æble, Øl, Ål",
    "mężą",
    "ÅNGSTRÖM’S",
    "Ä–Ö–Ü",
    "½ · ¼ · ¾",
    "© 2024 ® ™",
    "Größe ≈ 3 m²",
    "€ 5,– / £ 3",
    "👩‍💻 🇩🇪 👍🏽 1️⃣ ❤️ ☎️ ✉️",
    "Java™, Oracle®",
    "x² + y³ = z¹",
    "‹single› «double»",
    "¿Qué? ¡Sí!",
    "ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖØÙÚÛÜÝÞß",
    "àáâãäåæçèéêëìíîïðñòóôõöøùúûüýþÿ",
    "Đặng Thị Ngọc Ánh",
    "ﬁnance ﬂow",
    "A\u{200E}B\u{200F}C \u{200C}\u{200D}",
    "مهندس نرم‌افزار",
    "東京・大阪",
    "한국어 텍스트",
    "Montréal, Québec",
    "Köln · Düsseldorf · Nürnberg",
    "Kraków, Gdańsk, Poznań",
    "Čeština, Slovenčina",
    "Ș ț Ş ţ",
];

#[test]
fn tricky_clean_strings_are_unchanged() {
    for s in TRICKY_CLEAN {
        let out = ok(s.as_bytes());
        assert_eq!(out.text, *s);
        assert!(out.repairs.is_empty(), "{s}: {:?}", out.repairs);
    }
    // And all of them in one document.
    let doc = TRICKY_CLEAN.join("\n");
    assert_eq!(ok(doc.as_bytes()).text, doc);
}

// ---------------------------------------------------------------------------------------------
// The generated corpus.

/// What an editor does with a byte its code page leaves undefined.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Variant {
    /// Keeps it as the C1 control of the same value (or U+FFFD above 0x9F), as encoding_rs does.
    Kept,
    /// Drops it.
    Dropped,
    /// Turns it into U+FFFD.
    Replaced,
}

impl Variant {
    fn name(self) -> &'static str {
        match self {
            Variant::Kept => "kept",
            Variant::Dropped => "dropped",
            Variant::Replaced => "U+FFFD",
        }
    }
}

/// Reads the UTF-8 of `s` as `cp`, as a confused editor would; the flag tells whether a byte
/// was lost on the way (dropped or turned into U+FFFD).
fn damage_once(s: &str, cp: &CodePage, variant: Variant) -> (String, bool) {
    let mut out = String::new();
    let mut lost = false;
    for &b in s.as_bytes() {
        match cp.decode(b) {
            Some(c) => out.push(c),
            None => match variant {
                Variant::Kept if b < 0xA0 => out.push(char::from(b)),
                Variant::Kept | Variant::Replaced => {
                    out.push('\u{FFFD}');
                    lost = true;
                }
                Variant::Dropped => lost = true,
            },
        }
    }
    (out, lost)
}

/// The code page called `name`.
fn page(name: &str) -> &'static CodePage {
    codepages::all()
        .iter()
        .find(|c| c.name == name)
        .unwrap_or_else(|| panic!("no code page {name}"))
}

fn damage(s: &str, cp: &CodePage, variant: Variant, layers: usize) -> (String, bool) {
    (0..layers).fold((s.to_owned(), false), |(acc, lost), _| {
        let (out, more) = damage_once(&acc, cp, variant);
        (out, lost || more)
    })
}

/// Asserts that each of `lines`, read as Windows-1253 without its undefined bytes once and
/// twice, is repaired exactly.
fn assert_repaired_from_windows_1253(lines: &[&str]) {
    for line in lines {
        for layers in [1, 2] {
            let out = round_trip(line, "windows-1253", Variant::Dropped, layers);
            assert_eq!(out, *line, "read {layers} times");
        }
    }
}

/// What comes back of `line` damaged with the page called `name` and repaired.
fn round_trip(line: &str, name: &str, variant: Variant, layers: usize) -> String {
    let damaged = damage(line, page(name), variant, layers).0;
    ok(damaged.as_bytes()).text
}

fn corpus() -> Vec<&'static str> {
    CORPUS
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .collect()
}

#[derive(Default, Clone, Copy)]
struct Tally {
    total: usize,
    exact: usize,
    /// Not exact, but every difference is a U+FFFD reported as unrecoverable.
    honest: usize,
    wrong: usize,
    /// Lines whose damage lost no byte, and how many of them came back exactly.
    lossless: usize,
    lossless_exact: usize,
}

impl Tally {
    fn add(&mut self, other: Tally) {
        self.total += other.total;
        self.exact += other.exact;
        self.honest += other.honest;
        self.wrong += other.wrong;
        self.lossless += other.lossless;
        self.lossless_exact += other.lossless_exact;
    }

    fn ratio(n: usize, of: usize) -> f64 {
        if of == 0 { 1.0 } else { n as f64 / of as f64 }
    }

    /// Lines repaired exactly.
    fn exact_rate(&self) -> f64 {
        Self::ratio(self.exact, self.total)
    }

    /// Lines repaired exactly or, where bytes were lost beyond telling, with U+FFFD in their
    /// place and an `Unrecoverable` repair reported.
    fn correct_rate(&self) -> f64 {
        Self::ratio(self.exact + self.honest, self.total)
    }

    /// Lines whose damage lost nothing, repaired exactly.
    fn lossless_rate(&self) -> f64 {
        Self::ratio(self.lossless_exact, self.lossless)
    }
}

/// Whether `actual` is `expected` with some characters replaced by U+FFFD.
fn honest(actual: &str, expected: &str) -> bool {
    actual.chars().count() == expected.chars().count()
        && actual
            .chars()
            .zip(expected.chars())
            .all(|(a, e)| a == e || a == '\u{FFFD}')
}

thread_local! {
    /// The characters that came out as U+FFFD, with how often.
    static LOST: std::cell::RefCell<std::collections::BTreeMap<char, usize>> = Default::default();
}

fn classify(
    tally: &mut Tally,
    (actual, expected): (&str, &str),
    (lost, unrecoverable): (bool, bool),
    failures: &mut Vec<String>,
) {
    tally.total += 1;
    if !lost {
        tally.lossless += 1;
        tally.lossless_exact += usize::from(actual == expected);
    }
    if actual == expected {
        tally.exact += 1;
    } else if unrecoverable && honest(actual, expected) {
        tally.honest += 1;
        if std::env::var("CVPDF_TEXT_UNRECOVERED").is_ok() {
            failures.push(format!("    U+FFFD want {expected}\n    got  {actual}"));
        }
        LOST.with(|lost| {
            for (a, e) in actual.chars().zip(expected.chars()) {
                if a != e {
                    *lost.borrow_mut().entry(e).or_default() += 1;
                }
            }
        });
    } else {
        tally.wrong += 1;
        failures.push(format!("    want {expected}\n    got  {actual}"));
    }
}

/// Damages every corpus line with every page, variant and layer count, and repairs it: each line
/// as a document on its own (`per_line`) or the whole corpus as one document.
fn run_corpus(per_line: bool) -> (Vec<(String, Tally)>, Vec<String>) {
    let lines = corpus();
    let mut rows = Vec::new();
    let mut failures = Vec::new();
    for cp in codepages::all() {
        let variants: &[Variant] = if cp.is_lossy() {
            &[Variant::Kept, Variant::Dropped, Variant::Replaced]
        } else {
            &[Variant::Kept]
        };
        for &variant in variants {
            for layers in [1, 2] {
                let mut tally = Tally::default();
                let label = format!("{} {} ×{layers}", cp.name, variant.name());
                let damaged: Vec<(String, bool)> = lines
                    .iter()
                    .map(|l| damage(l, cp, variant, layers))
                    .collect();
                if per_line {
                    for (line, (bad, lost)) in lines.iter().zip(&damaged) {
                        if bad == line {
                            continue;
                        }
                        let out = ok(bad.as_bytes());
                        let unrecoverable = out
                            .repairs
                            .iter()
                            .any(|r| r.kind == RepairKind::Unrecoverable);
                        let mut f = Vec::new();
                        classify(
                            &mut tally,
                            (&out.text, line),
                            (*lost, unrecoverable),
                            &mut f,
                        );
                        failures.extend(f.into_iter().map(|f| format!("{label}\n{f}")));
                    }
                } else {
                    let joined: Vec<&str> = damaged.iter().map(|(d, _)| d.as_str()).collect();
                    let out = ok(joined.join("\n").as_bytes());
                    let unrecoverable_lines: Vec<usize> = out
                        .repairs
                        .iter()
                        .filter(|r| r.kind == RepairKind::Unrecoverable)
                        .map(|r| r.line)
                        .collect();
                    let rows = lines
                        .iter()
                        .zip(&damaged)
                        .zip(out.text.split('\n'))
                        .enumerate();
                    for (n, ((line, (bad, lost)), actual)) in rows {
                        if bad == line {
                            continue;
                        }
                        let mut f = Vec::new();
                        let unrecoverable = unrecoverable_lines.contains(&(n + 1));
                        classify(&mut tally, (actual, line), (*lost, unrecoverable), &mut f);
                        failures.extend(f.into_iter().map(|f| format!("{label} (document)\n{f}")));
                    }
                }
                rows.push((label, tally));
            }
        }
    }
    (rows, failures)
}

fn print_table(title: &str, rows: &[(String, Tally)]) -> Tally {
    println!("\n{title}");
    println!(
        "{:<26} {:>5} {:>5} {:>6} {:>5} {:>7} {:>9} {:>10}",
        "damage", "lines", "exact", "U+FFFD", "wrong", "exact", "correct", "loss-free"
    );
    let row = |label: &str, t: &Tally| {
        println!(
            "{label:<26} {:>5} {:>5} {:>6} {:>5} {:>6.1}% {:>8.1}% {:>9}",
            t.total,
            t.exact,
            t.honest,
            t.wrong,
            100.0 * t.exact_rate(),
            100.0 * t.correct_rate(),
            if t.lossless == 0 {
                "-".to_owned()
            } else {
                format!("{:.1}%", 100.0 * t.lossless_rate())
            },
        );
    };
    let mut overall = Tally::default();
    for (label, t) in rows {
        row(label, t);
        overall.add(*t);
    }
    row("overall", &overall);
    overall
}

/// Repairs the corpus damaged in every way and prints a table per code page
/// (`cargo test accuracy -- --nocapture`).
#[test]
fn accuracy() {
    // False positives: every clean line, alone and as one document, must come back unchanged.
    let lines = corpus();
    let mut false_positives = 0;
    for line in &lines {
        let out = ok(line.as_bytes());
        if out.text != *line || !out.repairs.is_empty() {
            false_positives += 1;
            println!("false positive: {line:?} -> {:?}", out.text);
        }
    }
    let doc = lines.join("\n");
    if ok(doc.as_bytes()).text != doc {
        false_positives += 1;
        println!("false positive: the clean corpus as one document changed");
    }

    let (rows, mut failures) = run_corpus(true);
    let single = print_table(
        "Each line a document of its own (no document context):",
        &rows,
    );
    let (rows, more) = run_corpus(false);
    failures.extend(more);
    let whole = print_table("The whole corpus as one document:", &rows);
    println!(
        "\nfalse positives on {} clean lines and the clean corpus: {false_positives}",
        lines.len()
    );
    LOST.with(|lost| {
        let mut lost: Vec<(char, usize)> = lost.borrow().iter().map(|(c, n)| (*c, *n)).collect();
        lost.sort_by_key(|(_, n)| std::cmp::Reverse(*n));
        let shown: Vec<String> = lost
            .iter()
            .take(40)
            .map(|(c, n)| format!("{c}×{n}"))
            .collect();
        println!(
            "characters left as U+FFFD (most frequent): {}",
            shown.join(" ")
        );
    });
    if !failures.is_empty() {
        // CVPDF_TEXT_FAILURES=N shows N of them, and CVPDF_TEXT_UNRECOVERED=1 adds the lines
        // left with U+FFFD (a test may read the environment; the library never does).
        let shown = std::env::var("CVPDF_TEXT_FAILURES")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(20);
        println!(
            "\nWrong repairs (and lines left with U+FFFD if asked for) ({}), first {shown}:",
            failures.len()
        );
        for f in failures.iter().take(shown) {
            println!("{f}");
        }
    }
    assert_eq!(false_positives, 0);
    assert!(lines.len() >= 60);
    for (name, t) in [("per line", single), ("per document", whole)] {
        // Damage that lost no byte must come back exactly.
        assert!(
            t.lossless_rate() >= 0.99,
            "loss-free exact rate {name}: {:.3}",
            t.lossless_rate()
        );
        // Everything: exact, or U+FFFD reported as unrecoverable where bytes were lost.
        assert!(
            t.correct_rate() >= 0.92,
            "correct rate {name}: {:.3}",
            t.correct_rate()
        );
        // Exactly what the author wrote, lost bytes and all: the bar the repair was set.
        assert!(
            t.exact_rate() >= 0.92,
            "exact rate {name}: {:.3}",
            t.exact_rate()
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Documents with only some lines damaged, and what the repairs report.

#[test]
fn only_some_lines_damaged() {
    let clean = [
        "Zoë Brontë – Paris",
        "SÃO PAULO · Doğanoğlu · Ελλάδα · Москва",
        "CAFÉ’S MENU — “quoted” text",
        "👩‍💻 🇩🇪 ✉️",
    ];
    let damaged_lines = [
        "Jürgen Weiß – Softwarearchitekt für Zahlungsverkehr",
        "📍 München, Deutschland",
        "Schwerpunkte: Domänenmodellierung • Kafka",
    ];
    let cp = &codepages::all()[codepages::WINDOWS_1252];
    let mut doc = Vec::new();
    let mut expected = Vec::new();
    for (i, c) in clean.iter().enumerate() {
        doc.push(c.to_string());
        expected.push(c.to_string());
        if let Some(d) = damaged_lines.get(i) {
            doc.push(damage(d, cp, Variant::Dropped, 1).0);
            expected.push(d.to_string());
        }
    }
    let out = ok(doc.join("\n").as_bytes());
    assert_text(&out.text, &expected.join("\n"));
    let lines: Vec<usize> = out.repairs.iter().map(|r| r.line).collect();
    assert!(lines.iter().all(|l| [2, 4, 6].contains(l)), "{lines:?}");
}

#[test]
fn repairs_report_words_lines_and_spans() {
    let text = "# JÃ¼rgen WeiÃŸ\n\nðŸ“§ a@b.de â€“ 2020â€“2024\n\0SÃ¼dbank";
    let out = ok(text.as_bytes());
    assert_eq!(out.text, "# Jürgen Weiß\n\n📧 a@b.de – 2020–2024\nSüdbank");
    let summary: Vec<(usize, &str, &str)> = out
        .repairs
        .iter()
        .map(|r| (r.line, r.before.as_str(), r.after.as_str()))
        .collect();
    assert_eq!(
        summary,
        [
            (1, "JÃ¼rgen", "Jürgen"),
            (1, "WeiÃŸ", "Weiß"),
            (3, "ðŸ“§", "📧"),
            (3, "â€“", "–"),
            (3, "â€“", "–"),
            (4, "SÃ¼dbank", "Südbank"),
        ]
    );
    for r in &out.repairs {
        // Spans point into the final text, after the NUL was removed.
        assert_eq!(
            out.text.get(r.span.clone()),
            Some(r.after.as_str()),
            "{r:?}"
        );
        assert_eq!(r.codepage, "windows-1252");
        assert_eq!(r.kind, RepairKind::Mojibake);
    }
    assert!(out.diagnostics.iter().any(|d| d.message.contains("NUL")));
}

#[test]
fn double_mojibake_is_repaired_and_reported() {
    let cp = &codepages::all()[codepages::WINDOWS_1252];
    let twice = damage("Jürgen – Südbank", cp, Variant::Kept, 2).0;
    assert_eq!(twice, "JÃƒÂ¼rgen Ã¢â‚¬â€œ SÃƒÂ¼dbank");
    let out = ok(twice.as_bytes());
    assert_eq!(out.text, "Jürgen – Südbank");
    assert!(
        out.repairs
            .iter()
            .all(|r| r.kind == RepairKind::DoubleMojibake)
    );
}

#[test]
fn unrecoverable_lost_byte_becomes_replacement_and_is_reported() {
    // 📁 📍 📏 📐 📝 all fit `F0 9F 93 ??` in windows-1252; nothing around tells which.
    let out = ok("ðŸ“ ðŸ“§ Ã¼ber".as_bytes());
    assert_eq!(out.text, "\u{FFFD} 📧 über");
    let lost = out
        .repairs
        .iter()
        .find(|r| r.kind == RepairKind::Unrecoverable)
        .expect("reported");
    assert_eq!(
        (lost.before.as_str(), lost.after.as_str()),
        ("ðŸ“", "\u{FFFD}")
    );
    assert!(lost.candidates.contains(&'📍') && lost.candidates.contains(&'📁'));
    assert_eq!(lost.kind.describe(), "lost byte, character unknown");
}

#[test]
fn lost_emoji_are_chosen_by_context() {
    let cases = [
        ("ðŸ“ Berlin, Germany", "📍 Berlin, Germany"),
        (
            "ðŸ™ [GitHub](https://github.com/x)",
            "🐙 [GitHub](https://github.com/x)",
        ),
        ("ðŸŒ https://example.org", "🌐 https://example.org"),
        ("ðŸ“§ a@b.de | ðŸ“ Wien", "📧 a@b.de | 📍 Wien"),
    ];
    for (input, expected) in cases {
        assert_eq!(ok(input.as_bytes()).text, expected, "{input}");
    }
    // An emoji found intact elsewhere in the document decides between candidates.
    let out = ok("🍓 Erdbeeren\nðŸ“ Obst".as_bytes());
    assert_eq!(out.text, "🍓 Erdbeeren\n🍓 Obst");
}

#[test]
fn lost_letters_are_chosen_by_the_document_and_the_neighbours() {
    // Windows-1253 leaves 0x9F undefined: `C3 9F` (ß) keeps only its lead byte, which `ê`
    // (`C3 AA`, also undefined) and a dozen more share; German's letters tell `Weiß` from
    // `Weiê`, and so does the intact `ß` of a clean line.
    let cp = page("windows-1253");
    let damaged = damage("Jürgen Weiß – Köln", cp, Variant::Dropped, 1).0;
    assert_eq!(ok(damaged.as_bytes()).text, "Jürgen Weiß – Köln");
    let doc = format!("Straße, Größe, Maße\n{damaged}");
    assert_eq!(
        ok(doc.as_bytes()).text,
        "Straße, Größe, Maße\nJürgen Weiß – Köln"
    );
    // Windows-1252 leaves 0x81 and 0x8F undefined: `D1 81` (с) and `D1 8F` (я) both keep only
    // `D1`; the letters around tell them apart.
    let cp = &codepages::all()[codepages::WINDOWS_1252];
    let damaged = damage("Иван Петров, Москва", cp, Variant::Dropped, 1).0;
    assert_eq!(ok(damaged.as_bytes()).text, "Иван Петров, Москва");
}

#[test]
fn two_lost_letters_in_one_word_are_chosen_together() {
    // Read twice as Windows-1254 with U+FFFD for its undefined bytes, every letter of
    // `Εμπειρία` is a damaged sequence, and `ρ` (`CF 81`) lost its second byte. Chosen with no
    // letters after it to go by, it stayed U+FFFD; scored with the best completion of the next
    // one (`ί`), the word is whole again.
    let cp = page("windows-1254");
    let line = "Εμπειρία σε κατανεμημένα συστήματα και υπολογιστικό νέφος";
    let damaged = damage(line, cp, Variant::Replaced, 2).0;
    assert_eq!(ok(damaged.as_bytes()).text, line);
}

#[test]
fn letters_with_vowel_signs_and_syllables_come_back_by_their_words() {
    // Read as Windows-1252 without its undefined bytes, `ु` (`E0 A5 81`), `ก` (`E0 B8 81`) and
    // `링` (`EB A7 81`) each lost their last byte, which leaves five candidates each. At the end
    // of `बेंगलुरु` only how words end tells `ु` from the virama `्`.
    let cp = page("windows-1252");
    for line in [
        "राहुल शर्मा – सॉफ्टवेयर इंजीनियर, बेंगलुरु",
        "สมชาย ใจดี – วิศวกรซอฟต์แวร์",
        "모니터링 시스템 구축",
    ] {
        let damaged = damage(line, cp, Variant::Dropped, 1).0;
        assert_ne!(damaged, line);
        assert_eq!(ok(damaged.as_bytes()).text, line);
    }
}

#[test]
fn a_letter_that_makes_a_known_word_is_chosen() {
    // Read as Windows-1252 without its undefined bytes, `ύ` (`CF 8D`) lost its second byte,
    // which leaves `ρ`, `ύ`, `Ϗ`, `ϐ` and `ϝ`: letter by letter `Λογισμικορ` is not unlikely
    // enough, but only `Λογισμικού` is a word.
    let line = "Γιώργος Παπαδόπουλος – Μηχανικός Λογισμικού, Αθήνα";
    assert_eq!(round_trip(line, "windows-1252", Variant::Dropped, 1), line);
}

#[test]
fn a_lost_quote_mark_is_the_one_its_partner_in_the_line_asks_for() {
    // Read as Windows-1254 without its undefined bytes, `„` (`E2 80 9E`) lost its last byte,
    // which leaves seven candidates; a hyphen (`‐`) before a word costs about as little as `„`,
    // but the line closes the quote with `“`.
    let line = "Migration „im laufenden Betrieb“ ohne Ausfallzeit · Größe: 4 Teams";
    assert_eq!(round_trip(line, "windows-1254", Variant::Dropped, 1), line);
}

#[test]
fn a_lost_bracket_is_the_one_whose_partner_the_line_holds_alone() {
    // Windows-1250 leaves `88` undefined, the last byte of `（` (`EF BC 88`): `！`, `＃`, `０`
    // and `８` fit between `ア` and `東` as well, but the line closes a bracket it never opens.
    let line = "山田太郎 – シニアソフトウェアエンジニア（東京）";
    assert_eq!(round_trip(line, "windows-1250", Variant::Replaced, 1), line);
}

#[test]
fn a_dash_that_lost_its_byte_is_the_one_the_lines_typography_spaces() {
    // Read twice as Windows-1253, `–` (`E2 80 93`) and `—` (`E2 80 94`) lose the same byte (the
    // outer layer's `9C` or `9D`), so the bytes cannot tell them apart: German spaces an en
    // dash, Russian an em dash.
    for (line, dash) in [
        ("Jürgen Weiß – Softwarearchitekt für Zahlungsverkehr", '–'),
        ("Иван Петров — ведущий разработчик, Москва", '—'),
    ] {
        for variant in [Variant::Dropped, Variant::Replaced] {
            let out = round_trip(line, "windows-1253", variant, 2);
            assert!(out.contains(&format!(" {dash} ")), "{out}");
        }
    }
}

#[test]
fn lost_quote_marks_are_those_of_the_lines_language() {
    // Read as Windows-1253 without its undefined bytes, `„`, `“` and `”` (`E2 80 9E`, `9C`,
    // `9D`) all lose their last byte, so neither mark of a quotation tells the other: German
    // opens with `„` and closes with `“`, English opens with `“` and closes with `”`.
    assert_repaired_from_windows_1253(&[
        "Migration „im laufenden Betrieb“ ohne Ausfallzeit · Größe: 4 Teams",
        "Revenue grew from £3M to £7M; “customer-first” culture; ‘blameless’ post-mortems",
    ]);
}

#[test]
fn the_letter_models_outrank_the_page_the_text_was_read_as() {
    // Read as Windows-1250 without its undefined bytes, `Ø` (`C3 98`) lost its second byte,
    // which leaves `Á`, `Ã`, `È`, `Ð` and `Ø`. `Á` is a letter of Windows-1250, which once spoke
    // for it even where the letter models had scored `Øvergård` well ahead of `Ávergård`.
    let line = "Ærøskøbing, Danmark · Åse Øvergård, Oslo";
    assert_eq!(round_trip(line, "windows-1250", Variant::Dropped, 1), line);
}

#[test]
fn a_letter_that_lost_a_byte_in_each_layer_is_read_through_both() {
    // Read twice as Windows-1253, `Ș` (`C8 98`) loses its `98` to the inner layer, which
    // leaves `Θ` (`CE 98`), and that `98` to the outer one: a lone `Ξ` is all that is left,
    // before a word of ASCII letters.
    let line = "Ștefan Țurcanu – inginer software, București; experiență în fintech";
    assert_eq!(round_trip(line, "windows-1253", Variant::Dropped, 2), line);
}

#[test]
fn the_damaged_letters_of_a_word_are_chosen_together_where_one_spelling_is_a_word() {
    // Windows-1253 drops the `98` of `Θ` (`CE 98`) and the `9D` of `Ν` (`CE 9D`) in `ΑΘΗΝΑ`:
    // each alone leaves a dozen capitals, and with the other unknown the letter models prefer
    // `Θ` and `Μ` by too little; of the 169 spellings, only `ΑΘΗΝΑ` is a word.
    let line = "Ελληνικά: ΑΘΗΝΑ, Θεσσαλονίκη, Ηράκλειο";
    assert_eq!(round_trip(line, "windows-1253", Variant::Dropped, 1), line);
}

#[test]
fn an_emoji_left_with_its_lead_byte_alone_is_chosen_by_context() {
    // Windows-1253 leaves `9F`, `8C`, `90` and `88` undefined: `🌐` (`F0 9F 8C 90`) and `🌈`
    // (`F0 9F 8C 88`) keep only their lead byte, read as `π`. A web address asks for `🌐`, and
    // `🏳️‍🌈` is a sequence only `🌈` completes.
    assert_repaired_from_windows_1253(&[
        "☎️ +41 44 555 12 34 · ✉️ info@example.ch · 🌐 https://example.ch",
        "👨‍👩‍👧‍👦 Family-friendly schedule · 🏳️‍🌈 ERG lead",
    ]);
}

#[test]
fn a_symbol_does_not_split_a_word_a_letter_makes() {
    // Read as Windows-1253 without its undefined bytes, `و` (`D9 88`) and `ي` (`D9 8A`) lost
    // their second byte; `٪` (`D9 AA`) lost the same byte, and as a symbol the letter models
    // did not speak against it inside a word, so the letters were not chosen.
    let line = "خبرة في تطوير الأنظمة الموزعة والحوسبة السحابية";
    let out = round_trip(line, "windows-1253", Variant::Dropped, 1);
    assert!(out.ends_with(" الموزعة �الح�سبة السحابية"), "{out}");
}

#[test]
fn a_letter_that_makes_a_known_word_beats_a_mark_after_an_unknown_one() {
    // Windows-1253 leaves `AA` undefined: `ت` (`D8 AA`) at the end of `برمجيات` lost it, and
    // `،` and `؟` (`D8 8C`, `D8 9F`) fit as well, as marks after the word `برمجيا`, which no
    // list knows; `برمجيات` is a known word. Likewise `تهران` against `،هران`.
    let out = round_trip(
        "أحمد محمود – مهندس برمجيات أول، دبي",
        "windows-1253",
        Variant::Replaced,
        1,
    );
    assert!(out.contains(" مهندس برمجيات "), "{out}");
    let out = round_trip(
        "مهندس نرم‌افزار ارشد، تهران — ۸ سال تجربه",
        "windows-1253",
        Variant::Replaced,
        1,
    );
    assert!(out.contains(" تهران — "), "{out}");
}

#[test]
fn an_inner_layer_is_read_whole_where_it_can_be() {
    // Read twice as Windows-1250 without its undefined bytes, `ب` (`D8 A8`) became `Ř¨` and
    // then `Ĺ¨`: `Ř` (`C5 98`) lost its 98, and the outer layer's candidates for it make the
    // inner lead byte one of `A3 D1 D5 D8 F2`. With `F2`, the next bytes made a well-formed
    // sequence of a code point no text holds, which sank the whole reading of the inner layer.
    let line = "Привет from Łódź: 日本語 and العربية in one line";
    assert_eq!(round_trip(line, "windows-1250", Variant::Dropped, 2), line);
    // `و` (`D9 88`) lost its 88 in the first reading; keeping the next character undecoded,
    // which also sinks the reading, cost less than a lead byte without its continuation.
    let out = round_trip(
        "أحمد محمود – مهندس برمجيات أول، دبي",
        "windows-1250",
        Variant::Dropped,
        2,
    );
    assert!(out.contains("حمد محمود – مهندس "), "{out}");
    // `у` (`D1 83`) lost its 83 in the first reading, and the outer layer's lost bytes left
    // `E3` among the candidates for `д`'s lead byte: `E3 B4 A3`, an ideograph of the rarest
    // (CJK Extension A), made a whole parse before `дущ` did.
    let out = round_trip(
        "Иван Петров — ведущий разработчик, Москва",
        "windows-1250",
        Variant::Dropped,
        2,
    );
    assert!(out.contains(" — ведущий "), "{out}");
}

#[test]
fn a_letter_of_a_script_the_document_does_not_use_loses_to_one_that_makes_a_word() {
    // Read twice as Windows-1250, every `D8` lead byte lost its identity (`Ř`, `C5 98`, lost
    // its 98), leaving `D1`, `D5` and `D8`: Cyrillic, Armenian or Arabic. The letter models
    // score the Cyrillic and Arabic words but have no Armenian model, and an Armenian letter
    // tied with the Arabic one that makes the word.
    let line = "مهندس نرم‌افزار ارشد، تهران — ۸ سال تجربه";
    assert_eq!(round_trip(line, "windows-1250", Variant::Dropped, 2), line);
    // Likewise Armenian letters against Cyrillic ones.
    let line = "Олена Коваленко, Київ — інженерка з якості програмного забезпечення";
    assert_eq!(round_trip(line, "windows-1250", Variant::Replaced, 2), line);
}

#[test]
fn letters_chosen_later_in_a_word_help_choose_the_ones_before() {
    // Read twice as Windows-1253, many Cyrillic letters lose a byte: seven letters of this line
    // came back U+FFFD (`�світа: ��ївський …`), chosen before the damaged letters after them
    // in their words were decided. Likewise Greek read twice as Windows-1254 (`Η�άκλειο`).
    let line = "Освіта: Київський політехнічний інститут, магістр";
    assert_eq!(round_trip(line, "windows-1253", Variant::Replaced, 2), line);
    let line = "Ελληνικά: ΑΘΗΝΑ, Θεσσαλονίκη, Ηράκλειο";
    assert_eq!(round_trip(line, "windows-1254", Variant::Dropped, 2), line);
}

#[test]
fn a_lost_quote_mark_pairs_with_the_nearest_mark_it_faces() {
    // Read twice as Windows-1250, `‘` (`E2 80 98`) lost its 98; the line holds `“` and `„` as
    // well as `‚`, and a reading that makes it `”` looked as well paired. It closes `‚einfach`,
    // so it is `‘` or `’`. Read once as Windows-1253, `‘` before `blameless’` lost its byte.
    let line = "«Quote» in French, „Anführungszeichen“ in German, ‚einfach‘";
    assert_eq!(round_trip(line, "windows-1250", Variant::Dropped, 2), line);
    // Read twice as Windows-1254, `„` lost its 9E; a reading of the inner layer as
    // Windows-1250 made it `‘`, backed by the `‚` of the line's first repair, which read both
    // layers as Windows-1254.
    assert_eq!(round_trip(line, "windows-1254", Variant::Dropped, 2), line);
    let line = "Revenue grew from £3M to £7M; “customer-first” culture; ‘blameless’ post-mortems";
    let out = round_trip(line, "windows-1253", Variant::Replaced, 1);
    assert!(out.ends_with(" culture; ‘blameless’ post-mortems"), "{out}");
}

#[test]
fn the_case_of_a_letter_follows_the_text_where_the_text_tells_it() {
    // Windows-1253 leaves both `9E` and `9F` undefined: `Ş` (`C5 9E`) and `ş` (`C5 9F`) lose
    // the same byte, and the letter models, which see lower case only, cannot tell them apart.
    // A line starts with a capital; a word inside a line may be a name, so there the case is
    // not guessed (`Č` and `č` are `C4 8C` and `C4 8D`).
    let line = "Şirket içi eğitimler düzenledim; ölçeklenebilir sistemler geliştirdim";
    assert_eq!(round_trip(line, "windows-1253", Variant::Replaced, 1), line);
    let line = "Autoři: Karel Čapek, Jiří Dvořák – Praha";
    let out = round_trip(line, "windows-1253", Variant::Dropped, 1);
    assert_eq!(out, "Autoři: Karel \u{FFFD}apek, Jiří Dvořák – Praha");
}

#[test]
fn the_filter_of_known_words_speaks_only_for_the_scripts_it_lists() {
    // Windows-1253 drops the 81 of `ề` (`E1 BB 81`); another candidate made `m?m` a false
    // "yes" of the filter when it held Cyrillic, Greek, Arabic and Hebrew words only.
    let line = "Nguyễn Văn An – Kỹ sư phần mềm, Hà Nội";
    assert_eq!(round_trip(line, "windows-1253", Variant::Dropped, 1), line);
}

#[test]
fn a_latin_letter_that_makes_a_known_word_is_chosen() {
    // Windows-1253 drops the 8D of `Í` (`C3 8D`): the letter models rank `È` (`Èsland`) about
    // as high, but only `Ísland` is a word of the lists (Icelandic). Windows-1250 drops the 83
    // of `ể` (`E1 BB 83`), and the 81 of `ề` would leave the same bytes: `triển` is the word.
    let line = "Zoë Brontë – naïve café owner turned CTO, Reykjavík (Ísland)";
    assert_eq!(round_trip(line, "windows-1253", Variant::Dropped, 1), line);
    let line = "Kinh nghiệm: phát triển hệ thống thanh toán trực tuyến";
    assert_eq!(round_trip(line, "windows-1250", Variant::Dropped, 1), line);
}

#[test]
fn a_korean_or_thai_letter_that_makes_a_known_word_is_chosen() {
    // Windows-1252 drops the 8F of `및` (`EB B0 8F`, "and"), which leaves a dozen syllables that
    // no letter model tells apart; `및` is one of the few that are words of their own.
    let line = "경력: 클라우드 인프라 자동화 및 모니터링 시스템 구축";
    assert_eq!(round_trip(line, "windows-1252", Variant::Dropped, 2), line);
    // Windows-1250 drops the 83 of `ใ` (`E0 B9 83`) and the 88 of `จ` (`E0 B8 88`) next to
    // it: `ใจดี` ("kind-hearted") is a word of the Thai list, and the letter models alone put
    // `แ` within a nat and a half of `ใ`.
    let line = "สมชาย ใจดี – วิศวกรซอฟต์แวร์ กรุงเทพฯ";
    assert_eq!(round_trip(line, "windows-1250", Variant::Dropped, 1), line);
}

#[test]
fn of_two_letters_that_both_make_words_the_one_of_the_commoner_word_is_chosen() {
    // Windows-1250 drops the 98 of `И` (`D0 98`): `Иван` and `Аван` are both words of the
    // Russian list, but `Иван` is used far more. Windows-1254 drops the 9E of `語`
    // (`E8 AA 9E`), which leaves `認` and five more; `日本語` is a common word, the Japanese
    // list of known words lacks it.
    let line = "Иван Петров — ведущий разработчик, Москва";
    assert_eq!(round_trip(line, "windows-1250", Variant::Dropped, 1), line);
    let line = "🇩🇪 Deutsch · 🇬🇧 English · 🇫🇷 Français · 🇯🇵 日本語";
    assert_eq!(round_trip(line, "windows-1254", Variant::Dropped, 1), line);
}

#[test]
fn a_letter_before_another_lost_one_gains_from_the_known_word_they_make() {
    // Windows-1252 drops the 8F of `я` (`D1 8F`) in `якості`, and the 81 of its `с` (`D1 81`):
    // the word is scored with the best completion of the later letter, and the filter of known
    // words now speaks for that completion as well.
    let line = "Олена Коваленко, Київ — інженерка з якості програмного забезпечення";
    assert_eq!(round_trip(line, "windows-1252", Variant::Dropped, 1), line);
}

#[test]
fn an_emoji_the_text_names_is_chosen_among_many_candidates() {
    // Windows-1253 loses two bytes of 📍 (`F0 9F 93 8D`), which leaves 52 candidates; the place
    // after it asks for 📍 first and 📌 last, and 🎓 comes before 📚 for a degree.
    for line in [
        "📧 anna.berg@example.se | 📱 +46 70 123 45 67 | 📍 Göteborg, Sverige",
        "🎓 MSc Computer Science, ETH Zürich · 🏆 Best Thesis Award",
    ] {
        assert_eq!(round_trip(line, "windows-1253", Variant::Dropped, 1), line);
    }
}

#[test]
fn an_emoji_the_next_word_names_is_chosen() {
    // Windows-1254 drops the 8E of 🎸 (`F0 9F 8E B8`): 🌸 🍸 🏸 🐸 … fit as well, and no list
    // of the context knows guitars; the word after it names it.
    let line = "Hobbies: ⚽ football, 🎸 guitar, 📚 reading, 🏃‍♀️ running";
    assert_eq!(round_trip(line, "windows-1254", Variant::Dropped, 1), line);
}

#[test]
fn an_emoji_before_a_skin_tone_is_one_that_takes_it() {
    // Read twice as Windows-1253, 👍 and the skin tone 🏽 both lost bytes; the place the
    // text after them seems to name asked for 📍, which takes no skin tone.
    let line = "👍🏽 Team player · 👋🏻 Mentoring";
    let out = round_trip(line, "windows-1253", Variant::Dropped, 2);
    assert!(out.starts_with("\u{FFFD}🏽 Team player"), "{out}");
}

#[test]
fn a_capital_inside_a_word_and_an_em_dash_in_a_range_cost_more() {
    // Windows-1253 loses the second byte of `ê` (`C3 AA`), which leaves `Í`, `Ê` and a dozen
    // capitals that the letter models, which see lower case only, rank close to it; read
    // twice, `–` and `—` lose the same byte, and a range of numbers takes the en dash.
    for (line, layers) in [
        ("SÃO PAULO, Brasil · Engenheiro de Dados Sênior", 1),
        ("2019–2023 · Pay range: 80–95 k€", 2),
    ] {
        assert_eq!(
            round_trip(line, "windows-1253", Variant::Dropped, layers),
            line
        );
    }
}

#[test]
fn candidates_far_behind_the_best_do_not_raise_the_margin() {
    // The capital `О` of `Опыт` lost its second byte to Windows-1253: fifteen candidates, of
    // which only a few come close; `О` wins by less than fifteen would need.
    let line = "Опыт работы: 8 лет, Python, Go, PostgreSQL; английский — свободно";
    assert_eq!(round_trip(line, "windows-1253", Variant::Dropped, 1), line);
}

#[test]
fn a_text_that_keeps_c1_controls_replaced_only_the_bytes_that_have_none() {
    // A WHATWG decoder (a browser, encoding_rs) keeps Windows-1253's undefined bytes 81, 88, …
    // as C1 controls and replaces only AA, D2 and FF, which have none: here `ت` (`D8 AA`)
    // became `Ψ` and U+FFFD, while `و` (`D9 88`) kept its 88. Such a U+FFFD is one of the
    // three, so `ت` is the only candidate.
    let line = "خبرة في تطوير الأنظمة الموزعة والحوسبة السحابية";
    for layers in [1, 2] {
        assert_eq!(
            round_trip(line, "windows-1253", Variant::Kept, layers),
            line,
            "{layers} layers"
        );
    }
}

#[test]
fn the_inner_layer_of_double_mojibake_may_have_lost_what_the_outer_page_loses() {
    // Read twice as Windows-1254 with U+FFFD, `語` (`E8 AA 9E`) lost its 9E in the first
    // layer. Windows-1252 reads the rest of the inner layer alike but defines 9E, so reading
    // it with -1252 left `認` (`E8 AA 8D`) as the only likely candidate: a confident wrong
    // character. The inner layer's U+FFFD may stand for any byte the outer page leaves undefined.
    let line = "🇩🇪 Deutsch · 🇯🇵 日本語";
    let out = round_trip(line, "windows-1254", Variant::Replaced, 2);
    assert!(
        out == line || out == line.replace('語', "\u{FFFD}"),
        "{out}"
    );
}

#[test]
fn double_mojibake_is_never_decoded_into_unassigned_characters() {
    // Read twice as Windows-1250 with U+FFFD for its undefined bytes, this line decoded twice
    // to characters of unassigned planes (`U+A38ED`); it may stay damaged, but not invented.
    let line = "أحمد محمود – مهندس برمجيات أول، دبي";
    let out = round_trip(line, "windows-1250", Variant::Replaced, 2);
    let impossible =
        |c: char| c != '\u{FFFD}' && super::score::info(c).kind == super::score::Kind::Bad;
    assert!(!out.chars().any(impossible), "{out}");
}

#[test]
fn a_lost_byte_is_read_with_the_page_that_leaves_more_undefined_where_pages_tie() {
    // The mojibake of this line reads the same in Windows-1252 and Windows-1254, but `郎`
    // (`E9 83 8E`) lost a byte that only Windows-1254 leaves undefined: read as Windows-1252,
    // `郎` was not among the candidates and a wrong ideograph won.
    let line = "山田太郎 – シニアソフトウェアエンジニア（東京）";
    let damaged = damage(line, page("windows-1254"), Variant::Replaced, 1).0;
    let out = ok(damaged.as_bytes());
    assert_eq!(out.text, line);
    assert!(out.repairs.iter().all(|r| r.codepage == "windows-1254"));
    // Here the lost byte of `ώ` (`CF 8E`) shows only when the line is read again, after its
    // page was chosen on the letters that came back whole.
    let line = "Γιώργος Παπαδόπουλος – Μηχανικός Λογισμικού, Αθήνα";
    assert_eq!(round_trip(line, "windows-1254", Variant::Dropped, 1), line);
}

// ---------------------------------------------------------------------------------------------
// Decoding.

fn utf16(s: &str, big_endian: bool, bom: bool) -> Vec<u8> {
    let mut out = Vec::new();
    if bom {
        out.extend(if big_endian {
            [0xFE, 0xFF]
        } else {
            [0xFF, 0xFE]
        });
    }
    for unit in s.encode_utf16() {
        out.extend(if big_endian {
            unit.to_be_bytes()
        } else {
            unit.to_le_bytes()
        });
    }
    out
}

#[test]
fn decodes_bom_and_utf16() {
    let text = "Jürgen – 📧 日本\r\nline two\rthree";
    let want = "Jürgen – 📧 日本\nline two\nthree";
    let with_bom = [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat();
    let out = ok(&with_bom);
    assert_eq!(
        (out.text.as_str(), out.encoding),
        (want, SourceEncoding::Utf8Bom)
    );
    assert!(out.diagnostics.is_empty());
    for (big_endian, encoding) in [
        (false, SourceEncoding::Utf16Le),
        (true, SourceEncoding::Utf16Be),
    ] {
        let out = ok(&utf16(text, big_endian, true));
        assert_eq!((out.text.as_str(), out.encoding), (want, encoding));
        // Without a byte order mark, the NUL high bytes of ASCII give it away.
        let out = ok(&utf16("Curriculum vitae of Jürgen", big_endian, false));
        assert_eq!(
            (out.text.as_str(), out.encoding),
            ("Curriculum vitae of Jürgen", encoding)
        );
    }
    assert_eq!(ok(b"a\r\n\r\nb\r").text, "a\n\nb\n");
}

#[test]
fn utf16_mojibake_is_repaired_too() {
    let out = ok(&utf16("JÃ¼rgen WeiÃŸ", false, true));
    assert_eq!(out.text, "Jürgen Weiß");
}

#[test]
fn invalid_utf16_is_an_error() {
    let mut bytes = vec![0xFF, 0xFE];
    for _ in 0..20 {
        bytes.extend([0x00, 0xD8]); // lone high surrogates
    }
    match repair(&bytes) {
        Err(
            e @ RepairError::InvalidUtf16 {
                offset: 2,
                big_endian: false,
            },
        ) => {
            let message = e.to_string();
            assert!(
                message.starts_with(char::is_lowercase) && !message.ends_with('.'),
                "{message}"
            );
        }
        other => panic!("{other:?}"),
    }
    // One stray unit in a long text is replaced and reported, not fatal.
    let mut bytes = utf16(&"Curriculum vitae. ".repeat(10), false, true);
    bytes.extend([0x00, 0xDC]);
    let out = ok(&bytes);
    assert!(out.text.ends_with('\u{FFFD}'));
    assert_eq!(out.diagnostics.len(), 1);
}

#[test]
fn decodes_legacy_code_pages() {
    // Russian in windows-1251.
    let (bytes, _, _) =
        encoding_rs::WINDOWS_1251.encode("Иван Петров — ведущий разработчик, Москва");
    let out = ok(&bytes);
    assert_eq!(out.text, "Иван Петров — ведущий разработчик, Москва");
    assert_eq!(out.encoding, SourceEncoding::Legacy("windows-1251"));
    assert!(out.diagnostics[0].message.contains("windows-1251"));
    // German in windows-1252, French in ISO-8859-1 style.
    let (bytes, _, _) =
        encoding_rs::WINDOWS_1252.encode("Jürgen Weiß – Größe, Übermut und Ärger in München");
    let out = ok(&bytes);
    assert_eq!(
        out.text,
        "Jürgen Weiß – Größe, Übermut und Ärger in München"
    );
    assert_eq!(out.encoding, SourceEncoding::Legacy("windows-1252"));
    // German in Mac Roman, which chardetng does not know.
    let (bytes, _, _) =
        encoding_rs::MACINTOSH.encode("Jürgen Weiß – Größe, Übermut und Ärger in München");
    let out = ok(&bytes);
    assert_eq!(
        out.text,
        "Jürgen Weiß – Größe, Übermut und Ärger in München"
    );
    assert_eq!(out.encoding, SourceEncoding::Legacy("macintosh"));
    // Ukrainian in KOI8-U, where "Київ" holds a pair of bytes that is valid UTF-8 by accident.
    let ukrainian = "Олена Коваленко, Київ - інженерка з якості програмного забезпечення";
    let (bytes, _, unmappable) = encoding_rs::KOI8_U.encode(ukrainian);
    assert!(!unmappable);
    let out = ok(&bytes);
    assert_eq!(out.text, ukrainian);
    assert_eq!(out.encoding, SourceEncoding::Legacy("KOI8-U"));
    // Japanese in Shift_JIS.
    let japanese = "山田太郎・シニアソフトウェアエンジニア（東京）。職務経歴";
    let (bytes, _, unmappable) = encoding_rs::SHIFT_JIS.encode(japanese);
    assert!(!unmappable);
    let out = ok(&bytes);
    assert_eq!(out.text, japanese);
    assert_eq!(out.encoding, SourceEncoding::Legacy("Shift_JIS"));
}

#[test]
fn utf8_with_a_few_legacy_bytes() {
    // A UTF-8 file into which one line was pasted in windows-1252...
    let bytes = [
        "Jürgen Weiß\n".as_bytes(),
        b"Stra\xDFe in M\xFCnchen\n",
        "📧 a@b.de".as_bytes(),
    ]
    .concat();
    let out = ok(&bytes);
    assert_eq!(out.text, "Jürgen Weiß\nStraße in München\n📧 a@b.de");
    assert_eq!(out.encoding, SourceEncoding::Utf8);
    let messages: Vec<&str> = out.diagnostics.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(
        messages,
        ["1 line is not UTF-8 and was read as windows-1252"]
    );
    // ...and a UTF-8 line with one stray byte in it.
    let out = ok(&[
        b"J\xC3\xBCrgen Wei\xC3\x9F \xE2\x80\x93 M".as_slice(),
        b"\xFCnchen",
    ]
    .concat());
    assert_eq!(out.text, "Jürgen Weiß – München");
    assert_eq!(
        out.diagnostics[0].message,
        "1 byte is not valid UTF-8 and was read as windows-1252"
    );
}

#[test]
fn binary_input_is_an_error() {
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0";
    let zip = b"PK\x03\x04\x14\0\x06\0\x08\0\0\0!\0";
    let pdf = b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n";
    let mut noise = Vec::new();
    let mut x: u32 = 12345;
    for _ in 0..2048 {
        x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
        noise.push((x >> 16) as u8);
    }
    for (bytes, what) in [
        (png.as_slice(), "a PNG image"),
        (zip.as_slice(), "a zip archive (or a .docx/.odt document)"),
        (pdf.as_slice(), "a PDF document"),
        (noise.as_slice(), "binary data"),
        (&[0u8; 64][..], "binary data"),
    ] {
        match repair(bytes) {
            Err(e @ RepairError::Binary { what: w }) => {
                assert_eq!(w, what);
                let message = e.to_string();
                assert!(message.starts_with("input is not text") && !message.ends_with('.'));
            }
            other => panic!("{what}: {other:?}"),
        }
    }
    // A stray NUL or two in text is not binary: they are removed and reported.
    let out = ok(b"Hello\0 world\0");
    assert_eq!(out.text, "Hello world");
    assert_eq!(out.diagnostics.len(), 2);
}

// ---------------------------------------------------------------------------------------------
// Sanitising.

#[test]
fn sanitising_removes_controls_and_bidi_overrides() {
    let input = "a\u{0}b\u{7}\u{1b}c\td\u{85}e\u{202E}evil\u{202C}f\u{2066}g\u{2069}\u{FEFF}h";
    let out = ok(input.as_bytes());
    assert_eq!(out.text, "abc\tdeevilfgh");
    let messages: Vec<&str> = out.diagnostics.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "removed a NUL character",
            "removed 2 control characters (U+0007, U+001B)",
            "removed control character U+0085",
            "removed bidirectional control character U+202E",
            "removed bidirectional control character U+202C",
            "removed bidirectional control character U+2066",
            "removed bidirectional control character U+2069",
            "removed a byte order mark (U+FEFF) inside the text",
        ]
    );
    // Each diagnostic points at where the characters were, in the sanitised text.
    let spans: Vec<usize> = out
        .diagnostics
        .iter()
        .filter_map(|d| d.span.clone())
        .map(|s| s.start)
        .collect();
    assert_eq!(spans, [1, 2, 5, 6, 10, 11, 12, 12]);
    for d in &out.diagnostics {
        assert!(d.message.starts_with(char::is_lowercase) && !d.message.ends_with('.'));
    }
}

#[test]
fn sanitising_keeps_marks_joiners_and_selectors() {
    let keep = "عربي\u{200F} a\u{200E}b 👩\u{200D}💻 ❤\u{FE0F} نرم\u{200C}افزار 1\u{FE0F}\u{20E3}";
    let out = ok(keep.as_bytes());
    assert_eq!(out.text, keep);
    assert!(out.diagnostics.is_empty());
}

// ---------------------------------------------------------------------------------------------
// Hostile input: never a panic, never a hang.

#[test]
fn survives_hostile_input() {
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    let alphabet: Vec<char> = "ÃÂâ€œžŸ™ðŸ“Ä…Å‚ÐÑ¼½¾\u{FFFD}\u{81}\u{8D}a \n€ĞğİŞ√∞├╝αβγ"
        .chars()
        .collect();
    for round in 0..300 {
        let len = (next() % 400) as usize;
        let input: Vec<u8> = if round % 2 == 0 {
            (0..len).map(|_| next() as u8).collect()
        } else {
            let s: String = (0..len)
                .map(|_| alphabet[(next() % alphabet.len() as u64) as usize])
                .collect();
            s.into_bytes()
        };
        if let Ok(out) = repair(&input) {
            for r in &out.repairs {
                assert_eq!(out.text.get(r.span.clone()), Some(r.after.as_str()));
            }
        }
    }
    // Long lines of damage stay fast (the search for lost bytes has a budget).
    let long = "ðŸ“\u{FFFD}Ã\u{FFFD}â€".repeat(5_000);
    let start = std::time::Instant::now();
    let _ = repair(long.as_bytes());
    let many_lines = "ÃƒÂ¼ ÄŸ ðŸ“ Ñ\n".repeat(3_000);
    let _ = repair(many_lines.as_bytes());
    assert!(start.elapsed() < std::time::Duration::from_secs(60));
}

/// Times a ~10 KB résumé: `cargo test --release text::tests::timing -- --ignored --nocapture`.
#[test]
#[ignore = "timing, not a check; run in release"]
fn timing() {
    fn grow(s: &[u8]) -> Vec<u8> {
        let mut v = Vec::new();
        while v.len() < 10_000 {
            v.extend_from_slice(s);
            v.push(b'\n');
        }
        v
    }
    for (name, bytes) in [
        ("seed 000 (windows-1254, lost bytes)", grow(SEED_000)),
        ("seed 003 (Mac Roman)", grow(SEED_003)),
        ("german sample (windows-1252)", grow(GERMAN)),
        ("clean English", grow(CLEAN_EN.as_bytes())),
    ] {
        let _ = repair(&bytes);
        let runs = 30;
        let start = std::time::Instant::now();
        for _ in 0..runs {
            std::hint::black_box(repair(std::hint::black_box(&bytes)).ok());
        }
        let each = start.elapsed() / runs;
        println!(
            "{name:<40} {:>6} bytes {:>8.3} ms",
            bytes.len(),
            each.as_secs_f64() * 1e3
        );
    }
}

//! The commands around rendering: `--emit-typst` and `cvpdf bench`.

use crate::harness::{Case, pdf_text, pdfinfo};

/// The official Typst command line, when this machine has one (`cvpdf bench` uses it too).
fn typst_binary() -> Option<std::path::PathBuf> {
    let paths = std::env::var_os("PATH")?;
    std::env::split_paths(&paths)
        .map(|dir| dir.join("typst"))
        .find(|candidate| candidate.is_file())
}

#[test]
fn emit_typst_writes_a_project_the_typst_cli_compiles_to_the_same_text() {
    let case = Case::new();
    let seed = case.copy("seeds/000_aa0fae0c06efd418.txt");
    case.cvpdf([
        "render".as_ref(),
        "--emit-typst".as_ref(),
        "project".as_ref(),
        seed.as_os_str(),
    ])
    .code(0);
    let project = case.path("project/000_aa0fae0c06efd418");
    for file in [
        "main.typ",
        "classic.typ",
        "lib.typ",
        "profile.json",
        "document.json",
        "settings.json",
        "README.md",
        "fonts/TwemojiMozilla.ttf",
    ] {
        assert!(project.join(file).is_file(), "the project lacks {file}");
    }
    let profile: serde_json::Value =
        serde_json::from_slice(&std::fs::read(project.join("profile.json")).expect("profile.json"))
            .expect("profile.json is JSON");
    assert_eq!(profile["name"], "Mojtaba \"Tab\" Ahmadi");
    let settings: serde_json::Value = serde_json::from_slice(
        &std::fs::read(project.join("settings.json")).expect("settings.json"),
    )
    .expect("settings.json is JSON");
    assert_eq!(
        settings["lang"], "en",
        "the detected language is written down"
    );

    let document: serde_json::Value = serde_json::from_slice(
        &std::fs::read(project.join("document.json")).expect("document.json"),
    )
    .expect("document.json is JSON");
    assert_eq!(document["title"], "Mojtaba \"Tab\" Ahmadi — Résumé");
    assert_eq!(document["author"][0], "Mojtaba \"Tab\" Ahmadi");
    assert_eq!(document["keywords"][0], "Golang (Go)");

    let Some(typst) = typst_binary() else {
        eprintln!("no typst on PATH: the project was checked, not compiled");
        return;
    };
    let status = std::process::Command::new(typst)
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
        .status()
        .expect("typst runs");
    assert!(
        status.success(),
        "typst compile failed on the emitted project"
    );
    assert_eq!(
        pdf_text(&project.join("resume.pdf")),
        pdf_text(&case.path("000_aa0fae0c06efd418.pdf")),
        "typst and cvpdf give the same text"
    );
    assert_eq!(
        pdf_metadata(&project.join("resume.pdf")),
        pdf_metadata(&case.path("000_aa0fae0c06efd418.pdf")),
        "typst and cvpdf give the same metadata"
    );
}

/// Returns the title, subject, keywords and author `pdfinfo` prints.
fn pdf_metadata(pdf: &std::path::Path) -> Vec<Option<String>> {
    ["Title", "Subject", "Keywords", "Author"]
        .iter()
        .map(|key| pdfinfo(pdf, key))
        .collect()
}

#[test]
fn bench_prints_every_figure() {
    let case = Case::new();
    let run = case.cvpdf(["bench", "--runs", "3", "--batch", "6"]);
    run.code(0);
    let out = String::from_utf8_lossy(&run.output.stdout).into_owned();
    for figure in [
        "repair, 10 KB damaged text",
        "parse, seed 000",
        "warm render in-process, 000_aa0fae0c06efd418.txt",
        "warm re-render after an edit, seed 000",
        "cold whole-process render, 003_9fb50c5e6b2b3f56.txt",
        "Typst alone (layout, PDF), 6 of the batch",
        "ms of CPU (all threads)",
        "batch of 6 generated résumés",
        "peak RSS of the batch process",
    ] {
        assert!(out.contains(figure), "bench lacks {figure:?}:\n{out}");
    }
}

#[cfg(unix)]
#[test]
fn bench_pairs_each_cold_render_with_a_typst_compile_of_the_same_document() {
    use std::os::unix::fs::PermissionsExt;
    let case = Case::new();
    // A stand-in for the typst binary that records each call and takes a tenth of a second.
    let typst = case.path("typst");
    std::fs::write(
        &typst,
        format!(
            "#!/bin/sh\necho \"$PWD $*\" >> '{}'\nsleep 0.1\n",
            case.path("calls").display()
        ),
    )
    .expect("writes the stand-in");
    std::fs::set_permissions(&typst, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    let run = case.cvpdf([
        "bench".as_ref(),
        "--runs".as_ref(),
        "3".as_ref(),
        "--batch".as_ref(),
        "2".as_ref(),
        "--typst".as_ref(),
        typst.as_os_str(),
    ]);
    run.code(0);
    let out = String::from_utf8_lossy(&run.output.stdout).into_owned();
    for figure in [
        "typst compile, same document, 000_aa0fae0c06efd418.txt",
        "cold render / typst compile, 003_9fb50c5e6b2b3f56.txt",
    ] {
        assert!(out.contains(figure), "bench lacks {figure:?}:\n{out}");
    }
    let calls = std::fs::read_to_string(case.path("calls")).expect("typst was called");
    assert_eq!(
        calls.lines().count(),
        20,
        "an untimed run, then nine pairs (three for each of the three runs), for each seed:\n{calls}"
    );
    assert!(
        calls
            .lines()
            .all(|call| call.contains("/000_aa0fae0c06efd418 compile")
                || call.contains("/003_9fb50c5e6b2b3f56 compile")),
        "each call compiles an emitted project:\n{calls}"
    );
    let ratio_line = out
        .lines()
        .find(|line| line.contains("cold render / typst compile, 000"))
        .expect("a ratio line");
    let ratios: Vec<f64> = ratio_line
        .split_whitespace()
        .filter_map(|word| word.parse().ok())
        .collect();
    assert_eq!(ratios.len(), 3, "{ratio_line}");
    // The stand-in takes a fixed 0.1 s and a debug build's cold render about as long, so the
    // ratios' size says nothing here; their order and sign do.
    assert!(ratios[0] > 0.0, "{ratio_line}");
    assert!(
        ratios[0] <= ratios[1] && ratios[1] <= ratios[2],
        "min, median, max: {ratio_line}"
    );
}

#[test]
fn a_seed_goes_to_json_resume_and_renders_back_with_every_word() {
    let case = Case::new();
    let seed = case.copy("seeds/000_aa0fae0c06efd418.txt");
    let run = case.cvpdf([
        "parse".as_ref(),
        "--format".as_ref(),
        "json-resume".as_ref(),
        seed.as_os_str(),
    ]);
    run.code(0);
    let json: serde_json::Value =
        serde_json::from_slice(&run.output.stdout).expect("the output is JSON");
    assert_eq!(json["basics"]["name"], "Mojtaba \"Tab\" Ahmadi");
    assert_eq!(json["basics"]["email"], "tabmadi@proton.me");
    assert_eq!(json["work"][0]["position"], "Senior Backend Engineer");
    case.write("resume.json", &run.output.stdout);
    case.cvpdf(["render", "resume.json"]).code(0);
    let expected = std::fs::read_to_string(crate::harness::repo_file(
        "tests/fixtures/text/expected/000_aa0fae0c06efd418.md",
    ))
    .expect("the expected text");
    crate::harness::assert_all_words(
        "seed 000 through JSON Resume",
        &crate::harness::markdown_words(&expected),
        &pdf_text(&case.path("resume.pdf")),
    );
}

#[test]
fn a_hand_written_json_resume_renders() {
    let case = Case::new();
    let file = case.copy("tests/fixtures/jsonresume/zoe-dvorak.json");
    case.cvpdf([std::ffi::OsStr::new("render"), file.as_os_str()])
        .code(0);
    let text = pdf_text(&case.path("zoe-dvorak.pdf"));
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&file).expect("the fixture")).expect("JSON");
    let name = json["basics"]["name"].as_str().expect("a name");
    assert!(
        text.contains(name),
        "the PDF lacks the name {name}:\n{text}"
    );
    for job in json["work"].as_array().expect("work") {
        let position = job["position"].as_str().expect("a position");
        assert!(text.contains(position), "the PDF lacks {position}");
    }
    case.write("broken.json", "{\"basics\": {\"name\": \"Ada\",}}");
    case.cvpdf(["render", "broken.json"])
        .code(1)
        .stderr_has("error: broken.json:")
        .stderr_has("line 1");
}

#[test]
fn init_writes_a_starter_that_renders_cleanly_and_is_never_overwritten() {
    let case = Case::new();
    case.cvpdf(["init", "Ada Lovelace"])
        .code(0)
        .stderr_has("wrote resume.md");
    let starter = std::fs::read_to_string(case.path("resume.md")).expect("resume.md");
    assert!(starter.starts_with("# Ada Lovelace\n"));
    let run = case.cvpdf(["render", "resume.md"]);
    run.code(0);
    assert_eq!(
        run.stderr().trim(),
        "rendered resume.md -> resume.pdf (1 page)",
        "the starter renders without a warning"
    );
    let text = pdf_text(&case.path("resume.pdf"));
    assert!(text.contains("Ada Lovelace") && text.contains("Senior Software Engineer"));
    assert!(
        !text.contains("starter résumé"),
        "the comment is not printed"
    );
    case.cvpdf(["init"])
        .code(1)
        .stderr_has("cannot create resume.md (it already exists)");
    assert_eq!(
        std::fs::read_to_string(case.path("resume.md")).expect("resume.md"),
        starter
    );
}

#[test]
fn completions_and_the_man_page_are_generated() {
    let case = Case::new();
    for (shell, needle) in [
        ("bash", "_cvpdf()"),
        ("zsh", "#compdef cvpdf"),
        ("fish", "complete -c cvpdf"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let run = case.cvpdf(["completions", shell]);
        run.code(0);
        let script = String::from_utf8_lossy(&run.output.stdout);
        assert!(
            script.contains(needle),
            "{shell} completions lack {needle:?}"
        );
        assert!(
            script.contains("max-pages"),
            "{shell} completions know the render flags"
        );
    }
    let run = case.cvpdf(["man"]);
    run.code(0);
    let page = String::from_utf8_lossy(&run.output.stdout);
    assert!(page.contains(".TH cvpdf 1"), "a roff man page");
}

/// Waits up to `limit` for `ready` to hold, polling.
fn wait_for(limit: std::time::Duration, mut ready: impl FnMut() -> bool) -> bool {
    let start = std::time::Instant::now();
    while start.elapsed() < limit {
        if ready() {
            return true;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    ready()
}

#[test]
fn watch_renders_again_after_each_save_and_survives_a_broken_one() {
    let case = Case::new();
    case.write(
        "cv.md",
        "# Ada Lovelace\n\n## Experience\n\n- Wrote programs\n",
    );
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_cvpdf"))
        .args(["watch", "cv.md"])
        .current_dir(case.dir())
        .env("NO_COLOR", "1")
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("cvpdf watch starts");
    let pdf = case.path("cv.pdf");
    let limit = std::time::Duration::from_secs(20);
    let has = |word: &str| pdf.exists() && pdf_text(&pdf).contains(word);
    let first = wait_for(limit, || has("programs"));
    // Give the watcher a moment to be installed before the first save.
    std::thread::sleep(std::time::Duration::from_millis(300));
    case.write("cv.md", "# \n");
    std::thread::sleep(std::time::Duration::from_millis(500));
    let kept = has("programs");
    case.write(
        "cv.md",
        "# Ada Lovelace\n\n## Experience\n\n- Wrote Bernoulli numbers\n",
    );
    let second = wait_for(limit, || has("Bernoulli"));
    let _ = child.kill();
    let output = child.wait_with_output().expect("cvpdf watch ends");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(first, "the first render happened:\n{stderr}");
    assert!(kept, "a broken save keeps the last good PDF:\n{stderr}");
    assert!(second, "the save was rendered again:\n{stderr}");
    assert!(stderr.contains("error: cv.md: no name found"), "{stderr}");
    assert!(
        stderr.contains("rendered cv.md -> cv.pdf (1 page) in"),
        "{stderr}"
    );
}

#[test]
fn report_json_gives_one_record_per_file_in_input_order() {
    let case = Case::new();
    let seed = case.copy("seeds/000_aa0fae0c06efd418.txt");
    let run = case.cvpdf([
        "render".as_ref(),
        "-q".as_ref(),
        "--report".as_ref(),
        "json".as_ref(),
        seed.as_os_str(),
        "missing.md".as_ref(),
    ]);
    run.code(1);
    let stdout = String::from_utf8_lossy(&run.output.stdout).into_owned();
    let records: Vec<serde_json::Value> = stdout
        .lines()
        .map(|line| serde_json::from_str(line).expect("each line is a JSON object"))
        .collect();
    assert_eq!(records.len(), 2, "{stdout}");
    let seed_record = &records[0];
    assert_eq!(seed_record["status"], "rendered");
    assert_eq!(seed_record["pages"], 2);
    assert_eq!(seed_record["warnings"], 0);
    assert!(
        seed_record["repairs"].as_u64().is_some_and(|n| n > 0),
        "seed 000 was repaired"
    );
    assert!(
        seed_record["output"]
            .as_str()
            .is_some_and(|out| out.ends_with("000_aa0fae0c06efd418.pdf"))
    );
    assert!(seed_record["millis"].as_f64().is_some_and(|ms| ms > 0.0));
    assert_eq!(records[1]["status"], "failed");
    assert_eq!(records[1]["input"], "missing.md");
    assert_eq!(
        records[1]["error"],
        "cannot read missing.md (no such file or directory)"
    );
}

#[test]
fn diff_compares_page_images_and_marks_changes() {
    let case = Case::new();
    case.write(
        "cv.md",
        "# Ada Lovelace\n\n## Experience\n\n- Wrote the first program\n",
    );
    case.cvpdf(["render", "cv.md", "--png", "-o", "."]).code(0);
    std::fs::create_dir(case.path("old")).expect("a directory");
    std::fs::create_dir(case.path("new")).expect("a directory");
    std::fs::rename(case.path("cv-1.png"), case.path("old/cv-1.png")).expect("moved");
    case.cvpdf(["render", "cv.md", "--png", "-o", "."]).code(0);
    std::fs::copy(case.path("cv-1.png"), case.path("new/cv-1.png")).expect("copied");
    let same = case.cvpdf(["diff", "old", "new"]);
    same.code(0);
    assert!(
        String::from_utf8_lossy(&same.output.stdout).contains("cv-1.png: same (0 pixels differ)")
    );

    case.write(
        "cv.md",
        "# Ada Lovelace\n\n## Experience\n\n- Wrote the first programs\n",
    );
    case.cvpdf(["render", "cv.md", "--png", "-o", "new"])
        .code(0);
    let changed = case.cvpdf(["diff", "old", "new"]);
    changed.code(1);
    let out = String::from_utf8_lossy(&changed.output.stdout).into_owned();
    assert!(
        out.contains("cv-1.png: ") && out.contains("pixels differ; changes in red"),
        "{out}"
    );
    assert!(case.path("new/diff/cv-1-diff.png").is_file(), "{out}");
    case.cvpdf(["diff", "old", "nowhere"])
        .code(2)
        .stderr_has("cannot read nowhere");
}

/// build.rs links the command at a fixed address on Linux, which spares the dynamic loader some
/// 94,000 relocations at every start; `CVPDF_PIE=1` at build time keeps a position-independent
/// executable.
#[cfg(all(target_os = "linux", target_endian = "little"))]
#[test]
fn the_command_is_linked_at_a_fixed_address_unless_asked_for_a_pie() {
    use std::io::Read;
    // The ELF header's first 18 bytes: the whole debug binary is some 800 MB.
    let mut header = [0u8; 18];
    std::fs::File::open(env!("CARGO_BIN_EXE_cvpdf"))
        .and_then(|mut binary| binary.read_exact(&mut header))
        .expect("the binary's header is readable");
    assert_eq!(&header[..4], b"\x7fELF", "an ELF file");
    // e_type, little-endian at offset 16: 2 is an executable, 3 a shared object (a PIE).
    let kind = u16::from_le_bytes([header[16], header[17]]);
    let expected = if option_env!("CVPDF_PIE") == Some("1") {
        3
    } else {
        2
    };
    assert_eq!(kind, expected, "ELF type of the cvpdf binary");
}

//! Links the `cvpdf` command as a position-dependent executable on Linux.
//!
//! A position-independent executable (Rust's default) is relocated by the dynamic loader at every
//! start: about 94,000 pointers in Typst's and the other crates' tables, on some 440 pages that
//! each process then copies. A cold render of a seed spends that before `main`; linked at a fixed
//! address, it takes about 5 % less time (README, Performance). The executable's own image then
//! loads at the same address each time (its heap, stacks and libraries are still randomised), as
//! Go's binaries do by default. Set `CVPDF_PIE=1` when building to keep a position-independent
//! executable.

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-env-changed=CVPDF_PIE");
    let linux = std::env::var("CARGO_CFG_TARGET_OS").is_ok_and(|os| os == "linux");
    let keep_pie = std::env::var("CVPDF_PIE").is_ok_and(|value| value == "1");
    if linux && !keep_pie {
        println!("cargo::rustc-link-arg-bins=-no-pie");
    }
}

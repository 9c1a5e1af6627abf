//! The `cvpdf` command: see `cvpdf --help`.

mod cli;

/// jemalloc serves the command's allocations: Typst makes and frees millions of small objects per
/// résumé, on which glibc's allocator spent 14 % of a batch's time and jemalloc 5 %, as long as
/// the rendering threads live for the whole batch (`render::render_within`; README,
/// Performance). The library leaves the choice to the program that embeds it.
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn main() -> std::process::ExitCode {
    cli::main()
}

//! The `cvpdf` command: see `cvpdf --help`.

mod cli;

fn main() -> std::process::ExitCode {
    cli::main()
}

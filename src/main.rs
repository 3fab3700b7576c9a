//! The `dossier` binary: parse the command line, run the command, print the error chain.

use clap::Parser;
use std::process::ExitCode;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = dossier::cli::Cli::parse();
    let (mut out, mut err) = (std::io::stdout(), std::io::stderr());
    let mut term = dossier::cmd::Term { out: &mut out, err: &mut err, verbose: false };
    match dossier::cmd::run(cli, &mut term) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(dossier::cmd::EXIT_FAILURE)
        }
    }
}

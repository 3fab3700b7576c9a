//! One file per command. Commands write to the sinks they are given, never to the terminal
//! directly, and return the process exit code.

mod build;
mod check;
mod init;
mod new;
mod serve;

use crate::cli::{Cli, Command};
use std::io::Write;

/// Exit codes: 0 success, 1 content errors (or warnings with `--strict`), 2 failure to run.
pub const EXIT_FINDINGS: u8 = 1;
pub const EXIT_FAILURE: u8 = 2;

/// Where a command reports: normal output and diagnostics.
pub struct Term<'a> {
    pub out: &'a mut dyn Write,
    pub err: &'a mut dyn Write,
    pub verbose: bool,
}

/// Whether rebuilds check their page keys by rendering every page (`DOSSIER_VERIFY_REBUILDS=1`,
/// which the tests set; see `rebuild::Rebuild::new`).
fn verify_rebuilds() -> bool {
    std::env::var_os("DOSSIER_VERIFY_REBUILDS").is_some_and(|v| v == "1")
}

/// Run the parsed command line.
pub fn run(cli: Cli, term: &mut Term) -> anyhow::Result<u8> {
    term.verbose = cli.verbose;
    match cli.command {
        Command::Build(a) => build::run(a, term),
        Command::Check(a) => check::run(a, term),
        Command::Serve(a) => serve::run(a, term),
        Command::Init(a) => init::run(a, term),
        Command::New(a) => new::run(a, term),
    }
}

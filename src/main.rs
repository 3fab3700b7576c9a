//! The `dossier` binary: parse the command line, run the command, print the error chain.

use clap::Parser;
use std::process::ExitCode;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's `mi_option_purge_delay` (its place in the C enum of options): milliseconds
/// before freed memory goes back to the kernel, -1 for never.
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

fn main() -> ExitCode {
    let cli = dossier::cli::Cli::parse();
    // Stages free and allocate hundreds of megabytes at a time. Memory handed back to the
    // kernel comes back zeroed on its next use, page by page: with mimalloc's default of 1 s,
    // page faults took a sixth of the CPU time of a rebuild at 10,000 briefings. A one-shot
    // command keeps its memory until it exits; `serve` and `--watch` keep it 10 s after a
    // rebuild, long enough for the next save of someone editing.
    let delay = if cli.is_one_shot() { -1 } else { 10_000 };
    // SAFETY: sets an integer option of the allocator; no other thread exists yet.
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, delay) };
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

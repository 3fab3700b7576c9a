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
    // page faults took a sixth of the CPU time of a rebuild at 10,000 briefings. Dossier keeps
    // what it freed for its next allocations: a build until it exits, `serve` and `--watch`
    // for their next rebuild (which needs about as much again).
    // SAFETY: sets an integer option of the allocator; no other thread exists yet.
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, -1) };
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

#[cfg(test)]
mod tests {
    #[test]
    fn the_option_set_is_mimallocs_purge_delay() {
        // Another mimalloc version could number its options differently: the option at
        // PURGE_DELAY must have the purge delay's documented default (1 s) and no other's.
        // SAFETY: reads an integer option of the allocator.
        let default = unsafe { libmimalloc_sys::mi_option_get(super::PURGE_DELAY) };
        if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
            assert_eq!(default, 1000);
        }
    }
}

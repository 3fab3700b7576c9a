//! `dossier build`: compile the site and write the output folder; with `--watch`, keep running
//! and bring the output folder up to date in place after every save.

use super::{Term, EXIT_FINDINGS};
use crate::cli::BuildArgs;
use crate::pipeline::{build, BuildOptions};
use crate::rebuild::Rebuild;
use crate::serve::watch::SiteWatcher;
use crate::write;
use anyhow::Context as _;
use std::time::{Duration, Instant};

/// How many warnings `build` shows in full (all with `-v`; `check` always shows all).
const BRIEF_WARNINGS: usize = 10;

pub fn options(a: &BuildArgs) -> BuildOptions {
    BuildOptions {
        root: a.site.root.clone(),
        output: a.output.clone(),
        base_url: a.base_url.clone(),
        drafts: a.site.drafts,
        portable: a.portable,
    }
}

pub fn run(a: BuildArgs, term: &mut Term) -> anyhow::Result<u8> {
    let opts = options(&a);
    if a.watch {
        return watch(opts, term);
    }
    let report = build(&opts)?;
    if !report.findings.items.is_empty() {
        let max = if term.verbose { usize::MAX } else { BRIEF_WARNINGS };
        writeln!(term.err, "{}", report.findings.render_brief(max))?;
    }
    let Some(stats) = report.stats else {
        writeln!(term.err, "build failed: nothing was written; {} was left as it was", opts.output_dir().display())?;
        return Ok(EXIT_FINDINGS);
    };
    writeln!(
        term.out,
        "built {} pages ({} files, {} changed) into {} in {} ms",
        report.pages,
        stats.files,
        stats.written,
        opts.output_dir().display(),
        report.elapsed.as_millis()
    )?;
    if term.verbose {
        writeln!(term.out, "  {} unchanged, {} removed, {} bytes", stats.unchanged, stats.removed, stats.bytes)?;
        let per_briefing = report.search_index_bytes / report.briefings.max(1);
        writeln!(
            term.out,
            "  search index: {} bytes ({} bytes per briefing)",
            report.search_index_bytes, per_briefing
        )?;
        let stages: Vec<String> = report.timings.iter().map(|(n, d)| format!("{n} {} ms", d.as_millis())).collect();
        writeln!(term.out, "  stages: {}", stages.join(", "))?;
    }
    Ok(0)
}

/// Build, then rebuild on every change until stopped. Content errors are printed and leave the
/// output folder as it was; the command keeps watching.
fn watch(mut opts: BuildOptions, term: &mut Term) -> anyhow::Result<u8> {
    let out = std::path::absolute(opts.output_dir()).context("cannot resolve the output folder")?;
    opts.root = std::fs::canonicalize(&opts.root)
        .with_context(|| format!("site folder `{}` does not exist", opts.root.display()))?;
    opts.output = Some(out.clone());
    let mut watcher = SiteWatcher::new(&opts.root)?;
    watcher.skip(std::fs::canonicalize(&out).unwrap_or_else(|_| out.clone()));
    watcher.skip(out.clone());
    let mut rebuild = Rebuild::new(opts, super::verify_rebuilds());
    let mut changed = Vec::new();
    loop {
        let start = Instant::now();
        let outcome = rebuild.rebuild(&changed)?;
        report(term, &outcome.findings, &out)?;
        if let Some(output) = outcome.output {
            let write_start = Instant::now();
            let written = if output.whole {
                write::write_site(&out, &output.files, &output.statics)
            } else {
                write::update_site(&out, &output.files, &output.paths, &output.statics)
            };
            let stats = match written {
                Ok(stats) => stats,
                Err(e) => {
                    // The next rebuild writes the whole site again.
                    rebuild.forget_output();
                    return Err(e);
                }
            };
            let mut timings = outcome.timings;
            timings.push(("write", write_start.elapsed()));
            let how = if outcome.quick { " (body edit)" } else { "" };
            writeln!(
                term.out,
                "built into {} in {} ms: {} written, {} removed, {} unchanged{how}; watching for changes",
                out.display(),
                start.elapsed().as_millis(),
                stats.written,
                stats.removed,
                stats.unchanged
            )?;
            if term.verbose {
                let stages: Vec<String> = timings.iter().map(|(n, d)| format!("{n} {} ms", d.as_millis())).collect();
                writeln!(term.out, "  stages: {}", stages.join(", "))?;
            }
        }
        term.out.flush()?;
        changed = next_batch(&mut watcher);
    }
}

/// The next batch of changed paths, however long it takes.
fn next_batch(watcher: &mut SiteWatcher) -> Vec<std::path::PathBuf> {
    loop {
        if let Some(paths) = watcher.next_batch(Duration::from_secs(3600)) {
            return paths;
        }
    }
}

/// Print a rebuild's findings (warnings in brief); on errors, say the output was left as it was.
fn report(term: &mut Term, findings: &crate::diag::Findings, out: &std::path::Path) -> anyhow::Result<()> {
    if !findings.items.is_empty() {
        let max = if term.verbose { usize::MAX } else { BRIEF_WARNINGS };
        writeln!(term.err, "{}", findings.render_brief(max))?;
    }
    if findings.has_errors() {
        writeln!(term.err, "build failed: {} was left as it was; watching for changes", out.display())?;
    }
    Ok(())
}

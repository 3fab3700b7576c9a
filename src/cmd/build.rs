//! `dossier build`: compile the site and write the output folder; with `--watch`, keep running
//! and bring the output folder up to date in place after every save.

use super::{Term, EXIT_FINDINGS};
use crate::cli::BuildArgs;
use crate::pipeline::{build, BuildOptions};
use crate::rebuild::Rebuild;
use crate::render::OutFile;
use crate::serve::watch::SiteWatcher;
use crate::write;
use anyhow::Context as _;
use std::sync::Mutex;
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
        // The whole site goes into a staging folder swapped in at the end, as a full build's;
        // a rebuild's few files are written in place.
        let staging = if rebuild.is_fresh() { Some(write::Staging::begin(&out)?) } else { None };
        let made: Mutex<Vec<OutFile>> = Mutex::new(Vec::new());
        let failure: Mutex<Option<anyhow::Error>> = Mutex::new(None);
        let sink = |f: OutFile| {
            let put = match &staging {
                Some(staging) => staging.put(&f.path, &f.bytes),
                None => made.lock().map(|mut m| m.push(f)).map_err(|_| anyhow::anyhow!("a writer failed")),
            };
            if let (Err(e), Ok(mut slot)) = (put, failure.lock()) {
                slot.get_or_insert(e);
            }
        };
        let outcome = rebuild.rebuild(&changed, &sink)?;
        report(term, &outcome.findings, &out)?;
        let failed = failure.into_inner().ok().flatten();
        match (outcome.output, staging) {
            (Some(output), staging) => {
                let write_start = Instant::now();
                let written = match (failed, staging) {
                    (Some(e), staging) => {
                        if let Some(s) = staging {
                            s.abandon();
                        }
                        Err(e)
                    }
                    (None, Some(staging)) => staging.finish(&output.statics),
                    (None, None) => {
                        let made = made.into_inner().unwrap_or_default();
                        write::update_site(&out, &made, &output.paths, &output.statics)
                    }
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
                    let stages: Vec<String> =
                        timings.iter().map(|(n, d)| format!("{n} {} ms", d.as_millis())).collect();
                    writeln!(term.out, "  stages: {}", stages.join(", "))?;
                }
            }
            (None, Some(staging)) => staging.abandon(),
            (None, None) => {}
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

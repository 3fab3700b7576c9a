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
use std::path::PathBuf;
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
    warnings(term, &stats.warnings)?;
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

/// Build, then rebuild on every change until stopped. Content errors, and errors reading the
/// site or writing the output (a vanished `content/`, a full disk), are printed and leave the
/// output folder as it was; the command keeps watching, and the next change tries again.
fn watch(mut opts: BuildOptions, term: &mut Term) -> anyhow::Result<u8> {
    opts.root = std::fs::canonicalize(&opts.root)
        .with_context(|| format!("site folder `{}` does not exist", opts.root.display()))?;
    let shown = std::path::absolute(opts.output_dir()).context("cannot resolve the output folder")?;
    let out = write::output_folder(&opts.root, &shown)?;
    opts.output = Some(out.clone());
    let mut watcher = SiteWatcher::new(&opts.root)?;
    watcher.skip(out.clone());
    watcher.skip(shown.clone());
    let mut w = Watch { rebuild: Rebuild::new(opts, super::verify_rebuilds()), out, shown };
    let mut changed = Vec::new();
    loop {
        if let Err(e) = w.rebuild(&changed, term) {
            writeln!(term.err, "error: {e:#}")?;
            writeln!(
                term.err,
                "build failed: {} was left as it was; watching for changes (the next save tries again)",
                w.shown.display()
            )?;
        }
        term.out.flush()?;
        term.err.flush()?;
        changed = next_batch(&mut watcher);
    }
}

/// What `build --watch` keeps between rebuilds.
struct Watch {
    rebuild: Rebuild,
    /// The real output folder, and the path to show for it.
    out: PathBuf,
    shown: PathBuf,
}

impl Watch {
    /// Rebuild after `changed` and write what changed. An error leaves the output as it was.
    fn rebuild(&mut self, changed: &[PathBuf], term: &mut Term) -> anyhow::Result<()> {
        let start = Instant::now();
        // The whole site (the first build, or the first after a failed write) goes into a
        // staging folder swapped in at the end, as a full build's, which also drops leftovers
        // of an interrupted run; a rebuild's few files are written in place, all or nothing.
        let staging = if self.rebuild.is_fresh() { Some(write::Staging::begin(&self.out)?) } else { None };
        let made: Mutex<Vec<OutFile>> = Mutex::new(Vec::new());
        let failure: Mutex<Option<anyhow::Error>> = Mutex::new(None);
        let sink = |f: OutFile| {
            let put = match &staging {
                Some(staging) => staging.put(&f.path, &f.bytes),
                None => {
                    made.lock().map(|mut m| m.push(f)).ok();
                    Ok(())
                }
            };
            if let (Err(e), Ok(mut slot)) = (put, failure.lock()) {
                slot.get_or_insert(e);
            }
        };
        let outcome = self.rebuild.rebuild(changed, &sink)?;
        report(term, &outcome.findings, &self.shown)?;
        let Some(output) = outcome.output else {
            if let Some(staging) = staging {
                staging.abandon();
            }
            return Ok(());
        };
        let write_start = Instant::now();
        let written = match (failure.into_inner().ok().flatten(), staging) {
            (Some(e), staging) => {
                if let Some(staging) = staging {
                    staging.abandon();
                }
                Err(e)
            }
            (None, Some(staging)) => staging.finish(&output.statics),
            (None, None) => {
                let made = made.into_inner().unwrap_or_default();
                write::update_site(&self.out, &made, &output.paths, &output.statics)
            }
        };
        let stats = match written {
            Ok(stats) => stats,
            Err(e) => {
                // What the rebuild made is not on disk: the next one writes the whole site.
                self.rebuild.forget_output();
                return Err(e);
            }
        };
        warnings(term, &stats.warnings)?;
        let mut timings = outcome.timings;
        timings.push(("write", write_start.elapsed()));
        let how = if outcome.quick { " (body edit)" } else { "" };
        writeln!(
            term.out,
            "built into {} in {} ms: {} written, {} removed, {} unchanged{how}; watching for changes",
            self.shown.display(),
            start.elapsed().as_millis(),
            stats.written,
            stats.removed,
            stats.unchanged
        )?;
        if term.verbose {
            let stages: Vec<String> = timings.iter().map(|(n, d)| format!("{n} {} ms", d.as_millis())).collect();
            writeln!(term.out, "  stages: {}", stages.join(", "))?;
        }
        Ok(())
    }
}

/// Print what a write ignored (lines of a tampered manifest).
fn warnings(term: &mut Term, warnings: &[String]) -> anyhow::Result<()> {
    for w in warnings {
        writeln!(term.err, "warning: {w}")?;
    }
    Ok(())
}

/// The next batch of changed paths, however long it takes.
fn next_batch(watcher: &mut SiteWatcher) -> Vec<PathBuf> {
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

//! `dossier build`: compile the site and write the output folder; with `--watch`, keep running
//! and bring the output folder up to date in place after every save.

use super::{Term, EXIT_FINDINGS};
use crate::cli::BuildArgs;
use crate::pipeline::{build, compile_with, BuildOptions, Incremental};
use crate::serve::watch::SiteWatcher;
use crate::write;
use anyhow::Context as _;
use std::path::PathBuf;
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
    let mut w = Watch {
        opts,
        out,
        shown,
        state: Incremental::default(),
        hashed: write::Hashed::default(),
        first: true,
        quick: false,
    };
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
    opts: BuildOptions,
    /// The real output folder, and the path to show for it.
    out: PathBuf,
    shown: PathBuf,
    state: Incremental,
    hashed: write::Hashed,
    /// Nothing was written yet in this run: the next write stages and swaps the whole site
    /// (which also drops leftovers of an earlier, interrupted run).
    first: bool,
    /// The last rebuild was written in full, so a body edit may take the quick path, which
    /// writes only the pages it renders again.
    quick: bool,
}

impl Watch {
    /// Rebuild after `changed` and write what changed. An error leaves the output as it was.
    fn rebuild(&mut self, changed: &[PathBuf], term: &mut Term) -> anyhow::Result<()> {
        let start = Instant::now();
        if self.quick {
            if let Some(patched) = self.state.patch(&self.opts, changed) {
                report(term, &patched.findings, &self.shown)?;
                if !patched.findings.has_errors() {
                    // Until this write is in, only a full rebuild knows what the folder lacks.
                    self.quick = false;
                    let stats = write::patch_site(&self.out, &patched.files)?;
                    self.quick = true;
                    warnings(term, &stats.warnings)?;
                    writeln!(
                        term.out,
                        "built into {} in {} ms: {} written (body edit); watching for changes",
                        self.shown.display(),
                        start.elapsed().as_millis(),
                        stats.written,
                    )?;
                }
                return Ok(());
            }
        }
        self.quick = false;
        self.state.invalidate(changed);
        let compiled = compile_with(&self.opts, &mut self.state)?;
        report(term, &compiled.findings, &self.shown)?;
        if compiled.findings.has_errors() {
            return Ok(());
        }
        let write_start = Instant::now();
        let stats = if self.first {
            write::write_site(&self.out, &compiled.files, &compiled.statics)?
        } else {
            write::update_site(&self.out, &compiled.files, &compiled.statics, &mut self.hashed)?
        };
        (self.first, self.quick) = (false, true);
        warnings(term, &stats.warnings)?;
        let mut timings = compiled.timings;
        timings.push(("write", write_start.elapsed()));
        writeln!(
            term.out,
            "built into {} in {} ms: {} written, {} removed, {} unchanged; watching for changes",
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

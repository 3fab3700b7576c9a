//! Rebuilds after a save, for `serve` and `build --watch`: everything kept from one build to
//! the next lives here, behind one call, `Rebuild::rebuild(changed files)`.
//!
//! A rebuild runs the pipeline's stages again with what the last build left:
//! - documents whose files did not change are not read again (`docs`);
//! - a body's scan and checks, and the mentions found in it, are reused while what they are
//!   made of is the same (`bodies`);
//! - a page is rendered again only when its key changed: the hash of its typed model, which
//!   holds everything its template sees (`render::key`); parts of the search index and of the
//!   data export likewise, by the keys of what each is made from.
//!
//! The most common save, an edit of a briefing's body that leaves its front matter as it was,
//! takes a quick path (`quick`) that re-analyses that body alone and, when nothing another page
//! shows changed, renders only the briefing's page, the search index and the feed.
//!
//! Keys are a proof obligation: a page whose key did not change must render the same bytes.
//! With `verify` (the tests' mode) every rebuild renders every page anyway and fails on a page
//! whose key stayed while its bytes changed, so a missing input fails a test instead of
//! leaving a stale page.

mod bodies;
mod docs;
mod quick;

use crate::diag::Findings;
use crate::model::Site;
use crate::pipeline::{self, BuildOptions, Laps};
use crate::render::{self, key::Key, pages::Plan, search, templates::Theme, OutFile, Sink};
use crate::write::CopyFile;
use anyhow::{bail, Result};
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// The state kept between builds of one site.
pub struct Rebuild {
    opts: BuildOptions,
    verify: bool,
    docs: docs::Docs,
    bodies: bodies::Bodies,
    /// The key of every page of the last good build, by output file.
    pages: HashMap<String, Key>,
    /// The parts of the export of the last good build, by key.
    parts: HashMap<Key, Arc<Vec<u8>>>,
    /// The chunks of the search index of the last good build, by key.
    chunks: HashMap<Key, Arc<search::Chunk>>,
    /// With `verify`: the bytes of every page of the last good build.
    files: HashMap<String, Arc<Vec<u8>>>,
    /// The last good build, for the quick path.
    last: Option<Last>,
}

/// The last build without errors.
struct Last {
    site: Arc<Site>,
    plan: Plan,
    theme: Theme,
    findings: Findings,
    /// The statics it copied, and every file it generated.
    statics: Vec<CopyFile>,
    paths: Vec<String>,
    /// The search index, kept whole so that a body edit changes only what it reaches.
    search: search::Index,
    /// The mention index, made on the first body edit and kept while the actors stay.
    mentions: Option<quick::Mentions>,
}

/// A site whose stages before rendering found no error, with its theme.
struct Ready {
    site: Site,
    theme: Theme,
    plan: Plan,
    statics: Vec<CopyFile>,
    /// Theme assets a static file replaces.
    replaced: Vec<&'static str>,
}

/// What one rebuild found and changed.
#[derive(Debug)]
pub struct Outcome {
    pub findings: Findings,
    /// What the output (a folder, or the preview's files) must change; `None` when errors
    /// leave the last good build as it is.
    pub output: Option<Output>,
    /// Wall time of each stage.
    pub timings: Vec<(&'static str, Duration)>,
    /// Whether the quick path for body edits was taken.
    pub quick: bool,
    /// Bodies scanned and searched for mentions afresh (the rest were recalled).
    pub scanned: usize,
    pub searched: usize,
}

/// What one rebuild output (its files went to the rebuild's sink).
#[derive(Debug)]
pub struct Output {
    /// Every file the site generates now, sorted (a file of the last build not listed here
    /// is gone).
    pub paths: Vec<String>,
    /// The static files of the site, copied as they are.
    pub statics: Vec<CopyFile>,
    /// Whether the files were the whole site (see `Rebuild::is_fresh`).
    pub whole: bool,
    /// Pages (HTML files) of the site.
    pub pages: usize,
    /// Pages rendered by this rebuild.
    pub rendered: usize,
}

impl Rebuild {
    /// No build yet: the first `rebuild` builds everything. With `verify`, every rebuild also
    /// renders every page and checks the keys (see the module's documentation).
    pub fn new(opts: BuildOptions, verify: bool) -> Rebuild {
        Rebuild {
            opts,
            verify,
            docs: Default::default(),
            bodies: Default::default(),
            pages: HashMap::new(),
            parts: HashMap::new(),
            chunks: HashMap::new(),
            files: HashMap::new(),
            last: None,
        }
    }

    /// The next output must be the whole site: the last one was not applied (a failed write),
    /// so what was kept of it no longer describes the output.
    pub fn forget_output(&mut self) {
        self.pages.clear();
        self.files.clear();
        self.last = None;
    }

    /// Whether the next rebuild makes the whole site (the first, or the first after
    /// `forget_output`): its files are then every file of the site, not changes to the last.
    pub fn is_fresh(&self) -> bool {
        self.pages.is_empty()
    }

    /// Rebuild after `changed` (absolute paths, as a watcher reports them) changed; the first
    /// call builds everything. Every file made again goes to `sink` as soon as it is rendered
    /// (its bytes may be what they were), none when errors keep the output as it is. An error
    /// means the site could not be read at all (a missing `content/`); problems in the content
    /// are findings of the outcome.
    pub fn rebuild(&mut self, changed: &[PathBuf], sink: &Sink) -> Result<Outcome> {
        if !changed.is_empty() {
            if let Some(outcome) = quick::body_edit(self, changed, sink)? {
                return Ok(outcome);
            }
        }
        self.docs.invalidate(changed);
        self.full(sink)
    }

    /// Every stage, with what the last build kept.
    fn full(&mut self, sink: &Sink) -> Result<Outcome> {
        // The last model is dropped beside this build, not in its way.
        forget(self.last.take());
        let mut findings = Findings::default();
        let mut laps = Laps::start();
        let sources = self.docs.load(&self.opts.root, &mut findings)?;
        laps.lap("load");
        let recall = self.bodies.recall();
        let prepared = pipeline::prepare(&self.opts, &sources, &recall);
        let (scanned, searched) = recall.counts();
        self.bodies = recall.finish(&prepared.site);
        laps.lap("model");
        let errors = prepared.has_errors();
        let pipeline::Prepared { site, theme, plan, statics, replaced, findings: found } = prepared;
        findings.extend(found);
        let Some(theme) = theme else {
            findings.sort();
            return Ok(Outcome { findings, output: None, timings: laps.timings, quick: false, scanned, searched });
        };
        if errors {
            // Nothing is output, but every page is rendered for the template errors it has, as
            // a clean build reports them.
            let (template, _) = render::render(&site, &theme, &plan, &|_| true, None, &|_| {});
            findings.extend(template);
            findings.sort();
            return Ok(Outcome { findings, output: None, timings: laps.timings, quick: false, scanned, searched });
        }
        let ready = Ready { site, theme, plan, statics, replaced };
        self.render(ready, findings, laps, (scanned, searched), sink)
    }

    /// Render the pages whose keys changed (every page with `verify`) and the machine files,
    /// then keep what the next rebuild needs.
    fn render(
        &mut self,
        ready: Ready,
        mut findings: Findings,
        mut laps: Laps,
        (scanned, searched): (usize, usize),
        sink: &Sink,
    ) -> Result<Outcome> {
        let Ready { site, theme, plan, statics, replaced } = ready;
        // Pages, then feeds: every file made from a model with a key.
        let keys: Vec<Key> = render::keys(&site, &theme, &plan);
        let files: Vec<String> = plan.files();
        let changed: HashMap<&str, bool> =
            files.iter().zip(&keys).map(|(f, k)| (f.as_str(), self.pages.get(f) != Some(k))).collect();
        let pages = plan.pages.len();
        let wanted = |i: usize| self.verify || changed[files[i].as_str()];
        let kept = Mutex::new(Vec::new());
        let stale = Mutex::new(None);
        let rendered = AtomicUsize::new(0);
        let pass = |f: OutFile| {
            if replaced.contains(&f.path.as_str()) {
                return;
            }
            if let Some(&changed) = changed.get(f.path.as_str()) {
                if self.verify {
                    if !changed {
                        // Rendered only to check that its key tells the truth.
                        self.check_key(&f, &stale);
                        return;
                    }
                    if let Ok(mut kept) = kept.lock() {
                        kept.push((f.path.clone(), Arc::clone(&f.bytes)));
                    }
                }
                if f.path.ends_with(".html") {
                    rendered.fetch_add(1, Ordering::Relaxed);
                }
            }
            sink(f);
        };
        let (parts, chunks) = (&self.parts, &self.chunks);
        let known = render::Known { parts: &|k| parts.get(&k).cloned(), chunks: &|k| chunks.get(&k).cloned() };
        let (errors, parts) = render::render(&site, &theme, &plan, &wanted, Some(&known), &pass);
        laps.lap("render");
        if let Some(stale) = stale.into_inner().ok().flatten() {
            bail!("{stale}");
        }
        findings.extend(errors);
        findings.sort();
        if findings.has_errors() {
            return Ok(Outcome { findings, output: None, timings: laps.timings, quick: false, scanned, searched });
        }
        let paths = generated(&files, &replaced, &parts.search);
        let output = Output {
            rendered: rendered.into_inner(),
            whole: self.pages.is_empty(),
            paths: paths.clone(),
            pages,
            statics: statics.clone(),
        };
        self.files.extend(kept.into_inner().unwrap_or_default());
        self.pages = files.into_iter().zip(keys).collect();
        self.chunks = parts.search.chunks().iter().map(|(k, c)| (*k, Arc::clone(c))).collect();
        self.parts = parts.export.into_iter().collect();
        let search = parts.search;
        self.last = Some(Last {
            site: Arc::new(site),
            plan,
            theme,
            findings: findings.clone(),
            statics,
            paths,
            search,
            mentions: None,
        });
        Ok(Outcome { findings, output: Some(output), timings: laps.timings, quick: false, scanned, searched })
    }

    /// With `verify`: a page whose key did not change must have the bytes it had.
    fn check_key(&self, f: &OutFile, stale: &Mutex<Option<String>>) {
        if self.files.get(&f.path).is_some_and(|before| before.as_slice() != f.bytes.as_slice()) {
            if let Ok(mut stale) = stale.lock() {
                stale.get_or_insert(format!(
                    "stale page `{}`: its key did not change but its bytes did (a page model misses an input)",
                    f.path
                ));
            }
        }
    }
}

/// Drop the last build on a thread of its own at the lowest priority: freeing a model of
/// 10,000 briefings takes a tenth of a second, which it then spends only while the rebuild
/// leaves a core idle.
fn forget<T: Send + 'static>(value: Option<T>) {
    if let Some(v) = value {
        std::thread::spawn(move || {
            lowest_priority();
            drop(v)
        });
    }
}

/// Give the calling thread the lowest scheduling priority (on Linux, where the nice value is
/// per thread; elsewhere, nothing).
fn lowest_priority() {
    #[cfg(target_os = "linux")]
    // SAFETY: `setpriority` only reads its arguments; 0 names the calling thread.
    unsafe {
        libc::setpriority(libc::PRIO_PROCESS, 0, 19);
    }
}

/// Every file a build generates: its pages, the machine files (the search index's among
/// them) and the theme's assets but those a static file replaces; sorted.
fn generated(pages: &[String], replaced: &[&str], index: &search::Index) -> Vec<String> {
    let assets = render::ASSETS.iter().map(|(n, _)| *n).filter(|n| !replaced.contains(n));
    let mut all: Vec<String> = pages
        .iter()
        .cloned()
        .chain(render::MACHINE_FILES.iter().chain(assets.collect::<Vec<_>>().iter()).map(|p| p.to_string()))
        .chain(index.paths().map(str::to_string))
        .collect();
    all.sort();
    all.dedup();
    all
}

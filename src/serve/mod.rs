//! Live preview: the site kept in memory, rebuilt incrementally when files change, served over
//! HTTP with live reload.
//!
//! `Preview` owns the site's `Rebuild` and applies each good rebuild to a `Snapshot`
//! (output path → bytes) that is swapped into `Shared` in one step, so the HTTP server always
//! serves one whole build and a failed rebuild leaves the last good one served. Nothing here
//! prints: the command reports what `rebuild` returns.

pub mod http;
pub mod reload;
pub mod respond;
pub mod watch;

use crate::diag::{Finding, Findings};
use crate::pipeline::BuildOptions;
use crate::rebuild::Rebuild;
use crate::render::OutFile;
use reload::Hub;
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

/// One whole build, as served.
#[derive(Debug, Default)]
pub struct Snapshot {
    /// Counts good builds; tabs compare it to know whether they show the latest.
    pub generation: u64,
    pub files: HashMap<String, Arc<Vec<u8>>>,
}

/// What the HTTP server and the rebuild loop share.
#[derive(Debug, Default)]
pub struct Shared {
    site: RwLock<Arc<Snapshot>>,
    pub hub: Hub,
}

impl Shared {
    /// The build being served now.
    pub fn current(&self) -> Arc<Snapshot> {
        self.site.read().map(|s| Arc::clone(&s)).unwrap_or_else(|p| Arc::clone(&p.into_inner()))
    }

    /// Serve `snapshot` from now on.
    pub fn publish(&self, snapshot: Snapshot) {
        let next = Arc::new(snapshot);
        match self.site.write() {
            Ok(mut s) => *s = next,
            Err(p) => *p.into_inner() = next,
        }
    }
}

/// What a rebuild changed in the served site.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// Same bytes as before: nothing to tell the browser.
    None,
    /// Only stylesheets changed.
    Css,
    /// Anything else.
    Pages,
}

/// The outcome of one rebuild.
#[derive(Debug)]
pub struct Rebuilt {
    pub findings: Findings,
    /// `None` when the rebuild failed (errors, or the site could not be read) and the previous
    /// build stays served.
    pub change: Option<Change>,
    /// Why the site could not be read at all.
    pub failure: Option<String>,
    /// Output files added, changed or removed.
    pub changed_files: usize,
    pub pages: usize,
    pub elapsed: Duration,
}

/// The preview of one site: its rebuilds and where good builds go.
pub struct Preview {
    rebuild: Rebuild,
    shared: Arc<Shared>,
}

impl Preview {
    /// `verify`: check every rebuild's page keys (see `Rebuild::new`).
    pub fn new(opts: BuildOptions, shared: Arc<Shared>, verify: bool) -> Preview {
        Preview { rebuild: Rebuild::new(opts, verify), shared }
    }

    /// Rebuild after `changed` files changed (all files on the first call), publish the result
    /// if it has no errors, and tell the open tabs.
    pub fn rebuild(&mut self, changed: &[PathBuf]) -> Rebuilt {
        let start = Instant::now();
        // The last build's files, with what this one makes.
        let files = if self.rebuild.is_fresh() { HashMap::new() } else { self.shared.current().files.clone() };
        let files = Mutex::new(files);
        let sink = |f: OutFile| {
            if let Ok(mut files) = files.lock() {
                files.insert(f.path, f.bytes);
            }
        };
        let outcome = match self.rebuild.rebuild(changed, &sink) {
            Ok(o) => o,
            Err(e) => return self.failed(Findings::default(), Some(format!("{e:#}")), start),
        };
        let mut findings = outcome.findings;
        let Some(output) = outcome.output else { return self.failed(findings, None, start) };
        let mut files = files.into_inner().unwrap_or_default();
        let now: HashSet<&str> =
            output.paths.iter().map(String::as_str).chain(output.statics.iter().map(|s| s.out.as_str())).collect();
        files.retain(|p, _| now.contains(p.as_str()));
        for s in &output.statics {
            match std::fs::read(&s.from) {
                Ok(bytes) => {
                    files.insert(s.out.clone(), Arc::new(bytes));
                }
                Err(e) => findings.push(Finding::error(
                    &format!("static/{}", s.out),
                    "unreadable",
                    format!("cannot read: {e}"),
                )),
            }
        }
        if findings.has_errors() {
            // This rebuild's pages are not served: the next one must make them again.
            self.rebuild.forget_output();
            return self.failed(findings, None, start);
        }
        self.publish(findings, files, output.pages, start)
    }

    /// Serve `files` if they differ from the build being served, and tell the open tabs.
    fn publish(
        &self,
        findings: Findings,
        files: HashMap<String, Arc<Vec<u8>>>,
        pages: usize,
        start: Instant,
    ) -> Rebuilt {
        let old = self.shared.current();
        let (changed_files, change) = diff(&old.files, &files);
        if change != Change::None || old.files.is_empty() {
            let generation = old.generation + 1;
            self.shared.publish(Snapshot { generation, files });
            self.shared.hub.built(generation, change == Change::Css);
        } else {
            self.shared.hub.unchanged();
        }
        Rebuilt { findings, change: Some(change), failure: None, changed_files, pages, elapsed: start.elapsed() }
    }

    fn failed(&self, findings: Findings, failure: Option<String>, start: Instant) -> Rebuilt {
        let overlay = reload::overlay_html(&findings.items, failure.as_deref());
        self.shared.hub.failed(overlay);
        Rebuilt { findings, change: None, failure, changed_files: 0, pages: 0, elapsed: start.elapsed() }
    }
}

/// How many files differ between two builds, and whether only stylesheets did.
fn diff(old: &HashMap<String, Arc<Vec<u8>>>, new: &HashMap<String, Arc<Vec<u8>>>) -> (usize, Change) {
    let mut changed: Vec<&str> = new
        .iter()
        .filter(|(p, b)| old.get(*p).is_none_or(|o| !Arc::ptr_eq(o, b) && o.as_slice() != b.as_slice()))
        .map(|(p, _)| p.as_str())
        .collect();
    changed.extend(old.keys().filter(|p| !new.contains_key(*p)).map(String::as_str));
    let change = if changed.is_empty() {
        Change::None
    } else if changed.iter().all(|p| p.ends_with(".css")) {
        Change::Css
    } else {
        Change::Pages
    };
    (changed.len(), change)
}

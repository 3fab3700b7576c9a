//! What rebuilds keep between runs (`serve`, `build --watch`), and the quick path for the most
//! common save: an edit of a briefing's body.
//!
//! A rebuild normally re-runs every stage with caches (`pipeline::compile_with`): unchanged
//! files are not read again and pages whose context did not change are not rendered again,
//! but the model and every page's context are computed afresh, which at thousands of briefings
//! takes seconds. `Incremental::patch` handles a save that only changed the bodies of
//! briefings, keeping their front matter as it was: it re-analyses those bodies alone
//! (`model::patch`) and, when nothing another page shows changed, re-renders the briefings'
//! own pages, the search index and the feed, in milliseconds. Whatever it cannot prove local
//! falls back to the full rebuild, so the result is always what a clean build gives.

use crate::diag::{Finding, Findings};
use crate::load::cache::{DocCache, Stamp};
use crate::load::{self, Document};
use crate::model::patch::{body_edit, Mentions};
use crate::model::Site;
use crate::pipeline::BuildOptions;
use crate::render::{self, cache::PageCache, pages, templates::Theme, OutFile};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

/// The caches of incremental rebuilds: the parsed documents, the rendered pages and, after a
/// build without errors, what the quick path needs.
#[derive(Debug, Default)]
pub struct Incremental {
    pub docs: DocCache,
    /// Scans and quote checks of the bodies.
    pub bodies: crate::model::BodyMemo,
    pub pages: PageCache,
    pub(crate) last: Option<Last>,
}

/// The last build without errors: its model, page plan, theme and findings.
pub(crate) struct Last {
    pub site: Arc<Site>,
    pub plan: pages::Plan,
    pub theme: Theme,
    pub texts: BTreeMap<String, String>,
    pub findings: Findings,
    /// Built on the first body edit, kept while the actors stay the same.
    pub mentions: Option<Mentions>,
}

impl std::fmt::Debug for Last {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Last").field("briefings", &self.site.briefings.len()).finish_non_exhaustive()
    }
}

/// The outcome of a quick rebuild.
#[derive(Debug)]
pub struct Patched {
    /// The site's findings after the edit, as a full build would report them.
    pub findings: Findings,
    /// The output files that were rendered again (the edited briefings' pages, the search
    /// index and the feed); every other file is as the last build left it. Empty when the
    /// findings have errors.
    pub files: Vec<OutFile>,
}

impl Incremental {
    /// Forget what is cached for these files (absolute paths, as a watcher reports them).
    pub fn invalidate(&mut self, paths: &[PathBuf]) {
        self.docs.invalidate(paths);
        self.forget_last();
    }

    /// Drop the last build's model and page plan. Freeing them takes a tenth of a second at
    /// 10,000 briefings, so it happens on a thread of its own, beside the rebuild, at the
    /// lowest priority: it takes a core only while the rebuild leaves one idle.
    fn forget_last(&mut self) {
        if let Some(last) = self.last.take() {
            std::thread::spawn(move || {
                lowest_priority();
                drop(last)
            });
        }
    }

    /// Rebuild after a save of `changed` (absolute paths) that only edited briefing bodies.
    /// `None` when the quick path does not apply; nothing is changed then, and the caller
    /// rebuilds with `invalidate` and `compile_with`.
    pub fn patch(&mut self, opts: &BuildOptions, changed: &[PathBuf]) -> Option<Patched> {
        let last = self.last.as_mut()?;
        if changed.is_empty() {
            return None;
        }
        let content = opts.root.join("content");
        let mut reads: Vec<(PathBuf, Stamp, Document, Document, Vec<Finding>)> = Vec::new();
        for path in changed {
            let Some(Ok((old, old_found))) = self.docs.entry(path) else { return None };
            // A file that became a link may lead out of the site: the full path's walk checks it.
            if path.is_symlink() {
                return None;
            }
            let stamp = Stamp::of(&std::fs::metadata(path).ok()?);
            let (new, found) = load::read_document(&opts.root, &content, path).ok()?;
            if found != *old_found {
                return None;
            }
            reads.push((path.clone(), stamp, old.clone(), new, found));
        }
        // Each edit is checked against the site as built: a body edit that passes changes
        // nothing another briefing's analysis reads, so the edits are independent.
        let mentions = last.mentions.get_or_insert_with(|| Mentions::new(&last.site));
        let mut edits = Vec::with_capacity(reads.len());
        for (_, _, old, new, _) in &reads {
            edits.push(body_edit(&last.site, mentions, old, new)?);
        }
        // Every edit is accepted: from here on the state moves to the new files. (The site is
        // not shared by then; if it were, `make_mut` would copy it.)
        for (path, stamp, _, new, found) in reads {
            self.docs.insert(path, stamp, Ok((new, found)));
        }
        let site = Arc::make_mut(&mut last.site);
        let mut findings = std::mem::take(&mut last.findings);
        let mut edited = Vec::with_capacity(edits.len());
        for e in edits {
            findings.items.retain(|f| !e.stale.contains(f));
            findings.extend(e.fresh);
            site.briefings[e.index] = e.briefing;
            edited.push(e.index);
        }
        let site = &last.site;
        let mut files = Vec::with_capacity(edited.len() + 2);
        for bi in &edited {
            match render::page(site, &last.theme, &last.texts, &last.plan, &pages::Spec::Briefing(*bi)) {
                Ok(f) => files.push(f),
                Err(f) => findings.push(f),
            }
            self.pages.search.update(site, last.plan.urls, &last.plan.timeline_paths, *bi);
        }
        files.push(self.pages.search.file());
        files.push(render::feed::atom(site));
        findings.sort();
        if findings.has_errors() {
            // Later pages must come from a full build, which also reports these errors.
            self.forget_last();
            return Some(Patched { findings, files: Vec::new() });
        }
        last.findings = findings.clone();
        Some(Patched { findings, files })
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

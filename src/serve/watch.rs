//! Watching a site for changes: `content/`, `templates/`, `static/` and `dossier.yaml`.
//!
//! Editors save in bursts (a temp file written then renamed over the original, a backup file,
//! a swap file), so events are debounced: a batch closes once the folder has been quiet for a
//! moment, and one save becomes one rebuild. Editor leftovers (`.swp`, `~`, `.#*`, …) are not
//! changes. The site root is watched by itself too, so `templates/` or `static/` created after
//! start are picked up, as is a `content/` folder deleted and created again or replaced as a
//! whole. A site folder deleted and created again (a new folder at the same path, which no
//! existing watch sees) is noticed within a second, watched again and reported as a change.

use crate::load::is_ignored_name;
use anyhow::{Context as _, Result};
use notify::{EventKind, RecommendedWatcher, RecursiveMode, Watcher as _};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

/// The folders of a site whose files feed the build.
const WATCHED: [&str; 3] = ["content", "templates", "static"];
/// A batch closes after this long without a relevant event…
const QUIET: Duration = Duration::from_millis(30);
/// …or this long after it opened, whatever happens (a tool that writes without pause).
const LONGEST: Duration = Duration::from_millis(1000);
/// How often, while waiting, the site folder is checked for having been replaced.
const CHECK_ROOT: Duration = Duration::from_millis(1000);

/// A watcher over one site folder.
pub struct SiteWatcher {
    root: PathBuf,
    watcher: RecommendedWatcher,
    rx: Receiver<notify::Result<notify::Event>>,
    /// A folder whose changes are never relevant (the output folder of `build --watch`).
    skip: Vec<PathBuf>,
    /// Which folder is at `root` (device and inode), `None` while there is none.
    identity: Option<(u64, u64)>,
}

impl SiteWatcher {
    /// Watch the site at `root` (an absolute path).
    pub fn new(root: &Path) -> Result<SiteWatcher> {
        let (tx, rx) = channel();
        let watcher = notify::recommended_watcher(tx).context("cannot watch files for changes")?;
        let identity = identity(root);
        let mut w = SiteWatcher { root: root.to_path_buf(), watcher, rx, skip: Vec::new(), identity };
        w.watcher
            .watch(root, RecursiveMode::NonRecursive)
            .with_context(|| format!("cannot watch {}", root.display()))?;
        for d in WATCHED {
            w.watch_folder(d);
        }
        Ok(w)
    }

    /// Whether the folder at the site root is another one than before (it was deleted, or
    /// deleted and created again); a new one is watched afresh.
    fn root_replaced(&mut self) -> bool {
        let now = identity(&self.root);
        if now == self.identity {
            return false;
        }
        self.identity = now;
        if now.is_some() {
            let _ = self.watcher.unwatch(&self.root);
            let _ = self.watcher.watch(&self.root, RecursiveMode::NonRecursive);
            for d in WATCHED {
                self.watch_folder(d);
            }
        }
        true
    }

    /// Never report changes below `dir` (absolute), such as the output folder.
    pub fn skip(&mut self, dir: PathBuf) {
        self.skip.push(dir);
    }

    /// (Re)start watching a site folder, if it exists. A folder that was deleted and created
    /// again needs a new watch.
    fn watch_folder(&mut self, name: &str) {
        let dir = self.root.join(name);
        if dir.is_dir() {
            let _ = self.watcher.unwatch(&dir);
            let _ = self.watcher.watch(&dir, RecursiveMode::Recursive);
        }
    }

    /// Wait up to `wait` for a change, then collect the rest of the burst. Returns the changed
    /// paths (absolute, deduplicated), or `None` when nothing relevant happened in `wait`.
    pub fn next_batch(&mut self, wait: Duration) -> Option<Vec<PathBuf>> {
        let mut paths: Vec<PathBuf> = Vec::new();
        let deadline = Instant::now() + wait;
        let mut opened: Option<Instant> = None;
        loop {
            let now = Instant::now();
            let timeout = match opened {
                Some(t) => QUIET.min((t + LONGEST).saturating_duration_since(now)),
                None => CHECK_ROOT.min(deadline.saturating_duration_since(now)),
            };
            match self.rx.recv_timeout(timeout) {
                Ok(Ok(event)) => {
                    if self.take(event, &mut paths) && opened.is_none() {
                        opened = Some(Instant::now());
                    }
                }
                Ok(Err(_)) => {} // a watch error (an overflowing queue): the next rebuild rereads anyway
                Err(RecvTimeoutError::Timeout) if opened.is_some() => break,
                Err(RecvTimeoutError::Timeout) if self.root_replaced() => {
                    paths.push(self.root.clone());
                    opened = Some(Instant::now());
                }
                Err(RecvTimeoutError::Timeout) if Instant::now() < deadline => {}
                Err(_) => return None,
            }
        }
        paths.sort();
        paths.dedup();
        Some(paths)
    }

    /// Add the relevant paths of `event` to `paths`; true if there were any.
    fn take(&mut self, event: notify::Event, paths: &mut Vec<PathBuf>) -> bool {
        if matches!(event.kind, EventKind::Access(_)) {
            return false;
        }
        let mut any = false;
        for p in event.paths {
            if self.skip.iter().any(|s| p.starts_with(s)) {
                continue;
            }
            let Some(rel) = p.strip_prefix(&self.root).ok().map(Path::to_path_buf) else { continue };
            let mut parts = rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned());
            let Some(first) = parts.next() else { continue };
            let top_folder = WATCHED.contains(&first.as_str());
            if top_folder && rel.components().count() == 1 {
                self.watch_folder(&first);
            }
            let relevant = (first == "dossier.yaml" || top_folder) && !rel.components().any(|c| ignored(c.as_os_str()));
            if relevant {
                paths.push(p);
                any = true;
            }
        }
        any
    }
}

fn ignored(name: &std::ffi::OsStr) -> bool {
    is_ignored_name(&name.to_string_lossy())
}

/// The device and inode of the folder at `root`, where there is one.
#[cfg(unix)]
fn identity(root: &Path) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt as _;
    std::fs::metadata(root).ok().filter(|m| m.is_dir()).map(|m| (m.dev(), m.ino()))
}

/// Elsewhere, whether there is a folder at `root`.
#[cfg(not(unix))]
fn identity(root: &Path) -> Option<(u64, u64)> {
    root.is_dir().then_some((0, 0))
}

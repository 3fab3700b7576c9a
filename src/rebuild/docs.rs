//! The documents of the last build: a parsed markdown file is reused while its file is
//! unchanged, so a rebuild after one save re-reads and re-parses one file, not thousands.
//!
//! A file counts as unchanged while its size, modification time and inode (the identity an
//! atomic "write a temp file, then rename" save changes) stay the same and no watcher has
//! reported it. The watcher's report covers edits that keep size and a coarse modification time.

use crate::load::{self, ReadResult};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::SystemTime;

/// What identifies one version of a file on disk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    len: u64,
    modified: Option<SystemTime>,
    inode: u64,
}

impl Stamp {
    pub fn of(meta: &std::fs::Metadata) -> Stamp {
        #[cfg(unix)]
        let inode = std::os::unix::fs::MetadataExt::ino(meta);
        #[cfg(not(unix))]
        let inode = 0;
        Stamp { len: meta.len(), modified: meta.modified().ok(), inode }
    }

    fn of_path(path: &Path) -> Option<Stamp> {
        std::fs::metadata(path).ok().map(|m| Stamp::of(&m))
    }
}

/// Parsed documents by absolute path, with the stamp of the file they were read from.
#[derive(Debug, Default)]
pub struct Docs {
    entries: HashMap<PathBuf, (Stamp, ReadResult)>,
}

impl Docs {
    /// The cached result for `path`, whatever the file's stamp now.
    pub fn entry(&self, path: &Path) -> Option<&ReadResult> {
        self.entries.get(path).map(|(_, r)| r)
    }

    /// Cache the result read from `path`.
    pub fn insert(&mut self, path: PathBuf, result: ReadResult) {
        if let Some(stamp) = Stamp::of_path(&path) {
            self.entries.insert(path, (stamp, result));
        }
    }

    /// Forget `paths` (and anything below them): a watcher saw them change.
    pub fn invalidate(&mut self, paths: &[PathBuf]) {
        for p in paths {
            if self.entries.remove(p).is_none() {
                self.entries.retain(|k, _| !k.starts_with(p));
            }
        }
    }

    /// Load the site at `root`, reading only the documents whose files changed; the cache then
    /// holds exactly the documents of this load.
    #[allow(clippy::result_large_err)] // a document's one finding is a value the caller reports
    pub fn load(&mut self, root: &Path, findings: &mut crate::diag::Findings) -> anyhow::Result<load::Sources> {
        let content = root.join("content");
        let read: Mutex<Vec<(PathBuf, Stamp, ReadResult)>> = Mutex::new(Vec::new());
        let sources = load::load_with(root, findings, &|p| {
            let stamp = Stamp::of_path(p);
            let kept = stamp.and_then(|s| self.entries.get(p).filter(|(old, _)| *old == s)).map(|(_, r)| r.clone());
            let result = kept.unwrap_or_else(|| load::read_document(root, &content, p));
            if let (Some(stamp), Ok(mut read)) = (stamp, read.lock()) {
                read.push((p.to_path_buf(), stamp, result.clone()));
            }
            result
        });
        // A failed load (a missing `content/`) keeps what was known.
        let sources = sources?;
        self.entries = read.into_inner().unwrap_or_default().into_iter().map(|(p, s, r)| (p, (s, r))).collect();
        Ok(sources)
    }
}

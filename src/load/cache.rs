//! The document cache of incremental rebuilds: a parsed markdown file is reused while its file
//! is unchanged, so a rebuild after one save re-reads and re-parses one file, not thousands.
//!
//! A file counts as unchanged while its size, modification time and inode (the identity an
//! atomic "write a temp file, then rename" save changes) stay the same and no watcher has
//! reported it. The watcher's report covers edits that keep size and a coarse modification time.

use super::Document;
use crate::diag::Finding;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
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
}

/// The outcome of reading one document: the document and its findings, or one finding.
pub type ReadResult = Result<(Document, Vec<Finding>), Finding>;

/// Parsed documents by absolute path, with the stamp of the file they were read from.
#[derive(Debug, Default)]
pub struct DocCache {
    entries: HashMap<PathBuf, (Stamp, ReadResult)>,
}

impl DocCache {
    /// The cached result for `path` if the file still has `stamp`.
    pub fn get(&self, path: &Path, stamp: Stamp) -> Option<&ReadResult> {
        self.entries.get(path).filter(|(s, _)| *s == stamp).map(|(_, r)| r)
    }

    /// The cached result for `path`, whatever the file's stamp now.
    pub fn entry(&self, path: &Path) -> Option<&ReadResult> {
        self.entries.get(path).map(|(_, r)| r)
    }

    /// Cache the result read from `path` when it had `stamp`.
    pub fn insert(&mut self, path: PathBuf, stamp: Stamp, result: ReadResult) {
        self.entries.insert(path, (stamp, result));
    }

    /// Keep exactly the given results (files no longer present are dropped).
    pub fn replace(&mut self, entries: impl IntoIterator<Item = (PathBuf, Stamp, ReadResult)>) {
        self.entries = entries.into_iter().map(|(p, s, r)| (p, (s, r))).collect();
    }

    /// Forget `paths` (and anything below them): a watcher saw them change.
    pub fn invalidate(&mut self, paths: &[PathBuf]) {
        for p in paths {
            if self.entries.remove(p).is_none() {
                self.entries.retain(|k, _| !k.starts_with(p));
            }
        }
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

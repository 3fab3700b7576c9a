//! The page cache of incremental rebuilds: a page is rendered again only when what its template
//! sees changed.
//!
//! Each page's key is a 128-bit hash of its template name, every template's source and its
//! serialized context (the context holds everything a page shows, rendered bodies included), so
//! an equal key means equal output bytes. This stays correct whatever a page depends on, without
//! a hand-kept dependency graph that could miss an edge.

use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::Arc;

/// The bytes of each page last rendered, by output path, with the key they were rendered for.
#[derive(Debug, Default)]
pub struct PageCache {
    pages: HashMap<String, (PageKey, Arc<Vec<u8>>)>,
    /// Pages rendered (not taken from the cache) by the last render.
    pub rendered: usize,
    /// The search index of the last render, in parts.
    pub search: super::search::Parts,
}

/// What a page's output depends on, hashed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageKey(u64, u64);

/// Feeds serialized bytes to two independently seeded hashers (128 bits against collisions).
struct KeyWriter(DefaultHasher, DefaultHasher);

impl std::io::Write for KeyWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.write(buf);
        self.1.write(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A fingerprint of the whole template set: any template change re-renders every page, since
/// templates include and extend one another.
pub fn theme_fingerprint(texts: &BTreeMap<String, String>) -> u64 {
    let mut h = DefaultHasher::new();
    texts.hash(&mut h);
    h.finish()
}

impl PageKey {
    /// The key of a page rendered by `template` with `context`; `None` if the context cannot
    /// be serialized (the render reports that).
    pub fn of(theme: u64, template: &str, context: &impl Serialize) -> Option<PageKey> {
        let (mut a, mut b) = (DefaultHasher::new(), DefaultHasher::new());
        0xa5u8.hash(&mut a);
        0x5au8.hash(&mut b);
        for h in [&mut a, &mut b] {
            theme.hash(h);
            template.hash(h);
        }
        let mut w = KeyWriter(a, b);
        serde_json::to_writer(&mut w, context).ok()?;
        Some(PageKey(w.0.finish(), w.1.finish()))
    }
}

impl PageCache {
    /// The cached bytes of `path` if they were rendered for `key`.
    pub fn get(&self, path: &str, key: PageKey) -> Option<&Arc<Vec<u8>>> {
        self.pages.get(path).filter(|(k, _)| *k == key).map(|(_, b)| b)
    }

    /// Keep exactly these pages (their bytes are shared, not copied), of which `rendered` were
    /// rendered rather than taken from the cache. Pages that no longer exist are dropped.
    pub fn commit(&mut self, pages: Vec<(String, PageKey, Arc<Vec<u8>>)>, rendered: usize) {
        self.pages = pages.into_iter().map(|(path, key, bytes)| (path, (key, bytes))).collect();
        self.rendered = rendered;
    }

    pub fn len(&self) -> usize {
        self.pages.len()
    }

    pub fn is_empty(&self) -> bool {
        self.pages.is_empty()
    }
}

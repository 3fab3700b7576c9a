//! The page cache of incremental rebuilds: a page is rendered again only when what its template
//! sees changed.
//!
//! Each page's key is a 128-bit hash (XXH3) of its template name, every template's source and
//! its context (the context holds everything a page shows, rendered bodies included), so
//! an equal key means equal output bytes. This stays correct whatever a page depends on, without
//! a hand-kept dependency graph that could miss an edge.

use std::collections::{BTreeMap, HashMap};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::Arc;
use tera::value::ValueKind;
use tera::Value;
use xxhash_rust::xxh3::Xxh3;

/// The bytes of each page last rendered, by output path, with the key they were rendered for.
#[derive(Debug, Default)]
pub struct PageCache {
    pages: HashMap<String, (PageKey, Arc<Vec<u8>>)>,
    /// Pages rendered (not taken from the cache) by the last render.
    pub rendered: usize,
    /// The search index of the last render, in parts.
    pub search: super::search::Parts,
    /// The briefing bodies of the last render.
    pub bodies: super::memo::BodyMemo,
}

/// What a page's output depends on, hashed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageKey(u64, u64);

/// A fingerprint of the whole template set: any template change re-renders every page, since
/// templates include and extend one another.
pub fn theme_fingerprint(texts: &BTreeMap<String, String>) -> u64 {
    let mut h = DefaultHasher::new();
    texts.hash(&mut h);
    h.finish()
}

impl PageKey {
    /// The key of a page rendered by `template` with `context`.
    pub fn of(theme: u64, template: &str, context: &Value) -> PageKey {
        let mut h = Xxh3::new();
        h.write_u64(theme);
        write_str(&mut h, template);
        feed(context, &mut h);
        let k = h.digest128();
        PageKey(k as u64, (k >> 64) as u64)
    }
}

fn write_str(h: &mut Xxh3, s: &str) {
    h.write_usize(s.len());
    h.write(s.as_bytes());
}

/// Feed a template value to the hasher: every kind, length and string (with whether it is
/// marked safe, which decides its escaping), so two values with equal keys render alike.
fn feed(v: &Value, h: &mut Xxh3) {
    let kind = v.kind();
    kind.hash(h);
    match kind {
        ValueKind::String => {
            let s = v.as_str().unwrap_or_default();
            h.write_u8(u8::from(v.is_safe()));
            write_str(h, s);
        }
        ValueKind::Array => {
            let items = v.as_array().unwrap_or_default();
            h.write_usize(items.len());
            items.iter().for_each(|x| feed(x, h));
        }
        ValueKind::Map => {
            if let Some(map) = v.as_map() {
                h.write_usize(map.len());
                for (k, x) in map {
                    k.hash(h);
                    feed(x, h);
                }
            }
        }
        ValueKind::Bytes => h.write(v.as_bytes().unwrap_or_default()),
        ValueKind::Bool => h.write_u8(u8::from(v.as_bool().unwrap_or_default())),
        ValueKind::U64 | ValueKind::I64 | ValueKind::U128 | ValueKind::I128 => {
            h.write_i128(v.as_i128().unwrap_or_default());
            h.write_u128(v.as_u128().unwrap_or_default());
        }
        ValueKind::F64 => h.write_u64(v.as_f64().unwrap_or_default().to_bits()),
        _ => {}
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

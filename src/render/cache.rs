//! The page cache of incremental rebuilds: a page is rendered again only when what its template
//! sees changed.
//!
//! Each page's key is a 128-bit hash (XXH3) of its template name, every template's source and
//! its context (the context holds everything a page shows, rendered bodies included), so
//! an equal key means equal output bytes. This stays correct whatever a page depends on, without
//! a hand-kept dependency graph that could miss an edge. A value many pages share (an actor's
//! link, a card, an event) is hashed once per render, from the view it is made from, and enters
//! each page's key as that hash.

use std::collections::{BTreeMap, HashMap};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::Arc;
use tera::value::ValueKind;
use tera::Value;

/// The bytes of each page last rendered, by output path, with the key they were rendered for.
#[derive(Debug, Default)]
pub struct PageCache {
    pages: HashMap<String, (PageKey, Arc<Vec<u8>>)>,
    /// Pages rendered (not taken from the cache) by the last render.
    pub rendered: usize,
    /// The search index of the last render, in parts.
    pub search: super::search::Parts,
    /// The data export of the last render, in parts.
    pub export: super::export::Parts,
    /// The briefing bodies and pictures of the last render.
    pub memo: super::memo::Memos,
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
    /// The key of a page rendered by `template` with `context`. Texts whose hash `known` gives
    /// (rendered bodies and pictures, and the stand-ins of these and of values shared between
    /// pages) are hashed as that hash.
    pub fn of(theme: u64, template: &str, context: &Value, known: &Known) -> PageKey {
        let k = super::digest::hashed(|buf| {
            buf.extend_from_slice(&theme.to_le_bytes());
            encode_str(template, buf);
            encode(context, known, buf);
        });
        PageKey(k as u64, (k >> 64) as u64)
    }
}

/// Gives the hash of a text of a context (and whether it is marked safe) when it is known: the
/// text is then hashed as that hash, which must be the hash of everything the text stands for.
pub type Known<'a> = dyn Fn(&str, bool) -> Option<u128> + 'a;

fn encode_str(s: &str, out: &mut Vec<u8>) {
    out.extend_from_slice(&s.len().to_le_bytes());
    out.extend_from_slice(s.as_bytes());
}

/// Encode a template value without loss: every kind, length and string (with whether it is
/// marked safe, which decides its escaping), so two values with equal encodings render alike.
fn encode(v: &Value, known: &Known, out: &mut Vec<u8>) {
    let kind = v.kind();
    out.push(kind as u8);
    match kind {
        ValueKind::String => {
            let s = v.as_str().unwrap_or_default();
            // A text from the memos and its stand-in (a short safe string) hash alike.
            match known(s, v.is_safe()) {
                Some(digest) => {
                    out.push(2);
                    out.extend_from_slice(&digest.to_le_bytes());
                }
                None => {
                    out.push(u8::from(v.is_safe()));
                    encode_str(s, out);
                }
            }
        }
        ValueKind::Array => {
            let items = v.as_array().unwrap_or_default();
            out.extend_from_slice(&items.len().to_le_bytes());
            items.iter().for_each(|x| encode(x, known, out));
        }
        ValueKind::Map => {
            if let Some(map) = v.as_map() {
                out.extend_from_slice(&map.len().to_le_bytes());
                for (k, x) in map {
                    match k.as_str() {
                        Some(k) => encode_str(k, out),
                        None => encode(&k.as_value(), known, out),
                    }
                    encode(x, known, out);
                }
            }
        }
        ValueKind::Bytes => {
            let bytes = v.as_bytes().unwrap_or_default();
            out.extend_from_slice(&bytes.len().to_le_bytes());
            out.extend_from_slice(bytes);
        }
        ValueKind::Bool => out.push(u8::from(v.as_bool().unwrap_or_default())),
        ValueKind::U64 | ValueKind::I64 | ValueKind::U128 | ValueKind::I128 => {
            out.extend_from_slice(&v.as_i128().unwrap_or_default().to_le_bytes());
            out.extend_from_slice(&v.as_u128().unwrap_or_default().to_le_bytes());
        }
        ValueKind::F64 => out.extend_from_slice(&v.as_f64().unwrap_or_default().to_bits().to_le_bytes()),
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

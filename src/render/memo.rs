//! Briefing bodies rendered by earlier rebuilds, reused while everything they show is the
//! same: after a save, a rebuild renders again only the bodies whose own text, passages or
//! mentions changed, or one of whose links now points elsewhere or carries another label.
//!
//! An entry is keyed by a 128-bit hash (XXH3) of what the body's rendering reads besides the
//! site: its markdown, its file and page, the URL style and the HTML inserted for its passages
//! and mentions. The one thing it reads from the rest of the site is where its links go; the
//! entry keeps each link's rewrite and is reused only if every link rewrites the same now.
//! A hit therefore gives the bytes a fresh render would.

use super::markdown::{self, BodyContext, Rewrite};
use std::collections::HashMap;
use std::hash::Hasher;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use tera::Value;
use xxhash_rust::xxh3::Xxh3;

/// Rendered bodies by key.
#[derive(Debug, Default)]
pub struct BodyMemo {
    entries: HashMap<u128, Entry>,
    /// Bodies the last render rendered (rather than took from the memo).
    pub rendered: usize,
}

#[derive(Debug, Clone)]
struct Entry {
    rewrites: Vec<Rewrite>,
    html: Value,
}

impl BodyMemo {
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// One render's use of the memo: lookups in the last render's entries, and the entries this
/// render used or made (pages render in parallel, so they are collected under a lock).
#[derive(Debug)]
pub struct Bodies<'a> {
    last: &'a BodyMemo,
    next: Mutex<HashMap<u128, Entry>>,
    rendered: AtomicUsize,
}

impl<'a> Bodies<'a> {
    pub fn new(last: &'a BodyMemo) -> Bodies<'a> {
        Bodies { last, next: Mutex::new(HashMap::with_capacity(last.entries.len())), rendered: AtomicUsize::new(0) }
    }

    /// The HTML of the body `md` rendered in `cx`, from the memo when it holds.
    pub fn render(&self, md: &str, cx: &BodyContext) -> Value {
        let inserts = markdown::inserts(cx);
        let mut h = Xxh3::new();
        for part in [md, cx.file, cx.page] {
            h.write_usize(part.len());
            h.write(part.as_bytes());
        }
        h.write_u8(u8::from(cx.urls.portable));
        inserts.hash_into(&mut h);
        let key = h.digest128();
        let entry = match self.last.entries.get(&key).filter(|e| e.rewrites.iter().all(|r| r.holds(cx))) {
            Some(e) => e.clone(),
            None => {
                self.rendered.fetch_add(1, Ordering::Relaxed);
                let (html, rewrites) = markdown::render_with(md, cx, inserts, true);
                Entry { rewrites, html: Value::from(html) }
            }
        };
        let html = entry.html.clone();
        if let Ok(mut next) = self.next.lock() {
            next.insert(key, entry);
        }
        html
    }

    /// The memo for the next render: the entries this one used or made.
    pub fn finish(self) -> BodyMemo {
        BodyMemo { entries: self.next.into_inner().unwrap_or_default(), rendered: self.rendered.into_inner() }
    }
}

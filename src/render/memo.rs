//! What incremental rebuilds keep of the last render besides its pages: briefing bodies and
//! pictures, each reused while everything it shows is the same. After a save, a rebuild
//! renders again only the bodies whose own text, passages or mentions changed (or one of whose
//! links now points elsewhere or carries another label), and draws again only the pictures
//! whose marks, nodes or links changed.
//!
//! Entries are keyed by a 128-bit hash (XXH3) of everything the work reads:
//! - a body: its markdown, its file and page, the URL style and the HTML inserted for its
//!   passages and mentions. The one thing it reads from the rest of the site is where its links
//!   go: the entry keeps each link's rewrite and is reused only if every link rewrites the same
//!   now.
//! - a picture: what is drawn (marks, bars or nodes and links, with their labels and URLs) and
//!   its frame.
//!
//! A hit therefore gives the bytes fresh work would.

use super::markdown::{self, BodyContext, Rewrite};
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use tera::Value;
use xxhash_rust::xxh3::{xxh3_128, Xxh3};

/// Results by key, kept from one render to the next.
#[derive(Debug)]
pub struct Memo<V> {
    entries: HashMap<u128, V>,
    /// How many the last render made (rather than took from the memo).
    pub made: usize,
}

impl<V> Default for Memo<V> {
    fn default() -> Self {
        Memo { entries: HashMap::new(), made: 0 }
    }
}

impl<V> Memo<V> {
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// A rendered body, a hash of its HTML and the links it rewrote.
#[derive(Debug, Clone)]
pub struct Body {
    rewrites: Vec<Rewrite>,
    html: Value,
    digest: u128,
}

/// A drawn picture (SVG) and a hash of it.
#[derive(Debug, Clone)]
pub struct Drawing {
    svg: Value,
    digest: u128,
}

/// The memos of the last render, for pages to take from.
#[derive(Debug, Default)]
pub struct Memos {
    pub bodies: Memo<Body>,
    pub drawings: Memo<Drawing>,
}

/// One render's use of a memo: lookups in the last render's entries, and the entries this
/// render used or made (pages render in parallel, so they are collected under a lock).
#[derive(Debug)]
pub struct Reuse<'a, V> {
    last: &'a Memo<V>,
    next: Mutex<HashMap<u128, V>>,
    made: AtomicUsize,
}

impl<'a, V: Clone> Reuse<'a, V> {
    pub fn new(last: &'a Memo<V>) -> Reuse<'a, V> {
        Reuse { last, next: Mutex::new(HashMap::with_capacity(last.entries.len())), made: AtomicUsize::new(0) }
    }

    /// The entry of `key` if the last render has one that is still `valid`, else `make()`.
    fn get(&self, key: u128, valid: impl Fn(&V) -> bool, make: impl FnOnce() -> V) -> V {
        let entry = match self.last.entries.get(&key).filter(|e| valid(e)) {
            Some(e) => e.clone(),
            None => {
                self.made.fetch_add(1, Ordering::Relaxed);
                make()
            }
        };
        if let Ok(mut next) = self.next.lock() {
            next.insert(key, entry.clone());
        }
        entry
    }

    /// The memo for the next render: the entries this one used or made.
    pub fn finish(self) -> Memo<V> {
        Memo { entries: self.next.into_inner().unwrap_or_default(), made: self.made.into_inner() }
    }
}

/// The memos of one render.
#[derive(Debug)]
pub struct Reusing<'a> {
    pub bodies: Reuse<'a, Body>,
    pub drawings: Reuse<'a, Drawing>,
    /// The hash of each body and picture handed out, by the address and length of its text:
    /// page keys use it instead of hashing the text again (see `digest_of`).
    digests: Mutex<HashMap<(usize, usize), u128>>,
}

impl<'a> Reusing<'a> {
    pub fn new(last: &'a Memos) -> Reusing<'a> {
        Reusing {
            bodies: Reuse::new(&last.bodies),
            drawings: Reuse::new(&last.drawings),
            digests: Mutex::new(HashMap::new()),
        }
    }

    /// The hash of `s` if it is the text of a body or picture this render handed out. Each
    /// stays alive (in the memo) until the render ends, so no other string can have its
    /// address meanwhile.
    pub fn digest_of(&self, s: &str) -> Option<u128> {
        self.digests.lock().ok()?.get(&(s.as_ptr() as usize, s.len())).copied()
    }

    /// Hand out `text` (with its hash), noting the hash for `digest_of`.
    fn hand_out(&self, text: Value, digest: u128) -> Value {
        if let (Some(s), Ok(mut digests)) = (text.as_str(), self.digests.lock()) {
            digests.insert((s.as_ptr() as usize, s.len()), digest);
        }
        text
    }

    pub fn finish(self) -> Memos {
        Memos { bodies: self.bodies.finish(), drawings: self.drawings.finish() }
    }

    /// The HTML of the body `md` rendered in `cx`.
    pub fn body(&self, md: &str, cx: &BodyContext) -> Value {
        let inserts = markdown::inserts(cx);
        let mut h = Xxh3::new();
        for part in [md, cx.file, cx.page] {
            h.write_usize(part.len());
            h.write(part.as_bytes());
        }
        h.write_u8(u8::from(cx.urls.portable));
        inserts.hash_into(&mut h);
        let body = self.bodies.get(
            h.digest128(),
            |e| e.rewrites.iter().all(|r| r.holds(cx)),
            || {
                let (html, rewrites) = markdown::render_with(md, cx, inserts, true);
                let digest = xxh3_128(html.as_bytes());
                Body { rewrites, html: Value::from(html), digest }
            },
        );
        self.hand_out(body.html, body.digest)
    }

    /// The picture `draw` makes of `what`, a picture's whole input.
    pub fn drawing<T: Hash + ?Sized>(&self, what: &T, draw: impl FnOnce() -> String) -> Value {
        let mut h = Xxh3::new();
        what.hash(&mut h);
        let drawing = self.drawings.get(
            h.digest128(),
            |_| true,
            || {
                let svg = draw();
                Drawing { digest: xxh3_128(svg.as_bytes()), svg: Value::from(svg) }
            },
        );
        self.hand_out(drawing.svg, drawing.digest)
    }
}

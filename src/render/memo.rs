//! What incremental rebuilds keep of the last render besides its pages: briefing bodies and
//! pictures, each reused while everything it shows is the same. After a save, a rebuild
//! renders again only the bodies whose own text, passages or mentions changed (or one of whose
//! links now points elsewhere or carries another label), and draws again only the pictures
//! whose marks, nodes or links changed.
//!
//! Entries are keyed by a 128-bit hash (XXH3) of everything the work reads:
//! - a body: its markdown, its file and page, the URL style and what the HTML inserted for its
//!   passages and mentions is made from (quote anchors, speakers' names, mentioned actors).
//!   The one thing it reads from the rest of the site is where its links go: the entry keeps
//!   each link's rewrite and is reused only if every link rewrites the same now.
//! - a picture: what its marks, bars or nodes and links are made from (with their labels and
//!   where their links go, seen from the page) and its frame.
//!
//! A hit therefore gives the bytes fresh work would.
//!
//! An entry keeps the hash of its text, not the text, which the page already holds. A page's
//! key is taken from a context in which each text the memo knows is a stand-in for its hash;
//! only a page whose key changed is built again with the real texts (`Use`), so a rebuild
//! renders and draws again only for the pages it renders.

use super::digest;
use super::markdown::{self, BodyContext, Rewrite};
use fxhash::FxHashMap;
use std::collections::HashMap;
use std::hash::Hash;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use tera::Value;
use xxhash_rust::xxh3::xxh3_128;

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

/// What is kept of a rendered body: a hash of its HTML (not the HTML itself, which the page
/// holds) and the links it rewrote.
#[derive(Debug, Clone)]
pub struct Body {
    rewrites: Vec<Rewrite>,
    done: Done,
}

/// A text made once (a body's HTML, a picture's SVG), known by its hash: page keys need only
/// the hash, and the text itself is needed only to render a page whose key changed. A drawn
/// picture is kept as just this.
#[derive(Debug, Clone)]
pub struct Done {
    digest: u128,
    /// Stands for the text in page contexts while keys are computed (see `Use`); a short text
    /// is kept whole instead (`whole`), and hashed as it is.
    stand_in: Value,
    whole: bool,
}

/// Texts shorter than this are kept whole: cheap to keep and to hash, and never noted by
/// address (a short string may live inside its value rather than on the heap).
const SHORT: usize = 64;

impl Done {
    fn new(text: &str) -> Done {
        let digest = xxh3_128(text.as_bytes());
        if text.len() < SHORT {
            return Done { digest, stand_in: Value::from(text), whole: true };
        }
        Done { digest, stand_in: stand_in(digest), whole: false }
    }
}

/// The stand-in for a text or value whose hash is `digest` (see `Use`): a NUL, then the hash
/// seven bits per character, lowest first. At 20 bytes it is stored inside the template value
/// (which keeps strings of up to 21 bytes inline), so handing it out copies it instead of
/// counting references to a shared allocation from every thread.
pub fn stand_in(digest: u128) -> Value {
    let mut text = String::with_capacity(STAND_IN_LEN);
    text.push('\0');
    for k in 0..STAND_IN_LEN - 1 {
        text.push(char::from(((digest >> (7 * k)) & 0x7f) as u8));
    }
    Value::safe_string(&text)
}

/// A NUL and 19 characters of seven bits (133 bits, for a 128-bit hash).
const STAND_IN_LEN: usize = 20;

/// Hand out `stand_in` to the page being built on this thread: the page must be built again
/// with the real values if it is to be rendered.
pub fn hand_out(stand_in: &Value) -> Value {
    STAND_INS.with(|n| n.set(n.get() + 1));
    stand_in.clone()
}

/// The hash a stand-in stands for: stand-ins are the only strings marked safe in a page
/// context, and each spells its hash as `stand_in` writes it.
fn stood_for(s: &str) -> Option<u128> {
    let b = s.as_bytes();
    if b.len() != STAND_IN_LEN || b[0] != 0 {
        return None;
    }
    Some(b[1..].iter().rev().fold(0u128, |d, &c| (d << 7) | u128::from(c & 0x7f)))
}

thread_local! {
    /// Stand-ins handed out on this thread so far (a page's context is built on one thread).
    static STAND_INS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
    /// The hashes of the texts made on this thread for the page being built, by address and
    /// length.
    static FRESH: std::cell::RefCell<FxHashMap<(usize, usize), u128>> = std::cell::RefCell::new(FxHashMap::default());
    /// The same texts by their hash, for the page's second build (with the real texts) to take.
    static MADE: std::cell::RefCell<FxHashMap<u128, Value>> = std::cell::RefCell::new(FxHashMap::default());
}

/// How many stand-ins this thread has handed out: a page whose context took any must be built
/// again with the real texts if it is to be rendered.
pub fn stand_ins() -> usize {
    STAND_INS.with(|n| n.get())
}

/// The memos as one page context sees them: while `stand_ins`, a text the memo knows comes as
/// its stand-in (enough for the page key); otherwise as the real text.
#[derive(Debug, Clone, Copy)]
pub struct Use<'a> {
    pub memo: &'a Reusing<'a>,
    pub stand_ins: bool,
}

/// The memos of the last render, for pages to take from.
#[derive(Debug, Default)]
pub struct Memos {
    pub bodies: Memo<Body>,
    pub drawings: Memo<Done>,
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
        let this_render = || self.next.lock().ok()?.get(&key).cloned();
        let entry = match self.last.entries.get(&key).filter(|e| valid(e)).cloned().or_else(this_render) {
            Some(e) => e,
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
    pub drawings: Reuse<'a, Done>,
}

impl<'a> Reusing<'a> {
    pub fn new(last: &'a Memos) -> Reusing<'a> {
        Reusing { bodies: Reuse::new(&last.bodies), drawings: Reuse::new(&last.drawings) }
    }

    /// The hash a text of a page context is or stands for (`safe`: it is marked safe), if this
    /// render handed it out: a stand-in spells it; a fresh text is noted per thread by address
    /// and forgotten before the thread builds its next page (`forget_fresh`), so while a key is
    /// taken no other text can have a noted address.
    pub fn digest_of(&self, s: &str, safe: bool) -> Option<u128> {
        if safe {
            return stood_for(s);
        }
        let at = (s.as_ptr() as usize, s.len());
        FRESH.with(|f| {
            let f = f.borrow();
            if f.is_empty() {
                None
            } else {
                f.get(&at).copied()
            }
        })
    }

    /// The text just made (`fresh`) or known as `done`: its stand-in while `stand_ins`, else
    /// the text made for this page's key (if the key took a stand-in of something else), or
    /// made again by `again`. A fresh text's hash is noted for `digest_of` until the thread
    /// builds its next page (`forget_fresh`), by when its address may be reused.
    fn text(&self, done: &Done, fresh: Option<String>, stand_ins: bool, again: impl FnOnce() -> String) -> Value {
        if done.whole {
            return done.stand_in.clone();
        }
        match fresh {
            Some(text) => {
                let text = Value::from(text);
                if let Some(s) = text.as_str() {
                    FRESH.with(|f| f.borrow_mut().insert((s.as_ptr() as usize, s.len()), done.digest));
                    MADE.with(|m| m.borrow_mut().insert(done.digest, text.clone()));
                }
                text
            }
            None if stand_ins => hand_out(&done.stand_in),
            None => MADE.with(|m| m.borrow().get(&done.digest).cloned()).unwrap_or_else(|| Value::from(again())),
        }
    }

    /// Forget the texts noted on this thread for the last page it built.
    pub fn forget_fresh(&self) {
        FRESH.with(|f| f.borrow_mut().clear());
        MADE.with(|m| m.borrow_mut().clear());
    }

    pub fn finish(self) -> Memos {
        Memos { bodies: self.bodies.finish(), drawings: self.drawings.finish() }
    }

    /// The HTML of the body `md` rendered in `cx` (or its stand-in, see `Use`).
    pub fn body(&self, md: &str, cx: &BodyContext, stand_ins: bool) -> Value {
        let key = digest::hashed(|buf| {
            for part in [md, cx.file, cx.page] {
                buf.extend_from_slice(&part.len().to_le_bytes());
                buf.extend_from_slice(part.as_bytes());
            }
            buf.push(u8::from(cx.urls.portable));
            markdown::hash_inserts(cx, &mut digest::Buffer(buf));
        });
        let mut fresh = None;
        let body = self.bodies.get(
            key,
            |e| e.rewrites.iter().all(|r| r.holds(cx)),
            || {
                let (html, rewrites) = markdown::render_with(md, cx, markdown::inserts(cx), true);
                let done = Done::new(&html);
                fresh = Some(html);
                Body { rewrites, done }
            },
        );
        self.text(&body.done, fresh, stand_ins, || markdown::render(md, cx))
    }

    /// The picture `draw` makes of `what`, a picture's whole input (or its stand-in).
    pub fn drawing<T: Hash + ?Sized>(&self, what: &T, stand_ins: bool, draw: impl Fn() -> String) -> Value {
        let mut fresh = None;
        let done = self.drawings.get(
            digest::of_hashed(b"picture", what),
            |_| true,
            || {
                let svg = draw();
                let done = Done::new(&svg);
                fresh = Some(svg);
                done
            },
        );
        self.text(&done, fresh, stand_ins, draw)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stand_in_spells_its_whole_hash() {
        for d in [0, 1, 0x7f, 0x80, u128::MAX, u128::MAX >> 1, 0x0123_4567_89ab_cdef_fedc_ba98_7654_3210] {
            let v = stand_in(d);
            let s = v.as_str().unwrap_or_default();
            assert_eq!(s.len(), STAND_IN_LEN);
            assert_eq!(stood_for(s), Some(d), "{d:x}");
        }
        assert_ne!(stand_in(1).as_str(), stand_in(2).as_str());
        assert_eq!(stood_for("not a stand-in at all"), None);
    }
}

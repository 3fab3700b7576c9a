//! Keys: a 128-bit hash (XXH3) of everything a page, a picture or a part of a machine file is
//! made from.
//!
//! What render makes is a function of a typed value: a page of its page model, a body of its
//! `markdown::Body`, a picture of its marks or nodes. Those types derive `Hash`, so a key covers
//! every field by construction and nothing is listed by hand: two values with equal keys make
//! the same bytes. The one substitution is `Digested`, a long text hashed as the digest taken
//! when it was read.

use std::hash::{Hash, Hasher};
use xxhash_rust::xxh3::{xxh3_128, xxh3_64};

/// The hash of what something is made from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Key(pub u128);

impl Key {
    /// The key of `value`.
    pub fn of<T: Hash + ?Sized>(value: &T) -> Key {
        let mut buffer = Buffer(Vec::with_capacity(16 * 1024));
        value.hash(&mut buffer);
        Key(xxh3_128(&buffer.0))
    }
}

/// A hasher that collects what it is fed and hashes it whole: many small writes into a buffer
/// and one XXH3 pass cost less than streaming each write into the hash state.
struct Buffer(Vec<u8>);

impl Hasher for Buffer {
    fn write(&mut self, bytes: &[u8]) {
        self.0.extend_from_slice(bytes);
    }

    fn finish(&self) -> u64 {
        xxh3_64(&self.0)
    }
}

/// A text known by the digest of the file it was read from (`model::Briefing::digest`): it
/// hashes as that digest and its length, so a page key does not read a long body again. The
/// text must be a function of the file (a briefing's body is the file after its front matter).
#[derive(Debug, Clone, Copy)]
pub struct Digested<'a> {
    pub text: &'a str,
    pub digest: u128,
}

impl Hash for Digested<'_> {
    fn hash<H: Hasher>(&self, h: &mut H) {
        self.digest.hash(h);
        self.text.len().hash(h);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_tell_values_apart_where_fields_meet() {
        assert_ne!(Key::of(&("ab", "c")), Key::of(&("a", "bc")));
        assert_ne!(Key::of(&(Some(""), 1u8)), Key::of(&(None::<&str>, 1u8)));
        assert_ne!(Key::of(&vec![vec![1u32], vec![]]), Key::of(&vec![vec![], vec![1u32]]));
        assert_eq!(Key::of(&("a", 1usize)), Key::of(&(String::from("a"), 1usize)));
    }
}

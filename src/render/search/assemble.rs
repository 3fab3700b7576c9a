//! The index's files from its chunks: the manifest, the term shards and the entry chunks (see
//! the module above for what each holds), and the same files brought up to date after one
//! chunk changed.
//!
//! An entry's number is its place in the whole index (the chunks' entries, in order). A shard
//! lists, for each of its terms in order, the entries holding it: each as the distance from
//! the previous entry (a base-32 varint: digits `0`–`v` end a number, `w`–`_` carry five more
//! bits) and then its weight (one digit, 1–63), all in a 64-character alphabet that needs no
//! escaping in JSON.

use super::{words, Entry, KINDS};
use crate::render::key::Key;
use crate::render::xml::to_markup_safe_json;
use crate::render::OutFile;
use base64::Engine as _;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::sync::Arc;

const DIGITS: &[u8; 64] = b"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_";

/// Postings of one term in a chunk: (entry within the chunk, weight).
type Hits = Vec<(u32, u8)>;

/// A chunk of the index: its entries, ready to be written, and their terms by shard.
#[derive(Debug, PartialEq, Eq)]
pub struct Chunk {
    /// How many entries it holds.
    count: u32,
    /// By shard key, sorted: the terms of the shard, sorted, and their postings.
    shards: Vec<(String, Vec<(String, Hits)>)>,
    /// The entries as the chunk file carries them: `[kind, title, url, summary, text]` each,
    /// as JSON, deflated, in base64.
    data: String,
}

impl Chunk {
    pub(super) fn new(entries: &[Entry]) -> Chunk {
        let mut terms: BTreeMap<String, Hits> = BTreeMap::new();
        for (i, e) in entries.iter().enumerate() {
            for (term, weight) in e.weights() {
                terms.entry(term).or_default().push((i as u32, weight));
            }
        }
        let mut shards: Vec<(String, Vec<(String, Hits)>)> = Vec::new();
        for (term, mut hits) in terms {
            hits.sort_unstable();
            let key = shard_key(&term);
            match shards.last_mut() {
                Some((k, list)) if *k == key => list.push((term, hits)),
                _ => shards.push((key, vec![(term, hits)])),
            }
        }
        // Terms sort by their characters, and so do their keys (a prefix), so keys arrive in
        // order; sorting again costs nothing and keeps the invariant obvious.
        shards.sort_by(|a, b| a.0.cmp(&b.0));
        let rows: Vec<[&str; 5]> = entries
            .iter()
            .map(|e| [e.kind, e.title.as_str(), e.url.as_str(), e.summary.as_str(), e.text.as_str()])
            .collect();
        let json = to_markup_safe_json(&rows);
        // Level 3: on the benchmark's texts 3% larger than level 6 in 57% of its time (level 2
        // is faster still but 20% larger; level 1, 66%).
        let deflated = miniz_oxide::deflate::compress_to_vec(json.as_bytes(), 3);
        let data = base64::engine::general_purpose::STANDARD.encode(deflated);
        Chunk { count: entries.len() as u32, shards, data }
    }

    fn shard(&self, key: &str) -> Option<&[(String, Hits)]> {
        let i = self.shards.binary_search_by(|(k, _)| k.as_str().cmp(key)).ok()?;
        Some(&self.shards[i].1)
    }
}

/// The shard a term goes to: its first two characters.
fn shard_key(term: &str) -> String {
    term.chars().take(2).collect()
}

/// A shard key as a file name: ASCII letters and digits as they are, any other character as
/// `-` and its code point in hexadecimal and `-` (`u.` → `u-2e-`).
fn file_name(key: &str) -> String {
    let mut out = String::new();
    for c in key.chars() {
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            out.push(c);
        } else {
            out.push_str(&format!("-{:x}-", c as u32));
        }
    }
    out
}

/// The whole index: its chunks (with the keys of what each is made from) and its files.
pub struct Index {
    language: String,
    chunks: Vec<(Key, Arc<Chunk>)>,
    /// The first entry of each chunk, and the total.
    starts: Vec<u32>,
    /// How many chunks have terms in each shard.
    keys: BTreeMap<String, usize>,
    /// Every file of the index, by path.
    files: BTreeMap<String, Arc<Vec<u8>>>,
}

impl Index {
    pub fn new(language: &str, chunks: Vec<(Key, Arc<Chunk>)>) -> Index {
        let mut starts = Vec::with_capacity(chunks.len() + 1);
        let mut total = 0u32;
        let mut keys: BTreeMap<String, usize> = BTreeMap::new();
        for (_, c) in &chunks {
            starts.push(total);
            total += c.count;
            for (k, _) in &c.shards {
                *keys.entry(k.clone()).or_default() += 1;
            }
        }
        starts.push(total);
        let mut index = Index { language: language.to_string(), chunks, starts, keys, files: BTreeMap::new() };
        let shard_keys: Vec<&String> = index.keys.keys().collect();
        let shards: Vec<(String, Arc<Vec<u8>>)> = shard_keys.par_iter().map(|k| index.shard_file(k)).collect();
        let data: Vec<(String, Arc<Vec<u8>>)> =
            (0..index.chunks.len()).into_par_iter().map(|c| index.chunk_file(c)).collect();
        let manifest = index.manifest();
        index.files = shards.into_iter().chain(data).chain([manifest]).collect();
        index
    }

    /// Every file of the index.
    pub fn files(&self) -> impl Iterator<Item = OutFile> + '_ {
        self.files.iter().map(|(path, bytes)| OutFile { path: path.clone(), bytes: Arc::clone(bytes) })
    }

    /// The paths of the index's files, sorted.
    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.files.keys().map(String::as_str)
    }

    /// Bytes of all the index's files.
    pub fn bytes(&self) -> usize {
        self.files.values().map(|b| b.len()).sum()
    }

    /// The chunks with the keys of what each is made from.
    pub fn chunks(&self) -> &[(Key, Arc<Chunk>)] {
        &self.chunks
    }

    /// Put `chunk` in place of chunk `c` and return the files that change; `None` (and
    /// nothing changed) when the index's layout would change: another number of entries, or
    /// a shard that appears or goes away.
    pub fn replace(&mut self, c: usize, key: Key, chunk: Arc<Chunk>) -> Option<Vec<OutFile>> {
        let old = &self.chunks.get(c)?.1;
        if old.count != chunk.count {
            return None;
        }
        let before: Vec<&str> = old.shards.iter().map(|(k, _)| k.as_str()).collect();
        let after: Vec<&str> = chunk.shards.iter().map(|(k, _)| k.as_str()).collect();
        let gone = before.iter().any(|k| !after.contains(k) && self.keys.get(*k) == Some(&1));
        let new = after.iter().any(|k| !self.keys.contains_key(*k));
        if gone || new {
            return None;
        }
        let mut changed: Vec<String> = before.iter().chain(&after).map(|k| k.to_string()).collect();
        changed.sort();
        changed.dedup();
        changed.retain(|k| old.shard(k) != chunk.shard(k));
        for k in &before {
            if let Some(n) = self.keys.get_mut(*k) {
                *n -= 1;
            }
        }
        for k in &after {
            *self.keys.entry(k.to_string()).or_default() += 1;
        }
        self.chunks[c] = (key, chunk);
        let mut files = vec![self.chunk_file(c)];
        files.extend(changed.iter().map(|k| self.shard_file(k)));
        for (path, bytes) in &files {
            self.files.insert(path.clone(), Arc::clone(bytes));
        }
        Some(files.into_iter().map(|(path, bytes)| OutFile { path, bytes }).collect())
    }

    /// `search/t/<key>.js`: every term of the shard and the entries that hold it.
    fn shard_file(&self, key: &str) -> (String, Arc<Vec<u8>>) {
        let mut terms: BTreeMap<&str, Vec<(u32, u8)>> = BTreeMap::new();
        for ((_, chunk), &start) in self.chunks.iter().zip(&self.starts) {
            for (term, hits) in chunk.shard(key).unwrap_or_default() {
                terms.entry(term).or_default().extend(hits.iter().map(|&(i, w)| (start + i, w)));
            }
        }
        let mut out = Vec::with_capacity(terms.values().map(|h| h.len() * 3).sum::<usize>() + 64);
        out.extend_from_slice(b"dossierSearch.terms(");
        out.extend_from_slice(to_markup_safe_json(key).as_bytes());
        out.extend_from_slice(b",{");
        for (i, (term, hits)) in terms.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            // A term is letters, digits, `'` and `.` (`words`): nothing JSON escapes.
            out.push(b'"');
            out.extend_from_slice(term.as_bytes());
            out.extend_from_slice(b"\":\"");
            let mut last: i64 = -1;
            for &(doc, weight) in hits {
                let mut gap = (i64::from(doc) - last) as u64;
                last = i64::from(doc);
                while gap >= 32 {
                    out.push(DIGITS[32 + (gap & 31) as usize]);
                    gap >>= 5;
                }
                out.push(DIGITS[gap as usize]);
                out.push(DIGITS[usize::from(weight.min(63))]);
            }
            out.push(b'"');
        }
        out.extend_from_slice(b"});\n");
        (format!("search/t/{}.js", file_name(key)), Arc::new(out))
    }

    /// `search/d/<n>.js`: the entries of chunk `c`.
    fn chunk_file(&self, c: usize) -> (String, Arc<Vec<u8>>) {
        let data = &self.chunks[c].1.data;
        let mut out = Vec::with_capacity(data.len() + 40);
        out.extend_from_slice(format!("dossierSearch.docs({c},\"").as_bytes());
        out.extend_from_slice(data.as_bytes());
        out.extend_from_slice(b"\");\n");
        (format!("search/d/{c}.js"), Arc::new(out))
    }

    /// `search/index.js`: what the index holds and how it is split.
    fn manifest(&self) -> (String, Arc<Vec<u8>>) {
        #[derive(serde::Serialize)]
        struct Manifest<'a> {
            version: u32,
            language: &'a str,
            /// Entries in all.
            total: u32,
            /// Kind → label.
            kinds: BTreeMap<&'a str, &'a str>,
            /// Shard keys, and their file names, in the same order.
            shards: Vec<&'a str>,
            files: Vec<String>,
            /// The first entry of each chunk.
            chunks: &'a [u32],
            /// The longest word indexed.
            longest: usize,
        }
        let m = Manifest {
            version: 2,
            language: &self.language,
            total: self.starts.last().copied().unwrap_or(0),
            kinds: KINDS.iter().copied().collect(),
            shards: self.keys.keys().map(String::as_str).collect(),
            files: self.keys.keys().map(|k| file_name(k)).collect(),
            chunks: &self.starts[..self.starts.len().saturating_sub(1)],
            longest: words::MAX_CHARS,
        };
        let script = format!("window.dossierSearchIndex = {};\n", to_markup_safe_json(&m));
        (super::PATH.to_string(), Arc::new(script.into_bytes()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shard_files_are_named_by_their_keys() {
        assert_eq!(file_name("wa"), "wa");
        assert_eq!(file_name("u."), "u-2e-");
        assert_eq!(file_name("ko"), "ko");
        assert_eq!(file_name("北"), "-5317-");
        assert_eq!(shard_key("war"), "wa");
        assert_eq!(shard_key("a"), "a");
    }
}

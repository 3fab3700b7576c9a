//! The index's files from its chunks: the manifest, the term shards and the entry chunks (see
//! the module above for what each holds), and the same files brought up to date after one
//! chunk changed.
//!
//! An entry's number is its place in the whole index (the chunks' entries, in order). A shard
//! lists, for each of its terms in order, the entries holding it: each as the distance from
//! the previous entry (a base-32 varint: digits `0`–`v` end a number, `w`–`_` carry five more
//! bits) and then its weight (one digit, 1–63), all in a 64-character alphabet that needs no
//! escaping in JSON.

use super::{words, Entry, Excerpt, Terms, KINDS};
use crate::render::key::Key;
use crate::render::xml::to_markup_safe_json;
use crate::render::OutFile;
use base64::Engine as _;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::sync::Arc;

const DIGITS: &[u8; 64] = b"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_";

/// A posting of a term: (entry within the chunk, weight).
type Hit = (u32, u8);

/// Postings of one term in a chunk.
type Hits = Vec<Hit>;

/// A chunk of the index: its entries, ready to be written, and their terms by shard. The terms
/// and postings are kept flat (one string, one list), not a string and a list per term: every
/// chunk is held until the shards are written, and for a rebuild after that.
#[derive(Debug, PartialEq, Eq)]
pub struct Chunk {
    /// How many entries it holds.
    count: u32,
    /// Its terms, sorted, one after another.
    text: String,
    /// Per term, in order: where it ends in `text`, and where its postings end in `hits`.
    ends: Vec<(u32, u32)>,
    /// The postings of every term, term after term: (entry within the chunk, weight).
    hits: Vec<(u32, u8)>,
    /// Per shard with terms here, sorted by key: the key and its terms (a range of `ends`).
    shards: Vec<(String, (u32, u32))>,
    /// The entries as the chunk file carries them (`Row`s), as JSON, deflated, in base64.
    data: String,
}

/// The terms of one shard in a chunk, with their postings.
#[derive(Debug, Clone, Copy)]
struct ShardTerms<'a> {
    chunk: &'a Chunk,
    /// A range of the chunk's terms.
    terms: (u32, u32),
}

impl<'a> ShardTerms<'a> {
    fn iter(self) -> impl Iterator<Item = (&'a str, &'a [(u32, u8)])> {
        (self.terms.0..self.terms.1).map(move |i| self.chunk.term(i as usize))
    }
}

impl PartialEq for ShardTerms<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.iter().eq(other.iter())
    }
}

/// An entry as a chunk file carries it: `[kind, title, url, summary, text]`, where `text` is
/// what an excerpt is cut from: `""` for no excerpt, `null` for the text of the entry's page.
type Row<'a> = (&'a str, &'a str, &'a str, &'a str, Option<&'a str>);

impl Chunk {
    pub(super) fn new(entries: &[Entry]) -> Chunk {
        let mut terms = Terms::default();
        // Per term (by number): the entries holding it, in order, and its weight in each.
        let mut hits: Vec<Hits> = Vec::new();
        for (i, e) in entries.iter().enumerate() {
            e.weights(&mut terms, |id, weight| {
                let id = id as usize;
                if id >= hits.len() {
                    hits.resize_with(id + 1, Vec::new);
                }
                hits[id].push((i as u32, weight));
            });
        }
        // Terms in order of their characters, grouped by shard.
        let mut order: Vec<u32> = (0..terms.len() as u32).collect();
        order.sort_unstable_by(|&a, &b| terms.text(a).cmp(terms.text(b)));
        let mut text = String::new();
        let mut ends: Vec<(u32, u32)> = Vec::with_capacity(order.len());
        let mut flat: Vec<(u32, u8)> = Vec::with_capacity(hits.iter().map(Vec::len).sum());
        let mut shards: Vec<(String, (u32, u32))> = Vec::new();
        for (n, id) in order.into_iter().enumerate() {
            let term = terms.text(id);
            text.push_str(term);
            flat.extend_from_slice(&hits[id as usize]);
            ends.push((text.len() as u32, flat.len() as u32));
            let n = n as u32;
            match shards.last_mut() {
                Some((k, range)) if k == shard_key(term) => range.1 = n + 1,
                _ => shards.push((shard_key(term).to_string(), (n, n + 1))),
            }
        }
        // Terms sort by their characters, and so do their keys (a prefix), so keys arrive in
        // order: the ranges follow each other.
        debug_assert!(shards.windows(2).all(|w| w[0].0 < w[1].0));
        let rows: Vec<Row> = entries
            .iter()
            .map(|e| {
                let text = match e.excerpt {
                    Excerpt::None => Some(""),
                    Excerpt::Text(t) => Some(t),
                    Excerpt::Page => None,
                };
                (e.kind, e.title.as_str(), e.url.as_str(), e.summary.as_str(), text)
            })
            .collect();
        let json = to_markup_safe_json(&rows);
        let deflated = deflate(json.as_bytes());
        let data = base64::engine::general_purpose::STANDARD.encode(deflated);
        Chunk { count: entries.len() as u32, text, ends, hits: flat, shards, data }
    }

    /// Term `i` and its postings.
    fn term(&self, i: usize) -> (&str, &[(u32, u8)]) {
        let (start, hits_start) = if i == 0 { (0, 0) } else { self.ends[i - 1] };
        let (end, hits_end) = self.ends[i];
        (&self.text[start as usize..end as usize], &self.hits[hits_start as usize..hits_end as usize])
    }

    fn shard(&self, key: &str) -> Option<ShardTerms<'_>> {
        let i = self.shards.binary_search_by(|(k, _)| k.as_str().cmp(key)).ok()?;
        Some(ShardTerms { chunk: self, terms: self.shards[i].1 })
    }
}

/// `bytes` deflated (raw, no header), as the browser's `DecompressionStream("deflate-raw")`
/// inflates them. Level 4 of zlib-rs: on the benchmark's chunks 1.5% smaller than level 3 of
/// miniz_oxide (used before) in about three quarters of its time; level 3 is faster still but
/// 3% larger, level 6 1% smaller but slower by another fifth.
fn deflate(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write as _;
    let mut out = flate2::write::DeflateEncoder::new(Vec::with_capacity(bytes.len() / 3), flate2::Compression::new(4));
    out.write_all(bytes).and_then(|()| out.finish()).expect("deflated") // invariant: writing to a Vec never fails
}

/// The shard a term goes to: its first two characters.
fn shard_key(term: &str) -> &str {
    let end = term.char_indices().nth(2).map_or(term.len(), |(i, _)| i);
    &term[..end]
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
        // Each shard's parts, gathered in one pass over the chunks (in order).
        let mut parts: BTreeMap<&str, Vec<Part>> = BTreeMap::new();
        for ((_, chunk), &start) in index.chunks.iter().zip(&index.starts) {
            for &(ref k, terms) in &chunk.shards {
                parts.entry(k.as_str()).or_default().push((start, ShardTerms { chunk, terms }));
            }
        }
        let parts: Vec<(&str, Vec<Part>)> = parts.into_iter().collect();
        let shards: Vec<(String, Arc<Vec<u8>>)> = parts.par_iter().map(|(k, p)| shard_file(k, p)).collect();
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

    /// `search/t/<key>.js`, from the chunks as they are now.
    fn shard_file(&self, key: &str) -> (String, Arc<Vec<u8>>) {
        let parts: Vec<Part> = self
            .chunks
            .iter()
            .zip(&self.starts)
            .filter_map(|((_, chunk), &start)| Some((start, chunk.shard(key)?)))
            .collect();
        shard_file(key, &parts)
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

/// A chunk's part of a shard: the chunk's first entry, and its terms in the shard.
type Part<'a> = (u32, ShardTerms<'a>);

/// `search/t/<key>.js`: every term of the shard and the entries that hold it, from the parts
/// of the chunks that have terms in it, in the chunks' order.
fn shard_file(key: &str, parts: &[Part]) -> (String, Arc<Vec<u8>>) {
    // Each term's postings from each chunk; a stable sort keeps the chunks' order per term.
    let mut terms: Vec<(&str, u32, &[Hit])> =
        parts.iter().flat_map(|&(start, list)| list.iter().map(move |(t, h)| (t, start, h))).collect();
    terms.sort_by(|a, b| a.0.cmp(b.0));
    let mut out = Vec::with_capacity(terms.iter().map(|t| t.2.len() * 3 + t.0.len() + 4).sum::<usize>() + 64);
    out.extend_from_slice(b"dossierSearch.terms(");
    out.extend_from_slice(to_markup_safe_json(key).as_bytes());
    out.extend_from_slice(b",{");
    let mut last: i64 = -1;
    for (n, &(term, start, hits)) in terms.iter().enumerate() {
        if n == 0 || terms[n - 1].0 != term {
            if n > 0 {
                out.extend_from_slice(b"\",");
            }
            // A term is letters, digits, `'` and `.` (`words`): nothing JSON escapes.
            out.push(b'"');
            out.extend_from_slice(term.as_bytes());
            out.extend_from_slice(b"\":\"");
            last = -1;
        }
        for &(i, weight) in hits {
            let doc = start + i;
            let mut gap = (i64::from(doc) - last) as u64;
            last = i64::from(doc);
            while gap >= 32 {
                out.push(DIGITS[32 + (gap & 31) as usize]);
                gap >>= 5;
            }
            out.push(DIGITS[gap as usize]);
            out.push(DIGITS[usize::from(weight.min(63))]);
        }
    }
    if !terms.is_empty() {
        out.push(b'"');
    }
    out.extend_from_slice(b"});\n");
    (format!("search/t/{}.js", file_name(key)), Arc::new(out))
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

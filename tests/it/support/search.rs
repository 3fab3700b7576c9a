//! A built site's search index read back as the search page reads it: the manifest, every
//! term shard and every entry chunk (inflated), so tests can ask what a word finds and what
//! its result shows.

use base64::Engine as _;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;

const DIGITS: &str = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_";

/// One entry as a result shows it.
#[derive(Debug, Clone)]
pub struct Entry {
    pub kind: String,
    pub title: String,
    pub url: String,
    pub summary: String,
    /// What an excerpt is cut from: `Some("")` for none, `None` for the text of its page.
    pub text: Option<String>,
}

pub struct Index {
    pub entries: Vec<Entry>,
    /// Each term and the entries holding it, with their weights.
    pub terms: BTreeMap<String, Vec<(usize, u8)>>,
    /// Every file of the index, by path.
    pub files: BTreeMap<String, String>,
}

/// The JSON arguments of the call `script` is made of (`name(a, b);`).
fn arguments(script: &str, name: &str) -> Vec<Value> {
    let args = script.trim().strip_prefix(name).and_then(|s| s.strip_prefix('(')).and_then(|s| s.strip_suffix(");"));
    let args = args.unwrap_or_else(|| panic!("not a call of {name}: {script:.80}"));
    serde_json::from_str::<Vec<Value>>(&format!("[{args}]")).unwrap()
}

fn postings(s: &str) -> Vec<(usize, u8)> {
    let digit = |c: char| DIGITS.find(c).unwrap_or_else(|| panic!("bad digit {c}"));
    let (mut out, mut doc, mut chars) = (Vec::new(), -1i64, s.chars());
    while let Some(c) = chars.next() {
        let (mut gap, mut shift, mut d) = (0i64, 0, digit(c));
        while d >= 32 {
            gap += ((d - 32) as i64) << shift;
            shift += 5;
            d = digit(chars.next().unwrap());
        }
        doc += gap + ((d as i64) << shift);
        out.push((doc as usize, digit(chars.next().unwrap()) as u8));
    }
    out
}

impl Index {
    /// The index of the site built into `out`.
    pub fn read(out: &Path) -> Index {
        Index::from(|path| std::fs::read_to_string(out.join(path)).ok())
    }

    /// The index whose files `file` gives, by path in the output folder.
    pub fn from(file: impl Fn(&str) -> Option<String>) -> Index {
        let mut files = BTreeMap::new();
        let mut read = |path: String| {
            let text = file(&path).unwrap_or_else(|| panic!("no {path}"));
            files.insert(path, text.clone());
            text
        };
        let js = read("search/index.js".into());
        let json = js.trim().strip_prefix("window.dossierSearchIndex = ").and_then(|s| s.strip_suffix(';')).unwrap();
        let manifest: Value = serde_json::from_str(json).unwrap();
        let mut terms = BTreeMap::new();
        for name in manifest["files"].as_array().unwrap() {
            let args = arguments(&read(format!("search/t/{}.js", name.as_str().unwrap())), "dossierSearch.terms");
            for (term, hits) in args[1].as_object().unwrap() {
                terms.insert(term.clone(), postings(hits.as_str().unwrap()));
            }
        }
        let mut entries = Vec::new();
        for c in 0..manifest["chunks"].as_array().unwrap().len() {
            let args = arguments(&read(format!("search/d/{c}.js")), "dossierSearch.docs");
            assert_eq!(args[0], c);
            let bytes = base64::engine::general_purpose::STANDARD.decode(args[1].as_str().unwrap()).unwrap();
            let json = miniz_oxide::inflate::decompress_to_vec(&bytes).unwrap();
            let rows: Vec<(String, String, String, String, Option<String>)> = serde_json::from_slice(&json).unwrap();
            entries.extend(rows.into_iter().map(|(kind, title, url, summary, text)| Entry {
                kind,
                title,
                url,
                summary,
                text,
            }));
        }
        assert_eq!(manifest["total"], entries.len());
        Index { entries, terms, files }
    }

    /// The entries holding the (folded) `word`, in the index's order.
    pub fn find(&self, word: &str) -> Vec<&Entry> {
        self.terms.get(word).map(|hits| hits.iter().map(|&(e, _)| &self.entries[e]).collect()).unwrap_or_default()
    }

    /// The first entry of `kind` titled `title`.
    pub fn entry(&self, kind: &str, title: &str) -> &Entry {
        let found = self.entries.iter().find(|e| e.kind == kind && e.title == title);
        found.unwrap_or_else(|| panic!("no {kind} `{title}` in {:#?}", self.entries))
    }

    /// Bytes of all the index's files.
    pub fn bytes(&self) -> usize {
        self.files.values().map(String::len).sum()
    }
}

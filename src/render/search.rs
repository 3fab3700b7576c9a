//! The search index behind `/search/`, built at build time so search works offline.
//!
//! It is a script (`search/index.js`) rather than a `.json` file because browsers refuse
//! `fetch` from `file://` pages, and the search page must work opened from disk too. Each
//! entry is `[type, title, url, excerpt, keywords]`: the type is `briefing`, `actor`, `quote`
//! or `question`; the URL is relative to the search page and points at the right anchor.
//! Entries are kept small by budgets (see README): a briefing's body contributes only its
//! distinct words, up to `BODY_BUDGET` bytes.

use super::layout::{self, Urls};
use super::views::Views;
use super::{feed, text, OutFile};
use crate::model::Site;
use rayon::prelude::*;
use std::collections::HashMap;
use std::sync::Arc;
use xxhash_rust::xxh3::xxh3_128;

pub const PATH: &str = "search/index.js";
/// Where the search page is (URLs in the index are relative to it).
pub const PAGE: &str = "search/";
/// The index as linked from the search page, beside it.
pub const FROM_PAGE: &str = "index.js";
/// Bytes of distinct words (tags, actor names, summary, then body) indexed per briefing.
pub const BODY_BUDGET: usize = 700;
/// Bytes of extra words per quote (its context), question (its answer) or actor (aliases).
const EXTRA_BUDGET: usize = 200;
/// Characters of a briefing summary shown in results.
const EXCERPT_CHARS: usize = 160;
/// Characters of a quote or question shown as a result's title.
const TITLE_CHARS: usize = 160;

type Entry = (&'static str, String, String, String, String);
/// A body's first distinct words, by a hash of the body.
type KeptWords = (u128, Arc<str>);

/// The index in parts: the entries of each briefing (its own, its quotes' and its questions'),
/// and those of the actors, each as markup-safe JSON. A rebuild after a body edit replaces the
/// part of one briefing and joins the parts again instead of indexing the whole site.
#[derive(Debug, Clone, Default)]
pub struct Parts {
    briefings: Vec<String>,
    actors: String,
    /// The first distinct words of each body, by a hash of the body, when kept for rebuilds.
    words: HashMap<u128, Arc<str>>,
}

impl Parts {
    /// Index every briefing and actor of `site`. With `last` (the parts of the last build),
    /// bodies indexed then are not read again, and these parts keep their words in turn.
    pub fn new(site: &Site, urls: Urls, timeline_pages: &[String], last: Option<&Parts>) -> Parts {
        let v = Views { site, urls, page: PAGE, timeline_pages, memo: None };
        let mut actors: Vec<Entry> = Vec::new();
        for (ai, a) in site.actors.iter().enumerate() {
            let l = v.actor(ai);
            let excerpt = a.role.clone().unwrap_or_default();
            let keys =
                text::keywords([a.kind.name()].into_iter().chain(a.aliases.iter().map(String::as_str)), EXTRA_BUDGET);
            actors.push(("actor", a.name.clone(), l.url, excerpt, keys));
        }
        let (briefings, words): (Vec<String>, Vec<Option<KeptWords>>) = (0..site.briefings.len())
            .into_par_iter()
            .map(|bi| {
                let body = site.briefings[bi].body();
                let Some(last) = last else { return (briefing(&v, bi, &body_words(body)), None) };
                let key = xxh3_128(body.as_bytes());
                let words = last.words.get(&key).cloned().unwrap_or_else(|| body_words(body).into());
                (briefing(&v, bi, &words), Some((key, words)))
            })
            .unzip();
        Parts { briefings, actors: entries_json(&actors), words: words.into_iter().flatten().collect() }
    }

    /// Index briefing `bi` again (after its body changed).
    pub fn update(&mut self, site: &Site, urls: Urls, timeline_pages: &[String], bi: usize) {
        if let Some(part) = self.briefings.get_mut(bi) {
            let words = body_words(site.briefings[bi].body());
            *part = briefing(&Views { site, urls, page: PAGE, timeline_pages, memo: None }, bi, &words);
        }
    }

    /// The `search/index.js` script.
    pub fn file(&self) -> OutFile {
        let parts = self.briefings.iter().chain([&self.actors]).filter(|p| !p.is_empty());
        let len: usize = self.briefings.iter().map(|p| p.len() + 1).sum::<usize>() + self.actors.len() + 64;
        let mut script = String::with_capacity(len);
        script.push_str("window.dossierSearchIndex = {\"docs\":[");
        for (i, p) in parts.enumerate() {
            if i > 0 {
                script.push(',');
            }
            script.push_str(p);
        }
        script.push_str("],\"version\":1};\n");
        OutFile { path: PATH.into(), bytes: script.into_bytes().into() }
    }
}

/// The words of a body that its briefing's keywords can take (see `text::keywords`).
fn body_words(body: &str) -> String {
    text::keywords([text::plain(body).as_str()], BODY_BUDGET)
}

/// The entries of briefing `bi` (whose body's words are `body`), its quotes and its questions.
fn briefing(v: &Views, bi: usize, body: &str) -> String {
    let site = v.site;
    let b = &site.briefings[bi];
    let mut docs: Vec<Entry> = Vec::new();
    let actors: Vec<&str> = b.actors.iter().map(|&a| site.actors[a].name.as_str()).collect();
    let mut meta: Vec<&str> = b.tags.iter().map(String::as_str).collect();
    meta.extend(actors.iter().copied());
    meta.extend(b.summary.as_deref());
    let keys = text::keywords(meta.into_iter().chain([body]), BODY_BUDGET);
    let excerpt = text::excerpt(&feed::summary(b), EXCERPT_CHARS);
    docs.push(("briefing", b.title.clone(), v.to(&layout::briefing(&b.slug)), excerpt, keys));
    for qi in 0..b.quotes.len() {
        let q = v.quote(bi, qi);
        let title = format!("“{}” — {}", text::excerpt(q.text, TITLE_CHARS), q.by.name);
        // The title already holds the text and the speaker; keywords add the context.
        let keys = text::keywords([q.context.unwrap_or("")], EXTRA_BUDGET);
        docs.push(("quote", title, q.url, b.title.clone(), keys));
    }
    for qi in 0..b.questions.len() {
        let q = v.question(bi, qi);
        let keys = text::keywords([q.status, q.answer.unwrap_or("")], EXTRA_BUDGET);
        docs.push(("question", text::excerpt(q.text, TITLE_CHARS), q.url, b.title.clone(), keys));
    }
    entries_json(&docs)
}

/// Entries as the JSON of their array's items (without the brackets), safe inside `<script>`.
fn entries_json(entries: &[Entry]) -> String {
    let mut json = super::xml::to_markup_safe_json(entries);
    // The array's items only: drop the closing and the opening bracket.
    json.pop();
    if !json.is_empty() {
        json.remove(0);
    }
    json
}

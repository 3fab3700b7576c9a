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
use crate::model::slug::Slug;
use crate::model::Site;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::HashMap;
use std::sync::Arc;

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
/// The domain of the digests of what a briefing's entries are made from.
const SEARCH_PART: &[u8] = b"search part";

type Entry = (&'static str, String, String, String, String);

/// The index in parts: the entries of each briefing (its own, its quotes' and its questions'),
/// and those of the actors, each as markup-safe JSON. A rebuild after a body edit replaces the
/// part of one briefing and joins the parts again instead of indexing the whole site.
#[derive(Debug, Clone, Default)]
pub struct Parts {
    briefings: Vec<Arc<str>>,
    actors: String,
    /// When kept for rebuilds: the hash of what each briefing's part was made from (`Source`)…
    sources: Vec<u128>,
    /// …and what is read from each body, by the address of the file's text, which the entry
    /// keeps alive (so that address names no other text while the entry lasts).
    bodies: HashMap<usize, (Arc<str>, Arc<BodyText>)>,
}

/// What a briefing's entries take from its body, the one costly input: its first distinct
/// words, and its summary for a briefing without one of its own.
#[derive(Debug, Serialize)]
struct BodyText {
    words: String,
    summary: String,
}

impl BodyText {
    fn of(body: &str) -> BodyText {
        let plain = text::plain(body);
        BodyText { words: text::keywords([plain.as_str()], BODY_BUDGET), summary: feed::body_summary(&plain) }
    }
}

/// The key of a file's text in `Parts::bodies`: its address.
fn text_key(text: &Arc<str>) -> usize {
    Arc::as_ptr(text).cast::<u8>() as usize
}

impl Parts {
    /// Index every briefing and actor of `site`. With `last` (the parts of the last build),
    /// bodies indexed then are not read again, a briefing whose part is made from the same
    /// `Source` takes the part made then, and these parts keep their sources in turn.
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
        let actors = entries_json(&actors);
        let Some(last) = last else {
            let briefings = (0..site.briefings.len())
                .into_par_iter()
                .map(|bi| Source::of(&v, bi, &BodyText::of(site.briefings[bi].body())).part().into())
                .collect();
            return Parts { briefings, actors, ..Parts::default() };
        };
        let made_from: HashMap<u128, usize> = last.sources.iter().enumerate().map(|(i, &s)| (s, i)).collect();
        type Made = (Arc<str>, u128, Arc<BodyText>);
        let made: Vec<Made> = (0..site.briefings.len())
            .into_par_iter()
            .map(|bi| {
                let b = &site.briefings[bi];
                let kept = last.bodies.get(&text_key(&b.text)).filter(|(text, _)| Arc::ptr_eq(text, &b.text));
                let body = kept.map(|(_, body)| Arc::clone(body)).unwrap_or_else(|| Arc::new(BodyText::of(b.body())));
                let source = Source::of(&v, bi, &body);
                let digest = super::digest::of(SEARCH_PART, &source);
                let part = match made_from.get(&digest) {
                    Some(&i) => Arc::clone(&last.briefings[i]),
                    None => source.part().into(),
                };
                (part, digest, body)
            })
            .collect();
        let mut parts = Parts { actors, ..Parts::default() };
        for ((part, source, body), b) in made.into_iter().zip(&site.briefings) {
            parts.briefings.push(part);
            parts.sources.push(source);
            parts.bodies.insert(text_key(&b.text), (Arc::clone(&b.text), body));
        }
        parts
    }

    /// Index briefing `bi` again (after its body changed).
    pub fn update(&mut self, site: &Site, urls: Urls, timeline_pages: &[String], bi: usize) {
        if let Some(part) = self.briefings.get_mut(bi) {
            let v = Views { site, urls, page: PAGE, timeline_pages, memo: None };
            let body = BodyText::of(site.briefings[bi].body());
            let source = Source::of(&v, bi, &body);
            *part = source.part().into();
            if let Some(s) = self.sources.get_mut(bi) {
                *s = super::digest::of(SEARCH_PART, &source);
                let text = &site.briefings[bi].text;
                self.bodies.insert(text_key(text), (Arc::clone(text), Arc::new(body)));
            }
        }
    }

    /// The `search/index.js` script.
    pub fn file(&self) -> OutFile {
        let parts = self.briefings.iter().map(|p| &**p).chain([self.actors.as_str()]).filter(|p| !p.is_empty());
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

/// Everything the entries of a briefing, its quotes and its questions are made from: `part`
/// reads nothing else, so an equal `Source` makes an equal part.
#[derive(Serialize)]
struct Source<'a> {
    title: &'a str,
    url: String,
    tags: &'a [Slug],
    actors: Vec<&'a str>,
    summary: Option<&'a str>,
    body: &'a BodyText,
    /// Text, speaker, context and URL of each quote.
    quotes: Vec<(&'a str, &'a str, Option<&'a str>, String)>,
    /// Text, status, answer and URL of each question.
    questions: Vec<(&'a str, &'static str, Option<&'a str>, String)>,
}

impl<'a> Source<'a> {
    fn of(v: &Views<'a>, bi: usize, body: &'a BodyText) -> Source<'a> {
        let site = v.site;
        let b = &site.briefings[bi];
        Source {
            title: &b.title,
            url: v.to(&layout::briefing(&b.slug)),
            tags: &b.tags,
            actors: b.actors.iter().map(|&a| site.actors[a].name.as_str()).collect(),
            summary: b.summary.as_deref(),
            body,
            quotes: (0..b.quotes.len())
                .map(|qi| {
                    let q = v.quote(bi, qi);
                    (q.text, q.by.name, q.context, q.url)
                })
                .collect(),
            questions: (0..b.questions.len())
                .map(|qi| {
                    let q = v.question(bi, qi);
                    (q.text, q.status, q.answer, q.url)
                })
                .collect(),
        }
    }

    /// The entries of the briefing, its quotes and its questions.
    fn part(&self) -> String {
        let mut docs: Vec<Entry> = Vec::new();
        let mut meta: Vec<&str> = self.tags.iter().map(Slug::as_str).collect();
        meta.extend(self.actors.iter().copied());
        meta.extend(self.summary);
        let keys = text::keywords(meta.into_iter().chain([self.body.words.as_str()]), BODY_BUDGET);
        let excerpt = text::excerpt(&feed::summary_or(self.summary, || self.body.summary.clone()), EXCERPT_CHARS);
        docs.push(("briefing", self.title.to_string(), self.url.clone(), excerpt, keys));
        for (text, by, context, url) in &self.quotes {
            let title = format!("“{}” — {}", text::excerpt(text, TITLE_CHARS), by);
            // The title already holds the text and the speaker; keywords add the context.
            let keys = text::keywords([context.unwrap_or("")], EXTRA_BUDGET);
            docs.push(("quote", title, url.clone(), self.title.to_string(), keys));
        }
        for (text, status, answer, url) in &self.questions {
            let keys = text::keywords([*status, answer.unwrap_or("")], EXTRA_BUDGET);
            docs.push(("question", text::excerpt(text, TITLE_CHARS), url.clone(), self.title.to_string(), keys));
        }
        entries_json(&docs)
    }
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

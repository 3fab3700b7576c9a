//! The search index behind `/search/`, built at build time so search works offline.
//!
//! It is a script (`search/index.js`) rather than a `.json` file because browsers refuse
//! `fetch` from `file://` pages, and the search page must work opened from disk too. Each
//! entry is `[type, title, url, excerpt, keywords]`: the type is `briefing`, `actor`, `quote`,
//! `question`, `judgment` or `source`; the URL is relative to the search page and points at the right anchor.
//! Entries are kept small by budgets (see README): a briefing's body contributes only its
//! distinct words, up to `BODY_BUDGET` bytes.

use super::key::{Digested, Key};
use super::layout::Listings;
use super::views::{Cx, Href, Place};
use super::{feed, text, Keyed, Made, OutFile, Part};
use crate::model::slug::Slug;
use crate::model::Site;
use rayon::prelude::*;
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

type Entry = (&'static str, String, String, String, String);

/// The search index: the entries of each briefing (its own, its quotes', its questions' and
/// its key judgments'), then those of the actors, then those of the sources. Each part is a function of what it is made from; with `made`, a
/// part whose key it knows is taken from it, and every part comes back with its key, in the
/// index's order.
pub fn index(site: &Site, lists: &Listings, made: Made) -> (OutFile, Vec<Keyed>) {
    let parts = parts(site, lists, made);
    let file = file(parts.iter().map(|(_, p)| p.as_slice()));
    (file, parts.into_iter().filter_map(|(k, p)| Some((k?, p))).collect())
}

/// The parts of the index, in order: each briefing's, then the actors', then the sources'.
fn parts(site: &Site, lists: &Listings, made: Made) -> Vec<Part> {
    let cx = Cx { site, lists, urls: lists.urls, from: PAGE };
    let mut parts: Vec<Part> = (0..site.briefings.len())
        .into_par_iter()
        .map(|bi| {
            let source = Source::of(&cx, bi);
            let Some(made) = made else { return (None, Arc::new(source.part().into_bytes())) };
            let key = Key::of(&(b"search part", &source));
            (Some(key), made(key).unwrap_or_else(|| Arc::new(source.part().into_bytes())))
        })
        .collect();
    let actors: Vec<Entry> = (0..site.actors.len()).map(|ai| actor(&cx, ai)).collect();
    let key = made.map(|_| Key::of(&(b"search actors", &actors)));
    let known = key.zip(made).and_then(|(k, made)| made(k));
    parts.push((key, known.unwrap_or_else(|| Arc::new(entries_json(&actors).into_bytes()))));
    let sources: Vec<Entry> = (0..site.sources.len()).map(|si| source(&cx, si)).collect();
    let key = made.map(|_| Key::of(&(b"search sources", &sources)));
    let known = key.zip(made).and_then(|(k, made)| made(k));
    parts.push((key, known.unwrap_or_else(|| Arc::new(entries_json(&sources).into_bytes()))));
    parts
}

/// A source's entry: its title, publisher and author, kind.
fn source(cx: &Cx, si: usize) -> Entry {
    let s = &cx.site.sources[si];
    let by: Vec<&str> = s.publisher.iter().chain(&s.author).map(String::as_str).collect();
    let keys = text::keywords(s.kind.map(|k| k.name()).into_iter().chain(by.iter().copied()), EXTRA_BUDGET);
    ("source", s.title.clone(), cx.source_href(si).url(), by.join(", "), keys)
}

/// The part of briefing `bi` alone (after an edit of its body).
pub fn part(site: &Site, lists: &Listings, bi: usize) -> (Key, Arc<Vec<u8>>) {
    let cx = Cx { site, lists, urls: lists.urls, from: PAGE };
    let source = Source::of(&cx, bi);
    (Key::of(&(b"search part", &source)), Arc::new(source.part().into_bytes()))
}

/// The `search/index.js` script of the parts, in order.
pub fn file<'p>(parts: impl Iterator<Item = &'p [u8]> + Clone) -> OutFile {
    let len: usize = parts.clone().map(|p| p.len() + 1).sum::<usize>() + 64;
    let mut script = Vec::with_capacity(len);
    script.extend_from_slice(b"window.dossierSearchIndex = {\"docs\":[");
    for (i, p) in parts.filter(|p| !p.is_empty()).enumerate() {
        if i > 0 {
            script.push(b',');
        }
        script.extend_from_slice(p);
    }
    script.extend_from_slice(b"],\"version\":1};\n");
    OutFile { path: PATH.into(), bytes: Arc::new(script) }
}

/// An actor's entry.
fn actor(cx: &Cx, ai: usize) -> Entry {
    let a = &cx.site.actors[ai];
    let excerpt = a.role.clone().unwrap_or_default();
    let keys = text::keywords([a.kind.name()].into_iter().chain(a.aliases.iter().map(String::as_str)), EXTRA_BUDGET);
    ("actor", a.name.clone(), cx.actor(ai).url.url(), excerpt, keys)
}

/// Everything the entries of a briefing, its quotes and its questions are made from: `part`
/// reads nothing else, so an equal `Source` makes an equal part.
#[derive(Hash)]
struct Source<'a> {
    title: &'a str,
    url: Href<'a>,
    tags: &'a [Slug],
    actors: Vec<&'a str>,
    summary: Option<&'a str>,
    /// The body, whose first distinct words and start are indexed.
    body: Digested<'a>,
    /// Text, speaker, context and URL of each quote.
    quotes: Vec<(&'a str, &'a str, Option<&'a str>, Href<'a>)>,
    /// Text, status, answer and URL of each question.
    questions: Vec<(&'a str, &'static str, Option<&'a str>, Href<'a>)>,
    /// Text, likelihood words, confidence, status and URL of each key judgment.
    judgments: Vec<JudgmentSource<'a>>,
}

/// Text, likelihood words, confidence, status and URL of a key judgment.
type JudgmentSource<'a> = (&'a str, Option<&'static str>, Option<&'static str>, &'static str, Href<'a>);

impl<'a> Source<'a> {
    fn of(v: &Cx<'a>, bi: usize) -> Source<'a> {
        let site = v.site;
        let b = &site.briefings[bi];
        Source {
            title: &b.title,
            url: v.href(Place::Briefing(&b.slug), None),
            tags: &b.tags,
            actors: b.actors.iter().map(|&a| site.actors[a].name.as_str()).collect(),
            summary: b.summary.as_deref(),
            body: Digested { text: b.body(), digest: b.digest },
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
            judgments: b
                .judgments
                .iter()
                .map(|j| {
                    let url = v.href(Place::Briefing(&b.slug), Some(super::views::Anchor::Id(&j.anchor)));
                    (
                        j.text.as_str(),
                        j.likelihood.map(|l| l.label()),
                        j.confidence.map(|c| c.name()),
                        j.status.name(),
                        url,
                    )
                })
                .collect(),
        }
    }

    /// The entries of the briefing, its quotes and its questions.
    fn part(&self) -> String {
        let mut docs: Vec<Entry> = Vec::new();
        let plain = text::plain(self.body.text);
        let words = text::keywords([plain.as_str()], BODY_BUDGET);
        let mut meta: Vec<&str> = self.tags.iter().map(Slug::as_str).collect();
        meta.extend(self.actors.iter().copied());
        meta.extend(self.summary);
        let keys = text::keywords(meta.into_iter().chain([words.as_str()]), BODY_BUDGET);
        let excerpt = text::excerpt(&feed::summary_or(self.summary, || feed::body_summary(&plain)), EXCERPT_CHARS);
        docs.push(("briefing", self.title.to_string(), self.url.url(), excerpt, keys));
        for (text, by, context, url) in &self.quotes {
            let title = format!("“{}” — {}", text::excerpt(text, TITLE_CHARS), by);
            // The title already holds the text and the speaker; keywords add the context.
            let keys = text::keywords([context.unwrap_or("")], EXTRA_BUDGET);
            docs.push(("quote", title, url.url(), self.title.to_string(), keys));
        }
        for (text, status, answer, url) in &self.questions {
            let keys = text::keywords([*status, answer.unwrap_or("")], EXTRA_BUDGET);
            docs.push(("question", text::excerpt(text, TITLE_CHARS), url.url(), self.title.to_string(), keys));
        }
        for (text, likelihood, confidence, status, url) in &self.judgments {
            let words = [likelihood.unwrap_or(""), confidence.unwrap_or(""), status];
            let keys = text::keywords(words, EXTRA_BUDGET);
            docs.push(("judgment", text::excerpt(text, TITLE_CHARS), url.url(), self.title.to_string(), keys));
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

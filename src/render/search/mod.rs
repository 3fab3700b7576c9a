//! The search index behind `/search/`, built with the site so search works offline, from
//! `file://` and without a server: every file is a script, because browsers refuse `fetch` on
//! pages opened from disk.
//!
//! Every word of every briefing's text is indexed, with its title, summary, tags and actors,
//! and so are its quotes and questions, the timeline's events and the actors with their
//! biographies. Each of those is an *entry* of a kind (`KINDS`; a new kind of entry is one
//! more row there and one more builder here). The index is split so that a search loads only
//! what it needs (`assemble`):
//!
//! - `search/index.js`, the manifest: how many entries, which term shards and entry chunks
//!   exist, the kinds' labels;
//! - `search/t/<prefix>.js`, one shard per first two characters of a term: each term with
//!   the entries holding it and how much it weighs in each (BM25 with field weights, title >
//!   summary > body, computed here so the browser only adds);
//! - `search/d/<n>.js`, the entries in chunks (eight briefings with their quotes and
//!   questions, 64 events, 32 actors): kind, title, URL, summary and what an excerpt is cut
//!   from (`Excerpt`), deflated and in base64 (the browser inflates them with
//!   `DecompressionStream`).
//!
//! A briefing's text is indexed but not carried: the text of a site is most of its bytes, and
//! it is on the briefing's page already, where the browser cuts the excerpt from.
//!
//! A query loads the manifest, one shard per word, then the chunks of the results it shows.
//! Words are split and folded by `words`, as `static/search.js` does. Each chunk is a function
//! of what it is made from (`Source`s, hashed into its key), so a rebuild makes only the
//! chunks whose entries changed, and a body edit only the shards its words reach.

mod assemble;
pub mod words;

pub use assemble::{Chunk, Index};

use super::deferred::{Href, Place};
use super::feed;
use super::key::{Digested, Key};
use super::layout::Listings;
use super::text;
use super::views::Cx;
use crate::model::slug::Slug;
use crate::model::Site;
use hashbrown::HashTable;
use rayon::prelude::*;
use std::sync::Arc;
use xxhash_rust::xxh3::xxh3_64;

/// The manifest (`search/index.js`).
pub const PATH: &str = "search/index.js";
/// Where the search page is (URLs in the index are relative to it).
pub const PAGE: &str = "search/";
/// The manifest as linked from the search page, beside it.
pub const FROM_PAGE: &str = "index.js";
/// Characters of a summary shown in results.
const EXCERPT_CHARS: usize = 160;
/// Characters of a quote or question shown as a result's title.
const TITLE_CHARS: usize = 160;
const BRIEFINGS_PER_CHUNK: usize = 8;
const EVENTS_PER_CHUNK: usize = 64;
const ACTORS_PER_CHUNK: usize = 32;
const SOURCES_PER_CHUNK: usize = 32;

/// The kinds of entries: name and label.
pub const KINDS: &[(&str, &str)] = &[
    ("briefing", "Briefing"),
    ("actor", "Actor"),
    ("event", "Event"),
    ("question", "Question"),
    ("quote", "Quote"),
    ("judgment", "Key judgment"),
    ("source", "Source"),
];

/// Where a word stands in an entry, which decides how much it counts: (weight, the length in
/// words BM25 takes as usual for the field). The usual lengths are fixed, not the site's
/// averages, so an entry's weights depend on the entry alone and an edit changes no other.
#[derive(Clone, Copy)]
enum Field {
    Title,
    Summary,
    Body,
}

impl Field {
    fn weight(self) -> (f32, f32) {
        match self {
            Field::Title => (3.0, 10.0),
            Field::Summary => (1.5, 40.0),
            Field::Body => (1.0, 600.0),
        }
    }
}

/// BM25's term-frequency saturation and length normalisation.
const K1: f32 = 1.2;
const B: f32 = 0.75;

/// Where the excerpt of a result is cut from, when a word of the query is in neither its title
/// nor its summary.
#[derive(Clone, Copy)]
enum Excerpt<'a> {
    /// No excerpt: the title and summary are the whole entry (a quote, an event).
    None,
    /// This text, carried in the index (an actor's biography).
    Text(&'a str),
    /// The text of the entry's page, which the browser loads when it shows the result: a
    /// briefing's text is published once, on its page, not a second time in the index.
    Page,
}

/// One searchable entry: what a result shows, and the texts indexed with their fields.
struct Entry<'a> {
    kind: &'static str,
    title: String,
    url: String,
    summary: String,
    /// Where an excerpt around a word of the query is cut from.
    excerpt: Excerpt<'a>,
    fields: Vec<(Field, &'a str)>,
}

/// The index of `site`. With `made`, a chunk whose key it knows is taken from it.
pub fn index(site: &Site, lists: &Listings, made: Option<&(dyn Fn(Key) -> Option<Arc<Chunk>> + Sync)>) -> Index {
    let cx = Cx { site, lists, urls: lists.urls, from: PAGE };
    let groups = groups(site);
    let chunks: Vec<(Key, Arc<Chunk>)> = groups
        .par_iter()
        .map(|g| {
            let key = g.key(&cx);
            let known = made.and_then(|m| m(key));
            (key, known.unwrap_or_else(|| Arc::new(g.chunk(&cx))))
        })
        .collect();
    Index::new(&site.config.language, chunks)
}

/// Whether `path` is one of the index's files.
pub fn is_index_file(path: &str) -> bool {
    path == PATH || path.starts_with("search/t/") || path.starts_with("search/d/")
}

/// The chunk that holds briefing `bi`'s entries, and that chunk made again with `site` as it
/// is now (after an edit of that briefing's body).
pub fn chunk_of(site: &Site, lists: &Listings, bi: usize) -> (usize, Key, Arc<Chunk>) {
    let cx = Cx { site, lists, urls: lists.urls, from: PAGE };
    let c = bi / BRIEFINGS_PER_CHUNK;
    let g = Group::Briefings(c * BRIEFINGS_PER_CHUNK..((c + 1) * BRIEFINGS_PER_CHUNK).min(site.briefings.len()));
    (c, g.key(&cx), Arc::new(g.chunk(&cx)))
}

/// What a chunk holds: a run of briefings (with their quotes, questions and key judgments), of
/// timeline entries, of actors or of sources.
enum Group {
    Briefings(std::ops::Range<usize>),
    Events(std::ops::Range<usize>),
    Actors(std::ops::Range<usize>),
    Sources(std::ops::Range<usize>),
}

fn groups(site: &Site) -> Vec<Group> {
    let runs = |n: usize, size: usize| (0..n.div_ceil(size)).map(move |i| i * size..((i + 1) * size).min(n));
    runs(site.briefings.len(), BRIEFINGS_PER_CHUNK)
        .map(Group::Briefings)
        .chain(runs(site.timeline.len(), EVENTS_PER_CHUNK).map(Group::Events))
        .chain(runs(site.actors.len(), ACTORS_PER_CHUNK).map(Group::Actors))
        .chain(runs(site.sources.len(), SOURCES_PER_CHUNK).map(Group::Sources))
        .collect()
}

impl Group {
    /// The hash of everything the chunk is made from.
    fn key(&self, cx: &Cx) -> Key {
        match self {
            Group::Briefings(r) => {
                Key::of(&(b"search briefings", r.clone().map(|bi| Source::of(cx, bi)).collect::<Vec<_>>()))
            }
            Group::Events(r) => Key::of(&(b"search events", r.clone().map(|ti| event(cx, ti).1).collect::<Vec<_>>())),
            Group::Actors(r) => Key::of(&(b"search actors", r.clone().map(|ai| actor(cx, ai).1).collect::<Vec<_>>())),
            Group::Sources(r) => {
                Key::of(&(b"search sources", r.clone().map(|si| source(cx, si).1).collect::<Vec<_>>()))
            }
        }
    }

    fn chunk(&self, cx: &Cx) -> Chunk {
        match self {
            Group::Briefings(r) => {
                let sources: Vec<Source> = r.clone().map(|bi| Source::of(cx, bi)).collect();
                let bodies: Vec<String> = sources.iter().map(|s| body_words(s.body.text)).collect();
                let mut entries: Vec<Entry> = Vec::new();
                for (s, body) in sources.iter().zip(&bodies) {
                    s.entries(body, &mut entries);
                }
                Chunk::new(&entries)
            }
            Group::Events(r) => Chunk::new(&r.clone().map(|ti| event(cx, ti).0).collect::<Vec<_>>()),
            Group::Actors(r) => {
                let bios: Vec<String> = r
                    .clone()
                    .map(|ai| cx.site.actors[ai].bio.as_deref().map(shown_prose).unwrap_or_default())
                    .collect();
                let entries: Vec<Entry> =
                    r.clone().zip(&bios).map(|(ai, bio)| actor(cx, ai).0.with_text(bio)).collect();
                Chunk::new(&entries)
            }
            Group::Sources(r) => Chunk::new(&r.clone().map(|si| source(cx, si).0).collect::<Vec<_>>()),
        }
    }
}

impl<'a> Entry<'a> {
    /// The entry with `text` as its body, indexed and cut for excerpts.
    fn with_text(mut self, text: &'a str) -> Entry<'a> {
        self.excerpt = Excerpt::Text(text);
        self.fields.push((Field::Body, text));
        self
    }

    /// Each word of the entry (by its number in `terms`) and its weight, quantised to 1–63
    /// (a quarter point each), handed to `f` in the order the words first occur.
    fn weights(&self, terms: &mut Terms, mut f: impl FnMut(u32, u8)) {
        // Per word of the entry, in order of first occurrence: its term and counts by field.
        let mut counts: Vec<(u32, [u16; 3])> = Vec::new();
        let mut lengths = [0u32; 3];
        for (field, text) in &self.fields {
            let fi = *field as usize;
            words::each(text, |w| {
                lengths[fi] += 1;
                let (id, slot) = terms.id(w);
                let slot = match slot {
                    Some(s) if (s as usize) < counts.len() && counts[s as usize].0 == id => s as usize,
                    _ => {
                        terms.mark(id, counts.len() as u32);
                        counts.push((id, [0; 3]));
                        counts.len() - 1
                    }
                };
                let c = &mut counts[slot].1[fi];
                *c = c.saturating_add(1);
            });
        }
        let norms: Vec<(f32, f32)> = [Field::Title, Field::Summary, Field::Body]
            .iter()
            .zip(lengths)
            .map(|(f, len)| {
                let (weight, usual) = f.weight();
                (weight, K1 * (1.0 - B + B * len as f32 / usual))
            })
            .collect();
        for (id, c) in counts {
            let score: f32 = c
                .iter()
                .zip(&norms)
                .map(|(&tf, &(weight, norm))| weight * tf as f32 * (K1 + 1.0) / (tf as f32 + norm))
                .sum();
            f(id, (score * 4.0).round().clamp(1.0, 63.0) as u8);
        }
    }
}

/// The words of a chunk's entries, each stored once and numbered in order of first
/// occurrence, so that counting an entry's words copies only the words new to the chunk. The
/// words' text is one string; the table holds their numbers, hashed by their text.
#[derive(Default)]
struct Terms {
    table: HashTable<u32>,
    text: String,
    /// Per term: the hash and the range in `text` of its characters, and its place in the
    /// counts of the entry being weighed (checked against the entry's own list, so it needs
    /// no clearing between entries).
    terms: Vec<Term>,
}

struct Term {
    hash: u64,
    start: u32,
    end: u32,
    slot: u32,
}

impl Terms {
    /// The number of `word` (added if new) and its place in the current entry's counts, if set.
    fn id(&mut self, word: &str) -> (u32, Option<u32>) {
        let hash = xxh3_64(word.as_bytes());
        let Terms { table, text, terms } = self;
        let same = |&id: &u32| {
            let t = &terms[id as usize];
            &text[t.start as usize..t.end as usize] == word
        };
        if let Some(&id) = table.find(hash, same) {
            return (id, Some(terms[id as usize].slot));
        }
        let id = terms.len() as u32;
        let start = text.len() as u32;
        text.push_str(word);
        terms.push(Term { hash, start, end: text.len() as u32, slot: u32::MAX });
        table.insert_unique(hash, id, |&id| terms[id as usize].hash);
        (id, None)
    }

    fn mark(&mut self, id: u32, slot: u32) {
        self.terms[id as usize].slot = slot;
    }

    fn len(&self) -> usize {
        self.terms.len()
    }

    /// The text of term `id`.
    fn text(&self, id: u32) -> &str {
        let t = &self.terms[id as usize];
        &self.text[t.start as usize..t.end as usize]
    }
}

/// The words of a briefing's text, for the index alone (excerpts are cut from the page): its
/// prose as `text::prose` reads it, without the smart punctuation pages apply, which changes no word.
fn body_words(md: &str) -> String {
    let plain = crate::model::scan::options() - pulldown_cmark::Options::ENABLE_SMART_PUNCTUATION;
    text::prose(pulldown_cmark::Parser::new_ext(md, plain), md.len())
}

/// The prose of a text an excerpt is cut from (an actor's biography), with the typography
/// its page shows.
fn shown_prose(md: &str) -> String {
    text::prose(crate::model::scan::parse(md).map(|(ev, _)| ev), md.len())
}

/// Everything the entries of a briefing, its quotes and its questions are made from: the
/// chunk reads nothing else, so equal `Source`s make an equal chunk.
#[derive(Hash)]
struct Source<'a> {
    title: &'a str,
    url: Href<'a>,
    tags: &'a [Slug],
    actors: Vec<&'a str>,
    summary: Option<&'a str>,
    /// The body, indexed whole and cut for excerpts.
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
                    let url = v.href(Place::Briefing(&b.slug), Some(super::deferred::Anchor::Id(&j.anchor)));
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

    /// The entries of the briefing (whose prose is `body`), its quotes, its questions and its
    /// key judgments.
    fn entries(&'a self, body: &'a str, out: &mut Vec<Entry<'a>>) {
        let shown = feed::summary_of(self.summary, self.body.text);
        let shown = text::excerpt(&shown, EXCERPT_CHARS);
        let mut fields = vec![(Field::Title, self.title)];
        fields.extend(self.tags.iter().map(|t| (Field::Summary, t.as_str())));
        fields.extend(self.actors.iter().map(|a| (Field::Summary, *a)));
        fields.extend(self.summary.map(|s| (Field::Summary, s)));
        fields.push((Field::Body, body));
        let url = self.url.url();
        out.push(Entry {
            kind: "briefing",
            title: self.title.into(),
            url,
            summary: shown,
            excerpt: Excerpt::Page,
            fields,
        });
        for (text, by, context, url) in &self.quotes {
            let mut fields = vec![(Field::Title, *text), (Field::Summary, *by)];
            fields.extend(context.map(|c| (Field::Summary, c)));
            out.push(Entry {
                kind: "quote",
                title: format!("“{}” — {}", text::excerpt(text, TITLE_CHARS), by),
                url: url.url(),
                summary: self.title.to_string(),
                excerpt: Excerpt::None,
                fields,
            });
        }
        for (text, status, answer, url) in &self.questions {
            let mut fields = vec![(Field::Title, *text), (Field::Summary, *status)];
            fields.extend(answer.map(|a| (Field::Summary, a)));
            out.push(Entry {
                kind: "question",
                title: text::excerpt(text, TITLE_CHARS),
                url: url.url(),
                summary: self.title.to_string(),
                excerpt: Excerpt::None,
                fields,
            });
        }
        for (text, likelihood, confidence, status, url) in &self.judgments {
            let mut fields = vec![(Field::Title, *text), (Field::Summary, *status)];
            fields.extend(likelihood.iter().chain(confidence).map(|w| (Field::Summary, *w)));
            out.push(Entry {
                kind: "judgment",
                title: text::excerpt(text, TITLE_CHARS),
                url: url.url(),
                summary: self.title.to_string(),
                excerpt: Excerpt::None,
                fields,
            });
        }
    }
}

/// What an event's entry is made from: title, date as shown, description, actors' names,
/// briefings' titles, URL.
#[derive(Hash)]
struct EventSource<'a>(&'a str, String, Option<&'a str>, Vec<&'a str>, Vec<&'a str>, Href<'a>);

/// Timeline entry `ti`'s search entry, and what it is made from.
fn event<'a>(cx: &Cx<'a>, ti: usize) -> (Entry<'a>, EventSource<'a>) {
    let site: &'a Site = cx.site;
    let e = &site.timeline[ti];
    let actors: Vec<&'a str> = e.actors.iter().map(|&a| site.actors[a].name.as_str()).collect();
    let mut briefings: Vec<&'a str> = e.sources.iter().map(|&(bi, _)| site.briefings[bi].title.as_str()).collect();
    briefings.dedup();
    let date = e.date.shown(site.config.date_style);
    let mut fields = vec![(Field::Title, e.title.as_str())];
    fields.extend(e.description.as_deref().map(|d| (Field::Summary, d)));
    fields.extend(actors.iter().map(|a| (Field::Summary, *a)));
    let summary = match &e.description {
        Some(d) => format!("{date}: {}", text::excerpt(d, EXCERPT_CHARS)),
        None => date.clone(),
    };
    let url = cx.event_url(ti);
    let entry =
        Entry { kind: "event", title: e.title.clone(), url: url.url(), summary, excerpt: Excerpt::None, fields };
    (entry, EventSource(&e.title, date, e.description.as_deref(), actors, briefings, url))
}

/// What an actor's entry is made from: name, kind, role, aliases, biography, URL.
#[derive(Hash)]
struct ActorSource<'a>(&'a str, &'static str, Option<&'a str>, &'a [String], Option<&'a str>, Href<'a>);

/// Actor `ai`'s search entry (without its biography), and what it is made from.
fn actor<'a>(cx: &Cx<'a>, ai: usize) -> (Entry<'a>, ActorSource<'a>) {
    let a = &cx.site.actors[ai];
    let url = cx.href(Place::Actor(&a.id), None);
    let mut fields = vec![(Field::Title, a.name.as_str()), (Field::Summary, a.kind.name())];
    fields.extend(a.role.as_deref().map(|r| (Field::Summary, r)));
    fields.extend(a.aliases.iter().map(|x| (Field::Summary, x.as_str())));
    let summary = a.role.clone().unwrap_or_default();
    let entry = Entry { kind: "actor", title: a.name.clone(), url: url.url(), summary, excerpt: Excerpt::None, fields };
    (entry, ActorSource(&a.name, a.kind.name(), a.role.as_deref(), &a.aliases, a.bio.as_deref(), url))
}

/// What a source's entry is made from: title, publisher, author, kind, URL.
#[derive(Hash)]
struct SourceSource<'a>(&'a str, Option<&'a str>, Option<&'a str>, Option<&'static str>, Href<'a>);

/// Source `si`'s search entry, and what it is made from.
fn source<'a>(cx: &Cx<'a>, si: usize) -> (Entry<'a>, SourceSource<'a>) {
    let s = &cx.site.sources[si];
    let by: Vec<&'a str> = s.publisher.iter().chain(&s.author).map(String::as_str).collect();
    let kind = s.kind.map(|k| k.name());
    let mut fields = vec![(Field::Title, s.title.as_str())];
    fields.extend(by.iter().chain(&kind).map(|w| (Field::Summary, *w)));
    let url = cx.source_href(si);
    let entry = Entry {
        kind: "source",
        title: s.title.clone(),
        url: url.url(),
        summary: by.join(", "),
        excerpt: Excerpt::None,
        fields,
    };
    (entry, SourceSource(&s.title, s.publisher.as_deref(), s.author.as_deref(), kind, url))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prose_leaves_out_code_blocks_and_images() {
        let md = "# Head\n\nSome *em*, [a link](x). And `code`.\n\n```\nhidden()\n```\n\n![alt text](x.png) after\n\n- a\n- b";
        assert_eq!(shown_prose(md), "Head Some em, a link. And code. after a b");
        // Citations are not prose; quote marks read as on the page.
        let md = "The blockade began.[[^wire|p. 3]] Then talks.[[^wire]] \"Yes,” he said.";
        assert_eq!(shown_prose(md), "The blockade began. Then talks. “Yes,” he said.");
    }

    #[test]
    fn a_body_has_the_same_words_without_the_typography_of_its_page() {
        let md = "\"Don't,\" she said -- it's 'the' Korea's ... U.S. [[^wire|p. 3]] *em*phasis\n\n```\nhidden()\n```\n";
        let words_of = |text: &str| {
            let mut out = Vec::new();
            words::each(text, |w| out.push(w.to_string()));
            out
        };
        assert_ne!(body_words(md), shown_prose(md), "the typography differs");
        assert_eq!(words_of(&body_words(md)), words_of(&shown_prose(md)));
        assert_eq!(words_of(&body_words(md)), ["don't", "she", "said", "it's", "the", "korea's", "u.s", "emphasis"]);
    }

    #[test]
    fn prose_has_one_space_for_each_run_of_whitespace() {
        let md = "Tabs\tand  runs of  spaces, *emphasis* and **strong**  words,\u{a0}a no-break space, \
                  `code  with  spaces` and a\nline  \nbreak.\n\n  Next paragraph ";
        assert_eq!(
            shown_prose(md),
            "Tabs and runs of spaces, emphasis and strong words, a no-break space, code with spaces and a line \
             break. Next paragraph"
        );
    }

    #[test]
    fn titles_weigh_more_than_summaries_and_summaries_more_than_bodies() {
        let entry = |field: Field| Entry {
            kind: "briefing",
            title: String::new(),
            url: String::new(),
            summary: String::new(),
            excerpt: Excerpt::None,
            fields: vec![(field, "blockade of the port")],
        };
        let weight = |field| {
            let mut terms = Terms::default();
            let mut weights = Vec::new();
            entry(field).weights(&mut terms, |id, w| weights.push((id, w)));
            weights.into_iter().find(|&(id, _)| terms.text(id) == "blockade").unwrap().1
        };
        assert!(weight(Field::Title) > weight(Field::Summary));
        assert!(weight(Field::Summary) > weight(Field::Body));
    }
}

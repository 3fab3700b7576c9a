//! `/data/site.json`: the whole model as documented, versioned JSON for other tools, with its
//! JSON Schema (`/data/site.schema.json`, embedded in the binary) beside it.
//!
//! Cross references are by id: briefings by `slug`, actors by `id`, events by `id` (their
//! timeline anchor), quotes, questions and key judgments by (`briefing`, `id`), sources by
//! `id`. Every object is a struct, so
//! keys always come out in the order written here. Bump `VERSION` on any incompatible change.

use super::deferred::{Place, Shown};
use super::key::Key;
use super::layout::Listings;
use super::{Keyed, Made, OutFile, Part};
use crate::model::citations::Citation;
use crate::model::date::DateExpr;
use crate::model::judgments::Basis;
use crate::model::slug::Slug;
use crate::model::sources::SourceRecord;
use crate::model::{Actor, Briefing, Relation, RelationType, Site, Source, TimelineEntry};
use rayon::prelude::*;
use serde::Serialize;
use std::hash::Hash;
use std::sync::Arc;

pub const PATH: &str = "data/site.json";
pub const SCHEMA_PATH: &str = "data/site.schema.json";
pub const SCHEMA: &str = include_str!("../../schema/site.schema.json");
pub const FORMAT: &str = "dossier-site";
/// 2: sources, key judgments and citations; quotes with speakers, language and attribution.
pub const VERSION: u32 = 2;

#[derive(Serialize, Hash)]
struct SiteInfo<'a> {
    title: &'a str,
    description: &'a str,
    base_url: &'a str,
    language: &'a str,
    author: &'a str,
}

/// An absolute URL, written when the export is.
#[derive(Hash)]
struct Absolute<'a> {
    base: &'a str,
    to: Place<'a>,
    anchor: Option<&'a str>,
}

impl Serialize for Absolute<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut url = format!("{}{}", self.base, self.to.path());
        if let Some(a) = self.anchor {
            url.push('#');
            url.push_str(a);
        }
        s.serialize_str(&url)
    }
}

#[derive(Serialize, Hash)]
struct BriefingOut<'a> {
    slug: &'a str,
    url: Absolute<'a>,
    path: Place<'a>,
    title: &'a str,
    date: Shown<'a>,
    updated: Option<Shown<'a>>,
    summary: Option<&'a str>,
    author: Option<&'a str>,
    source: Option<&'a Source>,
    tags: &'a [Slug],
    draft: bool,
    actors: Vec<&'a str>,
    related: Vec<&'a str>,
    backlinks: Vec<&'a str>,
    /// Ids of the sources it cites, as its Sources section numbers them.
    sources: Vec<&'a str>,
    changes: Vec<ChangeOut<'a>>,
}

#[derive(Serialize, Hash)]
struct ChangeOut<'a> {
    id: &'a str,
    date: Shown<'a>,
    note: &'a str,
    sources: Vec<CitationOut<'a>>,
}

#[derive(Serialize, Hash)]
struct RelationTypeOut<'a> {
    #[serde(rename = "type")]
    kind: &'a str,
    label: &'a str,
    inverse: &'a str,
}

#[derive(Serialize, Hash)]
struct RelationOut<'a> {
    from: &'a str,
    to: &'a str,
    #[serde(rename = "type")]
    kind: &'a str,
    since: Option<DateOut<'a>>,
    until: Option<DateOut<'a>>,
    /// A source named without being defined (`{name, url}`).
    source: Option<&'a Source>,
    /// The sources it cites by id.
    sources: Vec<CitationOut<'a>>,
    note: Option<&'a str>,
    briefing: Option<&'a str>,
}

#[derive(Serialize, Hash)]
struct ActorOut<'a> {
    id: &'a str,
    url: Absolute<'a>,
    path: Place<'a>,
    name: &'a str,
    kind: &'static str,
    role: Option<&'a str>,
    affiliation: Option<&'a str>,
    aliases: &'a [String],
    bio: Option<&'a str>,
    briefings: Vec<&'a str>,
    links: Vec<&'a str>,
}

/// A date expression as an object: `value` as written (`~1961-07/1962`), `start` and `end` in
/// ISO form at their precision, and `approximate`.
#[derive(Hash)]
struct DateOut<'a>(&'a DateExpr);

impl Serialize for DateOut<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let d = self.0;
        let mut o = s.serialize_struct("DateOut", 4)?;
        o.serialize_field("value", &d.iso())?;
        o.serialize_field("start", &d.start.iso())?;
        o.serialize_field("end", &d.end.map(|e| e.iso()))?;
        o.serialize_field("approximate", &d.approx)?;
        o.end()
    }
}

#[derive(Serialize, Hash)]
struct QuoteOut<'a> {
    briefing: &'a str,
    id: &'a str,
    url: Absolute<'a>,
    by: &'a str,
    text: &'a str,
    context: Option<&'a str>,
    date: Option<DateOut<'a>>,
    /// Further speakers (`by: [a, b]`).
    speakers: Vec<&'a str>,
    lang: Option<&'a str>,
    translation: Option<&'a str>,
    attribution: Option<&'static str>,
    sources: Vec<CitationOut<'a>>,
}

/// A claim's citation: a source id and where in the source.
#[derive(Serialize, Hash)]
struct CitationOut<'a> {
    source: &'a str,
    locator: Option<&'a str>,
}

#[derive(Serialize, Hash)]
struct SourceOut<'a> {
    id: &'a str,
    /// Where it is shown: its page, or its entry in the Sources section of its one briefing.
    url: Absolute<'a>,
    path: Place<'a>,
    own_page: bool,
    title: &'a str,
    original: Option<&'a str>,
    archive: Option<&'a str>,
    publisher: Option<&'a str>,
    author: Option<&'a str>,
    published: Option<DateOut<'a>>,
    accessed: Option<Shown<'a>>,
    kind: Option<&'static str>,
    reliability: Option<&'static str>,
    notes: Option<&'a str>,
    briefings: Vec<&'a str>,
}

#[derive(Serialize, Hash)]
struct JudgmentOut<'a> {
    briefing: &'a str,
    id: &'a str,
    url: Absolute<'a>,
    text: &'a str,
    likelihood: Option<&'static str>,
    confidence: Option<&'static str>,
    status: &'static str,
    /// The day it took its status, `YYYY-MM-DD`, or null.
    status_changed: Option<String>,
    basis: Vec<BasisOut<'a>>,
    sources: Vec<CitationOut<'a>>,
}

/// What a judgment rests on: a `source`, `quote` or `event`, by id.
#[derive(Serialize, Hash)]
struct BasisOut<'a> {
    kind: &'static str,
    id: &'a str,
}

#[derive(Serialize, Hash)]
struct QuestionOut<'a> {
    briefing: &'a str,
    id: &'a str,
    url: Absolute<'a>,
    text: &'a str,
    status: &'static str,
    answer: Option<&'a str>,
    answered_by: Option<&'a str>,
    /// The answer's sources.
    sources: Vec<CitationOut<'a>>,
}

#[derive(Serialize, Hash)]
struct EventOut<'a> {
    id: &'a str,
    url: Absolute<'a>,
    date: DateOut<'a>,
    title: &'a str,
    description: Option<&'a str>,
    actors: Vec<&'a str>,
    briefings: Vec<&'a str>,
    /// The sources the recording briefings cite for it, each once.
    sources: Vec<CitationOut<'a>>,
}

#[derive(Serialize, Hash)]
struct TagOut<'a> {
    name: &'a str,
    url: Absolute<'a>,
    briefings: Vec<&'a str>,
}

#[derive(Serialize, Hash)]
struct LinkOut<'a> {
    from: &'a str,
    to: &'a str,
    fragment: Option<&'a str>,
}

/// `site.json` and its schema.
///
/// The document is one JSON object: `format`, `version`, `site`, then one array each of
/// briefings, actors, quotes, questions, events, tags, links, sources, judgments, relation
/// types and relations. Each array is serialized in parallel, in chunks (`array`), and the
/// chunks are joined into one buffer of the final size (the export of a large site runs to tens
/// of megabytes).
/// With `made`, a chunk whose key (the hash of its items) it knows is taken from it instead of
/// being written again, and every chunk comes back with its key.
pub fn export(site: &Site, lists: &Listings, made: Made) -> (Vec<OutFile>, Vec<Keyed>) {
    let timeline_paths = &lists.timeline_paths;
    let last = made;
    let c = &site.config;
    let info = SiteInfo {
        title: &c.title,
        description: &c.description,
        base_url: &c.base_url,
        language: &c.language,
        author: &c.author,
    };
    let b = &site.briefings;
    let sections: [(&str, Vec<Chunk>); 11] = [
        array(last, "briefings", b, |_, b, out| out.push(briefing_out(site, b))),
        array(last, "actors", &site.actors, |_, a, out| out.push(actor_out(site, a))),
        array(last, "quotes", b, |_, b, out| out.extend(quotes_out(site, b))),
        array(last, "questions", b, |_, b, out| out.extend(questions_out(site, b))),
        array(last, "events", &site.timeline, |ti, e, out| out.push(event_out(site, e, &timeline_paths[ti]))),
        array(last, "tags", &site.tags, |_, t, out| {
            out.push(TagOut {
                name: &t.name,
                url: Absolute { base: &c.base_url, to: Place::Tag(&t.slug), anchor: None },
                briefings: t.briefings.iter().map(|&b| slug(site, b)).collect(),
            })
        }),
        array(last, "links", b, |_, b, out| out.extend(links_out(site, b))),
        array(last, "sources", &site.sources, |_, s, out| out.push(source_out(site, s))),
        array(last, "judgments", b, |_, b, out| out.extend(judgments_out(site, b))),
        array(last, "relation_types", &site.relation_types, |_, t, out| out.push(type_out(t))),
        array(last, "relations", &site.relations, |_, r, out| out.push(relation_out(site, r))),
    ];
    let mut head = format!("{{\"format\":\"{FORMAT}\",\"version\":{VERSION},\"site\":").into_bytes();
    super::xml::write_markup_safe_json(&mut head, &info);
    // Each list adds `,"key":[` and `]` around its items; the document ends with `}` and a newline.
    let size = head.len() + sections.iter().map(|(k, parts)| k.len() + 6 + joined_len(parts)).sum::<usize>() + 2;
    let mut json = Vec::with_capacity(size);
    json.extend_from_slice(&head);
    for (key, parts) in &sections {
        json.extend_from_slice(format!(",\"{key}\":[").as_bytes());
        let mut first = true;
        for (_, part) in parts.iter().filter(|(_, p)| !p.is_empty()) {
            if !std::mem::take(&mut first) {
                json.push(b',');
            }
            json.extend_from_slice(part);
        }
        json.push(b']');
    }
    json.extend_from_slice(b"}\n");
    debug_assert_eq!(json.len(), size, "the export's size is computed before it is joined");
    let kept = sections.into_iter().flat_map(|(_, parts)| parts).filter_map(|(d, p)| Some((d?, p))).collect();
    let files = vec![
        OutFile { path: PATH.into(), bytes: json.into() },
        OutFile { path: SCHEMA_PATH.into(), bytes: SCHEMA.as_bytes().to_vec().into() },
    ];
    (files, kept)
}

/// The key of a chunk's items (when asked for) and their JSON, comma-separated.
type Chunk = Part;

/// Elements of a site list serialized per chunk, in parallel.
const CHUNK: usize = 256;

/// The list `key` of the document: the JSON items `items` gives for each element of `of` (with
/// its index), comma-separated, as one buffer per chunk of `of`. With `last`, each chunk's items
/// are hashed (under `key`) and a chunk it knows is taken from it.
fn array<'a, T: Sync, S: Serialize + Hash>(
    last: Made,
    key: &'static str,
    of: &'a [T],
    items: impl Fn(usize, &'a T, &mut Vec<S>) + Sync,
) -> (&'static str, Vec<Chunk>) {
    let chunks = of
        .par_chunks(CHUNK)
        .enumerate()
        .map(|(ci, chunk)| {
            let mut made = Vec::new();
            for (i, x) in chunk.iter().enumerate() {
                items(ci * CHUNK + i, x, &mut made);
            }
            let digest = last.map(|_| Key::of(&(key.as_bytes(), &made)));
            if let Some(kept) = last.zip(digest).and_then(|(last, d)| last(d)) {
                return (digest, kept);
            }
            let mut out = Vec::new();
            for item in &made {
                if !out.is_empty() {
                    out.push(b',');
                }
                super::xml::write_markup_safe_json(&mut out, item);
            }
            (digest, Arc::new(out))
        })
        .collect();
    (key, chunks)
}

/// The length of the non-empty `parts` joined by commas.
fn joined_len(parts: &[Chunk]) -> usize {
    let full: Vec<usize> = parts.iter().map(|(_, p)| p.len()).filter(|&n| n > 0).collect();
    full.iter().sum::<usize>() + full.len().saturating_sub(1)
}

fn event_out<'a>(site: &'a Site, e: &'a TimelineEntry, path: &'a str) -> EventOut<'a> {
    let mut briefings: Vec<&str> = Vec::new();
    for &(b, _) in &e.sources {
        if !briefings.contains(&slug(site, b)) {
            briefings.push(slug(site, b));
        }
    }
    let mut sources: Vec<&Citation> = Vec::new();
    for &(b, ei) in &e.sources {
        for c in &site.briefings[b].events[ei].citations {
            if !sources.contains(&c) {
                sources.push(c);
            }
        }
    }
    EventOut {
        id: &e.anchor,
        url: Absolute { base: &site.config.base_url, to: Place::Path(path), anchor: Some(&e.anchor) },
        date: DateOut(&e.date),
        title: &e.title,
        description: e.description.as_deref(),
        actors: e.actors.iter().map(|&a| actor_id(site, a)).collect(),
        briefings,
        sources: sources.into_iter().map(|c| citation_out(site, c)).collect(),
    }
}

fn slug(site: &Site, i: usize) -> &str {
    &site.briefings[i].slug
}

fn actor_id(site: &Site, i: usize) -> &str {
    &site.actors[i].id
}

fn actor_out<'a>(site: &'a Site, a: &'a Actor) -> ActorOut<'a> {
    ActorOut {
        id: &a.id,
        url: Absolute { base: &site.config.base_url, to: Place::Actor(&a.id), anchor: None },
        path: Place::Actor(&a.id),
        name: &a.name,
        kind: a.kind.name(),
        role: a.role.as_deref(),
        affiliation: a.affiliation.map(|x| actor_id(site, x)),
        aliases: &a.aliases,
        bio: a.bio.as_deref(),
        briefings: a.briefings.iter().map(|&b| slug(site, b)).collect(),
        links: a.links.iter().map(|l| l.as_str()).collect(),
    }
}

fn type_out(t: &RelationType) -> RelationTypeOut<'_> {
    RelationTypeOut { kind: &t.id, label: &t.label, inverse: &t.inverse }
}

fn relation_out<'a>(site: &'a Site, r: &'a Relation) -> RelationOut<'a> {
    RelationOut {
        from: actor_id(site, r.from),
        to: actor_id(site, r.to),
        kind: &site.relation_types[r.kind].id,
        since: r.since.as_ref().map(DateOut),
        until: r.until.as_ref().map(DateOut),
        source: r.source.as_ref(),
        sources: citations_out(site, &r.citations),
        note: r.note.as_deref(),
        briefing: r.briefing.map(|b| slug(site, b)),
    }
}

fn quotes_out<'a>(site: &'a Site, b: &'a Briefing) -> impl Iterator<Item = QuoteOut<'a>> {
    b.quotes.iter().map(move |q| QuoteOut {
        briefing: &b.slug,
        id: &q.anchor,
        url: page(site, b, Some(&q.anchor)),
        by: actor_id(site, q.by),
        text: &q.text,
        context: q.context.as_deref(),
        date: q.date.as_ref().map(DateOut),
        speakers: q.also_by.iter().map(|&a| actor_id(site, a)).collect(),
        lang: q.lang.as_deref(),
        translation: q.translation.as_deref(),
        attribution: q.attribution.map(|a| a.name()),
        sources: citations_out(site, &q.citations),
    })
}

fn questions_out<'a>(site: &'a Site, b: &'a Briefing) -> impl Iterator<Item = QuestionOut<'a>> {
    b.questions.iter().map(move |q| QuestionOut {
        briefing: &b.slug,
        id: &q.anchor,
        url: page(site, b, Some(&q.anchor)),
        text: &q.text,
        status: q.status.name(),
        answer: q.answer.as_deref(),
        answered_by: q.answered_by.map(|x| slug(site, x)),
        sources: citations_out(site, &q.citations),
    })
}

/// The URL of a briefing's page, or of an anchor there.
fn page<'a>(site: &'a Site, b: &'a Briefing, anchor: Option<&'a str>) -> Absolute<'a> {
    Absolute { base: &site.config.base_url, to: Place::Briefing(&b.slug), anchor }
}

fn links_out<'a>(site: &'a Site, b: &'a Briefing) -> impl Iterator<Item = LinkOut<'a>> {
    b.links.iter().map(move |l| LinkOut { from: &b.slug, to: slug(site, l.target), fragment: l.fragment.as_deref() })
}

fn briefing_out<'a>(site: &'a Site, b: &'a Briefing) -> BriefingOut<'a> {
    BriefingOut {
        slug: &b.slug,
        url: page(site, b, None),
        path: Place::Briefing(&b.slug),
        title: &b.title,
        date: Shown::Iso(b.date),
        updated: b.updated.map(Shown::Iso),
        summary: b.summary.as_deref(),
        author: b.author.as_deref(),
        source: b.source.as_ref(),
        tags: &b.tags,
        draft: b.draft,
        actors: b.actors.iter().map(|&a| actor_id(site, a)).collect(),
        related: b.related.iter().map(|&r| slug(site, r)).collect(),
        backlinks: b.backlinks.iter().map(|&r| slug(site, r)).collect(),
        sources: b.cited.iter().map(|&s| site.sources[s].id.as_str()).collect(),
        changes: b
            .changes
            .iter()
            .map(|c| ChangeOut {
                id: &c.anchor,
                date: Shown::Iso(c.date),
                note: &c.note,
                sources: citations_out(site, &c.citations),
            })
            .collect(),
    }
}

fn citation_out<'a>(site: &'a Site, c: &'a Citation) -> CitationOut<'a> {
    CitationOut { source: &site.sources[c.source].id, locator: c.locator.as_deref() }
}

fn citations_out<'a>(site: &'a Site, cites: &'a [Citation]) -> Vec<CitationOut<'a>> {
    cites.iter().map(|c| citation_out(site, c)).collect()
}

fn source_out<'a>(site: &'a Site, s: &'a SourceRecord) -> SourceOut<'a> {
    let (to, anchor) = match s.home {
        None => (Place::Source(&s.id), None),
        Some(bi) => (Place::Briefing(&site.briefings[bi].slug), Some(s.anchor.as_str())),
    };
    SourceOut {
        id: &s.id,
        url: Absolute { base: &site.config.base_url, to, anchor },
        path: to,
        own_page: s.home.is_none(),
        title: &s.title,
        original: s.url.as_deref(),
        archive: s.archive_url.as_deref(),
        publisher: s.publisher.as_deref(),
        author: s.author.as_deref(),
        published: s.published.as_ref().map(DateOut),
        accessed: s.accessed.map(Shown::Iso),
        kind: s.kind.map(|k| k.name()),
        reliability: s.reliability.map(|r| r.letter()),
        notes: s.notes.as_deref(),
        briefings: s.briefings.iter().map(|&b| slug(site, b)).collect(),
    }
}

fn judgments_out<'a>(site: &'a Site, b: &'a Briefing) -> impl Iterator<Item = JudgmentOut<'a>> {
    b.judgments.iter().map(move |j| JudgmentOut {
        briefing: &b.slug,
        id: &j.anchor,
        url: page(site, b, Some(&j.anchor)),
        text: &j.text,
        likelihood: j.likelihood.map(|l| l.name()),
        confidence: j.confidence.map(|c| c.name()),
        status: j.status.name(),
        status_changed: j.status_changed.map(|d| d.iso()),
        basis: j
            .basis
            .iter()
            .map(|x| match *x {
                Basis::Source(s) => BasisOut { kind: "source", id: &site.sources[s].id },
                Basis::Quote(q) => BasisOut { kind: "quote", id: &b.quotes[q].anchor },
                Basis::Event(e) => BasisOut { kind: "event", id: &site.timeline[b.events[e].timeline].anchor },
            })
            .collect(),
        sources: citations_out(site, &j.citations),
    })
}

//! `/data/site.json`: the whole model as documented, versioned JSON for other tools, with its
//! JSON Schema (`/data/site.schema.json`, embedded in the binary) beside it.
//!
//! Cross references are by id: briefings by `slug`, actors by `id`, events by `id` (their
//! timeline anchor), quotes and questions by (`briefing`, `id`). Every object is a struct, so
//! keys always come out in the order written here. Bump `VERSION` on any incompatible change.

use super::{digest, layout, OutFile};
use crate::model::date::DateExpr;
use crate::model::slug::Slug;
use crate::model::{Actor, Briefing, Site, Source, TimelineEntry};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::HashMap;
use std::sync::Arc;

pub const PATH: &str = "data/site.json";
pub const SCHEMA_PATH: &str = "data/site.schema.json";
pub const SCHEMA: &str = include_str!("../../schema/site.schema.json");
pub const FORMAT: &str = "dossier-site";
pub const VERSION: u32 = 1;

#[derive(Serialize)]
struct SiteInfo<'a> {
    title: &'a str,
    description: &'a str,
    base_url: &'a str,
    language: &'a str,
    author: &'a str,
}

#[derive(Serialize)]
struct BriefingOut<'a> {
    slug: &'a str,
    url: String,
    path: String,
    title: &'a str,
    date: String,
    updated: Option<String>,
    summary: Option<&'a str>,
    author: Option<&'a str>,
    source: Option<&'a Source>,
    tags: &'a [Slug],
    draft: bool,
    actors: Vec<&'a str>,
    related: Vec<&'a str>,
    backlinks: Vec<&'a str>,
}

#[derive(Serialize)]
struct ActorOut<'a> {
    id: &'a str,
    url: String,
    path: String,
    name: &'a str,
    kind: &'static str,
    role: Option<&'a str>,
    affiliation: Option<&'a str>,
    aliases: &'a [String],
    bio: Option<&'a str>,
    briefings: Vec<&'a str>,
}

#[derive(Serialize)]
struct DateOut {
    /// As written: `~1961-07/1962`.
    value: String,
    start: String,
    end: Option<String>,
    approximate: bool,
}

#[derive(Serialize)]
struct QuoteOut<'a> {
    briefing: &'a str,
    id: &'a str,
    url: String,
    by: &'a str,
    text: &'a str,
    context: Option<&'a str>,
    date: Option<DateOut>,
}

#[derive(Serialize)]
struct QuestionOut<'a> {
    briefing: &'a str,
    id: &'a str,
    url: String,
    text: &'a str,
    status: &'static str,
    answer: Option<&'a str>,
    answered_by: Option<&'a str>,
}

#[derive(Serialize)]
struct EventOut<'a> {
    id: &'a str,
    url: String,
    date: DateOut,
    title: &'a str,
    description: Option<&'a str>,
    actors: Vec<&'a str>,
    briefings: Vec<&'a str>,
}

#[derive(Serialize)]
struct TagOut<'a> {
    name: &'a str,
    url: String,
    briefings: Vec<&'a str>,
}

#[derive(Serialize)]
struct LinkOut<'a> {
    from: &'a str,
    to: &'a str,
    fragment: Option<&'a str>,
}

fn date(d: &DateExpr) -> DateOut {
    DateOut { value: d.iso(), start: d.start.iso(), end: d.end.map(|e| e.iso()), approximate: d.approx }
}

/// `site.json` and its schema. `timeline_paths` is the page of each timeline entry.
///
/// The document is one JSON object: `format`, `version`, `site`, then one array each of
/// briefings, actors, quotes, questions, events, tags and links. Each array is serialized in
/// parallel, in chunks, and the chunks are joined into one buffer of the final size (the
/// export of a large site runs to tens of megabytes).
/// With the parts of the last build (`last`, for rebuilds), a chunk whose items are unchanged
/// (equal digests) is taken from there instead of being written again; the parts of this
/// build come back for the next. Without, no digest is taken and no part is kept.
pub fn export(site: &Site, timeline_paths: &[String], last: Option<&Parts>) -> (Vec<OutFile>, Parts) {
    let c = &site.config;
    let info = SiteInfo {
        title: &c.title,
        description: &c.description,
        base_url: &c.base_url,
        language: &c.language,
        author: &c.author,
    };
    let b = &site.briefings;
    let sections: [(&str, Vec<Chunk>); 7] = [
        ("briefings", array(last, b"briefings", b, |_, b, out| out.push(briefing_out(site, b)))),
        ("actors", array(last, b"actors", &site.actors, |_, a, out| out.push(actor_out(site, a)))),
        ("quotes", array(last, b"quotes", b, |_, b, out| out.extend(quotes_out(site, b)))),
        ("questions", array(last, b"questions", b, |_, b, out| out.extend(questions_out(site, b)))),
        (
            "events",
            array(last, b"events", &site.timeline, |ti, e, out| out.push(event_out(site, e, &timeline_paths[ti]))),
        ),
        (
            "tags",
            array(last, b"tags", &site.tags, |_, t, out| {
                out.push(TagOut {
                    name: &t.name,
                    url: format!("{}{}", c.base_url, layout::tag(&t.slug)),
                    briefings: t.briefings.iter().map(|&b| slug(site, b)).collect(),
                })
            }),
        ),
        ("links", array(last, b"links", b, |_, b, out| out.extend(links_out(site, b)))),
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
    let kept = match last {
        Some(_) => sections.into_iter().flat_map(|(_, parts)| parts).filter_map(|(d, p)| Some((d?, p))).collect(),
        None => HashMap::new(),
    };
    let files = vec![
        OutFile { path: PATH.into(), bytes: json.into() },
        OutFile { path: SCHEMA_PATH.into(), bytes: SCHEMA.as_bytes().to_vec().into() },
    ];
    (files, Parts(kept))
}

/// The export of the last build in chunks (the JSON of each chunk's items), by the digest of
/// the items: what rebuilds take unchanged chunks from.
#[derive(Debug, Default)]
pub struct Parts(HashMap<u128, Arc<Vec<u8>>>);

/// The digest of a chunk's items (when parts are kept) and their JSON, comma-separated.
type Chunk = (Option<u128>, Arc<Vec<u8>>);

/// Elements of a site list serialized per chunk, in parallel.
const CHUNK: usize = 256;

/// The JSON items `items` gives for each element of `of` (with its index), comma-separated, as
/// one buffer per chunk of `of`. With `last`, each chunk's items are digested (under `section`)
/// and a chunk the last build wrote is taken from it.
fn array<'a, T: Sync, S: Serialize>(
    last: Option<&Parts>,
    section: &[u8],
    of: &'a [T],
    items: impl Fn(usize, &'a T, &mut Vec<S>) + Sync,
) -> Vec<Chunk> {
    of.par_chunks(CHUNK)
        .enumerate()
        .map(|(ci, chunk)| {
            let mut made = Vec::new();
            for (i, x) in chunk.iter().enumerate() {
                items(ci * CHUNK + i, x, &mut made);
            }
            let digest = last.map(|_| digest::of(section, &made));
            if let Some(kept) = last.zip(digest).and_then(|(last, d)| last.0.get(&d)) {
                return (digest, Arc::clone(kept));
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
        .collect()
}

/// The length of the non-empty `parts` joined by commas.
fn joined_len(parts: &[Chunk]) -> usize {
    let full: Vec<usize> = parts.iter().map(|(_, p)| p.len()).filter(|&n| n > 0).collect();
    full.iter().sum::<usize>() + full.len().saturating_sub(1)
}

fn event_out<'a>(site: &'a Site, e: &'a TimelineEntry, path: &str) -> EventOut<'a> {
    let mut briefings: Vec<&str> = Vec::new();
    for &(b, _) in &e.sources {
        if !briefings.contains(&slug(site, b)) {
            briefings.push(slug(site, b));
        }
    }
    EventOut {
        id: &e.anchor,
        url: format!("{}{path}#{}", site.config.base_url, e.anchor),
        date: date(&e.date),
        title: &e.title,
        description: e.description.as_deref(),
        actors: e.actors.iter().map(|&a| actor_id(site, a)).collect(),
        briefings,
    }
}

fn slug(site: &Site, i: usize) -> &str {
    &site.briefings[i].slug
}

fn actor_id(site: &Site, i: usize) -> &str {
    &site.actors[i].id
}

fn actor_out<'a>(site: &'a Site, a: &'a Actor) -> ActorOut<'a> {
    let path = layout::actor(&a.id);
    ActorOut {
        id: &a.id,
        url: format!("{}{path}", site.config.base_url),
        path,
        name: &a.name,
        kind: a.kind.name(),
        role: a.role.as_deref(),
        affiliation: a.affiliation.map(|x| actor_id(site, x)),
        aliases: &a.aliases,
        bio: a.bio.as_deref(),
        briefings: a.briefings.iter().map(|&b| slug(site, b)).collect(),
    }
}

fn quotes_out<'a>(site: &'a Site, b: &'a Briefing) -> impl Iterator<Item = QuoteOut<'a>> {
    let page = page(site, b);
    b.quotes.iter().map(move |q| QuoteOut {
        briefing: &b.slug,
        id: &q.anchor,
        url: format!("{page}#{}", q.anchor),
        by: actor_id(site, q.by),
        text: &q.text,
        context: q.context.as_deref(),
        date: q.date.as_ref().map(date),
    })
}

fn questions_out<'a>(site: &'a Site, b: &'a Briefing) -> impl Iterator<Item = QuestionOut<'a>> {
    let page = page(site, b);
    b.questions.iter().map(move |q| QuestionOut {
        briefing: &b.slug,
        id: &q.anchor,
        url: format!("{page}#{}", q.anchor),
        text: &q.text,
        status: q.status.name(),
        answer: q.answer.as_deref(),
        answered_by: q.answered_by.map(|x| slug(site, x)),
    })
}

/// The URL of a briefing's page.
fn page(site: &Site, b: &Briefing) -> String {
    format!("{}{}", site.config.base_url, layout::briefing(&b.slug))
}

fn links_out<'a>(site: &'a Site, b: &'a Briefing) -> impl Iterator<Item = LinkOut<'a>> {
    b.links.iter().map(move |l| LinkOut { from: &b.slug, to: slug(site, l.target), fragment: l.fragment.as_deref() })
}

fn briefing_out<'a>(site: &'a Site, b: &'a Briefing) -> BriefingOut<'a> {
    BriefingOut {
        slug: &b.slug,
        url: page(site, b),
        path: layout::briefing(&b.slug),
        title: &b.title,
        date: b.date.iso(),
        updated: b.updated.map(|u| u.iso()),
        summary: b.summary.as_deref(),
        author: b.author.as_deref(),
        source: b.source.as_ref(),
        tags: &b.tags,
        draft: b.draft,
        actors: b.actors.iter().map(|&a| actor_id(site, a)).collect(),
        related: b.related.iter().map(|&r| slug(site, r)).collect(),
        backlinks: b.backlinks.iter().map(|&r| slug(site, r)).collect(),
    }
}

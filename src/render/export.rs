//! `/data/site.json`: the whole model as documented, versioned JSON for other tools, with its
//! JSON Schema (`/data/site.schema.json`, embedded in the binary) beside it.
//!
//! Cross references are by id: briefings by `slug`, actors by `id`, events by `id` (their
//! timeline anchor), quotes and questions by (`briefing`, `id`). Every object is a struct, so
//! keys always come out in the order written here. Bump `VERSION` on any incompatible change.

use super::{layout, OutFile};
use crate::model::date::DateExpr;
use crate::model::{Actor, Briefing, Site, Source};
use serde::Serialize;

pub const PATH: &str = "data/site.json";
pub const SCHEMA_PATH: &str = "data/site.schema.json";
pub const SCHEMA: &str = include_str!("../../schema/site.schema.json");
pub const FORMAT: &str = "dossier-site";
pub const VERSION: u32 = 1;

#[derive(Serialize)]
struct Export<'a> {
    format: &'static str,
    version: u32,
    site: SiteInfo<'a>,
    briefings: Vec<BriefingOut<'a>>,
    actors: Vec<ActorOut<'a>>,
    quotes: Vec<QuoteOut<'a>>,
    questions: Vec<QuestionOut<'a>>,
    events: Vec<EventOut<'a>>,
    tags: Vec<TagOut<'a>>,
    links: Vec<LinkOut<'a>>,
}

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
    tags: &'a [String],
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
pub fn export(site: &Site, timeline_paths: &[String]) -> Vec<OutFile> {
    let c = &site.config;
    let mut out = Export {
        format: FORMAT,
        version: VERSION,
        site: SiteInfo {
            title: &c.title,
            description: &c.description,
            base_url: &c.base_url,
            language: &c.language,
            author: &c.author,
        },
        briefings: Vec::new(),
        actors: site.actors.iter().map(|a| actor_out(site, a)).collect(),
        quotes: Vec::new(),
        questions: Vec::new(),
        events: Vec::new(),
        tags: site
            .tags
            .iter()
            .map(|t| TagOut {
                name: &t.name,
                url: format!("{}{}", c.base_url, layout::tag(&t.slug)),
                briefings: t.briefings.iter().map(|&b| slug(site, b)).collect(),
            })
            .collect(),
        links: Vec::new(),
    };
    for b in &site.briefings {
        add_briefing(&mut out, site, b);
    }
    for (ti, e) in site.timeline.iter().enumerate() {
        let mut briefings: Vec<&str> = Vec::new();
        for &(b, _) in &e.sources {
            if !briefings.contains(&slug(site, b)) {
                briefings.push(slug(site, b));
            }
        }
        out.events.push(EventOut {
            id: &e.anchor,
            url: format!("{}{}#{}", c.base_url, timeline_paths[ti], e.anchor),
            date: date(&e.date),
            title: &e.title,
            description: e.description.as_deref(),
            actors: e.actors.iter().map(|&a| actor_id(site, a)).collect(),
            briefings,
        });
    }
    let mut json = super::xml::to_markup_safe_json(&out);
    json.push('\n');
    vec![
        OutFile { path: PATH.into(), bytes: json.into_bytes().into() },
        OutFile { path: SCHEMA_PATH.into(), bytes: SCHEMA.as_bytes().to_vec().into() },
    ]
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

/// A briefing, with its quotes, questions and links added to the site-wide lists.
fn add_briefing<'a>(out: &mut Export<'a>, site: &'a Site, b: &'a Briefing) {
    let path = layout::briefing(&b.slug);
    let page = format!("{}{path}", site.config.base_url);
    out.quotes.extend(b.quotes.iter().map(|q| QuoteOut {
        briefing: &b.slug,
        id: &q.anchor,
        url: format!("{page}#{}", q.anchor),
        by: actor_id(site, q.by),
        text: &q.text,
        context: q.context.as_deref(),
        date: q.date.as_ref().map(date),
    }));
    out.questions.extend(b.questions.iter().map(|q| QuestionOut {
        briefing: &b.slug,
        id: &q.anchor,
        url: format!("{page}#{}", q.anchor),
        text: &q.text,
        status: q.status.name(),
        answer: q.answer.as_deref(),
        answered_by: q.answered_by.map(|x| slug(site, x)),
    }));
    out.links.extend(b.links.iter().map(|l| LinkOut {
        from: &b.slug,
        to: slug(site, l.target),
        fragment: l.fragment.as_deref(),
    }));
    out.briefings.push(BriefingOut {
        slug: &b.slug,
        url: page,
        path,
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
    });
}

//! Structured data for search engines and link previewers: JSON-LD (schema.org) on briefing
//! pages (an `AnalysisNewsArticle` about its actors, and its quotes as `Quotation`s) and on
//! actor pages (a `Person`, `Organization`, `Country` or `Legislation`, with `sameAs` from the
//! actor's `links:`).
//!
//! Like a picture, each is a typed value holding references into the model (so a page's key
//! covers it) that writes its text only when the page is rendered. The text is JSON written by
//! serde with `<`, `>` and `&` escaped inside strings (`xml::to_markup_safe_json`): printed raw
//! in a `<script type="application/ld+json">`, no input can end the element or be read as
//! markup, and every string reads back exactly.

use super::deferred::Place;
use super::xml::to_markup_safe_json;
use crate::model::date::{DateExpr, PartialDate};
use crate::model::slug::Slug;
use crate::model::{ActorKind, Briefing, Site, Source};
use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};

/// The schema.org type of an actor.
fn schema_type(kind: ActorKind) -> &'static str {
    match kind {
        ActorKind::Person => "Person",
        ActorKind::Organization | ActorKind::Group => "Organization",
        ActorKind::Country => "Country",
        ActorKind::Agreement => "Legislation",
    }
}

/// An actor as a briefing names it: its type, name and page.
#[derive(Hash)]
struct Named<'a> {
    kind: ActorKind,
    name: &'a str,
    id: &'a Slug,
}

/// An actor's node, written where a briefing names it (`about`, a quote's speaker).
struct NamedJson<'a> {
    named: &'a Named<'a>,
    url: &'a str,
}

impl Serialize for NamedJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(4))?;
        m.serialize_entry("@id", self.url)?;
        m.serialize_entry("@type", schema_type(self.named.kind))?;
        m.serialize_entry("name", self.named.name)?;
        m.serialize_entry("url", self.url)?;
        m.end()
    }
}

/// A node of a type and a name (an author, a publisher, a cited work).
struct Thing<'a> {
    kind: &'static str,
    name: Option<&'a str>,
    url: Option<&'a str>,
}

impl Serialize for Thing<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("@type", self.kind)?;
        if let Some(n) = self.name {
            m.serialize_entry("name", n)?;
        }
        if let Some(u) = self.url {
            m.serialize_entry("url", u)?;
        }
        m.end()
    }
}

fn named(site: &Site, ai: usize) -> Named<'_> {
    let a = &site.actors[ai];
    Named { kind: a.kind, name: &a.name, id: &a.id }
}

fn absolute(base: &str, to: Place, anchor: Option<&str>) -> String {
    let mut url = format!("{base}{}", to.path());
    if let Some(a) = anchor {
        url.push('#');
        url.push_str(a);
    }
    url
}

/// The JSON-LD of a briefing page.
#[derive(Hash)]
pub struct BriefingData<'a> {
    base: &'a str,
    language: &'a str,
    site_title: &'a str,
    site_author: &'a str,
    slug: &'a Slug,
    title: &'a str,
    summary: Option<&'a str>,
    published: PartialDate,
    modified: PartialDate,
    author: Option<&'a str>,
    tags: &'a [Slug],
    source: Option<&'a Source>,
    about: Vec<Named<'a>>,
    quotes: Vec<QuoteData<'a>>,
}

#[derive(Hash)]
struct QuoteData<'a> {
    anchor: &'a str,
    text: &'a str,
    by: Named<'a>,
    date: Option<&'a DateExpr>,
}

/// The structured data of briefing `bi`.
pub fn briefing(site: &Site, bi: usize) -> BriefingData<'_> {
    let b: &Briefing = &site.briefings[bi];
    let cfg = &site.config;
    BriefingData {
        base: &cfg.base_url,
        language: &cfg.language,
        site_title: &cfg.title,
        site_author: &cfg.author,
        slug: &b.slug,
        title: &b.title,
        summary: b.summary.as_deref(),
        published: b.date,
        modified: b.changed(),
        author: b.author.as_deref(),
        tags: &b.tags,
        source: b.source.as_ref(),
        about: b.actors.iter().map(|&a| named(site, a)).collect(),
        quotes: b
            .quotes
            .iter()
            .map(|q| QuoteData { anchor: &q.anchor, text: &q.text, by: named(site, q.by), date: q.date.as_ref() })
            .collect(),
    }
}

/// The JSON-LD of a briefing page is written straight from the model, one node after
/// another, each object's keys in sorted order (as a JSON object map would write them), with
/// every URL made once.
impl Serialize for BriefingData<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&to_markup_safe_json(&Graph(self)))
    }
}

/// `{"@context": …, "@graph": [the article, its quotes]}`.
struct Graph<'a>(&'a BriefingData<'a>);

impl Serialize for Graph<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let d = self.0;
        let url = absolute(d.base, Place::Briefing(d.slug), None);
        let about: Vec<(String, &Named)> =
            d.about.iter().map(|a| (absolute(d.base, Place::Actor(a.id), None), a)).collect();
        let mut m = s.serialize_map(Some(2))?;
        m.serialize_entry("@context", "https://schema.org")?;
        m.serialize_entry("@graph", &Nodes { d, url: &url, about: &about })?;
        m.end()
    }
}

struct Nodes<'a> {
    d: &'a BriefingData<'a>,
    url: &'a str,
    about: &'a [(String, &'a Named<'a>)],
}

impl Serialize for Nodes<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let d = self.d;
        let mut seq = s.serialize_seq(Some(1 + d.quotes.len()))?;
        seq.serialize_element(&Article { d, url: self.url, about: self.about })?;
        for q in &d.quotes {
            let speaker = absolute(d.base, Place::Actor(q.by.id), None);
            let id = absolute(d.base, Place::Briefing(d.slug), Some(q.anchor));
            // A speaker the article is `about` is written there once; here by its `@id`.
            let described = self.about.iter().any(|(_, a)| a.id == q.by.id);
            seq.serialize_element(&Quotation {
                q,
                id: &id,
                speaker: NamedJson { named: &q.by, url: &speaker },
                described,
                part_of: self.url,
            })?;
        }
        seq.end()
    }
}

struct Article<'a> {
    d: &'a BriefingData<'a>,
    url: &'a str,
    about: &'a [(String, &'a Named<'a>)],
}

impl Serialize for Article<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let d = self.d;
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("@id", self.url)?;
        m.serialize_entry("@type", "AnalysisNewsArticle")?;
        if !self.about.is_empty() {
            let about: Vec<NamedJson> = self.about.iter().map(|(url, named)| NamedJson { named, url }).collect();
            m.serialize_entry("about", &about)?;
        }
        let author = match d.author {
            Some(a) => Thing { kind: "Person", name: Some(a), url: None },
            None => {
                let name = if d.site_author.trim().is_empty() { d.site_title } else { d.site_author };
                Thing { kind: "Organization", name: Some(name), url: None }
            }
        };
        m.serialize_entry("author", &author)?;
        if let Some(src) = d.source.filter(|s| s.name.is_some() || s.url.is_some()) {
            let cite =
                Thing { kind: "CreativeWork", name: src.name.as_deref(), url: src.url.as_ref().map(|u| u.as_str()) };
            m.serialize_entry("citation", &[cite])?;
        }
        m.serialize_entry("dateModified", &d.modified.iso())?;
        m.serialize_entry("datePublished", &d.published.iso())?;
        if let Some(summary) = d.summary {
            m.serialize_entry("description", summary)?;
        }
        m.serialize_entry("headline", d.title)?;
        m.serialize_entry("inLanguage", d.language)?;
        if !d.tags.is_empty() {
            let keywords: Vec<&str> = d.tags.iter().map(|t| t.as_str()).collect();
            m.serialize_entry("keywords", &keywords)?;
        }
        m.serialize_entry("mainEntityOfPage", self.url)?;
        m.serialize_entry("publisher", &Thing { kind: "Organization", name: Some(d.site_title), url: Some(d.base) })?;
        m.serialize_entry("url", self.url)?;
        m.end()
    }
}

struct Quotation<'a> {
    q: &'a QuoteData<'a>,
    id: &'a str,
    speaker: NamedJson<'a>,
    /// Whether the speaker's node is already in the graph (among the article's `about`).
    described: bool,
    part_of: &'a str,
}

impl Serialize for Quotation<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("@id", self.id)?;
        m.serialize_entry("@type", "Quotation")?;
        // The speaker's node is written once in the graph, and referred to by its `@id`.
        let reference = IdOnly(self.speaker.url);
        if self.described {
            m.serialize_entry("creator", &reference)?;
        } else {
            m.serialize_entry("creator", &self.speaker)?;
        }
        if let Some(d) = self.q.date.filter(|d| !d.approx && d.end.is_none()) {
            m.serialize_entry("dateCreated", &d.start.iso())?;
        }
        m.serialize_entry("isPartOf", &IdOnly(self.part_of))?;
        m.serialize_entry("spokenByCharacter", &reference)?;
        m.serialize_entry("text", self.q.text)?;
        m.end()
    }
}

/// `{"@id": …}`.
struct IdOnly<'a>(&'a str);

impl Serialize for IdOnly<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(1))?;
        m.serialize_entry("@id", self.0)?;
        m.end()
    }
}

/// The JSON-LD of an actor page.
#[derive(Hash)]
pub struct ActorData<'a> {
    base: &'a str,
    actor: Named<'a>,
    role: Option<&'a str>,
    aliases: &'a [String],
    links: Vec<&'a str>,
}

/// The structured data of actor `ai`.
pub fn actor(site: &Site, ai: usize) -> ActorData<'_> {
    let a = &site.actors[ai];
    ActorData {
        base: &site.config.base_url,
        actor: named(site, ai),
        role: a.role.as_deref(),
        aliases: &a.aliases,
        links: a.links.iter().map(|l| l.as_str()).collect(),
    }
}

impl Serialize for ActorData<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&to_markup_safe_json(&ActorNode(self)))
    }
}

/// An actor page's node, its keys in sorted order.
struct ActorNode<'a>(&'a ActorData<'a>);

impl Serialize for ActorNode<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let d = self.0;
        let url = absolute(d.base, Place::Actor(d.actor.id), None);
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("@context", "https://schema.org")?;
        m.serialize_entry("@id", &url)?;
        m.serialize_entry("@type", schema_type(d.actor.kind))?;
        let aliases: Vec<&str> = d.aliases.iter().map(String::as_str).filter(|a| *a != d.actor.name).collect();
        if !aliases.is_empty() {
            m.serialize_entry("alternateName", &aliases)?;
        }
        if let Some(r) = d.role {
            m.serialize_entry("description", r)?;
        }
        m.serialize_entry("name", d.actor.name)?;
        if !d.links.is_empty() {
            m.serialize_entry("sameAs", &d.links)?;
        }
        m.serialize_entry("url", &url)?;
        m.end()
    }
}

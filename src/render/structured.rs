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

use super::views::Place;
use super::xml::to_markup_safe_json;
use crate::model::date::{DateExpr, PartialDate};
use crate::model::slug::Slug;
use crate::model::{ActorKind, Briefing, Site, Source};
use serde::{Serialize, Serializer};
use serde_json::{json, Map, Value};

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

impl Named<'_> {
    fn json(&self, base: &str) -> Value {
        let url = absolute(base, Place::Actor(self.id), None);
        json!({ "@type": schema_type(self.kind), "@id": url, "name": self.name, "url": url })
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

impl BriefingData<'_> {
    fn json(&self) -> Value {
        let url = absolute(self.base, Place::Briefing(self.slug), None);
        let mut article = Map::new();
        article.insert("@type".into(), "AnalysisNewsArticle".into());
        article.insert("@id".into(), url.clone().into());
        article.insert("url".into(), url.clone().into());
        article.insert("mainEntityOfPage".into(), url.clone().into());
        article.insert("headline".into(), self.title.into());
        if let Some(s) = self.summary {
            article.insert("description".into(), s.into());
        }
        article.insert("datePublished".into(), self.published.iso().into());
        article.insert("dateModified".into(), self.modified.iso().into());
        article.insert("inLanguage".into(), self.language.into());
        let author = match self.author {
            Some(a) => json!({ "@type": "Person", "name": a }),
            None => {
                let name = if self.site_author.trim().is_empty() { self.site_title } else { self.site_author };
                json!({ "@type": "Organization", "name": name })
            }
        };
        article.insert("author".into(), author);
        article
            .insert("publisher".into(), json!({ "@type": "Organization", "name": self.site_title, "url": self.base }));
        if !self.tags.is_empty() {
            article.insert("keywords".into(), self.tags.iter().map(|t| t.as_str()).collect::<Vec<_>>().into());
        }
        if !self.about.is_empty() {
            article.insert("about".into(), self.about.iter().map(|a| a.json(self.base)).collect::<Vec<_>>().into());
        }
        if let Some(s) = self.source.filter(|s| s.name.is_some() || s.url.is_some()) {
            let mut cite = Map::new();
            cite.insert("@type".into(), "CreativeWork".into());
            if let Some(n) = &s.name {
                cite.insert("name".into(), n.as_str().into());
            }
            if let Some(u) = &s.url {
                cite.insert("url".into(), u.as_str().into());
            }
            article.insert("citation".into(), Value::Array(vec![Value::Object(cite)]));
        }
        let mut graph = vec![Value::Object(article)];
        for q in &self.quotes {
            let speaker = q.by.json(self.base);
            let mut quote = Map::new();
            quote.insert("@type".into(), "Quotation".into());
            quote.insert("@id".into(), absolute(self.base, Place::Briefing(self.slug), Some(q.anchor)).into());
            quote.insert("text".into(), q.text.into());
            quote.insert("spokenByCharacter".into(), speaker.clone());
            quote.insert("creator".into(), speaker);
            quote.insert("isPartOf".into(), json!({ "@id": url }));
            if let Some(d) = q.date.filter(|d| !d.approx && d.end.is_none()) {
                quote.insert("dateCreated".into(), d.start.iso().into());
            }
            graph.push(Value::Object(quote));
        }
        json!({ "@context": "https://schema.org", "@graph": graph })
    }
}

impl Serialize for BriefingData<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&to_markup_safe_json(&self.json()))
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

impl ActorData<'_> {
    fn json(&self) -> Value {
        let Value::Object(mut o) = self.actor.json(self.base) else { return Value::Null };
        o.insert("@context".into(), "https://schema.org".into());
        if let Some(r) = self.role {
            o.insert("description".into(), r.into());
        }
        let aliases: Vec<&str> = self.aliases.iter().map(String::as_str).filter(|a| *a != self.actor.name).collect();
        if !aliases.is_empty() {
            o.insert("alternateName".into(), aliases.into());
        }
        if !self.links.is_empty() {
            o.insert("sameAs".into(), self.links.clone().into());
        }
        Value::Object(o)
    }
}

impl Serialize for ActorData<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&to_markup_safe_json(&self.json()))
    }
}

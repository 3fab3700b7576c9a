//! `/actors/<id>/`: everything about one actor across briefings: profile, briefings, quotes,
//! events and their picture, companions and their network. An actor in more than `page_size`
//! briefings gets several pages: each lists one slice of their briefings with the quotes and
//! events recorded in that slice; the profile and companions are on the first.

use super::{listing, paged_title, At, Built, Page};
use crate::model::date::PartialDate;
use crate::model::Site;
use crate::render::feed;
use crate::render::layout::{self, chunks, Listings};
use crate::render::markdown::Markdown;
use crate::render::pictures::{self, NetworkPicture, TimelinePicture};
use crate::render::provenance::JudgmentView;
use crate::render::structured;
use crate::render::views::{ActorLink, BriefingEntry, Cx, EventView, Link, Pager, QuoteView, RelationView};
type HashMap<K, V> = std::collections::HashMap<K, V, xxhash_rust::xxh3::Xxh3DefaultBuilder>;
use serde::Serialize;

pub struct ActorPage;

/// How many companions an actor page lists.
const CO_ACTORS: usize = 12;
const _: () = assert!(CO_ACTORS <= crate::model::CO_ACTORS_KEPT, "the model keeps the companions listed");

#[derive(Serialize, Hash)]
pub struct ActorModel<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub kind: &'static str,
    pub role: Option<&'a str>,
    pub affiliation: Option<ActorLink<'a>>,
    /// Actors whose affiliation is this one (first page only).
    pub members: Vec<ActorLink<'a>>,
    /// The other names it goes by (not its name again).
    pub aliases: Vec<&'a str>,
    /// The biography as HTML (first page only).
    pub bio: Option<Markdown<'a>>,
    /// This page's slice of the briefings that annotate the actor, newest first.
    pub briefings: Vec<BriefingEntry<'a>>,
    pub briefing_count: usize,
    /// Briefings that name the actor without annotating them (first page only).
    pub mentioned_in: Vec<Link<'a>>,
    pub quotes: Vec<QuoteView<'a>>,
    /// Key judgments that concern the actor (first page only).
    pub judgments: Vec<JudgmentView<'a>>,
    pub events: Vec<EventView<'a>>,
    /// The events' timeline picture (SVG).
    pub picture: Option<TimelinePicture<'a>>,
    /// The actor and their companions (SVG, first page only).
    pub network: Option<NetworkPicture<'a>>,
    pub co_actors: Vec<Companion<'a>>,
    /// Between the pages of a split listing; absent on a listing of one page.
    pub pager: Option<Pager>,
    /// The actor's relations, by type and side (first page only).
    pub relations: Vec<RelationGroup<'a>>,
    /// Pages about the actor elsewhere (`links:`).
    pub links: Vec<ExternalLink<'a>>,
    /// The actor's feed: their newest briefings.
    pub feed: String,
    /// JSON-LD for search engines: the person, organisation or country.
    pub structured: structured::ActorData<'a>,
}

/// The actor's relations of one type, read from the actor: all "leader of", or all "led by".
#[derive(Serialize, Hash)]
pub struct RelationGroup<'a> {
    /// The label as a heading: `Leader of`, `Led by`.
    pub label: String,
    /// Each with the actor as `from`; by the other actor's name, then by date.
    pub relations: Vec<RelationView<'a>>,
}

/// A page about the actor on another site.
#[derive(Serialize, Hash)]
pub struct ExternalLink<'a> {
    pub url: &'a str,
    /// The site's host name: `www.wikidata.org`.
    pub host: &'a str,
}

/// An actor often annotated in the same briefings, and how often.
#[derive(Serialize, Hash)]
pub struct Companion<'a> {
    pub actor: ActorLink<'a>,
    pub count: usize,
}

impl Page for ActorPage {
    const NAME: &'static str = "actor";
    const TEMPLATE: &'static str = "actor.html";
    const SECTION: &'static str = "actors";
    type Model<'a> = ActorModel<'a>;

    fn plan(site: &Site, _: &Listings) -> Vec<(String, At)> {
        let size = site.config.page_size;
        site.actors
            .iter()
            .enumerate()
            .flat_map(|(ai, a)| listing(&layout::actor(&a.id), a.briefings.len(), size, ai))
            .collect()
    }

    fn build<'a>(cx: &Cx<'a>, at: At) -> Built<ActorModel<'a>> {
        let (site, ai, n) = (cx.site, at.item, at.n);
        let a = &site.actors[ai];
        let pages = chunks(a.briefings.len(), site.config.page_size);
        let slice = pages[n - 1].clone();
        // Position of each of the actor's briefings in their list, to place quotes and events.
        let pos: HashMap<usize, usize> = a.briefings.iter().enumerate().map(|(i, &b)| (b, i)).collect();
        let on_page = |bi: usize| pos.get(&bi).is_some_and(|p| slice.contains(p));
        let first = n == 1;
        let event_ids: Vec<usize> = a
            .events
            .iter()
            .copied()
            .filter(|&t| {
                let earliest = site.timeline[t].sources.iter().filter_map(|(bi, _)| pos.get(bi)).min();
                // An event whose recording briefings do not list the actor goes on the first page.
                earliest.map_or(first, |p| slice.contains(p))
            })
            .collect();
        let description = match &a.role {
            Some(r) => format!("{} — {}", a.name, r),
            None => a.name.clone(),
        };
        let page = ActorModel {
            id: &a.id,
            name: &a.name,
            kind: a.kind.name(),
            role: a.role.as_deref(),
            affiliation: a.affiliation.map(|x| cx.actor(x)),
            members: if first { a.members.iter().map(|&m| cx.actor(m)).collect() } else { Vec::new() },
            aliases: a
                .aliases
                .iter()
                .filter(|s| s.to_lowercase() != a.name.to_lowercase())
                .map(String::as_str)
                .collect(),
            bio: if first { cx.bio(ai) } else { None },
            briefings: a.briefings[slice.clone()].iter().map(|&b| cx.entry(b)).collect(),
            briefing_count: a.briefings.len(),
            mentioned_in: if first {
                a.mentioned_in.iter().map(|&b| cx.briefing_link(b)).collect()
            } else {
                Vec::new()
            },
            quotes: a.quotes.iter().filter(|(b, _)| on_page(*b)).map(|&(b, q)| cx.quote(b, q)).collect(),
            judgments: if first { a.judgments.iter().map(|&(b, j)| cx.judgment(b, j)).collect() } else { Vec::new() },
            events: event_ids.iter().map(|&t| cx.event(t)).collect(),
            picture: pictures::timeline(cx, &event_ids, "actor-timeline"),
            network: if first { pictures::network(cx, Some(ai)) } else { None },
            co_actors: if first {
                a.co_actors.iter().take(CO_ACTORS).map(|&(o, count)| Companion { actor: cx.actor(o), count }).collect()
            } else {
                Vec::new()
            },
            pager: cx.pager(&layout::actor(&a.id), n, pages.len()),
            relations: if first { relation_groups(cx, ai) } else { Vec::new() },
            links: a.links.iter().map(|u| ExternalLink { url: u, host: host(u) }).collect(),
            feed: cx.to(&feed::actor_path(&a.id)),
            structured: structured::actor(site, ai),
        };
        Built { title: paged_title(&a.name, n), description, page }
    }

    fn lastmod(site: &Site, at: At, all: Option<PartialDate>) -> Option<Option<PartialDate>> {
        Some(site.newest(site.actors[at.item].briefings.iter().copied()).or(all))
    }
}

/// The relations of actor `ai` as read from them, grouped by type and side in the order of
/// the vocabulary (a type that reads the same both ways is one group).
fn relation_groups<'a>(cx: &Cx<'a>, ai: usize) -> Vec<RelationGroup<'a>> {
    let site = cx.site;
    let mut keyed: Vec<((usize, bool), usize)> = site.actors[ai]
        .relations
        .iter()
        .map(|&ri| {
            let r = &site.relations[ri];
            let inverse = r.from != ai && !site.relation_types[r.kind].symmetric();
            ((r.kind, inverse), ri)
        })
        .collect();
    let other = |ri: usize| {
        let r = &site.relations[ri];
        if r.from == ai {
            r.to
        } else {
            r.from
        }
    };
    keyed.sort_by(|(ka, a), (kb, b)| {
        let (ra, rb) = (&site.relations[*a], &site.relations[*b]);
        ka.cmp(kb).then(other(*a).cmp(&other(*b))).then(ra.since.cmp(&rb.since)).then(a.cmp(b))
    });
    let mut groups: Vec<RelationGroup<'a>> = Vec::new();
    let mut last = None;
    for (key, ri) in keyed {
        let view = cx.relation(ri, ai);
        if last != Some(key) {
            groups.push(RelationGroup { label: heading(view.label), relations: Vec::new() });
            last = Some(key);
        }
        if let Some(g) = groups.last_mut() {
            g.relations.push(view);
        }
    }
    groups
}

/// A label with its first letter in capitals.
fn heading(label: &str) -> String {
    let mut chars = label.chars();
    chars.next().map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

/// The host of an absolute URL (`https://www.wikidata.org/wiki/Q1` → `www.wikidata.org`).
fn host(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let host = &rest[..end];
    host.rsplit_once('@').map_or(host, |(_, h)| h)
}

//! The site's pictures, from the model: which events or actors each page draws, at what size,
//! and with what accessible name, and whether a network is drawn at all (not where it would say
//! nothing the lists beside it do not; `/actors/` then lists the strongest pairs). Drawing
//! itself is in `svg`.
//!
//! A picture is a typed value holding everything its drawing is made from (marks, bars or
//! nodes with their labels and links, and the frame); it derives `Hash`, so a page's key
//! covers it, and it is drawn only when it is serialized into the page's template context.

use super::deferred::{Href, Shown};
use super::svg::density::{self, Bucket};
use super::svg::network::{self, Edge, Node, Tie};
use super::svg::timeline::{self, Frame, Mark, Precision};
use super::views::{ActorLink, Cx};
use crate::model::date::PartialDate;
use crate::model::Site;
use serde::{Serialize, Serializer};
use std::collections::BTreeMap;

/// Above this many events a picture draws periods instead of events (keeps pages small).
pub const MAX_MARKS: usize = 250;
/// The most periods a density picture draws before it groups years into decades, centuries.
const MAX_BUCKETS: usize = 120;
/// Actors drawn in the relations picture of `/actors/`.
pub const NETWORK_TOP: usize = 40;
/// Companions drawn around an actor on its page.
pub const NEIGHBOURS: usize = 12;

/// A picture's size: width and font size in SVG units (drawn at that size in a column at least
/// as wide).
#[derive(Debug, Clone, Copy)]
struct Size {
    width: f64,
    font: f64,
}

/// A page's main column (every timeline, the relations of `/actors/`): the whole width of the
/// theme's column; on a phone a timeline scrolls sideways, opening at the latest events.
const WIDE: Size = Size { width: 1120.0, font: 12.0 };

/// A timeline picture: its events, or (for a long timeline) events per period.
#[derive(Debug, Hash)]
pub enum TimelinePicture<'a> {
    Events { frame: Frame, marks: Vec<Event<'a>> },
    Periods { frame: Frame, buckets: Vec<Bucket> },
}

/// An event to draw: a mark (see `svg::timeline::Mark`) whose date label and link are written
/// when it is drawn.
#[derive(Debug, Hash)]
pub struct Event<'a> {
    start: i64,
    end: i64,
    approx: bool,
    range: bool,
    precision: Precision,
    title: &'a str,
    date: Shown<'a>,
    href: Href<'a>,
}

impl TimelinePicture<'_> {
    pub fn svg(&self) -> String {
        match self {
            TimelinePicture::Events { frame, marks } => {
                let marks: Vec<Mark> = marks
                    .iter()
                    .map(|e| Mark {
                        start: e.start,
                        end: e.end,
                        approx: e.approx,
                        range: e.range,
                        precision: e.precision,
                        title: e.title,
                        date: match e.date {
                            Shown::Label(d) => d.label(),
                            _ => String::new(),
                        },
                        href: e.href.url(),
                    })
                    .collect();
                timeline::draw(&marks, frame)
            }
            TimelinePicture::Periods { frame, buckets } => density::draw(buckets, frame),
        }
    }
}

impl Serialize for TimelinePicture<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.svg())
    }
}

/// The timeline picture of the timeline entries `entries` (in the order of the list beside
/// it), as wide as the column (`WIDE`); `None` when there are none. Marks link to each event on
/// the site timeline.
pub fn timeline<'a>(cx: &Cx<'a>, entries: &[usize], id: &str) -> Option<TimelinePicture<'a>> {
    let site = cx.site;
    let (first, last) = (entries.first()?, entries.last()?);
    let (y0, y1) = (site.timeline[*first].date.year(), site.timeline[*last].date.year());
    let span = if y0 == y1 { y0.to_string() } else { format!("{y0}\u{2013}{y1}") };
    let count = entries.len();
    let noun = if count == 1 { "event" } else { "events" };
    let mut frame = Frame {
        id: id.to_string(),
        width: WIDE.width,
        font: WIDE.font,
        title: format!("Timeline of {count} {noun}, {span}"),
        desc: String::new(),
    };
    if count > MAX_MARKS {
        let (buckets, period) = buckets(cx, entries);
        frame.desc = format!(
            "Bars count the events of each {period} on a time axis that compresses long stretches without events. The events are listed in the text."
        );
        return Some(TimelinePicture::Periods { frame, buckets });
    }
    frame.desc = "Events on a time axis that compresses long stretches without events: a dot for a day, a short \
                  whisker for a month, a long one for a year, a bar for an interval, hollow for approximate. \
                  The events are listed in the text."
        .to_string();
    let marks = entries
        .iter()
        .map(|&ti| {
            let e = &site.timeline[ti];
            let end = e.date.end.unwrap_or(e.date.start);
            let precision = match (e.date.start.month, e.date.start.day) {
                (_, Some(_)) => Precision::Day,
                (Some(_), None) => Precision::Month,
                _ => Precision::Year,
            };
            Event {
                start: e.date.start.day_number(),
                end: end.last_day_number(),
                approx: e.date.approx,
                range: e.date.end.is_some(),
                precision,
                title: &e.title,
                date: Shown::Label(cx.dated(&e.date)),
                href: cx.event_url(ti),
            }
        })
        .collect();
    Some(TimelinePicture::Events { frame, marks })
}

/// Events per year (or decade, or century, whichever keeps the bars few), each linking to the
/// first event of its period; and the name of the period.
fn buckets(cx: &Cx, entries: &[usize]) -> (Vec<Bucket>, &'static str) {
    let site = cx.site;
    for (step, name) in [(1, "year"), (10, "decade"), (100, "century"), (1000, "millennium")] {
        let mut by: BTreeMap<i32, (usize, usize)> = BTreeMap::new();
        for &ti in entries {
            let y = site.timeline[ti].date.year();
            let key = y.div_euclid(step) * step;
            by.entry(key).or_insert((0, ti)).0 += 1;
        }
        if by.len() > MAX_BUCKETS && step < 1000 {
            continue;
        }
        let start = |year: i32| PartialDate { year, month: None, day: None }.day_number();
        let list = by
            .into_iter()
            .map(|(y, (count, ti))| Bucket {
                start: start(y),
                end: start(y + step) - 1,
                label: match step {
                    1 => y.to_string(),
                    10 => format!("{y}s"),
                    _ => format!("{y}\u{2013}{}", y + step - 1),
                },
                count,
                href: cx.event_url(ti).url(),
            })
            .collect();
        return (list, name);
    }
    (Vec::new(), "year")
}

/// A network picture: actors and the lines between them, as one drawing, or on `/actors/` two
/// (a wide one, and one for phones with fewer actors); the theme shows the one that fits.
#[derive(Debug, Hash)]
pub struct NetworkPicture<'a> {
    drawings: Vec<Drawing<'a>>,
}

#[derive(Debug)]
struct Drawing<'a> {
    frame: Frame,
    height: f64,
    /// Added to the picture's class (`picture-wide`, `picture-narrow`).
    class: &'static str,
    nodes: Vec<Actor<'a>>,
    edges: Vec<Edge>,
    /// Relations between the nodes (see `ties`).
    ties: Vec<Tie<'a>>,
}

/// An actor to draw (see `svg::network::Node`), its link written when it is drawn.
#[derive(Debug, Hash)]
struct Actor<'a> {
    label: &'a str,
    href: Href<'a>,
    kind: &'static str,
    briefings: usize,
    current: bool,
}

impl std::hash::Hash for Drawing<'_> {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        (&self.frame, self.height.to_bits(), self.class, &self.nodes, &self.edges, &self.ties).hash(h);
    }
}

impl Serialize for NetworkPicture<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut out = String::new();
        for d in &self.drawings {
            let nodes: Vec<Node> = d
                .nodes
                .iter()
                .map(|a| Node {
                    label: a.label,
                    href: a.href.url(),
                    kind: a.kind,
                    briefings: a.briefings,
                    current: a.current,
                })
                .collect();
            out.push_str(&network::draw(&nodes, &d.edges, &d.ties, &d.frame, d.height, d.class));
        }
        s.serialize_str(&out)
    }
}

/// The shape of a network drawing: the most actors and lines it holds, and its size.
struct NetShape {
    nodes: usize,
    edges: usize,
    width: f64,
    height: f64,
    font: f64,
    class: &'static str,
}

/// `/actors/` on a wide screen, and on a phone.
const ALL_WIDE: NetShape =
    NetShape { nodes: 40, edges: 90, width: 1120.0, height: 520.0, font: 12.0, class: "picture-wide" };
const _: () = assert!(
    NEIGHBOURS <= crate::model::CO_ACTORS_KEPT && ALL_WIDE.edges <= crate::model::CO_ACTORS_KEPT,
    "the model keeps the companions drawn"
);
const ALL_NARROW: NetShape =
    NetShape { nodes: 14, edges: 28, width: 360.0, height: 420.0, font: 12.0, class: "picture-narrow" };
/// An actor's page (readable on a phone as it is).
const ONE: NetShape =
    NetShape { nodes: NEIGHBOURS + 1, edges: usize::MAX, width: 460.0, height: 380.0, font: 13.0, class: "" };

/// Whether a network says more than its list would: at least three actors, and not everyone
/// joined to everyone (a complete graph only repeats that they all appear together).
fn informative(nodes: usize, edges: &[Edge]) -> bool {
    let pairs: std::collections::BTreeSet<(usize, usize)> =
        edges.iter().filter(|e| e.a != e.b).map(|e| (e.a.min(e.b), e.a.max(e.b))).collect();
    nodes >= 3 && pairs.len() < nodes * (nodes - 1) / 2
}

/// Pairs of actors who share briefings: (actor, actor, briefings shared), the first the lower
/// index, each pair once, strongest first (ties by index). Each actor's `per_actor` strongest
/// companions are enough for the strongest pairs of the site.
fn strongest_pairs(site: &Site, per_actor: usize) -> Vec<(usize, usize, usize)> {
    let mut pairs: Vec<(usize, usize, usize)> = site
        .actors
        .iter()
        .enumerate()
        .flat_map(|(a, actor)| actor.co_actors.iter().take(per_actor).map(move |&(o, c)| (a.min(o), a.max(o), c)))
        .filter(|p| p.0 != p.1)
        .collect();
    pairs.sort_unstable_by(|x, y| y.2.cmp(&x.2).then(x.0.cmp(&y.0)).then(x.1.cmp(&y.1)));
    pairs.dedup();
    pairs
}

/// The actors and lines of the site's network for `shape`: every pair sharing at least some
/// number of briefings, that number as low as the shape's limits allow, so that what is drawn
/// is exactly "who shares at least N briefings with whom" (the layout then says nothing the
/// lines do not). When even the strongest pairs are too many, the actors with most of them.
fn site_network(pairs: &[(usize, usize, usize)], shape: &NetShape) -> (Vec<usize>, Vec<(usize, usize, usize)>) {
    let mut chosen: Vec<(usize, usize, usize)> = Vec::new();
    let mut actors: std::collections::BTreeSet<usize> = std::collections::BTreeSet::new();
    for level in pairs.chunk_by(|x, y| x.2 == y.2) {
        let mut more = actors.clone();
        more.extend(level.iter().flat_map(|p| [p.0, p.1]));
        if more.len() > shape.nodes || chosen.len() + level.len() > shape.edges {
            if chosen.is_empty() {
                // The strongest pairs alone overflow: keep the actors in most of them.
                let mut degree: BTreeMap<usize, usize> = BTreeMap::new();
                for p in level {
                    *degree.entry(p.0).or_default() += 1;
                    *degree.entry(p.1).or_default() += 1;
                }
                let mut by: Vec<(usize, usize)> = degree.into_iter().collect();
                by.sort_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(&y.0)));
                actors = by.into_iter().take(shape.nodes).map(|(a, _)| a).collect();
                chosen = level.iter().copied().filter(|p| actors.contains(&p.0) && actors.contains(&p.1)).collect();
                chosen.truncate(shape.edges);
            }
            break;
        }
        actors = more;
        chosen.extend_from_slice(level);
    }
    (actors.into_iter().collect(), chosen)
}

/// The network on an actor's page: the actor, their most frequent companions, and a line for
/// each two of them who appear in the same briefings about the actor (as thick as how many).
fn ego_network(site: &Site, focus: usize) -> (Vec<usize>, Vec<(usize, usize, usize)>) {
    let actor = &site.actors[focus];
    let chosen: Vec<usize> =
        std::iter::once(focus).chain(actor.co_actors.iter().take(NEIGHBOURS).map(|c| c.0)).collect();
    // A companion's place among the few chosen actors is found by scanning them, which costs
    // less than any map.
    let slot = |o: usize| chosen.iter().position(|&c| c == o);
    let mut shared: BTreeMap<(usize, usize), usize> = BTreeMap::new();
    let mut present: Vec<usize> = Vec::new();
    for &bi in &actor.briefings {
        let cast = &site.briefings[bi].actors;
        if cast.len() > crate::model::MAX_CAST_FOR_COMPANIONS {
            continue;
        }
        present.clear();
        present.extend(cast.iter().filter_map(|&a| slot(a)));
        present.sort_unstable();
        present.dedup();
        for (i, &x) in present.iter().enumerate() {
            for &y in &present[i + 1..] {
                *shared.entry((x, y)).or_default() += 1;
            }
        }
    }
    let edges = shared.into_iter().map(|((x, y), c)| (chosen[x], chosen[y], c)).collect();
    (chosen, edges)
}

/// One drawing of `actors` (site indexes), `pairs` (site indexes, briefings shared) and `ties`
/// (relations between positions in `actors`).
fn drawing<'a>(
    cx: &Cx<'a>,
    actors: &[usize],
    pairs: &[(usize, usize, usize)],
    ties: Vec<Tie<'a>>,
    focus: Option<usize>,
    shape: &NetShape,
    frame: Frame,
) -> Drawing<'a> {
    let edges = to_edges(actors, pairs);
    Drawing { frame, height: shape.height, class: shape.class, nodes: nodes(cx, actors, focus), edges, ties }
}

/// The network of the site (`focus: None`) or of one actor, their most frequent companions and
/// the actors they are related to; `None` where it would say nothing the list beside it does
/// not: on a site of two briefings or fewer, for an actor in two or fewer, with fewer than three
/// actors, or when everyone drawn is joined to everyone. An actor's relations, drawn as labelled
/// lines, always say something: without a telling network of companions, they are drawn alone.
pub fn network<'a>(cx: &Cx<'a>, focus: Option<usize>) -> Option<NetworkPicture<'a>> {
    let site = cx.site;
    let few = site.briefings.len() <= 2;
    let desc = |what: &str, relations: bool| {
        let relations = if relations { RELATION_LINES } else { "" };
        format!(
            "Dots are actors, larger for more briefings; a line joins two actors {what}, thicker for more.{relations} \
             Every actor is listed in the text."
        )
    };
    match focus {
        Some(a) => {
            let (mut actors, mut pairs) = ego_network(site, a);
            let local: Vec<Edge> = to_edges(&actors, &pairs);
            let says = !few
                && site.actors[a].briefings.len() > 2
                && informative(actors.len(), &local[..])
                && informative(actors.len() - 1, &without(&local, 0));
            if !says {
                // Only the relations, if any, are worth a picture.
                actors.truncate(1);
                pairs.clear();
            }
            // The actors the focus is related to join its companions.
            let related: Vec<usize> = tied(site, a).filter(|o| !actors.contains(o)).take(NEIGHBOURS).collect();
            actors.extend(related);
            let ties = ties(cx, &actors, focus);
            if !says && ties.is_empty() {
                return None;
            }
            let name = &site.actors[a].name;
            let (title, desc) = match (says, ties.is_empty()) {
                (true, true) => (
                    format!("{name} and the actors they most often appear with"),
                    desc(&format!("who appear in the same briefings about {name}"), false),
                ),
                (true, false) => (
                    format!("{name}, the actors they most often appear with, and their relations"),
                    desc(&format!("who appear in the same briefings about {name}"), true),
                ),
                _ => (
                    format!("{name} and their relations"),
                    format!("Dots are actors, larger for more briefings.{RELATION_LINES} Every actor is listed in the text."),
                ),
            };
            let frame = Frame { id: "network".to_string(), width: ONE.width, font: ONE.font, title, desc };
            Some(NetworkPicture { drawings: vec![drawing(cx, &actors, &pairs, ties, focus, &ONE, frame)] })
        }
        None if few => None,
        None => {
            let pairs = strongest_pairs(site, ALL_WIDE.edges);
            let mut drawings = Vec::new();
            for (shape, id) in [(&ALL_WIDE, "network"), (&ALL_NARROW, "network-narrow")] {
                let (actors, chosen) = site_network(&pairs, shape);
                if !informative(actors.len(), &to_edges(&actors, &chosen)) {
                    // Without a drawing for phones, the wide one is shown everywhere.
                    drawings.iter_mut().for_each(|d: &mut Drawing| d.class = "");
                    break;
                }
                let least = chosen.iter().map(|p| p.2).min().unwrap_or(1);
                let at_least = if least == 1 { "1 briefing".to_string() } else { format!("{least} briefings") };
                let frame = Frame {
                    id: id.to_string(),
                    width: shape.width,
                    font: shape.font,
                    title: format!("Who appears with whom: {} actors sharing at least {at_least}", actors.len()),
                    desc: desc(&format!("who share at least {at_least}"), false),
                };
                drawings.push(drawing(cx, &actors, &chosen, Vec::new(), None, shape, frame));
            }
            (!drawings.is_empty()).then_some(NetworkPicture { drawings })
        }
    }
}

/// `pairs` as edges between positions in `actors`.
fn to_edges(actors: &[usize], pairs: &[(usize, usize, usize)]) -> Vec<Edge> {
    let slot = |a: usize| actors.iter().position(|&x| x == a).unwrap_or(0);
    pairs.iter().map(|&(a, b, weight)| Edge { a: slot(a), b: slot(b), weight }).collect()
}

/// `edges` without node `gone`, the others renumbered.
fn without(edges: &[Edge], gone: usize) -> Vec<Edge> {
    let renum = |i: usize| if i > gone { i - 1 } else { i };
    edges.iter().filter(|e| e.a != gone && e.b != gone).map(|e| Edge { a: renum(e.a), b: renum(e.b), ..*e }).collect()
}

/// Two actors and how many briefings they share.
#[derive(Serialize, Hash)]
pub struct Pair<'a> {
    pub a: ActorLink<'a>,
    pub b: ActorLink<'a>,
    pub count: usize,
}

/// How many pairs `/actors/` lists when it draws no network.
const PAIRS: usize = 12;

/// The pairs of actors who appear together most often, strongest first (ties by name).
pub fn pairs<'a>(cx: &Cx<'a>) -> Vec<Pair<'a>> {
    strongest_pairs(cx.site, PAIRS)
        .into_iter()
        .take(PAIRS)
        .map(|(a, b, count)| Pair { a: cx.actor(a), b: cx.actor(b), count })
        .collect()
}

/// How a picture's description explains relation lines.
const RELATION_LINES: &str = " A labelled line is a relation between two actors, named by its type; an arrow points \
                              from the actor the type's name reads from (\"leader of\") to the other.";

/// The relations picture of `/actors/`: the actor with the most relations and, as many as fit,
/// the actors related to it and to them (nearest first, the most related first), linked by
/// their relations alone; `None` when no actor has a relation. One connected group, so the
/// picture holds together.
pub fn relations<'a>(cx: &Cx<'a>) -> Option<NetworkPicture<'a>> {
    let site = cx.site;
    let rank = |a: usize| {
        (std::cmp::Reverse(site.actors[a].relations.len()), std::cmp::Reverse(site.actors[a].briefings.len()), a)
    };
    let hub = (0..site.actors.len()).filter(|&a| !site.actors[a].relations.is_empty()).min_by_key(|&a| rank(a))?;
    let mut chosen = vec![hub];
    let mut next = 0;
    while next < chosen.len() && chosen.len() < NETWORK_TOP {
        let mut around: Vec<usize> = tied(site, chosen[next]).filter(|o| !chosen.contains(o)).collect();
        around.sort_by_key(|&o| rank(o));
        around.truncate(NETWORK_TOP - chosen.len());
        chosen.extend(around);
        next += 1;
    }
    let ties = ties(cx, &chosen, None);
    if ties.is_empty() {
        return None;
    }
    let frame = Frame {
        id: "relations".to_string(),
        width: WIDE.width,
        font: WIDE.font,
        title: format!("Relations of {} actors around {}, the actor with the most relations", chosen.len(), site.actors[hub].name),
        desc: format!("Dots are actors, larger for more briefings.{RELATION_LINES} The relations are listed on each actor's page."),
    };
    let drawing = Drawing { frame, height: 520.0, class: "", nodes: nodes(cx, &chosen, None), edges: Vec::new(), ties };
    Some(NetworkPicture { drawings: vec![drawing] })
}

/// The actors to draw, in order.
fn nodes<'a>(cx: &Cx<'a>, chosen: &[usize], focus: Option<usize>) -> Vec<Actor<'a>> {
    chosen
        .iter()
        .map(|&a| {
            let link = cx.actor(a);
            Actor {
                label: link.name,
                href: link.url,
                kind: link.kind,
                briefings: cx.site.actors[a].briefings.len(),
                current: Some(a) == focus,
            }
        })
        .collect()
}

/// The actors `a` is related to, in the order of its relations, each once.
fn tied(site: &crate::model::Site, a: usize) -> impl Iterator<Item = usize> + '_ {
    let mut seen = Vec::new();
    site.actors[a].relations.iter().filter_map(move |&ri| {
        let r = &site.relations[ri];
        let other = if r.from == a { r.to } else { r.from };
        (!seen.contains(&other)).then(|| {
            seen.push(other);
            other
        })
    })
}

/// The relations between the `chosen` actors (with `focus`, only the focus's): one line per
/// pair and direction, labelled with every type that joins them (a type that reads the same
/// both ways joins them undirected).
fn ties<'a>(cx: &Cx<'a>, chosen: &[usize], focus: Option<usize>) -> Vec<Tie<'a>> {
    let site: &'a crate::model::Site = cx.site;
    let slot = |o: usize| chosen.iter().position(|&c| c == o);
    let mut lines: BTreeMap<(usize, usize, bool), Vec<&'a str>> = BTreeMap::new();
    for (i, &a) in chosen.iter().enumerate() {
        for &ri in &site.actors[a].relations {
            let r = &site.relations[ri];
            // Each relation once: from the actor it starts from.
            let Some(j) = slot(r.to).filter(|_| r.from == a) else { continue };
            if focus.is_some_and(|f| r.from != f && r.to != f) {
                continue;
            }
            let t = &site.relation_types[r.kind];
            let key = if t.symmetric() { (i.min(j), i.max(j), false) } else { (i, j, true) };
            let labels = lines.entry(key).or_default();
            if !labels.contains(&t.label.as_str()) {
                labels.push(&t.label);
            }
        }
    }
    lines.into_iter().map(|((a, b, directed), labels)| Tie { a, b, labels, directed }).collect()
}

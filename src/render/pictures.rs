//! The site's pictures, from the model: which events or actors each page draws, at what size,
//! and with what accessible name. Drawing itself is in `svg`.
//!
//! A picture is a typed value holding everything its drawing is made from (marks, bars or
//! nodes with their labels and links, and the frame); it derives `Hash`, so a page's key
//! covers it, and it is drawn only when it is serialized into the page's template context.

use super::svg::density::{self, Bucket};
use super::svg::network::{self, Edge, Node, Tie};
use super::svg::timeline::{self, Frame, Mark};
use super::views::{Cx, Href, Shown};
use crate::model::date::PartialDate;
use serde::{Serialize, Serializer};
use std::collections::BTreeMap;

/// Above this many events a picture draws periods instead of events (keeps pages small).
pub const MAX_MARKS: usize = 250;
/// The most periods a density picture draws before it groups years into decades, centuries.
const MAX_BUCKETS: usize = 120;
/// Actors drawn on `/actors/` (the most connected ones).
pub const NETWORK_TOP: usize = 40;
/// Links drawn per actor (its strongest).
const EDGES_PER_ACTOR: usize = 8;
/// Companions drawn around an actor on its page.
pub const NEIGHBOURS: usize = 12;
const _: () = assert!(NEIGHBOURS <= crate::model::CO_ACTORS_KEPT, "the model keeps the companions drawn");

/// A picture's size: width and font size in SVG units.
#[derive(Debug, Clone, Copy)]
pub struct Size {
    pub width: f64,
    pub font: f64,
}

pub const WIDE: Size = Size { width: 880.0, font: 12.0 };
pub const NARROW: Size = Size { width: 360.0, font: 11.0 };

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

/// The timeline picture of the timeline entries `entries` (earliest first); `None` when there
/// are none. Marks link to each event on the site timeline.
pub fn timeline<'a>(cx: &Cx<'a>, entries: &[usize], id: &str, size: Size) -> Option<TimelinePicture<'a>> {
    let site = cx.site;
    let (first, last) = (entries.first()?, entries.last()?);
    let (y0, y1) = (site.timeline[*first].date.year(), site.timeline[*last].date.year());
    let span = if y0 == y1 { y0.to_string() } else { format!("{y0}\u{2013}{y1}") };
    let count = entries.len();
    let noun = if count == 1 { "event" } else { "events" };
    let mut frame = Frame {
        id: id.to_string(),
        width: size.width,
        font: size.font,
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
    frame.desc = "Each event is a mark on a time axis that compresses long stretches without events: dots for dates, \
                  whiskers for dates known only to the month or year, bars for intervals, hollow dashed marks for \
                  approximate dates. The same events are listed in the text."
        .to_string();
    let marks = entries
        .iter()
        .map(|&ti| {
            let e = &site.timeline[ti];
            let end = e.date.end.unwrap_or(e.date.start);
            Event {
                start: e.date.start.day_number(),
                end: end.last_day_number(),
                approx: e.date.approx,
                range: e.date.end.is_some(),
                title: &e.title,
                date: Shown::Label(&e.date),
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

/// A network picture: actors and the links between them.
#[derive(Debug)]
pub struct NetworkPicture<'a> {
    frame: Frame,
    height: f64,
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

impl std::hash::Hash for NetworkPicture<'_> {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        (&self.frame, self.height.to_bits(), &self.nodes, &self.edges, &self.ties).hash(h);
    }
}

impl Serialize for NetworkPicture<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let nodes: Vec<Node> = self
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
        s.serialize_str(&network::draw(&nodes, &self.edges, &self.ties, &self.frame, self.height))
    }
}

/// The network of the most connected actors (`focus: None`) or of one actor and its most
/// frequent companions; `None` when fewer than two actors are linked.
pub fn network<'a>(cx: &Cx<'a>, focus: Option<usize>) -> Option<NetworkPicture<'a>> {
    let site = cx.site;
    let mut chosen: Vec<usize> = match focus {
        Some(a) => std::iter::once(a).chain(site.actors[a].co_actors.iter().take(NEIGHBOURS).map(|c| c.0)).collect(),
        None => {
            let mut all: Vec<usize> =
                (0..site.actors.len()).filter(|&a| !site.actors[a].companions.is_empty()).collect();
            all.sort_by_key(|&a| {
                (
                    std::cmp::Reverse(site.actors[a].companions.len()),
                    std::cmp::Reverse(site.actors[a].briefings.len()),
                    a,
                )
            });
            all.truncate(NETWORK_TOP);
            all
        }
    };
    if let Some(a) = focus {
        // The actors the focus is related to join its companions.
        let related: Vec<usize> = tied(site, a).filter(|o| !chosen.contains(o)).take(NEIGHBOURS).collect();
        chosen.extend(related);
    }
    if chosen.len() < 2 {
        return None;
    }
    // Each actor keeps its strongest links among the chosen (most shared first, then the lower
    // index, the order of `co_actors`): a dense network stays legible and small. Each pair is
    // looked up in the shorter companion list of the two (sorted by index; the count is the
    // same both ways), so the cost is the square of the few chosen actors (at most
    // `NETWORK_TOP`), however many companions each has.
    let shared = |a: usize, o: usize| {
        let (x, y) = (&site.actors[a].companions, &site.actors[o].companions);
        let (list, other) = if x.len() <= y.len() { (x, o) } else { (y, a) };
        list.binary_search_by_key(&other, |c| c.0).ok().map(|at| list[at].1)
    };
    let mut kept: BTreeMap<(usize, usize), usize> = BTreeMap::new();
    for (i, &a) in chosen.iter().enumerate() {
        let mut links: Vec<(usize, usize, usize)> = chosen
            .iter()
            .enumerate()
            .filter(|&(_, &o)| o != a)
            .filter_map(|(j, &o)| Some((o, j, shared(a, o)?)))
            .collect();
        links.sort_by(|x, y| y.2.cmp(&x.2).then(x.0.cmp(&y.0)));
        for &(_, j, count) in links.iter().take(EDGES_PER_ACTOR) {
            kept.insert((i.min(j), i.max(j)), count);
        }
    }
    let edges: Vec<Edge> = kept.into_iter().map(|((a, b), weight)| Edge { a, b, weight }).collect();
    let nodes = nodes(cx, &chosen, focus);
    // On an actor's page, its relations; the index draws relations in a picture of their own.
    let ties = if focus.is_some() { ties(cx, &chosen, focus) } else { Vec::new() };
    let (size, height, title) = match focus {
        Some(a) if !ties.is_empty() => (
            Size { width: 560.0, font: 12.0 },
            340.0,
            format!("{}, the actors they most often appear with, and their relations", site.actors[a].name),
        ),
        Some(a) => (
            Size { width: 560.0, font: 12.0 },
            340.0,
            format!("{} and the actors they most often appear with", site.actors[a].name),
        ),
        None => (WIDE, 480.0, format!("Network of the {} most connected actors", chosen.len())),
    };
    let mut desc =
        "Dots are actors, larger for more briefings; a line joins two actors who appear in the same briefings, \
                    thicker for more."
            .to_string();
    if !ties.is_empty() {
        desc.push_str(RELATION_LINES);
    }
    desc.push_str(" The actors are listed in the text.");
    let frame = Frame { id: "network".to_string(), width: size.width, font: size.font, title, desc };
    Some(NetworkPicture { frame, height, nodes, edges, ties })
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
    Some(NetworkPicture { frame, height: 520.0, nodes: nodes(cx, &chosen, None), edges: Vec::new(), ties })
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

//! The site's pictures, from the model: which events or actors each page draws, at what size,
//! and with what accessible name. Drawing itself is in `svg`.

use super::svg::density::{self, Bucket};
use super::svg::network::{self, Edge, Node};
use super::svg::timeline::{self, Frame, Mark};
use super::views::Views;
use crate::model::date::PartialDate;
use crate::model::Site;
use std::collections::BTreeMap;
use tera::Value;

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

/// A picture's size: width and font size in SVG units.
#[derive(Debug, Clone, Copy)]
pub struct Size {
    pub width: f64,
    pub font: f64,
}

pub const WIDE: Size = Size { width: 880.0, font: 12.0 };
pub const NARROW: Size = Size { width: 360.0, font: 11.0 };

/// The timeline picture of the timeline entries `entries` (earliest first); `None` when there
/// are none. Marks link to each event on the site timeline.
pub fn timeline(site: &Site, v: &Views, entries: &[usize], id: &str, size: Size) -> Option<Value> {
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
        let buckets = buckets(site, v, entries);
        frame.desc = format!(
            "Bars count the events of each {} on a time axis that compresses long stretches without events. The events are listed in the text.",
            buckets.1
        );
        return Some(drawn(v, &("density", &buckets.0, &frame), || density::draw(&buckets.0, &frame)));
    }
    frame.desc = "Each event is a mark on a time axis that compresses long stretches without events: dots for dates, \
                  whiskers for dates known only to the month or year, bars for intervals, hollow dashed marks for \
                  approximate dates. The same events are listed in the text."
        .to_string();
    // The marks are made only when the picture is drawn. The key hashes what they are made
    // from: each event's date and title, and where its link goes (see `Marked`).
    let marks = || -> Vec<Mark> {
        entries
            .iter()
            .map(|&ti| {
                let e = &site.timeline[ti];
                let end = e.date.end.unwrap_or(e.date.start);
                Mark {
                    start: e.date.start.day_number(),
                    end: end.last_day_number(),
                    approx: e.date.approx,
                    range: e.date.end.is_some(),
                    title: e.title.clone(),
                    date: e.date.label(),
                    href: event_url(v, ti),
                }
            })
            .collect()
    };
    let what = ("timeline", Marked { v, entries }, &frame);
    Some(drawn(v, &what, || timeline::draw(&marks(), &frame)))
}

/// What the marks of `entries` are made from, for a picture's key: each event's date and title,
/// and the page and anchor its link goes to, seen from the page of `v` in its URL style
/// (`event_url`). Hashing these takes no allocation, where making the marks takes three per
/// event.
struct Marked<'v, 'a> {
    v: &'v Views<'a>,
    entries: &'v [usize],
}

impl std::hash::Hash for Marked<'_, '_> {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        (self.v.page, self.v.urls.portable, self.entries.len()).hash(h);
        for &ti in self.entries {
            let e = &self.v.site.timeline[ti];
            (&e.date, &e.title, &self.v.timeline_pages[ti], &e.anchor).hash(h);
        }
    }
}

/// The picture `draw` makes, from the memo of incremental rebuilds when there is one, keyed by
/// `what`: everything the drawing is made from.
fn drawn<T: std::hash::Hash>(v: &Views, what: &T, draw: impl Fn() -> String) -> Value {
    match v.memo {
        Some(m) => m.memo.drawing(what, m.stand_ins, draw),
        None => Value::from(draw()),
    }
}

fn event_url(v: &Views, ti: usize) -> String {
    v.to_anchor(&v.timeline_pages[ti], &v.site.timeline[ti].anchor)
}

/// Events per year (or decade, or century, whichever keeps the bars few), each linking to the
/// first event of its period; and the name of the period.
fn buckets(site: &Site, v: &Views, entries: &[usize]) -> (Vec<Bucket>, &'static str) {
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
                href: event_url(v, ti),
            })
            .collect();
        return (list, name);
    }
    (Vec::new(), "year")
}

/// The network of the most connected actors (`focus: None`) or of one actor and its most
/// frequent companions; `None` when fewer than two actors are linked.
pub fn network(site: &Site, v: &Views, focus: Option<usize>) -> Option<Value> {
    let chosen: Vec<usize> = match focus {
        Some(a) => std::iter::once(a).chain(site.actors[a].co_actors.iter().take(NEIGHBOURS).map(|c| c.0)).collect(),
        None => {
            let mut all: Vec<usize> =
                (0..site.actors.len()).filter(|&a| !site.actors[a].co_actors.is_empty()).collect();
            all.sort_by_key(|&a| {
                (
                    std::cmp::Reverse(site.actors[a].co_actors.len()),
                    std::cmp::Reverse(site.actors[a].briefings.len()),
                    a,
                )
            });
            all.truncate(NETWORK_TOP);
            all
        }
    };
    if chosen.len() < 2 {
        return None;
    }
    // Each actor keeps its strongest links (co_actors is most shared first): a dense network
    // stays legible and small. A companion's place among the few chosen actors (at most
    // `NETWORK_TOP`) is found by scanning them, which costs less than any map.
    let slot = |o: usize| chosen.iter().position(|&c| c == o);
    let mut kept: BTreeMap<(usize, usize), usize> = BTreeMap::new();
    for (i, &a) in chosen.iter().enumerate() {
        let links = site.actors[a].co_actors.iter().filter_map(|&(o, c)| slot(o).map(|j| (j, c)));
        for (j, count) in links.take(EDGES_PER_ACTOR) {
            kept.insert((i.min(j), i.max(j)), count);
        }
    }
    let edges: Vec<Edge> = kept.into_iter().map(|((a, b), weight)| Edge { a, b, weight }).collect();
    // The nodes are made only when the picture is drawn; the key hashes what they are made of.
    let nodes = || -> Vec<Node> {
        chosen
            .iter()
            .map(|&a| {
                let link = v.actor(a);
                Node {
                    label: link.name.to_string(),
                    href: link.url,
                    kind: link.kind,
                    briefings: site.actors[a].briefings.len(),
                    current: Some(a) == focus,
                }
            })
            .collect()
    };
    let (size, height, title) = match focus {
        Some(a) => (
            Size { width: 560.0, font: 12.0 },
            340.0,
            format!("{} and the actors they most often appear with", site.actors[a].name),
        ),
        None => (WIDE, 480.0, format!("Network of the {} most connected actors", chosen.len())),
    };
    let frame = Frame {
        id: "network".to_string(),
        width: size.width,
        font: size.font,
        title,
        desc: "Dots are actors, larger for more briefings; a line joins two actors who appear in the same briefings, \
               thicker for more. The actors are listed in the text."
            .to_string(),
    };
    let what = ("network", Noded { v, chosen: &chosen, focus }, &edges, &frame, f64::to_bits(height));
    Some(drawn(v, &what, || network::draw(&nodes(), &edges, &frame, height)))
}

/// What the nodes of the actors `chosen` are made from, for a picture's key: each actor's
/// name, kind, number of briefings and id (its page), whether it is the `focus`, and the page
/// the links are seen from in its URL style.
struct Noded<'v, 'a> {
    v: &'v Views<'a>,
    chosen: &'v [usize],
    focus: Option<usize>,
}

impl std::hash::Hash for Noded<'_, '_> {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        (self.v.page, self.v.urls.portable, self.chosen.len()).hash(h);
        for &ai in self.chosen {
            let a = &self.v.site.actors[ai];
            (&a.id, &a.name, a.kind.name(), a.briefings.len(), Some(ai) == self.focus).hash(h);
        }
    }
}

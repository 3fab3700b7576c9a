//! The indexes that tie the site together, computed once from validated briefings: each
//! actor's briefings, quotes, events and frequent companions; the merged timeline; tags;
//! backlinks; related briefings. All are linear in the size of the site (no pairwise passes
//! over briefings).

use super::date::DateExpr;
use super::slug::{slugify, Slug};
use super::{Site, Tag, TimelineEntry};
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap, HashSet};
use xxhash_rust::xxh3::{Xxh3Default, Xxh3DefaultBuilder};

/// How many related briefings a briefing page lists (declared ones always come first).
const RELATED: usize = 5;
/// A tag shared by more briefings than this says little about relatedness and is not counted.
const TAG_SIGNAL_LIMIT: usize = 200;
/// Likewise an actor present in very many briefings (a country in a national archive).
const ACTOR_SIGNAL_LIMIT: usize = 500;

pub fn index(site: &mut Site) {
    actors_and_tags(site);
    timeline(site);
    backlinks(site);
    co_actors(site);
    related(site);
}

fn actors_and_tags(site: &mut Site) {
    let mut tags: BTreeMap<Slug, Vec<usize>> = BTreeMap::new();
    for (bi, b) in site.briefings.iter().enumerate() {
        for &a in &b.actors {
            site.actors[a].briefings.push(bi);
        }
        for (qi, q) in b.quotes.iter().enumerate() {
            // Every speaker's page lists a quote of two speakers.
            for &a in std::iter::once(&q.by).chain(&q.also_by) {
                site.actors[a].quotes.push((bi, qi));
            }
        }
        for t in &b.tags {
            tags.entry(t.clone()).or_default().push(bi);
        }
    }
    site.tags = tags.into_iter().map(|(slug, briefings)| Tag { name: slug.to_string(), slug, briefings }).collect();
}

/// Merge equal events (same date and title) of all briefings into one timeline, earliest first;
/// events that share a date keep the order their author wrote them in, and across briefings the
/// order of the briefings' files (by path): the order the reader of the files would expect.
fn timeline(site: &mut Site) {
    let mut entries = merge_events(site);
    // Sources: oldest briefing first, so the first recorder is named first.
    for e in &mut entries {
        e.sources.sort_by_key(|&(bi, ei)| (std::cmp::Reverse(bi), ei));
    }
    let mut by_file: Vec<usize> = (0..site.briefings.len()).collect();
    by_file.sort_by(|&a, &b| site.briefings[a].file.cmp(&site.briefings[b].file));
    let mut file_rank = vec![0; by_file.len()];
    for (rank, &bi) in by_file.iter().enumerate() {
        file_rank[bi] = rank;
    }
    // Where each entry was first written: its earliest file, and its place among that file's events.
    let written: Vec<(usize, usize)> = entries
        .iter()
        .map(|e| e.sources.iter().map(|&(bi, ei)| (file_rank[bi], ei)).min().unwrap_or_default())
        .collect();
    let mut order: Vec<usize> = (0..entries.len()).collect();
    order.sort_by(|&a, &b| entries[a].date.cmp(&entries[b].date).then_with(|| written[a].cmp(&written[b])));
    let mut slots: Vec<Option<TimelineEntry>> = entries.into_iter().map(Some).collect();
    let take = |i: &usize| slots[*i].take().expect("each entry once"); // invariant: `order` is a permutation
    let mut timeline: Vec<TimelineEntry> = order.iter().map(take).collect();
    // Anchors from the date and title (made in parallel), numbered where they repeat.
    let bases: Vec<String> = timeline
        .par_iter()
        .map(|e| {
            let title: String = slugify(&e.title).chars().take(48).collect();
            format!("event-{}-{}", e.date.start.iso(), title.trim_end_matches('-'))
        })
        .collect();
    let mut seen: HashSet<String, Xxh3DefaultBuilder> = HashSet::default();
    for (e, base) in timeline.iter_mut().zip(bases) {
        let mut anchor = base.clone();
        let mut n = 2;
        while !seen.insert(anchor.clone()) {
            anchor = format!("{base}-{n}");
            n += 1;
        }
        e.anchor = anchor;
    }
    site.timeline = timeline;
    for (ti, e) in site.timeline.iter().enumerate() {
        for &(bi, ei) in &e.sources {
            site.briefings[bi].events[ei].timeline = ti;
        }
        for &a in &e.actors {
            site.actors[a].events.push(ti);
        }
    }
}

/// The timeline entries of briefing `bi`, earliest first, each once; events that share a date in
/// the order the briefing writes them (its own order, even where another file recorded the same
/// events first).
pub fn briefing_timeline(site: &Site, bi: usize) -> Vec<usize> {
    let timeline = &site.timeline;
    let mut events: Vec<(usize, usize)> =
        site.briefings[bi].events.iter().enumerate().map(|(ei, e)| (e.timeline, ei)).collect();
    events.sort_by(|a, b| timeline[a.0].date.cmp(&timeline[b.0].date).then(a.1.cmp(&b.1)));
    let mut seen = Vec::with_capacity(events.len());
    events.retain(|&(ti, _)| {
        let new = !seen.contains(&ti);
        seen.push(ti);
        new
    });
    events.into_iter().map(|(ti, _)| ti).collect()
}

fn backlinks(site: &mut Site) {
    let mut back: Vec<Vec<usize>> = vec![Vec::new(); site.briefings.len()];
    for (bi, b) in site.briefings.iter().enumerate() {
        for l in &b.links {
            // Briefings come in order: this one is already listed only if it was listed last.
            if back[l.target].last() != Some(&bi) {
                back[l.target].push(bi);
            }
        }
    }
    for (b, list) in site.briefings.iter_mut().zip(back) {
        b.backlinks = list;
    }
}

/// Events with equal keys (the date itself, as equal dates have equal ISO forms, and the folded
/// title) merged into one entry each, in the order of their first event (briefings in site
/// order, then each briefing's events): sources in that order, actors as first named, the
/// first description given.
///
/// The events are split by their key's hash into one shard per thread, and each shard is
/// merged on its own, in parallel. Equal keys fall in the same shard, so the entries are the
/// ones a single merge gives; sorting them by their first event restores its order.
fn merge_events(site: &Site) -> Vec<TimelineEntry> {
    use std::hash::{Hash, Hasher};
    let shards = rayon::current_num_threads().max(1);
    type Keyed<'s> = (usize, usize, &'s super::Event, (DateExpr, String), usize);
    let keyed: Vec<Keyed> = site
        .briefings
        .par_iter()
        .enumerate()
        .flat_map_iter(|(bi, b)| {
            b.events.iter().enumerate().map(move |(ei, e)| {
                let key = (e.date.clone(), e.title.trim().to_lowercase());
                let mut h = Xxh3Default::new();
                key.hash(&mut h);
                (bi, ei, e, key, h.finish() as usize % shards)
            })
        })
        .collect();
    let merged: Vec<Vec<(usize, TimelineEntry)>> = (0..shards)
        .into_par_iter()
        .map(|shard| {
            let mut by_key: HashMap<&(DateExpr, String), usize, Xxh3DefaultBuilder> = HashMap::default();
            // (entry, actor) pairs already listed: an event recorded by many briefings gathers
            // many actors, and scanning its list for each would be quadratic.
            let mut listed: HashSet<(usize, usize), Xxh3DefaultBuilder> = HashSet::default();
            let mut entries: Vec<(usize, TimelineEntry)> = Vec::new();
            for (first, (bi, ei, e, key, _)) in keyed.iter().enumerate().filter(|(_, k)| k.4 == shard) {
                let idx = *by_key.entry(key).or_insert_with(|| {
                    let entry = TimelineEntry {
                        anchor: String::new(),
                        date: e.date.clone(),
                        title: e.title.clone(),
                        actors: Vec::new(),
                        description: None,
                        sources: Vec::new(),
                    };
                    entries.push((first, entry));
                    entries.len() - 1
                });
                let entry = &mut entries[idx].1;
                entry.sources.push((*bi, *ei));
                for &a in &e.actors {
                    if listed.insert((idx, a)) {
                        entry.actors.push(a);
                    }
                }
                if entry.description.is_none() {
                    entry.description = e.description.clone();
                }
            }
            entries
        })
        .collect();
    let mut entries: Vec<(usize, TimelineEntry)> = merged.into_iter().flatten().collect();
    entries.sort_unstable_by_key(|(first, _)| *first);
    entries.into_iter().map(|(_, e)| e).collect()
}

/// A briefing naming more actors than this says little about who goes with whom, and counting
/// its pairs would cost the square of its cast (10^8 for 10,000 actors): it does not count
/// toward companions.
pub const MAX_CAST_FOR_COMPANIONS: usize = 500;

/// How many of an actor's companions are kept, most shared first (`co_actors`): pages list and
/// draw no more than this (the site's network takes each actor's strongest 90).
pub const CO_ACTORS_KEPT: usize = 90;

/// For each actor, the actors they share briefings with most, most shared first. Actors are
/// counted in parallel, each thread with its own score table.
fn co_actors(site: &mut Site) {
    // Each actor's briefings are known by now (`actors_and_tags`, once per mention in a cast,
    // as the pairs of a cast are counted once per mention).
    let n = site.actors.len();
    let site_ref: &Site = site;
    let all: Vec<Vec<(usize, usize)>> = (0..n)
        .into_par_iter()
        .map_init(
            || Scores { points: vec![0; n], touched: Vec::new() },
            |counts, a| {
                for &bi in &site_ref.actors[a].briefings {
                    let cast = &site_ref.briefings[bi].actors;
                    if cast.len() <= MAX_CAST_FOR_COMPANIONS {
                        cast.iter().filter(|&&c| c != a).for_each(|&c| counts.add(c, 1));
                    }
                }
                // The first few in order take a selection and a short sort, not a sort of
                // thousands (a country shares briefings with most of the site).
                let order = |x: &(usize, usize), y: &(usize, usize)| y.1.cmp(&x.1).then(x.0.cmp(&y.0));
                let mut top = counts.take();
                if top.len() > CO_ACTORS_KEPT {
                    top.select_nth_unstable_by(CO_ACTORS_KEPT - 1, order);
                    top.truncate(CO_ACTORS_KEPT);
                }
                top.sort_by(order);
                top
            },
        )
        .collect();
    for (a, top) in site.actors.iter_mut().zip(all) {
        a.co_actors = top;
    }
}

/// Declared `related` first, then the briefings sharing the most actors (3 points each) and
/// tags (1 point each), newest first on ties. Briefings are scored in parallel, each thread
/// with its own score table.
fn related(site: &mut Site) {
    let tag_members: HashMap<&str, &Vec<usize>> = site.tags.iter().map(|t| (t.name.as_str(), &t.briefings)).collect();
    let n = site.briefings.len();
    let site_ref: &Site = site;
    let all: Vec<Vec<usize>> = (0..n)
        .into_par_iter()
        .map_init(
            || Scores { points: vec![0; n], touched: Vec::new() },
            |score, bi| {
                let b = &site_ref.briefings[bi];
                for &a in &b.actors {
                    let members = &site_ref.actors[a].briefings;
                    if members.len() <= ACTOR_SIGNAL_LIMIT {
                        members.iter().for_each(|&o| score.add(o, 3));
                    }
                }
                for t in &b.tags {
                    if let Some(members) = tag_members.get(t.as_str()).filter(|m| m.len() <= TAG_SIGNAL_LIMIT) {
                        members.iter().for_each(|&o| score.add(o, 1));
                    }
                }
                let mut list = b.related.clone();
                let mut scored: Vec<(usize, usize)> =
                    score.take().into_iter().filter(|&(o, _)| o != bi && !list.contains(&o)).collect();
                // Most points first, then the lower index: a total order, so the first `want`
                // after a partial selection, sorted, are the first `want` of the whole list sorted.
                let order = |x: &(usize, usize), y: &(usize, usize)| y.1.cmp(&x.1).then(x.0.cmp(&y.0));
                let want = RELATED.saturating_sub(list.len());
                if want > 0 && scored.len() > want {
                    scored.select_nth_unstable_by(want - 1, order);
                    scored.truncate(want);
                }
                scored.sort_by(order);
                list.extend(scored.into_iter().map(|(o, _)| o).take(want));
                list
            },
        )
        .collect();
    for (b, list) in site.briefings.iter_mut().zip(all) {
        b.related = list;
    }
}

/// Points per briefing (or actor), kept in a plain array (no hashing) and reset through the list of the
/// briefings that got any.
struct Scores {
    points: Vec<usize>,
    touched: Vec<usize>,
}

impl Scores {
    fn add(&mut self, b: usize, points: usize) {
        if self.points[b] == 0 {
            self.touched.push(b);
        }
        self.points[b] += points;
    }

    /// The (index, points) scored so far, in no particular order; the scores start over.
    fn take(&mut self) -> Vec<(usize, usize)> {
        let out = self.touched.iter().map(|&b| (b, self.points[b])).collect();
        for &b in &self.touched {
            self.points[b] = 0;
        }
        self.touched.clear();
        out
    }
}

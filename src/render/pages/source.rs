//! `/sources/<id>/`: one source, what is known about it (publisher, dates, kind, reliability,
//! the original and its archived copy, the notes) and everything that cites it: briefings,
//! key judgments, quotes, events, answers, relations between actors and briefings' changes.
//! Only sources a reader needs a page for have one: a profile, a source two or more briefings
//! cite, or one a relation outside its briefing cites. An inline source that only its own
//! briefing cites is shown in that briefing's Sources section instead (`SourceRecord::home`).
//!
//! A source cited by more than `page_size` briefings gets several pages, as an actor does:
//! each lists one slice of the citing briefings with what in them cites the source (an event
//! cited from several briefings on the page of the first); the notes and the relations of
//! actor profiles are on the first.

use super::{listing, paged_title, At, Built, Page};
use crate::model::date::PartialDate;
use crate::model::sources::Citer;
use crate::model::Site;
use crate::render::layout::{self, chunks, Listings};
use crate::render::markdown::Markdown;
use crate::render::provenance::{JudgmentView, SourceView};
use crate::render::views::{BriefingEntry, ChangeView, Cx, EventView, Pager, QuestionView, QuoteView, RelationView};
use serde::Serialize;
type HashMap<K, V> = std::collections::HashMap<K, V, xxhash_rust::xxh3::Xxh3DefaultBuilder>;

pub struct SourcePage;

#[derive(Serialize, Hash)]
pub struct SourceModel<'a> {
    pub source: SourceView<'a>,
    /// The notes as HTML (first page only).
    pub notes: Option<Markdown<'a>>,
    /// This page's slice of the briefings that cite it, newest first.
    pub briefings: Vec<CitingBriefing<'a>>,
    /// How many briefings cite it, on all pages.
    pub briefing_count: usize,
    pub judgments: Vec<JudgmentView<'a>>,
    pub quotes: Vec<QuoteView<'a>>,
    /// Events it is cited for, in timeline order, each once.
    pub events: Vec<EventView<'a>>,
    /// Questions whose answer cites it.
    pub answers: Vec<QuestionView<'a>>,
    /// Relations between actors that cite it (profiles' and briefings'), read from their
    /// `from`.
    pub relations: Vec<RelationView<'a>>,
    /// Changes of briefings that cite it.
    pub changes: Vec<ChangeView<'a>>,
    /// Between the pages of a split listing; absent on a listing of one page.
    pub pager: Option<Pager>,
}

/// A briefing that cites the source, and whether as its primary source.
#[derive(Serialize, Hash)]
pub struct CitingBriefing<'a> {
    pub briefing: BriefingEntry<'a>,
    pub primary: bool,
}

impl Page for SourcePage {
    const NAME: &'static str = "source";
    const TEMPLATE: &'static str = "source.html";
    const SECTION: &'static str = "sources";
    type Model<'a> = SourceModel<'a>;

    fn plan(site: &Site, _: &Listings) -> Vec<(String, At)> {
        let size = site.config.page_size;
        site.sources
            .iter()
            .enumerate()
            .filter(|(_, s)| s.home.is_none())
            .flat_map(|(si, s)| listing(&layout::source(&s.id), s.briefings.len(), size, si))
            .collect()
    }

    fn build<'a>(cx: &Cx<'a>, at: At) -> Built<SourceModel<'a>> {
        let (site, si, n) = (cx.site, at.item, at.n);
        let s = &site.sources[si];
        let pages = chunks(s.briefings.len(), site.config.page_size);
        let slice = pages[n - 1].clone();
        let first = n == 1;
        // Position of each citing briefing in the list, to place what cites from it.
        let pos: HashMap<usize, usize> = s.briefings.iter().enumerate().map(|(i, &b)| (b, i)).collect();
        let on_page = |bi: usize| pos.get(&bi).is_some_and(|p| slice.contains(p));
        let mut page = SourceModel {
            source: cx.source(si),
            notes: if first { cx.source_notes_text(si) } else { None },
            briefings: s.briefings[slice.clone()]
                .iter()
                .map(|&bi| CitingBriefing { briefing: cx.entry(bi), primary: site.briefings[bi].primary == Some(si) })
                .collect(),
            briefing_count: s.briefings.len(),
            judgments: Vec::new(),
            quotes: Vec::new(),
            events: Vec::new(),
            answers: Vec::new(),
            // A profile's relation belongs to no briefing: it goes on the first page.
            relations: s
                .relations
                .iter()
                .filter(|&&ri| site.relations[ri].briefing.map_or(first, on_page))
                .map(|&ri| cx.relation(ri, site.relations[ri].from))
                .collect(),
            changes: Vec::new(),
            pager: cx.pager(&layout::source(&s.id), n, pages.len()),
        };
        // Each event with the first of the citing briefings that cite it for the event.
        let mut events: HashMap<usize, usize> = HashMap::default();
        for c in &s.cited_by {
            if let Citer::Event(ei) = c.what {
                let p = pos.get(&c.briefing).copied().unwrap_or(usize::MAX);
                let e = events.entry(site.briefings[c.briefing].events[ei].timeline).or_insert(p);
                *e = (*e).min(p);
            }
            if !on_page(c.briefing) {
                continue;
            }
            match c.what {
                Citer::Primary | Citer::Text | Citer::Event(_) => {}
                Citer::Judgment(ji) => page.judgments.push(cx.judgment(c.briefing, ji)),
                Citer::Quote(qi) => page.quotes.push(cx.quote(c.briefing, qi)),
                Citer::Answer(qi) => page.answers.push(cx.question(c.briefing, qi)),
                Citer::Change(ci) => page.changes.push(cx.change(c.briefing, ci)),
            }
        }
        let mut events: Vec<usize> = events.into_iter().filter(|&(_, p)| slice.contains(&p)).map(|(t, _)| t).collect();
        events.sort_unstable();
        page.events = events.into_iter().map(|t| cx.event(t)).collect();
        let description = match (&s.publisher, &s.author) {
            (Some(p), _) => format!("{} ({p}): what cites it in {}", s.title, site.config.title),
            (None, Some(a)) => format!("{} ({a}): what cites it in {}", s.title, site.config.title),
            (None, None) => format!("{}: what cites it in {}", s.title, site.config.title),
        };
        Built { title: paged_title(&s.title, n), description, page }
    }

    fn lastmod(site: &Site, at: At, all: Option<PartialDate>) -> Option<Option<PartialDate>> {
        Some(site.newest(site.sources[at.item].briefings.iter().copied()).or(all))
    }
}

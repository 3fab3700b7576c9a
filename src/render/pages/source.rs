//! `/sources/<id>/`: one source, what is known about it (publisher, dates, kind, reliability,
//! the original and its archived copy, the notes) and everything that cites it: briefings,
//! key judgments, quotes, events, answers, relations between actors and briefings' changes.
//! Only sources a reader needs a page for have one: a profile, a source two or more briefings
//! cite, or one a relation outside its briefing cites. An inline source that only its own
//! briefing cites is shown in that briefing's Sources section instead (`SourceRecord::home`).

use super::{At, Built, Page};
use crate::model::date::PartialDate;
use crate::model::sources::Citer;
use crate::model::Site;
use crate::render::layout::{self, Listings};
use crate::render::markdown::Markdown;
use crate::render::provenance::{JudgmentView, SourceView};
use crate::render::views::{BriefingEntry, ChangeView, Cx, EventView, QuestionView, QuoteView, RelationView};
use serde::Serialize;

pub struct SourcePage;

#[derive(Serialize, Hash)]
pub struct SourceModel<'a> {
    pub source: SourceView<'a>,
    /// The notes as HTML.
    pub notes: Option<Markdown<'a>>,
    /// The briefings that cite it, newest first.
    pub briefings: Vec<CitingBriefing<'a>>,
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
        site.sources
            .iter()
            .enumerate()
            .filter(|(_, s)| s.home.is_none())
            .map(|(si, s)| (layout::source(&s.id), At { item: si, n: 1 }))
            .collect()
    }

    fn build<'a>(cx: &Cx<'a>, at: At) -> Built<SourceModel<'a>> {
        let site = cx.site;
        let si = at.item;
        let s = &site.sources[si];
        let mut page = SourceModel {
            source: cx.source(si),
            notes: cx.source_notes_text(si),
            briefings: s
                .briefings
                .iter()
                .map(|&bi| CitingBriefing { briefing: cx.entry(bi), primary: site.briefings[bi].primary == Some(si) })
                .collect(),
            judgments: Vec::new(),
            quotes: Vec::new(),
            events: Vec::new(),
            answers: Vec::new(),
            relations: s.relations.iter().map(|&ri| cx.relation(ri, site.relations[ri].from)).collect(),
            changes: Vec::new(),
        };
        let mut events: Vec<usize> = Vec::new();
        for c in &s.cited_by {
            match c.what {
                Citer::Primary | Citer::Text => {}
                Citer::Judgment(ji) => page.judgments.push(cx.judgment(c.briefing, ji)),
                Citer::Quote(qi) => page.quotes.push(cx.quote(c.briefing, qi)),
                Citer::Event(ei) => events.push(site.briefings[c.briefing].events[ei].timeline),
                Citer::Answer(qi) => page.answers.push(cx.question(c.briefing, qi)),
                Citer::Change(ci) => page.changes.push(cx.change(c.briefing, ci)),
            }
        }
        events.sort_unstable();
        events.dedup();
        page.events = events.into_iter().map(|t| cx.event(t)).collect();
        let description = match (&s.publisher, &s.author) {
            (Some(p), _) => format!("{} ({p}): what cites it in {}", s.title, site.config.title),
            (None, Some(a)) => format!("{} ({a}): what cites it in {}", s.title, site.config.title),
            (None, None) => format!("{}: what cites it in {}", s.title, site.config.title),
        };
        Built { title: s.title.clone(), description, page }
    }

    fn lastmod(site: &Site, at: At, all: Option<PartialDate>) -> Option<Option<PartialDate>> {
        Some(site.newest(site.sources[at.item].briefings.iter().copied()).or(all))
    }
}

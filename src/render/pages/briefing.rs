//! `/briefings/<slug>/`: a briefing's text with its annotation panels (actors, key quotes,
//! questions, events and their picture, answers, related briefings, backlinks).

use super::{At, Built, Page};
use crate::model::date::PartialDate;
use crate::model::{Briefing, Site, Source};
use crate::render::deferred::{Href, Shown};
use crate::render::layout::{self, Listings};
use crate::render::markdown::Markdown;
use crate::render::pictures::{self, TimelinePicture};
use crate::render::provenance::{JudgmentView, LikelihoodView, SourceNote};
use crate::render::structured;
use crate::render::views::{
    ActorLink, BriefingEntry, ChangeView, Cx, EventView, Link, QuestionView, QuoteView, RelationView,
};
use serde::Serialize;

pub struct BriefingPage;

#[derive(Serialize, Hash)]
pub struct BriefingModel<'a> {
    pub title: &'a str,
    pub slug: &'a str,
    /// Publication date as readers see it, and as `YYYY-MM-DD` for `<time datetime>`.
    pub date: Shown<'a>,
    pub datetime: Shown<'a>,
    pub updated: Option<Shown<'a>>,
    pub updated_datetime: Option<Shown<'a>>,
    pub author: Option<&'a str>,
    pub source: Option<&'a Source>,
    pub summary: Option<&'a str>,
    pub draft: bool,
    pub tags: Vec<Link<'a>>,
    /// The text as HTML.
    pub body: Markdown<'a>,
    /// Minutes a reader takes for the text (at 230 words a minute; at least 1).
    pub reading_minutes: usize,
    /// The table of contents: the body's sections (its top-level headings and the level below);
    /// empty for a text with fewer than three sections.
    pub toc: Vec<TocEntry<'a>>,
    /// The briefing's actors, the most present first: quoted, then in the most events, then
    /// named in the text; the author's order among equals.
    pub actors: Vec<ActorLink<'a>>,
    pub quotes: Vec<QuoteView<'a>>,
    pub questions: Vec<QuestionView<'a>>,
    /// The briefing's events as timeline entries, earliest first.
    pub events: Vec<EventView<'a>>,
    /// The events' timeline picture (SVG).
    pub picture: Option<TimelinePicture<'a>>,
    pub related: Vec<BriefingEntry<'a>>,
    pub backlinks: Vec<Link<'a>>,
    /// Questions of other briefings this one answers.
    pub answers: Vec<Answer<'a>>,
    /// Key judgments, and the likelihood scale for their legend (empty without judgments).
    pub judgments: Vec<JudgmentView<'a>>,
    pub scale: Vec<LikelihoodView>,
    /// The Sources section: every source the briefing cites, numbered as the text's notes.
    pub sources: Vec<SourceNote<'a>>,
    /// What changed since publication, newest first (`changes:`).
    pub changes: Vec<ChangeView<'a>>,
    /// The relations between actors the briefing records (`relations:`).
    pub relations: Vec<RelationView<'a>>,
    /// JSON-LD for search engines: the article, its actors and its quotes.
    pub structured: structured::BriefingData<'a>,
}

/// A heading of the text in the table of contents.
#[derive(Serialize, Hash)]
pub struct TocEntry<'a> {
    /// The heading's id (`#…` on the page).
    pub id: &'a str,
    pub title: &'a str,
    /// A subsection (one level below the sections).
    pub sub: bool,
}

/// Reading speed for the reading time, in words a minute.
const WORDS_PER_MINUTE: usize = 230;

/// A table of contents is shown from this many sections.
const TOC_MIN_SECTIONS: usize = 3;

/// The sections of `b` and their subsections; empty below `TOC_MIN_SECTIONS` sections.
fn toc(b: &Briefing) -> Vec<TocEntry<'_>> {
    let Some(top) = b.headings.iter().map(|h| h.level).min() else { return Vec::new() };
    if b.headings.iter().filter(|h| h.level == top).count() < TOC_MIN_SECTIONS {
        return Vec::new();
    }
    b.headings
        .iter()
        .filter(|h| h.level <= top + 1)
        .map(|h| TocEntry { id: &h.id, title: &h.title, sub: h.level > top })
        .collect()
}

/// A question of another briefing that this briefing answers.
#[derive(Serialize, Hash)]
pub struct Answer<'a> {
    pub question: &'a str,
    pub url: Href<'a>,
    pub briefing: Link<'a>,
}

impl Page for BriefingPage {
    const NAME: &'static str = "briefing";
    const TEMPLATE: &'static str = "briefing.html";
    const SECTION: &'static str = "briefings";
    const OG_TYPE: &'static str = "article";
    type Model<'a> = BriefingModel<'a>;

    fn plan(site: &Site, _: &Listings) -> Vec<(String, At)> {
        site.briefings.iter().enumerate().map(|(bi, b)| (layout::briefing(&b.slug), At { item: bi, n: 1 })).collect()
    }

    fn build<'a>(cx: &Cx<'a>, at: At) -> Built<BriefingModel<'a>> {
        let bi = at.item;
        let b = &cx.site.briefings[bi];
        let answers = b
            .answers
            .iter()
            .map(|&(ob, qi)| {
                let q = cx.question(ob, qi);
                Answer { question: q.text, url: q.url, briefing: q.briefing }
            })
            .collect();
        let events = cx.site.briefing_timeline(bi);
        let page = BriefingModel {
            title: &b.title,
            slug: &b.slug,
            date: cx.day(b.date),
            datetime: Shown::Iso(b.date),
            updated: b.updated.map(|u| cx.day(u)),
            updated_datetime: b.updated.map(Shown::Iso),
            author: b.author.as_deref(),
            source: b.source.as_ref(),
            summary: b.summary.as_deref(),
            draft: b.draft,
            tags: b.tags.iter().map(|t| cx.tag_link(t)).collect(),
            body: cx.body(bi),
            reading_minutes: b.words.div_ceil(WORDS_PER_MINUTE).max(1),
            toc: toc(b),
            actors: b.actors_by_presence().into_iter().map(|a| cx.actor(a)).collect(),
            quotes: (0..b.quotes.len()).map(|qi| cx.quote(bi, qi)).collect(),
            questions: (0..b.questions.len()).map(|qi| cx.question(bi, qi)).collect(),
            picture: pictures::timeline(cx, &events, "briefing-timeline"),
            events: events.iter().map(|&t| cx.event(t)).collect(),
            related: b.related.iter().map(|&r| cx.entry(r)).collect(),
            backlinks: b.backlinks.iter().map(|&r| cx.briefing_link(r)).collect(),
            answers,
            judgments: (0..b.judgments.len()).map(|ji| cx.judgment(bi, ji)).collect(),
            scale: if b.judgments.is_empty() { Vec::new() } else { LikelihoodView::scale() },
            sources: cx.source_notes(bi),
            changes: (0..b.changes.len()).map(|ci| cx.change(bi, ci)).collect(),
            relations: b.relations.iter().map(|&ri| cx.relation(ri, cx.site.relations[ri].from)).collect(),
            structured: structured::briefing(cx.site, bi),
        };
        Built { title: b.title.clone(), description: b.summary.clone().unwrap_or_default(), page }
    }

    /// The briefing's cover: its front matter `image`, else its first image (`model::figures`).
    fn image(cx: &Cx, at: At) -> Option<String> {
        let b = &cx.site.briefings[at.item];
        let file = &b.attachments.files[b.attachments.cover?];
        let page = layout::briefing(&b.slug);
        Some(format!("{}{page}{}", cx.site.config.base_url, crate::render::figure::url_path(&file.out)))
    }

    fn lastmod(site: &Site, at: At, _: Option<PartialDate>) -> Option<Option<PartialDate>> {
        let b = &site.briefings[at.item];
        (!b.draft).then_some(Some(b.changed()))
    }
}

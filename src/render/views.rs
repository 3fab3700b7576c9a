//! The data templates see, shared by several page types: links, cards, quotes, questions,
//! events and pagers, each a serialize-only view over the model. Views borrow from the model
//! and derive `Hash`, so that a page's key covers them (see `key`).
//!
//! A rebuild builds the model of every page to take its key, so views are cheap to build:
//! they hold references and small values, and text made from them (a URL relative to the
//! page, a date as readers see it) is written only when the page is rendered (`Href` and
//! `Shown`, in `deferred`).

use super::deferred::{Anchor, Dated, Href, Place, Shown};
use super::key::Digested;
use super::layout::{self, Listings, Urls};
use super::markdown::{ImageTo, LinkTo, Markdown, MentionLink, Passage};
use super::provenance::{paragraphs, CitationView, QuotePart};
use crate::model::date::{DateExpr, PartialDate};
use crate::model::slug::Slug;
use crate::model::{Actor, Briefing, Ref, Site, Source, Target};
use serde::Serialize;

/// What a page is built from: the site, the listings' orderings, the URL rules, and where the
/// page's links are written from.
#[derive(Clone, Copy)]
pub struct Cx<'a> {
    pub site: &'a Site,
    pub lists: &'a Listings,
    pub urls: Urls,
    /// The folder links are written from: the page's own path (the 404 page, served at any
    /// address, writes its links from the site root).
    pub from: &'a str,
}

#[derive(Serialize, Hash)]
pub struct Link<'a> {
    pub title: &'a str,
    pub url: Href<'a>,
}

#[derive(Serialize, Hash)]
pub struct ActorLink<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub kind: &'static str,
    pub role: Option<&'a str>,
    pub url: Href<'a>,
}

/// A briefing in a listing.
#[derive(Serialize, Hash)]
pub struct BriefingCard<'a> {
    pub title: &'a str,
    pub url: Href<'a>,
    pub date: Shown<'a>,
    pub datetime: Shown<'a>,
    pub summary: Option<&'a str>,
    pub draft: bool,
    /// Its most present actors (at most `CARD_ACTORS`), and how many more it annotates.
    pub actors: Vec<ActorLink<'a>>,
    pub more_actors: usize,
    pub tags: Vec<Link<'a>>,
    pub quotes: usize,
    pub questions: usize,
    pub events: usize,
}

/// The most actors a briefing card names.
pub const CARD_ACTORS: usize = 5;

/// A briefing in a compact list: title, date and summary.
#[derive(Serialize, Hash)]
pub struct BriefingEntry<'a> {
    pub title: &'a str,
    pub url: Href<'a>,
    pub date: Shown<'a>,
    pub datetime: Shown<'a>,
    pub summary: Option<&'a str>,
}

#[derive(Serialize, Hash)]
pub struct QuoteView<'a> {
    pub anchor: &'a str,
    pub text: &'a str,
    /// The words start, or end, mid-sentence: shown with an ellipsis there.
    pub cut_start: bool,
    pub cut_end: bool,
    pub context: Option<&'a str>,
    pub date: Option<Shown<'a>>,
    pub by: ActorLink<'a>,
    pub briefing: Link<'a>,
    /// The quote card on its briefing page.
    pub url: Href<'a>,
    /// The quoted passage in the briefing's text, when it was found there.
    pub passage_url: Option<Href<'a>>,
    /// Speakers after the first (`by: [a, b]`).
    pub speakers: Vec<ActorLink<'a>>,
    /// `confirmed`, `reported` or `uncertain`, when the author says.
    pub attribution: Option<&'static str>,
    /// The language of `text`, and its translation.
    pub lang: Option<&'a str>,
    pub translation: Option<&'a str>,
    /// `text` and `translation` as paragraphs of parts (words, gaps, insertions).
    pub paragraphs: Vec<Vec<QuotePart<'a>>>,
    pub translation_paragraphs: Vec<Vec<QuotePart<'a>>>,
    pub sources: Vec<CitationView<'a>>,
}

#[derive(Serialize, Hash)]
pub struct QuestionView<'a> {
    pub anchor: &'a str,
    pub text: &'a str,
    pub status: &'static str,
    pub answer: Option<&'a str>,
    pub answered_by: Option<Link<'a>>,
    pub briefing: Link<'a>,
    pub url: Href<'a>,
    /// The sources of the answer.
    pub sources: Vec<CitationView<'a>>,
}

#[derive(Serialize, Hash)]
pub struct EventView<'a> {
    pub anchor: &'a str,
    pub date: Shown<'a>,
    pub datetime: Shown<'a>,
    pub approx: bool,
    pub range: bool,
    pub title: &'a str,
    pub description: Option<&'a str>,
    pub actors: Vec<ActorLink<'a>>,
    pub briefings: Vec<Link<'a>>,
    /// The entry on the site timeline.
    pub url: Href<'a>,
    /// The sources the briefings that record it cite for it.
    pub sources: Vec<CitationView<'a>>,
}

/// A relation as read from one of its actors: `from` `label` `to` ("Vladimir Putin" "leader
/// of" "Russia"; from Russia's side, "Russia" "led by" "Vladimir Putin").
#[derive(Serialize, Hash)]
pub struct RelationView<'a> {
    pub from: ActorLink<'a>,
    /// The type's label, or its inverse when read from the actor it leads to.
    pub label: &'a str,
    /// The type's id (`leader-of`).
    #[serde(rename = "type")]
    pub kind: &'a str,
    pub to: ActorLink<'a>,
    pub since: Option<Shown<'a>>,
    pub since_datetime: Option<Shown<'a>>,
    pub until: Option<Shown<'a>>,
    pub until_datetime: Option<Shown<'a>>,
    pub note: Option<&'a str>,
    /// A source named without being defined (`source: {name, url}`).
    pub source: Option<&'a Source>,
    /// The sources it cites.
    pub sources: Vec<CitationView<'a>>,
    /// The briefing that records it; absent for a profile's relation.
    pub briefing: Option<Link<'a>>,
}

/// A dated note of what changed in a briefing.
#[derive(Serialize, Hash)]
pub struct ChangeView<'a> {
    /// Its anchor on the briefing page (`change-1` is the oldest change).
    pub anchor: &'a str,
    pub date: Shown<'a>,
    pub datetime: Shown<'a>,
    pub note: &'a str,
    /// The sources it cites.
    pub sources: Vec<CitationView<'a>>,
    /// The briefing it changed, and the change on its page.
    pub briefing: Link<'a>,
    pub url: Href<'a>,
}

#[derive(Serialize, Hash)]
pub struct PageLink {
    pub label: String,
    /// `None` for a gap (`…`) between the pages listed.
    pub url: Option<String>,
    pub current: bool,
}

/// Navigation between the pages of a split listing.
#[derive(Serialize, Hash)]
pub struct Pager {
    pub current: usize,
    pub total: usize,
    /// The number of this page's first entry in the whole listing (1-based), for `<ol start>`.
    pub first: usize,
    pub prev: Option<String>,
    pub next: Option<String>,
    pub pages: Vec<PageLink>,
}

impl<'a> Cx<'a> {
    /// The link from this page to the site path `path`.
    pub fn to(&self, path: &str) -> String {
        self.urls.link(self.from, path)
    }

    pub fn to_anchor(&self, path: &str, fragment: &str) -> String {
        self.urls.anchor(self.from, path, fragment)
    }

    /// A link from this page to `to`, and the anchor `anchor` there.
    pub fn href(&self, to: Place<'a>, anchor: Option<Anchor<'a>>) -> Href<'a> {
        Href { from: self.from, urls: self.urls, to, anchor }
    }

    /// A publication date, as readers of this site see dates.
    pub fn day(&self, d: PartialDate) -> Shown<'a> {
        Shown::Day(d, self.site.config.date_style)
    }

    /// A date expression (of an event, a quote), as readers of this site see dates.
    pub fn dated(&self, date: &'a DateExpr) -> Dated<'a> {
        Dated { date, style: self.site.config.date_style }
    }

    pub fn briefing_link(&self, bi: usize) -> Link<'a> {
        let b: &'a Briefing = &self.site.briefings[bi];
        Link { title: &b.title, url: self.href(Place::Briefing(&b.slug), None) }
    }

    pub fn actor(&self, ai: usize) -> ActorLink<'a> {
        let a: &'a Actor = &self.site.actors[ai];
        ActorLink {
            id: &a.id,
            name: &a.name,
            kind: a.kind.name(),
            role: a.role.as_deref(),
            url: self.href(Place::Actor(&a.id), None),
        }
    }

    pub fn tag_link(&self, tag: &'a Slug) -> Link<'a> {
        Link { title: tag.as_str(), url: self.href(Place::Tag(tag), None) }
    }

    pub fn card(&self, bi: usize) -> BriefingCard<'a> {
        let b: &'a Briefing = &self.site.briefings[bi];
        BriefingCard {
            title: &b.title,
            url: self.href(Place::Briefing(&b.slug), None),
            date: self.day(b.date),
            datetime: Shown::Iso(b.date),
            summary: b.summary.as_deref(),
            draft: b.draft,
            actors: b.actors_by_presence().into_iter().take(CARD_ACTORS).map(|a| self.actor(a)).collect(),
            more_actors: b.actors.len().saturating_sub(CARD_ACTORS),
            tags: b.tags.iter().map(|t| self.tag_link(t)).collect(),
            quotes: b.quotes.len(),
            questions: b.questions.len(),
            events: b.events.len(),
        }
    }

    pub fn entry(&self, bi: usize) -> BriefingEntry<'a> {
        let b: &'a Briefing = &self.site.briefings[bi];
        BriefingEntry {
            title: &b.title,
            url: self.href(Place::Briefing(&b.slug), None),
            date: self.day(b.date),
            datetime: Shown::Iso(b.date),
            summary: b.summary.as_deref(),
        }
    }

    pub fn quote(&self, bi: usize, qi: usize) -> QuoteView<'a> {
        let b: &'a Briefing = &self.site.briefings[bi];
        let q = &b.quotes[qi];
        let page = Place::Briefing(&b.slug);
        let (cut_start, cut_end) = cuts(&q.text);
        QuoteView {
            anchor: &q.anchor,
            text: &q.text,
            cut_start,
            cut_end,
            context: q.context.as_deref(),
            date: q.date.as_ref().map(|d| Shown::Label(self.dated(d))),
            by: self.actor(q.by),
            briefing: self.briefing_link(bi),
            url: self.href(page, Some(Anchor::Id(&q.anchor))),
            passage_url: (!q.passage.is_empty()).then(|| self.href(page, Some(Anchor::Passage(&q.anchor)))),
            speakers: q.also_by.iter().map(|&a| self.actor(a)).collect(),
            attribution: q.attribution.map(|a| a.name()),
            lang: q.lang.as_deref(),
            translation: q.translation.as_deref(),
            paragraphs: paragraphs(&q.text, &q.pieces),
            translation_paragraphs: q
                .translation
                .as_deref()
                .map_or(Vec::new(), |t| paragraphs(t, &q.translation_pieces)),
            sources: self.citations(&q.citations),
        }
    }

    pub fn question(&self, bi: usize, qi: usize) -> QuestionView<'a> {
        let b: &'a Briefing = &self.site.briefings[bi];
        let q = &b.questions[qi];
        QuestionView {
            anchor: &q.anchor,
            text: &q.text,
            status: q.status.name(),
            answer: q.answer.as_deref(),
            answered_by: q.answered_by.map(|t| self.briefing_link(t)),
            briefing: self.briefing_link(bi),
            url: self.href(Place::Briefing(&b.slug), Some(Anchor::Id(&q.anchor))),
            sources: self.citations(&q.citations),
        }
    }

    pub fn event(&self, ti: usize) -> EventView<'a> {
        let e: &'a crate::model::TimelineEntry = &self.site.timeline[ti];
        let mut seen: Vec<usize> = Vec::new();
        for &(bi, _) in &e.sources {
            if !seen.contains(&bi) {
                seen.push(bi);
            }
        }
        EventView {
            anchor: &e.anchor,
            date: Shown::Label(self.dated(&e.date)),
            datetime: Shown::Machine(&e.date),
            approx: e.date.approx,
            range: e.date.end.is_some(),
            title: &e.title,
            description: e.description.as_deref(),
            actors: e.actors.iter().map(|&a| self.actor(a)).collect(),
            briefings: seen.into_iter().map(|bi| self.briefing_link(bi)).collect(),
            url: self.event_url(ti),
            sources: self.event_citations(ti),
        }
    }

    /// Relation `ri` as read from actor `side` (either of its actors).
    pub fn relation(&self, ri: usize, side: usize) -> RelationView<'a> {
        let site: &'a Site = self.site;
        let r = &site.relations[ri];
        let t = &site.relation_types[r.kind];
        let (from, to, label) = if r.from == side { (r.from, r.to, &t.label) } else { (r.to, r.from, &t.inverse) };
        RelationView {
            from: self.actor(from),
            label,
            kind: &t.id,
            to: self.actor(to),
            since: r.since.as_ref().map(|d| Shown::Label(self.dated(d))),
            since_datetime: r.since.as_ref().map(Shown::Machine),
            until: r.until.as_ref().map(|d| Shown::Label(self.dated(d))),
            until_datetime: r.until.as_ref().map(Shown::Machine),
            note: r.note.as_deref(),
            source: r.source.as_ref(),
            sources: self.citations(&r.citations),
            briefing: r.briefing.map(|b| self.briefing_link(b)),
        }
    }

    /// Change `ci` of briefing `bi`.
    pub fn change(&self, bi: usize, ci: usize) -> ChangeView<'a> {
        let b: &'a Briefing = &self.site.briefings[bi];
        let c = &b.changes[ci];
        ChangeView {
            anchor: &c.anchor,
            date: self.day(c.date),
            datetime: Shown::Iso(c.date),
            note: &c.note,
            sources: self.citations(&c.citations),
            briefing: self.briefing_link(bi),
            url: self.href(Place::Briefing(&b.slug), Some(Anchor::Id(&c.anchor))),
        }
    }

    /// The link to timeline entry `ti` on its timeline page.
    pub fn event_url(&self, ti: usize) -> Href<'a> {
        let site: &'a Site = self.site;
        self.href(Place::Path(&self.lists.timeline_paths[ti]), Some(Anchor::Id(&site.timeline[ti].anchor)))
    }

    /// The body of briefing `bi`, its links, passages and mentions linked from this page.
    pub fn body(&self, bi: usize) -> Markdown<'a> {
        let site = self.site;
        let b: &'a Briefing = &site.briefings[bi];
        let passages = b
            .quotes
            .iter()
            .map(|q| Passage { anchor: &q.anchor, speaker: &site.actors[q.by].name, spans: &q.passage })
            .collect();
        let mentions = b
            .mention_links
            .iter()
            .filter_map(|m| {
                let (first, last) = (*m.spans.first()?, *m.spans.last()?);
                let a = &site.actors[m.actor];
                Some(MentionLink { url: self.to(&layout::actor(&a.id)), preview: a.role.as_deref(), first, last })
            })
            .collect();
        let files = &b.attachments.files;
        let images = b.attachments.images.iter().map(|r| ImageTo { dest: &r.dest, size: files[r.file].size }).collect();
        Markdown {
            text: Digested { text: b.body(), digest: b.digest },
            links: self.links(&b.refs),
            passages,
            mentions,
            images,
            notes: self.note_marks(bi),
        }
    }

    /// The biography of actor `ai`, its links made from this page.
    pub fn bio(&self, ai: usize) -> Option<Markdown<'a>> {
        let a: &'a Actor = &self.site.actors[ai];
        let text = a.bio.as_deref()?;
        let digest = xxhash_rust::xxh3::xxh3_128(text.as_bytes());
        Some(Markdown {
            text: Digested { text, digest },
            links: self.links(&a.bio_refs),
            passages: Vec::new(),
            mentions: Vec::new(),
            images: Vec::new(),
            notes: Vec::new(),
        })
    }

    /// Where the links `refs` of a text go, from this page.
    pub(super) fn links(&self, refs: &'a [Ref]) -> Vec<LinkTo<'a>> {
        let site = self.site;
        refs.iter()
            .map(|r| {
                let (url, label, preview) = match &r.target {
                    Target::Briefing(t, fragment) => {
                        let b = &site.briefings[*t];
                        let path = layout::briefing(&b.slug);
                        let url = match fragment {
                            Some(f) => self.to_anchor(&path, f),
                            None => self.to(&path),
                        };
                        // A link within the briefing (`[[#…]]`) reads as what it points to.
                        let label = match fragment {
                            Some(f) if r.dest.starts_with('#') => anchor_text(b, f).unwrap_or(&b.title),
                            _ => &b.title,
                        };
                        (url, label, b.summary.as_deref().filter(|_| fragment.is_none()))
                    }
                    Target::Actor(a) => {
                        let a = &site.actors[*a];
                        (self.to(&layout::actor(&a.id)), a.name.as_str(), a.role.as_deref())
                    }
                };
                LinkTo { dest: &r.dest, wiki: r.wiki, url, label, preview }
            })
            .collect()
    }

    /// Links between the pages of a listing split into `total` pages at `base`; `None` for a
    /// listing on one page.
    pub fn pager(&self, base: &str, current: usize, total: usize) -> Option<Pager> {
        if total <= 1 {
            return None;
        }
        let url = |n: usize| self.to(&layout::page(base, n));
        let pages = pager_numbers(current, total)
            .into_iter()
            .map(|n| match n {
                Some(n) => PageLink { label: n.to_string(), url: Some(url(n)), current: n == current },
                None => PageLink { label: "…".into(), url: None, current: false },
            })
            .collect();
        Some(Pager {
            current,
            total,
            first: (current - 1) * self.site.config.page_size + 1,
            prev: (current > 1).then(|| url(current - 1)),
            next: (current < total).then(|| url(current + 1)),
            pages,
        })
    }
}

/// Pages around the current one a pager links to, on each side.
const PAGER_AROUND: usize = 2;

/// The page numbers a pager lists: all of them for a short listing; otherwise the first, the
/// last and those around `current`, with `None` for each gap. A pager stays the same small size
/// however long the listing grows (listing every page would make each page's size, and the
/// site's, grow with the square of the listing).
fn pager_numbers(current: usize, total: usize) -> Vec<Option<usize>> {
    // Up to this many pages, listing them all is no longer than the windowed form.
    let all = 2 * PAGER_AROUND + 5;
    if total <= all {
        return (1..=total).map(Some).collect();
    }
    let from = current.saturating_sub(PAGER_AROUND).max(1);
    let to = (current + PAGER_AROUND).min(total);
    let mut out = Vec::new();
    let mut last = 0;
    for n in [1].into_iter().chain(from..=to).chain([total]) {
        if n <= last {
            continue;
        }
        if n > last + 2 {
            out.push(None);
        } else if n == last + 2 {
            out.push(Some(last + 1)); // a gap of one page: list the page instead of `…`
        }
        out.push(Some(n));
        last = n;
    }
    out
}

/// Whether quoted words start mid-sentence (with a lowercase letter) and end mid-sentence
/// (without a full stop, question or exclamation mark, or an ellipsis of their own).
fn cuts(text: &str) -> (bool, bool) {
    let closing = |c: char| matches!(c, '"' | '\'' | '\u{201D}' | '\u{2019}' | ')' | ']' | '\u{00BB}');
    let words = text.trim().trim_end_matches(closing);
    let start = words.trim_start_matches(|c: char| !c.is_alphanumeric() && c != '\u{2026}');
    let cut_start = start.chars().next().is_some_and(char::is_lowercase);
    let cut_end = !words.ends_with(['.', '!', '?', '\u{2026}']);
    (cut_start, cut_end)
}

/// The text of the heading, quote or question of `b` whose anchor is `id`.
fn anchor_text<'a>(b: &'a Briefing, id: &str) -> Option<&'a str> {
    let heading = b.headings.iter().find(|h| h.id == id).map(|h| h.title.as_str());
    heading
        .or_else(|| b.quotes.iter().find(|q| q.anchor == id).map(|q| q.text.as_str()))
        .or_else(|| b.questions.iter().find(|q| q.anchor == id).map(|q| q.text.as_str()))
}

#[cfg(test)]
mod tests {
    use super::pager_numbers;

    fn shown(current: usize, total: usize) -> String {
        let n = pager_numbers(current, total);
        n.iter().map(|p| p.map_or("…".to_string(), |n| n.to_string())).collect::<Vec<_>>().join(" ")
    }

    #[test]
    fn short_listings_list_every_page() {
        assert_eq!(shown(1, 1), "1");
        assert_eq!(shown(4, 9), "1 2 3 4 5 6 7 8 9");
    }

    #[test]
    fn long_listings_list_the_ends_and_the_pages_around_the_current_one() {
        assert_eq!(shown(1, 100), "1 2 3 … 100");
        assert_eq!(shown(50, 100), "1 … 48 49 50 51 52 … 100");
        assert_eq!(shown(4, 100), "1 2 3 4 5 6 … 100");
        assert_eq!(shown(5, 100), "1 2 3 4 5 6 7 … 100");
        assert_eq!(shown(100, 100), "1 … 98 99 100");
        // However long the listing, a pager stays small.
        assert!(pager_numbers(5_000, 10_000).len() <= 9);
    }
}

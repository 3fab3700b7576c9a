//! The views of where claims come from and how sure their author is: sources, citations, key
//! judgments and the parts of quotes, shared by briefing pages, the source and judgment pages,
//! actor pages and every card that shows a quote, event or question. Like `views`, they hold
//! references and small values and derive `Hash`, so a page's key covers them.

use super::deferred::{Anchor, Href, Place, Shown};
use super::markdown::{Markdown, NoteMark};
use super::views::{Cx, Link};
use crate::model::citations::Citation;
use crate::model::judgments::{Basis, Judgment, Likelihood};
use crate::model::quotes::Piece;
use crate::model::sources::SourceRecord;
use crate::model::Briefing;
use serde::Serialize;

/// A citation of a source by a claim: the source, and where in it.
#[derive(Serialize, Hash)]
pub struct CitationView<'a> {
    pub id: &'a str,
    pub title: &'a str,
    /// Page, paragraph or timestamp in the source.
    pub locator: Option<&'a str>,
    /// The source's page.
    pub url: Href<'a>,
}

/// A source as a link to its page.
#[derive(Serialize, Hash)]
pub struct SourceLink<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub url: Href<'a>,
}

/// A source and what is known about it.
#[derive(Serialize, Hash)]
pub struct SourceView<'a> {
    pub id: &'a str,
    pub title: &'a str,
    /// Where the source is shown on this site: its page, or its entry in the Sources section
    /// of the one briefing that defines and cites it.
    pub url: Href<'a>,
    /// Whether it has a page of its own (`/sources/<id>/`): a profile, or a source two or more
    /// briefings cite.
    pub own_page: bool,
    /// The original, and an archived copy of it.
    pub original: Option<&'a str>,
    pub archive: Option<&'a str>,
    pub publisher: Option<&'a str>,
    pub author: Option<&'a str>,
    pub published: Option<Shown<'a>>,
    pub published_datetime: Option<Shown<'a>>,
    pub accessed: Option<Shown<'a>>,
    pub accessed_datetime: Option<Shown<'a>>,
    /// `article`, `statement`, `document`, `dataset`, `interview`, `social` or `other`.
    pub kind: Option<&'static str>,
    pub reliability: Option<ReliabilityView>,
    /// How many things cite it, across the site.
    pub citations: usize,
}

/// A letter of the Admiralty scale and what it means.
#[derive(Serialize, Hash)]
pub struct ReliabilityView {
    pub letter: &'static str,
    pub meaning: &'static str,
}

/// An entry of a briefing's Sources section.
#[derive(Serialize, Hash)]
pub struct SourceNote<'a> {
    /// Its number, which the text's notes show.
    pub number: usize,
    pub source: SourceView<'a>,
    /// The briefing's primary source.
    pub primary: bool,
    /// The places of the source the briefing cites (pages, paragraphs, timestamps).
    pub locators: Vec<&'a str>,
    /// Anchors of the text's notes that cite it, to return to (`cite-<id>-1`).
    pub backrefs: Vec<String>,
    /// The source's notes as HTML, for a source with no page of its own (its notes show here).
    pub notes: Option<Markdown<'a>>,
}

/// A step of the likelihood scale: its name, words and probability band.
#[derive(Serialize, Hash, Clone, Copy)]
pub struct LikelihoodView {
    /// `almost-certain`, … (for classes).
    pub name: &'static str,
    /// `almost certain`, …
    pub label: &'static str,
    /// `95–99%`, …
    pub band: &'static str,
}

impl LikelihoodView {
    pub fn of(l: Likelihood) -> LikelihoodView {
        LikelihoodView { name: l.name(), label: l.label(), band: l.band() }
    }

    /// The whole scale, highest first: the legend.
    pub fn scale() -> Vec<LikelihoodView> {
        Likelihood::DESCENDING.into_iter().map(LikelihoodView::of).collect()
    }
}

/// What a judgment rests on: a source, a quote or an event, as a link.
#[derive(Serialize, Hash)]
pub struct BasisView<'a> {
    /// `source`, `quote` or `event`.
    pub kind: &'static str,
    pub title: &'a str,
    pub url: Href<'a>,
}

/// A key judgment.
#[derive(Serialize, Hash)]
pub struct JudgmentView<'a> {
    /// Its anchor on its briefing page (`judgment-<id>`), unique within the briefing.
    pub anchor: &'a str,
    /// Its briefing's slug: `<slug>/<anchor>` is its anchor on a page listing judgments of
    /// several briefings (slugs hold no `/`, so no two are the same).
    pub briefing_slug: &'a str,
    pub text: &'a str,
    pub likelihood: Option<LikelihoodView>,
    /// `low`, `moderate` or `high`.
    pub confidence: Option<&'static str>,
    /// `current`, `confirmed`, `refuted` or `superseded`.
    pub status: &'static str,
    /// The day it took that status (`status_changed:`), as readers see it and for
    /// `<time datetime>`.
    pub status_date: Option<Shown<'a>>,
    pub status_datetime: Option<Shown<'a>>,
    pub basis: Vec<BasisView<'a>>,
    pub sources: Vec<CitationView<'a>>,
    pub briefing: Link<'a>,
    /// The judgment on its briefing page.
    pub url: Href<'a>,
}

/// A part of a quote as written.
#[derive(Serialize, Hash)]
pub struct QuotePart<'a> {
    /// `words`, `gap` (an ellipsis: words left out) or `insertion` (`[words]` of the editor).
    pub kind: &'static str,
    pub text: &'a str,
}

/// The paragraphs of a quote (or of its translation), each a list of parts.
pub fn paragraphs<'a>(text: &'a str, pieces: &[Piece]) -> Vec<Vec<QuotePart<'a>>> {
    let mut out: Vec<Vec<QuotePart>> = vec![Vec::new()];
    let slice = |r: &std::ops::Range<u32>| text.get(r.start as usize..r.end as usize).unwrap_or("");
    for p in pieces {
        match p {
            Piece::Words(r) => push(&mut out, "words", slice(r)),
            Piece::Gap(r) => push(&mut out, "gap", slice(r)),
            Piece::Insertion(r) => push(&mut out, "insertion", slice(r)),
            Piece::Space => push(&mut out, "words", " "),
            Piece::Break => out.push(Vec::new()),
        }
    }
    out.retain(|p| !p.is_empty());
    out
}

fn push<'a>(out: &mut [Vec<QuotePart<'a>>], kind: &'static str, text: &'a str) {
    if let Some(last) = out.last_mut() {
        last.push(QuotePart { kind, text });
    }
}

/// The first number in a locator (`paras. 8, 13` → 8), to order locators as the source does.
fn first_number(locator: &str) -> u64 {
    let digits: String =
        locator.chars().skip_while(|c| !c.is_ascii_digit()).take_while(char::is_ascii_digit).take(18).collect();
    digits.parse().unwrap_or(u64::MAX)
}

impl<'a> Cx<'a> {
    /// The link to source `si`: its page, or, for a source with no page of its own (`home`),
    /// its entry in the Sources section of the briefing that defines and cites it.
    pub fn source_href(&self, si: usize) -> Href<'a> {
        let s: &'a SourceRecord = &self.site.sources[si];
        match s.home {
            None => self.href(Place::Source(&s.id), None),
            Some(bi) => self.href(Place::Briefing(&self.site.briefings[bi].slug), Some(Anchor::Id(&s.anchor))),
        }
    }

    pub fn source_link(&self, si: usize) -> SourceLink<'a> {
        let s: &'a SourceRecord = &self.site.sources[si];
        SourceLink { id: &s.id, title: &s.title, url: self.source_href(si) }
    }

    pub fn citations(&self, cites: &'a [Citation]) -> Vec<CitationView<'a>> {
        cites.iter().map(|c| self.citation(c)).collect()
    }

    fn citation(&self, c: &'a Citation) -> CitationView<'a> {
        let s: &'a SourceRecord = &self.site.sources[c.source];
        CitationView { id: &s.id, title: &s.title, locator: c.locator.as_deref(), url: self.source_href(c.source) }
    }

    /// The citations of the events a timeline entry merges, each once.
    pub fn event_citations(&self, ti: usize) -> Vec<CitationView<'a>> {
        let site: &'a crate::model::Site = self.site;
        let mut seen: Vec<&'a Citation> = Vec::new();
        for &(bi, ei) in &site.timeline[ti].sources {
            for c in &site.briefings[bi].events[ei].citations {
                if !seen.contains(&c) {
                    seen.push(c);
                }
            }
        }
        seen.into_iter().map(|c| self.citation(c)).collect()
    }

    pub fn source(&self, si: usize) -> SourceView<'a> {
        let s: &'a SourceRecord = &self.site.sources[si];
        SourceView {
            id: &s.id,
            title: &s.title,
            url: self.source_href(si),
            own_page: s.home.is_none(),
            original: s.url.as_deref(),
            archive: s.archive_url.as_deref(),
            publisher: s.publisher.as_deref(),
            author: s.author.as_deref(),
            published: s.published.as_ref().map(|d| Shown::Label(self.dated(d))),
            published_datetime: s.published.as_ref().map(Shown::Machine),
            accessed: s.accessed.map(|d| self.day(d)),
            accessed_datetime: s.accessed.map(Shown::Iso),
            kind: s.kind.map(|k| k.name()),
            reliability: s.reliability.map(|r| ReliabilityView { letter: r.letter(), meaning: r.meaning() }),
            citations: s.cited_by.len() + s.relations.len(),
        }
    }

    /// The Sources section of briefing `bi`: what it cites, numbered as its notes are.
    pub fn source_notes(&self, bi: usize) -> Vec<SourceNote<'a>> {
        let b: &'a Briefing = &self.site.briefings[bi];
        b.cited
            .iter()
            .enumerate()
            .map(|(k, &si)| {
                let mut locators: Vec<&'a str> = Vec::new();
                let mut add = |l: &'a Option<String>| {
                    if let Some(l) = l.as_deref() {
                        if !locators.contains(&l) {
                            locators.push(l);
                        }
                    }
                };
                for n in b.notes.iter().filter(|n| n.source == Some(si)) {
                    add(&n.locator);
                }
                let claims = b.judgments.iter().flat_map(|j| &j.citations);
                let claims = claims.chain(b.quotes.iter().flat_map(|q| &q.citations));
                let claims = claims.chain(b.events.iter().flat_map(|e| &e.citations));
                let claims = claims.chain(b.questions.iter().flat_map(|q| &q.citations));
                let claims = claims.chain(b.changes.iter().flat_map(|c| &c.citations));
                let claims = claims.chain(b.relations.iter().flat_map(|&ri| &self.site.relations[ri].citations));
                for c in claims.filter(|c| c.source == si) {
                    add(&c.locator);
                }
                // Pages and paragraphs in their order in the source (by their first number).
                locators.sort_by_cached_key(|l| (first_number(l), l.to_string()));
                let id = &self.site.sources[si].id;
                let times = b.notes.iter().filter(|n| n.source == Some(si)).count();
                SourceNote {
                    number: k + 1,
                    source: self.source(si),
                    primary: b.primary == Some(si),
                    locators,
                    backrefs: (1..=times).map(|t| format!("cite-{id}-{t}")).collect(),
                    notes: if self.site.sources[si].home.is_some() { self.source_notes_text(si) } else { None },
                }
            })
            .collect()
    }

    /// The text's notes of briefing `bi`, in body order, for `Markdown`.
    pub fn note_marks(&self, bi: usize) -> Vec<NoteMark<'a>> {
        let b: &'a Briefing = &self.site.briefings[bi];
        let mut seen: Vec<usize> = Vec::new();
        b.notes
            .iter()
            .map(|n| {
                let source = n.source.map(|si| {
                    seen.push(si);
                    let s: &'a SourceRecord = &self.site.sources[si];
                    let number = b.cited.iter().position(|&c| c == si).map_or(0, |p| p + 1);
                    (number, s.id.as_str(), s.title.as_str(), seen.iter().filter(|&&x| x == si).count())
                });
                NoteMark { source, locator: n.locator.as_deref() }
            })
            .collect()
    }

    pub fn judgment(&self, bi: usize, ji: usize) -> JudgmentView<'a> {
        let site: &'a crate::model::Site = self.site;
        let b: &'a Briefing = &site.briefings[bi];
        let j: &'a Judgment = &b.judgments[ji];
        let page = Place::Briefing(&b.slug);
        let basis = j
            .basis
            .iter()
            .map(|basis| match *basis {
                Basis::Source(s) => {
                    BasisView { kind: "source", title: &site.sources[s].title, url: self.source_href(s) }
                }
                Basis::Quote(q) => {
                    let q = &b.quotes[q];
                    BasisView { kind: "quote", title: &q.text, url: self.href(page, Some(Anchor::Id(&q.anchor))) }
                }
                Basis::Event(e) => {
                    let t = b.events[e].timeline;
                    BasisView { kind: "event", title: &site.timeline[t].title, url: self.event_url(t) }
                }
            })
            .collect();
        JudgmentView {
            anchor: &j.anchor,
            briefing_slug: b.slug.as_str(),
            text: &j.text,
            likelihood: j.likelihood.map(LikelihoodView::of),
            confidence: j.confidence.map(|c| c.name()),
            status: j.status.name(),
            status_date: j.status_changed.map(|d| self.day(d)),
            status_datetime: j.status_changed.map(Shown::Iso),
            basis,
            sources: self.citations(&j.citations),
            briefing: self.briefing_link(bi),
            url: self.href(page, Some(Anchor::Id(&j.anchor))),
        }
    }

    /// The notes of a source (its profile's body or inline `notes`), its links made from here.
    pub fn source_notes_text(&self, si: usize) -> Option<Markdown<'a>> {
        let s: &'a SourceRecord = &self.site.sources[si];
        let text = s.notes.as_deref()?;
        let digest = xxhash_rust::xxh3::xxh3_128(text.as_bytes());
        Some(Markdown {
            text: super::key::Digested { text, digest },
            links: self.links(&s.notes_refs),
            passages: Vec::new(),
            mentions: Vec::new(),
            images: Vec::new(),
            notes: Vec::new(),
        })
    }
}

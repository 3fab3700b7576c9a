//! Template values that many pages show alike, built once per build instead of once per page.
//!
//! An actor's link, a briefing's card, an event of the timeline: each appears on many pages
//! (a card on the home listing, on each of its tags' pages and as related briefing on others),
//! and its value differs from page to page only by its URLs, which are relative to the page.
//! A relative URL depends on the page's depth alone (`Urls::link` climbs one `../` per folder),
//! so a value is built once per depth, the first time a page at that depth asks for it, and
//! shared: a template value clones by reference count. Links to an anchor on the page itself
//! (`#quote-1` on its own briefing page) are the exception: those values are built per page.
//!
//! While page keys are taken in an incremental rebuild, a page is handed a stand-in for each
//! shared value instead (see `memo::Use`): the hash of the view the value is made from, taken
//! without making the value (an actor or briefing link inside a view enters as its own
//! stand-in). Only the pages whose key changed are built with the values, so a rebuild makes
//! only the values those pages show. One stand-in serves every depth: it hashes the view as
//! seen from `CANONICAL`, one folder deep, whose URLs are `../` and the path linked to. The
//! URLs of the view from any depth are a function of those (another run of `../` before the
//! same path), and everything else in a view is the same at every depth, so views with equal
//! stand-ins are equal at every depth.

use crate::model::Site;
use crate::render::views::{Linker, Views};
use crate::render::{digest, layout, memo};
use serde::Serialize;
use std::sync::OnceLock;
use tera::Value;

/// The domains of shared values' digests, and of the stand-ins of values made for one page.
const SHARED: &[u8] = b"shared value";
const HERE: &[u8] = b"seen from its own page";

/// Pages deeper than this (no built-in page is) build their values themselves.
const MAX_DEPTH: usize = 8;

/// Where stand-ins see views from: one folder deep, and no page's path, so no link from it is
/// to the page itself.
const CANONICAL: &str = "\0/";

/// The values of one build, per depth, and their stand-ins.
pub struct Shared {
    depths: Vec<OnceLock<Slots>>,
    stand_ins: OnceLock<Slots>,
    /// Index of the first quote (question) of each briefing in the slots of all quotes
    /// (questions); one more entry holds the total.
    quote_start: Vec<usize>,
    question_start: Vec<usize>,
}

/// One value (or stand-in) of each kind, each made on first use.
struct Slots {
    actors: Vec<Slot>,
    briefings: Vec<Slot>,
    cards: Vec<Slot>,
    entries: Vec<Slot>,
    events: Vec<Slot>,
    quotes: Vec<Slot>,
    questions: Vec<Slot>,
}

type Slot = OnceLock<Value>;

/// Which slots: a kind of value.
#[derive(Clone, Copy)]
enum Kind {
    Actor,
    Briefing,
    Card,
    Entry,
    Event,
    Quote,
    Question,
}

impl Slots {
    fn new(site: &Site, shared: &Shared) -> Slots {
        let slots = |n: usize| (0..n).map(|_| Slot::new()).collect();
        let count = |starts: &[usize]| starts.last().copied().unwrap_or(0);
        Slots {
            actors: slots(site.actors.len()),
            briefings: slots(site.briefings.len()),
            cards: slots(site.briefings.len()),
            entries: slots(site.briefings.len()),
            events: slots(site.timeline.len()),
            quotes: slots(count(&shared.quote_start)),
            questions: slots(count(&shared.question_start)),
        }
    }

    fn of(&self, kind: Kind) -> &[Slot] {
        match kind {
            Kind::Actor => &self.actors,
            Kind::Briefing => &self.briefings,
            Kind::Card => &self.cards,
            Kind::Entry => &self.entries,
            Kind::Event => &self.events,
            Kind::Quote => &self.quotes,
            Kind::Question => &self.questions,
        }
    }
}

fn starts(counts: impl Iterator<Item = usize>) -> Vec<usize> {
    let mut out = vec![0];
    let mut total = 0;
    for n in counts {
        total += n;
        out.push(total);
    }
    out
}

impl Shared {
    pub fn new(site: &Site) -> Self {
        Shared {
            depths: (0..=MAX_DEPTH).map(|_| OnceLock::new()).collect(),
            stand_ins: OnceLock::new(),
            quote_start: starts(site.briefings.iter().map(|b| b.quotes.len())),
            question_start: starts(site.briefings.iter().map(|b| b.questions.len())),
        }
    }

    /// The values for the page `v` is built for.
    pub fn linked<'s, 'a>(&'s self, v: &'s Views<'a>) -> Linked<'s, 'a> {
        let depth = v.page.matches('/').count();
        let slots = self.depths.get(depth).map(|d| d.get_or_init(|| Slots::new(v.site, self)));
        Linked { v, shared: self, slots }
    }
}

/// The shared values as seen from one page.
pub struct Linked<'s, 'a> {
    v: &'s Views<'a>,
    shared: &'s Shared,
    /// `None` for a page deeper than `MAX_DEPTH`.
    slots: Option<&'s Slots>,
}

impl<'a> Linker<'a> for Linked<'_, 'a> {
    type Actor = Value;
    type Briefing = Value;

    fn actor_link(&self, ai: usize) -> Value {
        self.actor(ai)
    }

    fn briefing_ref(&self, bi: usize) -> Value {
        self.briefing(bi)
    }
}

impl<'a> Linked<'_, 'a> {
    /// The value of slot `i` of `kind` (made by `make` on first use), or a fresh one where this
    /// page has none (`here`: a value that links to an anchor on this page; or a page deeper
    /// than `MAX_DEPTH`). While a page key is taken, a stand-in instead: the hash of `view`, the
    /// view `make` turns into the value, its own links in full and the actor and briefing links
    /// it holds as their stand-ins (this is their linker), so an equal hash means an equal
    /// value. A slot's stand-in sees the view from `CANONICAL`, made once for every depth. A
    /// value made for this page alone is the same view seen from this page, which is a
    /// function of the view from `CANONICAL` and the page's path (the links to this page become
    /// bare anchors), so its stand-in hashes those two.
    fn get<V: Serialize>(
        &self,
        (kind, i): (Kind, usize),
        here: bool,
        view: impl FnOnce(&Views<'a>) -> V,
        make: impl FnOnce() -> Value,
    ) -> Value {
        if self.v.memo.is_some_and(|m| m.stand_ins) {
            let site = self.v.site;
            let stand_ins = self.shared.stand_ins.get_or_init(|| Slots::new(site, self.shared));
            let Some(cell) = stand_ins.of(kind).get(i) else {
                return memo::hand_out(&memo::stand_in(digest::of(SHARED, &view(self.v))));
            };
            let canonical = cell.get_or_init(|| {
                let from = Views {
                    site,
                    urls: self.v.urls,
                    page: CANONICAL,
                    timeline_pages: self.v.timeline_pages,
                    memo: None,
                };
                memo::stand_in(digest::of(SHARED, &view(&from)))
            });
            if here {
                let seen_here = digest::of(HERE, &(canonical.as_str(), self.v.page));
                return memo::hand_out(&memo::stand_in(seen_here));
            }
            return memo::hand_out(canonical);
        }
        match self.slots.filter(|_| !here).and_then(|slots| slots.of(kind).get(i)) {
            Some(cell) => cell.get_or_init(make).clone(),
            None => make(),
        }
    }

    /// An `ActorLink`.
    pub fn actor(&self, ai: usize) -> Value {
        self.get((Kind::Actor, ai), false, |v| v.actor(ai), || Value::from_serializable(&self.v.actor(ai)))
    }

    /// A `Link` to a briefing.
    pub fn briefing(&self, bi: usize) -> Value {
        self.get(
            (Kind::Briefing, bi),
            false,
            |v| v.briefing_link(bi),
            || Value::from_serializable(&self.v.briefing_link(bi)),
        )
    }

    /// A `BriefingCard`.
    pub fn card(&self, bi: usize) -> Value {
        self.get(
            (Kind::Card, bi),
            false,
            |v| v.card_by(self, bi),
            || Value::from_serializable(&self.v.card_by(self, bi)),
        )
    }

    /// A `BriefingEntry`.
    pub fn entry(&self, bi: usize) -> Value {
        self.get((Kind::Entry, bi), false, |v| v.entry(bi), || Value::from_serializable(&self.v.entry(bi)))
    }

    /// An `EventView`.
    pub fn event(&self, ti: usize) -> Value {
        let here = self.same_page(&self.v.timeline_pages[ti]);
        self.get(
            (Kind::Event, ti),
            here,
            |v| v.event_by(self, ti),
            || Value::from_serializable(&self.v.event_by(self, ti)),
        )
    }

    /// A `QuoteView`.
    pub fn quote(&self, bi: usize, qi: usize) -> Value {
        let here = self.same_page(&self.briefing_path(bi));
        self.get(
            (Kind::Quote, self.shared.quote_start[bi] + qi),
            here,
            |v| v.quote_by(self, bi, qi),
            || Value::from_serializable(&self.v.quote_by(self, bi, qi)),
        )
    }

    /// A `QuestionView`.
    pub fn question(&self, bi: usize, qi: usize) -> Value {
        let here = self.same_page(&self.briefing_path(bi));
        self.get(
            (Kind::Question, self.shared.question_start[bi] + qi),
            here,
            |v| v.question_by(self, bi, qi),
            || Value::from_serializable(&self.v.question_by(self, bi, qi)),
        )
    }

    /// Whether a link from this page to an anchor on `path` is written as the bare `#anchor`,
    /// which only this page does.
    fn same_page(&self, path: &str) -> bool {
        !self.v.urls.portable && path == self.v.page
    }

    fn briefing_path(&self, bi: usize) -> String {
        layout::briefing(&self.v.site.briefings[bi].slug)
    }
}

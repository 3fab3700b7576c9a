//! Template values that many pages show alike, built once per build instead of once per page.
//!
//! An actor's link, a briefing's card, an event of the timeline: each appears on many pages
//! (a card on the home listing, on each of its tags' pages and as related briefing on others),
//! and its value differs from page to page only by its URLs, which are relative to the page.
//! A relative URL depends on the page's depth alone (`Urls::link` climbs one `../` per folder),
//! so a value is built once per depth, the first time a page at that depth asks for it, and
//! shared: a template value clones by reference count. Links to an anchor on the page itself
//! (`#quote-1` on its own briefing page) are the exception: those values are built per page.

use crate::model::Site;
use crate::render::views::{Linker, Views};
use crate::render::{cache, layout, memo};
use std::sync::OnceLock;
use tera::Value;

/// Pages deeper than this (no built-in page is) build their values themselves.
const MAX_DEPTH: usize = 8;

/// The values of one build, per depth.
pub struct Shared {
    depths: Vec<OnceLock<Slots>>,
    /// Index of the first quote (question) of each briefing in the slots of all quotes
    /// (questions); one more entry holds the total.
    quote_start: Vec<usize>,
    question_start: Vec<usize>,
}

/// The values of one depth, each built on first use.
struct Slots {
    actors: Vec<Slot>,
    briefings: Vec<Slot>,
    cards: Vec<Slot>,
    entries: Vec<Slot>,
    events: Vec<Slot>,
    quotes: Vec<Slot>,
    questions: Vec<Slot>,
}

/// One shared value and, in incremental rebuilds, the hash of its contents: page keys hash the
/// value as that hash rather than walking it on every page that shows it.
#[derive(Default)]
struct Slot {
    value: OnceLock<Value>,
    digest: OnceLock<u128>,
}

fn slots(n: usize) -> Vec<Slot> {
    (0..n).map(|_| Slot::default()).collect()
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
            quote_start: starts(site.briefings.iter().map(|b| b.quotes.len())),
            question_start: starts(site.briefings.iter().map(|b| b.questions.len())),
        }
    }

    /// The values for the page `v` is built for.
    pub fn linked<'s, 'a>(&'s self, v: &'s Views<'a>) -> Linked<'s, 'a> {
        let depth = v.page.matches('/').count();
        let slots = self.depths.get(depth).map(|d| {
            d.get_or_init(|| {
                let site = v.site;
                let count = |starts: &[usize]| starts.last().copied().unwrap_or(0);
                Slots {
                    actors: slots(site.actors.len()),
                    briefings: slots(site.briefings.len()),
                    cards: slots(site.briefings.len()),
                    entries: slots(site.briefings.len()),
                    events: slots(site.timeline.len()),
                    quotes: slots(count(&self.quote_start)),
                    questions: slots(count(&self.question_start)),
                }
            })
        });
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

impl Linked<'_, '_> {
    /// The value in `slot` (built by `make` if it is the first use), or a fresh one without a
    /// slot. While a page key is to be taken from the context, the value's hash is noted for it.
    fn get(&self, slot: Option<&Slot>, make: impl FnOnce() -> Value) -> Value {
        let Some(slot) = slot else { return make() };
        let value = slot.value.get_or_init(make);
        if self.v.memo.is_some_and(|m| m.stand_ins) {
            memo::note_shared(value, *slot.digest.get_or_init(|| cache::digest(value)));
        }
        value.clone()
    }

    /// Whether a link from this page to an anchor on `path` is written as the bare `#anchor`,
    /// which only this page does.
    fn same_page(&self, path: &str) -> bool {
        !self.v.urls.portable && path == self.v.page
    }

    /// An `ActorLink`.
    pub fn actor(&self, ai: usize) -> Value {
        self.get(self.slots.and_then(|s| s.actors.get(ai)), || Value::from_serializable(&self.v.actor(ai)))
    }

    /// A `Link` to a briefing.
    pub fn briefing(&self, bi: usize) -> Value {
        self.get(self.slots.and_then(|s| s.briefings.get(bi)), || Value::from_serializable(&self.v.briefing_link(bi)))
    }

    /// A `BriefingCard`.
    pub fn card(&self, bi: usize) -> Value {
        self.get(self.slots.and_then(|s| s.cards.get(bi)), || Value::from_serializable(&self.v.card_by(self, bi)))
    }

    /// A `BriefingEntry`.
    pub fn entry(&self, bi: usize) -> Value {
        self.get(self.slots.and_then(|s| s.entries.get(bi)), || Value::from_serializable(&self.v.entry(bi)))
    }

    /// An `EventView`.
    pub fn event(&self, ti: usize) -> Value {
        let slot = self.slots.filter(|_| !self.same_page(&self.v.timeline_pages[ti])).and_then(|s| s.events.get(ti));
        self.get(slot, || Value::from_serializable(&self.v.event_by(self, ti)))
    }

    /// A `QuoteView`.
    pub fn quote(&self, bi: usize, qi: usize) -> Value {
        let slot = self.slots.filter(|_| !self.same_page(&self.briefing_path(bi)));
        let slot = slot.and_then(|s| s.quotes.get(self.shared.quote_start[bi] + qi));
        self.get(slot, || Value::from_serializable(&self.v.quote_by(self, bi, qi)))
    }

    /// A `QuestionView`.
    pub fn question(&self, bi: usize, qi: usize) -> Value {
        let slot = self.slots.filter(|_| !self.same_page(&self.briefing_path(bi)));
        let slot = slot.and_then(|s| s.questions.get(self.shared.question_start[bi] + qi));
        self.get(slot, || Value::from_serializable(&self.v.question_by(self, bi, qi)))
    }

    fn briefing_path(&self, bi: usize) -> String {
        layout::briefing(&self.v.site.briefings[bi].slug)
    }
}

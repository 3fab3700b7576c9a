//! The data templates see: serialize-only views over the model, with every URL already made
//! relative to the page being rendered. Views borrow from the model; nothing here is stored.

use super::layout::{self, Urls};
use crate::model::slug::Slug;
use crate::model::{Actor, Briefing, Site};
use serde::Serialize;

/// Builds views for one page: knows the site, the URL rules and where the page is.
pub struct Views<'a> {
    pub site: &'a Site,
    pub urls: Urls,
    pub page: &'a str,
    /// Page index of each timeline entry (for links to events).
    pub timeline_pages: &'a [String],
    /// What the last render made, in incremental rebuilds (bodies and pictures), and whether
    /// this context is built for a page key (with stand-ins, see `memo::Use`).
    pub memo: Option<super::memo::Use<'a>>,
}

#[derive(Serialize)]
pub struct Link<'a> {
    pub title: &'a str,
    pub url: String,
}

#[derive(Serialize)]
pub struct ActorLink<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub kind: &'static str,
    pub role: Option<&'a str>,
    pub url: String,
}

/// A briefing in a listing. `A` is how its actors are linked (see `Linker`).
#[derive(Serialize)]
pub struct BriefingCard<'a, A = ActorLink<'a>> {
    pub title: &'a str,
    pub url: String,
    pub date: String,
    pub datetime: String,
    pub summary: Option<&'a str>,
    pub draft: bool,
    pub actors: Vec<A>,
    pub tags: Vec<Link<'a>>,
    pub quotes: usize,
    pub questions: usize,
    pub events: usize,
}

/// A briefing in a compact list: title, date and summary.
#[derive(Serialize)]
pub struct BriefingEntry<'a> {
    pub title: &'a str,
    pub url: String,
    pub date: String,
    pub datetime: String,
    pub summary: Option<&'a str>,
}

/// `A` and `B` are how the speaker and the briefing are linked (see `Linker`).
#[derive(Serialize)]
pub struct QuoteView<'a, A = ActorLink<'a>, B = Link<'a>> {
    pub anchor: &'a str,
    pub text: &'a str,
    pub context: Option<&'a str>,
    pub date: Option<String>,
    pub by: A,
    pub briefing: B,
    /// The quote card on its briefing page.
    pub url: String,
    /// The quoted passage in the briefing's text, when it was found there.
    pub passage_url: Option<String>,
}

/// `B` is how briefings are linked (see `Linker`).
#[derive(Serialize)]
pub struct QuestionView<'a, B = Link<'a>> {
    pub anchor: &'a str,
    pub text: &'a str,
    pub status: &'static str,
    pub answer: Option<&'a str>,
    pub answered_by: Option<B>,
    pub briefing: B,
    pub url: String,
}

/// `A` and `B` are how actors and briefings are linked (see `Linker`).
#[derive(Serialize)]
pub struct EventView<'a, A = ActorLink<'a>, B = Link<'a>> {
    pub anchor: &'a str,
    pub date: String,
    pub datetime: String,
    pub approx: bool,
    pub range: bool,
    pub title: &'a str,
    pub description: Option<&'a str>,
    pub actors: Vec<A>,
    pub briefings: Vec<B>,
    /// The entry on the site timeline.
    pub url: String,
}

#[derive(Serialize)]
pub struct PageLink {
    pub label: String,
    /// `None` for a gap (`…`) between the pages listed.
    pub url: Option<String>,
    pub current: bool,
}

/// Navigation between the pages of a split listing.
#[derive(Serialize)]
pub struct Pager {
    pub current: usize,
    pub total: usize,
    pub prev: Option<String>,
    pub next: Option<String>,
    pub pages: Vec<PageLink>,
}

/// How the views that contain links to actors and briefings (cards, quotes, questions, events)
/// make those links: `Views` makes `ActorLink`s and `Link`s; the page contexts use template
/// values shared between pages (`shared::Linked`).
pub trait Linker<'a> {
    type Actor: Serialize;
    type Briefing: Serialize;
    fn actor_link(&self, ai: usize) -> Self::Actor;
    fn briefing_ref(&self, bi: usize) -> Self::Briefing;
}

impl<'a> Linker<'a> for Views<'a> {
    type Actor = ActorLink<'a>;
    type Briefing = Link<'a>;

    fn actor_link(&self, ai: usize) -> ActorLink<'a> {
        self.actor(ai)
    }

    fn briefing_ref(&self, bi: usize) -> Link<'a> {
        self.briefing_link(bi)
    }
}

impl<'a> Views<'a> {
    pub fn to(&self, path: &str) -> String {
        self.urls.link(self.page, path)
    }

    pub fn to_anchor(&self, path: &str, fragment: &str) -> String {
        self.urls.anchor(self.page, path, fragment)
    }

    pub fn briefing_link(&self, bi: usize) -> Link<'a> {
        let b = &self.site.briefings[bi];
        Link { title: &b.title, url: self.to(&layout::briefing(&b.slug)) }
    }

    pub fn actor(&self, ai: usize) -> ActorLink<'a> {
        let a: &'a Actor = &self.site.actors[ai];
        ActorLink {
            id: &a.id,
            name: &a.name,
            kind: a.kind.name(),
            role: a.role.as_deref(),
            url: self.to(&layout::actor(&a.id)),
        }
    }

    pub fn tag_link(&self, tag: &'a Slug) -> Link<'a> {
        Link { title: tag, url: self.to(&layout::tag(tag)) }
    }

    pub fn card_by<K: Linker<'a>>(&self, k: &K, bi: usize) -> BriefingCard<'a, K::Actor> {
        let b: &'a Briefing = &self.site.briefings[bi];
        BriefingCard {
            title: &b.title,
            url: self.to(&layout::briefing(&b.slug)),
            date: b.date.long(),
            datetime: b.date.iso(),
            summary: b.summary.as_deref(),
            draft: b.draft,
            actors: b.actors.iter().map(|&a| k.actor_link(a)).collect(),
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
            url: self.to(&layout::briefing(&b.slug)),
            date: b.date.long(),
            datetime: b.date.iso(),
            summary: b.summary.as_deref(),
        }
    }

    pub fn quote(&self, bi: usize, qi: usize) -> QuoteView<'a> {
        self.quote_by(self, bi, qi)
    }

    pub fn quote_by<K: Linker<'a>>(&self, k: &K, bi: usize, qi: usize) -> QuoteView<'a, K::Actor, K::Briefing> {
        let b: &'a Briefing = &self.site.briefings[bi];
        let q = &b.quotes[qi];
        QuoteView {
            anchor: &q.anchor,
            text: &q.text,
            context: q.context.as_deref(),
            date: q.date.as_ref().map(|d| d.label()),
            by: k.actor_link(q.by),
            briefing: k.briefing_ref(bi),
            url: self.to_anchor(&layout::briefing(&b.slug), &q.anchor),
            passage_url: (!q.passage.is_empty())
                .then(|| self.to_anchor(&layout::briefing(&b.slug), &format!("passage-{}", q.anchor))),
        }
    }

    pub fn question(&self, bi: usize, qi: usize) -> QuestionView<'a> {
        self.question_by(self, bi, qi)
    }

    pub fn question_by<K: Linker<'a>>(&self, k: &K, bi: usize, qi: usize) -> QuestionView<'a, K::Briefing> {
        let b: &'a Briefing = &self.site.briefings[bi];
        let q = &b.questions[qi];
        QuestionView {
            anchor: &q.anchor,
            text: &q.text,
            status: q.status.name(),
            answer: q.answer.as_deref(),
            answered_by: q.answered_by.map(|t| k.briefing_ref(t)),
            briefing: k.briefing_ref(bi),
            url: self.to_anchor(&layout::briefing(&b.slug), &q.anchor),
        }
    }

    pub fn event_by<K: Linker<'a>>(&self, k: &K, ti: usize) -> EventView<'a, K::Actor, K::Briefing> {
        let e = &self.site.timeline[ti];
        let mut seen: Vec<usize> = Vec::new();
        for &(bi, _) in &e.sources {
            if !seen.contains(&bi) {
                seen.push(bi);
            }
        }
        let briefings = seen.into_iter().map(|bi| k.briefing_ref(bi)).collect();
        EventView {
            anchor: &e.anchor,
            date: e.date.label(),
            datetime: e.date.datetime(),
            approx: e.date.approx,
            range: e.date.end.is_some(),
            title: &e.title,
            description: e.description.as_deref(),
            actors: e.actors.iter().map(|&a| k.actor_link(a)).collect(),
            briefings,
            url: self.to_anchor(&self.timeline_pages[ti], &e.anchor),
        }
    }
}

/// Links between the pages of a listing split into `total` pages at `base`.
pub fn pager(urls: Urls, page: &str, base: &str, current: usize, total: usize) -> Pager {
    let url = |n: usize| urls.link(page, &layout::page(base, n));
    let mut pages = Vec::new();
    for n in pager_numbers(current, total) {
        pages.push(match n {
            Some(n) => PageLink { label: n.to_string(), url: Some(url(n)), current: n == current },
            None => PageLink { label: "…".into(), url: None, current: false },
        });
    }
    Pager {
        current,
        total,
        prev: (current > 1).then(|| url(current - 1)),
        next: (current < total).then(|| url(current + 1)),
        pages,
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

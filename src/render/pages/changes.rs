//! `/changes/`: what's new on the site, newest first and grouped by day: briefings published,
//! briefings updated (with their notes), questions answered by a later briefing, key judgments
//! confirmed, refuted or superseded, actors seen for the first time (see `model::changes`); split into pages when longer than `page_size`.
//! Its feed is `/changes/atom.xml` (`feed`).

use super::{listing, paged_title, At, Built, Page};
use crate::model::date::PartialDate;
use crate::model::{News, Site};
use crate::render::deferred::{Anchor, Href, Place, Shown};
use crate::render::feed;
use crate::render::layout::{chunks, Listings};
use crate::render::views::{ActorLink, Cx, Link, Pager};
use serde::Serialize;

pub struct ChangesPage;

#[derive(Serialize, Hash)]
pub struct ChangesModel<'a> {
    /// This page's days, newest first.
    pub days: Vec<ChangesDay<'a>>,
    /// Entries on all pages.
    pub total: usize,
    /// The feed of what's new.
    pub feed: String,
    /// Between the pages of a split listing; absent on a listing of one page.
    pub pager: Option<Pager>,
}

/// What happened on one day.
#[derive(Serialize, Hash)]
pub struct ChangesDay<'a> {
    pub date: Shown<'a>,
    pub datetime: Shown<'a>,
    pub items: Vec<NewsView<'a>>,
}

/// One thing that happened.
#[derive(Serialize, Hash)]
pub struct NewsView<'a> {
    /// `published`, `updated`, `answered`, `judged` or `first-seen`.
    pub kind: &'static str,
    /// The briefing published, updated, whose question was answered, whose judgment took its
    /// status, or where actors were first seen.
    pub briefing: Link<'a>,
    /// Where the entry points: the briefing, the change's note, or the question.
    pub url: Href<'a>,
    /// `published`: the briefing's summary.
    pub summary: Option<&'a str>,
    /// `updated`: the change's note.
    pub note: Option<&'a str>,
    /// `answered`: the question, and the briefing that answers it.
    pub question: Option<&'a str>,
    pub answered_by: Option<Link<'a>>,
    /// `judged`: the judgment, and the status it took (`confirmed`, `refuted`, `superseded`,
    /// `current`).
    pub judgment: Option<&'a str>,
    pub status: Option<&'static str>,
    /// `first-seen`: the actors.
    pub actors: Vec<ActorLink<'a>>,
}

impl Page for ChangesPage {
    const NAME: &'static str = "changes";
    const TEMPLATE: &'static str = "changes.html";
    const SECTION: &'static str = "changes";
    type Model<'a> = ChangesModel<'a>;

    fn plan(site: &Site, _: &Listings) -> Vec<(String, At)> {
        listing(feed::CHANGES_PAGE, site.news.len(), site.config.page_size, 0)
    }

    fn build<'a>(cx: &Cx<'a>, at: At) -> Built<ChangesModel<'a>> {
        let site = cx.site;
        let pages = chunks(site.news.len(), site.config.page_size);
        let mut days: Vec<ChangesDay<'a>> = Vec::new();
        for n in &site.news[pages[at.n - 1].clone()] {
            if days.last().is_none_or(|d| !matches!(d.date, Shown::Day(x, _) if x == n.date)) {
                days.push(ChangesDay { date: cx.day(n.date), datetime: Shown::Iso(n.date), items: Vec::new() });
            }
            if let Some(d) = days.last_mut() {
                d.items.push(view(cx, &n.what));
            }
        }
        Built {
            title: paged_title("What’s new", at.n),
            description: format!("What is new in {}, newest first", site.config.title),
            page: ChangesModel {
                days,
                total: site.news.len(),
                feed: cx.to(feed::CHANGES_PATH),
                pager: cx.pager(feed::CHANGES_PAGE, at.n, pages.len()),
            },
        }
    }

    fn lastmod(site: &Site, _: At, all: Option<PartialDate>) -> Option<Option<PartialDate>> {
        Some(site.news.first().map(|n| n.date).or(all))
    }
}

fn view<'a>(cx: &Cx<'a>, what: &'a News) -> NewsView<'a> {
    let site = cx.site;
    let b = |bi: usize| &site.briefings[bi];
    let at = |bi: usize, anchor: &'a str| cx.href(Place::Briefing(&b(bi).slug), Some(Anchor::Id(anchor)));
    let base = |kind, bi: usize| NewsView {
        kind,
        briefing: cx.briefing_link(bi),
        url: cx.briefing_link(bi).url,
        summary: None,
        note: None,
        question: None,
        answered_by: None,
        judgment: None,
        status: None,
        actors: Vec::new(),
    };
    match what {
        News::Published(bi) => NewsView { summary: b(*bi).summary.as_deref(), ..base("published", *bi) },
        News::Revised(bi, ci) => {
            let c = &b(*bi).changes[*ci];
            NewsView { note: Some(&c.note), url: at(*bi, &c.anchor), ..base("updated", *bi) }
        }
        News::Answered(bi, qi, by) => {
            let q = &b(*bi).questions[*qi];
            NewsView {
                question: Some(&q.text),
                answered_by: Some(cx.briefing_link(*by)),
                url: at(*bi, &q.anchor),
                ..base("answered", *bi)
            }
        }
        News::Judged(bi, ji) => {
            let j = &b(*bi).judgments[*ji];
            NewsView {
                judgment: Some(&j.text),
                status: Some(j.status.name()),
                url: at(*bi, &j.anchor),
                ..base("judged", *bi)
            }
        }
        News::FirstSeen(bi, actors) => {
            NewsView { actors: actors.iter().map(|&a| cx.actor(a)).collect(), ..base("first-seen", *bi) }
        }
    }
}

//! The home page: briefings newest first, as cards, with the site's counts; split into
//! `/page/2/`, … when longer than `page_size`.

use super::{listing, At, Built, Page};
use crate::model::Site;
use crate::render::layout::{chunks, Listings};
use crate::render::views::{BriefingCard, Cx, Pager};
use serde::Serialize;

pub struct Home;

#[derive(Serialize, Hash)]
pub struct HomeModel<'a> {
    pub briefings: Vec<BriefingCard<'a>>,
    pub stats: Stats,
    /// Between the pages of a split listing; absent on a listing of one page.
    pub pager: Option<Pager>,
}

/// What the site holds, counted once.
#[derive(Serialize, Hash)]
pub struct Stats {
    pub briefings: usize,
    pub actors: usize,
    pub events: usize,
    pub quotes: usize,
    pub questions: usize,
}

impl Page for Home {
    const NAME: &'static str = "home";
    const TEMPLATE: &'static str = "home.html";
    const SECTION: &'static str = "briefings";
    type Model<'a> = HomeModel<'a>;

    fn plan(site: &Site, _: &Listings) -> Vec<(String, At)> {
        listing("", site.briefings.len(), site.config.page_size, 0)
    }

    fn build<'a>(cx: &Cx<'a>, at: At) -> Built<HomeModel<'a>> {
        let site = cx.site;
        let pages = chunks(site.briefings.len(), site.config.page_size);
        let n = at.n;
        let title = if n == 1 { site.config.title.clone() } else { format!("{} — page {n}", site.config.title) };
        // Every quote is in `lists.quotes` once, under its speaker; every question in
        // `lists.questions`.
        let stats = Stats {
            briefings: site.briefings.len(),
            actors: site.actors.len(),
            events: site.timeline.len(),
            quotes: cx.lists.quotes.len(),
            questions: cx.lists.questions.len(),
        };
        Built {
            title,
            description: site.config.description.clone(),
            page: HomeModel {
                briefings: pages[n - 1].clone().map(|b| cx.card(b)).collect(),
                stats,
                pager: cx.pager("", n, pages.len()),
            },
        }
    }
}

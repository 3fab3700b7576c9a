//! `/quotes/`: every quote of every briefing, grouped by speaker; split into pages when longer
//! than `page_size`.

use super::{listing, paged_title, At, Built, Page};
use crate::model::Site;
use crate::render::layout::{chunks, Listings};
use crate::render::views::{ActorLink, Cx, Pager, QuoteView};
use serde::Serialize;

pub struct Quotes;

#[derive(Serialize, Hash)]
pub struct QuotesModel<'a> {
    pub groups: Vec<QuoteGroup<'a>>,
    pub total: usize,
    /// Between the pages of a split listing; absent on a listing of one page.
    pub pager: Option<Pager>,
}

/// The quotes of one speaker on this page.
#[derive(Serialize, Hash)]
pub struct QuoteGroup<'a> {
    pub speaker: ActorLink<'a>,
    pub quotes: Vec<QuoteView<'a>>,
}

impl Page for Quotes {
    const NAME: &'static str = "quotes";
    const TEMPLATE: &'static str = "quotes.html";
    const SECTION: &'static str = "quotes";
    type Model<'a> = QuotesModel<'a>;

    fn plan(site: &Site, lists: &Listings) -> Vec<(String, At)> {
        listing("quotes/", lists.quotes.len(), site.config.page_size, 0)
    }

    fn build<'a>(cx: &Cx<'a>, at: At) -> Built<QuotesModel<'a>> {
        let (site, all) = (cx.site, &cx.lists.quotes);
        let pages = chunks(all.len(), site.config.page_size);
        let mut groups: Vec<(usize, Vec<QuoteView>)> = Vec::new();
        for &(bi, qi) in &all[pages[at.n - 1].clone()] {
            let by = site.briefings[bi].quotes[qi].by;
            if groups.last().is_none_or(|g| g.0 != by) {
                groups.push((by, Vec::new()));
            }
            if let Some(g) = groups.last_mut() {
                g.1.push(cx.quote(bi, qi));
            }
        }
        Built {
            title: paged_title("Quotes", at.n),
            description: format!("Every quote annotated in {}", site.config.title),
            page: QuotesModel {
                groups: groups.into_iter().map(|(a, quotes)| QuoteGroup { speaker: cx.actor(a), quotes }).collect(),
                total: all.len(),
                pager: cx.pager("quotes/", at.n, pages.len()),
            },
        }
    }
}

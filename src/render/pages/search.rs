//! `/search/`: the search form; the index it searches is `search/index.js` (see
//! `render::search`).

use super::{At, Built, Page};
use crate::model::Site;
use crate::render::layout::Listings;
use crate::render::views::Cx;
use serde::Serialize;

pub struct SearchPage;

#[derive(Serialize, Hash)]
pub struct SearchModel {
    /// The index script, relative to the page.
    pub index: &'static str,
}

impl Page for SearchPage {
    const NAME: &'static str = "search";
    const TEMPLATE: &'static str = "search.html";
    const SECTION: &'static str = "search";
    type Model<'a> = SearchModel;

    fn plan(_: &Site, _: &Listings) -> Vec<(String, At)> {
        vec![(crate::render::search::PAGE.into(), At::default())]
    }

    fn build<'a>(cx: &Cx<'a>, _: At) -> Built<SearchModel> {
        Built {
            title: "Search".into(),
            description: format!("Search the briefings, actors, quotes and questions of {}", cx.site.config.title),
            page: SearchModel { index: crate::render::search::FROM_PAGE },
        }
    }
}

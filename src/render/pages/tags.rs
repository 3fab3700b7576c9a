//! `/tags/`, every tag with its count, and `/tags/<tag>/`, a tag's briefings as cards (split
//! into pages when longer than `page_size`).

use super::{listing, paged_title, At, Built, Page};
use crate::model::date::PartialDate;
use crate::model::Site;
use crate::render::layout::{self, chunks, Listings};
use crate::render::views::{BriefingCard, Cx, Pager};
use serde::Serialize;

pub struct TagsIndex;

#[derive(Serialize, Hash)]
pub struct TagsModel<'a> {
    pub tags: Vec<TagCount<'a>>,
}

#[derive(Serialize, Hash)]
pub struct TagCount<'a> {
    pub name: &'a str,
    pub url: String,
    pub count: usize,
}

impl Page for TagsIndex {
    const NAME: &'static str = "tags";
    const TEMPLATE: &'static str = "tags.html";
    const SECTION: &'static str = "tags";
    type Model<'a> = TagsModel<'a>;

    fn plan(_: &Site, _: &Listings) -> Vec<(String, At)> {
        vec![("tags/".into(), At::default())]
    }

    fn build<'a>(cx: &Cx<'a>, _: At) -> Built<TagsModel<'a>> {
        let site = cx.site;
        let tags = site
            .tags
            .iter()
            .map(|t| TagCount { name: &t.name, url: cx.to(&layout::tag(&t.slug)), count: t.briefings.len() })
            .collect();
        Built { title: "Tags".into(), description: format!("Tags of {}", site.config.title), page: TagsModel { tags } }
    }
}

pub struct TagPage;

#[derive(Serialize, Hash)]
pub struct TagModel<'a> {
    pub tag: &'a str,
    pub briefings: Vec<BriefingCard<'a>>,
    pub total: usize,
    /// Between the pages of a split listing; absent on a listing of one page.
    pub pager: Option<Pager>,
    /// The tag's feed: its newest briefings.
    pub feed: String,
}

impl Page for TagPage {
    const NAME: &'static str = "tag";
    const TEMPLATE: &'static str = "tag.html";
    const SECTION: &'static str = "tags";
    type Model<'a> = TagModel<'a>;

    fn plan(site: &Site, _: &Listings) -> Vec<(String, At)> {
        let size = site.config.page_size;
        site.tags
            .iter()
            .enumerate()
            .flat_map(|(ti, t)| listing(&layout::tag(&t.slug), t.briefings.len(), size, ti))
            .collect()
    }

    fn build<'a>(cx: &Cx<'a>, at: At) -> Built<TagModel<'a>> {
        let t = &cx.site.tags[at.item];
        let pages = chunks(t.briefings.len(), cx.site.config.page_size);
        Built {
            title: paged_title(&format!("Tag: {}", t.name), at.n),
            description: format!("Briefings tagged {}", t.name),
            page: TagModel {
                tag: &t.name,
                briefings: t.briefings[pages[at.n - 1].clone()].iter().map(|&b| cx.card(b)).collect(),
                total: t.briefings.len(),
                pager: cx.pager(&layout::tag(&t.slug), at.n, pages.len()),
                feed: cx.to(&crate::render::feed::tag_path(&t.slug)),
            },
        }
    }

    fn lastmod(site: &Site, at: At, all: Option<PartialDate>) -> Option<Option<PartialDate>> {
        Some(site.newest(site.tags[at.item].briefings.iter().copied()).or(all))
    }
}

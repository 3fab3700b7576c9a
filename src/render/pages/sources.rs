//! `/sources/`: every source of the site, by title, with what is known about it and how often
//! it is cited.

use super::{At, Built, Page};
use crate::model::Site;
use crate::render::layout::Listings;
use crate::render::provenance::SourceView;
use crate::render::views::Cx;
use serde::Serialize;

pub struct SourcesIndex;

#[derive(Serialize, Hash)]
pub struct SourcesModel<'a> {
    /// Every source, by title.
    pub sources: Vec<SourceEntry<'a>>,
    pub total: usize,
}

/// A source and how many briefings cite it.
#[derive(Serialize, Hash)]
pub struct SourceEntry<'a> {
    pub source: SourceView<'a>,
    pub briefings: usize,
}

impl Page for SourcesIndex {
    const NAME: &'static str = "sources";
    const TEMPLATE: &'static str = "sources.html";
    const SECTION: &'static str = "sources";
    type Model<'a> = SourcesModel<'a>;

    fn plan(_: &Site, _: &Listings) -> Vec<(String, At)> {
        vec![("sources/".into(), At::default())]
    }

    fn build<'a>(cx: &Cx<'a>, _: At) -> Built<SourcesModel<'a>> {
        let site = cx.site;
        // The model keeps the sources in title order.
        let sources = (0..site.sources.len())
            .map(|si| SourceEntry { source: cx.source(si), briefings: site.sources[si].briefings.len() })
            .collect();
        Built {
            title: "Sources".into(),
            description: format!("Every source cited in {}, with archived copies", site.config.title),
            page: SourcesModel { sources, total: site.sources.len() },
        }
    }
}

//! `/404.html`: the page hosts show at any missing address.

use super::{At, Built, Page};
use crate::model::Site;
use crate::render::layout::Listings;
use crate::render::views::Cx;
use serde::Serialize;

pub struct NotFound;

/// The 404 page shows nothing of its own.
#[derive(Serialize, Hash)]
pub struct NotFoundModel {}

impl Page for NotFound {
    const NAME: &'static str = "404";
    const TEMPLATE: &'static str = "404.html";
    const SECTION: &'static str = "";
    const ANYWHERE: bool = true;
    type Model<'a> = NotFoundModel;

    fn plan(_: &Site, _: &Listings) -> Vec<(String, At)> {
        vec![("404.html".into(), At::default())]
    }

    fn build<'a>(_: &Cx<'a>, _: At) -> Built<NotFoundModel> {
        Built { title: "Page not found".into(), description: String::new(), page: NotFoundModel {} }
    }

    fn lastmod(
        _: &Site,
        _: At,
        _: Option<crate::model::date::PartialDate>,
    ) -> Option<Option<crate::model::date::PartialDate>> {
        None
    }
}

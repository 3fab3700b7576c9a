//! `/sitemap.xml` (sitemaps.org protocol) and `/robots.txt` pointing at it.
//!
//! `<loc>`s are absolute, from `base_url`; `<lastmod>` is the newest publication or update date
//! of the briefings a page shows, so it only moves when content does.

use super::pages::{self, Plan, Spec};
use super::xml::{escape, w3c_date};
use super::OutFile;
use crate::model::date::PartialDate;
use crate::model::{Briefing, Site};
use std::fmt::Write as _;

pub const PATH: &str = "sitemap.xml";

fn changed(b: &Briefing) -> PartialDate {
    b.updated.unwrap_or(b.date).max(b.date)
}

/// The newest change among `briefings` (published ones only).
fn newest(site: &Site, briefings: impl IntoIterator<Item = usize>) -> Option<PartialDate> {
    briefings.into_iter().map(|i| &site.briefings[i]).filter(|b| !b.draft).map(changed).max()
}

/// The date a page last changed, or `None` for pages the sitemap leaves out (the 404 page,
/// draft previews).
fn lastmod(site: &Site, spec: &Spec, all: Option<PartialDate>) -> Option<Option<PartialDate>> {
    match spec {
        Spec::NotFound => None,
        Spec::Briefing(b) if site.briefings[*b].draft => None,
        Spec::Briefing(b) => Some(Some(changed(&site.briefings[*b]))),
        Spec::Actor(a, _) => Some(newest(site, site.actors[*a].briefings.iter().copied()).or(all)),
        Spec::Tag(t, _) => Some(newest(site, site.tags[*t].briefings.iter().copied()).or(all)),
        _ => Some(all),
    }
}

pub fn sitemap(site: &Site, plan: &Plan) -> OutFile {
    let all = newest(site, 0..site.briefings.len());
    let mut x = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    x.push_str("<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    let mut entries: Vec<(String, Option<PartialDate>)> = plan
        .specs
        .iter()
        .filter_map(|spec| lastmod(site, spec, all).map(|m| (pages::path(site, plan, spec), m)))
        .collect();
    entries.sort();
    for (path, modified) in entries {
        let _ = write!(x, "<url><loc>{}</loc>", escape(&format!("{}{path}", site.config.base_url)));
        if let Some(d) = modified {
            let _ = write!(x, "<lastmod>{}</lastmod>", w3c_date(&d));
        }
        x.push_str("</url>\n");
    }
    x.push_str("</urlset>\n");
    OutFile { path: PATH.into(), bytes: x.into_bytes().into() }
}

/// `robots.txt`: everything may be crawled; the sitemap says what there is. (Crawlers read it
/// only at a domain root; under a sub-path it is harmless.)
pub fn robots(site: &Site) -> OutFile {
    let text = format!("User-agent: *\nAllow: /\n\nSitemap: {}{PATH}\n", site.config.base_url);
    OutFile { path: "robots.txt".into(), bytes: text.into_bytes().into() }
}

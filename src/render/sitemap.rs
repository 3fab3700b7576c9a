//! `/sitemap.xml` (sitemaps.org protocol) and `/robots.txt` pointing at it.
//!
//! `<loc>`s are absolute, from `base_url`; `<lastmod>` is the newest publication or update date
//! of the briefings a page shows, so it only moves when content does.

use super::escape::escape;
use super::pages::Plan;
use super::xml::w3c_date;
use super::OutFile;
use crate::model::date::PartialDate;
use crate::model::Site;
use std::fmt::Write as _;

pub const PATH: &str = "sitemap.xml";
pub const ROBOTS: &str = "robots.txt";

/// Every page but those a page type leaves out (the 404 page, draft previews), with the date
/// it last changed (see `pages::Page::lastmod`).
pub fn sitemap(site: &Site, plan: &Plan) -> OutFile {
    let all = site.newest(0..site.briefings.len());
    let mut x = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    x.push_str("<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    let mut entries: Vec<(&str, Option<PartialDate>)> = plan.lastmods(site, all);
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
    OutFile { path: ROBOTS.into(), bytes: text.into_bytes().into() }
}

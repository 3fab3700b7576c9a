//! `/atom.xml`: an RFC 4287 Atom feed of the newest briefings.
//!
//! Every URL in it is absolute, from `base_url`. It is deterministic: the feed's `updated` is
//! the newest entry's, never the clock, so an unchanged site yields an unchanged feed.

use super::escape::escape;
use super::xml::rfc3339;
use super::{layout, text, OutFile};
use crate::model::{Briefing, Site};
use std::fmt::Write as _;

/// Where the feed is written.
pub const PATH: &str = "atom.xml";

/// The longest summary an entry carries when a briefing has no `summary` of its own (it then
/// starts its body text).
const SUMMARY_CHARS: usize = 400;

/// Published briefings for the feed and the sitemap: drafts previewed with `--drafts` are left out.
pub fn published(site: &Site) -> impl Iterator<Item = &Briefing> {
    site.briefings.iter().filter(|b| !b.draft)
}

/// The summary of a briefing: its `summary`, or the start of its body text.
pub fn summary(b: &Briefing) -> String {
    summary_or(b.summary.as_deref(), || body_summary(&text::plain(b.body())))
}

/// The summary of a briefing whose `summary` is `own`, and whose body's summary `body` makes.
pub fn summary_or(own: Option<&str>, body: impl FnOnce() -> String) -> String {
    match own {
        Some(s) if !s.trim().is_empty() => text::collapse(s),
        _ => body(),
    }
}

/// The summary of a body whose text is `plain`: its start.
pub fn body_summary(plain: &str) -> String {
    text::excerpt(plain, SUMMARY_CHARS)
}

pub fn atom(site: &Site) -> OutFile {
    let cfg = &site.config;
    let entries: Vec<&Briefing> = published(site).take(cfg.feed_limit).collect();
    let updated = entries
        .iter()
        .map(|b| b.updated.unwrap_or(b.date).max(b.date))
        .max()
        .map(|d| rfc3339(&d))
        .unwrap_or_else(|| "1970-01-01T00:00:00Z".into());
    let author = if cfg.author.trim().is_empty() { &cfg.title } else { &cfg.author };
    let mut x = String::new();
    x.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    let _ = writeln!(x, "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">", escape(&cfg.language));
    let _ = writeln!(x, "<id>{}</id>", escape(&cfg.base_url));
    let _ = writeln!(x, "<title>{}</title>", escape(&cfg.title));
    if !cfg.description.trim().is_empty() {
        let _ = writeln!(x, "<subtitle>{}</subtitle>", escape(&cfg.description));
    }
    let _ = writeln!(x, "<updated>{updated}</updated>");
    let _ = writeln!(x, "<link rel=\"self\" type=\"application/atom+xml\" href=\"{}{PATH}\"/>", escape(&cfg.base_url));
    let _ = writeln!(x, "<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>", escape(&cfg.base_url));
    let _ = writeln!(x, "<author><name>{}</name></author>", escape(author));
    x.push_str("<generator>Dossier</generator>\n");
    for b in entries {
        entry(&mut x, site, b);
    }
    x.push_str("</feed>\n");
    OutFile { path: PATH.into(), bytes: x.into_bytes().into() }
}

fn entry(x: &mut String, site: &Site, b: &Briefing) {
    let url = escape(&format!("{}{}", site.config.base_url, layout::briefing(&b.slug)));
    let updated = b.updated.unwrap_or(b.date).max(b.date);
    x.push_str("<entry>\n");
    let _ = writeln!(x, "<id>{url}</id>");
    let _ = writeln!(x, "<title type=\"text\">{}</title>", escape(&b.title));
    let _ = writeln!(x, "<updated>{}</updated>", rfc3339(&updated));
    let _ = writeln!(x, "<published>{}</published>", rfc3339(&b.date));
    let _ = writeln!(x, "<link rel=\"alternate\" type=\"text/html\" href=\"{url}\"/>");
    if let Some(a) = b.author.as_deref().filter(|a| !a.trim().is_empty()) {
        let _ = writeln!(x, "<author><name>{}</name></author>", escape(a));
    }
    for t in &b.tags {
        let _ = writeln!(x, "<category term=\"{}\"/>", escape(t));
    }
    let _ = writeln!(x, "<summary type=\"text\">{}</summary>", escape(&summary(b)));
    x.push_str("</entry>\n");
}

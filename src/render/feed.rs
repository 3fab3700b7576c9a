//! The Atom feeds (RFC 4287): the site's (`/atom.xml`, the newest briefings), each actor's
//! (`/actors/<id>/atom.xml`) and each tag's (`/tags/<tag>/atom.xml`), with the briefings that
//! annotate the actor or carry the tag, and what's new (`/changes/atom.xml`, see
//! `model::changes`).
//!
//! Feeds are planned like pages (`plan`: their paths are known before rendering, so rebuilds
//! and the output folder track them) and each is a function of a typed model (`Feed`) whose
//! hash is its key: a rebuild writes again only the feeds whose entries changed. Every URL in a
//! feed is absolute, from `base_url`. They are deterministic: a feed's `updated` is its newest
//! entry's, never the clock, so an unchanged site yields unchanged feeds.

use super::deferred::Place;
use super::escape::escape;
use super::key::{Digested, Key};
use super::xml::rfc3339;
use super::{layout, text, OutFile};
use crate::model::date::PartialDate;
use crate::model::judgments::JudgmentStatus;
use crate::model::slug::Slug;
use crate::model::{Briefing, News, Site};
use rayon::prelude::*;
use std::fmt::Write as _;
use std::sync::OnceLock;

/// Where the site's feed is written.
pub const PATH: &str = "atom.xml";
/// Where the feed of what's new is written (beside its page, `/changes/`).
pub const CHANGES_PATH: &str = "changes/atom.xml";
/// The page of what's new.
pub const CHANGES_PAGE: &str = "changes/";

/// The longest summary an entry carries when a briefing has no `summary` of its own (it then
/// starts its body text).
const SUMMARY_CHARS: usize = 400;

/// Published briefings for the feed and the sitemap: drafts previewed with `--drafts` are left out.
pub fn published(site: &Site) -> impl Iterator<Item = &Briefing> {
    site.briefings.iter().filter(|b| !b.draft)
}

/// The summary of a briefing: its `summary`, or the start of its body text.
pub fn summary(b: &Briefing) -> String {
    summary_of(b.summary.as_deref(), b.body())
}

/// The summary of a briefing whose `summary` is `own` and whose body is the markdown `md`.
pub fn summary_of(own: Option<&str>, md: &str) -> String {
    summary_or(own, || body_summary(&text::plain(md)))
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

/// The feed of an actor's page.
pub fn actor_path(id: &Slug) -> String {
    format!("{}{PATH}", layout::actor(id))
}

/// The feed of a tag's page.
pub fn tag_path(slug: &Slug) -> String {
    format!("{}{PATH}", layout::tag(slug))
}

/// Which feed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Of {
    Site,
    Changes,
    Actor(usize),
    Tag(usize),
}

/// A feed of one build: where it is written and which it is.
#[derive(Debug, Clone)]
pub struct Planned {
    pub path: String,
    pub of: Of,
}

/// Every feed of the site: the site's, what's new, one per actor and one per tag.
pub fn plan(site: &Site) -> Vec<Planned> {
    let mut feeds = vec![
        Planned { path: PATH.to_string(), of: Of::Site },
        Planned { path: CHANGES_PATH.to_string(), of: Of::Changes },
    ];
    feeds.extend(site.actors.iter().enumerate().map(|(i, a)| Planned { path: actor_path(&a.id), of: Of::Actor(i) }));
    feeds.extend(site.tags.iter().enumerate().map(|(i, t)| Planned { path: tag_path(&t.slug), of: Of::Tag(i) }));
    feeds
}

/// Everything a feed shows. Its hash is the feed's key; its text is written by `write`.
#[derive(Hash)]
pub struct Feed<'a> {
    base: &'a str,
    language: &'a str,
    path: &'a str,
    /// The feed's title: a prefix (an actor's name, a tag) and the site's title.
    title: (&'a str, &'a str),
    subtitle: Option<&'a str>,
    author: &'a str,
    /// The page the feed follows.
    page: Place<'a>,
    entries: Vec<Entry<'a>>,
}

/// An entry: its id and link (a page and an anchor there), title (a prefix and a text), dates,
/// author, categories and summary.
#[derive(Hash)]
struct Entry<'a> {
    id: (Place<'a>, Option<&'a str>),
    link: (Place<'a>, Option<&'a str>),
    title: (&'static str, &'a str),
    published: Option<PartialDate>,
    updated: PartialDate,
    author: Option<&'a str>,
    categories: &'a [Slug],
    summary: Summary<'a>,
}

/// What an entry's summary is made from.
#[derive(Hash)]
enum Summary<'a> {
    None,
    /// A text after a prefix (`Answered in: …`).
    Text(&'static str, &'a str),
    /// The start of a briefing's body text (the briefing, and its body).
    Body(usize, Digested<'a>),
    /// Names, joined by commas.
    Names(Vec<&'a str>),
}

/// The model of feed `f`.
pub fn model<'a>(site: &'a Site, f: &'a Planned) -> Feed<'a> {
    let cfg = &site.config;
    let limit = cfg.feed_limit;
    let briefings = |list: &'a [usize]| -> Vec<Entry<'a>> {
        list.iter().copied().filter(|&bi| !site.briefings[bi].draft).take(limit).map(|bi| briefing(site, bi)).collect()
    };
    let (title, subtitle, page, entries) = match f.of {
        Of::Site => {
            let all: Vec<Entry> = (0..site.briefings.len())
                .filter(|&bi| !site.briefings[bi].draft)
                .take(limit)
                .map(|bi| briefing(site, bi))
                .collect();
            (("", cfg.title.as_str()), Some(cfg.description.as_str()), Place::Path(""), all)
        }
        Of::Changes => {
            let entries = site.news.iter().take(limit).map(|n| news(site, n)).collect();
            (("What’s new", cfg.title.as_str()), None, Place::Path(CHANGES_PAGE), entries)
        }
        Of::Actor(ai) => {
            let a = &site.actors[ai];
            ((a.name.as_str(), cfg.title.as_str()), a.role.as_deref(), Place::Actor(&a.id), briefings(&a.briefings))
        }
        Of::Tag(ti) => {
            let t = &site.tags[ti];
            ((t.name.as_str(), cfg.title.as_str()), None, Place::Tag(&t.slug), briefings(&t.briefings))
        }
    };
    let author = if cfg.author.trim().is_empty() { &cfg.title } else { &cfg.author };
    Feed {
        base: &cfg.base_url,
        language: &cfg.language,
        path: &f.path,
        title,
        subtitle: subtitle.filter(|s| !s.trim().is_empty()),
        author,
        page,
        entries,
    }
}

/// The key of feed `f`: the hash of its model.
pub fn key(site: &Site, f: &Planned) -> Key {
    Key::of(&model(site, f))
}

/// A briefing as an entry.
fn briefing(site: &Site, bi: usize) -> Entry<'_> {
    let b = &site.briefings[bi];
    let page = (Place::Briefing(&b.slug), None);
    Entry {
        id: page,
        link: page,
        title: ("", &b.title),
        published: Some(b.date),
        updated: b.changed(),
        author: b.author.as_deref().filter(|a| !a.trim().is_empty()),
        categories: &b.tags,
        summary: match b.summary.as_deref() {
            Some(s) if !s.trim().is_empty() => Summary::Text("", s),
            _ => Summary::Body(bi, Digested { text: b.body(), digest: b.digest }),
        },
    }
}

/// An entry of what's new.
fn news<'a>(site: &'a Site, n: &'a crate::model::NewsItem) -> Entry<'a> {
    let b = |bi: usize| &site.briefings[bi];
    let at = |bi: usize, anchor: Option<&'a str>| (Place::Briefing(&b(bi).slug), anchor);
    let (id, link, title, summary) = match &n.what {
        News::Published(bi) => {
            let s = b(*bi).summary.as_deref().map_or(Summary::None, |s| Summary::Text("", s));
            (at(*bi, None), at(*bi, None), ("New briefing: ", b(*bi).title.as_str()), s)
        }
        News::Revised(bi, ci) => {
            let c = &b(*bi).changes[*ci];
            let place = at(*bi, Some(c.anchor.as_str()));
            (place, place, ("Updated: ", b(*bi).title.as_str()), Summary::Text("", c.note.as_str()))
        }
        News::Answered(bi, qi, by) => {
            let q = &b(*bi).questions[*qi];
            let place = at(*bi, Some(q.anchor.as_str()));
            (place, place, ("Answered: ", q.text.as_str()), Summary::Text("Answered in: ", b(*by).title.as_str()))
        }
        News::Judged(bi, ji) => {
            let j = &b(*bi).judgments[*ji];
            let place = at(*bi, Some(j.anchor.as_str()));
            let kind = match j.status {
                JudgmentStatus::Confirmed => "Judgment confirmed: ",
                JudgmentStatus::Refuted => "Judgment refuted: ",
                JudgmentStatus::Superseded => "Judgment superseded: ",
                JudgmentStatus::Current => "Judgment current: ",
            };
            (place, place, (kind, j.text.as_str()), Summary::Text("In: ", b(*bi).title.as_str()))
        }
        News::FirstSeen(bi, actors) => {
            let names = actors.iter().map(|&a| site.actors[a].name.as_str()).collect();
            (
                at(*bi, Some("new-actors")),
                at(*bi, None),
                ("New actors in ", b(*bi).title.as_str()),
                Summary::Names(names),
            )
        }
    };
    Entry { id, link, title, published: None, updated: n.date, author: None, categories: &[], summary }
}

/// The summaries of briefing bodies, made once per render however many feeds show them.
struct Summaries(Vec<OnceLock<String>>);

impl Summaries {
    fn of(&self, bi: usize, body: &Digested) -> &str {
        self.0.get(bi).map_or("", |cell| cell.get_or_init(|| body_summary(&text::plain(body.text))))
    }
}

/// Render the feeds of `feeds` whose index `wanted` accepts, in parallel.
pub fn render(site: &Site, feeds: &[Planned], wanted: &(dyn Fn(usize) -> bool + Sync)) -> Vec<OutFile> {
    let summaries = Summaries((0..site.briefings.len()).map(|_| OnceLock::new()).collect());
    feeds.par_iter().enumerate().filter(|(i, _)| wanted(*i)).map(|(_, f)| write(&model(site, f), &summaries)).collect()
}

/// The Atom text of `feed`.
fn write(feed: &Feed, summaries: &Summaries) -> OutFile {
    let url = |(place, anchor): (Place, Option<&str>)| {
        let mut u = format!("{}{}", feed.base, place.path());
        if let Some(a) = anchor {
            u.push('#');
            u.push_str(a);
        }
        escape(&u)
    };
    let updated =
        feed.entries.iter().map(|e| e.updated).max().map_or_else(|| "1970-01-01T00:00:00Z".into(), |d| rfc3339(&d));
    let title = match feed.title {
        ("", site) => site.to_string(),
        (what, site) => format!("{what} · {site}"),
    };
    let mut x = String::with_capacity(1024 + 600 * feed.entries.len());
    x.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    let _ = writeln!(x, "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">", escape(feed.language));
    let _ = writeln!(x, "<id>{}</id>", url((feed.page, None)));
    let _ = writeln!(x, "<title>{}</title>", escape(&title));
    if let Some(s) = feed.subtitle {
        let _ = writeln!(x, "<subtitle>{}</subtitle>", escape(s));
    }
    let _ = writeln!(x, "<updated>{updated}</updated>");
    let _ = writeln!(
        x,
        "<link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>",
        url((Place::Path(feed.path), None))
    );
    let _ = writeln!(x, "<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>", url((feed.page, None)));
    let _ = writeln!(x, "<author><name>{}</name></author>", escape(feed.author));
    x.push_str("<generator>Dossier</generator>\n");
    for e in &feed.entries {
        x.push_str("<entry>\n");
        let _ = writeln!(x, "<id>{}</id>", url(e.id));
        let _ = writeln!(x, "<title type=\"text\">{}</title>", escape(&format!("{}{}", e.title.0, e.title.1)));
        let _ = writeln!(x, "<updated>{}</updated>", rfc3339(&e.updated));
        if let Some(p) = e.published {
            let _ = writeln!(x, "<published>{}</published>", rfc3339(&p));
        }
        let _ = writeln!(x, "<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>", url(e.link));
        if let Some(a) = e.author {
            let _ = writeln!(x, "<author><name>{}</name></author>", escape(a));
        }
        for t in e.categories {
            let _ = writeln!(x, "<category term=\"{}\"/>", escape(t));
        }
        let summary = match &e.summary {
            Summary::None => None,
            Summary::Text(prefix, s) => Some(format!("{prefix}{}", text::collapse(s))),
            Summary::Body(bi, body) => Some(summaries.of(*bi, body).to_string()),
            Summary::Names(names) => Some(names.join(", ")),
        };
        if let Some(s) = summary.filter(|s| !s.is_empty()) {
            let _ = writeln!(x, "<summary type=\"text\">{}</summary>", escape(&s));
        }
        x.push_str("</entry>\n");
    }
    x.push_str("</feed>\n");
    OutFile { path: feed.path.to_string(), bytes: x.into_bytes().into() }
}

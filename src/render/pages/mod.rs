//! The pages of the site: one table of page types (`KINDS`), and for one build the list of
//! pages to render (`plan`).
//!
//! A page type is a file of this folder: a `Page` whose model is a typed struct borrowing from
//! the site, documented for theme authors in `docs/templates.md`. The model is everything the
//! page's template sees under `page`; the variables every page has (`site`, `nav`, `title`, …)
//! come from `Context`. Because both derive `Hash`, a page's key is the hash of what it shows
//! (see `key`). Adding a page type is one file here, one template and one line in `KINDS`.

mod actor;
mod actors;
mod briefing;
mod changes;
#[cfg(test)]
mod fields;
mod home;
mod judgments;
mod not_found;
mod questions;
mod quotes;
mod search;
mod source;
mod sources;
mod tags;
mod timeline;

use super::deferred::{Href, Place};
use super::key::Key;
use super::layout::{Listings, Urls};
use super::views::Cx;
use crate::model::date::PartialDate;
use crate::model::Site;
use serde::Serialize;
use std::hash::Hash;

/// Which page of a type: an item (a briefing, an actor, a tag, a page of the timeline) and,
/// for a listing split into pages, the page number (1-based). Types with one page use neither.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct At {
    pub item: usize,
    pub n: usize,
}

/// What a page type makes of one of its pages.
pub struct Built<M> {
    pub title: String,
    /// For meta tags and link previews; the site's description stands in when empty.
    pub description: String,
    /// The page's own model: `page` in its template.
    pub page: M,
}

/// A type of page.
pub trait Page {
    /// Its name in `docs/templates.md` and in tests.
    const NAME: &'static str;
    const TEMPLATE: &'static str;
    /// The menu entry it belongs to (`briefings`, `actors`, …), `""` for none.
    const SECTION: &'static str;
    /// Open Graph type: `article` or `website`.
    const OG_TYPE: &'static str = "website";
    /// Served at any address (the 404 page): links are written from the site root and the
    /// page has no canonical URL.
    const ANYWHERE: bool = false;
    type Model<'a>: Serialize + Hash;
    /// Every page of this type: its path (a folder such as `briefings/x/`, or a file) and
    /// which one it is.
    fn plan(site: &Site, lists: &Listings) -> Vec<(String, At)>;
    /// The title, description and model of one page.
    fn build<'a>(cx: &Cx<'a>, at: At) -> Built<Self::Model<'a>>;
    /// For the sitemap: `None` leaves the page out; otherwise the date of its last change.
    /// `all` is the newest change of the whole site.
    fn lastmod(_site: &Site, _at: At, all: Option<PartialDate>) -> Option<Option<PartialDate>> {
        Some(all)
    }
    /// The absolute URL of the picture link previews show (`og:image`), if the page has one.
    fn image(_cx: &Cx, _at: At) -> Option<String> {
        None
    }
}

/// A page type with its model's type erased, as listed in `KINDS`.
pub struct Kind {
    pub name: &'static str,
    pub template: &'static str,
    plan: fn(&Site, &Listings) -> Vec<(String, At)>,
    key: fn(&Cx, At, &str) -> Key,
    context: fn(&Cx, At, &str) -> tera::Context,
    json: fn(&Cx, At, &str) -> serde_json::Value,
    from_root: bool,
    lastmod: fn(&Site, At, Option<PartialDate>) -> Option<Option<PartialDate>>,
    #[cfg(test)]
    fields: fn(&Cx, At, &str, &mut fields::Fields),
}

impl Kind {
    const fn of<P: Page>() -> Kind {
        Kind {
            name: P::NAME,
            template: P::TEMPLATE,
            plan: P::plan,
            key: key_of::<P>,
            context: context_of::<P>,
            json: json_of::<P>,
            from_root: P::ANYWHERE,
            lastmod: P::lastmod,
            #[cfg(test)]
            fields: |cx, at, path, into| fields::collect(&context::<P>(cx, at, path), into),
        }
    }
}

/// Every type of page, in the order they are planned.
pub const KINDS: &[Kind] = &[
    Kind::of::<home::Home>(),
    Kind::of::<briefing::BriefingPage>(),
    Kind::of::<actors::ActorsIndex>(),
    Kind::of::<actor::ActorPage>(),
    Kind::of::<timeline::TimelineIndex>(),
    Kind::of::<timeline::TimelinePage>(),
    Kind::of::<questions::Questions>(),
    Kind::of::<quotes::Quotes>(),
    Kind::of::<judgments::Judgments>(),
    Kind::of::<sources::SourcesIndex>(),
    Kind::of::<source::SourcePage>(),
    Kind::of::<tags::TagsIndex>(),
    Kind::of::<tags::TagPage>(),
    Kind::of::<search::SearchPage>(),
    Kind::of::<not_found::NotFound>(),
    Kind::of::<changes::ChangesPage>(),
];

/// One page to render.
#[derive(Clone)]
pub struct Planned {
    pub kind: &'static Kind,
    /// Its folder (`briefings/x/`, `` for the home page) or, for the 404 page, its file.
    pub path: String,
    pub at: At,
}

impl Planned {
    /// The file the page is written to.
    pub fn file(&self) -> String {
        if self.path.is_empty() || self.path.ends_with('/') {
            format!("{}index.html", self.path)
        } else {
            self.path.clone()
        }
    }
}

/// The pages of one build, the listings they share, and the feeds that go with them.
pub struct Plan {
    pub lists: Listings,
    pub pages: Vec<Planned>,
    pub feeds: Vec<super::feed::Planned>,
}

pub fn plan(site: &Site, urls: Urls) -> Plan {
    let lists = Listings::new(site, urls);
    let mut pages = Vec::new();
    for kind in KINDS {
        pages.extend((kind.plan)(site, &lists).into_iter().map(|(path, at)| Planned { kind, path, at }));
    }
    Plan { lists, pages, feeds: super::feed::plan(site) }
}

impl Plan {
    /// The files of the plan, each made from a model with a key: the pages, then the feeds.
    pub fn files(&self) -> Vec<String> {
        self.pages.iter().map(Planned::file).chain(self.feeds.iter().map(|f| f.path.clone())).collect()
    }

    /// What pages are built from, for the page at `path`.
    fn cx<'a>(&'a self, site: &'a Site, page: &'a Planned) -> Cx<'a> {
        let from = if page.kind.from_root { "" } else { page.path.as_str() };
        Cx { site, lists: &self.lists, urls: self.lists.urls, from }
    }

    /// The hash of everything `page`'s template sees.
    pub fn key(&self, site: &Site, page: &Planned) -> Key {
        (page.kind.key)(&self.cx(site, page), page.at, &page.path)
    }

    /// The template context of `page`.
    pub fn context(&self, site: &Site, page: &Planned) -> tera::Context {
        (page.kind.context)(&self.cx(site, page), page.at, &page.path)
    }

    /// The template context of `page` as JSON (for documentation and tests).
    pub fn json(&self, site: &Site, page: &Planned) -> serde_json::Value {
        (page.kind.json)(&self.cx(site, page), page.at, &page.path)
    }

    /// For the sitemap: the pages it lists, with their last change.
    pub fn lastmods(&self, site: &Site, all: Option<PartialDate>) -> Vec<(&str, Option<PartialDate>)> {
        self.pages.iter().filter_map(|p| (p.kind.lastmod)(site, p.at, all).map(|m| (p.path.as_str(), m))).collect()
    }
}

/// An entry of the menu.
#[derive(Serialize, Hash)]
struct NavItem<'a> {
    label: &'static str,
    url: Href<'a>,
    current: bool,
    /// In the header's one line; the others (reference pages) are listed in the footer.
    primary: bool,
}

#[derive(Serialize, Hash)]
struct SiteInfo<'a> {
    title: &'a str,
    description: &'a str,
    language: &'a str,
    author: &'a str,
    footer: &'a str,
    credit: bool,
}

/// What every page's template sees: the site, the menu and the links every page has, the
/// page's title and meta data, and the page's own model under `page`.
#[derive(Serialize, Hash)]
struct Context<'a, M> {
    site: SiteInfo<'a>,
    /// The home page.
    root: String,
    /// The prefix of the theme's files (`../../`): `{{ assets }}style.css`.
    assets: String,
    feed: String,
    og_type: &'static str,
    og_url: String,
    /// The absolute URL of the page's picture for link previews, if it has one.
    og_image: Option<String>,
    nav: Vec<NavItem<'a>>,
    section: &'static str,
    title: String,
    description: String,
    /// Empty for the 404 page.
    canonical: String,
    page: M,
    /// Where the page's links are written from, and how: every `Href` of the page is relative
    /// to this (and hashes without it).
    #[serde(skip)]
    links: (&'a str, Urls),
}

/// Whether an entry of the menu is in the header's one line (`Primary`) or in the footer.
#[derive(Clone, Copy, PartialEq)]
enum Row {
    Primary,
    Footer,
}

/// The menu: (label, path, section, row). The header holds the sections a reader browses; the
/// reference pages go to the footer so that the header stays one line on a laptop.
const MENU: [(&str, &str, &str, Row); 10] = [
    ("Briefings", "", "briefings", Row::Primary),
    ("Actors", "actors/", "actors", Row::Primary),
    ("Timeline", "timeline/", "timeline", Row::Primary),
    ("Questions", "questions/", "questions", Row::Primary),
    ("Quotes", "quotes/", "quotes", Row::Primary),
    ("Judgments", "judgments/", "judgments", Row::Primary),
    ("Search", super::search::PAGE, "search", Row::Primary),
    ("Sources", "sources/", "sources", Row::Footer),
    ("Tags", "tags/", "tags", Row::Footer),
    ("What’s new", super::feed::CHANGES_PAGE, "changes", Row::Footer),
];

/// Whether the site has anything to show under a menu section: an entry for an empty section
/// (a site without key judgments, without sources) is left out of the menu. Its page is still
/// written, so that old links to it keep working.
fn has(cx: &Cx, section: &str) -> bool {
    let (site, lists) = (cx.site, cx.lists);
    match section {
        "actors" => !site.actors.is_empty(),
        "timeline" => !lists.timeline_paths.is_empty(),
        "questions" => !lists.questions.is_empty(),
        "quotes" => !lists.quotes.is_empty(),
        "judgments" => !lists.judgments.is_empty(),
        "sources" => !site.sources.is_empty(),
        "tags" => !site.tags.is_empty(),
        "changes" => !site.news.is_empty(),
        _ => true,
    }
}

fn context<'a, P: Page>(cx: &Cx<'a>, at: At, path: &str) -> Context<'a, P::Model<'a>> {
    let site = cx.site;
    let built = P::build(cx, at);
    let description = [&built.description, &site.config.description, &site.config.title]
        .into_iter()
        .find(|d| !d.trim().is_empty())
        .cloned()
        .unwrap_or_default();
    let assets = cx.urls.prefix(cx.from);
    let absolute = format!("{}{path}", site.config.base_url);
    Context {
        site: SiteInfo {
            title: &site.config.title,
            description: &site.config.description,
            language: &site.config.language,
            author: &site.config.author,
            footer: &site.config.footer,
            credit: site.config.credit,
        },
        root: cx.to(""),
        feed: format!("{assets}{}", super::feed::PATH),
        assets,
        og_type: P::OG_TYPE,
        canonical: if P::ANYWHERE { String::new() } else { absolute.clone() },
        og_url: absolute,
        og_image: P::image(cx, at),
        nav: MENU
            .iter()
            .filter(|&&(_, _, section, _)| section == P::SECTION || has(cx, section))
            .map(|&(label, to, section, row)| NavItem {
                label,
                url: cx.href(Place::Path(to), None),
                current: section == P::SECTION,
                primary: row == Row::Primary,
            })
            .collect(),
        section: P::SECTION,
        title: built.title,
        description,
        page: built.page,
        links: (cx.from, cx.urls),
    }
}

fn key_of<P: Page>(cx: &Cx, at: At, path: &str) -> Key {
    Key::of(&(P::TEMPLATE, context::<P>(cx, at, path)))
}

fn context_of<P: Page>(cx: &Cx, at: At, path: &str) -> tera::Context {
    let value = tera::Value::from_serializable(&context::<P>(cx, at, path));
    let mut ctx = tera::Context::new();
    if let Some(map) = value.into_map() {
        for (k, v) in map {
            ctx.insert_value(k.to_string(), v);
        }
    }
    ctx
}

fn json_of<P: Page>(cx: &Cx, at: At, path: &str) -> serde_json::Value {
    serde_json::to_value(context::<P>(cx, at, path)).unwrap_or_default()
}

/// `base` on page 1 of a listing, `base — page n` after.
fn paged_title(base: &str, n: usize) -> String {
    if n == 1 {
        base.to_string()
    } else {
        format!("{base} — page {n}")
    }
}

/// The pages of a listing of `len` entries at `base`: one (`n` = 1) when it fits.
fn listing(base: &str, len: usize, size: usize, item: usize) -> Vec<(String, At)> {
    let count = super::layout::chunks(len, size).len();
    (1..=count).map(|n| (super::layout::page(base, n), At { item, n })).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A site of this repository (relative to it), with short listings so that every page
    /// type and every optional part (pagers, a timeline split by year) appears.
    fn site(folder: &str) -> Site {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(folder);
        let mut findings = crate::diag::Findings::default();
        let sources = crate::load::load(&root, &mut findings).expect("the site loads");
        let mut found = Vec::new();
        let config = crate::config::parse(sources.config_text.as_deref(), &mut found);
        let mut site = crate::model::build(&sources, config, Default::default(), &crate::model::Fresh, &mut found);
        site.config.page_size = 2;
        site
    }

    #[test]
    fn every_template_variable_is_documented() {
        let mut seen = fields::Fields::new();
        let mut kinds = std::collections::BTreeSet::new();
        // The example, and a site whose questions are answered by a later briefing.
        for folder in ["", "tests/fixtures/answers"] {
            let site = site(folder);
            let plan = plan(&site, Urls { portable: false });
            for page in &plan.pages {
                kinds.insert(page.kind.name);
                (page.kind.fields)(&plan.cx(&site, page), page.at, &page.path, &mut seen);
            }
        }
        assert_eq!(kinds.len(), KINDS.len(), "the example shows every page type: {kinds:?}");
        let doc = include_str!("../../../docs/templates.md");
        let documented = fields::documented(doc);
        let mut problems = Vec::new();
        for (name, fields) in &seen {
            let Some(doc_fields) = documented.get(*name) else {
                problems.push(format!("`{name}` has no section in docs/templates.md"));
                continue;
            };
            for f in fields {
                if !doc_fields.contains(*f) {
                    problems.push(format!("`{name}.{f}` is not documented"));
                }
            }
            for f in doc_fields {
                if !fields.contains(f.as_str()) {
                    problems.push(format!("docs/templates.md documents `{name}.{f}`, which pages do not have"));
                }
            }
        }
        for name in documented.keys() {
            if !seen.contains_key(name.as_str()) {
                problems.push(format!("docs/templates.md documents `{name}`, which no page shows"));
            }
        }
        assert!(problems.is_empty(), "docs/templates.md and the page models disagree:\n{}", problems.join("\n"));
    }
}

//! Values a view keeps as what they are made of, written only when the page is rendered: a
//! link to a place of the site (`Href`: the URL relative to the page) and a date as readers or
//! machines see it (`Shown`). A rebuild builds every page's model to take its key, and these
//! keep that cheap: they hash as what they are made of, and their text is made once, when the
//! page is written.

use super::layout::{self, Urls};
use crate::config::DateStyle;
use crate::model::date::{DateExpr, PartialDate};
use crate::model::slug::Slug;
use serde::{Serialize, Serializer};

/// A page of the site, without its path written out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Place<'a> {
    /// A path the plan made: `actors/`, `timeline/1961/`.
    Path(&'a str),
    Briefing(&'a Slug),
    Actor(&'a Slug),
    Tag(&'a Slug),
    Source(&'a Slug),
}

impl Place<'_> {
    /// Its folder path (`briefings/x/`).
    pub fn path(&self) -> String {
        match self {
            Place::Path(p) => p.to_string(),
            Place::Briefing(slug) => layout::briefing(slug),
            Place::Actor(id) => layout::actor(id),
            Place::Tag(slug) => layout::tag(slug),
            Place::Source(id) => layout::source(id),
        }
    }

    /// The folder of its kind and its name (`briefings/`, `x`), so that a link can be written
    /// without making the path first; a path the plan made is all name.
    fn parts(&self) -> (&'static str, &str) {
        match self {
            Place::Path(p) => ("", p),
            Place::Briefing(slug) => (layout::BRIEFINGS, slug.as_str()),
            Place::Actor(id) => (layout::ACTORS, id.as_str()),
            Place::Tag(slug) => (layout::TAGS, slug.as_str()),
            Place::Source(id) => (layout::SOURCES, id.as_str()),
        }
    }
}

impl Serialize for Place<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.path())
    }
}

/// An anchor on a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Anchor<'a> {
    Id(&'a str),
    /// The quoted passage of the quote with this anchor (`passage-quote-1`).
    Passage(&'a str),
}

/// A link from the page being built to a place of the site, and an anchor there. It keeps what
/// the URL is made of; the URL, relative to the page, is written when the page is rendered.
#[derive(Debug, Clone, Copy)]
pub struct Href<'a> {
    /// The folder the link is written from, and the URL style.
    pub from: &'a str,
    pub urls: Urls,
    pub to: Place<'a>,
    pub anchor: Option<Anchor<'a>>,
}

/// A link hashes as where it goes. Where it is written from (the page's folder and the URL
/// style) is the same for every link of a page, and is in the page's key once (see
/// `pages::Context`), so the same link is not hashed again for each of its URLs.
impl std::hash::Hash for Href<'_> {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        (self.to, self.anchor).hash(h);
    }
}

impl Href<'_> {
    pub fn url(&self) -> String {
        let (section, name) = self.to.parts();
        let to: &[&str] = match self.to {
            Place::Path(_) => &[name],
            _ => &[section, name, "/"],
        };
        match self.anchor {
            None => self.urls.link_parts(self.from, to, &[]),
            Some(Anchor::Id(id)) => self.urls.link_parts(self.from, to, &[id]),
            Some(Anchor::Passage(id)) => self.urls.link_parts(self.from, to, &["passage-", id]),
        }
    }
}

impl Serialize for Href<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.url())
    }
}

/// A date as readers or machines see it, written when the page is rendered.
#[derive(Debug, Clone, Copy, Hash)]
pub enum Shown<'a> {
    /// A publication date in the site's date style: `20 June 2024`.
    Day(PartialDate, DateStyle),
    /// `2024-06-20`.
    Iso(PartialDate),
    /// A date expression as readers see it: `c. 1890`, `1950–1953`.
    Label(Dated<'a>),
    /// A date expression for `<time datetime>`: its start at its precision.
    Machine(&'a DateExpr),
}

/// A date expression and the site's date style.
#[derive(Debug, Clone, Copy, Hash)]
pub struct Dated<'a> {
    pub date: &'a DateExpr,
    pub style: DateStyle,
}

impl Dated<'_> {
    /// As readers see it: `c. 1890`, `25 June 1950–27 July 1953`.
    pub fn label(&self) -> String {
        self.date.shown(self.style)
    }
}

impl Serialize for Shown<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&match self {
            Shown::Day(d, style) => d.shown(*style),
            Shown::Iso(d) => d.iso(),
            Shown::Label(d) => d.label(),
            Shown::Machine(d) => d.datetime(),
        })
    }
}

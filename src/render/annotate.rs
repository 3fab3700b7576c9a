//! The model's findings about a body's text, turned into HTML inserted around exact
//! characters: quoted passages highlighted (with an id the quote card links to, and a link
//! back to the card) and actor mentions linked to actor pages.
//!
//! Positions come from the model as (text event ordinal, byte range); `markdown::render`
//! counts the same events and asks `Inserts` what to put where. Everything inserted is
//! escaped here; nesting is proper because the model only links mentions that lie wholly
//! inside or wholly outside a passage.

use super::highlight::escape;
use super::layout::{self, Urls};
use crate::model::{Site, TextSpan};
use std::collections::HashMap;
use std::hash::{Hash, Hasher};

/// What goes at one position; at equal positions, lower ranks come first (closing tags
/// before opening ones, and a mention's link inside a passage's highlight).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Insert {
    pub pos: u32,
    pub rank: u8,
    pub html: String,
    /// A link back to a quote card: must not land inside another link.
    pub outside_links: bool,
}

const CLOSE_MENTION: u8 = 0;
const CLOSE_MARK: u8 = 1;
const QUOTE_REF: u8 = 2;
const OPEN_MARK: u8 = 3;
const OPEN_MENTION: u8 = 4;

/// Inserts by text event ordinal.
#[derive(Debug, Default)]
pub struct Inserts {
    by_ord: HashMap<u32, Vec<Insert>>,
}

impl Inserts {
    fn add(&mut self, ord: u32, pos: u32, rank: u8, html: String) {
        let outside_links = rank == QUOTE_REF;
        self.by_ord.entry(ord).or_default().push(Insert { pos, rank, html, outside_links });
    }

    /// The inserts for one text event, in output order.
    pub fn take(&mut self, ord: u32) -> Vec<Insert> {
        let mut v = self.by_ord.remove(&ord).unwrap_or_default();
        v.sort();
        v
    }

    pub fn is_empty(&self) -> bool {
        self.by_ord.is_empty()
    }

    /// Feed to `h` everything `for_briefing` makes the inserts of briefing `bi` from, so that
    /// equal hashes mean equal inserts, without making them: each quote's anchor, speaker name
    /// and passage, each linked mention's actor id and first and last span, and the page and
    /// URL style the links are written for. (It must read what `for_briefing` reads.)
    pub fn hash_inputs(site: &Site, bi: usize, urls: Urls, page: &str, h: &mut impl Hasher) {
        let span = |s: &TextSpan| (s.ord, s.start, s.end);
        (page, urls.portable).hash(h);
        let b = &site.briefings[bi];
        b.quotes.len().hash(h);
        for q in &b.quotes {
            (&q.anchor, &site.actors[q.by].name).hash(h);
            q.passage.iter().map(span).collect::<Vec<_>>().hash(h);
        }
        b.mention_links.len().hash(h);
        for m in &b.mention_links {
            (&site.actors[m.actor].id, m.spans.first().map(span), m.spans.last().map(span)).hash(h);
        }
    }

    /// The passages and mention links of briefing `bi`, with URLs relative to `page`.
    pub fn for_briefing(site: &Site, bi: usize, urls: Urls, page: &str) -> Inserts {
        let mut ins = Inserts::default();
        let b = &site.briefings[bi];
        for q in &b.quotes {
            let speaker = escape(&site.actors[q.by].name);
            let last = q.passage.len().saturating_sub(1);
            for (k, s) in q.passage.iter().enumerate() {
                let id = if k == 0 { format!(" id=\"passage-{}\"", escape(&q.anchor)) } else { String::new() };
                ins.add(s.ord, s.start, OPEN_MARK, format!("<mark class=\"quote-passage\"{id}>"));
                ins.add(s.ord, s.end, CLOSE_MARK, "</mark>".into());
                if k == last {
                    ins.add(s.ord, s.end, QUOTE_REF, quote_ref(&q.anchor, &speaker));
                }
            }
        }
        for m in &b.mention_links {
            let (Some(first), Some(last)) = (m.spans.first(), m.spans.last()) else { continue };
            let a = &site.actors[m.actor];
            let url = urls.link(page, &layout::actor(&a.id));
            ins.add(first.ord, first.start, OPEN_MENTION, format!("<a class=\"mention\" href=\"{}\">", escape(&url)));
            ins.add(last.ord, last.end, CLOSE_MENTION, "</a>".into());
        }
        ins
    }
}

fn quote_ref(anchor: &str, speaker: &str) -> String {
    format!(
        "<a class=\"quote-ref\" href=\"#{}\"><span aria-hidden=\"true\">❞</span><span class=\"visually-hidden\">(key quote of {speaker})</span></a>",
        escape(anchor)
    )
}

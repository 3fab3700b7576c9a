//! The model's findings about a body's text, turned into HTML inserted around exact
//! characters: quoted passages highlighted (with an id the quote card links to, and a link
//! back to the card) and actor mentions linked to actor pages.
//!
//! Positions come from the model as (text event ordinal, byte range); `markdown::Markdown`
//! counts the same events and asks `Inserts` what to put where. The link back to a quote's
//! card follows the quote's closing punctuation and quote marks (`history,”❞`), which the
//! passage itself leaves out, so it never stands between a quote and its closing mark. Everything inserted is
//! escaped here; nesting is proper because the model only links mentions that lie wholly
//! inside or wholly outside a passage.

use super::escape::escape;
use super::markdown::{MentionLink, Passage};
use std::collections::HashMap;

/// What goes at one position; at equal positions, lower ranks come first (closing tags
/// before opening ones, and a mention's link inside a passage's highlight).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Insert {
    pub pos: u32,
    pub rank: u8,
    pub html: String,
    /// A link back to a quote card: must not land inside another link.
    pub outside_links: bool,
}

const CLOSE_MENTION: u8 = 0;
const CLOSE_MARK: u8 = 1;
pub const QUOTE_REF: u8 = 2;
const OPEN_MARK: u8 = 3;
const OPEN_MENTION: u8 = 4;

/// Inserts by text event ordinal.
#[derive(Debug, Default)]
pub struct Inserts {
    by_ord: HashMap<u32, Vec<Insert>>,
}

impl Inserts {
    pub fn add(&mut self, ord: u32, pos: u32, rank: u8, html: String) {
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

    /// The inserts of a text's quoted passages and linked mentions.
    pub fn new(passages: &[Passage], mentions: &[MentionLink]) -> Inserts {
        let mut ins = Inserts::default();
        for q in passages {
            let speaker = escape(q.speaker);
            let last = q.spans.len().saturating_sub(1);
            for (k, s) in q.spans.iter().enumerate() {
                let id = if k == 0 { format!(" id=\"passage-{}\"", escape(q.anchor)) } else { String::new() };
                ins.add(s.ord, s.start, OPEN_MARK, format!("<mark class=\"quote-passage\"{id}>"));
                ins.add(s.ord, s.end, CLOSE_MARK, CLOSE_MARK_HTML.into());
                if k == last {
                    ins.add(s.ord, s.end, QUOTE_REF, quote_ref(q.anchor, &speaker));
                }
            }
        }
        for m in mentions {
            let title = m.preview.map(|p| format!(" title=\"{}\"", escape(p))).unwrap_or_default();
            let html = format!("<a class=\"mention\" href=\"{}\"{title}>", escape(&m.url));
            ins.add(m.first.ord, m.first.start, OPEN_MENTION, html);
            ins.add(m.last.ord, m.last.end, CLOSE_MENTION, "</a>".into());
        }
        ins
    }
}

/// The length of the closing punctuation and quote marks that `text` starts with: English
/// (`”`), German (`“`, which opens in English, so only where no word follows it) and French
/// marks (`»`, with the space French sets before it).
pub fn closing_run(text: &str) -> usize {
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let next = chars.peek().map(|&(_, n)| n);
        let closes = match c {
            '.' | ',' | ';' | ':' | '!' | '?' | '”' | '’' | '»' | '›' | '"' | '\'' | ')' | ']' | '…' => true,
            '“' | '‘' => next.is_none_or(|n| !n.is_alphanumeric()),
            ' ' | '\u{a0}' | '\u{202f}' => matches!(next, Some('»' | '›')),
            _ => false,
        };
        if !closes {
            return i;
        }
    }
    text.len()
}

/// Whether `open`, about to follow `last`, reopens the highlight `last` just closed: a passage
/// broken only by the text's own pieces (smart punctuation makes `shouldn't` three) stays one
/// highlight instead of `shouldn ’ t`.
pub fn rejoins(last: &str, open: &str) -> bool {
    last == CLOSE_MARK_HTML && open == CONTINUE_MARK_HTML
}

const CLOSE_MARK_HTML: &str = "</mark>";
/// The opening of a passage's highlight after its first (which carries the id).
const CONTINUE_MARK_HTML: &str = "<mark class=\"quote-passage\">";

fn quote_ref(anchor: &str, speaker: &str) -> String {
    format!(
        "<a class=\"quote-ref\" href=\"#{}\"><span aria-hidden=\"true\">❞</span><span class=\"visually-hidden\">(key quote of {speaker})</span></a>",
        escape(anchor)
    )
}

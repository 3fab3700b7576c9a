//! Smart punctuation, one set of rules for briefing bodies and front-matter strings, so that a
//! quote mark, a dash or an ellipsis reads the same on a card as in the text.
//!
//! pulldown-cmark makes typographic quotes, dashes and ellipses of a body's `"`, `'`, `--`,
//! `---` and `...`, but pairs a straight quote only with another straight quote: a straight
//! `"` that closes a quote the author opened with a typographic `“` becomes an opening mark
//! (`its monopoly“, Mehta wrote`), and so does any closing `"` whose opening mark is not in
//! the same paragraph. `Pairing` decides each straight quote knowing the typographic marks
//! before it, and a mark that can only close stays closing. `Fixed` applies it to a body's
//! events (every reader of a body — the model's scan, render, plain text — parses through it,
//! so they all see the same text); `smarten` gives a plain string the whole treatment.
//!
//! Quotes are paired within one block (a paragraph, a heading, a table cell), as pulldown-cmark
//! does; the character that replaces a quote is as long as pulldown-cmark's, so positions in
//! the text do not move.

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};
use std::borrow::Cow;
use std::collections::VecDeque;
use std::ops::Range;

const OPEN_DOUBLE: char = '“';
const CLOSE_DOUBLE: char = '”';
const OPEN_SINGLE: char = '‘';
const CLOSE_SINGLE: char = '’';

/// Whether CommonMark counts `c` as punctuation (ASCII punctuation, and Unicode punctuation
/// and symbols), for deciding which way a quote faces.
fn is_punct(c: char) -> bool {
    c.is_ascii_punctuation() || (!c.is_ascii() && !c.is_alphanumeric() && !c.is_whitespace())
}

/// Which way a straight quote can face, from the characters around it (`None`: the start or the
/// end of the block), as CommonMark's flanking rules and pulldown-cmark decide it.
fn flanks(mark: char, prev: Option<char>, next: Option<char>) -> (bool, bool) {
    let can_open = match (prev, next) {
        (_, None) => false,
        (_, Some(n)) if n.is_whitespace() => false,
        (None, _) => true,
        (Some(p), _) => p.is_whitespace() || (is_punct(p) && !(mark == '\'' && matches!(p, ']' | ')'))),
    };
    let can_close = match (prev, next) {
        (None, _) => false,
        (Some(p), _) if p.is_whitespace() => false,
        (_, None) => true,
        (_, Some(n)) => n.is_whitespace() || is_punct(n),
    };
    (can_open, can_close)
}

/// Quote pairing within one block: how many double quotes are open, and the single quote that
/// may turn out to open a quotation.
#[derive(Debug, Default)]
struct Pairing {
    double: u32,
    /// Where the last straight `'` that could open is in the output, while nothing closed it.
    single: Option<usize>,
}

impl Pairing {
    /// The mark for a straight `"`: a closing mark when it can close an open quotation (opened
    /// by a straight or a typographic mark), an opening one when it can open, and a closing one
    /// when it can only close.
    fn double(&mut self, prev: Option<char>, next: Option<char>) -> char {
        let (open, close) = flanks('"', prev, next);
        if close && self.double > 0 {
            self.double -= 1;
            CLOSE_DOUBLE
        } else if open {
            self.double += 1;
            OPEN_DOUBLE
        } else if close {
            CLOSE_DOUBLE
        } else {
            OPEN_DOUBLE
        }
    }

    /// A typographic mark the author wrote.
    fn typed(&mut self, c: char) {
        match c {
            OPEN_DOUBLE => self.double += 1,
            CLOSE_DOUBLE => self.double = self.double.saturating_sub(1),
            OPEN_SINGLE => self.single = None,
            _ => {}
        }
    }
}

/// `s` with smart punctuation: straight quotes made typographic and paired with the
/// typographic ones around them, `--` and `---` made en and em dashes (longer runs as
/// pulldown-cmark splits them) and `...` an ellipsis. Borrowed when there is nothing to change.
pub fn smarten(s: &str) -> Cow<'_, str> {
    let b = s.as_bytes();
    let needs = b.iter().enumerate().any(|(i, &c)| {
        c == b'"'
            || c == b'\''
            || (c == b'-' && b.get(i + 1) == Some(&b'-'))
            || (c == b'.' && b.get(i + 1) == Some(&b'.'))
    });
    if !needs {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    let mut p = Pairing::default();
    let mut prev: Option<char> = None;
    let mut chars = s.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let next = s[i + c.len_utf8()..].chars().next();
        match c {
            '"' => out.push(p.double(prev, next)),
            '\'' => single(&mut p, &mut out, prev, next, true),
            OPEN_DOUBLE | CLOSE_DOUBLE | OPEN_SINGLE => {
                p.typed(c);
                out.push(c);
            }
            CLOSE_SINGLE => single(&mut p, &mut out, prev, next, false),
            '-' if next == Some('-') => {
                let count = s[i..].bytes().take_while(|&x| x == b'-').count();
                out.push_str(&dashes(count));
                for _ in 1..count {
                    chars.next();
                }
            }
            '.' if s[i..].starts_with("...") => {
                out.push('…');
                chars.next();
                chars.next();
            }
            c => out.push(c),
        }
        // The character the next one sees before it is the one written.
        prev = out.chars().next_back();
    }
    Cow::Owned(out)
}

/// A single quote, straight (`'`) or the author's `’`: an apostrophe or a closing mark, and
/// the opening `‘` of the straight quote it closes.
fn single(p: &mut Pairing, out: &mut String, prev: Option<char>, next: Option<char>, straight: bool) {
    let (open, close) = flanks('\'', prev, next);
    if let (Some(at), true) = (p.single, close) {
        out.replace_range(at..at + CLOSE_SINGLE.len_utf8(), "‘");
        p.single = None;
    } else if open && straight {
        p.single = Some(out.len());
    }
    out.push(CLOSE_SINGLE);
}

/// What pulldown-cmark makes of a run of `count` (at least two) hyphens.
fn dashes(count: usize) -> String {
    let (ems, ens) = match count {
        2 => (0, 1),
        3 => (1, 0),
        _ => match count % 6 {
            0 | 3 => (count / 3, 0),
            2 | 4 => (0, count / 2),
            1 => (count / 3 - 1, 2),
            _ => (count / 3, 1),
        },
    };
    "—".repeat(ems) + &"–".repeat(ens)
}

/// A body's events with its straight quotes paired as `smarten` pairs them. It reads the
/// parser's events with their ranges in the body (`source`); the events of a block are held
/// until the block ends, because a closing mark can turn an earlier straight `'` into an
/// opening one.
pub struct Fixed<'a, I> {
    inner: I,
    source: &'a str,
    held: Vec<(Event<'a>, Range<usize>)>,
    out: VecDeque<(Event<'a>, Range<usize>)>,
}

impl<'a, I: Iterator<Item = (Event<'a>, Range<usize>)>> Fixed<'a, I> {
    pub fn new(inner: I, source: &'a str) -> Self {
        Fixed { inner, source, held: Vec::new(), out: VecDeque::new() }
    }

    /// The parser underneath (for what it knows once the text is read: reference definitions).
    pub fn inner(&self) -> &I {
        &self.inner
    }

    /// Pair the quotes of the held block and queue its events.
    fn flush(&mut self) {
        let mut p = Pairing::default();
        let mut held = std::mem::take(&mut self.held);
        // Where a straight `'` that may open stands: (event, its text) — its text is one mark.
        let mut single: Option<usize> = None;
        for i in 0..held.len() {
            let (Event::Text(t), range) = &held[i] else { continue };
            // Most text has no quote mark at all: the four typographic ones all start with
            // byte 0xE2, and a straight one is its own event.
            let src = self.source.get(range.clone()).unwrap_or("");
            if !matches!(src, "\"" | "'") && !t.as_bytes().contains(&0xE2) {
                continue;
            }
            let prev = self.source.get(..range.start).and_then(|s| s.chars().next_back());
            let next = self.source.get(range.end..).and_then(|s| s.chars().next());
            if src == "\"" && matches!(t.as_ref(), "“" | "”") {
                let mark = p.double(prev, next);
                held[i].0 = Event::Text(CowStr::from(mark));
            } else if src == "'" && matches!(t.as_ref(), "‘" | "’") {
                // pulldown-cmark pairs straight single quotes well; only a closing mark the
                // author typed is missing from its picture.
                let (open, close) = flanks('\'', prev, next);
                if t.as_ref() == "’" && open && !close {
                    single = Some(i);
                } else if close {
                    single = None;
                }
            } else if t.contains(['“', '”', '‘', '’']) {
                let text = t.to_string();
                for (k, c) in text.char_indices() {
                    match c {
                        CLOSE_SINGLE => {
                            let before = text[..k].chars().next_back().or(prev);
                            let after = text[k + c.len_utf8()..].chars().next().or(next);
                            if let (Some(at), (_, true)) = (single, flanks('\'', before, after)) {
                                held[at].0 = Event::Text(CowStr::from(OPEN_SINGLE));
                                single = None;
                            }
                        }
                        OPEN_SINGLE => single = None,
                        c => p.typed(c),
                    }
                }
            }
        }
        self.out.extend(held.drain(..));
        self.held = held;
    }
}

/// Whether an event stays within a block's inline content.
fn inline(ev: &Event) -> bool {
    match ev {
        Event::Start(t) => matches!(
            t,
            Tag::Emphasis
                | Tag::Strong
                | Tag::Strikethrough
                | Tag::Superscript
                | Tag::Subscript
                | Tag::Link { .. }
                | Tag::Image { .. }
        ),
        Event::End(t) => matches!(
            t,
            TagEnd::Emphasis
                | TagEnd::Strong
                | TagEnd::Strikethrough
                | TagEnd::Superscript
                | TagEnd::Subscript
                | TagEnd::Link
                | TagEnd::Image
        ),
        _ => true,
    }
}

impl<'a, I: Iterator<Item = (Event<'a>, Range<usize>)>> Iterator for Fixed<'a, I> {
    type Item = (Event<'a>, Range<usize>);

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(ev) = self.out.pop_front() {
                return Some(ev);
            }
            match self.inner.next() {
                Some(ev) if inline(&ev.0) => self.held.push(ev),
                Some(ev) => {
                    self.flush();
                    self.out.push_back(ev);
                }
                None if self.held.is_empty() => return None,
                None => self.flush(),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::scan::parse;

    /// The text of a markdown paragraph as the body's readers get it.
    fn body(md: &str) -> String {
        parse(md)
            .filter_map(|(e, _)| match e {
                Event::Text(t) | Event::Code(t) => Some(t.to_string()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn a_straight_mark_closing_a_typographic_one_stays_closing() {
        let md = "“After having … its monopoly,\" Mehta wrote.";
        assert_eq!(body(md), "“After having … its monopoly,” Mehta wrote.");
        assert_eq!(smarten(md), "“After having … its monopoly,” Mehta wrote.");
        // And the other way round.
        let md = "\"After having … its monopoly,” Mehta wrote.";
        assert_eq!(body(md), "“After having … its monopoly,” Mehta wrote.");
        assert_eq!(smarten(md), "“After having … its monopoly,” Mehta wrote.");
    }

    #[test]
    fn a_closing_mark_without_its_opening_one_stays_closing() {
        // The quotation opened in an earlier paragraph.
        assert_eq!(body("its monopoly,\" Mehta wrote."), "its monopoly,” Mehta wrote.");
        assert_eq!(smarten("its monopoly,\" Mehta wrote."), "its monopoly,” Mehta wrote.");
    }

    #[test]
    fn straight_and_typographic_quotes_pair_in_any_mix() {
        for (md, want) in [
            ("He said \"yes\" and 'no'.", "He said “yes” and ‘no’."),
            ("“A,” he said, \"B.\"", "“A,” he said, “B.”"),
            ("'Hello,’ she said.", "‘Hello,’ she said."),
            ("‘Hello,' she said; it's Korea's.", "‘Hello,’ she said; it’s Korea’s."),
            ("*\"very strong\"* ties", "“very strong” ties"),
            ("a 12\" screen", "a 12” screen"),
        ] {
            assert_eq!(body(md), want, "body {md:?}");
            assert_eq!(smarten(&md.replace('*', "")), want, "string {md:?}");
        }
    }

    #[test]
    fn pairing_starts_again_in_each_block() {
        let md = "“Open without close.\n\n\"Fresh,\" she said.";
        let text = body(md);
        assert!(text.ends_with("“Fresh,” she said."), "{text}");
    }

    #[test]
    fn code_and_escaped_quotes_are_left_as_written() {
        assert_eq!(body("`\"x\"` and \\\"y\\\""), "\"x\" and \"y\"");
    }

    #[test]
    fn dashes_and_ellipses_as_in_bodies() {
        for md in ["a -- b", "a --- b", "a ---- b", "a ----- b", "wait...", "1990--1995", "don't -- 'quote'"] {
            assert_eq!(smarten(md), body(md), "{md:?}");
        }
        assert_eq!(smarten("plain text"), Cow::Borrowed("plain text"));
    }
}

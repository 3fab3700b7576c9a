//! Plain text derived from markdown and front matter: the raw material of meta descriptions,
//! feed summaries and the search index. Nothing here is escaped; each output format escapes
//! for itself (HTML by tera, XML by `xml`, JSON by serde).

use crate::model::scan::{is_citation, parse};
use pulldown_cmark::{Event, Tag, TagEnd};
use std::collections::HashSet;
use xxhash_rust::xxh3::Xxh3DefaultBuilder;

/// The readable text of a markdown document, whitespace collapsed to single spaces; citations
/// of sources (`[[^id|locator]]`) are not part of it.
pub fn plain(md: &str) -> String {
    let mut out = Collapsed::default();
    let mut citing = false;
    for (ev, _) in parse(md) {
        match ev {
            Event::Start(tag) if is_citation(&tag) => citing = true,
            Event::End(TagEnd::Link) if citing => citing = false,
            Event::Text(_) | Event::Code(_) if citing => {}
            Event::Text(t) | Event::Code(t) => out.push(&t),
            Event::SoftBreak | Event::HardBreak => out.space = true,
            // Block ends separate words; inline ends (emphasis, links) do not.
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::TableCell
                | TagEnd::BlockQuote(_)
                | TagEnd::CodeBlock
                | TagEnd::FootnoteDefinition,
            ) => out.space = true,
            _ => {}
        }
    }
    out.text
}

/// The prose of a markdown text (its `events`) as one line: its text but code blocks, images,
/// raw HTML and citations.
pub fn prose<'a>(events: impl Iterator<Item = Event<'a>>, capacity: usize) -> String {
    let mut out = Collapsed { text: String::with_capacity(capacity), space: false };
    let mut hidden = 0usize;
    // Inside a citation of a source (`[[^id|locator]]`), whose text is not prose.
    let mut citing = false;
    for ev in events {
        match ev {
            Event::Start(tag) if is_citation(&tag) => citing = true,
            Event::End(TagEnd::Link) if citing => citing = false,
            Event::Text(_) | Event::Code(_) if citing => {}
            Event::Start(Tag::CodeBlock(_) | Tag::Image { .. } | Tag::HtmlBlock) => hidden += 1,
            Event::End(TagEnd::CodeBlock | TagEnd::Image | TagEnd::HtmlBlock) => {
                hidden = hidden.saturating_sub(1);
                out.space = true;
            }
            Event::Text(t) | Event::Code(t) if hidden == 0 => out.push(&t),
            // The end of a link or an emphasis is inside a sentence: no space after it.
            Event::End(TagEnd::Link | TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough) => {}
            Event::SoftBreak | Event::HardBreak | Event::End(_) => out.space = true,
            _ => {}
        }
    }
    out.text
}

/// `s` with every run of whitespace replaced by one space, trimmed.
pub fn collapse(s: &str) -> String {
    let mut out = Collapsed { text: String::with_capacity(s.len()), space: false };
    out.push(s);
    out.text
}

/// Text built from pieces with whitespace collapsed as it is appended, so no second pass (and
/// no second copy) is needed: a run of whitespace, within a piece or across pieces, becomes
/// one space between words; none leads or trails.
#[derive(Default)]
struct Collapsed {
    text: String,
    /// Whitespace since the last word.
    space: bool,
}

impl Collapsed {
    fn push(&mut self, piece: &str) {
        // The usual piece: words between single spaces, maybe after or before one, copied at once.
        let words = piece.strip_prefix(' ').unwrap_or(piece);
        let words = words.strip_suffix(' ').unwrap_or(words);
        let simple = !words.is_empty()
            && !words.starts_with(' ')
            && !words.ends_with(' ')
            && !words.contains("  ")
            && words.bytes().all(|b| b >= b' ')
            && (words.is_ascii() || !words.contains(char::is_whitespace));
        if simple {
            self.space |= piece.starts_with(' ');
            self.word(words);
            self.space = piece.ends_with(' ');
            return;
        }
        let mut word: Option<usize> = None;
        let mut i = 0;
        while i < piece.len() {
            let (white, len) = whitespace_at(piece, i);
            match (white, word) {
                (true, Some(start)) => {
                    self.word(&piece[start..i]);
                    word = None;
                    self.space = true;
                }
                (true, None) => self.space = true,
                (false, None) => word = Some(i),
                (false, Some(_)) => {}
            }
            i += len;
        }
        if let Some(start) = word {
            self.word(&piece[start..]);
        }
    }

    fn word(&mut self, word: &str) {
        if self.space && !self.text.is_empty() {
            self.text.push(' ');
        }
        self.text.push_str(word);
        self.space = false;
    }
}

/// Whether the character at byte `i` of `s` is whitespace (as `char::is_whitespace`), and its
/// length in bytes; ASCII, most of any text, is decided on the byte.
fn whitespace_at(s: &str, i: usize) -> (bool, usize) {
    match s.as_bytes()[i] {
        b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | b' ' => (true, 1),
        b if b < 0x80 => (false, 1),
        _ => s[i..].chars().next().map_or((false, 1), |c| (c.is_whitespace(), c.len_utf8())),
    }
}

/// At most `max` characters of `s`, cut at a word boundary and marked with `…` when cut.
pub fn excerpt(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let cut: String = s.chars().take(max).collect();
    let head = match cut.rfind(char::is_whitespace) {
        Some(i) if i > max / 2 => &cut[..i],
        _ => cut.as_str(),
    };
    format!("{}…", head.trim_end_matches(|c: char| c.is_whitespace() || c.is_ascii_punctuation()))
}

/// The distinct lower-case words of `parts`, in order of first appearance, at most `budget`
/// bytes in all (space-separated), up to the first new word that does not fit. Distinct words
/// carry the most recall per byte of index.
///
/// Only a text's first distinct words can matter: `keywords(parts ++ [text], b)` equals
/// `keywords(parts ++ [keywords([text], b)], b)`. After `parts`, the words of `text` already
/// taken cost nothing and the others are taken until one does not fit; the budget is then
/// spent at least as fast as by `text`'s own words alone, which start from nothing.
pub fn keywords<'a>(parts: impl IntoIterator<Item = &'a str>, budget: usize) -> String {
    let mut out = String::new();
    let mut seen: HashSet<String, Xxh3DefaultBuilder> = HashSet::default();
    let mut w = String::new();
    for part in parts {
        for word in part.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()) {
            w.clear();
            if word.is_ascii() {
                w.push_str(word);
                w.make_ascii_lowercase();
            } else {
                w.push_str(&word.to_lowercase());
            }
            if seen.contains(w.as_str()) {
                continue;
            }
            if out.len() + w.len() + 1 > budget {
                return out;
            }
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(&w);
            seen.insert(w.clone());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_of_markdown() {
        assert_eq!(plain("# Head\n\nSome *em* and `code`.\n\n- a\n- b"), "Head Some em and code. a b");
        assert_eq!(plain("The blockade began.[[^wire|p. 3]] Then talks.[[^wire]]"), "The blockade began. Then talks.");
    }

    #[test]
    fn collapses_whitespace_within_and_across_pieces() {
        for s in ["", " ", "a", "  a  b\t\n c ", "a\u{a0}b\u{2003} c\u{85}", "\n\nx\x0by\x0cz\x1cw", "é  ü"] {
            assert_eq!(collapse(s), s.split_whitespace().collect::<Vec<_>>().join(" "), "{s:?}");
        }
        assert_eq!(plain("a *b*c  d\n\n  e `f` g\nh"), "a bc d e f g h");
        assert_eq!(plain("**x** \n\n- *y*\n-  z"), "x y z");
    }

    #[test]
    fn excerpts_cut_at_words() {
        assert_eq!(excerpt("short", 10), "short");
        assert_eq!(excerpt("one two three four", 12), "one two…");
    }

    #[test]
    fn keywords_are_distinct_and_bounded() {
        assert_eq!(keywords(["Kim met Kim", "in Pyongyang."], 100), "kim met in pyongyang");
        assert_eq!(keywords(["alpha beta gamma"], 11), "alpha beta");
        assert_eq!(keywords(["ΟΔΟΣ Straße STRASSE strasse"], 100), "οδος straße strasse");
        // A repeated word costs nothing, even when it would not fit.
        assert_eq!(keywords(["alpha beta alpha be"], 13), "alpha beta be");
    }

    #[test]
    fn a_texts_first_distinct_words_index_it_as_the_whole_text_would() {
        let text = "the cat saw the other cat and a dog chased a very long procession of words \
                    until the budget ran out and then some more words came along";
        for budget in [0, 5, 12, 20, 31, 44, 60, 200] {
            for meta in [vec![], vec!["cat dog"], vec!["procession of words until", "the"], vec!["zebra yak"]] {
                let whole = keywords(meta.iter().copied().chain([text]), budget);
                let first = keywords([text], budget);
                assert_eq!(keywords(meta.iter().copied().chain([first.as_str()]), budget), whole, "{budget} {meta:?}");
            }
        }
    }
}

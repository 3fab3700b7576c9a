//! Quote verification: every annotated quote must appear, verbatim, in its briefing's body.
//!
//! Both sides are compared after folding what typography changes but meaning does not:
//! runs of whitespace and line breaks, typographic quotes and guillemets (“ ” ‘ ’ « » „), the
//! dashes and ellipsis that smart punctuation produces, and punctuation at the quote's ends.
//! Nothing else is forgiven: a changed word, letter or case is a `quote-not-found` error whose
//! hint shows the closest passage of the body, so a one-word edit is easy to spot.
//!
//! Quotes as journalists write them are read into parts (`form`): an ellipsis (`…`, `...`,
//! `[…]`) is a gap, matched as words left out, in order, within one block of the text; a
//! `[bracketed]` insertion is the editor's, standing for at most a few words of the text (or
//! none); a line break may cross into the next paragraph, where the text reopens the quote.

use super::scan::BodyScan;
use std::collections::HashMap;
use std::ops::Range;

/// Text after folding, with the byte offset of the original character behind each byte.
pub struct Folded<'a> {
    pub text: String,
    original: &'a str,
    /// `u32` rather than `usize`: one entry per byte of every body, so half the memory.
    starts: Vec<u32>,
}

impl Folded<'_> {
    /// The original range behind `range` of the folded text.
    fn original(&self, range: Range<usize>) -> Range<usize> {
        let start = self.starts[range.start] as usize;
        let last = self.starts[range.end - 1] as usize;
        let end = last + self.original[last..].chars().next().map_or(0, char::len_utf8);
        start..end
    }
}

/// What one character folds to.
fn fold_char(c: char) -> Option<&'static str> {
    Some(match c {
        '“' | '”' | '„' | '‟' | '«' | '»' | '"' | '″' => "\"",
        '‘' | '’' | '‚' | '‛' | '‹' | '›' | '\'' | '′' => "'",
        '…' => "...",
        '–' => "--",
        '—' => "---",
        _ => return None,
    })
}

/// Fold `s` for comparison: quotes unified, smart dashes and ellipsis spelled out, whitespace
/// collapsed to single spaces.
pub fn fold(s: &str) -> Folded<'_> {
    let mut out = Folded { text: String::with_capacity(s.len()), original: s, starts: Vec::with_capacity(s.len()) };
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        // A run of ASCII other than whitespace, most of any text, folds to itself.
        let run = bytes[i..].iter().position(|&b| !b.is_ascii() || b.is_ascii_whitespace() || b == 0x0B);
        let end = run.map_or(bytes.len(), |n| i + n);
        if end > i {
            out.text.push_str(&s[i..end]);
            out.starts.extend(i as u32..end as u32);
            i = end;
            continue;
        }
        let Some(c) = s[i..].chars().next() else { break };
        if c.is_whitespace() {
            if !out.text.is_empty() && !out.text.ends_with(' ') {
                out.text.push(' ');
            }
        } else {
            match fold_char(c) {
                Some(r) => out.text.push_str(r),
                None => out.text.push(c),
            }
        }
        out.starts.resize(out.text.len(), i as u32);
        i += c.len_utf8();
    }
    out
}

/// The quote as it must appear: folded, with surrounding quote marks and trailing punctuation
/// removed.
pub fn quote_key(text: &str) -> String {
    let f = fold(text).text;
    let trim_end: &[char] = &['.', ',', ';', ':', '!', '?', '"', '\'', ' '];
    let trim_start: &[char] = &['"', '\'', ' '];
    f.trim_end_matches(trim_end).trim_start_matches(trim_start).to_string()
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || unicode_normalization::char::is_combining_mark(c)
}

/// A part of a quote as written, by byte range of its text.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Piece {
    /// The speaker's words.
    Words(Range<u32>),
    /// An ellipsis: words left out.
    Gap(Range<u32>),
    /// `[words]` the editor inserted (brackets included).
    Insertion(Range<u32>),
    /// A line break of the quote: a new paragraph on the card when the text shows one there.
    Break,
    /// A line break where the text runs on in the same paragraph.
    Space,
}

/// How one part of a quote follows the one before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Join {
    /// A line break: a space, or a paragraph break with only quote marks and punctuation.
    Line,
    /// An ellipsis: any words, within the same block.
    Gap,
    /// An editorial insertion: at most `INSERTION_WORDS` words, within the same block.
    Insertion,
}

/// The most words of the text an editorial insertion may stand for.
pub const INSERTION_WORDS: usize = 4;
/// The most places a gapped quote's first part is tried at (a guard for very common words).
const MAX_STARTS: usize = 2_000;

/// A run of the speaker's words to find, and how it is joined to the run before it.
#[derive(Debug, Clone)]
struct Segment {
    key: String,
    join: Join,
    /// A bracket touches the run at its start or end (`[t]he`, `sign[ed]`): the run may start
    /// or end inside a word there.
    open_start: bool,
    open_end: bool,
    /// The `Piece::Break` this run follows (when `join` is `Line`).
    brk: Option<usize>,
}

/// A quote read into its parts: what the card shows.
pub fn form(text: &str) -> Vec<Piece> {
    let mut out = Vec::new();
    let b = text.as_bytes();
    let mut i = 0;
    let mut words = 0;
    let flush = |out: &mut Vec<Piece>, from: usize, to: usize| {
        if to > from {
            out.push(Piece::Words(from as u32..to as u32));
        }
    };
    while i < b.len() {
        let rest = &text[i..];
        let gap = ["[…]", "[...]", "…", "...", ". . ."].iter().find(|g| rest.starts_with(**g)).map(|g| g.len());
        if let Some(n) = gap {
            flush(&mut out, words, i);
            out.push(Piece::Gap(i as u32..(i + n) as u32));
            i += n;
            words = i;
        } else if b[i] == b'[' {
            match rest.find(']') {
                Some(end) if !rest[..end].contains('\n') => {
                    flush(&mut out, words, i);
                    out.push(Piece::Insertion(i as u32..(i + end + 1) as u32));
                    i += end + 1;
                    words = i;
                }
                _ => i += 1,
            }
        } else if b[i] == b'\n' {
            flush(&mut out, words, i);
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            if !out.is_empty() && i < b.len() {
                out.push(Piece::Break);
            }
            words = i;
        } else {
            i += rest.chars().next().map_or(1, char::len_utf8);
        }
    }
    flush(&mut out, words, b.len());
    out
}

/// The speaker's words of a quote, its gaps and insertions left out.
pub fn words(text: &str, pieces: &[Piece]) -> String {
    let mut out = String::new();
    for p in pieces {
        if let Piece::Words(r) = p {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(text[r.start as usize..r.end as usize].trim());
        }
    }
    out
}

/// Whether a quote needs more than one look-up (it has gaps, insertions or line breaks).
pub fn is_composite(pieces: &[Piece]) -> bool {
    !matches!(pieces, [] | [Piece::Words(_)])
}

/// The runs of words to find, from a quote's parts.
fn segments(text: &str, pieces: &[Piece]) -> Vec<Segment> {
    let mut out: Vec<Segment> = Vec::new();
    let mut join = Join::Line;
    let mut open_start = false;
    let mut last_was_insertion_touching = false;
    let mut brk = None;
    for (k, p) in pieces.iter().enumerate() {
        match p {
            Piece::Words(r) => {
                let words = &text[r.start as usize..r.end as usize];
                let touches_next =
                    matches!(pieces.get(k + 1), Some(Piece::Insertion(_))) && !words.ends_with(char::is_whitespace);
                let starts_open = last_was_insertion_touching && !words.starts_with(char::is_whitespace);
                let key = quote_key(words);
                if !key.is_empty() {
                    out.push(Segment {
                        key,
                        join: if out.is_empty() { Join::Line } else { join },
                        open_start: open_start || starts_open,
                        open_end: touches_next,
                        brk: if join == Join::Line { brk } else { None },
                    });
                }
                brk = None;
                join = Join::Line;
                open_start = false;
                last_was_insertion_touching = false;
            }
            Piece::Gap(_) => join = Join::Gap,
            Piece::Insertion(r) => {
                if join != Join::Gap {
                    join = Join::Insertion;
                }
                let after = text[r.end as usize..].chars().next();
                last_was_insertion_touching = after.is_some_and(|c| !c.is_whitespace());
                open_start = false;
            }
            Piece::Break => brk = Some(k),
            Piece::Space => {}
        }
    }
    out
}

/// Where a quote's runs stand (ranges of the plain text), and for each line break of the quote
/// (by its index among the parts) whether the text starts a new paragraph there.
type Placed = (Vec<Range<usize>>, Vec<(usize, bool)>);

/// A folded body, ready to look quotes up in.
pub struct Haystack<'a> {
    scan: &'a BodyScan,
    folded: Folded<'a>,
}

impl<'a> Haystack<'a> {
    pub fn new(scan: &'a BodyScan) -> Self {
        Haystack { scan, folded: fold(&scan.plain) }
    }

    /// Where the quote stands in the body (a range of `BodyScan::plain`); `None` when it does
    /// not. The match must start and end on word boundaries.
    pub fn find(&self, quote: &str) -> Option<Range<usize>> {
        let key = quote_key(quote);
        if key.is_empty() {
            return None;
        }
        let t = &self.folded.text;
        let hit = t.match_indices(&key).map(|(i, _)| i).find(|&i| {
            let before = t[..i].chars().next_back().is_none_or(|c| !is_word(c) || !key.starts_with(is_word));
            let after = t[i + key.len()..].chars().next().is_none_or(|c| !is_word(c) || !key.ends_with(is_word));
            before && after
        })?;
        Some(self.folded.original(hit..hit + key.len()))
    }

    /// Where the parts of a quote written with gaps, insertions or line breaks stand in the
    /// body (ranges of `BodyScan::plain`, in order), with its parts as the body shows them (a
    /// line break of the quote is a `Break` where the body starts a new paragraph, else a
    /// `Space`); `None` when they do not stand in order as the quote says.
    pub fn find_form(&self, text: &str, pieces: &[Piece]) -> Option<(Vec<Range<usize>>, Vec<Piece>)> {
        let (ranges, crossed) = self.find_segments(text, pieces)?;
        let mut shown = pieces.to_vec();
        for (k, new_paragraph) in crossed {
            if !new_paragraph {
                shown[k] = Piece::Space;
            }
        }
        Some((ranges, shown))
    }

    fn find_segments(&self, text: &str, pieces: &[Piece]) -> Option<Placed> {
        let segs = segments(text, pieces);
        let first = segs.first()?;
        let t = &self.folded.text;
        let starts = t
            .match_indices(&first.key)
            .map(|(i, _)| i)
            .filter(|&i| self.bounded(i, i + first.key.len(), first.open_start, first.open_end))
            .take(MAX_STARTS);
        for start in starts {
            if let Some(found) = self.follow(&segs, start) {
                return Some(found);
            }
        }
        None
    }

    /// The rest of `segs` after the first, found from its place `start` on.
    fn follow(&self, segs: &[Segment], start: usize) -> Option<Placed> {
        let t = &self.folded.text;
        let mut block_start = start;
        let mut pos = start + segs[0].key.len();
        let mut ranges = Vec::with_capacity(segs.len());
        ranges.push(start..pos);
        let mut crossed = Vec::new();
        for s in &segs[1..] {
            let at = match s.join {
                Join::Line => {
                    let skip = t[pos..].find(is_word).map_or(t.len(), |n| pos + n);
                    let at = if s.key.starts_with(is_word) {
                        skip
                    } else {
                        let at = t[pos..].find(s.key.as_str()).map(|n| pos + n)?;
                        (at <= skip).then_some(at)?
                    };
                    let between = &t[pos..at];
                    match self.boundaries(pos, at) {
                        // The same paragraph: the quote's line break is a space of the text.
                        0 if between.chars().all(|c| c == ' ') => crossed.extend(s.brk.map(|k| (k, false))),
                        // The next paragraph, reopened: only punctuation and quote marks between.
                        1 => {
                            crossed.extend(s.brk.map(|k| (k, true)));
                            block_start = at;
                        }
                        _ => return None,
                    }
                    if !t[at..].starts_with(&s.key) {
                        return None;
                    }
                    at
                }
                Join::Gap | Join::Insertion => {
                    let from = pos;
                    let mut found = None;
                    for (i, _) in t[from..].match_indices(&s.key) {
                        let i = from + i;
                        if self.crosses(block_start, i + s.key.len() - 1) {
                            break;
                        }
                        if s.join == Join::Insertion && t[pos..i].split_whitespace().count() > INSERTION_WORDS {
                            break;
                        }
                        if self.bounded(i, i + s.key.len(), s.open_start, s.open_end) {
                            found = Some(i);
                            break;
                        }
                    }
                    found?
                }
            };
            pos = at + s.key.len();
            if !self.bounded(at, pos, s.open_start, s.open_end) {
                return None;
            }
            ranges.push(at..pos);
        }
        let ranges = ranges.into_iter().zip(segs).map(|(r, s)| self.folded.original(self.whole_words(r, s))).collect();
        Some((ranges, crossed))
    }

    /// `r` (where `s` stands) widened over the rest of a word a bracket touches, so the
    /// highlight never splits a word: `[t]o restore` marks `To restore`, `sign[ed]` `signs`.
    fn whole_words(&self, r: Range<usize>, s: &Segment) -> Range<usize> {
        let t = &self.folded.text;
        let mut start = r.start;
        if s.open_start {
            start -= t[..start].chars().rev().take_while(|&c| is_word(c)).map(char::len_utf8).sum::<usize>();
        }
        let mut end = r.end;
        if s.open_end {
            end += t[end..].chars().take_while(|&c| is_word(c)).map(char::len_utf8).sum::<usize>();
        }
        start..end
    }

    /// Whether `start..end` of the folded text begins and ends on word boundaries (unless the
    /// side is open: a bracket touches it there).
    fn bounded(&self, start: usize, end: usize, open_start: bool, open_end: bool) -> bool {
        let t = &self.folded.text;
        let key = &t[start..end];
        let before =
            open_start || t[..start].chars().next_back().is_none_or(|c| !is_word(c) || !key.starts_with(is_word));
        let after = open_end || t[end..].chars().next().is_none_or(|c| !is_word(c) || !key.ends_with(is_word));
        before && after
    }

    /// How many block boundaries of the body lie between folded positions `a` and `b`.
    fn boundaries(&self, a: usize, b: usize) -> usize {
        if a >= b {
            return 0;
        }
        let oa = self.folded.starts.get(a).map_or(self.scan.plain.len(), |&o| o as usize) as u32;
        let ob = self.folded.starts.get(b).map_or(self.scan.plain.len(), |&o| o as usize) as u32;
        let blocks = &self.scan.blocks;
        let from = blocks.partition_point(|&x| x <= oa);
        let to = blocks.partition_point(|&x| x <= ob);
        // A paragraph's end and the next one's start are one boundary.
        let mut n = 0;
        let mut last: Option<u32> = None;
        for &x in &blocks[from..to] {
            if last.is_none_or(|l| x > l + 1) {
                n += 1;
            }
            last = Some(x);
        }
        n
    }

    fn crosses(&self, a: usize, b: usize) -> bool {
        self.boundaries(a, b) > 0
    }

    /// The passage of the body most like `quote` (as many shared words as possible in a window
    /// of the quote's length), in the body's own spelling, and its byte offset in the body.
    pub fn closest(&self, quote: &str) -> Option<(String, usize)> {
        let key = quote_key(quote);
        let qwords: Vec<&str> = key.split(' ').filter(|w| !w.is_empty()).collect();
        let t = &self.folded.text;
        let words: Vec<(usize, &str)> = word_positions(t);
        if qwords.is_empty() || words.is_empty() {
            return None;
        }
        let n = qwords.len().min(words.len());
        let mut want: HashMap<&str, i64> = HashMap::new();
        for w in &qwords {
            *want.entry(bare(w)).or_default() += 1;
        }
        // Sliding window over the body's words, keeping the count of shared words current.
        let mut have: HashMap<&str, i64> = HashMap::new();
        let mut shared: i64 = 0;
        let mut best = (-1i64, 0usize, -1i64);
        for (i, &(_, w)) in words.iter().enumerate() {
            let w = bare(w);
            let c = have.entry(w).or_default();
            *c += 1;
            if *c <= *want.get(w).unwrap_or(&0) {
                shared += 1;
            }
            if i >= n {
                let old = bare(words[i - n].1);
                let c = have.entry(old).or_default();
                if *c <= *want.get(old).unwrap_or(&0) {
                    shared -= 1;
                }
                *c -= 1;
            }
            if i + 1 >= n && shared >= best.0 {
                // Among windows sharing as many words, prefer the one whose words line up.
                let start = i + 1 - n;
                let aligned = (0..n).filter(|&k| bare(words[start + k].1) == bare(qwords[k])).count() as i64;
                if (shared, aligned) > (best.0, best.2) {
                    best = (shared, start, aligned);
                }
            }
        }
        let (start, _) = words[best.1];
        let (last, lw) = words[best.1 + n - 1];
        let range = self.folded.original(start..last + lw.len());
        let passage = self.scan.plain[range.clone()].to_string();
        Some((passage, self.scan.source_offset(range.start)))
    }
}

/// A word without the punctuation around it, for counting shared words.
fn bare(w: &str) -> &str {
    w.trim_matches(|c: char| !is_word(c))
}

fn word_positions(t: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in t.char_indices() {
        match (c == ' ', start) {
            (true, Some(s)) => {
                out.push((s, &t[s..i]));
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, &t[s..]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::scan::scan;

    fn find(body: &str, quote: &str) -> bool {
        let s = scan(body);
        Haystack::new(&s).find(quote).is_some()
    }

    #[test]
    fn folds_typography_but_not_words() {
        let body = "Kim called it the «strongest treaty in\nhistory,» and \"very strong\" ties. It's done -- now...";
        assert!(find(body, "strongest treaty in history"));
        assert!(find(body, "strongest treaty in history."));
        assert!(find(body, "“strongest treaty in history”"));
        assert!(find(body, "\"very strong\" ties"));
        assert!(find(body, "It’s done – now…"));
        assert!(!find(body, "strongest pact in history"));
        assert!(!find(body, "Strongest treaty in history"));
        assert!(!find(body, "stron"), "a match must not cut a word");
    }

    #[test]
    fn quotes_across_emphasis_and_links_are_found_as_spans() {
        let s = scan("He said *very* strong [friendship](x.md) today.");
        let spans = s.spans(Haystack::new(&s).find("very strong friendship").unwrap());
        assert_eq!(spans.len(), 3);
    }

    /// Folding char by char, the definition the fast path must agree with.
    fn fold_by_char(s: &str) -> (String, Vec<u32>) {
        let (mut text, mut starts) = (String::new(), Vec::new());
        for (i, c) in s.char_indices() {
            if c.is_whitespace() {
                if text.is_empty() || text.ends_with(' ') {
                    continue;
                }
                text.push(' ');
            } else {
                text.push_str(fold_char(c).unwrap_or(c.encode_utf8(&mut [0; 4])));
            }
            starts.resize(text.len(), i as u32);
        }
        (text, starts)
    }

    #[test]
    fn folding_keeps_the_offset_of_each_byte() {
        for s in ["a  “b”\u{b} c…d\té", "", "  x", "plain words, \"quoted\" -- and 'single'\r\n", "«x»\u{a0}\u{85}y"]
        {
            let f = fold(s);
            assert_eq!((f.text, f.starts), fold_by_char(s), "{s:?}");
        }
        assert_eq!(fold("a  “b”\u{b} c…d\té").starts, [0, 1, 3, 6, 7, 10, 12, 13, 13, 13, 16, 17, 18, 18]);
    }

    /// Whether the quote is found, as a journalist writes it, and the passages found.
    fn find_written(body: &str, quote: &str) -> Option<Vec<String>> {
        let s = scan(body);
        let pieces = form(quote);
        let hay = Haystack::new(&s);
        let ranges = if is_composite(&pieces) { hay.find_form(quote, &pieces)?.0 } else { vec![hay.find(quote)?] };
        Some(ranges.into_iter().map(|r| s.plain[r].to_string()).collect())
    }

    const RULING: &str = "Google is a monopolist, and it has acted as one to maintain its monopoly.\n\n\
        It enjoys a default position on every browser.";

    #[test]
    fn an_ellipsis_is_a_gap_in_order_within_one_paragraph() {
        assert_eq!(find_written(RULING, "monopolist … to maintain").unwrap(), ["monopolist", "to maintain"]);
        assert!(find_written(RULING, "monopolist ... to maintain its monopoly.").is_some());
        assert!(find_written(RULING, "monopolist [...] to maintain").is_some());
        // Out of order, or across a paragraph, it is refused.
        assert!(find_written(RULING, "to maintain … monopolist").is_none());
        assert!(find_written(RULING, "monopolist … default position").is_none());
        assert!(find_written(RULING, "monopolist … to sustain").is_none());
    }

    #[test]
    fn bracketed_words_are_the_editors_and_need_not_appear() {
        assert_eq!(find_written(RULING, "[Google] enjoys a default position").unwrap(), ["enjoys a default position"]);
        assert!(find_written(RULING, "it has acted as one [a monopolist] to maintain").is_some());
        assert!(find_written(RULING, "[t]o maintain its monopoly").is_some());
        // The words around an insertion must still be the text's, within a few words.
        assert!(find_written(RULING, "[Google] enjoys a default place").is_none());
        assert!(find_written(RULING, "Google is [a company that] acted as one").is_none());
    }

    #[test]
    fn a_quote_runs_over_two_paragraphs_where_the_text_reopens_it() {
        let body = "He said: “We will not stop. We will carry on.\n\n“The sanctions change nothing,” he added.";
        let quote = "We will carry on.\nThe sanctions change nothing";
        assert_eq!(find_written(body, quote).unwrap(), ["We will carry on", "The sanctions change nothing"]);
        let (_, shown) = Haystack::new(&scan(body)).find_form(quote, &form(quote)).unwrap();
        assert!(shown.contains(&Piece::Break), "{shown:?}");
        // A line break inside one paragraph of the text is a space there.
        let one = "We will not\nstop";
        let (_, shown) = Haystack::new(&scan(body)).find_form(one, &form(one)).unwrap();
        assert!(shown.contains(&Piece::Space) && !shown.contains(&Piece::Break), "{shown:?}");
        // The second paragraph must start where the text's next paragraph starts.
        assert!(find_written(body, "We will carry on.\nchange nothing").is_none());
        assert!(find_written(body, "We will not stop.\nThe sanctions change nothing").is_none());
    }

    #[test]
    fn forms_read_gaps_insertions_and_paragraphs() {
        let t = "[He] said … “no.”\nThen";
        let kinds: Vec<&str> = form(t)
            .iter()
            .map(|p| match p {
                Piece::Words(_) => "w",
                Piece::Gap(_) => "gap",
                Piece::Insertion(_) => "ins",
                Piece::Break => "br",
                Piece::Space => "sp",
            })
            .collect();
        assert_eq!(kinds, ["ins", "w", "gap", "w", "br", "w"]);
        assert_eq!(words(t, &form(t)), "said “no.” Then");
        assert!(!is_composite(&form("plain words")));
    }

    #[test]
    fn closest_passage_shows_the_one_word_edit() {
        let s = scan("First paragraph about nothing.\n\nKim said the agreement was the strongest treaty in history, putting it at the level of an alliance.");
        let (p, _) = Haystack::new(&s).closest("the strongest pact in history").unwrap();
        assert_eq!(p, "the strongest treaty in history,");
    }
}

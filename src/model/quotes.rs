//! Quote verification: every annotated quote must appear, verbatim, in its briefing's body.
//!
//! Both sides are compared after folding what typography changes but meaning does not:
//! runs of whitespace and line breaks, typographic quotes and guillemets (“ ” ‘ ’ « » „), the
//! dashes and ellipsis that smart punctuation produces, and punctuation at the quote's ends.
//! Nothing else is forgiven: a changed word, letter or case is a `quote-not-found` error whose
//! hint shows the closest passage of the body, so a one-word edit is easy to spot.

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

    #[test]
    fn closest_passage_shows_the_one_word_edit() {
        let s = scan("First paragraph about nothing.\n\nKim said the agreement was the strongest treaty in history, putting it at the level of an alliance.");
        let (p, _) = Haystack::new(&s).closest("the strongest pact in history").unwrap();
        assert_eq!(p, "the strongest treaty in history,");
    }
}

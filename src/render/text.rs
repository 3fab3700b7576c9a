//! Plain text derived from markdown and front matter: the raw material of meta descriptions,
//! feed summaries and the search index. Nothing here is escaped; each output format escapes
//! for itself (HTML by tera, XML by `xml`, JSON by serde).

use crate::model::scan::options;
use pulldown_cmark::{Event, Parser, TagEnd};

/// The readable text of a markdown document, whitespace collapsed to single spaces.
pub fn plain(md: &str) -> String {
    let mut out = String::new();
    for ev in Parser::new_ext(md, options()) {
        match ev {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            // Block ends separate words; inline ends (emphasis, links) do not.
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::TableCell
                | TagEnd::BlockQuote(_)
                | TagEnd::CodeBlock
                | TagEnd::FootnoteDefinition,
            ) => out.push(' '),
            _ => {}
        }
    }
    collapse(&out)
}

/// `s` with every run of whitespace replaced by one space, trimmed.
pub fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
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
/// bytes in all (space-separated). Distinct words carry the most recall per byte of index.
pub fn keywords<'a>(parts: impl IntoIterator<Item = &'a str>, budget: usize) -> String {
    let mut out = String::new();
    let mut seen = std::collections::HashSet::new();
    for part in parts {
        for word in part.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()) {
            let w = word.to_lowercase();
            if out.len() + w.len() + 1 > budget {
                return out;
            }
            if seen.insert(w.clone()) {
                if !out.is_empty() {
                    out.push(' ');
                }
                out.push_str(&w);
            }
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
    }
}

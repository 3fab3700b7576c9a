//! One pass over a briefing body's markdown to learn what the model needs before anything is
//! rendered: the ids of its headings (link targets) and the links it makes.
//!
//! The markdown options and the heading-id rule live here so that render gives headings
//! exactly the ids that links were checked against.

use super::slug::slugify;
use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};
use std::collections::HashSet;

/// The markdown dialect of briefing bodies: CommonMark plus tables, footnotes, strikethrough,
/// task lists, `{#id}` heading attributes and `[[wiki links]]`.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_WIKILINKS
        | Options::ENABLE_SMART_PUNCTUATION
}

/// A link as written in the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BodyLink {
    pub dest: String,
    pub wiki: bool,
    /// Byte offset of the link in the body.
    pub offset: usize,
}

/// What one pass over a body finds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BodyScan {
    pub headings: Vec<String>,
    pub links: Vec<BodyLink>,
}

/// Gives headings unique ids in document order: the slug of the text, then `-1`, `-2`, …
#[derive(Debug, Default)]
pub struct HeadingIds {
    seen: HashSet<String>,
}

impl HeadingIds {
    /// The id for a heading with `text` (or an explicit `{#id}`).
    pub fn next(&mut self, explicit: Option<&str>, text: &str) -> String {
        let base = match explicit {
            Some(id) if !id.is_empty() => id.to_string(),
            _ => {
                let s = slugify(text);
                if s.is_empty() {
                    "section".to_string()
                } else {
                    s
                }
            }
        };
        let mut id = base.clone();
        let mut n = 1;
        while !self.seen.insert(id.clone()) {
            id = format!("{base}-{n}");
            n += 1;
        }
        id
    }
}

/// Scan `body` for headings and links.
pub fn scan(body: &str) -> BodyScan {
    let mut out = BodyScan::default();
    let mut ids = HeadingIds::default();
    let mut heading: Option<(Option<String>, String)> = None;
    for (ev, range) in Parser::new_ext(body, options()).into_offset_iter() {
        match ev {
            Event::Start(Tag::Heading { id, .. }) => heading = Some((id.map(|s| s.to_string()), String::new())),
            Event::End(TagEnd::Heading(_)) => {
                if let Some((explicit, text)) = heading.take() {
                    out.headings.push(ids.next(explicit.as_deref(), &text));
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, text)) = heading.as_mut() {
                    text.push_str(&t);
                }
            }
            Event::Start(Tag::Link { link_type, dest_url, .. }) => {
                let wiki = matches!(link_type, LinkType::WikiLink { .. });
                if !matches!(link_type, LinkType::Email) {
                    out.links.push(BodyLink { dest: dest_url.to_string(), wiki, offset: range.start });
                }
            }
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_heading_ids_and_links() {
        let s = scan("# Intro\n\n## Intro\n\n## Why `this` {#why}\n\nSee [a](other.md#x) and [[pact|the pact]].\n");
        assert_eq!(s.headings, ["intro", "intro-1", "why"]);
        assert_eq!(s.links.len(), 2);
        assert_eq!(s.links[0].dest, "other.md#x");
        assert!(s.links[1].wiki);
        assert_eq!(s.links[1].dest, "pact");
    }
}

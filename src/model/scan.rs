//! One pass over a briefing body's markdown to learn what the model needs before anything is
//! rendered: the ids of its headings (link targets), the links it makes, its paragraphs, its
//! prose as plain text (for actor mentions and quote verification), and the URLs and raw HTML
//! that could run script (`url`'s gate, applied on the same pass).
//!
//! The markdown options and the heading-id rule live here so that render gives headings
//! exactly the ids that links were checked against. Text is addressed by the *ordinal* of the
//! parser's `Text`/`Code` event: render parses the same body with the same options, counts the
//! same events, and so can wrap exactly the characters the model found.

use super::slug::slugify;
use super::typography::Fixed;
use super::url::{self, Refused, Risk, Use};
use pulldown_cmark::{CowStr, Event, LinkType, OffsetIter, Options, Parser, Tag, TagEnd};
use std::collections::HashSet;
use std::ops::Range;

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

/// Whether `tag` opens a citation of a source (`[[^id]]`, `[[^id|locator]]`), whose text (the
/// id or the locator) is not prose: readers of a body's text leave it out.
pub fn is_citation(tag: &Tag) -> bool {
    matches!(tag, Tag::Link { link_type: LinkType::WikiLink { .. }, dest_url, .. } if dest_url.starts_with('^'))
}

/// The events of a body (or any text in the briefing dialect) with their byte ranges, smart
/// punctuation applied as `typography` decides it. Every reader of a body parses through this,
/// so the model's scan and render count the same events and see the same text.
pub fn parse(text: &str) -> Fixed<'_, OffsetIter<'_>> {
    Fixed::new(Parser::new_ext(text, options()).into_offset_iter(), text)
}

/// Whether an event carries text that render counts: the key of `TextPiece::ord`.
pub fn is_text_event(ev: &Event) -> bool {
    matches!(ev, Event::Text(_) | Event::Code(_))
}

/// A link as written in the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BodyLink {
    pub dest: String,
    pub wiki: bool,
    /// Byte offset of the link in the body.
    pub offset: usize,
}

/// A citation of a source in the body, `[[^id]]` or `[[^id|locator]]`, in body order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BodyCite {
    /// The source id as written (after `^`).
    pub id: String,
    /// The text after `|`, if any: a page, paragraph or timestamp.
    pub locator: Option<String>,
    /// Byte offset of the citation in the body.
    pub offset: usize,
}

/// A URL the gate refuses, or raw HTML that can run script, at a byte offset of the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BodyRisk {
    pub offset: usize,
    pub kind: RiskKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RiskKind {
    /// A link's or an image's URL (`bad-url`).
    Url(Use, Refused),
    /// Raw HTML (`unsafe-html`).
    Html(Risk),
}

/// Where a piece of prose sits, which decides what may be done with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Context {
    /// Inline code: quotable, but never a mention.
    pub code: bool,
    /// Inside a link, a heading or an inline HTML element: a mention, but never linked.
    pub unlinkable: bool,
}

/// A stretch of the plain text: one text event, or a break/separator that render does not wrap.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextPiece {
    /// Ordinal of the `Text`/`Code` event; `None` for a line break or block separator (a space).
    pub ord: Option<u32>,
    /// Its range in `BodyScan::plain`.
    pub range: Range<usize>,
    /// Byte offset of the event in the body.
    pub src: usize,
    /// Pieces of one run follow each other with no markup between them.
    pub run: u32,
    pub ctx: Context,
}

/// A paragraph: its range in `BodyScan::plain` and its byte offset in the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paragraph {
    pub range: Range<usize>,
    pub offset: usize,
}

/// What one pass over a body finds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BodyScan {
    pub headings: Vec<Heading>,
    /// How many words the prose holds (for the reading time).
    pub words: usize,
    pub links: Vec<BodyLink>,
    /// The images, as written (their `dest`), in body order.
    pub images: Vec<BodyLink>,
    /// The prose as rendered text (smart punctuation applied), without code blocks, images or
    /// raw HTML; blocks are separated by a space.
    pub plain: String,
    pub pieces: Vec<TextPiece>,
    pub paragraphs: Vec<Paragraph>,
    /// In body order.
    pub risks: Vec<BodyRisk>,
    /// Citations of sources (`[[^id]]`), in body order; their text is not prose.
    pub cites: Vec<BodyCite>,
    /// Footnote references without a definition (`[^id]`), in body order: the text shows them
    /// as written, and one naming a source was meant as `[[^id]]`.
    pub strays: Vec<BodyCite>,
    /// Positions in `plain` where one block (paragraph, heading, list item, …) ends and the
    /// next begins, ascending: quotes with ellipses stay within one block, and a quote that
    /// runs over two paragraphs crosses exactly one of these.
    pub blocks: Vec<u32>,
}

impl BodyScan {
    /// The text events covering `range` of `plain`, as (ordinal, byte range in that event).
    pub fn spans(&self, range: Range<usize>) -> Vec<super::TextSpan> {
        let first = self.pieces.partition_point(|p| p.range.end <= range.start);
        self.pieces[first..]
            .iter()
            .take_while(|p| p.range.start < range.end)
            .filter_map(|p| {
                let ord = p.ord?;
                let s = range.start.max(p.range.start) - p.range.start;
                let e = range.end.min(p.range.end) - p.range.start;
                (s < e).then_some(super::TextSpan { ord, start: s as u32, end: e as u32 })
            })
            .collect()
    }

    /// Byte offset in the body of `plain` position `pos` (the start of its event).
    pub fn source_offset(&self, pos: usize) -> usize {
        let i = self.pieces.partition_point(|p| p.range.end <= pos);
        self.pieces.get(i).or(self.pieces.last()).map_or(0, |p| p.src)
    }
}

/// A heading of a body: its id (a link target), its text as rendered, and its level (1–6).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Heading {
    pub id: String,
    pub title: String,
    pub level: u8,
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

/// Depth of the inline HTML elements open around a point (`<span>…</span>`), so their text is
/// never linked. Void elements, comments and self-closing tags open nothing.
fn inline_html_depth(depth: usize, html: &str) -> usize {
    let h = html.trim();
    if h.starts_with("</") {
        return depth.saturating_sub(1);
    }
    let name: String = h.trim_start_matches('<').chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
    let void = ["br", "img", "hr", "wbr", "input", "area", "col", "embed", "source", "track", "meta", "link"];
    if name.is_empty() || h.ends_with("/>") || void.contains(&name.to_ascii_lowercase().as_str()) {
        return depth;
    }
    depth + 1
}

/// The state of the walk that `scan` makes.
#[derive(Default)]
struct Walk {
    out: BodyScan,
    ids: HeadingIds,
    heading: Option<(Option<String>, String, u8)>,
    /// The open paragraph: where its text starts in `plain`, and its offset in the body.
    paragraph: Option<(usize, usize)>,
    ord: u32,
    run: u32,
    links: usize,
    html: usize,
    hidden: usize,
    /// The open HTML block's text, and where each of its pieces starts (in it, in the body).
    block: Option<(String, Vec<(usize, usize)>)>,
    /// The labels that reference links (not images) use, to vet their definitions as links.
    references: Vec<String>,
    /// The open citation (`[[^id|locator]]`), whose text is its locator.
    cite: Option<BodyCite>,
}

impl Walk {
    fn push(&mut self, text: &str, ord: Option<u32>, src: usize, code: bool) {
        let start = self.out.plain.len();
        self.out.plain.push_str(text);
        let ctx = Context { code, unlinkable: self.links > 0 || self.heading.is_some() || self.html > 0 };
        self.out.pieces.push(TextPiece { ord, range: start..self.out.plain.len(), src, run: self.run, ctx });
    }

    fn separate(&mut self, src: usize) {
        let at = self.out.plain.len() as u32;
        if self.out.blocks.last() != Some(&at) {
            self.out.blocks.push(at);
        }
        self.run += 1;
        if !self.out.plain.is_empty() && !self.out.plain.ends_with(' ') {
            self.push(" ", None, src, false);
        }
    }

    fn event(&mut self, ev: Event, at: usize) {
        let text_ord = is_text_event(&ev).then(|| {
            self.ord += 1;
            self.ord - 1
        });
        match ev {
            Event::Text(t) | Event::Code(t) if self.hidden > 0 => {
                if let Some(locator) = self.cite.as_mut().and_then(|c| c.locator.as_mut()) {
                    locator.push_str(&t);
                } else if let Some((_, text, _)) = self.heading.as_mut() {
                    text.push_str(&t);
                }
            }
            Event::Text(t) => {
                if let Some((_, text, _)) = self.heading.as_mut() {
                    text.push_str(&t);
                }
                self.push(&t, text_ord, at, false);
            }
            Event::Code(t) => {
                if let Some((_, text, _)) = self.heading.as_mut() {
                    text.push_str(&t);
                }
                self.run += 1;
                self.push(&t, text_ord, at, true);
                self.run += 1;
            }
            Event::SoftBreak | Event::HardBreak => self.push(" ", None, at, false),
            Event::InlineHtml(h) => {
                self.run += 1;
                self.html = inline_html_depth(self.html, &h);
                self.html_risks(&h, &[(0, at)]);
            }
            Event::Html(h) => {
                self.run += 1;
                match self.block.as_mut() {
                    Some((text, starts)) => {
                        starts.push((text.len(), at));
                        text.push_str(&h);
                    }
                    None => self.html_risks(&h, &[(0, at)]),
                }
            }
            Event::Start(tag) => self.start(tag, at),
            Event::End(end) => self.end(end, at),
            _ => self.run += 1,
        }
    }

    fn start(&mut self, tag: Tag, at: usize) {
        self.run += 1;
        match tag {
            Tag::Heading { id, level, .. } => {
                self.separate(at);
                self.heading = Some((id.map(|s| s.to_string()), String::new(), level as u8));
            }
            Tag::Paragraph => {
                self.separate(at);
                self.paragraph = Some((self.out.plain.len(), at));
            }
            Tag::Link { link_type: LinkType::WikiLink { has_pothole }, dest_url, .. } if is_citation(&tag) => {
                self.hidden += 1;
                let id = dest_url[1..].trim().to_string();
                self.cite = Some(BodyCite { id, locator: has_pothole.then(String::new), offset: at });
            }
            Tag::Link { link_type, dest_url, id, .. } => {
                self.links += 1;
                let wiki = matches!(link_type, LinkType::WikiLink { .. });
                // A wiki link that names no briefing is a broken link already.
                if !wiki {
                    self.vet(link_type, &dest_url, id, Use::Link, at);
                }
                if !matches!(link_type, LinkType::Email) {
                    self.out.links.push(BodyLink { dest: dest_url.to_string(), wiki, offset: at });
                }
            }
            Tag::Image { link_type, dest_url, id, .. } => {
                self.hidden += 1;
                self.vet(link_type, &dest_url, id, Use::Image, at);
                self.out.images.push(BodyLink { dest: dest_url.to_string(), wiki: false, offset: at });
            }
            Tag::HtmlBlock => {
                self.hidden += 1;
                self.block = Some(Default::default());
            }
            Tag::CodeBlock(_) | Tag::MetadataBlock(_) => self.hidden += 1,
            _ => {}
        }
    }

    fn end(&mut self, end: TagEnd, at: usize) {
        self.run += 1;
        match end {
            TagEnd::Heading(_) => {
                if let Some((explicit, text, level)) = self.heading.take() {
                    let id = self.ids.next(explicit.as_deref(), &text);
                    self.out.headings.push(Heading { id, title: text.trim().to_string(), level });
                }
                self.separate(at);
            }
            TagEnd::Paragraph => {
                if let Some((start, offset)) = self.paragraph.take() {
                    self.out.paragraphs.push(Paragraph { range: start..self.out.plain.len(), offset });
                }
                self.separate(at);
            }
            TagEnd::Link => match self.cite.take() {
                Some(mut cite) => {
                    self.hidden = self.hidden.saturating_sub(1);
                    cite.locator = cite.locator.map(|l| l.trim().to_string()).filter(|l| !l.is_empty());
                    self.out.cites.push(cite);
                }
                None => self.links = self.links.saturating_sub(1),
            },
            TagEnd::HtmlBlock => {
                if let Some((text, starts)) = self.block.take() {
                    self.html_risks(&text, &starts);
                }
                self.hidden = self.hidden.saturating_sub(1);
                self.separate(at);
            }
            TagEnd::Image => {
                self.hidden = self.hidden.saturating_sub(1);
                // An image inside a paragraph separates words, not blocks.
                let blocks = self.out.blocks.len();
                self.separate(at);
                self.out.blocks.truncate(blocks);
            }
            TagEnd::CodeBlock | TagEnd::MetadataBlock(_) => {
                self.hidden = self.hidden.saturating_sub(1);
                self.separate(at);
            }
            TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Superscript | TagEnd::Subscript => {}
            _ => self.separate(at),
        }
    }
}

impl Walk {
    /// Put the URL of a link or image through the gate. A reference link's URL is vetted at its
    /// definition (after the walk), once however often it is used.
    fn vet(&mut self, link_type: LinkType, dest: &str, label: CowStr, use_: Use, at: usize) {
        match link_type {
            LinkType::Email => {}
            LinkType::Reference
            | LinkType::ReferenceUnknown
            | LinkType::Collapsed
            | LinkType::CollapsedUnknown
            | LinkType::Shortcut
            | LinkType::ShortcutUnknown => {
                if use_ == Use::Link {
                    self.references.push(label.to_string());
                }
            }
            _ => {
                if let Err(refused) = url::vet(dest, use_) {
                    self.out.risks.push(BodyRisk { offset: at, kind: RiskKind::Url(use_, refused) });
                }
            }
        }
    }

    /// Record the risks of raw HTML `text`, whose pieces start at `starts` (offset in `text`,
    /// offset in the body).
    fn html_risks(&mut self, text: &str, starts: &[(usize, usize)]) {
        for (at, risk) in url::html_risks(text) {
            let i = starts.partition_point(|s| s.0 <= at).saturating_sub(1);
            let offset = starts.get(i).map_or(0, |&(from, src)| src + (at - from));
            self.out.risks.push(BodyRisk { offset, kind: RiskKind::Html(risk) });
        }
    }
}

/// Scan `body` for headings, links, paragraphs, prose and risks.
pub fn scan(body: &str) -> BodyScan {
    let mut w = Walk::default();
    let mut events = parse(body);
    for (ev, range) in events.by_ref() {
        // An undefined footnote reference is text, its `[` an event of its own.
        if matches!(&ev, Event::Text(t) if &**t == "[") {
            if let Some(id) = stray_note(&body[range.start..]) {
                w.out.strays.push(BodyCite { id: id.to_string(), locator: None, offset: range.start });
            }
        }
        w.event(ev, range.start);
    }
    // Reference definitions: as links when a link uses them, else as images (a `data:` image
    // is fine there); one used by nothing is vetted too, as it may be used later.
    let defs = events.inner().reference_definitions();
    let mut linked: Vec<usize> = w.references.iter().filter_map(|l| defs.get(l)).map(|d| d.span.start).collect();
    linked.sort_unstable();
    for (_, def) in defs.iter() {
        let use_ = if linked.binary_search(&def.span.start).is_ok() { Use::Link } else { Use::Image };
        if let Err(refused) = url::vet(&def.dest, use_) {
            w.out.risks.push(BodyRisk { offset: def.span.start, kind: RiskKind::Url(use_, refused) });
        }
    }
    w.out.risks.sort_by_key(|r| r.offset);
    w.out.words = w.out.plain.split_whitespace().count();
    w.out
}

/// The id of the footnote reference `rest` starts with (`[^id]`), if it is one.
fn stray_note(rest: &str) -> Option<&str> {
    let inner = rest.strip_prefix("[^")?;
    let id = &inner[..inner.find(']')?];
    (!id.is_empty() && !id.contains(char::is_whitespace)).then_some(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_heading_ids_and_links() {
        let s = scan("# Intro\n\n## Intro\n\n## Why `this` {#why}\n\nSee [a](other.md#x) and [[pact|the pact]].\n");
        let ids: Vec<&str> = s.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["intro", "intro-1", "why"]);
        assert_eq!((s.headings[2].title.as_str(), s.headings[2].level), ("Why this", 2));
        assert_eq!(s.words, 9);
        assert_eq!(s.links.len(), 2);
        assert_eq!(s.links[0].dest, "other.md#x");
        assert!(s.links[1].wiki);
        assert_eq!(s.links[1].dest, "pact");
    }

    #[test]
    fn plain_text_applies_smart_punctuation_and_skips_code_blocks() {
        let s = scan("He said \"hi\" and\nleft.\n\n```\ncode here\n```\n\nIt's *done*.\n");
        assert_eq!(s.plain.trim(), "He said “hi” and left. It’s done.");
        let i = s.plain.find("done").unwrap();
        let spans = s.spans(i..i + 4);
        assert_eq!(spans.len(), 1);
        assert_eq!(s.paragraphs.len(), 2);
    }

    #[test]
    fn contexts_mark_links_headings_and_code() {
        let s = scan("# Kim\n\n[Kim](x) `Kim` <span>Kim</span> Kim\n");
        let ctx: Vec<(String, Context)> = s
            .pieces
            .iter()
            .filter(|p| p.ord.is_some())
            .map(|p| (s.plain[p.range.clone()].to_string(), p.ctx))
            .collect();
        let kims: Vec<&Context> = ctx.iter().filter(|(t, _)| t.trim() == "Kim").map(|(_, c)| c).collect();
        assert_eq!(kims.len(), 5);
        assert!(kims[0].unlinkable && kims[1].unlinkable && kims[2].code && kims[3].unlinkable);
        assert!(!kims[4].unlinkable && !kims[4].code);
    }

    #[test]
    fn citations_are_read_and_are_not_prose() {
        let s = scan("Arms flowed.[[^ap-wire|para. 4]] Kim said so[[^kcna]].\n\nNext [[pact]].\n");
        let ids: Vec<(&str, Option<&str>)> = s.cites.iter().map(|c| (c.id.as_str(), c.locator.as_deref())).collect();
        assert_eq!(ids, [("ap-wire", Some("para. 4")), ("kcna", None)]);
        assert_eq!(s.plain.trim(), "Arms flowed. Kim said so. Next pact.");
        assert_eq!(s.links.len(), 1, "a citation is not a link to a briefing");
        // One boundary between the two paragraphs (their end and the next start).
        let between = s.plain.find("Next").unwrap() as u32;
        assert!(s.blocks.iter().any(|&b| b <= between && b >= between - 1));
        assert!(!s.blocks.iter().any(|&b| b > 1 && b < between - 1), "{:?}", s.blocks);
    }
}

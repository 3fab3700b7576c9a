//! Markdown → HTML for briefing bodies and actor biographies.
//!
//! On top of pulldown-cmark's HTML writer this gives headings the ids the model checked links
//! against, rewrites links to other briefings and actors (`other.md`, `[[slug]]`, `[[@actor]]`)
//! into the relative page URLs it is given, hands fenced code to the highlighter, and (for a
//! briefing) highlights quoted passages and links actor mentions where the model found them
//! (`annotate`). It reads nothing but its `Markdown` input: where links go is decided by the
//! page that shows the text. A link or image whose URL the model's gate (`model::url`) refuses
//! is written as its text, never as an `href` or `src`. An image that is a file of the site gets
//! its `width` and `height`; an image alone in its paragraph is a figure (`figure`).

use super::annotate::{closing_run, rejoins, Insert, Inserts, QUOTE_REF};
use super::escape::escape;
use super::figure::Image;
use super::highlight::code_block;
use super::key::Digested;
use crate::model::scan::{is_text_event, parse, HeadingIds};
use crate::model::url::{vet, Use};
use crate::model::TextSpan;
use pulldown_cmark::{CodeBlockKind, CowStr, Event, LinkType, Tag, TagEnd};
use serde::{Serialize, Serializer};

/// A markdown text to render, with everything its HTML is made from: the text, where each of
/// its links goes, and (for a briefing) the quoted passages and the mentions to link. Nothing
/// else is read, so a body's `Hash` is all its HTML depends on; serialized (into a page's
/// template context), it is its HTML.
#[derive(Debug, Hash)]
pub struct Markdown<'a> {
    pub text: Digested<'a>,
    /// Every link of the text that points into the site, by destination as written, sorted.
    pub links: Vec<LinkTo<'a>>,
    pub passages: Vec<Passage<'a>>,
    pub mentions: Vec<MentionLink<'a>>,
    /// The images of the text that are files of the site, with their sizes, by destination as
    /// written, sorted.
    pub images: Vec<ImageTo<'a>>,
    /// The text's citations of sources (`[[^id]]`), in order.
    pub notes: Vec<NoteMark<'a>>,
}

/// An image of the text that is a file of the site: its width and height, when known.
#[derive(Debug, Hash)]
pub struct ImageTo<'a> {
    pub dest: &'a str,
    pub size: Option<(u32, u32)>,
}

/// A citation of a source in the text, in text order: its note number in the Sources section,
/// the source's id and title, and which citation of that source it is (1, 2, …); `source` is
/// `None` for an id no source has (the citation is then written as it stands).
#[derive(Debug, Hash)]
pub struct NoteMark<'a> {
    pub source: Option<(usize, &'a str, &'a str, usize)>,
    pub locator: Option<&'a str>,
}

impl NoteMark<'_> {
    /// The note: a superscript number linking to the source's entry in the Sources section.
    fn html(&self, dest: &str) -> String {
        let Some((number, id, title, nth)) = self.source else { return escape(&format!("[[{dest}]]")) };
        let label = match self.locator {
            Some(l) => format!("Source {number}: {title}, {l}"),
            None => format!("Source {number}: {title}"),
        };
        format!(
            "<sup class=\"note-ref\" id=\"cite-{id}-{nth}\"><a href=\"#source-{id}\" title=\"{}\" aria-label=\"{}\">{number}</a></sup>",
            escape(&label),
            escape(&label)
        )
    }
}

/// Where a link of the text goes: the URL it is rewritten to and, for a wiki link without a
/// label of its own, the text it shows (the target's title or name).
#[derive(Debug, Hash)]
pub struct LinkTo<'a> {
    pub dest: &'a str,
    pub wiki: bool,
    pub url: String,
    pub label: &'a str,
    /// What a reader sees on hovering the link (its `title`) when the text gives none: the
    /// summary of the briefing, the role of the actor.
    pub preview: Option<&'a str>,
}

/// A quote's passage in the text: highlighted, with a link back to the quote's card.
#[derive(Debug, Hash)]
pub struct Passage<'a> {
    pub anchor: &'a str,
    pub speaker: &'a str,
    pub spans: &'a [TextSpan],
}

/// A mention of an actor linked to the actor's page: from the start of its first span to the
/// end of its last.
#[derive(Debug, Hash)]
pub struct MentionLink<'a> {
    pub url: String,
    /// The actor's role, as the link's `title`.
    pub preview: Option<&'a str>,
    pub first: TextSpan,
    pub last: TextSpan,
}

impl Serialize for Markdown<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.html())
    }
}

impl Markdown<'_> {
    /// The HTML of the text.
    pub fn html(&self) -> String {
        let inserts = Inserts::new(&self.passages, &self.mentions);
        let mut body = Body {
            links: &self.links,
            images: &self.images,
            image: None,
            paragraph: None,
            figure: None,
            events: Vec::new(),
            ids: HeadingIds::default(),
            code: None,
            heading: None,
            wiki_label: None,
            ann: Annotating { inserts, ..Default::default() },
            open: Vec::new(),
            notes: &self.notes,
            next_note: 0,
            in_note: false,
        };
        let md = self.text.text;
        for (ev, _) in parse(md) {
            body.event(ev);
        }
        let mut out = String::with_capacity(md.len() * 3 / 2);
        pulldown_cmark::html::push_html(&mut out, body.events.into_iter());
        out
    }
}

/// Where the walk over a body's events is, for placing inserts.
#[derive(Default)]
struct Annotating {
    inserts: Inserts,
    ord: u32,
    links: usize,
    /// Links back to quote cards waiting for the enclosing link to close.
    pending: Vec<String>,
    /// A link back to a quote card that goes after the closing punctuation the next text event
    /// starts with.
    trailing: Option<String>,
}

impl Annotating {
    /// Emit a text event with its inserts; `code` events are wrapped whole.
    fn text<'a>(&mut self, ev: Event<'a>, ord: u32, events: &mut Vec<Event<'a>>) {
        let inserts = self.inserts.take(ord);
        if inserts.is_empty() {
            events.push(ev);
            return;
        }
        let (t, code) = match ev {
            Event::Text(t) => (t, false),
            Event::Code(t) => (t, true),
            other => {
                events.push(other);
                return;
            }
        };
        let valid = inserts.iter().all(|i| t.is_char_boundary((i.pos as usize).min(t.len())));
        if code || !valid {
            let (before, after): (Vec<Insert>, Vec<Insert>) = inserts.into_iter().partition(|i| i.rank >= 3);
            before.into_iter().for_each(|i| self.html(i, events));
            events.push(if code { Event::Code(t) } else { Event::Text(t) });
            after.into_iter().for_each(|i| self.html(i, events));
            return;
        }
        // A link back to a quote card goes after the quote's closing punctuation; when that runs
        // to the end of this text, after what the next text starts with.
        let mut inserts = inserts;
        for i in &mut inserts {
            if i.rank == QUOTE_REF {
                let pos = (i.pos as usize).min(t.len());
                i.pos = (pos + closing_run(&t[pos..])) as u32;
            }
        }
        inserts.sort();
        let mut at = 0usize;
        for i in inserts {
            if i.rank == QUOTE_REF && i.pos as usize >= t.len() {
                self.trailing = Some(i.html);
                continue;
            }
            let pos = (i.pos as usize).min(t.len());
            if pos > at {
                events.push(Event::Text(t[at..pos].to_string().into()));
                at = pos;
            }
            self.html(i, events);
        }
        if at < t.len() {
            events.push(Event::Text(t[at..].to_string().into()));
        }
    }

    /// Place a link back to a quote card that waits for the event `ev` (the `ord`-th text
    /// event, if it is one): after the closing punctuation a text starts with, after the end of
    /// emphasis, or else before `ev`.
    fn trail(&mut self, ev: &Event, ord: Option<u32>, events: &mut Vec<Event>) {
        let Some(html) = self.trailing.take() else { return };
        match (ev, ord) {
            (Event::Text(t), Some(o)) => {
                let n = closing_run(t);
                if n == t.len() {
                    self.trailing = Some(html);
                } else {
                    self.inserts.add(o, n as u32, QUOTE_REF, html);
                }
            }
            (Event::End(TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough), _) => self.trailing = Some(html),
            _ => self.html(Insert { pos: 0, rank: QUOTE_REF, html, outside_links: true }, events),
        }
    }

    fn html(&mut self, i: Insert, events: &mut Vec<Event>) {
        if matches!(events.last(), Some(Event::InlineHtml(last)) if rejoins(last, &i.html)) {
            events.pop();
            return;
        }
        if i.outside_links && self.links > 0 {
            self.pending.push(i.html);
        } else {
            events.push(Event::InlineHtml(i.html.into()));
        }
    }

    fn link_end(&mut self, events: &mut Vec<Event>) {
        self.links = self.links.saturating_sub(1);
        if self.links == 0 {
            events.extend(self.pending.drain(..).map(|h| Event::InlineHtml(h.into())));
        }
    }
}

/// The state of one body's rendering: the events so far and what is open.
struct Body<'e, 'c> {
    links: &'c [LinkTo<'c>],
    images: &'c [ImageTo<'c>],
    /// The open image, its alternative text gathered so far.
    image: Option<Image>,
    /// Index in `events` of the open paragraph's start.
    paragraph: Option<usize>,
    /// The figure the open paragraph is, if its first event was an image and nothing follows.
    figure: Option<String>,
    events: Vec<Event<'e>>,
    ids: HeadingIds,
    /// An open code block: its language and text so far.
    code: Option<(String, String)>,
    /// Index in `events` of the open heading.
    heading: Option<usize>,
    /// The label that replaces the text of an open wiki link written without one.
    wiki_label: Option<String>,
    ann: Annotating,
    /// For each open link or image, whether it is written (its URL passed the gate).
    open: Vec<bool>,
    notes: &'c [NoteMark<'c>],
    next_note: usize,
    /// Inside a citation, whose text (its locator) the note replaces.
    in_note: bool,
}

impl<'e> Body<'e, '_> {
    fn event(&mut self, ev: Event<'e>) {
        // Count text events exactly as the model's scan does, before anything is skipped.
        let ord = is_text_event(&ev).then(|| {
            self.ann.ord += 1;
            self.ann.ord - 1
        });
        self.ann.trail(&ev, ord, &mut self.events);
        let events = &mut self.events;
        if let Some((lang, buf)) = self.code.as_mut() {
            match ev {
                Event::Text(t) => buf.push_str(&t),
                Event::End(TagEnd::CodeBlock) => {
                    events.push(Event::Html(code_block(lang, buf).into()));
                    self.code = None;
                }
                _ => {}
            }
            return;
        }
        if let Some(image) = self.image.as_mut() {
            match ev {
                Event::Text(t) | Event::Code(t) => image.alt.push_str(&t),
                Event::Start(Tag::Image { .. }) => image.depth += 1,
                Event::End(TagEnd::Image) if image.depth > 0 => image.depth -= 1,
                Event::End(TagEnd::Image) => {
                    if let Some(image) = self.image.take() {
                        if self.paragraph.is_some_and(|start| events.len() == start + 1) {
                            self.figure = Some(image.figure());
                        }
                        events.push(Event::InlineHtml(image.inline().into()));
                    }
                }
                _ => {}
            }
            return;
        }
        if self.in_note {
            if let Event::End(TagEnd::Link) = ev {
                self.in_note = false;
            }
            return;
        }
        if self.wiki_label.is_some() {
            if let Event::End(TagEnd::Link) = ev {
                events.push(Event::Text(self.wiki_label.take().unwrap_or_default().into()));
                self.open.pop();
                events.push(Event::End(TagEnd::Link));
                self.ann.link_end(events);
            }
            return;
        }
        match ev {
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(l) => l.to_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                self.code = Some((lang, String::new()));
            }
            Event::Start(Tag::Heading { level, id, classes, attrs }) => {
                self.heading = Some(events.len());
                events.push(Event::Start(Tag::Heading { level, id, classes, attrs }));
            }
            Event::End(TagEnd::Heading(level)) => {
                if let Some(start) = self.heading.take() {
                    set_heading_id(events, start, &mut self.ids);
                }
                events.push(Event::End(TagEnd::Heading(level)));
            }
            Event::Start(Tag::Link { link_type: LinkType::WikiLink { .. }, dest_url, .. })
                if dest_url.starts_with('^') =>
            {
                let html = match self.notes.get(self.next_note) {
                    Some(n) => n.html(&dest_url),
                    None => escape(&format!("[[{dest_url}]]")),
                };
                self.next_note += 1;
                self.in_note = true;
                events.push(Event::InlineHtml(html.into()));
            }
            Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
                self.ann.links += 1;
                let wiki = matches!(link_type, LinkType::WikiLink { .. });
                let to = self.links.binary_search_by(|l| (l.dest, l.wiki).cmp(&(&*dest_url, wiki)));
                let to = to.ok().map(|i| &self.links[i]);
                if wiki && matches!(link_type, LinkType::WikiLink { has_pothole: false }) {
                    self.wiki_label = to.map(|t| t.label.to_string());
                }
                // A rewritten link points into the site; any other URL goes through the gate.
                let written = to.is_some() || link_type == LinkType::Email || vet(&dest_url, Use::Link).is_ok();
                self.open.push(written);
                if written {
                    let dest_url = to.map_or(dest_url, |t| CowStr::from(t.url.clone()));
                    let title = match to.and_then(|t| t.preview) {
                        Some(p) if title.is_empty() => CowStr::from(p.to_string()),
                        _ => title,
                    };
                    events.push(Event::Start(Tag::Link { link_type, dest_url, title, id }));
                }
            }
            Event::End(TagEnd::Link) => {
                if self.open.pop().unwrap_or(true) {
                    events.push(Event::End(TagEnd::Link));
                }
                self.ann.link_end(events);
            }
            Event::Start(Tag::Image { dest_url, title, .. }) => {
                if vet(&dest_url, Use::Image).is_ok() {
                    let at = self.images.binary_search_by(|i| i.dest.cmp(&dest_url));
                    let size = at.ok().and_then(|i| self.images[i].size);
                    self.image = Some(Image::new(&dest_url, &title, size));
                } else {
                    // Written as its text: what it shows is its alternative text.
                    self.open.push(false);
                }
            }
            Event::End(TagEnd::Image) => {
                self.open.pop();
            }
            Event::Start(Tag::Paragraph) => {
                self.paragraph = Some(events.len());
                self.figure = None;
                events.push(Event::Start(Tag::Paragraph));
            }
            Event::End(TagEnd::Paragraph) => match (self.paragraph.take(), self.figure.take()) {
                // A paragraph that is one image and nothing else is a figure, not a paragraph.
                (Some(start), Some(figure)) if events.len() == start + 2 => {
                    events.truncate(start);
                    events.push(Event::Html(figure.into()));
                }
                _ => events.push(Event::End(TagEnd::Paragraph)),
            },
            other => match ord {
                Some(o) if !self.ann.inserts.is_empty() => self.ann.text(other, o, events),
                _ => events.push(other),
            },
        }
    }
}

/// Give the heading that starts at `events[start]` its id, from the text that follows.
fn set_heading_id(events: &mut [Event], start: usize, ids: &mut HeadingIds) {
    let text: String = events[start + 1..]
        .iter()
        .filter_map(|e| match e {
            Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
            _ => None,
        })
        .collect();
    if let Event::Start(Tag::Heading { id, .. }) = &mut events[start] {
        let explicit = id.as_ref().map(|s| s.to_string());
        *id = Some(ids.next(explicit.as_deref(), &text).into());
    }
}

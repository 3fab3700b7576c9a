//! Markdown → HTML for briefing bodies and actor biographies.
//!
//! On top of pulldown-cmark's HTML writer this gives headings the ids the model checked links
//! against, rewrites links to other briefings (`other.md`, `[[slug]]`, `[[@actor]]`) into
//! relative page URLs, hands fenced code to the highlighter, and (for a briefing) highlights
//! quoted passages and links actor mentions where the model found them (`annotate`). A link or
//! image whose URL the model's gate (`model::url`) refuses is written as its text, never as an
//! `href` or `src`.

use super::annotate::{Insert, Inserts};
use super::highlight::{code_block, escape};
use super::layout::{self, Urls};
use crate::model::scan::{is_text_event, options, HeadingIds};
use crate::model::url::{vet, Use};
use crate::model::Site;
use pulldown_cmark::{CodeBlockKind, CowStr, Event, LinkType, Parser, Tag, TagEnd};

/// What a body is rendered against: the site (for link targets), the page it appears on, and
/// the file it came from (for relative links).
pub struct BodyContext<'a> {
    pub site: &'a Site,
    pub urls: Urls,
    pub page: &'a str,
    pub file: &'a str,
    /// The briefing whose body this is (for its passages and mentions); `None` for a biography.
    pub briefing: Option<usize>,
}

/// A link the body's rendering rewrote: its destination as written, whether it was a wiki
/// link, and what `rewrite` made of it (the URL and, for a wiki link, the label). A memoised
/// body stays valid while every one of its links rewrites the same (see `memo`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rewrite {
    pub dest: String,
    pub wiki: bool,
    pub result: (Option<String>, Option<String>),
}

impl Rewrite {
    /// Whether the link still rewrites as it did, against the site of `cx`.
    pub fn holds(&self, cx: &BodyContext) -> bool {
        rewrite(cx, &self.dest, self.wiki) == self.result
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
        let mut at = 0usize;
        for i in inserts {
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

    fn html(&mut self, i: Insert, events: &mut Vec<Event>) {
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
    cx: &'c BodyContext<'c>,
    events: Vec<Event<'e>>,
    ids: HeadingIds,
    /// An open code block: its language and text so far.
    code: Option<(String, String)>,
    /// Index in `events` of the open heading.
    heading: Option<usize>,
    /// The label that replaces the text of an open wiki link written without one.
    wiki_label: Option<String>,
    ann: Annotating,
    /// The links rewritten so far, when recording them.
    rewrites: Option<Vec<Rewrite>>,
    /// For each open link or image, whether it is written (its URL passed the gate).
    open: Vec<bool>,
}

/// Render `markdown` to HTML.
pub fn render(md: &str, cx: &BodyContext) -> String {
    render_with(md, cx, inserts(cx), false).0
}

/// The passages and mentions to insert into the body of `cx` (none for a biography).
pub fn inserts(cx: &BodyContext) -> Inserts {
    cx.briefing.map(|bi| Inserts::for_briefing(cx.site, bi, cx.urls, cx.page)).unwrap_or_default()
}

/// Feed to `h` what `inserts` makes the inserts of `cx` from (see `Inserts::hash_inputs`).
pub fn hash_inserts(cx: &BodyContext, h: &mut impl std::hash::Hasher) {
    if let Some(bi) = cx.briefing {
        Inserts::hash_inputs(cx.site, bi, cx.urls, cx.page, h);
    }
}

/// Render `markdown` to HTML with these `inserts`, and (with `record`) the links it rewrote.
pub fn render_with(md: &str, cx: &BodyContext, inserts: Inserts, record: bool) -> (String, Vec<Rewrite>) {
    let mut body = Body {
        cx,
        events: Vec::new(),
        ids: HeadingIds::default(),
        code: None,
        heading: None,
        wiki_label: None,
        ann: Annotating { inserts, ..Default::default() },
        rewrites: record.then(Vec::new),
        open: Vec::new(),
    };
    for ev in Parser::new_ext(md, options()) {
        body.event(ev);
    }
    let mut out = String::with_capacity(md.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut out, body.events.into_iter());
    (out, body.rewrites.unwrap_or_default())
}

impl<'e> Body<'e, '_> {
    fn event(&mut self, ev: Event<'e>) {
        // Count text events exactly as the model's scan does, before anything is skipped.
        let ord = is_text_event(&ev).then(|| {
            self.ann.ord += 1;
            self.ann.ord - 1
        });
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
            Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
                self.ann.links += 1;
                let wiki = matches!(link_type, LinkType::WikiLink { .. });
                let (dest, label) = rewrite(self.cx, &dest_url, wiki);
                if let Some(r) = self.rewrites.as_mut() {
                    r.push(Rewrite { dest: dest_url.to_string(), wiki, result: (dest.clone(), label.clone()) });
                }
                if wiki && matches!(link_type, LinkType::WikiLink { has_pothole: false }) {
                    self.wiki_label = label;
                }
                // A rewritten link points into the site; any other URL goes through the gate.
                let written = dest.is_some() || link_type == LinkType::Email || vet(&dest_url, Use::Link).is_ok();
                self.open.push(written);
                if written {
                    let dest_url = dest.map_or(dest_url, CowStr::from);
                    events.push(Event::Start(Tag::Link { link_type, dest_url, title, id }));
                }
            }
            Event::End(TagEnd::Link) => {
                if self.open.pop().unwrap_or(true) {
                    events.push(Event::End(TagEnd::Link));
                }
                self.ann.link_end(events);
            }
            Event::Start(Tag::Image { link_type, dest_url, title, id }) => {
                let written = vet(&dest_url, Use::Image).is_ok();
                self.open.push(written);
                if written {
                    events.push(Event::Start(Tag::Image { link_type, dest_url, title, id }));
                }
            }
            Event::End(TagEnd::Image) => {
                if self.open.pop().unwrap_or(true) {
                    events.push(Event::End(TagEnd::Image));
                }
            }
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

/// The rewritten destination of a link (if it points into the site) and, for a wiki link, the
/// label to show when it has none of its own (the target's title or name).
fn rewrite(cx: &BodyContext, dest: &str, wiki: bool) -> (Option<String>, Option<String>) {
    let (url, label) = rewrite_any(cx, dest, wiki);
    (url, label.filter(|_| wiki))
}

fn rewrite_any(cx: &BodyContext, dest: &str, wiki: bool) -> (Option<String>, Option<String>) {
    let site = cx.site;
    if wiki {
        if let Some(id) = dest.strip_prefix('@') {
            if let Some(&a) = site.actor_by_id.get(id.trim()) {
                let actor = &site.actors[a];
                return (Some(cx.urls.link(cx.page, &layout::actor(&actor.id))), Some(actor.name.clone()));
            }
            return (None, None);
        }
    }
    match crate::model::link_target(site, cx.file, dest, wiki) {
        Some(Ok((t, frag))) => {
            let b = &site.briefings[t];
            let path = layout::briefing(&b.slug);
            let url = match &frag {
                Some(f) => cx.urls.anchor(cx.page, &path, f),
                None => cx.urls.link(cx.page, &path),
            };
            (Some(url), Some(b.title.clone()))
        }
        _ => (None, None),
    }
}

/// Plain text of a markdown snippet (for descriptions and search), HTML-escaped.
pub fn plain_text(md: &str) -> String {
    let mut out = String::new();
    for ev in Parser::new_ext(md, options()) {
        match ev {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak | Event::End(TagEnd::Paragraph) => out.push(' '),
            _ => {}
        }
    }
    escape(out.trim())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{build, ModelOptions};

    /// Render `md` as a biography on an empty site.
    fn html(md: &str) -> String {
        let site = build(&Default::default(), Default::default(), ModelOptions::default(), None, &mut Vec::new());
        let cx = BodyContext {
            site: &site,
            urls: Urls { portable: false },
            page: "actors/x/",
            file: "x.md",
            briefing: None,
        };
        render(md, &cx)
    }

    #[test]
    fn a_refused_url_is_written_as_its_text() {
        let out = html(
            "[click](JavaScript:alert(1)) [[javascript:alert(2)]] ![pic](data:text/html,x) <vbscript:x>\n\n\
             [ref][r]\n\n[r]: javascript:alert(3)\n",
        );
        assert!(!out.contains("href") && !out.contains("src"), "{out}");
        for text in ["click", "pic", "ref"] {
            assert!(out.contains(text), "{text} lost: {out}");
        }
        let kept = html("[a](https://x.org/) ![b](data:image/png;base64,AA) <mailto:d@x.org> [c](../y/)");
        for url in
            ["href=\"https://x.org/\"", "src=\"data:image/png;base64,AA\"", "href=\"mailto:d@x.org\"", "href=\"../y/\""]
        {
            assert!(kept.contains(url), "{url} missing: {kept}");
        }
    }
}

//! Markdown → HTML for briefing bodies and actor biographies.
//!
//! On top of pulldown-cmark's HTML writer this gives headings the ids the model checked links
//! against, rewrites links to other briefings (`other.md`, `[[slug]]`, `[[@actor]]`) into
//! relative page URLs, hands fenced code to the highlighter, and (for a briefing) highlights
//! quoted passages and links actor mentions where the model found them (`annotate`).

use super::annotate::{Insert, Inserts};
use super::highlight::{code_block, escape};
use super::layout::{self, Urls};
use crate::model::scan::{is_text_event, options, HeadingIds};
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

/// Render `markdown` to HTML.
pub fn render(md: &str, cx: &BodyContext) -> String {
    let parser = Parser::new_ext(md, options());
    let mut events: Vec<Event> = Vec::new();
    let mut ids = HeadingIds::default();
    let mut code: Option<(String, String)> = None;
    let mut heading: Option<usize> = None;
    let mut wiki_label: Option<String> = None;
    let mut ann = Annotating {
        inserts: cx.briefing.map(|bi| Inserts::for_briefing(cx.site, bi, cx.urls, cx.page)).unwrap_or_default(),
        ..Default::default()
    };
    for ev in parser {
        // Count text events exactly as the model's scan does, before anything is skipped.
        let ord = is_text_event(&ev).then(|| {
            ann.ord += 1;
            ann.ord - 1
        });
        if let Some((lang, buf)) = code.as_mut() {
            match ev {
                Event::Text(t) => buf.push_str(&t),
                Event::End(TagEnd::CodeBlock) => {
                    let html = code_block(lang, buf);
                    events.push(Event::Html(html.into()));
                    code = None;
                }
                _ => {}
            }
            continue;
        }
        if wiki_label.is_some() {
            match ev {
                Event::End(TagEnd::Link) => {
                    events.push(Event::Text(wiki_label.take().unwrap_or_default().into()));
                    events.push(Event::End(TagEnd::Link));
                    ann.link_end(&mut events);
                }
                _ => continue,
            }
            continue;
        }
        match ev {
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(l) => l.to_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                code = Some((lang, String::new()));
            }
            Event::Start(Tag::Heading { level, id, classes, attrs }) => {
                heading = Some(events.len());
                events.push(Event::Start(Tag::Heading { level, id, classes, attrs }));
            }
            Event::End(TagEnd::Heading(level)) => {
                if let Some(start) = heading.take() {
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
                events.push(Event::End(TagEnd::Heading(level)));
            }
            Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
                ann.links += 1;
                let wiki = matches!(link_type, LinkType::WikiLink { .. });
                let (dest, label) = rewrite(cx, &dest_url, wiki);
                if wiki && matches!(link_type, LinkType::WikiLink { has_pothole: false }) {
                    wiki_label = label;
                }
                events.push(Event::Start(Tag::Link {
                    link_type,
                    dest_url: dest.map_or(dest_url, CowStr::from),
                    title,
                    id,
                }));
            }
            Event::End(TagEnd::Link) => {
                events.push(Event::End(TagEnd::Link));
                ann.link_end(&mut events);
            }
            other => match ord {
                Some(o) if !ann.inserts.is_empty() => ann.text(other, o, &mut events),
                _ => events.push(other),
            },
        }
    }
    let mut out = String::with_capacity(md.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut out, events.into_iter());
    out
}

/// The rewritten destination of a link (if it points into the site) and, for wiki links
/// without a label, the label to show (the target's title or name).
fn rewrite(cx: &BodyContext, dest: &str, wiki: bool) -> (Option<String>, Option<String>) {
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

//! Markdown → HTML for briefing bodies and actor biographies.
//!
//! On top of pulldown-cmark's HTML writer this gives headings the ids the model checked links
//! against, rewrites links to other briefings (`other.md`, `[[slug]]`, `[[@actor]]`) into
//! relative page URLs, and hands fenced code to the highlighter.

use super::highlight::{code_block, escape};
use super::layout::{self, Urls};
use crate::model::scan::{options, HeadingIds};
use crate::model::Site;
use pulldown_cmark::{CodeBlockKind, CowStr, Event, LinkType, Parser, Tag, TagEnd};

/// What a body is rendered against: the site (for link targets), the page it appears on, and
/// the file it came from (for relative links).
pub struct BodyContext<'a> {
    pub site: &'a Site,
    pub urls: Urls,
    pub page: &'a str,
    pub file: &'a str,
}

/// Render `markdown` to HTML.
pub fn render(md: &str, cx: &BodyContext) -> String {
    let parser = Parser::new_ext(md, options());
    let mut events: Vec<Event> = Vec::new();
    let mut ids = HeadingIds::default();
    let mut code: Option<(String, String)> = None;
    let mut heading: Option<usize> = None;
    let mut wiki_label: Option<String> = None;
    for ev in parser {
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
            other => events.push(other),
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

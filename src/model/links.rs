//! Links between briefings: relative markdown links to `.md` files and `[[wiki links]]`,
//! resolved to briefings (and checked headings) once the whole site is known. Backlinks come
//! from what this finds.

use super::body::Scanned;
use super::scan::BodyLink;
use super::{Link, Ref, Site, Target};
use crate::diag::{suggest, Finding};
use crate::load::raw::RawBriefing;
use crate::load::Document;

/// Resolve body links to other briefings; a link to a missing briefing or heading is an error.
pub(super) fn resolve_links(
    site: &mut Site,
    bodies: &mut [Scanned],
    raw: &[(&Document, &RawBriefing)],
    findings: &mut Vec<Finding>,
) {
    for (b, s) in site.briefings.iter_mut().zip(bodies.iter_mut()) {
        b.headings = std::mem::take(&mut s.headings);
        b.words = s.words;
    }
    for (bi, s) in bodies.iter().enumerate() {
        let links = links_of(site, bi, raw[bi].0, &s.links, findings);
        site.briefings[bi].links = links;
        site.briefings[bi].refs = refs_of(site, &raw[bi].0.file, &s.links);
    }
    for ai in 0..site.actors.len() {
        let a = &site.actors[ai];
        let Some(bio) = &a.bio else { continue };
        let refs = refs_of(site, &a.origin.file, &super::scan::scan(bio).links);
        site.actors[ai].bio_refs = refs;
    }
}

/// What each distinct link of a text in `file` points at in the site (links elsewhere, and
/// links that point nowhere, are left out), sorted by (dest, wiki).
pub(crate) fn refs_of(site: &Site, file: &str, links: &[BodyLink]) -> Vec<Ref> {
    let mut refs: Vec<Ref> = links
        .iter()
        .filter_map(|l| {
            let target = match l.dest.strip_prefix('@').filter(|_| l.wiki) {
                Some(id) => Target::Actor(*site.actor_by_id.get(id.trim())?),
                None => match link_target(site, file, &l.dest, l.wiki)? {
                    Ok((t, fragment)) => Target::Briefing(t, fragment),
                    Err(_) => return None,
                },
            };
            Some(Ref { dest: l.dest.clone(), wiki: l.wiki, target })
        })
        .collect();
    refs.sort_by(|a, b| (&a.dest, a.wiki).cmp(&(&b.dest, b.wiki)));
    refs.dedup_by(|a, b| a.dest == b.dest && a.wiki == b.wiki);
    refs
}

/// The links of briefing `bi` (whose file is `doc`, whose body makes `body_links`) to other
/// briefings; links that do not resolve are findings. Reads the headings of the whole site.
pub(crate) fn links_of(
    site: &Site,
    bi: usize,
    doc: &Document,
    body_links: &[BodyLink],
    findings: &mut Vec<Finding>,
) -> Vec<Link> {
    let mut links: Vec<Link> = Vec::new();
    for l in body_links {
        if l.wiki && l.dest.starts_with('@') {
            findings.extend(check_actor_link(site, doc, l));
            continue;
        }
        let Some(target) = link_target(site, &doc.file, &l.dest, l.wiki) else { continue };
        let at = || {
            let (line, col) = crate::diag::line_col(&doc.text, doc.body_offset + l.offset);
            (line, col)
        };
        let (t, frag) = match target {
            Ok(t) => t,
            Err(msg) => {
                let (line, col) = at();
                let mut f = Finding::error(&doc.file, "broken-link", msg).at(&doc.text, line, col);
                let stem = l.dest.trim_end_matches(".md").rsplit('/').next().unwrap_or("");
                if let Some(sug) = suggest(stem, site.briefing_by_slug.keys().map(String::as_str)) {
                    f = f.hint(format!("did you mean `{sug}`?"));
                }
                findings.push(f);
                continue;
            }
        };
        if let Some(fr) = &frag {
            let tb = &site.briefings[t];
            let known = tb.headings.iter().any(|h| &h.id == fr)
                || tb.quotes.iter().any(|q| &q.anchor == fr)
                || tb.questions.iter().any(|q| &q.anchor == fr);
            if !known {
                let (line, col) = at();
                let mut f = Finding::error(&doc.file, "broken-anchor", format!("`{}` has no heading `#{fr}`", tb.slug))
                    .at(&doc.text, line, col);
                let anchors = tb
                    .headings
                    .iter()
                    .map(|h| &h.id)
                    .chain(tb.quotes.iter().map(|q| &q.anchor))
                    .chain(tb.questions.iter().map(|q| &q.anchor));
                if let Some(sug) = suggest(fr, anchors.map(String::as_str)) {
                    f = f.hint(format!("did you mean `#{sug}`?"));
                }
                findings.push(f);
                continue;
            }
        }
        let link = Link { target: t, fragment: frag };
        if t != bi && !links.contains(&link) {
            links.push(link);
        }
    }
    links
}

/// `[[@actor-id]]` must name a known actor.
fn check_actor_link(site: &Site, doc: &Document, l: &BodyLink) -> Option<Finding> {
    let id = l.dest[1..].split('#').next().unwrap_or("").trim();
    if site.actor_by_id.contains_key(id) {
        return None;
    }
    let (line, col) = crate::diag::line_col(&doc.text, doc.body_offset + l.offset);
    let f = Finding::error(&doc.file, "broken-link", format!("actor link `[[@{id}]]`: no actor has the id `{id}`"))
        .at(&doc.text, line, col);
    Some(match suggest(id, site.actor_by_id.keys().map(String::as_str)) {
        Some(sug) => f.hint(format!("did you mean `[[@{sug}]]`?")),
        None => f.hint("define the actor in content/actors/<id>.md or in a briefing's `actors:`"),
    })
}

/// What a link destination points at: `None` for external or non-briefing links,
/// `Some(Err)` for a briefing link that does not resolve.
#[allow(clippy::type_complexity)]
pub(crate) fn link_target(
    site: &Site,
    from_file: &str,
    dest: &str,
    wiki: bool,
) -> Option<Result<(usize, Option<String>), String>> {
    let (path, frag) = match dest.split_once('#') {
        Some((p, f)) => (p, Some(f.to_string())),
        None => (dest, None),
    };
    if wiki {
        if path.starts_with('@') {
            return None;
        }
        if path.trim().is_empty() {
            // `[[#heading]]`: a heading of the briefing the link is in.
            return site.briefing_by_file.get(from_file).map(|&t| Ok((t, frag)));
        }
        return Some(match site.briefing_by_slug.get(path.trim()) {
            Some(&t) => Ok((t, frag)),
            None => Err(format!("wiki link `[[{dest}]]`: no briefing has the slug `{}`", path.trim())),
        });
    }
    if dest.contains("://")
        || dest.starts_with("mailto:")
        || dest.starts_with('#')
        || dest.starts_with('/')
        || !path.ends_with(".md")
    {
        return None;
    }
    let base = from_file.rsplit_once('/').map_or("", |(d, _)| d);
    let decoded = percent_decode(path);
    let mut parts: Vec<&str> = if base.is_empty() { Vec::new() } else { base.split('/').collect() };
    for seg in decoded.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    let full = parts.join("/");
    Some(match site.briefing_by_file.get(&full) {
        Some(&t) => Ok((t, frag)),
        None => Err(format!("link to `{dest}`: there is no briefing at `{full}`")),
    })
}

pub(crate) fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Some(v) = std::str::from_utf8(&bytes[i + 1..i + 3]).ok().and_then(|h| u8::from_str_radix(h, 16).ok())
            {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

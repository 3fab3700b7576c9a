//! One briefing's front matter → a `Briefing`: its title, dates, slug and tags, the actors it
//! annotates, its quotes, questions and events, its key judgments (`judgments`), and the
//! sources it lists or names as its primary one, each value checked and every invalid one a
//! finding placed at its line and column. A briefing is read on its own (`read`), so the
//! briefings of a site are read in parallel; what ties it to other briefings is left to
//! `build`.

use super::actors::inline_id;
use super::citations::{Citing, Named};
use super::date::DateExpr;
use super::front::{link_url, nonempty, prose, Place};
use super::slug::Slug;
use super::*;
use crate::diag::{suggest, Finding};
use crate::load::raw::{RawActorRef, RawBriefing, RawPrimary, RawSourceRef};
use crate::load::Document;
use std::collections::HashSet;

/// Validate one briefing's own fields. `None` when it lacks what a page needs (title, date).
pub(super) fn read(
    doc: &Document,
    b: &RawBriefing,
    actors: &HashMap<String, usize>,
    citing: &Citing,
    findings: &mut Vec<Finding>,
) -> Option<Briefing> {
    let d = Place { file: &doc.file, text: &doc.text, loc: &doc.loc };
    // A field that failed to read was reported as such: it is not also "missing".
    let title = prose(&b.title);
    if title.is_none() && !doc.loc.failed("title") {
        findings.push(
            Finding::error(&doc.file, "missing-field", "briefing has no `title`")
                .at(&doc.text, 1, 1)
                .hint("add `title: …` to the front matter"),
        );
    }
    let date = match &b.date {
        None if doc.loc.failed("date") => None,
        None => {
            findings.push(
                Finding::error(&doc.file, "missing-field", "briefing has no `date`")
                    .at(&doc.text, 1, 1)
                    .hint("add `date: YYYY-MM-DD` (the publication date)"),
            );
            None
        }
        Some(t) => match DateExpr::parse_day(&t.0) {
            Ok(x) => Some(x),
            Err(e) => {
                findings.push(d.err("date", "bad-date", format!("`date`: {e}")));
                None
            }
        },
    };
    let updated = b.updated.as_ref().and_then(|t| match DateExpr::parse_day(&t.0) {
        Ok(x) => Some(x),
        Err(e) => {
            findings.push(d.err("updated", "bad-date", format!("`updated`: {e}")));
            None
        }
    });
    let changes = changes::read(b.changes.as_deref().unwrap_or_default(), date, doc, citing, findings);
    // The newest change dates the update when `updated` does not, or is older.
    let newest = changes.first().map(|c| c.date);
    if let (Some(u), Some(n)) = (updated, newest.filter(|n| updated.is_some_and(|u| u < *n))) {
        findings.push(
            Finding::warning(
                &doc.file,
                "bad-change",
                format!("`updated` ({}) is older than the newest change ({})", u.iso(), n.iso()),
            )
            .at(&doc.text, d.loc.value("updated").0, d.loc.value("updated").1)
            .hint("set `updated` to the newest change's date, or leave it out: the newest change then sets it"),
        );
    }
    let updated = updated.max(newest);
    let (slug, what, value) = match &b.slug {
        Some(s) => (Slug::parse(s), "slug", s.as_str()),
        None => (Slug::of(&doc.stem), "slug (the file name)", doc.stem.as_str()),
    };
    let slug = match slug {
        Ok(s) => s,
        Err(why) => {
            findings.push(d.refused("slug", "bad-slug", what, value, &why));
            // Go on with the slug it could be, so the rest of the briefing is checked too.
            why.substitute()?
        }
    };
    let mut tags: Once<Slug> = Once::default();
    for (i, t) in b.tags.iter().flatten().enumerate() {
        match Slug::of(t) {
            Ok(s) => tags.add(s),
            Err(why) => findings.push(d.refused(&format!("tags[{i}]"), "bad-tag", "tag", t, &why)),
        }
    }
    let mut actor_ids: Once<usize> = Once::default();
    for (i, a) in b.actors.iter().flatten().enumerate() {
        let id = match a {
            RawActorRef::Id(id) => Some(id.clone()),
            // A refused inline id was reported where the definition was read.
            RawActorRef::Def(def) => inline_id(def.id.as_deref(), def.name.as_deref()),
        };
        if let Some(x) = id.and_then(|id| resolve_actor(&id, &d, &format!("actors[{i}]"), actors, findings)) {
            actor_ids.add(x);
        }
    }
    let quotes = quotes(b, &d, actors, &mut actor_ids, citing, findings);
    let questions = questions(b, &d, citing, findings);
    let events = events(b, &d, actors, citing, findings);
    let mut judgment_ids = HashSet::new();
    let mut judgment_anchor = |id: Option<&str>, n: usize, path: &str, found: &mut Vec<Finding>| {
        anchor("judgment", id, n, &d, path, &mut judgment_ids, found)
    };
    let judgments = super::judgments::read(
        b.judgments.as_deref().unwrap_or_default(),
        date,
        &d,
        citing,
        &quotes,
        &events,
        &mut judgment_anchor,
        findings,
    );
    let mut listed = Vec::new();
    for (i, s) in b.sources.iter().flatten().enumerate() {
        let id = match s {
            RawSourceRef::Id(id) => Some(id.trim().to_string()),
            // A refused inline id was reported where the definition was read.
            RawSourceRef::Def(def) => {
                def.id.as_deref().map(str::trim).filter(|id| Slug::parse(id).is_ok()).map(String::from)
            }
        };
        let found =
            id.and_then(|id| super::citations::resolve(&id, &d, &format!("sources[{i}]"), citing.index, findings));
        if let Some(s) = found.filter(|s| !listed.contains(s)) {
            listed.push(s);
        }
    }
    // Actors of the briefing's events are annotated in it too.
    for e in &events {
        for &a in &e.actors {
            actor_ids.add(a);
        }
    }
    let (tags, actor_ids) = (tags.items, actor_ids.items);
    let mut primary = None;
    let source = match &b.source {
        None => None,
        // A source named by id is shown as the `{name, url}` form is: by its title and URL.
        Some(RawPrimary::Id(id)) => {
            primary = super::citations::resolve_primary(id, &d, "source", citing.index, findings);
            primary.map(|s| {
                let s = &citing.records[s];
                Source { name: Some(s.title.clone()), url: s.url.clone() }
            })
        }
        Some(RawPrimary::Named(s)) => Some(Source {
            name: prose(&s.name),
            url: link_url(&s.url, "source.url", |m| d.err("source.url", "bad-url", m), findings),
        }),
    };
    Some(Briefing {
        slug,
        title: title?,
        date: date?,
        updated,
        summary: prose(&b.summary),
        author: nonempty(&b.author),
        source,
        tags,
        draft: b.draft == Some(true),
        actors: actor_ids,
        quotes,
        questions,
        events,
        file: doc.file.clone(),
        text: std::sync::Arc::clone(&doc.text),
        body_offset: doc.body_offset,
        body_line: doc.body_line,
        headings: Vec::new(),
        words: 0,
        digest: doc.digest,
        links: Vec::new(),
        refs: Vec::new(),
        backlinks: Vec::new(),
        related: Vec::new(),
        answers: Vec::new(),
        mentioned: Vec::new(),
        mention_links: Vec::new(),
        attachments: Default::default(),
        primary,
        listed,
        notes: Vec::new(),
        judgments,
        cited: Vec::new(),
        changes,
        relations: Vec::new(),
    })
}

fn resolve_actor(
    id: &str,
    d: &Place,
    path: &str,
    index: &HashMap<String, usize>,
    findings: &mut Vec<Finding>,
) -> Option<usize> {
    if let Some(&i) = index.get(id) {
        return Some(i);
    }
    let mut f = d.err(path, "unknown-actor", format!("unknown actor `{id}`"));
    f = match suggest(id, index.keys().map(String::as_str)) {
        Some(s) => f.hint(format!("did you mean `{s}`?")),
        None => f.hint("define the actor in this briefing's `actors:` list or in content/actors/<id>.md"),
    };
    findings.push(f);
    None
}

/// Anchor ids unique within one page: `prefix-id` where id is given or the 1-based position.
fn anchor(
    prefix: &str,
    id: Option<&str>,
    n: usize,
    d: &Place,
    path: &str,
    seen: &mut HashSet<String>,
    findings: &mut Vec<Finding>,
) -> String {
    let a = match id.map(Slug::parse) {
        Some(Ok(id)) => format!("{prefix}-{id}"),
        Some(Err(why)) => {
            let value = id.unwrap_or("");
            findings.push(d.refused(&format!("{path}.id"), "bad-id", &format!("{prefix} id"), value, &why));
            format!("{prefix}-{n}")
        }
        None => format!("{prefix}-{n}"),
    };
    if !seen.insert(a.clone()) {
        findings.push(d.err(
            &format!("{path}.id"),
            "duplicate-id",
            format!("id `{}` is used twice in this briefing", id.unwrap_or("")),
        ));
        return format!("{a}-{n}");
    }
    a
}

/// Values in the order first given, each once. A briefing may list 100,000 actors (or tags,
/// or related briefings): a set keeps adding one constant time where `Vec::contains` would
/// make the list quadratic.
pub(super) struct Once<T> {
    pub items: Vec<T>,
    seen: std::collections::HashSet<T, xxhash_rust::xxh3::Xxh3DefaultBuilder>,
}

impl<T> Default for Once<T> {
    fn default() -> Self {
        Once { items: Vec::new(), seen: Default::default() }
    }
}

impl<T: Clone + Eq + std::hash::Hash> Once<T> {
    pub fn add(&mut self, x: T) {
        if self.seen.insert(x.clone()) {
            self.items.push(x);
        }
    }
}

fn quotes(
    b: &RawBriefing,
    d: &Place,
    actors: &HashMap<String, usize>,
    annotated: &mut Once<usize>,
    citing: &Citing,
    findings: &mut Vec<Finding>,
) -> Vec<Quote> {
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    for (i, q) in b.quotes.iter().flatten().enumerate() {
        let path = format!("quotes[{i}]");
        let speakers: Vec<String> = q.by.iter().flat_map(|s| &s.0).filter_map(|s| nonempty(&Some(s.clone()))).collect();
        let Some(text) = prose(&q.text).filter(|_| !speakers.is_empty()) else {
            // An entry with a field that failed to read is left out without another finding.
            if !d.loc.failed_within(&path) {
                findings.push(if speakers.is_empty() {
                    d.err(&path, "missing-field", "quote has no `by` (the actor id of the speaker)")
                } else {
                    empty_text(d, &path, q.text.is_some(), "quote")
                });
            }
            continue;
        };
        let one = speakers.len() == 1;
        let mut by_all: Vec<usize> = Vec::new();
        for (k, id) in speakers.iter().enumerate() {
            let at = if one { format!("{path}.by") } else { format!("{path}.by[{k}]") };
            if let Some(a) = resolve_actor(id, d, &at, actors, findings) {
                if !by_all.contains(&a) {
                    by_all.push(a);
                }
            }
        }
        if by_all.len() < speakers.len() {
            continue;
        }
        let by = by_all[0];
        for &a in &by_all {
            annotated.add(a);
        }
        let extra = super::attribution::quote_fields(d, &path, q, findings);
        let citations = citing.read(d, &path, &q.source, &q.sources, &q.locator, findings);
        let named = Named::of(d, &path, &q.source, &q.sources, &q.locator);
        citing.check(d, &path, "quote", &citations, named, findings);
        let date = q.date.as_ref().and_then(|t| match DateExpr::parse(&t.0) {
            Ok(x) => Some(x),
            Err(e) => {
                findings.push(d.err(&format!("{path}.date"), "bad-date", format!("quote date: {e}")));
                None
            }
        });
        let anchor = anchor("quote", q.id.as_deref(), i + 1, d, &path, &mut seen, findings);
        let text_at = Spot::Value(d.loc.clone(), format!("{path}.text"));
        let pieces = super::quotes::form(&text);
        let translation_pieces = extra.translation.as_deref().map(super::quotes::form).unwrap_or_default();
        out.push(Quote {
            anchor,
            by,
            text,
            context: prose(&q.context),
            date,
            text_at,
            passage: Vec::new(),
            also_by: by_all[1..].to_vec(),
            lang: extra.lang,
            translation: extra.translation,
            attribution: extra.attribution,
            citations,
            pieces,
            translation_pieces,
        });
    }
    out
}

/// A quote or question without text: an error when `text` is missing, a warning (and the
/// entry left out) when it is written but empty.
fn empty_text(d: &Place, path: &str, written: bool, what: &str) -> Finding {
    if written {
        let (l, c) = d.loc.value(&format!("{path}.text"));
        Finding::warning(d.file, "empty-text", format!("this {what} has an empty `text`; it is left out"))
            .at(d.text, l, c)
            .hint(format!("write the {what}'s text, or remove the entry"))
    } else {
        d.err(path, "missing-field", format!("{what} has no `text`"))
    }
}

fn questions(b: &RawBriefing, d: &Place, citing: &Citing, findings: &mut Vec<Finding>) -> Vec<Question> {
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    for (i, q) in b.questions.iter().flatten().enumerate() {
        let q = &q.0;
        let path = format!("questions[{i}]");
        let Some(text) = prose(&q.text) else {
            if !d.loc.failed_within(&path) {
                findings.push(empty_text(d, &path, q.text.is_some(), "question"));
            }
            continue;
        };
        let status = match q.status.as_deref().map(str::trim) {
            None => QuestionStatus::Open,
            Some(s) => QuestionStatus::parse(s).unwrap_or_else(|| {
                findings.push(d.err(
                    &format!("{path}.status"),
                    "bad-status",
                    format!("unknown status `{s}`; expected open, answered or moot"),
                ));
                QuestionStatus::Open
            }),
        };
        let anchor = anchor("question", q.id.as_deref(), i + 1, d, &path, &mut seen, findings);
        let answer = prose(&q.answer);
        let citations = citing.read(d, &path, &q.source, &q.sources, &q.locator, findings);
        if answer.is_some() {
            let named = Named::of(d, &path, &q.source, &q.sources, &q.locator);
            citing.check(d, &format!("{path}.answer"), "answer", &citations, named, findings);
        }
        out.push(Question { anchor, text, status, answer, answered_by: None, citations });
    }
    out
}

fn events(
    b: &RawBriefing,
    d: &Place,
    actors: &HashMap<String, usize>,
    citing: &Citing,
    findings: &mut Vec<Finding>,
) -> Vec<Event> {
    let mut out = Vec::new();
    for (i, e) in b.events.iter().flatten().enumerate() {
        let path = format!("events[{i}]");
        if (e.title.is_none() || e.date.is_none()) && d.loc.failed_within(&path) {
            continue;
        }
        let Some(title) = prose(&e.title) else {
            findings.push(d.err(&path, "missing-field", "event has no `title`"));
            continue;
        };
        let date = match &e.date {
            None => {
                findings.push(
                    d.err(&path, "missing-field", "event has no `date`")
                        .hint("dates are YYYY, YYYY-MM, YYYY-MM-DD, ~ for approximate, START/END for intervals"),
                );
                continue;
            }
            Some(t) => match DateExpr::parse(&t.0) {
                Ok(x) => x,
                Err(err) => {
                    findings.push(d.err(&format!("{path}.date"), "bad-date", format!("event date: {err}")));
                    continue;
                }
            },
        };
        let mut ids = Once::default();
        for (j, a) in e.actors.iter().flatten().enumerate() {
            if let Some(x) = resolve_actor(a, d, &format!("{path}.actors[{j}]"), actors, findings) {
                ids.add(x);
            }
        }
        let citations = citing.read(d, &path, &e.source, &e.sources, &e.locator, findings);
        let named = Named::of(d, &path, &e.source, &e.sources, &e.locator);
        citing.check(d, &path, "event", &citations, named, findings);
        out.push(Event {
            date,
            title,
            actors: ids.items,
            description: prose(&e.description),
            timeline: 0,
            id: nonempty(&e.id),
            citations,
        });
    }
    out
}

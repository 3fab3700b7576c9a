//! Raw front matter → validated briefings and actors; then references resolved and indexes
//! built (`relations`). Every invalid value is a finding placed at its line and column.

use super::actors::{inline_id, inline_slug, register, ActorDef};
use super::date::DateExpr;
use super::links;
use super::mentions::MentionIndex;
use super::slug::{Refusal, Slug};
use super::sources::{Citing, Place, SourceDef};
use super::url::SafeUrl;
use super::*;
use crate::diag::{suggest, Finding};
use crate::load::locate::Locator;
use crate::load::raw::{RawActorRef, RawBriefing, RawPrimary, RawSourceRef};
use crate::load::text::printable;
use crate::load::{Document, Front, Sources};
use rayon::prelude::*;

/// Options that change what goes into the model.
#[derive(Debug, Clone, Copy, Default)]
pub struct ModelOptions {
    /// Keep briefings marked `draft: true`.
    pub drafts: bool,
}

/// Finding factory for one document: places findings at front-matter paths.
struct Doc<'a> {
    file: &'a str,
    text: &'a str,
    loc: &'a Locator,
}

impl Doc<'_> {
    fn err(&self, path: &str, code: &'static str, msg: impl Into<String>) -> Finding {
        let (l, c) = self.loc.value(path);
        Finding::error(self.file, code, msg).at(self.text, l, c)
    }
    fn line(&self, path: &str) -> usize {
        self.loc.key(path).0
    }
    /// The finding for a name the slug gate refused: `code` at `path`, the value named `what`.
    fn refused(&self, path: &str, code: &'static str, what: &str, value: &str, why: &Refusal) -> Finding {
        let (message, hint) = why.explain(what, value);
        self.err(path, code, message).hint(hint)
    }
}

/// A front matter string as the model keeps it: trimmed, without characters HTML and XML
/// cannot carry, `None` when nothing is left.
fn nonempty(s: &Option<String>) -> Option<String> {
    s.as_ref().map(|s| printable(s.trim()).trim().to_string()).filter(|s| !s.is_empty())
}

/// A front matter string of prose (a title, a summary, a quote, a role) as readers see it: as
/// `nonempty`, with smart punctuation as in bodies. Names, ids and URLs are kept as written.
fn prose(s: &Option<String>) -> Option<String> {
    nonempty(s).map(|s| match super::typography::smarten(&s) {
        std::borrow::Cow::Borrowed(_) => s,
        std::borrow::Cow::Owned(o) => o,
    })
}

fn aliases(list: &Option<Vec<String>>) -> Vec<String> {
    list.iter().flatten().map(|a| printable(a).into_owned()).collect()
}

/// Build the site model from loaded sources.
pub fn build(
    sources: &Sources,
    config: crate::config::Config,
    opts: ModelOptions,
    work: &dyn body::BodyWork,
    findings: &mut Vec<Finding>,
) -> Site {
    let texts: HashMap<String, &str> = sources.docs.iter().map(|d| (d.file.clone(), &*d.text)).collect();
    let mut defs = Vec::new();
    let mut source_defs: Vec<SourceDef> = Vec::new();
    let mut pending: Vec<ties::Pending> = Vec::new();
    let mut briefing_docs: Vec<(&Document, &RawBriefing)> = Vec::new();
    for doc in &sources.docs {
        match &doc.front {
            Front::SourceProfile(raw) => {
                let p = Place { file: &doc.file, text: &doc.text, loc: &doc.loc };
                findings.extend(body::risk_findings(doc, &scan::scan(doc.body()).risks));
                source_defs.extend(super::sources::profile(&p, &doc.stem, raw, doc.body(), findings));
            }
            Front::Profile(p) => {
                let body = doc.body().trim();
                let d = Doc { file: &doc.file, text: &doc.text, loc: &doc.loc };
                let id = match Slug::of(&doc.stem) {
                    Ok(id) => id,
                    Err(why) => {
                        let (message, hint) = why.explain("actor id (the profile's file name)", &doc.stem);
                        findings.push(
                            Finding::error(&doc.file, "bad-id", message).hint(format!("rename the file: {hint}")),
                        );
                        continue;
                    }
                };
                findings.extend(body::risk_findings(doc, &scan::scan(doc.body()).risks));
                for (i, raw) in p.relations.iter().flatten().enumerate() {
                    let path = format!("relations[{i}]");
                    pending.push(ties::Pending { doc, path, profile: Some(id.clone()), briefing: None, raw });
                }
                defs.push(ActorDef {
                    id,
                    name: nonempty(&p.name),
                    kind: parse_kind(p.kind.as_deref(), &d, "kind", findings),
                    role: prose(&p.role),
                    affiliation: p
                        .affiliation
                        .as_ref()
                        .map(|a| (a.clone(), d.loc.value("affiliation").0, d.loc.value("affiliation").1)),
                    aliases: aliases(&p.aliases),
                    sort_name: nonempty(&p.sort_name),
                    links: links(&p.links, &d, "links", findings),
                    bio: (!body.is_empty()).then(|| body.to_string()),
                    origin: Origin { file: doc.file.clone(), line: 1 },
                    column: 1,
                    failed: doc.loc.failed_anywhere(),
                });
            }
            Front::Briefing(b) if opts.drafts || b.draft != Some(true) => briefing_docs.push((doc, b)),
            _ => {}
        }
    }
    for (doc, b) in &briefing_docs {
        let d = Doc { file: &doc.file, text: &doc.text, loc: &doc.loc };
        let p = Place { file: &doc.file, text: &doc.text, loc: &doc.loc };
        for (i, s) in b.sources.iter().flatten().enumerate() {
            if let RawSourceRef::Def(def) = s {
                source_defs.extend(super::sources::inline(&p, i, def, findings));
            }
        }
        for (i, a) in b.actors.iter().flatten().enumerate() {
            if let RawActorRef::Def(def) = a {
                let path = format!("actors[{i}]");
                let failed = d.loc.failed_within(&path);
                let id = match inline_slug(def.id.as_deref(), def.name.as_deref()) {
                    Some(Ok(id)) => id,
                    Some(Err(why)) => {
                        let (field, value) = match (&def.id, &def.name) {
                            (Some(id), _) => ("id", id),
                            (None, Some(name)) => ("name", name),
                            (None, None) => continue,
                        };
                        let mut f = d.refused(&format!("{path}.{field}"), "bad-id", "actor id", value, &why);
                        if field == "name" {
                            f = f.hint("give the actor an `id:` of lowercase letters, digits and dashes");
                        } else if let (Refusal::Empty, Some(Ok(s))) = (&why, def.name.as_deref().map(Slug::of)) {
                            f = f.hint(format!("use lowercase letters, digits and dashes, such as `{s}`"));
                        }
                        findings.push(f);
                        continue;
                    }
                    None => {
                        if !failed {
                            findings.push(d.err(&path, "missing-field", "inline actor needs a `name` (or an `id`)"));
                        }
                        continue;
                    }
                };
                let (line, column) = d.loc.key(&path);
                let aff_pos = d.loc.value(&format!("{path}.affiliation"));
                defs.push(ActorDef {
                    id,
                    name: nonempty(&def.name),
                    kind: parse_kind(def.kind.as_deref(), &d, &format!("{path}.kind"), findings),
                    role: prose(&def.role),
                    affiliation: def.affiliation.as_ref().map(|a| (a.clone(), aff_pos.0, aff_pos.1)),
                    aliases: aliases(&def.aliases),
                    sort_name: nonempty(&def.sort_name),
                    links: links(&def.links, &d, &format!("{path}.links"), findings),
                    bio: None,
                    origin: Origin { file: doc.file.clone(), line },
                    column,
                    failed,
                });
            }
        }
    }
    let (actors, actor_by_id) = register(defs, &texts, findings);
    let mut registry = super::sources::register(source_defs, &texts, findings);
    let uncited = if config.require_sources {
        Some(crate::diag::Severity::Error)
    } else {
        (!registry.sources.is_empty()).then_some(crate::diag::Severity::Warning)
    };
    let citing = Citing { index: &registry.by_id, records: &registry.sources, uncited };

    // Each briefing is read on its own, in parallel; findings keep the order of the files.
    let read: Vec<(Option<Briefing>, Vec<Finding>)> = briefing_docs
        .par_iter()
        .map(|(doc, b)| {
            let mut found = Vec::new();
            (briefing(doc, b, &actor_by_id, &citing, &mut found), found)
        })
        .collect();
    let mut briefings: Vec<Briefing> = Vec::new();
    let mut raw_of: Vec<(&Document, &RawBriefing)> = Vec::new();
    for ((br, found), (doc, b)) in read.into_iter().zip(&briefing_docs) {
        findings.extend(found);
        if let Some(br) = br {
            briefings.push(br);
            raw_of.push((doc, b));
        }
    }
    // Newest first; ties by title then slug so the order never depends on the file system.
    let mut order: Vec<usize> = (0..briefings.len()).collect();
    order.sort_by(|&a, &b| {
        let (x, y) = (&briefings[a], &briefings[b]);
        y.date.cmp(&x.date).then_with(|| x.title.cmp(&y.title)).then_with(|| x.slug.cmp(&y.slug))
    });
    let mut slots: Vec<Option<Briefing>> = briefings.into_iter().map(Some).collect();
    let briefings: Vec<Briefing> = order.iter().map(|&i| slots[i].take().expect("each index once")).collect(); // invariant: `order` is a permutation
    let raw_of: Vec<(&Document, &RawBriefing)> = order.iter().map(|&i| raw_of[i]).collect();

    let mut briefing_by_slug = HashMap::new();
    let mut site_briefings = Vec::with_capacity(briefings.len());
    for b in briefings {
        if let Some(&first) = briefing_by_slug.get(b.slug.as_str()) {
            let other: &Briefing = &site_briefings[first];
            let (doc, _) = raw_of[site_briefings.len()];
            let d = Doc { file: &doc.file, text: &doc.text, loc: &doc.loc };
            findings.push(
                d.err("slug", "duplicate-slug", format!("slug `{}` is already used by {}", b.slug, other.file))
                    .hint("set a different `slug:` in one of the two briefings"),
            );
        } else {
            briefing_by_slug.insert(b.slug.to_string(), site_briefings.len());
        }
        site_briefings.push(b);
    }
    let briefing_by_file = site_briefings.iter().enumerate().map(|(i, b)| (b.file.clone(), i)).collect();
    let mut site = Site {
        config,
        briefings: site_briefings,
        actors,
        timeline: Vec::new(),
        tags: Vec::new(),
        briefing_by_slug,
        actor_by_id,
        briefing_by_file,
        files: sources.files.clone(),
        sources: std::mem::take(&mut registry.sources),
        source_by_id: registry.by_id.clone(),
        relation_types: Vec::new(),
        relations: Vec::new(),
        news: Vec::new(),
    };
    resolve_references(&mut site, &raw_of, findings);
    for (bi, (doc, b)) in raw_of.iter().enumerate() {
        for (i, raw) in b.relations.iter().flatten().enumerate() {
            let path = format!("relations[{i}]");
            pending.push(ties::Pending { doc, path, profile: None, briefing: Some(bi), raw });
        }
    }
    ties::resolve(&mut site, &pending, findings);
    let index = MentionIndex::new(&site.actors);
    let mut bodies = body::scan_all(&site, &index, &raw_of, work);
    links::resolve_links(&mut site, &mut bodies, &raw_of, findings);
    attach_files(&mut site, &bodies, &raw_of, findings);
    for (bi, s) in bodies.iter().enumerate() {
        site.briefings[bi].notes = super::sources::notes_of(&s.cites, &site.source_by_id);
        findings.extend(super::sources::note_findings(raw_of[bi].0, &s.cites, &site.source_by_id));
    }
    let facts = bodies.into_iter().map(|b| b.facts).collect();
    body::analyse(&mut site, &index, facts, &texts, findings);
    relations::index(&mut site);
    super::sources::index(&mut site, &registry, &texts, findings);
    super::sources::resolve_notes(&mut site);
    super::judgments::concern(&mut site, &index);
    site.news = changes::news(&site);
    site
}

/// The files each briefing publishes (`figures`), with a finding for each reference to a file
/// that is not there.
fn attach_files(
    site: &mut Site,
    bodies: &[body::Scanned],
    raw: &[(&Document, &RawBriefing)],
    findings: &mut Vec<Finding>,
) {
    for (bi, s) in bodies.iter().enumerate() {
        let (doc, rb) = raw[bi];
        let refs = figures::Refs {
            doc,
            images: &s.images,
            links: &s.links,
            image: rb.image.as_deref().map(|i| (i, doc.loc.value("image"))),
        };
        site.briefings[bi].attachments = figures::attach(&site.files, &refs, findings);
    }
}

/// An actor's `links:`: pages about them elsewhere, so absolute http(s) URLs through the gate.
fn links(list: &Option<Vec<String>>, d: &Doc, path: &str, findings: &mut Vec<Finding>) -> Vec<SafeUrl> {
    let mut out = Vec::new();
    for (i, raw) in list.iter().flatten().enumerate() {
        let at = format!("{path}[{i}]");
        let url = printable(raw.trim()).into_owned();
        match SafeUrl::link(&url) {
            Err(why) => {
                let (message, hint) = why.explain(&format!("`{at}`"));
                findings.push(d.err(&at, "bad-url", message).hint(hint));
            }
            Ok(_)
                if !["http://", "https://"]
                    .iter()
                    .any(|s| url.get(..s.len()).is_some_and(|p| p.eq_ignore_ascii_case(s))) =>
            {
                findings.push(
                    d.err(&at, "bad-url", format!("`{at}` must be an absolute http or https URL, found `{url}`"))
                        .hint("links name the actor's pages elsewhere, such as `https://www.wikidata.org/wiki/Q…`"),
                );
            }
            Ok(u) if !out.contains(&u) => out.push(u),
            Ok(_) => {}
        }
    }
    out
}

fn parse_kind(kind: Option<&str>, d: &Doc, path: &str, findings: &mut Vec<Finding>) -> Option<ActorKind> {
    let k = kind?;
    match ActorKind::parse(k.trim()) {
        Some(k) => Some(k),
        None => {
            findings.push(d.err(
                path,
                "bad-kind",
                format!("unknown actor kind `{k}`; expected person, organization, country or group"),
            ));
            None
        }
    }
}

fn resolve_actor(
    id: &str,
    d: &Doc,
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

/// Validate one briefing's own fields. `None` when it lacks what a page needs (title, date).
fn briefing(
    doc: &Document,
    b: &RawBriefing,
    actors: &HashMap<String, usize>,
    citing: &Citing,
    findings: &mut Vec<Finding>,
) -> Option<Briefing> {
    let d = Doc { file: &doc.file, text: &doc.text, loc: &doc.loc };
    let p = Place { file: &doc.file, text: &doc.text, loc: &doc.loc };
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
    let changes = changes::read(b.changes.as_deref().unwrap_or_default(), date, doc, findings);
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
        &p,
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
            id.and_then(|id| super::sources::resolve(&id, &p, &format!("sources[{i}]"), citing.index, findings));
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
            primary = super::sources::resolve_primary(id, &p, citing.index, findings);
            primary.map(|s| {
                let s = &citing.records[s];
                Source { name: Some(s.title.clone()), url: s.url.clone() }
            })
        }
        Some(RawPrimary::Named(s)) => Some(Source {
            name: prose(&s.name),
            url: nonempty(&s.url).and_then(|u| match SafeUrl::link(&u) {
                Ok(u) => Some(u),
                Err(why) => {
                    let (message, hint) = why.explain("`source.url`");
                    findings.push(d.err("source.url", "bad-url", message).hint(hint));
                    None
                }
            }),
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

/// Anchor ids unique within one page: `prefix-id` where id is given or the 1-based position.
fn anchor(
    prefix: &str,
    id: Option<&str>,
    n: usize,
    d: &Doc,
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

use std::collections::HashSet;

/// Values in the order first given, each once. A briefing may list 100,000 actors (or tags,
/// or related briefings): a set keeps adding one constant time where `Vec::contains` would
/// make the list quadratic.
struct Once<T> {
    items: Vec<T>,
    seen: std::collections::HashSet<T, xxhash_rust::xxh3::Xxh3DefaultBuilder>,
}

impl<T> Default for Once<T> {
    fn default() -> Self {
        Once { items: Vec::new(), seen: Default::default() }
    }
}

impl<T: Clone + Eq + std::hash::Hash> Once<T> {
    fn add(&mut self, x: T) {
        if self.seen.insert(x.clone()) {
            self.items.push(x);
        }
    }
}

fn quotes(
    b: &RawBriefing,
    d: &Doc,
    actors: &HashMap<String, usize>,
    annotated: &mut Once<usize>,
    citing: &Citing,
    findings: &mut Vec<Finding>,
) -> Vec<Quote> {
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    let p = Place { file: d.file, text: d.text, loc: d.loc };
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
        let extra = super::sources::quote_fields(&p, &path, q, findings);
        let citations = citing.read(&p, &path, &q.source, &q.sources, &q.locator, findings);
        citing.check(&p, &path, "quote", &citations, findings);
        let date = q.date.as_ref().and_then(|t| match DateExpr::parse(&t.0) {
            Ok(x) => Some(x),
            Err(e) => {
                findings.push(d.err(&format!("{path}.date"), "bad-date", format!("quote date: {e}")));
                None
            }
        });
        let anchor = anchor("quote", q.id.as_deref(), i + 1, d, &path, &mut seen, findings);
        let text_at = d.loc.value(&format!("{path}.text"));
        let line = d.line(&path);
        let pieces = super::quotes::form(&text);
        let translation_pieces = extra.translation.as_deref().map(super::quotes::form).unwrap_or_default();
        out.push(Quote {
            anchor,
            by,
            text,
            context: prose(&q.context),
            date,
            line,
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
fn empty_text(d: &Doc, path: &str, written: bool, what: &str) -> Finding {
    if written {
        let (l, c) = d.loc.value(&format!("{path}.text"));
        Finding::warning(d.file, "empty-text", format!("this {what} has an empty `text`; it is left out"))
            .at(d.text, l, c)
            .hint(format!("write the {what}'s text, or remove the entry"))
    } else {
        d.err(path, "missing-field", format!("{what} has no `text`"))
    }
}

fn questions(b: &RawBriefing, d: &Doc, citing: &Citing, findings: &mut Vec<Finding>) -> Vec<Question> {
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    let p = Place { file: d.file, text: d.text, loc: d.loc };
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
        let citations = citing.read(&p, &path, &q.source, &q.sources, &q.locator, findings);
        if answer.is_some() {
            citing.check(&p, &format!("{path}.answer"), "answer", &citations, findings);
        }
        out.push(Question { anchor, text, status, answer, answered_by: None, line: d.line(&path), citations });
    }
    out
}

fn events(
    b: &RawBriefing,
    d: &Doc,
    actors: &HashMap<String, usize>,
    citing: &Citing,
    findings: &mut Vec<Finding>,
) -> Vec<Event> {
    let mut out = Vec::new();
    let p = Place { file: d.file, text: d.text, loc: d.loc };
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
        let citations = citing.read(&p, &path, &e.source, &e.sources, &e.locator, findings);
        citing.check(&p, &path, "event", &citations, findings);
        out.push(Event {
            date,
            title,
            actors: ids.items,
            description: prose(&e.description),
            timeline: 0,
            line: d.line(&path),
            id: nonempty(&e.id),
            citations,
        });
    }
    out
}

/// `related` and `answered_by` name other briefings by slug.
fn resolve_references(site: &mut Site, raw: &[(&Document, &RawBriefing)], findings: &mut Vec<Finding>) {
    for (bi, (doc, rb)) in raw.iter().enumerate() {
        let d = Doc { file: &doc.file, text: &doc.text, loc: &doc.loc };
        let mut related = Once::default();
        for (i, s) in rb.related.iter().flatten().enumerate() {
            if let Some(t) = lookup_briefing(site, s, &d, &format!("related[{i}]"), findings) {
                if t != bi {
                    related.add(t);
                }
            }
        }
        site.briefings[bi].related = related.items;
        let mut qi = 0;
        for (i, q) in rb.questions.iter().flatten().enumerate() {
            if nonempty(&q.0.text).is_none() {
                continue;
            }
            if let Some(s) = &q.0.answered_by {
                if let Some(t) = lookup_briefing(site, s, &d, &format!("questions[{i}].answered_by"), findings) {
                    site.briefings[bi].questions[qi].answered_by = Some(t);
                    site.briefings[t].answers.push((bi, qi));
                }
            }
            qi += 1;
        }
    }
}

fn lookup_briefing(site: &Site, slug: &str, d: &Doc, path: &str, findings: &mut Vec<Finding>) -> Option<usize> {
    if let Some(&t) = site.briefing_by_slug.get(slug) {
        return Some(t);
    }
    let mut f = d.err(path, "unknown-briefing", format!("no briefing has the slug `{slug}`"));
    if let Some(s) = suggest(slug, site.briefing_by_slug.keys().map(String::as_str)) {
        f = f.hint(format!("did you mean `{s}`?"));
    }
    findings.push(f);
    None
}

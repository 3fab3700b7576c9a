//! The model's build, as a list of steps: actor and source definitions (profiles and inline)
//! registered, each briefing read on its own (`briefing`), then what ties the briefings
//! together resolved (related briefings and answers here; relations in `ties`, links in
//! `links`, published files in `figures`, citations in `citations`) and the site's indexes
//! built (`relations`). Every invalid value is a finding placed at its line and column.

use super::actors::{inline_slug, register, ActorDef};
use super::briefing::{self, Once};
use super::citations::Citing;
use super::front::{nonempty, prose, Place};
use super::links;
use super::mentions::MentionIndex;
use super::slug::{Refusal, Slug};
use super::sources::SourceDef;
use super::url::SafeUrl;
use super::*;
use crate::diag::{suggest, Finding};
use crate::load::raw::{RawActorRef, RawBriefing, RawSourceRef};
use crate::load::text::printable;
use crate::load::{Document, Front, Sources};
use rayon::prelude::*;

/// Options that change what goes into the model.
#[derive(Debug, Clone, Copy, Default)]
pub struct ModelOptions {
    /// Keep briefings marked `draft: true`.
    pub drafts: bool,
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
                let d = Place { file: &doc.file, text: &doc.text, loc: &doc.loc };
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
        let d = Place { file: &doc.file, text: &doc.text, loc: &doc.loc };
        for (i, s) in b.sources.iter().flatten().enumerate() {
            if let RawSourceRef::Def(def) = s {
                source_defs.extend(super::sources::inline(&d, i, def, findings));
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
            (briefing::read(doc, b, &actor_by_id, &citing, &mut found), found)
        })
        .collect();
    let mut briefings: Vec<Briefing> = Vec::new();
    let mut raw_of: Vec<(&Document, &RawBriefing)> = Vec::new();
    // Briefings left out: what they define is unknown (`unreadable`), or only their slug.
    let unreadable: Vec<&str> =
        (sources.docs.iter()).filter(|d| matches!(d.front, Front::Unreadable)).map(|d| d.file.as_str()).collect();
    let mut left_out = unreadable.clone();
    for ((br, found), (doc, b)) in read.into_iter().zip(&briefing_docs) {
        findings.extend(found);
        match br {
            Some(br) => {
                briefings.push(br);
                raw_of.push((doc, b));
            }
            None => left_out.push(&doc.file),
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
            let d = Place { file: &doc.file, text: &doc.text, loc: &doc.loc };
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
        site.briefings[bi].notes = super::citations::notes_of(&s.cites, &site.source_by_id);
        findings.extend(super::citations::note_findings(raw_of[bi].0, &s.cites, &site.source_by_id));
    }
    let facts = bodies.into_iter().map(|b| b.facts).collect();
    body::analyse(&mut site, &index, facts, &texts, findings);
    relations::index(&mut site);
    super::citations::index(&mut site, &registry, &texts, findings);
    super::citations::resolve_notes(&mut site);
    super::judgments::concern(&mut site, &index);
    site.news = changes::news(&site);
    unsure_after(&unreadable, &left_out, findings);
    site
}

/// A briefing that could not be read (`unreadable`: its front matter; `left_out`: those and the
/// ones without a title or date) may define what other files name: its slug, and for an
/// unreadable one its inline actors and sources. Findings that such a name is unknown say so
/// in their hint, since fixing that file may answer them, and `unused-source`, which needs
/// every citation, is not given.
fn unsure_after(unreadable: &[&str], left_out: &[&str], findings: &mut Vec<Finding>) {
    if left_out.is_empty() {
        return;
    }
    if !unreadable.is_empty() {
        findings.retain(|f| f.code != "unused-source");
    }
    let note = |files: &[&str]| {
        let its = if files.len() == 1 { "its" } else { "their" };
        format!("{} could not be read and may define it: fix {its} errors, then check again", files.join(", "))
    };
    for f in findings.iter_mut() {
        let slug =
            f.code == "unknown-briefing" || (f.code == "broken-link" && f.message.contains("no briefing has the slug"));
        let files = match f.code {
            _ if slug => left_out,
            "unknown-actor" | "unknown-source" => unreadable,
            _ => continue,
        };
        let others: Vec<&str> = files.iter().copied().filter(|&file| file != f.file).collect();
        if others.is_empty() {
            continue;
        }
        let note = note(&others);
        f.hint = Some(match f.hint.take() {
            Some(h) => format!("{h} ({note})"),
            None => note,
        });
    }
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
fn links(list: &Option<Vec<String>>, d: &Place, path: &str, findings: &mut Vec<Finding>) -> Vec<SafeUrl> {
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

fn parse_kind(kind: Option<&str>, d: &Place, path: &str, findings: &mut Vec<Finding>) -> Option<ActorKind> {
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

/// `related` and `answered_by` name other briefings by slug.
fn resolve_references(site: &mut Site, raw: &[(&Document, &RawBriefing)], findings: &mut Vec<Finding>) {
    for (bi, (doc, rb)) in raw.iter().enumerate() {
        let d = Place { file: &doc.file, text: &doc.text, loc: &doc.loc };
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

fn lookup_briefing(site: &Site, slug: &str, d: &Place, path: &str, findings: &mut Vec<Finding>) -> Option<usize> {
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

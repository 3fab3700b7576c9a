//! Relations between actors: typed (`leader-of`, `member-of`, …, from a vocabulary that
//! `dossier.yaml` can extend) and dated (`since`, `until`, as date expressions), written as
//! `relations:` on actor profiles and in briefings. An actor's `affiliation` is a `member-of`
//! relation too, unless a written `member-of` relation names the same pair. A relation cites
//! sources as a quote does (`citations::Citing`), or names one without defining it
//! (`source: {name, url}`).
//!
//! Every relation is checked here: its actors and type must exist (with a suggestion when a
//! close one does), its dates must parse and not end before they start; two relations of the
//! same type between the same actors whose dates overlap but whose notes differ contradict
//! each other (a warning).

use super::citations::Citing;
use super::date::DateExpr;
use super::front::{link_url, nonempty, prose, text_of, Place};
use super::slug::Slug;
use super::{Relation, RelationType, Site, Source};
use crate::diag::{suggest, Finding};
use crate::load::locate::Spot;
use crate::load::raw::{RawPrimary, RawRelation};
use crate::load::Document;
use std::collections::HashMap;

/// The built-in vocabulary: (id, label, inverse label). A type whose labels are equal reads
/// the same from both sides.
pub const DEFAULT_TYPES: &[(&str, &str, &str)] = &[
    ("member-of", "member of", "has member"),
    ("leader-of", "leader of", "led by"),
    ("employed-by", "employed by", "employs"),
    ("party-to", "party to", "has party"),
    ("ally-of", "ally of", "ally of"),
    ("adversary-of", "adversary of", "adversary of"),
    ("negotiates-with", "negotiates with", "negotiates with"),
    ("family-of", "family of", "family of"),
    ("advises", "adviser to", "advised by"),
    ("part-of", "part of", "has part"),
    ("founded", "founder of", "founded by"),
    ("owns", "owner of", "owned by"),
    ("funds", "funds", "funded by"),
    ("supports", "supports", "supported by"),
    ("sanctions", "sanctions", "sanctioned by"),
    ("successor-of", "successor of", "succeeded by"),
];

/// The type an `affiliation` is.
pub const MEMBER_OF: &str = "member-of";

/// Checked contradictions per relation, at most: a pair of actors with thousands of relations
/// of one type is checked against its nearest ones, not against all (which would be quadratic).
const CONFLICT_WINDOW: usize = 64;

/// The vocabulary of a site: the built-in types, relabelled or extended by `dossier.yaml`.
pub fn vocabulary(custom: &[RelationType]) -> Vec<RelationType> {
    let mut types: Vec<RelationType> = DEFAULT_TYPES
        .iter()
        .filter_map(|&(id, label, inverse)| {
            Some(RelationType { id: Slug::parse(id).ok()?, label: label.into(), inverse: inverse.into() })
        })
        .collect();
    for t in custom {
        match types.iter_mut().find(|x| x.id == t.id) {
            Some(x) => *x = t.clone(),
            None => types.push(t.clone()),
        }
    }
    types
}

/// A `relations:` entry as written, and where.
pub(super) struct Pending<'a> {
    pub doc: &'a Document,
    /// Its path in the front matter (`relations[2]`).
    pub path: String,
    /// For a profile's entries: the profile's actor id (the relation's `from`).
    pub profile: Option<Slug>,
    /// For a briefing's entries: the briefing.
    pub briefing: Option<usize>,
    pub raw: &'a RawRelation,
}

/// Finding factory for one entry.
struct At<'a> {
    doc: &'a Document,
    path: &'a str,
}

impl At<'_> {
    fn err(&self, field: &str, code: &'static str, msg: impl Into<String>) -> Finding {
        let path = if field.is_empty() { self.path.to_string() } else { format!("{}.{field}", self.path) };
        let (l, c) = self.doc.loc.value(&path);
        Finding::error(&self.doc.file, code, msg).at(&self.doc.text, l, c)
    }
}

/// Check every relation and put the valid ones in the site, with the relations of
/// affiliations; fill each actor's list of relations.
pub(super) fn resolve(site: &mut Site, pending: &[Pending], findings: &mut Vec<Finding>) {
    site.relation_types = vocabulary(&site.config.relation_types);
    let types: HashMap<&str, usize> = site.relation_types.iter().enumerate().map(|(i, t)| (t.id.as_str(), i)).collect();
    // The written relations, each with the entry it came from (for findings).
    let mut written: Vec<(Relation, usize)> = Vec::new();
    // Sources are global (profiles and every briefing's `sources:`); a relation is not a claim
    // that must cite one, so no `uncited` check.
    let citing = Citing { index: &site.source_by_id, records: &site.sources, uncited: None };
    for (pi, p) in pending.iter().enumerate() {
        let at = At { doc: p.doc, path: &p.path };
        if let Some(r) = relation(site, &types, &citing, p, &at, findings) {
            written.push((r, pi));
        }
    }
    let member_of = types.get(MEMBER_OF).copied();
    let mut all: Vec<(Relation, Option<usize>)> = Vec::with_capacity(written.len() + site.actors.len());
    if let Some(kind) = member_of {
        for (ai, a) in site.actors.iter().enumerate() {
            let Some(to) = a.affiliation else { continue };
            let stated = written.iter().any(|(r, _)| r.kind == kind && r.from == ai && r.to == to);
            if !stated {
                all.push((
                    Relation {
                        from: ai,
                        to,
                        kind,
                        since: None,
                        until: None,
                        source: None,
                        citations: Vec::new(),
                        note: None,
                        briefing: None,
                        file: a.origin.file.clone(),
                        at: Spot::At(a.origin.line, 1),
                    },
                    None,
                ));
            }
        }
    }
    all.extend(written.into_iter().map(|(r, pi)| (r, Some(pi))));
    contradictions(site, &all, pending, findings);
    // One order whatever the order of the files: by actor, type, other actor, dates.
    // Where they are written decides only between relations equal in all else, so it is found
    // only then.
    all.sort_by(|(a, _), (b, _)| {
        (a.from, a.kind, a.to, &a.since, &a.until, &a.note, &a.file)
            .cmp(&(b.from, b.kind, b.to, &b.since, &b.until, &b.note, &b.file))
            .then_with(|| a.at.line_col().cmp(&b.at.line_col()))
    });
    site.relations = all.into_iter().map(|(r, _)| r).collect();
    for (ri, r) in site.relations.iter().enumerate() {
        site.actors[r.from].relations.push(ri);
        site.actors[r.to].relations.push(ri);
        if let Some(bi) = r.briefing {
            site.briefings[bi].relations.push(ri);
        }
    }
}

/// One written relation, checked; `None` (with findings) when it cannot be kept.
fn relation(
    site: &Site,
    types: &HashMap<&str, usize>,
    citing: &Citing,
    p: &Pending,
    at: &At,
    findings: &mut Vec<Finding>,
) -> Option<Relation> {
    let raw = p.raw;
    // A field that failed to read (or was misspelt) was reported: the entry is not also
    // "missing" a field.
    let failed = at.doc.loc.failed_within(at.path);
    let from = match (&p.profile, &raw.from) {
        (Some(_), Some(_)) => {
            findings.push(
                at.err("from", "unknown-field", "a profile's relations start from its own actor")
                    .hint("remove `from`, or write the relation on the other actor's profile or in a briefing"),
            );
            None
        }
        (Some(id), None) => site.actor_by_id.get(id.as_str()).copied(),
        (None, Some(id)) => actor(site, id, "from", at, findings),
        (None, None) if failed => None,
        (None, None) => {
            findings.push(
                at.err("", "missing-field", "relation has no `from` (the actor id it starts from)")
                    .hint("in a briefing, a relation names both actors: `{from: a, to: b, type: leader-of}`"),
            );
            None
        }
    };
    let to = match &raw.to {
        Some(id) => actor(site, id, "to", at, findings),
        None if failed => None,
        None => {
            findings.push(at.err("", "missing-field", "relation has no `to` (the actor id it leads to)"));
            None
        }
    };
    let kind = match raw.kind.as_deref().map(str::trim) {
        Some(t) => kind(site, types, t, at, findings),
        None if failed => None,
        None => {
            findings.push(
                at.err("", "missing-field", "relation has no `type`")
                    .hint(format!("for example `type: {MEMBER_OF}`; the types are listed in the README")),
            );
            None
        }
    };
    let since = date(raw.since.as_ref().map(|t| t.0.as_str()), "since", at, findings);
    let until = date(raw.until.as_ref().map(|t| t.0.as_str()), "until", at, findings);
    // Read even when the relation cannot be kept, so every finding shows at once.
    let place = Place { file: &p.doc.file, text: &p.doc.text, loc: &p.doc.loc };
    let citations = citing.read_named(&place, &p.path, &raw.source, &raw.sources, &raw.locator, findings);
    let source = match &raw.source {
        Some(RawPrimary::Named(s)) => Some(Source {
            name: nonempty(&s.name),
            url: link_url(&s.url, "source.url", |m| at.err("source.url", "bad-url", m), findings),
        }),
        Some(RawPrimary::Id(_)) | None => None,
    };
    // A locator goes with a source cited by id; a source only named has no record to point into.
    if let (Some(_), Some(locator)) = (&source, text_of(&raw.locator)) {
        if !citations.iter().any(|c| c.locator.as_ref() == Some(&locator)) {
            findings.push(
                place
                    .warn(&format!("{}.locator", p.path), "unused-locator", format!("the locator `{locator}` is not shown: `source: {{name, url}}` names a source without defining it, and a locator goes with a source cited by id"))
                    .hint("define the source (a file in `content/sources/`, or an entry of a briefing's `sources:`) and cite it by id: `source: <id>` beside the `locator`"),
            );
        }
    }
    if let (Some(Some(s)), Some(Some(u))) = (&since, &until) {
        if last_day(u) < s.start.day_number() {
            findings.push(
                at.err(
                    "until",
                    "relation-dates",
                    format!("the relation ends ({}) before it starts ({})", u.iso(), s.iso()),
                )
                .hint("`until` is when the relation ended; it cannot come before `since`"),
            );
            return None;
        }
    }
    let (from, to, kind) = (from?, to?, kind?);
    if from == to {
        findings.push(at.err("to", "bad-relation", format!("`{}` is related to itself", site.actors[from].id)));
        return None;
    }
    Some(Relation {
        from,
        to,
        kind,
        since: since.flatten(),
        until: until.flatten(),
        source: source.filter(|s| s.name.is_some() || s.url.is_some()),
        citations,
        // Prose: with the smart punctuation of bodies.
        note: prose(&raw.note),
        briefing: p.briefing,
        file: p.doc.file.clone(),
        at: Spot::Key(p.doc.loc.clone(), p.path.clone()),
    })
}

/// The last day a date expression can mean.
fn last_day(d: &DateExpr) -> i64 {
    d.end.unwrap_or(d.start).last_day_number()
}

/// A date of a relation; `Some(None)` when it was written but is not a date (reported).
fn date(text: Option<&str>, field: &str, at: &At, findings: &mut Vec<Finding>) -> Option<Option<DateExpr>> {
    let text = text?;
    match DateExpr::parse(text) {
        Ok(d) => Some(Some(d)),
        Err(e) => {
            findings.push(
                at.err(field, "bad-date", format!("`{field}`: {e}"))
                    .hint("dates are YYYY, YYYY-MM, YYYY-MM-DD, ~ for approximate, START/END for intervals"),
            );
            Some(None)
        }
    }
}

/// The actor an id of a relation names: through the slug gate, then the registry.
fn actor(site: &Site, id: &str, field: &str, at: &At, findings: &mut Vec<Finding>) -> Option<usize> {
    if let Err(why) = Slug::parse(id) {
        let (message, hint) = why.explain("actor id", id);
        findings.push(at.err(field, "bad-id", message).hint(hint));
        return None;
    }
    if let Some(&a) = site.actor_by_id.get(id) {
        return Some(a);
    }
    let mut f = at.err(field, "unknown-actor", format!("unknown actor `{id}` in a relation"));
    f = match suggest(id, site.actor_by_id.keys().map(String::as_str)) {
        Some(s) => f.hint(format!("did you mean `{s}`?")),
        None => f.hint("define the actor in a briefing's `actors:` list or in content/actors/<id>.md"),
    };
    findings.push(f);
    None
}

/// The relation type a `type:` names: through the slug gate, then the vocabulary.
fn kind(site: &Site, types: &HashMap<&str, usize>, t: &str, at: &At, findings: &mut Vec<Finding>) -> Option<usize> {
    if let Some(&k) = types.get(t) {
        return Some(k);
    }
    let known = || site.relation_types.iter().map(|t| t.id.as_str());
    if let Err(why) = Slug::parse(t) {
        // A label written instead of its id (`leader of`) names the type it is the label of.
        let by_label = site.relation_types.iter().find(|x| x.label == t || x.id.as_str() == super::slug::slugify(t));
        let (message, hint) = why.explain("relation type", t);
        let hint = by_label.map_or(hint, |x| format!("did you mean `{}`?", x.id));
        findings.push(at.err("type", "bad-id", message).hint(hint));
        return None;
    }
    let mut f = at.err("type", "unknown-relation-type", format!("unknown relation type `{t}`"));
    f = match suggest(t, known()) {
        Some(s) => f.hint(format!("did you mean `{s}`? (or add `{t}` to `relation_types` in dossier.yaml)")),
        None => f.hint(format!(
            "use one of {}, or add `{t}` to `relation_types` in dossier.yaml",
            known().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ")
        )),
    };
    findings.push(f);
    None
}

/// Two relations of one type between the same actors (either way round for a type that reads
/// the same both ways) whose dates overlap but whose notes differ: a warning on the one
/// written later. Relations from affiliations have nothing to contradict.
fn contradictions(site: &Site, all: &[(Relation, Option<usize>)], pending: &[Pending], findings: &mut Vec<Finding>) {
    let mut groups: HashMap<(usize, usize, usize), Vec<usize>> = HashMap::new();
    for (i, (r, p)) in all.iter().enumerate() {
        if p.is_none() {
            continue;
        }
        let pair =
            if site.relation_types[r.kind].symmetric() { (r.from.min(r.to), r.from.max(r.to)) } else { (r.from, r.to) };
        groups.entry((r.kind, pair.0, pair.1)).or_default().push(i);
    }
    let mut found: Vec<(usize, usize)> = Vec::new();
    for members in groups.values().filter(|m| m.len() > 1) {
        for (k, &i) in members.iter().enumerate() {
            let earlier = &members[k.saturating_sub(CONFLICT_WINDOW)..k];
            if let Some(&j) = earlier.iter().find(|&&j| contradict(&all[j].0, &all[i].0)) {
                found.push((i, j));
            }
        }
    }
    found.sort_unstable();
    for (i, j) in found {
        let (r, other) = (&all[i].0, &all[j].0);
        let Some(p) = all[i].1.map(|p| &pending[p]) else { continue };
        let t = &site.relation_types[r.kind];
        let (l, c) = p.doc.loc.value(&format!("{}.type", p.path));
        findings.push(
            Finding::warning(
                &p.doc.file,
                "relation-conflict",
                format!(
                    "`{} {} {}` contradicts the relation at {}:{}: their dates overlap but their notes differ",
                    site.actors[r.from].id, t.id, site.actors[r.to].id, other.file, other.at.line_col().0
                ),
            )
            .at(&p.doc.text, l, c)
            .hint("if both hold, give them dates that do not overlap; if they are one relation, keep one (or give both the same note)"),
        );
    }
}

/// Whether two relations of one pair and type contradict: overlapping dates, different notes.
fn contradict(a: &Relation, b: &Relation) -> bool {
    let span = |r: &Relation| {
        (r.since.as_ref().map_or(i64::MIN, |s| s.start.day_number()), r.until.as_ref().map_or(i64::MAX, last_day))
    };
    let ((a0, a1), (b0, b1)) = (span(a), span(b));
    a0 <= b1 && b0 <= a1 && a.note != b.note
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_vocabulary_is_the_defaults_relabelled_and_extended() {
        let custom = [
            RelationType {
                id: Slug::parse("leader-of").unwrap(),
                label: "head of".into(),
                inverse: "headed by".into(),
            },
            RelationType {
                id: Slug::parse("spokesperson-for").unwrap(),
                label: "spokesperson for".into(),
                inverse: "has spokesperson".into(),
            },
        ];
        let v = vocabulary(&custom);
        assert_eq!(v.len(), DEFAULT_TYPES.len() + 1);
        let leader = v.iter().find(|t| t.id.as_str() == "leader-of").unwrap();
        assert_eq!((leader.label.as_str(), leader.inverse.as_str()), ("head of", "headed by"));
        assert_eq!(v.last().unwrap().id.as_str(), "spokesperson-for");
        assert!(v.iter().find(|t| t.id.as_str() == "ally-of").unwrap().symmetric());
        assert!(!v.iter().find(|t| t.id.as_str() == MEMBER_OF).unwrap().symmetric());
    }

    fn rel(since: Option<&str>, until: Option<&str>, note: Option<&str>) -> Relation {
        Relation {
            from: 0,
            to: 1,
            kind: 0,
            since: since.map(|s| DateExpr::parse(s).unwrap()),
            until: until.map(|s| DateExpr::parse(s).unwrap()),
            source: None,
            citations: Vec::new(),
            note: note.map(String::from),
            briefing: None,
            file: "a.md".into(),
            at: Spot::At(1, 1),
        }
    }

    #[test]
    fn relations_contradict_when_their_dates_overlap_and_their_notes_differ() {
        let first_term = rel(Some("2000"), Some("2008"), Some("first term"));
        let second_term = rel(Some("2012"), None, Some("second term"));
        assert!(!contradict(&first_term, &second_term), "separate terms");
        assert!(contradict(&first_term, &rel(Some("2004"), None, Some("other"))), "overlapping, other note");
        assert!(!contradict(&first_term, &rel(Some("2004"), None, Some("first term"))), "the same note");
        assert!(contradict(&rel(None, None, None), &rel(Some("1990"), Some("1991"), Some("x"))), "undated overlaps");
        // A year and a day within it overlap.
        assert!(contradict(&rel(None, Some("2008"), None), &rel(Some("2008-12-31"), None, Some("x"))));
    }
}

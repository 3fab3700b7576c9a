//! Citations: what ties each claim to a source, and who cites each source.
//!
//! Quotes, events, answers, judgments, relations and changes cite sources with
//! `source:`/`sources:` (and a `locator`), read by `Citing`; bodies cite them inline with
//! `[[^id]]` (`notes_of`); a briefing's `source:` names its primary source, and a briefing's or
//! a relation's `source:` may instead name one without defining it (`{name, url}`). An id that
//! names no source is an `unknown-source` finding with the nearest id. Once the site is known,
//! `index` records who cites each source and warns about sources nothing cites and links
//! without an archived copy.
use super::front::{nonempty, text_of, Place};
use super::sources::{CitedBy, Citer, DefPlace, Registry, SourceRecord};
use super::Site;
use crate::diag::{suggest, Finding, Severity};
use crate::load::raw::{RawCitation, RawPrimary, Text};
use std::collections::HashMap;

/// A claim's citation of a source: which, and where in it (page, paragraph, timestamp).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Citation {
    pub source: usize,
    pub locator: Option<String>,
}

/// A citation in a body (`[[^id]]`), in body order; `source` is `None` when the id is unknown.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct BodyNote {
    pub source: Option<usize>,
    pub locator: Option<String>,
}

/// Look a source id up; an unknown one is an `unknown-source` finding at `path`.
pub fn resolve(
    id: &str,
    p: &Place,
    path: &str,
    index: &HashMap<String, usize>,
    findings: &mut Vec<Finding>,
) -> Option<usize> {
    lookup(id, p, path, index, findings, |_| DEFINE.to_string())
}

/// A `source:` written as an id where `{name, url}` may instead name a source without defining
/// it (a briefing's, a relation's; `path` is the field's): an unknown id is an `unknown-source`
/// finding whose hint, when no id is close, names that form.
pub fn resolve_primary(
    id: &str,
    p: &Place,
    path: &str,
    index: &HashMap<String, usize>,
    findings: &mut Vec<Finding>,
) -> Option<usize> {
    lookup(id, p, path, index, findings, |id| {
        format!(
            "`source:` names a source defined in `sources:` or content/sources/; to name one without defining it, write `source: {{name: \"{id}\"}}`"
        )
    })
}

/// The hint for an unknown source id with no close one, where only a defined source may be cited.
const DEFINE: &str = "define the source in this briefing's `sources:` list or in content/sources/<id>.md";

fn lookup(
    id: &str,
    p: &Place,
    path: &str,
    index: &HashMap<String, usize>,
    findings: &mut Vec<Finding>,
    otherwise: impl FnOnce(&str) -> String,
) -> Option<usize> {
    let id = id.trim();
    if let Some(&i) = index.get(id) {
        return Some(i);
    }
    findings.push(unknown(id, p.err(path, "unknown-source", format!("unknown source `{id}`")), index, otherwise));
    None
}

/// `f` with its hint: the closest id of `index`, or `otherwise` when none is close.
fn unknown(id: &str, f: Finding, index: &HashMap<String, usize>, otherwise: impl FnOnce(&str) -> String) -> Finding {
    match suggest(id, index.keys().map(String::as_str)) {
        Some(s) => f.hint(format!("did you mean `{s}`?")),
        None => f.hint(otherwise(id)),
    }
}

/// What a briefing needs to read citations: the source index, and whether (and how loudly) a
/// claim without one is reported.
#[derive(Clone, Copy)]
pub struct Citing<'a> {
    pub index: &'a HashMap<String, usize>,
    pub records: &'a [SourceRecord],
    /// `None` when the site cites nothing at all and does not ask for sources.
    pub uncited: Option<Severity>,
}

impl Citing<'_> {
    /// The citations of the entry at `path` (`quotes[2]`): its `source`, its `sources` and its
    /// `locator` (which goes with `source`, or with each of `sources` that has none of its own).
    pub fn read(
        &self,
        p: &Place,
        path: &str,
        source: &Option<String>,
        sources: &Option<Vec<RawCitation>>,
        locator: &Option<Text>,
        findings: &mut Vec<Finding>,
    ) -> Vec<Citation> {
        let first = nonempty(source).and_then(|id| resolve(&id, p, &format!("{path}.source"), self.index, findings));
        self.with_list(first, p, path, sources, locator, findings)
    }

    /// As `read`, for an entry whose `source:` may instead be `{name, url}` (a relation's): the
    /// map form is not read here, and an unknown id's hint names it.
    pub fn read_named(
        &self,
        p: &Place,
        path: &str,
        source: &Option<RawPrimary>,
        sources: &Option<Vec<RawCitation>>,
        locator: &Option<Text>,
        findings: &mut Vec<Finding>,
    ) -> Vec<Citation> {
        let id = match source {
            Some(RawPrimary::Id(id)) => nonempty(&Some(id.clone())),
            Some(RawPrimary::Named(_)) | None => None,
        };
        let first = id.and_then(|id| resolve_primary(&id, p, &format!("{path}.source"), self.index, findings));
        self.with_list(first, p, path, sources, locator, findings)
    }

    /// The citations of `first` (the entry's `source`, resolved) and of its `sources` list.
    fn with_list(
        &self,
        first: Option<usize>,
        p: &Place,
        path: &str,
        sources: &Option<Vec<RawCitation>>,
        locator: &Option<Text>,
        findings: &mut Vec<Finding>,
    ) -> Vec<Citation> {
        let locator = text_of(locator);
        let mut out: Vec<Citation> = Vec::new();
        let mut push = |c: Citation| {
            if !out.iter().any(|o| o.source == c.source && o.locator == c.locator) {
                out.push(c);
            }
        };
        if let Some(s) = first {
            push(Citation { source: s, locator: locator.clone() });
        }
        for (j, c) in sources.iter().flatten().enumerate() {
            let at = format!("{path}.sources[{j}]");
            let Some(id) = nonempty(&c.0.id) else {
                findings.push(p.err(&at, "missing-field", "a citation needs the `id` of a source"));
                continue;
            };
            if let Some(s) = resolve(&id, p, &at, self.index, findings) {
                push(Citation { source: s, locator: text_of(&c.0.locator).or_else(|| locator.clone()) });
            }
        }
        out
    }

    /// `uncited` for a claim (`what`, at `path`) that cites nothing, when the site checks. A
    /// claim that `named` a source (`Named::of`) which is unknown or failed to read was
    /// reported for that, and is not also uncited.
    pub fn check(
        &self,
        p: &Place,
        path: &str,
        what: &str,
        cited: &[Citation],
        named: Named,
        findings: &mut Vec<Finding>,
    ) {
        let Some(severity) = self.uncited else { return };
        if !cited.is_empty() || named == Named::Source {
            return;
        }
        let msg = format!("this {what} cites no source");
        let f = match severity {
            Severity::Error => p.err(path, "uncited", msg),
            Severity::Warning => p.warn(path, "uncited", msg),
        };
        findings.push(f.hint(match named {
            Named::Locator => {
                "its `locator:` says where in a source, but no source is named: add `source: <id>` beside it"
            }
            _ => "add `source: <id>` (and a `locator:`), or `sources: [<id>, …]`",
        }));
    }
}

/// What an entry writes of its citations.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Named {
    /// A `source:` or a citation of `sources:`, or one of them failed to read (and was
    /// reported).
    Source,
    /// Only a `locator:`.
    Locator,
    Nothing,
}

impl Named {
    /// What the entry at `path` writes of its citations.
    pub fn of(
        p: &Place,
        path: &str,
        source: &Option<String>,
        sources: &Option<Vec<RawCitation>>,
        locator: &Option<Text>,
    ) -> Named {
        if nonempty(source).is_some()
            || sources.as_ref().is_some_and(|l| !l.is_empty())
            || ["source", "sources"].iter().any(|f| p.loc.failed_within(&format!("{path}.{f}")))
        {
            Named::Source
        } else if text_of(locator).is_some() {
            Named::Locator
        } else {
            Named::Nothing
        }
    }
}

/// The links of each source's notes that point into the site.
pub fn resolve_notes(site: &mut Site) {
    for si in 0..site.sources.len() {
        let s = &site.sources[si];
        let Some(notes) = &s.notes else { continue };
        let refs = super::links::refs_of(site, &s.file, &super::scan::scan(notes).links);
        site.sources[si].notes_refs = refs;
    }
}

/// Resolve the citations of a body (`[[^id]]`) against `index`.
pub fn notes_of(cites: &[super::scan::BodyCite], index: &HashMap<String, usize>) -> Vec<BodyNote> {
    cites.iter().map(|c| BodyNote { source: index.get(c.id.as_str()).copied(), locator: c.locator.clone() }).collect()
}

/// `unknown-source` for each citation of a body (of `doc`) that names no source.
pub fn note_findings(
    doc: &crate::load::Document,
    cites: &[super::scan::BodyCite],
    index: &HashMap<String, usize>,
) -> Vec<Finding> {
    cites
        .iter()
        .filter(|c| !index.contains_key(c.id.as_str()))
        .map(|c| {
            let (line, col) = crate::diag::line_col(&doc.text, doc.body_offset + c.offset);
            let f = Finding::error(
                &doc.file,
                "unknown-source",
                format!("citation `[[^{}]]`: unknown source `{}`", c.id, c.id),
            )
            .at(&doc.text, line, col);
            unknown(&c.id, f, index, |_| DEFINE.to_string())
        })
        .collect()
}

/// `broken-link` for each footnote reference of a body (of `doc`) without a definition that
/// names a source: the page would show `[^id]` as written, where `[[^id]]` cites it. Others
/// (`[^a-z]` in prose) are left as text.
pub fn stray_findings(
    doc: &crate::load::Document,
    strays: &[super::scan::BodyCite],
    index: &HashMap<String, usize>,
) -> Vec<Finding> {
    strays
        .iter()
        .filter(|c| index.contains_key(c.id.as_str()))
        .map(|c| {
            let (line, col) = crate::diag::line_col(&doc.text, doc.body_offset + c.offset);
            Finding::error(&doc.file, "broken-link", format!("footnote `[^{}]` has no definition", c.id))
                .at(&doc.text, line, col)
                .hint(format!("to cite the source `{0}`, write `[[^{0}]]`", c.id))
        })
        .collect()
}

/// Who cites each source (in briefings, `cited_by`; relations, wherever they are written,
/// `relations`), each briefing's sources in the order its Sources section lists them,
/// and the warnings that need the whole site: `unused-source` for a source nothing cites (at
/// each place that defines or lists it without citing it) and `archive-missing` for a link
/// without an archived copy.
pub fn index(site: &mut Site, reg: &Registry, texts: &HashMap<String, &str>, findings: &mut Vec<Finding>) {
    for (bi, b) in site.briefings.iter_mut().enumerate() {
        // The text's notes are numbered first, in the order a reader meets them.
        let mut cited: Vec<(usize, Citer)> = b.notes.iter().filter_map(|n| Some((n.source?, Citer::Text))).collect();
        if let Some(s) = b.primary {
            cited.push((s, Citer::Primary));
        }
        for (ji, j) in b.judgments.iter().enumerate() {
            cited.extend(j.citations.iter().map(|c| (c.source, Citer::Judgment(ji))));
            cited.extend(j.basis_sources().map(|s| (s, Citer::Judgment(ji))));
        }
        for (qi, q) in b.quotes.iter().enumerate() {
            cited.extend(q.citations.iter().map(|c| (c.source, Citer::Quote(qi))));
        }
        for (ei, e) in b.events.iter().enumerate() {
            cited.extend(e.citations.iter().map(|c| (c.source, Citer::Event(ei))));
        }
        for (qi, q) in b.questions.iter().enumerate() {
            cited.extend(q.citations.iter().map(|c| (c.source, Citer::Answer(qi))));
        }
        for (ci, c) in b.changes.iter().enumerate() {
            cited.extend(c.citations.iter().map(|c| (c.source, Citer::Change(ci))));
        }
        // The briefing's relations cite in it too; who cites through a relation is recorded in
        // each source's `relations`, below, with the relations of profiles.
        let by_relations = b.relations.iter().flat_map(|&ri| site.relations[ri].citations.iter().map(|c| c.source));
        let mut order: Vec<usize> = Vec::new();
        for s in cited.iter().map(|&(s, _)| s).chain(by_relations) {
            if !order.contains(&s) {
                order.push(s);
            }
        }
        // Listed but cited by nothing in the briefing: shown, and warned about below.
        for &s in &b.listed {
            if !order.contains(&s) {
                order.push(s);
                cited.push((s, Citer::Text));
            }
        }
        cited.sort_by_key(|&(s, w)| (s, order_of(w)));
        cited.dedup();
        for (s, what) in cited {
            site.sources[s].cited_by.push(CitedBy { briefing: bi, what });
        }
        for &s in &order {
            site.sources[s].briefings.push(bi);
        }
        b.cited = order;
    }
    for (ri, r) in site.relations.iter().enumerate() {
        for c in &r.citations {
            let rec = &mut site.sources[c.source];
            if rec.relations.last() != Some(&ri) {
                rec.relations.push(ri);
            }
        }
    }
    for (si, s) in site.sources.iter_mut().enumerate() {
        // A relation of a profile, or of another briefing, needs the source's page to show it.
        let elsewhere = |bi: usize| s.relations.iter().any(|&ri| site.relations[ri].briefing != Some(bi));
        s.home = home(&s.briefings, &reg.places[si], &site.briefings).filter(|&bi| !elsewhere(bi));
    }
    for (si, s) in site.sources.iter().enumerate() {
        let cited_anywhere = !s.relations.is_empty()
            || s.cited_by.iter().any(|c| c.what != Citer::Text || listed_and_cited(site, c.briefing, si));
        let text_of_file = |file: &str| texts.get(file).copied().unwrap_or("");
        if !cited_anywhere {
            for place in &reg.places[si] {
                let (line, column) = place.at.line_col();
                findings.push(
                    Finding::warning(&place.file, "unused-source", format!("source `{}` is cited by nothing", s.id))
                        .at(text_of_file(&place.file), line, column)
                        .hint(format!(
                            "cite it from a quote, event, answer, judgment, relation or change (`source: {}`) or in the text (`[[^{}]]`), or remove it",
                            s.id, s.id
                        )),
                );
            }
        }
        if let (Some(_), None, Some((file, at))) = (&s.url, &s.archive_url, &reg.url_at[si]) {
            let (line, col) = at.line_col();
            findings.push(
                Finding::warning(file, "archive-missing", format!("source `{}` has a `url` but no `archive_url`", s.id))
                    .at(text_of_file(file), line, col)
                    .hint("save a copy (the Wayback Machine, archive.today, perma.cc) and add its address as `archive_url:`, so the citation survives the page"),
            );
        }
    }
}

/// The briefing that is a source's only place: the one briefing that cites it, when every
/// definition of the source is inline in that briefing. A reader needs no page for a source
/// that one briefing defines and cites; its entry in that briefing's Sources section says all.
fn home(briefings: &[usize], places: &[DefPlace], all: &[super::Briefing]) -> Option<usize> {
    let [bi] = *briefings else { return None };
    let inline_here = places.iter().all(|p| !p.profile && p.file == all[bi].file);
    inline_here.then_some(bi)
}

/// Whether briefing `bi` cites source `s` from its text (a `Text` citer may be a mere listing).
fn listed_and_cited(site: &Site, bi: usize, s: usize) -> bool {
    site.briefings[bi].notes.iter().any(|n| n.source == Some(s))
}

/// Citers in the order a source page lists them.
fn order_of(w: Citer) -> (u8, usize) {
    match w {
        Citer::Primary => (0, 0),
        Citer::Text => (1, 0),
        Citer::Judgment(i) => (2, i),
        Citer::Quote(i) => (3, i),
        Citer::Event(i) => (4, i),
        Citer::Answer(i) => (5, i),
        Citer::Change(i) => (6, i),
    }
}

//! Sources: where a briefing's claims come from, and the citations that tie each claim to one.
//!
//! A source is defined like an actor: inline in a briefing's `sources:` list or by a profile
//! (`content/sources/<id>.md`, whose body is the notes), and referenced by id anywhere. Two
//! definitions of one id may each add fields; if both set a field to different values, that is
//! a `source-conflict` naming both places. Quotes, events, answers and judgments cite sources
//! with `source:`/`sources:` (and a `locator`); bodies cite them inline with `[[^id]]`. Once the
//! site is known, `index` records who cites each source and warns about sources nothing cites
//! and links without an archived copy.

use super::date::{DateExpr, PartialDate};
use super::slug::Slug;
use super::url::SafeUrl;
use super::{Origin, Ref, Site};
use crate::diag::{suggest, Finding, Severity};
use crate::load::locate::Locator;
use crate::load::raw::{RawCitation, RawSourceDef, RawSourceProfile, Text};
use crate::load::text::printable;
use std::collections::HashMap;

/// What kind of document a source is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SourceKind {
    Article,
    Statement,
    Document,
    Dataset,
    Interview,
    Social,
    Other,
}

impl SourceKind {
    pub const NAMES: [&'static str; 7] =
        ["article", "statement", "document", "dataset", "interview", "social", "other"];
    const ALL: [SourceKind; 7] = [
        SourceKind::Article,
        SourceKind::Statement,
        SourceKind::Document,
        SourceKind::Dataset,
        SourceKind::Interview,
        SourceKind::Social,
        SourceKind::Other,
    ];

    pub fn parse(s: &str) -> Option<SourceKind> {
        Self::NAMES.iter().position(|n| *n == s).map(|i| Self::ALL[i])
    }

    pub fn name(self) -> &'static str {
        Self::NAMES[Self::ALL.iter().position(|k| *k == self).unwrap_or(6)]
    }
}

/// How reliable a source has proven, on the Admiralty (NATO) scale: a letter A–F.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Reliability(u8);

impl Reliability {
    const MEANINGS: [&'static str; 6] = [
        "completely reliable",
        "usually reliable",
        "fairly reliable",
        "not usually reliable",
        "unreliable",
        "reliability cannot be judged",
    ];

    pub fn parse(s: &str) -> Option<Reliability> {
        match s.as_bytes() {
            [c @ b'A'..=b'F'] => Some(Reliability(c - b'A')),
            _ => None,
        }
    }

    /// The letter: `A` … `F`.
    pub fn letter(self) -> &'static str {
        ["A", "B", "C", "D", "E", "F"][self.0 as usize]
    }

    /// What the letter means: `usually reliable`.
    pub fn meaning(self) -> &'static str {
        Self::MEANINGS[self.0 as usize]
    }
}

/// How sure the author is that a quote was said by whom it is attributed to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Attribution {
    /// Heard or read first-hand, or confirmed by the speaker.
    Confirmed,
    /// As reported by others (a news agency, a spokesperson).
    Reported,
    /// Attributed, but not established.
    Uncertain,
}

impl Attribution {
    pub fn parse(s: &str) -> Option<Attribution> {
        match s {
            "confirmed" => Some(Attribution::Confirmed),
            "reported" => Some(Attribution::Reported),
            "uncertain" => Some(Attribution::Uncertain),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Attribution::Confirmed => "confirmed",
            Attribution::Reported => "reported",
            Attribution::Uncertain => "uncertain",
        }
    }
}

/// A source, merged from its definitions.
#[derive(Debug, Clone)]
pub struct SourceRecord {
    pub id: Slug,
    /// Its title; the id when no definition gives one (an error).
    pub title: String,
    pub url: Option<SafeUrl>,
    pub publisher: Option<String>,
    pub author: Option<String>,
    pub published: Option<DateExpr>,
    pub accessed: Option<PartialDate>,
    pub archive_url: Option<SafeUrl>,
    pub kind: Option<SourceKind>,
    pub reliability: Option<Reliability>,
    /// Markdown notes: a profile's body, or an inline `notes:`.
    pub notes: Option<String>,
    /// The links of the notes that point into the site, sorted by (dest, wiki).
    pub notes_refs: Vec<Ref>,
    pub origin: Origin,
    /// Everything that cites the source, in site order (newest briefing first).
    pub cited_by: Vec<CitedBy>,
    /// The briefings that cite it, newest first.
    pub briefings: Vec<usize>,
}

/// One thing that cites a source, in a briefing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CitedBy {
    pub briefing: usize,
    pub what: Citer,
}

/// What cites a source, by index in its briefing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Citer {
    /// The briefing's primary source (`source: <id>`).
    Primary,
    /// The text (`[[^id]]`) or the briefing's `sources:` list.
    Text,
    Quote(usize),
    Event(usize),
    /// The answer of a question.
    Answer(usize),
    Judgment(usize),
}

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

/// One definition of a source, as read from a profile or a briefing.
#[derive(Debug, Clone)]
pub struct SourceDef {
    pub id: Slug,
    pub title: Option<String>,
    pub url: Option<SafeUrl>,
    pub publisher: Option<String>,
    pub author: Option<String>,
    pub published: Option<DateExpr>,
    pub accessed: Option<PartialDate>,
    pub archive_url: Option<SafeUrl>,
    pub kind: Option<SourceKind>,
    pub reliability: Option<Reliability>,
    pub notes: Option<String>,
    pub origin: Origin,
    pub column: usize,
    /// Where its `url` is written (line, column), for `archive-missing`.
    pub url_at: Option<(usize, usize)>,
    /// Whether it is a profile (cited by no briefing, it is unused site-wide).
    pub profile: bool,
}

/// Places findings about one document's front matter.
pub struct Place<'a> {
    pub file: &'a str,
    pub text: &'a str,
    pub loc: &'a Locator,
}

impl Place<'_> {
    pub fn err(&self, path: &str, code: &'static str, msg: impl Into<String>) -> Finding {
        let (l, c) = self.loc.value(path);
        Finding::error(self.file, code, msg).at(self.text, l, c)
    }

    fn warn(&self, path: &str, code: &'static str, msg: impl Into<String>) -> Finding {
        let (l, c) = self.loc.value(path);
        Finding::warning(self.file, code, msg).at(self.text, l, c)
    }
}

fn nonempty(s: &Option<String>) -> Option<String> {
    s.as_ref().map(|s| printable(s.trim()).trim().to_string()).filter(|s| !s.is_empty())
}

/// A `Text` (a string or a number) as the model keeps it.
pub fn text_of(t: &Option<Text>) -> Option<String> {
    nonempty(&t.as_ref().map(|t| t.0.clone()))
}

/// The fields a profile and an inline definition share, read at `prefix` (`sources[2].` or ``).
struct Fields<'r> {
    title: &'r Option<String>,
    url: &'r Option<String>,
    publisher: &'r Option<String>,
    author: &'r Option<String>,
    published: &'r Option<Text>,
    accessed: &'r Option<Text>,
    archive_url: &'r Option<String>,
    kind: &'r Option<String>,
    reliability: &'r Option<String>,
}

/// A profile's definition (`content/sources/<id>.md`); `None` when its file name is no id.
pub fn profile(
    p: &Place,
    stem: &str,
    raw: &RawSourceProfile,
    body: &str,
    findings: &mut Vec<Finding>,
) -> Option<SourceDef> {
    let id = match Slug::of(stem) {
        Ok(id) => id,
        Err(why) => {
            let (message, hint) = why.explain("source id (the profile's file name)", stem);
            findings.push(Finding::error(p.file, "bad-id", message).hint(format!("rename the file: {hint}")));
            return None;
        }
    };
    let fields = Fields {
        title: &raw.title,
        url: &raw.url,
        publisher: &raw.publisher,
        author: &raw.author,
        published: &raw.published,
        accessed: &raw.accessed,
        archive_url: &raw.archive_url,
        kind: &raw.kind,
        reliability: &raw.reliability,
    };
    let body = body.trim();
    let notes = (!body.is_empty()).then(|| body.to_string());
    Some(def(p, "", id, &fields, notes, (1, 1), true, findings))
}

/// An inline definition, entry `i` of a briefing's `sources:`; `None` when it has no usable id.
pub fn inline(p: &Place, i: usize, raw: &RawSourceDef, findings: &mut Vec<Finding>) -> Option<SourceDef> {
    let path = format!("sources[{i}]");
    let Some(written) = nonempty(&raw.id) else {
        findings.push(
            p.err(&path, "missing-field", "inline source needs an `id`")
                .hint("give the source an `id:` of lowercase letters, digits and dashes, to cite it by"),
        );
        return None;
    };
    let id = match Slug::parse(&written) {
        Ok(id) => id,
        Err(why) => {
            let (message, hint) = why.explain("source id", &written);
            findings.push(p.err(&format!("{path}.id"), "bad-id", message).hint(hint));
            return None;
        }
    };
    let fields = Fields {
        title: &raw.title,
        url: &raw.url,
        publisher: &raw.publisher,
        author: &raw.author,
        published: &raw.published,
        accessed: &raw.accessed,
        archive_url: &raw.archive_url,
        kind: &raw.kind,
        reliability: &raw.reliability,
    };
    let at = p.loc.key(&path);
    let notes = nonempty(&raw.notes);
    if let Some(n) = &notes {
        for risk in super::scan::scan(n).risks {
            if let super::scan::RiskKind::Url(_, refused) = risk.kind {
                let (message, hint) = refused.explain("a link of these notes");
                findings.push(p.err(&format!("{path}.notes"), "bad-url", message).hint(hint));
            }
        }
    }
    Some(def(p, &format!("{path}."), id, &fields, notes, at, false, findings))
}

#[allow(clippy::too_many_arguments)]
fn def(
    p: &Place,
    prefix: &str,
    id: Slug,
    f: &Fields,
    notes: Option<String>,
    (line, column): (usize, usize),
    profile: bool,
    findings: &mut Vec<Finding>,
) -> SourceDef {
    let path = |field: &str| format!("{prefix}{field}");
    let url_of = |field: &str, value: &Option<String>, findings: &mut Vec<Finding>| {
        nonempty(value).and_then(|u| match SafeUrl::link(&u) {
            Ok(u) => Some(u),
            Err(why) => {
                let (message, hint) = why.explain(&format!("`{field}`"));
                findings.push(p.err(&path(field), "bad-url", message).hint(hint));
                None
            }
        })
    };
    let url = url_of("url", f.url, findings);
    let archive_url = url_of("archive_url", f.archive_url, findings);
    let published = text_of(f.published).and_then(|t| match DateExpr::parse(&t) {
        Ok(d) => Some(d),
        Err(e) => {
            findings.push(p.err(&path("published"), "bad-date", format!("`published`: {e}")));
            None
        }
    });
    let accessed = text_of(f.accessed).and_then(|t| match DateExpr::parse_day(&t) {
        Ok(d) => Some(d),
        Err(e) => {
            findings.push(p.err(&path("accessed"), "bad-date", format!("`accessed`: {e}")));
            None
        }
    });
    let kind = nonempty(f.kind).and_then(|k| {
        let parsed = SourceKind::parse(&k);
        if parsed.is_none() {
            findings.push(p.err(
                &path("kind"),
                "bad-kind",
                format!("unknown source kind `{k}`; expected {}", SourceKind::NAMES.join(", ")),
            ));
        }
        parsed
    });
    let reliability = nonempty(f.reliability).and_then(|r| {
        let parsed = Reliability::parse(&r);
        if parsed.is_none() {
            findings.push(
                p.err(&path("reliability"), "bad-scale", format!("unknown reliability `{r}`; expected a letter A–F"))
                    .hint("the Admiralty scale: A completely reliable, B usually, C fairly, D not usually, E unreliable, F cannot be judged"),
            );
        }
        parsed
    });
    let url_at = url.as_ref().map(|_| p.loc.value(&path("url")));
    SourceDef {
        id,
        title: nonempty(f.title),
        url,
        publisher: nonempty(f.publisher),
        author: nonempty(f.author),
        published,
        accessed,
        archive_url,
        kind,
        reliability,
        notes,
        origin: Origin { file: p.file.to_string(), line },
        column,
        url_at,
        profile,
    }
}

/// The sources of a site (by title) and an index by id, with what `index` needs to place its
/// warnings: every definition's origin, for sources nothing cites.
pub struct Registry {
    pub sources: Vec<SourceRecord>,
    pub by_id: HashMap<String, usize>,
    /// Per source: its definitions' places and whether they are profiles, and where its `url`
    /// is written.
    pub places: Vec<Vec<(Origin, usize, bool)>>,
    pub url_at: Vec<Option<(String, usize, usize)>>,
}

/// Merge definitions into sources (sorted by title, then id) and an id index.
pub fn register(defs: Vec<SourceDef>, texts: &HashMap<String, &str>, findings: &mut Vec<Finding>) -> Registry {
    let mut merged: Vec<SourceDef> = Vec::new();
    let mut places: Vec<Vec<(Origin, usize, bool)>> = Vec::new();
    let mut by_id: HashMap<String, usize> = HashMap::new();
    for def in defs {
        match by_id.get(def.id.as_str()) {
            None => {
                by_id.insert(def.id.to_string(), merged.len());
                places.push(vec![(def.origin.clone(), def.column, def.profile)]);
                merged.push(def);
            }
            Some(&i) => {
                places[i].push((def.origin.clone(), def.column, def.profile));
                merge_into(&mut merged[i], def, texts, findings);
            }
        }
    }
    let title_of = |d: &SourceDef| d.title.clone().unwrap_or_else(|| d.id.to_string());
    let mut order: Vec<usize> = (0..merged.len()).collect();
    order.sort_by_cached_key(|&i| (title_of(&merged[i]).to_lowercase(), merged[i].id.clone()));
    let mut sources = Vec::with_capacity(merged.len());
    let mut sorted_places = Vec::with_capacity(merged.len());
    let mut url_at = Vec::with_capacity(merged.len());
    for &old in &order {
        let d = &merged[old];
        if d.title.is_none() {
            let src = texts.get(&d.origin.file).copied().unwrap_or("");
            findings.push(
                Finding::error(&d.origin.file, "missing-field", format!("source `{}` has no `title`", d.id))
                    .at(src, d.origin.line, d.column)
                    .hint("add `title:` with the title readers should see"),
            );
        }
        url_at.push(d.url_at.map(|(l, c)| (d.origin.file.clone(), l, c)));
        sorted_places.push(std::mem::take(&mut places[old]));
        sources.push(SourceRecord {
            id: d.id.clone(),
            title: title_of(d),
            url: d.url.clone(),
            publisher: d.publisher.clone(),
            author: d.author.clone(),
            published: d.published.clone(),
            accessed: d.accessed,
            archive_url: d.archive_url.clone(),
            kind: d.kind,
            reliability: d.reliability,
            notes: d.notes.clone(),
            notes_refs: Vec::new(),
            origin: d.origin.clone(),
            cited_by: Vec::new(),
            briefings: Vec::new(),
        });
    }
    let by_id = order.iter().enumerate().map(|(new, &old)| (merged[old].id.to_string(), new)).collect();
    Registry { sources, by_id, places: sorted_places, url_at }
}

fn merge_into(into: &mut SourceDef, def: SourceDef, texts: &HashMap<String, &str>, findings: &mut Vec<Finding>) {
    use super::actors::field;
    let mut conflicts = Vec::new();
    let c = &mut conflicts;
    field(&mut into.title, def.title, "title", c, String::clone);
    field(&mut into.url, def.url, "url", c, |u| u.to_string());
    field(&mut into.publisher, def.publisher, "publisher", c, String::clone);
    field(&mut into.author, def.author, "author", c, String::clone);
    field(&mut into.published, def.published, "published", c, DateExpr::iso);
    field(&mut into.accessed, def.accessed, "accessed", c, PartialDate::iso);
    field(&mut into.archive_url, def.archive_url, "archive_url", c, |u| u.to_string());
    field(&mut into.kind, def.kind, "kind", c, |k| k.name().to_string());
    field(&mut into.reliability, def.reliability, "reliability", c, |r| r.letter().to_string());
    field(&mut into.notes, def.notes, "notes", c, |_| "…".to_string());
    if into.url_at.is_none() && into.url.is_some() {
        into.url_at = def.url_at;
    }
    if !conflicts.is_empty() {
        let src = texts.get(&def.origin.file).copied().unwrap_or("");
        findings.push(
            Finding::error(
                &def.origin.file,
                "source-conflict",
                format!(
                    "source `{}` is defined differently here and at {}:{} ({})",
                    into.id,
                    into.origin.file,
                    into.origin.line,
                    conflicts.join("; ")
                ),
            )
            .at(src, def.origin.line, def.column)
            .hint(
                "define the source once (a profile in content/sources/ is the usual place) and cite it by id elsewhere",
            ),
        );
    }
}

/// Look a source id up; an unknown one is an `unknown-source` finding at `path`.
pub fn resolve(
    id: &str,
    p: &Place,
    path: &str,
    index: &HashMap<String, usize>,
    findings: &mut Vec<Finding>,
) -> Option<usize> {
    let id = id.trim();
    if let Some(&i) = index.get(id) {
        return Some(i);
    }
    findings.push(unknown(id, p.err(path, "unknown-source", format!("unknown source `{id}`")), index));
    None
}

/// The briefing's `source:` written as an id; an unknown one is an `unknown-source` finding that
/// also names the `{name, url}` form, for a source that is not defined.
pub fn resolve_primary(
    id: &str,
    p: &Place,
    index: &HashMap<String, usize>,
    findings: &mut Vec<Finding>,
) -> Option<usize> {
    let id = id.trim();
    if let Some(&i) = index.get(id) {
        return Some(i);
    }
    let f = p.err("source", "unknown-source", format!("unknown source `{id}`"));
    findings.push(match suggest(id, index.keys().map(String::as_str)) {
        Some(s) => f.hint(format!("did you mean `{s}`?")),
        None => f.hint(format!(
            "`source:` names a source defined in `sources:` or content/sources/; to name one without defining it, write `source: {{name: \"{id}\"}}`"
        )),
    });
    None
}

fn unknown(id: &str, f: Finding, index: &HashMap<String, usize>) -> Finding {
    match suggest(id, index.keys().map(String::as_str)) {
        Some(s) => f.hint(format!("did you mean `{s}`?")),
        None => f.hint("define the source in this briefing's `sources:` list or in content/sources/<id>.md"),
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
        let locator = text_of(locator);
        let mut out: Vec<Citation> = Vec::new();
        let mut push = |c: Citation| {
            if !out.iter().any(|o| o.source == c.source && o.locator == c.locator) {
                out.push(c);
            }
        };
        if let Some(id) = nonempty(source) {
            if let Some(s) = resolve(&id, p, &format!("{path}.source"), self.index, findings) {
                push(Citation { source: s, locator: locator.clone() });
            }
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

    /// `uncited` for a claim (`what`, at `path`) that cites nothing, when the site checks.
    pub fn check(&self, p: &Place, path: &str, what: &str, cited: &[Citation], findings: &mut Vec<Finding>) {
        let Some(severity) = self.uncited else { return };
        if !cited.is_empty() {
            return;
        }
        let msg = format!("this {what} cites no source");
        let f = match severity {
            Severity::Error => p.err(path, "uncited", msg),
            Severity::Warning => p.warn(path, "uncited", msg),
        };
        findings.push(f.hint("add `source: <id>` (and a `locator:`), or `sources: [<id>, …]`"));
    }
}

/// What a quote says about its own words beyond the text: their language and translation,
/// and how sure its attribution is.
pub struct QuoteFields {
    pub lang: Option<String>,
    pub translation: Option<String>,
    pub attribution: Option<Attribution>,
}

/// Whether `tag` is a language tag HTML accepts in `lang`: a 2–3 letter language, then
/// subtags of 1–8 letters or digits (`en`, `ko`, `zh-Hant`, `pt-BR`).
fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let first = parts.next().unwrap_or("");
    (2..=3).contains(&first.len())
        && first.bytes().all(|b| b.is_ascii_alphabetic())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// Read a quote's `lang`, `translation` and `attribution` (entry `path`).
pub fn quote_fields(p: &Place, path: &str, q: &crate::load::raw::RawQuote, findings: &mut Vec<Finding>) -> QuoteFields {
    let lang = nonempty(&q.lang).and_then(|l| {
        if is_language_tag(&l) {
            return Some(l);
        }
        findings.push(
            p.err(&format!("{path}.lang"), "bad-lang", format!("`{l}` is not a language tag"))
                .hint("write the language of the quote's text as a BCP 47 tag: `ru`, `ko`, `zh-Hant`, `pt-BR`"),
        );
        None
    });
    let attribution = nonempty(&q.attribution).and_then(|a| {
        let parsed = Attribution::parse(&a);
        if parsed.is_none() {
            findings.push(
                p.err(&format!("{path}.attribution"), "bad-scale", format!("unknown attribution `{a}`"))
                    .hint("expected confirmed, reported or uncertain"),
            );
        }
        parsed
    });
    QuoteFields { lang, translation: nonempty(&q.translation), attribution }
}

/// The links of each source's notes that point into the site.
pub fn resolve_notes(site: &mut Site) {
    for si in 0..site.sources.len() {
        let s = &site.sources[si];
        let Some(notes) = &s.notes else { continue };
        let refs = super::links::refs_of(site, &s.origin.file, &super::scan::scan(notes).links);
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
            unknown(&c.id, f, index)
        })
        .collect()
}

/// Who cites each source, each briefing's sources in the order its Sources section lists them,
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
        let mut order: Vec<usize> = Vec::new();
        for &(s, _) in &cited {
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
        b.cited = order;
        cited.sort_by_key(|&(s, w)| (s, order_of(w)));
        cited.dedup();
        for (s, what) in cited {
            let rec = &mut site.sources[s];
            rec.cited_by.push(CitedBy { briefing: bi, what });
            if rec.briefings.last() != Some(&bi) {
                rec.briefings.push(bi);
            }
        }
    }
    for (si, s) in site.sources.iter().enumerate() {
        let cited_anywhere = s.cited_by.iter().any(|c| c.what != Citer::Text || listed_and_cited(site, c.briefing, si));
        let text_of_file = |file: &str| texts.get(file).copied().unwrap_or("");
        if !cited_anywhere {
            for (origin, column, _) in &reg.places[si] {
                findings.push(
                    Finding::warning(&origin.file, "unused-source", format!("source `{}` is cited by nothing", s.id))
                        .at(text_of_file(&origin.file), origin.line, *column)
                        .hint(format!(
                            "cite it from a quote, event, answer or judgment (`source: {}`) or in the text (`[[^{}]]`), or remove it",
                            s.id, s.id
                        )),
                );
            }
        }
        if let (Some(_), None, Some((file, line, col))) = (&s.url, &s.archive_url, &reg.url_at[si]) {
            findings.push(
                Finding::warning(file, "archive-missing", format!("source `{}` has a `url` but no `archive_url`", s.id))
                    .at(text_of_file(file), *line, *col)
                    .hint("save a copy (the Wayback Machine, archive.today, perma.cc) and add its address as `archive_url:`, so the citation survives the page"),
            );
        }
    }
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
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scales_read_only_their_words() {
        assert_eq!(SourceKind::parse("statement"), Some(SourceKind::Statement));
        assert_eq!(SourceKind::Statement.name(), "statement");
        assert_eq!(SourceKind::parse("Statement"), None);
        assert_eq!(Reliability::parse("B").map(Reliability::meaning), Some("usually reliable"));
        assert_eq!(Reliability::parse("G"), None);
        assert_eq!(Reliability::parse("b"), None);
        assert_eq!(Attribution::parse("reported").map(Attribution::name), Some("reported"));
    }
}

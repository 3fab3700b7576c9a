//! Sources: where a briefing's claims come from, each defined once and merged into one record.
//!
//! A source is defined like an actor: inline in a briefing's `sources:` list or by a profile
//! (`content/sources/<id>.md`, whose body is the notes), and referenced by id anywhere (see
//! `citations`). Two definitions of one id may each add fields; if both set a field to
//! different values, that is a `source-conflict` naming both places. `register` merges the
//! definitions into the site's records, sorted by title; who cites each record is filled in
//! by `citations::index` once the site is known.

use super::date::{DateExpr, PartialDate};
use super::front::{link_url, nonempty, prose, text_of, Place};
use super::slug::Slug;
use super::url::SafeUrl;
use super::Ref;
use crate::diag::Finding;
use crate::load::locate::Spot;
use crate::load::raw::{RawSourceDef, RawSourceProfile, Text};
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

/// How a title sorts: by its words, lowercase, so that `„Ein wichtiges Signal“` files under E
/// and `‘A point of view’` under A, not after Z for their opening quote marks.
fn title_key(title: &str) -> String {
    title.trim_start_matches(|c: char| !c.is_alphanumeric()).to_lowercase()
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
    /// The file of its first definition (which its notes' links are relative to).
    pub file: String,
    /// Everything in a briefing that cites the source, in site order (newest briefing first).
    pub cited_by: Vec<CitedBy>,
    /// The relations that cite it (profiles' and briefings'), in the order of
    /// `Site::relations`: a relation belongs to its actors, not always to a briefing.
    pub relations: Vec<usize>,
    /// The briefings that cite it (or whose relations do), newest first.
    pub briefings: Vec<usize>,
    /// Its anchor in a briefing's Sources section: `source-<id>`.
    pub anchor: String,
    /// The briefing whose Sources section is its only place, when it has no page of its own:
    /// an inline source that no other briefing cites (see `citations::index`). A profile, or a
    /// source cited by two or more briefings, has its page under `/sources/<id>/`.
    pub home: Option<usize>,
}

/// One thing that cites a source, in a briefing (the record's `cited_by`, filled in by
/// `citations::index`).
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
    /// An entry of the briefing's `changes:`.
    Change(usize),
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
    /// The file that defines it, and where in it.
    pub file: String,
    pub at: Spot,
    /// Where its `url` is written, for `archive-missing`.
    pub url_at: Option<Spot>,
    /// Whether it is a profile (cited by no briefing, it is unused site-wide).
    pub profile: bool,
    /// Its `title` failed to read (and was reported): it is not also missing.
    pub title_failed: bool,
}

impl SourceDef {
    fn place(&self) -> DefPlace {
        DefPlace { file: self.file.clone(), at: self.at.clone(), profile: self.profile }
    }
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
    Some(def(p, "", id, &fields, notes, Spot::At(1, 1), true, findings))
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
    let at = Spot::Key(p.loc.clone(), path.clone());
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
    at: Spot,
    profile: bool,
    findings: &mut Vec<Finding>,
) -> SourceDef {
    let path = |field: &str| format!("{prefix}{field}");
    let url_of = |field: &str, value: &Option<String>, findings: &mut Vec<Finding>| {
        link_url(value, field, |m| p.err(&path(field), "bad-url", m), findings)
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
    let url_at = url.as_ref().map(|_| Spot::Value(p.loc.clone(), path("url")));
    SourceDef {
        id,
        title: prose(f.title),
        url,
        publisher: nonempty(f.publisher),
        author: nonempty(f.author),
        published,
        accessed,
        archive_url,
        kind,
        reliability,
        notes,
        file: p.file.to_string(),
        at,
        url_at,
        profile,
        title_failed: p.loc.failed(&path("title")),
    }
}

/// The sources of a site (by title) and an index by id, with what `citations::index` needs to
/// place its warnings: every definition's place, for sources nothing cites.
pub struct Registry {
    pub sources: Vec<SourceRecord>,
    pub by_id: HashMap<String, usize>,
    /// Per source: its definitions' places and whether they are profiles, and where its `url`
    /// is written.
    pub places: Vec<Vec<DefPlace>>,
    pub url_at: Vec<Option<(String, Spot)>>,
}

/// Where a source is defined: the file, the place in it, and whether it is a profile.
#[derive(Debug, Clone)]
pub struct DefPlace {
    pub file: String,
    pub at: Spot,
    pub profile: bool,
}

/// Merge definitions into sources (sorted by title, then id) and an id index.
pub fn register(defs: Vec<SourceDef>, texts: &HashMap<String, &str>, findings: &mut Vec<Finding>) -> Registry {
    let mut merged: Vec<SourceDef> = Vec::new();
    let mut places: Vec<Vec<DefPlace>> = Vec::new();
    let mut by_id: HashMap<String, usize> = HashMap::new();
    for def in defs {
        match by_id.get(def.id.as_str()) {
            None => {
                by_id.insert(def.id.to_string(), merged.len());
                places.push(vec![def.place()]);
                merged.push(def);
            }
            Some(&i) => {
                places[i].push(def.place());
                merge_into(&mut merged[i], def, texts, findings);
            }
        }
    }
    let title_of = |d: &SourceDef| d.title.clone().unwrap_or_else(|| d.id.to_string());
    let mut order: Vec<usize> = (0..merged.len()).collect();
    order.sort_by_cached_key(|&i| (title_key(&title_of(&merged[i])), merged[i].id.clone()));
    let mut sources = Vec::with_capacity(merged.len());
    let mut sorted_places = Vec::with_capacity(merged.len());
    let mut url_at = Vec::with_capacity(merged.len());
    for &old in &order {
        let d = &merged[old];
        if d.title.is_none() && !d.title_failed {
            let src = texts.get(&d.file).copied().unwrap_or("");
            let (line, column) = d.at.line_col();
            findings.push(
                Finding::error(&d.file, "missing-field", format!("source `{}` has no `title`", d.id))
                    .at(src, line, column)
                    .hint("add `title:` with the title readers should see"),
            );
        }
        url_at.push(d.url_at.clone().map(|at| (d.file.clone(), at)));
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
            file: d.file.clone(),
            cited_by: Vec::new(),
            relations: Vec::new(),
            briefings: Vec::new(),
            anchor: format!("source-{}", d.id),
            home: None,
        });
    }
    let by_id = order.iter().enumerate().map(|(new, &old)| (merged[old].id.to_string(), new)).collect();
    Registry { sources, by_id, places: sorted_places, url_at }
}

/// The first words of `notes`, on one line: enough to tell two versions apart in a finding.
fn opening(notes: &str) -> String {
    const SHOWN: usize = 40;
    let words = notes.split_whitespace().collect::<Vec<_>>().join(" ");
    match words.char_indices().nth(SHOWN) {
        Some((cut, _)) => format!("{}…", words[..cut].trim_end()),
        None => words,
    }
}

fn merge_into(into: &mut SourceDef, def: SourceDef, texts: &HashMap<String, &str>, findings: &mut Vec<Finding>) {
    use super::actors::field;
    let mut conflicts = Vec::new();
    let c = &mut conflicts;
    into.title_failed |= def.title_failed;
    field(&mut into.title, def.title, "title", c, String::clone);
    field(&mut into.url, def.url, "url", c, |u| u.to_string());
    field(&mut into.publisher, def.publisher, "publisher", c, String::clone);
    field(&mut into.author, def.author, "author", c, String::clone);
    field(&mut into.published, def.published, "published", c, DateExpr::iso);
    field(&mut into.accessed, def.accessed, "accessed", c, PartialDate::iso);
    field(&mut into.archive_url, def.archive_url, "archive_url", c, |u| u.to_string());
    field(&mut into.kind, def.kind, "kind", c, |k| k.name().to_string());
    field(&mut into.reliability, def.reliability, "reliability", c, |r| r.letter().to_string());
    field(&mut into.notes, def.notes, "notes", c, |n| opening(n));
    if into.url_at.is_none() && into.url.is_some() {
        into.url_at = def.url_at;
    }
    if !conflicts.is_empty() {
        let src = texts.get(&def.file).copied().unwrap_or("");
        let (line, column) = def.at.line_col();
        findings.push(
            Finding::error(
                &def.file,
                "source-conflict",
                format!(
                    "source `{}` is defined differently here and at {}:{} ({})",
                    into.id,
                    into.file,
                    into.at.line_col().0,
                    conflicts.join("; ")
                ),
            )
            .at(src, line, column)
            .hint(
                "define the source once (a profile in content/sources/ is the usual place) and cite it by id elsewhere",
            ),
        );
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
    }
}

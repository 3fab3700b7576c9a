//! Editorial lints: warnings about things that are valid but probably not meant. A paragraph
//! written twice, an actor annotated but never named in the text (or named but not
//! annotated), an alias that is a common word (it will be found where it means something
//! else), an alias shared by two actors.

use super::mentions::Ambiguity;
use super::scan::BodyScan;
use super::{Actor, Briefing, Site};
use crate::diag::{line_col, Finding};
use crate::load::raw::{RawActorRef, RawBriefing};
use crate::load::Document;
use std::collections::HashMap;
use xxhash_rust::xxh3::Xxh3DefaultBuilder;

/// Common English words; an alias that is one of them (`May`, `Will`) matches everywhere.
const COMMON_WORDS: &str = include_str!("common_words.txt");

/// Paragraphs shorter than this many characters may repeat ("Read more.") without a warning.
const MIN_DUPLICATE: usize = 40;

/// Where each line of each file starts, made once for the alias lints: a file defining 100,000
/// actors would otherwise be counted line by line from its start once per alias found.
struct Lines<'t> {
    texts: &'t HashMap<String, &'t str>,
    starts: HashMap<&'t str, Vec<usize>>,
}

impl<'t> Lines<'t> {
    fn new(texts: &'t HashMap<String, &'t str>) -> Self {
        Lines { texts, starts: HashMap::new() }
    }

    /// The file's text, the line and column where `alias` is written in an actor's definition
    /// (searching from the line the definition starts on), or that line.
    fn alias_at(&mut self, a: &Actor, alias: &str) -> (&'t str, usize, usize) {
        let text: &'t str = self.texts.get(&a.origin.file).copied().unwrap_or("");
        let starts = self
            .starts
            .entry(text)
            .or_insert_with(|| std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect());
        let from = a.origin.line.saturating_sub(1);
        let lines = starts.get(from).map_or("", |&s| &text[s..]).lines();
        let aliases = lines.clone().position(|l| l.contains("aliases")).unwrap_or(0);
        for (i, line) in lines.enumerate().skip(aliases) {
            if let Some(c) = line.find(alias) {
                return (text, from + i + 1, line[..c].chars().count() + 1);
            }
        }
        (text, a.origin.line, 1)
    }
}

/// `ambiguous-alias` and `common-word-alias`, placed at the alias in the actor's definition.
pub(super) fn actor_names(site: &Site, ambiguous: &[Ambiguity], texts: &HashMap<String, &str>, out: &mut Vec<Finding>) {
    let mut lines = Lines::new(texts);
    for amb in ambiguous {
        let ids: Vec<String> = amb.actors.iter().map(|&a| format!("`{}`", site.actors[a].id)).collect();
        for &ai in &amb.actors {
            let a = &site.actors[ai];
            let (text, line, col) = lines.alias_at(a, &amb.alias);
            out.push(
                Finding::warning(
                    &a.origin.file,
                    "ambiguous-alias",
                    format!("`{}` names more than one actor ({}); it is never linked", amb.alias, ids.join(", ")),
                )
                .at(text, line, col)
                .hint("keep the alias on one actor only, or use a longer, distinct one"),
            );
        }
    }
    let common: std::collections::HashSet<&str> = COMMON_WORDS.split_whitespace().collect();
    for a in &site.actors {
        for alias in &a.aliases {
            let w = alias.trim().to_lowercase();
            if common.contains(w.as_str()) {
                let (text, line, col) = lines.alias_at(a, alias.trim());
                out.push(
                    Finding::warning(
                        &a.origin.file,
                        "common-word-alias",
                        format!(
                            "alias `{}` of `{}` is a common word; it will be read as a mention wherever it appears",
                            alias.trim(),
                            a.id
                        ),
                    )
                    .at(text, line, col)
                    .hint("use a longer alias (a full name or title)"),
                );
            }
        }
    }
}

/// Line and column in the file of position `pos` of the plain text.
fn body_pos(doc: &Document, scan: &BodyScan, pos: usize) -> (usize, usize) {
    let body = doc.body();
    let i = scan.pieces.partition_point(|p| p.range.end <= pos);
    let off = match scan.pieces.get(i) {
        Some(p) if body.get(p.src..).is_some_and(|b| b.starts_with(&scan.plain[p.range.clone()])) => {
            p.src + pos.saturating_sub(p.range.start)
        }
        Some(p) => p.src,
        None => 0,
    };
    line_col(&doc.text, doc.body_offset + off)
}

/// `unannotated-mention` for actors named but not annotated, `unmentioned-actor` for actors
/// listed in `actors:` but never named. `mentioned` is (actor, plain position), position
/// `usize::MAX` for an `[[@id]]` link.
pub(super) fn mention_lints(
    b: &Briefing,
    doc: &Document,
    rb: &RawBriefing,
    scan: &BodyScan,
    mentioned: &[(usize, usize)],
    actors: &[Actor],
    by_id: &HashMap<String, usize>,
) -> Vec<Finding> {
    let mut out = Vec::new();
    // What failed to read (and was reported) leaves these lints unsure: an actor missing from
    // a broken `actors:` list, a quote or an event may well be annotated as meant.
    let loc = &doc.loc;
    let annotations_failed = ["actors", "quotes", "events"].iter().any(|p| loc.failed_within(p));
    let actors_failed = loc.failed_within("actors");
    // Sets, not `contains` on the lists: a briefing may annotate and name 100,000 actors.
    let annotated: std::collections::HashSet<usize, xxhash_rust::xxh3::Xxh3DefaultBuilder> =
        b.actors.iter().copied().collect();
    let named: std::collections::HashSet<usize, xxhash_rust::xxh3::Xxh3DefaultBuilder> =
        mentioned.iter().map(|m| m.0).collect();
    for &(a, pos) in mentioned.iter().filter(|(a, _)| !annotations_failed && !annotated.contains(a)) {
        let actor = &actors[a];
        let (line, col) = if pos == usize::MAX {
            let names = |l: &&super::scan::BodyLink| {
                l.dest.strip_prefix('@').and_then(|d| d.split('#').next()).is_some_and(|id| id.trim() == actor.id)
            };
            let link = scan.links.iter().find(names);
            line_col(&doc.text, doc.body_offset + link.map_or(0, |l| l.offset))
        } else {
            body_pos(doc, scan, pos)
        };
        out.push(
            Finding::warning(
                &doc.file,
                "unannotated-mention",
                format!("{} (`{}`) is mentioned but not annotated", actor.name, actor.id),
            )
            .at(&doc.text, line, col)
            .hint(format!("add `- {}` to this briefing's `actors:`", actor.id)),
        );
    }
    for (i, r) in rb.actors.iter().flatten().enumerate().filter(|_| !actors_failed) {
        let id = match r {
            RawActorRef::Id(id) => Some(id.trim().to_string()),
            RawActorRef::Def(d) => super::actors::inline_id(d.id.as_deref(), d.name.as_deref()),
        };
        let Some(&a) = id.and_then(|id| by_id.get(&id)) else { continue };
        if named.contains(&a) || actors[a].names_failed {
            continue;
        }
        let (line, col) = doc.loc.value(&format!("actors[{i}]"));
        let actor = &actors[a];
        out.push(
            Finding::warning(
                &doc.file,
                "unmentioned-actor",
                format!("{} (`{}`) is annotated but never named in the text", actor.name, actor.id),
            )
            .at(&doc.text, line, col)
            .hint("add the name as written in the text to the actor's `aliases`, or remove the annotation"),
        );
    }
    out
}

/// `duplicate-paragraph`: a paragraph whose text appears earlier in the same briefing.
pub(super) fn duplicate_paragraphs(doc: &Document, scan: &BodyScan) -> Vec<Finding> {
    // Paragraph offsets, not lines: a line is counted only for a paragraph that repeats, so a
    // long briefing does not count its lines from the start once per paragraph.
    let mut first: HashMap<&str, usize, Xxh3DefaultBuilder> = HashMap::default();
    let mut out = Vec::new();
    for p in &scan.paragraphs {
        // Line breaks inside a paragraph are spaces in `plain`, so equal text compares equal.
        let text = scan.plain[p.range.clone()].trim();
        if text.chars().count() < MIN_DUPLICATE {
            continue;
        }
        match first.get(text) {
            Some(&earlier) => {
                let (line, col) = line_col(&doc.text, doc.body_offset + p.offset);
                let (earlier, _) = line_col(&doc.text, doc.body_offset + earlier);
                out.push(
                    Finding::warning(
                        &doc.file,
                        "duplicate-paragraph",
                        format!("this paragraph repeats the one at line {earlier}"),
                    )
                    .at(&doc.text, line, col)
                    .hint("delete one of the two copies"),
                )
            }
            None => {
                first.insert(text, p.offset);
            }
        }
    }
    out
}

//! Actor mentions: where briefing bodies name an actor, by name or alias.
//!
//! One Aho–Corasick automaton over every name and alias of every actor is built once per site
//! and run once over each body's prose, so finding mentions is linear in the text whatever the
//! number of actors. A match counts only on whole-word boundaries (Unicode-aware: letters of
//! any script and combining marks are word characters), and where matches overlap the longest
//! wins ("Kim Jong Un" is not read as "Kim"). A string that names two actors is ambiguous: it
//! still blocks shorter matches inside it, but is never a mention.

use super::scan::BodyScan;
use super::Actor;
use aho_corasick::{AhoCorasick, MatchKind};
use std::collections::HashMap;
use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use unicode_normalization::UnicodeNormalization;

/// A name or alias given to more than one actor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ambiguity {
    pub alias: String,
    pub actors: Vec<usize>,
}

/// A mention found in a body: the actor and its range in `BodyScan::plain`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub actor: usize,
    pub range: Range<usize>,
    /// Outside links, headings and inline HTML: may become a link.
    pub linkable: bool,
}

/// The automaton over all actors' names and aliases, built once per site.
pub struct MentionIndex {
    ac: Option<AhoCorasick>,
    /// The strings looked for.
    patterns: Vec<String>,
    /// The actor each pattern names; `None` when the pattern is ambiguous.
    owners: Vec<Option<usize>>,
    pub ambiguous: Vec<Ambiguity>,
}

/// The spellings a name is looked for in: as written, composed and decomposed (so `Zoë` is
/// found however the file encodes it), with straight and typographic apostrophes (smart
/// punctuation turns `'` into `’` in the body).
fn variants(name: &str) -> Vec<String> {
    let mut out: Vec<String> = vec![name.to_string(), name.nfc().collect(), name.nfd().collect()];
    for v in out.clone() {
        if v.contains('\'') {
            out.push(v.replace('\'', "’"));
        }
        if v.contains('’') {
            out.push(v.replace('’', "'"));
        }
    }
    out.sort();
    out.dedup();
    out
}

impl MentionIndex {
    pub fn new(actors: &[Actor]) -> Self {
        let mut owners_of: BTreeMap<String, BTreeSet<usize>> = BTreeMap::new();
        let mut shown: BTreeMap<String, String> = BTreeMap::new();
        for (ai, a) in actors.iter().enumerate() {
            for name in std::iter::once(&a.name).chain(&a.aliases) {
                let name = name.trim();
                if name.chars().all(|c| !c.is_alphanumeric()) {
                    continue;
                }
                let key: String = name.nfc().collect();
                owners_of.entry(key.clone()).or_default().insert(ai);
                shown.entry(key).or_insert_with(|| name.to_string());
            }
        }
        let mut patterns: Vec<String> = Vec::new();
        let mut owners = Vec::new();
        let mut ambiguous = Vec::new();
        for (key, set) in &owners_of {
            let owner = (set.len() == 1).then(|| set.iter().next().copied()).flatten();
            if owner.is_none() {
                let alias = shown.get(key).cloned().unwrap_or_else(|| key.clone());
                ambiguous.push(Ambiguity { alias, actors: set.iter().copied().collect() });
            }
            for v in variants(key) {
                patterns.push(v);
                owners.push(owner);
            }
        }
        // Standard semantics so that overlapping matches can all be seen and the longest
        // chosen after the word-boundary check (leftmost-longest would drop a shorter valid
        // match when the longest one fails the check).
        // A DFA (built once, some megabytes for thousands of actors) searches every body
        // faster than the default NFA; the NFA remains if the DFA cannot be built.
        let build = |kind| AhoCorasick::builder().match_kind(MatchKind::Standard).kind(kind).build(&patterns);
        let ac = build(Some(aho_corasick::AhoCorasickKind::DFA)).or_else(|_| build(None)).ok();
        MentionIndex { ac, patterns, owners, ambiguous }
    }

    /// What each string looked for means: the id of the actor it names, or `None` when it is
    /// ambiguous, once per time it is looked for (two spellings of a name can both give the
    /// same string). `None` altogether when no automaton could be built (nothing is found then).
    pub fn meanings<'a>(&'a self, actors: &'a [Actor]) -> Option<Meanings<'a>> {
        self.ac.as_ref()?;
        let mut out: Meanings = HashMap::with_capacity(self.patterns.len());
        for (p, o) in self.patterns.iter().zip(&self.owners) {
            out.entry(p.as_str()).or_default().push(o.map(|a| actors[a].id.as_str()));
        }
        Some(out)
    }

    /// Every mention in a body's prose (never in code), in document order.
    pub fn find(&self, scan: &BodyScan) -> Vec<Found> {
        let Some(ac) = &self.ac else { return Vec::new() };
        let mut out = Vec::new();
        let mut i = 0;
        let pieces = &scan.pieces;
        while i < pieces.len() {
            let run = pieces[i].run;
            let mut j = i;
            while j + 1 < pieces.len() && pieces[j + 1].run == run {
                j += 1;
            }
            let ctx = pieces[i].ctx;
            if !ctx.code {
                let range = pieces[i].range.start..pieces[j].range.end;
                self.find_in(ac, &scan.plain, range, !ctx.unlinkable, &mut out);
            }
            i = j + 1;
        }
        out
    }

    fn find_in(&self, ac: &AhoCorasick, plain: &str, run: Range<usize>, linkable: bool, out: &mut Vec<Found>) {
        let hay = &plain[run.clone()];
        let mut hits: Vec<(usize, usize, usize)> = ac
            .find_overlapping_iter(hay)
            .map(|m| (run.start + m.start(), run.start + m.end(), m.pattern().as_usize()))
            .filter(|&(s, e, _)| on_boundaries(plain, s, e))
            .collect();
        hits.sort_by_key(|&(s, e, _)| (s, std::cmp::Reverse(e)));
        let mut end = 0;
        for (s, e, p) in hits {
            if s < end {
                continue;
            }
            end = e;
            if let Some(actor) = self.owners[p] {
                out.push(Found { actor, range: s..e, linkable });
            }
        }
    }
}

/// Each string looked for and what it means (see `MentionIndex::meanings`).
pub type Meanings<'a> = HashMap<&'a str, Vec<Option<&'a str>>>;

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || unicode_normalization::char::is_combining_mark(c)
}

/// Whether `s..e` of `text` is a whole word (or words): no word character just outside it.
fn on_boundaries(text: &str, s: usize, e: usize) -> bool {
    let m = &text[s..e];
    let before = text[..s].chars().next_back().is_none_or(|c| !is_word(c)) || !m.starts_with(is_word);
    let after = text[e..].chars().next().is_none_or(|c| !is_word(c)) || !m.ends_with(is_word);
    before && after
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::scan::scan;
    use crate::model::slug::Slug;
    use crate::model::{ActorKind, Origin};

    fn actor(id: &str, name: &str, aliases: &[&str]) -> Actor {
        Actor {
            aliases: aliases.iter().map(|s| s.to_string()).collect(),
            ..Actor::new(
                Slug::of(id).expect("a slug"),
                name.into(),
                ActorKind::Person,
                Origin { file: "x".into(), line: 1 },
            )
        }
    }

    fn names(body: &str, actors: &[Actor]) -> Vec<(String, usize)> {
        let s = scan(body);
        let idx = MentionIndex::new(actors);
        idx.find(&s).into_iter().map(|f| (s.plain[f.range].to_string(), f.actor)).collect()
    }

    #[test]
    fn longest_match_wins_and_words_are_whole() {
        let a = [actor("kju", "Kim Jong Un", &["Kim"]), actor("k", "Korea", &[])];
        let got = names("Kim Jong Un met Kim. Kimchi and Koreans, not Korea's.", &a);
        assert_eq!(got, [("Kim Jong Un".into(), 0), ("Kim".into(), 0), ("Korea".into(), 1)]);
    }

    #[test]
    fn unicode_names_and_aliases() {
        let a = [
            actor("d", "Antonín Dvořák", &["Dvořák"]),
            actor("z", "Zoë Baird", &["Zoë"]),
            actor("k", "Kim", &["김정은"]),
        ];
        let got = names("Dvořák wrote; Zoe\u{308} read; 김정은 spoke; 김정은은 not.", &a);
        let ids: Vec<usize> = got.iter().map(|g| g.1).collect();
        assert_eq!(ids, [0, 1, 2]);
    }

    #[test]
    fn ambiguous_aliases_are_reported_and_not_mentions() {
        let a = [actor("a", "Kim Jong Un", &["Kim"]), actor("b", "Kim Yo Jong", &["Kim"])];
        let idx = MentionIndex::new(&a);
        assert_eq!(idx.ambiguous, [Ambiguity { alias: "Kim".into(), actors: vec![0, 1] }]);
        assert_eq!(names("Kim spoke to Kim Yo Jong.", &a), [("Kim Yo Jong".into(), 1)]);
    }

    #[test]
    fn code_is_never_a_mention_and_links_are_not_linkable() {
        let a = [actor("p", "Putin", &[])];
        let s = scan("`Putin` and [Putin](x) and Putin");
        let found = MentionIndex::new(&a).find(&s);
        assert_eq!(found.iter().map(|f| f.linkable).collect::<Vec<_>>(), [false, true]);
    }
}

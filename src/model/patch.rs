//! Body edits without rebuilding the model. When an author saves a briefing whose front matter
//! did not change, only what the model learns from that body can differ: its headings, links,
//! mentions, quote passages and text findings. `body_edit` recomputes exactly those for the
//! one briefing and accepts the edit only if nothing that *other* pages read from it changed
//! (headings other briefings may link to, the briefings it links to, the actors it names,
//! whether each quote was found). Anything else is refused, and the caller rebuilds the site.
//!
//! The findings the edit removes are found by analysing the previous text the same way, so the
//! site's list of findings stays what a full build would report, without keeping per-briefing
//! bookkeeping.

use super::body;
use super::links;
use super::mentions::MentionIndex;
use super::scan::scan;
use super::{Briefing, Site};
use crate::diag::Finding;
use crate::load::{Document, Front};

/// What a body-only edit changes in the model.
#[derive(Debug)]
pub struct BodyEdit {
    /// Index of the briefing in `Site::briefings`.
    pub index: usize,
    /// The briefing with its new text, quote passages and mention links.
    pub briefing: Briefing,
    /// Findings of the previous body, to remove from the site's findings.
    pub stale: Vec<Finding>,
    /// Findings of the new body, to add.
    pub fresh: Vec<Finding>,
}

/// The mention automaton of a site, built once and reused for every edit while the actors
/// stay the same.
pub struct Mentions(MentionIndex);

impl std::fmt::Debug for Mentions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Mentions")
    }
}

impl Mentions {
    pub fn new(site: &Site) -> Mentions {
        Mentions(MentionIndex::new(&site.actors))
    }
}

/// The model change of replacing `old` with `new`, two versions of the file of a briefing of
/// `site`; `None` when the edit reaches beyond the briefing's own page (or is not a body-only
/// edit at all) and the site must be rebuilt.
pub fn body_edit(site: &Site, mentions: &Mentions, old: &Document, new: &Document) -> Option<BodyEdit> {
    let (Front::Briefing(old_raw), Front::Briefing(new_raw)) = (&old.front, &new.front) else { return None };
    if old.file != new.file || old.text.get(..old.body_offset)? != new.text.get(..new.body_offset)? {
        return None;
    }
    let &bi = site.briefing_by_file.get(&new.file)?;
    let b = &site.briefings[bi];
    if !std::sync::Arc::ptr_eq(&b.text, &old.text) && *b.text != *old.text {
        return None; // the model was not built from `old`
    }
    // Findings about aliases defined in this file are placed by searching its text.
    if site.actors.iter().any(|a| a.origin.file == new.file) {
        return None;
    }
    let (old_scan, new_scan) = (scan(old.body()), scan(new.body()));
    if new_scan.headings != b.headings {
        return None;
    }
    let mut fresh = Vec::new();
    if links::links_of(site, bi, new, &new_scan.links, &mut fresh) != b.links {
        return None;
    }
    let facts = body::fresh(site, &mentions.0, bi, &new_scan, (new, new_raw));
    let found = |p: &Vec<super::TextSpan>| !p.is_empty();
    if facts.mentioned != b.mentioned
        || !facts.passages.iter().map(found).eq(b.quotes.iter().map(|q| found(&q.passage)))
    {
        return None;
    }
    fresh.extend(facts.findings);
    let mut stale = Vec::new();
    links::links_of(site, bi, old, &old_scan.links, &mut stale);
    stale.extend(body::fresh(site, &mentions.0, bi, &old_scan, (old, old_raw)).findings);

    let mut briefing = b.clone();
    briefing.text = std::sync::Arc::clone(&new.text);
    for (q, p) in briefing.quotes.iter_mut().zip(facts.passages) {
        q.passage = p;
    }
    briefing.mention_links = facts.links;
    Some(BodyEdit { index: bi, briefing, stale, fresh })
}

//! The quick path for the most common save: an edit of a briefing's body that leaves its front
//! matter as it was. Only what the model learns from that body can differ then: its headings,
//! links, mentions, quote passages and text findings. `edit` recomputes exactly those for the
//! one briefing and accepts the edit only if nothing that *other* pages read from it changed
//! (headings other briefings may link to, the briefings it links to, the actors it names,
//! whether each quote was found); then only the briefing's page, the search index and the
//! feeds that summarise its body can change. Anything else is refused, and the site is rebuilt.
//!
//! The findings the edit removes are found by analysing the previous text the same way, so the
//! site's list of findings stays what a full build would report, without keeping per-briefing
//! bookkeeping.

use super::{Outcome, Output, Rebuild};
use crate::diag::Finding;
use crate::load::raw::RawBriefing;
use crate::load::{self, Document, Front};
use crate::model::body;
use crate::model::figures;
use crate::model::links;
use crate::model::mentions::MentionIndex;
use crate::model::scan::{scan, BodyScan};
use crate::model::{Briefing, Site, TextSpan};
use crate::pipeline::Laps;
use crate::render::{self, feed, layout, pages::Planned, search, OutFile, Sink};
use anyhow::{bail, Result};
use rayon::prelude::*;
use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::Arc;

/// What a body-only edit changes in the model.
#[derive(Debug)]
struct BodyEdit {
    /// Index of the briefing in `Site::briefings`.
    pub index: usize,
    /// The briefing with its new text, quote passages and mention links.
    pub briefing: Briefing,
    /// Findings of the previous body, to remove from the site's findings.
    pub stale: Vec<Finding>,
    /// Findings of the new body, to add.
    pub fresh: Vec<Finding>,
}

/// The mention automaton of a site, built on the first edit and reused for every edit while
/// the actors stay the same.
pub(super) struct Mentions(MentionIndex);

impl std::fmt::Debug for Mentions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Mentions")
    }
}

impl Mentions {
    fn new(site: &Site) -> Mentions {
        Mentions(MentionIndex::new(&site.actors))
    }
}

/// The model change of replacing `old` with `new`, two versions of the file of a briefing of
/// `site`; `None` when the edit reaches beyond the briefing's own page (or is not a body-only
/// edit at all) and the site must be rebuilt.
fn edit(site: &Site, mentions: &Mentions, old: &Document, new: &Document) -> Option<BodyEdit> {
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
    // The files it publishes are copied by the writer: another set of them takes a full build.
    let attachments = figures::attach(&site.files, &file_refs(new, new_raw, &new_scan), &mut fresh);
    if attachments.files != b.attachments.files {
        return None;
    }
    // Citations in the text number the Sources section and reach the sources' pages.
    if crate::model::citations::notes_of(&new_scan.cites, &site.source_by_id) != b.notes {
        return None;
    }
    let facts = body::fresh(site, &mentions.0, bi, &new_scan, (new, new_raw));
    let found = |p: &Vec<TextSpan>| !p.is_empty();
    // A quote's cards (on other pages too) show its paragraphs as the body breaks them.
    let same_parts = facts.pieces.len() == b.quotes.len()
        && facts.pieces.iter().zip(&b.quotes).all(|((t, tr), q)| *t == q.pieces && *tr == q.translation_pieces);
    if facts.mentioned != b.mentioned
        || !facts.passages.iter().map(found).eq(b.quotes.iter().map(|q| found(&q.passage)))
        || !same_parts
    {
        return None;
    }
    fresh.extend(facts.findings);
    let mut stale = Vec::new();
    links::links_of(site, bi, old, &old_scan.links, &mut stale);
    figures::attach(&site.files, &file_refs(old, old_raw, &old_scan), &mut stale);
    stale.extend(body::fresh(site, &mentions.0, bi, &old_scan, (old, old_raw)).findings);

    let mut briefing = b.clone();
    briefing.text = std::sync::Arc::clone(&new.text);
    for (q, p) in briefing.quotes.iter_mut().zip(facts.passages) {
        q.passage = p;
    }
    briefing.mention_links = facts.links;
    briefing.digest = new.digest;
    briefing.words = new_scan.words;
    briefing.refs = links::refs_of(site, &new.file, &new_scan.links);
    briefing.attachments = attachments;
    Some(BodyEdit { index: bi, briefing, stale, fresh })
}

/// What the file `doc`, whose front matter is `raw` and body scanned to `scan`, refers to.
fn file_refs<'a>(doc: &'a Document, raw: &'a RawBriefing, scan: &'a BodyScan) -> figures::Refs<'a> {
    let image = raw.image.as_deref().map(|i| (i, doc.loc.value("image")));
    figures::Refs { doc, images: &scan.images, links: &scan.links, image }
}

/// Rebuild after a save of `changed` if every file is a briefing whose body alone changed and
/// the edit stays on its page; `Ok(None)` when the quick path does not apply (nothing is
/// changed then, and the caller rebuilds the site). The files made again go to `sink`.
pub(super) fn body_edit(r: &mut Rebuild, changed: &[PathBuf], sink: &Sink) -> Result<Option<Outcome>> {
    let mut laps = Laps::start();
    let Some(last) = r.last.as_mut() else { return Ok(None) };
    let content = r.opts.root.join("content");
    let mut reads: Vec<(PathBuf, Document, Document, Vec<Finding>)> = Vec::new();
    for path in changed {
        let Some(Ok((old, old_found))) = r.docs.entry(path) else { return Ok(None) };
        // A file that became a link may lead out of the site: the full path's walk checks it.
        if path.is_symlink() {
            return Ok(None);
        }
        let Ok((new, found)) = load::read_document(&r.opts.root, &content, path) else { return Ok(None) };
        if found != *old_found {
            return Ok(None);
        }
        reads.push((path.clone(), old.clone(), new, found));
    }
    // Each edit is checked against the site as built: a body edit that passes changes nothing
    // another briefing's analysis reads, so the edits are independent.
    let mentions = last.mentions.get_or_insert_with(|| Mentions::new(&last.site));
    let mut edits = Vec::with_capacity(reads.len());
    for (_, old, new, _) in &reads {
        let Some(e) = edit(&last.site, mentions, old, new) else { return Ok(None) };
        edits.push(e);
    }
    laps.lap("model");
    // Every edit is accepted: from here on the state moves to the new files.
    for (path, _, new, found) in reads {
        r.docs.insert(path, Ok((new, found)));
    }
    let site = Arc::make_mut(&mut last.site);
    let mut findings = std::mem::take(&mut last.findings);
    let mut edited = Vec::with_capacity(edits.len());
    for e in edits {
        findings.items.retain(|f| !e.stale.contains(f));
        findings.extend(e.fresh);
        site.briefings[e.index] = e.briefing;
        edited.push(e.index);
    }
    findings.sort();
    let (site, plan, theme) = (&*last.site, &last.plan, &last.theme);
    let paths: Vec<String> = edited.iter().map(|&bi| layout::briefing(&site.briefings[bi].slug)).collect();
    let pages: Vec<&Planned> = plan.pages.iter().filter(|p| paths.contains(&p.path)).collect();
    let mut files = Vec::with_capacity(pages.len() + 8);
    for p in &pages {
        match render::page(site, theme, plan, p) {
            Ok(f) => files.push(f),
            Err(f) => findings.push(f),
        }
    }
    if findings.has_errors() {
        // Later pages must come from a full build, which also reports these errors.
        super::forget(r.last.take());
        let n = edited.len();
        return Ok(Some(Outcome {
            findings,
            output: None,
            timings: laps.timings,
            quick: true,
            scanned: n,
            searched: n,
        }));
    }
    // The search index: the chunks of the edited briefings made again, and the shards their
    // words reach. A body whose words open a new shard (or close one) changes the index's
    // layout, and the index is assembled again from its chunks.
    let mut whole = false;
    for &bi in &edited {
        let (c, key, chunk) = search::chunk_of(site, &plan.lists, bi);
        r.chunks.insert(key, Arc::clone(&chunk));
        match last.search.replace(c, key, Arc::clone(&chunk)) {
            Some(changed) => files.extend(changed),
            None => {
                let mut chunks = last.search.chunks().to_vec();
                chunks[c] = (key, chunk);
                last.search = search::Index::new(&site.config.language, chunks);
                whole = true;
            }
        }
    }
    if whole {
        files.retain(|f| !search::is_index_file(&f.path));
        files.extend(last.search.files());
        last.paths.retain(|p| !search::is_index_file(p));
        last.paths.extend(last.search.paths().map(str::to_string));
        last.paths.sort();
    }
    // The feeds whose entries summarise an edited body (those without a `summary`).
    let feed_keys = render::feed_keys(site, plan);
    let stale: HashSet<usize> =
        (0..plan.feeds.len()).filter(|&i| r.pages.get(&plan.feeds[i].path) != Some(&feed_keys[i])).collect();
    files.extend(feed::render(site, &plan.feeds, &|i| stale.contains(&i)));
    laps.lap("render");
    for p in &pages {
        r.pages.insert(p.file(), render::key(site, theme, plan, p));
    }
    for i in stale {
        r.pages.insert(plan.feeds[i].path.clone(), feed_keys[i]);
    }
    last.findings = findings.clone();
    let output = Output {
        rendered: pages.len(),
        whole: false,
        paths: last.paths.clone(),
        pages: plan.pages.len(),
        statics: last.statics.clone(),
    };
    let n = edited.len();
    if r.verify {
        verify(r, &files)?;
    }
    for f in files {
        sink(f);
    }
    Ok(Some(Outcome { findings, output: Some(output), timings: laps.timings, quick: true, scanned: n, searched: n }))
}

/// With `verify`: the quick path must have rendered every page whose key changed, and every
/// other page must render the bytes it had.
fn verify(r: &mut Rebuild, files: &[OutFile]) -> Result<()> {
    let Some(last) = r.last.as_ref() else { return Ok(()) };
    let (site, plan, theme) = (&*last.site, &last.plan, &last.theme);
    let rendered: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
    let all: Vec<(String, render::key::Key, Option<OutFile>)> = plan
        .pages
        .par_iter()
        .map(|p| (p.file(), render::key(site, theme, plan, p), render::page(site, theme, plan, p).ok()))
        .collect();
    let feeds = plan.feeds.iter().zip(render::feed_keys(site, plan));
    let every = feed::render(site, &plan.feeds, &|_| true);
    let all = all.into_iter().chain(feeds.zip(every).map(|((f, key), made)| (f.path.clone(), key, Some(made))));
    for (file, key, made) in &all.collect::<Vec<_>>() {
        if r.pages.get(file) != Some(key) {
            bail!("the quick path left `{file}` as it was, but its key changed");
        }
        let before = r.files.get(file);
        if let (Some(before), Some(made), false) = (before, made, rendered.contains(&file.as_str())) {
            if before.as_slice() != made.bytes.as_slice() {
                bail!("stale page `{file}`: its key did not change but its bytes did (a page model misses an input)");
            }
        }
    }
    // The search index must be what a full render makes.
    let index = search::index(site, &plan.lists, None);
    if !index.files().eq(last.search.files()) {
        bail!("the quick path's search index differs from a full one");
    }
    for f in files.iter().filter(|f| r.pages.contains_key(&f.path)) {
        r.files.insert(f.path.clone(), Arc::clone(&f.bytes));
    }
    Ok(())
}

//! What the model learns from briefing bodies once every actor and briefing is known: quotes
//! checked against the text, actor mentions (who is named, which mentions become links), and
//! the editorial lints that need the text. Each body is analysed independently (in parallel)
//! against one mention automaton built for the whole site.

use super::lints;
use super::mentions::{Found, MentionIndex};
use super::quotes::{self, Haystack, Piece};
use super::scan::{scan, BodyCite, BodyLink, BodyRisk, BodyScan, Heading, RiskKind};
use super::url::Use;
use super::{Briefing, Mention, Site, TextSpan};
use crate::config::MentionLinks;
use crate::diag::{line_col, Finding};
use crate::load::raw::RawBriefing;
use crate::load::Document;
use rayon::prelude::*;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

/// What one body yields.
pub(crate) struct Facts {
    /// Where each quote stands in the body (empty: not found).
    pub passages: Vec<Vec<TextSpan>>,
    /// Each quote's parts, and its translation's, as the body shows them.
    pub pieces: Vec<Shown>,
    pub mentioned: Vec<usize>,
    pub links: Vec<Mention>,
    pub findings: Vec<Finding>,
}

/// What the model keeps of one body once it is analysed: its headings and links (resolved when
/// every briefing's headings are known) and the facts of `one`.
pub(super) struct Scanned {
    pub headings: Vec<Heading>,
    pub words: usize,
    pub links: Vec<BodyLink>,
    pub images: Vec<BodyLink>,
    pub cites: Vec<BodyCite>,
    pub facts: Facts,
}

/// A quote's parts and its translation's (see `quotes::Piece`).
pub(crate) type Shown = (Vec<Piece>, Vec<Piece>);

/// How the model gets the work it does on each body: its scan and the checks of its quotes and
/// paragraphs (`Checked`, a function of the file and its quotes alone, by `body_key`), and the
/// mentions found in it (a function of the scan and of the names every actor goes by). `Fresh`
/// does the work every time; a caller that keeps results from one build to the next provides
/// its own, which must give what `Fresh` would.
pub trait BodyWork: Sync {
    /// The scan and checks of the body whose key is `key`; `make` does the work.
    fn checked(&self, key: u128, make: &dyn Fn() -> Arc<Checked>) -> Arc<Checked>;
    /// The mentions `index` finds in the body whose key is `key` and scan is `scan`, in `site`
    /// (its actors are known); `search` searches it.
    fn found(
        &self,
        key: u128,
        scan: &BodyScan,
        index: &MentionIndex,
        site: &Site,
        search: &dyn Fn() -> Arc<[Found]>,
    ) -> Arc<[Found]>;
}

/// Every body's work done afresh (a build, `check`).
pub struct Fresh;

impl BodyWork for Fresh {
    fn checked(&self, _: u128, make: &dyn Fn() -> Arc<Checked>) -> Arc<Checked> {
        make()
    }

    fn found(
        &self,
        _: u128,
        _: &BodyScan,
        _: &MentionIndex,
        _: &Site,
        search: &dyn Fn() -> Arc<[Found]>,
    ) -> Arc<[Found]> {
        search()
    }
}

/// Scan and analyse every body, in parallel. Each full scan (the body's text, pieces and
/// paragraphs) is dropped as soon as its body is analysed unless `work` keeps it, so a build
/// holds only a few at once.
pub(super) fn scan_all(
    site: &Site,
    index: &MentionIndex,
    raw: &[(&Document, &RawBriefing)],
    work: &dyn BodyWork,
) -> Vec<Scanned> {
    (0..site.briefings.len())
        .into_par_iter()
        .map(|bi| {
            let b = &site.briefings[bi];
            let key = body_key(raw[bi].0, b);
            let c = work.checked(key, &|| {
                let s = scan(b.body());
                let check = check(b, &s, raw[bi].0);
                Arc::new(Checked { scan: s, check })
            });
            let found = work.found(key, &c.scan, index, site, &|| index.find(&c.scan).into());
            Scanned {
                headings: c.scan.headings.clone(),
                words: c.scan.words,
                links: c.scan.links.clone(),
                images: c.scan.images.clone(),
                cites: c.scan.cites.clone(),
                facts: one(site, &found, bi, &c.scan, raw[bi], &c.check),
            }
        })
        .collect()
}

/// A body's scan, and the checks of its quotes and paragraphs.
#[derive(Debug)]
pub struct Checked {
    pub scan: BodyScan,
    check: Check,
}

/// The key of a body's work: its file and text, and the quotes the model kept of it (a quote
/// by an unknown actor is left out, which depends on the actors).
fn body_key(doc: &Document, b: &Briefing) -> u128 {
    use std::hash::Hash;
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    (&doc.file, doc.digest).hash(&mut h);
    for q in &b.quotes {
        (&q.text, &q.text_at, &q.translation).hash(&mut h);
    }
    h.digest128()
}

/// What a body says about its own quotes and paragraphs.
#[derive(Debug)]
struct Check {
    /// Where each quote stands in the body (empty: not found), and its ranges of the scan.
    passages: Vec<Vec<TextSpan>>,
    ranges: Vec<Range<usize>>,
    pieces: Vec<Shown>,
    /// Quotes not found.
    quotes: Vec<Finding>,
    /// Paragraphs written twice.
    paragraphs: Vec<Finding>,
    /// Refused URLs and raw HTML that can run script.
    risks: Vec<Finding>,
}

/// Look up the quotes of briefing `b` in its body, and find repeated paragraphs.
fn check(b: &Briefing, scan: &BodyScan, doc: &Document) -> Check {
    let mut quotes = Vec::new();
    // Folding the body costs a pass over it: only when there are quotes to look for.
    let hay = (!b.quotes.is_empty()).then(|| Haystack::new(scan));
    let mut passages = Vec::with_capacity(b.quotes.len());
    let mut pieces = Vec::with_capacity(b.quotes.len());
    let mut ranges: Vec<Range<usize>> = Vec::new();
    for (q, hay) in b.quotes.iter().zip(std::iter::repeat(&hay).filter_map(Option::as_ref)) {
        // The text as the speaker said it, else its translation: whichever the body holds.
        let in_text = locate(hay, &q.text, &q.pieces).map(|(r, p)| (r, (p, q.translation_pieces.clone())));
        let found = in_text.or_else(|| {
            let t = q.translation.as_deref()?;
            locate(hay, t, &q.translation_pieces).map(|(r, p)| (r, (q.pieces.clone(), p)))
        });
        match found {
            Some((rs, shown)) => {
                passages.push(rs.iter().flat_map(|r| scan.spans(r.clone())).collect());
                ranges.extend(rs);
                pieces.push(shown);
            }
            None => {
                passages.push(Vec::new());
                pieces.push((q.pieces.clone(), q.translation_pieces.clone()));
                quotes.push(not_found(doc, hay, q));
            }
        }
    }
    let risks = risk_findings(doc, &scan.risks);
    Check { passages, ranges, pieces, quotes, paragraphs: lints::duplicate_paragraphs(doc, scan), risks }
}

/// Where `text` (read into `pieces`) stands in the body, and its parts as the body shows them.
fn locate(hay: &Haystack, text: &str, pieces: &[Piece]) -> Option<(Vec<Range<usize>>, Vec<Piece>)> {
    if quotes::is_composite(pieces) {
        hay.find_form(text, pieces)
    } else {
        hay.find(text).map(|r| (vec![r], pieces.to_vec()))
    }
}

/// Record what the bodies yield (quote passages, mentions, mention links) and their findings,
/// after the findings about actor names.
pub(super) fn analyse(
    site: &mut Site,
    index: &MentionIndex,
    facts: Vec<Facts>,
    texts: &HashMap<String, &str>,
    findings: &mut Vec<Finding>,
) {
    lints::actor_names(site, &index.ambiguous, texts, findings);
    for (bi, f) in facts.into_iter().enumerate() {
        let b = &mut site.briefings[bi];
        for ((q, p), (text, translation)) in b.quotes.iter_mut().zip(f.passages).zip(f.pieces) {
            q.passage = p;
            q.pieces = text;
            q.translation_pieces = translation;
        }
        b.mention_links = f.links;
        let annotated: std::collections::HashSet<usize, xxhash_rust::xxh3::Xxh3DefaultBuilder> =
            b.actors.iter().copied().collect();
        for &a in &f.mentioned {
            if !annotated.contains(&a) {
                site.actors[a].mentioned_in.push(bi);
            }
        }
        site.briefings[bi].mentioned = f.mentioned;
        findings.extend(f.findings);
    }
}

/// `one` with nothing kept: check the quotes and paragraphs of briefing `bi` and search its
/// body for mentions first.
pub(crate) fn fresh(
    site: &Site,
    index: &MentionIndex,
    bi: usize,
    scan: &BodyScan,
    doc: (&Document, &RawBriefing),
) -> Facts {
    let check = check(&site.briefings[bi], scan, doc.0);
    one(site, &index.find(scan), bi, scan, doc, &check)
}

/// Find the mentions and run the text lints of briefing `bi`, whose file is `doc`, whose body
/// scanned to `scan` and whose quotes and paragraphs checked to `check`.
fn one(
    site: &Site,
    found: &[Found],
    bi: usize,
    scan: &BodyScan,
    (doc, rb): (&Document, &RawBriefing),
    check: &Check,
) -> Facts {
    let b = &site.briefings[bi];
    let mut findings = check.quotes.clone();
    let mut mentioned: Vec<(usize, usize)> = found.iter().map(|f| (f.actor, f.range.start)).collect();
    for l in &scan.links {
        if let Some(id) = l.dest.strip_prefix('@') {
            let id = id.split(['#', '|']).next().unwrap_or("").trim();
            if let Some(&a) = site.actor_by_id.get(id) {
                mentioned.push((a, usize::MAX));
            }
        }
    }
    // An actor the author links with `[[@id]]` gets no second, automatic link.
    let explicit: Vec<usize> = mentioned.iter().filter(|m| m.1 == usize::MAX).map(|m| m.0).collect();
    mentioned.sort();
    mentioned.dedup_by_key(|m| m.0);
    let links = choose_links(site.config.mentions, found, &check.ranges, scan, explicit);
    findings.extend(lints::mention_lints(b, doc, rb, scan, &mentioned, &site.actors, &site.actor_by_id));
    findings.extend(check.paragraphs.iter().cloned());
    findings.extend(check.risks.iter().cloned());
    findings.extend(super::citations::stray_findings(doc, &scan.strays, &site.source_by_id));
    Facts {
        passages: check.passages.clone(),
        pieces: check.pieces.clone(),
        mentioned: mentioned.into_iter().map(|m| m.0).collect(),
        links,
        findings,
    }
}

/// `bad-url` for a URL of the body (of `doc`) the gate refuses, and `unsafe-html` for raw HTML
/// that can run script, each at its place in the file.
pub(super) fn risk_findings(doc: &Document, risks: &[BodyRisk]) -> Vec<Finding> {
    risks
        .iter()
        .map(|r| {
            let (line, col) = line_col(&doc.text, doc.body_offset + r.offset);
            let f = match &r.kind {
                RiskKind::Url(use_, refused) => {
                    let what = if *use_ == Use::Image { "this image's URL" } else { "this link" };
                    let (message, hint) = refused.explain(what);
                    Finding::error(&doc.file, "bad-url", message).hint(hint)
                }
                RiskKind::Html(risk) => Finding::warning(&doc.file, "unsafe-html", risk.explain())
                    .hint("raw HTML is published as written and runs in readers' browsers; remove the script"),
            };
            f.at(&doc.text, line, col)
        })
        .collect()
}

/// `quote-not-found`, at the quote's text, with the closest passage of the body as the hint.
fn not_found(doc: &Document, hay: &Haystack, q: &super::Quote) -> Finding {
    let (line, col) = q.text_at.line_col();
    let what = if q.translation.is_some() {
        "neither this quote nor its translation appears in the briefing's text"
    } else {
        "this quote does not appear in the briefing's text"
    };
    let mut f = Finding::error(&doc.file, "quote-not-found", what).at(&doc.text, line, col);
    // The words to look for: the quote without its gaps and insertions.
    let text = quotes::words(&q.text, &q.pieces);
    f = match hay.closest(&text) {
        Some((passage, offset)) => {
            let (pl, _) = line_col(&doc.text, doc.body_offset + offset);
            let parts = if quotes::is_composite(&q.pieces) {
                " (the parts of a quote with `…`, `[insertions]` or line breaks must stand in this order, within one paragraph or running into the next)"
            } else {
                ""
            };
            f.hint(format!("the closest passage (line {pl}) reads: “{passage}”{parts}"))
        }
        None => f.hint("quote the body word for word (quote marks, spacing and final punctuation may differ)"),
    };
    f
}

/// The mentions that become links: the first (or every) linkable mention of each actor; with
/// `first`, none of an actor in `explicit` (linked by the author already).
/// A mention that straddles the edge of a quoted passage, or that crosses markup inside one,
/// is left unlinked so the passage's highlight and the link nest properly.
fn choose_links(
    mode: MentionLinks,
    found: &[Found],
    passages: &[Range<usize>],
    scan: &BodyScan,
    explicit: Vec<usize>,
) -> Vec<Mention> {
    if mode == MentionLinks::None {
        return Vec::new();
    }
    let passages = Passages::new(passages);
    let mut linked: std::collections::HashSet<usize, xxhash_rust::xxh3::Xxh3DefaultBuilder> =
        explicit.into_iter().collect();
    let mut out = Vec::new();
    for f in found.iter().filter(|f| f.linkable) {
        if mode == MentionLinks::First && linked.contains(&f.actor) {
            continue;
        }
        let spans = scan.spans(f.range.clone());
        let fits = !passages.overlap(&f.range) || (!passages.edge_within(&f.range) && spans.len() == 1);
        if fits && !spans.is_empty() {
            linked.insert(f.actor);
            out.push(Mention { actor: f.actor, spans });
        }
    }
    out
}

/// The quoted passages of a body, sorted so that a mention is checked against them in
/// logarithmic time (a body may hold thousands of quotes and tens of thousands of mentions).
struct Passages {
    /// Starts and ends, each sorted.
    starts: Vec<usize>,
    ends: Vec<usize>,
    /// Passages sorted by start, with the greatest end of each prefix: `reach[i]` is the
    /// furthest any of the first `i + 1` passages goes.
    reach: Vec<usize>,
}

impl Passages {
    fn new(passages: &[Range<usize>]) -> Self {
        let mut by_start: Vec<&Range<usize>> = passages.iter().collect();
        by_start.sort_by_key(|p| p.start);
        let reach = by_start
            .iter()
            .scan(0, |far, p| {
                *far = p.end.max(*far);
                Some(*far)
            })
            .collect();
        let mut ends: Vec<usize> = passages.iter().map(|p| p.end).collect();
        ends.sort_unstable();
        Passages { starts: by_start.iter().map(|p| p.start).collect(), ends, reach }
    }

    /// Whether any passage overlaps `r`.
    fn overlap(&self, r: &Range<usize>) -> bool {
        let before_end = self.starts.partition_point(|&s| s < r.end);
        before_end > 0 && self.reach[before_end - 1] > r.start
    }

    /// Whether a passage starts or ends strictly inside `r` (an overlapping passage that does
    /// not hold all of `r` does one or the other).
    fn edge_within(&self, r: &Range<usize>) -> bool {
        let inside = |v: &[usize]| v.get(v.partition_point(|&x| x <= r.start)).is_some_and(|&x| x < r.end);
        inside(&self.starts) || inside(&self.ends)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The sorted checks agree with comparing a mention against every passage, for every
    /// mention and set of passages within a few characters (empty and nested ones included).
    #[test]
    fn passages_agree_with_checking_each_one() {
        let ranges: Vec<Range<usize>> = (0..6).flat_map(|s| (s..6).map(move |e| s..e)).collect();
        for (i, a) in ranges.iter().enumerate() {
            for b in &ranges[i..] {
                let list = [a.clone(), b.clone()];
                let p = Passages::new(&list);
                for r in ranges.iter().filter(|r| !r.is_empty()) {
                    let overlaps = |p: &Range<usize>| p.start < r.end && r.start < p.end;
                    let inside = |p: &Range<usize>| p.start <= r.start && r.end <= p.end;
                    assert_eq!(p.overlap(r), list.iter().any(overlaps), "{list:?} {r:?}");
                    let all_inside = list.iter().all(|p| !overlaps(p) || inside(p));
                    assert_eq!(!p.overlap(r) || !p.edge_within(r), all_inside, "{list:?} {r:?}");
                }
            }
        }
    }
}

//! What changed, and when: a briefing's `changes:` (dated notes, newest first, each after the
//! publication date, citing sources as quotes do), and the site's "what's new" made from the
//! content alone (no clock, no version control), so the same content always tells the same
//! history: briefings published, briefings changed, questions answered by a later briefing, key
//! judgments that took their status (`status_changed:`), actors seen for the first time.
use super::citations::Citing;
use super::date::{DateExpr, PartialDate};
use super::front::{prose, Place};
use super::{Change, News, NewsItem, Site};
use crate::diag::Finding;
use crate::load::raw::RawChange;
use crate::load::Document;

/// Check a briefing's `changes:` (published on `date`) and number them from the oldest.
pub(super) fn read(
    raw: &[RawChange],
    date: Option<PartialDate>,
    doc: &Document,
    citing: &Citing,
    findings: &mut Vec<Finding>,
) -> Vec<Change> {
    let place = Place { file: &doc.file, text: &doc.text, loc: &doc.loc };
    let err = |path: &str, code: &'static str, msg: String| {
        let (l, c) = doc.loc.value(path);
        Finding::error(&doc.file, code, msg).at(&doc.text, l, c)
    };
    let mut out: Vec<Change> = Vec::new();
    for (i, c) in raw.iter().enumerate() {
        let path = format!("changes[{i}]");
        // A field that failed to read (or was misspelt) was reported: the change is not also
        // "missing" one.
        if (c.note.is_none() || c.date.is_none()) && doc.loc.failed_within(&path) {
            continue;
        }
        // Prose: with the smart punctuation of bodies.
        let note = prose(&c.note);
        let Some(note) = note else {
            findings.push(
                err(&path, "missing-field", "change has no `note`".into()).hint("say in a sentence what changed"),
            );
            continue;
        };
        let Some(text) = &c.date else {
            findings.push(
                err(&path, "missing-field", "change has no `date`".into())
                    .hint("add `date: YYYY-MM-DD`, the day of the change"),
            );
            continue;
        };
        let citations = citing.read(&place, &path, &c.source, &c.sources, &c.locator, findings);
        let at = format!("{path}.date");
        let day = match DateExpr::parse_day(&text.0) {
            Ok(d) => d,
            Err(e) => {
                findings.push(err(&at, "bad-date", format!("change date: {e}")));
                continue;
            }
        };
        if let Some(published) = date.filter(|p| day <= *p) {
            findings.push(
                err(
                    &at,
                    "bad-change",
                    format!(
                        "this change is dated {}, not after the briefing's publication ({})",
                        day.iso(),
                        published.iso()
                    ),
                )
                .hint("a change comes after publication; correct the date, or the briefing's `date`"),
            );
            continue;
        }
        if let Some(above) = out.last().filter(|above| day > above.date) {
            findings.push(
                err(
                    &at,
                    "bad-change",
                    format!(
                        "changes are listed newest first, but this one ({}) is newer than the one above it ({})",
                        day.iso(),
                        above.date.iso()
                    ),
                )
                .hint("put the newest change first"),
            );
            continue;
        }
        out.push(Change { date: day, note, citations, anchor: String::new() });
    }
    let n = out.len();
    for (i, c) in out.iter_mut().enumerate() {
        c.anchor = format!("change-{}", n - i);
    }
    out
}

/// The site's history, newest first; drafts are not part of it. On one date: briefings
/// published, then changed, then questions answered, then judgments that took their status,
/// then actors first seen; each in the order of the briefings.
pub(super) fn news(site: &Site) -> Vec<NewsItem> {
    let published = |bi: usize| !site.briefings[bi].draft;
    let mut items: Vec<((u8, usize, usize, usize), NewsItem)> = Vec::new();
    for (bi, b) in site.briefings.iter().enumerate().filter(|(bi, _)| published(*bi)) {
        items.push(((0, bi, 0, 0), NewsItem { date: b.date, what: News::Published(bi) }));
        for (ci, c) in b.changes.iter().enumerate() {
            items.push(((1, bi, ci, 0), NewsItem { date: c.date, what: News::Revised(bi, ci) }));
        }
        for (qi, q) in b.questions.iter().enumerate() {
            let Some(by) = q.answered_by.filter(|&t| published(t)) else { continue };
            let answered = site.briefings[by].date;
            if answered > b.date {
                items.push(((2, by, bi, qi), NewsItem { date: answered, what: News::Answered(bi, qi, by) }));
            }
        }
        for (ji, j) in b.judgments.iter().enumerate() {
            if let Some(date) = j.status_changed {
                items.push(((3, bi, ji, 0), NewsItem { date, what: News::Judged(bi, ji) }));
            }
        }
    }
    // An actor is first seen in the oldest published briefing that annotates them (the last of
    // their briefings, which are newest first).
    let mut first: Vec<Vec<usize>> = vec![Vec::new(); site.briefings.len()];
    for (ai, a) in site.actors.iter().enumerate() {
        if let Some(&bi) = a.briefings.iter().rev().find(|&&bi| published(bi)) {
            first[bi].push(ai);
        }
    }
    for (bi, actors) in first.into_iter().enumerate().filter(|(_, a)| !a.is_empty()) {
        items.push(((4, bi, 0, 0), NewsItem { date: site.briefings[bi].date, what: News::FirstSeen(bi, actors) }));
    }
    items.sort_by(|(ka, a), (kb, b)| b.date.cmp(&a.date).then(ka.cmp(kb)));
    items.into_iter().map(|(_, item)| item).collect()
}

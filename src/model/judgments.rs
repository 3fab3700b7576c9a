//! Key judgments: what a briefing's author assesses, in the calibrated words of intelligence
//! analysis (ICD 203), with a confidence, a basis and a status.
//!
//! The likelihood scale is fixed, and each step has its words and its probability band. The
//! check `estimative-mismatch` reads a judgment's text for those words: words of another band
//! than the one declared (`likely` in the text, `almost-certain` declared) are an error, and
//! estimative or hedging words without any declared likelihood are a warning.

use super::citations::{Citation, Citing};
use super::date::{DateExpr, PartialDate};
use super::front::{prose, Place};
use super::{Event, Quote};
use crate::diag::Finding;
use crate::load::raw::RawJudgment;
use std::collections::HashMap;

/// A step of the ICD 203 likelihood scale, lowest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Likelihood {
    AlmostNoChance,
    VeryUnlikely,
    Unlikely,
    RoughlyEven,
    Likely,
    VeryLikely,
    AlmostCertain,
}

impl Likelihood {
    /// Every step, highest first (the order of listings).
    pub const DESCENDING: [Likelihood; 7] = [
        Likelihood::AlmostCertain,
        Likelihood::VeryLikely,
        Likelihood::Likely,
        Likelihood::RoughlyEven,
        Likelihood::Unlikely,
        Likelihood::VeryUnlikely,
        Likelihood::AlmostNoChance,
    ];

    /// Its name in front matter.
    pub fn name(self) -> &'static str {
        match self {
            Likelihood::AlmostNoChance => "almost-no-chance",
            Likelihood::VeryUnlikely => "very-unlikely",
            Likelihood::Unlikely => "unlikely",
            Likelihood::RoughlyEven => "roughly-even",
            Likelihood::Likely => "likely",
            Likelihood::VeryLikely => "very-likely",
            Likelihood::AlmostCertain => "almost-certain",
        }
    }

    /// Its words as readers see them.
    pub fn label(self) -> &'static str {
        match self {
            Likelihood::AlmostNoChance => "almost no chance",
            Likelihood::VeryUnlikely => "very unlikely",
            Likelihood::Unlikely => "unlikely",
            Likelihood::RoughlyEven => "roughly even chance",
            Likelihood::Likely => "likely",
            Likelihood::VeryLikely => "very likely",
            Likelihood::AlmostCertain => "almost certain",
        }
    }

    /// Its probability band.
    pub fn band(self) -> &'static str {
        match self {
            Likelihood::AlmostNoChance => "1–5%",
            Likelihood::VeryUnlikely => "5–20%",
            Likelihood::Unlikely => "20–45%",
            Likelihood::RoughlyEven => "45–55%",
            Likelihood::Likely => "55–80%",
            Likelihood::VeryLikely => "80–95%",
            Likelihood::AlmostCertain => "95–99%",
        }
    }

    pub fn parse(s: &str) -> Option<Likelihood> {
        Likelihood::DESCENDING.into_iter().find(|l| l.name() == s)
    }
}

/// How much the author trusts the judgment's basis.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Confidence {
    Low,
    Moderate,
    High,
}

impl Confidence {
    pub fn parse(s: &str) -> Option<Confidence> {
        match s {
            "low" => Some(Confidence::Low),
            "moderate" => Some(Confidence::Moderate),
            "high" => Some(Confidence::High),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Confidence::Low => "low",
            Confidence::Moderate => "moderate",
            Confidence::High => "high",
        }
    }
}

/// Where a judgment stands now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum JudgmentStatus {
    Current,
    Confirmed,
    Refuted,
    Superseded,
}

impl JudgmentStatus {
    /// In the order of listings.
    pub const ALL: [JudgmentStatus; 4] =
        [JudgmentStatus::Current, JudgmentStatus::Confirmed, JudgmentStatus::Refuted, JudgmentStatus::Superseded];

    pub fn parse(s: &str) -> Option<JudgmentStatus> {
        JudgmentStatus::ALL.into_iter().find(|j| j.name() == s)
    }

    pub fn name(self) -> &'static str {
        match self {
            JudgmentStatus::Current => "current",
            JudgmentStatus::Confirmed => "confirmed",
            JudgmentStatus::Refuted => "refuted",
            JudgmentStatus::Superseded => "superseded",
        }
    }
}

/// What a judgment rests on, within its briefing (quotes, events) or site-wide (sources).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Basis {
    Source(usize),
    Quote(usize),
    Event(usize),
}

/// A key judgment of a briefing.
#[derive(Debug, Clone)]
pub struct Judgment {
    /// Anchor on the briefing page and on `/judgments/`, unique within the briefing
    /// (`judgment-…`).
    pub anchor: String,
    pub text: String,
    pub likelihood: Option<Likelihood>,
    pub confidence: Option<Confidence>,
    pub basis: Vec<Basis>,
    pub status: JudgmentStatus,
    /// The day it took its status, after the briefing's publication (`status_changed:`).
    pub status_changed: Option<PartialDate>,
    pub citations: Vec<Citation>,
    /// Actors the text names, by index (set once the site's actors are known).
    pub actors: Vec<usize>,
}

impl Judgment {
    /// The sources its basis names.
    pub fn basis_sources(&self) -> impl Iterator<Item = usize> + '_ {
        self.basis.iter().filter_map(|b| match b {
            Basis::Source(s) => Some(*s),
            _ => None,
        })
    }
}

/// Estimative words, longest first where one begins another; each with its step.
const WORDS: &[(&str, Likelihood)] = &[
    ("almost no chance", Likelihood::AlmostNoChance),
    // A step negated after it reads as its opposite (`almost certainly not`).
    ("almost certainly not", Likelihood::AlmostNoChance),
    ("nearly certainly not", Likelihood::AlmostNoChance),
    ("very likely not", Likelihood::VeryUnlikely),
    ("highly likely not", Likelihood::VeryUnlikely),
    ("likely not", Likelihood::Unlikely),
    ("remote", Likelihood::AlmostNoChance),
    ("remotely", Likelihood::AlmostNoChance),
    ("very unlikely", Likelihood::VeryUnlikely),
    ("highly unlikely", Likelihood::VeryUnlikely),
    ("very improbable", Likelihood::VeryUnlikely),
    ("highly improbable", Likelihood::VeryUnlikely),
    ("unlikely", Likelihood::Unlikely),
    ("not likely", Likelihood::Unlikely),
    ("probably not", Likelihood::Unlikely),
    ("improbable", Likelihood::Unlikely),
    ("improbably", Likelihood::Unlikely),
    ("roughly even chance", Likelihood::RoughlyEven),
    ("roughly even odds", Likelihood::RoughlyEven),
    ("roughly even", Likelihood::RoughlyEven),
    ("even chance", Likelihood::RoughlyEven),
    ("even odds", Likelihood::RoughlyEven),
    ("fifty fifty", Likelihood::RoughlyEven),
    ("very likely", Likelihood::VeryLikely),
    ("highly likely", Likelihood::VeryLikely),
    ("very probable", Likelihood::VeryLikely),
    ("highly probable", Likelihood::VeryLikely),
    ("likely", Likelihood::Likely),
    ("probable", Likelihood::Likely),
    ("probably", Likelihood::Likely),
    ("almost certain", Likelihood::AlmostCertain),
    ("almost certainly", Likelihood::AlmostCertain),
    ("nearly certain", Likelihood::AlmostCertain),
    ("nearly certainly", Likelihood::AlmostCertain),
    ("virtually certain", Likelihood::AlmostCertain),
];

/// Words that hedge without saying how much.
const HEDGES: &[&str] = &["may", "might", "could", "possibly", "possible", "perhaps", "chance", "odds", "uncertain"];

/// The estimative phrases of `text`, in order: each with the step it belongs to.
pub fn estimative(text: &str) -> Vec<(String, Likelihood)> {
    // A phrase never runs over punctuation: `likely, not remotely` is not `likely not`.
    let clauses = text.split([',', '.', ';', ':', '!', '?', '—', '–', '(', ')']);
    clauses.flat_map(clause_phrases).collect()
}

/// The estimative phrases of one clause, in order.
fn clause_phrases(clause: &str) -> Vec<(String, Likelihood)> {
    let words: Vec<String> =
        clause.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(|w| w.to_lowercase()).collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let hit = WORDS
            .iter()
            .filter_map(|(phrase, step)| Some((phrase, step, phrase_at(phrase, &words[i..])?)))
            .max_by_key(|(phrase, _, _)| phrase.len());
        match hit {
            Some((phrase, step, n)) => {
                out.push((phrase.to_string(), *step));
                i += n;
            }
            None => i += 1,
        }
    }
    out
}

/// How many words `phrase` (words separated by spaces) takes at the start of `words`, if it is
/// there; a phrase whose first word differs is left at once.
fn phrase_at(phrase: &str, words: &[String]) -> Option<usize> {
    let mut n = 0;
    for part in phrase.split(' ') {
        if words.get(n)? != part {
            return None;
        }
        n += 1;
    }
    Some(n)
}

/// The hedging words of `text` that name no step (`may`, `could`). `May` inside a sentence
/// is the month (`in May 2025`), not a hedge.
fn hedges(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut rest = text;
    // Whether the next word begins a sentence.
    let mut opening = true;
    while let Some(start) = rest.find(char::is_alphanumeric) {
        opening |= rest[..start].contains(['.', '!', '?', ':']);
        let end = rest[start..].find(|c: char| !c.is_alphanumeric()).map_or(rest.len(), |e| start + e);
        let word = &rest[start..end];
        let lower = word.to_lowercase();
        let month = word == "May" && !opening;
        if HEDGES.contains(&lower.as_str()) && !month && !out.contains(&lower) {
            out.push(lower);
        }
        opening = false;
        rest = &rest[end..];
    }
    out
}

/// `estimative-mismatch` for the judgment at `path`, if its words and its likelihood disagree.
pub fn check_words(p: &Place, path: &str, text: &str, declared: Option<Likelihood>) -> Option<Finding> {
    let found = estimative(text);
    let at = format!("{path}.text");
    match declared {
        Some(l) => {
            if found.is_empty() || found.iter().any(|(_, s)| *s == l) {
                return None;
            }
            let (word, step) = &found[0];
            Some(
                p.err(
                    &at,
                    "estimative-mismatch",
                    format!(
                        "the text says “{word}” ({}, {}) but the judgment declares `likelihood: {}` ({})",
                        step.label(),
                        step.band(),
                        l.name(),
                        l.band()
                    ),
                )
                .hint(format!(
                    "write the judgment with “{}”, or declare `likelihood: {}`",
                    l.label(),
                    step.name()
                )),
            )
        }
        None => {
            let mut words: Vec<String> = found.into_iter().map(|(w, _)| w).collect();
            words.extend(hedges(text));
            if words.is_empty() {
                return None;
            }
            let (l, c) = p.loc.value(&at);
            Some(
                Finding::warning(
                    p.file,
                    "estimative-mismatch",
                    format!("the text hedges (“{}”) but the judgment declares no `likelihood`", words.join("”, “")),
                )
                .at(p.text, l, c)
                .hint("declare how likely it is: `likelihood:` almost-no-chance, very-unlikely, unlikely, roughly-even, likely, very-likely or almost-certain"),
            )
        }
    }
}

/// Gives an entry its anchor from its `id`, position and path (reporting bad and repeated ids).
pub type Anchors<'x> = dyn FnMut(Option<&str>, usize, &str, &mut Vec<Finding>) -> String + 'x;

/// A briefing's judgments. `anchor` gives each its anchor (and reports bad and repeated ids);
/// `quotes` and `events` are the briefing's, with `event_ids` the id each event was given;
/// `published` is the briefing's date, which a status change must follow.
#[allow(clippy::too_many_arguments)]
pub fn read(
    raw: &[RawJudgment],
    published: Option<PartialDate>,
    p: &Place,
    citing: &Citing,
    quotes: &[Quote],
    events: &[Event],
    anchor: &mut Anchors,
    findings: &mut Vec<Finding>,
) -> Vec<Judgment> {
    let quote_ids: HashMap<&str, usize> =
        quotes.iter().enumerate().filter_map(|(i, q)| Some((q.anchor.strip_prefix("quote-")?, i))).collect();
    let event_ids: HashMap<&str, usize> =
        events.iter().enumerate().filter_map(|(i, e)| Some((e.id.as_deref()?, i))).collect();
    let mut out = Vec::new();
    for (i, j) in raw.iter().enumerate() {
        let path = format!("judgments[{i}]");
        // Prose: with the smart punctuation of bodies, as every front-matter sentence.
        let text = prose(&j.text);
        let Some(text) = text else {
            findings
                .push(p.err(&path, "missing-field", "judgment has no `text`").hint("write the judgment as a sentence"));
            continue;
        };
        let likelihood = j.likelihood.as_deref().map(str::trim).and_then(|v| {
            Likelihood::parse(v).or_else(|| {
                findings.push(p.err(&format!("{path}.likelihood"), "bad-scale", format!("unknown likelihood `{v}`")).hint(
                    "expected almost-no-chance, very-unlikely, unlikely, roughly-even, likely, very-likely or almost-certain",
                ));
                None
            })
        });
        let confidence = j.confidence.as_deref().map(str::trim).and_then(|v| {
            Confidence::parse(v).or_else(|| {
                findings.push(
                    p.err(&format!("{path}.confidence"), "bad-scale", format!("unknown confidence `{v}`"))
                        .hint("expected low, moderate or high"),
                );
                None
            })
        });
        let status = match j.status.as_deref().map(str::trim) {
            None => JudgmentStatus::Current,
            Some(s) => JudgmentStatus::parse(s).unwrap_or_else(|| {
                findings.push(p.err(
                    &format!("{path}.status"),
                    "bad-status",
                    format!("unknown status `{s}`; expected current, confirmed, refuted or superseded"),
                ));
                JudgmentStatus::Current
            }),
        };
        let status_changed = j.status_changed.as_ref().and_then(|t| {
            let at = format!("{path}.status_changed");
            match DateExpr::parse_day(&t.0) {
                Ok(day) if published.is_some_and(|on| day <= on) => {
                    findings.push(
                        p.err(
                            &at,
                            "bad-change",
                            format!(
                                "the status changed on {}, not after the briefing's publication ({})",
                                day.iso(),
                                published.map(|on| on.iso()).unwrap_or_default()
                            ),
                        )
                        .hint("a status changes after publication; correct the date, or leave it out"),
                    );
                    None
                }
                Ok(day) => Some(day),
                Err(e) => {
                    findings.push(p.err(&at, "bad-date", format!("`status_changed`: {e}")));
                    None
                }
            }
        });
        // A likelihood written but refused (reported) is not also missing.
        let refused =
            likelihood.is_none() && (j.likelihood.is_some() || p.loc.failed_within(&format!("{path}.likelihood")));
        if !refused {
            findings.extend(check_words(p, &path, &text, likelihood));
        }
        let mut basis = Vec::new();
        for (k, id) in j.basis.iter().flatten().enumerate() {
            let id = id.trim();
            let b = if let Some(&q) = quote_ids.get(id) {
                Some(Basis::Quote(q))
            } else if let Some(&e) = event_ids.get(id) {
                Some(Basis::Event(e))
            } else {
                citing.index.get(id).map(|&s| Basis::Source(s))
            };
            match b {
                Some(b) if !basis.contains(&b) => basis.push(b),
                Some(_) => {}
                None => {
                    let known = quote_ids
                        .keys()
                        .chain(event_ids.keys())
                        .copied()
                        .chain(citing.index.keys().map(String::as_str));
                    let mut f = p.err(
                        &format!("{path}.basis[{k}]"),
                        "unknown-basis",
                        format!("`{id}` is not a quote or event of this briefing, nor a source"),
                    );
                    f = match crate::diag::suggest(id, known) {
                        Some(s) => f.hint(format!("did you mean `{s}`?")),
                        None => {
                            f.hint("a basis names the `id` of a quote or an event of this briefing, or of a source")
                        }
                    };
                    findings.push(f);
                }
            }
        }
        let citations = citing.read(p, &path, &j.source, &j.sources, &j.locator, findings);
        let anchor = anchor(j.id.as_deref(), i + 1, &path, findings);
        out.push(Judgment {
            anchor,
            text,
            likelihood,
            confidence,
            basis,
            status,
            status_changed,
            citations,
            actors: Vec::new(),
        });
    }
    out
}

/// The actors each judgment concerns: those its text names (as mentions are found in bodies),
/// the speakers of the quotes and the actors of the events it rests on; and each actor's list
/// of the judgments that concern them.
pub fn concern(site: &mut super::Site, index: &super::mentions::MentionIndex) {
    for (bi, b) in site.briefings.iter_mut().enumerate() {
        for ji in 0..b.judgments.len() {
            let j = &b.judgments[ji];
            let mut actors: Vec<usize> = index.find(&super::scan::scan(&j.text)).into_iter().map(|f| f.actor).collect();
            for basis in &j.basis {
                match *basis {
                    Basis::Quote(q) => {
                        actors.push(b.quotes[q].by);
                        actors.extend(&b.quotes[q].also_by);
                    }
                    Basis::Event(e) => actors.extend(&b.events[e].actors),
                    Basis::Source(_) => {}
                }
            }
            let mut seen = Vec::new();
            actors.retain(|a| {
                if seen.contains(a) {
                    false
                } else {
                    seen.push(*a);
                    true
                }
            });
            for &a in &actors {
                site.actors[a].judgments.push((bi, ji));
            }
            b.judgments[ji].actors = actors;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn steps(text: &str) -> Vec<&'static str> {
        estimative(text).into_iter().map(|(_, s)| s.name()).collect()
    }

    #[test]
    fn estimative_words_are_read_longest_first_and_as_whole_words() {
        assert_eq!(steps("North Korea is very likely supplying shells."), ["very-likely"]);
        assert_eq!(steps("It is Likely, not remotely certain."), ["likely", "almost-no-chance"]);
        assert_eq!(steps("An unlikely event; probably not soon."), ["unlikely", "unlikely"]);
        assert_eq!(steps("Almost certainly signed."), ["almost-certain"]);
        assert_eq!(steps("The likelihood of unlikeliness."), Vec::<&str>::new());
        assert_eq!(steps("a roughly even chance"), ["roughly-even"]);
    }

    #[test]
    fn every_step_has_its_band() {
        let bands: Vec<&str> = Likelihood::DESCENDING.iter().map(|l| l.band()).collect();
        assert_eq!(bands, ["95–99%", "80–95%", "55–80%", "45–55%", "20–45%", "5–20%", "1–5%"]);
        assert!(Likelihood::DESCENDING.iter().all(|l| Likelihood::parse(l.name()) == Some(*l)));
    }
}

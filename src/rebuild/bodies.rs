//! The work the last build did on each body, reused while what it was made of is the same: a
//! body's scan and the checks of its quotes and paragraphs (a function of its file and quotes,
//! by the model's body key), and the mentions found in it.
//!
//! Mentions depend on the names every actor goes by. A search finds every occurrence of every
//! name and alias (overlapping ones included) and then keeps the longest on word boundaries;
//! so in a body where no string whose meaning changed (added, removed, or naming another actor)
//! occurs, it finds the same strings at the same places with the same meanings, and the same
//! mentions. A body is therefore searched again only if it holds such a string (`Known`); its
//! kept mentions are mapped to the actors' new places (actors are ordered by name, so a rename
//! moves them).

use crate::model::mentions::{Found, Meanings, MentionIndex};
use crate::model::scan::BodyScan;
use crate::model::{BodyWork, Checked, Site};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

/// What the last build kept of its bodies.
#[derive(Debug, Default)]
pub struct Bodies {
    checked: HashMap<u128, Arc<Checked>>,
    mentions: Option<LastMentions>,
}

/// The mentions the last build found, and what it looked for.
#[derive(Debug)]
struct LastMentions {
    /// What each string looked for meant (see `MentionIndex::meanings`), by actor id.
    meanings: HashMap<String, Vec<Option<String>>>,
    /// Actor ids by the last build's index.
    ids: Vec<String>,
    /// The mentions found in each body, by the body's key, with the last build's actor indexes.
    found: HashMap<u128, Arc<[Found]>>,
}

/// One build's use of what the last one kept, as the model's `BodyWork`; `finish` gives what
/// the next build may use.
pub struct Recall<'a> {
    last: &'a Bodies,
    /// Set up on the first search, once the model's mention index exists.
    known: OnceLock<Option<Known>>,
    meanings: OnceLock<Option<HashMap<String, Vec<Option<String>>>>>,
    checked: Mutex<Vec<(u128, Arc<Checked>)>>,
    found: Mutex<Vec<(u128, Arc<[Found]>)>>,
    /// Bodies scanned and searched afresh by this build.
    scanned: std::sync::atomic::AtomicUsize,
    searched: std::sync::atomic::AtomicUsize,
}

impl Bodies {
    pub fn recall(&self) -> Recall<'_> {
        Recall {
            last: self,
            known: OnceLock::new(),
            meanings: OnceLock::new(),
            checked: Mutex::new(Vec::new()),
            found: Mutex::new(Vec::new()),
            scanned: Default::default(),
            searched: Default::default(),
        }
    }
}

impl Recall<'_> {
    /// How many bodies this build scanned, and searched for mentions, afresh.
    pub fn counts(&self) -> (usize, usize) {
        use std::sync::atomic::Ordering::Relaxed;
        (self.scanned.load(Relaxed), self.searched.load(Relaxed))
    }

    /// What the next build may use: the work this build used or did.
    pub fn finish(self, site: &Site) -> Bodies {
        let checked = self.checked.into_inner().unwrap_or_default().into_iter().collect();
        let found: HashMap<u128, Arc<[Found]>> = self.found.into_inner().unwrap_or_default().into_iter().collect();
        let mentions = self.meanings.into_inner().flatten().map(|meanings| LastMentions {
            meanings,
            ids: site.actors.iter().map(|a| a.id.to_string()).collect(),
            found,
        });
        Bodies { checked, mentions }
    }
}

impl BodyWork for Recall<'_> {
    fn checked(&self, key: u128, make: &dyn Fn() -> Arc<Checked>) -> Arc<Checked> {
        let c = self.last.checked.get(&key).cloned().unwrap_or_else(|| {
            self.scanned.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            make()
        });
        if let Ok(mut next) = self.checked.lock() {
            next.push((key, Arc::clone(&c)));
        }
        c
    }

    fn found(
        &self,
        key: u128,
        scan: &BodyScan,
        index: &MentionIndex,
        site: &Site,
        search: &dyn Fn() -> Arc<[Found]>,
    ) -> Arc<[Found]> {
        let now = self.meanings.get_or_init(|| index.meanings(&site.actors).map(|m| owned(&m)));
        let known = self.known.get_or_init(|| {
            let (last, now) = (self.last.mentions.as_ref()?, now.as_ref()?);
            Known::new(last, now, site)
        });
        let last = self.last.mentions.as_ref();
        let kept = known.as_ref().zip(last).and_then(|(k, last)| k.found(last, key, scan));
        let found = kept.unwrap_or_else(|| {
            self.searched.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            search()
        });
        if let Ok(mut next) = self.found.lock() {
            next.push((key, Arc::clone(&found)));
        }
        found
    }
}

fn owned(m: &Meanings) -> HashMap<String, Vec<Option<String>>> {
    m.iter().map(|(p, o)| (p.to_string(), o.iter().map(|o| o.map(str::to_string)).collect())).collect()
}

/// Which mentions of the last build hold now: the strings whose meaning changed, and where
/// each actor of the last build is now.
struct Known {
    /// The strings whose meaning changed; `None` when none did.
    changed: Option<aho_corasick::AhoCorasick>,
    /// This build's index of each actor of the last build.
    now: Vec<Option<usize>>,
}

impl Known {
    /// `None` if the strings that changed could not be looked for (every body is searched).
    fn new(last: &LastMentions, now: &HashMap<String, Vec<Option<String>>>, site: &Site) -> Option<Known> {
        let mut changed: Vec<&str> = Vec::new();
        for (p, o) in now {
            if last.meanings.get(p) != Some(o) {
                changed.push(p);
            }
        }
        changed.extend(last.meanings.keys().map(String::as_str).filter(|p| !now.contains_key(*p)));
        let changed = match changed.is_empty() {
            true => None,
            false => Some(aho_corasick::AhoCorasick::new(&changed).ok()?),
        };
        let now = last.ids.iter().map(|id| site.actor_by_id.get(id).copied()).collect();
        Some(Known { changed, now })
    }

    /// The mentions of the body with this key and scan, if the last build's still hold.
    fn found(&self, last: &LastMentions, key: u128, scan: &BodyScan) -> Option<Arc<[Found]>> {
        let found = last.found.get(&key)?;
        if self.changed.as_ref().is_some_and(|c| c.is_match(&scan.plain)) {
            return None;
        }
        found.iter().map(|f| Some(Found { actor: self.now[f.actor]?, ..f.clone() })).collect()
    }
}

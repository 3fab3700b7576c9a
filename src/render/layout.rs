//! Where every page and anchor of the site lives, decided once before rendering.
//!
//! Paths are relative to the output folder (`briefings/pact/`), and every link in the output is
//! written relative to the page it is on, so the site works at a domain root, under a sub-path
//! and (with `portable`) from disk. Long listings are split here: a listing with at most
//! `page_size` entries stays whole; a longer one continues on `…/page/2/`, `…/page/3/`; the
//! timeline is split by year first.
//!
//! A page's folder is named only by a `Slug` (the type can only be made by `model::slug`'s
//! gate), so no value of the content can name a path outside the output folder.

use crate::model::slug::Slug;
use crate::model::Site;

/// URL and file-path rules for one build.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Urls {
    /// Link folders as `dir/index.html` so the site works opened from disk.
    pub portable: bool,
}

impl Urls {
    /// The link from a page at `from` (a folder path like `briefings/x/`, or `` for the home
    /// page) to the site path `to`.
    pub fn link(&self, from: &str, to: &str) -> String {
        self.link_parts(from, &[to], &[])
    }

    /// `link` to the path made of `to`'s parts (`["briefings/", "x", "/"]`), followed by a
    /// `#fragment` made of `fragment`'s parts unless it is empty; a link to the page it is on
    /// is the fragment alone (but in portable links). Written in one string, without making
    /// the path first: pages hold many links.
    pub fn link_parts(&self, from: &str, to: &[&str], fragment: &[&str]) -> String {
        let len = |parts: &[&str]| parts.iter().map(|p| p.len()).sum::<usize>();
        let mut s = String::with_capacity(from.len() + len(to) + len(fragment) + 12);
        let here = !fragment.is_empty()
            && !self.portable
            && to.iter().try_fold(from, |rest, part| rest.strip_prefix(part)) == Some("");
        if !here {
            for _ in from.matches('/') {
                s.push_str("../");
            }
            to.iter().for_each(|p| s.push_str(p));
            let folder = to.iter().rev().find(|p| !p.is_empty()).is_none_or(|p| p.ends_with('/'));
            if self.portable && folder {
                s.push_str("index.html");
            } else if s.is_empty() {
                s.push_str("./");
            }
        }
        if !fragment.is_empty() {
            s.push('#');
            fragment.iter().for_each(|p| s.push_str(p));
        }
        s
    }

    /// The way from a page at `from` back to the site root as a prefix for file paths
    /// (`../../`, or empty at the root): for assets, which are files, never folders.
    pub fn prefix(&self, from: &str) -> String {
        "../".repeat(from.matches('/').count())
    }

    /// Like `link`, with a `#fragment`.
    pub fn anchor(&self, from: &str, to: &str, fragment: &str) -> String {
        self.link_parts(from, &[to], &[fragment])
    }
}

/// The folders of briefings', actors', tags' and sources' pages.
pub const BRIEFINGS: &str = "briefings/";
pub const ACTORS: &str = "actors/";
pub const TAGS: &str = "tags/";
pub const SOURCES: &str = "sources/";

pub fn briefing(slug: &Slug) -> String {
    format!("{BRIEFINGS}{slug}/")
}

pub fn actor(id: &Slug) -> String {
    format!("{ACTORS}{id}/")
}

pub fn tag(slug: &Slug) -> String {
    format!("{TAGS}{slug}/")
}

pub fn source(id: &Slug) -> String {
    format!("{SOURCES}{id}/")
}

/// The path of page `n` (1-based) of a listing whose first page is `base`.
pub fn page(base: &str, n: usize) -> String {
    if n <= 1 {
        base.to_string()
    } else {
        format!("{base}page/{n}/")
    }
}

/// Split `len` items into page ranges of at most `size`; one page when it fits (or is empty).
pub fn chunks(len: usize, size: usize) -> Vec<std::ops::Range<usize>> {
    if len <= size {
        return std::iter::once(0..len).collect();
    }
    (0..len).step_by(size).map(|s| s..(s + size).min(len)).collect()
}

/// What the listings show and in which order, decided once per build: the timeline's pages,
/// every quote (by speaker) and every question (by status, newest briefing first).
#[derive(Debug, Clone)]
pub struct Listings {
    pub urls: Urls,
    pub timeline: TimelinePlan,
    /// Path of the timeline page of each timeline entry.
    pub timeline_paths: Vec<String>,
    /// All quotes as (briefing, quote), in the quotes index order (by speaker's family name).
    pub quotes: Vec<(usize, usize)>,
    /// All questions as (briefing, question), in index order (by status, newest briefing first).
    pub questions: Vec<(usize, usize)>,
    /// All key judgments as (briefing, judgment): by status, then likelihood (most likely
    /// first, none stated last), then newest briefing first.
    pub judgments: Vec<(usize, usize)>,
}

impl Listings {
    pub fn new(site: &Site, urls: Urls) -> Listings {
        let timeline = timeline_plan(site);
        let timeline_paths = timeline.page_of.iter().map(|&p| timeline.pages[p].0.clone()).collect();
        // Speakers by family name (or `sort_name`); a quote of several speakers once, under
        // its first (`by`), which heads its group.
        let mut speakers: Vec<usize> = (0..site.actors.len()).collect();
        speakers.sort_by_cached_key(|&a| (site.actors[a].sort_key(), a));
        let quotes: Vec<(usize, usize)> = (speakers.iter())
            .flat_map(|&a| {
                site.actors[a].quotes.iter().copied().filter(move |&(bi, qi)| site.briefings[bi].quotes[qi].by == a)
            })
            .collect();
        let mut questions: Vec<(usize, usize)> = site
            .briefings
            .iter()
            .enumerate()
            .flat_map(|(bi, b)| (0..b.questions.len()).map(move |qi| (bi, qi)))
            .collect();
        questions.sort_by_key(|&(bi, qi)| (site.briefings[bi].questions[qi].status, bi, qi));
        let mut judgments: Vec<(usize, usize)> = site
            .briefings
            .iter()
            .enumerate()
            .flat_map(|(bi, b)| (0..b.judgments.len()).map(move |ji| (bi, ji)))
            .collect();
        judgments.sort_by_key(|&(bi, ji)| {
            let j = &site.briefings[bi].judgments[ji];
            (j.status, std::cmp::Reverse(j.likelihood), bi, ji)
        });
        Listings { urls, timeline, timeline_paths, quotes, questions, judgments }
    }
}

/// The timeline's pages: one page when the whole timeline fits, else one folder per year
/// (itself paginated when a year holds more than a page).
#[derive(Debug, Clone)]
pub struct TimelinePlan {
    /// (path, range of timeline entries, year if split by year).
    pub pages: Vec<(String, std::ops::Range<usize>, Option<i32>)>,
    /// For each timeline entry, the path of its page.
    pub page_of: Vec<usize>,
}

pub fn timeline_plan(site: &Site) -> TimelinePlan {
    let n = site.timeline.len();
    let size = site.config.page_size;
    let mut pages = Vec::new();
    if n <= size {
        pages.push(("timeline/".to_string(), 0..n, None));
    } else {
        let mut start = 0;
        while start < n {
            let year = site.timeline[start].date.year();
            let mut end = start;
            while end < n && site.timeline[end].date.year() == year {
                end += 1;
            }
            let base = format!("timeline/{year}/");
            for (i, r) in chunks(end - start, size).into_iter().enumerate() {
                pages.push((page(&base, i + 1), start + r.start..start + r.end, Some(year)));
            }
            start = end;
        }
    }
    let mut page_of = vec![0; n];
    for (pi, (_, r, _)) in pages.iter().enumerate() {
        for i in r.clone() {
            page_of[i] = pi;
        }
    }
    TimelinePlan { pages, page_of }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_links() {
        let u = Urls { portable: false };
        assert_eq!(u.link("", "actors/x/"), "actors/x/");
        assert_eq!(u.link("briefings/a/", "actors/x/"), "../../actors/x/");
        assert_eq!(u.link("briefings/a/", ""), "../../");
        assert_eq!(u.link("", ""), "./");
        assert_eq!(u.anchor("briefings/a/", "briefings/a/", "q"), "#q");
        let p = Urls { portable: true };
        assert_eq!(p.link("tags/", ""), "../index.html");
        assert_eq!(p.link("", "style.css"), "style.css");
        assert_eq!(p.prefix("tags/x/"), "../../");
        assert_eq!(p.prefix(""), "");
        // A path in parts links as the whole path does, in both styles.
        for urls in [u, p] {
            for from in ["", "briefings/a/", "actors/x/", "timeline/1961/page/2/"] {
                for to in [["briefings/", "a", "/"], ["actors/", "x", "/"], ["", "", ""]] {
                    let whole = to.concat();
                    assert_eq!(urls.link_parts(from, &to, &[]), urls.link(from, &whole));
                    assert_eq!(urls.link_parts(from, &to, &["passage-", "q"]), urls.anchor(from, &whole, "passage-q"));
                }
            }
        }
    }

    #[test]
    fn chunking() {
        assert_eq!(chunks(3, 10), vec![0..3]);
        assert_eq!(chunks(0, 10), vec![0..0]);
        assert_eq!(chunks(25, 10), vec![0..10, 10..20, 20..25]);
        assert_eq!(page("tags/x/", 1), "tags/x/");
        assert_eq!(page("tags/x/", 3), "tags/x/page/3/");
    }
}

//! `/timeline/`: every event of every briefing, earliest first, with its picture. A timeline
//! longer than `page_size` is split by year (`/timeline/1961/`, itself split into pages when a
//! year is too long), and `/timeline/` then lists the years with the picture of the whole.

use super::{At, Built, Page};
use crate::model::Site;
use crate::render::layout::Listings;
use crate::render::pictures::{self, TimelinePicture};
use crate::render::views::{Cx, EventView, Pager};
use serde::Serialize;

/// A page of the timeline: the whole of it, a year, or a page of a year.
pub struct TimelinePage;

/// `/timeline/` when the timeline is split by year: the years, and the picture of the whole.
pub struct TimelineIndex;

#[derive(Serialize, Hash)]
pub struct TimelineModel<'a> {
    /// The events of this page by year, or by decade where the years are many and thin.
    pub years: Vec<YearGroup<'a>>,
    /// The picture (SVG) of this page's events, or of the whole timeline on the index.
    pub picture: Option<TimelinePicture<'a>>,
    /// One link per year when the timeline is split (empty otherwise).
    pub pages: Vec<YearLink>,
    pub split: bool,
    /// This is the index of years.
    pub index: bool,
    /// Events on the whole timeline.
    pub total: usize,
    /// Between the pages of one year.
    pub pager: Option<Pager>,
}

/// Events of one year (`year-1961`, `1961`) or of a decade (`decade-1890s`, `1890s`).
#[derive(Serialize, Hash)]
pub struct YearGroup<'a> {
    pub id: String,
    pub label: String,
    pub events: Vec<EventView<'a>>,
}

#[derive(Serialize, Hash)]
pub struct YearLink {
    pub label: String,
    pub url: String,
    pub current: bool,
    pub count: usize,
}

impl Page for TimelinePage {
    const NAME: &'static str = "timeline";
    const TEMPLATE: &'static str = "timeline.html";
    const SECTION: &'static str = "timeline";
    type Model<'a> = TimelineModel<'a>;

    fn plan(_: &Site, lists: &Listings) -> Vec<(String, At)> {
        lists.timeline.pages.iter().enumerate().map(|(p, (path, _, _))| (path.clone(), At { item: p, n: 1 })).collect()
    }

    fn build<'a>(cx: &Cx<'a>, at: At) -> Built<TimelineModel<'a>> {
        timeline(cx, Some(at.item))
    }
}

impl Page for TimelineIndex {
    const NAME: &'static str = "timeline index";
    const TEMPLATE: &'static str = "timeline.html";
    const SECTION: &'static str = "timeline";
    type Model<'a> = TimelineModel<'a>;

    fn plan(_: &Site, lists: &Listings) -> Vec<(String, At)> {
        let split = lists.timeline.pages.first().is_some_and(|p| p.2.is_some());
        if split {
            vec![("timeline/".into(), At::default())]
        } else {
            Vec::new()
        }
    }

    fn build<'a>(cx: &Cx<'a>, _: At) -> Built<TimelineModel<'a>> {
        timeline(cx, None)
    }
}

/// A timeline page (`Some(page of the plan)`), or the index of years when it is split (`None`).
fn timeline<'a>(cx: &Cx<'a>, p: Option<usize>) -> Built<TimelineModel<'a>> {
    let (site, plan) = (cx.site, &cx.lists.timeline);
    let (range, year) = match p {
        Some(p) => (plan.pages[p].1.clone(), plan.pages[p].2),
        None => (0..0, None),
    };
    let entries: Vec<usize> = if p.is_some() { range.collect() } else { (0..site.timeline.len()).collect() };
    let picture = pictures::timeline(cx, &entries, "timeline-picture");
    let years = if p.is_some() { groups(cx, &entries) } else { Vec::new() };
    // One link per year (a year split over several pages links its first page).
    let mut pages: Vec<YearLink> = Vec::new();
    for (i, (path, r, y)) in plan.pages.iter().enumerate() {
        let Some(y) = y else { continue };
        if path.contains("/page/") {
            if let Some(last) = pages.last_mut() {
                last.count += r.len();
                last.current |= p == Some(i);
            }
            continue;
        }
        pages.push(YearLink { label: y.to_string(), url: cx.to(path), current: p == Some(i), count: r.len() });
    }
    let pager = p.and_then(|p| {
        let (path, _, y) = &plan.pages[p];
        let y = (*y)?;
        let base = format!("timeline/{y}/");
        let total = plan.pages.iter().filter(|(_, _, yy)| *yy == Some(y)).count();
        let n = path
            .strip_prefix(&base)
            .and_then(|r| r.strip_prefix("page/"))
            .and_then(|r| r.trim_end_matches('/').parse().ok())
            .unwrap_or(1);
        cx.pager(&base, n, total)
    });
    let title = match year {
        Some(y) => format!("Timeline: {y}"),
        None => "Timeline".to_string(),
    };
    let page = TimelineModel {
        years,
        picture,
        split: !pages.is_empty(),
        pages,
        index: p.is_none(),
        total: site.timeline.len(),
        pager,
    };
    Built { title, description: format!("Every event recorded in {}, earliest first", site.config.title), page }
}

/// A page of events over at most this many years is listed by year.
const YEAR_GROUPS: usize = 12;
/// Or when its years hold this many events each on average.
const BUSY_YEAR: usize = 3;

/// The timeline `entries` (earliest first) grouped by year, or by decade where years would be
/// many and thin: one kind of group for the whole page, never years beside decades.
fn groups<'a>(cx: &Cx<'a>, entries: &[usize]) -> Vec<YearGroup<'a>> {
    let site = cx.site;
    let year = |ti: &usize| site.timeline[*ti].date.year();
    let years = entries.chunk_by(|a, b| year(a) == year(b)).count();
    let by_year = years <= YEAR_GROUPS || entries.len() >= BUSY_YEAR * years;
    let period = |ti: &usize| if by_year { year(ti) } else { year(ti).div_euclid(10) * 10 };
    entries
        .chunk_by(|a, b| period(a) == period(b))
        .map(|chunk| {
            let p = period(&chunk[0]);
            let (id, label) =
                if by_year { (format!("year-{p}"), p.to_string()) } else { (format!("decade-{p}s"), format!("{p}s")) };
            YearGroup { id, label, events: chunk.iter().map(|&ti| cx.event(ti)).collect() }
        })
        .collect()
}

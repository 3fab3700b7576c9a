//! The pages of the site: which exist (`plan`), and the template context of each (`context`).
//!
//! Planning is cheap and sequential; building contexts and rendering runs per page in parallel.

mod shared;

use super::layout::{self, chunks, TimelinePlan, Urls};
use super::markdown::{self, BodyContext};
use super::pictures;
use super::views::{pager, Views};
use super::{digest, memo};
use crate::model::{ActorKind, QuestionStatus, Site};
use serde::Serialize;
use shared::{Linked, Shared};
use tera::Value;

/// A map for templates, `obj! { "key" => value, … }`: each value goes straight into a template
/// value (no intermediate JSON), in the order written, so page keys hash deterministically.
macro_rules! obj {
    ($($k:literal => $v:expr),* $(,)?) => {{
        Value::from_serializable(&Obj(&[$(($k, Value::from_serializable(&$v))),*]))
    }};
}

/// The entries of a template map, in order (`obj!`): serialized as a map, they become a
/// template value in one pass (the values themselves pass through as they are).
struct Obj<'e>(&'e [(&'static str, Value)]);

impl Serialize for Obj<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in self.0 {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

/// The template context of a page built by `context`.
pub fn to_context(value: Value) -> tera::Context {
    let mut ctx = tera::Context::new();
    if let Some(map) = value.into_map() {
        for (k, v) in map {
            ctx.insert_value(k.to_string(), v);
        }
    }
    ctx
}
use fxhash::FxHashMap as HashMap;

/// One page to render.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Spec {
    /// Page n (1-based) of the home listing.
    Home(usize),
    Briefing(usize),
    Actors,
    /// Actor, page n (1-based) of their briefings.
    Actor(usize, usize),
    /// Page of the timeline plan.
    Timeline(usize),
    /// `/timeline/` when the timeline is split by year: the list of years.
    TimelineIndex,
    Questions(usize),
    Quotes(usize),
    Tags,
    /// Tag index, page n.
    Tag(usize, usize),
    Search,
    NotFound,
}

/// Everything the page contexts share, computed once per build.
pub struct Plan {
    pub urls: Urls,
    pub timeline: TimelinePlan,
    /// Path of the timeline page of each timeline entry.
    pub timeline_paths: Vec<String>,
    /// All quotes as (briefing, quote), in the quotes index order (by speaker).
    pub quotes: Vec<(usize, usize)>,
    /// All questions as (briefing, question), in index order (by status, newest briefing first).
    pub questions: Vec<(usize, usize)>,
    pub specs: Vec<Spec>,
    /// Values many pages show alike (links, cards, events), built once.
    shared: Shared,
}

pub fn plan(site: &Site, urls: Urls) -> Plan {
    let size = site.config.page_size;
    let timeline = layout::timeline_plan(site);
    let timeline_paths = timeline.page_of.iter().map(|&p| timeline.pages[p].0.clone()).collect();
    let mut quotes: Vec<(usize, usize)> = site.actors.iter().flat_map(|a| a.quotes.iter().copied()).collect();
    quotes.dedup();
    let mut questions: Vec<(usize, usize)> =
        site.briefings.iter().enumerate().flat_map(|(bi, b)| (0..b.questions.len()).map(move |qi| (bi, qi))).collect();
    questions.sort_by_key(|&(bi, qi)| (site.briefings[bi].questions[qi].status, bi, qi));

    let mut specs = Vec::new();
    specs.extend((1..=chunks(site.briefings.len(), size).len()).map(Spec::Home));
    specs.extend((0..site.briefings.len()).map(Spec::Briefing));
    specs.push(Spec::Actors);
    for (ai, a) in site.actors.iter().enumerate() {
        specs.extend((1..=chunks(a.briefings.len(), size).len()).map(|n| Spec::Actor(ai, n)));
    }
    if timeline.pages.first().is_some_and(|p| p.2.is_some()) {
        specs.push(Spec::TimelineIndex);
    }
    specs.extend((0..timeline.pages.len()).map(Spec::Timeline));
    specs.extend((1..=chunks(questions.len(), size).len()).map(Spec::Questions));
    specs.extend((1..=chunks(quotes.len(), size).len()).map(Spec::Quotes));
    specs.push(Spec::Tags);
    for (ti, t) in site.tags.iter().enumerate() {
        specs.extend((1..=chunks(t.briefings.len(), size).len()).map(|n| Spec::Tag(ti, n)));
    }
    specs.push(Spec::Search);
    specs.push(Spec::NotFound);
    Plan { urls, timeline, timeline_paths, quotes, questions, specs, shared: Shared::new(site) }
}

/// The folder path of a page (`briefings/x/`), or the file path for the 404 page.
pub fn path(site: &Site, plan: &Plan, spec: &Spec) -> String {
    match spec {
        Spec::Home(n) => layout::page("", *n),
        Spec::Briefing(b) => layout::briefing(&site.briefings[*b].slug),
        Spec::Actors => "actors/".into(),
        Spec::Actor(a, n) => layout::page(&layout::actor(&site.actors[*a].id), *n),
        Spec::Timeline(p) => plan.timeline.pages[*p].0.clone(),
        Spec::TimelineIndex => "timeline/".into(),
        Spec::Questions(n) => layout::page("questions/", *n),
        Spec::Quotes(n) => layout::page("quotes/", *n),
        Spec::Tags => "tags/".into(),
        Spec::Tag(t, n) => layout::page(&layout::tag(&site.tags[*t].slug), *n),
        Spec::Search => super::search::PAGE.into(),
        Spec::NotFound => "404.html".into(),
    }
}

/// The template that renders a page.
pub fn template(spec: &Spec) -> &'static str {
    match spec {
        Spec::Home(_) => "home.html",
        Spec::Briefing(_) => "briefing.html",
        Spec::Actors => "actors.html",
        Spec::Actor(..) => "actor.html",
        Spec::Timeline(_) | Spec::TimelineIndex => "timeline.html",
        Spec::Questions(_) => "questions.html",
        Spec::Quotes(_) => "quotes.html",
        Spec::Tags => "tags.html",
        Spec::Tag(..) => "tag.html",
        Spec::Search => "search.html",
        Spec::NotFound => "404.html",
    }
}

#[derive(Serialize)]
struct NavItem {
    label: &'static str,
    url: String,
    current: bool,
}

/// The context of one page: shared keys (`site`, `root`, `nav`, `title`, …) plus the page's own.
/// With `memo`, briefing bodies and pictures come from (and go to) the memos of incremental
/// rebuilds.
pub fn context(site: &Site, plan: &Plan, spec: &Spec, page_path: &str, memo: Option<memo::Use>) -> Value {
    // The 404 page is served at any depth; its links are written from the site root.
    let link_from = if *spec == Spec::NotFound { "" } else { page_path };
    let v = Views { site, urls: plan.urls, page: link_from, timeline_pages: &plan.timeline_paths, memo };
    let section = match spec {
        Spec::Home(_) | Spec::Briefing(_) => "briefings",
        Spec::Actors | Spec::Actor(..) => "actors",
        Spec::Timeline(_) | Spec::TimelineIndex => "timeline",
        Spec::Questions(_) => "questions",
        Spec::Quotes(_) => "quotes",
        Spec::Tags | Spec::Tag(..) => "tags",
        Spec::Search => "search",
        Spec::NotFound => "",
    };
    // The links every page has (menu, root, style sheets, feed) depend only on the page's
    // depth, the URL style and the section: while page keys are taken, one stand-in hashes
    // those (see `memo::Use`).
    if memo.is_some_and(|m| m.stand_ins) {
        let depth = link_from.matches('/').count();
        let chrome = digest::of_hashed(b"page links", &(depth, plan.urls.portable, section));
        let links = memo::hand_out(&memo::stand_in(chrome));
        return assemble(
            site,
            plan,
            spec,
            page_path,
            &v,
            (section, [links, Value::from(""), Value::from(""), Value::from("")]),
        );
    }
    let nav: Vec<NavItem> = [
        ("Briefings", "", "briefings"),
        ("Actors", "actors/", "actors"),
        ("Timeline", "timeline/", "timeline"),
        ("Questions", "questions/", "questions"),
        ("Quotes", "quotes/", "quotes"),
        ("Tags", "tags/", "tags"),
        ("Search", super::search::PAGE, "search"),
    ]
    .into_iter()
    .map(|(label, to, s)| NavItem { label, url: v.to(to), current: s == section })
    .collect();
    let assets = plan.urls.prefix(link_from);
    let feed = format!("{assets}{}", super::feed::PATH);
    let links = [Value::from_serializable(&nav), Value::from(v.to("")), Value::from(assets), Value::from(feed)];
    assemble(site, plan, spec, page_path, &v, (section, links))
}

/// `context`, given the page's section and the links every page has: the menu, the root, the
/// assets' prefix and the feed.
fn assemble(
    site: &Site,
    plan: &Plan,
    spec: &Spec,
    page_path: &str,
    v: &Views,
    (section, links): (&str, [Value; 4]),
) -> Value {
    let [nav, root, assets, feed] = links;
    let canonical =
        if *spec == Spec::NotFound { String::new() } else { format!("{}{}", site.config.base_url, page_path) };
    let l = plan.shared.linked(v);
    let (title, description, own) = own_context(site, plan, spec, &l, v, page_path);
    // Every page has a description for meta tags and link previews; the site's stands in.
    let description = if description.trim().is_empty() { site.config.description.clone() } else { description };
    let og_type = if matches!(spec, Spec::Briefing(_)) { "article" } else { "website" };
    let site_info = obj! {
        "title" => site.config.title,
        "description" => site.config.description,
        "language" => site.config.language,
        "author" => site.config.author,
    };
    obj! { "site" => site_info, "root" => root, "assets" => assets, "feed" => feed, "og_type" => og_type, "og_url" => format!("{}{}", site.config.base_url, page_path), "nav" => nav, "section" => section, "title" => title, "description" => description, "canonical" => canonical, "page" => own }
}

fn own_context(
    site: &Site,
    plan: &Plan,
    spec: &Spec,
    l: &Linked,
    v: &Views,
    page_path: &str,
) -> (String, String, Value) {
    let size = site.config.page_size;
    match spec {
        Spec::Home(n) => {
            let pages = chunks(site.briefings.len(), size);
            let cards: Vec<_> = pages[n - 1].clone().map(|b| l.card(b)).collect();
            let title = if *n == 1 { site.config.title.clone() } else { format!("{} — page {n}", site.config.title) };
            // Counted once in the plan (not once per page of the listing): every quote is in
            // `plan.quotes` once, under its speaker; every question in `plan.questions`.
            let stats = obj! { "briefings" => site.briefings.len(), "actors" => site.actors.len(), "events" => site.timeline.len(), "quotes" => plan.quotes.len(), "questions" => plan.questions.len() };
            (
                title,
                site.config.description.clone(),
                obj! { "briefings" => cards, "stats" => stats, "pager" => pager(plan.urls, v.page, "", *n, pages.len()) },
            )
        }
        Spec::Briefing(bi) => briefing(site, l, v, *bi, page_path),
        Spec::Actors => actors_index(site, l, v),
        Spec::Actor(ai, n) => actor(site, plan, l, v, (*ai, *n), page_path),
        Spec::Timeline(p) => timeline(site, plan, l, v, Some(*p)),
        Spec::TimelineIndex => timeline(site, plan, l, v, None),
        Spec::Questions(n) => {
            let pages = chunks(plan.questions.len(), size);
            let mut groups: Vec<(QuestionStatus, Vec<Value>)> = Vec::new();
            for &(bi, qi) in &plan.questions[pages[n - 1].clone()] {
                let status = site.briefings[bi].questions[qi].status;
                if groups.last().is_none_or(|g| g.0 != status) {
                    groups.push((status, Vec::new()));
                }
                if let Some(g) = groups.last_mut() {
                    g.1.push(l.question(bi, qi));
                }
            }
            let groups: Vec<Value> =
                groups.into_iter().map(|(s, qs)| obj! { "status" => s.name(), "questions" => qs }).collect();
            let title = paged_title("Questions", *n);
            (
                title,
                format!("Every question raised in {}", site.config.title),
                obj! { "groups" => groups, "total" => plan.questions.len(), "pager" => pager(plan.urls, v.page, "questions/", *n, pages.len()) },
            )
        }
        Spec::Quotes(n) => {
            let pages = chunks(plan.quotes.len(), size);
            let mut groups: Vec<(usize, Vec<Value>)> = Vec::new();
            for &(bi, qi) in &plan.quotes[pages[n - 1].clone()] {
                let by = site.briefings[bi].quotes[qi].by;
                if groups.last().is_none_or(|g| g.0 != by) {
                    groups.push((by, Vec::new()));
                }
                if let Some(g) = groups.last_mut() {
                    g.1.push(l.quote(bi, qi));
                }
            }
            let groups: Vec<Value> =
                groups.into_iter().map(|(a, qs)| obj! { "speaker" => l.actor(a), "quotes" => qs }).collect();
            (
                paged_title("Quotes", *n),
                format!("Every quote annotated in {}", site.config.title),
                obj! { "groups" => groups, "total" => plan.quotes.len(), "pager" => pager(plan.urls, v.page, "quotes/", *n, pages.len()) },
            )
        }
        Spec::Tags => {
            let tags: Vec<Value> = site
                .tags
                .iter()
                .map(|t| obj! { "name" => t.name, "url" => v.to(&layout::tag(&t.slug)), "count" => t.briefings.len() })
                .collect();
            ("Tags".into(), format!("Tags of {}", site.config.title), obj! { "tags" => tags })
        }
        Spec::Tag(ti, n) => {
            let t = &site.tags[*ti];
            let pages = chunks(t.briefings.len(), size);
            let cards: Vec<_> = t.briefings[pages[n - 1].clone()].iter().map(|&b| l.card(b)).collect();
            let base = layout::tag(&t.slug);
            (
                paged_title(&format!("Tag: {}", t.name), *n),
                format!("Briefings tagged {}", t.name),
                obj! { "tag" => t.name, "briefings" => cards, "total" => t.briefings.len(), "pager" => pager(plan.urls, v.page, &base, *n, pages.len()) },
            )
        }
        Spec::Search => (
            "Search".into(),
            format!("Search the briefings, actors, quotes and questions of {}", site.config.title),
            obj! { "index" => super::search::FROM_PAGE },
        ),
        Spec::NotFound => ("Page not found".into(), String::new(), obj! {}),
    }
}

fn paged_title(base: &str, n: usize) -> String {
    if n == 1 {
        base.to_string()
    } else {
        format!("{base} — page {n}")
    }
}

fn briefing(site: &Site, l: &Linked, v: &Views, bi: usize, page_path: &str) -> (String, String, Value) {
    let b = &site.briefings[bi];
    let cx = BodyContext { site, urls: v.urls, page: page_path, file: &b.file, briefing: Some(bi) };
    let body = match v.memo {
        Some(m) => m.memo.body(b.body(), &cx, m.stand_ins),
        None => Value::from(markdown::render(b.body(), &cx)),
    };
    let description = b.summary.clone().unwrap_or_default();
    let answers: Vec<Value> = b
        .answers
        .iter()
        .map(|&(ob, qi)| {
            let q = v.question_by(l, ob, qi);
            obj! { "question" => q.text, "url" => q.url, "briefing" => q.briefing }
        })
        .collect();
    let events: Vec<_> = b.events.iter().map(|e| e.timeline).collect::<Vec<_>>();
    let mut events_sorted = events.clone();
    events_sorted.sort_unstable();
    events_sorted.dedup();
    let page = obj! { "title" => b.title, "slug" => b.slug, "date" => b.date.long(), "datetime" => b.date.iso(), "updated" => b.updated.map(|u| u.long()), "updated_datetime" => b.updated.map(|u| u.iso()), "author" => b.author, "source" => b.source, "summary" => b.summary, "draft" => b.draft, "tags" => b.tags.iter().map(|t| v.tag_link(t)).collect::<Vec<_>>(), "body" => body, "actors" => b.actors.iter().map(|&a| l.actor(a)).collect::<Vec<_>>(), "quotes" => (0..b.quotes.len()).map(|qi| l.quote(bi, qi)).collect::<Vec<_>>(), "questions" => (0..b.questions.len()).map(|qi| l.question(bi, qi)).collect::<Vec<_>>(), "events" => events_sorted.iter().map(|&t| l.event(t)).collect::<Vec<_>>(), "picture" => pictures::timeline(site, v, &events_sorted, "briefing-timeline", pictures::NARROW), "related" => b.related.iter().map(|&r| l.card(r)).collect::<Vec<_>>(), "backlinks" => b.backlinks.iter().map(|&r| l.briefing(r)).collect::<Vec<_>>(), "answers" => answers };
    (b.title.clone(), description, page)
}

fn actors_index(site: &Site, l: &Linked, v: &Views) -> (String, String, Value) {
    let groups: Vec<Value> = ActorKind::ALL
        .iter()
        .filter_map(|&k| {
            let list: Vec<Value> = site
                .actors
                .iter()
                .enumerate()
                .filter(|(_, a)| a.kind == k)
                .map(|(i, a)| obj! { "actor" => l.actor(i), "briefings" => a.briefings.len(), "quotes" => a.quotes.len(), "events" => a.events.len() })
                .collect();
            (!list.is_empty()).then(|| obj! { "kind" => k.name(), "label" => k.plural(), "actors" => list })
        })
        .collect();
    (
        "Actors".into(),
        format!("The people, countries and organisations of {}", site.config.title),
        obj! { "groups" => groups, "total" => site.actors.len(), "network" => pictures::network(site, v, None) },
    )
}

/// How many companions an actor page lists.
const CO_ACTORS: usize = 12;

/// An actor page. An actor in more than `page_size` briefings gets several pages: each lists
/// one slice of their briefings with the quotes and events recorded in that slice; the profile
/// and companions are on the first.
fn actor(
    site: &Site,
    plan: &Plan,
    l: &Linked,
    v: &Views,
    (ai, n): (usize, usize),
    page_path: &str,
) -> (String, String, Value) {
    let a = &site.actors[ai];
    let pages = chunks(a.briefings.len(), site.config.page_size);
    let slice = pages[n - 1].clone();
    // Position of each of the actor's briefings in their list, to place quotes and events.
    let pos: HashMap<usize, usize> = a.briefings.iter().enumerate().map(|(i, &b)| (b, i)).collect();
    let on_page = |bi: usize| pos.get(&bi).is_some_and(|p| slice.contains(p));
    let first_page = n == 1;
    let bio = a.bio.as_ref().filter(|_| first_page).map(|md| {
        let cx = BodyContext { site, urls: v.urls, page: page_path, file: &a.origin.file, briefing: None };
        markdown::render(md, &cx)
    });
    let description = match &a.role {
        Some(r) => format!("{} — {}", a.name, r),
        None => a.name.clone(),
    };
    let event_ids: Vec<usize> = a
        .events
        .iter()
        .copied()
        .filter(|&t| {
            let first = site.timeline[t].sources.iter().filter_map(|(bi, _)| pos.get(bi)).min();
            // An event whose recording briefings do not list the actor goes on the first page.
            first.map_or(first_page, |p| slice.contains(p))
        })
        .collect();
    let events: Vec<_> = event_ids.iter().map(|&t| l.event(t)).collect();
    let co_actors: Vec<Value> = if first_page {
        a.co_actors.iter().take(CO_ACTORS).map(|&(o, c)| obj! { "actor" => l.actor(o), "count" => c }).collect()
    } else {
        Vec::new()
    };
    let page = obj! { "id" => a.id, "name" => a.name, "kind" => a.kind.name(), "role" => a.role, "affiliation" => a.affiliation.map(|x| l.actor(x)), "members" => if first_page { a.members.iter().map(|&m| l.actor(m)).collect::<Vec<_>>() } else { Vec::new() }, "aliases" => a.aliases, "bio" => bio, "briefings" => a.briefings[slice.clone()].iter().map(|&b| l.entry(b)).collect::<Vec<_>>(), "briefing_count" => a.briefings.len(), "mentioned_in" => if first_page { a.mentioned_in.iter().map(|&b| l.briefing(b)).collect::<Vec<_>>() } else { Vec::new() }, "quotes" => a.quotes.iter().filter(|(b, _)| on_page(*b)).map(|&(b, q)| l.quote(b, q)).collect::<Vec<_>>(), "events" => events, "picture" => pictures::timeline(site, v, &event_ids, "actor-timeline", pictures::WIDE), "network" => if first_page { pictures::network(site, v, Some(ai)) } else { None }, "co_actors" => co_actors, "pager" => pager(plan.urls, v.page, &layout::actor(&a.id), n, pages.len()) };
    (paged_title(&a.name, n), description, page)
}

#[derive(Serialize)]
struct YearLink {
    label: String,
    url: String,
    current: bool,
    count: usize,
}

/// A timeline page (`Some(page of the plan)`), or the index of years when it is split (`None`).
fn timeline(site: &Site, plan: &Plan, l: &Linked, v: &Views, p: Option<usize>) -> (String, String, Value) {
    let (range, year) = match p {
        Some(p) => (plan.timeline.pages[p].1.clone(), plan.timeline.pages[p].2),
        None => (0..0, None),
    };
    let entries: Vec<usize> = if p.is_some() { range.collect() } else { (0..site.timeline.len()).collect() };
    let picture = pictures::timeline(site, v, &entries, "timeline-picture", pictures::WIDE);
    let years = if p.is_some() { groups(site, l, &entries) } else { Vec::new() };
    // One link per year (a year split over several pages links its first page).
    let mut pages: Vec<YearLink> = Vec::new();
    for (i, (path, r, y)) in plan.timeline.pages.iter().enumerate() {
        let Some(y) = y else { continue };
        if path.contains("/page/") {
            if let Some(last) = pages.last_mut() {
                last.count += r.len();
                last.current |= p == Some(i);
            }
            continue;
        }
        pages.push(YearLink { label: y.to_string(), url: v.to(path), current: p == Some(i), count: r.len() });
    }
    let pager = p.and_then(|p| {
        let (path, _, y) = &plan.timeline.pages[p];
        let y = (*y)?;
        let base = format!("timeline/{y}/");
        let total = plan.timeline.pages.iter().filter(|(_, _, yy)| *yy == Some(y)).count();
        let n = path
            .strip_prefix(&base)
            .and_then(|r| r.strip_prefix("page/"))
            .and_then(|r| r.trim_end_matches('/').parse().ok())
            .unwrap_or(1);
        (total > 1).then(|| pager(plan.urls, v.page, &base, n, total))
    });
    let title = match year {
        Some(y) => format!("Timeline: {y}"),
        None => "Timeline".to_string(),
    };
    let page = obj! { "years" => years, "picture" => picture, "pages" => pages, "split" => !pages.is_empty(), "index" => p.is_none(), "total" => site.timeline.len(), "pager" => pager };
    (title, format!("Every event recorded in {}, earliest first", site.config.title), page)
}

/// A decade with at most this many events, spread over several years, is listed as one group.
const SPARSE_DECADE: usize = 3;

/// The timeline `entries` (earliest first) grouped by year, or by decade where a decade is
/// sparse: `{id, label, events}`.
fn groups(site: &Site, l: &Linked, entries: &[usize]) -> Vec<Value> {
    let mut decades: Vec<(i32, Vec<usize>)> = Vec::new();
    for &ti in entries {
        let d = site.timeline[ti].date.year().div_euclid(10) * 10;
        if decades.last().is_none_or(|x| x.0 != d) {
            decades.push((d, Vec::new()));
        }
        if let Some(x) = decades.last_mut() {
            x.1.push(ti);
        }
    }
    let mut out = Vec::new();
    let event = |ti: usize| l.event(ti);
    for (d, list) in decades {
        let year = |ti: &usize| site.timeline[*ti].date.year();
        let several_years = list.first().map(year) != list.last().map(year);
        if several_years && list.len() <= SPARSE_DECADE {
            let events: Vec<Value> = list.iter().map(|&ti| event(ti)).collect();
            out.push(obj! { "id" => format!("decade-{d}s"), "label" => format!("{d}s"), "events" => events });
            continue;
        }
        for chunk in list.chunk_by(|a, b| year(a) == year(b)) {
            let y = year(&chunk[0]);
            let events: Vec<Value> = chunk.iter().map(|&ti| event(ti)).collect();
            out.push(obj! { "id" => format!("year-{y}"), "label" => y.to_string(), "events" => events });
        }
    }
    out
}

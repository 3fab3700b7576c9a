//! The timeline and network pictures, checked as a reader's browser would get them: built from
//! fixture sites, cut out of the pages, parsed as XML, and measured.

use crate::support::{self, attrs, broken_links, texts, Site};
use dossier::render::svg::{text_width, ASCENT, DESCENT};
use std::path::Path;

/// The century fixture (events from c. 1890 to 2031) built into a temp folder.
fn century() -> (tempfile::TempDir, std::path::PathBuf) {
    let out = tempfile::tempdir().expect("temp dir");
    let root = support::fixture("century");
    let opts = dossier::BuildOptions { root, output: Some(out.path().join("site")), ..Default::default() };
    let report = dossier::build(&opts).expect("build runs");
    assert!(!report.findings.has_errors(), "{}", report.findings.render());
    let site = out.path().join("site");
    (out, site)
}

fn read(site: &Path, rel: &str) -> String {
    std::fs::read_to_string(site.join(rel).join("index.html")).expect("page")
}

/// Every `<svg>…</svg>` of a page with `class` among its classes.
fn svgs(html: &str, class: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find("<svg") {
        let j = rest[i..].find("</svg>").expect("closed svg") + i + 6;
        let svg = &rest[i..j];
        let open = &svg[..svg.find('>').unwrap_or(0)];
        if open.contains(&format!("class=\"{class}")) || open.contains(&format!(" {class}\"")) {
            out.push(svg.to_string());
        }
        rest = &rest[j..];
    }
    out
}

fn num(n: roxmltree::Node, attr: &str) -> f64 {
    n.attribute(attr).and_then(|v| v.parse().ok()).unwrap_or_else(|| panic!("{attr} on {n:?}"))
}

/// An attribute of `n` or of its nearest ancestor that has it (`font-size` is set on groups).
fn inherited<'a>(n: roxmltree::Node<'a, 'a>, attr: &str) -> Option<&'a str> {
    n.ancestors().find_map(|a| a.attribute(attr))
}

/// The boxes of every line of every `<text>` of an SVG (a line is the text's own text or a
/// `<tspan>` that starts a new line), from its position, anchor and font size and the
/// documented font-metric approximation.
fn label_boxes(doc: &roxmltree::Document) -> Vec<(String, [f64; 4])> {
    let mut out = Vec::new();
    for n in doc.descendants().filter(|n| n.has_tag_name("text")) {
        let size: f64 =
            inherited(n, "font-size").and_then(|v| v.parse().ok()).unwrap_or_else(|| panic!("size of {n:?}"));
        let (x, mut y) = (num(n, "x"), num(n, "y"));
        let anchor = inherited(n, "text-anchor");
        let mut lines: Vec<(f64, f64, String)> = vec![(x, y, n.text().unwrap_or("").to_string())];
        for t in n.children().filter(|c| c.has_tag_name("tspan")) {
            y += num(t, "dy");
            lines.push((num(t, "x"), y, t.text().unwrap_or("").to_string()));
        }
        for (x, y, text) in lines {
            let w = text_width(&text, size);
            let x0 = match anchor {
                Some("end") => x - w,
                Some("middle") => x - w / 2.0,
                _ => x,
            };
            out.push((text, [x0, y - size * ASCENT, x0 + w, y + size * DESCENT]));
        }
    }
    out
}

fn assert_no_overlaps(svg: &str) {
    let doc = roxmltree::Document::parse(svg).expect("well-formed SVG");
    let view: Vec<f64> =
        doc.root_element().attribute("viewBox").unwrap_or("").split(' ').filter_map(|v| v.parse().ok()).collect();
    let boxes = label_boxes(&doc);
    assert!(!boxes.is_empty());
    for (i, (t, a)) in boxes.iter().enumerate() {
        assert!(a[0] >= -0.05 && a[2] <= view[2] + 0.05 && a[1] >= -0.05 && a[3] <= view[3] + 0.05, "{t} outside");
        for (u, b) in &boxes[i + 1..] {
            let overlap = a[0] < b[2] - 0.05 && b[0] < a[2] - 0.05 && a[1] < b[3] - 0.05 && b[1] < a[3] - 0.05;
            assert!(!overlap, "labels overlap: {t:?} {a:?} and {u:?} {b:?}");
        }
    }
}

#[test]
fn timeline_lists_events_in_order_with_honest_precision() {
    let (_tmp, site) = century();
    let doc = scraper::Html::parse_document(&read(&site, "timeline"));
    let dates = texts(&doc, "li.event > time");
    assert_eq!(dates.len(), 32, "two briefings record the 1947 plan: one entry");
    assert_eq!(
        dates[..8],
        [
            "c. 1890",
            "May 1893",
            "c. 1899–1903",
            "1 January 1901",
            "1905",
            "14 April 1912",
            "August 1914–November 1918",
            "c. 1925"
        ]
    );
    assert_eq!(dates[dates.len() - 3..], ["c. 2027", "November 2030", "2031"]);
    let datetimes = attrs(&doc, "li.event > time", "datetime");
    let mut sorted = datetimes.clone();
    sorted.sort();
    assert_eq!(datetimes, sorted, "earliest first");
    // Many thin years over a century: the whole page is grouped by decade, never years beside
    // decades.
    let heads = texts(&doc, "section > h2");
    assert_eq!(heads[..3], ["1890s", "1900s", "1910s"]);
    assert!(heads.iter().all(|h| h.len() == 5 && h.ends_with("0s")), "{heads:?}");
    assert_eq!(attrs(&doc, "section > h2", "id")[0], "decade-1890s");
    // Actors and recording briefings are linked.
    let plan = doc
        .select(&scraper::Selector::parse("li.event").unwrap())
        .find(|e| e.text().any(|t| t.contains("Rebuilding plan")))
        .expect("1947 entry");
    let links: Vec<_> =
        plan.select(&scraper::Selector::parse("a").unwrap()).map(|a| a.text().collect::<String>()).collect();
    assert!(links.contains(&"City Council".to_string()) && links.contains(&"How the canal company began".to_string()));
    assert!(links.iter().any(|l| l.starts_with("The port since the 1960s")), "{links:?}");
}

#[test]
fn timeline_picture_has_one_linked_mark_per_event_and_labels_that_do_not_overlap() {
    let (_tmp, site) = century();
    let html = read(&site, "timeline");
    let pics = svgs(&html, "picture-timeline");
    assert_eq!(pics.len(), 1);
    let doc = roxmltree::Document::parse(&pics[0]).expect("well-formed SVG");
    let root = doc.root_element();
    let title = doc.descendants().find(|n| n.has_tag_name("title")).and_then(|n| n.text()).unwrap_or("");
    assert_eq!(title, "Timeline of 32 events, 1890–2031");
    assert!(root.attribute("aria-labelledby").is_some() && root.attribute("aria-describedby").is_some());
    let marks: Vec<_> = doc.descendants().filter(|n| n.has_tag_name("a")).collect();
    let anchors = attrs(&scraper::Html::parse_document(&html), "li.event", "id");
    let hrefs: Vec<String> = marks.iter().map(|m| m.attribute("href").unwrap_or("").to_string()).collect();
    assert_eq!(hrefs, anchors.iter().map(|a| format!("#{a}")).collect::<Vec<_>>(), "one mark per event, in order");
    // Intervals are bars, approximate dates drawn as such, escaped titles stay text.
    let mark = |needle: &str| {
        *marks
            .iter()
            .find(|m| m.descendants().any(|d| d.text().is_some_and(|t| t.contains(needle))))
            .unwrap_or_else(|| panic!("{needle}"))
    };
    assert!(mark("Wartime closure").descendants().any(|d| d.attribute("class") == Some("tl-bar")));
    assert!(mark("Dredging of the north basin")
        .descendants()
        .any(|d| d.attribute("class") == Some("tl-bar tl-approx")));
    assert!(mark("Harbour Board founded").descendants().any(|d| d.attribute("class") == Some("tl-dot tl-approx")));
    assert!(mark("<script>alert(1)</script>").descendants().all(|d| !d.has_tag_name("script")));
    assert!(!html.contains("<script"));
    // The axis marks the compressed gaps.
    assert!(doc.descendants().any(|d| d.attribute("class") == Some("tl-break")));
    assert_no_overlaps(&pics[0]);
}

#[test]
fn briefing_and_actor_pages_draw_their_own_events() {
    let (_tmp, site) = century();
    for (page, count) in [("briefings/founding", 15), ("briefings/modern", 16), ("actors/harbour-board", 16)] {
        let html = read(&site, page);
        let pics = svgs(&html, "picture-timeline");
        assert_eq!(pics.len(), 1, "{page}");
        let doc = roxmltree::Document::parse(&pics[0]).expect("well-formed SVG");
        let hrefs: Vec<&str> =
            doc.descendants().filter(|n| n.has_tag_name("a")).filter_map(|n| n.attribute("href")).collect();
        assert_eq!(hrefs.len(), count, "{page}");
        assert!(hrefs.iter().all(|h| h.starts_with("../../timeline/#event-")), "{page}: {hrefs:?}");
        assert_no_overlaps(&pics[0]);
    }
    assert_eq!(broken_links(&site), Vec::<String>::new());
}

/// Briefings about a ring of actors, written in the given file order.
fn network_site(order: &[usize]) -> Site {
    let s = Site::new();
    for &i in order {
        let actors: Vec<String> = (0..4).map(|k| format!("a{}", (i + k * k) % 9)).collect();
        s.briefing(
            &format!("file-{}", order.iter().position(|&x| x == i).unwrap_or(0)),
            &format!(
                "title: Briefing {i}\nslug: b{i}\ndate: 2024-01-{:02}\nactors: [{}]\n",
                i + 1,
                actors.iter().map(|a| format!("{{id: {a}, name: Actor {a}}}")).collect::<Vec<_>>().join(", ")
            ),
            "Text.\n",
        );
    }
    s
}

#[test]
fn network_is_the_same_for_the_same_input_in_any_file_order() {
    let order: Vec<usize> = (0..9).collect();
    let a = network_site(&order);
    a.build_ok();
    let first = svgs(&a.read("actors/"), "picture-network");
    assert_eq!(first.len(), 2, "a drawing for wide screens and one for phones");
    assert!(first[0].contains("picture-wide") && first[1].contains("picture-narrow"));
    a.build_ok();
    assert_eq!(svgs(&a.read("actors/"), "picture-network"), first, "two builds, one picture");
    let reversed: Vec<usize> = (0..9).rev().collect();
    let b = network_site(&reversed);
    b.build_ok();
    assert_eq!(svgs(&b.read("actors/"), "picture-network"), first, "file order does not matter");
    assert_eq!(svgs(&b.read("actors/a1/"), "picture-network"), svgs(&a.read("actors/a1/"), "picture-network"));
    let doc = roxmltree::Document::parse(&first[0]).expect("well-formed SVG");
    let nodes = doc.descendants().filter(|n| n.has_tag_name("circle")).count();
    assert_eq!(nodes, 9);
    assert_no_overlaps(&first[0]);
    // An actor's page draws it with its companions only.
    let own = svgs(&a.read("actors/a1/"), "picture-network");
    let doc = roxmltree::Document::parse(&own[0]).expect("well-formed SVG");
    assert!(doc.descendants().any(|n| n.attribute("class").is_some_and(|c| c.contains("net-current"))));
}

/// An actor page's picture draws the actor, named, with its relations, even when its name is
/// longer than the room beside its dot: an organisation of a long name and its one member sit
/// at the two ends of a picture of two dots.
#[test]
fn an_actor_page_draws_its_actor_whatever_the_length_of_its_name() {
    let s = Site::new();
    s.briefing(
        "think-tank",
        "title: A think tank\ndate: 2024-01-02\nactors:\n  - {id: cepa, name: Center for European Policy Analysis, kind: organization}\n  - {id: greene, name: Sam Greene}\nrelations:\n  - {from: greene, to: cepa, type: member-of}\n",
        "Sam Greene of the Center for European Policy Analysis said so.\n",
    );
    s.build_ok();
    for (page, name) in [("actors/cepa/", "Center for European Policy Analysis"), ("actors/greene/", "Sam Greene")] {
        for svg in svgs(&s.read(page), "picture-network") {
            let doc = roxmltree::Document::parse(&svg).expect("well-formed SVG");
            let current = doc.descendants().find(|n| n.attribute("class").is_some_and(|c| c.contains("net-current")));
            assert!(current.is_some(), "{page} draws its actor: {svg}");
            let named = doc.descendants().any(|n| n.has_tag_name("text") && n.text() == Some(name));
            assert!(named, "{page} names its actor: {svg}");
            assert!(svg.contains("class=\"net-tie\""), "{page} draws the relation: {svg}");
        }
    }
}

#[test]
fn long_timelines_draw_periods_and_keep_pages_small() {
    let s = Site::new();
    // 3,000 events over 300 years, 60 actors: the timeline splits by year.
    for b in 0..100 {
        let events: Vec<String> = (0..30)
            .map(|e| {
                format!(
                    "  - {{date: \"{}-{:02}\", title: \"Event {b}-{e} with a longish title\", actors: [p{}]}}",
                    1700 + (b * 3 + e) % 300,
                    1 + e % 12,
                    (b + e) % 60
                )
            })
            .collect();
        let actors: Vec<String> =
            (0..60).filter(|a| (a + b) % 7 < 3).map(|a| format!("{{id: p{a}, name: Person {a}}}")).collect();
        let actors = if actors.is_empty() { String::new() } else { format!("actors: [{}]\n", actors.join(", ")) };
        s.briefing(
            &format!("b{b}"),
            &format!("title: B{b}\ndate: 2024-01-01\n{actors}events:\n{}\n", events.join("\n")),
            "x\n",
        );
    }
    s.build_ok();
    let index = s.read("timeline/");
    let pics = svgs(&index, "picture-timeline");
    assert_eq!(pics.len(), 1);
    let doc = roxmltree::Document::parse(&pics[0]).expect("well-formed SVG");
    let bars = doc.descendants().filter(|n| n.attribute("class") == Some("tl-density")).count();
    assert!(bars > 0 && bars <= 120, "{bars} bars");
    assert!(index.len() < 200_000, "{} bytes", index.len());
    let pages = walkdir::WalkDir::new(s.out()).into_iter().flatten();
    for entry in pages.filter(|e| e.path().extension().is_some_and(|x| x == "html")) {
        let len = entry.metadata().map(|m| m.len()).unwrap_or(0);
        assert!(len < 500_000, "{} is {len} bytes", entry.path().display());
    }
    let actors = svgs(&s.read("actors/"), "picture-network");
    let doc = roxmltree::Document::parse(&actors[0]).expect("well-formed SVG");
    // At most 40 actors, every one named (one whose name fits nowhere is not drawn).
    let drawn: Vec<_> = doc.descendants().filter(|n| n.has_tag_name("a")).collect();
    assert!((20..=40).contains(&drawn.len()), "{} drawn", drawn.len());
    for a in &drawn {
        assert_eq!(a.descendants().filter(|n| n.has_tag_name("circle")).count(), 1);
        assert!(a.descendants().any(|n| n.attribute("class") == Some("net-label")), "{a:?}");
    }
    assert_eq!(broken_links(&s.out()), Vec::<String>::new());
}

/// The visit of 19 June 2024 as two briefings record it: the events of the day in the order
/// their authors wrote them, which is not the order of their titles.
fn visit() -> Site {
    let s = Site::new();
    s.briefing(
        "a-visit",
        "title: The visit\nslug: visit\ndate: 2024-06-21\nevents:\n  - {date: 2024-06-19, title: Putin arrives in Pyongyang}\n  \
         - {date: 2024-06-19, title: Putin and Kim sign the Treaty on Comprehensive Strategic Partnership}\n  \
         - {date: 2024-06-19, title: Farewell dinner and departure}\n  - {date: 2024-06-18, title: Advance team lands}\n",
        "Text.\n",
    );
    s.briefing(
        "b-reactions",
        "title: Reactions\nslug: reactions\ndate: 2024-06-22\nevents:\n  - {date: 2024-06-19, title: Seoul summons the ambassador}\n  \
         - {date: 2024-06-19, title: Farewell dinner and departure}\n  - {date: 2024-06-19, title: Putin arrives in Pyongyang}\n",
        "Text.\n",
    );
    s.build_ok();
    s
}

/// The titles of a page's event list, in order.
fn event_titles(doc: &scraper::Html) -> Vec<String> {
    texts(doc, "li.event .event-title")
}

/// The titles of a timeline picture's marks (their link titles: `date: title`), in order.
fn mark_titles(svg: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(svg).expect("well-formed SVG");
    doc.descendants()
        .filter(|n| n.has_tag_name("a"))
        .filter_map(|a| a.children().find(|c| c.has_tag_name("title")).and_then(|t| t.text()))
        .map(|t| t.split_once(": ").map_or(t, |x| x.1).to_string())
        .collect()
}

#[test]
fn events_of_one_day_keep_the_order_their_author_wrote() {
    let s = visit();
    let treaty = "Putin and Kim sign the Treaty on Comprehensive Strategic Partnership";
    // The site timeline: the first file's order, then what the second adds.
    let index = s.page("timeline/");
    let want = [
        "Advance team lands",
        "Putin arrives in Pyongyang",
        treaty,
        "Farewell dinner and departure",
        "Seoul summons the ambassador",
    ];
    assert_eq!(event_titles(&index), want);
    let pics = svgs(&s.read("timeline/"), "picture-timeline");
    assert_eq!(mark_titles(&pics[0]), want, "the picture in the list's order");
    // A few thin years (here one): grouped by year.
    assert_eq!(texts(&index, "section > h2"), ["2024"]);
    // Each briefing in its own order, even where another file recorded the event first.
    let reactions = s.page("briefings/reactions/");
    let want = ["Seoul summons the ambassador", "Farewell dinner and departure", "Putin arrives in Pyongyang"];
    assert_eq!(event_titles(&reactions), want);
    let pics = svgs(&s.read("briefings/reactions/"), "picture-timeline");
    assert_eq!(mark_titles(&pics[0]), want);
    let visit = s.page("briefings/visit/");
    assert_eq!(event_titles(&visit)[1..3], ["Putin arrives in Pyongyang", treaty]);
}

/// The lines of every label of a timeline picture, each label's lines together.
fn label_lines(svg: &str) -> Vec<Vec<String>> {
    let doc = roxmltree::Document::parse(svg).expect("well-formed SVG");
    doc.descendants()
        .filter(|n| n.attribute("class") == Some("tl-label"))
        .map(|t| t.descendants().filter(|d| d.is_text()).filter_map(|d| d.text()).map(str::to_string).collect())
        .collect()
}

#[test]
fn long_titles_wrap_onto_two_lines_before_they_are_cut() {
    let s = visit();
    let treaty = "Putin and Kim sign the Treaty on Comprehensive Strategic Partnership";
    // In the pictures of the timeline and of a briefing alike, the treaty's title is whole, on
    // two lines; short titles keep one line.
    for page in ["timeline/", "briefings/visit/"] {
        let pics = svgs(&s.read(page), "picture-timeline");
        assert_eq!(pics.len(), 1, "{page}");
        let labels = label_lines(&pics[0]);
        let long =
            labels.iter().find(|l| l[0].starts_with("Putin and Kim")).unwrap_or_else(|| panic!("{page}: {labels:?}"));
        assert_eq!(long.len(), 2, "{page}: {long:?}");
        assert_eq!(long.join(" "), treaty, "{page}: nothing cut");
        assert!(labels.iter().any(|l| l == &["Advance team lands"]), "{page}: {labels:?}");
        assert!(labels.iter().flatten().all(|l| !l.ends_with('…')), "{page}: {labels:?}");
        assert_no_overlaps(&pics[0]);
    }
    // The timeline's picture is drawn for the whole width of its column.
    let pics = svgs(&s.read("timeline/"), "picture-timeline");
    let doc = roxmltree::Document::parse(&pics[0]).expect("well-formed SVG");
    assert!(doc.root_element().attribute("viewBox").is_some_and(|v| v.starts_with("0 0 1120 ")), "{}", &pics[0][..200]);
}

/// A site of `briefings`, each about the actors `casts[i]`.
fn cast_site(casts: &[&[&str]]) -> Site {
    let s = Site::new();
    for (i, cast) in casts.iter().enumerate() {
        let actors: Vec<String> = cast.iter().map(|a| format!("{{id: {a}, name: Actor {a}}}")).collect();
        s.briefing(
            &format!("b{i}"),
            &format!("title: Briefing {i}\ndate: 2024-01-{:02}\nactors: [{}]\n", i + 1, actors.join(", ")),
            "Text.\n",
        );
    }
    s.build_ok();
    s
}

#[test]
fn no_network_where_it_would_say_nothing_the_lists_do_not() {
    // Two briefings: the lists say it all, and /actors/ ranks who appears with whom instead.
    let s = cast_site(&[&["a", "b", "c", "d"], &["a", "b", "e"]]);
    assert!(svgs(&s.read("actors/"), "picture-network").is_empty());
    let pairs = texts(&s.page("actors/"), "ol.pairs > li");
    assert_eq!(pairs[0], "Actor a and Actor b 2 briefings", "{pairs:?}");
    assert_eq!(pairs.len(), 8, "{pairs:?}");
    assert!(svgs(&s.read("actors/a/"), "picture-network").is_empty());
    assert!(!texts(&s.page("actors/a/"), "ul.co-actors > li").is_empty(), "the list of companions stays");
    // Everyone with everyone: a web of lines that says only that they all appear together.
    let s = cast_site(&[&["a", "b", "c"], &["a", "b", "c"], &["b", "c", "a"], &["c", "a", "b"]]);
    assert!(svgs(&s.read("actors/"), "picture-network").is_empty());
    assert!(svgs(&s.read("actors/a/"), "picture-network").is_empty());
    assert_eq!(texts(&s.page("actors/"), "ol.pairs > li").len(), 3);
    // An actor in two briefings of a larger site: its companions' list says it all.
    let s = cast_site(&[&["a", "b", "c"], &["a", "d"], &["b", "d", "e"], &["c", "e"], &["b", "c"]]);
    assert!(svgs(&s.read("actors/a/"), "picture-network").is_empty());
    // Who shares what with whom is not the same for everyone: drawn, and then no ranked list.
    let pics = svgs(&s.read("actors/"), "picture-network");
    assert!(!pics.is_empty());
    assert!(texts(&s.page("actors/"), "ol.pairs > li").is_empty());
    let doc = roxmltree::Document::parse(&pics[0]).expect("well-formed SVG");
    let named: Vec<&str> = doc
        .descendants()
        .filter(|n| n.attribute("class").is_some_and(|c| c.starts_with("net-label")))
        .filter_map(|n| n.text())
        .collect();
    assert_eq!(named.len(), doc.descendants().filter(|n| n.has_tag_name("circle")).count(), "every dot named");
    assert_eq!(named.len(), 5, "{named:?}");
}

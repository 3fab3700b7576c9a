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
        ["c. 1890", "May 1893", "c. 1899–1903", "1 Jan 1901", "1905", "14 Apr 1912", "Aug 1914–Nov 1918", "c. 1925"]
    );
    assert_eq!(dates[dates.len() - 3..], ["c. 2027", "Nov 2030", "2031"]);
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

//! Full-text search as a reader meets it, in headless Chromium, on a site served as a static
//! host serves it and on one opened from disk (`file://`, no server): a word found only at the
//! end of a long briefing and shown in context, whole words and their inflections rather than
//! substrings, titles ranked above bodies, the matching words highlighted, and the browser
//! splitting words exactly as the index does. Skipped with a notice when Chromium or
//! chromedriver is missing, unless `DOSSIER_REQUIRE_BROWSER=1`.

use crate::support::static_host::serve;
use crate::support::webdriver::{self, Driver, ENTER};
use crate::support::Site;
use serde_json::Value;
use std::time::{Duration, Instant};

/// A result as the reader sees it.
#[derive(Debug)]
struct Shown {
    kind: String,
    title: String,
    href: String,
    marks: Vec<String>,
    excerpt: String,
}

/// Build `site` for reading from disk and return the search page's `file://` URL.
fn build_portable(site: &Site) -> String {
    let out = site.run(&["build", "--portable"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    format!("file://{}", site.out().join("search/index.html").display())
}

/// Build `site`, serve it on a static host and return the search page's URL.
fn build_served(site: &Site) -> String {
    let out = site.run(&["build"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    format!("http://127.0.0.1:{}/sub/search/", serve(site.out()))
}

/// Type `query`, press Enter, wait for the status to speak of it and for `excerpts` results
/// to show an excerpt (cut from pages loaded as they scroll into view); the results shown.
fn search(d: &Driver, page: &str, query: &str, excerpts: usize) -> (String, Vec<Shown>) {
    d.open(page);
    let input = d.wait_for("#search-q").remove(0);
    d.keys(&input, query);
    d.keys(&input, ENTER);
    let start = Instant::now();
    let status = loop {
        let status = d.text(&d.find_all("#search-status")[0]);
        if status.contains(query) || status.contains("could not") {
            break status;
        }
        assert!(start.elapsed() < Duration::from_secs(15), "no results shown for {query}: {status:?}");
        std::thread::sleep(Duration::from_millis(100));
    };
    while d.find_all("#search-results .result-excerpt").len() < excerpts {
        assert!(start.elapsed() < Duration::from_secs(15), "fewer than {excerpts} excerpts for {query}");
        std::thread::sleep(Duration::from_millis(100));
    }
    let rows = d.js("return Array.from(document.querySelectorAll('#search-results li')).map(li => [
            li.querySelector('.result-type').textContent, li.querySelector('a').textContent,
            li.querySelector('a').href, Array.from(li.querySelectorAll('mark')).map(m => m.textContent),
            (li.querySelector('.result-excerpt') || {}).textContent || '']);");
    let s = |v: &Value| v.as_str().unwrap_or_default().to_string();
    let shown = rows
        .as_array()
        .unwrap_or_else(|| panic!("{rows}"))
        .iter()
        .map(|r| Shown {
            kind: s(&r[0]),
            title: s(&r[1]),
            href: s(&r[2]),
            marks: r[3].as_array().map(|m| m.iter().map(s).collect()).unwrap_or_default(),
            excerpt: s(&r[4]),
        })
        .collect();
    (status, shown)
}

/// A paragraph of ordinary newsroom prose, different for each `i`.
fn filler(i: usize) -> String {
    const WORDS: &[&str] = &[
        "ministers",
        "talks",
        "border",
        "delegation",
        "statement",
        "officials",
        "agreement",
        "capital",
        "analysts",
        "meeting",
        "sanctions",
        "exports",
        "envoy",
        "parliament",
        "summit",
        "negotiators",
    ];
    (0..60).map(|k| WORDS[(i * 7 + k * 3) % WORDS.len()]).collect::<Vec<_>>().join(" ") + ".\n\n"
}

#[test]
fn a_word_only_in_the_last_paragraph_of_a_long_briefing_is_found_and_shown_in_context() {
    let Some((chromedriver, chromium)) = webdriver::tools("the search browser test") else { return };
    let site = Site::new();
    let mut body: String = (0..80).map(filler).collect();
    body.push_str("At dawn the convoy finally reached Zvezdograd, where the ferry waited.\n");
    site.briefing("briefings/long", "title: The long road\ndate: 2024-06-20\nsummary: Talks at the border.\n", &body);
    // Enough other briefings that the index has several chunks and shards.
    for i in 0..30 {
        let yaml = format!("title: Talks {i}\ndate: 2024-05-{:02}\n", i % 28 + 1);
        site.briefing(&format!("briefings/talks-{i}"), &yaml, &filler(i));
    }
    let page = build_served(&site);
    assert!(body.split_whitespace().count() > 4_000, "the briefing is long");
    let d = Driver::start(&chromedriver, &chromium);

    let (status, shown) = search(&d, &page, "Zvezdograd", 1);
    assert_eq!(status, "1 result for “Zvezdograd”.");
    let r = &shown[0];
    assert_eq!((r.kind.as_str(), r.title.as_str()), ("Briefing:", "The long road"));
    assert!(r.href.ends_with("/sub/briefings/long/"), "{}", r.href);
    assert!(r.excerpt.contains("the convoy finally reached Zvezdograd, where the ferry waited."), "{}", r.excerpt);
    assert_eq!(r.marks, ["Zvezdograd"]);

    // Folded as the index folds it, and a word being typed finds it as a prefix.
    let (_, shown) = search(&d, &page, "zvezdo", 1);
    assert_eq!(shown.len(), 1);
    assert_eq!(shown[0].title, "The long road");

    // Opened from disk, where a page cannot load another, the briefing is found all the same,
    // with its title and summary.
    let page = build_portable(&site);
    let (status, shown) = search(&d, &page, "Zvezdograd", 0);
    assert_eq!(status, "1 result for “Zvezdograd”.");
    let r = &shown[0];
    assert!(r.href.ends_with("/public/briefings/long/index.html"), "{}", r.href);
    assert_eq!((r.title.as_str(), r.excerpt.as_str()), ("The long road", ""));
}

#[test]
fn a_results_highlight_marks_whole_words_and_their_inflections_and_titles_rank_first() {
    let Some((chromedriver, chromium)) = webdriver::tools("the search browser test") else { return };
    let site = Site::new();
    site.briefing(
        "briefings/body",
        "title: Ports in the north\ndate: 2024-06-20\nsummary: Harbours of the north.\n",
        "The harbour stayed open.\n\nLater the war closed it, and sanctions followed; the navy sanctioned \
         ships. Naval warfare and a warning were not part of it.\n",
    );
    site.briefing("briefings/title", "title: The war at sea\ndate: 2024-06-21\n", "Ships and harbours.\n");
    site.briefing("briefings/other", "title: Warfare\ndate: 2024-06-22\n", "Drones and a warning.\n");
    let page = build_served(&site);
    let d = Driver::start(&chromedriver, &chromium);

    // "war" is a word of the index: it does not find "warfare" or "warning".
    let (status, shown) = search(&d, &page, "war", 1);
    assert_eq!(status, "2 results for “war”.");
    let titles: Vec<&str> = shown.iter().map(|r| r.title.as_str()).collect();
    assert_eq!(titles, ["The war at sea", "Ports in the north"], "the title's match ranks first");
    assert_eq!(shown[0].marks, ["war"]);
    assert_eq!(shown[1].marks, ["war"]);
    assert!(shown[1].excerpt.contains("Later the war closed it"), "{}", shown[1].excerpt);

    // A word finds its inflections, and each is highlighted.
    let (_, shown) = search(&d, &page, "sanction", 1);
    assert_eq!(shown.len(), 1);
    assert_eq!(shown[0].marks, ["sanctions", "sanctioned"]);

    // The browser splits and folds words exactly as the index does.
    for text in [
        "The Korean War, 1950–1953.",
        "Korea’s U.S.-led e.g. U.S.A. a.b.cd",
        "Dvořák ZOË Straße ΟΔΟΣ Zoe\u{308} cafe\u{301}s",
        "北朝鮮 김정은은 rock'n'roll 'quoted' it's",
        "Don't 'tis rock'n'roll' x' O’Neill’s U.S. u.S.a e.g.X 3.5 A.1 i.e.) ab.cd F-16s 1,000",
        "CafÉ naïve ZOË's Ñu Mu\u{308}ller CAFE\u{301}S xΣy ABΣ x北y İstanbul",
    ] {
        let js = d.js(&format!("return window.dossierSearch.words({});", serde_json::to_string(text).unwrap()));
        let js: Vec<String> = serde_json::from_value(js).unwrap();
        assert_eq!(js, dossier::render::search::words::list(text), "{text}");
    }
}

//! In headless Chromium (driven through chromedriver's WebDriver HTTP API): type a query on
//! `/search/` of the example site, served under a sub-path, and follow results by keyboard to
//! the right page and anchor. Skipped with a notice when Chromium or chromedriver is missing,
//! unless `DOSSIER_REQUIRE_BROWSER=1`.

use crate::support;
use crate::support::static_host::serve;
use crate::support::webdriver::{self, Driver, ELEMENT, ENTER};
use serde_json::json;
use std::time::{Duration, Instant};

/// Type `query` into the search box, press Enter, then follow the first result of `kind`
/// with the keyboard; returns the new URL.
fn search_and_follow(d: &Driver, page: &str, query: &str, kind: &str) -> String {
    d.open(page);
    let input = d.wait_for("#search-q").remove(0);
    d.keys(&input, query);
    d.keys(&input, ENTER);
    let items = d.wait_for("#search-results li");
    let status = d.text(&d.find_all("#search-status")[0]);
    assert!(status.contains("result"), "status: {status}");
    let item = items
        .iter()
        // The type label is shown in capitals by CSS; compare without case.
        .find(|li| d.text(li).to_lowercase().starts_with(&format!("{}:", kind.to_lowercase())))
        .unwrap_or_else(|| panic!("no {kind} result for {query}"));
    let link = d.post(&format!("/element/{item}/element"), json!({ "using": "css selector", "value": "a" }));
    let link = link[ELEMENT].as_str().unwrap().to_string();
    let before = d.url();
    d.keys(&link, ENTER);
    let start = Instant::now();
    while d.url() == before {
        assert!(start.elapsed() < Duration::from_secs(15), "following the result did not navigate");
        std::thread::sleep(Duration::from_millis(100));
    }
    d.url()
}

#[test]
fn search_finds_and_follows_results_in_chromium() {
    let Some((chromedriver, chromium)) = webdriver::tools("the search browser test") else { return };
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    support::build_example(&out, &["--base-url", "https://example.org/sub/"]);
    let port = serve(out.clone());
    let search = format!("http://127.0.0.1:{port}/sub/search/");
    let d = Driver::start(&chromedriver, &chromium);

    let url = search_and_follow(&d, &search, "Blinken", "Actor");
    assert_eq!(url, format!("http://127.0.0.1:{port}/sub/actors/antony-blinken/"));
    let h1 = d.wait_for("h1").remove(0);
    assert_eq!(d.text(&h1), "Antony Blinken");

    let url = search_and_follow(&d, &search, "desperation Ukraine", "Quote");
    let (page, anchor) = url.split_once('#').expect("a quote result links to an anchor");
    assert_eq!(page, format!("http://127.0.0.1:{port}/sub/briefings/russia-north-korea-pact/"));
    let target = d.wait_for(&format!("[id=\"{anchor}\"]")).remove(0);
    assert!(d.text(&target).contains("in desperation"));
}

//! End to end in a real browser: headless Chromium, driven over WebDriver (chromedriver), against
//! `dossier serve`. A save shows up without a manual reload; a bad save shows the overlay; the
//! fix removes it. Skipped with a notice where Chromium is not installed, unless
//! `DOSSIER_REQUIRE_BROWSER=1` (then a missing browser fails the test).

use crate::support::preview::{self, beta, serve, write};
use crate::support::webdriver::{self, Driver};
use serde_json::Value;
use std::time::{Duration, Instant};

/// Poll `script` until `ok` accepts its value.
fn wait(d: &Driver, what: &str, script: &str, ok: impl Fn(&Value) -> bool) -> Value {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let v = d.js(script);
        if ok(&v) {
            return v;
        }
        if Instant::now() >= deadline {
            let diag = d.js("return [document.readyState, document.scripts.length, \
                performance.getEntriesByType('resource').map(function(e){return e.name}).join(' ')]");
            panic!("{what}: last value {v}; page: {diag}");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn live_reload_and_error_overlay_in_chromium() {
    let Some((driver, browser)) = webdriver::tools("the live-reload browser test") else { return };
    let (_dir, root) = preview::temp_site();
    let (_srv, addr) = serve(&root);
    let d = Driver::start(&driver, &browser);
    d.open(&format!("http://{addr}/briefings/beta/"));
    let h1 = "return document.querySelector('h1') ? document.querySelector('h1').textContent : ''";
    wait(&d, "the briefing", h1, |v| v.as_str().is_some_and(|s| s.contains("Beta deal")));
    wait(&d, "the event stream", "return typeof EventSource", |v| v == "function");
    std::thread::sleep(Duration::from_millis(500));

    let b = "content/briefings/beta.md";
    write(&root, b, &beta("Beta live edit", "Fresh text."));
    wait(&d, "the new title without a manual reload", h1, |v| v.as_str().is_some_and(|s| s.contains("Beta live edit")));

    write(&root, b, "---\ntitle: [broken\ndate: 2024-02-11\n---\nx\n");
    let overlay = "var o = document.getElementById('dossier-overlay'); return o ? o.textContent : null";
    let text = wait(&d, "the error overlay", overlay, |v| v.as_str().is_some_and(|s| s.contains("yaml-syntax")));
    assert!(text.as_str().unwrap().contains("content/briefings/beta.md"));
    assert!(d.js(h1).as_str().unwrap().contains("Beta live edit"), "the last good page stays");

    write(&root, b, &beta("Beta fixed", "Fixed."));
    wait(&d, "the overlay to go", overlay, Value::is_null);
    wait(&d, "the fixed title", h1, |v| v.as_str().is_some_and(|s| s.contains("Beta fixed")));
}

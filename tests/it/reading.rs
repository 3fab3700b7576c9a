//! The briefing page as a reader sees it, in headless Chromium (through chromedriver): the
//! table of contents takes a wide screen's reader to each section and stays in view, a linked
//! mention shows its preview on keyboard focus, a laptop's header holds the menu in one line
//! beside the title, and a phone's first screen shows the article's title and first paragraph
//! under a one-line menu.
//! The example site is built with `--portable` and opened from disk. Skipped with a notice when
//! Chromium or chromedriver is missing, unless `DOSSIER_REQUIRE_BROWSER=1`.

use crate::support;
use crate::support::webdriver::{self, Driver, ENTER};
use serde_json::{json, Value};
use std::path::Path;
use std::time::{Duration, Instant};

const PACT: &str = "briefings/russia-north-korea-pact/index.html";

/// Size the page's viewport (not the window) to `width` × `height` CSS pixels.
fn viewport(d: &Driver, width: i64, height: i64) {
    d.post("/window/rect", json!({ "width": width, "height": height }));
    let inner = d.js("return [innerWidth, innerHeight]");
    let (iw, ih) = (inner[0].as_i64().unwrap_or(width), inner[1].as_i64().unwrap_or(height));
    d.post("/window/rect", json!({ "width": 2 * width - iw, "height": 2 * height - ih }));
    assert_eq!(d.js("return innerWidth"), json!(width));
}

/// The example site, built for opening from disk, and a browser.
fn start(test: &str) -> Option<(tempfile::TempDir, Driver)> {
    let (chromedriver, chromium) = webdriver::tools(test)?;
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let built = support::build_example(&out, &["--portable"]);
    assert!(built.status.success(), "{}", String::from_utf8_lossy(&built.stderr));
    Some((dir, Driver::start(&chromedriver, &chromium)))
}

fn page_url(dir: &Path) -> String {
    format!("file://{}", dir.join("public").join(PACT).display())
}

/// `document.querySelector(css).getBoundingClientRect()` as (top, bottom, height).
fn rect(d: &Driver, css: &str) -> (f64, f64, f64) {
    let script = format!(
        "const r = document.querySelector({}).getBoundingClientRect(); return [r.top, r.bottom, r.height];",
        Value::from(css)
    );
    let v = d.js(&script);
    let n = |i: usize| v[i].as_f64().unwrap_or_else(|| panic!("no `{css}`: {v}"));
    (n(0), n(1), n(2))
}

fn wait_until(what: &str, mut ok: impl FnMut() -> bool) {
    let start = Instant::now();
    while !ok() {
        assert!(start.elapsed() < Duration::from_secs(15), "{what}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn the_table_of_contents_leads_to_each_section_and_stays_in_view() {
    let Some((dir, d)) = start("the table of contents browser test") else { return };
    viewport(&d, 1280, 800);
    d.open(&page_url(dir.path()));
    // One entry per section, in order, every one shown beside the text.
    let entries = d.js("return [...document.querySelectorAll('nav.toc-wide a')].map(a => [a.textContent, a.getAttribute('href'), a.getBoundingClientRect().height])");
    let entries = entries.as_array().unwrap();
    let headings = d.js("return [...document.querySelectorAll('.body h2')].map(h => [h.textContent, '#' + h.id])");
    let headings = headings.as_array().unwrap();
    assert!(headings.len() >= 3 && entries.len() == headings.len(), "{entries:?} for {headings:?}");
    for (e, h) in entries.iter().zip(headings) {
        assert_eq!((&e[0], &e[1]), (&h[0], &h[1]));
        assert!(e[2].as_f64().unwrap_or(0.0) > 0.0, "{e} is not shown on a wide screen");
    }
    // A linked mention previews its actor on keyboard focus, with its name left as it reads.
    let mention = d.find_all(".body a.mention[title]").remove(0);
    d.keys(&mention, "\u{E008}"); // Shift: focus by keyboard
    let focused = d.js("const a = document.activeElement; return [a.textContent, a.title, a.matches(':focus-visible'), getComputedStyle(a, '::after').content]");
    let title = focused[1].as_str().unwrap_or_default();
    assert!(!title.is_empty() && focused[2] == json!(true), "{focused}");
    assert_eq!(focused[3], json!(format!("\"{title}\" / \"\"")), "no preview card on focus");
    assert_eq!(d.get(&format!("/element/{mention}/computedlabel")), focused[0], "the preview changed the link's name");
    // Following an entry by keyboard brings its section to the top; the contents stay in view
    // beside the text (at its very end they leave with it).
    let links = d.find_all("nav.toc-wide a");
    for i in [3, entries.len() / 2] {
        let href = entries[i][1].as_str().unwrap().to_string();
        d.keys(&links[i], ENTER);
        wait_until("following a contents entry did not navigate", || d.url().ends_with(&href));
        let (top, _, _) = rect(&d, &format!(".body h2{href}"));
        assert!((-2.0..80.0).contains(&top), "{href} is at {top}px, not at the top");
        let (toc_top, toc_bottom, _) = rect(&d, "nav.toc-wide");
        assert!(toc_top >= 0.0 && toc_bottom <= 800.0, "the contents left the screen: {toc_top}..{toc_bottom}");
    }
}

#[test]
fn on_a_laptop_the_menu_is_one_line_beside_the_title() {
    let Some((dir, d)) = start("the header browser test") else { return };
    for width in [1280, 1024] {
        viewport(&d, width, 800);
        d.open(&page_url(dir.path()));
        // Every entry shares one top offset, and the line is the title's line.
        let tops = d.js(
            "return [...document.querySelectorAll('.site-header nav li')].map(li => li.getBoundingClientRect().top)",
        );
        let tops = tops.as_array().unwrap();
        assert!(tops.len() >= 6 && tops.iter().all(|t| t == &tops[0]), "the menu wraps at {width} px: {tops:?}");
        let (title_top, title_bottom, _) = rect(&d, ".site-title");
        let (nav_top, nav_bottom, _) = rect(&d, ".site-header nav");
        assert!(nav_top < title_bottom && title_top < nav_bottom, "the menu is not beside the title at {width} px");
        // Nothing is hidden: the menu does not scroll, the title is not cut.
        let fits = d.js("const n = document.querySelector('.site-header nav'), t = document.querySelector('.site-title'); return [n.scrollWidth <= n.clientWidth, t.scrollWidth <= t.clientWidth]");
        assert_eq!(fits, json!([true, true]), "the header does not fit at {width} px");
        // The current section is marked, and the reference pages are in the footer.
        let current =
            d.js("return [...document.querySelectorAll('.site-header [aria-current=page]')].map(a => a.textContent)");
        assert_eq!(current, json!(["Briefings"]));
        let more = d.js("return [...document.querySelectorAll('footer nav a')].map(a => a.textContent)");
        assert_eq!(more, json!(["Sources", "Tags", "What’s new", "Atom feed"]));
    }
}

#[test]
fn a_phone_shows_the_title_and_first_paragraph_on_the_first_screen() {
    let Some((dir, d)) = start("the phone layout browser test") else { return };
    viewport(&d, 390, 844);
    d.open(&page_url(dir.path()));
    let (_, h1_bottom, _) = rect(&d, "h1");
    let (p_top, p_bottom, _) = rect(&d, ".body [data-search-text] > p");
    assert!(h1_bottom < p_top && p_bottom <= 844.0, "first paragraph at {p_top}..{p_bottom}px of 844");
    // The menu is one line (it scrolls sideways) and the page itself does not.
    let tops =
        d.js("return [...document.querySelectorAll('.site-header nav li')].map(li => li.getBoundingClientRect().top)");
    let tops = tops.as_array().unwrap();
    assert!(tops.len() > 3 && tops.iter().all(|t| t == &tops[0]), "the menu wraps: {tops:?}");
    let widths = d.js("const e = document.documentElement; return [e.scrollWidth, e.clientWidth]");
    assert_eq!(widths[0], widths[1], "the page scrolls sideways");
    // The contents are collapsed above the text, and open on request.
    let shown = || d.js("return document.querySelector('nav.toc-narrow ol').checkVisibility()") == json!(true);
    assert!(!shown(), "the contents are open on a phone");
    let summary = d.find_all("nav.toc-narrow summary").remove(0);
    d.post(&format!("/element/{summary}/click"), json!({}));
    wait_until("the contents did not open", shown);
    let first = d.find_all("nav.toc-narrow a").remove(0);
    let href = d.js("return document.querySelector('nav.toc-narrow a').getAttribute('href')");
    d.post(&format!("/element/{first}/click"), json!({}));
    wait_until("the first contents entry did not navigate", || d.url().ends_with(href.as_str().unwrap_or("?")));
}

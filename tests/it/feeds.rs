//! The Atom feed, sitemap, robots.txt and the meta tags of every page, on a fixture site whose
//! texts carry every character XML and HTML must escape.

use crate::support::{self, Site};
use scraper::{Html, Selector};
use std::path::Path;

const ATOM: &str = "http://www.w3.org/2005/Atom";
const SITEMAP: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";

fn briefing(n: usize, date: &str, extra: &str) -> String {
    format!(
        "---\ntitle: \"Briefing {n}: Tom & Jerry <b>bold</b> ]]> end\"\ndate: {date}\n{extra}tags: [alpha]\n\
         actors:\n  - {{id: kim, name: \"Kim & Co <x>\"}}\nquotes:\n  - {{by: kim, text: \"We said ]]> & left\"}}\n---\n\
         Body of briefing {n} with a word & more. Kim said: \"We said ]]> & left.\"\n"
    )
}

fn fixture() -> Site {
    let b1 =
        briefing(1, "2024-01-05", "summary: \"Summary & <i>more</i> ]]>\"\nupdated: 2024-03-01\nauthor: \"A. & B.\"\n");
    let b2 = briefing(2, "2024-02-10", "");
    let b3 = briefing(3, "2024-01-20", "");
    let b4 = briefing(4, "2023-12-01", "");
    let draft = briefing(5, "2024-05-01", "draft: true\n");
    Site::with_content(
        "title: \"News & <Views>\"\ndescription: \"Desc & ]]>\"\nbase_url: https://example.org/sub\nfeed_limit: 3\n",
        &[("b1.md", &b1), ("b2.md", &b2), ("b3.md", &b3), ("b4.md", &b4), ("b5.md", &draft)],
    )
}

fn build(site: &Path, extra: &[&str]) -> std::path::PathBuf {
    let out = site.join("public");
    let mut args = vec!["--root", site.to_str().unwrap()];
    args.extend_from_slice(extra);
    support::build(&args);
    out
}

fn child<'a>(n: roxmltree::Node<'a, 'a>, ns: &str, name: &str) -> Option<roxmltree::Node<'a, 'a>> {
    n.children().find(|c| c.has_tag_name((ns, name)))
}

fn text<'a>(n: roxmltree::Node<'a, 'a>, name: &str) -> &'a str {
    child(n, ATOM, name).and_then(|c| c.text()).unwrap_or_else(|| panic!("no <{name}> text"))
}

fn is_rfc3339(s: &str) -> bool {
    let b = s.as_bytes();
    s.len() == 20 && b[4] == b'-' && b[7] == b'-' && b[10] == b'T' && b[13] == b':' && b[16] == b':' && b[19] == b'Z'
}

#[test]
fn the_feed_is_valid_atom_with_the_newest_briefings() {
    let site = fixture();
    // Built with drafts: a draft preview must still stay out of the feed.
    let out = build(site.root(), &["--drafts"]);
    let xml = std::fs::read_to_string(out.join("atom.xml")).unwrap();
    let doc = roxmltree::Document::parse(&xml).expect("atom.xml parses");
    let feed = doc.root_element();
    assert!(feed.has_tag_name((ATOM, "feed")));
    assert_eq!(text(feed, "id"), "https://example.org/sub/");
    assert_eq!(text(feed, "title"), "News & <Views>");
    assert_eq!(text(feed, "updated"), "2024-03-01T00:00:00Z", "newest entry update, not the clock");
    let links: Vec<_> = feed.children().filter(|c| c.has_tag_name((ATOM, "link"))).collect();
    assert!(
        links
            .iter()
            .any(|l| l.attribute("rel") == Some("self")
                && l.attribute("href") == Some("https://example.org/sub/atom.xml"))
    );
    assert!(child(feed, ATOM, "author").and_then(|a| child(a, ATOM, "name")).is_some());
    let entries: Vec<_> = feed.children().filter(|c| c.has_tag_name((ATOM, "entry"))).collect();
    let titles: Vec<&str> = entries.iter().map(|e| text(*e, "title")).collect();
    assert_eq!(
        titles,
        [
            "Briefing 2: Tom & Jerry <b>bold</b> ]]> end",
            "Briefing 3: Tom & Jerry <b>bold</b> ]]> end",
            "Briefing 1: Tom & Jerry <b>bold</b> ]]> end"
        ],
        "feed_limit newest published briefings"
    );
    for e in &entries {
        assert!(text(*e, "id").starts_with("https://example.org/sub/briefings/"));
        assert!(is_rfc3339(text(*e, "updated")) && is_rfc3339(text(*e, "published")));
        let link = child(*e, ATOM, "link").unwrap().attribute("href").unwrap();
        assert!(link.starts_with("https://example.org/sub/briefings/"));
        assert!(!text(*e, "summary").is_empty());
    }
    let b1 = entries[2];
    assert_eq!(text(b1, "updated"), "2024-03-01T00:00:00Z");
    assert_eq!(text(b1, "published"), "2024-01-05T00:00:00Z");
    assert_eq!(text(b1, "summary"), "Summary & <i>more</i> ]]>");
    // Without a summary, the entry summarises the body text.
    assert!(text(entries[0], "summary").starts_with("Body of briefing 2 with a word & more"));
}

#[test]
fn the_feed_is_the_same_bytes_on_every_build() {
    let site = fixture();
    let out = build(site.root(), &[]);
    let first = std::fs::read(out.join("atom.xml")).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(1100));
    std::fs::remove_dir_all(&out).unwrap();
    build(site.root(), &[]);
    assert_eq!(first, std::fs::read(out.join("atom.xml")).unwrap());
}

#[test]
fn the_sitemap_lists_every_page_with_absolute_urls_and_robots_points_at_it() {
    let site = fixture();
    let out = build(site.root(), &["--drafts"]);
    let xml = std::fs::read_to_string(out.join("sitemap.xml")).unwrap();
    let doc = roxmltree::Document::parse(&xml).expect("sitemap.xml parses");
    assert!(doc.root_element().has_tag_name((SITEMAP, "urlset")));
    let mut locs = Vec::new();
    for url in doc.root_element().children().filter(|c| c.is_element()) {
        assert!(url.has_tag_name((SITEMAP, "url")));
        let loc = url.children().find(|c| c.has_tag_name((SITEMAP, "loc"))).and_then(|c| c.text()).unwrap();
        let rest = loc.strip_prefix("https://example.org/sub/").unwrap_or_else(|| panic!("{loc} is not absolute"));
        assert!(out.join(rest).join("index.html").is_file(), "{loc} has no page");
        let lastmod = url.children().find(|c| c.has_tag_name((SITEMAP, "lastmod"))).and_then(|c| c.text()).unwrap();
        assert_eq!(lastmod.len(), 10, "{lastmod}");
        locs.push(rest.to_string());
    }
    for page in support::html_files(&out) {
        let folder = page.trim_end_matches("index.html").to_string();
        let listed = locs.contains(&folder);
        let expected = page != "404.html" && !page.starts_with("briefings/b5/");
        assert_eq!(listed, expected, "{page} listed in the sitemap: {listed}");
    }
    assert!(locs.contains(&"briefings/b1/".to_string()));
    assert!(xml.contains("<loc>https://example.org/sub/briefings/b1/</loc><lastmod>2024-03-01</lastmod>"));
    let robots = std::fs::read_to_string(out.join("robots.txt")).unwrap();
    assert!(robots.contains("Sitemap: https://example.org/sub/sitemap.xml"), "{robots}");
}

fn meta(doc: &Html, property: &str) -> Option<String> {
    let sel = Selector::parse(&format!("meta[property=\"{property}\"], meta[name=\"{property}\"]")).unwrap();
    doc.select(&sel).next().and_then(|m| m.value().attr("content")).map(str::to_string)
}

#[test]
fn every_page_has_description_and_open_graph_tags() {
    let site = fixture();
    let out = build(site.root(), &[]);
    let alt = Selector::parse(r#"link[rel="alternate"][type="application/atom+xml"]"#).unwrap();
    for page in support::html_files(&out) {
        let doc = Html::parse_document(&std::fs::read_to_string(out.join(&page)).unwrap());
        for p in ["description", "og:title", "og:description", "og:type", "og:site_name", "og:url"] {
            assert!(meta(&doc, p).is_some_and(|c| !c.trim().is_empty()), "{page}: no {p}");
        }
        assert!(meta(&doc, "og:url").unwrap().starts_with("https://example.org/sub/"), "{page}");
        assert_eq!(meta(&doc, "og:site_name").unwrap(), "News & <Views>");
        let feed = doc.select(&alt).next().and_then(|l| l.value().attr("href")).expect("feed link");
        let depth = page.matches('/').count();
        assert_eq!(feed, format!("{}atom.xml", "../".repeat(depth)), "{page}");
    }
    let doc = Html::parse_document(&std::fs::read_to_string(out.join("briefings/b1/index.html")).unwrap());
    assert_eq!(meta(&doc, "og:type").unwrap(), "article");
    assert_eq!(meta(&doc, "og:url").unwrap(), "https://example.org/sub/briefings/b1/");
    assert_eq!(meta(&doc, "og:description").unwrap(), "Summary & <i>more</i> ]]>");
    assert_eq!(meta(&doc, "og:title").unwrap(), "Briefing 1: Tom & Jerry <b>bold</b> ]]> end");
}

/// Check that `xml` is an Atom feed as readers need it: a feed with an id, title, an RFC 3339
/// `updated`, an author and a `self` link to `self_url`; each entry with an id, a title, an RFC
/// 3339 `updated` and a link, and no id twice. Returns the entries' titles.
fn valid_atom(xml: &str, self_url: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(xml).expect("the feed parses");
    let feed = doc.root_element();
    assert!(feed.has_tag_name((ATOM, "feed")));
    assert!(!text(feed, "id").is_empty() && !text(feed, "title").is_empty());
    assert!(is_rfc3339(text(feed, "updated")));
    assert!(child(feed, ATOM, "author").and_then(|a| child(a, ATOM, "name")).is_some());
    let links: Vec<_> = feed.children().filter(|c| c.has_tag_name((ATOM, "link"))).collect();
    assert!(
        links.iter().any(|l| l.attribute("rel") == Some("self") && l.attribute("href") == Some(self_url)),
        "no self link to {self_url}"
    );
    let mut ids = std::collections::BTreeSet::new();
    let mut titles = Vec::new();
    for e in feed.children().filter(|c| c.has_tag_name((ATOM, "entry"))) {
        assert!(ids.insert(text(e, "id").to_string()), "id {} twice", text(e, "id"));
        assert!(is_rfc3339(text(e, "updated")));
        assert!(child(e, ATOM, "link").and_then(|l| l.attribute("href")).is_some_and(|h| h.starts_with("https://")));
        titles.push(text(e, "title").to_string());
    }
    titles
}

#[test]
fn each_actor_and_each_tag_has_a_valid_feed_linked_from_its_page() {
    let site = fixture();
    let out = build(site.root(), &["--drafts"]);
    let t = |n: usize| format!("Briefing {n}: Tom & Jerry <b>bold</b> ]]> end");
    for (page, feed) in [("actors/kim/", "actors/kim/atom.xml"), ("tags/alpha/", "tags/alpha/atom.xml")] {
        let xml = std::fs::read_to_string(out.join(feed)).unwrap();
        let titles = valid_atom(&xml, &format!("https://example.org/sub/{feed}"));
        // The newest `feed_limit` published briefings of the actor or tag; never the draft.
        assert_eq!(titles, [t(2), t(3), t(1)], "{feed}");
        let doc = Html::parse_document(&std::fs::read_to_string(out.join(page).join("index.html")).unwrap());
        let alternate = support::attrs(&doc, "link[rel=alternate][type='application/atom+xml']", "href");
        // The site's feed, and the page's own.
        assert_eq!(alternate, ["../../atom.xml".to_string(), format!("../../{feed}")], "{page}");
    }
    let kim = roxmltree::Document::parse(&std::fs::read_to_string(out.join("actors/kim/atom.xml")).unwrap())
        .map(|d| text(d.root_element(), "title").to_string())
        .unwrap();
    assert_eq!(kim, "Kim & Co <x> · News & <Views>");
    // The same bytes from a second, clean build.
    let first: Vec<Vec<u8>> = ["actors/kim/atom.xml", "tags/alpha/atom.xml", "changes/atom.xml"]
        .iter()
        .map(|f| std::fs::read(out.join(f)).unwrap())
        .collect();
    std::fs::remove_dir_all(&out).unwrap();
    build(site.root(), &["--drafts"]);
    for (i, f) in ["actors/kim/atom.xml", "tags/alpha/atom.xml", "changes/atom.xml"].iter().enumerate() {
        assert_eq!(first[i], std::fs::read(out.join(f)).unwrap(), "{f}");
    }
}

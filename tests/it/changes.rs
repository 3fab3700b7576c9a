//! What changed: a briefing's `changes:` shown under its title and in its own list, and the
//! site's "what's new" (`/changes/` and `/changes/atom.xml`) made from the content alone:
//! newest first, the same bytes on every build, with checks for change dates.

use crate::support::{texts, Site};

/// Two briefings: the first published in January with an open question and updated twice,
/// the second published in February, answering that question and introducing a new actor.
fn site() -> Site {
    let s = Site::with_content("title: News\nbase_url: https://example.org/\n", &[]);
    s.briefing(
        "first",
        "title: First look\ndate: 2024-01-10\nactors:\n  - {id: kim, name: Kim}\n\
         questions:\n  - {text: Will it hold?, status: answered, answered_by: second}\n\
         changes:\n  - {date: 2024-03-05, note: Casualty figures corrected}\n  - {date: 2024-02-01, note: Added the treaty text}\n",
        "Kim spoke.\n",
    );
    s.briefing(
        "second",
        "title: Second look\ndate: 2024-02-01\nactors:\n  - kim\n  - {id: lee, name: Lee}\n",
        "Kim and Lee met.\n",
    );
    s
}

#[test]
fn a_briefing_shows_its_latest_change_under_the_title_and_all_of_them_in_a_list() {
    let s = site();
    s.build_ok();
    let p = s.page("briefings/first/");
    assert_eq!(texts(&p, ".update-note"), ["Updated 5 March 2024: Casualty figures corrected All 2 changes"]);
    assert_eq!(
        texts(&p, "ol.changes li"),
        ["5 March 2024 Casualty figures corrected", "1 February 2024 Added the treaty text"]
    );
    // Its newest change is when it last changed, for the feed, the sitemap and search engines.
    let feed = s.read("atom.xml");
    assert!(feed.contains("<updated>2024-03-05T00:00:00Z</updated>"), "{feed}");
    assert!(s.read("sitemap.xml").contains("briefings/first/</loc><lastmod>2024-03-05</lastmod>"));
    assert!(s.read("briefings/first/").contains("\"dateModified\":\"2024-03-05\""));
    assert!(s.page("briefings/second/").select(&scraper::Selector::parse(".update-note").unwrap()).next().is_none());
}

#[test]
fn whats_new_lists_publications_updates_answers_and_new_actors_newest_first() {
    let s = site();
    s.build_ok();
    let p = s.page("changes/");
    assert_eq!(texts(&p, "main h2"), ["5 March 2024", "1 February 2024", "10 January 2024"]);
    assert_eq!(
        texts(&p, "ul.news li"),
        [
            "Updated First look: Casualty figures corrected",
            "New briefing Second look",
            "Updated First look: Added the treaty text",
            "Answered Will it hold? asked in First look, answered in Second look",
            "First seen Lee in Second look",
            "New briefing First look",
            "First seen Kim in First look",
        ]
    );
    // The feed carries the same, newest first, and links each entry to where it happened.
    let xml = s.read("changes/atom.xml");
    let doc = roxmltree::Document::parse(&xml).expect("changes/atom.xml parses");
    let atom = "http://www.w3.org/2005/Atom";
    let entries: Vec<_> = doc.root_element().children().filter(|c| c.has_tag_name((atom, "entry"))).collect();
    let field = |e: &roxmltree::Node, name: &str| {
        e.children().find(|c| c.has_tag_name((atom, name))).and_then(|c| c.text()).unwrap_or("").to_string()
    };
    let titles: Vec<String> = entries.iter().map(|e| field(e, "title")).collect();
    assert_eq!(
        titles,
        [
            "Updated: First look",
            "New briefing: Second look",
            "Updated: First look",
            "Answered: Will it hold?",
            "New actors in Second look",
            "New briefing: First look",
            "New actors in First look",
        ]
    );
    assert_eq!(field(&entries[0], "updated"), "2024-03-05T00:00:00Z");
    assert_eq!(field(&entries[0], "summary"), "Casualty figures corrected");
    let ids: std::collections::BTreeSet<String> = entries.iter().map(|e| field(e, "id")).collect();
    assert_eq!(ids.len(), entries.len(), "every entry id is its own");
    assert_eq!(field(&doc.root_element(), "updated"), "2024-03-05T00:00:00Z", "the newest change, not the clock");
    // The feed's entries link to pages and anchors that exist.
    assert_eq!(crate::support::broken_links(&s.out()), Vec::<String>::new());
}

#[test]
fn whats_new_is_the_same_bytes_on_every_build_and_follows_an_edit() {
    let s = site();
    s.build_ok();
    let (page, feed) = (s.read("changes/"), s.read("changes/atom.xml"));
    std::thread::sleep(std::time::Duration::from_millis(1100));
    std::fs::remove_dir_all(s.out()).unwrap();
    s.build_ok();
    assert_eq!((s.read("changes/"), s.read("changes/atom.xml")), (page.clone(), feed.clone()));
    // A new change note shows at the top of both.
    let text = std::fs::read_to_string(s.root().join("content/first.md")).unwrap();
    let text = text.replace("changes:\n", "changes:\n  - {date: 2024-04-01, note: Ceasefire collapsed}\n");
    s.file("content/first.md", &text);
    s.build_ok();
    let p = s.page("changes/");
    assert_eq!(texts(&p, "ul.news li")[0], "Updated First look: Ceasefire collapsed");
    assert!(s.read("changes/atom.xml").contains("<summary type=\"text\">Ceasefire collapsed</summary>"));
}

#[test]
fn change_dates_must_come_after_publication_newest_first() {
    let s = Site::new();
    s.briefing(
        "a",
        "title: A\ndate: 2024-05-01\nchanges:\n  - {date: 2024-06-01, note: Later}\n  - {date: 2024-07-01, note: Out of order}\n  - {date: 2024-04-01, note: Before publication}\n  - {date: 2024-05-10}\n",
        "Text.\n",
    );
    let out = s.run(&["check"]);
    let r = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{r}");
    for head in [
        "content/a.md:6:12: error[bad-change]: changes are listed newest first, but this one (2024-07-01) is newer than the one above it (2024-06-01)",
        "content/a.md:7:12: error[bad-change]: this change is dated 2024-04-01, not after the briefing's publication (2024-05-01)",
        "content/a.md:8:5: error[missing-field]: change has no `note`",
    ] {
        assert!(r.split("\n\n").any(|f| f.lines().next() == Some(head)), "expected `{head}` in:\n{r}");
    }
}

#[test]
fn a_judgment_that_took_its_status_is_in_whats_new_on_that_day() {
    let s = Site::with_content("title: News\nbase_url: https://example.org/\n", &[]);
    s.briefing(
        "pact",
        "title: The pact\ndate: 2024-06-20\njudgments:\n\
         \x20 - {id: troops, text: Pyongyang will likely send troops., likelihood: likely, status: confirmed, status_changed: 2024-10-18}\n\
         \x20 - {id: aid, text: Aid will likely continue., likelihood: likely}\n",
        "Text.\n",
    );
    s.build_ok();
    let p = s.page("changes/");
    assert_eq!(texts(&p, "main h2"), ["18 October 2024", "20 June 2024"]);
    assert_eq!(texts(&p, "ul.news li")[0], "Judgment confirmed Pyongyang will likely send troops. in The pact");
    let link = crate::support::attrs(&p, "li.news-judged > a", "href");
    assert_eq!(link, ["../briefings/pact/#judgment-troops"]);
    let feed = s.read("changes/atom.xml");
    assert!(
        feed.contains("<title type=\"text\">Judgment confirmed: Pyongyang will likely send troops.</title>"),
        "{feed}"
    );
    assert!(feed.contains("<updated>2024-10-18T00:00:00Z</updated>"), "{feed}");
    // The briefing shows the day beside the status; a judgment without one shows none.
    let b = s.page("briefings/pact/");
    assert_eq!(crate::support::attrs(&b, ".judgment time", "datetime"), ["2024-10-18"]);
    assert_eq!(crate::support::broken_links(&s.out()), Vec::<String>::new());
}

#[test]
fn a_judgment_status_cannot_change_before_publication() {
    let s = Site::new();
    s.briefing(
        "a",
        "title: A\ndate: 2024-05-01\njudgments:\n  - {text: It will likely rain., likelihood: likely, status: refuted, status_changed: 2024-04-01}\n",
        "Text.\n",
    );
    let out = s.run(&["check"]);
    let r = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{r}");
    let head = "content/a.md:5:87: error[bad-change]: the status changed on 2024-04-01, not after the briefing's publication (2024-05-01)";
    assert!(r.split("\n\n").any(|f| f.lines().next() == Some(head)), "expected `{head}` in:\n{r}");
}

#[test]
fn a_change_cites_its_sources_on_the_briefing_and_the_source_page() {
    let s = Site::new();
    s.file("content/sources/kcna.md", "---\ntitle: KCNA report\n---\n");
    s.briefing(
        "first",
        "title: First look\ndate: 2024-01-10\nactors:\n  - {id: kim, name: Kim}\n\
         changes:\n  - {date: 2024-02-01, note: Added the treaty text, source: kcna, locator: art. 4}\n",
        "Kim spoke.\n",
    );
    let c = s.compile();
    // Cited by nothing but the change: it is used, and the briefing's Sources section lists it.
    assert!(crate::support::findings(&c, "unused-source").is_empty(), "{:?}", c.findings.items);
    assert!(crate::support::findings(&c, "uncited").is_empty(), "changes need not cite");
    let b = crate::support::page(&c, "briefings/first/index.html");
    assert_eq!(texts(&b, "ol.changes li"), ["1 February 2024 Added the treaty text Source: KCNA report, art. 4"]);
    assert_eq!(texts(&b, ".sources-section .source-title"), ["KCNA report"]);
    // The source's page lists the change, with the briefing it changed and a link to it there.
    let p = crate::support::page(&c, "sources/kcna/index.html");
    assert_eq!(texts(&p, "#citing-changes"), ["Changes"]);
    assert_eq!(
        texts(&p, "ol.changes li"),
        ["1 February 2024 Added the treaty text in First look Source: KCNA report, art. 4"]
    );
    assert_eq!(crate::support::attrs(&p, "ol.changes li .source a", "href"), ["../../briefings/first/#change-1"]);
    let data = c.files.iter().find(|f| f.path == "data/site.json").expect("the export");
    let data: serde_json::Value = serde_json::from_slice(&data.bytes).unwrap();
    assert_eq!(
        data["briefings"][0]["changes"][0]["sources"],
        serde_json::json!([{"source": "kcna", "locator": "art. 4"}])
    );
}

//! The search page and index, and the data export: on the example site and on fixtures.

use crate::support::{self, search, Site};
use scraper::{Html, Selector};
use serde_json::Value;

#[test]
fn the_search_page_is_a_labelled_form_with_a_live_status_and_a_no_script_fallback() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    support::build_example(&out, &[]);
    let doc = Html::parse_document(&std::fs::read_to_string(out.join("search/index.html")).unwrap());
    let one = |s: &str| doc.select(&Selector::parse(s).unwrap()).count();
    assert_eq!(one("form[role=search] input#search-q[type=search][name=q]"), 1);
    assert_eq!(one("label[for=search-q]"), 1);
    assert_eq!(one("#search-status[aria-live=polite]"), 1);
    assert_eq!(one(r#"script[src="index.js"]"#), 1);
    assert_eq!(one(r#"script[src="../search.js"]"#), 1);
    let noscript = doc.select(&Selector::parse("noscript").unwrap()).next().unwrap().inner_html();
    assert!(noscript.contains("actors/") && noscript.contains("timeline/"), "{noscript}");
    assert!(out.join("search.js").is_file());
    // Every page's nav links to the search page.
    let home = Html::parse_document(&std::fs::read_to_string(out.join("index.html")).unwrap());
    let nav: Vec<_> =
        home.select(&Selector::parse("nav a").unwrap()).map(|a| a.value().attr("href").unwrap()).collect();
    assert!(nav.contains(&"search/"), "{nav:?}");
}

#[test]
fn the_index_covers_every_kind_and_links_to_anchors() {
    let site = Site::with_content(
        "title: T\n",
        &[
            (
                "a.md",
                "---\ntitle: Grain deal\ndate: 2024-01-05\nsummary: About wheat.\ntags: [food-security]\n\
                 actors:\n  - {id: kim, name: Kim Jong Un, aliases: [Marshal]}\nquotes:\n  - {by: kim, text: Bread for all}\n\
                 questions:\n  - Will ships sail?\nevents:\n  - {date: 2024-01-04, title: Ships loaded, description: Barges at Odesa.}\n\
                 judgments:\n  - {id: ships, text: Ships will likely sail., likelihood: likely, confidence: low}\n\
                 sources:\n  - {id: port-log, title: Port authority log, publisher: Odesa port, kind: dataset}\n\
                 ---\nThe zebrafish paragraph. Kim said: Bread for all.[[^port-log]]\n",
            ),
            ("actors/kim.md", "---\nname: Kim Jong Un\nkind: person\n---\nHe visited the Vostochny Cosmodrome.\n"),
        ],
    );
    let out = site.root().join("public");
    support::build(&["--root", site.root().to_str().unwrap()]);
    let index = search::Index::read(&out);
    let b = index.entry("briefing", "Grain deal");
    assert_eq!(b.url, "../briefings/a/");
    assert_eq!(b.summary, "About wheat.");
    // Its text is not copied into the index: excerpts are cut from its page, where the text is
    // marked for it.
    assert_eq!(b.text, None);
    let marked = Html::parse_document(&std::fs::read_to_string(out.join("briefings/a/index.html")).unwrap());
    let text = marked.select(&Selector::parse("[data-search-text]").unwrap()).next().expect("the text is marked");
    assert!(text.text().collect::<String>().contains("The zebrafish paragraph."));
    // Body, summary, tags and actors' names, each word whole and folded.
    for word in ["zebrafish", "paragraph", "wheat", "food", "security", "kim"] {
        assert!(index.find(word).iter().any(|e| e.title == "Grain deal"), "{word} does not find the briefing");
    }
    assert!(index.find("zebra").is_empty(), "words are whole, not substrings");
    let q = index.entries.iter().find(|e| e.kind == "quote").expect("a quote");
    assert!(q.title.contains("Bread for all") && q.title.contains("Kim Jong Un"));
    let page = std::fs::read_to_string(out.join("briefings/a/index.html")).unwrap();
    let anchor = q.url.split_once('#').unwrap().1;
    assert!(page.contains(&format!("id=\"{anchor}\"")), "quote anchor {anchor}");
    let qn = index.entries.iter().find(|e| e.kind == "question").expect("a question");
    let anchor = qn.url.split_once('#').unwrap().1;
    assert!(page.contains(&format!("id=\"{anchor}\"")), "question anchor {anchor}");
    assert!(index.find("sail").iter().any(|e| e.kind == "question"));
    // Events, with their description; actors, with their aliases and biography.
    let e = index.entry("event", "Ships loaded");
    assert!(e.url.starts_with("../timeline/#"), "{}", e.url);
    assert!(index.find("odesa").iter().any(|e| e.kind == "event"));
    let a = index.entry("actor", "Kim Jong Un");
    assert_eq!(a.url, "../actors/kim/");
    assert!(a.text.as_deref().is_some_and(|t| t.contains("Vostochny Cosmodrome")), "a biography is in the index");
    for word in ["marshal", "vostochny"] {
        assert!(index.find(word).iter().any(|e| e.kind == "actor"), "{word} does not find the actor");
    }
    // Key judgments, with their likelihood and confidence; sources, with publisher and kind.
    let j = index.entry("judgment", "Ships will likely sail.");
    let anchor = j.url.split_once('#').unwrap().1;
    assert!(page.contains(&format!("id=\"{anchor}\"")), "judgment anchor {anchor}");
    assert!(index.find("low").iter().any(|e| e.kind == "judgment"));
    // A source only its briefing cites has no page: its entry in the briefing's Sources section.
    let s = index.entry("source", "Port authority log");
    assert_eq!((s.url.as_str(), s.summary.as_str()), ("../briefings/a/#source-port-log", "Odesa port"));
    assert!(page.contains("id=\"source-port-log\""), "the source's entry in its briefing");
    assert!(index.find("dataset").iter().any(|e| e.kind == "source"));
}

#[test]
fn every_word_of_a_long_briefing_is_indexed_and_build_reports_the_index_size() {
    let long: String = (0..5000).map(|i| format!("word{i} ")).collect();
    let site =
        Site::with_content("title: T\n", &[("a.md", &format!("---\ntitle: Long\ndate: 2024-01-05\n---\n{long}\n"))]);
    let out = support::build(&["--root", site.root().to_str().unwrap(), "-v"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let index = search::Index::read(&site.root().join("public"));
    for i in [0, 2500, 4999] {
        assert_eq!(index.find(&format!("word{i}")).len(), 1, "word{i}");
    }
    assert_eq!(index.terms.len(), 5000 + 1, "every word of the body, and the title");
    assert!(stdout.contains(&format!("search index: {} bytes", index.bytes())), "{stdout}");
}

#[test]
fn the_export_follows_its_schema_and_references_what_exists() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    support::build_example(&out, &["--base-url", "https://example.org/sub/"]);
    let data: Value = serde_json::from_slice(&std::fs::read(out.join("data/site.json")).unwrap()).unwrap();
    let schema: Value = serde_json::from_slice(&std::fs::read(out.join("data/site.schema.json")).unwrap()).unwrap();
    let validator = jsonschema::validator_for(&schema).expect("the schema compiles");
    let errors: Vec<String> = validator.iter_errors(&data).map(|e| format!("{} at {}", e, e.instance_path)).collect();
    assert!(errors.is_empty(), "{}", errors.join("\n"));
    assert_eq!(data["format"], "dossier-site");
    assert_eq!(data["version"], 2);
    let slugs: Vec<&str> = data["briefings"].as_array().unwrap().iter().map(|b| b["slug"].as_str().unwrap()).collect();
    let actors: Vec<&str> = data["actors"].as_array().unwrap().iter().map(|a| a["id"].as_str().unwrap()).collect();
    assert!(slugs.len() >= 2 && actors.len() >= 10);
    for b in data["briefings"].as_array().unwrap() {
        assert!(out.join(b["path"].as_str().unwrap()).join("index.html").is_file());
        assert!(b["url"].as_str().unwrap().starts_with("https://example.org/sub/briefings/"));
    }
    for q in data["quotes"].as_array().unwrap() {
        assert!(slugs.contains(&q["briefing"].as_str().unwrap()) && actors.contains(&q["by"].as_str().unwrap()));
    }
    assert!(!data["questions"].as_array().unwrap().is_empty() && !data["events"].as_array().unwrap().is_empty());
    for e in data["events"].as_array().unwrap() {
        for s in e["briefings"].as_array().unwrap() {
            assert!(slugs.contains(&s.as_str().unwrap()));
        }
    }
    // Sources, judgments and citations name what exists, and each source has its page.
    let sources: Vec<&str> = data["sources"].as_array().unwrap().iter().map(|s| s["id"].as_str().unwrap()).collect();
    assert!(sources.len() >= 10, "{sources:?}");
    for s in data["sources"].as_array().unwrap() {
        assert!(out.join(s["path"].as_str().unwrap()).join("index.html").is_file());
    }
    let cited = data["quotes"].as_array().unwrap().iter().chain(data["events"].as_array().unwrap());
    let cited: Vec<&Value> = cited.flat_map(|x| x["sources"].as_array().unwrap()).collect();
    assert!(!cited.is_empty());
    assert!(cited.iter().all(|c| sources.contains(&c["source"].as_str().unwrap())));
    let judgments = data["judgments"].as_array().unwrap();
    assert_eq!(judgments.len(), 4);
    for j in judgments {
        assert!(slugs.contains(&j["briefing"].as_str().unwrap()));
        for x in j["basis"].as_array().unwrap() {
            if x["kind"] == "source" {
                assert!(sources.contains(&x["id"].as_str().unwrap()));
            }
        }
    }
    // Relations name actors and types that exist (the site's own type included), and the
    // updated briefing lists its change.
    let types: Vec<&str> =
        data["relation_types"].as_array().unwrap().iter().map(|t| t["type"].as_str().unwrap()).collect();
    assert!(types.contains(&"member-of") && types.contains(&"spokesperson-for"), "{types:?}");
    let relations = data["relations"].as_array().unwrap();
    assert!(relations.len() >= 10, "{} relations", relations.len());
    for r in relations {
        assert!(actors.contains(&r["from"].as_str().unwrap()) && actors.contains(&r["to"].as_str().unwrap()), "{r}");
        assert!(types.contains(&r["type"].as_str().unwrap()), "{r}");
        assert!(r["briefing"].is_null() || slugs.contains(&r["briefing"].as_str().unwrap()), "{r}");
    }
    let treaty_1961 = relations
        .iter()
        .find(|r| r["since"]["start"] == "1961-07-06" && r["until"]["start"] == "1991-12-26")
        .expect("the Soviet Union's party to the 1961 treaty");
    // Relations and changes cite sources as quotes do, by id and place.
    assert_eq!(treaty_1961["sources"], serde_json::json!([{"source": "a-point-of-view", "locator": "para. 9"}]));
    let veto = data["briefings"].as_array().unwrap().iter().find(|b| b["slug"] == "un-sanctions-panel-veto").unwrap();
    assert_eq!(veto["changes"][0]["date"], "2024-06-20");
    assert_eq!(veto["changes"][0]["id"], "change-1");
    assert_eq!(veto["changes"][0]["sources"][0]["source"], "putin-kim-statements");
    let by_relations = relations.iter().flat_map(|r| r["sources"].as_array().unwrap());
    let by_changes = data["briefings"].as_array().unwrap().iter().flat_map(|b| b["changes"].as_array().unwrap());
    let by_changes = by_changes.flat_map(|c| c["sources"].as_array().unwrap());
    assert!(by_relations.chain(by_changes).all(|c| sources.contains(&c["source"].as_str().unwrap())));
    // Keys come out in the documented order, not alphabetically.
    let text = std::fs::read_to_string(out.join("data/site.json")).unwrap();
    assert!(text.find("\"format\"").unwrap() < text.find("\"version\"").unwrap());
    assert!(text.find("\"version\"").unwrap() < text.find("\"briefings\"").unwrap());
}

#[test]
fn the_export_lists_every_briefing_in_order_and_empty_lists_as_empty_arrays() {
    // More briefings than the export serializes in one piece, none with a link or a question.
    let files: Vec<(String, String)> = (0..600)
        .map(|i| {
            let text = format!("---\ntitle: \"Note {i:03} <&>\"\ndate: 2024-01-01\n---\nBody {i}.\n");
            (format!("n{i:03}.md"), text)
        })
        .collect();
    let files: Vec<(&str, &str)> = files.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect();
    let site = Site::with_content("title: Notes\n", &files);
    let out = site.root().join("public");
    support::build(&["--root", site.root().to_str().unwrap(), "-o", out.to_str().unwrap()]);
    let text = std::fs::read_to_string(out.join("data/site.json")).unwrap();
    let data: Value = serde_json::from_str(&text).expect("the export is one JSON document");
    let titles: Vec<&str> =
        data["briefings"].as_array().unwrap().iter().map(|b| b["title"].as_str().unwrap()).collect();
    // Briefings of the same date are listed by file name, as on the home page.
    let expected: Vec<String> = (0..600).map(|i| format!("Note {i:03} <&>")).collect();
    assert_eq!(titles, expected);
    for key in ["actors", "quotes", "questions", "events", "tags", "links", "relations", "sources", "judgments"] {
        assert_eq!(data[key], Value::Array(Vec::new()), "{key}");
    }
    assert!(!text.contains('<') && !text.contains('&'), "markup characters are escaped");
    assert!(text.ends_with("}\n"));
}

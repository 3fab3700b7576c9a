//! Escaping everywhere: a site whose every front-matter string carries `<script>`, quotes, `&`
//! and `]]>` builds into pages, attributes, inline SVG, JSON-LD, the feeds, the sitemap, the
//! search index and the data export where each string reads back exactly as written (prose with
//! smart punctuation, as in bodies) and no markup from the input survives as markup.

use crate::support::{self, Site};

const P: &str = r#"<script>alert(1)</script> "dq" 'sq' & ]]> </script>"#;
/// `P` in prose (titles, summaries, quotes, …), with the typographic quote marks readers see.
const SP: &str = r#"<script>alert(1)</script> “dq” ‘sq’ & ]]> </script>"#;

fn yaml(s: &str) -> String {
    serde_json::to_string(s).expect("json string") // a JSON string is a YAML double-quoted string
}

fn fixture() -> Site {
    let s = Site::new();
    let q = |tag: &str| yaml(&format!("{tag} {P}"));
    s.file(
        "dossier.yaml",
        &format!(
            "title: {}\ndescription: {}\nauthor: {}\nrelation_types:\n  evil-to: {{label: {}, inverse: {}}}\n",
            q("Site"),
            q("Description"),
            q("Author"),
            q("label"),
            q("inverse")
        ),
    );
    s.file(
        "content/actors/evil.md",
        &format!(
            "---\nname: {}\nrole: {}\naliases: [{}]\nlinks: [{}]\nrelations:\n  - {{to: other, type: evil-to, since: 2020, note: {}, source: {{name: {}, url: {}}}}}\n---\nBio.\n",
            q("Evil"),
            q("Role"),
            q("Alias"),
            yaml(&format!("https://example.org/?a=1&b=\"{P}")),
            q("Note"),
            q("Cite"),
            yaml(&format!("https://example.org/?c=1&d=\"{P}")),
        ),
    );
    let front = format!(
        "title: {}\ndate: 2024-01-02\nsummary: {}\nauthor: {}\nsource: {{name: {}, url: {}}}\ntags: [{}]\n\
         actors:\n  - evil\n  - {{id: other, name: {}, role: {}}}\n\
         quotes:\n  - {{by: evil, text: {}, context: {}, date: 2024}}\n\
         questions:\n  - {{text: {}, status: answered, answer: {}}}\n\
         events:\n  - {{date: 2023-05, title: {}, description: {}, actors: [evil]}}\n\
         sources:\n  - {{id: wire, title: {}}}\n\
         changes:\n  - {{date: 2024-02-01, note: {}, source: wire, locator: {}}}\n\
         relations:\n  - {{from: other, to: evil, type: ally-of, note: {}, sources: [{{id: wire, locator: {}}}]}}\n",
        q("Title"),
        q("Summary"),
        q("Byline"),
        q("Source"),
        yaml(&format!("https://example.org/?a=1&b=\"{P}")),
        q("Tag"),
        q("Other"),
        q("Other role"),
        yaml("Quoted words"),
        q("Context"),
        q("Question"),
        q("Answer"),
        q("Event"),
        q("Event description"),
        q("Wire"),
        q("Change"),
        q("Locator"),
        q("Tie"),
        q("Where"),
    );
    s.briefing("evil", &front, "The text, with Quoted words in it.\n");
    s
}

fn all_files(dir: &std::path::Path) -> Vec<(String, String)> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap().to_string_lossy().replace('\\', "/");
            (rel, std::fs::read_to_string(e.path()).unwrap_or_default())
        })
        .collect()
}

#[test]
fn no_input_markup_survives_in_any_output_file() {
    let s = fixture();
    s.build_ok();
    let files = all_files(&s.out());
    assert!(files.len() > 10);
    for (path, text) in &files {
        assert!(!text.contains("<script>alert"), "{path}: unescaped <script> from the input");
        assert!(!text.contains("]]> </script>"), "{path}: raw input markup");
        if path.ends_with(".html") {
            // Every script element of a page is the theme's, never input; JSON-LD carries input
            // as JSON strings, which must hold no markup character at all.
            let doc = scraper::Html::parse_document(text);
            let sel = scraper::Selector::parse("script").unwrap();
            for el in doc.select(&sel) {
                if el.value().attr("type") == Some("application/ld+json") {
                    let raw = el.inner_html();
                    assert!(!raw.contains(['<', '>', '&']), "{path}: a markup character in JSON-LD: {raw}");
                    serde_json::from_str::<serde_json::Value>(&raw)
                        .unwrap_or_else(|e| panic!("{path}: JSON-LD does not parse: {e}\n{raw}"));
                    continue;
                }
                assert!(!el.inner_html().contains("alert(1)"), "{path}: input inside a script element");
            }
            // Attributes read back as the input: no attribute was broken out of.
            let any = scraper::Selector::parse("*").unwrap();
            for el in doc.select(&any) {
                for (name, value) in el.value().attrs() {
                    assert!(!name.contains("sq") && !name.contains("dq") && name != "alert(1)", "{path}: {name}");
                    if value.contains("alert(1)") {
                        assert!(
                            [P, SP].iter().any(|p| value.contains(p) || value.contains(&p.replace('&', "&amp;"))),
                            "{path}: {name}={value}"
                        );
                    }
                }
            }
        }
        if path.ends_with(".svg") || path.ends_with(".xml") {
            roxmltree::Document::parse(text).unwrap_or_else(|e| panic!("{path} is not well-formed XML: {e}"));
        }
    }
}

#[test]
fn strings_read_back_exactly_from_pages_feed_sitemap_search_and_export() {
    let s = fixture();
    s.build_ok();
    let title = format!("Title {SP}");
    // HTML text and attributes.
    let page = s.page("briefings/evil/");
    assert!(support::texts(&page, "h1").contains(&title), "{:?}", support::texts(&page, "h1"));
    let og = support::attrs(&page, "meta[property='og:title']", "content");
    assert!(og.iter().any(|v| v == &title), "{og:?}");
    let desc = support::attrs(&page, "meta[name='description']", "content");
    assert!(desc.iter().any(|v| v.contains(SP)), "{desc:?}");
    assert!(support::texts(&s.page("actors/evil/"), "h1").iter().any(|t| t.contains(&format!("Evil {P}"))));
    // Inline SVG pictures (when the theme draws any) parse as XML with the text intact.
    for (path, html) in all_files(&s.out()).iter().filter(|(p, _)| p.ends_with(".html")) {
        let mut rest = html.as_str();
        while let Some(at) = rest.find("<svg") {
            let end = rest[at..].find("</svg>").map(|e| at + e + 6).unwrap_or(rest.len());
            let svg = &rest[at..end];
            roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("{path}: inline SVG is not XML: {e}\n{svg}"));
            assert!(!svg.contains("<script"), "{path}: script in SVG");
            rest = &rest[end..];
        }
    }
    // JSON-LD: the article, its quotes and the actor, each string as written.
    let ld = |page: &scraper::Html| -> serde_json::Value {
        let raw = support::texts_raw(page, "script[type='application/ld+json']");
        serde_json::from_str(&raw[0]).expect("JSON-LD parses")
    };
    let article = ld(&page);
    assert_eq!(article["@graph"][0]["@type"], "AnalysisNewsArticle");
    assert_eq!(article["@graph"][0]["headline"], title.as_str());
    assert_eq!(article["@graph"][0]["description"], format!("Summary {SP}").as_str());
    assert_eq!(article["@graph"][0]["author"]["name"], format!("Byline {P}").as_str());
    assert_eq!(article["@graph"][0]["citation"][0]["name"], format!("Source {SP}").as_str());
    assert_eq!(article["@graph"][1]["@type"], "Quotation");
    assert_eq!(article["@graph"][1]["text"], "Quoted words");
    let speaker = &article["@graph"][1]["spokenByCharacter"]["@id"];
    let node = article["@graph"][0]["about"].as_array().expect("about").iter().find(|a| &a["@id"] == speaker);
    assert_eq!(node.expect("the speaker's node")["name"], format!("Evil {P}").as_str());
    let actor = ld(&s.page("actors/evil/"));
    assert_eq!(actor["@type"], "Person");
    assert_eq!(actor["name"], format!("Evil {P}").as_str());
    assert_eq!(actor["sameAs"][0], format!("https://example.org/?a=1&b=\"{P}").as_str());
    // Relations and changes, on both actors' pages and the briefing's.
    let evil = s.page("actors/evil/");
    assert!(support::texts(&evil, "dl.relations dt").contains(&format!("Label {P}")));
    assert!(support::texts(&evil, "dl.relations .note").contains(&format!("Note {SP}")));
    assert!(support::texts(&s.page("actors/other/"), "dl.relations dt").contains(&format!("Inverse {P}")));
    assert!(support::texts(&page, "ol.changes li").iter().any(|t| t.contains(&format!("Change {SP}"))));
    // Their citations: the source's title and the locator as written.
    let cites = support::texts(&page, "ol.changes li .citations");
    assert_eq!(cites, [format!("Source: Wire {SP}, Locator {P}")]);
    let cites = support::texts(&s.page("actors/other/"), "dl.relations .citations");
    assert_eq!(cites, [format!("Source: Wire {SP}, Where {P}")]);
    let changes_xml = s.read("changes/atom.xml");
    let changes = roxmltree::Document::parse(&changes_xml).expect("changes feed parses");
    assert!(changes.descendants().filter_map(|n| n.text()).any(|t| t == format!("Change {SP}")), "the change's note");
    let actor_xml = s.read("actors/evil/atom.xml");
    let actor_feed = roxmltree::Document::parse(&actor_xml).expect("actor feed parses");
    let actor_texts: Vec<&str> = actor_feed.descendants().filter_map(|n| n.text()).collect();
    assert!(actor_texts.contains(&format!("Evil {P} · Site {P}").as_str()), "{actor_texts:?}");
    assert!(actor_texts.contains(&title.as_str()), "{actor_texts:?}");
    // The feed.
    let feed = s.read("atom.xml");
    let doc = roxmltree::Document::parse(&feed).expect("feed parses");
    let texts: Vec<String> = doc.descendants().filter_map(|n| n.text()).map(str::to_string).collect();
    assert!(texts.contains(&title), "feed title: {texts:?}");
    assert!(texts.iter().any(|t| t == &format!("Summary {SP}")), "feed summary");
    let cats: Vec<&str> = doc.descendants().filter_map(|n| n.attribute("term")).collect();
    assert!(
        cats.iter().any(|c| c.contains("Tag") && c.contains("<script>")) || cats.iter().any(|c| c.starts_with("tag")),
        "{cats:?}"
    );
    // The sitemap.
    roxmltree::Document::parse(&s.read("sitemap.xml")).expect("sitemap parses");
    // The data export.
    let json: serde_json::Value = serde_json::from_str(&s.read("data/site.json")).expect("export parses");
    let b = &json["briefings"][0];
    assert_eq!(b["title"], title.as_str());
    assert_eq!(b["summary"], format!("Summary {SP}").as_str());
    assert_eq!(json["site"]["title"], format!("Site {P}").as_str());
    assert_eq!(json["quotes"][0]["context"], format!("Context {SP}").as_str());
    assert_eq!(json["questions"][0]["answer"], format!("Answer {SP}").as_str());
    assert_eq!(json["events"][0]["title"], format!("Event {SP}").as_str());
    // Names are kept as written.
    assert_eq!(json["actors"][0]["name"], format!("Evil {P}").as_str());
    assert_eq!(json["briefings"][0]["changes"][0]["note"], format!("Change {SP}").as_str());
    assert_eq!(json["briefings"][0]["changes"][0]["sources"][0]["locator"], format!("Locator {P}").as_str());
    let notes: Vec<&str> = json["relations"].as_array().unwrap().iter().filter_map(|r| r["note"].as_str()).collect();
    assert!(
        notes.contains(&format!("Note {SP}").as_str()) && notes.contains(&format!("Tie {SP}").as_str()),
        "{notes:?}"
    );
    assert!(json["relation_types"].as_array().unwrap().iter().any(|t| t["label"] == format!("label {P}").as_str()));
    // The search index: scripts whose data are JSON values; the text comes back exactly.
    let index = crate::support::search::Index::read(&s.out());
    for (path, js) in &index.files {
        assert!(!js.contains("</script") && !js.contains("<script"), "{path} can sit in a page");
    }
    assert!(index.entries.iter().any(|e| e.title == title), "search index title round-trips");
}

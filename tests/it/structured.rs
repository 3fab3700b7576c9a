//! Structured data for search engines and link previewers: the JSON-LD of briefing pages (an
//! `AnalysisNewsArticle` about its actors, citing its source, with its quotes as `Quotation`s)
//! and of actor pages (`Person`, `Organization`, `Country` with `sameAs` from `links:`), read
//! back from the built pages as JSON. (Escaping is checked in `escaping`.)

use crate::support::{texts_raw, Site};
use serde_json::{json, Value};

fn site() -> Site {
    let s = Site::with_content("title: Desk\nbase_url: https://example.org/desk/\nauthor: The desk\n", &[]);
    s.file(
        "content/actors/putin.md",
        "---\nname: Vladimir Putin\nkind: person\nrole: President of Russia\naliases: [Putin]\n\
         links: [\"https://www.wikidata.org/wiki/Q7747\", \"http://kremlin.ru/\"]\n---\nBio.\n",
    );
    s.briefing(
        "pact",
        "title: The pact\ndate: 2024-06-19\nupdated: 2024-07-01\nsummary: A treaty.\nauthor: Ann Analyst\n\
         source: {name: Wire, url: \"https://example.com/wire\"}\n\
         actors:\n  - putin\n  - {id: russia, name: Russia, kind: country}\n  - {id: un, name: United Nations, kind: organization}\n\
         quotes:\n  - {by: putin, text: a breakthrough document, date: 2024-06-19}\n",
        "Putin called it a breakthrough document. Russia and the United Nations.\n",
    );
    s.briefing("plain", "title: Plain\ndate: 2024-01-01\n", "Text.\n");
    s
}

/// The JSON-LD blocks of a page, parsed.
fn ld(s: &Site, page: &str) -> Vec<Value> {
    texts_raw(&s.page(page), "script[type='application/ld+json']")
        .iter()
        .map(|raw| serde_json::from_str(raw).unwrap_or_else(|e| panic!("{page}: JSON-LD does not parse: {e}\n{raw}")))
        .collect()
}

#[test]
fn a_briefing_page_describes_the_article_its_actors_and_quotes() {
    let s = site();
    s.build_ok();
    let data = ld(&s, "briefings/pact/");
    assert_eq!(data.len(), 1);
    assert_eq!(data[0]["@context"], "https://schema.org");
    let graph = data[0]["@graph"].as_array().expect("a graph");
    let article = &graph[0];
    let url = "https://example.org/desk/briefings/pact/";
    assert_eq!(article["@type"], "AnalysisNewsArticle");
    assert_eq!(article["@id"], url);
    assert_eq!(article["headline"], "The pact");
    assert_eq!(article["description"], "A treaty.");
    assert_eq!(article["datePublished"], "2024-06-19");
    assert_eq!(article["dateModified"], "2024-07-01");
    assert_eq!(article["author"], json!({"@type": "Person", "name": "Ann Analyst"}));
    assert_eq!(
        article["citation"],
        json!([{"@type": "CreativeWork", "name": "Wire", "url": "https://example.com/wire"}])
    );
    let about: Vec<(&str, &str)> = article["about"]
        .as_array()
        .expect("about")
        .iter()
        .map(|a| (a["@type"].as_str().unwrap(), a["name"].as_str().unwrap()))
        .collect();
    assert_eq!(about, [("Person", "Vladimir Putin"), ("Country", "Russia"), ("Organization", "United Nations")]);
    let quote = &graph[1];
    assert_eq!(quote["@type"], "Quotation");
    assert_eq!(quote["text"], "a breakthrough document");
    // The speaker is one of the article's `about` nodes, and the quote refers to it by `@id`
    // (written once in the graph, not once per quote).
    let putin = "https://example.org/desk/actors/putin/";
    assert_eq!(quote["spokenByCharacter"], json!({"@id": putin}));
    assert_eq!(quote["creator"], json!({"@id": putin}));
    let speaker = article["about"].as_array().expect("about").iter().find(|a| a["@id"] == putin);
    assert_eq!(speaker.expect("the speaker's node")["name"], "Vladimir Putin");
    assert_eq!(quote["isPartOf"]["@id"], url);
    assert_eq!(quote["dateCreated"], "2024-06-19");
    // A briefing with no byline is by the site's author; no source, no citation.
    let plain = &ld(&s, "briefings/plain/")[0]["@graph"][0];
    assert_eq!(plain["author"], json!({"@type": "Organization", "name": "The desk"}));
    assert!(plain.get("citation").is_none() && plain.get("about").is_none());
}

#[test]
fn an_actor_page_describes_the_actor_with_its_links() {
    let s = site();
    s.build_ok();
    let putin = &ld(&s, "actors/putin/")[0];
    assert_eq!(putin["@type"], "Person");
    assert_eq!(putin["name"], "Vladimir Putin");
    assert_eq!(putin["description"], "President of Russia");
    assert_eq!(putin["alternateName"], json!(["Putin"]));
    assert_eq!(putin["sameAs"], json!(["https://www.wikidata.org/wiki/Q7747", "http://kremlin.ru/"]));
    assert_eq!(ld(&s, "actors/russia/")[0]["@type"], "Country");
    let un = &ld(&s, "actors/un/")[0];
    assert_eq!(un["@type"], "Organization");
    assert!(un.get("sameAs").is_none());
    // The links are shown to readers too.
    let page = s.page("actors/putin/");
    let shown = crate::support::attrs(&page, ".links a", "href");
    assert_eq!(shown, ["https://www.wikidata.org/wiki/Q7747", "http://kremlin.ru/"]);
}

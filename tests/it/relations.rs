//! Relations between actors as a reader meets them: written once (on a profile or in a
//! briefing), shown on both actors' pages under their own label and its inverse, with dates;
//! drawn as labelled lines in the network pictures; listed in the briefing that records them;
//! and checked, with the place and a suggestion, when they name what does not exist or end
//! before they start.

use crate::support::{attrs, findings, page, texts, Site};

/// Putin leads Russia (written on his profile), Russia and North Korea are allies (written in
/// the briefing), Ushakov advises Putin (a type `dossier.yaml` adds).
fn site() -> Site {
    let s = Site::new();
    s.file("dossier.yaml", "title: Ties\nrelation_types:\n  adviser-to: {label: adviser to, inverse: advised by}\n");
    s.file(
        "content/actors/putin.md",
        "---\nname: Vladimir Putin\nkind: person\nrelations:\n  - {to: russia, type: leader-of, since: 2012-05-07, note: Third term}\n  - {to: russia, type: leader-of, since: 2000, until: 2008}\n---\nBio.\n",
    );
    s.file("content/actors/russia.md", "---\nname: Russia\nkind: country\n---\n");
    s.briefing(
        "pact",
        "title: The pact\ndate: 2024-06-19\n\
         actors:\n  - putin\n  - russia\n  - {id: dprk, name: North Korea, kind: country}\n  - {id: ushakov, name: Yuri Ushakov, kind: person}\n\
         relations:\n  - {from: russia, to: dprk, type: ally-of, since: 2024-06-19}\n  - {from: ushakov, to: putin, type: adviser-to}\n",
        "Text.\n",
    );
    s
}

#[test]
fn a_relation_shows_on_both_actors_pages_with_its_label_and_inverse_and_dates() {
    let s = site();
    s.build_ok();
    let putin = s.page("actors/putin/");
    assert_eq!(texts(&putin, "dl.relations dt"), ["Leader of", "Advised by"]);
    assert_eq!(
        texts(&putin, "dl.relations dd"),
        ["Russia 2000–2008", "Russia since 7 May 2012 Third term", "Yuri Ushakov in The pact"],
    );
    let russia = s.page("actors/russia/");
    assert_eq!(texts(&russia, "dl.relations dt"), ["Led by", "Ally of"]);
    assert_eq!(texts(&russia, "dl.relations dt + dd > a:first-child"), ["Vladimir Putin", "North Korea"]);
    // A type that reads the same from both sides keeps its label on the other side.
    let dprk = s.page("actors/dprk/");
    assert_eq!(texts(&dprk, "dl.relations dt"), ["Ally of"]);
    assert_eq!(texts(&dprk, "dl.relations dd a"), ["Russia", "The pact"]);
    // The custom type's inverse, with a link to the briefing that records it.
    let ushakov = s.page("actors/ushakov/");
    assert_eq!(texts(&ushakov, "dl.relations dt"), ["Adviser to"]);
    // The briefing lists the relations it records.
    let pact = s.page("briefings/pact/");
    assert_eq!(
        texts(&pact, "ul.relations li"),
        ["Russia ally of North Korea since 19 June 2024", "Yuri Ushakov adviser to Vladimir Putin"],
    );
    assert_eq!(crate::support::broken_links(&s.out()), Vec::<String>::new());
}

/// The relation labels of each network picture of a page, picture by picture.
fn tie_labels(html: &str) -> Vec<Vec<String>> {
    let mut pictures = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<svg") {
        let end = start + rest[start..].find("</svg>").expect("closed") + 6;
        let doc = roxmltree::Document::parse(&rest[start..end]).expect("well-formed SVG");
        let mut labels: Vec<String> = doc
            .descendants()
            .filter(|n| n.attribute("class") == Some("net-tie-label"))
            .filter_map(|n| n.text().map(str::to_string))
            .collect();
        labels.sort();
        pictures.push(labels);
        rest = &rest[end..];
    }
    pictures
}

#[test]
fn the_network_draws_relations_as_labelled_lines_apart_from_shared_briefings() {
    let s = site();
    s.build_ok();
    // An actor's picture: its relations, each line labelled.
    let html = s.read("actors/putin/");
    assert!(html.contains("class=\"net-tie\""), "a relation line on the actor's picture");
    assert_eq!(tie_labels(&html), [["adviser to", "leader of"]]);
    // One briefing: who appears with whom says nothing there, so the relations are drawn alone.
    assert!(!html.contains("class=\"net-edge\""), "no shared-briefing lines");
    // /actors/ draws the relations in a picture of their own. One briefing: no picture of the
    // shared briefings (it would say nothing the lists do not), the ranked pairs instead.
    let index = s.page("actors/");
    assert_eq!(texts(&index, "h2")[..2], ["Who appears with whom most often", "Relations"]);
    let all = s.read("actors/");
    assert_eq!(tie_labels(&all), [["adviser to", "ally of", "leader of"]]);
}

/// Run `dossier check` and return stdout.
fn check(s: &Site) -> String {
    String::from_utf8_lossy(&s.run(&["check"]).stdout).into_owned()
}

/// The first line of each finding.
fn heads(report: &str) -> Vec<&str> {
    report.split("\n\n").filter_map(|f| f.lines().next()).filter(|l| l.contains("]: ")).collect()
}

#[test]
fn relation_checks_name_the_place_and_suggest_the_right_type_or_actor() {
    let s = Site::new();
    s.file(
        "content/actors/a.md",
        "---\nname: A\nrelations:\n  - {to: b, type: leadr-of}\n  - {to: bb, type: ally-of}\n---\n",
    );
    s.file(
        "content/actors/b.md",
        "---\nname: B\nrelations:\n  - {to: a, type: member-of, since: 2020, until: 2019-06}\n---\n",
    );
    s.briefing(
        "x",
        "title: X\ndate: 2024-01-01\nactors: [a, b]\nrelations:\n  - {from: a, to: b, type: ally-of, since: 2010, note: Close}\n  - {from: b, to: a, type: ally-of, since: 2015, note: Cooling}\n  - {from: a, to: b, type: frend-of}\n",
        "Text.\n",
    );
    let r = check(&s);
    let h = heads(&r);
    assert!(
        h.contains(&"content/actors/a.md:4:19: error[unknown-relation-type]: unknown relation type `leadr-of`"),
        "{r}"
    );
    assert!(r.contains("did you mean `leader-of`?"), "{r}");
    assert!(h.contains(&"content/actors/a.md:5:10: error[unknown-actor]: unknown actor `bb` in a relation"), "{r}");
    assert!(r.contains("did you mean `b`?"), "{r}");
    assert!(
        h.contains(
            &"content/actors/b.md:4:50: error[relation-dates]: the relation ends (2019-06) before it starts (2020)"
        ),
        "{r}"
    );
    // No type is close to `frend-of`: every type is listed.
    assert!(h.contains(&"content/x.md:8:28: error[unknown-relation-type]: unknown relation type `frend-of`"), "{r}");
    assert!(r.contains("use one of `member-of`, `leader-of`"), "{r}");
    // Same pair (either way round for ally-of), overlapping dates, different notes: a warning.
    assert!(
        h.iter().any(|l| l.starts_with(
            "content/x.md:7:28: warning[relation-conflict]: `b ally-of a` contradicts the relation at content/x.md:6"
        )),
        "{r}"
    );
}

/// Putin leads Russia (his profile, citing the source profile `kremlin` at a paragraph), Russia
/// and North Korea are allies (the briefing, citing its inline source `kcna` and naming a wire
/// service it does not define), and a source profile nothing cites.
fn cited_site() -> Site {
    let s = Site::new();
    s.file("content/sources/kremlin.md", "---\ntitle: Kremlin transcript\n---\n");
    s.file("content/sources/tass.md", "---\ntitle: TASS report\n---\n");
    s.file(
        "content/actors/putin.md",
        "---\nname: Vladimir Putin\nrelations:\n  - {to: russia, type: leader-of, since: 2012, source: kremlin, locator: para. 3}\n---\n",
    );
    s.file("content/actors/russia.md", "---\nname: Russia\n---\n");
    s.briefing(
        "pact",
        "title: The pact\ndate: 2024-06-19\nactors:\n  - putin\n  - russia\n  - {id: dprk, name: North Korea}\n\
         sources:\n  - {id: kcna, title: KCNA report}\n\
         relations:\n  - {from: russia, to: dprk, type: ally-of, sources: [{id: kcna, locator: para. 2}]}\n  - {from: dprk, to: russia, type: negotiates-with, source: {name: Reuters, url: \"https://reuters.example/x\"}}\n",
        "Vladimir Putin said Russia and North Korea are allies.\n",
    );
    s
}

#[test]
fn a_relation_cites_sources_by_id_on_the_actor_page_and_the_source_page() {
    let c = cited_site().compile();
    // On both actors' pages, the citation as a quote's: the source's title, linked, and where.
    let putin = page(&c, "actors/putin/index.html");
    assert_eq!(texts(&putin, "dl.relations dd"), ["Russia since 2012 Source: Kremlin transcript, para. 3"]);
    assert_eq!(attrs(&putin, "dl.relations dd .citations a", "href"), ["../../sources/kremlin/"]);
    let russia = page(&c, "actors/russia/index.html");
    assert!(texts(&russia, "dl.relations dd")
        .contains(&"Vladimir Putin since 2012 Source: Kremlin transcript, para. 3".to_string()));
    // The source's page lists the relation, read from its `from`, and the profile it comes from
    // is no briefing.
    let kremlin = page(&c, "sources/kremlin/index.html");
    assert_eq!(texts(&kremlin, "#citing-relations"), ["Relations"]);
    assert_eq!(
        texts(&kremlin, "ul.relations li"),
        ["Vladimir Putin leader of Russia since 2012 Source: Kremlin transcript, para. 3"]
    );
    // A briefing's relation: the briefing's Sources section lists what only its relation
    // cites, and the relation on its page shows the citation.
    let pact = page(&c, "briefings/pact/index.html");
    assert_eq!(texts(&pact, ".sources-section .source-title"), ["KCNA report"]);
    assert_eq!(
        texts(&pact, "ul.relations li"),
        [
            "North Korea negotiates with Russia source: Reuters",
            "Russia ally of North Korea Source: KCNA report, para. 2"
        ]
    );
}

#[test]
fn a_source_cited_only_by_a_profiles_relation_is_used_and_one_cited_by_nothing_is_not() {
    let c = cited_site().compile();
    let unused: Vec<&str> = findings(&c, "unused-source").iter().map(|f| f.message.as_str()).collect();
    assert_eq!(unused, ["source `tass` is cited by nothing"], "{:?}", c.findings.items);
    assert!(findings(&c, "unknown-source").is_empty(), "{:?}", c.findings.items);
    // Relations are not claims that must cite a source: no `uncited` for the one that does not.
    assert!(findings(&c, "uncited").is_empty(), "{:?}", c.findings.items);
}

#[test]
fn a_relation_may_still_name_a_source_without_defining_it() {
    let s = cited_site();
    s.build_ok();
    let dprk = s.page("actors/dprk/");
    assert!(attrs(&dprk, "dl.relations dd .source a", "href").contains(&"https://reuters.example/x".to_string()));
    assert!(texts(&dprk, "dl.relations dd").iter().any(|t| t.starts_with("Russia source: Reuters in The pact")));
    // The export: the named source as before, citations by id beside it.
    let data: serde_json::Value = serde_json::from_str(&s.read("data/site.json")).unwrap();
    let relations = data["relations"].as_array().unwrap();
    let named = relations.iter().find(|r| r["type"] == "negotiates-with").unwrap();
    assert_eq!(named["source"], serde_json::json!({"name": "Reuters", "url": "https://reuters.example/x"}));
    assert_eq!(named["sources"], serde_json::json!([]));
    let ally = relations.iter().find(|r| r["type"] == "ally-of").unwrap();
    assert_eq!(ally["source"], serde_json::Value::Null);
    assert_eq!(ally["sources"], serde_json::json!([{"source": "kcna", "locator": "para. 2"}]));
    let leader = relations.iter().find(|r| r["type"] == "leader-of").unwrap();
    assert_eq!(leader["sources"], serde_json::json!([{"source": "kremlin", "locator": "para. 3"}]));
    assert_eq!(leader["briefing"], serde_json::Value::Null);
}

/// A locator beside a source only named (`source: {name, url}`) has no record to point into:
/// a warning at the locator says it is not shown and how to cite the source by id. Beside a
/// source cited by id, or given to a citation of `sources:`, it is shown and not warned about.
#[test]
fn a_locator_beside_a_source_only_named_is_a_warning_not_lost_in_silence() {
    let s = cited_site();
    s.file(
        "content/actors/putin.md",
        "---\nname: Vladimir Putin\nrelations:\n  - {to: russia, type: leader-of, source: {name: Reuters}, locator: para. 4}\n  - {to: russia, type: leader-of, since: 2000, source: {name: TASS}, sources: [kremlin], locator: para. 9}\n---\n",
    );
    let r = check(&s);
    let h = heads(&r);
    let warned: Vec<&&str> = h.iter().filter(|l| l.contains("[unused-locator]")).collect();
    assert_eq!(warned.len(), 1, "{r}");
    assert!(
        warned[0]
            .starts_with("content/actors/putin.md:4:69: warning[unused-locator]: the locator `para. 4` is not shown"),
        "{r}"
    );
    assert!(r.contains("cite it by id: `source: <id>` beside the `locator`"), "{r}");
    // The second relation's locator went to `kremlin`, and shows on the actor page.
    s.build_ok();
    assert!(texts(&s.page("actors/putin/"), "dl.relations dd").iter().any(|t| t.contains("para. 9")));
}

#[test]
fn an_unknown_source_on_a_relation_is_an_error_at_its_place_with_a_suggestion() {
    let s = cited_site();
    s.file(
        "content/actors/putin.md",
        "---\nname: Vladimir Putin\nrelations:\n  - {to: russia, type: leader-of, source: kremlln}\n---\n",
    );
    let r = check(&s);
    let h = heads(&r);
    assert!(h.contains(&"content/actors/putin.md:4:43: error[unknown-source]: unknown source `kremlln`"), "{r}");
    assert!(r.contains("did you mean `kremlin`?"), "{r}");
}

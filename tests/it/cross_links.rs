//! Links between briefings and to actors: wiki links, labels, heading anchors, actor links and
//! relative `.md` links are resolved at build time; broken ones are errors with file and
//! line; backlinks and answered questions come from them.

use crate::support::*;

fn fixture(body_a: &str) -> dossier::Compiled {
    let a = briefing("title: Alpha\ndate: 2024-01-02\nslug: alpha", body_a);
    let b = briefing(
        "title: Beta brief\ndate: 2024-01-01\nslug: beta\nquestions:\n  - id: scope\n    text: What is covered?\n    status: answered\n    answered_by: alpha",
        "## The treaty\n\nText.\n\n## Outlook\n\nMore.",
    );
    Site::with(&[
        ("content/actors/putin.md", "---\nname: Vladimir Putin\n---\n"),
        ("content/briefings/alpha.md", &a),
        ("content/briefings/sub/beta.md", &b),
    ])
    .compile()
}

fn hrefs(c: &dossier::Compiled) -> Vec<(String, String)> {
    let doc = page(c, "briefings/alpha/index.html");
    select(&doc, ".body a").iter().map(|a| (text(a), a.value().attr("href").unwrap_or("").to_string())).collect()
}

#[test]
fn every_link_form_resolves_to_a_relative_url() {
    let c = fixture(
        "See [[beta]], [[beta|the other one]], [[beta#the-treaty]], [[beta#question-scope|the question]], \
         [[@putin]], [[@putin|the president]], [the file](sub/beta.md#outlook) and [[#top]].\n\n## Top\n",
    );
    assert!(!c.findings.has_errors(), "{:?}", c.findings.items);
    let h = hrefs(&c);
    let want: Vec<(String, String)> = [
        ("Beta brief", "../../briefings/beta/"),
        ("the other one", "../../briefings/beta/"),
        ("Beta brief", "../../briefings/beta/#the-treaty"),
        ("the question", "../../briefings/beta/#question-scope"),
        ("Vladimir Putin", "../../actors/putin/"),
        ("the president", "../../actors/putin/"),
        ("the file", "../../briefings/beta/#outlook"),
        // A link within the briefing reads as the heading it points to.
        ("Top", "#top"),
    ]
    .iter()
    .map(|(a, b)| (a.to_string(), b.to_string()))
    .collect();
    assert_eq!(h, want);
}

#[test]
fn backlinks_come_from_body_links() {
    let c = fixture("See [[beta]].");
    let doc = page(&c, "briefings/beta/index.html");
    let back = select(&doc, "section[aria-labelledby=panel-backlinks] a");
    assert_eq!(back.len(), 1);
    assert_eq!(back[0].value().attr("href"), Some("../../briefings/alpha/"));
}

#[test]
fn broken_wiki_link_is_an_error_at_its_line_with_a_suggestion() {
    let c = fixture("Intro.\n\nSee [[betta]] here.");
    let e = findings(&c, "broken-link");
    assert_eq!(e.len(), 1);
    assert_eq!((e[0].file.as_str(), e[0].line, e[0].column), ("content/briefings/alpha.md", 9, 5));
    assert_eq!(e[0].hint.as_deref(), Some("did you mean `beta`?"));
}

#[test]
fn broken_heading_anchor_is_an_error_with_a_suggestion() {
    let c = fixture("See [[beta#the-treatyy]] and [b](sub/beta.md#nowhere).");
    let e = findings(&c, "broken-anchor");
    assert_eq!(e.len(), 2);
    assert!(e.iter().all(|f| f.line == 7));
    assert_eq!(e[0].hint.as_deref(), Some("did you mean `#the-treaty`?"));
}

#[test]
fn broken_relative_link_and_unknown_actor_link() {
    let c = fixture("[x](missing.md)\n\n[[@putn]] and [[@nobody-at-all|x]]");
    let e = findings(&c, "broken-link");
    assert_eq!(e.iter().map(|f| f.line).collect::<Vec<_>>(), [7, 9, 9]);
    assert!(e[1].message.contains("`putn`"));
    assert_eq!(e[1].hint.as_deref(), Some("did you mean `[[@putin]]`?"));
}

#[test]
fn answered_question_links_both_ways() {
    let c = fixture("The answer.");
    let alpha = page(&c, "briefings/alpha/index.html");
    let ans = select(&alpha, ".answers li");
    assert_eq!(ans.len(), 1);
    let t = text(&ans[0]);
    assert!(t.starts_with("Answers a question from Beta brief"), "{t}");
    let links: Vec<_> =
        select(&alpha, ".answers a").iter().map(|a| a.value().attr("href").unwrap_or("").to_string()).collect();
    assert_eq!(links, ["../../briefings/beta/", "../../briefings/beta/#question-scope"]);
    let beta = page(&c, "briefings/beta/index.html");
    let q = select(&beta, "li#question-scope .answered-by a");
    assert_eq!(q[0].value().attr("href"), Some("../../briefings/alpha/"));
}

#[test]
fn links_in_code_are_not_links() {
    let c = fixture("`[[nowhere]]` and\n\n```\n[[nowhere]]\n```\n");
    assert!(findings(&c, "broken-link").is_empty());
}

#[test]
fn links_to_briefings_and_actors_preview_them_on_hover() {
    let a = briefing(
        "title: Alpha\ndate: 2024-01-02\nslug: alpha\nactors: [putin, kim]",
        "Putin and Kim spoke. See [[beta]], [[@putin|him]], [[beta#outlook]] and [[beta|this \"one\"]].",
    );
    let b = briefing("title: Beta\ndate: 2024-01-01\nslug: beta\nsummary: \"What <Beta> says\"", "## Outlook\n\nMore.");
    let c = Site::with(&[
        ("content/actors/putin.md", "---\nname: Vladimir Putin\nrole: President of Russia\naliases: [Putin]\n---\n"),
        ("content/actors/kim.md", "---\nname: Kim Jong Un\nrole: Leader of North Korea\naliases: [Kim]\n---\n"),
        ("content/alpha.md", &a),
        ("content/beta.md", &b),
    ])
    .compile();
    let doc = page(&c, "briefings/alpha/index.html");
    let titles: Vec<(String, String)> =
        select(&doc, ".body a").iter().map(|a| (text(a), a.value().attr("title").unwrap_or("").to_string())).collect();
    // The link stays an ordinary link; its title is the briefing's summary or the actor's role
    // (a link to a heading previews nothing: the summary is not what it points to).
    assert_eq!(
        titles,
        [
            // Putin is linked by the author below, so only Kim's mention is linked here.
            ("Kim", "Leader of North Korea"),
            ("Beta", "What <Beta> says"),
            ("him", "President of Russia"),
            ("Beta", ""),
            ("this “one”", "What <Beta> says"),
        ]
        .map(|(a, b)| (a.to_string(), b.to_string()))
    );
}

//! Actor mentions in briefing bodies: found by name and alias, longest match first, whole
//! words in any script; linked per the `mentions` setting; never in code, links, headings or
//! raw HTML; listed on actor pages; linted by `check`.

use crate::support::*;

const ACTORS: &[(&str, &str)] = &[
    ("content/actors/kim-jong-un.md", "---\nname: Kim Jong Un\naliases: [Kim, 김정은]\n---\n"),
    ("content/actors/dvorak.md", "---\nname: Antonín Dvořák\naliases: [Dvořák]\n---\n"),
    ("content/actors/zoe.md", "---\nname: Zoë Baird\naliases: [Zoë]\n---\n"),
    ("content/actors/putin.md", "---\nname: Vladimir Putin\naliases: [Putin]\n---\n"),
];

fn with(body: &str, front: &str, extra: &[(&str, &str)]) -> Site {
    let b = briefing(&format!("title: T\ndate: 2024-01-01\n{front}"), body);
    let mut files: Vec<(&str, &str)> = ACTORS.to_vec();
    files.extend_from_slice(extra);
    files.push(("content/b.md", &b));
    Site::with(&files)
}

fn mention_links(c: &dossier::Compiled) -> Vec<(String, String)> {
    let doc = page(c, "briefings/b/index.html");
    select(&doc, ".body a.mention")
        .iter()
        .map(|a| (text(a), a.value().attr("href").unwrap_or("").to_string()))
        .collect()
}

#[test]
fn unicode_names_and_aliases_are_linked_once_each() {
    let f = with(
        "Dvořák met Zoë and Zoe\u{308} again. 김정은 spoke, and Dvořák left.\n",
        "actors: [dvorak, zoe, kim-jong-un]",
        &[],
    );
    let c = f.compile();
    let links = mention_links(&c);
    assert_eq!(
        links,
        [
            ("Dvořák".into(), "../../actors/dvorak/".into()),
            ("Zoë".into(), "../../actors/zoe/".into()),
            ("김정은".into(), "../../actors/kim-jong-un/".into()),
        ]
    );
}

#[test]
fn longest_match_wins_over_a_shorter_alias() {
    let f = with("Kim Jong Un arrived. Kim spoke. Kimchi was served.\n", "actors: [kim-jong-un]", &[]);
    let c = f.compile();
    assert_eq!(mention_links(&c), [("Kim Jong Un".to_string(), "../../actors/kim-jong-un/".to_string())]);
}

#[test]
fn an_actor_the_author_links_gets_no_second_automatic_link() {
    let f =
        with("Putin spoke. Later [[@putin|the president]] left; Kim stayed.\n", "actors: [putin, kim-jong-un]", &[]);
    let c = f.compile();
    let doc = page(&c, "briefings/b/index.html");
    let to_putin = select(&doc, ".body a[href='../../actors/putin/']");
    assert_eq!(to_putin.iter().map(text).collect::<Vec<_>>(), ["the president"], "one link to Putin, the author's");
    assert_eq!(mention_links(&c), [("Kim".to_string(), "../../actors/kim-jong-un/".to_string())]);
}

#[test]
fn all_and_none_settings() {
    let body = "Putin spoke. Then Putin left.\n";
    let all = with(body, "actors: [putin]", &[("dossier.yaml", "mentions: all\n")]).compile();
    assert_eq!(mention_links(&all).len(), 2);
    let none = with(body, "actors: [putin]", &[("dossier.yaml", "mentions: none\n")]).compile();
    assert!(mention_links(&none).is_empty());
}

#[test]
fn never_linked_in_code_links_headings_or_raw_html() {
    let body = "## Putin abroad\n\nThe `Putin` span, [Putin](https://example.org), <span>Putin</span>.\n\n```\nPutin\n```\n\nFinally Putin.\n";
    let c = with(body, "actors: [putin]", &[("dossier.yaml", "mentions: all\n")]).compile();
    let doc = page(&c, "briefings/b/index.html");
    let links = select(&doc, ".body a.mention");
    assert_eq!(links.len(), 1, "only the plain-text mention is linked");
    assert_eq!(select(&doc, ".body p:last-of-type a.mention").len(), 1);
    assert!(select(&doc, ".body h2 a, .body code a, .body pre a").is_empty());
}

#[test]
fn alias_inside_code_span_is_not_a_mention() {
    let c = with("Call `Putin` in the code.\n", "", &[]).compile();
    assert!(mention_links(&c).is_empty());
    assert!(findings(&c, "unannotated-mention").is_empty());
    let actor = page(&c, "actors/putin/index.html");
    assert!(!text(&select(&actor, "main")[0]).contains("Also mentioned in"));
}

#[test]
fn mentioned_but_not_annotated_is_listed_on_the_actor_page_and_linted() {
    let c = with("Putin said little.\n", "", &[]).compile();
    let actor = page(&c, "actors/putin/index.html");
    let body = text(&select(&actor, "main")[0]);
    assert!(body.contains("Also mentioned in"), "{body}");
    assert_eq!(
        select(&actor, "section[aria-labelledby=briefings] ul a")[0].value().attr("href"),
        Some("../../briefings/b/")
    );
    let w = findings(&c, "unannotated-mention");
    assert_eq!(w.len(), 1);
    assert_eq!((w[0].file.as_str(), w[0].line, w[0].column), ("content/b.md", 7, 1));
    assert!(w[0].hint.as_deref().unwrap_or("").contains("- putin"));
}

#[test]
fn annotated_but_never_named_is_a_warning_at_the_annotation() {
    let c = with("Nobody is named here.\n", "actors:\n  - dvorak", &[]).compile();
    let w = findings(&c, "unmentioned-actor");
    assert_eq!(w.len(), 1);
    assert_eq!((w[0].line, w[0].column), (5, 5));
    assert!(!c.findings.has_errors());
}

#[test]
fn ambiguous_alias_is_reported_and_never_linked() {
    let extra = [("content/actors/kim-yo-jong.md", "---\nname: Kim Yo Jong\naliases: [Kim]\n---\n")];
    let c = with("Kim spoke. Kim Yo Jong nodded.\n", "actors: [kim-yo-jong]", &extra).compile();
    assert_eq!(mention_links(&c), [("Kim Yo Jong".to_string(), "../../actors/kim-yo-jong/".to_string())]);
    let w = findings(&c, "ambiguous-alias");
    assert_eq!(w.len(), 2, "one warning at each definition");
    assert!(w.iter().all(|f| f.line == 3 && f.message.contains("`Kim`")));
}

#[test]
fn common_word_alias_is_a_warning() {
    let extra = [("content/actors/theresa-may.md", "---\nname: Theresa May\naliases:\n  - May\n---\n")];
    let c = with("Theresa May spoke.\n", "actors: [theresa-may]", &extra).compile();
    let w = findings(&c, "common-word-alias");
    assert_eq!(w.len(), 1);
    assert_eq!((w[0].file.as_str(), w[0].line, w[0].column), ("content/actors/theresa-may.md", 4, 5));
}

#[test]
fn names_across_a_line_break_and_with_a_typographic_apostrophe() {
    let extra = [("content/actors/wpk.md", "---\nname: Workers' Party of Korea\nkind: organization\n---\n")];
    let c =
        with("The Workers' Party of Korea met; Kim Jong\nUn spoke.\n", "actors: [wpk, kim-jong-un]", &extra).compile();
    let links = mention_links(&c);
    assert_eq!(links.len(), 2, "{links:?}");
    assert_eq!(links[0].0, "Workers’ Party of Korea");
    assert_eq!(links[1].0, "Kim Jong\nUn");
    assert!(findings(&c, "unmentioned-actor").is_empty());
}

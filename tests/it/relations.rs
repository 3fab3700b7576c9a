//! Relations between actors as a reader meets them: written once (on a profile or in a
//! briefing), shown on both actors' pages under their own label and its inverse, with dates;
//! drawn as labelled lines in the network pictures; listed in the briefing that records them;
//! and checked, with the place and a suggestion, when they name what does not exist or end
//! before they start.

use crate::support::{texts, Site};

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

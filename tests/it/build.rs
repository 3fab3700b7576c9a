//! The core pipeline end to end: fixture sites built into temp folders, pages parsed as HTML.

use crate::support::{attrs, broken_links, texts, Site};

const PACT: &str = r#"title: "The pact"
date: 2024-06-20
summary: "Two leaders sign a treaty."
tags: [treaties, russia]
actors:
  - putin
  - id: kim
    name: Kim Jong Un
    kind: person
    role: Leader of North Korea
    affiliation: dprk
  - {id: dprk, name: North Korea, kind: country}
quotes:
  - by: putin
    text: "a groundbreaking document"
    context: at the signing
  - {by: kim, text: "very strong friendship", id: friendship}
questions:
  - What does mutual assistance cover?
  - {text: Is China joining?, status: moot, id: china}
events:
  - {date: 1961, title: First treaty, actors: [dprk]}
  - {date: "~1890", title: Old border settled}
  - {date: 2024-06-19, title: Pact signed, actors: [putin, kim]}
  - {date: "1950-06-25/1953-07-27", title: Korean War}
  - {date: 2024-06, title: Summit month}
"#;

const VETO: &str = r#"title: "The veto"
date: 2024-03-29
tags: [sanctions, russia]
actors: [putin, dprk]
events:
  - {date: 2024-06-19, title: Pact signed, actors: [putin]}
  - {date: 2024-03-28, title: Veto cast}
"#;

fn two_briefings() -> Site {
    let s = Site::new();
    s.file("content/actors/putin.md", "---\nname: Vladimir Putin\nkind: person\nrole: President of Russia\naliases: [Putin, Vladimir Putin]\n---\nPresident since 2012.\n");
    s.briefing(
        "briefings/pact",
        PACT,
        "Putin called it a groundbreaking document.\n\n## The treaty\n\nKim spoke of a very strong friendship.\n",
    );
    s.briefing("briefings/veto", VETO, "See [the pact](pact.md#the-treaty) for what came next.\n");
    s
}

#[test]
fn every_listed_page_exists_and_links_resolve() {
    let s = two_briefings();
    s.build_ok();
    for page in [
        "",
        "briefings/pact/",
        "briefings/veto/",
        "actors/",
        "actors/putin/",
        "actors/kim/",
        "actors/dprk/",
        "timeline/",
        "questions/",
        "quotes/",
        "tags/",
        "tags/russia/",
        "tags/treaties/",
    ] {
        assert!(s.out().join(page).join("index.html").is_file(), "missing page /{page}");
    }
    assert!(s.out().join("404.html").is_file());
    assert!(s.out().join("style.css").is_file());
    assert_eq!(broken_links(&s.out()), Vec::<String>::new());
}

#[test]
fn the_menu_lists_only_sections_the_site_has_and_keeps_reference_pages_in_the_footer() {
    let s = two_briefings();
    s.build_ok();
    let home = s.page("index.html");
    let header = texts(&home, "header nav a");
    assert_eq!(header, ["Briefings", "Actors", "Timeline", "Questions", "Quotes", "Search"]);
    assert_eq!(attrs(&home, "header nav a[aria-current=page]", "href"), ["./"]);
    assert_eq!(texts(&home, "footer nav a"), ["Tags", "What’s new", "Atom feed"]);
    // The page of an empty section is still there, and names itself in the menu.
    let judgments = s.page("judgments/index.html");
    assert_eq!(texts(&judgments, "header nav a[aria-current=page]"), ["Judgments"]);
    // A briefing with a key judgment and a source brings their entries.
    s.briefing(
        "briefings/grain",
        "title: Grain\ndate: 2024-01-05\njudgments:\n  - {id: ships, text: Ships will likely sail., likelihood: likely, confidence: low}\n\
         sources:\n  - {id: port-log, title: Port authority log, publisher: Odesa port, kind: dataset}\n",
        "Ships wait.[[^port-log]]\n",
    );
    s.build_ok();
    let home = s.page("index.html");
    assert_eq!(
        texts(&home, "header nav a"),
        ["Briefings", "Actors", "Timeline", "Questions", "Quotes", "Judgments", "Search"]
    );
    assert_eq!(texts(&home, "footer nav a"), ["Sources", "Tags", "What’s new", "Atom feed"]);
    let sources = s.page("sources/index.html");
    assert_eq!(texts(&sources, "footer nav a[aria-current=page]"), ["Sources"]);
    assert!(texts(&sources, "header nav a[aria-current=page]").is_empty());
}

#[test]
fn home_lists_briefings_newest_first_with_counts() {
    let s = two_briefings();
    s.build_ok();
    let home = s.page("");
    assert_eq!(texts(&home, ".card h3 a"), ["The pact", "The veto"]);
    let meta = texts(&home, ".card .meta");
    assert!(
        meta[0].contains("2 quotes") && meta[0].contains("2 questions") && meta[0].contains("5 events"),
        "{meta:?}"
    );
    assert!(texts(&home, ".card")[0].contains("Two leaders sign a treaty."));
}

#[test]
fn briefing_page_has_panels_with_the_right_items() {
    let s = two_briefings();
    s.build_ok();
    let p = s.page("briefings/pact/");
    assert_eq!(texts(&p, "h1"), ["The pact"]);
    assert_eq!(texts(&p, "#panel-actors + ul li a"), ["Vladimir Putin", "Kim Jong Un", "North Korea"]);
    assert_eq!(attrs(&p, "#panel-actors + ul li a", "href")[0], "../../actors/putin/");
    // Quote cards carry anchors and link their speaker.
    assert_eq!(attrs(&p, "li.quote", "id"), ["quote-1", "quote-friendship"]);
    assert_eq!(texts(&p, "li.quote blockquote"), ["“…a groundbreaking document…”", "“…very strong friendship…”"]);
    assert_eq!(texts(&p, "li.quote figcaption a:first-child"), ["Vladimir Putin", "Kim Jong Un"]);
    assert_eq!(attrs(&p, "li.question", "id"), ["question-1", "question-china"]);
    assert_eq!(texts(&p, "li.question .badge"), ["open", "moot"]);
    // Its own events, as a small timeline, earliest first, linking to the site timeline.
    assert_eq!(
        texts(&p, "#panel-events ~ ol .event-title"),
        ["Old border settled", "Korean War", "First treaty", "Summit month", "Pact signed"]
    );
    assert!(attrs(&p, "#panel-events ~ ol .event-title a", "href")
        .iter()
        .all(|h| h.starts_with("../../timeline/#event-")));
    // Related: shares actors and a tag with the veto briefing.
    assert_eq!(texts(&p, "#panel-related + ul a"), ["The veto"]);
    // Referenced by: the veto briefing links here.
    assert_eq!(texts(&p, "#panel-backlinks + ul a"), ["The veto"]);
    let veto = s.page("briefings/veto/");
    assert_eq!(attrs(&veto, ".body a", "href"), ["../../briefings/pact/#the-treaty"]);
    assert!(veto.select(&scraper::Selector::parse("#panel-backlinks").unwrap()).next().is_none());
}

#[test]
fn actor_page_gathers_everything_about_the_actor() {
    let s = two_briefings();
    s.build_ok();
    let p = s.page("actors/putin/");
    assert_eq!(texts(&p, "h1"), ["Vladimir Putin"]);
    assert!(texts(&p, ".bio").join(" ").contains("President since 2012."));
    assert_eq!(texts(&p, ".entries > li > a"), ["The pact", "The veto"]);
    assert_eq!(texts(&p, "li.quote blockquote"), ["“…a groundbreaking document…”"]);
    // The actor is the page: the caption links the briefing, not the speaker again.
    assert_eq!(attrs(&p, "li.quote figcaption a", "href")[0], "../../briefings/pact/#quote-1");
    assert_eq!(texts(&p, ".event-title"), ["Pact signed"]);
    let co = texts(&p, ".co-actors a");
    assert_eq!(co[0], "North Korea", "shares two briefings: {co:?}");
    let kim = s.page("actors/kim/");
    assert_eq!(texts(&kim, ".meta a"), ["North Korea"], "affiliation linked");
    // The affiliation is a member-of relation, shown from both sides.
    let dprk = s.page("actors/dprk/");
    assert_eq!(texts(&dprk, "dl.relations dt"), ["Has member"]);
    assert_eq!(texts(&dprk, "dl.relations dd a"), ["Kim Jong Un"]);
    assert_eq!(texts(&kim, "dl.relations dt"), ["Member of"]);
}

#[test]
fn actors_index_groups_by_kind() {
    let s = two_briefings();
    s.build_ok();
    let p = s.page("actors/");
    // Two briefings: no network but the pairs who appear together most; Kim's affiliation is
    // a relation, so the relations picture follows; then the kinds.
    assert_eq!(texts(&p, "h2"), ["Who appears with whom most often", "Relations", "People", "Countries"]);
    assert_eq!(texts(&p, "#kind-person + ul > li > a"), ["Kim Jong Un", "Vladimir Putin"]);
}

#[test]
fn timeline_is_chronological_merges_shared_events_and_shows_precision() {
    let s = two_briefings();
    s.build_ok();
    let p = s.page("timeline/");
    let titles = texts(&p, "li.event .event-title");
    assert_eq!(
        titles,
        ["Old border settled", "Korean War", "First treaty", "Veto cast", "Summit month", "Pact signed"]
    );
    let dates = texts(&p, "li.event > time");
    assert_eq!(dates, ["c. 1890", "25 June 1950–27 July 1953", "1961", "28 March 2024", "June 2024", "19 June 2024"]);
    assert_eq!(attrs(&p, "li.event > time", "datetime")[2], "1961");
    // One date style everywhere: the briefing's own date is written like the events'.
    assert_eq!(texts(&s.page("briefings/pact/"), ".meta time")[0], "20 June 2024");
    assert!(attrs(&p, "li.event", "class")[0].contains("approx"));
    // "Pact signed" is recorded by both briefings: one entry, linked to both.
    let sources = texts(&p, "li.event .sources");
    assert_eq!(sources.last().unwrap(), "Recorded in The veto, The pact");
    assert_eq!(texts(&p, "section > h2"), ["1890", "1950", "1961", "2024"]);
}

#[test]
fn the_date_style_of_dossier_yaml_applies_to_every_date() {
    let s = two_briefings();
    s.file("dossier.yaml", "date_style: us\n");
    s.build_ok();
    let p = s.page("timeline/");
    let dates = texts(&p, "li.event > time");
    assert_eq!(
        dates,
        ["c. 1890", "June 25, 1950–July 27, 1953", "1961", "March 28, 2024", "June 2024", "June 19, 2024"]
    );
    assert_eq!(texts(&s.page("briefings/pact/"), ".meta time")[0], "June 20, 2024");
    assert_eq!(texts(&s.page(""), ".cards time")[0], "June 20, 2024");
}

#[test]
fn questions_and_quotes_indexes() {
    let s = two_briefings();
    s.build_ok();
    let q = s.page("questions/");
    assert_eq!(texts(&q, "section h2"), ["Open", "Moot"]);
    assert_eq!(
        attrs(&q, ".question-text a", "href"),
        ["../briefings/pact/#question-1", "../briefings/pact/#question-china"]
    );
    // Grouped by status: no badge repeats the heading.
    assert!(texts(&q, ".badge").is_empty());
    let quotes = s.page("quotes/");
    // People by family name, guessed as the last word: Putin before (Kim Jong) Un.
    assert_eq!(texts(&quotes, "section h2"), ["Vladimir Putin", "Kim Jong Un"]);
    // Quotes as quotes: typographic marks, and ellipses where the words are cut from a sentence.
    assert_eq!(texts(&quotes, "li.quote blockquote"), ["“…a groundbreaking document…”", "“…very strong friendship…”"]);
    // The speaker is the heading: the caption does not name them again.
    let captions = texts(&quotes, "li.quote figcaption");
    assert!(captions[0].starts_with("at the signing · The pact"), "{captions:?}");
    assert!(captions.iter().all(|c| !c.contains('—') && !c.contains("Putin")), "{captions:?}");
    // An actor page does not list the actor's own name among its other names.
    assert_eq!(texts(&s.page("actors/putin/"), ".aliases"), ["Also known as: Putin"]);
}

#[test]
fn sort_name_places_a_speaker_where_the_guess_would_not() {
    let s = two_briefings();
    s.briefing(
        "briefings/pact",
        &PACT.replace("    name: Kim Jong Un\n", "    name: Kim Jong Un\n    sort_name: Kim Jong Un\n"),
        "Putin called it a groundbreaking document.\n\n## The treaty\n\nKim spoke of a very strong friendship.\n",
    );
    s.build_ok();
    assert_eq!(texts(&s.page("quotes/"), "section h2"), ["Kim Jong Un", "Vladimir Putin"]);
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let s = two_briefings();
    s.briefing(
        "briefings/secret",
        "title: Secret plan\ndate: 2024-07-01\ndraft: true\nactors: [{id: spy, name: The Spy}]\n",
        "Hush.\n",
    );
    s.build_ok();
    assert!(!s.out().join("briefings/secret").exists());
    assert!(!s.out().join("actors/spy").exists(), "actors only a draft defines are left out too");
    assert!(!s.read("").contains("Secret plan"));
    let out = s.run(&["build", "--drafts"]);
    assert!(out.status.success());
    assert!(s.read("").contains("Secret plan"));
    assert!(s.out().join("briefings/secret/index.html").is_file());
}

#[test]
fn front_matter_text_is_escaped_everywhere() {
    let s = Site::new();
    let evil = r#"<script>alert('x')</script> & "q""#;
    s.briefing(
        "b",
        &format!(
            "title: '{e}'\ndate: 2024-01-01\nsummary: '{e}'\ntags: ['{e}']\nactors: [{{id: a, name: '{e}', role: '{e}'}}]\nquotes: [{{by: a, text: '{e}', context: '{e}'}}]\nquestions: ['{e}']\nevents: [{{date: 2024, title: '{e}', description: '{e}'}}]\n",
            e = evil.replace('\'', "''")
        ),
        // The quote must stand in the text: in a code span, so it is text and not raw HTML.
        &format!("Body quoting `{evil}`.\n"),
    );
    s.build_ok();
    for entry in walkdir::WalkDir::new(s.out())
        .into_iter()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
    {
        let html = std::fs::read_to_string(entry.path()).unwrap();
        assert!(!html.contains("<script>alert"), "unescaped in {}", entry.path().display());
    }
    // The title is prose: it reads back with the smart punctuation of bodies.
    let p = s.page("briefings/b/");
    assert_eq!(texts(&p, "h1")[0], "<script>alert(‘x’)</script> & “q”");
    assert!(s.read("briefings/b/").contains("&lt;script&gt;alert(‘x’)&lt;/script&gt; &amp; “q”"));
}

#[test]
fn output_is_byte_identical_across_runs_and_thread_counts() {
    let s = two_briefings();
    let run = |threads: &str, out: &str| {
        let o = std::process::Command::new(env!("CARGO_BIN_EXE_dossier"))
            .args(["build", "--output", out])
            .current_dir(s.root())
            .env("RAYON_NUM_THREADS", threads)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    };
    run("1", "one");
    run("8", "eight");
    run("8", "again");
    let files = |d: &str| -> Vec<(String, Vec<u8>)> {
        let root = s.root().join(d);
        let mut v: Vec<_> = walkdir::WalkDir::new(&root)
            .into_iter()
            .flatten()
            .filter(|e| e.file_type().is_file())
            .map(|e| (e.path().strip_prefix(&root).unwrap().display().to_string(), std::fs::read(e.path()).unwrap()))
            .collect();
        v.sort();
        v
    };
    assert!(files("one").len() > 10);
    assert_eq!(files("one"), files("eight"));
    assert_eq!(files("eight"), files("again"));
}

#[test]
fn long_listings_split_into_pages() {
    let s = Site::new();
    s.file("dossier.yaml", "page_size: 3\n");
    for i in 1..=7 {
        s.briefing(
            &format!("b{i}"),
            &format!(
                "title: Briefing {i}\ndate: 2024-01-{i:02}\ntags: [all]\nevents: [{{date: {y}, title: Event {i}}}]\n",
                y = 2000 + i % 2
            ),
            "x\n",
        );
    }
    s.build_ok();
    assert_eq!(texts(&s.page(""), ".card h3 a"), ["Briefing 7", "Briefing 6", "Briefing 5"]);
    assert_eq!(texts(&s.page("page/3/"), ".card h3 a"), ["Briefing 1"]);
    assert_eq!(attrs(&s.page("page/2/"), ".pager a[rel=next]", "href"), ["../../page/3/"]);
    assert_eq!(texts(&s.page("tags/all/page/2/"), ".card h3 a"), ["Briefing 4", "Briefing 3", "Briefing 2"]);
    // 7 events > 3: the timeline splits by year, and 2001 (4 events) into two pages.
    assert_eq!(texts(&s.page("timeline/2000/"), ".event-title").len(), 3);
    assert_eq!(texts(&s.page("timeline/2001/"), ".event-title").len(), 3);
    assert_eq!(texts(&s.page("timeline/2001/page/2/"), ".event-title").len(), 1);
    assert_eq!(texts(&s.page("timeline/"), ".year-nav a"), ["2000", "2001"]);
    assert_eq!(texts(&s.page("timeline/"), ".year-nav .counts"), ["3", "4"]);
    assert_eq!(broken_links(&s.out()), Vec::<String>::new());
    let few = two_briefings();
    few.build_ok();
    assert!(!few.out().join("page").exists(), "a small site keeps each listing whole");
}

#[test]
fn a_long_listing_has_a_short_pager() {
    let s = Site::new();
    s.file("dossier.yaml", "page_size: 1\n");
    for i in 1..=30 {
        s.briefing(&format!("b{i}"), &format!("title: Briefing {i}\ndate: 2024-01-{i:02}\n"), "x\n");
    }
    s.build_ok();
    let items = |page: &str| texts(&s.page(page), ".pager li");
    assert_eq!(items("page/15/"), ["1", "…", "13", "14", "15", "16", "17", "…", "30"]);
    assert_eq!(texts(&s.page("page/15/"), ".pager [aria-current=page]"), ["15"]);
    assert_eq!(items(""), ["1", "2", "3", "…", "30"]);
    assert_eq!(attrs(&s.page("page/30/"), ".pager a[rel=prev]", "href"), ["../../page/29/"]);
    assert_eq!(broken_links(&s.out()), Vec::<String>::new());
}

#[test]
fn an_actor_in_many_briefings_gets_several_pages() {
    let s = Site::new();
    s.file("dossier.yaml", "page_size: 2\n");
    s.file("content/actors/ana.md", "---\nname: Ana\n---\nBio of Ana.\n");
    for i in 1..=3 {
        s.briefing(
            &format!("b{i}"),
            &format!("title: B{i}\ndate: 2024-01-0{i}\nactors: [ana]\nquotes: [{{by: ana, text: said {i}}}]\nevents: [{{date: 200{i}, title: E{i}, actors: [ana]}}]\n"),
            &format!("Ana said {i}.\n"),
        );
    }
    s.build_ok();
    let p1 = s.page("actors/ana/");
    assert_eq!(texts(&p1, ".entries > li > a"), ["B3", "B2"]);
    assert_eq!(texts(&p1, "li.quote blockquote"), ["“…said 3…”", "“…said 2…”"]);
    assert_eq!(texts(&p1, ".event-title"), ["E2", "E3"]);
    assert!(!texts(&p1, ".bio").is_empty());
    let p2 = s.page("actors/ana/page/2/");
    assert_eq!(texts(&p2, ".entries > li > a"), ["B1"]);
    assert_eq!(texts(&p2, "li.quote blockquote"), ["“…said 1…”"]);
    assert_eq!(texts(&p2, ".event-title"), ["E1"]);
    assert!(texts(&p2, ".bio").is_empty(), "the profile is on the first page only");
    assert_eq!(broken_links(&s.out()), Vec::<String>::new());
}

#[test]
fn a_failed_build_leaves_the_previous_output() {
    let s = two_briefings();
    s.build_ok();
    let before = s.read("briefings/pact/");
    s.briefing("briefings/pact", "title: [unclosed\n", "x\n");
    let out = s.run(&["build"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("content/briefings/pact.md:3:1: error[yaml-syntax]"), "{err}");
    assert!(err.contains("flow sequence that starts at line 2"), "{err}");
    assert!(err.contains("nothing was written"), "{err}");
    assert_eq!(s.read("briefings/pact/"), before);
}

#[test]
fn a_folder_with_only_content_builds_with_defaults() {
    let s = Site::new();
    s.briefing("only", "title: Only one\ndate: 2020-02-29\n", "Hello *world*.\n");
    let out = s.run(&["build"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.starts_with("built ") && stdout.contains(" pages") && stdout.trim().lines().count() == 1,
        "{stdout}"
    );
    assert_eq!(texts(&s.page("briefings/only/"), ".body em"), ["world"]);
    // Defaults that name no product: the masthead says "Briefings", the footer the title only.
    assert_eq!(texts(&s.page(""), ".site-title"), ["Briefings"]);
    assert_eq!(texts(&s.page(""), ".site-footer p"), ["Briefings"]);
    assert!(!s.read("").contains("Dossier"), "no \"Dossier\" unless asked for");
    s.file("dossier.yaml", "title: The Harbour Desk\nfooter: © The Harbour Desk\ncredit: true\n");
    assert!(s.run(&["build"]).status.success());
    assert_eq!(texts(&s.page("briefings/only/"), ".site-title"), ["The Harbour Desk"]);
    assert_eq!(texts(&s.page("briefings/only/"), ".site-footer p"), ["© The Harbour Desk · Built with Dossier"]);
}

#[test]
fn init_creates_a_site_that_builds_and_new_stubs_a_briefing() {
    let s = Site::new();
    std::fs::remove_dir_all(s.root().join("content")).unwrap();
    assert!(s.run(&["init", "."]).status.success());
    // The untouched example is clean: no error, no warning.
    let out = s.run(&["check", "--strict"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stdout));
    let out = s.run(&["build"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(!texts(&s.page("quotes/"), "li.quote").is_empty());
    let out = s.run(&["new", "Port strike: day two"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    // Beside the example: in content/briefings/.
    let stub = std::fs::read_to_string(s.root().join("content/briefings/port-strike-day-two.md")).unwrap();
    assert!(stub.contains("title: \"Port strike: day two\"") && stub.contains("quotes:") && stub.contains("events:"));
    let out = s.run(&["build", "--drafts"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(s.out().join("briefings/port-strike-day-two/index.html").is_file());
    assert!(!s.run(&["init", "."]).status.success(), "init refuses to overwrite a site");
}

#[test]
fn code_blocks_are_highlighted_with_classes() {
    let s = Site::new();
    s.briefing("c", "title: Code\ndate: 2024-01-01\n", "```rust\nfn main() { let x = \"<b>\"; }\n```\n");
    s.build_ok();
    let html = s.read("briefings/c/");
    assert!(
        html.contains("class=\"language-rust\"") && html.contains("hl-keyword") && html.contains("&lt;b&gt;"),
        "{html}"
    );
}

#[test]
fn the_example_site_builds_every_page_with_no_broken_link() {
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = tempfile::tempdir().unwrap();
    let report = dossier::build(&dossier::BuildOptions {
        root: repo.to_path_buf(),
        output: Some(out.path().to_path_buf()),
        ..Default::default()
    })
    .unwrap();
    assert!(!report.findings.has_errors(), "{}", report.findings.render());
    for page in [
        "index.html",
        "actors/index.html",
        "actors/vladimir-putin/index.html",
        "timeline/index.html",
        "questions/index.html",
        "quotes/index.html",
        "tags/index.html",
        "briefings/russia-north-korea-pact/index.html",
        "404.html",
    ] {
        assert!(out.path().join(page).is_file(), "missing {page}");
    }
    assert_eq!(broken_links(out.path()), Vec::<String>::new());
}

#[test]
fn build_lists_ten_warnings_and_counts_the_rest() {
    let s = Site::new();
    for i in 1..=12 {
        s.briefing(
            &format!("b{i}"),
            &format!("title: B{i}\ndate: 2024-01-01\nactors: [{{id: a{i}, name: Person {i}}}]\n"),
            "Nobody named.\n",
        );
    }
    let out = s.run(&["build"]);
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.matches("warning[unmentioned-actor]").count(), 10, "{err}");
    assert!(err.contains("… and 2 more warnings (unmentioned-actor: 2); `dossier check` lists them all"), "{err}");
    let all = s.run(&["build", "-v"]);
    assert_eq!(String::from_utf8_lossy(&all.stderr).matches("warning[unmentioned-actor]").count(), 12);
}

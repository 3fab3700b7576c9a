//! Provenance: sources (inline and profiles), citations from quotes, events, answers, judgments
//! and the text, key judgments on the ICD 203 scale, and the checks on them; each check has a
//! site that fails it and one that passes. The pages (`/sources/`, `/sources/<id>/`,
//! `/judgments/`, a briefing's Key judgments and Sources) are read back as a reader sees them.

use crate::support::*;
use dossier::diag::Severity;

const KIM: (&str, &str) = ("content/actors/kim.md", "---\nname: Kim Jong Un\n---\n");
const PUTIN: (&str, &str) = ("content/actors/putin.md", "---\nname: Vladimir Putin\n---\n");

const BODY: &str =
    "Kim Jong Un called the pact \"the strongest treaty in history\" after the talks.[[^kcna|para. 2]]\n";

/// A briefing with the front matter `extra` after its title, date and actors, and `body`.
fn site(extra: &str, body: &str) -> Site {
    let front = format!("title: Pact\ndate: 2024-06-20\nactors: [kim]\n{extra}");
    Site::with(&[KIM, PUTIN, ("content/briefings/pact.md", &briefing(&front, body))])
}

/// A source `kcna` defined inline, with an archived copy.
const KCNA: &str = "sources:\n  - id: kcna\n    title: KCNA report\n    url: https://kcnawatch.org/a\n    archive_url: https://web.archive.org/web/2024/https://kcnawatch.org/a\n    publisher: KCNA\n    kind: statement\n    reliability: C\n";

fn codes(c: &dossier::Compiled) -> Vec<&str> {
    c.findings.items.iter().map(|f| f.code).collect()
}

#[test]
fn a_cited_source_with_an_archive_has_no_findings_and_shows_everywhere() {
    let extra = format!(
        "{KCNA}quotes:\n  - by: kim\n    id: q\n    text: the strongest treaty in history\n    source: kcna\n    locator: para. 2\n"
    );
    let c = site(&extra, BODY).compile();
    assert!(c.findings.items.is_empty(), "{:?}", c.findings.items);

    // The briefing: a numbered note in the text, and a Sources section with original and copy.
    let b = page(&c, "briefings/pact/index.html");
    let notes = select(&b, ".sources-section .source-notes li");
    assert_eq!(notes.len(), 1);
    let entry = text(&notes[0]);
    assert!(entry.contains("KCNA report") && entry.contains("para. 2"), "{entry}");
    assert_eq!(attrs(&b, ".sources-section a.original", "href"), ["https://kcnawatch.org/a"]);
    assert_eq!(
        attrs(&b, ".sources-section a.archive", "href"),
        ["https://web.archive.org/web/2024/https://kcnawatch.org/a"]
    );
    let note = attrs(&b, ".note-ref a", "href");
    assert_eq!(note.len(), 1);
    assert!(note[0].ends_with("#source-kcna"), "{note:?}");
    assert_eq!(texts(&b, ".note-ref a"), ["1"]);

    // Only this briefing defines and cites it: it has no page, its entry in the Sources section
    // is where every link to it goes (the title is no link to itself there).
    assert!(!c.files.iter().any(|f| f.path.starts_with("sources/kcna/")));
    assert_eq!(attrs(&b, "#source-kcna .source-title a:not(.backref)", "href"), Vec::<String>::new());
    let q = page(&c, "quotes/index.html");
    let cited = attrs(&q, ".citations a", "href");
    assert_eq!(cited, ["../briefings/pact/#source-kcna"]);
    let meta = texts(&b, "#source-kcna .source-meta").join(" ");
    assert!(meta.contains("statement") && meta.contains("reliability C"), "{meta}");

    // The index lists it with its counts, linking to its entry in the briefing.
    let i = page(&c, "sources/index.html");
    let line = texts(&i, ".source-index li").join(" ");
    assert!(line.contains("KCNA report") && line.contains("1 briefing"), "{line}");
    assert_eq!(attrs(&i, ".source-index .source-title a", "href"), ["../briefings/pact/#source-kcna"]);
}

#[test]
fn an_inline_source_cited_by_a_second_briefing_has_its_page_and_links_go_there() {
    let extra = format!(
        "{KCNA}quotes:\n  - by: kim\n    id: q\n    text: the strongest treaty in history\n    source: kcna\n    locator: para. 2\n"
    );
    let s = site(&extra, BODY);
    s.briefing(
        "briefings/later",
        "title: Later\ndate: 2024-07-01\nactors: [kim]\n",
        "Kim Jong Un answered the report.[[^kcna]]\n",
    );
    let c = s.compile();
    assert!(c.findings.items.is_empty(), "{:?}", c.findings.items);
    // The source's page lists both briefings and the quote that cite it.
    let p = page(&c, "sources/kcna/index.html");
    assert_eq!(texts(&p, "h1"), ["KCNA report"]);
    assert_eq!(texts(&p, ".entries li > a"), ["Later", "Pact"]);
    let q = texts(&p, ".quotes blockquote");
    assert!(q.iter().any(|t| t.contains("strongest treaty in history")), "{q:?}");
    // Both briefings' Sources sections, the quote's card and the index link to that page.
    for (file, link) in
        [("briefings/pact/index.html", "../../sources/kcna/"), ("briefings/later/index.html", "../../sources/kcna/")]
    {
        assert_eq!(attrs(&page(&c, file), "#source-kcna .source-title a:not(.backref)", "href"), [link], "{file}");
    }
    let cards = page(&c, "quotes/index.html");
    assert_eq!(attrs(&cards, ".citations a", "href"), ["../sources/kcna/"]);
    assert_eq!(attrs(&page(&c, "sources/index.html"), ".source-index .source-title a", "href"), ["../sources/kcna/"]);

    // Built to disk, every link and anchor of the site resolves.
    s.build_ok();
    assert_eq!(broken_links(&s.out()), Vec::<String>::new());
}

#[test]
fn a_source_profile_is_shared_and_its_notes_render() {
    let profile = "---\ntitle: Kremlin transcript\nurl: https://kremlin.ru/t\narchive_url: https://archive.ph/t\nkind: statement\n---\n\nThe official *transcript*.\n";
    let extra = "quotes:\n  - by: kim\n    id: q\n    text: the strongest treaty in history\n    source: kremlin\n";
    let s = site(extra, "Kim Jong Un called the pact \"the strongest treaty in history\".\n");
    s.file("content/sources/kremlin.md", profile);
    let c = s.compile();
    assert!(c.findings.items.is_empty(), "{:?}", c.findings.items);
    let p = page(&c, "sources/kremlin/index.html");
    assert_eq!(texts(&p, ".bio em"), ["transcript"]);
}

#[test]
fn conflicting_definitions_of_a_source_are_an_error() {
    let profile = "---\ntitle: Kremlin transcript\nkind: statement\n---\n";
    let extra = "sources:\n  - id: kremlin\n    title: Another title\nquotes:\n  - by: kim\n    id: q\n    text: the strongest treaty in history\n    source: kremlin\n";
    let s = site(extra, "Kim Jong Un called the pact \"the strongest treaty in history\".\n");
    s.file("content/sources/kremlin.md", profile);
    let c = s.compile();
    let f = findings(&c, "source-conflict");
    assert_eq!(f.len(), 1, "{:?}", c.findings.items);
    assert_eq!(f[0].file, "content/briefings/pact.md");
    // Notes that differ are shown by their first words, not as `…` against `…`.
    let profile =
        "---\ntitle: Kremlin transcript\n---\nThe transcript as the Kremlin published it, with its own headings.\n";
    let extra = "sources:\n  - id: kremlin\n    notes: Our own translation.\n";
    let s = site(extra, "Cited.[[^kremlin]]\n");
    s.file("content/sources/kremlin.md", profile);
    let c = s.compile();
    let f = findings(&c, "source-conflict");
    assert_eq!(f.len(), 1, "{:?}", c.findings.items);
    assert!(
        f[0].message.contains("notes: `The transcript as the Kremlin published…` vs `Our own translation.`"),
        "{}",
        f[0].message
    );
}

#[test]
fn unknown_source_is_an_error_at_the_citation() {
    let extra = "quotes:\n  - by: kim\n    id: q\n    text: the strongest treaty in history\n    source: kcan\n";
    let c = site(&format!("{KCNA}{extra}"), BODY).compile();
    let f = findings(&c, "unknown-source");
    assert_eq!(f.len(), 1, "{:?}", c.findings.items);
    assert_eq!((f[0].line, f[0].severity), (17, Severity::Error));
    assert!(f[0].hint.as_deref().unwrap_or("").contains("kcna"), "{:?}", f[0].hint);
    // A body citation of an unknown source is one too, at its place in the text.
    let c = site(KCNA, "Said so.[[^kcna]] And so.[[^nope]]\n").compile();
    let f = findings(&c, "unknown-source");
    assert_eq!(f.len(), 1, "{:?}", c.findings.items);
    assert!(f[0].line > 10 && f[0].column > 1, "{:?}", f[0]);
}

#[test]
fn unused_source_is_a_warning_and_a_cited_one_is_not() {
    let c = site(KCNA, "No citation here.\n").compile();
    let f = findings(&c, "unused-source");
    assert_eq!(f.len(), 1, "{:?}", c.findings.items);
    assert_eq!((f[0].line, f[0].severity), (6, Severity::Warning));
    let c = site(KCNA, "Cited.[[^kcna]]\n").compile();
    assert!(findings(&c, "unused-source").is_empty(), "{:?}", c.findings.items);
}

#[test]
fn archive_missing_is_a_warning_at_the_url() {
    let bare = "sources:\n  - id: kcna\n    title: KCNA report\n    url: https://kcnawatch.org/a\n";
    let c = site(bare, "Cited.[[^kcna]]\n").compile();
    let f = findings(&c, "archive-missing");
    assert_eq!(f.len(), 1, "{:?}", c.findings.items);
    assert_eq!((f[0].line, f[0].column, f[0].severity), (8, 10, Severity::Warning));
    let c = site(KCNA, "Cited.[[^kcna]]\n").compile();
    assert!(findings(&c, "archive-missing").is_empty());
}

#[test]
fn a_script_url_of_a_source_is_refused() {
    let bad = "sources:\n  - id: kcna\n    title: KCNA report\n    url: \"javascript:alert(1)\"\n    archive_url: https://archive.ph/x\n";
    let c = site(bad, "Cited.[[^kcna]]\n").compile();
    let f = findings(&c, "bad-url");
    assert_eq!(f.len(), 1, "{:?}", c.findings.items);
    assert_eq!(f[0].line, 8);
    for path in ["briefings/pact/index.html", "sources/index.html"] {
        let bytes = &c.files.iter().find(|f| f.path == path).expect("page").bytes;
        assert!(!String::from_utf8_lossy(bytes).contains("javascript:"), "{path}");
    }
}

#[test]
fn uncited_claims_warn_once_the_site_has_sources_and_require_sources_makes_them_errors() {
    let extra = "quotes:\n  - by: kim\n    id: q\n    text: the strongest treaty in history\n";
    let body = "Kim Jong Un called the pact \"the strongest treaty in history\".\n";
    let profile = ("content/sources/kremlin.md", "---\ntitle: Kremlin transcript\n---\n");
    let front = format!("title: Pact\ndate: 2024-06-20\nactors: [kim]\n{extra}");
    let pact = briefing(&front, body);
    let files = [KIM, PUTIN, ("content/briefings/pact.md", pact.as_str())];
    // A site that uses no sources is not asked for them.
    let c = Site::with(&files).compile();
    assert!(findings(&c, "uncited").is_empty(), "{:?}", c.findings.items);
    let with_sources = Site::with(&files);
    with_sources.file(profile.0, profile.1);
    let c = with_sources.compile();
    let f = findings(&c, "uncited");
    assert_eq!(f.len(), 1, "{:?}", c.findings.items);
    assert_eq!((f[0].line, f[0].severity), (6, Severity::Warning));
    let strict = Site::with(&files);
    strict.file("dossier.yaml", "title: T\nrequire_sources: true\n");
    let c = strict.compile();
    let f = findings(&c, "uncited");
    assert_eq!(f.len(), 1, "{:?}", c.findings.items);
    assert_eq!(f[0].severity, Severity::Error);
    // Cited, it is neither.
    let c = site(&format!("{KCNA}{extra}    source: kcna\n"), body).compile();
    assert!(findings(&c, "uncited").is_empty(), "{:?}", c.findings.items);
}

#[test]
fn a_claim_naming_a_misspelt_or_misread_source_is_reported_once_not_also_uncited() {
    let body = "Kim Jong Un called the pact \"the strongest treaty in history\".[[^kcna]]\n";
    let claims = |cite: &str| {
        format!(
            "{KCNA}quotes:\n  - by: kim\n    text: the strongest treaty in history\n    {cite}\nevents:\n  - date: 2024-06-19\n    title: Signed\n    {cite}\nquestions:\n  - text: Ratified?\n    answer: Yes.\n    {cite}\n"
        )
    };
    for (cite, code) in [
        ("source: kcan", "unknown-source"),
        ("sources: [kcan]", "unknown-source"),
        ("sources: [{id: kcan, locator: p. 2}]", "unknown-source"),
        ("sources: [{locator: p. 2}]", "missing-field"),
        ("sources: 5", "yaml-type"),
        ("sources: kcna", "yaml-type"),
        ("source: [kcna]", "yaml-type"),
    ] {
        let s = site(&claims(cite), body);
        s.file("dossier.yaml", "title: T\nrequire_sources: true\n");
        let c = s.compile();
        assert_eq!(codes(&c), [code; 3], "{cite}: {:?}", c.findings.items);
    }
    // The wrong type gets a hint that says what to write.
    for (cite, hint) in [
        ("sources: kcna", "`sources` is a list"),
        ("source: [kcna]", "cite several with `sources: [<id>, …]`"),
        ("source: {name: KCNA, url: \"https://kcnawatch.org/a\"}", "cites a source by its id"),
    ] {
        let c = site(&claims(cite), body).compile();
        let f = findings(&c, "yaml-type");
        assert_eq!(f.len(), 3, "{cite}: {:?}", c.findings.items);
        assert!(f.iter().all(|f| f.hint.as_deref().unwrap_or("").contains(hint)), "{cite}: {:?}", f);
    }
    // A locator alone names no source: uncited, with a hint that says so.
    let s = site(&claims("locator: p. 4"), body);
    s.file("dossier.yaml", "title: T\nrequire_sources: true\n");
    let c = s.compile();
    assert_eq!(codes(&c), ["uncited"; 3]);
    assert!(c.findings.items.iter().all(|f| f.hint.as_deref().unwrap_or("").contains("no source is named")));
    // An empty list names nothing: each claim is uncited.
    let s = site(&claims("sources: []"), body);
    s.file("dossier.yaml", "title: T\nrequire_sources: true\n");
    assert_eq!(codes(&s.compile()), ["uncited"; 3]);
}

fn judgment(text: &str, likelihood: Option<&str>, more: &str) -> String {
    let l = likelihood.map(|l| format!("    likelihood: {l}\n")).unwrap_or_default();
    format!("{KCNA}judgments:\n  - id: j\n    text: \"{text}\"\n{l}    confidence: moderate\n{more}")
}

#[test]
fn estimative_words_must_match_the_declared_likelihood() {
    let c = site(&judgment("Pyongyang will likely send troops.", Some("almost-certain"), ""), "Cited.[[^kcna]]\n")
        .compile();
    let f = findings(&c, "estimative-mismatch");
    assert_eq!(f.len(), 1, "{:?}", c.findings.items);
    assert!(f[0].message.contains("likely"), "{}", f[0].message);
    assert_eq!(f[0].file, "content/briefings/pact.md");
    assert!(f[0].hint.is_some());
    for (text, l) in [
        ("Pyongyang will almost certainly send troops.", "almost-certain"),
        ("Pyongyang will likely send troops.", "likely"),
        ("It is very unlikely that Pyongyang sends troops.", "very-unlikely"),
        ("Pyongyang sends troops.", "likely"),
    ] {
        let c = site(&judgment(text, Some(l), ""), "Cited.[[^kcna]]\n").compile();
        assert!(findings(&c, "estimative-mismatch").is_empty(), "{text} / {l}: {:?}", c.findings.items);
    }
}

#[test]
fn hedge_words_without_a_likelihood_are_flagged() {
    let c = site(&judgment("Pyongyang will probably send troops.", None, ""), "Cited.[[^kcna]]\n").compile();
    assert_eq!(findings(&c, "estimative-mismatch").len(), 1, "{:?}", c.findings.items);
    let c = site(&judgment("Pyongyang sent troops.", None, ""), "Cited.[[^kcna]]\n").compile();
    assert!(findings(&c, "estimative-mismatch").is_empty(), "{:?}", c.findings.items);
}

#[test]
fn a_negated_estimative_word_reads_as_its_opposite_and_may_the_month_does_not_hedge() {
    for (text, l) in [
        ("Google will almost certainly not win the appeal.", "almost-no-chance"),
        ("Google will very likely not win the appeal.", "very-unlikely"),
        ("Google will likely not win the appeal.", "unlikely"),
    ] {
        let c = site(&judgment(text, Some(l), ""), "Cited.[[^kcna]]\n").compile();
        assert!(findings(&c, "estimative-mismatch").is_empty(), "{text} / {l}: {:?}", c.findings.items);
    }
    let c = site(
        &judgment("Google will almost certainly not win the appeal.", Some("almost-certain"), ""),
        "Cited.[[^kcna]]\n",
    )
    .compile();
    assert_eq!(findings(&c, "estimative-mismatch").len(), 1, "{:?}", c.findings.items);
    for text in ["The court ruled in May 2025.", "The appeal is heard in May."] {
        let c = site(&judgment(text, None, ""), "Cited.[[^kcna]]\n").compile();
        assert!(findings(&c, "estimative-mismatch").is_empty(), "{text}: {:?}", c.findings.items);
    }
    for text in ["Google may appeal.", "May the court rule for Google? It may."] {
        let c = site(&judgment(text, None, ""), "Cited.[[^kcna]]\n").compile();
        assert_eq!(findings(&c, "estimative-mismatch").len(), 1, "{text}: {:?}", c.findings.items);
    }
}

#[test]
fn a_likelihood_off_the_scale_is_refused() {
    let c = site(&judgment("Troops.", Some("probable"), ""), "Cited.[[^kcna]]\n").compile();
    let f = findings(&c, "bad-scale");
    assert_eq!(f.len(), 1, "{:?}", c.findings.items);
    assert!(f[0].hint.as_deref().unwrap_or("").contains("roughly-even"), "{:?}", f[0].hint);
    // Refused or misread, it was declared: the hedging words are not also "without a likelihood".
    for l in ["Likely", "[likely]"] {
        let c = site(&judgment("Pyongyang will likely send troops.", Some(l), ""), "Cited.[[^kcna]]\n").compile();
        assert!(findings(&c, "estimative-mismatch").is_empty(), "{l}: {:?}", c.findings.items);
        assert_eq!(c.findings.errors(), 1, "{l}: {:?}", c.findings.items);
    }
}

#[test]
fn basis_ids_must_resolve_to_a_source_quote_or_event() {
    let c =
        site(&judgment("Troops.", Some("likely"), "    basis: [kcna, nothing-here]\n"), "Cited.[[^kcna]]\n").compile();
    let f = findings(&c, "unknown-basis");
    assert_eq!(f.len(), 1, "{:?}", c.findings.items);
    assert!(f[0].message.contains("nothing-here"), "{}", f[0].message);
    let c = site(&judgment("Troops.", Some("likely"), "    basis: [kcna]\n"), "Cited.[[^kcna]]\n").compile();
    assert!(findings(&c, "unknown-basis").is_empty(), "{:?}", c.findings.items);
}

#[test]
fn judgments_show_on_their_briefing_and_on_the_judgments_page_by_status_then_likelihood() {
    let extra = format!(
        "{KCNA}judgments:\n  - id: a\n    text: Troops are unlikely.\n    likelihood: unlikely\n    basis: [kcna]\n  - id: b\n    text: Aid is very likely.\n    likelihood: very-likely\n    confidence: high\n  - id: c\n    text: The pact was signed.\n    likelihood: almost-certain\n    status: confirmed\n"
    );
    let c = site(&extra, "Cited.[[^kcna]]\n").compile();
    assert!(findings(&c, "estimative-mismatch").is_empty(), "{:?}", c.findings.items);
    let b = page(&c, "briefings/pact/index.html");
    assert_eq!(texts(&b, ".key-judgments .judgment-text").len(), 3);
    assert_eq!(attrs(&b, ".key-judgments .judgment", "id").len(), 3);
    let bands = attrs(&b, ".key-judgments .likelihood", "title");
    assert!(bands.iter().any(|t| t.contains("80–95%")), "{bands:?}");

    let j = page(&c, "judgments/index.html");
    assert_eq!(texts(&j, "h2"), ["Current", "Confirmed"]);
    let order = texts(&j, ".judgment-text");
    assert_eq!(order, ["Aid is very likely.", "Troops are unlikely.", "The pact was signed."]);
    let links = attrs(&j, ".judgment .source a", "href");
    assert!(links.iter().all(|l| l.contains("briefings/pact/")), "{links:?}");
}

#[test]
fn an_actor_page_shows_the_judgments_that_concern_the_actor() {
    let extra = format!(
        "{KCNA}quotes:\n  - by: kim\n    id: q\n    text: the strongest treaty in history\n    source: kcna\njudgments:\n  - id: named\n    text: Kim Jong Un will likely visit Moscow.\n    likelihood: likely\n  - id: rests\n    text: The treaty is very likely to last.\n    likelihood: very-likely\n    basis: [q]\n  - id: other\n    text: Ships will likely sail.\n    likelihood: likely\n"
    );
    let c = site(&extra, BODY).compile();
    let a = page(&c, "actors/kim/index.html");
    let shown = texts(&a, ".judgment-text");
    assert_eq!(shown, ["Kim Jong Un will likely visit Moscow.", "The treaty is very likely to last."]);
}

#[test]
fn events_and_answers_cite_sources_and_their_cards_show_them() {
    let extra = format!(
        "{KCNA}events:\n  - id: e\n    date: 2024-06-19\n    title: Treaty signed\n    source: kcna\n    locator: para. 1\nquestions:\n  - id: q\n    text: Will it hold?\n    status: answered\n    answer: Yes.\n    sources: [kcna]\n"
    );
    // A second briefing cites the source, so it has its page.
    let s = site(&extra, "Text.\n");
    s.briefing("briefings/later", "title: Later\ndate: 2024-07-01\n", "Cited again.[[^kcna]]\n");
    let c = s.compile();
    assert!(c.findings.items.iter().all(|f| f.code != "uncited" && f.code != "unused-source"), "{:?}", codes(&c));
    let s = page(&c, "sources/kcna/index.html");
    assert_eq!(texts(&s, "h2"), ["Briefings", "Events", "Answers"]);
    let t = page(&c, "timeline/index.html");
    let cites = texts(&t, ".citations").join(" ");
    assert!(cites.contains("KCNA report, para. 1"), "{cites}");
}

#[test]
fn a_briefing_level_source_stays_valid_and_can_name_a_source_as_primary() {
    let c = site("source: {name: KCNA, url: https://kcnawatch.org/}\n", "Text.\n").compile();
    assert!(c.findings.items.iter().all(|f| f.severity == Severity::Warning), "{:?}", c.findings.items);
    let b = page(&c, "briefings/pact/index.html");
    assert!(texts(&b, ".primary-source").join("").contains("KCNA"));
    let c = site(&format!("{KCNA}source: kcna\n"), "Text.\n").compile();
    assert!(findings(&c, "unused-source").is_empty(), "{:?}", c.findings.items);
    let b = page(&c, "briefings/pact/index.html");
    assert_eq!(texts(&b, ".source-notes .source-title .badge"), ["primary source"]);
}

#[test]
fn a_source_cited_by_more_briefings_than_a_page_holds_is_split_like_an_actor() {
    let s = Site::with(&[
        ("dossier.yaml", "title: T\npage_size: 2\n"),
        KIM,
        (
            "content/actors/putin.md",
            "---\nname: Vladimir Putin\nrelations:\n  - {to: kim, type: ally-of, source: wire}\n---\n",
        ),
        ("content/sources/wire.md", "---\ntitle: The wire\npublisher: Agency\n---\nA news agency's feed.\n"),
    ]);
    // Five briefings, newest last, each with a quote citing the wire; the first two record the
    // same event, cited from both.
    for i in 1..=5 {
        let event = if i <= 2 { "events:\n  - {date: 2024-01-01, title: Talks open, source: wire}\n" } else { "" };
        s.briefing(
            &format!("briefings/b{i}"),
            &format!(
                "title: B{i}\ndate: 2024-06-0{i}\nactors: [kim]\nquotes:\n  - {{by: kim, text: word {i}, source: wire}}\n{event}"
            ),
            &format!("Kim Jong Un said word {i}.\n"),
        );
    }
    let c = s.compile();
    let pages = ["sources/wire/index.html", "sources/wire/page/2/index.html", "sources/wire/page/3/index.html"];
    let read: Vec<_> = pages.iter().map(|p| page(&c, p)).collect();
    // Newest first, two briefings a page, each briefing once, its quote beside it.
    let briefings: Vec<Vec<String>> =
        read.iter().map(|p| texts(p, "#citing-briefings + * li > a, .entries li > a")).collect();
    assert_eq!(briefings, [vec!["B5", "B4"], vec!["B3", "B2"], vec!["B1"]]);
    // Numbered across the pages.
    assert_eq!(attrs(&read[2], "ol.entries", "start"), ["5"]);
    let quotes: Vec<Vec<String>> = read.iter().map(|p| texts(p, ".quotes blockquote")).collect();
    assert_eq!(quotes.iter().map(Vec::len).collect::<Vec<_>>(), [2, 2, 1]);
    assert!(quotes[0].join(" ").contains("word 5") && quotes[2].join(" ").contains("word 1"), "{quotes:?}");
    // The event cited from B1 and B2 is listed once, on the page of the first of them (B2).
    let events: Vec<usize> = read.iter().map(|p| texts(p, "#citing-events ~ ol li, .timeline li").len()).collect();
    assert_eq!(events, [0, 1, 0]);
    // The notes and the profile's relation are on the first page only.
    assert_eq!(read.iter().map(|p| texts(p, ".bio").len()).collect::<Vec<_>>(), [1, 0, 0]);
    assert_eq!(read.iter().map(|p| select(p, "#citing-relations").len()).collect::<Vec<_>>(), [1, 0, 0]);
    // A pager links the pages, and titles say which page.
    assert_eq!(texts(&read[1], "nav.pager [aria-current=page]"), ["2"]);
    assert_eq!(attrs(&read[1], "nav.pager a[rel=prev]", "href"), ["../../../../sources/wire/"]);
    assert!(texts(&read[2], "title")[0].starts_with("The wire — page 3"), "{:?}", texts(&read[2], "title"));
    assert!(texts(&read[0], "#citing-briefings ~ p.meta, .meta").join(" ").contains("5 briefings cite this source"));
}

#[test]
fn judgments_of_two_briefings_with_the_same_id_have_distinct_anchors_on_the_judgments_page() {
    let judged = "judgments:\n  - {id: holds, text: The deal will likely hold., likelihood: likely, confidence: low}\n";
    let s = Site::with(&[KIM]);
    s.briefing("briefings/one", &format!("title: One\ndate: 2024-06-01\n{judged}"), "Text.\n");
    s.briefing("briefings/two", &format!("title: Two\ndate: 2024-06-02\n{judged}"), "Text.\n");
    let c = s.compile();
    // On each briefing, the short anchor; on the list, one per briefing, none repeated.
    assert_eq!(attrs(&page(&c, "briefings/one/index.html"), ".key-judgments li.judgment", "id"), ["judgment-holds"]);
    let mut ids = attrs(&page(&c, "judgments/index.html"), "li.judgment", "id");
    ids.sort();
    assert_eq!(ids, ["one/judgment-holds", "two/judgment-holds"]);
}

#[test]
fn sources_are_listed_by_the_words_of_their_titles_not_their_opening_quote_marks() {
    let profile = |title: &str| format!("---\ntitle: \"{title}\"\n---\n");
    let (z, e, a) =
        (profile("Zeta report"), profile("„Ein wichtiges Signal“: Interview"), profile("'A point of view'"));
    let s = site("", "Cited.[[^zeta]] And.[[^ein]] And.[[^view]]\n");
    s.file("content/sources/zeta.md", &z).file("content/sources/ein.md", &e).file("content/sources/view.md", &a);
    let c = s.compile();
    let doc = page(&c, "sources/index.html");
    assert_eq!(
        texts(&doc, ".source-title a"),
        ["‘A point of view’", "„Ein wichtiges Signal“: Interview", "Zeta report"]
    );
}

#[test]
fn a_footnote_reference_naming_a_source_is_a_broken_link_with_the_citation_to_write() {
    let body = "Signed.[^kcna] The pattern [^a-z] matches letters.\n";
    let c = site(KCNA, body).compile();
    let f = findings(&c, "broken-link");
    assert_eq!(f.len(), 1, "{:?}", c.findings.items);
    assert_eq!((f[0].line, f[0].column, f[0].severity), (16, 8, Severity::Error));
    assert!(f[0].message.contains("`[^kcna]`"), "{}", f[0].message);
    assert!(f[0].hint.as_deref().unwrap_or("").contains("`[[^kcna]]`"), "{:?}", f[0].hint);
    // A footnote with its definition is a footnote; an escaped bracket is text.
    for body in ["Signed.[^kcna]\n\n[^kcna]: As KCNA reported.\n", "Signed.\\[^kcna] it said.[[^kcna]]\n"] {
        let c = site(KCNA, body).compile();
        assert!(findings(&c, "broken-link").is_empty(), "{body}: {:?}", c.findings.items);
    }
}

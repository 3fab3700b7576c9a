//! One typographic system: smart punctuation decided the same way in bodies and front matter,
//! quote marks paired whatever mix of straight and typographic marks the source uses.

use crate::support::*;

const SPEAKER: (&str, &str) = ("content/actors/mehta.md", "---\nname: Pratap Bhanu Mehta\naliases: [Mehta]\n---\n");

#[test]
fn a_straight_mark_closing_a_typographic_quote_renders_as_a_closing_mark() {
    // No annotation at all: the body alone.
    let body = "“After having lost its monopoly,\" Mehta wrote, \"the party changed.”\n\n\
                It's a \"test\" -- of 'marks'.\n";
    let c = Site::with(&[SPEAKER, ("content/b.md", &briefing("title: T\ndate: 2024-01-01", body))]).compile();
    let doc = page(&c, "briefings/b/index.html");
    let paras = texts(&doc, ".body p");
    assert_eq!(paras[0], "“After having lost its monopoly,” Mehta wrote, “the party changed.”");
    assert_eq!(paras[1], "It’s a “test” – of ‘marks’.");
}

#[test]
fn a_quote_in_mixed_marks_is_still_found_and_highlighted() {
    let front = "title: T\ndate: 2024-01-01\nactors: [mehta]\nquotes:\n  - by: mehta\n    id: m\n    text: \"After having lost its monopoly\"";
    let body = "“After having lost its monopoly,\" Mehta wrote.\n";
    let c = Site::with(&[SPEAKER, ("content/b.md", &briefing(front, body))]).compile();
    assert!(findings(&c, "quote-not-found").is_empty(), "{:?}", c.findings.items);
    let doc = page(&c, "briefings/b/index.html");
    assert_eq!(texts(&doc, ".body mark#passage-quote-m"), ["After having lost its monopoly"]);
    let para = texts(&doc, ".body p").remove(0);
    // The closing mark is a closing mark, and the link to the quote card follows it.
    assert!(para.starts_with("“After having lost its monopoly,”❞(key quote of Pratap Bhanu Mehta) Mehta"), "{para}");
}

#[test]
fn front_matter_prose_gets_the_smart_punctuation_of_bodies() {
    let front =
        "title: \"Kim's \\\"strongest\\\" treaty\"\ndate: 2024-01-01\nsummary: \"Talks -- and then... nothing\"\n\
                 actors: [mehta]\nquotes:\n  - by: mehta\n    text: \"it's over -- for now\"\n    source: ushakov\n\
                 judgments:\n  - {text: \"The panel's mandate will almost certainly lapse\", likelihood: almost-certain}\n\
                 sources:\n  - {id: ushakov, title: \"Ushakov's \\\"briefing\\\"\", publisher: O'Brien's Wire}";
    let body = "Mehta said \"it's over -- for now\" and left.\n";
    let c = Site::with(&[SPEAKER, ("content/b.md", &briefing(front, body))]).compile();
    assert!(findings(&c, "quote-not-found").is_empty(), "{:?}", c.findings.items);
    let home = page(&c, "index.html");
    assert_eq!(texts(&home, ".card h3"), ["Kim’s “strongest” treaty"]);
    assert_eq!(texts(&home, ".card .summary"), ["Talks – and then… nothing"]);
    let doc = page(&c, "briefings/b/index.html");
    assert_eq!(texts(&doc, "h1"), ["Kim’s “strongest” treaty"]);
    let quote = texts(&doc, ".panel .quote blockquote").remove(0);
    assert!(quote.contains("it’s over – for now"), "the card shows the dash of the text: {quote}");
    assert!(texts(&doc, ".body p")[0].contains("it’s over – for now"));
    assert_eq!(texts(&doc, ".judgment-text"), ["The panel’s mandate will almost certainly lapse"]);
    // A source's title is prose; its publisher a name, kept as written.
    assert_eq!(texts(&doc, ".sources-section .source-title .title"), ["Ushakov’s “briefing”"]);
    assert!(texts(&doc, ".sources-section li")[0].contains("O'Brien's Wire"));
}

//! Quote verification: every quote must appear in its briefing's text; typography is
//! forgiven, words are not. Found passages are highlighted and linked to and from the card.

use crate::support::*;

const SPEAKER: (&str, &str) = ("content/actors/kim.md", "---\nname: Kim Jong Un\n---\n");

fn one_quote(quote: &str, body: &str) -> dossier::Compiled {
    let front =
        format!("title: T\ndate: 2024-01-01\nactors: [kim]\nquotes:\n  - by: kim\n    id: q\n    text: {quote}");
    let b = briefing(&front, body);
    Site::with(&[SPEAKER, ("content/b.md", &b)]).compile()
}

const BODY: &str = "Kim said the two countries have a «very strong friendship» and that the agreement was the\n\"strongest treaty in history,\" putting it at the level of an alliance.\n";

#[test]
fn near_miss_one_word_changed_is_an_error_showing_the_closest_passage() {
    let c = one_quote("\"strongest pact in history\"", BODY);
    let e = findings(&c, "quote-not-found");
    assert_eq!(e.len(), 1);
    let f = e[0];
    assert_eq!((f.file.as_str(), f.line, f.column), ("content/b.md", 8, 11), "at the quote's text");
    let hint = f.hint.as_deref().unwrap_or("");
    assert!(hint.contains("“strongest treaty in history,”"), "{hint}");
    assert!(hint.contains("line 12"), "{hint}");
    assert!(f.render().contains("text: \"strongest pact in history\""));
}

#[test]
fn case_and_cut_words_are_not_forgiven() {
    assert_eq!(findings(&one_quote("Very strong friendship", BODY), "quote-not-found").len(), 1);
    assert_eq!(findings(&one_quote("strong friend", BODY), "quote-not-found").len(), 1);
}

#[test]
fn typographic_and_straight_quotes_line_breaks_and_final_punctuation_are_forgiven() {
    for q in [
        "very strong friendship",
        "\"«very strong friendship»\"",
        "'“very strong friendship.”'",
        "the agreement was the \"strongest treaty in history\"",
        "the agreement was the “strongest treaty in history,”",
    ] {
        let c = one_quote(q, BODY);
        assert!(findings(&c, "quote-not-found").is_empty(), "{q}: {:?}", c.findings.items);
    }
}

#[test]
fn apostrophes_and_smart_dashes() {
    let body = "He said it's over -- for now... and left.\n";
    for q in ["\"it’s over – for now…\"", "\"it's over -- for now\""] {
        assert!(findings(&one_quote(q, body), "quote-not-found").is_empty(), "{q}");
    }
}

#[test]
fn found_passage_is_highlighted_and_linked_both_ways() {
    let c = one_quote("very strong friendship", BODY);
    let doc = page(&c, "briefings/b/index.html");
    let mark = select(&doc, ".body mark#passage-quote-q");
    assert_eq!(mark.len(), 1);
    assert_eq!(text(&mark[0]), "very strong friendship");
    let back = select(&doc, ".body a.quote-ref");
    assert_eq!(back[0].value().attr("href"), Some("#quote-q"));
    assert!(text(&back[0]).contains("key quote of Kim Jong Un"));
    let card = select(&doc, "#quote-q a.passage-link");
    assert_eq!(card[0].value().attr("href"), Some("#passage-quote-q"));
    let quotes = page(&c, "quotes/index.html");
    let link = select(&quotes, "a.passage-link");
    assert_eq!(link[0].value().attr("href"), Some("../briefings/b/#passage-quote-q"));
}

#[test]
fn passage_across_emphasis_and_line_break_is_wrapped_piece_by_piece() {
    let c = one_quote(
        "the two countries have a very strong friendship",
        "Kim said the *two countries*\nhave a very strong friendship.\n",
    );
    assert!(findings(&c, "quote-not-found").is_empty());
    let doc = page(&c, "briefings/b/index.html");
    let marks = select(&doc, ".body mark.quote-passage");
    let all: String = marks.iter().map(text).collect::<Vec<_>>().join("");
    // The line break between the pieces is the paragraph's own; every word is highlighted.
    assert_eq!(all.replace(' ', ""), "thetwocountrieshaveaverystrongfriendship");
    assert_eq!(select(&doc, ".body em mark").len(), 1);
}

#[test]
fn quote_in_code_block_only_is_not_found() {
    let c = one_quote("secret words", "Nothing here.\n\n```\nsecret words\n```\n");
    assert_eq!(findings(&c, "quote-not-found").len(), 1);
}

#[test]
fn empty_quote_or_question_text_is_a_warning() {
    let front = "title: T\ndate: 2024-01-01\nactors: [kim]\nquotes:\n  - by: kim\n    text: \"\"\nquestions:\n  - \"  \"\n  - text: \"\"";
    let b = briefing(front, "Kim spoke.");
    let c = Site::with(&[SPEAKER, ("content/b.md", &b)]).compile();
    let w = findings(&c, "empty-text");
    assert_eq!(w.iter().map(|f| f.line).collect::<Vec<_>>(), [7, 9, 10]);
    assert!(!c.findings.has_errors(), "{:?}", c.findings.items);
}

/// A quote with more front matter (`extra`, indented under the quote) in a briefing with `body`.
fn quote_with(quote: &str, extra: &str, body: &str) -> dossier::Compiled {
    let front = format!(
        "title: T\ndate: 2024-01-01\nactors: [kim, putin]\nquotes:\n  - by: kim\n    id: q\n    text: {quote}\n{extra}"
    );
    let putin = ("content/actors/putin.md", "---\nname: Vladimir Putin\n---\n");
    Site::with(&[SPEAKER, putin, ("content/b.md", &briefing(&front, body))]).compile()
}

const RULING: &str = "Kim Jong Un and Vladimir Putin met. The court found that Google is a monopolist, and it has acted as one to maintain its monopoly.\n\nGoogle enjoys a default position on browsers.\n";

#[test]
fn an_elided_quote_is_verified_as_gaps_in_order_within_one_paragraph() {
    let c = quote_with("\"monopolist … to maintain\"", "", RULING);
    assert!(findings(&c, "quote-not-found").is_empty(), "{:?}", c.findings.items);
    let doc = page(&c, "briefings/b/index.html");
    assert_eq!(texts(&doc, "#quote-q .elision"), ["…"]);
    assert_eq!(select(&doc, ".body mark.quote-passage").len(), 2, "each part is highlighted");
    for refused in ["\"to maintain … monopolist\"", "\"monopolist … default position\""] {
        assert_eq!(findings(&quote_with(refused, "", RULING), "quote-not-found").len(), 1, "{refused}");
    }
}

#[test]
fn bracketed_words_are_editorial_insertions() {
    let c = quote_with("\"[Google] enjoys a default position\"", "", RULING);
    assert!(findings(&c, "quote-not-found").is_empty(), "{:?}", c.findings.items);
    let doc = page(&c, "briefings/b/index.html");
    assert_eq!(texts(&doc, "#quote-q .insertion"), ["[Google]"]);
    let c = quote_with("\"[Google] enjoys a default place\"", "", RULING);
    assert_eq!(findings(&c, "quote-not-found").len(), 1);
}

#[test]
fn a_bracket_touching_a_word_highlights_the_whole_word_of_the_text() {
    let body = "Kim Jong Un and Vladimir Putin met. He said: “To restore competition, the court signs orders.”\n";
    for (quote, marked) in [
        ("\"[t]o restore competition\"", vec!["To restore competition"]),
        ("\"the court sign[ed] orders\"", vec!["the court signs", "orders"]),
    ] {
        let c = quote_with(quote, "", body);
        assert!(findings(&c, "quote-not-found").is_empty(), "{quote}: {:?}", c.findings.items);
        let doc = page(&c, "briefings/b/index.html");
        assert_eq!(texts(&doc, ".body mark.quote-passage"), marked, "{quote}");
    }
}

#[test]
fn a_quote_over_two_paragraphs_is_verified_where_the_text_reopens_it() {
    let body = "Kim Jong Un and Vladimir Putin spoke. He said: “We will not stop. We will carry on.\n\n“The sanctions change nothing,” he added.\n";
    let c = quote_with("\"We will carry on.\\nThe sanctions change nothing\"", "", body);
    assert!(findings(&c, "quote-not-found").is_empty(), "{:?}", c.findings.items);
    let doc = page(&c, "briefings/b/index.html");
    assert_eq!(select(&doc, "#quote-q blockquote p").len(), 2, "one paragraph each");
    let c = quote_with("\"We will not stop.\\nThe sanctions change nothing\"", "", body);
    assert_eq!(findings(&c, "quote-not-found").len(), 1);
}

#[test]
fn an_original_and_its_translation_are_verified_against_whichever_the_text_holds() {
    let body = "Kim Jong Un and Vladimir Putin met. Putin recalled that \"a close neighbor is better than a distant relative\".\n";
    let extra = "    lang: ru\n    translation: a close neighbor is better than a distant relative\n";
    let c = quote_with("Близкий сосед лучше дальней родни", extra, body);
    assert!(findings(&c, "quote-not-found").is_empty(), "{:?}", c.findings.items);
    let doc = page(&c, "briefings/b/index.html");
    assert_eq!(attrs(&doc, "#quote-q blockquote", "lang"), ["ru"]);
    assert!(texts(&doc, "#quote-q .translation").join("").contains("a close neighbor"));
    // Neither form in the text: refused.
    let other = "Kim Jong Un and Vladimir Putin met and said nothing of neighbors.\n";
    assert_eq!(findings(&quote_with("Близкий сосед лучше дальней родни", extra, other), "quote-not-found").len(), 1);
    // A translation needs the language of the text it translates.
    let no_lang = "    translation: a close neighbor is better than a distant relative\n";
    let c = quote_with("Близкий сосед лучше дальней родни", no_lang, body);
    let f = findings(&c, "missing-field");
    assert_eq!(f.len(), 1, "{:?}", c.findings.items);
    assert_eq!((f[0].line, f[0].column), (9, 18), "at the translation");
    assert!(f[0].hint.as_deref().unwrap_or("").contains("lang:"), "{:?}", f[0].hint);
    // A language that is not a tag is refused.
    let bad = "    lang: \"Russian language!\"\n    translation: a close neighbor is better than a distant relative\n";
    assert_eq!(findings(&quote_with("Близкий сосед лучше дальней родни", bad, body), "bad-lang").len(), 1);
}

#[test]
fn two_speakers_and_an_uncertain_attribution_show_on_the_card() {
    let front = "title: T\ndate: 2024-01-01\nactors: [kim, putin]\nquotes:\n  - by: [kim, putin]\n    id: q\n    text: met\n    attribution: uncertain\n";
    let putin = ("content/actors/putin.md", "---\nname: Vladimir Putin\n---\n");
    let c = Site::with(&[SPEAKER, putin, ("content/b.md", &briefing(front, RULING))]).compile();
    assert!(findings(&c, "quote-not-found").is_empty(), "{:?}", c.findings.items);
    let doc = page(&c, "briefings/b/index.html");
    assert_eq!(texts(&doc, "#quote-q figcaption > a")[..2], ["Kim Jong Un", "Vladimir Putin"]);
    assert_eq!(texts(&doc, "#quote-q .attribution"), ["attribution uncertain"]);
    for actor in ["kim", "putin"] {
        let p = page(&c, &format!("actors/{actor}/index.html"));
        assert_eq!(select(&p, ".quotes .quote").len(), 1, "{actor}'s page lists the quote");
    }
    let bad = front.replace("uncertain", "rumoured");
    let c = Site::with(&[SPEAKER, putin, ("content/b.md", &briefing(&bad, RULING))]).compile();
    assert_eq!(findings(&c, "bad-scale").len(), 1, "{:?}", c.findings.items);
}

#[test]
fn a_passage_with_an_apostrophe_is_one_highlight() {
    // Smart punctuation makes `shouldn't` three pieces of text; the highlight must not break
    // the word into `shouldn ’ t`.
    let body = "Kim Jong Un said: “we shouldn't be allowed to make it easily available,” and left.\n";
    let c = one_quote("\"we shouldn't be allowed to make it easily available\"", body);
    assert!(findings(&c, "quote-not-found").is_empty(), "{:?}", c.findings.items);
    let doc = page(&c, "briefings/b/index.html");
    assert_eq!(texts(&doc, ".body mark.quote-passage"), ["we shouldn’t be allowed to make it easily available"]);
}

#[test]
fn the_link_back_to_the_card_follows_german_and_french_closing_marks() {
    for (body, after) in [
        (
            "Kim Jong Un sagte: „Das Urteil ist ein wichtiges Signal.“ Dann ging er.\n",
            "Signal.“❞(key quote of Kim Jong Un) Dann",
        ),
        (
            "Kim Jong Un a dit : « Das Urteil ist ein wichtiges Signal ». Puis il est parti.\n",
            "Signal ».❞(key quote of Kim Jong Un) Puis",
        ),
        // An English opening mark after the quote is not its closing one.
        (
            "Kim Jong Un said “Das Urteil ist ein wichtiges Signal” “twice”.\n",
            "Signal”❞(key quote of Kim Jong Un) “twice",
        ),
    ] {
        let c = one_quote("\"Das Urteil ist ein wichtiges Signal\"", body);
        assert!(findings(&c, "quote-not-found").is_empty(), "{:?}", c.findings.items);
        let doc = page(&c, "briefings/b/index.html");
        let para = texts(&doc, ".body p").join("");
        assert!(para.contains(after), "{para}");
    }
}

#[test]
fn a_quote_of_two_speakers_is_listed_once_on_the_quotes_index_under_its_first() {
    // The index sorts people by family name: Putin, Shoigu, then Kim Jong Un under "Un".
    let front = "title: T\ndate: 2024-01-01\nactors: [kim, putin, shoigu]\nquotes:\n  - by: [kim, putin]\n    id: q\n    text: met\n  - by: kim\n    id: r\n    text: Vladimir Putin\n  - by: shoigu\n    id: s\n    text: The court found\n";
    let putin = ("content/actors/putin.md", "---\nname: Vladimir Putin\n---\n");
    let shoigu = ("content/actors/shoigu.md", "---\nname: Sergei Shoigu\n---\n");
    let c = Site::with(&[SPEAKER, putin, shoigu, ("content/b.md", &briefing(front, RULING))]).compile();
    assert!(findings(&c, "quote-not-found").is_empty(), "{:?}", c.findings.items);
    let doc = page(&c, "quotes/index.html");
    assert_eq!(texts(&doc, "main h2"), ["Sergei Shoigu", "Kim Jong Un"], "one group per speaker, no repeat");
    assert_eq!(select(&doc, ".quotes .quote").len(), 3, "each quote once");
    assert_eq!(select(&doc, "section[aria-labelledby=speaker-kim] .quote").len(), 2, "under its first speaker");
    assert!(texts(&page(&c, "index.html"), ".stats").join("").contains("3 quotes"));
    // Each speaker's page still lists it.
    assert_eq!(select(&page(&c, "actors/putin/index.html"), ".quotes .quote").len(), 1);
}

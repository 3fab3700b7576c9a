//! Property tests of the small parsers every input goes through: date expressions, slugs,
//! quote normalisation and the front-matter splitter. Each holds for any input, not only the examples of the unit tests.

use dossier::load::frontmatter::{normalize, split};
use dossier::model::date::DateExpr;
use dossier::model::quotes::{fold, quote_key, Haystack};
use dossier::model::scan::scan;
use dossier::model::slug::{is_slug, slugify, Slug};
use dossier::model::url::{vet, Use};
use dossier::render::text::keywords;
use proptest::prelude::*;

const BOM: char = '\u{feff}';

/// Strings made of the pieces that decide how a browser reads a URL's scheme.
fn url_like() -> impl Strategy<Value = String> {
    let piece = prop::sample::select(vec![
        "javascript",
        "JaVa",
        "script",
        "vbscript",
        "data",
        "http",
        "https",
        "mailto",
        "ftp",
        "x",
        ":",
        "/",
        "//",
        "?",
        "#",
        "&#58;",
        "%3A",
        "\t",
        "\n",
        "\r",
        " ",
        "\0",
        "\u{1}",
        "\u{1f}",
        "\u{7f}",
        "\u{a0}",
        ".",
        "+",
        "-",
        "1",
        "alert(1)",
        "image/png,",
        "\\",
    ]);
    prop::collection::vec(piece, 0..10).prop_map(|p| p.concat())
}

/// `url` in another case, with spaces, tabs, line breaks and control characters before and
/// inside its scheme.
fn disguised(url: &'static str) -> impl Strategy<Value = String> {
    let noise = prop::sample::select(vec!["", "", "", " ", "\t", "\n", "\r", "\0", "\u{1}", "\u{1f}", "\u{7f}"]);
    let colon = url.find(':').unwrap();
    (prop::collection::vec((noise.clone(), any::<bool>()), colon + 1), prop::collection::vec(noise, 0..4)).prop_map(
        move |(inside, before)| {
            let mut out = before.concat();
            for (c, (n, upper)) in url[..colon].chars().zip(&inside) {
                out.push_str(n);
                out.push(if *upper { c.to_ascii_uppercase() } else { c });
            }
            out.push_str(inside[colon].0);
            out.push_str(&url[colon..]);
            out
        },
    )
}

/// A valid `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
fn partial_date() -> impl Strategy<Value = String> {
    (100i32..=9999, 0u8..=12, 1u8..=31).prop_map(|(y, m, d)| {
        if m == 0 {
            return format!("{y:04}");
        }
        let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
        let days = [31, if leap { 29 } else { 28 }, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m as usize - 1];
        if d > days {
            format!("{y:04}-{m:02}")
        } else {
            format!("{y:04}-{m:02}-{d:02}")
        }
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn date_parsing_never_panics(s in "\\PC{0,40}") {
        if let Ok(d) = DateExpr::parse(&s) {
            let _ = (d.label(), d.iso());
            if let Some(end) = d.end {
                prop_assert!(end.last_day_number() >= d.start.day_number());
            }
        }
    }

    #[test]
    fn date_like_strings_never_panic(s in "~?-?[0-9]{0,5}(-[0-9]{0,3}){0,3}(/~?-?[0-9]{0,5}(-[0-9]{0,3}){0,2})?") {
        let _ = DateExpr::parse(&s).map(|d| d.label());
        let _ = DateExpr::parse_day(&s);
    }

    #[test]
    fn valid_dates_round_trip(a in partial_date(), approx in any::<bool>()) {
        let written = if approx { format!("~{a}") } else { a.clone() };
        let d = DateExpr::parse(&written).unwrap();
        prop_assert_eq!(d.iso(), written.clone());
        prop_assert_eq!(DateExpr::parse(&d.iso()).unwrap(), d);
    }

    #[test]
    fn an_interval_parses_exactly_when_it_does_not_end_before_it_starts(a in partial_date(), b in partial_date()) {
        let (start, end) = (DateExpr::parse(&a).unwrap().start, DateExpr::parse(&b).unwrap().start);
        let parsed = DateExpr::parse(&format!("{a}/{b}"));
        prop_assert_eq!(parsed.is_ok(), end.last_day_number() >= start.day_number(), "{}/{}: {:?}", a, b, parsed);
        if let Ok(d) = parsed {
            prop_assert_eq!(d.iso(), format!("{a}/{b}"));
        }
    }

    #[test]
    fn slugs_are_idempotent_and_url_safe(s in "\\PC{0,30}") {
        let slug = slugify(&s);
        prop_assert_eq!(slugify(&slug), slug.clone(), "slugify({:?})", s);
        prop_assert!(slug.is_empty() || is_slug(&slug));
        prop_assert!(!slug.starts_with('-') && !slug.ends_with('-') && !slug.contains("--"));
        prop_assert!(!slug.contains(['/', '\\', '?', '#', '%', '.', ' ', '<', '>', '"', '\'', '&']));
    }

    #[test]
    fn a_slug_the_gate_lets_through_is_one_plain_path_segment(s in "(\\PC|[./\\\\]){0,80}", written in any::<bool>()) {
        let gated = if written { Slug::parse(&s) } else { Slug::of(&s) };
        if let Ok(slug) = gated {
            prop_assert!(!slug.is_empty() && slug.len() <= 200 && is_slug(&slug));
            prop_assert!(!slug.contains(['/', '\\', '.', '\0']) && std::path::Path::new(slug.as_str()).file_name().is_some());
        }
    }

    #[test]
    fn a_url_the_gate_lets_through_is_web_mail_or_relative_to_a_browser(s in url_like()) {
        // WHATWG URL parsing, as browsers do it, of the URL on a page.
        let base = url::Url::parse("https://example.org/site/briefings/x/").unwrap();
        if vet(&s, Use::Link).is_ok() {
            if let Ok(u) = base.join(&s) {
                prop_assert!(["http", "https", "mailto"].contains(&u.scheme()), "{:?} is {}", s, u);
            }
        }
    }

    #[test]
    fn a_script_url_is_refused_however_it_is_disguised(s in disguised("javascript:alert(1)")) {
        prop_assert!(vet(&s, Use::Link).is_err() && vet(&s, Use::Image).is_err(), "{:?}", s);
    }

    #[test]
    fn splitting_never_panics(s in "\\PC{0,200}") {
        let t = normalize(&s);
        let _ = split(&t);
    }

    #[test]
    fn normalising_is_idempotent_and_leaves_only_lf(s in "(\\PC|\r|\n|\u{feff}){0,100}") {
        let n = normalize(&s);
        prop_assert!(!n.contains('\r'));
        prop_assert!(!n.starts_with(BOM));
        prop_assert_eq!(normalize(&n), n.clone());
        prop_assert_eq!(n.matches('\n').count(), s.matches("\r\n").count() + s.replace("\r\n", "").matches(['\r', '\n']).count());
    }

    #[test]
    fn split_finds_yaml_and_body_with_their_lines(
        yaml in prop::collection::vec("[a-z]{1,8}: [^\r\n]{0,20}", 0..8),
        body in "(\\PC|\n){0,200}",
        crlf in any::<bool>(),
    ) {
        let yaml: String = yaml.iter().map(|l| format!("{l}\n")).collect();
        let mut text = format!("---\n{yaml}---\n{body}");
        if crlf {
            text = text.replace('\n', "\r\n");
        }
        let t = normalize(&text);
        let s = split(&t).unwrap();
        prop_assert_eq!(s.yaml, yaml.as_str());
        prop_assert_eq!(s.body, body.replace("\r\n", "\n").replace('\r', "\n"));
        prop_assert_eq!(s.yaml_line, 2);
        prop_assert_eq!(s.body_line, yaml.lines().count() + 3);
        prop_assert_eq!(&t[s.body_offset..], s.body);
        prop_assert_eq!(t[..s.body_offset].matches('\n').count() + 1, s.body_line);
    }

    #[test]
    fn quote_folding_is_idempotent(q in "(\\PC|\n){0,80}") {
        let once = fold(&q).text;
        prop_assert_eq!(fold(&once).text, once.clone());
        let key = quote_key(&q);
        prop_assert_eq!(quote_key(&key), key);
    }

    /// A quote is found in a body that has it with other line breaks, spacing and typographic
    /// quotes; one changed word is not.
    #[test]
    fn quotes_match_through_typography_but_not_through_a_changed_word(
        words in prop::collection::vec("[A-Za-z]{2,9}", 2..12),
        breaks in prop::collection::vec(0u8..3, 12),
        quoted in any::<bool>(),
    ) {
        let quote = if quoted { format!("\"{}\"", words.join(" ")) } else { words.join(" ") };
        let mut passage = String::new();
        for (i, w) in words.iter().enumerate() {
            if i > 0 {
                passage.push_str(match breaks[i % breaks.len()] { 0 => " ", 1 => "\n", _ => "  " });
            }
            passage.push_str(w);
        }
        let body = format!("Before the passage.\n\nShe said «{passage}» and left.\n");
        let s = scan(&body);
        let hay = Haystack::new(&s);
        prop_assert!(hay.find(&quote).is_some(), "{quote:?} not found in {body:?}");
        let mut changed = words.clone();
        changed[0] = format!("{}zq", changed[0]);
        prop_assert!(hay.find(&changed.join(" ")).is_none());
    }

    /// The search index keeps only a body's first distinct words; the keywords it gives a
    /// briefing must be those of the whole body, whatever comes before it.
    #[test]
    fn a_texts_first_distinct_words_give_the_keywords_of_the_whole_text(
        text in "(([a-e]{1,3}|Éé|ßs)[ .,]{1,2}){0,80}",
        meta in "([a-e]{1,2}[ ,]){0,30}",
        budget in 0usize..120,
    ) {
        let whole = keywords([meta.as_str(), text.as_str()], budget);
        let first = keywords([text.as_str()], budget);
        prop_assert_eq!(keywords([meta.as_str(), first.as_str()], budget), whole);
    }
}

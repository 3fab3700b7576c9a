//! The bad-input corpus: small sites (one to three files) and the exact findings each must
//! produce, as `(code, file, line)`. A case with no expected findings must build cleanly.
//!
//! The single-file cases also seed the fuzzer's corpus (see `fuzz/README.md`).

/// One case: files of a site (path relative to the site root, bytes) and its findings.
pub struct Case {
    pub name: &'static str,
    pub files: Vec<(&'static str, Vec<u8>)>,
    /// Every error, as (code, file, line); order does not matter. (Warnings, such as an actor
    /// listed but never named in the text, are not bad input.)
    pub expect: Vec<(&'static str, &'static str, usize)>,
}

fn case(name: &'static str, files: &[(&'static str, &str)], expect: &[(&'static str, &'static str, usize)]) -> Case {
    Case { name, files: files.iter().map(|(p, t)| (*p, t.as_bytes().to_vec())).collect(), expect: expect.to_vec() }
}

/// A site with one briefing `content/a.md` of text `text`.
fn one(name: &'static str, text: &str, expect: &[(&'static str, usize)]) -> Case {
    let expect: Vec<_> = expect.iter().map(|(c, l)| (*c, "content/a.md", *l)).collect();
    case(name, &[("content/a.md", text)], &expect)
}

/// A briefing `content/a.md` with valid `title` and `date`, then `rest` of front matter.
fn fields(name: &'static str, rest: &str, expect: &[(&'static str, usize)]) -> Case {
    one(name, &format!("---\ntitle: T\ndate: 2024-01-01\n{rest}---\nBody.\n"), expect)
}

const OK: &[(&str, usize)] = &[];

pub fn cases() -> Vec<Case> {
    let mut c = vec![
        // The fences.
        one("no_front_matter", "# Just a heading\n", &[("no-front-matter", 1)]),
        one("empty_file", "", &[("no-front-matter", 1)]),
        one("only_a_bom", "\u{feff}", &[("no-front-matter", 1)]),
        one("only_blank_lines", "\n \n\t\n", &[("no-front-matter", 1)]),
        one("fence_not_on_first_line", "\n---\ntitle: T\ndate: 2024-01-01\n---\n", &[("no-front-matter", 1)]),
        one("unterminated", "---\ntitle: x\ndate: 2024-01-01\n\nBody\n", &[("unterminated-front-matter", 1)]),
        one("lone_fence", "---", &[("unterminated-front-matter", 1)]),
        one("dots_close_the_front_matter", "---\ntitle: T\ndate: 2024-01-01\n...\nBody\n", OK),
        one("empty_front_matter", "---\n---\nBody\n", &[("missing-field", 1), ("missing-field", 1)]),
        // YAML syntax.
        one("unclosed_quote", "---\ntitle: \"x\ndate: 2024-01-01\n---\n", &[("yaml-syntax", 4)]),
        one("colon_in_plain_value", "---\ntitle: a: b\n---\n", &[("yaml-syntax", 2)]),
        one("unclosed_flow_list", "---\ntitle: [x\n---\n", &[("yaml-syntax", 3)]),
        one("bad_indentation", "---\ntitle: T\n  date: 2024-01-01\n---\n", &[("yaml-syntax", 3)]),
        one("tab_indentation", "---\ntitle: x\nactors:\n\t- putin\n---\n", &[("yaml-syntax", 4)]),
        one("duplicate_key", "---\ntitle: a\ndate: 2024-01-01\ntitle: b\n---\n", &[("yaml-syntax", 4)]),
        one("undefined_alias", "---\ntitle: *nope\ndate: 2024-01-01\n---\n", &[("yaml-syntax", 2)]),
        one("stray_directive", "---\n%YAML 1.2\ntitle: T\n---\n", &[("yaml-syntax", 3)]),
        one("front_matter_is_a_list", "---\n- a\n- b\n---\n", &[("yaml-type", 2)]),
        one("front_matter_is_a_scalar", "---\nhello\n---\n", &[("yaml-type", 2)]),
        fields("number_as_key", "1: one\n", &[("unknown-field", 4)]),
        fields("list_as_key", "? [a, b]\n: c\n", &[("unknown-field", 4)]),
        // Wrong types, field by field.
        one("title_is_a_list", "---\ntitle: [a]\ndate: 2024-01-01\n---\n", &[("yaml-type", 2), ("missing-field", 1)]),
        one("date_is_a_map", "---\ntitle: T\ndate: {y: 2024}\n---\n", &[("yaml-type", 3), ("missing-field", 1)]),
        fields("updated_is_a_list", "updated: [2024]\n", &[("yaml-type", 4)]),
        fields("slug_is_a_list", "slug: [a]\n", &[("yaml-type", 4)]),
        fields("summary_is_a_map", "summary: {a: 1}\n", &[("yaml-type", 4)]),
        fields("author_is_a_list", "author: [a, b]\n", &[("yaml-type", 4)]),
        fields("source_is_a_string", "source: Reuters\n", &[("yaml-type", 4)]),
        fields("source_url_is_a_list", "source:\n  name: R\n  url: [x]\n", &[("yaml-type", 6)]),
        fields("tags_is_a_number", "tags: 5\n", &[("yaml-type", 4)]),
        fields("tag_is_a_list", "tags:\n  - [a]\n", &[("yaml-type", 5)]),
        fields("draft_is_a_word", "draft: maybe\n", &[("yaml-type", 4)]),
        fields("related_is_a_string", "related: other\n", &[("yaml-type", 4)]),
        fields("actors_is_a_string", "actors: putin\n", &[("yaml-type", 4)]),
        fields("actor_is_a_number", "actors:\n  - 5\n", &[("yaml-type", 5)]),
        fields("actor_aliases_is_a_string", "actors:\n  - id: k\n    name: K\n    aliases: kk\n", &[("yaml-type", 7)]),
        fields("quotes_is_a_map", "quotes:\n  by: a\n  text: b\n", &[("yaml-type", 4)]),
        fields(
            "quote_text_is_a_list",
            "actors: [{id: a, name: A}]\nquotes:\n  - by: a\n    text: [t]\n",
            &[("yaml-type", 7)],
        ),
        fields(
            "quote_date_is_a_list",
            "actors: [{id: a, name: A}]\nquotes:\n  - by: a\n    text: t\n    date: [1]\n",
            &[("yaml-type", 8)],
        ),
        fields("question_is_a_list", "questions:\n  - [a]\n", &[("yaml-type", 5)]),
        fields("question_status_is_a_list", "questions:\n  - text: Why?\n    status: [x]\n", &[("yaml-type", 6)]),
        fields("events_are_strings", "events:\n  - war\n", &[("yaml-type", 5)]),
        fields(
            "event_actors_is_a_string",
            "events:\n  - date: 2024\n    title: E\n    actors: a\n",
            &[("yaml-type", 7)],
        ),
        fields("event_title_is_a_map", "events:\n  - date: 2024\n    title: {a: 1}\n", &[("yaml-type", 6)]),
        // Unknown fields.
        fields("unknown_field", "sumary: s\n", &[("unknown-field", 4)]),
        fields("unknown_field_with_a_dot", "foo.bar: 1\n", &[("unknown-field", 4)]),
        fields(
            "unknown_nested_field",
            "actors: [{id: a, name: A}]\nquotes:\n  - by: a\n    txt: b\n",
            &[("unknown-field", 7)],
        ),
        fields("unknown_nested_field_with_a_dot", "source:\n  na.me: R\n", &[("unknown-field", 5)]),
        fields("unknown_inline_actor_field", "actors:\n  - {id: k, n.ame: K}\n", &[("unknown-field", 5)]),
        // Values.
        one("missing_title_and_date", "---\nsummary: s\n---\n", &[("missing-field", 1), ("missing-field", 1)]),
        one("impossible_day", "---\ntitle: T\ndate: 2023-02-29\n---\n", &[("bad-date", 3)]),
        one("month_13", "---\ntitle: T\ndate: 2024-13-01\n---\n", &[("bad-date", 3)]),
        one("date_is_a_word", "---\ntitle: T\ndate: soon\n---\n", &[("bad-date", 3)]),
        one("publication_date_needs_a_day", "---\ntitle: T\ndate: 2024-05\n---\n", &[("bad-date", 3)]),
        fields(
            "interval_ends_before_it_starts",
            "events:\n  - {date: \"1953/1950\", title: War}\n",
            &[("bad-date", 5)],
        ),
        fields("interval_without_end", "events:\n  - {date: \"1950/\", title: War}\n", &[("bad-date", 5)]),
        fields("double_approximation", "events:\n  - {date: \"~~1950\", title: War}\n", &[("bad-date", 5)]),
        fields("year_out_of_range", "events:\n  - {date: 99999999999, title: War}\n", &[("bad-date", 5)]),
        fields("bad_slug", "slug: Not A Slug\n", &[("bad-slug", 4)]),
        fields("tag_without_letters", "tags: [\"--\"]\n", &[("bad-tag", 4)]),
        fields("unknown_actor", "actors: [nobody]\n", &[("unknown-actor", 4)]),
        fields("bad_kind", "actors:\n  - {id: x, name: X, kind: planet}\n", &[("bad-kind", 5)]),
        fields("bad_status", "questions:\n  - {text: Why?, status: maybe}\n", &[("bad-status", 5)]),
        fields(
            "duplicate_question_id",
            "questions:\n  - {text: A?, id: q}\n  - {text: B?, id: q}\n",
            &[("duplicate-id", 6)],
        ),
        fields("unknown_related_briefing", "related: [nowhere]\n", &[("unknown-briefing", 4)]),
        fields("self_affiliation", "actors:\n  - {id: x, name: X, affiliation: x}\n", &[("affiliation-loop", 5)]),
        // Body annotations.
        one(
            "quote_not_in_the_text",
            "---\ntitle: T\ndate: 2024-01-01\nactors: [{id: a, name: Ann}]\nquotes:\n  - {by: a, text: \"Never said\"}\n---\nAnn spoke.\n",
            &[("quote-not-found", 6)],
        ),
        one("wiki_links_to_nothing", "---\ntitle: T\ndate: 2024-01-01\n---\nSee [[nope]] and\n[[@nobody]] and [[#gone]].\n", &[("broken-link", 5), ("broken-link", 6), ("broken-anchor", 6)]),
        one("unclosed_wiki_link", "---\ntitle: T\ndate: 2024-01-01\n---\nSee [[a and [[ and ]] and [[|]] and [[@]].\n", &[("broken-link", 5), ("broken-link", 5)]),
        // Line endings and encodings that must build.
        one("crlf", "---\r\ntitle: Windows\r\ndate: 2024-01-01\r\ntags: [x]\r\n---\r\nBody *here*.\r\n", OK),
        one("lone_cr", "---\rtitle: Classic Mac\rdate: 2024-01-01\r---\rBody.\r", OK),
        one("bom_and_crlf", "\u{feff}---\r\ntitle: T\r\ndate: 2024-01-01\r\n---\r\n", OK),
        one("mixed_line_endings", "---\ntitle: T\r\ndate: 2024-01-01\r---\nBody\r\n", OK),
        one("nul_and_controls_in_body", "---\ntitle: T\ndate: 2024-01-01\n---\nA\u{0}B\u{1b}[31m\u{7}C\n", OK),
        one("right_to_left_and_emoji", "---\ntitle: \"\u{202e}evil \u{1f600}\"\ndate: 2024-01-01\n---\n\u{200b}\n", OK),
        // Names that become paths: refused at their line, never a page outside the output.
        fields("actor_id_climbs_out", "actors:\n  - {id: ../../../somewhere/x, name: X}\n", &[("bad-id", 5)]),
        fields("actor_id_is_dot_dot", "actors:\n  - {id: \"..\", name: X}\n", &[("bad-id", 5)]),
        fields("actor_id_is_dot", "actors:\n  - id: .\n    name: X\n", &[("bad-id", 5)]),
        fields("actor_id_is_absolute", "actors:\n  - {id: /etc/x, name: X}\n", &[("bad-id", 5)]),
        fields("actor_id_with_capitals", "actors:\n  - {id: Kim, name: Kim}\n", &[("bad-id", 5)]),
        fields("actor_name_without_letters", "actors:\n  - {name: \"!!!\"}\n", &[("bad-id", 5)]),
        fields(
            "actor_id_too_long",
            &format!("actors:\n  - id: {}\n    name: X\n", "x".repeat(201)),
            &[("bad-id", 5)],
        ),
        fields("actor_name_too_long", &format!("actors:\n  - name: {}\n", "Long ".repeat(60)), &[("bad-id", 5)]),
        fields("slug_climbs_out", "slug: ../../x\n", &[("bad-slug", 4)]),
        fields("slug_is_dot_dot", "slug: \"..\"\n", &[("bad-slug", 4)]),
        fields("slug_too_long", &format!("slug: {}\n", "a".repeat(300)), &[("bad-slug", 4)]),
        fields("slug_too_long_in_bytes", &format!("slug: {}\n", "가".repeat(67)), &[("bad-slug", 4)]),
        fields("tag_too_long", &format!("tags: [ok, \"{}\"]\n", "Tag ".repeat(60)), &[("bad-tag", 4)]),
        fields("tag_climbs_out", "tags: [\"../../x\"]\n", OK),
        fields(
            "quote_id_climbs_out",
            "actors: [{id: a, name: A}]\nquotes:\n  - {by: a, text: Body, id: ../q}\n",
            &[("bad-id", 6)],
        ),
        fields("question_id_with_a_space", "questions:\n  - {text: Why?, id: Q 1}\n", &[("bad-id", 5)]),
        fields("question_id_too_long", &format!("questions:\n  - {{text: Why?, id: {}}}\n", "q".repeat(201)), &[("bad-id", 5)]),
        // URLs that could run script: refused in front matter and bodies, however written.
        fields("source_url_javascript", "source: {name: R, url: \"javascript:alert(1)\"}\n", &[("bad-url", 4)]),
        fields("source_url_mixed_case_and_tabs", "source:\n  url: \"JaVa\\tScR\\nIpT:alert(1)\"\n", &[("bad-url", 5)]),
        fields("source_url_leading_controls", "source: {url: \" \\u0001\\u0000javascript:alert(1)\"}\n", &[("bad-url", 4)]),
        fields("source_url_vbscript", "source: {url: \"VBScript:msgbox(1)\"}\n", &[("bad-url", 4)]),
        fields("source_url_data", "source: {url: \"data:text/html,<script>alert(1)</script>\"}\n", &[("bad-url", 4)]),
        fields("source_url_web_mail_and_relative", "source: {url: \"mailto:desk@example.org\"}\nsummary: s\n", OK),
        one(
            "body_links_with_script_urls",
            "---\ntitle: T\ndate: 2024-01-01\n---\n[a](javascript:alert(1))\n[b](<JAVA\tSCRIPT:alert(1)>)\n[c](javascript&#58;alert(1))\n<javascript:alert(1)>\n[d](&#x20;javascript:alert(1))\n",
            &[("bad-url", 5), ("bad-url", 6), ("bad-url", 7), ("bad-url", 8), ("bad-url", 9)],
        ),
        one(
            "body_images_with_script_urls",
            "---\ntitle: T\ndate: 2024-01-01\n---\n![a](javascript:alert(1))\n![b](data:text/html,x)\n![c](data:image/png;base64,AAAA)\n",
            &[("bad-url", 5), ("bad-url", 6)],
        ),
        one(
            "reference_definition_with_a_script_url",
            "---\ntitle: T\ndate: 2024-01-01\n---\nSee [it][r] and [it][r] and [x].\n\n[r]: vbscript:msgbox\n[x]: <data:image/png;base64,AA>\n[unused]: javascript:x\n",
            &[("bad-url", 7), ("bad-url", 8), ("bad-url", 9)],
        ),
        one(
            "link_text_and_query_mentioning_javascript",
            "---\ntitle: T\ndate: 2024-01-01\n---\n[javascript:x](https://x.org/?u=javascript:alert(1)) [r](javascript-guide.md#javascript:x)\n",
            &[("broken-link", 5)],
        ),
        one(
            "raw_html_with_script_is_only_a_warning",
            "---\ntitle: T\ndate: 2024-01-01\n---\n<script>alert(1)</script>\n\nText <img src=x onerror=alert(1)> and <a href=\"jav&#x61;script:x\">y</a>.\n",
            OK,
        ),
        // Text that findings and outputs must not carry raw.
        one(
            "nul_and_escapes_in_yaml_strings",
            "---\ntitle: \"A\\0B\\e[31mC\\u0007\\uFFFF\"\ndate: 2024-01-01\nsummary: \"\\0\"\ntags: [\"\\0x\"]\nactors: [{id: a, name: \"A\\0\", aliases: [\"\\e[2J\"]}]\n---\nA.\n",
            OK,
        ),
        fields("escape_bytes_in_a_wrong_value", "actors: [\"\\e]0;owned\\u0007\"]\n", &[("unknown-actor", 4)]),
    ];
    c.extend(sites());
    c
}

/// Cases that need more than one file.
fn sites() -> Vec<Case> {
    const A: &str = "---\ntitle: A\ndate: 2024-01-01\n---\nA.\n";
    vec![
        case(
            "duplicate_slugs",
            &[
                ("content/a.md", "---\ntitle: A\ndate: 2024-01-01\nslug: same\n---\n"),
                ("content/b.md", "---\ntitle: B\ndate: 2024-01-02\nslug: same\n---\n"),
            ],
            &[("duplicate-slug", "content/a.md", 4)],
        ),
        case(
            "same_file_name_in_two_folders",
            &[("content/x/a.md", A), ("content/y/a.md", A)],
            &[("duplicate-slug", "content/y/a.md", 1)],
        ),
        case(
            "conflicting_actor_definitions",
            &[
                ("content/actors/kim.md", "---\nname: Kim Jong Un\nkind: person\n---\n"),
                ("content/a.md", "---\ntitle: A\ndate: 2024-01-01\nactors:\n  - id: kim\n    name: Kim Yo Jong\n---\n"),
            ],
            &[("actor-conflict", "content/a.md", 5)],
        ),
        case(
            "affiliation_loop",
            &[
                ("content/actors/a.md", "---\nname: A\naffiliation: b\n---\n"),
                ("content/actors/b.md", "---\nname: B\naffiliation: a\n---\n"),
                ("content/x.md", "---\ntitle: X\ndate: 2024-01-01\nactors: [a]\n---\n"),
            ],
            &[("affiliation-loop", "content/actors/a.md", 3), ("affiliation-loop", "content/actors/b.md", 3)],
        ),
        case(
            "profile_wrong_types_and_unknown_field",
            &[("content/actors/p.md", "---\nname: [P]\nrol: x\n---\n"), ("content/a.md", A)],
            &[
                ("yaml-type", "content/actors/p.md", 2),
                ("unknown-field", "content/actors/p.md", 3),
                ("missing-field", "content/actors/p.md", 1),
            ],
        ),
        case(
            "broken_link_and_anchor",
            &[
                ("content/a.md", "---\ntitle: A\ndate: 2024-01-01\n---\n[b](b.md#nope) [g](gone.md)\n"),
                ("content/b.md", "---\ntitle: B\ndate: 2024-01-01\n---\n## Real\n"),
            ],
            &[("broken-anchor", "content/a.md", 5), ("broken-link", "content/a.md", 5)],
        ),
        case(
            "template_syntax_error",
            &[
                ("content/a.md", A),
                (
                    "templates/tags.html",
                    "{% extends \"base.html\" %}\n{% block content %}\n{{ x | nosuch }}\n{% endblock %}\n",
                ),
            ],
            &[("template", "templates/tags.html", 3)],
        ),
        case(
            "template_missing_variable",
            &[
                ("content/a.md", A),
                (
                    "templates/tags.html",
                    "{% extends \"base.html\" %}\n{% block content %}\n\n{{ page.no_such.x }}\n{% endblock %}\n",
                ),
            ],
            &[("template", "templates/tags.html", 4)],
        ),
        case(
            "template_unclosed_block",
            &[
                ("content/a.md", A),
                (
                    "templates/tags.html",
                    "{% extends \"base.html\" %}\n{% block content %}\n{% if x %}\n{% endblock %}\n",
                ),
            ],
            &[("template", "templates/tags.html", 4)],
        ),
        case(
            "static_file_collides_with_a_page",
            &[("content/a.md", A), ("static/tags/index.html", "<p>mine</p>")],
            &[("static-collision", "static/tags/index.html", 0)],
        ),
        case(
            "static_file_where_a_page_folder_goes",
            &[("content/a.md", A), ("static/tags", "<p>mine</p>")],
            &[("static-collision", "static/tags", 0)],
        ),
        case("static_file_named_like_the_manifest", &[("content/a.md", A), ("static/.dossier-manifest", "x")], &[]),
        case(
            "unknown_setting",
            &[("content/a.md", A), ("dossier.yaml", "title: Mine\nbase_ulr: https://example.org/\n")],
            &[("unknown-field", "dossier.yaml", 2)],
        ),
        case(
            "bad_settings",
            &[("content/a.md", A), ("dossier.yaml", "page_size: many\nbase_url: not a url\n")],
            &[("yaml-type", "dossier.yaml", 1), ("bad-base-url", "dossier.yaml", 2)],
        ),
        case(
            "settings_not_yaml",
            &[("content/a.md", A), ("dossier.yaml", "title: [x\n")],
            &[("yaml-syntax", "dossier.yaml", 2)],
        ),
        case(
            "file_names_with_spaces_unicode_and_dots",
            &[
                ("content/my briefing.md", A),
                ("content/café ☕.md", A),
                ("content/.hidden.md", "not even front matter"),
                ("content/.git/x.md", "not even front matter"),
                ("content/#draft#.md", "junk"),
                ("content/a.md~", "junk"),
            ],
            &[],
        ),
        case(
            "profile_file_name_without_letters",
            &[("content/actors/☕.md", "---\nname: Coffee\n---\n"), ("content/a.md", A)],
            &[("bad-id", "content/actors/☕.md", 0)],
        ),
        case(
            "profile_bio_with_a_script_link",
            &[("content/actors/x.md", "---\nname: X\n---\nSee [me](javascript:alert(1)).\n"), ("content/a.md", A)],
            &[("bad-url", "content/actors/x.md", 4)],
        ),
        // Symbolic links (`PATH -> TARGET`): out of the site they are refused, inside it they work.
        case(
            "symlinks_out_of_the_site",
            &[
                ("content/a.md", A),
                ("static/passwd -> /etc/passwd", ""),
                ("static/up -> ../..", ""),
                ("content/up -> ../..", ""),
                ("content/b.md -> /etc/passwd", ""),
                ("templates/base.html -> /etc/passwd", ""),
            ],
            &[
                ("outside-site", "static/passwd", 0),
                ("outside-site", "static/up", 0),
                ("outside-site", "content/up", 0),
                ("outside-site", "content/b.md", 0),
                ("outside-site", "templates/base.html", 0),
            ],
        ),
        case(
            "static_folder_out_of_the_site",
            &[("content/a.md", A), ("static -> ..", "")],
            &[("outside-site", "static", 0)],
        ),
        case(
            "symlinks_inside_the_site",
            &[
                ("content/a.md", A),
                ("drafts/b.md", "---\ntitle: B\ndate: 2024-01-01\n---\nB.\n"),
                ("content/b.md -> ../drafts/b.md", ""),
                ("static/copy.md -> ../content/a.md", ""),
                ("static/drafts -> ../drafts", ""),
            ],
            &[],
        ),
        case("non_utf8_body", &[], &[("not-utf8", "content/a.md", 5)]),
        case("non_utf8_settings", &[], &[("not-utf8", "dossier.yaml", 1)]),
    ]
}

/// Cases whose bytes are not UTF-8 (`case` takes text).
pub fn byte_cases() -> Vec<Case> {
    let mut all = cases();
    for c in all.iter_mut() {
        match c.name {
            "non_utf8_body" => {
                c.files = vec![("content/a.md", b"---\ntitle: T\ndate: 2024-01-01\n---\ncaf\xe9\n".to_vec())];
            }
            "non_utf8_settings" => {
                c.files = vec![
                    ("content/a.md", b"---\ntitle: A\ndate: 2024-01-01\n---\n".to_vec()),
                    ("dossier.yaml", b"title: \xff\xfe\n".to_vec()),
                ];
            }
            _ => {}
        }
    }
    all
}

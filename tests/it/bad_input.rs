//! Bad input: each case is a small site and the exact finding it must produce, with the file,
//! line and column it names. None may panic; all findings of a run are reported together.
//! The corpus (`corpus`) is a folder per case with a snapshot of the JSON report; the tests here
//! check the human report.

use crate::support::Site;

mod corpus;

/// Run `dossier check` and return (exit code, stdout).
fn check(s: &Site) -> (i32, String) {
    let out = s.run(&["check"]);
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Assert the report has a finding whose first line is exactly `place: error[code]: message`.
fn assert_finding(report: &str, place: &str, code: &str, message: &str) {
    let head = format!("{place}: error[{code}]: {message}");
    let found = report.split("\n\n").any(|f| f.lines().next() == Some(head.as_str()));
    assert!(found, "expected the finding `{head}` in:\n{report}");
}

fn one(stem: &str, text: &str) -> Site {
    let s = Site::new();
    s.file(&format!("content/{stem}.md"), text);
    s
}

#[test]
fn no_front_matter() {
    let (code, r) = check(&one("a", "# Just a heading\n"));
    assert_eq!(code, 1);
    assert_finding(
        &r,
        "content/a.md:1:1",
        "no-front-matter",
        "the file does not start with front matter; expected a `---` line, then YAML such as `title: …`, then `---`",
    );
}

#[test]
fn empty_file() {
    let (_, r) = check(&one("a", ""));
    assert_finding(
        &r,
        "content/a.md:1:1",
        "no-front-matter",
        "the file is empty; expected a `---` line, then YAML such as `title: …`, then `---`",
    );
}

#[test]
fn unterminated_front_matter() {
    let (_, r) = check(&one("a", "---\ntitle: x\ndate: 2024-01-01\n\nBody\n"));
    assert_finding(
        &r,
        "content/a.md:1:1",
        "unterminated-front-matter",
        "front matter opened with `---` is never closed",
    );
}

#[test]
fn yaml_syntax_error_points_at_the_line() {
    let (_, r) = check(&one("a", "---\ntitle: x\ndate: 2024-01-01\nsummary: \"unclosed\n---\nBody\n"));
    assert!(r.contains("content/a.md:") && r.contains("error[yaml-syntax]"), "{r}");
    let (_, r) = check(&one("b", "---\ntitle: a: b\n---\n"));
    assert_finding(
        &r,
        "content/b.md:2:9",
        "yaml-syntax",
        "front matter is not valid YAML: mapping values are not allowed in this context",
    );
}

#[test]
fn tabs_in_yaml_get_a_hint() {
    let (_, r) = check(&one("a", "---\ntitle: x\nactors:\n\t- putin\n---\n"));
    assert_finding(
        &r,
        "content/a.md:4:1",
        "yaml-syntax",
        "front matter is not valid YAML: found character that cannot start any token",
    );
    assert!(r.contains("\n  = hint: YAML does not allow tabs for indentation; indent with spaces\n"), "{r}");
}

#[test]
fn wrong_types_are_reported_per_field() {
    let (_, r) = check(&one(
        "a",
        "---\ntitle: x\ndate: 2024-01-01\ntags: 5\ndraft: maybe\nquotes:\n  - by: {a: 1}\n    text: t\n---\n",
    ));
    assert_finding(&r, "content/a.md:4:7", "yaml-type", "`tags`: invalid type: integer `5`, expected a sequence");
    assert_finding(&r, "content/a.md:5:8", "yaml-type", "`draft`: invalid type: string \"maybe\", expected a boolean");
    assert_finding(
        &r,
        "content/a.md:7:9",
        "yaml-type",
        "`quotes[0].by`: invalid type: map, expected an actor id or a list of actor ids",
    );
}

#[test]
fn unknown_field_suggests_the_right_one() {
    let (_, r) = check(&one("a", "---\ntitle: x\ndate: 2024-01-01\nsumary: s\nquotes:\n  - by: a\n    txt: b\n---\n"));
    assert_finding(&r, "content/a.md:4:1", "unknown-field", "unknown field `sumary`; expected one of `title`, `date`, `updated`, `slug`, `summary`, `author`, `source`, `tags`, `draft`, `related`, `actors`, `quotes`, `questions`, `events`, `sources`, `judgments`, `relations`, `changes`, `image`");
    assert!(r.contains("did you mean `summary`?"), "{r}");
    assert_finding(
        &r,
        "content/a.md:7:5",
        "unknown-field",
        "unknown field `quotes[0].txt`; expected one of `by`, `text`, `context`, `date`, `id`, `lang`, `translation`, `attribution`, `source`, `sources`, `locator`",
    );
    assert!(r.contains("did you mean `text`?"), "{r}");
}

/// The finding of `report` that starts with `place: error[code]` and contains `text`, whole
/// (message, excerpt, caret and hint).
fn finding<'r>(report: &'r str, place: &str, code: &str, text: &str) -> &'r str {
    let head = format!("{place}: error[{code}]");
    let found = report.split("\n\n").find(|f| f.starts_with(&head) && f.contains(text));
    found.unwrap_or_else(|| panic!("expected `{head}` with `{text}` in:\n{report}"))
}

#[test]
fn every_unknown_field_and_wrong_type_of_a_quote_in_one_run() {
    let (code, r) = check(&one(
        "a",
        "---\ntitle: T\ndate: 2024-01-01\nactors: [{id: kim, name: Kim}]\nquotes:\n  - by: kim\n    text: Hello\n    url: https://example.org/\n    speaker: Kim\n    outlet: KCNA\n    txt: Hello\n    date: [2024]\n---\nKim said Hello.\n",
    ));
    assert_eq!(code, 1);
    let fields = "expected one of `by`, `text`, `context`, `date`, `id`, `lang`, `translation`, `attribution`, `source`, `sources`, `locator`";
    for (line, field, hint) in [(8, "url", None), (9, "speaker", None), (10, "outlet", None), (11, "txt", Some("text"))]
    {
        let f = finding(&r, &format!("content/a.md:{line}:5"), "unknown-field", "");
        assert!(
            f.starts_with(&format!(
                "content/a.md:{line}:5: error[unknown-field]: unknown field `quotes[0].{field}`; {fields}\n"
            )),
            "{f}"
        );
        match hint {
            Some(h) => assert!(f.ends_with(&format!("\n  = hint: did you mean `{h}`?")), "{f}"),
            // No field of a quote is close; `url` of `source` is not offered, nor `url` itself.
            None => assert!(!f.contains("hint"), "{f}"),
        }
    }
    finding(
        &r,
        "content/a.md:12:11",
        "yaml-type",
        "`quotes[0].date`: invalid type: sequence, expected a string or a number",
    );
    assert!(r.trim_end().ends_with(": 5 errors, 0 warnings"), "{r}");
}

#[test]
fn a_broken_actors_list_gives_no_lints_that_follow_from_it() {
    let s = Site::new();
    s.file("content/actors/kim.md", "---\nname: Kim Jong Un\naliases: [Kim]\n---\n");
    // `aliases` must be a list; `5` is no actor. Kim is annotated all the same, and Moon is
    // named by the alias that failed: neither is "mentioned but not annotated" nor "never named".
    s.file(
        "content/a.md",
        "---\ntitle: T\ndate: 2024-01-01\nactors:\n  - 5\n  - kim\n  - {id: moon, name: Moon Jae-in, aliases: Moon}\n---\nKim met Moon in Pyongyang.\n",
    );
    let (_, r) = check(&s);
    finding(&r, "content/a.md:5:5", "yaml-type", "`actors[0]`: invalid type: integer `5`");
    finding(
        &r,
        "content/a.md:7:44",
        "yaml-type",
        "`actors[2].aliases`: invalid type: string \"Moon\", expected a sequence",
    );
    assert!(r.trim_end().ends_with(": 2 errors, 0 warnings"), "{r}");
    // A profile whose aliases failed: briefings naming the actor by an alias get no
    // `unmentioned-actor` either.
    let s = Site::new();
    s.file("content/actors/moon.md", "---\nname: Moon Jae-in\naliases: Moon\n---\n");
    s.file("content/a.md", "---\ntitle: T\ndate: 2024-01-01\nactors: [moon]\n---\nMoon spoke.\n");
    let (_, r) = check(&s);
    finding(&r, "content/actors/moon.md:3:10", "yaml-type", "`aliases`");
    assert!(r.trim_end().ends_with(": 1 error, 0 warnings"), "{r}");
    // Without the failure, the same lints do speak.
    s.file("content/actors/moon.md", "---\nname: Moon Jae-in\n---\n");
    let (_, r) = check(&s);
    assert!(r.contains("warning[unmentioned-actor]: Moon Jae-in (`moon`) is annotated but never named"), "{r}");
}

#[test]
fn deep_nesting_is_refused_at_the_bracket_that_crosses_the_limit() {
    let (_, r) = check(&one("a", &format!("---\ntitle: T\ndate: 2024-01-01\nsummary: {}\n---\n", "[".repeat(100_000))));
    let f = finding(
        &r,
        "content/a.md:4:73",
        "yaml-syntax",
        "front matter is refused: its lists and maps are nested too deeply",
    );
    assert!(f.ends_with("= hint: front matter nests a few levels at most; flatten the values"), "{f}");
}

#[test]
fn missing_title_and_date() {
    let (_, r) = check(&one("a", "---\nsummary: s\n---\n"));
    assert_finding(&r, "content/a.md:1:1", "missing-field", "briefing has no `title`");
    assert_finding(&r, "content/a.md:1:1", "missing-field", "briefing has no `date`");
}

#[test]
fn impossible_dates_and_backwards_intervals() {
    let (_, r) = check(&one(
        "a",
        "---\ntitle: x\ndate: 2023-02-29\nevents:\n  - {date: \"1953/1950\", title: War}\n  - date: 2024-13\n    title: Odd\n---\n",
    ));
    assert_finding(&r, "content/a.md:3:7", "bad-date", "`date`: day 29 does not exist in February 2023 (`2023-02-29`)");
    assert_finding(&r, "content/a.md:5:12", "bad-date", "event date: the interval ends (1950) before it starts (1953)");
    assert_finding(
        &r,
        "content/a.md:6:11",
        "bad-date",
        "event date: month 13 does not exist in `2024-13` (months run 01 to 12)",
    );
}

#[test]
fn unknown_actor_id_suggests_the_closest() {
    let s = Site::new();
    s.file("content/actors/vladimir-putin.md", "---\nname: Vladimir Putin\n---\n");
    s.file("content/a.md", "---\ntitle: x\ndate: 2024-01-01\nquotes:\n  - by: vladimir-putn\n    text: hi\n---\nhi\n");
    let (_, r) = check(&s);
    assert_finding(&r, "content/a.md:5:9", "unknown-actor", "unknown actor `vladimir-putn`");
    assert!(r.contains("did you mean `vladimir-putin`?"), "{r}");
    assert!(r.contains("5 |   - by: vladimir-putn\n  |         ^"), "caret under the value:\n{r}");
}

#[test]
fn duplicate_slugs() {
    let s = Site::new();
    s.file("content/a.md", "---\ntitle: A\ndate: 2024-01-01\nslug: same\n---\n");
    s.file("content/b.md", "---\ntitle: B\ndate: 2024-01-02\nslug: same\n---\n");
    let (_, r) = check(&s);
    assert_finding(&r, "content/a.md:4:7", "duplicate-slug", "slug `same` is already used by content/b.md");
}

#[test]
fn conflicting_actor_definitions_name_both_places() {
    let s = Site::new();
    s.file("content/actors/kim.md", "---\nname: Kim Jong Un\nkind: person\n---\n");
    s.file("content/a.md", "---\ntitle: A\ndate: 2024-01-01\nactors:\n  - id: kim\n    name: Kim Yo Jong\n---\n");
    let (_, r) = check(&s);
    assert_finding(
        &r,
        "content/a.md:5:5",
        "actor-conflict",
        "actor `kim` is defined differently here and at content/actors/kim.md:1 (name: `Kim Jong Un` vs `Kim Yo Jong`)",
    );
    assert!(r.contains("name: `Kim Jong Un` vs `Kim Yo Jong`"), "{r}");
}

#[test]
fn affiliation_loops() {
    let s = Site::new();
    s.file("content/actors/a.md", "---\nname: A\naffiliation: b\n---\n");
    s.file("content/actors/b.md", "---\nname: B\naffiliation: a\n---\n");
    s.file("content/x.md", "---\ntitle: X\ndate: 2024-01-01\nactors: [a]\n---\n");
    let (_, r) = check(&s);
    assert_finding(&r, "content/actors/a.md:3:14", "affiliation-loop", "affiliation loops back: a → b → a");
    assert_finding(&r, "content/actors/b.md:3:14", "affiliation-loop", "affiliation loops back: b → a → b");
}

#[test]
fn broken_links_between_briefings() {
    let s = Site::new();
    s.file(
        "content/a.md",
        "---\ntitle: A\ndate: 2024-01-01\n---\nIntro.\n\nSee [b](b.md) and [gone](gone.md) and [h](b.md#nope).\n",
    );
    s.file("content/b.md", "---\ntitle: B\ndate: 2024-01-01\n---\n## Real heading\n");
    let (_, r) = check(&s);
    assert_finding(
        &r,
        "content/a.md:7:19",
        "broken-link",
        "link to `gone.md`: there is no briefing at `content/gone.md`",
    );
    assert_finding(&r, "content/a.md:7:39", "broken-anchor", "`b` has no heading `#nope`");
}

#[test]
fn not_utf8() {
    let s = Site::new();
    std::fs::write(s.root().join("content/a.md"), b"---\ntitle: caf\xe9\n---\n").unwrap();
    let (_, r) = check(&s);
    assert_finding(&r, "content/a.md:2:11", "not-utf8", "the file is not valid UTF-8 (byte 0xe9)");
}

#[test]
fn unknown_kind_and_status() {
    let (_, r) = check(&one(
        "a",
        "---\ntitle: A\ndate: 2024-01-01\nactors:\n  - {id: x, name: X, kind: planet}\nquestions:\n  - {text: Why?, status: maybe}\n---\n",
    ));
    assert_finding(
        &r,
        "content/a.md:5:28",
        "bad-kind",
        "unknown actor kind `planet`; expected person, organization, country or group",
    );
    assert_finding(&r, "content/a.md:7:26", "bad-status", "unknown status `maybe`; expected open, answered or moot");
}

#[test]
fn template_errors_name_the_template_and_line() {
    let s = one("a", "---\ntitle: A\ndate: 2024-01-01\n---\n");
    s.file(
        "templates/tags.html",
        "{% extends \"base.html\" %}\n{% block content %}\n{{ page.tags | nosuchfilter }}\n{% endblock %}\n",
    );
    let (_, r) = check(&s);
    assert_finding(&r, "templates/tags.html:3:16", "template", "template `tags.html`: Unknown filter `nosuchfilter`");
    let s = one("a", "---\ntitle: A\ndate: 2024-01-01\n---\n");
    s.file(
        "templates/tags.html",
        "{% extends \"base.html\" %}\n{% block content %}\n{{ page.no_such_variable.x }}\n{% endblock %}\n",
    );
    let (_, r) = check(&s);
    assert_finding(
        &r,
        "templates/tags.html:3:9",
        "template",
        "template `tags.html`: Field `no_such_variable` is not defined. Available fields: tags",
    );
}

#[test]
fn static_file_colliding_with_a_page() {
    let s = one("a", "---\ntitle: A\ndate: 2024-01-01\n---\n");
    s.file("static/tags/index.html", "<p>mine</p>");
    let (_, r) = check(&s);
    assert_finding(
        &r,
        "static/tags/index.html",
        "static-collision",
        "`static/tags/index.html` would overwrite the generated page `tags/index.html`",
    );
}

#[test]
fn unknown_setting_in_dossier_yaml() {
    let s = one("a", "---\ntitle: A\ndate: 2024-01-01\n---\n");
    s.file("dossier.yaml", "title: Mine\nbase_ulr: https://example.org/\n");
    let (_, r) = check(&s);
    assert_finding(&r, "dossier.yaml:2:1", "unknown-field", "unknown field `base_ulr`; expected one of `title`, `description`, `base_url`, `language`, `author`, `mentions`, `page_size`, `feed_limit`, `date_style`, `footer`, `credit`, `require_sources`, `relation_types`");
    assert!(r.contains("did you mean `base_url`?"), "{r}");
}

#[test]
fn every_error_of_a_run_is_reported_at_once() {
    let s = Site::new();
    s.file("content/one.md", "no front matter\n");
    s.file("content/two.md", "---\ntitle: [x\n---\n");
    s.file("content/three.md", "---\ntitle: T\ndate: 2024-02-30\n---\n");
    s.file("content/four.md", "---\ntitle: T\ndate: 2024-01-01\nactors: [nobody]\n---\n");
    let (code, r) = check(&s);
    assert_eq!(code, 1);
    for f in ["content/one.md:1:1", "content/two.md:3:1", "content/three.md:3:7", "content/four.md:4:10"] {
        assert!(r.contains(f), "missing {f} in:\n{r}");
    }
    assert!(r.trim_end().ends_with(": 4 errors, 0 warnings"), "{r}");
}

#[test]
fn missing_content_folder_is_a_clear_error() {
    let s = Site::new();
    std::fs::remove_dir_all(s.root().join("content")).unwrap();
    let out = s.run(&["build"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no `content/` folder") && err.contains("dossier init"), "{err}");
}

#[test]
fn crlf_and_bom_files_build() {
    let s = Site::new();
    std::fs::write(
        s.root().join("content/a.md"),
        "\u{feff}---\r\ntitle: Windows\r\ndate: 2024-01-01\r\ntags: [x]\r\n---\r\nBody *here*.\r\n",
    )
    .unwrap();
    let (code, r) = check(&s);
    assert_eq!(code, 0, "{r}");
}

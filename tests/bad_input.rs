//! Bad input: each case is a small site and the exact finding it must produce, with the file,
//! line and column it names. None may panic; all findings of a run are reported together.

mod support;
use support::Site;

#[path = "bad_input/corpus.rs"]
mod corpus;

/// Run `dossier check` and return (exit code, stdout).
fn check(s: &Site) -> (i32, String) {
    let out = s.run(&["check"]);
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Assert the report has a finding starting with `place: error[code]` and containing `text`.
fn assert_finding(report: &str, place: &str, code: &str, text: &str) {
    let head = format!("{place}: error[{code}]");
    let found = report.split("\n\n").any(|f| f.starts_with(&head) && f.contains(text));
    assert!(found, "expected `{head}` with `{text}` in:\n{report}");
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
    assert_finding(&r, "content/a.md:1:1", "no-front-matter", "does not start with front matter");
}

#[test]
fn empty_file() {
    let (_, r) = check(&one("a", ""));
    assert_finding(&r, "content/a.md:1:1", "no-front-matter", "the file is empty");
}

#[test]
fn unterminated_front_matter() {
    let (_, r) = check(&one("a", "---\ntitle: x\ndate: 2024-01-01\n\nBody\n"));
    assert_finding(&r, "content/a.md:1:1", "unterminated-front-matter", "never closed");
}

#[test]
fn yaml_syntax_error_points_at_the_line() {
    let (_, r) = check(&one("a", "---\ntitle: x\ndate: 2024-01-01\nsummary: \"unclosed\n---\nBody\n"));
    assert!(r.contains("content/a.md:") && r.contains("error[yaml-syntax]"), "{r}");
    let (_, r) = check(&one("b", "---\ntitle: a: b\n---\n"));
    assert_finding(&r, "content/b.md:2:9", "yaml-syntax", "mapping values are not allowed");
}

#[test]
fn tabs_in_yaml_get_a_hint() {
    let (_, r) = check(&one("a", "---\ntitle: x\nactors:\n\t- putin\n---\n"));
    assert_finding(&r, "content/a.md:4:1", "yaml-syntax", "YAML does not allow tabs");
}

#[test]
fn wrong_types_are_reported_per_field() {
    let (_, r) = check(&one(
        "a",
        "---\ntitle: x\ndate: 2024-01-01\ntags: 5\ndraft: maybe\nquotes:\n  - by: [a]\n    text: t\n---\n",
    ));
    assert_finding(&r, "content/a.md:4:7", "yaml-type", "`tags`: invalid type: integer `5`, expected a sequence");
    assert_finding(&r, "content/a.md:5:8", "yaml-type", "`draft`");
    assert_finding(&r, "content/a.md:7:9", "yaml-type", "`quotes[0].by`");
}

#[test]
fn unknown_field_suggests_the_right_one() {
    let (_, r) = check(&one("a", "---\ntitle: x\ndate: 2024-01-01\nsumary: s\nquotes:\n  - by: a\n    txt: b\n---\n"));
    assert_finding(&r, "content/a.md:4:1", "unknown-field", "unknown field `sumary`");
    assert!(r.contains("did you mean `summary`?"), "{r}");
    assert_finding(&r, "content/a.md:7:5", "unknown-field", "`quotes[0].txt`");
    assert!(r.contains("did you mean `text`?"), "{r}");
}

#[test]
fn missing_title_and_date() {
    let (_, r) = check(&one("a", "---\nsummary: s\n---\n"));
    assert_finding(&r, "content/a.md:1:1", "missing-field", "no `title`");
    assert_finding(&r, "content/a.md:1:1", "missing-field", "no `date`");
}

#[test]
fn impossible_dates_and_backwards_intervals() {
    let (_, r) = check(&one(
        "a",
        "---\ntitle: x\ndate: 2023-02-29\nevents:\n  - {date: \"1953/1950\", title: War}\n  - date: 2024-13\n    title: Odd\n---\n",
    ));
    assert_finding(&r, "content/a.md:3:7", "bad-date", "day 29 does not exist in February 2023");
    assert_finding(&r, "content/a.md:5:12", "bad-date", "ends (1950) before it starts (1953)");
    assert_finding(&r, "content/a.md:6:11", "bad-date", "month 13");
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
    assert_finding(&r, "content/a.md:5:5", "actor-conflict", "defined differently here and at content/actors/kim.md:1");
    assert!(r.contains("name: `Kim Jong Un` vs `Kim Yo Jong`"), "{r}");
}

#[test]
fn affiliation_loops() {
    let s = Site::new();
    s.file("content/actors/a.md", "---\nname: A\naffiliation: b\n---\n");
    s.file("content/actors/b.md", "---\nname: B\naffiliation: a\n---\n");
    s.file("content/x.md", "---\ntitle: X\ndate: 2024-01-01\nactors: [a]\n---\n");
    let (_, r) = check(&s);
    assert_finding(&r, "content/actors/a.md:3:14", "affiliation-loop", "a → b → a");
    assert_finding(&r, "content/actors/b.md:3:14", "affiliation-loop", "b → a → b");
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
    assert_finding(&r, "content/a.md:7:19", "broken-link", "there is no briefing at `content/gone.md`");
    assert_finding(&r, "content/a.md:7:39", "broken-anchor", "`b` has no heading `#nope`");
}

#[test]
fn not_utf8() {
    let s = Site::new();
    std::fs::write(s.root().join("content/a.md"), b"---\ntitle: caf\xe9\n---\n").unwrap();
    let (_, r) = check(&s);
    assert_finding(&r, "content/a.md:2:11", "not-utf8", "not valid UTF-8 (byte 0xe9)");
}

#[test]
fn unknown_kind_and_status() {
    let (_, r) = check(&one(
        "a",
        "---\ntitle: A\ndate: 2024-01-01\nactors:\n  - {id: x, name: X, kind: planet}\nquestions:\n  - {text: Why?, status: maybe}\n---\n",
    ));
    assert_finding(&r, "content/a.md:5:28", "bad-kind", "unknown actor kind `planet`");
    assert_finding(&r, "content/a.md:7:26", "bad-status", "unknown status `maybe`");
}

#[test]
fn template_errors_name_the_template_and_line() {
    let s = one("a", "---\ntitle: A\ndate: 2024-01-01\n---\n");
    s.file(
        "templates/tags.html",
        "{% extends \"base.html\" %}\n{% block content %}\n{{ page.tags | nosuchfilter }}\n{% endblock %}\n",
    );
    let (_, r) = check(&s);
    assert_finding(&r, "templates/tags.html:3:16", "template", "Unknown filter `nosuchfilter`");
    let s = one("a", "---\ntitle: A\ndate: 2024-01-01\n---\n");
    s.file(
        "templates/tags.html",
        "{% extends \"base.html\" %}\n{% block content %}\n{{ page.no_such_variable.x }}\n{% endblock %}\n",
    );
    let (_, r) = check(&s);
    assert_finding(&r, "templates/tags.html:3:9", "template", "Field `no_such_variable` is not defined");
}

#[test]
fn static_file_colliding_with_a_page() {
    let s = one("a", "---\ntitle: A\ndate: 2024-01-01\n---\n");
    s.file("static/tags/index.html", "<p>mine</p>");
    let (_, r) = check(&s);
    assert_finding(&r, "static/tags/index.html", "static-collision", "would overwrite the generated page");
}

#[test]
fn unknown_setting_in_dossier_yaml() {
    let s = one("a", "---\ntitle: A\ndate: 2024-01-01\n---\n");
    s.file("dossier.yaml", "title: Mine\nbase_ulr: https://example.org/\n");
    let (_, r) = check(&s);
    assert_finding(&r, "dossier.yaml:2:1", "unknown-field", "`base_ulr`");
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

/// The findings of compiling the site `files`, as sorted (code, file, line).
fn findings_of(files: &[(&str, Vec<u8>)]) -> Result<Vec<(String, String, usize)>, String> {
    let s = Site::new();
    for (path, bytes) in files {
        // `PATH -> TARGET` is a symbolic link.
        let (path, link) = path.split_once(" -> ").map_or((*path, None), |(p, t)| (p, Some(t)));
        let p = s.root().join(path);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        match link {
            #[cfg(unix)]
            Some(target) => std::os::unix::fs::symlink(target, p).expect("symlink fixture"),
            #[cfg(not(unix))]
            Some(_) => return Ok(Vec::new()),
            None => std::fs::write(p, bytes).expect("write fixture"),
        }
    }
    let compiled = dossier::compile(&s.options()).map_err(|e| format!("{e:#}"))?;
    let errors = compiled.findings.items.iter().filter(|f| f.severity == dossier::diag::Severity::Error);
    let mut got: Vec<_> = errors.map(|f| (f.code.to_string(), f.file.clone(), f.line)).collect();
    got.sort();
    Ok(got)
}

#[test]
fn corpus_cases_give_exactly_their_findings() {
    let cases = corpus::byte_cases();
    assert!(cases.len() >= 40, "the corpus has {} cases", cases.len());
    let seeds = std::env::var_os("DOSSIER_WRITE_SEEDS").map(std::path::PathBuf::from);
    let mut wrong = Vec::new();
    for c in &cases {
        if let (Some(dir), [("content/a.md", bytes)]) = (&seeds, c.files.as_slice()) {
            std::fs::create_dir_all(dir).expect("seed dir");
            std::fs::write(dir.join(c.name), bytes).expect("write seed");
        }
        let got = std::panic::catch_unwind(|| findings_of(&c.files));
        let mut want: Vec<_> = c.expect.iter().map(|(code, f, l)| (code.to_string(), f.to_string(), *l)).collect();
        want.sort();
        match got {
            Ok(Ok(got)) if got == want => {}
            Ok(Ok(got)) => wrong.push(format!("{}: expected {want:?}\n      got {got:?}", c.name)),
            Ok(Err(e)) => wrong.push(format!("{}: the build could not run: {e}", c.name)),
            Err(_) => wrong.push(format!("{}: PANICKED", c.name)),
        }
    }
    assert!(wrong.is_empty(), "{} of {} cases wrong:\n{}", wrong.len(), cases.len(), wrong.join("\n"));
}

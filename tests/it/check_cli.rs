//! `dossier check` from the command line: every problem of a site in one run, each with its
//! file, line, code, excerpt and hint; a summary line; exit codes; JSON output.

use crate::support::*;
use std::process::Command;

fn check(root: &std::path::Path, args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .arg("check")
        .arg("--root")
        .arg(root)
        .args(args)
        .output()
        .expect("run dossier");
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stdout).into_owned())
}

const ACTOR: (&str, &str) = ("content/actors/kim.md", "---\nname: Kim Jong Un\n---\n");

/// Ten kinds of broken briefing (and one more), with the place and code each must be reported at.
fn broken_site() -> (Site, Vec<(&'static str, &'static str)>) {
    let files: Vec<(&str, String)> = vec![
        ("content/target.md", briefing("title: Target\ndate: 2024-01-01", "## Real heading\n\nKim Jong Un.")),
        ("content/b01.md", "Just text, no front matter.\n".into()),
        ("content/b02.md", "---\ntitle: [unclosed\ndate: 2024-01-01\n---\nBody.\n".into()),
        ("content/b03.md", briefing("date: 2024-01-01", "No title.")),
        ("content/b04.md", briefing("title: T4\ndate: 2024-13-45", "Bad date.")),
        ("content/b05.md", briefing("title: T5\ndate: 2024-01-01\nactors: [kim-jong-unn]", "Unknown actor.")),
        ("content/b06.md", briefing("title: T6\ndate: 2024-01-01", "See [[targte]].")),
        ("content/b07.md", briefing("title: T7\ndate: 2024-01-01", "See [[target#real-headin]].")),
        (
            "content/b08.md",
            briefing(
                "title: T8\ndate: 2024-01-01\nquotes:\n  - by: kim\n    text: \"a very strong pact\"",
                "Kim Jong Un spoke of a very strong friendship.",
            ),
        ),
        (
            "content/b09.md",
            briefing("title: T9\ndate: 2024-01-01\nquestions:\n  - text: Why?\n    answered_by: nowhere", "Q."),
        ),
        ("content/b10.md", briefing("title: T10\ndate: 2024-01-01\ntitel: typo", "Unknown field.")),
        ("content/b11.md", briefing("title: T11\ndate: 2024-01-01", "Ask [[@kimm]].")),
        ("content/b12.md", "---\ntitle: T12\ndate: 2024-01-01\n\nNever closed.\n".into()),
    ];
    let expect = vec![
        ("content/b01.md:1", "error[no-front-matter]"),
        ("content/b02.md:3", "error[yaml-syntax]"),
        ("content/b03.md:1", "error[missing-field]"),
        ("content/b04.md:3", "error[bad-date]"),
        ("content/b05.md:4", "error[unknown-actor]"),
        ("content/b06.md:6:5", "error[broken-link]"),
        ("content/b07.md:6:5", "error[broken-anchor]"),
        ("content/b08.md:6:11", "error[quote-not-found]"),
        ("content/b09.md:6", "error[unknown-briefing]"),
        ("content/b10.md:4", "error[unknown-field]"),
        ("content/b11.md:6:5", "error[broken-link]"),
        ("content/b12.md:1", "error[unterminated-front-matter]"),
    ];
    let mut all: Vec<(&str, &str)> = files.iter().map(|(p, t)| (*p, t.as_str())).collect();
    all.push(ACTOR);
    (Site::with(&all), expect)
}

#[test]
fn every_broken_briefing_is_reported_in_one_run() {
    let (f, expect) = broken_site();
    let (code, out) = check(f.root(), &[]);
    assert_eq!(code, 1, "{out}");
    for (place, what) in &expect {
        let line = out.lines().find(|l| l.starts_with(&format!("{place}:")) || l.starts_with(&format!("{place} ")));
        let line = line.unwrap_or_else(|| panic!("no finding at {place}\n{out}"));
        assert!(line.contains(what), "{place}: expected {what}, got {line}");
    }
    assert!(out.contains("see [[targte]]") || out.contains("See [[targte]]."), "offending line shown");
    assert!(out.contains("= hint: did you mean `target`?"));
    assert!(out.contains("the closest passage (line 9) reads: “a very strong friendship.”"), "{out}");
    let last = out.trim_end().lines().last().unwrap_or("");
    assert!(last.starts_with("checked ") && last.contains("errors"), "summary line: {last}");
}

#[test]
fn json_format_emits_one_object_per_finding() {
    let (f, expect) = broken_site();
    let (code, out) = check(f.root(), &["--format", "json"]);
    assert_eq!(code, 1);
    let objects: Vec<serde_json::Value> = out.lines().map(|l| serde_json::from_str(l).expect("json line")).collect();
    assert!(objects.len() >= expect.len());
    for o in &objects {
        for key in ["file", "line", "column", "severity", "code", "message"] {
            assert!(o.get(key).is_some(), "{key} missing in {o}");
        }
    }
    assert!(objects.iter().any(|o| o["code"] == "quote-not-found" && o["file"] == "content/b08.md" && o["line"] == 6));
}

#[test]
fn example_site_passes_with_warnings_and_reports_the_duplicated_paragraph() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let (code, out) = check(root, &[]);
    assert_eq!(code, 0, "{out}");
    let dup = out
        .lines()
        .find(|l| l.contains("warning[duplicate-paragraph]"))
        .unwrap_or_else(|| panic!("duplicated paragraph not reported:\n{out}"));
    assert!(dup.starts_with("content/briefings/russia-north-korea-pact.md:"), "{dup}");
    assert!(out.contains("0 errors"), "{out}");
    let (strict, _) = check(root, &["--strict"]);
    assert_eq!(strict, 1, "warnings fail --strict");
}

#[test]
fn clean_site_exits_zero_and_says_so() {
    let b = briefing(
        "title: T\ndate: 2024-01-01\nactors: [kim]\nquotes:\n  - by: kim\n    text: hello there",
        "Kim Jong Un said «hello there».",
    );
    let f = Site::with(&[ACTOR, ("content/b.md", &b)]);
    let (code, out) = check(f.root(), &["--strict"]);
    assert_eq!(code, 0, "{out}");
    assert_eq!(out.trim(), "checked 1 briefing, 1 actor, 1 quote: no problems found");
}

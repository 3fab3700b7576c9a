//! The bad-input corpus: each folder of `tests/fixtures/bad-input/` is a small site (its files
//! byte for byte, bad bytes and symbolic links included) and `check.snap`, the exit code and
//! the whole output of `dossier check --format json` on it: every finding with its file, line,
//! column, code, message and hint, compared exactly. No case may panic or hang.
//!
//! Adding a case is adding a folder: write the site's files, run
//! `SNAPSHOTS=overwrite cargo test --test it bad_input::corpus`, and read the new `check.snap`.
//! The same command rewrites every snapshot after an intended change of findings.
//!
//! A path outside the site (where a symbolic link out of it leads) is written relative to the
//! site as `[SITE]/..`, since the site's copy sits in a temporary folder.
//!
//! The cases whose whole site is `content/a.md` also seed the fuzzer: with
//! `DOSSIER_WRITE_SEEDS=DIR` the test copies that file to `DIR/<case>` (see `fuzz/README.md`).
//!
//! Inputs at the limits are built at test time in `limits` instead: files over 100 KB (a 50 MB
//! and a 2 MB briefing, 10,000 actors), what git does not keep (a symbolic link loop, a file
//! without read permission), and two small YAML bombs (10,000 nested brackets, nine levels of
//! aliases) whose tests also check the excerpt the human report shows.

use crate::support::{self, Site};
use std::path::{Path, PathBuf};

/// The snapshot file of a case.
const SNAPSHOT: &str = "check.snap";

#[test]
fn every_case_matches_its_snapshot() {
    let corpus = support::fixture("bad-input");
    let mut cases: Vec<PathBuf> =
        std::fs::read_dir(&corpus).expect("read the corpus").map(|e| e.expect("entry").path()).collect();
    cases.retain(|p| p.is_dir());
    cases.sort();
    assert!(cases.len() >= 90, "the corpus has {} cases", cases.len());
    let seeds = std::env::var_os("DOSSIER_WRITE_SEEDS").map(PathBuf::from);
    let assert = snapbox::Assert::new().action_env(snapbox::assert::DEFAULT_ACTION_ENV);
    let mut wrong = Vec::new();
    for case in &cases {
        let name = case.file_name().expect("a case name").to_string_lossy().into_owned();
        if let Some(dir) = &seeds {
            write_seed(dir, &name, case);
        }
        let site = Site::copy_of(case);
        std::fs::remove_file(site.root().join(SNAPSHOT)).ok();
        let expected = snapbox::Data::read_from(&case.join(SNAPSHOT), None).raw();
        match check_json(&site) {
            Ok(got) => {
                if let Err(e) = assert.try_eq(Some(&name), got.into(), expected) {
                    wrong.push(format!("{name}: {e}"));
                }
            }
            Err(e) => wrong.push(format!("{name}: {e}")),
        }
    }
    assert!(
        wrong.is_empty(),
        "{} of {} cases differ from their snapshot:\n{}",
        wrong.len(),
        cases.len(),
        wrong.join("\n")
    );
}

/// `exit: CODE`, then what `dossier check --format json` printed (one JSON object per finding),
/// then its standard error if it wrote any; an error if it panicked or had not ended within a
/// minute (a generous ceiling against hangs, not a speed target).
fn check_json(site: &Site) -> Result<String, String> {
    let out = snapbox::cmd::Command::new(support::DOSSIER)
        .args(["check", "--format", "json"])
        .current_dir(site.root())
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .expect("run dossier");
    let stderr = String::from_utf8_lossy(&out.stderr);
    match out.status.code() {
        None => Err(format!("no result within a minute: a hang (or killed by a signal)\n{stderr}")),
        Some(101) => Err(format!("dossier check panicked:\n{stderr}")),
        Some(code) => {
            let mut text = format!("exit: {code}\n{}", String::from_utf8_lossy(&out.stdout));
            if !stderr.is_empty() {
                text.push_str(&format!("stderr:\n{stderr}"));
            }
            Ok(outside_as_placeholder(site, &text))
        }
    }
}

/// `text` with the folder the site sits in written as `[SITE]/..`: a link out of the site is
/// reported with the path it resolves to, and the site's copy sits in the machine's temporary
/// folder, whose path differs between machines.
fn outside_as_placeholder(site: &Site, text: &str) -> String {
    let root = site.root().canonicalize().expect("the site folder");
    let outside = root.parent().expect("the folder the site sits in").display().to_string();
    text.replace(&format!("`{outside}`"), "`[SITE]/..`").replace(&format!("`{outside}/"), "`[SITE]/../")
}

/// Copy the `content/a.md` of a case that has no other file to the fuzzer's seed folder `dir`.
fn write_seed(dir: &Path, name: &str, case: &Path) {
    let entries = walkdir::WalkDir::new(case).into_iter().map(|e| e.expect("walk the case"));
    let files: Vec<_> = entries.filter(|e| !e.file_type().is_dir() && e.file_name() != SNAPSHOT).collect();
    if let [file] = &files[..] {
        if file.file_type().is_file() && file.path() == case.join("content/a.md") {
            std::fs::create_dir_all(dir).expect("seed dir");
            std::fs::copy(file.path(), dir.join(name)).expect("write seed");
        }
    }
}

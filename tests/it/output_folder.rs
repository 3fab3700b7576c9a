//! The output folder is safe to deploy from: foreign files survive, failed and interrupted
//! builds leave the previous site, unchanged files keep their times, and the bytes do not
//! depend on the number of threads.

use crate::support as common;
use crate::support::preview;
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

fn briefing(i: usize, marker: &str) -> String {
    let body: String = (0..40).map(|p| format!("Paragraph {p} of briefing {i}, {marker}. ")).collect();
    format!(
        "---\ntitle: Briefing {i} {marker}\ndate: 2020-01-{:02}\nactors:\n  - {{id: actor-{}, name: Actor {}}}\n\
         questions:\n  - Question {i}?\n---\n{body}\n",
        i % 28 + 1,
        i % 50,
        i % 50
    )
}

fn fixture(n: usize, marker: &str) -> tempfile::TempDir {
    let files: Vec<(String, String)> = (0..n).map(|i| (format!("b{i}.md"), briefing(i, marker))).collect();
    let refs: Vec<(&str, &str)> = files.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect();
    common::Site::with_content(&format!("title: Site {marker}\n"), &refs).dir
}

fn rebuild_with(site: &Path, n: usize, marker: &str) {
    std::fs::write(site.join("dossier.yaml"), format!("title: Site {marker}\n")).unwrap();
    for i in 0..n {
        std::fs::write(site.join(format!("content/b{i}.md")), briefing(i, marker)).unwrap();
    }
}

fn root_arg(site: &Path) -> Vec<String> {
    vec!["--root".into(), site.to_str().unwrap().into()]
}

fn build(site: &Path) {
    let args = root_arg(site);
    common::build(&args.iter().map(String::as_str).collect::<Vec<_>>());
}

#[test]
fn git_cname_and_nojekyll_survive_a_rebuild() {
    let site = fixture(3, "one");
    build(site.path());
    let out = site.path().join("public");
    std::fs::create_dir_all(out.join(".git/refs")).unwrap();
    std::fs::write(out.join(".git/HEAD"), "ref: refs/heads/gh-pages\n").unwrap();
    std::fs::write(out.join("CNAME"), "briefings.example.org\n").unwrap();
    std::fs::write(out.join(".nojekyll"), "").unwrap();
    std::fs::remove_file(site.path().join("content/b2.md")).unwrap();
    build(site.path());
    assert_eq!(std::fs::read_to_string(out.join(".git/HEAD")).unwrap(), "ref: refs/heads/gh-pages\n");
    assert_eq!(std::fs::read_to_string(out.join("CNAME")).unwrap(), "briefings.example.org\n");
    assert!(out.join(".nojekyll").is_file());
    assert!(out.join(".git/refs").is_dir());
    assert!(!out.join("briefings/b2/index.html").exists(), "the removed briefing's page is gone");
}

#[test]
fn a_build_with_content_errors_leaves_the_previous_site() {
    let site = fixture(3, "one");
    build(site.path());
    let out = site.path().join("public");
    let before = common::tree(&out);
    std::fs::write(site.path().join("content/b1.md"), "---\ntitle: Broken\ndate: 2024-13-45\n---\n").unwrap();
    let res = common::bin().args(["build", "--root", site.path().to_str().unwrap()]).output().unwrap();
    assert_eq!(res.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&res.stderr).contains("bad-date"));
    assert_eq!(common::tree(&out), before);
}

#[test]
fn unchanged_files_keep_their_modification_time() {
    let site = fixture(3, "one");
    build(site.path());
    let out = site.path().join("public");
    let mtime = |p: &str| std::fs::metadata(out.join(p)).unwrap().modified().unwrap();
    let (b0, css, b1) = (mtime("briefings/b0/index.html"), mtime("style.css"), mtime("briefings/b1/index.html"));
    std::thread::sleep(Duration::from_millis(50));
    std::fs::write(site.path().join("content/b1.md"), briefing(1, "edited")).unwrap();
    build(site.path());
    assert_eq!(mtime("briefings/b0/index.html"), b0, "an unchanged page was rewritten");
    assert_eq!(mtime("style.css"), css);
    assert_ne!(mtime("briefings/b1/index.html"), b1, "the edited page was not rewritten");
    assert!(std::fs::read_to_string(out.join("briefings/b1/index.html")).unwrap().contains("edited"));
}

#[test]
fn output_is_identical_with_one_and_eight_threads() {
    let site = fixture(60, "one");
    let run = |threads: &str, out: &str| {
        let out = site.path().join(out);
        let res = common::bin()
            .args(["build", "--root", site.path().to_str().unwrap(), "--output", out.to_str().unwrap()])
            .env("RAYON_NUM_THREADS", threads)
            .output()
            .unwrap();
        assert!(res.status.success());
        common::tree(&out)
    };
    let one = run("1", "out1");
    let eight = run("8", "out8");
    assert!(one.len() > 100);
    assert_eq!(one.keys().collect::<Vec<_>>(), eight.keys().collect::<Vec<_>>());
    for (path, bytes) in &one {
        assert!(eight[path] == *bytes, "{path} differs between 1 and 8 threads");
    }
}

/// Whether any leftover of a build sits beside the output folder.
fn leftovers(site: &Path) -> Vec<String> {
    std::fs::read_dir(site)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("dossier-"))
        .collect()
}

#[test]
fn an_interrupted_build_leaves_the_previous_site() {
    const N: usize = 1500;
    let site = fixture(N, "one");
    build(site.path());
    let out = site.path().join("public");
    let v1 = common::tree(&out);
    let staging = site.path().join(".public.dossier-staging");
    rebuild_with(site.path(), N, "two");
    let mut caught = false;
    for _attempt in 0..5 {
        let mut child = common::bin()
            .arg("build")
            .args(root_arg(site.path()))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let start = Instant::now();
        // Kill the build as soon as it has started writing the new site.
        while start.elapsed() < Duration::from_secs(120) {
            if staging.join("briefings").is_dir() {
                child.kill().unwrap();
                caught = true;
                break;
            }
            if child.try_wait().unwrap().is_some() {
                break;
            }
            std::thread::sleep(Duration::from_micros(200));
        }
        let _ = child.wait();
        if caught {
            break;
        }
        // The build finished before it could be interrupted: start over from the old site.
        std::fs::remove_dir_all(&out).unwrap();
        rebuild_with(site.path(), N, "one");
        build(site.path());
        rebuild_with(site.path(), N, "two");
    }
    assert!(caught, "never caught the build while it was writing");
    let after = common::tree(&out);
    build(site.path());
    let v2 = common::tree(&out);
    assert_ne!(v1, v2);
    // The output folder holds one complete site, never a mix: the old one, or (if the kill
    // came after the swap) the new one.
    assert!(after == v1 || after == v2, "the interrupted build left a half-written site");
    eprintln!("interrupted build left the {} site", if after == v1 { "previous" } else { "new, complete" });
    assert!(leftovers(site.path()).is_empty(), "leftovers after the next build: {:?}", leftovers(site.path()));
    assert!(String::from_utf8_lossy(&v2["index.html"]).contains("Site two"));
}

#[test]
fn a_write_that_fails_midway_leaves_the_previous_site() {
    let site = fixture(20, "one");
    build(site.path());
    let out = site.path().join("public");
    let v1 = common::tree(&out);
    rebuild_with(site.path(), 20, "two");
    let opts = dossier::BuildOptions { root: site.path().to_path_buf(), ..Default::default() };
    let compiled = dossier::compile(&opts).unwrap();
    // Every page is written, then a static file that vanished since it was listed fails the copy.
    let vanished = dossier::write::CopyFile { out: "zz/gone.bin".into(), from: site.path().join("static/gone.bin") };
    let err = dossier::write::write_site(&out, &compiled.files, &[vanished]).unwrap_err();
    assert!(format!("{err:#}").contains("gone.bin"), "{err:#}");
    assert_eq!(common::tree(&out), v1, "the failed write changed the served site");
    assert!(leftovers(site.path()).is_empty(), "{:?}", leftovers(site.path()));
}

#[test]
fn a_static_file_where_a_page_folder_goes_is_a_finding_and_writes_nothing() {
    let site = fixture(3, "one");
    build(site.path());
    let out = site.path().join("public");
    let v1 = common::tree(&out);
    std::fs::create_dir_all(site.path().join("static")).unwrap();
    std::fs::write(site.path().join("static/briefings"), "a file where the briefings folder goes").unwrap();
    let res = common::bin().arg("build").args(root_arg(site.path())).output().unwrap();
    assert_eq!(res.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&res.stderr).contains("static/briefings: error[static-collision]"));
    assert_eq!(common::tree(&out), v1);
}

/// A full disk, for real: the output folder on a 1 MB tmpfs, which the second build overflows.
/// Mounting needs privileges; without them the test says so and checks nothing.
#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_leaves_the_previous_site() {
    let site = fixture(3, "one");
    let disk = site.path().join("disk");
    std::fs::create_dir_all(&disk).unwrap();
    let mounted = std::process::Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=1m", "tmpfs"])
        .arg(&disk)
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !mounted {
        println!("notice: cannot mount a small tmpfs here (needs root); the full-disk test is skipped");
        return;
    }
    struct Unmount<'a>(&'a Path);
    impl Drop for Unmount<'_> {
        fn drop(&mut self) {
            let _ = std::process::Command::new("umount").arg(self.0).status();
        }
    }
    let _guard = Unmount(&disk);
    let out = disk.join("public");
    let args = ["--root", site.path().to_str().unwrap(), "--output", out.to_str().unwrap()];
    common::build(&args);
    let v1 = common::tree(&out);
    // 1.5 MB of new text cannot fit beside the previous site.
    let big: String = (0..30_000).map(|i| format!("Sentence {i} of a long briefing. ")).collect();
    std::fs::write(site.path().join("content/big.md"), format!("---\ntitle: Big\ndate: 2024-01-01\n---\n{big}\n"))
        .unwrap();
    let res = common::bin().arg("build").args(args).output().unwrap();
    let err = String::from_utf8_lossy(&res.stderr);
    assert_eq!(res.status.code(), Some(2), "{err}");
    assert!(err.contains("No space left on device"), "{err}");
    assert_eq!(common::tree(&out), v1, "the failed build changed the site");
    let left: Vec<_> = std::fs::read_dir(&disk).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(left, vec![std::ffi::OsString::from("public")], "staging left behind on the full disk");
}

/// Everything below `dir`: files with their bytes, folders and links (as `-> target`), so that
/// "nothing was touched" also covers an empty staging folder or a replaced link.
fn listing(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .min_depth(1)
        .into_iter()
        .map(|e| {
            let e = e.unwrap();
            let rel = e.path().strip_prefix(dir).unwrap().to_string_lossy().into_owned();
            let what = if e.path_is_symlink() {
                format!("-> {}", std::fs::read_link(e.path()).unwrap().display()).into_bytes()
            } else if e.file_type().is_dir() {
                b"/".to_vec()
            } else {
                std::fs::read(e.path()).unwrap()
            };
            (rel, what)
        })
        .collect()
}

/// A site folder `site` inside a temp folder of its own (so that what happens beside and above
/// the site can be checked).
fn nested_site(marker: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let outer = tempfile::tempdir().unwrap();
    let site = std::fs::canonicalize(outer.path()).unwrap().join("site");
    std::fs::create_dir_all(site.join("content")).unwrap();
    std::fs::create_dir_all(site.join("static")).unwrap();
    std::fs::write(site.join("dossier.yaml"), format!("title: Site {marker}\n")).unwrap();
    for i in 0..3 {
        std::fs::write(site.join(format!("content/b{i}.md")), briefing(i, marker)).unwrap();
    }
    (outer, site)
}

#[cfg(unix)]
#[test]
fn a_symlinked_output_folder_stays_a_link_and_its_folder_keeps_the_files_there() {
    let (outer, site) = nested_site("one");
    let web = outer.path().join("www/html");
    std::fs::create_dir_all(web.join(".git")).unwrap();
    std::fs::write(web.join(".git/HEAD"), "ref: refs/heads/main\n").unwrap();
    std::fs::write(web.join("robots-extra.txt"), "the web root's own file\n").unwrap();
    std::os::unix::fs::symlink("../www/html", site.join("public")).unwrap();
    build(&site);
    rebuild_with(&site, 3, "two");
    std::fs::remove_file(site.join("content/b2.md")).unwrap();
    build(&site);
    let link = site.join("public").symlink_metadata().unwrap();
    assert!(link.file_type().is_symlink(), "the output link was replaced by a folder");
    assert_eq!(std::fs::read_link(site.join("public")).unwrap(), Path::new("../www/html"));
    assert_eq!(std::fs::read_to_string(web.join(".git/HEAD")).unwrap(), "ref: refs/heads/main\n");
    assert_eq!(std::fs::read_to_string(web.join("robots-extra.txt")).unwrap(), "the web root's own file\n");
    assert!(std::fs::read_to_string(web.join("index.html")).unwrap().contains("Site two"));
    assert!(web.join("briefings/b1/index.html").is_file() && !web.join("briefings/b2").exists());
    assert!(leftovers(&site).is_empty() && leftovers(&outer.path().join("www")).is_empty());
    // Through `--output` too, and from a clean build the same bytes.
    let clean = outer.path().join("clean");
    common::build(&["--root", site.to_str().unwrap(), "--output", clean.to_str().unwrap()]);
    let built: Vec<_> =
        common::tree(&web).into_iter().filter(|(p, _)| !p.starts_with(".git") && p != "robots-extra.txt").collect();
    assert_eq!(built, common::tree(&clean).into_iter().collect::<Vec<_>>());
}

#[test]
fn output_folders_that_are_not_a_folder_of_their_own_are_refused_and_nothing_is_touched() {
    let (outer, site) = nested_site("one");
    std::fs::write(site.join("notes.txt"), "the user's notes\n").unwrap();
    std::fs::create_dir_all(site.join("templates")).unwrap();
    let before = listing(outer.path());
    for (out, says) in [
        ("notes.txt", "is a file, not a folder"),
        (".", "is the site folder itself"),
        ("content", "inside `content/`"),
        ("content/briefings", "inside `content/`"),
        ("static", "inside `static/`"),
        ("templates/out", "inside `templates/`"),
        ("..", "holds the site folder"),
    ] {
        for watch in [false, true] {
            let mut cmd = common::bin();
            cmd.current_dir(&site).args(["build", "-o", out]);
            if watch {
                cmd.arg("--watch");
            }
            let res = cmd.output().unwrap();
            let err = String::from_utf8_lossy(&res.stderr);
            assert_eq!(res.status.code(), Some(2), "-o {out} (watch: {watch}): {err}");
            assert!(err.contains(says) && err.contains("--output"), "-o {out}: {err}");
            assert_eq!(listing(outer.path()), before, "-o {out} touched the folder");
        }
    }
}

#[test]
fn a_missing_site_folder_is_an_error_and_is_not_created() {
    let outer = tempfile::tempdir().unwrap();
    let missing = outer.path().join("nosuch");
    for extra in [vec![], vec!["--output".to_string(), outer.path().join("out").display().to_string()]] {
        let res = common::bin().args(["build", "--root", missing.to_str().unwrap()]).args(&extra).output().unwrap();
        let err = String::from_utf8_lossy(&res.stderr);
        assert_eq!(res.status.code(), Some(2), "{err}");
        assert!(err.contains("site folder") && err.contains("does not exist"), "{err}");
        assert_eq!(std::fs::read_dir(outer.path()).unwrap().count(), 0, "something was created: {extra:?}");
    }
}

/// The manifest lines a hostile hand adds: a path above the output folder and an absolute one,
/// both naming files that exist.
fn tamper_manifest(out: &Path, victims: &[&Path]) {
    let mut manifest = std::fs::read_to_string(out.join(".dossier-manifest")).unwrap();
    manifest.push_str("16\t0000000000000001\t../../victim.txt\n");
    manifest.push_str(&format!("16\t0000000000000002\t{}\n", victims[1].display()));
    std::fs::write(out.join(".dossier-manifest"), manifest).unwrap();
}

#[test]
fn a_tampered_manifest_deletes_nothing_outside_the_output_folder() {
    let (outer, site) = nested_site("one");
    let victims = [outer.path().join("victim.txt"), outer.path().join("absolute-victim.txt")];
    for v in &victims {
        std::fs::write(v, "precious, keep\n").unwrap();
    }
    let victim_refs: Vec<&Path> = victims.iter().map(|v| v.as_path()).collect();
    let out = site.join("public");
    build(&site);
    tamper_manifest(&out, &victim_refs);
    // A full build.
    std::fs::remove_file(site.join("content/b2.md")).unwrap();
    let res = common::bin().args(["build", "--root", site.to_str().unwrap()]).output().unwrap();
    let err = String::from_utf8_lossy(&res.stderr);
    assert!(res.status.success(), "{err}");
    assert_eq!(err.matches("warning: ignoring a line of").count(), 2, "{err}");
    assert!(err.contains("`../../victim.txt` is not a path inside the output folder"), "{err}");
    assert!(!out.join("briefings/b2").exists());
    // `build --watch`, which updates the folder in place and removes pages that are gone.
    let watch = preview::Running::start(&["build", "--watch", "--root", site.to_str().unwrap()]);
    watch.wait_line("built into", 0);
    tamper_manifest(&out, &victim_refs);
    let n = watch.lines();
    std::fs::remove_file(site.join("content/b1.md")).unwrap();
    watch.wait_line("built into", n);
    assert!(!out.join("briefings/b1").exists(), "the removed briefing's page is gone");
    let err = watch.wait_err("warning: ignoring a line of", 2);
    assert_eq!(err.matches("warning: ignoring a line of").count(), 2, "{err}");
    for v in &victims {
        assert_eq!(std::fs::read_to_string(v).unwrap(), "precious, keep\n", "{}", v.display());
    }
    assert!(!std::fs::read_to_string(out.join(".dossier-manifest")).unwrap().contains("victim"));
}

#[test]
fn temporary_files_of_an_interrupted_watch_are_cleaned_up_by_the_next_build() {
    let (_outer, site) = nested_site("one");
    build(&site);
    let out = site.join("public");
    // What a `build --watch` killed in the middle of an update leaves: new bytes under a
    // temporary name, a replaced file kept aside, and the name older versions used.
    std::fs::write(out.join("briefings/b1/.~0.dossier-tmp"), "<html>half").unwrap();
    std::fs::write(out.join("briefings/.~1.dossier-tmp-old"), "old bytes").unwrap();
    std::fs::write(out.join("index.html.dossier-tmp"), "<html>half").unwrap();
    std::fs::write(out.join("CNAME"), "briefings.example.org\n").unwrap();
    build(&site);
    let temporary: Vec<String> = listing(&out).into_keys().filter(|p| p.contains("dossier-tmp")).collect();
    assert!(temporary.is_empty(), "kept as the user's files: {temporary:?}");
    assert_eq!(std::fs::read_to_string(out.join("CNAME")).unwrap(), "briefings.example.org\n");
    // The first build of `build --watch` cleans up the same way.
    std::fs::write(out.join("briefings/.~7.dossier-tmp"), "<html>half").unwrap();
    let watch = preview::Running::start(&["build", "--watch", "--root", site.to_str().unwrap()]);
    watch.wait_line("built into", 0);
    assert!(!out.join("briefings/.~7.dossier-tmp").exists());
}

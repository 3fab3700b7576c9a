//! What no content can make Dossier do, checked on the output: name a file outside the output
//! folder, publish a script URL, carry a NUL or a terminal escape into an output file or a
//! report, or read a file outside the site folder through a symbolic link.

use crate::support::{self, write, Site};
use scraper::{Html, Selector};
use std::path::{Path, PathBuf};

/// Every file below `dir` (links not followed), as paths relative to it.
fn tree(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| !e.file_type().is_dir())
        .map(|e| e.path().strip_prefix(dir).expect("below dir").to_path_buf())
        .collect();
    out.sort();
    out
}

/// Run `dossier ARGS` in `root`: (exit code, stdout and stderr).
fn dossier(root: &Path, args: &[&str]) -> (i32, String) {
    let out = support::bin().args(args).current_dir(root).output().expect("run dossier");
    let text = String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    (out.status.code().unwrap_or(-1), text)
}

/// Whether the report has the finding `place: severity[code]`.
fn has(report: &str, place: &str, severity: &str, code: &str) -> bool {
    report.contains(&format!("{place}: {severity}[{code}]"))
}

#[test]
fn no_name_in_the_content_makes_a_page_outside_the_output_folder() {
    // The site sits two folders deep in a scratch folder: `../../../somewhere/x` from its
    // output's `actors/` folder lands in the scratch folder, where the test can look.
    let scratch = tempfile::tempdir().expect("scratch");
    let root = scratch.path().join("a/site");
    write(&root, "content/actors/☕.md", "---\nname: Coffee\n---\n");
    write(
        &root,
        "content/a.md",
        &format!(
            "---\ntitle: A\ndate: 2024-01-01\nslug: ../../x\ntags: [\"{}\"]\nactors:\n  - {{id: ../../../somewhere/x, name: X}}\n  - {{id: \"..\", name: Home}}\n  - {{id: \".\", name: Actors}}\n  - {{id: /abs/x, name: Abs}}\n  - {{id: {}, name: Long}}\n---\nX, Home, Actors, Abs and Long.\n",
            "Tag ".repeat(60),
            "a".repeat(300),
        ),
    );
    let before = tree(scratch.path());
    let (code, report) = dossier(&root, &["build"]);
    assert_eq!(code, 1, "{report}");
    for (place, code) in [
        ("content/a.md:4:7", "bad-slug"),
        ("content/a.md:5:8", "bad-tag"),
        ("content/a.md:7:10", "bad-id"),
        ("content/a.md:8:10", "bad-id"),
        ("content/a.md:9:10", "bad-id"),
        ("content/a.md:10:10", "bad-id"),
        ("content/a.md:11:10", "bad-id"),
        ("content/actors/☕.md", "bad-id"),
    ] {
        assert!(has(&report, place, "error", code), "no {code} at {place}:\n{report}");
    }
    assert_eq!(tree(scratch.path()), before, "the build wrote something");

    // The pages are rendered all the same (as `check` and the preview do): every path stays a
    // plain path below the output folder, and the home page and `/actors/` are made once each.
    let compiled =
        dossier::compile(&dossier::BuildOptions { root: root.clone(), ..Default::default() }).expect("compiles");
    for f in &compiled.files {
        let segments: Vec<&str> = f.path.split('/').collect();
        let plain = segments.iter().all(|s| !s.is_empty() && *s != "." && *s != ".." && s.len() <= 200);
        assert!(plain && !f.path.starts_with('/') && !f.path.contains('\\'), "{}", f.path);
    }
    for page in ["index.html", "actors/index.html"] {
        assert_eq!(compiled.files.iter().filter(|f| f.path == page).count(), 1, "{page}");
    }
}

#[test]
fn names_up_to_the_limit_build_inside_the_output_folder() {
    let s = Site::new();
    let long = "a".repeat(200);
    let korean = "가".repeat(66); // 198 bytes
    s.briefing(
        "a",
        &format!(
            "title: A\ndate: 2024-01-01\nslug: {long}\ntags: [{korean}]\nactors:\n  - {{id: {long}, name: Long}}\n"
        ),
        "Long.\n",
    );
    s.build_ok();
    for rel in [format!("briefings/{long}/"), format!("actors/{long}/"), format!("tags/{korean}/")] {
        assert!(s.read(&rel).contains("<html"), "{rel}");
    }
}

/// Every URL attribute of every page of `files`, with the element's name.
fn urls_of(files: &[dossier::render::OutFile]) -> Vec<(String, &'static str, String)> {
    let sel = Selector::parse("[href], [src], [action], [formaction], [poster], [srcset]").expect("selector");
    let mut out = Vec::new();
    for f in files.iter().filter(|f| f.path.ends_with(".html")) {
        let doc = Html::parse_document(&String::from_utf8_lossy(&f.bytes));
        for el in doc.select(&sel) {
            for attr in ["href", "src", "action", "formaction", "poster", "srcset"] {
                if let Some(v) = el.value().attr(attr) {
                    out.push((format!("{} <{}>", f.path, el.value().name()), attr, v.to_string()));
                }
            }
        }
    }
    out
}

#[test]
fn no_script_url_reaches_a_page() {
    let s = Site::new();
    s.file("content/actors/x.md", "---\nname: X\n---\nSee [my page](JavaScript:alert('bio')).\n");
    let bad = ["javascript:alert(1)", "JaVaScRiPt:alert(1)", "java\\tscript:alert(1)", " \\u0001javascript:alert(1)"];
    for (i, url) in bad.iter().enumerate() {
        s.briefing(
            &format!("s{i}"),
            &format!("title: S{i}\ndate: 2024-01-0{}\nsource: {{name: R, url: \"{url}\"}}\n", i + 1),
            "S.\n",
        );
    }
    s.briefing(
        "body",
        "title: Body\ndate: 2024-02-01\nactors: [x]\n",
        "X said so: [click me](javascript:alert(1)), [tab](<java\tscript:alert(1)>),\n\
         [entity](javascript&#58;alert(1)), <javascript:alert(1)>, [[javascript:alert(1)]],\n\
         ![picture](data:text/html,<script>alert(1)</script>), [ref][r] and [ok](https://example.org/?q=javascript:x).\n\n\
         [r]: vbscript:msgbox(1)\n",
    );
    let (code, report) = dossier(s.root(), &["check"]);
    assert_eq!(code, 1);
    for place in [
        "content/s0.md:4:24",
        "content/s1.md:4:24",
        "content/s2.md:4:24",
        "content/s3.md:4:24",
        "content/actors/x.md:4:5",
        "content/body.md:6:12",
        "content/body.md:6:45",
        "content/body.md:7:1",
        "content/body.md:7:36",
        "content/body.md:8:1",
        "content/body.md:10:1",
    ] {
        assert!(has(&report, place, "error", "bad-url"), "no bad-url at {place}:\n{report}");
    }
    // The pages are rendered all the same (as `check` and the preview do): no URL in them has
    // a scheme other than http(s) or mailto once a browser has read it.
    let compiled = dossier::compile(&s.options()).expect("compiles");
    let base = url::Url::parse("https://example.org/site/briefings/x/").expect("base");
    let urls = urls_of(&compiled.files);
    assert!(urls.iter().any(|(_, _, u)| u == "https://example.org/?q=javascript:x"), "the good link is kept");
    for (at, attr, u) in &urls {
        let parsed = base.join(u).unwrap_or_else(|e| panic!("{at} {attr}={u:?}: {e}"));
        assert!(["http", "https", "mailto"].contains(&parsed.scheme()), "{at} {attr}={u:?}");
    }
    let body = compiled.files.iter().find(|f| f.path == "briefings/body/index.html").expect("body page");
    let text = String::from_utf8_lossy(&body.bytes);
    for words in ["click me", "entity", "picture", "ref"] {
        assert!(text.contains(words), "the link text `{words}` is kept as text");
    }
}

#[test]
fn raw_html_that_can_run_script_is_a_warning_naming_its_line() {
    let s = Site::new();
    s.briefing(
        "a",
        "title: A\ndate: 2024-01-01\n",
        "Plain <b>bold</b> and <a href=\"https://example.org/\">a link</a>.\n\n\
         <div>\n<script>alert(1)</script>\n</div>\n\n\
         An <img src=x onerror=alert(1)> and <a href=\"jav&#x61;script&colon;alert(1)\">y</a>.\n",
    );
    let (code, report) = dossier(s.root(), &["check"]);
    assert_eq!(code, 0, "warnings only:\n{report}");
    for place in ["content/a.md:8:1", "content/a.md:11:15", "content/a.md:11:40"] {
        assert!(has(&report, place, "warning", "unsafe-html"), "no unsafe-html at {place}:\n{report}");
    }
    assert!(report.trim_end().ends_with("0 errors, 3 warnings"), "{report}");
    assert_eq!(dossier(s.root(), &["check", "--strict"]).0, 1);
}

#[test]
fn no_nul_or_control_character_of_the_front_matter_reaches_an_output_file() {
    let s = Site::new();
    let c = "\\0\\e[31m\\a\\uFFFF"; // NUL, ESC, BEL and a noncharacter, as YAML escapes
    s.file("dossier.yaml", &format!("title: \"Site{c}\"\ndescription: \"D{c}\"\nauthor: \"Au{c}\"\n"));
    s.file(
        "content/actors/x.md",
        &format!("---\nname: \"Xavier{c}\"\nrole: \"R{c}\"\naliases: [\"Xa{c}\"]\n---\nBio.\n"),
    );
    s.briefing(
        "a",
        &format!(
            "title: \"Title{c}\"\ndate: 2024-01-01\nsummary: \"Sum{c}\"\nauthor: \"By{c}\"\nsource: {{name: \"Src{c}\", url: \"https://example.org/{c}\"}}\ntags: [\"t{c}\"]\nactors: [x, {{id: y, name: \"Yan{c}\"}}]\nquotes:\n  - {{by: x, text: Xavier spoke, context: \"Ctx{c}\"}}\nquestions:\n  - {{text: \"Why{c}?\", status: answered, answer: \"Ans{c}\"}}\nevents:\n  - {{date: 2023, title: \"Ev{c}\", description: \"Desc{c}\", actors: [y]}}\n"
        ),
        "Xavier spoke to Yan, with a raw\0NUL in the text.\n",
    );
    s.build_ok();
    let files = tree(&s.out());
    assert!(files.len() > 10);
    for rel in &files {
        let bytes = std::fs::read(s.out().join(rel)).expect("read output");
        let text = String::from_utf8_lossy(&bytes);
        assert!(!bytes.iter().any(|&b| b == 0 || b == 0x1b || b == 0x07), "{} carries a control byte", rel.display());
        for escaped in ["\\u0000", "\\u001b", "\\u0007", "\\uffff", "&#0;", "&#x0;", "\u{ffff}"] {
            assert!(!text.to_lowercase().contains(escaped), "{} carries {escaped}", rel.display());
        }
    }
    let home = s.read("");
    assert!(home.contains("Title[31m") && home.contains("Sum[31m"), "the text around is kept");
}

#[test]
fn findings_show_control_characters_of_the_input_escaped() {
    let s = Site::new();
    s.file("content/a.md", "---\ntitle: T\ndate: 2024-01-01\nactors: [\"\\e]0;owned\\a\\e[2J\"]\n---\nx \u{1b}[31m\n");
    s.file("content/b\u{1b}[1m.md", "---\ntitle: \u{1b}[2J\ndate: 2024-13-01\n---\n");
    let human = s.run(&["check"]).stdout;
    let json = s.run(&["check", "--format", "json"]).stdout;
    for out in [&human, &json] {
        assert!(!out.iter().any(|&b| b == 0x1b || b == 0x07), "{}", String::from_utf8_lossy(out));
    }
    let human = String::from_utf8_lossy(&human);
    assert!(human.contains("unknown actor `\\u{1b}]0;owned\\u{7}\\u{1b}[2J`"), "{human}");
    assert!(human.contains("4 | actors: [\"\\e]0;owned"), "the excerpt is the line as written: {human}");
    assert!(human.contains("content/b\\u{1b}[1m.md:2:"), "{human}");
    let json: Vec<serde_json::Value> =
        String::from_utf8_lossy(&json).lines().map(|l| serde_json::from_str(l).expect("a JSON line")).collect();
    assert_eq!(json[0]["message"], "unknown actor `\\u{1b}]0;owned\\u{7}\\u{1b}[2J`");
    assert_eq!(json[1]["file"], "content/b\\u{1b}[1m.md");
}

#[cfg(unix)]
#[test]
fn links_out_of_the_site_are_not_read_or_published_and_links_inside_it_work() {
    use std::os::unix::fs::symlink;
    let scratch = tempfile::tempdir().expect("scratch");
    let (root, outside) = (scratch.path().join("site"), scratch.path().join("outside"));
    write(&outside, "secret.txt", "SECRET-KEY");
    write(&outside, "leak.md", "---\ntitle: LEAKED-TITLE\ndate: 2024-01-01\n---\nLEAKED-BODY\n");
    write(&outside, "base.html", "LEAKED-TEMPLATE {{ x }}");
    write(&root, "content/a.md", "---\ntitle: A\ndate: 2024-01-01\n---\nA.\n");
    write(&root, "drafts/b.md", "---\ntitle: Bee\ndate: 2024-01-02\n---\nB.\n");
    write(&root, "assets/logo.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
    let links = [
        ("static/secret.txt", "../../outside/secret.txt"),
        ("static/all", "../../outside"),
        ("content/leak.md", "../../outside/leak.md"),
        ("content/more", "../../outside"),
        ("templates/base.html", "../../outside/base.html"),
    ];
    for (at, to) in links {
        std::fs::create_dir_all(root.join(at).parent().expect("parent")).expect("mkdir");
        symlink(to, root.join(at)).expect("symlink");
    }
    let (code, report) = dossier(&root, &["check"]);
    assert_eq!(code, 1);
    for (at, _) in links {
        assert!(has(&report, at, "error", "outside-site"), "no outside-site for {at}:\n{report}");
    }
    assert!(!report.contains("LEAKED") && !report.contains("SECRET"), "{report}");
    let compiled =
        dossier::compile(&dossier::BuildOptions { root: root.clone(), ..Default::default() }).expect("compiles");
    assert!(compiled.statics.is_empty(), "{:?}", compiled.statics);
    for f in &compiled.files {
        let text = String::from_utf8_lossy(&f.bytes);
        assert!(!text.contains("LEAKED") && !text.contains("SECRET"), "{} shows what is outside", f.path);
    }

    // Links to places inside the site are the files they name.
    for (at, _) in links {
        std::fs::remove_file(root.join(at)).expect("unlink");
    }
    symlink("../drafts/b.md", root.join("content/b.md")).expect("symlink");
    symlink("../assets", root.join("static/assets")).expect("symlink");
    let (code, report) = dossier(&root, &["build"]);
    assert_eq!(code, 0, "{report}");
    let out = root.join("public");
    assert!(std::fs::read_to_string(out.join("briefings/b/index.html")).expect("b").contains("Bee"));
    assert!(out.join("assets/logo.svg").is_file());
}

#[test]
fn a_new_briefing_with_a_long_title_gets_a_file_name_the_build_accepts() {
    let s = Site::new();
    let out = s.run(&["new", &"Word ".repeat(70)]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let files = tree(&s.root().join("content"));
    assert_eq!(files.len(), 1);
    assert!(files[0].as_os_str().len() <= 200 + ".md".len(), "{}", files[0].display());
    let (code, report) = dossier(s.root(), &["check", "--drafts"]);
    assert_eq!(code, 0, "{report}");
}

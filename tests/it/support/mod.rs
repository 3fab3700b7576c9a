//! Fixture sites for the integration tests: a site folder in a temp dir (written file by file or
//! copied from a folder under `tests/fixtures/`), built or compiled with the library or run
//! through the `dossier` binary, its output read back and its pages parsed as HTML.
//!
//! Helpers own other concerns: `preview` runs `dossier serve` on its own fixture site and
//! speaks HTTP to it; `static_host` serves a built site as a static host would; `webdriver`
//! drives headless Chromium.

pub mod preview;
pub mod search;
pub mod static_host;
pub mod webdriver;

use dossier::diag::Finding;
use dossier::{BuildOptions, BuildReport, Compiled};
use scraper::{Html, Selector};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The `dossier` binary built for the tests.
pub const DOSSIER: &str = env!("CARGO_BIN_EXE_dossier");

/// The `dossier` binary as a command to run.
pub fn bin() -> Command {
    Command::new(DOSSIER)
}

/// The example site of this repository.
pub fn example_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A folder under `tests/fixtures/`.
pub fn fixture(name: &str) -> PathBuf {
    example_root().join("tests/fixtures").join(name)
}

/// Write `text` to `rel` below `root`, making its folders.
pub fn write(root: &Path, rel: &str, text: &str) {
    let p = root.join(rel);
    std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
    std::fs::write(p, text).expect("write fixture");
}

/// A site folder in a temp dir, removed when dropped.
pub struct Site {
    pub dir: tempfile::TempDir,
}

impl Site {
    /// An empty site: a temp folder with an empty `content/`.
    pub fn new() -> Site {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir_all(dir.path().join("content")).expect("content dir");
        Site { dir }
    }

    /// A site with `files` (paths relative to the site root, text).
    pub fn with(files: &[(&str, &str)]) -> Site {
        let s = Site::new();
        for (path, text) in files {
            s.file(path, text);
        }
        s
    }

    /// A site with `dossier.yaml` text `config` and `content/` files (paths relative to
    /// `content/`, text).
    pub fn with_content(config: &str, files: &[(&str, &str)]) -> Site {
        let s = Site::new();
        s.file("dossier.yaml", config);
        for (path, text) in files {
            s.file(&format!("content/{path}"), text);
        }
        s
    }

    /// A copy of `folder` (a fixture folder), so a test never writes into the repository.
    /// Symbolic links are copied as links, never followed: a fixture's link may point out of
    /// the site on purpose.
    pub fn copy_of(folder: &Path) -> Site {
        let s = Site { dir: tempfile::tempdir().expect("temp dir") };
        for entry in walkdir::WalkDir::new(folder).min_depth(1) {
            let entry = entry.expect("walk the fixture");
            let to = s.root().join(entry.path().strip_prefix(folder).expect("below the fixture"));
            let kind = entry.file_type();
            if kind.is_symlink() {
                let target = std::fs::read_link(entry.path()).expect("read link");
                #[cfg(unix)]
                std::os::unix::fs::symlink(target, &to).expect("copy link");
                #[cfg(not(unix))]
                panic!(
                    "{}: fixtures with symbolic links need a unix system ({})",
                    entry.path().display(),
                    target.display()
                );
            } else if kind.is_dir() {
                std::fs::create_dir_all(&to).expect("mkdir");
            } else {
                std::fs::copy(entry.path(), &to).expect("copy fixture file");
            }
        }
        s
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn out(&self) -> PathBuf {
        self.root().join("public")
    }

    /// Write `text` to `rel` (folders created).
    pub fn file(&self, rel: &str, text: &str) -> &Site {
        write(self.root(), rel, text);
        self
    }

    /// A briefing `content/<stem>.md` with front matter `yaml` and `body`.
    pub fn briefing(&self, stem: &str, yaml: &str, body: &str) -> &Site {
        self.file(&format!("content/{stem}.md"), &format!("---\n{yaml}---\n{body}"))
    }

    pub fn options(&self) -> BuildOptions {
        BuildOptions { root: self.root().to_path_buf(), ..Default::default() }
    }

    /// Compile in memory (nothing written): the pages, static files and findings.
    pub fn compile(&self) -> Compiled {
        dossier::compile(&self.options()).expect("compile")
    }

    pub fn build(&self) -> BuildReport {
        dossier::build(&self.options()).expect("build runs")
    }

    /// Build and require success.
    pub fn build_ok(&self) -> BuildReport {
        let r = self.build();
        assert!(!r.findings.has_errors(), "unexpected findings:\n{}", r.findings.render());
        r
    }

    /// The output file at `rel` (a folder path gets `index.html`).
    pub fn read(&self, rel: &str) -> String {
        let mut p = self.out().join(rel);
        if rel.is_empty() || rel.ends_with('/') {
            p = p.join("index.html");
        }
        std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("reading {}: {e}", p.display()))
    }

    pub fn page(&self, rel: &str) -> Html {
        Html::parse_document(&self.read(rel))
    }

    /// Run the `dossier` binary with `args` in the site folder.
    pub fn run(&self, args: &[&str]) -> std::process::Output {
        bin().args(args).current_dir(self.root()).output().expect("run dossier")
    }
}

/// Texts of the elements matching `css`.
pub fn texts(doc: &Html, css: &str) -> Vec<String> {
    let sel = Selector::parse(css).expect("selector");
    doc.select(&sel).map(|e| e.text().collect::<String>().split_whitespace().collect::<Vec<_>>().join(" ")).collect()
}

/// The inner text of the elements matching `css`, as written (a script's content).
pub fn texts_raw(doc: &Html, css: &str) -> Vec<String> {
    let sel = Selector::parse(css).expect("selector");
    doc.select(&sel).map(|e| e.inner_html()).collect()
}

/// `attr` of the elements matching `css`.
pub fn attrs(doc: &Html, css: &str, attr: &str) -> Vec<String> {
    let sel = Selector::parse(css).expect("selector");
    doc.select(&sel).filter_map(|e| e.value().attr(attr).map(str::to_string)).collect()
}

/// Every internal link or image in every HTML file of `out` that does not resolve to a file
/// (a folder needs `index.html`) or to an element id of the target page.
pub fn broken_links(out: &Path) -> Vec<String> {
    let mut broken = Vec::new();
    let a = Selector::parse("a[href], link[href], img[src]").expect("selector");
    for entry in walkdir::WalkDir::new(out).into_iter().flatten() {
        let p = entry.path();
        if p.extension().is_none_or(|e| e != "html") {
            continue;
        }
        let doc = Html::parse_document(&std::fs::read_to_string(p).expect("read page"));
        for el in doc.select(&a) {
            let href = el.value().attr("href").or(el.value().attr("src")).unwrap_or("");
            if href.contains("://") || href.starts_with("mailto:") || href.starts_with("data:") {
                continue;
            }
            let (path, frag) = href.split_once('#').map_or((href, None), |(p, f)| (p, Some(f)));
            let mut target = if path.is_empty() { p.to_path_buf() } else { p.parent().expect("parent").join(path) };
            if path.ends_with('/') || path.is_empty() && target.is_dir() || target.is_dir() {
                target = target.join("index.html");
            }
            let Ok(target) = target.canonicalize() else {
                broken.push(format!("{} -> {href}", p.display()));
                continue;
            };
            if let Some(frag) = frag.filter(|f| !f.is_empty()) {
                let html = std::fs::read_to_string(&target).unwrap_or_default();
                if !html.contains(&format!("id=\"{frag}\"")) {
                    broken.push(format!("{} -> {href} (no #{frag})", p.display()));
                }
            }
        }
    }
    broken
}

/// Run `dossier build` with `args`, asserting success.
pub fn build(args: &[&str]) -> Output {
    let out = bin().arg("build").args(args).output().expect("run dossier");
    assert!(
        out.status.success(),
        "dossier build {args:?} failed:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// Build the example site into `out` with extra `args`.
pub fn build_example(out: &Path, args: &[&str]) -> Output {
    let root = example_root();
    let mut all = vec!["--root", root.to_str().unwrap(), "--output", out.to_str().unwrap()];
    all.extend_from_slice(args);
    build(&all)
}

/// Every file under `dir` (relative `/`-separated path → bytes).
pub fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p.strip_prefix(dir).unwrap().to_string_lossy().replace('\\', "/");
                out.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    out
}

/// The `.html` files of an output folder.
pub fn html_files(dir: &Path) -> Vec<String> {
    tree(dir).into_keys().filter(|p| p.ends_with(".html")).collect()
}

/// The findings of a compile with code `code`.
pub fn findings<'a>(c: &'a Compiled, code: &str) -> Vec<&'a Finding> {
    c.findings.items.iter().filter(|f| f.code == code).collect()
}

/// The parsed HTML of a compiled page (`briefings/x/index.html`).
pub fn page(c: &Compiled, path: &str) -> Html {
    let f = c.files.iter().find(|f| f.path == path).unwrap_or_else(|| panic!("no page {path}"));
    Html::parse_document(std::str::from_utf8(&f.bytes).expect("utf8"))
}

pub fn select<'a>(doc: &'a Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
    let sel = Selector::parse(css).expect("selector");
    doc.select(&sel).collect()
}

pub fn text(e: &scraper::ElementRef) -> String {
    e.text().collect::<String>()
}

/// A briefing file with a front matter block and a body.
pub fn briefing(front: &str, body: &str) -> String {
    format!("---\n{front}\n---\n\n{body}\n")
}

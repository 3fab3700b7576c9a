//! Fixture sites for integration tests: a site folder in a temp dir, built with the library or
//! the `dossier` binary, and its pages parsed as HTML.
#![allow(dead_code)]

use dossier::{BuildOptions, BuildReport};
use scraper::{Html, Selector};
use std::path::{Path, PathBuf};
use std::process::Command;

pub struct Site {
    pub dir: tempfile::TempDir,
}

impl Site {
    pub fn new() -> Site {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir_all(dir.path().join("content")).expect("content dir");
        Site { dir }
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn out(&self) -> PathBuf {
        self.root().join("public")
    }

    /// Write `text` to `rel` (folders created).
    pub fn file(&self, rel: &str, text: &str) -> &Site {
        let p = self.root().join(rel);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(p, text).expect("write fixture");
        self
    }

    /// A briefing `content/<stem>.md` with front matter `yaml` and `body`.
    pub fn briefing(&self, stem: &str, yaml: &str, body: &str) -> &Site {
        self.file(&format!("content/{stem}.md"), &format!("---\n{yaml}---\n{body}"))
    }

    pub fn options(&self) -> BuildOptions {
        BuildOptions { root: self.root().to_path_buf(), ..Default::default() }
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
        Command::new(env!("CARGO_BIN_EXE_dossier")).args(args).current_dir(self.root()).output().expect("run dossier")
    }
}

/// Texts of the elements matching `css`.
pub fn texts(doc: &Html, css: &str) -> Vec<String> {
    let sel = Selector::parse(css).expect("selector");
    doc.select(&sel).map(|e| e.text().collect::<String>().split_whitespace().collect::<Vec<_>>().join(" ")).collect()
}

/// `attr` of the elements matching `css`.
pub fn attrs(doc: &Html, css: &str, attr: &str) -> Vec<String> {
    let sel = Selector::parse(css).expect("selector");
    doc.select(&sel).filter_map(|e| e.value().attr(attr).map(str::to_string)).collect()
}

/// Every internal link target in every HTML file of `out` that does not resolve to a file
/// (a folder needs `index.html`) or to an element id of the target page.
pub fn broken_links(out: &Path) -> Vec<String> {
    let mut broken = Vec::new();
    let a = Selector::parse("a[href], link[href]").expect("selector");
    for entry in walkdir::WalkDir::new(out).into_iter().flatten() {
        let p = entry.path();
        if p.extension().is_none_or(|e| e != "html") {
            continue;
        }
        let doc = Html::parse_document(&std::fs::read_to_string(p).expect("read page"));
        for el in doc.select(&a) {
            let href = el.value().attr("href").unwrap_or("");
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

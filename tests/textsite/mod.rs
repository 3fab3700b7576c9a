//! Fixture sites for the text-aware tests (mentions, quotes, links, check): written into a
//! temporary folder, compiled in memory, pages parsed with `scraper`.
#![allow(dead_code)]

use dossier::diag::Finding;
use dossier::{compile, BuildOptions, Compiled};
use scraper::{Html, Selector};
use std::path::Path;

pub struct Fixture {
    pub dir: tempfile::TempDir,
}

/// A site with the given files (paths relative to the site root).
pub fn site(files: &[(&str, &str)]) -> Fixture {
    let dir = tempfile::tempdir().expect("temp dir");
    for (path, text) in files {
        let p = dir.path().join(path);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(p, text).expect("write");
    }
    Fixture { dir }
}

impl Fixture {
    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn compile(&self) -> Compiled {
        compile(&BuildOptions { root: self.root().to_path_buf(), ..Default::default() }).expect("compile")
    }
}

pub fn findings<'a>(c: &'a Compiled, code: &str) -> Vec<&'a Finding> {
    c.findings.items.iter().filter(|f| f.code == code).collect()
}

/// The parsed HTML of an output page (`briefings/x/index.html`).
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

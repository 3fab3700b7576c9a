//! Every link of every page of the example site resolves, as a browser would resolve it, when
//! the site is hosted under a sub-path and when it is opened from disk (`--portable`).

use crate::support::{self, Site};
use scraper::{Html, Selector};
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use url::Url;

/// How the built site is reached.
enum Host {
    /// Served at this URL (ending in `/`).
    Http(Url),
    /// Opened from disk.
    File,
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            if let Some(v) = std::str::from_utf8(&b[i + 1..i + 3]).ok().and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn ids(file: &Path, cache: &mut HashMap<PathBuf, BTreeSet<String>>) -> BTreeSet<String> {
    cache
        .entry(file.to_path_buf())
        .or_insert_with(|| {
            let doc = Html::parse_document(&std::fs::read_to_string(file).unwrap());
            let sel = Selector::parse("[id], a[name]").unwrap();
            doc.select(&sel)
                .flat_map(|e| [e.value().attr("id"), e.value().attr("name")])
                .flatten()
                .map(str::to_string)
                .collect()
        })
        .clone()
}

/// The file a URL points at in the output folder, `Ok(None)` for an external URL, or why it
/// is broken.
fn target(out: &Path, host: &Host, url: &Url) -> Result<Option<PathBuf>, String> {
    match host {
        Host::Http(base) => {
            if url.origin() != base.origin() {
                return Ok(None);
            }
            let Some(rest) = url.path().strip_prefix(base.path()) else {
                return Err(format!("leaves the site's path {}", base.path()));
            };
            let mut rest = percent_decode(rest);
            if rest.is_empty() || rest.ends_with('/') {
                rest.push_str("index.html");
            }
            Ok(Some(out.join(rest)))
        }
        Host::File => {
            if url.scheme() != "file" {
                return Ok(None);
            }
            let p = url.to_file_path().map_err(|_| "not a file path".to_string())?;
            if !p.starts_with(out) {
                return Err("leaves the output folder".into());
            }
            if p.is_dir() {
                return Err("is a folder, which a browser shows as a file listing from disk".into());
            }
            Ok(Some(p))
        }
    }
}

/// Check every `href` and `src` of every page; returns how many links were checked.
fn check_all(out: &Path, host: &Host) -> usize {
    let sel = Selector::parse("[href], [src]").unwrap();
    let mut cache = HashMap::new();
    let mut broken = Vec::new();
    let mut checked = 0;
    let pages = support::html_files(out);
    for page in pages {
        let page_url = match host {
            Host::Http(base) => base.join(&page).unwrap(),
            Host::File => Url::from_file_path(out.join(&page)).unwrap(),
        };
        let doc = Html::parse_document(&std::fs::read_to_string(out.join(&page)).unwrap());
        for el in doc.select(&sel) {
            for value in [el.value().attr("href"), el.value().attr("src")].into_iter().flatten() {
                let url = match page_url.join(value) {
                    Ok(u) => u,
                    Err(e) => {
                        broken.push(format!("{page}: {value}: {e}"));
                        continue;
                    }
                };
                let file = match target(out, host, &url) {
                    Ok(Some(f)) => f,
                    Ok(None) => continue,
                    Err(why) => {
                        broken.push(format!("{page}: {value} → {url} {why}"));
                        continue;
                    }
                };
                checked += 1;
                if !file.is_file() {
                    broken.push(format!("{page}: {value} → {} does not exist", file.display()));
                    continue;
                }
                if let Some(frag) = url.fragment().filter(|f| !f.is_empty()) {
                    let frag = percent_decode(frag);
                    if file.extension().is_some_and(|e| e == "html") && !ids(&file, &mut cache).contains(&frag) {
                        broken.push(format!("{page}: {value}: no id `{frag}` on the target page"));
                    }
                }
            }
        }
    }
    assert!(broken.is_empty(), "{} broken links:\n{}", broken.len(), broken.join("\n"));
    checked
}

#[test]
fn every_link_resolves_under_a_sub_path() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    support::build_example(&out, &["--base-url", "https://example.org/sub/"]);
    let checked = check_all(&out, &Host::Http(Url::parse("https://example.org/sub/").unwrap()));
    assert!(checked > 500, "only {checked} links checked");
    // Canonical and Open Graph URLs are absolute under the base URL, so they were checked too.
    let home = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(home.contains(r#"<link rel="canonical" href="https://example.org/sub/">"#));
}

#[test]
fn every_link_resolves_from_disk_with_portable() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    support::build_example(&out, &["--portable"]);
    let checked = check_all(&out, &Host::File);
    assert!(checked > 500, "only {checked} links checked");
}

#[test]
fn the_not_found_page_links_from_the_site_root() {
    // Hosts serve 404.html for missing addresses; its links are written from the root, where it is.
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    support::build_example(&out, &["--portable"]);
    let html = std::fs::read_to_string(out.join("404.html")).unwrap();
    assert!(html.contains(r#"href="style.css""#), "stylesheet link of 404.html");
    assert!(html.contains(r#"href="actors/index.html""#));
}

#[test]
fn split_listings_link_their_pages_under_a_sub_path_and_from_disk() {
    let files: Vec<(String, String)> = (0..7)
        .map(|i| {
            let text = format!(
                "---\ntitle: B{i}\ndate: 202{i}-01-01\ntags: [common]\nactors:\n  - {{id: a, name: A}}\n\
                 quotes:\n  - {{by: a, text: Q{i}}}\nquestions:\n  - Q{i}?\nevents:\n  - {{date: 19{i}0, title: E{i}}}\n---\nBody: Q{i}.\n"
            );
            (format!("b{i}.md"), text)
        })
        .collect();
    let refs: Vec<(&str, &str)> = files.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect();
    let site = Site::with_content("title: T\npage_size: 2\n", &refs);
    let root = site.root().to_str().unwrap();
    let sub = site.root().join("sub");
    support::build(&["--root", root, "--output", sub.to_str().unwrap(), "--base-url", "https://example.org/sub/"]);
    assert!(sub.join("page/4/index.html").is_file() && sub.join("tags/common/page/2/index.html").is_file());
    let checked = check_all(&sub, &Host::Http(Url::parse("https://example.org/sub/").unwrap()));
    let disk = site.root().join("disk");
    support::build(&["--root", root, "--output", disk.to_str().unwrap(), "--portable"]);
    // From disk, canonical URLs are external (not checked), so fewer links count.
    assert!(checked > 300 && check_all(&disk, &Host::File) > 300);
    let pager = std::fs::read_to_string(disk.join("page/2/index.html")).unwrap();
    assert!(
        pager.contains(r#"href="../3/index.html""#) || pager.contains(r#"href="../../page/3/index.html""#),
        "{pager}"
    );
}

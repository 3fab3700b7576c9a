//! Stage 1, load: read the site folder from disk. This is the only stage that reads files.
//!
//! It walks `content/`, splits each markdown file into front matter and body, and reads the
//! front matter into `Raw*` structs. It also lists `templates/` and `static/`, and the other
//! files of `content/` (images and documents published with briefings, `files`). Problems in
//! the content become findings; only a missing site folder or `content/` stops it.
//!
//! Nothing outside the site folder is read: a symbolic link (in `content/`, `templates/` or
//! `static/`, or one of those folders, or `dossier.yaml`) that resolves outside it is an
//! `outside-site` finding and is skipped, so a cloned site cannot publish `~/.ssh` through
//! `static/keys -> ~/.ssh`. A link to elsewhere inside the site works as the file it names.

mod fields;
pub mod files;
pub mod frontmatter;
pub mod locate;
pub mod raw;
mod shape;
pub mod text;
pub mod yaml;

use crate::diag::{display_path, line_col, Finding, Findings};
use anyhow::{bail, Context as _, Result};
use locate::{Failures, Locator};
use raw::{RawBriefing, RawProfile};
use rayon::prelude::*;
use std::path::{Path, PathBuf};

/// A markdown file of `content/`, split and read.
#[derive(Debug, Clone)]
pub struct Document {
    /// Path relative to the site root, `/`-separated (`content/briefings/pact.md`).
    pub file: String,
    /// File name without extension: the default slug or actor id.
    pub stem: String,
    /// The whole normalised text (LF line endings, no BOM), shared with the model's briefing
    /// (which keeps the body without copying it).
    pub text: std::sync::Arc<str>,
    /// XXH3 of `text`: what the file says, in 128 bits.
    pub digest: u128,
    /// Byte offset and 1-based line of the body in `text`.
    pub body_offset: usize,
    pub body_line: usize,
    /// Where each front matter value stands, and which failed.
    pub loc: Locator,
    pub front: Front,
}

impl Document {
    pub fn body(&self) -> &str {
        &self.text[self.body_offset..]
    }
}

/// What a document's front matter says, by kind of document.
#[derive(Debug, Clone)]
pub enum Front {
    /// Shared: documents are cloned out of the cache of rebuilds.
    Briefing(std::sync::Arc<RawBriefing>),
    Profile(RawProfile),
    /// A source profile (`content/sources/<id>.md`).
    SourceProfile(raw::RawSourceProfile),
    /// The front matter could not be read (its findings say why).
    Unreadable,
}

/// A file of `templates/` that overrides or adds to the built-in theme.
#[derive(Debug, Clone)]
pub struct TemplateFile {
    pub name: String,
    pub file: String,
    pub text: String,
}

/// A file of `static/`, copied as is.
#[derive(Debug, Clone)]
pub struct StaticFile {
    /// Output path relative to the output folder, `/`-separated.
    pub out: String,
    pub path: PathBuf,
}

/// Everything read from the site folder.
#[derive(Debug, Clone, Default)]
pub struct Sources {
    pub config_text: Option<String>,
    pub docs: Vec<Document>,
    /// The files of `content/` that are not markdown, sorted by path.
    pub files: Vec<files::ContentFile>,
    pub templates: Vec<TemplateFile>,
    pub statics: Vec<StaticFile>,
}

/// Files an editor or a sync tool leaves behind, never content.
pub fn is_ignored_name(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name.starts_with('#')
}

/// The outcome of reading one document: the document and its findings, or one finding.
pub type ReadResult = Result<(Document, Vec<Finding>), Finding>;

/// Read the site at `root`.
#[allow(clippy::result_large_err)] // a document's one finding is a value the caller reports
pub fn load(root: &Path, findings: &mut Findings) -> Result<Sources> {
    let content = root.join("content");
    load_with(root, findings, &|p| read_document(root, &content, p))
}

/// Read the site at `root`, getting each markdown file of `content/` from `read` (given its
/// path), which reads it with `read_document` or recalls what that gave before.
#[allow(clippy::result_large_err)]
pub fn load_with(root: &Path, findings: &mut Findings, read: &(dyn Fn(&Path) -> ReadResult + Sync)) -> Result<Sources> {
    if !root.is_dir() {
        bail!("site folder `{}` does not exist", root.display());
    }
    let content = root.join("content");
    if !content.is_dir() {
        bail!(
            "no `content/` folder in `{}`: a site needs its briefings in `content/` (run `dossier init` to start one)",
            root.display()
        );
    }
    // Where links must stay: the site folder as the file system names it.
    let site = root.canonicalize().with_context(|| format!("reading `{}`", root.display()))?;
    let config_path = root.join("dossier.yaml");
    let config_text = match confined(&site, root, &config_path, findings).then(|| std::fs::read(&config_path)) {
        None => None,
        Some(read) => match read {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(t) => Some(frontmatter::normalize(&t)),
                Err(e) => {
                    findings.push(not_utf8("dossier.yaml", e.as_bytes(), e.utf8_error().valid_up_to()));
                    None
                }
            },
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => return Err(e).context("reading dossier.yaml"),
        },
    };

    let is_md = |p: &Path| p.extension().is_some_and(|e| e == "md");
    let (md_files, others): (Vec<PathBuf>, Vec<PathBuf>) =
        walk(&site, root, &content, findings, |_| true).into_iter().partition(|p| is_md(p));
    let docs: Vec<ReadResult> = md_files.par_iter().map(|p| read(p)).collect();
    let files = others.into_par_iter().map(|p| files::read(display_path(root, &p), p)).collect();
    let mut out = Sources { config_text, files, ..Default::default() };
    for d in docs {
        match d {
            Ok((doc, found)) => {
                findings.extend(found);
                out.docs.push(doc);
            }
            Err(f) => findings.push(f),
        }
    }

    let templates_dir = root.join("templates");
    let is_template = |p: &Path| p.extension().is_some_and(|e| e == "html" || e == "xml");
    for p in walk(&site, root, &templates_dir, findings, is_template) {
        let file = display_path(root, &p);
        match std::fs::read(&p).map(String::from_utf8) {
            Ok(Ok(text)) => out.templates.push(TemplateFile { name: display_path(&templates_dir, &p), file, text }),
            Ok(Err(e)) => findings.push(not_utf8(&file, e.as_bytes(), e.utf8_error().valid_up_to())),
            Err(e) => findings.push(Finding::error(&file, "unreadable", format!("cannot read template: {e}"))),
        }
    }
    let static_dir = root.join("static");
    for p in walk(&site, root, &static_dir, findings, |_| true) {
        out.statics.push(StaticFile { out: display_path(&static_dir, &p), path: p });
    }
    Ok(out)
}

/// Whether `path` (a symbolic link or not) stays inside the site folder `site` (canonical);
/// if not, an `outside-site` finding. A link that leads nowhere is left to the reader's error.
fn confined(site: &Path, root: &Path, path: &Path, findings: &mut Findings) -> bool {
    if !path.is_symlink() {
        return true;
    }
    match path.canonicalize() {
        Ok(target) if !target.starts_with(site) => {
            let at = display_path(root, path);
            findings.push(
                Finding::error(
                    &at,
                    "outside-site",
                    format!(
                        "`{at}` is a symbolic link to `{}`, outside the site folder; it is not read or published",
                        target.display()
                    ),
                )
                .hint("copy what it links to into the site folder, or link to a place inside it"),
            );
            false
        }
        _ => true,
    }
}

/// Files below `dir` (if it exists) that `keep` accepts, sorted, skipping hidden and backup files
/// and links out of the site folder `site` (canonical; `root` as given, for display). Walk
/// errors (a symlink loop, an unreadable folder) become findings.
fn walk(site: &Path, root: &Path, dir: &Path, findings: &mut Findings, keep: impl Fn(&Path) -> bool) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if !dir.is_dir() || !confined(site, root, dir, findings) {
        return out;
    }
    // Siblings share their parent's path, so comparing whole paths byte by byte orders them by
    // file name, as `sort_by_file_name` would, without taking each path apart.
    let walker =
        walkdir::WalkDir::new(dir).follow_links(true).sort_by(|a, b| a.path().as_os_str().cmp(b.path().as_os_str()));
    let walker = walker.into_iter();
    let mut walker = walker.filter_entry(|e| e.depth() == 0 || !is_ignored_name(&e.file_name().to_string_lossy()));
    while let Some(entry) = walker.next() {
        match entry {
            // Only links cost a look at where they lead.
            Ok(e) if e.path_is_symlink() && !confined(site, root, e.path(), findings) => {
                if e.file_type().is_dir() {
                    walker.skip_current_dir();
                }
            }
            Ok(e) if e.file_type().is_file() && keep(e.path()) => out.push(e.into_path()),
            Ok(_) => {}
            // A link to a parent of the site is a loop to walkdir, but first it leads outside.
            Err(e) if e.path().is_some_and(|p| !confined(site, root, p, findings)) => {}
            Err(e) => {
                let at = e.path().map(|p| display_path(root, p)).unwrap_or_else(|| display_path(root, dir));
                let msg = if e.loop_ancestor().is_some() {
                    "symbolic link loop: this folder links back to one of its parents; it was skipped".to_string()
                } else {
                    format!("cannot read: {}", e.io_error().map_or_else(|| e.to_string(), ToString::to_string))
                };
                findings.push(Finding::error(&at, "unreadable", msg));
            }
        }
    }
    out
}

/// The largest markdown file read. Building a 50 MB briefing takes over a gigabyte of memory
/// (body, rendered HTML, search words and export all hold a copy); no real briefing comes near
/// this, and the limit keeps one stray data dump from taking the machine down.
pub const MAX_DOCUMENT_BYTES: u64 = 10_000_000;

enum ReadError {
    Io(std::io::Error),
    TooLarge(u64),
}

/// Read a file of at most `MAX_DOCUMENT_BYTES`, never more (a file still growing, or a special
/// file that never ends, cannot exhaust memory).
fn read_bounded(path: &Path) -> Result<Vec<u8>, ReadError> {
    use std::io::Read as _;
    let file = std::fs::File::open(path).map_err(ReadError::Io)?;
    let len = file.metadata().map_err(ReadError::Io)?.len();
    if len > MAX_DOCUMENT_BYTES {
        return Err(ReadError::TooLarge(len));
    }
    let mut bytes = Vec::with_capacity(len as usize);
    file.take(MAX_DOCUMENT_BYTES + 1).read_to_end(&mut bytes).map_err(ReadError::Io)?;
    if bytes.len() as u64 > MAX_DOCUMENT_BYTES {
        return Err(ReadError::TooLarge(bytes.len() as u64));
    }
    Ok(bytes)
}

fn not_utf8(file: &str, bytes: &[u8], valid_up_to: usize) -> Finding {
    let valid = String::from_utf8_lossy(&bytes[..valid_up_to]);
    let (line, col) = line_col(&valid, valid.len());
    let shown = String::from_utf8_lossy(bytes);
    Finding::error(file, "not-utf8", format!("the file is not valid UTF-8 (byte 0x{:02x})", bytes[valid_up_to]))
        .at(&shown, line, col)
        .hint("save the file as UTF-8")
}

/// Read, split and parse one markdown file. A file that cannot be read or split at all is one
/// finding; otherwise the document comes with the findings of its front matter.
#[allow(clippy::result_large_err)] // the error is a finding, a value the caller reports
pub fn read_document(root: &Path, content: &Path, path: &Path) -> Result<(Document, Vec<Finding>), Finding> {
    let file = display_path(root, path);
    let bytes = read_bounded(path).map_err(|e| match e {
        ReadError::Io(e) => Finding::error(&file, "unreadable", format!("cannot read file: {e}")),
        ReadError::TooLarge(n) => Finding::error(
            &file,
            "too-large",
            format!(
                "the file is {:.1} MB; a markdown file may be at most {} MB",
                n as f64 / 1e6,
                MAX_DOCUMENT_BYTES / 1_000_000
            ),
        )
        .hint("split it into several briefings, or move data into `static/`"),
    })?;
    let text = String::from_utf8(bytes).map_err(|e| not_utf8(&file, e.as_bytes(), e.utf8_error().valid_up_to()))?;
    let text = frontmatter::normalize(&text);
    let is_profile = path.parent().is_some_and(|p| p == content.join("actors"));
    let is_source = path.parent().is_some_and(|p| p == content.join("sources"));
    let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let split = match frontmatter::split(&text) {
        Ok(s) => (s.yaml_line, s.body_offset, s.body_line, s.yaml.to_string()),
        Err(e) => {
            let finding = split_finding(&file, &text, e, is_profile, is_source);
            return match unread_profile(is_profile, is_source) {
                Some((front, failed)) => Ok((placeholder(file, stem, text, front, failed), vec![finding])),
                None => Err(finding),
            };
        }
    };
    let (yaml_line, body_offset, body_line, yaml) = split;
    // The body as every output can carry it (front matter strings are cleaned by the model).
    let text = match text::body(&text[body_offset..]) {
        std::borrow::Cow::Borrowed(_) => text,
        std::borrow::Cow::Owned(body) => text[..body_offset].to_string() + &body,
    };
    let loc = Locator::new(&yaml, yaml_line);
    let mut findings = Vec::new();
    let front = if is_profile {
        yaml::parse_yaml::<RawProfile>(&yaml, &file, &text, &loc, yaml_line, &mut findings)
            .map(|(p, failed)| (Front::Profile(p), failed))
    } else if is_source {
        yaml::parse_yaml::<raw::RawSourceProfile>(&yaml, &file, &text, &loc, yaml_line, &mut findings)
            .map(|(s, failed)| (Front::SourceProfile(s), failed))
    } else {
        yaml::parse_yaml::<RawBriefing>(&yaml, &file, &text, &loc, yaml_line, &mut findings)
            .map(|(b, failed)| (Front::Briefing(std::sync::Arc::new(b)), failed))
    };
    // A profile whose front matter cannot be read still defines its id (the file name), as
    // one whose required field failed: what cites or names it is not also an error.
    let (front, failed) = front
        .unwrap_or_else(|| unread_profile(is_profile, is_source).unwrap_or((Front::Unreadable, Default::default())));
    let loc = loc.with_failures(failed);
    let digest = xxhash_rust::xxh3::xxh3_128(text.as_bytes());
    let text = std::sync::Arc::from(text);
    Ok((Document { file, stem, text, digest, body_offset, body_line, loc, front }, findings))
}

/// A profile (`is_profile`: an actor's, `is_source`: a source's) whose front matter cannot be
/// read or split still defines its id (the file name), as one whose required field failed:
/// what cites or names it is not also an error. `None` for a briefing.
fn unread_profile(is_profile: bool, is_source: bool) -> Option<(Front, Failures)> {
    let failed = |field: &str| Failures::new([field.to_string()], Vec::new());
    match (is_profile, is_source) {
        (true, _) => Some((Front::Profile(RawProfile::default()), failed("name"))),
        (_, true) => Some((Front::SourceProfile(Default::default()), failed("title"))),
        _ => None,
    }
}

/// The document of a profile whose front matter cannot be split from its body: its id and
/// nothing else (no body, as nothing of the file can be told apart).
fn placeholder(file: String, stem: String, text: String, front: Front, failed: Failures) -> Document {
    let digest = xxhash_rust::xxh3::xxh3_128(text.as_bytes());
    let body_line = text.lines().count() + 1;
    let body_offset = text.len();
    let loc = Locator::new("", 1).with_failures(failed);
    Document { file, stem, text: std::sync::Arc::from(text), digest, body_offset, body_line, loc, front }
}

/// The finding for front matter that cannot be split from the body.
fn split_finding(file: &str, text: &str, e: frontmatter::SplitError, is_profile: bool, is_source: bool) -> Finding {
    match e {
        frontmatter::SplitError::Missing => {
            let what =
                if text.trim().is_empty() { "the file is empty" } else { "the file does not start with front matter" };
            Finding::error(
                file,
                "no-front-matter",
                format!("{what}; expected a `---` line, then YAML such as `title: …`, then `---`"),
            )
            .at(text, 1, 1)
            .hint(if is_profile {
                "an actor profile needs at least `name:`"
            } else if is_source {
                "a source profile needs at least `title:`"
            } else {
                "a briefing needs at least `title:` and `date:`"
            })
        }
        frontmatter::SplitError::Unterminated => {
            Finding::error(file, "unterminated-front-matter", "front matter opened with `---` is never closed")
                .at(text, 1, 1)
                .hint("add a `---` line after the last front matter field")
        }
    }
}

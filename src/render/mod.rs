//! Stage 4, render: the model → the bytes of every output file, in memory. Render never reads
//! or writes files; `write` puts its result on disk.
//!
//! Pages are planned first (`pages::plan`); then each page's typed model is built and its
//! template rendered, in parallel, beside the files for machines (feed, sitemap, search index,
//! data export). Everything render makes is a function of a typed value that derives `Hash`
//! (`key`): a page of its model, a part of the search index or of the export of its items.
//! Render keeps nothing between builds; a caller that does can ask for keys and skip what it
//! already has (`Made`).

pub mod annotate;
pub mod deferred;
pub mod escape;
pub mod export;
pub mod feed;
pub mod figure;
pub mod highlight;
pub mod key;
pub mod layout;
pub mod markdown;
pub mod pages;
pub mod pictures;
pub mod provenance;
pub mod search;
pub mod sitemap;
pub mod structured;
pub mod svg;
pub mod templates;
pub mod text;
pub mod views;
pub mod xml;

use crate::diag::Finding;
use crate::model::Site;
use key::Key;
use pages::{Plan, Planned};
use rayon::prelude::*;
use std::sync::Arc;
use templates::Theme;

/// The theme's own assets, written unless the site's `static/` has a file of the same name.
pub const ASSETS: &[(&str, &str)] =
    &[("style.css", include_str!("../../static/style.css")), ("search.js", include_str!("../../static/search.js"))];

/// The files `machine_files` makes (feeds are planned, see `Plan::files`).
pub const MACHINE_FILES: &[&str] = &[sitemap::PATH, sitemap::ROBOTS, search::PATH, export::PATH, export::SCHEMA_PATH];

/// One output file: its path in the output folder (`/`-separated) and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutFile {
    pub path: String,
    /// Shared by reference count: a preview's snapshot and a rebuild's output hold the same
    /// bytes.
    pub bytes: Arc<Vec<u8>>,
}

/// Where files go as they are rendered, when they are not kept in memory (a full build writes
/// them straight into the staging folder). The sink owns its errors.
pub type Sink<'a> = dyn Fn(OutFile) + Sync + 'a;

/// A part of a machine file and the key of what it is made from (`None` when no key was asked
/// for, see `Made`).
pub type Part = (Option<Key>, Arc<Vec<u8>>);

/// A part of a machine file with the key of what it is made from.
pub type Keyed = (Key, Arc<Vec<u8>>);

/// The search index and the parts of the data export a render made, with their keys, in
/// order (see `Known`).
pub struct Parts {
    pub search: search::Index,
    pub export: Vec<Keyed>,
}

/// What a caller already made, by key: parts of the data export (`Made`) and chunks of the
/// search index that a rebuild kept from the last build. A full build knows nothing (`None`)
/// and takes no keys.
pub struct Known<'a> {
    pub parts: &'a (dyn Fn(Key) -> Option<Arc<Vec<u8>>> + Sync),
    pub chunks: &'a (dyn Fn(Key) -> Option<Arc<search::Chunk>> + Sync),
}

/// Parts of the data export a caller already made, by key.
pub type Made<'a> = Option<&'a (dyn Fn(Key) -> Option<Arc<Vec<u8>>> + Sync)>;

/// The key of a page: its template set, its template and everything its template sees.
pub fn key(site: &Site, theme: &Theme, plan: &Plan, page: &Planned) -> Key {
    Key::of(&(theme.fingerprint, plan.key(site, page)))
}

/// The key of every file of the plan (`Plan::files`): the pages', then the feeds'.
pub fn keys(site: &Site, theme: &Theme, plan: &Plan) -> Vec<Key> {
    let mut keys: Vec<Key> = plan.pages.par_iter().map(|p| key(site, theme, plan, p)).collect();
    keys.extend(feed_keys(site, plan));
    keys
}

/// The key of each feed of the plan.
pub fn feed_keys(site: &Site, plan: &Plan) -> Vec<Key> {
    plan.feeds.par_iter().map(|f| feed::key(site, f)).collect()
}

/// The most pages one core renders without letting an idle core take some (see `render`).
const STEAL: usize = 16;

/// Render one page (a template error is a finding).
#[allow(clippy::result_large_err)] // the error is a finding, a value the caller reports
pub fn page(site: &Site, theme: &Theme, plan: &Plan, page: &Planned) -> Result<OutFile, Finding> {
    let html = theme.render(page.kind.template, &plan.context(site, page))?;
    Ok(OutFile { path: page.file(), bytes: Arc::new(html.into_bytes()) })
}

/// Render every page and feed of `plan` whose index in `Plan::files` `wanted` accepts, and the
/// machine files, in parallel; each file goes to `sink` as soon as it is made. Template errors
/// are findings (one per template and message). With `known`, the chunks of the search index
/// and the parts of the export come from it where their keys match, and the parts made come
/// back with their keys.
pub fn render(
    site: &Site,
    theme: &Theme,
    plan: &Plan,
    wanted: &(dyn Fn(usize) -> bool + Sync),
    known: Option<&Known>,
    sink: &Sink,
) -> (Vec<Finding>, Parts) {
    // The machine files are built beside the pages, not after them, so neither core idles at
    // the end of a build.
    let (errors, parts) = rayon::join(
        || {
            // Pages differ in cost (a year of the timeline against a tag of three briefings),
            // and the other core is busy with the machine files for most of the build: rayon
            // stops splitting a run of work that no idle thread took, so a run could be left
            // to one core at the end. Runs of at most `STEAL` pages stay open to stealing.
            let errors: Vec<Finding> = plan
                .pages
                .par_iter()
                .with_max_len(STEAL)
                .enumerate()
                .filter(|(i, _)| wanted(*i))
                .filter_map(|(_, p)| match page(site, theme, plan, p) {
                    Ok(f) => {
                        sink(f);
                        None
                    }
                    Err(f) => Some(f),
                })
                .collect();
            errors
        },
        || {
            let pages = plan.pages.len();
            let ((files, parts), feeds) = rayon::join(
                || machine_files(site, plan, known),
                || feed::render(site, &plan.feeds, &|i| wanted(pages + i)),
            );
            files.into_iter().chain(feeds).for_each(sink);
            parts
        },
    );
    for (name, text) in ASSETS {
        sink(OutFile { path: name.to_string(), bytes: Arc::new(text.as_bytes().to_vec()) });
    }
    let mut findings = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for f in errors {
        if seen.insert((f.file.clone(), f.line, f.message.clone())) {
            findings.push(f);
        }
    }
    (findings, parts)
}

/// The files for machines rather than readers but the feeds: sitemap, robots.txt, search
/// index and data export. `base_url` makes their URLs absolute; the search index's stay
/// relative.
pub fn machine_files(site: &Site, plan: &Plan, known: Option<&Known>) -> (Vec<OutFile>, Parts) {
    let ((sitemap, robots), (search, (export, exported))) = rayon::join(
        || (sitemap::sitemap(site, plan), sitemap::robots(site)),
        || {
            rayon::join(
                || search::index(site, &plan.lists, known.map(|k| k.chunks)),
                || export::export(site, &plan.lists, known.map(|k| k.parts)),
            )
        },
    );
    let mut out = vec![sitemap, robots];
    out.extend(search.files());
    out.extend(export);
    (out, Parts { search, export: exported })
}

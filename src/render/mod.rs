//! Stage 4, render: the model → the bytes of every output file, in memory. Render never reads
//! or writes files; `write` puts its result on disk.
//!
//! Pages are planned first (`pages::plan`), then each page's context is built and its template
//! rendered in parallel. The output list is sorted by path, so it is the same on every run.

pub mod annotate;
pub mod cache;
pub mod export;
pub mod feed;
pub mod highlight;
pub mod layout;
pub mod markdown;
pub mod pages;
pub mod pictures;
pub mod search;
pub mod sitemap;
pub mod svg;
pub mod templates;
pub mod text;
pub mod views;
pub mod xml;

use crate::diag::Finding;
use crate::model::Site;
use cache::{PageCache, PageKey};
use layout::Urls;
use rayon::prelude::*;
use std::collections::BTreeMap;
use templates::Theme;

/// The theme's own assets, written unless the site's `static/` has a file of the same name.
pub const ASSETS: &[(&str, &str)] =
    &[("style.css", include_str!("../../static/style.css")), ("search.js", include_str!("../../static/search.js"))];

/// One output file: its path in the output folder (`/`-separated) and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// Options that change the output but not the model.
#[derive(Debug, Clone, Copy, Default)]
pub struct RenderOptions {
    /// Link folders as `…/index.html` so the site can be opened from disk.
    pub portable: bool,
}

/// Where pages go as they are rendered, when they are not kept in memory (a full build writes
/// them straight into the staging folder). The sink owns its errors.
pub type Sink<'a> = dyn Fn(&OutFile) + Sync + 'a;

/// Render every page of `site`. Template errors are findings (one per template and message).
pub fn render(
    site: &Site,
    theme: &Theme,
    texts: &BTreeMap<String, String>,
    opts: RenderOptions,
    findings: &mut Vec<Finding>,
) -> Vec<OutFile> {
    render_with(site, theme, texts, opts, findings, None, None)
}

/// A rendered page, and (with a cache) its key and whether its bytes came from the cache.
type Rendered = Result<(OutFile, Option<(PageKey, bool)>), Finding>;

/// `render`, taking pages whose key did not change from `cache` (and refreshing it). With a
/// `sink`, every file is handed to it as soon as it is rendered and the returned list keeps
/// only the paths (empty bytes).
pub fn render_with(
    site: &Site,
    theme: &Theme,
    texts: &BTreeMap<String, String>,
    opts: RenderOptions,
    findings: &mut Vec<Finding>,
    mut cache: Option<&mut PageCache>,
    sink: Option<&Sink>,
) -> Vec<OutFile> {
    let pass = |mut f: OutFile| -> OutFile {
        if let Some(sink) = sink {
            sink(&f);
            f.bytes = Vec::new();
        }
        f
    };
    let plan = pages::plan(site, Urls { portable: opts.portable });
    let fingerprint = cache.as_ref().map(|_| cache::theme_fingerprint(texts));
    let lookup = cache.as_deref();
    let results: Vec<Rendered> = plan
        .specs
        .par_iter()
        .map(|spec| {
            let path = pages::path(site, &plan, spec);
            let value = pages::context(site, &plan, spec, &path);
            let template = pages::template(spec);
            let file = if path.ends_with('/') || path.is_empty() { format!("{path}index.html") } else { path };
            let key = fingerprint.and_then(|fp| PageKey::of(fp, template, &value));
            if let Some(bytes) = key.and_then(|k| lookup?.get(&file, k)) {
                return Ok((OutFile { path: file, bytes: bytes.to_vec() }, key.map(|k| (k, true))));
            }
            let ctx = pages::to_context(value);
            let html = theme.render(template, &ctx).map_err(|e| theme.finding(&e, texts))?;
            Ok((pass(OutFile { path: file, bytes: html.into_bytes() }), key.map(|k| (k, false))))
        })
        .collect();
    let results = record(results, cache.as_deref_mut(), findings);
    let mut out = Vec::with_capacity(results.len() + ASSETS.len());
    out.extend(results);
    out.extend(machine_files(site, &plan).into_iter().map(pass));
    for (name, text) in ASSETS {
        out.push(pass(OutFile { path: name.to_string(), bytes: text.as_bytes().to_vec() }));
    }
    out.sort_by(|a, b| a.path.cmp(&b.path));
    out
}

/// Split results into pages and findings (one per template and message), and refresh the cache.
fn record(results: Vec<Rendered>, cache: Option<&mut PageCache>, findings: &mut Vec<Finding>) -> Vec<OutFile> {
    let mut out = Vec::with_capacity(results.len());
    let mut keys = Vec::new();
    let mut seen_errors = std::collections::HashSet::new();
    for r in results {
        match r {
            Ok((f, key)) => {
                if let Some((k, hit)) = key {
                    keys.push((f.path.clone(), k, (!hit).then(|| f.bytes.clone())));
                }
                out.push(f);
            }
            Err(f) => {
                if seen_errors.insert((f.file.clone(), f.line, f.message.clone())) {
                    findings.push(f);
                }
            }
        }
    }
    if let Some(cache) = cache {
        cache.commit(keys);
    }
    out
}

/// The files for machines rather than readers: feed, sitemap, robots.txt, search index and
/// data export. `base_url` makes their URLs absolute; the search index's stay relative.
fn machine_files(site: &Site, plan: &pages::Plan) -> Vec<OutFile> {
    let mut out = vec![
        feed::atom(site),
        sitemap::sitemap(site, plan),
        sitemap::robots(site),
        search::index(site, plan.urls, &plan.timeline_paths),
    ];
    out.extend(export::export(site, &plan.timeline_paths));
    out
}

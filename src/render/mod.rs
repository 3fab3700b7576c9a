//! Stage 4, render: the model → the bytes of every output file, in memory. Render never reads
//! or writes files; `write` puts its result on disk.
//!
//! Pages are planned first (`pages::plan`), then each page's context is built and its template
//! rendered in parallel. The output list is sorted by path, so it is the same on every run.

pub mod annotate;
pub mod cache;
pub mod digest;
pub mod export;
pub mod feed;
pub mod highlight;
pub mod layout;
pub mod markdown;
pub mod memo;
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
    /// Shared by reference count: the page cache and the preview's snapshot hold the same bytes.
    pub bytes: std::sync::Arc<Vec<u8>>,
}

/// Where pages go as they are rendered, when they are not kept in memory (a full build writes
/// them straight into the staging folder). The sink owns its errors.
pub type Sink<'a> = dyn Fn(&OutFile) + Sync + 'a;

/// The output file of a page and its template context.
fn page_value(site: &Site, plan: &pages::Plan, spec: &pages::Spec, memo: Option<memo::Use>) -> (String, tera::Value) {
    let path = pages::path(site, plan, spec);
    let value = pages::context(site, plan, spec, &path, memo);
    let file = if path.ends_with('/') || path.is_empty() { format!("{path}index.html") } else { path };
    (file, value)
}

#[allow(clippy::result_large_err)] // the error is a finding, a value the caller reports
fn render_value(
    theme: &Theme,
    texts: &BTreeMap<String, String>,
    template: &str,
    value: tera::Value,
) -> Result<String, Finding> {
    theme.render(template, &pages::to_context(value)).map_err(|e| theme.finding(&e, texts))
}

/// Render one page of `plan` (a template error is a finding).
#[allow(clippy::result_large_err)]
pub fn page(
    site: &Site,
    theme: &Theme,
    texts: &BTreeMap<String, String>,
    plan: &pages::Plan,
    spec: &pages::Spec,
) -> Result<OutFile, Finding> {
    let (path, value) = page_value(site, plan, spec, None);
    let html = render_value(theme, texts, pages::template(spec), value)?;
    Ok(OutFile { path, bytes: html.into_bytes().into() })
}

/// A rendered page, and (with a cache) its key and whether its bytes came from the cache.
/// (A finding is large; boxed, it keeps every page's result small.)
type Rendered = Result<(OutFile, Option<(PageKey, bool)>), Box<Finding>>;

/// `render`, taking pages whose key did not change from `cache` (and refreshing it). With a
/// `sink`, every file is handed to it as soon as it is rendered and the returned list keeps
/// only the paths (empty bytes).
pub fn render_with(
    site: &Site,
    theme: &Theme,
    texts: &BTreeMap<String, String>,
    plan: &pages::Plan,
    findings: &mut Vec<Finding>,
    mut cache: Option<&mut PageCache>,
    sink: Option<&Sink>,
) -> Vec<OutFile> {
    let pass = |mut f: OutFile| -> OutFile {
        if let Some(sink) = sink {
            sink(&f);
            f.bytes = Default::default();
        }
        f
    };
    let fingerprint = cache.as_ref().map(|_| cache::theme_fingerprint(texts));
    let lookup = cache.as_deref();
    let memo = lookup.map(|c| memo::Reusing::new(&c.memo));
    // The machine files (search index, export, feed, sitemap) are built beside the pages, not
    // after them, so neither core idles at the end of a build.
    type Machine = (Vec<OutFile>, Option<(search::Parts, export::Parts)>);
    let (results, (machine, parts)): (Vec<Rendered>, Machine) = rayon::join(
        || {
            plan.specs
                .par_iter()
                .map(|spec| {
                    // With memos, the context is first built with stand-ins for the texts the
                    // memos know and for the values pages share (enough for the key), and
                    // again with the real ones only if the page is to be rendered.
                    // Addresses noted for the last page's key may be reused by now.
                    if let Some(m) = &memo {
                        m.forget_fresh();
                    }
                    let taken = memo::stand_ins();
                    let using = |stand_ins| memo.as_ref().map(|memo| memo::Use { memo, stand_ins });
                    let (file, value) = page_value(site, plan, spec, using(true));
                    let template = pages::template(spec);
                    let known = |s: &str, safe: bool| memo.as_ref().and_then(|m| m.digest_of(s, safe));
                    let key = fingerprint.map(|fp| PageKey::of(fp, template, &value, &known));
                    if let Some(bytes) = key.and_then(|k| lookup?.get(&file, k)) {
                        return Ok((
                            OutFile { path: file, bytes: std::sync::Arc::clone(bytes) },
                            key.map(|k| (k, true)),
                        ));
                    }
                    let value =
                        if memo::stand_ins() == taken { value } else { page_value(site, plan, spec, using(false)).1 };
                    let html = render_value(theme, texts, template, value)?;
                    Ok((pass(OutFile { path: file, bytes: html.into_bytes().into() }), key.map(|k| (k, false))))
                })
                .collect()
        },
        || {
            let (files, parts) = machine_files(site, plan, lookup);
            (files.into_iter().map(pass).collect(), parts)
        },
    );
    let memo = memo.map(memo::Reusing::finish);
    if let (Some(cache), Some((search, export)), Some(memo)) = (cache.as_deref_mut(), parts, memo) {
        cache.search = search;
        cache.export = export;
        cache.memo = memo;
    }
    let results = record(results, cache, findings);
    let mut out = Vec::with_capacity(results.len() + machine.len() + ASSETS.len());
    out.extend(results);
    out.extend(machine);
    for (name, text) in ASSETS {
        out.push(pass(OutFile { path: name.to_string(), bytes: text.as_bytes().to_vec().into() }));
    }
    out.sort_by(|a, b| a.path.cmp(&b.path));
    out
}

/// Split results into pages and findings (one per template and message), and refresh the cache.
fn record(results: Vec<Rendered>, cache: Option<&mut PageCache>, findings: &mut Vec<Finding>) -> Vec<OutFile> {
    let mut out = Vec::with_capacity(results.len());
    let mut keys = Vec::new();
    let mut rendered = 0;
    let mut seen_errors = std::collections::HashSet::new();
    for r in results {
        match r {
            Ok((f, key)) => {
                if let Some((k, hit)) = key {
                    keys.push((f.path.clone(), k, std::sync::Arc::clone(&f.bytes)));
                    rendered += usize::from(!hit);
                }
                out.push(f);
            }
            Err(f) => {
                if seen_errors.insert((f.file.clone(), f.line, f.message.clone())) {
                    findings.push(*f);
                }
            }
        }
    }
    if let Some(cache) = cache {
        cache.commit(keys, rendered);
    }
    out
}

/// The files for machines rather than readers: feed, sitemap, robots.txt, search index and
/// data export. `base_url` makes their URLs absolute; the search index's stay relative. With
/// the cache of the last build, the search index and the export are built from its parts, and
/// their new parts come back too (for rebuilds).
fn machine_files(
    site: &Site,
    plan: &pages::Plan,
    last: Option<&PageCache>,
) -> (Vec<OutFile>, Option<(search::Parts, export::Parts)>) {
    let ((feed, (sitemap, robots)), (search, (export, exported))) = rayon::join(
        || (feed::atom(site), (sitemap::sitemap(site, plan), sitemap::robots(site))),
        || {
            rayon::join(
                || search::Parts::new(site, plan.urls, &plan.timeline_paths, last.map(|c| &c.search)),
                || export::export(site, &plan.timeline_paths, last.map(|c| &c.export)),
            )
        },
    );
    let mut out = vec![feed, sitemap, robots, search.file()];
    out.extend(export);
    (out, last.is_some().then_some((search, exported)))
}

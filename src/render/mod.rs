//! Stage 4, render: the model → the bytes of every output file, in memory. Render never reads
//! or writes files; `write` puts its result on disk.
//!
//! Pages are planned first (`pages::plan`), then each page's context is built and its template
//! rendered in parallel. The output list is sorted by path, so it is the same on every run.

pub mod annotate;
pub mod highlight;
pub mod layout;
pub mod markdown;
pub mod pages;
pub mod templates;
pub mod views;

use crate::diag::Finding;
use crate::model::Site;
use layout::Urls;
use rayon::prelude::*;
use std::collections::BTreeMap;
use templates::Theme;

/// The theme's own assets, written unless the site's `static/` has a file of the same name.
pub const ASSETS: &[(&str, &str)] = &[("style.css", include_str!("../../static/style.css"))];

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

/// Render every page of `site`. Template errors are findings (one per template and message).
pub fn render(
    site: &Site,
    theme: &Theme,
    texts: &BTreeMap<String, String>,
    opts: RenderOptions,
    findings: &mut Vec<Finding>,
) -> Vec<OutFile> {
    let plan = pages::plan(site, Urls { portable: opts.portable });
    let results: Vec<Result<OutFile, Finding>> = plan
        .specs
        .par_iter()
        .map(|spec| {
            let path = pages::path(site, &plan, spec);
            let value = pages::context(site, &plan, spec, &path);
            let ctx = tera::Context::from_serialize(&value).map_err(|e| {
                Finding::error("templates", "template", format!("cannot pass page data to templates: {e}"))
            })?;
            let html = theme.render(pages::template(spec), &ctx).map_err(|e| theme.finding(&e, texts))?;
            let file = if path.ends_with('/') || path.is_empty() { format!("{path}index.html") } else { path };
            Ok(OutFile { path: file, bytes: html.into_bytes() })
        })
        .collect();
    let mut out = Vec::with_capacity(results.len() + ASSETS.len());
    let mut seen_errors = std::collections::HashSet::new();
    for r in results {
        match r {
            Ok(f) => out.push(f),
            Err(f) => {
                if seen_errors.insert((f.file.clone(), f.line, f.message.clone())) {
                    findings.push(f);
                }
            }
        }
    }
    for (name, text) in ASSETS {
        out.push(OutFile { path: name.to_string(), bytes: text.as_bytes().to_vec() });
    }
    out.sort_by(|a, b| a.path.cmp(&b.path));
    out
}

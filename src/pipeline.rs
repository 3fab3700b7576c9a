//! The build as one flat list of stages: load → config → model → render → write.
//! `compile` runs everything but the write (it is `check`, and what `serve` keeps in memory).
//! `compile_with` runs the same stages with the caches of an `Incremental` state, so a rebuild
//! after a save re-reads only changed files and re-renders only pages whose context changed.

use crate::diag::{Finding, Findings, Severity};
use crate::model::{self, ModelOptions, Site};
use crate::render::{self, layout::Urls, pages, templates::Theme, OutFile, Sink};
use crate::write::{self, CopyFile, WriteStats};
use crate::{config, load};
use anyhow::Result;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// What to build and how.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// The site folder (holding `content/`).
    pub root: PathBuf,
    /// Output folder; `ROOT/public` when `None`.
    pub output: Option<PathBuf>,
    /// Overrides `base_url` of `dossier.yaml`.
    pub base_url: Option<String>,
    /// Include briefings marked `draft: true`.
    pub drafts: bool,
    /// Link `…/index.html` explicitly so the output works from `file://`.
    pub portable: bool,
}

impl BuildOptions {
    pub fn output_dir(&self) -> PathBuf {
        self.output.clone().unwrap_or_else(|| self.root.join("public"))
    }
}

/// The site compiled in memory: the model, every output file, and what was found on the way.
#[derive(Debug)]
pub struct Compiled {
    pub site: Arc<Site>,
    pub files: Vec<OutFile>,
    pub statics: Vec<CopyFile>,
    pub findings: Findings,
    /// Wall time of each stage, in order.
    pub timings: Vec<(&'static str, Duration)>,
    /// The files went to a sink as they were rendered: `files` holds their paths only.
    pub streamed: bool,
}

/// The outcome of `build`.
#[derive(Debug)]
pub struct BuildReport {
    pub findings: Findings,
    /// `None` when errors kept the build from writing.
    pub stats: Option<WriteStats>,
    pub pages: usize,
    pub briefings: usize,
    /// Bytes of the search index (`search/index.js`), 0 when none was rendered.
    pub search_index_bytes: usize,
    pub elapsed: Duration,
    /// Wall time of each stage, in order (write last).
    pub timings: Vec<(&'static str, Duration)>,
}

pub use crate::incremental::Incremental;

/// Run every stage but the write.
pub fn compile(opts: &BuildOptions) -> Result<Compiled> {
    compile_stages(opts, None, None)
}

/// Run every stage but the write, reusing and refreshing the caches of `state`. The result is
/// the same as `compile`'s, byte for byte.
pub fn compile_with(opts: &BuildOptions, state: &mut Incremental) -> Result<Compiled> {
    compile_stages(opts, Some(state), None)
}

/// The stages. With a `sink`, rendered files go to it instead of into `Compiled::files` (which
/// then holds paths only), but only when nothing before rendering found an error.
fn compile_stages(opts: &BuildOptions, mut state: Option<&mut Incremental>, sink: Option<&Sink>) -> Result<Compiled> {
    let mut findings = Findings::default();
    let mut timings = Vec::new();
    let mut clock = Instant::now();
    let mut lap = |name: &'static str, timings: &mut Vec<(&'static str, Duration)>| {
        timings.push((name, clock.elapsed()));
        clock = Instant::now();
    };
    let mut sources = load::load_with(&opts.root, &mut findings, state.as_mut().map(|s| &mut s.docs))?;
    lap("load", &mut timings);
    let mut found: Vec<Finding> = Vec::new();
    let mut config = config::parse(sources.config_text.as_deref(), &mut found);
    if let Some(url) = &opts.base_url {
        config.base_url = config::normalize_base_url(url);
    }
    let memo = state.as_mut().map(|s| &mut s.bodies);
    let site = model::build(&sources, config, ModelOptions { drafts: opts.drafts }, memo, &mut found);
    // The model holds what it needs of the documents: free their text before rendering.
    drop(std::mem::take(&mut sources.docs));
    lap("model", &mut timings);
    let theme = Theme::new(&sources.templates, &mut found);
    let mut streamed = false;
    let texts = Theme::texts(&sources.templates);
    let plan = pages::plan(&site, Urls { portable: opts.portable });
    let mut files = match &theme {
        Some(theme) => {
            let sink = sink.filter(|_| !found.iter().any(|f| f.severity == Severity::Error));
            streamed = sink.is_some();
            let cache = state.as_mut().map(|s| &mut s.pages);
            render::render_with(&site, theme, &texts, &plan, &mut found, cache, sink)
        }
        None => Vec::new(),
    };
    let statics = static_files(&sources, &mut files, &mut found);
    lap("render", &mut timings);
    findings.extend(found);
    findings.sort();
    let site = Arc::new(site);
    if let (Some(state), Some(theme)) = (state, theme) {
        state.last = (!findings.has_errors()).then(|| crate::incremental::Last {
            site: Arc::clone(&site),
            plan,
            theme,
            texts,
            findings: findings.clone(),
            mentions: None,
        });
    }
    Ok(Compiled { site, files, statics, findings, timings, streamed })
}

/// The site's static files; one that would overwrite a generated page is an error, one that
/// replaces a theme asset (`style.css`) wins.
fn static_files(sources: &load::Sources, files: &mut Vec<OutFile>, findings: &mut Vec<Finding>) -> Vec<CopyFile> {
    let assets: Vec<&str> = render::ASSETS.iter().map(|(n, _)| *n).collect();
    let mut out = Vec::new();
    for s in &sources.statics {
        if assets.contains(&s.out.as_str()) {
            files.retain(|f| f.path != s.out);
        } else if files.binary_search_by(|f| f.path.as_str().cmp(&s.out)).is_ok() || s.out == write::MANIFEST {
            findings.push(collision(&s.out, format!("would overwrite the generated page `{}`", s.out)));
            continue;
        } else if is_generated_folder(files, &s.out) {
            findings
                .push(collision(&s.out, format!("is a file where the folder of generated pages `{}/` goes", s.out)));
            continue;
        }
        out.push(CopyFile { out: s.out.clone(), from: s.path.clone() });
    }
    out
}

fn collision(out: &str, what: String) -> Finding {
    Finding::error(&format!("static/{out}"), "static-collision", format!("`static/{out}` {what}"))
        .hint("rename or move the static file")
}

/// Whether generated pages live below `path` (`static/tags`, a file, where `tags/index.html`
/// needs a folder). `files` is sorted by path.
fn is_generated_folder(files: &[OutFile], path: &str) -> bool {
    let prefix = format!("{path}/");
    let at = files.partition_point(|f| f.path.as_str() < prefix.as_str());
    files.get(at).is_some_and(|f| f.path.starts_with(&prefix))
}

/// Compile, then write the output folder unless there were errors. Pages are written into the
/// staging folder as they are rendered, so the whole site is never held in memory. A missing
/// site folder, or an output folder that is a file, the site itself or a folder the site reads,
/// is an error before anything is created.
pub fn build(opts: &BuildOptions) -> Result<BuildReport> {
    let start = Instant::now();
    let out = write::output_folder(&opts.root, &opts.output_dir())?;
    let staging = write::Staging::begin(&out)?;
    let failure: Mutex<Option<anyhow::Error>> = Mutex::new(None);
    let index_bytes = AtomicUsize::new(0);
    let sink = |f: &OutFile| {
        if failure.lock().map_or(true, |e| e.is_some()) {
            return;
        }
        if f.path == render::search::PATH {
            index_bytes.store(f.bytes.len(), Ordering::Relaxed);
        }
        if let Err(e) = staging.put(&f.path, &f.bytes) {
            if let Ok(mut slot) = failure.lock() {
                slot.get_or_insert(e);
            }
        }
    };
    let compiled = compile_stages(opts, None, Some(&sink))?;
    if let Some(e) = failure.lock().ok().and_then(|mut f| f.take()) {
        staging.abandon();
        return Err(e);
    }
    let mut report = BuildReport {
        briefings: compiled.site.briefings.len(),
        pages: compiled.files.iter().filter(|f| f.path.ends_with(".html")).count(),
        search_index_bytes: index_bytes.load(Ordering::Relaxed),
        findings: compiled.findings,
        stats: None,
        elapsed: start.elapsed(),
        timings: compiled.timings,
    };
    if report.findings.has_errors() || !compiled.streamed {
        staging.abandon();
        return Ok(report);
    }
    let write_start = Instant::now();
    report.stats = Some(staging.finish(&compiled.statics)?);
    report.timings.push(("write", write_start.elapsed()));
    report.elapsed = start.elapsed();
    Ok(report)
}

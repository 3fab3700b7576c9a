//! The build as one flat list of stages: load → config → model → render → write.
//! `compile` runs everything but the write and keeps the files in memory (it is `check`);
//! `build` hands each rendered file to the staging folder as soon as it exists, so a full build
//! never holds the site in memory. Rebuilds after a save (`serve`, `build --watch`) run the
//! same stages with what they kept (`crate::rebuild`).

use crate::diag::{Finding, Findings, Severity};
use crate::load::{self, Sources};
use crate::model::{self, ModelOptions, Site};
use crate::render::{self, layout::Urls, pages, templates::Theme, OutFile, Sink};
use crate::write::{self, CopyFile, WriteStats};
use anyhow::Result;
use std::collections::BTreeSet;
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

    pub fn urls(&self) -> Urls {
        Urls { portable: self.portable }
    }
}

/// The site compiled in memory: the model, every output file, and what was found on the way.
#[derive(Debug)]
pub struct Compiled {
    pub site: Arc<Site>,
    /// Sorted by path; empty when errors kept the site from rendering.
    pub files: Vec<OutFile>,
    pub statics: Vec<CopyFile>,
    pub findings: Findings,
    /// Wall time of each stage, in order.
    pub timings: Vec<(&'static str, Duration)>,
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

/// Wall time per stage.
pub struct Laps {
    clock: Instant,
    pub timings: Vec<(&'static str, Duration)>,
}

impl Laps {
    pub fn start() -> Laps {
        Laps { clock: Instant::now(), timings: Vec::new() }
    }

    pub fn lap(&mut self, name: &'static str) {
        self.timings.push((name, self.clock.elapsed()));
        self.clock = Instant::now();
    }
}

/// What the stages before rendering make: the model, the theme, the page plan and the static
/// files, with their findings.
pub struct Prepared {
    pub site: Site,
    pub theme: Option<Theme>,
    pub plan: pages::Plan,
    pub statics: Vec<CopyFile>,
    /// Theme assets a static file replaces.
    pub replaced: Vec<&'static str>,
    pub findings: Vec<Finding>,
}

impl Prepared {
    /// Whether anything before rendering found an error (then nothing is rendered).
    pub fn has_errors(&self) -> bool {
        self.findings.iter().any(|f| f.severity == Severity::Error)
    }
}

/// Config, model, theme, page plan and static files from loaded `sources`. `work` does (or
/// recalls) the work on each body.
pub fn prepare(opts: &BuildOptions, sources: &Sources, work: &dyn model::BodyWork) -> Prepared {
    let mut findings = Vec::new();
    let mut config = crate::config::parse(sources.config_text.as_deref(), &mut findings);
    if let Some(url) = &opts.base_url {
        config.base_url = crate::config::normalize_base_url(url);
    }
    let site = model::build(sources, config, ModelOptions { drafts: opts.drafts }, work, &mut findings);
    let theme = Theme::new(&sources.templates, &mut findings);
    let plan = pages::plan(&site, opts.urls());
    let (mut statics, replaced) = static_files(sources, &plan, &mut findings);
    statics.extend(attached_files(&site));
    Prepared { site, theme, plan, statics, replaced, findings }
}

/// Run every stage but the write. The pages are rendered even when the content has errors (as
/// `check` and the preview's error overlay need: every template error is found).
pub fn compile(opts: &BuildOptions) -> Result<Compiled> {
    let files = Mutex::new(Vec::new());
    let keep = |f| {
        if let Ok(mut files) = files.lock() {
            files.push(f);
        }
    };
    let Ran { site, statics, findings, timings } = run(opts, &keep, true)?;
    let mut files = files.into_inner().unwrap_or_default();
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(Compiled { site: Arc::new(site), files, statics, findings, timings })
}

/// What the stages made besides the files.
struct Ran {
    site: Site,
    statics: Vec<CopyFile>,
    findings: Findings,
    timings: Vec<(&'static str, Duration)>,
}

/// The stages, each rendered file handed to `sink`. When anything before rendering found an
/// error, the pages are still rendered (a template error is reported in the same run), and
/// reach `sink` only if `always`.
fn run(opts: &BuildOptions, sink: &Sink, always: bool) -> Result<Ran> {
    let mut findings = Findings::default();
    let mut laps = Laps::start();
    let mut sources = load::load(&opts.root, &mut findings)?;
    laps.lap("load");
    let prepared = prepare(opts, &sources, &model::Fresh);
    // The model holds what it needs of the documents: free their text before rendering.
    drop(std::mem::take(&mut sources.docs));
    laps.lap("model");
    let Prepared { site, theme, plan, statics, replaced, findings: mut found } = prepared;
    let clean = !found.iter().any(|f| f.severity == Severity::Error);
    if let Some(theme) = &theme {
        let pass = |f: OutFile| {
            if (clean || always) && !replaced.contains(&f.path.as_str()) {
                sink(f);
            }
        };
        let (errors, _) = render::render(&site, theme, &plan, &|_| true, None, &pass);
        found.extend(errors);
    }
    laps.lap("render");
    findings.extend(found);
    findings.sort();
    Ok(Ran { site, statics, findings, timings: laps.timings })
}

/// The site's static files; one that would overwrite a generated page is an error, one that
/// replaces a theme asset (`style.css`) wins (the asset's name is returned).
pub fn static_files(
    sources: &Sources,
    plan: &pages::Plan,
    findings: &mut Vec<Finding>,
) -> (Vec<CopyFile>, Vec<&'static str>) {
    let generated: BTreeSet<String> =
        plan.files().into_iter().chain(render::MACHINE_FILES.iter().map(|p| p.to_string())).collect();
    let mut out = Vec::new();
    let mut replaced = Vec::new();
    for s in &sources.statics {
        if let Some((name, _)) = render::ASSETS.iter().find(|(n, _)| *n == s.out) {
            replaced.push(*name);
        } else if generated.contains(&s.out) || s.out == write::MANIFEST {
            findings.push(collision(&s.out, format!("would overwrite the generated page `{}`", s.out)));
            continue;
        } else if is_generated_folder(&generated, &s.out) {
            findings
                .push(collision(&s.out, format!("is a file where the folder of generated pages `{}/` goes", s.out)));
            continue;
        }
        out.push(CopyFile { out: s.out.clone(), from: s.path.clone() });
    }
    (out, replaced)
}

/// The files briefings publish beside their pages (images and documents, `model::figures`),
/// copied as they are, through the writer's gate like static files.
fn attached_files(site: &Site) -> impl Iterator<Item = CopyFile> + '_ {
    site.briefings.iter().flat_map(|b| {
        let page = render::layout::briefing(&b.slug);
        b.attachments.files.iter().map(move |f| CopyFile { out: format!("{page}{}", f.out), from: f.from.clone() })
    })
}

fn collision(out: &str, what: String) -> Finding {
    Finding::error(&format!("static/{out}"), "static-collision", format!("`static/{out}` {what}"))
        .hint("rename or move the static file")
}

/// Whether generated files live below `path` (`static/tags`, a file, where `tags/index.html`
/// needs a folder).
fn is_generated_folder(generated: &BTreeSet<String>, path: &str) -> bool {
    let prefix = format!("{path}/");
    generated.range(prefix.clone()..).next().is_some_and(|f| f.starts_with(&prefix))
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
    let (index_bytes, pages) = (AtomicUsize::new(0), AtomicUsize::new(0));
    let sink = |f: OutFile| {
        if failure.lock().map_or(true, |e| e.is_some()) {
            return;
        }
        if render::search::is_index_file(&f.path) {
            index_bytes.fetch_add(f.bytes.len(), Ordering::Relaxed);
        }
        if f.path.ends_with(".html") {
            pages.fetch_add(1, Ordering::Relaxed);
        }
        if let Err(e) = staging.put(&f.path, &f.bytes) {
            if let Ok(mut slot) = failure.lock() {
                slot.get_or_insert(e);
            }
        }
    };
    let Ran { site, statics, findings, timings } = run(opts, &sink, false)?;
    if let Some(e) = failure.lock().ok().and_then(|mut f| f.take()) {
        staging.abandon();
        return Err(e);
    }
    let mut report = BuildReport {
        briefings: site.briefings.len(),
        pages: pages.load(Ordering::Relaxed),
        search_index_bytes: index_bytes.load(Ordering::Relaxed),
        findings,
        stats: None,
        elapsed: start.elapsed(),
        timings,
    };
    if report.findings.has_errors() {
        staging.abandon();
        return Ok(report);
    }
    let write_start = Instant::now();
    report.stats = Some(staging.finish(&statics)?);
    report.timings.push(("write", write_start.elapsed()));
    report.elapsed = start.elapsed();
    Ok(report)
}

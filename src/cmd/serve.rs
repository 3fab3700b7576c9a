//! `dossier serve`: build the site into memory, serve it on localhost, and rebuild and reload
//! the browser on every save. Content errors never stop it: they are printed here and shown
//! in the browser, and the last good build stays served.

use super::Term;
use crate::cli::ServeArgs;
use crate::pipeline::BuildOptions;
use crate::serve::{http, watch::SiteWatcher, Change, Preview, Rebuilt, Shared};
use anyhow::Context as _;
use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

pub fn run(a: ServeArgs, term: &mut Term) -> anyhow::Result<u8> {
    let root = std::fs::canonicalize(&a.site.root)
        .with_context(|| format!("site folder `{}` does not exist", a.site.root.display()))?;
    let listener = http::bind(&a.bind, a.port)?;
    let addr = listener.local_addr()?;
    let host = match addr.ip() {
        IpAddr::V6(ip) => format!("[{ip}]"),
        IpAddr::V4(ip) => ip.to_string(),
    };
    let url = format!("http://{host}:{}/", addr.port());
    if !addr.ip().is_loopback() {
        writeln!(
            term.err,
            "warning: listening on {}, not only this computer: anyone who can reach it can read the site, drafts included",
            addr.ip()
        )?;
        if addr.ip().is_unspecified() {
            writeln!(term.err, "note: open it by this computer's IP address: host names other than localhost get 403")?;
        }
    }
    let opts =
        BuildOptions { root: root.clone(), drafts: a.site.drafts, base_url: Some(url.clone()), ..Default::default() };
    let mut watcher = SiteWatcher::new(&root)?;
    let shared = Arc::new(Shared::default());
    let mut preview = Preview::new(opts, Arc::clone(&shared), super::verify_rebuilds());
    let first = preview.rebuild(&[]);
    if first.change.is_some() {
        if !first.findings.items.is_empty() {
            writeln!(term.err, "{}", first.findings.render_brief(if term.verbose { usize::MAX } else { 10 }))?;
        }
        writeln!(term.out, "built {} pages in {} ms", first.pages, first.elapsed.as_millis())?;
    } else {
        report(&first, term)?;
    }
    http::spawn(listener, shared, http::Limits::default())?;
    writeln!(term.out, "serving {} at {url} (Ctrl-C to stop)", root.display())?;
    term.out.flush()?;
    if a.open {
        open_browser(&url, term)?;
    }
    loop {
        let Some(paths) = watcher.next_batch(Duration::from_secs(3600)) else { continue };
        if term.verbose {
            for p in &paths {
                writeln!(term.out, "  changed: {}", p.strip_prefix(&root).unwrap_or(p).display())?;
            }
        }
        let rebuilt = preview.rebuild(&paths);
        report(&rebuilt, term)?;
    }
}

/// One line per rebuild; the findings in full when there are any.
pub fn report(r: &Rebuilt, term: &mut Term) -> std::io::Result<()> {
    if let Some(msg) = &r.failure {
        writeln!(term.err, "error: {msg}\nrebuild failed: the last good build is still served")?;
    } else if !r.findings.items.is_empty() {
        // Every error; warnings only while there are few (a large site can have thousands).
        writeln!(term.err, "{}", r.findings.render_brief(if term.verbose { usize::MAX } else { 10 }))?;
    }
    let ms = r.elapsed.as_millis();
    match r.change {
        None if r.failure.is_none() => writeln!(term.err, "rebuild failed: the last good build is still served")?,
        None => {}
        Some(Change::None) => writeln!(term.out, "rebuilt in {ms} ms: no output changed")?,
        Some(Change::Css) => writeln!(term.out, "rebuilt in {ms} ms: stylesheets changed, swapped in open tabs")?,
        Some(Change::Pages) => writeln!(
            term.out,
            "rebuilt {} pages in {ms} ms: {} files changed, open tabs reloaded",
            r.pages, r.changed_files
        )?,
    }
    term.out.flush()?;
    term.err.flush()
}

fn open_browser(url: &str, term: &mut Term) -> std::io::Result<()> {
    let program = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if let Err(e) = std::process::Command::new(program).arg(url).spawn() {
        writeln!(term.err, "warning: could not open a browser ({program}: {e}); open {url} yourself")?;
    }
    Ok(())
}

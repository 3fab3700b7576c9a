//! The read-render-write floor of a full build: read every briefing, split its front matter,
//! render its markdown body with pulldown-cmark and write one HTML file per briefing — and
//! nothing else (no YAML, no model, no templates). `bench/run.py` runs it beside `dossier build`
//! so Dossier's time can be stated as a multiple of this floor.
//!
//! Usage: `cargo run --release --example floor -- CONTENT_DIR OUT_DIR`

use rayon::prelude::*;
use std::path::{Path, PathBuf};

fn files(dir: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| e.into_path())
        .collect()
}

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let (src, out) = match (args.get(1), args.get(2)) {
        (Some(s), Some(o)) => (PathBuf::from(s), PathBuf::from(o)),
        _ => {
            eprintln!("usage: floor CONTENT_DIR OUT_DIR");
            std::process::exit(2);
        }
    };
    let list = files(&src);
    list.par_iter().try_for_each(|p| -> std::io::Result<()> {
        let text = std::fs::read_to_string(p)?;
        let body = text.strip_prefix("---\n").and_then(|r| r.split_once("\n---\n")).map_or(text.as_str(), |(_, b)| b);
        let mut html = String::with_capacity(body.len() * 3 / 2);
        pulldown_cmark::html::push_html(&mut html, pulldown_cmark::Parser::new(body));
        let stem = p.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        let dir = out.join(stem);
        std::fs::create_dir_all(&dir)?;
        std::fs::write(dir.join("index.html"), html)
    })?;
    println!("{} files", list.len());
    Ok(())
}

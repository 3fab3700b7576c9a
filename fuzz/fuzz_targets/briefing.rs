//! Fuzz target: one briefing file, any bytes, through the whole library (load, model, render).
//! It must end in findings or pages, never a panic, a hang or unbounded memory.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::PathBuf;
use std::sync::OnceLock;

/// One site folder per fuzzing process, whose only briefing is rewritten for each input.
fn site() -> &'static PathBuf {
    static SITE: OnceLock<PathBuf> = OnceLock::new();
    SITE.get_or_init(|| {
        let root = std::env::temp_dir().join(format!("dossier-fuzz-{}", std::process::id()));
        let _ = std::fs::create_dir_all(root.join("content/actors"));
        let _ = std::fs::write(root.join("content/actors/known.md"), "---\nname: Known Actor\n---\nA profile.\n");
        root
    })
}

fuzz_target!(|data: &[u8]| {
    let root = site();
    if std::fs::write(root.join("content/a.md"), data).is_err() {
        return;
    }
    let opts = dossier::BuildOptions { root: root.clone(), ..Default::default() };
    if let Ok(compiled) = dossier::compile(&opts) {
        // Every finding renders (excerpt and caret included) without panicking.
        for f in &compiled.findings.items {
            let _ = f.render();
        }
    }
});

//! Shared helpers of the integration tests: run the `dossier` binary, make fixture sites,
//! read an output folder.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_dossier"))
}

/// The example site of this repository.
pub fn example_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Run `dossier build` with `args`, asserting success.
pub fn build(args: &[&str]) -> Output {
    let out = bin().arg("build").args(args).output().expect("run dossier");
    assert!(
        out.status.success(),
        "dossier build {args:?} failed:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// Build the example site into `out` with extra `args`.
pub fn build_example(out: &Path, args: &[&str]) -> Output {
    let root = example_root();
    let mut all = vec!["--root", root.to_str().unwrap(), "--output", out.to_str().unwrap()];
    all.extend_from_slice(args);
    build(&all)
}

/// A site folder with `dossier.yaml` text and `content/` files (path, text).
pub fn site(config: &str, files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("dossier.yaml"), config).unwrap();
    for (path, text) in files {
        let p = dir.path().join("content").join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    dir
}

/// Every file under `dir` (relative `/`-separated path → bytes).
pub fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p.strip_prefix(dir).unwrap().to_string_lossy().replace('\\', "/");
                out.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    out
}

/// The `.html` files of an output folder.
pub fn html_files(dir: &Path) -> Vec<String> {
    tree(dir).into_keys().filter(|p| p.ends_with(".html")).collect()
}

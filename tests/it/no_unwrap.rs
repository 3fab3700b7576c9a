//! No `unwrap()` or `expect()` in the library and binary outside tests: anything derived from
//! input must become a finding or an error, never a panic. A call that cannot fail whatever the
//! input may stay if its line says why, with a `// invariant: …` comment.

use std::path::Path;

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).expect("read src") {
        let p = e.expect("entry").path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

#[test]
fn no_unwrap_or_expect_outside_tests() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    assert!(files.len() > 20, "found the sources");
    let mut bad = Vec::new();
    for f in files {
        let text = std::fs::read_to_string(&f).expect("read source");
        // Unit tests sit in a `#[cfg(test)]` module at the end of a file.
        let code = text.split("#[cfg(test)]").next().unwrap_or("");
        for (n, line) in code.lines().enumerate() {
            let l = line.trim_start();
            if l.starts_with("//") || line.contains("// invariant:") {
                continue;
            }
            if l.contains(".unwrap()") || l.contains(".expect(") {
                bad.push(format!("{}:{}: {}", f.strip_prefix(&src).unwrap_or(&f).display(), n + 1, l));
            }
        }
    }
    assert!(bad.is_empty(), "unwrap/expect without an `// invariant:` comment:\n{}", bad.join("\n"));
}

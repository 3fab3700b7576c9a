//! `.dossier-manifest`: what Dossier wrote into an output folder, one line per file with its
//! size and content hash. It tells Dossier's pages from the user's files (which are kept) and
//! lets files whose bytes did not change stay as they are.
//!
//! The manifest sits in the output folder, where anyone may edit it, so it is read as untrusted
//! input: a line whose path is not inside the output folder is ignored with a warning (and
//! dropped when the manifest is next written), never followed.

use super::confine;
use std::path::Path;

/// The file in the output folder listing what Dossier wrote, with sizes and content hashes.
pub const MANIFEST: &str = ".dossier-manifest";

/// Warnings about ignored lines shown in full; the rest are counted.
const SHOWN: usize = 10;

/// A file's size and content hash.
pub type Entry = (u64, u64);

/// Content hash stored in the manifest (XXH3, the same on every run and machine). With the
/// size beside it, an equal entry means the file on disk already holds these bytes.
pub fn content_hash(bytes: &[u8]) -> u64 {
    xxhash_rust::xxh3::xxh3_64(bytes)
}

/// The manifest of an output folder as read: its text, where its usable lines are, and
/// warnings about what was ignored.
#[derive(Debug, Default)]
pub struct Manifest {
    text: String,
    lines: Vec<Line>,
    pub warnings: Vec<String>,
}

/// A usable line of the manifest: where its path starts and where it ends.
#[derive(Debug)]
struct Line {
    path: usize,
    end: usize,
    entry: Entry,
}

impl Manifest {
    /// The usable entries, in file order: (path, entry).
    pub fn entries(&self) -> impl Iterator<Item = (&str, Entry)> + '_ {
        self.lines.iter().map(|l| (&self.text[l.path..l.end], l.entry))
    }

    /// How many usable lines there are.
    pub fn line_count(&self) -> usize {
        self.lines.len()
    }
}

/// Read the manifest of `out`; a missing one is empty.
pub fn read(out: &Path) -> Manifest {
    let path = out.join(MANIFEST);
    let mut manifest = Manifest::default();
    match path.symlink_metadata() {
        Ok(m) if m.is_file() => {}
        Ok(_) => {
            manifest.warnings.push(format!("ignoring `{}`: it is not a regular file", path.display()));
            return manifest;
        }
        Err(_) => return manifest,
    }
    let Ok(text) = std::fs::read_to_string(&path) else {
        manifest.warnings.push(format!("ignoring `{}`: it cannot be read as text", path.display()));
        return manifest;
    };
    let mut ignored = 0;
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let body = line.strip_suffix('\n').unwrap_or(line);
        let body = body.strip_suffix('\r').unwrap_or(body);
        if let Some((rel, entry)) = entry(body) {
            match confine::relative(rel) {
                Ok(()) => {
                    let end = start + body.len();
                    manifest.lines.push(Line { path: end - rel.len(), end, entry });
                }
                Err(e) => {
                    ignored += 1;
                    if ignored <= SHOWN {
                        manifest
                            .warnings
                            .push(format!("ignoring a line of `{}`: {e}; nothing was done there", path.display()));
                    }
                }
            }
        }
        start += line.len();
    }
    if ignored > SHOWN {
        manifest.warnings.push(format!("… and {} more lines of `{}` ignored", ignored - SHOWN, path.display()));
    }
    manifest.text = text;
    manifest
}

/// One line of the manifest: `size`, the hash in hex and the path, separated by tabs.
fn entry(line: &str) -> Option<(&str, Entry)> {
    let mut p = line.splitn(3, '\t');
    let size = p.next()?.parse().ok()?;
    let hash = u64::from_str_radix(p.next()?, 16).ok()?;
    Some((p.next()?, (size, hash)))
}

/// Append the manifest line of `path` to `manifest`.
pub fn push_line(manifest: &mut String, path: &str, (size, hash): Entry) {
    use std::fmt::Write as _;
    let _ = writeln!(manifest, "{size}\t{hash:016x}\t{path}"); // writing to a String cannot fail
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_outside_the_output_folder_are_ignored_with_a_warning() {
        let dir = tempfile::tempdir().unwrap();
        let mut text = String::new();
        for p in ["index.html", "../outside.txt", "/etc/passwd", "a/../../b", "a/index.html"] {
            push_line(&mut text, p, (1, 2));
        }
        text.push_str("not a manifest line\n");
        std::fs::write(dir.path().join(MANIFEST), text).unwrap();
        let m = read(dir.path());
        let paths: Vec<&str> = m.entries().map(|(p, _)| p).collect();
        assert_eq!(paths, ["index.html", "a/index.html"]);
        assert_eq!(m.warnings.len(), 3, "{:?}", m.warnings);
        assert!(m.warnings[0].contains("`../outside.txt` is not a path inside the output folder"), "{:?}", m.warnings);
    }
}

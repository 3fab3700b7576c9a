//! Stage 5, write: put the rendered site on disk without ever leaving a half-written folder.
//!
//! The new site is assembled in a staging folder beside the output folder, then swapped in
//! with one atomic exchange. Files whose bytes did not change are hard links to the previous
//! files, so they keep their modification times and sync tools upload only what changed.
//! Files Dossier did not write (a `.git` folder, `CNAME`, `.nojekyll`) are carried over; pages
//! Dossier wrote before that no longer exist are dropped. A manifest of what Dossier wrote
//! (`.dossier-manifest`) tells the two apart.

use crate::render::OutFile;
use anyhow::{Context as _, Result};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// The file in the output folder listing what Dossier wrote, with sizes and content hashes.
pub const MANIFEST: &str = ".dossier-manifest";

/// A file to copy from the site's `static/` folder.
#[derive(Debug, Clone)]
pub struct CopyFile {
    pub out: String,
    pub from: PathBuf,
}

/// What a write did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WriteStats {
    pub files: usize,
    pub written: usize,
    pub unchanged: usize,
    pub removed: usize,
    pub bytes: u64,
}

/// Content hash stored in the manifest (XXH3, the same on every run and machine). With the
/// size beside it, an equal entry means the file on disk already holds these bytes.
pub fn content_hash(bytes: &[u8]) -> u64 {
    xxhash_rust::xxh3::xxh3_64(bytes)
}

/// path → (size, hash) of the files the previous build wrote.
fn read_manifest(out: &Path) -> BTreeMap<String, (u64, u64)> {
    let Ok(text) = std::fs::read_to_string(out.join(MANIFEST)) else { return BTreeMap::new() };
    text.lines().filter_map(manifest_entry).map(|(p, e)| (p.to_string(), e)).collect()
}

/// One line of the manifest: `size`, the hash in hex and the path, separated by tabs.
fn manifest_entry(line: &str) -> Option<(&str, (u64, u64))> {
    let mut p = line.splitn(3, '\t');
    let size = p.next()?.parse().ok()?;
    let hash = u64::from_str_radix(p.next()?, 16).ok()?;
    Some((p.next()?, (size, hash)))
}

/// Append the manifest line of `path` to `manifest`.
fn push_manifest_line(manifest: &mut String, path: &str, (size, hash): (u64, u64)) {
    manifest.push_str(&format!("{size}\t{hash:016x}\t{path}\n"));
}

/// Whether `dest` already holds the bytes described by `entry`, per the manifest entry `old`
/// (and the size on disk, in case the file was changed by hand).
fn is_current(old: Option<&(u64, u64)>, entry: (u64, u64), dest: &Path) -> bool {
    old == Some(&entry) && dest.metadata().is_ok_and(|m| m.len() == entry.0)
}

fn staging_path(out: &Path, tag: &str) -> Result<PathBuf> {
    let name = out.file_name().context("output folder has no name")?.to_string_lossy().into_owned();
    let parent = out.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    Ok(parent.join(format!(".{name}.dossier-{tag}")))
}

/// Write `files` and copies of `statics` as the complete new content of `out`.
pub fn write_site(out: &Path, files: &[OutFile], statics: &[CopyFile]) -> Result<WriteStats> {
    write_site_with(out, files, statics, &mut |_| Ok(()))
}

/// `write_site` with a hook called before each file is written (tests inject failures here).
pub fn write_site_with(
    out: &Path,
    files: &[OutFile],
    statics: &[CopyFile],
    hook: &mut dyn FnMut(&str) -> Result<()>,
) -> Result<WriteStats> {
    let staging = Staging::begin(out)?;
    for f in files {
        if let Err(e) = hook(&f.path).and_then(|()| staging.put(&f.path, &f.bytes)) {
            staging.abandon();
            return Err(e);
        }
    }
    staging.finish(statics)
}

/// A new site being assembled beside the output folder. `put` may be called from many threads
/// (pages are written as they are rendered, so a build never holds the whole site in memory);
/// `finish` swaps it in, `abandon` (or dropping it unfinished) removes it.
pub struct Staging {
    out: PathBuf,
    dir: PathBuf,
    old: BTreeMap<String, (u64, u64)>,
    entries: Mutex<BTreeMap<String, (u64, u64)>>,
    dirs: Mutex<HashSet<PathBuf>>,
    written: AtomicUsize,
    unchanged: AtomicUsize,
    done: bool,
}

impl Staging {
    /// Start a new staging folder for `out` (a leftover from a killed build is removed).
    pub fn begin(out: &Path) -> Result<Staging> {
        let dir = staging_path(out, "staging")?;
        if dir.exists() {
            std::fs::remove_dir_all(&dir).with_context(|| format!("removing leftover {}", dir.display()))?;
        }
        std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
        Ok(Staging {
            out: out.to_path_buf(),
            dir,
            old: read_manifest(out),
            entries: Mutex::new(BTreeMap::new()),
            dirs: Mutex::new(HashSet::new()),
            written: AtomicUsize::new(0),
            unchanged: AtomicUsize::new(0),
            done: false,
        })
    }

    /// Add one file. Unchanged bytes become a hard link to the previous file (same mtime).
    pub fn put(&self, path: &str, bytes: &[u8]) -> Result<()> {
        let dest = self.dir.join(path);
        if let Some(parent) = dest.parent() {
            // Marked as made only once it exists: another thread may be creating it right now,
            // and `create_dir_all` is safe to race.
            let made = self.dirs.lock().is_ok_and(|d| d.contains(parent));
            if !made {
                std::fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
                if let Ok(mut d) = self.dirs.lock() {
                    d.insert(parent.to_path_buf());
                }
            }
        }
        let hash = content_hash(bytes);
        let size = bytes.len() as u64;
        let prev = self.out.join(path);
        let same = self.old.get(path) == Some(&(size, hash)) && prev.metadata().is_ok_and(|m| m.len() == size);
        if self.entries.lock().is_ok_and(|e| e.contains_key(path)) {
            // A static file replacing a theme asset: the later write wins.
            std::fs::remove_file(&dest).with_context(|| format!("replacing {}", dest.display()))?;
        }
        if same && std::fs::hard_link(&prev, &dest).is_ok() {
            self.unchanged.fetch_add(1, Ordering::Relaxed);
        } else {
            let mut f = std::fs::File::create(&dest).with_context(|| format!("creating {}", dest.display()))?;
            f.write_all(bytes).with_context(|| format!("writing {}", dest.display()))?;
            self.written.fetch_add(1, Ordering::Relaxed);
        }
        if let Ok(mut e) = self.entries.lock() {
            e.insert(path.to_string(), (size, hash));
        }
        Ok(())
    }

    /// Copy the static files, carry over what Dossier did not write, and swap the new site in.
    pub fn finish(mut self, statics: &[CopyFile]) -> Result<WriteStats> {
        let result = self.complete(statics);
        if result.is_err() {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
        self.done = true;
        result
    }

    fn complete(&self, statics: &[CopyFile]) -> Result<WriteStats> {
        for s in statics {
            let bytes = std::fs::read(&s.from).with_context(|| format!("reading {}", s.from.display()))?;
            self.put(&s.out, &bytes)?;
        }
        let entries = self.entries.lock().map(|e| e.clone()).unwrap_or_default();
        let ours: BTreeSet<String> = entries.keys().cloned().collect();
        let mut manifest = String::new();
        let mut bytes = 0;
        for (path, &(size, hash)) in &entries {
            push_manifest_line(&mut manifest, path, (size, hash));
            bytes += size;
        }
        carry_foreign(&self.out, &self.out, &self.dir, &self.old, &ours)?;
        std::fs::write(self.dir.join(MANIFEST), manifest).context("writing the output manifest")?;
        swap_in(&self.out, &self.dir)?;
        Ok(WriteStats {
            files: entries.len(),
            written: self.written.load(Ordering::Relaxed),
            unchanged: self.unchanged.load(Ordering::Relaxed),
            removed: self.old.keys().filter(|p| !ours.contains(*p)).count(),
            bytes,
        })
    }

    /// Drop the new site; the output folder is untouched.
    pub fn abandon(mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
        self.done = true;
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.done {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

/// Link every file of `out` that Dossier did not write into the staging folder.
fn carry_foreign(
    out: &Path,
    dir: &Path,
    staging: &Path,
    old: &BTreeMap<String, (u64, u64)>,
    ours: &BTreeSet<String>,
) -> Result<()> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Ok(()) };
    for entry in entries {
        let entry = entry?;
        let path = entry.path();
        let rel = path.strip_prefix(out).unwrap_or(&path).to_string_lossy().replace('\\', "/");
        if rel == MANIFEST || old.contains_key(&rel) || ours.contains(&rel) {
            continue;
        }
        let ft = entry.file_type()?;
        let dest = staging.join(&rel);
        if ft.is_dir() {
            std::fs::create_dir_all(&dest)?;
            carry_foreign(out, &path, staging, old, ours)?;
        } else if ft.is_symlink() {
            let target = std::fs::read_link(&path)?;
            #[cfg(unix)]
            std::os::unix::fs::symlink(&target, &dest).with_context(|| format!("keeping {}", path.display()))?;
            #[cfg(not(unix))]
            let _ = target;
        } else {
            if let Some(parent) = dest.parent() {
                std::fs::create_dir_all(parent)?;
            }
            if std::fs::hard_link(&path, &dest).is_err() {
                std::fs::copy(&path, &dest).with_context(|| format!("keeping {}", path.display()))?;
            }
        }
    }
    Ok(())
}

/// Replace `out` by `staging` in one step, then remove the old content.
fn swap_in(out: &Path, staging: &Path) -> Result<()> {
    if !out.exists() {
        if let Some(parent) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent)?;
        }
        return std::fs::rename(staging, out).with_context(|| format!("moving the new site to {}", out.display()));
    }
    if exchange(staging, out).is_ok() {
        // `staging` now holds the previous site.
        return remove_tree(staging).with_context(|| format!("removing the previous site from {}", staging.display()));
    }
    // No atomic exchange here: two renames, with the old site kept until the new one is in.
    let old = staging_path(out, "old")?;
    if old.exists() {
        std::fs::remove_dir_all(&old)?;
    }
    std::fs::rename(out, &old).with_context(|| format!("moving the previous site aside from {}", out.display()))?;
    if let Err(e) = std::fs::rename(staging, out) {
        let _ = std::fs::rename(&old, out);
        return Err(e).with_context(|| format!("moving the new site to {}", out.display()));
    }
    remove_tree(&old).with_context(|| format!("removing {}", old.display()))
}

/// `remove_dir_all`, with the folders of each level removed in parallel: removing the previous
/// site (tens of thousands of folders) is otherwise a long single-threaded tail of every build.
/// Symbolic links are removed, never followed.
fn remove_tree(dir: &Path) -> std::io::Result<()> {
    use rayon::prelude::*;
    let entries: Vec<std::fs::DirEntry> = std::fs::read_dir(dir)?.collect::<std::io::Result<_>>()?;
    entries.par_iter().try_for_each(|e| {
        if e.file_type()?.is_dir() {
            remove_tree(&e.path())
        } else {
            std::fs::remove_file(e.path())
        }
    })?;
    std::fs::remove_dir(dir)
}

#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let ca = CString::new(a.as_os_str().as_bytes())?;
    let cb = CString::new(b.as_os_str().as_bytes())?;
    // SAFETY: both paths are valid NUL-terminated strings that outlive the call.
    let r = unsafe { libc::renameat2(libc::AT_FDCWD, ca.as_ptr(), libc::AT_FDCWD, cb.as_ptr(), libc::RENAME_EXCHANGE) };
    if r == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> std::io::Result<()> {
    Err(std::io::Error::new(std::io::ErrorKind::Unsupported, "no atomic exchange"))
}

/// Bring an output folder written by `write_site` up to date in place after a rebuild:
/// `files` are the files made again (each written, atomically, only if its bytes changed),
/// `paths` every file the site generates now (a file of the manifest not listed, nor a static
/// file, is a page that no longer exists and is deleted), `statics` the site's static files.
/// The manifest is rewritten. For `build --watch`, where a rebuild changes a few files of
/// thousands; a reader of the folder sees every file either old or new, never half written.
/// Fails when the folder has no manifest: then it needs the whole site (`write_site`).
pub fn update_site(out: &Path, files: &[OutFile], paths: &[String], statics: &[CopyFile]) -> Result<WriteStats> {
    let manifest = std::fs::read_to_string(out.join(MANIFEST))
        .with_context(|| format!("{} has no manifest of what was written", out.display()))?;
    let old: BTreeMap<&str, (u64, u64)> = manifest.lines().filter_map(manifest_entry).collect();
    let mut now: BTreeMap<String, (u64, u64)> = BTreeMap::new();
    for p in paths {
        if let Some(&e) = old.get(p.as_str()) {
            now.insert(p.clone(), e);
        }
    }
    let mut stats = WriteStats::default();
    // Files are checked (a `stat` each) and written in parallel.
    let put = |path: &str, bytes: &[u8]| -> Result<((u64, u64), bool)> {
        let entry = (bytes.len() as u64, content_hash(bytes));
        let dest = out.join(path);
        let current = is_current(old.get(path), entry, &dest);
        if !current {
            write_atomic(&dest, bytes)?;
        }
        Ok((entry, !current))
    };
    let written: Vec<((u64, u64), bool)> = files.par_iter().map(|f| put(&f.path, &f.bytes)).collect::<Result<_>>()?;
    for (f, (entry, w)) in files.iter().zip(written) {
        now.insert(f.path.clone(), entry);
        stats.written += usize::from(w);
    }
    for s in statics {
        let bytes = std::fs::read(&s.from).with_context(|| format!("reading {}", s.from.display()))?;
        let (entry, w) = put(&s.out, &bytes)?;
        now.insert(s.out.clone(), entry);
        stats.written += usize::from(w);
    }
    for gone in old.keys().filter(|p| !now.contains_key(**p)) {
        remove_with_empty_parents(out, gone)?;
        stats.removed += 1;
    }
    let mut text = String::with_capacity(manifest.len() + 64);
    for (path, &entry) in &now {
        push_manifest_line(&mut text, path, entry);
        stats.bytes += entry.0;
    }
    stats.files = now.len();
    stats.unchanged = stats.files - stats.written;
    write_atomic(&out.join(MANIFEST), text.as_bytes())?;
    Ok(stats)
}

/// Delete the page `rel` of `out`, and the folders it leaves empty.
fn remove_with_empty_parents(out: &Path, rel: &str) -> Result<()> {
    let path = out.join(rel);
    match std::fs::remove_file(&path) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(e).with_context(|| format!("removing {}", path.display())),
    }
    let mut dir = path.parent();
    while let Some(d) = dir.filter(|d| *d != out && d.starts_with(out)) {
        if std::fs::remove_dir(d).is_err() {
            break; // not empty (or already gone): keep it
        }
        dir = d.parent();
    }
    Ok(())
}

/// Write one file in place atomically (temp file, then rename): for incremental rebuilds.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    let mut tmp_name = path.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    tmp_name.push(".dossier-tmp");
    let tmp = path.with_file_name(tmp_name);
    std::fs::write(&tmp, bytes).with_context(|| format!("writing {}", tmp.display()))?;
    std::fs::rename(&tmp, path).with_context(|| format!("moving {} into place", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(p: &str, s: &str) -> OutFile {
        OutFile { path: p.into(), bytes: s.as_bytes().to_vec().into() }
    }

    #[test]
    fn keeps_foreign_files_drops_stale_pages_keeps_mtimes() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_site(&out, &[file("index.html", "a"), file("old/index.html", "x")], &[]).unwrap();
        std::fs::write(out.join("CNAME"), "example.org").unwrap();
        std::fs::create_dir_all(out.join(".git/objects")).unwrap();
        std::fs::write(out.join(".git/objects/1"), "obj").unwrap();
        let before = std::fs::metadata(out.join("index.html")).unwrap().modified().unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        let stats = write_site(&out, &[file("index.html", "a"), file("new/index.html", "n")], &[]).unwrap();
        assert_eq!((stats.unchanged, stats.written, stats.removed), (1, 1, 1));
        assert_eq!(std::fs::metadata(out.join("index.html")).unwrap().modified().unwrap(), before);
        assert!(!out.join("old/index.html").exists());
        assert_eq!(std::fs::read_to_string(out.join("CNAME")).unwrap(), "example.org");
        assert_eq!(std::fs::read_to_string(out.join(".git/objects/1")).unwrap(), "obj");
        assert!(!dir.path().join(".public.dossier-staging").exists());
    }

    #[test]
    fn update_in_place_matches_a_fresh_write() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a"), dir.path().join("b"));
        write_site(&a, &[file("index.html", "1"), file("x/y/index.html", "y"), file("k/index.html", "k")], &[])
            .unwrap();
        std::fs::write(a.join("CNAME"), "example.org").unwrap();
        let next = [file("index.html", "2"), file("k/index.html", "k"), file("n/index.html", "n")];
        let paths: Vec<String> = next.iter().map(|f| f.path.clone()).collect();
        let stats = update_site(&a, &next, &paths, &[]).unwrap();
        assert_eq!((stats.written, stats.unchanged, stats.removed), (2, 1, 1));
        assert!(!a.join("x").exists(), "the emptied folder of a removed page is removed");
        assert_eq!(std::fs::read_to_string(a.join("CNAME")).unwrap(), "example.org");
        write_site(&b, &next, &[]).unwrap();
        for p in ["index.html", "k/index.html", "n/index.html", MANIFEST] {
            assert_eq!(std::fs::read(a.join(p)).unwrap(), std::fs::read(b.join(p)).unwrap(), "{p}");
        }
        // Only the file made again is handed over; the others stay as they are.
        let stats = update_site(&a, &[file("index.html", "3")], &paths, &[]).unwrap();
        assert_eq!((stats.written, stats.unchanged, stats.removed), (1, 2, 0));
        assert_eq!(std::fs::read_to_string(a.join("index.html")).unwrap(), "3");
        assert_eq!(std::fs::read_to_string(a.join("k/index.html")).unwrap(), "k");
    }

    #[test]
    fn many_threads_writing_into_the_same_new_folders() {
        use rayon::prelude::*;
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        for _ in 0..5 {
            let staging = Staging::begin(&out).unwrap();
            (0..400).into_par_iter().for_each(|i| {
                staging.put(&format!("d{}/p{i}/index.html", i % 7), b"x").unwrap();
                staging.put(&format!("d{}/f{i}.js", i % 7), b"y").unwrap();
            });
            let stats = staging.finish(&[]).unwrap();
            assert_eq!(stats.files, 800);
        }
        assert!(out.join("d3/p3/index.html").is_file() && out.join("d6/f6.js").is_file());
    }

    #[test]
    fn a_failure_mid_write_leaves_the_previous_site() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_site(&out, &[file("index.html", "v1"), file("a/index.html", "v1")], &[]).unwrap();
        let err = write_site_with(&out, &[file("index.html", "v2"), file("a/index.html", "v2")], &[], &mut |p| {
            if p == "a/index.html" {
                anyhow::bail!("disk full")
            }
            Ok(())
        });
        assert!(err.is_err());
        assert_eq!(std::fs::read_to_string(out.join("index.html")).unwrap(), "v1");
        assert_eq!(std::fs::read_to_string(out.join("a/index.html")).unwrap(), "v1");
    }
}

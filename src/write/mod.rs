//! Stage 5, write: put the rendered site on disk without ever leaving a half-written folder,
//! and without touching anything outside the output folder.
//!
//! The new site is assembled in a staging folder beside the output folder, then swapped in
//! with one atomic exchange. Files whose bytes did not change are hard links to the previous
//! files, so they keep their modification times and sync tools upload only what changed.
//! Files Dossier did not write (a `.git` folder, `CNAME`, `.nojekyll`) are carried over; pages
//! Dossier wrote before that no longer exist are dropped; leftovers of an interrupted write
//! (`*.dossier-tmp`) are dropped too. The manifest (`manifest`) tells them apart. An output
//! folder that is a symbolic link stays one: the folder it points to is the one replaced.
//! `build --watch` updates the folder in place instead (`in_place`). Every path goes through
//! `confine` first.

mod confine;
mod in_place;
mod manifest;

pub use confine::output_folder;
pub use in_place::update_site;
pub use manifest::{content_hash, MANIFEST};

use crate::render::OutFile;
use anyhow::{bail, Context as _, Result};
use confine::Beneath;
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

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
    /// What was ignored on the way (lines of a tampered manifest), for the terminal.
    pub warnings: Vec<String>,
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
    /// The real output folder (a symbolic link resolved).
    out: PathBuf,
    dir: PathBuf,
    /// The previous files, which unchanged files are linked to.
    previous: Beneath,
    old: BTreeMap<String, manifest::Entry>,
    warnings: Vec<String>,
    entries: Mutex<BTreeMap<String, manifest::Entry>>,
    dirs: Mutex<HashSet<PathBuf>>,
    written: AtomicUsize,
    unchanged: AtomicUsize,
    done: bool,
}

impl Staging {
    /// Start a new staging folder for `out` (a leftover from a killed build is removed). When
    /// `out` is a symbolic link, the folder it points to is the one built and replaced.
    pub fn begin(out: &Path) -> Result<Staging> {
        let out = confine::resolve(out)?;
        let dir = staging_path(&out, "staging")?;
        if dir.symlink_metadata().is_ok() {
            std::fs::remove_dir_all(&dir).with_context(|| format!("removing leftover {}", dir.display()))?;
        }
        std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
        let manifest = manifest::read(&out);
        Ok(Staging {
            previous: Beneath::new(&out),
            out,
            dir,
            old: manifest.entries().map(|(p, e)| (p.to_string(), e)).collect(),
            warnings: manifest.warnings,
            entries: Mutex::new(BTreeMap::new()),
            dirs: Mutex::new(HashSet::new()),
            written: AtomicUsize::new(0),
            unchanged: AtomicUsize::new(0),
            done: false,
        })
    }

    /// Add one file. Unchanged bytes become a hard link to the previous file (same mtime).
    pub fn put(&self, path: &str, bytes: &[u8]) -> Result<()> {
        confine::relative(path)?;
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
        // The previous file, if the manifest says it holds these bytes and it is a plain file of
        // that size inside the output folder.
        let prev = Some(path)
            .filter(|p| self.old.get(*p) == Some(&(size, hash)))
            .and_then(|p| self.previous.path(p).ok())
            .filter(|p| p.symlink_metadata().is_ok_and(|m| m.is_file() && m.len() == size));
        if self.entries.lock().is_ok_and(|e| e.contains_key(path)) {
            // A static file replacing a theme asset: the later write wins.
            std::fs::remove_file(&dest).with_context(|| format!("replacing {}", dest.display()))?;
        }
        if prev.is_some_and(|prev| std::fs::hard_link(prev, &dest).is_ok()) {
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
            manifest::push_line(&mut manifest, path, (size, hash));
            bytes += size;
        }
        carry_foreign(&self.out, &self.out, &self.dir, &self.old, &ours)?;
        std::fs::write(self.dir.join(MANIFEST), manifest).context("writing the output manifest")?;
        if let Ok(m) = std::fs::metadata(&self.out) {
            // The output folder keeps the permissions it was given (a shared web root).
            let _ = std::fs::set_permissions(&self.dir, m.permissions());
        }
        swap_in(&self.out, &self.dir)?;
        Ok(WriteStats {
            files: entries.len(),
            written: self.written.load(Ordering::Relaxed),
            unchanged: self.unchanged.load(Ordering::Relaxed),
            removed: self.old.keys().filter(|p| !ours.contains(*p)).count(),
            bytes,
            warnings: self.warnings.clone(),
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

/// Link every file of `out` that Dossier did not write into the staging folder (symbolic links
/// are kept as links, never followed). Temporary files of an interrupted write are left behind,
/// and so are folders left empty by dropped pages (a folder that was empty is kept).
fn carry_foreign(
    out: &Path,
    dir: &Path,
    staging: &Path,
    old: &BTreeMap<String, manifest::Entry>,
    ours: &BTreeSet<String>,
) -> Result<()> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Ok(()) };
    let mut empty = true;
    for entry in entries {
        let entry = entry?;
        empty = false;
        let path = entry.path();
        let rel = path.strip_prefix(out).unwrap_or(&path).to_string_lossy().replace('\\', "/");
        if rel == MANIFEST
            || old.contains_key(&rel)
            || ours.contains(&rel)
            || confine::is_temporary(&entry.file_name().to_string_lossy())
        {
            continue;
        }
        let ft = entry.file_type()?;
        if ft.is_dir() {
            carry_foreign(out, &path, staging, old, ours)?;
            continue;
        }
        let dest = staging.join(&rel);
        if dest.symlink_metadata().is_ok() {
            bail!("`{}` is in the way of what Dossier writes at `{rel}`; move or remove it", path.display());
        }
        if let Some(parent) = dest.parent() {
            std::fs::create_dir_all(parent).with_context(|| format!("keeping {}", path.display()))?;
        }
        if ft.is_symlink() {
            let target = std::fs::read_link(&path)?;
            #[cfg(unix)]
            std::os::unix::fs::symlink(&target, &dest).with_context(|| format!("keeping {}", path.display()))?;
            #[cfg(not(unix))]
            let _ = target;
        } else if std::fs::hard_link(&path, &dest).is_err() {
            std::fs::copy(&path, &dest).with_context(|| format!("keeping {}", path.display()))?;
        }
    }
    if empty && dir != out {
        let dest = staging.join(dir.strip_prefix(out).unwrap_or(dir));
        std::fs::create_dir_all(&dest).with_context(|| format!("keeping {}", dir.display()))?;
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
    if old.symlink_metadata().is_ok() {
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
        std::fs::create_dir_all(out.join("uploads/empty")).unwrap();
        let before = std::fs::metadata(out.join("index.html")).unwrap().modified().unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        let stats = write_site(&out, &[file("index.html", "a"), file("new/index.html", "n")], &[]).unwrap();
        assert_eq!((stats.unchanged, stats.written, stats.removed), (1, 1, 1));
        assert_eq!(std::fs::metadata(out.join("index.html")).unwrap().modified().unwrap(), before);
        assert!(!out.join("old").exists(), "the folder of a dropped page goes too");
        assert!(out.join("uploads/empty").is_dir(), "an empty folder of the user's stays");
        assert_eq!(std::fs::read_to_string(out.join("CNAME")).unwrap(), "example.org");
        assert_eq!(std::fs::read_to_string(out.join(".git/objects/1")).unwrap(), "obj");
        assert!(!dir.path().join(".public.dossier-staging").exists());
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

    #[test]
    fn paths_that_leave_the_output_folder_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site/public");
        write_site(&out, &[file("index.html", "v1")], &[]).unwrap();
        let abs = dir.path().join("abs.html").display().to_string();
        for bad in ["../escape.html", "../../escape.html", abs.as_str(), "a/../../x.html", "", "a//b.html"] {
            let err = write_site(&out, &[file("index.html", "v2"), file(bad, "x")], &[]).unwrap_err();
            assert!(format!("{err:#}").contains("is not a path inside the output folder"), "{bad}: {err:#}");
        }
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(left, ["site"]);
        assert_eq!(std::fs::read_to_string(out.join("index.html")).unwrap(), "v1");
    }

    #[test]
    fn leftover_temporary_files_are_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_site(&out, &[file("a/index.html", "a")], &[]).unwrap();
        for leftover in ["a/.~3.dossier-tmp", "a/.~4.dossier-tmp-old", "index.html.dossier-tmp"] {
            std::fs::write(out.join(leftover), "half").unwrap();
        }
        std::fs::write(out.join("CNAME"), "mine").unwrap();
        write_site(&out, &[file("a/index.html", "a")], &[]).unwrap();
        let mut names: Vec<String> = walkdir::WalkDir::new(&out)
            .min_depth(1)
            .into_iter()
            .map(|e| e.unwrap().path().strip_prefix(&out).unwrap().display().to_string())
            .collect();
        names.sort();
        assert_eq!(names, [MANIFEST, "CNAME", "a", "a/index.html"]);
    }

    #[cfg(unix)]
    #[test]
    fn a_linked_output_folder_stays_a_link_and_keeps_foreign_files() {
        let dir = tempfile::tempdir().unwrap();
        let (web, link) = (dir.path().join("web"), dir.path().join("public"));
        std::fs::create_dir_all(&web).unwrap();
        std::fs::write(web.join("keep.txt"), "mine").unwrap();
        std::os::unix::fs::symlink(&web, &link).unwrap();
        write_site(&link, &[file("index.html", "v1")], &[]).unwrap();
        write_site(&link, &[file("index.html", "v2")], &[]).unwrap();
        assert!(link.symlink_metadata().unwrap().file_type().is_symlink());
        assert_eq!(std::fs::read_to_string(web.join("keep.txt")).unwrap(), "mine");
        assert_eq!(std::fs::read_to_string(web.join("index.html")).unwrap(), "v2");
        let mut left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        left.sort();
        assert_eq!(left, ["public", "web"]);
    }
}

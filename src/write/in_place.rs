//! Bringing an output folder up to date in place, for `build --watch`: a rebuild changes a
//! handful of files out of thousands, and staging the whole site again would cost seconds.
//!
//! A rebuild's changes land as a whole or not at all (`Update`). Every changed file is first
//! written under a temporary name beside its target (`.~N.dossier-tmp`, in the same folder, so
//! the rename that puts it in place is atomic). Only once all of them are written are they
//! renamed into place, each replaced file kept as a hard link until every rename succeeded;
//! pages that no longer exist are moved aside the same way; the manifest goes last. If any step
//! fails, the steps already done are undone, the temporary files and new folders are removed,
//! and the folder is as it was. A kill in the middle leaves `*.dossier-tmp` files, which the
//! next full write drops, and the previous manifest, which never takes a stale file for current.

use super::confine::{self, Beneath, TEMP_MARK};
use super::manifest::{self, content_hash, Entry, MANIFEST};
use super::{CopyFile, WriteStats};
use crate::render::OutFile;
use anyhow::{bail, Context as _, Result};
use rayon::prelude::*;
use std::collections::{BTreeMap, HashSet};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, MutexGuard, PoisonError};

/// Bring an output folder written by `write_site` up to date in place after a rebuild, as one
/// `Update`: `files` are the files made again (each written only if its bytes changed), `paths`
/// every file the site generates now (a file of the manifest that is neither listed nor a
/// static file is a page that no longer exists, and is deleted), `statics` the site's static
/// files; the manifest is rewritten. A reader of the folder sees every file either old or new,
/// never half written; after an error the folder is as it was. A folder without a manifest
/// cannot be brought up to date from a few files: that is an error, and the caller writes the
/// whole site instead (`write_site`).
pub fn update_site(out: &Path, files: &[OutFile], paths: &[String], statics: &[CopyFile]) -> Result<WriteStats> {
    if !out.join(MANIFEST).is_file() {
        bail!("{} has no manifest of what Dossier wrote there; the whole site must be written", out.display());
    }
    let mut manifest = manifest::read(out);
    let mut stats = WriteStats { warnings: std::mem::take(&mut manifest.warnings), ..WriteStats::default() };
    let old: BTreeMap<&str, Entry> = manifest.entries().collect();
    // What the folder holds now: the files not made again stay as the manifest says. A file
    // the manifest does not know was never written here: only the whole site can fill it in.
    let made: HashSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    let mut now: BTreeMap<String, Entry> = BTreeMap::new();
    for p in paths.iter().filter(|p| !made.contains(p.as_str())) {
        match old.get(p.as_str()) {
            Some(&e) => {
                now.insert(p.clone(), e);
            }
            None => bail!("{} has no `{p}`; the whole site must be written", out.display()),
        }
    }
    let update = Update::new(out);
    // Files are checked (a `stat` each) and staged in parallel.
    let staged: Vec<(Entry, bool)> = files
        .par_iter()
        .map(|f| {
            let hash = content_hash(&f.bytes);
            let written = update.put(old.get(f.path.as_str()), &f.path, &f.bytes, hash)?;
            Ok(((f.bytes.len() as u64, hash), written))
        })
        .collect::<Result<_>>()?;
    for (f, (entry, written)) in files.iter().zip(staged) {
        now.insert(f.path.clone(), entry);
        stats.written += usize::from(written);
    }
    for s in statics {
        let bytes = std::fs::read(&s.from).with_context(|| format!("reading {}", s.from.display()))?;
        let hash = content_hash(&bytes);
        let written = update.put(old.get(s.out.as_str()), &s.out, &bytes, hash)?;
        now.insert(s.out.clone(), (bytes.len() as u64, hash));
        stats.written += usize::from(written);
    }
    for gone in old.keys().filter(|p| !now.contains_key(**p)) {
        match update.remove(gone) {
            Ok(removed) => stats.removed += usize::from(removed),
            Err(e) => stats.warnings.push(format!("{e:#}")),
        }
    }
    let mut text = String::with_capacity(now.len() * 64);
    for (path, &entry) in &now {
        manifest::push_line(&mut text, path, entry);
        stats.bytes += entry.0;
    }
    stats.files = now.len();
    stats.unchanged = stats.files - stats.written;
    if stats.written > 0 || stats.removed > 0 || manifest.line_count() != now.len() || !stats.warnings.is_empty() {
        update.commit(&text)?;
    }
    Ok(stats)
}

/// Whether `dest` already holds the bytes described by `entry`, per the manifest entry `old`
/// (and the size on disk, in case the file was changed by hand).
fn is_current(old: Option<&Entry>, entry: Entry, dest: &Path) -> bool {
    old == Some(&entry) && dest.symlink_metadata().is_ok_and(|m| m.is_file() && m.len() == entry.0)
}

/// Changes to an output folder that land as a whole or not at all: `put` and `remove` prepare
/// them (nothing a reader of the folder sees changes), `commit` applies them. Dropped without
/// a commit, an update removes what it prepared.
struct Update<'a> {
    out: &'a Path,
    beneath: Beneath,
    next: AtomicUsize,
    /// Files written under a temporary name: (temporary, target).
    staged: Mutex<Vec<(PathBuf, PathBuf)>>,
    /// Pages to remove.
    removals: Mutex<Vec<PathBuf>>,
    /// Folders created for new files, removed again if the update does not land.
    made: Mutex<Vec<PathBuf>>,
    committed: bool,
}

/// A step of a commit that was done, and how to undo it.
enum Done {
    /// `dest` holds the new bytes; `backup` the file it replaced, if there was one.
    Replaced { dest: PathBuf, backup: Option<PathBuf> },
    /// `dest` was moved to `backup`.
    Removed { dest: PathBuf, backup: PathBuf },
}

fn locked<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

impl<'a> Update<'a> {
    fn new(out: &'a Path) -> Update<'a> {
        Update {
            out,
            beneath: Beneath::new(out),
            next: AtomicUsize::new(0),
            staged: Mutex::default(),
            removals: Mutex::default(),
            made: Mutex::default(),
            committed: false,
        }
    }

    /// Stage `bytes` as the file `rel` unless the folder already holds them (per the manifest
    /// entry `old`; `hash` is theirs). Whether it was staged.
    fn put(&self, old: Option<&Entry>, rel: &str, bytes: &[u8], hash: u64) -> Result<bool> {
        confine::relative(rel)?;
        if is_current(old, (bytes.len() as u64, hash), &self.out.join(rel)) {
            return Ok(false);
        }
        self.stage(rel, bytes)?;
        Ok(true)
    }

    /// Write `bytes` under a temporary name beside `rel`: (temporary, target).
    fn stage(&self, rel: &str, bytes: &[u8]) -> Result<(PathBuf, PathBuf)> {
        let dest = self.beneath.path(rel)?;
        if dest.symlink_metadata().is_ok_and(|m| m.is_dir()) {
            bail!("`{}` is a folder where Dossier writes a file; move or remove it", dest.display());
        }
        self.make_parents(&dest)?;
        let tmp = self.beside(&dest, "");
        locked(&self.staged).push((tmp.clone(), dest.clone()));
        write_new(&tmp, bytes).with_context(|| format!("writing {}", dest.display()))?;
        Ok((tmp, dest))
    }

    /// Prepare the removal of the page `rel`, which the manifest lists but the new site does
    /// not have. Whether there is a file to remove; an error when it is refused (a path that
    /// leads outside the output folder, a folder).
    fn remove(&self, rel: &str) -> Result<bool> {
        let dest = self.beneath.path(rel).context("not removing a page the manifest lists")?;
        match dest.symlink_metadata() {
            Err(_) => Ok(false),
            Ok(m) if m.is_dir() => {
                bail!("not removing `{}`: the manifest lists it as a page, but it is a folder", dest.display())
            }
            Ok(_) => {
                locked(&self.removals).push(dest);
                Ok(true)
            }
        }
    }

    /// A temporary name in the folder of `dest`, unique in this update.
    fn beside(&self, dest: &Path, suffix: &str) -> PathBuf {
        let n = self.next.fetch_add(1, Ordering::Relaxed);
        dest.with_file_name(format!(".~{n}{TEMP_MARK}{suffix}"))
    }

    /// Create the missing folders above `dest`, remembering them.
    fn make_parents(&self, dest: &Path) -> Result<()> {
        let mut missing = Vec::new();
        let mut dir = dest.parent();
        while let Some(d) = dir {
            match std::fs::metadata(d) {
                Ok(m) if m.is_dir() => break,
                Ok(_) => bail!(
                    "`{}` is a file where Dossier needs a folder (for `{}`); move or remove it",
                    d.display(),
                    dest.display()
                ),
                Err(_) => missing.push(d.to_path_buf()),
            }
            dir = d.parent();
        }
        for d in missing.into_iter().rev() {
            match std::fs::create_dir(&d) {
                Ok(()) => locked(&self.made).push(d),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && d.is_dir() => {}
                Err(e) => return Err(e).with_context(|| format!("creating {}", d.display())),
            }
        }
        Ok(())
    }

    /// Apply the update with `manifest` as the new manifest: every staged file renamed into
    /// place and every removal done, then the manifest; on any failure all of it is undone.
    fn commit(mut self, manifest: &str) -> Result<()> {
        let files: Vec<(PathBuf, PathBuf)> = locked(&self.staged).clone();
        let (tmp, dest) = self.stage(MANIFEST, manifest.as_bytes())?;
        let removals = std::mem::take(&mut *locked(&self.removals));
        let steps: Vec<Result<Done>> = files
            .par_iter()
            .map(|(tmp, dest)| self.replace(tmp, dest))
            .chain(removals.par_iter().map(|dest| self.move_aside(dest)))
            .collect();
        let mut done = Vec::with_capacity(steps.len() + 1);
        let mut failed = None;
        for step in steps {
            match step {
                Ok(d) => done.push(d),
                Err(e) => failed = failed.or(Some(e)),
            }
        }
        // The manifest goes last: until it is in place it describes the previous files.
        let result = match failed {
            Some(e) => Err(e),
            None => self.replace(&tmp, &dest).map(|d| done.push(d)),
        };
        if let Err(e) = result {
            let undone = done.into_par_iter().map(Done::undo).all(|ok| ok);
            if !undone {
                return Err(
                    e.context("and the output folder could not be restored in full: the next build rewrites it")
                );
            }
            return Err(e);
        }
        self.committed = true;
        done.par_iter().for_each(Done::forget);
        for d in &done {
            if let Done::Removed { dest, .. } = d {
                remove_empty_parents(self.out, dest);
            }
        }
        Ok(())
    }

    /// Rename the staged `tmp` over `dest`, keeping the file it replaces aside.
    fn replace(&self, tmp: &Path, dest: &Path) -> Result<Done> {
        let backup = match dest.symlink_metadata() {
            Ok(_) => {
                let backup = self.beside(dest, "-old");
                let _ = std::fs::remove_file(&backup);
                std::fs::hard_link(dest, &backup)
                    .or_else(|_| std::fs::copy(dest, &backup).map(|_| ()))
                    .with_context(|| format!("keeping the previous {} until the update is in", dest.display()))?;
                Some(backup)
            }
            Err(_) => None,
        };
        if let Err(e) = std::fs::rename(tmp, dest) {
            if let Some(b) = &backup {
                let _ = std::fs::remove_file(b);
            }
            return Err(e).with_context(|| format!("moving the new {} into place", dest.display()));
        }
        Ok(Done::Replaced { dest: dest.to_path_buf(), backup })
    }

    /// Move the page `dest` aside, to be deleted once the update is in.
    fn move_aside(&self, dest: &Path) -> Result<Done> {
        let backup = self.beside(dest, "-old");
        let _ = std::fs::remove_file(&backup);
        std::fs::rename(dest, &backup).with_context(|| format!("removing {}", dest.display()))?;
        Ok(Done::Removed { dest: dest.to_path_buf(), backup })
    }
}

impl Done {
    /// Put back what was there before; whether that worked.
    fn undo(self) -> bool {
        match self {
            Done::Replaced { dest, backup: Some(backup) } | Done::Removed { dest, backup } => {
                std::fs::rename(backup, dest).is_ok()
            }
            Done::Replaced { dest, backup: None } => std::fs::remove_file(dest).is_ok(),
        }
    }

    /// Delete what was kept for an undo.
    fn forget(&self) {
        match self {
            Done::Replaced { backup: Some(backup), .. } | Done::Removed { backup, .. } => {
                let _ = std::fs::remove_file(backup);
            }
            Done::Replaced { backup: None, .. } => {}
        }
    }
}

impl Drop for Update<'_> {
    fn drop(&mut self) {
        if self.committed {
            return;
        }
        for (tmp, _) in locked(&self.staged).iter() {
            let _ = std::fs::remove_file(tmp);
        }
        let mut made = std::mem::take(&mut *locked(&self.made));
        made.sort_by_key(|d| std::cmp::Reverse(d.components().count()));
        for d in made {
            let _ = std::fs::remove_dir(d);
        }
    }
}

/// Create `path` (removing a leftover of that name first, never writing through a link).
fn write_new(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let _ = std::fs::remove_file(path);
    let mut f = std::fs::OpenOptions::new().write(true).create_new(true).open(path)?;
    f.write_all(bytes)
}

/// Remove the folders above `removed` (a removed page of `out`) that it left empty.
fn remove_empty_parents(out: &Path, removed: &Path) {
    let mut dir = removed.parent();
    while let Some(d) = dir.filter(|d| *d != out && d.starts_with(out)) {
        if std::fs::remove_dir(d).is_err() {
            break; // not empty (or already gone): keep it
        }
        dir = d.parent();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::write::write_site;

    fn file(p: &str, s: &str) -> OutFile {
        OutFile { path: p.into(), bytes: s.as_bytes().to_vec().into() }
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
        // A file the folder never had cannot be left as it is.
        let more: Vec<String> = paths.iter().cloned().chain(["m/index.html".to_string()]).collect();
        assert!(update_site(&a, &[], &more, &[]).is_err());
    }

    /// Every file below `dir`, with its bytes (links as `-> target`).
    fn tree(dir: &Path) -> BTreeMap<String, String> {
        let mut out = BTreeMap::new();
        for e in walkdir::WalkDir::new(dir).min_depth(1) {
            let e = e.unwrap();
            let rel = e.path().strip_prefix(dir).unwrap().to_string_lossy().into_owned();
            if e.path_is_symlink() {
                out.insert(rel, format!("-> {}", std::fs::read_link(e.path()).unwrap().display()));
            } else if e.file_type().is_file() {
                out.insert(rel, std::fs::read_to_string(e.path()).unwrap());
            } else {
                out.insert(rel + "/", String::new());
            }
        }
        out
    }

    #[test]
    fn a_failed_update_leaves_the_folder_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let v1 = [file("index.html", "1"), file("a/index.html", "a"), file("gone/index.html", "g")];
        write_site(&out, &v1, &[]).unwrap();
        // A file of the user's where the new page needs a folder.
        std::fs::write(out.join("new"), "mine").unwrap();
        let before = tree(&out);
        let v2 = [file("a/index.html", "a2"), file("index.html", "2"), file("new/x/index.html", "n")];
        let paths = |v: &[OutFile]| v.iter().map(|f| f.path.clone()).collect::<Vec<_>>();
        let err = format!("{:#}", update_site(&out, &v2, &paths(&v2), &[]).unwrap_err());
        assert!(err.contains("is a file where Dossier needs a folder") && err.contains("new"), "{err}");
        assert_eq!(tree(&out), before, "nothing changed, no temporary file or new folder is left");
        // A folder where the new page goes: the files staged before it are taken back.
        std::fs::remove_file(out.join("new")).unwrap();
        std::fs::create_dir_all(out.join("new/x/index.html/deep")).unwrap();
        let before = tree(&out);
        assert!(update_site(&out, &v2, &paths(&v2), &[]).is_err());
        assert_eq!(tree(&out), before);
        std::fs::remove_dir_all(out.join("new")).unwrap();
        let stats = update_site(&out, &v2, &paths(&v2), &[]).unwrap();
        assert_eq!((stats.written, stats.removed), (3, 1));
        assert_eq!(std::fs::read_to_string(out.join("new/x/index.html")).unwrap(), "n");
        assert!(!out.join("gone").exists());
    }

    #[test]
    fn a_commit_that_fails_midway_is_undone() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_site(&out, &[file("a.html", "a1"), file("b.html", "b1"), file("c.html", "c1")], &[]).unwrap();
        let before = tree(&out);
        let update = Update::new(&out);
        update.stage("a.html", b"a2").unwrap();
        update.stage("b.html", b"b2").unwrap();
        update.remove("c.html").unwrap();
        // The staged `b.html` vanishes before its rename: the rename of `a.html` is taken back.
        let staged_b = locked(&update.staged)[1].0.clone();
        std::fs::remove_file(staged_b).unwrap();
        let err = format!("{:#}", update.commit("manifest").unwrap_err());
        assert!(err.contains("moving the new") && err.contains("b.html"), "{err}");
        assert_eq!(tree(&out), before);
    }

    #[cfg(unix)]
    #[test]
    fn a_tampered_manifest_or_a_link_cannot_reach_outside() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let away = dir.path().join("away");
        std::fs::create_dir_all(&away).unwrap();
        for victim in ["victim.txt", "away/x.html"] {
            std::fs::write(dir.path().join(victim), "precious").unwrap();
        }
        write_site(&out, &[file("index.html", "1")], &[]).unwrap();
        std::os::unix::fs::symlink(&away, out.join("link")).unwrap();
        let mut manifest = std::fs::read_to_string(out.join(MANIFEST)).unwrap();
        for p in
            ["../victim.txt".to_string(), dir.path().join("victim.txt").display().to_string(), "link/x.html".into()]
        {
            manifest::push_line(&mut manifest, &p, (8, 0));
        }
        std::fs::write(out.join(MANIFEST), manifest).unwrap();
        let stats = update_site(&out, &[file("index.html", "2")], &["index.html".into()], &[]).unwrap();
        assert_eq!(stats.removed, 0);
        assert_eq!(stats.warnings.len(), 3, "{:?}", stats.warnings);
        assert!(stats.warnings[2].contains("symbolic link"), "{:?}", stats.warnings);
        for victim in ["victim.txt", "away/x.html"] {
            assert_eq!(std::fs::read_to_string(dir.path().join(victim)).unwrap(), "precious", "{victim}");
        }
        assert!(!std::fs::read_to_string(out.join(MANIFEST)).unwrap().contains("victim"), "bad lines are dropped");
        // Nothing is written through the link either, on either in-place path.
        let through = [file("index.html", "2"), file("link/y/index.html", "y")];
        let paths: Vec<String> = through.iter().map(|f| f.path.clone()).collect();
        let err = format!("{:#}", update_site(&out, &through, &paths, &[]).unwrap_err());
        assert!(err.contains("outside the output folder"), "{err}");
        assert!(
            update_site(&out, &[file("link/x.html", "x")], &["index.html".into(), "link/x.html".into()], &[]).is_err()
        );
        assert_eq!(std::fs::read_dir(&away).unwrap().count(), 1);
        assert_eq!(std::fs::read_to_string(away.join("x.html")).unwrap(), "precious");
    }
}

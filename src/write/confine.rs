//! The gate between the writer and the disk: every relative path the writer creates, links,
//! removes or takes from the manifest goes through `relative` (and, when it touches the output
//! folder in place, through `Beneath`), and the output folder itself through `output_folder`.
//!
//! Paths reach the writer from page ids, slugs and file names of the site, and from the
//! manifest in the output folder; all of them are untrusted. The model refuses bad ids first;
//! this is the second line of defence, so that whatever the writer is handed it never creates,
//! replaces or deletes anything outside the output folder, and never treats a folder the site
//! reads (or the site itself) as an output folder it may replace.

use anyhow::{bail, Context as _, Result};
use std::collections::HashSet;
use std::path::{Component, Path, PathBuf};
use std::sync::{Mutex, OnceLock};

/// The mark in the names of the writer's temporary files (`.~12.dossier-tmp`, and leftovers
/// of older versions, `index.html.dossier-tmp`). No output path may contain it, so a name that
/// does is always a leftover of an interrupted write: the next build drops it.
pub const TEMP_MARK: &str = ".dossier-tmp";

/// Whether the file name `name` is one of the writer's temporary files.
pub fn is_temporary(name: &str) -> bool {
    name.contains(TEMP_MARK)
}

/// Check that `rel` names a file inside whatever folder it is joined to: `/`-separated
/// segments, none of them empty, `.` or `..`, no backslash or NUL, not absolute.
pub fn relative(rel: &str) -> Result<()> {
    let why = if rel.is_empty() {
        "it is empty"
    } else if rel.starts_with('/') {
        "it is absolute"
    } else if rel.contains('\0') {
        "it holds a NUL byte"
    } else if rel.contains('\\') {
        "it holds a backslash"
    } else if rel.split('/').any(|s| s.is_empty() || s == "." || s == "..") {
        "it has an empty, `.` or `..` segment"
    } else if is_temporary(rel) {
        "`.dossier-tmp` is reserved for temporary files"
    } else if cfg!(windows) && !Path::new(rel).components().all(|c| matches!(c, Component::Normal(_))) {
        "it is not a plain relative path here" // a drive prefix (`C:`)
    } else {
        return Ok(());
    };
    bail!("`{}` is not a path inside the output folder: {why}", rel.escape_debug())
}

/// A folder and the folders below it known to be real folders, not symbolic links that lead
/// outside it. Each folder is looked at once (a `lstat`), whatever number of files go into it.
#[derive(Debug)]
pub struct Beneath {
    root: PathBuf,
    /// The canonical `root`, taken when a symbolic link first needs to be judged.
    real_root: OnceLock<Option<PathBuf>>,
    /// Relative folders already checked.
    known: Mutex<HashSet<String>>,
}

impl Beneath {
    pub fn new(root: &Path) -> Beneath {
        Beneath { root: root.to_path_buf(), real_root: OnceLock::new(), known: Mutex::new(HashSet::new()) }
    }

    /// `root/rel`, once `rel` passed `relative` and none of its folders that exist is a
    /// symbolic link to a place outside `root`. (The last segment may be a link: renaming
    /// over it or removing it touches the link, never its target.)
    pub fn path(&self, rel: &str) -> Result<PathBuf> {
        relative(rel)?;
        for (at, _) in rel.match_indices('/') {
            let dir = &rel[..at];
            if self.known.lock().is_ok_and(|k| k.contains(dir)) {
                continue;
            }
            let full = self.root.join(dir);
            match full.symlink_metadata() {
                Ok(m) if m.is_dir() => {}
                Ok(m) if m.file_type().is_symlink() => self.check_link(&full)?,
                // A file in the way, or nothing yet: what is written there fails or creates
                // real folders; nothing below can lead elsewhere.
                _ => break,
            }
            if let Ok(mut k) = self.known.lock() {
                k.insert(dir.to_string());
            }
        }
        Ok(self.root.join(rel))
    }

    /// Refuse the symbolic link `full` (a folder of the output) unless it leads to a folder
    /// inside the output folder.
    fn check_link(&self, full: &Path) -> Result<()> {
        let real_root = self.real_root.get_or_init(|| std::fs::canonicalize(&self.root).ok());
        let target = std::fs::canonicalize(full).ok();
        match (real_root, target) {
            (Some(root), Some(target)) if target.starts_with(root) && target.is_dir() => Ok(()),
            _ => bail!(
                "`{}` is a symbolic link to {}, outside the output folder {}: nothing is written through it",
                full.display(),
                std::fs::read_link(full).map_or_else(|_| "an unknown place".into(), |t| format!("`{}`", t.display())),
                self.root.display()
            ),
        }
    }
}

/// The folder a build may replace for the output folder `out` of the site at `root`: `out`
/// itself, or the folder it links to when it is a symbolic link (which stays a link). Refused,
/// before anything is touched: a file, the site folder itself, a folder that holds the site,
/// and `content/`, `templates/`, `static/` or any folder inside them (the site reads those).
pub fn output_folder(root: &Path, out: &Path) -> Result<PathBuf> {
    let root = std::fs::canonicalize(root)
        .ok()
        .filter(|r| r.is_dir())
        .with_context(|| format!("site folder `{}` does not exist", root.display()))?;
    let real = resolve(out)?;
    let refuse = |why: String| -> Result<PathBuf> {
        bail!("cannot build into `{}`: {why}; choose another folder with --output (nothing was written)", out.display())
    };
    if real == root {
        return refuse("it is the site folder itself, whose output folder a build replaces as a whole".into());
    }
    if root.starts_with(&real) {
        return refuse(format!("it holds the site folder `{}`", root.display()));
    }
    for name in ["content", "templates", "static"] {
        let dir = root.join(name);
        let real_dir = std::fs::canonicalize(&dir).unwrap_or_else(|_| dir.clone());
        if real.starts_with(&dir) || real.starts_with(&real_dir) {
            return refuse(format!("it is inside `{name}/`, which the site reads"));
        }
        if real_dir.starts_with(&real) {
            return refuse(format!("it holds `{}`, the site's `{name}/` folder", real_dir.display()));
        }
    }
    Ok(real)
}

/// The real folder behind the output path `out`: a folder as it is, a symbolic link resolved,
/// a path that does not exist yet resolved through its nearest existing folder; a file, or a
/// link to nothing or to a file, is an error.
pub fn resolve(out: &Path) -> Result<PathBuf> {
    let abs =
        std::path::absolute(out).with_context(|| format!("cannot resolve the output folder `{}`", out.display()))?;
    match abs.symlink_metadata() {
        Ok(m) if m.is_dir() => {
            std::fs::canonicalize(&abs).with_context(|| format!("cannot resolve the output folder `{}`", out.display()))
        }
        Ok(m) if m.file_type().is_symlink() => match std::fs::canonicalize(&abs) {
            Ok(target) if target.is_dir() => Ok(target),
            Ok(target) => bail!(
                "the output folder `{}` is a symbolic link to the file `{}`, not to a folder (nothing was written)",
                out.display(),
                target.display()
            ),
            Err(_) => bail!(
                "the output folder `{}` is a symbolic link to `{}`, which does not exist; create that folder first",
                out.display(),
                std::fs::read_link(&abs).unwrap_or_default().display()
            ),
        },
        Ok(_) => bail!(
            "the output folder `{}` is a file, not a folder; choose another folder with --output (nothing was written)",
            out.display()
        ),
        Err(_) => missing(&abs, out),
    }
}

/// The real path of the folder `abs` (absolute) that does not exist yet: its nearest existing
/// ancestor resolved, with the missing segments after it.
fn missing(abs: &Path, out: &Path) -> Result<PathBuf> {
    let mut base = abs;
    let mut rest = Vec::new();
    while base.symlink_metadata().is_err() {
        let Some(parent) = base.parent() else { break };
        rest.push(base.file_name());
        base = parent;
    }
    let mut real =
        std::fs::canonicalize(base).with_context(|| format!("cannot resolve the output folder `{}`", out.display()))?;
    for name in rest.into_iter().rev() {
        match name {
            Some(n) => real.push(n),
            None => {
                bail!("cannot resolve the output folder `{}`: `..` after a folder that does not exist", out.display())
            }
        }
    }
    Ok(real)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_relative_paths_pass() {
        for good in ["index.html", "briefings/a-b/index.html", ".nojekyll", "a..b/c", "x/.well-known/y"] {
            assert!(relative(good).is_ok(), "{good}");
        }
        for bad in [
            "",
            "/etc/passwd",
            "../x",
            "a/../../x",
            "..",
            ".",
            "a/./b",
            "a//b",
            "a/",
            "a\\..\\b",
            "a\0b",
            "x.dossier-tmp",
            "a/index.html.dossier-tmp",
        ] {
            let err = relative(bad).unwrap_err().to_string();
            assert!(err.contains("is not a path inside the output folder"), "{bad}: {err}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_folder_that_links_outside_is_refused_one_that_stays_inside_is_not() {
        let dir = tempfile::tempdir().unwrap();
        let (out, away) = (dir.path().join("out"), dir.path().join("away"));
        std::fs::create_dir_all(out.join("real")).unwrap();
        std::fs::create_dir_all(&away).unwrap();
        std::os::unix::fs::symlink(&away, out.join("escape")).unwrap();
        std::os::unix::fs::symlink("real", out.join("inside")).unwrap();
        let b = Beneath::new(&out);
        assert_eq!(b.path("real/x/index.html").unwrap(), out.join("real/x/index.html"));
        assert!(b.path("inside/index.html").is_ok());
        let err = format!("{:#}", b.path("escape/index.html").unwrap_err());
        assert!(err.contains("symbolic link") && err.contains("outside the output folder"), "{err}");
        assert!(b.path("escape").is_ok(), "the link itself may be replaced or removed");
    }

    #[test]
    fn output_folders_that_are_the_site_or_what_it_reads_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        std::fs::create_dir_all(root.join("content/briefings")).unwrap();
        std::fs::write(root.join("notes.txt"), "mine").unwrap();
        let real = std::fs::canonicalize(&root).unwrap();
        assert_eq!(output_folder(&root, &root.join("public")).unwrap(), real.join("public"));
        assert!(output_folder(&root, &root.join("a/b/../c")).unwrap_err().to_string().contains("`..`"));
        for (out, says) in [
            (root.clone(), "the site folder itself"),
            (root.join("content"), "inside `content/`"),
            (root.join("content/briefings/out"), "inside `content/`"),
            (root.join("static/new"), "inside `static/`"),
            (dir.path().to_path_buf(), "holds the site folder"),
            (root.join("notes.txt"), "is a file"),
        ] {
            let err = output_folder(&root, &out).unwrap_err().to_string();
            assert!(err.contains(says), "{}: {err}", out.display());
        }
        #[cfg(unix)]
        {
            // `static/` is a link to a folder elsewhere: that folder's parent is refused too.
            let assets = dir.path().join("shared/assets");
            std::fs::create_dir_all(&assets).unwrap();
            std::os::unix::fs::symlink(&assets, root.join("static")).unwrap();
            let err = output_folder(&root, &dir.path().join("shared")).unwrap_err().to_string();
            assert!(err.contains("the site's `static/` folder"), "{err}");
            assert!(output_folder(&root, &dir.path().join("shared/www")).is_ok());
        }
        let err = output_folder(&dir.path().join("nowhere"), &root.join("public")).unwrap_err().to_string();
        assert!(err.contains("does not exist"), "{err}");
        assert!(!dir.path().join("nowhere").exists());
    }
}

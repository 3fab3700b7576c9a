//! Files published with a briefing: the images its body shows, the documents it links to, its
//! front matter `image`, and everything in the folder named after its file.
//!
//! A briefing's page is the folder `briefings/<slug>/`; its files keep, below that folder, the
//! path they have below the briefing's own folder in `content/`, so a relative URL the author
//! wrote (`pact/map.svg`, `chart.png`) works on the page unchanged. A reference to a file that
//! does not exist, or that leads out of the briefing's folder, is a `broken-link` at its line
//! and column. Images carry the size read from their header (`load::files`), which the page
//! writes as `width` and `height`.

use super::links::percent_decode;
use super::scan::BodyLink;
use super::url::is_relative;
use crate::diag::{line_col, suggest, Finding};
use crate::load::files::ContentFile;
use crate::load::Document;
use std::path::PathBuf;

/// A file published with a briefing.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Attached {
    /// Its path below the briefing's page folder, `/`-separated (`pact/map.svg`).
    pub out: String,
    pub from: PathBuf,
    /// Width and height of an image.
    pub size: Option<(u32, u32)>,
}

/// A reference of the body or front matter to a published file: the URL as written, and the
/// file (an index into `Attachments::files`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct FileRef {
    pub dest: String,
    pub file: usize,
}

/// What a briefing publishes besides its page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Attachments {
    /// Sorted by `out`.
    pub files: Vec<Attached>,
    /// The body's images that are files of the site, sorted by `dest`.
    pub images: Vec<FileRef>,
    /// The picture for link previews (`og:image`): the front matter's `image`, else the
    /// body's first image that is a file of the site.
    pub cover: Option<usize>,
}

/// What one briefing refers to: its file, its body's images and links, and its front
/// matter's `image` (the value and where it stands).
pub struct Refs<'a> {
    pub doc: &'a Document,
    pub images: &'a [BodyLink],
    pub links: &'a [BodyLink],
    pub image: Option<(&'a str, (usize, usize))>,
}

/// The files briefing `refs.doc` publishes, from `files` (the site's, sorted by path), and a
/// finding for each reference that leads nowhere.
pub fn attach(files: &[ContentFile], refs: &Refs, findings: &mut Vec<Finding>) -> Attachments {
    let doc = refs.doc;
    let dir = doc.file.rsplit_once('/').map_or("", |(d, _)| d);
    let own = format!("{dir}/{}/", doc.stem);
    let mut chosen: Vec<usize> = Vec::new();
    // Everything in the folder named after the briefing's file.
    let first = files.partition_point(|f| f.file.as_str() < own.as_str());
    chosen.extend((first..files.len()).take_while(|&i| files[i].file.starts_with(&own)));
    let mut images: Vec<(String, usize)> = Vec::new();
    let mut cover = None;
    let mut resolve = |dest: &str, image: bool, at: (usize, usize), findings: &mut Vec<Finding>| match locate(
        files, dir, dest, image,
    ) {
        Ok(None) => None,
        Ok(Some(i)) => {
            chosen.push(i);
            Some(i)
        }
        Err(message) => {
            let what = if image { "image" } else { "link to" };
            let mut f = Finding::error(&doc.file, "broken-link", format!("{what} `{dest}`: {message}"))
                .at(&doc.text, at.0, at.1);
            f = match nearby(files, dir, dest) {
                Some(s) => f.hint(format!("did you mean `{s}`?")),
                None => f.hint(format!(
                    "put the file beside `{}` or in its folder `{own}`, and write its path relative to the briefing",
                    doc.file
                )),
            };
            findings.push(f);
            None
        }
    };
    let place = |offset: usize| line_col(&doc.text, doc.body_offset + offset);
    if let Some((dest, at)) = refs.image {
        cover = resolve(dest, true, at, findings).map(|i| (dest.to_string(), i));
    }
    for l in refs.images {
        if let Some(i) = resolve(&l.dest, true, place(l.offset), findings) {
            images.push((l.dest.clone(), i));
        }
    }
    for l in refs.links.iter().filter(|l| !l.wiki) {
        resolve(&l.dest, false, place(l.offset), findings);
    }
    chosen.sort_unstable();
    chosen.dedup();
    let index = |i: usize| chosen.binary_search(&i).unwrap_or(0);
    let cover = cover.or_else(|| images.first().cloned()).map(|(_, i)| index(i));
    let mut images: Vec<FileRef> = images.into_iter().map(|(dest, i)| FileRef { dest, file: index(i) }).collect();
    images.sort_by(|a, b| a.dest.cmp(&b.dest));
    images.dedup_by(|a, b| a.dest == b.dest);
    let files = chosen
        .iter()
        .map(|&i| Attached {
            out: files[i].file[dir.len() + 1..].to_string(),
            from: files[i].path.clone(),
            size: files[i].size,
        })
        .collect();
    Attachments { files, images, cover }
}

/// The file of `files` that `dest`, written in a briefing in folder `dir`, names: `Ok(None)`
/// when it names no file of the site (another site, a page, an anchor; for a link, anything
/// without a file extension or that is a page), an error when it should and does not.
fn locate(files: &[ContentFile], dir: &str, dest: &str, image: bool) -> Result<Option<usize>, String> {
    let dest = dest.trim();
    if dest.is_empty() || dest.starts_with(['#', '/', '?']) || !is_relative(dest) {
        return Ok(None);
    }
    let path = dest.split(['#', '?']).next().unwrap_or("");
    let name = path.rsplit('/').next().unwrap_or("");
    let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    if path.is_empty()
        || path.ends_with('/')
        || (!image && matches!(ext.as_deref(), None | Some("md" | "html" | "htm")))
    {
        return Ok(None);
    }
    let mut parts: Vec<String> = Vec::new();
    for seg in percent_decode(path).split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() {
                    return Err(format!("it leads out of the briefing's folder `{dir}/`"));
                }
            }
            s => parts.push(s.to_string()),
        }
    }
    let full = format!("{dir}/{}", parts.join("/"));
    match files.binary_search_by(|f| f.file.as_str().cmp(&full)) {
        Ok(i) => Ok(Some(i)),
        Err(_) => Err(format!("there is no file `{full}`")),
    }
}

/// A file with a name close to `dest`'s in the folder it points into, as the briefing would
/// write it.
fn nearby(files: &[ContentFile], dir: &str, dest: &str) -> Option<String> {
    let path = dest.split(['#', '?']).next().unwrap_or("");
    let (folder, name) = match path.rsplit_once('/') {
        Some((d, name)) => (format!("{dir}/{d}/"), name),
        None => (format!("{dir}/"), path),
    };
    let first = files.partition_point(|f| f.file.as_str() < folder.as_str());
    let here = files[first..].iter().take_while(|f| f.file.starts_with(&folder));
    let near = suggest(name, here.map(|f| &f.file[folder.len()..]).filter(|n| !n.contains('/')))?;
    Some(format!("{}{near}", &folder[dir.len() + 1..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str) -> ContentFile {
        ContentFile { file: path.into(), path: PathBuf::from(path), size: Some((4, 3)) }
    }

    #[test]
    fn files_are_found_beside_the_briefing_and_below_it_and_nowhere_else() {
        let files = [file("content/b/map.svg"), file("content/b/pact/a b.png"), file("content/b/pact/doc.pdf")];
        assert_eq!(locate(&files, "content/b", "map.svg", true), Ok(Some(0)));
        assert_eq!(locate(&files, "content/b", "./pact/a%20b.png?v=2#x", true), Ok(Some(1)));
        assert_eq!(locate(&files, "content/b", "pact/../map.svg", true), Ok(Some(0)));
        assert_eq!(locate(&files, "content/b", "pact/doc.pdf", false), Ok(Some(2)));
        // Pages, folders, anchors and other sites are not files.
        for dest in ["other.md", "../../timeline/", "#x", "https://e.org/x.png", "/x.png", "page.html", "notes"] {
            assert_eq!(locate(&files, "content/b", dest, false), Ok(None), "{dest}");
        }
        assert!(locate(&files, "content/b", "mpa.svg", true).unwrap_err().contains("no file `content/b/mpa.svg`"));
        assert!(locate(&files, "content/b", "../../x.png", true).unwrap_err().contains("leads out"));
        assert_eq!(nearby(&files, "content/b", "mpa.svg").as_deref(), Some("map.svg"));
        assert_eq!(nearby(&files, "content/b", "pact/a c.png").as_deref(), Some("pact/a b.png"));
        assert_eq!(nearby(&files, "content/b", "pact/cover.jpg"), None);
    }
}

//! The files of `content/` that are not markdown: images and documents that briefings publish
//! beside their pages (see `model::figures`). Load notes where each one is and, for an image,
//! its width and height, read from its header (PNG, JPEG, GIF and WebP through `imagesize`,
//! SVG from its root element): a page shows the size, so the size is an input of the page,
//! read again on every load. The bytes themselves are copied by the writer.

use std::io::Read as _;
use std::path::{Path, PathBuf};

/// A file of `content/` other than a markdown file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContentFile {
    /// Path relative to the site root, `/`-separated (`content/briefings/pact/map.svg`).
    pub file: String,
    /// Where it is on disk (inside the site folder: links out of it were refused by the walk).
    pub path: PathBuf,
    /// Width and height in CSS pixels, when it is an image whose header says.
    pub size: Option<(u32, u32)>,
}

/// The file at `path`, shown as `file`, with its size when it is an image.
pub fn read(file: String, path: PathBuf) -> ContentFile {
    let size = image_size(&path);
    ContentFile { file, path, size }
}

/// The size of the image at `path`, by its extension; `None` for another kind of file or an
/// image whose header cannot be read.
fn image_size(path: &Path) -> Option<(u32, u32)> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    match ext.as_str() {
        "svg" => svg_size(&head(path, 64 * 1024)?),
        "png" | "jpg" | "jpeg" | "gif" | "webp" => {
            let s = imagesize::size(path).ok()?;
            Some((u32::try_from(s.width).ok()?, u32::try_from(s.height).ok()?))
        }
        _ => None,
    }
}

/// The first `max` bytes of a file.
fn head(path: &Path, max: u64) -> Option<Vec<u8>> {
    let mut bytes = Vec::new();
    std::fs::File::open(path).ok()?.take(max).read_to_end(&mut bytes).ok()?;
    Some(bytes)
}

/// The size an SVG file declares on its root element: `width` and `height` in pixels (or
/// unitless), else its `viewBox`.
pub fn svg_size(bytes: &[u8]) -> Option<(u32, u32)> {
    let text = String::from_utf8_lossy(bytes);
    let start = text.find("<svg")?;
    let tag = &text[start..start + text[start..].find('>')?];
    let length = |name: &str| {
        let v = attribute(tag, name)?;
        let v = v.trim().strip_suffix("px").unwrap_or(v.trim());
        v.parse::<f64>().ok().filter(|n| n.is_finite() && *n > 0.0)
    };
    let (w, h) = match (length("width"), length("height")) {
        (Some(w), Some(h)) => (w, h),
        _ => {
            let v: Vec<f64> = attribute(tag, "viewBox")?
                .split(|c: char| c == ',' || c.is_whitespace())
                .filter(|s| !s.is_empty())
                .filter_map(|s| s.parse().ok())
                .collect();
            match v[..] {
                [_, _, w, h] if w.is_finite() && h.is_finite() && w > 0.0 && h > 0.0 => (w, h),
                _ => return None,
            }
        }
    };
    let px = |n: f64| (n.round() >= 1.0 && n < 1e6).then(|| n.round() as u32);
    Some((px(w)?, px(h)?))
}

/// The value of attribute `name` in the start tag `tag` (quoted with `"` or `'`).
fn attribute<'t>(tag: &'t str, name: &str) -> Option<&'t str> {
    let mut rest = tag;
    loop {
        let at = rest.find(name)?;
        let before = rest[..at].chars().next_back();
        let after = rest[at + name.len()..].trim_start();
        rest = &rest[at + name.len()..];
        if !before.is_some_and(char::is_whitespace) {
            continue;
        }
        let Some(value) = after.strip_prefix('=') else { continue };
        let value = value.trim_start();
        let quote = value.chars().next()?;
        if quote != '"' && quote != '\'' {
            continue;
        }
        let end = value[1..].find(quote)?;
        return Some(&value[1..1 + end]);
    }
}

#[cfg(test)]
mod tests {
    use super::svg_size;

    #[test]
    fn svg_sizes_come_from_width_and_height_or_the_view_box() {
        let size = |s: &str| svg_size(s.as_bytes());
        assert_eq!(size(r#"<?xml version="1.0"?><svg xmlns="x" width="640" height="400">"#), Some((640, 400)));
        assert_eq!(size(r#"<svg viewBox="0 0 720 360.4" xmlns="x">"#), Some((720, 360)));
        assert_eq!(size(r#"<svg width='12px' height='8px'>"#), Some((12, 8)));
        // Relative units say nothing of pixels: the view box does.
        assert_eq!(size(r#"<svg width="100%" height="50%" viewBox="0,0,300,150">"#), Some((300, 150)));
        assert_eq!(size(r#"<svg stroke-width="3" height="2">"#), None);
        assert_eq!(size("<html>"), None);
    }
}

//! Pictures drawn at build time as inline SVG: the timeline (`timeline`), its aggregate form for
//! long timelines (`density`), and the actor network (`network`).
//!
//! Every picture is a pure function from plain data to an SVG string: no JavaScript, no clock,
//! no hash order, so the same input gives the same bytes. Colours are never written into the
//! SVG: every shape has a class the theme's stylesheet colours with its light and dark
//! variables, so contrast follows the reader's colour scheme. Every text is escaped here.
//!
//! Labels must not overlap, and the browser's font is not known at build time, so text widths
//! come from a deliberately generous approximation of a sans-serif font (`text_width`): label
//! boxes are computed from it and kept apart.

pub mod axis;
pub mod density;
pub mod network;
pub mod timeline;

use std::fmt::Write;

/// A text's box in SVG units: `x0 ≤ x ≤ x1`, `y0 ≤ y ≤ y1`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LabelBox {
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
}

impl LabelBox {
    /// The box of `text` at font `size` whose baseline starts at (`x`, `y`) with `anchor`
    /// `start` (or `end` when `end_anchored`).
    pub fn of_text(text: &str, size: f64, x: f64, y: f64, end_anchored: bool) -> LabelBox {
        let w = text_width(text, size);
        let x0 = if end_anchored { x - w } else { x };
        LabelBox { x0, x1: x0 + w, y0: y - size * ASCENT, y1: y + size * DESCENT }
    }

    /// Whether the two boxes share any area (touching edges do not count).
    pub fn overlaps(&self, o: &LabelBox) -> bool {
        self.x0 < o.x1 && o.x0 < self.x1 && self.y0 < o.y1 && o.y0 < self.y1
    }

    /// Whether the box lies within `0..w` × `0..h`.
    pub fn inside(&self, w: f64, h: f64) -> bool {
        self.x0 >= 0.0 && self.y0 >= 0.0 && self.x1 <= w && self.y1 <= h
    }
}

/// Height above the baseline and depth below it, in ems.
pub const ASCENT: f64 = 0.8;
pub const DESCENT: f64 = 0.25;

/// The font-metric approximation: the advance of each character in ems, chosen at or above the
/// widest common sans-serif faces (Arial, DejaVu Sans, Helvetica): 0.8 for capitals and `m`,
/// `w`; 0.62 for other ASCII; 0.7 for other alphabetic scripts; 1.0 for wide (CJK, emoji).
pub fn char_em(c: char) -> f64 {
    match c {
        'A'..='Z' | 'm' | 'w' | '@' | '%' => 0.8,
        c if c.is_ascii() => 0.62,
        '\u{1100}'..='\u{115F}' | '\u{2E80}'..='\u{A4CF}' | '\u{AC00}'..='\u{D7A3}' | '\u{F900}'..='\u{FAFF}' => 1.0,
        '\u{FE30}'..='\u{FE4F}' | '\u{FF00}'..='\u{FF60}' | '\u{FFE0}'..='\u{FFE6}' | '\u{1F000}'.. => 1.0,
        _ => 0.7,
    }
}

/// The approximate width of `text` at font `size`.
pub fn text_width(text: &str, size: f64) -> f64 {
    text.chars().map(char_em).sum::<f64>() * size
}

/// `text` cut (with `…`) so it is at most `max` wide at font `size`; `None` when not even one
/// character and the ellipsis fit.
pub fn fit(text: &str, size: f64, max: f64) -> Option<String> {
    if text_width(text, size) <= max {
        return Some(text.to_string());
    }
    let mut out = String::new();
    let mut w = char_em('…') * size;
    for c in text.chars() {
        let cw = char_em(c) * size;
        if w + cw > max {
            break;
        }
        w += cw;
        out.push(c);
    }
    let out = out.trim_end().to_string();
    (!out.is_empty()).then(|| out + "…")
}

/// `text` on at most `most` lines (at least one), each at most `max` wide at font `size`: one
/// line when it fits; else two, broken at the space that makes the longer line shortest
/// (balanced lines pack closer than full ones); else lines filled in turn, the last cut with
/// `…` when the text does not end there. Empty when not even one character and the ellipsis fit.
pub fn wrap(text: &str, size: f64, max: f64, most: usize) -> Vec<String> {
    let text = text.trim();
    if text_width(text, size) <= max {
        return vec![text.to_string()];
    }
    if most >= 2 {
        if let Some(lines) = balanced(text, size, max) {
            return lines;
        }
    }
    let mut out = Vec::new();
    let mut rest = text;
    while out.len() + 1 < most {
        // The longest start of `rest` that ends before a space and fits.
        let mut w = 0.0;
        let mut cut = None;
        for (i, c) in rest.char_indices() {
            if w > max {
                break;
            }
            if c == ' ' {
                cut = Some(i);
            }
            w += char_em(c) * size;
        }
        let Some(i) = cut.filter(|_| w > max) else { break };
        out.push(rest[..i].trim_end().to_string());
        rest = rest[i..].trim_start();
    }
    out.extend(fit(rest, size, max));
    out
}

/// `text` as two lines that both fit in `max`, broken at the space that makes the longer
/// shortest; `None` when no break does.
fn balanced(text: &str, size: f64, max: f64) -> Option<Vec<String>> {
    let total = text_width(text, size);
    let space = char_em(' ') * size;
    let mut left = 0.0f64;
    let mut best: Option<(f64, usize)> = None;
    for (i, c) in text.char_indices() {
        if c == ' ' {
            let longer = left.max(total - left - space);
            if longer <= max && best.is_none_or(|(b, _)| longer < b) {
                best = Some((longer, i));
            }
        }
        left += char_em(c) * size;
    }
    let (_, i) = best?;
    Some(vec![text[..i].trim_end().to_string(), text[i..].trim_start().to_string()])
}

/// Escape text for SVG content or attribute values (inline in HTML and as XML).
pub use crate::render::escape::escape as esc;

/// A coordinate with one decimal: enough for screens, and stable text. Written straight into
/// the picture (no string of its own).
pub fn n(v: f64) -> Num {
    Num(v)
}

/// A number as `n` writes it.
#[derive(Debug, Clone, Copy)]
pub struct Num(f64);

impl std::fmt::Display for Num {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let tenths = (self.0 * 10.0).round();
        let r = tenths / 10.0;
        if r == r.trunc() {
            write!(f, "{}", r as i64)
        } else if tenths.abs() < 1e15 {
            // `{r:.1}` spelled from the integer count of tenths: the same digits (r is within
            // far less than 0.05 of it), without the float formatting machinery.
            let t = tenths as i64;
            write!(f, "{}{}.{}", if t < 0 { "-" } else { "" }, t.unsigned_abs() / 10, t.unsigned_abs() % 10)
        } else {
            write!(f, "{r:.1}")
        }
    }
}

/// The opening of an accessible picture: `<svg>` with a title and description that name and
/// describe it; `id` prefixes the element ids so several pictures can share a page. It is a
/// group (not an image) because its marks are links, each named by its own `<title>`; axes and
/// lines are hidden from screen readers, which get the list next to the picture.
pub fn open(out: &mut String, id: &str, class: &str, w: f64, h: f64, title: &str, desc: &str) {
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"{class}\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" \
         role=\"group\" aria-labelledby=\"{id}-title\" aria-describedby=\"{id}-desc\"><title id=\"{id}-title\">{}</title><desc id=\"{id}-desc\">{}</desc>",
        esc(title),
        esc(desc),
        w = n(w),
        h = n(h),
        id = esc(id),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_have_one_decimal_as_float_formatting_gives() {
        let plain = |v: f64| {
            let r = (v * 10.0).round() / 10.0;
            if r == r.trunc() {
                format!("{}", r as i64)
            } else {
                format!("{r:.1}")
            }
        };
        let mut v = -2000.0;
        while v < 2000.0 {
            assert_eq!(n(v).to_string(), plain(v), "{v}");
            v += 0.0137;
        }
        for v in [0.05, -0.05, 0.04999, -0.15, 1e14 + 0.3, -1e17, f64::NAN, f64::INFINITY, -0.0, 879.95, 0.25] {
            assert_eq!(n(v).to_string(), plain(v), "{v}");
        }
        assert_eq!(n(-0.5).to_string(), "-0.5");
        assert_eq!(n(12.34).to_string(), "12.3");
    }

    #[test]
    fn fits_text_with_an_ellipsis() {
        assert_eq!(fit("abc", 10.0, 100.0).as_deref(), Some("abc"));
        let cut = fit("abcdefghijklmnop", 10.0, 40.0).unwrap_or_default();
        assert!(cut.ends_with('…') && text_width(&cut, 10.0) <= 40.0, "{cut}");
        assert_eq!(fit("abc", 10.0, 5.0), None);
    }

    #[test]
    fn wraps_long_labels_onto_two_lines_before_cutting() {
        let size = 10.0;
        let title = "Putin and Kim sign the Treaty on Comprehensive Strategic Partnership";
        // Fits on one line: left whole.
        assert_eq!(wrap(title, size, 1000.0, 2), [title]);
        // Too long for one line, fits on two: every word kept, lines balanced and within the width.
        let max = text_width(title, size) * 0.6;
        let lines = wrap(title, size, max, 2);
        assert_eq!(lines.len(), 2, "{lines:?}");
        assert_eq!(lines.join(" "), title);
        assert!(lines.iter().all(|l| text_width(l, size) <= max), "{lines:?}");
        let (a, b) = (text_width(&lines[0], size), text_width(&lines[1], size));
        assert!((a - b).abs() < text_width("Comprehensive ", size), "balanced: {lines:?}");
        // Too long for two lines: the first is full, the second cut with an ellipsis.
        let max = text_width(title, size) * 0.4;
        let lines = wrap(title, size, max, 2);
        assert_eq!(lines.len(), 2, "{lines:?}");
        assert!(lines[1].ends_with('…') && title.starts_with(&lines[0]), "{lines:?}");
        assert!(lines.iter().all(|l| text_width(l, size) <= max), "{lines:?}");
        // With room for three lines, nothing is cut.
        let lines = wrap(title, size, max, 3);
        assert_eq!(lines.len(), 3, "{lines:?}");
        assert_eq!(lines.join(" "), title);
        assert!(lines.iter().all(|l| text_width(l, size) <= max), "{lines:?}");
        // One line only: cut.
        assert!(wrap(title, size, max, 1)[0].ends_with('…'));
        // One long word is cut, not broken.
        assert_eq!(wrap("Abcdefghijklmnopqrstuvwxyz", size, 60.0, 2).len(), 1);
        assert!(wrap("abc", size, 5.0, 2).is_empty());
    }

    #[test]
    fn boxes_overlap_only_with_area() {
        let a = LabelBox { x0: 0.0, y0: 0.0, x1: 10.0, y1: 10.0 };
        assert!(a.overlaps(&LabelBox { x0: 5.0, y0: 5.0, x1: 15.0, y1: 15.0 }));
        assert!(!a.overlaps(&LabelBox { x0: 10.0, y0: 0.0, x1: 20.0, y1: 10.0 }));
        assert_eq!(n(1.25).to_string(), "1.3");
        assert_eq!(n(2.0).to_string(), "2");
    }
}

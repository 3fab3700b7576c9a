//! The timeline picture: one mark per event on a compressed time axis (see `axis`), each mark
//! a link to its event, with its title as a label that never overlaps another.
//!
//! Single days are dots; a date known only to the month or year is a dot in the middle of a
//! thin whisker spanning what it can mean; an interval is a bar; an approximate date is drawn
//! hollow and dashed. Labels go right of their mark (left near the right edge), and each mark
//! takes the first lane (row) where its mark and label clear everything already there, so no
//! two labels share space whatever the clustering.

use super::axis::Axis;
use super::{esc, fit, n, open, text_width, LabelBox};
use std::fmt::Write;

/// One event to draw.
#[derive(Debug, Clone, Hash)]
pub struct Mark<'a> {
    /// First and last day (inclusive) the date can mean (see `PartialDate::day_number`).
    pub start: i64,
    pub end: i64,
    pub approx: bool,
    /// An interval (`START/END`) rather than one date at some precision.
    pub range: bool,
    pub title: &'a str,
    /// The date as the reader sees it (`c. 1890`).
    pub date: String,
    pub href: String,
}

/// The picture's frame: size, font size, ids and accessible name.
#[derive(Debug, Clone)]
pub struct Frame {
    pub id: String,
    pub width: f64,
    pub font: f64,
    pub title: String,
    pub desc: String,
}

impl std::hash::Hash for Frame {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        (&self.id, self.width.to_bits(), self.font.to_bits(), &self.title, &self.desc).hash(h);
    }
}

const MARGIN: f64 = 8.0;
const DOT: f64 = 4.5;
const LABEL_GAP: f64 = 5.0;
/// Horizontal room kept free between two items of one lane.
const LANE_GAP: f64 = 8.0;

/// A mark placed in its lane, with its label.
struct Placed {
    xs: f64,
    xe: f64,
    lane: usize,
    label: Option<(f64, bool, String)>,
}

/// Where each mark and label goes: x extent, lane, and label (x, end-anchored, text).
fn place(marks: &[Mark], axis: &Axis, f: &Frame) -> Vec<Placed> {
    let right = f.width - MARGIN;
    let max_label = (f.width * 0.45).min(f.font * 22.0);
    let mut lanes: Vec<f64> = Vec::new();
    marks
        .iter()
        .map(|m| {
            let xs = axis.x(m.start);
            let xe = axis.x(m.end + 1).max(xs);
            let cx = (xs + xe) / 2.0;
            let (ms, me) = if m.range { (xs, xe.max(xs + 3.0)) } else { ((cx - DOT).min(xs), (cx + DOT).max(xe)) };
            let text = fit(m.title, f.font, max_label).unwrap_or_default();
            let w = text_width(&text, f.font);
            let label = if me + LABEL_GAP + w <= right {
                Some((me + LABEL_GAP, false, text))
            } else if ms - LABEL_GAP - w >= MARGIN {
                Some((ms - LABEL_GAP, true, text))
            } else {
                let (room, at, end) = if right - me > ms - MARGIN {
                    (right - me - LABEL_GAP, me + LABEL_GAP, false)
                } else {
                    (ms - MARGIN - LABEL_GAP, ms - LABEL_GAP, true)
                };
                fit(m.title, f.font, room).map(|t| (at, end, t))
            };
            let (mut lo, mut hi) = (ms, me);
            if let Some((x, end, t)) = &label {
                let w = text_width(t, f.font);
                if *end {
                    lo = lo.min(x - w);
                } else {
                    hi = hi.max(x + w);
                }
            }
            let lane = match lanes.iter().position(|&r| r + LANE_GAP <= lo) {
                Some(i) => i,
                None => {
                    lanes.push(f64::MIN);
                    lanes.len() - 1
                }
            };
            lanes[lane] = hi;
            Placed { xs, xe: if m.range { me } else { xe }, lane, label }
        })
        .collect()
}

/// The SVG of `marks` (in any order; drawn in the order given).
pub fn draw(marks: &[Mark], f: &Frame) -> String {
    let extents: Vec<(i64, i64)> = marks.iter().map(|m| (m.start, m.end)).collect();
    let axis = Axis::new(&extents, MARGIN + DOT + 2.0, f.width - MARGIN - DOT - 2.0);
    let placed = place(marks, &axis, f);
    let lane_h = (f.font * 1.9).round();
    let axis_y = f.font * 2.0;
    let top = axis_y + f.font * 2.6;
    let lanes = placed.iter().map(|p| p.lane + 1).max().unwrap_or(1);
    let height = top + lanes as f64 * lane_h;
    let mut out = String::with_capacity(400 * marks.len() + 2000);
    open(&mut out, &f.id, "picture-timeline", f.width, height, &f.title, &f.desc);
    axis_marks(&mut out, &axis, f, axis_y);
    out.push_str("<g class=\"tl-marks\">");
    for (m, p) in marks.iter().zip(&placed) {
        let y = top + p.lane as f64 * lane_h + lane_h / 2.0 - f.font * 0.3;
        mark(&mut out, m, p, y, axis_y, f.font);
    }
    out.push_str("</g></svg>");
    out
}

/// The axis line, its ticks and labels, and the compressed gaps as breaks.
fn axis_marks(out: &mut String, axis: &Axis, f: &Frame, y: f64) {
    let small = (f.font * 0.85).round();
    let _ = write!(
        out,
        "<g class=\"tl-axis\" aria-hidden=\"true\"><line class=\"tl-axis-line\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"/>",
        n(MARGIN),
        n(y),
        n(f.width - MARGIN),
        n(y)
    );
    for t in axis.ticks(small, f.width, 6.0) {
        let _ = write!(
            out,
            "<line class=\"tl-tick\" x1=\"{x}\" y1=\"{}\" x2=\"{x}\" y2=\"{}\"/><text class=\"tl-tick-label\" x=\"{x}\" y=\"{}\" font-size=\"{}\" text-anchor=\"middle\">{}</text>",
            n(y - 4.0),
            n(y + 4.0),
            n(y - 7.0),
            n(small),
            esc(&t.label),
            x = n(t.x)
        );
    }
    let label_y = y + small * 1.6;
    let mut taken: Vec<LabelBox> = Vec::new();
    for b in &axis.breaks {
        let mid = (b.x0 + b.x1) / 2.0;
        let _ = write!(
            out,
            "<g class=\"tl-break\"><title>{} without events (axis compressed)</title><rect class=\"tl-break-band\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/><path class=\"tl-break-mark\" d=\"M{} {}l4 -8M{} {}l4 -8\"/>",
            esc(&b.label()),
            n(b.x0),
            n(y - 6.0),
            n((b.x1 - b.x0).max(0.0)),
            n(small * 2.4),
            n(mid - 4.0),
            n(y + 4.0),
            n(mid),
            n(y + 4.0),
        );
        let text = format!("≈{}", b.label());
        let bx = LabelBox::of_text(&text, small, mid - text_width(&text, small) / 2.0, label_y, false);
        if bx.x0 >= 0.0 && bx.x1 <= f.width && !taken.iter().any(|t| t.overlaps(&bx)) {
            taken.push(LabelBox { x0: bx.x0 - 4.0, x1: bx.x1 + 4.0, ..bx });
            let _ = write!(
                out,
                "<text class=\"tl-break-label\" x=\"{}\" y=\"{}\" font-size=\"{}\">{}</text>",
                n(bx.x0),
                n(label_y),
                n(small),
                esc(&text)
            );
        }
        out.push_str("</g>");
    }
    out.push_str("</g>");
}

/// One event: a link holding its guide line, mark and label.
fn mark(out: &mut String, m: &Mark, p: &Placed, y: f64, axis_y: f64, font: f64) {
    let approx = if m.approx { " tl-approx" } else { "" };
    let cx = (p.xs + p.xe) / 2.0;
    let _ = write!(
        out,
        "<a href=\"{}\"><title>{}: {}</title><line class=\"tl-guide\" x1=\"{x}\" y1=\"{}\" x2=\"{x}\" y2=\"{}\"/>",
        esc(&m.href),
        esc(&m.date),
        esc(m.title),
        n(axis_y),
        n(y),
        x = n(if m.range { p.xs } else { cx }),
    );
    if m.range {
        let _ = write!(
            out,
            "<rect class=\"tl-bar{approx}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"8\" rx=\"2\"/>",
            n(p.xs),
            n(y - 4.0),
            n(p.xe - p.xs)
        );
    } else {
        if m.end > m.start {
            let _ = write!(
                out,
                "<line class=\"tl-span\" x1=\"{}\" y1=\"{y}\" x2=\"{}\" y2=\"{y}\"/>",
                n(p.xs),
                n(p.xe),
                y = n(y)
            );
        }
        let _ =
            write!(out, "<circle class=\"tl-dot{approx}\" cx=\"{}\" cy=\"{}\" r=\"{}\"/>", n(cx), n(y), n(DOT - 1.0));
    }
    if let Some((x, end, text)) = &p.label {
        let anchor = if *end { " text-anchor=\"end\"" } else { "" };
        let _ = write!(
            out,
            "<text class=\"tl-label\" x=\"{}\" y=\"{}\" font-size=\"{}\"{anchor}>{}</text>",
            n(*x),
            n(y + font * 0.35),
            n(font),
            esc(text)
        );
    }
    out.push_str("</a>");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marks(count: usize) -> Vec<Mark<'static>> {
        // Dense clusters (many on one day), long ranges and lone events centuries apart.
        (0..count)
            .map(|i| {
                let start = match i % 5 {
                    0 => 700_000,
                    1 => 700_000 + (i as i64 * 37) % 400,
                    2 => 650_000 + (i as i64 * 7919) % 50_000,
                    3 => 600_000 - i as i64 * 3,
                    _ => 740_000 + i as i64,
                };
                let end = if i % 7 == 0 { start + 2_000 } else { start };
                let title: &'static str = if i % 3 == 0 { "W".repeat(60).leak() } else { format!("Event {i}").leak() };
                Mark {
                    start,
                    end,
                    approx: i % 4 == 0,
                    range: i % 7 == 0,
                    title,
                    date: String::new(),
                    href: "#e".into(),
                }
            })
            .collect()
    }

    #[test]
    fn labels_never_overlap_and_stay_in_the_frame() {
        let f = Frame { id: "t".into(), width: 360.0, font: 11.0, title: String::new(), desc: String::new() };
        let ms = marks(250);
        let extents: Vec<(i64, i64)> = ms.iter().map(|m| (m.start, m.end)).collect();
        let axis = Axis::new(&extents, 10.0, 350.0);
        let placed = place(&ms, &axis, &f);
        let boxes: Vec<LabelBox> = placed
            .iter()
            .filter_map(|p| {
                let (x, end, t) = p.label.as_ref()?;
                Some(LabelBox::of_text(t, f.font, *x, p.lane as f64 * (f.font * 1.9).round(), *end))
            })
            .collect();
        assert!(boxes.len() > 200);
        for (i, a) in boxes.iter().enumerate() {
            assert!(a.x0 >= 0.0 && a.x1 <= f.width, "{a:?}");
            assert!(boxes[i + 1..].iter().all(|b| !a.overlaps(b)), "{a:?}");
        }
    }
}

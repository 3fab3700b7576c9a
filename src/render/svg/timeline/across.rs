//! The timeline with time running left to right, for a wide column: the axis on top with its
//! ticks and breaks, each mark below it in the first row where the mark and its label clear
//! everything already placed, joined to the axis by a guide.
//!
//! Rows are half a line high: a label of one line takes three (two for the line, one to keep
//! it apart from the next), one of two lines takes five, so short and long labels pack
//! together. Labels go right of their mark (left near the right edge). Marks of one date step
//! down in the order of the list beside the picture.

use super::super::axis::Axis;
use super::super::{esc, n, open, text_width, wrap, LabelBox};
use super::{extent, glyph, label, open_mark, widest, Frame, Mark, YEAR_WHISKER};
use std::fmt::Write;

const MARGIN: f64 = 8.0;
const LABEL_GAP: f64 = 5.0;
/// Horizontal room kept free between two items of one row.
const ROW_GAP: f64 = 8.0;

/// A mark placed in its row, with its label.
pub(super) struct Placed {
    /// Extent along the axis (first, centre, last).
    pub ext: (f64, f64, f64),
    /// First half-line row taken.
    pub row: usize,
    pub label: Option<Label>,
}

pub(super) struct Label {
    pub x: f64,
    /// Anchored at its end (left of the mark).
    pub end: bool,
    pub lines: Vec<String>,
}

/// The height of a half-line row at font `font`.
fn row_height(font: f64) -> f64 {
    (font * 0.65 * 10.0).round() / 10.0
}

/// Where each mark and label goes. A title of up to about 45 characters stays on one line;
/// a longer one takes two (balanced), cut only when two are not enough. Each mark takes the
/// first rows where it and its label clear everything placed before, but never above an
/// earlier mark of the same date: events of one day read top to bottom in the order of the
/// list, and the rest pack into the rows above.
pub(super) fn place(marks: &[Mark], axis: &Axis, f: &Frame) -> Vec<Placed> {
    let right = f.width - MARGIN;
    let one_line = (f.width * 0.4).min(f.font * 28.0);
    let two_lines = (f.width * 0.3).min(f.font * 23.0);
    let lines_for = |title: &str, room: f64| {
        if super::super::text_width(title, f.font) <= one_line.min(room) {
            vec![title.to_string()]
        } else {
            wrap(title, f.font, two_lines.min(room), 2)
        }
    };
    // The right edge of what each row holds so far (marks come left to right by start), and
    // each earlier mark's dates with the row below it.
    let mut rows: Vec<f64> = Vec::new();
    let mut spots: Vec<(i64, i64, usize)> = Vec::new();
    marks
        .iter()
        .map(|m| {
            let ext = extent(m, axis);
            let (ms, _, me) = ext;
            let lines = lines_for(m.title, f64::MAX);
            let w = widest(&lines, f.font);
            let label = if me + LABEL_GAP + w <= right {
                Some(Label { x: me + LABEL_GAP, end: false, lines })
            } else if ms - LABEL_GAP - w >= MARGIN {
                Some(Label { x: ms - LABEL_GAP, end: true, lines })
            } else {
                let (room, x, end) = if right - me > ms - MARGIN {
                    (right - me - LABEL_GAP, me + LABEL_GAP, false)
                } else {
                    (ms - MARGIN - LABEL_GAP, ms - LABEL_GAP, true)
                };
                let lines = lines_for(m.title, room);
                (!lines.is_empty()).then_some(Label { x, end, lines })
            };
            let (mut lo, mut hi) = (ms, me);
            let mut lines = 1;
            if let Some(l) = &label {
                let w = widest(&l.lines, f.font);
                if l.end {
                    lo = lo.min(l.x - w);
                } else {
                    hi = hi.max(l.x + w);
                }
                lines = l.lines.len();
            }
            let need = 2 * lines + 1;
            let below = spots.iter().filter(|s| (s.0, s.1) == (m.start, m.end)).map(|s| s.2).max().unwrap_or(0);
            let row = (below..)
                .find(|&r| (r..r + need).all(|i| rows.get(i).is_none_or(|&edge| edge + ROW_GAP <= lo)))
                .unwrap_or(below);
            if rows.len() < row + need {
                rows.resize(row + need, f64::MIN);
            }
            rows[row..row + need].iter_mut().for_each(|e| *e = hi);
            spots.push((m.start, m.end, row + need));
            Placed { ext, row, label }
        })
        .collect()
}

/// The SVG of `marks`.
pub fn draw(marks: &[Mark], f: &Frame) -> String {
    let extents: Vec<(i64, i64)> = marks.iter().map(|m| (m.start, m.end)).collect();
    let axis = Axis::new(&extents, MARGIN + YEAR_WHISKER + 2.0, f.width - MARGIN - YEAR_WHISKER - 2.0);
    let placed = place(marks, &axis, f);
    let row = row_height(f.font);
    let small = (f.font * 0.85).round();
    let axis_y = f.font * 2.0;
    let top = axis_y + small * 2.4;
    let rows = placed.iter().map(|p| p.row + 2 * p.label.as_ref().map_or(1, |l| l.lines.len())).max().unwrap_or(2);
    let height = top + rows as f64 * row + MARGIN;
    let mut out = String::with_capacity(400 * marks.len() + 2000);
    open(&mut out, &f.id, "picture-timeline", f.width, height, &f.title, &f.desc);
    axis_marks(&mut out, &axis, f, axis_y);
    // The centre of the first line of each mark's rows.
    let ys: Vec<f64> = placed.iter().map(|p| top + p.row as f64 * row + row).collect();
    // The guides from the axis down to each mark, under every mark: one path.
    let mut d = String::new();
    for ((m, p), y) in marks.iter().zip(&placed).zip(&ys) {
        let gx = if m.range { p.ext.0 } else { p.ext.1 };
        let _ = write!(d, "M{} {}V{}", n(gx), n(axis_y), n(*y));
    }
    let _ = write!(
        out,
        "<path class=\"tl-guide\" aria-hidden=\"true\" d=\"{d}\"/><g class=\"tl-marks\" font-size=\"{}\">",
        n(f.font)
    );
    for ((m, p), &y) in marks.iter().zip(&placed).zip(&ys) {
        open_mark(&mut out, m);
        glyph(&mut out, m, p.ext, y, true);
        if let Some(l) = &p.label {
            label(&mut out, &l.lines, l.x, y + f.font * 0.35, l.end, 2.0 * row);
        }
        out.push_str("</a>");
    }
    out.push_str("</g></svg>");
    out
}

/// The axis line, its ticks and labels, and the compressed gaps as breaks.
fn axis_marks(out: &mut String, axis: &Axis, f: &Frame, y: f64) {
    let small = (f.font * 0.85).round();
    let _ = write!(
        out,
        "<g class=\"tl-axis\" aria-hidden=\"true\" font-size=\"{}\"><path class=\"tl-axis-line\" d=\"M{} {}H{}\"/>",
        n(small),
        n(MARGIN),
        n(y),
        n(f.width - MARGIN)
    );
    super::ticks_across(out, axis, f.width, small, (y - 4.0, 8.0), y - 7.0);
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
                "<text class=\"tl-break-label\" x=\"{}\" y=\"{}\">{}</text>",
                n(bx.x0),
                n(label_y),
                esc(&text)
            );
        }
        out.push_str("</g>");
    }
    out.push_str("</g>");
}

#[cfg(test)]
mod tests {
    use super::super::tests::marks;
    use super::*;

    #[test]
    fn labels_never_overlap_and_stay_in_the_frame() {
        let f = Frame { id: "t".into(), width: 560.0, font: 11.0, title: String::new(), desc: String::new() };
        let ms = marks(250);
        let extents: Vec<(i64, i64)> = ms.iter().map(|m| (m.start, m.end)).collect();
        let axis = Axis::new(&extents, 10.0, 550.0);
        let placed = place(&ms, &axis, &f);
        let row = row_height(f.font);
        let boxes: Vec<LabelBox> = placed
            .iter()
            .filter_map(|p| {
                let l = p.label.as_ref()?;
                let w = widest(&l.lines, f.font);
                let y = p.row as f64 * row + row + f.font * 0.35;
                let x0 = if l.end { l.x - w } else { l.x };
                let last = y + (l.lines.len() - 1) as f64 * 2.0 * row;
                Some(LabelBox { x0, x1: x0 + w, y0: y - f.font * 0.8, y1: last + f.font * 0.25 })
            })
            .collect();
        assert!(boxes.len() > 200);
        assert!(placed.iter().any(|p| p.label.as_ref().is_some_and(|l| l.lines.len() == 2)), "some labels wrap");
        for (i, a) in boxes.iter().enumerate() {
            assert!(a.x0 >= 0.0 && a.x1 <= f.width, "{a:?}");
            assert!(boxes[i + 1..].iter().all(|b| !a.overlaps(b)), "{a:?}");
        }
    }
}

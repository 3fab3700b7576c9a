//! The timeline with time running top to bottom, for a narrow column (a sidebar, a phone):
//! ticks and breaks left of the axis, marks on it (intervals in columns beside it, so
//! overlapping ones stay apart), and every title right of it with the rest of the width, each
//! label as close to its mark as the labels before and after it allow, joined to it by a
//! leader.
//!
//! Each stretch of the axis is at least as long as the labels of the events in it, so labels
//! sit beside their marks and crowded days get the room they need; the rest of the axis keeps
//! its compressed proportions. Labels that still meet spread around their marks in order: they
//! keep the order of the events, and no two overlap.

use super::super::axis::Axis;
use super::super::{esc, n, open, text_width, wrap, LabelBox};
use super::{extent, glyph, label, open_mark, Frame, Mark, YEAR_WHISKER};
use std::fmt::Write;

const MARGIN: f64 = 8.0;
/// Space between two labels.
const LABEL_GAP: f64 = 5.0;
/// Distance between interval columns, and from the axis to the first.
const COLUMN: f64 = 10.0;

/// Where the axis line runs: right of the ticks' and breaks' labels (`≈30 years` at `small`).
fn axis_x(small: f64) -> f64 {
    (small * 6.4).round()
}

/// The line pitch of a label.
fn line_height(font: f64) -> f64 {
    (font * 1.25 * 10.0).round() / 10.0
}

/// A column for each interval (1, 2, …; 0 for every other mark, on the axis), so intervals
/// that share days never share a column.
fn columns(marks: &[Mark]) -> Vec<usize> {
    let mut ends: Vec<i64> = Vec::new();
    marks
        .iter()
        .map(|m| {
            if !m.range {
                return 0;
            }
            let col = ends.iter().position(|&e| e < m.start).unwrap_or(ends.len());
            if col == ends.len() {
                ends.push(m.end);
            } else {
                ends[col] = m.end;
            }
            col + 1
        })
        .collect()
}

/// Tops of blocks of `heights` wanted at `wanted`, in order, `gap` apart and none above `min`,
/// each as near its wish as the others allow: overlapping blocks are merged into runs, and a
/// run sits where its blocks' wishes average (the usual way of spreading labels on a line).
pub(super) fn spread(wanted: &[f64], heights: &[f64], gap: f64, min: f64) -> Vec<f64> {
    // Runs as (first block, last block, top).
    let mut runs: Vec<(usize, usize, f64)> = Vec::new();
    let span = |a: usize, b: usize| heights[a..=b].iter().sum::<f64>() + gap * (b - a) as f64;
    for i in 0..wanted.len() {
        runs.push((i, i, wanted[i].max(min)));
        while runs.len() > 1 {
            let (_, b1, t1) = runs[runs.len() - 1];
            let (a0, b0, t0) = runs[runs.len() - 2];
            if t0 + span(a0, b0) + gap <= t1 {
                break;
            }
            // The merged run's top: the mean of each block's wish less its offset in the run.
            let mut offset = 0.0;
            let mut sum = 0.0;
            for k in a0..=b1 {
                sum += wanted[k] - offset;
                offset += heights[k] + gap;
            }
            let top = (sum / (b1 - a0 + 1) as f64).max(min);
            runs.truncate(runs.len() - 2);
            runs.push((a0, b1, top));
        }
    }
    let mut tops = Vec::with_capacity(wanted.len());
    for (a, b, top) in runs {
        let mut y = top;
        for h in &heights[a..=b] {
            tops.push(y);
            y += h + gap;
        }
    }
    tops
}

/// A label's block: its lines, top and height.
struct Block {
    lines: Vec<String>,
    top: f64,
    height: f64,
}

/// The SVG of `marks`.
pub fn draw(marks: &[Mark], f: &Frame) -> String {
    let small = (f.font * 0.85).round();
    let ax = axis_x(small);
    let cols = columns(marks);
    let label_x = ax + cols.iter().max().copied().unwrap_or(0) as f64 * COLUMN + 16.0;
    let room = f.width - label_x - MARGIN;
    let line = line_height(f.font);
    let mut blocks: Vec<Block> = marks
        .iter()
        .map(|m| {
            let lines = wrap(m.title, f.font, room, 3);
            let height = line * lines.len().max(1) as f64;
            Block { lines, top: 0.0, height }
        })
        .collect();
    // The day each label is wanted at (a date's middle, an interval's start), and its room.
    let at = |m: &Mark| if m.range { m.start } else { m.start + (m.end - m.start) / 2 };
    let room: Vec<(i64, f64)> = marks.iter().zip(&blocks).map(|(m, b)| (at(m), b.height + LABEL_GAP)).collect();
    let stacked: f64 = room.iter().map(|r| r.1).sum();
    let top = MARGIN + small;
    let extents: Vec<(i64, i64)> = marks.iter().map(|m| (m.start, m.end)).collect();
    let axis = Axis::with_room(&extents, top + YEAR_WHISKER, (stacked * 0.5).max(f.font * 6.0), &room);
    let exts: Vec<(f64, f64, f64)> = marks.iter().map(|m| extent(m, &axis)).collect();
    // Where each label's first line is centred: the mark's centre, or an interval's start.
    let anchor = |i: usize| if marks[i].range { exts[i].0 + line / 2.0 } else { exts[i].1 };
    let wanted: Vec<f64> = (0..marks.len()).map(|i| anchor(i) - line / 2.0).collect();
    let heights: Vec<f64> = blocks.iter().map(|b| b.height).collect();
    for (b, t) in blocks.iter_mut().zip(spread(&wanted, &heights, LABEL_GAP, MARGIN)) {
        b.top = t;
    }
    let bottom = blocks.iter().map(|b| b.top + b.height).fold(axis.x(axis.last_day()) + YEAR_WHISKER, f64::max);
    let height = (bottom + MARGIN).ceil();
    let mut out = String::with_capacity(400 * marks.len() + 2000);
    open(&mut out, &f.id, "picture-timeline picture-timeline-down", f.width, height, &f.title, &f.desc);
    axis_marks(&mut out, &axis, ax, small, height);
    let _ = write!(out, "<g class=\"tl-marks\" font-size=\"{}\">", n(f.font));
    for (i, (m, b)) in marks.iter().zip(&blocks).enumerate() {
        let x = ax + cols[i] as f64 * COLUMN;
        let (y, to) = (anchor(i), b.top + line / 2.0);
        open_mark(&mut out, m);
        let from = x + if m.range { 4.0 } else { 4.5 };
        let leader = if (y - to).abs() < 0.05 {
            format!("M{} {}H{}", n(from), n(y), n(label_x - 3.0))
        } else {
            format!("M{} {}H{}L{} {}", n(from), n(y), n(label_x - 9.0), n(label_x - 3.0), n(to))
        };
        let _ = write!(out, "<path class=\"tl-leader\" d=\"{leader}\"/>");
        glyph(&mut out, m, exts[i], x, false);
        label(&mut out, &b.lines, label_x, to + f.font * 0.35, false, line);
        out.push_str("</a>");
    }
    out.push_str("</g></svg>");
    out
}

/// The axis line, its ticks and labels to its left, and the compressed gaps as breaks.
fn axis_marks(out: &mut String, axis: &Axis, ax: f64, small: f64, height: f64) {
    let (y0, y1) = (axis.x(axis.first_day()), axis.x(axis.last_day()));
    let _ = write!(
        out,
        "<g class=\"tl-axis\" aria-hidden=\"true\" font-size=\"{}\"><path class=\"tl-axis-line\" d=\"M{} {}V{}\"/>",
        n(small),
        n(ax),
        n(y0),
        n(y1)
    );
    let tall = small * 1.2;
    let ticks = axis.ticks(&|_: &str| tall, 0.0, height, 2.0);
    let mut d = String::new();
    for t in ticks.iter().filter(|t| t.tick) {
        let _ = write!(d, "M{} {}h8", n(ax - 4.0), n(t.at));
    }
    if !d.is_empty() {
        let _ = write!(out, "<path class=\"tl-tick\" d=\"{d}\"/>");
    }
    let lx = ax - 8.0;
    out.push_str("<g text-anchor=\"end\">");
    let mut taken: Vec<LabelBox> = Vec::new();
    // Labels are right-aligned to the axis; one wider than the room left of it is left out.
    let fits = |text: &str| text_width(text, small) <= lx;
    for t in ticks.iter().filter(|t| fits(&t.label)) {
        let _ = write!(
            out,
            "<text class=\"{}\" x=\"{}\" y=\"{}\">{}</text>",
            t.class(),
            n(lx),
            n(t.at + small * 0.35),
            esc(&t.label)
        );
        taken.push(LabelBox { x0: 0.0, x1: lx, y0: t.at - tall / 2.0, y1: t.at + tall / 2.0 });
    }
    for b in &axis.breaks {
        let mid = (b.x0 + b.x1) / 2.0;
        let _ = write!(
            out,
            "<g class=\"tl-break\"><title>{} without events (axis compressed)</title><rect class=\"tl-break-band\" x=\"{}\" y=\"{}\" width=\"14\" height=\"{}\"/><path class=\"tl-break-mark\" d=\"M{} {}l8 -4M{} {}l8 -4\"/>",
            esc(&b.label()),
            n(ax - 7.0),
            n(b.x0),
            n((b.x1 - b.x0).max(0.0)),
            n(ax - 4.0),
            n(mid),
            n(ax - 4.0),
            n(mid + 4.0),
        );
        let bx = LabelBox { x0: 0.0, x1: lx, y0: mid - tall / 2.0, y1: mid + tall / 2.0 };
        if fits(&format!("≈{}", b.label())) && !taken.iter().any(|t| t.overlaps(&bx)) {
            taken.push(bx);
            let _ = write!(
                out,
                "<text class=\"tl-break-label\" x=\"{}\" y=\"{}\">≈{}</text>",
                n(lx),
                n(mid + small * 0.35),
                esc(&b.label())
            );
        }
        out.push_str("</g>");
    }
    out.push_str("</g></g>");
}

#[cfg(test)]
mod tests {
    use super::super::tests::marks;
    use super::*;

    #[test]
    fn labels_keep_their_order_and_never_overlap() {
        let wanted = [10.0, 10.0, 10.0, 100.0, 140.0, 141.0, 500.0];
        let heights = [12.0, 24.0, 12.0, 12.0, 12.0, 24.0, 12.0];
        let tops = spread(&wanted, &heights, 5.0, 8.0);
        for i in 1..tops.len() {
            assert!(tops[i - 1] + heights[i - 1] + 5.0 <= tops[i] + 1e-9, "{tops:?}");
        }
        assert_eq!(tops[3], 100.0, "a label with room stays at its mark");
        assert!(tops[4] < 140.0 && tops[5] > 141.0, "two that meet share the difference: {tops:?}");
        assert_eq!(tops[6], 500.0);
        assert!(tops[0] >= 8.0);
    }

    #[test]
    fn draws_every_title_whole_in_a_sidebar() {
        let f = Frame { id: "t".into(), width: 360.0, font: 12.0, title: String::new(), desc: String::new() };
        let ms = marks(40);
        let svg = draw(&ms, &f);
        let doc = roxmltree::Document::parse(&svg).expect("well-formed");
        let texts: Vec<String> = doc
            .descendants()
            .filter(|n| n.attribute("class") == Some("tl-label"))
            .map(|n| n.descendants().filter(|d| d.is_text()).filter_map(|d| d.text()).collect::<Vec<_>>().join(" "))
            .collect();
        assert_eq!(texts.len(), 40);
        // Titles of up to about 70 characters are not cut.
        for (t, m) in texts.iter().zip(&ms) {
            if m.title.chars().count() <= 70 && !m.title.starts_with('W') {
                assert_eq!(t, m.title);
            }
        }
    }
}

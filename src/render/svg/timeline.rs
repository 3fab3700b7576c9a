//! The timeline picture: one mark per event on a compressed time axis (see `axis`), each mark
//! a link to its event, with its title as a label (wrapped onto two lines before it is cut)
//! that never overlaps another. Time runs from left to right across the column: the axis on
//! top with its ticks and breaks, each mark below it in the first row where the mark and its
//! label clear everything already placed, joined to the axis by a guide.
//!
//! Rows are half a line high: a label of one line takes three (two for the line, one to keep
//! it apart from the next), one of two lines takes five, so short and long labels pack
//! together. Labels go right of their mark (left near the right edge). Marks of one date step
//! down in the order of the list beside the picture.
//!
//! A day is a dot; a date known only to the month or the year is a dot on a whisker with end
//! caps, short for a month and long for a year. The whiskers have fixed lengths rather than the
//! axis extent of the month or year: on a compressed axis a busy month can be wider than a
//! quiet year, and a reader takes the longer whisker for the vaguer date. An interval is a
//! bar from its start to its end; an approximate date is drawn hollow and dashed.

use super::axis::Axis;
use super::{esc, n, open, text_width, wrap, LabelBox};
use std::fmt::Write;

const MARGIN: f64 = 8.0;
const LABEL_GAP: f64 = 5.0;
/// Horizontal room kept free between two items of one row.
const ROW_GAP: f64 = 8.0;

/// How precisely a single date is known (an interval is drawn from its ends instead).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Precision {
    Day,
    Month,
    Year,
}

/// One event to draw.
#[derive(Debug, Clone, Hash)]
pub struct Mark<'a> {
    /// First and last day (inclusive) the date can mean (see `PartialDate::day_number`).
    pub start: i64,
    pub end: i64,
    pub approx: bool,
    /// An interval (`START/END`) rather than one date at some precision.
    pub range: bool,
    pub precision: Precision,
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

/// Radius of a day's dot.
const DOT: f64 = 3.5;
/// Half the length of the whisker of a date known to the month, and to the year.
const MONTH_WHISKER: f64 = 6.0;
const YEAR_WHISKER: f64 = 12.0;

/// A mark's extent along the axis: (first, centre, last) position.
fn extent(m: &Mark, axis: &Axis) -> (f64, f64, f64) {
    let (xs, xe) = (axis.x(m.start), axis.x(m.end + 1));
    if m.range {
        let xe = xe.max(xs + 3.0);
        return (xs, (xs + xe) / 2.0, xe);
    }
    let c = (xs + xe) / 2.0;
    let half = match m.precision {
        Precision::Day => DOT + 0.5,
        Precision::Month => MONTH_WHISKER,
        Precision::Year => YEAR_WHISKER,
    };
    (c - half, c, c + half)
}

/// The mark itself at its `extent` along the axis and at `y`: a bar, or a dot with its
/// whisker.
fn glyph(out: &mut String, m: &Mark, (lo, c, hi): (f64, f64, f64), y: f64) {
    let approx = if m.approx { " tl-approx" } else { "" };
    if m.range {
        let _ = write!(
            out,
            "<rect class=\"tl-bar{approx}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"2\"/>",
            n(lo),
            n(y - 4.0),
            n(hi - lo),
            n(8.0)
        );
        return;
    }
    if m.precision != Precision::Day {
        // The whisker with a cap at each end, as an error bar.
        let d = format!("M{} {}v6M{} {}H{}M{} {}v6", n(lo), n(y - 3.0), n(lo), n(y), n(hi), n(hi), n(y - 3.0));
        let _ = write!(out, "<path class=\"tl-span\" d=\"{d}\"/>");
    }
    let _ = write!(out, "<circle class=\"tl-dot{approx}\" cx=\"{}\" cy=\"{}\" r=\"{}\"/>", n(c), n(y), n(DOT));
}

/// The opening of a mark's link, named by its date and title.
fn open_mark(out: &mut String, m: &Mark) {
    let _ = write!(out, "<a href=\"{}\"><title>{}: {}</title>", esc(&m.href), esc(&m.date), esc(m.title));
}

/// A label of one or two lines: the first line's baseline at `y`, the next `line` below.
fn label(out: &mut String, lines: &[String], x: f64, y: f64, end: bool, line: f64) {
    let anchor = if end { " text-anchor=\"end\"" } else { "" };
    let _ = write!(out, "<text class=\"tl-label\" x=\"{}\" y=\"{}\"{anchor}>", n(x), n(y));
    for (i, l) in lines.iter().enumerate() {
        if i == 0 {
            out.push_str(&esc(l));
        } else {
            let _ = write!(out, "<tspan x=\"{}\" dy=\"{}\">{}</tspan>", n(x), n(line), esc(l));
        }
    }
    out.push_str("</text>");
}

/// The ticks of a horizontal `axis` `width` wide: tick lines from `tick_y` down `tick_len`,
/// and labels at font `small` centred on their baseline `label_y` (the caller's group sets the
/// font size).
pub fn ticks_across(
    out: &mut String,
    axis: &Axis,
    width: f64,
    small: f64,
    (tick_y, tick_len): (f64, f64),
    label_y: f64,
) {
    let ticks = axis.ticks(&|l: &str| text_width(l, small), 0.0, width, 6.0);
    let mut d = String::new();
    for t in ticks.iter().filter(|t| t.tick) {
        let _ = write!(d, "M{} {}v{}", n(t.at), n(tick_y), n(tick_len));
    }
    if !d.is_empty() {
        let _ = write!(out, "<path class=\"tl-tick\" d=\"{d}\"/>");
    }
    out.push_str("<g text-anchor=\"middle\">");
    for t in &ticks {
        let _ = write!(
            out,
            "<text class=\"{}\" x=\"{}\" y=\"{}\">{}</text>",
            t.class(),
            n(t.at),
            n(label_y),
            esc(&t.label)
        );
    }
    out.push_str("</g>");
}

/// The widest of `lines` at font `size`.
fn widest(lines: &[String], size: f64) -> f64 {
    lines.iter().map(|l| text_width(l, size)).fold(0.0, f64::max)
}

/// A mark placed in its row, with its label.
struct Placed {
    /// Extent along the axis (first, centre, last).
    ext: (f64, f64, f64),
    /// First half-line row taken.
    row: usize,
    label: Option<Label>,
}

struct Label {
    x: f64,
    /// Anchored at its end (left of the mark).
    end: bool,
    lines: Vec<String>,
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
fn place(marks: &[Mark], axis: &Axis, f: &Frame) -> Vec<Placed> {
    let right = f.width - MARGIN;
    let one_line = (f.width * 0.4).min(f.font * 28.0);
    let two_lines = (f.width * 0.3).min(f.font * 23.0);
    let lines_for = |title: &str, room: f64| {
        if text_width(title, f.font) <= one_line.min(room) {
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
        glyph(&mut out, m, p.ext, y);
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
    ticks_across(out, axis, f.width, small, (y - 4.0, 8.0), y - 7.0);
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
    use super::*;

    /// Marks with dense clusters (many on one day), long ranges, lone events centuries apart,
    /// long titles and every precision.
    pub fn marks(count: usize) -> Vec<Mark<'static>> {
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
                let title: &'static str = match i % 3 {
                    0 => "W".repeat(60).leak(),
                    1 => format!("Event {i} with a title long enough to need two lines in most pictures").leak(),
                    _ => format!("Event {i}").leak(),
                };
                let precision = [Precision::Day, Precision::Month, Precision::Year][i % 3];
                Mark {
                    start,
                    end,
                    approx: i % 4 == 0,
                    range: i % 7 == 0,
                    precision,
                    title,
                    date: String::new(),
                    href: "#e".into(),
                }
            })
            .collect()
    }

    #[test]
    fn a_month_is_drawn_narrower_than_a_year_wherever_it_falls() {
        // A busy June (many events inside it) next to a quiet year: on the compressed axis June
        // spans more than 1961 does, yet its mark is the narrower.
        let june = |d: i64| 739_400 + d;
        let mut marks: Vec<Mark> = (0..20)
            .map(|d| Mark {
                start: june(d),
                end: june(d),
                approx: false,
                range: false,
                precision: Precision::Day,
                title: "x",
                date: String::new(),
                href: String::new(),
            })
            .collect();
        let month = Mark { start: june(0), end: june(29), precision: Precision::Month, ..marks[0].clone() };
        let year = Mark { start: 716_000, end: 716_364, precision: Precision::Year, ..marks[0].clone() };
        marks.push(month.clone());
        marks.push(year.clone());
        let extents: Vec<(i64, i64)> = marks.iter().map(|m| (m.start, m.end)).collect();
        let axis = Axis::new(&extents, 0.0, 800.0);
        assert!(
            axis.x(june(30)) - axis.x(june(0)) > axis.x(716_365) - axis.x(716_000),
            "June is the wider on the axis"
        );
        let width = |m: &Mark| {
            let (lo, _, hi) = extent(m, &axis);
            hi - lo
        };
        assert!(width(&month) < width(&year));
        assert!(width(&marks[0]) < width(&month), "a day is narrower still");
        let mut out = String::new();
        glyph(&mut out, &month, extent(&month, &axis), 10.0);
        assert!(out.contains("tl-span") && out.contains("tl-dot"), "{out}");
    }

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

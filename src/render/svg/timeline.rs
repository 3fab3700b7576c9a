//! The timeline picture: one mark per event on a compressed time axis (see `axis`), each mark
//! a link to its event, with its title as a label (wrapped onto two lines before it is cut)
//! that never overlaps another. Two layouts share the marks: `across` runs time from left to
//! right, for a wide column; `down` runs it from top to bottom, for a narrow one (a sidebar, a
//! phone), where titles get the width of the column.
//!
//! A day is a dot; a date known only to the month or the year is a dot on a whisker with end
//! caps, short for a month and long for a year. The whiskers have fixed lengths rather than the
//! axis extent of the month or year: on a compressed axis a busy month can be wider than a
//! quiet year, and a reader takes the longer whisker for the vaguer date. An interval is a
//! bar from its start to its end; an approximate date is drawn hollow and dashed.

pub mod across;
pub mod down;

use super::axis::Axis;
use super::{esc, n};
use std::fmt::Write;

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

/// Which way time runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Layout {
    /// Left to right, labels in rows under the axis.
    Across,
    /// Top to bottom, labels in a column beside the axis.
    Down,
}

/// The SVG of `marks` (earliest first, as the list beside the picture) in `layout`.
pub fn draw(marks: &[Mark], f: &Frame, layout: Layout) -> String {
    match layout {
        Layout::Across => across::draw(marks, f),
        Layout::Down => down::draw(marks, f),
    }
}

/// Radius of a day's dot.
pub const DOT: f64 = 3.5;
/// Half the length of the whisker of a date known to the month, and to the year.
pub const MONTH_WHISKER: f64 = 6.0;
pub const YEAR_WHISKER: f64 = 12.0;

/// A mark's extent along the axis: (first, centre, last) position.
pub fn extent(m: &Mark, axis: &Axis) -> (f64, f64, f64) {
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

/// The mark itself at its `extent` along the axis and at `cross` across it: a bar, or a dot
/// with its whisker.
pub fn glyph(out: &mut String, m: &Mark, (lo, c, hi): (f64, f64, f64), cross: f64, across: bool) {
    let approx = if m.approx { " tl-approx" } else { "" };
    // (x, y) of a point `along` the axis.
    let at = |along: f64| if across { (along, cross) } else { (cross, along) };
    if m.range {
        let (x, y) = at(lo);
        let (w, h) = if across { (hi - lo, 8.0) } else { (8.0, hi - lo) };
        let (x, y) = if across { (x, y - 4.0) } else { (x - 4.0, y) };
        let _ = write!(
            out,
            "<rect class=\"tl-bar{approx}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"2\"/>",
            n(x),
            n(y),
            n(w),
            n(h)
        );
        return;
    }
    if m.precision != Precision::Day {
        // The whisker with a cap at each end, as an error bar.
        let (x0, y0) = at(lo);
        let (x1, y1) = at(hi);
        let d = if across {
            format!("M{} {}v6M{} {}H{}M{} {}v6", n(x0), n(y0 - 3.0), n(x0), n(y0), n(x1), n(x1), n(y1 - 3.0))
        } else {
            format!("M{} {}h6M{} {}V{}M{} {}h6", n(x0 - 3.0), n(y0), n(x0), n(y0), n(y1), n(x1 - 3.0), n(y1))
        };
        let _ = write!(out, "<path class=\"tl-span\" d=\"{d}\"/>");
    }
    let (x, y) = at(c);
    let _ = write!(out, "<circle class=\"tl-dot{approx}\" cx=\"{}\" cy=\"{}\" r=\"{}\"/>", n(x), n(y), n(DOT));
}

/// The opening of a mark's link, named by its date and title.
pub fn open_mark(out: &mut String, m: &Mark) {
    let _ = write!(out, "<a href=\"{}\"><title>{}: {}</title>", esc(&m.href), esc(&m.date), esc(m.title));
}

/// A label of one or two lines: the first line's baseline at `y`, the next `line` below.
pub fn label(out: &mut String, lines: &[String], x: f64, y: f64, end: bool, line: f64) {
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
    let ticks = axis.ticks(&|l: &str| super::text_width(l, small), 0.0, width, 6.0);
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
pub fn widest(lines: &[String], size: f64) -> f64 {
    lines.iter().map(|l| super::text_width(l, size)).fold(0.0, f64::max)
}

#[cfg(test)]
pub(super) mod tests {
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
        glyph(&mut out, &month, extent(&month, &axis), 10.0, true);
        assert!(out.contains("tl-span") && out.contains("tl-dot"), "{out}");
    }
}

//! The aggregate timeline picture, for timelines too long to draw event by event: one bar per
//! period (a year, or a decade or century when there are many years), as tall as the period
//! has events, each bar a link to where those events are listed. Same compressed axis as the
//! event picture.

use super::axis::Axis;
use super::timeline::Frame;
use super::{esc, n, open};
use std::fmt::Write;

/// One period and its events.
#[derive(Debug, Clone, Hash)]
pub struct Bucket {
    /// First and last day (inclusive) of the period.
    pub start: i64,
    pub end: i64,
    /// `1961`, `1960s`.
    pub label: String,
    pub count: usize,
    pub href: String,
}

const MARGIN: f64 = 8.0;
const BARS: f64 = 90.0;

/// The SVG of `buckets`, earliest first.
pub fn draw(buckets: &[Bucket], f: &Frame) -> String {
    let extents: Vec<(i64, i64)> = buckets.iter().map(|b| (b.start, b.end)).collect();
    let axis = Axis::new(&extents, MARGIN, f.width - MARGIN);
    let max = buckets.iter().map(|b| b.count).max().unwrap_or(1).max(1) as f64;
    let base = 10.0 + BARS;
    let small = (f.font * 0.85).round();
    let height = base + small * 4.2;
    let mut out = String::with_capacity(300 * buckets.len() + 2000);
    open(&mut out, &f.id, "picture-timeline picture-density", f.width, height, &f.title, &f.desc);
    out.push_str("<g class=\"tl-marks\">");
    for b in buckets {
        let x0 = axis.x(b.start);
        let x1 = axis.x(b.end + 1);
        let w = (x1 - x0 - 1.0).max(2.0);
        let h = (BARS * b.count as f64 / max).max(2.0);
        let unit = if b.count == 1 { "event" } else { "events" };
        let _ = write!(
            out,
            "<a href=\"{}\"><title>{}: {} {unit}</title><rect class=\"tl-density\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/></a>",
            esc(&b.href),
            esc(&b.label),
            b.count,
            n(x0),
            n(base - h),
            n(w),
            n(h)
        );
    }
    let _ = write!(out, "</g><g class=\"tl-axis\" aria-hidden=\"true\" font-size=\"{}\">", n(small));
    let _ = write!(out, "<path class=\"tl-axis-line\" d=\"M{} {}H{}\"/>", n(MARGIN), n(base), n(f.width - MARGIN));
    super::timeline::ticks_across(&mut out, &axis, f.width, small, (base, 4.0), base + 4.0 + small * 1.1);
    for b in &axis.breaks {
        let mid = (b.x0 + b.x1) / 2.0;
        let _ = write!(
            out,
            "<g class=\"tl-break\"><title>{} without events (axis compressed)</title><path class=\"tl-break-mark\" d=\"M{} {y}l4 -8M{} {y}l4 -8\"/></g>",
            esc(&b.label()),
            n(mid - 4.0),
            n(mid),
            y = n(base + 4.0),
        );
    }
    out.push_str("</g></svg>");
    out
}

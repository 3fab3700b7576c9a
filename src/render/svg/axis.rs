//! The time axis of the timeline pictures: readable when events cluster within days and when
//! centuries separate them.
//!
//! The axis is piecewise linear between "knots", the first and the day after the last day of
//! every drawn extent. Each stretch between two knots gets a width that grows with the
//! logarithm of its length (`stretch_weight`), so a day between two events stays visible next
//! to a century, and the whole is scaled to the picture's width. A long stretch (over two years
//! and a thirtieth of the axis) that no event covers is a compressed gap: it is drawn as a break on the axis, labelled with
//! its length, and no year ticks are placed inside it.

use crate::model::date::PartialDate;

/// Days in a year, for gap lengths.
const YEAR: f64 = 365.2425;
/// An empty stretch is drawn as a break when it is longer than this many days and than
/// `1 / BREAK_SHARE` of the whole axis: only the gaps a reader would misjudge are marked.
pub const BREAK_DAYS: i64 = 731;
const BREAK_SHARE: i64 = 30;

/// A compressed gap between `x0` and `x1`, `days` long.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Break {
    pub x0: f64,
    pub x1: f64,
    pub days: i64,
    /// The first day after the gap.
    pub resume: i64,
}

impl Break {
    /// `7 months`, `30 years`: the gap's length for its label.
    pub fn label(&self) -> String {
        let years = self.days as f64 / YEAR;
        if years >= 1.5 {
            format!("{} years", years.round() as i64)
        } else {
            format!("{} months", (self.days as f64 / (YEAR / 12.0)).round() as i64)
        }
    }
}

/// Day numbers → x positions.
#[derive(Debug, Clone)]
pub struct Axis {
    /// (day, x), increasing in both.
    knots: Vec<(i64, f64)>,
    pub breaks: Vec<Break>,
}

/// The relative width of a stretch of `days` days.
fn stretch_weight(days: i64) -> f64 {
    1.0 + (1.0 + days as f64 / 7.0).ln()
}

impl Axis {
    /// An axis over `extents` (first day, last day inclusive) drawn from `x0` to `x1`.
    pub fn new(extents: &[(i64, i64)], x0: f64, x1: f64) -> Axis {
        let mut days: Vec<i64> = extents.iter().flat_map(|&(s, e)| [s, e.max(s) + 1]).collect();
        days.sort_unstable();
        days.dedup();
        if days.len() < 2 {
            let d = days.first().copied().unwrap_or(0);
            days = vec![d, d + 1];
        }
        let weights: Vec<f64> = days.windows(2).map(|w| stretch_weight(w[1] - w[0])).collect();
        let total: f64 = weights.iter().sum();
        let scale = (x1 - x0) / total;
        let mut knots = Vec::with_capacity(days.len());
        let mut x = x0;
        knots.push((days[0], x));
        for (w, &d) in weights.iter().zip(&days[1..]) {
            x += w * scale;
            knots.push((d, x));
        }
        let breaks = gaps(extents, &days)
            .into_iter()
            .map(|(a, b)| Break { x0: x_of(&knots, a), x1: x_of(&knots, b), days: b - a, resume: b })
            .collect();
        Axis { knots, breaks }
    }

    /// The x of the start of `day`.
    pub fn x(&self, day: i64) -> f64 {
        x_of(&self.knots, day)
    }

    pub fn first_day(&self) -> i64 {
        self.knots.first().map_or(0, |k| k.0)
    }

    pub fn last_day(&self) -> i64 {
        self.knots.last().map_or(0, |k| k.0)
    }

    /// Whether `day` falls inside a compressed gap.
    pub fn in_break(&self, day: i64) -> bool {
        let x = self.x(day);
        self.breaks.iter().any(|b| x > b.x0 && x < b.x1)
    }
}

/// A tick on the axis: its x and its label (`1961`, or `Mar` inside a short span).
#[derive(Debug, Clone, PartialEq)]
pub struct Tick {
    pub x: f64,
    pub label: String,
}

const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

impl Axis {
    /// Ticks at the starts of years (and of months when the axis spans a few years), the
    /// roundest first, kept where their labels at font `size` stay `gap` apart, inside
    /// `0..width` and outside compressed gaps.
    pub fn ticks(&self, size: f64, width: f64, gap: f64) -> Vec<Tick> {
        let (first, last) = (self.first_day(), self.last_day());
        let mut cands: Vec<(u32, i64, String)> = Vec::new();
        let y0 = year_of(first);
        let y1 = year_of(last);
        for y in y0..=y1 + 1 {
            let d = PartialDate { year: y, month: None, day: None }.day_number();
            let rank =
                1 + [1000, 500, 100, 50, 10, 5, 2, 1].iter().position(|&m| y.rem_euclid(m) == 0).unwrap_or(8) as u32;
            cands.push((rank, d, y.to_string()));
            if y1 - y0 <= 4 {
                for m in 2..=12u8 {
                    let d = PartialDate { year: y, month: Some(m), day: None }.day_number();
                    let rank = if (m - 1) % 3 == 0 { 10 } else { 11 };
                    cands.push((rank, d, MONTHS[m as usize - 1].to_string()));
                }
            }
        }
        // Where the axis starts and resumes after each gap, a tick says when: without it a
        // stretch between two gaps could show no year at all.
        let short = y1 - y0 <= 4;
        let starts = std::iter::once(first).chain(self.breaks.iter().map(|b| b.resume));
        for d in starts {
            let y = year_of(d);
            let label = if short { format!("{} {y}", MONTHS[month_of(y, d) as usize - 1]) } else { y.to_string() };
            cands.push((0, d, label));
        }
        cands.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)));
        let mut placed: Vec<(f64, f64, Tick)> = Vec::new();
        for (_, d, label) in cands {
            if d < first || d > last || self.in_break(d) {
                continue;
            }
            let x = self.x(d);
            let w = super::text_width(&label, size);
            let (a, b) = (x - w / 2.0, x + w / 2.0);
            if a < 0.0 || b > width || placed.iter().any(|p| a < p.1 + gap && p.0 < b + gap) {
                continue;
            }
            placed.push((a, b, Tick { x, label }));
        }
        let mut ticks: Vec<Tick> = placed.into_iter().map(|p| p.2).collect();
        ticks.sort_by(|a, b| a.x.total_cmp(&b.x));
        ticks
    }
}

/// The month (1–12) of year `y` a day number falls in.
fn month_of(y: i32, day: i64) -> u8 {
    (2..=12u8)
        .take_while(|&m| PartialDate { year: y, month: Some(m), day: None }.day_number() <= day)
        .last()
        .unwrap_or(1)
}

/// The calendar year a day number falls in.
fn year_of(day: i64) -> i32 {
    let start = |year: i32| PartialDate { year, month: None, day: None }.day_number();
    let mut y = (day as f64 / YEAR) as i32;
    while start(y) > day {
        y -= 1;
    }
    while start(y + 1) <= day {
        y += 1;
    }
    y
}

fn x_of(knots: &[(i64, f64)], day: i64) -> f64 {
    let i = knots.partition_point(|k| k.0 <= day);
    if i == 0 {
        return knots.first().map_or(0.0, |k| k.1);
    }
    if i >= knots.len() {
        return knots.last().map_or(0.0, |k| k.1);
    }
    let (d0, x0) = knots[i - 1];
    let (d1, x1) = knots[i];
    x0 + (x1 - x0) * (day - d0) as f64 / (d1 - d0) as f64
}

/// Stretches between consecutive knots longer than `BREAK_DAYS` that no extent covers.
fn gaps(extents: &[(i64, i64)], days: &[i64]) -> Vec<(i64, i64)> {
    let span = days.last().copied().unwrap_or(0) - days.first().copied().unwrap_or(0);
    let min_gap = BREAK_DAYS.max(span / BREAK_SHARE);
    let mut covered: Vec<(i64, i64)> = extents.iter().map(|&(s, e)| (s, e.max(s) + 1)).collect();
    covered.sort_unstable();
    let mut out = Vec::new();
    let mut reach = i64::MIN;
    for &(s, e) in &covered {
        if reach != i64::MIN && s - reach > min_gap {
            out.push((reach, s));
        }
        reach = reach.max(e);
    }
    // Keep only gaps that are whole stretches of the axis (always true: both ends are knots).
    out.retain(|(a, b)| days.binary_search(a).is_ok() && days.binary_search(b).is_ok());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spreads_clusters_and_compresses_gaps() {
        // Two events a day apart in 2024 and one in 1890: the day apart stays visible.
        let a = Axis::new(&[(0, 0), (48_900, 48_900), (48_901, 48_901)], 0.0, 700.0);
        assert!(a.x(48_901) - a.x(48_900) > 20.0, "{a:?}");
        assert_eq!(a.breaks.len(), 1);
        assert!(a.breaks[0].label().ends_with("years"));
        assert!((a.x(0) - 0.0).abs() < 1e-9 && (a.x(48_902) - 700.0).abs() < 1e-9);
    }

    #[test]
    fn is_monotone() {
        let a = Axis::new(&[(10, 400), (100, 100), (5000, 5000)], 10.0, 500.0);
        let xs: Vec<f64> = (0..6000).step_by(7).map(|d| a.x(d)).collect();
        assert!(xs.windows(2).all(|w| w[0] <= w[1]));
        assert!(a.breaks.len() == 1 && !a.in_break(200) && a.in_break(3000));
    }
}

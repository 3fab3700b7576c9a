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

/// The knots of `extents`: every first day and day after the last, sorted, at least two.
fn knots(extents: &[(i64, i64)]) -> Vec<i64> {
    let mut days: Vec<i64> = extents.iter().flat_map(|&(s, e)| [s, e.max(s) + 1]).collect();
    days.sort_unstable();
    days.dedup();
    if days.len() < 2 {
        let d = days.first().copied().unwrap_or(0);
        days = vec![d, d + 1];
    }
    days
}

/// The relative width of a stretch of `days` days.
fn stretch_weight(days: i64) -> f64 {
    1.0 + (1.0 + days as f64 / 7.0).ln()
}

impl Axis {
    /// An axis over `extents` (first day, last day inclusive) drawn from `x0` to `x1`.
    pub fn new(extents: &[(i64, i64)], x0: f64, x1: f64) -> Axis {
        let days = knots(extents);
        let weights: Vec<f64> = days.windows(2).map(|w| stretch_weight(w[1] - w[0])).collect();
        let scale = (x1 - x0) / weights.iter().sum::<f64>();
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

    fn first_day(&self) -> i64 {
        self.knots.first().map_or(0, |k| k.0)
    }

    fn last_day(&self) -> i64 {
        self.knots.last().map_or(0, |k| k.0)
    }

    /// Whether `day` falls inside a compressed gap.
    pub fn in_break(&self, day: i64) -> bool {
        let x = self.x(day);
        self.breaks.iter().any(|b| x > b.x0 && x < b.x1)
    }
}

/// A label on the axis: a tick at a round date (`1960`, `Apr`), or, for a stretch between two
/// breaks that holds no round date, the stretch's years centred on it (`1893`, `1950–53`, `1899–1903`),
/// drawn without a tick line.
#[derive(Debug, Clone, PartialEq)]
pub struct Tick {
    /// Position along the axis (x, or y for a vertical axis).
    pub at: f64,
    pub label: String,
    /// A tick line at `at` (else a stretch's label, centred).
    pub tick: bool,
}

impl Tick {
    /// The class of its label: a stretch's years are `tl-period` too.
    pub fn class(&self) -> &'static str {
        if self.tick {
            "tl-tick-label"
        } else {
            "tl-tick-label tl-period"
        }
    }
}

const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/// Tick steps, finest first: months (1, 3, 6), then years. Each step's dates are among the
/// finer steps' dates, so a coarser step only ever drops ticks. Steps of 2 years are left out:
/// on a compressed axis `1948, 1950, 1952` reads as noise, `1945, 1950, 1955` as a scale.
const STEPS: [Step; 10] = [
    Step::Months(1),
    Step::Months(3),
    Step::Months(6),
    Step::Years(1),
    Step::Years(5),
    Step::Years(10),
    Step::Years(50),
    Step::Years(100),
    Step::Years(500),
    Step::Years(1000),
];

#[derive(Debug, Clone, Copy)]
enum Step {
    Months(u8),
    Years(i32),
}

impl Step {
    /// The round dates of this step from day `a` to before day `b`, with their labels
    /// (`1961`, or `Apr` for a month that starts no year).
    fn dates(self, a: i64, b: i64) -> Vec<(i64, String)> {
        let (y0, y1) = (year_of(a), year_of(b));
        let mut out = Vec::new();
        for y in y0..=y1 {
            match self {
                Step::Years(n) if y.rem_euclid(n) == 0 => out.push((year_start(y), y.to_string())),
                Step::Years(_) => {}
                Step::Months(n) => {
                    for m in (1..=12u8).filter(|m| (m - 1) % n == 0) {
                        let d = PartialDate { year: y, month: Some(m), day: None }.day_number();
                        let label = if m == 1 { y.to_string() } else { MONTHS[m as usize - 1].to_string() };
                        out.push((d, label));
                    }
                }
            }
        }
        out.retain(|(d, _)| (a..b).contains(d));
        out
    }
}

impl Axis {
    /// The stretches of the axis between its breaks, as (first day, day after the last).
    fn stretches(&self) -> Vec<(i64, i64)> {
        let mut out = Vec::new();
        let mut from = self.first_day();
        for b in &self.breaks {
            out.push((from, b.resume - b.days));
            from = b.resume;
        }
        out.push((from, self.last_day()));
        out
    }

    /// The axis labels: in each stretch between breaks, ticks at the round dates of the finest
    /// step (months, then 1, 5, 10, 50… years) whose labels all fit `gap` apart (a label's
    /// extent along the axis is `extent(label)`; a date whose label would leave `lo..hi`, at an
    /// end of the axis, is left out rather than ruling its step out); where the
    /// ticks are months and none starts a year, the first names its year (`Apr 2024`). A stretch
    /// with no round date that fits is labelled with its years, centred, where that fits.
    pub fn ticks(&self, extent: &dyn Fn(&str) -> f64, lo: f64, hi: f64, gap: f64) -> Vec<Tick> {
        let mut taken: Vec<(f64, f64)> = Vec::new();
        let mut out = Vec::new();
        let bounds = |at: f64, label: &str| {
            let half = extent(label) / 2.0;
            (at - half, at + half)
        };
        let inside = |(a, b): (f64, f64)| a >= lo && b <= hi;
        let clear = |taken: &[(f64, f64)], (a, b): (f64, f64)| taken.iter().all(|t| b + gap <= t.0 || t.1 + gap <= a);
        for (a, b) in self.stretches() {
            let years = b - a > 4 * 366;
            let mut chosen: Option<Vec<Tick>> = None;
            for step in STEPS.iter().filter(|s| !(years && matches!(s, Step::Months(_)))) {
                // A date whose label would leave the frame (at either end of the axis) is
                // left out; labels that meet rule the step out.
                let mut dates: Vec<(i64, String)> =
                    step.dates(a, b).into_iter().filter(|(d, label)| inside(bounds(self.x(*d), label))).collect();
                if dates.is_empty() {
                    break;
                }
                if matches!(step, Step::Months(_))
                    && !dates.iter().any(|(_, l)| l.starts_with(|c: char| c.is_ascii_digit()))
                {
                    dates[0].1 = format!("{} {}", dates[0].1, year_of(dates[0].0));
                }
                let mut boxes = taken.clone();
                let ticks: Option<Vec<Tick>> = dates
                    .into_iter()
                    .map(|(d, label)| {
                        let at = self.x(d);
                        let bx = bounds(at, &label);
                        (inside(bx) && clear(&boxes, bx)).then(|| boxes.push(bx))?;
                        Some(Tick { at, label, tick: true })
                    })
                    .collect();
                if let Some(t) = ticks {
                    taken = boxes;
                    chosen = Some(t);
                    break;
                }
            }
            match chosen {
                Some(t) => out.extend(t),
                None => {
                    let (y0, y1) = (year_of(a), year_of(b - 1));
                    let label = match (y0 == y1, y0.div_euclid(100) == y1.div_euclid(100)) {
                        (true, _) => y0.to_string(),
                        // `1950–53`, as a reader writes a span within one century.
                        (false, true) if y0 > 0 => format!("{y0}\u{2013}{:02}", y1.rem_euclid(100)),
                        _ => format!("{y0}\u{2013}{y1}"),
                    };
                    let at = (self.x(a) + self.x(b)) / 2.0;
                    let bx = bounds(at, &label);
                    if inside(bx) && clear(&taken, bx) {
                        taken.push(bx);
                        out.push(Tick { at, label, tick: false });
                    }
                }
            }
        }
        out
    }
}

fn year_start(year: i32) -> i64 {
    PartialDate { year, month: None, day: None }.day_number()
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

    fn day(y: i32, m: Option<u8>, d: Option<u8>) -> i64 {
        PartialDate { year: y, month: m, day: d }.day_number()
    }

    #[test]
    fn ticks_are_round_dates_chosen_for_each_stretch() {
        // Events from March 1891 to 2031, with a war, a flood week and a busy June.
        let extents = [
            (day(1891, Some(3), Some(5)), day(1891, Some(3), Some(5))),
            (day(1893, Some(5), None), day(1893, Some(6), None) - 1),
            (day(1899, None, None), day(1904, None, None) - 1),
            (day(1905, None, None), day(1906, None, None) - 1),
            (day(1914, Some(8), None), day(1918, Some(12), None) - 1),
            (day(1947, None, None), day(1948, None, None) - 1),
            (day(1948, Some(3), None), day(1948, Some(4), None) - 1),
            (day(1950, Some(6), Some(25)), day(1953, Some(7), Some(27))),
            (day(1953, Some(2), Some(1)), day(1953, Some(2), Some(3))),
            (day(2024, Some(3), Some(28)), day(2024, Some(3), Some(28))),
            (day(2024, Some(6), Some(17)), day(2024, Some(6), Some(20))),
            (day(2031, None, None), day(2032, None, None) - 1),
        ];
        for width in [360.0, 880.0, 1120.0] {
            let axis = Axis::new(&extents, 10.0, width - 10.0);
            let ticks = axis.ticks(&|l: &str| crate::render::svg::text_width(l, 10.0), 0.0, width, 6.0);
            assert!(ticks.len() >= 3, "{width}: {ticks:?}");
            // Within each stretch, year ticks are the multiples of one step, every one of them.
            for (a, b) in axis.stretches() {
                let years: Vec<i32> = ticks
                    .iter()
                    .filter(|t| t.tick && t.at >= axis.x(a) && t.at <= axis.x(b))
                    .filter_map(|t| t.label.parse().ok())
                    .collect();
                let Some(step) = years.windows(2).map(|w| w[1] - w[0]).next() else { continue };
                assert!([1, 5, 10, 50, 100].contains(&step), "{width}: {years:?}");
                assert!(years.windows(2).all(|w| w[1] - w[0] == step), "{width}: {years:?}");
                assert!(years.iter().all(|y| y % step == 0), "{width}: {years:?}");
            }
            for t in &ticks {
                let label = t.label.as_str();
                // No tick where the axis happens to start or resume, and no odd years between
                // round ones.
                assert!(!["1891", "1948", "1952"].contains(&label) || !t.tick, "{width}: {ticks:?}");
                if t.tick {
                    let month = MONTHS.iter().any(|m| label.starts_with(m));
                    assert!(month || label.parse::<i32>().is_ok(), "{label}");
                }
            }
            // A stretch with no round date in it still says when it is, where there is room.
            assert!(width < 800.0 || ticks.iter().any(|t| !t.tick), "{width}: {ticks:?}");
            let mut sorted = ticks.clone();
            sorted.sort_by(|x, y| x.at.total_cmp(&y.at));
            assert_eq!(sorted, ticks, "in order along the axis");
        }
    }

    #[test]
    fn short_stretches_tick_months_and_name_their_year() {
        let extents = [
            (day(2024, Some(3), Some(28)), day(2024, Some(3), Some(28))),
            (day(2024, Some(6), Some(27)), day(2024, Some(6), Some(27))),
        ];
        let axis = Axis::new(&extents, 10.0, 870.0);
        let ticks = axis.ticks(&|l: &str| crate::render::svg::text_width(l, 10.0), 0.0, 880.0, 6.0);
        let labels: Vec<&str> = ticks.iter().map(|t| t.label.as_str()).collect();
        assert_eq!(labels, ["Apr 2024", "May", "Jun"]);
    }

    #[test]
    fn a_round_date_at_the_end_of_the_axis_does_not_cost_its_stretch_every_tick() {
        // Years 2000 to 2026 edge to edge, as the bars of a long timeline: 2000 sits on the
        // frame's edge, its label half outside. The others are still ticked.
        let extents: Vec<(i64, i64)> = (2000..2027).map(|y| (year_start(y), year_start(y + 1) - 1)).collect();
        let axis = Axis::new(&extents, 8.0, 1112.0);
        let ticks = axis.ticks(&|l: &str| crate::render::svg::text_width(l, 10.0), 0.0, 1120.0, 6.0);
        let labels: Vec<&str> = ticks.iter().filter(|t| t.tick).map(|t| t.label.as_str()).collect();
        assert!(labels.len() >= 5 && !labels.contains(&"2000"), "{labels:?}");
        assert!(labels.contains(&"2010") && labels.contains(&"2020"), "{labels:?}");
    }

    #[test]
    fn is_monotone() {
        let a = Axis::new(&[(10, 400), (100, 100), (5000, 5000)], 10.0, 500.0);
        let xs: Vec<f64> = (0..6000).step_by(7).map(|d| a.x(d)).collect();
        assert!(xs.windows(2).all(|w| w[0] <= w[1]));
        assert!(a.breaks.len() == 1 && !a.in_break(200) && a.in_break(3000));
    }
}

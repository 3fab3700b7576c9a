//! The actor network picture: actors as dots, linked by how many briefings they share, laid
//! out at build time.
//!
//! The layout is a force simulation (Fruchterman–Reingold: every pair repels, linked actors
//! attract, more strongly the more briefings they share) run for a fixed number of rounds from
//! a fixed start (evenly on a circle, in the order given), so the same nodes and edges always
//! give the same picture. Callers pass nodes in a deterministic order. Labels are placed beside
//! their dot where they clear every other label and dot; a label that fits nowhere is left out
//! (the dot keeps its name as a tooltip and the list beside the picture names everyone).
//!
//! Relations are a second kind of line (`Tie`): labelled with their type and, for a type that
//! reads differently from each side, ending in an arrow at the actor they lead to. They pull
//! their actors together like a shared briefing does.

use super::timeline::Frame;
use super::{esc, n, open, LabelBox, ASCENT};
use std::collections::BTreeMap;
use std::fmt::Write;

#[derive(Debug, Clone, Hash)]
pub struct Node<'a> {
    pub label: &'a str,
    pub href: String,
    /// `person`, `country`, … (a class for the theme).
    pub kind: &'static str,
    /// Briefings the actor is in: the dot's size.
    pub briefings: usize,
    /// The actor whose page this is.
    pub current: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Edge {
    pub a: usize,
    pub b: usize,
    /// Briefings the two share.
    pub weight: usize,
}

/// A relation between two nodes: the labels of its types (as read from `a`), and whether it
/// has a direction (an arrow from `a` to `b`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Tie<'a> {
    pub a: usize,
    pub b: usize,
    pub labels: Vec<&'a str>,
    pub directed: bool,
}

/// How strongly a relation pulls its actors together in the layout: as much as this many
/// shared briefings.
const TIE_PULL: usize = 1;

const ROUNDS: usize = 300;
const PAD: f64 = 14.0;

/// The starting positions: evenly spaced on a circle in the unit square.
fn ring(count: usize) -> Vec<(f64, f64)> {
    (0..count)
        .map(|i| {
            let a = std::f64::consts::TAU * i as f64 / count.max(1) as f64;
            (0.5 + 0.4 * a.cos(), 0.5 + 0.4 * a.sin())
        })
        .collect()
}

/// Positions in the unit square.
fn layout(count: usize, edges: &[Edge]) -> Vec<(f64, f64)> {
    if count < 2 {
        return vec![(0.5, 0.5); count];
    }
    let mut pos = ring(count);
    let k = (1.0 / count as f64).sqrt();
    // How strongly each edge pulls: the same in every round.
    let pull: Vec<f64> = edges.iter().map(|e| 1.0 + (e.weight as f64).ln()).collect();
    let mut disp = vec![(0.0f64, 0.0f64); count];
    for round in 0..ROUNDS {
        let temp = 0.1 * (1.0 - round as f64 / ROUNDS as f64);
        disp.fill((0.0, 0.0));
        for i in 0..count {
            // The push on `i` is summed in a local (the same additions in the same order, so
            // the same bits) rather than in the array: a store and a reload per pair made
            // this loop, run on every actor page, the largest cost of a site of many actors.
            let (mut px, mut py) = disp[i];
            let (pi, rest) = (pos[i], &pos[i + 1..]);
            for (pj, dj) in rest.iter().zip(&mut disp[i + 1..]) {
                let (dx, dy) = (pi.0 - pj.0, pi.1 - pj.1);
                let d2 = (dx * dx + dy * dy).max(1e-6);
                let f = k * k / d2;
                px += dx * f;
                py += dy * f;
                dj.0 -= dx * f;
                dj.1 -= dy * f;
            }
            disp[i] = (px, py);
        }
        for (e, pull) in edges.iter().zip(&pull) {
            let (dx, dy) = (pos[e.a].0 - pos[e.b].0, pos[e.a].1 - pos[e.b].1);
            let d = (dx * dx + dy * dy).sqrt().max(1e-3);
            let f = d / k * pull;
            disp[e.a].0 -= dx * f;
            disp[e.a].1 -= dy * f;
            disp[e.b].0 += dx * f;
            disp[e.b].1 += dy * f;
        }
        for (p, d) in pos.iter_mut().zip(&disp) {
            // A pull to the middle keeps unlinked actors in the frame.
            let (gx, gy) = ((0.5 - p.0) * k * 2.0, (0.5 - p.1) * k * 2.0);
            let (dx, dy) = (d.0 + gx, d.1 + gy);
            let len = (dx * dx + dy * dy).sqrt().max(1e-9);
            let step = len.min(temp);
            p.0 += dx / len * step;
            p.1 += dy / len * step;
        }
    }
    normalize(pos)
}

/// Stretch the positions to fill the unit square.
fn normalize(pos: Vec<(f64, f64)>) -> Vec<(f64, f64)> {
    let (mut x0, mut x1, mut y0, mut y1) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
    for p in &pos {
        x0 = x0.min(p.0);
        x1 = x1.max(p.0);
        y0 = y0.min(p.1);
        y1 = y1.max(p.1);
    }
    let sx = if x1 - x0 > 1e-9 { 1.0 / (x1 - x0) } else { 0.0 };
    let sy = if y1 - y0 > 1e-9 { 1.0 / (y1 - y0) } else { 0.0 };
    pos.into_iter()
        .map(|p| (if sx > 0.0 { (p.0 - x0) * sx } else { 0.5 }, if sy > 0.0 { (p.1 - y0) * sy } else { 0.5 }))
        .collect()
}

fn radius(briefings: usize) -> f64 {
    (3.0 + (briefings as f64).sqrt() * 1.5).min(11.0)
}

/// The SVG of the network, `f.width` wide and `height` high.
pub fn draw(nodes: &[Node], edges: &[Edge], ties: &[Tie], f: &Frame, height: f64) -> String {
    let unit = if ties.is_empty() {
        layout(nodes.len(), edges)
    } else {
        let pulls = ties.iter().map(|t| Edge { a: t.a, b: t.b, weight: TIE_PULL });
        layout(nodes.len(), &edges.iter().copied().chain(pulls).collect::<Vec<_>>())
    };
    let label_room = f.font * 6.0;
    let (w, h) = (f.width - 2.0 * (PAD + label_room), height - 2.0 * PAD - f.font * 2.0);
    let pos: Vec<(f64, f64)> = unit.iter().map(|&(x, y)| (PAD + label_room + x * w, PAD + f.font + y * h)).collect();
    let mut out = String::with_capacity(200 * (nodes.len() + edges.len()) + 1000);
    open(&mut out, &f.id, "picture-network", f.width, height, &f.title, &f.desc);
    // One path per line width keeps a dense network to a few bytes per line.
    let mut by_width: BTreeMap<u32, String> = BTreeMap::new();
    for e in edges {
        let (a, b) = (pos[e.a], pos[e.b]);
        let width = 1 + (e.weight as f64).log2().min(4.0).round() as u32;
        let d = by_width.entry(width).or_default();
        let _ = write!(d, "M{} {}L{} {}", n(a.0), n(a.1), n(b.0), n(b.1));
    }
    out.push_str("<g class=\"net-edges\" aria-hidden=\"true\">");
    for (width, d) in by_width {
        let _ = write!(out, "<path class=\"net-edge\" stroke-width=\"{width}\" d=\"{d}\"/>");
    }
    out.push_str("</g>");
    draw_ties(&mut out, nodes, ties, &pos, f);
    out.push_str("<g class=\"net-nodes\">");
    let labels = place_labels(nodes, &pos, f, height);
    for (i, node) in nodes.iter().enumerate() {
        let (x, y) = pos[i];
        let current = if node.current { " net-current" } else { "" };
        let _ = write!(
            out,
            "<a href=\"{}\"><title>{}: {} briefing{}</title><circle class=\"net-node net-{}{current}\" cx=\"{}\" cy=\"{}\" r=\"{}\"/>",
            esc(&node.href),
            esc(node.label),
            node.briefings,
            if node.briefings == 1 { "" } else { "s" },
            esc(node.kind),
            n(x),
            n(y),
            n(radius(node.briefings))
        );
        if let Some((lx, ly, anchor)) = labels[i] {
            let _ = write!(
                out,
                "<text class=\"net-label{current}\" x=\"{}\" y=\"{}\" font-size=\"{}\" text-anchor=\"{anchor}\">{}</text>",
                n(lx),
                n(ly),
                n(f.font),
                esc(node.label)
            );
        }
        out.push_str("</a>");
    }
    out.push_str("</g>");
    draw_tie_labels(&mut out, nodes, ties, &pos, &labels, f, height);
    out.push_str("</svg>");
    out
}

/// The relations' lines, from dot edge to dot edge, with an arrow head on directed ones.
fn draw_ties(out: &mut String, nodes: &[Node], ties: &[Tie], pos: &[(f64, f64)], f: &Frame) {
    if ties.is_empty() {
        return;
    }
    let arrow = format!("{}-arrow", esc(&f.id));
    let _ = write!(
        out,
        "<g class=\"net-ties\" aria-hidden=\"true\"><defs><marker id=\"{arrow}\" class=\"net-arrow\" viewBox=\"0 0 8 8\" \
         refX=\"7\" refY=\"4\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto\"><path d=\"M0 0L8 4L0 8z\"/></marker></defs>"
    );
    for t in ties {
        let ((ax, ay), (bx, by)) = (pos[t.a], pos[t.b]);
        let len = ((bx - ax).powi(2) + (by - ay).powi(2)).sqrt().max(1e-9);
        let (ux, uy) = ((bx - ax) / len, (by - ay) / len);
        let (ra, rb) = (radius(nodes[t.a].briefings) + 1.0, radius(nodes[t.b].briefings) + 2.0);
        let marker = if t.directed { format!(" marker-end=\"url(#{arrow})\"") } else { String::new() };
        let _ = write!(
            out,
            "<path class=\"net-tie\" d=\"M{} {}L{} {}\"{marker}/>",
            n(ax + ux * ra),
            n(ay + uy * ra),
            n(bx - ux * rb),
            n(by - uy * rb)
        );
    }
    out.push_str("</g>");
}

/// The relations' labels, above the dots: each near the middle of its line where it clears
/// the dots, the actors' labels and the labels placed before it; a label that fits nowhere is
/// left out (the relations are listed in the text).
fn draw_tie_labels(
    out: &mut String,
    nodes: &[Node],
    ties: &[Tie],
    pos: &[(f64, f64)],
    node_labels: &[Option<(f64, f64, &str)>],
    f: &Frame,
    height: f64,
) {
    if ties.is_empty() {
        return;
    }
    let size = f.font * 0.85;
    let mut taken: Vec<LabelBox> = nodes
        .iter()
        .zip(pos)
        .map(|(nd, &(x, y))| {
            let r = radius(nd.briefings);
            LabelBox { x0: x - r, y0: y - r, x1: x + r, y1: y + r }
        })
        .collect();
    for (i, placed) in node_labels.iter().enumerate() {
        if let Some((x, y, anchor)) = *placed {
            let w = super::text_width(nodes[i].label, f.font);
            let x0 = match anchor {
                "start" => x,
                "end" => x - w,
                _ => x - w / 2.0,
            };
            taken.push(LabelBox::of_text(nodes[i].label, f.font, x0, y, false));
        }
    }
    out.push_str("<g class=\"net-tie-labels\" aria-hidden=\"true\">");
    for t in ties {
        let text = t.labels.join(", ");
        let w = super::text_width(&text, size);
        let ((ax, ay), (bx, by)) = (pos[t.a], pos[t.b]);
        let baseline = size * (ASCENT - super::DESCENT) / 2.0;
        let spot = [0.5, 0.38, 0.62, 0.28, 0.72].into_iter().find_map(|at| {
            let (x, y) = (ax + (bx - ax) * at, ay + (by - ay) * at + baseline);
            let b = LabelBox::of_text(&text, size, x - w / 2.0, y, false);
            (b.inside(f.width, height) && !taken.iter().any(|o| o.overlaps(&b))).then_some((x, y, b))
        });
        let Some((x, y, b)) = spot else { continue };
        taken.push(b);
        let _ = write!(
            out,
            "<text class=\"net-tie-label\" x=\"{}\" y=\"{}\" font-size=\"{}\" text-anchor=\"middle\">{}</text>",
            n(x),
            n(y),
            n(size),
            esc(&text)
        );
    }
    out.push_str("</g>");
}

/// A label position (x, baseline y, anchor) for each node where one fits; the current actor
/// and the actors in most briefings are placed first.
fn place_labels(nodes: &[Node], pos: &[(f64, f64)], f: &Frame, height: f64) -> Vec<Option<(f64, f64, &'static str)>> {
    let dots: Vec<LabelBox> = nodes
        .iter()
        .zip(pos)
        .map(|(nd, &(x, y))| {
            let r = radius(nd.briefings);
            LabelBox { x0: x - r, y0: y - r, x1: x + r, y1: y + r }
        })
        .collect();
    let mut order: Vec<usize> = (0..nodes.len()).collect();
    order.sort_by_key(|&i| (!nodes[i].current, std::cmp::Reverse(nodes[i].briefings), i));
    let mut taken: Vec<LabelBox> = Vec::new();
    let mut out = vec![None; nodes.len()];
    let mid = f.font * (ASCENT - super::DESCENT) / 2.0;
    for i in order {
        let (x, y) = pos[i];
        let r = radius(nodes[i].briefings) + 3.0;
        let cands = [
            (x + r, y + mid, "start"),
            (x - r, y + mid, "end"),
            (x, y + r + f.font * ASCENT, "middle"),
            (x, y - r - f.font * super::DESCENT, "middle"),
        ];
        for (lx, ly, anchor) in cands {
            let w = super::text_width(nodes[i].label, f.font);
            let x0 = match anchor {
                "start" => lx,
                "end" => lx - w,
                _ => lx - w / 2.0,
            };
            let b = LabelBox::of_text(nodes[i].label, f.font, x0, ly, false);
            let clear = b.inside(f.width, height)
                && !taken.iter().any(|t| t.overlaps(&b))
                && !dots.iter().enumerate().any(|(j, d)| j != i && d.overlaps(&b));
            if clear {
                taken.push(b);
                out[i] = Some((lx, ly, anchor));
                break;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The simulation written plainly, pair by pair and edge by edge: `layout` must give
    /// exactly these positions (the same float operations in the same order).
    fn plain_layout(count: usize, edges: &[Edge]) -> Vec<(f64, f64)> {
        let mut pos = ring(count);
        let k = (1.0 / count as f64).sqrt();
        for round in 0..ROUNDS {
            let temp = 0.1 * (1.0 - round as f64 / ROUNDS as f64);
            let mut disp = vec![(0.0f64, 0.0f64); count];
            for i in 0..count {
                for j in (i + 1)..count {
                    let (dx, dy) = (pos[i].0 - pos[j].0, pos[i].1 - pos[j].1);
                    let f = k * k / (dx * dx + dy * dy).max(1e-6);
                    disp[i] = (disp[i].0 + dx * f, disp[i].1 + dy * f);
                    disp[j] = (disp[j].0 - dx * f, disp[j].1 - dy * f);
                }
            }
            for e in edges {
                let (dx, dy) = (pos[e.a].0 - pos[e.b].0, pos[e.a].1 - pos[e.b].1);
                let f = (dx * dx + dy * dy).sqrt().max(1e-3) / k * (1.0 + (e.weight as f64).ln());
                disp[e.a] = (disp[e.a].0 - dx * f, disp[e.a].1 - dy * f);
                disp[e.b] = (disp[e.b].0 + dx * f, disp[e.b].1 + dy * f);
            }
            for (p, d) in pos.iter_mut().zip(&disp) {
                let (dx, dy) = (d.0 + (0.5 - p.0) * k * 2.0, d.1 + (0.5 - p.1) * k * 2.0);
                let len = (dx * dx + dy * dy).sqrt().max(1e-9);
                let step = len.min(temp);
                p.0 += dx / len * step;
                p.1 += dy / len * step;
            }
        }
        normalize(pos)
    }

    #[test]
    fn layout_is_the_plain_simulation_bit_for_bit() {
        let mut edges = vec![Edge { a: 2, b: 2, weight: 1 }];
        for a in 0..13 {
            for b in (a + 1)..13 {
                if (a * 7 + b * 3) % 4 == 0 {
                    edges.push(Edge { a, b, weight: 1 + (a + b) % 5 });
                }
            }
        }
        edges.push(Edge { a: 3, b: 1, weight: 2 });
        for count in [2, 5, 13] {
            let edges: Vec<Edge> = edges.iter().copied().filter(|e| e.a < count && e.b < count).collect();
            let bits = |v: Vec<(f64, f64)>| v.iter().map(|p| (p.0.to_bits(), p.1.to_bits())).collect::<Vec<_>>();
            assert_eq!(bits(layout(count, &edges)), bits(plain_layout(count, &edges)), "{count} nodes");
        }
    }

    #[test]
    fn layout_is_repeatable_and_fills_the_square() {
        let edges = [Edge { a: 0, b: 1, weight: 3 }, Edge { a: 1, b: 2, weight: 1 }, Edge { a: 3, b: 0, weight: 2 }];
        let a = layout(5, &edges);
        assert_eq!(a, layout(5, &edges));
        assert!(a.iter().all(|p| (0.0..=1.0).contains(&p.0) && (0.0..=1.0).contains(&p.1)));
    }
}

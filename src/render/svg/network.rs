//! The actor network picture: actors as dots, joined by lines as thick as the number of
//! briefings they share, laid out at build time.
//!
//! The layout is a force simulation (Fruchterman–Reingold: every pair repels, linked actors
//! attract, more strongly the more briefings they share) run for a fixed number of rounds from
//! a fixed start (evenly on a circle, in the order given), so the same nodes and edges always
//! give the same picture. It is laid out from the lines it draws and no others, so what sits
//! together is what the lines join. Callers pass nodes in a deterministic order.
//!
//! Every drawn dot is named: each label takes the place beside its dot that clears every other
//! label and dot and crosses the fewest lines; an actor whose name fits nowhere is left out with
//! its lines (the list beside the picture names everyone). A label that a line would still
//! cross gets a backing in the page's colour, so no line runs through a name.
//!
//! Relations are a second kind of line (`Tie`): labelled with their type and, for a type that
//! reads differently from each side, ending in an arrow at the actor they lead to. They pull
//! their actors together like a shared briefing does.

use super::timeline::Frame;
use super::{esc, n, open, text_width, LabelBox, ASCENT, DESCENT};
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

/// Positions moved away from their centre, the more the nearer they are to it (the distance
/// to the centre raised to the power 0.6): a force layout packs a well-connected core tight and
/// leaves its outskirts sparse, and this gives the core's names room while every actor keeps
/// its direction from the centre and its order of distance.
fn loosen(pos: Vec<(f64, f64)>) -> Vec<(f64, f64)> {
    let count = pos.len().max(1) as f64;
    let (cx, cy) = pos.iter().fold((0.0, 0.0), |a, p| (a.0 + p.0 / count, a.1 + p.1 / count));
    let far = pos.iter().map(|p| (p.0 - cx).hypot(p.1 - cy)).fold(0.0, f64::max);
    if far < 1e-9 {
        return pos;
    }
    pos.into_iter()
        .map(|(x, y)| {
            let r = (x - cx).hypot(y - cy) / far;
            let k = if r > 1e-9 { r.powf(0.6) / r } else { 1.0 };
            (cx + (x - cx) * k, cy + (y - cy) * k)
        })
        .collect()
}

fn radius(briefings: usize) -> f64 {
    (3.0 + (briefings as f64).sqrt() * 1.2).min(9.0)
}

/// A line's width: 1 to 4, in proportion to its weight between the lightest and the heaviest
/// line of the picture (all 1.5 when they weigh the same).
fn line_width(weight: usize, lightest: usize, heaviest: usize) -> f64 {
    if heaviest == lightest {
        return 1.5;
    }
    1.0 + ((weight - lightest) as f64 / (heaviest - lightest) as f64 * 3.0 * 2.0).round() / 2.0
}

/// The SVG of the network, `f.width` wide and `height` high; `class` adds to the picture's
/// class (`picture-network`).
pub fn draw(nodes: &[Node], edges: &[Edge], ties: &[Tie], f: &Frame, height: f64, class: &str) -> String {
    // Every line drawn, relations included, places the actors and keeps their names clear.
    let pulls = ties.iter().map(|t| Edge { a: t.a, b: t.b, weight: TIE_PULL });
    let lines: Vec<Edge> = edges.iter().copied().chain(pulls).collect();
    let unit = normalize(loosen(layout(nodes.len(), &lines)));
    let label_room = f.font * 5.0;
    let (w, h) = (f.width - 2.0 * (PAD + label_room), height - 2.0 * PAD - f.font * 2.4);
    let pos: Vec<(f64, f64)> =
        unit.iter().map(|&(x, y)| (PAD + label_room + x * w, PAD + f.font * 1.2 + y * h)).collect();
    let labels = place_labels(nodes, &pos, &lines, f, height);
    let drawn = |i: usize| labels[i].is_some();
    let ties: Vec<&Tie> = ties.iter().filter(|t| drawn(t.a) && drawn(t.b)).collect();
    let edges: Vec<&Edge> = edges.iter().filter(|e| e.a != e.b && drawn(e.a) && drawn(e.b)).collect();
    let lightest = edges.iter().map(|e| e.weight).min().unwrap_or(1);
    let heaviest = edges.iter().map(|e| e.weight).max().unwrap_or(1);
    let mut out = String::with_capacity(200 * (nodes.len() + edges.len()) + 1000);
    let class = if class.is_empty() { "picture-network".to_string() } else { format!("picture-network {class}") };
    open(&mut out, &f.id, &class, f.width, height, &f.title, &f.desc);
    // One path per line width keeps a dense network to a few bytes per line.
    let mut by_width: BTreeMap<u32, String> = BTreeMap::new();
    for e in &edges {
        let (a, b) = (pos[e.a], pos[e.b]);
        let width = (line_width(e.weight, lightest, heaviest) * 2.0) as u32;
        let d = by_width.entry(width).or_default();
        let _ = write!(d, "M{} {}L{} {}", n(a.0), n(a.1), n(b.0), n(b.1));
    }
    out.push_str("<g class=\"net-edges\" aria-hidden=\"true\">");
    for (width, d) in by_width {
        let _ = write!(out, "<path class=\"net-edge\" stroke-width=\"{}\" d=\"{d}\"/>", n(width as f64 / 2.0));
    }
    out.push_str("</g>");
    draw_ties(&mut out, nodes, &ties, &pos, f);
    let _ = write!(out, "<g class=\"net-nodes\" font-size=\"{}\">", n(f.font));
    for (i, node) in nodes.iter().enumerate() {
        let Some(l) = &labels[i] else { continue };
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
        if l.crossed {
            let b = l.bounds;
            let _ = write!(
                out,
                "<rect class=\"net-backing\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"2\"/>",
                n(b.x0 - 1.0),
                n(b.y0),
                n(b.x1 - b.x0 + 2.0),
                n(b.y1 - b.y0)
            );
        }
        let anchor = match l.anchor {
            Anchor::Start => "",
            Anchor::Middle => " text-anchor=\"middle\"",
            Anchor::End => " text-anchor=\"end\"",
        };
        let _ = write!(
            out,
            "<text class=\"net-label{current}\" x=\"{}\" y=\"{}\"{anchor}>{}</text></a>",
            n(l.x),
            n(l.y),
            esc(node.label)
        );
    }
    out.push_str("</g>");
    draw_tie_labels(&mut out, nodes, &ties, &pos, &labels, f, height);
    out.push_str("</svg>");
    out
}

/// The relations' lines, from dot edge to dot edge, with an arrow head on directed ones.
fn draw_ties(out: &mut String, nodes: &[Node], ties: &[&Tie], pos: &[(f64, f64)], f: &Frame) {
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
    ties: &[&Tie],
    pos: &[(f64, f64)],
    node_labels: &[Option<Placed>],
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
    taken.extend(node_labels.iter().flatten().map(|p| p.bounds));
    out.push_str("<g class=\"net-tie-labels\" aria-hidden=\"true\">");
    for t in ties {
        let text = t.labels.join(", ");
        let w = text_width(&text, size);
        let ((ax, ay), (bx, by)) = (pos[t.a], pos[t.b]);
        let baseline = size * (ASCENT - DESCENT) / 2.0;
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

#[derive(Debug, Clone, Copy, PartialEq)]
enum Anchor {
    Start,
    Middle,
    End,
}

/// A placed label: its anchor point, its box, and whether a line crosses it.
#[derive(Debug, Clone, Copy)]
struct Placed {
    x: f64,
    y: f64,
    anchor: Anchor,
    bounds: LabelBox,
    crossed: bool,
}

/// Whether the segment from `p` to `q` passes through box `b` (Liang–Barsky clipping).
fn crosses(p: (f64, f64), q: (f64, f64), b: &LabelBox) -> bool {
    let (dx, dy) = (q.0 - p.0, q.1 - p.1);
    let (mut t0, mut t1) = (0.0f64, 1.0f64);
    for (den, num) in [(-dx, p.0 - b.x0), (dx, b.x1 - p.0), (-dy, p.1 - b.y0), (dy, b.y1 - p.1)] {
        if den == 0.0 {
            if num < 0.0 {
                return false;
            }
        } else {
            let t = num / den;
            if den < 0.0 {
                t0 = t0.max(t);
            } else {
                t1 = t1.min(t);
            }
        }
    }
    t0 < t1
}

/// Whether label box `b` is clearly nearer node `i`'s dot than any other dot, so a reader
/// cannot take it for another's name.
fn nearest(b: &LabelBox, i: usize, pos: &[(f64, f64)], nodes: &[Node]) -> bool {
    let gap = |(x, y): (f64, f64), r: f64| {
        let dx = (b.x0 - x).max(x - b.x1).max(0.0);
        let dy = (b.y0 - y).max(y - b.y1).max(0.0);
        dx.hypot(dy) - r
    };
    let own = gap(pos[i], radius(nodes[i].briefings));
    pos.iter().zip(nodes).enumerate().all(|(j, (&p, nd))| j == i || gap(p, radius(nd.briefings)) > own + 3.0)
}

/// A label for each node where one fits (`None`: the node is not drawn). The current actor
/// and the actors in most briefings choose first; each takes, of the places around its dot
/// (right, left, below, above, the corners, then farther out) that stay in the frame and clear
/// every label and dot, the one crossed by the fewest lines.
fn place_labels(nodes: &[Node], pos: &[(f64, f64)], edges: &[Edge], f: &Frame, height: f64) -> Vec<Option<Placed>> {
    let dots: Vec<LabelBox> = nodes
        .iter()
        .zip(pos)
        .map(|(nd, &(x, y))| {
            let r = radius(nd.briefings) + 1.0;
            LabelBox { x0: x - r, y0: y - r, x1: x + r, y1: y + r }
        })
        .collect();
    let segments: Vec<((f64, f64), (f64, f64))> =
        edges.iter().filter(|e| e.a != e.b).map(|e| (pos[e.a], pos[e.b])).collect();
    let mut order: Vec<usize> = (0..nodes.len()).collect();
    order.sort_by_key(|&i| (!nodes[i].current, std::cmp::Reverse(nodes[i].briefings), i));
    let mut taken: Vec<LabelBox> = Vec::new();
    let mut out = vec![None; nodes.len()];
    let mid = f.font * (ASCENT - DESCENT) / 2.0;
    for i in order {
        let (x, y) = pos[i];
        let w = text_width(nodes[i].label, f.font);
        // Where a name centred on its dot starts, moved along to fit the picture.
        let edge = (x - w / 2.0).clamp(0.0, (f.width - w).max(0.0));
        let mut best: Option<(usize, Placed)> = None;
        for far in [3.0, 3.0 + f.font * 0.8] {
            let r = radius(nodes[i].briefings) + far;
            let d = r * std::f64::consts::FRAC_1_SQRT_2;
            let cands = [
                (x + r, y + mid, Anchor::Start),
                (x - r, y + mid, Anchor::End),
                (x, y + r + f.font * ASCENT, Anchor::Middle),
                (x, y - r - f.font * DESCENT, Anchor::Middle),
                (x + d, y + d + f.font * ASCENT * 0.7, Anchor::Start),
                (x - d, y + d + f.font * ASCENT * 0.7, Anchor::End),
                (x + d, y - d, Anchor::Start),
                (x - d, y - d, Anchor::End),
                // Above and below, moved along to fit the frame: a name longer than the room
                // beside a dot at the picture's edge (`Center for European Policy Analysis`).
                (edge, y + r + f.font * ASCENT, Anchor::Start),
                (edge, y - r - f.font * DESCENT, Anchor::Start),
            ];
            for (lx, ly, anchor) in cands {
                let x0 = match anchor {
                    Anchor::Start => lx,
                    Anchor::End => lx - w,
                    Anchor::Middle => lx - w / 2.0,
                };
                let b = LabelBox::of_text(nodes[i].label, f.font, x0, ly, false);
                let clear = b.inside(f.width, height)
                    && !taken.iter().any(|t| t.overlaps(&b))
                    && !dots.iter().enumerate().any(|(j, d)| j != i && d.overlaps(&b));
                if !clear || !nearest(&b, i, pos, nodes) {
                    continue;
                }
                let crossings = segments.iter().filter(|(p, q)| crosses(*p, *q, &b)).count();
                if best.is_none_or(|(c, _)| crossings < c) {
                    best = Some((crossings, Placed { x: lx, y: ly, anchor, bounds: b, crossed: crossings > 0 }));
                }
            }
            if best.is_some_and(|(c, _)| c == 0) {
                break;
            }
        }
        // The page's actor is in its own picture even where its name fits no clear place: below
        // its dot, within the frame.
        if best.is_none() && nodes[i].current {
            let ly = y + radius(nodes[i].briefings) + 3.0 + f.font * ASCENT;
            let bounds = LabelBox::of_text(nodes[i].label, f.font, edge, ly, false);
            best = Some((0, Placed { x: edge, y: ly, anchor: Anchor::Start, bounds, crossed: false }));
        }
        if let Some((_, p)) = best {
            taken.push(p.bounds);
            out[i] = Some(p);
        }
    }
    // Lines of nodes left out are not drawn, so they cross nothing.
    let gone: Vec<bool> = out.iter().map(Option::is_none).collect();
    let kept: Vec<((f64, f64), (f64, f64))> =
        edges.iter().filter(|e| e.a != e.b && !gone[e.a] && !gone[e.b]).map(|e| (pos[e.a], pos[e.b])).collect();
    for p in out.iter_mut().flatten() {
        p.crossed = kept.iter().any(|(a, b)| crosses(*a, *b, &p.bounds));
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

    fn crowd(count: usize) -> (Vec<Node<'static>>, Vec<Edge>) {
        let nodes: Vec<Node> = (0..count)
            .map(|i| Node {
                label: if i % 5 == 0 { format!("Actor {i} Longername").leak() } else { format!("Actor {i}").leak() },
                href: format!("#a{i}"),
                kind: "person",
                briefings: 1 + i % 9,
                current: i == 0,
            })
            .collect();
        let mut edges = Vec::new();
        for a in 0..count {
            for b in (a + 1)..count {
                if (a * 5 + b * 3) % 4 != 0 {
                    edges.push(Edge { a, b, weight: 1 + (a * b) % 6 });
                }
            }
        }
        (nodes, edges)
    }

    #[test]
    fn every_drawn_actor_is_named_and_no_line_runs_through_a_name() {
        let (nodes, edges) = crowd(30);
        let f = Frame { id: "n".into(), width: 360.0, font: 12.0, title: "t".into(), desc: "d".into() };
        let svg = draw(&nodes, &edges, &[], &f, 300.0, "");
        let doc = roxmltree::Document::parse(&svg).expect("well-formed");
        let links: Vec<_> = doc.descendants().filter(|n| n.has_tag_name("a")).collect();
        assert!(links.len() >= 8, "{} drawn", links.len());
        assert!(links.len() < 30, "a crowd this dense cannot name everyone in 360 × 300");
        for a in &links {
            let circles = a.descendants().filter(|n| n.has_tag_name("circle")).count();
            let label = a.descendants().find(|n| n.has_tag_name("text")).and_then(|t| t.text()).unwrap_or("");
            assert_eq!(circles, 1);
            assert!(label.starts_with("Actor "), "{label:?}");
        }
        // No line runs through a name: a label that a line crosses has a backing under it
        // (and most find a place no line crosses).
        let mut segments = Vec::new();
        for path in doc.descendants().filter(|n| n.attribute("class") == Some("net-edge")) {
            let d = path.attribute("d").unwrap_or("");
            for seg in d.split('M').filter(|s| !s.is_empty()) {
                let v: Vec<f64> = seg.split(['L', ' ']).filter_map(|x| x.parse().ok()).collect();
                segments.push(((v[0], v[1]), (v[2], v[3])));
            }
        }
        assert!(!segments.is_empty());
        let mut backed = 0;
        for a in &links {
            let text = a.descendants().find(|n| n.has_tag_name("text")).expect("label");
            let attr = |n: roxmltree::Node, k: &str| n.attribute(k).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
            let label = text.text().unwrap_or("");
            let w = text_width(label, 12.0);
            let x = attr(text, "x");
            let x0 = match text.attribute("text-anchor") {
                Some("end") => x - w,
                Some("middle") => x - w / 2.0,
                _ => x,
            };
            let b = LabelBox::of_text(label, 12.0, x0, attr(text, "y"), false);
            let crossed = segments.iter().any(|(p, q)| crosses(*p, *q, &b));
            let backing = a.descendants().find(|n| n.attribute("class") == Some("net-backing"));
            if crossed {
                let r = backing.unwrap_or_else(|| panic!("{label} is crossed and has no backing"));
                let (rx, ry) = (attr(r, "x"), attr(r, "y"));
                assert!(rx <= b.x0 && ry <= b.y0 + 0.05, "{label}");
                assert!(rx + attr(r, "width") >= b.x1 && ry + attr(r, "height") >= b.y1 - 0.05, "{label}");
                backed += 1;
            }
        }
        assert!(backed * 2 < links.len(), "most labels find a place no line crosses: {backed} of {}", links.len());
    }

    /// The page's actor, named and with its lines, in a picture where its name is longer than
    /// the room beside its dot, and in a crowd.
    #[test]
    fn the_pages_actor_is_always_in_its_picture() {
        let f = Frame { id: "n".into(), width: 460.0, font: 13.0, title: "t".into(), desc: "d".into() };
        let drawn = |svg: &str, label: &str| {
            let doc = roxmltree::Document::parse(svg).expect("well-formed");
            let named = doc.descendants().any(|n| n.has_tag_name("text") && n.text() == Some(label));
            let current = doc
                .descendants()
                .any(|n| n.has_tag_name("circle") && n.attribute("class").is_some_and(|c| c.contains("net-current")));
            named && current
        };
        let long = "Center for European Policy Analysis";
        let nodes = vec![
            Node { label: long, href: "#a".into(), kind: "organization", briefings: 1, current: true },
            Node { label: "Sam Greene", href: "#b".into(), kind: "person", briefings: 1, current: false },
        ];
        let ties = [Tie { a: 1, b: 0, labels: vec!["employed by"], directed: true }];
        let svg = draw(&nodes, &[], &ties, &f, 380.0, "");
        assert!(drawn(&svg, long), "{svg}");
        assert!(svg.contains("class=\"net-tie\""), "its relation is drawn: {svg}");
        // A crowd whose names cannot all be placed: the page's actor is, whichever it is.
        let (mut nodes, edges) = crowd(40);
        let small = Frame { width: 300.0, ..f };
        for c in [0, 7, 39] {
            nodes.iter_mut().enumerate().for_each(|(i, n)| n.current = i == c);
            let svg = draw(&nodes, &edges, &[], &small, 240.0, "");
            assert!(drawn(&svg, nodes[c].label), "actor {c}: {svg}");
        }
    }

    #[test]
    fn segments_cross_boxes() {
        let b = LabelBox { x0: 0.0, y0: 0.0, x1: 10.0, y1: 10.0 };
        assert!(crosses((-5.0, 5.0), (15.0, 5.0), &b));
        assert!(crosses((-5.0, -5.0), (15.0, 15.0), &b));
        assert!(!crosses((-5.0, 12.0), (15.0, 12.0), &b));
        assert!(!crosses((-5.0, 5.0), (-1.0, 5.0), &b));
        assert!(!crosses((11.0, -5.0), (11.0, 15.0), &b));
    }

    #[test]
    fn layout_is_repeatable_and_fills_the_square() {
        let edges = [Edge { a: 0, b: 1, weight: 3 }, Edge { a: 1, b: 2, weight: 1 }, Edge { a: 3, b: 0, weight: 2 }];
        let a = layout(5, &edges);
        assert_eq!(a, layout(5, &edges));
        assert!(a.iter().all(|p| (0.0..=1.0).contains(&p.0) && (0.0..=1.0).contains(&p.1)));
    }
}

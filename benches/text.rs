//! Text analysis at scale: 2,000 actors (4,000 names and aliases) and 10,000 briefing bodies
//! of about 5 KB. Scanning the prose, finding every mention with the site's one automaton and
//! verifying a quote per body must stay linear: run with `cargo bench --bench text`.

use dossier::model::mentions::MentionIndex;
use dossier::model::quotes::Haystack;
use dossier::model::scan::scan;
use dossier::model::slug::Slug;
use dossier::model::{Actor, ActorKind, Origin};
use std::time::Instant;

const ACTORS: usize = 2_000;
const BRIEFINGS: usize = 10_000;

/// A small deterministic generator, so every run measures the same text.
struct Lcg(u64);
impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n
    }
}

fn actor(i: usize) -> Actor {
    let first = ["Anna", "Boris", "Chen", "Dmitri", "Elena", "Farid", "Greta", "Hiro", "Zoë", "김정은"];
    let last = ["Ivanova", "Park", "Nováková", "Dvořák", "Okafor", "Lindqvist"];
    Actor {
        aliases: vec![format!("Agent{i}")],
        ..Actor::new(
            Slug::of(&format!("actor-{i}")).expect("a slug"),
            format!("{} {} {i}", first[i % first.len()], last[i % last.len()]),
            ActorKind::Person,
            Origin { file: String::new(), line: 1 },
        )
    }
}

fn body(rng: &mut Lcg, actors: &[Actor]) -> String {
    let words = ["the", "of", "and", "to", "in", "a", "is", "that", "for", "on", "with", "as", "was", "by", "talks"];
    let mut out = String::with_capacity(6_000);
    for _ in 0..8 {
        for _ in 0..100 {
            if rng.next(30) == 0 {
                out.push_str(&actors[rng.next(actors.len())].name);
            } else {
                out.push_str(words[rng.next(words.len())]);
            }
            out.push(' ');
        }
        out.push_str("«quoted words here».\n\n");
    }
    out
}

fn main() {
    let actors: Vec<Actor> = (0..ACTORS).map(actor).collect();
    let mut rng = Lcg(1);
    let bodies: Vec<String> = (0..BRIEFINGS).map(|_| body(&mut rng, &actors)).collect();
    let mb = bodies.iter().map(String::len).sum::<usize>() as f64 / 1e6;

    let t = Instant::now();
    let index = MentionIndex::new(&actors);
    let built = t.elapsed();

    let t = Instant::now();
    let scans: Vec<_> = bodies.iter().map(|b| scan(b)).collect();
    let scanned = t.elapsed();

    let t = Instant::now();
    let mentions: usize = scans.iter().map(|s| index.find(s).len()).sum();
    let found = t.elapsed();

    let t = Instant::now();
    let quotes = scans.iter().filter(|s| Haystack::new(s).find("quoted words here").is_some()).count();
    let verified = t.elapsed();

    println!("{BRIEFINGS} bodies, {mb:.1} MB, {ACTORS} actors (one thread)");
    println!("  automaton built        {:>8.1} ms", built.as_secs_f64() * 1e3);
    println!("  prose scanned          {:>8.1} ms", scanned.as_secs_f64() * 1e3);
    println!("  mentions found         {:>8.1} ms  ({mentions} mentions)", found.as_secs_f64() * 1e3);
    println!("  quotes verified        {:>8.1} ms  ({quotes} found)", verified.as_secs_f64() * 1e3);
}

//! The actor registry: definitions from profiles (`content/actors/<id>.md`) and from briefings'
//! inline `actors:` entries merged into one actor per id.
//!
//! Two definitions of one id may each add fields; they conflict only when both set a field to
//! different values, and then the finding names both places.

use super::slug::{Refusal, Slug};
use super::{Actor, ActorKind, Origin};
use crate::diag::{suggest, Finding};
use std::collections::HashMap;

/// One definition of an actor, as read from a profile or a briefing.
#[derive(Debug, Clone)]
pub struct ActorDef {
    pub id: Slug,
    pub name: Option<String>,
    pub kind: Option<ActorKind>,
    pub role: Option<String>,
    pub affiliation: Option<(String, usize, usize)>,
    pub aliases: Vec<String>,
    pub sort_name: Option<String>,
    /// `links:`, through the URL gate.
    pub links: Vec<super::url::SafeUrl>,
    pub bio: Option<String>,
    pub origin: Origin,
    /// The column of the definition, and the file text for the finding's excerpt.
    pub column: usize,
    /// A field of the definition failed to read (and was reported): what is missing may have
    /// been written.
    pub failed: bool,
}

/// Merge definitions into actors (sorted by name) and an id index.
pub fn register(
    defs: Vec<ActorDef>,
    sources: &HashMap<String, &str>,
    findings: &mut Vec<Finding>,
) -> (Vec<Actor>, HashMap<String, usize>) {
    let mut merged: Vec<ActorDef> = Vec::new();
    let mut by_id: HashMap<String, usize> = HashMap::new();
    for def in defs {
        match by_id.get(def.id.as_str()) {
            None => {
                by_id.insert(def.id.to_string(), merged.len());
                merged.push(def);
            }
            Some(&i) => merge_into(&mut merged[i], def, sources, findings),
        }
    }
    let mut order: Vec<usize> = (0..merged.len()).collect();
    let name_of = |d: &ActorDef| d.name.clone().unwrap_or_else(|| d.id.to_string());
    order.sort_by_cached_key(|&i| (name_of(&merged[i]).to_lowercase(), merged[i].id.clone()));
    let index: HashMap<String, usize> =
        order.iter().enumerate().map(|(new, &old)| (merged[old].id.to_string(), new)).collect();

    let mut actors: Vec<Actor> = Vec::with_capacity(merged.len());
    for &old in &order {
        let d = &merged[old];
        let src = sources.get(&d.origin.file).copied().unwrap_or("");
        if d.name.is_none() && !d.failed {
            findings.push(
                Finding::error(&d.origin.file, "missing-field", format!("actor `{}` has no `name`", d.id))
                    .at(src, d.origin.line, d.column)
                    .hint("add `name:` with the name readers should see"),
            );
        }
        let affiliation = d.affiliation.as_ref().and_then(|(aff, line, col)| match index.get(aff) {
            Some(&a) => Some(a),
            None => {
                let mut f = Finding::error(
                    &d.origin.file,
                    "unknown-actor",
                    format!("affiliation `{aff}` of `{}` is not a known actor", d.id),
                )
                .at(src, *line, *col);
                if let Some(s) = suggest(aff, index.keys().map(String::as_str)) {
                    f = f.hint(format!("did you mean `{s}`?"));
                }
                findings.push(f);
                None
            }
        });
        actors.push(Actor {
            role: d.role.clone(),
            affiliation,
            aliases: d.aliases.clone(),
            sort_name: d.sort_name.clone(),
            links: d.links.clone(),
            bio: d.bio.clone(),
            names_failed: d.failed,
            ..Actor::new(d.id.clone(), name_of(d), d.kind.unwrap_or(ActorKind::Person), d.origin.clone())
        });
    }
    check_affiliation_loops(&mut actors, &merged, &order, sources, findings);
    for i in 0..actors.len() {
        if let Some(a) = actors[i].affiliation {
            actors[a].members.push(i);
        }
    }
    (actors, index)
}

/// Merges field `name` of a second definition into the first: taken when the first has none,
/// a conflict (`name: `x` vs `y``, shown by `show`) when both have different values.
pub(super) fn field<T: PartialEq>(
    a: &mut Option<T>,
    b: Option<T>,
    name: &str,
    out: &mut Vec<String>,
    show: impl Fn(&T) -> String,
) {
    match (a.as_ref(), b) {
        (Some(x), Some(y)) if *x != y => out.push(format!("{name}: `{}` vs `{}`", show(x), show(&y))),
        (None, Some(y)) => *a = Some(y),
        _ => {}
    }
}

fn merge_into(into: &mut ActorDef, def: ActorDef, sources: &HashMap<String, &str>, findings: &mut Vec<Finding>) {
    let mut conflicts = Vec::new();
    field(&mut into.name, def.name, "name", &mut conflicts, String::clone);
    field(&mut into.kind, def.kind, "kind", &mut conflicts, |k| k.name().to_string());
    field(&mut into.role, def.role, "role", &mut conflicts, String::clone);
    field(&mut into.sort_name, def.sort_name, "sort_name", &mut conflicts, String::clone);
    match (&into.affiliation, def.affiliation) {
        (Some(x), Some(y)) if x.0 != y.0 => conflicts.push(format!("affiliation: `{}` vs `{}`", x.0, y.0)),
        (None, Some(y)) => into.affiliation = Some(y),
        _ => {}
    }
    for a in def.aliases {
        if !into.aliases.contains(&a) {
            into.aliases.push(a);
        }
    }
    for l in def.links {
        if !into.links.contains(&l) {
            into.links.push(l);
        }
    }
    if into.bio.is_none() {
        into.bio = def.bio;
    }
    into.failed |= def.failed;
    if !conflicts.is_empty() {
        let src = sources.get(&def.origin.file).copied().unwrap_or("");
        findings.push(
            Finding::error(
                &def.origin.file,
                "actor-conflict",
                format!(
                    "actor `{}` is defined differently here and at {}:{} ({})",
                    into.id,
                    into.origin.file,
                    into.origin.line,
                    conflicts.join("; ")
                ),
            )
            .at(src, def.origin.line, def.column)
            .hint("define the actor once (a profile in content/actors/ is the usual place) and refer to it by id elsewhere"),
        );
    }
}

/// An affiliation chain that comes back to where it started is an error on each actor in it.
fn check_affiliation_loops(
    actors: &mut [Actor],
    merged: &[ActorDef],
    order: &[usize],
    sources: &HashMap<String, &str>,
    findings: &mut Vec<Finding>,
) {
    let n = actors.len();
    let mut state = vec![0u8; n]; // 0 new, 1 on path, 2 done
    for start in 0..n {
        let mut path = Vec::new();
        let mut cur = Some(start);
        while let Some(c) = cur {
            if state[c] == 2 {
                break;
            }
            if state[c] == 1 {
                let cycle_start = path.iter().position(|&p| p == c).unwrap_or(0);
                let cycle: Vec<usize> = path[cycle_start..].to_vec();
                for (k, &i) in cycle.iter().enumerate() {
                    // The loop as seen from this actor: i → … → i.
                    // A long loop is named by its first actors: the message stays readable and
                    // a loop through thousands of actors does not make the report quadratic.
                    const SHOWN: usize = 6;
                    let mut names: Vec<String> =
                        cycle[k..].iter().chain(&cycle[..k]).take(SHOWN).map(|&x| actors[x].id.to_string()).collect();
                    if cycle.len() > SHOWN {
                        names.push(format!("… ({} more)", cycle.len() - SHOWN));
                    }
                    names.push(actors[i].id.to_string());
                    let d = &merged[order[i]];
                    let (line, col) = d.affiliation.as_ref().map_or((d.origin.line, d.column), |a| (a.1, a.2));
                    let src = sources.get(&d.origin.file).copied().unwrap_or("");
                    findings.push(
                        Finding::error(
                            &d.origin.file,
                            "affiliation-loop",
                            format!("affiliation loops back: {}", names.join(" → ")),
                        )
                        .at(src, line, col)
                        .hint("an actor cannot belong, directly or through others, to itself"),
                    );
                    actors[i].affiliation = None;
                }
                break;
            }
            state[c] = 1;
            path.push(c);
            cur = actors[c].affiliation;
        }
        for p in path {
            state[p] = 2;
        }
    }
}

/// The id an inline definition gets, if it passes the gate (see `inline_slug`).
pub fn inline_id(id: Option<&str>, name: Option<&str>) -> Option<String> {
    inline_slug(id, name)?.ok().map(String::from)
}

/// The id an inline definition gets: its `id` (which must be a slug), or the slug of its name;
/// `None` when it has neither.
pub fn inline_slug(id: Option<&str>, name: Option<&str>) -> Option<Result<Slug, Refusal>> {
    match (id, name) {
        (Some(id), _) => Some(Slug::parse(id)),
        (None, Some(name)) => Some(Slug::of(name)),
        (None, None) => None,
    }
}

//! The front matter as written: `Raw*` structs deserialized loosely from YAML, before any
//! validation. Every field is optional here; `model` decides what is required.
//!
//! Deserialization collects one finding per top-level key rather than stopping at the first:
//! a failing key is reported (with its exact path located in the file) and removed, and the
//! rest of the document is read again.

use super::locate::Locator;
use crate::diag::{suggest, Finding};
use serde::de::{self, DeserializeOwned, Deserializer, MapAccess, Visitor};
use serde::Deserialize;
use std::fmt;

/// A scalar that may be written as a string or a number (a bare year is a YAML integer).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text(pub String);

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Text;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string or a number")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
        }
        d.deserialize_any(V)
    }
}

#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct RawSource {
    pub name: Option<String>,
    pub url: Option<String>,
}

/// An actor defined inline in a briefing, or by a profile's front matter (`id` is then the stem).
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct RawActor {
    pub id: Option<String>,
    pub name: Option<String>,
    pub kind: Option<String>,
    pub role: Option<String>,
    pub affiliation: Option<String>,
    pub aliases: Option<Vec<String>>,
    pub sort_name: Option<String>,
    pub links: Option<Vec<String>>,
}

/// A profile file's front matter: like an inline actor but without `id`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawProfile {
    pub name: Option<String>,
    pub kind: Option<String>,
    pub role: Option<String>,
    pub affiliation: Option<String>,
    pub aliases: Option<Vec<String>>,
    pub sort_name: Option<String>,
    pub links: Option<Vec<String>>,
    pub relations: Option<Vec<RawRelation>>,
}

/// An entry of `relations:` (on a profile, `from` is the profile's actor).
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct RawRelation {
    pub from: Option<String>,
    pub to: Option<String>,
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub since: Option<Text>,
    pub until: Option<Text>,
    pub source: Option<RawCite>,
    pub note: Option<String>,
}

/// A source as a name alone, or as `{name, url}` like a briefing's `source`.
#[derive(Debug, Clone, PartialEq)]
pub struct RawCite(pub RawSource);

impl<'de> Deserialize<'de> for RawCite {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawCite;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a source as a name, or a map {name, url}")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<RawCite, E> {
                Ok(RawCite(RawSource { name: Some(v.to_string()), url: None }))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<RawCite, A::Error> {
                RawSource::deserialize(de::value::MapAccessDeserializer::new(map)).map(RawCite)
            }
        }
        d.deserialize_any(V)
    }
}

/// An entry of `changes:`: when a briefing was updated, and what changed.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawChange {
    pub date: Option<Text>,
    pub note: Option<String>,
}

/// An entry of `actors:`: an id, or an inline definition.
#[derive(Debug, Clone)]
pub enum RawActorRef {
    Id(String),
    Def(RawActor),
}

impl<'de> Deserialize<'de> for RawActorRef {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawActorRef;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an actor id or a map {id, name, kind, role, affiliation, aliases, sort_name, links}")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<RawActorRef, E> {
                Ok(RawActorRef::Id(v.to_string()))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<RawActorRef, A::Error> {
                RawActor::deserialize(de::value::MapAccessDeserializer::new(map)).map(RawActorRef::Def)
            }
        }
        d.deserialize_any(V)
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawQuote {
    pub by: Option<RawSpeakers>,
    pub text: Option<String>,
    pub context: Option<String>,
    pub date: Option<Text>,
    pub id: Option<String>,
    pub lang: Option<String>,
    pub translation: Option<String>,
    pub attribution: Option<String>,
    pub source: Option<String>,
    pub sources: Option<Vec<RawCitation>>,
    pub locator: Option<Text>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawQuestionDef {
    pub text: Option<String>,
    pub id: Option<String>,
    pub status: Option<String>,
    pub answer: Option<String>,
    pub answered_by: Option<String>,
    pub source: Option<String>,
    pub sources: Option<Vec<RawCitation>>,
    pub locator: Option<Text>,
}

/// An entry of `questions:`: a plain string, or a map.
#[derive(Debug, Clone)]
pub struct RawQuestion(pub RawQuestionDef);

impl<'de> Deserialize<'de> for RawQuestion {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawQuestion;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a question as a string or a map {text, id, status, answer, answered_by}")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<RawQuestion, E> {
                Ok(RawQuestion(RawQuestionDef { text: Some(v.to_string()), ..Default::default() }))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<RawQuestion, A::Error> {
                RawQuestionDef::deserialize(de::value::MapAccessDeserializer::new(map)).map(RawQuestion)
            }
        }
        d.deserialize_any(V)
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawEvent {
    pub date: Option<Text>,
    pub title: Option<String>,
    pub actors: Option<Vec<String>>,
    pub description: Option<String>,
    pub id: Option<String>,
    pub source: Option<String>,
    pub sources: Option<Vec<RawCitation>>,
    pub locator: Option<Text>,
}

/// A briefing's front matter as written.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawBriefing {
    pub title: Option<String>,
    pub date: Option<Text>,
    pub updated: Option<Text>,
    pub slug: Option<String>,
    pub summary: Option<String>,
    pub author: Option<String>,
    pub source: Option<RawPrimary>,
    pub tags: Option<Vec<String>>,
    pub draft: Option<bool>,
    pub related: Option<Vec<String>>,
    pub actors: Option<Vec<RawActorRef>>,
    pub quotes: Option<Vec<RawQuote>>,
    pub questions: Option<Vec<RawQuestion>>,
    pub events: Option<Vec<RawEvent>>,
    pub sources: Option<Vec<RawSourceRef>>,
    pub judgments: Option<Vec<RawJudgment>>,
    pub relations: Option<Vec<RawRelation>>,
    pub changes: Option<Vec<RawChange>>,
    pub image: Option<String>,
}

/// The fields each front matter kind accepts, for "did you mean …?".
pub const BRIEFING_FIELDS: &[&str] = &[
    "title",
    "date",
    "updated",
    "slug",
    "summary",
    "author",
    "source",
    "tags",
    "draft",
    "related",
    "actors",
    "quotes",
    "questions",
    "events",
    "sources",
    "judgments",
    "relations",
    "changes",
    "image",
];
pub const PROFILE_FIELDS: &[&str] =
    &["name", "kind", "role", "affiliation", "aliases", "sort_name", "links", "relations"];
const NESTED_FIELDS: &[&str] = &[
    "id",
    "name",
    "kind",
    "role",
    "affiliation",
    "aliases",
    "sort_name",
    "by",
    "text",
    "context",
    "date",
    "status",
    "answer",
    "answered_by",
    "title",
    "actors",
    "description",
    "url",
    "publisher",
    "published",
    "accessed",
    "archive_url",
    "reliability",
    "notes",
    "source",
    "sources",
    "locator",
    "likelihood",
    "confidence",
    "basis",
    "lang",
    "translation",
    "attribution",
    "links",
    "from",
    "to",
    "type",
    "since",
    "until",
    "source",
    "note",
    "label",
    "inverse",
];

/// A scalar or a list of scalars: `by: kim` or `by: [kim, putin]`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RawSpeakers(pub Vec<String>);

impl<'de> Deserialize<'de> for RawSpeakers {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawSpeakers;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an actor id or a list of actor ids")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<RawSpeakers, E> {
                Ok(RawSpeakers(vec![v.to_string()]))
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, seq: A) -> Result<RawSpeakers, A::Error> {
                Vec::<String>::deserialize(de::value::SeqAccessDeserializer::new(seq)).map(RawSpeakers)
            }
        }
        d.deserialize_any(V)
    }
}

/// A briefing's `source`: the id of a source, or `{name, url}` as written before sources had ids.
#[derive(Debug, Clone)]
pub enum RawPrimary {
    Id(String),
    Named(RawSource),
}

impl<'de> Deserialize<'de> for RawPrimary {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawPrimary;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a source id or a map {name, url}")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<RawPrimary, E> {
                Ok(RawPrimary::Id(v.to_string()))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<RawPrimary, A::Error> {
                RawSource::deserialize(de::value::MapAccessDeserializer::new(map)).map(RawPrimary::Named)
            }
        }
        d.deserialize_any(V)
    }
}

/// A source defined inline in a briefing's `sources:` list.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct RawSourceDef {
    pub id: Option<String>,
    pub title: Option<String>,
    pub url: Option<String>,
    pub publisher: Option<String>,
    pub author: Option<String>,
    pub published: Option<Text>,
    pub accessed: Option<Text>,
    pub archive_url: Option<String>,
    pub kind: Option<String>,
    pub reliability: Option<String>,
    pub notes: Option<String>,
}

/// A source profile's front matter (`content/sources/<id>.md`): like an inline source without
/// `id` (the file name) and `notes` (the body).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSourceProfile {
    pub title: Option<String>,
    pub url: Option<String>,
    pub publisher: Option<String>,
    pub author: Option<String>,
    pub published: Option<Text>,
    pub accessed: Option<Text>,
    pub archive_url: Option<String>,
    pub kind: Option<String>,
    pub reliability: Option<String>,
}

pub const SOURCE_PROFILE_FIELDS: &[&str] =
    &["title", "url", "publisher", "author", "published", "accessed", "archive_url", "kind", "reliability"];

/// An entry of `sources:`: an id, or an inline definition.
#[derive(Debug, Clone)]
pub enum RawSourceRef {
    Id(String),
    Def(Box<RawSourceDef>),
}

impl<'de> Deserialize<'de> for RawSourceRef {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawSourceRef;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a source id or a map {id, title, url, publisher, author, published, accessed, archive_url, kind, reliability, notes}")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<RawSourceRef, E> {
                Ok(RawSourceRef::Id(v.to_string()))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<RawSourceRef, A::Error> {
                RawSourceDef::deserialize(de::value::MapAccessDeserializer::new(map))
                    .map(|d| RawSourceRef::Def(Box::new(d)))
            }
        }
        d.deserialize_any(V)
    }
}

/// A citation in a `sources:` list of a quote, event, question or judgment: an id, or
/// `{id, locator}`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCiteDef {
    pub id: Option<String>,
    pub locator: Option<Text>,
}

#[derive(Debug, Clone)]
pub struct RawCitation(pub RawCiteDef);

impl<'de> Deserialize<'de> for RawCitation {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawCitation;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a source id or a map {id, locator}")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<RawCitation, E> {
                Ok(RawCitation(RawCiteDef { id: Some(v.to_string()), locator: None }))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<RawCitation, A::Error> {
                RawCiteDef::deserialize(de::value::MapAccessDeserializer::new(map)).map(RawCitation)
            }
        }
        d.deserialize_any(V)
    }
}

/// An entry of `judgments:`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawJudgment {
    pub id: Option<String>,
    pub text: Option<String>,
    pub likelihood: Option<String>,
    pub confidence: Option<String>,
    pub basis: Option<Vec<String>>,
    pub status: Option<String>,
    pub source: Option<String>,
    pub sources: Option<Vec<RawCitation>>,
    pub locator: Option<Text>,
}

/// Deserialize a YAML document into `T`, collecting findings for syntax errors, wrong types and
/// unknown fields (suggesting one of `top_fields` at the top level), each placed with `loc`. Returns the value with every failing top-level key
/// left out, or `None` when the YAML itself is unreadable.
pub fn parse_yaml<T: DeserializeOwned + Default>(
    yaml: &str,
    top_fields: &[&str],
    file: &str,
    source: &str,
    loc: &Locator,
    yaml_line: usize,
    findings: &mut Vec<Finding>,
) -> Option<T> {
    let value: serde_yaml::Value = match serde_yaml::from_str(yaml) {
        Ok(v) => v,
        Err(e) => {
            let (line, col) = e.location().map_or((yaml_line, 0), |l| (yaml_line + l.line() - 1, l.column()));
            let msg = syntax_message(&e.to_string(), yaml_line);
            let (line, col) = duplicate_key_line(&msg, source, line).unwrap_or((line, col));
            let mut f = Finding::error(file, "yaml-syntax", format!("front matter is not valid YAML: {msg}"))
                .at(source, line, col);
            if let Some((what, hint)) = limit_message(&msg) {
                f.message = format!("front matter is refused: {what}");
                f = f.hint(hint);
            } else if source.lines().nth(line.saturating_sub(1)).is_some_and(|l| l.contains('\t')) {
                f = f.hint("YAML does not allow tabs for indentation; indent with spaces");
            } else {
                f = f.hint("check indentation, and quote strings that contain `: ` or start with `[`, `{`, `*`, `&`, `!`, `%`, `@` or `#`");
            }
            findings.push(f);
            return None;
        }
    };
    let map = match value {
        serde_yaml::Value::Mapping(m) => m,
        serde_yaml::Value::Null => serde_yaml::Mapping::new(),
        other => {
            let what = match other {
                serde_yaml::Value::Sequence(_) => "a list",
                _ => "a single value",
            };
            findings.push(
                Finding::error(
                    file,
                    "yaml-type",
                    format!("front matter is {what}; expected a map of fields such as `title: …`"),
                )
                .at(source, yaml_line, 1),
            );
            return None;
        }
    };
    let map = drop_non_text_keys(map, file, source, loc, yaml_line, findings);
    // Each round either succeeds or removes one failing key, so this ends.
    let rounds = map.len();
    let mut value = serde_yaml::Value::Mapping(map);
    for _ in 0..=rounds {
        // Deserializing from a reference: no copy of the document per attempt.
        let err = match serde_path_to_error::deserialize::<_, T>(&value) {
            Ok(v) => return Some(v),
            Err(e) => e,
        };
        let path = err.path().to_string();
        let inner = err.into_inner().to_string();
        findings.push(type_finding(file, source, loc, &path, &inner, top_fields));
        let serde_yaml::Value::Mapping(map) = &mut value else { break };
        let top = path.split(['.', '[']).next().unwrap_or("").to_string();
        let before = map.len();
        map.retain(|k, _| k.as_str() != Some(top.as_str()));
        if map.len() == before {
            // The failure is about the whole map (an unknown top-level field).
            if let Some(unknown) = unknown_field(&inner) {
                map.retain(|k, _| k.as_str() != Some(unknown.as_str()));
            }
            if map.len() == before {
                break;
            }
        }
    }
    Some(T::default())
}

/// libyaml's message without its YAML-relative positions, keeping "while parsing X" with the
/// file line where X starts (`did not find expected ',' or ']', while parsing a flow sequence
/// that starts at line 2`).
fn syntax_message(raw: &str, yaml_line: usize) -> String {
    let (head, context) = raw.split_once(", while ").map_or((raw, None), |(h, c)| (h, Some(c)));
    let mut msg = head.split(" at line ").next().unwrap_or(head).to_string();
    if let Some(ctx) = context {
        if let Some((what, at)) = ctx.split_once(" at line ") {
            let line: Option<usize> = at.split_whitespace().next().and_then(|n| n.parse().ok());
            match line {
                Some(l) => msg.push_str(&format!(", while {what} that starts at line {}", yaml_line + l - 1)),
                None => msg.push_str(&format!(", while {what}")),
            }
        }
    }
    msg
}

/// serde_yaml stops documents that would take unbounded stack or memory (deep nesting, aliases
/// that expand exponentially: "billion laughs"); say so in the author's terms.
fn limit_message(msg: &str) -> Option<(&'static str, &'static str)> {
    if msg.starts_with("recursion limit exceeded") {
        Some((
            "its lists and maps are nested too deeply",
            "front matter nests a few levels at most; flatten the values",
        ))
    } else if msg.starts_with("repetition limit exceeded") {
        Some((
            "its anchors and aliases (`&name`, `*name`) expand to too many values",
            "write the values out, or use fewer aliases of aliases",
        ))
    } else {
        None
    }
}

/// libyaml places a duplicate key at the start of its map; the finding is more useful at the
/// second occurrence: the first later line at the same indentation that starts with that key.
fn duplicate_key_line(msg: &str, source: &str, line: usize) -> Option<(usize, usize)> {
    let key = msg.strip_prefix("duplicate entry with key \"")?.strip_suffix('"')?;
    let lines: Vec<&str> = source.lines().collect();
    let first = lines.get(line.checked_sub(1)?)?;
    let indent = first.len() - first.trim_start_matches(' ').len();
    let same_key = |l: &str| {
        let t = l.trim_start_matches(' ');
        let bare = t.strip_prefix(['"', '\'']).unwrap_or(t);
        let rest = bare.strip_prefix(key).unwrap_or("");
        l.len() - t.len() == indent && [":", "\":", "':"].iter().any(|end| rest.starts_with(end))
    };
    let at = lines.iter().enumerate().skip(line).find(|(_, l)| same_key(l))?.0;
    Some((at + 1, indent + 1))
}

/// Field names are text; a number, a list or a map used as a key at the top level is
/// reported and left out (serde cannot name its path, so it would fail the whole document).
fn drop_non_text_keys(
    mut map: serde_yaml::Mapping,
    file: &str,
    source: &str,
    loc: &Locator,
    yaml_line: usize,
    findings: &mut Vec<Finding>,
) -> serde_yaml::Mapping {
    for key in map.keys().filter(|k| !k.is_string()).cloned().collect::<Vec<_>>() {
        let shown = match &key {
            serde_yaml::Value::Number(n) => n.to_string(),
            serde_yaml::Value::Bool(b) => b.to_string(),
            serde_yaml::Value::Null => "null".to_string(),
            _ => String::new(),
        };
        let complex = || {
            let at = source
                .lines()
                .enumerate()
                .skip(yaml_line.saturating_sub(1))
                .find(|(_, l)| l.starts_with(['?', '[', '{']));
            at.map_or((yaml_line, 1), |(i, _)| (i + 1, 1))
        };
        let (line, col) = if shown.is_empty() { complex() } else { loc.key(&shown) };
        let what = if shown.is_empty() { "a list or a map".to_string() } else { format!("`{shown}`") };
        findings.push(
            Finding::error(file, "unknown-field", format!("a field name must be text, found {what}"))
                .at(source, line, col)
                .hint("front matter fields are names such as `title:`; quote a key that should be text"),
        );
        map.remove(&key);
    }
    map
}

fn unknown_field(msg: &str) -> Option<String> {
    let rest = msg.strip_prefix("unknown field `")?;
    Some(rest[..rest.find('`')?].to_string())
}

/// A readable finding for a serde error at `path`.
fn type_finding(file: &str, source: &str, loc: &Locator, path: &str, inner: &str, top_fields: &[&str]) -> Finding {
    let mut msg = inner.to_string();
    if let Some(cut) = msg.find(" at line ") {
        msg.truncate(cut);
    }
    if let Some(field) = unknown_field(&msg) {
        // serde_path_to_error's path already ends with the unknown field.
        let full = if path == "." || path.is_empty() { field.clone() } else { path.to_string() };
        let (line, col) = loc.key(&full);
        // A field name may itself contain a dot: nested means the path has a parent.
        let candidates = if full.len() > field.len() { NESTED_FIELDS } else { top_fields };
        let allowed = msg.find(", expected").map(|i| msg[i + 2..].to_string()).unwrap_or_default();
        let mut f =
            Finding::error(file, "unknown-field", format!("unknown field `{full}`; {allowed}")).at(source, line, col);
        if let Some(s) = suggest(&field, candidates.iter().copied()) {
            f = f.hint(format!("did you mean `{s}`?"));
        }
        return f;
    }
    let (line, col) = loc.value(path);
    Finding::error(file, "yaml-type", format!("`{path}`: {msg}")).at(source, line, col)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(yaml: &str) -> (Option<RawBriefing>, Vec<Finding>) {
        let source = format!("---\n{yaml}---\n");
        let loc = Locator::new(yaml, 2);
        let mut f = Vec::new();
        let v = parse_yaml::<RawBriefing>(yaml, BRIEFING_FIELDS, "a.md", &source, &loc, 2, &mut f);
        (v, f)
    }

    #[test]
    fn reads_every_shape() {
        let (b, f) = parse("title: T\ndate: 2024\nactors:\n  - putin\n  - {id: kim, name: Kim}\nquestions:\n  - Why?\n  - {text: How?, status: open}\n");
        assert!(f.is_empty(), "{f:?}");
        let b = b.unwrap();
        assert_eq!(b.date, Some(Text("2024".into())));
        assert!(matches!(b.actors.unwrap()[1], RawActorRef::Def(_)));
        assert_eq!(b.questions.unwrap()[0].0.text.as_deref(), Some("Why?"));
    }

    #[test]
    fn collects_one_finding_per_bad_key_with_positions() {
        let (b, f) = parse("title: T\ntags: 5\ntitel: x\nquotes:\n  - by: a\n    txt: b\n");
        let b = b.unwrap();
        assert_eq!(b.title.as_deref(), Some("T"));
        let codes: Vec<_> = f.iter().map(|f| (f.code, f.line)).collect();
        assert!(codes.contains(&("yaml-type", 3)), "{codes:?}");
        assert!(codes.contains(&("unknown-field", 4)), "{codes:?}");
        assert!(codes.contains(&("unknown-field", 7)), "{codes:?}");
        let titel = f.iter().find(|f| f.message.contains("titel")).unwrap();
        assert_eq!(titel.hint.as_deref(), Some("did you mean `title`?"));
    }

    #[test]
    fn syntax_error_has_line() {
        let (b, f) = parse("title: T\nactors: [a, b\n");
        assert!(b.is_none());
        assert_eq!(f[0].code, "yaml-syntax");
        assert!(f[0].line >= 3);
    }
}

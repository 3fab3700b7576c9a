//! The front matter as written: `Raw*` structs deserialized loosely from YAML, before any
//! validation. Every field is optional here; `model` decides what is required.
//!
//! Reading collects every finding of a document rather than stopping at the first: nesting
//! and size are measured before libyaml reads the text (`shape`), and each field and list item
//! is checked on its own (`fields`); what fails is reported at its place and left out.

use super::fields::{self, Failure, NOT_TEXT};
use super::locate::{Failures, Locator};
use super::shape;
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

/// An entry of `relations:` (on a profile, `from` is the profile's actor). It cites sources as
/// a quote does (`source: <id>`, `sources:`, `locator`); `source` may instead name a source
/// without defining it (`{name, url}`), as a briefing's `source` may.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRelation {
    pub from: Option<String>,
    pub to: Option<String>,
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub since: Option<Text>,
    pub until: Option<Text>,
    pub source: Option<RawPrimary>,
    pub sources: Option<Vec<RawCitation>>,
    pub locator: Option<Text>,
    pub note: Option<String>,
}

/// An entry of `changes:`: when a briefing was updated, and what changed, with the sources
/// the change rests on (as a quote cites them).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawChange {
    pub date: Option<Text>,
    pub note: Option<String>,
    pub source: Option<String>,
    pub sources: Option<Vec<RawCitation>>,
    pub locator: Option<Text>,
}

/// An entry of `actors:`: an id, or an inline definition.
#[derive(Debug, Clone)]
pub enum RawActorRef {
    Id(String),
    Def(RawActor),
}

impl<'de> Deserialize<'de> for RawActorRef {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        text_or_map(
            d,
            "an actor id or a map {id, name, kind, role, affiliation, aliases, sort_name, links}",
            |v| RawActorRef::Id(v.to_string()),
            RawActorRef::Def,
        )
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
        text_or_map(
            d,
            "a question as a string or a map {text, id, status, answer, answered_by}",
            |v| RawQuestion(RawQuestionDef { text: Some(v.to_string()), ..Default::default() }),
            RawQuestion,
        )
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

/// Read a value written either as one string or as a map (`by: kim` or `{id: kim, …}`): the
/// error names both forms as `expecting` says, `text` and `map` say what each form means.
/// Every "an id or a definition" field of the front matter reads through it.
fn text_or_map<'de, D, M, T>(d: D, expecting: &'static str, text: fn(&str) -> T, map: fn(M) -> T) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    M: Deserialize<'de>,
{
    struct V<M, T> {
        expecting: &'static str,
        text: fn(&str) -> T,
        map: fn(M) -> T,
    }
    impl<'de, M: Deserialize<'de>, T> Visitor<'de> for V<M, T> {
        type Value = T;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str(self.expecting)
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
            Ok((self.text)(v))
        }
        fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
            M::deserialize(de::value::MapAccessDeserializer::new(map)).map(self.map)
        }
    }
    d.deserialize_any(V { expecting, text, map })
}

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
        text_or_map(d, "a source id or a map {name, url}", |v| RawPrimary::Id(v.to_string()), RawPrimary::Named)
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

/// An entry of `sources:`: an id, or an inline definition.
#[derive(Debug, Clone)]
pub enum RawSourceRef {
    Id(String),
    Def(Box<RawSourceDef>),
}

impl<'de> Deserialize<'de> for RawSourceRef {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        text_or_map(d, "a source id or a map {id, title, url, publisher, author, published, accessed, archive_url, kind, reliability, notes}", |v| RawSourceRef::Id(v.to_string()), |d| RawSourceRef::Def(Box::new(d)))
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
        text_or_map(
            d,
            "a source id or a map {id, locator}",
            |v| RawCitation(RawCiteDef { id: Some(v.to_string()), locator: None }),
            RawCitation,
        )
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
    /// The day the judgment took its status (a judgment confirmed, refuted or superseded
    /// after publication), for the site's "what's new".
    pub status_changed: Option<Text>,
    pub source: Option<String>,
    pub sources: Option<Vec<RawCitation>>,
    pub locator: Option<Text>,
}

/// Read a YAML document as a `T`, collecting findings for syntax errors, nesting beyond
/// `shape::MAX_DEPTH` or more than `shape::MAX_VALUES` values, wrong types and unknown fields
/// (every one of them, at every level), each placed with `loc`. Returns the value with every
/// failing field and list item left out, and what was left out; `None` when the YAML itself
/// is unreadable or refused.
pub fn parse_yaml<T: DeserializeOwned + Default>(
    yaml: &str,
    file: &str,
    source: &str,
    loc: &Locator,
    yaml_line: usize,
    findings: &mut Vec<Finding>,
) -> Option<(T, Failures)> {
    if let Some((line, col, too)) = shape::refused(yaml) {
        let (what, hint) = match too {
            shape::Too::Deep => NESTED_TOO_DEEPLY,
            shape::Too::Many => TOO_MANY_VALUES,
        };
        findings.push(
            Finding::error(file, "yaml-syntax", format!("front matter is refused: {what}"))
                .at(source, yaml_line + line - 1, col)
                .hint(hint),
        );
        return None;
    }
    let value: serde_yaml::Value = match serde_yaml::from_str(yaml) {
        Ok(v) => v,
        Err(e) => {
            findings.push(syntax_finding(&e, file, source, yaml_line));
            return None;
        }
    };
    let value = match value {
        serde_yaml::Value::Null => serde_yaml::Value::Mapping(serde_yaml::Mapping::new()),
        map @ serde_yaml::Value::Mapping(_) => map,
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
    let (t, checked) = fields::read::<T>(value);
    for f in &checked.failures {
        findings.push(failure_finding(file, source, loc, yaml_line, f));
    }
    let failures = Failures::new(checked.failures.into_iter().map(|f| f.path), checked.removed);
    Some((t, failures))
}

fn syntax_finding(e: &serde_yaml::Error, file: &str, source: &str, yaml_line: usize) -> Finding {
    let (line, col) = e.location().map_or((yaml_line, 0), |l| (yaml_line + l.line() - 1, l.column()));
    let msg = syntax_message(&e.to_string(), yaml_line);
    let (line, col) = duplicate_key_line(&msg, source, line).unwrap_or((line, col));
    let mut f =
        Finding::error(file, "yaml-syntax", format!("front matter is not valid YAML: {msg}")).at(source, line, col);
    if let Some((what, hint)) = limit_message(&msg) {
        f.message = format!("front matter is refused: {what}");
        f = f.hint(hint);
    } else if source.lines().nth(line.saturating_sub(1)).is_some_and(|l| l.contains('\t')) {
        f = f.hint("YAML does not allow tabs for indentation; indent with spaces");
    } else {
        f = f.hint("check indentation, and quote strings that contain `: ` or start with `[`, `{`, `*`, `&`, `!`, `%`, `@` or `#`");
    }
    f
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

/// The finding's message and hint for a front matter nested deeper than allowed.
const NESTED_TOO_DEEPLY: (&str, &str) =
    ("its lists and maps are nested too deeply", "front matter nests a few levels at most; flatten the values");
/// … and for one holding more values than allowed.
const TOO_MANY_VALUES: (&str, &str) = (
    "it holds too many values to read (over 1,500,000; a list or map counts as three)",
    "front matter annotates one briefing; split it into several, or move data into `static/`",
);

/// serde_yaml stops documents that would take unbounded stack or memory (deep nesting, aliases
/// that expand exponentially: "billion laughs"); say so in the author's terms.
fn limit_message(msg: &str) -> Option<(&'static str, &'static str)> {
    if msg.starts_with("recursion limit exceeded") {
        Some(NESTED_TOO_DEEPLY)
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

/// The finding for a value that failed: an unknown field (with a suggestion among the
/// fields of its own level), a key that is not text, or a wrong type.
fn failure_finding(file: &str, source: &str, loc: &Locator, yaml_line: usize, f: &Failure) -> Finding {
    let mut msg = f.message.as_str();
    if let Some(cut) = msg.find(" at line ") {
        msg = &msg[..cut];
    }
    let Some(field) = msg.strip_prefix("unknown field `").and_then(|r| r.split('`').next()) else {
        let (line, col) = loc.value(&f.path);
        return Finding::error(file, "yaml-type", format!("`{}`: {msg}", f.path)).at(source, line, col);
    };
    let parent = f.path.strip_suffix(field).map(|p| p.trim_end_matches('.')).unwrap_or("");
    if let Some(shown) = field.strip_prefix(NOT_TEXT) {
        let (line, col) = match (shown.is_empty(), parent.is_empty()) {
            (false, true) => loc.key(shown),
            (false, false) => loc.key(&format!("{parent}.{shown}")),
            // A list or a map as a key (`? [a, b]`): the first line that starts with one.
            (true, true) => source
                .lines()
                .enumerate()
                .skip(yaml_line.saturating_sub(1))
                .find(|(_, l)| l.starts_with(['?', '[', '{']))
                .map_or((yaml_line, 1), |(i, _)| (i + 1, 1)),
            (true, false) => loc.key(parent),
        };
        let what = if shown.is_empty() { "a list or a map".to_string() } else { format!("`{shown}`") };
        return Finding::error(file, "unknown-field", format!("a field name must be text, found {what}"))
            .at(source, line, col)
            .hint("front matter fields are names such as `title:`; quote a key that should be text");
    }
    let (line, col) = loc.key(&f.path);
    let allowed = msg.split_once(", ").map_or("", |(_, a)| a);
    let mut finding =
        Finding::error(file, "unknown-field", format!("unknown field `{}`; {allowed}", f.path)).at(source, line, col);
    // Only the fields of this level, and never the name just refused.
    let candidates = fields::expected_fields(msg).into_iter().filter(|c| *c != field);
    if let Some(s) = suggest(field, candidates) {
        finding = finding.hint(format!("did you mean `{s}`?"));
    }
    finding
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(yaml: &str) -> (Option<(RawBriefing, Failures)>, Vec<Finding>) {
        let source = format!("---\n{yaml}---\n");
        let loc = Locator::new(yaml, 2);
        let mut f = Vec::new();
        let v = parse_yaml::<RawBriefing>(yaml, "a.md", &source, &loc, 2, &mut f);
        (v, f)
    }

    /// (code, line, column, message, hint) of each finding, in order.
    fn shown(f: &[Finding]) -> Vec<(&str, usize, usize, &str, Option<&str>)> {
        f.iter().map(|f| (f.code, f.line, f.column, f.message.as_str(), f.hint.as_deref())).collect()
    }

    #[test]
    fn reads_every_shape() {
        let (b, f) = parse("title: T\ndate: 2024\nactors:\n  - putin\n  - {id: kim, name: Kim}\nquestions:\n  - Why?\n  - {text: How?, status: open}\n");
        assert!(f.is_empty(), "{f:?}");
        let b = b.unwrap().0;
        assert_eq!(b.date, Some(Text("2024".into())));
        assert!(matches!(b.actors.unwrap()[1], RawActorRef::Def(_)));
        assert_eq!(b.questions.unwrap()[0].0.text.as_deref(), Some("Why?"));
    }

    #[test]
    fn collects_one_finding_per_bad_key_with_positions() {
        let (b, f) = parse("title: T\ntags: 5\ntitel: x\nquotes:\n  - by: a\n    txt: b\n");
        let b = b.unwrap().0;
        assert_eq!(b.title.as_deref(), Some("T"));
        let codes: Vec<_> = f.iter().map(|f| (f.code, f.line)).collect();
        assert_eq!(codes, [("yaml-type", 3), ("unknown-field", 4), ("unknown-field", 7)]);
        let titel = f.iter().find(|f| f.message.contains("titel")).unwrap();
        assert_eq!(titel.hint.as_deref(), Some("did you mean `title`?"));
    }

    #[test]
    fn every_unknown_field_and_type_error_of_an_item_in_one_run() {
        let (b, f) = parse("title: T\nquotes:\n  - by: kim\n    text: Hi\n    url: x\n    speaker: k\n    txt: t\n    dat: 2024\n    context: [c]\n");
        let q = "expected one of `by`, `text`, `context`, `date`, `id`, `lang`, `translation`, `attribution`, `source`, `sources`, `locator`";
        assert_eq!(
            shown(&f),
            [
                ("unknown-field", 6, 5, &*format!("unknown field `quotes[0].url`; {q}"), None),
                ("unknown-field", 7, 5, &*format!("unknown field `quotes[0].speaker`; {q}"), None),
                ("unknown-field", 8, 5, &*format!("unknown field `quotes[0].txt`; {q}"), Some("did you mean `text`?")),
                ("unknown-field", 9, 5, &*format!("unknown field `quotes[0].dat`; {q}"), Some("did you mean `date`?")),
                ("yaml-type", 10, 14, "`quotes[0].context`: invalid type: sequence, expected a string", None),
            ]
        );
        let (b, failed) = b.unwrap();
        let quote = &b.quotes.unwrap()[0];
        assert_eq!(
            (quote.by.as_ref().map(|b| b.0.as_slice()), quote.text.as_deref(), quote.context.as_deref()),
            (Some(&["kim".to_string()][..]), Some("Hi"), None)
        );
        let loc = Locator::new("", 2).with_failures(failed);
        assert!(loc.failed_within("quotes[0]") && !loc.failed_within("title"));
    }

    #[test]
    fn hints_come_from_the_fields_of_the_same_level_and_never_repeat_the_name() {
        // `url` is a field of `source`, not of a quote; `name` of an actor, not of an event.
        let (_, f) = parse("source: {name: S, url: u, titel: t}\nquotes: [{by: a, text: t, url: u}]\nevents: [{date: 2024, name: E}]\n");
        let hints: Vec<_> = f.iter().map(|f| (f.message.split(';').next().unwrap(), f.hint.as_deref())).collect();
        assert_eq!(
            hints,
            [
                ("unknown field `source.titel`", None),
                ("unknown field `quotes[0].url`", None),
                ("unknown field `events[0].name`", None),
            ]
        );
        let (_, f) = parse("actors: [{id: k, nme: K}]\nsource: {nam: S}\n");
        assert_eq!(f[0].hint.as_deref(), Some("did you mean `name`?"));
        assert_eq!(f[1].hint.as_deref(), Some("did you mean `name`?"));
        assert!(f[0]
            .message
            .ends_with("expected one of `id`, `name`, `kind`, `role`, `affiliation`, `aliases`, `sort_name`, `links`"));
    }

    #[test]
    fn keys_that_are_not_text_are_found_at_every_level() {
        let (_, f) = parse("title: T\n1: one\nsource:\n  name: S\n  2: two\nquotes: [{by: a, 3: x}]\n");
        let found: Vec<_> = f.iter().map(|f| (f.line, f.column, f.message.as_str())).collect();
        assert_eq!(
            found,
            [
                (3, 1, "a field name must be text, found `1`"),
                (6, 3, "a field name must be text, found `2`"),
                (7, 18, "a field name must be text, found `3`"),
            ]
        );
    }

    #[test]
    fn deep_nesting_is_refused_where_it_crosses_the_limit() {
        let (b, f) = parse(&format!("title: T\nsummary: {}\n", "[".repeat(100_000)));
        assert!(b.is_none());
        let col = "summary: ".len() + shape::MAX_DEPTH;
        assert_eq!(
            shown(&f),
            [(
                "yaml-syntax",
                3,
                col,
                "front matter is refused: its lists and maps are nested too deeply",
                Some("front matter nests a few levels at most; flatten the values")
            )]
        );
    }

    #[test]
    fn a_front_matter_of_too_many_values_is_refused_unread() {
        let (b, f) = parse(&format!("title: T\ntags: [{}]\n", "a, ".repeat(shape::MAX_VALUES)));
        assert!(b.is_none());
        assert_eq!(f.len(), 1);
        assert_eq!((f[0].code, f[0].line), ("yaml-syntax", 3));
        assert_eq!(
            f[0].message,
            "front matter is refused: it holds too many values to read (over 1,500,000; a list or map counts as three)"
        );
    }

    #[test]
    fn syntax_error_has_line() {
        let (b, f) = parse("title: T\nactors: [a, b\n");
        assert!(b.is_none());
        assert_eq!(f[0].code, "yaml-syntax");
        assert!(f[0].line >= 3);
    }
}

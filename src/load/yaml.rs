//! Reading a front matter's YAML into its `Raw*` structs (see `raw`), with every failure a
//! finding at its place: syntax errors, nesting and size past the limits (measured by `shape`
//! before libyaml reads the text), wrong types and unknown fields at every level.

use super::fields::{self, Failure, NOT_TEXT};
use super::locate::{Failures, Locator};
use super::shape;
use crate::diag::{suggest, Finding};
use serde::de::DeserializeOwned;

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

/// What to write instead of a value of the wrong type, where the mistake is a common one: a
/// citation written in another field's form, or one value where a list is expected.
fn type_hint(path: &str, msg: &str) -> Option<String> {
    let field = path.rsplit('.').next().unwrap_or(path);
    let field = field.split('[').next().unwrap_or(field);
    match field {
        "source" if path.contains('.') && msg.contains("invalid type: map") => Some(
            "a claim cites a source by its id (`source: <id>`), defined in the briefing's `sources:` or in content/sources/<id>.md; only a briefing's or a relation's `source:` may be `{name, url}`".into(),
        ),
        "source" if msg.contains("invalid type: sequence") => {
            Some("`source:` is one id; cite several with `sources: [<id>, …]`".into())
        }
        _ if msg.contains("expected a sequence") => {
            Some(format!("`{field}` is a list: one `- ` entry per item, or `{field}: [a, b]`"))
        }
        _ => None,
    }
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
        let finding = Finding::error(file, "yaml-type", format!("`{}`: {msg}", f.path)).at(source, line, col);
        return match type_hint(&f.path, msg) {
            Some(hint) => finding.hint(hint),
            None => finding,
        };
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
    use crate::load::raw::{RawActorRef, RawBriefing, Text};

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

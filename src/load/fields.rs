//! Checking a front matter's YAML value against its `Raw*` struct one field and one list item
//! at a time, so that one run reports every unknown field and wrong type of a file.
//!
//! serde stops at the first error of a document. So when a document fails, each of its values
//! is tried on its own: placed alone at its path in an otherwise empty document (`quotes[3].by`
//! becomes `{quotes: [{by: …}]}`, every struct field being optional) and deserialized as the
//! whole struct. A value that fails there is either wrong itself (a finding at its path) or
//! holds the failure (each of its fields or items is tried in turn). Failing fields are
//! removed and failing list items left out, and the rest is read as usual. Field names come
//! from serde's own message, so a suggestion is always one of the fields of that level.
//!
//! Each value is tried at most once per level of the struct (four at most, for
//! `events[i].actors[j]`), and only below a value that failed, so the cost stays linear.

use serde::de::DeserializeOwned;
use serde_yaml::{Mapping, Value};

/// A key that is not text (a number, a list) stands in the tree as a string that no struct
/// accepts: this prefix, then the key as written (empty for a list or a map).
pub(super) const NOT_TEXT: char = '\u{0}';

/// One step of a path: a map key or a list index.
#[derive(Debug, Clone)]
enum Step {
    Key(String),
    Item(usize),
}

/// A value that failed: where (as written: `quotes[3].by`) and serde's message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Failure {
    pub path: String,
    pub message: String,
}

/// What a check found: each failure, and the list items left out (the list's path and the
/// item's index, as written), in document order.
#[derive(Debug, Default)]
pub(super) struct Checked {
    pub failures: Vec<Failure>,
    pub removed: Vec<(String, usize)>,
}

/// Read `value` as a `T`, leaving out (and reporting) every field and list item that fails.
pub(super) fn read<T: DeserializeOwned + Default>(mut value: Value) -> (T, Checked) {
    mark_keys_not_text(&mut value);
    let mut checked = Checked::default();
    if let Ok(t) = T::deserialize(&value) {
        return (t, checked);
    }
    let mut steps = Vec::new();
    if check::<T>(&mut steps, &mut value, &mut checked) == Verdict::Wrong {
        return (T::default(), checked);
    }
    match serde_path_to_error::deserialize::<_, T>(&value) {
        Ok(t) => (t, checked),
        Err(e) => {
            // Not expected: every failing value was removed. Report what is left.
            let path = e.path().to_string();
            checked.failures.push(Failure { path, message: e.into_inner().to_string() });
            (T::default(), checked)
        }
    }
}

#[derive(Debug, PartialEq, Eq)]
enum Verdict {
    Fine,
    /// The value itself is wrong: its parent leaves it out.
    Wrong,
    /// Some of its fields or items were wrong and are left out; the rest stands.
    Mended,
}

/// Check the value at `steps` (in the document being checked, as `T`).
fn check<T: DeserializeOwned>(steps: &mut Vec<Step>, value: &mut Value, out: &mut Checked) -> Verdict {
    let (error_at, message) = match try_alone::<T>(steps, value) {
        None => return Verdict::Fine,
        Some(e) => e,
    };
    let here = written(steps, true);
    let container = matches!(value, Value::Mapping(_) | Value::Sequence(_));
    if error_at == here || !container || !error_at.starts_with(here.trim_start_matches('.')) {
        out.failures.push(Failure { path: written(steps, false), message });
        return Verdict::Wrong;
    }
    let failed_before = out.failures.len();
    match value {
        Value::Mapping(map) => {
            let keys: Vec<Value> = map.keys().cloned().collect();
            for key in keys {
                let name = key.as_str().unwrap_or_default().to_string();
                steps.push(Step::Key(name));
                if let Some(v) = map.get_mut(&key) {
                    if check::<T>(steps, v, out) == Verdict::Wrong {
                        map.remove(&key);
                    }
                }
                steps.pop();
            }
        }
        Value::Sequence(items) => {
            let mut wrong = Vec::new();
            for (i, item) in items.iter_mut().enumerate() {
                steps.push(Step::Item(i));
                if check::<T>(steps, item, out) == Verdict::Wrong {
                    wrong.push(i);
                }
                steps.pop();
            }
            let list = written(steps, false);
            out.removed.extend(wrong.iter().map(|&i| (list.clone(), i)));
            let mut i = 0;
            items.retain(|_| {
                i += 1;
                wrong.binary_search(&(i - 1)).is_err()
            });
        }
        _ => {}
    }
    if out.failures.len() == failed_before {
        // The value fails as a whole but none of its parts does on its own.
        out.failures.push(Failure { path: written(steps, false), message });
        return Verdict::Wrong;
    }
    Verdict::Mended
}

/// Deserialize a `T` from a document holding only `value`, at `steps`; on failure, where
/// (in that document's terms, every list index 0) and serde's message. `value` is moved into
/// the document and back, not copied.
fn try_alone<T: DeserializeOwned>(steps: &[Step], value: &mut Value) -> Option<(String, String)> {
    let mut doc = std::mem::take(value);
    for step in steps.iter().rev() {
        doc = match step {
            Step::Key(k) => Value::Mapping(Mapping::from_iter([(Value::String(k.clone()), doc)])),
            Step::Item(_) => Value::Sequence(vec![doc]),
        };
    }
    let result = match serde_path_to_error::deserialize::<_, T>(&doc) {
        Ok(_) => None,
        Err(e) => {
            let path = e.path().to_string();
            Some((path, e.into_inner().to_string()))
        }
    };
    for _ in steps {
        doc = match doc {
            Value::Mapping(m) => m.into_iter().next().map(|(_, v)| v).unwrap_or_default(),
            Value::Sequence(s) => s.into_iter().next().unwrap_or_default(),
            other => other,
        };
    }
    *value = doc;
    result
}

/// A path as serde_path_to_error writes it (`quotes[3].by`, `.` for the root); with `alone`,
/// every list index is 0 (the path in a document made by `try_alone`).
fn written(steps: &[Step], alone: bool) -> String {
    if steps.is_empty() {
        return if alone { ".".to_string() } else { String::new() };
    }
    let mut out = String::new();
    for (n, step) in steps.iter().enumerate() {
        match step {
            Step::Key(k) => {
                if n > 0 {
                    out.push('.');
                }
                out.push_str(k);
            }
            Step::Item(i) => out.push_str(&format!("[{}]", if alone { 0 } else { *i })),
        }
    }
    out
}

/// Replace every key that is not text by a string no struct accepts (`NOT_TEXT` and the key
/// as written), so it fails as an unknown field with its path (serde can name neither the
/// path nor the key of a number or list used as a key).
fn mark_keys_not_text(value: &mut Value) {
    match value {
        Value::Mapping(map) => {
            if map.keys().any(|k| !k.is_string()) {
                let old = std::mem::take(map);
                for (k, v) in old {
                    let k = if k.is_string() { k } else { Value::String(format!("{NOT_TEXT}{}", shown_key(&k))) };
                    map.insert(k, v);
                }
            }
            map.values_mut().for_each(mark_keys_not_text);
        }
        Value::Sequence(items) => items.iter_mut().for_each(mark_keys_not_text),
        Value::Tagged(t) => mark_keys_not_text(&mut t.value),
        _ => {}
    }
}

/// A key that is not text, as written (empty for a list or a map).
fn shown_key(k: &Value) -> String {
    match k {
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Null => "null".to_string(),
        Value::Tagged(t) => shown_key(&t.value),
        _ => String::new(),
    }
}

/// The fields serde's message about an unknown field lists as expected (`expected one of
/// `a`, `b``, `expected `a` or `b``, `there are no fields`).
pub(super) fn expected_fields(message: &str) -> Vec<&str> {
    let Some((_, list)) = message.split_once(", expected ") else { return Vec::new() };
    list.split('`').skip(1).step_by(2).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::raw::{RawBriefing, RawPrimary};

    fn read_yaml(yaml: &str) -> (RawBriefing, Checked) {
        read::<RawBriefing>(serde_yaml::from_str(yaml).unwrap())
    }

    fn paths(c: &Checked) -> Vec<&str> {
        c.failures.iter().map(|f| f.path.as_str()).collect()
    }

    #[test]
    fn a_valid_document_is_read_in_one_go() {
        let (b, c) = read_yaml("title: T\nquotes: [{by: a, text: t}]\n");
        assert_eq!(b.quotes.unwrap().len(), 1);
        assert!(c.failures.is_empty() && c.removed.is_empty());
    }

    #[test]
    fn every_failure_of_one_item_is_reported_and_the_rest_kept() {
        let (b, c) = read_yaml(
            "title: T\nquotes:\n  - {by: a, url: u, outlet: s, speaker: x, txt: t, date: [1]}\n  - {by: b, text: ok}\n",
        );
        assert_eq!(
            paths(&c),
            ["quotes[0].url", "quotes[0].outlet", "quotes[0].speaker", "quotes[0].txt", "quotes[0].date"]
        );
        assert!(c.failures[0].message.starts_with("unknown field `url`, expected one of `by`, `text`"));
        assert!(c.failures[4].message.contains("invalid type: sequence"));
        let quotes = b.quotes.unwrap();
        assert_eq!(
            (quotes[0].by.as_ref().map(|b| b.0.join(",")), quotes[0].date.is_none()),
            (Some("a".to_string()), true)
        );
        assert_eq!(quotes[1].text.as_deref(), Some("ok"));
        assert_eq!(b.title.as_deref(), Some("T"));
    }

    #[test]
    fn wrong_items_are_left_out_and_counted() {
        let (b, c) = read_yaml("actors: [a, 5, {id: k, aliases: K}, [x], b]\ntags: [x, [y], z]\n");
        assert_eq!(paths(&c), ["actors[1]", "actors[2].aliases", "actors[3]", "tags[1]"]);
        assert_eq!(c.removed, [("actors".into(), 1), ("actors".into(), 3), ("tags".into(), 1)]);
        assert_eq!(b.actors.unwrap().len(), 3);
        assert_eq!(b.tags.unwrap(), ["x", "z"]);
    }

    #[test]
    fn a_value_of_the_wrong_kind_is_one_failure_not_one_per_part() {
        let (b, c) = read_yaml("title: {a: 1, b: 2}\nquotes: {by: a}\nevents: [{title: E, actors: a}]\n");
        assert_eq!(paths(&c), ["title", "quotes", "events[0].actors"]);
        assert!(b.title.is_none() && b.quotes.is_none());
        assert_eq!(b.events.unwrap()[0].title.as_deref(), Some("E"));
    }

    #[test]
    fn keys_that_are_not_text_fail_where_they_stand() {
        let (_, c) = read_yaml("1: one\nsource: {true: x, name: N}\n? [a]\n: b\n");
        let keys: Vec<String> = c.failures.iter().map(|f| f.path.replace(NOT_TEXT, "#")).collect();
        assert_eq!(keys, ["#1", "source.#true", "#"]);
    }

    #[test]
    fn an_empty_key_is_an_unknown_field_like_any_other() {
        let (b, c) = read_yaml("title: T\n\"\": {a: 1}\nsource: {\"\": x, name: N}\n");
        assert_eq!(paths(&c), ["", "source."]);
        let Some(RawPrimary::Named(source)) = b.source else { panic!("the source is read") };
        assert_eq!((b.title.as_deref(), source.name.as_deref()), (Some("T"), Some("N")));
    }

    #[test]
    fn expected_fields_are_read_from_the_message() {
        assert_eq!(expected_fields("unknown field `x`, expected one of `a`, `b`, `c`"), ["a", "b", "c"]);
        assert_eq!(expected_fields("unknown field `x`, expected `a` or `b`"), ["a", "b"]);
        assert!(expected_fields("unknown field `x`, there are no fields").is_empty());
    }
}

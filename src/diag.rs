//! Findings: problems in the user's content, collected across a whole build and reported together.
//!
//! A `Finding` always points at a place (file, line, column) and says what was expected. The
//! pipeline never stops at the first one: every stage pushes into a `Findings` list and the
//! command decides at the end whether errors block the write.
//!
//! Findings quote the input (a value, the offending line), so both reports show its control
//! characters as escapes (`\u{1b}`): a finding never sends a terminal, or the preview's error
//! overlay, a byte of the content it would act on.

use serde::{Serialize, Serializer};
use std::borrow::Cow;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// How bad a finding is. Errors fail `build`; warnings only fail `check --strict`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One problem in the content, with its place and an optional hint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// Path relative to the site root, with `/` separators.
    #[serde(serialize_with = "escaped")]
    pub file: String,
    /// 1-based line; 0 when the finding is about the whole file.
    pub line: usize,
    /// 1-based column (in characters); 0 when unknown.
    pub column: usize,
    pub severity: Severity,
    /// A stable, documented code such as `yaml-syntax` or `unknown-actor`.
    pub code: &'static str,
    #[serde(serialize_with = "escaped")]
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "escaped_hint")]
    pub hint: Option<String>,
    /// The offending source line, shown under the message with a caret.
    #[serde(skip)]
    pub excerpt: Option<String>,
}

impl Finding {
    pub fn error(file: &str, code: &'static str, message: impl Into<String>) -> Self {
        Finding {
            file: file.to_string(),
            line: 0,
            column: 0,
            severity: Severity::Error,
            code,
            message: message.into(),
            hint: None,
            excerpt: None,
        }
    }

    pub fn warning(file: &str, code: &'static str, message: impl Into<String>) -> Self {
        Finding { severity: Severity::Warning, ..Finding::error(file, code, message) }
    }

    /// Place the finding at `line:column` and keep the source line for the report.
    pub fn at(mut self, source: &str, line: usize, column: usize) -> Self {
        self.line = line;
        self.column = column;
        if line > 0 {
            self.excerpt = source.lines().nth(line - 1).map(|l| l.trim_end_matches('\r').to_string());
        }
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// `path:line:col: error[code]: message`, the offending line with a caret, and the hint.
    pub fn render(&self) -> String {
        let mut out = String::new();
        let file = escape_controls(&self.file);
        let place = match (self.line, self.column) {
            (0, _) => file.into_owned(),
            (l, 0) => format!("{file}:{l}"),
            (l, c) => format!("{file}:{l}:{c}"),
        };
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let _ = write!(out, "{place}: {sev}[{}]: {}", self.code, escape_controls(&self.message));
        if let Some(excerpt) = &self.excerpt {
            let (excerpt, column) = clip(excerpt, self.column);
            let gutter = self.line.to_string();
            let pad = " ".repeat(gutter.len());
            let _ = write!(out, "\n{pad} |\n{gutter} | {}", escape_controls(&excerpt));
            if column > 0 {
                // Tabs keep their width, and an escaped character its escape's, so the caret
                // stays under the right character.
                let mut lead = String::new();
                for c in excerpt.chars().take(column - 1) {
                    match c {
                        '\t' => lead.push('\t'),
                        c if is_shown_escaped(c) => lead.extend(std::iter::repeat_n(' ', escape(c).len())),
                        _ => lead.push(' '),
                    }
                }
                let _ = write!(out, "\n{pad} | {lead}^");
            }
        }
        if let Some(hint) = &self.hint {
            let _ = write!(out, "\n  = hint: {}", escape_controls(hint));
        }
        out
    }
}

/// Whether a report shows `c` as an escape: control characters but the tab (terminal escapes,
/// NUL, line breaks inside a value) and the bidirectional controls that reorder a line.
fn is_shown_escaped(c: char) -> bool {
    (c.is_control() && c != '\t') || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

fn escape(c: char) -> String {
    format!("\\u{{{:x}}}", c as u32)
}

/// `s` with every control character written as an escape (`\u{1b}`); borrowed when there is
/// none.
pub fn escape_controls(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_shown_escaped) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if is_shown_escaped(c) {
            out.push_str(&escape(c));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

fn escaped<S: Serializer>(s: &str, ser: S) -> Result<S::Ok, S::Error> {
    ser.serialize_str(&escape_controls(s))
}

fn escaped_hint<S: Serializer>(s: &Option<String>, ser: S) -> Result<S::Ok, S::Error> {
    match s {
        Some(s) => escaped(s, ser),
        None => ser.serialize_none(),
    }
}

/// The widest excerpt shown, in characters: a 10,000-character line is cut to a window around
/// the column (marked with `…`), with the caret moved to match.
const EXCERPT_WIDTH: usize = 120;

fn clip(line: &str, column: usize) -> (String, usize) {
    let len = line.chars().count();
    if len <= EXCERPT_WIDTH {
        return (line.to_string(), column);
    }
    let start = column.saturating_sub(EXCERPT_WIDTH / 2 + 1).min(len - EXCERPT_WIDTH);
    let mut out: String = line.chars().skip(start).take(EXCERPT_WIDTH).collect();
    let mut column = column.saturating_sub(start);
    if start > 0 {
        out.insert(0, '…');
        column += usize::from(column > 0);
    }
    if start + EXCERPT_WIDTH < len {
        out.push('…');
    }
    (out, column)
}

/// The findings of one run, in the order they were found until `sorted` is called.
#[derive(Debug, Default, Clone)]
pub struct Findings {
    pub items: Vec<Finding>,
}

impl Findings {
    pub fn push(&mut self, f: Finding) {
        self.items.push(f);
    }

    pub fn extend(&mut self, other: impl IntoIterator<Item = Finding>) {
        self.items.extend(other);
    }

    pub fn errors(&self) -> usize {
        self.items.iter().filter(|f| f.severity == Severity::Error).count()
    }

    pub fn warnings(&self) -> usize {
        self.items.iter().filter(|f| f.severity == Severity::Warning).count()
    }

    pub fn has_errors(&self) -> bool {
        self.errors() > 0
    }

    /// Order by file, then line, so reports read top to bottom and are deterministic.
    pub fn sort(&mut self) {
        self.items.sort_by(|a, b| {
            (&a.file, a.line, a.column, a.code, &a.message).cmp(&(&b.file, b.line, b.column, b.code, &b.message))
        });
        self.items.dedup();
    }

    /// The human report: every finding, then a summary line.
    pub fn render(&self) -> String {
        let mut out = String::new();
        for f in &self.items {
            out.push_str(&f.render());
            out.push_str("\n\n");
        }
        out.push_str(&self.summary());
        out
    }

    /// Like `render`, but with at most `max_warnings` warnings in full: every error, then a
    /// count of the warnings left out by code (for `build`, whose job is the site, not the
    /// list; `check` shows everything).
    pub fn render_brief(&self, max_warnings: usize) -> String {
        let mut out = String::new();
        let mut shown = 0;
        let mut left: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
        for f in &self.items {
            if f.severity == Severity::Warning {
                if shown == max_warnings {
                    *left.entry(f.code).or_default() += 1;
                    continue;
                }
                shown += 1;
            }
            out.push_str(&f.render());
            out.push_str("\n\n");
        }
        if !left.is_empty() {
            let total: usize = left.values().sum();
            let by_code: Vec<String> = left.iter().map(|(c, n)| format!("{c}: {n}")).collect();
            out.push_str(&format!(
                "… and {total} more warning{} ({}); `dossier check` lists them all\n",
                if total == 1 { "" } else { "s" },
                by_code.join(", ")
            ));
        }
        out.push_str(&self.summary());
        out
    }

    /// `2 errors, 1 warning`, or `no problems found`.
    pub fn summary(&self) -> String {
        let count = |n: usize, what: &str| format!("{n} {what}{}", if n == 1 { "" } else { "s" });
        match (self.errors(), self.warnings()) {
            (0, 0) => "no problems found".to_string(),
            (e, w) => format!("{}, {}", count(e, "error"), count(w, "warning")),
        }
    }

    /// One JSON object per line, for editors and CI.
    pub fn render_json(&self) -> String {
        let mut out = String::new();
        for f in &self.items {
            out.push_str(&serde_json::to_string(f).unwrap_or_default());
            out.push('\n');
        }
        out
    }
}

/// The display form of a path relative to the site root (`content/briefings/x.md`).
pub fn display_path(root: &Path, path: &Path) -> String {
    let rel: PathBuf = path.strip_prefix(root).map(Path::to_path_buf).unwrap_or_else(|_| path.to_path_buf());
    rel.to_string_lossy().replace('\\', "/")
}

/// The closest candidate to `word` by edit distance, if it is close enough to be a useful
/// "did you mean …?".
pub fn suggest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let mut best: Option<(f64, &str)> = None;
    for c in candidates {
        let score = strsim::jaro_winkler(&word.to_lowercase(), &c.to_lowercase());
        if score > 0.8 && best.is_none_or(|(s, _)| score > s) {
            best = Some((score, c));
        }
    }
    best.map(|(_, c)| c)
}

/// 1-based line and column (in characters) of byte offset `pos` in `text`.
pub fn line_col(text: &str, pos: usize) -> (usize, usize) {
    let pos = pos.min(text.len());
    let before = &text[..pos];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = text[line_start..pos].chars().count() + 1;
    (line, col)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_place_excerpt_caret_and_hint() {
        let src = "title: x\nactors: [putn]\n";
        let f = Finding::error("content/a.md", "unknown-actor", "unknown actor `putn`")
            .at(src, 2, 10)
            .hint("did you mean `putin`?");
        let r = f.render();
        assert!(r.starts_with("content/a.md:2:10: error[unknown-actor]: unknown actor `putn`"));
        assert!(r.contains("2 | actors: [putn]"));
        assert!(r.contains("  |          ^"));
        assert!(r.ends_with("= hint: did you mean `putin`?"));
    }

    #[test]
    fn long_lines_are_clipped_around_the_caret() {
        let line = format!("{}X{}", "a".repeat(5000), "b".repeat(5000));
        let r = Finding::error("a.md", "yaml-syntax", "m").at(&line, 1, 5001).render();
        let shown = r.lines().nth(2).unwrap().trim_start_matches("1 | ");
        let caret = r.lines().nth(3).unwrap().trim_start_matches("  | ");
        assert!(shown.chars().count() <= EXCERPT_WIDTH + 2 && shown.starts_with('…') && shown.ends_with('…'));
        assert_eq!(shown.chars().nth(caret.len() - 1), Some('X'), "{shown}\n{caret}");
        let r = Finding::error("a.md", "c", "m").at(&line, 1, 3).render();
        assert!(r.lines().nth(2).unwrap().ends_with("a…") && r.lines().nth(3).unwrap().ends_with("  ^"));
    }

    #[test]
    fn control_characters_of_the_input_are_shown_escaped() {
        let src = "title: \"\u{1b}[2J\u{7}\"\nby: \u{1b}]0;x\u{7}nobody\n";
        let f = Finding::error("content/\u{1b}[31m.md", "unknown-actor", "unknown actor `\u{1b}]0;x\u{7}nobody`")
            .at(src, 2, 11)
            .hint("did you mean `\u{202e}x`?");
        let r = f.render();
        assert!(!r.chars().any(|c| c.is_control() && c != '\n'), "{r:?}");
        assert!(
            r.starts_with("content/\\u{1b}[31m.md:2:11: error[unknown-actor]: unknown actor `\\u{1b}]0;x\\u{7}nobody`")
        );
        let caret = format!("2 | by: \\u{{1b}}]0;x\\u{{7}}nobody\n  | {}^", " ".repeat(19));
        assert!(r.contains(&caret), "caret under `n`: {r}");
        assert!(r.ends_with("= hint: did you mean `\\u{202e}x`?"));
        let json = Findings { items: vec![f] }.render_json();
        assert!(json.contains(r#""message":"unknown actor `\\u{1b}]0;x\\u{7}nobody`""#), "{json}");
        assert!(json.contains(r#""file":"content/\\u{1b}[31m.md""#) && json.contains(r#"\\u{202e}x"#), "{json}");
    }

    #[test]
    fn line_col_counts_characters() {
        let t = "ab\nçd x";
        assert_eq!(line_col(t, t.find('x').unwrap()), (2, 4));
    }

    #[test]
    fn suggest_finds_close_names() {
        assert_eq!(suggest("titel", ["title", "date", "tags"]), Some("title"));
        assert_eq!(suggest("zzz", ["title", "date"]), None);
    }
}

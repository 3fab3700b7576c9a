//! Where each value of a front matter block stands, so findings can name a line and column.
//!
//! serde_yaml hands back values without positions. Authors write block-style YAML, so one pass
//! over the lines, tracking indentation, recovers the position of every key and list item as a
//! path in the same notation `serde_path_to_error` uses (`quotes[2].by`). Flow collections
//! (`[a, b]`) get their items located too; anything more exotic falls back to the nearest parent.
//!
//! The locator also knows what reading the front matter left out (`Failures`): later stages
//! ask for positions in terms of what they read (the third quote that was read may be the
//! fourth written), and whether a value they miss failed (and was reported) or was never there.

type HashMap<K, V> = std::collections::HashMap<K, V, xxhash_rust::xxh3::Xxh3DefaultBuilder>;
use std::borrow::Cow;
use std::collections::BTreeSet;
use std::sync::{Arc, OnceLock};

type Spots = HashMap<String, ((usize, usize), (usize, usize))>;

/// Positions of the values of one YAML document, as file lines and columns (both 1-based).
///
/// The index is built on the first question: most documents have no finding, and a build of
/// ten thousand of them should not pay for positions nobody asks for. Clones share the text
/// and the index, so a document kept between rebuilds indexes its front matter once.
#[derive(Debug, Default, Clone)]
pub struct Locator {
    yaml: Arc<str>,
    first_line: usize,
    /// path → (line, column) of the key (or list item), and of its value.
    spots: Arc<OnceLock<Spots>>,
    failures: Arc<Failures>,
}

/// What reading a front matter left out, with paths as written (`quotes[3].by`).
#[derive(Debug, Default, Clone)]
pub struct Failures {
    /// The values that failed (and got a finding), and the fields unknown.
    failed: BTreeSet<String>,
    /// For each list with items left out, their indexes, in order.
    removed: HashMap<String, Vec<usize>>,
}

impl Failures {
    /// `failed`: paths of the values with a finding; `removed`: (list path, index) of the list
    /// items left out.
    pub fn new(failed: impl IntoIterator<Item = String>, removed: Vec<(String, usize)>) -> Self {
        let mut lists: HashMap<String, Vec<usize>> = HashMap::default();
        for (list, i) in removed {
            lists.entry(list).or_default().push(i);
        }
        lists.values_mut().for_each(|v| v.sort_unstable());
        Failures { failed: failed.into_iter().collect(), removed: lists }
    }

    /// The path as written of `path` as read: each list index moved past the items left out
    /// before it.
    fn written<'p>(&self, path: &'p str) -> Cow<'p, str> {
        if self.removed.is_empty() || !path.contains('[') {
            return Cow::Borrowed(path);
        }
        let mut out = String::with_capacity(path.len() + 4);
        let mut rest = path;
        while let Some(open) = rest.find('[') {
            out.push_str(&rest[..open]);
            let Some(close) = rest[open..].find(']').map(|c| open + c) else { break };
            let index: Option<usize> = rest[open + 1..close].parse().ok();
            match (index, self.removed.get(&out)) {
                (Some(i), Some(gone)) => out.push_str(&format!("[{}]", i + removed_before(gone, i))),
                _ => out.push_str(&rest[open..=close]),
            }
            rest = &rest[close + 1..];
        }
        out.push_str(rest);
        Cow::Owned(out)
    }
}

struct Frame {
    indent: usize,
    path: String,
    seq: bool,
    next: usize,
}

fn join(parent: &str, key: &str) -> String {
    if parent.is_empty() {
        key.to_string()
    } else {
        format!("{parent}.{key}")
    }
}

fn indent_of(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

fn col(line: &str, byte: usize) -> usize {
    line[..byte.min(line.len())].chars().count() + 1
}

/// Split `key: value` at the colon that ends the key (outside quotes); `None` if not a key line.
fn split_key(s: &str) -> Option<(String, usize)> {
    let bytes = s.as_bytes();
    let (key, after) = if bytes.first() == Some(&b'"') || bytes.first() == Some(&b'\'') {
        let q = bytes[0] as char;
        let end = s[1..].find(q)? + 1;
        (s[1..end].to_string(), end + 1)
    } else {
        let mut i = 0;
        loop {
            let c = s[i..].find(':')? + i;
            let next = s[c + 1..].chars().next();
            if next.is_none() || next == Some(' ') || next == Some('\t') {
                break (s[..c].trim_end().to_string(), c);
            }
            i = c + 1;
        }
    };
    if !s[after..].starts_with(':') || key.is_empty() || key.starts_with('[') || key.starts_with('{') {
        return None;
    }
    Some((key, after + 1))
}

/// End of a flow scalar starting at `i`: a quoted string, or up to `,` `]` `}` (or `:` for keys).
fn scalar_end(line: &str, i: usize, key: bool) -> usize {
    let bytes = line.as_bytes();
    if i < bytes.len() && (bytes[i] == b'"' || bytes[i] == b'\'') {
        let q = bytes[i];
        let mut j = i + 1;
        while j < bytes.len() && bytes[j] != q {
            j += if bytes[j] == b'\\' && q == b'"' { 2 } else { 1 };
        }
        return (j + 1).min(bytes.len());
    }
    let mut j = i;
    while j < bytes.len() {
        let b = bytes[j];
        if b == b',' || b == b']' || b == b'}' || (key && b == b':') {
            break;
        }
        j += 1;
    }
    j
}

/// How many of the items left out (`gone`, sorted) come before the `i`-th item kept. The
/// `k`-th left out has `gone[k] - k` kept items before it, which never decreases: a binary
/// search, as a list may have thousands left out.
fn removed_before(gone: &[usize], i: usize) -> usize {
    let (mut lo, mut hi) = (0, gone.len());
    while lo < hi {
        let mid = (lo + hi) / 2;
        if gone[mid] - mid <= i {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    lo
}

impl Locator {
    /// A locator for `yaml`, whose first line is line `first_line` of the file.
    pub fn new(yaml: &str, first_line: usize) -> Self {
        Locator { yaml: yaml.into(), first_line, spots: Arc::new(OnceLock::new()), failures: Arc::default() }
    }

    /// This locator, knowing what reading its front matter left out.
    pub fn with_failures(mut self, failures: Failures) -> Self {
        self.failures = Arc::new(failures);
        self
    }

    /// Whether the value at `path` (as read) failed and was reported.
    pub fn failed(&self, path: &str) -> bool {
        !self.failures.failed.is_empty() && self.failures.failed.contains(self.failures.written(path).as_ref())
    }

    /// Whether anything in the front matter failed and was reported.
    pub fn failed_anywhere(&self) -> bool {
        !self.failures.failed.is_empty()
    }

    /// Whether the value at `path` (as read), or anything in it, failed and was reported:
    /// what is read of it may lack what was meant.
    pub fn failed_within(&self, path: &str) -> bool {
        if self.failures.failed.is_empty() {
            return false;
        }
        let path = self.failures.written(path);
        let inside = |p: &&String| p.len() == path.len() || matches!(p.as_bytes()[path.len()], b'.' | b'[');
        self.failures.failed.range(path.to_string()..).take_while(|p| p.starts_with(path.as_ref())).any(|p| inside(&p))
    }

    fn spots(&self) -> &Spots {
        self.spots.get_or_init(|| index(&self.yaml, self.first_line))
    }
}

/// Index every key and list item of block-style `yaml`.
fn index(yaml: &str, first_line: usize) -> Spots {
    let mut loc = Indexer { spots: HashMap::default() };
    let mut stack: Vec<Frame> = vec![Frame { indent: 0, path: String::new(), seq: false, next: 0 }];
    let mut pending: Option<(String, usize)> = None;
    let mut block_scalar: Option<usize> = None;
    for (n, line) in yaml.lines().enumerate() {
        let file_line = first_line + n;
        let trimmed = line.trim_start_matches(' ');
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let indent = indent_of(line);
        if let Some(bi) = block_scalar {
            if indent > bi {
                continue;
            }
            block_scalar = None;
        }
        let is_dash = trimmed == "-" || trimmed.starts_with("- ");
        if let Some((path, pi)) = pending.take() {
            if is_dash && indent >= pi {
                stack.push(Frame { indent, path, seq: true, next: 0 });
            } else if indent > pi {
                stack.push(Frame { indent, path, seq: false, next: 0 });
            }
        }
        while stack.len() > 1 {
            let top = stack.last().expect("stack has a root"); // invariant: the root frame is never popped
            if top.indent > indent || (top.indent == indent && top.seq && !is_dash) {
                stack.pop();
            } else {
                break;
            }
        }
        loc.line_in_frame(&mut stack, line, indent, file_line, &mut pending, &mut block_scalar);
    }
    loc.spots
}

struct Indexer {
    spots: Spots,
}

impl Indexer {
    fn line_in_frame(
        &mut self,
        stack: &mut Vec<Frame>,
        line: &str,
        indent: usize,
        file_line: usize,
        pending: &mut Option<(String, usize)>,
        block_scalar: &mut Option<usize>,
    ) {
        let mut offset = indent;
        let mut rest = &line[indent..];
        let mut key_indent = indent;
        let top = stack.last_mut().expect("stack has a root"); // invariant: the root frame is never popped
        let mut parent = top.path.clone();
        if top.seq && (rest == "-" || rest.starts_with("- ")) {
            let item = format!("{}[{}]", top.path, top.next);
            top.next += 1;
            let after = rest[1..].len() - rest[1..].trim_start().len() + 1;
            offset += after;
            rest = &line[offset..];
            let spot = (file_line, col(line, offset));
            self.spots.insert(item.clone(), (spot, spot));
            if rest.is_empty() {
                *pending = Some((item, indent));
                return;
            }
            if split_key(rest).is_some() {
                stack.push(Frame { indent: offset, path: item.clone(), seq: false, next: 0 });
                parent = item;
                key_indent = offset;
            } else {
                self.flow_items(&item, line, offset, file_line);
                return;
            }
        }
        let Some((key, after)) = split_key(rest) else { return };
        let path = join(&parent, &key);
        let key_spot = (file_line, col(line, offset));
        let value = &rest[after..];
        let value_start = offset + after + (value.len() - value.trim_start().len());
        let value_trim = value.trim();
        let value_spot = if value_trim.is_empty() { key_spot } else { (file_line, col(line, value_start)) };
        self.spots.insert(path.clone(), (key_spot, value_spot));
        if value_trim.is_empty() || value_trim.starts_with('#') {
            *pending = Some((path, key_indent));
        } else if value_trim.starts_with('|') || value_trim.starts_with('>') {
            *block_scalar = Some(key_indent);
        } else {
            self.flow_items(&path, line, value_start, file_line);
        }
    }

    /// Locate the items of a one-line flow collection (`[a, b]`, `{k: v}`, nested) starting at
    /// byte `start` of `line`.
    fn flow_items(&mut self, path: &str, line: &str, start: usize, file_line: usize) {
        if line[start..].starts_with('[') || line[start..].starts_with('{') {
            let mut cols = Cols { line, byte: 0, col: 1, ascii: line.is_ascii() };
            self.flow(Some(path), line, start, file_line, &mut cols);
        }
    }

    /// Scan the flow collection opening at `at`; returns the byte after its closing bracket.
    /// Its items are located when `path` is given, down to `LOCATED_DEPTH` (no struct of the
    /// front matter goes deeper, and a megabyte of nested lists would otherwise fill the
    /// index with paths nobody asks for); deeper ones are only skipped over.
    fn flow(&mut self, path: Option<&str>, line: &str, at: usize, file_line: usize, cols: &mut Cols) -> usize {
        let bytes = line.as_bytes();
        let is_map = bytes[at] == b'{';
        let close = if is_map { b'}' } else { b']' };
        let path = path.filter(|p| p.bytes().filter(|&b| b == b'[' || b == b'.').count() < LOCATED_DEPTH);
        let mut i = at + 1;
        let mut index = 0;
        loop {
            while i < bytes.len() && (bytes[i] == b' ' || bytes[i] == b',') {
                i += 1;
            }
            if i >= bytes.len() || bytes[i] == close {
                return i + 1;
            }
            let item_start = i;
            let (item_path, value_at) = if is_map {
                let key_end = scalar_end(line, i, true);
                let mut v = key_end + 1;
                while v < bytes.len() && bytes[v] == b' ' {
                    v += 1;
                }
                let p = path.map(|path| join(path, line[i..key_end].trim().trim_matches(['"', '\''])));
                if let Some(p) = &p {
                    self.spots.insert(p.clone(), ((file_line, cols.at(item_start)), (file_line, cols.at(v))));
                }
                (p, v)
            } else {
                let p = path.map(|path| format!("{path}[{index}]"));
                if let Some(p) = &p {
                    let spot = (file_line, cols.at(item_start));
                    self.spots.insert(p.clone(), (spot, spot));
                }
                (p, item_start)
            };
            index += 1;
            i = if value_at < bytes.len() && (bytes[value_at] == b'[' || bytes[value_at] == b'{') {
                self.flow(item_path.as_deref(), line, value_at, file_line, cols)
            } else {
                scalar_end(line, value_at, false)
            };
        }
    }
}

/// How many levels of a path the index holds (`events[0].actors[1]` is four).
const LOCATED_DEPTH: usize = 6;

/// Columns of one line, counted forward from the last one asked: the items of a long flow
/// line are located in one pass over it, not one pass per item.
struct Cols<'l> {
    line: &'l str,
    byte: usize,
    col: usize,
    ascii: bool,
}

impl Cols<'_> {
    fn at(&mut self, byte: usize) -> usize {
        if self.ascii {
            return byte.min(self.line.len()) + 1;
        }
        if byte < self.byte {
            (self.byte, self.col) = (0, 1);
        }
        let byte = byte.min(self.line.len());
        self.col += self.line[self.byte..byte].chars().count();
        self.byte = byte;
        self.col
    }
}

/// Where something in a front matter is written, found when asked. A definition keeps one for
/// findings that are rarely made (a conflict, a source nothing cites), so that a document with
/// no finding is never indexed.
#[derive(Debug, Clone)]
pub enum Spot {
    /// A known line and column.
    At(usize, usize),
    /// The key (or list item) at a path of a front matter.
    Key(Locator, String),
    /// The value at a path of a front matter.
    Value(Locator, String),
}

/// A spot hashes as what it is made of: a position, or a path of its document's front matter
/// (with the document's text, all that decides where it is), so that a key can take it without
/// indexing the front matter.
impl std::hash::Hash for Spot {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        match self {
            Spot::At(l, c) => (0u8, l, c).hash(h),
            Spot::Key(_, path) => (1u8, path).hash(h),
            Spot::Value(_, path) => (2u8, path).hash(h),
        }
    }
}

impl Spot {
    /// Its line and column (both 1-based).
    pub fn line_col(&self) -> (usize, usize) {
        match self {
            Spot::At(l, c) => (*l, *c),
            Spot::Key(loc, path) => loc.key(path),
            Spot::Value(loc, path) => loc.value(path),
        }
    }
}

impl Locator {
    fn origin(&self) -> usize {
        self.first_line.saturating_sub(1).max(1)
    }

    /// Position of the key (or list item) at `path`, or of its nearest located parent.
    pub fn key(&self, path: &str) -> (usize, usize) {
        self.find(path).map_or((self.origin(), 0), |s| s.0)
    }

    /// Position of the value at `path`, or of its nearest located parent.
    pub fn value(&self, path: &str) -> (usize, usize) {
        self.find(path).map_or((self.origin(), 0), |s| s.1)
    }

    fn find(&self, path: &str) -> Option<((usize, usize), (usize, usize))> {
        let written = self.failures.written(path);
        let mut p = written.as_ref();
        loop {
            if let Some(s) = self.spots().get(p) {
                return Some(*s);
            }
            let cut = p.rfind(['.', '['])?;
            p = &p[..cut];
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "title: A\nactors:\n  - putin\n  - id: kim\n    name: Kim\nquotes:\n- by: kim\n  text: |\n    x: y\n  date: 2024\ntags: [a, \"b, c\", d]\nsource:\n  name: Paper\nevents:\n  - {date: \"1953/1950\", title: War, actors: [a, b]}\n";

    #[test]
    fn locates_keys_items_and_nested_fields() {
        let l = Locator::new(DOC, 2);
        assert_eq!(l.value("title"), (2, 8));
        assert_eq!(l.key("actors[0]"), (4, 5));
        assert_eq!(l.key("actors[1]"), (5, 5));
        assert_eq!(l.value("actors[1].name"), (6, 11));
        assert_eq!(l.key("quotes[0].by"), (8, 3));
        assert_eq!(l.key("quotes[0].date"), (11, 3));
        assert_eq!(l.key("tags[1]"), (12, 11));
        assert_eq!(l.key("tags[2]"), (12, 19));
        assert_eq!(l.value("source.name"), (14, 9));
        assert_eq!(l.value("events[0].date"), (16, 12));
        assert_eq!(l.value("events[0].title"), (16, 32));
        assert_eq!(l.key("events[0].actors[1]"), (16, 49));
    }

    #[test]
    fn paths_as_read_are_found_where_they_are_written() {
        let failures = Failures::new(
            ["actors[1]".to_string(), "actors[3]".into(), "quotes[0].txt".into(), "title".into()],
            vec![("actors".into(), 1), ("actors".into(), 3), ("events[2].actors".into(), 0)],
        );
        let l = Locator::new(DOC, 2).with_failures(failures.clone());
        assert_eq!(failures.written("actors[0]"), "actors[0]");
        assert_eq!(failures.written("actors[1]"), "actors[2]");
        assert_eq!(failures.written("actors[2].name"), "actors[4].name");
        assert_eq!(failures.written("events[2].actors[0]"), "events[2].actors[1]");
        assert_eq!(failures.written("quotes[1]"), "quotes[1]");
        assert_eq!(l.key("actors[0]"), (4, 5));
        assert!(l.failed("title") && !l.failed("date") && !l.failed("quotes[0]"));
        assert!(l.failed_within("quotes[0]") && l.failed_within("quotes") && l.failed_within("actors"));
        assert!(!l.failed_within("quotes[1]") && !l.failed_within("actor") && !l.failed_within("tags"));
        assert_eq!([0, 1, 2, 3].map(|i| removed_before(&[0, 1, 5], i)), [2, 2, 2, 3]);
    }

    #[test]
    fn falls_back_to_parent() {
        let l = Locator::new(DOC, 2);
        assert_eq!(l.key("quotes[0].context"), l.key("quotes[0]"));
        assert_eq!(l.key("nothing.at.all"), (1, 0));
    }
}

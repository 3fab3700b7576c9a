//! How deeply a YAML text nests and how many values it holds, measured in one pass before it
//! is parsed.
//!
//! libyaml (under serde_yaml) looks at every open flow collection (`[`, `{`) for each token it
//! reads, so a front matter of tens of thousands of `[` costs time in the square of its depth
//! before serde_yaml's own limit refuses it: minutes for a megabyte, during which `serve` would
//! answer nothing. And serde_yaml keeps every event of a document, then every value, some
//! hundreds of bytes each: ten megabytes of `[a, a, a, …` take seconds and gigabytes. Front
//! matter nests a few levels and holds some thousands of values; this scan finds the place
//! where a text goes deeper than `MAX_DEPTH` or holds more than `MAX_VALUES`, in time linear in
//! its length, so such a text is refused before libyaml reads it.
//!
//! The scan follows the YAML syntax far enough to count what libyaml counts: flow brackets and
//! scalars outside quoted scalars, comments and block scalars; block levels by indentation and
//! by compact `- ` / `? ` indicators. Where it is unsure it counts less, never more: a text it
//! lets through is still parsed (and refused by serde_yaml if it is deeper than serde_yaml
//! allows).

/// The deepest nesting of lists and maps a front matter may have: the deepest a briefing
/// needs is four (`events`, an event, its `actors`, an id), and libyaml's cost per token grows
/// with the depth.
pub const MAX_DEPTH: usize = 64;

/// The most values a front matter may hold, a flow list or map counting as `COLLECTION`
/// values and a scalar as one: serde_yaml reads this many in under a second (a list or map
/// costs it about three times a scalar, in time and memory). A briefing annotating 100,000
/// actors, each with an id, a name, a kind and a role, holds 1.2 million.
pub const MAX_VALUES: usize = 1_500_000;

/// What a flow list or map counts for in `MAX_VALUES`.
const COLLECTION: usize = 3;

/// Why a text is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Too {
    /// It nests deeper than `MAX_DEPTH`.
    #[default]
    Deep,
    /// It holds more than `MAX_VALUES` values.
    Many,
}

/// Where `yaml` first nests deeper than `MAX_DEPTH` or holds a value too many, and which: the
/// line (counted from 1 at the first line of `yaml`) and column (in characters, from 1) of the
/// bracket, indicator or value that crosses the limit.
pub fn refused(yaml: &str) -> Option<(usize, usize, Too)> {
    let mut s = Scan::default();
    for (n, line) in yaml.split('\n').enumerate() {
        if let Some(byte) = s.line(line.strip_suffix('\r').unwrap_or(line)) {
            return Some((n + 1, line[..byte].chars().count() + 1, s.too));
        }
    }
    None
}

/// What is open at the end of a line.
#[derive(Default)]
struct Scan {
    /// Columns of the open block collections (their content's indentation).
    blocks: Vec<usize>,
    /// Open flow collections.
    flow: usize,
    /// Inside a quoted scalar that continues on the next line: its quote character.
    quote: Option<u8>,
    /// Inside a block scalar (`|`, `>`) whose lines are indented more than this.
    block_scalar: Option<usize>,
    /// After a plain scalar value at this indentation: more indented lines continue it.
    plain: Option<usize>,
    /// In flow context, inside a plain scalar (a quote there is text, not a quote).
    in_plain: bool,
    /// Values seen so far.
    values: usize,
    /// Which limit was crossed.
    too: Too,
}

impl Scan {
    /// Scan one line; the byte where the nesting gets too deep, if it does.
    fn line(&mut self, line: &str) -> Option<usize> {
        let b = line.as_bytes();
        let indent = b.iter().take_while(|&&c| c == b' ').count();
        let blank = indent == b.len() || b[indent] == b'#';
        if let Some(q) = self.quote {
            let end = close_quote(b, 0, q)?;
            self.quote = None;
            return self.rest(b, end);
        }
        if self.flow > 0 {
            return self.flow_from(b, 0);
        }
        if let Some(parent) = self.block_scalar {
            if blank || indent > parent {
                return None;
            }
            self.block_scalar = None;
        }
        if let Some(parent) = self.plain {
            if blank || indent > parent {
                return None;
            }
            self.plain = None;
        }
        if blank {
            return None;
        }
        while self.blocks.last().is_some_and(|&c| c > indent) {
            self.blocks.pop();
        }
        if self.blocks.last() != Some(&indent) {
            self.blocks.push(indent);
            if self.deeper() {
                return Some(indent);
            }
        }
        self.node(b, indent, indent)
    }

    fn depth(&self) -> usize {
        self.blocks.len() + self.flow
    }

    /// Count a value of `weight`; whether it is one too many.
    fn value(&mut self, weight: usize) -> bool {
        self.values += weight;
        if self.values > MAX_VALUES {
            self.too = Too::Many;
            return true;
        }
        false
    }

    /// Open a level; whether it is one too deep.
    fn deeper(&mut self) -> bool {
        self.too = Too::Deep;
        self.depth() > MAX_DEPTH
    }

    /// A block node starting at byte `i`, the value of a key or item at column `col` (its
    /// continuation lines, if it is a plain or block scalar, are indented more than `col`).
    fn node(&mut self, b: &[u8], mut i: usize, mut col: usize) -> Option<usize> {
        // Compact indicators: `- - x`, `? x`, `: x` each open a level at their content.
        while i < b.len() && matches!(b[i], b'-' | b'?' | b':') && b.get(i + 1).is_none_or(|&c| c == b' ') {
            let at = i;
            col = at;
            i = skip_spaces(b, i + 1);
            if b[at] != b':' {
                self.blocks.push(i);
                if self.deeper() || self.value(1) {
                    return Some(at);
                }
            }
        }
        i = skip_properties(b, i);
        if matches!(b.get(i), Some(b'"' | b'\'' | b'|' | b'>')) && self.value(1) {
            return Some(i);
        }
        match b.get(i) {
            None | Some(b'#') => None,
            Some(b'[' | b'{') => self.flow_from(b, i),
            Some(&q @ (b'"' | b'\'')) => match close_quote(b, i + 1, q) {
                Some(end) => self.rest(b, end),
                None => {
                    self.quote = Some(q);
                    None
                }
            },
            Some(b'|' | b'>') => {
                self.block_scalar = Some(col);
                None
            }
            Some(_) if self.value(1) => Some(i),
            Some(_) => match key_end(b, i) {
                // `key: value`: the value is a node of its own.
                Some(after) => self.node(b, skip_spaces(b, after), i),
                None => {
                    self.plain = Some(col);
                    None
                }
            },
        }
    }

    /// What follows a closed scalar or flow collection on a block line: `: value` or nothing.
    fn rest(&mut self, b: &[u8], i: usize) -> Option<usize> {
        if self.flow > 0 {
            return self.flow_from(b, i);
        }
        let i = skip_spaces(b, i);
        if b.get(i) == Some(&b':') && b.get(i + 1).is_none_or(|&c| c == b' ') {
            let col = self.blocks.last().copied().unwrap_or(0);
            return self.node(b, skip_spaces(b, i + 1), col);
        }
        None
    }

    /// Scan flow context from byte `i`: count brackets outside quoted scalars and comments.
    fn flow_from(&mut self, b: &[u8], mut i: usize) -> Option<usize> {
        while i < b.len() {
            match b[i] {
                b'[' | b'{' => {
                    self.flow += 1;
                    self.in_plain = false;
                    if self.deeper() || self.value(COLLECTION) {
                        return Some(i);
                    }
                }
                b']' | b'}' => {
                    self.flow = self.flow.saturating_sub(1);
                    self.in_plain = false;
                    if self.flow == 0 {
                        return self.rest(b, i + 1);
                    }
                }
                b',' => self.in_plain = false,
                b'#' if i == 0 || b[i - 1] == b' ' || b[i - 1] == b'\t' => return None,
                b':' if b.get(i + 1).is_none_or(|&c| matches!(c, b' ' | b',' | b']' | b'}')) => self.in_plain = false,
                b' ' | b'\t' => {}
                b'"' | b'\'' if !self.in_plain && self.value(1) => return Some(i),
                q @ (b'"' | b'\'') if !self.in_plain => match close_quote(b, i + 1, q) {
                    Some(end) => {
                        i = end;
                        continue;
                    }
                    None => {
                        self.quote = Some(q);
                        return None;
                    }
                },
                _ if !self.in_plain && self.value(1) => return Some(i),
                _ => self.in_plain = true,
            }
            i += 1;
        }
        None
    }
}

/// The byte after the quote that closes a scalar opened by `q`, from byte `i`; `None` if it
/// does not close on this line. `''` is a quote in single quotes; `\` escapes in double ones.
fn close_quote(b: &[u8], mut i: usize, q: u8) -> Option<usize> {
    while i < b.len() {
        if q == b'"' && b[i] == b'\\' {
            i += 2;
            continue;
        }
        if b[i] == q {
            if q == b'\'' && b.get(i + 1) == Some(&b'\'') {
                i += 2;
                continue;
            }
            return Some(i + 1);
        }
        i += 1;
    }
    None
}

fn skip_spaces(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && (b[i] == b' ' || b[i] == b'\t') {
        i += 1;
    }
    i
}

/// Skip anchors and tags (`&name `, `!tag `) before a node.
fn skip_properties(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && (b[i] == b'&' || b[i] == b'!') {
        while i < b.len() && b[i] != b' ' {
            i += 1;
        }
        i = skip_spaces(b, i);
    }
    i
}

/// The byte after the `:` that ends a plain key starting at `i` (a `:` followed by a space or
/// the end of the line, before any comment); `None` if the line holds no key there.
fn key_end(b: &[u8], i: usize) -> Option<usize> {
    let mut j = i;
    while j < b.len() {
        match b[j] {
            b':' if b.get(j + 1).is_none_or(|&c| c == b' ' || c == b'\t') => return Some(j + 1),
            b'#' if b[j - 1] == b' ' => return None,
            _ => j += 1,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn too_deep(yaml: &str) -> Option<(usize, usize)> {
        refused(yaml).map(|(line, col, too)| {
            assert_eq!(too, Too::Deep);
            (line, col)
        })
    }

    #[test]
    fn real_front_matter_is_shallow() {
        let yaml = "title: \"A [b\" # [[[\nsummary: it's [not] {a} list\ntags: [a, 'b]', \"c}\"]\nactors:\n  - id: k\n    aliases: [K, 'Kim''s [x']\n  - [a, [b, {c: [d]}]]\nbody: |\n  [[[[[[[[[[[[\n  {{{{{{{{{{{{\nquotes:\n- by: a\n  text: >-\n    [[[[[[\n";
        assert_eq!(too_deep(yaml), None);
    }

    #[test]
    fn flow_nesting_is_refused_at_the_bracket_too_many() {
        let yaml = format!("title: T\nsummary: {}\n", "[".repeat(10_000));
        assert_eq!(too_deep(&yaml), Some((2, 10 + MAX_DEPTH - 1)));
        let ok = format!("a: {}x{}\n", "[".repeat(MAX_DEPTH - 1), "]".repeat(MAX_DEPTH - 1));
        assert_eq!(too_deep(&ok), None, "the root map and {} lists", MAX_DEPTH - 1);
        let maps = format!("a: {}x\n", "{a: ".repeat(MAX_DEPTH));
        assert_eq!(too_deep(&maps), Some((1, 4 + 4 * (MAX_DEPTH - 1))));
    }

    #[test]
    fn flow_collections_spanning_lines_and_quotes_are_followed() {
        let split = format!("a: [\n{}\n]\n", "[ \"]]]\"\n".repeat(MAX_DEPTH));
        assert_eq!(too_deep(&split), Some((MAX_DEPTH, 1)));
        let closed = "a: [\"x\n]]]]\", [b]]\nc: [[\n]]\n".to_string() + &"d: [[[[]]]]\n".repeat(100);
        assert_eq!(too_deep(&closed), None);
    }

    #[test]
    fn block_nesting_counts_indentation_and_compact_indicators() {
        let dashes = format!("a:\n  {}x\n", "- ".repeat(100));
        assert_eq!(too_deep(&dashes), Some((2, 3 + 2 * (MAX_DEPTH - 2))));
        let mut indented = String::new();
        for level in 0..100 {
            indented.push_str(&format!("{}k{level}:\n", " ".repeat(level)));
        }
        assert_eq!(too_deep(&indented), Some((MAX_DEPTH + 1, MAX_DEPTH + 1)));
    }

    #[test]
    fn plain_and_block_scalars_may_hold_brackets_on_more_indented_lines() {
        let yaml = format!("summary: a long\n  {}\nnext: |\n  {}\nlast: x\n", "[".repeat(500), "{".repeat(500));
        assert_eq!(too_deep(&yaml), None);
    }

    #[test]
    fn a_text_holding_too_many_values_is_refused_at_the_value_too_many() {
        // `tags`, the list, then the items: item k (from 1) brings the count to k + 1 + COLLECTION.
        let flow = format!("tags: [{}]\n", "a, ".repeat(MAX_VALUES + 10));
        let item = MAX_VALUES - COLLECTION;
        assert_eq!(refused(&flow), Some((1, 8 + 3 * (item - 1), Too::Many)));
        let lists = format!("tags: [{}]\n", "[], ".repeat(MAX_VALUES));
        let list = (MAX_VALUES - 1) / COLLECTION;
        assert_eq!(refused(&lists), Some((1, 8 + 4 * (list - 1), Too::Many)));
        // `tags`, then a dash and an item per line: line n (from 2) holds values 2n - 2, 2n - 1.
        let block = format!("tags:\n{}", "- a\n".repeat(MAX_VALUES));
        assert_eq!(refused(&block), Some((MAX_VALUES / 2 + 1, 3, Too::Many)));
    }

    #[test]
    fn a_hundred_thousand_actors_are_not_too_many() {
        let actor = "  - {id: actor-1, name: Kim Jong Un, kind: person, role: Leader}\n";
        let yaml = format!("title: T\nactors:\n{}", actor.repeat(100_000));
        assert_eq!(refused(&yaml), None);
    }
}

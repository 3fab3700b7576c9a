//! Splitting a markdown file into its YAML front matter and its body.
//!
//! Line endings are normalised before splitting (CRLF and lone CR become LF, a leading BOM is
//! dropped) so that every later stage counts lines the way an editor shows them.

/// A file's text cut at the front-matter fences.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split<'a> {
    /// The YAML between the fences (without them).
    pub yaml: &'a str,
    /// 1-based file line of the first YAML line.
    pub yaml_line: usize,
    /// Everything after the closing fence.
    pub body: &'a str,
    /// 1-based file line of the first body line.
    pub body_line: usize,
    /// Byte offset of the body in the normalised text.
    pub body_offset: usize,
}

/// Why a file could not be split.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SplitError {
    /// The file does not start with a `---` line.
    Missing,
    /// The opening `---` has no closing `---` (or `...`) line.
    Unterminated,
}

/// Drop a BOM and turn CRLF / CR line endings into LF.
pub fn normalize(text: &str) -> String {
    let text = text.trim_start_matches('\u{feff}');
    if !text.contains('\r') {
        return text.to_string();
    }
    text.replace("\r\n", "\n").replace('\r', "\n")
}

fn is_fence(line: &str, closing: bool) -> bool {
    let l = line.trim_end();
    l == "---" || (closing && l == "...")
}

/// Split normalised text at its front-matter fences.
pub fn split(text: &str) -> Result<Split<'_>, SplitError> {
    let first_end = text.find('\n').unwrap_or(text.len());
    if !is_fence(&text[..first_end], false) {
        return Err(SplitError::Missing);
    }
    let yaml_start = (first_end + 1).min(text.len());
    let mut pos = yaml_start;
    let mut line = 2;
    while pos < text.len() {
        let end = text[pos..].find('\n').map_or(text.len(), |i| pos + i);
        if is_fence(&text[pos..end], true) {
            let body_offset = (end + 1).min(text.len());
            return Ok(Split {
                yaml: &text[yaml_start..pos],
                yaml_line: 2,
                body: &text[body_offset..],
                body_line: line + 1,
                body_offset,
            });
        }
        pos = end + 1;
        line += 1;
    }
    Err(SplitError::Unterminated)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_yaml_and_body_with_line_numbers() {
        let t = "---\ntitle: A\n---\nHello\n";
        let s = split(t).unwrap();
        assert_eq!(s.yaml, "title: A\n");
        assert_eq!(s.body, "Hello\n");
        assert_eq!(s.body_line, 4);
        assert_eq!(&t[s.body_offset..], "Hello\n");
    }

    #[test]
    fn empty_front_matter_and_no_body() {
        let s = split("---\n---").unwrap();
        assert_eq!(s.yaml, "");
        assert_eq!(s.body, "");
    }

    #[test]
    fn missing_and_unterminated() {
        assert_eq!(split("# Title\n"), Err(SplitError::Missing));
        assert_eq!(split("---\ntitle: x\n"), Err(SplitError::Unterminated));
        assert_eq!(split(""), Err(SplitError::Missing));
    }

    #[test]
    fn normalises_crlf_cr_and_bom() {
        assert_eq!(normalize("\u{feff}---\r\na: 1\r---\n"), "---\na: 1\n---\n");
    }
}

//! Reading one document's front matter into the model: `Place` puts a finding at the line and
//! column of a value named by its path (`quotes[2].by`), and `nonempty`, `prose`, `text_of`
//! and `link_url` give a value as the model keeps it. Every reader of front matter (briefings, actors,
//! sources, citations, judgments) shares them, so findings are placed and strings cleaned the
//! same way everywhere.

use super::slug::Refusal;
use super::url::SafeUrl;
use crate::diag::Finding;
use crate::load::locate::Locator;
use crate::load::raw::Text;
use crate::load::text::printable;

/// Places findings about one document's front matter.
pub struct Place<'a> {
    pub file: &'a str,
    pub text: &'a str,
    pub loc: &'a Locator,
}

impl Place<'_> {
    pub fn err(&self, path: &str, code: &'static str, msg: impl Into<String>) -> Finding {
        let (l, c) = self.loc.value(path);
        Finding::error(self.file, code, msg).at(self.text, l, c)
    }

    pub fn warn(&self, path: &str, code: &'static str, msg: impl Into<String>) -> Finding {
        let (l, c) = self.loc.value(path);
        Finding::warning(self.file, code, msg).at(self.text, l, c)
    }

    /// The finding for a name the slug gate refused: `code` at `path`, the value named `what`.
    pub fn refused(&self, path: &str, code: &'static str, what: &str, value: &str, why: &Refusal) -> Finding {
        let (message, hint) = why.explain(what, value);
        self.err(path, code, message).hint(hint)
    }
}

/// A front matter string as the model keeps it: trimmed, without characters HTML and XML
/// cannot carry, `None` when nothing is left.
pub fn nonempty(s: &Option<String>) -> Option<String> {
    s.as_ref().map(|s| printable(s.trim()).trim().to_string()).filter(|s| !s.is_empty())
}

/// A front matter string of prose (a title, a summary, a quote, a role) as readers see it: as
/// `nonempty`, with smart punctuation as in bodies. Names, ids and URLs are kept as written.
pub fn prose(s: &Option<String>) -> Option<String> {
    nonempty(s).map(|s| match super::typography::smarten(&s) {
        std::borrow::Cow::Borrowed(_) => s,
        std::borrow::Cow::Owned(o) => o,
    })
}

/// A URL of the front matter that becomes a link (a source's `url`, `archive_url`), through
/// `SafeUrl`'s gate; a refused one is a `bad-url` finding, made by `at` from its message, with
/// the gate's hint.
pub fn link_url(
    value: &Option<String>,
    field: &str,
    at: impl FnOnce(String) -> Finding,
    findings: &mut Vec<Finding>,
) -> Option<SafeUrl> {
    nonempty(value).and_then(|u| match SafeUrl::link(&u) {
        Ok(u) => Some(u),
        Err(why) => {
            let (message, hint) = why.explain(&format!("`{field}`"));
            findings.push(at(message).hint(hint));
            None
        }
    })
}

/// A `Text` (a string or a number) as the model keeps it.
pub fn text_of(t: &Option<Text>) -> Option<String> {
    nonempty(&t.as_ref().map(|t| t.0.clone()))
}

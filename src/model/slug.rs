//! Slugs: the one gate for every name that becomes a path segment or a URL fragment.
//!
//! Briefing slugs, actor ids, tags and quote and question ids become folder names
//! (`briefings/<slug>/`, `actors/<id>/`, `tags/<tag>/`) and anchors (`#quote-<id>`). A `Slug` can
//! only be made here, and `render::layout` builds page paths only from `Slug`s, so a value that
//! did not pass this gate cannot name a file: `../../x`, `.`, `..`, an empty name or one longer
//! than a file system allows is refused (the model turns the refusal into a finding at the
//! value's line), never written somewhere else.

use serde::Serialize;
use std::fmt;

/// The longest slug, in bytes. File systems allow 255 bytes per name; 200 leaves room for what a
/// writer may add to a name (a temporary suffix) and keeps URLs readable.
pub const MAX_SLUG_BYTES: usize = 200;

/// How long a suggested replacement for an over-long name is, at most, in bytes.
const SUGGESTED_BYTES: usize = 64;

/// A name that is safe as one path segment and as a URL fragment: non-empty, at most
/// `MAX_SLUG_BYTES` bytes, lowercase letters and digits (any script) joined by single dashes.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct Slug(String);

/// Why a value cannot be a slug, with the slug it could be when there is one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// No letter or digit to make a name from (``, `..`, `--`).
    Empty,
    /// Not written as a slug (`Kim Jong Un`, `../x`); the suggestion is its slug.
    NotASlug(String),
    /// Longer than `MAX_SLUG_BYTES`; the suggestion is a shorter slug.
    TooLong { bytes: usize, suggestion: String },
}

impl Slug {
    /// A name written to be used as is (`slug:`, an actor's or a quote's `id:`): accepted only
    /// when it already is a slug.
    pub fn parse(s: &str) -> Result<Slug, Refusal> {
        let slug = slugify(s);
        if slug.is_empty() {
            return Err(Refusal::Empty);
        }
        if slug != s {
            return Err(Refusal::NotASlug(shorten(&slug).to_string()));
        }
        Slug::checked(slug)
    }

    /// The slug of a text that names something (a title, a file name, a tag, an actor's
    /// name): refused only when it has no letters or digits, or is too long.
    pub fn of(s: &str) -> Result<Slug, Refusal> {
        let slug = slugify(s);
        if slug.is_empty() {
            return Err(Refusal::Empty);
        }
        Slug::checked(slug)
    }

    fn checked(slug: String) -> Result<Slug, Refusal> {
        if slug.len() > MAX_SLUG_BYTES {
            return Err(Refusal::TooLong { bytes: slug.len(), suggestion: shorten(&slug).to_string() });
        }
        Ok(Slug(slug))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Refusal {
    /// The slug to go on with after the finding, so one run reports everything: the suggested
    /// one, if there is one.
    pub fn substitute(&self) -> Option<Slug> {
        match self {
            Refusal::Empty => None,
            Refusal::NotASlug(s) | Refusal::TooLong { suggestion: s, .. } => Slug::of(s).ok(),
        }
    }

    /// The finding's message and hint for `value`, named as `what` (`slug`, `actor id`, `tag`).
    pub fn explain(&self, what: &str, value: &str) -> (String, String) {
        match self {
            Refusal::Empty => (
                format!("{what} `{value}` has no letters or digits"),
                "use lowercase letters, digits and dashes".to_string(),
            ),
            Refusal::NotASlug(s) => (
                format!("{what} `{value}` is not URL-safe"),
                format!("use lowercase letters, digits and dashes, such as `{s}`"),
            ),
            Refusal::TooLong { bytes, suggestion } => (
                format!("{what} is {bytes} bytes long; a name in a URL may be at most {MAX_SLUG_BYTES} bytes"),
                format!("use a shorter one, such as `{suggestion}`"),
            ),
        }
    }
}

/// A slug cut to at most `SUGGESTED_BYTES`, at a dash where there is one.
fn shorten(slug: &str) -> &str {
    if slug.len() <= SUGGESTED_BYTES {
        return slug;
    }
    let mut end = SUGGESTED_BYTES;
    while !slug.is_char_boundary(end) {
        end -= 1;
    }
    let cut = &slug[..end];
    match cut.rfind('-') {
        Some(dash) if dash > 0 => &cut[..dash],
        _ => cut.trim_end_matches('-'),
    }
}

impl std::ops::Deref for Slug {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl std::borrow::Borrow<str> for Slug {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for Slug {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Slug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl PartialEq<str> for Slug {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<&str> for Slug {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

impl PartialEq<Slug> for &str {
    fn eq(&self, other: &Slug) -> bool {
        *self == other.0
    }
}

impl From<Slug> for String {
    fn from(s: Slug) -> String {
        s.0
    }
}

/// Lowercase, letters and digits kept (any script), everything else folded into single `-`.
/// `"Kim Jong Un"` → `kim-jong-un`, `"Dvořák"` → `dvořák`, `"U.N. Security Council"` →
/// `u-n-security-council`.
pub fn slugify(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut dash = false;
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c.to_ascii_lowercase());
        } else if c.is_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            // Some capitals lower to a letter plus a combining mark (`İ` → `i̇`); the mark is
            // not alphanumeric, so keeping it would make the slug change when slugified again.
            out.extend(c.to_lowercase().filter(|l| l.is_alphanumeric()));
        } else {
            dash = true;
        }
    }
    out
}

/// Whether `s` is already a slug (what `slugify` would give back).
pub fn is_slug(s: &str) -> bool {
    !s.is_empty() && slugify(s) == s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert_eq!(slugify("Kim Jong Un"), "kim-jong-un");
        assert_eq!(slugify("  U.N. Security Council! "), "u-n-security-council");
        assert_eq!(slugify("Dvořák & Zoë"), "dvořák-zoë");
        assert_eq!(slugify("김정은"), "김정은");
        assert_eq!(slugify("--"), "");
        assert!(is_slug("north-korea"));
        assert_eq!(slugify("İstanbul"), "istanbul");
        assert!(is_slug(&slugify("İstanbul")));
        assert!(!is_slug("North Korea"));
    }

    #[test]
    fn the_gate_refuses_what_could_leave_a_folder() {
        for bad in ["..", ".", "", "/", "--", " "] {
            assert_eq!(Slug::parse(bad), Err(Refusal::Empty), "{bad:?}");
            assert_eq!(Slug::of(bad), Err(Refusal::Empty), "{bad:?}");
        }
        assert_eq!(Slug::parse("../../../somewhere/x"), Err(Refusal::NotASlug("somewhere-x".into())));
        assert_eq!(Slug::of("../../../somewhere/x").map(|s| s.to_string()), Ok("somewhere-x".into()));
        assert_eq!(Slug::parse("Kim Jong Un"), Err(Refusal::NotASlug("kim-jong-un".into())));
        assert_eq!(Slug::parse("kim-jong-un").map(|s| s.to_string()), Ok("kim-jong-un".into()));
    }

    #[test]
    fn names_longer_than_a_file_system_allows_are_refused_with_a_shorter_one() {
        let long = "word-".repeat(60) + "end"; // 303 bytes
        let Err(Refusal::TooLong { bytes, suggestion }) = Slug::parse(&long) else { panic!("accepted") };
        assert_eq!(bytes, 303);
        assert!(suggestion.len() <= SUGGESTED_BYTES && is_slug(&suggestion) && !suggestion.ends_with('-'));
        // Bytes, not characters: 67 Korean syllables are 201 bytes.
        assert!(matches!(Slug::of(&"가".repeat(67)), Err(Refusal::TooLong { bytes: 201, .. })));
        assert!(Slug::of(&"가".repeat(66)).is_ok());
        let Err(Refusal::TooLong { suggestion, .. }) = Slug::of(&"가".repeat(100)) else { panic!("accepted") };
        assert!(is_slug(&suggestion) && suggestion.len() <= SUGGESTED_BYTES);
        assert!(Slug::parse(&"a".repeat(MAX_SLUG_BYTES)).is_ok());
    }
}

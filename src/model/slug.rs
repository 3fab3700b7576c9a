//! Slugs: the URL-safe ids of briefings, actors, tags and anchors.

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
}

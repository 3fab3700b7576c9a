//! What a quote says about its own words beyond the text: their language, their translation,
//! and how sure the author is of whom it is attributed to.

use super::front::{nonempty, Place};
use crate::diag::Finding;

/// How sure the author is that a quote was said by whom it is attributed to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Attribution {
    /// Heard or read first-hand, or confirmed by the speaker.
    Confirmed,
    /// As reported by others (a news agency, a spokesperson).
    Reported,
    /// Attributed, but not established.
    Uncertain,
}

impl Attribution {
    pub fn parse(s: &str) -> Option<Attribution> {
        match s {
            "confirmed" => Some(Attribution::Confirmed),
            "reported" => Some(Attribution::Reported),
            "uncertain" => Some(Attribution::Uncertain),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Attribution::Confirmed => "confirmed",
            Attribution::Reported => "reported",
            Attribution::Uncertain => "uncertain",
        }
    }
}

/// What a quote says about its own words beyond the text: their language and translation,
/// and how sure its attribution is.
pub struct QuoteFields {
    pub lang: Option<String>,
    pub translation: Option<String>,
    pub attribution: Option<Attribution>,
}

/// Whether `tag` is a language tag HTML accepts in `lang`: a 2–3 letter language, then
/// subtags of 1–8 letters or digits (`en`, `ko`, `zh-Hant`, `pt-BR`).
fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let first = parts.next().unwrap_or("");
    (2..=3).contains(&first.len())
        && first.bytes().all(|b| b.is_ascii_alphabetic())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// Read a quote's `lang`, `translation` and `attribution` (entry `path`).
pub fn quote_fields(p: &Place, path: &str, q: &crate::load::raw::RawQuote, findings: &mut Vec<Finding>) -> QuoteFields {
    let lang = nonempty(&q.lang).and_then(|l| {
        if is_language_tag(&l) {
            return Some(l);
        }
        findings.push(
            p.err(&format!("{path}.lang"), "bad-lang", format!("`{l}` is not a language tag"))
                .hint("write the language of the quote's text as a BCP 47 tag: `ru`, `ko`, `zh-Hant`, `pt-BR`"),
        );
        None
    });
    let attribution = nonempty(&q.attribution).and_then(|a| {
        let parsed = Attribution::parse(&a);
        if parsed.is_none() {
            findings.push(
                p.err(&format!("{path}.attribution"), "bad-scale", format!("unknown attribution `{a}`"))
                    .hint("expected confirmed, reported or uncertain"),
            );
        }
        parsed
    });
    let translation = nonempty(&q.translation);
    // A translation says the text is in another language: which one is needed, for the page's
    // `lang` (how it is read aloud, hyphenated, searched).
    if translation.is_some() && q.lang.is_none() && !p.loc.failed_within(&format!("{path}.lang")) {
        findings.push(
            p.err(&format!("{path}.translation"), "missing-field", "a quote with a `translation` has no `lang`")
                .hint("add `lang:` with the language of the quote's `text` as a BCP 47 tag: `de`, `ru`, `zh-Hant`"),
        );
    }
    QuoteFields { lang, translation, attribution }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attribution_reads_only_its_words() {
        assert_eq!(Attribution::parse("reported").map(Attribution::name), Some("reported"));
        assert_eq!(Attribution::parse("Reported"), None);
        assert!(is_language_tag("zh-Hant") && is_language_tag("pt-BR") && !is_language_tag("english"));
    }
}

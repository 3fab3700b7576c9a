//! Strings of the front matter and settings, made fit for every output.
//!
//! YAML can carry any character (`"\0"`, `"\e"`, `"\uFFFF"`), but HTML and XML cannot: a NUL
//! or a terminal escape in a title would be written raw into pages, the feed, the sitemap, the
//! search index and the data export. Every string the model and the settings keep passes
//! through `printable` once, so no output has to think about it.

use std::borrow::Cow;

/// Whether HTML and XML can carry `c` as text: not a control character (but tab and line
/// breaks) and not a noncharacter (`U+FFFE`, `U+FDD0`, …).
fn carried(c: char) -> bool {
    let n = c as u32;
    (!c.is_control() || matches!(c, '\t' | '\n' | '\r')) && !(0xFDD0..=0xFDEF).contains(&n) && n & 0xFFFE != 0xFFFE
}

/// `s` without the characters HTML and XML cannot carry; borrowed when it has none (the
/// usual case, checked without allocating).
pub fn printable(s: &str) -> Cow<'_, str> {
    let clean =
        s.bytes().all(|b| (0x20..0x7f).contains(&b) || matches!(b, b'\t' | b'\n' | b'\r')) || s.chars().all(carried);
    if clean {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(s.chars().filter(|&c| carried(c)).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_text_and_drops_what_html_and_xml_cannot_carry() {
        assert!(matches!(printable("Kim Jong Un – 김정은 \u{1f600}\ttab\nline"), Cow::Borrowed(_)));
        assert_eq!(printable("a\0b\u{1b}[31mc\u{7}\u{7f}\u{85}d"), "ab[31mcd");
        assert_eq!(printable("x\u{fffe}\u{ffff}\u{fdd0}\u{1fffe}y"), "xy");
        assert_eq!(printable("\u{fffd}"), "\u{fffd}");
    }
}

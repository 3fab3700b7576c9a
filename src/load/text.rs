//! Text of the site folder, made fit for every output.
//!
//! YAML can carry any character (`"\0"`, `"\e"`, `"\uFFFF"`), and so can a markdown file, but
//! HTML and XML cannot: a NUL or a terminal escape in a title or a paragraph would be written
//! raw into pages, the feed, the sitemap, the search index and the data export. Every string
//! the model and the settings keep passes through `printable` once, and every body through
//! `body`, so no output has to think about it.

use std::borrow::Cow;

/// Whether HTML and XML can carry `c` as text: not a control character (but tab and line
/// breaks) and not a noncharacter (`U+FFFE`, `U+FDD0`, …).
fn carried(c: char) -> bool {
    let n = c as u32;
    (!c.is_control() || matches!(c, '\t' | '\n' | '\r')) && !(0xFDD0..=0xFDEF).contains(&n) && n & 0xFFFE != 0xFFFE
}

/// Whether every character of `s` is `carried`. Text is read in chunks of 64 bytes: a chunk of
/// bytes that cannot start a problem (most of them) is passed by one branch-free test the
/// compiler vectorizes, so a pass over a whole body costs about as much as a `memchr`.
fn all_carried(s: &str) -> bool {
    let b = s.as_bytes();
    let mut start = 0;
    for chunk in b.chunks(64) {
        let plain = chunk.iter().fold(true, |ok, &x| ok & plain_byte(x));
        if !plain && (start..start + chunk.len()).any(|i| starts_uncarried(b, i)) {
            return false;
        }
        start += chunk.len();
    }
    true
}

/// A byte that neither is a control nor starts a C1 control or a noncharacter.
fn plain_byte(x: u8) -> bool {
    matches!(x, b'\t' | b'\n' | b'\r' | 0x20..=0x7e | 0x80..=0xc1 | 0xc3..=0xee)
}

/// Whether the character at byte `i` of `b` (or the byte, if it continues one) is not carried.
fn starts_uncarried(b: &[u8], i: usize) -> bool {
    match b[i] {
        b'\t' | b'\n' | b'\r' => false,
        0..=0x1f | 0x7f => true,
        // C1 controls: U+0080–U+009F.
        0xc2 => b.get(i + 1).is_some_and(|&y| y < 0xa0),
        // U+FDD0–U+FDEF and U+FFFE/U+FFFF.
        0xef => {
            matches!((b.get(i + 1), b.get(i + 2)), (Some(0xb7), Some(0x90..=0xaf)) | (Some(0xbf), Some(0xbe..=0xbf)))
        }
        // U+xFFFE/U+xFFFF of the other planes.
        0xf0..=0xf4 => {
            b.get(i + 1).is_some_and(|y| y & 0x0f == 0x0f)
                && b.get(i + 2) == Some(&0xbf)
                && matches!(b.get(i + 3), Some(0xbe..=0xbf))
        }
        _ => false,
    }
}

/// `s` without the characters HTML and XML cannot carry; borrowed when it has none (the usual
/// case, checked without allocating).
pub fn printable(s: &str) -> Cow<'_, str> {
    if all_carried(s) {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(s.chars().filter(|&c| carried(c)).collect())
    }
}

/// A markdown body with each character HTML and XML cannot carry replaced by `U+FFFD` (as
/// CommonMark asks of NUL), so it stays visible where the author looks for it.
pub fn body(s: &str) -> Cow<'_, str> {
    if all_carried(s) {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(s.chars().map(|c| if carried(c) { c } else { '\u{fffd}' }).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_text_and_drops_what_html_and_xml_cannot_carry() {
        assert!(matches!(printable("Kim Jong Un – 김정은 \u{1f600}\ttab\nline\u{a0}\u{fdef}x"), Cow::Owned(_)));
        assert!(matches!(
            printable("Kim Jong Un – 김정은 \u{1f600}\ttab\r\nline\u{a0}\u{fdf0}\u{fffd}"),
            Cow::Borrowed(_)
        ));
        assert_eq!(printable("a\0b\u{1b}[31mc\u{7}\u{7f}\u{85}d"), "ab[31mcd");
        assert_eq!(printable("x\u{fffe}\u{ffff}\u{fdd0}\u{1fffe}\u{10ffff}y"), "xy");
        assert_eq!(body("a\0b\u{1b}c"), "a\u{fffd}b\u{fffd}c");
    }

    #[test]
    fn the_byte_scan_agrees_with_the_characters() {
        for n in (0..0x11_0000u32).step_by(7).chain([0x9f, 0xa0, 0xfdd0, 0xfdef, 0xfffe, 0xffff, 0x10fffe]) {
            if let Some(c) = char::from_u32(n) {
                // Also across the edge of a 64-byte chunk.
                for pad in [1, 61, 62, 63, 64] {
                    assert_eq!(all_carried(&format!("{}{c}b", "a".repeat(pad))), carried(c), "U+{n:04X} at {pad}");
                }
            }
        }
    }
}

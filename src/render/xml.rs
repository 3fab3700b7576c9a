//! What machine formats need besides escaping (`escape`): the RFC 3339 timestamps the feed and
//! the sitemap use, and JSON that is safe wherever markup is parsed.

use crate::model::date::PartialDate;
use serde::Serialize;
use std::io::Write;

/// A publication date as an RFC 3339 timestamp: midnight UTC of its (first) day.
pub fn rfc3339(d: &PartialDate) -> String {
    format!("{:04}-{:02}-{:02}T00:00:00Z", d.year, d.month.unwrap_or(1), d.day.unwrap_or(1))
}

/// A publication date for a sitemap `<lastmod>` (W3C datetime, day precision).
pub fn w3c_date(d: &PartialDate) -> String {
    format!("{:04}-{:02}-{:02}", d.year, d.month.unwrap_or(1), d.day.unwrap_or(1))
}

/// JSON text made safe to sit anywhere markup is parsed: `<`, `>` and `&` inside strings become
/// `\u003c`, `\u003e`, `\u0026` (the same strings to any JSON reader), so no `</script>`,
/// `<!--` or `]]>` from the content can appear in the bytes; U+2028 and U+2029 are escaped too,
/// as older JavaScript engines end a line at them. Outside strings JSON never has these
/// characters, so replacing them everywhere is exact.
pub fn markup_safe_json(json: &str) -> String {
    let mut out = Vec::with_capacity(json.len() + json.len() / 64);
    let _ = write_markup_safe(&mut out, json);
    String::from_utf8(out).unwrap_or_default()
}

/// `value` serialized as compact JSON, made safe as `markup_safe_json` makes it, in one pass
/// (no second copy of a large document); empty if it cannot be serialized.
pub fn to_markup_safe_json<T: Serialize + ?Sized>(value: &T) -> String {
    let mut out = Vec::new();
    if !write_markup_safe_json(&mut out, value) {
        return String::new();
    }
    String::from_utf8(out).unwrap_or_default()
}

/// Append `value` to `out` as `to_markup_safe_json` writes it; `false` if it cannot be
/// serialized (`out` may then hold part of it).
pub fn write_markup_safe_json<T: Serialize + ?Sized>(out: &mut Vec<u8>, value: &T) -> bool {
    value.serialize(&mut serde_json::Serializer::with_formatter(out, MarkupSafe)).is_ok()
}

/// serde_json's compact format, with the characters `markup_safe_json` escapes escaped inside
/// strings (keys too), the only place they can occur.
struct MarkupSafe;

impl serde_json::ser::Formatter for MarkupSafe {
    fn write_string_fragment<W: ?Sized + Write>(&mut self, writer: &mut W, fragment: &str) -> std::io::Result<()> {
        write_markup_safe(writer, fragment)
    }
}

/// Write `s` with `<`, `>`, `&`, U+2028 and U+2029 as JSON escapes, copying the runs between
/// them whole; U+2028 and U+2029 are the only characters escaped that start with byte 0xE2.
fn write_markup_safe<W: ?Sized + Write>(out: &mut W, s: &str) -> std::io::Result<()> {
    let bytes = s.as_bytes();
    let mut done = 0;
    let mut at = 0;
    // Runs without any of the four bytes are skipped in one tight loop.
    while let Some(skip) = bytes[at..].iter().position(|b| matches!(b, b'<' | b'>' | b'&' | 0xE2)) {
        let i = at + skip;
        at = i + 1;
        let escaped = match &bytes[i..] {
            [b'<', ..] => "\\u003c",
            [b'>', ..] => "\\u003e",
            [b'&', ..] => "\\u0026",
            [0xE2, 0x80, 0xA8, ..] => "\\u2028",
            [0xE2, 0x80, 0xA9, ..] => "\\u2029",
            _ => continue,
        };
        out.write_all(&bytes[done..i])?;
        out.write_all(escaped.as_bytes())?;
        done = i + if bytes[i] == 0xE2 { 3 } else { 1 };
        at = done;
    }
    out.write_all(&bytes[done..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        let d = PartialDate { year: 2024, month: Some(6), day: Some(19) };
        assert_eq!(rfc3339(&d), "2024-06-19T00:00:00Z");
        assert_eq!(w3c_date(&d), "2024-06-19");
    }

    #[test]
    fn json_safe_in_markup() {
        let json = "{\"a\":\"</script> & \u{2028}\u{2029}\u{2027}é\"}";
        assert_eq!(markup_safe_json(json), "{\"a\":\"\\u003c/script\\u003e \\u0026 \\u2028\\u2029\u{2027}é\"}");
        let value: serde_json::Value = serde_json::from_str(json).unwrap();
        assert_eq!(to_markup_safe_json(&value), markup_safe_json(json));
        let tricky = serde_json::json!({ "<k>": ["a\"&\n\u{2028}", 1.5, null], "b": { "c": "\\</x>" } });
        let text = serde_json::to_string(&tricky).unwrap();
        assert_eq!(to_markup_safe_json(&tricky), markup_safe_json(&text));
    }
}

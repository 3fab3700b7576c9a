//! Escaping for machine formats: XML text for the feed and the sitemap, correct for any input,
//! the RFC 3339 timestamps both use, and JSON that is safe wherever markup is parsed.

use crate::model::date::PartialDate;

/// `s` escaped for XML text and attribute values. `<`, `&` and `>` (so `]]>` cannot occur) and
/// both quotes are escaped; characters XML 1.0 forbids (control characters that a YAML
/// `"\x01"` escape can produce, U+FFFE, U+FFFF) are dropped, since no escape makes them valid.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// A publication date as an RFC 3339 timestamp: midnight UTC of its (first) day.
pub fn rfc3339(d: &PartialDate) -> String {
    format!("{:04}-{:02}-{:02}T00:00:00Z", d.year, d.month.unwrap_or(1), d.day.unwrap_or(1))
}

/// A publication date for a sitemap `<lastmod>` (W3C datetime, day precision).
pub fn w3c_date(d: &PartialDate) -> String {
    format!("{:04}-{:02}-{:02}", d.year, d.month.unwrap_or(1), d.day.unwrap_or(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_drops_invalid_characters() {
        assert_eq!(escape("a & b < c ]]> d"), "a &amp; b &lt; c ]]&gt; d");
        assert_eq!(escape("\"q\" 'a'\u{1}\u{FFFF}"), "&quot;q&quot; &apos;a&apos;");
    }

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
    }
}

/// JSON text made safe to sit anywhere markup is parsed: `<`, `>` and `&` inside strings become
/// `\u003c`, `\u003e`, `\u0026` (the same strings to any JSON reader), so no `</script>`,
/// `<!--` or `]]>` from the content can appear in the bytes; U+2028 and U+2029 are escaped too,
/// as older JavaScript engines end a line at them. Outside strings JSON never has these
/// characters, so replacing them everywhere is exact.
pub fn markup_safe_json(json: &str) -> String {
    let mut out = String::with_capacity(json.len() + json.len() / 64);
    let bytes = json.as_bytes();
    let mut done = 0;
    // Copy the runs between characters to escape whole; U+2028 and U+2029 are the only
    // characters escaped that start with byte 0xE2.
    for (i, &b) in bytes.iter().enumerate() {
        let escaped = match b {
            b'<' => "\\u003c",
            b'>' => "\\u003e",
            b'&' => "\\u0026",
            0xE2 if bytes.get(i + 1) == Some(&0x80) && bytes.get(i + 2) == Some(&0xA8) => "\\u2028",
            0xE2 if bytes.get(i + 1) == Some(&0x80) && bytes.get(i + 2) == Some(&0xA9) => "\\u2029",
            _ => continue,
        };
        out.push_str(&json[done..i]);
        out.push_str(escaped);
        done = i + if b == 0xE2 { 3 } else { 1 };
    }
    out.push_str(&json[done..]);
    out
}

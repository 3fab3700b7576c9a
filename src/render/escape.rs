//! The one escaper for text Dossier writes into markup: HTML pages (bodies' code blocks, inserts
//! around quotes and mentions, the preview's overlay), SVG pictures, the Atom feed and the
//! sitemap. (Template variables are escaped by the template engine as they are printed.)
//!
//! The five characters markup gives a meaning are written as references, `'` as `&#39;`, which
//! HTML and XML both read; characters XML 1.0 cannot carry at all (control characters other
//! than tab and line ends, U+FFFE, U+FFFF) are dropped, since no reference makes them valid.

/// `s` escaped for element content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    escape_into(&mut out, s);
    out
}

/// Append `s` to `out`, escaped (see `escape`).
pub fn escape_into(out: &mut String, s: &str) {
    let mut start = 0;
    for (i, c) in s.char_indices() {
        let replacement = match c {
            '&' => "&amp;",
            '<' => "&lt;",
            '>' => "&gt;",
            '"' => "&quot;",
            '\'' => "&#39;",
            '\t' | '\n' | '\r' => continue,
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => "",
            _ => continue,
        };
        out.push_str(&s[start..i]);
        out.push_str(replacement);
        start = i + c.len_utf8();
    }
    out.push_str(&s[start..]);
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn escapes_markup_and_drops_what_xml_cannot_carry() {
        assert_eq!(escape(r#"a <b> & "c" 'd' ]]>"#), "a &lt;b&gt; &amp; &quot;c&quot; &#39;d&#39; ]]&gt;");
        assert_eq!(escape("x\u{1}y\u{FFFE}z\tok\n"), "xyz\tok\n");
        assert_eq!(escape("Dvořák 김정은"), "Dvořák 김정은");
    }
}

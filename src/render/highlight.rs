//! Syntax highlighting of fenced code blocks with syntect, as CSS classes (`hl-keyword`, …)
//! rather than inline styles, so the theme's stylesheet sets colours for light and dark mode.
//!
//! The syntax definitions are loaded once, and only when the first code block with a language
//! is rendered: a site without code pays nothing.

use super::escape::{escape, escape_into};
use std::sync::OnceLock;
use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

fn syntaxes() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(SyntaxSet::load_defaults_newlines)
}

/// A `<pre><code>` block for `code`, highlighted when `lang` names a known syntax.
pub fn code_block(lang: &str, code: &str) -> String {
    let lang = lang.split([' ', ',', '{']).next().unwrap_or("").trim();
    let mut out = String::with_capacity(code.len() * 2);
    if lang.is_empty() {
        out.push_str("<pre><code>");
        escape_into(&mut out, code);
        out.push_str("</code></pre>\n");
        return out;
    }
    let class = escape(lang);
    let ss = syntaxes();
    let Some(syntax) = ss.find_syntax_by_token(lang) else {
        out.push_str(&format!("<pre><code class=\"language-{class}\">"));
        escape_into(&mut out, code);
        out.push_str("</code></pre>\n");
        return out;
    };
    let mut gen = ClassedHTMLGenerator::new_with_class_style(syntax, ss, ClassStyle::SpacedPrefixed { prefix: "hl-" });
    for line in LinesWithEndings::from(code) {
        if gen.parse_html_for_line_which_includes_newline(line).is_err() {
            out.push_str(&format!("<pre><code class=\"language-{class}\">"));
            escape_into(&mut out, code);
            out.push_str("</code></pre>\n");
            return out;
        }
    }
    out.push_str(&format!("<pre class=\"highlight\"><code class=\"language-{class}\">"));
    out.push_str(&gen.finalize());
    out.push_str("</code></pre>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn highlights_known_languages_with_classes() {
        let html = code_block("python", "def f(x):\n    return x < 1\n");
        assert!(html.contains("class=\"language-python\""));
        assert!(html.contains("hl-keyword"), "{html}");
        assert!(html.contains("&lt;"));
        assert!(!html.contains("style="));
    }

    #[test]
    fn unknown_language_is_escaped_plain() {
        let html = code_block("nosuchlang", "<b>");
        assert_eq!(html, "<pre><code class=\"language-nosuchlang\">&lt;b&gt;</code></pre>\n");
    }
}

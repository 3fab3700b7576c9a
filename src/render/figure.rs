//! Images of a body as HTML, and figures: an image alone in its paragraph.
//!
//! The figure syntax is markdown's own image with a title:
//!
//! ```text
//! ![A map of the places the article names](pact/places.svg "Places named in the briefing. Credit: Dossier")
//! ```
//!
//! The alternative text describes the picture for those who cannot see it; the title is the
//! caption (`<figcaption>`), and its part from the last `Credit:` on (any case) is the credit,
//! set apart in the caption. Every image that is a file of the site gets the `width` and
//! `height` read from its header, so the page does not move as pictures arrive.

use super::escape::escape_into;
use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS};

/// What a URL in an attribute may not carry as it is (as pulldown-cmark's writer encodes
/// `src` and `href`): controls, space, quotes, angle brackets, backquotes, and (by the
/// encoder) every byte past ASCII.
const URL_UNSAFE: &AsciiSet = &CONTROLS.add(b' ').add(b'"').add(b'<').add(b'>').add(b'`').add(b'\\');

/// A path as it may stand in a URL (`a b.png` → `a%20b.png`).
pub fn url_path(path: &str) -> String {
    utf8_percent_encode(path, URL_UNSAFE).to_string()
}

/// An image of a body, its alternative text gathered from the events inside it.
pub struct Image {
    src: String,
    title: String,
    size: Option<(u32, u32)>,
    pub alt: String,
    /// Images nested in this one's text (which markdown allows, and which show as text).
    pub depth: usize,
}

impl Image {
    pub fn new(src: &str, title: &str, size: Option<(u32, u32)>) -> Image {
        Image { src: src.to_string(), title: title.to_string(), size, alt: String::new(), depth: 0 }
    }

    /// The `<img>` element and its attributes, but the title.
    fn img(&self, out: &mut String) {
        out.push_str("<img src=\"");
        escape_into(out, &url_path(&self.src));
        out.push_str("\" alt=\"");
        escape_into(out, &self.alt);
        out.push('"');
        if let Some((w, h)) = self.size {
            out.push_str(&format!(" width=\"{w}\" height=\"{h}\""));
        }
    }

    /// The image within a line of text: its title is a tooltip.
    pub fn inline(&self) -> String {
        let mut out = String::with_capacity(self.src.len() + self.alt.len() + 64);
        self.img(&mut out);
        if !self.title.is_empty() {
            out.push_str(" title=\"");
            escape_into(&mut out, &self.title);
            out.push('"');
        }
        out.push('>');
        out
    }

    /// The image as a figure: its title is the caption and credit.
    pub fn figure(&self) -> String {
        let mut out = String::with_capacity(self.src.len() + self.alt.len() + self.title.len() + 128);
        out.push_str("<figure class=\"figure\">");
        self.img(&mut out);
        out.push_str(" loading=\"lazy\" decoding=\"async\">");
        let (caption, credit) = caption(&self.title);
        if !caption.is_empty() || credit.is_some() {
            out.push_str("<figcaption>");
            escape_into(&mut out, caption);
            if let Some(credit) = credit {
                if !caption.is_empty() {
                    out.push(' ');
                }
                out.push_str("<span class=\"credit\">Credit: ");
                escape_into(&mut out, credit);
                out.push_str("</span>");
            }
            out.push_str("</figcaption>");
        }
        out.push_str("</figure>\n");
        out
    }
}

/// A title split into its caption and its credit (after the last `Credit:`, in any case, at
/// the start of a word).
pub fn caption(title: &str) -> (&str, Option<&str>) {
    let lower = title.to_lowercase();
    // Lowercasing may change lengths outside ASCII: only trust a position that maps back.
    let found = lower.rmatch_indices("credit:").map(|(i, _)| i).find(|&i| {
        title.get(i..i + 7).is_some_and(|w| w.eq_ignore_ascii_case("credit:"))
            && title[..i].chars().next_back().is_none_or(|c| c.is_whitespace() || "([—–-|".contains(c))
    });
    match found {
        Some(i) => {
            let credit = title[i + 7..].trim();
            let caption = title[..i].trim_end().trim_end_matches(['(', '[', '—', '–', '-', '|']).trim_end();
            (caption, (!credit.is_empty()).then_some(credit.trim_end_matches([')', ']'])))
        }
        None => (title.trim(), None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_title_is_a_caption_and_its_credit() {
        assert_eq!(caption("Places named. Credit: Dossier"), ("Places named.", Some("Dossier")));
        assert_eq!(caption("A map — credit: J. Doe"), ("A map", Some("J. Doe")));
        assert_eq!(caption("A map (Credit: Agency)"), ("A map", Some("Agency")));
        assert_eq!(caption("Credit: only"), ("", Some("only")));
        assert_eq!(caption("Discredit: not one"), ("Discredit: not one", None));
        assert_eq!(caption("  plain  "), ("plain", None));
    }

    #[test]
    fn figures_escape_what_they_are_given_and_carry_their_size() {
        let mut i = Image::new("a b/\"x\".svg", "<b>Cap</b> Credit: R&D", Some((640, 400)));
        i.alt.push_str("a \"map\" <of> places");
        let f = i.figure();
        assert_eq!(
            f,
            "<figure class=\"figure\"><img src=\"a%20b/%22x%22.svg\" alt=\"a &quot;map&quot; &lt;of&gt; places\" \
             width=\"640\" height=\"400\" loading=\"lazy\" decoding=\"async\"><figcaption>&lt;b&gt;Cap&lt;/b&gt; \
             <span class=\"credit\">Credit: R&amp;D</span></figcaption></figure>\n"
        );
        assert!(i.inline().ends_with(" title=\"&lt;b&gt;Cap&lt;/b&gt; Credit: R&amp;D\">"));
    }
}

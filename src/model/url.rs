//! URLs: the one gate for every URL of the content that reaches an `href` or a `src`.
//!
//! `http`, `https`, `mailto` and relative URLs pass, and so do `data:` images where the URL is
//! an image's `src`; every other scheme (`javascript:`, `vbscript:`, `data:text/html`, …) is
//! refused. The scheme is read as a browser reads it: case does not matter, and spaces, tabs,
//! line breaks and other control characters around and inside it are ignored (`\tJava\nScript:`
//! is `javascript:`). The model turns a refusal into a `bad-url` finding and never keeps the
//! URL (front matter holds only `SafeUrl`s); render writes a refused body link as its text.

use serde::Serialize;

/// Where a URL goes: a link's `href`, or an image's `src` (where `data:image/…` is fine).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Use {
    Link,
    Image,
}

/// A refused URL: its scheme as the browser would read it (lowercase, without `:`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused {
    pub scheme: String,
}

impl Refused {
    /// The finding's message and hint.
    pub fn explain(&self, what: &str) -> (String, String) {
        (
            format!("{what} uses the `{}:` scheme, which could run code in the reader's browser", self.scheme),
            "use an http, https, mailto or relative URL".to_string(),
        )
    }
}

/// The longest scheme compared; longer ones are never allowed.
const MAX_SCHEME: usize = 16;

/// Whether `url` may be written into an attribute for `use_`.
pub fn vet(url: &str, use_: Use) -> Result<(), Refused> {
    let Some((scheme, len, rest)) = scheme(url) else { return Ok(()) };
    let s = &scheme[..len.min(MAX_SCHEME)];
    let allowed = len <= MAX_SCHEME
        && (s == b"http"
            || s == b"https"
            || s == b"mailto"
            || (s == b"data" && use_ == Use::Image && is_image_data(rest)));
    if allowed {
        Ok(())
    } else {
        Err(Refused { scheme: String::from_utf8_lossy(s).into_owned() + if len > MAX_SCHEME { "…" } else { "" } })
    }
}

/// Whether `url` has no scheme (a path relative to the page, or to the site's host).
pub fn is_relative(url: &str) -> bool {
    scheme(url).is_none()
}

/// The scheme of `url` as a browser reads it: lowercased into a buffer (of which the first
/// `len` bytes, at most `MAX_SCHEME`, are filled), and the text after its `:`. `None` for a
/// relative URL (no scheme before the first `/`, `?` or `#`).
fn scheme(url: &str) -> Option<([u8; MAX_SCHEME], usize, &str)> {
    let mut buf = [0u8; MAX_SCHEME];
    let mut len = 0;
    for (i, b) in url.bytes().enumerate() {
        match b {
            // Browsers drop leading spaces and controls, and tabs and line breaks anywhere;
            // dropping every control and space is stricter and never lets a scheme hide.
            0..=0x20 | 0x7f => {}
            b':' if len > 0 => return Some((buf, len, &url[i + 1..])),
            b'a'..=b'z' | b'A'..=b'Z' => push(&mut buf, &mut len, b.to_ascii_lowercase()),
            b'0'..=b'9' | b'+' | b'-' | b'.' if len > 0 => push(&mut buf, &mut len, b),
            _ => return None,
        }
    }
    None
}

fn push(buf: &mut [u8; MAX_SCHEME], len: &mut usize, b: u8) {
    if let Some(slot) = buf.get_mut(*len) {
        *slot = b;
    }
    *len += 1;
}

/// Whether the text after `data:` starts an image media type.
fn is_image_data(rest: &str) -> bool {
    let rest = rest.trim_start_matches(|c: char| c.is_ascii_whitespace() || c.is_ascii_control());
    rest.get(..6).is_some_and(|p| p.eq_ignore_ascii_case("image/"))
}

/// A URL of the front matter that passed the gate: the only kind the model keeps.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct SafeUrl(String);

impl SafeUrl {
    /// `url` as a link's `href`, if the gate lets it through.
    pub fn link(url: &str) -> Result<SafeUrl, Refused> {
        vet(url, Use::Link).map(|()| SafeUrl(url.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::ops::Deref for SafeUrl {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

/// Something in a piece of raw HTML that can run script: raw HTML stays allowed (it is
/// CommonMark), but these are worth a warning.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Risk {
    /// A `<script>` element.
    Script,
    /// An event handler attribute (`onerror=`, `onclick=`).
    Handler(String),
    /// A URL attribute the gate refuses (`href="javascript:…"`, entity-encoded or not).
    Url { attribute: String, refused: Refused },
}

impl Risk {
    pub fn explain(&self) -> String {
        match self {
            Risk::Script => "raw HTML with a `<script>` element".to_string(),
            Risk::Handler(name) => format!("raw HTML with an event handler `{name}=`"),
            Risk::Url { attribute, refused } => {
                format!("raw HTML with a `{}:` URL in `{attribute}=`", refused.scheme)
            }
        }
    }
}

/// Attributes whose value is a URL a browser may load or follow.
const URL_ATTRIBUTES: &[&str] = &[
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "data",
    "poster",
    "background",
    "cite",
    "srcset",
    "lowsrc",
    "dynsrc",
    "ping",
    "codebase",
    "longdesc",
    "usemap",
    "manifest",
    "icon",
];

/// The risks in `html` (one or more tags of raw HTML), with the byte offset of each in it.
pub fn html_risks(html: &str) -> Vec<(usize, Risk)> {
    let mut out = Vec::new();
    if !html.contains('<') {
        return out;
    }
    let b = html.as_bytes();
    let mut i = 0;
    while let Some(lt) = html[i..].find('<').map(|p| p + i) {
        i = lt + 1;
        if html[lt..].starts_with("<!--") {
            i = html[lt..].find("-->").map_or(b.len(), |e| lt + e + 3);
            continue;
        }
        let name_end = i + html[i..].bytes().take_while(|c| c.is_ascii_alphanumeric()).count();
        if name_end == i || !b[i].is_ascii_alphabetic() {
            continue;
        }
        if html[i..name_end].eq_ignore_ascii_case("script") {
            out.push((lt, Risk::Script));
        }
        i = attributes(html, name_end, &mut out);
    }
    out
}

/// Read the attributes of a tag from `i` to its `>`, pushing their risks; where the tag ends.
fn attributes(html: &str, mut i: usize, out: &mut Vec<(usize, Risk)>) -> usize {
    let b = html.as_bytes();
    let stop = |c: u8| c.is_ascii_whitespace() || c == b'/' || c == b'>' || c == b'=';
    loop {
        while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
            i += 1;
        }
        if i >= b.len() || b[i] == b'>' {
            return i;
        }
        let start = i;
        i += 1;
        while i < b.len() && !stop(b[i]) {
            i += 1;
        }
        let name = &html[start..i];
        let mut j = i;
        while j < b.len() && b[j].is_ascii_whitespace() {
            j += 1;
        }
        let mut value = None;
        if j < b.len() && b[j] == b'=' {
            j += 1;
            while j < b.len() && b[j].is_ascii_whitespace() {
                j += 1;
            }
            let (v, end) = match b.get(j) {
                Some(&q @ (b'"' | b'\'')) => {
                    let end = html[j + 1..].find(q as char).map_or(b.len(), |e| j + 1 + e);
                    (&html[(j + 1).min(end)..end], (end + 1).min(b.len()))
                }
                _ => {
                    let end = j + html[j..].bytes().take_while(|c| !c.is_ascii_whitespace() && *c != b'>').count();
                    (&html[j..end], end)
                }
            };
            value = Some(v);
            i = end;
        }
        if name.len() > 2 && name[..2].eq_ignore_ascii_case("on") {
            out.push((start, Risk::Handler(name.to_ascii_lowercase())));
        } else if let Some(v) = value.filter(|_| URL_ATTRIBUTES.iter().any(|a| a.eq_ignore_ascii_case(name))) {
            let use_ = if name.eq_ignore_ascii_case("href") { Use::Link } else { Use::Image };
            if let Err(refused) = vet(&decode_entities(v), use_) {
                out.push((start, Risk::Url { attribute: name.to_ascii_lowercase(), refused }));
            }
        }
    }
}

/// An attribute value with its character references decoded, as a browser reads it: numeric
/// ones (`&#106;`, `&#x6A`, with or without `;`) and the named ones that can hide a scheme.
fn decode_entities(v: &str) -> std::borrow::Cow<'_, str> {
    if !v.contains('&') {
        return v.into();
    }
    const NAMED: &[(&str, char)] = &[
        ("colon;", ':'),
        ("tab;", '\t'),
        ("newline;", '\n'),
        ("amp;", '&'),
        ("lpar;", '('),
        ("rpar;", ')'),
        ("sol;", '/'),
        ("nbsp;", ' '),
    ];
    let mut out = String::with_capacity(v.len());
    let mut rest = v;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp + 1..];
        if let Some(num) = rest.strip_prefix('#') {
            let (hex, digits) = match num.strip_prefix(['x', 'X']) {
                Some(h) => (true, h),
                None => (false, num),
            };
            let n = digits.bytes().take_while(|c| if hex { c.is_ascii_hexdigit() } else { c.is_ascii_digit() }).count();
            let code = u32::from_str_radix(&digits[..n.min(8)], if hex { 16 } else { 10 }).ok();
            if let (true, Some(c)) = (n > 0, code.and_then(char::from_u32)) {
                out.push(c);
                rest = digits[n..].strip_prefix(';').unwrap_or(&digits[n..]);
                continue;
            }
        } else if let Some((name, c)) =
            NAMED.iter().find(|(name, _)| rest.get(..name.len()).is_some_and(|r| r.eq_ignore_ascii_case(name)))
        {
            out.push(*c);
            rest = &rest[name.len()..];
            continue;
        }
        out.push('&');
    }
    out.push_str(rest);
    out.into()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(url: &str) -> Option<String> {
        vet(url, Use::Link).err().map(|r| r.scheme)
    }

    #[test]
    fn web_mail_and_relative_urls_pass() {
        for ok in [
            "https://example.org/a?b=c#d",
            "HTTP://EXAMPLE.ORG",
            "mailto:desk@example.org",
            "../briefings/x/",
            "x.md#y",
            "#top",
            "/abs",
            "//example.org/x",
            "?q=javascript:alert(1)",
            "a/javascript:alert(1)",
            "",
        ] {
            assert_eq!(refused(ok), None, "{ok:?}");
        }
    }

    #[test]
    fn script_schemes_are_refused_however_a_browser_would_still_read_them() {
        for bad in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            " \u{1}javascript:alert(1)",
            "java\tscript:alert(1)",
            "java\nscr\ript:alert(1)",
            "\u{0}javascript:alert(1)",
        ] {
            assert_eq!(refused(bad).as_deref(), Some("javascript"), "{bad:?}");
        }
        assert_eq!(refused("VBScript:msgbox").as_deref(), Some("vbscript"));
        assert_eq!(refused("data:text/html,<script>").as_deref(), Some("data"));
        assert_eq!(refused("data:image/png;base64,AAAA").as_deref(), Some("data"), "a data image is no link");
        assert_eq!(vet("data:image/png;base64,AAAA", Use::Image), Ok(()));
        assert!(vet("data:text/html,x", Use::Image).is_err());
        assert!(refused(&format!("{}:x", "a".repeat(40))).is_some_and(|s| s.ends_with('…')));
    }

    #[test]
    fn raw_html_risks_are_found_through_entities_and_case() {
        let kinds = |h: &str| html_risks(h).into_iter().map(|(at, r)| (at, r.explain())).collect::<Vec<_>>();
        assert_eq!(kinds("<p>Plain <b>bold</b> <a href=\"https://x.org\">x</a></p>"), vec![]);
        assert_eq!(kinds("<SCRIPT>alert(1)</SCRIPT>"), vec![(0, "raw HTML with a `<script>` element".into())]);
        assert_eq!(
            kinds("<img src=x onerror=alert(1)>"),
            vec![(11, "raw HTML with an event handler `onerror=`".into())]
        );
        let encoded = "<a href=\"jav&#x61;script&colon;alert(1)\">x</a>";
        assert_eq!(kinds(encoded), vec![(3, "raw HTML with a `javascript:` URL in `href=`".into())]);
        assert_eq!(kinds("<a href='&#106&#97vascript:x'>x</a>").len(), 1);
        assert_eq!(kinds("<img src=\"data:image/png;base64,AA\">"), vec![]);
        assert_eq!(kinds("<!-- <script> -->"), vec![]);
        assert_eq!(kinds("<a title=\"JavaScript: a guide\">x</a>"), vec![]);
        assert_eq!(kinds("<a href=\"x\"\nonclick=\"y\">").len(), 1);
        assert_eq!(kinds("a < b and <").len(), 0);
    }
}

//! `dossier.yaml`: the site's settings, with defaults for every one, so a folder with only
//! `content/` builds.

use crate::diag::Finding;
use crate::load::locate::Locator;
use crate::load::text::printable;
use crate::load::yaml::parse_yaml;
use serde::Deserialize;

/// How actor mentions in briefing bodies are linked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MentionLinks {
    /// Link the first mention of each actor in a briefing.
    #[default]
    First,
    /// Link every mention.
    All,
    /// Link none (mentions are still found and listed).
    None,
}

/// How dates are written for readers, everywhere on the site (publication dates, events,
/// quotes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DateStyle {
    /// `20 June 2024`, `June 2024`.
    #[default]
    Long,
    /// `20 Jun 2024`, `Jun 2024`.
    Short,
    /// `June 20, 2024`, `June 2024`.
    Us,
    /// `2024-06-20`, `2024-06`.
    Iso,
}

/// The site settings after defaults are applied.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    pub title: String,
    pub description: String,
    /// Absolute URL of the site root, ending in `/`; used for canonical URLs, the feed and the
    /// sitemap, never for navigation.
    pub base_url: String,
    pub language: String,
    pub author: String,
    pub mentions: MentionLinks,
    /// A listing (home, tag, quotes, questions, timeline) stays on one page up to this many
    /// entries, and is split beyond it.
    pub page_size: usize,
    /// How many briefings the Atom feed carries.
    pub feed_limit: usize,
    pub date_style: DateStyle,
    /// The footer's line; empty: the title and the author.
    pub footer: String,
    /// Add "Built with Dossier" to the footer.
    pub credit: bool,
    /// An uncited quote, event or answer is an error rather than a warning.
    pub require_sources: bool,
    /// Relation types added to (or relabelling) the built-in vocabulary, by id.
    pub relation_types: Vec<crate::model::RelationType>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            title: "Briefings".into(),
            description: String::new(),
            base_url: "http://localhost:1111/".into(),
            language: "en".into(),
            author: String::new(),
            mentions: MentionLinks::First,
            page_size: 200,
            feed_limit: 30,
            date_style: DateStyle::Long,
            footer: String::new(),
            credit: false,
            require_sources: false,
            relation_types: Vec::new(),
        }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    title: Option<String>,
    description: Option<String>,
    base_url: Option<String>,
    language: Option<String>,
    author: Option<String>,
    mentions: Option<MentionLinks>,
    page_size: Option<usize>,
    feed_limit: Option<usize>,
    date_style: Option<DateStyle>,
    footer: Option<String>,
    credit: Option<bool>,
    require_sources: Option<bool>,
    relation_types: Option<std::collections::BTreeMap<String, RawRelationType>>,
}

/// An entry of `relation_types`: how the relation reads from each side.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRelationType {
    label: Option<String>,
    inverse: Option<String>,
}

/// Read `dossier.yaml` (if any); problems become findings and the defaults stand in.
pub fn parse(text: Option<&str>, findings: &mut Vec<Finding>) -> Config {
    let mut cfg = Config::default();
    let Some(text) = text else { return cfg };
    let file = "dossier.yaml";
    let loc = Locator::new(text, 1);
    let Some((raw, _)) = parse_yaml::<RawConfig>(text, file, text, &loc, 1, findings) else { return cfg };
    // Strings go into every page, the feed and the export: only what HTML and XML can carry.
    let text_of = |v: Option<String>| v.map(|v| printable(&v).into_owned());
    let raw = RawConfig {
        title: text_of(raw.title),
        description: text_of(raw.description),
        base_url: text_of(raw.base_url),
        language: text_of(raw.language),
        author: text_of(raw.author),
        footer: text_of(raw.footer),
        ..raw
    };
    if let Some(v) = raw.title {
        cfg.title = v;
    }
    if let Some(v) = raw.description {
        cfg.description = v;
    }
    if let Some(v) = raw.base_url {
        cfg.base_url = normalize_base_url(&v);
        if !(cfg.base_url.starts_with("http://") || cfg.base_url.starts_with("https://")) {
            let (l, c) = loc.value("base_url");
            findings.push(
                Finding::error(
                    file,
                    "bad-base-url",
                    format!("`base_url` must be an absolute http(s) URL, found `{v}`"),
                )
                .at(text, l, c)
                .hint("for example `https://example.org/briefings/`"),
            );
        }
    }
    if let Some(v) = raw.language {
        cfg.language = v;
    }
    if let Some(v) = raw.author {
        cfg.author = v;
    }
    if let Some(v) = raw.mentions {
        cfg.mentions = v;
    }
    if let Some(v) = raw.page_size {
        if v == 0 {
            let (l, c) = loc.value("page_size");
            findings.push(Finding::error(file, "bad-setting", "`page_size` must be at least 1").at(text, l, c));
        } else {
            cfg.page_size = v;
        }
    }
    if let Some(v) = raw.feed_limit {
        cfg.feed_limit = v;
    }
    if let Some(v) = raw.date_style {
        cfg.date_style = v;
    }
    if let Some(v) = raw.footer {
        cfg.footer = v;
    }
    if let Some(v) = raw.credit {
        cfg.credit = v;
    }
    if let Some(v) = raw.require_sources {
        cfg.require_sources = v;
    }
    for (id, t) in raw.relation_types.into_iter().flatten() {
        if let Some(t) = relation_type(&id, t, text, &loc, findings) {
            cfg.relation_types.push(t);
        }
    }
    cfg
}

/// A relation type of `relation_types`: its id through the slug gate (it is written in
/// anchors and classes), its labels as printable text; the inverse defaults to the label (a
/// relation that reads the same both ways, such as `ally-of`).
fn relation_type(
    id: &str,
    raw: RawRelationType,
    text: &str,
    loc: &Locator,
    findings: &mut Vec<Finding>,
) -> Option<crate::model::RelationType> {
    let file = "dossier.yaml";
    let path = format!("relation_types.{id}");
    let slug = match crate::model::slug::Slug::parse(id) {
        Ok(s) => s,
        Err(why) => {
            let (message, hint) = why.explain("relation type", id);
            let (l, c) = loc.key(&path);
            findings.push(Finding::error(file, "bad-id", message).at(text, l, c).hint(hint));
            return None;
        }
    };
    let clean = |v: Option<String>| v.map(|v| printable(v.trim()).trim().to_string()).filter(|v| !v.is_empty());
    let Some(label) = clean(raw.label) else {
        let (l, c) = loc.key(&path);
        findings.push(
            Finding::error(file, "missing-field", format!("relation type `{id}` has no `label`"))
                .at(text, l, c)
                .hint("write how it reads from its actor, such as `label: adviser to` (and `inverse: advised by`)"),
        );
        return None;
    };
    let inverse = clean(raw.inverse).unwrap_or_else(|| label.clone());
    Some(crate::model::RelationType { id: slug, label, inverse })
}

/// Ensure the base URL ends with exactly one `/`.
pub fn normalize_base_url(url: &str) -> String {
    format!("{}/", url.trim().trim_end_matches('/'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_without_file() {
        let mut f = Vec::new();
        assert_eq!(parse(None, &mut f), Config::default());
        assert!(f.is_empty());
    }

    #[test]
    fn unknown_key_suggests() {
        let mut f = Vec::new();
        let c = parse(Some("title: Mine\nbase_ulr: https://x.org\n"), &mut f);
        assert_eq!(c.title, "Mine");
        assert_eq!(f[0].line, 2);
        assert_eq!(f[0].hint.as_deref(), Some("did you mean `base_url`?"));
    }

    #[test]
    fn base_url_gets_trailing_slash() {
        let mut f = Vec::new();
        assert_eq!(parse(Some("base_url: https://x.org/sub\n"), &mut f).base_url, "https://x.org/sub/");
    }
}

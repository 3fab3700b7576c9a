//! The theme: built-in templates embedded in the binary, overridden by a site's `templates/`.
//!
//! Template errors (syntax, or a variable a template uses that a page does not have) become
//! findings naming the template file and line.

use crate::diag::Finding;
use crate::load::TemplateFile;
use std::collections::BTreeMap;

/// The built-in templates: (name, source).
pub const BUILTIN: &[(&str, &str)] = &[
    ("base.html", include_str!("../../templates/base.html")),
    ("home.html", include_str!("../../templates/home.html")),
    ("briefing.html", include_str!("../../templates/briefing.html")),
    ("actors.html", include_str!("../../templates/actors.html")),
    ("actor.html", include_str!("../../templates/actor.html")),
    ("timeline.html", include_str!("../../templates/timeline.html")),
    ("questions.html", include_str!("../../templates/questions.html")),
    ("quotes.html", include_str!("../../templates/quotes.html")),
    ("tags.html", include_str!("../../templates/tags.html")),
    ("tag.html", include_str!("../../templates/tag.html")),
    ("404.html", include_str!("../../templates/404.html")),
    ("search.html", include_str!("../../templates/search.html")),
    ("partials/actor-chip.html", include_str!("../../templates/partials/actor-chip.html")),
    ("partials/briefing-relation.html", include_str!("../../templates/partials/briefing-relation.html")),
    ("judgments.html", include_str!("../../templates/judgments.html")),
    ("sources.html", include_str!("../../templates/sources.html")),
    ("source.html", include_str!("../../templates/source.html")),
    ("changes.html", include_str!("../../templates/changes.html")),
    ("partials/card.html", include_str!("../../templates/partials/card.html")),
    ("partials/toc.html", include_str!("../../templates/partials/toc.html")),
    ("partials/event.html", include_str!("../../templates/partials/event.html")),
    ("partials/quote.html", include_str!("../../templates/partials/quote.html")),
    ("partials/question.html", include_str!("../../templates/partials/question.html")),
    ("partials/pager.html", include_str!("../../templates/partials/pager.html")),
    ("partials/network-picture.html", include_str!("../../templates/partials/network-picture.html")),
    ("partials/timeline-picture.html", include_str!("../../templates/partials/timeline-picture.html")),
    ("partials/citations.html", include_str!("../../templates/partials/citations.html")),
    ("partials/likelihood.html", include_str!("../../templates/partials/likelihood.html")),
    ("partials/likelihood-legend.html", include_str!("../../templates/partials/likelihood-legend.html")),
    ("partials/judgment.html", include_str!("../../templates/partials/judgment.html")),
    ("partials/judgments-panel.html", include_str!("../../templates/partials/judgments-panel.html")),
    ("partials/source-meta.html", include_str!("../../templates/partials/source-meta.html")),
    ("partials/source-links.html", include_str!("../../templates/partials/source-links.html")),
    ("partials/sources-section.html", include_str!("../../templates/partials/sources-section.html")),
    ("partials/quote-words.html", include_str!("../../templates/partials/quote-words.html")),
    ("partials/relation.html", include_str!("../../templates/partials/relation.html")),
    ("partials/change.html", include_str!("../../templates/partials/change.html")),
];

/// The compiled theme, where each template came from (for findings) and its source.
pub struct Theme {
    pub tera: tera::Tera,
    /// template name → file shown in findings (`templates/x.html` or `built-in x.html`).
    origin: BTreeMap<String, String>,
    /// template name → source, for placing rendering errors.
    texts: BTreeMap<String, String>,
    /// A hash of every template's name and source: a page's key includes it, since templates
    /// include and extend one another.
    pub fingerprint: u128,
}

impl Theme {
    /// Compile the built-in templates with the site's overrides. Syntax errors are findings.
    pub fn new(overrides: &[TemplateFile], findings: &mut Vec<Finding>) -> Option<Theme> {
        let mut sources: BTreeMap<String, (String, String)> =
            BUILTIN.iter().map(|(n, s)| (n.to_string(), (format!("built-in template {n}"), s.to_string()))).collect();
        for t in overrides {
            sources.insert(t.name.clone(), (t.file.clone(), t.text.clone()));
        }
        let origin: BTreeMap<String, String> = sources.iter().map(|(n, (f, _))| (n.clone(), f.clone())).collect();
        let texts: BTreeMap<String, String> = sources.into_iter().map(|(n, (_, s))| (n, s)).collect();
        let fingerprint = super::key::Key::of(&texts).0;
        let mut tera = tera::Tera::new();
        tera.autoescape_on(vec![".html", ".xml"]);
        let theme_sources: Vec<(&String, &String)> = texts.iter().collect();
        let added = tera.add_raw_templates(theme_sources);
        let theme = Theme { tera, origin, texts, fingerprint };
        match added {
            Ok(()) => Some(theme),
            Err(e) => {
                findings.push(theme.finding(&e));
                None
            }
        }
    }

    /// Render template `name` with `context`; an error is a finding in the template's file.
    #[allow(clippy::result_large_err)] // the error is a finding, a value the caller reports
    pub fn render(&self, name: &str, context: &tera::Context) -> Result<String, Finding> {
        self.tera.render(name, context).map_err(|e| self.finding(&e))
    }

    /// A finding for a template error, placed in the template's file when tera knows the spot:
    /// from the error's report, or from the `--> name:line:col` line of a validation message.
    pub fn finding(&self, e: &tera::Error) -> Finding {
        let mut cur: Option<&(dyn std::error::Error + 'static)> = Some(e);
        while let Some(err) = cur {
            if let Some(te) = err.downcast_ref::<tera::Error>() {
                if let tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) = te.kind() {
                    let span = r.span();
                    return self.placed(r.filename(), span.start_line, span.start_col + 1, r.message());
                }
                if let tera::ErrorKind::Msg(m) = te.kind() {
                    if let Some(f) = self.finding_in_report(m) {
                        return f;
                    }
                }
            }
            cur = err.source();
        }
        Finding::error("templates", "template", format!("template error: {e}"))
    }

    fn placed(&self, name: &str, line: usize, col: usize, msg: &str) -> Finding {
        let file = self.origin.get(name).cloned().unwrap_or_else(|| format!("template {name}"));
        let src = self.texts.get(name).map(String::as_str).unwrap_or("");
        Finding::error(&file, "template", format!("template `{name}`: {msg}")).at(src, line, col)
    }

    /// Parse tera's rendered report (`error: MSG` then ` --> name:line:col`).
    fn finding_in_report(&self, text: &str) -> Option<Finding> {
        let msg = text.lines().find_map(|l| l.trim().strip_prefix("error: "))?;
        let place = text.lines().find_map(|l| l.trim().strip_prefix("--> "))?;
        let mut parts = place.rsplitn(3, ':');
        let col: usize = parts.next()?.parse().ok()?;
        let line: usize = parts.next()?.parse().ok()?;
        let name = parts.next()?;
        Some(self.placed(name, line, col, msg))
    }
}

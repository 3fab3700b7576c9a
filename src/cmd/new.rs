//! `dossier new TITLE`: a new briefing file (`content/briefings/<slug>.md`) with every
//! annotation field stubbed.

use super::Term;
use crate::cli::NewArgs;
use crate::model::slug::Slug;
use anyhow::{bail, Context as _};

/// Today's date (UTC) as `YYYY-MM-DD`, from the system clock.
fn today() -> String {
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
    let z = (secs / 86_400) as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

/// YAML double-quoted string.
fn quoted(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

pub fn stub(title: &str, date: &str) -> String {
    format!(
        r#"---
title: {title}
date: {date}
summary: ""
author: ""
tags: []
draft: true
related: []
# Actors: an id of content/actors/<id>.md, or an inline definition.
actors:
  # - some-actor-id
  # - {{ id: new-actor, name: "New Actor", kind: person, role: "", aliases: [] }}
# Quotes must appear verbatim in the text below.
quotes:
  # - {{ by: some-actor-id, text: "…", context: "", date: {date} }}
questions:
  # - "What is still unknown?"
events:
  # - {{ date: {date}, title: "What happened", actors: [some-actor-id] }}
---

Write the briefing here.
"#,
        title = quoted(title),
        date = date
    )
}

pub fn run(a: NewArgs, term: &mut Term) -> anyhow::Result<u8> {
    // The file name is the briefing's slug: what the gate refuses, a build would refuse too.
    let slug = match Slug::of(&a.title) {
        Ok(slug) => slug,
        Err(why) => match why.substitute() {
            Some(shorter) => shorter,
            None => bail!("the title `{}` has no letters or digits to make a file name from", a.title),
        },
    };
    let content = a.root.join("content");
    if !content.is_dir() {
        bail!("no content/ folder in {} (run `dossier init` first, or pass --root)", a.root.display());
    }
    // Beside the example of `init`: briefings in `content/briefings/`, profiles in
    // `content/actors/`.
    let folder = content.join("briefings");
    std::fs::create_dir_all(&folder).with_context(|| format!("creating {}", folder.display()))?;
    let path = folder.join(format!("{slug}.md"));
    if path.exists() {
        bail!("{} already exists", path.display());
    }
    std::fs::write(&path, stub(&a.title, &today())).with_context(|| format!("writing {}", path.display()))?;
    writeln!(term.out, "created {}", path.display())?;
    Ok(0)
}

#[cfg(test)]
mod tests {
    #[test]
    fn today_is_a_date() {
        let t = super::today();
        assert!(crate::model::date::DateExpr::parse_day(&t).is_ok(), "{t}");
    }
}

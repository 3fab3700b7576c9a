//! `dossier init`: a new site with one annotated example briefing, ready to build.

use super::Term;
use crate::cli::InitArgs;
use anyhow::{bail, Context as _};

const CONFIG: &str = "title: My briefings\ndescription: Briefings on the questions we follow\nbase_url: https://example.org/\nlanguage: en\nauthor: \"\"\n";

const EXAMPLE: &str = r#"---
title: "Example: a ministry announces a port deal"
date: 2024-05-02
summary: "An example briefing: edit it, or delete it and run `dossier new \"Title\"`."
author: Newsroom
tags: [example, trade]
actors:
  - harbour-ministry
  - id: ana-ruiz
    name: Ana Ruiz
    kind: person
    role: Minister of Transport
    affiliation: harbour-ministry
    aliases: [Ruiz, "Minister Ruiz"]
quotes:
  - by: ana-ruiz
    text: "This port will carry a third of our exports within five years."
    context: press conference
    date: 2024-05-02
questions:
  - Who finances the second terminal?
  - text: Was the tender open to foreign bidders?
    status: open
events:
  - date: 2023-11
    title: Tender for the port concession opens
    actors: [harbour-ministry]
  - date: 2024-05-02
    title: Port deal announced
    actors: [ana-ruiz, harbour-ministry]
---

Ana Ruiz, the Minister of Transport, announced the concession on Thursday.
"This port will carry a third of our exports within five years," Ruiz said.

## What we still do not know

The Ministry of Transport did not disclose how the second terminal will be financed.
"#;

const PROFILE: &str = "---\nname: Ministry of Transport\nkind: organization\naliases: [the ministry]\n---\n\nThe government department responsible for ports, roads and railways.\n";

pub fn run(a: InitArgs, term: &mut Term) -> anyhow::Result<u8> {
    let dir = a.dir;
    if dir.join("content").exists() || dir.join("dossier.yaml").exists() {
        bail!("{} already holds a site (it has content/ or dossier.yaml); choose an empty folder", dir.display());
    }
    let files = [
        ("dossier.yaml", CONFIG),
        ("content/briefings/example-port-deal.md", EXAMPLE),
        ("content/actors/harbour-ministry.md", PROFILE),
    ];
    for (path, text) in files {
        let p = dir.join(path);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
        }
        std::fs::write(&p, text).with_context(|| format!("writing {}", p.display()))?;
    }
    std::fs::create_dir_all(dir.join("static"))?;
    std::fs::create_dir_all(dir.join("templates"))?;
    writeln!(term.out, "created a new site in {}", dir.display())?;
    writeln!(term.out, "next: dossier build --root {}   (or dossier serve --root {})", dir.display(), dir.display())?;
    Ok(0)
}

//! A small annotated site for the preview tests: briefings that share actors and tags, link to
//! each other, quote, ask and date things, plus an actor profile.
#![allow(dead_code)]

use std::path::Path;

pub fn write(root: &Path, rel: &str, text: &str) {
    let p = root.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

pub fn briefing(title: &str, date: &str, tags: &[&str], actors: &[&str], body: &str) -> String {
    let tags: String = tags.iter().map(|t| format!("  - {t}\n")).collect();
    let actors_list: String = actors.iter().map(|a| format!("  - {a}\n")).collect();
    let by = actors.first().copied().unwrap_or("ana-ruiz");
    format!(
        "---\ntitle: \"{title}\"\ndate: {date}\nsummary: \"About {title}.\"\ntags:\n{tags}actors:\n{actors_list}\
         quotes:\n  - by: {by}\n    text: \"We said this about {title}.\"\nquestions:\n  - \"What next for {title}?\"\n\
         events:\n  - date: {date}\n    title: \"{title} happened\"\n    actors: [{by}]\n---\n{body}\n"
    )
}

/// The fixture site: three briefings, two actors (one with a profile), tags and links.
pub fn site(root: &Path) {
    write(root, "dossier.yaml", "title: Fixture\npage_size: 2\n");
    write(root, "content/actors/ana-ruiz.md", "---\nname: Ana Ruiz\nkind: person\nrole: Minister\n---\nA minister.\n");
    write(
        root,
        "content/actors/northland.md",
        "---\nname: Northland\nkind: country\n---\nA country.\n",
    );
    write(
        root,
        "content/briefings/alpha.md",
        &briefing("Alpha talks", "2024-01-10", &["talks"], &["ana-ruiz", "northland"], "## Start\n\nAna Ruiz opened. See [beta](beta.md#details)."),
    );
    write(
        root,
        "content/briefings/beta.md",
        &briefing("Beta deal", "2024-02-11", &["talks", "trade"], &["northland"], "## Details\n\nThe deal text."),
    );
    write(
        root,
        "content/briefings/2023/gamma.md",
        &briefing("Gamma review", "2023-05-01", &["trade"], &["ana-ruiz"], "Body of gamma.\n\n```rust\nfn main() {}\n```"),
    );
}

/// The path of the dossier binary built for the tests.
pub fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_dossier")
}

/// Write the fixture's `alpha.md` as it was.
pub fn site_alpha(root: &Path) {
    write(
        root,
        "content/briefings/alpha.md",
        &briefing("Alpha talks", "2024-01-10", &["talks"], &["ana-ruiz", "northland"], "## Start\n\nAna Ruiz opened. See [beta](beta.md#details)."),
    );
}

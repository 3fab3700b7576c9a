//! Incremental rebuilds equal clean builds, byte for byte, through a sequence of edits,
//! additions, renames and deletions; and they re-render only what changed. Every rebuild runs
//! with page-key verification on (`Rebuild::new(_, true)`): a page whose key stayed while its
//! bytes changed fails the rebuild.

use crate::support::preview as common;
use crate::support::search;
use common::{briefing, write};
use dossier::pipeline::{compile, BuildOptions};
use dossier::rebuild::{Outcome, Rebuild};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// A rebuilt site and the output it would have: every file, as the rebuilds' outputs left it.
struct Mirror {
    rebuild: Rebuild,
    files: BTreeMap<String, Vec<u8>>,
    opts: BuildOptions,
}

/// What a step did: pages rendered again, pages of the site, and the outcome.
struct Step {
    rendered: usize,
    total: usize,
    outcome: Outcome,
}

impl Mirror {
    fn new(root: &Path) -> Mirror {
        let opts = BuildOptions { root: root.to_path_buf(), ..Default::default() };
        Mirror { rebuild: Rebuild::new(opts.clone(), true), files: BTreeMap::new(), opts }
    }

    /// Rebuild after `changed`, apply the output, and compare with a clean build: every
    /// output file, every static file and every finding.
    fn step(&mut self, changed: &[PathBuf], step: &str) -> Step {
        let fresh = self.rebuild.is_fresh();
        let made = std::sync::Mutex::new(Vec::new());
        let sink = |f: dossier::render::OutFile| made.lock().unwrap().push(f);
        let mut outcome = self.rebuild.rebuild(changed, &sink).unwrap_or_else(|e| panic!("{step}: {e:#}"));
        let made = made.into_inner().unwrap();
        let clean = compile(&self.opts).unwrap();
        assert_eq!(outcome.findings.items, clean.findings.items, "{step}: the same findings");
        let Some(out) = outcome.output.take() else {
            assert!(clean.findings.has_errors(), "{step}: a rebuild without output, but a clean build has no errors");
            return Step { rendered: 0, total: 0, outcome };
        };
        assert_eq!(out.whole, fresh, "{step}: a fresh rebuild makes the whole site");
        if out.whole {
            self.files.clear();
        }
        self.files.retain(|p, _| out.paths.contains(p));
        for f in &made {
            self.files.insert(f.path.clone(), f.bytes.to_vec());
        }
        let paths: Vec<&String> = clean.files.iter().map(|f| &f.path).collect();
        assert_eq!(self.files.keys().collect::<Vec<_>>(), paths, "{step}: the same files");
        for f in &clean.files {
            assert!(self.files[&f.path] == *f.bytes, "{step}: {} differs from a clean build", f.path);
        }
        let statics =
            |s: &[dossier::write::CopyFile]| s.iter().map(|s| (s.out.clone(), s.from.clone())).collect::<Vec<_>>();
        assert_eq!(statics(&out.statics), statics(&clean.statics), "{step}: the same static files");
        Step { rendered: out.rendered, total: out.pages, outcome }
    }

    fn page(&self, path: &str) -> String {
        String::from_utf8(self.files.get(path).unwrap_or_else(|| panic!("no {path}")).clone()).unwrap()
    }

    /// The search index as the mirror holds it.
    fn search(&self) -> search::Index {
        search::Index::from(|path| self.files.get(path).map(|b| String::from_utf8(b.clone()).unwrap()))
    }
}

#[test]
fn a_sequence_of_edits_matches_clean_builds() {
    let dir = tempfile::tempdir().unwrap();
    let root = std::fs::canonicalize(dir.path()).unwrap();
    common::site(&root);
    let mut m = Mirror::new(&root);
    let p = |rel: &str| root.join(rel);
    let total = m.step(&[], "first build").total;

    // An edit of one body re-renders only the pages that show it.
    let beta = p("content/briefings/beta.md");
    write(
        &root,
        "content/briefings/beta.md",
        &briefing("Beta deal", "2024-02-11", &["talks", "trade"], &["northland"], "## Details\n\nA NEW sentence."),
    );
    let rendered = m.step(std::slice::from_ref(&beta), "body edit").rendered;
    assert!(rendered >= 1 && rendered < total / 2, "a body edit re-rendered {rendered} of {total} pages");
    assert!(m.page("briefings/beta/index.html").contains("A NEW sentence."));

    // Nothing changed: nothing is rendered again.
    assert_eq!(m.step(&[], "no change").rendered, 0);

    // A title edit reaches the listings, the tag pages and the linking briefing.
    write(
        &root,
        "content/briefings/beta.md",
        &briefing("Beta accord", "2024-02-11", &["talks", "trade"], &["northland"], "## Details\n\nText."),
    );
    m.step(std::slice::from_ref(&beta), "title edit");

    // The summary removed, the body kept: the search index shows the body's start instead.
    let beta_text = briefing("Beta accord", "2024-02-11", &["talks", "trade"], &["northland"], "## Details\n\nText.");
    write(&root, "content/briefings/beta.md", &beta_text.replace("summary: \"About Beta accord.\"\n", ""));
    m.step(std::slice::from_ref(&beta), "summary removed");
    assert_eq!(m.search().entry("briefing", "Beta accord").summary, "Details Text. We said this about Beta accord.");
    write(&root, "content/briefings/beta.md", &beta_text);
    m.step(std::slice::from_ref(&beta), "summary back");
    assert_eq!(m.search().entry("briefing", "Beta accord").summary, "About Beta accord.");

    // An event's title recased: its anchor stays, but every picture that draws it changes.
    let recased = beta_text.replace("\"Beta accord happened\"", "\"Beta Accord Happened\"");
    assert_ne!(recased, beta_text);
    write(&root, "content/briefings/beta.md", &recased);
    m.step(std::slice::from_ref(&beta), "event title recased");
    assert!(m.page("timeline/index.html").contains("Beta Accord Happened"));

    // An addition in a new subfolder, with a new tag and a new inline actor.
    write(
        &root,
        "content/briefings/new/deep/delta.md",
        &briefing("Delta", "2024-03-01", &["fresh"], &["ana-ruiz"], "See [alpha](../../alpha.md)."),
    );
    m.step(&[p("content/briefings/new")], "addition in a new folder");

    // A rename (the slug follows the file name) and a deletion.
    std::fs::rename(p("content/briefings/2023/gamma.md"), p("content/briefings/2023/gamma-two.md")).unwrap();
    m.step(&[p("content/briefings/2023/gamma.md"), p("content/briefings/2023/gamma-two.md")], "rename");
    std::fs::remove_file(p("content/briefings/new/deep/delta.md")).unwrap();
    m.step(&[p("content/briefings/new/deep/delta.md")], "deletion");

    // A profile edit, a settings edit, a template override and a static file.
    write(&root, "content/actors/ana-ruiz.md", "---\nname: Ana Ruiz-Soto\nkind: person\n---\nNow foreign minister.\n");
    m.step(&[p("content/actors/ana-ruiz.md")], "profile edit");
    // How a speaker sorts, and the role a link to them previews.
    write(
        &root,
        "content/actors/ana-ruiz.md",
        "---\nname: Ana Ruiz-Soto\nkind: person\nsort_name: Aaa\nrole: Minister\n---\nNow foreign minister.\n",
    );
    m.step(&[p("content/actors/ana-ruiz.md")], "sort name and role");
    write(&root, "dossier.yaml", "title: Fixture Two\npage_size: 1\n");
    m.step(&[p("dossier.yaml")], "settings edit");
    write(
        &root,
        "templates/tag.html",
        "{% extends \"base.html\" %}{% block content %}<h1>TAG {{ page.tag }}</h1>{% endblock %}",
    );
    let s = m.step(&[p("templates/tag.html")], "template override");
    assert_eq!(s.rendered, s.total, "a template change renders every page again");
    write(&root, "static/extra.css", "p { color: #222 }");
    m.step(&[p("static/extra.css")], "static file");

    // A bad save, then its fix: the same findings as a clean build, then the same site.
    write(&root, "content/briefings/alpha.md", "---\ntitle: [broken\n---\nx\n");
    m.step(&[p("content/briefings/alpha.md")], "bad save");
    common::site_alpha(&root);
    m.step(&[p("content/briefings/alpha.md")], "fixed");
}

#[test]
fn relation_and_change_edits_match_clean_builds() {
    let (_dir, root) = common::temp_site();
    let mut m = Mirror::new(&root);
    let p = |rel: &str| root.join(rel);
    m.step(&[], "first build");

    // A relation on a profile: both actors' pages, the pictures, the export.
    let ana = "content/actors/ana-ruiz.md";
    let profile = |rel: &str| format!("---\nname: Ana Ruiz\nkind: person\nrole: Minister\n{rel}---\nA minister.\n");
    write(&root, ana, &profile("relations:\n  - {to: northland, type: leader-of, since: 2020}\n"));
    m.step(&[p(ana)], "relation added on a profile");
    assert!(m.page("actors/northland/index.html").contains("Led by"));
    write(&root, ana, &profile("relations:\n  - {to: northland, type: leader-of, since: 2020, until: 2023-06}\n"));
    m.step(&[p(ana)], "relation dated");
    write(&root, ana, &profile("relations:\n  - {to: northland, type: leadr-of, since: 2020}\n"));
    assert!(m.step(&[p(ana)], "relation with an unknown type").outcome.output.is_none());
    write(
        &root,
        ana,
        &profile("relations:\n  - {to: northland, type: adviser-to}\nlinks: [\"https://example.org/ana\"]\n"),
    );
    write(
        &root,
        "dossier.yaml",
        "title: Fixture\npage_size: 2\nrelation_types:\n  adviser-to: {label: adviser to, inverse: advised by}\n",
    );
    m.step(&[p(ana), p("dossier.yaml")], "a type of the site's own, and links");
    write(
        &root,
        "dossier.yaml",
        "title: Fixture\npage_size: 2\nrelation_types:\n  adviser-to: {label: counsel to, inverse: counselled by}\n",
    );
    m.step(&[p("dossier.yaml")], "the type's labels edited");
    assert!(m.page("actors/northland/index.html").contains("Counselled by"));

    // A relation in a briefing, then a change note on it, edited and removed.
    let beta = p("content/briefings/beta.md");
    let text = beta_body("The deal text.");
    let with = |extra: &str| text.replacen("---\n", &format!("---\n{extra}"), 1);
    write(
        &root,
        "content/briefings/beta.md",
        &with("relations:\n  - {from: northland, to: ana-ruiz, type: employs}\n"),
    );
    assert!(m.step(std::slice::from_ref(&beta), "a label for a type").outcome.output.is_none());
    write(
        &root,
        "content/briefings/beta.md",
        &with("relations:\n  - {from: ana-ruiz, to: northland, type: member-of}\n"),
    );
    m.step(std::slice::from_ref(&beta), "relation in a briefing");
    let changed = |note: &str| with(&format!("changes:\n  - {{date: 2024-03-01, note: {note}}}\n"));
    write(&root, "content/briefings/beta.md", &changed("Figures corrected"));
    m.step(std::slice::from_ref(&beta), "change added");
    assert!(m.page("changes/index.html").contains("Figures corrected"));
    assert!(m.page("changes/atom.xml").contains("Figures corrected"));
    write(&root, "content/briefings/beta.md", &changed("Figures corrected again"));
    m.step(std::slice::from_ref(&beta), "change note edited");
    let edited = changed("Figures corrected again").replace("The deal text.", "The deal text, revised.");
    write(&root, "content/briefings/beta.md", &edited);
    m.step(std::slice::from_ref(&beta), "body edited beside a change");
    write(&root, "content/briefings/beta.md", &text);
    m.step(std::slice::from_ref(&beta), "change and relation removed");
    assert!(!m.page("changes/index.html").contains("Figures corrected"));

    // A question answered by a newer briefing shows on what's new.
    let alpha = p("content/briefings/alpha.md");
    let alpha_text = std::fs::read_to_string(&alpha).unwrap();
    let answered = alpha_text.replace(
        "questions:\n  - \"What next for Alpha talks?\"\n",
        "questions:\n  - {text: \"What next?\", status: answered, answered_by: beta}\n",
    );
    assert_ne!(answered, alpha_text);
    write(&root, "content/briefings/alpha.md", &answered);
    m.step(std::slice::from_ref(&alpha), "question answered by a newer briefing");
    assert!(m.page("changes/index.html").contains("news-answered"));
}

#[test]
fn a_replaced_file_is_reread_without_a_watcher_report() {
    // An atomic save gives the file a new inode: the stamp alone detects it.
    let dir = tempfile::tempdir().unwrap();
    let root = std::fs::canonicalize(dir.path()).unwrap();
    common::site(&root);
    let mut m = Mirror::new(&root);
    m.step(&[], "first build");
    let target = root.join("content/briefings/beta.md");
    let tmp: &Path = &root.join("content/briefings/.beta.md.tmp");
    std::fs::write(tmp, beta_body("Swapped in.")).unwrap();
    std::fs::rename(tmp, &target).unwrap();
    m.step(&[], "atomic save, unreported");
    assert!(m.page("briefings/beta/index.html").contains("Swapped in."));
}

/// The fixture's `beta.md` with another body under its `## Details` heading.
fn beta_body(text: &str) -> String {
    briefing("Beta deal", "2024-02-11", &["talks", "trade"], &["northland"], &format!("## Details\n\n{text}"))
}

#[test]
fn body_edits_take_the_quick_path_and_match_clean_builds() {
    let (_dir, root) = common::temp_site();
    let mut m = Mirror::new(&root);
    m.step(&[], "first build");
    let beta = root.join("content/briefings/beta.md");
    let alpha = root.join("content/briefings/alpha.md");

    write(&root, "content/briefings/beta.md", &beta_body("The deal text, *revised* at length."));
    let s = m.step(std::slice::from_ref(&beta), "body edit");
    assert!(s.outcome.quick, "a body edit takes the quick path");
    assert_eq!(s.rendered, 1, "a body edit renders its page (and the search index and the feed)");
    assert!(m.page("briefings/beta/index.html").contains("<em>revised</em>"));
    assert!(m.search().find("revised").iter().any(|e| e.title == "Beta deal"));

    // A word that opens a shard of the index of its own, then its removal: the index's files
    // come and go as in a clean build.
    write(&root, "content/briefings/beta.md", &beta_body("The deal text, revised at length by a zyzzyva."));
    let s = m.step(std::slice::from_ref(&beta), "a new shard");
    assert!(s.outcome.quick);
    assert!(m.files.contains_key("search/t/zy.js"));
    assert_eq!(m.search().find("zyzzyva")[0].title, "Beta deal");
    write(&root, "content/briefings/beta.md", &beta_body("The deal text, *revised* at length."));
    let s = m.step(std::slice::from_ref(&beta), "a shard gone");
    assert!(s.outcome.quick && !m.files.contains_key("search/t/zy.js"));

    // A paragraph written twice: the warning appears, then goes when the text is fixed.
    let twice = "This paragraph is long enough to count as a repeated one.";
    write(&root, "content/briefings/beta.md", &beta_body(&format!("{twice}\n\n{twice}")));
    let s = m.step(std::slice::from_ref(&beta), "duplicate paragraph");
    assert!(s.outcome.quick && s.outcome.findings.items.iter().any(|f| f.code == "duplicate-paragraph"));
    write(&root, "content/briefings/beta.md", &beta_body(twice));
    let s = m.step(std::slice::from_ref(&beta), "duplicate removed");
    assert!(s.outcome.quick && !s.outcome.findings.items.iter().any(|f| f.code == "duplicate-paragraph"));

    // Two bodies saved together.
    write(
        &root,
        "content/briefings/alpha.md",
        &common::alpha("## Start\n\nAna Ruiz opened the talks. See [beta](beta.md#details)."),
    );
    write(&root, "content/briefings/beta.md", &beta_body("Both changed."));
    let s = m.step(&[alpha, beta.clone()], "two bodies");
    assert!(s.outcome.quick);
    assert_eq!(s.rendered, 2);

    // Raw HTML that can run script: the warning comes and goes as in a clean build.
    write(&root, "content/briefings/beta.md", &beta_body("Both changed. <img src=x onerror=alert(1)>"));
    let s = m.step(std::slice::from_ref(&beta), "unsafe html");
    assert!(s.outcome.quick && s.outcome.findings.items.iter().any(|f| f.code == "unsafe-html"));
    // A script URL is an error: the quick path writes nothing.
    write(&root, "content/briefings/beta.md", &beta_body("Both changed. [x](javascript:alert(1))"));
    let s = m.step(std::slice::from_ref(&beta), "script url");
    assert!(s.outcome.quick && s.outcome.output.is_none(), "a body with a script URL was written");
    assert!(s.outcome.findings.items.iter().any(|f| f.code == "bad-url"), "{}", s.outcome.findings.render());

    write(&root, "content/briefings/beta.md", &beta_body("Short again."));
    m.step(std::slice::from_ref(&beta), "fixed");
    assert!(m.page("briefings/beta/index.html").contains("1 min read"));
    // A longer text takes longer to read: the reading time follows the quick path too.
    write(&root, "content/briefings/beta.md", &beta_body(&"word ".repeat(700)));
    let s = m.step(std::slice::from_ref(&beta), "longer body");
    assert!(s.outcome.quick && m.page("briefings/beta/index.html").contains("4 min read"));
    // Sections renamed: the table of contents changes with them (not a quick edit).
    let sections = "## One\n\nA.\n\n## Two\n\nB.\n\n## Three\n\nC.\n";
    write(&root, "content/briefings/beta.md", &beta_body(sections));
    m.step(std::slice::from_ref(&beta), "three sections");
    write(&root, "content/briefings/beta.md", &beta_body(&sections.replace("Two", "Second")));
    m.step(std::slice::from_ref(&beta), "a section renamed");
    assert!(m.page("briefings/beta/index.html").contains("<a href=\"#second\">Second</a>"));
}

#[test]
fn edits_that_reach_other_pages_fall_back_to_a_full_rebuild() {
    let (_dir, root) = common::temp_site();
    let mut m = Mirror::new(&root);
    m.step(&[], "first build");
    let beta = root.join("content/briefings/beta.md");
    let edits = [
        ("a new mention (Ana Ruiz's page lists it)", beta_body("Ana Ruiz joined.")),
        ("a new link (alpha's backlinks)", beta_body("See [alpha](alpha.md).")),
        (
            "a heading alpha links to, removed",
            briefing("Beta deal", "2024-02-11", &["talks", "trade"], &["northland"], "Text."),
        ),
        ("front matter", beta_body("The deal text.").replace("Beta deal\"", "Beta treaty\"")),
        (
            "a quote no longer in the text",
            briefing("Beta deal", "2024-02-11", &["talks", "trade"], &["northland"], "## Details\n\nx")
                .replace("\n\nWe said this about Beta deal.\n", "\n"),
        ),
    ];
    for (what, text) in edits {
        write(&root, "content/briefings/beta.md", &text);
        // The full rebuild equals a clean build.
        let s = m.step(std::slice::from_ref(&beta), what);
        assert!(!s.outcome.quick, "{what}: no quick path");
    }
    // A profile is not a briefing body.
    write(&root, "content/actors/northland.md", "---\nname: Northland\nkind: country\n---\nA large country.\n");
    let s = m.step(&[root.join("content/actors/northland.md")], "profile edit");
    assert!(!s.outcome.quick, "profile edit");
}

#[test]
fn a_rebuild_scans_and_renders_again_only_what_changed() {
    let (_dir, root) = common::temp_site();
    // Gamma's body shows beta's title and Northland's name through label-less wiki links.
    write(
        &root,
        "content/briefings/2023/gamma.md",
        &briefing("Gamma review", "2023-05-01", &["trade"], &["ana-ruiz"], "See [[beta]] and [[@northland]]."),
    );
    let mut m = Mirror::new(&root);
    let p = |rel: &str| root.join(rel);
    let s = m.step(&[], "first build");
    assert_eq!((s.outcome.scanned, s.outcome.searched), (3, 3), "the first build scans and searches every body");
    assert_eq!(s.rendered, s.total, "the first build renders every page");

    let s = m.step(&[], "no change");
    assert_eq!(s.rendered, 0, "nothing changed, no page is rendered");
    assert_eq!((s.outcome.scanned, s.outcome.searched), (0, 0), "nothing changed, no body is scanned or searched");

    // A new title for beta: gamma's label follows.
    write(
        &root,
        "content/briefings/beta.md",
        &briefing("Beta accord", "2024-02-11", &["talks"], &["northland"], "## Details\n\nThe deal text."),
    );
    let s = m.step(&[p("content/briefings/beta.md")], "title edit");
    assert_eq!((s.outcome.scanned, s.outcome.searched), (1, 1), "only beta's file changed");
    assert!(m.page("briefings/gamma/index.html").contains("Beta accord</a>"));

    // A new name for Northland reaches gamma's wiki link and beta's quoted passage (Northland
    // speaks there, and the passage names its speaker).
    write(&root, "content/actors/northland.md", "---\nname: Northland Republic\nkind: country\n---\nA country.\n");
    let s = m.step(&[p("content/actors/northland.md")], "actor rename");
    assert_eq!(s.outcome.scanned, 0, "a profile edit scans no body");
    assert_eq!(s.outcome.searched, 0, "no body holds Northland's old or new name");
    assert!(s.rendered < s.total, "an actor rename renders only the pages that show the actor");
    assert!(m.page("briefings/gamma/index.html").contains("Northland Republic</a>"));

    // Mentions are searched for again only in bodies holding a name or alias whose meaning
    // changed: an alias that beta's body holds makes a mention there...
    let northland = "---\nname: Northland Republic\nkind: country\naliases: [deal]\n---\nA country.\n";
    write(&root, "content/actors/northland.md", northland);
    let s = m.step(&[p("content/actors/northland.md")], "alias added");
    assert_eq!(s.outcome.searched, 1, "beta's body, which holds the alias");
    assert!(m.page("briefings/beta/index.html").contains("class=\"mention\""));
    // ...and a new name for Ana Ruiz, which alpha's body holds, unlinks her there and moves her
    // after Northland among the actors: beta's mention, kept, must follow Northland.
    let ana = "---\nname: Zora Ruiz\nkind: person\nrole: Minister\n---\nA minister.\n";
    write(&root, "content/actors/ana-ruiz.md", ana);
    let s = m.step(&[p("content/actors/ana-ruiz.md")], "named actor renamed");
    assert_eq!(s.outcome.searched, 1, "alpha's body, which names Ana Ruiz");

    // A new slug for beta, with alpha's and gamma's links to it updated in the same save.
    std::fs::rename(p("content/briefings/beta.md"), p("content/briefings/beta-two.md")).unwrap();
    write(
        &root,
        "content/briefings/alpha.md",
        &common::alpha("## Start\n\nAna Ruiz opened. See [beta](beta-two.md#details)."),
    );
    write(
        &root,
        "content/briefings/2023/gamma.md",
        &briefing("Gamma review", "2023-05-01", &["trade"], &["ana-ruiz"], "See [[beta-two]] and [[@northland]]."),
    );
    let changed = ["content/briefings/beta.md", "content/briefings/beta-two.md", "content/briefings/alpha.md"];
    let mut changed: Vec<PathBuf> = changed.iter().map(|c| p(c)).collect();
    changed.push(p("content/briefings/2023/gamma.md"));
    m.step(&changed, "slug change");
    assert!(m.page("briefings/alpha/index.html").contains("../../briefings/beta-two/#details"));

    // Without Northland's profile, the first of these quotes has no speaker and is left out of
    // the quote checks: the body's file is the same, its checks are not (the second quote must
    // not take the first one's passage).
    write(
        &root,
        "content/briefings/delta.md",
        "---\ntitle: Delta\ndate: 2024-03-01\nactors: [ana-ruiz]\nquotes:\n  - by: northland\n    text: \"First words.\"\n  - by: ana-ruiz\n    text: \"Second words.\"\n---\nFirst words. Then other text. Second words.\n",
    );
    m.step(&[p("content/briefings/delta.md")], "two speakers");
    let profile = p("content/actors/northland.md");
    let text = std::fs::read_to_string(&profile).unwrap();
    std::fs::remove_file(&profile).unwrap();
    m.step(std::slice::from_ref(&profile), "speaker gone");
    std::fs::write(&profile, text).unwrap();
    m.step(std::slice::from_ref(&profile), "speaker back");
}

#[test]
fn a_mention_that_moves_to_another_actor_is_linked_anew() {
    // The same words, at the same place in the same body, name another actor after a save of
    // two profiles: the link must follow, though nothing in the body changed.
    let (_dir, root) = common::temp_site();
    let both =
        briefing("Beta deal", "2024-02-11", &["talks"], &["northland", "ana-ruiz"], "## Details\n\nThe deal text.");
    write(&root, "content/briefings/beta.md", &both);
    let profile =
        |name: &str, kind: &str, aliases: &str| format!("---\nname: {name}\nkind: {kind}\n{aliases}---\nBio.\n");
    write(&root, "content/actors/northland.md", &profile("Northland", "country", "aliases: [\"deal text\"]\n"));
    write(&root, "content/actors/ana-ruiz.md", &profile("Ana Ruiz", "person", ""));
    let mut m = Mirror::new(&root);
    m.step(&[], "alias on northland");
    let beta = m.page("briefings/beta/index.html");
    assert!(beta.contains("<a class=\"mention\" href=\"../../actors/northland/\">deal text</a>"), "{beta}");

    let changed = [root.join("content/actors/northland.md"), root.join("content/actors/ana-ruiz.md")];
    write(&root, "content/actors/northland.md", &profile("Northland", "country", ""));
    write(&root, "content/actors/ana-ruiz.md", &profile("Ana Ruiz", "person", "aliases: [\"deal text\"]\n"));
    m.step(&changed, "alias moved to ana-ruiz");
    let beta = m.page("briefings/beta/index.html");
    assert!(beta.contains("<a class=\"mention\" href=\"../../actors/ana-ruiz/\">deal text</a>"), "{beta}");
}

#[test]
fn an_image_replaced_or_newly_shown_reaches_the_page_that_shows_its_size() {
    use crate::figures::png;
    let (_dir, root) = common::temp_site();
    let pictures = root.join("content/briefings/beta");
    std::fs::create_dir_all(&pictures).unwrap();
    let map = pictures.join("map.png");
    std::fs::write(&map, png(40, 24)).unwrap();
    let beta = root.join("content/briefings/beta.md");
    write(&root, "content/briefings/beta.md", &beta_body("![A map](beta/map.png \"The map. Credit: Desk\")"));
    let mut m = Mirror::new(&root);
    m.step(&[], "first build");
    assert!(m.page("briefings/beta/index.html").contains("width=\"40\" height=\"24\""));

    // The picture replaced by one of another size (saved atomically: a new file at the path).
    let tmp = pictures.join(".map.png.tmp");
    std::fs::write(&tmp, png(80, 30)).unwrap();
    std::fs::rename(&tmp, &map).unwrap();
    let s = m.step(std::slice::from_ref(&map), "image replaced");
    assert!(!s.outcome.quick);
    assert!(m.page("briefings/beta/index.html").contains("width=\"80\" height=\"30\""), "the new size is shown");
    assert!(s.rendered >= 1 && s.rendered < s.total / 2, "an image re-rendered {} of {} pages", s.rendered, s.total);

    // Rewritten in place at the same size: no page changes (the file is copied again).
    std::fs::write(&map, png(80, 30)).unwrap();
    assert_eq!(m.step(std::slice::from_ref(&map), "image rewritten").rendered, 0);

    // A body edit that shows another file of the folder publishes it (a full rebuild: the
    // files the site copies change).
    std::fs::write(pictures.join("chart.png"), png(10, 5)).unwrap();
    write(
        &root,
        "content/briefings/beta.md",
        &beta_body("![A map](beta/map.png)\n\nAnd ![a chart](beta/chart.png) inline."),
    );
    m.step(&[beta.clone(), pictures.join("chart.png")], "image added");
    assert!(m.page("briefings/beta/index.html").contains("width=\"10\" height=\"5\""));

    // A body edit that keeps the same files takes the quick path.
    write(
        &root,
        "content/briefings/beta.md",
        &beta_body("![A map](beta/map.png)\n\nNow ![a chart](beta/chart.png \"Chart\")."),
    );
    assert!(m.step(std::slice::from_ref(&beta), "caption edit").outcome.quick);

    // The picture deleted: a broken link, and the site stays as it was.
    std::fs::remove_file(&map).unwrap();
    let s = m.step(std::slice::from_ref(&map), "image deleted");
    assert!(s.outcome.findings.items.iter().any(|f| f.code == "broken-link"));
}

#[test]
fn sources_citations_and_judgments_rebuild_as_clean_builds_do() {
    let (_dir, root) = common::temp_site();
    let mut m = Mirror::new(&root);
    m.step(&[], "first build");
    let beta = root.join("content/briefings/beta.md");
    let wire = root.join("content/sources/wire.md");
    let profile = |title: &str| {
        format!("---\ntitle: \"{title}\"\nurl: https://example.org/wire\narchive_url: https://archive.org/wire\nkind: article\n---\nA wire report.\n")
    };
    // A beta that cites the wire in its text (`locator`) and rests a judgment on it.
    let cited = |locator: &str, judgment: &str| {
        beta_body(&format!("The deal text.[[^wire|{locator}]]")).replace(
            "quotes:\n",
            &format!("judgments:\n  - id: deal-holds\n    text: \"{judgment}\"\n    likelihood: likely\n    basis: [wire]\nquotes:\n"),
        )
    };

    write(&root, "content/sources/wire.md", &profile("Wire report"));
    m.step(std::slice::from_ref(&wire), "a source profile in a new folder");
    write(&root, "content/briefings/beta.md", &cited("para. 2", "The deal will likely hold."));
    m.step(std::slice::from_ref(&beta), "a citation and a judgment");
    assert!(m.page("sources/wire/index.html").contains("The deal will likely hold."));
    assert!(m.page("judgments/index.html").contains("The deal will likely hold."));

    // The locator alone changes: the briefing's note and Sources section follow.
    write(&root, "content/briefings/beta.md", &cited("para. 3", "The deal will likely hold."));
    m.step(std::slice::from_ref(&beta), "a locator");
    assert!(m.page("briefings/beta/index.html").contains("para. 3"));

    // The profile's title reaches every page that names the source.
    write(&root, "content/sources/wire.md", &profile("Wire dispatch"));
    m.step(std::slice::from_ref(&wire), "a source title");
    assert!(m.page("briefings/beta/index.html").contains("Wire dispatch"));
    assert!(m.page("judgments/index.html").contains("Wire dispatch"));

    // A judgment's words no longer match its likelihood: the warning as in a clean build.
    write(&root, "content/briefings/beta.md", &cited("para. 3", "The deal will almost certainly hold."));
    let s = m.step(std::slice::from_ref(&beta), "a judgment reworded");
    assert!(s.outcome.findings.items.iter().any(|f| f.code == "estimative-mismatch"));

    // The profile removed: the citation is unknown, nothing is written; then it comes back.
    std::fs::remove_file(&wire).unwrap();
    let s = m.step(std::slice::from_ref(&wire), "a source removed");
    assert!(s.outcome.findings.items.iter().any(|f| f.code == "unknown-source"));
    write(&root, "content/sources/wire.md", &profile("Wire dispatch"));
    m.step(std::slice::from_ref(&wire), "the source back");
    assert!(m.page("sources/wire/index.html").contains("Wire dispatch"));
}

#[test]
fn an_inline_source_gets_its_page_when_a_second_briefing_cites_it_and_loses_it_after() {
    let (_dir, root) = common::temp_site();
    let mut m = Mirror::new(&root);
    m.step(&[], "first build");
    let alpha = root.join("content/briefings/alpha.md");
    let beta = root.join("content/briefings/beta.md");
    let memo = "sources:\n  - id: memo\n    title: Talks memo\n    notes: Leaked to *three* outlets.\nquotes:\n";
    write(&root, "content/briefings/beta.md", &beta_body("The deal text.[[^memo]]").replacen("quotes:\n", memo, 1));
    m.step(std::slice::from_ref(&beta), "an inline source cited by its own briefing");
    // No page: the note and /sources/ go to its entry in beta's Sources section, with its notes.
    assert!(!m.files.contains_key("sources/memo/index.html"));
    let page = m.page("briefings/beta/index.html");
    assert!(page.contains("id=\"source-memo\"") && page.contains("<em>three</em>"), "{page}");
    assert!(m.page("sources/index.html").contains("href=\"../briefings/beta/#source-memo\""));

    // Alpha cites it too: it has its page, and beta's Sources section links to it.
    let alpha_text = std::fs::read_to_string(&alpha).unwrap().replace("Ana Ruiz opened.", "Ana Ruiz opened.[[^memo]]");
    write(&root, "content/briefings/alpha.md", &alpha_text);
    m.step(std::slice::from_ref(&alpha), "a second briefing cites it");
    assert!(m.page("sources/memo/index.html").contains("Alpha talks"));
    assert!(m.page("briefings/beta/index.html").contains("href=\"../../sources/memo/\""));
    assert!(m.page("sources/index.html").contains("href=\"../sources/memo/\""));

    // Alpha stops citing it: the page goes, and the links go back to beta's section.
    write(&root, "content/briefings/alpha.md", &alpha_text.replace("[[^memo]]", ""));
    m.step(std::slice::from_ref(&alpha), "the second citation removed");
    assert!(!m.files.contains_key("sources/memo/index.html"));
    assert!(m.page("sources/index.html").contains("href=\"../briefings/beta/#source-memo\""));
}

#[test]
fn relation_and_change_citations_rebuild_as_clean_builds_do() {
    let (_dir, root) = common::temp_site();
    let mut m = Mirror::new(&root);
    m.step(&[], "first build");
    let wire = root.join("content/sources/wire.md");
    write(&root, "content/sources/wire.md", "---\ntitle: Wire report\n---\n");
    m.step(std::slice::from_ref(&wire), "a source profile");

    // A profile's relation cites the wire: its page lists the relation, both actors show it.
    let ana = root.join("content/actors/ana-ruiz.md");
    let profile = |cite: &str| {
        format!("---\nname: Ana Ruiz\nkind: person\nrelations:\n  - {{to: northland, type: leader-of{cite}}}\n---\nA minister.\n")
    };
    write(&root, "content/actors/ana-ruiz.md", &profile(", source: wire, locator: para. 1"));
    m.step(std::slice::from_ref(&ana), "a relation cites a source");
    assert!(m.page("sources/wire/index.html").contains("Ana Ruiz"));
    assert!(m.page("actors/northland/index.html").contains("Wire report"));
    write(&root, "content/actors/ana-ruiz.md", &profile(", source: wire, locator: para. 2"));
    m.step(std::slice::from_ref(&ana), "the relation's locator");
    assert!(m.page("sources/wire/index.html").contains("para. 2"));

    // It cites an inline source of beta instead: that source gets a page (a profile cites it),
    // and the wire's page no longer lists the relation.
    let beta = root.join("content/briefings/beta.md");
    let memo = "sources:\n  - id: memo\n    title: Talks memo\nquotes:\n";
    let beta_text = beta_body("The deal text.[[^memo]]").replacen("quotes:\n", memo, 1);
    write(&root, "content/briefings/beta.md", &beta_text);
    write(&root, "content/actors/ana-ruiz.md", &profile(", sources: [memo]"));
    m.step(&[beta.clone(), ana.clone()], "the relation cites an inline source");
    assert!(m.page("sources/memo/index.html").contains("Ana Ruiz"));
    assert!(!m.page("sources/wire/index.html").contains("Ana Ruiz"));

    // A change of beta cites the wire; then the relation cites nothing and memo has no page.
    let changed = beta_text.replacen(
        "---\n",
        "---\nchanges:\n  - {date: 2024-03-01, note: Figures corrected, source: wire, locator: p. 4}\n",
        1,
    );
    write(&root, "content/briefings/beta.md", &changed);
    m.step(std::slice::from_ref(&beta), "a change cites a source");
    assert!(m.page("sources/wire/index.html").contains("Figures corrected"));
    assert!(m.page("briefings/beta/index.html").contains("p. 4"));
    write(&root, "content/actors/ana-ruiz.md", &profile(""));
    m.step(std::slice::from_ref(&ana), "the relation cites nothing");
    assert!(!m.files.contains_key("sources/memo/index.html"));
    // An unknown source on the relation: nothing is written, the finding as in a clean build.
    write(&root, "content/actors/ana-ruiz.md", &profile(", source: wyre"));
    let s = m.step(std::slice::from_ref(&ana), "the relation cites an unknown source");
    assert!(s.outcome.findings.items.iter().any(|f| f.code == "unknown-source"));
}

#[test]
fn a_body_edit_while_another_briefing_cannot_be_read_keeps_the_findings_of_a_clean_build() {
    let (_dir, root) = common::temp_site();
    let mut m = Mirror::new(&root);
    let alpha = root.join("content/briefings/alpha.md");
    let beta = root.join("content/briefings/beta.md");
    common::write(&root, "content/briefings/alpha.md", &common::alpha("## Start\n\nAna Ruiz opened. See [[beta]]."));
    m.step(&[], "first build");
    // beta cannot be read: alpha's link to it says so in its hint.
    write(&root, "content/briefings/beta.md", "---\ntitle: [Beta deal\n---\nThe deal text.\n");
    let s = m.step(std::slice::from_ref(&beta), "beta broken");
    let link = s.outcome.findings.items.iter().find(|f| f.code == "broken-link").expect("alpha's link to beta");
    assert!(link.hint.as_deref().unwrap_or("").contains("beta.md could not be read"), "{:?}", link.hint);
    // A body edit of alpha: its link's finding is replaced, not doubled.
    common::write(
        &root,
        "content/briefings/alpha.md",
        &common::alpha("## Start\n\nAna Ruiz opened at length. See [[beta]]."),
    );
    let s = m.step(std::slice::from_ref(&alpha), "alpha edited");
    assert_eq!(s.outcome.findings.items.iter().filter(|f| f.code == "broken-link").count(), 1);
}

//! Incremental rebuilds equal clean builds, byte for byte, through a sequence of edits,
//! additions, renames and deletions; and they re-render only what changed.

use crate::support::preview as common;
use common::{briefing, write};
use dossier::pipeline::{compile, compile_with, BuildOptions, Incremental};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Compare an incremental compile with a clean one: every output file and every static file.
fn assert_same(opts: &BuildOptions, state: &mut Incremental, changed: &[PathBuf], step: &str) -> (usize, usize) {
    state.invalidate(changed);
    let inc = compile_with(opts, state).unwrap();
    let clean = compile(opts).unwrap();
    let paths = |c: &dossier::Compiled| c.files.iter().map(|f| f.path.clone()).collect::<Vec<_>>();
    assert_eq!(paths(&inc), paths(&clean), "{step}: the same files");
    for (a, b) in inc.files.iter().zip(&clean.files) {
        assert!(a.bytes == b.bytes, "{step}: {} differs from a clean build", a.path);
    }
    let statics = |c: &dossier::Compiled| c.statics.iter().map(|s| (s.out.clone(), s.from.clone())).collect::<Vec<_>>();
    assert_eq!(statics(&inc), statics(&clean), "{step}: the same static files");
    assert_eq!(inc.findings.items, clean.findings.items, "{step}: the same findings");
    (state.pages.rendered, inc.files.iter().filter(|f| f.path.ends_with(".html")).count())
}

fn page(opts: &BuildOptions, path: &str) -> String {
    let c = compile(opts).unwrap();
    let f = c.files.iter().find(|f| f.path == path).unwrap_or_else(|| panic!("no {path}"));
    String::from_utf8(f.bytes.to_vec()).unwrap()
}

#[test]
fn a_sequence_of_edits_matches_clean_builds() {
    let dir = tempfile::tempdir().unwrap();
    let root = std::fs::canonicalize(dir.path()).unwrap();
    common::site(&root);
    let opts = BuildOptions { root: root.clone(), ..Default::default() };
    let mut state = Incremental::default();
    let p = |rel: &str| root.join(rel);
    let (_, total) = assert_same(&opts, &mut state, &[], "first build");

    // An edit of one body re-renders only the pages that show it.
    let beta = p("content/briefings/beta.md");
    write(
        &root,
        "content/briefings/beta.md",
        &briefing("Beta deal", "2024-02-11", &["talks", "trade"], &["northland"], "## Details\n\nA NEW sentence."),
    );
    let (rendered, _) = assert_same(&opts, &mut state, std::slice::from_ref(&beta), "body edit");
    assert!(rendered >= 1 && rendered < total / 2, "a body edit re-rendered {rendered} of {total} pages");
    assert!(page(&opts, "briefings/beta/index.html").contains("A NEW sentence."));

    // Nothing changed: nothing is rendered again.
    let (rendered, _) = assert_same(&opts, &mut state, &[], "no change");
    assert_eq!(rendered, 0);

    // A title edit reaches the listings, the tag pages and the linking briefing.
    write(
        &root,
        "content/briefings/beta.md",
        &briefing("Beta accord", "2024-02-11", &["talks", "trade"], &["northland"], "## Details\n\nText."),
    );
    assert_same(&opts, &mut state, std::slice::from_ref(&beta), "title edit");

    // The summary removed, the body kept: the search index shows the body's start instead
    // (what it read from the body is kept between rebuilds, and must serve this too).
    let beta_text = briefing("Beta accord", "2024-02-11", &["talks", "trade"], &["northland"], "## Details\n\nText.");
    write(&root, "content/briefings/beta.md", &beta_text.replace("summary: \"About Beta accord.\"\n", ""));
    assert_same(&opts, &mut state, std::slice::from_ref(&beta), "summary removed");
    assert!(page(&opts, "search/index.js").contains("\"Details Text. We said this about Beta accord.\""));
    write(&root, "content/briefings/beta.md", &beta_text);
    assert_same(&opts, &mut state, std::slice::from_ref(&beta), "summary back");
    assert!(page(&opts, "search/index.js").contains("\"About Beta accord.\""));

    // An event's title recased: its anchor stays, but every picture that draws it changes.
    let recased = beta_text.replace("\"Beta accord happened\"", "\"Beta Accord Happened\"");
    assert_ne!(recased, beta_text);
    write(&root, "content/briefings/beta.md", &recased);
    assert_same(&opts, &mut state, std::slice::from_ref(&beta), "event title recased");
    assert!(page(&opts, "timeline/index.html").contains("Beta Accord Happened"));

    // An addition in a new subfolder, with a new tag and a new inline actor.
    write(
        &root,
        "content/briefings/new/deep/delta.md",
        &briefing("Delta", "2024-03-01", &["fresh"], &["ana-ruiz"], "See [alpha](../../alpha.md)."),
    );
    assert_same(&opts, &mut state, &[p("content/briefings/new")], "addition in a new folder");

    // A rename (the slug follows the file name) and a deletion.
    std::fs::rename(p("content/briefings/2023/gamma.md"), p("content/briefings/2023/gamma-two.md")).unwrap();
    assert_same(
        &opts,
        &mut state,
        &[p("content/briefings/2023/gamma.md"), p("content/briefings/2023/gamma-two.md")],
        "rename",
    );
    std::fs::remove_file(p("content/briefings/new/deep/delta.md")).unwrap();
    assert_same(&opts, &mut state, &[p("content/briefings/new/deep/delta.md")], "deletion");

    // A profile edit, a settings edit, a template override and a static file.
    write(&root, "content/actors/ana-ruiz.md", "---\nname: Ana Ruiz-Soto\nkind: person\n---\nNow foreign minister.\n");
    assert_same(&opts, &mut state, &[p("content/actors/ana-ruiz.md")], "profile edit");
    write(&root, "dossier.yaml", "title: Fixture Two\npage_size: 1\n");
    assert_same(&opts, &mut state, &[p("dossier.yaml")], "settings edit");
    write(
        &root,
        "templates/tag.html",
        "{% extends \"base.html\" %}{% block content %}<h1>TAG {{ page.tag }}</h1>{% endblock %}",
    );
    let (rendered, total) = assert_same(&opts, &mut state, &[p("templates/tag.html")], "template override");
    assert_eq!(rendered, total, "a template change renders every page again");
    write(&root, "static/extra.css", "p { color: #222 }");
    assert_same(&opts, &mut state, &[p("static/extra.css")], "static file");

    // A bad save, then its fix: the same findings as a clean build, then the same site.
    write(&root, "content/briefings/alpha.md", "---\ntitle: [broken\n---\nx\n");
    assert_same(&opts, &mut state, &[p("content/briefings/alpha.md")], "bad save");
    common::site_alpha(&root);
    assert_same(&opts, &mut state, &[p("content/briefings/alpha.md")], "fixed");
}

#[test]
fn a_replaced_file_is_reread_without_a_watcher_report() {
    // An atomic save gives the file a new inode: the stamp alone detects it.
    let dir = tempfile::tempdir().unwrap();
    let root = std::fs::canonicalize(dir.path()).unwrap();
    common::site(&root);
    let opts = BuildOptions { root: root.clone(), ..Default::default() };
    let mut state = Incremental::default();
    assert_same(&opts, &mut state, &[], "first build");
    let target = root.join("content/briefings/beta.md");
    let tmp: &Path = &root.join("content/briefings/.beta.md.tmp");
    std::fs::write(tmp, briefing("Beta deal", "2024-02-11", &["talks"], &["northland"], "Swapped in.")).unwrap();
    std::fs::rename(tmp, &target).unwrap();
    assert_same(&opts, &mut state, &[], "atomic save, unreported");
    assert!(page(&opts, "briefings/beta/index.html").contains("Swapped in."));
}

/// The fixture's `beta.md` with another body under its `## Details` heading.
fn beta_body(text: &str) -> String {
    briefing("Beta deal", "2024-02-11", &["talks", "trade"], &["northland"], &format!("## Details\n\n{text}"))
}

/// Take the quick path for a save of `changed`, lay its files over `files` (the site as last
/// built) and compare with a clean build: every file and every finding.
fn assert_quick_same(
    opts: &BuildOptions,
    state: &mut Incremental,
    files: &mut BTreeMap<String, Vec<u8>>,
    changed: &[PathBuf],
    step: &str,
) -> usize {
    let patched = state.patch(opts, changed).unwrap_or_else(|| panic!("{step}: the quick path should apply"));
    let rendered = patched.files.len();
    for f in patched.files {
        files.insert(f.path, f.bytes.to_vec());
    }
    let clean = compile(opts).unwrap();
    assert_eq!(patched.findings.items, clean.findings.items, "{step}: the same findings");
    let paths: Vec<&String> = clean.files.iter().map(|f| &f.path).collect();
    assert_eq!(files.keys().collect::<Vec<_>>(), paths, "{step}: the same files");
    for f in &clean.files {
        assert!(files[&f.path] == *f.bytes, "{step}: {} differs from a clean build", f.path);
    }
    rendered
}

fn all_files(c: &dossier::Compiled) -> BTreeMap<String, Vec<u8>> {
    c.files.iter().map(|f| (f.path.clone(), f.bytes.to_vec())).collect()
}

#[test]
fn body_edits_take_the_quick_path_and_match_clean_builds() {
    let (_dir, root) = common::temp_site();
    let opts = BuildOptions { root: root.clone(), ..Default::default() };
    let mut state = Incremental::default();
    let mut files = all_files(&compile_with(&opts, &mut state).unwrap());
    let beta = root.join("content/briefings/beta.md");
    let alpha = root.join("content/briefings/alpha.md");

    write(&root, "content/briefings/beta.md", &beta_body("The deal text, *revised* at length."));
    let rendered = assert_quick_same(&opts, &mut state, &mut files, std::slice::from_ref(&beta), "body edit");
    assert!(rendered <= 3, "a body edit renders its page, the search index and the feed, not {rendered} files");
    assert!(String::from_utf8_lossy(&files["briefings/beta/index.html"]).contains("<em>revised</em>"));
    assert!(String::from_utf8_lossy(&files["search/index.js"]).contains("revised"));

    // A paragraph written twice: the warning appears, then goes when the text is fixed.
    let twice = "This paragraph is long enough to count as a repeated one.";
    write(&root, "content/briefings/beta.md", &beta_body(&format!("{twice}\n\n{twice}")));
    assert_quick_same(&opts, &mut state, &mut files, std::slice::from_ref(&beta), "duplicate paragraph");
    assert!(state.patch(&opts, &[]).is_none(), "nothing changed: nothing to patch");
    write(&root, "content/briefings/beta.md", &beta_body(twice));
    assert_quick_same(&opts, &mut state, &mut files, std::slice::from_ref(&beta), "duplicate removed");

    // Two bodies saved together.
    write(
        &root,
        "content/briefings/alpha.md",
        &common::alpha("## Start\n\nAna Ruiz opened the talks. See [beta](beta.md#details)."),
    );
    write(&root, "content/briefings/beta.md", &beta_body("Both changed."));
    assert_quick_same(&opts, &mut state, &mut files, &[alpha, beta.clone()], "two bodies");

    // Raw HTML that can run script: the warning comes and goes as in a clean build.
    write(&root, "content/briefings/beta.md", &beta_body("Both changed. <img src=x onerror=alert(1)>"));
    assert_quick_same(&opts, &mut state, &mut files, std::slice::from_ref(&beta), "unsafe html");
    // A script URL is an error: the quick path writes nothing.
    write(&root, "content/briefings/beta.md", &beta_body("Both changed. [x](javascript:alert(1))"));
    let patched = state.patch(&opts, std::slice::from_ref(&beta)).expect("the quick path applies");
    assert!(patched.files.is_empty(), "a body with a script URL was written");
    assert!(patched.findings.items.iter().any(|f| f.code == "bad-url"), "{}", patched.findings.render());
}

#[test]
fn edits_that_reach_other_pages_fall_back_to_a_full_rebuild() {
    let (_dir, root) = common::temp_site();
    let opts = BuildOptions { root: root.clone(), ..Default::default() };
    let mut state = Incremental::default();
    compile_with(&opts, &mut state).unwrap();
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
        assert!(state.patch(&opts, std::slice::from_ref(&beta)).is_none(), "{what}: no quick path");
        // The state is untouched: the full rebuild that follows equals a clean build.
        assert_same(&opts, &mut state, std::slice::from_ref(&beta), what);
    }
    // A profile is not a briefing body.
    write(&root, "content/actors/northland.md", "---\nname: Northland\nkind: country\n---\nA large country.\n");
    assert!(state.patch(&opts, &[root.join("content/actors/northland.md")]).is_none(), "profile edit");
}

#[test]
fn a_rebuild_scans_renders_and_draws_again_only_what_changed() {
    let (_dir, root) = common::temp_site();
    // Gamma's body shows beta's title and Northland's name through label-less wiki links.
    write(
        &root,
        "content/briefings/2023/gamma.md",
        &briefing("Gamma review", "2023-05-01", &["trade"], &["ana-ruiz"], "See [[beta]] and [[@northland]]."),
    );
    let opts = BuildOptions { root: root.clone(), ..Default::default() };
    let mut state = Incremental::default();
    let p = |rel: &str| root.join(rel);
    assert_same(&opts, &mut state, &[], "first build");
    assert_eq!(state.pages.memo.bodies.made, 3, "the first build renders every body");
    assert_eq!(state.bodies.scanned, 3, "the first build scans every body");
    assert_eq!(state.bodies.searched, 3, "and searches every body for mentions");

    let drawn = state.pages.memo.drawings.len();
    assert!(drawn >= 3, "the timeline pictures of the briefings, at least: {drawn}");
    assert_same(&opts, &mut state, &[], "no change");
    assert_eq!(state.pages.memo.bodies.made, 0, "nothing changed, no body is rendered");
    assert_eq!(state.pages.memo.drawings.made, 0, "nothing changed, no picture is drawn");
    assert_eq!(state.bodies.scanned, 0, "nothing changed, no body is scanned");
    assert_eq!(state.bodies.searched, 0, "nothing changed, no body is searched for mentions");

    // A new title for beta: its body changes too (the fixture quotes the title in it) and so
    // does gamma's label; alpha's link to beta has its own label and renders as before.
    write(
        &root,
        "content/briefings/beta.md",
        &briefing("Beta accord", "2024-02-11", &["talks"], &["northland"], "## Details\n\nThe deal text."),
    );
    assert_same(&opts, &mut state, &[p("content/briefings/beta.md")], "title edit");
    assert_eq!(state.pages.memo.bodies.made, 2, "beta's body and gamma's, not alpha's");
    assert_eq!(state.bodies.scanned, 1, "only beta's file changed");
    assert_eq!(state.bodies.searched, 1, "only beta's body is searched again");
    assert!(page(&opts, "briefings/gamma/index.html").contains("Beta accord</a>"));

    // A new name for Northland reaches gamma's wiki link and beta's quoted passage (Northland
    // speaks there, and the passage names its speaker); not alpha, which only lists Northland.
    write(&root, "content/actors/northland.md", "---\nname: Northland Republic\nkind: country\n---\nA country.\n");
    assert_same(&opts, &mut state, &[p("content/actors/northland.md")], "actor rename");
    assert_eq!(state.pages.memo.bodies.made, 2, "gamma's body and beta's show Northland's name");
    assert_eq!(state.bodies.scanned, 0, "a profile edit scans no body");
    let made = state.pages.memo.drawings.made;
    assert!(made >= 1 && made < drawn, "the pictures naming Northland are drawn again ({made} of {drawn})");
    assert!(page(&opts, "briefings/gamma/index.html").contains("Northland Republic</a>"));
    assert_eq!(state.bodies.searched, 0, "no body holds Northland's old or new name");

    // Mentions are searched for again only in bodies holding a name or alias whose meaning
    // changed: an alias that beta's body holds makes a mention there...
    let northland = "---\nname: Northland Republic\nkind: country\naliases: [deal]\n---\nA country.\n";
    write(&root, "content/actors/northland.md", northland);
    assert_same(&opts, &mut state, &[p("content/actors/northland.md")], "alias added");
    assert_eq!(state.bodies.searched, 1, "beta's body, which holds the alias");
    assert!(page(&opts, "briefings/beta/index.html").contains("class=\"mention\""));
    // ...and a new name for Ana Ruiz, which alpha's body holds, unlinks her there and moves her
    // after Northland among the actors: beta's mention, kept, must follow Northland.
    let ana = "---\nname: Zora Ruiz\nkind: person\nrole: Minister\n---\nA minister.\n";
    write(&root, "content/actors/ana-ruiz.md", ana);
    assert_same(&opts, &mut state, &[p("content/actors/ana-ruiz.md")], "named actor renamed");
    assert_eq!(state.bodies.searched, 1, "alpha's body, which names Ana Ruiz");

    // A new slug for beta moves alpha's link (and gamma's).
    std::fs::rename(p("content/briefings/beta.md"), p("content/briefings/beta-two.md")).unwrap();
    assert_same(
        &opts,
        &mut state,
        &[p("content/briefings/beta.md"), p("content/briefings/beta-two.md")],
        "slug change",
    );
    assert_eq!(state.pages.memo.bodies.made, 3, "beta's own page moved; alpha and gamma link to it");
    assert!(page(&opts, "briefings/alpha/index.html").contains("beta-two/"));

    // Without Northland's profile, the first of these quotes has no speaker and is left out of
    // the quote checks: the body's file is the same, its checks are not (the second quote must
    // not take the first one's passage).
    write(
        &root,
        "content/briefings/delta.md",
        "---\ntitle: Delta\ndate: 2024-03-01\nactors: [ana-ruiz]\nquotes:\n  - by: northland\n    text: \"First words.\"\n  - by: ana-ruiz\n    text: \"Second words.\"\n---\nFirst words. Then other text. Second words.\n",
    );
    assert_same(&opts, &mut state, &[p("content/briefings/delta.md")], "two speakers");
    let profile = p("content/actors/northland.md");
    let text = std::fs::read_to_string(&profile).unwrap();
    std::fs::remove_file(&profile).unwrap();
    assert_same(&opts, &mut state, std::slice::from_ref(&profile), "speaker gone");
    std::fs::write(&profile, text).unwrap();
    assert_same(&opts, &mut state, std::slice::from_ref(&profile), "speaker back");
}

#[test]
fn a_mention_that_moves_to_another_actor_is_linked_anew() {
    // The same words, at the same place in the same body, name another actor after a save of
    // two profiles: the link must follow, though nothing in the body changed.
    let (_dir, root) = common::temp_site();
    let opts = BuildOptions { root: root.clone(), ..Default::default() };
    let mut state = Incremental::default();
    let both =
        briefing("Beta deal", "2024-02-11", &["talks"], &["northland", "ana-ruiz"], "## Details\n\nThe deal text.");
    write(&root, "content/briefings/beta.md", &both);
    let profile =
        |name: &str, kind: &str, aliases: &str| format!("---\nname: {name}\nkind: {kind}\n{aliases}---\nBio.\n");
    write(&root, "content/actors/northland.md", &profile("Northland", "country", "aliases: [\"deal text\"]\n"));
    write(&root, "content/actors/ana-ruiz.md", &profile("Ana Ruiz", "person", ""));
    assert_same(&opts, &mut state, &[], "alias on northland");
    let beta = page(&opts, "briefings/beta/index.html");
    assert!(beta.contains("<a class=\"mention\" href=\"../../actors/northland/\">deal text</a>"), "{beta}");

    let changed = [root.join("content/actors/northland.md"), root.join("content/actors/ana-ruiz.md")];
    write(&root, "content/actors/northland.md", &profile("Northland", "country", ""));
    write(&root, "content/actors/ana-ruiz.md", &profile("Ana Ruiz", "person", "aliases: [\"deal text\"]\n"));
    assert_same(&opts, &mut state, &changed, "alias moved to ana-ruiz");
    let beta = page(&opts, "briefings/beta/index.html");
    assert!(beta.contains("<a class=\"mention\" href=\"../../actors/ana-ruiz/\">deal text</a>"), "{beta}");
}

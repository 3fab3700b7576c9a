//! `dossier serve` over real HTTP on loopback: what it serves and refuses, how it follows
//! editors' save patterns, and how it reports a bad save while keeping the last good site.

use crate::support::preview as common;
use common::{beta, briefing, get, request, serve, wait_for, write};
use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

#[test]
fn serves_only_the_site_with_types_head_404_and_redirects() {
    let (_d, root) = common::temp_site();
    std::fs::write(root.join("secret.txt"), "top secret").unwrap();
    let (_srv, addr) = serve(&root);
    let (status, head, body) = request(&addr, "GET", "/briefings/beta/");
    assert_eq!(status, 200);
    assert!(head.contains("Content-Type: text/html; charset=utf-8"));
    let html = String::from_utf8(body).unwrap();
    assert!(html.contains("Beta deal") && html.contains("/__dossier/events"), "live reload is injected");
    let (status, head, body) = request(&addr, "HEAD", "/style.css");
    assert_eq!(status, 200);
    assert!(head.contains("Content-Type: text/css"));
    assert!(body.is_empty() && !head.contains("Content-Length: 0"), "HEAD: length, no body");
    let (status, head, _) = request(&addr, "GET", "/briefings/beta?x=1");
    assert_eq!(status, 301);
    assert!(head.contains("Location: /briefings/beta/?x=1"), "{head}");
    let (status, body) = get(&addr, "/no/such/page/");
    assert_eq!(status, 404);
    assert!(
        body.contains("<title>") && body.contains("not found")
            || body.contains("Not found")
            || body.contains("Page not found")
    );
    for bad in [
        "/../secret.txt",
        "/briefings/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2e%2e%2fsecret.txt",
        "/..%5csecret.txt",
        "/..\\secret.txt",
        "/a%00b",
        "//secret.txt",
        "http://evil/secret.txt",
    ] {
        let (status, body) = get(&addr, bad);
        assert_eq!(status, 400, "{bad}");
        assert!(!body.contains("top secret"), "{bad}");
    }
    let (status, _) = get(&addr, "/secret.txt");
    assert_eq!(status, 404, "files of the site folder are not the built site");
    let (status, _, _) = request(&addr, "POST", "/");
    assert_eq!(status, 405);
    let src = std::fs::read(root.join("content/briefings/beta.md")).unwrap();
    assert!(!get(&addr, "/content/briefings/beta.md").1.as_bytes().starts_with(&src[..10]));
}

#[test]
fn only_requests_naming_this_machine_are_answered() {
    let (_d, root) = common::temp_site();
    let (_srv, addr) = serve(&root);
    let port = addr.rsplit(':').next().unwrap();
    let ask = |target: &str, host: &str| {
        let head = format!("GET {target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n");
        common::raw(&addr, head.as_bytes(), Duration::from_secs(20))
    };
    // What a DNS-rebinding page sends: its own host name, pointed at this machine.
    for host in [
        "evil.example".to_string(),
        format!("evil.example:{port}"),
        format!("localhost.evil.example:{port}"),
        format!("127.0.0.1.evil.example:{port}"),
    ] {
        for target in ["/briefings/beta/", "/__dossier/events"] {
            let answer = ask(target, &host);
            assert!(answer.starts_with("HTTP/1.1 403"), "{host} {target}: {answer}");
            assert!(!answer.contains("Beta deal") && !answer.contains("event: hello"), "{host} {target}: {answer}");
        }
    }
    for host in [
        "localhost".to_string(),
        format!("localhost:{port}"),
        "127.0.0.1".to_string(),
        format!("127.0.0.1:{port}"),
        "[::1]".to_string(),
        format!("[::1]:{port}"),
    ] {
        let answer = ask("/briefings/beta/", &host);
        assert!(answer.starts_with("HTTP/1.1 200") && answer.contains("Beta deal"), "{host}: {answer}");
    }
    let no_host = common::raw(&addr, b"GET / HTTP/1.1\r\nConnection: close\r\n\r\n", Duration::from_secs(20));
    assert!(no_host.starts_with("HTTP/1.1 400"), "{no_host}");
}

#[test]
fn a_request_with_bare_lf_line_ends_is_answered_at_once() {
    let (_d, root) = common::temp_site();
    let (_srv, addr) = serve(&root);
    // Within a second: a server waiting for a CRLF that never comes would time the read out.
    let head = format!("GET /briefings/beta/ HTTP/1.1\nHost: {addr}\n\n");
    let answer = common::raw(&addr, head.as_bytes(), Duration::from_secs(1));
    assert!(answer.starts_with("HTTP/1.1 200") && answer.contains("Beta deal"), "{answer}");
}

#[test]
fn a_silent_client_does_not_block_others() {
    let (_d, root) = common::temp_site();
    let (_srv, addr) = serve(&root);
    let _silent: Vec<TcpStream> = (0..8).map(|_| TcpStream::connect(&addr).unwrap()).collect();
    let start = Instant::now();
    assert_eq!(get(&addr, "/").0, 200);
    assert!(start.elapsed() < Duration::from_secs(5));
}

#[test]
fn follows_editor_save_patterns() {
    let (_d, root) = common::temp_site();
    let (srv, addr) = serve(&root);
    let b = "content/briefings/beta.md";

    // Atomic save: write a temp file, then rename over the original. One save, one rebuild.
    let before = srv.lines();
    write(&root, "content/briefings/.beta.md.swp", "swap");
    write(&root, "content/briefings/beta.md~", "backup");
    write(&root, "content/briefings/4913", "");
    std::fs::remove_file(root.join("content/briefings/4913")).unwrap();
    write(&root, "content/briefings/beta.md.tmp", &beta("Beta atomic", "x"));
    std::fs::rename(root.join("content/briefings/beta.md.tmp"), root.join(b)).unwrap();
    wait_for(&addr, "/briefings/beta/", "Beta atomic");
    std::thread::sleep(Duration::from_millis(600));
    let rebuilds = srv.out.lock().unwrap().iter().skip(before).filter(|l| l.starts_with("rebuilt")).count();
    assert_eq!(rebuilds, 1, "{:?}", srv.out);

    // Swap and backup files alone are not changes.
    let before = srv.lines();
    write(&root, "content/briefings/.#alpha.md", "lock");
    write(&root, "content/briefings/alpha.md~", "backup");
    std::thread::sleep(Duration::from_millis(600));
    assert_eq!(srv.lines(), before, "editor leftovers caused a rebuild: {:?}", srv.out);

    // A file in a new subfolder, then a rename of it, then its deletion.
    write(
        &root,
        "content/briefings/x/y/epsilon.md",
        &briefing("Epsilon", "2024-04-01", &["talks"], &["northland"], "e"),
    );
    wait_for(&addr, "/briefings/epsilon/", "Epsilon");
    std::fs::rename(root.join("content/briefings/x/y/epsilon.md"), root.join("content/briefings/x/zeta.md")).unwrap();
    wait_for(&addr, "/briefings/zeta/", "Epsilon");
    assert_eq!(get(&addr, "/briefings/epsilon/").0, 404);
    std::fs::remove_dir_all(root.join("content/briefings/x")).unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    while get(&addr, "/briefings/zeta/").0 != 404 {
        assert!(Instant::now() < deadline, "deleted briefing still served");
        std::thread::sleep(Duration::from_millis(50));
    }

    // A burst of saves: the last one wins.
    for i in 0..15 {
        write(&root, b, &beta(&format!("Beta burst {i}"), "b"));
        std::thread::sleep(Duration::from_millis(5));
    }
    wait_for(&addr, "/briefings/beta/", "Beta burst 14");
}

/// Read SSE lines until one contains `needle`.
fn read_until(r: &mut BufReader<TcpStream>, needle: &str) -> String {
    let mut seen = String::new();
    loop {
        let mut line = String::new();
        let n = r.read_line(&mut line).unwrap_or_else(|e| panic!("no `{needle}` in {seen}: {e}"));
        assert!(n > 0, "stream closed before `{needle}`: {seen}");
        seen.push_str(&line);
        if line.contains(needle) {
            return line;
        }
    }
}

#[test]
fn a_bad_save_shows_escaped_findings_and_keeps_the_last_good_site() {
    let (_d, root) = common::temp_site();
    let (mut srv, addr) = serve(&root);
    let mut s = TcpStream::connect(&addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    write!(s, "GET /__dossier/events HTTP/1.1\r\nHost: {addr}\r\n\r\n").unwrap();
    let mut r = BufReader::new(s);
    read_until(&mut r, "text/event-stream");
    read_until(&mut r, "event: hello");

    write(
        &root,
        "content/briefings/beta.md",
        &beta("Beta", "x").replacen("title:", "\"<script>x</script>\": 1\ntitle:", 1),
    );
    read_until(&mut r, "event: errors");
    let data = read_until(&mut r, "data:");
    assert!(data.contains("unknown-field") && data.contains("content/briefings/beta.md"), "{data}");
    assert!(data.contains("&lt;script&gt;") && !data.contains("<script>"), "overlay text is escaped: {data}");
    assert!(get(&addr, "/briefings/beta/").1.contains("Beta deal"), "the last good build is still served");
    let deadline = Instant::now() + Duration::from_secs(30);
    while !srv.err.lock().unwrap().iter().any(|l| l.contains("error[unknown-field]")) {
        assert!(Instant::now() < deadline, "findings in the terminal: {:?}", srv.err);
        std::thread::sleep(Duration::from_millis(20));
    }

    write(&root, "content/briefings/beta.md", &beta("Beta fixed", "ok"));
    read_until(&mut r, "event: ok");
    read_until(&mut r, "event: reload");
    wait_for(&addr, "/briefings/beta/", "Beta fixed");
    assert!(srv.child.try_wait().unwrap().is_none(), "the server is still running");
}

#[test]
fn a_taken_port_is_a_clear_error() {
    let (_d, root) = common::temp_site();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let out = std::process::Command::new(common::bin())
        .args(["serve", "--root", root.to_str().unwrap(), "--port", &port])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("already in use") && err.contains("--port"), "{err}");
}

#[test]
fn build_watch_updates_the_output_in_place_like_a_clean_build() {
    let (_d, root) = common::temp_site();
    let out = root.join("public");
    let r = common::Running::start(&["build", "--watch", "--root", root.to_str().unwrap()]);
    r.wait_line("built into", 0);
    let n = r.lines();
    write(&root, "content/briefings/beta.md", &beta("Beta watched", "w"));
    std::fs::remove_file(root.join("content/briefings/2023/gamma.md")).unwrap();
    r.wait_line("built into", n);
    let deadline = Instant::now() + Duration::from_secs(30);
    let beta = out.join("briefings/beta/index.html");
    while out.join("briefings/gamma/index.html").exists()
        || !std::fs::read_to_string(&beta).unwrap_or_default().contains("Beta watched")
    {
        assert!(Instant::now() < deadline, "{:?}", r.out);
        std::thread::sleep(Duration::from_millis(50));
    }
    // A save that only edits a body takes the quick path.
    let n = r.lines();
    let alpha = common::alpha("## Start\n\nAna Ruiz opened the talks at dawn. See [beta](beta.md#details).");
    write(&root, "content/briefings/alpha.md", &alpha);
    let line = r.wait_line("built into", n);
    assert!(line.contains("body edit"), "{line}");
    assert!(std::fs::read_to_string(out.join("briefings/alpha/index.html")).unwrap().contains("at dawn"));
    std::thread::sleep(Duration::from_millis(500));
    let clean = root.join("clean");
    let st = std::process::Command::new(common::bin())
        .args(["build", "--root", root.to_str().unwrap(), "-o", clean.to_str().unwrap()])
        .status()
        .unwrap();
    assert!(st.success());
    let list = |d: &std::path::Path| {
        let mut v: Vec<_> = walk(d).into_iter().map(|p| p.strip_prefix(d).unwrap().to_path_buf()).collect();
        v.sort();
        v
    };
    assert_eq!(list(&out), list(&clean));
    for p in list(&clean) {
        assert_eq!(std::fs::read(out.join(&p)).unwrap(), std::fs::read(clean.join(&p)).unwrap(), "{}", p.display());
    }
    assert!(std::fs::read_to_string(out.join("briefings/beta/index.html")).unwrap().contains("Beta watched"));
    assert!(
        !std::fs::read_to_string(out.join("index.html")).unwrap().contains("__dossier"),
        "no reload script on disk"
    );
}

fn walk(d: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(d).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

/// Wait until a stderr line of `r` after the first `after` contains `needle`; returns it.
fn wait_err(r: &common::Running, needle: &str, after: usize) -> String {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        if let Some(l) = r.err.lock().unwrap().iter().skip(after).find(|l| l.contains(needle)) {
            return l.clone();
        }
        assert!(Instant::now() < deadline, "no `{needle}` on stderr; stdout: {:?}; stderr: {:?}", r.out, r.err);
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Every file below `dir` with its bytes.
fn files(dir: &std::path::Path) -> std::collections::BTreeMap<std::path::PathBuf, Vec<u8>> {
    walk(dir).into_iter().map(|p| (p.strip_prefix(dir).unwrap().to_path_buf(), std::fs::read(&p).unwrap())).collect()
}

fn delta() -> String {
    briefing("Delta accord", "2024-03-12", &["trade"], &["northland"], "## Terms\n\nThe accord text.")
}

#[test]
fn build_watch_survives_a_failed_write_leaving_the_previous_site_and_recovers() {
    let (_d, root) = common::temp_site();
    let out = root.join("public");
    let mut r = common::Running::start(&["build", "--watch", "--root", root.to_str().unwrap()]);
    r.wait_line("built into", 0);
    let before = files(&out);
    // A file of the user's where the new briefing's folder must go: the rebuild cannot write it.
    std::fs::write(out.join("briefings/delta"), "in the way").unwrap();
    let (n, e) = (r.lines(), r.err.lock().unwrap().len());
    write(&root, "content/briefings/delta.md", &delta());
    let line = wait_err(&r, "error:", e);
    assert!(line.contains("briefings/delta") && line.contains("is a file where Dossier needs a folder"), "{line}");
    wait_err(&r, "was left as it was", e);
    let mut now = files(&out);
    assert_eq!(now.remove(std::path::Path::new("briefings/delta")).as_deref(), Some(&b"in the way"[..]));
    assert!(now == before, "a failed rebuild changed the site (the feed or index lists a page that is not there)");
    assert_eq!(r.lines(), n, "no `built into` for a failed rebuild");
    assert!(r.child.try_wait().unwrap().is_none(), "the watcher stopped");
    // Fixed, and saved again: the rebuild goes through.
    std::fs::remove_file(out.join("briefings/delta")).unwrap();
    write(&root, "content/briefings/delta.md", &delta());
    r.wait_line("built into", n);
    assert!(std::fs::read_to_string(out.join("briefings/delta/index.html")).unwrap().contains("Delta accord"));
    assert!(std::fs::read_to_string(out.join("atom.xml")).unwrap().contains("Delta accord"));
}

#[test]
fn build_watch_survives_a_failed_body_edit_write_and_the_next_save_writes_it_all() {
    let (_d, root) = common::temp_site();
    let out = root.join("public");
    let r = common::Running::start(&["build", "--watch", "--root", root.to_str().unwrap()]);
    r.wait_line("built into", 0);
    // A body edit takes the quick path, which writes the page, the search index and the feed;
    // a folder where the page goes makes the page fail, and then none of them is written.
    let page = out.join("briefings/alpha/index.html");
    std::fs::remove_file(&page).unwrap();
    std::fs::create_dir_all(page.join("in-the-way")).unwrap();
    let before = files(&out);
    let (n, e) = (r.lines(), r.err.lock().unwrap().len());
    write(&root, "content/briefings/alpha.md", &common::alpha("## Start\n\nAna Ruiz opened the talks at dusk."));
    let line = wait_err(&r, "error:", e);
    assert!(line.contains("briefings/alpha/index.html") && line.contains("is a folder"), "{line}");
    wait_err(&r, "was left as it was", e);
    assert!(files(&out) == before, "a failed body edit changed the site");
    assert!(crate::support::search::Index::read(&out).find("dusk").is_empty());
    std::fs::remove_dir_all(&page).unwrap();
    write(&root, "content/briefings/alpha.md", &common::alpha("## Start\n\nAna Ruiz opened the talks at twilight."));
    let line = r.wait_line("built into", n);
    assert!(!line.contains("body edit"), "after a failed write the next save rebuilds in full: {line}");
    assert!(std::fs::read_to_string(&page).unwrap().contains("at twilight"));
    assert_eq!(crate::support::search::Index::read(&out).find("twilight").len(), 1);
}

#[test]
fn build_watch_keeps_going_when_content_vanishes_and_comes_back() {
    let (_d, root) = common::temp_site();
    let out = root.join("public");
    let mut r = common::Running::start(&["build", "--watch", "--root", root.to_str().unwrap()]);
    r.wait_line("built into", 0);
    let before = files(&out);
    let content = files(&root.join("content"));
    let (n, e) = (r.lines(), r.err.lock().unwrap().len());
    std::fs::remove_dir_all(root.join("content")).unwrap();
    let line = wait_err(&r, "error:", e);
    assert!(line.contains("no `content/` folder"), "{line}");
    wait_err(&r, "was left as it was", e);
    assert!(files(&out) == before);
    assert!(r.child.try_wait().unwrap().is_none(), "the watcher stopped");
    for (p, bytes) in &content {
        let p = root.join("content").join(p);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    }
    r.wait_line("built into", n);
    // The new `content/` is watched: a later save is seen.
    let n = r.lines();
    write(&root, "content/briefings/beta.md", &beta("Beta after the return", "back"));
    r.wait_line("built into", n);
    let deadline = Instant::now() + Duration::from_secs(30);
    while !std::fs::read_to_string(out.join("briefings/beta/index.html")).unwrap().contains("Beta after the return") {
        assert!(Instant::now() < deadline, "the save after the return was not built");
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[cfg(unix)]
#[test]
fn build_watch_follows_a_site_folder_deleted_and_created_again() {
    let (_d, root) = common::temp_site();
    let elsewhere = tempfile::tempdir().unwrap();
    let out = elsewhere.path().join("out");
    let r =
        common::Running::start(&["build", "--watch", "--root", root.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    r.wait_line("built into", 0);
    // The site folder is replaced by a new folder (a new inode, which no existing watch sees):
    // made elsewhere, the old one deleted, the new one moved in.
    let next = elsewhere.path().join("site");
    std::fs::create_dir(&next).unwrap();
    common::site(&next);
    write(&next, "content/briefings/beta.md", &beta("Beta in a new folder", "new"));
    let n = r.lines();
    std::fs::remove_dir_all(&root).unwrap();
    std::fs::rename(&next, &root).unwrap();
    r.wait_line("built into", n);
    let deadline = Instant::now() + Duration::from_secs(30);
    while !std::fs::read_to_string(out.join("briefings/beta/index.html"))
        .unwrap_or_default()
        .contains("Beta in a new folder")
    {
        assert!(Instant::now() < deadline, "{:?} {:?}", r.out, r.err);
        std::thread::sleep(Duration::from_millis(50));
    }
    // …and watched: a later save is seen.
    let n = r.lines();
    write(&root, "content/briefings/beta.md", &beta("Beta saved again", "again"));
    r.wait_line("built into", n);
}

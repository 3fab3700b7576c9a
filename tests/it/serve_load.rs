//! `dossier serve` under load and abuse, on loopback only, every loop bounded in count and time:
//! 200 concurrent clients while files change, silent and trickling clients, traversal attempts,
//! the connection cap, and 500 live-reload subscribers whose connections all close when they go
//! away.

use crate::support::preview as common;
use common::{beta, get, request, serve, wait_for, write};
use dossier::serve::{http, Shared, Snapshot};
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::sync::Arc;
use std::time::{Duration, Instant};

#[test]
fn two_hundred_clients_while_files_change_all_succeed_and_none_sees_a_stale_page() {
    let (_d, root) = common::temp_site();
    let (_srv, addr) = serve(&root);
    let pages =
        ["/", "/briefings/beta/", "/briefings/alpha/", "/actors/", "/timeline/", "/style.css", "/search/index.js"];
    let stop = Instant::now() + Duration::from_secs(20);
    let clients: Vec<_> = (0..200)
        .map(|i| {
            let addr = addr.clone();
            std::thread::spawn(move || {
                let mut failures = Vec::new();
                for k in 0..5 {
                    if Instant::now() > stop {
                        break;
                    }
                    let page = pages[(i + k) % pages.len()];
                    let (status, _, body) = request(&addr, "GET", page);
                    if status != 200 || body.is_empty() {
                        failures.push(format!("{page}: {status}"));
                    }
                }
                failures
            })
        })
        .collect();
    for n in 0..5 {
        write(&root, "content/briefings/beta.md", &beta(&format!("Beta edit {n}"), "text"));
        std::thread::sleep(Duration::from_millis(150));
    }
    let failures: Vec<String> = clients.into_iter().flat_map(|c| c.join().unwrap()).collect();
    assert!(failures.is_empty(), "{} failed requests: {:?}", failures.len(), &failures[..failures.len().min(10)]);
    // Once the rebuild settles, every client gets the last version.
    wait_for(&addr, "/briefings/beta/", "Beta edit 4");
    let readers: Vec<_> = (0..50)
        .map(|_| {
            let addr = addr.clone();
            std::thread::spawn(move || get(&addr, "/briefings/beta/"))
        })
        .collect();
    for r in readers {
        let (status, body) = r.join().unwrap();
        assert_eq!(status, 200);
        assert!(body.contains("Beta edit 4") && !body.contains("Beta edit 3"), "stale page after the rebuild");
    }
}

#[test]
fn a_hundred_silent_clients_do_not_block_others() {
    let (_d, root) = common::temp_site();
    let (_srv, addr) = serve(&root);
    let silent: Vec<TcpStream> = (0..100).map(|_| TcpStream::connect(&addr).unwrap()).collect();
    let half_sent: Vec<TcpStream> = (0..20)
        .map(|_| {
            let mut s = TcpStream::connect(&addr).unwrap();
            write!(s, "GET / HTTP/1.1\r\nHost: {addr}\r\n").unwrap(); // never finishes its head
            s
        })
        .collect();
    let start = Instant::now();
    for _ in 0..20 {
        assert_eq!(get(&addr, "/").0, 200);
    }
    assert!(start.elapsed() < Duration::from_secs(8), "pages waited on silent clients: {:?}", start.elapsed());
    drop((silent, half_sent));
}

#[test]
fn trickling_clients_are_cut_off_while_others_are_served() {
    let (_d, root) = common::temp_site();
    let (_srv, addr) = serve(&root);
    // Each sends a byte of an endless header every 100 ms: a deadline per read never fires.
    let head = format!("GET / HTTP/1.1\r\nHost: {addr}\r\nX-Slow: {}", "a".repeat(1000)).into_bytes();
    let mut slow: Vec<Option<TcpStream>> = (0..10).map(|_| Some(TcpStream::connect(&addr).unwrap())).collect();
    let start = Instant::now();
    let trickler = std::thread::spawn(move || {
        for b in head {
            for s in &mut slow {
                if s.as_mut().is_some_and(|s| s.write_all(&[b]).is_err()) {
                    *s = None;
                }
            }
            if slow.iter().all(Option::is_none) {
                return Some(start.elapsed());
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        None
    });
    for _ in 0..10 {
        assert_eq!(get(&addr, "/").0, 200);
    }
    let cut = trickler.join().unwrap().expect("trickling clients were still connected after 100 s");
    assert!(cut < Duration::from_secs(10), "trickling clients cut off only after {cut:?}");
    assert_eq!(get(&addr, "/").0, 200);
}

#[test]
fn past_the_connection_cap_clients_get_503_until_places_free_up() {
    let shared = Arc::new(Shared::default());
    let home = Arc::new(b"<!doctype html><html><body>Home</body></html>".to_vec());
    shared.publish(Snapshot { generation: 1, files: HashMap::from([("index.html".to_string(), home)]) });
    let listener = http::bind("127.0.0.1", 0).unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    let limits = http::Limits { connections: 4, head: Duration::from_secs(2), whole: Duration::from_secs(30) };
    http::spawn(listener, shared, limits).unwrap();
    let silent: Vec<TcpStream> = (0..4).map(|_| TcpStream::connect(&addr).unwrap()).collect();
    let (status, _, body) = request(&addr, "GET", "/");
    assert_eq!((status, body.as_slice()), (503, &b"busy\n"[..]));
    // The silent clients are cut off at the head deadline, and their places go to others.
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let (status, _, body) = request(&addr, "GET", "/");
        if status == 200 {
            assert!(String::from_utf8_lossy(&body).contains("Home"));
            break;
        }
        assert_eq!(status, 503);
        assert!(Instant::now() < deadline, "silent clients still hold every place");
        std::thread::sleep(Duration::from_millis(100));
    }
    drop(silent);
}

#[test]
fn traversal_and_malformed_requests_are_refused() {
    let (_d, root) = common::temp_site();
    std::fs::write(root.join("secret.txt"), "top secret").unwrap();
    let (_srv, addr) = serve(&root);
    let secret_abs = format!("/{}/secret.txt", root.display()).replace("//", "/");
    let long = format!("/{}", "a/".repeat(10_000));
    for bad in [
        "/../secret.txt",
        "/..%2fsecret.txt",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/%2E%2E%5Csecret.txt",
        "/briefings/%2e%2e/%2e%2e/secret.txt",
        "/..\\..\\secret.txt",
        "/.%2e/secret.txt",
        "/%252e%252e/secret.txt",
        "/a%00.html",
        "/a%c0%ae%c0%ae/secret.txt",
        "//etc/passwd",
        "C:\\secret.txt",
        "/C:/secret.txt",
        secret_abs.as_str(),
        "/etc/passwd",
    ] {
        let (status, body) = get(&addr, bad);
        assert!([400, 404].contains(&status), "{bad}: {status}");
        assert!(!body.contains("top secret") && !body.contains("root:"), "{bad}");
    }
    // A raw NUL byte is a malformed request; an overlong path and a head past the size limit
    // are refused as too large (431) before they are read whole.
    let overlong = format!("GET {long} HTTP/1.1\r\nHost: {addr}\r\n\r\n").into_bytes();
    for (raw, status) in [
        (format!("GET /a\0b HTTP/1.1\r\nHost: {addr}\r\n\r\n").into_bytes(), "400"),
        (overlong, "431"),
        (format!("GET / HTTP/1.1\r\nHost: {addr}\r\nX: {}\r\n\r\n", "x".repeat(40_000)).into_bytes(), "431"),
    ] {
        let mut s = TcpStream::connect(&addr).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        let _ = s.write_all(&raw);
        let mut buf = Vec::new();
        let _ = s.read_to_end(&mut buf);
        let text = String::from_utf8_lossy(&buf);
        assert!(text.starts_with(&format!("HTTP/1.1 {status}")), "{status}: {text:?}");
    }
    assert_eq!(get(&addr, "/").0, 200, "still serving");
}

/// Open files (sockets included) of process `pid`.
fn open_files(pid: u32) -> usize {
    std::fs::read_dir(format!("/proc/{pid}/fd")).map(|d| d.count()).unwrap_or(0)
}

#[cfg(target_os = "linux")]
#[test]
fn five_hundred_reload_subscribers_come_and_go_without_a_leak() {
    let (_d, root) = common::temp_site();
    let (srv, addr) = serve(&root);
    let pid = srv.child.id();
    assert_eq!(get(&addr, "/").0, 200);
    std::thread::sleep(Duration::from_millis(300));
    let baseline = open_files(pid);
    let mut tabs: Vec<BufReader<TcpStream>> = (0..500)
        .map(|_| {
            let mut s = TcpStream::connect(&addr).unwrap();
            s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
            write!(s, "GET /__dossier/events HTTP/1.1\r\nHost: {addr}\r\n\r\n").unwrap();
            BufReader::new(s)
        })
        .collect();
    for t in &mut tabs {
        let mut line = String::new();
        while !line.starts_with("event: hello") {
            line.clear();
            assert!(t.read_line(&mut line).unwrap() > 0, "stream closed before hello");
        }
    }
    assert!(open_files(pid) >= baseline + 500, "one connection per tab: {} vs {baseline}", open_files(pid));
    // A rebuild reaches every tab.
    write(&root, "content/briefings/beta.md", &beta("Beta for everyone", "x"));
    for t in &mut tabs {
        let mut line = String::new();
        while !line.starts_with("event: reload") {
            line.clear();
            assert!(t.read_line(&mut line).unwrap() > 0, "stream closed before reload");
        }
    }
    drop(tabs);
    let deadline = Instant::now() + Duration::from_secs(15);
    while open_files(pid) > baseline + 2 {
        let now = open_files(pid);
        assert!(Instant::now() < deadline, "connections of closed tabs stay open: {now} vs {baseline}");
        std::thread::sleep(Duration::from_millis(100));
    }
    assert_eq!(get(&addr, "/").0, 200);
}

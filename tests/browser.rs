//! In headless Chromium (driven through chromedriver's WebDriver HTTP API): type a query on
//! `/search/` of the example site, served under a sub-path, and follow results by keyboard to
//! the right page and anchor. Skipped with a notice when Chromium or chromedriver is missing,
//! unless `DOSSIER_REQUIRE_BROWSER=1`.

mod common;

use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";
const ENTER: &str = "\u{E007}";

fn find_program(env: &str, names: &[&str]) -> Option<PathBuf> {
    if let Some(p) = std::env::var_os(env).map(PathBuf::from).filter(|p| p.is_file()) {
        return Some(p);
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).flat_map(|d| names.iter().map(move |n| d.join(n))).find(|p| p.is_file())
}

/// Serve `root` under `/sub/` on a loopback port, like a static host: folders need their
/// `index.html`, a folder without its trailing slash redirects, anything else is 404.
fn serve(root: PathBuf) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let root = root.clone();
            std::thread::spawn(move || respond(stream, &root));
        }
    });
    port
}

fn respond(mut stream: TcpStream, root: &Path) {
    let mut line = String::new();
    if BufReader::new(&stream).read_line(&mut line).is_err() {
        return;
    }
    let target = line.split_whitespace().nth(1).unwrap_or("/");
    let path = target.split(['?', '#']).next().unwrap_or("/");
    let (status, kind, body, location) = match path.strip_prefix("/sub/") {
        Some(rest) if !rest.contains("..") => {
            let file = root.join(rest);
            if file.is_dir() && !rest.is_empty() && !rest.ends_with('/') {
                ("301 Moved Permanently", "text/plain", Vec::new(), Some(format!("{path}/")))
            } else {
                let file = if file.is_dir() { file.join("index.html") } else { file };
                match std::fs::read(&file) {
                    Ok(b) => ("200 OK", content_type(&file), b, None),
                    Err(_) => {
                        ("404 Not Found", "text/html", std::fs::read(root.join("404.html")).unwrap_or_default(), None)
                    }
                }
            }
        }
        _ => ("404 Not Found", "text/plain", b"not found".to_vec(), None),
    };
    let mut head =
        format!("HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n", body.len());
    if let Some(l) = location {
        head.push_str(&format!("Location: {l}\r\n"));
    }
    head.push_str("\r\n");
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(&body);
}

fn content_type(p: &Path) -> &'static str {
    match p.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css",
        Some("js") => "text/javascript",
        Some("json") => "application/json",
        Some("xml") => "application/xml",
        _ => "application/octet-stream",
    }
}

/// A chromedriver process and one browser session; both end when dropped.
struct Driver {
    process: Child,
    base: String,
    session: String,
    _profile: tempfile::TempDir,
}

impl Driver {
    fn start(chromedriver: &Path, chromium: &Path) -> Driver {
        let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let process = Command::new(chromedriver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver");
        let base = format!("http://127.0.0.1:{port}");
        let start = Instant::now();
        while ureq::get(&format!("{base}/status")).call().is_err() {
            assert!(start.elapsed() < Duration::from_secs(30), "chromedriver did not start");
            std::thread::sleep(Duration::from_millis(100));
        }
        let profile = tempfile::tempdir().unwrap();
        let args = [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            &format!("--user-data-dir={}", profile.path().display()),
        ];
        let caps = json!({ "capabilities": { "alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": { "binary": chromium, "args": args }
        }}});
        let mut d = Driver { process, base, session: String::new(), _profile: profile };
        let v = d.post("/session", caps);
        d.session = v["sessionId"].as_str().expect("a session id").to_string();
        d
    }

    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let url = if path == "/session" {
            format!("{}{path}", self.base)
        } else {
            format!("{}/session/{}{path}", self.base, self.session)
        };
        let req = ureq::request(method, &url).timeout(Duration::from_secs(60));
        let res = match body {
            Some(b) => req.send_json(b),
            None => req.call(),
        };
        match res {
            Ok(r) => r.into_json::<Value>().unwrap()["value"].clone(),
            Err(ureq::Error::Status(code, r)) => {
                panic!("WebDriver {method} {path}: {code} {}", r.into_string().unwrap_or_default())
            }
            Err(e) => panic!("WebDriver {method} {path}: {e}"),
        }
    }

    fn post(&self, path: &str, body: Value) -> Value {
        self.call("POST", path, Some(body))
    }

    fn get(&self, path: &str) -> Value {
        self.call("GET", path, None)
    }

    fn find_all(&self, css: &str) -> Vec<String> {
        let v = self.post("/elements", json!({ "using": "css selector", "value": css }));
        v.as_array()
            .unwrap_or_else(|| panic!("{v}"))
            .iter()
            .map(|e| e[ELEMENT].as_str().unwrap_or_else(|| panic!("{e}")).to_string())
            .collect()
    }

    /// Wait until `css` matches, and return the matches.
    fn wait_for(&self, css: &str) -> Vec<String> {
        let start = Instant::now();
        loop {
            let found = self.find_all(css);
            if !found.is_empty() {
                return found;
            }
            assert!(start.elapsed() < Duration::from_secs(15), "nothing matched `{css}`");
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn text(&self, el: &str) -> String {
        self.get(&format!("/element/{el}/text")).as_str().unwrap_or_default().to_string()
    }

    fn keys(&self, el: &str, text: &str) {
        self.post(&format!("/element/{el}/value"), json!({ "text": text }));
    }

    fn url(&self) -> String {
        self.get("/url").as_str().unwrap().to_string()
    }

    /// Type `query` into the search box, press Enter, then follow the first result of `kind`
    /// with the keyboard; returns the new URL.
    fn search_and_follow(&self, page: &str, query: &str, kind: &str) -> String {
        self.post("/url", json!({ "url": page }));
        let input = self.wait_for("#search-q").remove(0);
        self.keys(&input, query);
        self.keys(&input, ENTER);
        let items = self.wait_for("#search-results li");
        let status = self.text(&self.find_all("#search-status")[0]);
        assert!(status.contains("result"), "status: {status}");
        let item = items
            .iter()
            // The type label is shown in capitals by CSS; compare without case.
            .find(|li| self.text(li).to_lowercase().starts_with(&format!("{}:", kind.to_lowercase())))
            .unwrap_or_else(|| panic!("no {kind} result for {query}"));
        let link = self.post(&format!("/element/{item}/element"), json!({ "using": "css selector", "value": "a" }));
        let link = link[ELEMENT].as_str().unwrap().to_string();
        let before = self.url();
        self.keys(&link, ENTER);
        let start = Instant::now();
        while self.url() == before {
            assert!(start.elapsed() < Duration::from_secs(15), "following the result did not navigate");
            std::thread::sleep(Duration::from_millis(100));
        }
        self.url()
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        if !self.session.is_empty() {
            let _ = ureq::delete(&format!("{}/session/{}", self.base, self.session)).call();
        }
        let _ = self.process.kill();
        let _ = self.process.wait();
    }
}

#[test]
fn search_finds_and_follows_results_in_chromium() {
    let chromium = find_program("CHROMIUM_PATH", &["chromium", "chromium-browser", "google-chrome"]);
    let driver = find_program("CHROMEDRIVER_PATH", &["chromedriver"]);
    let (Some(chromium), Some(chromedriver)) = (chromium, driver) else {
        if std::env::var("DOSSIER_REQUIRE_BROWSER").as_deref() == Ok("1") {
            panic!("DOSSIER_REQUIRE_BROWSER=1 but chromium or chromedriver is not installed");
        }
        eprintln!("notice: skipping the browser test: chromium or chromedriver is not installed");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    common::build_example(&out, &["--base-url", "https://example.org/sub/"]);
    let port = serve(out.clone());
    let search = format!("http://127.0.0.1:{port}/sub/search/");
    let d = Driver::start(&chromedriver, &chromium);

    let url = d.search_and_follow(&search, "Blinken", "Actor");
    assert_eq!(url, format!("http://127.0.0.1:{port}/sub/actors/antony-blinken/"));
    let h1 = d.wait_for("h1").remove(0);
    assert_eq!(d.text(&h1), "Antony Blinken");

    let url = d.search_and_follow(&search, "desperation aggression", "Quote");
    let (page, anchor) = url.split_once('#').expect("a quote result links to an anchor");
    assert_eq!(page, format!("http://127.0.0.1:{port}/sub/briefings/russia-north-korea-pact/"));
    let target = d.wait_for(&format!("[id=\"{anchor}\"]")).remove(0);
    assert!(d.text(&target).contains("in desperation"));
}

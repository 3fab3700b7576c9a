//! Headless Chromium for the browser tests, driven through chromedriver's WebDriver HTTP API.
//! `tools` finds both programs (or says the test is skipped, unless `DOSSIER_REQUIRE_BROWSER=1`
//! makes a missing browser a failure); `Driver` is one chromedriver process with one session.
use serde_json::{json, Value};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";
pub const ENTER: &str = "\u{E007}";

fn find_program(env: &str, names: &[&str]) -> Option<PathBuf> {
    if let Some(p) = std::env::var_os(env).map(PathBuf::from).filter(|p| p.is_file()) {
        return Some(p);
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).flat_map(|d| names.iter().map(move |n| d.join(n))).find(|p| p.is_file())
}

/// (chromedriver, chromium), or `None` with a printed notice when either is missing. With
/// `DOSSIER_REQUIRE_BROWSER=1` a missing browser panics instead, so CI never skips silently.
pub fn tools(test: &str) -> Option<(PathBuf, PathBuf)> {
    let chromium = find_program("CHROMIUM_PATH", &["chromium", "chromium-browser", "google-chrome"]);
    let driver = find_program("CHROMEDRIVER_PATH", &["chromedriver"]);
    if let (Some(d), Some(c)) = (driver, chromium) {
        return Some((d, c));
    }
    if std::env::var("DOSSIER_REQUIRE_BROWSER").as_deref() == Ok("1") {
        panic!("DOSSIER_REQUIRE_BROWSER=1 but chromium or chromedriver is not installed");
    }
    eprintln!("notice: skipping {test}: chromium or chromedriver is not installed");
    None
}

/// A chromedriver process and one browser session; both end when dropped.
pub struct Driver {
    process: Child,
    base: String,
    session: String,
    _profile: tempfile::TempDir,
}

impl Driver {
    pub fn start(chromedriver: &Path, chromium: &Path) -> Driver {
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
            "--headless".to_string(),
            "--no-sandbox".into(),
            "--disable-gpu".into(),
            "--disable-quic".into(),
            "--no-first-run".into(),
            "--disable-background-networking".into(),
            "--disable-component-update".into(),
            "--disable-sync".into(),
            "--disable-dev-shm-usage".into(),
            format!("--user-data-dir={}", profile.path().display()),
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

    pub fn call(&self, method: &str, path: &str, body: Option<Value>) -> Value {
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

    pub fn post(&self, path: &str, body: Value) -> Value {
        self.call("POST", path, Some(body))
    }

    pub fn get(&self, path: &str) -> Value {
        self.call("GET", path, None)
    }

    pub fn open(&self, url: &str) {
        self.post("/url", json!({ "url": url }));
    }

    pub fn url(&self) -> String {
        self.get("/url").as_str().unwrap().to_string()
    }

    /// Run `script` in the page and return its value.
    pub fn js(&self, script: &str) -> Value {
        self.post("/execute/sync", json!({ "script": script, "args": [] }))
    }

    pub fn find_all(&self, css: &str) -> Vec<String> {
        let v = self.post("/elements", json!({ "using": "css selector", "value": css }));
        v.as_array()
            .unwrap_or_else(|| panic!("{v}"))
            .iter()
            .map(|e| e[ELEMENT].as_str().unwrap_or_else(|| panic!("{e}")).to_string())
            .collect()
    }

    /// Wait until `css` matches, and return the matches.
    pub fn wait_for(&self, css: &str) -> Vec<String> {
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

    pub fn text(&self, el: &str) -> String {
        self.get(&format!("/element/{el}/text")).as_str().unwrap_or_default().to_string()
    }

    pub fn keys(&self, el: &str, text: &str) {
        self.post(&format!("/element/{el}/value"), json!({ "text": text }));
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

//! Fixtures and process helpers of the live-preview tests: a small annotated site whose briefings
//! share actors and tags, link to each other, quote, ask and date things; running `dossier serve`.

pub use super::write;
use std::path::Path;

pub fn briefing(title: &str, date: &str, tags: &[&str], actors: &[&str], body: &str) -> String {
    let tags: String = tags.iter().map(|t| format!("  - {t}\n")).collect();
    let actors_list: String = actors.iter().map(|a| format!("  - {a}\n")).collect();
    let by = actors.first().copied().unwrap_or("ana-ruiz");
    format!(
        "---\ntitle: \"{title}\"\ndate: {date}\nsummary: \"About {title}.\"\ntags:\n{tags}actors:\n{actors_list}\
         quotes:\n  - by: {by}\n    text: \"We said this about {title}.\"\nquestions:\n  - \"What next for {title}?\"\n\
         events:\n  - date: {date}\n    title: \"{title} happened\"\n    actors: [{by}]\n---\n{body}\n\nWe said this about {title}.\n"
    )
}

/// The fixture site: three briefings, two actors (one with a profile), tags and links.
pub fn site(root: &Path) {
    write(root, "dossier.yaml", "title: Fixture\npage_size: 2\n");
    write(root, "content/actors/ana-ruiz.md", "---\nname: Ana Ruiz\nkind: person\nrole: Minister\n---\nA minister.\n");
    write(root, "content/actors/northland.md", "---\nname: Northland\nkind: country\n---\nA country.\n");
    write(
        root,
        "content/briefings/alpha.md",
        &briefing(
            "Alpha talks",
            "2024-01-10",
            &["talks"],
            &["ana-ruiz", "northland"],
            "## Start\n\nAna Ruiz opened. See [beta](beta.md#details).",
        ),
    );
    write(
        root,
        "content/briefings/beta.md",
        &briefing("Beta deal", "2024-02-11", &["talks", "trade"], &["northland"], "## Details\n\nThe deal text."),
    );
    write(
        root,
        "content/briefings/2023/gamma.md",
        &briefing(
            "Gamma review",
            "2023-05-01",
            &["trade"],
            &["ana-ruiz"],
            "Body of gamma.\n\n```rust\nfn main() {}\n```",
        ),
    );
}

/// The fixture site (`site`) in a fresh temp folder: the folder guard and its canonical path.
pub fn temp_site() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = std::fs::canonicalize(dir.path()).unwrap();
    site(&root);
    (dir, root)
}

/// The path of the dossier binary built for the tests.
pub fn bin() -> &'static str {
    super::DOSSIER
}

/// A version of the fixture's `beta.md` (which keeps the `## Details` heading `alpha` links to).
pub fn beta(title: &str, text: &str) -> String {
    briefing(title, "2024-02-11", &["talks"], &["northland"], &format!("## Details\n\n{text}"))
}

/// The fixture's `alpha.md` with another body (its front matter as it was).
pub fn alpha(body: &str) -> String {
    briefing("Alpha talks", "2024-01-10", &["talks"], &["ana-ruiz", "northland"], body)
}

/// Write the fixture's `alpha.md` as it was.
pub fn site_alpha(root: &Path) {
    write(root, "content/briefings/alpha.md", &alpha("## Start\n\nAna Ruiz opened. See [beta](beta.md#details)."));
}

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A running `dossier serve` (or `build --watch`), killed when dropped; its output lines are
/// collected as they come.
pub struct Running {
    pub child: Child,
    pub out: Arc<Mutex<Vec<String>>>,
    pub err: Arc<Mutex<Vec<String>>>,
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn collect(r: impl Read + Send + 'static) -> Arc<Mutex<Vec<String>>> {
    let lines = Arc::new(Mutex::new(Vec::new()));
    let l2 = Arc::clone(&lines);
    std::thread::spawn(move || {
        for line in BufReader::new(r).lines().map_while(Result::ok) {
            l2.lock().unwrap().push(line);
        }
    });
    lines
}

impl Running {
    /// Start `dossier ARGS` (`serve`, `build --watch`) with its rebuilds' page keys checked:
    /// a page whose key stayed while its bytes changed fails the rebuild.
    pub fn start(args: &[&str]) -> Running {
        let mut child = Command::new(bin())
            .args(args)
            .env("DOSSIER_VERIFY_REBUILDS", "1")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let out = collect(child.stdout.take().unwrap());
        let err = collect(child.stderr.take().unwrap());
        Running { child, out, err }
    }

    /// Wait until a stdout line contains `needle`; returns it.
    pub fn wait_line(&self, needle: &str, after: usize) -> String {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            if let Some(l) = self.out.lock().unwrap().iter().skip(after).find(|l| l.contains(needle)) {
                return l.clone();
            }
            assert!(Instant::now() < deadline, "no `{needle}` line; stdout: {:?}; stderr: {:?}", self.out, self.err);
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Wait until `count` stderr lines contain `needle`; returns all of stderr. Stdout and
    /// stderr are read on threads of their own, so a warning printed before a stdout line can
    /// arrive after it.
    pub fn wait_err(&self, needle: &str, count: usize) -> String {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let err = self.err.lock().unwrap().join("\n");
            if err.matches(needle).count() >= count || Instant::now() >= deadline {
                return err;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    pub fn lines(&self) -> usize {
        self.out.lock().unwrap().len()
    }

    /// The `host:port` a `dossier serve` listens on.
    pub fn addr(&self) -> String {
        let line = self.wait_line("serving ", 0);
        let url = line.split(" at ").nth(1).unwrap().split_whitespace().next().unwrap();
        url.trim_start_matches("http://").trim_end_matches('/').to_string()
    }
}

/// Start `dossier serve` on a free port for the site at `root`.
pub fn serve(root: &Path) -> (Running, String) {
    let r = Running::start(&["serve", "--root", root.to_str().unwrap(), "--port", "0"]);
    let addr = r.addr();
    (r, addr)
}

/// One raw HTTP request: (status, head, body).
pub fn request(addr: &str, method: &str, target: &str) -> (u16, String, Vec<u8>) {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    write!(s, "{method} {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").unwrap();
    let mut buf = Vec::new();
    s.read_to_end(&mut buf).unwrap();
    let split = buf.windows(4).position(|w| w == b"\r\n\r\n").expect("a response head");
    let head = String::from_utf8_lossy(&buf[..split]).to_string();
    let status = head.split(' ').nth(1).unwrap().parse().unwrap();
    (status, head, buf[split + 4..].to_vec())
}

pub fn get(addr: &str, target: &str) -> (u16, String) {
    let (status, _, body) = request(addr, "GET", target);
    (status, String::from_utf8_lossy(&body).to_string())
}

/// Poll `target` until its body contains `needle` (or a minute passes).
pub fn wait_for(addr: &str, target: &str, needle: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let (_, body) = get(addr, target);
        if body.contains(needle) {
            return body;
        }
        assert!(Instant::now() < deadline, "{target} never showed `{needle}`");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Send `bytes` as they are and read the answer until the server closes the connection (or
/// `timeout` passes between two reads, which fails the test).
pub fn raw(addr: &str, bytes: &[u8], timeout: Duration) -> String {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(timeout)).unwrap();
    s.write_all(bytes).unwrap();
    let mut buf = Vec::new();
    if let Err(e) = s.read_to_end(&mut buf) {
        panic!("no whole answer within {timeout:?} ({e}); got {:?}", String::from_utf8_lossy(&buf));
    }
    String::from_utf8_lossy(&buf).to_string()
}

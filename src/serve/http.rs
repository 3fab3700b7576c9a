//! The preview's HTTP server: GET and HEAD of the in-memory site, plus the live-reload stream.
//!
//! Hand-written HTTP/1.1 over `std::net` rather than a server crate: the preview needs only
//! GET/HEAD of in-memory bytes and one long-lived Server-Sent Events response, which the small
//! synchronous crates make awkward (a streaming body per client) and the async ones would pull in
//! a runtime. One thread per connection, each with read and write timeouts and a cap on open
//! connections, so a client that connects and sends nothing cannot block anyone else. Every
//! response closes its connection, which keeps the protocol side small.

use super::reload::{self, EVENTS_PATH};
use super::Shared;
use anyhow::{Context as _, Result};
use std::io::{Read, Write};
use std::net::{IpAddr, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::RecvTimeoutError;
use std::sync::Arc;
use std::time::Duration;

/// How long a client may take to send its request.
const READ_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a write may block on a client that does not read.
const WRITE_TIMEOUT: Duration = Duration::from_secs(10);
/// The longest request head accepted.
const MAX_HEAD: usize = 16 * 1024;
/// Connections served at once; more get `503` straight away. Each open tab holds one (its
/// reload stream), so this allows a thousand tabs and page loads besides.
const MAX_CONNECTIONS: usize = 1024;
/// A comment line keeps idle event streams alive through proxies.
const KEEPALIVE: Duration = Duration::from_secs(15);
/// How often an idle event stream checks whether its tab went away, so a closed tab's thread
/// ends within this time rather than at the next write.
const CLOSED_POLL: Duration = Duration::from_millis(500);

/// Listen on `bind:port`, with a clear error when the port is taken.
pub fn bind(bind: &str, port: u16) -> Result<TcpListener> {
    let ip: IpAddr = bind.parse().with_context(|| format!("`{bind}` is not an IP address (try 127.0.0.1)"))?;
    let addr = SocketAddr::new(ip, port);
    TcpListener::bind(addr).map_err(|e| match e.kind() {
        std::io::ErrorKind::AddrInUse => anyhow::anyhow!(
            "port {port} on {ip} is already in use (is another `dossier serve` running?); choose another with `--port`"
        ),
        _ => anyhow::Error::new(e).context(format!("cannot listen on {addr}")),
    })
}

/// Accept connections on `listener` forever, each on its own thread.
pub fn spawn(listener: TcpListener, shared: Arc<Shared>) -> std::thread::JoinHandle<()> {
    let active = Arc::new(AtomicUsize::new(0));
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            if active.fetch_add(1, Ordering::SeqCst) >= MAX_CONNECTIONS {
                active.fetch_sub(1, Ordering::SeqCst);
                let _ = stream.set_write_timeout(Some(WRITE_TIMEOUT));
                let _ = respond(&mut stream, 503, "text/plain; charset=utf-8", &[], b"busy\n", false);
                continue;
            }
            let (shared, active) = (Arc::clone(&shared), Arc::clone(&active));
            std::thread::spawn(move || {
                let _ = handle(stream, &shared);
                active.fetch_sub(1, Ordering::SeqCst);
            });
        }
    })
}

/// Why a request target is refused.
#[derive(Debug, PartialEq, Eq)]
pub enum Refused {
    /// Not a path, badly encoded, or trying to leave the site.
    BadPath,
}

/// The site path a request target names (`/a/b/?q` → `a/b/`), percent-decoded. Refuses
/// anything that is not a plain path inside the site: `..` or `.` segments (encoded or not),
/// backslashes, NUL and other control bytes, `//`, and targets that are not a `/`-path.
pub fn site_path(target: &str) -> Result<String, Refused> {
    let path = target.split(['?', '#']).next().unwrap_or("");
    let rest = path.strip_prefix('/').ok_or(Refused::BadPath)?;
    let bytes = percent_decode(rest).ok_or(Refused::BadPath)?;
    let decoded = String::from_utf8(bytes).map_err(|_| Refused::BadPath)?;
    if decoded.contains('\\') || decoded.chars().any(char::is_control) || decoded.starts_with('/') {
        return Err(Refused::BadPath);
    }
    let segments: Vec<&str> = decoded.split('/').collect();
    let last = segments.len() - 1;
    for (i, s) in segments.iter().enumerate() {
        let empty_inside = s.is_empty() && i != last;
        if *s == ".." || *s == "." || empty_inside || s.contains(':') {
            return Err(Refused::BadPath);
        }
    }
    Ok(decoded)
}

fn percent_decode(s: &str) -> Option<Vec<u8>> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = std::str::from_utf8(b.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    Some(out)
}

/// The content type of a file, by extension.
pub fn content_type(path: &str) -> &'static str {
    let ext = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml; charset=utf-8",
        "atom" => "application/atom+xml; charset=utf-8",
        "txt" | "md" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "pdf" => "application/pdf",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        "wasm" => "application/wasm",
        _ => "application/octet-stream",
    }
}

/// Read the request head: up to the blank line, within the size and time limits.
fn read_head(stream: &mut TcpStream) -> Option<String> {
    let mut buf = Vec::with_capacity(1024);
    let mut chunk = [0u8; 2048];
    while !buf.windows(4).any(|w| w == b"\r\n\r\n") {
        let n = stream.read(&mut chunk).ok().filter(|&n| n > 0)?;
        buf.extend_from_slice(&chunk[..n]);
        if buf.len() > MAX_HEAD {
            return None;
        }
    }
    String::from_utf8(buf).ok()
}

fn handle(mut stream: TcpStream, shared: &Shared) -> std::io::Result<()> {
    stream.set_read_timeout(Some(READ_TIMEOUT))?;
    stream.set_write_timeout(Some(WRITE_TIMEOUT))?;
    let Some(head) = read_head(&mut stream) else {
        respond(&mut stream, 400, "text/plain; charset=utf-8", &[], b"bad request\n", false)?;
        drain(&mut stream);
        return Ok(());
    };
    let mut parts = head.lines().next().unwrap_or("").split(' ');
    let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    let head_only = match method {
        "GET" => false,
        "HEAD" => true,
        _ => return respond(&mut stream, 405, "text/plain; charset=utf-8", &[("Allow", "GET, HEAD")], b"", false),
    };
    if target.split('?').next() == Some(EVENTS_PATH) {
        return events(stream, shared);
    }
    let Ok(path) = site_path(target) else {
        return respond(&mut stream, 400, "text/plain; charset=utf-8", &[], b"bad path\n", head_only);
    };
    serve_file(&mut stream, shared, target, &path, head_only)
}

/// After refusing a request mid-upload, read (a bounded amount of) what the client is still
/// sending before closing: closing with unread input resets the connection, and the client
/// could lose the response.
fn drain(stream: &mut TcpStream) {
    let _ = stream.shutdown(std::net::Shutdown::Write);
    let _ = stream.set_read_timeout(Some(Duration::from_secs(1)));
    let _ = std::io::copy(&mut stream.take(1 << 20), &mut std::io::sink());
}

fn serve_file(
    stream: &mut TcpStream,
    shared: &Shared,
    target: &str,
    path: &str,
    head_only: bool,
) -> std::io::Result<()> {
    let site = shared.current();
    if site.generation == 0 {
        // No good build yet: a page that carries the live-reload script, so the overlay shows
        // the findings and the site appears once they are fixed.
        let page = b"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Dossier</title></head>\
            <body><p>The site has not built yet.</p></body></html>";
        return send_page(stream, 503, "index.html", page, 0, head_only);
    }
    let file = if path.is_empty() || path.ends_with('/') { format!("{path}index.html") } else { path.to_string() };
    if let Some(bytes) = site.files.get(&file) {
        return send_page(stream, 200, &file, bytes, site.generation, head_only);
    }
    if site.files.contains_key(&format!("{file}/index.html")) {
        let (p, q) = target.split_once('?').map_or((target, None), |(p, q)| (p, Some(q)));
        let location = match q {
            Some(q) => format!("{p}/?{q}"),
            None => format!("{p}/"),
        };
        return respond(stream, 301, "text/plain; charset=utf-8", &[("Location", &location)], b"", head_only);
    }
    match site.files.get("404.html") {
        Some(bytes) => send_page(stream, 404, "404.html", bytes, site.generation, head_only),
        None => respond(stream, 404, "text/plain; charset=utf-8", &[], b"not found\n", head_only),
    }
}

/// Send a file of the site; HTML gets the live-reload script.
fn send_page(
    stream: &mut TcpStream,
    status: u16,
    file: &str,
    bytes: &[u8],
    generation: u64,
    head_only: bool,
) -> std::io::Result<()> {
    let ty = content_type(file);
    if ty.starts_with("text/html") {
        return respond(stream, status, ty, &[], &reload::inject(bytes, generation), head_only);
    }
    respond(stream, status, ty, &[], bytes, head_only)
}

fn respond(
    stream: &mut TcpStream,
    status: u16,
    ty: &str,
    headers: &[(&str, &str)],
    body: &[u8],
    head_only: bool,
) -> std::io::Result<()> {
    let reason = match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        _ => "Service Unavailable",
    };
    let mut head = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Type: {ty}\r\nContent-Length: {}\r\nCache-Control: no-store\r\n\
         X-Content-Type-Options: nosniff\r\nConnection: close\r\n",
        body.len()
    );
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes())?;
    if !head_only {
        stream.write_all(body)?;
    }
    stream.flush()
}

/// The live-reload stream of one tab: runs until the tab goes away.
fn events(mut stream: TcpStream, shared: &Shared) -> std::io::Result<()> {
    stream.write_all(
        b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n",
    )?;
    stream.write_all(b"retry: 500\n\n")?;
    let rx = shared.hub.subscribe();
    // Reads only ever look for the end of the stream: a tab sends nothing after its request.
    stream.set_read_timeout(Some(Duration::from_millis(1)))?;
    let mut last_write = std::time::Instant::now();
    loop {
        match rx.recv_timeout(CLOSED_POLL) {
            Ok(msg) => stream.write_all(msg.as_bytes())?,
            Err(RecvTimeoutError::Timeout) if peer_closed(&stream) => return Ok(()),
            Err(RecvTimeoutError::Timeout) if last_write.elapsed() >= KEEPALIVE => {
                stream.write_all(b": keep-alive\n\n")?
            }
            Err(RecvTimeoutError::Timeout) => continue,
            Err(RecvTimeoutError::Disconnected) => return Ok(()),
        }
        stream.flush()?;
        last_write = std::time::Instant::now();
    }
}

/// Whether the client closed its side (end of stream, or a reset).
fn peer_closed(stream: &TcpStream) -> bool {
    let mut byte = [0u8; 1];
    match stream.peek(&mut byte) {
        Ok(0) => true,
        Ok(_) => false,
        Err(e) => !matches!(e.kind(), std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_paths_stay_inside_the_site() {
        assert_eq!(site_path("/"), Ok(String::new()));
        assert_eq!(site_path("/briefings/a%20b/?x=1#y"), Ok("briefings/a b/".into()));
        for bad in [
            "/../etc/passwd",
            "/a/../../b",
            "/%2e%2e/secret",
            "/%2E%2e%2fsecret",
            "/a/%2e/b",
            "/a\\..\\b",
            "/a%5c..%5cb",
            "/a%00b",
            "//etc/passwd",
            "/%2fetc/passwd",
            "/C:/Windows",
            "http://example.org/",
            "*",
            "/%zz",
            "/%ff",
        ] {
            assert_eq!(site_path(bad), Err(Refused::BadPath), "{bad}");
        }
    }

    #[test]
    fn content_types_by_extension() {
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("style.CSS"), "text/css; charset=utf-8");
        assert_eq!(content_type("x.svg"), "image/svg+xml");
        assert_eq!(content_type("noext"), "application/octet-stream");
    }
}

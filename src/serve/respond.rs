//! What a request to the preview gets: the `Host` check, the method, the path gate, then a file
//! of the build being served (HTML with the live-reload script), a redirect, the 404 page, or
//! the live-reload event stream. A function of the request and the served build; connections
//! and their limits are `http`'s.
//!
//! The `Host` check keeps DNS rebinding out: a page on another site that points its own host
//! name at this machine still sends that name, and gets `403`, so it cannot read the preview
//! (drafts included). Accepted: `localhost`, loopback addresses and the bound address, with any
//! port (an SSH tunnel may forward another); when the server listens on every address
//! (`0.0.0.0`, `::`), any IP address, since the machine's own addresses are what other devices
//! use and rebinding needs a name, never an address.

use super::reload::{self, EVENTS_PATH};
use super::Shared;
use hyper::body::{Bytes, Frame, SizeHint};
use hyper::header::{HeaderValue, ALLOW, CACHE_CONTROL, CONTENT_TYPE, HOST, LOCATION, X_CONTENT_TYPE_OPTIONS};
use hyper::{Method, Request, Response, StatusCode, Uri, Version};
use percent_encoding::percent_decode_str;
use std::convert::Infallible;
use std::future::Future;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::sync::mpsc::Receiver;

/// A comment line keeps idle event streams alive through proxies.
const KEEPALIVE: Duration = Duration::from_secs(15);

/// What the server answers from: the build being served and the address it listens on.
pub struct Site {
    pub shared: Arc<Shared>,
    pub bound: IpAddr,
}

impl Site {
    /// The response to `req`.
    pub fn respond<B>(&self, req: &Request<B>) -> Response<Body> {
        if let Err(refused) = check_host(req, self.bound) {
            return refused;
        }
        if !matches!(*req.method(), Method::GET | Method::HEAD) {
            let mut r = plain(StatusCode::METHOD_NOT_ALLOWED, "");
            r.headers_mut().insert(ALLOW, HeaderValue::from_static("GET, HEAD"));
            return r;
        }
        let uri = req.uri();
        if uri.path() == EVENTS_PATH {
            return events(self.shared.hub.subscribe());
        }
        // An absolute-form target (`GET http://host/path`) is not a path of this site.
        if uri.scheme().is_some() || uri.authority().is_some() {
            return plain(StatusCode::BAD_REQUEST, "bad path\n");
        }
        match site_path(uri.path()) {
            Ok(path) => self.file(uri, &path),
            Err(Refused::BadPath) => plain(StatusCode::BAD_REQUEST, "bad path\n"),
        }
    }

    fn file(&self, uri: &Uri, path: &str) -> Response<Body> {
        let site = self.shared.current();
        if site.generation == 0 {
            // No good build yet: a page that carries the live-reload script, so the overlay
            // shows the findings and the site appears once they are fixed.
            let page = b"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Dossier</title></head>\
                <body><p>The site has not built yet.</p></body></html>";
            return page_response(StatusCode::SERVICE_UNAVAILABLE, "index.html", &Arc::new(page.to_vec()), 0);
        }
        let file = if path.is_empty() || path.ends_with('/') { format!("{path}index.html") } else { path.to_string() };
        if let Some(bytes) = site.files.get(&file) {
            return page_response(StatusCode::OK, &file, bytes, site.generation);
        }
        if site.files.contains_key(&format!("{file}/index.html")) {
            let location = match uri.query() {
                Some(q) => format!("{}/?{q}", uri.path()),
                None => format!("{}/", uri.path()),
            };
            let mut r = plain(StatusCode::MOVED_PERMANENTLY, "");
            if let Ok(v) = HeaderValue::from_str(&location) {
                r.headers_mut().insert(LOCATION, v);
            }
            return r;
        }
        match site.files.get("404.html") {
            Some(bytes) => page_response(StatusCode::NOT_FOUND, "404.html", bytes, site.generation),
            None => plain(StatusCode::NOT_FOUND, "not found\n"),
        }
    }
}

/// The answer to every request on a connection past the cap.
pub fn busy() -> Response<Body> {
    plain(StatusCode::SERVICE_UNAVAILABLE, "busy\n")
}

/// `Ok` when the request names this server (see the module comment). HTTP/1.1 requires one
/// `Host`; an HTTP/1.0 request may come without, and a browser always sends one.
fn check_host<B>(req: &Request<B>, bound: IpAddr) -> Result<(), Response<Body>> {
    let mut hosts = req.headers().get_all(HOST).iter();
    match (hosts.next(), hosts.next()) {
        (None, _) if req.version() < Version::HTTP_11 => Ok(()),
        (Some(host), None) if host.to_str().is_ok_and(|h| host_allowed(h, bound)) => Ok(()),
        (Some(host), None) => {
            let named = host.to_str().ok().filter(|h| h.chars().all(|c| c.is_ascii_graphic())).unwrap_or("?");
            Err(plain(
                StatusCode::FORBIDDEN,
                &format!(
                    "dossier serve answers to localhost and its own address, not to `{named}` \
                     (a page of another site cannot read the preview)\n"
                ),
            ))
        }
        _ => Err(plain(StatusCode::BAD_REQUEST, "a request needs exactly one Host header\n")),
    }
}

/// Whether `host` (a `Host` header) names a server listening on `bound`.
pub fn host_allowed(host: &str, bound: IpAddr) -> bool {
    // Userinfo (`user@host`) has no place in a `Host` header.
    let Some(authority) = host.parse::<hyper::http::uri::Authority>().ok().filter(|_| !host.contains('@')) else {
        return false;
    };
    let name = authority.host();
    if authority.as_str().len() != name.len() && authority.port_u16().is_none() {
        return false; // `host:` followed by something that is not a port number
    }
    if name.eq_ignore_ascii_case("localhost") {
        return true;
    }
    let ip = match name.strip_prefix('[').and_then(|n| n.strip_suffix(']')) {
        Some(v6) => v6.parse::<Ipv6Addr>().map(IpAddr::V6),
        None => name.parse::<Ipv4Addr>().map(IpAddr::V4),
    };
    ip.is_ok_and(|ip| ip.is_loopback() || ip == bound || bound.is_unspecified())
}

/// Why a request path is refused.
#[derive(Debug, PartialEq, Eq)]
enum Refused {
    /// Not a path, badly encoded, or trying to leave the site.
    BadPath,
}

/// The site path a request path names (`/a/b/` → `a/b/`), percent-decoded. Refuses anything
/// that is not a plain path inside the site: `..` or `.` segments (encoded or not),
/// backslashes, NUL and other control bytes, `//`, drive letters, malformed `%` escapes and
/// bytes that are not UTF-8.
fn site_path(path: &str) -> Result<String, Refused> {
    let rest = path.strip_prefix('/').ok_or(Refused::BadPath)?;
    // `percent_decode` keeps a `%` that starts no escape as it is; here that is an error.
    let whole_escapes =
        rest.split('%').skip(1).all(|s| s.get(..2).is_some_and(|h| h.bytes().all(|b| b.is_ascii_hexdigit())));
    if !whole_escapes {
        return Err(Refused::BadPath);
    }
    let decoded = percent_decode_str(rest).decode_utf8().map_err(|_| Refused::BadPath)?;
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
    Ok(decoded.into_owned())
}

/// The content type of a file, by extension; text is UTF-8.
fn content_type(path: &str) -> HeaderValue {
    let mime = mime_guess::from_path(path).first_raw().unwrap_or("application/octet-stream");
    if mime.starts_with("text/") || mime == "application/javascript" {
        if let Ok(v) = HeaderValue::from_str(&format!("{mime}; charset=utf-8")) {
            return v;
        }
    }
    HeaderValue::from_static(mime)
}

/// A file of the site; HTML gets the live-reload script.
fn page_response(status: StatusCode, file: &str, bytes: &Arc<Vec<u8>>, generation: u64) -> Response<Body> {
    let ty = content_type(file);
    let body = if ty.as_bytes().starts_with(b"text/html") {
        Bytes::from(reload::inject(bytes, generation))
    } else {
        Bytes::from_owner(Served(Arc::clone(bytes)))
    };
    response(status, ty, Body::Full(Some(body)))
}

/// A served file's bytes, shared with the snapshot rather than copied.
struct Served(Arc<Vec<u8>>);

impl AsRef<[u8]> for Served {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

fn plain(status: StatusCode, text: &str) -> Response<Body> {
    let body = Bytes::copy_from_slice(text.as_bytes());
    response(status, HeaderValue::from_static("text/plain; charset=utf-8"), Body::Full(Some(body)))
}

fn response(status: StatusCode, ty: HeaderValue, body: Body) -> Response<Body> {
    let mut r = Response::new(body);
    *r.status_mut() = status;
    let h = r.headers_mut();
    h.insert(CONTENT_TYPE, ty);
    h.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    r
}

/// The live-reload stream of one tab.
fn events(rx: Receiver<String>) -> Response<Body> {
    let stream = Events { greeting: Some(Bytes::from_static(b"retry: 500\n\n")), rx, keepalive: None };
    response(StatusCode::OK, HeaderValue::from_static("text/event-stream"), Body::Events(stream))
}

/// A response body: bytes known in full, or a tab's event stream.
pub enum Body {
    Full(Option<Bytes>),
    Events(Events),
}

/// The messages of the reload hub for one tab, with a comment line when it has been quiet for
/// a while. Ends when the hub drops the tab.
pub struct Events {
    greeting: Option<Bytes>,
    rx: Receiver<String>,
    /// Created on first poll, inside the server's runtime.
    keepalive: Option<Pin<Box<tokio::time::Sleep>>>,
}

impl Events {
    fn poll_next(&mut self, cx: &mut Context<'_>) -> Poll<Option<Bytes>> {
        if let Some(greeting) = self.greeting.take() {
            return Poll::Ready(Some(greeting));
        }
        let keepalive = self.keepalive.get_or_insert_with(|| Box::pin(tokio::time::sleep(KEEPALIVE)));
        let next = match self.rx.poll_recv(cx) {
            Poll::Ready(Some(msg)) => Bytes::from(msg),
            Poll::Ready(None) => return Poll::Ready(None),
            Poll::Pending if keepalive.as_mut().poll(cx).is_ready() => Bytes::from_static(b": keep-alive\n\n"),
            Poll::Pending => return Poll::Pending,
        };
        keepalive.as_mut().reset(tokio::time::Instant::now() + KEEPALIVE);
        Poll::Ready(Some(next))
    }
}

impl hyper::body::Body for Body {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        let next = match self.get_mut() {
            Body::Full(bytes) => Poll::Ready(bytes.take()),
            Body::Events(events) => events.poll_next(cx),
        };
        next.map(|bytes| bytes.map(|b| Ok(Frame::data(b))))
    }

    fn is_end_stream(&self) -> bool {
        matches!(self, Body::Full(None))
    }

    fn size_hint(&self) -> SizeHint {
        match self {
            Body::Full(bytes) => SizeHint::with_exact(bytes.as_ref().map_or(0, |b| b.len() as u64)),
            Body::Events(_) => SizeHint::default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_paths_stay_inside_the_site() {
        assert_eq!(site_path("/"), Ok(String::new()));
        assert_eq!(site_path("/briefings/a%20b/"), Ok("briefings/a b/".into()));
        assert_eq!(site_path("/caf%C3%A9.html"), Ok("café.html".into()));
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
            "/%f",
            "/%ff",
        ] {
            assert_eq!(site_path(bad), Err(Refused::BadPath), "{bad}");
        }
    }

    #[test]
    fn content_types_by_extension() {
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("style.CSS"), "text/css; charset=utf-8");
        assert_eq!(content_type("search/index.js"), "text/javascript; charset=utf-8");
        assert_eq!(content_type("x.svg"), "image/svg+xml");
        assert_eq!(content_type("feed.atom"), "application/atom+xml");
        assert_eq!(content_type("noext"), "application/octet-stream");
    }

    #[test]
    fn only_this_machine_s_names_are_accepted_as_host() {
        let loopback: IpAddr = "127.0.0.1".parse().unwrap();
        for ok in ["localhost", "LocalHost:1111", "127.0.0.1", "127.0.0.1:8080", "[::1]", "[::1]:1111"] {
            assert!(host_allowed(ok, loopback), "{ok}");
        }
        for bad in [
            "evil.example",
            "evil.example:1111",
            "localhost.evil.example",
            "127.0.0.1.evil.example",
            "evil@localhost",
            "192.168.1.20:1111",
            "::1",
            "",
            "localhost:port",
            "localhost:99999",
        ] {
            assert!(!host_allowed(bad, loopback), "{bad}");
        }
        let lan: IpAddr = "192.168.1.20".parse().unwrap();
        assert!(host_allowed("192.168.1.20:1111", lan), "the bound address");
        assert!(!host_allowed("10.0.0.3:1111", lan));
        let everywhere: IpAddr = "0.0.0.0".parse().unwrap();
        for ok in ["10.0.0.3:1111", "[fe80::1]:1111", "localhost"] {
            assert!(host_allowed(ok, everywhere), "any address of the machine when bound to all: {ok}");
        }
        assert!(!host_allowed("my-laptop.local:1111", everywhere), "names are refused even then");
    }
}

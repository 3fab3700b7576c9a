//! The preview's HTTP server: connections, their limits and deadlines. What a request gets is
//! decided in `respond`.
//!
//! HTTP/1.1 is hyper's (the request parser, the connection state machine, the header-read
//! deadline, chunked streaming of the live-reload events), on a single-threaded tokio runtime
//! in a thread of its own: the rest of the program stays synchronous and hands the server only
//! `Shared` (the build being served and the reload hub). hyper rather than axum on top of it:
//! there is one handler and no routing, and the knobs this module is about (head deadline,
//! head size, keep-alive) are hyper's own.
//!
//! No client can keep the preview from others: at most `Limits::connections` connections are
//! served at once (a few more are answered `503`, the rest closed at once); a request head must
//! arrive whole within `Limits::head` of connecting, however it trickles in; a connection that
//! is not a live-reload stream ends after `Limits::whole`; every response closes its connection.

use super::respond::{self, Body, Site};
use super::Shared;
use anyhow::{Context as _, Result};
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// The longest request head accepted; hyper answers `431` past it.
const MAX_HEAD: usize = 16 * 1024;
/// Connections past the cap that are still answered `503` rather than closed at once.
const REFUSALS: usize = 64;
/// How long to wait before accepting again when accepting fails (out of file descriptors).
const ACCEPT_BACKOFF: Duration = Duration::from_millis(50);

/// How much of the server one client may hold. `Limits::default()` is what `dossier serve` uses.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Connections served at once; more are answered `503`. Each open tab holds one (its
    /// reload stream), so the default allows a thousand tabs and page loads besides.
    pub connections: usize,
    /// How long a client has, from connecting, to send its whole request head.
    pub head: Duration,
    /// How long a connection may last, request and response, unless it is a reload stream.
    pub whole: Duration,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits { connections: 1024, head: Duration::from_secs(3), whole: Duration::from_secs(30) }
    }
}

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

/// Serve `shared` on `listener` from a thread of its own, for as long as the program runs.
pub fn spawn(listener: TcpListener, shared: Arc<Shared>, limits: Limits) -> Result<std::thread::JoinHandle<()>> {
    let bound = listener.local_addr().context("cannot read the listening address")?;
    listener.set_nonblocking(true).context("cannot set up the listening socket")?;
    let runtime =
        tokio::runtime::Builder::new_current_thread().enable_all().build().context("cannot start the HTTP server")?;
    let listener = {
        let _in_runtime = runtime.enter();
        tokio::net::TcpListener::from_std(listener).context("cannot set up the listening socket")?
    };
    let server = Arc::new(Server {
        site: Site { shared, bound: bound.ip() },
        limits,
        serving: AtomicUsize::new(0),
        refusing: AtomicUsize::new(0),
    });
    std::thread::Builder::new()
        .name("dossier-http".into())
        .spawn(move || runtime.block_on(accept(listener, server)))
        .context("cannot start the HTTP server's thread")
}

struct Server {
    site: Site,
    limits: Limits,
    /// Connections being served now.
    serving: AtomicUsize,
    /// Connections past the cap being answered `503` now.
    refusing: AtomicUsize,
}

async fn accept(listener: tokio::net::TcpListener, server: Arc<Server>) {
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            Err(_) => {
                tokio::time::sleep(ACCEPT_BACKOFF).await;
                continue;
            }
        };
        // Past both caps the stream is dropped here, which closes it.
        if let Some(slot) = Slot::take(&server) {
            tokio::spawn(connection(stream, slot));
        }
    }
}

/// A connection's place among those served (or refused) at once; given back when dropped.
struct Slot {
    server: Arc<Server>,
    /// Past the cap: every request on it is answered `503`.
    busy: bool,
}

impl Slot {
    fn take(server: &Arc<Server>) -> Option<Slot> {
        for busy in [false, true] {
            let (count, max) = Slot::counter(server, busy);
            if count.fetch_add(1, Ordering::SeqCst) < max {
                return Some(Slot { server: Arc::clone(server), busy });
            }
            count.fetch_sub(1, Ordering::SeqCst);
        }
        None
    }

    fn counter(server: &Server, busy: bool) -> (&AtomicUsize, usize) {
        if busy {
            (&server.refusing, REFUSALS)
        } else {
            (&server.serving, server.limits.connections)
        }
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        Slot::counter(&self.server, self.busy).0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// One connection, one request: within the head deadline (hyper's timer, which runs from the
/// first poll to the end of the head whatever arrives), then the whole-connection deadline,
/// lifted once the response is a reload stream.
async fn connection(stream: tokio::net::TcpStream, slot: Slot) {
    let server = Arc::clone(&slot.server);
    let streaming = Arc::new(AtomicBool::new(false));
    let service = {
        let (server, streaming, busy) = (Arc::clone(&server), Arc::clone(&streaming), slot.busy);
        hyper::service::service_fn(move |req| {
            let response = if busy { respond::busy() } else { server.site.respond(&req) };
            if matches!(response.body(), Body::Events(_)) {
                streaming.store(true, Ordering::SeqCst);
            }
            std::future::ready(Ok::<_, std::convert::Infallible>(response))
        })
    };
    let conn = http1::Builder::new()
        .timer(TokioTimer::new())
        .header_read_timeout(server.limits.head)
        .max_buf_size(MAX_HEAD)
        .keep_alive(false)
        .title_case_headers(true)
        .serve_connection(TokioIo::new(stream), service);
    let mut conn = std::pin::pin!(conn);
    let timed_out = tokio::time::timeout(server.limits.whole, conn.as_mut()).await.is_err();
    if timed_out && streaming.load(Ordering::SeqCst) {
        let _ = conn.await;
    }
    drop(slot);
}

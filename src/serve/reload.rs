//! Live reload: the script `serve` injects into the HTML it serves, the Server-Sent Events hub
//! that tells every open tab what happened, and the error overlay.
//!
//! Messages are plain SSE events: `hello` (the current build generation, so a tab that loaded
//! an older build reloads when it connects), `reload`, `css` (stylesheets only: swap them in
//! place), `errors` (the overlay HTML, escaped here, as a JSON string) and `ok` (hide it).
//!
//! The hub is fed by the (synchronous) rebuild loop and read by the server's tasks: each tab
//! gets a bounded channel that the rebuild side fills without waiting. A tab whose channel is
//! full has stopped reading; it is dropped, its stream ends, and the browser reconnects (the
//! greeting then tells it whether to reload).

use crate::diag::Finding;
use crate::render::escape::escape;
use std::sync::Mutex;
use tokio::sync::mpsc::{channel, Receiver, Sender};

/// Messages a tab may have waiting before it counts as gone. Rebuilds send one or two each.
const BACKLOG: usize = 64;

/// The path of the event stream.
pub const EVENTS_PATH: &str = "/__dossier/events";

/// The script injected before `</body>`; `__GEN__` is the generation of the page's build.
const SCRIPT: &str = r#"<script>/* dossier serve: live reload */(function(){
var gen=__GEN__,key="dossier-scroll:"+location.pathname,saved=sessionStorage.getItem(key);
if(saved!==null){sessionStorage.removeItem(key);var y=+saved;var go=function(){window.scrollTo(0,y)};
if(document.readyState==="complete"){go()}else{window.addEventListener("load",go)}}
function reload(){sessionStorage.setItem(key,String(window.scrollY));location.reload()}
function css(){document.querySelectorAll('link[rel="stylesheet"]').forEach(function(l){
var u=new URL(l.href);u.searchParams.set("dossier",String(Date.now()));var n=l.cloneNode();n.href=u.href;
n.onload=function(){l.remove()};l.after(n)})}
function overlay(){var o=document.getElementById("dossier-overlay");if(!o){o=document.createElement("div");
o.id="dossier-overlay";o.setAttribute("role","alert");o.style.cssText="position:fixed;inset:0 0 auto 0;"+
"max-height:70vh;overflow:auto;z-index:2147483647;background:#fff;color:#111;border-bottom:4px solid #b00020;"+
"padding:1rem 1.5rem;font:14px/1.5 ui-monospace,Menlo,Consolas,monospace;box-shadow:0 4px 16px rgba(0,0,0,.3)";
document.body.appendChild(o)}return o}
var es=new EventSource("/__dossier/events");
es.addEventListener("hello",function(e){if(+e.data!==gen){reload()}});
es.addEventListener("reload",function(){reload()});
es.addEventListener("css",function(e){gen=+e.data;css()});
es.addEventListener("errors",function(e){overlay().innerHTML=JSON.parse(e.data)});
es.addEventListener("ok",function(){var o=document.getElementById("dossier-overlay");if(o){o.remove()}});
})();</script>"#;

/// `html` with the live-reload script added before the last `</body>` (or at the end).
pub fn inject(html: &[u8], generation: u64) -> Vec<u8> {
    let script = SCRIPT.replace("__GEN__", &generation.to_string());
    let at = find_last_ci(html, b"</body>").unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + script.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(script.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

fn find_last_ci(hay: &[u8], needle: &[u8]) -> Option<usize> {
    (0..=hay.len().checked_sub(needle.len())?).rev().find(|&i| hay[i..i + needle.len()].eq_ignore_ascii_case(needle))
}

/// The overlay's content for a failed rebuild: every finding as the terminal shows it, escaped.
pub fn overlay_html(findings: &[Finding], failure: Option<&str>) -> String {
    let errors = findings.iter().filter(|f| f.severity == crate::diag::Severity::Error).count();
    let mut html = String::from("<h2 style=\"margin:0 0 .5rem;font-size:1.1rem;color:#b00020\">");
    if let Some(msg) = failure {
        html.push_str("Dossier could not rebuild the site</h2><pre style=\"white-space:pre-wrap;margin:0\">");
        html.push_str(&escape(&crate::diag::escape_controls(msg)));
        html.push_str("</pre>");
    } else {
        html.push_str(&format!("Dossier found {errors} error(s); the last good build is still shown</h2>"));
        for f in findings {
            html.push_str("<pre style=\"white-space:pre-wrap;margin:.5rem 0\">");
            html.push_str(&escape(&f.render()));
            html.push_str("</pre>");
        }
    }
    html.push_str("<p style=\"margin:.5rem 0 0\">This message goes away by itself when the files are fixed.</p>");
    html
}

/// One SSE message.
pub fn event(name: &str, data: &str) -> String {
    let mut s = format!("event: {name}\n");
    for line in data.split('\n') {
        s.push_str("data: ");
        s.push_str(line);
        s.push('\n');
    }
    s.push('\n');
    s
}

/// The open event streams, and what a newly connected tab must hear first.
#[derive(Debug, Default)]
pub struct Hub {
    inner: Mutex<HubState>,
}

#[derive(Debug, Default)]
struct HubState {
    clients: Vec<Sender<String>>,
    generation: u64,
    /// The overlay HTML while the last rebuild failed.
    overlay: Option<String>,
}

impl Hub {
    /// Register a tab: the receiver gets the greeting first, then every later broadcast.
    pub fn subscribe(&self) -> Receiver<String> {
        let (tx, rx) = channel(BACKLOG);
        let mut st = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        let _ = tx.try_send(event("hello", &st.generation.to_string()));
        if let Some(o) = &st.overlay {
            let _ = tx.try_send(event("errors", &json_string(o)));
        }
        st.clients.push(tx);
        rx
    }

    /// A new good build is served: tell every tab to reload, or only to swap stylesheets.
    pub fn built(&self, generation: u64, css_only: bool) {
        let mut st = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        st.generation = generation;
        let had_overlay = st.overlay.take().is_some();
        if had_overlay {
            broadcast(&mut st.clients, &event("ok", ""));
        }
        let msg = if css_only { event("css", &generation.to_string()) } else { event("reload", "") };
        broadcast(&mut st.clients, &msg);
    }

    /// A rebuild produced nothing new; clear the overlay if one is shown.
    pub fn unchanged(&self) {
        let mut st = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        if st.overlay.take().is_some() {
            broadcast(&mut st.clients, &event("ok", ""));
        }
    }

    /// A rebuild failed: show the overlay in every tab (and in tabs opened later).
    pub fn failed(&self, overlay: String) {
        let mut st = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        broadcast(&mut st.clients, &event("errors", &json_string(&overlay)));
        st.overlay = Some(overlay);
    }

    /// How many tabs are listening.
    pub fn clients(&self) -> usize {
        self.inner.lock().unwrap_or_else(|p| p.into_inner()).clients.len()
    }
}

/// Send `msg` to every tab; forget the tabs that closed or stopped reading.
fn broadcast(clients: &mut Vec<Sender<String>>, msg: &str) {
    clients.retain(|c| c.try_send(msg.to_string()).is_ok());
}

fn json_string(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlay_escapes_finding_text() {
        let f = Finding::error("content/<b>.md", "yaml-syntax", "bad <script>alert(1)</script> & more");
        let html = overlay_html(&[f], None);
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; more"));
        assert!(html.contains("content/&lt;b&gt;.md"));
        assert!(!html.contains("<script>"));
        assert!(!overlay_html(&[], Some("<x>")).contains("<x>"));
        let f = Finding::error("content/a.md", "unknown-actor", "unknown actor `\u{1b}[2J\u{7}x`");
        for html in [overlay_html(&[f], None), overlay_html(&[], Some("cannot write `\u{1b}[2J`"))] {
            assert!(html.contains("\\u{1b}[2J") && !html.contains(['\u{1b}', '\u{7}']), "{html}");
        }
    }

    #[test]
    fn script_goes_before_the_last_body_end() {
        let out = String::from_utf8(inject(b"<html><body><p>x</p></BODY></html>", 7)).unwrap();
        let at = out.find("<script>").unwrap();
        assert!(at < out.find("</BODY>").unwrap() && at > out.find("<p>x</p>").unwrap());
        assert!(out.contains("var gen=7,"));
        assert!(String::from_utf8(inject(b"no body", 1)).unwrap().starts_with("no body<script>"));
    }

    #[test]
    fn hub_greets_with_generation_and_current_overlay() {
        let hub = Hub::default();
        hub.failed("<b>boom</b>".into());
        let mut rx = hub.subscribe();
        assert_eq!(rx.try_recv().unwrap(), "event: hello\ndata: 0\n\n");
        assert_eq!(rx.try_recv().unwrap(), "event: errors\ndata: \"<b>boom</b>\"\n\n");
        hub.built(1, false);
        assert_eq!(rx.try_recv().unwrap(), "event: ok\ndata: \n\n");
        assert_eq!(rx.try_recv().unwrap(), "event: reload\ndata: \n\n");
        drop(rx);
        hub.built(2, true);
        assert_eq!(hub.clients(), 0, "a closed tab is forgotten");
    }

    #[test]
    fn a_tab_that_stops_reading_is_dropped_not_buffered() {
        let hub = Hub::default();
        let mut rx = hub.subscribe();
        for g in 1..=BACKLOG as u64 {
            hub.built(g, false);
        }
        assert_eq!(hub.clients(), 0, "a full tab is forgotten");
        let mut got = 0;
        while rx.try_recv().is_ok() {
            got += 1;
        }
        assert_eq!(got, BACKLOG, "what was queued before is still read, then the stream ends");
        assert!(rx.try_recv().is_err());
    }
}

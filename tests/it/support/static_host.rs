//! A static host for browser tests: serves a built site under `/sub/` on a loopback port, as
//! GitHub Pages or S3 would: folders need their `index.html`, a folder without its trailing
//! slash redirects, anything else is 404.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};

/// Serve `root` under `/sub/` on a loopback port; the port.
pub fn serve(root: PathBuf) -> u16 {
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

//! The dev server's HTTP side: files from the in-memory site, the
//! Server-Sent Events stream that tells tabs to reload, and the resolution
//! of request paths, which can never name anything outside the built site.

use super::{Message, Shared};
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderValue, Method, StatusCode, Uri, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use std::convert::Infallible;
use std::sync::Arc;
use tokio_stream::StreamExt;
use tokio_stream::wrappers::BroadcastStream;

/// The path of the reload event stream.
pub const EVENTS_PATH: &str = "/__gazette/events";

/// Why a request path was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BadPath {
    /// Not valid percent-encoded UTF-8.
    Encoding,
    /// `..`, backslashes, NUL or a drive letter: an attempt to climb out.
    Traversal,
}

/// Turns a request path into the key of a file of the built site
/// (`/fr/a/` → `fr/a/index.html`). Decodes percent-escapes once, then
/// refuses anything that could name a place outside the site.
pub fn resolve_path(raw: &str) -> Result<String, BadPath> {
    let decoded = percent_encoding::percent_decode_str(raw)
        .decode_utf8()
        .map_err(|_| BadPath::Encoding)?;
    if !decoded.starts_with('/') || decoded.contains(['\\', '\0']) {
        return Err(BadPath::Traversal);
    }
    let mut parts = Vec::new();
    for seg in decoded.split('/') {
        match seg {
            "" | "." => {}
            ".." => return Err(BadPath::Traversal),
            s if s.contains(':') => return Err(BadPath::Traversal),
            s => parts.push(s),
        }
    }
    let key = parts.join("/");
    Ok(if key.is_empty() {
        "index.html".to_string()
    } else if decoded.ends_with('/') {
        format!("{key}/index.html")
    } else {
        key
    })
}

/// Answers every non-event request from the current in-memory site.
pub async fn serve_file(State(shared): State<Arc<Shared>>, method: Method, uri: Uri) -> Response {
    if method != Method::GET && method != Method::HEAD {
        let mut r = (StatusCode::METHOD_NOT_ALLOWED, "only GET and HEAD\n").into_response();
        r.headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return r;
    }
    let key = match resolve_path(uri.path()) {
        Ok(k) => k,
        Err(_) => return (StatusCode::BAD_REQUEST, "bad path\n").into_response(),
    };
    let (found, folder, not_found) = {
        let snapshot = shared.snapshot();
        (
            snapshot.files.get(&key).cloned(),
            !key.ends_with(".html") && snapshot.files.contains_key(&format!("{key}/index.html")),
            snapshot.files.get("404.html").cloned(),
        )
    };
    if let Some(bytes) = found {
        return file_response(StatusCode::OK, &key, bytes, &method);
    }
    // `/fr/a` for a folder: redirect to `/fr/a/` so relative links work.
    if folder {
        let location = format!("{}/", uri.path());
        return (
            StatusCode::MOVED_PERMANENTLY,
            [(header::LOCATION, location)],
        )
            .into_response();
    }
    let body = not_found.unwrap_or_else(|| axum::body::Bytes::from_static(b"not found\n"));
    file_response(StatusCode::NOT_FOUND, "404.html", body, &method)
}

fn file_response(
    status: StatusCode,
    key: &str,
    bytes: axum::body::Bytes,
    method: &Method,
) -> Response {
    let mime = match key.rsplit('.').next() {
        Some("html") => "text/html; charset=utf-8".to_string(),
        Some("xml") if key.ends_with("atom.xml") => {
            "application/atom+xml; charset=utf-8".to_string()
        }
        _ => mime_guess::from_path(key)
            .first_or_octet_stream()
            .to_string(),
    };
    let len = bytes.len();
    let body = if method == Method::HEAD {
        Body::empty()
    } else {
        Body::from(bytes)
    };
    let mut r = Response::new(body);
    *r.status_mut() = status;
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_str(&mime)
            .unwrap_or(HeaderValue::from_static("application/octet-stream")),
    );
    h.insert(header::CONTENT_LENGTH, HeaderValue::from(len));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

/// The reload stream: the current state first (error or ok), then every
/// message the rebuilds send.
pub async fn events(
    State(shared): State<Arc<Shared>>,
) -> Sse<impl tokio_stream::Stream<Item = Result<Event, Infallible>>> {
    let error = shared.snapshot().error.clone();
    let current = match error {
        Some(message) => Message::Error { message },
        None => Message::Ok,
    };
    let first = tokio_stream::once(current);
    let rest = BroadcastStream::new(shared.sender.subscribe()).filter_map(|m| m.ok());
    let stream = first
        .chain(rest)
        .map(|m| Ok(Event::default().data(m.to_json())));
    Sse::new(stream).keep_alive(KeepAlive::default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_map_to_site_files() {
        assert_eq!(resolve_path("/").unwrap(), "index.html");
        assert_eq!(resolve_path("/fr/a/").unwrap(), "fr/a/index.html");
        assert_eq!(resolve_path("/style.css").unwrap(), "style.css");
        assert_eq!(
            resolve_path("/fr/%C3%A9t%C3%A9/").unwrap(),
            "fr/été/index.html"
        );
        assert_eq!(resolve_path("//fr/./a/").unwrap(), "fr/a/index.html");
    }

    #[test]
    fn traversal_in_every_encoding_is_refused() {
        for p in [
            "/../etc/passwd",
            "/fr/../../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/%2E%2E%2Fetc%2Fpasswd",
            "/..%2f..%2fetc/passwd",
            "/..\\..\\etc\\passwd",
            "/%5c..%5cetc",
            "/a%00.html",
            "/C:/Windows/win.ini",
            "etc/passwd",
        ] {
            assert!(resolve_path(p).is_err(), "{p}");
        }
        assert_eq!(resolve_path("/%ff"), Err(BadPath::Encoding));
    }
}

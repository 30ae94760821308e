//! The dev server's HTTP side: files from the live site (read back from its
//! spool), the Server-Sent Events stream that tells tabs to reload. Request
//! paths are resolved by [`crate::urls`], the rule production hosts apply,
//! against the site's own list of files: they can never name anything
//! outside the built site, and no request path reaches the file system.

use super::{Message, Shared};
use crate::spool::Spooled;
use crate::urls::{self, Found};
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use std::convert::Infallible;
use std::sync::Arc;
use tokio_stream::StreamExt;
use tokio_stream::wrappers::BroadcastStream;

/// The path of the reload event stream.
pub const EVENTS_PATH: &str = "/__gazette/events";

/// Whether a request's `Host` names this server as a browser reaches it
/// directly: `localhost` or an IP address (with any port). A page of
/// another site that points its own domain name at this machine (DNS
/// rebinding) arrives with that name, and is refused: it would otherwise
/// read the drafts the preview shows.
pub fn host_allowed(headers: &HeaderMap) -> bool {
    let Some(host) = headers.get(header::HOST) else {
        return true; // HTTP/1.0 without a Host: not a browser's request.
    };
    let Ok(host) = host.to_str() else {
        return false;
    };
    let name = match host.strip_prefix('[') {
        Some(rest) => rest.split(']').next().unwrap_or(""),
        None => host.rsplit_once(':').map_or(host, |(h, _)| h),
    };
    name.eq_ignore_ascii_case("localhost") || name.parse::<std::net::IpAddr>().is_ok()
}

fn misdirected() -> Response {
    (
        StatusCode::MISDIRECTED_REQUEST,
        "the preview answers only to localhost and IP addresses\n",
    )
        .into_response()
}

/// Answers every non-event request from the current site.
pub async fn serve_file(
    State(shared): State<Arc<Shared>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    if !host_allowed(&headers) {
        return misdirected();
    }
    if method != Method::GET && method != Method::HEAD {
        let mut r = (StatusCode::METHOD_NOT_ALLOWED, "only GET and HEAD\n").into_response();
        r.headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return r;
    }
    let Ok(path) = urls::request_path(uri.path()) else {
        return (StatusCode::BAD_REQUEST, "bad path\n").into_response();
    };
    let (found, not_found) = {
        let snapshot = shared.snapshot();
        let found = urls::find(&path, |f| snapshot.files.contains_key(f))
            .map(|found| (snapshot.files[found.file()].clone(), found));
        (found, snapshot.files.get("404.html").cloned())
    };
    if let Some((entry, Found::File(key))) = found {
        return file_response(StatusCode::OK, &key, Some(entry), &method).await;
    }
    // `/fr/a` for a folder: redirect to `/fr/a/` so relative links work.
    if found.is_some() {
        let location = format!("{}/", uri.path());
        return (
            StatusCode::MOVED_PERMANENTLY,
            [(header::LOCATION, location)],
        )
            .into_response();
    }
    file_response(StatusCode::NOT_FOUND, "404.html", not_found, &method).await
}

/// The answer to a missing file on a site without a 404 page.
const NOT_FOUND: &str = "not found\n";

/// The response of a file of the site (`None`: a site without a 404
/// page), its bytes read back from the spool off the async workers.
async fn file_response(
    status: StatusCode,
    key: &str,
    entry: Option<Spooled>,
    method: &Method,
) -> Response {
    let (len, body) = match entry {
        None => (NOT_FOUND.len() as u64, Body::from(NOT_FOUND)),
        Some(entry) if method == Method::HEAD => (entry.len(), Body::empty()),
        Some(entry) => match tokio::task::spawn_blocking(move || entry.read()).await {
            Ok(Ok(bytes)) => (bytes.len() as u64, Body::from(bytes)),
            Ok(Err(e)) => return unreadable(&e.to_string()),
            Err(e) => return unreadable(&e.to_string()),
        },
    };
    let body = if method == Method::HEAD {
        Body::empty()
    } else {
        body
    };
    let mut r = Response::new(body);
    *r.status_mut() = status;
    let h = r.headers_mut();
    let mime = crate::output::content_type(key);
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_str(&mime)
            .unwrap_or(HeaderValue::from_static("application/octet-stream")),
    );
    h.insert(header::CONTENT_LENGTH, HeaderValue::from(len));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

/// A file the spool could not give back (its disk failing).
fn unreadable(why: &str) -> Response {
    let message = format!("the dev server could not read this file back: {why}\n");
    (StatusCode::INTERNAL_SERVER_ERROR, message).into_response()
}

/// The reload stream: the current state first (error or ok), then every
/// message the rebuilds send.
pub async fn events(State(shared): State<Arc<Shared>>, headers: HeaderMap) -> Response {
    if !host_allowed(&headers) {
        return misdirected();
    }
    let error = shared.snapshot().error.clone();
    let current = match error {
        Some(message) => Message::Error { message },
        None => Message::Ok,
    };
    let first = tokio_stream::once(current);
    let rest = BroadcastStream::new(shared.sender.subscribe()).filter_map(|m| m.ok());
    let stream = first
        .chain(rest)
        .map(|m| Ok::<_, Infallible>(Event::default().data(m.to_json())));
    Sse::new(stream)
        .keep_alive(KeepAlive::default())
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_host(host: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(header::HOST, HeaderValue::from_str(host).unwrap());
        h
    }

    #[test]
    fn only_local_names_and_addresses_are_answered() {
        for ok in [
            "127.0.0.1:1111",
            "localhost:1111",
            "LOCALHOST",
            "[::1]:1111",
            "192.168.1.20:1111",
            "[fe80::1]",
        ] {
            assert!(host_allowed(&with_host(ok)), "{ok}");
        }
        for bad in [
            "evil.example:1111",
            "localhost.evil.example",
            "127.0.0.1.nip.io:1111",
            "",
        ] {
            assert!(!host_allowed(&with_host(bad)), "{bad}");
        }
        assert!(host_allowed(&HeaderMap::new()));
    }
}

//! Request → response, as a pure function of the request head and the current site.
//!
//! GET and HEAD only; `dir/` serves `dir/index.html` and `dir` redirects to `dir/`; a site
//! with a sub-path in `base_url` is served under that prefix (and `/` redirects to it);
//! unknown paths get the site's own `404.html` with status 404; `If-None-Match` → 304.

use super::http::{RequestHead, Response};
use super::path::{decode_target, encode_path};
use super::reload::{self, POLL_PATH};
use super::state::{Entry, Snapshot};

/// What to do with a request.
#[derive(Debug)]
pub enum Route {
    /// Answer now with this response.
    Respond(Response),
    /// A live-reload long-poll: wait for a build newer than `since`, then answer.
    Poll {
        /// The version the page has (None: answer at once).
        since: Option<u64>,
    },
}

/// Routes one request against the last good site (None before the first good build).
pub fn route(req: &RequestHead, site: Option<&Snapshot>, instance: u64) -> Route {
    if req.method != "GET" && req.method != "HEAD" {
        let r = Response::text(
            405,
            "405 Method Not Allowed: this server answers GET and HEAD",
        );
        return Route::Respond(r.with_header("Allow", "GET, HEAD"));
    }
    let target = match decode_target(&req.target) {
        Ok(t) => t,
        Err(e) => return Route::Respond(Response::text(400, &format!("400 Bad Request: {e}"))),
    };
    if target.path == POLL_PATH {
        return Route::Poll {
            since: reload::poll_since(&target.query),
        };
    }
    let Some(site) = site else {
        return Route::Respond(not_built(&target.path, instance));
    };
    Route::Respond(serve_path(req, site, &target.path, &target.query))
}

fn serve_path(req: &RequestHead, site: &Snapshot, path: &str, query: &str) -> Response {
    let prefix = site.prefix.as_str();
    let Some(rel) = path.strip_prefix(prefix) else {
        if path == "/" || format!("{path}/") == prefix {
            return redirect(prefix, query);
        }
        return not_found(site);
    };
    let key = if rel.is_empty() || rel.ends_with('/') {
        format!("{rel}index.html")
    } else {
        rel.to_string()
    };
    if let Some(entry) = site.files.get(&key) {
        return file_response(req, site, entry);
    }
    if !rel.is_empty()
        && !rel.ends_with('/')
        && site.files.contains_key(&format!("{rel}/index.html"))
    {
        return redirect(&format!("{prefix}{rel}/"), query);
    }
    not_found(site)
}

fn file_response(req: &RequestHead, site: &Snapshot, entry: &Entry) -> Response {
    let status = if if_none_match(req, &entry.etag) {
        304
    } else {
        200
    };
    Response {
        status,
        headers: Vec::new(),
        body: site.body(entry),
    }
    .with_header("Content-Type", entry.content_type)
    .with_header("ETag", entry.etag.clone())
}

/// Whether an `If-None-Match` field names this ETag (weak comparison, `*` included).
fn if_none_match(req: &RequestHead, etag: &str) -> bool {
    req.headers_named("if-none-match")
        .flat_map(|v| v.split(','))
        .map(|t| t.trim())
        .any(|t| t == "*" || t.strip_prefix("W/").unwrap_or(t) == etag)
}

fn redirect(path: &str, query: &str) -> Response {
    let mut location = encode_path(path);
    if !query.is_empty() {
        location = format!("{location}?{query}");
    }
    Response::text(302, &format!("302 Found: {location}")).with_header("Location", location)
}

fn not_found(site: &Snapshot) -> Response {
    match site.files.get("404.html") {
        Some(page) => Response {
            status: 404,
            headers: Vec::new(),
            body: site.body(page),
        }
        .with_header("Content-Type", page.content_type),
        None => Response::text(404, "404 Not Found"),
    }
}

fn not_built(path: &str, instance: u64) -> Response {
    let last = path.rsplit('/').next().unwrap_or("");
    if last.is_empty() || last.ends_with(".html") || !last.contains('.') {
        Response::new(
            503,
            "text/html; charset=utf-8",
            reload::no_site_page(instance),
        )
    } else {
        Response::text(
            503,
            "503 Service Unavailable: the site has not built yet (see the terminal)",
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::serve::http::parse_head;
    use crate::serve::state::ServeState;

    fn site(prefix: &str) -> std::sync::Arc<Snapshot> {
        let state = ServeState::new();
        let files: crate::output::Files = [
            ("index.html", "<body>home</body>"),
            ("404.html", "<body>missing</body>"),
            ("docs/index.html", "<body>docs</body>"),
            ("a b.css", "x"),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), v.as_bytes().to_vec().into()))
        .collect();
        state.publish_site(&files, prefix.into(), Vec::new());
        state.current().0.unwrap()
    }

    fn get(site: &Snapshot, line: &str) -> Response {
        let req = parse_head(format!("{line} HTTP/1.1\r\nHost: h\r\n\r\n").as_bytes()).unwrap();
        match route(&req, Some(site), 1) {
            Route::Respond(r) => r,
            Route::Poll { .. } => panic!("poll"),
        }
    }

    #[test]
    fn paths_map_to_files_and_redirects() {
        let s = site("/");
        assert_eq!(get(&s, "GET /").status, 200);
        assert_eq!(get(&s, "GET /index.html").status, 200);
        assert_eq!(get(&s, "GET /docs/").status, 200);
        let r = get(&s, "GET /docs?x=1");
        assert_eq!((r.status, r.header("Location")), (302, Some("/docs/?x=1")));
        assert_eq!(
            get(&s, "GET /a%20b.css").header("Content-Type"),
            Some("text/css; charset=utf-8")
        );
        let r = get(&s, "GET /nope");
        assert_eq!(r.status, 404);
        assert!(String::from_utf8_lossy(&r.body.to_vec()).contains("missing"));
        assert_eq!(get(&s, "GET /../etc/passwd").status, 400);
        let r = get(&s, "DELETE /");
        assert_eq!((r.status, r.header("Allow")), (405, Some("GET, HEAD")));
    }

    #[test]
    fn a_sub_path_prefix_is_served_and_redirected_to() {
        let s = site("/guide/");
        assert_eq!(get(&s, "GET /").header("Location"), Some("/guide/"));
        assert_eq!(get(&s, "GET /guide").header("Location"), Some("/guide/"));
        assert_eq!(get(&s, "GET /guide/").status, 200);
        assert_eq!(
            get(&s, "GET /guide/docs").header("Location"),
            Some("/guide/docs/")
        );
        assert_eq!(get(&s, "GET /index.html").status, 404);
    }

    #[test]
    fn a_matching_etag_gets_304() {
        let s = site("/");
        let etag = get(&s, "GET /").header("ETag").unwrap().to_string();
        let req = |inm: &str| {
            let text = format!("GET / HTTP/1.1\r\nHost: h\r\nIf-None-Match: {inm}\r\n\r\n");
            match route(&parse_head(text.as_bytes()).unwrap(), Some(&s), 1) {
                Route::Respond(r) => r.status,
                Route::Poll { .. } => 0,
            }
        };
        assert_eq!(req(&etag), 304);
        assert_eq!(req(&format!("\"x\", W/{etag}")), 304);
        assert_eq!(req("\"other\""), 200);
    }
}

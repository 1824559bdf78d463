//! Live reload: the client script `serve` injects into HTML (and only `serve`: `build`
//! output never has it), and the long-poll answer it waits for.
//!
//! Long-poll rather than server-sent events: every answer is an ordinary response with a
//! `Content-Length`, and a page that missed several builds learns the net effect in one
//! answer (see [`super::state`] for the generations).

use std::time::Duration;

use super::http::Response;
use super::state::LiveStatus;

/// The endpoint the client script polls.
pub const POLL_PATH: &str = "/__quire/poll";
/// How long a poll is held open when nothing changes.
pub const POLL_TIMEOUT: Duration = Duration::from_secs(25);

const CLIENT_JS: &str = include_str!("live.js");

/// The `<script>` element injected before `</body>`: the client with the generations of the
/// page it is served in.
pub fn client_script(instance: u64, page_gen: u64, css_gen: u64) -> String {
    let boot = serde_json::json!({ "instance": format!("{instance:x}"), "page": page_gen, "css": css_gen });
    format!(
        "<script id=\"quire-live-reload\">{}</script>",
        CLIENT_JS.replace("__QUIRE_BOOT__", &boot.to_string())
    )
}

/// Where the script goes: before the last `</body>` (ASCII case-insensitive), else the end.
pub fn injection_point(html: &[u8]) -> usize {
    html.windows(7)
        .rposition(|w| w.eq_ignore_ascii_case(b"</body>"))
        .unwrap_or(html.len())
}

/// Inserts `script` at the [`injection_point`].
pub fn inject(html: &[u8], script: &str) -> Vec<u8> {
    let at = injection_point(html);
    let mut out = Vec::with_capacity(html.len() + script.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(script.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

/// The version a poll says it has seen (`?since=N`); anything else means "answer now".
pub fn poll_since(query: &str) -> Option<u64> {
    query
        .split('&')
        .find_map(|kv| kv.strip_prefix("since="))
        .and_then(|v| v.parse().ok())
}

/// The JSON answer to a poll.
pub fn poll_response(status: &LiveStatus) -> Response {
    let body = serde_json::json!({
        "instance": format!("{:x}", status.instance),
        "version": status.version,
        "page_gen": status.page_gen,
        "css_gen": status.css_gen,
        "errors": *status.errors,
        "warnings": *status.warnings,
    });
    Response::new(
        200,
        "application/json; charset=utf-8",
        body.to_string().into_bytes(),
    )
}

/// The page served for any HTML request before the first good build: it shows the errors
/// and reloads by itself once a build succeeds.
pub fn no_site_page(instance: u64) -> Vec<u8> {
    let html = "<!doctype html><html lang=\"en\"><meta charset=\"utf-8\"><title>quire: build failed</title>\
        <body><main><h1>The site has not built yet</h1><p>quire serve is waiting for a good build; \
        the errors are listed below and in the terminal. This page reloads by itself.</p></main></body></html>";
    inject(html.as_bytes(), &client_script(instance, 0, 0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[test]
    fn the_script_goes_before_the_last_body_end() {
        let out = inject(b"<p>a</p></BODY></html>", "<s>");
        assert_eq!(out, b"<p>a</p><s></BODY></html>");
        assert_eq!(inject(b"<p>no body", "<s>"), b"<p>no body<s>");
    }

    #[test]
    fn the_script_carries_the_generations() {
        let s = client_script(0xabc, 7, 3);
        assert!(s.contains(r#"{"css":3,"instance":"abc","page":7}"#), "{s}");
        assert!(!s.contains("__QUIRE_BOOT__"));
    }

    #[test]
    fn poll_answers_are_json_with_escaped_messages() {
        let status = LiveStatus {
            instance: 1,
            version: 4,
            page_gen: 2,
            css_gen: 3,
            errors: Arc::new(vec!["content/a.md:1:2: error: <script>\"x\"".into()]),
            warnings: Arc::new(vec!["content/b.md:3:4: warning: w".into()]),
        };
        let r = poll_response(&status);
        let v: serde_json::Value = serde_json::from_slice(&r.body.to_vec()).unwrap();
        assert_eq!(v["errors"][0], "content/a.md:1:2: error: <script>\"x\"");
        assert_eq!(v["warnings"][0], "content/b.md:3:4: warning: w");
        assert_eq!(v["version"], 4);
        assert_eq!(poll_since("since=12&x=1"), Some(12));
        assert_eq!(poll_since("since="), None);
    }
}

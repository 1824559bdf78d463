//! HTTP/1.1 on the wire, as pure functions: find and parse a request head (with hard limits),
//! and write a response head. No IO here, so every malformed input is a unit test.
//!
//! Only what a dev server needs: GET and HEAD of in-memory files. Request bodies are never
//! read (their framing is only validated); every response carries `Content-Length`.

use std::sync::Arc;

/// Longest request line accepted (method, target and version); longer gets 414.
pub const MAX_REQUEST_LINE: usize = 8 * 1024;
/// Largest request head (request line plus headers); larger gets 431.
pub const MAX_HEAD: usize = 32 * 1024;
/// Most header fields accepted; more gets 431.
pub const MAX_HEADERS: usize = 100;

/// The HTTP versions served.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Version {
    /// HTTP/1.0: the connection closes after the response unless the client asks to keep it.
    Http10,
    /// HTTP/1.1: the connection is kept unless the client asks to close it.
    Http11,
}

/// A parsed request head.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestHead {
    /// The method as sent (`GET`, `HEAD`; others are refused when routed).
    pub method: String,
    /// The raw request target (decoded later by [`super::path::decode_target`]).
    pub target: String,
    /// The protocol version of the request line.
    pub version: Version,
    /// Header fields in order, names as sent.
    pub headers: Vec<(String, String)>,
}

/// How the request's body is framed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyFraming {
    /// No body.
    None,
    /// A `Content-Length` body of this many bytes (never read: the connection is closed).
    Length(u64),
    /// `Transfer-Encoding` (never read: the connection is closed after the response).
    Chunked,
}

/// A request refused before routing: the status to answer with, then close.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reject {
    /// The status code to answer with.
    pub status: u16,
    /// Why, as the plain-text body says it.
    pub reason: &'static str,
}

const fn reject(status: u16, reason: &'static str) -> Reject {
    Reject { status, reason }
}

impl RequestHead {
    /// The first value of a header field (names compare case-insensitively).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers_named(name).next()
    }

    /// Every value of a header field, in order.
    pub fn headers_named<'a, 'n>(
        &'a self,
        name: &'n str,
    ) -> impl Iterator<Item = &'a str> + use<'a, 'n> {
        self.headers
            .iter()
            .filter(move |(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Whether the client wants the connection kept open after this exchange.
    pub fn keep_alive(&self) -> bool {
        let tokens = || {
            self.headers_named("connection")
                .flat_map(|v| v.split(','))
                .map(|t| t.trim().to_ascii_lowercase())
        };
        match self.version {
            Version::Http11 => !tokens().any(|t| t == "close"),
            Version::Http10 => tokens().any(|t| t == "keep-alive"),
        }
    }

    /// How the body is framed; conflicting or malformed framing is refused (400), as
    /// RFC 9112 §6.3 requires of a server.
    pub fn body_framing(&self) -> Result<BodyFraming, Reject> {
        let has_te = self.header("transfer-encoding").is_some();
        let mut length: Option<u64> = None;
        for value in self.headers_named("content-length") {
            for part in value.split(',') {
                let part = part.trim();
                if part.is_empty() || !part.bytes().all(|b| b.is_ascii_digit()) {
                    return Err(reject(400, "malformed Content-Length"));
                }
                let n: u64 = part
                    .parse()
                    .map_err(|_| reject(400, "Content-Length too large"))?;
                if length.is_some_and(|l| l != n) {
                    return Err(reject(400, "conflicting Content-Length headers"));
                }
                length = Some(n);
            }
        }
        match (has_te, length) {
            (true, Some(_)) => Err(reject(400, "both Transfer-Encoding and Content-Length")),
            (true, None) => Ok(BodyFraming::Chunked),
            (false, Some(n)) if n > 0 => Ok(BodyFraming::Length(n)),
            _ => Ok(BodyFraming::None),
        }
    }
}

/// The length of the head at the start of `buf` (through the blank line), once complete.
pub fn find_head_end(buf: &[u8]) -> Option<usize> {
    let mut start = 0;
    while let Some(nl) = buf[start..].iter().position(|&b| b == b'\n') {
        let line = &buf[start..start + nl];
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        start += nl + 1;
        if line.is_empty() && start > 2 && !buf[..start].iter().all(|b| b.is_ascii_whitespace()) {
            return Some(start);
        }
    }
    None
}

/// Limits that can be judged before the head is complete (so a client cannot make the
/// server buffer without bound).
/// Garbage (a TLS handshake, binary noise) is refused as soon as its first line shows it,
/// rather than after the head timeout.
pub fn check_partial_head(buf: &[u8]) -> Result<(), Reject> {
    let start = buf
        .iter()
        .position(|b| !b"\r\n".contains(b))
        .unwrap_or(buf.len());
    let rest = &buf[start..];
    let line_end = rest.iter().position(|&b| b == b'\n');
    if line_end.unwrap_or(rest.len()) > MAX_REQUEST_LINE {
        return Err(reject(414, "request line too long"));
    }
    match line_end {
        Some(end) => {
            let line = &rest[..end];
            parse_request_line(line.strip_suffix(b"\r").unwrap_or(line))?;
        }
        None => {
            let method = rest.split(|&b| b == b' ').next().unwrap_or_default();
            if !method.iter().copied().all(is_token_byte) {
                return Err(reject(400, "malformed method"));
            }
        }
    }
    if buf.len() > MAX_HEAD {
        return Err(reject(431, "request header fields too large"));
    }
    Ok(())
}

/// Parses a complete request head (as delimited by [`find_head_end`]).
pub fn parse_head(head: &[u8]) -> Result<RequestHead, Reject> {
    check_partial_head(head)?;
    // RFC 9112 §2.2: a server SHOULD ignore empty lines before the request line.
    let start = head
        .iter()
        .position(|b| !b"\r\n".contains(b))
        .unwrap_or(head.len());
    let mut lines = head[start..]
        .split(|&b| b == b'\n')
        .map(|l| l.strip_suffix(b"\r").unwrap_or(l));
    let request_line = lines.next().ok_or(reject(400, "empty request"))?;
    let (method, target, version) = parse_request_line(request_line)?;
    let mut headers = Vec::new();
    for line in lines.take_while(|l| !l.is_empty()) {
        if headers.len() == MAX_HEADERS {
            return Err(reject(431, "too many header fields"));
        }
        headers.push(parse_header_line(line)?);
    }
    let head = RequestHead {
        method,
        target,
        version,
        headers,
    };
    let hosts = head.headers_named("host").count();
    if hosts > 1 || (hosts == 0 && version == Version::Http11) {
        return Err(reject(
            400,
            "an HTTP/1.1 request needs exactly one Host header",
        ));
    }
    head.body_framing()?;
    Ok(head)
}

fn parse_request_line(line: &[u8]) -> Result<(String, String, Version), Reject> {
    let text = std::str::from_utf8(line).map_err(|_| reject(400, "request line is not ASCII"))?;
    let mut parts = text.split(' ');
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(reject(400, "malformed request line"));
    };
    if method.is_empty() || !method.bytes().all(is_token_byte) {
        return Err(reject(400, "malformed method"));
    }
    if target.is_empty() || !target.bytes().all(|b| (0x21..=0x7e).contains(&b)) {
        return Err(reject(400, "malformed request target"));
    }
    let version = match version {
        "HTTP/1.1" => Version::Http11,
        "HTTP/1.0" => Version::Http10,
        _ => {
            return Err(reject(
                400,
                "unsupported HTTP version (HTTP/1.0 and HTTP/1.1 are served)",
            ));
        }
    };
    Ok((method.to_string(), target.to_string(), version))
}

fn parse_header_line(line: &[u8]) -> Result<(String, String), Reject> {
    if line.first().is_some_and(|b| *b == b' ' || *b == b'\t') {
        return Err(reject(400, "obsolete header line folding"));
    }
    let colon = line
        .iter()
        .position(|&b| b == b':')
        .ok_or(reject(400, "header line without a colon"))?;
    let (name, value) = (&line[..colon], &line[colon + 1..]);
    if name.is_empty() || !name.iter().copied().all(is_token_byte) {
        return Err(reject(400, "malformed header name"));
    }
    if value.iter().any(|&b| (b < 0x20 && b != b'\t') || b == 0x7f) {
        return Err(reject(400, "control character in a header value"));
    }
    let name = String::from_utf8_lossy(name).into_owned();
    let value = String::from_utf8_lossy(value)
        .trim_matches([' ', '\t'])
        .to_string();
    Ok((name, value))
}

fn is_token_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

/// Bytes shared with the build that made them (a file of the site is never copied).
pub type Shared = crate::output::Body;

/// A response body: shared byte ranges written one after the other, so that a page with
/// the live-reload script goes out as page head + script + page tail with no copy.
#[derive(Debug, Clone, Default)]
pub struct Body {
    parts: Vec<(Shared, std::ops::Range<usize>)>,
}

impl Body {
    /// `bytes[..at]`, then `insert`, then `bytes[at..]`.
    pub fn spliced(bytes: &Shared, at: usize, insert: &Shared) -> Self {
        let at = at.min(bytes.len());
        let parts = vec![
            (bytes.clone(), 0..at),
            (insert.clone(), 0..insert.len()),
            (bytes.clone(), at..bytes.len()),
        ];
        Body { parts }
    }

    /// The number of bytes sent.
    pub fn len(&self) -> usize {
        self.parts.iter().map(|(_, r)| r.len()).sum()
    }

    /// Whether nothing is sent.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The byte ranges in order.
    pub fn slices(&self) -> impl Iterator<Item = &[u8]> {
        self.parts.iter().map(|(b, r)| &b[r.clone()])
    }

    /// The bytes joined into one buffer (for tests and small bodies).
    pub fn to_vec(&self) -> Vec<u8> {
        self.slices().flatten().copied().collect()
    }
}

impl From<Shared> for Body {
    fn from(bytes: Shared) -> Self {
        let len = bytes.len();
        Body {
            parts: vec![(bytes, 0..len)],
        }
    }
}

impl From<Vec<u8>> for Body {
    fn from(bytes: Vec<u8>) -> Self {
        Arc::new(bytes).into()
    }
}

/// A response: status, extra header fields and the full body (also for HEAD and 304,
/// whose `Content-Length` is the length a GET would get).
#[derive(Debug, Clone)]
pub struct Response {
    /// The status code.
    pub status: u16,
    /// Header fields besides those every response gets, in order.
    pub headers: Vec<(&'static str, String)>,
    /// The body a GET gets.
    pub body: Body,
}

impl Response {
    /// A response of `status` with its `Content-Type`.
    pub fn new(status: u16, content_type: &str, body: impl Into<Body>) -> Self {
        let headers = vec![("Content-Type", content_type.to_string())];
        Response {
            status,
            headers,
            body: body.into(),
        }
    }

    /// A short plain-text response.
    pub fn text(status: u16, message: &str) -> Self {
        Response::new(
            status,
            "text/plain; charset=utf-8",
            format!("{message}\n").into_bytes(),
        )
    }

    /// The response with one more header field.
    pub fn with_header(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.headers.push((name, value.into()));
        self
    }

    /// The value of one of this response's header fields.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Whether a body follows the head on the wire.
    pub fn sends_body(&self, method: &str) -> bool {
        method != "HEAD" && self.status != 304 && self.status != 204 && self.status >= 200
    }

    /// The status line and header fields, through the blank line.
    pub fn head_bytes(&self, version: Version, keep_alive: bool) -> Vec<u8> {
        let mut out = String::with_capacity(256);
        let version = if version == Version::Http10 {
            "HTTP/1.0"
        } else {
            "HTTP/1.1"
        };
        out.push_str(&format!(
            "{version} {} {}\r\n",
            self.status,
            reason_phrase(self.status)
        ));
        for (name, value) in &self.headers {
            out.push_str(&format!("{name}: {value}\r\n"));
        }
        out.push_str(&format!("Content-Length: {}\r\n", self.body.len()));
        out.push_str("Cache-Control: no-cache\r\nX-Content-Type-Options: nosniff\r\n");
        out.push_str(if keep_alive {
            "Connection: keep-alive\r\n\r\n"
        } else {
            "Connection: close\r\n\r\n"
        });
        out.into_bytes()
    }
}

/// The reason phrase of the status codes this server sends.
pub fn reason_phrase(status: u16) -> &'static str {
    match status {
        200 => "OK",
        204 => "No Content",
        301 => "Moved Permanently",
        302 => "Found",
        304 => "Not Modified",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        413 => "Content Too Large",
        414 => "URI Too Long",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Unknown",
    }
}

/// The `Content-Type` of a site path, by extension; text types say `charset=utf-8`.
pub fn content_type(path: &str) -> &'static str {
    let ext = path
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" | "map" => "application/json; charset=utf-8",
        "webmanifest" => "application/manifest+json; charset=utf-8",
        "xml" => "application/xml; charset=utf-8",
        "svg" => "image/svg+xml; charset=utf-8",
        "txt" | "md" => "text/plain; charset=utf-8",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "wasm" => "application/wasm",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<RequestHead, Reject> {
        parse_head(text.as_bytes())
    }

    fn status(text: &str) -> u16 {
        parse(text).err().map_or(0, |r| r.status)
    }

    #[test]
    fn a_plain_get_parses() {
        let head = parse("GET /a.html?x=1 HTTP/1.1\r\nHost: h\r\nX-A:  b \r\n\r\n").unwrap();
        assert_eq!(head.method, "GET");
        assert_eq!(head.target, "/a.html?x=1");
        assert_eq!(head.version, Version::Http11);
        assert_eq!(head.header("x-a"), Some("b"));
        assert!(head.keep_alive());
        assert_eq!(head.body_framing(), Ok(BodyFraming::None));
        let old = parse("GET / HTTP/1.0\n\n").unwrap();
        assert!(!old.keep_alive());
    }

    #[test]
    fn the_head_ends_at_the_blank_line() {
        assert_eq!(
            find_head_end(b"GET / HTTP/1.1\r\nHost: h\r\n\r\nrest"),
            Some(27)
        );
        assert_eq!(find_head_end(b"GET / HTTP/1.1\nHost: h\n\n"), Some(24));
        assert_eq!(find_head_end(b"GET / HTTP/1.1\r\nHost: h\r\n"), None);
        assert_eq!(find_head_end(b"\r\n\r\n"), None);
    }

    #[test]
    fn malformed_heads_are_refused_with_4xx() {
        assert_eq!(status("GARBAGE\r\n\r\n"), 400);
        assert_eq!(status("\u{1}\u{2}\u{3} / HTTP/1.1\r\n\r\n"), 400);
        assert_eq!(status("GET / HTTP/9.9\r\nHost: h\r\n\r\n"), 400);
        assert_eq!(status("GET / HTTP/2.0\r\nHost: h\r\n\r\n"), 400);
        assert_eq!(status("GET / HTTP/1.1 extra\r\nHost: h\r\n\r\n"), 400);
        assert_eq!(status("GET  / HTTP/1.1\r\nHost: h\r\n\r\n"), 400);
        assert_eq!(
            status("GET / HTTP/1.1\r\nHost: h\r\nNoColonHere\r\n\r\n"),
            400
        );
        assert_eq!(
            status("GET / HTTP/1.1\r\nHost: h\r\nBad Name: x\r\n\r\n"),
            400
        );
        assert_eq!(status("GET / HTTP/1.1\r\nHost: h\r\n folded\r\n\r\n"), 400);
        assert_eq!(status("GET / HTTP/1.1\r\n\r\n"), 400, "no Host");
        assert_eq!(status("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n"), 400);
        let big = format!(
            "GET /{} HTTP/1.1\r\nHost: h\r\n\r\n",
            "a".repeat(MAX_REQUEST_LINE)
        );
        assert_eq!(status(&big), 414);
        let many: String = (0..=MAX_HEADERS).map(|i| format!("X-{i}: v\r\n")).collect();
        assert_eq!(
            status(&format!("GET / HTTP/1.1\r\nHost: h\r\n{many}\r\n")),
            431
        );
    }

    #[test]
    fn body_framing_conflicts_are_refused() {
        let with = |h: &str| parse(&format!("POST / HTTP/1.1\r\nHost: h\r\n{h}\r\n"));
        assert_eq!(
            with("Content-Length: 5\r\n").unwrap().body_framing(),
            Ok(BodyFraming::Length(5))
        );
        assert_eq!(
            with("Content-Length: 5\r\nContent-Length: 5\r\n")
                .unwrap()
                .body_framing(),
            Ok(BodyFraming::Length(5))
        );
        assert_eq!(
            with("Content-Length: 5\r\nContent-Length: 6\r\n")
                .unwrap_err()
                .status,
            400
        );
        assert_eq!(with("Content-Length: 5, 6\r\n").unwrap_err().status, 400);
        assert_eq!(with("Content-Length: -1\r\n").unwrap_err().status, 400);
        assert_eq!(
            with("Content-Length: 99999999999999999999999\r\n")
                .unwrap_err()
                .status,
            400
        );
        assert_eq!(
            with("Content-Length: 5\r\nTransfer-Encoding: chunked\r\n")
                .unwrap_err()
                .status,
            400
        );
        assert_eq!(
            with("Transfer-Encoding: chunked\r\n")
                .unwrap()
                .body_framing(),
            Ok(BodyFraming::Chunked)
        );
    }

    #[test]
    fn partial_heads_are_bounded() {
        assert!(check_partial_head(b"GET /abc").is_ok());
        assert!(check_partial_head(b"\r\nGET / HTTP/1.1\r\nHost").is_ok());
        assert_eq!(
            check_partial_head(b"\x16\x03\x01\x02\x00")
                .unwrap_err()
                .status,
            400
        );
        assert_eq!(
            check_partial_head(b"GET / HTTP/7\r\n").unwrap_err().status,
            400
        );
        assert_eq!(
            check_partial_head(&vec![b'a'; MAX_REQUEST_LINE + 1])
                .unwrap_err()
                .status,
            414
        );
        let mut long_headers = b"GET / HTTP/1.1\r\n".to_vec();
        long_headers.extend(std::iter::repeat_n(b'x', MAX_HEAD));
        assert_eq!(check_partial_head(&long_headers).unwrap_err().status, 431);
    }

    #[test]
    fn response_heads_always_carry_length_and_no_cache() {
        let r = Response::text(404, "nope");
        let head = String::from_utf8(r.head_bytes(Version::Http11, true)).unwrap();
        assert!(head.starts_with("HTTP/1.1 404 Not Found\r\n"), "{head}");
        assert!(head.contains("Content-Length: 5\r\n"));
        assert!(head.contains("Cache-Control: no-cache\r\n"));
        assert!(head.ends_with("\r\n\r\n"));
        assert!(!r.sends_body("HEAD"));
    }

    #[test]
    fn mime_types_by_extension() {
        assert_eq!(content_type("a/b.HTML"), "text/html; charset=utf-8");
        assert_eq!(content_type("x.css"), "text/css; charset=utf-8");
        assert_eq!(content_type("x.js"), "text/javascript; charset=utf-8");
        assert_eq!(content_type("x.json"), "application/json; charset=utf-8");
        assert_eq!(content_type("x.svg"), "image/svg+xml; charset=utf-8");
        assert_eq!(content_type("x.png"), "image/png");
        assert_eq!(content_type("x.jpg"), "image/jpeg");
        assert_eq!(content_type("x.ico"), "image/x-icon");
        assert_eq!(content_type("x.woff2"), "font/woff2");
        assert_eq!(
            content_type("sitemap.xml"),
            "application/xml; charset=utf-8"
        );
        assert_eq!(content_type("robots.txt"), "text/plain; charset=utf-8");
        assert_eq!(content_type("noext"), "application/octet-stream");
    }
}

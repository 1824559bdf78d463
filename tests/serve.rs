//! `quire serve` end to end: an in-process server on 127.0.0.1, port 0, talked to with raw
//! TCP (every point of "HTTP" and "Safety" in issue 5), live reload through the poll
//! endpoint, the binary's port and Ctrl-C handling, and the live-reload check in headless
//! Chromium (`tests/browser/serve.mjs`).
//!
//! No timing assertions: waits have generous deadlines that only guard against hangs.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use quire::Options;
use quire::serve::{Limits, PortChoice, ServeOptions, Server};

mod browser_support;
use browser_support::{repo as repo_root, require_tools, skip_requested};

const SECRET: &str = "SECRET-MARKER-site-toml";
const GUIDE: &str = "# Fixture\n\nHome text.\n\n## First chapter\n\nFirst text, see [second](#second-chapter).\n\n## Second chapter\n\nSecond text.\n";
const MIME: [(&str, &str); 11] = [
    ("html", "text/html; charset=utf-8"),
    ("css", "text/css; charset=utf-8"),
    ("js", "text/javascript; charset=utf-8"),
    ("json", "application/json; charset=utf-8"),
    ("svg", "image/svg+xml; charset=utf-8"),
    ("png", "image/png"),
    ("jpg", "image/jpeg"),
    ("ico", "image/x-icon"),
    ("woff2", "font/woff2"),
    ("xml", "application/xml; charset=utf-8"),
    ("txt", "text/plain; charset=utf-8"),
];

/// A small site: two chapters, a static `docs/index.html`, one static file per MIME type,
/// and secrets in site.toml and beside the site folder that must never be served.
struct Fixture {
    _dir: tempfile::TempDir,
    root: PathBuf,
}

impl Fixture {
    fn path(&self) -> &Path {
        &self.root
    }
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    write(
        &root,
        "site.toml",
        &format!("title = \"Fixture\"\n# {SECRET}\n"),
    );
    write(&root, "content/guide.md", GUIDE);
    write(
        &root,
        "static/docs/index.html",
        "<!doctype html><title>d</title><body>docs index</body>",
    );
    write(&root, "static/extra.css", "body { margin: 0 }\n");
    for (ext, _) in MIME {
        write(&root, &format!("static/m/f.{ext}"), "x\n");
    }
    write(dir.path(), &format!("{SECRET}.txt"), SECRET);
    Fixture { _dir: dir, root }
}

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn start_with(root: &Path, base_url: Option<&str>, limits: Limits) -> Server {
    let site = Options {
        root: root.to_path_buf(),
        base_url: base_url.map(str::to_string),
        no_cache: true,
        ..Options::default()
    };
    let opts = ServeOptions {
        port: PortChoice::Exact(0),
        quiet: true,
        limits,
        ..ServeOptions::new(site)
    };
    Server::start(&opts).expect("the server starts")
}

fn start(root: &Path) -> Server {
    start_with(root, None, Limits::default())
}

#[derive(Debug)]
struct Resp {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Resp {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

fn connect(addr: SocketAddr) -> TcpStream {
    let s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    s
}

/// Reads one response; `head_only` for HEAD (and 304, which never has a body).
fn read_response(stream: &mut TcpStream, head_only: bool) -> Resp {
    let mut buf = Vec::new();
    let mut byte = [0u8; 1];
    while !buf.ends_with(b"\r\n\r\n") {
        let n = stream.read(&mut byte).expect("reading the response head");
        assert!(
            n > 0,
            "connection closed mid-head after {:?}",
            String::from_utf8_lossy(&buf)
        );
        buf.push(byte[0]);
    }
    let head = String::from_utf8(buf).unwrap();
    let mut lines = head.split("\r\n");
    let status_line = lines.next().unwrap();
    let status = status_line.split(' ').nth(1).unwrap().parse().unwrap();
    let headers: Vec<(String, String)> = lines
        .filter(|l| !l.is_empty())
        .map(|l| {
            let (n, v) = l.split_once(':').unwrap();
            (n.to_string(), v.trim().to_string())
        })
        .collect();
    let length: usize = headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("content-length"))
        .unwrap_or_else(|| panic!("no Content-Length in {head}"))
        .1
        .parse()
        .unwrap();
    let mut body = vec![
        0;
        if head_only || status == 304 {
            0
        } else {
            length
        }
    ];
    stream.read_exact(&mut body).unwrap();
    Resp {
        status,
        headers,
        body,
    }
}

fn exchange(addr: SocketAddr, raw: &[u8]) -> Resp {
    let mut s = connect(addr);
    s.write_all(raw).unwrap();
    read_response(&mut s, raw.starts_with(b"HEAD "))
}

fn get(addr: SocketAddr, target: &str) -> Resp {
    exchange(
        addr,
        format!("GET {target} HTTP/1.1\r\nHost: localhost\r\n\r\n").as_bytes(),
    )
}

/// Polls until `check` holds (deadline 30 s: a hang guard, not a timing assertion).
fn wait_until(what: &str, mut check: impl FnMut() -> bool) {
    let start = Instant::now();
    while !check() {
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "timed out waiting for {what}"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
}

// ------------------------------------------------------------------------------- HTTP

#[test]
fn get_serves_pages_with_length_etag_no_cache_and_the_reload_script() {
    let site = fixture();
    let server = start(site.path());
    let r = get(server.addr(), "/");
    assert_eq!(r.status, 200);
    assert_eq!(r.header("Content-Type"), Some("text/html; charset=utf-8"));
    assert_eq!(
        r.header("Content-Length"),
        Some(r.body.len().to_string().as_str())
    );
    assert_eq!(r.header("Cache-Control"), Some("no-cache"));
    assert!(r.header("ETag").is_some_and(|e| e.starts_with('"')));
    let html = r.text();
    let script = html
        .find("id=\"quire-live-reload\"")
        .expect("serve injects the reload script");
    assert!(
        script < html.rfind("</body>").unwrap(),
        "the script goes before </body>"
    );
    assert!(html.contains("Home text."));

    // `quire build` output never has it.
    let built = quire::build_site(&Options {
        root: site.path().to_path_buf(),
        no_cache: true,
        ..Options::default()
    })
    .unwrap();
    for (path, bytes) in &built.files {
        assert!(
            !String::from_utf8_lossy(bytes).contains("quire-live-reload"),
            "{path} has the reload script"
        );
    }
    assert!(
        !site.path().join("public").exists(),
        "serve never writes public/"
    );
}

#[test]
fn head_has_the_same_headers_and_no_body() {
    let site = fixture();
    let server = start(site.path());
    let got = get(server.addr(), "/first-chapter.html");
    // HEAD then GET on one connection: if HEAD sent a body, the second response would not parse.
    let mut s = connect(server.addr());
    s.write_all(b"HEAD /first-chapter.html HTTP/1.1\r\nHost: h\r\n\r\nGET /robots.txt HTTP/1.1\r\nHost: h\r\n\r\n").unwrap();
    let head = read_response(&mut s, true);
    let next = read_response(&mut s, false);
    assert_eq!(head.status, 200);
    assert_eq!(head.headers, got.headers);
    assert_eq!(next.status, 200);
    assert_eq!(
        next.header("Content-Type"),
        Some("text/plain; charset=utf-8")
    );
}

#[test]
fn other_methods_get_405_with_allow() {
    let site = fixture();
    let server = start(site.path());
    for method in ["POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "BREW"] {
        let raw = format!("{method} / HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\nabc");
        let r = exchange(server.addr(), raw.as_bytes());
        assert_eq!(r.status, 405, "{method}");
        assert_eq!(r.header("Allow"), Some("GET, HEAD"), "{method}");
        assert!(r.header("Content-Length").is_some());
    }
}

#[test]
fn mime_types_are_right_and_text_says_utf8() {
    let site = fixture();
    let server = start(site.path());
    for (ext, want) in MIME {
        let r = get(server.addr(), &format!("/m/f.{ext}"));
        assert_eq!(
            (r.status, r.header("Content-Type")),
            (200, Some(want)),
            "{ext}"
        );
    }
}

#[test]
fn directories_serve_index_html_and_redirect_without_slash() {
    let site = fixture();
    let server = start(site.path());
    let r = get(server.addr(), "/docs/");
    assert_eq!(r.status, 200);
    assert!(r.text().contains("docs index"));
    let r = get(server.addr(), "/docs?x=1");
    assert!(matches!(r.status, 301 | 302), "{}", r.status);
    assert_eq!(r.header("Location"), Some("/docs/?x=1"));
    assert!(r.header("Content-Length").is_some());
}

#[test]
fn unknown_paths_get_the_sites_own_404_page() {
    let site = fixture();
    let server = start(site.path());
    let r = get(server.addr(), "/no/such/page.html");
    assert_eq!(r.status, 404);
    assert_eq!(r.header("Content-Type"), Some("text/html; charset=utf-8"));
    let own = quire::build_site(&Options {
        root: site.path().to_path_buf(),
        no_cache: true,
        ..Options::default()
    })
    .unwrap();
    let own = String::from_utf8(own.files["404.html"].to_vec()).unwrap();
    let title = own
        .split("<title>")
        .nth(1)
        .unwrap()
        .split("</title>")
        .next()
        .unwrap();
    assert!(r.text().contains(title), "the body is the site's 404.html");
}

#[test]
fn a_matching_if_none_match_gets_304() {
    let site = fixture();
    let server = start(site.path());
    for path in ["/", "/assets/quire.css"] {
        let first = get(server.addr(), path);
        let etag = first.header("ETag").unwrap();
        let raw = format!("GET {path} HTTP/1.1\r\nHost: h\r\nIf-None-Match: {etag}\r\n\r\n");
        let r = exchange(server.addr(), raw.as_bytes());
        assert_eq!(r.status, 304, "{path}");
        assert!(r.body.is_empty());
        assert_eq!(r.header("ETag"), Some(etag));
        assert!(r.header("Content-Length").is_some());
        let raw = format!("GET {path} HTTP/1.1\r\nHost: h\r\nIf-None-Match: \"stale\"\r\n\r\n");
        assert_eq!(exchange(server.addr(), raw.as_bytes()).status, 200);
    }
}

#[test]
fn a_base_url_sub_path_is_served_under_its_prefix() {
    let site = fixture();
    let server = start_with(
        site.path(),
        Some("https://example.test/guide/"),
        Limits::default(),
    );
    assert!(server.url().ends_with("/guide/"), "{}", server.url());
    let r = get(server.addr(), "/");
    assert_eq!((r.status, r.header("Location")), (302, Some("/guide/")));
    assert_eq!(
        get(server.addr(), "/guide").header("Location"),
        Some("/guide/")
    );
    assert_eq!(get(server.addr(), "/guide/").status, 200);
    assert_eq!(get(server.addr(), "/guide/assets/quire.css").status, 200);
    assert_eq!(
        get(server.addr(), "/guide/docs").header("Location"),
        Some("/guide/docs/")
    );
    assert_eq!(get(server.addr(), "/assets/quire.css").status, 404);
}

// ----------------------------------------------------------------------------- Safety

#[test]
fn no_spelling_of_a_path_reaches_a_file_outside_the_site() {
    let site = fixture();
    let server = start(site.path());
    let secret_file = format!("{SECRET}.txt");
    let targets = [
        "/../site.toml".to_string(),
        "/site.toml".into(),
        "/content/guide.md".into(),
        "/%2e%2e/site.toml".into(),
        "/%2E%2E/%2E%2E/site.toml".into(),
        "/assets/%2e%2e/%2e%2e/site.toml".into(),
        "/..%2fsite.toml".into(),
        "/..%2F..%2F".to_string() + &secret_file,
        "/..%5csite.toml".into(),
        "/..\\site.toml".into(),
        "/assets\\..\\..\\site.toml".into(),
        "/site.toml%00.html".into(),
        "/%00".into(),
        "/%c0%ae%c0%ae/site.toml".into(),
        "/%c0%af..%c0%afsite.toml".into(),
        "/%e0%80%ae%e0%80%ae/site.toml".into(),
        "/%252e%252e/site.toml".into(),
        "/%252e%252e%252fsite.toml".into(),
        "http://127.0.0.1/../site.toml".into(),
        "http://evil.test/%2e%2e/site.toml".into(),
        "//etc/passwd".into(),
        "/etc/passwd".into(),
        "/../../../../../../etc/passwd".into(),
        format!("/../{secret_file}"),
        format!("/../../{secret_file}"),
    ];
    for target in &targets {
        let r = get(server.addr(), target);
        assert!(
            matches!(r.status, 400 | 404),
            "{target}: status {}",
            r.status
        );
        let body = r.text();
        assert!(
            !body.contains(SECRET) && !body.contains("root:x:0"),
            "{target} leaked a file"
        );
    }
    assert_eq!(get(server.addr(), "/").status, 200, "still serving");
}

#[test]
fn malformed_requests_get_4xx_and_the_server_stays_up() {
    let site = fixture();
    let server = start(site.path());
    let long_url = format!(
        "GET /{} HTTP/1.1\r\nHost: h\r\n\r\n",
        "a".repeat(100 * 1024)
    );
    let huge_headers = format!(
        "GET / HTTP/1.1\r\nHost: h\r\n{}\r\n",
        "X-Big: yyyyyyyyyyyyyyyy\r\n".repeat(4000)
    );
    let huge_header = format!(
        "GET / HTTP/1.1\r\nHost: h\r\nX-Big: {}\r\n\r\n",
        "y".repeat(64 * 1024)
    );
    let cases: Vec<(&str, Vec<u8>, u16)> = vec![
        ("binary garbage", b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n\r\n".to_vec(), 400),
        ("text garbage", b"HELLO THERE\r\n\r\n".to_vec(), 400),
        ("NUL bytes", b"\0\0\0\0\r\n\r\n".to_vec(), 400),
        ("bad version", b"GET / HTTP/9.9\r\nHost: h\r\n\r\n".to_vec(), 400),
        ("HTTP/2 over HTTP/1", b"GET / HTTP/2.0\r\nHost: h\r\n\r\n".to_vec(), 400),
        ("no version", b"GET /\r\nHost: h\r\n\r\n".to_vec(), 400),
        ("HTTP/2 preface", b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".to_vec(), 400),
        ("header without colon", b"GET / HTTP/1.1\r\nHost: h\r\nNoColonHere\r\n\r\n".to_vec(), 400),
        ("space before colon", b"GET / HTTP/1.1\r\nHost : h\r\n\r\n".to_vec(), 400),
        ("missing Host", b"GET / HTTP/1.1\r\n\r\n".to_vec(), 400),
        ("100 KB URL", long_url.into_bytes(), 414),
        ("huge headers", huge_headers.into_bytes(), 431),
        ("one huge header", huge_header.into_bytes(), 431),
        ("conflicting Content-Length", b"GET / HTTP/1.1\r\nHost: h\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab".to_vec(), 400),
        ("Content-Length list", b"GET / HTTP/1.1\r\nHost: h\r\nContent-Length: 1, 2\r\n\r\nab".to_vec(), 400),
        ("Content-Length and chunked", b"POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n".to_vec(), 400),
        ("negative Content-Length", b"GET / HTTP/1.1\r\nHost: h\r\nContent-Length: -1\r\n\r\n".to_vec(), 400),
    ];
    for (what, raw, want) in cases {
        let r = exchange(server.addr(), &raw);
        assert_eq!(r.status, want, "{what}");
        assert_eq!(r.header("Connection"), Some("close"), "{what}");
        assert_eq!(
            get(server.addr(), "/").status,
            200,
            "still serving after {what}"
        );
    }
}

#[test]
fn idle_and_slow_connections_do_not_stop_others() {
    let site = fixture();
    let server = start(site.path());
    let idle: Vec<TcpStream> = (0..200).map(|_| connect(server.addr())).collect();
    let slow: Vec<TcpStream> = (0..20)
        .map(|i| {
            let mut s = connect(server.addr());
            s.write_all(format!("GET /first-chapter.html HTTP/1.1\r\nX-Slow-{i}: ").as_bytes())
                .unwrap();
            s
        })
        .collect();
    for _ in 0..5 {
        let r = get(server.addr(), "/");
        assert_eq!(
            r.status, 200,
            "a normal GET is answered with 220 idle or slow connections open"
        );
    }
    // The slow clients finish their requests and are answered too.
    for mut s in slow {
        s.write_all(b"1\r\nHost: h\r\n\r\n").unwrap();
        assert_eq!(read_response(&mut s, false).status, 200);
    }
    drop(idle);
    assert_eq!(
        get(server.addr(), "/second-chapter.html").status,
        200,
        "still serving afterwards"
    );
}

#[test]
fn connection_limits_answer_instead_of_hanging() {
    let site = fixture();
    let limits = Limits {
        head: Duration::from_millis(300),
        max_connections: 8,
        ..Limits::default()
    };
    let server = start_with(site.path(), None, limits);
    // A head that never completes gets 408 once its deadline passes.
    let mut slow = connect(server.addr());
    slow.write_all(b"GET / HTTP/1.1\r\nHost: h\r\n").unwrap();
    assert_eq!(read_response(&mut slow, false).status, 408);
    drop(slow);
    // Past the cap, a connection is told 503 rather than left waiting.
    let held: Vec<TcpStream> = (0..8).map(|_| connect(server.addr())).collect();
    let mut extra = connect(server.addr());
    extra
        .write_all(b"GET / HTTP/1.1\r\nHost: h\r\n\r\n")
        .unwrap();
    assert_eq!(read_response(&mut extra, false).status, 503);
    drop(held);
    wait_until("the held connections to close", || {
        get(server.addr(), "/").status == 200
    });
}

// ------------------------------------------------------------------------ live reload

fn status_json(addr: SocketAddr, query: &str) -> serde_json::Value {
    let r = get(addr, &format!("/__quire/poll{query}"));
    assert_eq!(r.status, 200);
    assert_eq!(
        r.header("Content-Type"),
        Some("application/json; charset=utf-8")
    );
    serde_json::from_slice(&r.body).unwrap()
}

#[test]
#[allow(clippy::too_many_lines)]
fn edits_rebuild_errors_keep_the_last_good_site_and_clear() {
    let site = fixture();
    let root = site.path();
    let server = start(root);
    let addr = server.addr();
    let first = status_json(addr, "");
    assert_eq!(first["errors"], serde_json::json!([]));

    // A poll that has seen the current version waits for the next build.
    let since = first["version"].as_u64().unwrap();
    let waiter = std::thread::spawn(move || status_json(addr, &format!("?since={since}")));
    write(
        root,
        "content/guide.md",
        &GUIDE.replace("Second text.", "Second text, edited."),
    );
    let answer = waiter.join().unwrap();
    assert!(answer["version"].as_u64().unwrap() > since);
    wait_until("the edit to be served", || {
        get(addr, "/second-chapter.html")
            .text()
            .contains("Second text, edited.")
    });
    let good = status_json(addr, "");
    assert!(good["page_gen"].as_u64().unwrap() > first["page_gen"].as_u64().unwrap());

    // A broken link does not stop serve: the edit is served, the link is a warning.
    write(
        root,
        "content/guide.md",
        &format!("{GUIDE}\nBroken [link](#no-such-anchor) <img src=\"gone.png\">.\n"),
    );
    wait_until("the broken link to be served", || {
        get(addr, "/second-chapter.html")
            .text()
            .contains("no-such-anchor")
    });
    let warned = status_json(addr, "");
    assert_eq!(warned["errors"], serde_json::json!([]));
    let warnings: Vec<&str> = warned["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w.as_str().unwrap())
        .collect();
    assert_eq!(warnings.len(), 2, "{warnings:?}");
    assert!(
        warnings[0].starts_with("content/guide.md:13:8: warning: broken link `#no-such-anchor`"),
        "{warnings:?}"
    );
    assert!(
        warnings[1].starts_with("content/guide.md:13:37: warning: broken image `gone.png`"),
        "{warnings:?}"
    );

    // An error: the last good site stays, the error is reported with file:line:col.
    write(
        root,
        "content/guide.md",
        &format!("{GUIDE}\n### A {{#same}}\n\n### B {{#same}}\n"),
    );
    wait_until("the error to be reported", || {
        !status_json(addr, "")["errors"]
            .as_array()
            .unwrap()
            .is_empty()
    });
    let failed = status_json(addr, "");
    let message = failed["errors"][0].as_str().unwrap();
    assert!(
        message.starts_with("content/guide.md:15:1: error: duplicate id `same`"),
        "{message}"
    );
    assert_eq!(failed["warnings"], serde_json::json!([]));
    assert!(
        get(addr, "/second-chapter.html")
            .text()
            .contains("no-such-anchor"),
        "the last good site is served"
    );

    // Fixing it clears the errors.
    write(root, "content/guide.md", GUIDE);
    wait_until("the errors to clear", || {
        status_json(addr, "")["errors"]
            .as_array()
            .unwrap()
            .is_empty()
    });
    wait_until("the fix to be served", || {
        !get(addr, "/second-chapter.html")
            .text()
            .contains("no-such-anchor")
    });
    assert_eq!(status_json(addr, "")["warnings"], serde_json::json!([]));

    assert!(!root.join("public").exists(), "serve never writes public/");
}

#[test]
fn bad_config_templates_and_front_matter_are_reported_with_their_location() {
    let site = fixture();
    let root = site.path();
    let server = start(root);
    let addr = server.addr();
    let errors = || status_json(addr, "")["errors"].as_array().unwrap().clone();
    let cases = [
        ("site.toml", "title = \n", "site.toml:1:"),
        (
            "templates/page.html",
            "{% extends \"base.html\" %}{{ nope( }}",
            "templates/page.html:1:",
        ),
        (
            "content/guide.md",
            "---\ntitle: [unclosed\n---\n# X\n",
            "content/guide.md:2:",
        ),
    ];
    for (file, bad, location) in cases {
        let good = std::fs::read(root.join(file)).ok();
        write(root, file, bad);
        wait_until(&format!("the error in {file}"), || {
            errors()
                .iter()
                .any(|e| e.as_str().unwrap().starts_with(location))
        });
        assert!(
            get(addr, "/second-chapter.html")
                .text()
                .contains("Second text."),
            "the last good site is served"
        );
        match good {
            Some(bytes) => std::fs::write(root.join(file), bytes).unwrap(),
            None => std::fs::remove_file(root.join(file)).unwrap(),
        }
        wait_until(&format!("the fix of {file}"), || errors().is_empty());
    }
}

#[test]
fn a_template_that_includes_itself_keeps_the_last_good_site() {
    let site = fixture();
    let root = site.path();
    let server = start(root);
    let addr = server.addr();
    let errors = || status_json(addr, "")["errors"].as_array().unwrap().clone();
    let cases = [
        (
            "templates/page.html",
            "{% include \"page.html\" %}\n",
            "templates/page.html:1:1: error: page.html includes itself",
        ),
        (
            "templates/page.html",
            "{% extends \"base.html\" %}{% macro m() %}{{ self::m() }}{% endmacro %}{% block main %}{{ self::m() }}{% endblock main %}",
            "templates/page.html:1:",
        ),
    ];
    for (file, bad, location) in cases {
        write(root, file, bad);
        wait_until(&format!("the error in {file}"), || {
            errors()
                .iter()
                .any(|e| e.as_str().unwrap().starts_with(location))
        });
        assert!(
            get(addr, "/second-chapter.html")
                .text()
                .contains("Second text."),
            "the last good site is served"
        );
        std::fs::remove_file(root.join(file)).unwrap();
        wait_until(&format!("the fix of {file}"), || errors().is_empty());
    }
}

#[test]
fn above_400_connections_the_server_answers_503_and_says_why() {
    // The cap itself (a thread and two descriptors per connection, inside the usual limit
    // of 1024 open files) is documented where users look for it.
    assert_eq!(Limits::default().max_connections, 400);
    let readme = std::fs::read_to_string(repo_root().join("README.md")).unwrap();
    assert!(
        readme.contains("at most 400 connections at once and answers `503 Service Unavailable`"),
        "README.md explains the cap"
    );
    let site = fixture();
    let limits = Limits {
        max_connections: 3,
        ..Limits::default()
    };
    let server = start_with(site.path(), None, limits);
    let held: Vec<TcpStream> = (0..3).map(|_| connect(server.addr())).collect();
    let mut extra = connect(server.addr());
    extra
        .write_all(b"GET / HTTP/1.1\r\nHost: h\r\n\r\n")
        .unwrap();
    let refused = read_response(&mut extra, false);
    assert_eq!(refused.status, 503);
    assert_eq!(refused.header("Retry-After"), Some("1"));
    assert!(
        refused
            .text()
            .contains("more than 3 connections are open at once"),
        "{}",
        refused.text()
    );
    drop(held);
}

#[test]
fn a_css_only_change_bumps_only_the_stylesheet_generation() {
    let site = fixture();
    let server = start(site.path());
    let before = status_json(server.addr(), "");
    write(site.path(), "static/extra.css", "body { margin: 1px }\n");
    wait_until("the CSS change", || {
        status_json(server.addr(), "")["css_gen"].as_u64() > before["css_gen"].as_u64()
    });
    let after = status_json(server.addr(), "");
    assert_eq!(
        after["page_gen"], before["page_gen"],
        "no page reload for a CSS-only change"
    );
    assert_eq!(
        get(server.addr(), "/extra.css").text(),
        "body { margin: 1px }\n"
    );
}

#[test]
fn a_replaced_content_folder_is_watched_again() {
    let site = fixture();
    let root = site.path();
    let server = start(root);
    // What a branch switch or `git stash` can do: the folder goes and comes back.
    let moved = root.join("content-old");
    std::fs::rename(root.join("content"), &moved).unwrap();
    write(
        root,
        "content/guide.md",
        &GUIDE.replace("Home text.", "Home text, new folder."),
    );
    wait_until("the new folder's text", || {
        get(server.addr(), "/").text().contains("new folder")
    });
    std::fs::remove_dir_all(&moved).unwrap();
    write(
        root,
        "content/guide.md",
        &GUIDE.replace("Home text.", "Home text, edited again."),
    );
    wait_until("an edit in the new folder", || {
        get(server.addr(), "/").text().contains("edited again")
    });
}

#[test]
fn a_save_burst_is_debounced() {
    let site = fixture();
    let server = start(site.path());
    let before = status_json(server.addr(), "")["version"].as_u64().unwrap();
    for i in 0..20 {
        write(
            site.path(),
            "content/guide.md",
            &GUIDE.replace("Home text.", &format!("Home text {i}.")),
        );
    }
    wait_until("the last write to be served", || {
        get(server.addr(), "/").text().contains("Home text 19.")
    });
    std::thread::sleep(Duration::from_millis(300));
    let builds = status_json(server.addr(), "")["version"].as_u64().unwrap() - before;
    assert!(builds < 10, "20 writes in a burst caused {builds} builds");
}

// ----------------------------------------------------------------------------- binary

fn quire() -> Command {
    Command::new(env!("CARGO_BIN_EXE_quire"))
}

#[test]
fn an_explicit_busy_port_is_a_clear_error() {
    let site = fixture();
    let held = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = held.local_addr().unwrap().port().to_string();
    let out = quire()
        .args(["serve", "--port", &port, "--root"])
        .arg(site.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("already in use") && stderr.contains(&port),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[cfg(unix)]
#[test]
fn ctrl_c_stops_the_server_cleanly() {
    use std::io::BufRead;
    let site = fixture();
    let mut child = quire()
        .args(["serve", "--port", "0", "--root"])
        .arg(site.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    std::io::BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let url = line
        .split_whitespace()
        .nth(1)
        .unwrap_or_else(|| panic!("no URL in {line:?}"));
    let addr: SocketAddr = url
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .parse()
        .unwrap();
    assert_eq!(get(addr, "/").status, 200);
    let _open = connect(addr); // an open connection must not keep the process alive
    // SAFETY: kill(2) on our own child's pid.
    unsafe { libc::kill(child.id() as libc::pid_t, libc::SIGINT) };
    let start = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "quire serve did not stop on SIGINT"
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    assert!(status.success(), "{status}: {stderr}");
    assert!(
        stderr.contains("stopping") && !stderr.contains("panicked"),
        "{stderr}"
    );
    assert!(!site.path().join("public").exists());
}

/// `serve --open` says what it opens and opens the served URL (with a stand-in `xdg-open`).
#[cfg(all(unix, not(target_os = "macos")))]
#[test]
fn serve_open_prints_and_opens_the_url() {
    use std::io::BufRead;
    use std::os::unix::fs::PermissionsExt;
    let site = fixture();
    let bin = tempfile::tempdir().unwrap();
    let opened = bin.path().join("opened");
    let script = bin.path().join("xdg-open");
    std::fs::write(
        &script,
        format!("#!/bin/sh\necho \"$1\" > '{}'\n", opened.display()),
    )
    .unwrap();
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    let path = format!(
        "{}:{}",
        bin.path().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut child = quire()
        .args(["serve", "--open", "--port", "0", "--root"])
        .arg(site.path())
        .env("PATH", path)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = std::io::BufReader::new(child.stdout.take().unwrap()).lines();
    let serving = lines.next().unwrap().unwrap();
    let opening = lines.next().unwrap().unwrap();
    let url = serving.split_whitespace().nth(1).unwrap().to_string();
    assert!(url.starts_with("http://127.0.0.1:"), "{serving}");
    assert!(
        opening.starts_with("opening ") && opening.contains(&url),
        "{opening}"
    );
    wait_until("the browser is opened", || {
        std::fs::read_to_string(&opened).is_ok_and(|s| s.trim() == url)
    });
    // SAFETY: kill(2) on our own child's pid.
    unsafe { libc::kill(child.id() as libc::pid_t, libc::SIGINT) };
    assert!(child.wait().unwrap().success());
}

// ---------------------------------------------------------------------------- browser

fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::write(&target, std::fs::read(entry.path()).unwrap()).unwrap();
        }
    }
}

/// Headless Chromium: edit → new text with no manual reload (scroll kept), broken link →
/// overlay with file:line:col, fix → overlay gone, CSS edit → no reload. Fails when the
/// browser tools are missing, unless QUIRE_SKIP_BROWSER=1.
#[test]
fn live_reload_in_chromium() {
    if skip_requested(
        "QUIRE_SKIP_BROWSER=1: the live-reload browser check (tests/serve.rs) was SKIPPED",
    ) {
        return;
    }
    let repo = repo_root();
    require_tools("the live-reload browser check", &["playwright-core"], false);

    let site = tempfile::tempdir().unwrap();
    for dir in ["content", "static", "templates"] {
        if repo.join(dir).is_dir() {
            copy_dir(&repo.join(dir), &site.path().join(dir));
        }
    }
    std::fs::copy(repo.join("site.toml"), site.path().join("site.toml")).unwrap();
    let server = start(site.path());
    let out = Command::new("node")
        .arg(repo.join("tests/browser/serve.mjs"))
        .arg(server.url())
        .arg(site.path())
        .current_dir(&repo)
        .output()
        .expect("failed to start node");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    println!("{text}");
    assert!(
        out.status.success(),
        "tests/browser/serve.mjs failed:\n{text}"
    );
}

#[test]
fn a_lost_permalink_is_a_warning_with_the_alias_to_add_and_the_lock_is_watched() {
    let site = fixture();
    let root = site.path();
    let guide = GUIDE.replace(
        "Second text.",
        "Second text.\n\n### Renamed part\n\nThe part, reworded.",
    );
    write(root, "content/guide.md", &guide);
    // The lock remembers the section under its old title.
    let lock =
        "second-chapter.html#second-chapter page\nsecond-chapter.html#original-part section\n";
    write(root, "permalinks.lock", lock);
    let opts = Options {
        root: root.to_path_buf(),
        no_cache: true,
        ..Options::default()
    };
    let built = quire::build_site(&opts).expect_err("build enforces the lock");
    assert!(built.diagnostics()[0].is_error());

    let server = start(root);
    let addr = server.addr();
    let status = status_json(addr, "");
    assert_eq!(
        status["errors"],
        serde_json::json!([]),
        "serve does not fail"
    );
    let warnings = status["warnings"].as_array().unwrap();
    assert_eq!(warnings.len(), 1, "{warnings:#?}");
    let warning = warnings[0].as_str().unwrap();
    assert!(
        warning.starts_with("content/guide.md:13:1: warning: the section `second-chapter.html#original-part` (permalinks.lock:2) no longer exists"),
        "{warning}"
    );
    assert!(
        warning.contains("add the line `second-chapter.html#original-part -> second-chapter.html#renamed-part` to permalinks.lock"),
        "{warning}"
    );
    assert!(
        warning.ends_with("(`quire build` stops on this)"),
        "{warning}"
    );
    assert!(
        get(addr, "/second-chapter.html")
            .text()
            .contains("The part, reworded."),
        "the new site is served"
    );

    // Adding the suggested line to the lock rebuilds: the warning goes, the old id forwards.
    write(
        root,
        "permalinks.lock",
        &format!("{lock}second-chapter.html#original-part -> second-chapter.html#renamed-part\n"),
    );
    wait_until("the warning to clear", || {
        status_json(addr, "")["warnings"]
            .as_array()
            .unwrap()
            .is_empty()
    });
    assert!(
        get(addr, "/second-chapter.html")
            .text()
            .contains(r##"var m={"original-part":"#renamed-part"}"##)
    );
    assert!(
        std::fs::read_to_string(root.join("permalinks.lock"))
            .unwrap()
            .ends_with("-> second-chapter.html#renamed-part\n"),
        "serve never writes the lock"
    );
}

#[test]
fn an_included_file_outside_content_rebuilds_when_it_changes() {
    let site = fixture();
    let root = site.path();
    write(root, "examples/demo.py", "print('first version')\n");
    let guide = format!("{GUIDE}\n```python\n{{{{#include ../examples/demo.py}}}}\n```\n");
    write(root, "content/guide.md", &guide);
    let server = start(root);
    let addr = server.addr();
    wait_until("the included code to be served", || {
        get(addr, "/second-chapter.html")
            .text()
            .contains("first version")
    });
    write(root, "examples/demo.py", "print('second version')\n");
    wait_until("the edit to the included file to be served", || {
        get(addr, "/second-chapter.html")
            .text()
            .contains("second version")
    });
}

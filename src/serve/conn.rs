//! Connections: the accept loop and one thread per connection, with the limits that keep
//! one client from stopping the others.
//!
//! Why not tiny_http: its connection threads read with no timeout and no size limit (an
//! idle or slow client pins a thread forever, a header line grows without bound), a request
//! line that is not ASCII gets the connection closed with no answer, and a failed thread
//! spawn panics its accept thread, after which the server accepts nothing. Here every read
//! has a deadline (idle keep-alive 15 s, a started request head 10 s), heads are bounded
//! ([`super::http`]), connections are capped (503 above [`Limits::max_connections`]), and
//! nothing a client sends can panic the server.

use std::collections::HashMap;
use std::io::{self, IoSlice, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::http::{self, BodyFraming, Reject, Response, Version};
use super::reload::{self, POLL_TIMEOUT};
use super::routes::{self, Route};
use super::state::ServeState;

/// Per-connection limits.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// How long a kept-alive connection may wait for its next request.
    pub idle: Duration,
    /// How long a request head may take to arrive once its first byte has.
    pub head: Duration,
    /// How long writing one response may take.
    pub write: Duration,
    /// Connections open at once; more are answered 503 and closed.
    pub max_connections: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            idle: Duration::from_secs(15),
            head: Duration::from_secs(10),
            write: Duration::from_secs(10),
            // The cap keeps the server answering when a client opens connections without
            // end: each connection holds a thread and two descriptors (its socket and the
            // copy kept to close it on stop), so 400 stays well inside the usual limit of
            // 1024 open files, and past it a client is told 503 at once instead of the
            // server failing to accept anyone. A preview has a few readers; see README.md.
            max_connections: 400,
        }
    }
}

/// The open connections, so that stopping the server can close them all.
#[derive(Debug, Default)]
pub struct Connections {
    open: Mutex<HashMap<u64, TcpStream>>,
    next_id: AtomicU64,
    count: AtomicUsize,
}

impl Connections {
    fn register(&self, stream: &TcpStream) -> u64 {
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        if let Ok(clone) = stream.try_clone() {
            self.open
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .insert(id, clone);
        }
        id
    }

    fn forget(&self, id: u64) {
        self.open
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(&id);
        self.count.fetch_sub(1, Ordering::SeqCst);
    }

    /// Shuts every open connection down (their threads then end).
    pub fn close_all(&self) {
        for stream in self.open.lock().unwrap_or_else(|e| e.into_inner()).values() {
            let _ = stream.shutdown(Shutdown::Both);
        }
    }
}

/// Accepts connections until the state says stop; each gets its own thread.
pub fn accept_loop(
    listener: TcpListener,
    state: Arc<ServeState>,
    conns: Arc<Connections>,
    limits: Limits,
) {
    let mut last_report: Option<Instant> = None;
    for stream in listener.incoming() {
        if state.is_stopping() {
            break;
        }
        let stream = match stream {
            Ok(s) => s,
            Err(e) => {
                // Out of file descriptors and the like: wait a little, keep accepting.
                if !matches!(
                    e.kind(),
                    io::ErrorKind::ConnectionAborted | io::ErrorKind::Interrupted
                ) {
                    if last_report.is_none_or(|t: Instant| t.elapsed() > Duration::from_secs(5)) {
                        eprintln!("quire serve: accepting a connection failed: {e}");
                        last_report = Some(Instant::now());
                    }
                    std::thread::sleep(Duration::from_millis(50));
                }
                continue;
            }
        };
        if conns.count.fetch_add(1, Ordering::SeqCst) >= limits.max_connections {
            conns.count.fetch_sub(1, Ordering::SeqCst);
            let message = format!(
                "503 Service Unavailable: more than {} connections are open at once; quire \
                 serve is a preview server (one thread per connection, within the usual limit \
                 of 1024 open files), try again in a moment",
                limits.max_connections
            );
            refuse(stream, &message);
            continue;
        }
        let id = conns.register(&stream);
        let (state2, conns2) = (state.clone(), conns.clone());
        let spawned = std::thread::Builder::new()
            .name("quire-conn".into())
            .stack_size(256 * 1024)
            .spawn(move || {
                serve_connection(stream, &state2, limits);
                conns2.forget(id);
            });
        if spawned.is_err() {
            // The stream moved into the closure that was never run and is already closed.
            conns.forget(id);
        }
    }
}

fn refuse(mut stream: TcpStream, message: &str) {
    let _ = stream.set_write_timeout(Some(Duration::from_secs(1)));
    let r = Response::text(503, message).with_header("Retry-After", "1");
    let _ = write_response(&mut stream, &r, Version::Http11, false, true);
}

enum HeadRead {
    Complete(usize),
    Closed,
    Reject(Reject),
}

/// Answers requests on one connection until the client or a limit closes it.
fn serve_connection(mut stream: TcpStream, state: &ServeState, limits: Limits) {
    let _ = stream.set_nodelay(true);
    let _ = stream.set_write_timeout(Some(limits.write));
    let mut buf = Vec::with_capacity(4096);
    loop {
        let head_len = match read_head(&mut stream, &mut buf, limits) {
            HeadRead::Complete(n) => n,
            HeadRead::Closed => return,
            HeadRead::Reject(r) => return reject_and_close(stream, r),
        };
        let req = match http::parse_head(&buf[..head_len]) {
            Ok(req) => req,
            Err(r) => return reject_and_close(stream, r),
        };
        buf.drain(..head_len);
        // Request bodies are never read: answer, then close rather than resynchronise.
        let has_body = !matches!(req.body_framing(), Ok(BodyFraming::None));
        let keep_alive = req.keep_alive() && !has_body;
        let (site, _) = state.current();
        let response = match routes::route(&req, site.as_deref(), state.status().instance) {
            Route::Respond(r) => r,
            Route::Poll { since: Some(since) } => {
                reload::poll_response(&state.wait_for_change(since, POLL_TIMEOUT))
            }
            Route::Poll { since: None } => reload::poll_response(&state.status()),
        };
        let keep_alive = keep_alive && !state.is_stopping();
        let sends_body = response.sends_body(&req.method);
        if write_response(&mut stream, &response, req.version, keep_alive, sends_body).is_err() {
            return;
        }
        if !keep_alive {
            return linger_close(stream);
        }
    }
}

/// Reads until `buf` holds a complete head, within the idle and head deadlines.
fn read_head(stream: &mut TcpStream, buf: &mut Vec<u8>, limits: Limits) -> HeadRead {
    let idle_deadline = Instant::now() + limits.idle;
    let mut head_deadline = (!buf.is_empty()).then(|| Instant::now() + limits.head);
    let mut chunk = [0u8; 8192];
    loop {
        if let Some(n) = http::find_head_end(buf) {
            return HeadRead::Complete(n);
        }
        if let Err(r) = http::check_partial_head(buf) {
            return HeadRead::Reject(r);
        }
        let deadline = head_deadline.unwrap_or(idle_deadline);
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return match head_deadline {
                Some(_) => HeadRead::Reject(Reject {
                    status: 408,
                    reason: "request head too slow",
                }),
                None => HeadRead::Closed,
            };
        }
        let _ = stream.set_read_timeout(Some(left));
        match stream.read(&mut chunk) {
            Ok(0) => return HeadRead::Closed,
            Ok(n) => {
                buf.extend_from_slice(&chunk[..n]);
                head_deadline.get_or_insert_with(|| Instant::now() + limits.head);
            }
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::WouldBlock
                        | io::ErrorKind::TimedOut
                        | io::ErrorKind::Interrupted
                ) => {}
            Err(_) => return HeadRead::Closed,
        }
    }
}

fn reject_and_close(mut stream: TcpStream, reject: Reject) {
    let message = format!(
        "{} {}: {}",
        reject.status,
        http::reason_phrase(reject.status),
        reject.reason
    );
    let r = Response::text(reject.status, &message);
    if write_response(&mut stream, &r, Version::Http11, false, true).is_ok() {
        linger_close(stream);
    }
}

/// Closes the sending side, then drains what the client still sends for a moment, so that
/// closing with unread data does not reset the connection before the client reads the answer.
fn linger_close(mut stream: TcpStream) {
    let _ = stream.shutdown(Shutdown::Write);
    let deadline = Instant::now() + Duration::from_secs(2);
    let mut chunk = [0u8; 8192];
    let mut drained = 0usize;
    while drained < 1 << 20 {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() || stream.set_read_timeout(Some(left)).is_err() {
            break;
        }
        match stream.read(&mut chunk) {
            Ok(0) | Err(_) => break,
            Ok(n) => drained += n,
        }
    }
}

fn write_response(
    stream: &mut TcpStream,
    r: &Response,
    version: Version,
    keep_alive: bool,
    body: bool,
) -> io::Result<()> {
    let head = r.head_bytes(version, keep_alive);
    let mut bufs = vec![IoSlice::new(&head)];
    if body {
        bufs.extend(r.body.slices().filter(|s| !s.is_empty()).map(IoSlice::new));
    }
    let mut bufs = &mut bufs[..];
    IoSlice::advance_slices(&mut bufs, 0);
    while !bufs.is_empty() {
        match stream.write_vectored(bufs) {
            Ok(0) => return Err(io::ErrorKind::WriteZero.into()),
            Ok(n) => IoSlice::advance_slices(&mut bufs, n),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    stream.flush()
}

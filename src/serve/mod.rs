//! `quire serve`: build into memory, serve from memory, rebuild on every change, and tell
//! open pages to reload once the new build is complete.
//!
//! - [`state`]: the last good site (swapped whole), the build errors, the reload generations
//! - [`watch`]: `notify` watcher of the sources, debounced
//! - [`conn`]: accept loop and connection threads with deadlines and limits
//! - [`http`] (wire format), [`path`] (the path guard), [`routes`] (request → response)
//! - [`reload`]: the injected client script, the long-poll answer and the error overlay
//!
//! `public/` is never touched: nothing here writes a file.

pub mod conn;
pub mod http;
mod memory;
pub mod path;
pub mod reload;
pub mod routes;
pub mod state;
pub mod watch;

use std::io;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crate::build::Options;
use crate::build::Session;
use crate::diag::Diagnostic;
use crate::error::{Error, Result};

pub use conn::Limits;
pub use state::{LiveStatus, ServeState};
pub use watch::Debounce;

/// The port tried first when none is given.
pub const DEFAULT_PORT: u16 = 3000;
/// How many ports after the default are tried when it is busy.
const PORT_TRIES: u16 = 20;

/// Which port to listen on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PortChoice {
    /// Exactly this one (0: any free port); busy is an error.
    Exact(u16),
    /// This one, or the next free one after it.
    FirstFree(u16),
}

/// What `serve` needs besides the site.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The site to build and how (its folder, drafts, cache).
    pub site: Options,
    /// The address to listen on (loopback unless asked otherwise).
    pub bind: IpAddr,
    /// The port, or where to start looking for a free one.
    pub port: PortChoice,
    /// Open the site in the default browser once it is served.
    pub open: bool,
    /// Print nothing (tests).
    pub quiet: bool,
    /// Print each rebuild's stage times (`--timings`).
    pub timings: bool,
    /// How long file changes are gathered before a rebuild.
    pub debounce: Debounce,
    /// Timeouts, and how many connections may be open at once.
    pub limits: Limits,
}

impl ServeOptions {
    /// Defaults: 127.0.0.1, port 3000 or the next free one.
    pub fn new(site: Options) -> Self {
        ServeOptions {
            site,
            bind: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port: PortChoice::FirstFree(DEFAULT_PORT),
            open: false,
            quiet: false,
            timings: false,
            debounce: Debounce::default(),
            limits: Limits::default(),
        }
    }
}

/// A running dev server. Dropping it stops it.
pub struct Server {
    addr: SocketAddr,
    state: Arc<ServeState>,
    conns: Arc<conn::Connections>,
    accept: Option<JoinHandle<()>>,
    watcher: Option<JoinHandle<()>>,
}

impl Server {
    /// Binds, builds once, then serves and watches on background threads.
    pub fn start(opts: &ServeOptions) -> Result<Server> {
        let log = Log {
            quiet: opts.quiet,
            timings: opts.timings,
        };
        let (listener, note) = bind_listener(opts.bind, opts.port)?;
        let addr = listener
            .local_addr()
            .map_err(|e| Error::io(&opts.site.root, e))?;
        if let Some(note) = note {
            log.err(&note);
        }
        if let Some(warning) = bind_warning(opts.bind) {
            log.err(&warning);
        }
        memory::limit_arenas();
        let mut watcher = watch::SourceWatcher::new(&opts.site.root)?;
        let state = Arc::new(ServeState::new());
        // A draft with a broken link is still worth seeing: serve shows them as warnings.
        let mut session = Session::new(Options {
            broken_links: Some(crate::config::BrokenLinks::Warn),
            ..opts.site.clone()
        });
        rebuild(&mut session, &state, &log, &[]);
        let conns = Arc::new(conn::Connections::default());
        let accept = {
            let (state, conns, limits) = (state.clone(), conns.clone(), opts.limits);
            spawn("quire-accept", move || {
                conn::accept_loop(listener, state, conns, limits)
            })?
        };
        let watcher = {
            let (state, debounce) = (state.clone(), opts.debounce);
            spawn("quire-watch", move || {
                let mut release_at = None;
                while !state.is_stopping() {
                    let changed = watcher.next_change(Duration::from_millis(200), debounce);
                    if !changed.is_empty() && !state.is_stopping() {
                        rebuild(&mut session, &state, &log, &changed);
                        release_at = Some(Instant::now() + memory::LATE_RELEASE);
                    } else if release_at.is_some_and(|t| Instant::now() >= t) {
                        memory::release_freed();
                        release_at = None;
                    }
                }
            })?
        };
        Ok(Server {
            addr,
            state,
            conns,
            accept: Some(accept),
            watcher: Some(watcher),
        })
    }

    /// The address actually listened on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The URL of the site's home page (under the base_url's sub-path, if any).
    pub fn url(&self) -> String {
        let prefix = self
            .state
            .current()
            .0
            .map_or_else(|| "/".to_string(), |s| s.prefix.clone());
        let ip = match self.addr.ip() {
            IpAddr::V4(ip) if ip.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
            IpAddr::V6(ip) if ip.is_unspecified() => IpAddr::V6(Ipv6Addr::LOCALHOST),
            ip => ip,
        };
        format!(
            "http://{}{}",
            SocketAddr::new(ip, self.addr.port()),
            path::encode_path(&prefix)
        )
    }

    /// The shared state (what the live-reload clients are told).
    pub fn state(&self) -> &ServeState {
        &self.state
    }

    /// Stops accepting, closes every connection and the watcher, and waits for them.
    pub fn stop(mut self) {
        self.shutdown();
    }

    fn shutdown(&mut self) {
        self.state.stop();
        // Wake the accept loop with one last connection to itself.
        let wake = match self.addr.ip() {
            IpAddr::V4(ip) if ip.is_unspecified() => {
                SocketAddr::new(Ipv4Addr::LOCALHOST.into(), self.addr.port())
            }
            IpAddr::V6(ip) if ip.is_unspecified() => {
                SocketAddr::new(Ipv6Addr::LOCALHOST.into(), self.addr.port())
            }
            _ => self.addr,
        };
        let _ = TcpStream::connect_timeout(&wake, Duration::from_secs(1));
        if let Some(t) = self.accept.take() {
            let _ = t.join();
        }
        self.conns.close_all();
        if let Some(t) = self.watcher.take() {
            let _ = t.join();
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.shutdown();
    }
}

/// Prints a line for the author; a closed standard output (`quire serve | head -1`) must
/// not stop the server, so a failed write is ignored (`println!` would panic).
fn say(line: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stdout(), "{line}");
}

/// `quire serve`: serves until Ctrl-C (or SIGTERM), then stops cleanly.
pub fn serve(opts: &ServeOptions) -> Result<()> {
    signals::install();
    let server = Server::start(opts)?;
    let url = server.url();
    say(&format!("serving {url} (Ctrl-C to stop)"));
    if !opts.open {
        say(&format!(
            "open {url} in a browser; pages reload when you save a file"
        ));
    }
    if opts.open {
        open_browser(&url);
    }
    while !signals::stop_requested() {
        std::thread::sleep(Duration::from_millis(100));
    }
    eprintln!("\nquire serve: stopping");
    server.stop();
    Ok(())
}

/// Binds the listener; for [`PortChoice::FirstFree`] also a note saying which port was taken.
pub fn bind_listener(ip: IpAddr, port: PortChoice) -> Result<(TcpListener, Option<String>)> {
    match port {
        PortChoice::Exact(p) => TcpListener::bind((ip, p))
            .map(|l| (l, None))
            .map_err(|e| bind_error(ip, p, &e)),
        PortChoice::FirstFree(first) => {
            for p in first..first.saturating_add(PORT_TRIES) {
                match TcpListener::bind((ip, p)) {
                    Ok(l) if p == first => return Ok((l, None)),
                    Ok(l) => {
                        return Ok((
                            l,
                            Some(format!("port {first} is busy; serving on port {p} instead")),
                        ));
                    }
                    Err(e) if e.kind() == io::ErrorKind::AddrInUse => continue,
                    Err(e) => return Err(bind_error(ip, p, &e)),
                }
            }
            Err(Error::Usage(format!(
                "ports {first}–{} on {ip} are all in use; choose a free one with --port",
                first.saturating_add(PORT_TRIES - 1)
            )))
        }
    }
}

fn bind_error(ip: IpAddr, port: u16, e: &io::Error) -> Error {
    let addr = SocketAddr::new(ip, port);
    Error::Usage(match e.kind() {
        io::ErrorKind::AddrInUse => format!(
            "{addr} is already in use (another `quire serve`?); choose another --port, or leave --port out to take the next free one"
        ),
        io::ErrorKind::PermissionDenied => {
            format!("cannot listen on {addr}: permission denied (ports below 1024 need privileges)")
        }
        io::ErrorKind::AddrNotAvailable => {
            format!("cannot listen on {addr}: this machine has no such address")
        }
        _ => format!("cannot listen on {addr}: {e}"),
    })
}

/// The warning printed when the server is reachable from other machines.
pub fn bind_warning(ip: IpAddr) -> Option<String> {
    (!ip.is_loopback()).then(|| {
        format!(
            "warning: listening on {ip}, which other machines can reach: anyone on the network can read the site. \
             Use --bind 127.0.0.1 to keep it on this machine."
        )
    })
}

/// The path prefix a site is served under: the path of its base_url (`/` without one).
pub fn base_path(base_url: Option<&str>) -> String {
    let Some(url) = base_url.filter(|u| !u.is_empty()) else {
        return "/".into();
    };
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    let path = match (url.contains("://"), after_scheme.find('/')) {
        (true, Some(i)) => &after_scheme[i..],
        (true, None) => "/",
        (false, _) => url,
    };
    let path = path.split(['?', '#']).next().unwrap_or("/");
    let decoded = path::decode_target(&format!("/{}", path.trim_matches('/')))
        .map_or_else(|_| "/".into(), |p| p.path);
    if decoded == "/" {
        decoded
    } else {
        format!("{decoded}/")
    }
}

/// Builds once (reusing what the last build made: highlighted code, unchanged pages) and
/// publishes the result: a good build is swapped in, a failed one is shown.
fn rebuild(session: &mut Session, state: &ServeState, log: &Log, changed: &[String]) {
    let start = Instant::now();
    let result = session.build().and_then(|output| {
        let site = session.options();
        let config = crate::config::load_config(&site.root)?;
        let base = site.base_url.as_deref().or(config.base_url.as_deref());
        Ok((output, base_path(base)))
    });
    let what = match changed {
        [] => String::new(),
        [one] => format!(" ({one})"),
        [one, rest @ ..] => format!(" ({one} and {} more)", rest.len()),
    };
    match result {
        Ok((output, prefix)) => {
            let warnings = output
                .warnings
                .iter()
                .filter(|d| !d.is_error())
                .map(|d| d.to_string())
                .collect::<Vec<_>>();
            let pages = output.files.keys().filter(|k| k.ends_with(".html")).count();
            let built = start.elapsed();
            let change = state.publish_site(&output.files, prefix, warnings.clone());
            memory::release_freed();
            for w in &warnings {
                log.err(w);
            }
            let verb = if changed.is_empty() {
                "built"
            } else {
                "rebuilt"
            };
            let ms = |d: std::time::Duration| d.as_secs_f64() * 1000.0;
            let (total, build) = (ms(start.elapsed()), ms(built));
            log.err(&format!(
                "{verb} {pages} pages in {total:.0} ms (build {build:.0} ms, swap {:.0} ms){what}{}",
                total - build,
                change_note(change)
            ));
            if log.timings {
                log.err(&output.timings.report());
            }
        }
        Err(e) => {
            let messages = error_messages(&e);
            for m in &messages {
                log.err(m);
            }
            log.err(&format!(
                "build failed{what}; still serving the last good site"
            ));
            state.publish_errors(messages);
        }
    }
}

fn change_note(change: state::Change) -> &'static str {
    match change {
        state::Change::Nothing => "; no page changed",
        state::Change::StylesOnly => "; stylesheets swapped",
        state::Change::Pages => "",
    }
}

/// The messages a failed build shows: each error diagnostic as `file:line:col: error: …`,
/// or the error and its causes.
pub fn error_messages(e: &Error) -> Vec<String> {
    let mut diags = e.diagnostics();
    if diags.is_empty() {
        let mut text = e.to_string();
        let mut source = std::error::Error::source(e);
        while let Some(cause) = source {
            text.push_str(&format!("\n  caused by: {cause}"));
            source = cause.source();
        }
        return vec![text];
    }
    crate::diag::sort_diagnostics(&mut diags);
    diags
        .iter()
        .filter(|d| d.is_error())
        .map(Diagnostic::to_string)
        .collect()
}

#[derive(Debug, Clone, Copy)]
struct Log {
    quiet: bool,
    timings: bool,
}

impl Log {
    fn err(&self, message: &str) {
        if !self.quiet {
            eprintln!("{message}");
        }
    }
}

fn spawn(name: &str, f: impl FnOnce() + Send + 'static) -> Result<JoinHandle<()>> {
    std::thread::Builder::new()
        .name(name.into())
        .spawn(f)
        .map_err(|e| Error::Usage(format!("cannot start a thread for the server: {e}")))
}

fn open_browser(url: &str) {
    let (program, args): (&str, &[&str]) = if cfg!(target_os = "macos") {
        ("open", &[])
    } else if cfg!(windows) {
        ("cmd", &["/C", "start", ""])
    } else {
        ("xdg-open", &[])
    };
    say(&format!(
        "opening {url} in the default browser ({program} {url})"
    ));
    let child = std::process::Command::new(program)
        .args(args)
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    match child {
        Ok(mut child) => {
            std::thread::spawn(move || child.wait());
        }
        Err(e) => {
            eprintln!("warning: could not open a browser ({program}: {e}); open {url} yourself")
        }
    }
}

/// Ctrl-C and SIGTERM: the first asks the server to stop cleanly, a second one (the default
/// action is restored) ends the process at once.
#[cfg(unix)]
mod signals {
    use std::sync::atomic::{AtomicBool, Ordering};

    // A signal handler can only reach static data; this flag is the one global of `serve`.
    static STOP: AtomicBool = AtomicBool::new(false);

    extern "C" fn on_signal(signal: libc::c_int) {
        STOP.store(true, Ordering::SeqCst);
        // SAFETY: signal() is async-signal-safe; restoring the default action is allowed here.
        unsafe {
            libc::signal(signal, libc::SIG_DFL);
        }
    }

    pub(super) fn install() {
        let handler = on_signal as extern "C" fn(libc::c_int) as libc::sighandler_t;
        // SAFETY: the handler only stores to an atomic and calls signal(), both async-signal-safe.
        unsafe {
            libc::signal(libc::SIGINT, handler);
            libc::signal(libc::SIGTERM, handler);
        }
    }

    pub(super) fn stop_requested() -> bool {
        STOP.load(Ordering::SeqCst)
    }
}

/// Elsewhere the default Ctrl-C action ends the process (nothing is ever half-written).
#[cfg(not(unix))]
mod signals {
    pub fn install() {}
    pub fn stop_requested() -> bool {
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_paths_become_prefixes() {
        assert_eq!(base_path(None), "/");
        assert_eq!(base_path(Some("https://u.github.io")), "/");
        assert_eq!(base_path(Some("https://u.github.io/")), "/");
        assert_eq!(base_path(Some("https://u.github.io/guide")), "/guide/");
        assert_eq!(base_path(Some("https://u.github.io/a/b/?x")), "/a/b/");
        assert_eq!(base_path(Some("/docs/")), "/docs/");
        assert_eq!(base_path(Some("https://x/my%20guide/")), "/my guide/");
    }

    #[test]
    fn only_non_loopback_binds_warn() {
        assert!(bind_warning("127.0.0.1".parse().unwrap()).is_none());
        assert!(bind_warning("::1".parse().unwrap()).is_none());
        assert!(
            bind_warning("0.0.0.0".parse().unwrap())
                .unwrap()
                .contains("warning")
        );
        assert!(bind_warning("192.168.1.5".parse().unwrap()).is_some());
    }

    #[test]
    fn a_busy_port_is_an_error_or_skipped() {
        let ip = IpAddr::V4(Ipv4Addr::LOCALHOST);
        let (held, _) = bind_listener(ip, PortChoice::Exact(0)).unwrap();
        let busy = held.local_addr().unwrap().port();
        let err = bind_listener(ip, PortChoice::Exact(busy)).unwrap_err();
        assert!(
            matches!(err, Error::Usage(ref m) if m.contains("already in use")),
            "{err}"
        );
        if busy < u16::MAX - PORT_TRIES {
            let (other, note) = bind_listener(ip, PortChoice::FirstFree(busy)).unwrap();
            assert_ne!(other.local_addr().unwrap().port(), busy);
            assert!(note.unwrap().contains(&format!("port {busy} is busy")));
        }
    }
}

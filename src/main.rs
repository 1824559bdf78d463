//! The `quire` command line: parses arguments, calls the library, prints results.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Parser, Subcommand};

/// jemalloc instead of glibc's allocator: `quire serve` rebuilds the site on every edit, and
/// what each build keeps (memos, the served files) lands among what it frees. glibc's heap
/// then stays fragmented: under `bench/soak.py` (100x, edits and breakages every 3 s under
/// `wrk -c50`) the server grew 182 -> 207 MiB (+14 %) in three minutes although the memory in
/// use did not grow; with jemalloc 187 -> 197 MiB (+5 %), and a lower peak (255 vs 270 MiB).
/// What a session keeps goes to an arena of its own (`quire::keep`): with jemalloc alone the
/// server still grew 152 -> 169 MiB (+11 %) in five minutes of edits every second; with the
/// kept arena 146 -> 149 MiB (+2.4 %).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[global_allocator]
static ALLOCATOR: quire::keep::Allocator = quire::keep::Allocator;

/// jemalloc's options, read before `main`: a background thread gives freed pages back one
/// second after they were last used (the default waits ten seconds, and only while the
/// program allocates), and straight away rather than lazily (`muzzy`: still counted
/// resident until the kernel needs the memory). One arena per CPU, used by the threads
/// running on it, instead of four per CPU handed out to threads in turn: what the fifty
/// connection threads and the build threads free then lands in fewer, fuller arenas. Over
/// 10 minutes of `bench/soak.py` (100x, an edit, breakage or fix every 3 s under `wrk -c50`):
/// 151 -> 169 MiB (+11.9 %) with four arenas per CPU, 151 -> 166 MiB (+9.6 %) with these.
///
/// jemalloc is built unprefixed (Cargo.toml): it is also the C code's `malloc`, and reads its
/// options from `malloc_conf`. Without them `serve` idled at 220 instead of 140 MiB at 100x
/// (freed pages kept for ten seconds, and then only while allocating).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[unsafe(export_name = "malloc_conf")]
static ALLOCATOR_OPTIONS: AllocatorOptions = AllocatorOptions(
    c"background_thread:true,dirty_decay_ms:1000,muzzy_decay_ms:0,percpu_arena:percpu".as_ptr(),
);

/// A C `const char *` that can be a `static`.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[repr(transparent)]
struct AllocatorOptions(*const std::ffi::c_char);

// SAFETY: it points to a string literal, which is never written.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
unsafe impl Sync for AllocatorOptions {}
use quire::config::BrokenLinks;
use quire::progress::Progress;
use quire::{Diagnostic, Error, Options};

#[derive(Parser)]
#[command(
    name = "quire",
    version,
    about = "Build a fast, searchable static site from an interview guide in Markdown."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Args)]
struct SiteArgs {
    /// The site folder (with site.toml and content/).
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// Public URL of the site, e.g. https://user.github.io/guide/ (overrides site.toml).
    #[arg(long)]
    base_url: Option<String>,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output folder (public/ by default).
    Build {
        #[command(flatten)]
        site: SiteArgs,
        /// Output folder (overrides output_dir in site.toml).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Print only errors.
        #[arg(long, short)]
        quiet: bool,
        /// Print the time spent in each stage (parse, highlight, render, write).
        #[arg(long)]
        timings: bool,
        /// Ignore the highlight cache (.quire-cache/): highlight every code block again.
        #[arg(long)]
        no_cache: bool,
        /// Rewrite permalinks.lock although anchors it lists are gone (links to them break).
        #[arg(long)]
        accept_permalink_changes: bool,
        /// A broken link or missing image is an `error` (stops the build) or a `warn`ing
        /// (overrides broken_links in site.toml).
        #[arg(long, value_name = "error|warn")]
        broken_links: Option<BrokenLinks>,
    },
    /// Report every problem (broken links, duplicate ids, unknown languages…) without writing.
    Check {
        #[command(flatten)]
        site: SiteArgs,
        /// Report broken links and missing images as an `error` or a `warn`ing (overrides
        /// broken_links in site.toml).
        #[arg(long, value_name = "error|warn")]
        broken_links: Option<BrokenLinks>,
    },
    /// Build into memory and serve on localhost; rebuild and reload open pages on every change.
    Serve {
        #[command(flatten)]
        site: SiteArgs,
        /// Port to listen on [default: 3000, or the next free one if 3000 is busy].
        #[arg(long, short)]
        port: Option<u16>,
        /// Address to listen on; anything but loopback is reachable from other machines.
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
        /// Print the time spent in each stage of every rebuild.
        #[arg(long)]
        timings: bool,
    },
    /// Create a new site (site.toml, a sample guide in content/, .gitignore) in DIR.
    Init {
        /// Folder of the new site; created when missing. Refused if it has content/ or site.toml.
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Also write .github/workflows/pages.yml, which builds and deploys to GitHub Pages.
        #[arg(long)]
        github_pages: bool,
    },
    /// List every code-block language quire highlights, with its aliases.
    Languages,
    /// Export the content for other tools.
    Export {
        #[command(subcommand)]
        what: Export,
    },
}

#[derive(Subcommand)]
enum Export {
    /// The questions as an Anki import file (tab-separated: GUID, Front, Back, Permalink, Tags).
    Anki {
        #[command(flatten)]
        site: SiteArgs,
        /// File to write; `-` writes to standard output.
        #[arg(long, default_value = "anki.tsv")]
        out: PathBuf,
    },
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    // Only `build` writes: only it has a previous output to speak of.
    let writes = matches!(cli.command, Command::Build { .. });
    let anyway = match &cli.command {
        Command::Build { site, .. } => Some(build_anyway(site)),
        _ => None,
    };
    match run(cli.command) {
        Ok(code) => code,
        Err(e) => {
            report_error(&e, anyway.as_deref(), writes);
            ExitCode::from(if matches!(e, Error::Usage(_)) { 2 } else { 1 })
        }
    }
}

impl SiteArgs {
    /// The library's options for this site: the one place they are made from the command
    /// line (each command adds its own flags).
    fn options(self) -> Options {
        Options {
            root: self.root,
            base_url: self.base_url,
            git_dates: true,
            ..Options::default()
        }
    }
}

fn run(command: Command) -> Result<ExitCode, Error> {
    match command {
        Command::Build {
            site,
            out,
            quiet,
            timings,
            no_cache,
            accept_permalink_changes,
            broken_links,
        } => {
            let progress =
                (!quiet && std::io::stderr().is_terminal()).then(|| Arc::new(Progress::default()));
            let opts = Options {
                out,
                no_cache,
                progress,
                accept_permalink_changes,
                broken_links,
                ..site.options()
            };
            run_build(&opts, quiet, timings)
        }
        Command::Check { site, broken_links } => {
            let anyway = build_anyway(&site);
            let opts = Options {
                broken_links,
                ..site.options()
            };
            run_check(&opts, &anyway)
        }
        Command::Serve {
            site,
            port,
            bind,
            open,
            timings,
        } => {
            let port = port.map_or(
                quire::serve::PortChoice::FirstFree(quire::serve::DEFAULT_PORT),
                quire::serve::PortChoice::Exact,
            );
            let opts = quire::serve::ServeOptions {
                bind,
                port,
                open,
                timings,
                ..quire::serve::ServeOptions::new(site.options())
            };
            quire::serve::serve(&opts)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Init { dir, github_pages } => {
            run_init(&quire::init::InitOptions { dir, github_pages })
        }
        Command::Languages => {
            print!("{}", quire::highlight::listing());
            Ok(ExitCode::SUCCESS)
        }
        Command::Export {
            what: Export::Anki { site, out },
        } => run_export_anki(&site.options(), &out),
    }
}

fn run_build(opts: &Options, quiet: bool, timings: bool) -> Result<ExitCode, Error> {
    let reporter = opts.progress.clone().map(show_progress);
    let result = quire::build(opts);
    if let Some((progress, handle)) = reporter {
        progress.finish();
        let _ = handle.join();
    }
    let report = result?;
    print_diagnostics(&report.warnings);
    if timings {
        println!("{}", report.timings.report());
    }
    if !quiet {
        println!("{} → {}", report.summary(), report.out_dir.display());
        if report.permalinks_updated {
            println!("updated permalinks.lock: commit it with the content");
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn run_check(opts: &Options, anyway: &str) -> Result<ExitCode, Error> {
    let diags = quire::check(opts)?;
    print_diagnostics(&diags);
    let errors = diags.iter().filter(|d| d.is_error()).count();
    eprintln!(
        "{} error{}, {} warning{}",
        errors,
        plural(errors),
        diags.len() - errors,
        plural(diags.len() - errors)
    );
    if only_broken_links(&diags) {
        eprintln!("{anyway}");
    }
    Ok(if errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn run_init(opts: &quire::init::InitOptions) -> Result<ExitCode, Error> {
    let report = quire::init::init_site(opts)?;
    println!("Created a quire site in {}:", opts.dir.display());
    for file in &report.written {
        let note = if file == ".gitignore" && report.gitignore_extended {
            " (added public/ and .quire-cache/)"
        } else {
            ""
        };
        println!("  {file}{note}");
    }
    print!("{}", quire::init::next_steps(opts));
    Ok(ExitCode::SUCCESS)
}

fn run_export_anki(opts: &Options, out: &std::path::Path) -> Result<ExitCode, Error> {
    let (text, cards) = quire::export_anki(opts)?;
    if out.as_os_str() == "-" {
        print!("{text}");
    } else {
        std::fs::write(out, text).map_err(|e| Error::io(out, e))?;
        eprintln!(
            "wrote {cards} card{} to {} (in Anki: File › Import)",
            plural(cards),
            out.display()
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// Prints `stage: done/total pages` on the terminal while a build runs longer than a second.
fn show_progress(progress: Arc<Progress>) -> (Arc<Progress>, std::thread::JoinHandle<()>) {
    let shown = Arc::clone(&progress);
    let handle = std::thread::spawn(move || {
        let start = std::time::Instant::now();
        let mut printed = false;
        while !shown.is_finished() {
            std::thread::sleep(std::time::Duration::from_millis(100));
            if start.elapsed().as_secs_f64() < 1.0 || shown.is_finished() {
                continue;
            }
            let (stage, done, total) = shown.snapshot();
            eprint!("\r\x1b[2K{stage}: {done}/{total} pages");
            printed = true;
        }
        if printed {
            eprint!("\r\x1b[2K");
        }
    });
    (progress, handle)
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn print_diagnostics(diags: &[Diagnostic]) {
    for d in diags {
        eprintln!("{d}");
    }
}

/// The command that builds this site although its links are broken.
fn build_anyway(site: &SiteArgs) -> String {
    let root = if site.root == std::path::Path::new(".") {
        String::new()
    } else {
        format!(" --root {}", site.root.display())
    };
    format!("to build anyway: quire build{root} --broken-links warn")
}

/// There are errors, and every one is a broken link (so `--broken-links warn` builds).
fn only_broken_links(diags: &[Diagnostic]) -> bool {
    let mut errors = diags.iter().filter(|d| d.is_error()).peekable();
    errors.peek().is_some() && errors.all(Diagnostic::is_broken_link)
}

fn report_error(e: &Error, anyway: Option<&str>, writes: bool) {
    let diags = e.diagnostics();
    if diags.is_empty() {
        eprintln!("error: {e}");
        let mut source = std::error::Error::source(e);
        while let Some(cause) = source {
            eprintln!("  caused by: {cause}");
            source = cause.source();
        }
    } else {
        let mut diags = diags;
        quire::diag::sort_diagnostics(&mut diags);
        print_diagnostics(&diags);
        // The diagnostics are printed above: the last line only sums them up.
        let summary = match e {
            Error::Config(_) => "the configuration has an error".to_string(),
            _ => e.to_string(),
        };
        if writes {
            eprintln!("error: {summary}; the previous output was left as it was");
        } else {
            eprintln!("error: {summary}");
        }
        if let Some(line) = anyway.filter(|_| only_broken_links(&diags)) {
            eprintln!("{line}");
        }
    }
}

#[cfg(all(test, target_os = "linux", target_env = "gnu"))]
mod tests {
    use std::ffi::{CStr, c_void};

    /// One of jemalloc's options as this program runs with them.
    fn option<T: Default>(name: &CStr) -> T {
        let mut value = T::default();
        let mut len = size_of::<T>();
        // SAFETY: `value` is a T of `len` bytes, the type jemalloc documents for `name`.
        let status = unsafe {
            tikv_jemalloc_sys::mallctl(
                name.as_ptr(),
                (&raw mut value).cast::<c_void>(),
                &mut len,
                std::ptr::null_mut(),
                0,
            )
        };
        assert_eq!(status, 0, "mallctl {name:?}");
        value
    }

    /// jemalloc reads `ALLOCATOR_OPTIONS`: the symbol's name must be the one the build of
    /// jemalloc looks for (`malloc_conf` unprefixed, `_rjem_malloc_conf` prefixed), else it
    /// silently runs with its defaults and `serve` holds freed memory for longer.
    #[test]
    fn jemalloc_runs_with_our_options() {
        assert!(option::<bool>(c"opt.background_thread"));
        assert_eq!(option::<isize>(c"opt.dirty_decay_ms"), 1000);
        assert_eq!(option::<isize>(c"opt.muzzy_decay_ms"), 0);
    }
}

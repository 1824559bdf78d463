//! The `quire` command line: parses arguments, calls the library, prints results.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
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
    },
    /// Report every problem (broken links, duplicate ids, unknown languages…) without writing.
    Check {
        #[command(flatten)]
        site: SiteArgs,
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
    match run(cli.command) {
        Ok(code) => code,
        Err(e) => {
            report_error(&e);
            ExitCode::from(if matches!(e, Error::Usage(_)) { 2 } else { 1 })
        }
    }
}

fn run(command: Command) -> Result<ExitCode, Error> {
    match command {
        Command::Build { site, out, quiet } => {
            let opts = Options {
                root: site.root,
                out,
                base_url: site.base_url,
            };
            let report = quire::build(&opts)?;
            print_diagnostics(&report.output.warnings);
            if !quiet {
                println!("{} → {}", report.summary(), report.out_dir.display());
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Check { site } => {
            let opts = Options {
                root: site.root,
                out: None,
                base_url: site.base_url,
            };
            let diags = quire::check(&opts)?;
            print_diagnostics(&diags);
            let errors = diags.iter().filter(|d| d.is_error()).count();
            eprintln!(
                "{} error{}, {} warning{}",
                errors,
                plural(errors),
                diags.len() - errors,
                plural(diags.len() - errors)
            );
            Ok(if errors > 0 {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            })
        }
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn print_diagnostics(diags: &[Diagnostic]) {
    for d in diags {
        eprintln!("{d}");
    }
}

fn report_error(e: &Error) {
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
        eprintln!("error: {e}; the previous output was left as it was");
    }
}

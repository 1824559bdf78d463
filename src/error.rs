//! The library's error type: failures that stop a command (as opposed to content
//! [`Diagnostic`](crate::diag::Diagnostic)s, which are collected and reported together).

use std::path::PathBuf;

use crate::diag::Diagnostic;

/// Everything that can stop `build`, `check` or `serve`.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{path}: {source}")]
    /// Reading or writing `path` failed.
    Io {
        /// The file or folder, as given (relative paths stay relative).
        path: PathBuf,
        #[source]
        /// What the system said.
        source: std::io::Error,
    },
    #[error("{0}")]
    /// `site.toml` cannot be used, at its line.
    Config(Diagnostic),
    #[error("the content has {} error(s)", .0.iter().filter(|d| d.is_error()).count())]
    /// The content has errors: every diagnostic of the build, warnings included.
    Content(Vec<Diagnostic>),
    /// A template that does not compile or render, at its file and line.
    #[error("a template has an error")]
    Template(Diagnostic),
    /// Writing the site into this output folder could destroy something: it is the site
    /// root or holds it, it is inside `content/`, `templates/` or `static/`, or it is a
    /// folder with files that quire did not create.
    #[error("refusing to write the site into {path}: {reason}")]
    UnsafeOutput {
        /// The output folder given.
        path: PathBuf,
        /// Why it is refused, and what to give instead.
        reason: String,
    },
    #[error("{0}")]
    /// The command cannot run as asked (no `content/` folder, say); the text says what to do.
    Usage(String),
    #[error(
        "{path} already exists: quire init only creates a new site, so nothing was changed; \
         give it a new or empty folder (quire init my-guide)"
    )]
    /// `quire init` would overwrite a file that exists (it never changes an existing site).
    InitRefused {
        /// The first such file.
        path: PathBuf,
    },
}

impl Error {
    /// An IO error about `path` (the path is what the message starts with).
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }

    /// The diagnostics carried by this error, if any (content and configuration errors).
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        match self {
            Error::Content(d) => d.clone(),
            Error::Config(d) | Error::Template(d) => vec![d.clone()],
            _ => Vec::new(),
        }
    }
}

/// The library's result: its [`Error`] unless said otherwise.
pub type Result<T, E = Error> = std::result::Result<T, E>;

//! The library's error type: failures that stop a command (as opposed to content
//! [`Diagnostic`](crate::diag::Diagnostic)s, which are collected and reported together).

use std::path::PathBuf;

use crate::diag::Diagnostic;

/// Everything that can stop `build`, `check` or `serve`.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{0}")]
    Config(Diagnostic),
    #[error("the content has {} error(s)", .0.iter().filter(|d| d.is_error()).count())]
    Content(Vec<Diagnostic>),
    /// A template that does not compile or render, at its file and line.
    #[error("a template has an error")]
    Template(Diagnostic),
    #[error("refusing to write the site into {path}: {reason}")]
    UnsafeOutput { path: PathBuf, reason: String },
    #[error("{0}")]
    Usage(String),
    #[error(
        "{path} already exists: quire init only creates a new site, so nothing was changed; \
         give it a new or empty folder (quire init my-guide)"
    )]
    InitRefused { path: PathBuf },
}

impl Error {
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

pub type Result<T, E = Error> = std::result::Result<T, E>;

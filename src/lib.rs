//! quire: a static site generator for interview guides.
//!
//! [`build`] runs the pipeline; each stage is one module, and each takes a finished value
//! and returns a new one:
//! 1. load: [`config`] (`site.toml` → [`config::Config`]) and [`source`] (walk `content/`,
//!    split front matter); the templates are compiled meanwhile (`assets`, `render`)
//! 2. parse: [`parse`], Markdown → [`model::Site`] (pages, sections, code examples,
//!    questions, ids, share keys, resolved links); `model` is plain data
//! 3. plan: `permalinks` (`permalinks.lock` checked, aliases resolved) and what each page
//!    depends on, fingerprinted (what a rebuild may reuse)
//! 4. highlight: [`highlight`], code → token-classed HTML (`cache` keeps it between builds)
//! 5. render: `render`, the site → pages through Tera templates; beside it [`search`] (the
//!    index) and `exports` (`questions.json`, `examples.json`)
//! 6. links: redirects for aliases, static files, and clashes between files
//! 7. write: `output`, atomically (and `permalinks.lock`, after a good build)
//!
//! [`build_site`] runs 1–6 into memory (used by tests; `serve` keeps a [`Session`]);
//! [`build()`] also writes; [`check`] runs everything but writing and returns every
//! diagnostic. See `docs/architecture.md` for where state lives between builds.

mod assets;
mod brand;
pub mod build;
mod cache;
pub mod config;
pub mod diag;
mod diagrams;
mod error;
mod exports;
mod front_matter;
pub mod highlight;
mod history;
mod html;
pub mod i18n;
pub mod init;
pub mod keep;
pub mod model;
mod output;
pub mod parse;
mod permalinks;
mod previous;
pub mod progress;
mod pycheck;
mod render;
pub mod search;
pub mod serve;
mod slug;
pub mod source;
mod translations;
mod unchanged;
mod yaml_guard;

pub use build::{BuildReport, Options, Output, Session, Timings};
pub use build::{build, build_site, build_site_cached, check, export_anki};
pub use diag::{Diagnostic, Location, Severity};
pub use error::{Error, Result};

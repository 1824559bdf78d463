//! quire: a static documentation site generator for interview guides.
pub mod highlight;
pub mod config;
pub mod diag;
pub mod error;
pub mod model;
pub mod parse;
pub mod slug;
pub mod source;

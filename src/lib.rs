//! quire: a static documentation site generator for interview guides.
pub mod highlight;

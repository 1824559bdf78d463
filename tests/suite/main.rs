//! Integration tests: one fixture site per behaviour under `tests/fixtures/`, plus the
//! bundled guide. Golden `<main>` fragments are insta snapshots in `suite/snapshots/`.

mod errors;
mod fixtures;
mod guide;
mod props;
mod scale;
mod support;

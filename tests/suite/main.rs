//! Integration tests: one fixture site per behaviour under `tests/fixtures/`, plus the
//! bundled guide. Golden `<main>` fragments are insta snapshots in `suite/snapshots/`.

mod answers;
mod architecture;
mod brand;
mod changes;
mod deploy;
mod dialects;
mod errors;
mod fixtures;
mod guide;
mod init;
mod interface;
mod languages;
mod links;
mod props;
mod props_http;
mod props_site;
mod reliability;
mod scale;
mod support;
mod unchanged;

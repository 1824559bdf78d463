//! The search index of the bundled guide through the library: deterministic bytes, every
//! document kind present, sizes in bounds; plus an ignored timing probe for the bench
//! (`QUIRE_SEARCH_BENCH_ROOT=DIR cargo test --release --test search_index -- --ignored
//! --nocapture`).

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use quire::model::Site;
use quire::search::{index, search_files, shard};

fn load(root: &Path) -> Site {
    let config = quire::config::load_config(root).expect("site.toml");
    let (sources, _) = quire::source::walk_sources(root).expect("sources");
    let (site, diags) = quire::parse::parse_site(config, &sources);
    assert!(!diags.iter().any(|d| d.is_error()), "{diags:?}");
    site
}

fn guide() -> Site {
    load(&PathBuf::from(env!("CARGO_MANIFEST_DIR")))
}

#[test]
fn guide_index_is_deterministic_and_complete() {
    let site = guide();
    let a = search_files(&site);
    let b = search_files(&guide());
    assert_eq!(
        a, b,
        "two builds of the same site give the same index bytes"
    );
    let docs = index::collect_documents(&site);
    let c = site.counts();
    let kind = |k: index::Kind| docs.iter().filter(|d| d.kind == k).count();
    assert_eq!(kind(index::Kind::Page), c.pages);
    assert_eq!(kind(index::Kind::Example), c.examples);
    assert_eq!(
        kind(index::Kind::Question) + kind(index::Kind::Section),
        c.questions + c.sections
    );
    assert!(
        docs.iter().all(|d| d.url.contains(".html#")),
        "every document lands on an anchor"
    );
    assert!(
        docs.iter()
            .filter(|d| d.kind != index::Kind::Page)
            .all(|d| !d.crumb.is_empty())
    );
    // Small files: a first query fetches a few of them, never the whole index.
    let biggest = a
        .iter()
        .filter(|(p, _)| p.contains("/t"))
        .map(|(_, b)| b.len())
        .max()
        .unwrap_or(0);
    assert!(
        biggest < 4 * shard::TERM_SHARD_BYTES,
        "largest term shard {biggest} bytes"
    );
    let total: usize = a.iter().map(|(_, b)| b.len()).sum();
    let guide_bytes = std::fs::metadata(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("content/python-interview-guide.md"),
    )
    .expect("guide")
    .len();
    assert!(
        (total as u64) < 4 * guide_bytes,
        "index {total} bytes for a {guide_bytes}-byte guide"
    );
}

#[test]
fn build_site_writes_the_index_and_the_results_page() {
    let opts = quire::Options {
        root: PathBuf::from(env!("CARGO_MANIFEST_DIR")),
        ..Default::default()
    };
    let out = quire::build_site(&opts).expect("build");
    assert!(out.files.contains_key("search/meta.js"));
    assert!(out.files.contains_key("search.html"));
    assert!(out.files.contains_key("assets/search.js"));
    let page = String::from_utf8(out.files["gil-and-concurrency.html"].to_vec()).expect("utf-8");
    assert!(
        page.contains(r#"id="search-input""#) && page.contains("assets/search.js"),
        "every page has the search field (its script makes it a combobox)"
    );
}

/// Times each search stage (best of 5) on `QUIRE_SEARCH_BENCH_ROOT`.
#[test]
#[ignore = "timing probe for bench/search_bench.sh"]
fn search_stage_timing() {
    let Some(root) = std::env::var_os("QUIRE_SEARCH_BENCH_ROOT") else {
        return;
    };
    let site = load(Path::new(&root));
    let best = |f: &dyn Fn()| {
        (0..5)
            .map(|_| {
                let t = Instant::now();
                f();
                t.elapsed()
            })
            .min()
            .unwrap_or(Duration::ZERO)
    };
    let docs = index::collect_documents(&site);
    let inverted = index::invert(&docs, true);
    let t_docs = best(&|| {
        index::collect_documents(&site);
    });
    let t_invert = best(&|| {
        index::invert(&docs, true);
    });
    let t_files = best(&|| {
        shard::index_files(&inverted, &docs, true);
    });
    let t_total = best(&|| {
        search_files(&site);
    });
    println!(
        "search stage: documents {:.1} ms, invert {:.1} ms, files {:.1} ms, total {:.1} ms ({} docs, {} terms, {} threads)",
        t_docs.as_secs_f64() * 1e3,
        t_invert.as_secs_f64() * 1e3,
        t_files.as_secs_f64() * 1e3,
        t_total.as_secs_f64() * 1e3,
        docs.len(),
        inverted.terms.len(),
        rayon::current_num_threads()
    );
}

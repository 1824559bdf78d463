//! Search in a real browser: builds the bundled guide with the `quire` binary and runs
//! `tests/browser/search.mjs` on it in headless Chromium — the query set typed into the real
//! search box over HTTP and from `file://` (top-1 and top-5 asserted), `/` and Ctrl+K,
//! arrow keys and Enter landing on the anchor with the terms marked, escaping of hostile
//! queries and snippets, `search.html?q=`, axe in light and dark, 360 px, a sub-path, no
//! request to another host, and the JavaScript tokenizer and stemmer against the Rust ones.
//!
//! Needs `node`, `/usr/bin/chromium` and `tests/browser/node_modules` (`bash .ci/run`
//! installs them). Without them this test FAILS; `QUIRE_SKIP_BROWSER=1` skips it on purpose.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

mod browser_support;
use browser_support::{copy_tree, output_text as text, repo, require_tools, skip_requested};

use quire::search::tokenize::{stem, terms, words};

/// Words whose stems exercise every Snowball step and exception.
const STEM_SAMPLES: &[&str] = &[
    "generously",
    "generate",
    "communism",
    "communication",
    "arsenal",
    "skis",
    "skies",
    "dying",
    "lying",
    "tying",
    "idly",
    "gently",
    "ugly",
    "early",
    "only",
    "singly",
    "sky",
    "news",
    "howe",
    "atlas",
    "cosmos",
    "bias",
    "andes",
    "inning",
    "innings",
    "outing",
    "canning",
    "herring",
    "earring",
    "proceed",
    "exceed",
    "succeed",
    "cries",
    "ties",
    "gaps",
    "gas",
    "kiwis",
    "caresses",
    "ponies",
    "hoped",
    "hopping",
    "fizzed",
    "failing",
    "filing",
    "tanned",
    "feed",
    "agreed",
    "luxuriating",
    "conditional",
    "rational",
    "valenci",
    "hesitanci",
    "digitizer",
    "conformabli",
    "radicalli",
    "differentli",
    "vileli",
    "analogousli",
    "vietnamization",
    "predication",
    "operator",
    "feudalism",
    "decisiveness",
    "hopefulness",
    "callousness",
    "formaliti",
    "sensitiviti",
    "sensibiliti",
    "archaeology",
    "triplicate",
    "formative",
    "formalize",
    "electriciti",
    "electrical",
    "hopeful",
    "goodness",
    "revival",
    "allowance",
    "inference",
    "airliner",
    "gyroscopic",
    "adjustable",
    "defensible",
    "irritant",
    "replacement",
    "adjustment",
    "dependent",
    "adoption",
    "homologous",
    "activate",
    "angulariti",
    "effective",
    "bowdlerize",
    "yes",
    "say",
    "enjoying",
    "yell",
    "boy",
    "toy",
    "happy",
    "crying",
    "sly",
    "spying",
    "eyeing",
    "yaying",
    "gathering",
    "gathered",
    "gathers",
    "closures",
    "decorators",
    "decorated",
    "asynchronous",
    "threading",
    "generators",
    "consistently",
    "controllable",
    "fluently",
    "cheerfully",
    "bleed",
    "bleeding",
    "abeyance",
    "agreement",
    "abilities",
    "quickly",
    "opening",
    "visiting",
    "emerged",
    "mice",
    "aaa",
    "aed",
    "ing",
    "ed",
];

/// Texts whose tokens exercise every tokenizer rule.
const TOKEN_SAMPLES: &[&str] = &[
    "loop.run_in_executor(None, blocking)",
    "WeakValueDictionary HTTPServer getHTTPResponse2 ThreadPoolExecutor",
    "__slots__ __init__ obj.__dict__ _private __ ___",
    "asyncio.gather(*tasks) and asyncio.wait(); Python 3.12. End.",
    "What's the difference? doesn\u{2019}t 'quoted' rock'n'roll",
    "并发编程 GIL是全局锁 非同期 処理 字 ひらがなカタカナ 한국어 텍스트",
    "naïve café Straße ΟΔΟΣ Привет мир İstanbul ǅemal",
    "x < pivot && y >= 0 -> <script>alert(1)</script> a_b-c.d e.g. i.e.",
    "with yield is not in global async await lambda nonlocal",
    "αβγ_δ ＡＢＣ ｶﾀｶﾅ 𠀀𠀁 emoji 🎉 tabs\tand\nnewlines",
];

fn parity_file(dir: &Path) -> PathBuf {
    let guide =
        std::fs::read_to_string(repo().join("content/python-interview-guide.md")).expect("guide");
    let mut vocab: Vec<String> = terms(&guide)
        .into_iter()
        .filter(|t| t.bytes().all(|b| b.is_ascii_lowercase()))
        .collect();
    vocab.extend(STEM_SAMPLES.iter().map(|s| s.to_string()));
    // Suffixed forms reach the later steps of the stemmer.
    let base: Vec<String> = vocab.clone();
    for w in base.iter().filter(|w| w.len() > 3).step_by(3) {
        for suffix in [
            "s", "ed", "ing", "ly", "ness", "ation", "ational", "izer", "fulness", "ement",
            "iveness",
        ] {
            vocab.push(format!("{w}{suffix}"));
        }
    }
    vocab.sort();
    vocab.dedup();
    let stems: Vec<(String, String)> = vocab
        .iter()
        .map(|w| (w.clone(), stem(w).into_owned()))
        .collect();
    let mut texts: Vec<String> = TOKEN_SAMPLES.iter().map(|s| s.to_string()).collect();
    texts.extend(
        guide
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(str::to_string),
    );
    let tokens: Vec<(String, Vec<Vec<String>>)> = texts
        .into_iter()
        .map(|t| {
            let w = words(&t).into_iter().map(|w| w.terms).collect();
            (t, w)
        })
        .collect();
    let json = serde_json::json!({ "stems": stems, "tokens": tokens });
    let path = dir.join("parity.json");
    std::fs::write(&path, json.to_string()).expect("write parity.json");
    path
}

fn node(args: &[&Path]) -> Output {
    Command::new("node")
        .arg(repo().join("tests/browser/search.mjs"))
        .args(args)
        .current_dir(repo())
        .output()
        .expect("run node")
}

#[test]
fn search_in_chromium() {
    if skip_requested(
        "QUIRE_SKIP_BROWSER=1: the search browser checks (tests/search_browser.rs) were SKIPPED",
    ) {
        return;
    }
    require_tools(
        "the search browser checks",
        &["playwright-core", "axe-core"],
        false,
    );
    let tmp = tempfile::tempdir().expect("tempdir");
    let site = tmp.path().join("site");
    let built = Command::new(env!("CARGO_BIN_EXE_quire"))
        .args(["build", "--root"])
        .arg(repo())
        .arg("--out")
        .arg(&site)
        .output()
        .expect("run quire");
    assert!(
        built.status.success(),
        "quire build failed\n{}",
        text(&built)
    );
    let parity = parity_file(tmp.path());

    let out = node(&[&site, Path::new("--parity"), &parity]);
    println!("{}", text(&out));
    assert!(out.status.success(), "search checks failed\n{}", text(&out));

    let held_out = repo().join("tests/browser/search-queries-heldout.json");
    let out = node(&[
        &site,
        Path::new("--quality-only"),
        Path::new("--queries"),
        &held_out,
    ]);
    println!("{}", text(&out));
    assert!(
        out.status.success(),
        "held-out query set below the bar\n{}",
        text(&out)
    );
}

/// One query per ranking rule (title > body, question > body, proximity, stemming, kept
/// keywords, CJK, dunder/CamelCase/dotted parts, one and two typos, prefix, caption) on
/// the tiny site in `tests/browser/search-ranking/`: every expected result must come first.
#[test]
fn ranking_rules_in_chromium() {
    if skip_requested("QUIRE_SKIP_BROWSER=1: the search ranking checks were SKIPPED") {
        return;
    }
    require_tools(
        "the search ranking checks",
        &["playwright-core", "axe-core"],
        false,
    );
    let tmp = tempfile::tempdir().expect("tempdir");
    let fixture = repo().join("tests/browser/search-ranking");
    let root = tmp.path().join("src");
    copy_tree(&fixture, &root);
    let site = tmp.path().join("site");
    let built = Command::new(env!("CARGO_BIN_EXE_quire"))
        .args(["build", "--root"])
        .arg(&root)
        .arg("--out")
        .arg(&site)
        .output()
        .expect("run quire");
    assert!(
        built.status.success(),
        "quire build failed\n{}",
        text(&built)
    );
    let queries = fixture.join("queries.json");
    let one = Path::new("1");
    let out = node(&[
        &site,
        Path::new("--quality-only"),
        Path::new("--queries"),
        &queries,
        Path::new("--min-top1"),
        one,
        Path::new("--min-top5"),
        one,
    ]);
    println!("{}", text(&out));
    assert!(
        out.status.success(),
        "a ranking rule failed\n{}",
        text(&out)
    );
}

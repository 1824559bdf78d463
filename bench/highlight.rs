//! Highlighting throughput on the bundled guide's Python: `cargo bench --bench highlight`.
//!
//! Prints MB/s of code for quire's highlighter (one thread and all cores), for syntect's
//! parser alone (the floor for any highlighter built on it), the HTML-to-code size ratio,
//! and what loading each grammar set costs.

use std::hint::black_box;
use std::time::Instant;

use rayon::prelude::*;
use syntect::parsing::{ParseState, ScopeStack, SyntaxSet};

/// The ```python fences of the bundled guide.
fn guide_python_blocks() -> Vec<String> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/content/python-interview-guide.md"
    );
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let mut blocks = Vec::new();
    let mut current: Option<String> = None;
    for line in text.lines() {
        match current.as_mut() {
            None if line.trim_start().starts_with("```python") => current = Some(String::new()),
            Some(_) if line.trim_start().starts_with("```") => blocks.extend(current.take()),
            Some(block) => {
                block.push_str(line);
                block.push('\n');
            }
            None => {}
        }
    }
    blocks
}

/// Runs `f` `rounds` times and prints its throughput; returns its last result.
fn time<F: FnMut() -> usize>(label: &str, code_bytes: usize, rounds: usize, mut f: F) -> usize {
    let start = Instant::now();
    let mut out = 0;
    for _ in 0..rounds {
        out = black_box(f());
    }
    let secs = start.elapsed().as_secs_f64();
    let mbps = (code_bytes * rounds) as f64 / secs / 1e6;
    println!(
        "{label:<28} {mbps:7.2} MB/s of code ({:.1} ms/round)",
        secs * 1e3 / rounds as f64
    );
    out
}

/// Parsing only (no classification, no HTML): syntect's scope operations for `code`.
fn parse_only(set: &SyntaxSet, code: &str) -> usize {
    let Some(syntax) = set.find_syntax_by_token("py") else {
        return 0;
    };
    let mut parser = ParseState::new(syntax);
    let mut stack = ScopeStack::new();
    let mut ops_count = 0;
    for line in code.lines() {
        let ops = parser
            .parse_line(&format!("{line}\n"), set)
            .unwrap_or_default();
        ops_count += ops.len();
        for (_, op) in &ops {
            let _ = stack.apply(op);
        }
    }
    ops_count
}

/// Total HTML bytes (one newline per line) of highlighting `blocks` as Python.
fn html_bytes(block: &str) -> usize {
    quire::highlight::highlight_lines("python", block)
        .map_or(0, |lines| lines.iter().map(|l| l.len() + 1).sum())
}

fn main() {
    let start = Instant::now();
    let syntect = SyntaxSet::load_defaults_newlines();
    println!("load syntect's grammars       {:?}", start.elapsed());
    let start = Instant::now();
    black_box(two_face::syntax::extra_newlines());
    println!("load bat's grammars           {:?}", start.elapsed());

    let blocks = guide_python_blocks();
    let code_bytes: usize = blocks.iter().map(String::len).sum();
    println!(
        "guide: {} python blocks, {code_bytes} bytes of code",
        blocks.len()
    );
    if code_bytes == 0 {
        eprintln!("no Python blocks found in content/python-interview-guide.md");
        std::process::exit(1);
    }
    let rounds = 20;
    // Each round starts from an empty line memo, as a build does.
    let ours = time("quire highlight_lines", code_bytes, rounds, || {
        quire::highlight::forget_lines();
        blocks.iter().map(|b| html_bytes(b)).sum()
    });
    let par = time("quire (rayon, par_iter)", code_bytes, rounds, || {
        rayon::broadcast(|_| quire::highlight::forget_lines());
        blocks.par_iter().map(|b| html_bytes(b)).sum()
    });
    assert_eq!(ours, par, "parallel highlighting differs");
    time("syntect parse only", code_bytes, rounds, || {
        blocks.iter().map(|b| parse_only(&syntect, b)).sum()
    });
    println!(
        "HTML/code size: {:.2}x ({ours} HTML bytes)",
        ours as f64 / code_bytes as f64
    );
}

//! A real Python syntax check of the Python code examples.
//!
//! Every ```` ```python ```` block (except ```` ```python no-check ````) is compiled by
//! CPython's own `compile()`: all blocks go to one `python3` process as JSON over stdin, so
//! the check costs one interpreter start, whatever the number of examples. A syntax error is
//! reported at the file:line:col of the offending line inside the fence. Top-level `await`
//! is allowed (examples often show it), and a doctest-style block (`>>> `) is checked
//! without its prompts and output. Without `python3` (or `QUIRE_PYTHON`), one warning says
//! the check was skipped.
//!
//! `quire check` reports syntax errors as errors (exit 1) and says when the check could not
//! run. `quire build` runs the same check on another thread beside highlighting and
//! rendering (it waits only for what is left of the interpreter's start-up),
//! reports syntax errors as warnings and still writes the site; without an interpreter it
//! skips the check silently.

use std::collections::HashMap;
use std::io::Write;
use std::process::{Command, Stdio};
use std::sync::Mutex;

use serde::Deserialize;

use crate::diag::{Diagnostic, Location, Severity};
use crate::model::{CodeBlock, Site};

/// The interpreter: `QUIRE_PYTHON` if set, else `python3` on the PATH.
pub(crate) fn python_command() -> String {
    std::env::var("QUIRE_PYTHON")
        .ok()
        .filter(|p| !p.trim().is_empty())
        .unwrap_or_else(|| "python3".into())
}

const SCRIPT: &str = r#"
import ast, json, sys, warnings
warnings.simplefilter("ignore")
flags = getattr(ast, "PyCF_ALLOW_TOP_LEVEL_AWAIT", 0)
def doctest_source(src):
    out = []
    for line in src.split("\n"):
        s = line.lstrip()
        if s.startswith(">>> ") or s.startswith("... "):
            out.append(s[4:])
        else:
            out.append("")
    return "\n".join(out)
result = []
for src in json.load(sys.stdin):
    first = next((l for l in src.split("\n") if l.strip()), "")
    shift = 0
    if first.lstrip().startswith(">>>"):
        src, shift = doctest_source(src), 4
    try:
        compile(src, "<example>", "exec", flags=flags, dont_inherit=True)
        result.append(None)
    except SyntaxError as e:
        result.append({"line": e.lineno or 1, "col": (e.offset or 1) + shift, "msg": e.msg})
    except (ValueError, OverflowError, MemoryError, RecursionError) as e:
        result.append({"line": 1, "col": 1, "msg": str(e)})
json.dump(result, sys.stdout)
"#;

#[derive(Debug, Clone, Deserialize)]
struct PyError {
    line: u32,
    col: u32,
    msg: String,
}

/// The Python examples that are checked.
pub(crate) fn python_examples(site: &Site) -> Vec<&CodeBlock> {
    site.examples()
        .into_iter()
        .map(|(_, _, c)| c)
        .filter(|c| c.language == "python" && !c.no_check)
        .collect()
}

/// Checks every Python example (`quire check`); syntax errors come back with `severity`. A
/// missing or failing interpreter gives one warning (at the first example) instead.
pub(crate) fn check_python(site: &Site, severity: Severity) -> Vec<Diagnostic> {
    let blocks: Vec<CodeBlock> = python_examples(site).into_iter().cloned().collect();
    check_blocks(&blocks, severity, true)
}

fn check_blocks(blocks: &[CodeBlock], severity: Severity, say_skipped: bool) -> Vec<Diagnostic> {
    let Some(first) = blocks.first() else {
        return Vec::new();
    };
    let python = python_command();
    match compile_all(&python, blocks) {
        Ok(results) => blocks
            .iter()
            .zip(results)
            .filter_map(|(block, err)| err.map(|e| syntax_diagnostic(block, &e, severity)))
            .collect(),
        Err(_) if !say_skipped => Vec::new(),
        Err(why) => vec![Diagnostic::warning(
            first.location.clone(),
            format!(
                "the Python syntax check of {} example{} was skipped: {why}; install Python 3 or set QUIRE_PYTHON to an interpreter",
                blocks.len(),
                if blocks.len() == 1 { "" } else { "s" }
            ),
        )],
    }
}

/// Results already known in this process, by (interpreter, code) hash: compiling is a pure
/// function of the code, so a rebuild (`quire serve`) only runs Python for changed examples.
static KNOWN: Mutex<Option<HashMap<u128, Option<PyError>>>> = Mutex::new(None);

/// One result per block (`None`: it compiles); Python runs only for blocks not known yet.
fn compile_all(python: &str, blocks: &[CodeBlock]) -> Result<Vec<Option<PyError>>, String> {
    let keys: Vec<u128> = blocks
        .iter()
        .map(|b| xxhash_rust::xxh3::xxh3_128(format!("{python}\0{}", b.code).as_bytes()))
        .collect();
    let known = |k: &u128| {
        KNOWN
            .lock()
            .ok()
            .and_then(|m| m.as_ref().and_then(|m| m.get(k).cloned()))
    };
    let missing: Vec<usize> = (0..blocks.len())
        .filter(|&i| known(&keys[i]).is_none())
        .collect();
    if !missing.is_empty() {
        let codes: Vec<&str> = missing.iter().map(|&i| blocks[i].code.as_str()).collect();
        let results = run_python(python, &codes)?;
        if let Ok(mut map) = KNOWN.lock() {
            let map = map.get_or_insert_with(HashMap::new);
            for (&i, result) in missing.iter().zip(results) {
                map.insert(keys[i], result);
            }
        }
    }
    keys.iter()
        .map(|k| known(k).ok_or_else(|| "no result".to_string()))
        .collect()
}

fn syntax_diagnostic(block: &CodeBlock, e: &PyError, severity: Severity) -> Diagnostic {
    // The code starts on the line after the opening fence; an indented fence (in a list)
    // has its code indented as much in the file.
    let location = Location {
        file: block.location.file.clone(),
        line: block.location.line + e.line.max(1),
        col: block.location.col.saturating_sub(1) + e.col.max(1),
    };
    let message = format!(
        "Python syntax error: {}; if the example is partial on purpose, mark it ```python no-check",
        e.msg
    );
    Diagnostic {
        severity,
        location,
        message,
    }
}

/// Compiles `codes` in one `python` process; one result per code, `None` when it compiles.
fn run_python(python: &str, codes: &[&str]) -> Result<Vec<Option<PyError>>, String> {
    let input = serde_json::to_vec(codes).map_err(|e| e.to_string())?;
    let mut child = Command::new(python)
        .arg("-c")
        .arg(SCRIPT)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("could not run `{python}` ({e})"))?;
    let mut stdin = child.stdin.take().ok_or("no stdin")?;
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let output = child
        .wait_with_output()
        .map_err(|e| format!("`{python}` failed ({e})"))?;
    let _ = writer.join();
    if !output.status.success() {
        let err = String::from_utf8_lossy(&output.stderr);
        let last = err.lines().last().unwrap_or("no message");
        return Err(format!("`{python}` exited with {} ({last})", output.status));
    }
    let results: Vec<Option<PyError>> = serde_json::from_slice(&output.stdout)
        .map_err(|e| format!("`{python}` gave no usable answer ({e})"))?;
    if results.len() != codes.len() {
        return Err(format!(
            "`{python}` answered for the wrong number of examples"
        ));
    }
    Ok(results)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn python_available() -> bool {
        Command::new(python_command())
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    }

    #[test]
    fn compiles_good_code_and_locates_errors() {
        if !python_available() {
            eprintln!("python3 not found: skipping");
            return;
        }
        let codes = [
            "x = 1\nprint(x)",
            "def f(:\n    pass",
            "await sleep(1)",
            ">>> x = 1\n>>> x\n1",
            "x = 1\n  y = 2",
            "return 5",
        ];
        let r = run_python(&python_command(), &codes).unwrap();
        assert!(r[0].is_none());
        let e = r[1].as_ref().unwrap();
        assert_eq!(e.line, 1, "{}", e.msg);
        assert!(r[2].is_none(), "top-level await is allowed");
        assert!(r[3].is_none(), "doctest prompts are stripped");
        assert_eq!(r[4].as_ref().unwrap().line, 2);
        assert!(r[5].is_some(), "compile() catches what ast.parse does not");
    }

    #[test]
    fn error_lines_count_from_the_fence() {
        let block = CodeBlock {
            id: "ex".into(),
            language: "python".into(),
            code: String::new(),
            caption: None,
            hl_lines: vec![],
            linenos: false,
            no_check: false,
            location: Location {
                file: "content/a.md".into(),
                line: 10,
                col: 4,
            },
        };
        let e = PyError {
            line: 3,
            col: 5,
            msg: "invalid syntax".into(),
        };
        let d = syntax_diagnostic(&block, &e, Severity::Error);
        assert_eq!((d.location.line, d.location.col), (13, 8));
        assert!(
            d.to_string()
                .starts_with("content/a.md:13:8: error: Python syntax error")
        );
    }

    #[test]
    fn a_missing_interpreter_is_an_error_message_not_a_panic() {
        let err = run_python("/nonexistent/python3", &["x = 1"])
            .err()
            .unwrap_or_default();
        assert!(err.contains("could not run"), "{err}");
    }
}

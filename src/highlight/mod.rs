//! Build-time syntax highlighting with a compact token-class scheme.
//!
//! syntect's `ClassedHTMLGenerator` emits one nested `<span>` per scope (about 20 bytes of HTML
//! per byte of code). Instead, this module runs syntect's parser directly
//! ([`ParseState`] + [`ScopeStack`]) and folds every scope stack into one of a handful of token
//! classes ([`scheme`]). Each highlighted run of text gets exactly one element named for its
//! class, `<hl-k>def</hl-k>` (an autonomous custom element: valid HTML, inline, styled by tag
//! name, 13 bytes of markup where `<span class="hl-k">` took 25); adjacent runs of the same
//! class (including the whitespace between them) are merged and plain text gets no element at
//! all. Text is escaped as element content needs (`& < >` only: quotes are plain characters
//! there). Which grammar highlights a fence word is [`languages`]' business.
//!
//! Lines follow [`str::lines`] semantics: split on `\n`, a `\r\n` ending loses its `\r`, and a
//! final line terminator does not produce an extra empty line.

mod console;
mod languages;
mod memo;
mod scheme;

use std::panic::AssertUnwindSafe;

use syntect::parsing::{BasicScopeStackOp, ParseState, ScopeStack, SyntaxReference};

use languages::{CONSOLE, Source, TEXT, find_syntax};
pub use languages::{
    Language, catalog, is_known, listing, normalize_language, unknown_language_hint,
};
pub use memo::forget_lines;
use scheme::{Class, EMIT_OPERATORS, Style, TAGS, rule_for};

/// Version tag of the class scheme (bump when the classification or the grammar sets
/// change: cached highlighting carries it) + syntect's and bat's versions.
const SCHEME_VERSION: &str = "quire-hl-3/syntect-5.3/bat-0.26";

/// Highlights `code` in the normalised language `lang`. Returns one HTML fragment per source line
/// (the line's text HTML-escaped — & < > — wrapped in `<hl-X>` token elements, every element
/// closed at the end of the line, no trailing newline in a fragment). None when the language
/// is unknown.
///
/// A final trailing newline in `code` does not produce an extra empty line, and a `\r\n` line
/// ending loses its `\r` (lines are split like [`str::lines`]). Never panics on any input (on a
/// syntect error it falls back to [`plain_lines`]).
pub fn highlight_lines(lang: &str, code: &str) -> Option<Vec<String>> {
    match lang {
        TEXT => return Some(plain_lines(code)),
        CONSOLE => {
            let plain = |line: &str| plain_lines(line).concat();
            return Some(console::highlight(
                code,
                |c| highlight_lines("bash", c),
                plain,
            ));
        }
        _ => {}
    }
    let (source, syntax) = find_syntax(lang)?;
    // syntect panics on a few pathological inputs; plain text is the better answer.
    let highlighted =
        std::panic::catch_unwind(AssertUnwindSafe(|| highlight_with(source, syntax, code)));
    match highlighted {
        Ok(Some(lines)) => Some(lines),
        _ => Some(plain_lines(code)),
    }
}

/// The same line split with HTML escaping only, for "text" and unknown languages.
pub fn plain_lines(code: &str) -> Vec<String> {
    code.lines()
        .map(|line| {
            let mut out = String::with_capacity(line.len() + line.len() / 8);
            escape_into(&mut out, line);
            out
        })
        .collect()
}

/// The highlighter's state between lines: the grammar set, syntect's parse state and scope
/// stack, and the resolved style of every scope level (`styles[i]` is the style of
/// `scopes[..=i]`).
#[derive(Clone, PartialEq, Eq)]
struct LineState {
    /// Parse states of different sets may look equal: the set is part of the state.
    source: Source,
    parser: ParseState,
    scopes: ScopeStack,
    styles: Vec<Style>,
}

/// Parses and highlights `code`; `None` on any parser error.
fn highlight_with(source: Source, syntax: &SyntaxReference, code: &str) -> Option<Vec<String>> {
    let start = LineState {
        source,
        parser: ParseState::new(syntax),
        scopes: ScopeStack::new(),
        styles: Vec::new(),
    };
    let mut buf = String::new();
    memo::lines(start, code, |state, line| {
        highlight_line(state, line, &mut buf)
    })
}

/// Highlights one line from `state`, leaving `state` as the line leaves it.
fn highlight_line(state: &mut LineState, line: &str, buf: &mut String) -> Option<String> {
    let LineState {
        source,
        parser,
        scopes,
        styles,
    } = state;
    buf.clear();
    buf.push_str(line);
    buf.push('\n');
    let ops = parser.parse_line(buf, source.set()).ok()?;
    let mut writer = LineWriter::with_capacity(line.len() * 3);
    let mut last = 0;
    for (pos, op) in &ops {
        let pos = (*pos).min(line.len());
        if pos > last {
            let current = styles.last().copied().unwrap_or_default();
            writer.segment(line.get(last..pos)?, current.class);
            last = pos;
        }
        scopes
            .apply_with_hook(op, |basic, _| match basic {
                BasicScopeStackOp::Push(scope) => {
                    let parent = styles.last().copied().unwrap_or_default();
                    styles.push(parent.push(rule_for(scope)));
                }
                BasicScopeStackOp::Pop => {
                    styles.pop();
                }
            })
            .ok()?;
    }
    if last < line.len() {
        let current = styles.last().copied().unwrap_or_default();
        writer.segment(line.get(last..)?, current.class);
    }
    Some(writer.finish())
}

/// Builds one line's HTML, merging adjacent runs of the same class into one span.
struct LineWriter {
    out: String,
    /// The class of the currently open span.
    open: Option<Class>,
    /// Plain whitespace seen while a span is open; it joins the span if the next run has the
    /// same class, otherwise it is written after the span is closed.
    pending_ws: String,
}

impl LineWriter {
    fn with_capacity(capacity: usize) -> Self {
        LineWriter {
            out: String::with_capacity(capacity),
            open: None,
            pending_ws: String::new(),
        }
    }

    /// Appends a run of source text with the given class.
    fn segment(&mut self, text: &str, class: Option<Class>) {
        let class = match class {
            Some(Class::Operator) if text.starts_with(|c: char| c.is_alphabetic()) => {
                Some(Class::Keyword)
            }
            Some(Class::Operator) if !EMIT_OPERATORS => None,
            other => other,
        };
        if class.is_none() && self.open.is_some() && is_blank(text) {
            self.pending_ws.push_str(text);
            return;
        }
        if class != self.open {
            self.close();
            if let Some(c) = class {
                self.out.push_str(TAGS[c as usize].0);
            }
            self.open = class;
        }
        self.out.push_str(&self.pending_ws);
        self.pending_ws.clear();
        escape_into(&mut self.out, text);
    }

    /// Closes the open span (if any) and writes the whitespace held back for it.
    fn close(&mut self) {
        if let Some(c) = self.open.take() {
            self.out.push_str(TAGS[c as usize].1);
        }
        self.out.push_str(&self.pending_ws);
        self.pending_ws.clear();
    }

    fn finish(mut self) -> String {
        self.close();
        self.out
    }
}

/// True for a run of spaces and tabs only.
fn is_blank(text: &str) -> bool {
    text.bytes().all(|b| b == b' ' || b == b'\t')
}

/// Appends `text` to `out` escaped as element content: `& < >` (quotes need no escape there,
/// and Python code is full of them).
fn escape_into(out: &mut String, text: &str) {
    let mut start = 0;
    for (i, b) in text.bytes().enumerate() {
        let entity = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            _ => continue,
        };
        out.push_str(&text[start..i]);
        out.push_str(entity);
        start = i + 1;
    }
    out.push_str(&text[start..]);
}

/// The CSS for the token classes in the light and dark themes.
pub fn stylesheet() -> String {
    scheme::stylesheet()
}

/// A string identifying the class scheme and the grammar sets' versions, for cache keys.
pub fn scheme_version() -> &'static str {
    SCHEME_VERSION
}

#[cfg(test)]
mod tests {
    use super::*;

    const PY_SAMPLE: &str = r#"import functools
from dataclasses import dataclass, field
from typing import Optional


@dataclass(frozen=True)
class Point:
    """An immutable 2-D point."""

    x: float = 0.0
    y: float = 0.0

    def distance(self, other: "Point") -> float:
        # Euclidean distance
        return ((self.x - other.x) ** 2 + (self.y - other.y) ** 2) ** 0.5


class LRUCache:
    def __init__(self, capacity: int = 128):
        self.capacity = capacity
        self.data: dict[str, int] = {}

    def get(self, key: str) -> Optional[int]:
        if key not in self.data:
            return None
        value = self.data.pop(key)
        self.data[key] = value
        return value

    def put(self, key, value):
        if key in self.data:
            self.data.pop(key)
        elif len(self.data) >= self.capacity:
            oldest = next(iter(self.data))
            del self.data[oldest]
        self.data[key] = value


def memoize(func):
    cache = {}

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        key = (args, tuple(sorted(kwargs.items())))
        if key not in cache:
            cache[key] = func(*args, **kwargs)
        return cache[key]

    return wrapper


@memoize
def fib(n: int) -> int:
    """Return the n-th Fibonacci number."""
    return n if n < 2 else fib(n - 1) + fib(n - 2)


async def fetch_all(urls):
    results = [await fetch(u) for u in urls]
    print(f"fetched {len(results)} pages\n", 'done', sep="\t")
    return {url: r for url, r in zip(urls, results) if r is not None}
"#;

    /// Removes tags and undoes the five escapes.
    fn to_text(html: &str) -> String {
        let mut text = String::new();
        let mut in_tag = false;
        for c in html.chars() {
            match c {
                '<' => in_tag = true,
                '>' if in_tag => in_tag = false,
                _ if !in_tag => text.push(c),
                _ => {}
            }
        }
        text.replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&amp;", "&")
    }

    fn round_trip(lang: &str, code: &str) -> String {
        let lines = highlight_lines(lang, code).unwrap_or_default();
        assert_eq!(lines.len(), code.lines().count(), "line count for {code:?}");
        lines
            .iter()
            .map(|l| to_text(l))
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// Splits highlighted HTML into (class, unescaped text) runs.
    fn runs(html: &str) -> Vec<(Option<String>, String)> {
        let mut runs = Vec::new();
        let mut rest = html;
        while !rest.is_empty() {
            if let Some(tail) = rest.strip_prefix("<hl-") {
                let (class, tail) = tail.split_once('>').unwrap_or((tail, ""));
                let close = format!("</hl-{class}>");
                let (body, tail) = tail.split_once(close.as_str()).unwrap_or((tail, ""));
                runs.push((Some(format!("hl-{class}")), to_text(body)));
                rest = tail;
            } else {
                let end = rest.find("<hl-").unwrap_or(rest.len());
                runs.push((None, to_text(&rest[..end])));
                rest = &rest[end..];
            }
        }
        runs
    }

    /// The class of the first run containing `needle` (`None` for plain text or no match).
    fn class_of(lang: &str, code: &str, needle: &str) -> Option<String> {
        let html = highlight_lines(lang, code)?.join("\n");
        runs(&html)
            .into_iter()
            .find(|(_, text)| text.contains(needle))
            .and_then(|(class, _)| class)
    }

    #[test]
    fn known_languages() {
        for lang in [
            "python",
            "bash",
            "javascript",
            "typescript",
            "json",
            "yaml",
            "rust",
            "c",
            "cpp",
            "sql",
            "html",
            "css",
            "diff",
            "go",
            "java",
            "text",
        ] {
            assert!(is_known(lang), "{lang}");
            assert!(highlight_lines(lang, "x = 1\n").is_some(), "{lang}");
        }
        assert!(!is_known("no-such-language"));
        assert_eq!(highlight_lines("no-such-language", "x"), None);
        assert_eq!(
            highlight_lines("text", "a<b\nc"),
            Some(plain_lines("a<b\nc"))
        );
    }

    #[test]
    fn escapes_html() {
        let lines = highlight_lines("python", "x = '<script>alert(1)</script>' # a & \"b\"\n")
            .unwrap_or_default();
        assert_eq!(lines.len(), 1);
        assert!(!lines[0].contains("<script>"), "{}", lines[0]);
        assert!(lines[0].contains("&lt;script&gt;"), "{}", lines[0]);
        assert!(lines[0].contains("&amp; \"b\""), "{}", lines[0]);
        assert!(lines[0].contains("'&lt;"), "{}", lines[0]);
        assert_eq!(
            plain_lines("<a href='x'>&\"</a>"),
            vec!["&lt;a href='x'&gt;&amp;\"&lt;/a&gt;"]
        );
    }

    #[test]
    fn python_tokens() {
        let code = "@decorator\ndef foo(self, n=3):\n    # a comment\n    return \"str\\n\" if True else len(n)\n";
        assert_eq!(class_of("python", code, "def").as_deref(), Some("hl-k"));
        assert_eq!(class_of("python", code, "foo").as_deref(), Some("hl-f"));
        assert_eq!(
            class_of("python", code, "# a comment").as_deref(),
            Some("hl-c")
        );
        assert_eq!(class_of("python", code, "\"str").as_deref(), Some("hl-s"));
        assert_eq!(class_of("python", code, "\\n").as_deref(), Some("hl-e"));
        assert_eq!(class_of("python", code, "True").as_deref(), Some("hl-n"));
        assert_eq!(class_of("python", code, "3").as_deref(), Some("hl-n"));
        assert_eq!(class_of("python", code, "self").as_deref(), Some("hl-v"));
        assert_eq!(
            class_of("python", code, "decorator").as_deref(),
            Some("hl-d")
        );
        assert_eq!(class_of("python", code, "len").as_deref(), Some("hl-f"));
        let code = "class A(B):\n    \"\"\"Doc.\"\"\"\n    x: int = 1 if a is not None and b in c else 2\n";
        assert_eq!(class_of("python", code, "class").as_deref(), Some("hl-k"));
        assert_eq!(class_of("python", code, "A").as_deref(), Some("hl-t"));
        assert_eq!(class_of("python", code, "Doc.").as_deref(), Some("hl-s"));
        assert_eq!(class_of("python", code, "int").as_deref(), Some("hl-t"));
        assert_eq!(class_of("python", code, "is not").as_deref(), Some("hl-k"));
        assert_eq!(class_of("python", code, "and").as_deref(), Some("hl-k"));
        // Plain identifiers get no element.
        assert_eq!(class_of("python", code, " a "), None);
    }

    #[test]
    fn one_element_per_token() {
        // `is not` merges into one keyword; f-string pieces stay strings around `{…}`.
        let line = &highlight_lines("python", "if a is not None:\n").unwrap_or_default()[0];
        assert_eq!(
            line,
            "<hl-k>if</hl-k> a <hl-k>is not</hl-k> <hl-n>None</hl-n>:"
        );
        let line = &highlight_lines("python", "# <x> & y  \n").unwrap_or_default()[0];
        assert_eq!(line, "<hl-c># &lt;x&gt; &amp; y  </hl-c>");
        let line = &highlight_lines("python", "s = f\"a{b}c\"\n").unwrap_or_default()[0];
        assert_eq!(
            line,
            "s = <hl-s>f\"a</hl-s><hl-e>{</hl-e>b<hl-e>}</hl-e><hl-s>c\"</hl-s>"
        );
    }

    #[test]
    fn other_languages() {
        let rust = "#[derive(Debug)]\npub fn main() { let s = \"{x}\"; } // hi\n";
        assert_eq!(class_of("rust", rust, "fn").as_deref(), Some("hl-k"));
        assert_eq!(class_of("rust", rust, "main").as_deref(), Some("hl-f"));
        assert_eq!(class_of("rust", rust, "// hi").as_deref(), Some("hl-c"));
        assert_eq!(class_of("rust", rust, "derive").as_deref(), Some("hl-d"));
        let yaml = "key: value\nn: 3 # c\n";
        assert_eq!(class_of("yaml", yaml, "key").as_deref(), Some("hl-t"));
        assert_eq!(class_of("yaml", yaml, "value").as_deref(), Some("hl-s"));
        assert_eq!(class_of("yaml", yaml, "3").as_deref(), Some("hl-n"));
        let js = "const t = `a ${b} c`; // x\n";
        assert_eq!(class_of("javascript", js, "const").as_deref(), Some("hl-k"));
        assert_eq!(class_of("javascript", js, "${").as_deref(), Some("hl-e"));
        assert_eq!(class_of("javascript", js, "b"), None);
        let bash = "echo \"$HOME\" && ls -la # list\n";
        assert_eq!(class_of("bash", bash, "# list").as_deref(), Some("hl-c"));
        assert_eq!(class_of("bash", bash, "\"").as_deref(), Some("hl-s"));
        let diff = "@@ -1 +1 @@\n-old\n+new\n";
        assert_eq!(class_of("diff", diff, "-old").as_deref(), Some("hl-k"));
        assert_eq!(class_of("diff", diff, "+new").as_deref(), Some("hl-t"));
        for (lang, code) in [
            ("json", "{\"a\": [1, true, null, \"x\\n\"]}"),
            ("c", "#include <stdio.h>\nint main(void) { return 0; }"),
            ("sql", "SELECT * FROM t WHERE a = 'x'; -- c"),
            (
                "html",
                "<div class=\"a\">&amp;<script>let x = 1;</script></div>",
            ),
            ("css", "a > b { color: #fff; } /* c */"),
        ] {
            assert_eq!(round_trip(lang, code), code, "{lang}");
        }
    }

    /// Language, code, and (text, class) pairs it must contain.
    type Case = (
        &'static str,
        &'static str,
        &'static [(&'static str, &'static str)],
    );

    /// Code in the languages real guides use, with tokens each must classify.
    const REAL_GUIDE_CASES: [Case; 13] = [
        (
            "toml",
            "[package]\nname = \"quire\" # the name\nversion = 1\n",
            &[
                ("name", "t"),
                ("\"quire\"", "s"),
                ("# the name", "c"),
                ("1", "n"),
            ],
        ),
        (
            "tsx",
            "const App = (p: Props) => <div className=\"x\">{p.n}</div>;\n",
            &[
                ("const", "k"),
                ("Props", "t"),
                ("className", "n"),
                ("\"x\"", "s"),
            ],
        ),
        (
            "kotlin",
            "fun main(args: Array<String>) { val x = \"hi\" // c\n}\n",
            &[("fun", "k"), ("main", "f"), ("\"hi\"", "s"), ("// c", "c")],
        ),
        (
            "swift",
            "func greet(name: String) -> String { return \"hi\" } // c\n",
            &[
                ("func", "k"),
                ("String", "t"),
                ("\"hi\"", "s"),
                ("// c", "c"),
            ],
        ),
        (
            "dockerfile",
            "FROM rust:1.85 AS build\n# comment\nRUN cargo build\n",
            &[("FROM", "k"), ("# comment", "c"), ("RUN", "k")],
        ),
        (
            "scss",
            "$accent: #0af;\n.a { &:hover { color: $accent; } } // c\n",
            &[("#0af", "n"), ("color", "n"), ("// c", "c")],
        ),
        (
            "graphql",
            "query Hero($id: ID!) { hero(id: $id) { name } } # c\n",
            &[("query", "k"), ("Hero", "t"), ("# c", "c")],
        ),
        (
            "protobuf",
            "syntax = \"proto3\";\nmessage Point { int32 x = 1; } // c\n",
            &[
                ("message", "k"),
                ("\"proto3\"", "s"),
                ("1", "n"),
                ("// c", "c"),
            ],
        ),
        (
            "elixir",
            "defmodule M do\n  def f(x), do: :ok # c\nend\n",
            &[("defmodule", "k"), ("M", "t"), ("# c", "c")],
        ),
        (
            "nginx",
            "server {\n  listen 80; # c\n}\n",
            &[("server", "k"), ("listen", "k"), ("# c", "c")],
        ),
        (
            "powershell",
            "Get-ChildItem -Path $HOME | Where-Object { $_.Length -gt 10 } # c\n",
            &[("Get-ChildItem", "f"), ("10", "n"), ("# c", "c")],
        ),
        (
            "ini",
            "[section]\nkey = value ; c\n",
            &[("key", "k"), ("value", "s"), ("; c", "c")],
        ),
        (
            "console",
            "$ echo \"done\" # hi\n   Compiling quire\n",
            &[("echo", "f"), ("\"done\"", "s"), ("# hi", "c")],
        ),
    ];

    #[test]
    fn the_languages_of_real_guides_highlight() {
        for (lang, code, tokens) in REAL_GUIDE_CASES {
            assert!(is_known(lang), "{lang}");
            assert_eq!(
                round_trip(lang, code),
                code.trim_end_matches('\n'),
                "{lang}"
            );
            for (needle, class) in tokens {
                let found = class_of(lang, code, needle);
                assert_eq!(found, Some(format!("hl-{class}")), "{lang}: {needle}");
            }
        }
        // A session's output is not code.
        assert_eq!(
            class_of("console", "$ ls\nCompiling x\n", "Compiling"),
            None
        );
    }

    #[test]
    fn round_trips() {
        assert_eq!(
            round_trip("python", PY_SAMPLE),
            PY_SAMPLE.trim_end_matches('\n')
        );
        for code in [
            "",
            "\n",
            "\n\n",
            "x = \"unterminated\ny = 'also",
            "s = \"\"\"never\nclosed",
            "\tif x:\n\t\treturn '\t'",
            "emoji = \"🦀 é 漢字\"  # 👍🏽",
            "a\rb = 1",
            "x = 1\n\n\n",
            "<&>\"'",
            "def",
            "\\",
            "f\"{\"",
        ] {
            let expected = code.lines().collect::<Vec<_>>().join("\n");
            assert_eq!(round_trip("python", code), expected, "{code:?}");
            assert_eq!(round_trip("bash", code), expected, "{code:?}");
            assert_eq!(round_trip("rust", code), expected, "{code:?}");
        }
        // A trailing newline does not add an empty line; CRLF endings lose the `\r`.
        assert_eq!(
            highlight_lines("python", "a\nb\n").map(|l| l.len()),
            Some(2)
        );
        assert_eq!(highlight_lines("python", "").map(|l| l.len()), Some(0));
        assert_eq!(round_trip("python", "a = 1\r\nb = 2\r\n"), "a = 1\nb = 2");
        assert_eq!(plain_lines("a\r\nb\r\n"), vec!["a", "b"]);
    }

    #[test]
    fn size_ratio() {
        let html: usize = highlight_lines("python", PY_SAMPLE)
            .unwrap_or_default()
            .iter()
            .map(|l| l.len() + 1)
            .sum();
        let ratio = html as f64 / PY_SAMPLE.len() as f64;
        println!(
            "python sample: {} lines, {} code bytes -> {html} HTML bytes, ratio {ratio:.2}",
            PY_SAMPLE.lines().count(),
            PY_SAMPLE.len()
        );
        assert!(ratio <= 5.0, "ratio {ratio}");
    }

    /// The cache key's version names the grammar sets in use, so upgrading either one
    /// invalidates highlighting cached with the other.
    #[test]
    fn scheme_version_names_the_grammar_versions() {
        let lock = include_str!("../../Cargo.lock");
        let version = |name: &str| {
            let entry = lock
                .split("[[package]]")
                .find(|p| p.contains(&format!("name = \"{name}\"\n")));
            let line = entry.and_then(|p| p.lines().find(|l| l.starts_with("version = ")));
            line.map(|l| {
                l.trim_start_matches("version = ")
                    .trim_matches('"')
                    .to_string()
            })
        };
        let syntect = version("syntect").unwrap_or_default();
        let two_face = version("two-face").unwrap_or_default();
        let minor = |v: &str| {
            v.rsplit_once('.')
                .map(|(m, _)| m.to_string())
                .unwrap_or_default()
        };
        let bat = two_face
            .split_once("+bat-")
            .map(|(_, b)| minor(b))
            .unwrap_or_default();
        assert!(
            !syntect.is_empty() && !bat.is_empty(),
            "{syntect} {two_face}"
        );
        assert!(scheme_version().contains(&format!("/syntect-{}/", minor(&syntect))));
        assert!(scheme_version().ends_with(&format!("/bat-{bat}")));
    }

    #[test]
    fn parallel_use() {
        let lines: Vec<_> = std::thread::scope(|s| {
            let handles: Vec<_> = (0..4)
                .map(|_| s.spawn(|| highlight_lines("python", PY_SAMPLE)))
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().ok().flatten())
                .collect()
        });
        assert!(lines.windows(2).all(|w| w[0] == w[1] && w[0].is_some()));
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
        #[test]
        fn never_panics_and_round_trips(code in "(?s).{0,200}", lang in "python|bash|rust|javascript|yaml|html|console|toml|tsx|powershell") {
            let expected = code.lines().collect::<Vec<_>>().join("\n");
            proptest::prop_assert_eq!(round_trip(&lang, &code), expected);
        }

        #[test]
        fn code_like_round_trips(code in "[a-z \t\n\r\"'#{}()\\[\\]<>&\\\\=*@$`/.:-]{0,120}") {
            let expected = code.lines().collect::<Vec<_>>().join("\n");
            for lang in ["python", "bash", "rust", "javascript", "c", "html", "yaml", "console", "kotlin"] {
                proptest::prop_assert_eq!(round_trip(lang, &code), expected.clone());
            }
        }
    }
}

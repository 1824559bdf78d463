//! Build-time syntax highlighting with a compact token-class scheme.
//!
//! syntect's `ClassedHTMLGenerator` emits one nested `<span>` per scope (about 20 bytes of HTML
//! per byte of code). Instead, this module runs syntect's parser directly
//! ([`ParseState`] + [`ScopeStack`]) and folds every scope stack into one of a handful of token
//! classes (`hl-k` keyword, `hl-s` string, `hl-c` comment, …). Each highlighted run of text gets
//! exactly one element named for its class, `<hl-k>def</hl-k>` (an autonomous custom element:
//! valid HTML, inline, styled by tag name, 13 bytes of markup where `<span class="hl-k">` took
//! 25); adjacent runs of the same class (including the whitespace between them) are merged and
//! plain text gets no element at all. Text is escaped as element content needs (`& < >`
//! only: quotes are plain characters there).
//!
//! Classification is incremental: alongside syntect's scope stack we keep a parallel stack of
//! resolved styles, so a push costs one rule lookup (longest matching scope prefix from a
//! small precompiled table) and a pop costs nothing.
//!
//! Lines follow [`str::lines`] semantics: split on `\n`, a `\r\n` ending loses its `\r`, and a
//! final line terminator does not produce an extra empty line.

use std::cell::RefCell;
use std::collections::HashMap;
use std::panic::AssertUnwindSafe;
use std::rc::Rc;
use std::sync::OnceLock;

use syntect::parsing::{
    BasicScopeStackOp, ParseState, Scope, ScopeStack, SyntaxReference, SyntaxSet,
};

/// Version tag of the class scheme (bump when the classification changes) + syntect version.
const SCHEME_VERSION: &str = "quire-hl-2/syntect-5.3";

/// Whether symbolic operators (`=`, `+`, `&&` …) get the `hl-o` class. Word operators
/// (`and`, `not`, `in`, `is`, `typeof` …) are always keywords.
const EMIT_OPERATORS: bool = false;

/// A token class; the discriminant indexes [`CLASSES`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Class {
    Keyword,
    Str,
    Comment,
    Function,
    Type,
    Number,
    Decorator,
    Variable,
    Escape,
    Operator,
}

/// Per class: short CSS name, light colour, dark colour (indexed by `Class as usize`).
const CLASSES: [(&str, &str, &str); 10] = [
    ("k", "#cf222e", "#ff7b72"),
    ("s", "#0a3069", "#a5d6ff"),
    ("c", "#59636e", "#8b949e"),
    ("f", "#8250df", "#d2a8ff"),
    ("t", "#116329", "#7ee787"),
    ("n", "#0550ae", "#79c0ff"),
    ("d", "#6639ba", "#bc8cff"),
    ("v", "#953800", "#ffa657"),
    ("e", "#1b7c83", "#56d4dd"),
    ("o", "#cf222e", "#ff7b72"),
];

/// Opening and closing tags, indexed by `Class as usize`.
const TAGS: [(&str, &str); 10] = [
    ("<hl-k>", "</hl-k>"),
    ("<hl-s>", "</hl-s>"),
    ("<hl-c>", "</hl-c>"),
    ("<hl-f>", "</hl-f>"),
    ("<hl-t>", "</hl-t>"),
    ("<hl-n>", "</hl-n>"),
    ("<hl-d>", "</hl-d>"),
    ("<hl-v>", "</hl-v>"),
    ("<hl-e>", "</hl-e>"),
    ("<hl-o>", "</hl-o>"),
];

/// Code block background and plain text colours: (light, dark).
const BACKGROUND: (&str, &str) = ("#f6f8fa", "#161b22");
const FOREGROUND: (&str, &str) = ("#1f2328", "#e6edf3");

/// What a single scope does to the style inherited from the scopes below it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Rule {
    /// Give the text this class (innermost class wins).
    Class(Class),
    /// A string: class `hl-s`, and nested scopes cannot recolour it except escapes/tags.
    Str,
    /// A comment: class `hl-c`, nothing nested can recolour it.
    Comment,
    /// Plain text again (e.g. the arguments of an annotation).
    Plain,
    /// Plain text that also leaves an enclosing string (interpolation `{…}`, `${…}`).
    Reset,
    /// `keyword.operator`: keyword for word operators, operator for symbols.
    Operator,
}

/// What a scope lock allows nested scopes to do.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum Lock {
    #[default]
    None,
    Str,
    Comment,
}

/// The resolved style at one level of the scope stack.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Style {
    class: Option<Class>,
    lock: Lock,
}

impl Style {
    /// The style of a scope with rule `rule` pushed on top of a scope with style `self`.
    fn push(self, rule: Option<Rule>) -> Style {
        let Some(rule) = rule else { return self };
        match self.lock {
            Lock::Comment => self,
            Lock::Str => match rule {
                Rule::Class(c @ (Class::Escape | Class::Type)) => Style {
                    class: Some(c),
                    lock: Lock::Str,
                },
                Rule::Reset => Style::default(),
                _ => self,
            },
            Lock::None => match rule {
                Rule::Class(c) => Style {
                    class: Some(c),
                    lock: Lock::None,
                },
                Rule::Operator => Style {
                    class: Some(Class::Operator),
                    lock: Lock::None,
                },
                Rule::Str => Style {
                    class: Some(Class::Str),
                    lock: Lock::Str,
                },
                Rule::Comment => Style {
                    class: Some(Class::Comment),
                    lock: Lock::Comment,
                },
                Rule::Plain | Rule::Reset => Style::default(),
            },
        }
    }
}

/// Scope prefixes and their rules; the longest matching prefix wins.
const RULE_TABLE: &[(&str, Rule)] = &[
    ("comment", Rule::Comment),
    // Python docstrings read as strings (GitHub colours them so).
    ("comment.block.documentation.python", Rule::Str),
    ("string", Rule::Str),
    ("storage.type.string", Rule::Class(Class::Str)),
    ("constant", Rule::Class(Class::Number)),
    ("constant.character.escape", Rule::Class(Class::Escape)),
    ("constant.character.entity", Rule::Class(Class::Escape)),
    ("constant.other.placeholder", Rule::Class(Class::Escape)),
    ("constant.other.format-spec", Rule::Class(Class::Escape)),
    ("constant.other.database-name", Rule::Plain),
    ("constant.other.table-name", Rule::Plain),
    ("support.constant", Rule::Class(Class::Number)),
    ("keyword", Rule::Class(Class::Keyword)),
    ("keyword.operator", Rule::Operator),
    ("keyword.other.unit", Rule::Class(Class::Number)),
    ("storage.type", Rule::Class(Class::Keyword)),
    ("storage.modifier", Rule::Class(Class::Keyword)),
    ("storage.modifier.lifetime", Rule::Class(Class::Variable)),
    ("entity.name", Rule::Class(Class::Type)),
    ("entity.name.function", Rule::Class(Class::Function)),
    (
        "entity.name.function.decorator",
        Rule::Class(Class::Decorator),
    ),
    ("entity.other.inherited-class", Rule::Class(Class::Type)),
    ("entity.other.attribute-name", Rule::Class(Class::Number)),
    ("entity.other.pseudo-class", Rule::Class(Class::Number)),
    ("support.function", Rule::Class(Class::Function)),
    ("support.macro", Rule::Class(Class::Function)),
    ("support.type", Rule::Class(Class::Type)),
    ("support.class", Rule::Class(Class::Type)),
    ("support.type.property-name", Rule::Class(Class::Number)),
    ("variable.parameter", Rule::Class(Class::Variable)),
    ("variable.language", Rule::Class(Class::Variable)),
    ("variable.annotation", Rule::Class(Class::Decorator)),
    ("meta.annotation", Rule::Class(Class::Decorator)),
    ("meta.annotation.arguments", Rule::Plain),
    ("meta.annotation.parameters", Rule::Plain),
    ("meta.interpolation", Rule::Reset),
    ("meta.template.expression", Rule::Reset),
    (
        "punctuation.section.interpolation",
        Rule::Class(Class::Escape),
    ),
    (
        "punctuation.definition.template-expression",
        Rule::Class(Class::Escape),
    ),
    ("markup.deleted", Rule::Class(Class::Keyword)),
    ("markup.inserted", Rule::Class(Class::Type)),
    ("markup.changed", Rule::Class(Class::Variable)),
    ("meta.diff.header", Rule::Class(Class::Number)),
    ("meta.diff.range", Rule::Class(Class::Function)),
    ("markup.heading", Rule::Class(Class::Number)),
    ("markup.raw", Rule::Class(Class::Str)),
    ("markup.underline.link", Rule::Class(Class::Str)),
];

/// A precompiled [`RULE_TABLE`] entry.
struct CompiledRule {
    first_atom: u16,
    prefix: Scope,
    rule: Rule,
}

/// The rule table compiled to [`Scope`]s, longest prefixes first.
fn rules() -> &'static [CompiledRule] {
    static RULES: OnceLock<Vec<CompiledRule>> = OnceLock::new();
    RULES.get_or_init(|| {
        let mut compiled: Vec<CompiledRule> = RULE_TABLE
            .iter()
            .filter_map(|&(name, rule)| {
                let prefix = Scope::new(name).ok()?;
                Some(CompiledRule {
                    first_atom: prefix.atom_at(0),
                    prefix,
                    rule,
                })
            })
            .collect();
        compiled.sort_by_key(|r| std::cmp::Reverse(r.prefix.len()));
        compiled
    })
}

/// The rule of the longest table prefix matching `scope`, if any.
fn rule_for(scope: Scope) -> Option<Rule> {
    if scope.is_empty() {
        return None;
    }
    let first = scope.atom_at(0);
    rules()
        .iter()
        .find(|r| r.first_atom == first && r.prefix.is_prefix_of(scope))
        .map(|r| r.rule)
}

/// The embedded syntax definitions, loaded once.
fn syntax_set() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(SyntaxSet::load_defaults_newlines)
}

/// Fence-language aliases → canonical names (anything not listed maps to itself).
const ALIASES: &[(&str, &str)] = &[
    ("py", "python"),
    ("py3", "python"),
    ("python3", "python"),
    ("python2", "python"),
    ("pyw", "python"),
    ("pyi", "python"),
    ("sh", "bash"),
    ("shell", "bash"),
    ("zsh", "bash"),
    ("ksh", "bash"),
    ("shellscript", "bash"),
    ("shellsession", "shell-session"),
    ("js", "javascript"),
    ("mjs", "javascript"),
    ("cjs", "javascript"),
    ("node", "javascript"),
    ("ts", "typescript"),
    ("yml", "yaml"),
    ("rs", "rust"),
    ("h", "c"),
    ("c++", "cpp"),
    ("cc", "cpp"),
    ("cxx", "cpp"),
    ("hpp", "cpp"),
    ("cs", "csharp"),
    ("c#", "csharp"),
    ("golang", "go"),
    ("rb", "ruby"),
    ("pl", "perl"),
    ("mysql", "sql"),
    ("postgresql", "sql"),
    ("postgres", "sql"),
    ("psql", "sql"),
    ("sqlite", "sql"),
    ("htm", "html"),
    ("xhtml", "html"),
    ("svg", "xml"),
    ("jsonc", "json"),
    ("patch", "diff"),
    ("md", "markdown"),
    ("mk", "makefile"),
    ("make", "makefile"),
    ("tex", "latex"),
    ("hs", "haskell"),
    ("clj", "clojure"),
    ("erl", "erlang"),
    ("ml", "ocaml"),
    ("objc", "objective-c"),
    ("objectivec", "objective-c"),
    ("bat", "batch"),
    ("cmd", "batch"),
    ("graphviz", "dot"),
    ("plain", "text"),
    ("plaintext", "text"),
    ("txt", "text"),
    ("none", "text"),
    ("nohighlight", "text"),
];

/// Canonical names → the token used to find the syntect syntax (by extension first).
/// Canonical names not listed are looked up as they are.
const SYNTAX_TOKENS: &[(&str, &str)] = &[
    ("python", "py"),
    ("bash", "sh"),
    ("javascript", "js"),
    // No TypeScript grammar ships with syntect; the JavaScript one covers most of it.
    ("typescript", "js"),
    ("jsx", "js"),
    ("rust", "rs"),
    ("csharp", "cs"),
    ("ruby", "rb"),
    ("perl", "pl"),
    ("markdown", "md"),
    ("makefile", "mk"),
    ("latex", "tex"),
    ("haskell", "hs"),
    ("clojure", "clj"),
    ("erlang", "erl"),
    ("ocaml", "ml"),
    ("objective-c", "m"),
    ("batch", "bat"),
];

/// Canonical language name for a fence info-string language through an alias table
/// (lowercased; "py"/"python3"/"py3" → "python", "sh"/"shell"/"zsh" → "bash", "js" → "javascript",
/// "ts" → "typescript", "yml" → "yaml", "rs" → "rust", "console"/"shell-session" stays,
/// "text"/"plain"/"txt"/"" → "text", etc.).
///
/// Only the first word is used (`"python title=x"` → `"python"`), and a pandoc-style leading
/// `{` or `.` is ignored (`"{.py}"` → `"python"`).
pub fn normalize_language(lang: &str) -> String {
    let word = lang
        .trim_start()
        .trim_start_matches(['{', '.'])
        .split(|c: char| c.is_whitespace() || c == ',' || c == '{' || c == '}')
        .next()
        .unwrap_or("")
        .to_lowercase();
    if word.is_empty() {
        return "text".to_string();
    }
    match ALIASES.iter().find(|(alias, _)| *alias == word) {
        Some((_, canonical)) => (*canonical).to_string(),
        None => word,
    }
}

/// The syntect syntax for a normalised language name (`None` for "text" and unknown names).
fn find_syntax(lang: &str) -> Option<&'static SyntaxReference> {
    if lang.is_empty() || lang == "text" {
        return None;
    }
    syntax_set().find_syntax_by_token(syntax_token(lang))
}

/// The token a canonical language name is looked up by ([`SYNTAX_TOKENS`], else the name).
fn syntax_token(lang: &str) -> &str {
    SYNTAX_TOKENS
        .iter()
        .find(|(name, _)| *name == lang)
        .map_or(lang, |(_, token)| token)
}

/// True when `highlight_lines` can highlight this (normalised) language; "text" counts as known
/// (plain). Answered from [`SYNTECT_TOKENS`], without loading syntect's grammars: a build
/// whose code is all in the highlight cache never loads them.
pub fn is_known(lang: &str) -> bool {
    if lang == "text" {
        return true;
    }
    if lang.is_empty() {
        return false;
    }
    let token = syntax_token(lang).to_lowercase();
    SYNTECT_TOKENS.binary_search(&token.as_str()).is_ok()
}

/// Every token syntect's default grammars answer to (`find_syntax_by_token`: each file
/// extension and each name, lowercased), sorted. A test checks it against syntect.
const SYNTECT_TOKENS: &[&str] = &[
    ".bash_aliases",
    ".bash_completions",
    ".bash_functions",
    ".bash_login",
    ".bash_logout",
    ".bash_profile",
    ".bash_variables",
    ".bashrc",
    ".profile",
    ".textmate_init",
    "actionscript",
    "adp",
    "appfile",
    "applescript",
    "appraisals",
    "as",
    "asa",
    "asp",
    "bash",
    "bat",
    "batch file",
    "berksfile",
    "bib",
    "bibtex",
    "bourne again shell (bash)",
    "brewfile",
    "bsh",
    "build",
    "builder",
    "c",
    "c#",
    "c++",
    "camlp4",
    "capfile",
    "cargo build results",
    "cc",
    "cgi",
    "cheffile",
    "cl",
    "clisp",
    "clj",
    "clojure",
    "cls",
    "cmd",
    "commands-builtin-shell-bash",
    "config.ru",
    "cp",
    "cpp",
    "cpy",
    "cs",
    "css",
    "css.erb",
    "css.liquid",
    "csx",
    "cxx",
    "d",
    "ddl",
    "deliverfile",
    "di",
    "diff",
    "dml",
    "dot",
    "dpr",
    "dtml",
    "el",
    "emakefile",
    "erb",
    "erbsql",
    "erl",
    "erlang",
    "fasl",
    "fastfile",
    "fcgi",
    "fish",
    "gemfile",
    "gemspec",
    "gnumakefile",
    "go",
    "gradle",
    "graphviz (dot)",
    "groovy",
    "guardfile",
    "gv",
    "gvy",
    "gyp",
    "gypi",
    "h",
    "h++",
    "haml",
    "haskell",
    "hh",
    "hpp",
    "hrl",
    "hs",
    "htc",
    "htm",
    "html",
    "html (asp)",
    "html (erlang)",
    "html (rails)",
    "html (tcl)",
    "html.erb",
    "hxx",
    "inc",
    "inl",
    "ipp",
    "irbrc",
    "java",
    "java properties",
    "java server page (jsp)",
    "javadoc",
    "javascript",
    "javascript (rails)",
    "jbuilder",
    "js",
    "js.erb",
    "json",
    "jsp",
    "l",
    "latex",
    "latex log",
    "lhs",
    "lisp",
    "literate haskell",
    "lsp",
    "ltx",
    "lua",
    "m",
    "mak",
    "make",
    "make output",
    "makefile",
    "markdn",
    "markdown",
    "matlab",
    "md",
    "mdown",
    "mk",
    "ml",
    "mli",
    "mll",
    "mly",
    "mm",
    "mud",
    "multimarkdown",
    "nant build file",
    "objective-c",
    "objective-c++",
    "ocaml",
    "ocamllex",
    "ocamlmakefile",
    "ocamlyacc",
    "opml",
    "p",
    "pas",
    "pascal",
    "patch",
    "perl",
    "php",
    "php source",
    "php3",
    "php4",
    "php5",
    "php7",
    "phps",
    "phpt",
    "phtml",
    "pl",
    "plain text",
    "pm",
    "pod",
    "podspec",
    "prawn",
    "properties",
    "pxd",
    "pxd.in",
    "pxi",
    "pxi.in",
    "py",
    "py3",
    "pyi",
    "python",
    "pyw",
    "pyx",
    "pyx.in",
    "r",
    "r console",
    "rabl",
    "rails",
    "rake",
    "rakefile",
    "rantfile",
    "rb",
    "rbx",
    "rd",
    "rd (r documentation)",
    "re",
    "regular expression",
    "regular expressions (javascript)",
    "regular expressions (python)",
    "rest",
    "restructuredtext",
    "rhtml",
    "rjs",
    "rprofile",
    "rpy",
    "rs",
    "rss",
    "rst",
    "ruby",
    "ruby haml",
    "ruby on rails",
    "ruby.rail",
    "rust",
    "rxml",
    "s",
    "sass",
    "sbt",
    "scala",
    "scanfile",
    "scm",
    "sconscript",
    "sconstruct",
    "script editor",
    "sh",
    "shell-unix-generic",
    "shtml",
    "simplecov",
    "snakefile",
    "snapfile",
    "sql",
    "sql (rails)",
    "sql.erb",
    "ss",
    "sty",
    "sublime-build",
    "sublime-color-scheme",
    "sublime-commands",
    "sublime-completions",
    "sublime-keymap",
    "sublime-macro",
    "sublime-menu",
    "sublime-mousemap",
    "sublime-project",
    "sublime-settings",
    "sublime-syntax",
    "sublime-theme",
    "svg",
    "t",
    "tcl",
    "tex",
    "textile",
    "thor",
    "thorfile",
    "tld",
    "tmpl",
    "tpl",
    "txt",
    "vagrantfile",
    "wscript",
    "xhtml",
    "xml",
    "xsd",
    "xslt",
    "yaml",
    "yaws",
    "yml",
    "zsh",
];

/// Highlights `code` in the normalised language `lang`. Returns one HTML fragment per source line
/// (the line's text HTML-escaped — & < > — wrapped in `<hl-X>` token elements, every element
/// closed at the end of the line, no trailing newline in a fragment). None when the language
/// is unknown.
///
/// A final trailing newline in `code` does not produce an extra empty line, and a `\r\n` line
/// ending loses its `\r` (lines are split like [`str::lines`]). Never panics on any input (on a
/// syntect error it falls back to [`plain_lines`]).
pub fn highlight_lines(lang: &str, code: &str) -> Option<Vec<String>> {
    if lang == "text" {
        return Some(plain_lines(code));
    }
    let syntax = find_syntax(lang)?;
    let highlighted = std::panic::catch_unwind(AssertUnwindSafe(|| highlight_with(syntax, code)));
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

/// The highlighter's state between lines: syntect's parse state and scope stack, and the
/// resolved style of every scope level (`styles[i]` is the style of `scopes[..=i]`).
#[derive(Clone, PartialEq, Eq)]
struct LineState {
    parser: ParseState,
    scopes: ScopeStack,
    styles: Vec<Style>,
}

/// One memoised line: the state it started in, its HTML and the state it left.
struct MemoEntry {
    start: Rc<LineState>,
    html: String,
    end: Rc<LineState>,
}

/// Lines already highlighted on this thread, by text. Highlighting a line is a pure function
/// of (state at line start, line text), so equal inputs reuse the result: docs repeat lines
/// (imports, boilerplate, variants of one example) and the parser is the costly part.
#[derive(Default)]
struct LineMemo {
    lines: HashMap<String, Vec<MemoEntry>>,
    entries: usize,
}

/// Bound on memoised lines per thread (the memo is dropped and restarted beyond it).
const MEMO_LIMIT: usize = 200_000;

thread_local! {
    static MEMO: RefCell<LineMemo> = RefCell::new(LineMemo::default());
}

/// Frees the line memo of the calling thread (the results live on in the highlight cache).
pub fn forget_lines() {
    MEMO.with(|memo| *memo.borrow_mut() = LineMemo::default());
}

/// Parses and highlights `code`; `None` on any parser error.
fn highlight_with(syntax: &SyntaxReference, code: &str) -> Option<Vec<String>> {
    MEMO.with(|memo| {
        let mut memo = memo.borrow_mut();
        if memo.entries > MEMO_LIMIT {
            *memo = LineMemo::default();
        }
        let mut state = Rc::new(LineState {
            parser: ParseState::new(syntax),
            scopes: ScopeStack::new(),
            styles: Vec::new(),
        });
        let mut out = Vec::new();
        let mut buf = String::new();
        for line in code.lines() {
            // States are shared between entries: a line's end state is the next one's start.
            let hit = memo.lines.get(line).and_then(|v| {
                v.iter()
                    .find(|e| Rc::ptr_eq(&e.start, &state) || e.start == state)
            });
            if let Some(entry) = hit {
                out.push(entry.html.clone());
                state = Rc::clone(&entry.end);
                continue;
            }
            let start = Rc::clone(&state);
            let mut next = LineState::clone(&state);
            let html = highlight_line(&mut next, line, &mut buf)?;
            state = Rc::new(next);
            out.push(html.clone());
            memo.entries += 1;
            memo.lines
                .entry(line.to_string())
                .or_default()
                .push(MemoEntry {
                    start,
                    html,
                    end: Rc::clone(&state),
                });
        }
        Some(out)
    })
}

/// Highlights one line from `state`, leaving `state` as the line leaves it.
fn highlight_line(state: &mut LineState, line: &str, buf: &mut String) -> Option<String> {
    let LineState {
        parser,
        scopes,
        styles,
    } = state;
    buf.clear();
    buf.push_str(line);
    buf.push('\n');
    let ops = parser.parse_line(buf, syntax_set()).ok()?;
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

/// The CSS for the token classes: colours as custom properties with a light palette on `:root`,
/// a dark palette under `@media (prefers-color-scheme: dark) { :root:not([data-theme="light"])
/// {…} }` and the same dark palette under `:root[data-theme="dark"]`; then
/// `hl-k{color:var(--hl-k)}` etc. (token elements are styled by tag name).
///
/// Also defines `--hl-bg` / `--hl-fg` (code block background and plain code text), which every
/// token colour is checked against for WCAG AA contrast.
pub fn stylesheet() -> String {
    let palette = |dark: bool| {
        let (bg, fg) = if dark {
            (BACKGROUND.1, FOREGROUND.1)
        } else {
            (BACKGROUND.0, FOREGROUND.0)
        };
        let mut vars = format!("--hl-bg:{bg};--hl-fg:{fg};");
        for (name, light_colour, dark_colour) in CLASSES {
            let colour = if dark { dark_colour } else { light_colour };
            vars.push_str(&format!("--hl-{name}:{colour};"));
        }
        vars
    };
    let (light, dark) = (palette(false), palette(true));
    let mut css = format!(
        ":root{{{light}}}\n\
         @media (prefers-color-scheme: dark){{:root:not([data-theme=\"light\"]){{{dark}}}}}\n\
         :root[data-theme=\"dark\"]{{{dark}}}\n"
    );
    for (name, _, _) in CLASSES {
        css.push_str(&format!("hl-{name}{{color:var(--hl-{name})}}\n"));
    }
    css
}

/// A string identifying the class scheme + syntect version, for cache keys
/// (`"quire-hl-2/syntect-5.3"`).
pub fn scheme_version() -> &'static str {
    SCHEME_VERSION
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Instant;

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
    fn alias_table() {
        for (input, expected) in [
            ("py", "python"),
            ("Python3", "python"),
            ("py3", "python"),
            ("PYTHON", "python"),
            ("sh", "bash"),
            ("shell", "bash"),
            ("zsh", "bash"),
            ("js", "javascript"),
            ("ts", "typescript"),
            ("yml", "yaml"),
            ("rs", "rust"),
            ("console", "console"),
            ("shell-session", "shell-session"),
            ("text", "text"),
            ("plain", "text"),
            ("txt", "text"),
            ("", "text"),
            ("  ", "text"),
            ("python title=\"x.py\"", "python"),
            ("{.py}", "python"),
            ("rust,ignore", "rust"),
        ] {
            assert_eq!(normalize_language(input), expected, "{input:?}");
        }
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
        assert!(!is_known("toml"), "syntect has no TOML grammar");
        assert!(!is_known("console"));
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

    fn luminance(hex: &str) -> f64 {
        let channel = |i: usize| {
            let c = f64::from(u8::from_str_radix(&hex[i..i + 2], 16).unwrap_or(0)) / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5)
    }

    fn contrast(a: &str, b: &str) -> f64 {
        let (la, lb) = (luminance(a), luminance(b));
        (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
    }

    #[test]
    fn palette_contrast() {
        let (light_bg, dark_bg) = BACKGROUND;
        let mut entries = vec![("fg", FOREGROUND.0, FOREGROUND.1)];
        entries.extend(CLASSES);
        for (name, light, dark) in entries {
            assert_eq!(light.len(), 7, "{name}");
            assert_eq!(dark.len(), 7, "{name}");
            let (cl, cd) = (contrast(light, light_bg), contrast(dark, dark_bg));
            assert!(cl >= 4.5, "light {name} {light}: {cl:.2}");
            assert!(cd >= 4.5, "dark {name} {dark}: {cd:.2}");
        }
        assert!((contrast("#000000", "#ffffff") - 21.0).abs() < 1e-9);
    }

    #[test]
    fn the_known_tokens_are_syntects() {
        let mut tokens: Vec<String> = syntax_set()
            .syntaxes()
            .iter()
            .flat_map(|s| s.file_extensions.iter().chain([&s.name]))
            .map(|t| t.to_lowercase())
            .collect();
        tokens.sort();
        tokens.dedup();
        assert_eq!(
            SYNTECT_TOKENS, tokens,
            "update SYNTECT_TOKENS to:\n{tokens:?}"
        );
        // Every name the alias tables lead to answers as syntect itself would ("text" is
        // known: plain).
        let names = ALIASES.iter().map(|(_, name)| *name);
        let names = names.chain(SYNTAX_TOKENS.iter().map(|(name, _)| *name));
        for lang in names.chain(["toml", "console", "no-such"]) {
            let syntect = lang == "text" || find_syntax(lang).is_some();
            assert_eq!(is_known(lang), syntect, "{lang}");
        }
    }

    #[test]
    fn stylesheet_shape() {
        let css = stylesheet();
        assert!(css.starts_with(":root{"));
        assert!(
            css.contains("@media (prefers-color-scheme: dark){:root:not([data-theme=\"light\"]){")
        );
        assert!(css.contains(":root[data-theme=\"dark\"]{"));
        for (name, light, dark) in CLASSES {
            assert!(css.contains(&format!("\nhl-{name}{{color:var(--hl-{name})}}")));
            assert!(css.contains(&format!("--hl-{name}:{light};")));
            assert!(css.contains(&format!("--hl-{name}:{dark};")));
        }
        assert_eq!(css.matches('{').count(), css.matches('}').count());
        assert!(scheme_version().contains("syntect-5.3"));
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
        fn never_panics_and_round_trips(code in "(?s).{0,200}", lang in "python|bash|rust|javascript|yaml|html") {
            let expected = code.lines().collect::<Vec<_>>().join("\n");
            proptest::prop_assert_eq!(round_trip(&lang, &code), expected);
        }

        #[test]
        fn code_like_round_trips(code in "[a-z \t\n\r\"'#{}()\\[\\]<>&\\\\=*@$`/.:-]{0,120}") {
            let expected = code.lines().collect::<Vec<_>>().join("\n");
            for lang in ["python", "bash", "rust", "javascript", "c", "html", "yaml"] {
                proptest::prop_assert_eq!(round_trip(lang, &code), expected.clone());
            }
        }
    }

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

    /// syntect's own classed HTML output, for comparison.
    fn classed_html(code: &str) -> usize {
        use syntect::html::{ClassStyle, ClassedHTMLGenerator};
        let set = syntax_set();
        let Some(syntax) = set.find_syntax_by_token("py") else {
            return 0;
        };
        let mut generator =
            ClassedHTMLGenerator::new_with_class_style(syntax, set, ClassStyle::Spaced);
        for line in code.lines() {
            let _ = generator.parse_html_for_line_which_includes_newline(&format!("{line}\n"));
        }
        generator.finalize().len()
    }

    /// Parsing only (no classification, no HTML), the floor for any highlighter.
    fn parse_only(code: &str) -> usize {
        let set = syntax_set();
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

    fn time<F: FnMut() -> usize>(label: &str, code_bytes: usize, rounds: usize, mut f: F) -> usize {
        let start = Instant::now();
        let mut out = 0;
        for _ in 0..rounds {
            out = f();
        }
        let secs = start.elapsed().as_secs_f64();
        let mbps = (code_bytes * rounds) as f64 / secs / 1e6;
        println!(
            "{label:<28} {mbps:7.2} MB/s of code ({:.1} ms/round)",
            secs * 1e3 / rounds as f64
        );
        out
    }

    /// Times `rule_for` over every scope the parser pushes for `blocks`.
    fn lookup_cost(blocks: &[String]) {
        let set = syntax_set();
        let Some(syntax) = set.find_syntax_by_token("py") else {
            return;
        };
        let mut pushed = Vec::new();
        for block in blocks {
            let mut parser = ParseState::new(syntax);
            for line in block.lines() {
                let ops = parser.parse_line(&format!("{line}\n"), set);
                pushed.extend(
                    ops.unwrap_or_default()
                        .into_iter()
                        .filter_map(|(_, op)| match op {
                            syntect::parsing::ScopeStackOp::Push(scope) => Some(scope),
                            _ => None,
                        }),
                );
            }
        }
        let rounds = 200;
        let start = Instant::now();
        let mut hits = 0usize;
        for _ in 0..rounds {
            hits += pushed
                .iter()
                .filter(|&&s| rule_for(std::hint::black_box(s)).is_some())
                .count();
        }
        let ns = start.elapsed().as_secs_f64() * 1e9 / (rounds * pushed.len()) as f64;
        println!(
            "rule lookup: {} pushes per guide pass, {ns:.1} ns each ({:.2} ms per pass), {}% classified",
            pushed.len(),
            ns * pushed.len() as f64 / 1e6,
            hits * 100 / (rounds * pushed.len()).max(1)
        );
    }

    #[test]
    #[ignore]
    fn perf_guide() {
        let blocks = guide_python_blocks();
        let code_bytes: usize = blocks.iter().map(String::len).sum();
        println!(
            "guide: {} python blocks, {code_bytes} bytes of code",
            blocks.len()
        );
        assert!(code_bytes > 0);
        syntax_set();
        let rounds = 20;
        let ours = time("quire highlight_lines", code_bytes, rounds, || {
            blocks
                .iter()
                .flat_map(|b| highlight_lines("python", b).unwrap_or_default())
                .map(|l| l.len() + 1)
                .sum()
        });
        let par = time("quire (rayon, par_iter)", code_bytes, rounds, || {
            use rayon::prelude::*;
            blocks
                .par_iter()
                .map(|b| {
                    highlight_lines("python", b).map_or(0, |l| l.iter().map(|x| x.len() + 1).sum())
                })
                .sum()
        });
        assert_eq!(ours, par);
        time("syntect parse only", code_bytes, rounds, || {
            blocks.iter().map(|b| parse_only(b)).sum()
        });
        let classed = time("syntect ClassedHTMLGenerator", code_bytes, rounds, || {
            blocks.iter().map(|b| classed_html(b)).sum()
        });
        lookup_cost(&blocks);
        println!(
            "HTML/code size: quire {:.2}x ({ours} bytes), ClassedHTMLGenerator {:.2}x ({classed} bytes)",
            ours as f64 / code_bytes as f64,
            classed as f64 / code_bytes as f64
        );
    }
}

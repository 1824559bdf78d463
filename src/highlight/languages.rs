//! Language names: fence words → canonical names → the grammar that highlights them.
//!
//! Two grammar sets are embedded. syntect's own set (75 grammars) answers first, so a site
//! whose code is in a language it has never loads the second: bat's larger set (packaged for
//! syntect by `two-face`), which adds TOML, TypeScript/TSX, Kotlin, Swift, Dockerfile, SCSS,
//! GraphQL, Protocol Buffers, Elixir, nginx, PowerShell, INI and many more.
//!
//! Which grammar a word reaches is decided once, ahead of time, by syntect's own lookup
//! (`find_syntax_by_token` in syntect's set, then in bat's) and stored in `languages.tsv`, so
//! checking a name never loads a grammar set: a build whose code is all in the highlight
//! cache loads none. A test keeps the file equal to what the sets answer.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use syntect::parsing::{SyntaxReference, SyntaxSet};

/// Plain text: escaped, never highlighted.
pub(super) const TEXT: &str = "text";
/// A shell session (`$ command` lines and their output; see `console.rs`).
pub(super) const CONSOLE: &str = "console";

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
    ("shellsession", CONSOLE),
    ("shell-session", CONSOLE),
    ("sh-session", CONSOLE),
    ("terminal", CONSOLE),
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
    ("babel", "jsx"),
    ("typescriptreact", "tsx"),
    ("kt", "kotlin"),
    ("kts", "kotlin"),
    ("docker", "dockerfile"),
    ("containerfile", "dockerfile"),
    ("proto", "protobuf"),
    ("proto3", "protobuf"),
    ("gql", "graphql"),
    ("ex", "elixir"),
    ("exs", "elixir"),
    ("nginxconf", "nginx"),
    ("ps1", "powershell"),
    ("pwsh", "powershell"),
    ("posh", "powershell"),
    ("cfg", "ini"),
    ("dosini", "ini"),
    ("editorconfig", "ini"),
    ("fsharp", "f#"),
    ("hcl", "terraform"),
    ("tf", "terraform"),
    ("plain", TEXT),
    ("plaintext", TEXT),
    ("txt", TEXT),
    ("none", TEXT),
    ("nohighlight", TEXT),
];

/// Canonical names → the token their grammar is found by, where the name alone would not
/// find it (or would find another grammar first). Other canonical names are their own token.
const SYNTAX_TOKENS: &[(&str, &str)] = &[
    ("python", "py"),
    ("bash", "sh"),
    ("javascript", "js"),
    ("rust", "rs"),
    ("csharp", "cs"),
    ("ruby", "rb"),
    ("perl", "pl"),
    ("markdown", "md"),
    ("makefile", "mk"),
    ("haskell", "hs"),
    ("clojure", "clj"),
    ("erlang", "erl"),
    ("ocaml", "ml"),
    ("objective-c", "m"),
    ("batch", "bat"),
];

/// Canonical language name for a fence info-string language through an alias table
/// (lowercased; "py"/"python3"/"py3" → "python", "sh"/"shell"/"zsh" → "bash", "js" → "javascript",
/// "ts" → "typescript", "yml" → "yaml", "rs" → "rust", "shell-session" → "console",
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
        return TEXT.to_string();
    }
    match ALIASES.iter().find(|(alias, _)| *alias == word) {
        Some((_, canonical)) => (*canonical).to_string(),
        None => word,
    }
}

/// The grammar set a word's grammar comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(super) enum Source {
    /// syntect's own set.
    Syntect,
    /// bat's set (`two-face`), loaded only when a word needs it.
    Bat,
}

impl Source {
    const ALL: [Source; 2] = [Source::Syntect, Source::Bat];

    fn tag(self) -> &'static str {
        match self {
            Source::Syntect => "syntect",
            Source::Bat => "bat",
        }
    }

    /// The grammar set, loaded on first use.
    pub(super) fn set(self) -> &'static SyntaxSet {
        static SYNTECT: OnceLock<SyntaxSet> = OnceLock::new();
        static BAT: OnceLock<SyntaxSet> = OnceLock::new();
        match self {
            Source::Syntect => SYNTECT.get_or_init(SyntaxSet::load_defaults_newlines),
            Source::Bat => BAT.get_or_init(two_face::syntax::extra_newlines),
        }
    }
}

/// Where a token leads: the set and the grammar's name in it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Target {
    source: Source,
    grammar: &'static str,
}

/// The word → grammar table, generated from the two sets (see the test
/// `the_table_is_what_the_sets_answer`): `word<TAB>set<TAB>grammar name`, sorted by word.
const TABLE: &str = include_str!("languages.tsv");

/// [`TABLE`] parsed, by token.
fn table() -> &'static BTreeMap<&'static str, Target> {
    static PARSED: OnceLock<BTreeMap<&'static str, Target>> = OnceLock::new();
    PARSED.get_or_init(|| {
        TABLE
            .lines()
            .filter(|line| !line.starts_with('#'))
            .filter_map(|line| {
                let mut fields = line.split('\t');
                let (word, tag, grammar) = (fields.next()?, fields.next()?, fields.next()?);
                let source = Source::ALL.into_iter().find(|s| s.tag() == tag)?;
                Some((word, Target { source, grammar }))
            })
            .collect()
    })
}

/// The token a canonical language name is looked up by ([`SYNTAX_TOKENS`], else the name).
fn syntax_token(lang: &str) -> &str {
    SYNTAX_TOKENS
        .iter()
        .find(|(name, _)| *name == lang)
        .map_or(lang, |(_, token)| token)
}

/// The grammar of a canonical (normalised) language name, without loading it.
fn target(lang: &str) -> Option<Target> {
    table().get(syntax_token(lang)).copied()
}

/// The grammar that highlights a normalised language name, loading its set on first use
/// (`None` for "text", "console" and unknown names).
pub(super) fn find_syntax(lang: &str) -> Option<(Source, &'static SyntaxReference)> {
    let Target { source, grammar } = target(lang)?;
    Some((source, source.set().find_syntax_by_name(grammar)?))
}

/// True when `highlight_lines` can highlight this (normalised) language; "text" counts as
/// known (plain). Answered without loading a grammar set.
pub fn is_known(lang: &str) -> bool {
    lang == TEXT || lang == CONSOLE || target(lang).is_some()
}

/// One language as `quire languages` lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Language {
    /// What the grammar calls itself (`"Python"`, `"Bourne Again Shell (bash)"`).
    pub title: String,
    /// Every fence word that reaches it, the usual name first.
    pub words: Vec<String>,
}

/// Every language with every fence word that reaches it, ordered by usual name. Derived by
/// running each candidate word through [`normalize_language`] and the table, so it lists
/// exactly what works.
pub fn catalog() -> Vec<Language> {
    let aliases = ALIASES.iter().flat_map(|&(alias, name)| [alias, name]);
    let candidates = table()
        .keys()
        .copied()
        .chain(aliases)
        .chain(SYNTAX_TOKENS.iter().map(|&(name, _)| name))
        .chain([TEXT, CONSOLE]);
    let mut groups: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for word in candidates {
        let lang = normalize_language(word);
        let title = match lang.as_str() {
            TEXT => "Plain text",
            CONSOLE => "Shell session",
            _ => match target(&lang) {
                Some(t) => t.grammar,
                None => continue,
            },
        };
        let words = groups.entry(title).or_default();
        if !words.contains(&word) {
            words.push(word);
        }
    }
    let mut languages: Vec<Language> = groups
        .into_iter()
        .map(|(title, mut words)| {
            words.sort_unstable();
            let usual = usual_word(title, &words);
            words.retain(|w| *w != usual);
            words.insert(0, usual);
            Language {
                title: title.to_string(),
                words: words.into_iter().map(String::from).collect(),
            }
        })
        .collect();
    languages.sort_by(|a, b| a.words[0].cmp(&b.words[0]).then(a.title.cmp(&b.title)));
    languages
}

/// The word a language is usually written as: a canonical name quire maps aliases to, else
/// the grammar's own name, else the first word.
fn usual_word<'w>(title: &str, words: &[&'w str]) -> &'w str {
    let canonical = |w: &&&str| ALIASES.iter().any(|(_, name)| name == *w);
    let own_name = |w: &&&str| w.eq_ignore_ascii_case(title);
    let found = words.iter().find(canonical).or(words.iter().find(own_name));
    found.or(words.first()).copied().unwrap_or_default()
}

/// The `quire languages` listing: one language a line, its usual name, what the grammar is
/// called, then every alias.
pub fn listing() -> String {
    let languages = catalog();
    let width = languages
        .iter()
        .map(|l| l.words[0].len())
        .max()
        .unwrap_or(0);
    let mut out = String::new();
    for Language { title, words } in &languages {
        let aliases = words[1..].join(", ");
        let line = format!("{:width$}  {title}", words[0]);
        out.push_str(line.trim_end());
        if !aliases.is_empty() {
            out.push_str(": ");
            out.push_str(&aliases);
        }
        out.push('\n');
    }
    out
}

/// The three known fence words closest to `word` (most similar first; ties alphabetical).
pub(super) fn closest(word: &str) -> Vec<String> {
    let word = word.to_lowercase();
    let mut words: Vec<(f64, String)> = catalog()
        .into_iter()
        .flat_map(|l| l.words)
        .map(|w| (strsim::normalized_damerau_levenshtein(&word, &w), w))
        .collect();
    words.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    words.dedup_by(|a, b| a.1 == b.1);
    words.into_iter().take(3).map(|(_, w)| w).collect()
}

/// What an unknown-language warning suggests: the closest names and where to find the rest.
pub fn unknown_language_hint(word: &str) -> String {
    format!(
        "closest known names: {}; `quire languages` lists them all (`text` for plain)",
        closest(word).join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The table as the two grammar sets answer it today: every token syntect's lookup
    /// (`find_syntax_by_token`: a file extension or a grammar name, case-insensitive) accepts
    /// that a fence word can spell. A grammar named for the word wins (```` ```sass ```` is
    /// bat's Sass, not syntect's Haml, which lists `sass` among its extensions); then
    /// syntect's set answers before bat's.
    fn table_from_sets() -> String {
        let mut words: Vec<String> = Source::ALL
            .iter()
            .flat_map(|s| s.set().syntaxes())
            .flat_map(|s| s.file_extensions.iter().chain([&s.name]))
            .map(|t| t.to_lowercase())
            .filter(|t| is_a_token(t))
            .collect();
        words.sort();
        words.dedup();
        let mut out = String::from(
            "# word\tset\tgrammar (generated by a test: QUIRE_UPDATE_LANGUAGES=1 cargo test --lib languages)\n",
        );
        for word in words {
            let named = |s: Source| {
                s.set()
                    .syntaxes()
                    .iter()
                    .rev()
                    .find(|g| g.name.eq_ignore_ascii_case(&word))
            };
            let found = Source::ALL
                .iter()
                .find_map(|&s| Some((s, named(s)?)))
                .or_else(|| {
                    Source::ALL
                        .iter()
                        .find_map(|&s| Some((s, s.set().find_syntax_by_token(&word)?)))
                });
            if let Some((source, syntax)) = found {
                out.push_str(&format!("{word}\t{}\t{}\n", source.tag(), syntax.name));
            }
        }
        out
    }

    /// True when some canonical name is looked up by `token`.
    fn is_a_token(token: &str) -> bool {
        let canonical = normalize_language(token) == token && syntax_token(token) == token;
        canonical || SYNTAX_TOKENS.iter().any(|&(_, t)| t == token)
    }

    #[test]
    fn the_table_is_what_the_sets_answer() {
        let fresh = table_from_sets();
        if fresh != TABLE && std::env::var_os("QUIRE_UPDATE_LANGUAGES").is_some() {
            let path = concat!(env!("CARGO_MANIFEST_DIR"), "/src/highlight/languages.tsv");
            std::fs::write(path, &fresh).expect("write languages.tsv");
            return;
        }
        assert!(
            fresh == TABLE,
            "src/highlight/languages.tsv is stale: run QUIRE_UPDATE_LANGUAGES=1 cargo test --lib languages"
        );
        // Each grammar name is unique in its set, so the name finds the grammar the token did.
        for source in Source::ALL {
            let mut names: Vec<_> = source.set().syntaxes().iter().map(|s| &s.name).collect();
            let count = names.len();
            names.sort();
            names.dedup();
            assert_eq!(names.len(), count, "{source:?}");
        }
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
            ("shell-session", "console"),
            ("kt", "kotlin"),
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

    /// The names real guides use that syntect's own set lacks.
    const BAT_NAMES: [&str; 12] = [
        "toml",
        "tsx",
        "kotlin",
        "swift",
        "dockerfile",
        "scss",
        "graphql",
        "protobuf",
        "elixir",
        "nginx",
        "powershell",
        "ini",
    ];

    #[test]
    fn known_names_come_from_the_right_set() {
        for lang in [
            "python",
            "bash",
            "javascript",
            "json",
            "yaml",
            "rust",
            "c",
            "cpp",
        ] {
            assert_eq!(
                target(lang).map(|t| t.source),
                Some(Source::Syntect),
                "{lang}"
            );
        }
        for lang in BAT_NAMES.into_iter().chain(["typescript", "jsx"]) {
            assert_eq!(target(lang).map(|t| t.source), Some(Source::Bat), "{lang}");
            assert!(is_known(lang), "{lang}");
        }
        for lang in ["text", "console"] {
            assert!(is_known(lang) && find_syntax(lang).is_none(), "{lang}");
        }
        assert!(!is_known("no-such-language"));
        assert!(!is_known(""));
        assert!(find_syntax("no-such-language").is_none());
    }

    #[test]
    fn every_listed_word_works() {
        let languages = catalog();
        let mut seen = std::collections::HashSet::new();
        for language in &languages {
            for word in &language.words {
                let lang = normalize_language(word);
                assert!(is_known(&lang), "{word} in {}", language.title);
                assert!(seen.insert(word.clone()), "{word} listed twice");
            }
        }
        let python = languages.iter().find(|l| l.title == "Python");
        let words = python.map(|l| l.words.clone()).unwrap_or_default();
        assert_eq!(words.first().map(String::as_str), Some("python"));
        assert!(words.iter().any(|w| w == "py3"), "{words:?}");
    }

    #[test]
    fn the_listing_names_every_language_and_alias() {
        let listing = listing();
        let lines: Vec<&str> = listing.lines().collect();
        let line_of = |name: &str| {
            lines
                .iter()
                .find(|l| l.split_whitespace().next() == Some(name))
                .copied()
        };
        for name in BAT_NAMES.into_iter().chain(["console", "python", "text"]) {
            assert!(line_of(name).is_some(), "{name} missing:\n{listing}");
        }
        let python = line_of("python").unwrap_or_default();
        assert!(
            python.contains("Python: ") && python.contains(", py3,"),
            "{python}"
        );
        let console = line_of("console").unwrap_or_default();
        assert!(console.contains("shell-session"), "{console}");
        let kotlin = line_of("kotlin").unwrap_or_default();
        assert!(
            kotlin.contains(" kt,") || kotlin.contains(" kt"),
            "{kotlin}"
        );
    }

    #[test]
    fn closest_names() {
        assert_eq!(
            closest("pyhton").first().map(String::as_str),
            Some("python")
        );
        assert_eq!(closest("kotln").first().map(String::as_str), Some("kotlin"));
        assert_eq!(
            closest("Dockerfil").first().map(String::as_str),
            Some("dockerfile")
        );
        assert_eq!(closest("klingon").len(), 3);
        let hint = unknown_language_hint("typscript");
        assert!(
            hint.starts_with("closest known names: typescript, "),
            "{hint}"
        );
        assert!(hint.ends_with("`quire languages` lists them all (`text` for plain)"));
    }
}

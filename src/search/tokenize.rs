//! The search tokenizer: text → words, each with the terms it is indexed under.
//!
//! `static/assets/search.js` implements the same rules for queries, snippets and the
//! highlighting of a landing page; the browser test checks that both agree on a sample.
//!
//! Rules, in order:
//! - A word is a run of letters, digits (Unicode `Alphabetic`/`Numeric`) and `_`, possibly
//!   joined by `.` or an apostrophe between two such characters: `loop.run_in_executor`,
//!   `what's`, `3.12` are one word each. Everything else separates words.
//! - Chinese, Japanese and Korean characters never join a word: each run of them is indexed
//!   as overlapping bigrams (`并发编程` → `并发`, `发编`, `编程`); a lone character is its
//!   own term.
//! - Terms are lowercase. A word yields its whole form first, then (deduplicated) each
//!   dotted segment, the segment without leading/trailing `_` (`__slots__` → `slots`), its
//!   `_`-separated parts and its CamelCase parts (`WeakValueDictionary` → `weak`, `value`,
//!   `dictionary`; `HTTPServer` → `http`, `server`); apostrophes are also dropped
//!   (`what's` → `whats`). All terms of a word share its position.
//! - No stop words: `with`, `in`, `is`, `not` are Python keywords and interview topics.
//! - [`stem`]: English Snowball (Porter2) for terms of ASCII letters only; identifiers with
//!   `_`, `.` or digits and non-English words are kept as they are.

use std::borrow::Cow;
use std::sync::OnceLock;

use rust_stemmers::{Algorithm, Stemmer};

/// Longest term kept; longer runs (hashes, base64) are not useful search terms.
pub const MAX_TERM_CHARS: usize = 64;

/// One word of the text: the terms it is indexed under (whole form first).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// The word's whole form, then its parts (`snake_case` → `snake`, `case`).
    pub terms: Vec<String>,
}

/// Splits `text` into words (see the module rules). Positions are the indexes in the result.
pub fn words(text: &str) -> Vec<Word> {
    let mut out: Vec<Word> = Vec::new();
    scan(text, |pos, term| match out.get_mut(pos as usize) {
        Some(w) => w.terms.push(term.to_string()),
        None => out.push(Word {
            terms: vec![term.to_string()],
        }),
    });
    out
}

/// Calls `emit(position, term)` for every term of every word of `text`, in order, without
/// allocating for plain lowercase words (the indexer's hot path). Returns the word count.
pub fn scan(text: &str, mut emit: impl FnMut(u32, &str)) -> u32 {
    let mut pos = 0u32;
    let mut chars = text.char_indices().peekable();
    let mut pair = String::new();
    let mut lower = String::new();
    while let Some((start, c)) = chars.next() {
        if is_cjk(c) {
            let (mut prev, mut alone) = (c, true);
            while let Some(&(_, n)) = chars.peek().filter(|&&(_, n)| is_cjk(n)) {
                pair.clear();
                pair.push(prev);
                pair.push(n);
                emit(pos, &pair);
                pos += 1;
                (prev, alone) = (n, false);
                chars.next();
            }
            if alone {
                emit(pos, c.encode_utf8(&mut [0; 4]));
                pos += 1;
            }
        } else if is_word_char(c) {
            let mut end = start + c.len_utf8();
            loop {
                while let Some(&(i, n)) = chars.peek().filter(|&&(_, n)| is_word_char(n)) {
                    end = i + n.len_utf8();
                    chars.next();
                }
                // A joiner continues the word only when a word character follows it.
                let Some(&(_, j)) = chars.peek().filter(|&&(_, j)| is_joiner(j)) else {
                    break;
                };
                let after = text[end + j.len_utf8()..].chars().next();
                if !after.is_some_and(is_word_char) {
                    break;
                }
                chars.next();
                end += j.len_utf8();
            }
            let raw = &text[start..end];
            if raw
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
            {
                // A plain lowercase word is its only term.
                if raw.len() <= MAX_TERM_CHARS {
                    emit(pos, raw);
                    pos += 1;
                }
            } else if is_simple_word(raw) {
                // `Python`, `GIL`: the lowercase form is the only term (as `compound_word`
                // would find, without its allocations: most capitalised words are these).
                if raw.len() <= MAX_TERM_CHARS {
                    lower.clear();
                    lower.extend(raw.bytes().map(|b| char::from(b.to_ascii_lowercase())));
                    emit(pos, &lower);
                    pos += 1;
                }
            } else if is_code_word(raw) {
                // `run_in_executor`, `self.loop.stop`: every term is a slice of the word.
                let terms = code_word_terms(raw);
                for term in &terms {
                    emit(pos, term);
                }
                pos += u32::from(!terms.is_empty());
            } else if let Some(word) = compound_word(raw) {
                for term in &word.terms {
                    emit(pos, term);
                }
                pos += 1;
            }
        }
    }
    pos
}

/// An ASCII word with one term, its lowercase form: a capital and then lowercase letters and
/// digits (`Python3`), or capitals only (`GIL`). Anything else may split (`HTTPServer`,
/// `2FA`, `__slots__`, `a.b`) and goes through [`compound_word`].
fn is_simple_word(raw: &str) -> bool {
    let bytes = raw.as_bytes();
    match bytes.split_first() {
        Some((first, rest)) if first.is_ascii_uppercase() => {
            rest.iter()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
                || rest.iter().all(u8::is_ascii_uppercase)
        }
        _ => false,
    }
}

/// A lowercase ASCII identifier with `_` or `.` (most words of code): its terms are all slices
/// of it ([`code_word_terms`]), with no case to fold and no apostrophe to drop.
fn is_code_word(raw: &str) -> bool {
    raw.bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'.')
}

/// The terms [`compound_word`] gives a [`is_code_word`] word, in the same order, without
/// allocating a string: the word, each dotted segment, the segment without leading and
/// trailing `_`, and its `_`-separated parts (lowercase words have no CamelCase parts).
fn code_word_terms(raw: &str) -> Vec<&str> {
    let mut terms: Vec<&str> = Vec::new();
    if !raw.bytes().any(|b| b.is_ascii_alphanumeric()) {
        return terms;
    }
    fn add_term<'a>(terms: &mut Vec<&'a str>, t: &'a str) {
        if !t.is_empty() && t.len() <= MAX_TERM_CHARS && !terms.contains(&t) {
            terms.push(t);
        }
    }
    add_term(&mut terms, raw);
    for segment in raw.split('.').filter(|s| !s.is_empty()) {
        add_term(&mut terms, segment);
        let stripped = segment.trim_matches('_');
        add_term(&mut terms, stripped);
        for part in stripped.split('_').filter(|p| !p.is_empty()) {
            add_term(&mut terms, part);
        }
    }
    terms
}

/// Every term of `text`, in order (a convenience for tests and callers that ignore positions).
pub fn terms(text: &str) -> Vec<String> {
    words(text).into_iter().flat_map(|w| w.terms).collect()
}

/// A letter, digit or `_` that is not CJK.
fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric() || c == '_';
    }
    c.is_alphanumeric() && !is_cjk(c)
}

fn is_joiner(c: char) -> bool {
    matches!(c, '.' | '\'' | '\u{2019}')
}

/// Han, kana, Hangul and their compatibility forms: scripts written without spaces.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x11FF | 0x2E80..=0x2FDF | 0x3040..=0x30FF | 0x3100..=0x312F | 0x3130..=0x318F
        | 0x31A0..=0x31FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xA960..=0xA97F | 0xAC00..=0xD7FF
        | 0xF900..=0xFAFF | 0xFF66..=0xFF9F | 0x20000..=0x2FFFF)
}

/// The terms of one word (see the module rules); `None` for a word of underscores only.
fn compound_word(raw: &str) -> Option<Word> {
    if !raw.chars().any(char::is_alphanumeric) {
        return None;
    }
    let raw = raw.replace('\u{2019}', "'");
    let mut terms: Vec<String> = Vec::new();
    let mut add = |t: &str| {
        let t = t.to_lowercase();
        if !t.is_empty() && t.chars().count() <= MAX_TERM_CHARS && !terms.contains(&t) {
            terms.push(t);
        }
    };
    add(&raw);
    let plain = raw.replace('\'', "");
    add(&plain);
    let segments: Vec<&str> = plain.split('.').filter(|s| !s.is_empty()).collect();
    for segment in &segments {
        add(segment);
        let stripped = segment.trim_matches('_');
        add(stripped);
        let parts: Vec<&str> = stripped.split('_').filter(|p| !p.is_empty()).collect();
        for part in &parts {
            add(part);
            for camel in camel_parts(part) {
                add(camel);
            }
        }
    }
    (!terms.is_empty()).then_some(Word { terms })
}

/// `WeakValueDictionary` → `Weak`, `Value`, `Dictionary`; `HTTPServer` → `HTTP`, `Server`.
/// Digits stay with the letters before them. A word without case changes is one part.
fn camel_parts(part: &str) -> Vec<&str> {
    let chars: Vec<(usize, char)> = part.char_indices().collect();
    let mut cuts = vec![0];
    for k in 1..chars.len() {
        let (prev, cur) = (chars[k - 1].1, chars[k].1);
        let next_lower = chars.get(k + 1).is_some_and(|&(_, n)| n.is_lowercase());
        let lower_to_upper = (prev.is_lowercase() || prev.is_numeric()) && cur.is_uppercase();
        let acronym_end = prev.is_uppercase() && cur.is_uppercase() && next_lower;
        if lower_to_upper || acronym_end {
            cuts.push(chars[k].0);
        }
    }
    if cuts.len() == 1 {
        return Vec::new();
    }
    cuts.push(part.len());
    cuts.windows(2).map(|w| &part[w[0]..w[1]]).collect()
}

/// The English Snowball stem of a term of ASCII letters; any other term unchanged.
pub fn stem(term: &str) -> Cow<'_, str> {
    static STEMMER: OnceLock<Stemmer> = OnceLock::new();
    if term.len() < 3 || !term.bytes().all(|b| b.is_ascii_lowercase()) {
        return Cow::Borrowed(term);
    }
    let stemmer = STEMMER.get_or_init(|| Stemmer::create(Algorithm::English));
    match stemmer.stem(term) {
        Cow::Borrowed(_) => Cow::Borrowed(term),
        Cow::Owned(s) if s == term => Cow::Borrowed(term),
        Cow::Owned(s) => Cow::Owned(s),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word_terms(text: &str) -> Vec<Vec<String>> {
        words(text).into_iter().map(|w| w.terms).collect()
    }

    #[test]
    fn splits_on_unicode_word_boundaries_and_lowercases() {
        assert_eq!(
            terms("The GIL, Ünïcode-text; naïve"),
            ["the", "gil", "ünïcode", "text", "naïve"]
        );
        assert_eq!(terms("  ¿Qué?  Straße…"), ["qué", "straße"]);
        assert_eq!(terms("Привет мир"), ["привет", "мир"]);
    }

    #[test]
    fn dotted_call_yields_whole_name_parts_and_words() {
        assert_eq!(
            word_terms("loop.run_in_executor("),
            [[
                "loop.run_in_executor",
                "loop",
                "run_in_executor",
                "run",
                "in",
                "executor"
            ]]
        );
    }

    #[test]
    fn camel_case_yields_its_parts() {
        assert_eq!(
            word_terms("WeakValueDictionary"),
            [["weakvaluedictionary", "weak", "value", "dictionary"]]
        );
        assert_eq!(word_terms("HTTPServer"), [["httpserver", "http", "server"]]);
        assert_eq!(
            word_terms("ThreadPoolExecutor"),
            [["threadpoolexecutor", "thread", "pool", "executor"]]
        );
        assert_eq!(
            word_terms("getHTTPResponse2"),
            [["gethttpresponse2", "get", "http", "response2"]]
        );
        assert_eq!(word_terms("python"), [["python"]]);
    }

    #[test]
    fn dunder_names_match_with_and_without_underscores() {
        assert_eq!(word_terms("__slots__"), [["__slots__", "slots"]]);
        assert_eq!(
            word_terms("obj.__init__()"),
            [["obj.__init__", "obj", "__init__", "init"]]
        );
        assert_eq!(terms("_ __ ___"), Vec::<String>::new());
    }

    #[test]
    fn dotted_names_are_one_word_with_each_part() {
        assert_eq!(
            word_terms("asyncio.gather(*tasks)"),
            [vec!["asyncio.gather", "asyncio", "gather"], vec!["tasks"]]
        );
        // A sentence's full stop is not a joiner.
        assert_eq!(word_terms("wait. Then"), [["wait"], ["then"]]);
        assert_eq!(
            word_terms("Python 3.12"),
            [vec!["python"], vec!["3.12", "3", "12"]]
        );
    }

    #[test]
    fn apostrophes_join_and_are_also_dropped() {
        assert_eq!(word_terms("What's"), [["what's", "whats"]]);
        assert_eq!(word_terms("doesn\u{2019}t"), [["doesn't", "doesnt"]]);
        assert_eq!(word_terms("'quoted'"), [["quoted"]]);
    }

    #[test]
    fn python_keywords_are_kept() {
        let t = terms("with yield is not in global async await lambda the a");
        assert_eq!(
            t,
            [
                "with", "yield", "is", "not", "in", "global", "async", "await", "lambda", "the",
                "a"
            ]
        );
    }

    #[test]
    fn cjk_runs_become_bigrams() {
        assert_eq!(terms("并发编程"), ["并发", "发编", "编程"]);
        assert_eq!(terms("GIL是全局锁"), ["gil", "是全", "全局", "局锁"]);
        assert_eq!(terms("非同期 処理"), ["非同", "同期", "処理"]);
        assert_eq!(terms("字"), ["字"]);
        assert_eq!(
            terms("ひらがなカタカナ"),
            ["ひら", "らが", "がな", "なカ", "カタ", "タカ", "カナ"]
        );
    }

    #[test]
    fn very_long_runs_keep_only_their_short_parts() {
        let long = format!("{}_end", "x".repeat(80));
        assert_eq!(terms(&long), ["end"]);
    }

    #[test]
    fn stems_english_words_only() {
        assert_eq!(stem("gathering"), "gather");
        assert_eq!(stem("gathered"), "gather");
        assert_eq!(stem("gathers"), "gather");
        assert_eq!(stem("decorators"), "decor");
        assert_eq!(stem("closures"), "closur");
        assert_eq!(stem("is"), "is");
        assert_eq!(stem("run_in_executor"), "run_in_executor");
        assert_eq!(stem("asyncio.gather"), "asyncio.gather");
        assert_eq!(stem("naïve"), "naïve");
        assert_eq!(stem("py3"), "py3");
    }

    #[test]
    fn simple_words_are_the_ones_compound_word_does_not_split() {
        for word in ["Python", "Python3", "GIL", "A", "Ab3", "HTTP"] {
            assert!(is_simple_word(word), "{word}");
            let terms = compound_word(word).map(|w| w.terms).unwrap_or_default();
            assert_eq!(terms, [word.to_lowercase()], "{word}");
        }
        for word in [
            "HTTPServer",
            "GILs",
            "2FA",
            "3D",
            "HTTP2",
            "WeakSet",
            "a",
            "_A",
            "É",
        ] {
            assert!(!is_simple_word(word), "{word}");
        }
    }

    #[test]
    fn code_words_give_compound_words_terms() {
        for word in [
            "run_in_executor",
            "__slots__",
            "self.loop.run_in_executor",
            "a.b",
            "x_1.y__z",
            "_",
            "__",
            "3.12",
        ] {
            assert!(is_code_word(word), "{word}");
            let terms = compound_word(word).map(|w| w.terms).unwrap_or_default();
            assert_eq!(code_word_terms(word), terms, "{word}");
        }
        assert!(!is_code_word("Run_in"));
        assert!(!is_code_word("what's"));
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(512))]
        #[test]
        fn the_code_word_path_gives_compound_words_terms(word in "[a-z0-9_.]{1,80}") {
            let terms = compound_word(&word).map(|w| w.terms).unwrap_or_default();
            proptest::prop_assert_eq!(code_word_terms(&word), terms);
        }

        #[test]
        fn the_simple_word_path_gives_compound_words_terms(word in "[A-Za-z0-9]{1,10}") {
            if is_simple_word(&word) {
                let terms = compound_word(&word).map(|w| w.terms).unwrap_or_default();
                proptest::prop_assert_eq!(terms, vec![word.to_lowercase()]);
            }
        }
    }
}

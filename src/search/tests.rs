//! Index shape: documents, dictionary order, shard layout, encoding, determinism.

use std::collections::BTreeSet;

use super::index::{
    CODE, Document, HEADINGS, Kind, QUESTION, TEXT, TITLE, collect_documents, invert,
};
use super::shard::{self, decode_numbers, encode_number, index_files, length_code, term_shards};
use crate::config::Config;
use crate::model::Site;

const GUIDE: &str = "# Guide

Lead text about the guide.

## Async Programming

Intro to asyncio.

### Event Loop

Use `loop.run_in_executor()` for blocking calls.

**Offloading work**:
```python
result = await loop.run_in_executor(None, blocking)
```

1. **Q**: What's the difference between `asyncio.gather()` and `asyncio.wait()`?
   **A**: gather returns results in order; wait gives done and pending sets.

### Why use WeakValueDictionary?

A `WeakValueDictionary` drops entries when the value dies.

## Memory

Slots: `__slots__` saves memory.
";

fn site(text: &str) -> Site {
    site_in(text, "en")
}

/// [`site`] in another language (only English is stemmed).
fn site_in(text: &str, language: &str) -> Site {
    let config = Config {
        question_headings: true,
        language: language.to_string(),
        ..Config::default()
    };
    let (site, diags) = crate::parse::parse_text("guide.md", text, config);
    assert!(diags.iter().all(|d| !d.is_error()), "{diags:?}");
    site
}

fn find<'a>(docs: &'a [Document], kind: Kind, title_part: &str) -> &'a Document {
    docs.iter()
        .find(|d| d.kind == kind && d.title.contains(title_part))
        .unwrap_or_else(|| panic!("no {kind:?} titled {title_part:?} in {docs:#?}"))
}

#[test]
fn every_section_question_and_example_is_a_document() {
    let site = site(GUIDE);
    let docs = collect_documents(&site);
    let counts = site.counts();
    let kinds = |k: Kind| docs.iter().filter(|d| d.kind == k).count();
    assert_eq!(kinds(Kind::Page), counts.pages);
    // A question heading is one question document, not also a section.
    let heading_questions = site
        .pages
        .iter()
        .flat_map(|p| &p.sections)
        .filter(|s| s.question.is_some())
        .count();
    assert_eq!(heading_questions, 1);
    assert_eq!(kinds(Kind::Section), counts.sections - heading_questions);
    assert_eq!(kinds(Kind::Question), counts.questions);
    assert_eq!(kinds(Kind::Example), counts.examples);

    let section = find(&docs, Kind::Section, "Event Loop");
    assert_eq!(section.url, "async-programming.html#event-loop");
    assert_eq!(section.crumb, "Async Programming");
    assert!(section.fields[TEXT].contains("run_in_executor"));

    let q = find(&docs, Kind::Question, "difference between");
    assert!(q.url.starts_with("async-programming.html#q-"), "{}", q.url);
    assert_eq!(q.crumb, "Async Programming › Event Loop");
    assert!(q.fields[QUESTION].contains("asyncio.gather()"));
    assert!(q.fields[TEXT].contains("pending sets"));
    assert_eq!(q.fields[HEADINGS], "Async Programming\nEvent Loop");

    let ex = find(&docs, Kind::Example, "Offloading work");
    assert!(
        ex.url.starts_with("async-programming.html#ex-"),
        "{}",
        ex.url
    );
    assert_eq!(ex.fields[TITLE], "Offloading work");
    assert!(ex.fields[CODE].contains("loop.run_in_executor(None, blocking)"));

    let hq = find(&docs, Kind::Question, "WeakValueDictionary");
    assert!(
        hq.url.ends_with("#why-use-weakvaluedictionary"),
        "{}",
        hq.url
    );
    assert!(hq.text.contains("drops entries"));
}

#[test]
fn dictionary_is_sorted_in_utf16_order_with_stems() {
    let docs = collect_documents(&site(GUIDE));
    let index = invert(&docs, true);
    let terms: Vec<&str> = index.terms.iter().map(|t| t.term.as_str()).collect();
    let mut sorted = terms.clone();
    sorted.sort_by(|a, b| a.encode_utf16().cmp(b.encode_utf16()));
    assert_eq!(terms, sorted);
    assert_eq!(
        terms.iter().collect::<BTreeSet<_>>().len(),
        terms.len(),
        "terms are unique"
    );
    for want in [
        "loop.run_in_executor",
        "run_in_executor",
        "executor",
        "weakvaluedictionary",
        "weak",
        "__slots__",
        "slots",
        "asyncio.gather",
        "in",
        "what's",
        "whats",
    ] {
        assert!(terms.contains(&want), "missing {want}");
    }
    let entry = index
        .terms
        .iter()
        .find(|t| t.term == "entries")
        .expect("entries");
    assert_eq!(entry.stem.as_deref(), Some("entri"));
    let entry = index
        .terms
        .iter()
        .find(|t| t.term == "run_in_executor")
        .expect("run_in_executor");
    assert_eq!(entry.stem, None);
    // Every posting list is ordered by document then field, positions by word.
    for t in &index.terms {
        assert!(
            t.hits
                .windows(2)
                .all(|w| (w[0].doc, w[0].field) < (w[1].doc, w[1].field)),
            "{}",
            t.term
        );
        assert_eq!(
            t.hits.iter().map(|h| h.count as usize).sum::<usize>(),
            t.positions.len()
        );
        for h in &t.hits {
            let pos = t.positions_of(h);
            assert!(pos.windows(2).all(|w| w[0] < w[1]) && pos.iter().all(|&x| x < h.field_len));
        }
    }
}

#[test]
fn compound_and_parts_share_a_position() {
    let docs = collect_documents(&site(GUIDE));
    let index = invert(&docs, true);
    let ex = docs
        .iter()
        .position(|d| d.kind == Kind::Example)
        .expect("example") as u32;
    let pos = |term: &str| {
        let t = index.terms.iter().find(|t| t.term == term).expect(term);
        let hit = t
            .hits
            .iter()
            .find(|h| h.doc == ex && usize::from(h.field) == CODE)
            .expect("in the example's code");
        t.positions_of(hit).to_vec()
    };
    assert_eq!(pos("loop.run_in_executor"), pos("executor"));
    assert_eq!(pos("run_in_executor"), pos("loop"));
}

#[test]
fn numbers_round_trip() {
    let values = [0, 1, 31, 32, 33, 1023, 1024, 65_535, 1 << 20, u32::MAX];
    let mut s = String::new();
    for &v in &values {
        encode_number(&mut s, v);
    }
    assert_eq!(decode_numbers(&s), values);
    assert!(
        s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    );
    assert_eq!(
        (1..16).map(length_code).collect::<Vec<_>>(),
        (1..16).collect::<Vec<_>>()
    );
    assert_eq!(length_code(16), 16);
    assert_eq!(length_code(44), 20);
    let codes: Vec<u32> = (1..100_000).map(length_code).collect();
    assert!(codes.windows(2).all(|w| w[0] <= w[1]), "monotonic");
    assert_eq!(length_code(u32::MAX), 63);
}

#[test]
fn shards_cover_every_term_exactly_once() {
    for sizes in [
        vec![],
        vec![10],
        vec![100; 1000],
        vec![
            shard::TERM_SHARD_BYTES * 3,
            5,
            5,
            shard::TERM_SHARD_BYTES,
            1,
        ],
    ] {
        let shards = term_shards(&sizes);
        let mut next = 0;
        for r in &shards {
            assert_eq!(r.start, next, "contiguous");
            assert!(r.end > r.start || sizes.is_empty());
            next = r.end;
        }
        assert_eq!(next, sizes.len());
    }
}

/// Parses the `[[term, postings, stem?], …]` array of a shard file.
fn shard_terms(bytes: &[u8]) -> Vec<String> {
    let text = std::str::from_utf8(bytes).expect("utf-8");
    let json = text
        .split_once(',')
        .expect("name,data")
        .1
        .trim_end()
        .trim_end_matches(");");
    let rows: Vec<Vec<serde_json::Value>> = serde_json::from_str(json).expect("shard json");
    rows.iter()
        .map(|r| r[0].as_str().expect("term").to_string())
        .collect()
}

#[test]
fn files_hold_every_term_once_in_shard_order_and_are_deterministic() {
    let docs = collect_documents(&site(GUIDE));
    let index = invert(&docs, true);
    let files = index_files(&index, &docs, true);
    assert_eq!(
        files,
        index_files(&invert(&docs, true), &docs, true),
        "same input, same bytes"
    );
    let meta = files
        .iter()
        .find(|(p, _)| p == "search/meta.js")
        .expect("meta");
    let meta_text = String::from_utf8(meta.1.to_vec()).expect("utf-8");
    assert!(
        meta_text.starts_with("quireSearch.add(\"meta\",{"),
        "{meta_text}"
    );
    let mut all = Vec::new();
    for i in 0.. {
        let Some((_, bytes)) = files.iter().find(|(p, _)| *p == format!("search/t{i}.js")) else {
            break;
        };
        let terms = shard_terms(bytes);
        assert!(
            meta_text.contains(&format!("{:?}", terms[0])),
            "meta lists the first term of t{i}"
        );
        all.extend(terms);
    }
    let expected: Vec<String> = index.terms.iter().map(|t| t.term.clone()).collect();
    assert_eq!(all, expected);
}

#[test]
fn whole_site_index_is_deterministic() {
    let a = super::search_files(&site(GUIDE));
    let b = super::search_files(&site(GUIDE));
    assert_eq!(a, b);
    assert!(
        a.iter()
            .all(|(p, _)| p.starts_with("search/") && p.ends_with(".js"))
    );
}

#[test]
fn a_memo_reuses_unchanged_pages_and_gives_the_same_index() {
    let mut memo = super::SearchMemo::default();
    let full = |text: &str| super::search_files(&site(text));
    let first = super::search_files_memo(&site(GUIDE), Some(&mut memo));
    assert_eq!(first, full(GUIDE));
    // Edit one chapter (more words, shifting every later document), then rename a term.
    for edit in [
        GUIDE.replace(
            "`__slots__` saves memory.",
            "`__slots__` saves memory. Weakref too.",
        ),
        GUIDE.replace("Slots:", "Fields:"),
    ] {
        let again = super::search_files_memo(&site(&edit), Some(&mut memo));
        assert_eq!(again, full(&edit));
    }
}

/// A guide of `n` chapters, each with prose, a section, a code example and a question, and
/// one word of its own (`uniqueN`).
fn big_guide(n: usize) -> String {
    let mut text = String::from("# Guide\n\nLead text.\n");
    for i in 0..n {
        text.push_str(&format!(
            "\n## Chapter {i} topic{i}\n\nChapter {i} prose about shared words and unique{i}.\n\n\
             ### Section {i}\n\nText for section {i}: asyncio loop gather.\n\n\
             **Example {i}**:\n```python\ndef f{i}(x):\n    return x + {i}\n```\n\n\
             1. **Q**: What is topic{i}?\n   **A**: Topic{i} is shared answer text.\n"
        ));
    }
    text
}

#[test]
fn small_edits_patch_the_last_index_and_give_the_same_files() {
    let mut memo = super::SearchMemo::default();
    let full = |text: &str| super::search_files(&site(text));
    let base = big_guide(20);
    assert_eq!(
        super::search_files_memo(&site(&base), Some(&mut memo)),
        full(&base)
    );
    // Each edit applies to the text the one before left.
    let edits: [&[(&str, &str)]; 7] = [
        // A new term, and every later word of the document moves.
        &[(
            "Chapter 5 prose about",
            "Chapter 5 prose, now longer, with zyzzyva about",
        )],
        // A term only one chapter had leaves the dictionary.
        &[(" and unique7.", ".")],
        // The first chapter's code.
        &[("return x + 0\n", "return x * 0 + extra_call(x)\n")],
        // The last chapter's answer.
        &[(
            "Topic19 is shared answer text.",
            "Topic19 is a different answer.",
        )],
        // Two chapters at once: a word moves from one to the other.
        &[
            ("and unique15.\n", ".\n"),
            ("and unique3.", "and unique15."),
        ],
        // A new question: documents are added, so the index is merged in full...
        &[(
            "1. **Q**: What is topic9?",
            "1. **Q**: Why topic9?\n   **A**: Because.\n2. **Q**: What is topic9?",
        )],
        // ...and the next small edit patches again.
        &[("Text for section 2:", "Words for section 2:")],
    ];
    let mut text = base;
    for (i, edit) in edits.iter().enumerate() {
        for (from, to) in edit.iter() {
            assert!(text.contains(from), "edit {i}: no {from:?}");
            text = text.replacen(from, to, 1);
        }
        let again = super::search_files_memo(&site(&text), Some(&mut memo));
        assert!(again == full(&text), "edit {i}: the patched index differs");
    }
    // Every edit but the one that added documents patched the last index.
    assert_eq!(memo.patches(), edits.len() - 1);
}

#[test]
fn a_memo_of_another_language_is_not_patched() {
    // The same text in French: nothing is stemmed, so every stem the memo holds is wrong.
    let mut memo = super::SearchMemo::default();
    super::search_files_memo(&site(GUIDE), Some(&mut memo));
    let french = site_in(GUIDE, "fr");
    assert!(super::search_files_memo(&french, Some(&mut memo)) == super::search_files(&french));
    assert_eq!(memo.patches(), 0);
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2048))]
    /// Terms sort as JavaScript compares strings (UTF-16 code units), including where a
    /// character from U+E000 to U+FFFF meets one above U+FFFF (UTF-8 orders those the
    /// other way).
    #[test]
    fn terms_sort_in_utf16_order(
        a in "[ab\u{e9}\u{4e2d}\u{e000}\u{fb01}\u{ffef}\u{10000}\u{1f600}]{0,5}",
        b in "[ab\u{e9}\u{4e2d}\u{e000}\u{fb01}\u{ffef}\u{10000}\u{1f600}]{0,5}",
    ) {
        proptest::prop_assert_eq!(
            super::index::term_order(&a, &b),
            a.encode_utf16().cmp(b.encode_utf16())
        );
    }
}

#[test]
fn a_character_above_u_ffff_sorts_before_one_from_u_e000() {
    use std::cmp::Ordering;
    assert_eq!(
        super::index::term_order("a\u{1f600}", "a\u{fb01}"),
        Ordering::Less
    );
    assert_eq!(super::index::term_order("ab", "a\u{e9}"), Ordering::Less);
    assert_eq!(super::index::term_order("a", "ab"), Ordering::Less);
}

#[test]
fn files_made_of_the_same_rows_are_kept_from_the_last_build() {
    let mut memo = super::SearchMemo::default();
    // Big enough for many files of each kind.
    let base = big_guide(600);
    let first = super::search_files_memo(&site(&base), Some(&mut memo));
    let edit = base.replace("Text for section 300:", "Words for section 300:");
    let again = super::search_files_memo(&site(&edit), Some(&mut memo));
    assert_eq!(again, super::search_files(&site(&edit)));
    let kept = first
        .iter()
        .zip(&again)
        .filter(|((p, a), (q, b))| p == q && std::sync::Arc::ptr_eq(a, b))
        .count();
    let changed = first
        .iter()
        .zip(&again)
        .filter(|((_, a), (_, b))| a != b)
        .count();
    // Only the shards holding the edited terms and the section's rows differ; every
    // other file is the last build's, not joined again.
    assert!(changed >= 2, "{changed} files changed");
    assert_eq!(
        kept + changed + 1,
        first.len(),
        "all but meta.js kept or changed"
    );
    assert!(kept * 2 > first.len(), "{kept} of {} kept", first.len());
}

#[test]
fn snippet_text_is_stored_with_white_space_collapsed_as_search_js_does() {
    use shard::collapse_space;
    assert_eq!(
        collapse_space("  def f(x):\n\t    return x  \r\n"),
        "def f(x): return x"
    );
    // JavaScript's `\s` includes no-break and ideographic spaces and U+FEFF; not U+200B.
    assert_eq!(
        collapse_space("a\u{a0}\u{3000}b\u{feff}c\u{200b}d"),
        "a b c\u{200b}d"
    );
    assert_eq!(collapse_space(" \n\t"), "");
}

#[test]
fn each_document_row_holds_its_address_title_crumb_and_snippet_text() {
    let docs = collect_documents(&site(GUIDE));
    let files = index_files(&invert(&docs, true), &docs, true);
    let mut rows = Vec::new();
    for i in 0.. {
        let Some((_, bytes)) = files.iter().find(|(p, _)| *p == format!("search/d{i}.js")) else {
            break;
        };
        let text = std::str::from_utf8(bytes).expect("utf-8");
        let json = text.split_once(',').expect("name,data").1;
        let json = json.trim_end().trim_end_matches(");");
        let mut chunk: Vec<serde_json::Value> = serde_json::from_str(json).expect("rows");
        expand_rows(&mut chunk);
        rows.extend(chunk);
    }
    assert_eq!(rows.len(), docs.len(), "one row per document, in id order");
    for (row, doc) in rows.iter().zip(&docs) {
        assert_eq!(row[1], doc.url.as_str());
        assert_eq!(row[2], doc.title.as_str());
        assert_eq!(row[3], doc.crumb.as_str());
        assert_eq!(row[4], shard::collapse_space(&doc.text).as_str());
    }
    assert!(
        !files.iter().any(|(p, _)| p.starts_with("search/x")),
        "no separate snippet files"
    );
}

/// What `search.js` does to a document chunk as it loads (`expandRows`).
fn expand_rows(rows: &mut [serde_json::Value]) {
    for i in 1..rows.len() {
        let (before, rest) = rows.split_at_mut(i);
        let (prev, row) = (&before[i - 1], &mut rest[0]);
        let url = row[1].as_str().expect("url").to_string();
        if let Some(fragment) = url.strip_prefix('#') {
            let page = prev[1]
                .as_str()
                .expect("url")
                .split('#')
                .next()
                .unwrap_or("");
            row[1] = format!("{page}#{fragment}").into();
        }
        let (prev_crumb, prev_title) = (
            prev[3].as_str().expect("crumb"),
            prev[2].as_str().expect("title"),
        );
        match row[3].as_u64() {
            Some(0) => row[3] = prev_crumb.into(),
            Some(1) if prev_crumb.is_empty() => row[3] = prev_title.into(),
            Some(1) => row[3] = format!("{prev_crumb} › {prev_title}").into(),
            _ => {}
        }
    }
}

#[test]
fn document_rows_are_written_against_the_row_before() {
    let docs = collect_documents(&site(GUIDE));
    let files = index_files(&invert(&docs, true), &docs, true);
    let (_, first) = files.iter().find(|(p, _)| p == "search/d0.js").expect("d0");
    let text = std::str::from_utf8(first).expect("utf-8");
    // The first row of a file is whole; later rows of the same page carry their fragment.
    let head = text
        .strip_prefix("quireSearch.add(\"d0\",[[0,\"")
        .expect("a page row first");
    assert!(
        !head.starts_with('#') && head.contains(".html#"),
        "{}",
        &text[..80]
    );
    assert!(
        text.contains(",\"#"),
        "rows on the page before give only their fragment"
    );
    assert!(
        text.contains(",0,\"") && text.contains(",1,\""),
        "crumbs as references"
    );
}

//! Which headings are interview questions. A heading can be one on its own (`Q.`, `Q1:`,
//! a trailing `?` or `？`), or by the company it keeps: a numbered heading among numbered
//! siblings that are mostly questions, or one opening with `Explain`, `How`, `什么` … among
//! siblings of which one is already a question. Siblings are the headings of the same level
//! under the same parent heading. Deciding over the whole file, not heading by heading, is
//! what lets `## 3. Closures` be a question in a numbered list of questions and a chapter
//! in a numbered book.

use std::collections::{HashMap, HashSet};

/// A heading as far as recognition needs it.
pub(super) struct HeadingLine<'s> {
    pub level: u8,
    pub title: &'s str,
    pub offset: usize,
}

/// Words that open a question or an exercise (compared case-insensitively).
const ASKING_WORDS: &[&str] = &[
    "what",
    "why",
    "how",
    "when",
    "where",
    "which",
    "who",
    "whom",
    "whose",
    "is",
    "are",
    "can",
    "could",
    "does",
    "do",
    "did",
    "should",
    "would",
    "will",
    "explain",
    "describe",
    "write",
    "implement",
    "compare",
    "define",
    "discuss",
    "list",
    "name",
    "design",
    "differentiate",
    "distinguish",
    "give",
    "tell",
    "mention",
    "identify",
    "find",
    "create",
];

/// Chinese words that make a heading ask something.
const ASKING_ZH: &[&str] = &[
    "什么",
    "为什么",
    "如何",
    "怎么",
    "怎样",
    "哪些",
    "哪个",
    "区别",
    "是否",
    "简述",
    "说说",
    "谈谈",
    "讲讲",
    "介绍",
    "解释",
    "描述",
    "列举",
    "比较",
];

/// The offsets of the headings that are questions.
pub(super) fn question_offsets(headings: &[HeadingLine<'_>]) -> HashSet<usize> {
    let kinds: Vec<Kind> = headings.iter().map(|h| classify(h.title)).collect();
    let groups = sibling_groups(headings);
    let mut found = HashSet::new();
    for members in groups.values() {
        let numbered: Vec<usize> = members
            .iter()
            .copied()
            .filter(|&i| kinds[i].numbered)
            .collect();
        let numbered_asking = numbered
            .iter()
            .filter(|&&i| kinds[i].strong || kinds[i].asks)
            .count();
        let numbered_are_questions = numbered_asking * 2 > numbered.len();
        let strong = members.iter().filter(|&&i| kinds[i].strong).count();
        for &i in members {
            let k = &kinds[i];
            let among_questions = strong > usize::from(k.strong);
            if k.strong || (k.numbered && numbered_are_questions) || (k.asks && among_questions) {
                found.insert(headings[i].offset);
            }
        }
    }
    found
}

/// A heading read on its own.
#[derive(Debug, Default, PartialEq)]
struct Kind {
    /// A question whatever its company.
    strong: bool,
    /// Opens with `12.`, `12)` or `12、`.
    numbered: bool,
    /// Opens with a question word or an exercise verb.
    asks: bool,
}

fn classify(title: &str) -> Kind {
    let t = title.trim().trim_start_matches('#').trim_start();
    let strong = t.ends_with(['?', '？']) || t.ends_with('吗') || q_label(t).is_some();
    let (numbered, rest) = match number_label(t) {
        Some(rest) => (true, rest),
        None => (false, q_label(t).unwrap_or(t)),
    };
    let first = rest
        .split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("")
        .to_lowercase();
    let asks = ASKING_WORDS.contains(&first.as_str())
        || ASKING_ZH.iter().any(|w| rest.starts_with(w))
        || (rest.chars().any(is_cjk) && ASKING_ZH.iter().any(|w| rest.contains(w)));
    Kind {
        strong,
        numbered,
        asks,
    }
}

fn is_cjk(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

/// The text after a `Q.`, `Q:`, `Q1:`, `Q 12.` or `Question 3:` label.
fn q_label(t: &str) -> Option<&str> {
    let rest = t
        .strip_prefix("Question")
        .or_else(|| t.strip_prefix("QUESTION"))
        .or_else(|| t.strip_prefix('Q'))?;
    let rest = rest.trim_start_matches(' ');
    let rest = rest.trim_start_matches(|c: char| c.is_ascii_digit());
    let rest = rest.strip_prefix(['.', ':', ')', '：'])?;
    Some(rest.trim_start())
}

/// The text after a `12.`, `12)` or `12、` label.
fn number_label(t: &str) -> Option<&str> {
    let digits = t.chars().take_while(char::is_ascii_digit).count();
    if digits == 0 {
        return None;
    }
    let after = &t[digits..];
    let rest = after.strip_prefix(['.', ')', '、'])?;
    // `1.5 release` is a version, not a label; Chinese labels need no space (`1.什么`).
    let ok = after.starts_with('、')
        || rest.is_empty()
        || rest.starts_with(|c: char| c.is_whitespace() || !c.is_ascii());
    ok.then(|| rest.trim_start())
}

/// Headings grouped by (parent heading, level).
fn sibling_groups(headings: &[HeadingLine<'_>]) -> HashMap<(Option<usize>, u8), Vec<usize>> {
    let mut groups: HashMap<(Option<usize>, u8), Vec<usize>> = HashMap::new();
    // The open headings, outermost first: the parent of a heading is the last one above it.
    let mut open: Vec<usize> = Vec::new();
    for (i, h) in headings.iter().enumerate() {
        while open.last().is_some_and(|&p| headings[p].level >= h.level) {
            open.pop();
        }
        groups
            .entry((open.last().copied(), h.level))
            .or_default()
            .push(i);
        open.push(i);
    }
    groups
}

/// Question text of a heading without its `Q.`, `Q1:` or `12.` label.
pub(super) fn question_text(title: &str) -> String {
    let t = title.trim();
    let t = q_label(t).unwrap_or(t);
    number_label(t).unwrap_or(t).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn questions(headings: &[(u8, &str)]) -> Vec<&'static str> {
        let lines: Vec<HeadingLine<'_>> = headings
            .iter()
            .enumerate()
            .map(|(i, (level, title))| HeadingLine {
                level: *level,
                title,
                offset: i,
            })
            .collect();
        let found = question_offsets(&lines);
        (0..headings.len())
            .map(|i| if found.contains(&i) { "Q" } else { "-" })
            .collect()
    }

    #[test]
    fn questions_on_their_own() {
        for t in [
            "What is the GIL?",
            "Q. Explain decorators",
            "Q1: Closures",
            "Q 12) Generators",
            "Question 3: Slots",
            "1. 什么是闭包？",
            "闭包是线程安全的吗",
        ] {
            assert!(classify(t).strong, "{t}");
        }
        for t in ["Decorators", "Quick start", "Queues", "1.5 release notes"] {
            assert!(!classify(t).strong, "{t}");
        }
    }

    #[test]
    fn numbered_headings_follow_their_siblings() {
        let qs = questions(&[
            (2, "1. What are the key features of X?"),
            (2, "2. Closures"),
            (2, "3. How does Y work?"),
        ]);
        assert_eq!(qs, ["Q", "Q", "Q"]);
        let book = questions(&[(2, "1. Introduction"), (2, "2. Closures"), (2, "3. Why X?")]);
        assert_eq!(book, ["-", "-", "Q"]);
    }

    #[test]
    fn imperatives_need_question_siblings() {
        let qs = questions(&[
            (1, "Guide"),
            (2, "Explain the GIL"),
            (2, "What is a decorator?"),
            (2, "Describe slots"),
        ]);
        assert_eq!(qs, ["-", "Q", "Q", "Q"]);
        let alone = questions(&[(2, "Write tests"), (2, "How it works")]);
        assert_eq!(alone, ["-", "-"]);
        // Siblings are per parent: a question under another topic does not count.
        let apart = questions(&[(2, "A"), (3, "Why A?"), (2, "B"), (3, "Explain B")]);
        assert_eq!(apart, ["-", "Q", "-", "-"]);
    }

    #[test]
    fn topics_written_as_headings_with_hashes() {
        let qs = questions(&[
            (2, "# 1. Introduction"),
            (2, "Q. What is X?"),
            (2, "Q. How does X run?"),
            (2, "# 2. Data types"),
        ]);
        assert_eq!(qs, ["-", "Q", "Q", "-"]);
    }

    #[test]
    fn chinese_headings() {
        let qs = questions(&[
            (2, "一、基础"),
            (3, "1. 什么是闭包？"),
            (3, "2. 简述垃圾回收"),
            (3, "3. 列表和元组的区别"),
        ]);
        assert_eq!(qs, ["-", "Q", "Q", "Q"]);
    }

    #[test]
    fn labels_are_dropped_from_the_question_text() {
        assert_eq!(question_text("12. How does it work?"), "How does it work?");
        assert_eq!(question_text("Q. Explain"), "Explain");
        assert_eq!(question_text("Q3: Explain"), "Explain");
        assert_eq!(question_text("2024 plans?"), "2024 plans?");
        assert_eq!(question_text("1、什么是闭包？"), "什么是闭包？");
    }
}

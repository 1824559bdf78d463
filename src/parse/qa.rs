//! Recognising interview questions in the forms guides use: `**Q**: … **A**: …` in one
//! paragraph or list item, `**Q**:` and `**A**:` paragraphs in a row, and
//! `**Question:**` / `**Answer:**`, and list items that ask in bold with the answer under them
//! (`1. **What is …?**`). (Question headings and `<details>` are handled where
//! headings and HTML blocks are.)

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::items::Ev;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Marker {
    Question,
    Answer,
}

/// A question found in one block: its inline prompt and, when in the same block, its answer.
#[derive(Debug, Clone)]
pub(super) struct FoundQa<'a> {
    pub prompt: Vec<Ev<'a>>,
    /// Block-level events of the answer (paragraphs, lists, code); None when the answer is
    /// expected in the next paragraph.
    pub answer: Option<Vec<Ev<'a>>>,
}

fn is_marker_word(word: &str, marker: Marker) -> bool {
    let w = word
        .trim()
        .trim_end_matches([':', '.'])
        .trim()
        .to_ascii_lowercase();
    match marker {
        Marker::Question => w == "q" || w == "question",
        Marker::Answer => w == "a" || w == "answer",
    }
}

/// When `inline` opens with a bold marker (`**Q**:`, `**Question:**`), the events after it,
/// with the separating colon and spaces removed.
pub(super) fn strip_marker<'a>(inline: &[Ev<'a>], marker: Marker) -> Option<Vec<Ev<'a>>> {
    let [
        (Event::Start(Tag::Strong), _),
        (Event::Text(word), _),
        (Event::End(TagEnd::Strong), _),
        rest @ ..,
    ] = inline
    else {
        return None;
    };
    if !is_marker_word(word, marker) {
        return None;
    }
    let has_colon = word.trim_end().ends_with([':', '.']);
    let mut rest = rest.to_vec();
    if let Some((Event::Text(t), range)) = rest.first().cloned() {
        let stripped = t.trim_start();
        let stripped = match stripped.strip_prefix(':') {
            Some(s) => s.trim_start(),
            None if has_colon => stripped,
            None => return None,
        };
        if stripped.is_empty() {
            rest.remove(0);
        } else {
            rest[0] = (Event::Text(CowStr::from(stripped.to_string())), range);
        }
    } else if !has_colon {
        return None;
    }
    Some(rest)
}

/// Question and answer in the inline content of one paragraph or tight list item.
pub(super) fn qa_in_inline<'a>(inline: &[Ev<'a>]) -> Option<FoundQa<'a>> {
    let rest = strip_marker(inline, Marker::Question)?;
    for (i, (event, _)) in rest.iter().enumerate() {
        if matches!(event, Event::SoftBreak | Event::HardBreak)
            && let Some(answer) = strip_marker(&rest[i + 1..], Marker::Answer)
        {
            return Some(FoundQa {
                prompt: rest[..i].to_vec(),
                answer: Some(wrap_paragraph(answer)),
            });
        }
    }
    Some(FoundQa {
        prompt: rest,
        answer: None,
    })
}

/// The events of a paragraph item without its opening and closing tags.
pub(super) fn paragraph_inline<'a, 'e>(events: &'e [Ev<'a>]) -> Option<&'e [Ev<'a>]> {
    match events {
        [
            (Event::Start(Tag::Paragraph), _),
            inner @ ..,
            (Event::End(TagEnd::Paragraph), _),
        ] => Some(inner),
        _ => None,
    }
}

/// An answer paragraph (`**A**: …`) with its marker removed.
pub(super) fn answer_paragraph<'a>(events: &[Ev<'a>]) -> Option<Vec<Ev<'a>>> {
    let inline = paragraph_inline(events)?;
    strip_marker(inline, Marker::Answer).map(wrap_paragraph)
}

fn wrap_paragraph(inline: Vec<Ev<'_>>) -> Vec<Ev<'_>> {
    let range = inline.first().map_or(0..0, |(_, r)| r.clone());
    let mut out = Vec::with_capacity(inline.len() + 2);
    out.push((Event::Start(Tag::Paragraph), range.clone()));
    out.extend(inline);
    out.push((Event::End(TagEnd::Paragraph), range));
    out
}

/// A question in a list item (`1. **Q**: … **A**: …`), loose or tight.
pub(super) fn qa_in_list_item<'a>(item_inner: &[Ev<'a>]) -> Option<FoundQa<'a>> {
    // The first block of the item: a paragraph (loose list) or bare inline events (tight).
    let (first_inline, rest) = if let Some((Event::Start(Tag::Paragraph), _)) = item_inner.first() {
        let end = item_inner
            .iter()
            .position(|(e, _)| matches!(e, Event::End(TagEnd::Paragraph)))?;
        (&item_inner[1..end], &item_inner[end + 1..])
    } else {
        let end = item_inner
            .iter()
            .position(|(e, _)| matches!(e, Event::Start(t) if is_block(t)))
            .unwrap_or(item_inner.len());
        (&item_inner[..end], &item_inner[end..])
    };
    let Some(mut found) = qa_in_inline(first_inline) else {
        return bold_question(first_inline, rest);
    };
    match found.answer.as_mut() {
        Some(answer) => answer.extend(rest.iter().cloned()),
        None => {
            let end = rest
                .iter()
                .position(|(e, _)| matches!(e, Event::End(TagEnd::Paragraph)))?;
            let answer = answer_paragraph(&rest[..=end])?;
            let mut all = answer;
            all.extend(rest[end + 1..].iter().cloned());
            found.answer = Some(all);
        }
    }
    Some(found)
}

/// A list item that asks in bold and answers under it, the way many GitHub READMEs list
/// their questions: `1. **What is a closure?**` with the answer on the next lines or in the
/// item's next paragraphs. An item with nothing under it is not a question (a list of
/// questions without answers stays a list).
fn bold_question<'a>(first_inline: &[Ev<'a>], rest: &[Ev<'a>]) -> Option<FoundQa<'a>> {
    let (prompt, inline_answer) = bold_prompt(first_inline)?;
    let answer = bold_answer(inline_answer, rest);
    if answer.is_empty() {
        return None;
    }
    Some(FoundQa {
        prompt: prompt.to_vec(),
        answer: Some(answer),
    })
}

/// When the inline content of a paragraph or list item opens with a bold question that is
/// all of its first line (`**What is a closure?**`, `**2. Why?**:`): the bold's content and
/// the inline content of the lines after it (empty when there are none).
pub(super) fn bold_prompt<'e, 'a>(inline: &'e [Ev<'a>]) -> Option<(&'e [Ev<'a>], &'e [Ev<'a>])> {
    let [(Event::Start(Tag::Strong), _), after @ ..] = inline else {
        return None;
    };
    let mut depth = 1;
    let close = after.iter().position(|(e, _)| {
        match e {
            Event::Start(Tag::Strong) => depth += 1,
            Event::End(TagEnd::Strong) => depth -= 1,
            _ => {}
        }
        depth == 0
    })?;
    let prompt = &after[..close];
    let asked = super::items::plain_text(prompt);
    if !asked.trim_end().ends_with(['?', '？']) {
        return None;
    }
    // After the bold: nothing but a colon or spaces on its line, then the next lines.
    let mut tail = &after[close + 1..];
    while let Some((Event::Text(t), _)) = tail.first()
        && t.trim().trim_start_matches([':', '：']).trim().is_empty()
    {
        tail = &tail[1..];
    }
    match tail.first() {
        None => Some((prompt, &[])),
        Some((Event::SoftBreak | Event::HardBreak, _)) => Some((prompt, &tail[1..])),
        Some(_) => None,
    }
}

/// The answer that follows a bold question paragraph ([`bold_prompt`]): the lines after the
/// bold, as a paragraph, then `blocks` (the items up to the next question).
pub(super) fn bold_answer<'a>(inline_answer: &[Ev<'a>], blocks: &[Ev<'a>]) -> Vec<Ev<'a>> {
    let mut answer = Vec::new();
    if !inline_answer.is_empty() {
        answer = wrap_paragraph(inline_answer.to_vec());
    }
    answer.extend(blocks.iter().cloned());
    answer
}

fn is_block(tag: &Tag<'_>) -> bool {
    matches!(
        tag,
        Tag::Paragraph
            | Tag::List(_)
            | Tag::CodeBlock(_)
            | Tag::BlockQuote(_)
            | Tag::Heading { .. }
            | Tag::HtmlBlock
            | Tag::Table(_)
    )
}

/// Splits a `<details><summary>Q</summary> A </details>` HTML string into prompt and answer HTML.
pub(super) fn split_details(html: &str) -> Option<(String, String)> {
    let lower = html.to_ascii_lowercase();
    let s_open = lower.find("<summary")?;
    let s_open_end = s_open + lower[s_open..].find('>')? + 1;
    let s_close = s_open_end + lower[s_open_end..].find("</summary>")?;
    let body_start = s_close + "</summary>".len();
    let body_end = lower
        .rfind("</details>")
        .unwrap_or(html.len())
        .max(body_start);
    Some((
        html[s_open_end..s_close].trim().to_string(),
        html[body_start..body_end].trim().to_string(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::items::{plain_text, split_items};

    fn list_qas(md: &str) -> Vec<(String, String)> {
        let items = split_items(md);
        let list = &items[0];
        let mut out = Vec::new();
        let inner = list.inner();
        let mut depth = 0;
        let mut start = 0;
        for (i, (e, _)) in inner.iter().enumerate() {
            match e {
                Event::Start(Tag::Item) => {
                    if depth == 0 {
                        start = i;
                    }
                    depth += 1;
                }
                Event::End(TagEnd::Item) => {
                    depth -= 1;
                    if depth == 0 {
                        let qa = qa_in_list_item(&inner[start + 1..i]).unwrap();
                        out.push((plain_text(&qa.prompt), plain_text(&qa.answer.unwrap())));
                    }
                }
                _ => {}
            }
        }
        out
    }

    #[test]
    fn numbered_loose_list_of_q_and_a() {
        let md = "1. **Q**: Why not threads?\n   **A**: The GIL.\n\n2. **Q**: And `mp`?\n   **A**: Processes.\n";
        assert_eq!(
            list_qas(md),
            [
                ("Why not threads?".into(), "The GIL.".into()),
                ("And mp?".into(), "Processes.".into())
            ]
        );
    }

    #[test]
    fn tight_list_and_long_markers() {
        let md = "- **Question:** What is X?\n  **Answer:** A thing.\n";
        assert_eq!(list_qas(md), [("What is X?".into(), "A thing.".into())]);
    }

    #[test]
    fn bold_questions_answered_under_them() {
        // Loose: the answer in the item's next paragraphs, code included.
        let md = "1. **What is a closure?**\n\n   A function that keeps its scope.\n\n   ```python\n   f = lambda: x\n   ```\n\n2. **Why use `with`?**\n\n   It closes things.\n";
        assert_eq!(
            list_qas(md),
            [
                (
                    "What is a closure?".into(),
                    "A function that keeps its scope. f = lambda: x".into()
                ),
                ("Why use with?".into(), "It closes things.".into()),
            ]
        );
        // Tight: the answer on the next line; a colon after the bold is dropped.
        let md = "- **Is a tuple mutable?**:\n  No, its items are fixed.\n";
        assert_eq!(
            list_qas(md),
            [(
                "Is a tuple mutable?".into(),
                "No, its items are fixed.".into()
            )]
        );
    }

    #[test]
    fn bold_lines_that_do_not_ask_or_answer() {
        let first = |md: &str| {
            let items = split_items(md);
            let inner = items[0].inner();
            let end = inner
                .iter()
                .position(|(e, _)| matches!(e, Event::End(TagEnd::Item)))
                .unwrap();
            qa_in_list_item(&inner[1..end]).map(|qa| plain_text(&qa.prompt))
        };
        // No question mark, nothing under it, more text on the bold line, not bold.
        assert_eq!(first("1. **Closures**\n\n   Functions.\n"), None);
        assert_eq!(first("1. **What is a closure?**\n"), None);
        assert_eq!(first("1. **What?** is asked here\n"), None);
        assert_eq!(first("1. What is a closure?\n\n   A function.\n"), None);
        assert_eq!(
            first("1. **What is a closure?**\n\n   A function.\n"),
            Some("What is a closure?".into())
        );
    }

    #[test]
    fn paragraph_pairs() {
        let items = split_items("**Q**: Design a cache.\n**A**: Use Redis.\n");
        let qa = qa_in_inline(paragraph_inline(&items[0].events).unwrap()).unwrap();
        assert_eq!(plain_text(&qa.prompt), "Design a cache.");
        assert_eq!(plain_text(&qa.answer.unwrap()), "Use Redis.");

        let items = split_items("**Q:** Alone?\n\n**A:** Next paragraph.\n");
        let qa = qa_in_inline(paragraph_inline(&items[0].events).unwrap()).unwrap();
        assert!(qa.answer.is_none());
        assert_eq!(
            plain_text(&answer_paragraph(&items[1].events).unwrap()),
            "Next paragraph."
        );
    }

    #[test]
    fn bold_text_that_is_not_a_marker() {
        let items = split_items("**Quick** note: hi\n");
        assert!(qa_in_inline(paragraph_inline(&items[0].events).unwrap()).is_none());
        let items = split_items("**Q** without colon\n");
        assert!(qa_in_inline(paragraph_inline(&items[0].events).unwrap()).is_none());
    }

    #[test]
    fn details_blocks() {
        let (q, a) = split_details(
            "<details>\n<summary>What is <b>X</b>?</summary>\n\nIt is Y.\n</details>",
        )
        .unwrap();
        assert_eq!(q, "What is <b>X</b>?");
        assert_eq!(a, "It is Y.");
    }
}

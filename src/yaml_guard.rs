//! What quire checks in YAML (front matter, `_category_.yml`) before the YAML parser reads it.
//!
//! The parser keeps one entry per open `[` or `{` and looks at every entry for each token it
//! reads, so a line of 100,000 `[` took minutes to be refused. Deeper than
//! [`MAX_FLOW_DEPTH`] the parser refuses the value anyway (its recursion limit), so refusing
//! it here first loses nothing that built before, and takes one pass over the text.
//!
//! The depth found here follows YAML's rules for where a value starts, quotes and comments,
//! not all of YAML; so that no text can make the parser slow, however it fools that count,
//! the work it could cause (brackets × length) is bounded too.

/// The YAML parser's own recursion limit: nothing deeper is read.
pub(crate) const MAX_FLOW_DEPTH: usize = 128;

/// At most this many `[`/`{` times bytes: under half a second of the parser's worst case.
const MAX_WORK: u64 = 200_000_000;

/// The byte offset and message of the first reason not to give `text` to the YAML parser.
pub(crate) fn check(text: &str) -> Result<(), (usize, String)> {
    if let Some(refused) = too_deep(text) {
        return Err(refused);
    }
    let brackets = text.bytes().filter(|b| matches!(b, b'[' | b'{')).count();
    if (brackets as u64).saturating_mul(text.len() as u64) > MAX_WORK {
        return Err((
            0,
            format!(
                "{brackets} `[` or `{{` in {} bytes of YAML, more than quire reads; move long lists out of it",
                text.len()
            ),
        ));
    }
    Ok(())
}

/// The byte offset of the first `[` or `{` that opens a list or map nested deeper than
/// [`MAX_FLOW_DEPTH`], and the message naming the fix.
///
/// Brackets are skipped inside comments and quoted strings (a quote opens one where a value
/// starts: at the start of a line, after `: `, `- `, `? `, `,` or a bracket), so that text
/// such as `title: "[[["` adds nothing.
fn too_deep(text: &str) -> Option<(usize, String)> {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    // The last byte on this line that was not a space; `None` at the start of a line.
    let mut prev: Option<u8> = None;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let after_blank =
            i == 0 || matches!(bytes[i - 1], b' ' | b'\t' | b'\n' | b'[' | b'{' | b',');
        let at_value_start = after_blank && prev.is_none_or(|p| b":-?,[{".contains(&p));
        match b {
            b'\n' => prev = None,
            b' ' | b'\t' | b'\r' => {}
            b'#' if i == 0 || matches!(bytes[i - 1], b' ' | b'\t' | b'\n') => {
                i = memchr_newline(bytes, i);
                continue;
            }
            b'"' | b'\'' if at_value_start => {
                i = quoted_end(bytes, i);
                prev = Some(b);
                continue;
            }
            b'[' | b'{' => {
                depth += 1;
                if depth > MAX_FLOW_DEPTH {
                    return Some((i, message()));
                }
                prev = Some(b);
            }
            b']' | b'}' => {
                depth = depth.saturating_sub(1);
                prev = Some(b);
            }
            _ => prev = Some(b),
        }
        i += 1;
    }
    None
}

fn message() -> String {
    format!(
        "lists or maps (`[` or `{{`) nested more than {MAX_FLOW_DEPTH} deep; close the brackets, or quote the value if it is text"
    )
}

/// The offset of the newline ending the line that `i` is on (or the end of the text).
fn memchr_newline(bytes: &[u8], i: usize) -> usize {
    bytes[i..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(bytes.len(), |p| i + p)
}

/// The offset just after the string quoted at `start` (the end of the text when it is not
/// closed). In `"…"` a backslash escapes the next byte; in `'…'` a quote is doubled, which
/// reads here as a string closed and another opened.
fn quoted_end(bytes: &[u8], start: usize) -> usize {
    let quote = bytes[start];
    let mut i = start + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if quote == b'"' => i += 2,
            b if b == quote => return i + 1,
            _ => i += 1,
        }
    }
    bytes.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nesting_up_to_the_limit_passes_and_one_more_is_refused_at_its_bracket() {
        let ok = format!("x: {}1{}\n", "[".repeat(128), "]".repeat(128));
        assert_eq!(too_deep(&ok), None);
        let deep = format!("x: {}1{}\n", "[{".repeat(65), "}]".repeat(65));
        let (offset, msg) = too_deep(&deep).unwrap();
        assert_eq!(offset, 3 + 128, "the 129th opener");
        assert!(msg.contains("nested more than 128 deep"), "{msg}");
    }

    #[test]
    fn brackets_in_text_quotes_and_comments_do_not_count() {
        let many = "[".repeat(500);
        let text = format!(
            "q: \"{many}\"\nr: '{many}'\ns: \"x\\\"{many}\"\n# {many}\nt: 1 # {many}\nu: [\"{many}\", '{many}']\n"
        );
        assert_eq!(too_deep(&text), None);
    }

    #[test]
    fn a_quote_inside_text_opens_no_string() {
        let deep = format!("title: it's \"x\ny: {}\n", "[".repeat(200));
        assert!(too_deep(&deep).is_some());
    }

    #[test]
    fn many_brackets_in_a_long_text_are_refused_however_they_are_hidden() {
        // A quote at the start of a block scalar's line is text to YAML, but it hides what
        // follows from the depth count.
        let text = "x: |\n  \"\ny: ".to_string() + &"[".repeat(50_000);
        assert_eq!(too_deep(&text), None);
        let (offset, msg) = check(&text).unwrap_err();
        assert_eq!(offset, 0);
        assert!(msg.contains("50000 `[` or `{`"), "{msg}");
        check(&"tags: [a, b]\n".repeat(2000)).unwrap();
    }

    #[test]
    fn closed_lists_one_after_another_stay_shallow() {
        let text = "tags: [a, b]\n".repeat(1000) + &"x: [[1], [2]]\n".repeat(1000);
        assert_eq!(too_deep(&text), None);
    }
}

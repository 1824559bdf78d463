//! GitHub emoji shortcodes (`:rocket:` → 🚀), from the `emojis` crate's copy of GitHub's
//! table. Shortcodes GitHub has no Unicode emoji for (`:octocat:`) stay as written; code is
//! never touched (callers pass prose text only).

/// `text` with every known shortcode replaced; `None` when it has none.
pub(super) fn replace_shortcodes(text: &str) -> Option<String> {
    if !text.contains(':') {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let mut changed = false;
    while let Some(start) = rest.find(':') {
        let after = &rest[start + 1..];
        let name_len = after
            .find(|c: char| !(c.is_ascii_alphanumeric() || "_+-".contains(c)))
            .unwrap_or(after.len());
        let name = &after[..name_len];
        // `12:30:00` and `a:b:c` are not shortcodes: one starts after a non-word character.
        let word_before = out_last_is_word(&out, &rest[..start]);
        let found = (name_len > 0 && after[name_len..].starts_with(':') && !word_before)
            .then(|| emojis::get_by_shortcode(name))
            .flatten();
        match found {
            Some(e) => {
                out.push_str(&rest[..start]);
                out.push_str(e.as_str());
                rest = &after[name_len + 1..];
                changed = true;
            }
            None => {
                out.push_str(&rest[..=start]);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    changed.then_some(out)
}

fn out_last_is_word(out: &str, before: &str) -> bool {
    let last = before
        .chars()
        .next_back()
        .or_else(|| out.chars().next_back());
    last.is_some_and(char::is_alphanumeric)
}

/// `text` with shortcodes replaced (for titles).
pub(super) fn with_emoji(text: &str) -> String {
    replace_shortcodes(text).unwrap_or_else(|| text.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shortcodes_become_emoji_as_on_github() {
        assert_eq!(with_emoji(":rocket: Launch"), "🚀 Launch");
        assert_eq!(with_emoji("Done :white_check_mark:!"), "Done ✅!");
        assert_eq!(with_emoji(":+1::tada:"), "👍🎉");
        assert_eq!(with_emoji("at 10:30:00 sharp"), "at 10:30:00 sharp");
        assert_eq!(with_emoji("a:rocket:b"), "a:rocket:b", "inside a word");
        assert_eq!(with_emoji(":not_an_emoji_name:"), ":not_an_emoji_name:");
        assert_eq!(
            with_emoji(":octocat:"),
            ":octocat:",
            "GitHub's images stay text"
        );
        assert_eq!(replace_shortcodes("no colons"), None);
    }
}

//! `console` blocks: a shell session. The command after each prompt (`$ `, `# `, `% `, `> `,
//! `user@host:~/dir$ `, `(venv) $ `) is highlighted as bash, with the lines a trailing `\`
//! continues; everything else is output and stays plain. Neither syntect's nor bat's grammar
//! set covers sessions; this is the rule GitHub's session grammar follows.

/// Characters that end a prompt.
const PROMPT_ENDS: [char; 6] = ['$', '#', '%', '>', '❯', '➜'];

/// Highlights a session: `bash` highlights the commands (one HTML line per source line),
/// `plain` escapes output lines.
pub(super) fn highlight(
    code: &str,
    bash: impl Fn(&str) -> Option<Vec<String>>,
    plain: impl Fn(&str) -> String,
) -> Vec<String> {
    let lines: Vec<&str> = code.lines().collect();
    let mut out = Vec::with_capacity(lines.len());
    let mut i = 0;
    while i < lines.len() {
        let Some(prompt) = prompt_len(lines[i]) else {
            out.push(plain(lines[i]));
            i += 1;
            continue;
        };
        let mut command = vec![&lines[i][prompt..]];
        while command.last().is_some_and(|l| l.ends_with('\\')) && i + command.len() < lines.len() {
            command.push(lines[i + command.len()]);
        }
        let joined = command.join("\n");
        let mut html = bash(&joined).unwrap_or_else(|| joined.lines().map(&plain).collect());
        // `lines()` drops a final empty line; its HTML is empty too.
        html.resize(command.len(), String::new());
        html[0].insert_str(0, &plain(&lines[i][..prompt]));
        out.extend(html);
        i += command.len();
    }
    out
}

/// The length of the prompt that starts `line` (with the space after it), if it has one.
fn prompt_len(line: &str) -> Option<usize> {
    // A virtual environment's `(name) ` comes before the prompt proper.
    let start = match line.strip_prefix('(').and_then(|r| r.find(") ")) {
        Some(close) => close + 3,
        None => 0,
    };
    let rest = &line[start..];
    let end = if rest.starts_with('[') {
        // `[user@host dir]$ `
        rest.find(']')? + 1
    } else {
        // `$ ` alone, or `user@host:~/dir$ ` / `~/dir$ ` (a word with a place in it).
        let word = rest.split(' ').next().unwrap_or_default();
        let body = word.trim_end_matches(PROMPT_ENDS);
        if !body.is_empty() && !body.contains(['@', ':', '~', '/']) {
            return None;
        }
        body.len()
    };
    let mut chars = rest[end..].chars();
    let prompt_char = chars.next().filter(|c| PROMPT_ENDS.contains(c))?;
    let after = start + end + prompt_char.len_utf8();
    match chars.next() {
        None => Some(after),
        Some(' ') => Some(after + 1),
        Some(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prompts() {
        for (line, prompt) in [
            ("$ ls -la", "$ "),
            ("$", "$"),
            ("# apt-get install x", "# "),
            ("% make", "% "),
            ("> continued", "> "),
            ("user@host:~/src$ cargo build", "user@host:~/src$ "),
            ("~/src$ ls", "~/src$ "),
            ("[me@box tmp]$ pwd", "[me@box tmp]$ "),
            ("(venv) $ pip install quire", "(venv) $ "),
            ("(.venv) me@box:~$ python", "(.venv) me@box:~$ "),
            ("❯ git status", "❯ "),
        ] {
            assert_eq!(prompt_len(line), Some(prompt.len()), "{line:?}");
        }
        for line in [
            "total 8",
            "drwxr-xr-x 2 me me 4096 .",
            "$HOME is set",
            "a$ b",
            "50% done",
            "",
            "(note) plain",
        ] {
            assert_eq!(prompt_len(line), None, "{line:?}");
        }
    }

    #[test]
    fn commands_and_continuations_are_highlighted_output_is_not() {
        let bash = |code: &str| Some(code.lines().map(|l| format!("<b>{l}</b>")).collect());
        let plain = |line: &str| line.replace('<', "&lt;");
        let code = "$ echo a \\\n  b\na <b>\n$ ls \\\n\n";
        let lines = highlight(code, bash, plain);
        assert_eq!(
            lines,
            [
                "$ <b>echo a \\</b>",
                "<b>  b</b>",
                "a &lt;b>",
                "$ <b>ls \\</b>",
                ""
            ]
        );
        assert_eq!(lines.len(), code.lines().count());
    }
}

//! HTML elements written with JSX attributes, as MDX (Docusaurus) pages have them:
//! `<div className="note">`, `<label htmlFor="x">`, `<p style={{textAlign: 'center'}}>`,
//! `<img src={'/a.png'} width={200} />`. A browser would ignore `className` and show the
//! braces, so they become the HTML the author meant: `class`, `for`, a CSS `style` string,
//! literal values in quotes. A value only JavaScript can compute (`title={t('Map')}`) cannot
//! be shown; the attribute is left out and named in a warning (`src` and `href` stay for the
//! link resolver, which knows Docusaurus's `require('@site/static/…')` and `useBaseUrl`).
//!
//! Only tags on one line, outside code spans, and not indented as code (four columns or
//! more) are rewritten; a tag without any JSX attribute is left exactly as written.

use crate::html::escape;

/// The line with the JSX attributes of its HTML tags rewritten, and the names of attributes
/// left out; `None` when no tag on it has a JSX attribute.
pub(super) fn rewrite_line(line: &str) -> Option<(String, Vec<String>)> {
    let indent = line.len() - line.trim_start_matches([' ', '\t']).len();
    if indent >= 4 || line.starts_with('\t') || !might_have_jsx(line) {
        return None;
    }
    let mut out = String::with_capacity(line.len());
    let mut dropped = Vec::new();
    let mut changed = false;
    let mut code_run = 0; // length of the backtick run that opened a code span, 0 outside
    let mut i = 0;
    while i < line.len() {
        let rest = &line[i..];
        if rest.starts_with('`') {
            let run = rest.len() - rest.trim_start_matches('`').len();
            if code_run == 0 {
                code_run = run;
            } else if run == code_run {
                code_run = 0;
            }
            out.push_str(&rest[..run]);
            i += run;
            continue;
        }
        if code_run == 0
            && rest.starts_with('<')
            && let Some((tag, used)) = html_tag(rest, &mut dropped)
        {
            out.push_str(&tag);
            changed = true;
            i += used;
            continue;
        }
        let c = rest.chars().next()?;
        out.push(c);
        i += c.len_utf8();
    }
    changed.then_some((out, dropped))
}

/// A cheap test before the scan.
fn might_have_jsx(line: &str) -> bool {
    line.contains("className") || line.contains("htmlFor") || line.contains("={")
}

/// The HTML tag (lowercase name) at the start of `s` rewritten, and its length; `None` when
/// it is not such a tag, is not finished on the line, or has no JSX attribute.
fn html_tag(s: &str, dropped: &mut Vec<String>) -> Option<(String, usize)> {
    let name_len = s[1..]
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
        .unwrap_or(s.len() - 1);
    let name = &s[1..1 + name_len];
    if !name.starts_with(|c: char| c.is_ascii_lowercase()) {
        return None;
    }
    let mut out = format!("<{name}");
    let mut jsx = false;
    let mut i = 1 + name_len;
    loop {
        let skipped = s[i..].len() - s[i..].trim_start().len();
        i += skipped;
        let rest = &s[i..];
        if rest.starts_with('>') || rest.starts_with("/>") {
            let end = if rest.starts_with('>') { 1 } else { 2 };
            if end == 2 && skipped > 0 {
                out.push(' ');
            }
            out.push_str(&rest[..end]);
            return jsx.then_some((out, i + end));
        }
        if rest.starts_with('{') {
            // `{...props}`: nothing HTML can show.
            i += braced(rest)?;
            jsx = true;
            continue;
        }
        if skipped == 0 {
            return None;
        }
        let key_len = rest.find(|c: char| c.is_whitespace() || "=/>\"'{".contains(c))?;
        if key_len == 0 {
            return None;
        }
        let key = &rest[..key_len];
        i += key_len;
        let html_key = match key {
            "className" => "class",
            "htmlFor" => "for",
            k => k,
        };
        jsx |= html_key != key;
        if !s[i..].starts_with('=') {
            out.push(' ');
            out.push_str(html_key);
            continue;
        }
        i += 1;
        let value = &s[i..];
        match value.chars().next()? {
            q @ ('"' | '\'') => {
                let end = value[1..].find(q)? + 2;
                out.push(' ');
                out.push_str(html_key);
                out.push('=');
                out.push_str(&value[..end]);
                i += end;
            }
            '{' => {
                i += braced_attr(html_key, value, &mut out, dropped)?;
                jsx = true;
            }
            _ => return None,
        }
    }
}

/// A `key={expression}` attribute written as HTML into `out` (or left out, its name added to
/// `dropped`); returns the expression's length.
fn braced_attr(
    html_key: &str,
    value: &str,
    out: &mut String,
    dropped: &mut Vec<String>,
) -> Option<usize> {
    let used = braced(value)?;
    let inner = value[1..used - 1].trim();
    match expression_value(html_key, inner) {
        Some(Literal::Text(v)) => {
            out.push_str(&format!(" {html_key}=\"{}\"", escape(&v)));
        }
        Some(Literal::True) => {
            out.push(' ');
            out.push_str(html_key);
        }
        Some(Literal::False) => {}
        // Links and images resolve `require('@site/static/…')` and `useBaseUrl` later, and
        // warn about what they cannot (`parse::html`). Quoted, so that Markdown still reads
        // the tag as HTML.
        None if matches!(html_key, "src" | "href") => {
            let expr = &value[..used];
            let q = if expr.contains('"') { '\'' } else { '"' };
            out.push_str(&format!(" {html_key}={q}{expr}{q}"));
        }
        None => dropped.push(html_key.to_string()),
    }
    Some(used)
}

/// What a JSX attribute expression stands for in HTML.
enum Literal {
    Text(String),
    True,
    False,
}

/// The value of a literal expression (`'a'`, `"a"`, `` `a` ``, `200`, `true`, a `style`
/// object of literals); `None` for anything only JavaScript can compute.
fn expression_value(key: &str, inner: &str) -> Option<Literal> {
    match inner {
        "true" => return Some(Literal::True),
        "false" => return Some(Literal::False),
        _ => {}
    }
    if let Some(text) = string_literal(inner) {
        return Some(Literal::Text(text));
    }
    if is_number(inner) {
        return Some(Literal::Text(inner.to_string()));
    }
    if key == "style" {
        let object = inner.strip_prefix('{')?.strip_suffix('}')?;
        return style_object(object).map(Literal::Text);
    }
    None
}

/// `'a'`, `"a"` or a template string without `${}`: its text.
fn string_literal(s: &str) -> Option<String> {
    let q = s.chars().next()?;
    if !matches!(q, '"' | '\'' | '`') || s.len() < 2 || !s.ends_with(q) {
        return None;
    }
    let body = &s[1..s.len() - 1];
    if body.contains(q) || body.contains('\\') || (q == '`' && body.contains("${")) {
        return None;
    }
    Some(body.to_string())
}

fn is_number(s: &str) -> bool {
    !s.is_empty()
        && s.parse::<f64>().is_ok()
        && s.chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == '-')
}

/// A React style object of literals (`textAlign: 'center', marginTop: 8`) as CSS
/// (`text-align:center;margin-top:8px`); `None` when any entry is not a literal.
fn style_object(object: &str) -> Option<String> {
    let mut css = Vec::new();
    for entry in split_top_level(object) {
        let entry = entry.trim();
        if entry.is_empty() {
            continue;
        }
        let (key, value) = entry.split_once(':')?;
        let key = key.trim();
        let key = string_literal(key).unwrap_or_else(|| key.to_string());
        if key.is_empty() || !key.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
            return None;
        }
        let value = value.trim();
        let value = if let Some(text) = string_literal(value) {
            text
        } else if is_number(value) {
            if unitless(&key) || value == "0" {
                value.to_string()
            } else {
                format!("{value}px")
            }
        } else {
            return None;
        };
        if value.contains([';', '<', '>', '{', '}']) {
            return None;
        }
        css.push(format!("{}:{value}", kebab(&key)));
    }
    Some(css.join(";"))
}

/// Entries of an object body split at commas outside strings and brackets.
fn split_top_level(s: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut depth, mut quote, mut start) = (0i32, None::<char>, 0);
    for (i, c) in s.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'' | '`') => quote = Some(c),
            (None, '(' | '[' | '{') => depth += 1,
            (None, ')' | ']' | '}') => depth -= 1,
            (None, ',') if depth == 0 => {
                parts.push(&s[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&s[start..]);
    parts
}

/// React's numeric style properties that take no `px`.
fn unitless(key: &str) -> bool {
    matches!(
        key,
        "lineHeight"
            | "opacity"
            | "zIndex"
            | "fontWeight"
            | "flex"
            | "flexGrow"
            | "flexShrink"
            | "order"
            | "zoom"
            | "gridRow"
            | "gridColumn"
            | "columnCount"
    )
}

/// `marginTop` → `margin-top` (a name already in CSS form stays).
fn kebab(key: &str) -> String {
    let mut out = String::with_capacity(key.len() + 4);
    for c in key.chars() {
        if c.is_ascii_uppercase() {
            out.push('-');
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// Length of the balanced `{…}` at the start of `s`, skipping braces inside strings.
fn braced(s: &str) -> Option<usize> {
    let mut depth = 0;
    let mut quote: Option<char> = None;
    for (i, c) in s.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'' | '`') => quote = Some(c),
            (None, '{') => depth += 1,
            (None, '}') => {
                depth -= 1;
                if depth == 0 {
                    return Some(i + 1);
                }
            }
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rw(line: &str) -> Option<String> {
        rewrite_line(line).map(|(l, _)| l)
    }

    #[test]
    fn class_name_and_html_for_become_html_names() {
        assert_eq!(
            rw(r#"<div className="note big">"#).as_deref(),
            Some(r#"<div class="note big">"#)
        );
        assert_eq!(
            rw(r#"<label htmlFor="q" id='l'>Ask</label>"#).as_deref(),
            Some(r#"<label for="q" id='l'>Ask</label>"#)
        );
    }

    #[test]
    fn literal_expressions_become_quoted_values() {
        assert_eq!(
            rw("<img src={'/img/a.png'} width={200} alt={\"A & B\"} hidden={true} lazy={false} />")
                .as_deref(),
            Some(r#"<img src="/img/a.png" width="200" alt="A &amp; B" hidden />"#)
        );
    }

    #[test]
    fn style_objects_become_css() {
        assert_eq!(
            rw("<p style={{textAlign: 'center', marginTop: 8, lineHeight: 1.5, 'font-size': \"2em\"}}>Hi</p>")
                .as_deref(),
            Some(r#"<p style="text-align:center;margin-top:8px;line-height:1.5;font-size:2em">Hi</p>"#)
        );
    }

    #[test]
    fn computed_values_are_left_out_and_named() {
        let (line, dropped) = rewrite_line(
            "<img src={require('./a.png').default} title={t('x')} className=\"pic\" {...rest} />",
        )
        .unwrap();
        assert_eq!(
            line, r#"<img src="{require('./a.png').default}" class="pic" />"#,
            "src is resolved later"
        );
        assert_eq!(dropped, vec!["title".to_string()]);
        let (line, dropped) = rewrite_line("<div style={{color: theme.fg}}>").unwrap();
        assert_eq!(line, "<div>");
        assert_eq!(dropped, vec!["style".to_string()]);
    }

    #[test]
    fn plain_html_code_spans_and_indented_code_stay_as_written() {
        assert_eq!(rw(r#"<div class="x">"#), None);
        assert_eq!(rw("Write `<div className=\"x\">` in JSX."), None);
        assert_eq!(rw("    <div className=\"x\">"), None);
        assert_eq!(
            rw("a <Tabs className=\"x\"> b"),
            None,
            "components are MDX's"
        );
        assert_eq!(rw("x={1} and <b>bold</b>"), None);
        assert_eq!(
            rw("<div className=\"x\""),
            None,
            "a tag not finished on the line"
        );
    }
}

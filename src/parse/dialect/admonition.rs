//! The opening line of an admonition in MkDocs form (`!!! note "Title"`, collapsible
//! `??? tip` and `???+ tip`) or Docusaurus form (`:::info Title`, `:::tip[Title]`), and the
//! callout HTML it becomes.

/// An admonition's opening: its HTML, the HTML that ends it, and for the colon form the
/// number of colons (a line of colons ends it); the MkDocs form ends with its indentation.
#[derive(Debug, PartialEq)]
pub(super) struct Open {
    pub html: String,
    pub close: String,
    pub colons: Option<usize>,
}

/// Parses a trimmed line that may open an admonition.
pub(super) fn parse_open(line: &str) -> Option<Open> {
    if let Some(rest) = line.strip_prefix("!!!") {
        return mkdocs(rest, None);
    }
    if let Some(rest) = line.strip_prefix("???+") {
        return mkdocs(rest, Some(true));
    }
    if let Some(rest) = line.strip_prefix("???") {
        return mkdocs(rest, Some(false));
    }
    docusaurus(line)
}

/// `!!! type [classes] ["Title"]`; `collapsible` is `Some(open)` for `???`/`???+`.
fn mkdocs(rest: &str, collapsible: Option<bool>) -> Option<Open> {
    if !rest.starts_with(' ') {
        return None;
    }
    let rest = rest.trim();
    let (words, title) = match rest.find('"') {
        Some(q) => {
            let t = rest[q + 1..].strip_suffix('"')?;
            (&rest[..q], Some(t))
        }
        None => (rest, None),
    };
    let kind = words.split_whitespace().next()?;
    if !is_name(kind) {
        return None;
    }
    let title = match title {
        Some(t) => t.to_string(),
        None => default_title(kind),
    };
    Some(callout(kind, &title, collapsible, None))
}

/// `:::type`, `:::type Title`, `:::type[Title]` (three colons or more).
fn docusaurus(line: &str) -> Option<Open> {
    let n = line.chars().take_while(|&c| c == ':').count();
    if n < 3 {
        return None;
    }
    let rest = line[n..].trim_start();
    let end = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
        .unwrap_or(rest.len());
    let kind = &rest[..end];
    if !is_name(kind) {
        return None;
    }
    let after = rest[end..].trim();
    let title = match after.strip_prefix('[') {
        Some(t) => t.rsplit_once(']').map_or(t, |(t, _)| t).trim(),
        // `{attributes}` after the name are not a title.
        None if after.starts_with('{') => "",
        None => after,
    };
    let title = if title.is_empty() {
        default_title(kind)
    } else {
        title.to_string()
    };
    Some(callout(kind, &title, None, Some(n)))
}

fn is_name(kind: &str) -> bool {
    kind.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && kind
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

fn default_title(kind: &str) -> String {
    let mut c = kind.chars();
    c.next().map_or_else(String::new, |f| {
        f.to_uppercase().collect::<String>() + &c.as_str().to_lowercase()
    })
}

/// The colour family of an admonition type: MkDocs and Docusaurus types and their aliases
/// map onto the callout styles; the type itself stays a class for a site's own CSS.
fn family(kind: &str) -> &'static str {
    match kind {
        "tip" | "hint" | "success" | "check" | "done" => "tip",
        "important" | "question" | "help" | "faq" => "important",
        "warning" | "attention" => "warning",
        "caution" => "caution",
        "danger" | "error" | "failure" | "fail" | "missing" | "bug" => "danger",
        _ => "note",
    }
}

fn callout(kind: &str, title: &str, collapsible: Option<bool>, colons: Option<usize>) -> Open {
    let kind = kind.to_ascii_lowercase();
    let family = family(&kind);
    let classes = if kind == family {
        format!("callout callout-{kind}")
    } else {
        format!("callout callout-{family} callout-{kind}")
    };
    let title = crate::html::escape(title);
    let (html, close) = match collapsible {
        Some(open) => (
            format!(
                "<div class=\"{classes} callout-collapsible\" role=\"note\"><details{}><summary class=\"callout-title\">{}</summary>",
                if open { " open" } else { "" },
                if title.is_empty() {
                    default_title(&kind)
                } else {
                    title
                },
            ),
            "</details></div>".to_string(),
        ),
        None if title.is_empty() => (
            format!("<div class=\"{classes}\" role=\"note\">"),
            "</div>".to_string(),
        ),
        None => (
            format!(
                "<div class=\"{classes}\" role=\"note\"><p class=\"callout-title\">{title}</p>"
            ),
            "</div>".to_string(),
        ),
    };
    Open {
        html,
        close,
        colons,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mkdocs_forms() {
        let o = parse_open("!!! note \"Read this\"").unwrap();
        assert_eq!(
            o.html,
            "<div class=\"callout callout-note\" role=\"note\"><p class=\"callout-title\">Read this</p>"
        );
        assert_eq!(o.colons, None);
        let o = parse_open("!!! warning").unwrap();
        assert!(o.html.contains(">Warning</p>"), "{}", o.html);
        let o = parse_open("!!! tip \"\"").unwrap();
        assert!(!o.html.contains("callout-title"), "an empty title hides it");
        let o = parse_open("??? example \"Show me\"").unwrap();
        assert!(
            o.html
                .contains("<details><summary class=\"callout-title\">Show me</summary>")
        );
        assert!(o.html.contains("callout-note callout-example"));
        assert_eq!(o.close, "</details></div>");
        assert!(
            parse_open("???+ bug")
                .unwrap()
                .html
                .contains("<details open>")
        );
        assert!(parse_open("!!!note").is_none());
        assert!(parse_open("!!! \"no type\"").is_none());
    }

    #[test]
    fn docusaurus_forms() {
        let o = parse_open(":::info Heads up").unwrap();
        assert!(o.html.contains("callout-note callout-info"), "{}", o.html);
        assert!(o.html.contains(">Heads up</p>"));
        assert_eq!(o.colons, Some(3));
        let o = parse_open("::::danger[Do <not> do this]").unwrap();
        assert!(o.html.contains(">Do &lt;not&gt; do this</p>"), "{}", o.html);
        assert_eq!(o.colons, Some(4));
        for kind in [
            "note",
            "tip",
            "info",
            "warning",
            "caution",
            "danger",
            "important",
        ] {
            let o = parse_open(&format!(":::{kind}")).unwrap();
            assert!(o.html.contains(&format!("callout-{kind}")), "{kind}");
        }
        assert!(parse_open(":::tip{#x}").unwrap().html.contains(">Tip</p>"));
        assert!(parse_open(":::").is_none());
        assert!(parse_open("::a").is_none());
    }
}

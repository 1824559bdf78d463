//! HTML helpers shared by parsing, rendering, exports and feeds: escaping text, the
//! relative path from one page to another, and rewriting the links of an HTML fragment so
//! that it works from another page. One place, so that every output links the same way.

/// Escapes text for HTML content and attribute values.
pub(crate) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    pulldown_cmark_escape::escape_html(&mut out, s).ok();
    out
}

/// A relative URL from the page at `from_url` to the site file `to` (both site-relative).
pub(crate) fn relative(from_url: &str, to: &str) -> String {
    let depth = from_url.matches('/').count();
    format!("{}{to}", "../".repeat(depth))
}

/// Rewrites the relative links (`href`, `src`) of `html`, written for the page `from`, so
/// that they work from the page `to`. `#x` becomes a link to `x` on `from`.
pub(crate) fn rebase_links(html: &str, from: &str, to: &str) -> String {
    if from == to {
        return html.to_string();
    }
    map_links(html, |url| rebase_url(url, from, to))
}

/// Applies `f` to the value of every `href` and `src` attribute of `html`.
pub(crate) fn map_links(html: &str, f: impl Fn(&str) -> String) -> String {
    let mut out = String::with_capacity(html.len() + 64);
    let mut rest = html;
    while let Some((start, quote)) = next_link_attr(rest) {
        out.push_str(&rest[..start]);
        rest = &rest[start..];
        let Some(end) = rest.find(quote) else {
            break;
        };
        out.push_str(&f(&rest[..end]));
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// Whether `url` is relative to the page (not `https:`, `mailto:`, `/x` or `//host`).
pub(crate) fn is_relative_url(url: &str) -> bool {
    let scheme = url
        .find(':')
        .is_some_and(|i| !url[..i].contains(['/', '?', '#']));
    !url.is_empty() && !scheme && !url.starts_with('/')
}

/// Byte offset just after the next ` href="` / ` src='` (…), and its quote.
fn next_link_attr(s: &str) -> Option<(usize, char)> {
    [" href=\"", " href='", " src=\"", " src='"]
        .iter()
        .filter_map(|pat| s.find(pat).map(|i| (i + pat.len(), pat.chars().last())))
        .min_by_key(|(i, _)| *i)
        .and_then(|(i, q)| q.map(|q| (i, q)))
}

fn rebase_url(url: &str, from: &str, to: &str) -> String {
    if let Some(fragment) = url.strip_prefix('#') {
        return format!("{}#{fragment}", relative(to, from));
    }
    if !is_relative_url(url) {
        return url.to_string();
    }
    let split = url.find(['?', '#']).unwrap_or(url.len());
    let (path, suffix) = url.split_at(split);
    let dir = from.rsplit_once('/').map_or("", |(d, _)| d);
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() {
                    return url.to_string();
                }
            }
            p => parts.push(p),
        }
    }
    format!("{}{suffix}", relative(to, &parts.join("/")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_are_rebased_for_another_page() {
        let html = r##"<a href="#x">a</a> <a href="other.html#y">b</a> <img src="img/p.png"> <a href="https://e.x/">c</a> <a href='g/z.html'>d</a>"##;
        let out = rebase_links(html, "a.html", "q/k.html");
        assert_eq!(
            out,
            r##"<a href="../a.html#x">a</a> <a href="../other.html#y">b</a> <img src="../img/p.png"> <a href="https://e.x/">c</a> <a href='../g/z.html'>d</a>"##
        );
        let from_group = rebase_links(r#"<a href="../top.html">t</a>"#, "g/p.html", "q/k.html");
        assert_eq!(from_group, r#"<a href="../top.html">t</a>"#);
        assert_eq!(rebase_links(html, "a.html", "a.html"), html);
    }
}

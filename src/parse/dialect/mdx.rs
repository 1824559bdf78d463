//! MDX: `import`/`export` lines, JSX tags, and the components quire knows: `<Tabs>` and
//! `<TabItem>` (accessible tabs, see `quire.js`), `<TOCInline />` (the page's table of
//! contents) and `<Admonition>` (a callout). Any other component shows its content.

use std::collections::HashMap;

use crate::model::{Block, Section};

/// A JSX tag: `<Name attr="v" flag {...}>`, `</Name>` or `<Name … />`.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Tag {
    pub name: String,
    pub closing: bool,
    pub self_closing: bool,
    /// Attributes in order; a value in braces is kept as written inside them.
    pub attrs: Vec<(String, Option<String>)>,
}

impl Tag {
    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .and_then(|(_, v)| v.as_deref())
    }

    /// A boolean attribute: present bare, or `={true}`.
    fn flag(&self, name: &str) -> bool {
        self.attrs
            .iter()
            .any(|(k, v)| k == name && v.as_deref().is_none_or(|v| v == "true"))
    }
}

/// Whether a line opens an MDX `import`/`export` block.
pub(super) fn esm_start(line: &str) -> bool {
    let l = line.trim_end();
    if let Some(rest) = l.strip_prefix("import") {
        let t = rest.trim_start();
        let spaced = t.len() < rest.len();
        return match t.chars().next() {
            Some('\'' | '"') if spaced => true,
            Some('{' | '*') => true,
            Some(c) if spaced && (c.is_alphabetic() || c == '_' || c == '$') => {
                l.contains(" from ") && (l.ends_with(['\'', '"', ';']))
            }
            _ => false,
        };
    }
    if let Some(rest) = l.strip_prefix("export ") {
        let word = rest.split([' ', '(']).next().unwrap_or("");
        return matches!(
            word,
            "const" | "let" | "var" | "function" | "default" | "class" | "async"
        ) || rest.starts_with('{')
            || rest.starts_with('*');
    }
    false
}

/// Whether `t` starts with a JSX component tag (a capitalised name with a lowercase letter,
/// so that `<DIV>` stays HTML).
pub(super) fn starts_component(t: &str) -> bool {
    let name = t.strip_prefix("</").or_else(|| t.strip_prefix('<'));
    name.is_some_and(|n| {
        let name: String = n
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '.')
            .collect();
        name.starts_with(|c: char| c.is_ascii_uppercase())
            && name.chars().any(|c| c.is_ascii_lowercase())
    })
}

/// The tags of a line made only of component tags (and spaces); `None` otherwise, or when
/// a tag is not finished on it.
pub(super) fn parse_tag_line(text: &str) -> Option<Vec<Tag>> {
    let mut tags = Vec::new();
    let mut rest = text.trim();
    while !rest.is_empty() {
        if !starts_component(rest) {
            return None;
        }
        let (tag, used) = parse_tag(rest)?;
        tags.push(tag);
        rest = rest[used..].trim_start();
    }
    (!tags.is_empty()).then_some(tags)
}

/// Parses the tag at the start of `s`: the tag and its length in bytes.
fn parse_tag(s: &str) -> Option<(Tag, usize)> {
    let b = s.as_bytes();
    let mut i = 1;
    let closing = b.get(1) == Some(&b'/');
    if closing {
        i += 1;
    }
    let name_len = s[i..]
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '.' || c == '_'))
        .unwrap_or(s.len() - i);
    let name = s[i..i + name_len].to_string();
    i += name_len;
    let mut attrs = Vec::new();
    loop {
        i += s[i..].len() - s[i..].trim_start().len();
        match b.get(i)? {
            b'>' => {
                return Some((tag(name, closing, false, attrs), i + 1));
            }
            b'/' if b.get(i + 1) == Some(&b'>') => {
                return Some((tag(name, closing, true, attrs), i + 2));
            }
            b'{' => {
                // `{...props}` spread: kept out of the attributes.
                i += braced(&s[i..])?;
            }
            _ => {
                let key_len = s[i..].find(|c: char| c.is_whitespace() || "=/>".contains(c))?;
                // No name here (`<Foo / x>`, `<Foo =1>`): not JSX, so the line stays text.
                // Without this stop the loop would add empty attributes without end.
                if key_len == 0 {
                    return None;
                }
                let key = s[i..i + key_len].to_string();
                i += key_len;
                if b.get(i) == Some(&b'=') {
                    i += 1;
                    let (value, used) = attr_value(&s[i..])?;
                    attrs.push((key, Some(value)));
                    i += used;
                } else {
                    attrs.push((key, None));
                }
            }
        }
    }
}

fn tag(
    name: String,
    closing: bool,
    self_closing: bool,
    attrs: Vec<(String, Option<String>)>,
) -> Tag {
    Tag {
        name,
        closing,
        self_closing,
        attrs,
    }
}

/// `"v"`, `'v'` or `{expression}`: the value (a string literal in braces unquoted) and length.
fn attr_value(s: &str) -> Option<(String, usize)> {
    let q = s.chars().next()?;
    if q == '"' || q == '\'' {
        let end = s[1..].find(q)?;
        return Some((s[1..1 + end].to_string(), end + 2));
    }
    if q == '{' {
        let used = braced(s)?;
        let inner = s[1..used - 1].trim();
        let unquoted = ['"', '\'', '`']
            .iter()
            .find_map(|&q| inner.strip_prefix(q)?.strip_suffix(q))
            .unwrap_or(inner);
        return Some((unquoted.to_string(), used));
    }
    None
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

/// Labels given on `<Tabs values={[{label: 'A', value: 'a'}, …]}>`, by value.
pub(super) fn tab_values(tabs: &Tag) -> HashMap<String, String> {
    let mut labels = HashMap::new();
    let Some(values) = tabs.attr("values") else {
        return labels;
    };
    for entry in values.split('}') {
        let field = |name: &str| {
            let at = entry.find(&format!("{name}:"))? + name.len() + 1;
            let rest = entry[at..].trim_start();
            let q = rest.chars().next().filter(|c| "'\"`".contains(*c))?;
            let end = rest[1..].find(q)?;
            Some(rest[1..1 + end].to_string())
        };
        if let (Some(value), Some(label)) = (field("value"), field("label")) {
            labels.insert(value, label);
        }
    }
    labels
}

/// The HTML that opens and closes a known component; `None` for others.
pub(super) fn component_html(
    tag: &Tag,
    labels: &HashMap<String, String>,
) -> Option<(String, String)> {
    let attr = |name: &str| tag.attr(name).map(crate::html::escape);
    match tag.name.as_str() {
        "Tabs" => {
            let mut open = "<div class=\"tabs\"".to_string();
            if let Some(g) = attr("groupId") {
                open.push_str(&format!(" data-group=\"{g}\""));
            }
            if let Some(d) = attr("defaultValue") {
                open.push_str(&format!(" data-default-value=\"{d}\""));
            }
            open.push('>');
            Some((open, "</div>".into()))
        }
        "TabItem" => {
            let value = tag.attr("value").unwrap_or("");
            let label = tag
                .attr("label")
                .or_else(|| labels.get(value).map(String::as_str))
                .unwrap_or(value);
            let default = if tag.flag("default") {
                " data-default"
            } else {
                ""
            };
            Some((
                format!(
                    "<div class=\"tab-panel\" data-value=\"{}\"{default}>\n<p class=\"tab-label\">{}</p>",
                    crate::html::escape(value),
                    crate::html::escape(label)
                ),
                "</div>".into(),
            ))
        }
        "TOCInline" => {
            let level = |name: &str, default: u8| {
                tag.attr(name)
                    .and_then(|v| v.parse::<u8>().ok())
                    .unwrap_or(default)
            };
            let (min, max) = (level("minHeadingLevel", 2), level("maxHeadingLevel", 3));
            Some((format!("<!--quire:toc {min} {max}-->"), String::new()))
        }
        "Admonition" => {
            let kind = tag.attr("type").unwrap_or("note");
            let line = match tag.attr("title") {
                Some(t) => format!(":::{kind}[{t}]"),
                None => format!(":::{kind}"),
            };
            let open = super::admonition::parse_open(&line)?;
            Some((open.html, open.close))
        }
        _ => None,
    }
}

/// A line of a paragraph with its component tags (and `{/* comments */}`) taken out: the
/// new line and the names of the components, or `None` when it has none. Code spans are
/// left as they are.
pub(super) fn strip_inline_components(line: &str) -> Option<(String, Vec<String>)> {
    let mut out = String::with_capacity(line.len());
    let mut names = Vec::new();
    let mut in_code = false;
    let mut i = 0;
    while i < line.len() {
        let rest = &line[i..];
        let c = rest.chars().next()?;
        if c == '`' {
            in_code = !in_code;
        } else if !in_code
            && c == '<'
            && starts_component(rest)
            && let Some((tag, used)) = parse_tag(rest)
        {
            names.push(tag.name);
            i += used;
            continue;
        } else if !in_code
            && rest.starts_with("{/*")
            && let Some(end) = rest.find("*/}")
        {
            names.push(String::new());
            i += end + 3;
            continue;
        }
        out.push(c);
        i += c.len_utf8();
    }
    if names.is_empty() {
        return None;
    }
    names.retain(|n| !n.is_empty());
    Some((out, names))
}

/// Puts the page's table of contents where `<TOCInline />` stood: every section whose
/// level is within the tag's `minHeadingLevel`..=`maxHeadingLevel`.
pub(crate) fn fill_inline_toc(lead: &mut [Block], sections: &mut [Section]) {
    let has_marker = |b: &Block| matches!(b, Block::Prose(p) if p.html.contains("<!--quire:toc "));
    let any =
        lead.iter().any(has_marker) || sections.iter().any(|s| s.blocks.iter().any(has_marker));
    if !any {
        return;
    }
    let entries: Vec<(String, String, u8)> = sections
        .iter()
        .map(|s| (s.id.clone(), s.title_html.clone(), s.level))
        .collect();
    let blocks = lead
        .iter_mut()
        .chain(sections.iter_mut().flat_map(|s| s.blocks.iter_mut()));
    for block in blocks {
        if let Block::Prose(p) = block {
            while let Some(start) = p.html.find("<!--quire:toc ") {
                let Some(len) = p.html[start..].find("-->") else {
                    break;
                };
                let spec = &p.html[start + 14..start + len];
                let mut levels = spec.split(' ').filter_map(|n| n.parse::<u8>().ok());
                let (min, max) = (levels.next().unwrap_or(2), levels.next().unwrap_or(3));
                let toc = toc_html(&entries, min, max);
                p.html.replace_range(start..start + len + 3, &toc);
            }
        }
    }
}

fn toc_html(entries: &[(String, String, u8)], min: u8, max: u8) -> String {
    let mut out = String::from(
        "<nav class=\"page-toc toc-inline\" aria-label=\"Table of contents\"><p class=\"toc-title\">On this page</p><ol>",
    );
    for (id, title, level) in entries.iter().filter(|e| (min..=max).contains(&e.2)) {
        out.push_str(&format!(
            "<li class=\"toc-level-{level}\"><a href=\"#{id}\">{title}</a></li>"
        ));
    }
    out.push_str("</ol></nav>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn esm_lines() {
        assert!(esm_start("import Tabs from '@theme/Tabs';"));
        assert!(esm_start("import {Foo, Bar} from \"./x\""));
        assert!(esm_start("import './styles.css';"));
        assert!(esm_start("export const toc = [];"));
        assert!(esm_start("export default function Page() {"));
        assert!(!esm_start("import the module from PyPI first."));
        assert!(!esm_start("important: read this"));
        assert!(!esm_start("export your data as CSV"));
        assert!(
            !esm_start("  import Tabs from '@theme/Tabs';"),
            "indented is text"
        );
    }

    #[test]
    fn tags_with_attributes() {
        let tags = parse_tag_line("<TabItem value=\"py\" label='Python' default>").unwrap();
        assert_eq!(tags.len(), 1);
        let t = &tags[0];
        assert_eq!(t.name, "TabItem");
        assert_eq!(t.attr("value"), Some("py"));
        assert_eq!(t.attr("label"), Some("Python"));
        assert!(t.flag("default") && !t.self_closing && !t.closing);
        let tags = parse_tag_line("<TOCInline toc={toc} minHeadingLevel={3} />").unwrap();
        assert!(tags[0].self_closing);
        assert_eq!(tags[0].attr("minHeadingLevel"), Some("3"));
        let tags = parse_tag_line("</TabItem>  </Tabs>").unwrap();
        assert!(tags.iter().all(|t| t.closing));
        let t = &parse_tag_line("<Box a={{b: '}'}} {...rest}/>").unwrap()[0];
        assert_eq!(t.attr("a"), Some("{b: '}'}"));
        assert!(parse_tag_line("<Tabs").is_none(), "unfinished");
        assert!(parse_tag_line("<Tabs> and text").is_none());
        assert!(parse_tag_line("<div>").is_none() && parse_tag_line("<DIV>").is_none());
    }

    #[test]
    fn a_tag_with_a_stray_slash_or_equals_is_not_a_tag() {
        // The ones with a slash once looped without end, adding empty attributes until
        // memory ran out.
        for line in [
            "<Foo / x>",
            "<Foo /",
            "<Foo a / >",
            "<Foo =1>",
            "<Foo a=\"1\" =>",
        ] {
            assert!(parse_tag_line(line).is_none(), "{line}");
            assert!(
                strip_inline_components(&format!("a {line} b")).is_none(),
                "{line}"
            );
        }
        assert!(parse_tag_line("<Foo a />").is_some_and(|t| t[0].self_closing));
    }

    #[test]
    fn tab_items_take_labels_from_tabs_values() {
        let tabs = &parse_tag_line(
            "<Tabs values={[{label: 'Apple', value: 'a'}, {value: \"b\", label: \"Banana\"}]}>",
        )
        .unwrap()[0];
        let labels = tab_values(tabs);
        assert_eq!(labels["a"], "Apple");
        assert_eq!(labels["b"], "Banana");
        let item = &parse_tag_line("<TabItem value=\"b\">").unwrap()[0];
        let (open, close) = component_html(item, &labels).unwrap();
        assert!(open.contains("<p class=\"tab-label\">Banana</p>"), "{open}");
        assert_eq!(close, "</div>");
    }

    #[test]
    fn inline_components_show_their_content() {
        let (line, names) = strip_inline_components(
            "A <Highlight color=\"#25c2a0\">green</Highlight> word, `<Code>` kept{/* note */}.\n",
        )
        .unwrap();
        assert_eq!(line, "A green word, `<Code>` kept.\n");
        assert_eq!(names, ["Highlight", "Highlight"]);
        assert!(strip_inline_components("plain <b>html</b>\n").is_none());
    }
}

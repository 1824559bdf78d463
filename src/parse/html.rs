//! Markdown events → HTML, with links (Markdown ones, images, and `<a href>` / `<img src>`
//! in raw HTML) resolved through the [`LinkTable`](super::links::LinkTable) and GitHub alerts (`> [!NOTE]`) rendered as callouts.

use pulldown_cmark::{BlockQuoteKind, CodeBlockKind, CowStr, Event, Tag, TagEnd, html};

use super::items::Ev;
use super::links::{LinkFrom, LinkTable};
use super::rawhtml::{raw_links, rewrite_links};
use crate::diag::{Diagnostic, Location};
use crate::source::Document;

/// Renders events to HTML; broken links become diagnostics (the link is kept as written).
pub(super) struct HtmlWriter<'t, 'd, 'a> {
    pub table: &'t LinkTable,
    pub doc: &'d Document<'a>,
    pub from: LinkFrom<'t>,
}

impl HtmlWriter<'_, '_, '_> {
    pub(super) fn render(&self, events: &[Ev<'_>], diags: &mut Vec<Diagnostic>) -> String {
        let mut out = String::with_capacity(events.len() * 16);
        let mut mapped = Vec::with_capacity(events.len());
        let mut i = 0;
        let mut in_code = false;
        while let Some((event, range)) = events.get(i) {
            i += 1;
            if let Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) = event
                && let Some((html, end)) = nested_code(info, &events[i..])
            {
                mapped.push(Event::Html(html.into()));
                i += end + 1;
                continue;
            }
            mapped.push(match event {
                Event::Start(Tag::CodeBlock(_)) | Event::End(TagEnd::CodeBlock) => {
                    in_code = matches!(event, Event::Start(_));
                    event.clone()
                }
                Event::Text(text) if !in_code => super::emoji::replace_shortcodes(text)
                    .map_or_else(|| event.clone(), |t| Event::Text(t.into())),
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }) => Event::Start(Tag::Link {
                    link_type: *link_type,
                    dest_url: self.link(dest_url, "link", range.start, diags),
                    title: title.clone(),
                    id: id.clone(),
                }),
                Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                }) => Event::Start(Tag::Image {
                    link_type: *link_type,
                    dest_url: self.link(dest_url, "image", range.start, diags),
                    title: title.clone(),
                    id: id.clone(),
                }),
                Event::Html(_) => {
                    // An HTML block comes line by line; a tag may span lines.
                    let start = i - 1;
                    while matches!(events.get(i), Some((Event::Html(_), _))) {
                        i += 1;
                    }
                    Event::Html(self.raw_html(&events[start..i], diags).into())
                }
                Event::InlineHtml(_) => {
                    Event::InlineHtml(self.raw_html(&events[i - 1..i], diags).into())
                }
                Event::Start(Tag::BlockQuote(Some(kind))) => {
                    Event::Html(callout_open(*kind).into())
                }
                Event::End(TagEnd::BlockQuote(Some(_))) => Event::Html("</div>\n".into()),
                Event::TaskListMarker(done) => Event::Html(task_marker(*done).into()),
                Event::InlineMath(src) => {
                    Event::InlineHtml(self.math(src, false, range.start, diags).into())
                }
                Event::DisplayMath(src) => {
                    Event::InlineHtml(self.math(src, true, range.start, diags).into())
                }
                other => other.clone(),
            });
        }
        html::push_html(&mut out, mapped.into_iter());
        out
    }

    /// A link destination resolved for the page, or as written (with a diagnostic) when it
    /// points nowhere.
    fn link<'e>(
        &self,
        dest: &CowStr<'e>,
        noun: &str,
        offset: usize,
        diags: &mut Vec<Diagnostic>,
    ) -> CowStr<'e> {
        match self.table.resolve_as(&self.from, dest, noun) {
            Ok(resolved) => {
                if let Some(note) = resolved.note {
                    diags.push(Diagnostic::warning(self.doc.location(offset), note));
                }
                resolved.url.map_or_else(|| dest.clone(), CowStr::from)
            }
            Err(message) => {
                diags.push(self.broken(self.doc.location(offset), message));
                dest.clone()
            }
        }
    }

    /// A formula as MathML; one that does not parse is shown as written, with a warning.
    fn math(&self, src: &str, display: bool, offset: usize, diags: &mut Vec<Diagnostic>) -> String {
        super::math::to_mathml(src, display).unwrap_or_else(|why| {
            diags.push(Diagnostic::warning(
                self.doc.location(offset),
                format!("formula not rendered ({why}); it is shown as written: fix the LaTeX, or write `\\$` for a dollar sign"),
            ));
            super::math::as_written(src, display)
        })
    }

    fn broken(&self, location: Location, message: String) -> Diagnostic {
        Diagnostic {
            severity: self.table.broken_links.severity(),
            location,
            message,
        }
    }

    /// An MDX attribute written as a JavaScript expression (`src={require('@site/static/img/a.png').default}`).
    /// Docusaurus serves `static/` at the site root, as quire does: such a path is taken as
    /// that file. Any other expression cannot be evaluated: it stays as written, with a
    /// warning (Docusaurus accepts it, so it is never an error).
    fn jsx_expression(
        &self,
        expr: &str,
        offset: usize,
        diags: &mut Vec<Diagnostic>,
    ) -> Option<String> {
        if let Some(path) = static_path(expr) {
            return Some(crate::html::relative(self.from.url, path));
        }
        diags.push(Diagnostic::warning(
            self.doc.location(offset),
            format!(
                "`{expr}` is a JavaScript expression, which a static site cannot evaluate; \
                 it is left as written: write the file's path instead (a file in static/ is \
                 served at the site root)"
            ),
        ));
        None
    }

    /// Raw HTML (the lines of a block, or one inline tag) with its `<a href>` and
    /// `<img src>` resolved like Markdown links.
    fn raw_html(&self, pieces: &[Ev<'_>], diags: &mut Vec<Diagnostic>) -> String {
        // The text joined, and where each piece starts in it and in the source.
        let mut text = String::new();
        let mut starts = Vec::with_capacity(pieces.len());
        for (event, range) in pieces {
            if let Event::Html(t) | Event::InlineHtml(t) = event {
                starts.push((text.len(), range.start));
                text.push_str(t);
            }
        }
        let links = raw_links(&text);
        let source_offset = |at: usize| {
            let i = starts.partition_point(|(s, _)| *s <= at).saturating_sub(1);
            starts
                .get(i)
                .map_or(0, |(joined, source)| source + at - joined)
        };
        rewrite_links(&text, &links, |link| {
            if link.url.starts_with('{') {
                return self.jsx_expression(&link.url, source_offset(link.at), diags);
            }
            let noun = if link.is_embed() { "image" } else { "link" };
            match self.table.resolve_as(&self.from, &link.url, noun) {
                Ok(resolved) => {
                    if let Some(note) = resolved.note {
                        let location = self.doc.location(source_offset(link.at));
                        diags.push(Diagnostic::warning(location, note));
                    }
                    resolved.url
                }
                Err(message) => {
                    let location = self.doc.location(source_offset(link.at));
                    diags.push(self.broken(location, message));
                    None
                }
            }
        })
        .into_owned()
    }
}

/// The path under `static/` of `{require('@site/static/P').default}`, `{require("@site/static/P")}`
/// or `{useBaseUrl('/P')}`.
fn static_path(expr: &str) -> Option<&str> {
    let inner = expr.strip_prefix('{')?.strip_suffix('}')?.trim();
    let inner = inner.strip_suffix(".default").unwrap_or(inner);
    let (call, rest) = inner.split_once('(')?;
    let arg = rest.strip_suffix(')')?.trim();
    let quote = arg
        .chars()
        .next()
        .filter(|c| matches!(c, '\'' | '"' | '`'))?;
    let arg = arg.strip_prefix(quote)?.strip_suffix(quote)?;
    let path = match call.trim() {
        "require" => arg.strip_prefix("@site/static/")?,
        "useBaseUrl" => arg.trim_start_matches('/'),
        _ => return None,
    };
    (!path.is_empty() && !path.contains("..")).then_some(path)
}

/// A task-list box as GitHub shows it, with a name for screen readers (a bare disabled
/// checkbox has none).
fn task_marker(done: bool) -> &'static str {
    if done {
        "<input type=\"checkbox\" class=\"task\" disabled checked aria-label=\"done\"> "
    } else {
        "<input type=\"checkbox\" class=\"task\" disabled aria-label=\"not done\"> "
    }
}

fn callout_open(kind: BlockQuoteKind) -> String {
    let (class, label) = match kind {
        BlockQuoteKind::Note => ("note", "Note"),
        BlockQuoteKind::Tip => ("tip", "Tip"),
        BlockQuoteKind::Important => ("important", "Important"),
        BlockQuoteKind::Warning => ("warning", "Warning"),
        BlockQuoteKind::Caution => ("caution", "Caution"),
    };
    callout_html(class, label)
}

/// Opening markup of a callout box.
pub(super) fn callout_html(class: &str, label: &str) -> String {
    format!(
        "<div class=\"callout callout-{class}\" role=\"note\"><p class=\"callout-title\">{label}</p>\n"
    )
}

/// A fenced block that is not one of the page's examples (inside a list item, a quote or an
/// answer, as most GitHub guides write their answers) rendered highlighted like an example's
/// code: `events` follow its start; returns the HTML and the index of its end. `None` for a
/// fence without a language, or a diagram (left to the default rendering).
fn nested_code(info: &str, events: &[Ev<'_>]) -> Option<(String, usize)> {
    let language = super::code::parse_fence_info(info).language;
    if language.is_empty() || crate::diagrams::is_diagram(info) {
        return None;
    }
    let end = events
        .iter()
        .position(|(e, _)| matches!(e, Event::End(TagEnd::CodeBlock)))?;
    let mut code = String::new();
    for (event, _) in &events[..end] {
        if let Event::Text(text) = event {
            code.push_str(text);
        }
    }
    let language = crate::highlight::normalize_language(&language);
    let lines = crate::highlight::highlight_lines(&language, &code)
        .unwrap_or_else(|| crate::highlight::plain_lines(&code));
    // The copy button is added by the script (copying needs it anyway), labelled in the
    // site's language.
    let html = format!(
        "<div class=\"code-nested\" data-lang=\"{lang}\"><pre class=\"code\" tabindex=\"0\">\
<code class=\"language-{lang}\">{}</code></pre></div>\n",
        lines.join("\n"),
        lang = crate::html::escape(&language),
    );
    Some((html, end))
}

#[cfg(test)]
mod jsx_tests {
    use super::static_path;

    #[test]
    fn static_paths_of_mdx_expressions() {
        assert_eq!(
            static_path("{require('@site/static/img/a b.png').default}"),
            Some("img/a b.png")
        );
        assert_eq!(
            static_path("{require(\"@site/static/x.svg\")}"),
            Some("x.svg")
        );
        assert_eq!(
            static_path("{useBaseUrl('/img/logo.png')}"),
            Some("img/logo.png")
        );
        assert_eq!(static_path("{require('./local.png').default}"), None);
        assert_eq!(
            static_path("{require('@site/static/../secret').default}"),
            None
        );
        assert_eq!(static_path("{props.src}"), None);
        assert_eq!(static_path("{require('@site/static/img/a.png'}"), None);
    }
}

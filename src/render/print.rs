//! `print.html`: every chapter in reading order on one page, to read through or print.
//! Links between chapters become links within the page; an id that two chapters share is
//! prefixed with its page's name on the second; answers in `<details>` are open; tools
//! that only make sense on screen (share, practice, copy) are hidden by the stylesheet.

use std::collections::{HashMap, HashSet};

use super::blocks::page_body;
use super::{Base, Body, Templates};
use crate::cache::HighlightCache;
use crate::error::Result;
use crate::html::{is_relative_url, map_links};
use crate::model::{Block, Page, Site};

/// The output path of the page.
pub(crate) const PRINT_PAGE: &str = "print.html";

/// Above this many chapters the one page would be too large to be useful (or to print), and
/// is not made.
const MAX_PAGES: usize = 500;

/// Whether the site gets a `print.html` (and every page a link to it).
pub(crate) fn has_print_page(site: &Site) -> bool {
    !site.pages.is_empty() && site.pages.len() <= MAX_PAGES
}

/// Renders `print.html` from the site's pages.
pub(super) fn render_print(
    base: &Base<'_>,
    tera: &Templates,
    code: &HighlightCache,
) -> Result<Body> {
    let ids = IdMap::new(&base.site.pages);
    let mut body = String::with_capacity(64 * 1024);
    for (i, page) in base.site.pages.iter().enumerate() {
        let html = page_body(page, code, base.share, base.labels);
        let id = ids.id(i, &page.id);
        body.push_str(&format!(
            "<section class=\"print-chapter\" aria-labelledby=\"{id}\">\n<h1 id=\"{id}\">{}</h1>\n{}</section>\n",
            page.title_html,
            chapter_html(&html, i, &ids)
        ));
    }
    let title = format!("{} · {}", base.ui.get("print_guide"), base.site.title);
    let mut page = base.blank(PRINT_PAGE, title, base.default_description());
    page.intro = Some(body.into());
    Ok(base.render(tera, PRINT_PAGE, page)?.into())
}

/// Where each page's ids land on the one page.
struct IdMap<'a> {
    /// Page url → index.
    pages: HashMap<&'a str, usize>,
    urls: Vec<&'a str>,
    page_ids: Vec<&'a str>,
    /// (page, id) pairs whose id an earlier page already has: those are prefixed.
    renamed: HashSet<(usize, &'a str)>,
}

impl<'a> IdMap<'a> {
    fn new(pages: &'a [Page]) -> Self {
        let mut seen = HashSet::new();
        let mut renamed = HashSet::new();
        for (i, page) in pages.iter().enumerate() {
            for id in page_ids(page) {
                if !seen.insert(id) {
                    renamed.insert((i, id));
                }
            }
        }
        IdMap {
            pages: pages
                .iter()
                .enumerate()
                .map(|(i, p)| (p.url.as_str(), i))
                .collect(),
            urls: pages.iter().map(|p| p.url.as_str()).collect(),
            page_ids: pages.iter().map(|p| p.id.as_str()).collect(),
            renamed,
        }
    }

    /// The id `id` of page `page` takes on the one page.
    fn id(&self, page: usize, id: &str) -> String {
        if self.renamed.contains(&(page, id)) {
            let prefix = self.urls[page].trim_end_matches(".html").replace('/', "-");
            format!("{prefix}--{id}")
        } else {
            id.to_string()
        }
    }

    /// A link of page `page` as the one page (at the site root) needs it.
    fn link(&self, page: usize, value: &str) -> String {
        if let Some(fragment) = value.strip_prefix('#') {
            return format!("#{}", self.id(page, fragment));
        }
        if !is_relative_url(value) {
            return value.to_string();
        }
        let (path, fragment) = value
            .split_once('#')
            .map_or((value, None), |(p, f)| (p, Some(f)));
        let target = join(self.urls[page], path);
        match (self.pages.get(target.as_str()), fragment) {
            (Some(&other), Some(f)) => format!("#{}", self.id(other, f)),
            (Some(&other), None) => format!("#{}", self.id(other, self.page_ids[other])),
            (None, Some(f)) => format!("{target}#{f}"),
            (None, None) => target,
        }
    }
}

/// Every id a page gives: its own, its sections', questions' and examples'.
fn page_ids(page: &Page) -> Vec<&str> {
    let mut ids = vec![page.id.as_str()];
    ids.extend(page.sections.iter().map(|s| s.id.as_str()));
    let blocks = page
        .lead
        .iter()
        .chain(page.sections.iter().flat_map(|s| &s.blocks));
    for block in blocks {
        match block {
            Block::Question(q) => ids.push(&q.id),
            Block::Code(c) => ids.push(&c.id),
            Block::Prose(_) => {}
        }
    }
    ids
}

/// A chapter's body for the one page: links rebased (see [`IdMap::link`]), ids renamed
/// where they collide, `<details>` open.
fn chapter_html(html: &str, page: usize, ids: &IdMap<'_>) -> String {
    let linked = map_links(html, |url| ids.link(page, url));
    let renamed = map_attr(&linked, " id=\"", |id| ids.id(page, id));
    let renamed = map_attr(&renamed, " aria-labelledby=\"", |id| ids.id(page, id));
    renamed
        .replace("<details>", "<details open>")
        .replace("<details class=", "<details open class=")
}

/// Applies `f` to the value of every attribute that `open` (` name="`) starts.
fn map_attr(html: &str, open: &str, f: impl Fn(&str) -> String) -> String {
    let mut out = String::with_capacity(html.len() + 64);
    let mut rest = html;
    while let Some(at) = rest.find(open) {
        let start = at + open.len();
        let Some(len) = rest[start..].find('"') else {
            break;
        };
        out.push_str(&rest[..start]);
        out.push_str(&f(&rest[start..start + len]));
        rest = &rest[start + len..];
    }
    out.push_str(rest);
    out
}

/// `href`, written on the page at `url`, as a path from the site root.
fn join(url: &str, href: &str) -> String {
    let mut parts: Vec<&str> = url.split('/').collect();
    parts.pop();
    for seg in href.split('/') {
        match seg {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            s => parts.push(s),
        }
    }
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::{join, map_attr};

    #[test]
    fn links_are_resolved_from_the_page() {
        assert_eq!(join("a.html", "b.html"), "b.html");
        assert_eq!(join("dir/a.html", "../b.html"), "b.html");
        assert_eq!(join("dir/a.html", "c.png"), "dir/c.png");
        assert_eq!(join("a.html", "q/x.html"), "q/x.html");
    }

    #[test]
    fn attributes_are_mapped() {
        assert_eq!(
            map_attr("<h2 id=\"a\">x</h2><p id=\"b\">", " id=\"", |v| format!(
                "p-{v}"
            )),
            "<h2 id=\"p-a\">x</h2><p id=\"p-b\">"
        );
    }
}

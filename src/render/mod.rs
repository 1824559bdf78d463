//! Site model → pages, through Tera templates. Contexts are typed, borrowed structs.

mod blocks;
mod feeds;

pub use blocks::{code_html, page_body, question_html};

use std::collections::BTreeMap;

use serde::Serialize;
use tera::Tera;

use crate::assets::TemplateSource;
use crate::error::{Error, Result};
use crate::model::{Block, Page, Site};
use crate::parse::relative;

/// One rendered file: site-relative path → bytes.
pub type Files = BTreeMap<String, Vec<u8>>;

#[derive(Serialize)]
struct SiteCtx<'a> {
    title: &'a str,
    description: Option<&'a str>,
    language: &'a str,
    author: Option<&'a str>,
    repository: Option<&'a str>,
}

#[derive(Serialize)]
struct NavItem<'a> {
    title: &'a str,
    url: &'a str,
    group: Option<&'a str>,
    sections: usize,
    questions: usize,
    examples: usize,
}

#[derive(Serialize)]
struct Link<'a> {
    title: &'a str,
    url: String,
}

#[derive(Serialize)]
struct TocItem<'a> {
    id: &'a str,
    title_html: &'a str,
    level: u8,
}

#[derive(Serialize)]
struct ChapterCtx<'a> {
    id: &'a str,
    title_html: &'a str,
    body: String,
    toc: Vec<TocItem<'a>>,
    prev: Option<Link<'a>>,
    next: Option<Link<'a>>,
    edit_url: Option<String>,
}

#[derive(Serialize)]
struct QuestionItem<'a> {
    prompt_html: &'a str,
    url: String,
    section: Option<&'a str>,
}

#[derive(Serialize)]
struct ExampleItem<'a> {
    caption: Option<&'a str>,
    language: &'a str,
    url: String,
    section: Option<&'a str>,
    lines: usize,
}

#[derive(Serialize)]
struct Group<'a, T> {
    title: &'a str,
    url: &'a str,
    items: Vec<T>,
}

/// Everything a template sees.
#[derive(Serialize)]
struct PageCtx<'a> {
    site: &'a SiteCtx<'a>,
    nav: &'a [NavItem<'a>],
    /// Relative prefix from this page to the site root ("" or "../").
    root: String,
    /// Site-relative path of this page.
    url: &'a str,
    page_title: String,
    description: String,
    /// Absolute URL of this page when the site has a base_url.
    canonical: Option<String>,
    intro: Option<&'a str>,
    chapter: Option<ChapterCtx<'a>>,
    question_groups: Vec<Group<'a, QuestionItem<'a>>>,
    example_groups: Vec<Group<'a, ExampleItem<'a>>>,
    counts: crate::model::Counts,
}

/// Compiles the templates; errors name the template file and line.
pub fn load_tera(templates: &[TemplateSource]) -> Result<Tera> {
    let mut tera = Tera::default();
    tera.autoescape_on(vec![".html", ".xml"]);
    tera.set_escape_fn(escape_html);
    let pairs: Vec<(&str, &str)> = templates
        .iter()
        .map(|t| (t.name.as_str(), t.text.as_str()))
        .collect();
    tera.add_raw_templates(pairs)
        .map_err(|e| template_error(&e, templates))?;
    Ok(tera)
}

fn template_error(e: &tera::Error, templates: &[TemplateSource]) -> Error {
    let mut chain = Vec::new();
    let mut cur: Option<&dyn std::error::Error> = Some(e);
    while let Some(err) = cur {
        chain.push(err.to_string());
        cur = err.source();
    }
    let text = chain.join("\n  caused by: ");
    // Tera names the template and gives " --> line:col" for syntax errors.
    let name = templates.iter().find(|t| {
        text.contains(&format!("'{}'", t.name)) || text.contains(&format!("`{}`", t.name))
    });
    let line = text
        .split("--> ")
        .nth(1)
        .and_then(|s| s.split(|c: char| !c.is_ascii_digit() && c != ':').next());
    let location = match (name, line) {
        (Some(t), Some(l)) => format!("{}:{}", t.origin, l.trim_end_matches(':')),
        (Some(t), None) => t.origin.clone(),
        _ => "templates".to_string(),
    };
    Error::Template {
        location,
        message: text,
    }
}

/// Escapes `& < > " '` (Tera's default also escapes `/`, which makes URLs unreadable).
fn escape_html(s: &str) -> String {
    crate::parse::html_escape(s)
}

/// Renders every page of the site.
pub fn render_site(site: &Site, tera: &Tera) -> Result<Files> {
    let ctx = SiteCtx {
        title: &site.title,
        description: site.config.description.as_deref(),
        language: &site.config.language,
        author: site.config.author.as_deref(),
        repository: site.config.repository.as_deref(),
    };
    let nav: Vec<NavItem<'_>> = site
        .pages
        .iter()
        .map(|p| {
            let (sections, questions, examples) = p.counts();
            NavItem {
                title: &p.title,
                url: &p.url,
                group: p.group.as_deref(),
                sections,
                questions,
                examples,
            }
        })
        .collect();
    let base = Base {
        site,
        ctx: &ctx,
        nav: &nav,
    };
    let mut files = Files::new();
    files.insert(
        "index.html".into(),
        base.render(tera, "index.html", base.home())?,
    );
    for (i, page) in site.pages.iter().enumerate() {
        files.insert(
            page.url.clone(),
            base.render(tera, "page.html", base.chapter(i, page))?,
        );
    }
    files.insert(
        "questions.html".into(),
        base.render(tera, "questions.html", base.questions())?,
    );
    files.insert(
        "examples.html".into(),
        base.render(tera, "examples.html", base.examples())?,
    );
    files.insert(
        "404.html".into(),
        base.render(tera, "404.html", base.not_found())?,
    );
    feeds::add_feeds(site, &mut files);
    Ok(files)
}

struct Base<'a> {
    site: &'a Site,
    ctx: &'a SiteCtx<'a>,
    nav: &'a [NavItem<'a>],
}

impl<'a> Base<'a> {
    fn render(&self, tera: &Tera, template: &str, page: PageCtx<'_>) -> Result<Vec<u8>> {
        let context = tera::Context::from_serialize(&page).map_err(|e| Error::Template {
            location: template.into(),
            message: e.to_string(),
        })?;
        tera.render(template, &context)
            .map(String::into_bytes)
            .map_err(|e| {
                template_error(
                    &e,
                    &[TemplateSource {
                        name: template.into(),
                        origin: format!("templates/{template}"),
                        text: String::new(),
                    }],
                )
            })
    }

    fn blank(&self, url: &'a str, page_title: String, description: String) -> PageCtx<'a> {
        PageCtx {
            site: self.ctx,
            nav: self.nav,
            root: relative(url, ""),
            url,
            page_title,
            description,
            canonical: self
                .site
                .config
                .base_url_dir()
                .map(|b| format!("{b}{}", url.trim_end_matches("index.html"))),
            intro: None,
            chapter: None,
            question_groups: Vec::new(),
            example_groups: Vec::new(),
            counts: self.site.counts(),
        }
    }

    fn default_description(&self) -> String {
        self.site
            .config
            .description
            .clone()
            .unwrap_or_else(|| summary(&crate::parse::strip_tags(&self.site.intro_html)))
    }

    fn home(&self) -> PageCtx<'a> {
        let mut p = self.blank(
            "index.html",
            self.site.title.clone(),
            self.default_description(),
        );
        p.intro = Some(&self.site.intro_html);
        p
    }

    fn chapter(&self, i: usize, page: &'a Page) -> PageCtx<'a> {
        let description = page
            .description
            .clone()
            .unwrap_or_else(|| page_summary(page));
        let mut p = self.blank(
            &page.url,
            format!("{} · {}", page.title, self.site.title),
            description,
        );
        let link = |other: &'a Page| Link {
            title: &other.title,
            url: relative(&page.url, &other.url),
        };
        p.chapter = Some(ChapterCtx {
            id: &page.id,
            title_html: &page.title_html,
            body: page_body(page),
            toc: page
                .sections
                .iter()
                .map(|s| TocItem {
                    id: &s.id,
                    title_html: &s.title_html,
                    level: s.level,
                })
                .collect(),
            prev: i.checked_sub(1).map(|j| link(&self.site.pages[j])),
            next: self.site.pages.get(i + 1).map(link),
            edit_url: self.site.config.edit_url_for(&page.source),
        });
        p
    }

    fn questions(&self) -> PageCtx<'a> {
        let mut p = self.blank(
            "questions.html",
            format!("Interview questions · {}", self.site.title),
            format!(
                "All {} interview questions of {}, by chapter.",
                self.site.counts().questions,
                self.site.title
            ),
        );
        let mut groups: Vec<Group<'a, QuestionItem<'a>>> = Vec::new();
        for (page, section, q) in self.site.questions() {
            if groups.last().is_none_or(|g| g.url != page.url) {
                groups.push(Group {
                    title: &page.title,
                    url: &page.url,
                    items: Vec::new(),
                });
            }
            if let Some(g) = groups.last_mut() {
                g.items.push(QuestionItem {
                    prompt_html: &q.prompt_html,
                    url: format!("{}#{}", page.url, q.id),
                    section: section.map(|s| s.title.as_str()),
                });
            }
        }
        p.question_groups = groups;
        p
    }

    fn examples(&self) -> PageCtx<'a> {
        let mut p = self.blank(
            "examples.html",
            format!("Code examples · {}", self.site.title),
            format!(
                "All {} code examples of {}, by chapter.",
                self.site.counts().examples,
                self.site.title
            ),
        );
        let mut groups: Vec<Group<'a, ExampleItem<'a>>> = Vec::new();
        for (page, section, c) in self.site.examples() {
            if groups.last().is_none_or(|g| g.url != page.url) {
                groups.push(Group {
                    title: &page.title,
                    url: &page.url,
                    items: Vec::new(),
                });
            }
            if let Some(g) = groups.last_mut() {
                g.items.push(ExampleItem {
                    caption: c.caption.as_deref(),
                    language: &c.language,
                    url: format!("{}#{}", page.url, c.id),
                    section: section.map(|s| s.title.as_str()),
                    lines: c.code.lines().count(),
                });
            }
        }
        p.example_groups = groups;
        p
    }

    fn not_found(&self) -> PageCtx<'a> {
        let mut p = self.blank(
            "404.html",
            format!("Page not found · {}", self.site.title),
            "This page does not exist.".into(),
        );
        // A 404 page is served at any depth: with a base_url, point at the site root by path.
        if let Some(base) = self.site.config.base_url_dir() {
            let path = base.split_once("://").map_or(base.as_str(), |(_, rest)| {
                rest.find('/').map_or("/", |i| &rest[i..])
            });
            p.root = path.to_string();
        }
        p.canonical = None;
        p
    }
}

/// The first ~160 characters of a page's prose, for its meta description.
fn page_summary(page: &Page) -> String {
    let text = page
        .lead
        .iter()
        .chain(page.sections.iter().flat_map(|s| &s.blocks))
        .find_map(|b| match b {
            Block::Prose(p) if p.text.len() > 40 => Some(p.text.as_str()),
            _ => None,
        })
        .unwrap_or(&page.title);
    summary(text)
}

fn summary(text: &str) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= 160 {
        return text;
    }
    let cut: String = text.chars().take(157).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(a, _)| a);
    format!("{cut}…")
}

//! Site model → pages, through Tera templates. Contexts are typed, borrowed structs.

mod blocks;
mod code;
mod feeds;
mod filters;
mod print;
mod share;
mod templates;

pub(crate) use blocks::{Labels, highlight_block, page_body, page_code_blocks};
pub(crate) use code::code_to_highlight;
pub(crate) use share::{add_alias_pages, share_fingerprints, study_aliases_hash};
pub(crate) use templates::{Templates, load_tera};

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde::Serialize;

use crate::cache::HighlightCache;
use crate::error::{Error, Result};
use crate::html::{is_relative_url, relative};
use crate::model::{Block, Page, ShareLinks, Site};
use crate::output::{Body, BuildFiles, File};
use crate::progress::Progress;

#[derive(Serialize)]
struct SiteCtx<'a> {
    title: &'a str,
    description: Option<&'a str>,
    language: &'a str,
    author: Option<&'a str>,
    repository: Option<&'a str>,
    /// `ltr` or `rtl`, from the language.
    dir: &'static str,
    /// The built-in language of the interface (picks plural forms).
    ui_lang: &'a str,
    /// Site-relative URL of the header logo.
    logo: Option<&'a str>,
    favicon: &'a str,
    favicon_type: &'static str,
    /// CSS setting the accent colour in both themes.
    accent_css: Option<String>,
    extra_css: Vec<&'a str>,
    extra_js: Vec<&'a str>,
    /// The footer's HTML; relative links are from the site root (see the `rooted` filter).
    footer_html: Option<String>,
    nav: Vec<NavLinkCtx<'a>>,
    /// The site has `print.html` (every chapter on one page): pages link to it.
    print: bool,
    /// The site has `feed.xml` (with a base_url): pages link to it from their head.
    feed: bool,
}

#[derive(Serialize)]
struct NavLinkCtx<'a> {
    label: &'a str,
    url: &'a str,
    /// A path from the site root: written after `root` in the page.
    relative: bool,
}

impl<'a> SiteCtx<'a> {
    fn new(site: &'a Site, ui: &'a crate::i18n::Ui) -> Self {
        let c = &site.config;
        let favicon = c
            .favicon
            .as_deref()
            .map_or("favicon.svg", crate::brand::static_url);
        SiteCtx {
            title: &site.title,
            description: c.description.as_deref(),
            language: &c.language,
            author: c.author.as_deref(),
            repository: c.repository.as_deref(),
            dir: ui.dir,
            ui_lang: &ui.lang,
            logo: c.logo.as_deref().map(crate::brand::static_url),
            favicon,
            favicon_type: crate::brand::icon_type(favicon),
            accent_css: c
                .accent
                .as_ref()
                .and_then(|a| crate::brand::accent_pair(a, "", "site.toml").ok())
                .map(|(light, dark)| crate::brand::accent_css(light, dark)),
            extra_css: c
                .extra_css
                .iter()
                .map(|p| crate::brand::static_url(p))
                .collect(),
            extra_js: c
                .extra_js
                .iter()
                .map(|p| crate::brand::static_url(p))
                .collect(),
            footer_html: c.footer.as_deref().map(markdown_html),
            print: print::has_print_page(site),
            feed: feeds::has_feed(site),
            nav: c
                .nav
                .iter()
                .map(|l| NavLinkCtx {
                    label: &l.label,
                    url: &l.url,
                    relative: is_relative_url(&l.url),
                })
                .collect(),
        }
    }
}

/// Markdown (the footer) as HTML.
fn markdown_html(text: &str) -> String {
    let mut out = String::new();
    let opts = pulldown_cmark::Options::ENABLE_STRIKETHROUGH;
    pulldown_cmark::html::push_html(&mut out, pulldown_cmark::Parser::new_ext(text, opts));
    out
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

/// One entry of a page's sidebar: a chapter, or a gap standing for chapters left out.
#[derive(Serialize)]
struct SideItem<'a> {
    /// Chapter number (1-based).
    n: usize,
    /// The title starts with its own number (`1. Introduction`): the sidebar does not
    /// number it again.
    numbered: bool,
    title: &'a str,
    url: &'a str,
    group: Option<&'a str>,
    /// Chapters are left out before this one (the sidebar shows a window on big sites).
    gap_before: bool,
}

/// Sites up to this many chapters list them all in every sidebar; bigger sites show a window
/// around the current chapter so that page size does not grow with the number of chapters.
const FULL_SIDEBAR: usize = 40;
/// Chapters shown on each side of the current one in a windowed sidebar.
const SIDEBAR_RADIUS: usize = 5;

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
    /// The body holds the table of contents itself (MDX `<TOCInline />`).
    toc_inline: bool,
    /// Every entry of the table of contents' top level carries its own number (`1. What
    /// is…?`, as many READMEs number their questions): the list shows no second one.
    toc_numbered: bool,
    prev: Option<Link<'a>>,
    next: Option<Link<'a>>,
    edit_url: Option<String>,
}

#[derive(Serialize)]
struct PageMetaCtx<'a> {
    extra: &'a BTreeMap<String, serde_json::Value>,
}

static NO_EXTRA: BTreeMap<String, serde_json::Value> = BTreeMap::new();

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
    /// Interface text by key (`{{ ui.show_answer }}`).
    ui: &'a crate::i18n::UiTable,
    /// Every chapter: only on the home page (other pages get a sidebar window, so their
    /// size does not grow with the number of chapters).
    nav: &'a [NavItem<'a>],
    chapter_count: usize,
    sidebar: Vec<SideItem<'a>>,
    /// The sidebar leaves chapters out (they are all listed on the home page).
    sidebar_partial: bool,
    /// Relative prefix from this page to the site root ("" or "../").
    root: String,
    /// Site-relative path of this page.
    url: &'a str,
    page_title: String,
    description: String,
    /// Absolute URL of this page when the site has a base_url.
    canonical: Option<String>,
    intro: Option<std::borrow::Cow<'a, str>>,
    chapter: Option<ChapterCtx<'a>>,
    question_groups: Vec<Group<'a, QuestionItem<'a>>>,
    example_groups: Vec<Group<'a, ExampleItem<'a>>>,
    counts: crate::model::Counts,
    /// The chapter's front matter beyond quire's own keys (`page.extra`; empty elsewhere).
    page: PageMetaCtx<'a>,
    /// The day (`2024-03-05`) the chapter's or home page's file last changed, from git.
    updated: Option<String>,
}

/// What rendering asks of the build for each chapter and share page, and for the site-wide
/// pages. The build decides what is reused and where pages go (see `crate::build`); render
/// only makes bytes.
pub(crate) trait Pages: Sync {
    /// The page `path` (carrying the fragment `script`) as the last build made it, when
    /// nothing it is made from has changed; `None`: render it.
    fn kept(&self, path: &str, script: Option<&str>) -> Result<Option<File>>;
    /// A page this build rendered, as the build holds it (in memory, or written).
    fn made(&self, path: &str, script: Option<&str>, bytes: Body) -> Result<File>;
    /// The last build's site-wide file `path` (home, questions, study set, examples and
    /// their data), when nothing the site-wide pages show has changed.
    fn listed(&self, path: &str) -> Option<Body>;
    /// [`Pages::listed`] for every file under the folder `dir` (ending in `/`).
    fn listed_under(&self, dir: &str) -> Vec<(String, Body)>;
}

/// Every page rendered anew and held in memory (`check`, and a first build into memory).
pub(crate) struct Fresh;

impl Pages for Fresh {
    fn kept(&self, _: &str, _: Option<&str>) -> Result<Option<File>> {
        Ok(None)
    }

    fn made(&self, _: &str, _: Option<&str>, bytes: Body) -> Result<File> {
        Ok(File::Bytes(bytes))
    }

    fn listed(&self, _: &str) -> Option<Body> {
        None
    }

    fn listed_under(&self, _: &str) -> Vec<(String, Body)> {
        Vec::new()
    }
}

/// Renders `template` with any serialisable context; errors name the template, line and
/// column.
fn render_template<T: Serialize>(tera: &Templates, template: &str, ctx: &T) -> Result<Vec<u8>> {
    let context = tera::Context::from_serialize(ctx).map_err(|e| {
        let location = crate::diag::Location {
            file: format!("templates/{template}"),
            line: 1,
            col: 1,
        };
        Error::Template(crate::diag::Diagnostic::error(location, e.to_string()))
    })?;
    tera.render(template, &context).map(String::into_bytes)
}

/// `1. Intro`, `2) Setup`, `10 - Tools`: a title that carries its own number.
fn starts_with_number(title: &str) -> bool {
    let rest = title.trim_start_matches(|c: char| c.is_ascii_digit());
    rest.len() < title.len() && (rest.starts_with(['.', ')', ':']) || rest.starts_with(" - "))
}

/// The chapters as the navigation lists them.
fn nav_items(chapters: &[Page]) -> Vec<NavItem<'_>> {
    chapters
        .iter()
        .map(|p| {
            let (sections, questions, examples) = p.counts();
            NavItem {
                title: p.nav_title.as_deref().unwrap_or(&p.title),
                url: &p.url,
                group: p.group.as_deref(),
                sections,
                questions,
                examples,
            }
        })
        .collect()
}

/// Renders every page of the site; `code` comes from [`code::CodeToHighlight::highlight`].
///
/// `pages` decides which pages are taken from the last build instead (see [`Pages`]);
/// `plan` gives pages with old ids the script that forwards them.
pub(crate) fn render_site(
    site: &Site,
    tera: &Templates,
    code: &HighlightCache,
    plan: Option<&crate::permalinks::Plan>,
    pages: &dyn Pages,
    progress: &Progress,
) -> Result<BuildFiles> {
    let ui = crate::i18n::Ui::new(&site.config.language, &site.config.ui);
    let ctx = SiteCtx::new(site, &ui);
    let labels = Labels::new(&ui);
    let (home_page, chapters) = site.home_and_chapters();
    let nav = nav_items(chapters);
    let base = Base {
        site,
        ctx: &ctx,
        ui: &ui,
        labels: &labels,
        nav: &nav,
        share: &site.share,
        counts: site.counts(),
        home_page,
        chapters,
        plan,
        pages,
    };
    // The site's pages only read it: they are made side by side (the print page, the
    // chapters and the share pages are most of the work), then put together in this order.
    let home = || base.render_listed(tera, "index.html", "index.html", || base.home(code));
    let chapters = || render_chapters(&base, tera, code, progress);
    let questions = || share::render_questions(&base, tera);
    let candidates = || share::candidate_pages(&base, tera);
    let study = || share::study_page(&base, tera);
    let examples =
        || base.render_listed(tera, "examples.html", "examples.html", || base.examples());
    let search = || base.render(tera, "search.html", base.search_page());
    let not_found = || base.render(tera, "404.html", base.not_found());
    let print = || {
        print::has_print_page(site)
            .then(|| print::render_print(&base, tera, code))
            .transpose()
    };
    let (
        ((home, chapters), (questions, candidates)),
        ((study, examples), (search, (not_found, print))),
    ) = rayon::join(
        || {
            rayon::join(
                || rayon::join(home, chapters),
                || rayon::join(questions, candidates),
            )
        },
        || {
            rayon::join(
                || rayon::join(study, examples),
                || rayon::join(search, || rayon::join(not_found, print)),
            )
        },
    );
    let mut files = BuildFiles::new();
    files.insert("index.html".into(), home?.into());
    files.extend(chapters?);
    files.insert("questions.html".into(), questions?.into());
    share::add_candidate_pages(&base, candidates?, &mut files)?;
    share::add_study_files(study?, &mut files)?;
    files.insert("examples.html".into(), examples?.into());
    files.insert("search.html".into(), search?.into());
    files.insert("404.html".into(), not_found?.into());
    if let Some(print) = print? {
        files.insert(print::PRINT_PAGE.into(), print.into());
    }
    feeds::add_feeds(site, &mut files);
    files.insert("assets/ui.js".into(), ui.script().into_bytes().into());
    Ok(files)
}

/// Every chapter page: the previous build's bytes when unchanged, else rendered.
fn render_chapters(
    base: &Base<'_>,
    tera: &Templates,
    code: &HighlightCache,
    progress: &Progress,
) -> Result<Vec<(String, File)>> {
    base.chapters
        .par_iter()
        .enumerate()
        .map(|(i, page)| {
            progress.step();
            let script = base
                .plan
                .and_then(|plan| crate::permalinks::fragment_script(plan, &page.url));
            if let Some(kept) = base.pages.kept(&page.url, script.as_deref())? {
                return Ok((page.url.clone(), kept));
            }
            let mut html = base.render(tera, "page.html", base.chapter(i, page, code))?;
            if let Some(script) = &script {
                crate::permalinks::inject_head(&mut html, script);
            }
            let file = base.pages.made(&page.url, script.as_deref(), html.into())?;
            Ok((page.url.clone(), file))
        })
        .collect()
}

/// Whether every top-level section of a page starts its title with a number of its own
/// (`1. …`, `2) …`, `Q3. …`, `4: …`).
fn self_numbered(sections: &[crate::model::Section]) -> bool {
    let Some(top) = sections.iter().map(|s| s.level).min() else {
        return false;
    };
    sections
        .iter()
        .filter(|s| s.level == top)
        .all(|s| numbered_title(&s.title))
}

/// `1. What…`, `12) …`, `Q3. …`, `4: …`: digits (after an optional `Q`) then `.`, `)` or `:`.
fn numbered_title(title: &str) -> bool {
    let t = title.trim_start();
    let t = t.strip_prefix(['Q', 'q']).unwrap_or(t);
    let digits = t.len() - t.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    digits > 0 && matches!(t[digits..].chars().next(), Some('.' | ')' | ':'))
}

struct Base<'a> {
    site: &'a Site,
    ctx: &'a SiteCtx<'a>,
    ui: &'a crate::i18n::Ui,
    labels: &'a Labels,
    nav: &'a [NavItem<'a>],
    share: &'a ShareLinks,
    counts: crate::model::Counts,
    /// The home file's page, shown on the home page.
    home_page: Option<&'a Page>,
    /// Every page but the home file's, in reading order.
    chapters: &'a [Page],
    /// The build's redirects: pages with old ids get the script that forwards them.
    plan: Option<&'a crate::permalinks::Plan>,
    /// What the build takes from the last one, and where pages go.
    pages: &'a dyn Pages,
}

impl<'a> Base<'a> {
    fn render(&self, tera: &Templates, template: &str, page: PageCtx<'_>) -> Result<Vec<u8>> {
        render_template(tera, template, &page)
    }

    /// Renders the site-wide page `path` from the context `ctx` makes, or reuses the previous
    /// build's bytes when nothing such pages show has changed (the context is then not even
    /// made: at 1000x the guide, making and rendering them is most of a rebuild's render).
    fn render_listed<T: Serialize>(
        &self,
        tera: &Templates,
        template: &str,
        path: &str,
        ctx: impl FnOnce() -> T,
    ) -> Result<Body> {
        match self.pages.listed(path) {
            Some(bytes) => Ok(bytes),
            None => Ok(render_template(tera, template, &ctx())?.into()),
        }
    }

    /// The chapters shown in the sidebar of the page `current` (None: not a chapter).
    fn sidebar(&self, current: Option<usize>) -> (Vec<SideItem<'a>>, bool) {
        let n = self.nav.len();
        let keep = |i: usize| match current {
            _ if n <= FULL_SIDEBAR => true,
            Some(c) => i < 3 || i + 3 >= n || i.abs_diff(c) <= SIDEBAR_RADIUS,
            None => i < 2 * SIDEBAR_RADIUS + 3,
        };
        let mut items = Vec::new();
        let mut skipped = false;
        for (i, item) in self.nav.iter().enumerate() {
            if !keep(i) {
                skipped = true;
                continue;
            }
            items.push(SideItem {
                n: i + 1,
                numbered: starts_with_number(item.title),
                title: item.title,
                url: item.url,
                group: item.group,
                gap_before: skipped,
            });
            skipped = false;
        }
        (items, n > FULL_SIDEBAR)
    }

    fn blank(&self, url: &'a str, page_title: String, description: String) -> PageCtx<'a> {
        let (sidebar, sidebar_partial) = self.sidebar(None);
        PageCtx {
            site: self.ctx,
            ui: &self.ui.text,
            nav: &[],
            chapter_count: self.nav.len(),
            sidebar,
            sidebar_partial,
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
            counts: self.counts,
            page: PageMetaCtx { extra: &NO_EXTRA },
            updated: None,
        }
    }

    fn default_description(&self) -> String {
        self.site
            .config
            .description
            .clone()
            .unwrap_or_else(|| match self.home_page {
                Some(home) => home
                    .description
                    .clone()
                    .unwrap_or_else(|| page_summary(home)),
                None => summary(&crate::parse::strip_tags(&self.site.intro_html)),
            })
    }

    fn home(&self, code: &HighlightCache) -> PageCtx<'a> {
        let mut p = self.blank(
            "index.html",
            self.site.title.clone(),
            self.default_description(),
        );
        p.intro = Some(match self.home_page {
            Some(home) => {
                p.page = PageMetaCtx { extra: &home.extra };
                std::borrow::Cow::Owned(page_body(home, code, self.share, self.labels))
            }
            None => std::borrow::Cow::Borrowed(&self.site.intro_html),
        });
        p.nav = self.nav;
        p.updated = self.site.newest_update().map(crate::history::day);
        p
    }

    fn chapter(&self, i: usize, page: &'a Page, code: &HighlightCache) -> PageCtx<'a> {
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
        (p.sidebar, p.sidebar_partial) = self.sidebar(Some(i));
        p.page = PageMetaCtx { extra: &page.extra };
        p.updated = page.updated.map(crate::history::day);
        let body = page_body(page, code, self.share, self.labels);
        p.chapter = Some(ChapterCtx {
            id: &page.id,
            title_html: &page.title_html,
            toc_inline: body.contains("<nav class=\"page-toc toc-inline\""),
            toc_numbered: self_numbered(&page.sections),
            body,
            toc: page
                .sections
                .iter()
                .map(|s| TocItem {
                    id: &s.id,
                    title_html: &s.title_html,
                    level: s.level,
                })
                .collect(),
            prev: i.checked_sub(1).map(|j| link(&self.chapters[j])),
            next: self.chapters.get(i + 1).map(link),
            edit_url: self.site.config.edit_url_for(&page.source),
        });
        p
    }

    fn questions(&self) -> PageCtx<'a> {
        let n = self.counts.questions.to_string();
        let mut p = self.blank(
            "questions.html",
            format!(
                "{} · {}",
                self.ui.get("interview_questions"),
                self.site.title
            ),
            self.ui.fill(
                "questions_description",
                &[("n", &n), ("title", &self.site.title)],
            ),
        );
        p.question_groups = group_by_page(self.site.questions(), |page, section, q| QuestionItem {
            prompt_html: &q.prompt_html,
            url: format!("{}#{}", page.url, q.id),
            section: section.map(|s| s.title.as_str()),
        });
        p
    }

    fn examples(&self) -> PageCtx<'a> {
        let n = self.counts.examples.to_string();
        let mut p = self.blank(
            "examples.html",
            format!("{} · {}", self.ui.get("code_examples"), self.site.title),
            self.ui.fill(
                "examples_description",
                &[("n", &n), ("title", &self.site.title)],
            ),
        );
        p.example_groups = group_by_page(self.site.examples(), |page, section, c| ExampleItem {
            caption: c.caption.as_deref(),
            language: &c.language,
            url: format!("{}#{}", page.url, c.id),
            section: section.map(|s| s.title.as_str()),
            lines: c.code.lines().count(),
        });
        p
    }

    /// The full results page; `search.js` fills it from `?q=`.
    fn search_page(&self) -> PageCtx<'a> {
        self.blank(
            "search.html",
            format!("{} · {}", self.ui.get("search"), self.site.title),
            self.ui
                .fill("search_description", &[("title", &self.site.title)]),
        )
    }

    fn not_found(&self) -> PageCtx<'a> {
        let mut p = self.blank(
            "404.html",
            format!("{} · {}", self.ui.get("not_found"), self.site.title),
            self.ui.get("not_found_description").to_string(),
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

/// Items of the site in reading order, grouped by the page that holds them.
fn group_by_page<'a, X: 'a, T>(
    items: Vec<(&'a Page, Option<&'a crate::model::Section>, &'a X)>,
    item: impl Fn(&'a Page, Option<&'a crate::model::Section>, &'a X) -> T,
) -> Vec<Group<'a, T>> {
    let mut groups: Vec<Group<'a, T>> = Vec::new();
    for (page, section, x) in items {
        if groups.last().is_none_or(|g| g.url != page.url) {
            groups.push(Group {
                title: &page.title,
                url: &page.url,
                items: Vec::new(),
            });
        }
        if let Some(g) = groups.last_mut() {
            g.items.push(item(page, section, x));
        }
    }
    groups
}

/// The first ~160 characters of a page's prose, for its meta description; none (not the
/// title again: the page has that already) when it has no paragraph to take it from.
fn page_summary(page: &Page) -> String {
    let text = page
        .lead
        .iter()
        .chain(page.sections.iter().flat_map(|s| &s.blocks))
        .find_map(|b| match b {
            Block::Prose(p) if p.text.len() > 40 => Some(p.text.as_str()),
            _ => None,
        })
        .unwrap_or_default();
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

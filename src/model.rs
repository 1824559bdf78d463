//! The site model: plain data produced by `parse`, read by `render`, `search` and `check`.
//! No IO here.

use std::collections::HashMap;

use serde::Serialize;

use crate::config::Config;
use crate::diag::Location;

/// The whole site, ready to render.
#[derive(Debug)]
pub struct Site {
    /// The site's configuration (`site.toml` with defaults filled in).
    pub config: Config,
    /// Resolved title: site.toml, else the single file's `#` heading, else "Documentation".
    pub title: String,
    /// Home page introduction (rendered HTML), may be empty.
    pub intro_html: String,
    /// Source of the home page introduction, for the edit link.
    pub intro_source: Option<String>,
    /// When the introduction's file last changed (see [`Page::updated`]).
    pub intro_updated: Option<i64>,
    /// Pages in reading order.
    pub pages: Vec<Page>,
    /// Non-Markdown files from `content/`, copied to the output.
    pub assets: Vec<(String, Vec<u8>)>,
    /// The share keys of questions and sections.
    pub share: ShareLinks,
}

/// Site-wide keys of questions (their share pages) and of sections (study-set items).
///
/// A question's share key is its id; ids are unique per page only, so a later question with
/// an id already used elsewhere gets `-2`, `-3` (reading order). Sections that can be put in
/// a study set get keys from the same pool, so one key names one item.
#[derive(Debug, Default)]
pub struct ShareLinks {
    /// Page url → question id → key.
    pub(crate) questions: HashMap<String, HashMap<String, String>>,
    /// Page url → section id → key.
    pub(crate) sections: HashMap<String, HashMap<String, String>>,
}

impl ShareLinks {
    /// The share key of the question `id` of the page `page_url`.
    pub fn question(&self, page_url: &str, id: &str) -> Option<&str> {
        self.questions.get(page_url)?.get(id).map(String::as_str)
    }

    /// The study-set key of the section `id` of the page `page_url`.
    pub fn section(&self, page_url: &str, id: &str) -> Option<&str> {
        self.sections.get(page_url)?.get(id).map(String::as_str)
    }
}

/// One output page (a chapter of a split file, or a whole file).
#[derive(Debug, Clone)]
pub struct Page {
    /// Source path relative to the site root, e.g. `content/guide.md`.
    pub source: String,
    /// Output path relative to the site root, e.g. `gil-and-concurrency.html`.
    pub url: String,
    /// Id of the page's own heading (links to it land on the page top).
    pub id: String,
    /// Plain-text title (navigation, `<title>`, search).
    pub title: String,
    /// Title with its inline Markdown rendered (code, emphasis), for the page heading.
    pub title_html: String,
    /// Summary for search engines and link previews: front matter, else the first paragraph.
    pub description: Option<String>,
    /// Label in navigation (front matter `nav_title`, `sidebar_label`, `linkTitle`).
    pub nav_title: Option<String>,
    /// Front matter keys that are not quire's own, for templates (`page.extra`).
    pub extra: std::collections::BTreeMap<String, serde_json::Value>,
    /// Navigation group (the sub-folder a file lives in), if any.
    pub group: Option<String>,
    /// Blocks before the first section.
    pub lead: Vec<Block>,
    /// Every heading below the title with its content, flat, in reading order.
    pub sections: Vec<Section>,
    /// Old addresses that now lead to an id of this page (see `permalinks`).
    pub aliases: Vec<Alias>,
    /// Where the page starts in its source file.
    pub location: Location,
    /// The home file's page (`index.md` / `README.md` of a site of several files): its
    /// content is the home page's, at `index.html`, and it is not a chapter.
    pub home: bool,
    /// When its Markdown file last changed: the committer time (Unix seconds) of the last
    /// commit of that file, when the site is in a git repository (see `history`).
    pub updated: Option<i64>,
}

/// An old address kept working: `old` (an id, `page.html#id` or `page.html`) now leads to
/// the id `target` of the page that holds the alias. Written `{#new-id aliases="old-id"}` on
/// a heading, or `aliases = ["old-id -> new-id"]` in front matter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Alias {
    /// The old address: an id, `page.html#id` or `page.html`.
    pub old: String,
    /// The id on this page it now leads to.
    pub target: String,
    /// Where the alias is written.
    pub location: Location,
}

/// A heading inside a page and the blocks under it (flat list; `level` gives nesting).
#[derive(Debug, Clone)]
pub struct Section {
    /// The heading's id: the fragment its links use (unique on the page).
    pub id: String,
    /// Heading level in the output page (2 for the first level below the page title).
    pub level: u8,
    /// Plain-text heading (table of contents, search).
    pub title: String,
    /// Heading with its inline Markdown rendered.
    pub title_html: String,
    /// The content under the heading, up to the next heading.
    pub blocks: Vec<Block>,
    /// Set when the heading itself is an interview question (its blocks are the answer).
    pub question: Option<Question>,
    /// Where the heading is written.
    pub location: Location,
}

/// A piece of page content.
#[derive(Debug, Clone)]
pub enum Block {
    /// Rendered Markdown that is neither code nor a question.
    Prose(Prose),
    /// A fenced code example (highlighted, searchable, exported).
    Code(CodeBlock),
    /// An interview question and its answer.
    Question(Question),
}

/// Rendered Markdown with its plain text (for search and descriptions).
#[derive(Debug, Clone, Serialize)]
pub struct Prose {
    /// The HTML, links resolved for the page it is on.
    pub html: String,
    /// The words alone, for search and descriptions.
    pub text: String,
}

/// A fenced code example.
#[derive(Debug, Clone, Serialize)]
pub struct CodeBlock {
    /// The example's anchor on its page (`ex-…`).
    pub id: String,
    /// Normalised language (`python`, `bash`, `text`, ...).
    pub language: String,
    /// The raw code, exactly as written (no trailing newline).
    pub code: String,
    /// The bold line introducing the example, or its `title="…"`.
    pub caption: Option<String>,
    /// 1-based highlighted line ranges (inclusive).
    pub hl_lines: Vec<(u32, u32)>,
    /// Show line numbers (`linenos` on the fence).
    pub linenos: bool,
    /// The author opted out of syntax checking.
    pub no_check: bool,
    /// Where the fence opens.
    pub location: Location,
}

/// An interview question and its answer.
#[derive(Debug, Clone, Serialize)]
pub struct Question {
    /// The question's anchor on its page; also the start of its share key.
    pub id: String,
    /// The question as HTML.
    pub prompt_html: String,
    /// The question as plain text (search, exports, share page title).
    pub prompt_text: String,
    /// The answer as HTML.
    pub answer_html: String,
    /// The answer as plain text.
    pub answer_text: String,
    /// Where the question is written.
    pub location: Location,
}

impl Site {
    /// Every question with the page and section (if any) that holds it, in reading order.
    pub fn questions(&self) -> Vec<(&Page, Option<&Section>, &Question)> {
        questions_of(&self.pages)
    }

    /// Every code example with its page and section, in reading order.
    pub fn examples(&self) -> Vec<(&Page, Option<&Section>, &CodeBlock)> {
        let mut out = Vec::new();
        for page in &self.pages {
            out.extend(page.lead.iter().filter_map(code).map(|c| (page, None, c)));
            for section in &page.sections {
                out.extend(
                    section
                        .blocks
                        .iter()
                        .filter_map(code)
                        .map(|c| (page, Some(section), c)),
                );
            }
        }
        out
    }

    /// The home file's page (always the first page, when the site has one) and the
    /// chapters: every other page, in reading order.
    pub fn home_and_chapters(&self) -> (Option<&Page>, &[Page]) {
        match self.pages.split_first() {
            Some((first, rest)) if first.home => (Some(first), rest),
            _ => (None, &self.pages[..]),
        }
    }

    /// Counts shown in the build summary.
    pub fn counts(&self) -> Counts {
        Counts {
            // The home file's page is the home page, not one of the site's chapters.
            pages: self.home_and_chapters().1.len(),
            sections: self.pages.iter().map(|p| p.sections.len()).sum(),
            questions: self.questions().len(),
            examples: self.examples().len(),
        }
    }

    /// The last change of any page or of the introduction: when the guide last changed, as
    /// the home page (which lists every chapter) shows it.
    pub fn newest_update(&self) -> Option<i64> {
        self.pages
            .iter()
            .filter_map(|p| p.updated)
            .chain(self.intro_updated)
            .max()
    }

    /// Index of page urls, for lookups.
    pub fn page_index(&self) -> HashMap<&str, usize> {
        self.pages
            .iter()
            .enumerate()
            .map(|(i, p)| (p.url.as_str(), i))
            .collect()
    }
}

fn code(block: &Block) -> Option<&CodeBlock> {
    match block {
        Block::Code(c) => Some(c),
        _ => None,
    }
}

impl Page {
    /// Per-page counts (sections, questions, examples) for the home page.
    pub fn counts(&self) -> (usize, usize, usize) {
        let all_blocks = || {
            self.lead
                .iter()
                .chain(self.sections.iter().flat_map(|s| &s.blocks))
        };
        let questions = all_blocks()
            .filter(|b| matches!(b, Block::Question(_)))
            .count()
            + self
                .sections
                .iter()
                .filter(|s| s.question.is_some())
                .count();
        let examples = all_blocks().filter(|b| matches!(b, Block::Code(_))).count();
        (self.sections.len(), questions, examples)
    }
}

/// Totals for the build summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Output pages (chapters, and the home file's page).
    pub pages: usize,
    /// Headings below page titles.
    pub sections: usize,
    /// Interview questions.
    pub questions: usize,
    /// Fenced code examples.
    pub examples: usize,
}

/// Every question of `pages` with its page and section, in reading order.
pub(crate) fn questions_of(pages: &[Page]) -> Vec<(&Page, Option<&Section>, &Question)> {
    let mut out = Vec::new();
    for page in pages {
        for block in &page.lead {
            if let Block::Question(q) = block {
                out.push((page, None, q));
            }
        }
        for section in &page.sections {
            if let Some(q) = &section.question {
                out.push((page, Some(section), q));
            }
            for block in &section.blocks {
                if let Block::Question(q) = block {
                    out.push((page, Some(section), q));
                }
            }
        }
    }
    out
}

//! One file's share of the parse: its outline and draft pages, which depend on that file
//! alone (and the configuration), so that a session can keep them ([`super::memo`]); then
//! its pages finished against the anchor table of the whole site.

use std::collections::HashMap;
use std::path::Path;

use rayon::prelude::*;

use super::draft::DraftPage;
use super::items::Item;
use super::links::LinkTable;
use super::memo::{FileDiags, FileParse, FileRecord, Shape, Sketch};
use super::outline::{outline_chapters, outline_single};
use super::{aliases, dialect, draft_page, finish, include, outline_home, without_hashes};
use crate::config::Split;
use crate::diag::Diagnostic;
use crate::model::Page;
use crate::source::Document;

/// What every file is parsed with besides its own text.
pub(super) struct FileContext<'s> {
    /// A file without `split` in its front matter is split into chapters.
    pub split_all: bool,
    pub question_headings: bool,
    /// The home file (its content in full is the home page's).
    pub home: Option<&'s str>,
    /// The site folder (included files are found from there).
    pub root: &'s Path,
}

impl<'s> FileContext<'s> {
    /// The context of a site of `files` files (not drafts) with `config`.
    pub(super) fn of(
        config: &crate::config::Config,
        files: usize,
        home: Option<&'s str>,
        root: &'s Path,
    ) -> Self {
        FileContext {
            split_all: match config.split {
                Split::Auto => files == 1,
                Split::Chapters => true,
                Split::None => false,
            },
            question_headings: config.question_headings,
            home,
            root,
        }
    }
}

/// A file parsed in this build, up to its draft pages.
pub(super) struct FileDraft<'a> {
    shape: Shape,
    /// The items before its first chapter (a book's).
    intro: Option<Vec<Item<'a>>>,
    drafts: Vec<DraftPage<'a>>,
    sketches: Vec<Sketch>,
    diags: FileDiags,
}

/// A file of this build: parsed now, or as the last build left it.
pub(super) enum FileState<'a> {
    Fresh(FileDraft<'a>),
    Kept(FileParse),
}

impl FileState<'_> {
    /// Parsed in this build.
    pub(super) fn is_fresh(&self) -> bool {
        matches!(self, FileState::Fresh(_))
    }

    pub(super) fn shape(&self) -> &Shape {
        match self {
            FileState::Fresh(f) => &f.shape,
            FileState::Kept(f) => &f.shape,
        }
    }

    pub(super) fn sketches(&self) -> &[Sketch] {
        match self {
            FileState::Fresh(f) => &f.sketches,
            FileState::Kept(f) => &f.sketches,
        }
    }

    fn diags(&self) -> &FileDiags {
        match self {
            FileState::Fresh(f) => &f.diags,
            FileState::Kept(f) => &f.diags,
        }
    }
}

/// Each file's key ([`super::memo::file_key`]), and the file as `last` kept it when that
/// is under the same key, else drafted now (in parallel).
pub(super) fn kept_or_drafted<'a>(
    docs: &[Document<'a>],
    ctx: &FileContext<'_>,
    context: u128,
    mut last: HashMap<String, FileParse>,
) -> (Vec<Option<u128>>, Vec<FileState<'a>>) {
    let keys: Vec<Option<u128>> = docs
        .par_iter()
        .map(|d| super::memo::file_key(context, d))
        .collect();
    let kept: Vec<Option<FileParse>> = docs
        .iter()
        .zip(&keys)
        .map(|(d, key)| {
            let key = (*key)?;
            last.remove(&d.source.rel)
                .filter(|f| f.key == key && f.is_complete())
        })
        .collect();
    let files = kept
        .into_par_iter()
        .zip(docs.par_iter())
        .map(|(kept, doc)| match kept {
            Some(f) => FileState::Kept(f),
            None => FileState::Fresh(draft_file(doc, ctx)),
        })
        .collect();
    (keys, files)
}

/// The file `doc` outlined and drafted: dialects rewritten, split into pages, ids given,
/// includes expanded and front matter aliases attached.
pub(super) fn draft_file<'a>(doc: &Document<'a>, ctx: &FileContext<'_>) -> FileDraft<'a> {
    let mut diags = FileDiags::default();
    let (rewritten, warnings) = dialect::rewrite_dialects(doc.body);
    diags.dialect = warnings
        .into_iter()
        .map(|(offset, message)| Diagnostic::warning(doc.location(offset), message))
        .collect();
    let rewritten = rewritten.as_ref();
    let split = doc
        .front
        .split
        .map_or(ctx.split_all, |s| s == Split::Chapters);
    let heading_title = |page: &super::RawPage<'_>| {
        page.heading
            .as_ref()
            .map(|h| without_hashes(&h.text()).to_string())
    };
    let (shape, intro, raws) = if ctx.home == Some(doc.source.rel.as_str()) {
        let page = outline_home(doc, rewritten, ctx.question_headings);
        (Shape::Single(heading_title(&page)), None, vec![page])
    } else if split {
        let outline = outline_chapters(doc, rewritten, ctx.question_headings);
        let shape = Shape::Book(outline.book_title);
        (shape, Some(outline.intro), outline.pages)
    } else {
        let page = outline_single(doc, rewritten, ctx.question_headings);
        (Shape::Single(heading_title(&page)), None, vec![page])
    };
    // A book of many chapters is drafted chapter by chapter in parallel.
    let (mut drafts, page_diags): (Vec<DraftPage<'_>>, Vec<Vec<Diagnostic>>) = raws
        .par_iter()
        .map(|raw| {
            let mut d = Vec::new();
            let draft = draft_page(doc, raw, &mut d);
            (draft, d)
        })
        .unzip();
    diags.drafts = page_diags.concat();
    include::expand_includes(&mut drafts, doc, ctx.root, &mut diags.includes);
    aliases::attach_front_aliases(&mut drafts, doc, &mut diags.aliases);
    let sketches = drafts
        .iter()
        .map(|d| Sketch {
            chapter: d.chapter,
            id: d.id.clone(),
            ids: d.ids().into_iter().map(String::from).collect(),
        })
        .collect();
    FileDraft {
        shape,
        intro,
        drafts,
        sketches,
        diags,
    }
}

/// The pages of the files parsed in this build finished (in parallel), by file; each
/// file's diagnostics of this step go with it.
pub(super) fn finish_files(
    files: &mut [FileState<'_>],
    docs: &[Document<'_>],
    order: &[(usize, &Document<'_>)],
    urls: &[String],
    table: &LinkTable,
    home: Option<&str>,
) -> Vec<Vec<Page>> {
    let mut work = Vec::new();
    let mut at = 0;
    for &(i, _) in order {
        if let FileState::Fresh(f) = &files[i] {
            work.extend(f.drafts.iter().enumerate().map(|(k, d)| (at + k, i, d)));
        }
        at += files[i].sketches().len();
    }
    let done: Vec<(usize, Page, Vec<Diagnostic>)> = work
        .par_iter()
        .map(|&(at, i, draft)| {
            let doc = &docs[i];
            let mut d = Vec::new();
            let mut page = finish::finish_page(doc, draft, at, &urls[at], table, &mut d);
            page.home = home == Some(doc.source.rel.as_str());
            (i, page, d)
        })
        .collect();
    drop(work);
    let mut pages: Vec<Vec<Page>> = (0..files.len()).map(|_| Vec::new()).collect();
    for (i, page, d) in done {
        pages[i].push(page);
        if let FileState::Fresh(f) = &mut files[i] {
            f.diags.finish.extend(d);
        }
    }
    pages
}

/// The home page's introduction as the file `file` gives it, and its diagnostics.
pub(super) fn intro_of(
    file: &FileState<'_>,
    doc: &Document<'_>,
    table: &LinkTable,
) -> (String, Vec<Diagnostic>) {
    match file {
        FileState::Fresh(f) => {
            let mut d = Vec::new();
            let items = f.intro.as_deref().unwrap_or_default();
            let html = finish::intro_html(doc, items, table, &mut d);
            (html, d)
        }
        FileState::Kept(f) => f.intro.clone().unwrap_or_default(),
    }
}

/// Every file's diagnostics, step by step: each step's in file order (`files`) or reading
/// order (`order`), as the steps went through them, with the folders' after the dialects'
/// and the introduction's last.
pub(super) fn diagnostics(
    files: &[FileState<'_>],
    order: &[(usize, &Document<'_>)],
    folders: Vec<Diagnostic>,
    intro: Option<&(String, Vec<Diagnostic>)>,
) -> Vec<Diagnostic> {
    let by_file = |step: fn(&FileDiags) -> &Vec<Diagnostic>| {
        files
            .iter()
            .flat_map(move |f| step(f.diags()).iter().cloned())
    };
    let by_page = |step: fn(&FileDiags) -> &Vec<Diagnostic>| {
        order
            .iter()
            .flat_map(move |&(i, _)| step(files[i].diags()).iter().cloned())
    };
    let mut out: Vec<Diagnostic> = by_file(|d| &d.dialect).collect();
    out.extend(folders);
    out.extend(by_page(|d| &d.drafts));
    out.extend(by_page(|d| &d.includes));
    out.extend(by_file(|d| &d.aliases));
    out.extend(by_page(|d| &d.finish));
    out.extend(intro.into_iter().flat_map(|(_, d)| d.iter().cloned()));
    out
}

/// The site's pages in reading order, and each file's record for the memo.
pub(super) fn settle(
    files: Vec<FileState<'_>>,
    mut finished: Vec<Vec<Page>>,
    order: &[(usize, &Document<'_>)],
    keys: &[Option<u128>],
    intro: Option<(usize, &(String, Vec<Diagnostic>))>,
) -> (Vec<Page>, Vec<FileRecord>) {
    let kept: Vec<bool> = files.iter().map(|f| !f.is_fresh()).collect();
    let mut entries: Vec<Option<FileParse>> = files
        .into_iter()
        .enumerate()
        .map(|(i, file)| match file {
            FileState::Kept(mut f) => {
                finished[i] = std::mem::take(&mut f.pages);
                Some(f)
            }
            FileState::Fresh(f) => keys[i].map(|key| FileParse {
                key,
                shape: f.shape,
                sketches: f.sketches,
                diags: f.diags,
                intro: intro.filter(|(at, _)| *at == i).map(|(_, v)| v.clone()),
                pages: Vec::new(),
            }),
        })
        .collect();
    let mut pages = Vec::with_capacity(finished.iter().map(Vec::len).sum());
    let mut recorded = Vec::with_capacity(order.len());
    for &(i, doc) in order {
        let made = std::mem::take(&mut finished[i]);
        recorded.push(FileRecord {
            rel: doc.source.rel.clone(),
            entry: entries[i].take(),
            pages: made.len(),
            kept: kept[i],
        });
        pages.extend(made);
    }
    (pages, recorded)
}

//! The build: runs the stages in order (load, parse, plan, highlight, render, search,
//! exports, links, write) and is the one place that decides what a build reuses from the
//! last one (see [`session`] and [`crate::previous`]).

mod fingerprint;
mod reuse;
mod session;
mod timings;

pub use session::Session;
pub use timings::Timings;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::diag::{self, Diagnostic, Location, Severity};
use crate::error::{Error, Result};
use crate::model::{self, Counts};
use crate::output::{self, BuildFiles, Files};
use crate::{
    assets, cache, config, diagrams, exports, highlight, history, i18n, parse, permalinks,
    previous, progress, pycheck, render, search, source, translations, unchanged,
};
use timings::{resident_bytes, timed};

/// What to build and where.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The site folder (holds `site.toml` and `content/`).
    pub root: PathBuf,
    /// Output folder; defaults to `output_dir` from site.toml under the root.
    pub out: Option<PathBuf>,
    /// Overrides `base_url` from site.toml.
    pub base_url: Option<String>,
    /// Do not read or write the highlight cache (`.quire-cache/`).
    pub no_cache: bool,
    /// Where the build reports how far it is (for a progress display).
    pub progress: Option<std::sync::Arc<progress::Progress>>,
    /// Rewrite `permalinks.lock` even though anchors it lists are gone (they are dropped).
    pub accept_permalink_changes: bool,
    /// Overrides `broken_links` from site.toml (`serve` always warns).
    pub broken_links: Option<config::BrokenLinks>,
    /// Read each page's last-updated date from git (unless site.toml turns it off). The
    /// command line does; off by default, so that a build is a function of its files alone.
    pub git_dates: bool,
}

/// A site built in memory.
#[derive(Debug)]
pub struct Output {
    /// Site-relative path → bytes.
    pub files: Files,
    /// Pages, sections, questions and code examples, for the summary line.
    pub counts: Counts,
    /// Warnings (a build with errors returns `Err`).
    pub warnings: Vec<Diagnostic>,
    /// Time spent in each stage.
    pub timings: Timings,
    /// The `permalinks.lock` this build records ([`build`] writes it to the site root; empty
    /// with `permalinks = "off"`).
    pub permalinks_lock: String,
}

/// A site built by the pipeline: every file either in memory or already written.
struct Built {
    files: BuildFiles,
    counts: Counts,
    warnings: Vec<Diagnostic>,
    timings: Timings,
    permalinks_lock: String,
}

impl Built {
    /// The site in memory (a build that does not write holds every file's bytes).
    fn into_output(self) -> Output {
        let files = output::in_memory(self.files);
        // What `serve` holds until the next build, kept apart (see `crate::keep`).
        let (warnings, permalinks_lock) =
            crate::keep::kept(|| (self.warnings.clone(), self.permalinks_lock.clone()));
        Output {
            files,
            counts: self.counts,
            warnings,
            timings: self.timings,
            permalinks_lock,
        }
    }
}

/// What `build` reports (the files themselves are in the output folder).
#[derive(Debug)]
pub struct BuildReport {
    /// The folder the site was written to.
    pub out_dir: PathBuf,
    /// HTML pages written.
    pub pages: usize,
    /// Pages, sections, questions and code examples, for the summary line.
    pub counts: Counts,
    /// Warnings (a build with errors returns `Err`).
    pub warnings: Vec<Diagnostic>,
    /// Time spent in each stage.
    pub timings: Timings,
    /// This build wrote `permalinks.lock` (new anchors, or accepted changes).
    pub permalinks_updated: bool,
    /// Nothing changed since the last build into the same folder: nothing was written.
    pub unchanged: bool,
    /// Wall time of the whole build, writing included.
    pub elapsed: std::time::Duration,
}

impl BuildReport {
    /// The one summary line printed after a build.
    pub fn summary(&self) -> String {
        let c = &self.counts;
        format!(
            "built {} pages: {} chapters, {} sections, {} questions, {} code examples; {} warning{} in {:.0} ms",
            self.pages,
            c.pages,
            c.sections,
            c.questions,
            c.examples,
            self.warnings.len(),
            if self.warnings.len() == 1 { "" } else { "s" },
            self.elapsed.as_secs_f64() * 1000.0
        ) + if self.unchanged {
            " (nothing changed since the last build)"
        } else {
            ""
        }
    }
}

/// Parses and renders the site into memory. Content errors come back as
/// [`Error::Content`] with every diagnostic (warnings included).
pub fn build_site(opts: &Options) -> Result<Output> {
    build_site_cached(opts, &mut cache::HighlightCache::default())
}

/// [`build_site`] reusing highlighted code from `cache` (and leaving this build's in it).
pub fn build_site_cached(opts: &Options, cache: &mut cache::HighlightCache) -> Result<Output> {
    let recorder = previous::Recorder::default();
    build_pipeline(
        opts,
        cache,
        None,
        None,
        None,
        &recorder,
        permalinks::LockUse::Enforce,
    )
    .map(|(built, _)| built.into_output())
}

/// Up to this many pages, a build that writes its output makes the search index beside the
/// pages and exports (faster); above it, first and alone (less memory at once: 1000x the
/// guide, 6,000 pages, stays under 1 GiB).
const SIDE_BY_SIDE_PAGES: usize = 1000;

/// Where a build that writes its output goes.
#[derive(Clone, Copy)]
struct Disk<'a> {
    staging: &'a output::Staging,
    /// The pages of the previous build of the same output (see [`previous`]).
    previous: Option<&'a previous::PreviousPages>,
}

/// The whole pipeline; with `last` (the last build of a [`Session`]) or the previous build
/// of the same output (`disk`), pages that did not change are taken from there (see
/// [`reuse`]). With `disk`, the bulk of the output (chapter and share pages, the search
/// index, the exports) is written as it is made ([`output::File::Written`]). `recorder`
/// gets the key every chapter and share page was made under.
fn build_pipeline(
    opts: &Options,
    cache: &mut cache::HighlightCache,
    last: Option<&reuse::LastBuild>,
    memos: Option<&mut session::Memos>,
    disk: Option<Disk<'_>>,
    recorder: &previous::Recorder,
    lock_use: permalinks::LockUse,
) -> Result<(Built, fingerprint::Fingerprints)> {
    let staging = disk.map(|d| d.staging);
    let (search_memo, exports_memo, mut planning) = match memos {
        Some(m) => (
            Some(&mut m.search),
            Some(&mut m.exports),
            Some(&mut m.planning),
        ),
        None => (None, None, None),
    };
    let mut timings = Timings::default();
    let none = progress::Progress::default();
    let progress = opts.progress.as_deref().unwrap_or(&none);
    let memos = OutputMemos {
        search: search_memo,
        exports: exports_memo,
    };
    let beside_parse =
        |site: &model::Site| made_beside_parse(site, cache, progress, staging, memos);
    let (
        Planned {
            site,
            tera,
            plan,
            prints,
            warnings,
        },
        early,
    ) = parse_and_plan(
        opts,
        lock_use,
        &mut timings,
        planning.as_deref_mut(),
        beside_parse,
    )?;
    let store = reuse::Store::choose(last, disk.and_then(|d| d.previous), &prints);
    progress.start("rendering", site.pages.len());
    let cache = &*cache;
    let pages = reuse::PageReuse {
        current: &prints.pages,
        store,
        staging,
        recorder,
    };
    let render =
        || timed(|| render::render_site(&site, &tera, cache, Some(&plan), &pages, progress));
    let (rendered, search_files, exports) =
        render_the_rest(&site, render, early, staging, &mut timings);
    let mut files = rendered?;
    files.extend(search_files?);
    files.extend(exports?);
    timings.stage("links", || add_redirects(&site, &plan, &mut files))?;
    add_static(&opts.root, &site, &mut files)?;
    let built = Built {
        files,
        counts: give_back(site, planning.map(|p| &mut p.parse)),
        warnings,
        timings,
        permalinks_lock: plan.lock,
    };
    Ok((built, prints))
}

/// A session's memos of the search index and the exports, for the step that makes them.
struct OutputMemos<'m> {
    search: Option<&'m mut search::SearchMemo>,
    exports: Option<&'m mut exports::ExportsMemo>,
}

/// Files a step made, or why it could not.
type Made = Result<Vec<(String, output::File)>>;

/// The search index and the exports, made as soon as the content was parsed, or not yet.
enum Early<'m> {
    Made(Made, Made),
    Later(OutputMemos<'m>),
}

/// What runs as soon as the content is parsed, while the templates are still being compiled
/// (see [`parse_and_plan`]): highlighting. When most of the code is new (a first build),
/// highlighting is most of the build, and its first blocks pay for compiling the grammar's
/// patterns, which holds up every thread that needs them: begun on one thread while the
/// other compiles templates, that cost is mostly paid by the time both highlight, and the
/// search index and the exports (they read the text only) are made beside it. Otherwise
/// (an edit) rendering is the longer step, and they are made beside the pages. Returns each
/// step's duration, for the timings.
fn made_beside_parse<'m>(
    site: &model::Site,
    cache: &mut cache::HighlightCache,
    progress: &progress::Progress,
    staging: Option<&output::Staging>,
    memos: OutputMemos<'m>,
) -> (Vec<(&'static str, Duration)>, Early<'m>) {
    let code = render::code_to_highlight(site, cache);
    if !code.is_most() || index_first(site, staging) {
        let highlighted = timed(|| code.highlight(cache, progress));
        return (vec![("highlight", highlighted.1)], Early::Later(memos));
    }
    let search = || made_search(site, memos.search, staging);
    let exports = || made_exports(site, memos.exports, staging);
    let (highlighted, (search_files, exports)) = rayon::join(
        || timed(|| code.highlight(cache, progress)),
        || rayon::join(search, exports),
    );
    let stages = vec![
        ("highlight", highlighted.1),
        ("search", search_files.1),
        ("exports", exports.1),
    ];
    (stages, Early::Made(search_files.0, exports.0))
}

/// The search index's files, and how long they took.
fn made_search(
    site: &model::Site,
    memo: Option<&mut search::SearchMemo>,
    staging: Option<&output::Staging>,
) -> (Made, Duration) {
    timed(|| keep(search::search_files_memo(site, memo), staging))
}

/// The export files, and how long they took.
fn made_exports(
    site: &model::Site,
    memo: Option<&mut exports::ExportsMemo>,
    staging: Option<&output::Staging>,
) -> (Made, Duration) {
    timed(|| keep(exports::export_files(site, memo), staging))
}

/// A big site written as it goes makes its search index alone, before the pages: writing
/// as it goes, a build holds little of its output, and the index's working memory is the
/// largest, so it is freed before rendering (measured: no slower than side by side once
/// pages are written as they are made, and 1000x the guide stays under 1 GiB).
fn index_first(site: &model::Site, staging: Option<&output::Staging>) -> bool {
    staging.is_some() && site.pages.len() > SIDE_BY_SIDE_PAGES
}

/// The pages, with the search index and the exports when they were not made beside
/// highlighting (see [`made_beside_parse`]), and each step's duration.
fn render_the_rest(
    site: &model::Site,
    render: impl FnOnce() -> (Result<BuildFiles>, Duration) + Send,
    early: Early<'_>,
    staging: Option<&output::Staging>,
    timings: &mut Timings,
) -> (Result<BuildFiles>, Made, Made) {
    let memos = match early {
        Early::Made(search_files, exports) => {
            let rendered = timings.stage("render", render);
            return (rendered.0, search_files, exports);
        }
        Early::Later(memos) => memos,
    };
    let search = || made_search(site, memos.search, staging);
    let exports = || made_exports(site, memos.exports, staging);
    let start = Instant::now();
    if index_first(site, staging) {
        let search_files = timings.stage("search", search).0;
        let (rendered, exports) = rayon::join(render, exports);
        timings.side_by_side(
            [("render", rendered.1), ("exports", exports.1)],
            start.elapsed(),
        );
        return (rendered.0, search_files, exports.0);
    }
    let (rendered, (search_files, exports)) = rayon::join(render, || rayon::join(search, exports));
    timings.side_by_side(
        [
            ("render", rendered.1),
            ("search", search_files.1),
            ("exports", exports.1),
        ],
        start.elapsed(),
    );
    (rendered.0, search_files.0, exports.0)
}

/// The site's counts, its pages given back to the session's parse memo (if any).
fn give_back(site: model::Site, memo: Option<&mut parse::ParseMemo>) -> Counts {
    let counts = site.counts();
    if let Some(memo) = memo {
        memo.keep(site.pages);
    }
    counts
}

/// A parsed site with its compiled templates and its plan: what every later step reads.
struct Planned {
    site: model::Site,
    tera: render::Templates,
    plan: permalinks::Plan,
    prints: fingerprint::Fingerprints,
    /// Warnings so far (an error stops the build here).
    warnings: Vec<Diagnostic>,
}

/// The load, parse and plan steps: the site parsed (its templates compiled meanwhile),
/// permalinks checked and what each page depends on fingerprinted. `beside` runs on the
/// parsed site (when it has no errors) while the templates are still being compiled; it
/// returns its stages' durations for the timings and its result.
fn parse_and_plan<T: Send>(
    opts: &Options,
    lock_use: permalinks::LockUse,
    timings: &mut Timings,
    mut memos: Option<&mut session::Planning>,
    beside: impl FnOnce(&model::Site) -> (Vec<(&'static str, Duration)>, T) + Send,
) -> Result<(Planned, T)> {
    // The templates do not depend on the content: they are compiled while it is parsed
    // (a few milliseconds, which is much of a small site's build).
    let start = Instant::now();
    let ((loaded, parsed, made), compiled) = rayon::join(
        || {
            let (loaded, parsed) =
                timed(|| load_site(opts, memos.as_deref_mut().map(|m| &mut m.parse)));
            let made = match &loaded {
                Ok((site, diags)) if !diags.iter().any(Diagnostic::is_error) => Some(beside(site)),
                _ => None,
            };
            (loaded, parsed, made)
        },
        || timed(|| render::load_tera(assets::load_templates(&opts.root)?)),
    );
    let (stages, made) = match made {
        Some((stages, made)) => (stages, Some(made)),
        None => (Vec::new(), None),
    };
    timings.side_by_side(
        [("parse", parsed), ("templates", compiled.1)]
            .into_iter()
            .chain(stages),
        start.elapsed(),
    );
    let compiled = compiled.0;
    let (site, mut diags) = loaded?;
    let made = match made {
        Some(made) if !diags.iter().any(Diagnostic::is_error) => made,
        _ => {
            // The templates are checked too, so that one round reports every problem.
            diags.extend(template_problems(compiled, &site, None).unwrap_or_default());
            return Err(Error::Content(diags));
        }
    };
    let tera = compiled?;
    // Permalinks checked, what each page depends on fingerprinted.
    let (plan, problems, prints) = timings.stage("plan", || {
        let (plan_memo, prints_memo) = match memos {
            Some(m) => (Some(&mut m.plan), Some((&mut m.prints, m.parse.kept()))),
            None => (None, None),
        };
        let (plan, problems) = plan_permalinks(opts, &site, lock_use, plan_memo)?;
        let prints = fingerprint::Fingerprints::of(&site, tera.sources(), &plan.moves, prints_memo);
        Ok::<_, Error>((plan, problems, prints))
    })?;
    let warnings = [diags, problems].concat();
    if warnings.iter().any(Diagnostic::is_error) {
        return Err(Error::Content(warnings));
    }
    let planned = Planned {
        site,
        tera,
        plan,
        prints,
        warnings,
    };
    Ok((planned, made))
}

/// Builds and writes the site; the previous output stays untouched on any error.
pub fn build(opts: &Options) -> Result<BuildReport> {
    let start = Instant::now();
    let config = config::load_config(&opts.root)?;
    let out_dir = opts
        .out
        .clone()
        .unwrap_or_else(|| opts.root.join(&config.output_dir));
    output::check_output_dir(&opts.root, &out_dir)?;
    let abs_out = output::absolute(&out_dir);
    let target = reuse::unchanged_target(opts, &config, &abs_out);
    let vouched = match target.as_ref().map(unchanged::Target::last) {
        Some(unchanged::Last::Unchanged(summary)) => {
            output::remove_stale_builds(&abs_out);
            return Ok(reuse::unchanged_report(out_dir, summary, start));
        }
        Some(unchanged::Last::Changed(vouched)) => Some(Box::new(vouched) as _),
        None => None,
    };
    let mut cache = if opts.no_cache {
        cache::HighlightCache::default()
    } else {
        cache::HighlightCache::load(&opts.root)
    };
    let staging = output::Staging::new(&out_dir)?.vouched_by(vouched);
    let recording = target.as_ref().and_then(|t| t.record());
    let pages = (!opts.no_cache).then(|| previous::PreviousPages::load(&opts.root, &abs_out));
    let recorder = previous::Recorder::default();
    let disk = Disk {
        staging: &staging,
        previous: pages.as_ref(),
    };
    let (mut output, prints) = build_pipeline(
        opts,
        &mut cache,
        None,
        None,
        Some(disk),
        &recorder,
        permalinks::LockUse::Enforce,
    )?;
    let written = Instant::now();
    // The caches are saved while the output is swapped in: a record of pages that did not
    // make it (the swap failed) only costs time next build, which checks every page's bytes.
    let (finished, saved) = rayon::join(
        || staging.finish(&output.files),
        || {
            (!opts.no_cache).then(|| {
                [
                    ("highlight cache", cache.save(&opts.root)),
                    (
                        "page record",
                        recorder.save(&opts.root, &abs_out, prints.frame()),
                    ),
                ]
            })
        },
    );
    let hashes = finished?;
    // Only `build` publishes, so only `build` records what it published.
    let permalinks_updated = config.permalinks == config::Permalinks::Lock
        && permalinks::write_lock(&opts.root, &output.permalinks_lock)?;
    let pages = output.files.keys().filter(|k| k.ends_with(".html")).count();
    let summary = unchanged::Summary {
        pages,
        counts: output.counts,
        warnings: output.warnings.clone(),
    };
    let recorded = recording.map(|r| ("build record", r.save(&hashes, &summary)));
    let saved = saved.into_iter().flatten().chain(recorded);
    output.warnings.extend(not_saved(saved));
    output.timings.stages.push(("write", written.elapsed()));
    output.timings.rss.push(resident_bytes());
    Ok(BuildReport {
        out_dir,
        pages,
        counts: output.counts,
        warnings: output.warnings,
        timings: output.timings,
        permalinks_updated,
        unchanged: false,
        elapsed: start.elapsed(),
    })
}

/// A warning for each cache that could not be written: that only costs time next build.
fn not_saved<'a>(
    saved: impl Iterator<Item = (&'a str, Result<()>)>,
) -> impl Iterator<Item = Diagnostic> {
    saved.filter_map(|(what, result)| {
        let location = Location {
            file: cache::CACHE_DIR.into(),
            line: 1,
            col: 1,
        };
        let e = result.err()?;
        Some(Diagnostic::warning(
            location,
            format!("{what} not saved: {e}"),
        ))
    })
}

/// The template problem of rendering `site` (compiling the templates, then rendering every
/// page into memory), as a diagnostic; other failures stop the command.
fn template_problems(
    compiled: Result<render::Templates>,
    site: &model::Site,
    check: Option<&Options>,
) -> Result<Vec<Diagnostic>> {
    let rendered = compiled.and_then(|tera| {
        let mut files = render::render_site(
            site,
            &tera,
            &cache::HighlightCache::default(),
            None,
            &render::Fresh,
            &progress::Progress::default(),
        )?;
        // `check` looks at everything a build makes, so that a clash between files is
        // found there too.
        if let Some(opts) = check {
            let (plan, _) = plan_permalinks(opts, site, permalinks::LockUse::Enforce, None)?;
            add_redirects(site, &plan, &mut files)?;
            add_static(&opts.root, site, &mut files)?;
        }
        Ok(())
    });
    match rendered {
        Ok(()) => Ok(Vec::new()),
        Err(Error::Template(d)) => Ok(vec![d]),
        Err(Error::Content(d)) => Ok(d),
        Err(e) => Err(e),
    }
}

/// Everything `build` does but writing: returns every diagnostic, sorted by file and line.
pub fn check(opts: &Options) -> Result<Vec<Diagnostic>> {
    let (site, mut diags) = match load_site(opts, None) {
        Ok(v) => v,
        Err(Error::Config(d)) => return Ok(vec![d]),
        Err(e) => return Err(e),
    };
    diags.extend(plan_permalinks(opts, &site, permalinks::LockUse::Enforce, None)?.1);
    diags.extend(pycheck::check_python(&site, Severity::Error));
    let compiled = assets::load_templates(&opts.root).and_then(render::load_tera);
    diags.extend(template_problems(compiled, &site, Some(opts))?);
    diag::sort_diagnostics(&mut diags);
    Ok(diags)
}

/// The site parsed (with `memo`, reusing what it kept of the last parse).
fn load_site(
    opts: &Options,
    memo: Option<&mut parse::ParseMemo>,
) -> Result<(model::Site, Vec<Diagnostic>)> {
    let (mut config, mut diags) = config::read_config(&opts.root)?;
    if let Some(url) = &opts.base_url {
        config.base_url = Some(url.clone());
    }
    if let Some(policy) = opts.broken_links {
        config.broken_links = policy;
    }
    let (mut sources, problems) = source::walk_sources(&opts.root)?;
    diags.extend(translations::keep_site_language(
        &mut sources,
        &config.language,
    ));
    let ui_warnings = ui_key_warnings(&opts.root, &config);
    // git reads the history while the content is parsed.
    let dates = (opts.git_dates && config.last_updated)
        .then(|| history::read_site_dates(&opts.root, &sources));
    let (mut site, content) = match memo {
        Some(memo) => parse::parse_site_memo(config, &sources, memo),
        None => parse::parse_site(config, &sources),
    };
    if let Some(dates) = dates {
        diags.extend(history::stamp(&mut site, &dates.finish()));
    }
    diags.extend(problems);
    diags.extend(content);
    diags.extend(ui_warnings);
    Ok((site, diags))
}

/// A warning for each `[ui]` key of site.toml that names no interface text.
fn ui_key_warnings(root: &Path, config: &config::Config) -> Vec<Diagnostic> {
    if config.ui.is_empty() {
        return Vec::new();
    }
    let text = std::fs::read_to_string(root.join("site.toml")).unwrap_or_default();
    i18n::unknown_keys(&config.ui, &text, "site.toml")
}

/// Adds the highlight stylesheet, static files (defaults and the site's) and content assets;
/// a site file that would replace a generated page is an error naming both.
fn add_static(root: &Path, site: &model::Site, files: &mut BuildFiles) -> Result<()> {
    files.insert(
        "assets/highlight.css".into(),
        highlight::stylesheet().into_bytes().into(),
    );
    let generated: Vec<String> = files.keys().cloned().collect();
    for (rel, bytes) in assets::load_static(root)? {
        if generated.contains(&rel) {
            return Err(collision(&format!("static/{rel}"), &rel));
        }
        files.insert(rel, bytes.into());
    }
    if diagrams::site_has_diagrams(site) {
        for (rel, bytes) in diagrams::diagram_files() {
            files
                .entry(rel.to_string())
                .or_insert_with(|| bytes.to_vec().into());
        }
    }
    for (rel, bytes) in &site.assets {
        if files.contains_key(rel) {
            return Err(collision(&format!("content/{rel}"), rel));
        }
        files.insert(rel.clone(), bytes.clone().into());
    }
    Ok(())
}

/// A site file that would replace a generated one: a content error naming both.
fn collision(file: &str, generated: &str) -> Error {
    let location = Location {
        file: file.to_string(),
        line: 1,
        col: 1,
    };
    let message =
        format!("{file} would replace the generated {generated}; rename or remove {file}");
    Error::Content(vec![Diagnostic::error(location, message)])
}

/// Reads `permalinks.lock` (unless the site turns it off) and resolves the aliases against
/// it: the plan, and the problems (a malformed lock line, a locked anchor that is gone), as
/// `lock_use` reports them.
fn plan_permalinks(
    opts: &Options,
    site: &model::Site,
    lock_use: permalinks::LockUse,
    memo: Option<&mut permalinks::PlanMemo>,
) -> Result<(permalinks::Plan, Vec<Diagnostic>)> {
    let lock_use = match lock_use {
        permalinks::LockUse::Enforce if opts.accept_permalink_changes => {
            permalinks::LockUse::Accept
        }
        other => other,
    };
    let off = site.config.permalinks == config::Permalinks::Off;
    let lock = match off {
        true => None,
        false => permalinks::read_lock_text(&opts.root)?,
    };
    Ok(permalinks::plan_of(
        site,
        lock.as_deref(),
        lock_use,
        off,
        memo,
    ))
}

/// Redirects for aliases (pages, fragments, share pages).
fn add_redirects(
    site: &model::Site,
    plan: &permalinks::Plan,
    files: &mut BuildFiles,
) -> Result<()> {
    permalinks::apply(plan, site, files)?;
    render::add_alias_pages(site, &plan.moves, files)
}

/// Generated files as entries of [`BuildFiles`]; with `staging` they are written now (in
/// parallel, see [`output::keep`]).
fn keep<B: Into<output::Body>>(
    made: impl rayon::iter::IntoParallelIterator<Item = (String, B)>,
    staging: Option<&output::Staging>,
) -> Result<Vec<(String, output::File)>> {
    use rayon::prelude::*;
    made.into_par_iter()
        .map(|(path, bytes)| output::keep(staging, path, bytes.into()))
        .collect()
}

/// `quire export anki`: the questions as an Anki import file, and how many there are.
pub fn export_anki(opts: &Options) -> Result<(String, usize)> {
    let (site, diags) = load_site(opts, None)?;
    if diags.iter().any(Diagnostic::is_error) {
        return Err(Error::Content(diags));
    }
    Ok((exports::anki_tsv(&site), site.questions().len()))
}

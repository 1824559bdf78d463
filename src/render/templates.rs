//! Compiling the templates, and making every template error point at a file and a line.
//!
//! Tera renders `include` and `extends` by recursion and has no depth limit, so a template
//! that includes itself (directly or through others) or a macro that calls itself without
//! end would overflow the stack and abort the process. Include and extends cycles are found
//! before anything is rendered, from the parsed templates; macro calls are counted while
//! rendering (a guard call at the start and end of every macro body) and stopped with an
//! error long before the stack runs out.

use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;
use tera::Tera;
use tera::ast::{Expr, ExprVal, FunctionCall, Node, WS};

use crate::assets::TemplateSource;
use crate::diag::{Diagnostic, LineIndex, Location};
use crate::error::{Error, Result};

/// Macro calls nested deeper than this stop the render with an error. Real templates nest
/// a few levels (a recursive menu, as deep as its data); one nested call takes a few
/// kilobytes of Tera's stack, so this stays far below any thread's stack.
pub(crate) const MAX_MACRO_DEPTH: u32 = 64;

const ENTER: &str = "__quire_macro_enter";
const LEAVE: &str = "__quire_macro_leave";

thread_local! {
    /// Macro calls open on this thread's render (reset before each page).
    static DEPTH: Cell<u32> = const { Cell::new(0) };
    /// The macro that went too deep on this thread's render: its template, its name and
    /// the message (kept here so the error is located from data, not from Tera's text).
    static OVERFLOW: RefCell<Option<Overflow>> = const { RefCell::new(None) };
}

/// A macro nested more than [`MAX_MACRO_DEPTH`] calls deep.
struct Overflow {
    file: String,
    name: String,
    message: String,
}

/// The compiled templates with their sources: a render error is located in the sources.
pub(crate) struct Templates {
    tera: Tera,
    sources: Vec<TemplateSource>,
}

impl Templates {
    /// The templates as read (the site's own and the built-in defaults).
    pub(crate) fn sources(&self) -> &[TemplateSource] {
        &self.sources
    }

    /// Renders `template` with `context`; an error names the template file, line and column.
    pub(crate) fn render(&self, template: &str, context: &tera::Context) -> Result<String> {
        DEPTH.with(|d| d.set(0));
        OVERFLOW.with(|o| o.borrow_mut().take());
        self.tera
            .render(template, context)
            .map_err(|e| self.render_error(template, &e))
    }

    /// Locates a render error: in the template Tera says failed, its parents or a site's
    /// own template, at the first tag that uses the name the error is about (the unknown
    /// filter, the undefined variable…).
    fn render_error(&self, rendered: &str, e: &tera::Error) -> Error {
        if let Some(o) = OVERFLOW.with(|o| o.borrow_mut().take()) {
            return self.macro_depth_error(&o);
        }
        let message = chain(e);
        let find = |name: &str| self.sources.iter().find(|t| t.name == name);
        let rendered_source = find(rendered);
        let parents = self
            .tera
            .templates
            .get(rendered)
            .map_or(&[][..], |t| t.parents.as_slice());
        let mut candidates: Vec<&TemplateSource> = Vec::new();
        candidates.extend(rendered_source);
        candidates.extend(parents.iter().filter_map(|p| find(p)));
        candidates.extend(self.sources.iter().filter(|t| is_user(t)));
        let found = failing_name(e).and_then(|needle| {
            candidates
                .iter()
                .find_map(|t| tag_using(&t.text, &needle).map(|at| (*t, at)))
        });
        let (template, at) = match (found, rendered_source) {
            (Some(found), _) => found,
            (None, Some(t)) => (t, 0),
            (None, None) => {
                let location = Location {
                    file: format!("templates/{rendered}"),
                    line: 1,
                    col: 1,
                };
                return Error::Template(Diagnostic::error(location, message));
            }
        };
        Error::Template(Diagnostic::error(
            location(template, at),
            describe(template, &message),
        ))
    }

    /// A macro nested too deep ([`enter_macro`]): at the macro's call of itself.
    fn macro_depth_error(&self, o: &Overflow) -> Error {
        let Some(t) = self.sources.iter().find(|t| t.name == o.file) else {
            return unlocated_first(&o.message);
        };
        // The first use of the name after its definition is the call that recursed.
        let mut from = 0;
        let at = loop {
            let Some(at) = tag_using(&t.text[from..], &o.name).map(|i| from + i) else {
                break 0;
            };
            let before = &t.text[..at];
            let open = before.rfind("{%").max(before.rfind("{{")).unwrap_or(0);
            let tag = before[open + 2..].trim_start_matches('-').trim_start();
            if !tag.starts_with("macro") {
                break at;
            }
            from = at + o.name.len();
        };
        Error::Template(Diagnostic::error(location(t, at), describe(t, &o.message)))
    }
}

/// Compiles the templates; errors name the template file and line.
pub(crate) fn load_tera(sources: Vec<TemplateSource>) -> Result<Templates> {
    let mut tera = Tera::default();
    tera.autoescape_on(vec![".html", ".xml"]);
    tera.set_escape_fn(crate::html::escape);
    super::filters::register(&mut tera);
    // Parsing is most of the work (a few milliseconds, much of a small site's build): the
    // templates are parsed in parallel, then linked as `Tera::add_raw_templates` does.
    let parsed: Vec<tera::Result<tera::Template>> = sources
        .par_iter()
        // No path: Tera would decide autoescaping by the path's suffix instead of the name's.
        .map(|t| tera::Template::new(&t.name, None, &t.text))
        .collect();
    for (t, template) in sources.iter().zip(parsed) {
        let mut template = template.map_err(|e| parse_error(&e, t))?;
        guard_macros(&mut template);
        tera.templates.insert(t.name.clone(), template);
    }
    check_cycles(&tera, &sources)?;
    tera.register_function(ENTER, enter_macro);
    tera.register_function(LEAVE, |_: &HashMap<String, tera::Value>| {
        DEPTH.with(|d| d.set(d.get().saturating_sub(1)));
        Ok(tera::Value::String(String::new()))
    });
    tera.build_inheritance_chains()
        .and_then(|()| tera.check_macro_files())
        .map_err(|e| link_error(&e, &sources))?;
    Ok(Templates { tera, sources })
}

/// The name the failing tag uses, from the outermost error of Tera's chain that carries
/// one: an unknown filter, function, test or template, a filter or function that failed by
/// its kind; an undefined variable (or a failing macro) is only a message, where Tera
/// quotes the name in backticks.
fn failing_name(e: &tera::Error) -> Option<String> {
    use tera::ErrorKind as K;
    let mut cur: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(err) = cur {
        if let Some(t) = err.downcast_ref::<tera::Error>() {
            let name = match &t.kind {
                K::FilterNotFound(n)
                | K::FunctionNotFound(n)
                | K::TestNotFound(n)
                | K::TemplateNotFound(n)
                | K::CallFilter(n)
                | K::CallTest(n) => Some(n.as_str()),
                K::CallFunction(n) if n != ENTER => Some(n.as_str()),
                K::Msg(m) => quoted(m, '`'),
                _ => None,
            };
            if let Some(name) = name {
                return Some(name.to_string());
            }
        }
        cur = err.source();
    }
    None
}

/// A site's own template (not one of the built-in defaults).
fn is_user(t: &TemplateSource) -> bool {
    !t.origin.ends_with("(built-in)")
}

/// The file name of a template as a location: built-in templates say so in the message.
fn location(t: &TemplateSource, offset: usize) -> Location {
    let (line, col) = LineIndex::new(&t.text).line_col(&t.text, offset);
    Location {
        file: format!("templates/{}", t.name),
        line,
        col,
    }
}

fn describe(t: &TemplateSource, message: &str) -> String {
    if is_user(t) {
        message.to_string()
    } else {
        format!("{message}\n  (in the built-in template {})", t.name)
    }
}

/// The first `q`-quoted word of `text` (Tera quotes names with backticks).
fn quoted(text: &str, q: char) -> Option<&str> {
    let mut parts = text.split(q);
    parts.next()?;
    parts.next().filter(|s| !s.is_empty())
}

/// Byte offset of the first `{{ … }}` or `{% … %}` tag of `text` that contains `needle` as a
/// whole name (not as part of a longer one).
fn tag_using(text: &str, needle: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(open) = find_tag(text, from) {
        let close_pat = if text[open..].starts_with("{{") {
            "}}"
        } else {
            "%}"
        };
        let end = text[open..]
            .find(close_pat)
            .map_or(text.len(), |e| open + e + 2);
        let tag = &text[open..end];
        for (i, _) in tag.match_indices(needle) {
            let before = tag[..i].chars().next_back();
            let after = tag[i + needle.len()..].chars().next();
            let name_char = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
            if !name_char(before) && !name_char(after) && before != Some('.') {
                return Some(open + i);
            }
        }
        from = end.max(open + 2);
    }
    None
}

fn find_tag(text: &str, from: usize) -> Option<usize> {
    let rest = text.get(from..)?;
    let a = rest.find("{{");
    let b = rest.find("{%");
    let i = match (a, b) {
        (Some(a), Some(b)) => a.min(b),
        (a, b) => a.or(b)?,
    };
    Some(from + i)
}

/// The message of a Tera error and all its causes, one cause per line.
fn chain(e: &tera::Error) -> String {
    let mut parts = Vec::new();
    let mut cur: Option<&dyn std::error::Error> = Some(e);
    while let Some(err) = cur {
        let text = err.to_string();
        // The macro guard's own call is no news to the reader; its cause says it all.
        if !text.contains(ENTER) {
            parts.push(text);
        }
        cur = err.source();
    }
    parts.join("\n  caused by: ")
}

/// A syntax error: Tera gives ` --> line:col` in its message.
fn parse_error(e: &tera::Error, t: &TemplateSource) -> Error {
    let text = format!("Failed to parse '{}'\n  caused by: {}", t.name, chain(e));
    let pos = text.split("--> ").nth(1).and_then(|s| {
        let s = s.split(|c: char| !c.is_ascii_digit() && c != ':').next()?;
        let (l, c) = s.split_once(':')?;
        Some((l.parse().ok()?, c.parse().ok()?))
    });
    let (line, col) = pos.unwrap_or((1, 1));
    let location = Location {
        file: format!("templates/{}", t.name),
        line,
        col,
    };
    Error::Template(Diagnostic::error(location, describe(t, &text)))
}

/// An error linking the templates (a missing parent or macro file): at the tag naming it.
fn link_error(e: &tera::Error, templates: &[TemplateSource]) -> Error {
    let text = chain(e);
    let (from, missing) = match &e.kind {
        tera::ErrorKind::MissingParent { current, parent } => {
            (Some(current.as_str()), Some(parent.as_str()))
        }
        // A missing macro file has no kind of its own, only the words
        // "Template `a` loads macros from `b` which isn't present in Tera".
        _ => {
            let mut parts = text.split('`').skip(1).step_by(2);
            (parts.next(), parts.next())
        }
    };
    let template = from.and_then(|n| templates.iter().find(|t| t.name == n));
    match template {
        Some(t) => {
            let at = missing
                .and_then(|m| tag_naming(&t.text, &["extends", "import"], m))
                .unwrap_or(0);
            Error::Template(Diagnostic::error(location(t, at), describe(t, &text)))
        }
        None => unlocated_first(&text),
    }
}

fn unlocated_first(text: &str) -> Error {
    Error::Template(Diagnostic::error(
        Location {
            file: "templates".into(),
            line: 1,
            col: 1,
        },
        text.to_string(),
    ))
}

/// Byte offset of the first `{% keyword "name" … %}` tag of `text` (any of `keywords`).
fn tag_naming(text: &str, keywords: &[&str], name: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = text.get(from..)?.find("{%") {
        let open = from + i;
        let end = text[open..].find("%}").map_or(text.len(), |e| open + e);
        let inner = text[open + 2..end].trim_start_matches('-').trim_start();
        let quotes = ['"', '\'', '`'].map(|q| format!("{q}{name}{q}"));
        if keywords.iter().any(|k| inner.starts_with(k)) && quotes.iter().any(|q| inner.contains(q))
        {
            return Some(open);
        }
        from = open + 2;
    }
    None
}

/// What a template renders by recursion: its parent and the templates it includes.
fn edges(t: &tera::Template) -> Vec<(&'static str, String)> {
    let mut out: Vec<(&'static str, String)> = Vec::new();
    if let Some(parent) = &t.parent {
        out.push(("extends", parent.clone()));
    }
    let mut includes = Vec::new();
    collect_includes(&t.ast, &mut includes);
    for m in t.macros.values() {
        collect_includes(&m.body, &mut includes);
    }
    includes.sort();
    includes.dedup();
    out.extend(includes.into_iter().map(|n| ("include", n)));
    out
}

fn collect_includes(nodes: &[Node], out: &mut Vec<String>) {
    for node in nodes {
        match node {
            Node::Include(_, names, _) => out.extend(names.iter().cloned()),
            Node::Block(_, b, _) => collect_includes(&b.body, out),
            Node::Forloop(_, f, _) => {
                collect_includes(&f.body, out);
                collect_includes(f.empty_body.as_deref().unwrap_or(&[]), out);
            }
            Node::If(i, _) => {
                for (_, _, body) in &i.conditions {
                    collect_includes(body, out);
                }
                collect_includes(i.otherwise.as_ref().map_or(&[], |o| &o.1), out);
            }
            Node::FilterSection(_, f, _) => collect_includes(&f.body, out),
            Node::MacroDefinition(_, m, _) => collect_includes(&m.body, out),
            _ => {}
        }
    }
}

/// Fails on the first template that includes or extends itself, directly or through others.
fn check_cycles(tera: &Tera, templates: &[TemplateSource]) -> Result<()> {
    let graph: BTreeMap<&str, Vec<(&'static str, String)>> = tera
        .templates
        .iter()
        .map(|(name, t)| (name.as_str(), edges(t)))
        .collect();
    // Depth-first from every template, in name order (deterministic reports).
    let mut done: std::collections::BTreeSet<&str> = Default::default();
    for start in graph.keys() {
        let mut path: Vec<(&str, &'static str)> = Vec::new();
        if let Some(cycle) = find_cycle(&graph, start, &mut path, &mut done) {
            return Err(cycle_error(&cycle, templates));
        }
    }
    Ok(())
}

/// A cycle as the steps `(template, how it reaches the next)`, closed on its first template.
type Cycle<'a> = Vec<(&'a str, &'static str)>;

fn find_cycle<'a>(
    graph: &'a BTreeMap<&'a str, Vec<(&'static str, String)>>,
    node: &'a str,
    path: &mut Vec<(&'a str, &'static str)>,
    done: &mut std::collections::BTreeSet<&'a str>,
) -> Option<Cycle<'a>> {
    if done.contains(node) {
        return None;
    }
    if let Some(i) = path.iter().position(|(n, _)| *n == node) {
        return Some(path[i..].to_vec());
    }
    for (how, next) in graph.get(node).into_iter().flatten() {
        let Some((next, _)) = graph.get_key_value(next.as_str()) else {
            continue;
        };
        path.push((node, how));
        let found = find_cycle(graph, next, path, done);
        path.pop();
        if found.is_some() {
            return found;
        }
    }
    done.insert(node);
    None
}

fn cycle_error(cycle: &Cycle<'_>, templates: &[TemplateSource]) -> Error {
    let source = |name: &str| templates.iter().find(|t| t.name == name);
    // Reported at the first step that is in a site's own template (that is what changed).
    let step = (0..cycle.len())
        .find(|&i| source(cycle[i].0).is_some_and(is_user))
        .unwrap_or(0);
    let (name, how) = cycle[step];
    let next = cycle[(step + 1) % cycle.len()].0;
    let mut names: Vec<&str> = cycle[step..]
        .iter()
        .chain(&cycle[..step])
        .map(|s| s.0)
        .collect();
    names.push(name);
    let via = names.join(" → ");
    let (verb, fix) = if how == "extends" {
        (
            "extends itself",
            "a template cannot be its own parent: make one of them extend another template (base.html)",
        )
    } else {
        (
            "includes itself",
            "remove the include, or move the repeated part into a macro that calls itself only while its data lasts",
        )
    };
    let message = format!("{name} {verb} via {via}; {fix}");
    match source(name) {
        Some(t) => {
            let at = tag_naming(&t.text, &[how], next).unwrap_or(0);
            Error::Template(Diagnostic::error(location(t, at), describe(t, &message)))
        }
        None => unlocated_first(&message),
    }
}

/// Wraps every macro body of `template` in guard calls that count nested macro calls.
fn guard_macros(template: &mut tera::Template) {
    let file = template.name.clone();
    for (name, m) in &mut template.macros {
        let call = |f: &str, with_args: bool| {
            let mut args = HashMap::new();
            if with_args {
                let s = |v: &str| Expr::new(ExprVal::String(v.to_string()));
                args.insert("name".to_string(), s(name));
                args.insert("file".to_string(), s(&file));
            }
            let call = FunctionCall {
                name: f.to_string(),
                args,
            };
            Node::VariableBlock(WS::default(), Expr::new(ExprVal::FunctionCall(call)))
        };
        m.body.insert(0, call(ENTER, true));
        m.body.push(call(LEAVE, false));
    }
}

fn enter_macro(args: &HashMap<String, tera::Value>) -> tera::Result<tera::Value> {
    let depth = DEPTH.with(|d| {
        d.set(d.get() + 1);
        d.get()
    });
    if depth > MAX_MACRO_DEPTH {
        let arg = |k: &str| args.get(k).and_then(|v| v.as_str()).unwrap_or("?");
        let message = format!(
            "macro `{}` in {} is nested more than {MAX_MACRO_DEPTH} calls deep: a macro that \
             calls itself needs a condition that ends the calls",
            arg("name"),
            arg("file")
        );
        OVERFLOW.with(|o| {
            *o.borrow_mut() = Some(Overflow {
                file: arg("file").to_string(),
                name: arg("name").to_string(),
                message: message.clone(),
            });
        });
        return Err(tera::Error::msg(message));
    }
    Ok(tera::Value::String(String::new()))
}

//! Other Markdown dialects, read as their authors meant them: MkDocs admonitions (`!!! note`,
//! `??? tip`), Docusaurus admonitions (`:::info Title`, nested with more colons) and MDX
//! (`import`/`export` lines, `<Tabs>`/`<TabItem>`, `<TOCInline />`, other components).
//!
//! These constructs are found line by line, outside code fences, and the body is rewritten
//! into CommonMark with HTML blocks (an admonition's indented body is dedented, its opening
//! line becomes a `<div>`), then parsed as usual. A map from the rewritten text back to the
//! source keeps every location pointing at the file as written. Files without any of these
//! constructs are parsed as they are.

mod admonition;
mod jsx_attrs;
mod mdx;
mod remap;

pub(super) use mdx::fill_inline_toc;
pub(super) use remap::Rewritten;

use std::collections::HashSet;

use super::items::{Item, split_items};
use crate::source::Document;

/// The items of a document's body, through its rewritten text when it has one.
pub(super) fn document_items<'a>(
    doc: &Document<'a>,
    rewritten: Option<&Rewritten>,
) -> Vec<Item<'a>> {
    let Some(rw) = rewritten else {
        return split_items(doc.body);
    };
    split_items(&rw.text)
        .into_iter()
        .map(|item| Item {
            events: item
                .events
                .into_iter()
                .map(|(e, r)| (e.into_static(), rw.source_range(r)))
                .collect(),
        })
        .collect()
}

/// A warning about a dialect construct: byte offset in the body, message.
pub(super) type DialectWarning = (usize, String);

/// Rewrites `body` when it uses another dialect's constructs (`None` when it does not).
pub(super) fn rewrite_dialects(body: &str) -> (Option<Rewritten>, Vec<DialectWarning>) {
    if !might_use_dialects(body) {
        return (None, Vec::new());
    }
    let mut rw = Rewriter::new(body);
    rw.run();
    let warnings = std::mem::take(&mut rw.warnings);
    (rw.changed.then_some(rw.out), warnings)
}

/// A cheap test that lets most files skip the line-by-line pass.
fn might_use_dialects(body: &str) -> bool {
    let b = body.as_bytes();
    body.contains("!!!")
        || body.contains("???")
        || body.contains(":::")
        || body.contains("import ")
        || body.contains("export ")
        || body.contains("className")
        || body.contains("htmlFor")
        || body.contains("={")
        || b.windows(2)
            .any(|w| w[0] == b'<' && (w[1].is_ascii_uppercase() || w[1] == b'/'))
}

/// An open construct whose end is still to come.
#[derive(Debug)]
enum Frame {
    /// An MkDocs admonition: its body is indented by 4.
    Indented { close: String },
    /// A Docusaurus admonition opened by `n` colons.
    Colons { n: usize, close: String, at: usize },
    /// A JSX element written on lines of its own; its content's indentation is dropped.
    Jsx {
        name: String,
        close: String,
        dedent: Option<usize>,
        at: usize,
    },
}

/// An open code fence: its character, length and the number of frames around it.
struct Fence {
    ch: char,
    len: usize,
    depth: usize,
}

struct Rewriter<'b> {
    lines: Vec<(usize, &'b str)>,
    out: Rewritten,
    stack: Vec<Frame>,
    fence: Option<Fence>,
    /// The file has MDX `import`/`export` lines: components inside paragraphs are MDX too.
    mdx: bool,
    prev_blank: bool,
    changed: bool,
    /// Tab labels given on the open `<Tabs values={…}>`, by value.
    tab_labels: std::collections::HashMap<String, String>,
    warned: HashSet<String>,
    warnings: Vec<DialectWarning>,
}

impl<'b> Rewriter<'b> {
    fn new(body: &'b str) -> Self {
        let mut offset = 0;
        let lines: Vec<(usize, &str)> = body
            .split_inclusive('\n')
            .map(|l| {
                let at = offset;
                offset += l.len();
                (at, l)
            })
            .collect();
        let mdx = lines.iter().any(|(_, l)| mdx::esm_start(l));
        Self {
            lines,
            out: Rewritten::default(),
            stack: Vec::new(),
            fence: None,
            mdx,
            prev_blank: true,
            changed: false,
            tab_labels: Default::default(),
            warned: HashSet::new(),
            warnings: Vec::new(),
        }
    }

    fn run(&mut self) {
        let mut i = 0;
        while i < self.lines.len() {
            i += self.line(i);
        }
        let end = self.lines.last().map_or(0, |(o, l)| o + l.len());
        while let Some(frame) = self.stack.pop() {
            self.unclosed(&frame);
            self.close_frame(frame, end);
        }
    }

    /// Handles line `i` (and any lines it takes with it); returns how many lines it used.
    fn line(&mut self, i: usize) -> usize {
        let (offset, line) = self.lines[i];
        let strip = self.enter(line, offset);
        let rest = &line[strip..];
        let src = offset + strip;
        if strip > 0 {
            self.changed = true;
        }
        if self.code_fence(rest, src) {
            return 1;
        }
        // After a construct, the text goes on as a new block (a blank line was written).
        let (used, blank) = if self.stack.is_empty() && self.prev_blank && mdx::esm_start(rest) {
            (self.esm(i), true)
        } else if let Some(n) = self.block_jsx(i, rest, src) {
            (n, true)
        } else if self.admonition_open(rest, src) || self.colons_close(rest, src) {
            (1, true)
        } else {
            self.text_line(rest, src);
            (1, rest.trim().is_empty())
        };
        self.prev_blank = blank;
        used
    }

    /// Strips the indentation the open frames own from `line`, closing MkDocs admonitions
    /// that a less indented line ends. Returns the number of bytes stripped.
    fn enter(&mut self, line: &str, offset: usize) -> usize {
        let blank = line.trim().is_empty();
        let mut pos = 0;
        let mut ends_at = None;
        for (depth, frame) in self.stack.iter_mut().enumerate() {
            match frame {
                Frame::Indented { .. } => {
                    let (bytes, width) = indent(&line[pos..], 4);
                    if !blank && width < 4 {
                        ends_at = Some(depth);
                        break;
                    }
                    pos += bytes;
                }
                Frame::Jsx { dedent, .. } if !blank => {
                    let want = *dedent.get_or_insert_with(|| indent(&line[pos..], 64).1);
                    pos += indent(&line[pos..], want).0;
                }
                Frame::Jsx { .. } | Frame::Colons { .. } => {}
            }
        }
        if let Some(depth) = ends_at {
            while self.stack.len() > depth {
                let frame = self.stack.pop().expect("depth < len");
                self.close_frame(frame, offset);
            }
        }
        pos
    }

    /// Code fences are copied as they are, whatever they hold.
    fn code_fence(&mut self, rest: &str, src: usize) -> bool {
        let (ind, _) = indent(rest, 3);
        let t = &rest[ind..];
        if let Some(f) = &self.fence {
            let run = t.chars().take_while(|&c| c == f.ch).count();
            if run >= f.len && t[run..].trim().is_empty() {
                self.fence = None;
            }
            self.out.push(rest, src, true);
            return true;
        }
        let ch = match t.chars().next() {
            Some(c @ ('`' | '~')) => c,
            _ => return false,
        };
        let len = t.chars().take_while(|&c| c == ch).count();
        if len < 3 || (ch == '`' && t[len..].contains('`')) {
            return false;
        }
        self.fence = Some(Fence {
            ch,
            len,
            depth: self.stack.len(),
        });
        self.out.push(rest, src, true);
        self.prev_blank = false;
        true
    }

    /// An MDX `import`/`export` block (up to the next blank line) is dropped.
    fn esm(&mut self, i: usize) -> usize {
        let (offset, _) = self.lines[i];
        let n = self.lines[i..]
            .iter()
            .take_while(|(_, l)| !l.trim().is_empty())
            .count();
        self.changed = true;
        self.warn_once(
            "esm",
            offset,
            "MDX `import`/`export` lines are left out: quire renders Markdown, not JavaScript"
                .into(),
        );
        n.max(1)
    }

    fn text_line(&mut self, rest: &str, src: usize) {
        let mut line = std::borrow::Cow::Borrowed(rest);
        if self.mdx
            && let Some((text, names)) = mdx::strip_inline_components(&line)
        {
            for name in names {
                self.warn_component(&name, src);
            }
            line = text.into();
        }
        if let Some((text, dropped)) = jsx_attrs::rewrite_line(&line) {
            for name in dropped {
                self.warn_once(
                    &format!("jsx attribute {name}"),
                    src,
                    format!(
                        "the JSX attribute `{name}={{…}}` is computed by JavaScript, so quire leaves it out; write a literal value (`{name}=\"…\"`) to keep it"
                    ),
                );
            }
            line = text.into();
        }
        match line {
            std::borrow::Cow::Borrowed(text) => self.out.push(text, src, true),
            std::borrow::Cow::Owned(text) => {
                self.changed = true;
                self.out.push(&text, src, false);
            }
        }
    }

    /// `!!! note "Title"`, `??? tip`, `???+ tip` or `:::info Title`.
    fn admonition_open(&mut self, rest: &str, src: usize) -> bool {
        if indent(rest, 4).1 > 3 {
            return false;
        }
        let Some(open) = admonition::parse_open(rest.trim()) else {
            return false;
        };
        self.changed = true;
        self.out.block(&open.html, src);
        self.stack.push(match open.colons {
            Some(n) => Frame::Colons {
                n,
                close: open.close,
                at: src,
            },
            None => Frame::Indented { close: open.close },
        });
        true
    }

    /// A line of colons ends the innermost open `:::` admonition (and what is open in it).
    fn colons_close(&mut self, rest: &str, src: usize) -> bool {
        let t = rest.trim();
        if t.len() < 3 || !t.chars().all(|c| c == ':') {
            return false;
        }
        let Some(depth) = self
            .stack
            .iter()
            .rposition(|f| matches!(f, Frame::Colons { .. }))
        else {
            return false;
        };
        self.changed = true;
        while self.stack.len() > depth {
            let frame = self.stack.pop().expect("depth < len");
            self.close_frame(frame, src);
        }
        true
    }

    /// JSX tags on lines of their own: `<Tabs>`, `<TabItem …>`, `<TOCInline … />`, others.
    fn block_jsx(&mut self, i: usize, rest: &str, src: usize) -> Option<usize> {
        let t = rest.trim_start();
        if !mdx::starts_component(t) {
            return None;
        }
        // A tag may run over several lines (`<TOCInline\n  toc={toc}\n/>`).
        let mut text = t.trim_end().to_string();
        let mut used = 1;
        let tags = loop {
            if let Some(tags) = mdx::parse_tag_line(&text) {
                break tags;
            }
            let (_, next) = self.lines.get(i + used)?;
            if used >= 40 || next.trim().is_empty() {
                return None;
            }
            text.push('\n');
            text.push_str(next.trim_end());
            used += 1;
        };
        self.changed = true;
        for tag in tags {
            self.jsx_tag(tag, src);
        }
        Some(used)
    }

    fn jsx_tag(&mut self, tag: mdx::Tag, src: usize) {
        if tag.closing {
            let Some(depth) = self
                .stack
                .iter()
                .rposition(|f| matches!(f, Frame::Jsx { name, .. } if *name == tag.name))
            else {
                self.warn_once(
                    &format!("</{}>", tag.name),
                    src,
                    format!(
                        "`</{}>` closes no open `<{}>`; it is left out",
                        tag.name, tag.name
                    ),
                );
                return;
            };
            while self.stack.len() > depth {
                let frame = self.stack.pop().expect("depth < len");
                self.close_frame(frame, src);
            }
            return;
        }
        if tag.name == "Tabs" {
            self.tab_labels = mdx::tab_values(&tag);
        }
        let html = mdx::component_html(&tag, &self.tab_labels);
        if html.is_none() {
            self.warn_component(&tag.name, src);
        }
        let (open, close) = html.unwrap_or_default();
        if !open.is_empty() {
            self.out.block(&open, src);
        }
        if !tag.self_closing {
            self.stack.push(Frame::Jsx {
                name: tag.name,
                close,
                dedent: None,
                at: src,
            });
        }
    }

    fn close_frame(&mut self, frame: Frame, src: usize) {
        let close = match frame {
            Frame::Indented { close } | Frame::Colons { close, .. } | Frame::Jsx { close, .. } => {
                close
            }
        };
        if !close.is_empty() {
            self.out.block(&close, src);
        }
        if self
            .fence
            .as_ref()
            .is_some_and(|f| f.depth > self.stack.len())
        {
            self.fence = None;
        }
    }

    fn unclosed(&mut self, frame: &Frame) {
        match frame {
            Frame::Colons { n, at, .. } => {
                let colons = ":".repeat(*n);
                self.warnings.push((
                    *at,
                    format!("this `{colons}` admonition is not closed; add a line with `{colons}` after its content"),
                ));
            }
            Frame::Jsx { name, at, .. } => {
                self.warnings.push((
                    *at,
                    format!("`<{name}>` is not closed; add `</{name}>` after its content"),
                ));
            }
            Frame::Indented { .. } => {}
        }
    }

    fn warn_component(&mut self, name: &str, src: usize) {
        self.warn_once(
            name,
            src,
            format!(
                "MDX component `<{name}>` is not known to quire: its content is shown without it"
            ),
        );
    }

    fn warn_once(&mut self, key: &str, src: usize, message: String) {
        if self.warned.insert(key.to_string()) {
            self.warnings.push((src, message));
        }
    }
}

/// Up to `max` columns of leading indentation (a tab counts 4): `(bytes, columns)`.
fn indent(s: &str, max: usize) -> (usize, usize) {
    let (mut bytes, mut cols) = (0, 0);
    for c in s.chars() {
        let w = match c {
            ' ' => 1,
            '\t' => 4,
            _ => break,
        };
        if cols + w > max {
            break;
        }
        cols += w;
        bytes += 1;
    }
    (bytes, cols)
}

#[cfg(test)]
mod tests;

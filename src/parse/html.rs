//! Markdown events → HTML, with links resolved through the [`LinkTable`](super::links::LinkTable)
//! and GitHub alerts (`> [!NOTE]`) rendered as callouts.

use pulldown_cmark::{BlockQuoteKind, CowStr, Event, Tag, TagEnd, html};

use super::items::Ev;
use super::links::{LinkFrom, LinkTable};
use crate::diag::Diagnostic;
use crate::source::Document;

/// Renders events to HTML; broken links become diagnostics (the link is kept as written).
pub struct HtmlWriter<'t, 'd, 'a> {
    pub table: &'t LinkTable,
    pub doc: &'d Document<'a>,
    pub from: LinkFrom<'t>,
}

impl HtmlWriter<'_, '_, '_> {
    pub fn render(&self, events: &[Ev<'_>], diags: &mut Vec<Diagnostic>) -> String {
        let mut out = String::with_capacity(events.len() * 16);
        let mapped = events.iter().map(|(event, range)| match event {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest = match self.table.resolve(&self.from, dest_url) {
                    Ok(Some(new)) => CowStr::from(new),
                    Ok(None) => dest_url.clone(),
                    Err(message) => {
                        diags.push(Diagnostic::error(self.doc.location(range.start), message));
                        dest_url.clone()
                    }
                };
                Event::Start(Tag::Link {
                    link_type: *link_type,
                    dest_url: dest,
                    title: title.clone(),
                    id: id.clone(),
                })
            }
            Event::Start(Tag::BlockQuote(Some(kind))) => Event::Html(callout_open(*kind).into()),
            Event::End(TagEnd::BlockQuote(Some(_))) => Event::Html("</div>\n".into()),
            Event::TaskListMarker(done) => Event::Html(task_marker(*done).into()),
            other => other.clone(),
        });
        html::push_html(&mut out, mapped);
        out
    }
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
pub fn callout_html(class: &str, label: &str) -> String {
    format!(
        "<div class=\"callout callout-{class}\" role=\"note\"><p class=\"callout-title\">{label}</p>\n"
    )
}

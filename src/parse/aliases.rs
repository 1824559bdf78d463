//! Aliases from front matter: `aliases = ["old-id -> new-id", "old-page.html"]`. (Heading
//! aliases, `{#new-id aliases="old-id"}`, are collected by the drafter as it meets them.)

use super::draft::DraftPage;
use crate::diag::{Diagnostic, Location};
use crate::model::Alias;
use crate::source::Document;

/// Front matter `aliases = ["old-id -> new-id", "old-page.html"]`: each entry is attached to
/// the page of its file that holds `new-id`; an entry without `->` leads to the file's first
/// page. A target that is not an id of the file is an error naming the closest one.
/// `drafts` are the pages of `doc`.
pub(super) fn attach_front_aliases(
    drafts: &mut [DraftPage<'_>],
    doc: &Document<'_>,
    diags: &mut Vec<Diagnostic>,
) {
    for entry in &doc.front.aliases {
        let location = front_matter_location(doc, entry);
        let (old, target) = match entry.split_once("->") {
            Some((old, new)) => (old.trim(), Some(new.trim().trim_start_matches('#'))),
            None => (entry.trim(), None),
        };
        let old = old.strip_prefix('#').unwrap_or(old);
        if old.is_empty() || target.is_some_and(str::is_empty) {
            diags.push(Diagnostic::error(
                location,
                format!("alias `{entry}`: write `old-id -> new-id`, or an old page such as `old-page.html`"),
            ));
            continue;
        }
        let mut pages = drafts.iter_mut();
        let page = match target {
            None => pages.next(),
            Some(t) => pages.find(|d| d.ids().contains(&t)),
        };
        match page {
            Some(page) => {
                let target = target.map_or_else(|| page.id.clone(), str::to_string);
                page.aliases.push(Alias {
                    old: old.to_string(),
                    target,
                    location,
                });
            }
            None => {
                let ids: Vec<String> = drafts
                    .iter()
                    .flat_map(|d| d.ids().into_iter().map(str::to_string))
                    .collect();
                let wanted = target.unwrap_or_default();
                let hint = ids
                    .iter()
                    .map(|id| (strsim::jaro_winkler(id, wanted), id))
                    .max_by(|a, b| a.0.total_cmp(&b.0))
                    .map_or_else(String::new, |(_, id)| format!("; did you mean `{id}`?"));
                diags.push(Diagnostic::error(
                    location,
                    format!(
                        "alias `{entry}`: `{wanted}` is not an id of a page of this file{hint}"
                    ),
                ));
            }
        }
    }
}

/// Where `entry` is written in the front matter of `doc` (the file's first line if not found).
fn front_matter_location(doc: &Document<'_>, entry: &str) -> Location {
    let text = &doc.source.text;
    let head = &text[..doc.body_offset.min(text.len())];
    let offset = head.find(entry).unwrap_or(0);
    let (line, col) = doc.lines.line_col(text, offset);
    Location {
        file: doc.source.path.clone(),
        line,
        col,
    }
}

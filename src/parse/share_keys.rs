//! Share keys: the name of each question's share page and of each section's study-set
//! item, unique across the site (see [`ShareLinks`]). Part of the public URL contract, like
//! ids, so they are given once, here, and kept in the model.

use std::collections::{HashMap, HashSet};

use crate::model::{Page, ShareLinks};
use crate::slug::safe_key;

/// Gives every question and every section that can be studied its key, in reading order.
pub(crate) fn share_keys(pages: &[Page]) -> ShareLinks {
    let mut taken = HashSet::new();
    // Per base key, the suffix to try next: every smaller one is taken already, so a
    // site repeating one id n times costs n tries, not n²/2.
    let mut next: HashMap<String, usize> = HashMap::new();
    let mut key_for = |id: &str| {
        let base = safe_key(id);
        let mut key = base.clone();
        let n = next.entry(base.clone()).or_insert(2);
        while !taken.insert(key.clone()) {
            key = format!("{base}-{n}");
            *n += 1;
        }
        key
    };
    let mut links = ShareLinks::default();
    for (page, _, q) in crate::model::questions_of(pages) {
        let key = key_for(&q.id);
        links
            .questions
            .entry(page.url.clone())
            .or_default()
            .insert(q.id.clone(), key);
    }
    for page in pages {
        for s in page.sections.iter().filter(|s| s.question.is_none()) {
            let key = key_for(&s.id);
            links
                .sections
                .entry(page.url.clone())
                .or_default()
                .insert(s.id.clone(), key);
        }
    }
    links
}

#[cfg(test)]
mod tests {
    #[test]
    fn share_keys_of_repeated_ids_take_the_next_free_suffix() {
        let text = "# B\n\n## A\n\n### Why? {#a}\n\nBecause.\n\n## B\n\n### Why? {#a}\n\nSo.\n\n### When? {#a-2}\n\nNow.\n\n## C\n\n### Why? {#a}\n\nThen.\n";
        let config = crate::config::Config {
            question_headings: true,
            ..Default::default()
        };
        let (site, _) = crate::parse::parse_text("b.md", text, config);
        let links = &site.share;
        let keys: Vec<&str> = site
            .questions()
            .into_iter()
            .filter_map(|(p, _, q)| links.question(&p.url, &q.id))
            .collect();
        assert_eq!(keys, ["a", "a-2", "a-2-2", "a-3"]);
    }
}

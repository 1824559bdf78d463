//! Property tests: parsing never panics, and what it produces holds its invariants.

use proptest::prelude::*;
use quire::source::{SourceFile, Sources};

fn parse(text: &str) -> (quire::model::Site, Vec<quire::Diagnostic>) {
    let sources = Sources {
        root: Default::default(),
        files: vec![SourceFile {
            path: "content/a.md".into(),
            rel: "a.md".into(),
            text: text.into(),
        }],
        assets: Vec::new(),
    };
    quire::parse::parse_site(quire::config::Config::default(), &sources)
}

/// Markdown-ish text: headings, fences, Q&A markers, links, front matter fences.
fn markdownish() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("# T\n".to_string()),
        Just("## Chapter\n".to_string()),
        Just("### Section {#x}\n".to_string()),
        Just("```python\n# c\n".to_string()),
        Just("```\n".to_string()),
        Just("**Q**: why?\n**A**: because\n".to_string()),
        Just("1. **Q**: a?\n   **A**: b\n".to_string()),
        Just("[l](#x) [m](other.md#y)\n".to_string()),
        Just("+++\n".to_string()),
        Just("---\n".to_string()),
        Just(":::note\n".to_string()),
        Just(":::\n".to_string()),
        Just("<details><summary>q</summary>\n".to_string()),
        "\\PC{0,20}\n",
    ];
    proptest::collection::vec(piece, 0..25).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn parsing_never_panics_on_any_utf8(text in "\\PC{0,400}") {
        let _ = parse(&text);
    }

    #[test]
    fn parsing_markdownish_text_never_panics_and_ids_are_unique(text in markdownish()) {
        let (site, diags) = parse(&text);
        for d in &diags {
            prop_assert!(d.location.line >= 1 && d.location.col >= 1);
        }
        if diags.iter().any(|d| d.is_error()) {
            return Ok(()); // a duplicate explicit id is reported as an error instead
        }
        for page in &site.pages {
            let mut ids = std::collections::HashSet::new();
            ids.insert(page.id.clone());
            for s in &page.sections {
                prop_assert!(ids.insert(s.id.clone()), "duplicate section id {}", s.id);
            }
        }
    }
}

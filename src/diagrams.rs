//! ```` ```mermaid ```` blocks become diagrams. The page holds the diagram's source (shown
//! without JavaScript, copied by the copy button); `assets/diagrams.js` draws it with the
//! copy of Mermaid embedded here. Both scripts are written to a site only when one of its
//! pages has a diagram, and loaded only by those pages.

use crate::model::{Block, Site};

/// How a diagram's markup starts (also how a page with one is recognised).
const OPEN: &str = "<figure class=\"diagram\">";

/// The fence languages drawn as diagrams.
pub(crate) fn is_diagram(fence_info: &str) -> bool {
    let language = fence_info.split_whitespace().next().unwrap_or_default();
    language.eq_ignore_ascii_case("mermaid")
}

/// A diagram's markup: its source, which the script turns into a drawing.
pub(crate) fn diagram_html(source: &str) -> String {
    format!(
        "{OPEN}<pre class=\"diagram-source\" tabindex=\"0\"><code class=\"language-mermaid\">{}</code></pre></figure>\n",
        crate::html::escape(source.trim_end_matches('\n'))
    )
}

/// Whether any page (or answer) of the site has a diagram.
pub(crate) fn site_has_diagrams(site: &Site) -> bool {
    let in_html = |html: &str| html.contains(OPEN);
    let in_block = |block: &Block| match block {
        Block::Prose(p) => in_html(&p.html),
        Block::Question(q) => in_html(&q.answer_html),
        Block::Code(_) => false,
    };
    in_html(&site.intro_html)
        || site.pages.iter().any(|page| {
            page.lead.iter().any(in_block)
                || page.sections.iter().any(|s| s.blocks.iter().any(in_block))
        })
}

/// The files a site with diagrams needs: the drawing script, Mermaid and its licence.
pub(crate) fn diagram_files() -> [(&'static str, &'static [u8]); 3] {
    [
        ("assets/diagrams.js", include_bytes!("diagrams.js")),
        (
            "assets/mermaid/mermaid.min.js",
            include_bytes!("../vendor/mermaid/mermaid.min.js"),
        ),
        (
            "assets/mermaid/LICENSE.txt",
            include_bytes!("../vendor/mermaid/LICENSE.txt"),
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn source_is_kept_escaped() {
        assert!(is_diagram("mermaid") && is_diagram("Mermaid") && !is_diagram("python"));
        assert_eq!(
            diagram_html("graph LR\n  A-->B\n"),
            "<figure class=\"diagram\"><pre class=\"diagram-source\" tabindex=\"0\"><code class=\"language-mermaid\">graph LR\n  A--&gt;B</code></pre></figure>\n"
        );
    }
}

//! `$…$` and `$$…$$` (pulldown-cmark's math extension) rendered to MathML at build time, so a
//! formula needs no script, works from disk and prints. A formula that does not parse is
//! shown as written, with a warning.

use pulldown_latex::config::DisplayMode;
use pulldown_latex::{Parser, RenderConfig, Storage, push_mathml};

/// MathML of the formula `source`, or the reason it does not parse.
pub(crate) fn to_mathml(source: &str, display: bool) -> Result<String, String> {
    let storage = Storage::new();
    let events: Vec<_> = Parser::new(source, &storage).collect();
    if let Some(Err(e)) = events.iter().find(|e| e.is_err()) {
        return Err(first_line(&e.to_string()));
    }
    let config = RenderConfig {
        display_mode: if display {
            DisplayMode::Block
        } else {
            DisplayMode::Inline
        },
        // The source travels with the formula: copied text and assistive tools can use it.
        annotation: Some(source),
        ..RenderConfig::default()
    };
    let mut out = String::with_capacity(source.len() * 8);
    push_mathml(&mut out, events.into_iter(), config).map_err(|e| e.to_string())?;
    Ok(out)
}

/// A formula that does not parse, shown as the author wrote it.
pub(crate) fn as_written(source: &str, display: bool) -> String {
    let fence = if display { "$$" } else { "$" };
    format!(
        "<code class=\"math-source\">{fence}{}{fence}</code>",
        crate::html::escape(source)
    )
}

/// The parser's message without its prefix and the context lines it appends.
fn first_line(message: &str) -> String {
    let line = message.lines().next().unwrap_or(message);
    line.trim_start_matches("parsing error: ").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_become_mathml_with_their_source() {
        let html = to_mathml(r"O(n \log n)", false).unwrap();
        assert!(html.starts_with("<math"), "{html}");
        assert!(html.contains("<mi>n</mi>"), "{html}");
        assert!(html.contains(r"O(n \log n)"), "source kept: {html}");
        let block = to_mathml(r"\sum_{i=1}^{n} i = \frac{n(n+1)}{2}", true).unwrap();
        assert!(block.contains("display=\"block\""), "{block}");
        assert!(block.contains("<mfrac>"), "{block}");
    }

    #[test]
    fn broken_formulas_say_why_and_show_as_written() {
        let err = to_mathml(r"\frac{1}{", false).unwrap_err();
        assert!(!err.is_empty() && !err.contains('\n'), "{err}");
        assert_eq!(
            as_written("a < b", false),
            "<code class=\"math-source\">$a &lt; b$</code>"
        );
    }
}

//! Rewritten text that remembers where each of its lines came from.

use std::ops::Range;

/// A body rewritten into CommonMark, with a map back to the source body.
#[derive(Debug, Default)]
pub(crate) struct Rewritten {
    pub(crate) text: String,
    /// Pieces in order: where each starts in `text` and in the source, and whether its
    /// bytes are the source's own (offsets inside map one to one) or written here.
    spans: Vec<Span>,
}

#[derive(Debug, Clone, Copy)]
struct Span {
    out: usize,
    src: usize,
    exact: bool,
}

impl Rewritten {
    /// Appends `text` that stands for the source at `src` (`exact`: it is the source's text).
    pub(crate) fn push(&mut self, text: &str, src: usize, exact: bool) {
        if text.is_empty() {
            return;
        }
        self.spans.push(Span {
            out: self.text.len(),
            src,
            exact,
        });
        self.text.push_str(text);
    }

    /// Appends an HTML block on lines of its own, between blank lines.
    pub(crate) fn block(&mut self, html: &str, src: usize) {
        self.end_paragraph(src);
        self.push(html, src, false);
        self.push("\n\n", src, false);
    }

    /// Ends the current line and leaves a blank line (nothing at the start of the text).
    fn end_paragraph(&mut self, src: usize) {
        if self.text.is_empty() || self.text.ends_with("\n\n") {
            return;
        }
        let tail = if self.text.ends_with('\n') {
            "\n"
        } else {
            "\n\n"
        };
        self.push(tail, src, false);
    }

    /// The source offset of an offset of the rewritten text.
    pub(crate) fn source_offset(&self, out: usize) -> usize {
        let i = self.spans.partition_point(|s| s.out <= out);
        let Some(span) = i.checked_sub(1).map(|i| self.spans[i]) else {
            return 0;
        };
        if span.exact {
            span.src + (out - span.out)
        } else {
            span.src
        }
    }

    pub(crate) fn source_range(&self, r: Range<usize>) -> Range<usize> {
        let start = self.source_offset(r.start);
        start..self.source_offset(r.end).max(start)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_map_back_through_exact_and_written_pieces() {
        let mut rw = Rewritten::default();
        rw.push("body\n", 10, true);
        rw.block("<div>", 20);
        rw.push("more\n", 30, true);
        assert_eq!(rw.text, "body\n\n<div>\n\nmore\n");
        assert_eq!(rw.source_offset(2), 12);
        assert_eq!(rw.source_offset(7), 20, "inside written text: its anchor");
        assert_eq!(rw.source_offset(rw.text.len() - 2), 33);
    }
}

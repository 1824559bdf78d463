//! Lines already highlighted, kept per thread for one build. Highlighting a line is a
//! pure function of the parser state it starts in and its text, so a line seen before from
//! an equal state is that line's HTML again. Whole blocks are kept across builds by the
//! highlight cache (`cache`); this memo serves the lines that blocks share.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use super::LineState;

/// One memoised line: the state it started in, its HTML and the state it left.
struct MemoEntry {
    start: Rc<LineState>,
    html: String,
    end: Rc<LineState>,
}

/// Lines already highlighted on this thread, by text. Highlighting a line is a pure function
/// of (state at line start, line text), so equal inputs reuse the result: docs repeat lines
/// (imports, boilerplate, variants of one example) and the parser is the costly part.
#[derive(Default)]
struct LineMemo {
    lines: HashMap<String, Vec<MemoEntry>>,
    entries: usize,
}

/// Bound on memoised lines per thread (the memo is dropped and restarted beyond it).
const MEMO_LIMIT: usize = 200_000;

thread_local! {
    static MEMO: RefCell<LineMemo> = RefCell::new(LineMemo::default());
}

/// Frees the line memo of the calling thread (the results live on in the highlight cache).
pub fn forget_lines() {
    MEMO.with(|memo| *memo.borrow_mut() = LineMemo::default());
}

/// The HTML of each line of `code`, highlighted from `start` by `highlight` (which leaves
/// the state as the line leaves it), taking each line from this thread's memo when it was
/// highlighted from an equal state before; `None` when `highlight` fails.
pub(super) fn lines(
    start: LineState,
    code: &str,
    mut highlight: impl FnMut(&mut LineState, &str) -> Option<String>,
) -> Option<Vec<String>> {
    MEMO.with(|memo| {
        let mut memo = memo.borrow_mut();
        if memo.entries > MEMO_LIMIT {
            *memo = LineMemo::default();
        }
        let mut state = Rc::new(start);
        let mut out = Vec::new();
        for line in code.lines() {
            // States are shared between entries: a line's end state is the next one's start.
            let hit = memo.lines.get(line).and_then(|v| {
                v.iter()
                    .find(|e| Rc::ptr_eq(&e.start, &state) || e.start == state)
            });
            if let Some(entry) = hit {
                out.push(entry.html.clone());
                state = Rc::clone(&entry.end);
                continue;
            }
            let start = Rc::clone(&state);
            let mut next = LineState::clone(&state);
            let html = highlight(&mut next, line)?;
            state = Rc::new(next);
            out.push(html.clone());
            memo.entries += 1;
            memo.lines
                .entry(line.to_string())
                .or_default()
                .push(MemoEntry {
                    start,
                    html,
                    end: Rc::clone(&state),
                });
        }
        Some(out)
    })
}

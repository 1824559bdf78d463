#!/usr/bin/env python3
"""gen_corpus.py - deterministic, scaled synthetic corpus in the style of the seed guide.

The seed (a Markdown "Python Interview Guide": `# Title`, `## Table of Contents`, `##`
chapters, `###` sections, ```python blocks, `**Label**:` lines, `1. **Q**: .. **A**: ..`
interview questions, `---` rules) is READ AT RUN TIME and recombined; nothing of it is
stored in this script.

Chapter i of the output follows the structure of seed chapter (i mod 6): the same number
and kinds of blocks, but every block is re-drawn from the seed's pool of that kind and
varied (identifiers defined in code get suffixes/prefixes, numbers change, prose gets
synonyms and re-ordered sentences, Q&As are re-sampled). So N chapters ~= N/6 x seed size,
vocabulary grows sub-linearly, and the output is byte-identical for the same
(--seed, --chapters, --layout).

With --distinct-code, every code block of the generated chapters is made unlike every
other: each name that is not a Python keyword or builtin (identifiers, and the words of
strings and comments) gets a suffix unique to the block (`fetch` -> `fetch_b3k`), so the
blocks keep their shape and token kinds but no two copies share a line. Highlighting then
cannot be shared between copies: cold builds pay for every line (the honest floor).

The default seed is the repo's bundled guide, content/python-interview-guide.md (env
SEED_GUIDE or --seed-file to change it).

Usage:
  gen_corpus.py --seed-file guide.md --scale 10 --layout single -o x10.md
  gen_corpus.py --seed-file guide.md --chapters 600 --layout files -o x100/
  gen_corpus.py --seed-file guide.md --verbatim --layout files -o x1/   # the seed itself, split
  gen_corpus.py --scale 100 --distinct-code --layout single -o x100-distinct.md

Layouts:
  single  one Markdown file: `# Title`, `## Table of Contents` (links to #chapter-slug),
          `---`, then `## Chapter` / `### Section` ..., epilogue after the last `---`.
  files   a directory: index.md (`# Title` + numbered links to the chapter files) and
          NNNN-<slug>.md per chapter with headings promoted one level (`# Chapter`,
          `## Section`); the epilogue stays at the end of the last chapter, as in the seed.
Prints one line: `corpus: chapters=N sections=S code_blocks=C qas=Q bytes=B layout=L`.
"""
import argparse
import builtins
import keyword
import os
import random
import re
import sys

FENCE_RE = re.compile(r"^\s*(```|~~~)")
QA_RE = re.compile(r"^\d+\.\s+\*\*Q\*\*:")
SCEN_Q_RE = re.compile(r"^\*\*Q\*\*:")
LABEL_RE = re.compile(r"^\*\*[^*].*\*\*:?\s*$")
LIST_RE = re.compile(r"^(\s*[-*+]\s|\s*\d+\.\s)")

CHAPTER_MODS = [
    "In Practice", "Deep Dive", "Edge Cases", "Under Load", "Revisited", "For Senior Roles",
    "Case Studies", "Pitfalls", "Internals", "Testing Strategies", "Code Review Notes",
    "Production Lessons", "Trade-offs", "Whiteboard Drills", "Refactoring", "Debugging",
]
SECTION_MODS = [
    "", "", "", " in Practice", " Revisited", " at Scale", " Step by Step", " Explained",
    " for Interviews", " with Examples", " and Trade-offs", " Gotchas",
]
SNAKE_SUFFIX = [
    "v2", "safe", "cached", "pooled", "batched", "lazy", "strict", "fast", "retry", "traced",
    "bounded", "shared", "local", "checked", "legacy", "tuned", "async", "sync", "bulk", "lite",
    "guarded", "indexed", "streamed", "timed", "weak", "eager", "locked", "scoped",
]
CAMEL_PREFIX = [
    "Cached", "Safe", "Pooled", "Lazy", "Bounded", "Shared", "Local", "Traced", "Async",
    "Strict", "Fast", "Legacy", "Tuned", "Scoped", "Weak", "Eager", "Guarded", "Indexed",
]
SYNONYMS = {
    "use": ["employ", "rely on", "apply"], "Use": ["Employ", "Rely on", "Apply"],
    "implement": ["build", "write", "provide"], "handle": ["manage", "deal with", "process"],
    "tasks": ["jobs", "workloads", "operations"], "task": ["job", "workload", "operation"],
    "proper": ["correct", "careful", "explicit"], "simpler": ["easier", "lighter"],
    "essential": ["core", "fundamental", "key"], "different": ["distinct", "alternative"],
    "ensure": ["guarantee", "make sure"], "memory": ["RAM", "memory"],
    "efficient": ["economical", "lean"], "multiple": ["several", "many"],
    "access": ["use", "access"], "objects": ["instances", "objects"],
    "function": ["callable", "function"], "simultaneously": ["at once", "concurrently"],
    "Profile": ["Measure", "Profile"], "consider": ["evaluate", "think about"],
    "strategies": ["approaches", "techniques"], "operations": ["calls", "operations"],
    "safely": ["correctly", "without races"], "when": ["when", "whenever"],
}


def slugify(title):
    s = title.strip().lower()
    s = re.sub(r"[^\w\- ]", "", s)
    return re.sub(r"\s", "-", s)


# ---------------------------------------------------------------- seed parsing
def split_blocks(lines):
    """Lines of a section body -> list of (kind, text, sep_after)."""
    blocks = []
    i, n = 0, len(lines)
    while i < n:
        line = lines[i]
        if not line.strip():
            if blocks:
                k, t, _ = blocks[-1]
                blocks[-1] = (k, t, "\n\n")
            i += 1
            continue
        if FENCE_RE.match(line):
            j = i + 1
            while j < n and not FENCE_RE.match(lines[j]):
                j += 1
            kind, text, i = "code", "\n".join(lines[i:j + 1]), j + 1
        elif line.strip() == "---":
            kind, text, i = "hr", "---", i + 1
        elif QA_RE.match(line):
            j = i + 1
            while j < n and lines[j].startswith("   ") and lines[j].strip():
                j += 1
            kind, text, i = "qa", "\n".join(lines[i:j]), j
        elif SCEN_Q_RE.match(line):
            j = i + 1
            if j < n and lines[j].startswith("**A**"):
                j += 1
            kind, text, i = "scen", "\n".join(lines[i:j]), j
        elif LABEL_RE.match(line):
            kind, text, i = "label", line, i + 1
        elif LIST_RE.match(line):
            j = i
            while j < n and (LIST_RE.match(lines[j]) and not QA_RE.match(lines[j])):
                j += 1
            kind, text, i = "list", "\n".join(lines[i:j]), j
        else:
            j = i
            while (j < n and lines[j].strip() and not FENCE_RE.match(lines[j])
                   and not LABEL_RE.match(lines[j]) and not LIST_RE.match(lines[j])):
                j += 1
            kind, text, i = "para", "\n".join(lines[i:j]), j
        blocks.append((kind, text, "\n"))
    return blocks


def parse_seed(text):
    lines = text.split("\n")
    title, chapters, cur, sec = "Guide", [], None, None
    in_fence = False
    head_lines = []
    for line in lines:
        if FENCE_RE.match(line):
            in_fence = not in_fence
        if not in_fence and line.startswith("# ") and title == "Guide" and not chapters:
            title = line[2:].strip()
            continue
        if not in_fence and line.startswith("## "):
            name = line[3:].strip()
            if name.lower() == "table of contents":
                cur = None
                continue
            cur = {"title": name, "intro": [], "sections": []}
            chapters.append(cur)
            sec = None
            continue
        if not in_fence and line.startswith("### ") and cur is not None:
            sec = {"title": line[4:].strip(), "lines": []}
            cur["sections"].append(sec)
            continue
        if cur is None:
            head_lines.append(line)
        elif sec is None:
            cur["intro"].append(line)
        else:
            sec["lines"].append(line)
    epilogue = []
    if chapters and chapters[-1]["sections"]:
        last = chapters[-1]["sections"][-1]["lines"]
        # epilogue = prose after the final '---' of the document
        for k in range(len(last) - 1, -1, -1):
            if last[k].strip() == "---":
                epilogue = [l for l in last[k + 1:] if l.strip()]
                if epilogue and not any(FENCE_RE.match(l) for l in epilogue):
                    del last[k + 1:]
                else:
                    epilogue = []
                break
    for ch in chapters:
        ch["intro_blocks"] = split_blocks(ch["intro"])
        for s in ch["sections"]:
            s["blocks"] = split_blocks(s["lines"])
    return title, chapters, "\n".join(epilogue)


class Pools:
    def __init__(self, chapters, epilogue):
        self.code, self.label, self.para, self.list_items, self.qa, self.sec_titles = \
            [], [], [], [], [], []
        for ch in chapters:
            for s in ch["sections"]:
                self.sec_titles.append(s["title"])
            for kind, text, _ in ch["intro_blocks"] + [b for s in ch["sections"] for b in s["blocks"]]:
                if kind == "code":
                    self.code.append(text)
                elif kind == "label":
                    self.label.append(text)
                elif kind == "para":
                    self.para.append(text)
                elif kind == "list":
                    self.list_items += [re.sub(r"^\s*([-*+]|\d+\.)\s+", "", l) for l in text.split("\n")]
                elif kind in ("qa", "scen"):
                    q = re.search(r"\*\*Q\*\*:\s*(.*)", text)
                    a = re.search(r"\*\*A\*\*:\s*(.*)", text, re.S)
                    if q and a:
                        self.qa.append((q.group(1).strip(), " ".join(a.group(1).split())))
        if epilogue:
            self.para.append(epilogue)
        self.sentences = []
        for p in self.para + [a for _, a in self.qa]:
            self.sentences += [s for s in re.split(r"(?<=[.!?])\s+", " ".join(p.split())) if s]
        self.labels_plain = [l for l in self.label if "Interview" not in l] or self.label


# ---------------------------------------------------------------- variation
def vary_words(rng, text, rate=0.25):
    def sub(m):
        w = m.group(0)
        if w in SYNONYMS and rng.random() < rate:
            return rng.choice(SYNONYMS[w])
        return w
    # do not touch inline code spans
    parts = re.split(r"(`[^`]*`)", text)
    return "".join(p if p.startswith("`") else re.sub(r"[A-Za-z]+", sub, p) for p in parts)


def vary_code(rng, block):
    lines = block.split("\n")
    body = "\n".join(lines[1:-1])
    names = re.findall(r"^\s*(?:async\s+)?(?:def|class)\s+([A-Za-z_]\w*)", body, re.M)
    seen = set()
    for name in names:
        if name in seen or name.startswith("__") or len(name) < 4 or rng.random() < 0.35:
            continue
        seen.add(name)
        if name[0].isupper():
            new = rng.choice(CAMEL_PREFIX) + name
        else:
            new = name + "_" + rng.choice(SNAKE_SUFFIX)
        body = re.sub(r"\b%s\b" % re.escape(name), new, body)

    def num(m):
        v = int(m.group(0))
        if v < 2 or rng.random() < 0.6:
            return m.group(0)
        return str(max(2, int(v * rng.choice([0.5, 2, 3, 4, 10, 0.1, 5]))))
    body = re.sub(r"(?<![\w.])\d+(?![\w.])", num, body)
    return "\n".join([lines[0], body, lines[-1]]) if len(lines) >= 2 else block


# Names a distinct copy keeps: the language's own words highlight differently from names.
KEEP_NAMES = set(keyword.kwlist) | set(getattr(keyword, "softkwlist", [])) | set(dir(builtins)) | {"self", "cls"}
NAME_RE = re.compile(r"(?<![\w])[A-Za-z_][A-Za-z0-9_]*")


def tag(n):
    """A short lowercase tag for the n-th code block: b0, b1, ..., bz, b10, ..."""
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while True:
        out = digits[n % 36] + out
        n //= 36
        if n == 0:
            return "b" + out


def distinct_code(block, n):
    """`block` (a fenced block) with every name but keywords, builtins and dunders suffixed
    with the block's tag: same lines, same token kinds, no line shared with another block."""
    lines = block.split("\n")
    if len(lines) < 3:
        return block
    t = tag(n)

    def sub(m):
        w = m.group(0)
        if w in KEEP_NAMES or (w.startswith("__") and w.endswith("__")):
            return w
        return w + "_" + t
    body = NAME_RE.sub(sub, "\n".join(lines[1:-1]))
    return "\n".join([lines[0], body, lines[-1]])


def make_para(rng, pools):
    k = rng.choice([1, 1, 2, 2, 3])
    sents = [vary_words(rng, rng.choice(pools.sentences)) for _ in range(k)]
    return " ".join(sents)


def make_block(rng, pools, kind, text, qa_index):
    if kind == "code":
        src = text if rng.random() < 0.3 else rng.choice(pools.code)
        return vary_code(rng, src)
    if kind == "label":
        if "Interview" in text:
            return text
        lab = rng.choice(pools.labels_plain)
        if rng.random() < 0.2 and not lab.startswith("**Code Example"):
            lab = "**Code Example - " + lab.strip("*: ") + "**:"
        return lab
    if kind == "para":
        return make_para(rng, pools)
    if kind == "list":
        k = max(2, min(len(pools.list_items), rng.randint(2, 5)))
        return "\n".join("- " + vary_words(rng, x) for x in rng.sample(pools.list_items, k))
    if kind == "qa":
        q, a = rng.choice(pools.qa)
        return "%d. **Q**: %s\n   **A**: %s" % (qa_index, vary_words(rng, q), vary_words(rng, a))
    if kind == "scen":
        q, a = rng.choice(pools.qa)
        return "**Q**: %s\n**A**: %s" % (vary_words(rng, q), vary_words(rng, a))
    return text  # hr


def render_blocks(rng, pools, blocks, stats, distinct=False):
    out, qa_i = [], 0
    for kind, text, sep in blocks:
        if kind == "code" and distinct:
            block = distinct_code(make_block(rng, pools, kind, text, qa_i), stats["code_blocks"])
            stats["code_blocks"] += 1
            out.append(block + sep)
            continue
        if kind == "qa":
            qa_i += 1
            stats["qas"] += 1
        elif kind == "scen":
            stats["qas"] += 1
        elif kind == "code":
            stats["code_blocks"] += 1
        else:
            qa_i = 0 if kind != "qa" else qa_i
        out.append(make_block(rng, pools, kind, text, qa_i) + sep)
    return "".join(out)


def chapter_title(seed_chapters, i):
    base = seed_chapters[i % len(seed_chapters)]["title"]
    k = i // len(seed_chapters)
    if k == 0:
        return base
    m = CHAPTER_MODS[(k - 1) % len(CHAPTER_MODS)]
    part = (k - 1) // len(CHAPTER_MODS)
    return "%s: %s" % (base, m) + (" (Part %d)" % (part + 1) if part else "")


def generate(seed_text, n_chapters, seed, verbatim=False, distinct=False):
    """-> (title, [ {title, slug, body(with ### sections, no ## line)} ], epilogue, stats)"""
    title, seed_ch, epilogue = parse_seed(seed_text)
    stats = {"sections": 0, "code_blocks": 0, "qas": 0}
    chapters = []
    if verbatim:
        for ch in seed_ch:
            body = "\n".join(ch["intro"]) + "\n"
            for s in ch["sections"]:
                body += "### %s\n%s" % (s["title"], "\n".join(s["lines"]) + "\n")
                stats["sections"] += 1
                stats["code_blocks"] += sum(1 for b in s["blocks"] if b[0] == "code")
                stats["qas"] += sum(1 for b in s["blocks"] if b[0] in ("qa", "scen"))
            chapters.append({"title": ch["title"], "slug": slugify(ch["title"]), "body": body})
        return title, chapters, epilogue, stats
    pools = Pools(seed_ch, epilogue)
    rng = random.Random(seed)
    for i in range(n_chapters):
        tmpl = seed_ch[i % len(seed_ch)]
        t = chapter_title(seed_ch, i)
        body = ""
        if tmpl["intro_blocks"]:
            body += "\n" + render_blocks(rng, pools, tmpl["intro_blocks"], stats, distinct)
        else:
            body += "\n"
        used = set()
        for s in tmpl["sections"]:
            st = s["title"] if i < len(seed_ch) else rng.choice(pools.sec_titles) + rng.choice(SECTION_MODS)
            while st in used:
                st = st + " II"
            used.add(st)
            body += "### %s\n\n" % st + render_blocks(rng, pools, s["blocks"], stats, distinct)
            stats["sections"] += 1
        chapters.append({"title": t, "slug": slugify(t), "body": body})
    if epilogue:
        epilogue = make_para(random.Random(seed + 1), pools) if n_chapters != len(seed_ch) else epilogue
    return title, chapters, epilogue, stats


def promote(body):
    """### -> ##, #### -> ### ... outside code fences (for per-chapter files)."""
    out, in_fence = [], False
    for line in body.split("\n"):
        if FENCE_RE.match(line):
            in_fence = not in_fence
        if not in_fence and re.match(r"^#{3,6} ", line):
            line = line[1:]
        out.append(line)
    return "\n".join(out)


def write_single(path, title, chapters, epilogue):
    parts = ["# %s\n\n## Table of Contents\n" % title]
    parts += ["%d. [%s](#%s)\n" % (k + 1, c["title"], c["slug"]) for k, c in enumerate(chapters)]
    parts.append("\n---\n\n")
    for c in chapters:
        parts.append("## %s\n%s" % (c["title"], c["body"]))
    if epilogue:
        tail = parts[-1]
        parts.append(("" if tail.endswith("\n\n") else "\n" if tail.endswith("\n") else "\n\n")
                     + epilogue + "\n")
    data = "".join(parts)
    with open(path, "w", encoding="utf-8") as f:
        f.write(data)
    return len(data.encode("utf-8"))


def write_files(d, title, chapters, epilogue):
    os.makedirs(d, exist_ok=True)
    for f in os.listdir(d):
        if f.endswith(".md"):
            os.remove(os.path.join(d, f))
    width = max(4, len(str(len(chapters))))
    total = 0
    idx = ["# %s\n\n## Table of Contents\n\n" % title]
    for k, c in enumerate(chapters):
        fname = "%0*d-%s.md" % (width, k + 1, c["slug"])
        c["file"] = fname
        idx.append("%d. [%s](%s)\n" % (k + 1, c["title"], fname))
    for k, c in enumerate(chapters):
        data = "# %s\n%s" % (c["title"], promote(c["body"]))
        if k == len(chapters) - 1 and epilogue:
            data += ("" if data.endswith("\n\n") else "\n") + epilogue + "\n"
        with open(os.path.join(d, c["file"]), "w", encoding="utf-8") as f:
            f.write(data)
        total += len(data.encode("utf-8"))
    data = "".join(idx)
    with open(os.path.join(d, "index.md"), "w", encoding="utf-8") as f:
        f.write(data)
    return total + len(data.encode("utf-8"))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seed-file", default=os.environ.get("SEED_GUIDE", os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "content", "python-interview-guide.md")))
    g = ap.add_mutually_exclusive_group()
    g.add_argument("--chapters", type=int, help="number of chapters N")
    g.add_argument("--scale", type=float, help="N = scale x (chapters in the seed)")
    g.add_argument("--verbatim", action="store_true", help="emit the seed itself (x1), in the layout")
    ap.add_argument("--layout", choices=["single", "files"], default="single")
    ap.add_argument("--seed", type=int, default=20240601, help="RNG seed")
    ap.add_argument("--distinct-code", action="store_true",
                    help="no code line shared between blocks (names suffixed per block)")
    ap.add_argument("-o", "--out", required=True, help="file (single) or directory (files)")
    a = ap.parse_args()
    seed_text = open(a.seed_file, encoding="utf-8").read()
    n_seed = len(parse_seed(seed_text)[1])
    n = a.chapters if a.chapters else int(round((a.scale or 1) * n_seed))
    title, chapters, epilogue, stats = generate(seed_text, n, a.seed, verbatim=a.verbatim,
                                               distinct=a.distinct_code)
    if a.layout == "single":
        if a.verbatim:  # the seed itself, byte for byte
            with open(a.out, "w", encoding="utf-8") as f:
                f.write(seed_text)
            size = len(seed_text.encode("utf-8"))
        else:
            size = write_single(a.out, title, chapters, epilogue)
    else:
        size = write_files(a.out, title, chapters, epilogue)
    print("corpus: chapters=%d sections=%d code_blocks=%d qas=%d bytes=%d layout=%s"
          % (len(chapters), stats["sections"], stats["code_blocks"], stats["qas"], size, a.layout))


if __name__ == "__main__":
    sys.exit(main())

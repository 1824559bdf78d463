#!/usr/bin/env python3
"""report.py - Markdown tables (one per size) and one JSON file from a run of bench/run.sh.

  report.py RUN_DIR [--json FILE]

RUN_DIR holds meta.json and one x<S>-<row>.json per measurement (written by measure.py).
Rows: quire (single), quire (files), mdBook, Hugo, and their cold, warm and fresh-folder
variants. Columns: median wall s (min-max when more than one run), median cpu s (user+sys),
median sys s, median peak MiB, output MB (du -sb / 10^6), files written (all, and HTML),
search index raw (gzip), and quire's ratio to the best peer for wall and for peak memory
(best = the smaller of mdBook's and Hugo's medians in the same run, of the same kind of row:
warm rows against the peers' warm rows, fresh rows against their fresh rows; < 1x means
quire is faster / smaller). With floor-x<S>.json in RUN_DIR (the highlighting floor), a line
under the table sets quire's cold and fresh rows against it. --json writes everything
(meta + records) to FILE.
"""
import argparse
import glob
import json
import os
import sys

ROWS = [("quire-single", "quire (single)"), ("quire-files", "quire (files)"),
        ("quire-single-cold", "quire (single, cold)"), ("quire-files-cold", "quire (files, cold)"),
        ("quire-single-warm", "quire (single, warm: 1 chapter edited)"),
        ("quire-files-warm", "quire (files, warm: 1 chapter edited)"),
        ("quire-single-fresh", "quire (single, fresh folder)"),
        ("quire-files-fresh", "quire (files, fresh folder)"),
        ("mdbook", "mdBook"), ("hugo", "Hugo"),
        ("mdbook-warm", "mdBook (1 chapter edited)"), ("hugo-warm", "Hugo (1 chapter edited)"),
        ("mdbook-fresh", "mdBook (fresh folder)"), ("hugo-fresh", "Hugo (fresh folder)")]
PEERS = ("mdbook", "hugo")
# Warm quire rows are compared with the peers' rebuilds after the same edit, fresh-folder
# rows with the peers' builds into an empty folder.
WARM_PEERS = ("mdbook-warm", "hugo-warm")
FRESH_PEERS = ("mdbook-fresh", "hugo-fresh")
LABEL = dict(ROWS)


def secs(v):
    return "%.3f" % v if v < 1 else "%.2f" % v if v < 10 else "%.1f" % v


def human(b):
    b = float(b)
    for u in ("B", "KiB", "MiB", "GiB"):
        if b < 1024 or u == "GiB":
            return ("%.0f %s" % (b, u)) if u == "B" else ("%.1f %s" % (b, u))
        b /= 1024


def mb(b):
    v = b / 1e6
    return "%.1f" % v if v >= 10 else "%.2f" % v


def med(rec, key):
    """Median of a timing figure; peak: GNU time's figure where the timer was at its floor."""
    if key == "peak" and rec.get("peak_gnu_time_mib") is not None:
        return rec["peak_gnu_time_mib"]
    try:
        return rec["timing"]["stats"][key]["median"]
    except (KeyError, TypeError):
        return None


def peak_cell(rec):
    v = med(rec, "peak")
    if rec.get("peak_gnu_time_mib") is not None:
        return ("%.1f*" if v < 10 else "%.0f*") % v
    return "%.0f" % v


def ok(rec):
    return rec is not None and rec.get("status") == "ok" and med(rec, "wall") is not None


def table(size, recs, corpus_bytes, warmup, floor=None):
    def best(names):
        peers = [recs[p] for p in names if ok(recs.get(p))]
        if not peers:
            return None, None
        return (min(peers, key=lambda r: med(r, "wall")), min(peers, key=lambda r: med(r, "peak")))
    inp = corpus_bytes or next((r["input_bytes"] for r in recs.values()), 0)
    runs = sorted({r["timing"]["runs"] for r in recs.values() if ok(r)})
    lines = ["### x%d (input %s MB)" % (size, mb(inp)), "",
             "| tool | wall s | cpu s | sys s | peak MiB | output MB | files (HTML) "
             "| search index (gzip) | wall vs best peer | memory vs best peer |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: |"]
    for row, label in ROWS:
        r = recs.get(row)
        if r is None:
            continue
        if not ok(r):
            lines.append("| %s | %s | | | | | | | | |" % (label, r.get("status", "not run")))
            continue
        w = r["timing"]["stats"]["wall"]
        wall = secs(w["median"]) + ("" if r["timing"]["runs"] == 1 else
                                    " (%s–%s)" % (secs(w["min"]), secs(w["max"])))
        o = r.get("output", {})
        si = o.get("search_index", {})
        index = "%s (%s)" % (human(si["bytes"]), human(si["gzip_bytes"])) if si.get("files") else "none"
        if len(si.get("files", [])) > 1:
            index += " in %d files" % len(si["files"])
        rw = rm = "—"
        best_wall, best_mem = best(WARM_PEERS if row.endswith("-warm") else
                                   FRESH_PEERS if row.endswith("-fresh") else PEERS)
        if row.startswith("quire") and best_wall:
            rw = "%.2f× (%s)" % (med(r, "wall") / med(best_wall, "wall"), LABEL[best_wall["row"]])
            rm = "%.2f× (%s)" % (med(r, "peak") / med(best_mem, "peak"), LABEL[best_mem["row"]])
        files = "%s (%s)" % (o.get("all_files", "-"), o.get("html_files", "-"))
        lines.append("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
            label, wall, secs(med(r, "cpu")), secs(med(r, "sys") or 0), peak_cell(r),
            mb(o.get("out_bytes", 0)), files, index, rw, rm))
    loads = [x for r in recs.values() for x in (r.get("loadavg_before", [None])[0],
                                                 r.get("loadavg_after", [None])[0]) if x is not None]
    if floor:
        cold = ["%s %s s = %.2f× the floor" % (LABEL[row], secs(med(recs[row], "wall")),
                                                med(recs[row], "wall") / floor["floor_s"])
                for row, _ in ROWS if row.startswith("quire") and row.endswith(("-cold", "-fresh"))
                and ok(recs.get(row))]
        lines += ["", "Highlighting floor: %.1f MB of code / %.2f MB/s (syntect, one core) / %d "
                  "cores = %s s%s" % (floor["code_bytes"] / 1e6, floor["mb_per_s"], floor["cores"],
                                      secs(floor["floor_s"]), "; " + "; ".join(cold) if cold else "")]
    if any(r.get("peak_gnu_time_mib") is not None for r in recs.values()):
        lines += ["", "\\* below the timer's floor: peak of one run under GNU time "
                  "(`/usr/bin/time -f %M`), used for the ratio too."]
    lines += ["", "Median of %s timed run(s) after %s warm-up(s); 1-min load average %.2f–%.2f "
              "on the machine during these rows." % (
                  "/".join(map(str, runs)) or "0", warmup, min(loads or [0]), max(loads or [0])), ""]
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("run_dir")
    ap.add_argument("--json")
    a = ap.parse_args()
    meta = {}
    mp = os.path.join(a.run_dir, "meta.json")
    if os.path.exists(mp):
        with open(mp) as f:
            meta = json.load(f)
    by_size = {}
    for p in sorted(glob.glob(os.path.join(a.run_dir, "x*-*.json"))):
        if p.endswith(".timeit.json"):
            continue
        with open(p) as f:
            r = json.load(f)
        by_size.setdefault(r["size"], {})[r["row"]] = r
    if not by_size:
        sys.exit("report.py: no measurements in %s" % a.run_dir)
    out = []
    if meta:
        out.append("Machine: %s; %s cores; %s; load average at start %s. Versions: %s." % (
            meta.get("cpu", "?"), meta.get("nproc", "?"), meta.get("os", "?"),
            meta.get("loadavg_start", "?"),
            "; ".join(meta.get("versions", {}).values())))
        if meta.get("corpus") == "distinct":
            out.append("Corpus: gen_corpus.py --distinct-code (no code line shared between "
                       "copies).")
        if "rss_floor_mib" in meta:
            out.append("Peak MiB is the kernel's max RSS of the process (os.wait4). The timer "
                       "reads %.1f MiB for `true` (the forking Python's own image counts); a row "
                       "at that floor is re-measured once under GNU time (marked *)."
                       % meta["rss_floor_mib"])
        out.append("")
    for size in sorted(by_size):
        floor = None
        fp = os.path.join(a.run_dir, "floor-x%d.json" % size)
        if os.path.exists(fp):
            with open(fp) as f:
                floor = json.load(f)
        out.append(table(size, by_size[size], meta.get("corpus_bytes", {}).get(str(size)),
                         meta.get("warmup", 1), floor))
    text = "\n".join(out)
    print(text)
    with open(os.path.join(a.run_dir, "tables.md"), "w") as f:
        f.write(text + "\n")
    if a.json:
        with open(a.json, "w") as f:
            json.dump({"meta": meta, "sizes": {"x%d" % s: by_size[s] for s in sorted(by_size)}},
                      f, indent=1)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""measure.py - time one generator on one corpus and record the figures as one JSON file.

  measure.py --row ROW --size S --out OUTDIR --input PATH --record FILE
             [--runs N] [--warmup W] [--index GLOB ...] [--prepare SH] -- COMMAND [ARG ...]

1. OUTDIR is removed, then COMMAND runs once, un-timed, as the first warm-up (its output
   goes to FILE with .log instead of .json); a non-zero exit records status "failed" and
   stops here (the next row is measured as usual).
2. timeit.py (beside this file) runs COMMAND W-1 more times as warm-up, then N times,
   whole process: wall, user+sys, peak RSS; min/median/max of each.
3. The output folder is measured: `du -sb`, HTML files, search index (files matching any
   GLOB relative to OUTDIR, a matched folder taken whole; raw bytes and `gzip -c` bytes).
   With --prepare SH, the shell command SH runs before every run (the checked warm-up
   too), untimed: fresh-folder rows empty the output folder and cache with it.
4. With --rss-floor F: a row whose median peak is within 2 MiB of F (the timer's own
   floor: the kernel counts the forking Python's image in the child's max RSS) runs once
   more under GNU time (/usr/bin/time -f %M), which forks from a small process:
   peak_gnu_time_mib.
5. FILE gets {row, size, cmd, status, runs, warmup, loadavg_before/after, input_bytes,
   timing, output[, peak_gnu_time_mib]}. report.py turns a folder of these into tables.
"""
import argparse
import glob
import json
import os
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
GNU_TIME = "/usr/bin/time"


def index_files(out, patterns):
    found = set()
    for pat in patterns:
        for p in glob.glob(os.path.join(out, pat), recursive=True):
            if os.path.isdir(p):
                for root, _, files in os.walk(p):
                    found.update(os.path.join(root, f) for f in files)
            elif os.path.isfile(p):
                found.add(p)
    return sorted(found)


def gzip_size(path):
    return len(subprocess.run(["gzip", "-c", path], check=True, stdout=subprocess.PIPE).stdout)


def out_stats(out, patterns):
    du = subprocess.run(["du", "-sb", out], check=True, stdout=subprocess.PIPE, text=True)
    sizes, html = [], 0
    for root, _, files in os.walk(out):
        for f in files:
            p = os.path.join(root, f)
            sizes.append((os.path.getsize(p), os.path.relpath(p, out)))
            html += f.endswith(".html")
    idx = index_files(out, patterns)
    return {
        "out_bytes": int(du.stdout.split()[0]),
        "html_files": html,
        "all_files": len(sizes),
        "search_index": {
            "globs": patterns,
            "files": [os.path.relpath(p, out) for p in idx],
            "bytes": sum(os.path.getsize(p) for p in idx),
            "gzip_bytes": sum(gzip_size(p) for p in idx),
        },
        "largest": [{"path": p, "bytes": b} for b, p in sorted(sizes)[-3:][::-1]],
    }


def input_bytes(path):
    if os.path.isfile(path):
        return os.path.getsize(path)
    total = 0
    for root, _, files in os.walk(path):
        total += sum(os.path.getsize(os.path.join(root, f)) for f in files)
    return total


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--row", required=True)
    ap.add_argument("--size", required=True, type=int)
    ap.add_argument("--out", required=True, help="the output folder COMMAND writes")
    ap.add_argument("--input", required=True, help="the corpus (file or folder) it reads")
    ap.add_argument("--record", required=True, help="JSON file to write")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--warmup", type=int, default=1)
    ap.add_argument("--index", action="append", default=[])
    ap.add_argument("--rss-floor", type=float, default=0,
                    help="peak MiB the timer reads for `true`; a row at it is re-measured once "
                         "with GNU time (/usr/bin/time) for its true peak")
    ap.add_argument("--prepare", help="shell command run before every run, untimed")
    ap.add_argument("cmd", nargs=argparse.REMAINDER)
    a = ap.parse_args()
    cmd = a.cmd[1:] if a.cmd and a.cmd[0] == "--" else a.cmd
    if not cmd:
        sys.exit("measure.py: no command")
    rec = {"row": a.row, "size": a.size, "cmd": cmd, "runs": a.runs, "warmup": a.warmup,
           "input_bytes": input_bytes(a.input), "loadavg_before": list(os.getloadavg()),
           "status": "ok"}
    log = os.path.splitext(a.record)[0] + ".log"
    shutil.rmtree(a.out, ignore_errors=True)
    prep = ["--prepare", a.prepare] if a.prepare else []
    if a.prepare:
        rec["prepare"] = a.prepare
    if a.warmup >= 1:
        if a.prepare:
            subprocess.run(a.prepare, shell=True, check=True)
        with open(log, "w") as f:
            rc = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=f, stderr=subprocess.STDOUT).returncode
        if rc != 0:
            rec["status"] = "failed (exit %d, see %s)" % (rc, os.path.basename(log))
            with open(log) as f:
                tail = f.read()[-2000:]
            print("   FAILED (exit %d): %s\n%s" % (rc, " ".join(cmd), tail.rstrip()), file=sys.stderr)
    if rec["status"] == "ok":
        tjson = os.path.splitext(a.record)[0] + ".timeit.json"
        t = subprocess.run([sys.executable, os.path.join(HERE, "timeit.py"), "-n", str(a.runs),
                            "--warmup", str(max(0, a.warmup - 1)), "--json", tjson] + prep + ["--"] + cmd,
                           stdout=subprocess.PIPE, text=True)
        print("   %d timed run(s) after %d warm-up(s)" % (a.runs, a.warmup))
        sys.stdout.write("".join("   " + l + "\n" for l in t.stdout.splitlines()
                                 if l.startswith(("A wall", "A cpu", "A sys", "A peak"))))
        with open(tjson) as f:
            rec["timing"] = json.load(f)
        if rec["timing"]["exit_codes"] != [0]:
            rec["status"] = "failed (exit codes %s)" % rec["timing"]["exit_codes"]
        if not os.path.isdir(a.out):
            rec["status"] = "failed (no output folder %s)" % a.out
        peak = rec["timing"]["stats"].get("peak", {}).get("median", 0)
        if rec["status"] == "ok" and a.rss_floor and peak < a.rss_floor + 2 \
                and os.access(GNU_TIME, os.X_OK):
            if a.prepare:
                subprocess.run(a.prepare, shell=True, check=True)
            # At the timer's floor: the true peak is lower. GNU time forks from a small
            # process, so one run under it gives the figure (same kernel accounting).
            tf = os.path.splitext(a.record)[0] + ".gnutime"
            subprocess.run([GNU_TIME, "-f", "%M", "-o", tf] + cmd, stdin=subprocess.DEVNULL,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            with open(tf) as f:
                rec["peak_gnu_time_mib"] = int(f.read().split()[-1]) / 1024.0
            os.remove(tf)
            print("   peak at the timer's floor (%.1f MiB): GNU time reads %.1f MiB" % (
                a.rss_floor, rec["peak_gnu_time_mib"]))
    if os.path.isdir(a.out):
        rec["output"] = out_stats(a.out, a.index)
        o = rec["output"]
        print("   output %d bytes, %d files (%d HTML), search index %d bytes (gzip %d): %s" % (
            o["out_bytes"], o["all_files"], o["html_files"], o["search_index"]["bytes"],
            o["search_index"]["gzip_bytes"], " ".join(o["search_index"]["files"][:4])
            + (" ..." if len(o["search_index"]["files"]) > 4 else "")))
    rec["loadavg_after"] = list(os.getloadavg())
    with open(a.record, "w") as f:
        json.dump(rec, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())

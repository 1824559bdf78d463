#!/usr/bin/env python3
"""timeit.py - time a WHOLE process N times (public stand-in for a benchmark harness).

  timeit.py [-n RUNS] [--warmup W] [--timeout S] [--prepare SH] [--json FILE] -- COMMAND [ARG ...]

Runs COMMAND W times unmeasured, then RUNS times; stdout/stderr go to /dev/null. For each
run: wall seconds (monotonic clock around fork..reap), user and system seconds and peak RSS
of the reaped child as the kernel accounts it (os.wait4; peak = largest single process
among those it waited for). Prints min / median / max of each, like:
    A wall s   0.050   0.051   0.052
--prepare SH runs the shell command SH before every run (warm-ups too), untimed: e.g. emptying
the output folder and cache for fresh-folder builds.
--json FILE also writes the runs and the min/median/max of each figure as JSON.
Exit status 0 when every run started (the command's exit codes are listed, not judged);
3 when --timeout (whole call) cut it short.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time


def one(cmd):
    t0 = time.monotonic()
    p = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL)
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.monotonic() - t0
    p.returncode = os.waitstatus_to_exitcode(status)
    return {"user": ru.ru_utime, "sys": ru.ru_stime, "cpu": ru.ru_utime + ru.ru_stime,
            "wall": wall, "peak": ru.ru_maxrss / 1024.0, "rc": p.returncode}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("-n", type=int, default=5)
    ap.add_argument("--warmup", type=int, default=1)
    ap.add_argument("--timeout", type=float, default=3600)
    ap.add_argument("--json", help="also write the figures to this file as JSON")
    ap.add_argument("--prepare", help="shell command run before every run, untimed")
    ap.add_argument("cmd", nargs=argparse.REMAINDER)
    a = ap.parse_args()
    cmd = a.cmd[1:] if a.cmd and a.cmd[0] == "--" else a.cmd
    if not cmd:
        sys.exit("timeit.py: no command")
    start, runs, cut = time.monotonic(), [], False
    def prepare():
        if a.prepare:
            subprocess.run(a.prepare, shell=True, check=True)
    for _ in range(a.warmup):
        prepare()
        one(cmd)
    for _ in range(a.n):
        if time.monotonic() - start > a.timeout:
            cut = True
            break
        prepare()
        runs.append(one(cmd))
    print("A = %s" % " ".join(cmd))
    print("runs: %d (+%d warm-up); exit codes: %s" % (len(runs), a.warmup,
                                                    sorted({r["rc"] for r in runs})))
    print("%-18s %10s %10s %10s   whole process" % ("", "min", "median", "max"))
    stats = {}
    for key, label in (("user", "A user s"), ("sys", "A sys s"), ("cpu", "A cpu s"),
                       ("wall", "A wall s"), ("peak", "A peak MiB")):
        v = [r[key] for r in runs] or [float("nan")]
        fmt = "%10.1f" if key == "peak" else "%10.3f"
        print(("%-18s " + fmt + " " + fmt + " " + fmt) % (label, min(v), statistics.median(v), max(v)))
        if runs:
            stats[key] = {"min": min(v), "median": statistics.median(v), "max": max(v)}
    if a.json:
        with open(a.json, "w") as f:
            json.dump({"cmd": cmd, "runs": len(runs), "warmup": a.warmup, "cut": cut,
                       "exit_codes": sorted({r["rc"] for r in runs}), "stats": stats,
                       "each": runs}, f, indent=1)
    return 3 if cut else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""soak.py - `quire serve` under load for a long time while the content is edited, broken
and fixed. Not part of CI (it runs for minutes); run it before a release.

  bench/soak.py [--scale 100] [--minutes 10] [--every 3] [--warm 20] [--quire target/release/quire]

1. Writes a corpus of SCALE x the bundled guide (gen_corpus.py, one file per chapter) into
   WORK/site and starts `quire serve` on 127.0.0.1.
2. Runs `wrk -t2 -c50` for the whole time over ~40 pages of the site (home, chapters, the
   question and example lists, search files). A Lua script counts every response that is
   not 200 and every HTML page that does not end with `</html>` (an incomplete page).
3. Meanwhile, every EVERY seconds, it edits a chapter, or breaks the site (bad front
   matter, invalid UTF-8, a template that includes itself, a broken `site.toml`, a deleted
   chapter), waits, and fixes it again; after each fix it checks that the edit becomes
   visible (the server recovered).
4. Reports requests, errors (socket errors + non-200 + incomplete pages), recoveries that
   never came, and the server's resident memory (VmRSS) at the start and the end. The
   start is taken after the first build has been served under load for WARM seconds
   (every connection open, every page sent), before the first edit: what the server needs
   to serve the site; the growth is what editing adds to it.

Targets: 0 errors, 0 incomplete pages, every recovery seen, memory growth under 10 %.
Only 127.0.0.1 is used. Needs python3 and wrk on PATH.
"""
import argparse
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)

LUA = r"""
local paths = {}
for line in io.lines(os.getenv("SOAK_PATHS")) do paths[#paths + 1] = line end
local threads = {}
local i = 0
function setup(thread)
  table.insert(threads, thread)
end
function init(args)
  bad_status = 0
  incomplete = 0
  i = math.random(#paths)
end
function request()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end
function response(status, headers, body)
  if status ~= 200 then
    bad_status = bad_status + 1
  elseif (headers["Content-Type"] or headers["content-type"] or ""):find("text/html", 1, true) then
    if not body:find("</html>%s*$") then incomplete = incomplete + 1 end
  end
end
function done(summary, latency, requests)
  local b, inc = 0, 0
  for _, t in ipairs(threads) do
    b = b + t:get("bad_status")
    inc = inc + t:get("incomplete")
  end
  io.write(string.format("SOAK bad_status=%d incomplete=%d\n", b, inc))
end
"""


def get(url, timeout=10.0):
    try:
        with urllib.request.urlopen(url, timeout=timeout) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, b""
    except Exception:
        return None, b""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_kib(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def make_site(root, scale):
    shutil.rmtree(root, ignore_errors=True)
    content = os.path.join(root, "content")
    os.makedirs(content)
    seed = os.path.join(REPO, "content", "python-interview-guide.md")
    gen = os.path.join(HERE, "gen_corpus.py")
    subprocess.run([sys.executable, gen, "--seed-file", seed, "--scale", str(scale),
                    "--layout", "files", "-o", content], check=True, stdout=subprocess.DEVNULL)
    with open(os.path.join(root, "site.toml"), "w") as f:
        f.write('title = "Soak guide"\n')
    return sorted(os.path.join(content, f) for f in os.listdir(content) if re.match(r"^\d+-.*\.md$", f))


def pick_paths(base, rng):
    """Home, lists, search files and a sample of chapter pages, from the home page's links."""
    _, home = get(base + "/")
    links = sorted(set(re.findall(rb'href="([^"#?]+\.html)"', home)))
    pages = [l.decode() for l in links if not l.startswith(b"http")]
    pages = rng.sample(pages, min(32, len(pages)))
    paths = ["/", "/index.html", "/questions.html", "/examples.html", "/study.html"] + ["/" + p for p in pages]
    _, page = get(base + paths[-1])
    paths += ["/" + s.decode().lstrip("./") for s in set(re.findall(rb'src="([^"]+\.js)"', page))][:4]
    return paths


class Breakage:
    """One way to break the site and the way back. Each returns nothing; the caller waits."""

    def __init__(self, root, chapters, rng):
        self.root, self.chapters, self.rng = root, chapters, rng
        self.spare = chapters

    def actions(self):
        return [self.front_matter, self.bad_utf8, self.template_cycle, self.bad_config,
                self.delete_chapter, self.bad_include]

    def _swap(self, path, data):
        old = open(path, "rb").read() if os.path.exists(path) else None
        with open(path, "wb") as f:
            f.write(data)
        return lambda: self._restore(path, old)

    @staticmethod
    def _restore(path, old):
        if old is None:
            os.remove(path)
        else:
            with open(path, "wb") as f:
                f.write(old)

    def front_matter(self):
        p = self.rng.choice(self.chapters)
        return self._swap(p, b"---\ntitle: [unclosed\n---\n" + open(p, "rb").read())

    def bad_utf8(self):
        p = self.rng.choice(self.chapters)
        return self._swap(p, open(p, "rb").read() + b"\n\nBroken \xff\xfe bytes.\n")

    def template_cycle(self):
        os.makedirs(os.path.join(self.root, "templates"), exist_ok=True)
        return self._swap(os.path.join(self.root, "templates", "page.html"), b'{% include "page.html" %}\n')

    def bad_include(self):
        os.makedirs(os.path.join(self.root, "templates"), exist_ok=True)
        return self._swap(os.path.join(self.root, "templates", "page.html"),
                          b'{% extends "base.html" %}{% block content %}{{ nope.missing }}{% endblock %}\n')

    def bad_config(self):
        return self._swap(os.path.join(self.root, "site.toml"), b'title = "Soak\n')

    def delete_chapter(self):
        # Only chapters wrk does not request: a deleted page's 404 is right, not an error.
        p = self.rng.choice(self.spare)
        old = open(p, "rb").read()
        os.remove(p)
        return lambda: self._restore(p, old)


def wait_marker(url, marker, timeout):
    t0 = time.monotonic()
    while time.monotonic() - t0 < timeout:
        st, body = get(url, timeout=30)
        if st == 200 and marker.encode() in body:
            return True
        time.sleep(0.05)
    return False


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--scale", type=int, default=100)
    ap.add_argument("--minutes", type=float, default=10)
    ap.add_argument("--every", type=float, default=3.0, help="seconds between edits")
    ap.add_argument("--warm", type=int, default=20,
                    help="seconds of load before the start is measured (no edits meanwhile)")
    ap.add_argument("--quire", default=os.path.join(REPO, "target", "release", "quire"))
    ap.add_argument("--work", default=os.path.join(os.environ.get("TMPDIR", "/tmp"), "quire-soak"))
    a = ap.parse_args()
    if not shutil.which("wrk"):
        sys.exit("soak.py needs wrk on PATH (apt-get install wrk)")
    os.makedirs(a.work, exist_ok=True)
    rng = random.Random(14)
    root = os.path.join(a.work, "site")
    chapters = make_site(root, a.scale)
    port = free_port()
    base = "http://127.0.0.1:%d" % port
    log = open(os.path.join(a.work, "serve.log"), "wb")
    server = subprocess.Popen([a.quire, "serve", "--root", root, "--port", str(port)],
                              stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT)
    try:
        t0 = time.monotonic()
        while get(base + "/")[0] != 200:
            if server.poll() is not None or time.monotonic() - t0 > 600:
                sys.exit("quire serve did not start (see %s)" % log.name)
            time.sleep(0.1)
        paths = pick_paths(base, rng)
        with open(os.path.join(a.work, "paths.txt"), "w") as f:
            f.write("\n".join(paths) + "\n")
        with open(os.path.join(a.work, "soak.lua"), "w") as f:
            f.write(LUA)
        seconds = int(a.minutes * 60)
        env = dict(os.environ, SOAK_PATHS=os.path.join(a.work, "paths.txt"))
        wrk = subprocess.Popen(["wrk", "-t2", "-c50", "-d%ds" % (seconds + a.warm), "--timeout", "10s",
                                "-s", os.path.join(a.work, "soak.lua"), base],
                               env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        # The start: the first build served under load (every connection open, every page
        # sent at least once), before the first edit.
        time.sleep(a.warm)
        rss_start = rss_kib(server.pid)
        served = set(paths)
        spare = [c for c in chapters if "/" + os.path.basename(c)[:-3] + ".html" not in served]
        samples = []
        sampler = threading.Thread(target=sample_rss, args=(server, samples, seconds), daemon=True)
        sampler.start()
        stats = edit_loop(base, root, chapters, spare, rng, a.every, t0=time.monotonic(), seconds=seconds)
        stats["rss"] = samples
        out = wrk.communicate(timeout=seconds + 120)[0]
        alive = server.poll() is None
        rss_end = rss_kib(server.pid) if alive else 0
        # Idle: the load stopped and the late release after the last build has run.
        time.sleep(5)
        rss_idle = rss_kib(server.pid) if server.poll() is None else 0
    finally:
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()
    report(out, stats, alive, (rss_start, rss_end, rss_idle), a, os.path.join(a.work, "wrk.txt"))


def sample_rss(server, samples, seconds):
    """(seconds since start, VmRSS KiB) every 5 s: shows a plateau apart from a leak."""
    t0 = time.monotonic()
    while time.monotonic() - t0 < seconds and server.poll() is None:
        try:
            samples.append((time.monotonic() - t0, rss_kib(server.pid)))
        except OSError:
            return
        time.sleep(5)


def edit_loop(base, root, chapters, spare, rng, every, t0, seconds):
    """Edits, breaks and fixes until the time is up; returns counts."""
    breaks = Breakage(root, chapters, rng)
    breaks.spare = spare or chapters
    stats = {"edits": 0, "breaks": 0, "recovered": 0, "lost": [], "rss_max": 0}
    n = 0
    while time.monotonic() - t0 < seconds - 20:
        n += 1
        action = rng.choice(breaks.actions())
        undo = action()
        stats["breaks"] += 1
        time.sleep(every)
        undo()
        # After the fix an edit must become visible: the server came back from the breakage.
        target = rng.choice(chapters)
        marker = "soakmark%05d" % n
        with open(target, "ab") as f:
            f.write(("\n\nSoak paragraph %s.\n" % marker).encode())
        stats["edits"] += 1
        page = "/" + os.path.basename(target)[:-3] + ".html"
        if wait_marker(base + page, marker, timeout=60):
            stats["recovered"] += 1
        else:
            stats["lost"].append("%s after %s" % (page, action.__name__))
        time.sleep(every)
    return stats


def report(out, stats, alive, rss, a, raw_path):
    rss_start, rss_end, rss_idle = rss
    with open(raw_path, "w") as f:
        f.write(out)
    total = re.search(r"(\d+) requests in", out)
    sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    soak = re.search(r"SOAK bad_status=(\d+) incomplete=(\d+)", out)
    rps = re.search(r"Requests/sec:\s*([\d.]+)", out)
    socket_errors = sum(int(x) for x in sock.groups()) if sock else 0
    bad, incomplete = (int(soak.group(1)), int(soak.group(2))) if soak else (-1, -1)
    growth = 100.0 * (rss_end - rss_start) / rss_start if rss_start else float("nan")
    print("soak: x%d, %.0f min, wrk -t2 -c50, an edit/break/fix every %.0f s" % (a.scale, a.minutes, a.every))
    print("requests:        %s (%s req/s)" % (total.group(1) if total else "?", rps.group(1) if rps else "?"))
    print("socket errors:   %d (%s)" % (socket_errors, ", ".join(sock.groups()) if sock else "none"))
    print("non-200:         %d" % bad)
    print("incomplete html: %d" % incomplete)
    print("breaks/fixes:    %d, edits seen after the fix: %d, never seen: %d %s"
          % (stats["breaks"], stats["recovered"], len(stats["lost"]), "; ".join(stats["lost"][:5])))
    print("server alive:    %s" % alive)
    print("RSS start/end:   %.0f MiB / %.0f MiB (%+.1f %%)" % (rss_start / 1024, rss_end / 1024, growth))
    print("                 start: after the first build and %d s of load, before the first edit;"
          " end: when the load stops" % a.warm)
    print("RSS idle:        %.0f MiB, 5 s after the load stopped" % (rss_idle / 1024))
    series = stats.get("rss", [])
    if series:
        # After the first minute every kind of rebuild has run once: the warm size.
        warm = next((kib for t, kib in series if t >= 60), series[-1][1])
        peak = max(kib for _, kib in series)
        late = [kib for t, kib in series if t >= series[-1][0] - 120]
        print("RSS warm (1 min) / peak / last 2 min max: %.0f / %.0f / %.0f MiB (end vs warm %+.1f %%)"
              % (warm / 1024, peak / 1024, max(late) / 1024, 100.0 * (rss_end - warm) / warm if warm else 0))
        with open(os.path.join(a.work, "rss.tsv"), "w") as f:
            f.write("".join("%.0f\t%d\n" % s for s in series))
    ok = alive and socket_errors == 0 and bad == 0 and incomplete == 0 and not stats["lost"] and growth < 10
    print("result:          %s" % ("PASS" if ok else "FAIL"))
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()

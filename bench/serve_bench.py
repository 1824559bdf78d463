#!/usr/bin/env python3
"""serve_bench.py - `quire serve` beside `mdbook serve`: edit-to-visible latency and a
bounded loopback load test.

  bench/serve_bench.py [--sizes 1 100] [-n 10] [--wrk-seconds 10] [--quire target/release/quire] [--only-quire]

x1000 (6,000 chapter files; quire alone, no load test):
  bench/serve_bench.py --sizes 1000 -n 10 --wrk-seconds 0 --only-quire

Per size S (x1 = the bundled guide, xS = S x its chapters, made by gen_corpus.py in the
files layout; the mdBook project by peer_adapt.py, so both have one page per chapter):

1. Edit to visible (the method the peer baseline used): start the server on
   127.0.0.1, wait for the first 200 of the chapter page (= startup), then N times append a
   paragraph with a fresh marker word to the same chapter's Markdown and poll GET of its page
   every 5 ms until the marker is served. That interval includes the watcher's debounce, the
   rebuild and the serve. The file is restored afterwards.
2. Load: `wrk -t2 -c50 -d<secs>s` on the chapter page (HTTP/1.1 keep-alive), no edits
   running; requests/s and errors (socket errors + non-2xx/3xx). Then the same load while
   the chapter is edited every 2 s: what readers get while the site rebuilds.

Both servers run the same way, one after the other, on this machine. Prints one line per
figure and a summary table. Needs python3, mdbook (0.5.4 measured) and wrk on PATH; a
missing peer or wrk skips its rows. Only 127.0.0.1 is used.
"""
import argparse
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)


def get(url, timeout=5.0):
    try:
        with urllib.request.urlopen(url, timeout=timeout) as r:
            return r.status, r.read()
    except Exception:
        return None, b""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def make_sites(size, work):
    """-> (quire_root, mdbook_root, quire chapter file, mdbook chapter file, quire path, mdbook path)"""
    quire_root = os.path.join(work, "quire-x%d" % size)
    mdbook_root = os.path.join(work, "mdbook-x%d" % size)
    content = os.path.join(quire_root, "content")
    shutil.rmtree(quire_root, ignore_errors=True)
    os.makedirs(content)
    seed = os.path.join(REPO, "content", "python-interview-guide.md")
    gen = ["--verbatim"] if size == 1 else ["--scale", str(size)]
    subprocess.run([sys.executable, os.path.join(HERE, "gen_corpus.py"), "--seed-file", seed, *gen,
                    "--layout", "files", "-o", content], check=True, stdout=subprocess.DEVNULL)
    with open(os.path.join(quire_root, "site.toml"), "w") as f:
        f.write('title = "Guide"\n')
    subprocess.run([sys.executable, os.path.join(HERE, "peer_adapt.py"), "mdbook", content, mdbook_root],
                   check=True, stdout=subprocess.DEVNULL)
    chapters = sorted(f for f in os.listdir(content) if re.match(r"^\d+-.*\.md$", f))
    target = chapters[len(chapters) // 2]  # the middle chapter by file name
    slug = re.sub(r"^\d+-", "", target[:-3])
    return (quire_root, mdbook_root, os.path.join(content, target),
            os.path.join(mdbook_root, "src", slug + ".md"), "/%s.html" % target[:-3], "/%s.html" % slug)


def start(cmd, url, log_path, timeout=600):
    log = open(log_path, "wb")
    t0 = time.monotonic()
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT)
    while time.monotonic() - t0 < timeout:
        if get(url)[0] == 200:
            return proc, time.monotonic() - t0
        if proc.poll() is not None:
            raise RuntimeError("%s exited with %s (see %s)" % (cmd[0], proc.returncode, log_path))
        time.sleep(0.02)
    stop(proc)
    raise RuntimeError("%s: no first build within %ss" % (cmd[0], timeout))


def stop(proc):
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def edit_latency(url, path, n, edit_timeout=120):
    original = open(path, "rb").read()
    rng = random.Random(7)
    lat = []
    try:
        time.sleep(1.0)
        for i in range(n):
            marker = "zqmark%d%06d" % (i, rng.randrange(10 ** 6))
            with open(path, "ab") as f:
                f.write(("\n\nEdited paragraph %s.\n" % marker).encode())
            te = time.monotonic()
            ok = False
            while time.monotonic() - te < edit_timeout:
                st, body = get(url, timeout=30)
                if st == 200 and marker.encode() in body:
                    ok = True
                    break
                time.sleep(0.005)
            if not ok:
                print("  edit %d: TIMEOUT" % (i + 1), flush=True)
                break
            lat.append(time.monotonic() - te)
            time.sleep(1.5)  # let the watcher settle before the next edit
    finally:
        with open(path, "wb") as f:
            f.write(original)
    return lat


def load_test(url, seconds, raw_path):
    if not shutil.which("wrk"):
        return None
    out = subprocess.run(["wrk", "-t2", "-c50", "-d%ds" % seconds, "--latency", url],
                         capture_output=True, text=True, timeout=seconds + 60).stdout
    with open(raw_path, "w") as f:
        f.write(out)
    rps = re.search(r"Requests/sec:\s*([\d.]+)", out)
    total = re.search(r"(\d+) requests in", out)
    sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    p99 = re.search(r"\n\s+99%\s+(\S+)", out)
    errors = (sum(int(x) for x in sock.groups()) if sock else 0) + (int(non2xx.group(1)) if non2xx else 0)
    detail = ("connect %s, read %s, write %s, timeout %s" % sock.groups()) if sock else "no socket errors"
    return {"rps": float(rps.group(1)) if rps else float("nan"), "requests": int(total.group(1)) if total else 0,
            "errors": errors, "detail": detail, "p99": p99.group(1) if p99 else "?"}


def run_one(name, cmd, url, path, n, wrk_seconds, log_path):
    try:
        proc, startup = start(cmd, url, log_path)
    except RuntimeError as e:
        print("%s: %s" % (name, e))
        return None
    try:
        lat = edit_latency(url, path, n)
        load = during = None
        if wrk_seconds > 0:
            time.sleep(3.0)  # the restore of the edited file rebuilt the site: let it settle
            load = load_test(url, wrk_seconds, log_path[:-4] + ".wrk.txt")
            during = load_during_edits(url, path, wrk_seconds, log_path[:-4] + ".wrk-edits.txt")
        alive = proc.poll() is None and get(url)[0] == 200
        peak = peak_mib(proc.pid)
    finally:
        stop(proc)
    return {"startup": startup, "lat": lat, "load": load, "during": during, "alive": alive, "peak": peak}


def peak_mib(pid):
    """The server's peak resident memory so far (VmHWM), in MiB; None off Linux."""
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def load_during_edits(url, path, seconds, raw_path):
    """The same load while the chapter is edited every 2 s: what readers get mid-rebuild."""
    original = open(path, "rb").read()
    editor = subprocess.Popen([sys.executable, "-c", (
        "import sys, time\n"
        "time.sleep(1)\n"
        "for i in range(int(sys.argv[2])):\n"
        "    open(sys.argv[1], 'ab').write(b'\\n\\nLoad edit %d.\\n' % i)\n"
        "    time.sleep(2)\n"), path, str(max(1, (seconds - 1) // 2))])
    try:
        return load_test(url, seconds, raw_path)
    finally:
        editor.wait()
        with open(path, "wb") as f:
            f.write(original)
        time.sleep(3.0)


def fmt_ms(xs):
    if not xs:
        return "n/a"
    return "%.0f / %.0f / %.0f" % (min(xs) * 1000, statistics.median(xs) * 1000, max(xs) * 1000)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[1])
    ap.add_argument("-n", type=int, default=10)
    ap.add_argument("--wrk-seconds", type=int, default=10)
    ap.add_argument("--quire", default=os.path.join(REPO, "target", "release", "quire"))
    ap.add_argument("--only-quire", action="store_true", help="skip mdbook serve (its x1000 build takes minutes)")
    # Outside the repo: mdbook serve ignores changes to files its .gitignore lookup excludes
    # (target/ is ignored here), and would never see the edits.
    ap.add_argument("--work", default=os.path.join(os.environ.get("TMPDIR", "/tmp"), "quire-serve-bench"))
    a = ap.parse_args()
    if not 0 <= a.wrk_seconds <= 20:
        sys.exit("--wrk-seconds: 0..20 (a bounded load test)")
    os.makedirs(a.work, exist_ok=True)
    rows = []
    for size in a.sizes:
        q_root, m_root, q_file, m_file, q_path, m_path = make_sites(size, a.work)
        servers = [("quire", [a.quire, "serve", "--root", q_root, "--port", "{port}"], q_path, q_file)]
        if a.only_quire:
            pass
        elif shutil.which("mdbook"):
            servers.append(("mdbook", ["mdbook", "serve", m_root, "-n", "127.0.0.1", "-p", "{port}"], m_path, m_file))
        else:
            print("mdbook not on PATH: its rows are skipped")
        for name, cmd, path, src in servers:
            port = free_port()
            cmd = [c.replace("{port}", str(port)) for c in cmd]
            url = "http://127.0.0.1:%d%s" % (port, path)
            print("x%d %s: %s" % (size, name, " ".join(cmd)), flush=True)
            r = run_one(name, cmd, url, src, a.n, a.wrk_seconds, os.path.join(a.work, "%s-x%d.log" % (name, size)))
            if r is None:
                continue
            for i, x in enumerate(r["lat"]):
                print("  edit %d: visible after %.0f ms" % (i + 1, x * 1000))
            for what, load in (("wrk", r["load"]), ("wrk while editing", r["during"])):
                if load:
                    print("  %s: %.0f req/s, %d requests, %d errors (%s), p99 %s"
                          % (what, load["rps"], load["requests"], load["errors"], load["detail"], load["p99"]))
            rows.append((size, name, r))
    print()
    print("| size | server | startup s | edit→visible ms min / median / max (n) | wrk req/s | wrk errors | p99 "
          "| while editing: req/s | errors | up after | peak MiB |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    none = {"rps": float("nan"), "errors": "n/a", "p99": "n/a"}
    for size, name, r in rows:
        load, during = r["load"] or none, r["during"] or none
        print("| x%d | %s | %.2f | %s (%d) | %.0f | %s | %s | %.0f | %s | %s | %s |" % (
            size, name, r["startup"], fmt_ms(r["lat"]), len(r["lat"]), load["rps"], load["errors"], load["p99"],
            during["rps"], during["errors"], "yes" if r["alive"] else "NO",
            "%.0f" % r["peak"] if r["peak"] else "n/a"))


if __name__ == "__main__":
    main()

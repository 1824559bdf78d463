#!/usr/bin/env bash
# bench/search_bench.sh — quire's search beside mdBook's: quality on the bundled guide, index
# size, bytes fetched by a first query, index build time and query latency at 1x/10x/100x.
#
#   bash bench/search_bench.sh [OUT_DIR]          (default /tmp/quire-search-bench)
#   SIZES="1 10" bash bench/search_bench.sh       (scales to measure; default "1 10 100")
#
# Needs: a Rust toolchain, python3, node + tests/browser/node_modules (playwright-core),
# /usr/bin/chromium; mdBook (~/.cargo/bin/mdbook or MDBOOK=...) for the comparison rows.
# Corpora come from gen_corpus.py (GEN, default bench/gen_corpus.py) with
# --layout single; mdBook projects from peer_adapt.py (PEER_ADAPT).
#
# Figures:
# - quality: tests/browser/search.mjs types each query of tests/browser/search-queries.json
#   (tuned on) and search-queries-heldout.json (never tuned on) into the real search box of
#   quire and of mdBook, over HTTP and file://; top-1/top-5/MRR over the 8 results shown.
# - size: every file under search/ (raw, and gzip -6 of each file summed); mdBook: its
#   searchindex-*.js, which its search loads whole.
# - first query: index files a fresh page loads for one query put into the box at once
#   (median and max over the query set), raw and gzip; "typed": the same query typed key by
#   key 80 ms apart (every keystroke searches); assets/search.js (loaded with every page) apart.
# - build: the "search" stage of `quire build --timings` (median of 3 builds).
# - latency: engine = quireSearch.search() with the shards loaded; ui = input event to the
#   rendered list with its snippets; p50/p95 over the query set x 10 in headless Chromium.
set -euo pipefail

REPO=$(cd "$(dirname "$0")/.." && pwd)
OUT=${1:-/tmp/quire-search-bench}
SIZES=${SIZES:-"1 10 100"}
GEN=${GEN:-$REPO/bench/gen_corpus.py}
PEER_ADAPT=${PEER_ADAPT:-$REPO/bench/peer_adapt.py}
MDBOOK=${MDBOOK:-$HOME/.cargo/bin/mdbook}
SEARCH_MJS=$REPO/tests/browser/search.mjs
mkdir -p "$OUT"

echo "== building quire (release)"
(cd "$REPO" && cargo build --release --quiet)
QUIRE=${CARGO_TARGET_DIR:-$REPO/target}/release/quire

have_mdbook=0
if [ -x "$MDBOOK" ]; then have_mdbook=1; else echo "!! mdBook not found at $MDBOOK: comparison rows skipped"; fi

# ---------------------------------------------------------------- quality on the bundled guide
echo "== quality: bundled guide"
"$QUIRE" build --root "$REPO" --out "$OUT/guide-site" >/dev/null
MDB_ARGS=()
if [ $have_mdbook = 1 ]; then
  python3 "$PEER_ADAPT" mdbook "$REPO/content/python-interview-guide.md" "$OUT/guide-mdbook" >/dev/null
  (cd "$OUT/guide-mdbook" && "$MDBOOK" build >/dev/null 2>&1)
  MDB_ARGS=(--mdbook "$OUT/guide-mdbook/book")
fi
for set in search-queries search-queries-heldout; do
  node "$SEARCH_MJS" "$OUT/guide-site" --quality-only --min-top1 0 --min-top5 0 \
    --queries "$REPO/tests/browser/$set.json" "${MDB_ARGS[@]}" --json "$OUT/quality-$set.json" | grep -v '^PASS'
done

# ---------------------------------------------------------------- scale
for n in $SIZES; do
  echo "== scale x$n"
  mkdir -p "$OUT/x$n/content"
  python3 "$GEN" --scale "$n" --layout single -o "$OUT/x$n/content/guide.md"
  : > "$OUT/x$n/site.toml"
  times=()
  for _ in 1 2 3; do
    t=$("$QUIRE" build --root "$OUT/x$n" --out "$OUT/x$n-site" --timings | awk '$1 == "search" { print $2 }')
    times+=("$t")
  done
  printf '%s\n' "${times[@]}" | sort -g | sed -n 2p > "$OUT/x$n-search-ms.txt"
  node "$SEARCH_MJS" "$OUT/x$n-site" --bench --json "$OUT/bench-x$n.json" > "$OUT/bench-x$n.log"
  if [ $have_mdbook = 1 ]; then
    python3 "$PEER_ADAPT" mdbook "$OUT/x$n/content/guide.md" "$OUT/x$n-mdbook" >/dev/null
    (cd "$OUT/x$n-mdbook" && "$MDBOOK" build >/dev/null 2>&1)
  fi
done

# ---------------------------------------------------------------- report
python3 - "$OUT" "$SIZES" "$have_mdbook" <<'PY' | tee "$OUT/report.md"
import glob, gzip, json, os, sys
out, sizes, have_mdbook = sys.argv[1], sys.argv[2].split(), sys.argv[3] == "1"
kib = lambda b: f"{b / 1024:.1f} KiB" if b < 1024 * 1024 else f"{b / 1048576:.2f} MiB"

print("## Quality (bundled guide, 8 results shown)\n")
print("| query set | engine | mode | top-1 | top-5 | MRR | top-1 (exact anchor) | top-5 (exact anchor) | MRR (exact anchor) |")
print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
for name in ("search-queries", "search-queries-heldout"):
    data = json.load(open(os.path.join(out, f"quality-{name}.json")))
    for engine in ("quire", "mdbook"):
        for mode, r in data.get(engine, {}).items():
            s, a = r["section"], r.get("anchor")
            anchor = f"{a['top1']:.1%} | {a['top5']:.1%} | {a['mrr']:.3f}" if a else "– | – | –"
            print(f"| {name} ({s['n']}) | {'quire' if engine == 'quire' else 'mdBook 0.5'} | {mode} | {s['top1']:.1%} | {s['top5']:.1%} | {s['mrr']:.3f} | {anchor} |")
print("\n(top-1/top-5/MRR at section level: the result is in the section of an expected target,\n"
      "the most mdBook can reach; exact anchor: the very question/example/section expected.)\n")

print("## Size, first query, build, latency\n")
print("| scale | index raw | index gzip | files | first query raw (median / max) | first query gzip (median / max) | typed key by key, gzip (median / max) | + search.js gzip | search stage | engine p50 / p95 | UI p50 / p95 | mdBook index raw / gzip |")
print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
for n in sizes:
    b = json.load(open(os.path.join(out, f"bench-x{n}.json")))["bench"]
    ms = open(os.path.join(out, f"x{n}-search-ms.txt")).read().strip()
    md = "–"
    if have_mdbook:
        f = glob.glob(os.path.join(out, f"x{n}-mdbook", "book", "searchindex-*.js"))
        if f:
            raw = open(f[0], "rb").read()
            md = f"{kib(len(raw))} / {kib(len(gzip.compress(raw, 6)))}"
    print(f"| {n}x | {kib(b['index_total_raw'])} | {kib(b['index_total_gzip'])} | {b['index_files']} | "
          f"{kib(b['first_query_raw_median'])} / {kib(b['first_query_raw_max'])} | "
          f"{kib(b['first_query_gzip_median'])} / {kib(b['first_query_gzip_max'])} | "
          f"{kib(b['typed_query_gzip_median'])} / {kib(b['typed_query_gzip_max'])} | {kib(b['search_js_gzip'])} | {ms} ms | "
          f"{b['engine_ms_p50']:.1f} / {b['engine_ms_p95']:.1f} ms | {b['ui_ms_p50']:.1f} / {b['ui_ms_p95']:.1f} ms | {md} |")
PY
echo "report: $OUT/report.md"

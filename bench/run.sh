#!/usr/bin/env bash
# run.sh - quire beside mdBook and Hugo on the same corpora, timed in one run.
#
#   bench/run.sh [--install] [SIZES...]          (default sizes: 1 10 100; 1000 is opt-in)
#
# 1. builds quire (cargo build --release) and checks the peers: mdBook 0.5.4 and Hugo
#    (--install: cargo install mdbook --locked --version 0.5.4; apt-get install -y hugo);
# 2. per size, generates the corpus in both layouts straight into two quire sites
#    (<site>/content/guide.md and <site>/content/{index.md,NNNN-<slug>.md}) and one mdBook
#    and one Hugo project (peer_adapt.py; the single file must give the same project);
# 3. times `quire build --root SITE --out OUT` for each layout, `mdbook build BOOK` and
#    `hugo -s SITE` (whole processes, timeit.py: 1 warm-up, then the median of RUNS runs)
#    and measures each output folder;
# 4. prints one Markdown table per size and writes the raw figures as JSON.
#
# Env:
#   BENCH_DIR        work folder (default: target/bench in the repo); corpora and projects
#                    in sites/, quire's output in out/, results in results/<stamp>/ and
#                    results/<stamp>.json (+ results/latest.json, latest.md)
#   RUNS             timed runs per row (default: 5 below x100, 3 at x100, 1 from x1000)
#   WARMUP           warm-up runs (default 1; the first one is checked for exit 0)
#   ROWS             rows to measure (default "quire-single quire-files quire-single-fresh
#                    mdbook mdbook-fresh hugo hugo-fresh"); also: quire-single-cold
#                    quire-files-cold (--no-cache: every block highlighted again),
#                    quire-files-fresh, quire-single-warm quire-files-warm mdbook-warm
#                    hugo-warm (one chapter edited before each run; quire keeps its
#                    highlight cache), or ROWS=scale for all of them. A -fresh row is a
#                    build into an empty output folder from a copy of the site with no
#                    cache (what a CI deploy does): the folder and cache are removed
#                    before every run, untimed
#   CORPUS=distinct  corpora made with gen_corpus.py --distinct-code (no code line shared
#                    between copies: cold builds highlight every line), in sites-distinct/
#   QUIRE_BIN        quire binary (default: <cargo target dir>/release/quire, built here;
#                    a copy in $BENCH_DIR/bin/ is what gets timed)
#   QUIRE_INDEX_GLOB globs (space-separated, relative to quire's output) of the search
#                    index files (default "search/** search*.json search*.js")
#   MDBOOK_VERSION   mdBook version to require/install (default 0.5.4)
#   SEED_GUIDE       seed of the corpora (default: content/python-interview-guide.md)
#   SKIP_BUILD=1     do not run cargo build (use QUIRE_BIN as it is)
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/.." && pwd)
INSTALL=0
if [ "${1:-}" = "--install" ]; then INSTALL=1; shift; fi
case "${1:-}" in -h|--help) sed -n '2,/^set -uo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;; esac
SIZES=${*:-1 10 100}
for s in $SIZES; do
  [[ $s =~ ^[1-9][0-9]*$ ]] || { echo "run.sh: size must be a positive integer: $s" >&2; exit 2; }
done
BENCH_DIR=${BENCH_DIR:-$REPO/target/bench}
mkdir -p "$BENCH_DIR" && BENCH_DIR=$(cd "$BENCH_DIR" && pwd)
WARMUP=${WARMUP:-1}
ROWS=${ROWS:-quire-single quire-files quire-single-fresh mdbook mdbook-fresh hugo hugo-fresh}
[ "$ROWS" = scale ] && ROWS="quire-single-cold quire-single-warm quire-single-fresh quire-files-cold quire-files-warm quire-files-fresh mdbook mdbook-warm mdbook-fresh hugo hugo-warm hugo-fresh"
CORPUS=${CORPUS:-default}
case $CORPUS in
  default) GEN_FLAGS=(); SITES_NAME=sites ;;
  distinct) GEN_FLAGS=(--distinct-code); SITES_NAME=sites-distinct ;;
  *) echo "run.sh: CORPUS must be default or distinct: $CORPUS" >&2; exit 2 ;;
esac
MDBOOK_VERSION=${MDBOOK_VERSION:-0.5.4}
SEED_GUIDE=${SEED_GUIDE:-$REPO/content/python-interview-guide.md}
QUIRE_INDEX_GLOB=${QUIRE_INDEX_GLOB:-search/** search*.json search*.js}
CARGO_BIN=${CARGO_HOME:-$HOME/.cargo}/bin
case ":$PATH:" in *":$CARGO_BIN:"*) ;; *) PATH=$PATH:$CARGO_BIN ;; esac
export SEED_GUIDE
want() { case " $ROWS " in *" $1"*) return 0 ;; *) return 1 ;; esac; }
# A warm row edits one chapter before each build: a copy of the site, and the chapter file
# in the middle of its content (the single file: guide.md).
warm_site() { # SRC DST
  rm -rf "$2"; cp -r "$1" "$2"
}
middle_file() { # DIR: the middle Markdown file by name
  local files=("$1"/*.md); echo "${files[$(( ${#files[@]} / 2 ))]}"
}
say() { printf '\n== %s\n' "$*"; }

# ---------------------------------------------------------------- 1. tools
say "tools"
QUIRE_OK=0
if want quire-single || want quire-files; then
  TARGET=${CARGO_TARGET_DIR:-$REPO/target}
  QUIRE_BIN=${QUIRE_BIN:-$TARGET/release/quire}
  if [ "${SKIP_BUILD:-0}" != 1 ]; then
    echo "cargo build --release (in $REPO)"
    (cd "$REPO" && cargo build --release) || echo "quire: cargo build --release failed" >&2
  fi
  if [ -x "$QUIRE_BIN" ] && "$QUIRE_BIN" build --help >/dev/null 2>&1; then
    QUIRE_OK=1
    # Time a private copy: a concurrent cargo build must not swap the binary mid-run.
    mkdir -p "$BENCH_DIR/bin" && cp "$QUIRE_BIN" "$BENCH_DIR/bin/quire" && QUIRE_BIN=$BENCH_DIR/bin/quire
  else
    echo "quire: $QUIRE_BIN missing or has no 'build' command - quire rows skipped" >&2
  fi
fi
QUIRE_QUIET=()
if [ $QUIRE_OK = 1 ] && "$QUIRE_BIN" build --help 2>&1 | grep -q -- '--quiet'; then QUIRE_QUIET=(--quiet); fi

if [ $INSTALL = 1 ]; then
  if ! mdbook --version 2>/dev/null | grep -q "v$MDBOOK_VERSION\$"; then
    cargo install mdbook --locked --version "$MDBOOK_VERSION"
  fi
  command -v hugo >/dev/null || { apt-get update && apt-get install -y hugo; }
fi
MDBOOK_V=$(mdbook --version 2>/dev/null || true)
HUGO_V=$(hugo version 2>/dev/null | cut -d' ' -f1-2 || true)
if want mdbook; then
  if [ -z "$MDBOOK_V" ]; then
    echo "mdbook: not installed (bench/run.sh --install, or: cargo install mdbook --locked --version $MDBOOK_VERSION) - rows skipped" >&2
  elif ! grep -q "v$MDBOOK_VERSION\$" <<<"$MDBOOK_V"; then
    echo "mdbook: $MDBOOK_V is not v$MDBOOK_VERSION (the version of BASELINE.md); measured anyway" >&2
  fi
fi
if want hugo && [ -z "$HUGO_V" ]; then
  echo "hugo: not installed (bench/run.sh --install, or: apt-get install -y hugo) - rows skipped" >&2
fi
QUIRE_V="quire not measured"
if [ $QUIRE_OK = 1 ]; then
  QUIRE_V=$("$QUIRE_BIN" --version 2>/dev/null | head -1)
  [[ $QUIRE_V == quire* ]] || QUIRE_V="quire $QUIRE_V"
  QUIRE_V="$QUIRE_V ($(git -C "$REPO" rev-parse --short HEAD 2>/dev/null)$(git -C "$REPO" diff --quiet HEAD -- src Cargo.toml Cargo.lock templates static 2>/dev/null || echo ', dirty'))"
fi
echo "$QUIRE_V${QUIRE_QUIET:+ (with --quiet)} | ${MDBOOK_V:-mdbook missing} | ${HUGO_V:-hugo missing}"

# ---------------------------------------------------------------- 2. corpora and projects
# Known sha256 prefixes of the single-file corpora (BASELINE.md): a mismatch means the
# seed or the generator changed, and the figures are not comparable with it.
declare -A SHA=([1]=73c7de6f4d35c49d [10]=02f322fa921c58f4 [100]=e6901e28845ec489 [1000]=162397876abe1c5a)
SITES=$BENCH_DIR/$SITES_NAME
mkdir -p "$SITES"
test -f "$SEED_GUIDE" || { echo "seed guide $SEED_GUIDE missing" >&2; exit 1; }
STAMP_SRC=$( (cat "$HERE/gen_corpus.py" "$HERE/peer_adapt.py" "$SEED_GUIDE"; echo "${GEN_FLAGS[*]}") | sha256sum | cut -c1-16)
for s in $SIZES; do
  single=$SITES/quire-single-x$s; files=$SITES/quire-files-x$s
  stamp=$SITES/.x$s.stamp
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$STAMP_SRC" ] && [ -f "$single/content/guide.md" ]; then
    echo "x$s: corpora and projects up to date ($SITES)"
  else
    say "x$s: corpora and peer projects"
    if [ "$s" = 1 ] && [ "$CORPUS" = default ]; then gen=(--verbatim); else gen=(--scale "$s" "${GEN_FLAGS[@]}"); fi
    rm -rf "$single/content" "$files/content"
    mkdir -p "$single/content" "$files/content"
    python3 "$HERE/gen_corpus.py" "${gen[@]}" --layout single -o "$single/content/guide.md" || exit 1
    python3 "$HERE/gen_corpus.py" "${gen[@]}" --layout files -o "$files/content" || exit 1
    for peer in mdbook hugo; do
      python3 "$HERE/peer_adapt.py" "$peer" "$files/content" "$SITES/$peer-x$s" || exit 1
      chk=$(mktemp -d)
      python3 "$HERE/peer_adapt.py" "$peer" "$single/content/guide.md" "$chk/p" >/dev/null
      if diff -rq -x book -x public -x resources -x .hugo_build.lock "$chk/p" "$SITES/$peer-x$s" >/dev/null; then
        echo "layout check: $peer x$s single == files"
      else
        echo "layout check: $peer x$s single != files" >&2
      fi
      rm -rf "$chk"
    done
    echo "$STAMP_SRC" > "$stamp"
  fi
  sha=$(sha256sum "$single/content/guide.md" | cut -c1-16)
  if [ "$CORPUS" = default ] && [ -n "${SHA[$s]:-}" ] && [ "${SHA[$s]}" != "$sha" ]; then
    echo "x$s: corpus sha256 $sha differs from BASELINE.md's ${SHA[$s]} (seed or generator changed)" >&2
  fi
done

# ---------------------------------------------------------------- 3. measure
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
RUN=$BENCH_DIR/results/$STAMP
mkdir -p "$RUN"
# The timer's peak-RSS floor: what it reads for `true` (its own forked image).
python3 "$HERE/timeit.py" -n 3 --warmup 0 --json "$RUN/floor.timeit.json" -- true >/dev/null
FLOOR=$(python3 -c 'import json,sys; print("%.1f" % json.load(open(sys.argv[1]))["stats"]["peak"]["median"])' "$RUN/floor.timeit.json")
python3 - "$RUN/meta.json" <<EOF
import json, os, platform, subprocess, sys
def sh(c):
    try: return subprocess.run(c, shell=True, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True).stdout.strip()
    except Exception: return ""
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
osn = next((l.split("=", 1)[1].strip().strip('"') for l in open("/etc/os-release") if l.startswith("PRETTY_NAME")), "?")
json.dump({"stamp": "$STAMP", "sizes": "$SIZES".split(), "nproc": os.cpu_count(), "cpu": cpu,
           "mem_gib": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
           "os": "%s, kernel %s" % (osn, platform.release()),
           "rss_floor_mib": $FLOOR, "corpus": "$CORPUS",
           "loadavg_start": "%.2f %.2f %.2f" % os.getloadavg(),
           "versions": {"quire": """$QUIRE_V""", "mdBook": """${MDBOOK_V:-mdbook missing}""",
                        "Hugo": """${HUGO_V:-hugo missing}""", "rustc": sh("rustc --version"),
                        "python": "Python " + platform.python_version()},
           "corpus_bytes": {s: os.path.getsize("$SITES/quire-single-x%s/content/guide.md" % s) for s in "$SIZES".split()},
           "runs": "${RUNS:-5 below x100, 3 at x100, 1 from x1000}", "warmup": $WARMUP,
           "note": "whole-process timings; other processes (e.g. compilers of other sessions) may run on the machine; 1-min load averages are recorded per row"},
          open(sys.argv[1], "w"), indent=1)
EOF
echo "load average now: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores (other work on the machine skews times; see the per-row load averages)"
for s in $SIZES; do
  if [ -n "${RUNS:-}" ]; then runs=$RUNS
  elif [ "$s" -lt 100 ]; then runs=5
  elif [ "$s" -lt 1000 ]; then runs=3
  else runs=1; fi
  for row in $ROWS; do
    idx=(); prep=()
    case $row in
      quire-single-fresh|quire-files-fresh)
        [ $QUIRE_OK = 1 ] || continue
        base=${row%-fresh}; site=$SITES/$row-x$s; out=$BENCH_DIR/out/$row-x$s; input=$site/content
        warm_site "$SITES/$base-x$s" "$site"; mkdir -p "$BENCH_DIR/out"
        prep=(--prepare "rm -rf '$out' '$site/.quire-cache'")
        cmd=("$QUIRE_BIN" build --root "$site" --out "$out" "${QUIRE_QUIET[@]}")
        for g in $QUIRE_INDEX_GLOB; do idx+=(--index "$g"); done ;;
      mdbook-fresh)
        [ -n "$MDBOOK_V" ] || continue
        site=$SITES/mdbook-fresh-x$s; out=$site/book; input=$site/src
        warm_site "$SITES/mdbook-x$s" "$site"
        prep=(--prepare "rm -rf '$out'")
        cmd=(mdbook build "$site"); idx=(--index 'searchindex*.js') ;;
      hugo-fresh)
        [ -n "$HUGO_V" ] || continue
        site=$SITES/hugo-fresh-x$s; out=$site/public; input=$site/content
        warm_site "$SITES/hugo-x$s" "$site"
        prep=(--prepare "rm -rf '$out' '$site/resources' '$site/.hugo_build.lock'")
        cmd=(hugo -s "$site"); idx=(--index index.json) ;;
      quire-single|quire-files|quire-single-cold|quire-files-cold)
        [ $QUIRE_OK = 1 ] || continue
        base=${row%-cold}; site=$SITES/$base-x$s; out=$BENCH_DIR/out/$row-x$s; input=$site/content
        mkdir -p "$BENCH_DIR/out"
        cmd=("$QUIRE_BIN" build --root "$site" --out "$out" "${QUIRE_QUIET[@]}")
        case $row in *-cold) cmd+=(--no-cache) ;; esac
        for g in $QUIRE_INDEX_GLOB; do idx+=(--index "$g"); done ;;
      quire-single-warm|quire-files-warm)
        [ $QUIRE_OK = 1 ] || continue
        base=${row%-warm}; site=$SITES/$row-x$s; out=$BENCH_DIR/out/$row-x$s; input=$site/content
        warm_site "$SITES/$base-x$s" "$site"; mkdir -p "$BENCH_DIR/out"
        "$QUIRE_BIN" build --root "$site" --out "$out" "${QUIRE_QUIET[@]}" >/dev/null 2>&1
        edit=$(middle_file "$site/content")
        cmd=(sh -c 'printf "\n\nEdited paragraph %s.\n" "$$" >> "$1"; shift; exec "$@"' sh "$edit" \
             "$QUIRE_BIN" build --root "$site" --out "$out" "${QUIRE_QUIET[@]}")
        for g in $QUIRE_INDEX_GLOB; do idx+=(--index "$g"); done ;;
      mdbook-warm)
        [ -n "$MDBOOK_V" ] || continue
        site=$SITES/mdbook-warm-x$s; out=$site/book; input=$site/src
        warm_site "$SITES/mdbook-x$s" "$site"; edit=$(middle_file "$site/src")
        cmd=(sh -c 'printf "\n\nEdited paragraph %s.\n" "$$" >> "$1"; shift; exec "$@"' sh "$edit" mdbook build "$site")
        idx=(--index 'searchindex*.js') ;;
      hugo-warm)
        [ -n "$HUGO_V" ] || continue
        site=$SITES/hugo-warm-x$s; out=$site/public; input=$site/content
        warm_site "$SITES/hugo-x$s" "$site"; edit=$(middle_file "$site/content")
        cmd=(sh -c 'printf "\n\nEdited paragraph %s.\n" "$$" >> "$1"; shift; exec "$@"' sh "$edit" hugo -s "$site")
        idx=(--index index.json) ;;
      mdbook)
        [ -n "$MDBOOK_V" ] || continue
        site=$SITES/mdbook-x$s; out=$site/book; input=$site/src
        cmd=(mdbook build "$site"); idx=(--index 'searchindex*.js') ;;
      hugo)
        [ -n "$HUGO_V" ] || continue
        site=$SITES/hugo-x$s; out=$site/public; input=$site/content
        cmd=(hugo -s "$site"); idx=(--index index.json) ;;
      *) echo "unknown row $row" >&2; continue ;;
    esac
    say "$row x$s ($runs run(s), load $(cut -d' ' -f1 /proc/loadavg)): ${cmd[*]}"
    python3 "$HERE/measure.py" --row "$row" --size "$s" --out "$out" --input "$input" \
      --record "$RUN/x$s-$row.json" --runs "$runs" --warmup "$WARMUP" --rss-floor "$FLOOR" "${idx[@]}" "${prep[@]}" -- "${cmd[@]}"
  done
done

# ---------------------------------------------------------------- 3b. highlighting floor
# What a cold build cannot beat without avoiding or sharing highlighting work: the corpus's
# code bytes / syntect's parse throughput on this machine / cores.
if [ $QUIRE_OK = 1 ]; then
  say "highlighting floor (syntect parse throughput on the guide's Python)"
  tput=$(cd "$REPO" && cargo bench -q --bench highlight 2>/dev/null \
         | sed -n 's/.*syntect parse only[^0-9]*\([0-9.]*\) MB\/s.*/\1/p' | head -1)
  for s in $SIZES; do
    python3 - "$SITES/quire-single-x$s/content/guide.md" "${tput:-0}" "$(nproc)" "$s" "$RUN/floor-x$s.json" <<'PY' | tee -a "$RUN/floor.txt"
import json, re, sys
text = open(sys.argv[1]).read()
code = sum(len(m) for m in re.findall(r"```[^\n]*\n(.*?)```", text, re.S))
mbps, cores = float(sys.argv[2]), int(sys.argv[3])
floor = code / 1e6 / mbps / cores if mbps else float("nan")
print("x%s: %.1f MB of code / %.2f MB/s per core / %d cores = %.2f s highlighting floor" % (sys.argv[4], code / 1e6, mbps, cores, floor))
if mbps:
    json.dump({"size": int(sys.argv[4]), "code_bytes": code, "mb_per_s": mbps, "cores": cores,
               "floor_s": floor}, open(sys.argv[5], "w"))
PY
  done
fi

# ---------------------------------------------------------------- 4. report
say "results (raw: $BENCH_DIR/results/$STAMP.json)"
echo
python3 "$HERE/report.py" "$RUN" --json "$BENCH_DIR/results/$STAMP.json" || exit 1
cp "$BENCH_DIR/results/$STAMP.json" "$BENCH_DIR/results/latest.json"
cp "$RUN/tables.md" "$BENCH_DIR/results/latest.md"

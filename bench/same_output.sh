#!/usr/bin/env bash
# same_output.sh - shows that two quire binaries write the same site, byte for byte: run it
# with the binary from before a change and the one after (a refactor must not change output).
#
#   bench/same_output.sh OLD_QUIRE NEW_QUIRE [SCALE] [LAYOUT]    (defaults: 100 files)
#
# 1. gen_corpus.py writes the corpus once (--scale SCALE --layout LAYOUT: `files` is
#    content/index.md + one file per chapter, `single` one content/guide.md);
# 2. each binary gets its own copy of the site and builds it twice: into an empty folder
#    with no cache (`fresh`), then again over that output with the cache it left (`again`:
#    the reuse paths of an edit-build loop);
# 3. every file of each output is hashed (sha256 by path relative to the output folder), and
#    the four lists are compared with OLD's fresh build. Prints the number of files and
#    bytes compared; exits 1 naming the files that differ (missing, extra or changed).
#
# Env: WORK  work folder (default: target/same-output in the repo), emptied first
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/.." && pwd)
case "${1:-}" in -h|--help|"") sed -n '2,/^set -uo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;; esac
[ $# -ge 2 ] || { echo "same_output.sh: give two quire binaries (see --help)" >&2; exit 2; }
OLD=$(realpath "$1") NEW=$(realpath "$2") SCALE=${3:-100} LAYOUT=${4:-files}
for bin in "$OLD" "$NEW"; do
  [ -x "$bin" ] || { echo "same_output.sh: not an executable: $bin" >&2; exit 2; }
done
WORK=${WORK:-$REPO/target/same-output}
rm -rf "$WORK" && mkdir -p "$WORK" || exit 2

corpus=$WORK/corpus
case $LAYOUT in
  files) python3 "$HERE/gen_corpus.py" --scale "$SCALE" --layout files -o "$corpus/content" ;;
  single) mkdir -p "$corpus/content" &&
    python3 "$HERE/gen_corpus.py" --scale "$SCALE" --layout single -o "$corpus/content/guide.md" ;;
  *) echo "same_output.sh: LAYOUT must be files or single: $LAYOUT" >&2; exit 2 ;;
esac >/dev/null || { echo "same_output.sh: corpus generation failed" >&2; exit 2; }

# hashes OUT_DIR: "sha256  ./path" for every file, sorted by path.
hashes() { (cd "$1" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum); }

for side in old new; do
  bin=$OLD; [ $side = new ] && bin=$NEW
  cp -r "$corpus" "$WORK/site-$side"
  for run in fresh again; do
    out=$WORK/out-$side
    if ! "$bin" build --root "$WORK/site-$side" --out "$out" >"$WORK/$side-$run.log" 2>&1; then
      echo "same_output.sh: $side build ($run) failed, see $WORK/$side-$run.log" >&2; exit 2
    fi
    hashes "$out" >"$WORK/$side-$run.sha256"
  done
done

status=0
files=$(wc -l <"$WORK/old-fresh.sha256")
bytes=$(du -sb --apparent-size "$WORK/out-old" | cut -f1)
for list in old-again new-fresh new-again; do
  if diff -q "$WORK/old-fresh.sha256" "$WORK/$list.sha256" >/dev/null; then
    echo "$list: $files files ($bytes bytes) identical to old-fresh"
  else
    status=1
    echo "$list: differs from old-fresh:"
    diff "$WORK/old-fresh.sha256" "$WORK/$list.sha256" | grep '^[<>]' | head -20
  fi
done
exit $status

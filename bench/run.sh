#!/usr/bin/env bash
# Time weeklint against a bare pulldown-cmark parse of the same files (the
# floor) and, when installed, rumdl and markdownlint-cli2, on a seeded
# corpus of journals. Prints ratios measured in this one run.
#
#   bench/run.sh [--files N] [--stress MB] [--runs N] [--dir DIR]
#
# Needs: hyperfine, GNU time (/usr/bin/time), python3, git.
# Optional peers: rumdl (pip install rumdl), markdownlint-cli2 (npm).
set -euo pipefail
cd "$(dirname "$0")/.."

FILES=3000
STRESS_MB=20
RUNS=5
DIR=${TMPDIR:-/tmp}/weeklint-bench
while [ $# -gt 0 ]; do
  case "$1" in
    --files) FILES=$2; shift 2 ;;
    --stress) STRESS_MB=$2; shift 2 ;;
    --runs) RUNS=$2; shift 2 ;;
    --dir) DIR=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

for tool in hyperfine python3 git; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is required" >&2; exit 2; }
done
[ -x /usr/bin/time ] || { echo "bench: GNU time (/usr/bin/time) is required" >&2; exit 2; }

cargo build --release --quiet -p weeklint -p weeklint-bench
BIN=$PWD/target/release
WL=$BIN/weeklint

CORPUS=$DIR/corpus-$FILES
if [ ! -d "$CORPUS/.git" ]; then
  rm -rf "$CORPUS"
  "$BIN/weeklint-corpus" "$CORPUS" --files "$FILES" --seed 1
  # A git repo around it, so the tracked-file check of images runs.
  (cd "$CORPUS" && git init -q && git add -A && git -c user.name=b -c user.email=b@b commit -qm corpus)
fi
STRESS=$DIR/stress-$STRESS_MB
if [ ! -f "$STRESS/shuffled-20000.md" ]; then
  rm -rf "$STRESS"
  "$BIN/weeklint-corpus" "$STRESS" --stress "$STRESS_MB" >/dev/null
fi
# The pre-commit case: one journal with its images, in a git repository,
# so that the image rules read the index as they do in a real one.
SMALL=$DIR/small
if [ ! -d "$SMALL/.git" ]; then
  rm -rf "$SMALL"
  cp -r examples/papers-weekly "$SMALL"
  (cd "$SMALL" && git init -q && git add -A && git -c user.name=b -c user.email=b@b commit -qm journal)
fi

export WEEKLINT_TODAY=2026-01-01
OUT=$DIR/results
mkdir -p "$OUT"
NPROC=$(nproc)

peers=()
if command -v rumdl >/dev/null; then
  peers+=(-n rumdl "cd $CORPUS && rumdl check --no-cache . >/dev/null 2>&1 || true")
fi
MDL=${MARKDOWNLINT_CLI2:-$(command -v markdownlint-cli2 || true)}
if [ -n "$MDL" ]; then
  peers+=(-n markdownlint-cli2 "cd $CORPUS && $MDL '**/*.md' >/dev/null 2>&1 || true")
fi

echo "== corpus: $(find "$CORPUS" -name '*.md' | wc -l) files, $(du -sm --apparent-size "$CORPUS" | cut -f1) MB (with images), $NPROC cores"
# Run inside the corpus, as its author would: it is the project root.
(cd "$CORPUS" && hyperfine --style basic -N --warmup 1 --runs "$RUNS" -i --export-json "$OUT/corpus.json" \
  -n floor-1 "$BIN/weeklint-floor --threads 1 ." \
  -n floor-all "$BIN/weeklint-floor ." \
  -n weeklint "$WL check --output-format concise --offline" \
  -n weeklint-all-rules "$WL check --output-format concise --select all --offline" \
  >/dev/null)
# CPU time of weeklint and of the floor, run in turn (the load of a shared
# machine drifts; hyperfine runs each command's runs in one block).
# Also each on one thread and each on all: on two cores the bare parse,
# too, takes more CPU time than on one.
python3 bench/cpu.py "$OUT/cpu.json" "$((RUNS * 2))" "$CORPUS" \
  "floor-1=$BIN/weeklint-floor --threads 1 ." \
  "weeklint=$WL check --output-format concise --offline" \
  "floor-all=$BIN/weeklint-floor ." \
  "weeklint-1=$WL check --output-format concise --offline --threads 1"
if [ ${#peers[@]} -gt 0 ]; then
  hyperfine --style basic --warmup 1 --runs 3 -i --export-json "$OUT/peers.json" "${peers[@]}" >/dev/null
fi
(cd "$SMALL" && hyperfine --style basic -N --warmup 3 --runs 30 -i --export-json "$OUT/small.json" \
  -n small-file "$WL check --output-format concise README.md" >/dev/null)

# Instructions (callgrind) of weeklint and of the floor, one thread each:
# unlike times, these repeat exactly on a shared, noisy machine.
if command -v valgrind >/dev/null; then
  count() { (cd "$CORPUS" && valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" >/dev/null 2>"$OUT/cg.txt" || true)
            sed -n 's/.*Collected : //p' "$OUT/cg.txt"; }
  {
    echo "floor $(count "$BIN/weeklint-floor" --threads 1 .)"
    echo "weeklint $(count "$WL" check --offline --threads 1 --output-format concise)"
  } >"$OUT/instructions.txt"
fi

# Peak memory (max RSS, KiB) of weeklint on the corpus and on each stress file.
peak() { /usr/bin/time -f %M "$@" >/dev/null 2>"$OUT/time.txt" || true; tail -n 1 "$OUT/time.txt"; }
{
  echo "corpus $(cd "$CORPUS" && peak "$WL" check --offline)"
  # Every fix worked out and shown, nothing written: the texts must not
  # pile up until the end of the run.
  echo "corpus-diff $(cd "$CORPUS" && peak "$WL" check --offline --diff)"
  for f in "$STRESS"/*.md; do
    echo "$(basename "$f") $(peak "$WL" check --offline --select all "$f")"
  done
} >"$OUT/memory.txt"

stress_cmds=()
for f in "$STRESS"/*.md; do
  stress_cmds+=(-n "$(basename "$f")" "$WL check --output-format concise --select all --offline $f")
done
# Working out every fix of a shuffled log, writing nothing.
stress_cmds+=(-n "shuffled-20000.md --diff" "$WL check --diff --offline $STRESS/shuffled-20000.md")
hyperfine --style basic -N --warmup 1 --runs 3 -i --export-json "$OUT/stress.json" "${stress_cmds[@]}" >/dev/null

python3 bench/report.py "$OUT" "$CORPUS" "$STRESS"

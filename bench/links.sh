#!/usr/bin/env bash
# Cost of link checks: the bench corpus (weeklint-corpus, same seed) with
# and without 10,000 links in 1,000 of its files — to earlier entries, to
# other entries and their sections, to other journals, a few dead — the
# rest of the corpus the same bytes. Prints the ratio of CPU times
# (bench/cpu.py: medians of runs taken in turn).
#
# Usage: bench/links.sh [FILES] [LINKS] [ROUNDS]   (default 3000 10000 10)
set -euo pipefail
cd "$(dirname "$0")/.."

files=${1:-3000}
links=${2:-10000}
rounds=${3:-10}
cargo build --release --quiet -p weeklint -p weeklint-bench
bin=$PWD/target/release

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for mode in plain links; do
  n=0
  [ "$mode" = links ] && n=$links
  "$bin/weeklint-corpus" "$work/$mode" --files "$files" --seed 1 --links "$n" >/dev/null
  # Committed, so that linked files are looked up in the git index too.
  git -C "$work/$mode" init -q
  git -C "$work/$mode" add -A
  git -C "$work/$mode" -c user.name=bench -c user.email=bench@example.invalid commit -q -m corpus
done

export WEEKLINT_TODAY=2026-01-01
check="$bin/weeklint check --output-format concise --offline"
python3 bench/cpu.py "$work/cpu.json" "$rounds" "$work" \
  "plain=$check plain" "links=$check links" \
  "plain-1=$check --threads 1 plain" "links-1=$check --threads 1 links"
python3 - "$work/cpu.json" "$files" "$links" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
m = {k: v["median"] for k, v in d.items()}
print(f"{sys.argv[2]} files, {sys.argv[3]} links: CPU time with links / without")
print(f"  all threads: {m['links']:.3f} s / {m['plain']:.3f} s = {m['links'] / m['plain']:.3f}")
print(f"  one thread:  {m['links-1']:.3f} s / {m['plain-1']:.3f} s = {m['links-1'] / m['plain-1']:.3f}")
PY

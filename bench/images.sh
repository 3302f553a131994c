#!/usr/bin/env bash
# Cost of image checks: a journal with 5,000 image references into one
# folder of 5,000 files, against the same journal with plain text in their
# place. Prints the ratio of wall times (with images / without).
#
# Usage: bench/images.sh [N]   (N image references and files, default 5000)
set -euo pipefail

n=${1:-5000}
repo=$(cd "$(dirname "$0")/.." && pwd)
cargo build --release --quiet --manifest-path "$repo/Cargo.toml"
bin="$repo/target/release/weeklint"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Two journals of the same shape: one dated section per 5 references.
make_journal() { # $1 = folder, $2 = with|without
  local dir=$1 mode=$2 i day
  mkdir -p "$dir"
  {
    echo "# reading log"
    echo
    for ((i = 0; i < n; i++)); do
      if ((i % 5 == 0)); then
        # Newest first, one day apart.
        day=$(date -u -d "2023-12-31 - $((i / 5)) days" +%Y.%-m.%-d 2>/dev/null || echo "2023.1.1")
        printf '\n## %s\n\nnotes on paper %d, figures below\n\n' "$day" "$i"
      fi
      if [[ $mode == with ]]; then
        if ((i % 2 == 0)); then
          printf '<img src="pic/fig%05d.png" width="400" height="200">\n\n' "$i"
        else
          printf '![figure %d](pic/fig%05d.png)\n\n' "$i" "$i"
        fi
      else
        printf 'figure %05d: width 400, height 200, see the paper itself\n\n' "$i"
      fi
    done
  } >"$dir/README.md"
}

make_journal "$work/with" with
make_journal "$work/without" without
# The same tree in both: only the Markdown differs, so the walk costs the same.
for d in with without; do
  mkdir -p "$work/$d/pic"
  (cd "$work/$d/pic" && for ((i = 0; i < n; i++)); do printf 'x' >"$(printf 'fig%05d.png' "$i")"; done)
done

# Committed, so that dead-image also asks the git index.
for d in with without; do
  git -C "$work/$d" init -q
  git -C "$work/$d" add -A
  git -C "$work/$d" -c user.name=bench -c user.email=bench@example.invalid commit -q -m journal
done

# Both runs must be clean, or the comparison measures error printing.
for d in with without; do
  (cd "$work/$d" && "$bin" check --isolated --offline --output-format concise >/dev/null) || {
    echo "the $d journal is not clean:" >&2
    (cd "$work/$d" && "$bin" check --isolated --offline --output-format concise | tail -5) >&2
    exit 1
  }
done

# Run at the repository root, as a user or a hook would.
cmd_with="cd $work/with && $bin check --isolated --offline"
cmd_without="cd $work/without && $bin check --isolated --offline"

if command -v hyperfine >/dev/null; then
  hyperfine --warmup 5 --runs 50 --export-csv "$work/times.csv" \
    -n "with $n images" "$cmd_with" -n "without images" "$cmd_without"
  with=$(awk -F, 'NR == 2 { print $2 }' "$work/times.csv")
  without=$(awk -F, 'NR == 3 { print $2 }' "$work/times.csv")
else
  time_it() { # mean seconds of 20 runs
    local start end
    bash -c "$1" >/dev/null
    start=$(date +%s%N)
    for _ in $(seq 20); do bash -c "$1" >/dev/null; done
    end=$(date +%s%N)
    echo "scale=6; ($end - $start) / 20 / 1000000000" | bc
  }
  with=$(time_it "$cmd_with")
  without=$(time_it "$cmd_without")
  echo "with $n images: ${with} s   without images: ${without} s"
fi
awk -v a="$with" -v b="$without" 'BEGIN { printf "ratio (with images / without): %.2f\n", a / b }'

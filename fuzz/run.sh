#!/usr/bin/env bash
# Build every fuzz target and run each for a while:
#   fuzz/run.sh [SECONDS] [TARGET...]
# SECONDS defaults to 10 (a smoke run); targets default to all of them.
# FUZZ_SEED=N makes a run repeatable (CI sets it, so that a run on the
# same code finds the same things); unset, each run explores anew.
# Instrumented as cargo-fuzz does, on a stable toolchain: no cargo-fuzz and
# no nightly needed (libFuzzer comes with the libfuzzer-sys crate).
set -euo pipefail
cd "$(dirname "$0")"
seconds=${1:-10}
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(fix config git_index decode output paths)
fi
triple=$(rustc -vV | sed -n 's/^host: //p')
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-target}
# Only the fuzzed code is instrumented (`--target` keeps build scripts and
# proc macros out of it).
RUSTFLAGS="-Cpasses=sancov-module -Cllvm-args=-sanitizer-coverage-level=4 \
-Cllvm-args=-sanitizer-coverage-inline-8bit-counters \
-Cllvm-args=-sanitizer-coverage-pc-table \
-Cllvm-args=-sanitizer-coverage-trace-compares \
--cfg fuzzing -Cdebug-assertions -Coverflow-checks" \
  cargo build --release --target "$triple" --bins
for t in "${targets[@]}"; do
  mkdir -p "corpus/$t" "artifacts/$t"
  seeds=()
  [ -d "seeds/$t" ] && seeds=("seeds/$t")
  echo "== $t: ${seconds}s"
  "$CARGO_TARGET_DIR/$triple/release/$t" "corpus/$t" "${seeds[@]}" \
    -max_total_time="$seconds" -seed="${FUZZ_SEED:-0}" -max_len=65536 -rss_limit_mb=4096 \
    -artifact_prefix="artifacts/$t/" -print_final_stats=1 2>&1 |
    grep -E '^(stat::number_of_executed_units|stat::peak_rss_mb|==|SUMMARY|.*(panicked|ERROR))' || true
  # libFuzzer writes a crash-* file for each failure it finds.
  if compgen -G "artifacts/$t/crash-*" >/dev/null || compgen -G "artifacts/$t/oom-*" >/dev/null; then
    echo "fuzz target $t failed; inputs in fuzz/artifacts/$t/" >&2
    exit 1
  fi
done

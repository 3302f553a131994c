#!/usr/bin/env bash
# The "Run weeklint" step of action.yml, kept in a file so that the tests
# can run it. Environment:
#   WEEKLINT            the weeklint binary
#   INPUT_ARGS          paths and flags for `weeklint check`
#   INPUT_SARIF_FILE    write SARIF here too (empty: no SARIF)
#   INPUT_SUMMARY       "true": append the Markdown report to $GITHUB_STEP_SUMMARY
#   GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, RUNNER_TEMP   set by GitHub Actions
# Exits with weeklint's status.
set -uo pipefail
: "${WEEKLINT:?names the weeklint binary}"
INPUT_ARGS="${INPUT_ARGS:-}"

# Split like a shell, without running anything: xargs honours quotes.
args=()
if [ -n "${INPUT_ARGS//[[:space:]]/}" ]; then
  split="${RUNNER_TEMP:-/tmp}/weeklint-args.$$"
  if ! printf '%s' "$INPUT_ARGS" | xargs printf '%s\0' > "$split"; then
    echo "::error title=weeklint::cannot split the args input (an unmatched quote?): $INPUT_ARGS"
    exit 2
  fi
  while IFS= read -r -d '' arg; do args+=("$arg"); done < "$split"
  rm -f "$split"
fi

# `${args[@]+…}`: bash 3 (macOS) calls an empty array unbound.
if [ "${INPUT_SUMMARY:-true}" = "true" ] && [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
  "$WEEKLINT" check --output-format summary ${args[@]+"${args[@]}"} >> "$GITHUB_STEP_SUMMARY"
fi
if [ -n "${INPUT_SARIF_FILE:-}" ]; then
  "$WEEKLINT" check --output-format sarif ${args[@]+"${args[@]}"} > "$INPUT_SARIF_FILE"
fi
# Annotations last: this run's exit status is the step's.
status=0
"$WEEKLINT" check --output-format github ${args[@]+"${args[@]}"} || status=$?
if [ -n "${GITHUB_OUTPUT:-}" ]; then
  echo "exit-code=$status" >> "$GITHUB_OUTPUT"
fi
exit "$status"

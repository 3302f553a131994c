#!/usr/bin/env bash
# The "Download weeklint" step of action.yml: with a `version`, fetch the
# release's binary archive for this runner's OS and architecture, check its
# SHA-256 against the release's SHA256SUMS, and unpack it. Kept in a file so
# that the tests can run it against a local server. Environment:
#   INPUT_VERSION            the release: 0.2.0 or v0.2.0 (empty: build from source)
#   INPUT_BUILD_FROM_SOURCE  "true": do not download, build
#   WEEKLINT_RELEASES_URL    where releases are (default: GitHub's, for weeklint/weeklint)
#   RUNNER_OS, RUNNER_ARCH, RUNNER_TEMP, GITHUB_OUTPUT   set by GitHub Actions
# Writes `bin=PATH` to $GITHUB_OUTPUT when it installed the binary; writes
# nothing when the build steps should run instead: no version, asked to
# build, or no archive for this platform in the release. A download that
# fails or does not match its checksum is an error (exit 2): building in its
# place would hide it.
set -euo pipefail

version="${INPUT_VERSION:-}"
version="${version#v}"
if [ -z "$version" ]; then
  exit 0
fi
if [ "${INPUT_BUILD_FROM_SOURCE:-false}" = "true" ]; then
  echo "weeklint $version: building from source, as asked (build-from-source)"
  exit 0
fi

fail() {
  echo "::error title=weeklint::$*"
  exit 2
}

# The release archive for this runner, named by its Rust target.
libc=gnu
if [ "${RUNNER_OS:-}" = "Linux" ] && ! getconf GNU_LIBC_VERSION >/dev/null 2>&1; then
  libc=musl
fi
case "${RUNNER_OS:-}/${RUNNER_ARCH:-}" in
  Linux/X64) target="x86_64-unknown-linux-$libc" ;;
  Linux/ARM64) target="aarch64-unknown-linux-$libc" ;;
  macOS/X64) target="x86_64-apple-darwin" ;;
  macOS/ARM64) target="aarch64-apple-darwin" ;;
  Windows/X64) target="x86_64-pc-windows-msvc" ;;
  *) target="" ;;
esac
if [ -z "$target" ]; then
  echo "::notice title=weeklint::no weeklint release binary for ${RUNNER_OS:-?} ${RUNNER_ARCH:-?}; building $version from source"
  exit 0
fi
case "$target" in
  *windows*) asset="weeklint-$target.zip" exe=weeklint.exe ;;
  *) asset="weeklint-$target.tar.gz" exe=weeklint ;;
esac

base="${WEEKLINT_RELEASES_URL:-https://github.com/weeklint/weeklint/releases/download}/v$version"
dir="${RUNNER_TEMP:-/tmp}/weeklint-$version-$target"
rm -rf "$dir"
mkdir -p "$dir"

# fetch URL FILE: the HTTP status (000 when there was no answer).
fetch() {
  curl --silent --show-error --location --retry 3 --output "$2" --write-out '%{http_code}' "$1" || true
}

status=$(fetch "$base/SHA256SUMS" "$dir/SHA256SUMS")
if [ "$status" = "404" ]; then
  echo "::notice title=weeklint::release v$version has no SHA256SUMS (no binaries); building it from source"
  exit 0
elif [ "$status" != "200" ]; then
  fail "cannot download $base/SHA256SUMS (HTTP $status)"
fi
expected=$(awk -v name="$asset" '$2 == name || $2 == "*" name { print $1; exit }' "$dir/SHA256SUMS")
if [ -z "$expected" ]; then
  echo "::notice title=weeklint::release v$version has no $asset; building it from source"
  exit 0
fi

status=$(fetch "$base/$asset" "$dir/$asset")
[ "$status" = "200" ] || fail "cannot download $base/$asset (HTTP $status)"
if command -v sha256sum >/dev/null 2>&1; then
  actual=$(sha256sum "$dir/$asset" | cut -d' ' -f1)
else
  actual=$(shasum -a 256 "$dir/$asset" | cut -d' ' -f1)
fi
if [ "$actual" != "$expected" ]; then
  rm -f "$dir/$asset"
  fail "SHA-256 mismatch for $asset of weeklint v$version: SHA256SUMS says $expected, the download is $actual; not installing it"
fi

case "$asset" in
  *.zip)
    if command -v unzip >/dev/null 2>&1; then
      unzip -q -o "$dir/$asset" -d "$dir"
    else
      pwsh -NoProfile -Command "Expand-Archive -Force -LiteralPath '$dir/$asset' -DestinationPath '$dir'"
    fi
    ;;
  *) tar -xzf "$dir/$asset" -C "$dir" ;;
esac
bin="$dir/weeklint-$target/$exe"
[ -f "$bin" ] || fail "$asset has no weeklint-$target/$exe"
chmod +x "$bin"
reported=$("$bin" --version) || fail "the weeklint binary of $asset does not run on this runner"
case "$reported" in
  *" $version") ;;
  *) fail "$asset of release v$version holds $reported" ;;
esac
echo "$reported: $asset from release v$version, SHA-256 $actual"
echo "bin=$bin" >> "${GITHUB_OUTPUT:-/dev/null}"

#!/usr/bin/env bash
# README.md shows files of this directory verbatim: each fenced block right
# after a `<!-- file: PATH -->` line must equal PATH, so the quick start a
# user copies is the project CI builds (tests/consumer/run.sh).
set -euo pipefail
root=$(realpath "${1:-$(dirname "$0")/../..}")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
awk -v out="$tmp" '
  /^<!-- file: .* -->$/ { path = $3; want = 1; next }
  want && /^```/ { want = 0; inside = 1; n++; file = out "/" n; print path > (out "/paths"); next }
  inside && /^```$/ { inside = 0; close(file); next }
  inside { print > file }
' "$root/README.md"
[[ -s $tmp/paths ]] || { echo "README.md shows no files" >&2; exit 1; }
n=0 failed=0
while read -r path; do
  n=$((n + 1))
  if ! diff -u "$root/$path" "$tmp/$n" >&2; then
    echo "README.md's copy of $path differs from the file (above: file -> README)" >&2
    failed=1
  fi
done <"$tmp/paths"
((failed == 0)) && echo "README.md shows $n files verbatim"
exit $failed

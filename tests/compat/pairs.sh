#!/usr/bin/env bash
# pairs.sh check|update <ffidlc>
# `ffidlc compat base.ffidl NAME.ffidl` for every pair in pairs/, compared
# with (or written to) NAME.expected: the report and the exit code. Each
# pair is one rule of docs/evolution.md.
set -euo pipefail
mode=$1 ffidlc=$(realpath "$2")
cd "$(dirname "$0")/pairs"
status=0
for new in *.ffidl; do
  [[ $new == base.ffidl ]] && continue
  name=${new%.ffidl}
  set +e
  out=$("$ffidlc" compat base.ffidl "$new" 2>&1)
  code=$?
  set -e
  actual=$(printf '%s\nexit %s\n' "$out" "$code")
  if [[ $mode == update ]]; then
    printf '%s\n' "$actual" >"$name.expected"
  elif ! diff -u "$name.expected" <(printf '%s\n' "$actual"); then
    echo "pairs.sh: $name differs from $name.expected (run './dev golden' to refresh)" >&2
    status=1
  fi
done
exit $status

#!/usr/bin/env bash
# Runs one fuzz target over a copy of its corpus (the checked-in corpus is
# never modified by a run).
#   fuzz/run.sh TARGET CORPUS_DIR [libFuzzer flags...]
# e.g. for one minute:  fuzz/run.sh build-asan/fuzz/fuzz_frontend fuzz/corpus/frontend -max_total_time=60
# A crash writes crash-* here; add it to the corpus so the normal tests replay it.
set -euo pipefail
target=$1 corpus=$2
shift 2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r "$corpus"/. "$work"/
ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1} "$target" -max_len=65536 -timeout=10 -rss_limit_mb=2048 "$@" "$work"

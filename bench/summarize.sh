#!/usr/bin/env bash
# summarize.sh ROUNDTRIP.csv: the round-trip results as a Markdown table,
# one row per setup x wire x API: blocking latency from 1 thread (p50, p99,
# and p50 over the bare handoff's), blocking calls/s from 1 and 8 threads,
# and windowed throughput from 1 and 8 threads (with the matching handoff's
# throughput over ffidl's, i.e. how many times the limit's cost), and the
# CPU time and heap allocations per call of the blocking 1-thread run.
set -euo pipefail
awk -F, '
NR == 1 { next }
{
  key = $1 "|" $2 "|" $3
  if (!(key in seen)) { seen[key] = 1; order[n++] = key }
  if ($4 == "sync" && $5 == 1) { p50[key] = $8; p99[key] = $9; lat[key] = $11; s1[key] = $10; cpu[key] = $14; al[key] = $15 }
  if ($4 == "sync" && $5 == 8) { s8[key] = $10 }
  if ($4 ~ /^async/ && $5 == 1) { a1[key] = $10; ar1[key] = $12 }
  if ($4 ~ /^async/ && $5 == 8) { a8[key] = $10; ar8[key] = $12 }
}
END {
  print "| setup | wire | API | p50 µs (1 thr) | p99 µs | p50 ÷ handoff | CPU µs/call | allocs/call | sync calls/s 1 thr | 8 thr | async calls/s 1 thr | 8 thr | handoff ÷ ffidl (async 1 / 8 thr) |"
  print "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
  for (i = 0; i < n; ++i) {
    k = order[i]; split(k, f, "|")
    printf "| %s | %s | %s | %.1f | %.1f | %.2f | %.1f | %.1f | %.0f | %.0f | %.0f | %.0f | %.2f / %.2f |\n", \
      f[1], f[2], f[3], p50[k], p99[k], lat[k], cpu[k], al[k], s1[k], s8[k], a1[k], a8[k], ar1[k], ar8[k]
  }
}' "$1"

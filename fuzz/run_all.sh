#!/usr/bin/env bash
# run_all.sh [SECONDS]: runs every fuzz target for SECONDS (default 60) over
# its corpus, from the build-asan tree that `./dev test` builds.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
secs=${1:-60}
for target in frontend cbor fmt lsp; do
  echo "==> fuzz_$target for ${secs}s"
  "$here/run.sh" "$here/../build-asan/fuzz/fuzz_$target" "$here/corpus/$target" -max_total_time="$secs"
done

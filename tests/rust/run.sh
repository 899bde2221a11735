#!/usr/bin/env bash
# run.sh CARGO CRATE_DIR TESTS_DIR
# Checks the generated crate is rustfmt-clean and (where clippy is
# installed) clippy-clean, copies the tests in TESTS_DIR into its tests/,
# then runs `cargo test --offline` (warnings are errors).
set -euo pipefail
cargo=$1 crate=$2 tests=$3
cd "$crate"
# The crate as generated: without the tests an earlier run copied in.
for t in "$tests"/*.rs; do rm -f "tests/$(basename "$t")"; done
"$cargo" fmt --check
if "$cargo" clippy --version >/dev/null 2>&1; then
  RUSTFLAGS="-D warnings" "$cargo" clippy --offline --quiet --all-targets
else
  echo "run.sh: cargo clippy is not installed; skipping the clippy check" >&2
fi
cp "$tests"/*.rs tests/
RUSTFLAGS="-D warnings" "$cargo" test --offline --quiet

#!/usr/bin/env bash
# run.sh CARGO CRATE_DIR TESTS_DIR
# Checks the generated crate is rustfmt-clean, copies the tests in TESTS_DIR
# into its tests/, then runs `cargo test --offline` (warnings are errors).
set -euo pipefail
cargo=$1 crate=$2 tests=$3
cd "$crate"
"$cargo" fmt --check
cp "$tests"/*.rs tests/
RUSTFLAGS="-D warnings" "$cargo" test --offline --quiet

#!/usr/bin/env bash
# run.sh GO PKG_DIR TESTS_DIR
# Copies the tests in TESTS_DIR into the generated package PKG_DIR, checks
# the package is gofmt- and vet-clean, then runs `go test -race`.
set -euo pipefail
go=$1 pkg=$2 tests=$3
gofmt=$(dirname "$(readlink -f "$go")")/gofmt
cd "$pkg"
unformatted=$("$gofmt" -l .)
if [[ -n $unformatted ]]; then
  echo "generated Go is not gofmt-clean: $unformatted" >&2
  "$gofmt" -d . >&2
  exit 1
fi
cp "$tests"/*_test.go .
"$go" vet .
"$go" test -race -count=1 .

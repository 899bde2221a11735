#!/usr/bin/env bash
# textmate_test.sh <repository root> <work dir>: installs vscode-textmate and
# vscode-oniguruma from npm into <work dir> (once) and runs textmate_test.js.
# Exits 77 (CTest: skipped) when node, npm or the npm registry is missing,
# so an offline machine skips rather than fails.
set -uo pipefail
root=$1 work=$2
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "textmate_test: node or npm not found: skipped"
  exit 77
fi
mkdir -p "$work"
if [[ ! -f $work/node_modules/vscode-textmate/package.json || ! -f $work/node_modules/vscode-oniguruma/package.json ]]; then
  if ! (cd "$work" && timeout 300 npm install --no-audit --no-fund --silent \
          vscode-textmate@9 vscode-oniguruma@2 >/dev/null 2>&1); then
    echo "textmate_test: npm install failed (no registry?): skipped"
    exit 77
  fi
fi
exec node "$root/tests/editors/textmate_test.js" "$root" "$work/node_modules"

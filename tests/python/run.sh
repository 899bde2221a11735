#!/usr/bin/env bash
# run.sh PYTHON PACKAGE_DIR TESTS_DIR
# Checks the generated package with `mypy --strict` and flake8 (PEP 8 at 99
# columns; the stress schema's 120-character names cannot fit, so its lines
# may be longer), compares its ctypes mirrors with the C layout, then runs
# the pytest suite in TESTS_DIR against it (the package on PYTHONPATH, its
# library found beside it). Needs Debian's python3-mypy, python3-pytest and
# flake8.
set -euo pipefail
python=$1 pkg=$2 tests=$3
here=$(cd "$(dirname "$0")" && pwd)
name=$(basename "$pkg" -py)
cd "$pkg"
"$python" -m mypy --strict --no-incremental --cache-dir=/dev/null "$name"
long=()
[[ $name == stress ]] && long=(--extend-ignore=E501)
"$python" -m flake8 --max-line-length=99 "${long[@]}" "$name"
# The ctypes mirrors against the C header's layout, printed by the C program
# the Rust crate generated beside this package carries.
layout_c=$(dirname "$pkg")/$name-rs/tests/layout.c
if [[ -f $layout_c ]]; then
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  cc -std=c11 -o "$tmp/layout" "$layout_c"
  PYTHONDONTWRITEBYTECODE=1 PYTHONPATH=$pkg "$python" "$here/layout_check.py" "$name" "$tmp/layout"
fi
# No bytecode or pytest cache in the source tree; faulthandler dumps every
# thread's stack if a test hangs past the ctest timeout.
export PYTHONDONTWRITEBYTECODE=1 PYTHONPATH=$pkg:$here/common PYTHONFAULTHANDLER=1
"$python" -m pytest -q -p no:cacheprovider -o faulthandler_timeout=300 "$tests"

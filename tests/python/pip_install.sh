#!/usr/bin/env bash
# pip_install.sh PYTHON PACKAGE_DIR
# Installs a generated package (with the library ffidl_python_package copied
# into it) with pip, offline, into a fresh directory, and uses it from there
# alone: the folder is a complete, installable package.
set -euo pipefail
python=$1 pkg=$2
name=$(basename "$pkg" -py)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp -r "$pkg" "$tmp/src"  # pip builds in the tree it is given
"$python" -m pip install --quiet --no-index --no-build-isolation --no-deps \
  --target "$tmp/site" "$tmp/src" 2>&1 | grep -v "Running pip as the 'root' user" || true
cd "$tmp"
PYTHONPATH="$tmp/site" "$python" - "$name" "$tmp/site" <<'PY'
import importlib
import sys

name, site = sys.argv[1], sys.argv[2]
pkg = importlib.import_module(name)
loaded = pkg._ffi.lib._name
assert loaded.startswith(site), f"{name} loaded {loaded}, not the installed copy"
print(f"{name} installed with pip loads {loaded}")
PY

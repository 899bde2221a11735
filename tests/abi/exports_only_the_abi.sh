#!/usr/bin/env bash
# A built ffidl library exports its C ABI (<lib>_*) and nothing else.
# usage: exports_only_the_abi.sh LIBRARY.so PREFIX
set -euo pipefail
lib=$1 prefix=$2
extra=$(nm -D --defined-only "$lib" | awk '{print $3}' | grep -v "^${prefix}_" || true)
if [[ -n $extra ]]; then
  echo "$lib exports symbols outside its ABI:" >&2
  echo "$extra" | head -20 >&2
  exit 1
fi
count=$(nm -D --defined-only "$lib" | awk '{print $3}' | grep -c "^${prefix}_")
echo "$lib exports $count symbols, all ${prefix}_*"

#!/usr/bin/env bash
# Golden files: the generated output (and the --stub starting point) for
# every schema in schemas/, checked in under tests/golden/<schema>/.
#
#   golden.sh check  FFIDLC LANGS   regenerate into a temp dir; fail with a diff
#   golden.sh update FFIDLC LANGS   rewrite tests/golden/ (review the git diff)
set -euo pipefail
# ffidlc refuses output with a template variable left in it (Emitter::take).
export FFIDL_CHECK_TEMPLATES=1
mode=$1 ffidlc=$2 langs=$3
here=$(cd "$(dirname "$0")" && pwd)
schemas=$(cd "$here/../../schemas" && pwd)

status=0
for schema in "$schemas"/*.ffidl; do
  name=$(basename "$schema" .ffidl)
  if [[ $mode == update ]]; then
    rm -rf "${here:?}/$name"
    "$ffidlc" generate --lang "$langs" --stub --out "$here/$name" "$schema" 2>/dev/null
    echo "updated tests/golden/$name"
  else
    tmp=$(mktemp -d)
    "$ffidlc" generate --lang "$langs" --stub --out "$tmp/$name" "$schema" 2> >(grep -v "wrote stub" >&2)
    # A template variable left in the output ($lib$ in a doc comment was one);
    # the example schemas' own text has none.
    if grep -rnE '\$[a-z_]+\$' "$tmp/$name"; then
      echo "generated files for $name hold an unsubstituted template variable" >&2
      status=1
    fi
    if ! diff -ruN "$here/$name" "$tmp/$name"; then
      echo "golden files for $name are stale: run './dev golden' and review the diff" >&2
      status=1
    fi
    rm -rf "$tmp"
  fi
done
exit $status

#!/usr/bin/env bash
# compiler_scaling.sh FFIDLC OUT.csv
# Generates schemas of 100, 1 000 and 10 000 declarations (a quarter each
# enums, structs that use the earlier ones in chains of 500, procs and
# constants), and times
# `ffidlc check` and `ffidlc generate` for every language, with peak memory
# (GNU time). Prints a table and writes CSV; time per declaration staying
# flat is what linear growth looks like.
set -euo pipefail
ffidlc=$1 csv=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
langs=c,cpp,cpp-service,go,rust,json

make_schema() {  # N -> schema on stdout
  local n=$1 q=$(($1 / 4)) i
  echo "library scale { version = \"1.0.0\"; }"
  for ((i = 0; i < q; ++i)); do echo "enum E$i { a$i, b$i, c$i }"; done
  for ((i = 0; i < q; ++i)); do
    # Chains of 500: records nest at most 1000 levels deep.
    if ((i % 500 == 0)); then
      echo "struct S$i { name: string; tags: list<string>; }"
    else
      echo "struct S$i { prev: S$((i - 1)); e: E$((i % q)); m: map<string, list<S$((i - 1))>>; o: optional<f64>; }"
    fi
  done
  echo "ctor open();"
  for ((i = 0; i < q; ++i)); do echo "proc p$i(s: S$i, n: u32) -> list<S$i>;"; done
  for ((i = 0; i < q; ++i)); do echo "const K$i: i64 = $i;"; done
}

measure() {  # command... -> "seconds peak_kb"
  /usr/bin/time -f "%e %M" -o "$work/time" "$@" >/dev/null
  cat "$work/time"
}

echo "decls,step,seconds,peak_kb,us_per_decl" >"$csv"
printf '%-7s %-9s %9s %10s %12s\n' decls step seconds "peak MB" "us/decl"
for n in 100 1000 10000; do
  make_schema "$n" >"$work/scale.ffidl"
  for step in check generate; do
    if [[ $step == check ]]; then
      read -r secs kb < <(measure "$ffidlc" check "$work/scale.ffidl")
    else
      rm -rf "$work/out"
      read -r secs kb < <(measure "$ffidlc" generate --lang "$langs" --out "$work/out" "$work/scale.ffidl")
    fi
    us=$(awk -v s="$secs" -v n="$n" 'BEGIN { printf "%.1f", s * 1e6 / n }')
    printf '%-7s %-9s %9s %10.1f %12s\n' "$n" "$step" "$secs" "$(awk -v k="$kb" 'BEGIN { print k / 1024 }')" "$us"
    echo "$n,$step,$secs,$kb,$us" >>"$csv"
  done
done

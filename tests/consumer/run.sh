#!/usr/bin/env bash
# Builds this directory as a user's project, outside the ffidl tree, the way
# README.md's quick start says, and runs its five clients.
#
#   run.sh installed    <ffidl build dir> <ffidl source dir> <scratch dir>
#       cmake --install into <scratch>/prefix, then find_package(ffidl)
#   run.sh subdirectory <ffidl build dir> <ffidl source dir> <scratch dir>
#       add_subdirectory(<ffidl source>): builds ffidlc and the runtime, but
#       none of ffidl's tests or examples
set -euo pipefail
mode=$1 build=$(realpath "$2") src=$(realpath "$3") scratch=$4
export PATH=$PATH:${HOME:-/root}/.cargo/bin:/root/.cargo/bin
export CCACHE_NOHASHDIR=1  # reuse the main build's objects across build dirs
# Share the main build's Go cache: a fresh one recompiles the runtime of cgo.
export GOCACHE=${GOCACHE:-$build/go/cache}

rm -rf "$scratch"
mkdir -p "$scratch"
cp -r "$src/tests/consumer" "$scratch/app"  # a project that is not inside ffidl
rm "$scratch/app/run.sh"
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)

case $mode in
  installed)
    cmake --install "$build" --prefix "$scratch/prefix" >/dev/null
    # ffidlc runs from the prefix, with no source tree.
    "$scratch/prefix/bin/ffidlc" --version
    cmake -S "$scratch/app" -B "$scratch/build" -G Ninja "${launcher[@]}" \
      -DCMAKE_PREFIX_PATH="$scratch/prefix" >/dev/null
    cmake --build "$scratch/build"
    ;;
  subdirectory)
    cmake -S "$scratch/app" -B "$scratch/build" -G Ninja "${launcher[@]}" \
      -DCMAKE_BUILD_TYPE=RelWithDebInfo -DFFIDL_SOURCE_DIR="$src" >/dev/null
    if cmake --build "$scratch/build" --target help | grep -Eq 'e2e_tests|echo_c_client|runtime_tests'; then
      echo "add_subdirectory(ffidl) must not add ffidl's tests or examples" >&2
      exit 1
    fi
    cmake --build "$scratch/build"
    ;;
  *)
    echo "usage: run.sh installed|subdirectory <ffidl build> <ffidl source> <scratch>" >&2
    exit 2
    ;;
esac

check() {  # check <expected line> <program>
  local got
  got=$("$2")
  echo "$got"
  grep -qx "$1" <<<"$got" || { echo "expected '$1' from $2" >&2; exit 1; }
}
check "Hello, C!" "$scratch/build/greeter_c"
check "Hello, C++!" "$scratch/build/greeter_cpp"
check "Hello, Go!" "$scratch/build/go-bin/greeter_go_client"
check "Hello, Rust!" "$scratch/build/cargo-target/release/greeter_rust_client"
python_client() { PYTHONPATH="$scratch/build/greeter-py" /usr/bin/python3 "$scratch/app/python_client/main.py"; }
check "Hello, Python!" python_client
echo "consumer ($mode): all five clients ran"

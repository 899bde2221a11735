#!/usr/bin/env bash
# The Go package and the Rust crate generated from echo_field_inserted.ffidl
# must refuse the libecho.so built from schemas/echo.ffidl with an error
# that names both ABI hashes, before any call reaches the library.
#   bindings_refuse.sh <ffidlc> <dir of libecho.so> <scratch dir>
set -euo pipefail
ffidlc=$1 libdir=$(realpath "$2") scratch=$3 here=$(cd "$(dirname "$0")" && pwd)
export PATH=$PATH:${HOME:-/root}/.cargo/bin:/root/.cargo/bin
rm -rf "$scratch"
mkdir -p "$scratch"
"$ffidlc" generate --lang go,rust --out "$scratch" "$here/echo_field_inserted.ffidl"

# Go: a program against the changed package.
mkdir -p "$scratch/goprog"
cat >"$scratch/goprog/go.mod" <<'MOD'
module goprog

go 1.19

require echo v0.0.0
MOD
cat >"$scratch/goprog/main.go" <<'GO'
package main

import (
	"fmt"
	"os"

	"echo"
)

func main() {
	if _, err := echo.New(echo.EchoConfig{Shards: 7, Prefix: "> "}); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("New accepted a library of another ABI")
	os.Exit(1)
}
GO
printf 'go 1.19\n\nuse (\n\t%s\n\t%s\n)\n' "$scratch/echo" "$scratch/goprog" >"$scratch/go.work"
out=$(cd "$scratch/goprog" && GOWORK="$scratch/go.work" GOPROXY=off GOFLAGS= \
  GOCACHE=${GOCACHE:-$scratch/gocache} CGO_LDFLAGS="-L$libdir -Wl,-rpath,$libdir" go run .)
echo "Go: $out"
grep -q "echo: this package was generated from echo 0.1.0 (ABI hash .*) but the loaded library is echo 0.1.0 (ABI hash .*): ctor open differs; regenerate the package" <<<"$out"

# Rust: a program against the changed crate.
mkdir -p "$scratch/rsprog/src"
cat >"$scratch/rsprog/Cargo.toml" <<'TOML'
[package]
name = "rsprog"
version = "0.1.0"
edition = "2021"
publish = false

[dependencies]
echo = { path = "../echo-rs" }
TOML
cat >"$scratch/rsprog/src/main.rs" <<'RS'
fn main() {
    let config = echo::EchoConfig { shards: 7, prefix: "> ".into() };
    match echo::Client::new(&config) {
        Err(e) => println!("{e}"),
        Ok(_) => {
            println!("new accepted a library of another ABI");
            std::process::exit(1);
        }
    }
}
RS
out=$(ECHO_LIB_DIR="$libdir" LD_LIBRARY_PATH="$libdir" CARGO_TARGET_DIR="$scratch/target" \
  cargo run --offline --quiet --manifest-path "$scratch/rsprog/Cargo.toml")
echo "Rust: $out"
grep -q "this crate was generated from echo 0.1.0 (ABI hash .*) but the loaded library is echo 0.1.0 (ABI hash .*): ctor open differs; regenerate the crate" <<<"$out"
echo "both bindings refused the mismatched library"

# A package and a crate generated from a schema with fewer functions than the
# library (echo_proc_removed.ffidl lacks `count`) are accepted and work.
"$ffidlc" generate --lang go,rust --out "$scratch/fewer" "$here/echo_proc_removed.ffidl"
cat >"$scratch/goprog/main.go" <<'GO'
package main

import (
	"fmt"
	"os"

	"echo"
)

func main() {
	c, err := echo.New(echo.EchoConfig{Prefix: "> "})
	if err != nil {
		fmt.Println(err)
		os.Exit(1)
	}
	defer c.Close()
	said, err := c.Say("x")
	fmt.Println(said, err)
}
GO
printf 'go 1.19\n\nuse (\n\t%s\n\t%s\n)\n' "$scratch/fewer/echo" "$scratch/goprog" >"$scratch/go.work"
out=$(cd "$scratch/goprog" && GOWORK="$scratch/go.work" GOPROXY=off GOFLAGS= \
  GOCACHE=${GOCACHE:-$scratch/gocache} CGO_LDFLAGS="-L$libdir -Wl,-rpath,$libdir" go run .)
echo "Go (fewer functions): $out"
[[ $out == "> x <nil>" ]]
sed -i "s|path = \"../echo-rs\"|path = \"../fewer/echo-rs\"|" "$scratch/rsprog/Cargo.toml"
cat >"$scratch/rsprog/src/main.rs" <<'RS'
fn main() {
    let config = echo::EchoConfig { prefix: "> ".into() };
    let client = echo::Client::new(&config).expect("the library is accepted");
    println!("{}", client.say("x").expect("say works"));
}
RS
out=$(ECHO_LIB_DIR="$libdir" LD_LIBRARY_PATH="$libdir" CARGO_TARGET_DIR="$scratch/target" \
  cargo run --offline --quiet --manifest-path "$scratch/rsprog/Cargo.toml")
echo "Rust (fewer functions): $out"
[[ $out == "> x" ]]
echo "both bindings accepted a library with more functions than they know"

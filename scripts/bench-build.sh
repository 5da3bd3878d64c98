#!/usr/bin/env bash
# Builds the geo core with the `bench` feature for the benchmark page
# (make bench): target/bench/pkg, built as we ship (release profile: opt-level
# "z", LTO, then npm binaryen 132's wasm-opt with the level and parameters of
# index.html's rust link, as Trunk does) and, with BENCH_O3=1, target/bench/pkg-o3 (the same code at opt-level 3
# and wasm-opt -O3, for comparison only).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"

say() { printf '\033[1m[bench-build]\033[0m %s\n' "$*"; }

say "cargo build --release (opt-level z, as shipped) --features bench"
cargo rustc --release --target wasm32-unknown-unknown --lib --crate-type cdylib --features bench
wasm-bindgen --target web --no-typescript --out-dir target/bench/pkg \
  target/wasm32-unknown-unknown/release/qikai_map.wasm
# The shipped flags, read from index.html: data-wasm-opt="s" data-wasm-opt-params="...".
opt_level=$(sed -n 's/.*rel="rust"[^>]*data-wasm-opt="\([^"]*\)".*/\1/p' index.html)
opt_params=$(sed -n 's/.*rel="rust"[^>]*data-wasm-opt-params="\([^"]*\)".*/\1/p' index.html)
[ -n "$opt_level" ] || { echo "bench-build: no data-wasm-opt on index.html's rust link" >&2; exit 1; }
# shellcheck disable=SC2086 # the parameters are words
wasm-opt "-O$opt_level" $opt_params target/bench/pkg/qikai_map_bg.wasm -o target/bench/pkg/qikai_map_bg.wasm

if [ "${BENCH_O3:-0}" = "1" ]; then
  say "cargo build --release with opt-level 3 into target/bench-o3 (comparison only)"
  CARGO_PROFILE_RELEASE_OPT_LEVEL=3 CARGO_TARGET_DIR=target/bench-o3 \
    cargo rustc --release --target wasm32-unknown-unknown --lib --crate-type cdylib --features bench
  wasm-bindgen --target web --no-typescript --out-dir target/bench/pkg-o3 \
    target/bench-o3/wasm32-unknown-unknown/release/qikai_map.wasm
  wasm-opt -O3 target/bench/pkg-o3/qikai_map_bg.wasm -o target/bench/pkg-o3/qikai_map_bg.wasm
else
  rm -rf target/bench/pkg-o3
fi
say "done: target/bench/pkg$([ "${BENCH_O3:-0}" = "1" ] && echo ' and target/bench/pkg-o3')"

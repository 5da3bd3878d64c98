#!/usr/bin/env bash
# make fuzz: runs each libFuzzer target for a set time (FUZZ_SECONDS, default
# 120 for the loaders and 90 for the parsers), seeded from tests/fixtures, and
# prints the executions per target and in total. Not part of make test.
# cargo fuzz needs nightly flags; RUSTC_BOOTSTRAP=1 lets the stable toolchain
# (the only one here) accept them.
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
export RUSTC_BOOTSTRAP=1
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked --version 0.13.2
for seeded in load_geojson stream_loader; do
  mkdir -p corpus/$seeded
  cp ../tests/fixtures/*.geojson ../tests/fixtures/*.json ../public/data/qikai-map.geojson corpus/$seeded/ 2>/dev/null || true
done
total=0
for spec in "load_geojson:${FUZZ_SECONDS:-120}:8192" "stream_loader:${FUZZ_SECONDS:-120}:8192" "permalink:${FUZZ_SECONDS:-90}:2048" "messages:${FUZZ_SECONDS:-90}:4096" "options:${FUZZ_SECONDS:-90}:2048"; do
  IFS=: read -r target seconds max_len <<<"$spec"
  log=$(cargo fuzz run -O "$target" -- -max_total_time="$seconds" -max_len="$max_len" 2>&1) || {
    echo "$log" | tail -30
    echo "fuzz: $target FAILED (crash input in fuzz/artifacts/$target; add it as a regression test)"
    exit 1
  }
  runs=$(echo "$log" | sed -n 's/^Done \([0-9]*\) runs.*/\1/p' | tail -1)
  echo "fuzz: $target: ${runs:-0} executions in ${seconds}s, no crash"
  total=$((total + ${runs:-0}))
done
echo "fuzz: total ${total} executions, 0 crashes"

#!/usr/bin/env bash
# Installs what building (and, with --test, testing) qikai-map needs, skipping
# whatever is already there at the right version. Idempotent; no downloads
# outside the package registries (crates, npm, Debian).
set -euo pipefail
cd "$(dirname "$0")/.."

# --test: also what the tests need; --size: also what `make size` needs.
want_test=false
want_size=false
for arg in "$@"; do
  case "$arg" in
    --test) want_test=true ;;
    --size) want_size=true ;;
    *) echo "install-tools: unknown option $arg" >&2; exit 2 ;;
  esac
done

TRUNK_VERSION=0.21.14
TWIGGY_VERSION=0.8.0
# wasm-split-cli: cuts the wasm into the first view's module and lazily loaded
# chunks (scripts/split_wasm.py, the post-build hook of the split build).
WASM_SPLIT_VERSION=0.2.4
WBG_VERSION=$(awk '/^name = "wasm-bindgen"$/ {getline; gsub(/version = |"/, ""); print; exit}' Cargo.lock)
[ -n "$WBG_VERSION" ] || { echo "install-tools: wasm-bindgen not found in Cargo.lock" >&2; exit 1; }
if ! grep -q "wasm_bindgen = \"$WBG_VERSION\"" Trunk.toml; then
  echo "install-tools: Trunk.toml pins a wasm_bindgen other than Cargo.lock's $WBG_VERSION" >&2; exit 1
fi

say() { printf '\033[1m[tools]\033[0m %s\n' "$*"; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"; rustup target add wasm32-unknown-unknown
fi
for comp in rustfmt clippy; do
  if ! rustup component list --installed | grep -q "^$comp"; then say "adding $comp"; rustup component add "$comp"; fi
done

if [ "$(trunk --version 2>/dev/null | awk '{print $2}')" != "$TRUNK_VERSION" ]; then
  say "installing trunk $TRUNK_VERSION (about 17 minutes on 2 cores)"
  cargo install --locked trunk --version "$TRUNK_VERSION"
fi
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WBG_VERSION" ]; then
  # Not --locked: one of its locked dependencies is missing from the registry.
  say "installing wasm-bindgen-cli $WBG_VERSION"
  cargo install --force wasm-bindgen-cli --version "$WBG_VERSION"
fi

if ! cargo install --list | grep -q "^wasm_split_cli_support v$WASM_SPLIT_VERSION:"; then
  say "installing wasm-split-cli (wasm_split_cli_support $WASM_SPLIT_VERSION, about 3 minutes)"
  cargo install --locked wasm_split_cli_support --version "$WASM_SPLIT_VERSION" --features build-binary
fi

# npm packages: binaryen 132's wasm-opt and esbuild for the build, playwright-core for tests.
stamp=node_modules/.package-lock-stamp
if [ ! -x node_modules/.bin/wasm-opt ] || [ ! -x node_modules/.bin/esbuild ] || [ ! -f "$stamp" ] || ! cmp -s package-lock.json "$stamp"; then
  say "npm ci"
  npm ci --no-audit --no-fund
  cp package-lock.json "$stamp"
fi

if $want_test; then
  missing=()
  command -v chromium >/dev/null || missing+=(chromium)
  command -v chromedriver >/dev/null || missing+=(chromium-driver)
  # CJK glyphs for screenshots; a small font.
  fc-list 2>/dev/null | grep -qi "wenquanyi\|noto sans cjk" || missing+=(fonts-wqy-microhei)
  if [ ${#missing[@]} -gt 0 ]; then
    say "apt-get install ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq "${missing[@]}"
  fi
fi
if $want_size; then
  if [ "$(twiggy --version 2>/dev/null | awk '{print $2}')" != "$TWIGGY_VERSION" ]; then
    say "installing twiggy $TWIGGY_VERSION (about 1 minute)"
    cargo install --locked twiggy --version "$TWIGGY_VERSION"
  fi
  if ! command -v brotli >/dev/null; then
    say "apt-get install brotli"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq brotli
  fi
fi
# The project's own crates (dev-dependencies too): the lint's licence check
# reads `cargo metadata --offline`, which fails on a machine that has never
# fetched them (seen on a fresh machine: `cast`, a criterion dependency).
# Quick when they are there.
cargo fetch --locked --quiet
say "tools ready"
